/**
 * Helpers the row decoders share: reading fields by column name, the checks several files need (全国地方公共団体コード,
 * 法人番号, coordinates), and the labelled lines that mappings write into free-text fields. Not exported.
 */
import { CareOfficeNumber, isValidCorporateNumber, LocalGovernmentCode } from "@zaitaku/core"
import type * as z from "zod"
import type { RowError } from "../CsvReader.js"

/** Drops `undefined` properties (exactOptionalPropertyTypes: an absent field is absent, not `undefined`). */
export const compact = <T extends Record<string, unknown>>(value: T): T => {
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v
  return out as T
}

/** A decimal number as written (full-width digits accepted), or `undefined`. */
export const decodeNumber = (raw: string): number | undefined => {
  const v = raw.normalize("NFKC")
  return /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(v) ? Number(v) : undefined
}

/** The fields of one record, looked up by column name, and the row errors found while reading them. */
export interface FieldReader {
  readonly errors: Array<RowError>
  /** Whether the header has this column. */
  readonly has: (column: string) => boolean
  /** The trimmed value ("" when empty or when the header has no such column). */
  readonly get: (column: string) => string
  readonly optional: (column: string) => string | undefined
  /** The trimmed value; a `required` row error when it is empty. */
  readonly required: (column: string) => string
  readonly error: (column: string, code: string, ja: string, en: string) => void
}

/** Reads `record` by the names in `header`. */
export const fieldReader = (
  record: ReadonlyArray<string>,
  header: ReadonlyArray<string>,
  line: number,
): FieldReader => {
  const errors: Array<RowError> = []
  const index = new Map(header.map((column, i) => [column, i]))
  const get = (column: string): string => {
    const i = index.get(column)
    return i === undefined ? "" : (record[i] ?? "").trim()
  }
  const error = (column: string, code: string, ja: string, en: string): void => {
    errors.push({ line, column, code, reason: { ja, en } })
  }
  return {
    errors,
    has: (column) => index.has(column),
    get,
    optional: (column) => {
      const v = get(column)
      return v === "" ? undefined : v
    },
    required: (column) => {
      const v = get(column)
      if (v === "") error(column, "required", `${column}は必須です`, `${column} is required`)
      return v
    },
    error,
  }
}

/**
 * `value` of `column` checked with one of core's schemas; core's bilingual issues (`params: { ja, code }`) become row
 * errors. `undefined` when empty or invalid.
 */
export const checkedWith = <S extends z.ZodType>(
  f: FieldReader,
  column: string,
  schema: S,
  value: string,
): z.output<S> | undefined => {
  if (value === "") return undefined
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) {
    const params = (issue as { params?: { ja?: string; code?: string } }).params
    f.error(column, params?.code ?? issue.code, params?.ja ?? issue.message, issue.message)
  }
  return undefined
}

/**
 * A 全国地方公共団体コード in `column`, checked with core's {@link LocalGovernmentCode} (six digits, check digit).
 */
export const localGovernmentCode = (f: FieldReader, column: string, value: string): LocalGovernmentCode | undefined =>
  checkedWith(f, column, LocalGovernmentCode, value)

/** A WGS84 coordinate in degrees between −limit and limit: `not_a_number` or `code` row errors. */
export const coordinate = (f: FieldReader, column: string, limit: number, code: string): number | undefined => {
  const raw = f.optional(column)
  if (raw === undefined) return undefined
  const value = decodeNumber(raw)
  if (value === undefined) {
    f.error(column, "not_a_number", `${column}が数値ではありません`, `${column} is not a number`)
    return undefined
  }
  if (value < -limit || value > limit) {
    f.error(
      column,
      code,
      `${column}は-${limit}〜${limit}の範囲で入力してください（${value}が入力されました）`,
      `${column} must be between -${limit} and ${limit} (WGS84 degrees), got ${value}`,
    )
    return undefined
  }
  return value
}

/** A 法人番号 (13 digits with its check digit): `corporate_number` or `check_digit` row errors. */
export const corporateNumber = (f: FieldReader, column: string): string | undefined => {
  const value = f.optional(column)
  if (value === undefined) return undefined
  if (!/^[0-9]{13}$/.test(value)) {
    f.error(
      column,
      "corporate_number",
      `法人番号は13桁の半角数字です（${value.length}文字が入力されました）`,
      `法人番号 (corporate number) must be exactly 13 digits, got ${value.length} characters`,
    )
    return undefined
  }
  if (!isValidCorporateNumber(value)) {
    f.error(
      column,
      "check_digit",
      "法人番号の検査数字（先頭の1桁）が違います",
      "Wrong check digit in 法人番号 (corporate number): the first digit does not match the other twelve",
    )
    return undefined
  }
  return value
}

/**
 * A 介護保険事業所番号 in `column` (required): an `office_number` row error unless it is 10 digits of a prefecture.
 */
export const careOfficeNumber = (f: FieldReader, column: string): CareOfficeNumber | undefined => {
  const value = f.required(column)
  if (value === "") return undefined
  const parsed = CareOfficeNumber.safeParse(value)
  if (parsed.success) return parsed.data
  f.error(
    column,
    "office_number",
    `事業所番号は10桁の半角数字です（${value.length}文字が入力されました）`,
    `事業所番号 (office number) must be exactly 10 digits, got ${value.length} characters`,
  )
  return undefined
}

/** A whole number ≥ 0 (full-width digits accepted): a `code` row error otherwise. */
export const wholeNumber = (f: FieldReader, column: string, code: string, label: string): number | undefined => {
  const raw = f.optional(column)
  if (raw === undefined) return undefined
  const normalized = raw.normalize("NFKC")
  if (/^[0-9]+$/.test(normalized)) return Number(normalized)
  f.error(
    column,
    code,
    `${column}は0以上の整数で入力してください`,
    `${column}${label === "" ? "" : ` (${label})`} must be a whole number, 0 or more`,
  )
  return undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Labelled lines in free text
// ---------------------------------------------------------------------------------------------------------------

/**
 * The mappings keep values that have no field of their own as labelled lines (`診療科: 内科、小児科`) in `notes` or
 * `contactNotes`; the exports read them back. `label` is the text before `: `.
 */
export const labelledLine = (label: string, value: string | undefined): string | undefined =>
  value === undefined || value === "" ? undefined : `${label}: ${value}`

/**
 * The labels of the lines the mappings write, shared with the exports that read them back: in `contactNotes`, contact
 * details that are not a valid phone number or web address, and the 内線番号; in `notes`, the 利用可能曜日 (days
 * without times), the 診療科, the 時間外における対応, and 診療曜日・診療開始時間・診療終了時間 that could not be read
 * as hours.
 */
export const lineLabels = {
  phone: "電話番号",
  extension: "内線番号",
  fax: "FAX番号",
  url: "URL",
  urlColumn: "URL欄",
  availableDays: "利用可能曜日",
  departments: "診療科",
  afterHours: "時間外における対応",
  consultationDays: "診療曜日",
  consultationOpens: "診療開始時間",
  consultationCloses: "診療終了時間",
} as const

/** The value of the first line `label: value` of `text`, or `undefined`. */
export const labelledValue = (text: string | undefined, label: string): string | undefined => {
  if (text === undefined) return undefined
  const prefix = `${label}: `
  for (const line of text.split("\n")) if (line.startsWith(prefix)) return line.slice(prefix.length)
  return undefined
}

/** `text` without its lines labelled with one of `labels` (the first such line of each label). */
export const withoutLabelledLines = (text: string | undefined, labels: ReadonlyArray<string>): string => {
  if (text === undefined) return ""
  const removed = new Set<string>()
  const kept: Array<string> = []
  for (const line of text.split("\n")) {
    const label = labels.find((l) => !removed.has(l) && line.startsWith(`${l}: `))
    if (label === undefined) kept.push(line)
    else removed.add(label)
  }
  return kept.join("\n")
}
