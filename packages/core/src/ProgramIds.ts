/**
 * Branded identifiers of the program's activities and PDCA plans (UUIDs, version 7 from `IdGenerator`), so that a
 * meeting id can never be passed where a consultation id is expected, and the codes of indicators and data
 * elements (stable, human-readable, shared across tenants).
 *
 * @since 0.1.0
 */
import * as z from "zod"

/**
 * 相談記録ID (consultation id): one consultation handled by a desk (相談窓口).
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { ConsultationId } from "@zaitaku/core"
 *
 * ConsultationId.safeParse("0192f5a0-0000-7000-8000-000000000001").success // true
 * ```
 */
export const ConsultationId = z.uuid().brand<"ConsultationId">()
/** @since 0.1.0 @category ids */
export type ConsultationId = z.infer<typeof ConsultationId>

/**
 * 研修・普及啓発イベントID (event id): a training session or a public event.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { ActivityEventId } from "@zaitaku/core"
 *
 * ActivityEventId.safeParse("0192f5a0-0000-7000-8000-000000000002").success // true
 * ```
 */
export const ActivityEventId = z.uuid().brand<"ActivityEventId">()
/** @since 0.1.0 @category ids */
export type ActivityEventId = z.infer<typeof ActivityEventId>

/**
 * 参加申込ID (registration id): one applicant's registration for an event.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { EventRegistrationId } from "@zaitaku/core"
 *
 * EventRegistrationId.safeParse("0192f5a0-0000-7000-8000-000000000003").success // true
 * ```
 */
export const EventRegistrationId = z.uuid().brand<"EventRegistrationId">()
/** @since 0.1.0 @category ids */
export type EventRegistrationId = z.infer<typeof EventRegistrationId>

/**
 * アンケート回答ID (feedback id): one answer to an event's feedback survey.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { EventFeedbackId } from "@zaitaku/core"
 *
 * EventFeedbackId.safeParse("0192f5a0-0000-7000-8000-000000000004").success // true
 * ```
 */
export const EventFeedbackId = z.uuid().brand<"EventFeedbackId">()
/** @since 0.1.0 @category ids */
export type EventFeedbackId = z.infer<typeof EventFeedbackId>

/**
 * 会議ID (meeting id): one 協議会, WG, 部会 or 地域ケア会議 meeting.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { MeetingId } from "@zaitaku/core"
 *
 * MeetingId.safeParse("0192f5a0-0000-7000-8000-000000000005").success // true
 * ```
 */
export const MeetingId = z.uuid().brand<"MeetingId">()
/** @since 0.1.0 @category ids */
export type MeetingId = z.infer<typeof MeetingId>

/**
 * 課題ID (issue id): one issue (課題) raised in a meeting, a survey or a consultation.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { ProgramIssueId } from "@zaitaku/core"
 *
 * ProgramIssueId.safeParse("0192f5a0-0000-7000-8000-000000000006").success // true
 * ```
 */
export const ProgramIssueId = z.uuid().brand<"ProgramIssueId">()
/** @since 0.1.0 @category ids */
export type ProgramIssueId = z.infer<typeof ProgramIssueId>

/**
 * 対応策ID (countermeasure id): one countermeasure (対応策) against issues, toward goals.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { CountermeasureId } from "@zaitaku/core"
 *
 * CountermeasureId.safeParse("0192f5a0-0000-7000-8000-000000000007").success // true
 * ```
 */
export const CountermeasureId = z.uuid().brand<"CountermeasureId">()
/** @since 0.1.0 @category ids */
export type CountermeasureId = z.infer<typeof CountermeasureId>

/**
 * 計画ID (plan id): one PDCA plan of a tenant for a cycle.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { PdcaPlanId } from "@zaitaku/core"
 *
 * PdcaPlanId.safeParse("0192f5a0-0000-7000-8000-000000000008").success // true
 * ```
 */
export const PdcaPlanId = z.uuid().brand<"PdcaPlanId">()
/** @since 0.1.0 @category ids */
export type PdcaPlanId = z.infer<typeof PdcaPlanId>

/**
 * 目標ID (goal id): one goal (目標) of a PDCA plan.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { PdcaGoalId } from "@zaitaku/core"
 *
 * PdcaGoalId.safeParse("0192f5a0-0000-7000-8000-000000000009").success // true
 * ```
 */
export const PdcaGoalId = z.uuid().brand<"PdcaGoalId">()
/** @since 0.1.0 @category ids */
export type PdcaGoalId = z.infer<typeof PdcaGoalId>

const codePattern = /^[a-z][a-z0-9_]*$/

/**
 * 指標コード (indicator code): the stable code of an evaluation indicator, lower-case letters, digits and `_`
 * (e.g. `consultations_total`). Codes of the standard catalogue are reserved; a tenant's own indicators use
 * another prefix.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { IndicatorCode } from "@zaitaku/core"
 *
 * IndicatorCode.safeParse("consultations_total").success // true
 * IndicatorCode.safeParse("Consultations Total").success // false
 * ```
 */
export const IndicatorCode = z
  .string()
  .max(64)
  .regex(codePattern, "An indicator code starts with a-z and uses a-z, 0-9 and _")
  .brand<"IndicatorCode">()
/** @since 0.1.0 @category ids */
export type IndicatorCode = z.infer<typeof IndicatorCode>

/**
 * データ項目コード (data element code): the stable code of a counted or entered figure that indicators are
 * computed from (e.g. `consultations`, `population_65_plus`), lower-case letters, digits and `_`.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { DataElementCode } from "@zaitaku/core"
 *
 * DataElementCode.safeParse("consultations").success // true
 * ```
 */
export const DataElementCode = z
  .string()
  .max(64)
  .regex(codePattern, "A data element code starts with a-z and uses a-z, 0-9 and _")
  .brand<"DataElementCode">()
/** @since 0.1.0 @category ids */
export type DataElementCode = z.infer<typeof DataElementCode>
