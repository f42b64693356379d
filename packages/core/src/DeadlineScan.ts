/**
 * 期限の見回り (deadline scan): evaluates a tenant's open cases, and tells the {@link Notifier} of every obligation
 * that has become due soon or overdue — once per obligation and transition, as the {@link NotificationLog} records,
 * also across restarts. Run it on a schedule for each tenant (the reference server's `zaitaku deadlines scan`).
 *
 * @since 0.1.0
 */
import { Cause, Clock, Effect, Option } from "effect"
import { Actor } from "./Actor.js"
import {
  type BusinessCalendar,
  calendarDaysBetween,
  type DateOutsideCalendar,
  type InstantInput,
  tokyoDateTimeOf,
} from "./BusinessCalendar.js"
import type { CaseStore } from "./CaseStore.js"
import { defaultDueSoonDays, evaluateOpenCases, organisationOf, transitionOf } from "./DeadlineBoard.js"
import type { Forbidden, StoreError, ValidationError } from "./Errors.js"
import { NotificationLog } from "./NotificationLog.js"
import { Notifier, type ObligationNotification } from "./Notifier.js"
import type { RuleSetCatalog } from "./RuleSetCatalog.js"

/**
 * What a scan did: the cases it evaluated, the transitions it found, and how many it delivered, failed to deliver,
 * or left alone (already sent, or being sent by another process).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { DeadlineScanResult } from "@zaitaku/core"
 *
 * const ok = (result: DeadlineScanResult) => result.failed === 0
 * ```
 */
export interface DeadlineScanResult {
  readonly cases: number
  readonly transitions: number
  readonly sent: number
  readonly failed: number
  readonly skipped: number
}

/**
 * Options of {@link scanDeadlines}: the instant of the scan (default: the `Clock`), the warning window (default
 * {@link defaultDueSoonDays}), and how far back an overdue obligation is still announced (default 14 days: a case
 * entered long after the fact does not flood the receiver with old deadlines).
 *
 * @since 0.1.0
 * @category models
 */
export interface DeadlineScanOptions {
  readonly now?: InstantInput
  readonly dueSoonDays?: number
  readonly overdueLookbackDays?: number
}

/**
 * Scans the actor's tenant once (see the module documentation). Needs `cases:read` (the scan runs as the tenant's
 * system principal). A delivery that fails is recorded and tried again at the next scan.
 *
 * @since 0.1.0
 * @category scan
 * @example
 * ```ts
 * import { scanDeadlines } from "@zaitaku/core"
 *
 * const program = scanDeadlines({ dueSoonDays: 1 })
 * ```
 */
export const scanDeadlines = Effect.fn("DeadlineScan.scanDeadlines")(function* (
  options: DeadlineScanOptions = {},
): Effect.fn.Return<
  DeadlineScanResult,
  ValidationError | Forbidden | StoreError | DateOutsideCalendar,
  CaseStore | RuleSetCatalog | BusinessCalendar | NotificationLog | Notifier | Actor
> {
  const now = options.now ?? new Date(yield* Clock.currentTimeMillis)
  const today = tokyoDateTimeOf(now).date
  const dueSoonDays = options.dueSoonDays ?? defaultDueSoonDays
  const lookback = options.overdueLookbackDays ?? 14
  const log = yield* NotificationLog
  const notifier = yield* Notifier
  const actor = yield* Actor
  const evaluated = yield* evaluateOpenCases({ now })
  const occurredAt = (typeof now === "string" ? new Date(now) : now).toISOString()
  let transitions = 0
  let sent = 0
  let failed = 0
  let skipped = 0
  for (const { case: c, evaluation } of evaluated) {
    for (const obligation of evaluation.obligations) {
      const transition = transitionOf(obligation, today, dueSoonDays)
      if (transition === undefined) continue
      if (
        transition === "overdue" &&
        obligation.dueDate !== null &&
        calendarDaysBetween(obligation.dueDate, today) > lookback
      ) {
        continue
      }
      transitions++
      const key = { caseId: c.id, obligationKey: obligation.key, transition }
      const claimed = yield* log.claim(key)
      if (Option.isNone(claimed)) {
        skipped++
        continue
      }
      const notification: ObligationNotification = {
        id: claimed.value.id,
        tenantId: actor.tenantId,
        caseId: c.id,
        transition,
        organisationId: organisationOf(c, obligation) ?? null,
        obligation: {
          key: obligation.key,
          name: obligation.name,
          actor: obligation.actor,
          action: obligation.action,
          ruleSet: obligation.ruleSet,
          dueDate: obligation.dueDate,
          status: obligation.status === "missed" ? "missed" : "pending",
        },
        occurredAt,
      }
      const delivered = yield* Effect.exit(notifier.notify(notification))
      if (delivered._tag === "Success") {
        yield* log.markSent(key)
        sent++
      } else {
        const error = Option.getOrUndefined(Cause.findErrorOption(delivered.cause))
        yield* log.markFailed(key, error?.reason ?? Cause.pretty(delivered.cause).slice(0, 500))
        failed++
      }
    }
  }
  return { cases: evaluated.length, transitions, sent, failed, skipped }
})
