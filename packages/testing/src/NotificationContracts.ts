/**
 * The `NotificationLog` contract, and the deadline scan on top of it: each obligation transition is claimed by one
 * sender only, is sent once, is tried again after a failure or a sender that stopped, and is kept per tenant.
 *
 * @since 0.1.0
 */
import {
  type AuditLog,
  BusinessCalendar,
  type Case,
  CaseStore,
  NotificationFailed,
  NotificationLog,
  Notifier,
  notificationLeaseMillis,
  type ObligationNotification,
  RuleSetCatalog,
  scanDeadlines,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { Effect, Layer, Option, Ref } from "effect"
import { describe, expect, it } from "vitest"
import { japaneseHolidays2024To2026 } from "./BusinessCalendarContracts.js"
import { newCaseFixture } from "./CaseContracts.js"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { as, atTime, useRuntime } from "./internal/Suite.js"

/**
 * The services the notification suites use.
 *
 * @since 0.1.0
 * @category models
 */
export type NotificationServices = NotificationLog | CaseStore | TenantStore | AuditLog

const newTenant = (prefix: string) =>
  Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))

const newCase = (tenant: Tenant) =>
  Effect.flatMap(Effect.service(CaseStore), (cases) => cases.create(newCaseFixture())).pipe(as(adminOf(tenant)))

/**
 * Runs the `NotificationLog` contract against an implementation.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { AuditLog, CaseStore, IdGenerator, NotificationLog, TenantStore } from "@zaitaku/core"
 * import { notificationLogSuite } from "@zaitaku/testing"
 *
 * notificationLogSuite(
 *   "memory",
 *   Layer.mergeAll(TenantStore.layerMemory, CaseStore.layerMemory, NotificationLog.layerMemory).pipe(
 *     Layer.provideMerge(AuditLog.layerMemory),
 *     Layer.provide(IdGenerator.layer),
 *   ),
 * )
 * ```
 */
export const notificationLogSuite = (
  name: string,
  source: Layer.Layer<NotificationServices, unknown> | (() => Promise<Layer.Layer<NotificationServices, unknown>>),
): void => {
  describe(`NotificationLog contract (${name})`, () => {
    const { run } = useRuntime(source)
    const log = Effect.service(NotificationLog)

    it("lets a transition be claimed once, sent once, and claimed again only after a failure", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("notify-once")
          const c = yield* newCase(tenant)
          const l = yield* log
          const admin = adminOf(tenant)
          const key = { caseId: c.id, obligationKey: "set@1/rule/ob/e1", transition: "overdue" as const }
          const first = yield* l.claim(key).pipe(as(admin))
          const whileSending = yield* l.claim(key).pipe(as(admin))
          yield* l.markFailed(key, "HTTP 503").pipe(as(admin))
          const afterFailure = yield* l.claim(key).pipe(as(admin))
          yield* l.markSent(key).pipe(as(admin))
          const afterSent = yield* l.claim(key).pipe(as(admin))
          const muchLater = yield* l.claim(key).pipe(as(admin), atTime(Date.now() + 10 * notificationLeaseMillis))
          const dueSoon = yield* l.claim({ ...key, transition: "due_soon" }).pipe(as(admin))
          const records = yield* l.list.pipe(as(admin))
          return { first, whileSending, afterFailure, afterSent, muchLater, dueSoon, records }
        }),
      )
      const first = Option.getOrThrow(result.first)
      expect(first).toMatchObject({ status: "sending", attempts: 1, transition: "overdue" })
      expect(Option.isNone(result.whileSending)).toBe(true)
      // a retry keeps the delivery id, so that the receiver recognises a repeat
      expect(Option.getOrThrow(result.afterFailure)).toMatchObject({ id: first.id, attempts: 2, status: "sending" })
      expect(Option.isNone(result.afterSent)).toBe(true)
      expect(Option.isNone(result.muchLater)).toBe(true)
      expect(Option.getOrThrow(result.dueSoon).id).not.toBe(first.id)
      const byTransition = [...result.records].sort((a, b) => (a.transition < b.transition ? -1 : 1))
      expect(byTransition.map((r) => [r.transition, r.status, r.attempts])).toEqual([
        ["due_soon", "sending", 1],
        ["overdue", "sent", 2],
      ])
      expect(byTransition[1]?.sentAt).toBeDefined()
      expect(byTransition[1]?.lastError).toBeUndefined()
    })

    it("lets another sender take over a claim only after the lease, and only one of several at once", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("notify-race")
          const c = yield* newCase(tenant)
          const l = yield* log
          const admin = adminOf(tenant)
          const key = { caseId: c.id, obligationKey: "set@1/rule/ob/e1", transition: "due_soon" as const }
          const racing = yield* Effect.all(
            Array.from({ length: 6 }, () => l.claim(key)),
            { concurrency: "unbounded" },
          ).pipe(as(admin))
          const claimedAt = Date.parse(Option.getOrThrow(racing.find(Option.isSome)!).claimedAt)
          const early = yield* l.claim(key).pipe(as(admin), atTime(claimedAt + notificationLeaseMillis - 1000))
          const takeovers = yield* Effect.all(
            Array.from({ length: 4 }, () => l.claim(key)),
            { concurrency: "unbounded" },
          ).pipe(as(admin), atTime(claimedAt + notificationLeaseMillis + 1000))
          return { racing, early, takeovers }
        }),
      )
      expect(result.racing.filter(Option.isSome)).toHaveLength(1)
      expect(Option.isNone(result.early)).toBe(true)
      expect(result.takeovers.filter(Option.isSome).map((o) => Option.getOrThrow(o).attempts)).toEqual([2])
    })

    it("keeps the log per tenant", async () => {
      const result = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("notify-a")
          const b = yield* newTenant("notify-b")
          const caseA = yield* newCase(a)
          const l = yield* log
          yield* l.claim({ caseId: caseA.id, obligationKey: "k", transition: "overdue" }).pipe(as(adminOf(a)))
          return { listB: yield* l.list.pipe(as(adminOf(b))), listA: yield* l.list.pipe(as(adminOf(a))) }
        }),
      )
      expect(result.listA).toHaveLength(1)
      expect(result.listB).toEqual([])
    })
  })
}

/**
 * Runs the deadline scan against an implementation of the stores: notifications fire once per obligation
 * transition, failures are retried with the same delivery id, and nothing personal leaves the system.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import type { Layer } from "effect"
 * import { deadlineScanSuite, type NotificationServices } from "@zaitaku/testing"
 *
 * declare const layer: Layer.Layer<NotificationServices>
 * deadlineScanSuite("memory", layer)
 * ```
 */
export const deadlineScanSuite = (
  name: string,
  source: Layer.Layer<NotificationServices, unknown> | (() => Promise<Layer.Layer<NotificationServices, unknown>>),
): void => {
  describe(`deadline scan (${name})`, () => {
    const { run } = useRuntime(source)
    /** The rule sets, the calendar, and a notifier that records what it is told, or fails while `failing`. */
    const environment = (sent: Ref.Ref<ReadonlyArray<ObligationNotification>>, failing: Ref.Ref<boolean>) =>
      Layer.mergeAll(
        RuleSetCatalog.layerBuiltin,
        BusinessCalendar.layerMemory(japaneseHolidays2024To2026).pipe(Layer.orDie),
        Layer.succeed(
          Notifier,
          Notifier.of({
            notify: (notification) =>
              Effect.flatMap(Ref.get(failing), (fail) =>
                fail
                  ? Effect.fail(new NotificationFailed({ reason: "HTTP 503", retryable: true }))
                  : Ref.update(sent, (list) => [...list, notification]),
              ),
          }),
        ),
      )

    it("tells the notifier once when an obligation becomes due soon, once when it becomes overdue, and retries failures", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("scan")
          // admitted Friday 2024-07-12 18:30: the 2024 rule wants the care manager's information by Saturday 07-13
          const c: Case = yield* newCase(tenant)
          const sent = yield* Ref.make<ReadonlyArray<ObligationNotification>>([])
          const failing = yield* Ref.make(false)
          const scan = (now: string) =>
            scanDeadlines({ now }).pipe(as(adminOf(tenant)), Effect.provide(environment(sent, failing)))
          const friday = yield* scan("2024-07-12T20:00:00+09:00")
          const fridayAgain = yield* scan("2024-07-12T21:00:00+09:00")
          yield* Ref.set(failing, true)
          const sundayFailing = yield* scan("2024-07-14T09:00:00+09:00")
          yield* Ref.set(failing, false)
          const sundayRetry = yield* scan("2024-07-14T10:00:00+09:00")
          const sundayAgain = yield* scan("2024-07-14T11:00:00+09:00")
          const records = yield* Effect.flatMap(Effect.service(NotificationLog), (l) => l.list).pipe(
            as(adminOf(tenant)),
          )
          return {
            tenant,
            c,
            friday,
            fridayAgain,
            sundayFailing,
            sundayRetry,
            sundayAgain,
            sent: yield* Ref.get(sent),
            records,
          }
        }),
      )
      const { c } = result
      expect(result.friday).toMatchObject({ cases: 1, transitions: 1, sent: 1, failed: 0 })
      expect(result.fridayAgain).toMatchObject({ transitions: 1, sent: 0, skipped: 1 })
      expect(result.sundayFailing).toMatchObject({ sent: 0, failed: 1 })
      expect(result.sundayRetry).toMatchObject({ sent: 1, failed: 0 })
      expect(result.sundayAgain).toMatchObject({ sent: 0 })
      expect(result.sent.map((n) => [n.transition, n.obligation.dueDate, n.obligation.status])).toEqual([
        ["due_soon", "2024-07-13", "pending"],
        ["overdue", "2024-07-13", "missed"],
      ])
      const [dueSoon, overdue] = result.sent
      expect(dueSoon).toMatchObject({
        tenantId: result.tenant.id,
        caseId: c.id,
        organisationId: c.parties.care_manager?.id,
        obligation: {
          key: `jp-kaigo-houshu-kyotaku@2024/admission-information/cm-informs-hospital/${c.events[0]!.id}`,
        },
      })
      // the retried delivery keeps the id of the failed attempt
      const overdueRecord = result.records.find((r) => r.transition === "overdue")
      expect(overdueRecord).toMatchObject({ id: overdue?.id, status: "sent", attempts: 2 })
      // nothing personal leaves the system
      expect(JSON.stringify(result.sent)).not.toContain(c.patient)
    })

    it("does not notify met obligations, closed cases, or deadlines long past", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("scan-quiet")
          const cases = yield* CaseStore
          const admin = adminOf(tenant)
          const met = yield* newCase(tenant)
          yield* cases
            .recordEvidence(
              met.id,
              { kind: "contact", at: "2024-07-13T09:00:00+09:00", from: "care_manager", to: "hospital" },
              { expectedVersion: 1 },
            )
            .pipe(as(admin))
          const closed = yield* newCase(tenant)
          yield* cases.update(closed.id, { status: "closed" }, { expectedVersion: 1 }).pipe(as(admin))
          // still open and never met: overdue since 07-13, 38 days before the scan
          yield* newCase(tenant)
          const sent = yield* Ref.make<ReadonlyArray<ObligationNotification>>([])
          const failing = yield* Ref.make(false)
          const monthLater = yield* scanDeadlines({ now: "2024-08-20T09:00:00+09:00" }).pipe(
            as(admin),
            Effect.provide(environment(sent, failing)),
          )
          return { monthLater, sent: yield* Ref.get(sent) }
        }),
      )
      expect(result.monthLater).toMatchObject({ cases: 2, transitions: 0, sent: 0 })
      expect(result.sent).toEqual([])
    })
  })
}
