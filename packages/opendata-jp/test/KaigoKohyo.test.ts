import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { CsvFileError, type ImportRow } from "../src/CsvReader.js"
import {
  classifyUrlColumn,
  decodeKaigoKohyoRow,
  KaigoKohyoRecord,
  kaigoKohyoHeader,
  readKaigoKohyo,
  serviceTypeCodeFromFileName,
} from "../src/KaigoKohyo.js"

const fixture = (name: string): Buffer => readFileSync(new URL(`fixtures/${name}`, import.meta.url))

const chunksOf = (bytes: Uint8Array, size: number): Array<Uint8Array> => {
  const out: Array<Uint8Array> = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}

const readAll = async (name: string, chunkSize?: number, strict = false) => {
  const bytes = fixture(name)
  const reader = readKaigoKohyo(chunkSize === undefined ? [bytes] : chunksOf(bytes, chunkSize), {
    fileName: name,
    strict,
  })
  const rows: Array<ImportRow<KaigoKohyoRecord>> = []
  for await (const row of reader) rows.push(row)
  return { rows, summary: reader.summary }
}

const okRecords = (rows: ReadonlyArray<ImportRow<KaigoKohyoRecord>>) =>
  rows.flatMap((row) => (row._tag === "Ok" ? [{ line: row.line, record: row.record }] : []))

const errorsOf = (rows: ReadonlyArray<ImportRow<KaigoKohyoRecord>>) =>
  rows.flatMap((row) =>
    row._tag === "Invalid" ? row.errors.map((e) => ({ line: e.line, column: e.column, code: e.code })) : [],
  )

const expectedRecords = [
  {
    line: 2,
    record: {
      municipalityCode: "022039",
      no: "1",
      prefectureName: "青森県",
      municipalityName: "八戸市",
      officeNumber: "0260190001",
      name: "テスト訪問看護ステーション八戸",
      nameKana: "テストホウモンカンゴステーションハチノヘ",
      serviceType: "訪問看護",
      serviceTypeCode: "130",
      address: "青森県八戸市内丸一丁目1-1",
      building: "テストビル2階",
      latitude: 40.512,
      longitude: 141.488,
      phone: "0178-00-0001",
      fax: "0178-00-0002",
      corporateNumber: "5402000000001",
      corporateName: "株式会社テスト",
      availableDays: "月火水木金",
      availableDaysNote: "土日祝は要相談",
      capacityNotApplicable: true,
      url: "https://example.jp/houkan-hachinohe",
      urlColumnKind: "url",
      sharedServiceFlags: {},
      notes: "24時間連絡体制あり",
    },
  },
  {
    line: 6,
    record: {
      municipalityCode: "024414",
      no: "5",
      prefectureName: "青森県",
      municipalityName: "三戸町",
      officeNumber: "0260190005",
      name: "テスト訪問看護ステーション梅内",
      nameKana: "テストホウモンカンゴステーションウメナイ",
      serviceType: "訪問看護",
      serviceTypeCode: "130",
      address: "青森県三戸郡三戸町大字梅内2",
      latitude: 40.39,
      longitude: 141.27,
      phone: "0179-00-0041",
      fax: "0179-00-0042",
      corporateNumber: "4402000000002",
      corporateName: "医療法人社団テスト会",
      availableDays: "月火水木金土",
      capacityNotApplicable: true,
      contact: "info@example.jp",
      urlColumnKind: "email",
      sharedServiceFlags: {},
    },
  },
  {
    line: 7,
    record: {
      municipalityCode: "011011",
      no: "6",
      prefectureName: "北海道",
      municipalityName: "札幌市中央区",
      officeNumber: "0160190006",
      name: "テスト訪問看護ステーション大通",
      nameKana: "テストホウモンカンゴステーションオオドオリ",
      serviceType: "訪問看護",
      serviceTypeCode: "130",
      address: "北海道札幌市中央区北1条西2丁目",
      building: "テスト第1ビル, 3階",
      latitude: 43.0621,
      longitude: 141.3544,
      phone: "011-000-0061",
      availableDays: "月火水木金",
      capacityNotApplicable: true,
      contact: "011-000-0062",
      urlColumnKind: "phone",
      sharedServiceFlags: {
        elderlyAndDisabledTogether: "○",
        longTermCareStandard: "通常の指定",
        disabilityWelfareStandard: "共生型",
      },
      notes: "夜間も対応します,\n要予約",
    },
  },
]

const expectedErrors = [
  { line: 3, column: "都道府県コード又は市町村コード", code: "check_digit" },
  { line: 4, column: "事業所番号", code: "office_number" },
  { line: 5, column: "緯度", code: "latitude_range" },
  { line: 9, column: undefined, code: "column_count" },
]

describe("readKaigoKohyo", () => {
  it("decodes every good row of the UTF-8-with-BOM file field by field", async () => {
    const { rows } = await readAll("jigyosho_130.csv")
    expect(okRecords(rows)).toEqual(expectedRecords)
    for (const { record } of okRecords(rows)) expect(KaigoKohyoRecord.safeParse(record).success).toBe(true)
  })

  it("reports each bad row with its line, column, code and bilingual reason, and keeps reading", async () => {
    const { rows, summary } = await readAll("jigyosho_130.csv")
    expect(rows.map((row) => [row._tag, row.line])).toEqual([
      ["Ok", 2],
      ["Invalid", 3],
      ["Invalid", 4],
      ["Invalid", 5],
      ["Ok", 6],
      ["Ok", 7],
      ["Invalid", 9],
    ])
    expect(errorsOf(rows)).toEqual(expectedErrors)
    const invalid = rows.filter((row) => row._tag === "Invalid")
    expect(invalid[0]?.errors[0]?.reason).toEqual({
      ja: "検査数字が違います（02203の検査数字は9ですが、8が入力されました）",
      en: "Wrong check digit: for 02203 the check digit should be 9, got 8",
    })
    expect(invalid[1]?.errors[0]?.reason).toEqual({
      ja: "事業所番号は10桁の半角数字です（9文字が入力されました）",
      en: "事業所番号 (office number) must be exactly 10 digits, got 9 characters",
    })
    expect(invalid[2]?.errors[0]?.reason).toEqual({
      ja: "緯度は-90〜90の範囲で入力してください（91.5が入力されました）",
      en: "緯度 must be between -90 and 90 (WGS84 degrees), got 91.5",
    })
    expect(invalid[3]?.errors[0]?.reason).toEqual({
      ja: "列の数が3です（ヘッダーは24列）",
      en: "The row has 3 fields, the header has 24",
    })
    expect(summary).toEqual({ rows: 7, ok: 3, invalid: 4, errors: 4, encoding: "utf-8-bom" })
  })

  it.each([
    ["jigyosho_130_utf8.csv", "utf-8"],
    ["jigyosho_130_sjis.csv", "cp932"],
  ] as const)("gives the same rows and errors from %s (%s)", async (name, encoding) => {
    const { rows, summary } = await readAll(name)
    expect(okRecords(rows)).toEqual(expectedRecords)
    expect(errorsOf(rows)).toEqual(expectedErrors)
    expect(summary.encoding).toBe(encoding)
  })

  it("gives the same rows when the Shift_JIS file arrives one byte at a time", async () => {
    const { rows, summary } = await readAll("jigyosho_130_sjis.csv", 1)
    expect(okRecords(rows)).toEqual(expectedRecords)
    expect(errorsOf(rows)).toEqual(expectedErrors)
    expect(summary).toEqual({ rows: 7, ok: 3, invalid: 4, errors: 4, encoding: "cp932" })
  })

  it("rejects the whole file at the first bad row in strict mode", async () => {
    const seen: Array<number> = []
    const run = async () => {
      for await (const row of readKaigoKohyo([fixture("jigyosho_130.csv")], { serviceTypeCode: "130", strict: true })) {
        seen.push(row.line)
      }
    }
    const error = await run().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(CsvFileError)
    expect(error).toMatchObject({
      _tag: "CsvFileError",
      reason: "row_rejected",
      line: 3,
      rowErrors: [{ line: 3, column: "都道府県コード又は市町村コード", code: "check_digit" }],
    })
    expect((error as CsvFileError).detail.ja).toContain("3行目にエラーがあるため、ファイル全体を取り込みません")
    expect(seen).toEqual([2])
  })

  it("rejects a file whose header is not the 24 columns, listing what differs", async () => {
    const header: Array<string> = [...kaigoKohyoHeader]
    ;[header[4], header[5]] = [header[5]!, header[4]!]
    header.pop()
    header.push("メモ")
    const bytes = new TextEncoder().encode(`${header.join(",")}\r\n`)
    const error = await (async () => {
      for await (const _ of readKaigoKohyo([bytes], { serviceTypeCode: "130" })) {
      }
    })().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toMatchObject({
      _tag: "CsvFileError",
      reason: "header",
      line: 1,
      mismatch: {
        missing: ["備考"],
        unexpected: ["メモ"],
        misordered: [
          { column: "事業所名", expected: 5, actual: 6 },
          { column: "事業所名カナ", expected: 6, actual: 5 },
        ],
      },
    })
    expect((error as CsvFileError).detail).toEqual({
      ja: "ヘッダーが想定した列と一致しません。不足している列：備考。想定外の列：メモ。順序が違う列：事業所名（5列目のはずが6列目）、事業所名カナ（6列目のはずが5列目）。",
      en: "The header does not match the expected columns. Missing: 備考. Unexpected: メモ. Out of order: 事業所名 (expected column 5, found 6), 事業所名カナ (expected column 6, found 5).",
    })
  })

  it("needs a service type code", () => {
    expect(() => readKaigoKohyo([], {})).toThrow(RangeError)
    expect(() => readKaigoKohyo([], { fileName: "kaigo.csv" })).toThrow(RangeError)
  })
})

describe("decodeKaigoKohyoRow", () => {
  const row = (overrides: Partial<Record<(typeof kaigoKohyoHeader)[number], string>>): Array<string> =>
    kaigoKohyoHeader.map((column) => overrides[column] ?? "")
  const base = { 都道府県コード又は市町村コード: "022039", 事業所名: "テストデイサービス", 事業所番号: "0270100011" }

  it("keeps 定員 0 as zero places for a service with a real capacity (150 通所介護)", () => {
    expect(decodeKaigoKohyoRow("150")(row({ ...base, 定員: "0" }), 2)).toMatchObject({
      _tag: "Ok",
      value: { capacity: 0, capacityNotApplicable: false },
    })
    expect(decodeKaigoKohyoRow("150")(row({ ...base, 定員: "３０" }), 2)).toMatchObject({
      _tag: "Ok",
      value: { capacity: 30, capacityNotApplicable: false },
    })
  })

  it("reports every field error of a row, with column names", () => {
    const result = decodeKaigoKohyoRow("130")(
      row({ 定員: "-1", 経度: "東経141", 法人番号: "1234567890123", 緯度: "-90.5" }),
      10,
    )
    expect(result._tag).toBe("Invalid")
    if (result._tag !== "Invalid") return
    expect(result.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [10, "都道府県コード又は市町村コード", "required"],
      [10, "事業所番号", "required"],
      [10, "事業所名", "required"],
      [10, "緯度", "latitude_range"],
      [10, "経度", "not_a_number"],
      [10, "法人番号", "check_digit"],
      [10, "定員", "capacity"],
    ])
    expect(result.errors[0]?.reason).toEqual({
      ja: "都道府県コード又は市町村コードは必須です",
      en: "都道府県コード又は市町村コード is required",
    })
  })
})

describe("helpers", () => {
  it("takes the service type code from old and new file names", () => {
    expect(serviceTypeCodeFromFileName("jigyosho_130.csv")).toBe("130")
    expect(serviceTypeCodeFromFileName("/tmp/jigyosho_430_all_20260709180342.csv")).toBe("430")
    expect(serviceTypeCodeFromFileName("jigyosho.csv")).toBeUndefined()
  })

  it("classifies the URL column", () => {
    expect(classifyUrlColumn("https://example.jp/")).toBe("url")
    expect(classifyUrlColumn("www.example.jp")).toBe("url")
    expect(classifyUrlColumn("mailto:info@example.jp")).toBe("email")
    expect(classifyUrlColumn("０１７８－００－００００")).toBe("phone")
    expect(classifyUrlColumn("ホームページなし")).toBe("other")
  })
})
