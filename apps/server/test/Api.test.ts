import { StoreError } from "@zaitaku/core"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeApp } from "../src/App.js"
import { fakeDatabase, makeRuntime, memoryLayer } from "../src/AppLayer.js"
import { silentLogger } from "../src/Log.js"
import { docsScriptPath } from "../src/routes/Docs.js"
import { isolationSuite } from "./isolation.js"
import { bearer, makeWorld, type World } from "./support.js"

isolationSuite("memory", async () => memoryLayer())

const expectProblem = async (response: Response, status: number) => {
  expect(response.status).toBe(status)
  expect(response.headers.get("content-type")).toBe("application/problem+json")
  const body = await response.json()
  expect(body).toMatchObject({ status, instance: expect.any(String), requestId: expect.any(String) })
  for (const field of ["type", "title", "detail", "title_ja", "detail_ja"]) {
    expect(typeof body[field]).toBe("string")
    expect(body[field].length).toBeGreaterThan(0)
  }
  expect(body.type).toMatch(/^https:\/\/zaitaku\.dev\/problems\//)
  expect(body.requestId).toBe(response.headers.get("x-request-id"))
  return body
}

describe("the HTTP API on memory stores", () => {
  let w: World
  beforeAll(async () => {
    w = await makeWorld(memoryLayer(), { bodyLimit: 64 * 1024 })
  })
  afterAll(async () => {
    await w.runtime.dispose()
  })

  const post = (path: string, secret: string, body: string, contentType = "application/json") =>
    w.app.request(path, { method: "POST", headers: { ...bearer(secret), "Content-Type": contentType }, body })

  describe("operations", () => {
    it("answers /healthz without touching the database", async () => {
      const response = await w.app.request("/healthz")
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ status: "ok" })
    })

    it("answers /readyz 200 when the database answers and nothing is pending", async () => {
      const response = await w.app.request("/readyz")
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ status: "ready", database: "ok", migrations: { pending: 0 } })
    })

    it("answers /readyz 503 when migrations are pending or the database is down", async () => {
      const pending = makeRuntime(memoryLayer({ database: fakeDatabase({ applied: 1, pending: 1 }) }))
      const down = makeRuntime(
        memoryLayer({
          database: fakeDatabase(undefined, Effect.fail(new StoreError({ operation: "ping", cause: "secret-host" }))),
        }),
      )
      try {
        const notMigrated = await makeApp({ runtime: pending, logger: silentLogger }).request("/readyz")
        expect(await expectProblem(notMigrated, 503)).toMatchObject({ migrations: { applied: 1, pending: 1 } })
        const unreachable = await makeApp({ runtime: down, logger: silentLogger }).request("/readyz")
        const body = await expectProblem(unreachable, 503)
        expect(body.database).toBe("unavailable")
        expect(JSON.stringify(body)).not.toContain("secret-host")
      } finally {
        await pending.dispose()
        await down.dispose()
      }
    })
  })

  describe("authentication", () => {
    it("answers 401 with a Bearer challenge to a request without a key", async () => {
      const response = await w.app.request("/v1/tenants/me")
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="zaitaku"')
      const body = await expectProblem(response, 401)
      expect(body.detail).toContain("Authorization")
    })

    it.each([
      ["a Basic credential", "Basic dXNlcjpwYXNz"],
      ["an empty bearer", "Bearer "],
      ["a short secret", "Bearer short"],
      ["a secret with bad characters", `Bearer zk_${"é".repeat(30)}`],
      ["two tokens", "Bearer zk_aaaaaaaaaaaaaaaaaaaaaaaaaaaa zk_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"],
      ["an unknown key", "Bearer zk_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG"],
    ])("answers 401 to %s", async (_, header) => {
      const response = await w.app.request("/v1/tenants/me", { headers: { Authorization: header } })
      await expectProblem(response, 401)
      expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"')
    })

    it("accepts the scheme name in any case", async () => {
      const response = await w.app.request("/v1/tenants/me", { headers: { Authorization: `bearer ${w.a.viewer}` } })
      expect(response.status).toBe(200)
    })
  })

  describe("permissions", () => {
    it.each([
      ["GET", "/v1/audit"],
      ["GET", "/v1/audit/verify"],
      ["GET", "/v1/api-keys"],
    ])("answers 403 to a viewer on %s %s", async (method, path) => {
      const response = await w.app.request(path, { method, headers: bearer(w.a.viewer) })
      const body = await expectProblem(response, 403)
      expect(body.detail).toContain("viewer")
      expect(body.detail_ja).toContain("閲覧者")
    })

    it("answers 403 to a viewer creating a key, before looking at the body", async () => {
      await expectProblem(await post("/v1/api-keys", w.a.viewer, JSON.stringify({ role: "viewer" })), 403)
      await expectProblem(await post("/v1/api-keys", w.a.viewer, '{"role": "no-such-role"}'), 403)
      await expectProblem(await post("/v1/api-keys", w.a.viewer, "{not json"), 403)
    })

    it("lets a viewer read its tenant with its areas", async () => {
      const response = await w.app.request("/v1/tenants/me", { headers: bearer(w.a.viewer) })
      const tenant = await response.json()
      expect(tenant).toMatchObject({ code: "022039", kind: "municipality", name: { ja: "八戸市" } })
      expect(tenant.areas[0]).toMatchObject({ kind: "wide_area_partnership", code: "hachinohe-area" })
      expect(tenant.areas[0].members).toHaveLength(8)
    })
  })

  describe("bad requests", () => {
    it("answers 400 with field pointers and ja/en messages to a body with wrong types and an unknown role", async () => {
      const body = await expectProblem(
        await post("/v1/api-keys", w.a.admin, JSON.stringify({ role: "king", label: 5 })),
        400,
      )
      expect(body.type).toBe("https://zaitaku.dev/problems/validation")
      expect(body.errors).toEqual([
        expect.objectContaining({ in: "body", pointer: "/role", path: ["role"], code: "invalid_value" }),
        expect.objectContaining({ in: "body", pointer: "/label", path: ["label"], code: "invalid_type" }),
      ])
      for (const error of body.errors) {
        expect(error.message.ja.length).toBeGreaterThan(0)
        expect(error.message.en.length).toBeGreaterThan(0)
      }
      expect(body.errors[1].message.en).toContain("received number")
    })

    it("answers 400 to malformed JSON", async () => {
      const body = await expectProblem(await post("/v1/api-keys", w.a.admin, '{"role": "viewer"'), 400)
      expect(body.type).toBe("https://zaitaku.dev/problems/malformed-body")
    })

    it.each(["null", "[]", '"viewer"', "42", "{}"])("answers 400 to the body %s", async (text) => {
      const body = await expectProblem(await post("/v1/api-keys", w.a.admin, text), 400)
      expect(body.errors.length).toBeGreaterThan(0)
    })

    it("answers 415 to a body that is not JSON", async () => {
      await expectProblem(
        await post("/v1/api-keys", w.a.admin, "role=viewer", "application/x-www-form-urlencoded"),
        415,
      )
      await expectProblem(await post("/v1/api-keys", w.a.admin, "role: viewer", "text/yaml"), 415)
    })

    it("answers 413 to a body over the limit", async () => {
      const huge = JSON.stringify({ role: "viewer", label: "x".repeat(100 * 1024) })
      const body = await expectProblem(await post("/v1/api-keys", w.a.admin, huge), 413)
      expect(body.detail).toContain(String(64 * 1024))
    })

    it("answers 400 to a label over 200 characters", async () => {
      const body = await expectProblem(
        await post("/v1/api-keys", w.a.admin, JSON.stringify({ role: "viewer", label: "x".repeat(201) })),
        400,
      )
      expect(body.errors[0]).toMatchObject({ pointer: "/label", code: "too_big" })
    })

    it("answers 400 to bad path and query parameters", async () => {
      const id = await expectProblem(await w.app.request("/v1/audit/not-a-uuid", { headers: bearer(w.a.admin) }), 400)
      expect(id.errors[0]).toMatchObject({ in: "path", pointer: "/id" })
      const limit = await expectProblem(
        await w.app.request("/v1/audit?limit=9999", { headers: bearer(w.a.admin) }),
        400,
      )
      expect(limit.errors[0]).toMatchObject({ in: "query", pointer: "/limit", code: "too_big" })
      const cursor = await expectProblem(
        await w.app.request("/v1/audit?cursor=abc", { headers: bearer(w.a.admin) }),
        400,
      )
      expect(cursor.errors[0]).toMatchObject({ in: "query", pointer: "/cursor" })
    })

    it("answers 404 problems to unknown routes and 405 with Allow to a wrong method", async () => {
      await expectProblem(await w.app.request("/v1/nothing-here", { headers: bearer(w.a.admin) }), 404)
      await expectProblem(await w.app.request("/nothing"), 404)
      const response = await w.app.request("/v1/tenants/me", { method: "POST" })
      await expectProblem(response, 405)
      expect(response.headers.get("allow")).toBe("GET, HEAD")
    })
  })

  describe("api keys", () => {
    it("creates a key (201, secret once) that authenticates with its role, and lists it without the secret", async () => {
      const response = await post("/v1/api-keys", w.a.admin, JSON.stringify({ role: "care_manager", label: "居宅A" }))
      expect(response.status).toBe(201)
      const created = await response.json()
      expect(created.secret).toMatch(/^zk_/)
      expect(created.key).toMatchObject({ role: "care_manager", label: "居宅A", tenantId: w.a.tenant.id })
      expect((await w.app.request("/v1/tenants/me", { headers: bearer(created.secret) })).status).toBe(200)
      const list = await (await w.app.request("/v1/api-keys", { headers: bearer(w.a.admin) })).json()
      expect(list.keys.map((key: { id: string }) => key.id)).toContain(created.key.id)
      expect(JSON.stringify(list)).not.toContain(created.secret)
    })

    it("records key creation once (by the store), not twice", async () => {
      const response = await post("/v1/api-keys", w.a.admin, JSON.stringify({ role: "viewer", label: "count me" }))
      const { key } = await response.json()
      const audit = await (await w.app.request("/v1/audit?limit=500", { headers: bearer(w.a.admin) })).json()
      const entries = audit.entries.filter(
        (entry: { action: string; target: { id: string } }) =>
          entry.action === "api_key.create" && entry.target.id === key.id,
      )
      expect(entries).toHaveLength(1)
    })
  })

  describe("audit trail", () => {
    it("pages newest first with a cursor and reports the chain", async () => {
      const first = await (await w.app.request("/v1/audit?limit=2", { headers: bearer(w.a.admin) })).json()
      expect(first.entries).toHaveLength(2)
      expect(first.entries[0].seq).toBeGreaterThan(first.entries[1].seq)
      expect(first.nextCursor).not.toBeNull()
      expect(first.chain).toMatchObject({ valid: true, problems: [] })
      const second = await (
        await w.app.request(`/v1/audit?limit=2&cursor=${first.nextCursor}`, { headers: bearer(w.a.admin) })
      ).json()
      expect(second.entries[0].seq).toBeLessThan(first.entries[1].seq)
    })

    it("records audit.read and audit.verify entries", async () => {
      const verify = await w.app.request("/v1/audit/verify", { headers: bearer(w.a.admin) })
      expect(await verify.json()).toMatchObject({ valid: true })
      const audit = await (await w.app.request("/v1/audit?limit=500", { headers: bearer(w.a.admin) })).json()
      const actions = audit.entries.map((entry: { action: string }) => entry.action)
      expect(actions).toContain("audit.verify")
      expect(actions).toContain("audit.read")
      const one = await w.app.request(`/v1/audit/${audit.entries[0].id}`, { headers: bearer(w.a.admin) })
      expect(one.status).toBe(200)
      expect((await one.json()).id).toBe(audit.entries[0].id)
    })

    it("answers 404 to a well-formed id that does not exist", async () => {
      const body = await expectProblem(
        await w.app.request("/v1/audit/01912345-6789-7abc-8def-0123456789ab", { headers: bearer(w.a.admin) }),
        404,
      )
      expect(body.detail_ja).toContain("見つかりません")
    })
  })

  describe("request ids and logs", () => {
    it("echoes a safe X-Request-Id and replaces an unsafe one", async () => {
      const echoed = await w.app.request("/healthz", { headers: { "X-Request-Id": "abc-123_X.y" } })
      expect(echoed.headers.get("x-request-id")).toBe("abc-123_X.y")
      for (const unsafe of ["has space", "x".repeat(129), "<script>", "ä"]) {
        const replaced = await w.app.request("/healthz", { headers: { "X-Request-Id": unsafe } })
        expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/)
      }
    })

    it("logs one JSON line per request with the tenant and never the key", async () => {
      const before = w.logs.length
      await w.app.request("/v1/tenants/me", { headers: { ...bearer(w.a.viewer), "X-Request-Id": "log-test-1" } })
      const lines = w.logs.slice(before)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatchObject({
        level: "info",
        msg: "request",
        requestId: "log-test-1",
        method: "GET",
        path: "/v1/tenants/me",
        status: 200,
        tenantId: w.a.tenant.id,
        durationMs: expect.any(Number),
        time: expect.any(String),
      })
      expect(JSON.stringify(w.logs)).not.toContain(w.a.viewer)
      expect(JSON.stringify(w.logs)).not.toContain(w.a.admin)
    })
  })

  describe("API reference", () => {
    it("serves an OpenAPI 3.1 document with the bearer scheme and every route", async () => {
      const response = await w.app.request("/openapi.json")
      expect(response.status).toBe(200)
      const document = await response.json()
      expect(document.openapi).toBe("3.1.0")
      expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" })
      for (const path of [
        "/healthz",
        "/readyz",
        "/v1/tenants/me",
        "/v1/audit",
        "/v1/audit/{id}",
        "/v1/api-keys",
        "/v1/api-keys/{id}",
      ]) {
        expect(document.paths).toHaveProperty([path])
      }
      expect(document.paths["/v1/tenants/me"].get.security).toEqual([{ bearerAuth: [] }])
      expect(Object.keys(document.components.schemas)).toEqual(
        expect.arrayContaining(["Tenant", "ApiKey", "NewApiKey", "AuditEntry", "Problem", "ProblemFieldError"]),
      )
      expect(document.paths["/v1/tenants/me"].get.responses["200"].content["application/json"].schema).toEqual({
        $ref: "#/components/schemas/Tenant",
      })
      expect(document.paths["/v1/api-keys"].post.responses["400"].content).toHaveProperty(["application/problem+json"])
      expect(document.components.schemas.Problem.required).toEqual(
        expect.arrayContaining(["type", "title", "status", "detail", "instance", "requestId", "title_ja", "detail_ja"]),
      )
    })

    it("serves /docs with same-origin scripts only, and the script itself", async () => {
      const page = await w.app.request("/docs")
      expect(page.status).toBe(200)
      const html = await page.text()
      const sources = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1])
      expect(sources).toEqual([docsScriptPath])
      expect(html).not.toMatch(/https?:\/\//)
      expect(html).toContain('data-url="/openapi.json"')
      expect(page.headers.get("content-security-policy")).toContain("script-src 'self'")
      const script = await w.app.request(docsScriptPath)
      expect(script.status).toBe(200)
      expect(script.headers.get("content-type")).toContain("text/javascript")
      expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
    })
  })
})
