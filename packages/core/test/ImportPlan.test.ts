import { NewResource, planImport, Resource, TenantId } from "@zaitaku/core"
import { describe, expect, it } from "vitest"

const tenantId = TenantId.parse("0192f5a0-0000-7000-8000-000000000001")

const entry = (office: string, overrides: Record<string, unknown> = {}, service = "130") =>
  NewResource.parse({
    tenantId,
    kind: service === "430" ? "care_management_office" : "home_nursing_station",
    name: `テスト事業所${office}`,
    identifiers: { careOfficeNumber: `02601900${office}` },
    address: { prefectureCode: "02", municipalityCode: "022039", line: `青森県八戸市内丸${office}` },
    phone: "0178-00-0001",
    provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: `${service}:02601900${office}` },
    ...overrides,
  })

let counter = 0
const stored = (input: NewResource, overrides: Record<string, unknown> = {}) => {
  counter += 1
  return Resource.parse({
    ...input,
    id: `00000000-0000-7000-8000-${String(counter).padStart(12, "0")}`,
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    version: 1,
    ...overrides,
  })
}

const in130 = (resource: Resource) => resource.provenance.sourceRecordId?.startsWith("130:") ?? false

describe("planImport", () => {
  it("sorts a newer file into added, changed (field by field), unchanged and missing", () => {
    const directory = [stored(entry("01")), stored(entry("02")), stored(entry("03"))]
    const file = [
      entry("01"), // unchanged
      entry("02", {
        phone: "0178-99-9999",
        address: { prefectureCode: "02", municipalityCode: "022039", line: "移転先" },
      }),
      entry("04"), // new
    ]
    const plan = planImport(directory, file, { source: "mhlw_kaigo_kohyo", inScope: in130 })
    expect(plan.added.map((r) => r.provenance.sourceRecordId)).toEqual(["130:0260190004"])
    expect(plan.unchanged).toBe(1)
    expect(plan.changed).toHaveLength(1)
    expect(plan.changed[0]?.existing.id).toBe(directory[1]?.id)
    expect(plan.changed[0]?.changes).toEqual([
      { field: "address.line", from: "青森県八戸市内丸02", to: "移転先" },
      { field: "phone", from: "0178-00-0001", to: "0178-99-9999" },
    ])
    expect(plan.missing.map((r) => r.id)).toEqual([directory[2]?.id])
    expect(plan.duplicateKeys).toEqual([])
  })

  it("never plans over the fields the directory's people keep (capabilities, notes, assurance, vacancy)", () => {
    const curated = stored(entry("01"), {
      capabilities: ["around_the_clock", "end_of_life_care"],
      notes: "24時間対応の詳細はコーディネーターに確認",
      availability: { capacity: 10, vacancy: 2, asOf: "2026-06-01T00:00:00.000Z" },
      assuredAt: "2026-06-01T00:00:00.000Z",
      assuredBy: { kind: "api_key", id: "k" },
    })
    const plan = planImport(
      [curated],
      [entry("01", { availability: { capacity: 10, asOf: "2026-07-01T00:00:00.000Z" } })],
      {
        source: "mhlw_kaigo_kohyo",
      },
    )
    expect(plan.unchanged).toBe(1)
    expect(plan.changed).toEqual([])
  })

  it("reports a changed capacity, but not the date it was read", () => {
    const current = stored(entry("01", { availability: { capacity: 10, asOf: "2026-01-01T00:00:00.000Z" } }))
    const plan = planImport(
      [current],
      [entry("01", { availability: { capacity: 12, asOf: "2026-07-01T00:00:00.000Z" } })],
      {
        source: "mhlw_kaigo_kohyo",
      },
    )
    expect(plan.changed[0]?.changes).toEqual([{ field: "availability.capacity", from: 10, to: 12 }])
  })

  it("speaks only for its own scope and source, and not for entries already closed", () => {
    const other = stored(entry("05", {}, "430")) // another service's file
    const manual = stored(NewResource.parse({ ...entry("06"), provenance: { source: "manual" } }))
    const closed = stored(entry("07"), { status: "closed", closedOn: "2026-03-31" })
    const plan = planImport([other, manual, closed], [], { source: "mhlw_kaigo_kohyo", inScope: in130 })
    expect(plan.missing).toEqual([])
  })

  it("plans a key that occurs twice in the file once, and reports it", () => {
    const plan = planImport([], [entry("01"), entry("01", { name: "別名" })], { source: "mhlw_kaigo_kohyo" })
    expect(plan.added).toHaveLength(1)
    expect(plan.added[0]?.name).toBe("テスト事業所01")
    expect(plan.duplicateKeys).toEqual(["130:0260190001"])
  })

  it("plans nothing when the same file is imported twice (applying is idempotent)", () => {
    const file = [entry("01"), entry("02")]
    const directory = file.map((r) => stored(r))
    const plan = planImport(directory, file, { source: "mhlw_kaigo_kohyo" })
    expect({ added: plan.added.length, changed: plan.changed.length, missing: plan.missing.length }).toEqual({
      added: 0,
      changed: 0,
      missing: 0,
    })
    expect(plan.unchanged).toBe(2)
  })

  it("lets 医療情報ネット update opening hours, but never a 介護サービス情報公表 file", () => {
    const hours = [{ day: "mon", periods: [{ opens: "09:00", closes: "12:00" }] }]
    const newer = [{ day: "mon", periods: [{ opens: "09:00", closes: "17:00" }] }]
    const clinic = (source: "iryo_net" | "mhlw_kaigo_kohyo", h: typeof hours) =>
      entry("09", { hours: h, provenance: { source, sourceRecordId: "0000000000009" } })
    const iryo = planImport([stored(clinic("iryo_net", hours))], [clinic("iryo_net", newer)], { source: "iryo_net" })
    expect(iryo.changed[0]?.changes.map((c) => c.field)).toEqual(["hours"])
    const kaigo = planImport([stored(clinic("mhlw_kaigo_kohyo", hours))], [clinic("mhlw_kaigo_kohyo", newer)], {
      source: "mhlw_kaigo_kohyo",
    })
    expect(kaigo.changed).toEqual([])
    expect(kaigo.unchanged).toBe(1)
  })

  it("lets a 医療機関一覧 update hours and closures, a 介護サービス事業所一覧 only closures", () => {
    const hours = [{ day: "mon", periods: [{ opens: "09:00", closes: "12:00" }] }]
    const newer = [{ day: "mon", periods: [{ opens: "09:00", closes: "17:00" }] }]
    const office = (
      source: "standard_medical_institution_list" | "standard_care_office_list",
      h: typeof hours,
      holidayClosures: string,
    ) => entry("09", { hours: h, holidayClosures, provenance: { source, sourceRecordId: "09" } })
    for (const [source, fields] of [
      ["standard_medical_institution_list", ["holidayClosures", "hours"]],
      ["standard_care_office_list", ["holidayClosures"]],
    ] as const) {
      const plan = planImport([stored(office(source, hours, "年末年始"))], [office(source, newer, "日曜・祝日")], {
        source,
      })
      expect(plan.changed[0]?.changes.map((c) => c.field)).toEqual(fields)
    }
  })
})
