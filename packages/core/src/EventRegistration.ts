/**
 * 参加申込 (event registrations): who applied for a training or public event, in which order, and where each
 * application stands — 受付 (received), 参加確定 (confirmed), キャンセル待ち (wait-listed) or 取消 (cancelled) —
 * with the history of every change and whether the applicant attended.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { OrganizationCategory, ProfessionCode, RegistrationStatus } from "./ActivityCodeLists.js"
import { Instant } from "./BusinessCalendar.js"
import { addLocalizedIssue } from "./Decode.js"
import { ResourceId, TenantId } from "./Ids.js"
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
 * applicantKey({ name: "厚木 花子", email: "Hanako@Example.JP", profession: "nurse" }) // "email:hanako@example.jp"
 * applicantKey({ name: "厚木　花子", phone: "046-285-2111", profession: "nurse" }) // "name:厚木花子|tel:0462852111"
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
