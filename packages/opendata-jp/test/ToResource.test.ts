import { readFileSync } from "node:fs"
import { CareOfficeNumber, NewResource, TenantId } from "@zaitaku/core"
import { describe, expect, it } from "vitest"
import type { KaigoKohyoRecord } from "../src/KaigoKohyo.js"
import { readKaigoKohyo } from "../src/KaigoKohyo.js"
import { kaigoKohyoSourceRecordId, kaigoKohyoToResource } from "../src/ToResource.js"

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
