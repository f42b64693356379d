/**
 * 通知の記録 (notification log): which obligation transitions were notified, kept by the store so that each is sent
 * once — also across restarts and with several servers scanning at once.
 *
 * A transition is keyed by tenant, case, obligation key and transition. To send one, a sender first claims it: the
 * first claim inserts the row (`sending`); a transition already `sent` cannot be claimed; a `failed` one can, and so
 * can a `sending` one whose claim is older than {@link notificationLeaseMillis} (its sender stopped). After sending,
 * the sender records `sent` or `failed`. Claims are atomic in every adapter, so two senders never both hold one.
 * Between a successful delivery and the `sent` record a stopped process leaves a stale claim, and that one
 * transition is delivered again, with the same delivery id: receivers drop repeats by it.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Ref, Semaphore } from "effect"
import * as z from "zod"
import { Actor } from "./Actor.js"
import { Instant } from "./BusinessCalendar.js"
import { ObligationTransition } from "./DeadlineBoard.js"
import type { StoreError } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { CaseId } from "./Ids.js"

/**
 * How long a claim holds before another sender may take it over: ten minutes (a webhook delivery with its retries
 * takes about a minute at most).
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { notificationLeaseMillis } from "@zaitaku/core"
 *
 * notificationLeaseMillis // 600000
 * ```
 */
export const notificationLeaseMillis = 10 * 60_000

/**
 * 通知の状態 (delivery status of a transition).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { NotificationStatus } from "@zaitaku/core"
 *
 * NotificationStatus.options // ["sending", "sent", "failed"]
 * ```
 */
export const NotificationStatus = z.enum(["sending", "sent", "failed"])
/** @since 0.1.0 @category models */
export type NotificationStatus = z.infer<typeof NotificationStatus>

/**
 * One logged transition: its key, its delivery id, status, attempts and times.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { NotificationRecord } from "@zaitaku/core"
 *
 * declare const record: NotificationRecord
 * record.status === "sent" && record.attempts
 * ```
 */
export const NotificationRecord = z.object({
  caseId: CaseId,
  obligationKey: z.string().min(1),
  transition: ObligationTransition,
  id: z.string().min(1),
  status: NotificationStatus,
  attempts: z.int().min(1),
  claimedAt: Instant,
  sentAt: Instant.optional(),
  lastError: z.string().optional(),
})
/** @since 0.1.0 @category models */
export type NotificationRecord = z.infer<typeof NotificationRecord>

/**
 * The key of a transition.
 *
 * @since 0.1.0
 * @category models
 */
export interface TransitionKey {
  readonly caseId: CaseId
  readonly obligationKey: string
  readonly transition: ObligationTransition
}

/**
 * The `NotificationLog` port. Every method acts within the current {@link Actor}'s tenant.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { NotificationLog } from "@zaitaku/core"
 *
 * const sent = Effect.flatMap(Effect.service(NotificationLog), (log) => log.list)
 * ```
 */
export class NotificationLog extends Context.Service<
  NotificationLog,
  {
    /** Claims a transition for sending (see the module documentation); none when it may not be sent now. */
    claim(key: TransitionKey): Effect.Effect<Option.Option<NotificationRecord>, StoreError, Actor>
    /** Records that the claimed transition was delivered. */
    markSent(key: TransitionKey): Effect.Effect<void, StoreError, Actor>
    /** Records that delivering the claimed transition failed, with the reason. */
    markFailed(key: TransitionKey, reason: string): Effect.Effect<void, StoreError, Actor>
    /** Every logged transition of the tenant, oldest claim first. */
    readonly list: Effect.Effect<ReadonlyArray<NotificationRecord>, StoreError, Actor>
  }
>()("@zaitaku/core/NotificationLog") {
  /**
   * In-memory log (reference behaviour for the contract suite; forgets everything when the process stops).
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<NotificationLog, never, IdGenerator> = Layer.effect(
    NotificationLog,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const rows = yield* Ref.make(new Map<string, NotificationRecord & { readonly tenantId: string }>())
      const lock = yield* Semaphore.make(1)
      const slot = (tenantId: string, key: TransitionKey) =>
        `${tenantId}\u0000${key.caseId}\u0000${key.obligationKey}\u0000${key.transition}`
      const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

      const claim = (key: TransitionKey) =>
        lock.withPermits(1)(
          Effect.gen(function* () {
            const actor = yield* Actor
            const at = yield* now
            const current = (yield* Ref.get(rows)).get(slot(actor.tenantId, key))
            let next: (NotificationRecord & { readonly tenantId: string }) | undefined
            if (current === undefined) {
              next = {
                tenantId: actor.tenantId,
                ...key,
                id: yield* ids.next,
                status: "sending",
                attempts: 1,
                claimedAt: at.toISOString(),
              }
            } else if (
              current.status === "failed" ||
              (current.status === "sending" && at.getTime() - Date.parse(current.claimedAt) >= notificationLeaseMillis)
            ) {
              next = { ...current, status: "sending", attempts: current.attempts + 1, claimedAt: at.toISOString() }
            }
            if (next === undefined) return Option.none()
            const saved = next
            yield* Ref.update(rows, (map) => new Map(map).set(slot(actor.tenantId, key), saved))
            const { tenantId: _, ...record } = saved
            return Option.some(record as NotificationRecord)
          }),
        )

      const mark = (key: TransitionKey, status: "sent" | "failed", reason?: string) =>
        lock.withPermits(1)(
          Effect.gen(function* () {
            const actor = yield* Actor
            const at = (yield* now).toISOString()
            yield* Ref.update(rows, (map) => {
              const current = map.get(slot(actor.tenantId, key))
              if (current === undefined) return map
              const { lastError: _, sentAt: __, ...rest } = current
              return new Map(map).set(
                slot(actor.tenantId, key),
                status === "sent"
                  ? { ...rest, status, sentAt: at }
                  : { ...rest, status, ...(reason === undefined ? {} : { lastError: reason }) },
              )
            })
          }),
        )

      const list = Effect.gen(function* () {
        const actor = yield* Actor
        return [...(yield* Ref.get(rows)).values()]
          .filter((row) => row.tenantId === actor.tenantId)
          .sort((a, b) => Date.parse(a.claimedAt) - Date.parse(b.claimedAt) || (a.id < b.id ? -1 : 1))
          .map(({ tenantId: _, ...record }) => record as NotificationRecord)
      })

      return NotificationLog.of({
        claim,
        markSent: (key) => mark(key, "sent"),
        markFailed: (key, reason) => mark(key, "failed", reason),
        list,
      })
    }),
  )
}
