/**
 * `ImportJobStore` on PostgreSQL. Each step locks the job's row and checks the step with core's `stepImportJob`,
 * so two processes (or two nodes) can never both start applying a job; the plan is written with the step that
 * produces it and read only on request.
 *
 * @since 0.1.0
 */
import {
  Actor,
  type ActorRef,
  Conflict,
  decode,
  decodeImportJobCursor,
  encodeImportJobCursor,
  IdGenerator,
  type ImportJob,
  type ImportJobError,
  ImportJobId,
  type ImportJobPage,
  type ImportJobPlan,
  type ImportJobProgress,
  ImportJobQuery,
  type ImportJobQueryInput,
  type ImportJobResult,
  ImportJobStore,
  type ImportJobSummary,
  importJobAuditEvent,
  NewImportJob,
  NotFound,
  StoreError,
  stepImportJob,
} from "@zaitaku/core"
import { and, desc, eq, inArray, sql } from "drizzle-orm"
import { Clock, Effect, Layer, Result } from "effect"
import type { Tx } from "./internal/Session.js"
import { importJobs } from "./Schema.js"
import { appendAuditEntry, PgSession } from "./Stores.js"

const iso = (value: string | null): string | undefined => (value === null ? undefined : new Date(value).toISOString())

const toJob = (row: Omit<typeof importJobs.$inferSelect, "plan">): ImportJob => ({
  id: row.id as ImportJob["id"],
  tenantId: row.tenantId as ImportJob["tenantId"],
  kind: row.kind,
  files: row.files as ImportJob["files"],
  options: row.options as ImportJob["options"],
  status: row.status,
  ...(row.progress === null ? {} : { progress: row.progress as ImportJobProgress }),
  ...(row.summary === null ? {} : { summary: row.summary as ImportJobSummary }),
  ...(row.result === null ? {} : { result: row.result as ImportJobResult }),
  ...(row.error === null ? {} : { error: row.error as ImportJobError }),
  createdAt: iso(row.createdAt)!,
  createdBy: row.createdBy as ActorRef,
  updatedAt: iso(row.updatedAt)!,
  heartbeatAt: iso(row.heartbeatAt)!,
  ...(row.appliedAt === null ? {} : { appliedAt: iso(row.appliedAt)! }),
  ...(row.appliedBy === null ? {} : { appliedBy: row.appliedBy as ActorRef }),
  version: row.version,
})

/** Every column but the plan, which is large and read only by `plan`. */
const jobColumns = {
  tenantId: importJobs.tenantId,
  id: importJobs.id,
  kind: importJobs.kind,
  files: importJobs.files,
  options: importJobs.options,
  status: importJobs.status,
  progress: importJobs.progress,
  summary: importJobs.summary,
  result: importJobs.result,
  error: importJobs.error,
  createdAt: importJobs.createdAt,
  createdBy: importJobs.createdBy,
  updatedAt: importJobs.updatedAt,
  heartbeatAt: importJobs.heartbeatAt,
  appliedAt: importJobs.appliedAt,
  appliedBy: importJobs.appliedBy,
  version: importJobs.version,
}

/**
 * `ImportJobStore` on PostgreSQL (PGlite or a server), over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const ImportJobStoreLive: Layer.Layer<ImportJobStore, never, PgSession | IdGenerator> = Layer.effect(
  ImportJobStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

    const inTenant = <A>(operation: string, tenantId: string, body: (tx: Tx) => Promise<A>) =>
      Effect.tryPromise({
        try: () => session.transaction({ tenantId }, body),
        catch: (cause) => new StoreError({ operation, cause }),
      })

    const notFound = (id: string) => new NotFound({ entity: "import_job", id })

    const step = (
      operation: string,
      id: ImportJobId,
      next: Parameters<typeof stepImportJob>[1],
      plan?: ImportJobPlan,
    ) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const at = yield* now
        const outcome = yield* inTenant(operation, actor.tenantId, async (tx) => {
          const [row] = await tx
            .select(jobColumns)
            .from(importJobs)
            .where(and(eq(importJobs.tenantId, actor.tenantId), eq(importJobs.id, id)))
            .for("update")
          if (row === undefined) return Result.fail<NotFound | Conflict>(notFound(id))
          const stepped = stepImportJob(toJob(row), next, at)
          if (Result.isFailure(stepped)) return Result.fail<NotFound | Conflict>(stepped.failure)
          const job = stepped.success
          await tx
            .update(importJobs)
            .set({
              status: job.status,
              progress: job.progress ?? null,
              summary: job.summary ?? null,
              result: job.result ?? null,
              error: job.error ?? null,
              updatedAt: job.updatedAt,
              heartbeatAt: job.heartbeatAt,
              appliedAt: job.appliedAt ?? null,
              appliedBy: job.appliedBy ?? null,
              version: job.version,
              ...(plan === undefined ? {} : { plan }),
            })
            .where(and(eq(importJobs.tenantId, actor.tenantId), eq(importJobs.id, id)))
          return Result.succeed(job)
        })
        return Result.isSuccess(outcome) ? outcome.success : yield* Effect.fail(outcome.failure)
      })

    const create = Effect.fn("ImportJobStore.create")(function* (input: NewImportJob) {
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
      const auditId = yield* ids.next
      const auditAt = yield* now
      return yield* inTenant("ImportJobStore.create", actor.tenantId, async (tx) => {
        await tx.insert(importJobs).values({
          tenantId: job.tenantId,
          id: job.id,
          kind: job.kind,
          files: job.files,
          options: job.options,
          status: job.status,
          createdAt: job.createdAt,
          createdBy: job.createdBy,
          updatedAt: job.updatedAt,
          heartbeatAt: job.heartbeatAt,
          version: job.version,
        })
        await appendAuditEntry(tx, { actor, event: importJobAuditEvent(job), id: auditId, at: auditAt })
        return job
      })
    })

    const get = Effect.fn("ImportJobStore.get")(function* (id: ImportJobId) {
      const actor = yield* Actor
      const row = yield* inTenant("ImportJobStore.get", actor.tenantId, async (tx) => {
        const [found] = await tx
          .select(jobColumns)
          .from(importJobs)
          .where(and(eq(importJobs.tenantId, actor.tenantId), eq(importJobs.id, id)))
        return found
      })
      return row === undefined ? yield* Effect.fail(notFound(id)) : toJob(row)
    })

    const list = Effect.fn("ImportJobStore.list")(function* (input: ImportJobQueryInput = {}) {
      const actor = yield* Actor
      const query = yield* decode(ImportJobQuery, "query")(input)
      const cursor = query.cursor === undefined ? undefined : decodeImportJobCursor(query.cursor)
      if (cursor !== undefined && Result.isFailure(cursor)) return yield* Effect.fail(cursor.failure)
      const after = cursor?.success
      return yield* inTenant("ImportJobStore.list", actor.tenantId, async (tx): Promise<ImportJobPage> => {
        const rows = await tx
          .select(jobColumns)
          .from(importJobs)
          .where(
            and(
              eq(importJobs.tenantId, actor.tenantId),
              query.status === undefined ? undefined : inArray(importJobs.status, [...query.status]),
              after === undefined
                ? undefined
                : sql`(${importJobs.createdAt}, ${importJobs.id}) < (${new Date(after.at).toISOString()}::timestamptz, ${after.id}::uuid)`,
            ),
          )
          .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
          .limit(query.limit + 1)
        const items = rows.slice(0, query.limit).map(toJob)
        const last = items[items.length - 1]
        return {
          items,
          nextCursor:
            rows.length > query.limit && last !== undefined
              ? encodeImportJobCursor({ at: Date.parse(last.createdAt), id: last.id })
              : null,
        }
      })
    })

    const plan = Effect.fn("ImportJobStore.plan")(function* (id: ImportJobId) {
      const actor = yield* Actor
      const row = yield* inTenant("ImportJobStore.plan", actor.tenantId, async (tx) => {
        const [found] = await tx
          .select({ status: importJobs.status, plan: importJobs.plan })
          .from(importJobs)
          .where(and(eq(importJobs.tenantId, actor.tenantId), eq(importJobs.id, id)))
        return found
      })
      if (row === undefined) return yield* Effect.fail(notFound(id))
      if (row.plan === null) {
        return yield* Effect.fail(new Conflict({ entity: "import_job", id, reason: "state", state: row.status }))
      }
      return row.plan as ImportJobPlan
    })

    return ImportJobStore.of({
      create,
      get,
      list,
      report: (id, progress) => step("ImportJobStore.report", id, { step: "report", progress }),
      planned: (id, summary, stored) => step("ImportJobStore.planned", id, { step: "plan", summary }, stored),
      fail: (id, error) => step("ImportJobStore.fail", id, { step: "fail", error }),
      startApply: (id) =>
        Effect.flatMap(Effect.service(Actor), (actor) =>
          step("ImportJobStore.startApply", id, { step: "start_apply", by: actor.subject }),
        ),
      finishApply: (id, result) => step("ImportJobStore.finishApply", id, { step: "finish_apply", result }),
      plan,
    })
  }),
)
