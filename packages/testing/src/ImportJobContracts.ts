/**
 * The `ImportJobStore` contract: the lifecycle of a directory import job (upload → reading → planned → applying →
 * applied, or failed) that every adapter must show, including that only one of several concurrent requests starts
 * applying a job, and that an interrupted apply can be taken over once its heartbeat is stale.
 *
 * @since 0.1.0
 */
import {
  AuditLog,
  type ImportJob,
  type ImportJobPlan,
  ImportJobStore,
  type NewResource,
  stalledAfterMillis,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { as, atTime, useRuntime } from "./internal/Suite.js"
import { directoryFixture } from "./ResourceContracts.js"

/**
 * The services the import job suite uses.
 *
 * @since 0.1.0
 * @category models
 */
export type ImportJobServices = ImportJobStore | TenantStore | AuditLog

const newTenant = (prefix: string) =>
  Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as { _tag?: string; reason?: string; state?: string })
    : undefined

const upload = { kind: "kaigo-kohyo", files: [{ part: "file", name: "jigyosho_130.csv", bytes: 2048 }] }

const summary = {
  rows: 12,
  ok: 11,
  invalid: 1,
  filtered: 3,
  encoding: "utf-8-bom",
  added: 2,
  changed: 1,
  unchanged: 5,
  missing: 1,
  duplicateKeys: 0,
  rowErrors: 1,
}

const storedPlan = (tenant: Tenant): ImportJobPlan => {
  const added = directoryFixture(tenant.id).houkanHachinohe as unknown as NewResource
  return {
    plan: { source: "mhlw_kaigo_kohyo", added: [added], changed: [], unchanged: 5, missing: [], duplicateKeys: [] },
    details: { rowErrors: [{ line: 7, column: "緯度", code: "latitude" }], fileName: "jigyosho_130.csv" },
  }
}

/**
 * Runs the `ImportJobStore` contract against an implementation.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { AuditLog, IdGenerator, ImportJobStore, TenantStore } from "@zaitaku/core"
 * import { importJobStoreSuite } from "@zaitaku/testing"
 *
 * importJobStoreSuite(
 *   "memory",
 *   Layer.mergeAll(TenantStore.layerMemory, ImportJobStore.layerMemory).pipe(
 *     Layer.provideMerge(AuditLog.layerMemory),
 *     Layer.provide(IdGenerator.layer),
 *   ),
 * )
 * ```
 */
export const importJobStoreSuite = (
  name: string,
  source: Layer.Layer<ImportJobServices, unknown> | (() => Promise<Layer.Layer<ImportJobServices, unknown>>),
): void => {
  describe(`ImportJobStore contract (${name})`, () => {
    const { run } = useRuntime(source)
    const jobs = Effect.service(ImportJobStore)

    it("records an upload as reading, audits it, and walks it through reading, planned, applying and applied", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("jobs-life")
          const s = yield* jobs
          const admin = adminOf(tenant)
          const created = yield* s.create(upload).pipe(as(admin))
          const early = yield* Effect.exit(s.plan(created.id).pipe(as(admin)))
          const earlyApply = yield* Effect.exit(s.startApply(created.id).pipe(as(admin)))
          const reported = yield* s
            .report(created.id, { step: "reading", done: 6, invalid: 1, ratePerSecond: 3, elapsedMillis: 2000 })
            .pipe(as(admin))
          const planned = yield* s.planned(created.id, summary, storedPlan(tenant)).pipe(as(admin))
          const plan = yield* s.plan(created.id).pipe(as(admin))
          const applying = yield* s.startApply(created.id).pipe(as(admin))
          const progress = yield* s
            .report(created.id, { step: "applying", done: 1, total: 3, ratePerSecond: 1, elapsedMillis: 1000 })
            .pipe(as(admin))
          const applied = yield* s
            .finishApply(created.id, {
              created: 2,
              updated: 1,
              alreadyApplied: 0,
              unchanged: 5,
              missing: 1,
              conflicts: [{ sourceRecordId: "130:1", reason: "version_mismatch" }],
            })
            .pipe(as(admin))
          const again = yield* Effect.exit(s.startApply(created.id).pipe(as(admin)))
          const failLate = yield* Effect.exit(
            s.fail(created.id, { code: "late", message: { ja: "遅い", en: "Late" } }).pipe(as(admin)),
          )
          const read = yield* s.get(created.id).pipe(as(admin))
          const audit = yield* (yield* AuditLog).list({ limit: 10 }).pipe(as(admin))
          return {
            tenant,
            created,
            early,
            earlyApply,
            reported,
            planned,
            plan,
            applying,
            progress,
            applied,
            again,
            failLate,
            read,
            audit,
          }
        }),
      )
      expect(result.created).toMatchObject({
        tenantId: result.tenant.id,
        kind: "kaigo-kohyo",
        files: upload.files,
        options: {},
        status: "reading",
        version: 1,
        createdBy: adminOf(result.tenant).subject,
      })
      expect(result.created.heartbeatAt).toBe(result.created.createdAt)
      expect(failureOf(result.early)).toMatchObject({ _tag: "Conflict", reason: "state", state: "reading" })
      expect(failureOf(result.earlyApply)).toMatchObject({ _tag: "Conflict", state: "reading" })
      expect(result.reported).toMatchObject({ status: "reading", version: 2, progress: { step: "reading", done: 6 } })
      expect(result.planned).toMatchObject({ status: "planned", version: 3, summary })
      expect(result.planned).not.toHaveProperty("progress")
      expect(result.plan).toEqual(storedPlan(result.tenant))
      expect(result.applying).toMatchObject({ status: "applying", appliedBy: adminOf(result.tenant).subject })
      expect(result.progress.progress).toMatchObject({ step: "applying", done: 1, total: 3 })
      expect(result.applied).toMatchObject({ status: "applied", result: { created: 2, updated: 1 }, version: 6 })
      expect(typeof result.applied.appliedAt).toBe("string")
      expect(failureOf(result.again)).toMatchObject({ _tag: "Conflict", state: "applied" })
      expect(failureOf(result.failLate)).toMatchObject({ _tag: "Conflict", state: "applied" })
      expect(result.read).toEqual(result.applied)
      const uploads = result.audit.entries.filter((entry) => entry.action === "directory_import.upload")
      expect(uploads).toHaveLength(1)
      expect(uploads[0]).toMatchObject({ target: { type: "directory_import", id: result.created.id } })
    })

    it("lets only one of several concurrent requests start applying, and a stalled apply be taken over", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("jobs-race")
          const s = yield* jobs
          const admin = adminOf(tenant)
          const job = yield* s.create(upload).pipe(as(admin))
          yield* s.planned(job.id, summary, storedPlan(tenant)).pipe(as(admin))
          const attempts = yield* Effect.all(
            Array.from({ length: 6 }, () => Effect.exit(s.startApply(job.id))),
            { concurrency: "unbounded" },
          ).pipe(as(admin))
          const started = yield* s.get(job.id).pipe(as(admin))
          const heartbeat = Date.parse(started.heartbeatAt)
          const tooEarly = yield* Effect.exit(
            s.startApply(job.id).pipe(as(admin), atTime(heartbeat + stalledAfterMillis - 1000)),
          )
          const takenOver = yield* s.startApply(job.id).pipe(as(admin), atTime(heartbeat + stalledAfterMillis))
          return { attempts, tooEarly, takenOver, started }
        }),
      )
      expect(result.attempts.filter(Exit.isSuccess)).toHaveLength(1)
      expect(result.attempts.filter(Exit.isFailure).map((exit) => failureOf(exit)?.state)).toEqual(
        Array(5).fill("applying"),
      )
      expect(failureOf(result.tooEarly)).toMatchObject({ _tag: "Conflict", state: "applying" })
      expect(result.takenOver).toMatchObject({ status: "applying", version: result.started.version + 1 })
    })

    it("records a failure with its reason, refuses bad input, and keeps jobs per tenant, newest first", async () => {
      const result = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("jobs-a")
          const b = yield* newTenant("jobs-b")
          const s = yield* jobs
          const made: Array<ImportJob> = []
          for (let i = 0; i < 3; i++) made.push(yield* s.create({ ...upload, options: { i } }).pipe(as(adminOf(a))))
          const failed = yield* s
            .fail(made[0]!.id, { code: "header", message: { ja: "見出し行が違います", en: "Unexpected header" } })
            .pipe(as(adminOf(a)))
          const otherGet = yield* Effect.exit(s.get(made[1]!.id).pipe(as(adminOf(b))))
          const otherStep = yield* Effect.exit(s.startApply(made[1]!.id).pipe(as(adminOf(b))))
          const otherList = yield* s.list().pipe(as(adminOf(b)))
          const first = yield* s.list({ limit: 2 }).pipe(as(adminOf(a)))
          const second = yield* s.list({ limit: 2, cursor: first.nextCursor! }).pipe(as(adminOf(a)))
          const onlyFailed = yield* s.list({ status: ["failed"] }).pipe(as(adminOf(a)))
          const badKind = yield* Effect.exit(s.create({ ...upload, kind: "Kaigo Kohyo" }).pipe(as(adminOf(a))))
          const noFiles = yield* Effect.exit(s.create({ ...upload, files: [] }).pipe(as(adminOf(a))))
          const badCursor = yield* Effect.exit(s.list({ cursor: "bogus" }).pipe(as(adminOf(a))))
          const all = yield* s.list().pipe(as(adminOf(a)))
          return {
            made,
            failed,
            otherGet,
            otherStep,
            otherList,
            first,
            second,
            onlyFailed,
            badKind,
            noFiles,
            badCursor,
            all,
          }
        }),
      )
      expect(result.failed).toMatchObject({ status: "failed", error: { code: "header" } })
      expect(failureOf(result.otherGet)?._tag).toBe("NotFound")
      expect(failureOf(result.otherStep)?._tag).toBe("NotFound")
      expect(result.otherList.items).toEqual([])
      const ids = (page: { items: ReadonlyArray<ImportJob> }) => page.items.map((job) => job.id)
      // newest first: creation time, then id, both descending (jobs made in the same millisecond go by id)
      const newest = [...result.made]
        .sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt) || (x.id < y.id ? 1 : -1))
        .map((job) => job.id)
      expect([...ids(result.first), ...ids(result.second)]).toEqual(newest)
      expect(result.second.nextCursor).toBeNull()
      expect(ids(result.onlyFailed)).toEqual([result.made[0]!.id])
      expect(failureOf(result.badKind)?._tag).toBe("ValidationError")
      expect(failureOf(result.noFiles)?._tag).toBe("ValidationError")
      expect(failureOf(result.badCursor)?._tag).toBe("ValidationError")
      expect(result.all.items).toHaveLength(3) // nothing refused was stored
    })
  })
}
