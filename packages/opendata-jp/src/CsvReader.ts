/**
 * ストリーミングCSV読み込み (streaming CSV reader) over `csv-parse`: one record at a time with its physical line
 * number, a header check against the expected columns, and errors as data.
 *
 * @since 0.1.0
 */
import { Readable } from "node:stream"
import type { LocalizedText } from "@zaitaku/core"
import { parse } from "csv-parse"
import { Data } from "effect"
import { type ByteSource, type DecodeOptions, type DetectedEncoding, decodeStream } from "./Encoding.js"

/**
 * 行エラー (row error): one problem in one CSV record. `line` is the 1-based physical line where the record
 * starts (a quoted field may span several lines); `column` is the header name of the offending column, absent
 * when the problem concerns the whole row.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import type { RowError } from "@zaitaku/opendata-jp"
 *
 * const error: RowError = {
 *   line: 4,
 *   column: "事業所番号",
 *   code: "office_number",
 *   reason: { ja: "事業所番号は10桁の半角数字です", en: "事業所番号 must be 10 digits" },
 * }
 * ```
 */
export interface RowError {
  readonly line: number
  readonly column?: string
  /** Machine-readable code, e.g. `column_count`, `required`, `check_digit`, `office_number`, `latitude_range`. */
  readonly code: string
  readonly reason: LocalizedText
}

/**
 * ヘッダー不一致の内訳 (header mismatch detail): expected columns that are absent, columns that are not
 * expected, and expected columns present at another position.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { HeaderMismatch } from "@zaitaku/opendata-jp"
 *
 * const mismatch: HeaderMismatch = { missing: ["備考"], unexpected: [], misordered: [] }
 * ```
 */
export interface HeaderMismatch {
  readonly missing: ReadonlyArray<string>
  readonly unexpected: ReadonlyArray<string>
  readonly misordered: ReadonlyArray<{ readonly column: string; readonly expected: number; readonly actual: number }>
}

/**
 * ファイル単位のエラー (file-level error): the file as a whole cannot be read.
 *
 * - `header`: the header differs from the expected columns (`mismatch` lists how);
 * - `malformed`: the CSV syntax is broken (an unclosed or stray quote) — the parser cannot resynchronise, so
 *   even the lenient mode stops here;
 * - `empty`: no header line;
 * - `row_rejected`: strict mode met a bad row (`rowErrors` holds its errors).
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { CsvFileError } from "@zaitaku/opendata-jp"
 *
 * const error = new CsvFileError({
 *   reason: "empty",
 *   line: 1,
 *   detail: { ja: "ヘッダー行がありません", en: "The file has no header line" },
 * })
 * error.message // "The file has no header line"
 * ```
 */
export class CsvFileError extends Data.TaggedError("CsvFileError")<{
  readonly reason: "header" | "malformed" | "empty" | "row_rejected"
  readonly line: number
  readonly detail: LocalizedText
  readonly mismatch?: HeaderMismatch
  readonly rowErrors?: ReadonlyArray<RowError>
}> {
  override get message(): string {
    return this.detail.en
  }
}

/**
 * ヘッダーの照合 (compare a header with the expected columns): `undefined` when they are identical, otherwise
 * what is missing, unexpected and misordered. Comparison is exact (no trimming or width folding).
 *
 * @since 0.1.0
 * @category header
 * @example
 * ```ts
 * import { compareHeader } from "@zaitaku/opendata-jp"
 *
 * compareHeader(["a", "b", "c"], ["b", "a", "d"])
 * // { missing: ["c"], unexpected: ["d"], misordered: [{ column: "a", expected: 1, actual: 2 }, …] }
 * ```
 */
export const compareHeader = (
  expected: ReadonlyArray<string>,
  actual: ReadonlyArray<string>,
): HeaderMismatch | undefined => {
  if (expected.length === actual.length && expected.every((column, i) => actual[i] === column)) return undefined
  const actualSet = new Set(actual)
  const expectedSet = new Set(expected)
  const missing = expected.filter((column) => !actualSet.has(column))
  const unexpected = actual.filter((column) => !expectedSet.has(column))
  const misordered: Array<{ column: string; expected: number; actual: number }> = []
  expected.forEach((column, i) => {
    const at = actual.indexOf(column)
    if (at >= 0 && at !== i) misordered.push({ column, expected: i + 1, actual: at + 1 })
  })
  return { missing, unexpected, misordered }
}

/**
 * ヘッダー不一致の説明文 (describe a header mismatch) in Japanese and English, listing every column concerned.
 *
 * @since 0.1.0
 * @category header
 * @example
 * ```ts
 * import { describeHeaderMismatch } from "@zaitaku/opendata-jp"
 *
 * describeHeaderMismatch({ missing: ["備考"], unexpected: ["メモ"], misordered: [] }).en
 * // "The header does not match the expected columns. Missing: 備考. Unexpected: メモ."
 * ```
 */
export const describeHeaderMismatch = (mismatch: HeaderMismatch): LocalizedText => {
  const ja = ["ヘッダーが想定した列と一致しません。"]
  const en = ["The header does not match the expected columns."]
  if (mismatch.missing.length > 0) {
    ja.push(`不足している列：${mismatch.missing.join("、")}。`)
    en.push(`Missing: ${mismatch.missing.join(", ")}.`)
  }
  if (mismatch.unexpected.length > 0) {
    ja.push(`想定外の列：${mismatch.unexpected.join("、")}。`)
    en.push(`Unexpected: ${mismatch.unexpected.join(", ")}.`)
  }
  if (mismatch.misordered.length > 0) {
    ja.push(
      `順序が違う列：${mismatch.misordered.map((m) => `${m.column}（${m.expected}列目のはずが${m.actual}列目）`).join("、")}。`,
    )
    en.push(
      `Out of order: ${mismatch.misordered.map((m) => `${m.column} (expected column ${m.expected}, found ${m.actual})`).join(", ")}.`,
    )
  }
  return { ja: ja.join(""), en: en.join(" ") }
}

/**
 * One CSV record with the 1-based physical line where it starts.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { CsvRecord } from "@zaitaku/opendata-jp"
 *
 * const row: CsvRecord = { line: 2, record: ["022039", "1"] }
 * ```
 */
export interface CsvRecord {
  readonly line: number
  readonly record: ReadonlyArray<string>
}

/**
 * Options of {@link readCsv}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { CsvReadOptions } from "@zaitaku/opendata-jp"
 *
 * const options: CsvReadOptions = { expectedHeader: ["ID", "正式名称"], headerMode: "contains" }
 * ```
 */
export interface CsvReadOptions extends DecodeOptions {
  /** The expected header. Absent: the first record is returned as `header` without a check. */
  readonly expectedHeader?: ReadonlyArray<string>
  /**
   * `"exact"` (default): the header must equal `expectedHeader`. `"contains"`: every expected column must be
   * present, in any order; extra columns are allowed (for files whose full column list is not fixed).
   */
  readonly headerMode?: "exact" | "contains"
  /** Check that every record has as many fields as the header (default true): a `column_count` row error. */
  readonly checkColumnCount?: boolean
}

/**
 * A CSV file being read: iterate once for the records (a header error or broken CSV syntax throws a
 * {@link CsvFileError}); `header` and `encoding` are known after the first record.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { readCsv } from "@zaitaku/opendata-jp"
 *
 * const csv = readCsv([new TextEncoder().encode("a,b\n1,2\n")])
 * for await (const row of csv) console.log(row.line, row.record, row.errors) // 2 ["1", "2"] []
 * csv.header // ["a", "b"]
 * ```
 */
export interface CsvReader extends AsyncIterable<CsvRecord & { readonly errors: ReadonlyArray<RowError> }> {
  readonly header: ReadonlyArray<string> | undefined
  readonly encoding: DetectedEncoding | undefined
}

const countNewlines = (record: ReadonlyArray<string>): number => {
  let n = 0
  for (const field of record) {
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i)
      if (c === 10 || (c === 13 && field.charCodeAt(i + 1) !== 10)) n++
    }
  }
  return n
}

const malformed = (error: unknown): CsvFileError => {
  const lines = typeof error === "object" && error !== null && "lines" in error ? Number(error.lines) : 0
  const text = error instanceof Error ? error.message : String(error)
  return new CsvFileError({
    reason: "malformed",
    line: lines,
    detail: {
      ja: `CSVの書式が壊れているため読み込めません（${lines}行目付近）：${text}`,
      en: `The CSV syntax is broken near line ${lines}: ${text}`,
    },
  })
}

/**
 * CSVの読み込み (read a CSV file) as a stream of records: decodes the bytes ({@link decodeStream}), parses with
 * `csv-parse` (RFC 4180 quoting, empty lines skipped, rows of any length kept), checks the header, and yields
 * each data record with its starting line and a `column_count` error when its length differs from the header.
 *
 * Records are pulled one at a time: the file is read only as fast as the consumer iterates, so memory stays
 * bounded by the parser's buffers whatever the file size.
 *
 * @since 0.1.0
 * @category reading
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { readCsv } from "@zaitaku/opendata-jp"
 *
 * for await (const { line, record, errors } of readCsv(createReadStream("data.csv"), { expectedHeader: ["ID"] })) {
 *   if (errors.length === 0) console.log(line, record[0])
 * }
 * ```
 */
export const readCsv = (source: ByteSource, options: CsvReadOptions = {}): CsvReader => {
  const decoded = decodeStream(source, options)
  let header: ReadonlyArray<string> | undefined
  let started = false

  async function* generate(): AsyncGenerator<CsvRecord & { readonly errors: ReadonlyArray<RowError> }> {
    const parser = parse({
      columns: false,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      bom: false,
    })
    const input = Readable.from(decoded)
    input.on("error", (error) => parser.destroy(error))
    input.pipe(parser)
    try {
      // csv-parse's `info.lines` counts CR and LF separately inside quoted fields, so a CRLF in a field would
      // shift every later line number: count physical lines here (CRLF, CR or LF = one line break).
      let nextLine = 1
      let emptyLinesSeen = 0
      for await (const item of parser as AsyncIterable<{ record: Array<string>; info: { empty_lines: number } }>) {
        const line = nextLine + item.info.empty_lines - emptyLinesSeen
        emptyLinesSeen = item.info.empty_lines
        nextLine = line + countNewlines(item.record) + 1
        if (header === undefined) {
          header = item.record
          const expected = options.expectedHeader
          if (expected !== undefined) {
            const mismatch =
              options.headerMode === "contains"
                ? containsMismatch(expected, item.record)
                : compareHeader(expected, item.record)
            if (mismatch !== undefined) {
              throw new CsvFileError({ reason: "header", line, detail: describeHeaderMismatch(mismatch), mismatch })
            }
          }
          continue
        }
        const errors: Array<RowError> = []
        if (options.checkColumnCount !== false && item.record.length !== header.length) {
          errors.push({
            line,
            code: "column_count",
            reason: {
              ja: `列の数が${item.record.length}です（ヘッダーは${header.length}列）`,
              en: `The row has ${item.record.length} fields, the header has ${header.length}`,
            },
          })
        }
        yield { line, record: item.record, errors }
      }
    } catch (error) {
      if (error instanceof CsvFileError) throw error
      // csv-parse errors carry a `CSV_…` code; anything else (an I/O error of the source) passes through as is.
      const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : ""
      throw code.startsWith("CSV_") ? malformed(error) : error
    } finally {
      input.destroy()
      parser.destroy()
    }
    if (header === undefined) {
      throw new CsvFileError({
        reason: "empty",
        line: 1,
        detail: { ja: "ヘッダー行がありません（空のファイルです）", en: "The file has no header line (it is empty)" },
      })
    }
  }

  return {
    get header() {
      return header
    },
    get encoding() {
      return decoded.encoding
    },
    [Symbol.asyncIterator]() {
      if (started) throw new TypeError("readCsv: a CSV reader can be iterated only once")
      started = true
      return generate()
    },
  }
}

const containsMismatch = (
  expected: ReadonlyArray<string>,
  actual: ReadonlyArray<string>,
): HeaderMismatch | undefined => {
  const actualSet = new Set(actual)
  const missing = expected.filter((column) => !actualSet.has(column))
  return missing.length === 0 ? undefined : { missing, unexpected: [], misordered: [] }
}

/**
 * 行の読み取り結果 (result of one row): `Ok` with the decoded record, or `Invalid` with every problem found in
 * the row (at least one).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ImportRow } from "@zaitaku/opendata-jp"
 *
 * const describe = (row: ImportRow<unknown>): string =>
 *   row._tag === "Ok" ? `line ${row.line}: ok` : `line ${row.line}: ${row.errors.map((e) => e.code).join(", ")}`
 * ```
 */
export type ImportRow<A> =
  | { readonly _tag: "Ok"; readonly line: number; readonly record: A }
  | { readonly _tag: "Invalid"; readonly line: number; readonly errors: readonly [RowError, ...Array<RowError>] }

/**
 * 読み込み集計 (read summary): data rows read (header excluded), rows decoded, rows rejected, the number of
 * row errors, and the detected encoding. Live while reading, so it can drive a progress display.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ImportSummary } from "@zaitaku/opendata-jp"
 *
 * const line = (s: ImportSummary) => `${s.rows} rows, ${s.ok} ok, ${s.invalid} rejected (${s.encoding})`
 * ```
 */
export interface ImportSummary {
  readonly rows: number
  readonly ok: number
  readonly invalid: number
  readonly errors: number
  readonly encoding: DetectedEncoding | undefined
}

/**
 * A file being read into decoded records: iterate once; `summary` is updated as rows are read and final when
 * the iteration ends.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { RecordReader } from "@zaitaku/opendata-jp"
 *
 * const countOk = async (reader: RecordReader<unknown>) => {
 *   for await (const _ of reader) {
 *   }
 *   return reader.summary.ok
 * }
 * ```
 */
export interface RecordReader<A> extends AsyncIterable<ImportRow<A>> {
  readonly summary: ImportSummary
}

/**
 * A row decoder: the fields of one record (same length as the header) to a value or row errors. The header is
 * passed for files whose columns are looked up by name.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { RowDecoder } from "@zaitaku/opendata-jp"
 *
 * const firstField: RowDecoder<string> = (record, line) =>
 *   record[0] ? { _tag: "Ok", value: record[0] } : { _tag: "Invalid", errors: [{ line, code: "required", reason: { ja: "必須です", en: "Required" } }] }
 * ```
 */
export type RowDecoder<A> = (
  record: ReadonlyArray<string>,
  line: number,
  header: ReadonlyArray<string>,
) => { readonly _tag: "Ok"; readonly value: A } | { readonly _tag: "Invalid"; readonly errors: ReadonlyArray<RowError> }

/**
 * Options of {@link readRecords}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { RecordReadOptions } from "@zaitaku/opendata-jp"
 *
 * const options: RecordReadOptions = { strict: true }
 * ```
 */
export interface RecordReadOptions extends CsvReadOptions {
  /**
   * 厳格モード (strict mode): reject the whole file at the first bad row by throwing a {@link CsvFileError}
   * with reason `row_rejected`. Default false (lenient): good rows are yielded, bad rows come as `Invalid`.
   */
  readonly strict?: boolean
}

/**
 * 行の読み取り (read and decode rows): {@link readCsv} plus a row decoder, strict or lenient mode, and a running
 * {@link ImportSummary}. The building block of the file-specific readers.
 *
 * @since 0.1.0
 * @category reading
 * @example
 * ```ts
 * import { readRecords } from "@zaitaku/opendata-jp"
 *
 * const reader = readRecords([new TextEncoder().encode("id\n1\n")], (record) => ({ _tag: "Ok", value: record[0] }), {
 *   expectedHeader: ["id"],
 * })
 * for await (const row of reader) console.log(row)
 * reader.summary // { rows: 1, ok: 1, invalid: 0, errors: 0, encoding: "utf-8" }
 * ```
 */
export const readRecords = <A>(
  source: ByteSource,
  decode: RowDecoder<A>,
  options: RecordReadOptions = {},
): RecordReader<A> => {
  const csv = readCsv(source, options)
  const counts = { rows: 0, ok: 0, invalid: 0, errors: 0 }
  let started = false

  async function* generate(): AsyncGenerator<ImportRow<A>> {
    for await (const { line, record, errors } of csv) {
      counts.rows++
      const result: ImportRow<A> | undefined =
        errors.length > 0 ? undefined : toImportRow(line, decode(record, line, csv.header ?? []))
      const row: ImportRow<A> = result ?? { _tag: "Invalid", line, errors: errors as [RowError, ...Array<RowError>] }
      if (row._tag === "Ok") {
        counts.ok++
      } else {
        counts.invalid++
        counts.errors += row.errors.length
        if (options.strict === true) {
          const first = row.errors[0]
          throw new CsvFileError({
            reason: "row_rejected",
            line,
            rowErrors: row.errors,
            detail: {
              ja: `${line}行目にエラーがあるため、ファイル全体を取り込みません（厳格モード）：${first.column === undefined ? "" : `${first.column}：`}${first.reason.ja}`,
              en: `Strict mode: the file is rejected because line ${line} has an error: ${first.column === undefined ? "" : `${first.column}: `}${first.reason.en}`,
            },
          })
        }
      }
      yield row
    }
  }

  return {
    get summary(): ImportSummary {
      return { ...counts, encoding: csv.encoding }
    },
    [Symbol.asyncIterator]() {
      if (started) throw new TypeError("readRecords: a reader can be iterated only once")
      started = true
      return generate()
    },
  }
}

const toImportRow = <A>(line: number, result: ReturnType<RowDecoder<A>>): ImportRow<A> => {
  if (result._tag === "Ok") return { _tag: "Ok", line, record: result.value }
  const [first, ...rest] = result.errors
  if (first === undefined) {
    throw new TypeError("RowDecoder returned Invalid without errors")
  }
  return { _tag: "Invalid", line, errors: [first, ...rest] }
}
