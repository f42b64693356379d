import { Actor, ApiKeyStore, AuditLog, systemPrincipal } from "@zaitaku/core"
import { Effect, type Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AppServices } from "../src/AppLayer.js"
import { bearer, makeWorld, type World } from "./support.js"

/**
 * The tenant-isolation scenario through the HTTP API, run on every storage: a key of tenant A never sees
 * tenant B's data, and gets 404 (not 403) for B's rows.
 */
export const isolationSuite = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`tenant isolation through the API (${name})`, () => {
    let w: World
    let bAuditId: string
    let bKeyId: string

    beforeAll(async () => {
      w = await makeWorld(await layer())
      const b = systemPrincipal(w.b.tenant.id, "test")
      bAuditId = (
        await w.runtime.runPromise(
          Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 1 })).pipe(
            Effect.provideService(Actor, b),
          ),
        )
      ).entries[0]!.id
      bKeyId = (
        await w.runtime.runPromise(
          Effect.flatMap(Effect.service(ApiKeyStore), (keys) => keys.list).pipe(Effect.provideService(Actor, b)),
        )
      )[0]!.id
    })
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    const get = (path: string, secret: string) => w.app.request(path, { headers: bearer(secret) })

    it("serves each key its own tenant", async () => {
      const a = await get("/v1/tenants/me", w.a.viewer)
      const b = await get("/v1/tenants/me", w.b.viewer)
      expect(a.status).toBe(200)
      expect(b.status).toBe(200)
      expect((await a.json()).code).toBe("022039")
      expect((await b.json()).code).toBe("024414")
    })

    it("answers 404 to tenant A for tenant B's audit entry", async () => {
      const response = await get(`/v1/audit/${bAuditId}`, w.a.admin)
      expect(response.status).toBe(404)
      expect(response.headers.get("content-type")).toBe("application/problem+json")
      expect((await get(`/v1/audit/${bAuditId}`, w.b.admin)).status).toBe(200)
    })

    it("answers 404 to tenant A when revoking tenant B's key, and leaves the key working", async () => {
      const response = await w.app.request(`/v1/api-keys/${bKeyId}`, { method: "DELETE", headers: bearer(w.a.admin) })
      expect(response.status).toBe(404)
      expect((await get("/v1/tenants/me", w.b.admin)).status).toBe(200)
    })

    it("never lists tenant B's audit entries or keys to tenant A", async () => {
      const audit = await (await get("/v1/audit?limit=500", w.a.admin)).json()
      expect(audit.entries.length).toBeGreaterThan(0)
      expect(audit.entries.every((entry: { tenantId: string }) => entry.tenantId === w.a.tenant.id)).toBe(true)
      expect(audit.chain.valid).toBe(true)
      const keys = await (await get("/v1/api-keys", w.a.admin)).json()
      expect(keys.keys.length).toBe(2)
      expect(keys.keys.every((key: { tenantId: string }) => key.tenantId === w.a.tenant.id)).toBe(true)
      expect(keys.keys.some((key: { id: string }) => key.id === bKeyId)).toBe(false)
    })

    it("rejects a revoked key with 401", async () => {
      const created = await w.app.request("/v1/api-keys", {
        method: "POST",
        headers: { ...bearer(w.a.admin), "Content-Type": "application/json" },
        body: JSON.stringify({ role: "viewer", label: "to revoke" }),
      })
      expect(created.status).toBe(201)
      const { key, secret } = await created.json()
      expect((await get("/v1/tenants/me", secret)).status).toBe(200)
      const revoked = await w.app.request(`/v1/api-keys/${key.id}`, { method: "DELETE", headers: bearer(w.a.admin) })
      expect(revoked.status).toBe(200)
      expect((await revoked.json()).revokedAt).not.toBeNull()
      const after = await get("/v1/tenants/me", secret)
      expect(after.status).toBe(401)
      expect(after.headers.get("www-authenticate")).toContain("Bearer")
    })

    it("records audit reads in the reader's tenant only", async () => {
      await get("/v1/audit?limit=1", w.a.admin)
      const b = await (await get("/v1/audit?limit=500", w.b.admin)).json()
      const a = await (await get("/v1/audit?limit=500", w.a.admin)).json()
      expect(a.entries.some((entry: { action: string }) => entry.action === "audit.read")).toBe(true)
      expect(b.entries.every((entry: { tenantId: string }) => entry.tenantId === w.b.tenant.id)).toBe(true)
      expect(b.chain.valid).toBe(true)
    })
  })
