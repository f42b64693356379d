import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import type { ImportRow } from "../src/CsvReader.js"
import {
  decodeIryoNetFacilityRow,
  type IryoNetFacility,
  IryoNetFacility as IryoNetFacilitySchema,
  readIryoNet,
} from "../src/IryoNet.js"

const fixture = (name: string): Buffer => readFileSync(new URL(`fixtures/${name}`, import.meta.url))
const facilities = "02-1_clinic_facility_info_20260601.csv"
const hours = "02-2_clinic_speciality_hours_20260601.csv"

const weekdays = (days: ReadonlyArray<string>, start: string, end: string) => days.map((day) => ({ day, start, end }))

describe("readIryoNet", () => {
  it("joins facilities with their departments and hours by ID and reports bad rows of both files", async () => {
    const reader = readIryoNet([fixture(facilities)], [fixture(hours)])
    const rows: Array<ImportRow<IryoNetFacility>> = []
    for await (const row of reader) rows.push(row)

    expect(rows.map((row) => [row._tag, row.line])).toEqual([
      ["Ok", 2],
      ["Ok", 3],
      ["Invalid", 4],
      ["Invalid", 5],
    ])
    const [first, second] = rows.flatMap((row) => (row._tag === "Ok" ? [row.record] : []))
    expect(first).toEqual({
      id: "0000000000001",
      name: "医療法人テスト会テスト内科クリニック",
      nameKana: "イリョウホウジンテストカイテストナイカクリニック",
      shortName: "テスト内科クリニック",
      shortNameKana: "テストナイカクリニック",
      englishName: "Test Naika Clinic",
      institutionKind: "2",
      municipalityCode: "022039",
      address: "青森県八戸市内丸二丁目2-2",
      latitude: 40.5123,
      longitude: 141.4889,
      url: "https://example.jp/naika",
      closedOnHolidays: "1",
      otherClosedDays: "年末年始",
      beds: { general: 19, longTermCare: 0, psychiatric: 0, tuberculosis: 0, infectious: 0, total: 19 },
      departments: [
        {
          code: "01",
          name: "内科",
          slot: "1",
          hours: weekdays(["mon", "tue", "wed", "thu", "fri", "sat"], "09:00", "12:00"),
        },
        { code: "01", name: "内科", slot: "2", hours: weekdays(["mon", "tue", "wed", "fri"], "14:00", "18:00") },
        { code: "02", name: "小児科", slot: "1", hours: weekdays(["mon"], "09:00", "12:00") },
      ],
    })
    expect(IryoNetFacilitySchema.safeParse(first).success).toBe(true)
    expect(second).toEqual({
      id: "0000000000002",
      name: "テスト在宅クリニック三戸",
      institutionKind: "2",
      municipalityCode: "024414",
      address: "青森県三戸郡三戸町大字同心町1",
      beds: {},
      departments: [],
    })
    expect(
      rows.flatMap((row) => (row._tag === "Invalid" ? row.errors.map((e) => [e.line, e.column, e.code]) : [])),
    ).toEqual([
      [4, "ID", "iryo_net_id"],
      [5, "所在地座標（緯度）", "latitude_range"],
    ])
    expect(reader.hoursErrors.map((e) => [e.line, e.column, e.code])).toEqual([[5, "ID", "iryo_net_id"]])
    expect(reader.summary).toEqual({ rows: 4, ok: 2, invalid: 2, errors: 2, encoding: "utf-8-bom" })
    expect(reader.hoursSummary).toEqual({ rows: 4, ok: 3, invalid: 1, errors: 1, encoding: "utf-8-bom" })
  })

  it("rejects a facility file that lacks a required column", async () => {
    const bytes = new TextEncoder().encode('"ID","正式名称","都道府県コード","所在地"\r\n')
    const run = async () => {
      for await (const _ of readIryoNet([bytes], [fixture(hours)])) {
      }
    }
    await expect(run()).rejects.toMatchObject({ reason: "header", mismatch: { missing: ["市区町村コード"] } })
  })

  it("rejects in strict mode when the hours file has a bad row, naming the file", async () => {
    const run = async () => {
      for await (const _ of readIryoNet([fixture(facilities)], [fixture(hours)], { strict: true })) {
      }
    }
    await expect(run()).rejects.toMatchObject({ reason: "row_rejected", line: 5 })
    await expect(run()).rejects.toThrow(/^Hours file: /)
  })

  it("reports a bad prefecture or municipality code", () => {
    const header = ["ID", "正式名称", "都道府県コード", "市区町村コード", "所在地"]
    const result = decodeIryoNetFacilityRow(["0000000000009", "テスト医院", "48", "20", "どこか"], 7, header)
    expect(result._tag === "Invalid" ? result.errors.map((e) => [e.line, e.column, e.code]) : result).toEqual([
      [7, "都道府県コード", "prefecture"],
      [7, "市区町村コード", "municipality"],
    ])
  })
})
