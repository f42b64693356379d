import { Actor, ApiKeySecret, AuditLog, hachinoheAreaMunicipalities, systemPrincipal, TenantStore } from "@zaitaku/core"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import { makeApp } from "../src/App.js"
import { makeRuntime, memoryLayer } from "../src/AppLayer.js"
import { demoTenant, demoTenantCode, seedDemo } from "../src/Demo.js"
import { silentLogger } from "../src/Log.js"

describe("seedDemo", () => {
  it("creates 八戸市 with the 八戸圏域 and an admin key once, then changes nothing", async () => {
    const runtime = makeRuntime(memoryLayer())
    try {
      const first = await runtime.runPromise(seedDemo())
      expect(first.created).toBe(true)
      expect(first.adminKey).toMatch(/^zk_/)
      expect(first.tenant).toMatchObject({
        code: demoTenantCode,
        kind: "municipality",
        name: { ja: "八戸市", en: "Hachinohe City" },
        municipalities: ["022039"],
      })
      expect(first.tenant.areas).toHaveLength(1)
      expect(first.tenant.areas[0]).toMatchObject({
        kind: "wide_area_partnership",
        code: "hachinohe-area",
        name: { ja: "八戸圏域", en: "Hachinohe area" },
        members: hachinoheAreaMunicipalities.map((municipality) => municipality.code),
      })

      expect(first.resources).toBe(14)

      const second = await runtime.runPromise(seedDemo())
      expect(second.created).toBe(false)
      expect(second.adminKey).toBeUndefined()
      expect(second.resources).toBe(0) // the directory has entries: nothing is added again
      expect(second.tenant.id).toBe(first.tenant.id)

      const audit = await runtime.runPromise(
        Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 50 })).pipe(
          Effect.provideService(Actor, systemPrincipal(first.tenant.id)),
        ),
      )
      const actions = audit.entries.map((entry) => entry.action)
      expect(actions.filter((action) => action !== "resource.create").sort()).toEqual([
        "api_key.create",
        "tenant.create",
      ])
      expect(actions.filter((action) => action === "resource.create")).toHaveLength(14)
      const keyEntry = audit.entries.find((entry) => entry.action === "api_key.create")!
      expect(keyEntry.actor).toMatchObject({ kind: "system", id: "demo-seed" })
    } finally {
      await runtime.dispose()
    }
  })

  it("uses ZAITAKU_DEMO_ADMIN_KEY as the admin key's secret", async () => {
    const runtime = makeRuntime(memoryLayer())
    try {
      const secret = ApiKeySecret.parse("zk_demo_admin_key_for_scripts_0001")
      const seeded = await runtime.runPromise(seedDemo({ adminKey: secret }))
      expect(seeded.adminKey).toBe(secret)
      const app = makeApp({ runtime, logger: silentLogger })
      const response = await app.request("/v1/api-keys", { headers: { Authorization: `Bearer ${secret}` } })
      expect(response.status).toBe(200)
      expect((await response.json()).keys).toEqual([
        expect.objectContaining({ role: "tenant_admin", label: "demo admin", prefix: secret.slice(0, 7) }),
      ])
    } finally {
      await runtime.dispose()
    }
  })

  it("seeds a demo directory that search, the map and the stale report can show, all marked as demo data", async () => {
    const runtime = makeRuntime(memoryLayer())
    try {
      const secret = ApiKeySecret.parse("zk_demo_admin_key_for_scripts_0002")
      await runtime.runPromise(seedDemo({ adminKey: secret }))
      const app = makeApp({ runtime, logger: silentLogger })
      const get = async (path: string) =>
        (await app.request(path, { headers: { Authorization: `Bearer ${secret}` } })).json()
      const all = await get("/v1/resources?limit=200")
      expect(all.items).toHaveLength(14)
      for (const entry of all.items) {
        expect(entry.name).toMatch(/（デモ）$/)
        expect(entry.notes).toContain("デモデータ")
        expect(entry.phone === undefined || entry.phone.startsWith("0178-99-")).toBe(true)
      }
      const near = await get("/v1/resources?text=ほうもんかんご&near=40.5123,141.4885&radiusKm=3")
      expect(near.items.map((entry: { name: string }) => entry.name)).toEqual(["訪問看護ステーションかもめ（デモ）"])
      const stale = await get("/v1/resources/stale")
      const statuses = new Set(stale.items.map((item: { assurance: { status: string } }) => item.assurance.status))
      expect(statuses).toEqual(new Set(["overdue", "due_soon", "never_assured"]))
    } finally {
      await runtime.dispose()
    }
  })

  it("finishes a first start that stopped after creating the tenant but before its key", async () => {
    const runtime = makeRuntime(memoryLayer())
    try {
      const tenant = await runtime.runPromise(
        Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(demoTenant)),
      )
      const resumed = await runtime.runPromise(seedDemo())
      expect(resumed.created).toBe(false)
      expect(resumed.tenant.id).toBe(tenant.id)
      expect(resumed.adminKey).toMatch(/^zk_/)
      // a tenant that has keys (even only revoked ones) is left alone
      const again = await runtime.runPromise(seedDemo())
      expect(again.adminKey).toBeUndefined()
    } finally {
      await runtime.dispose()
    }
  })
})
