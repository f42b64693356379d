import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { memoryLayer } from "../src/AppLayer.js"
import { makeWorld, type World } from "./support.js"

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

describe("fuzzing malformed requests", () => {
  let w: World
  beforeAll(async () => {
    w = await makeWorld(memoryLayer(), { bodyLimit: 16 * 1024 })
  })
  afterAll(async () => {
    await w.runtime.dispose()
  })

  it("never answers 5xx, and every error is problem+json", async () => {
    const next = random(20261122)
    const pick = <T>(items: ReadonlyArray<T>): T => items[Math.floor(next() * items.length)]!
    const junk = (length: number) =>
      Array.from({ length }, () => String.fromCharCode(Math.floor(next() * 0x2fff))).join("")
    /** Header values are byte strings: printable Latin-1 only. */
    const junkHeader = (length: number) =>
      Array.from({ length }, () => String.fromCharCode(0x21 + Math.floor(next() * (0xff - 0x21)))).join("")
    const paths = [
      "/v1/api-keys",
      "/v1/api-keys/",
      "/v1/api-keys/00000000-0000-7000-8000-000000000001",
      "/v1/api-keys/%00",
      "/v1/audit",
      "/v1/audit/verify",
      "/v1/audit/../../etc/passwd",
      "/v1/audit/%E0%A4%A",
      "/v1/tenants/me",
      "/v1/tenants/me?limit=-1",
      "/v1/audit?limit=abc&cursor=%FF",
      "/v1/audit?limit=1e9",
      "/v1/audit?cursor=0",
      "/v1/audit?cursor=99999999999999999999",
      "/healthz",
      "/readyz",
      "/openapi.json",
      "/docs",
      "//",
      "/v1",
      "/v2/anything",
    ]
    const bodies = [
      () => "",
      () => "{",
      () => "null",
      () => "[]",
      () => "true",
      () => '{"role":null}',
      () => '{"role":"tenant_admin","label":{}}',
      () => '{"role":"viewer","label":"x","extra":[1,2,3]}',
      () => `{"role":"${junk(5)}"}`,
      () => JSON.stringify({ role: "viewer", label: junk(300) }),
      () => '{"__proto__":{"role":"tenant_admin"}}',
      () => '{"role":"viewer","label":"\\ud800"}',
      () => junk(Math.floor(next() * 200)),
      () => "x".repeat(20 * 1024),
      () => JSON.stringify({ role: "viewer", label: "y".repeat(17 * 1024) }),
      () => `${"[".repeat(5000)}${"]".repeat(5000)}`,
    ]
    const contentTypes = [
      "application/json",
      "application/json; charset=utf-8",
      "application/problem+json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/jsonx",
      undefined,
    ]
    const authorizations = [
      () => `Bearer ${w.a.admin}`,
      () => `Bearer ${w.a.viewer}`,
      () => `Bearer ${w.b.admin}`,
      () => "Bearer",
      () => `Bearer ${junkHeader(40)}`,
      () => `Basic ${btoa("a:b")}`,
      () => `Bearer ${"a".repeat(300)}`,
      () => undefined,
    ]
    const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]
    const failures: Array<string> = []
    const statuses = new Map<number, number>()
    for (let i = 0; i < 250; i++) {
      // Two requests in five aim at the one write route with a valid admin key, so bodies get parsed.
      const focused = next() < 0.4
      const method = focused ? "POST" : pick(methods)
      const path = focused ? "/v1/api-keys" : pick(paths)
      const headers = new Headers()
      const authorization = focused ? `Bearer ${w.a.admin}` : pick(authorizations)()
      if (authorization !== undefined) {
        headers.set("Authorization", authorization)
      }
      const contentType = pick(contentTypes)
      if (contentType !== undefined) headers.set("Content-Type", contentType)
      if (next() < 0.2) headers.set("X-Request-Id", junkHeader(10))
      const hasBody = method !== "GET" && method !== "HEAD"
      const body = hasBody ? pick(bodies)() : undefined
      const response = await w.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) })
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      if (response.status >= 500) failures.push(`${method} ${path} → ${response.status}: ${await response.text()}`)
      if (response.status >= 400 && method !== "HEAD") {
        const type = response.headers.get("content-type")
        if (type !== "application/problem+json") failures.push(`${method} ${path} → ${response.status} as ${type}`)
      }
    }
    expect(failures).toEqual([])
    // The run reached every kind of rejection.
    for (const status of [400, 401, 403, 404, 405, 413, 415]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0)
  })
})
