/**
 * 出力 (exports) of a tenant's directory in the formats municipalities publish: CSV in UTF-8 with BOM or in
 * Shift_JIS (what spreadsheet software in Japanese offices opens), the デジタル庁 自治体標準オープンデータセット
 * 「介護サービス事業所一覧」, and GeoJSON for maps.
 *
 * @since 0.1.0
 */
import {
  dayOfWeekLabels,
  type LocalGovernmentCode,
  type Organization,
  prefectureName,
  type Resource,
  resourceKindDefinition,
  resourceKindLabels,
} from "@zaitaku/core"
import iconv from "iconv-lite"

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

/**
 * The columns of the デジタル庁 自治体標準オープンデータセット「介護サービス事業所一覧」, in order.
 *
 * @since 0.1.0
 * @category digital agency
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

const careCategories = new Set(["care_management", "care_service", "residential", "home_nursing", "community_support"])

const availableDays = (resource: Resource): string =>
  resource.hours
    .filter((day) => day.periods.length > 0)
    .map((day) => dayOfWeekLabels[day.day].ja)
    .join("")

/**
 * The rows of a 介護サービス事業所一覧 for a tenant's directory: its care entries (介護サービス, 居宅介護支援,
 * 施設, 訪問看護 …) that are not closed, in the order given. 都道府県名 comes from the code; 市区町村名 from
 * `municipalityName` when given (core has no national municipality list yet); 法人 from `organizations`.
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
  options: {
    readonly organizations?: ReadonlyArray<Organization>
    readonly municipalityName?: (code: LocalGovernmentCode) => string | undefined
  } = {},
): ReadonlyArray<ReadonlyArray<string>> => {
  const organizations = new Map((options.organizations ?? []).map((organization) => [organization.id, organization]))
  return resources
    .filter(
      (resource) => resource.status !== "closed" && careCategories.has(resourceKindDefinition(resource.kind).category),
    )
    .map((resource, index) => {
      const organization =
        resource.organizationId === undefined ? undefined : organizations.get(resource.organizationId)
      const { address } = resource
      return [
        address.municipalityCode,
        String(index + 1),
        prefectureName(address.prefectureCode).ja,
        options.municipalityName?.(address.municipalityCode) ?? "",
        resource.name,
        resource.nameKana ?? "",
        resourceKindLabels[resource.kind].ja,
        address.line,
        address.building ?? "",
        resource.location === undefined ? "" : String(resource.location.latitude),
        resource.location === undefined ? "" : String(resource.location.longitude),
        resource.phone ?? "",
        "",
        resource.fax ?? "",
        organization?.corporateNumber ?? "",
        organization?.name.ja ?? "",
        resource.identifiers.careOfficeNumber ?? "",
        availableDays(resource),
        resource.holidayClosures ?? "",
        resource.availability?.capacity === undefined ? "" : String(resource.availability.capacity),
        resource.url ?? "",
        resource.notes ?? "",
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
