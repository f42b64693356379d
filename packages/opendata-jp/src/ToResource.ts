/**
 * From an open-data record to a directory entry: the mapping of a 介護サービス情報公表 row, a 医療情報ネット facility,
 * or a row of a デジタル庁 介護サービス事業所一覧 or 医療機関一覧 onto core's {@link NewResource}, with the reasons a
 * record cannot become one.
 *
 * @since 0.1.0
 */
import {
  CorporateNumber,
  type DayHours,
  type DayOfWeek,
  kindForServiceTypeCode,
  NewResource,
  type OpeningPeriod,
  type OrganizationName,
  PhoneNumber,
  type PrefectureCode,
  type ResourceKind,
  resourceKindDefinition,
  resourceKinds,
  type TenantId,
  type WeeklyHours,
} from "@zaitaku/core"
import type * as z from "zod"
import type { RowError } from "./CsvReader.js"
import type { IryoNetFacility } from "./IryoNet.js"
import { labelledLine, lineLabels } from "./internal/Fields.js"
import { isCareKind } from "./internal/Kinds.js"
import { capacityNotApplicableServiceCodes, type KaigoKohyoRecord } from "./KaigoKohyo.js"
import type { KaigoServiceOfficeListRecord, MedicalInstitutionListRecord } from "./StandardDataset.js"

/**
 * A directory entry made from one record, and the organisation (法人) it belongs to, when the file names one.
 *
 * @since 0.1.0
 * @category mapping
 */
export interface MappedResource {
  readonly resource: NewResource
  readonly organization?: { readonly corporateNumber?: CorporateNumber; readonly name: OrganizationName }
}

/**
 * The outcome of mapping one record: the entry, or the row errors that stop it.
 *
 * @since 0.1.0
 * @category mapping
 */
export type MappingResult =
  | { readonly _tag: "Ok"; readonly value: MappedResource }
  | { readonly _tag: "Invalid"; readonly errors: ReadonlyArray<RowError> }

/**
 * Where the mapping runs: for which tenant, when, and from which line of the file.
 *
 * @since 0.1.0
 * @category mapping
 */
export interface MappingContext {
  readonly tenantId: TenantId
  /** ISO date-time of the import; also the `asOf` of the capacity taken from the file. */
  readonly importedAt: string
  readonly line: number
}

/**
 * The key of a 介護サービス情報公表 record across releases: サービス種類コード and 事業所番号 (one office appears once
 * per service it provides, in that service's file).
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { kaigoKohyoSourceRecordId } from "@zaitaku/opendata-jp"
 *
 * kaigoKohyoSourceRecordId({ serviceTypeCode: "130", officeNumber: "0260190001" }) // "130:0260190001"
 * ```
 */
export const kaigoKohyoSourceRecordId = (record: Pick<KaigoKohyoRecord, "serviceTypeCode" | "officeNumber">): string =>
  `${record.serviceTypeCode}:${record.officeNumber}`

/** The file's column for each field of a NewResource, so that a mapping problem names what the user can fix. */
const columnOfField: Readonly<Record<string, string>> = {
  kind: "サービスの種類",
  name: "事業所名",
  nameKana: "事業所名カナ",
  address: "住所",
  location: "緯度",
  phone: "電話番号",
  fax: "FAX番号",
  url: "URL",
  availability: "定員",
  identifiers: "事業所番号",
  contactNotes: "URL",
  notes: "備考",
}

const columnOf = (path: ReadonlyArray<PropertyKey>): string => {
  const [head, second] = path.map(String)
  if (head === "address") {
    if (second === "municipalityCode" || second === "prefectureCode") return "都道府県コード又は市町村コード"
    if (second === "building") return "方書（ビル名等）"
    return "住所"
  }
  return columnOfField[head ?? ""] ?? head ?? "(row)"
}

/** Core's validation issues as row errors at the file's columns, with core's Japanese reason when it gives one. */
const rowErrorsOf = (
  error: z.ZodError,
  line: number,
  columnFor: (path: ReadonlyArray<PropertyKey>) => string,
): ReadonlyArray<RowError> =>
  error.issues.map((issue) => {
    const params = (issue.code === "custom" ? issue.params : undefined) as { ja?: string; code?: string } | undefined
    return {
      line,
      column: columnFor(issue.path),
      code: params?.code ?? issue.code,
      reason: { ja: params?.ja ?? `${columnFor(issue.path)}の値が正しくありません`, en: issue.message },
    }
  })

const asUrl = (value: string): string | undefined => {
  for (const candidate of [value, `http://${value}`]) {
    try {
      const url = new URL(candidate)
      if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".")) return url.toString()
    } catch {
      // not a URL in this form; try the next
    }
  }
  return undefined
}

/**
 * Contact details of a row: a valid phone or FAX number goes to its field, anything else is kept as written in
 * `contactNotes` (`電話番号: …`), as is the 内線番号; a web address goes to `url`, and what the URL column holds
 * instead (an e-mail address, a phone number) is kept as `URL欄: …`.
 */
const contactsOf = (input: {
  readonly phone?: string | undefined
  readonly extension?: string | undefined
  readonly fax?: string | undefined
  readonly url?: string | undefined
  readonly contact?: string | undefined
}) => {
  const contactNotes: Array<string> = []
  const phoneOf = (label: string, raw: string | undefined) => {
    if (raw === undefined) return undefined
    const parsed = PhoneNumber.safeParse(raw)
    if (parsed.success) return parsed.data
    contactNotes.push(`${label}: ${raw}`)
    return undefined
  }
  const phone = phoneOf(lineLabels.phone, input.phone)
  if (input.extension !== undefined) contactNotes.push(`${lineLabels.extension}: ${input.extension}`)
  const fax = phoneOf(lineLabels.fax, input.fax)
  let url: string | undefined
  if (input.url !== undefined) {
    url = asUrl(input.url)
    if (url === undefined) contactNotes.push(`${lineLabels.url}: ${input.url}`)
  }
  if (input.contact !== undefined) contactNotes.push(`${lineLabels.urlColumn}: ${input.contact}`)
  return { phone, fax, url, contactNotes }
}

/**
 * Maps a 介護サービス情報公表 record onto a {@link NewResource} of the tenant's directory.
 *
 * - kind: from the サービス種類コード; an unknown code is a row error (at サービスの種類);
 * - 定員: kept as capacity (as of the import) unless the service has none (visit-type services write 0);
 * - phone and FAX that are not valid Japanese numbers, and e-mail addresses or numbers found in the URL column,
 *   are kept as written in `contactNotes`, never dropped;
 * - 利用可能曜日, its note and 備考 go to `notes` as written (the file has no opening times);
 * - provenance: `mhlw_kaigo_kohyo` with {@link kaigoKohyoSourceRecordId}.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { TenantId } from "@zaitaku/core"
 * import { kaigoKohyoToResource, type KaigoKohyoRecord } from "@zaitaku/opendata-jp"
 *
 * declare const record: KaigoKohyoRecord
 * const result = kaigoKohyoToResource(record, {
 *   tenantId: TenantId.parse("0192f5a0-0000-7000-8000-000000000001"),
 *   importedAt: "2026-07-01T00:00:00.000Z",
 *   line: 2,
 * })
 * ```
 */
export const kaigoKohyoToResource = (record: KaigoKohyoRecord, context: MappingContext): MappingResult => {
  const kind = kindForServiceTypeCode(record.serviceTypeCode)
  if (kind === undefined) {
    return {
      _tag: "Invalid",
      errors: [
        {
          line: context.line,
          column: "サービスの種類",
          code: "service_type_code",
          reason: {
            ja: `サービス種類コード${record.serviceTypeCode}は未対応です`,
            en: `Service type code ${record.serviceTypeCode} is not supported`,
          },
        },
      ],
    }
  }
  const { phone, fax, url, contactNotes } = contactsOf(record)
  const notes = [
    labelledLine(lineLabels.availableDays, record.availableDays),
    record.availableDaysNote,
    record.notes,
  ].filter((part): part is string => part !== undefined && part !== "")

  const input = {
    tenantId: context.tenantId,
    kind,
    name: record.name,
    ...(record.nameKana === undefined ? {} : { nameKana: record.nameKana }),
    identifiers: { careOfficeNumber: record.officeNumber },
    address: {
      prefectureCode: record.municipalityCode.slice(0, 2) as PrefectureCode,
      municipalityCode: record.municipalityCode,
      line: record.address ?? "",
      ...(record.building === undefined ? {} : { building: record.building }),
    },
    ...(record.latitude === undefined || record.longitude === undefined
      ? {}
      : { location: { latitude: record.latitude, longitude: record.longitude } }),
    ...(phone === undefined ? {} : { phone }),
    ...(fax === undefined ? {} : { fax }),
    ...(url === undefined ? {} : { url }),
    ...(contactNotes.length === 0 ? {} : { contactNotes: contactNotes.join("\n") }),
    ...(record.capacityNotApplicable || record.capacity === undefined
      ? {}
      : { availability: { capacity: record.capacity, asOf: context.importedAt } }),
    provenance: {
      source: "mhlw_kaigo_kohyo" as const,
      sourceRecordId: kaigoKohyoSourceRecordId(record),
      importedAt: context.importedAt,
    },
    ...(notes.length === 0 ? {} : { notes: notes.join("\n") }),
  }
  const parsed = NewResource.safeParse(input)
  if (!parsed.success) return { _tag: "Invalid", errors: rowErrorsOf(parsed.error, context.line, columnOf) }
  const corporateNumber =
    record.corporateNumber === undefined ? undefined : CorporateNumber.safeParse(record.corporateNumber)
  const organization =
    record.corporateName === undefined
      ? undefined
      : {
          ...(corporateNumber?.success === true ? { corporateNumber: corporateNumber.data } : {}),
          name: { ja: record.corporateName },
        }
  return {
    _tag: "Ok",
    value: { resource: parsed.data, ...(organization === undefined ? {} : { organization }) },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 医療情報ネット (medical facility open data)
// ---------------------------------------------------------------------------------------------------------------

/**
 * 医療情報ネットの施設票の種類 (which facility file): `hospital` (`01-1_hospital_facility_info_…`, 病院), `clinic`
 * (`02-1_clinic_…`, 診療所) or `dental` (`03-1_dental_…`, 歯科診療所). The 薬局 and 助産所 files have other columns
 * and are not read yet.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import type { IryoNetCategory } from "@zaitaku/opendata-jp"
 *
 * const category: IryoNetCategory = "clinic"
 * ```
 */
export type IryoNetCategory = "hospital" | "clinic" | "dental"

/**
 * The directory kinds a facility file speaks for: an import of the file may report only entries of these kinds as
 * missing. `clinic` covers 診療所 with and without beds (and `clinic`, used when beds are unknown), so that a clinic
 * whose beds changed is a changed entry, never a missing one.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { iryoNetCategoryKinds } from "@zaitaku/opendata-jp"
 *
 * iryoNetCategoryKinds.clinic // ["clinic", "clinic_with_beds", "clinic_without_beds"]
 * ```
 */
export const iryoNetCategoryKinds: Readonly<Record<IryoNetCategory, ReadonlyArray<ResourceKind>>> = {
  hospital: ["hospital"],
  clinic: ["clinic", "clinic_with_beds", "clinic_without_beds"],
  dental: ["dental_clinic"],
}

/**
 * The facility file's category from its MHLW file name (`01-1_hospital_facility_info_20260601.csv`,
 * `02-1_clinic_…`, `03-1_dental_…`, with or without a directory and `.csv`), or `undefined`.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { iryoNetCategoryFromFileName } from "@zaitaku/opendata-jp"
 *
 * iryoNetCategoryFromFileName("data/02-1_clinic_facility_info_20260601.csv") // "clinic"
 * iryoNetCategoryFromFileName("facilities.csv") // undefined
 * ```
 */
export const iryoNetCategoryFromFileName = (fileName: string): IryoNetCategory | undefined => {
  const base = fileName.split(/[\\/]/).pop() ?? fileName
  const match = /^0([123])-[12]_(hospital|clinic|dental)_/i.exec(base)
  if (match === null) return undefined
  const byPrefix = ({ "1": "hospital", "2": "clinic", "3": "dental" } as const)[match[1] as "1" | "2" | "3"]
  return byPrefix === match[2]?.toLowerCase() ? byPrefix : undefined
}

/**
 * The category of a 機関区分 value: the 定義書's codes `1` 病院, `2` 診療所, `3` 歯科診療所, or the same words; full-width
 * digits are accepted. Anything else (助産所 `4`, an unknown value) is `undefined`.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { iryoNetCategoryOf } from "@zaitaku/opendata-jp"
 *
 * iryoNetCategoryOf("2") // "clinic"
 * iryoNetCategoryOf("歯科診療所") // "dental"
 * ```
 */
export const iryoNetCategoryOf = (institutionKind: string): IryoNetCategory | undefined => {
  switch (institutionKind.normalize("NFKC").trim()) {
    case "1":
    case "病院":
      return "hospital"
    case "2":
    case "診療所":
    case "一般診療所":
    case "医科診療所":
      return "clinic"
    case "3":
    case "歯科診療所":
    case "歯科":
      return "dental"
    default:
      return undefined
  }
}

/**
 * Where a 医療情報ネット facility is mapped: {@link MappingContext} plus the file's category, when known (from the file
 * name): a row whose 機関区分 names another category is a row error, and a row without 機関区分 takes it.
 *
 * @since 0.1.0
 * @category mapping
 */
export interface IryoNetMappingContext extends MappingContext {
  readonly category?: IryoNetCategory
}

const iryoNetColumnOfField: Readonly<Record<string, string>> = {
  kind: "機関区分",
  name: "正式名称",
  nameKana: "正式名称（フリガナ）",
  identifiers: "ID",
  location: "所在地座標（緯度）",
  url: "案内用ホームページアドレス",
  contactNotes: "案内用ホームページアドレス",
  hours: "診療時間",
  holidayClosures: "その他の休診日（gw、お盆等）",
  availability: "合計病床数",
  notes: "診療科目名",
}

const iryoNetColumnOf = (path: ReadonlyArray<PropertyKey>): string => {
  const [head, second] = path.map(String)
  if (head === "address") {
    return second === "municipalityCode" || second === "prefectureCode" ? "都道府県コード又は市区町村コード" : "所在地"
  }
  return iryoNetColumnOfField[head ?? ""] ?? head ?? "(row)"
}

const iryoNetDayLabels: Readonly<Record<DayOfWeek, string>> = {
  mon: "月",
  tue: "火",
  wed: "水",
  thu: "木",
  fri: "金",
  sat: "土",
  sun: "日",
  holiday: "祝",
}

/** `9:00`, `09:00`, `０９：００`, `0900` → `09:00`; `undefined` when not a time of day (00:00–24:00). */
const timeOfDay = (raw: string): string | undefined => {
  const match = /^([0-9]{1,2}):?([0-9]{2})$/.exec(raw.normalize("NFKC").trim())
  if (match === null) return undefined
  const hours = Number(match[1])
  const minutes = Number(match[2])
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined
  return `${String(hours).padStart(2, "0")}:${match[2]}`
}

/**
 * The weekly hours of a facility: per day, the union of every department's 診療時間帯, overlapping or touching periods
 * merged. A period with a missing or unreadable time, or that ends before it starts, is not taken: it is returned as
 * written in `unread` (`内科 月 9時〜12:00`).
 */
const weeklyHoursOf = (
  departments: IryoNetFacility["departments"],
): { readonly hours: WeeklyHours; readonly unread: ReadonlyArray<string> } => {
  const byDay = new Map<DayOfWeek, Array<OpeningPeriod>>()
  const unread: Array<string> = []
  for (const department of departments) {
    for (const { day, start, end } of department.hours) {
      const opens = start === undefined ? undefined : timeOfDay(start)
      const closes = end === undefined ? undefined : timeOfDay(end)
      if (opens === undefined || closes === undefined || closes <= opens) {
        unread.push(`${department.name} ${iryoNetDayLabels[day]} ${start ?? ""}〜${end ?? ""}`)
        continue
      }
      const periods = byDay.get(day)
      if (periods === undefined) byDay.set(day, [{ opens, closes }])
      else periods.push({ opens, closes })
    }
  }
  const hours: Array<DayHours> = []
  for (const day of Object.keys(iryoNetDayLabels) as Array<DayOfWeek>) {
    const periods = byDay.get(day)
    if (periods === undefined) continue
    const sorted = [...periods].sort((a, b) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0))
    const merged: Array<OpeningPeriod> = []
    for (const period of sorted) {
      const last = merged[merged.length - 1]
      if (last !== undefined && period.opens <= last.closes) {
        if (period.closes > last.closes) merged[merged.length - 1] = { opens: last.opens, closes: period.closes }
      } else {
        merged.push(period)
      }
    }
    hours.push({ day, periods: merged })
  }
  return { hours, unread }
}

/** 祝日に休診: a yes (`1`, `○`, `有`, `はい`, `休診`) is 祝日; a no (`0`, `×`, `無`, `いいえ`) nothing; other text as written. */
const holidayClosureOf = (raw: string | undefined): string | undefined => {
  if (raw === undefined) return undefined
  const value = raw.normalize("NFKC").trim()
  if (["1", "○", "〇", "有", "あり", "はい", "休診", "TRUE", "true"].includes(value)) return "祝日"
  if (["0", "×", "無", "なし", "いいえ", "FALSE", "false", "-"].includes(value)) return undefined
  return `祝日: ${raw}`
}

const bedLabels = [
  ["general", "一般"],
  ["longTermCare", "療養"],
  ["psychiatric", "精神"],
  ["tuberculosis", "結核"],
  ["infectious", "感染症"],
] as const

/**
 * Maps a 医療情報ネット facility (a 施設票 row joined with its 診療科・診療時間票 rows) onto a {@link NewResource}.
 *
 * - kind: from 機関区分 (`1`/病院 → `hospital`; `2`/診療所 → `clinic_with_beds` when 合計病床数 > 0, otherwise
 *   `clinic_without_beds`: the file gives beds for every clinic that has them; `3`/歯科診療所 → `dental_clinic`).
 *   An empty 機関区分 takes the file's category; an unknown value, or one that contradicts the file, is a row error;
 * - name and kana from 正式名称 and 正式名称（フリガナ）; 略称 goes to `notes`;
 * - `identifiers.iryoNetId` and `provenance.sourceRecordId`: the 13-digit ID, leading zeros kept;
 * - address: the six-digit code made from 都道府県コード + 市区町村コード, with 所在地 as the line;
 * - url: 案内用ホームページアドレス; a value that is not a web address is kept in `contactNotes`;
 * - hours: per day, the union of all departments' 診療時間帯, overlapping periods merged; 祝 becomes `holiday`. A time
 *   that cannot be read is not dropped: it is kept as written in `notes` (`診療時間（取り込めなかった値）: …`);
 * - holidayClosures: 祝日に休診 (yes → `祝日`) and その他の休診日 as written, joined with `、`;
 * - beds: 合計病床数 (or the sum of the bed kinds) > 0 → `availability.capacity`, as of the import; the breakdown goes
 *   to `notes` (`病床: 一般19床（合計19床）`);
 * - departments: `診療科: 内科、小児科` in `notes`, each name once, in file order.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { TenantId } from "@zaitaku/core"
 * import { iryoNetToResource, type IryoNetFacility } from "@zaitaku/opendata-jp"
 *
 * declare const facility: IryoNetFacility
 * const result = iryoNetToResource(facility, {
 *   tenantId: TenantId.parse("0192f5a0-0000-7000-8000-000000000001"),
 *   importedAt: "2026-07-01T00:00:00.000Z",
 *   line: 2,
 *   category: "clinic",
 * })
 * ```
 */
export const iryoNetToResource = (facility: IryoNetFacility, context: IryoNetMappingContext): MappingResult => {
  const invalid = (code: string, ja: string, en: string): MappingResult => ({
    _tag: "Invalid",
    errors: [{ line: context.line, column: "機関区分", code, reason: { ja, en } }],
  })
  let category: IryoNetCategory | undefined
  if (facility.institutionKind === undefined) {
    category = context.category
    if (category === undefined) {
      return invalid("required", "機関区分は必須です", "機関区分 is required (the file name does not tell the kind)")
    }
  } else {
    category = iryoNetCategoryOf(facility.institutionKind)
    if (category === undefined) {
      return invalid(
        "institution_kind",
        `機関区分「${facility.institutionKind}」は未対応です（1 病院、2 診療所、3 歯科診療所）`,
        `機関区分 ${facility.institutionKind} is not supported (1 hospital, 2 clinic, 3 dental clinic)`,
      )
    }
    if (context.category !== undefined && category !== context.category) {
      return invalid(
        "institution_kind_file",
        `機関区分「${facility.institutionKind}」はこのファイルの種類（${context.category}）と一致しません`,
        `機関区分 ${facility.institutionKind} (${category}) does not match the file (${context.category})`,
      )
    }
  }
  const { beds } = facility
  const partsTotal = bedLabels.reduce((sum, [key]) => sum + (beds[key] ?? 0), 0)
  const totalBeds = beds.total ?? (partsTotal > 0 ? partsTotal : undefined)
  const kind: ResourceKind =
    category === "hospital"
      ? "hospital"
      : category === "dental"
        ? "dental_clinic"
        : (totalBeds ?? 0) > 0
          ? "clinic_with_beds"
          : "clinic_without_beds"

  const contactNotes: Array<string> = []
  let url: string | undefined
  if (facility.url !== undefined) {
    url = asUrl(facility.url)
    if (url === undefined) contactNotes.push(`URL: ${facility.url}`)
  }
  const { hours, unread } = weeklyHoursOf(facility.departments)
  const closures = [holidayClosureOf(facility.closedOnHolidays), facility.otherClosedDays].filter(
    (part): part is string => part !== undefined && part !== "",
  )
  const departmentNames = [...new Set(facility.departments.map((department) => department.name))]
  const bedParts = bedLabels.flatMap(([key, label]) => ((beds[key] ?? 0) > 0 ? [`${label}${beds[key]}床`] : []))
  const notes = [
    labelledLine(lineLabels.departments, departmentNames.join("、")),
    totalBeds === undefined || totalBeds === 0 ? undefined : `病床: ${bedParts.join("、")}（合計${totalBeds}床）`,
    facility.shortName === undefined ? undefined : `略称: ${facility.shortName}`,
    unread.length === 0 ? undefined : `診療時間（取り込めなかった値）: ${unread.join("、")}`,
  ].filter((part): part is string => part !== undefined)

  const input = {
    tenantId: context.tenantId,
    kind,
    name: facility.name,
    ...(facility.nameKana === undefined ? {} : { nameKana: facility.nameKana }),
    identifiers: { iryoNetId: facility.id },
    address: {
      prefectureCode: facility.municipalityCode.slice(0, 2) as PrefectureCode,
      municipalityCode: facility.municipalityCode,
      line: facility.address,
    },
    ...(facility.latitude === undefined || facility.longitude === undefined
      ? {}
      : { location: { latitude: facility.latitude, longitude: facility.longitude } }),
    ...(url === undefined ? {} : { url }),
    ...(contactNotes.length === 0 ? {} : { contactNotes: contactNotes.join("\n") }),
    hours,
    ...(closures.length === 0 ? {} : { holidayClosures: closures.join("、") }),
    ...(totalBeds === undefined || totalBeds === 0
      ? {}
      : { availability: { capacity: totalBeds, asOf: context.importedAt } }),
    provenance: { source: "iryo_net" as const, sourceRecordId: facility.id, importedAt: context.importedAt },
    ...(notes.length === 0 ? {} : { notes: notes.join("\n") }),
  }
  const parsed = NewResource.safeParse(input)
  if (!parsed.success) return { _tag: "Invalid", errors: rowErrorsOf(parsed.error, context.line, iryoNetColumnOf) }
  return { _tag: "Ok", value: { resource: parsed.data } }
}

// ---------------------------------------------------------------------------------------------------------------
// デジタル庁 自治体標準オープンデータセット (standard open datasets)
// ---------------------------------------------------------------------------------------------------------------

const serviceNameKey = (name: string): string => name.normalize("NFKC").replace(/\s+/g, "")

/**
 * The names a 実施サービス may use for each care kind: its Japanese label, the label without a trailing
 * parenthesis (介護老人福祉施設), its サービス種類コード, and the service names of REFERENCE.md §4.1 that differ from the
 * labels (訪問看護 130, 居宅介護支援 430).
 */
const careServiceNames: ReadonlyMap<string, ResourceKind> = (() => {
  const names = new Map<string, ResourceKind>()
  const add = (name: string, kind: ResourceKind) => {
    const key = serviceNameKey(name)
    if (key !== "" && !names.has(key)) names.set(key, kind)
  }
  for (const definition of resourceKinds) {
    if (!isCareKind(definition.code)) continue
    add(definition.label.ja, definition.code)
    add(definition.label.ja.replace(/（[^（）]*）$/, ""), definition.code)
    if (definition.serviceTypeCode !== undefined) add(definition.serviceTypeCode, definition.code)
  }
  add("訪問看護", "home_nursing_station")
  add("居宅介護支援", "care_management_office")
  return names
})()

/**
 * 実施サービス→種別 (the directory kind of a 実施サービス value in a 介護サービス事業所一覧): a care kind's Japanese label
 * (`訪問看護ステーション`, `介護老人福祉施設（特別養護老人ホーム）`), the label without its parenthesis (`介護老人福祉施設`),
 * a service name of the 介護サービス情報公表 files (`訪問看護`, `居宅介護支援`), or a three-digit サービス種類コード;
 * widths and spaces are ignored. `undefined` for anything else, medical kinds included.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { kindForCareService } from "@zaitaku/opendata-jp"
 *
 * kindForCareService("訪問看護") // "home_nursing_station"
 * kindForCareService("４３０") // "care_management_office"
 * kindForCareService("病院") // undefined
 * ```
 */
export const kindForCareService = (name: string): ResourceKind | undefined => careServiceNames.get(serviceNameKey(name))

/**
 * The key of a 介護サービス事業所一覧 row across releases: the kind and the 事業所番号 (one office may provide several
 * services under one number, one row each).
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { kaigoServiceOfficeListSourceRecordId } from "@zaitaku/opendata-jp"
 *
 * kaigoServiceOfficeListSourceRecordId("home_nursing_station", "0260190001") // "home_nursing_station:0260190001"
 * ```
 */
export const kaigoServiceOfficeListSourceRecordId = (kind: ResourceKind, officeNumber: string): string =>
  `${kind}:${officeNumber}`

const standardColumnOf =
  (columns: Readonly<Record<string, string>>, building: string) =>
  (path: ReadonlyArray<PropertyKey>): string => {
    const [head, second] = path.map(String)
    if (head === "address") {
      if (second === "municipalityCode" || second === "prefectureCode") return "都道府県コード又は市区町村コード"
      return second === "building" ? building : "住所"
    }
    return columns[head ?? ""] ?? head ?? "(row)"
  }

const kaigoListColumnOf = standardColumnOf(
  {
    kind: "実施サービス",
    name: "介護サービス事業所名称",
    nameKana: "介護サービス事業所名称_カナ",
    location: "緯度",
    phone: "電話番号",
    fax: "FAX番号",
    url: "URL",
    contactNotes: "URL",
    holidayClosures: "利用可能曜日特記事項",
    availability: "定員",
    identifiers: "事業所番号",
    notes: "備考",
  },
  "方書",
)

const addressOf = (record: {
  readonly municipalityCode: string
  readonly address: string
  readonly building?: string | undefined
}) => ({
  prefectureCode: record.municipalityCode.slice(0, 2) as PrefectureCode,
  municipalityCode: record.municipalityCode,
  line: record.address,
  ...(record.building === undefined ? {} : { building: record.building }),
})

const locationOf = (record: { readonly latitude?: number | undefined; readonly longitude?: number | undefined }) =>
  record.latitude === undefined || record.longitude === undefined
    ? {}
    : { location: { latitude: record.latitude, longitude: record.longitude } }

const organizationOf = (record: {
  readonly corporateNumber?: string | undefined
  readonly corporateName?: string | undefined
}) => {
  if (record.corporateName === undefined) return {}
  const corporateNumber =
    record.corporateNumber === undefined ? undefined : CorporateNumber.safeParse(record.corporateNumber)
  return {
    organization: {
      ...(corporateNumber?.success === true ? { corporateNumber: corporateNumber.data } : {}),
      name: { ja: record.corporateName },
    },
  }
}

const joined = (parts: ReadonlyArray<string | undefined>): string | undefined => {
  const present = parts.filter((part): part is string => part !== undefined && part !== "")
  return present.length === 0 ? undefined : present.join("\n")
}

/**
 * Maps a 介護サービス事業所一覧 row onto a {@link NewResource} of the tenant's directory.
 *
 * - kind: from 実施サービス ({@link kindForCareService}); a value that names no care kind is a row error;
 * - 定員: capacity as of the import, except a 0 (or nothing) for a service without places (訪問系, 居宅介護支援);
 * - phone, 内線番号, FAX and URL as for the 介護サービス情報公表 file: what is not a valid number or web address is kept
 *   as written in `contactNotes`, never dropped;
 * - 利用可能曜日 (days without times) becomes the line `利用可能曜日: …` of `notes`, followed by 備考;
 *   利用可能曜日特記事項 becomes `holidayClosures` (what the 介護サービス事業所一覧 export writes back there);
 * - provenance: `standard_care_office_list` with {@link kaigoServiceOfficeListSourceRecordId}; 法人 in `organization`.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { TenantId } from "@zaitaku/core"
 * import { kaigoServiceOfficeListToResource, type KaigoServiceOfficeListRecord } from "@zaitaku/opendata-jp"
 *
 * declare const record: KaigoServiceOfficeListRecord
 * const result = kaigoServiceOfficeListToResource(record, {
 *   tenantId: TenantId.parse("0192f5a0-0000-7000-8000-000000000001"),
 *   importedAt: "2026-07-01T00:00:00.000Z",
 *   line: 2,
 * })
 * ```
 */
export const kaigoServiceOfficeListToResource = (
  record: KaigoServiceOfficeListRecord,
  context: MappingContext,
): MappingResult => {
  const kind = kindForCareService(record.service)
  if (kind === undefined) {
    return {
      _tag: "Invalid",
      errors: [
        {
          line: context.line,
          column: "実施サービス",
          code: "service",
          reason: {
            ja: `実施サービス「${record.service}」は介護サービスの種別として読み取れません（例：訪問介護、訪問看護、居宅介護支援、サービス種類コード130。医療機関は医療機関一覧で取り込みます）`,
            en: `実施サービス "${record.service}" names no care service (e.g. 訪問介護, 訪問看護, 居宅介護支援, service type code 130; medical institutions come from the 医療機関一覧)`,
          },
        },
      ],
    }
  }
  const serviceTypeCode = resourceKindDefinition(kind).serviceTypeCode
  const noPlaces =
    serviceTypeCode !== undefined && capacityNotApplicableServiceCodes.has(serviceTypeCode) && !record.capacity
  const { phone, fax, url, contactNotes } = contactsOf(record)
  const notes = joined([labelledLine(lineLabels.availableDays, record.availableDays), record.notes])
  const input = {
    tenantId: context.tenantId,
    kind,
    name: record.name,
    nameKana: record.nameKana,
    identifiers: { careOfficeNumber: record.officeNumber },
    address: addressOf(record),
    ...locationOf(record),
    ...(phone === undefined ? {} : { phone }),
    ...(fax === undefined ? {} : { fax }),
    ...(url === undefined ? {} : { url }),
    ...(contactNotes.length === 0 ? {} : { contactNotes: contactNotes.join("\n") }),
    ...(record.availableDaysNote === undefined ? {} : { holidayClosures: record.availableDaysNote }),
    ...(noPlaces || record.capacity === undefined
      ? {}
      : { availability: { capacity: record.capacity, asOf: context.importedAt } }),
    provenance: {
      source: "standard_care_office_list" as const,
      sourceRecordId: kaigoServiceOfficeListSourceRecordId(kind, record.officeNumber),
      importedAt: context.importedAt,
    },
    ...(notes === undefined ? {} : { notes }),
  }
  const parsed = NewResource.safeParse(input)
  if (!parsed.success) return { _tag: "Invalid", errors: rowErrorsOf(parsed.error, context.line, kaigoListColumnOf) }
  return { _tag: "Ok", value: { resource: parsed.data, ...organizationOf(record) } }
}

const dayOrder: ReadonlyArray<DayOfWeek> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
const dayByCharacter: Readonly<Record<string, DayOfWeek>> = {
  月: "mon",
  火: "tue",
  水: "wed",
  木: "thu",
  金: "fri",
  土: "sat",
  日: "sun",
  祝: "holiday",
}

/**
 * 曜日の読み取り (read a list of days) as a 医療機関一覧's 診療曜日 or a 介護サービス事業所一覧's 利用可能曜日 may write it:
 * day characters 月火水木金土日 and 祝 (祝日), with or without 曜日/曜 and separators (`,` `、` `・` `/` spaces), and
 * ranges of weekdays (`月〜金`, `月~金`, `月-金`). Widths are ignored. Returns the days in week order (祝日 last), each
 * once, or `undefined` when the text is anything else. REFERENCE.md does not fix the format of these columns, so this
 * reads the common ways of writing days and leaves everything else to the caller.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { parseDaysOfWeek } from "@zaitaku/opendata-jp"
 *
 * parseDaysOfWeek("月火水木金") // ["mon", "tue", "wed", "thu", "fri"]
 * parseDaysOfWeek("月〜金、土曜日・祝日") // ["mon", "tue", "wed", "thu", "fri", "sat", "holiday"]
 * parseDaysOfWeek("平日") // undefined
 * ```
 */
export const parseDaysOfWeek = (text: string): ReadonlyArray<DayOfWeek> | undefined => {
  const compactText = text
    .normalize("NFKC")
    .replaceAll("祝日", "祝")
    .replaceAll("曜日", "")
    .replaceAll("曜", "")
    .replace(/[,、・/\s]/g, "")
  if (compactText === "") return undefined
  const days = new Set<DayOfWeek>()
  const characters = [...compactText]
  for (let i = 0; i < characters.length; i++) {
    const day = dayByCharacter[characters[i]!]
    if (day === undefined) return undefined
    const dash = characters[i + 1]
    if (dash !== undefined && /^[~〜\-ー−]$/.test(dash)) {
      const to = dayByCharacter[characters[i + 2] ?? ""]
      const from = dayOrder.indexOf(day)
      const until = to === undefined ? -1 : dayOrder.indexOf(to)
      if (from < 0 || until <= from) return undefined
      for (const d of dayOrder.slice(from, until + 1)) days.add(d)
      i += 2
      continue
    }
    days.add(day)
  }
  return [...dayOrder, "holiday" as const].filter((day) => days.has(day))
}

const institutionKinds: Readonly<Record<MedicalInstitutionListRecord["institutionType"], ResourceKind>> = {
  病院: "hospital",
  有床診療所: "clinic_with_beds",
  無床診療所: "clinic_without_beds",
}

const medicalListColumnOf = standardColumnOf(
  {
    kind: "医療機関の種類",
    name: "名称",
    nameKana: "名称_カナ",
    location: "緯度",
    phone: "電話番号",
    fax: "FAX番号",
    url: "URL",
    contactNotes: "URL",
    hours: "診療曜日",
    holidayClosures: "診療日時特記事項",
    availability: "病床数",
    identifiers: "医療機関コード",
    notes: "備考",
  },
  "方書",
)

/**
 * Maps a 医療機関一覧 row onto a {@link NewResource} of the tenant's directory.
 *
 * - kind: 病院 → `hospital`, 有床診療所 → `clinic_with_beds`, 無床診療所 → `clinic_without_beds`;
 * - hours: each day of 診療曜日 ({@link parseDaysOfWeek}; 祝 → `holiday`) open from 診療開始時間 to 診療終了時間. Days or
 *   times that cannot be read, or an end not after the start, are not dropped: the three values stay as written in
 *   `notes` (`診療曜日: 平日`, `診療開始時間: …`, `診療終了時間: …`) and the entry has no hours;
 * - 診療日時特記事項 → `holidayClosures`; 診療科目 → the line `診療科: 内科、小児科` of `notes` (as the 医療情報ネット
 *   mapping writes it), then `時間外における対応: …`, then 備考;
 * - 病床数 > 0 → `availability.capacity`, as of the import;
 * - phone, 内線番号, FAX and URL as for the 介護サービス事業所一覧;
 * - `identifiers.medicalInstitutionCode` and `provenance.sourceRecordId`: the 医療機関コード, with source
 *   `standard_medical_institution_list`; 法人 in `organization`.
 *
 * @since 0.1.0
 * @category mapping
 * @example
 * ```ts
 * import { TenantId } from "@zaitaku/core"
 * import { medicalInstitutionListToResource, type MedicalInstitutionListRecord } from "@zaitaku/opendata-jp"
 *
 * declare const record: MedicalInstitutionListRecord
 * const result = medicalInstitutionListToResource(record, {
 *   tenantId: TenantId.parse("0192f5a0-0000-7000-8000-000000000001"),
 *   importedAt: "2026-07-01T00:00:00.000Z",
 *   line: 2,
 * })
 * ```
 */
export const medicalInstitutionListToResource = (
  record: MedicalInstitutionListRecord,
  context: MappingContext,
): MappingResult => {
  const days = parseDaysOfWeek(record.days)
  const opens = timeOfDay(record.opens)
  const closes = timeOfDay(record.closes)
  const readable = days !== undefined && opens !== undefined && closes !== undefined && closes > opens
  const hours: WeeklyHours = readable ? days.map((day) => ({ day, periods: [{ opens, closes }] })) : []
  const { phone, fax, url, contactNotes } = contactsOf(record)
  const notes = joined([
    labelledLine(lineLabels.departments, record.departments.join("、")),
    labelledLine(lineLabels.afterHours, record.afterHours),
    readable ? undefined : labelledLine(lineLabels.consultationDays, record.days),
    readable ? undefined : labelledLine(lineLabels.consultationOpens, record.opens),
    readable ? undefined : labelledLine(lineLabels.consultationCloses, record.closes),
    record.notes,
  ])
  const input = {
    tenantId: context.tenantId,
    kind: institutionKinds[record.institutionType],
    name: record.name,
    nameKana: record.nameKana,
    identifiers: { medicalInstitutionCode: record.medicalInstitutionCode },
    address: addressOf(record),
    ...locationOf(record),
    ...(phone === undefined ? {} : { phone }),
    ...(fax === undefined ? {} : { fax }),
    ...(url === undefined ? {} : { url }),
    ...(contactNotes.length === 0 ? {} : { contactNotes: contactNotes.join("\n") }),
    hours,
    ...(record.hoursNote === undefined ? {} : { holidayClosures: record.hoursNote }),
    ...(record.beds > 0 ? { availability: { capacity: record.beds, asOf: context.importedAt } } : {}),
    provenance: {
      source: "standard_medical_institution_list" as const,
      sourceRecordId: record.medicalInstitutionCode,
      importedAt: context.importedAt,
    },
    ...(notes === undefined ? {} : { notes }),
  }
  const parsed = NewResource.safeParse(input)
  if (!parsed.success) return { _tag: "Invalid", errors: rowErrorsOf(parsed.error, context.line, medicalListColumnOf) }
  return { _tag: "Ok", value: { resource: parsed.data, ...organizationOf(record) } }
}
