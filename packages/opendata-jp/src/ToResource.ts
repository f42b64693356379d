/**
 * From an open-data record to a directory entry: the mapping of a 介護サービス情報公表 row onto core's
 * {@link NewResource}, with the reasons a row cannot become one.
 *
 * @since 0.1.0
 */
import {
  CorporateNumber,
  kindForServiceTypeCode,
  NewResource,
  type OrganizationName,
  PhoneNumber,
  type PrefectureCode,
  type TenantId,
} from "@zaitaku/core"
import type { RowError } from "./CsvReader.js"
import type { KaigoKohyoRecord } from "./KaigoKohyo.js"

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
  const contactNotes: Array<string> = []
  const phoneOf = (label: string, raw: string | undefined) => {
    if (raw === undefined) return undefined
    const parsed = PhoneNumber.safeParse(raw)
    if (parsed.success) return parsed.data
    contactNotes.push(`${label}: ${raw}`)
    return undefined
  }
  const phone = phoneOf("電話番号", record.phone)
  const fax = phoneOf("FAX番号", record.fax)
  let url: string | undefined
  if (record.url !== undefined) {
    url = asUrl(record.url)
    if (url === undefined) contactNotes.push(`URL: ${record.url}`)
  }
  if (record.contact !== undefined) contactNotes.push(`URL欄: ${record.contact}`)
  const notes = [
    record.availableDays === undefined ? undefined : `利用可能曜日: ${record.availableDays}`,
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
  if (!parsed.success) {
    return {
      _tag: "Invalid",
      errors: parsed.error.issues.map((issue) => {
        const params = (issue.code === "custom" ? issue.params : undefined) as
          | { ja?: string; code?: string }
          | undefined
        return {
          line: context.line,
          column: columnOf(issue.path),
          code: params?.code ?? issue.code,
          reason: { ja: params?.ja ?? `${columnOf(issue.path)}の値が正しくありません`, en: issue.message },
        }
      }),
    }
  }
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
