import { Resource, TenantId } from "@zaitaku/core"
import { directoryFixture } from "@zaitaku/testing"
import { describe, expect, it } from "vitest"
import { readCsv } from "../src/CsvReader.js"
import { csvLine, kaigoServiceOfficeListRows, toGeoJson, writeCsv } from "../src/Export.js"
import { kaigoServiceOfficeListHeader } from "../src/StandardDataset.js"

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
