/**
 * デジタル庁「自治体標準オープンデータセット」(the Digital Agency's standard open datasets for local governments):
 * the 「介護サービス事業所一覧」 (long-term care service offices) and 「医療機関一覧」 (medical institutions) files a
 * municipality publishes about its own area. Read as a stream with the reader machinery of this package
 * ({@link readRecords}): UTF-8 with or without BOM or Shift_JIS, each bad row reported by line, column and reason, and
 * a strict mode.
 *
 * The columns are those of REFERENCE.md §4.3 (project domain reference; source there: the NEC-FIWARE smart-data-models
 * description of the datasets). Values marked required there are required here; in addition Zaitaku needs, to keep
 * re-imports idempotent, a key for each row (事業所番号, 医療機関コード) and a municipality for the address.
 *
 * @since 0.1.0
 */
import { CareOfficeNumber, isPrefectureCode, LocalGovernmentCode, MedicalInstitutionCode } from "@zaitaku/core"
import * as z from "zod"
import { type RecordReader, type RecordReadOptions, type RowDecoder, readRecords } from "./CsvReader.js"
import type { ByteSource } from "./Encoding.js"
import {
  careOfficeNumber,
  checkedWith,
  compact,
  coordinate,
  corporateNumber,
  type FieldReader,
  fieldReader,
  localGovernmentCode,
  wholeNumber,
} from "./internal/Fields.js"
import { classifyUrlColumn, UrlColumnKind } from "./KaigoKohyo.js"

// ---------------------------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------------------------

/**
 * The columns of the デジタル庁 自治体標準オープンデータセット「介護サービス事業所一覧」, in order (22 columns, as listed
 * in REFERENCE.md §4.3). The reader requires exactly this header.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { kaigoServiceOfficeListHeader } from "@zaitaku/opendata-jp"
 *
 * kaigoServiceOfficeListHeader[4] // "介護サービス事業所名称"
 * ```
 */
export const kaigoServiceOfficeListHeader = [
  "都道府県コード又は市区町村コード",
  "NO",
  "都道府県名",
  "市区町村名",
  "介護サービス事業所名称",
  "介護サービス事業所名称_カナ",
  "実施サービス",
  "住所",
  "方書",
  "緯度",
  "経度",
  "電話番号",
  "内線番号",
  "FAX番号",
  "法人番号",
  "法人の名称",
  "事業所番号",
  "利用可能曜日",
  "利用可能曜日特記事項",
  "定員",
  "URL",
  "備考",
] as const

/**
 * The columns of the 介護サービス事業所一覧 whose value is required (marked "req" in REFERENCE.md §4.3). The reader
 * also requires 事業所番号 (the key that matches a row with its entry on the next import) and a municipality code.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { kaigoServiceOfficeListRequiredColumns } from "@zaitaku/opendata-jp"
 *
 * kaigoServiceOfficeListRequiredColumns.includes("電話番号") // true
 * ```
 */
export const kaigoServiceOfficeListRequiredColumns = [
  "介護サービス事業所名称",
  "介護サービス事業所名称_カナ",
  "実施サービス",
  "住所",
  "電話番号",
] as const

/**
 * The column of a standard dataset that holds the 全国地方公共団体コード (six digits with the check digit).
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { standardDatasetCodeColumn } from "@zaitaku/opendata-jp"
 *
 * standardDatasetCodeColumn // "都道府県コード又は市区町村コード"
 * ```
 */
export const standardDatasetCodeColumn = "都道府県コード又は市区町村コード"

/**
 * The named columns of the デジタル庁「医療機関一覧」, in order, from 名称 to 備考 (22 columns). REFERENCE.md §4.3
 * lists them after a leading `…`: the columns before 名称 are not given there. The reader therefore finds every
 * column by name and accepts any other columns; the export writes {@link medicalInstitutionListLeadingColumns} first.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { medicalInstitutionListColumns } from "@zaitaku/opendata-jp"
 *
 * medicalInstitutionListColumns[0] // "名称"
 * ```
 */
export const medicalInstitutionListColumns = [
  "名称",
  "名称_カナ",
  "医療機関の種類",
  "住所",
  "方書",
  "緯度",
  "経度",
  "電話番号",
  "内線番号",
  "FAX番号",
  "法人番号",
  "法人の名称",
  "医療機関コード",
  "診療曜日",
  "診療開始時間",
  "診療終了時間",
  "診療日時特記事項",
  "時間外における対応",
  "診療科目",
  "病床数",
  "URL",
  "備考",
] as const

/**
 * The columns Zaitaku writes before 名称 in a 医療機関一覧: the four leading columns of the 介護サービス事業所一覧
 * (都道府県コード又は市区町村コード, NO, 都道府県名, 市区町村名). REFERENCE.md §4.3 elides the 医療機関一覧's leading
 * columns with `…`; these are an assumption, and the reader does not depend on them (it reads the code column when
 * present, and takes a municipality code from the caller otherwise).
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { medicalInstitutionListLeadingColumns } from "@zaitaku/opendata-jp"
 *
 * medicalInstitutionListLeadingColumns.length // 4
 * ```
 */
export const medicalInstitutionListLeadingColumns = [
  standardDatasetCodeColumn,
  "NO",
  "都道府県名",
  "市区町村名",
] as const

/**
 * The header of a 医療機関一覧 as Zaitaku writes it: {@link medicalInstitutionListLeadingColumns} then
 * {@link medicalInstitutionListColumns} (26 columns).
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { medicalInstitutionListHeader } from "@zaitaku/opendata-jp"
 *
 * medicalInstitutionListHeader.length // 26
 * ```
 */
export const medicalInstitutionListHeader = [
  ...medicalInstitutionListLeadingColumns,
  ...medicalInstitutionListColumns,
] as const

/**
 * The columns of the 医療機関一覧 whose value is required (marked "req" in REFERENCE.md §4.3). The reader also
 * requires 医療機関コード (the key across imports) and a municipality code.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { medicalInstitutionListRequiredColumns } from "@zaitaku/opendata-jp"
 *
 * medicalInstitutionListRequiredColumns.includes("診療科目") // true
 * ```
 */
export const medicalInstitutionListRequiredColumns = [
  "名称",
  "名称_カナ",
  "医療機関の種類",
  "住所",
  "診療曜日",
  "診療開始時間",
  "診療終了時間",
  "診療科目",
  "病床数",
  "URL",
] as const

/**
 * 医療機関の種類 (kind of medical institution) in a 医療機関一覧: `病院`, `有床診療所` or `無床診療所` (REFERENCE.md §4.3).
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { MedicalInstitutionType } from "@zaitaku/opendata-jp"
 *
 * MedicalInstitutionType.options // ["病院", "有床診療所", "無床診療所"]
 * ```
 */
export const MedicalInstitutionType = z.enum(["病院", "有床診療所", "無床診療所"])

/**
 * 医療機関の種類 (kind of medical institution).
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import type { MedicalInstitutionType } from "@zaitaku/opendata-jp"
 *
 * const type: MedicalInstitutionType = "無床診療所"
 * ```
 */
export type MedicalInstitutionType = z.infer<typeof MedicalInstitutionType>

// ---------------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------------

const located = {
  /** 全国地方公共団体コード of the 市区町村 (the file's column, or the caller's code when the column is empty). */
  municipalityCode: LocalGovernmentCode,
  /** NO (the row's number in the file, as given). */
  no: z.string().optional(),
  prefectureName: z.string().optional(),
  municipalityName: z.string().optional(),
}

const contact = {
  /** 方書. */
  building: z.string().optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  /** 内線番号 (extension). */
  extension: z.string().optional(),
  fax: z.string().optional(),
  /** 法人番号: 13 digits with a valid check digit. */
  corporateNumber: z
    .string()
    .regex(/^[0-9]{13}$/)
    .optional(),
  corporateName: z.string().optional(),
  /** The URL column when it holds a web address. */
  url: z.string().optional(),
  /** The URL column when it holds something else (an e-mail address, a phone number), as written. */
  contact: z.string().optional(),
  urlColumnKind: UrlColumnKind.optional(),
  /** 備考. */
  notes: z.string().optional(),
}

/**
 * 介護サービス事業所一覧の1行 (one decoded row of a 介護サービス事業所一覧). Text is trimmed and absent when empty;
 * codes are validated; values are otherwise as written (the mapping to a directory entry is
 * `kaigoServiceOfficeListToResource`).
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { KaigoServiceOfficeListRecord } from "@zaitaku/opendata-jp"
 *
 * KaigoServiceOfficeListRecord.parse({
 *   municipalityCode: "022039",
 *   name: "テスト訪問看護ステーション八戸",
 *   nameKana: "テストホウモンカンゴステーションハチノヘ",
 *   service: "訪問看護",
 *   address: "青森県八戸市内丸一丁目1-1",
 *   phone: "0178-00-0001",
 *   officeNumber: "0260190001",
 * })
 * ```
 */
export const KaigoServiceOfficeListRecord = z.object({
  ...located,
  /** 介護サービス事業所名称. */
  name: z.string().min(1),
  /** 介護サービス事業所名称_カナ. */
  nameKana: z.string().min(1),
  /** 実施サービス (as given). */
  service: z.string().min(1),
  /** 住所. */
  address: z.string().min(1),
  /** 電話番号 (as given). */
  phone: z.string().min(1),
  /** 事業所番号: the key. */
  officeNumber: CareOfficeNumber,
  /** 利用可能曜日 (as given). */
  availableDays: z.string().optional(),
  /** 利用可能曜日特記事項. */
  availableDaysNote: z.string().optional(),
  /** 定員 (as given: a 0 of a visit-type service is resolved by the mapping, which knows the service). */
  capacity: z.number().int().min(0).optional(),
  ...contact,
})

/**
 * 介護サービス事業所一覧の1行 (one decoded row of a 介護サービス事業所一覧).
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import type { KaigoServiceOfficeListRecord } from "@zaitaku/opendata-jp"
 *
 * const key = (record: KaigoServiceOfficeListRecord) => record.officeNumber
 * ```
 */
export type KaigoServiceOfficeListRecord = z.infer<typeof KaigoServiceOfficeListRecord>

/**
 * 医療機関一覧の1行 (one decoded row of a 医療機関一覧). 診療曜日 and the times are kept as written (the mapping reads
 * them into weekly hours); 診療科目 is split at `;`.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { MedicalInstitutionListRecord } from "@zaitaku/opendata-jp"
 *
 * MedicalInstitutionListRecord.parse({
 *   municipalityCode: "022039",
 *   name: "テスト内科クリニック",
 *   nameKana: "テストナイカクリニック",
 *   institutionType: "無床診療所",
 *   address: "青森県八戸市内丸二丁目2-2",
 *   medicalInstitutionCode: "0211234567",
 *   days: "月火水木金",
 *   opens: "09:00",
 *   closes: "18:00",
 *   departments: ["内科"],
 *   beds: 0,
 *   url: "https://example.jp/naika",
 * })
 * ```
 */
export const MedicalInstitutionListRecord = z.object({
  ...located,
  /** 名称. */
  name: z.string().min(1),
  /** 名称_カナ. */
  nameKana: z.string().min(1),
  /** 医療機関の種類. */
  institutionType: MedicalInstitutionType,
  /** 住所. */
  address: z.string().min(1),
  /** 電話番号 (as given). */
  phone: z.string().optional(),
  /** 医療機関コード: the key. */
  medicalInstitutionCode: MedicalInstitutionCode,
  /** 診療曜日 (as given). */
  days: z.string().min(1),
  /** 診療開始時間 (as given). */
  opens: z.string().min(1),
  /** 診療終了時間 (as given). */
  closes: z.string().min(1),
  /** 診療日時特記事項. */
  hoursNote: z.string().optional(),
  /** 時間外における対応 (after-hours arrangements). */
  afterHours: z.string().optional(),
  /** 診療科目, split at `;`, each trimmed, empty ones dropped. */
  departments: z.array(z.string().min(1)).min(1),
  /** 病床数. */
  beds: z.number().int().min(0),
  ...contact,
})

/**
 * 医療機関一覧の1行 (one decoded row of a 医療機関一覧).
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import type { MedicalInstitutionListRecord } from "@zaitaku/opendata-jp"
 *
 * const key = (record: MedicalInstitutionListRecord) => record.medicalInstitutionCode
 * ```
 */
export type MedicalInstitutionListRecord = z.infer<typeof MedicalInstitutionListRecord>

// ---------------------------------------------------------------------------------------------------------------
// Decoding
// ---------------------------------------------------------------------------------------------------------------

/**
 * Options of the standard-dataset readers and row decoders.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import type { StandardDatasetOptions } from "@zaitaku/opendata-jp"
 *
 * const options: StandardDatasetOptions = { municipalityCode: "022039" }
 * ```
 */
export interface StandardDatasetOptions {
  /**
   * 市区町村コード for rows whose 都道府県コード又は市区町村コード is empty, or for a file without that column (a
   * municipality's own list). A code given in a row always wins.
   */
  readonly municipalityCode?: string
}

/**
 * Options of {@link readKaigoServiceOfficeList} and {@link readMedicalInstitutionList}: strict mode, decoding, and
 * the fallback municipality code.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import type { StandardDatasetReadOptions } from "@zaitaku/opendata-jp"
 *
 * const options: StandardDatasetReadOptions = { strict: true }
 * ```
 */
export interface StandardDatasetReadOptions
  extends Omit<RecordReadOptions, "expectedHeader" | "headerMode">,
    StandardDatasetOptions {}

const fallbackCode = (options: StandardDatasetOptions): LocalGovernmentCode | undefined => {
  if (options.municipalityCode === undefined) return undefined
  const parsed = LocalGovernmentCode.safeParse(options.municipalityCode)
  if (!parsed.success || isPrefectureCode(parsed.data)) {
    throw new RangeError(
      `municipalityCode must be a 市区町村's six-digit 全国地方公共団体コード, got ${JSON.stringify(options.municipalityCode)}`,
    )
  }
  return parsed.data
}

/** The row's municipality: its code column (a 市区町村, not a 都道府県), else the fallback, else a row error. */
const municipalityOf = (f: FieldReader, fallback: LocalGovernmentCode | undefined): LocalGovernmentCode | undefined => {
  const column = standardDatasetCodeColumn
  const raw = f.get(column)
  if (raw === "") {
    if (fallback !== undefined) return fallback
    f.error(
      column,
      "required",
      `${column}は必須です（住所の市区町村を決めるために使います）`,
      `${column} is required (it tells the address's municipality)`,
    )
    return undefined
  }
  const code = localGovernmentCode(f, column, raw)
  if (code !== undefined && isPrefectureCode(code)) {
    f.error(
      column,
      "prefecture_code",
      `${code}は都道府県のコードです。事業所の所在する市区町村のコードを入力してください`,
      `${code} is a prefecture's code: give the code of the municipality where the office is`,
    )
    return undefined
  }
  return code
}

/** The columns both datasets share after the name: 方書 … 備考, with the URL column classified. */
const contactOf = (f: FieldReader, buildingColumn: string) => {
  const urlColumn = f.optional("URL")
  const urlColumnKind = urlColumn === undefined ? undefined : classifyUrlColumn(urlColumn)
  return {
    building: f.optional(buildingColumn),
    latitude: coordinate(f, "緯度", 90, "latitude_range"),
    longitude: coordinate(f, "経度", 180, "longitude_range"),
    extension: f.optional("内線番号"),
    fax: f.optional("FAX番号"),
    corporateNumber: corporateNumber(f, "法人番号"),
    corporateName: f.optional("法人の名称"),
    url: urlColumnKind === "url" ? urlColumn : undefined,
    contact: urlColumnKind !== undefined && urlColumnKind !== "url" ? urlColumn : undefined,
    urlColumnKind,
    notes: f.optional("備考"),
  }
}

/**
 * 1行の復号 (decode one row) of a 介護サービス事業所一覧 into a {@link KaigoServiceOfficeListRecord}, or every field
 * error with its column and a bilingual reason. {@link readKaigoServiceOfficeList} uses it.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { decodeKaigoServiceOfficeListRow, kaigoServiceOfficeListHeader } from "@zaitaku/opendata-jp"
 *
 * const decode = decodeKaigoServiceOfficeListRow()
 * decode(kaigoServiceOfficeListHeader.map(() => ""), 2, kaigoServiceOfficeListHeader)._tag // "Invalid"
 * ```
 */
export const decodeKaigoServiceOfficeListRow = (
  options: StandardDatasetOptions = {},
): RowDecoder<KaigoServiceOfficeListRecord> => {
  const fallback = fallbackCode(options)
  return (record, line, header) => {
    const f = fieldReader(record, header, line)
    const municipalityCode = municipalityOf(f, fallback)
    const [name, nameKana, service, address, phone] = kaigoServiceOfficeListRequiredColumns.map(f.required)
    const officeNumber = careOfficeNumber(f, "事業所番号")
    const capacity = wholeNumber(f, "定員", "capacity", "capacity")
    const rest = contactOf(f, "方書")
    if (f.errors.length > 0 || municipalityCode === undefined || officeNumber === undefined) {
      return { _tag: "Invalid", errors: f.errors }
    }
    const value = compact({
      municipalityCode,
      no: f.optional("NO"),
      prefectureName: f.optional("都道府県名"),
      municipalityName: f.optional("市区町村名"),
      name,
      nameKana,
      service,
      address,
      phone,
      officeNumber,
      availableDays: f.optional("利用可能曜日"),
      availableDaysNote: f.optional("利用可能曜日特記事項"),
      capacity,
      ...rest,
    }) as KaigoServiceOfficeListRecord
    return { _tag: "Ok", value }
  }
}

/**
 * 1行の復号 (decode one row) of a 医療機関一覧 into a {@link MedicalInstitutionListRecord}, or every field error with its
 * column and a bilingual reason. Columns are found by name. {@link readMedicalInstitutionList} uses it.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { decodeMedicalInstitutionListRow, medicalInstitutionListHeader } from "@zaitaku/opendata-jp"
 *
 * const decode = decodeMedicalInstitutionListRow()
 * decode(medicalInstitutionListHeader.map(() => ""), 2, medicalInstitutionListHeader)._tag // "Invalid"
 * ```
 */
export const decodeMedicalInstitutionListRow = (
  options: StandardDatasetOptions = {},
): RowDecoder<MedicalInstitutionListRecord> => {
  const fallback = fallbackCode(options)
  return (record, line, header) => {
    const f = fieldReader(record, header, line)
    const municipalityCode = municipalityOf(f, fallback)
    const required = Object.fromEntries(
      medicalInstitutionListRequiredColumns.map((column) => [column, f.required(column)]),
    ) as Record<(typeof medicalInstitutionListRequiredColumns)[number], string>
    const type = required.医療機関の種類
    const institutionType = MedicalInstitutionType.safeParse(type.normalize("NFKC"))
    if (type !== "" && !institutionType.success) {
      f.error(
        "医療機関の種類",
        "institution_type",
        `医療機関の種類は「病院」「有床診療所」「無床診療所」のいずれかです（「${type}」が入力されました）`,
        `医療機関の種類 must be 病院, 有床診療所 or 無床診療所, got ${type}`,
      )
    }
    const departments = [
      ...new Set(
        required.診療科目
          .normalize("NFKC")
          .split(";")
          .map((d) => d.trim())
          .filter((d) => d !== ""),
      ),
    ]
    if (required.診療科目 !== "" && departments.length === 0) {
      f.error("診療科目", "required", "診療科目は必須です（;で区切って入力してください）", "診療科目 is required")
    }
    const beds = required.病床数 === "" ? undefined : wholeNumber(f, "病床数", "beds", "beds")
    const code = checkedWith(f, "医療機関コード", MedicalInstitutionCode, f.required("医療機関コード"))
    const rest = contactOf(f, "方書")
    if (
      f.errors.length > 0 ||
      municipalityCode === undefined ||
      !institutionType.success ||
      code === undefined ||
      beds === undefined
    ) {
      return { _tag: "Invalid", errors: f.errors }
    }
    const value = compact({
      municipalityCode,
      no: f.optional("NO"),
      prefectureName: f.optional("都道府県名"),
      municipalityName: f.optional("市区町村名"),
      name: required.名称,
      nameKana: required.名称_カナ,
      institutionType: institutionType.data,
      address: required.住所,
      phone: f.optional("電話番号"),
      medicalInstitutionCode: code,
      days: required.診療曜日,
      opens: required.診療開始時間,
      closes: required.診療終了時間,
      hoursNote: f.optional("診療日時特記事項"),
      afterHours: f.optional("時間外における対応"),
      departments,
      beds,
      ...rest,
    }) as MedicalInstitutionListRecord
    return { _tag: "Ok", value }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------------------------------------------

/**
 * 介護サービス事業所一覧の読み込み (read a デジタル庁 介護サービス事業所一覧): detects the encoding, checks the exact
 * 22-column header, and yields one `ImportRow` per data row (`Ok` with a {@link KaigoServiceOfficeListRecord}, or
 * `Invalid` with its row errors). Strict mode throws a `CsvFileError` (`row_rejected`) at the first bad row.
 *
 * @throws RangeError at call time when `municipalityCode` is given but is not a 市区町村's code.
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { readKaigoServiceOfficeList } from "@zaitaku/opendata-jp"
 *
 * const reader = readKaigoServiceOfficeList(createReadStream("kaigo_service_offices.csv"))
 * for await (const row of reader) {
 *   if (row._tag === "Ok") console.log(row.record.officeNumber, row.record.service)
 *   else for (const e of row.errors) console.warn(`line ${e.line} ${e.column ?? ""}: ${e.reason.ja}`)
 * }
 * ```
 */
export const readKaigoServiceOfficeList = (
  source: ByteSource,
  options: StandardDatasetReadOptions = {},
): RecordReader<KaigoServiceOfficeListRecord> =>
  readRecords(source, decodeKaigoServiceOfficeListRow(options), {
    ...options,
    expectedHeader: kaigoServiceOfficeListHeader,
    headerMode: "exact",
  })

/**
 * 医療機関一覧の読み込み (read a デジタル庁 医療機関一覧): detects the encoding, checks that the header has the 22 named
 * columns (in any order; other columns are allowed, since REFERENCE.md does not give the leading ones) and, unless a
 * `municipalityCode` is given, the 都道府県コード又は市区町村コード column; then yields one `ImportRow` per data row.
 *
 * @throws RangeError at call time when `municipalityCode` is given but is not a 市区町村's code.
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { readMedicalInstitutionList } from "@zaitaku/opendata-jp"
 *
 * const reader = readMedicalInstitutionList(createReadStream("medical_institutions.csv"), { strict: true })
 * for await (const row of reader) if (row._tag === "Ok") console.log(row.record.medicalInstitutionCode)
 * ```
 */
export const readMedicalInstitutionList = (
  source: ByteSource,
  options: StandardDatasetReadOptions = {},
): RecordReader<MedicalInstitutionListRecord> =>
  readRecords(source, decodeMedicalInstitutionListRow(options), {
    ...options,
    expectedHeader:
      options.municipalityCode === undefined
        ? [standardDatasetCodeColumn, ...medicalInstitutionListColumns]
        : medicalInstitutionListColumns,
    headerMode: "contains",
  })
