/**
 * `NotificationLog` on PostgreSQL. A claim is one statement each way — an insert that does nothing on conflict, then
 * an update guarded by the status and the claim's age — so that of several servers claiming one transition at once,
 * exactly one gets it.
 *
 * @since 0.1.0
 */
import {
  Actor,
  type CaseId,
  IdGenerator,
  NotificationLog,
  type NotificationRecord,
  notificationLeaseMillis,
  StoreError,
  type TransitionKey,
} from "@zaitaku/core"
import { and, asc, eq, sql } from "drizzle-orm"
import { Clock, Effect, Layer, Option } from "effect"
import type { Tx } from "./internal/Session.js"
import { obligationNotifications } from "./Schema.js"
import { PgSession } from "./Stores.js"

const iso = (value: string | null): string | undefined => (value === null ? undefined : new Date(value).toISOString())

const toRecord = (row: typeof obligationNotifications.$inferSelect): NotificationRecord => ({
  caseId: row.caseId as CaseId,
  obligationKey: row.obligationKey,
  transition: row.transition,
  id: row.id,
  status: row.status,
  attempts: row.attempts,
  claimedAt: iso(row.claimedAt)!,
  ...(row.sentAt === null ? {} : { sentAt: iso(row.sentAt)! }),
  ...(row.lastError === null ? {} : { lastError: row.lastError }),
})

const keyOf = (tenantId: string, key: TransitionKey) =>
  and(
    eq(obligationNotifications.tenantId, tenantId),
    eq(obligationNotifications.caseId, key.caseId),
    eq(obligationNotifications.obligationKey, key.obligationKey),
    eq(obligationNotifications.transition, key.transition),
  )

/**
 * `NotificationLog` on PostgreSQL (PGlite or a server), over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const NotificationLogLive: Layer.Layer<NotificationLog, never, PgSession | IdGenerator> = Layer.effect(
  NotificationLog,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

    const inTenant = <A>(operation: string, tenantId: string, body: (tx: Tx) => Promise<A>) =>
      Effect.tryPromise({
        try: () => session.transaction({ tenantId }, body),
        catch: (cause) => new StoreError({ operation, cause }),
      })

    const claim = (key: TransitionKey) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const id = yield* ids.next
        const at = yield* now
        const staleBefore = new Date(at.getTime() - notificationLeaseMillis).toISOString()
        return yield* inTenant("NotificationLog.claim", actor.tenantId, async (tx) => {
          const [inserted] = await tx
            .insert(obligationNotifications)
            .values({
              tenantId: actor.tenantId,
              ...key,
              id,
              status: "sending",
              attempts: 1,
              claimedAt: at.toISOString(),
            })
            .onConflictDoNothing()
            .returning()
          if (inserted !== undefined) return Option.some(toRecord(inserted))
          const [retaken] = await tx
            .update(obligationNotifications)
            .set({
              status: "sending",
              attempts: sql`${obligationNotifications.attempts} + 1`,
              claimedAt: at.toISOString(),
            })
            .where(
              and(
                keyOf(actor.tenantId, key),
                sql`(${obligationNotifications.status} = 'failed' or (${obligationNotifications.status} = 'sending' and ${obligationNotifications.claimedAt} <= ${staleBefore}::timestamptz))`,
              ),
            )
            .returning()
          return retaken === undefined ? Option.none() : Option.some(toRecord(retaken))
        })
      })

    const mark = (key: TransitionKey, status: "sent" | "failed", reason?: string) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const at = yield* now
        yield* inTenant(`NotificationLog.mark_${status}`, actor.tenantId, async (tx) => {
          await tx
            .update(obligationNotifications)
            .set(
              status === "sent"
                ? { status, sentAt: at.toISOString(), lastError: null }
                : { status, sentAt: null, lastError: (reason ?? "").slice(0, 2000) },
            )
            .where(keyOf(actor.tenantId, key))
        })
      })

    const list = Effect.gen(function* () {
      const actor = yield* Actor
      const rows = yield* inTenant("NotificationLog.list", actor.tenantId, (tx) =>
        tx
          .select()
          .from(obligationNotifications)
          .where(eq(obligationNotifications.tenantId, actor.tenantId))
          .orderBy(asc(obligationNotifications.claimedAt), asc(obligationNotifications.id)),
      )
      return rows.map(toRecord)
    })

    return NotificationLog.of({
      claim,
      markSent: (key) => mark(key, "sent"),
      markFailed: (key, reason) => mark(key, "failed", reason),
      list,
    })
  }),
)
