import { readFileSync } from "node:fs"
import { type NewResource, Resource, TenantId } from "@zaitaku/core"
import { directoryFixture } from "@zaitaku/testing"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type ImportRow, readCsv } from "../src/CsvReader.js"
import {
  type CsvEncoding,
  csvLine,
  kaigoServiceOfficeListRows,
  medicalInstitutionListRows,
  toGeoJson,
  writeCsv,
} from "../src/Export.js"
import { classifyUrlColumn } from "../src/KaigoKohyo.js"
import {
  kaigoServiceOfficeListHeader,
  medicalInstitutionListHeader,
  readKaigoServiceOfficeList,
  readMedicalInstitutionList,
} from "../src/StandardDataset.js"
import {
  kaigoServiceOfficeListToResource,
  type MappingResult,
  medicalInstitutionListToResource,
} from "../src/ToResource.js"

const tenantId = TenantId.parse("0192f5a0-0000-7000-8000-000000000001")

const directory: ReadonlyArray<Resource> = Object.values(directoryFixture(tenantId)).map((input, i) =>
  Resource.parse({
    ...input,
    id: `00000000-0000-7000-8000-${String(i + 1).padStart(12, "0")}`,
    createdAt: "2026-07-01T00:00:00.000Z",
    updatedAt: "2026-07-01T00:00:00.000Z",
    version: 1,
  }),
)

const readBack = async (bytes: Uint8Array) => {
  const reader = readCsv([bytes])
  const rows: Array<ReadonlyArray<string>> = []
  for await (const row of reader) rows.push(row.record)
  return { header: reader.header, rows, encoding: reader.encoding }
}

describe("writeCsv", () => {
  it("quotes commas, quotes and newlines, and ends lines with CRLF", () => {
    expect(csvLine(["a", "b,c", 'd"e', "f\ng"])).toBe('a,"b,c","d""e","f\ng"\r\n')
  })

  it("writes UTF-8 with a BOM that the reader reads back unchanged", async () => {
    const rows = [["八戸市", "𠮷野〜テスト", "a,b"]]
    const file = writeCsv(["名称", "備考", "その他"], rows, "utf-8-bom")
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const back = await readBack(file.bytes)
    expect(back.encoding).toBe("utf-8-bom")
    expect(back.header).toEqual(["名称", "備考", "その他"])
    expect(back.rows).toEqual(rows)
    expect(file.unmappable).toEqual([])
  })

  it("writes Shift_JIS, substitutes the wave dash, and names every character it cannot hold", async () => {
    const file = writeCsv(["名称", "備考"], [["髙橋医院〜本院", "𠮷野町♡"]], "shift_jis")
    expect(file.unmappable).toEqual([
      { row: 1, column: "備考", character: "𠮷" },
      { row: 1, column: "備考", character: "♡" },
    ])
    const back = await readBack(file.bytes)
    expect(back.encoding).toBe("cp932")
    expect(back.rows).toEqual([["髙橋医院～本院", "?野町?"]])
  })
})

describe("介護サービス事業所一覧 (デジタル庁 standard dataset)", () => {
  it("lists the open care entries with the standard columns, and reads back in both encodings", async () => {
    const rows = kaigoServiceOfficeListRows(directory, {
      municipalityName: (code) => ({ "022039": "八戸市", "024414": "三戸町" })[code as string],
    })
    const kinds = new Set(directory.filter((r) => r.status !== "closed").map((r) => r.kind))
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((row) => row.length === kaigoServiceOfficeListHeader.length)).toBe(true)
    // medical entries (hospitals, clinics, pharmacies) belong to the 医療機関一覧, not here; closed ones are left out
    const names = rows.map((row) => row[4])
    for (const resource of directory) {
      const listed = names.includes(resource.name)
      if (
        resource.status === "closed" ||
        ["hospital", "clinic", "clinic_with_beds", "clinic_without_beds", "pharmacy"].includes(resource.kind)
      ) {
        expect(listed).toBe(false)
      }
    }
    expect(kinds.size).toBeGreaterThan(1)
    const houkan = directory.find((r) => r.identifiers.careOfficeNumber === "0260190001")!
    const row = rows.find((r) => r[16] === "0260190001")!
    expect(Object.fromEntries(kaigoServiceOfficeListHeader.map((column, i) => [column, row[i]]))).toMatchObject({
      都道府県コード又は市区町村コード: "022039",
      都道府県名: "青森県",
      市区町村名: "八戸市",
      介護サービス事業所名称: houkan.name,
      介護サービス事業所名称_カナ: houkan.nameKana,
      実施サービス: "訪問看護ステーション",
      緯度: String(houkan.location!.latitude),
      経度: String(houkan.location!.longitude),
      電話番号: houkan.phone,
      FAX番号: houkan.fax,
      利用可能曜日: "月火水木金",
    })
    for (const encoding of ["utf-8-bom", "shift_jis"] as const) {
      const back = await readBack(writeCsv(kaigoServiceOfficeListHeader, rows, encoding).bytes)
      expect(back.header).toEqual([...kaigoServiceOfficeListHeader])
      expect(back.rows).toEqual(rows)
    }
  })
})

const importedAt = "2026-07-01T00:00:00.000Z"

/** The entries a file gives: each good row mapped; a row or mapping error fails the test. */
const entriesOf = async <R>(
  rows: AsyncIterable<ImportRow<R>>,
  map: (record: R, line: number) => MappingResult,
): Promise<Array<NewResource>> => {
  const out: Array<NewResource> = []
  for await (const row of rows) {
    expect(row._tag === "Invalid" ? row.errors : []).toEqual([])
    if (row._tag !== "Ok") continue
    const mapped = map(row.record, row.line)
    expect(mapped._tag === "Invalid" ? mapped.errors : []).toEqual([])
    if (mapped._tag === "Ok") out.push(mapped.value.resource)
  }
  return out
}

const importKaigo = (bytes: Uint8Array) =>
  entriesOf(readKaigoServiceOfficeList([bytes]), (record, line) =>
    kaigoServiceOfficeListToResource(record, { tenantId, importedAt, line }),
  )
const importMedical = (bytes: Uint8Array) =>
  entriesOf(readMedicalInstitutionList([bytes]), (record, line) =>
    medicalInstitutionListToResource(record, { tenantId, importedAt, line }),
  )

/** Entries as the directory stores them after an import. */
const stored = (entries: ReadonlyArray<NewResource>): Array<Resource> =>
  entries.map((entry, i) =>
    Resource.parse({
      ...entry,
      id: `00000000-0000-7000-8000-${String(i + 100).padStart(12, "0")}`,
      createdAt: importedAt,
      updatedAt: importedAt,
      version: 1,
    }),
  )

/** The good rows of a fixture: every record (CRLF-terminated) whose first line is not listed. */
const goodRows = (name: string, badLines: ReadonlyArray<number>): Uint8Array => {
  const records = readFileSync(new URL(`fixtures/${name}`, import.meta.url), "utf8").split(/(?<=\r\n)/)
  let line = 1
  const kept = records.filter((record) => {
    const first = line
    line += record.split("\n").length - 1
    return !badLines.includes(first)
  })
  return new TextEncoder().encode(kept.join(""))
}

describe("standard datasets: export → import gives the same entries", () => {
  const encodings: ReadonlyArray<CsvEncoding> = ["utf-8-bom", "shift_jis"]

  it("介護サービス事業所一覧: the entries of an import, exported, import again unchanged", async () => {
    // the fixture without its bad rows (the quoted 備考 of line 11 spans line 12)
    const first = await importKaigo(goodRows("kaigo_service_office_list.csv", [6, 7, 8, 9, 10, 13]))
    expect(first).toHaveLength(5)
    const rows = kaigoServiceOfficeListRows(stored(first))
    for (const encoding of encodings) {
      const file = writeCsv(kaigoServiceOfficeListHeader, rows, encoding)
      expect(file.unmappable).toEqual([])
      expect(await importKaigo(file.bytes)).toEqual(first)
    }
    // the columns an import keeps elsewhere come back to their own columns
    const row = Object.fromEntries(kaigoServiceOfficeListHeader.map((column, i) => [column, rows[0]?.[i]]))
    expect(row).toMatchObject({
      実施サービス: "訪問看護ステーション",
      内線番号: "12",
      利用可能曜日: "月火水木金",
      利用可能曜日特記事項: "年末年始を除く",
      備考: "24時間連絡体制あり",
    })
    const day = Object.fromEntries(kaigoServiceOfficeListHeader.map((column, i) => [column, rows[2]?.[i]]))
    expect(day).toMatchObject({ FAX番号: "0178-00-001", URL: "info@example.jp", 定員: "25", 備考: "" })
  })

  it("医療機関一覧: the entries of an import, exported, import again unchanged", async () => {
    const first = await importMedical(goodRows("medical_institution_list.csv", [6, 7, 8, 9]))
    expect(first).toHaveLength(4)
    const rows = medicalInstitutionListRows(stored(first))
    for (const encoding of encodings) {
      const file = writeCsv(medicalInstitutionListHeader, rows, encoding)
      expect(file.unmappable).toEqual([])
      expect(await importMedical(file.bytes)).toEqual(first)
    }
    const row = (i: number) =>
      Object.fromEntries(medicalInstitutionListHeader.map((column, c) => [column, rows[i]?.[c]]))
    expect(row(0)).toMatchObject({
      都道府県コード又は市区町村コード: "022039",
      都道府県名: "青森県",
      医療機関の種類: "無床診療所",
      医療機関コード: "0210000001",
      診療曜日: "月火水木金",
      診療開始時間: "09:00",
      診療終了時間: "18:00",
      診療日時特記事項: "木曜午後休診",
      時間外における対応: "往診対応（要相談）",
      診療科目: "内科;小児科",
      病床数: "0",
      備考: "駐車場10台",
    })
    expect(row(1)).toMatchObject({ 医療機関の種類: "有床診療所", 診療曜日: "月火水木金土", 病床数: "19" })
    expect(row(2)).toMatchObject({ 医療機関の種類: "病院", 内線番号: "100", URL: "0179-00-1022", 病床数: "120" })
    // hours the import could not read go back to their columns as written
    expect(row(3)).toMatchObject({ 診療曜日: "平日", 診療開始時間: "09:00", 診療終了時間: "18:00", 備考: "" })
  })
})

describe("standard datasets: export → import, for any entry an import makes", () => {
  const text = (chars: Iterable<string>) =>
    fc
      .array(fc.constantFrom(...Array.from(chars)), { minLength: 1, maxLength: 12 })
      .map((parts) => parts.join(""))
      .filter((value) => value.trim() === value)
  const nameChars = [...'テスト医院内科クリニック八戸,"（）・ 1２']
  const days = fc.subarray(["月", "火", "水", "木", "金", "土", "日", "祝"], { minLength: 1 })
  const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom("00", "15", "30", "45"))
  const record = fc
    .record({
      institutionType: fc.constantFrom("病院", "有床診療所", "無床診療所" as const),
      name: text(nameChars),
      nameKana: text([..."テストイイン ,"]),
      days,
      hours: fc.tuple(time, time).filter(([a, b]) => a[0] < b[0]),
      departments: fc.uniqueArray(text([..."内科外科小児眼皮膚"]), { minLength: 1, maxLength: 4 }),
      beds: fc.integer({ min: 1, max: 999 }),
      hoursNote: fc.option(text([...'木曜午後休診,"年末']), { nil: undefined }),
      afterHours: fc.option(text([..."往診対応要相談,"]), { nil: undefined }),
      notes: fc.option(text([..."駐車場台あり,"]), { nil: undefined }),
      // the URL column is required: a web address, or what files put there instead
      urlColumn: fc.constantFrom("https://example.jp/naika", "www.example.jp", "info@example.jp", "0178-00-0000"),
    })
    .map((r) =>
      Object.fromEntries(
        Object.entries({
          municipalityCode: "022039",
          name: r.name,
          nameKana: r.nameKana,
          institutionType: r.institutionType,
          address: "青森県八戸市内丸1-1",
          medicalInstitutionCode: "0210000001",
          days: r.days.join(""),
          opens: `${String(r.hours[0][0]).padStart(2, "0")}:${r.hours[0][1]}`,
          closes: `${String(r.hours[1][0]).padStart(2, "0")}:${r.hours[1][1]}`,
          hoursNote: r.hoursNote,
          afterHours: r.afterHours,
          departments: r.departments,
          beds: r.institutionType === "無床診療所" ? 0 : r.beds,
          ...(classifyUrlColumn(r.urlColumn) === "url" ? { url: r.urlColumn } : { contact: r.urlColumn }),
          notes: r.notes,
        }).filter(([, value]) => value !== undefined),
      ),
    )

  it("医療機関一覧: exporting the entry and importing the file gives the same entry", async () => {
    await fc.assert(
      fc.asyncProperty(record, async (input) => {
        const mapped = medicalInstitutionListToResource(input as never, { tenantId, importedAt, line: 2 })
        if (mapped._tag !== "Ok") throw new Error(JSON.stringify(mapped.errors))
        const file = writeCsv(
          medicalInstitutionListHeader,
          medicalInstitutionListRows(stored([mapped.value.resource])),
          "utf-8-bom",
        )
        expect(await importMedical(file.bytes)).toEqual([mapped.value.resource])
      }),
      { numRuns: 100 },
    )
  })

  const careRecord = fc
    .record({
      service: fc.constantFrom(
        "訪問看護",
        "訪問介護",
        "通所介護",
        "居宅介護支援",
        "介護老人福祉施設",
        "地域包括支援センター",
        "780",
      ),
      name: text(nameChars),
      nameKana: text([..."テストジギョウショ ,"]),
      phone: fc.constantFrom("0178-00-0001", "0178-00-001", "内線のみ"),
      extension: fc.option(fc.constantFrom("12", "内線100"), { nil: undefined }),
      fax: fc.option(fc.constantFrom("0178-00-0002", "なし"), { nil: undefined }),
      availableDays: fc.option(text([..."月火水木金土日～祝"]), { nil: undefined }),
      availableDaysNote: fc.option(text([...'年末年始を除く,"']), { nil: undefined }),
      capacity: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
      urlColumn: fc.option(fc.constantFrom("https://example.jp/", "info@example.jp", "0178-00-0003"), {
        nil: undefined,
      }),
      notes: fc.option(text([...'備考あり,"2名']), { nil: undefined }),
    })
    .map(({ urlColumn, ...r }) =>
      Object.fromEntries(
        Object.entries({
          ...r,
          municipalityCode: "022039",
          address: "青森県八戸市内丸1-1",
          officeNumber: "0270100001",
          ...(urlColumn === undefined
            ? {}
            : classifyUrlColumn(urlColumn) === "url"
              ? { url: urlColumn }
              : { contact: urlColumn }),
        }).filter(([, value]) => value !== undefined),
      ),
    )

  it("介護サービス事業所一覧: exporting the entry and importing the file gives the same entry", async () => {
    await fc.assert(
      fc.asyncProperty(careRecord, async (input) => {
        const mapped = kaigoServiceOfficeListToResource(input as never, { tenantId, importedAt, line: 2 })
        if (mapped._tag !== "Ok") throw new Error(JSON.stringify(mapped.errors))
        const rows = kaigoServiceOfficeListRows(stored([mapped.value.resource]))
        const file = writeCsv(kaigoServiceOfficeListHeader, rows, "shift_jis")
        expect(await importKaigo(file.bytes)).toEqual([mapped.value.resource])
      }),
      { numRuns: 100 },
    )
  })
})

describe("医療機関一覧 (デジタル庁 standard dataset)", () => {
  it("lists open hospitals and clinics, with hours that differ by day spelled out in 診療日時特記事項", () => {
    const rows = medicalInstitutionListRows(directory)
    const byName = new Map(
      rows.map((row) => [
        row[4],
        Object.fromEntries(medicalInstitutionListHeader.map((column, i) => [column, row[i]])),
      ]),
    )
    const medical = directory.filter(
      (r) =>
        r.status !== "closed" && ["hospital", "clinic", "clinic_with_beds", "clinic_without_beds"].includes(r.kind),
    )
    expect([...byName.keys()]).toEqual(medical.map((r) => r.name))
    expect(rows.every((row) => row.length === medicalInstitutionListHeader.length)).toBe(true)
    expect(byName.get("はちのへ在宅クリニック")).toMatchObject({
      医療機関の種類: "無床診療所",
      診療曜日: "月火木金土",
      診療開始時間: "09:00",
      診療終了時間: "18:00",
      診療日時特記事項:
        "診療時間: 月 09:00〜12:00・14:00〜18:00、火 09:00〜12:00・14:00〜18:00、木 09:00〜12:00・14:00〜18:00、" +
        "金 09:00〜12:00・14:00〜18:00、土 09:00〜12:00",
      病床数: "0",
    })
    // a hospital whose beds are not known leaves 病床数 empty rather than writing 0
    expect(byName.get("八戸中央病院")).toMatchObject({ 医療機関の種類: "病院", 診療曜日: "月火水木金", 病床数: "" })
  })
})

describe("toGeoJson", () => {
  it("puts longitude first, keeps the popup properties, and counts entries without coordinates", () => {
    const { collection, skipped } = toGeoJson(directory)
    const withLocation = directory.filter((r) => r.location !== undefined)
    expect(collection.features).toHaveLength(withLocation.length)
    expect(skipped).toEqual(directory.filter((r) => r.location === undefined).map((r) => r.id))
    const first = collection.features[0]!
    const source = withLocation[0]!
    expect(first.geometry.coordinates).toEqual([source.location!.longitude, source.location!.latitude])
    expect(first.properties.name).toBe(source.name)
    expect(String(first.properties.address).startsWith("青森県")).toBe(true)
    expect(JSON.parse(JSON.stringify(collection)).type).toBe("FeatureCollection")
  })
})
