/**
 * 遵守状況 (compliance): how well a region keeps its 入退院調整ルール, measured continuously from the cases instead of
 * by a yearly survey — per period and per hospital, care-management office or area, split by 要支援/要介護 — and the
 * same figures as indicator values for the PDCA cycle.
 *
 * The figures, all pure functions of the cases, the rule sets, the calendar and `now`:
 * - **入院時情報提供 (admission information)**: for each admission in the period, the obligation of the care manager to
 *   give the hospital information (`share_information` or `send_form` to the hospital, triggered by the admission).
 *   Where both a regional and a national set create one, the regional one counts (it is the region's own rule);
 *   within a set, the earliest due. Admissions to which no such rule applies (no care manager, a care level the rule
 *   does not cover, an excluded stay) are not counted. On-time rate = on time ÷ (on time + late + missed); pending
 *   and waived obligations are counted but not rated.
 * - **退院調整率 (discharge coordination rate)**: for each discharge in the period of a patient who needs care
 *   (要支援 or 要介護) and has a care manager, whether the hospital contacted the care manager (a contact or a sent
 *   form to the care manager, or a conference held by the hospital) between the admission of that stay and the
 *   discharge. Rate = coordinated ÷ discharged. The definition of the surveys it replaces is not published in full
 *   (REFERENCE.md §2.2 [I]); this is the reading of 県中医療圏's figure (病院からケアマネジャーへの引継ぎ).
 * - **義務の遵守 (obligations)**: every obligation of every rule whose trigger lies in the period, by status.
 *
 * Periods are Japan dates, both ends inclusive; an item belongs to the period of its trigger (the admission, the
 * discharge), not of its deadline.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as z from "zod"
import type { Area } from "./Area.js"
import {
  type DateOutsideCalendar,
  type HolidayCalendar,
  type InstantInput,
  tokyoDateTimeOf,
} from "./BusinessCalendar.js"
import { type Case, evaluateCase } from "./Case.js"
import type { CaseFormSending } from "./CaseSendings.js"
import type { Evaluation, Obligation, ObligationStatus, RegionalResolutionKey } from "./Coordination.js"
import type { LocalizedText } from "./Label.js"
import type { DateRange, IsoDate } from "./Period.js"
import type { CareLevel, RuleSet } from "./RuleSet.js"

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------------------

/**
 * 集計単位 (grouping) of a compliance report: the whole tenant, each hospital, each care-management office (cases
 * without one form their own group), each of the tenant's areas (by the patient's municipality).
 *
 * @since 0.1.0
 * @category vocabulary
 * @example
 * ```ts
 * import { ComplianceGrouping } from "@zaitaku/core"
 *
 * ComplianceGrouping.parse("hospital")
 * ```
 */
export const ComplianceGrouping = z.enum(["tenant", "hospital", "care_manager", "area"])
/** @since 0.1.0 @category vocabulary */
export type ComplianceGrouping = z.infer<typeof ComplianceGrouping>

/**
 * 要介護度の区分 (care need group): 要支援 (`support`), 要介護 (`care`), and `other` (未申請・申請中).
 *
 * @since 0.1.0
 * @category vocabulary
 * @example
 * ```ts
 * import { careNeedOf } from "@zaitaku/core"
 *
 * careNeedOf("support_2") // "support"
 * ```
 */
export type CareNeed = "support" | "care" | "other"

/**
 * The {@link CareNeed} group of a care level.
 *
 * @since 0.1.0
 * @category vocabulary
 * @example
 * ```ts
 * import { careNeedOf } from "@zaitaku/core"
 *
 * careNeedOf("care_5") // "care"
 * careNeedOf("applied") // "other"
 * ```
 */
export const careNeedOf = (level: CareLevel): CareNeed =>
  level.startsWith("support_") ? "support" : level.startsWith("care_") ? "care" : "other"

/**
 * Japanese and English labels of each {@link CareNeed}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { careNeedLabels } from "@zaitaku/core"
 *
 * careNeedLabels.support.ja // "要支援"
 * ```
 */
export const careNeedLabels: Readonly<Record<CareNeed, LocalizedText>> = {
  support: { ja: "要支援", en: "Support levels" },
  care: { ja: "要介護", en: "Care levels" },
  other: { ja: "未申請・申請中", en: "Not applied or pending" },
}

// ---------------------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------------------

/**
 * Counts of obligations by outcome.
 *
 * @since 0.1.0
 * @category figures
 */
export interface OutcomeCounts {
  readonly onTime: number
  readonly late: number
  readonly missed: number
  readonly pending: number
  readonly waived: number
}

/**
 * 入院時情報提供 figures: the counts, how many obligations applied, and the on-time rate (`null` with nothing decided).
 *
 * @since 0.1.0
 * @category figures
 */
export interface AdmissionInformationFigures extends OutcomeCounts {
  readonly applicable: number
  readonly onTimeRate: number | null
}

/**
 * 退院調整率 figures: discharges counted, how many the hospital coordinated with the care manager before, and the
 * rate (`null` without discharges).
 *
 * @since 0.1.0
 * @category figures
 */
export interface DischargeCoordinationFigures {
  readonly discharged: number
  readonly coordinated: number
  readonly rate: number | null
}

/**
 * The figures of one group (or of one care need group within it).
 *
 * @since 0.1.0
 * @category figures
 */
export interface ComplianceFigures {
  readonly admissionInformation: AdmissionInformationFigures
  readonly dischargeCoordination: DischargeCoordinationFigures
  readonly obligations: OutcomeCounts
}

/**
 * One group of a report: what it is (`id`: the hospital's or office's directory entry id, `<kind>/<code>` of an
 * area, `null` for the tenant or for cases without a care manager or outside every area), its figures, and the same
 * split by {@link CareNeed}.
 *
 * @since 0.1.0
 * @category figures
 */
export interface ComplianceGroup {
  readonly by: ComplianceGrouping
  readonly id: string | null
  readonly name?: LocalizedText
  readonly all: ComplianceFigures
  readonly byCareNeed: Readonly<Record<CareNeed, ComplianceFigures>>
}

/**
 * 遵守状況レポート (compliance report) of a period: the groups with any admission, discharge or obligation in it,
 * in id order (`null` last).
 *
 * @since 0.1.0
 * @category figures
 * @example
 * ```ts
 * import type { ComplianceReport } from "@zaitaku/core"
 *
 * declare const report: ComplianceReport
 * report.groups.map((g) => [g.id, g.all.dischargeCoordination.rate])
 * ```
 */
export interface ComplianceReport {
  readonly period: DateRange
  readonly asOf: IsoDate
  readonly by: ComplianceGrouping
  readonly groups: ReadonlyArray<ComplianceGroup>
}

/**
 * Options of {@link complianceReport}.
 *
 * @since 0.1.0
 * @category figures
 */
export interface ComplianceOptions {
  readonly period: DateRange
  readonly by: ComplianceGrouping
  readonly ruleSets: ReadonlyArray<RuleSet>
  readonly calendar: HolidayCalendar
  readonly now: InstantInput
  /** The tenant's areas, for `by: "area"`. */
  readonly areas?: ReadonlyArray<Area>
  readonly resolution?: ReadonlyArray<RegionalResolutionKey>
  /** The sendings of form responses linked to each case, by case id ({@link sendingsOfCases}): evidence too. */
  readonly sendings?: ReadonlyMap<string, ReadonlyArray<CaseFormSending>>
}

interface Tally {
  onTime: number
  late: number
  missed: number
  pending: number
  waived: number
}

interface Accumulator {
  admission: Tally
  discharged: number
  coordinated: number
  obligations: Tally
}

const emptyTally = (): Tally => ({ onTime: 0, late: 0, missed: 0, pending: 0, waived: 0 })
const emptyAccumulator = (): Accumulator => ({
  admission: emptyTally(),
  discharged: 0,
  coordinated: 0,
  obligations: emptyTally(),
})

const tallyKey: Partial<Record<ObligationStatus, keyof Tally>> = {
  met_on_time: "onTime",
  met_late: "late",
  missed: "missed",
  pending: "pending",
  waived: "waived",
}

const rate = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator

const figuresOf = (a: Accumulator): ComplianceFigures => {
  const decided = a.admission.onTime + a.admission.late + a.admission.missed
  return {
    admissionInformation: {
      ...a.admission,
      applicable: decided + a.admission.pending + a.admission.waived,
      onTimeRate: rate(a.admission.onTime, decided),
    },
    dischargeCoordination: {
      discharged: a.discharged,
      coordinated: a.coordinated,
      rate: rate(a.coordinated, a.discharged),
    },
    obligations: { ...a.obligations },
  }
}

const tokyoDate = (instant: string): IsoDate => tokyoDateTimeOf(instant).date

const within = (period: DateRange, instant: string): boolean => {
  const date = tokyoDate(instant)
  return period.start <= date && date <= period.end
}

/**
 * 入院時情報提供の義務 (the admission-information obligation) of an admission in an evaluation, as the report counts
 * it: the care manager's `share_information` or `send_form` to the hospital triggered by that admission; the
 * regional set's before the national one's, then the earliest due, then by key. `undefined` when there is none.
 *
 * @since 0.1.0
 * @category figures
 * @example
 * ```ts
 * import { admissionInformationObligation, type Evaluation } from "@zaitaku/core"
 *
 * declare const evaluation: Evaluation
 * admissionInformationObligation(evaluation, "event-1")?.status
 * ```
 */
export const admissionInformationObligation = (
  evaluation: Evaluation,
  admissionEventId: string,
): Obligation | undefined => {
  const regional = new Set(
    evaluation.ruleSets.filter((set) => set.scope === "regional").map((set) => `${set.id}@${set.version}`),
  )
  const rank = (o: Obligation) => (regional.has(`${o.ruleSet.id}@${o.ruleSet.version}`) ? 0 : 1)
  return evaluation.obligations
    .filter(
      (o) =>
        o.trigger.eventId === admissionEventId &&
        o.trigger.type === "admission" &&
        o.actor === "care_manager" &&
        (o.action.kind === "share_information" || o.action.kind === "send_form") &&
        o.action.to === "hospital",
    )
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        (a.dueDate ?? "9999-99-99").localeCompare(b.dueDate ?? "9999-99-99") ||
        (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    )[0]
}

/**
 * 退院前の調整があったか (whether the hospital coordinated with the care manager before a discharge): a contact or a sent
 * form from the hospital to the care manager, or a conference the hospital recorded, at or after the admission that
 * opened the stay and at or before the discharge. Withdrawn entries and entries after `now` do not count.
 *
 * @since 0.1.0
 * @category figures
 * @example
 * ```ts
 * import { coordinatedBeforeDischarge, type Case } from "@zaitaku/core"
 *
 * declare const c: Case
 * coordinatedBeforeDischarge(c, c.events[1]!, new Date())
 * ```
 */
export const coordinatedBeforeDischarge = (
  c: Case,
  discharge: { readonly at: string },
  now: InstantInput = discharge.at,
): boolean => {
  const dischargeMs = Date.parse(discharge.at)
  const nowMs = (typeof now === "string" ? new Date(now) : now).getTime()
  const admissionMs = Math.max(
    Number.NEGATIVE_INFINITY,
    ...c.events
      .filter((e) => e.withdrawn === undefined && e.type === "admission" && Date.parse(e.at) <= dischargeMs)
      .map((e) => Date.parse(e.at)),
  )
  return c.evidence.some((e) => {
    if (e.withdrawn !== undefined || e.from !== "hospital") return false
    const at = Date.parse(e.at)
    if (at < admissionMs || at > dischargeMs || at > nowMs) return false
    return e.kind === "conference" || ((e.kind === "contact" || e.kind === "form_sent") && e.to === "care_manager")
  })
}

const groupKeys = (
  c: Case,
  by: ComplianceGrouping,
  areas: ReadonlyArray<Area>,
): ReadonlyArray<{ id: string | null; name?: LocalizedText }> => {
  switch (by) {
    case "tenant":
      return [{ id: null }]
    case "hospital":
      return [{ id: c.parties.hospital.id }]
    case "care_manager":
      return [{ id: c.parties.care_manager?.id ?? null }]
    case "area": {
      const matching = areas.filter((area) => area.members.includes(c.patientMunicipality))
      return matching.length === 0
        ? [{ id: null }]
        : matching.map((area) => ({ id: `${area.kind}/${area.code}`, name: area.name }))
    }
  }
}

/**
 * 遵守状況を集計する (compute a compliance report), pure: evaluates each case as of `now` and counts, per group and
 * care need, the figures the module documentation defines. Fails only with {@link DateOutsideCalendar}.
 *
 * @since 0.1.0
 * @category figures
 * @example
 * ```ts
 * import { builtinRuleSets, complianceReport, type Case, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const cases: ReadonlyArray<Case>
 * declare const calendar: HolidayCalendar
 * complianceReport(cases, {
 *   period: { start: "2024-07-01", end: "2024-07-31" },
 *   by: "hospital",
 *   ruleSets: builtinRuleSets,
 *   calendar,
 *   now: "2024-08-01T00:00:00+09:00",
 * })
 * ```
 */
export const complianceReport = (
  cases: Iterable<Case>,
  options: ComplianceOptions,
): Result.Result<ComplianceReport, DateOutsideCalendar> => {
  const groups = new Map<
    string,
    {
      id: string | null
      name?: LocalizedText
      all: Accumulator
      byCareNeed: Record<CareNeed, Accumulator>
    }
  >()
  const nowMs = (typeof options.now === "string" ? new Date(options.now) : options.now).getTime()
  const areas = options.areas ?? []
  for (const c of cases) {
    const events = c.events.filter((e) => e.withdrawn === undefined && Date.parse(e.at) <= nowMs)
    const admissions = events.filter((e) => e.type === "admission" && within(options.period, e.at))
    const discharges = events.filter((e) => e.type === "discharge" && within(options.period, e.at))
    const evaluated = evaluateCase(c, options.ruleSets, options.calendar, options.now, {
      ...(options.resolution === undefined ? {} : { resolution: options.resolution }),
      sendings: options.sendings?.get(c.id),
    })
    if (Result.isFailure(evaluated)) return Result.fail(evaluated.failure)
    const evaluation = evaluated.success
    const triggered = evaluation.obligations.filter(
      (o) => o.status !== "not_applicable" && within(options.period, o.trigger.at),
    )
    if (admissions.length === 0 && discharges.length === 0 && triggered.length === 0) continue
    const need = careNeedOf(c.careLevel)
    const targets = groupKeys(c, options.by, areas).map((key) => {
      const slot = key.id ?? "\u0000"
      let group = groups.get(slot)
      if (group === undefined) {
        group = {
          id: key.id,
          ...(key.name === undefined ? {} : { name: key.name }),
          all: emptyAccumulator(),
          byCareNeed: { support: emptyAccumulator(), care: emptyAccumulator(), other: emptyAccumulator() },
        }
        groups.set(slot, group)
      }
      return [group.all, group.byCareNeed[need]] as const
    })
    const count = (update: (a: Accumulator) => void) => {
      for (const pair of targets) for (const accumulator of pair) update(accumulator)
    }
    for (const admission of admissions) {
      const obligation = admissionInformationObligation(evaluation, admission.id)
      const key = obligation === undefined ? undefined : tallyKey[obligation.status]
      if (key !== undefined) count((a) => a.admission[key]++)
    }
    if (need !== "other" && c.parties.care_manager !== undefined) {
      for (const discharge of discharges) {
        const coordinated = coordinatedBeforeDischarge(c, discharge, options.now)
        count((a) => {
          a.discharged++
          if (coordinated) a.coordinated++
        })
      }
    }
    for (const obligation of triggered) {
      const key = tallyKey[obligation.status]
      if (key !== undefined) count((a) => a.obligations[key]++)
    }
  }
  const sorted = [...groups.values()].sort((a, b) =>
    a.id === b.id ? 0 : a.id === null ? 1 : b.id === null ? -1 : a.id < b.id ? -1 : 1,
  )
  return Result.succeed({
    period: options.period,
    asOf: tokyoDateTimeOf(options.now).date,
    by: options.by,
    groups: sorted.map((group) => ({
      by: options.by,
      id: group.id,
      ...(group.name === undefined ? {} : { name: group.name }),
      all: figuresOf(group.all),
      byCareNeed: {
        support: figuresOf(group.byCareNeed.support),
        care: figuresOf(group.byCareNeed.care),
        other: figuresOf(group.byCareNeed.other),
      },
    })),
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Indicator values
// ---------------------------------------------------------------------------------------------------------------

/**
 * 評価指標 (indicators) a compliance report yields, for the PDCA module: two rates (process indicators) and the
 * counts behind them.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { ComplianceIndicator } from "@zaitaku/core"
 *
 * ComplianceIndicator.options
 * ```
 */
export const ComplianceIndicator = z.enum([
  "admission_information_on_time_rate",
  "admission_information_late",
  "admission_information_missed",
  "discharge_coordination_rate",
  "obligations_late",
  "obligations_missed",
])
/** @since 0.1.0 @category indicators */
export type ComplianceIndicator = z.infer<typeof ComplianceIndicator>

/**
 * Japanese and English names of each {@link ComplianceIndicator}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { complianceIndicatorLabels } from "@zaitaku/core"
 *
 * complianceIndicatorLabels.discharge_coordination_rate.ja // "退院調整率"
 * ```
 */
export const complianceIndicatorLabels: Readonly<Record<ComplianceIndicator, LocalizedText>> = {
  admission_information_on_time_rate: { ja: "入院時情報提供の期限内率", en: "Admission information on time" },
  admission_information_late: { ja: "入院時情報提供の期限後実施件数", en: "Admission information given late" },
  admission_information_missed: { ja: "入院時情報提供の未実施件数", en: "Admission information missed" },
  discharge_coordination_rate: { ja: "退院調整率", en: "Discharge coordination rate" },
  obligations_late: { ja: "期限後に実施された義務の件数", en: "Obligations met late" },
  obligations_missed: { ja: "期限切れの義務の件数", en: "Obligations missed" },
}

/**
 * One indicator value: which indicator, period, group and care need; the value (a rate 0–1, or a count; `null` when
 * a rate has no denominator) with its numerator and denominator for rates.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import type { ComplianceIndicatorValue } from "@zaitaku/core"
 *
 * declare const values: ReadonlyArray<ComplianceIndicatorValue>
 * values.filter((v) => v.indicator === "discharge_coordination_rate" && v.careNeed === "all")
 * ```
 */
export interface ComplianceIndicatorValue {
  readonly indicator: ComplianceIndicator
  readonly period: DateRange
  readonly group: { readonly by: ComplianceGrouping; readonly id: string | null }
  readonly careNeed: "all" | CareNeed
  readonly value: number | null
  readonly numerator?: number
  readonly denominator?: number
}

/**
 * 指標値への変換 (a report as indicator values), for each group, for all patients and for each care need.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { complianceIndicators, type ComplianceReport } from "@zaitaku/core"
 *
 * declare const report: ComplianceReport
 * complianceIndicators(report).length
 * ```
 */
export const complianceIndicators = (report: ComplianceReport): ReadonlyArray<ComplianceIndicatorValue> =>
  report.groups.flatMap((group) =>
    (
      [
        ["all", group.all],
        ["support", group.byCareNeed.support],
        ["care", group.byCareNeed.care],
        ["other", group.byCareNeed.other],
      ] as const
    ).flatMap(([careNeed, figures]) => {
      const base = { period: report.period, group: { by: group.by, id: group.id }, careNeed }
      const a = figures.admissionInformation
      const d = figures.dischargeCoordination
      return [
        {
          ...base,
          indicator: "admission_information_on_time_rate" as const,
          value: a.onTimeRate,
          numerator: a.onTime,
          denominator: a.onTime + a.late + a.missed,
        },
        { ...base, indicator: "admission_information_late" as const, value: a.late },
        { ...base, indicator: "admission_information_missed" as const, value: a.missed },
        {
          ...base,
          indicator: "discharge_coordination_rate" as const,
          value: d.rate,
          numerator: d.coordinated,
          denominator: d.discharged,
        },
        { ...base, indicator: "obligations_late" as const, value: figures.obligations.late },
        { ...base, indicator: "obligations_missed" as const, value: figures.obligations.missed },
      ]
    }),
  )
