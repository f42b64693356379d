/**
 * 介護サービス情報公表システム オープンデータ (MHLW long-term-care service information open data): the 24-column
 * CSV published per サービス種類 (`jigyosho_<code>.csv`, `jigyosho_<code>_all_<timestamp>.csv`).
 *
 * @since 0.1.0
 */
import { CareOfficeNumber, LocalGovernmentCode } from "@zaitaku/core"
import * as z from "zod"
import { type RecordReader, type RecordReadOptions, type RowDecoder, readRecords } from "./CsvReader.js"
import type { ByteSource } from "./Encoding.js"
import {
  careOfficeNumber,
  compact,
  coordinate,
  corporateNumber,
  fieldReader,
  localGovernmentCode,
  wholeNumber,
} from "./internal/Fields.js"

/**
 * ヘッダー (the header) of the 介護サービス情報公表 CSV, verbatim, 24 columns.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { kaigoKohyoHeader } from "@zaitaku/opendata-jp"
 *
 * kaigoKohyoHeader.join(",") // "都道府県コード又は市町村コード,No,都道府県名,…,備考"
 * ```
 */
export const kaigoKohyoHeader = [
  "都道府県コード又は市町村コード",
  "No",
  "都道府県名",
  "市区町村名",
  "事業所名",
  "事業所名カナ",
  "サービスの種類",
  "住所",
  "方書（ビル名等）",
  "緯度",
  "経度",
  "電話番号",
  "FAX番号",
  "法人番号",
  "法人の名称",
  "事業所番号",
  "利用可能曜日",
  "利用可能曜日特記事項",
  "定員",
  "URL",
  "高齢者の方と障害者の方が同時一体的に利用できるサービス",
  "介護保険の通常の指定基準を満たしている",
  "障害福祉の通常の指定基準を満たしている",
  "備考",
] as const

/**
 * 定員の概念がないサービス (services without a capacity): for these サービス種類コード a 定員 of `0` means "not
 * applicable", not "zero places". The visit-type services 110 訪問介護, 120 訪問入浴介護, 130 訪問看護, 140 訪問
 * リハビリテーション, 710 夜間対応型訪問介護, 760 定期巡回・随時対応型訪問介護看護; 430 居宅介護支援; and, by the same
 * reasoning (no places to fill), 170 福祉用具貸与 and 410 特定福祉用具販売. 通所・短期入所・居住系 services (150, 160,
 * 210, 320, 510, 520, 720, 730, 770, 780 …) have a real 定員 (or 登録定員) and keep `0` as zero.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { capacityNotApplicableServiceCodes } from "@zaitaku/opendata-jp"
 *
 * capacityNotApplicableServiceCodes.has("130") // true (訪問看護)
 * ```
 */
export const capacityNotApplicableServiceCodes: ReadonlySet<string> = new Set([
  "110",
  "120",
  "130",
  "140",
  "170",
  "410",
  "430",
  "710",
  "760",
])

/**
 * URL列の中身の種類 (what the URL column holds): a web address, an e-mail address, a phone number, or
 * something else. The published files put all of these in that column.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { UrlColumnKind } from "@zaitaku/opendata-jp"
 *
 * UrlColumnKind.parse("email")
 * ```
 */
export const UrlColumnKind = z.enum(["url", "email", "phone", "other"])

/**
 * URL列の中身の種類 (what the URL column holds).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { UrlColumnKind } from "@zaitaku/opendata-jp"
 *
 * const kind: UrlColumnKind = "phone"
 * ```
 */
export type UrlColumnKind = z.infer<typeof UrlColumnKind>

/**
 * 共生型サービスの列 (the three 共生型 columns) as given in the file, each absent when empty:
 * 高齢者の方と障害者の方が同時一体的に利用できるサービス, 介護保険の通常の指定基準を満たしている,
 * 障害福祉の通常の指定基準を満たしている (values such as 「通常の指定」「共生型」).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { SharedServiceFlags } from "@zaitaku/opendata-jp"
 *
 * SharedServiceFlags.parse({ disabilityWelfareStandard: "共生型" })
 * ```
 */
export const SharedServiceFlags = z.object({
  elderlyAndDisabledTogether: z.string().optional(),
  longTermCareStandard: z.string().optional(),
  disabilityWelfareStandard: z.string().optional(),
})

/**
 * 共生型サービスの列 (the three 共生型 columns).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { SharedServiceFlags } from "@zaitaku/opendata-jp"
 *
 * const flags: SharedServiceFlags = {}
 * ```
 */
export type SharedServiceFlags = z.infer<typeof SharedServiceFlags>

/**
 * 介護サービス情報公表の1行 (one decoded row of the 介護サービス情報公表 CSV). Text columns are trimmed and absent
 * when empty; codes are validated; `capacity` is absent and `capacityNotApplicable` true when the service has no
 * 定員 (see {@link capacityNotApplicableServiceCodes}) and the file says 0; the URL column goes to `url` when it
 * holds a web address and to `contact` otherwise, with `urlColumnKind` saying which.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { KaigoKohyoRecord } from "@zaitaku/opendata-jp"
 *
 * KaigoKohyoRecord.parse({
 *   municipalityCode: "022039",
 *   officeNumber: "0270100011",
 *   name: "テスト訪問看護ステーション八戸",
 *   serviceTypeCode: "130",
 *   capacityNotApplicable: true,
 *   sharedServiceFlags: {},
 * })
 * ```
 */
export const KaigoKohyoRecord = z.object({
  /** 都道府県コード又は市町村コード: six-digit 全国地方公共団体コード. */
  municipalityCode: LocalGovernmentCode,
  /** No (the row's sequence number in the file, as given). */
  no: z.string().optional(),
  prefectureName: z.string().optional(),
  municipalityName: z.string().optional(),
  /** 事業所番号: the key. */
  officeNumber: CareOfficeNumber,
  name: z.string().min(1),
  nameKana: z.string().optional(),
  /** サービスの種類 (label as given). */
  serviceType: z.string().optional(),
  /** サービス種類コード (three digits, from the file name or the caller). */
  serviceTypeCode: z.string().regex(/^[0-9]{3}$/),
  address: z.string().optional(),
  /** 方書（ビル名等）. */
  building: z.string().optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  phone: z.string().optional(),
  fax: z.string().optional(),
  /** 法人番号: 13 digits with a valid check digit. */
  corporateNumber: z
    .string()
    .regex(/^[0-9]{13}$/)
    .optional(),
  corporateName: z.string().optional(),
  /** 利用可能曜日 (as given). */
  availableDays: z.string().optional(),
  availableDaysNote: z.string().optional(),
  /** 定員 (places). */
  capacity: z.number().int().min(0).optional(),
  capacityNotApplicable: z.boolean(),
  url: z.string().optional(),
  contact: z.string().optional(),
  urlColumnKind: UrlColumnKind.optional(),
  sharedServiceFlags: SharedServiceFlags,
  /** 備考. */
  notes: z.string().optional(),
})

/**
 * 介護サービス情報公表の1行 (one decoded row of the 介護サービス情報公表 CSV).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { KaigoKohyoRecord } from "@zaitaku/opendata-jp"
 *
 * const key = (record: KaigoKohyoRecord): string => record.officeNumber
 * ```
 */
export type KaigoKohyoRecord = z.infer<typeof KaigoKohyoRecord>

/**
 * サービス種類コードをファイル名から取得 (service type code from a file name): `jigyosho_130.csv` and
 * `jigyosho_130_all_20260709180342.csv` give `"130"`; any directory part is ignored. `undefined` otherwise.
 *
 * @since 0.1.0
 * @category parsing
 * @example
 * ```ts
 * import { serviceTypeCodeFromFileName } from "@zaitaku/opendata-jp"
 *
 * serviceTypeCodeFromFileName("/data/jigyosho_430_all_20260709180342.csv") // "430"
 * ```
 */
export const serviceTypeCodeFromFileName = (fileName: string): string | undefined => {
  const base = fileName.split(/[\\/]/).pop() ?? ""
  return /^jigyosho_([0-9]{3})(?:_[^.]*)?\.csv$/i.exec(base)?.[1]
}

/**
 * URL列の分類 (classify the URL column): `url` for http(s) addresses and `www.` host names, `email` for an
 * address with `@`, `phone` for digits with hyphens or parentheses (10–11 digits, full-width accepted), and
 * `other` for anything else.
 *
 * @since 0.1.0
 * @category parsing
 * @example
 * ```ts
 * import { classifyUrlColumn } from "@zaitaku/opendata-jp"
 *
 * classifyUrlColumn("info@example.jp") // "email"
 * classifyUrlColumn("0178-00-0000") // "phone"
 * ```
 */
export const classifyUrlColumn = (value: string): UrlColumnKind => {
  const v = value.normalize("NFKC").trim()
  if (/^https?:\/\/[^\s]+$/i.test(v) || /^www\.[^\s@]+\.[a-z]{2,}(?:[/?#][^\s]*)?$/i.test(v)) return "url"
  if (/^(?:mailto:)?[^\s@]+@[^\s@]+\.[^\s@]+$/i.test(v)) return "email"
  if (/^[0-9()\-‐−ー\s]+$/.test(v)) {
    const digits = v.replace(/[^0-9]/g, "").length
    if (digits >= 10 && digits <= 11) return "phone"
  }
  return "other"
}

type Column = (typeof kaigoKohyoHeader)[number]

/**
 * 1行の復号 (decode one row) of the 介護サービス情報公表 CSV: the 24 fields in header order to a
 * {@link KaigoKohyoRecord}, or every field error (each with its column name and a bilingual reason). Exposed for
 * callers that read the CSV themselves; {@link readKaigoKohyo} uses it.
 *
 * @since 0.1.0
 * @category decoding
 * @example
 * ```ts
 * import { decodeKaigoKohyoRow, kaigoKohyoHeader } from "@zaitaku/opendata-jp"
 *
 * const fields = kaigoKohyoHeader.map(() => "")
 * const result = decodeKaigoKohyoRow("130")(fields, 2)
 * result._tag // "Invalid" (事業所名, 事業所番号 and the municipality code are required)
 * ```
 */
export const decodeKaigoKohyoRow =
  (serviceTypeCode: string) =>
  (fields: ReadonlyArray<string>, line: number): ReturnType<RowDecoder<KaigoKohyoRecord>> => {
    const f = fieldReader(fields, kaigoKohyoHeader, line)
    const optional = (column: Column): string | undefined => f.optional(column)

    const codeColumn = "都道府県コード又は市町村コード"
    const code = localGovernmentCode(f, codeColumn, f.required(codeColumn))
    const officeNumber = careOfficeNumber(f, "事業所番号")
    const name = f.required("事業所名")
    const latitude = coordinate(f, "緯度", 90, "latitude_range")
    const longitude = coordinate(f, "経度", 180, "longitude_range")
    const corporate = corporateNumber(f, "法人番号")

    // 定員 0 (or none) of a service without places means "not applicable", not "zero places"
    let capacity = wholeNumber(f, "定員", "capacity", "capacity")
    const capacityNotApplicable =
      capacityNotApplicableServiceCodes.has(serviceTypeCode) && (f.optional("定員") === undefined || capacity === 0)
    if (capacityNotApplicable) capacity = undefined

    const urlColumn = optional("URL")
    const urlColumnKind = urlColumn === undefined ? undefined : classifyUrlColumn(urlColumn)

    if (f.errors.length > 0 || code === undefined || officeNumber === undefined) {
      return { _tag: "Invalid", errors: f.errors }
    }

    const sharedServiceFlags: SharedServiceFlags = compact({
      elderlyAndDisabledTogether: optional("高齢者の方と障害者の方が同時一体的に利用できるサービス"),
      longTermCareStandard: optional("介護保険の通常の指定基準を満たしている"),
      disabilityWelfareStandard: optional("障害福祉の通常の指定基準を満たしている"),
    })
    const record = compact({
      municipalityCode: code,
      no: optional("No"),
      prefectureName: optional("都道府県名"),
      municipalityName: optional("市区町村名"),
      officeNumber,
      name,
      nameKana: optional("事業所名カナ"),
      serviceType: optional("サービスの種類"),
      serviceTypeCode,
      address: optional("住所"),
      building: optional("方書（ビル名等）"),
      latitude,
      longitude,
      phone: optional("電話番号"),
      fax: optional("FAX番号"),
      corporateNumber: corporate,
      corporateName: optional("法人の名称"),
      availableDays: optional("利用可能曜日"),
      availableDaysNote: optional("利用可能曜日特記事項"),
      capacity,
      capacityNotApplicable,
      url: urlColumnKind === "url" ? urlColumn : undefined,
      contact: urlColumnKind !== undefined && urlColumnKind !== "url" ? urlColumn : undefined,
      urlColumnKind,
      sharedServiceFlags,
      notes: optional("備考"),
    }) as KaigoKohyoRecord
    return { _tag: "Ok", value: record }
  }

/**
 * Options of {@link readKaigoKohyo}: the サービス種類コード (given, or taken from `fileName`), strict mode, and
 * the decoding options.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { KaigoKohyoReadOptions } from "@zaitaku/opendata-jp"
 *
 * const options: KaigoKohyoReadOptions = { fileName: "jigyosho_130.csv", strict: false }
 * ```
 */
export interface KaigoKohyoReadOptions extends Omit<RecordReadOptions, "expectedHeader" | "headerMode"> {
  readonly serviceTypeCode?: string
  readonly fileName?: string
}

/**
 * 介護サービス情報公表CSVの読み込み (read a 介護サービス情報公表 CSV): detects the encoding, checks the exact
 * 24-column header, and yields one {@link ImportRow} per data row (`Ok` with a {@link KaigoKohyoRecord}, or
 * `Invalid` with its row errors). In strict mode the first bad row throws a `CsvFileError` (`row_rejected`);
 * a header mismatch or broken CSV syntax throws in both modes. `summary` counts rows as they are read.
 *
 * @throws RangeError at call time when neither `serviceTypeCode` (three digits) nor a `jigyosho_<code>` file
 * name is given.
 * @since 0.1.0
 * @category reading
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { readKaigoKohyo } from "@zaitaku/opendata-jp"
 *
 * const file = "jigyosho_130.csv"
 * const reader = readKaigoKohyo(createReadStream(file), { fileName: file })
 * for await (const row of reader) {
 *   if (row._tag === "Ok") console.log(row.record.officeNumber, row.record.name)
 *   else for (const e of row.errors) console.warn(`line ${e.line} ${e.column ?? ""}: ${e.reason.ja}`)
 * }
 * console.log(reader.summary) // { rows, ok, invalid, errors, encoding }
 * ```
 */
export const readKaigoKohyo = (source: ByteSource, options: KaigoKohyoReadOptions): RecordReader<KaigoKohyoRecord> => {
  const serviceTypeCode =
    options.serviceTypeCode ??
    (options.fileName === undefined ? undefined : serviceTypeCodeFromFileName(options.fileName))
  if (serviceTypeCode === undefined || !/^[0-9]{3}$/.test(serviceTypeCode)) {
    throw new RangeError(
      `readKaigoKohyo needs a three-digit serviceTypeCode or a jigyosho_<code>.csv fileName, got ${JSON.stringify(
        options.serviceTypeCode ?? options.fileName,
      )}`,
    )
  }
  return readRecords(source, decodeKaigoKohyoRow(serviceTypeCode), {
    ...options,
    expectedHeader: kaigoKohyoHeader,
    headerMode: "exact",
  })
}
