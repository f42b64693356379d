/**
 * 参加申込 (event registrations): who applied for a training or public event, in which order, and where each
 * application stands — 受付 (received), 参加確定 (confirmed), キャンセル待ち (wait-listed) or 取消 (cancelled) —
 * with the history of every change and whether the applicant attended — and the rules that decide it.
 *
 * The rules are pure functions of the event and its current registrations ({@link RegistrationBook}). Each returns
 * the registrations to write, or a {@link RegistrationRejected} error that says why in Japanese and English; none
 * ever drops an application silently. A store applies them under a per-event lock (or a serialisable transaction):
 * read the book, decide, write the `changes`, so that 50 applicants arriving at once for 30 seats give exactly 30
 * confirmations and 20 places on the wait-list.
 *
 * - **Capacity (定員).** Only `confirmed` registrations hold a seat; their number never exceeds the capacity.
 * - **Deadline (申込期限).** An application arriving after the deadline day (Japan time) or once the event has
 *   started is refused with `deadline_passed` / `event_started`.
 * - **Wait-list (キャンセル待ち).** When the event is full, applicants are wait-listed (or refused with `full` when
 *   the event keeps no wait-list); a freed seat goes to the wait-listed registration that arrived first (lowest
 *   `sequence`), and no one waits while a seat is free.
 * - **Idempotency.** Applying again with the same {@link applicantKey} while an application is live returns that
 *   registration unchanged — a retried form submission is not a second registration. After a cancellation, a new
 *   application is a new registration at the back of the queue.
 *
 * @since 0.1.0
 */
import { Data, Result } from "effect"
import * as z from "zod"
import { OrganizationCategory, ProfessionCode, RegistrationStatus } from "./ActivityCodeLists.js"
import type { ActivityEvent } from "./ActivityEvent.js"
import { Instant } from "./BusinessCalendar.js"
import { addLocalizedIssue } from "./Decode.js"
import { ResourceId, TenantId } from "./Ids.js"
import type { LocalizedText } from "./Label.js"
import { formatWareki, toIsoDate } from "./Period.js"
import { ActivityEventId, EventRegistrationId } from "./ProgramIds.js"

/**
 * 申込者 (applicant): name, contact (an email address or a phone number, at least one), profession and
 * organisation — the applicant part of the 研修申込書.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { EventApplicant } from "@zaitaku/core"
 *
 * EventApplicant.parse({ name: "厚木 花子", email: "hanako@example.jp", profession: "nurse", organizationName: "愛川訪問看護ステーション" })
 * ```
 */
export const EventApplicant = z
  .object({
    name: z.string().trim().min(1).max(50),
    kana: z.string().trim().min(1).max(100).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().trim().min(1).max(30).optional(),
    profession: ProfessionCode,
    organizationName: z.string().trim().min(1).max(200).optional(),
    resourceId: ResourceId.optional(),
    organizationCategory: OrganizationCategory.optional(),
  })
  .superRefine((applicant, ctx) => {
    if (applicant.email === undefined && applicant.phone === undefined) {
      addLocalizedIssue(
        ctx,
        ["email"],
        "連絡先としてメールアドレスか電話番号を入力してください",
        "Give an email address or a phone number to be contacted at",
        "contact_missing",
      )
    }
  })
/** @since 0.1.0 @category registrations */
export type EventApplicant = z.infer<typeof EventApplicant>

/**
 * 申込者の識別キー (applicant key): what makes two applications "the same applicant" — the email address
 * (NFKC, lower case) when given, else the name (NFKC, without spaces) with the phone number's digits. Applying
 * twice with the same key is one registration, not two.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { applicantKey } from "@zaitaku/core"
 *
 * applicantKey({ name: "厚木 花子", email: "Hanako@Example.JP" }) // "email:hanako@example.jp"
 * applicantKey({ name: "厚木　花子", phone: "046-285-2111" }) // "name:厚木花子|tel:0462852111"
 * ```
 */
export const applicantKey = (applicant: Pick<EventApplicant, "name" | "email" | "phone">): string => {
  if (applicant.email !== undefined) return `email:${applicant.email.normalize("NFKC").trim().toLowerCase()}`
  const name = applicant.name.normalize("NFKC").replace(/\s+/g, "")
  const phone = (applicant.phone ?? "").normalize("NFKC").replace(/[^0-9]/g, "")
  return `name:${name}|tel:${phone}`
}

/**
 * 状態の変化の理由 (reason of a status change): `applied` (the application arrived), `seat_given` (confirmed on
 * arrival or by the organiser), `full` (wait-listed because the event was full), `promoted` (moved up from the
 * wait-list when a seat was freed), `cancelled_by_applicant`, `cancelled_by_organizer`.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { RegistrationChangeReason } from "@zaitaku/core"
 *
 * RegistrationChangeReason.parse("promoted")
 * ```
 */
export const RegistrationChangeReason = z.enum([
  "applied",
  "seat_given",
  "full",
  "promoted",
  "cancelled_by_applicant",
  "cancelled_by_organizer",
])
/** @since 0.1.0 @category registrations */
export type RegistrationChangeReason = z.infer<typeof RegistrationChangeReason>

/**
 * 状態の変化 (status change) of a registration: the new status, when, and why.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { RegistrationChange } from "@zaitaku/core"
 *
 * RegistrationChange.parse({ status: "confirmed", at: "2025-10-01T09:00:00+09:00", reason: "promoted" })
 * ```
 */
export const RegistrationChange = z.object({
  status: RegistrationStatus,
  at: Instant,
  reason: RegistrationChangeReason,
})
/** @since 0.1.0 @category registrations */
export type RegistrationChange = z.infer<typeof RegistrationChange>

/**
 * 参加申込 (registration) for an event.
 *
 * - `sequence`: the order of arrival within the event (1, 2, 3, …), which decides who is promoted first from the
 *   wait-list; it never changes;
 * - `applicantKey`: {@link applicantKey} of the applicant, the identity that makes re-sending an application safe;
 * - `formResponseId`: the 研修申込書 response the application came with, when it came through a form;
 * - `history`: every status change, oldest first; the last one's status is `status`;
 * - `attended`: whether the applicant came (absent until attendance is taken).
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { EventRegistration } from "@zaitaku/core"
 *
 * EventRegistration.parse({
 *   id: "0192f5a0-0000-7000-8000-000000000041",
 *   tenantId: "0192f5a0-0000-7000-8000-0000000000aa",
 *   eventId: "0192f5a0-0000-7000-8000-000000000002",
 *   sequence: 1,
 *   applicantKey: "email:hanako@example.jp",
 *   applicant: { name: "厚木 花子", email: "hanako@example.jp", profession: "nurse" },
 *   status: "confirmed",
 *   submittedAt: "2025-10-01T09:00:00+09:00",
 *   history: [
 *     { status: "received", at: "2025-10-01T09:00:00+09:00", reason: "applied" },
 *     { status: "confirmed", at: "2025-10-01T09:00:00+09:00", reason: "seat_given" },
 *   ],
 * })
 * ```
 */
export const EventRegistration = z
  .object({
    id: EventRegistrationId,
    tenantId: TenantId,
    eventId: ActivityEventId,
    sequence: z.int().min(1),
    applicantKey: z.string().min(1).max(400),
    applicant: EventApplicant,
    formResponseId: z.string().min(1).max(100).optional(),
    status: RegistrationStatus,
    submittedAt: Instant,
    history: z.array(RegistrationChange).min(1),
    attended: z.boolean().optional(),
  })
  .superRefine((registration, ctx) => {
    const last = registration.history[registration.history.length - 1]
    if (last !== undefined && last.status !== registration.status) {
      addLocalizedIssue(
        ctx,
        ["status"],
        `状態（${registration.status}）が履歴の最後（${last.status}）と一致しません`,
        `The status ${registration.status} differs from the last change in the history (${last.status})`,
        "history_mismatch",
      )
    }
    if (registration.attended === true && registration.status !== "confirmed") {
      addLocalizedIssue(
        ctx,
        ["attended"],
        "参加確定していない申込を出席にはできません",
        "Only a confirmed registration can be marked attended",
        "attended_not_confirmed",
      )
    }
  })
/** @since 0.1.0 @category registrations */
export type EventRegistration = z.infer<typeof EventRegistration>

// ---------------------------------------------------------------------------------------------------------------
// Rules (pure)
// ---------------------------------------------------------------------------------------------------------------

/**
 * 申込を受け付けられない (registration rejected): why an application, a confirmation, a cancellation or a change
 * of capacity was refused. Nothing was changed.
 *
 * - `not_open`: the event takes no applications; `event_closed`: it was cancelled or has taken place;
 * - `event_started`, `deadline_passed`: too late;
 * - `full`: no seat and no wait-list;
 * - `not_found`: no such registration for this event; `state`: the registration's status does not allow it;
 * - `capacity_below_confirmed`: the new capacity is smaller than the number already confirmed.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { RegistrationRejected } from "@zaitaku/core"
 *
 * new RegistrationRejected({ reason: "full", description: { ja: "定員に達しました", en: "The event is full" } }).message
 * ```
 */
export class RegistrationRejected extends Data.TaggedError("RegistrationRejected")<{
  readonly reason:
    | "not_open"
    | "event_closed"
    | "event_started"
    | "deadline_passed"
    | "full"
    | "not_found"
    | "state"
    | "capacity_below_confirmed"
  readonly description: LocalizedText
}> {
  override get message(): string {
    return this.description.en
  }
}

const rejected = (reason: RegistrationRejected["reason"], ja: string, en: string) =>
  Result.fail(new RegistrationRejected({ reason, description: { ja, en } }))

/**
 * 申込台帳 (registration book): an event and all its registrations (cancelled ones included) — everything a rule
 * needs to decide. A store reads it under the event's lock.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import type { ActivityEvent, RegistrationBook } from "@zaitaku/core"
 *
 * declare const event: ActivityEvent
 * const book: RegistrationBook = { event, registrations: [] }
 * ```
 */
export interface RegistrationBook {
  readonly event: Pick<ActivityEvent, "id" | "tenantId" | "startsAt" | "status" | "registration">
  readonly registrations: ReadonlyArray<EventRegistration>
}

/**
 * 判定結果 (decision) of a rule: the registration concerned, the registrations to write (new or updated, in
 * order; empty when nothing changes), and which of them were promoted from the wait-list.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import type { RegistrationDecision } from "@zaitaku/core"
 *
 * declare const decision: RegistrationDecision
 * decision.registration.status // "confirmed", "wait_listed", …
 * ```
 */
export interface RegistrationDecision {
  /** `created` (a new registration), `updated` (its status changed) or `unchanged` (a retry; nothing to write). */
  readonly outcome: "created" | "updated" | "unchanged"
  readonly registration: EventRegistration
  readonly changes: ReadonlyArray<EventRegistration>
  readonly promoted: ReadonlyArray<EventRegistration>
}

const bySequence = (a: EventRegistration, b: EventRegistration): number => a.sequence - b.sequence

/**
 * 申込状況 (registration counts) of an event: registrations by status and the seats left (`null` without a
 * capacity).
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { type RegistrationBook, registrationCounts } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook
 * registrationCounts(book).seatsLeft
 * ```
 */
export const registrationCounts = (
  book: RegistrationBook,
): {
  readonly received: number
  readonly confirmed: number
  readonly waitListed: number
  readonly cancelled: number
  readonly seatsLeft: number | null
} => {
  const count = (status: RegistrationStatus) => book.registrations.filter((r) => r.status === status).length
  const confirmed = count("confirmed")
  const capacity = book.event.registration?.capacity
  return {
    received: count("received"),
    confirmed,
    waitListed: count("wait_listed"),
    cancelled: count("cancelled"),
    seatsLeft: capacity === undefined ? null : Math.max(0, capacity - confirmed),
  }
}

/**
 * キャンセル待ちの順番 (wait-list) of an event: its wait-listed registrations in the order they will be promoted.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { type RegistrationBook, waitList } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook
 * waitList(book)[0] // promoted next
 * ```
 */
export const waitList = (book: RegistrationBook): ReadonlyArray<EventRegistration> =>
  book.registrations.filter((r) => r.status === "wait_listed").sort(bySequence)

const withStatus = (
  registration: EventRegistration,
  status: RegistrationStatus,
  at: string,
  reason: RegistrationChangeReason,
): EventRegistration => ({
  ...registration,
  status,
  history: [...registration.history, { status, at, reason }],
})

/** Promotes wait-listed registrations, first come first served, while seats are free. */
const fillSeats = (
  registrations: ReadonlyArray<EventRegistration>,
  capacity: number | undefined,
  at: string,
): ReadonlyArray<EventRegistration> => {
  const waiting = registrations.filter((r) => r.status === "wait_listed").sort(bySequence)
  const confirmed = registrations.filter((r) => r.status === "confirmed").length
  const free = capacity === undefined ? waiting.length : Math.max(0, capacity - confirmed)
  return waiting.slice(0, free).map((r) => withStatus(r, "confirmed", at, "promoted"))
}

/**
 * 変更を反映する (apply changes): the registrations after writing a decision's `changes` (replacing by id, adding
 * new ones). What a store does in its transaction; also handy in memory.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { applyRegistrationChanges, type RegistrationBook, type RegistrationDecision } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook
 * declare const decision: RegistrationDecision
 * const next: RegistrationBook = { ...book, registrations: applyRegistrationChanges(book.registrations, decision.changes) }
 * ```
 */
export const applyRegistrationChanges = (
  registrations: ReadonlyArray<EventRegistration>,
  changes: ReadonlyArray<EventRegistration>,
): ReadonlyArray<EventRegistration> => {
  const byId = new Map(registrations.map((r) => [r.id, r]))
  for (const change of changes) byId.set(change.id, change)
  return [...byId.values()].sort(bySequence)
}

const merge = (...groups: ReadonlyArray<ReadonlyArray<EventRegistration>>): ReadonlyArray<EventRegistration> =>
  applyRegistrationChanges([], groups.flat())

const closedReason = (book: RegistrationBook) => {
  if (book.event.status === "cancelled") {
    return rejected("event_closed", "この研修・イベントは中止されました", "The event was cancelled")
  }
  if (book.event.status === "held") {
    return rejected("event_closed", "この研修・イベントは開催済みです", "The event has already taken place")
  }
  return undefined
}

/**
 * 申込 (apply): decides an application.
 *
 * 1. The event must take applications and be neither cancelled nor held.
 * 2. If the same applicant ({@link applicantKey}) has a live registration, it is returned `unchanged`.
 * 3. Too late — after the deadline day in Japan time, or at or after the start — is `deadline_passed` /
 *    `event_started`.
 * 4. Otherwise a new registration gets the next `sequence` and is `received` (manual confirmation), `confirmed`
 *    (a seat is free and no one is waiting) or `wait_listed` (full; or `full` is refused without a wait-list).
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { EventApplicant, EventRegistrationId, type RegistrationBook, register } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook
 * const decision = register(book, {
 *   id: EventRegistrationId.parse("0192f5a0-0000-7000-8000-000000000041"),
 *   applicant: EventApplicant.parse({ name: "厚木 花子", email: "hanako@example.jp", profession: "nurse" }),
 *   at: "2025-10-01T09:00:00+09:00",
 * })
 * if (Result.isFailure(decision)) decision.failure.description.ja // e.g. "申込期限（令和7年10月10日）を過ぎています…"
 * ```
 */
export const register = (
  book: RegistrationBook,
  application: {
    readonly id: EventRegistrationId
    readonly applicant: EventApplicant
    readonly at: string
    readonly formResponseId?: string | undefined
  },
): Result.Result<RegistrationDecision, RegistrationRejected> => {
  const settings = book.event.registration
  if (settings === undefined) {
    return rejected("not_open", "この研修・イベントは申込を受け付けていません", "The event does not take applications")
  }
  const closed = closedReason(book)
  if (closed !== undefined) return closed
  const key = applicantKey(application.applicant)
  const live = book.registrations.find((r) => r.applicantKey === key && r.status !== "cancelled")
  if (live !== undefined) return Result.succeed({ outcome: "unchanged", registration: live, changes: [], promoted: [] })
  const at = new Date(application.at)
  if (at.getTime() >= Date.parse(book.event.startsAt)) {
    return rejected("event_started", "研修・イベントはすでに始まっています", "The event has already started")
  }
  if (settings.deadline !== undefined && toIsoDate(at) > settings.deadline) {
    return rejected(
      "deadline_passed",
      `申込期限（${formatWareki(settings.deadline)}）を過ぎています（申込日 ${formatWareki(at)}）`,
      `The application deadline (${settings.deadline}) has passed; the application arrived on ${toIsoDate(at)}`,
    )
  }
  const promoted = fillSeats(book.registrations, settings.capacity, application.at)
  const current = applyRegistrationChanges(book.registrations, promoted)
  const sequence = book.registrations.reduce((max, r) => Math.max(max, r.sequence), 0) + 1
  const received: EventRegistration = {
    id: application.id,
    tenantId: book.event.tenantId,
    eventId: book.event.id,
    sequence,
    applicantKey: key,
    applicant: application.applicant,
    ...(application.formResponseId === undefined ? {} : { formResponseId: application.formResponseId }),
    status: "received",
    submittedAt: application.at,
    history: [{ status: "received", at: application.at, reason: "applied" }],
  }
  if (settings.confirmation === "manual") {
    return Result.succeed({
      outcome: "created",
      registration: received,
      changes: merge(promoted, [received]),
      promoted,
    })
  }
  const placed = place(current, received, settings, application.at)
  if (Result.isFailure(placed)) return Result.fail(placed.failure)
  return Result.succeed({
    outcome: "created",
    registration: placed.success,
    changes: merge(promoted, [placed.success]),
    promoted,
  })
}

/** Gives a seat when one is free and no one waits, else a place on the wait-list, else `full`. */
const place = (
  current: ReadonlyArray<EventRegistration>,
  registration: EventRegistration,
  settings: NonNullable<RegistrationBook["event"]["registration"]>,
  at: string,
): Result.Result<EventRegistration, RegistrationRejected> => {
  const confirmed = current.filter((r) => r.status === "confirmed").length
  const waiting = current.some((r) => r.status === "wait_listed")
  if (settings.capacity === undefined || (confirmed < settings.capacity && !waiting)) {
    return Result.succeed(withStatus(registration, "confirmed", at, "seat_given"))
  }
  if (settings.waitList) return Result.succeed(withStatus(registration, "wait_listed", at, "full"))
  return rejected(
    "full",
    `定員（${settings.capacity}人）に達したため受け付けできません`,
    `The event is full (capacity ${settings.capacity}) and keeps no wait-list`,
  )
}

const findRegistration = (book: RegistrationBook, id: EventRegistrationId) => {
  const registration = book.registrations.find((r) => r.id === id)
  return registration === undefined
    ? rejected("not_found", "この研修・イベントにその申込はありません", `No registration ${id} for this event`)
    : Result.succeed(registration)
}

/**
 * 参加確定 (confirm) a `received` registration of an event with manual confirmation: it gets a seat when one is
 * free and no one is waiting, else a place on the wait-list (or `full`). Confirming a confirmed registration is
 * `unchanged`; a wait-listed or cancelled one is a `state` error (the wait-list moves only by promotion).
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { confirmRegistration, EventRegistrationId, type RegistrationBook } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook
 * confirmRegistration(book, EventRegistrationId.parse("0192f5a0-0000-7000-8000-000000000041"), "2025-10-02T10:00:00+09:00")
 * ```
 */
export const confirmRegistration = (
  book: RegistrationBook,
  id: EventRegistrationId,
  at: string,
): Result.Result<RegistrationDecision, RegistrationRejected> => {
  const settings = book.event.registration
  if (settings === undefined) {
    return rejected("not_open", "この研修・イベントは申込を受け付けていません", "The event does not take applications")
  }
  const closed = closedReason(book)
  if (closed !== undefined) return closed
  const found = findRegistration(book, id)
  if (Result.isFailure(found)) return Result.fail(found.failure)
  const registration = found.success
  if (registration.status === "confirmed") {
    return Result.succeed({ outcome: "unchanged", registration, changes: [], promoted: [] })
  }
  if (registration.status !== "received") {
    return rejected(
      "state",
      `状態が「${registrationStatusJa[registration.status]}」の申込は確定できません`,
      `A ${registration.status} registration cannot be confirmed`,
    )
  }
  const promoted = fillSeats(book.registrations, settings.capacity, at)
  const placed = place(applyRegistrationChanges(book.registrations, promoted), registration, settings, at)
  if (Result.isFailure(placed)) return Result.fail(placed.failure)
  return Result.succeed({
    outcome: "updated",
    registration: placed.success,
    changes: merge(promoted, [placed.success]),
    promoted,
  })
}

const registrationStatusJa: Readonly<Record<RegistrationStatus, string>> = {
  received: "受付",
  confirmed: "参加確定",
  wait_listed: "キャンセル待ち",
  cancelled: "取消",
}

/**
 * 取消 (cancel) a registration, by the applicant or the organiser. A freed seat goes to the first wait-listed
 * registration (lowest `sequence`), which becomes `confirmed` with reason `promoted`. Cancelling a cancelled
 * registration is `unchanged` (a retry); a registration of an event that has taken place cannot be cancelled.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { cancelRegistration, EventRegistrationId, type RegistrationBook } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook
 * const decision = cancelRegistration(book, EventRegistrationId.parse("0192f5a0-0000-7000-8000-000000000041"), {
 *   at: "2025-10-05T12:00:00+09:00",
 *   by: "applicant",
 * })
 * ```
 */
export const cancelRegistration = (
  book: RegistrationBook,
  id: EventRegistrationId,
  context: { readonly at: string; readonly by: "applicant" | "organizer" },
): Result.Result<RegistrationDecision, RegistrationRejected> => {
  if (book.event.status === "held") {
    return rejected(
      "event_closed",
      "開催済みの研修・イベントの申込は取消できません。出欠を記録してください",
      "The event has taken place; record attendance instead of cancelling",
    )
  }
  const found = findRegistration(book, id)
  if (Result.isFailure(found)) return Result.fail(found.failure)
  const registration = found.success
  if (registration.status === "cancelled") {
    return Result.succeed({ outcome: "unchanged", registration, changes: [], promoted: [] })
  }
  const cancelled = withStatus(
    registration,
    "cancelled",
    context.at,
    context.by === "applicant" ? "cancelled_by_applicant" : "cancelled_by_organizer",
  )
  const after = applyRegistrationChanges(book.registrations, [cancelled])
  const promoted =
    book.event.status === "cancelled" ? [] : fillSeats(after, book.event.registration?.capacity, context.at)
  return Result.succeed({
    outcome: "updated",
    registration: cancelled,
    changes: merge([cancelled], promoted),
    promoted,
  })
}

/**
 * 定員の変更 (change the capacity): a larger capacity (or none) promotes wait-listed registrations in order; a
 * capacity below the number already confirmed is refused (`capacity_below_confirmed`) rather than dropping anyone.
 * Returns the new registration settings with the decision (`registration` is absent: several may change).
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { changeCapacity, type RegistrationBook } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook
 * changeCapacity(book, 40, "2025-10-03T09:00:00+09:00")
 * ```
 */
export const changeCapacity = (
  book: RegistrationBook,
  capacity: number | undefined,
  at: string,
): Result.Result<
  {
    readonly settings: NonNullable<RegistrationBook["event"]["registration"]>
    readonly changes: ReadonlyArray<EventRegistration>
    readonly promoted: ReadonlyArray<EventRegistration>
  },
  RegistrationRejected
> => {
  const settings = book.event.registration
  if (settings === undefined) {
    return rejected("not_open", "この研修・イベントは申込を受け付けていません", "The event does not take applications")
  }
  const confirmed = book.registrations.filter((r) => r.status === "confirmed").length
  if (capacity !== undefined && (!Number.isInteger(capacity) || capacity < 1)) {
    return rejected(
      "capacity_below_confirmed",
      "定員は1以上の整数です",
      "The capacity must be an integer of at least 1",
    )
  }
  if (capacity !== undefined && capacity < confirmed) {
    return rejected(
      "capacity_below_confirmed",
      `定員を${capacity}人にはできません。参加確定がすでに${confirmed}人います（先に取消してください）`,
      `The capacity cannot be ${capacity}: ${confirmed} registrations are already confirmed (cancel some first)`,
    )
  }
  const { capacity: _previous, ...rest } = settings
  const next = capacity === undefined ? rest : { ...rest, capacity }
  const promoted = fillSeats(book.registrations, capacity, at)
  return Result.succeed({ settings: next, changes: promoted, promoted })
}

/**
 * 出欠の記録 (record attendance) of a confirmed registration: whether the applicant came. Only confirmed
 * registrations can attend (`state` otherwise).
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { EventRegistrationId, markAttendance, type RegistrationBook } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook
 * markAttendance(book, EventRegistrationId.parse("0192f5a0-0000-7000-8000-000000000041"), true)
 * ```
 */
export const markAttendance = (
  book: RegistrationBook,
  id: EventRegistrationId,
  attended: boolean,
): Result.Result<RegistrationDecision, RegistrationRejected> => {
  const found = findRegistration(book, id)
  if (Result.isFailure(found)) return Result.fail(found.failure)
  const registration = found.success
  if (registration.status !== "confirmed") {
    return rejected(
      "state",
      `状態が「${registrationStatusJa[registration.status]}」の申込には出欠を記録できません`,
      `Attendance can be recorded only for confirmed registrations, not ${registration.status}`,
    )
  }
  if (registration.attended === attended) {
    return Result.succeed({ outcome: "unchanged", registration, changes: [], promoted: [] })
  }
  const updated = { ...registration, attended }
  return Result.succeed({ outcome: "updated", registration: updated, changes: [updated], promoted: [] })
}
