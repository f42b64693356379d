import {
  countermeasuresOfGoal,
  cycleFiscalYears,
  cycleLabel,
  fromZodError,
  goalReviews,
  PdcaGoalId,
  PdcaPlan,
  type PdcaPlanInput,
  planSceneStatus,
  planTargets,
} from "@zaitaku/core"
import { describe, expect, it } from "vitest"
import { countermeasure, tenantId, uuid } from "./fixtures/activities.js"

const hachinohe = { kind: "municipality", code: "022039" } as const
const year = (fiscalYear: number) => ({ kind: "year", fiscalYear, index: 1 }) as const
const goalId = (n: number) => PdcaGoalId.parse(uuid(n, "8"))

const input = (overrides: Partial<PdcaPlanInput> = {}): PdcaPlanInput => ({
  id: uuid(100, "8"),
  tenantId,
  title: "八戸市 在宅医療・介護連携推進事業 第9期計画",
  area: hachinohe,
  cycle: { kind: "insurance_plan_period", period: 9 },
  status: "active",
  vision: "医療と介護が必要になっても、住み慣れた地域で自分らしい暮らしを人生の最期まで続けられる",
  sceneVisions: {
    admission_discharge: "入院医療機関と在宅医療・介護の関係機関との協働による退院支援が行われている",
    end_of_life: "住み慣れた自宅や介護施設等、本人が望む場所で看取りが行われている",
  },
  themes: ["dementia"],
  themeVisions: { dementia: "認知症の人が望む場所で暮らし続けられる" },
  goals: [
    {
      id: goalId(1),
      scenes: ["admission_discharge"],
      statement: "入院時に期限内に情報提供が行われる",
      indicators: [
        {
          indicator: "admission_information_on_time_rate",
          targets: [
            { area: hachinohe, period: year(2025), value: 80 },
            { area: hachinohe, period: year(2026), value: 90, baseline: { period: year(2024), value: 62.5 } },
          ],
        },
      ],
    },
    {
      id: goalId(2),
      scenes: ["end_of_life", "daily_care"],
      themes: ["dementia"],
      statement: "本人の望む場所での看取りを支える多職種の連携ができている",
      indicators: [{ indicator: "training_participants" }],
    },
  ],
  reviews: [
    {
      goalId: goalId(1),
      period: year(2025),
      reviewedOn: "2026-05-20",
      note: "短期入院の扱いが病院ごとに異なる",
      nextActions: ["除外条件を明文化する"],
    },
    { goalId: goalId(1), period: year(2024), reviewedOn: "2025-05-21", note: "基準値を把握した" },
  ],
  ...overrides,
})

const issuesOf = (value: PdcaPlanInput) => {
  const result = PdcaPlan.safeParse(value)
  expect(result.success).toBe(false)
  return fromZodError("plan", result.error!).issues
}

describe("PlanCycle", () => {
  it("covers a 介護保険事業計画期 or a run of fiscal years, with a label in both languages", () => {
    expect(cycleFiscalYears({ kind: "insurance_plan_period", period: 9 })).toEqual({
      firstFiscalYear: 2024,
      lastFiscalYear: 2026,
    })
    expect(cycleLabel({ kind: "insurance_plan_period", period: 9 })).toEqual({
      ja: "第9期（令和6年度〜令和8年度）",
      en: "9th plan period (FY2024–FY2026)",
    })
    expect(cycleLabel({ kind: "fiscal_years", firstFiscalYear: 2025, lastFiscalYear: 2025 })).toEqual({
      ja: "令和7年度",
      en: "FY2025",
    })
  })
})

describe("PdcaPlan", () => {
  it("holds a required vision, per-scene visions, goals with indicators and targets, and reviews", () => {
    const plan = PdcaPlan.parse(input())
    expect(plan.goals).toHaveLength(2)
    expect(planTargets(plan).map((t) => [t.indicator, t.period.fiscalYear, t.value])).toEqual([
      ["admission_information_on_time_rate", 2025, 80],
      ["admission_information_on_time_rate", 2026, 90],
    ])
    expect(goalReviews(plan, goalId(1)).map((r) => r.period.fiscalYear)).toEqual([2024, 2025])
    // A plan survives a JSON round trip unchanged (what an API sends back).
    expect(PdcaPlan.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan)
  })

  it("requires the めざすべき姿", () => {
    const [issue] = issuesOf(input({ vision: "   " }))
    expect(issue?.path).toEqual(["vision"])
  })

  it("requires each goal to name a scene or theme, and themes to be added to the plan first", () => {
    const noScene = issuesOf(input({ goals: [{ id: goalId(3), statement: "目標" }] }))
    expect(noScene[0]).toMatchObject({ path: ["goals", 0, "scenes"], code: "scene_missing" })
    const noTheme = issuesOf(input({ themes: [] }))
    expect(noTheme.map((i) => [i.path.join("."), i.code])).toEqual([
      ["themeVisions.dementia", "theme_not_in_plan"],
      ["goals.1.themes.0", "theme_not_in_plan"],
    ])
    expect(noTheme[1]?.message.ja).toBe("テーマ「認知症」は計画に追加されていません")
  })

  it("keeps targets inside the cycle and one per area and period", () => {
    const base = input()
    const goals = base.goals!
    const outside = issuesOf({
      ...base,
      goals: [
        {
          ...goals[0]!,
          indicators: [
            {
              indicator: "admission_information_on_time_rate",
              targets: [
                { area: hachinohe, period: year(2027), value: 95 },
                { area: hachinohe, period: year(2025), value: 80 },
                { area: hachinohe, period: year(2025), value: 85 },
              ],
            },
          ],
        },
      ],
      themes: [],
      themeVisions: {},
    })
    expect(outside.map((i) => i.code)).toEqual(["outside_cycle", "duplicate"])
    expect(outside[0]?.message.ja).toBe("目標値の期間が計画期間（第9期（令和6年度〜令和8年度））の外です")
  })

  it("rejects duplicate goals and indicators, and reviews of unknown goals or outside the cycle", () => {
    const base = input()
    const goals = base.goals!
    const duplicates = issuesOf({
      ...base,
      goals: [goals[0]!, { ...goals[0]!, indicators: [{ indicator: "x_rate" }, { indicator: "x_rate" }] }],
      themes: [],
      themeVisions: {},
      reviews: [
        { goalId: goalId(9), period: year(2025), reviewedOn: "2026-05-01", note: "?" },
        { goalId: goalId(1), period: year(2023), reviewedOn: "2024-05-01", note: "?" },
      ],
    })
    expect(duplicates.map((i) => [i.path.join("."), i.code])).toEqual([
      ["goals.1.id", "duplicate"],
      ["goals.1.indicators.1.indicator", "duplicate"],
      ["reviews.0.goalId", "unknown_goal"],
      ["reviews.1.period", "outside_cycle"],
    ])
  })
})

describe("planSceneStatus", () => {
  it("answers the national survey's questions per scene: vision, goals, indicators, countermeasures", () => {
    const plan = PdcaPlan.parse(input())
    const measures = [
      countermeasure({ scenes: ["emergency"] }),
      countermeasure({ scenes: ["admission_discharge"], goalIds: [goalId(1)] }),
    ]
    const status = Object.fromEntries(planSceneStatus(plan, measures).map((s) => [s.scene, s]))
    expect(status.admission_discharge).toMatchObject({
      visionSet: true,
      goalsSet: true,
      indicatorsSet: true,
      countermeasuresSet: true,
      countermeasures: 1,
    })
    expect(status.daily_care).toMatchObject({
      visionSet: false,
      goalsSet: true,
      indicatorsSet: true,
      countermeasuresSet: false,
    })
    expect(status.emergency).toMatchObject({
      visionSet: false,
      goalsSet: false,
      indicatorsSet: false,
      countermeasuresSet: true,
    })
    expect(status.end_of_life).toMatchObject({ visionSet: true, goals: 1, indicators: 1 })
    expect(countermeasuresOfGoal(goalId(1), measures)).toEqual([measures[1]])
  })
})
