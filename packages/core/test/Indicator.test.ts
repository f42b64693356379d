import {
  Area,
  assessIndicator,
  checkDataValues,
  compileIndicator,
  DataElement,
  type DataElementInput,
  evaluateAgainstTarget,
  evaluateIndicator,
  fromZodError,
  IndicatorDefinition,
  type IndicatorDefinitionInput,
  makeAreaHierarchy,
  makeDataValueIndex,
  municipalityArea,
  readDataValue,
  rollUpDataValues,
  shiftFiscalPeriod,
} from "@zaitaku/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { entered, month, quarter, year } from "./fixtures/indicators.js"

const hachinohe = municipalityArea("022039")
const oirase = municipalityArea("024121")
const medicalArea = { kind: "secondary_medical_area", code: "0203" } as const

const element = (input: Partial<DataElementInput> & Pick<DataElementInput, "code">) =>
  DataElement.parse({
    name: { ja: input.code, en: input.code },
    definition: { ja: input.code, en: input.code },
    valueType: "count",
    periodAggregation: "sum",
    ...input,
  })

const elements = [
  element({
    code: "consultations",
    options: [
      { code: "resident_family", label: { ja: "本人・家族", en: "Residents" } },
      { code: "medical_institution", label: { ja: "医療機関", en: "Medical institutions" } },
    ],
  }),
  element({ code: "referred" }),
  element({ code: "population_65_plus", periodAggregation: "last" }),
]

const definition = (input: Partial<IndicatorDefinitionInput> = {}) =>
  IndicatorDefinition.parse({
    code: "referral_rate",
    name: { ja: "つないだ割合", en: "Referral rate" },
    definition: { ja: "相談のうちつないだ割合", en: "Share of consultations referred" },
    numerator: "#{referred}",
    numeratorDescription: { ja: "つないだ件数", en: "Referred" },
    denominator: "#{consultations}",
    denominatorDescription: { ja: "相談件数", en: "Consultations" },
    type: "percent",
    direction: "higher_is_better",
    kind: "process",
    dataSource: "activity_records",
    source: { title: "test", grade: "inference" },
    ...input,
  })

const compile = (input: Partial<IndicatorDefinitionInput> = {}) =>
  Result.getOrThrow(compileIndicator(definition(input), elements))

describe("IndicatorDefinition", () => {
  it("rejects a syntax error in a formula with the field and a bilingual message", () => {
    const result = IndicatorDefinition.safeParse({ ...definition(), denominator: "#{consultations} *" })
    expect(fromZodError("indicator", result.error!).issues[0]).toEqual({
      path: ["denominator"],
      code: "expression_syntax",
      message: {
        ja: "分母の式: 19文字目: 式が途中で終わっています",
        en: "The denominator: at position 19: the expression ends too early",
      },
    })
  })

  it("requires a denominator for rates and refuses one for plain numbers", () => {
    const { denominator: _d, denominatorDescription: _dd, ...noDenominator } = definition()
    expect(fromZodError("i", IndicatorDefinition.safeParse(noDenominator).error!).issues[0]?.code).toBe(
      "denominator_missing",
    )
    expect(
      fromZodError("i", IndicatorDefinition.safeParse({ ...definition(), type: "number" }).error!).issues[0]?.code,
    ).toBe("denominator_unexpected")
  })
})

describe("compileIndicator", () => {
  it("rejects an unknown data element before anything is evaluated", () => {
    const result = compileIndicator(definition({ numerator: "#{referals}" }), elements)
    expect(Result.isFailure(result)).toBe(true)
    const error = Result.isFailure(result) ? result.failure : undefined
    expect(error?.issues).toEqual([
      {
        path: ["numerator"],
        code: "expression_unknown_data_element",
        message: {
          ja: "分子の式: 1文字目: データ項目「referals」は定義されていません",
          en: 'The numerator: at position 1: unknown data element "referals"',
        },
      },
    ])
  })
})

describe("evaluateIndicator", () => {
  const values = [
    entered("referred", hachinohe, year(2025), 3),
    entered("consultations", hachinohe, year(2025), 7),
    entered("population_65_plus", hachinohe, year(2025), 64_000),
  ]

  it("computes numerator ÷ denominator × factor, rounded half away from zero to the decimals", () => {
    const value = evaluateIndicator(compile(), hachinohe, year(2025), makeDataValueIndex(values))
    expect(value).toMatchObject({ value: 42.9, numerator: 3, denominator: 7, noData: [] })
    expect(value.exactValue).toBeCloseTo(42.857142, 5)
    const twoDecimals = evaluateIndicator(compile({ decimals: 2 }), hachinohe, year(2025), makeDataValueIndex(values))
    expect(twoDecimals.value).toBe(42.86)
  })

  it("rounds an exact half up even when the binary division lands just below it (23 ÷ 80 = 28.75%)", () => {
    // 23 / 80 * 100 is 28.749999999999996 in floating point; a person and SQL's round(numeric) say 28.8
    const half = (numerator: number, denominator: number, decimals: number) =>
      evaluateIndicator(
        compile({ decimals }),
        hachinohe,
        year(2025),
        makeDataValueIndex([
          entered("referred", hachinohe, year(2025), numerator),
          entered("consultations", hachinohe, year(2025), denominator),
        ]),
      ).value
    expect(half(23, 80, 1)).toBe(28.8)
    expect(half(1, 8, 1)).toBe(12.5)
    expect(half(1, 8, 0)).toBe(13)
    expect(half(1, 3, 1)).toBe(33.3)
    expect(half(2, 3, 1)).toBe(66.7)
    expect(half(1_999, 2_000, 1)).toBe(100)
    expect(half(0, 5, 1)).toBe(0)
  })

  it("gives no data with a clear message for a zero denominator, never Infinity", () => {
    const zero = [entered("referred", hachinohe, year(2025), 0), entered("consultations", hachinohe, year(2025), 0)]
    const value = evaluateIndicator(compile(), hachinohe, year(2025), makeDataValueIndex(zero))
    expect(value.value).toBeNull()
    expect(value.noData).toEqual([
      {
        code: "division_by_zero",
        message: { ja: "分母（相談件数）が0のため計算できません", en: "The denominator (Consultations) is 0" },
      },
    ])
  })

  it("gives no data naming the missing data element, rather than counting it as zero", () => {
    const value = evaluateIndicator(compile(), hachinohe, year(2025), makeDataValueIndex(values.slice(1)))
    expect(value.value).toBeNull()
    expect(value.noData.map((reason) => reason.message.ja)).toEqual(["#{referred} の値がありません"])
  })

  it("annualises a quarter by the days of the fiscal year over the days of the quarter", () => {
    const perThousand = compile({
      numerator: "#{consultations}",
      denominator: "#{population_65_plus}",
      type: "per_1000",
      annualized: true,
      decimals: 3,
    })
    const q1 = [
      entered("consultations", hachinohe, quarter(2025, 1), 91),
      entered("population_65_plus", hachinohe, quarter(2025, 1), 1000),
    ]
    // Q1 (April–June) has 91 days; fiscal 2025 has 365: 91 / 1000 × 1000 × 365 / 91 = 365.
    expect(evaluateIndicator(perThousand, hachinohe, quarter(2025, 1), makeDataValueIndex(q1)).value).toBe(365)
  })
})

describe("readDataValue", () => {
  const consultations = elements[0]!
  const population = elements[2]!

  it("adds up the twelve months of a year for a sum element", () => {
    const months = Array.from({ length: 12 }, (_, i) => entered("consultations", hachinohe, month(2025, i + 1), i + 1))
    expect(readDataValue(makeDataValueIndex(months), consultations, undefined, hachinohe, year(2025))).toEqual({
      value: 78,
    })
  })

  it("refuses to add up a year whose months are only partly there", () => {
    const months = Array.from({ length: 5 }, (_, i) => entered("consultations", hachinohe, month(2025, i + 1), 10))
    const read = readDataValue(makeDataValueIndex(months), consultations, undefined, hachinohe, year(2025))
    expect("unreadable" in read && read.unreadable.message.ja).toBe(
      "「consultations」の令和7年度の値は、月ごとの値が12件中5件しかないため集計できません",
    )
  })

  it("refuses to mix months and quarters, and prefers a value entered for the period itself", () => {
    const mixed = [
      entered("consultations", hachinohe, month(2025, 1), 1),
      entered("consultations", hachinohe, quarter(2025, 2), 1),
    ]
    const read = readDataValue(makeDataValueIndex(mixed), consultations, undefined, hachinohe, year(2025))
    expect("unreadable" in read && read.unreadable.code).toBe("unreadable_value")
    const withYear = [...mixed, entered("consultations", hachinohe, year(2025), 40)]
    expect(readDataValue(makeDataValueIndex(withYear), consultations, undefined, hachinohe, year(2025))).toEqual({
      value: 40,
    })
  })

  it("takes the latest value of a stock such as a population", () => {
    const quarters = [
      entered("population_65_plus", hachinohe, quarter(2025, 1), 64_000),
      entered("population_65_plus", hachinohe, quarter(2025, 3), 64_300),
    ]
    expect(readDataValue(makeDataValueIndex(quarters), population, undefined, hachinohe, year(2025))).toEqual({
      value: 64_300,
    })
  })
})

describe("rollUpDataValues", () => {
  const area = Area.parse({
    kind: "secondary_medical_area",
    code: "0203",
    name: { ja: "八戸地域", en: "Hachinohe area" },
    members: ["022039", "024121"],
  })
  const hierarchy = makeAreaHierarchy([area])
  const municipal = [
    entered("referred", hachinohe, year(2025), 3),
    entered("consultations", hachinohe, year(2025), 4),
    entered("referred", oirase, year(2025), 1),
    entered("consultations", oirase, year(2025), 6),
  ]

  it("gives a 二次医療圏 the ratio of summed numerators and denominators, not the mean of ratios", () => {
    const { values, gaps } = rollUpDataValues(municipal, hierarchy)
    expect(gaps).toEqual([])
    const index = makeDataValueIndex(values)
    expect(evaluateIndicator(compile(), hachinohe, year(2025), index).value).toBe(75)
    expect(evaluateIndicator(compile(), oirase, year(2025), index).value).toBe(16.7)
    const regional = evaluateIndicator(compile(), medicalArea, year(2025), index)
    expect(regional).toMatchObject({ value: 40, numerator: 4, denominator: 10 }) // not (75 + 16.7) / 2 = 45.8
    expect(values.find((v) => v.area.kind === "secondary_medical_area")?.provenance).toEqual({
      source: "rolled_up",
      municipalities: 2,
    })
    const prefecture = evaluateIndicator(compile(), { kind: "prefecture", code: "020001" }, year(2025), index)
    expect(prefecture.value).toBe(40)
  })

  it("leaves a gap naming the missing municipality instead of a sum with a hole", () => {
    const { values, gaps } = rollUpDataValues(municipal.slice(0, 3), hierarchy)
    expect(gaps).toContainEqual({
      dataElement: "consultations",
      area: medicalArea,
      period: year(2025),
      missing: ["024121"],
    })
    const regional = evaluateIndicator(compile(), medicalArea, year(2025), makeDataValueIndex(values))
    expect(regional.value).toBeNull()
    expect(regional.noData[0]?.message.ja).toBe("#{consultations} の値がありません")
  })

  it("keeps a value entered for the larger area itself", () => {
    const own = entered("consultations", medicalArea, year(2025), 12)
    const { values } = rollUpDataValues([...municipal, own], hierarchy)
    const index = makeDataValueIndex(values)
    expect(index.get("consultations", undefined, medicalArea, year(2025))?.value).toBe(12)
  })
})

describe("assessIndicator", () => {
  const assess = (
    value: number | null,
    previous: number | null,
    target: number | undefined,
    lower = false,
    decimals = 1,
  ) => assessIndicator({ value, previous, target, direction: lower ? "lower_is_better" : "higher_is_better", decimals })

  it("calls a value equal to the target achieved, in both directions", () => {
    expect(assess(80, 70, 80).status).toBe("achieved")
    expect(assess(80, 90, 80, true).status).toBe("achieved")
    expect(assess(80.1, null, 80).status).toBe("achieved")
    expect(assess(79.9, null, 80, true).status).toBe("achieved")
  })

  it("compares after rounding to the indicator's decimals", () => {
    expect(assess(79.96, null, 80).status).toBe("achieved") // shown as 80.0
    expect(assess(79.94, null, 80).status).toBe("behind") // shown as 79.9
    expect(assess(79.94, 79.9, 80)).toMatchObject({ status: "behind", trend: "unchanged", change: 0 })
  })

  it("is on track only when it moved toward the target, and behind otherwise", () => {
    expect(assess(75, 70, 80)).toEqual({ status: "on_track", trend: "improving", change: 5, gap: 5 })
    expect(assess(75, 75, 80).status).toBe("behind")
    expect(assess(75, 78, 80)).toMatchObject({ status: "behind", trend: "worsening" })
    expect(assess(75, null, 80)).toMatchObject({ status: "behind", trend: "unknown" })
    expect(assess(12, 15, 10, true)).toMatchObject({ status: "on_track", trend: "improving", change: -3 })
    expect(assess(16, 15, 10, true).status).toBe("behind")
  })

  it("says no data without a value and no target without a target", () => {
    expect(assess(null, 70, 80)).toEqual({ status: "no_data", trend: "unknown", change: null, gap: null })
    expect(assess(75, 70, undefined)).toEqual({ status: "no_target", trend: "improving", change: 5, gap: null })
  })
})

describe("evaluateAgainstTarget", () => {
  it("compares with the previous period of the same kind and the target for the area and period", () => {
    const values = [
      entered("referred", hachinohe, year(2024), 5),
      entered("consultations", hachinohe, year(2024), 10),
      entered("referred", hachinohe, year(2025), 6),
      entered("consultations", hachinohe, year(2025), 8),
    ]
    const evaluation = evaluateAgainstTarget(compile(), hachinohe, year(2025), makeDataValueIndex(values), [
      { indicator: "referral_rate", area: hachinohe, period: year(2025), value: 80 },
      { indicator: "referral_rate", area: oirase, period: year(2025), value: 10 },
    ])
    expect(evaluation.current.value).toBe(75)
    expect(evaluation.previous?.value).toBe(50)
    expect(evaluation.target).toBe(80)
    expect(evaluation.assessment).toEqual({ status: "on_track", trend: "improving", change: 25, gap: 5 })
  })

  it("shifts periods across fiscal years", () => {
    expect(shiftFiscalPeriod(month(2025, 1), -1)).toEqual(month(2024, 12))
    expect(shiftFiscalPeriod(quarter(2025, 4), 1)).toEqual(quarter(2026, 1))
    expect(shiftFiscalPeriod(year(1), -1)).toBeUndefined()
  })
})

describe("checkDataValues", () => {
  it("reports unknown elements, unknown options, counts that are not whole numbers, and duplicates", () => {
    const rows = [
      entered("consultation", hachinohe, year(2025), 1),
      entered("consultations", hachinohe, year(2025), 1, "hospital"),
      entered("referred", hachinohe, year(2025), 2.5),
      entered("referred", oirase, year(2025), -1),
      entered("consultations", hachinohe, year(2025), 3),
      entered("consultations", hachinohe, year(2025), 4),
    ]
    expect(checkDataValues(rows, elements).map((issue) => [issue.path, issue.code])).toEqual([
      [[0, "dataElement"], "unknown_data_element"],
      [[1, "option"], "unknown_option"],
      [[2, "value"], "not_a_count"],
      [[3, "value"], "not_a_count"],
      [[5], "duplicate"],
    ])
  })
})
