/**
 * 会議・課題・対応策 (meetings, issues and countermeasures, 事業項目イ): the 協議会, WG, 部会 and 地域ケア会議 where
 * medical and care professionals take stock, raise issues (課題) and decide countermeasures (対応策) — with who
 * attended (by organisation and profession; counts when names are not recorded), the agenda and the minutes; each
 * issue with its scenes and status; each countermeasure with its owner, due date and the PDCA goals it serves.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import {
  CountermeasureStatus,
  MeetingKind,
  OrganizationCategory,
  ProfessionCode,
  ProgramIssueStatus,
} from "./ActivityCodeLists.js"
import { ActivityOrganizer } from "./ActivityEvent.js"
import { AreaRef } from "./AreaHierarchy.js"
import { addLocalizedIssue } from "./Decode.js"
import { ResourceId, TenantId } from "./Ids.js"
import { IsoDate } from "./Period.js"
import { CareScenes, CareThemes } from "./ProgramFramework.js"
import { CountermeasureId, MeetingId, PdcaGoalId, ProgramIssueId } from "./ProgramIds.js"

const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "A time is written HH:MM (00:00-23:59)")

/**
 * 出席者 (attendee group): attendees of one organisation and profession — `count` people, and their names only
 * when the minutes record them (then exactly `count` names).
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { AttendeeGroup } from "@zaitaku/core"
 *
 * AttendeeGroup.parse({ organizationCategory: "medical_association", profession: "doctor", count: 2 })
 * ```
 */
export const AttendeeGroup = z
  .object({
    organizationCategory: OrganizationCategory.optional(),
    organizationName: z.string().trim().min(1).max(200).optional(),
    resourceId: ResourceId.optional(),
    profession: ProfessionCode.optional(),
    count: z.int().min(1).max(10_000),
    names: z.array(z.string().trim().min(1).max(50)).optional(),
  })
  .superRefine((group, ctx) => {
    if (group.names !== undefined && group.names.length !== group.count) {
      addLocalizedIssue(
        ctx,
        ["names"],
        `氏名の数（${group.names.length}）が人数（${group.count}）と一致しません`,
        `${group.names.length} names are given for ${group.count} attendees`,
        "names_count",
      )
    }
  })
/** @since 0.1.0 @category meetings */
export type AttendeeGroup = z.infer<typeof AttendeeGroup>

/**
 * 会議の状況 (meeting status): `planned`, `held` (counted in the program's figures), `cancelled`.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { MeetingStatus } from "@zaitaku/core"
 *
 * MeetingStatus.parse("held")
 * ```
 */
export const MeetingStatus = z.enum(["planned", "held", "cancelled"])
/** @since 0.1.0 @category meetings */
export type MeetingStatus = z.infer<typeof MeetingStatus>

/**
 * 会議 (meeting): a 協議会, WG, 部会, 地域ケア会議 or 連絡会.
 *
 * - `area`: the area whose program it belongs to (a municipality, or the 二次医療圏 / 保健所管轄 of a council);
 * - `attendees`: absent when attendance was not recorded (the number is then unknown, not zero);
 * - `agenda`: the 議題, in order; `minutes`: the 議事録 text.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { Meeting } from "@zaitaku/core"
 *
 * Meeting.parse({
 *   id: "0192f5a0-0000-7000-8000-000000000051",
 *   tenantId: "0192f5a0-0000-7000-8000-0000000000aa",
 *   area: { kind: "health_center_district", code: "esashi" },
 *   kind: "subcommittee",
 *   title: "在宅医療専門部会兼多職種連携協議会",
 *   heldOn: "2024-11-20",
 *   scenes: ["admission_discharge"],
 *   attendees: [
 *     { organizationCategory: "medical_association", profession: "doctor", count: 3 },
 *     { organizationCategory: "community_support_center", profession: "care_manager", count: 5 },
 *   ],
 *   agenda: ["在宅医療実態調査報告", "入退院連携ルールの課題の対応策検討"],
 *   status: "held",
 * })
 * ```
 */
export const Meeting = z
  .object({
    id: MeetingId,
    tenantId: TenantId,
    area: AreaRef,
    kind: MeetingKind,
    title: z.string().trim().min(1).max(200),
    heldOn: IsoDate,
    startTime: clockTime.optional(),
    endTime: clockTime.optional(),
    organizer: ActivityOrganizer.optional(),
    scenes: CareScenes.default([]),
    themes: CareThemes.default([]),
    attendees: z.array(AttendeeGroup).optional(),
    agenda: z.array(z.string().trim().min(1).max(300)).default([]),
    minutes: z.string().trim().min(1).max(50_000).optional(),
    status: MeetingStatus,
  })
  .superRefine((meeting, ctx) => {
    if (meeting.startTime !== undefined && meeting.endTime !== undefined && meeting.endTime <= meeting.startTime) {
      addLocalizedIssue(
        ctx,
        ["endTime"],
        "終了時刻は開始時刻より後にしてください",
        "The end must be after the start",
        "range",
      )
    }
  })
/** @since 0.1.0 @category meetings */
export type Meeting = z.infer<typeof Meeting>
/** The input form of a {@link Meeting} (defaults not yet applied). @since 0.1.0 @category meetings */
export type MeetingInput = z.input<typeof Meeting>

/**
 * 出席者数 (number of attendees) of a meeting: the sum of its attendee groups, or `null` when attendance was not
 * recorded.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { type Meeting, meetingAttendeeCount } from "@zaitaku/core"
 *
 * declare const meeting: Meeting
 * meetingAttendeeCount(meeting) // e.g. 8, or null
 * ```
 */
export const meetingAttendeeCount = (meeting: Pick<Meeting, "attendees">): number | null =>
  meeting.attendees === undefined ? null : meeting.attendees.reduce((sum, group) => sum + group.count, 0)

const needsSceneOrTheme = (
  value: { readonly scenes: ReadonlyArray<unknown>; readonly themes: ReadonlyArray<unknown> },
  ctx: z.core.$RefinementCtx<unknown>,
  what: { readonly ja: string; readonly en: string },
): void => {
  if (value.scenes.length === 0 && value.themes.length === 0) {
    addLocalizedIssue(
      ctx,
      ["scenes"],
      `${what.ja}には場面（日常の療養支援・入退院支援・急変時の対応・看取り）かテーマを1つ以上指定してください`,
      `${what.en} needs at least one scene or theme`,
      "scene_missing",
    )
  }
}

/**
 * 課題 (issue): a problem in home care coordination that a meeting, a survey or the desk's consultations brought
 * up, with the scenes (or themes) it concerns and its status. A resolved issue says when.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { ProgramIssue } from "@zaitaku/core"
 *
 * ProgramIssue.parse({
 *   id: "0192f5a0-0000-7000-8000-000000000061",
 *   tenantId: "0192f5a0-0000-7000-8000-0000000000aa",
 *   area: { kind: "municipality", code: "144011" },
 *   title: "退院時に病院からケアマネジャーへの連絡が遅れる",
 *   scenes: ["admission_discharge"],
 *   status: "open",
 *   raisedOn: "2024-11-20",
 *   meetingId: "0192f5a0-0000-7000-8000-000000000051",
 * })
 * ```
 */
export const ProgramIssue = z
  .object({
    id: ProgramIssueId,
    tenantId: TenantId,
    area: AreaRef,
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().min(1).max(5000).optional(),
    scenes: CareScenes.default([]),
    themes: CareThemes.default([]),
    status: ProgramIssueStatus,
    raisedOn: IsoDate,
    /** The meeting where it was raised, if it was. */
    meetingId: MeetingId.optional(),
    /** Where it came from otherwise (実態調査, 相談 …). */
    sourceNote: z.string().trim().min(1).max(300).optional(),
    resolvedOn: IsoDate.optional(),
  })
  .superRefine((issue, ctx) => {
    needsSceneOrTheme(issue, ctx, { ja: "課題", en: "An issue" })
    if (issue.status === "resolved" && issue.resolvedOn === undefined) {
      addLocalizedIssue(
        ctx,
        ["resolvedOn"],
        "解決した課題には解決日を入れてください",
        "A resolved issue needs resolvedOn",
        "resolved_on_missing",
      )
    }
    if (issue.status !== "resolved" && issue.resolvedOn !== undefined) {
      addLocalizedIssue(
        ctx,
        ["resolvedOn"],
        "解決日は解決した課題にだけ入れます",
        "Only a resolved issue has resolvedOn",
        "resolved_on_unexpected",
      )
    }
    if (issue.resolvedOn !== undefined && issue.resolvedOn < issue.raisedOn) {
      addLocalizedIssue(ctx, ["resolvedOn"], "解決日が提起日より前です", "resolvedOn is before raisedOn", "range")
    }
  })
/** @since 0.1.0 @category meetings */
export type ProgramIssue = z.infer<typeof ProgramIssue>

/**
 * 担当 (owner) of a countermeasure: a person, role or organisation, with its directory entry when it has one.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { CountermeasureOwner } from "@zaitaku/core"
 *
 * CountermeasureOwner.parse({ name: "入退院支援WG", organizationCategory: "municipality" })
 * ```
 */
export const CountermeasureOwner = z.object({
  name: z.string().trim().min(1).max(200),
  organizationCategory: OrganizationCategory.optional(),
  resourceId: ResourceId.optional(),
})
/** @since 0.1.0 @category meetings */
export type CountermeasureOwner = z.infer<typeof CountermeasureOwner>

/**
 * 対応策 (countermeasure): what will be done about issues, by whom and by when, and which PDCA goals it serves.
 * Like goals, it may serve several scenes (the guidance says the scenes overlap). A completed countermeasure says
 * when it was completed.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { Countermeasure } from "@zaitaku/core"
 *
 * Countermeasure.parse({
 *   id: "0192f5a0-0000-7000-8000-000000000071",
 *   tenantId: "0192f5a0-0000-7000-8000-0000000000aa",
 *   title: "入退院連携ルールを改訂し、病院・居宅介護支援事業所に周知する",
 *   scenes: ["admission_discharge", "daily_care"],
 *   issueIds: ["0192f5a0-0000-7000-8000-000000000061"],
 *   goalIds: ["0192f5a0-0000-7000-8000-000000000081"],
 *   owner: { name: "入退院支援WG" },
 *   dueOn: "2025-03-31",
 *   status: "in_progress",
 * })
 * ```
 */
export const Countermeasure = z
  .object({
    id: CountermeasureId,
    tenantId: TenantId,
    area: AreaRef.optional(),
    title: z.string().trim().min(1).max(300),
    description: z.string().trim().min(1).max(5000).optional(),
    scenes: CareScenes.default([]),
    themes: CareThemes.default([]),
    issueIds: z.array(ProgramIssueId).default([]),
    goalIds: z.array(PdcaGoalId).default([]),
    owner: CountermeasureOwner,
    dueOn: IsoDate.optional(),
    status: CountermeasureStatus,
    completedOn: IsoDate.optional(),
  })
  .superRefine((measure, ctx) => {
    needsSceneOrTheme(measure, ctx, { ja: "対応策", en: "A countermeasure" })
    if (measure.status === "done" && measure.completedOn === undefined) {
      addLocalizedIssue(
        ctx,
        ["completedOn"],
        "完了した対応策には完了日を入れてください",
        "A done countermeasure needs completedOn",
        "completed_on_missing",
      )
    }
    if (measure.status !== "done" && measure.completedOn !== undefined) {
      addLocalizedIssue(
        ctx,
        ["completedOn"],
        "完了日は完了した対応策にだけ入れます",
        "Only a done countermeasure has completedOn",
        "completed_on_unexpected",
      )
    }
    for (const [field, ids] of [
      ["issueIds", measure.issueIds as ReadonlyArray<string>],
      ["goalIds", measure.goalIds as ReadonlyArray<string>],
    ] as const) {
      if (new Set(ids).size !== ids.length) {
        addLocalizedIssue(ctx, [field], "同じIDが重複しています", `${field} lists the same id twice`, "duplicate")
      }
    }
  })
/** @since 0.1.0 @category meetings */
export type Countermeasure = z.infer<typeof Countermeasure>
/** The input form of a {@link Countermeasure} (defaults not yet applied). @since 0.1.0 @category meetings */
export type CountermeasureInput = z.input<typeof Countermeasure>

/**
 * 期限内に完了したか (completed on time): `true` when done on or before the due date, `false` when done late or
 * overdue as of `asOf`, `undefined` when it has no due date, was cancelled, or is not yet due.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { type Countermeasure, countermeasureOnTime } from "@zaitaku/core"
 *
 * declare const measure: Countermeasure
 * countermeasureOnTime(measure, "2025-04-01")
 * ```
 */
export const countermeasureOnTime = (
  measure: Pick<Countermeasure, "dueOn" | "status" | "completedOn">,
  asOf: IsoDate,
): boolean | undefined => {
  if (measure.dueOn === undefined || measure.status === "cancelled") return undefined
  if (measure.status === "done" && measure.completedOn !== undefined) return measure.completedOn <= measure.dueOn
  return asOf > measure.dueOn ? false : undefined
}
