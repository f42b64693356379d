/**
 * 通知 (notifications): the `Notifier` port, told when an obligation becomes due soon or overdue, and what it is
 * told. Notifications leave the system (a webhook, mail), so they carry no personal data: the case id, the
 * obligation and the organisation that must act — never the patient's pseudonym.
 *
 * @since 0.1.0
 */
import { Context, Data, Effect, Layer, Ref } from "effect"
import * as z from "zod"
import { Instant } from "./BusinessCalendar.js"
import { ObligationTransition } from "./DeadlineBoard.js"
import { CaseId, ResourceId, TenantId } from "./Ids.js"
import { LocalizedText } from "./Label.js"
import { IsoDate } from "./Period.js"
import { ObligationAction, PartyRole } from "./RuleSet.js"

/**
 * 義務の通知 (obligation notification). `id` is the delivery id: the same for every attempt to deliver one transition
 * of one obligation, so that a receiver can drop a repeat.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { ObligationNotification } from "@zaitaku/core"
 *
 * declare const notification: ObligationNotification
 * `${notification.transition}: ${notification.obligation.name.ja} (${notification.obligation.dueDate})`
 * ```
 */
export const ObligationNotification = z.object({
  id: z.string().min(1),
  tenantId: TenantId,
  caseId: CaseId,
  transition: ObligationTransition,
  /** The directory entry that must act, when the case names it. */
  organisationId: ResourceId.nullable(),
  obligation: z.object({
    key: z.string().min(1),
    name: LocalizedText,
    actor: PartyRole,
    action: ObligationAction,
    ruleSet: z.object({ id: z.string(), version: z.string() }),
    dueDate: IsoDate.nullable(),
    status: z.enum(["pending", "missed"]),
  }),
  occurredAt: Instant,
})
/** @since 0.1.0 @category models */
export type ObligationNotification = z.infer<typeof ObligationNotification>

/**
 * 通知の失敗 (notification failed): the receiver could not be reached or refused the notification. `retryable`
 * failures (network errors, timeouts, HTTP 429 and 5xx) are attempted again at the next scan; the others (another
 * 4xx: a misconfigured receiver) are recorded as failed all the same, and retried too, since the configuration may
 * be fixed.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { NotificationFailed } from "@zaitaku/core"
 *
 * new NotificationFailed({ reason: "HTTP 503", retryable: true })
 * ```
 */
export class NotificationFailed extends Data.TaggedError("NotificationFailed")<{
  readonly reason: string
  readonly retryable: boolean
  readonly cause?: unknown
}> {
  override get message(): string {
    return `Notification failed: ${this.reason}`
  }
}

/**
 * The `Notifier` port: delivers one notification, or fails with {@link NotificationFailed}. Adapters retry as they
 * see fit within one call; the caller records the outcome (`NotificationLog`).
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Notifier, type ObligationNotification } from "@zaitaku/core"
 *
 * declare const notification: ObligationNotification
 * const send = Effect.flatMap(Effect.service(Notifier), (notifier) => notifier.notify(notification))
 * ```
 */
export class Notifier extends Context.Service<
  Notifier,
  {
    notify(notification: ObligationNotification): Effect.Effect<void, NotificationFailed>
  }
>()("@zaitaku/core/Notifier") {
  /**
   * A notifier that keeps what it is told in `sent` (tests, and deployments without a receiver yet), or fails with
   * `fail` when given, for tests of failures.
   *
   * @since 0.1.0
   */
  static readonly layerRecording = (
    sent: Ref.Ref<ReadonlyArray<ObligationNotification>>,
    fail?: (notification: ObligationNotification) => NotificationFailed | undefined,
  ): Layer.Layer<Notifier> =>
    Layer.succeed(
      Notifier,
      Notifier.of({
        notify: (notification) => {
          const failure = fail?.(notification)
          return failure === undefined ? Ref.update(sent, (list) => [...list, notification]) : Effect.fail(failure)
        },
      }),
    )

  /**
   * A notifier that drops every notification (no receiver configured).
   *
   * @since 0.1.0
   */
  static readonly layerNone: Layer.Layer<Notifier> = Layer.succeed(Notifier, Notifier.of({ notify: () => Effect.void }))
}
