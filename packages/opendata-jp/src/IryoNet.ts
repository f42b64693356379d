/**
 * 医療情報ネット（ナビイ）オープンデータ (MHLW medical facility open data): a 施設票 (facility file, e.g.
 * `02-1_clinic_facility_info_YYYYMMDD.csv`) joined by `ID` with its 診療科・診療時間票 (departments and hours file,
 * `02-2_clinic_speciality_hours_…`).
 *
 * Only the columns listed in REFERENCE.md §4.2 are read (the full list is in the MHLW 定義書): the required ones
 * must be present, in any order; other columns are ignored.
 *
 * @since 0.1.0
 */
import { IryoNetId, LocalGovernmentCode, toSixDigit } from "@zaitaku/core"
import * as z from "zod"
import {
  CsvFileError,
  type ImportRow,
  type ImportSummary,
  type RecordReader,
  type RecordReadOptions,
  type RowDecoder,
  type RowError,
  readRecords,
} from "./CsvReader.js"
import type { ByteSource } from "./Encoding.js"
import { compact, decodeNumber, fieldReader, wholeNumber } from "./internal/Fields.js"

/**
 * 施設票の必須列 (required columns of the facility file).
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { iryoNetFacilityRequiredColumns } from "@zaitaku/opendata-jp"
 *
 * iryoNetFacilityRequiredColumns.includes("ID") // true
 * ```
 */
export const iryoNetFacilityRequiredColumns = ["ID", "正式名称", "都道府県コード", "市区町村コード", "所在地"] as const

/**
 * 診療科・診療時間票の必須列 (required columns of the departments and hours file).
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { iryoNetHoursRequiredColumns } from "@zaitaku/opendata-jp"
 *
 * iryoNetHoursRequiredColumns.length // 4
 * ```
 */
export const iryoNetHoursRequiredColumns = ["ID", "診療科目コード", "診療科目名", "診療時間帯"] as const

/**
 * 曜日 (day of the hours columns): 月…日 and 祝 (public holidays), in column order.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { iryoNetDays } from "@zaitaku/opendata-jp"
 *
 * iryoNetDays[0] // { column: "月", day: "mon" }
 * ```
 */
export const iryoNetDays = [
  { column: "月", day: "mon" },
  { column: "火", day: "tue" },
  { column: "水", day: "wed" },
  { column: "木", day: "thu" },
  { column: "金", day: "fri" },
  { column: "土", day: "sat" },
  { column: "日", day: "sun" },
  { column: "祝", day: "holiday" },
] as const

/**
 * 診療科と診療時間 (a department and its hours) for one 診療時間帯 (time slot): start and end per day as given.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { IryoNetDepartment } from "@zaitaku/opendata-jp"
 *
 * IryoNetDepartment.parse({ code: "01", name: "内科", slot: "1", hours: [{ day: "mon", start: "09:00", end: "12:00" }] })
 * ```
 */
export const IryoNetDepartment = z.object({
  code: z.string(),
  name: z.string(),
  /** 診療時間帯 (slot number or label as given). */
  slot: z.string(),
  hours: z.array(
    z.object({
      day: z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"]),
      start: z.string().optional(),
      end: z.string().optional(),
    }),
  ),
})

/**
 * 診療科と診療時間 (a department and its hours).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { IryoNetDepartment } from "@zaitaku/opendata-jp"
 *
 * const names = (departments: ReadonlyArray<IryoNetDepartment>) => departments.map((d) => d.name)
 * ```
 */
export type IryoNetDepartment = z.infer<typeof IryoNetDepartment>

/**
 * 医療情報ネットの施設 (one facility) with its departments and hours. Text columns are trimmed and absent when
 * empty; `municipalityCode` is the six-digit code built from 都道府県コード (2) + 市区町村コード (3).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { IryoNetFacility } from "@zaitaku/opendata-jp"
 *
 * IryoNetFacility.parse({
 *   id: "0000000000001",
 *   name: "テスト内科クリニック",
 *   municipalityCode: "022039",
 *   address: "青森県八戸市内丸一丁目1-1",
 *   beds: {},
 *   departments: [],
 * })
 * ```
 */
export const IryoNetFacility = z.object({
  id: IryoNetId,
  name: z.string().min(1),
  nameKana: z.string().optional(),
  shortName: z.string().optional(),
  shortNameKana: z.string().optional(),
  englishName: z.string().optional(),
  /** 機関区分 (as given). */
  institutionKind: z.string().optional(),
  municipalityCode: LocalGovernmentCode,
  address: z.string().min(1),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  /** 案内用ホームページアドレス. */
  url: z.string().optional(),
  /** 祝日に休診 (as given). */
  closedOnHolidays: z.string().optional(),
  /** その他の休診日（gw、お盆等）. */
  otherClosedDays: z.string().optional(),
  /** 病床数 (beds) per kind, for hospitals and clinics with beds. */
  beds: z.object({
    general: z.number().int().min(0).optional(),
    longTermCare: z.number().int().min(0).optional(),
    psychiatric: z.number().int().min(0).optional(),
    tuberculosis: z.number().int().min(0).optional(),
    infectious: z.number().int().min(0).optional(),
    total: z.number().int().min(0).optional(),
  }),
  departments: z.array(IryoNetDepartment),
})

/**
 * 医療情報ネットの施設 (one facility with its departments and hours).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { IryoNetFacility } from "@zaitaku/opendata-jp"
 *
 * const key = (facility: IryoNetFacility): string => facility.id
 * ```
 */
export type IryoNetFacility = z.infer<typeof IryoNetFacility>

const bedColumns = [
  ["一般病床", "general"],
  ["療養病床", "longTermCare"],
  ["精神病床", "psychiatric"],
  ["結核病床", "tuberculosis"],
  ["感染症病床", "infectious"],
  ["合計病床数", "total"],
] as const

const iryoNetFields = (record: ReadonlyArray<string>, header: ReadonlyArray<string>, line: number) => {
  const f = fieldReader(record, header, line)
  const id = (): IryoNetId => {
    const v = f.required("ID")
    const parsed = IryoNetId.safeParse(v)
    if (parsed.success) return parsed.data
    if (v !== "") {
      f.error(
        "ID",
        "iryo_net_id",
        `IDは13桁の半角数字です（先頭の0も必要です。${v.length}文字が入力されました）`,
        `ID must be exactly 13 digits, leading zeros included, got ${v.length} characters`,
      )
    }
    // the row is invalid and its value never leaves the decoder
    return v as IryoNetId
  }
  return { ...f, id }
}

/**
 * 施設票の1行の復号 (decode one row of the facility file); departments are left empty (the join adds them).
 *
 * @since 0.1.0
 * @category decoding
 * @example
 * ```ts
 * import { decodeIryoNetFacilityRow } from "@zaitaku/opendata-jp"
 *
 * const header = ["ID", "正式名称", "都道府県コード", "市区町村コード", "所在地"]
 * decodeIryoNetFacilityRow(["0000000000001", "テスト医院", "02", "203", "八戸市"], 2, header)
 * // { _tag: "Ok", value: { id: "0000000000001", municipalityCode: "022039", … } }
 * ```
 */
export const decodeIryoNetFacilityRow: RowDecoder<IryoNetFacility> = (record, line, header) => {
  const f = iryoNetFields(record, header, line)
  const id = f.id()
  const name = f.required("正式名称")
  const address = f.required("所在地")
  const prefecture = f.required("都道府県コード")
  const city = f.required("市区町村コード")
  let municipalityCode: LocalGovernmentCode | undefined
  const prefectureOk = prefecture === "" || /^(0[1-9]|[1-3][0-9]|4[0-7])$/.test(prefecture)
  if (!prefectureOk) {
    f.error(
      "都道府県コード",
      "prefecture",
      `都道府県コードは01〜47の2桁です（${prefecture}が入力されました）`,
      `都道府県コード must be two digits 01-47, got ${prefecture}`,
    )
  }
  const cityOk = city === "" || /^[0-9]{3}$/.test(city)
  if (!cityOk) {
    f.error(
      "市区町村コード",
      "municipality",
      `市区町村コードは3桁の半角数字です（${city.length}文字が入力されました）`,
      `市区町村コード must be exactly 3 digits, got ${city.length} characters`,
    )
  }
  if (prefecture !== "" && city !== "" && prefectureOk && cityOk) municipalityCode = toSixDigit(`${prefecture}${city}`)

  const coordinate = (column: string, limit: number, code: string): number | undefined => {
    const raw = f.optional(column)
    if (raw === undefined) return undefined
    const value = decodeNumber(raw)
    if (value === undefined || value < -limit || value > limit) {
      f.error(
        column,
        code,
        `${column}は-${limit}〜${limit}の数値で入力してください`,
        `${column} must be a number between -${limit} and ${limit} (WGS84 degrees)`,
      )
      return undefined
    }
    return value
  }
  const latitude = coordinate("所在地座標（緯度）", 90, "latitude_range")
  const longitude = coordinate("所在地座標（経度）", 180, "longitude_range")

  const beds: Record<string, number> = {}
  for (const [column, key] of bedColumns) {
    const value = wholeNumber(f, column, "beds", "")
    if (value !== undefined) beds[key] = value
  }

  if (f.errors.length > 0 || municipalityCode === undefined) return { _tag: "Invalid", errors: f.errors }
  const facility = compact({
    id,
    name,
    nameKana: f.optional("正式名称（フリガナ）"),
    shortName: f.optional("略称"),
    shortNameKana: f.optional("略称（フリガナ）"),
    englishName: f.optional("英語表記（ローマ字表記）"),
    institutionKind: f.optional("機関区分"),
    municipalityCode,
    address,
    latitude,
    longitude,
    url: f.optional("案内用ホームページアドレス"),
    closedOnHolidays: f.optional("祝日に休診"),
    otherClosedDays: f.optional("その他の休診日（gw、お盆等）"),
    beds: beds as IryoNetFacility["beds"],
    departments: [],
  }) as IryoNetFacility
  return { _tag: "Ok", value: facility }
}

/**
 * 診療科・診療時間票の1行の復号 (decode one row of the departments and hours file) into the facility ID and a
 * department; the hours columns `{月..日,祝}_診療開始時間` / `_診療終了時間` are optional.
 *
 * @since 0.1.0
 * @category decoding
 * @example
 * ```ts
 * import { decodeIryoNetHoursRow } from "@zaitaku/opendata-jp"
 *
 * const header = ["ID", "診療科目コード", "診療科目名", "診療時間帯", "月_診療開始時間", "月_診療終了時間"]
 * decodeIryoNetHoursRow(["0000000000001", "01", "内科", "1", "09:00", "12:00"], 2, header)
 * ```
 */
export const decodeIryoNetHoursRow: RowDecoder<{ readonly id: IryoNetId; readonly department: IryoNetDepartment }> = (
  record,
  line,
  header,
) => {
  const f = iryoNetFields(record, header, line)
  const id = f.id()
  const code = f.get("診療科目コード")
  const name = f.required("診療科目名")
  const slot = f.get("診療時間帯")
  if (f.errors.length > 0) return { _tag: "Invalid", errors: f.errors }
  const hours: Array<IryoNetDepartment["hours"][number]> = []
  for (const { column, day } of iryoNetDays) {
    const start = f.optional(`${column}_診療開始時間`)
    const end = f.optional(`${column}_診療終了時間`)
    if (start !== undefined || end !== undefined) hours.push(compact({ day, start, end }))
  }
  return { _tag: "Ok", value: { id, department: { code, name, slot, hours } } }
}

/**
 * Options of {@link readIryoNet}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { IryoNetReadOptions } from "@zaitaku/opendata-jp"
 *
 * const options: IryoNetReadOptions = { strict: true }
 * ```
 */
export type IryoNetReadOptions = Omit<RecordReadOptions, "expectedHeader" | "headerMode">

/**
 * A facility file joined with its hours file: iterate once for the facilities; `hoursSummary` and `hoursErrors`
 * describe the hours file (read completely before the first facility is yielded).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { IryoNetReader } from "@zaitaku/opendata-jp"
 *
 * const report = (reader: IryoNetReader) => `${reader.summary.ok} facilities, ${reader.hoursErrors.length} hours errors`
 * ```
 */
export interface IryoNetReader extends RecordReader<IryoNetFacility> {
  readonly hoursSummary: ImportSummary | undefined
  readonly hoursErrors: ReadonlyArray<RowError>
}

/**
 * 医療情報ネットの読み込み (read a 医療情報ネット facility file with its hours file), joined by `ID`.
 *
 * Memory trade-off: the hours file is read first into a map from ID to departments (memory grows with the
 * hours file: roughly its decoded size, tens of MB for the national clinic file); the facility file, the larger
 * one, is then streamed row by row. Bad hours rows are collected in `hoursErrors` (in strict mode they reject
 * the import); a bad facility row is yielded as `Invalid`.
 *
 * @since 0.1.0
 * @category reading
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { readIryoNet } from "@zaitaku/opendata-jp"
 *
 * const reader = readIryoNet(
 *   createReadStream("02-1_clinic_facility_info_20260601.csv"),
 *   createReadStream("02-2_clinic_speciality_hours_20260601.csv"),
 * )
 * for await (const row of reader) if (row._tag === "Ok") console.log(row.record.id, row.record.departments.length)
 * ```
 */
export const readIryoNet = (
  facilities: ByteSource,
  hours: ByteSource,
  options: IryoNetReadOptions = {},
): IryoNetReader => {
  const hoursReader = readRecords(hours, decodeIryoNetHoursRow, {
    ...options,
    expectedHeader: iryoNetHoursRequiredColumns,
    headerMode: "contains",
  })
  const facilityReader = readRecords(facilities, decodeIryoNetFacilityRow, {
    ...options,
    expectedHeader: iryoNetFacilityRequiredColumns,
    headerMode: "contains",
  })
  const hoursErrors: Array<RowError> = []
  let hoursDone = false
  let started = false

  async function* generate(): AsyncGenerator<ImportRow<IryoNetFacility>> {
    const departments = new Map<string, Array<IryoNetDepartment>>()
    try {
      for await (const row of hoursReader) {
        if (row._tag === "Invalid") {
          hoursErrors.push(...row.errors)
          continue
        }
        const list = departments.get(row.record.id)
        if (list === undefined) departments.set(row.record.id, [row.record.department])
        else list.push(row.record.department)
      }
    } catch (error) {
      if (error instanceof CsvFileError) {
        throw new CsvFileError({
          reason: error.reason,
          line: error.line,
          detail: { ja: `診療科・診療時間票：${error.detail.ja}`, en: `Hours file: ${error.detail.en}` },
          ...(error.mismatch === undefined ? {} : { mismatch: error.mismatch }),
          ...(error.rowErrors === undefined ? {} : { rowErrors: error.rowErrors }),
        })
      }
      throw error
    }
    hoursDone = true
    for await (const row of facilityReader) {
      if (row._tag === "Ok") {
        yield { ...row, record: { ...row.record, departments: departments.get(row.record.id) ?? [] } }
      } else {
        yield row
      }
    }
  }

  return {
    get summary() {
      return facilityReader.summary
    },
    get hoursSummary() {
      return hoursDone ? hoursReader.summary : undefined
    },
    hoursErrors,
    [Symbol.asyncIterator]() {
      if (started) throw new TypeError("readIryoNet: a reader can be iterated only once")
      started = true
      return generate()
    },
  }
}
