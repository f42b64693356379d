import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  Actor,
  BusinessCalendar,
  CaseStore,
  IdGenerator,
  NotificationLog,
  Notifier,
  notificationLeaseMillis,
  type ObligationNotification,
  type Principal,
  RuleSetCatalog,
  scanDeadlines,
  systemPrincipal,
  TenantId,
  TenantStore,
} from "@zaitaku/core"
import {
  createTestDatabase,
  layerPg,
  layerPglite,
  type PostgresServices,
  type TestDatabase,
  testDatabaseUrl,
} from "@zaitaku/store-postgres"
import { japaneseHolidays2024To2026, newCaseFixture, uniqueTenant } from "@zaitaku/testing"
import { Clock, Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

/**
 * Notifications fire once per obligation transition also across restarts: each scan below runs on a fresh runtime
 * (a new process, as far as the store can tell) over the same database, and only the log in the database remembers
 * what was sent.
 */
const uniqueTenantId = TenantId.parse("00000000-0000-7000-8000-000000000000")

const restartScenario = (name: string, open: () => Promise<Layer.Layer<PostgresServices, unknown>>) =>
  describe(`deadline notifications across restarts (${name})`, () => {
    const sent: Array<ObligationNotification> = []
    const recording = Layer.succeed(
      Notifier,
      Notifier.of({ notify: (notification) => Effect.sync(() => void sent.push(notification)) }),
    )
    // creating the tenant needs no principal; every later step runs as the tenant's system principal
    let admin: Principal = systemPrincipal(uniqueTenantId, "deadline-scan")

    /** Starts a runtime on the database, runs the effect as the tenant's administrator, and stops it. */
    const inFreshRuntime = async <A, E>(
      effect: Effect.Effect<A, E, PostgresServices | Notifier | RuleSetCatalog | BusinessCalendar | Actor>,
      at?: number,
    ): Promise<A> => {
      const runtime = ManagedRuntime.make(
        Layer.mergeAll(
          await open(),
          recording,
          RuleSetCatalog.layerBuiltin,
          BusinessCalendar.layerMemory(japaneseHolidays2024To2026),
        ),
      )
      try {
        const asAdmin = Effect.provideService(effect, Actor, admin)
        return await runtime.runPromise(
          at === undefined ? asAdmin : Effect.provideService(asAdmin, Clock.Clock, fixedClock(at)),
        )
      } finally {
        await runtime.dispose()
      }
    }

    beforeAll(async () => {
      const tenant = await inFreshRuntime(
        Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant("restart"))),
      )
      admin = systemPrincipal(tenant.id, "deadline-scan")
      // admitted Friday 2024-07-12 18:30 with a care manager: information due Saturday 07-13 (2024 rule)
      await inFreshRuntime(Effect.flatMap(Effect.service(CaseStore), (cases) => cases.create(newCaseFixture())))
    }, 120_000)

    it("sends the due-soon notice once, then the overdue notice once, whatever the restarts", async () => {
      const friday = await inFreshRuntime(scanDeadlines({ now: "2024-07-12T20:00:00+09:00" }))
      const fridayAfterRestart = await inFreshRuntime(scanDeadlines({ now: "2024-07-12T22:00:00+09:00" }))
      const sunday = await inFreshRuntime(scanDeadlines({ now: "2024-07-14T09:00:00+09:00" }))
      const sundayAfterRestart = await inFreshRuntime(scanDeadlines({ now: "2024-07-14T18:00:00+09:00" }))
      expect(friday).toMatchObject({ transitions: 1, sent: 1 })
      expect(fridayAfterRestart).toMatchObject({ transitions: 1, sent: 0, skipped: 1 })
      expect(sunday).toMatchObject({ transitions: 1, sent: 1 })
      expect(sundayAfterRestart).toMatchObject({ transitions: 1, sent: 0, skipped: 1 })
      expect(sent.map((n) => n.transition)).toEqual(["due_soon", "overdue"])
      const log = await inFreshRuntime(Effect.flatMap(Effect.service(NotificationLog), (l) => l.list))
      expect(log.map((r) => [r.transition, r.status, r.attempts])).toEqual([
        ["due_soon", "sent", 1],
        ["overdue", "sent", 1],
      ])
    }, 120_000)

    it("resends, with the same delivery id, a transition whose sender stopped before recording it, once the lease is over", async () => {
      const before = sent.length
      // a second case, whose transition a sender claimed before its process stopped
      const c = await inFreshRuntime(
        Effect.flatMap(Effect.service(CaseStore), (cases) => cases.create(newCaseFixture({ patient: "p-crash" }))),
      )
      const key = {
        caseId: c.id,
        obligationKey: `jp-kaigo-houshu-kyotaku@2024/admission-information/cm-informs-hospital/${c.events[0]!.id}`,
        transition: "overdue" as const,
      }
      const claim = await inFreshRuntime(Effect.flatMap(Effect.service(NotificationLog), (l) => l.claim(key)))
      const claimedAt = Date.parse(claim._tag === "Some" ? claim.value.claimedAt : "")
      const withinLease = await inFreshRuntime(
        scanDeadlines({ now: "2024-07-14T19:00:00+09:00" }),
        claimedAt + notificationLeaseMillis - 60_000,
      )
      const afterLease = await inFreshRuntime(
        scanDeadlines({ now: "2024-07-14T19:00:00+09:00" }),
        claimedAt + notificationLeaseMillis + 60_000,
      )
      expect(withinLease).toMatchObject({ sent: 0 })
      expect(afterLease).toMatchObject({ sent: 1 })
      expect(sent.slice(before).map((n) => [n.caseId, n.transition, n.id])).toEqual([
        [c.id, "overdue", claim._tag === "Some" ? claim.value.id : "?"],
      ])
    }, 120_000)
  })

const fixedClock = (millis: number): Clock.Clock => ({
  currentTimeMillisUnsafe: () => millis,
  currentTimeMillis: Effect.succeed(millis),
  currentTimeNanosUnsafe: () => BigInt(millis) * 1_000_000n,
  currentTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
  monotonicTimeNanosUnsafe: () => BigInt(millis) * 1_000_000n,
  monotonicTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
  sleep: () => Effect.void,
})

describe("on PGlite in a data directory", () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "zaitaku-restart-"))
  })
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })
  restartScenario("PGlite", async () => layerPglite({ dataDir }).pipe(Layer.provide(IdGenerator.layer)))
})

const adminUrl = testDatabaseUrl("@zaitaku/store-postgres deadline notifications")
describe.runIf(adminUrl !== undefined)("on PostgreSQL", () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl!)
  })
  afterAll(async () => {
    await database?.drop()
  })
  restartScenario("PostgreSQL", async () =>
    layerPg({ connectionString: database.url }).pipe(Layer.provide(IdGenerator.layer)),
  )
})
