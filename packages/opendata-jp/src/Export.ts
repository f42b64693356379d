/**
 * 出力 (exports) of a tenant's directory in the formats municipalities publish: CSV in UTF-8 with BOM or in
 * Shift_JIS (what spreadsheet software in Japanese offices opens), the デジタル庁 自治体標準オープンデータセット
 * 「介護サービス事業所一覧」 and 「医療機関一覧」, and GeoJSON for maps.
 *
 * @since 0.1.0
 */
import {
  type DayHours,
  type DayOfWeek,
  dayOfWeekLabels,
  type LocalGovernmentCode,
  type Organization,
  prefectureName,
  type Resource,
  resourceKindLabels,
} from "@zaitaku/core"
import iconv from "iconv-lite"
import { labelledValue, lineLabels, withoutLabelledLines } from "./internal/Fields.js"
import { isCareKind, medicalListKinds } from "./internal/Kinds.js"
import type {
  kaigoServiceOfficeListHeader,
  MedicalInstitutionType,
  medicalInstitutionListHeader,
  medicalInstitutionListLeadingColumns,
  readKaigoServiceOfficeList,
  readMedicalInstitutionList,
} from "./StandardDataset.js"

/**
 * Encodings of CSV exports.
 *
 * @since 0.1.0
 * @category csv
 */
export type CsvEncoding = "utf-8-bom" | "shift_jis"

/**
 * A character Shift_JIS cannot hold, and where it is: such characters would silently become `?`, so the export
 * names them instead (the UTF-8 export keeps them).
 *
 * @since 0.1.0
 * @category csv
 */
export interface UnmappableCharacter {
  /** 1-based row of data (the header is row 0). */
  readonly row: number
  readonly column: string
  readonly character: string
}

/**
 * A written CSV file.
 *
 * @since 0.1.0
 * @category csv
 */
export interface CsvFile {
  readonly bytes: Uint8Array
  readonly encoding: CsvEncoding
  readonly rows: number
  readonly unmappable: ReadonlyArray<UnmappableCharacter>
}

/**
 * The usual substitutions for characters that Unicode and Windows' Shift_JIS (CP932) spell differently (the
 * "wave dash problem"): the CP932 character a Japanese reader expects in place of each.
 */
const cp932Substitutes: Readonly<Record<string, string>> = {
  "\u301c": "\uff5e", // 〜 → ～
  "\u2016": "\u2225", // ‖ → ∥
  "\u2212": "\uff0d", // − → －
  "\u00a2": "\uffe0", // ¢ → ￠
  "\u00a3": "\uffe1", // £ → ￡
  "\u00ac": "\uffe2", // ¬ → ￢
  "\u2014": "\u2015", // — → ―
}

const quote = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value)

/**
 * One CSV line (RFC 4180 quoting, CRLF line ends as spreadsheet software expects).
 *
 * @since 0.1.0
 * @category csv
 * @example
 * ```ts
 * import { csvLine } from "@zaitaku/opendata-jp"
 *
 * csvLine(["八戸市", 'say "hi"', "a,b"]) // '八戸市,"say ""hi""","a,b"\r\n'
 * ```
 */
export const csvLine = (values: ReadonlyArray<string>): string => `${values.map(quote).join(",")}\r\n`

const encodeShiftJis = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
): { bytes: Uint8Array; unmappable: Array<UnmappableCharacter> } => {
  const unmappable: Array<UnmappableCharacter> = []
  const convert = (value: string, row: number, column: string): string => {
    let out = ""
    for (const ch of value) {
      const candidate = cp932Substitutes[ch] ?? ch
      if (iconv.decode(iconv.encode(candidate, "cp932"), "cp932") === candidate) out += candidate
      else {
        unmappable.push({ row, column, character: ch })
        out += "?"
      }
    }
    return out
  }
  const lines = [csvLine(header.map((value, i) => convert(value, 0, header[i] ?? "")))]
  rows.forEach((values, index) => {
    lines.push(csvLine(values.map((value, i) => convert(value, index + 1, header[i] ?? String(i)))))
  })
  return { bytes: new Uint8Array(iconv.encode(lines.join(""), "cp932")), unmappable }
}

/**
 * Writes a CSV file: UTF-8 with a BOM (keeps every character), or Shift_JIS (CP932) with the wave-dash
 * substitutions and every character it cannot hold reported in `unmappable`.
 *
 * @since 0.1.0
 * @category csv
 * @example
 * ```ts
 * import { writeCsv } from "@zaitaku/opendata-jp"
 *
 * const file = writeCsv(["名称"], [["テスト〜訪問看護"]], "shift_jis")
 * file.unmappable // [] (〜 is written as ～)
 * ```
 */
export const writeCsv = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  encoding: CsvEncoding,
): CsvFile => {
  if (encoding === "shift_jis") {
    const { bytes, unmappable } = encodeShiftJis(header, rows)
    return { bytes, encoding, rows: rows.length, unmappable }
  }
  const text = `\ufeff${csvLine(header)}${rows.map(csvLine).join("")}`
  return { bytes: new TextEncoder().encode(text), encoding, rows: rows.length, unmappable: [] }
}

const dayLetters: Readonly<Record<DayOfWeek, string>> = {
  mon: "月",
  tue: "火",
  wed: "水",
  thu: "木",
  fri: "金",
  sat: "土",
  sun: "日",
  holiday: "祝",
}

const availableDays = (resource: Resource): string =>
  resource.hours
    .filter((day) => day.periods.length > 0)
    .map((day) => dayOfWeekLabels[day.day].ja)
    .join("")

/**
 * The contact columns: each field, or the value an import kept as written in `contactNotes` when it was not a valid
 * number or web address (`電話番号: …`, `FAX番号: …`, `URL: …`, `URL欄: …`), and the `内線番号: …` line.
 */
const contactColumns = (resource: Resource) => ({
  phone: resource.phone ?? labelledValue(resource.contactNotes, lineLabels.phone) ?? "",
  extension: labelledValue(resource.contactNotes, lineLabels.extension) ?? "",
  fax: resource.fax ?? labelledValue(resource.contactNotes, lineLabels.fax) ?? "",
  url:
    resource.url ??
    labelledValue(resource.contactNotes, lineLabels.urlColumn) ??
    labelledValue(resource.contactNotes, lineLabels.url) ??
    "",
})

/**
 * Where the rows of a standard dataset take what an entry does not hold itself.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import type { StandardDatasetExportOptions } from "@zaitaku/opendata-jp"
 *
 * const options: StandardDatasetExportOptions = { municipalityName: (code) => (code === "022039" ? "八戸市" : undefined) }
 * ```
 */
export interface StandardDatasetExportOptions {
  /** The 法人 of the entries (by `organizationId`), for 法人番号 and 法人の名称. */
  readonly organizations?: ReadonlyArray<Organization>
  /** 市区町村名 of a code (core has no national municipality list yet); empty when absent. */
  readonly municipalityName?: (code: LocalGovernmentCode) => string | undefined
}

const leadingColumns = (resource: Resource, index: number, options: StandardDatasetExportOptions) => [
  resource.address.municipalityCode,
  String(index + 1),
  prefectureName(resource.address.prefectureCode).ja,
  options.municipalityName?.(resource.address.municipalityCode) ?? "",
]

const organizationColumns = (resource: Resource, organizations: ReadonlyMap<string, Organization>) => {
  const organization = resource.organizationId === undefined ? undefined : organizations.get(resource.organizationId)
  return [organization?.corporateNumber ?? "", organization?.name.ja ?? ""]
}

const locationColumns = (resource: Resource) =>
  resource.location === undefined ? ["", ""] : [String(resource.location.latitude), String(resource.location.longitude)]

/**
 * The rows of a 介護サービス事業所一覧 ({@link kaigoServiceOfficeListHeader}) for a tenant's directory: its care
 * entries (介護サービス, 居宅介護支援, 施設, 訪問看護 …) that are not closed, in the order given. 都道府県名 comes from
 * the code; 市区町村名 from `municipalityName` when given (core has no national municipality list yet); 法人 from
 * `organizations`.
 *
 * 利用可能曜日 lists the days the entry has hours on, or else the `利用可能曜日: …` line an import wrote in `notes`
 * (which then does not repeat in 備考); 利用可能曜日特記事項 is `holidayClosures`; 実施サービス is the kind's Japanese
 * label; contact details that an import kept as written in `contactNotes` are written back to their columns. So
 * reading the file back with {@link readKaigoServiceOfficeList} and `kaigoServiceOfficeListToResource` gives the
 * entries of a 介護サービス事業所一覧 import again.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { kaigoServiceOfficeListRows, kaigoServiceOfficeListHeader, writeCsv } from "@zaitaku/opendata-jp"
 * import type { Resource } from "@zaitaku/core"
 *
 * declare const directory: ReadonlyArray<Resource>
 * const file = writeCsv(kaigoServiceOfficeListHeader, kaigoServiceOfficeListRows(directory), "utf-8-bom")
 * ```
 */
export const kaigoServiceOfficeListRows = (
  resources: ReadonlyArray<Resource>,
  options: StandardDatasetExportOptions = {},
): ReadonlyArray<ReadonlyArray<string>> => {
  const organizations = new Map((options.organizations ?? []).map((organization) => [organization.id, organization]))
  return resources
    .filter((resource) => resource.status !== "closed" && isCareKind(resource.kind))
    .map((resource, index) => {
      const contact = contactColumns(resource)
      const days = availableDays(resource)
      const daysFromNotes = days === "" ? labelledValue(resource.notes, lineLabels.availableDays) : undefined
      return [
        ...leadingColumns(resource, index, options),
        resource.name,
        resource.nameKana ?? "",
        resourceKindLabels[resource.kind].ja,
        resource.address.line,
        resource.address.building ?? "",
        ...locationColumns(resource),
        contact.phone,
        contact.extension,
        contact.fax,
        ...organizationColumns(resource, organizations),
        resource.identifiers.careOfficeNumber ?? "",
        daysFromNotes ?? days,
        resource.holidayClosures ?? "",
        resource.availability?.capacity === undefined ? "" : String(resource.availability.capacity),
        contact.url,
        daysFromNotes === undefined
          ? (resource.notes ?? "")
          : withoutLabelledLines(resource.notes, [lineLabels.availableDays]),
      ]
    })
}

const samePeriods = (a: DayHours, b: DayHours): boolean =>
  a.periods.length === b.periods.length &&
  a.periods.every((period, i) => period.opens === b.periods[i]?.opens && period.closes === b.periods[i]?.closes)

/**
 * 診療曜日・診療開始時間・診療終了時間 of an entry's hours. The 医療機関一覧 holds one period for all its days, so hours
 * that are the same single period on every open day are written exactly; otherwise the columns give the open days
 * with the earliest start and the latest end, and `detail` spells out every day (`月 09:00〜12:00・14:00〜18:00、…`)
 * for 診療日時特記事項.
 */
const consultationColumns = (
  resource: Resource,
): {
  readonly days: string
  readonly opens: string
  readonly closes: string
  readonly detail?: string
  readonly fromNotes?: boolean
} => {
  const open = resource.hours.filter((day) => day.periods.length > 0)
  const first = open[0]
  const only = first?.periods[0]
  if (first === undefined || only === undefined) {
    // no hours: the values an import could not read as hours, kept as written in notes
    return {
      days: labelledValue(resource.notes, lineLabels.consultationDays) ?? "",
      opens: labelledValue(resource.notes, lineLabels.consultationOpens) ?? "",
      closes: labelledValue(resource.notes, lineLabels.consultationCloses) ?? "",
      fromNotes: true,
    }
  }
  const days = open.map((day) => dayLetters[day.day]).join("")
  if (first.periods.length === 1 && open.every((day) => samePeriods(day, first))) {
    return { days, opens: only.opens, closes: only.closes }
  }
  const periods = open.flatMap((day) => day.periods)
  // HH:MM strings order as times
  const opens = periods.map((p) => p.opens).sort()[0] ?? only.opens
  const closes = periods.map((p) => p.closes).sort()[periods.length - 1] ?? only.closes
  const detail = open
    .map((day) => `${dayLetters[day.day]} ${day.periods.map((p) => `${p.opens}〜${p.closes}`).join("・")}`)
    .join("、")
  return { days, opens, closes, detail: `診療時間: ${detail}` }
}

const medicalInstitutionTypeOf = (resource: Resource): MedicalInstitutionType => {
  switch (resource.kind) {
    case "hospital":
      return "病院"
    case "clinic_with_beds":
      return "有床診療所"
    case "clinic_without_beds":
      return "無床診療所"
    default:
      // `clinic`: the kind does not say whether it has beds; a bed capacity does
      return (resource.availability?.capacity ?? 0) > 0 ? "有床診療所" : "無床診療所"
  }
}

/**
 * The rows of a 医療機関一覧 ({@link medicalInstitutionListHeader}) for a tenant's directory: its hospitals and clinics
 * that are not closed, in the order given (dental clinics and pharmacies are not listed: 医療機関の種類 has only 病院,
 * 有床診療所 and 無床診療所). The leading columns are written as in the 介護サービス事業所一覧 (see
 * {@link medicalInstitutionListLeadingColumns}).
 *
 * - 医療機関の種類: from the kind; a `clinic` whose beds are unknown by kind is 有床診療所 when it has a bed capacity;
 * - 診療曜日 (`月火水木金`, 祝 for public holidays), 診療開始時間 and 診療終了時間: from the hours — exactly when every
 *   open day has the same single period; otherwise the open days with the earliest start and latest end, and the
 *   hours of each day in 診療日時特記事項 (after `holidayClosures`); an entry without hours gets the values an import
 *   could not read, kept in `notes`;
 * - 診療科目: the `診療科: …` line that the 医療情報ネット and 医療機関一覧 imports write in `notes`, `;`-separated;
 *   時間外における対応: the `時間外における対応: …` line; 備考: the rest of `notes`;
 * - 病床数: the bed capacity, `0` for a 無床診療所;
 * - contact columns as in {@link kaigoServiceOfficeListRows}.
 *
 * So reading the file back with {@link readMedicalInstitutionList} and `medicalInstitutionListToResource` gives the
 * entries of a 医療機関一覧 import again.
 *
 * @since 0.1.0
 * @category digital agency
 * @example
 * ```ts
 * import { medicalInstitutionListHeader, medicalInstitutionListRows, writeCsv } from "@zaitaku/opendata-jp"
 * import type { Resource } from "@zaitaku/core"
 *
 * declare const directory: ReadonlyArray<Resource>
 * const file = writeCsv(medicalInstitutionListHeader, medicalInstitutionListRows(directory), "shift_jis")
 * ```
 */
export const medicalInstitutionListRows = (
  resources: ReadonlyArray<Resource>,
  options: StandardDatasetExportOptions = {},
): ReadonlyArray<ReadonlyArray<string>> => {
  const organizations = new Map((options.organizations ?? []).map((organization) => [organization.id, organization]))
  return resources
    .filter((resource) => resource.status !== "closed" && medicalListKinds.includes(resource.kind))
    .map((resource, index) => {
      const contact = contactColumns(resource)
      const hours = consultationColumns(resource)
      const type = medicalInstitutionTypeOf(resource)
      const capacity = resource.availability?.capacity
      const departments = labelledValue(resource.notes, lineLabels.departments)
      return [
        ...leadingColumns(resource, index, options),
        resource.name,
        resource.nameKana ?? "",
        type,
        resource.address.line,
        resource.address.building ?? "",
        ...locationColumns(resource),
        contact.phone,
        contact.extension,
        contact.fax,
        ...organizationColumns(resource, organizations),
        resource.identifiers.medicalInstitutionCode ?? "",
        hours.days,
        hours.opens,
        hours.closes,
        [resource.holidayClosures, hours.detail].filter((part) => part !== undefined && part !== "").join("\n"),
        labelledValue(resource.notes, lineLabels.afterHours) ?? "",
        (departments ?? "")
          .split("、")
          .filter((name) => name !== "")
          .join(";"),
        capacity !== undefined && capacity > 0 ? String(capacity) : type === "無床診療所" ? "0" : "",
        contact.url,
        withoutLabelledLines(resource.notes, [
          lineLabels.departments,
          lineLabels.afterHours,
          ...(hours.fromNotes === true
            ? [lineLabels.consultationDays, lineLabels.consultationOpens, lineLabels.consultationCloses]
            : []),
        ]),
      ]
    })
}

/** The address as residents read it: prefecture (once), the address line, the building. */
const fullAddress = (resource: Resource): string => {
  const prefecture = prefectureName(resource.address.prefectureCode).ja
  const line = resource.address.line.startsWith(prefecture)
    ? resource.address.line
    : `${prefecture}${resource.address.line}`
  return `${line}${resource.address.building ?? ""}`
}

/**
 * GeoJSON (RFC 7946) of a directory for maps: one Point feature per entry that has coordinates (longitude first,
 * as GeoJSON requires), with the properties a map popup needs. Entries without coordinates are counted in
 * `skipped`, so a map never silently misses them.
 *
 * @since 0.1.0
 * @category geojson
 * @example
 * ```ts
 * import { toGeoJson } from "@zaitaku/opendata-jp"
 * import type { Resource } from "@zaitaku/core"
 *
 * declare const directory: ReadonlyArray<Resource>
 * const { collection, skipped } = toGeoJson(directory)
 * ```
 */
export const toGeoJson = (
  resources: ReadonlyArray<Resource>,
): {
  readonly collection: {
    readonly type: "FeatureCollection"
    readonly features: ReadonlyArray<{
      readonly type: "Feature"
      readonly id: string
      readonly geometry: { readonly type: "Point"; readonly coordinates: readonly [number, number] }
      readonly properties: Readonly<Record<string, unknown>>
    }>
  }
  readonly skipped: ReadonlyArray<string>
} => {
  const skipped: Array<string> = []
  const features = resources.flatMap((resource) => {
    if (resource.location === undefined) {
      skipped.push(resource.id)
      return []
    }
    return [
      {
        type: "Feature" as const,
        id: resource.id,
        geometry: {
          type: "Point" as const,
          coordinates: [resource.location.longitude, resource.location.latitude] as const,
        },
        properties: {
          name: resource.name,
          nameKana: resource.nameKana ?? null,
          kind: resource.kind,
          kindLabel: resourceKindLabels[resource.kind],
          status: resource.status,
          address: fullAddress(resource),
          phone: resource.phone ?? null,
          fax: resource.fax ?? null,
          url: resource.url ?? null,
          capabilities: resource.capabilities,
          updatedAt: resource.updatedAt,
        },
      },
    ]
  })
  return { collection: { type: "FeatureCollection", features }, skipped }
}
