import { IdGenerator } from "@zaitaku/core"
import { layerPglite, pgliteTemplate } from "@zaitaku/store-postgres"
import { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type AppServices, coordinationLayer, memoryLayer } from "../src/AppLayer.js"
import { bearer, createKey, makeWorld, type World } from "./support.js"

/** 八戸市内の訪問看護ステーション, with internal notes that residents must not see. */
const station = {
  kind: "home_nursing_station",
  name: "八戸中央訪問看護ステーション",
  nameKana: "ハチノヘチュウオウホウモンカンゴステーション",
  address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市内丸1-1-1" },
  location: { latitude: 40.5123, longitude: 141.4885 },
  phone: "0178-00-0000",
  fax: "0178-00-0001",
  capabilities: ["around_the_clock"],
  contactNotes: "info@example.jp（担当: 山田）",
  notes: "管理者の携帯は 090-0000-0000（内部用）",
  provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: "0270100001", importedAt: "2025-07-01T00:00:00Z" },
}

/** A closed office in the same tenant. */
const closed = {
  ...station,
  name: "旧八戸訪問看護ステーション",
  nameKana: "キュウハチノヘホウモンカンゴステーション",
  status: "closed",
  closedOn: "2025-03-31",
  provenance: { source: "manual" },
}

/** 三戸町の薬局 (tenant B). */
const pharmacy = {
  kind: "pharmacy",
  name: "三戸調剤薬局",
  nameKana: "サンノヘチョウザイヤッキョク",
  address: { prefectureCode: "02", municipalityCode: "024414", line: "三戸町大字同心町1" },
  location: { latitude: 40.3766, longitude: 141.2571 },
  provenance: { source: "manual" },
}

const internalFields = ["tenantId", "organizationId", "assuredBy", "notes", "contactNotes", "version", "createdAt"]

const publicScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`the public directory (${name})`, () => {
    let w: World
    let coordinator: string
    let stationId: string
    let closedId: string
    let pharmacyId: string
    const a = "022039"
    const b = "024414"

    const send = (method: string, path: string, secret?: string, body?: unknown) =>
      w.app.request(path, {
        method,
        headers: {
          ...(secret === undefined ? {} : bearer(secret)),
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    const create = async (secret: string, body: unknown) => {
      const response = await send("POST", "/v1/resources", secret, body)
      expect(response.status).toBe(201)
      return (await response.json()).id as string
    }

    beforeAll(async () => {
      w = await makeWorld(await layer())
      coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
      stationId = await create(coordinator, station)
      closedId = await create(coordinator, closed)
      pharmacyId = await create(w.b.admin, pharmacy)
      // attested, so that assuredBy is set and must be stripped
      const attested = await w.app.request(`/v1/resources/${stationId}/attest`, {
        method: "POST",
        headers: { ...bearer(coordinator), "If-Match": 'W/"1"' },
      })
      expect(attested.status).toBe(200)
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    it("starts unpublished with the default settings", async () => {
      const response = await send("GET", "/v1/tenants/me", w.a.viewer)
      expect((await response.json()).settings).toEqual({ publicDirectory: false, assurancePeriodMonths: 12 })
    })

    it("answers an unpublished and an unknown tenant with the same 404 problem", async () => {
      const comparable = async (response: Response, code: string) => {
        expect(response.status).toBe(404)
        expect(response.headers.get("content-type")).toBe("application/problem+json")
        expect(response.headers.get("cache-control")).toBeNull()
        const { requestId: _r, instance, ...body } = await response.json()
        expect(instance).toContain(code)
        return JSON.parse(JSON.stringify(body).replaceAll(code, "<code>"))
      }
      const unpublished = await comparable(await send("GET", `/public/v1/${a}/resources`), a)
      const unknown = await comparable(await send("GET", "/public/v1/no-such-town/resources"), "no-such-town")
      expect(unpublished).toEqual(unknown)
      expect(unpublished.detail_ja.length).toBeGreaterThan(0)
      const one = await comparable(await send("GET", `/public/v1/${a}/resources/${stationId}`), a)
      expect(one).toEqual(unpublished)
      const map = await comparable(await send("GET", `/public/v1/${a}/resources.geojson`), a)
      expect(map).toEqual(unpublished)
    })

    it("lets only a tenant administrator change the settings, validated and audited", async () => {
      const denied = await send("PATCH", "/v1/tenants/me/settings", w.a.viewer, { publicDirectory: true })
      expect(denied.status).toBe(403)
      const denied2 = await send("PATCH", "/v1/tenants/me/settings", coordinator, { publicDirectory: true })
      expect(denied2.status).toBe(403)
      const anonymous = await send("PATCH", "/v1/tenants/me/settings", undefined, { publicDirectory: true })
      expect(anonymous.status).toBe(401)
      const invalid = await send("PATCH", "/v1/tenants/me/settings", w.a.admin, { assurancePeriodMonths: 0 })
      expect(invalid.status).toBe(400)
      expect((await invalid.json()).errors[0]).toMatchObject({ in: "body", pointer: "/assurancePeriodMonths" })
      const unknownKey = await send("PATCH", "/v1/tenants/me/settings", w.a.admin, { public: true })
      expect(unknownKey.status).toBe(400)

      const response = await send("PATCH", "/v1/tenants/me/settings", w.a.admin, {
        publicDirectory: true,
        assurancePeriodMonths: 6,
      })
      expect(response.status).toBe(200)
      const tenant = await response.json()
      expect(tenant).toMatchObject({ id: w.a.tenant.id, settings: { publicDirectory: true, assurancePeriodMonths: 6 } })

      const audit = await (await send("GET", "/v1/audit?limit=5", w.a.admin)).json()
      const entry = audit.entries.find((e: { action: string }) => e.action === "tenant.settings.update")
      expect(entry).toMatchObject({
        target: { type: "tenant", id: w.a.tenant.id },
        details: {
          changed: { publicDirectory: { from: false, to: true }, assurancePeriodMonths: { from: 12, to: 6 } },
        },
      })
      // the other tenant is untouched
      expect((await (await send("GET", "/v1/tenants/me", w.b.viewer)).json()).settings.publicDirectory).toBe(false)
    })

    it("uses the tenant's assurance period as the stale report's default", async () => {
      const report = await (await send("GET", "/v1/resources/stale", w.a.viewer)).json()
      expect(report.periodMonths).toBe(6)
      const overridden = await (await send("GET", "/v1/resources/stale?periodMonths=3", w.a.viewer)).json()
      expect(overridden.periodMonths).toBe(3)
      expect((await (await send("GET", "/v1/resources/stale", w.b.viewer)).json()).periodMonths).toBe(12)
    })

    it("serves the published directory without a key: active entries only, internal fields stripped", async () => {
      const response = await send("GET", `/public/v1/${a}/resources`)
      expect(response.status).toBe(200)
      expect(response.headers.get("cache-control")).toBe("public, max-age=300")
      const page = await response.json()
      expect(page.items.map((e: { id: string }) => e.id)).toEqual([stationId])
      const [entry] = page.items
      for (const field of internalFields) expect(entry).not.toHaveProperty(field)
      expect(entry.provenance).toEqual({ source: "mhlw_kaigo_kohyo" })
      expect(entry).toMatchObject({
        name: station.name,
        nameKana: station.nameKana,
        kind: "home_nursing_station",
        phone: station.phone,
        fax: station.fax,
        location: station.location,
        capabilities: ["around_the_clock"],
        status: "active",
        assuredAt: expect.any(String),
      })
      expect(JSON.stringify(page)).not.toContain("内部用")

      const search = await (
        await send("GET", `/public/v1/${a}/resources?text=ほうもんかんご&kinds=home_nursing_station`)
      ).json()
      expect(search.items).toHaveLength(1)
      const one = await send("GET", `/public/v1/${a}/resources/${stationId}`)
      expect(one.status).toBe(200)
      expect(one.headers.get("cache-control")).toBe("public, max-age=300")
      expect(await one.json()).toEqual(entry)
    })

    it("never shows closed entries or another tenant's entries", async () => {
      expect((await send("GET", `/public/v1/${a}/resources/${closedId}`)).status).toBe(404)
      expect((await send("GET", `/public/v1/${a}/resources/${pharmacyId}`)).status).toBe(404)
      const closedQuery = await send("GET", `/public/v1/${a}/resources?status=closed`)
      expect(closedQuery.status).toBe(400)
      expect((await closedQuery.json()).errors[0]).toMatchObject({ in: "query", pointer: "/status" })
      const unknownParam = await send("GET", `/public/v1/${a}/resources?kind=pharmacy`)
      expect(unknownParam.status).toBe(400)
      // B has not published: its entries are not reachable through any code
      expect((await send("GET", `/public/v1/${b}/resources`)).status).toBe(404)
    })

    it("serves the published directory as GeoJSON", async () => {
      const response = await send("GET", `/public/v1/${a}/resources.geojson`)
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("application/geo+json")
      expect(response.headers.get("cache-control")).toBe("public, max-age=300")
      const collection = await response.json()
      expect(collection.type).toBe("FeatureCollection")
      expect(collection.features.map((f: { id: string }) => f.id)).toEqual([stationId])
      expect(collection.features[0].geometry.coordinates).toEqual([141.4885, 40.5123])
      expect(JSON.stringify(collection)).not.toContain("内部用")
    })

    it("withdraws the directory when the tenant unpublishes it", async () => {
      const response = await send("PATCH", "/v1/tenants/me/settings", w.a.admin, { publicDirectory: false })
      expect((await response.json()).settings).toEqual({ publicDirectory: false, assurancePeriodMonths: 6 })
      expect((await send("GET", `/public/v1/${a}/resources`)).status).toBe(404)
    })
  })

publicScenario("memory", async () => memoryLayer())
publicScenario("PGlite", async () =>
  Layer.merge(
    layerPglite({ loadDataDir: await pgliteTemplate(), migrate: false }).pipe(Layer.provide(IdGenerator.layer)),
    coordinationLayer,
  ),
)
