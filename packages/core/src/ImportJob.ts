/**
 * 取込ジョブ (directory import jobs): a national open-data file uploaded to the server is read in the background,
 * planned against the tenant's directory, reviewed as a diff, and applied on request — each step visible as the
 * job's status and progress, so that a coordinator can upload a file of hundreds of megabytes from a browser and
 * come back to the diff.
 *
 * Lifecycle: `reading` → `planned` → `applying` → `applied`, or `failed` from `reading` or `applying`. A job that
 * is `reading` or `applying` reports progress at least every few seconds (its heartbeat); one whose heartbeat is
 * older than {@link stalledAfterMillis} was interrupted (the process stopped) — an interrupted apply may be started
 * again, since applying a plan is idempotent; an interrupted read is failed and the file must be uploaded again.
 *
 * The job keeps no personal data: the directory holds none, and row errors name lines and columns, not values.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Ref, Result, Semaphore } from "effect"
import * as z from "zod"
import { Actor } from "./Actor.js"
import { AuditLog } from "./AuditLog.js"
import { decode, decodeSync } from "./Decode.js"
import { Conflict, NotFound, type StoreError, type ValidationError } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { ImportJobId, TenantId } from "./Ids.js"
import type { ImportPlan } from "./ImportPlan.js"
import { cursorCodec } from "./internal/cursor.js"
import type { LocalizedText } from "./Label.js"
import { ActorRef } from "./Resource.js"

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

type JsonValue = z.infer<ReturnType<typeof z.json>>

/**
 * 取込ジョブの状態 (import job status).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ImportJobStatus } from "@zaitaku/core"
 *
 * ImportJobStatus.options // ["reading", "planned", "applying", "applied", "failed"]
 * ```
 */
export const ImportJobStatus = z.enum(["reading", "planned", "applying", "applied", "failed"])
/** @since 0.1.0 @category models */
export type ImportJobStatus = z.infer<typeof ImportJobStatus>

/**
 * Japanese and English labels of each {@link ImportJobStatus}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { importJobStatusLabels } from "@zaitaku/core"
 *
 * importJobStatusLabels.planned.ja // "差分の確認待ち"
 * ```
 */
export const importJobStatusLabels: Readonly<Record<ImportJobStatus, LocalizedText>> = {
  reading: { ja: "読み込み中", en: "Reading" },
  planned: { ja: "差分の確認待ち", en: "Planned: review the diff" },
  applying: { ja: "反映中", en: "Applying" },
  applied: { ja: "反映済み", en: "Applied" },
  failed: { ja: "失敗", en: "Failed" },
}

/**
 * 取込の種類 (import kind): which reader the server uses, e.g. `kaigo-kohyo`, `iryo-net`, `kaigo-ichiran`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ImportKind } from "@zaitaku/core"
 *
 * ImportKind.safeParse("kaigo-kohyo").success // true
 * ```
 */
export const ImportKind = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, "An import kind is a lower-case name like kaigo-kohyo")
/** @since 0.1.0 @category models */
export type ImportKind = z.infer<typeof ImportKind>

/**
 * An uploaded file of a job: its part (`file`, `facilities`, `hours` …), name and size.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ImportFile } from "@zaitaku/core"
 *
 * ImportFile.parse({ part: "file", name: "jigyosho_130.csv", bytes: 1048576 })
 * ```
 */
export const ImportFile = z.object({
  part: z.string().min(1).max(40),
  name: z.string().min(1).max(300),
  bytes: z.int().min(0),
})
/** @since 0.1.0 @category models */
export type ImportFile = z.infer<typeof ImportFile>

/**
 * 進捗 (progress) of the running step: rows read (reading) or entries written (applying) so far, of how many when
 * known, with the rate and elapsed time.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ImportJobProgress } from "@zaitaku/core"
 *
 * ImportJobProgress.parse({ step: "reading", done: 120000, invalid: 3, ratePerSecond: 40000, elapsedMillis: 3000 })
 * ```
 */
export const ImportJobProgress = z.object({
  step: z.enum(["reading", "applying"]),
  done: z.int().min(0),
  total: z.int().min(0).optional(),
  invalid: z.int().min(0).optional(),
  ratePerSecond: z.number().min(0),
  elapsedMillis: z.int().min(0),
})
/** @since 0.1.0 @category models */
export type ImportJobProgress = z.infer<typeof ImportJobProgress>

/**
 * 読み込みと計画の集計 (summary of the reading and the plan).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ImportJobSummary } from "@zaitaku/core"
 *
 * ImportJobSummary.shape.missing // entries of the directory missing from the file: closure candidates
 * ```
 */
export const ImportJobSummary = z.object({
  rows: z.int().min(0),
  ok: z.int().min(0),
  invalid: z.int().min(0),
  filtered: z.int().min(0),
  encoding: z.string().max(40).optional(),
  added: z.int().min(0),
  changed: z.int().min(0),
  unchanged: z.int().min(0),
  missing: z.int().min(0),
  duplicateKeys: z.int().min(0),
  rowErrors: z.int().min(0),
})
/** @since 0.1.0 @category models */
export type ImportJobSummary = z.infer<typeof ImportJobSummary>

/**
 * 反映結果 (result of applying): entries created, updated, found already applied, left unchanged or missing, and
 * the entries that could not be written (each as the importer describes it; the first 1,000).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ImportJobResult } from "@zaitaku/core"
 *
 * ImportJobResult.parse({ created: 3, updated: 1, alreadyApplied: 0, unchanged: 40, missing: 2, conflicts: [] })
 * ```
 */
export const ImportJobResult = z.object({
  created: z.int().min(0),
  updated: z.int().min(0),
  alreadyApplied: z.int().min(0),
  unchanged: z.int().min(0),
  missing: z.int().min(0),
  conflicts: z.array(z.json()).max(1000),
})
/** @since 0.1.0 @category models */
export type ImportJobResult = z.infer<typeof ImportJobResult>

/**
 * Why a job failed: a code and a message in Japanese and English.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ImportJobError } from "@zaitaku/core"
 *
 * ImportJobError.parse({ code: "header", message: { ja: "見出し行が違います", en: "Unexpected header" } })
 * ```
 */
export const ImportJobError = z.object({
  code: z.string().min(1).max(80),
  message: z.object({ ja: z.string().max(4000), en: z.string().max(4000) }),
})
/** @since 0.1.0 @category models */
export type ImportJobError = z.infer<typeof ImportJobError>

/**
 * 取込ジョブ (import job). `version` increases with every change (the `ETag`).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ImportJob } from "@zaitaku/core"
 *
 * declare const job: ImportJob
 * job.status === "planned" && job.summary?.added
 * ```
 */
export const ImportJob = z.object({
  id: ImportJobId,
  tenantId: TenantId,
  kind: ImportKind,
  files: z.array(ImportFile).min(1).max(10),
  /** The import's options as given (service type, strict mode, municipalities …). */
  options: z.record(z.string(), z.json()),
  status: ImportJobStatus,
  progress: ImportJobProgress.optional(),
  summary: ImportJobSummary.optional(),
  result: ImportJobResult.optional(),
  error: ImportJobError.optional(),
  createdAt: z.iso.datetime({ offset: true }),
  createdBy: ActorRef,
  updatedAt: z.iso.datetime({ offset: true }),
  /** Last sign of life of the step that is running. */
  heartbeatAt: z.iso.datetime({ offset: true }),
  appliedAt: z.iso.datetime({ offset: true }).optional(),
  appliedBy: ActorRef.optional(),
  version: z.int().min(1),
})
/** @since 0.1.0 @category models */
export type ImportJob = z.infer<typeof ImportJob>

/**
 * Input to create a job (the upload has been received).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { NewImportJob } from "@zaitaku/core"
 *
 * NewImportJob.parse({ kind: "kaigo-kohyo", files: [{ part: "file", name: "jigyosho_130.csv", bytes: 12345 }] })
 * ```
 */
export const NewImportJob = z
  .object({
    kind: ImportKind,
    files: z.array(ImportFile).min(1).max(10),
    options: z.record(z.string(), z.json()).default({}),
  })
  .strict()
/** @since 0.1.0 @category models */
export type NewImportJob = z.input<typeof NewImportJob>

/**
 * 取込計画の保存形 (a job's stored plan): core's {@link ImportPlan} and what the importer adds to review and apply
 * it (row errors, the apply options), as JSON.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ImportJobPlan } from "@zaitaku/core"
 *
 * declare const stored: ImportJobPlan
 * stored.plan.added.length
 * ```
 */
export interface ImportJobPlan {
  readonly plan: ImportPlan
  readonly details: { readonly [key: string]: JsonValue }
}

// ---------------------------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------------------------

/**
 * After how long without a heartbeat a `reading` or `applying` job counts as interrupted: two minutes (a running
 * step reports every few seconds).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { stalledAfterMillis } from "@zaitaku/core"
 *
 * stalledAfterMillis // 120000
 * ```
 */
export const stalledAfterMillis = 120_000

/**
 * Whether a job's running step was interrupted: `reading` or `applying`, with no heartbeat for
 * {@link stalledAfterMillis}.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { isStalled, type ImportJob } from "@zaitaku/core"
 *
 * declare const job: ImportJob
 * isStalled(job, new Date())
 * ```
 */
export const isStalled = (job: Pick<ImportJob, "status" | "heartbeatAt">, now: Date): boolean =>
  (job.status === "reading" || job.status === "applying") &&
  now.getTime() - Date.parse(job.heartbeatAt) >= stalledAfterMillis

/** The steps a job may take, and from which statuses. */
type Step = "report" | "plan" | "fail" | "start_apply" | "finish_apply"

const allowed: Readonly<Record<Step, ReadonlyArray<ImportJobStatus>>> = {
  report: ["reading", "applying"],
  plan: ["reading"],
  fail: ["reading", "applying"],
  start_apply: ["planned", "applying"],
  finish_apply: ["applying"],
}

/**
 * The job after one step, or a {@link Conflict} `state` when the job's status does not allow it. Starting to apply
 * an `applying` job is allowed only when it {@link isStalled} (the earlier run was interrupted). Pure: the stores
 * run it under a lock and save the result.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { stepImportJob, type ImportJob } from "@zaitaku/core"
 *
 * declare const job: ImportJob
 * stepImportJob(job, { step: "fail", error: { code: "io", message: { ja: "読めません", en: "Cannot read" } } }, new Date())
 * ```
 */
export const stepImportJob = (
  job: ImportJob,
  step:
    | { readonly step: "report"; readonly progress: ImportJobProgress }
    | { readonly step: "plan"; readonly summary: ImportJobSummary }
    | { readonly step: "fail"; readonly error: ImportJobError }
    | { readonly step: "start_apply"; readonly by: ActorRef }
    | { readonly step: "finish_apply"; readonly result: ImportJobResult },
  now: Date,
): Result.Result<ImportJob, Conflict> => {
  const refused = new Conflict({ entity: "import_job", id: job.id, reason: "state", state: job.status })
  if (!allowed[step.step].includes(job.status)) return Result.fail(refused)
  if (step.step === "start_apply" && job.status === "applying" && !isStalled(job, now)) return Result.fail(refused)
  const at = now.toISOString()
  const base = { ...job, updatedAt: at, heartbeatAt: at, version: job.version + 1 }
  switch (step.step) {
    case "report":
      return Result.succeed({ ...base, progress: step.progress })
    case "plan": {
      const { progress: _progress, ...rest } = base
      return Result.succeed({ ...rest, status: "planned", summary: step.summary })
    }
    case "fail":
      return Result.succeed({ ...base, status: "failed", error: step.error })
    case "start_apply": {
      const { progress: _progress, ...rest } = base
      return Result.succeed({ ...rest, status: "applying", appliedBy: step.by })
    }
    case "finish_apply": {
      const { progress: _progress, ...rest } = base
      return Result.succeed({ ...rest, status: "applied", result: step.result, appliedAt: at })
    }
  }
}

/**
 * The audit event of an upload: target `directory_import` (the job), with the kind and the files' names and sizes.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { importJobAuditEvent, type ImportJob } from "@zaitaku/core"
 *
 * declare const job: ImportJob
 * importJobAuditEvent(job).action // "directory_import.upload"
 * ```
 */
export const importJobAuditEvent = (job: ImportJob) => ({
  action: "directory_import.upload",
  target: { type: "directory_import", id: job.id },
  details: { kind: job.kind, files: job.files.map((file) => ({ ...file })), options: job.options },
})

// ---------------------------------------------------------------------------------------------------------------
// Listing
// ---------------------------------------------------------------------------------------------------------------

/**
 * 取込ジョブ一覧の条件 (job query): statuses, `limit` 1–100 (default 20), the previous page's cursor. Newest first.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { ImportJobQuery } from "@zaitaku/core"
 *
 * ImportJobQuery.parse({ status: ["planned"] })
 * ```
 */
export const ImportJobQuery = z
  .object({
    status: z.array(ImportJobStatus).min(1).max(5).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category listing */
export type ImportJobQuery = z.infer<typeof ImportJobQuery>
/** The input form of an {@link ImportJobQuery}. @since 0.1.0 @category listing */
export type ImportJobQueryInput = z.input<typeof ImportJobQuery>

/**
 * A page of jobs, newest first.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import type { ImportJobPage } from "@zaitaku/core"
 *
 * const empty: ImportJobPage = { items: [], nextCursor: null }
 * ```
 */
export interface ImportJobPage {
  readonly items: ReadonlyArray<ImportJob>
  readonly nextCursor: string | null
}

const jobCursor = cursorCodec("job", { at: z.number(), id: z.string() })

/**
 * The position after which the next page of jobs starts (creation time in epoch milliseconds, then id).
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { decodeImportJobCursor, encodeImportJobCursor } from "@zaitaku/core"
 *
 * decodeImportJobCursor(encodeImportJobCursor({ at: 1, id: "x" })) // Result.succeed({ at: 1, id: "x" })
 * ```
 */
export const encodeImportJobCursor = (cursor: { readonly at: number; readonly id: string }): string =>
  jobCursor.encode(cursor)

/**
 * Decodes a job cursor, or a {@link ValidationError} at `["cursor"]`. Never throws.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { decodeImportJobCursor } from "@zaitaku/core"
 *
 * Result.isFailure(decodeImportJobCursor("bogus")) // true
 * ```
 */
export const decodeImportJobCursor = (
  text: string,
): Result.Result<{ readonly at: number; readonly id: string }, ValidationError> => jobCursor.decode(text)

const newestFirst = (a: ImportJob, b: ImportJob): number =>
  Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

/**
 * 取込ジョブ一覧のページ (page jobs), pure: newest first (creation time, then id descending), after the cursor.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { pageImportJobs, type ImportJob } from "@zaitaku/core"
 *
 * declare const jobs: ReadonlyArray<ImportJob>
 * pageImportJobs(jobs, { status: ["planned"] })
 * ```
 */
export const pageImportJobs = (
  jobs: Iterable<ImportJob>,
  input: ImportJobQueryInput,
): Result.Result<ImportJobPage, ValidationError> => {
  const decoded = decodeSync(ImportJobQuery, "query")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const query = decoded.success
  let after: { readonly at: number; readonly id: string } | undefined
  if (query.cursor !== undefined) {
    const parsed = decodeImportJobCursor(query.cursor)
    if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
    after = parsed.success
  }
  const all = [...jobs]
    .filter(
      (job) =>
        (query.status === undefined || query.status.includes(job.status)) &&
        (after === undefined ||
          Date.parse(job.createdAt) < after.at ||
          (Date.parse(job.createdAt) === after.at && job.id < after.id)),
    )
    .sort(newestFirst)
  const page = all.slice(0, query.limit)
  const last = page[page.length - 1]
  return Result.succeed({
    items: page,
    nextCursor:
      all.length > query.limit && last !== undefined
        ? encodeImportJobCursor({ at: Date.parse(last.createdAt), id: last.id })
        : null,
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Port
// ---------------------------------------------------------------------------------------------------------------

/**
 * The `ImportJobStore` port: one tenant's import jobs and their stored plans. Every method acts within the current
 * {@link Actor}'s tenant (another tenant's job is {@link NotFound}); each step is checked by {@link stepImportJob}
 * under a lock, so two processes can never both start applying one job. `create` is audited
 * (`directory_import.upload`); applying is audited by the importer (`directory_import.apply`).
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ImportJobStore } from "@zaitaku/core"
 *
 * const recent = Effect.flatMap(Effect.service(ImportJobStore), (jobs) => jobs.list({ limit: 5 }))
 * ```
 */
export class ImportJobStore extends Context.Service<
  ImportJobStore,
  {
    /** Records an uploaded job, `reading`, version 1. */
    create(input: NewImportJob): Effect.Effect<ImportJob, ValidationError | StoreError, Actor>
    get(id: ImportJobId): Effect.Effect<ImportJob, NotFound | StoreError, Actor>
    list(query?: ImportJobQueryInput): Effect.Effect<ImportJobPage, ValidationError | StoreError, Actor>
    /** Reports the running step's progress (and so its heartbeat). */
    report(
      id: ImportJobId,
      progress: ImportJobProgress,
    ): Effect.Effect<ImportJob, NotFound | Conflict | StoreError, Actor>
    /** `reading` → `planned`, storing the plan with its summary. */
    planned(
      id: ImportJobId,
      summary: ImportJobSummary,
      plan: ImportJobPlan,
    ): Effect.Effect<ImportJob, NotFound | Conflict | StoreError, Actor>
    /** `reading` | `applying` → `failed`. */
    fail(id: ImportJobId, error: ImportJobError): Effect.Effect<ImportJob, NotFound | Conflict | StoreError, Actor>
    /** `planned` (or an interrupted `applying`) → `applying`, by the actor. */
    startApply(id: ImportJobId): Effect.Effect<ImportJob, NotFound | Conflict | StoreError, Actor>
    /** `applying` → `applied`, with the result. */
    finishApply(
      id: ImportJobId,
      result: ImportJobResult,
    ): Effect.Effect<ImportJob, NotFound | Conflict | StoreError, Actor>
    /** The stored plan of a job that has one (`planned`, `applying`, `applied`); otherwise Conflict `state`. */
    plan(id: ImportJobId): Effect.Effect<ImportJobPlan, NotFound | Conflict | StoreError, Actor>
  }
>()("@zaitaku/core/ImportJobStore") {
  /**
   * In-memory job store (reference behaviour for the contract suite).
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<ImportJobStore, never, IdGenerator | AuditLog> = Layer.effect(
    ImportJobStore,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const audit = yield* AuditLog
      const jobs = yield* Ref.make(new Map<string, { readonly job: ImportJob; readonly plan?: ImportJobPlan }>())
      const lock = yield* Semaphore.make(1)
      const serialised = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        lock.withPermits(1)(Effect.uninterruptible(effect))
      const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

      const find = Effect.fnUntraced(function* (id: string) {
        const actor = yield* Actor
        const row = (yield* Ref.get(jobs)).get(id)
        if (row === undefined || row.job.tenantId !== actor.tenantId) {
          return yield* Effect.fail(new NotFound({ entity: "import_job", id }))
        }
        return row
      })

      const step = (id: ImportJobId, next: Parameters<typeof stepImportJob>[1], plan?: ImportJobPlan) =>
        serialised(
          Effect.gen(function* () {
            const row = yield* find(id)
            const stepped = stepImportJob(row.job, next, yield* now)
            if (Result.isFailure(stepped)) return yield* Effect.fail(stepped.failure)
            const saved = plan === undefined ? { ...row, job: stepped.success } : { job: stepped.success, plan }
            yield* Ref.update(jobs, (map) => new Map(map).set(id, saved))
            return stepped.success
          }),
        )

      const create = (input: NewImportJob) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const parsed = yield* decode(NewImportJob, "import_job")(input)
          const at = (yield* now).toISOString()
          const job: ImportJob = {
            id: ImportJobId.parse(yield* ids.next),
            tenantId: actor.tenantId,
            kind: parsed.kind,
            files: parsed.files,
            options: parsed.options,
            status: "reading",
            createdAt: at,
            createdBy: actor.subject,
            updatedAt: at,
            heartbeatAt: at,
            version: 1,
          }
          return yield* serialised(
            Effect.gen(function* () {
              yield* audit.append(importJobAuditEvent(job))
              yield* Ref.update(jobs, (map) => new Map(map).set(job.id, { job }))
              return job
            }),
          )
        })

      const get = (id: ImportJobId) => Effect.map(find(id), (row) => row.job)

      const list = (query: ImportJobQueryInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const own = [...(yield* Ref.get(jobs)).values()]
            .map((row) => row.job)
            .filter((job) => job.tenantId === actor.tenantId)
          const page = pageImportJobs(own, query)
          return Result.isSuccess(page) ? page.success : yield* Effect.fail(page.failure)
        })

      const plan = (id: ImportJobId) =>
        Effect.gen(function* () {
          const row = yield* find(id)
          if (row.plan === undefined) {
            return yield* Effect.fail(
              new Conflict({ entity: "import_job", id, reason: "state", state: row.job.status }),
            )
          }
          return row.plan
        })

      return ImportJobStore.of({
        create,
        get,
        list,
        report: (id, progress) => step(id, { step: "report", progress }),
        planned: (id, summary, stored) => step(id, { step: "plan", summary }, stored),
        fail: (id, error) => step(id, { step: "fail", error }),
        startApply: (id) =>
          Effect.flatMap(Effect.service(Actor), (actor) => step(id, { step: "start_apply", by: actor.subject })),
        finishApply: (id, result) => step(id, { step: "finish_apply", result }),
        plan,
      })
    }),
  )
}
