/**
 * 入退院支援の調整 (admission/discharge coordination): the case model and the pure engine that turns a case, the
 * rule sets and the business calendar into obligations with due dates, statuses and explanations.
 *
 * `evaluate(case, ruleSets, calendar, now)` is deterministic and does no I/O: the same inputs give the same output,
 * events and evidence after `now` are ignored, and every obligation says which rule made it, why it applies and
 * how its due date was computed. Links to forms are abstract: an obligation is met by {@link Evidence} — a
 * recorded contact, a sent form of a template id to a recipient id, a conference, an application support.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as z from "zod"
import { LocalGovernmentCode, prefectureOf } from "./Area.js"
import {
  addBusinessDays,
  addCalendarDays,
  BusinessSchedule,
  calendarDaysBetween,
  type DateOutsideCalendar,
  dayStatus,
  defaultBusinessSchedule,
  type HolidayCalendar,
  Instant,
  type InstantInput,
  sameDayDeadline,
  tokyoDateTimeOf,
} from "./BusinessCalendar.js"
import type { LocalizedText } from "./Label.js"
import { IsoDate } from "./Period.js"
import {
  AdmissionPurpose,
  AgeBand,
  type Applicability,
  CareLevel,
  CaseEventType,
  careLevelLabels,
  caseEventTypeLabels,
  type Deadline,
  isInForce,
  type ObligationAction,
  type ObligationRule,
  PartyRole,
  partyRoleLabels,
  type Rule,
  type RuleSet,
} from "./RuleSet.js"

// ---------------------------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------------------------

/**
 * 関係機関 (party) of a case: a directory entry's id, its municipality (for choosing the regional rule set) and its
 * business schedule (for business-day deadlines; {@link defaultBusinessSchedule} when omitted).
 *
 * @since 0.1.0
 * @category cases
 * @example
 * ```ts
 * import { CaseParty } from "@zaitaku/core"
 *
 * CaseParty.parse({ id: "hospital-1", municipality: "132136" })
 * ```
 */
export const CaseParty = z.object({
  id: z.string().min(1),
  municipality: LocalGovernmentCode.optional(),
  schedule: BusinessSchedule.optional(),
})
/** @since 0.1.0 @category cases */
export type CaseParty = z.infer<typeof CaseParty>

/**
 * 出来事 (case event): what happened when, and who recorded it. A `discharge_planning_started` event may carry the
 * planned discharge date (退院予定日); the latest such event counts.
 *
 * @since 0.1.0
 * @category cases
 * @example
 * ```ts
 * import { CaseEvent } from "@zaitaku/core"
 *
 * CaseEvent.parse({ id: "e1", type: "admission", at: "2024-07-12T18:30:00+09:00", recordedBy: "hospital-1" })
 * ```
 */
export const CaseEvent = z.object({
  id: z.string().min(1),
  type: CaseEventType,
  at: Instant,
  recordedBy: z.string().min(1),
  plannedDischargeDate: IsoDate.optional(),
})
/** @since 0.1.0 @category cases */
export type CaseEvent = z.infer<typeof CaseEvent>

/**
 * 実施記録 (evidence) that meets obligations: a recorded `contact` (電話・訪問・FAX), a `form_sent` (a form response of
 * `templateId` sent to `recipientId`), a `conference` (held or attended), or `application_support` (介護保険申請の
 * 支援). `from` and `to` are roles in the case; ids, when given, must match the case's parties.
 *
 * @since 0.1.0
 * @category cases
 * @example
 * ```ts
 * import { Evidence } from "@zaitaku/core"
 *
 * Evidence.parse({
 *   id: "x1", kind: "form_sent", at: "2024-07-12T19:00:00+09:00", from: "care_manager", to: "hospital",
 *   templateId: "admission-information", recipientId: "hospital-1", recordedBy: "cm-office-1",
 * })
 * ```
 */
export const Evidence = z.object({
  id: z.string().min(1),
  kind: z.enum(["contact", "form_sent", "conference", "application_support"]),
  at: Instant,
  from: PartyRole,
  to: PartyRole.optional(),
  templateId: z.string().min(1).optional(),
  /** The templates `templateId` derives from, nearest first (a regional variant's base): a rule naming one is met. */
  derivedFrom: z.array(z.string().min(1)).optional(),
  formResponseId: z.string().min(1).optional(),
  recipientId: z.string().min(1).optional(),
  recordedBy: z.string().min(1),
})
/** @since 0.1.0 @category cases */
export type Evidence = z.infer<typeof Evidence>

/**
 * 免除 (waiver) of one obligation (by its key), with the reason, who decided and when.
 *
 * @since 0.1.0
 * @category cases
 * @example
 * ```ts
 * import { Waiver } from "@zaitaku/core"
 *
 * Waiver.parse({ obligationKey: "k", reason: "本人が情報提供を拒否", by: "coordinator-1", at: "2024-07-13T10:00:00+09:00" })
 * ```
 */
export const Waiver = z.object({
  obligationKey: z.string().min(1),
  reason: z.string().min(1),
  by: z.string().min(1),
  at: Instant,
})
/** @since 0.1.0 @category cases */
export type Waiver = z.infer<typeof Waiver>

/**
 * 入退院支援のケース (coordination case): one stay of one patient, named by a tenant-local pseudonym. Names and
 * birthdates never appear here; they live only in form responses. A patient without a `care_manager` party follows
 * the "no care manager" flows (B).
 *
 * @since 0.1.0
 * @category cases
 * @example
 * ```ts
 * import { CoordinationCase } from "@zaitaku/core"
 *
 * CoordinationCase.parse({
 *   id: "case-1",
 *   patient: "p-7f3a",
 *   patientMunicipality: "022039",
 *   parties: { hospital: { id: "hospital-1", municipality: "022039" }, care_manager: { id: "cm-office-1" } },
 *   careLevel: "care_2",
 *   ageBand: "65_and_over",
 *   events: [{ id: "e1", type: "admission", at: "2024-07-12T18:30:00+09:00", recordedBy: "hospital-1" }],
 * })
 * ```
 */
export const CoordinationCase = z.object({
  id: z.string().min(1),
  patient: z.string().min(1),
  patientMunicipality: LocalGovernmentCode,
  parties: z.object({
    hospital: CaseParty,
    care_manager: CaseParty.optional(),
    community_center: CaseParty.optional(),
    clinic: CaseParty.optional(),
    municipality: CaseParty.optional(),
  }),
  careLevel: CareLevel,
  ageBand: AgeBand,
  admissionPurpose: AdmissionPurpose.default("treatment"),
  /** For respite stays: 1 for the first, 2 for the second … */
  respiteStayNumber: z.int().min(1).optional(),
  wards: z.array(z.string().min(1)).default([]),
  plannedStayDays: z.int().min(1).optional(),
  events: z.array(CaseEvent).default([]),
  evidence: z.array(Evidence).default([]),
  waivers: z.array(Waiver).default([]),
})
/** @since 0.1.0 @category cases */
export type CoordinationCase = z.infer<typeof CoordinationCase>
/** @since 0.1.0 @category cases */
export type CoordinationCaseInput = z.input<typeof CoordinationCase>

// ---------------------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------------------

/**
 * 状態 (status) of an obligation at `now`: `pending` (not met, not yet late), `met_on_time`, `met_late`, `missed`
 * (not met and past its due date; it can still become `met_late`), `not_applicable` (the rule does not apply to
 * this case), `waived` (with a reason).
 *
 * @since 0.1.0
 * @category results
 * @example
 * ```ts
 * import { ObligationStatus } from "@zaitaku/core"
 *
 * ObligationStatus.options
 * ```
 */
export const ObligationStatus = z.enum(["pending", "met_on_time", "met_late", "missed", "not_applicable", "waived"])
/** @since 0.1.0 @category results */
export type ObligationStatus = z.infer<typeof ObligationStatus>

/**
 * Japanese and English labels of each {@link ObligationStatus}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { obligationStatusLabels } from "@zaitaku/core"
 *
 * obligationStatusLabels.met_late.ja // "期限後に実施"
 * ```
 */
export const obligationStatusLabels: Readonly<Record<ObligationStatus, LocalizedText>> = {
  pending: { ja: "未実施（期限内）", en: "Pending" },
  met_on_time: { ja: "期限内に実施", en: "Met on time" },
  met_late: { ja: "期限後に実施", en: "Met late" },
  missed: { ja: "期限切れ", en: "Missed" },
  not_applicable: { ja: "対象外", en: "Not applicable" },
  waived: { ja: "免除", en: "Waived" },
}

/**
 * 義務 (obligation) computed for a case: its key (stable across evaluations), rule, actor, action, trigger, due
 * date (`null` when the rule names none or it is not yet known), status, the evidence or waiver behind the status,
 * the tier reached, and the explanation.
 *
 * @since 0.1.0
 * @category results
 * @example
 * ```ts
 * import type { Obligation } from "@zaitaku/core"
 *
 * const overdue = (obligations: ReadonlyArray<Obligation>) => obligations.filter((o) => o.status === "missed")
 * ```
 */
export interface Obligation {
  /** `<ruleSetId>@<version>/<ruleId>/<obligationId>/<triggerEventId>`. */
  readonly key: string
  readonly ruleSet: { readonly id: string; readonly version: string }
  readonly ruleId: string
  readonly obligationId: string
  readonly name: LocalizedText
  readonly actor: PartyRole
  readonly action: ObligationAction
  readonly trigger: { readonly eventId: string; readonly type: CaseEventType; readonly at: Instant }
  readonly dueDate: IsoDate | null
  readonly status: ObligationStatus
  /** The evidence that met it, if any. */
  readonly metBy?: { readonly evidenceId: string; readonly at: Instant; readonly date: IsoDate }
  /** The label of the on-time deadline or of the late tier reached (加算(Ⅰ), 加算(Ⅱ)). */
  readonly tier?: LocalizedText
  readonly waiver?: { readonly reason: string; readonly by: string }
  readonly explanation: {
    readonly applicability: ReadonlyArray<LocalizedText>
    readonly deadline: LocalizedText
    readonly status: LocalizedText
  }
}

/**
 * Why a rule set applies to a case.
 *
 * @since 0.1.0
 * @category results
 * @example
 * ```ts
 * import type { AppliedRuleSet } from "@zaitaku/core"
 *
 * const describe = (a: AppliedRuleSet) => `${a.id}@${a.version}: ${a.reason.ja}`
 * ```
 */
export interface AppliedRuleSet {
  readonly id: string
  readonly version: string
  readonly scope: "national" | "regional"
  readonly reason: LocalizedText
}

/**
 * 評価結果 (evaluation) of one case: the reference date that chose rule-set versions, the rule sets applied and
 * why, how the regional set was chosen, and the obligations in due-date order.
 *
 * @since 0.1.0
 * @category results
 * @example
 * ```ts
 * import type { Evaluation } from "@zaitaku/core"
 *
 * const governing = (e: Evaluation) => e.ruleSets.find((set) => set.scope === "regional")?.id
 * ```
 */
export interface Evaluation {
  readonly caseId: string
  readonly now: IsoDate
  /** The date whose rule-set versions apply: the (first) admission day, else the first event's day. */
  readonly referenceDate: IsoDate | null
  readonly ruleSets: ReadonlyArray<AppliedRuleSet>
  /** How the regional rule set was chosen: each place in the resolution order, and what it matched. */
  readonly resolution: ReadonlyArray<{
    readonly by: RegionalResolutionKey
    readonly municipality: LocalGovernmentCode | null
    readonly matched: string | null
  }>
  readonly obligations: ReadonlyArray<Obligation>
}

/**
 * 適用ルールの決め方 (which municipality chooses the regional rule set): the hospital's, the patient's (住所地) or
 * the care manager's office's.
 *
 * @since 0.1.0
 * @category engine
 * @example
 * ```ts
 * import type { RegionalResolutionKey } from "@zaitaku/core"
 *
 * const patientFirst: ReadonlyArray<RegionalResolutionKey> = ["patient", "hospital"]
 * ```
 */
export type RegionalResolutionKey = "hospital" | "patient" | "care_manager"

/**
 * Options of {@link evaluate}. `resolution` is the order in which municipalities choose the regional rule set; the
 * default, hospital first, follows the rules' own logic: they are agreements between a region's hospitals and care
 * managers, and a hospital outside the patient's region does not follow the patient's region's rules (新郷村's
 * report of rules that 「が使えない」 there).
 *
 * @since 0.1.0
 * @category engine
 * @example
 * ```ts
 * import type { EvaluateOptions } from "@zaitaku/core"
 *
 * const options: EvaluateOptions = { resolution: ["patient", "hospital"] }
 * ```
 */
export interface EvaluateOptions {
  readonly resolution?: ReadonlyArray<RegionalResolutionKey>
}

// ---------------------------------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------------------------------

const resolutionLabels: Readonly<Record<RegionalResolutionKey, LocalizedText>> = {
  hospital: { ja: "病院の所在市町村", en: "the hospital's municipality" },
  patient: { ja: "患者の住所地", en: "the patient's municipality" },
  care_manager: { ja: "居宅介護支援事業所の所在市町村", en: "the care manager's municipality" },
}

const municipalityFor = (c: CoordinationCase, key: RegionalResolutionKey): LocalGovernmentCode | null =>
  key === "patient" ? c.patientMunicipality : (c.parties[key]?.municipality ?? null)

const covers = (set: RuleSet, code: LocalGovernmentCode): "municipality" | "prefecture" | null =>
  set.scope.kind !== "regional"
    ? null
    : set.scope.municipalities.includes(code)
      ? "municipality"
      : set.scope.prefectures.includes(prefectureOf(code))
        ? "prefecture"
        : null

/** The latest version first, so that a newer version of the same set wins. */
const byRecency = (a: RuleSet, b: RuleSet): number =>
  (b.effective.from ?? "") < (a.effective.from ?? "") ? -1 : (b.effective.from ?? "") > (a.effective.from ?? "") ? 1 : 0

const chooseRuleSets = (
  c: CoordinationCase,
  ruleSets: ReadonlyArray<RuleSet>,
  referenceDate: IsoDate,
  order: ReadonlyArray<RegionalResolutionKey>,
) => {
  const inForce = ruleSets.filter((set) => isInForce(set, referenceDate))
  const applied: Array<{ set: RuleSet; reason: LocalizedText }> = []
  for (const set of inForce.filter((s) => s.scope.kind === "national").sort(byRecency)) {
    if (applied.some((a) => a.set.id === set.id)) continue
    applied.push({
      set,
      reason: {
        ja: `全国共通のルール（${referenceDate}に適用中の版 ${set.version}）`,
        en: `National rules (version ${set.version}, in force on ${referenceDate})`,
      },
    })
  }
  const resolution: Array<Evaluation["resolution"][number]> = []
  let chosen: RuleSet | undefined
  for (const key of order) {
    const code = municipalityFor(c, key)
    if (chosen !== undefined || code === null) {
      resolution.push({ by: key, municipality: code, matched: null })
      continue
    }
    const candidates = inForce
      .map((set) => ({ set, level: covers(set, code) }))
      .filter((x) => x.level !== null)
      .sort((a, b) => (a.level === b.level ? byRecency(a.set, b.set) : a.level === "municipality" ? -1 : 1))
    const first = candidates[0]
    resolution.push({ by: key, municipality: code, matched: first?.set.id ?? null })
    if (first !== undefined) {
      chosen = first.set
      const orderJa = order.map((k) => resolutionLabels[k].ja).join("→")
      const orderEn = order.map((k) => resolutionLabels[k].en).join(", then ")
      applied.push({
        set: first.set,
        reason: {
          ja: `${resolutionLabels[key].ja}（${code}）が「${first.set.name.ja}」の対象${first.level === "municipality" ? "市町村" : "都道府県"}に含まれるため（判定順: ${orderJa}）`,
          en: `${resolutionLabels[key].en} (${code}) is in the ${first.level} scope of "${first.set.name.en}" (order: ${orderEn})`,
        },
      })
    }
  }
  return { applied, resolution }
}

const tokyoDate = (instant: InstantInput): IsoDate => tokyoDateTimeOf(instant).date

const compareInstants = (a: string, b: string): number => Date.parse(a) - Date.parse(b)

/** Stay length in days counting the admission and discharge days, from the actual or planned stay. */
const stayDays = (c: CoordinationCase, admission: CaseEvent, events: ReadonlyArray<CaseEvent>): number | undefined => {
  const discharge = events.find((e) => e.type === "discharge" && compareInstants(e.at, admission.at) >= 0)
  if (discharge !== undefined) return calendarDaysBetween(tokyoDate(admission.at), tokyoDate(discharge.at)) + 1
  return c.plannedStayDays
}

const applicabilityOf = (
  c: CoordinationCase,
  applicability: Applicability,
  events: ReadonlyArray<CaseEvent>,
): { applies: boolean; reasons: ReadonlyArray<LocalizedText> } => {
  const reasons: Array<LocalizedText> = []
  const hasCareManager = c.parties.care_manager !== undefined
  if (applicability.careManager !== "any") {
    const wanted = applicability.careManager === "present"
    if (hasCareManager !== wanted) {
      return {
        applies: false,
        reasons: [
          wanted
            ? { ja: "担当ケアマネジャーがいない", en: "The patient has no care manager" }
            : { ja: "担当ケアマネジャーがいる", en: "The patient has a care manager" },
        ],
      }
    }
    reasons.push(
      wanted
        ? { ja: "担当ケアマネジャーがいる", en: "The patient has a care manager" }
        : { ja: "担当ケアマネジャーがいない", en: "The patient has no care manager" },
    )
  }
  if (applicability.careLevels !== undefined) {
    const label = careLevelLabels[c.careLevel]
    if (!applicability.careLevels.includes(c.careLevel)) {
      return {
        applies: false,
        reasons: [{ ja: `${label.ja}は対象外の要介護度`, en: `${label.en} is not a care level this rule covers` }],
      }
    }
    reasons.push({ ja: `${label.ja}は対象の要介護度`, en: `${label.en} is covered` })
  }
  if (applicability.ageBands !== undefined && !applicability.ageBands.includes(c.ageBand)) {
    return { applies: false, reasons: [{ ja: "対象外の年齢区分", en: "The age band is not covered" }] }
  }
  const admission = events.find((e) => e.type === "admission")
  for (const exclusion of applicability.exclusions) {
    switch (exclusion.kind) {
      case "short_stay": {
        const days = admission === undefined ? undefined : stayDays(c, admission, events)
        const purposeMatches = exclusion.purposes === undefined || exclusion.purposes.includes(c.admissionPurpose)
        if (days !== undefined && days <= exclusion.maxDays && purposeMatches) {
          return {
            applies: false,
            reasons: [
              {
                ja: `${exclusion.maxDays}日以内の短期入院（${days}日）は対象外`,
                en: `Stays of at most ${exclusion.maxDays} days are excluded (this one: ${days})`,
              },
            ],
          }
        }
        break
      }
      case "repeat_respite":
        if (c.admissionPurpose === "respite" && (c.respiteStayNumber ?? 1) > 1) {
          return {
            applies: false,
            reasons: [{ ja: "2回目以降の定期的なレスパイト入院は対象外", en: "Repeat respite stays are excluded" }],
          }
        }
        break
      case "wards_only":
        if (c.wards.length > 0 && c.wards.every((ward) => exclusion.wards.includes(ward))) {
          return {
            applies: false,
            reasons: [
              { ja: `${c.wards.join("・")}のみの入院は対象外`, en: `Stays only in ${c.wards.join(", ")} are excluded` },
            ],
          }
        }
        break
    }
  }
  return { applies: true, reasons }
}

interface DueDate {
  readonly date: IsoDate | null
  readonly explanation: LocalizedText
}

const scheduleOf = (c: CoordinationCase, role: PartyRole): BusinessSchedule =>
  c.parties[role]?.schedule ?? defaultBusinessSchedule

const dueDateOf = (
  c: CoordinationCase,
  deadline: Deadline,
  actor: PartyRole,
  trigger: CaseEvent,
  events: ReadonlyArray<CaseEvent>,
  calendar: HolidayCalendar,
): Result.Result<DueDate, DateOutsideCalendar> => {
  const schedule = scheduleOf(c, actor)
  const start = tokyoDateTimeOf(trigger.at)
  const what = caseEventTypeLabels[trigger.type]
  const at = `${start.date} ${start.time}`
  switch (deadline.kind) {
    case "same_day_after_hours":
      return Result.map(sameDayDeadline(calendar, schedule, trigger.at), (d) => ({
        date: d.dueDate,
        explanation:
          d.basis === "business_hours"
            ? { ja: `${what.ja}（${at}）の当日中`, en: `The day of the ${what.en.toLowerCase()} (${at})` }
            : d.basis === "after_hours"
              ? {
                  ja: `${what.ja}（${at}）が${partyRoleLabels[actor].ja}の営業時間終了後のため翌日（${d.dueDate}）まで`,
                  en: `${what.en} (${at}) came after the ${partyRoleLabels[actor].en.toLowerCase()}'s business hours, so the next day (${d.dueDate}) is included`,
                }
              : {
                  ja: `${what.ja}（${at}）が${partyRoleLabels[actor].ja}の営業日以外のため翌日（${d.dueDate}）まで`,
                  en: `${what.en} (${at}) fell on a day off of the ${partyRoleLabels[actor].en.toLowerCase()}, so the next day (${d.dueDate}) is included`,
                },
      }))
    case "calendar_days": {
      const base = addCalendarDays(start.date, deadline.dayOne === "trigger_day" ? deadline.days - 1 : deadline.days)
      const counting =
        deadline.dayOne === "trigger_day"
          ? {
              ja: `${what.ja}日を1日目として${deadline.days}日以内`,
              en: `within ${deadline.days} days, the ${what.en.toLowerCase()} day being day 1`,
            }
          : {
              ja: `${what.ja}の翌日から${deadline.days}日以内`,
              en: `within ${deadline.days} days after the ${what.en.toLowerCase()}`,
            }
      if (!deadline.afterHoursExtension) {
        return Result.succeed({
          date: base,
          explanation: { ja: `${counting.ja}（${base}）`, en: `${counting.en} (${base})` },
        })
      }
      return Result.flatMap(sameDayDeadline(calendar, schedule, trigger.at), (sameDay) =>
        sameDay.basis !== "after_hours"
          ? Result.succeed({
              date: base,
              explanation: { ja: `${counting.ja}（${base}）`, en: `${counting.en} (${base})` },
            })
          : Result.map(dayStatus(calendar, schedule, base), (status) =>
              status.businessDay
                ? { date: base, explanation: { ja: `${counting.ja}（${base}）`, en: `${counting.en} (${base})` } }
                : {
                    date: addCalendarDays(base, 1),
                    explanation: {
                      ja: `${counting.ja}（${base}）。営業時間終了後の${what.ja}で${base}が営業日でないため翌日（${addCalendarDays(base, 1)}）まで`,
                      en: `${counting.en} (${base}); after hours and ${base} is not a business day, so the next day (${addCalendarDays(base, 1)}) is included`,
                    },
                  },
            ),
      )
    }
    case "business_days":
      return Result.map(addBusinessDays(calendar, schedule, start.date, deadline.days), (date) => ({
        date,
        explanation: {
          ja: `${what.ja}日（${start.date}）から${partyRoleLabels[actor].ja}の${deadline.days}営業日目（${date}）まで`,
          en: `${deadline.days} business days of the ${partyRoleLabels[actor].en.toLowerCase()} after ${start.date} (${date})`,
        },
      }))
    case "before_planned_discharge": {
      // events come in time order, so the last one with a planned date is the latest plan
      const planned = events.filter((e) => e.plannedDischargeDate !== undefined).at(-1)?.plannedDischargeDate
      const discharge = events.find((e) => e.type === "discharge")
      const anchor = planned ?? (discharge === undefined ? undefined : tokyoDate(discharge.at))
      if (anchor === undefined) {
        return Result.succeed({
          date: null,
          explanation: {
            ja: `退院予定日の${deadline.days}日前まで（退院予定日が未登録）`,
            en: `${deadline.days} days before the planned discharge (no planned date recorded yet)`,
          },
        })
      }
      const date = addCalendarDays(anchor, -deadline.days)
      return Result.succeed({
        date,
        explanation: {
          ja: `${planned === undefined ? "退院日" : "退院予定日"}（${anchor}）の${deadline.days}日前（${date}）まで`,
          en: `${deadline.days} days before the ${planned === undefined ? "discharge" : "planned discharge"} (${anchor}): ${date}`,
        },
      })
    }
    case "unspecified":
      return Result.succeed({
        date: null,
        explanation: { ja: "期限の定めなし（速やかに）", en: "No date set by the rule (promptly)" },
      })
  }
}

const matchesAction = (c: CoordinationCase, rule: ObligationRule, evidence: Evidence): boolean => {
  if (evidence.from !== rule.actor) return false
  const recipientMatches = (role: PartyRole) => {
    if (evidence.to !== role) return false
    const partyId = c.parties[role]?.id
    return evidence.recipientId === undefined || partyId === undefined || evidence.recipientId === partyId
  }
  const action = rule.action
  switch (action.kind) {
    case "contact":
    case "share_information":
      return (evidence.kind === "contact" || evidence.kind === "form_sent") && recipientMatches(action.to)
    case "send_form":
      return (
        (evidence.kind === "form_sent" &&
          (evidence.templateId === action.templateId || evidence.derivedFrom?.includes(action.templateId) === true) &&
          recipientMatches(action.to)) ||
        (evidence.kind === "contact" && recipientMatches(action.to))
      )
    case "obtain_information":
      return (evidence.kind === "contact" && recipientMatches(action.from)) || evidence.kind === "conference"
    case "hold_conference":
    case "attend_conference":
      return evidence.kind === "conference"
    case "support_care_insurance_application":
      return evidence.kind === "application_support"
  }
}

const obligationsOf = (
  c: CoordinationCase,
  set: RuleSet,
  rule: Rule,
  events: ReadonlyArray<CaseEvent>,
  evidence: ReadonlyArray<Evidence>,
  calendar: HolidayCalendar,
  today: IsoDate,
): Result.Result<ReadonlyArray<Obligation>, DateOutsideCalendar> => {
  const out: Array<Obligation> = []
  const applicability = applicabilityOf(c, rule.applicability, events)
  for (const trigger of events.filter((e) => e.type === rule.trigger)) {
    for (const spec of rule.obligations) {
      const key = `${set.id}@${set.version}/${rule.id}/${spec.id}/${trigger.id}`
      const base = {
        key,
        ruleSet: { id: set.id, version: set.version },
        ruleId: rule.id,
        obligationId: spec.id,
        name: spec.name,
        actor: spec.actor,
        action: spec.action,
        trigger: { eventId: trigger.id, type: trigger.type, at: trigger.at },
      }
      if (!applicability.applies) {
        out.push({
          ...base,
          dueDate: null,
          status: "not_applicable",
          explanation: {
            applicability: applicability.reasons,
            deadline: { ja: "対象外のため期限なし", en: "No deadline: the rule does not apply" },
            status: obligationStatusLabels.not_applicable,
          },
        })
        continue
      }
      const due = dueDateOf(c, spec.deadline, spec.actor, trigger, events, calendar)
      if (Result.isFailure(due)) return Result.fail(due.failure)
      const { date: dueDate, explanation: deadlineText } = due.success
      const waiver = c.waivers.find((w) => w.obligationKey === key)
      const explanation = (status: LocalizedText) => ({
        applicability: applicability.reasons,
        deadline: deadlineText,
        status,
      })
      if (waiver !== undefined) {
        out.push({
          ...base,
          dueDate,
          status: "waived",
          waiver: { reason: waiver.reason, by: waiver.by },
          explanation: explanation({ ja: `免除: ${waiver.reason}`, en: `Waived: ${waiver.reason}` }),
        })
        continue
      }
      const met = evidence.find(
        (e) => matchesAction(c, spec, e) && (spec.acceptsEarlierEvidence || compareInstants(e.at, trigger.at) >= 0),
      )
      if (met === undefined) {
        const late = dueDate !== null && today > dueDate
        out.push({
          ...base,
          dueDate,
          status: late ? "missed" : "pending",
          explanation: explanation(
            late
              ? { ja: `期限（${dueDate}）までに実施の記録がない`, en: `Not recorded by the due date (${dueDate})` }
              : { ja: "未実施", en: "Not yet done" },
          ),
        })
        continue
      }
      const metDate = tokyoDate(met.at)
      const metBy = { evidenceId: met.id, at: met.at, date: metDate }
      if (dueDate === null || metDate <= dueDate) {
        out.push({
          ...base,
          dueDate,
          status: "met_on_time",
          metBy,
          ...(spec.onTimeLabel === undefined ? {} : { tier: spec.onTimeLabel }),
          explanation: explanation({ ja: `${metDate}に実施（期限内）`, en: `Done on ${metDate} (on time)` }),
        })
        continue
      }
      let tier: LocalizedText | undefined
      for (const candidate of spec.lateTiers) {
        const tierDue = dueDateOf(c, candidate.deadline, spec.actor, trigger, events, calendar)
        if (Result.isFailure(tierDue)) return Result.fail(tierDue.failure)
        if (tierDue.success.date !== null && metDate <= tierDue.success.date) {
          tier = candidate.label
          break
        }
      }
      out.push({
        ...base,
        dueDate,
        status: "met_late",
        metBy,
        ...(tier === undefined ? {} : { tier }),
        explanation: explanation({
          ja: `${metDate}に実施（期限${dueDate}の後${tier === undefined ? "" : `、${tier.ja}の期限内`}）`,
          en: `Done on ${metDate}, after the due date ${dueDate}${tier === undefined ? "" : ` (within ${tier.en})`}`,
        }),
      })
    }
  }
  return Result.succeed(out)
}

/**
 * 評価 (evaluate) a case: chooses the rule sets (every national set in force on the reference date, and one regional
 * set by the resolution order), creates an obligation for each rule whose trigger event happened, computes its due
 * date on the actor's business calendar, and sets its status as of `now`. Pure and deterministic: events and
 * evidence after `now` are ignored, and the result does not depend on the order of the case's lists.
 *
 * Fails only with {@link DateOutsideCalendar}, when a deadline needs a day outside the holiday data.
 *
 * @since 0.1.0
 * @category engine
 * @example
 * ```ts
 * import { builtinRuleSets, CoordinationCase, evaluate, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const calendar: HolidayCalendar
 * const c = CoordinationCase.parse({
 *   id: "case-1", patient: "p-1", patientMunicipality: "132136",
 *   parties: { hospital: { id: "h-1", municipality: "132136" }, care_manager: { id: "cm-1" } },
 *   careLevel: "care_2", ageBand: "65_and_over",
 *   events: [{ id: "e1", type: "admission", at: "2024-07-12T18:30:00+09:00", recordedBy: "h-1" }],
 * })
 * evaluate(c, builtinRuleSets, calendar, "2024-07-13T12:00:00+09:00")
 * ```
 */
export const evaluate = (
  coordinationCase: CoordinationCase,
  ruleSets: ReadonlyArray<RuleSet>,
  calendar: HolidayCalendar,
  now: InstantInput,
  options: EvaluateOptions = {},
): Result.Result<Evaluation, DateOutsideCalendar> => {
  const nowMs = (typeof now === "string" ? new Date(now) : now).getTime()
  const today = tokyoDate(now)
  const byTime = <A extends { readonly at: string; readonly id: string }>(list: ReadonlyArray<A>) =>
    list
      .filter((item) => Date.parse(item.at) <= nowMs)
      .sort((a, b) => compareInstants(a.at, b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const events = byTime(coordinationCase.events)
  const evidence = byTime(coordinationCase.evidence)
  const admission = events.find((e) => e.type === "admission") ?? events[0]
  const order = options.resolution ?? ["hospital", "patient"]
  if (admission === undefined) {
    return Result.succeed({
      caseId: coordinationCase.id,
      now: today,
      referenceDate: null,
      ruleSets: [],
      resolution: [],
      obligations: [],
    })
  }
  const referenceDate = tokyoDate(admission.at)
  const { applied, resolution } = chooseRuleSets(coordinationCase, ruleSets, referenceDate, order)
  const obligations: Array<Obligation> = []
  for (const { set } of applied) {
    for (const rule of set.rules) {
      const made = obligationsOf(coordinationCase, set, rule, events, evidence, calendar, today)
      if (Result.isFailure(made)) return Result.fail(made.failure)
      obligations.push(...made.success)
    }
  }
  obligations.sort((a, b) => {
    const da = a.dueDate ?? "9999-99-99"
    const db = b.dueDate ?? "9999-99-99"
    return da < db ? -1 : da > db ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0
  })
  return Result.succeed({
    caseId: coordinationCase.id,
    now: today,
    referenceDate,
    ruleSets: applied.map(({ set, reason }) => ({ id: set.id, version: set.version, scope: set.scope.kind, reason })),
    resolution,
    obligations,
  })
}
