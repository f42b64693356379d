/**
 * 研修・普及啓発 (trainings and public events, 事業項目カ・キ): 多職種研修, 同職種研修, 事例検討会, 市民講演会, 出前講座 —
 * who organises them, when and where, for which professions, how applicants register (定員, 申込期限, confirmation,
 * キャンセル待ち, a public link), how many attended, and what they said in the feedback survey.
 *
 * Registrations themselves and the rules that enforce capacity and deadline are in `EventRegistration`.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { ActivityEventKind, OrganizationCategory, ProfessionCode } from "./ActivityCodeLists.js"
import { AreaRef } from "./AreaHierarchy.js"
import { Instant } from "./BusinessCalendar.js"
import { addLocalizedIssue } from "./Decode.js"
import { ResourceId, TenantId } from "./Ids.js"
import { IsoDate, toIsoDate } from "./Period.js"
import { CareScenes, CareThemes } from "./ProgramFramework.js"
import { ActivityEventId, EventFeedbackId, EventRegistrationId } from "./ProgramIds.js"

/**
 * 主催・共催 (organiser): a name and, when it is in the directory, its entry.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { ActivityOrganizer } from "@zaitaku/core"
 *
 * ActivityOrganizer.parse({ name: "愛川町在宅医療・介護連携推進協議会" })
 * ```
 */
export const ActivityOrganizer = z.object({
  name: z.string().trim().min(1).max(200),
  resourceId: ResourceId.optional(),
  category: OrganizationCategory.optional(),
})
/** @since 0.1.0 @category events */
export type ActivityOrganizer = z.infer<typeof ActivityOrganizer>

/**
 * 会場 (venue): in person (a place), online (a URL, if published) or both.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { EventVenue } from "@zaitaku/core"
 *
 * EventVenue.parse({ mode: "in_person", name: "愛川町文化会館 2階 第1会議室" })
 * EventVenue.parse({ mode: "online", url: "https://example.jp/meeting" })
 * ```
 */
export const EventVenue = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("in_person"),
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().min(1).max(300).optional(),
  }),
  z.object({ mode: z.literal("online"), url: z.url({ protocol: /^https$/ }).optional() }),
  z.object({
    mode: z.literal("hybrid"),
    name: z.string().trim().min(1).max(200),
    address: z.string().trim().min(1).max(300).optional(),
    url: z.url({ protocol: /^https$/ }).optional(),
  }),
])
/** @since 0.1.0 @category events */
export type EventVenue = z.infer<typeof EventVenue>

/**
 * 申込の設定 (registration settings) of an event.
 *
 * - `capacity` (定員): seats; absent means no limit. Only `confirmed` registrations hold a seat.
 * - `deadline` (申込期限): the last day to apply, inclusive, in Japan time; absent means until the event starts.
 * - `confirmation`: `automatic` (a seat is given on arrival while one is free) or `manual` (applications are
 *   `received` and the organiser confirms them).
 * - `waitList`: when full, further applicants are wait-listed (true, the default) or refused with a clear error.
 * - `public`: the event can be applied for through a public link, without an account.
 * - `formTemplateId`: the application form (研修申込書 by default).
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { EventRegistrationSettings } from "@zaitaku/core"
 *
 * EventRegistrationSettings.parse({ capacity: 30, deadline: "2025-10-10", public: true })
 * ```
 */
export const EventRegistrationSettings = z.object({
  capacity: z.int().min(1).max(100_000).optional(),
  deadline: IsoDate.optional(),
  confirmation: z.enum(["automatic", "manual"]).default("automatic"),
  waitList: z.boolean().default(true),
  public: z.boolean().default(false),
  formTemplateId: z.string().min(1).max(100).default("training-application"),
})
/** @since 0.1.0 @category events */
export type EventRegistrationSettings = z.infer<typeof EventRegistrationSettings>

/**
 * 参加者数 (attendance count) recorded for an event — counted at the door, or entered afterwards — with optional
 * breakdowns by profession and by organisation category. A breakdown may be partial but never exceeds the total.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { EventAttendanceCount } from "@zaitaku/core"
 *
 * EventAttendanceCount.parse({ total: 97, byProfession: { nurse: 40, care_manager: 30, social_worker: 12 } })
 * ```
 */
export const EventAttendanceCount = z
  .object({
    total: z.int().min(0),
    byProfession: z.record(z.string(), z.int().min(0)).optional(),
    byOrganizationCategory: z.record(z.string(), z.int().min(0)).optional(),
  })
  .superRefine((count, ctx) => {
    for (const [field, breakdown] of [
      ["byProfession", count.byProfession],
      ["byOrganizationCategory", count.byOrganizationCategory],
    ] as const) {
      if (breakdown === undefined) continue
      for (const key of Object.keys(breakdown)) {
        const valid =
          field === "byProfession" ? ProfessionCode.safeParse(key).success : OrganizationCategory.safeParse(key).success
        if (!valid) {
          addLocalizedIssue(
            ctx,
            [field, key],
            `「${key}」はコード表にありません`,
            `${key} is not a code of the ${field === "byProfession" ? "profession" : "organization_category"} list`,
            "code_list",
          )
        }
      }
      const sum = Object.values(breakdown).reduce((a, b) => a + b, 0)
      if (sum > count.total) {
        addLocalizedIssue(
          ctx,
          [field],
          `内訳の合計（${sum}人）が参加者数（${count.total}人）を超えています`,
          `The breakdown adds up to ${sum}, more than the total of ${count.total}`,
          "breakdown_exceeds_total",
        )
      }
    }
  })
/** @since 0.1.0 @category events */
export type EventAttendanceCount = z.infer<typeof EventAttendanceCount>

/**
 * 開催状況 (event status): `planned`, `held` (took place; counted in the program's figures), `cancelled`.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { ActivityEventStatus } from "@zaitaku/core"
 *
 * ActivityEventStatus.parse("held")
 * ```
 */
export const ActivityEventStatus = z.enum(["planned", "held", "cancelled"])
/** @since 0.1.0 @category events */
export type ActivityEventStatus = z.infer<typeof ActivityEventStatus>

/**
 * 研修・普及啓発イベント (training or public event).
 *
 * - `area`: the area whose program it belongs to (a municipality, or a 二次医療圏 / 保健所管轄 for a council's event);
 * - `startsAt`/`endsAt`: with a UTC offset; the end is after the start;
 * - `targetProfessions`: the professions it is for (empty: anyone);
 * - `registration`: absent when the event takes no applications (an 出前講座 counted at the door); its deadline may
 *   not fall after the day the event starts;
 * - `attendance`: the recorded count; when absent, attendance is taken from the registrations marked attended.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { ActivityEvent } from "@zaitaku/core"
 *
 * ActivityEvent.parse({
 *   id: "0192f5a0-0000-7000-8000-000000000002",
 *   tenantId: "0192f5a0-0000-7000-8000-0000000000aa",
 *   area: { kind: "municipality", code: "144011" },
 *   kind: "multi_professional_training",
 *   title: "令和7年度 多職種研修会",
 *   theme: "安心して過ごせる場をどう作っていくか",
 *   organizer: { name: "愛川町在宅医療・介護連携推進協議会" },
 *   startsAt: "2026-02-06T18:30:00+09:00",
 *   endsAt: "2026-02-06T20:30:00+09:00",
 *   venue: { mode: "in_person", name: "愛川町役場" },
 *   targetProfessions: ["nurse", "registered_dietitian"],
 *   registration: { capacity: 30, deadline: "2026-01-23" },
 *   status: "planned",
 * })
 * ```
 */
export const ActivityEvent = z
  .object({
    id: ActivityEventId,
    tenantId: TenantId,
    area: AreaRef,
    kind: ActivityEventKind,
    title: z.string().trim().min(1).max(200),
    theme: z.string().trim().min(1).max(300).optional(),
    scenes: CareScenes.default([]),
    themes: CareThemes.default([]),
    organizer: ActivityOrganizer,
    coOrganizers: z.array(ActivityOrganizer).default([]),
    startsAt: Instant,
    endsAt: Instant,
    venue: EventVenue,
    targetProfessions: z.array(ProfessionCode).default([]),
    registration: EventRegistrationSettings.optional(),
    status: ActivityEventStatus,
    attendance: EventAttendanceCount.optional(),
    description: z.string().trim().min(1).max(5000).optional(),
  })
  .superRefine((event, ctx) => {
    if (Date.parse(event.endsAt) <= Date.parse(event.startsAt)) {
      addLocalizedIssue(ctx, ["endsAt"], "終了は開始より後にしてください", "The end must be after the start", "range")
    }
    const deadline = event.registration?.deadline
    if (deadline !== undefined) {
      const startDay = toIsoDate(new Date(event.startsAt))
      if (deadline > startDay) {
        addLocalizedIssue(
          ctx,
          ["registration", "deadline"],
          `申込期限（${deadline}）が開催日（${startDay}）より後です`,
          `The application deadline ${deadline} is after the day the event starts (${startDay})`,
          "deadline_after_start",
        )
      }
    }
  })
/** @since 0.1.0 @category events */
export type ActivityEvent = z.infer<typeof ActivityEvent>
/** The input form of an {@link ActivityEvent} (defaults not yet applied). @since 0.1.0 @category events */
export type ActivityEventInput = z.input<typeof ActivityEvent>

/**
 * 開催日 (event day): the day the event starts, in Japan time.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { type ActivityEvent, eventDay } from "@zaitaku/core"
 *
 * declare const event: ActivityEvent
 * eventDay(event) // e.g. "2026-02-06"
 * ```
 */
export const eventDay = (event: Pick<ActivityEvent, "startsAt">): IsoDate => toIsoDate(new Date(event.startsAt))

// ---------------------------------------------------------------------------------------------------------------
// Feedback (アンケート)
// ---------------------------------------------------------------------------------------------------------------

/**
 * アンケート回答 (feedback): one participant's answer to the event's survey — satisfaction and usefulness on a
 * 1–5 scale (5 best), the profession, and a comment. Anonymous unless it names the registration.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { EventFeedback } from "@zaitaku/core"
 *
 * EventFeedback.parse({
 *   id: "0192f5a0-0000-7000-8000-000000000031",
 *   eventId: "0192f5a0-0000-7000-8000-000000000002",
 *   submittedAt: "2026-02-06T20:35:00+09:00",
 *   satisfaction: 5,
 *   usefulness: 4,
 *   profession: "nurse",
 *   comment: "病院と施設の看護師で話せてよかった",
 * })
 * ```
 */
export const EventFeedback = z.object({
  id: EventFeedbackId,
  eventId: ActivityEventId,
  registrationId: EventRegistrationId.optional(),
  submittedAt: Instant,
  satisfaction: z.int().min(1).max(5),
  usefulness: z.int().min(1).max(5).optional(),
  profession: ProfessionCode.optional(),
  comment: z.string().trim().min(1).max(2000).optional(),
})
/** @since 0.1.0 @category events */
export type EventFeedback = z.infer<typeof EventFeedback>

/**
 * アンケート集計 (feedback summary): number of answers, the count of each satisfaction score 1–5, and the mean
 * satisfaction and usefulness (`null` when nobody answered that question).
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import type { FeedbackSummary } from "@zaitaku/core"
 *
 * const empty: FeedbackSummary = { responses: 0, satisfactionCounts: [0, 0, 0, 0, 0], meanSatisfaction: null, meanUsefulness: null }
 * ```
 */
export interface FeedbackSummary {
  readonly responses: number
  /** Counts of satisfaction 1, 2, 3, 4, 5. */
  readonly satisfactionCounts: readonly [number, number, number, number, number]
  readonly meanSatisfaction: number | null
  readonly meanUsefulness: number | null
}

/**
 * アンケートを集計する (summarise feedback) of one event.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { type EventFeedback, summariseFeedback } from "@zaitaku/core"
 *
 * declare const answers: ReadonlyArray<EventFeedback>
 * summariseFeedback(answers).meanSatisfaction
 * ```
 */
export const summariseFeedback = (feedback: ReadonlyArray<EventFeedback>): FeedbackSummary => {
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0]
  let usefulnessSum = 0
  let usefulnessCount = 0
  for (const answer of feedback) {
    counts[answer.satisfaction - 1]! += 1
    if (answer.usefulness !== undefined) {
      usefulnessSum += answer.usefulness
      usefulnessCount += 1
    }
  }
  const satisfactionSum = counts.reduce((sum, count, index) => sum + count * (index + 1), 0)
  return {
    responses: feedback.length,
    satisfactionCounts: counts,
    meanSatisfaction: feedback.length === 0 ? null : satisfactionSum / feedback.length,
    meanUsefulness: usefulnessCount === 0 ? null : usefulnessSum / usefulnessCount,
  }
}
