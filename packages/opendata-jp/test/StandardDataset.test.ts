import { readFileSync } from "node:fs"
import { NewResource, TenantId } from "@zaitaku/core"
import { describe, expect, it } from "vitest"
import { CsvFileError, type ImportRow, type RecordReader } from "../src/CsvReader.js"
import {
  decodeMedicalInstitutionListRow,
  kaigoServiceOfficeListHeader,
  medicalInstitutionListColumns,
  medicalInstitutionListHeader,
  readKaigoServiceOfficeList,
  readMedicalInstitutionList,
} from "../src/StandardDataset.js"
import {
  kaigoServiceOfficeListToResource,
  kindForCareService,
  type MappingResult,
  medicalInstitutionListToResource,
  parseDaysOfWeek,
} from "../src/ToResource.js"

const tenantId = TenantId.parse("0192f5a0-0000-7000-8000-000000000001")
const importedAt = "2026-07-01T00:00:00.000Z"
const context = (line: number) => ({ tenantId, importedAt, line })

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url))

/** Splits a buffer into chunks of `size` bytes, to show that decoding does not depend on chunk boundaries. */
const chunks = (bytes: Uint8Array, size: number): Array<Uint8Array> => {
  const out: Array<Uint8Array> = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}

/** Reads a file and maps every good row: the outcome per line, as an import sees it. */
const importAll = async <R>(reader: RecordReader<R>, map: (record: R, line: number) => MappingResult) => {
  const outcomes: Array<{ line: number; result: ImportRow<R> | MappingResult }> = []
  for await (const row of reader) {
    outcomes.push({ line: row.line, result: row._tag === "Ok" ? map(row.record, row.line) : row })
  }
  const entries = outcomes.flatMap(({ result }) => (result._tag === "Ok" && "value" in result ? [result.value] : []))
  const errors = outcomes.flatMap(({ result }) =>
    result._tag === "Invalid" ? result.errors.map((e) => ({ line: e.line, column: e.column, code: e.code })) : [],
  )
  return { entries, errors, summary: reader.summary }
}

const importKaigo = (bytes: Uint8Array | Array<Uint8Array>, options = {}) =>
  importAll(readKaigoServiceOfficeList(Array.isArray(bytes) ? bytes : [bytes], options), (record, line) =>
    kaigoServiceOfficeListToResource(record, context(line)),
  )

const importMedical = (bytes: Uint8Array | Array<Uint8Array>, options = {}) =>
  importAll(readMedicalInstitutionList(Array.isArray(bytes) ? bytes : [bytes], options), (record, line) =>
    medicalInstitutionListToResource(record, context(line)),
  )

const base = { tenantId, capabilities: [], serviceArea: [], status: "active", hours: [] } as const

const expectedKaigoEntries = [
  {
    resource: {
      ...base,
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
      contactNotes: "内線番号: 12",
      holidayClosures: "年末年始を除く",
      provenance: {
        source: "standard_care_office_list",
        sourceRecordId: "home_nursing_station:0260190001",
        importedAt,
      },
      notes: "利用可能曜日: 月火水木金\n24時間連絡体制あり",
    },
    organization: { corporateNumber: "5402000000001", name: { ja: "株式会社テスト" } },
  },
  {
    resource: {
      ...base,
      kind: "home_help",
      name: "テスト訪問介護八戸",
      nameKana: "テストホウモンカイゴハチノヘ",
      identifiers: { careOfficeNumber: "0260190001" },
      address: { prefectureCode: "02", municipalityCode: "022039", line: "青森県八戸市内丸一丁目1-1" },
      phone: "0178-00-0001",
      provenance: { source: "standard_care_office_list", sourceRecordId: "home_help:0260190001", importedAt },
    },
  },
  {
    resource: {
      ...base,
      kind: "day_service",
      name: "テストデイサービス白銀",
      nameKana: "テストデイサービスシロガネ",
      identifiers: { careOfficeNumber: "0270100002" },
      address: { prefectureCode: "02", municipalityCode: "022039", line: "青森県八戸市白銀町1-1" },
      location: { latitude: 40.53, longitude: 141.55 },
      phone: "0178-00-0011",
      contactNotes: "FAX番号: 0178-00-001\nURL欄: info@example.jp",
      availability: { capacity: 25, asOf: importedAt },
      provenance: { source: "standard_care_office_list", sourceRecordId: "day_service:0270100002", importedAt },
      notes: "利用可能曜日: 月～土",
    },
  },
  {
    resource: {
      ...base,
      kind: "special_nursing_home",
      name: "テスト特別養護老人ホーム三戸",
      nameKana: "テストトクベツヨウゴロウジンホームサンノヘ",
      identifiers: { careOfficeNumber: "0270100003" },
      address: { prefectureCode: "02", municipalityCode: "024414", line: "青森県三戸郡三戸町大字在府小路町1" },
      phone: "0179-00-0021",
      availability: { capacity: 80, asOf: importedAt },
      provenance: {
        source: "standard_care_office_list",
        sourceRecordId: "special_nursing_home:0270100003",
        importedAt,
      },
    },
    organization: { corporateNumber: "4402000000002", name: { ja: "医療法人社団テスト会" } },
  },
  {
    resource: {
      ...base,
      kind: "care_management_office",
      name: "テストケアプランセンター",
      nameKana: "テストケアプランセンター",
      identifiers: { careOfficeNumber: "0270100009" },
      address: { prefectureCode: "02", municipalityCode: "022039", line: "青森県八戸市長者1-1" },
      phone: "0178-00-0071",
      provenance: {
        source: "standard_care_office_list",
        sourceRecordId: "care_management_office:0270100009",
        importedAt,
      },
      notes: "利用可能曜日: 月火水木金\n主任介護支援専門員2名, 特定事業所加算\n相談は随時",
    },
  },
]

const expectedKaigoErrors = [
  { line: 6, column: "実施サービス", code: "service" },
  { line: 7, column: "介護サービス事業所名称_カナ", code: "required" },
  { line: 7, column: "電話番号", code: "required" },
  { line: 8, column: "事業所番号", code: "required" },
  { line: 9, column: "都道府県コード又は市区町村コード", code: "prefecture_code" },
  { line: 10, column: "経度", code: "longitude_range" },
  { line: 10, column: "法人番号", code: "check_digit" },
  { line: 13, column: undefined, code: "column_count" },
]

const week = (days: ReadonlyArray<string>, opens: string, closes: string) =>
  days.map((day) => ({ day, periods: [{ opens, closes }] }))

const expectedMedicalEntries = [
  {
    resource: {
      ...base,
      kind: "clinic_without_beds",
      name: "テスト内科クリニック",
      nameKana: "テストナイカクリニック",
      identifiers: { medicalInstitutionCode: "0210000001" },
      address: {
        prefectureCode: "02",
        municipalityCode: "022039",
        line: "青森県八戸市内丸二丁目2-2",
        building: "テストメディカルビル1階",
      },
      location: { latitude: 40.5123, longitude: 141.4889 },
      phone: "0178-00-1001",
      fax: "0178-00-1002",
      url: "https://example.jp/naika",
      hours: week(["mon", "tue", "wed", "thu", "fri"], "09:00", "18:00"),
      holidayClosures: "木曜午後休診",
      provenance: { source: "standard_medical_institution_list", sourceRecordId: "0210000001", importedAt },
      notes: "診療科: 内科、小児科\n時間外における対応: 往診対応（要相談）\n駐車場10台",
    },
    organization: { corporateNumber: "4402000000002", name: { ja: "医療法人社団テスト会" } },
  },
  {
    resource: {
      ...base,
      kind: "clinic_with_beds",
      name: "テスト外科医院",
      nameKana: "テストゲカイイン",
      identifiers: { medicalInstitutionCode: "0210000002" },
      address: { prefectureCode: "02", municipalityCode: "022039", line: "青森県八戸市長者2-2" },
      phone: "0178-00-1011",
      url: "https://example.jp/clinic",
      hours: week(["mon", "tue", "wed", "thu", "fri", "sat"], "09:00", "12:30"),
      availability: { capacity: 19, asOf: importedAt },
      provenance: { source: "standard_medical_institution_list", sourceRecordId: "0210000002", importedAt },
      notes: "診療科: 外科、整形外科",
    },
  },
  {
    resource: {
      ...base,
      kind: "hospital",
      name: "テスト三戸病院",
      nameKana: "テストサンノヘビョウイン",
      identifiers: { medicalInstitutionCode: "0210000003" },
      address: { prefectureCode: "02", municipalityCode: "024414", line: "青森県三戸郡三戸町大字同心町2" },
      phone: "0179-00-1021",
      contactNotes: "内線番号: 100\nURL欄: 0179-00-1022",
      hours: week(["mon", "tue", "wed", "thu", "fri"], "08:30", "17:00"),
      availability: { capacity: 120, asOf: importedAt },
      provenance: { source: "standard_medical_institution_list", sourceRecordId: "0210000003", importedAt },
      notes: "診療科: 内科、外科、整形外科",
    },
  },
  {
    resource: {
      ...base,
      kind: "clinic_without_beds",
      name: "テスト在宅クリニック",
      nameKana: "テストザイタククリニック",
      identifiers: { medicalInstitutionCode: "0210000004" },
      address: { prefectureCode: "02", municipalityCode: "022039", line: "青森県八戸市番町5" },
      url: "https://example.jp/clinic",
      provenance: { source: "standard_medical_institution_list", sourceRecordId: "0210000004", importedAt },
      notes: "診療科: 内科\n診療曜日: 平日\n診療開始時間: 09:00\n診療終了時間: 18:00",
    },
  },
]

const expectedMedicalErrors = [
  { line: 6, column: "医療機関の種類", code: "institution_type" },
  { line: 7, column: "診療科目", code: "required" },
  { line: 7, column: "病床数", code: "beds" },
  { line: 8, column: "URL", code: "required" },
  { line: 8, column: "医療機関コード", code: "format" },
  { line: 9, column: "都道府県コード又は市区町村コード", code: "check_digit" },
]

describe("介護サービス事業所一覧 (デジタル庁 standard dataset)", () => {
  it("imports every good row as a directory entry, field by field", async () => {
    const { entries, summary } = await importKaigo(fixture("kaigo_service_office_list.csv"))
    expect(entries).toEqual(expectedKaigoEntries)
    // what comes out is exactly what core accepts
    for (const { resource } of entries) expect(NewResource.parse(resource)).toEqual(resource)
    expect(summary).toEqual({ rows: 11, ok: 6, invalid: 5, errors: 7, encoding: "utf-8-bom" })
  })

  it("reports each bad row with its line, column and a reason in Japanese and English, and keeps reading", async () => {
    const { errors } = await importKaigo(fixture("kaigo_service_office_list.csv"))
    expect(errors).toEqual(expectedKaigoErrors)
    const rows: Array<ImportRow<unknown>> = []
    for await (const row of readKaigoServiceOfficeList([fixture("kaigo_service_office_list.csv")])) rows.push(row)
    const reasons = rows.flatMap((row) => (row._tag === "Invalid" ? row.errors.map((e) => e.reason) : []))
    expect(reasons).toContainEqual({
      ja: "020001は都道府県のコードです。事業所の所在する市区町村のコードを入力してください",
      en: "020001 is a prefecture's code: give the code of the municipality where the office is",
    })
    expect(reasons).toContainEqual({ ja: "電話番号は必須です", en: "電話番号 is required" })
    for (const reason of reasons) {
      expect(reason.ja).not.toBe("")
      expect(reason.en).not.toBe("")
    }
  })

  it("reads the Shift_JIS file, even one byte at a time, into the same entries and errors", async () => {
    for (const size of [1, 7, 65536]) {
      const { entries, errors, summary } = await importKaigo(
        chunks(fixture("kaigo_service_office_list_sjis.csv"), size),
      )
      expect(entries).toEqual(expectedKaigoEntries)
      expect(errors).toEqual(expectedKaigoErrors)
      expect(summary.encoding).toBe("cp932")
    }
  })

  it("reads UTF-8 without a BOM", async () => {
    const bytes = fixture("kaigo_service_office_list.csv").subarray(3)
    const { entries, summary } = await importKaigo(bytes)
    expect(entries).toEqual(expectedKaigoEntries)
    expect(summary.encoding).toBe("utf-8")
  })

  it("rejects the whole file at the first bad row in strict mode", async () => {
    const seen: Array<number> = []
    const error = await (async () => {
      for await (const row of readKaigoServiceOfficeList([fixture("kaigo_service_office_list.csv")], {
        strict: true,
      })) {
        seen.push(row.line)
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(CsvFileError)
    expect(error).toMatchObject({
      reason: "row_rejected",
      line: 7,
      rowErrors: [
        { line: 7, column: "介護サービス事業所名称_カナ", code: "required" },
        { line: 7, column: "電話番号", code: "required" },
      ],
    })
    expect((error as CsvFileError).detail.ja).toContain("7行目にエラーがあるため、ファイル全体を取り込みません")
    // line 6 is a good row for the reader: its 実施サービス is checked by the mapping (the import is strict there)
    expect(seen).toEqual([2, 3, 4, 5, 6])
  })

  it("rejects a header that is not the 22 columns, and the 24-column 介護サービス情報公表 header", async () => {
    const header = kaigoServiceOfficeListHeader.filter((column) => column !== "内線番号")
    const run = (text: string) =>
      (async () => {
        for await (const _ of readKaigoServiceOfficeList([new TextEncoder().encode(text)])) {
        }
      })().then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(await run(`${header.join(",")}\r\n`)).toMatchObject({
      _tag: "CsvFileError",
      reason: "header",
      mismatch: { missing: ["内線番号"], unexpected: [] },
    })
    const kohyo = readFileSync(new URL("fixtures/jigyosho_130.csv", import.meta.url), "utf8")
    expect(await run(kohyo)).toMatchObject({ reason: "header" })
  })

  it("takes the caller's municipality for rows whose code is empty, never over a code the row gives", async () => {
    const text = (code: string) =>
      `${kaigoServiceOfficeListHeader.join(",")}\r\n${code},1,,,テスト訪問介護,テストホウモンカイゴ,訪問介護,青森県三戸郡三戸町1,,,,0179-00-0001,,,,,0270100010,,,,,\r\n`
    const withFallback = await importKaigo(new TextEncoder().encode(text("")), { municipalityCode: "024414" })
    expect(withFallback.entries[0]?.resource.address.municipalityCode).toBe("024414")
    const given = await importKaigo(new TextEncoder().encode(text("022039")), { municipalityCode: "024414" })
    expect(given.entries[0]?.resource.address.municipalityCode).toBe("022039")
    const without = await importKaigo(new TextEncoder().encode(text("")))
    expect(without.errors).toEqual([{ line: 2, column: "都道府県コード又は市区町村コード", code: "required" }])
    expect(() => readKaigoServiceOfficeList([], { municipalityCode: "020001" })).toThrow(RangeError)
  })

  it("keeps 定員 0 as zero places for a service with places, and as not applicable for a visit service", async () => {
    const row = (service: string, capacity: string) =>
      `${kaigoServiceOfficeListHeader.join(",")}\r\n022039,1,,,テスト,テスト,${service},八戸市1,,,,0178-00-0001,,,,,0270100011,,,${capacity},,\r\n`
    const day = await importKaigo(new TextEncoder().encode(row("通所介護", "0")))
    expect(day.entries[0]?.resource.availability).toEqual({ capacity: 0, asOf: importedAt })
    const visit = await importKaigo(new TextEncoder().encode(row("訪問介護", "0")))
    expect(visit.entries[0]?.resource.availability).toBeUndefined()
  })
})

describe("医療機関一覧 (デジタル庁 standard dataset)", () => {
  it("imports every good row as a directory entry, field by field", async () => {
    const { entries, summary } = await importMedical(fixture("medical_institution_list.csv"))
    expect(entries).toEqual(expectedMedicalEntries)
    for (const { resource } of entries) expect(NewResource.parse(resource)).toEqual(resource)
    expect(summary).toEqual({ rows: 8, ok: 4, invalid: 4, errors: 6, encoding: "utf-8" })
  })

  it("reports each bad row with its line, column and a bilingual reason", async () => {
    const { errors } = await importMedical(fixture("medical_institution_list.csv"))
    expect(errors).toEqual(expectedMedicalErrors)
    const rows: Array<ImportRow<unknown>> = []
    for await (const row of readMedicalInstitutionList([fixture("medical_institution_list.csv")])) rows.push(row)
    const first = rows.find((row) => row._tag === "Invalid")
    expect(first?._tag === "Invalid" && first.errors[0]?.reason).toEqual({
      ja: "医療機関の種類は「病院」「有床診療所」「無床診療所」のいずれかです（「歯科診療所」が入力されました）",
      en: "医療機関の種類 must be 病院, 有床診療所 or 無床診療所, got 歯科診療所",
    })
  })

  it("reads the Shift_JIS file, in any chunks, into the same entries and errors", async () => {
    for (const size of [1, 5, 65536]) {
      const { entries, errors, summary } = await importMedical(
        chunks(fixture("medical_institution_list_sjis.csv"), size),
      )
      expect(entries).toEqual(expectedMedicalEntries)
      expect(errors).toEqual(expectedMedicalErrors)
      expect(summary.encoding).toBe("cp932")
    }
  })

  it("rejects the whole file at the first bad row in strict mode", async () => {
    const error = await (async () => {
      for await (const _ of readMedicalInstitutionList([fixture("medical_institution_list.csv")], { strict: true })) {
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({
      _tag: "CsvFileError",
      reason: "row_rejected",
      line: 6,
      rowErrors: [{ column: "医療機関の種類", code: "institution_type" }],
    })
  })

  it("finds columns by name: other leading columns are fine, the code column or a municipality is needed", async () => {
    // the named columns only, in another order, with a column this reader does not know
    const header = ["独自の列", ...[...medicalInstitutionListColumns].reverse()]
    const values: Record<string, string> = {
      独自の列: "x",
      名称: "テスト診療所",
      名称_カナ: "テストシンリョウジョ",
      医療機関の種類: "無床診療所",
      住所: "青森県三戸郡三戸町1",
      医療機関コード: "0210000010",
      診療曜日: "月水金",
      診療開始時間: "９：００",
      診療終了時間: "17:00",
      診療科目: "内科",
      病床数: "0",
      URL: "www.example.jp",
    }
    const text = `${header.join(",")}\r\n${header.map((column) => values[column] ?? "").join(",")}\r\n`
    const bytes = new TextEncoder().encode(text)
    const missing = await importMedical(bytes).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(missing).toMatchObject({
      _tag: "CsvFileError",
      reason: "header",
      mismatch: { missing: ["都道府県コード又は市区町村コード"] },
    })
    const { entries, errors } = await importMedical(bytes, { municipalityCode: "024414" })
    expect(errors).toEqual([])
    expect(entries[0]?.resource).toMatchObject({
      address: { prefectureCode: "02", municipalityCode: "024414", line: "青森県三戸郡三戸町1" },
      url: "http://www.example.jp/",
      hours: week(["mon", "wed", "fri"], "09:00", "17:00"),
    })
  })

  it("keeps 診療曜日 and times it cannot read as written, and the entry without hours", () => {
    const decode = decodeMedicalInstitutionListRow()
    const values: Record<string, string> = {
      都道府県コード又は市区町村コード: "022039",
      名称: "テスト",
      名称_カナ: "テスト",
      医療機関の種類: "病院",
      住所: "八戸市1",
      医療機関コード: "0210000011",
      診療曜日: "月火",
      診療開始時間: "18:00",
      診療終了時間: "09:00",
      診療科目: "内科",
      病床数: "20",
      URL: "https://example.jp",
    }
    const decoded = decode(
      medicalInstitutionListHeader.map((column) => values[column] ?? ""),
      2,
      medicalInstitutionListHeader,
    )
    expect(decoded._tag).toBe("Ok")
    if (decoded._tag !== "Ok") return
    const mapped = medicalInstitutionListToResource(decoded.value, context(2))
    expect(mapped._tag === "Ok" && mapped.value.resource).toMatchObject({
      hours: [],
      notes: "診療科: 内科\n診療曜日: 月火\n診療開始時間: 18:00\n診療終了時間: 09:00",
    })
  })
})

describe("parseDaysOfWeek", () => {
  it.each([
    ["月火水木金", ["mon", "tue", "wed", "thu", "fri"]],
    ["月〜金", ["mon", "tue", "wed", "thu", "fri"]],
    ["月～土", ["mon", "tue", "wed", "thu", "fri", "sat"]],
    ["月-水、金", ["mon", "tue", "wed", "fri"]],
    ["月曜日・水曜日・土曜", ["mon", "wed", "sat"]],
    ["日,祝", ["sun", "holiday"]],
    ["土日祝日", ["sat", "sun", "holiday"]],
    ["金月", ["mon", "fri"]],
  ])("reads %s", (text, days) => {
    expect(parseDaysOfWeek(text)).toEqual(days)
  })

  it.each([["平日"], [""], ["金〜月"], ["月〜"], ["24時間"]])("does not read %j", (text) => {
    expect(parseDaysOfWeek(text)).toBeUndefined()
  })
})

describe("kindForCareService", () => {
  it("knows kind labels, labels without their parenthesis, service names and service type codes", () => {
    expect(kindForCareService("訪問看護ステーション")).toBe("home_nursing_station")
    expect(kindForCareService("訪問看護")).toBe("home_nursing_station")
    expect(kindForCareService("介護老人福祉施設（特別養護老人ホーム）")).toBe("special_nursing_home")
    expect(kindForCareService("介護老人福祉施設")).toBe("special_nursing_home")
    expect(kindForCareService("居宅介護支援")).toBe("care_management_office")
    expect(kindForCareService("地域包括支援センター")).toBe("community_comprehensive_support_center")
    expect(kindForCareService("７８０")).toBe("community_day_service")
    expect(kindForCareService(" 通所介護 ")).toBe("day_service")
  })

  it("knows no medical or community kind", () => {
    for (const name of ["病院", "無床診療所", "薬局", "通いの場", "配食サービス", "999"]) {
      expect(kindForCareService(name)).toBeUndefined()
    }
  })
})
