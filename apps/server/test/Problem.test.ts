import { Conflict, Forbidden, NotFound, StoreError, Unauthenticated, ValidationError } from "@zaitaku/core"
import { HTTPException } from "hono/http-exception"
import { describe, expect, it } from "vitest"
import { jsonPointer, MethodNotAllowed, PayloadTooLarge, RouteNotFound, toProblem } from "../src/Problem.js"

const context = { requestId: "req-1", instance: "/v1/x" }

describe("toProblem", () => {
  it.each([
    [new ValidationError({ subject: "request body", issues: [] }), 400, "validation"],
    [new Unauthenticated({ reason: "missing" }), 401, "unauthenticated"],
    [new Forbidden({ permission: "audit:read", role: "viewer" }), 403, "forbidden"],
    [new NotFound({ entity: "api_key", id: "k" }), 404, "not-found"],
    [new RouteNotFound({ path: "/x" }), 404, "not-found"],
    [new MethodNotAllowed({ method: "PUT", allow: ["GET"] }), 405, "method-not-allowed"],
    [new Conflict({ entity: "tenant", id: "022039", reason: "already_exists" }), 409, "conflict"],
    [new PayloadTooLarge({ limit: 10 }), 413, "payload-too-large"],
    [new HTTPException(400, { message: "Malformed JSON in request body" }), 400, "malformed-body"],
    [new HTTPException(415), 415, "unsupported-media-type"],
    [new StoreError({ operation: "x", cause: new Error("db") }), 503, "unavailable"],
    [new Error("boom"), 500, "internal"],
    ["a string", 500, "internal"],
    [undefined, 500, "internal"],
  ])("maps %s to %i", (error, status, slug) => {
    const problem = toProblem(error, context)
    expect(problem.status).toBe(status)
    expect(problem.headers["Content-Type"]).toBe("application/problem+json")
    expect(problem.body).toMatchObject({
      type: `https://zaitaku.dev/problems/${slug}`,
      status,
      instance: "/v1/x",
      requestId: "req-1",
    })
    expect(problem.body.title_ja.length).toBeGreaterThan(0)
    expect(problem.body.detail_ja.length).toBeGreaterThan(0)
  })

  it("never sends the cause of a server-side failure, but hands it to the logs", () => {
    const storeError = new StoreError({ operation: "x", cause: new Error("password=hunter2 at db.internal") })
    const store = toProblem(storeError, context)
    expect(JSON.stringify(store.body)).not.toContain("hunter2")
    expect(store.logCause).toBe(storeError)
    expect(store.headers["Retry-After"]).toBeDefined()
    const internal = toProblem(new Error("stack secrets"), context)
    expect(JSON.stringify(internal.body)).not.toContain("stack secrets")
    expect(internal.logCause).toBeInstanceOf(Error)
  })

  it("lists validation issues with JSON pointers, paths, codes and both languages", () => {
    const problem = toProblem(
      new ValidationError({
        subject: "request body",
        issues: [
          { path: ["areas", 0, "code"], code: "too_small", message: { ja: "短すぎます", en: "Too short" } },
          { path: ["a/b", "c~d"], code: "custom", message: { ja: "だめ", en: "Bad" } },
          { path: [], code: "invalid_type", message: { ja: "型", en: "Type" } },
        ],
      }),
      context,
    )
    expect(problem.body.errors).toEqual([
      {
        in: "body",
        pointer: "/areas/0/code",
        path: ["areas", 0, "code"],
        code: "too_small",
        message: { ja: "短すぎます", en: "Too short" },
      },
      { in: "body", pointer: "/a~1b/c~0d", path: ["a/b", "c~d"], code: "custom", message: { ja: "だめ", en: "Bad" } },
      { in: "body", pointer: "", path: [], code: "invalid_type", message: { ja: "型", en: "Type" } },
    ])
  })

  it("asks for a bearer token on 401 and names the allowed methods on 405", () => {
    expect(toProblem(new Unauthenticated({ reason: "missing" }), context).headers["WWW-Authenticate"]).toBe(
      'Bearer realm="zaitaku"',
    )
    expect(toProblem(new Unauthenticated({ reason: "unknown" }), context).headers["WWW-Authenticate"]).toContain(
      "invalid_token",
    )
    expect(toProblem(new MethodNotAllowed({ method: "PUT", allow: ["GET", "HEAD"] }), context).headers.Allow).toBe(
      "GET, HEAD",
    )
  })

  it("says the same for an unknown and a revoked key", () => {
    const unknown = toProblem(new Unauthenticated({ reason: "unknown" }), context).body
    const revoked = toProblem(new Unauthenticated({ reason: "revoked" }), context).body
    expect(unknown.detail).toBe(revoked.detail)
  })

  it("escapes JSON pointers per RFC 6901", () => {
    expect(jsonPointer([])).toBe("")
    expect(jsonPointer(["~", "/", 3])).toBe("/~0/~1/3")
  })
})
