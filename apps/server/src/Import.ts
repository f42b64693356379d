/**
 * 取込 (directory import): the app's composition of the open-data adapter (`@zaitaku/opendata-jp`) with the
 * directory's store port, for 介護サービス情報公表 files, 医療情報ネット facility + hours files, and a municipality's
 * デジタル庁 standard datasets (介護サービス事業所一覧, 医療機関一覧). A national file is
 * read as a stream, mapped to directory entries, compared with the
 * tenant's entries of the same source ({@link planImport} in core) and, once reviewed, applied: new entries are
 * created, changed import-owned fields are patched, and entries missing from the file are only reported (closure
 * candidates, never closed or deleted by an import).
 *
 * @since 0.1.0
 */
import {
  AuditLog,
  type Conflict,
  type CreateManyInput,
  type ImportPlan,
  idempotencyFingerprint,
  importOwnedFieldsFor,
  isPrefectureCode,
  isValidLocalGovernmentCode,
  kindForServiceTypeCode,
  type LocalizedText,
  type NewResource,
  NotFound,
  type Organization,
  OrganizationStore,
  organizationIdFor,
  planImport,
  type Resource,
  type ResourceId,
  type ResourcePatchInput,
  type ResourceSource,
  ResourceStore,
  resourceKindDefinition,
  type Tenant,
  TenantStore,
  ValidationError,
} from "@zaitaku/core"
import {
  type ByteSource,
  CsvFileError,
  type DetectedEncoding,
  type ImportRow,
  type ImportSummary,
  type IryoNetCategory,
  iryoNetCategoryFromFileName,
  iryoNetCategoryKinds,
  iryoNetToResource,
  type KaigoServiceOfficeListRecord,
  kaigoKohyoToResource,
  kaigoServiceOfficeListToResource,
  type MappingContext,
  type MappingResult,
  type MedicalInstitutionListRecord,
  medicalInstitutionListToResource,
  type RowError,
  readIryoNet,
  readKaigoKohyo,
  readKaigoServiceOfficeList,
  readMedicalInstitutionList,
  serviceTypeCodeFromFileName,
} from "@zaitaku/opendata-jp"
import { Clock, Data, Effect } from "effect"

/**
 * 読み込みエラー (read error): the file could not be read at all (missing, unreadable, I/O failure). Problems with
 * its content are a `CsvFileError` (header, syntax, strict-mode rejection) or row errors.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { ImportReadError } from "@zaitaku/server"
 *
 * new ImportReadError({ fileName: "jigyosho_130.csv", cause: new Error("ENOENT") }).detail.en
 * // "Cannot read jigyosho_130.csv: ENOENT"
 * ```
 */
export class ImportReadError extends Data.TaggedError("ImportReadError")<{
  readonly fileName: string
  readonly cause: unknown
}> {
  /** Japanese and English explanation. */
  get detail(): LocalizedText {
    const text = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return { ja: `${this.fileName} を読み込めません：${text}`, en: `Cannot read ${this.fileName}: ${text}` }
  }
  override get message(): string {
    return this.detail.en
  }
}

/**
 * 進捗 (progress) of reading a file: data rows read so far, rows that became entries, rows rejected, and the
 * read rate since the start. `final` is true for the last report, when the file has been read.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ImportProgress } from "@zaitaku/server"
 *
 * const line = (p: ImportProgress) => `${p.rows} rows, ${p.invalid} errors, ${Math.round(p.ratePerSecond)} rows/s`
 * ```
 */
export interface ImportProgress {
  readonly rows: number
  readonly ok: number
  readonly invalid: number
  readonly ratePerSecond: number
  readonly elapsedMillis: number
  readonly final: boolean
}

/**
 * Options of {@link planKaigoKohyoImport}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import type { KaigoKohyoImportOptions } from "@zaitaku/server"
 *
 * const options: KaigoKohyoImportOptions = {
 *   source: createReadStream("jigyosho_130.csv"),
 *   fileName: "jigyosho_130.csv",
 *   onProgress: (p) => console.error(p.rows),
 * }
 * ```
 */
export interface KaigoKohyoImportOptions {
  /** The file's bytes (a `fs.ReadStream`, a web stream's chunks, an array of buffers). */
  readonly source: ByteSource
  /** The file name, for the サービス種類コード (`jigyosho_<code>…csv`) and for messages. */
  readonly fileName: string
  /** サービス種類コード; default: from the file name. */
  readonly serviceTypeCode?: string
  /**
   * Which rows the tenant takes: `"all"` (every row of the file), a list of 全国地方公共団体コード, or by default the
   * tenant's own `municipalities` (a wide-area body's members; a municipality's own code). Its areas (圏域) are
   * not included: an area is where a tenant works with others, not the directory it keeps.
   */
  readonly municipalities?: ReadonlyArray<string> | "all"
  /** ISO date-time of the import (`provenance.importedAt`, the 定員's `asOf`); default: the `Clock`'s now. */
  readonly importedAt?: string
  /** 厳格モード (strict mode): fail with a `CsvFileError` (`row_rejected`) at the first bad row. */
  readonly strict?: boolean
  /** Called with the reading progress, at most every `progressEvery.rows` rows or `progressEvery.millis` ms. */
  readonly onProgress?: (progress: ImportProgress) => void
  /** Throttle of `onProgress` (defaults: 10,000 rows, 1,000 ms); the final report is always made. */
  readonly progressEvery?: { readonly rows?: number; readonly millis?: number }
}

/**
 * 読み込み集計 (reading summary): data rows read, rows that became entries (`ok`, including the filtered ones),
 * rows rejected (`invalid`, with their errors in `rowErrors`), good rows outside the tenant's municipalities
 * (`filtered`), and the detected encoding.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ImportReadSummary } from "@zaitaku/server"
 *
 * const planned = (s: ImportReadSummary) => s.ok - s.filtered
 * ```
 */
export interface ImportReadSummary {
  readonly rows: number
  readonly ok: number
  readonly invalid: number
  readonly filtered: number
  readonly encoding: DetectedEncoding | undefined
}

/**
 * 取込計画 (a planned import of one file): the reviewable {@link ImportPlan}, the row errors, the reading summary,
 * and what the plan was made from.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { PlannedImport } from "@zaitaku/server"
 *
 * const counts = ({ plan }: PlannedImport) => [plan.added.length, plan.changed.length, plan.missing.length]
 * ```
 */
export interface PlannedImport {
  readonly plan: ImportPlan
  readonly rowErrors: ReadonlyArray<RowError>
  readonly summary: ImportReadSummary
  readonly fileName: string
  readonly serviceTypeCode: string
  readonly importedAt: string
  readonly municipalities: ReadonlyArray<string> | "all"
}

const kaigoKohyoSource = "mhlw_kaigo_kohyo" as const

const columnPrefix = (error: RowError, separator: string): string =>
  error.column === undefined ? "" : `${error.column}${separator}`

const allStatuses = ["active", "suspended", "closed"] as const

const invalidImport = (path: string, code: string, ja: string, en: string): ValidationError =>
  new ValidationError({ subject: "import", issues: [{ path: [path], code, message: { ja, en } }] })

/**
 * The tenant's entries of a source whose source key starts with `prefix`, whatever their status (a closed entry
 * must stay matched, or re-importing would add it again). Pages through the whole directory.
 */
const entriesOfSource = Effect.fnUntraced(function* (source: ImportPlan["source"], prefix: string) {
  const store = yield* ResourceStore
  const found: Array<Resource> = []
  let cursor: string | undefined
  do {
    const page = yield* store.search({
      status: [...allStatuses],
      limit: 200,
      ...(cursor === undefined ? {} : { cursor }),
    })
    for (const resource of page.items) {
      if (resource.provenance.source === source && resource.provenance.sourceRecordId?.startsWith(prefix) === true) {
        found.push(resource)
      }
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor !== undefined)
  return found
})

/**
 * Reads a file's rows, maps each good row to an entry and keeps those in the municipalities taken: the part every
 * open-data import shares. Row errors (of the reader and of the mapping) are collected; in strict mode the first
 * mapping error fails with a `CsvFileError` (`row_rejected`), as the reader does for its own row errors.
 */
const readEntries = Effect.fnUntraced(function* <R extends { readonly municipalityCode: string }>(
  reader: AsyncIterable<ImportRow<R>>,
  options: {
    readonly fileName: string
    readonly strict: boolean
    readonly taken: ReadonlySet<string> | undefined
    readonly map: (record: R, line: number) => MappingResult
    readonly onProgress?: (progress: ImportProgress) => void
    readonly progressEvery?: { readonly rows?: number; readonly millis?: number }
  },
) {
  const iterator = reader[Symbol.asyncIterator]()
  const readError = (cause: unknown) =>
    cause instanceof CsvFileError ? cause : new ImportReadError({ fileName: options.fileName, cause })
  const { taken } = options

  const incoming: Array<NewResource> = []
  /** The 法人 each entry's row names, by the entry's source key. */
  const organizations = new Map<
    string,
    NonNullable<MappingResult & { _tag: "Ok" } extends { value: infer V } ? V : never>["organization"]
  >()
  const rowErrors: Array<RowError> = []
  const counts = { rows: 0, ok: 0, invalid: 0, filtered: 0 }
  const everyRows = Math.max(1, options.progressEvery?.rows ?? 10_000)
  const everyMillis = Math.max(0, options.progressEvery?.millis ?? 1_000)
  const startedAt = yield* Clock.currentTimeMillis
  let reportedAt = startedAt
  let reportedRows = 0
  const report = (now: number, final: boolean) => {
    const elapsedMillis = now - startedAt
    reportedAt = now
    reportedRows = counts.rows
    options.onProgress?.({
      rows: counts.rows,
      ok: counts.ok,
      invalid: counts.invalid,
      ratePerSecond: elapsedMillis > 0 ? (counts.rows * 1000) / elapsedMillis : 0,
      elapsedMillis,
      final,
    })
  }

  const take = (row: ImportRow<R>): CsvFileError | undefined => {
    counts.rows++
    if (row._tag === "Invalid") {
      counts.invalid++
      rowErrors.push(...row.errors)
      return undefined
    }
    const mapped = options.map(row.record, row.line)
    if (mapped._tag === "Invalid") {
      counts.invalid++
      rowErrors.push(...mapped.errors)
      const first = mapped.errors[0]
      if (options.strict && first !== undefined) {
        return new CsvFileError({
          reason: "row_rejected",
          line: row.line,
          rowErrors: mapped.errors,
          detail: {
            ja: `${row.line}行目にエラーがあるため、ファイル全体を取り込みません（厳格モード）：${columnPrefix(first, "：")}${first.reason.ja}`,
            en:
              `Strict mode: the file is rejected because line ${row.line} has an error: ` +
              `${columnPrefix(first, ": ")}${first.reason.en}`,
          },
        })
      }
      return undefined
    }
    counts.ok++
    if (taken !== undefined && !taken.has(row.record.municipalityCode)) counts.filtered++
    else {
      incoming.push(mapped.value.resource)
      const key = mapped.value.resource.provenance.sourceRecordId
      if (key !== undefined && mapped.value.organization !== undefined)
        organizations.set(key, mapped.value.organization)
    }
    return undefined
  }

  yield* Effect.gen(function* () {
    while (true) {
      const step = yield* Effect.tryPromise({ try: () => iterator.next(), catch: readError })
      if (step.done === true) break
      const rejected = take(step.value)
      if (rejected !== undefined) return yield* rejected
      if (options.onProgress !== undefined) {
        const now = yield* Clock.currentTimeMillis
        if (counts.rows - reportedRows >= everyRows || now - reportedAt >= everyMillis) report(now, false)
      }
    }
  }).pipe(Effect.ensuring(Effect.ignore(Effect.tryPromise(() => Promise.resolve(iterator.return?.())))))
  if (options.onProgress !== undefined) report(yield* Clock.currentTimeMillis, true)
  return { incoming, rowErrors, counts, organizations }
})

/**
 * Links each entry of a file to its 法人: an entry whose row gives a 法人番号 gets the organisation of that number in
 * the tenant ({@link organizationIdFor}: the same id on every import), and the organisations go with the plan, to be
 * stored before the entries. An entry whose row gives none keeps the link it has in the directory, so that a file
 * without the number never unlinks an entry. A 法人 named without a 法人番号 is not linked: it could not be told
 * apart from another of the same name.
 */
const linkOrganizations = Effect.fnUntraced(function* (
  tenantId: string,
  incoming: ReadonlyArray<NewResource>,
  named: ReadonlyMap<
    string,
    { readonly corporateNumber?: string | undefined; readonly name: Organization["name"] } | undefined
  >,
  existing: ReadonlyArray<Resource>,
) {
  const current = new Map(
    existing.flatMap((resource) =>
      resource.provenance.sourceRecordId === undefined ? [] : [[resource.provenance.sourceRecordId, resource] as const],
    ),
  )
  const organizations = new Map<string, Organization>()
  const linked: Array<NewResource> = []
  for (const entry of incoming) {
    const key = entry.provenance.sourceRecordId
    const organization = key === undefined ? undefined : named.get(key)
    if (organization?.corporateNumber !== undefined) {
      const id = yield* organizationIdFor(tenantId, organization.corporateNumber)
      if (!organizations.has(id)) {
        organizations.set(id, {
          id,
          corporateNumber: organization.corporateNumber as Organization["corporateNumber"] & string,
          name: organization.name,
        })
      }
      linked.push({ ...entry, organizationId: id })
      continue
    }
    const kept = key === undefined ? undefined : current.get(key)?.organizationId
    linked.push(kept === undefined ? entry : { ...entry, organizationId: kept })
  }
  return { incoming: linked, organizations: [...organizations.values()] }
})

/**
 * 介護サービス情報公表の取込計画 (plan the import of a 介護サービス情報公表 file) into the acting tenant's directory:
 * reads the file as a stream, maps each good row to an entry, keeps the rows in the tenant's municipalities, loads
 * the directory's entries of the same service (every status) and plans the import with core's {@link planImport}.
 * Entries of other services, and (unless `municipalities` is `"all"`) outside the municipalities taken, are out of
 * scope: they are never reported missing.
 *
 * Fails with a `CsvFileError` for a file-level problem (header, broken syntax, empty file, strict-mode rejection),
 * an {@link ImportReadError} when the file cannot be read, and a `ValidationError` when the service type is unknown.
 * Bad rows in lenient mode are `rowErrors`, not failures. Reads nothing into memory but the tenant's share of rows.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { Effect } from "effect"
 * import { planKaigoKohyoImport } from "@zaitaku/server"
 *
 * const planned = planKaigoKohyoImport({ source: createReadStream("jigyosho_130.csv"), fileName: "jigyosho_130.csv" })
 * // Effect<PlannedImport, …, ResourceStore | TenantStore | Actor>
 * ```
 */
export const planKaigoKohyoImport = Effect.fn("Import.planKaigoKohyo")(function* (options: KaigoKohyoImportOptions) {
  const serviceTypeCode = options.serviceTypeCode ?? serviceTypeCodeFromFileName(options.fileName)
  if (serviceTypeCode === undefined || !/^[0-9]{3}$/.test(serviceTypeCode)) {
    return yield* invalidImport(
      "serviceTypeCode",
      "service_type_code",
      "サービス種類コード（3桁）を指定してください（ファイル名 jigyosho_<コード>.csv からは読み取れません）",
      "Give the three-digit service type code: it cannot be read from a file name other than jigyosho_<code>.csv",
    )
  }
  if (kindForServiceTypeCode(serviceTypeCode) === undefined) {
    return yield* invalidImport(
      "serviceTypeCode",
      "service_type_code",
      `サービス種類コード${serviceTypeCode}は未対応です`,
      `Service type code ${serviceTypeCode} is not supported`,
    )
  }
  const tenant: Tenant = yield* (yield* TenantStore).current
  const municipalities = options.municipalities ?? tenant.municipalities
  const taken = municipalities === "all" ? undefined : new Set(municipalities)
  const importedAt = options.importedAt ?? new Date(yield* Clock.currentTimeMillis).toISOString()

  const reader = readKaigoKohyo(options.source, { serviceTypeCode, strict: options.strict === true })
  const {
    incoming,
    rowErrors,
    counts,
    organizations: named,
  } = yield* readEntries(reader, {
    fileName: options.fileName,
    strict: options.strict === true,
    taken,
    map: (record, line) => kaigoKohyoToResource(record, { tenantId: tenant.id, importedAt, line }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.progressEvery === undefined ? {} : { progressEvery: options.progressEvery }),
  })

  const prefix = `${serviceTypeCode}:`
  const existing = yield* entriesOfSource(kaigoKohyoSource, prefix)
  const linked = yield* linkOrganizations(tenant.id, incoming, named, existing)
  const planned = planImport(existing, linked.incoming, {
    source: kaigoKohyoSource,
    inScope: (resource) =>
      resource.provenance.sourceRecordId?.startsWith(prefix) === true &&
      (taken === undefined || taken.has(resource.address.municipalityCode)),
  })
  const plan = linked.organizations.length === 0 ? planned : { ...planned, organizations: linked.organizations }
  return {
    plan,
    rowErrors,
    summary: { ...counts, encoding: reader.summary.encoding },
    fileName: options.fileName,
    serviceTypeCode,
    importedAt,
    municipalities: municipalities === "all" ? "all" : [...municipalities],
  } satisfies PlannedImport
})

/**
 * Options of {@link planIryoNetImport}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import type { IryoNetImportOptions } from "@zaitaku/server"
 *
 * const options: IryoNetImportOptions = {
 *   facilities: createReadStream("02-1_clinic_facility_info_20260601.csv"),
 *   hours: createReadStream("02-2_clinic_speciality_hours_20260601.csv"),
 *   fileName: "02-1_clinic_facility_info_20260601.csv",
 *   hoursFileName: "02-2_clinic_speciality_hours_20260601.csv",
 * }
 * ```
 */
export interface IryoNetImportOptions {
  /** The 施設票 (facility file)'s bytes, streamed. */
  readonly facilities: ByteSource
  /** The 診療科・診療時間票 (departments and hours file)'s bytes, read first and held by ID. */
  readonly hours: ByteSource
  /** The facility file's name, for its category (`01-1_hospital_…`, `02-1_clinic_…`, `03-1_dental_…`) and messages. */
  readonly fileName: string
  /** The hours file's name, for messages. */
  readonly hoursFileName: string
  /**
   * Which kinds of facility the file holds, and so which entries it may report missing; default: from the file
   * name, else from the rows' 機関区分 (every category seen in a good row).
   */
  readonly category?: IryoNetCategory
  /** Which rows the tenant takes, as in {@link KaigoKohyoImportOptions.municipalities}. */
  readonly municipalities?: ReadonlyArray<string> | "all"
  /** ISO date-time of the import (`provenance.importedAt`, the beds' `asOf`); default: the `Clock`'s now. */
  readonly importedAt?: string
  /** 厳格モード (strict mode): fail with a `CsvFileError` (`row_rejected`) at the first bad row of either file. */
  readonly strict?: boolean
  /** Called with the progress of reading the facility file (the hours file is read before its first row). */
  readonly onProgress?: (progress: ImportProgress) => void
  /** Throttle of `onProgress` (defaults: 10,000 rows, 1,000 ms); the final report is always made. */
  readonly progressEvery?: { readonly rows?: number; readonly millis?: number }
}

/**
 * 医療情報ネットの取込計画 (a planned import of a facility file and its hours file): the reviewable
 * {@link ImportPlan}, the row errors of each file, their reading summaries, and the categories the plan speaks for
 * (only entries of those kinds can be missing).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { PlannedIryoNetImport } from "@zaitaku/server"
 *
 * const errors = (planned: PlannedIryoNetImport) => planned.rowErrors.length + planned.hoursErrors.length
 * ```
 */
export interface PlannedIryoNetImport {
  readonly plan: ImportPlan
  /** Row errors of the facility file (lines of that file). */
  readonly rowErrors: ReadonlyArray<RowError>
  /** Row errors of the hours file (lines of that file); those department rows are not joined. */
  readonly hoursErrors: ReadonlyArray<RowError>
  readonly summary: ImportReadSummary
  readonly hoursSummary: ImportSummary | undefined
  readonly fileName: string
  readonly hoursFileName: string
  readonly categories: ReadonlyArray<IryoNetCategory>
  readonly importedAt: string
  readonly municipalities: ReadonlyArray<string> | "all"
}

const iryoNetSource = "iryo_net" as const

const categoryOfKind = (kind: Resource["kind"]): IryoNetCategory | undefined =>
  (Object.keys(iryoNetCategoryKinds) as Array<IryoNetCategory>).find((category) =>
    iryoNetCategoryKinds[category].includes(kind),
  )

/**
 * 医療情報ネットの取込計画 (plan the import of a 医療情報ネット facility file with its hours file) into the acting
 * tenant's directory: the hours file is read and joined by ID, the facility file streamed, each good facility mapped
 * with `iryoNetToResource`, the tenant's municipalities kept, and the plan made with core's {@link planImport}
 * against every `iryo_net` entry of the tenant (so that a hospital that became a clinic is a changed entry).
 *
 * Scope of missing entries: only entries whose kind belongs to the file's category — from `category`, else the
 * MHLW file name (`01-1_hospital_…`, `02-1_clinic_…`, `03-1_dental_…`), else the categories of the file's good rows
 * — and (unless `municipalities` is `"all"`) in the municipalities taken. A clinic file never marks hospitals or
 * dental clinics missing; a file whose category is unknown and that has no good row marks nothing missing. With a
 * known category, a row whose 機関区分 names another category is a row error.
 *
 * Fails with a `CsvFileError` for a file-level problem of either file (the hours file's messages start with
 * 診療科・診療時間票 / Hours file) and an {@link ImportReadError} when a file cannot be read.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { planIryoNetImport } from "@zaitaku/server"
 *
 * const planned = planIryoNetImport({
 *   facilities: createReadStream("02-1_clinic_facility_info_20260601.csv"),
 *   hours: createReadStream("02-2_clinic_speciality_hours_20260601.csv"),
 *   fileName: "02-1_clinic_facility_info_20260601.csv",
 *   hoursFileName: "02-2_clinic_speciality_hours_20260601.csv",
 * })
 * // Effect<PlannedIryoNetImport, …, ResourceStore | TenantStore | Actor>
 * ```
 */
export const planIryoNetImport = Effect.fn("Import.planIryoNet")(function* (options: IryoNetImportOptions) {
  const fileCategory = options.category ?? iryoNetCategoryFromFileName(options.fileName)
  const tenant: Tenant = yield* (yield* TenantStore).current
  const municipalities = options.municipalities ?? tenant.municipalities
  const taken = municipalities === "all" ? undefined : new Set(municipalities)
  const importedAt = options.importedAt ?? new Date(yield* Clock.currentTimeMillis).toISOString()

  const reader = readIryoNet(options.facilities, options.hours, { strict: options.strict === true })
  const seen = new Set<IryoNetCategory>()
  const { incoming, rowErrors, counts } = yield* readEntries(reader, {
    fileName: options.fileName,
    strict: options.strict === true,
    taken,
    map: (record, line) => {
      const mapped = iryoNetToResource(record, {
        tenantId: tenant.id,
        importedAt,
        line,
        ...(fileCategory === undefined ? {} : { category: fileCategory }),
      })
      const category = mapped._tag === "Ok" ? categoryOfKind(mapped.value.resource.kind) : undefined
      if (category !== undefined) seen.add(category)
      return mapped
    },
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.progressEvery === undefined ? {} : { progressEvery: options.progressEvery }),
  }).pipe(
    Effect.mapError((error) =>
      // the reader fails on the hours file too: name that file when it is the one that cannot be read
      error instanceof ImportReadError && reader.hoursSummary === undefined
        ? new ImportReadError({ fileName: options.hoursFileName, cause: error.cause })
        : error,
    ),
  )
  const categories = fileCategory === undefined ? [...seen].sort() : [fileCategory]
  const kinds = new Set(categories.flatMap((category) => iryoNetCategoryKinds[category]))

  const existing = yield* entriesOfSource(iryoNetSource, "")
  const plan = planImport(existing, incoming, {
    source: iryoNetSource,
    inScope: (resource) =>
      kinds.has(resource.kind) && (taken === undefined || taken.has(resource.address.municipalityCode)),
  })
  return {
    plan,
    rowErrors,
    hoursErrors: [...reader.hoursErrors],
    summary: { ...counts, encoding: reader.summary.encoding },
    hoursSummary: reader.hoursSummary,
    fileName: options.fileName,
    hoursFileName: options.hoursFileName,
    categories,
    importedAt,
    municipalities: municipalities === "all" ? "all" : [...municipalities],
  } satisfies PlannedIryoNetImport
})

// ---------------------------------------------------------------------------------------------------------------
// デジタル庁 自治体標準オープンデータセット (standard open datasets)
// ---------------------------------------------------------------------------------------------------------------

/**
 * 標準オープンデータセットの種類 (which デジタル庁 standard dataset): `care_office_list` (介護サービス事業所一覧) or
 * `medical_institution_list` (医療機関一覧).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { StandardDataset } from "@zaitaku/server"
 *
 * const dataset: StandardDataset = "medical_institution_list"
 * ```
 */
export type StandardDataset = "care_office_list" | "medical_institution_list"

const standardDatasets = {
  care_office_list: {
    source: "standard_care_office_list",
    label: "介護サービス事業所一覧",
    read: readKaigoServiceOfficeList,
    map: kaigoServiceOfficeListToResource,
  },
  medical_institution_list: {
    source: "standard_medical_institution_list",
    label: "医療機関一覧",
    read: readMedicalInstitutionList,
    map: medicalInstitutionListToResource,
  },
} as const

/**
 * Options of {@link planStandardDatasetImport}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import type { StandardDatasetImportOptions } from "@zaitaku/server"
 *
 * const options: StandardDatasetImportOptions = {
 *   source: createReadStream("medical_institutions.csv"),
 *   fileName: "medical_institutions.csv",
 *   municipalityCode: "022039",
 * }
 * ```
 */
export interface StandardDatasetImportOptions {
  /** The file's bytes, streamed. */
  readonly source: ByteSource
  /** The file name, for messages and the audit entry. */
  readonly fileName: string
  /**
   * 市区町村コード for rows whose 都道府県コード又は市区町村コード is empty, or for a file without that column (a
   * municipality's own list); a code given in a row always wins.
   */
  readonly municipalityCode?: string
  /** Which rows the tenant takes, as in {@link KaigoKohyoImportOptions.municipalities}. */
  readonly municipalities?: ReadonlyArray<string> | "all"
  /** ISO date-time of the import (`provenance.importedAt`, the capacity's `asOf`); default: the `Clock`'s now. */
  readonly importedAt?: string
  /** 厳格モード (strict mode): fail with a `CsvFileError` (`row_rejected`) at the first bad row. */
  readonly strict?: boolean
  /** Called with the reading progress, at most every `progressEvery.rows` rows or `progressEvery.millis` ms. */
  readonly onProgress?: (progress: ImportProgress) => void
  /** Throttle of `onProgress` (defaults: 10,000 rows, 1,000 ms); the final report is always made. */
  readonly progressEvery?: { readonly rows?: number; readonly millis?: number }
}

/**
 * 標準オープンデータセットの取込計画 (a planned import of a 介護サービス事業所一覧 or 医療機関一覧): the reviewable
 * {@link ImportPlan}, the row errors, the reading summary, and what the plan was made from.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { PlannedStandardDatasetImport } from "@zaitaku/server"
 *
 * const added = (planned: PlannedStandardDatasetImport) => planned.plan.added.length
 * ```
 */
export interface PlannedStandardDatasetImport {
  readonly dataset: StandardDataset
  readonly plan: ImportPlan
  readonly rowErrors: ReadonlyArray<RowError>
  readonly summary: ImportReadSummary
  readonly fileName: string
  readonly importedAt: string
  readonly municipalities: ReadonlyArray<string> | "all"
}

/**
 * 標準オープンデータセットの取込計画 (plan the import of a デジタル庁 介護サービス事業所一覧 or 医療機関一覧) into the
 * acting tenant's directory: the file is streamed, each good row mapped (`kaigoServiceOfficeListToResource`,
 * `medicalInstitutionListToResource`), the tenant's municipalities kept, and the plan made with core's
 * {@link planImport} against the tenant's entries of the dataset's source (every status). Entries missing from the
 * file are closure candidates only in the municipalities taken (all of them with `municipalities: "all"`).
 *
 * Fails with a `CsvFileError` for a file-level problem (header, broken syntax, empty file, strict-mode rejection), an
 * {@link ImportReadError} when the file cannot be read, and a `ValidationError` for a `municipalityCode` that is not a
 * 市区町村's code. Bad rows in lenient mode are `rowErrors`.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { planStandardDatasetImport } from "@zaitaku/server"
 *
 * const planned = planStandardDatasetImport("care_office_list", {
 *   source: createReadStream("kaigo_service_offices.csv"),
 *   fileName: "kaigo_service_offices.csv",
 * })
 * // Effect<PlannedStandardDatasetImport, …, ResourceStore | TenantStore | Actor>
 * ```
 */
export const planStandardDatasetImport = Effect.fn("Import.planStandardDataset")(function* (
  dataset: StandardDataset,
  options: StandardDatasetImportOptions,
) {
  const { source, read, map } = standardDatasets[dataset]
  const fallback = options.municipalityCode
  if (fallback !== undefined && (!isValidLocalGovernmentCode(fallback) || isPrefectureCode(fallback))) {
    return yield* invalidImport(
      "municipalityCode",
      "municipality_code",
      `市区町村コードは市区町村の全国地方公共団体コード（6桁、検査数字つき。例：022039）です（${fallback}が指定されました）`,
      `The municipality code must be a municipality's six-digit local government code, such as 022039, got ${fallback}`,
    )
  }
  const tenant: Tenant = yield* (yield* TenantStore).current
  const municipalities = options.municipalities ?? tenant.municipalities
  const taken = municipalities === "all" ? undefined : new Set(municipalities)
  const importedAt = options.importedAt ?? new Date(yield* Clock.currentTimeMillis).toISOString()

  const reader = read(options.source, {
    strict: options.strict === true,
    ...(fallback === undefined ? {} : { municipalityCode: fallback }),
  })
  const {
    incoming,
    rowErrors,
    counts,
    organizations: named,
  } = yield* readEntries(reader as AsyncIterable<ImportRow<StandardRecord>>, {
    fileName: options.fileName,
    strict: options.strict === true,
    taken,
    map: (record, line) => (map as StandardMap)(record, { tenantId: tenant.id, importedAt, line }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.progressEvery === undefined ? {} : { progressEvery: options.progressEvery }),
  })

  const existing = yield* entriesOfSource(source, "")
  const linked = yield* linkOrganizations(tenant.id, incoming, named, existing)
  const planned = planImport(existing, linked.incoming, {
    source,
    inScope: (resource) => taken === undefined || taken.has(resource.address.municipalityCode),
  })
  const plan = linked.organizations.length === 0 ? planned : { ...planned, organizations: linked.organizations }
  return {
    dataset,
    plan,
    rowErrors,
    summary: { ...counts, encoding: reader.summary.encoding },
    fileName: options.fileName,
    importedAt,
    municipalities: municipalities === "all" ? "all" : [...municipalities],
  } satisfies PlannedStandardDatasetImport
})

type StandardRecord = KaigoServiceOfficeListRecord | MedicalInstitutionListRecord
type StandardMap = (record: StandardRecord, context: MappingContext) => MappingResult

/**
 * An entry of a plan that could not be written: the store refused it (`version_mismatch`: the entry changed since
 * the plan was made; `already_exists`: another entry holds the source record or the idempotency key; `invalid`:
 * the result would not be a valid entry; `not_found`: the entry is gone). The rest of the plan is still applied.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ImportConflict } from "@zaitaku/server"
 *
 * const line = (c: ImportConflict) => `${c.sourceRecordId} ${c.operation}: ${c.reason}`
 * ```
 */
export interface ImportConflict {
  readonly operation: "create" | "update"
  readonly sourceRecordId: string | undefined
  readonly resourceId?: ResourceId
  readonly reason: "version_mismatch" | "already_exists" | "invalid" | "not_found"
  readonly message: LocalizedText
}

/**
 * Result of {@link applyImportPlan}: entries created and updated, entries of the plan found already applied
 * (re-applying a plan writes nothing), per-entry conflicts, and the counts left as they are (`unchanged`, and
 * `missing`: closure candidates for a person to review).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ImportApplyResult } from "@zaitaku/server"
 *
 * const wroteSomething = (r: ImportApplyResult) => r.created + r.updated > 0
 * ```
 */
export interface ImportApplyResult {
  readonly created: number
  readonly updated: number
  readonly alreadyApplied: number
  readonly unchanged: number
  readonly missing: number
  readonly conflicts: ReadonlyArray<ImportConflict>
}

/**
 * Options of {@link applyImportPlan}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ApplyImportOptions } from "@zaitaku/server"
 *
 * const options: ApplyImportOptions = { importId: "mhlw_kaigo_kohyo:130:2026-07-01T00:00:00.000Z" }
 * ```
 */
export interface ApplyImportOptions {
  /** The audit target id of the import (default: the plan's source). */
  readonly importId?: string
  /** The reason recorded in each updated entry's change log. */
  readonly reason?: string
  /** Extra non-personal audit details (file name, service type …). */
  readonly details?: Readonly<Record<string, string | number | boolean | null>>
  /** Called after each entry of the plan is written or skipped, with the count so far and the plan's total. */
  readonly onProgress?: (done: number, total: number) => void
}

/** How many new entries one transaction of an import writes. */
const importBatchSize = 500

const topLevelImportFields = (source: ResourceSource): ReadonlySet<string> =>
  new Set(importOwnedFieldsFor(source).map((field) => field.split(".")[0]!))

/**
 * The patch of a planned change: each changed import-owned top-level field takes the file's value (`null` when the
 * file has none). `availability` is owned only in its `capacity`: the vacancy and its `asOf` stay as the
 * directory's people set them.
 */
const patchOf = (
  source: ResourceSource,
  existing: Resource,
  incoming: NewResource,
  changes: ImportPlan["changed"][number]["changes"],
) => {
  const patch: Record<string, unknown> = {}
  const owned = topLevelImportFields(source)
  const heads = new Set(changes.map((change) => change.field.split(".")[0]!))
  for (const head of heads) {
    if (!owned.has(head)) continue
    if (head === "availability") {
      const capacity = incoming.availability?.capacity
      const current = existing.availability
      if (current === undefined) {
        patch.availability = incoming.availability ?? null
      } else {
        const { capacity: _previous, ...rest } = current
        const next = { ...rest, ...(capacity === undefined ? {} : { capacity }) }
        if (current.vacancy === undefined) next.asOf = incoming.availability?.asOf ?? current.asOf
        patch.availability = next.capacity === undefined && next.vacancy === undefined ? null : next
      }
      continue
    }
    patch[head] = (incoming as Record<string, unknown>)[head] ?? null
  }
  return patch as ResourcePatchInput
}

const conflictOf = (
  operation: ImportConflict["operation"],
  sourceRecordId: string | undefined,
  error: Conflict | NotFound | ValidationError,
  resourceId?: ResourceId,
): ImportConflict => {
  const base = { operation, sourceRecordId, ...(resourceId === undefined ? {} : { resourceId }) }
  if (error instanceof ValidationError) {
    return {
      ...base,
      reason: "invalid",
      message: {
        ja: `取り込んだ値では掲載情報が正しくなりません：${error.issues.map((i) => i.message.ja).join("、")}`,
        en: `The imported values would make the entry invalid: ${error.issues.map((i) => i.message.en).join("; ")}`,
      },
    }
  }
  if (error instanceof NotFound) {
    return {
      ...base,
      reason: "not_found",
      message: { ja: "掲載情報が見つかりません", en: "The entry no longer exists" },
    }
  }
  return error.reason === "version_mismatch"
    ? {
        ...base,
        reason: "version_mismatch",
        message: {
          ja: "計画の作成後に掲載情報が変更されました。取込計画を作り直してください",
          en: "The entry changed after the plan was made: plan the import again",
        },
      }
    : {
        ...base,
        reason: "already_exists",
        message: {
          ja: "同じ出典レコードの掲載情報が既にあります",
          en: "Another entry already holds this source record",
        },
      }
}

/**
 * 取込計画の適用 (apply an import plan) in the acting tenant's directory, entry by entry:
 * - the added entries are created in batches of 500, one transaction each (`ResourceStore.createMany`); an entry
 *   whose source record is in the directory already counts as already applied, so re-applying a plan creates
 *   nothing new (an entry without a source record is created with an idempotency key made of a hash of it);
 * - each changed entry is patched with its changed import-owned top-level fields only, at the version the plan saw;
 *   a stale version is a per-entry {@link ImportConflict} (or `alreadyApplied` when the entry already holds the
 *   file's values), never a failure of the whole import;
 * - missing entries are left as they are (closure candidates);
 * - one `directory_import.apply` audit entry records the counts (no personal data), also when nothing changed,
 *   since applying is the reviewed act the trail must show.
 *
 * Each write is audited by the store as usual (`resource.create`, `resource.update`).
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { applyImportPlan, type PlannedImport } from "@zaitaku/server"
 *
 * declare const planned: PlannedImport
 * const applied = applyImportPlan(planned.plan, { reason: "介護サービス情報公表 2026-07" })
 * // Effect<ImportApplyResult, StoreError, ResourceStore | AuditLog | Actor>
 * ```
 */
export const applyImportPlan = Effect.fn("Import.apply")(function* (
  plan: ImportPlan,
  options: ApplyImportOptions = {},
) {
  const store = yield* ResourceStore
  const audit = yield* AuditLog
  // the 法人 first, so that no entry links to an organisation that is not stored (storing one again changes nothing)
  const organizationStore = yield* OrganizationStore
  for (const organization of plan.organizations ?? []) yield* organizationStore.upsert(organization)
  const conflicts: Array<ImportConflict> = []
  let created = 0
  let updated = 0
  let alreadyApplied = 0
  const total = plan.added.length + plan.changed.length
  let done = 0
  const progressed = () => {
    done++
    options.onProgress?.(done, total)
  }

  // New entries in batches, each batch one transaction: an entry whose source record is in the directory already
  // (this plan was applied before, or another import got there first) is counted as already applied.
  for (let start = 0; start < plan.added.length; start += importBatchSize) {
    const batch = plan.added.slice(start, start + importBatchSize)
    const inputs: Array<CreateManyInput> = []
    for (const entry of batch) {
      const key = entry.provenance.sourceRecordId
      // entries without a source record cannot be found again by it: an idempotency key keeps a re-apply harmless
      inputs.push(
        key === undefined
          ? { input: entry, idempotencyKey: `import:${plan.source}::${yield* idempotencyFingerprint(entry)}` }
          : { input: entry },
      )
    }
    const outcomes = yield* store.createMany(inputs)
    outcomes.forEach((outcome, i) => {
      const key = batch[i]!.provenance.sourceRecordId
      if (outcome._tag === "Created") created++
      else if (outcome.error._tag === "Conflict" && outcome.error.entity === "resource") alreadyApplied++
      else conflicts.push(conflictOf("create", key, outcome.error))
      progressed()
    })
  }

  for (const change of plan.changed) {
    const key = change.existing.provenance.sourceRecordId
    const id = change.existing.id
    const outcome = yield* store
      .update(id, patchOf(plan.source, change.existing, change.incoming, change.changes), {
        expectedVersion: change.existing.version,
        ...(options.reason === undefined ? {} : { reason: options.reason }),
      })
      .pipe(
        Effect.map(() => "updated" as const),
        Effect.catchTags({
          Conflict: (error) =>
            Effect.gen(function* () {
              if (error.reason !== "version_mismatch") return conflictOf("update", key, error, id)
              // Re-applying a plan: the entry moved on, but perhaps only because this plan was applied already.
              const current = yield* store.get(id)
              const again = planImport([current], [change.incoming], { source: plan.source })
              return again.changed.length === 0 && again.added.length === 0
                ? ("already" as const)
                : conflictOf("update", key, error, id)
            }).pipe(Effect.catchTag("NotFound", (missing) => Effect.succeed(conflictOf("update", key, missing, id)))),
          NotFound: (error) => Effect.succeed(conflictOf("update", key, error, id)),
          ValidationError: (error) => Effect.succeed(conflictOf("update", key, error, id)),
        }),
      )
    if (outcome === "updated") updated++
    else if (outcome === "already") alreadyApplied++
    else conflicts.push(outcome)
    progressed()
  }

  const result: ImportApplyResult = {
    created,
    updated,
    alreadyApplied,
    unchanged: plan.unchanged,
    missing: plan.missing.length,
    conflicts,
  }
  yield* audit.append({
    action: "directory_import.apply",
    target: { type: "directory_import", id: (options.importId ?? plan.source).slice(0, 200) },
    details: {
      ...options.details,
      source: plan.source,
      planned: { added: plan.added.length, changed: plan.changed.length, missing: plan.missing.length },
      created,
      updated,
      alreadyApplied,
      unchanged: plan.unchanged,
      missing: plan.missing.length,
      conflicts: conflicts.length,
    },
  })
  return result
})

const baseName = (name: string) => name.split(/[\\/]/).pop() ?? name

/**
 * How a planned 介護サービス情報公表 import is applied: its audit id, the change-log reason and the audit details.
 * The CLI and import jobs apply with the same options.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { kaigoKohyoApplyOptions, type PlannedImport } from "@zaitaku/server"
 *
 * declare const planned: PlannedImport
 * kaigoKohyoApplyOptions(planned).reason // "介護サービス情報公表 jigyosho_130.csv (…)"
 * ```
 */
export const kaigoKohyoApplyOptions = (planned: PlannedImport): ApplyImportOptions => ({
  importId: `${planned.plan.source}:${planned.serviceTypeCode}:${planned.importedAt}`,
  reason: `介護サービス情報公表 ${planned.fileName} (${planned.importedAt})`,
  details: {
    fileName: baseName(planned.fileName),
    serviceTypeCode: planned.serviceTypeCode,
    importedAt: planned.importedAt,
    rows: planned.summary.rows,
    invalidRows: planned.summary.invalid,
  },
})

/**
 * How a planned 医療情報ネット import is applied (see {@link kaigoKohyoApplyOptions}).
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { iryoNetApplyOptions, type PlannedIryoNetImport } from "@zaitaku/server"
 *
 * declare const planned: PlannedIryoNetImport
 * iryoNetApplyOptions(planned).importId
 * ```
 */
export const iryoNetApplyOptions = (planned: PlannedIryoNetImport): ApplyImportOptions => ({
  importId: `${planned.plan.source}:${planned.categories.join("+")}:${planned.importedAt}`,
  reason: `医療情報ネット ${baseName(planned.fileName)} (${planned.importedAt})`,
  details: {
    fileName: baseName(planned.fileName),
    hoursFileName: baseName(planned.hoursFileName),
    categories: planned.categories.join(","),
    importedAt: planned.importedAt,
    rows: planned.summary.rows,
    invalidRows: planned.summary.invalid,
    hoursErrors: planned.hoursErrors.length,
  },
})

/**
 * How a planned 介護サービス事業所一覧 or 医療機関一覧 import is applied (see {@link kaigoKohyoApplyOptions}).
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { standardDatasetApplyOptions, type PlannedStandardDatasetImport } from "@zaitaku/server"
 *
 * declare const planned: PlannedStandardDatasetImport
 * standardDatasetApplyOptions(planned).reason
 * ```
 */
export const standardDatasetApplyOptions = (planned: PlannedStandardDatasetImport): ApplyImportOptions => ({
  importId: `${planned.plan.source}:${planned.importedAt}`,
  reason: `${standardDatasets[planned.dataset].label} ${baseName(planned.fileName)} (${planned.importedAt})`,
  details: {
    fileName: baseName(planned.fileName),
    importedAt: planned.importedAt,
    rows: planned.summary.rows,
    invalidRows: planned.summary.invalid,
  },
})

/**
 * 介護サービス情報公表の取込 (plan, and optionally apply, a 介護サービス情報公表 file) in the acting tenant: what the
 * `zaitaku import kaigo-kohyo` command runs. Without `apply` nothing is written.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { importKaigoKohyo } from "@zaitaku/server"
 *
 * const run = importKaigoKohyo(
 *   { source: createReadStream("jigyosho_130.csv"), fileName: "jigyosho_130.csv" },
 *   { apply: true },
 * )
 * ```
 */
export const importKaigoKohyo = Effect.fn("Import.kaigoKohyo")(function* (
  options: KaigoKohyoImportOptions,
  mode: { readonly apply: boolean },
) {
  const planned = yield* planKaigoKohyoImport(options)
  if (!mode.apply) return { planned, applied: undefined }
  const applied = yield* applyImportPlan(planned.plan, kaigoKohyoApplyOptions(planned))
  return { planned, applied }
})

/**
 * 医療情報ネットの取込 (plan, and optionally apply, a 医療情報ネット facility file with its hours file) in the acting
 * tenant: what the `zaitaku import iryo-net` command runs. Without `apply` nothing is written.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { importIryoNet } from "@zaitaku/server"
 *
 * const run = importIryoNet(
 *   {
 *     facilities: createReadStream("02-1_clinic_facility_info_20260601.csv"),
 *     hours: createReadStream("02-2_clinic_speciality_hours_20260601.csv"),
 *     fileName: "02-1_clinic_facility_info_20260601.csv",
 *     hoursFileName: "02-2_clinic_speciality_hours_20260601.csv",
 *   },
 *   { apply: true },
 * )
 * ```
 */
export const importIryoNet = Effect.fn("Import.iryoNet")(function* (
  options: IryoNetImportOptions,
  mode: { readonly apply: boolean },
) {
  const planned = yield* planIryoNetImport(options)
  if (!mode.apply) return { planned, applied: undefined }
  const applied = yield* applyImportPlan(planned.plan, iryoNetApplyOptions(planned))
  return { planned, applied }
})

/**
 * 標準オープンデータセットの取込 (plan, and optionally apply, a デジタル庁 介護サービス事業所一覧 or 医療機関一覧) in the
 * acting tenant: what `zaitaku import kaigo-ichiran` and `zaitaku import iryo-ichiran` run. Without `apply` nothing is
 * written.
 *
 * @since 0.1.0
 * @category import
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { importStandardDataset } from "@zaitaku/server"
 *
 * const run = importStandardDataset(
 *   "medical_institution_list",
 *   { source: createReadStream("medical_institutions.csv"), fileName: "medical_institutions.csv" },
 *   { apply: true },
 * )
 * ```
 */
export const importStandardDataset = Effect.fn("Import.standardDataset")(function* (
  dataset: StandardDataset,
  options: StandardDatasetImportOptions,
  mode: { readonly apply: boolean },
) {
  const planned = yield* planStandardDatasetImport(dataset, options)
  if (!mode.apply) return { planned, applied: undefined }
  const applied = yield* applyImportPlan(planned.plan, standardDatasetApplyOptions(planned))
  return { planned, applied }
})

// ---------------------------------------------------------------------------------------------------------------
// Reports
// ---------------------------------------------------------------------------------------------------------------

const officeNumberOf = (resource: {
  readonly identifiers: NewResource["identifiers"]
  readonly provenance: NewResource["provenance"]
}) => resource.identifiers.careOfficeNumber ?? resource.provenance.sourceRecordId ?? "?"

const showValue = (value: unknown): string => {
  if (value === undefined || value === null) return "(none)"
  if (typeof value === "string") return value
  return JSON.stringify(value)
}

/**
 * 行エラーの1行表示 (one line per row error), Japanese and English together: `line 3, 緯度: … / …`.
 *
 * @since 0.1.0
 * @category reports
 * @example
 * ```ts
 * import { formatRowError } from "@zaitaku/server"
 *
 * formatRowError({ line: 9, code: "column_count", reason: { ja: "列の数が3です", en: "The row has 3 fields" } })
 * // "line 9: 列の数が3です / The row has 3 fields"
 * ```
 */
export const formatRowError = (error: RowError): string =>
  `line ${error.line}${error.column === undefined ? "" : `, ${error.column}`}: ${error.reason.ja} / ${error.reason.en}`

const capped = <A>(items: ReadonlyArray<A>, limit: number, line: (item: A) => ReadonlyArray<string>) => {
  const lines = items.flatMap(line)
  return lines.length > limit ? [...lines.slice(0, limit), `  … and ${lines.length - limit} more`] : lines
}

/**
 * 取込計画の表示 (the plan of a 介護サービス情報公表 import as text lines): the reading summary and the plan's counts,
 * then at most `limit` lines each of added entries, changed fields (`事業所番号 field: old → new`), missing entries
 * (closure candidates) and row errors (Japanese / English).
 *
 * @since 0.1.0
 * @category reports
 * @example
 * ```ts
 * import { formatPlannedImport, type PlannedImport } from "@zaitaku/server"
 *
 * declare const planned: PlannedImport
 * for (const line of formatPlannedImport(planned)) console.log(line)
 * ```
 */
export const formatPlannedImport = (planned: PlannedImport, limit = 20): ReadonlyArray<string> => {
  const { summary } = planned
  const kind = kindForServiceTypeCode(planned.serviceTypeCode)
  const label = kind === undefined ? "" : ` ${resourceKindDefinition(kind).label.ja}`
  return [
    `File: ${planned.fileName} (介護サービス情報公表, service type ${planned.serviceTypeCode}${label}, ` +
      `${summary.encoding ?? "unknown encoding"})`,
    ...formatPlanBody(planned, limit),
  ]
}

const categoryLabels: Readonly<Record<IryoNetCategory, string>> = {
  hospital: "病院 hospital",
  clinic: "診療所 clinic",
  dental: "歯科診療所 dental clinic",
}

/**
 * 医療情報ネット取込計画の表示 (the plan of a 医療情報ネット import as text lines): both files, the categories whose
 * entries the plan speaks for, the counts, then at most `limit` lines each of added, changed and missing entries
 * (by 医療情報ネット ID), the facility file's row errors and the hours file's row errors (Japanese / English).
 *
 * @since 0.1.0
 * @category reports
 * @example
 * ```ts
 * import { formatPlannedIryoNetImport, type PlannedIryoNetImport } from "@zaitaku/server"
 *
 * declare const planned: PlannedIryoNetImport
 * for (const line of formatPlannedIryoNetImport(planned)) console.log(line)
 * ```
 */
export const formatPlannedIryoNetImport = (planned: PlannedIryoNetImport, limit = 20): ReadonlyArray<string> => {
  const { summary, hoursSummary } = planned
  const lines = [
    `File: ${planned.fileName} (医療情報ネット, ${summary.encoding ?? "unknown encoding"})`,
    `Hours file: ${planned.hoursFileName} (${hoursSummary?.encoding ?? "unknown encoding"}, ` +
      `${hoursSummary?.rows ?? 0} rows, ${hoursSummary?.invalid ?? 0} with errors)`,
    `Kinds: ${planned.categories.length === 0 ? "none (no good row tells the kind)" : planned.categories.map((c) => categoryLabels[c]).join(", ")}` +
      " — only entries of these kinds can be missing",
    ...formatPlanBody(planned, limit),
  ]
  if (planned.hoursErrors.length > 0) {
    lines.push(
      `Hours file row errors (${planned.hoursErrors.length}; those department rows are not joined):`,
      ...capped(planned.hoursErrors, limit, (error) => [`  ${formatRowError(error)}`]),
    )
  }
  return lines
}

/**
 * 標準オープンデータセット取込計画の表示 (the plan of a 介護サービス事業所一覧 or 医療機関一覧 import as text lines): the
 * file, the reading summary and the plan's counts, then at most `limit` lines each of added entries, changed fields
 * (`事業所番号 field: old → new`, or the 医療機関コード), missing entries and row errors (Japanese / English).
 *
 * @since 0.1.0
 * @category reports
 * @example
 * ```ts
 * import { formatPlannedStandardDatasetImport, type PlannedStandardDatasetImport } from "@zaitaku/server"
 *
 * declare const planned: PlannedStandardDatasetImport
 * for (const line of formatPlannedStandardDatasetImport(planned)) console.log(line)
 * ```
 */
export const formatPlannedStandardDatasetImport = (
  planned: PlannedStandardDatasetImport,
  limit = 20,
): ReadonlyArray<string> => [
  `File: ${planned.fileName} (デジタル庁 ${standardDatasets[planned.dataset].label}, ` +
    `${planned.summary.encoding ?? "unknown encoding"})`,
  ...formatPlanBody(planned, limit),
]

/** The lines every plan shares: municipalities, counts, added, changed, missing, duplicate keys, row errors. */
const formatPlanBody = (
  planned: Pick<PlannedImport, "plan" | "summary" | "rowErrors" | "municipalities">,
  limit: number,
): ReadonlyArray<string> => {
  const { plan, summary } = planned
  const duplicates = plan.duplicateKeys.length > 0 ? `, ${plan.duplicateKeys.length} duplicate keys ignored` : ""
  const lines = [
    `Municipalities: ${planned.municipalities === "all" ? "all rows of the file" : planned.municipalities.join(", ")}`,
    `Rows: ${summary.rows} read, ${summary.ok} ok, ${summary.invalid} with errors, ` +
      `${summary.filtered} outside the municipalities`,
    `Plan: ${plan.added.length} to add, ${plan.changed.length} to change, ${plan.unchanged} unchanged, ` +
      `${plan.missing.length} missing from the file (closure candidates)${duplicates}`,
    ...(plan.organizations === undefined || plan.organizations.length === 0
      ? []
      : [`法人 (organisations) named by 法人番号: ${plan.organizations.length}, stored or renamed on apply`]),
  ]
  if (plan.added.length > 0) {
    lines.push(`Added (${plan.added.length}):`)
    lines.push(...capped(plan.added, limit, (entry) => [`  + ${officeNumberOf(entry)} ${entry.name}`]))
  }
  if (plan.changed.length > 0) {
    lines.push(`Changed (${plan.changed.length}):`)
    lines.push(
      ...capped(plan.changed, limit, (change) =>
        change.changes.map(
          (diff) =>
            `  ~ ${officeNumberOf(change.existing)} ${diff.field}: ${showValue(diff.from)} → ${showValue(diff.to)}`,
        ),
      ),
    )
  }
  if (plan.missing.length > 0) {
    lines.push(`Missing from the file (${plan.missing.length}), left as they are — review them for closure:`)
    lines.push(
      ...capped(plan.missing, limit, (entry) => [`  - ${officeNumberOf(entry)} ${entry.name} (${entry.status})`]),
    )
  }
  if (plan.duplicateKeys.length > 0) {
    lines.push(`Duplicate keys (only the first row of each is used): ${plan.duplicateKeys.slice(0, limit).join(", ")}`)
  }
  if (planned.rowErrors.length > 0) {
    lines.push(`Row errors (${planned.rowErrors.length} in ${summary.invalid} rows; those rows are not imported):`)
    lines.push(...capped(planned.rowErrors, limit, (error) => [`  ${formatRowError(error)}`]))
  }
  return lines
}

/**
 * 適用結果の表示 (the result of applying a plan as text lines), with each conflict in Japanese and English.
 *
 * @since 0.1.0
 * @category reports
 * @example
 * ```ts
 * import { formatImportApplyResult } from "@zaitaku/server"
 *
 * formatImportApplyResult({ created: 3, updated: 0, alreadyApplied: 0, unchanged: 0, missing: 0, conflicts: [] })[0]
 * // "Applied: 3 created, 0 updated, 0 already applied, 0 unchanged, 0 conflicts; 0 missing left as they are …"
 * ```
 */
export const formatImportApplyResult = (result: ImportApplyResult, limit = 20): ReadonlyArray<string> => {
  const lines = [
    `Applied: ${result.created} created, ${result.updated} updated, ${result.alreadyApplied} already applied, ` +
      `${result.unchanged} unchanged, ${result.conflicts.length} conflicts; ` +
      `${result.missing} missing left as they are (closure candidates)`,
  ]
  if (result.conflicts.length > 0) {
    lines.push(`Conflicts (${result.conflicts.length}), not written:`)
    lines.push(
      ...capped(result.conflicts, limit, (conflict) => [
        `  ! ${conflict.sourceRecordId ?? conflict.resourceId ?? "?"} ${conflict.operation} (${conflict.reason}): ` +
          `${conflict.message.ja} / ${conflict.message.en}`,
      ]),
    )
  }
  return lines
}
