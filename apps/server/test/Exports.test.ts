import { IdGenerator } from "@zaitaku/core"
import { kaigoServiceOfficeListHeader, medicalInstitutionListHeader, readCsv } from "@zaitaku/opendata-jp"
import { layerPglite, pgliteTemplate } from "@zaitaku/store-postgres"
import { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type AppServices, coordinationLayer, memoryLayer } from "../src/AppLayer.js"
import { bearer, createKey, makeWorld, type World } from "./support.js"

/** 訪問看護ステーション whose name has 𠮷 (U+20BB7), which Shift_JIS cannot hold, and a wave dash 〜. */
const station = {
  kind: "home_nursing_station",
  name: "𠮷田訪問看護ステーション〜八戸",
  nameKana: "ヨシダホウモンカンゴステーションハチノヘ",
  address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市内丸1-1-1", building: "2階" },
  location: { latitude: 40.5123, longitude: 141.4885 },
  phone: "0178-00-0000",
  identifiers: { careOfficeNumber: "0260100001" },
  hours: [{ day: "mon", periods: [{ opens: "09:00", closes: "17:30" }] }],
  provenance: { source: "manual" },
}

/** 居宅介護支援事業所 without coordinates. */
const office = {
  kind: "care_management_office",
  name: "八戸ケアプランセンター",
  nameKana: "ハチノヘケアプランセンター",
  address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市番町1" },
  provenance: { source: "manual" },
}

/** A pharmacy: not a care entry, so not in the 介護サービス事業所一覧, but on the map and in HSDS. */
const pharmacy = {
  kind: "pharmacy",
  name: "八戸調剤薬局",
  nameKana: "ハチノヘチョウザイヤッキョク",
  address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市十三日町1" },
  location: { latitude: 40.51, longitude: 141.49 },
  provenance: { source: "manual" },
}

/** Closed: in no export. */
const closed = { ...office, name: "旧八戸ケアプランセンター", status: "closed", closedOn: "2025-03-31" }

/** Tenant B's entry: never in A's exports. */
const other = {
  ...office,
  name: "三戸ケアプランセンター",
  address: { prefectureCode: "02", municipalityCode: "024414", line: "三戸町大字同心町1" },
}

const records = async (bytes: ArrayBuffer) => {
  const csv = readCsv([new Uint8Array(bytes)], { expectedHeader: kaigoServiceOfficeListHeader })
  const rows: Array<ReadonlyArray<string>> = []
  for await (const row of csv) {
    expect(row.errors).toEqual([])
    rows.push(row.record)
  }
  return { rows, encoding: csv.encoding }
}

const column = (row: ReadonlyArray<string> | undefined, name: (typeof kaigoServiceOfficeListHeader)[number]) =>
  row?.[kaigoServiceOfficeListHeader.indexOf(name)]

const exportScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`directory exports (${name})`, () => {
    let w: World
    let ids: { station: string; office: string; pharmacy: string }

    const get = (path: string, secret?: string) =>
      w.app.request(path, { headers: secret === undefined ? {} : bearer(secret) })
    const create = async (secret: string, body: unknown) => {
      const response = await w.app.request("/v1/resources", {
        method: "POST",
        headers: { ...bearer(secret), "Content-Type": "application/json" },
        body: JSON.stringify(body),
      })
      expect(response.status).toBe(201)
      return (await response.json()).id as string
    }

    beforeAll(async () => {
      w = await makeWorld(await layer())
      const coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
      ids = {
        station: await create(coordinator, station),
        office: await create(coordinator, office),
        pharmacy: await create(coordinator, pharmacy),
      }
      await create(coordinator, closed)
      await create(w.b.admin, other)
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    it("writes the 介護サービス事業所一覧 as UTF-8 CSV with a BOM that reads back field by field", async () => {
      const response = await get("/v1/resources/export.csv", w.a.viewer)
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8")
      expect(response.headers.get("content-disposition")).toMatch(
        /^attachment; filename="zaitaku-022039-kaigo-service-office-list-\d{4}-\d{2}-\d{2}\.csv"$/,
      )
      expect(response.headers.get("x-zaitaku-unmappable")).toBeNull()
      const bytes = await response.arrayBuffer()
      expect([...new Uint8Array(bytes).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const { rows, encoding } = await records(bytes)
      expect(encoding).toBe("utf-8-bom")
      // care entries only, active only, the tenant's own only
      expect(rows.map((row) => column(row, "介護サービス事業所名称")).sort()).toEqual(
        [station.name, office.name].sort(),
      )
      const row = rows.find((r) => column(r, "介護サービス事業所名称") === station.name)
      expect(column(row, "都道府県コード又は市区町村コード")).toBe("022039")
      expect(column(row, "都道府県名")).toBe("青森県")
      expect(column(row, "市区町村名")).toBe("八戸市")
      expect(column(row, "事業所番号")).toBe("0260100001")
      expect(column(row, "緯度")).toBe("40.5123")
      expect(column(row, "方書")).toBe("2階")
      expect(column(row, "利用可能曜日")).toBe("月")
    })

    it("writes Shift_JIS on request and counts the characters it cannot hold", async () => {
      const response = await get("/v1/resources/export.csv?encoding=shift_jis", w.a.viewer)
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("text/csv; charset=Shift_JIS")
      expect(response.headers.get("x-zaitaku-unmappable")).toBe("1")
      const { rows, encoding } = await records(await response.arrayBuffer())
      expect(encoding).toBe("cp932")
      const names = rows.map((row) => column(row, "介護サービス事業所名称"))
      expect(names).toContain("?田訪問看護ステーション～八戸")
      expect(names).toContain(office.name)
    })

    it("refuses an unknown encoding or format", async () => {
      expect((await get("/v1/resources/export.csv?encoding=latin1", w.a.viewer)).status).toBe(400)
      expect((await get("/v1/resources/export.csv?format=iryo", w.a.viewer)).status).toBe(400)
    })

    it("writes GeoJSON of the active entries that have coordinates", async () => {
      const response = await get("/v1/resources/export.geojson", w.a.viewer)
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("application/geo+json")
      expect(response.headers.get("x-zaitaku-without-location")).toBe("1")
      const collection = await response.json()
      expect(collection.type).toBe("FeatureCollection")
      expect(collection.features.map((f: { id: string }) => f.id).sort()).toEqual([ids.station, ids.pharmacy].sort())
      const feature = collection.features.find((f: { id: string }) => f.id === ids.station)
      expect(feature).toMatchObject({
        type: "Feature",
        geometry: { type: "Point", coordinates: [141.4885, 40.5123] },
        properties: { name: station.name, kind: "home_nursing_station", status: "active" },
      })
    })

    it("writes the HSDS 3.0 document published under the tenant's name", async () => {
      const response = await get("/v1/resources/export.hsds.json", w.a.viewer)
      expect(response.status).toBe(200)
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8")
      expect(response.headers.get("content-disposition")).toMatch(/filename="zaitaku-022039-hsds-/)
      const dataset = await response.json()
      expect(dataset).toMatchObject({ version: "3.0", publisher: { name: "八戸市" }, language: "ja" })
      for (const table of ["service", "location", "service_at_location", "taxonomy", "taxonomy_term"]) {
        expect(Array.isArray(dataset.tables[table])).toBe(true)
      }
      expect(dataset.tables.service).toHaveLength(3)
      const names = dataset.tables.service.map((s: { name: string }) => s.name)
      expect(names).not.toContain(closed.name)
      expect(names).not.toContain(other.name)
    })

    it("needs a key with resources:read; every role has it; each tenant exports only its own", async () => {
      for (const path of [
        "/v1/resources/export.csv",
        "/v1/resources/export.geojson",
        "/v1/resources/export.hsds.json",
      ]) {
        expect((await get(path)).status).toBe(401)
      }
      const b = await get("/v1/resources/export.geojson", w.b.viewer)
      expect(b.status).toBe(200)
      const collection = await b.json()
      expect(collection.features).toEqual([])
      expect(b.headers.get("x-zaitaku-without-location")).toBe("1")
      const { rows } = await records(await (await get("/v1/resources/export.csv", w.b.viewer)).arrayBuffer())
      expect(rows.map((row) => column(row, "介護サービス事業所名称"))).toEqual([other.name])
    })
    it("writes the 医療機関一覧 of the hospitals and clinics, in the columns the 医療機関一覧 import reads", async () => {
      await create(w.a.admin, {
        kind: "clinic_without_beds",
        name: "八戸内丸クリニック",
        nameKana: "ハチノヘウチマルクリニック",
        identifiers: { medicalInstitutionCode: "0210000001" },
        address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市内丸2-2-2" },
        phone: "0178-22-0001",
        hours: (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({
          day,
          periods: [{ opens: "09:00", closes: "18:00" }],
        })),
        provenance: { source: "manual" },
      })
      const response = await get("/v1/resources/export.csv?format=medical-institution-list", w.a.viewer)
      expect(response.status).toBe(200)
      expect(response.headers.get("content-disposition")).toContain("medical-institution-list")
      const csv = readCsv([new Uint8Array(await response.arrayBuffer())], {
        expectedHeader: medicalInstitutionListHeader,
      })
      const rows: Array<ReadonlyArray<string>> = []
      for await (const row of csv) rows.push(row.record)
      const at = (row: ReadonlyArray<string> | undefined, name: (typeof medicalInstitutionListHeader)[number]) =>
        row?.[medicalInstitutionListHeader.indexOf(name)]
      // hospitals and clinics only: the station, the care office and the pharmacy are not 医療機関 of this dataset
      expect(rows.map((row) => at(row, "名称"))).toEqual(["八戸内丸クリニック"])
      expect(at(rows[0], "医療機関の種類")).toBe("無床診療所")
      expect(at(rows[0], "医療機関コード")).toBe("0210000001")
      expect(at(rows[0], "診療曜日")).toBe("月火水木金")
      expect(at(rows[0], "診療開始時間")).toBe("09:00")
      expect(at(rows[0], "病床数")).toBe("0")
    })
  })

exportScenario("memory", async () => memoryLayer())
exportScenario("PGlite", async () =>
  Layer.merge(
    layerPglite({ loadDataDir: await pgliteTemplate(), migrate: false }).pipe(Layer.provide(IdGenerator.layer)),
    coordinationLayer,
  ),
)
