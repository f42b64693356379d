/**
 * 評価指標 (evaluation indicators), modelled on DHIS2: an indicator is a numerator expression over data elements,
 * divided by a denominator expression, times a factor (1, 100, 1,000, 100,000), optionally annualised, rounded to
 * a number of decimals, with a direction (higher or lower is better), a kind (structure, process, outcome), the
 * scenes it measures and where its data come from. Indicator values are never entered: they are computed from
 * {@link DataValue}s — one number per data element, area and period, entered by hand, imported, or computed from
 * the program's records — each with its provenance.
 *
 * Decisions that every caller can rely on:
 * - **No wrong numbers.** A missing data value is missing, not zero; a zero denominator, a year whose months are
 *   only partly entered, or a value mixing months and quarters gives "no data" with a message in Japanese and
 *   English — never `Infinity`, `NaN` or a number built on a gap. Unknown data elements and syntax errors are
 *   rejected when the indicator is compiled ({@link compileIndicator}).
 * - **Aggregation sums, never averages ratios.** Larger areas get data values by summing their municipalities
 *   ({@link rollUpDataValues}), and the indicator is then computed from the sums: a ratio for a 二次医療圏 is
 *   Σ numerators / Σ denominators of its municipalities. The same holds over time: a year's value of a count is
 *   the sum of its months (`sum` data elements), a stock such as a number of clinics is its latest value (`last`).
 * - **Targets and status** ({@link assessIndicator}): values are compared after rounding to the indicator's
 *   decimals. `achieved` when the value meets the target (≥ when higher is better, ≤ when lower is better, equality
 *   included); `on_track` when not achieved but it moved toward the target since the previous period (strictly);
 *   `behind` when not achieved and it did not move toward the target, or there is no previous value to show
 *   progress; `no_data` when there is no value; `no_target` when there is a value but no target.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as z from "zod"
import { type AreaHierarchy, AreaRef, areaKey } from "./AreaHierarchy.js"
import { Instant } from "./BusinessCalendar.js"
import { SourceCitation } from "./CodeList.js"
import { addLocalizedIssue } from "./Decode.js"
import { ValidationError, type ValidationIssue } from "./Errors.js"
import {
  checkIndicatorExpression,
  type DataElementShape,
  type DataLookup,
  evaluateIndicatorExpression,
  type IndicatorExpression,
  type NoDataReason,
  parseIndicatorExpression,
} from "./IndicatorExpression.js"
import { daysIn, daysInFiscalYear, monthsOf, periodContains, periodKey, shiftPeriod } from "./internal/fiscalPeriods.js"
import { LocalizedText } from "./Label.js"
import { FiscalPeriod, type FiscalPeriodKind, periodLabel } from "./Period.js"
import { CareScenes, CareThemes, ProgramItem } from "./ProgramFramework.js"
import { DataElementCode, IndicatorCode } from "./ProgramIds.js"

// ---------------------------------------------------------------------------------------------------------------
// Data elements
// ---------------------------------------------------------------------------------------------------------------

/**
 * 集計元の記録 (record source) a computed data element is counted from.
 *
 * @since 0.1.0
 * @category data elements
 * @example
 * ```ts
 * import { RecordSource } from "@zaitaku/core"
 *
 * RecordSource.parse("consultations")
 * ```
 */
export const RecordSource = z.enum([
  "consultations",
  "events",
  "meetings",
  "countermeasures",
  "directory",
  "coordination",
])
/** @since 0.1.0 @category data elements */
export type RecordSource = z.infer<typeof RecordSource>

/**
 * 内訳 (option) of a data element's breakdown: a code and its labels.
 *
 * @since 0.1.0
 * @category data elements
 * @example
 * ```ts
 * import { DataElementOption } from "@zaitaku/core"
 *
 * DataElementOption.parse({ code: "resident_family", label: { ja: "本人・家族／住民", en: "Person, family or resident" } })
 * ```
 */
export const DataElementOption = z.object({
  code: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/)
    .max(64),
  label: LocalizedText,
})
/** @since 0.1.0 @category data elements */
export type DataElementOption = z.infer<typeof DataElementOption>

/**
 * データ項目 (data element): a figure indicators are computed from.
 *
 * - `valueType`: `count` (a non-negative whole number) or `number`;
 * - `periodAggregation`: how a longer period is made from shorter ones — `sum` for flows (件数, 人数), `last` for
 *   stocks (施設数, 人口), which take the latest value;
 * - `options`: the breakdown (内訳) `#{code.option}` may name; `optionsAddUp` says whether the options partition
 *   the total (a consultation has one requester category, but may have several topics);
 * - `computedFrom`: the records it is counted from, when Zaitaku computes it;
 * - over areas, every data element is added up: a data element is a count or an amount, never a ratio.
 *
 * @since 0.1.0
 * @category data elements
 * @example
 * ```ts
 * import { DataElement } from "@zaitaku/core"
 *
 * DataElement.parse({
 *   code: "population_65_plus",
 *   name: { ja: "65歳以上人口", en: "Population aged 65 and over" },
 *   definition: { ja: "年度初めの65歳以上人口", en: "Population aged 65 and over at the start of the fiscal year" },
 *   valueType: "count",
 *   periodAggregation: "last",
 * })
 * ```
 */
export const DataElement = z.object({
  code: DataElementCode,
  name: LocalizedText,
  definition: LocalizedText,
  valueType: z.enum(["count", "number"]),
  periodAggregation: z.enum(["sum", "last"]),
  options: z.array(DataElementOption).optional(),
  optionsAddUp: z.boolean().default(true),
  computedFrom: RecordSource.optional(),
  source: SourceCitation.optional(),
  unconfirmed: z.string().min(1).optional(),
})
/** @since 0.1.0 @category data elements */
export type DataElement = z.infer<typeof DataElement>
/** The input form of a {@link DataElement}. @since 0.1.0 @category data elements */
export type DataElementInput = z.input<typeof DataElement>

// ---------------------------------------------------------------------------------------------------------------
// Data values
// ---------------------------------------------------------------------------------------------------------------

/**
 * 値の出所 (provenance) of a data value: `entered` by hand, `imported` from a file (with the line), `computed`
 * from records (how many), or `rolled_up` from the municipalities of a larger area (how many).
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { DataValueProvenance } from "@zaitaku/core"
 *
 * DataValueProvenance.parse({ source: "imported", at: "2025-06-01T10:00:00+09:00", file: "医療施設調査.csv", line: 12 })
 * ```
 */
export const DataValueProvenance = z.discriminatedUnion("source", [
  z.object({ source: z.literal("entered"), at: Instant, by: z.string().min(1).max(200).optional() }),
  z.object({
    source: z.literal("imported"),
    at: Instant,
    file: z.string().min(1).max(300).optional(),
    line: z.int().min(1).optional(),
  }),
  z.object({ source: z.literal("computed"), at: Instant, from: RecordSource, records: z.int().min(0) }),
  z.object({ source: z.literal("rolled_up"), municipalities: z.int().min(1) }),
])
/** @since 0.1.0 @category data values */
export type DataValueProvenance = z.infer<typeof DataValueProvenance>

/**
 * データ値 (data value): the value of a data element (or one option of its breakdown) for an area and a fiscal
 * period, with its provenance.
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { DataValue } from "@zaitaku/core"
 *
 * DataValue.parse({
 *   dataElement: "consultations",
 *   option: "medical_institution",
 *   area: { kind: "municipality", code: "022039" },
 *   period: { kind: "month", fiscalYear: 2025, index: 1 },
 *   value: 12,
 *   provenance: { source: "computed", at: "2025-05-01T00:00:00+09:00", from: "consultations", records: 12 },
 * })
 * ```
 */
export const DataValue = z.object({
  dataElement: DataElementCode,
  option: z.string().min(1).max(64).optional(),
  area: AreaRef,
  period: FiscalPeriod,
  value: z.number().finite(),
  provenance: DataValueProvenance,
})
/** @since 0.1.0 @category data values */
export type DataValue = z.infer<typeof DataValue>

const valueKey = (dataElement: string, option: string | undefined, area: AreaRef, period: FiscalPeriod): string =>
  `${dataElement}.${option ?? ""}|${areaKey(area)}|${periodKey(period)}`

/**
 * データ値の検査 (check data values) against the data elements: every row's element must be known, its option
 * one of the element's options, a count a whole number of at least 0, and no two rows may share an element,
 * option, area and period. Returns the issues with the row index as the first path segment (empty when valid).
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { checkDataValues, type DataElement, type DataValue } from "@zaitaku/core"
 *
 * declare const rows: ReadonlyArray<DataValue>
 * declare const elements: ReadonlyArray<DataElement>
 * checkDataValues(rows, elements).map((issue) => issue.message.ja)
 * ```
 */
export const checkDataValues = (
  values: ReadonlyArray<DataValue>,
  elements: ReadonlyArray<DataElement>,
): ReadonlyArray<ValidationIssue> => {
  const byCode = new Map(elements.map((element) => [element.code as string, element]))
  const seen = new Map<string, number>()
  const issues: Array<ValidationIssue> = []
  values.forEach((row, index) => {
    const element = byCode.get(row.dataElement)
    if (element === undefined) {
      issues.push({
        path: [index, "dataElement"],
        code: "unknown_data_element",
        message: {
          ja: `データ項目「${row.dataElement}」は定義されていません`,
          en: `Unknown data element ${row.dataElement}`,
        },
      })
      return
    }
    if (row.option !== undefined && !(element.options ?? []).some((option) => option.code === row.option)) {
      issues.push({
        path: [index, "option"],
        code: "unknown_option",
        message: {
          ja: `データ項目「${element.name.ja}」に内訳「${row.option}」はありません`,
          en: `Data element ${element.code} has no option ${row.option}`,
        },
      })
    }
    if (element.valueType === "count" && (!Number.isInteger(row.value) || row.value < 0)) {
      issues.push({
        path: [index, "value"],
        code: "not_a_count",
        message: {
          ja: `「${element.name.ja}」は0以上の整数です（${row.value}）`,
          en: `${element.code} is a count: a whole number of at least 0, got ${row.value}`,
        },
      })
    }
    const key = valueKey(row.dataElement, row.option, row.area, row.period)
    const first = seen.get(key)
    if (first !== undefined) {
      issues.push({
        path: [index],
        code: "duplicate",
        message: {
          ja: `${first + 1}行目と同じデータ項目・地域・期間の値です`,
          en: `Same data element, area and period as row ${first + 1}`,
        },
      })
    } else {
      seen.set(key, index)
    }
  })
  return issues
}

/**
 * データ値の索引 (data value index): fast lookup by element, option, area and period. When two values share a
 * key, the later one wins ({@link checkDataValues} reports such duplicates).
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { makeDataValueIndex } from "@zaitaku/core"
 *
 * const index = makeDataValueIndex([])
 * index.size // 0
 * ```
 */
export interface DataValueIndex {
  readonly size: number
  readonly get: (
    dataElement: string,
    option: string | undefined,
    area: AreaRef,
    period: FiscalPeriod,
  ) => DataValue | undefined
  /** The values of one element, option and area, in any period. */
  readonly series: (dataElement: string, option: string | undefined, area: AreaRef) => ReadonlyArray<DataValue>
}

/**
 * 索引を作る (build a data value index).
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { type DataValue, makeDataValueIndex } from "@zaitaku/core"
 *
 * declare const values: ReadonlyArray<DataValue>
 * makeDataValueIndex(values).series("consultations", undefined, { kind: "municipality", code: "022039" })
 * ```
 */
export const makeDataValueIndex = (values: ReadonlyArray<DataValue>): DataValueIndex => {
  const exact = new Map<string, DataValue>()
  const series = new Map<string, Map<string, DataValue>>()
  for (const value of values) {
    exact.set(valueKey(value.dataElement, value.option, value.area, value.period), value)
    const seriesKey = `${value.dataElement}.${value.option ?? ""}|${areaKey(value.area)}`
    const periods = series.get(seriesKey) ?? new Map<string, DataValue>()
    periods.set(periodKey(value.period), value)
    series.set(seriesKey, periods)
  }
  return {
    size: exact.size,
    get: (dataElement, option, area, period) => exact.get(valueKey(dataElement, option, area, period)),
    series: (dataElement, option, area) => [
      ...(series.get(`${dataElement}.${option ?? ""}|${areaKey(area)}`)?.values() ?? []),
    ],
  }
}

const kindJa: Readonly<Record<FiscalPeriodKind, string>> = {
  year: "年度",
  half: "半期",
  quarter: "四半期",
  month: "月",
}

/**
 * データ値を読む (read a data value) for an area and period: the value entered for that period, or else the
 * values of shorter periods inside it — summed for `sum` elements (all of them must be there), the latest one for
 * `last` elements. Returns `null` when there is none, and a reason when the shorter periods are incomplete or of
 * mixed kinds (months and quarters): adding them up would give a wrong number.
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { type DataElement, type DataValueIndex, readDataValue } from "@zaitaku/core"
 *
 * declare const index: DataValueIndex
 * declare const consultations: DataElement
 * readDataValue(index, consultations, undefined, { kind: "municipality", code: "022039" }, { kind: "year", fiscalYear: 2025, index: 1 })
 * ```
 */
export const readDataValue = (
  index: DataValueIndex,
  element: Pick<DataElement, "code" | "name" | "periodAggregation">,
  option: string | undefined,
  area: AreaRef,
  period: FiscalPeriod,
): { readonly value: number | null } | { readonly unreadable: NoDataReason } => {
  const exact = index.get(element.code, option, area, period)
  if (exact !== undefined) return { value: exact.value }
  const inside = index
    .series(element.code, option, area)
    .filter((value) => monthsOf(value.period.kind) < monthsOf(period.kind) && periodContains(period, value.period))
  if (inside.length === 0) return { value: null }
  const kinds = new Set(inside.map((value) => value.period.kind))
  const name =
    option === undefined
      ? element.name
      : { ja: `${element.name.ja}（${option}）`, en: `${element.name.en} (${option})` }
  const label = periodLabel(period)
  const reason = (ja: string, en: string): { readonly unreadable: NoDataReason } => ({
    unreadable: {
      code: "unreadable_value",
      message: { ja, en },
      dataElement: element.code,
      ...(option === undefined ? {} : { option }),
    },
  })
  if (kinds.size > 1) {
    return reason(
      `「${name.ja}」の${label.ja}の値は、${[...kinds].map((k) => kindJa[k]).join("と")}の値が混在しているため集計できません`,
      `${name.en} for ${label.en} mixes values of ${[...kinds].join(" and ")} periods and cannot be added up`,
    )
  }
  const kind = inside[0]!.period.kind
  const sorted = [...inside].sort((a, b) => a.period.index - b.period.index)
  if (element.periodAggregation === "last") return { value: sorted[sorted.length - 1]!.value }
  const expected = monthsOf(period.kind) / monthsOf(kind)
  if (sorted.length < expected) {
    return reason(
      `「${name.ja}」の${label.ja}の値は、${kindJa[kind]}ごとの値が${expected}件中${sorted.length}件しかないため集計できません`,
      `${name.en} for ${label.en} has only ${sorted.length} of ${expected} ${kind} values and cannot be added up`,
    )
  }
  return { value: sorted.reduce((sum, value) => sum + value.value, 0) }
}

/**
 * 地域の集計 (roll-up) result: the data values of larger areas made by summing their municipalities, and the gaps
 * where a municipality's value was missing (no value is made then: a sum with a hole would be a wrong number).
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import type { RollUp } from "@zaitaku/core"
 *
 * declare const rollUp: RollUp
 * rollUp.gaps.map((gap) => gap.missing)
 * ```
 */
export interface RollUp {
  readonly values: ReadonlyArray<DataValue>
  readonly gaps: ReadonlyArray<{
    readonly dataElement: DataElementCode
    readonly option?: string
    readonly area: AreaRef
    readonly period: FiscalPeriod
    /** The member municipalities without a value. */
    readonly missing: ReadonlyArray<string>
  }>
}

/**
 * 地域を集計する (roll up): for every larger area of the hierarchy (二次医療圏, 保健所管轄, prefecture …) and every
 * data element, option and period that its municipalities have values for, the sum of its municipalities' values
 * — unless the area has a value of its own for that key, which is kept. Ratios are never stored: indicators are
 * computed from these sums, so a 二次医療圏's ratio is Σ numerators / Σ denominators.
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { type AreaHierarchy, type DataValue, rollUpDataValues } from "@zaitaku/core"
 *
 * declare const values: ReadonlyArray<DataValue>
 * declare const hierarchy: AreaHierarchy
 * const { values: rolledUp, gaps } = rollUpDataValues(values, hierarchy)
 * ```
 */
export const rollUpDataValues = (values: ReadonlyArray<DataValue>, hierarchy: AreaHierarchy): RollUp => {
  const index = makeDataValueIndex(values)
  const keys = new Map<string, Pick<DataValue, "dataElement" | "option" | "period">>()
  for (const value of values) {
    if (value.area.kind !== "municipality") continue
    const key = `${value.dataElement}.${value.option ?? ""}|${periodKey(value.period)}`
    if (!keys.has(key)) {
      keys.set(
        key,
        value.option === undefined
          ? { dataElement: value.dataElement, period: value.period }
          : { dataElement: value.dataElement, option: value.option, period: value.period },
      )
    }
  }
  const rolled: Array<DataValue> = []
  const gaps: Array<RollUp["gaps"][number]> = []
  for (const area of hierarchy.areas) {
    if (area.ref.kind === "municipality" || area.members.length === 0) continue
    for (const key of keys.values()) {
      if (index.get(key.dataElement, key.option, area.ref, key.period) !== undefined) continue
      let sum = 0
      const missing: Array<string> = []
      let present = 0
      for (const member of area.members) {
        const value = index.get(key.dataElement, key.option, { kind: "municipality", code: member }, key.period)
        if (value === undefined) missing.push(member)
        else {
          sum += value.value
          present++
        }
      }
      if (present === 0) continue
      const option = key.option === undefined ? {} : { option: key.option }
      if (missing.length > 0) {
        gaps.push({ dataElement: key.dataElement, ...option, area: area.ref, period: key.period, missing })
        continue
      }
      rolled.push({
        dataElement: key.dataElement,
        ...option,
        area: area.ref,
        period: key.period,
        value: sum,
        provenance: { source: "rolled_up", municipalities: area.members.length },
      })
    }
  }
  return { values: [...values, ...rolled], gaps }
}

// ---------------------------------------------------------------------------------------------------------------
// Indicator definitions
// ---------------------------------------------------------------------------------------------------------------

/**
 * 指標の型 (indicator type) and its factor, as DHIS2's indicator types: `number` (a total, no denominator),
 * `ratio` (×1), `percent` (×100), `per_1000` (×1,000), `per_100000` (×100,000).
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { IndicatorType, indicatorFactors } from "@zaitaku/core"
 *
 * indicatorFactors[IndicatorType.parse("per_100000")] // 100000
 * ```
 */
export const IndicatorType = z.enum(["number", "ratio", "percent", "per_1000", "per_100000"])
/** @since 0.1.0 @category indicators */
export type IndicatorType = z.infer<typeof IndicatorType>

/**
 * The factor of each {@link IndicatorType}.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { indicatorFactors } from "@zaitaku/core"
 *
 * indicatorFactors.percent // 100
 * ```
 */
export const indicatorFactors: Readonly<Record<IndicatorType, number>> = {
  number: 1,
  ratio: 1,
  percent: 100,
  per_1000: 1000,
  per_100000: 100_000,
}

/**
 * 指標の種類 (indicator kind): ストラクチャー (structure), プロセス (process), アウトカム (outcome).
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { IndicatorKind, indicatorKindLabels } from "@zaitaku/core"
 *
 * indicatorKindLabels[IndicatorKind.parse("process")].ja // "プロセス指標"
 * ```
 */
export const IndicatorKind = z.enum(["structure", "process", "outcome"])
/** @since 0.1.0 @category indicators */
export type IndicatorKind = z.infer<typeof IndicatorKind>

/**
 * Japanese and English labels of each {@link IndicatorKind}.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { indicatorKindLabels } from "@zaitaku/core"
 *
 * indicatorKindLabels.outcome.en // "Outcome indicator"
 * ```
 */
export const indicatorKindLabels: Readonly<Record<IndicatorKind, LocalizedText>> = {
  structure: { ja: "ストラクチャー指標", en: "Structure indicator" },
  process: { ja: "プロセス指標", en: "Process indicator" },
  outcome: { ja: "アウトカム指標", en: "Outcome indicator" },
}

/**
 * 望ましい方向 (direction): whether a higher or a lower value is better.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { IndicatorDirection } from "@zaitaku/core"
 *
 * IndicatorDirection.parse("higher_is_better")
 * ```
 */
export const IndicatorDirection = z.enum(["higher_is_better", "lower_is_better"])
/** @since 0.1.0 @category indicators */
export type IndicatorDirection = z.infer<typeof IndicatorDirection>

/**
 * データの出所 (data source) of an indicator: the program's own records (`activity_records`), the resource
 * directory, coordination cases, a municipal survey, 医療施設調査, NDB, 見える化システム, population statistics, or
 * another source.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { IndicatorDataSource, indicatorDataSourceLabels } from "@zaitaku/core"
 *
 * indicatorDataSourceLabels[IndicatorDataSource.parse("medical_facility_survey")].ja // "医療施設調査"
 * ```
 */
export const IndicatorDataSource = z.enum([
  "activity_records",
  "directory",
  "coordination",
  "municipal_survey",
  "medical_facility_survey",
  "ndb",
  "mieruka",
  "population_statistics",
  "other",
])
/** @since 0.1.0 @category indicators */
export type IndicatorDataSource = z.infer<typeof IndicatorDataSource>

/**
 * Japanese and English labels of each {@link IndicatorDataSource}.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { indicatorDataSourceLabels } from "@zaitaku/core"
 *
 * indicatorDataSourceLabels.mieruka.ja // "地域包括ケア「見える化」システム"
 * ```
 */
export const indicatorDataSourceLabels: Readonly<Record<IndicatorDataSource, LocalizedText>> = {
  activity_records: { ja: "事業の活動記録", en: "The program's activity records" },
  directory: { ja: "医療・介護資源の一覧", en: "Resource directory" },
  coordination: { ja: "入退院調整の記録", en: "Coordination cases" },
  municipal_survey: { ja: "市区町村の調査", en: "Municipal survey" },
  medical_facility_survey: { ja: "医療施設調査", en: "Survey of Medical Institutions" },
  ndb: { ja: "NDB（レセプト情報・特定健診等情報データベース）", en: "National Database of health insurance claims" },
  mieruka: { ja: "地域包括ケア「見える化」システム", en: "Community-based integrated care visualisation system" },
  population_statistics: { ja: "人口統計（住民基本台帳・国勢調査）", en: "Population statistics" },
  other: { ja: "その他", en: "Other" },
}

/**
 * 評価指標の定義 (indicator definition).
 *
 * - `numerator` / `denominator`: expressions of the indicator language (`IndicatorExpression`); `number`
 *   indicators have no denominator, every other type needs one;
 * - `type`: the factor; `annualized`: multiply by (days in the fiscal year / days in the period), so that a quarter
 *   compares with a year; `decimals`: 0–4;
 * - `areaLevel`: the smallest area whose data exist (some statistics are published per 二次医療圏 only);
 * - `source`: where the definition comes from; `unconfirmed`: what is not verified about it.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { IndicatorDefinition } from "@zaitaku/core"
 *
 * IndicatorDefinition.parse({
 *   code: "professional_consultation_share",
 *   name: { ja: "関係機関からの相談の割合", en: "Share of consultations from professionals" },
 *   definition: { ja: "相談件数のうち、医療・介護の関係機関からの相談の割合", en: "Consultations from institutions, as a share of all" },
 *   numerator: "#{consultations} - #{consultations.resident_family} - #{consultations.other}",
 *   numeratorDescription: { ja: "関係機関からの相談件数", en: "Consultations from institutions" },
 *   denominator: "#{consultations}",
 *   denominatorDescription: { ja: "相談件数", en: "Consultations" },
 *   type: "percent",
 *   direction: "higher_is_better",
 *   kind: "process",
 *   dataSource: "activity_records",
 *   source: { title: "Zaitaku", grade: "inference" },
 * })
 * ```
 */
export const IndicatorDefinition = z
  .object({
    code: IndicatorCode,
    name: LocalizedText,
    definition: LocalizedText,
    numerator: z.string().min(1).max(2000),
    numeratorDescription: LocalizedText,
    denominator: z.string().min(1).max(2000).optional(),
    denominatorDescription: LocalizedText.optional(),
    type: IndicatorType,
    annualized: z.boolean().default(false),
    decimals: z.int().min(0).max(4).default(1),
    direction: IndicatorDirection,
    kind: IndicatorKind,
    scenes: CareScenes.default([]),
    themes: CareThemes.default([]),
    programItems: z.array(ProgramItem).default([]),
    dataSource: IndicatorDataSource,
    areaLevel: z.enum(["municipality", "secondary_medical_area", "prefecture"]).default("municipality"),
    source: SourceCitation,
    unconfirmed: z.string().min(1).optional(),
  })
  .superRefine((definition, ctx) => {
    for (const field of ["numerator", "denominator"] as const) {
      const text = definition[field]
      if (text === undefined) continue
      const parsed = parseIndicatorExpression(text)
      if (Result.isFailure(parsed)) {
        const part = field === "numerator" ? { ja: "分子", en: "numerator" } : { ja: "分母", en: "denominator" }
        addLocalizedIssue(
          ctx,
          [field],
          `${part.ja}の式: ${parsed.failure.description.ja}`,
          `The ${part.en}: ${parsed.failure.description.en}`,
          `expression_${parsed.failure.reason}`,
        )
      }
    }
    if (definition.type === "number" && definition.denominator !== undefined) {
      addLocalizedIssue(
        ctx,
        ["denominator"],
        "型が「数」の指標には分母を置きません（割合なら percent などを選んでください）",
        "A number indicator has no denominator (choose ratio, percent, per_1000 or per_100000 for a rate)",
        "denominator_unexpected",
      )
    }
    if (definition.type !== "number" && definition.denominator === undefined) {
      addLocalizedIssue(
        ctx,
        ["denominator"],
        "割合・率の指標には分母の式が必要です",
        `A ${definition.type} indicator needs a denominator`,
        "denominator_missing",
      )
    }
    if ((definition.denominator === undefined) !== (definition.denominatorDescription === undefined)) {
      addLocalizedIssue(
        ctx,
        ["denominatorDescription"],
        "分母の式と分母の説明は両方書くか、両方省きます",
        "Give both the denominator and its description, or neither",
        "denominator_description",
      )
    }
  })
/** @since 0.1.0 @category indicators */
export type IndicatorDefinition = z.infer<typeof IndicatorDefinition>
/** The input form of an {@link IndicatorDefinition}. @since 0.1.0 @category indicators */
export type IndicatorDefinitionInput = z.input<typeof IndicatorDefinition>

/**
 * 計算できる指標 (compiled indicator): a definition whose expressions were parsed and checked against the data
 * elements, ready to evaluate.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import type { CompiledIndicator } from "@zaitaku/core"
 *
 * declare const compiled: CompiledIndicator
 * compiled.definition.code
 * ```
 */
export interface CompiledIndicator {
  readonly definition: IndicatorDefinition
  readonly numerator: IndicatorExpression
  readonly denominator: IndicatorExpression | undefined
  readonly elements: ReadonlyMap<string, DataElement>
}

/**
 * 指標を準備する (compile an indicator): checks its numerator and denominator against the data elements — an
 * unknown data element or option, a syntax error or a type error is a {@link ValidationError} (subject
 * `indicator`) with the field and a Japanese and English message.
 *
 * @since 0.1.0
 * @category indicators
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { compileIndicator, findStandardIndicator, standardDataElements } from "@zaitaku/core"
 *
 * const compiled = compileIndicator(findStandardIndicator("consultations_total")!, standardDataElements)
 * Result.isSuccess(compiled) // true
 * ```
 */
export const compileIndicator = (
  definition: IndicatorDefinition,
  elements: ReadonlyArray<DataElement>,
): Result.Result<CompiledIndicator, ValidationError> => {
  const byCode = new Map(elements.map((element) => [element.code as string, element]))
  const shapes = new Map<string, DataElementShape>(
    elements.map((element) => [element.code, { options: element.options?.map((option) => option.code) }]),
  )
  const issues: Array<ValidationIssue> = []
  const check = (field: "numerator" | "denominator", text: string | undefined) => {
    if (text === undefined) return undefined
    const checked = checkIndicatorExpression(text, shapes)
    if (Result.isSuccess(checked)) return checked.success
    const part = field === "numerator" ? { ja: "分子", en: "numerator" } : { ja: "分母", en: "denominator" }
    issues.push({
      path: [field],
      code: `expression_${checked.failure.reason}`,
      message: {
        ja: `${part.ja}の式: ${checked.failure.description.ja}`,
        en: `The ${part.en}: ${checked.failure.description.en}`,
      },
    })
    return undefined
  }
  const numerator = check("numerator", definition.numerator)
  const denominator = check("denominator", definition.denominator)
  if (issues.length > 0 || numerator === undefined) {
    return Result.fail(new ValidationError({ subject: "indicator", issues }))
  }
  return Result.succeed({ definition, numerator, denominator, elements: byCode })
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation
// ---------------------------------------------------------------------------------------------------------------

/**
 * 指標値 (indicator value) for an area and period: the value rounded to the indicator's decimals (`null` for no
 * data) and unrounded, the numerator and denominator it came from, and why there is no value when there is none.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import type { IndicatorValue } from "@zaitaku/core"
 *
 * declare const value: IndicatorValue
 * value.value ?? value.noData.map((reason) => reason.message.ja).join("、")
 * ```
 */
export interface IndicatorValue {
  readonly indicator: IndicatorCode
  readonly area: AreaRef
  readonly period: FiscalPeriod
  readonly value: number | null
  readonly exactValue: number | null
  readonly numerator: number | null
  readonly denominator: number | null
  readonly noData: ReadonlyArray<NoDataReason>
}

/**
 * Rounds half away from zero in decimal, as a person (or SQL's `round(numeric)`) does: the binary noise of the
 * division is dropped first (15 significant digits), so that 23 ÷ 80 × 100 = 28.749999999999996 rounds as 28.75,
 * to 28.8, and the rounding is then done on the decimal digits.
 */
const roundHalfAwayFromZero = (value: number, decimals: number): number => {
  if (!Number.isFinite(value)) return value
  const magnitude = Number(Math.abs(value).toPrecision(15))
  const shifted = Number(`${magnitude}e${decimals}`)
  const rounded = Number.isFinite(shifted)
    ? Number(`${Math.round(shifted)}e-${decimals}`)
    : Math.round(magnitude * 10 ** decimals) / 10 ** decimals
  const signed = Math.sign(value) * rounded
  return Object.is(signed, -0) ? 0 : signed
}

const roundTo = roundHalfAwayFromZero

const lookupFor =
  (compiled: CompiledIndicator, index: DataValueIndex, area: AreaRef, period: FiscalPeriod): DataLookup =>
  (reference) => {
    const element = compiled.elements.get(reference.dataElement)
    if (element === undefined) {
      return {
        unreadable: {
          code: "unreadable_value",
          message: {
            ja: `データ項目「${reference.dataElement}」は定義されていません`,
            en: `Unknown data element ${reference.dataElement}`,
          },
          dataElement: reference.dataElement,
        },
      }
    }
    const shifted = shiftPeriod(period, reference.periodOffset)
    if (shifted === undefined) return { value: null }
    return readDataValue(index, element, reference.option, area, shifted)
  }

/**
 * 指標を計算する (evaluate an indicator) for an area and a period from a data value index (for a larger area,
 * index the values of {@link rollUpDataValues}). value = numerator ÷ denominator × factor (× days in the fiscal
 * year ÷ days in the period when annualised), rounded half away from zero to the indicator's decimals. A zero
 * denominator, a missing or unreadable data value give `value: null` with the reasons.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { type CompiledIndicator, type DataValueIndex, evaluateIndicator } from "@zaitaku/core"
 *
 * declare const compiled: CompiledIndicator
 * declare const index: DataValueIndex
 * evaluateIndicator(compiled, { kind: "municipality", code: "022039" }, { kind: "year", fiscalYear: 2025, index: 1 }, index)
 * ```
 */
export const evaluateIndicator = (
  compiled: CompiledIndicator,
  area: AreaRef,
  period: FiscalPeriod,
  index: DataValueIndex,
): IndicatorValue => {
  const { definition } = compiled
  const lookup = lookupFor(compiled, index, area, period)
  const days = daysIn(period)
  const base = { indicator: definition.code, area, period }
  const numerator = evaluateIndicatorExpression(compiled.numerator, lookup, days)
  const denominator =
    compiled.denominator === undefined ? undefined : evaluateIndicatorExpression(compiled.denominator, lookup, days)
  const numeratorValue = numerator.kind === "value" ? numerator.value : null
  const denominatorValue = denominator === undefined ? null : denominator.kind === "value" ? denominator.value : null
  const reasons = [
    ...(numerator.kind === "no_data" ? numerator.reasons : []),
    ...(denominator?.kind === "no_data" ? denominator.reasons : []),
  ]
  const noData = (extra: ReadonlyArray<NoDataReason> = []): IndicatorValue => ({
    ...base,
    value: null,
    exactValue: null,
    numerator: numeratorValue,
    denominator: denominatorValue,
    noData: [...reasons, ...extra],
  })
  if (numeratorValue === null || (denominator !== undefined && denominatorValue === null)) return noData()
  if (denominatorValue === 0) {
    return noData([
      {
        code: "division_by_zero",
        message: {
          ja: `分母（${definition.denominatorDescription?.ja ?? "分母"}）が0のため計算できません`,
          en: `The denominator (${definition.denominatorDescription?.en ?? "denominator"}) is 0`,
        },
      },
    ])
  }
  const ratio = denominatorValue === null ? numeratorValue : numeratorValue / denominatorValue
  const annualisation = definition.annualized ? daysInFiscalYear(period.fiscalYear) / days : 1
  const exact = ratio * indicatorFactors[definition.type] * annualisation
  if (!Number.isFinite(exact)) {
    return noData([
      {
        code: "not_finite",
        message: { ja: "結果が大きすぎて数値になりません", en: "The result is too large to be a number" },
      },
    ])
  }
  return {
    ...base,
    value: roundTo(exact, definition.decimals),
    exactValue: exact,
    numerator: numeratorValue,
    denominator: denominatorValue,
    noData: [],
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Targets and status
// ---------------------------------------------------------------------------------------------------------------

/**
 * 評価の状況 (status): `achieved`, `on_track`, `behind`, `no_data`, `no_target` — see the module documentation
 * for the exact boundaries.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { IndicatorStatus, indicatorStatusLabels } from "@zaitaku/core"
 *
 * indicatorStatusLabels[IndicatorStatus.parse("on_track")].ja // "改善傾向"
 * ```
 */
export const IndicatorStatus = z.enum(["achieved", "on_track", "behind", "no_data", "no_target"])
/** @since 0.1.0 @category evaluation */
export type IndicatorStatus = z.infer<typeof IndicatorStatus>

/**
 * Japanese and English labels of each {@link IndicatorStatus}.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { indicatorStatusLabels } from "@zaitaku/core"
 *
 * indicatorStatusLabels.achieved.ja // "達成"
 * ```
 */
export const indicatorStatusLabels: Readonly<Record<IndicatorStatus, LocalizedText>> = {
  achieved: { ja: "達成", en: "Achieved" },
  on_track: { ja: "改善傾向", en: "On track" },
  behind: { ja: "未達成", en: "Behind" },
  no_data: { ja: "データなし", en: "No data" },
  no_target: { ja: "目標値なし", en: "No target" },
}

/**
 * 推移 (trend) against the previous period: `improving` / `worsening` in the indicator's direction, `unchanged`,
 * or `unknown` when either value is missing.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import type { IndicatorTrend } from "@zaitaku/core"
 *
 * const trend: IndicatorTrend = "improving"
 * ```
 */
export type IndicatorTrend = "improving" | "worsening" | "unchanged" | "unknown"

/**
 * 評価 (assessment) of a value against its target and the previous period's value.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import type { IndicatorAssessment } from "@zaitaku/core"
 *
 * const assessment: IndicatorAssessment = { status: "on_track", trend: "improving", change: 4.5, gap: 5 }
 * ```
 */
export interface IndicatorAssessment {
  readonly status: IndicatorStatus
  readonly trend: IndicatorTrend
  /** value − previous value (rounded), `null` when either is missing. */
  readonly change: number | null
  /** target − value (rounded), `null` without a value or a target. */
  readonly gap: number | null
}

/**
 * 評価する (assess) a value: its status against the target and its trend against the previous period's value,
 * after rounding all three to `decimals`. Boundaries: see the module documentation.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { assessIndicator } from "@zaitaku/core"
 *
 * assessIndicator({ value: 80, previous: 70, target: 80, direction: "higher_is_better", decimals: 1 }).status // "achieved"
 * assessIndicator({ value: 75, previous: 70, target: 80, direction: "higher_is_better", decimals: 1 }).status // "on_track"
 * assessIndicator({ value: 75, previous: 75, target: 80, direction: "higher_is_better", decimals: 1 }).status // "behind"
 * ```
 */
export const assessIndicator = (input: {
  readonly value: number | null
  readonly previous: number | null
  readonly target: number | undefined
  readonly direction: IndicatorDirection
  readonly decimals: number
}): IndicatorAssessment => {
  const round = (n: number) => roundTo(n, input.decimals)
  const value = input.value === null ? null : round(input.value)
  const previous = input.previous === null ? null : round(input.previous)
  const target = input.target === undefined ? undefined : round(input.target)
  const better = (a: number, b: number) => (input.direction === "higher_is_better" ? a > b : a < b)
  const change = value === null || previous === null ? null : round(value - previous)
  const trend: IndicatorTrend =
    value === null || previous === null
      ? "unknown"
      : value === previous
        ? "unchanged"
        : better(value, previous)
          ? "improving"
          : "worsening"
  const gap = value === null || target === undefined ? null : round(target - value)
  if (value === null) return { status: "no_data", trend, change, gap }
  if (target === undefined) return { status: "no_target", trend, change, gap }
  if (value === target || better(value, target)) return { status: "achieved", trend, change, gap }
  return { status: trend === "improving" ? "on_track" : "behind", trend, change, gap }
}

/**
 * 指標の評価 (indicator evaluation): the value for an area and period, the previous period's value, the target
 * and the assessment.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import type { IndicatorEvaluation } from "@zaitaku/core"
 *
 * declare const evaluation: IndicatorEvaluation
 * evaluation.assessment.status
 * ```
 */
export interface IndicatorEvaluation {
  readonly current: IndicatorValue
  readonly previous: IndicatorValue | undefined
  readonly target: number | undefined
  readonly assessment: IndicatorAssessment
}

/**
 * 指標を評価する (evaluate against a target): computes the indicator for the period and for the previous period of
 * the same kind, finds the target for the indicator, area and period among `targets`, and assesses.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { type CompiledIndicator, type DataValueIndex, evaluateAgainstTarget, type IndicatorTarget } from "@zaitaku/core"
 *
 * declare const compiled: CompiledIndicator
 * declare const index: DataValueIndex
 * declare const targets: ReadonlyArray<IndicatorTarget>
 * evaluateAgainstTarget(compiled, { kind: "municipality", code: "022039" }, { kind: "year", fiscalYear: 2025, index: 1 }, index, targets)
 * ```
 */
export const evaluateAgainstTarget = (
  compiled: CompiledIndicator,
  area: AreaRef,
  period: FiscalPeriod,
  index: DataValueIndex,
  targets: ReadonlyArray<{
    readonly indicator: string
    readonly area: AreaRef
    readonly period: FiscalPeriod
    readonly value: number
  }>,
): IndicatorEvaluation => {
  const current = evaluateIndicator(compiled, area, period, index)
  const previousPeriod = shiftPeriod(period, -1)
  const previous = previousPeriod === undefined ? undefined : evaluateIndicator(compiled, area, previousPeriod, index)
  const target = targets.find(
    (t) =>
      t.indicator === compiled.definition.code &&
      areaKey(t.area) === areaKey(area) &&
      periodKey(t.period) === periodKey(period),
  )?.value
  return {
    current,
    previous,
    target,
    assessment: assessIndicator({
      value: current.exactValue,
      previous: previous?.exactValue ?? null,
      target,
      direction: compiled.definition.direction,
      decimals: compiled.definition.decimals,
    }),
  }
}

/**
 * 前後の期間 (shift a period): the period `offset` periods of the same kind later (earlier when negative), across
 * fiscal years; `undefined` outside fiscal years 1–9998. `#{x}.periodOffset(n)` reads the period given by this.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { shiftFiscalPeriod } from "@zaitaku/core"
 *
 * shiftFiscalPeriod({ kind: "month", fiscalYear: 2025, index: 1 }, -1) // { kind: "month", fiscalYear: 2024, index: 12 }
 * ```
 */
export const shiftFiscalPeriod = (period: FiscalPeriod, offset: number): FiscalPeriod | undefined =>
  shiftPeriod(period, offset)

/**
 * The data value checks of a whole batch as a {@link ValidationError} (subject `data values`), or `undefined` when
 * every row is valid.
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { type DataElement, type DataValue, dataValuesError } from "@zaitaku/core"
 *
 * declare const rows: ReadonlyArray<DataValue>
 * declare const elements: ReadonlyArray<DataElement>
 * dataValuesError(rows, elements)?.issues.length
 * ```
 */
export const dataValuesError = (
  values: ReadonlyArray<DataValue>,
  elements: ReadonlyArray<DataElement>,
): ValidationError | undefined => {
  const issues = checkDataValues(values, elements)
  return issues.length === 0 ? undefined : new ValidationError({ subject: "data values", issues })
}
