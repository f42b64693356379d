/**
 * PDCA計画 (PDCA plans): how a municipality runs 在宅医療・介護連携推進事業 as the guidance asks — めざすべき姿 (the
 * desired state) for the region, required, and for each of the 4つの場面; 目標 (goals) per scene; 評価指標
 * (indicators) per goal with targets per area and period; 対応策 (countermeasures, in `Meeting`) linked to goals;
 * and the Act step: review notes and next actions per goal and period. 認知症 and 感染症・災害時 can be added as
 * themes. A plan covers a cycle of fiscal years, usually a 介護保険事業計画期 (第9期 = 令和6〜8年度).
 *
 * Hierarchy and wording: REFERENCE.md §1.3 ("4つの場面ごとの現状分析・課題抽出・目標設定等を行う前提として、地域のめざすべき姿を
 * 必ず設定し…"). The national survey asks, per scene, whether めざすべき姿, 目標 and 評価指標 are set;
 * {@link planSceneStatus} answers exactly those questions for a plan.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { AreaRef, areaKey } from "./AreaHierarchy.js"
import { addLocalizedIssue } from "./Decode.js"
import { TenantId } from "./Ids.js"
import type { LocalizedText } from "./Label.js"
import type { Countermeasure } from "./Meeting.js"
import {
  FiscalPeriod,
  FiscalYear,
  formatWarekiFiscalYear,
  InsurancePlanPeriod,
  IsoDate,
  insurancePlanPeriodLabel,
  insurancePlanPeriodRange,
  periodRange,
} from "./Period.js"
import { CareScene, CareScenes, CareTheme, CareThemes, careSceneLabels, careThemeLabels } from "./ProgramFramework.js"
import { IndicatorCode, PdcaGoalId, PdcaPlanId } from "./ProgramIds.js"

// ---------------------------------------------------------------------------------------------------------------
// Cycle
// ---------------------------------------------------------------------------------------------------------------

/**
 * 計画期間 (plan cycle): consecutive fiscal years (at most 12), or a 介護保険事業計画期 (three fiscal years).
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { PlanCycle } from "@zaitaku/core"
 *
 * PlanCycle.parse({ kind: "insurance_plan_period", period: 9 }) // 令和6〜8年度
 * PlanCycle.parse({ kind: "fiscal_years", firstFiscalYear: 2025, lastFiscalYear: 2025 })
 * ```
 */
export const PlanCycle = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("insurance_plan_period"), period: InsurancePlanPeriod }),
    z.object({ kind: z.literal("fiscal_years"), firstFiscalYear: FiscalYear, lastFiscalYear: FiscalYear }),
  ])
  .superRefine((cycle, ctx) => {
    if (cycle.kind !== "fiscal_years") return
    const length = cycle.lastFiscalYear - cycle.firstFiscalYear + 1
    if (length < 1 || length > 12) {
      addLocalizedIssue(
        ctx,
        ["lastFiscalYear"],
        "計画期間は開始年度から1〜12年度です",
        "A plan cycle runs from its first fiscal year for 1 to 12 fiscal years",
        "cycle_length",
      )
    }
  })
/** @since 0.1.0 @category plans */
export type PlanCycle = z.infer<typeof PlanCycle>

/**
 * 計画期間の年度 (fiscal years of a cycle), both inclusive.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { cycleFiscalYears } from "@zaitaku/core"
 *
 * cycleFiscalYears({ kind: "insurance_plan_period", period: 9 }) // { firstFiscalYear: 2024, lastFiscalYear: 2026 }
 * ```
 */
export const cycleFiscalYears = (
  cycle: PlanCycle,
): { readonly firstFiscalYear: FiscalYear; readonly lastFiscalYear: FiscalYear } =>
  cycle.kind === "insurance_plan_period"
    ? insurancePlanPeriodRange(cycle.period)
    : { firstFiscalYear: cycle.firstFiscalYear, lastFiscalYear: cycle.lastFiscalYear }

/**
 * 計画期間の表示名 (cycle label): 第9期（令和6年度〜令和8年度） / 9th plan period (FY2024–FY2026).
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { cycleLabel } from "@zaitaku/core"
 *
 * cycleLabel({ kind: "insurance_plan_period", period: 9 }).ja // "第9期（令和6年度〜令和8年度）"
 * cycleLabel({ kind: "fiscal_years", firstFiscalYear: 2025, lastFiscalYear: 2025 }).en // "FY2025"
 * ```
 */
export const cycleLabel = (cycle: PlanCycle): LocalizedText => {
  const { firstFiscalYear, lastFiscalYear } = cycleFiscalYears(cycle)
  const years: LocalizedText =
    firstFiscalYear === lastFiscalYear
      ? { ja: formatWarekiFiscalYear(firstFiscalYear), en: `FY${firstFiscalYear}` }
      : {
          ja: `${formatWarekiFiscalYear(firstFiscalYear)}〜${formatWarekiFiscalYear(lastFiscalYear)}`,
          en: `FY${firstFiscalYear}–FY${lastFiscalYear}`,
        }
  if (cycle.kind === "fiscal_years") return years
  const period = insurancePlanPeriodLabel(cycle.period)
  return { ja: `${period.ja}（${years.ja}）`, en: `${period.en} (${years.en})` }
}

/**
 * 手引きの版 (guidance version) a plan follows: 手引き Ver.3 (令和2年9月) or Ver.4 (令和7年3月). The content of
 * Ver.4 is not confirmed (REFERENCE.md §8).
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { GuidanceVersion } from "@zaitaku/core"
 *
 * GuidanceVersion.parse("ver3-2020-09")
 * ```
 */
export const GuidanceVersion = z.enum(["ver3-2020-09", "ver4-2025-03"])
/** @since 0.1.0 @category plans */
export type GuidanceVersion = z.infer<typeof GuidanceVersion>

// ---------------------------------------------------------------------------------------------------------------
// Goals, indicators and targets
// ---------------------------------------------------------------------------------------------------------------

/**
 * 目標値 (target) of an indicator for one area and period, with an optional baseline (基準値) it started from.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { PlanTarget } from "@zaitaku/core"
 *
 * PlanTarget.parse({
 *   area: { kind: "municipality", code: "022039" },
 *   period: { kind: "year", fiscalYear: 2026, index: 1 },
 *   value: 80,
 *   baseline: { period: { kind: "year", fiscalYear: 2023, index: 1 }, value: 62.5 },
 * })
 * ```
 */
export const PlanTarget = z.object({
  area: AreaRef,
  period: FiscalPeriod,
  value: z.number().finite(),
  baseline: z.object({ period: FiscalPeriod, value: z.number().finite() }).optional(),
})
/** @since 0.1.0 @category plans */
export type PlanTarget = z.infer<typeof PlanTarget>

/**
 * 目標の評価指標 (indicator of a goal): an indicator code (standard catalogue or the tenant's own) and its
 * targets, at most one per area and period.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { GoalIndicator } from "@zaitaku/core"
 *
 * GoalIndicator.parse({ indicator: "admission_information_on_time_rate", targets: [] })
 * ```
 */
export const GoalIndicator = z.object({
  indicator: IndicatorCode,
  targets: z.array(PlanTarget).default([]),
  note: z.string().trim().min(1).max(1000).optional(),
})
/** @since 0.1.0 @category plans */
export type GoalIndicator = z.infer<typeof GoalIndicator>

/**
 * 目標 (goal) of a plan: what should be achieved in one or more scenes (or themes) to approach the めざすべき姿,
 * and the indicators that measure it.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { PdcaGoal } from "@zaitaku/core"
 *
 * PdcaGoal.parse({
 *   id: "0192f5a0-0000-7000-8800-000000000001",
 *   scenes: ["admission_discharge"],
 *   statement: "入院時に居宅介護支援事業所から病院へ、期限内に情報提供が行われる",
 *   indicators: [{ indicator: "admission_information_on_time_rate" }],
 * })
 * ```
 */
export const PdcaGoal = z.object({
  id: PdcaGoalId,
  scenes: CareScenes.default([]),
  themes: CareThemes.default([]),
  statement: z.string().trim().min(1).max(1000),
  indicators: z.array(GoalIndicator).default([]),
})
/** @since 0.1.0 @category plans */
export type PdcaGoal = z.infer<typeof PdcaGoal>

/**
 * 評価と改善 (review, the Act step): what was learned about a goal in a period, and the next actions.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { GoalReview } from "@zaitaku/core"
 *
 * GoalReview.parse({
 *   goalId: "0192f5a0-0000-7000-8800-000000000001",
 *   period: { kind: "year", fiscalYear: 2024, index: 1 },
 *   reviewedOn: "2025-05-20",
 *   note: "期限内率は上がったが、短期入院の扱いが病院ごとに異なる",
 *   nextActions: ["ルールの除外条件（短期入院）を明文化する"],
 * })
 * ```
 */
export const GoalReview = z.object({
  goalId: PdcaGoalId,
  period: FiscalPeriod,
  reviewedOn: IsoDate,
  note: z.string().trim().min(1).max(5000),
  nextActions: z.array(z.string().trim().min(1).max(500)).default([]),
  reviewedBy: z.string().trim().min(1).max(200).optional(),
})
/** @since 0.1.0 @category plans */
export type GoalReview = z.infer<typeof GoalReview>

/**
 * 計画の状態 (plan status): `draft`, `active` (the cycle being carried out), `closed`.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { PdcaPlanStatus } from "@zaitaku/core"
 *
 * PdcaPlanStatus.parse("active")
 * ```
 */
export const PdcaPlanStatus = z.enum(["draft", "active", "closed"])
/** @since 0.1.0 @category plans */
export type PdcaPlanStatus = z.infer<typeof PdcaPlanStatus>

const fiscalYearOfPeriod = (period: FiscalPeriod): number => period.fiscalYear

const periodKey = (period: FiscalPeriod): string => `${period.kind}:${period.fiscalYear}:${period.index}`

/**
 * PDCA計画 (plan) of a tenant for a cycle.
 *
 * - `vision`: the region's めざすべき姿, required; `sceneVisions` / `themeVisions`: per scene and per added theme;
 * - `themes`: the themes the plan adds (認知症, 感染症・災害時); goals and theme visions may use only these;
 * - `goals`: distinct ids; each names at least one scene or theme; an indicator at most once per goal; targets
 *   within the cycle and at most one per area and period;
 * - `reviews`: notes per goal and period, for goals of the plan, within the cycle.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { PdcaPlan } from "@zaitaku/core"
 *
 * PdcaPlan.parse({
 *   id: "0192f5a0-0000-7000-8800-0000000000f1",
 *   tenantId: "0192f5a0-0000-7000-8000-0000000000aa",
 *   title: "八戸市 在宅医療・介護連携推進事業 第9期計画",
 *   area: { kind: "municipality", code: "022039" },
 *   cycle: { kind: "insurance_plan_period", period: 9 },
 *   status: "active",
 *   vision: "医療と介護が必要になっても、住み慣れた地域で自分らしい暮らしを人生の最期まで続けられる",
 *   sceneVisions: { admission_discharge: "入院医療機関と在宅医療・介護の関係機関との協働による退院支援が行われている" },
 *   goals: [],
 * })
 * ```
 */
export const PdcaPlan = z
  .object({
    id: PdcaPlanId,
    tenantId: TenantId,
    title: z.string().trim().min(1).max(200),
    area: AreaRef,
    cycle: PlanCycle,
    guidanceVersion: GuidanceVersion.optional(),
    status: PdcaPlanStatus,
    vision: z.string().trim().min(1).max(2000),
    sceneVisions: z.partialRecord(CareScene, z.string().trim().min(1).max(2000)).default({}),
    themes: CareThemes.default([]),
    themeVisions: z.partialRecord(CareTheme, z.string().trim().min(1).max(2000)).default({}),
    goals: z.array(PdcaGoal).default([]),
    reviews: z.array(GoalReview).default([]),
  })
  .superRefine((plan, ctx) => {
    const { firstFiscalYear, lastFiscalYear } = cycleFiscalYears(plan.cycle)
    const inCycle = (period: FiscalPeriod) =>
      fiscalYearOfPeriod(period) >= firstFiscalYear && fiscalYearOfPeriod(period) <= lastFiscalYear
    const cycleText = cycleLabel(plan.cycle)
    const themes = new Set<string>(plan.themes)
    for (const theme of Object.keys(plan.themeVisions)) {
      if (!themes.has(theme)) {
        const name = careThemeLabels[theme as CareTheme]
        addLocalizedIssue(
          ctx,
          ["themeVisions", theme],
          `テーマ「${name.ja}」を計画に追加してから、めざすべき姿を書いてください`,
          `Add the theme ${name.en} to the plan before giving it a vision`,
          "theme_not_in_plan",
        )
      }
    }
    const goalIds = new Set<string>()
    plan.goals.forEach((goal, g) => {
      if (goalIds.has(goal.id)) {
        addLocalizedIssue(
          ctx,
          ["goals", g, "id"],
          "目標のIDが重複しています",
          `Duplicate goal id ${goal.id}`,
          "duplicate",
        )
      }
      goalIds.add(goal.id)
      if (goal.scenes.length === 0 && goal.themes.length === 0) {
        addLocalizedIssue(
          ctx,
          ["goals", g, "scenes"],
          "目標には場面（日常の療養支援・入退院支援・急変時の対応・看取り）かテーマを1つ以上指定してください",
          "A goal needs at least one scene or theme",
          "scene_missing",
        )
      }
      goal.themes.forEach((theme, t) => {
        if (!themes.has(theme)) {
          addLocalizedIssue(
            ctx,
            ["goals", g, "themes", t],
            `テーマ「${careThemeLabels[theme].ja}」は計画に追加されていません`,
            `The theme ${careThemeLabels[theme].en} is not added to the plan`,
            "theme_not_in_plan",
          )
        }
      })
      const indicators = new Set<string>()
      goal.indicators.forEach((goalIndicator, i) => {
        if (indicators.has(goalIndicator.indicator)) {
          addLocalizedIssue(
            ctx,
            ["goals", g, "indicators", i, "indicator"],
            `評価指標「${goalIndicator.indicator}」がこの目標に重複しています`,
            `The indicator ${goalIndicator.indicator} is listed twice for this goal`,
            "duplicate",
          )
        }
        indicators.add(goalIndicator.indicator)
        const targetKeys = new Set<string>()
        goalIndicator.targets.forEach((target, t) => {
          const path = ["goals", g, "indicators", i, "targets", t]
          if (!inCycle(target.period)) {
            addLocalizedIssue(
              ctx,
              [...path, "period"],
              `目標値の期間が計画期間（${cycleText.ja}）の外です`,
              `The target's period is outside the plan cycle (${cycleText.en})`,
              "outside_cycle",
            )
          }
          const key = `${areaKey(target.area)}|${periodKey(target.period)}`
          if (targetKeys.has(key)) {
            addLocalizedIssue(
              ctx,
              path,
              "同じ地域・期間の目標値が重複しています",
              "Two targets for the same area and period",
              "duplicate",
            )
          }
          targetKeys.add(key)
        })
      })
    })
    plan.reviews.forEach((review, r) => {
      if (!goalIds.has(review.goalId)) {
        addLocalizedIssue(
          ctx,
          ["reviews", r, "goalId"],
          "評価の対象の目標がこの計画にありません",
          `The reviewed goal ${review.goalId} is not a goal of this plan`,
          "unknown_goal",
        )
      }
      if (!inCycle(review.period)) {
        addLocalizedIssue(
          ctx,
          ["reviews", r, "period"],
          `評価の期間が計画期間（${cycleText.ja}）の外です`,
          `The review's period is outside the plan cycle (${cycleText.en})`,
          "outside_cycle",
        )
      }
    })
  })
/** @since 0.1.0 @category plans */
export type PdcaPlan = z.infer<typeof PdcaPlan>
/** The input form of a {@link PdcaPlan} (defaults not yet applied). @since 0.1.0 @category plans */
export type PdcaPlanInput = z.input<typeof PdcaPlan>

// ---------------------------------------------------------------------------------------------------------------
// Reading a plan
// ---------------------------------------------------------------------------------------------------------------

/**
 * 指標の目標値 (indicator target): a {@link PlanTarget} with its indicator and goal, as {@link planTargets} lists them.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import type { IndicatorTarget } from "@zaitaku/core"
 *
 * declare const target: IndicatorTarget
 * target.indicator
 * ```
 */
export interface IndicatorTarget extends PlanTarget {
  readonly indicator: IndicatorCode
  readonly goalId: PdcaGoalId
}

/**
 * 目標値の一覧 (targets of a plan): every target of every goal's indicators.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { type PdcaPlan, planTargets } from "@zaitaku/core"
 *
 * declare const plan: PdcaPlan
 * planTargets(plan).filter((t) => t.period.fiscalYear === 2025)
 * ```
 */
export const planTargets = (plan: PdcaPlan): ReadonlyArray<IndicatorTarget> =>
  plan.goals.flatMap((goal) =>
    goal.indicators.flatMap((goalIndicator) =>
      goalIndicator.targets.map((target) => ({ ...target, indicator: goalIndicator.indicator, goalId: goal.id })),
    ),
  )

/**
 * 目標の対応策 (countermeasures of a goal): those that name the goal.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { type Countermeasure, countermeasuresOfGoal, type PdcaGoal } from "@zaitaku/core"
 *
 * declare const goal: PdcaGoal
 * declare const measures: ReadonlyArray<Countermeasure>
 * countermeasuresOfGoal(goal.id, measures)
 * ```
 */
export const countermeasuresOfGoal = (
  goalId: PdcaGoalId,
  countermeasures: ReadonlyArray<Countermeasure>,
): ReadonlyArray<Countermeasure> => countermeasures.filter((measure) => measure.goalIds.includes(goalId))

/**
 * 場面ごとの設定状況 (status per scene) of a plan, as the national survey asks it: めざすべき姿 set, 目標 set,
 * 評価指標 set (a goal of the scene has an indicator), 対応策 set (a countermeasure serves a goal of the scene or
 * names the scene), and the counts behind them.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import type { PlanSceneStatus } from "@zaitaku/core"
 *
 * declare const status: PlanSceneStatus
 * status.indicatorsSet
 * ```
 */
export interface PlanSceneStatus {
  readonly scene: CareScene
  readonly label: LocalizedText
  readonly visionSet: boolean
  readonly goalsSet: boolean
  readonly indicatorsSet: boolean
  readonly countermeasuresSet: boolean
  readonly goals: number
  readonly indicators: number
  readonly countermeasures: number
}

/**
 * 場面ごとの設定状況 (status per scene) of a plan and its countermeasures, for the four scenes in order.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { type PdcaPlan, planSceneStatus } from "@zaitaku/core"
 *
 * declare const plan: PdcaPlan
 * planSceneStatus(plan, []).filter((s) => !s.indicatorsSet).map((s) => s.label.ja)
 * ```
 */
export const planSceneStatus = (
  plan: PdcaPlan,
  countermeasures: ReadonlyArray<Countermeasure>,
): ReadonlyArray<PlanSceneStatus> =>
  CareScene.options.map((scene) => {
    const goals = plan.goals.filter((goal) => goal.scenes.includes(scene))
    const goalIds = new Set<string>(goals.map((goal) => goal.id))
    const indicators = new Set(goals.flatMap((goal) => goal.indicators.map((i) => i.indicator))).size
    const measures = countermeasures.filter(
      (measure) => measure.scenes.includes(scene) || measure.goalIds.some((id) => goalIds.has(id)),
    ).length
    return {
      scene,
      label: careSceneLabels[scene],
      visionSet: plan.sceneVisions[scene] !== undefined,
      goalsSet: goals.length > 0,
      indicatorsSet: indicators > 0,
      countermeasuresSet: measures > 0,
      goals: goals.length,
      indicators,
      countermeasures: measures,
    }
  })

/**
 * 目標の評価記録 (reviews of a goal), oldest period first.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { goalReviews, type PdcaPlan } from "@zaitaku/core"
 *
 * declare const plan: PdcaPlan
 * goalReviews(plan, plan.goals[0]!.id).at(-1)?.nextActions
 * ```
 */
export const goalReviews = (plan: PdcaPlan, goalId: PdcaGoalId): ReadonlyArray<GoalReview> =>
  plan.reviews
    .filter((review) => review.goalId === goalId)
    .sort((a, b) => {
      const start = periodRange(a.period).start.localeCompare(periodRange(b.period).start)
      return start !== 0 ? start : a.reviewedOn.localeCompare(b.reviewedOn)
    })
