import { readFileSync } from "node:fs"
import { CareOfficeNumber, NewResource, TenantId } from "@zaitaku/core"
import { describe, expect, it } from "vitest"
import { type IryoNetFacility, readIryoNet } from "../src/IryoNet.js"
import type { KaigoKohyoRecord } from "../src/KaigoKohyo.js"
import { readKaigoKohyo } from "../src/KaigoKohyo.js"
import {
  iryoNetCategoryFromFileName,
  iryoNetCategoryOf,
  iryoNetToResource,
  kaigoKohyoSourceRecordId,
  kaigoKohyoToResource,
} from "../src/ToResource.js"

const tenantId = TenantId.parse("0192f5a0-0000-7000-8000-000000000001")
const importedAt = "2026-07-01T00:00:00.000Z"

const recordsOf = async (name: string) => {
  const reader = readKaigoKohyo([readFileSync(new URL(`fixtures/${name}`, import.meta.url))], { fileName: name })
  const records: Array<{ line: number; record: KaigoKohyoRecord }> = []
  for await (const row of reader) if (row._tag === "Ok") records.push({ line: row.line, record: row.record })
  return records
}

const map = (record: KaigoKohyoRecord, line = 2) => kaigoKohyoToResource(record, { tenantId, importedAt, line })

describe("kaigoKohyoToResource", () => {
  it("maps the fixture's 訪問看護 row onto a valid directory entry, field by field", async () => {
    const [first] = await recordsOf("jigyosho_130.csv")
    const result = map(first!.record, first!.line)
    expect(result._tag).toBe("Ok")
    if (result._tag !== "Ok") return
    expect(result.value.resource).toEqual({
      tenantId,
      kind: "home_nursing_station",
      name: "テスト訪問看護ステーション八戸",
      nameKana: "テストホウモンカンゴステーションハチノヘ",
      identifiers: { careOfficeNumber: "0260190001" },
      address: {
        prefectureCode: "02",
        municipalityCode: "022039",
        line: "青森県八戸市内丸一丁目1-1",
        building: "テストビル2階",
      },
      location: { latitude: 40.512, longitude: 141.488 },
      phone: "0178-00-0001",
      fax: "0178-00-0002",
      url: "https://example.jp/houkan-hachinohe",
      hours: [],
      capabilities: [],
      serviceArea: [],
      status: "active",
      provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: "130:0260190001", importedAt },
      notes: "利用可能曜日: 月火水木金\n土日祝は要相談\n24時間連絡体制あり",
    })
    expect(result.value.organization).toEqual({ corporateNumber: "5402000000001", name: { ja: "株式会社テスト" } })
    // what comes out is exactly what core accepts
    expect(NewResource.parse(result.value.resource)).toEqual(result.value.resource)
  })

  it("keeps an e-mail address or a number from the URL column in contactNotes, and no capacity for a visit service", async () => {
    const records = await recordsOf("jigyosho_130.csv")
    const byLine = new Map(records.map((r) => [r.line, r.record]))
    const email = map(byLine.get(6)!, 6)
    const phone = map(byLine.get(7)!, 7)
    expect(email._tag === "Ok" && email.value.resource.contactNotes).toBe("URL欄: info@example.jp")
    expect(email._tag === "Ok" && email.value.resource.url).toBeUndefined()
    expect(phone._tag === "Ok" && phone.value.resource.contactNotes).toBe("URL欄: 011-000-0062")
    for (const result of [email, phone]) {
      expect(result._tag === "Ok" && result.value.resource.availability).toBeUndefined()
    }
  })

  it("gives the same entries from the UTF-8, UTF-8-with-BOM and Shift_JIS files", async () => {
    const mapped = async (name: string) =>
      (await recordsOf(name)).map(({ record, line }) => {
        const result = map({ ...record, serviceTypeCode: "130" }, line)
        return result._tag === "Ok" ? result.value : result
      })
    const bom = await mapped("jigyosho_130.csv")
    expect(bom).toHaveLength(3)
    expect(await mapped("jigyosho_130_utf8.csv")).toEqual(bom)
    expect(await mapped("jigyosho_130_sjis.csv")).toEqual(bom)
  })

  it("keeps 定員 as capacity, as of the import, for a service with places", async () => {
    const [first] = await recordsOf("jigyosho_130.csv")
    const result = map({ ...first!.record, serviceTypeCode: "150", capacity: 25, capacityNotApplicable: false })
    expect(result._tag === "Ok" && result.value.resource.kind).toBe("day_service")
    expect(result._tag === "Ok" && result.value.resource.availability).toEqual({ capacity: 25, asOf: importedAt })
  })

  it("keeps a phone number that is not a valid Japanese number as written, instead of dropping it", async () => {
    const [first] = await recordsOf("jigyosho_130.csv")
    const result = map({ ...first!.record, phone: "0178-00-0001（代表）内線12" })
    expect(result._tag).toBe("Ok")
    if (result._tag !== "Ok") return
    expect(result.value.resource.phone).toBeUndefined()
    expect(result.value.resource.contactNotes).toBe("電話番号: 0178-00-0001（代表）内線12")
  })

  it("reports an unsupported service type code and a missing address with the file's column names", async () => {
    const [first] = await recordsOf("jigyosho_130.csv")
    const unknown = map({ ...first!.record, serviceTypeCode: "999" }, 5)
    expect(unknown).toEqual({
      _tag: "Invalid",
      errors: [
        {
          line: 5,
          column: "サービスの種類",
          code: "service_type_code",
          reason: { ja: "サービス種類コード999は未対応です", en: "Service type code 999 is not supported" },
        },
      ],
    })
    const { address: _address, ...withoutAddress } = first!.record
    const missing = map(withoutAddress, 8)
    expect(missing._tag).toBe("Invalid")
    expect(missing._tag === "Invalid" && missing.errors.map((e) => [e.line, e.column])).toEqual([[8, "住所"]])
  })

  it("keys a record by service type and office number", () => {
    expect(
      kaigoKohyoSourceRecordId({ serviceTypeCode: "430", officeNumber: CareOfficeNumber.parse("0270100011") }),
    ).toBe("430:0270100011")
  })
})

const facilitiesOf = async () => {
  const read = (name: string) => [readFileSync(new URL(`fixtures/${name}`, import.meta.url))]
  const reader = readIryoNet(
    read("02-1_clinic_facility_info_20260601.csv"),
    read("02-2_clinic_speciality_hours_20260601.csv"),
  )
  const facilities: Array<{ line: number; record: IryoNetFacility }> = []
  for await (const row of reader) if (row._tag === "Ok") facilities.push({ line: row.line, record: row.record })
  return facilities
}

const mapFacility = (facility: IryoNetFacility, line = 2) =>
  iryoNetToResource(facility, { tenantId, importedAt, line, category: "clinic" })

const period = (opens: string, closes: string) => ({ opens, closes })

describe("iryoNetToResource", () => {
  it("maps the fixture's clinic with beds field by field: hours merged across departments, closures, notes", async () => {
    const [first] = await facilitiesOf()
    const result = mapFacility(first!.record, first!.line)
    expect(result._tag).toBe("Ok")
    if (result._tag !== "Ok") return
    const morning = period("09:00", "12:00")
    const afternoon = period("14:00", "18:00")
    expect(result.value).toEqual({
      resource: {
        tenantId,
        kind: "clinic_with_beds",
        name: "医療法人テスト会テスト内科クリニック",
        nameKana: "イリョウホウジンテストカイテストナイカクリニック",
        identifiers: { iryoNetId: "0000000000001" },
        address: { prefectureCode: "02", municipalityCode: "022039", line: "青森県八戸市内丸二丁目2-2" },
        location: { latitude: 40.5123, longitude: 141.4889 },
        url: "https://example.jp/naika",
        hours: [
          // 内科 (2 slots) and 小児科 (Monday morning) together
          { day: "mon", periods: [morning, afternoon] },
          { day: "tue", periods: [morning, afternoon] },
          { day: "wed", periods: [morning, afternoon] },
          { day: "thu", periods: [morning] },
          { day: "fri", periods: [morning, afternoon] },
          { day: "sat", periods: [morning] },
        ],
        holidayClosures: "祝日、年末年始",
        availability: { capacity: 19, asOf: importedAt },
        capabilities: [],
        serviceArea: [],
        status: "active",
        provenance: { source: "iryo_net", sourceRecordId: "0000000000001", importedAt },
        notes: "診療科: 内科、小児科\n病床: 一般19床（合計19床）\n略称: テスト内科クリニック",
      },
    })
    expect(NewResource.parse(result.value.resource)).toEqual(result.value.resource)
  })

  it("maps a clinic without beds, departments or hours, keeping the ID's leading zeros", async () => {
    const [, second] = await facilitiesOf()
    const result = mapFacility(second!.record, second!.line)
    expect(result._tag === "Ok" && result.value.resource).toEqual({
      tenantId,
      kind: "clinic_without_beds",
      name: "テスト在宅クリニック三戸",
      identifiers: { iryoNetId: "0000000000002" },
      address: { prefectureCode: "02", municipalityCode: "024414", line: "青森県三戸郡三戸町大字同心町1" },
      hours: [],
      capabilities: [],
      serviceArea: [],
      status: "active",
      provenance: { source: "iryo_net", sourceRecordId: "0000000000002", importedAt },
    })
  })

  it("merges overlapping periods and keeps unreadable times as written in notes", async () => {
    const [first] = await facilitiesOf()
    const { shortName: _shortName, ...record } = first!.record
    const result = mapFacility({
      ...record,
      beds: {},
      departments: [
        { code: "01", name: "内科", slot: "1", hours: [{ day: "mon", start: "9:00", end: "12:00" }] },
        { code: "02", name: "外科", slot: "1", hours: [{ day: "mon", start: "１０：３０", end: "13:00" }] },
        { code: "02", name: "外科", slot: "2", hours: [{ day: "mon", start: "13:00", end: "15:00" }] },
        { code: "02", name: "外科", slot: "3", hours: [{ day: "tue", start: "9時", end: "12:00" }] },
        { code: "02", name: "外科", slot: "4", hours: [{ day: "holiday", start: "18:00", end: "09:00" }] },
        { code: "03", name: "整形外科", slot: "1", hours: [{ day: "wed", end: "12:00" }] },
      ],
    })
    expect(result._tag).toBe("Ok")
    if (result._tag !== "Ok") return
    expect(result.value.resource.kind).toBe("clinic_without_beds")
    expect(result.value.resource.hours).toEqual([{ day: "mon", periods: [period("09:00", "15:00")] }])
    expect(result.value.resource.availability).toBeUndefined()
    expect(result.value.resource.notes).toBe(
      "診療科: 内科、外科、整形外科\n診療時間（取り込めなかった値）: 外科 火 9時〜12:00、外科 祝 18:00〜09:00、整形外科 水 〜12:00",
    )
  })

  it("takes the kind from 機関区分: 病院 with its beds as capacity, 歯科診療所, or the file's category when empty", async () => {
    const [first] = await facilitiesOf()
    const hospital = iryoNetToResource(
      { ...first!.record, institutionKind: "1", beds: { general: 120, longTermCare: 40, total: 160 } },
      { tenantId, importedAt, line: 2 },
    )
    expect(hospital._tag === "Ok" && hospital.value.resource).toMatchObject({
      kind: "hospital",
      availability: { capacity: 160, asOf: importedAt },
      notes: expect.stringContaining("病床: 一般120床、療養40床（合計160床）"),
    })
    const dental = iryoNetToResource(
      { ...first!.record, institutionKind: "歯科診療所", beds: {} },
      {
        tenantId,
        importedAt,
        line: 2,
      },
    )
    expect(dental._tag === "Ok" && dental.value.resource.kind).toBe("dental_clinic")
    const { institutionKind: _kind, ...withoutKind } = first!.record
    expect(mapFacility(withoutKind)._tag === "Ok").toBe(true)
  })

  it("reports an unknown 機関区分, one that contradicts the file, and a bad address with the file's columns", async () => {
    const [first] = await facilitiesOf()
    const errorsOf = (result: ReturnType<typeof mapFacility>) =>
      result._tag === "Invalid" ? result.errors.map((e) => [e.line, e.column, e.code]) : result
    expect(errorsOf(mapFacility({ ...first!.record, institutionKind: "4" }, 7))).toEqual([
      [7, "機関区分", "institution_kind"],
    ])
    expect(errorsOf(mapFacility({ ...first!.record, institutionKind: "1" }, 8))).toEqual([
      [8, "機関区分", "institution_kind_file"],
    ])
    const { institutionKind: _kind, ...withoutKind } = first!.record
    expect(errorsOf(iryoNetToResource(withoutKind, { tenantId, importedAt, line: 9 }))).toEqual([
      [9, "機関区分", "required"],
    ])
    expect(errorsOf(mapFacility({ ...first!.record, address: " " }, 10))).toEqual([[10, "所在地", "too_small"]])
    // in range, but not in Japan
    const abroad = mapFacility({ ...first!.record, latitude: 40.5, longitude: 40.5 }, 11)
    expect(errorsOf(abroad)).toEqual([[11, "所在地座標（緯度）", "outside_japan"]])
    expect(abroad._tag === "Invalid" && abroad.errors[0]!.reason.ja).toMatch(/日本の範囲外/)
  })

  it("knows the facility file's category from its MHLW name and 機関区分 codes", () => {
    expect(iryoNetCategoryFromFileName("01-1_hospital_facility_info_20260601.csv")).toBe("hospital")
    expect(iryoNetCategoryFromFileName("/tmp/02-1_clinic_facility_info_20260601.csv")).toBe("clinic")
    expect(iryoNetCategoryFromFileName("03-1_dental_facility_info_20251201")).toBe("dental")
    expect(iryoNetCategoryFromFileName("02-1_hospital_facility_info.csv")).toBeUndefined()
    expect(iryoNetCategoryFromFileName("facilities.csv")).toBeUndefined()
    expect([iryoNetCategoryOf("１"), iryoNetCategoryOf("診療所"), iryoNetCategoryOf("3")]).toEqual([
      "hospital",
      "clinic",
      "dental",
    ])
    expect(iryoNetCategoryOf("4")).toBeUndefined()
  })
})
