/**
 * 取込差分 (import plan): what re-importing a national file would change in a tenant's directory — entries to add,
 * fields to change (old → new), and entries missing from the new file (closure candidates, never deleted silently).
 * Pure: the store applies a plan; this module only computes and explains it.
 *
 * @since 0.1.0
 */
import {
  diffResources,
  type FieldDiff,
  type NewResource,
  type Organization,
  type Resource,
  type ResourceSource,
} from "./Resource.js"

/**
 * The fields a national file is the authority for. Everything else (capabilities, hours, consultation, vacancy,
 * notes, assurance) is kept by the directory's own people and is never overwritten by an import.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { importOwnedFields } from "@zaitaku/core"
 *
 * importOwnedFields.includes("phone") // true
 * importOwnedFields.includes("capabilities") // false
 * ```
 */
export const importOwnedFields = [
  "kind",
  "name",
  "nameKana",
  "identifiers",
  "address",
  "location",
  "phone",
  "fax",
  "url",
  "contactNotes",
  "availability.capacity",
] as const

/**
 * The fields each source is the authority for: the common {@link importOwnedFields}, plus
 * - for 医療情報ネット and the 医療機関一覧 (デジタル庁 standard dataset), the opening hours and closures (their
 *   診療時間 and 休診日 / 診療日時特記事項 columns);
 * - for the 介護サービス事業所一覧, the closures only (its 利用可能曜日特記事項 column): it gives days without times,
 *   so the directory's own hours are kept, as for the 介護サービス情報公表 file, which has no opening times at all;
 * - for the files that name an entry's 法人 by its 法人番号 (介護サービス情報公表 and both standard datasets), the
 *   link to the organisation (`organizationId`, see `organizationIdFor`). An importer that reads no 法人番号 for an
 *   entry passes the entry's current link on, so that a file without the number never unlinks it.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { importOwnedFieldsFor } from "@zaitaku/core"
 *
 * importOwnedFieldsFor("iryo_net").includes("hours") // true
 * importOwnedFieldsFor("mhlw_kaigo_kohyo").includes("hours") // false
 * importOwnedFieldsFor("standard_care_office_list").includes("holidayClosures") // true
 * ```
 */
export const importOwnedFieldsFor = (source: ResourceSource): ReadonlyArray<string> => {
  switch (source) {
    case "iryo_net":
      return [...importOwnedFields, "hours", "holidayClosures"]
    case "standard_medical_institution_list":
      return [...importOwnedFields, "hours", "holidayClosures", "organizationId"]
    case "standard_care_office_list":
      return [...importOwnedFields, "holidayClosures", "organizationId"]
    case "mhlw_kaigo_kohyo":
      return [...importOwnedFields, "organizationId"]
    default:
      return importOwnedFields
  }
}

/**
 * One entry of the new file that differs from the directory, field by field.
 *
 * @since 0.1.0
 * @category import
 */
export interface PlannedChange {
  readonly existing: Resource
  readonly incoming: NewResource
  readonly changes: ReadonlyArray<FieldDiff>
}

/**
 * A reviewable import plan.
 *
 * @since 0.1.0
 * @category import
 */
export interface ImportPlan {
  readonly source: ResourceSource
  /** In the file, not in the directory. */
  readonly added: ReadonlyArray<NewResource>
  /** In both, with at least one import-owned field different. */
  readonly changed: ReadonlyArray<PlannedChange>
  /** In both and equal in every import-owned field. */
  readonly unchanged: number
  /** In the directory (from this source, in scope, not closed) but not in the file: closure candidates. */
  readonly missing: ReadonlyArray<Resource>
  /** Source keys that occur more than once in the file; only the first occurrence is planned. */
  readonly duplicateKeys: ReadonlyArray<string>
  /**
   * The 法人 the file names (by 法人番号), to store before the entries that link to them; added by the importer
   * (absent when the file names none).
   */
  readonly organizations?: ReadonlyArray<Organization>
}

const project = (resource: NewResource | Resource, owned: ReadonlyArray<string>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const field of owned) {
    const [head, tail] = field.split(".") as [keyof NewResource, string | undefined]
    const value = resource[head] as unknown
    if (tail === undefined) {
      if (value !== undefined) out[head] = value
    } else if (value !== undefined && value !== null && typeof value === "object") {
      const inner = (value as Record<string, unknown>)[tail]
      if (inner !== undefined) out[head] = { [tail]: inner }
    }
  }
  return out
}

/**
 * Compares a file's entries with the directory's entries of the same source and plans the import. Entries are
 * matched by `provenance.sourceRecordId`; `inScope` limits which existing entries the file speaks for (e.g. the
 * service type of a 介護サービス情報公表 file, or the tenant's municipalities), so that a file for one service never
 * marks another service's entries as missing. Deterministic: the output follows the file's order, and missing
 * entries follow the directory's order.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { planImport, type NewResource, type Resource } from "@zaitaku/core"
 *
 * declare const directory: ReadonlyArray<Resource>
 * declare const file: ReadonlyArray<NewResource>
 * const plan = planImport(directory, file, {
 *   source: "mhlw_kaigo_kohyo",
 *   inScope: (resource) => resource.provenance.sourceRecordId?.startsWith("130:") ?? false,
 * })
 * plan.added.length, plan.changed.length, plan.missing.length
 * ```
 */
export const planImport = (
  existing: ReadonlyArray<Resource>,
  incoming: ReadonlyArray<NewResource>,
  options: { readonly source: ResourceSource; readonly inScope?: (resource: Resource) => boolean },
): ImportPlan => {
  const inScope = options.inScope ?? (() => true)
  const owned = importOwnedFieldsFor(options.source)
  const bySourceKey = new Map<string, Resource>()
  for (const resource of existing) {
    const key = resource.provenance.sourceRecordId
    if (resource.provenance.source === options.source && key !== undefined) bySourceKey.set(key, resource)
  }
  const seen = new Set<string>()
  const duplicateKeys = new Set<string>()
  const added: Array<NewResource> = []
  const changed: Array<PlannedChange> = []
  let unchanged = 0
  for (const entry of incoming) {
    const key = entry.provenance.sourceRecordId
    if (key === undefined) {
      added.push(entry)
      continue
    }
    if (seen.has(key)) {
      duplicateKeys.add(key)
      continue
    }
    seen.add(key)
    const current = bySourceKey.get(key)
    if (current === undefined) {
      added.push(entry)
      continue
    }
    const changes = diffResources(
      project(current, owned) as unknown as Resource,
      project(entry, owned) as unknown as Resource,
    )
    if (changes.length === 0) unchanged += 1
    else changed.push({ existing: current, incoming: entry, changes })
  }
  const missing = existing.filter(
    (resource) =>
      resource.provenance.source === options.source &&
      resource.provenance.sourceRecordId !== undefined &&
      !seen.has(resource.provenance.sourceRecordId) &&
      resource.status !== "closed" &&
      inScope(resource),
  )
  return { source: options.source, added, changed, unchanged, missing, duplicateKeys: [...duplicateKeys] }
}
