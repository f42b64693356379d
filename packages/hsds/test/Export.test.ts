import { hachinoheAreaMunicipalities } from "@zaitaku/core"
import { beforeAll, describe, expect, it } from "vitest"
import {
  type HsdsDataset,
  type HsdsTables,
  hsdsId,
  hsdsIdNamespace,
  hsdsTableNames,
  hsdsTaxonomies,
  hsdsTaxonomyTerm,
  toHsds,
} from "../src/index.js"
import { uuidV5 } from "../src/internal/Uuid.js"
import { changes, directory, ids, organizations, resources } from "./fixtures/Directory.js"
import { type HsdsValidator, loadHsdsValidator } from "./HsdsValidator.js"

const options = {
  publisher: { name: "八戸市 在宅医療・介護連携支援センター", url: "https://www.city.hachinohe.aomori.jp/" },
  generatedAt: "2025-07-01T09:00:00+09:00",
  municipalities: hachinoheAreaMunicipalities,
} as const

const dataset: HsdsDataset = toHsds(directory, options)
const { tables } = dataset

let validator: HsdsValidator
beforeAll(() => {
  validator = loadHsdsValidator()
})

const rowsOf = (table: keyof HsdsTables): ReadonlyArray<Record<string, unknown>> =>
  tables[table] as unknown as ReadonlyArray<Record<string, unknown>>

const serviceAtLocationOf = (serviceId: string) => tables.service_at_location.find((s) => s.service_id === serviceId)!
const locationOf = (serviceId: string) =>
  tables.location.find((l) => l.id === serviceAtLocationOf(serviceId).location_id)!
const attributesOf = (linkId: string) =>
  tables.attribute
    .filter((a) => a.link_id === linkId)
    .map((a) => {
      const term = tables.taxonomy_term.find((t) => t.id === a.taxonomy_term_id)!
      return { taxonomy: term.taxonomy, code: term.code, value: a.value }
    })

describe("HSDS 3.0 schema validation", () => {
  it("loads every HSDS table schema", () => {
    for (const table of hsdsTableNames) expect(validator.tables).toContain(table)
  })

  it.each(hsdsTableNames)("every %s row validates against schema/<table>.json with zero errors", (table) => {
    const rows = rowsOf(table)
    expect(rows.length).toBeGreaterThan(0)
    const errors = rows.flatMap((row) => validator.errors(table, row).map((error) => ({ id: row.id, ...error })))
    expect(errors).toEqual([])
  })

  it("the whole tables document validates against compiled/tabular.json with zero errors", () => {
    expect(validator.errors("tabular", tables)).toEqual([])
  })

  it("the validator is live: a broken row is reported", () => {
    const service = tables.service[0]!
    const { name: _name, ...withoutName } = service
    expect(
      validator.errors("service", { ...withoutName, status: "closed", id: "not-a-uuid" }).map((e) => e.keyword),
    ).toEqual(expect.arrayContaining(["required", "enum", "format"]))
    expect(validator.errors("tabular", { ...tables, phone: [{ id: hsdsId("x"), number: 178 }] })).not.toEqual([])
  })

  it("fills the foreign keys HSDS marks tabular_required, and every reference resolves", () => {
    const idsOf = (table: keyof HsdsTables) => new Set(rowsOf(table).map((row) => row.id as string))
    const all = hsdsTableNames.flatMap((table) => rowsOf(table).map((row) => row.id as string))
    expect(new Set(all).size).toBe(all.length)
    const references: ReadonlyArray<readonly [keyof HsdsTables, string, keyof HsdsTables]> = [
      ["service", "organization_id", "organization"],
      ["organization_identifier", "organization_id", "organization"],
      ["location", "organization_id", "organization"],
      ["service_at_location", "service_id", "service"],
      ["service_at_location", "location_id", "location"],
      ["address", "location_id", "location"],
      ["phone", "location_id", "location"],
      ["phone", "service_id", "service"],
      ["schedule", "service_at_location_id", "service_at_location"],
      ["service_area", "service_id", "service"],
      ["taxonomy_term", "taxonomy_id", "taxonomy"],
      ["taxonomy_term", "parent_id", "taxonomy_term"],
      ["attribute", "taxonomy_term_id", "taxonomy_term"],
      ["metadata", "resource_id", "service"],
    ]
    for (const [table, field, target] of references) {
      const targets = idsOf(target)
      for (const row of rowsOf(table)) {
        if (row[field] !== undefined) expect(targets, `${table}.${field}`).toContain(row[field])
      }
    }
    for (const table of ["service", "organization_identifier"] as const) {
      for (const row of rowsOf(table)) expect(row.organization_id).toBeDefined()
    }
    for (const row of tables.attribute) expect(idsOf(row.link_entity as keyof HsdsTables)).toContain(row.link_id)
  })
})

describe("toHsds mapping", () => {
  it("keeps core ids for organisations and services, one service per resource", () => {
    expect(tables.service.map((s) => s.id)).toEqual([...resources.map((r) => r.id)].sort())
    expect(tables.organization.slice(0, 3).map((o) => o.id)).toEqual([...organizations.map((o) => o.id)].sort())
    expect(tables.organization).toHaveLength(4) // 3 法人 + 1 synthetic organisation for the 通いの場
  })

  it("maps the 在宅療養支援診療所 field by field", () => {
    const service = tables.service.find((s) => s.id === ids.clinic)!
    expect(service).toEqual({
      id: ids.clinic,
      organization_id: ids.medicalCorp,
      name: "八戸在宅クリニック",
      alternate_name: "ハチノヘザイタククリニック",
      description: "無床診療所・在宅療養支援診療所（機能強化型・連携型）",
      url: "https://clinic.example.jp/",
      status: "active",
      assured_date: "2025-06-15",
      last_modified: "2025-06-15T01:30:00.000Z",
    })
    const location = locationOf(ids.clinic)
    expect(location).toMatchObject({
      location_type: "physical",
      organization_id: ids.medicalCorp,
      latitude: 40.512,
      longitude: 141.488,
      external_identifier: "0211234567",
      external_identifier_type: "jp_medical_institution_code",
    })
    expect(tables.address.filter((a) => a.location_id === location.id)).toEqual([
      {
        id: hsdsId(`address/${ids.clinic}`),
        location_id: location.id,
        address_1: "青森県八戸市内丸一丁目1-1",
        address_2: "内丸ビル2階",
        city: "八戸市",
        state_province: "青森県",
        postal_code: "031-8686",
        country: "JP",
        address_type: "physical",
      },
    ])
    expect(tables.phone.filter((p) => p.service_id === ids.clinic).map((p) => [p.type, p.number])).toEqual([
      ["voice", "0178-43-2111"],
      ["fax", "0178-43-2112"],
    ])
    const schedules = tables.schedule.filter((s) => s.service_at_location_id === serviceAtLocationOf(ids.clinic).id)
    expect(schedules.map((s) => [s.freq, s.byday, s.opens_at, s.closes_at])).toEqual([
      ["WEEKLY", "MO,TU,WE,TH,FR,SA", "09:00+09:00", "12:00+09:00"],
      ["WEEKLY", "MO,TU,TH,FR", "14:00+09:00", "18:00+09:00"],
    ])
    expect(schedules[0]).toMatchObject({ timezone: 9, wkst: "MO", notes: "日曜・祝日、年末年始（12/30〜1/3）" })
    expect(schedules[1]!.description).toBe("月・火・木・金 14:00〜18:00")
    expect(tables.service_area.filter((a) => a.service_id === ids.clinic).map((a) => a.name)).toEqual([
      "八戸市",
      "階上町",
    ])
    expect(attributesOf(ids.clinic)).toEqual([
      { taxonomy: "zaitaku-resource-kind", code: "clinic_without_beds", value: undefined },
      { taxonomy: "zaitaku-resource-category", code: "medical", value: undefined },
      {
        taxonomy: "zaitaku-home-care-support",
        code: "enhanced_collaborative",
        value: "在宅療養支援診療所（機能強化型・連携型）",
      },
      { taxonomy: "zaitaku-capability", code: "around_the_clock", value: undefined },
      { taxonomy: "zaitaku-capability", code: "end_of_life_care", value: undefined },
      { taxonomy: "zaitaku-capability", code: "home_oxygen", value: undefined },
      { taxonomy: "zaitaku-capability", code: "home_visit_medical_care", value: undefined },
      { taxonomy: "zaitaku-capability", code: "house_call", value: undefined },
      { taxonomy: "zaitaku-identifier", code: "medical_institution_code", value: "0211234567" },
      { taxonomy: "zaitaku-identifier", code: "iryo_net_id", value: "0200000000001" },
      { taxonomy: "zaitaku-detail", code: "consultation", value: "医師への相談は水曜午後" },
      { taxonomy: "zaitaku-detail", code: "consultation_hours", value: "水 13:00〜14:00" },
      { taxonomy: "zaitaku-detail", code: "consultation_channels", value: "fax,phone" },
      { taxonomy: "zaitaku-detail", code: "consultation_how_to_reach", value: "連絡票をFAXしてから電話" },
      { taxonomy: "zaitaku-detail", code: "holiday_closures", value: "日曜・祝日、年末年始（12/30〜1/3）" },
      { taxonomy: "zaitaku-detail", code: "source", value: "iryo_net" },
      { taxonomy: "zaitaku-detail", code: "source_record_id", value: "0200000000001" },
    ])
    expect(attributesOf(hsdsId(`address/${ids.clinic}`))).toEqual([
      { taxonomy: "zaitaku-identifier", code: "municipality_code", value: "022039" },
    ])
  })

  it("writes the 法人番号 as an organization_identifier of type jp_corporate_number", () => {
    expect(tables.organization_identifier).toEqual([
      {
        id: hsdsId(`organization_identifier/${ids.medicalCorp}/jp_corporate_number`),
        organization_id: ids.medicalCorp,
        identifier_scheme: "JP-JCN",
        identifier_type: "jp_corporate_number",
        identifier: "3402000054321",
      },
      {
        id: hsdsId(`organization_identifier/${ids.welfareCorp}/jp_corporate_number`),
        organization_id: ids.welfareCorp,
        identifier_scheme: "JP-JCN",
        identifier_type: "jp_corporate_number",
        identifier: "9802000011111",
      },
    ])
    expect(tables.organization.find((o) => o.id === ids.medicalCorp)).toMatchObject({
      name: "医療法人八戸会",
      alternate_name: "イリョウホウジンハチノヘカイ",
    })
  })

  it("maps the 訪問看護ステーション (24時間, 機能強化型) and its care office number", () => {
    expect(attributesOf(ids.nursing).filter((a) => a.taxonomy !== "zaitaku-detail")).toEqual([
      { taxonomy: "zaitaku-resource-kind", code: "home_nursing_station", value: undefined },
      { taxonomy: "zaitaku-resource-category", code: "home_nursing", value: undefined },
      { taxonomy: "zaitaku-capability", code: "around_the_clock", value: undefined },
      { taxonomy: "zaitaku-capability", code: "end_of_life_care", value: undefined },
      { taxonomy: "zaitaku-capability", code: "enhanced_home_nursing", value: undefined },
      { taxonomy: "zaitaku-capability", code: "sputum_suction", value: undefined },
      { taxonomy: "zaitaku-identifier", code: "care_office_number", value: "0260190011" },
      { taxonomy: "zaitaku-identifier", code: "service_type_code", value: "130" },
    ])
    expect(tables.schedule.filter((s) => s.service_at_location_id === serviceAtLocationOf(ids.nursing).id)).toEqual([
      expect.objectContaining({ byday: "MO,TU,WE,TH,FR", opens_at: "08:30+09:00", closes_at: "17:30+09:00" }),
    ])
  })

  it("maps the 薬局: 無菌調剤 capability, 24:00 as 23:59, public-holiday hours without a weekly rule", () => {
    expect(
      attributesOf(ids.pharmacy)
        .filter((a) => a.taxonomy === "zaitaku-capability")
        .map((a) => a.code),
    ).toEqual(["narcotics", "pharmacy_home_visits", "sterile_compounding"])
    const schedules = tables.schedule.filter((s) => s.service_at_location_id === serviceAtLocationOf(ids.pharmacy).id)
    expect(schedules.map((s) => [s.byday, s.opens_at, s.closes_at, s.description])).toEqual([
      ["MO", "09:00+09:00", "19:00+09:00", "月 09:00〜19:00"],
      ["SA", "09:00+09:00", "23:59+09:00", "土 09:00〜24:00"],
      [undefined, "10:00+09:00", "13:00+09:00", "祝日 10:00〜13:00"],
    ])
  })

  it("maps the 居宅介護支援事業所 imported from 介護サービス情報公表 with its provenance", () => {
    const location = locationOf(ids.careManagement)
    expect(location).toMatchObject({
      external_identifier: "0270100001",
      external_identifier_type: "jp_care_office_number",
    })
    expect(tables.address.find((a) => a.location_id === location.id)).toMatchObject({
      address_2: "福祉センター内",
      city: "南部町",
      postal_code: "",
    })
    expect(attributesOf(ids.careManagement)).toEqual(
      expect.arrayContaining([
        { taxonomy: "zaitaku-identifier", code: "service_type_code", value: "430" },
        { taxonomy: "zaitaku-detail", code: "contact_notes", value: "URL欄: info@sanpachi.example.jp" },
        { taxonomy: "zaitaku-detail", code: "source", value: "mhlw_kaigo_kohyo" },
        { taxonomy: "zaitaku-detail", code: "source_record_id", value: "430:0270100001" },
      ]),
    )
    expect(tables.metadata.filter((m) => m.resource_id === ids.careManagement)).toEqual([
      expect.objectContaining({ last_action_type: "create", last_action_date: "2025-07-01" }),
      expect.objectContaining({
        last_action_type: "import",
        replacement_value: "430:0270100001",
        updated_by: "介護サービス情報公表システム",
      }),
    ])
  })

  it("gives a 通いの場 without an organisation a synthetic organisation of its own", () => {
    const service = tables.service.find((s) => s.id === ids.gatheringPlace)!
    expect(service.organization_id).toBe(hsdsId(`organization/${ids.gatheringPlace}`))
    expect(tables.organization.find((o) => o.id === service.organization_id)).toMatchObject({ name: "ほほえみサロン" })
    expect(attributesOf(service.organization_id)).toEqual([
      { taxonomy: "zaitaku-detail", code: "synthetic_organization", value: "true" },
    ])
    expect(tables.phone.filter((p) => p.service_id === ids.gatheringPlace)).toEqual([])
    expect(locationOf(ids.gatheringPlace).latitude).toBeUndefined()
  })

  it("maps status: closed → inactive with its date, suspended → temporarily closed, and capacity/vacancy", () => {
    expect(tables.service.find((s) => s.id === ids.closedClinic)!.status).toBe("inactive")
    expect(attributesOf(ids.closedClinic)).toContainEqual({
      taxonomy: "zaitaku-detail",
      code: "closed_on",
      value: "2024-03-31",
    })
    expect(tables.service.find((s) => s.id === ids.nursingHome)!.status).toBe("temporarily closed")
    expect(attributesOf(ids.nursingHome).filter((a) => a.taxonomy === "zaitaku-availability")).toEqual([
      { taxonomy: "zaitaku-availability", code: "capacity", value: "29" },
      { taxonomy: "zaitaku-availability", code: "vacancy", value: "2" },
      { taxonomy: "zaitaku-availability", code: "as_of", value: "2025-06-01T09:00:00+09:00" },
    ])
  })

  it("records creation, import, assurance and field changes as metadata", () => {
    expect(
      tables.metadata
        .filter((m) => m.resource_id === ids.clinic)
        .map((m) => [m.last_action_type, m.last_action_date, m.field_name, m.previous_value, m.replacement_value]),
    ).toEqual([
      ["create", "2025-04-01", "", "", ""],
      ["import", "2025-04-01", "", "", "0200000000001"],
      ["assure", "2025-06-15", "", "", ""],
      ["update", "2025-06-15", "phone", '"0178-43-2110"', '"0178-43-2111"'],
    ])
    expect(tables.metadata.find((m) => m.last_action_type === "assure")!.updated_by).toBe(
      "八戸市 在宅医療介護連携支援センター",
    )
  })

  it("carries the whole JP profile: every taxonomy and term, with parents", () => {
    expect(tables.taxonomy.map((t) => t.name)).toEqual(hsdsTaxonomies.map((t) => t.name))
    expect(tables.taxonomy_term).toHaveLength(hsdsTaxonomies.reduce((n, t) => n + t.terms.length, 0))
    const withBeds = tables.taxonomy_term.find(
      (t) => t.id === hsdsTaxonomyTerm("zaitaku-resource-kind", "clinic_with_beds").id,
    )!
    expect(withBeds).toMatchObject({ name: "有床診療所", description: "有床診療所 (Clinic with beds)", language: "ja" })
    expect(withBeds.parent_id).toBe(hsdsTaxonomyTerm("zaitaku-resource-kind", "clinic").id)
  })

  it("writes English texts and term names with language: en", () => {
    const english = toHsds(directory, { ...options, language: "en" }).tables
    expect(english.taxonomy_term.find((t) => t.code === "end_of_life_care")!.name).toBe("End-of-life care at home")
    expect(english.address.find((a) => a.id === hsdsId(`address/${ids.clinic}`))).toMatchObject({
      city: "Hachinohe City",
      state_province: "Aomori",
    })
    expect(english.service.find((s) => s.id === ids.clinic)!.name).toBe("八戸在宅クリニック")
  })

  it("writes the dataset header: version, profile, publisher, generation time", () => {
    expect(dataset).toMatchObject({
      version: "3.0",
      profile: "https://github.com/zaitaku/zaitaku/tree/main/packages/hsds#jp-profile",
      publisher: options.publisher,
      generated_at: "2025-07-01T00:00:00.000Z",
      language: "ja",
    })
    expect(() => toHsds(directory, { ...options, generatedAt: "yesterday" })).toThrow(RangeError)
  })
})

describe("determinism", () => {
  it("gives identical JSON for the same input, whatever its order", () => {
    const again = toHsds(
      {
        organizations: [...organizations].reverse(),
        resources: [...resources].reverse(),
        changes: [...changes],
      },
      options,
    )
    expect(JSON.stringify(again)).toBe(JSON.stringify(dataset))
    expect(JSON.stringify(toHsds(directory, { ...options, generatedAt: new Date(options.generatedAt) }))).toBe(
      JSON.stringify(dataset),
    )
  })

  it("derives child ids as UUIDv5 in the Zaitaku namespace", () => {
    expect(uuidV5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.example.com")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    )
    expect(
      uuidV5("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://github.com/zaitaku/zaitaku/tree/main/packages/hsds"),
    ).toBe(hsdsIdNamespace)
    expect(serviceAtLocationOf(ids.clinic).id).toBe(uuidV5(hsdsIdNamespace, `service_at_location/${ids.clinic}`))
    expect(uuidV5(hsdsIdNamespace, "名前").length).toBe(36)
  })
})
