/**
 * PDCAの計算 (PDCA computation): the pure functions behind the PDCA store and API —
 *
 * - **period and area codes** used in queries and files: `FY2025` (a fiscal year), `FY2025-H1`, `FY2025-Q3`,
 *   `2025-04` (a calendar month, fiscal year 2025 month 1); `municipality:022039`, `secondary_medical_area:0203`;
 * - **data values computed from records that exist today**: the resource directory (entries listed, entries
 *   assured within 12 months, clinics and hospitals providing home visits) and coordination cases (admission
 *   information on time, discharges coordinated), counted per municipality; larger areas come from roll-ups;
 * - **evaluations**: indicator values per area and period with target, trend and status, for municipalities and
 *   for larger areas through {@link rollUpDataValues} (Σ numerators ÷ Σ denominators, never an average of ratios);
 * - **CSV rows of data values**: every row checked, each error with its line, column and a Japanese and English
 *   reason.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import type { ComputedDataValues, UnattributedRecord } from "./ActivityDataValues.js"
import { type AreaHierarchy, AreaLevel, AreaRef, areaKey } from "./AreaHierarchy.js"
import {
  type DateOutsideCalendar,
  type HolidayCalendar,
  type InstantInput,
  tokyoDateTimeOf,
} from "./BusinessCalendar.js"
import type { Case } from "./Case.js"
import { complianceIndicators, complianceReport } from "./Compliance.js"
import type { RegionalResolutionKey } from "./Coordination.js"
import {
  type CompiledIndicator,
  compileIndicator,
  type DataElement,
  type DataValue,
  evaluateAgainstTarget,
  type IndicatorDefinition,
  type IndicatorStatus,
  type IndicatorTrend,
  indicatorStatusLabels,
  makeDataValueIndex,
  rollUpDataValues,
} from "./Indicator.js"
import type { NoDataReason } from "./IndicatorExpression.js"
import { periodKey } from "./internal/fiscalPeriods.js"
import type { LocalizedText } from "./Label.js"
import { FiscalPeriod, type IsoDate, periodLabel, periodRange } from "./Period.js"
import type { DataElementCode, IndicatorCode } from "./ProgramIds.js"
import type { Resource } from "./Resource.js"
import { isKindOf } from "./ResourceKind.js"
import type { RuleSet } from "./RuleSet.js"

// ---------------------------------------------------------------------------------------------------------------
// Period and area codes
// ---------------------------------------------------------------------------------------------------------------

/**
 * 期間コード (period code) of a fiscal period: `FY2025`, `FY2025-H1`, `FY2025-Q3`, or a calendar month `2025-04`.
 *
 * @since 0.1.0
 * @category codes
 * @example
 * ```ts
 * import { formatPeriodCode } from "@zaitaku/core"
 *
 * formatPeriodCode({ kind: "month", fiscalYear: 2025, index: 10 }) // "2026-01"
 * formatPeriodCode({ kind: "quarter", fiscalYear: 2025, index: 2 }) // "FY2025-Q2"
 * ```
 */
export const formatPeriodCode = (period: FiscalPeriod): string => {
  switch (period.kind) {
    case "year":
      return `FY${period.fiscalYear}`
    case "half":
      return `FY${period.fiscalYear}-H${period.index}`
    case "quarter":
      return `FY${period.fiscalYear}-Q${period.index}`
    case "month": {
      const calendarMonth = ((period.index + 2) % 12) + 1
      const year = period.index >= 10 ? period.fiscalYear + 1 : period.fiscalYear
      return `${String(year).padStart(4, "0")}-${String(calendarMonth).padStart(2, "0")}`
    }
  }
}

/**
 * 期間コードを読む (parse a period code) written by {@link formatPeriodCode}; `undefined` when it is not one.
 *
 * @since 0.1.0
 * @category codes
 * @example
 * ```ts
 * import { parsePeriodCode } from "@zaitaku/core"
 *
 * parsePeriodCode("2026-01") // { kind: "month", fiscalYear: 2025, index: 10 }
 * parsePeriodCode("FY2025") // { kind: "year", fiscalYear: 2025, index: 1 }
 * ```
 */
export const parsePeriodCode = (text: string): FiscalPeriod | undefined => {
  const trimmed = text.trim()
  const fiscal = /^FY(\d{4})(?:-([HQ])(\d))?$/i.exec(trimmed)
  const candidate = (() => {
    if (fiscal !== null) {
      const fiscalYear = Number(fiscal[1])
      if (fiscal[2] === undefined) return { kind: "year", fiscalYear, index: 1 }
      return { kind: fiscal[2].toUpperCase() === "H" ? "half" : "quarter", fiscalYear, index: Number(fiscal[3]) }
    }
    const month = /^(\d{4})-(\d{2})$/.exec(trimmed)
    if (month === null) return undefined
    const year = Number(month[1])
    const m = Number(month[2])
    if (m < 1 || m > 12) return undefined
    return { kind: "month", fiscalYear: m >= 4 ? year : year - 1, index: m >= 4 ? m - 3 : m + 9 }
  })()
  if (candidate === undefined) return undefined
  const parsed = FiscalPeriod.safeParse(candidate)
  return parsed.success ? parsed.data : undefined
}

/**
 * 地域コード (area code) of an area: `<kind>:<code>`, as {@link areaKey} writes it.
 *
 * @since 0.1.0
 * @category codes
 * @example
 * ```ts
 * import { parseAreaCode } from "@zaitaku/core"
 *
 * parseAreaCode("secondary_medical_area:0203") // { kind: "secondary_medical_area", code: "0203" }
 * parseAreaCode("022039") // { kind: "municipality", code: "022039" }
 * ```
 */
export const parseAreaCode = (text: string): AreaRef | undefined => {
  const trimmed = text.trim()
  const colon = trimmed.indexOf(":")
  const candidate =
    colon < 0
      ? { kind: "municipality", code: trimmed }
      : { kind: trimmed.slice(0, colon), code: trimmed.slice(colon + 1) }
  if (!AreaLevel.safeParse(candidate.kind).success) return undefined
  const parsed = AreaRef.safeParse(candidate)
  return parsed.success ? parsed.data : undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Computed data values: the directory
// ---------------------------------------------------------------------------------------------------------------

const tokyoDate = (instant: string): IsoDate => tokyoDateTimeOf(instant).date

/** The same day 12 months earlier (29 February → 28 February). */
const twelveMonthsBefore = (date: IsoDate): IsoDate => {
  const year = Number(date.slice(0, 4)) - 1
  const month = date.slice(5, 7)
  let day = date.slice(8, 10)
  if (month === "02" && day === "29" && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) day = "28"
  return `${String(year).padStart(4, "0")}-${month}-${day}` as IsoDate
}

const emptyCounts = (): Record<string, number> => ({})

interface Counted {
  readonly values: Array<DataValue>
  readonly unattributed: Array<UnattributedRecord>
}

const municipalityAreas = (hierarchy: AreaHierarchy) => hierarchy.areas.filter((a) => a.ref.kind === "municipality")

/**
 * 資源一覧からの集計 (data values from the resource directory), per municipality of the hierarchy and period, as
 * of the last day of each period (Japan dates):
 * - `resources_active`: entries created on or before the last day and not closed on or before it;
 * - `resources_assured_12m`: of those, entries whose latest assurance (`assuredAt`) falls after the same day 12
 *   months earlier and on or before the last day — for fiscal year 2025 (ending 2026-03-31), assured from
 *   2025-04-01 to 2026-03-31;
 * - `home_visit_clinics`: of those, clinics and hospitals with the capability `home_visit_medical_care`.
 *
 * Zero is a value: every municipality gets every count. Entries in a municipality the hierarchy does not know are
 * returned as `unattributed`. The directory keeps only the latest assurance and status, so a past period is read
 * from today's record: recompute at the end of each period to keep its figures.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import { type AreaHierarchy, directoryDataValues, type Resource } from "@zaitaku/core"
 *
 * declare const resources: ReadonlyArray<Resource>
 * declare const hierarchy: AreaHierarchy
 * directoryDataValues(resources, { hierarchy, periods: [{ kind: "year", fiscalYear: 2025, index: 1 }], at: "2026-04-01T09:00:00+09:00" })
 * ```
 */
export const directoryDataValues = (
  resources: ReadonlyArray<
    Pick<Resource, "id" | "kind" | "address" | "capabilities" | "status" | "closedOn" | "assuredAt" | "createdAt">
  >,
  options: { readonly hierarchy: AreaHierarchy; readonly periods: ReadonlyArray<FiscalPeriod>; readonly at: string },
): ComputedDataValues => {
  const out: Counted = { values: [], unattributed: [] }
  const known = new Set(municipalityAreas(options.hierarchy).map((a) => a.ref.code))
  const byMunicipality = new Map<string, Array<(typeof resources)[number]>>()
  for (const resource of resources) {
    const code = resource.address.municipalityCode
    if (!known.has(code)) {
      out.unattributed.push({
        source: "directory",
        id: resource.id,
        area: { kind: "municipality", code },
        message: {
          ja: `市区町村${code}は地域の階層にないため、資源を集計できません`,
          en: `Municipality ${code} is not in the area hierarchy; the entry is not counted`,
        },
      })
      continue
    }
    byMunicipality.set(code, [...(byMunicipality.get(code) ?? []), resource])
  }
  for (const area of municipalityAreas(options.hierarchy)) {
    const entries = byMunicipality.get(area.ref.code) ?? []
    for (const period of options.periods) {
      const end = periodRange(period).end
      const since = twelveMonthsBefore(end)
      const counts = emptyCounts()
      counts.resources_active = 0
      counts.resources_assured_12m = 0
      counts.home_visit_clinics = 0
      for (const entry of entries) {
        if (tokyoDate(entry.createdAt) > end) continue
        if (entry.status === "closed" && (entry.closedOn === undefined || entry.closedOn <= end)) continue
        counts.resources_active!++
        if (entry.assuredAt !== undefined) {
          const assured = tokyoDate(entry.assuredAt)
          if (assured > since && assured <= end) counts.resources_assured_12m!++
        }
        if (
          (isKindOf(entry.kind, "clinic") || isKindOf(entry.kind, "hospital")) &&
          entry.capabilities.includes("home_visit_medical_care")
        ) {
          counts.home_visit_clinics!++
        }
      }
      for (const [element, value] of Object.entries(counts)) {
        out.values.push({
          dataElement: element as DataElementCode,
          area: area.ref,
          period,
          value,
          provenance: { source: "computed", at: options.at, from: "directory", records: entries.length },
        })
      }
    }
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Computed data values: coordination cases
// ---------------------------------------------------------------------------------------------------------------

/**
 * 入退院調整からの集計 (data values from coordination cases), per municipality of the hierarchy (the patient's
 * municipality) and period, from core's {@link complianceReport} for all patients:
 * - `admission_information_on_time` / `admission_information_due`: the numerator and denominator of the on-time
 *   rate of the 入院時情報提供 (on time ÷ on time + late + missed; pending and waived obligations are not rated);
 * - `discharges_coordinated` / `discharges_requiring_coordination`: the 退院調整率's numerator and denominator.
 *
 * Zero is a value: every municipality gets every count. Cases of a municipality the hierarchy does not know are
 * returned as `unattributed`. Fails only when a deadline needs a date outside the holiday calendar.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import { builtinRuleSets, type AreaHierarchy, type Case, coordinationDataValues, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const cases: ReadonlyArray<Case>
 * declare const hierarchy: AreaHierarchy
 * declare const calendar: HolidayCalendar
 * coordinationDataValues(cases, {
 *   hierarchy,
 *   periods: [{ kind: "month", fiscalYear: 2024, index: 4 }],
 *   at: "2024-08-01T00:00:00+09:00",
 *   ruleSets: builtinRuleSets,
 *   calendar,
 * })
 * ```
 */
export const coordinationDataValues = (
  cases: ReadonlyArray<Case>,
  options: {
    readonly hierarchy: AreaHierarchy
    readonly periods: ReadonlyArray<FiscalPeriod>
    readonly at: string
    readonly now?: InstantInput
    readonly ruleSets: ReadonlyArray<RuleSet>
    readonly calendar: HolidayCalendar
    readonly resolution?: ReadonlyArray<RegionalResolutionKey>
  },
): Result.Result<ComputedDataValues, DateOutsideCalendar> => {
  const out: Counted = { values: [], unattributed: [] }
  const known = new Set(municipalityAreas(options.hierarchy).map((a) => a.ref.code))
  const byMunicipality = new Map<string, Array<Case>>()
  for (const c of cases) {
    if (!known.has(c.patientMunicipality)) {
      out.unattributed.push({
        source: "coordination",
        id: c.id,
        area: { kind: "municipality", code: c.patientMunicipality },
        message: {
          ja: `患者の市区町村${c.patientMunicipality}は地域の階層にないため、ケースを集計できません`,
          en: `The patient's municipality ${c.patientMunicipality} is not in the area hierarchy; the case is not counted`,
        },
      })
      continue
    }
    byMunicipality.set(c.patientMunicipality, [...(byMunicipality.get(c.patientMunicipality) ?? []), c])
  }
  for (const area of municipalityAreas(options.hierarchy)) {
    const own = byMunicipality.get(area.ref.code) ?? []
    for (const period of options.periods) {
      const report = complianceReport(own, {
        period: periodRange(period),
        by: "tenant",
        ruleSets: options.ruleSets,
        calendar: options.calendar,
        now: options.now ?? options.at,
        ...(options.resolution === undefined ? {} : { resolution: options.resolution }),
      })
      if (Result.isFailure(report)) return Result.fail(report.failure)
      const figures = complianceIndicators(report.success).filter((v) => v.careNeed === "all")
      const of = (indicator: string) => figures.find((v) => v.indicator === indicator)
      const admission = of("admission_information_on_time_rate")
      const discharge = of("discharge_coordination_rate")
      const counts: ReadonlyArray<readonly [string, number]> = [
        ["admission_information_on_time", admission?.numerator ?? 0],
        ["admission_information_due", admission?.denominator ?? 0],
        ["discharges_coordinated", discharge?.numerator ?? 0],
        ["discharges_requiring_coordination", discharge?.denominator ?? 0],
      ]
      for (const [element, value] of counts) {
        out.values.push({
          dataElement: element as DataElementCode,
          area: area.ref,
          period,
          value,
          provenance: { source: "computed", at: options.at, from: "coordination", records: own.length },
        })
      }
    }
  }
  return Result.succeed(out)
}

/**
 * 記録から計算されるデータ項目 (the data elements each record source computes here), so that a recomputation
 * replaces exactly these.
 *
 * @since 0.1.0
 * @category computed values
 * @example
 * ```ts
 * import { computedElements } from "@zaitaku/core"
 *
 * computedElements.directory // ["resources_active", "resources_assured_12m", "home_visit_clinics"]
 * ```
 */
export const computedElements = {
  directory: ["resources_active", "resources_assured_12m", "home_visit_clinics"],
  coordination: [
    "admission_information_on_time",
    "admission_information_due",
    "discharges_coordinated",
    "discharges_requiring_coordination",
  ],
} as const satisfies Record<string, ReadonlyArray<string>>

// ---------------------------------------------------------------------------------------------------------------
// Evaluations
// ---------------------------------------------------------------------------------------------------------------

/**
 * 評価の1行 (one evaluation row): an indicator for an area and period — its value (rounded), numerator and
 * denominator, the previous period's value, the target, the change, trend and status, and why there is no value
 * when there is none.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import type { EvaluationRow } from "@zaitaku/core"
 *
 * declare const row: EvaluationRow
 * row.status === "no_data" ? row.noData.map((r) => r.message.ja) : row.value
 * ```
 */
export interface EvaluationRow {
  readonly indicator: IndicatorCode
  readonly name: LocalizedText
  readonly area: AreaRef
  readonly areaName: LocalizedText
  readonly period: FiscalPeriod
  readonly periodCode: string
  readonly periodLabel: LocalizedText
  readonly value: number | null
  readonly numerator: number | null
  readonly denominator: number | null
  readonly previous: number | null
  readonly target: number | null
  readonly change: number | null
  readonly gap: number | null
  readonly trend: IndicatorTrend
  readonly status: IndicatorStatus
  readonly statusLabel: LocalizedText
  readonly noData: ReadonlyArray<NoDataReason>
}

/**
 * 評価の結果 (evaluation result): the rows, the indicators that could not be compiled (with the issues), and the
 * roll-up gaps (a larger area whose municipalities do not all have a value gets no value: a sum with a hole
 * would be a wrong number).
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import type { EvaluationResult } from "@zaitaku/core"
 *
 * declare const result: EvaluationResult
 * result.rows.filter((row) => row.status === "behind")
 * ```
 */
export interface EvaluationResult {
  readonly rows: ReadonlyArray<EvaluationRow>
  readonly rejected: ReadonlyArray<{ readonly indicator: string; readonly messages: ReadonlyArray<LocalizedText> }>
  readonly gaps: ReturnType<typeof rollUpDataValues>["gaps"]
}

/**
 * 評価する (evaluate indicators) for areas and periods: larger areas from the sums of their municipalities'
 * data values ({@link rollUpDataValues}); each value compared with its target and with the previous period of the
 * same kind ({@link evaluateAgainstTarget}). Without `areas`, every area of the hierarchy.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { type AreaHierarchy, type DataValue, evaluateIndicators, standardDataElements, standardIndicators } from "@zaitaku/core"
 *
 * declare const values: ReadonlyArray<DataValue>
 * declare const hierarchy: AreaHierarchy
 * evaluateIndicators({
 *   definitions: standardIndicators,
 *   elements: standardDataElements,
 *   values,
 *   hierarchy,
 *   targets: [],
 *   periods: [{ kind: "year", fiscalYear: 2025, index: 1 }],
 * })
 * ```
 */
export const evaluateIndicators = (input: {
  readonly definitions: ReadonlyArray<IndicatorDefinition>
  readonly elements: ReadonlyArray<DataElement>
  readonly values: ReadonlyArray<DataValue>
  readonly hierarchy: AreaHierarchy
  readonly targets: ReadonlyArray<{
    readonly indicator: string
    readonly area: AreaRef
    readonly period: FiscalPeriod
    readonly value: number
  }>
  readonly periods: ReadonlyArray<FiscalPeriod>
  readonly areas?: ReadonlyArray<AreaRef>
}): EvaluationResult => {
  const rolled = rollUpDataValues(input.values, input.hierarchy)
  const index = makeDataValueIndex(rolled.values)
  const compiled: Array<CompiledIndicator> = []
  const rejected: Array<EvaluationResult["rejected"][number]> = []
  for (const definition of input.definitions) {
    const result = compileIndicator(definition, input.elements)
    if (Result.isSuccess(result)) compiled.push(result.success)
    else rejected.push({ indicator: definition.code, messages: result.failure.issues.map((i) => i.message) })
  }
  const areas =
    input.areas === undefined
      ? input.hierarchy.areas
      : input.areas.map(
          (ref) => input.hierarchy.find(ref) ?? { ref, name: { ja: ref.code, en: ref.code }, members: [] },
        )
  const rows: Array<EvaluationRow> = []
  for (const indicator of compiled) {
    for (const area of areas) {
      for (const period of input.periods) {
        const evaluation = evaluateAgainstTarget(indicator, area.ref, period, index, input.targets)
        rows.push({
          indicator: indicator.definition.code,
          name: indicator.definition.name,
          area: area.ref,
          areaName: area.name,
          period,
          periodCode: formatPeriodCode(period),
          periodLabel: periodLabel(period),
          value: evaluation.current.value,
          numerator: evaluation.current.numerator,
          denominator: evaluation.current.denominator,
          previous: evaluation.previous?.value ?? null,
          target: evaluation.target ?? null,
          change: evaluation.assessment.change,
          gap: evaluation.assessment.gap,
          trend: evaluation.assessment.trend,
          status: evaluation.assessment.status,
          statusLabel: indicatorStatusLabels[evaluation.assessment.status],
          noData: evaluation.current.noData,
        })
      }
    }
  }
  const wanted = new Set(areas.map((a) => areaKey(a.ref)))
  const periods = new Set(input.periods.map(periodKey))
  return {
    rows,
    rejected,
    gaps: rolled.gaps.filter((gap) => wanted.has(areaKey(gap.area)) && periods.has(periodKey(gap.period))),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// CSV rows of data values
// ---------------------------------------------------------------------------------------------------------------

/**
 * データ値CSVの列 (the columns of a data value file), in order: data element code, option (empty for the total),
 * area kind (empty: `municipality`), area code, period code ({@link parsePeriodCode}), value.
 *
 * @since 0.1.0
 * @category csv
 * @example
 * ```ts
 * import { dataValueCsvHeader } from "@zaitaku/core"
 *
 * dataValueCsvHeader.join(",") // "data_element,option,area_kind,area_code,period,value"
 * ```
 */
export const dataValueCsvHeader = ["data_element", "option", "area_kind", "area_code", "period", "value"] as const

/**
 * 行の誤り (row error) of a file: the line (1 = the header), the column name, a code and the reason.
 *
 * @since 0.1.0
 * @category csv
 * @example
 * ```ts
 * import type { DataValueRowError } from "@zaitaku/core"
 *
 * const error: DataValueRowError = {
 *   line: 3,
 *   column: "value",
 *   code: "not_a_number",
 *   message: { ja: "値「abc」は数値ではありません", en: "The value abc is not a number" },
 * }
 * ```
 */
export interface DataValueRowError {
  readonly line: number
  readonly column: string | null
  readonly code: string
  readonly message: LocalizedText
}

/**
 * データ値CSVを読む (read data value rows): each record (with its physical line) becomes a {@link DataValue} with
 * provenance `imported`, or errors for the line — unknown element or option, a bad area or period code, a value
 * that is not a number or not a count, a duplicate of an earlier line. Pure: the caller decodes the file.
 *
 * @since 0.1.0
 * @category csv
 * @example
 * ```ts
 * import { dataValueRows, standardDataElements } from "@zaitaku/core"
 *
 * const { values, errors } = dataValueRows(
 *   [{ line: 2, record: ["population_65_plus", "", "municipality", "022039", "FY2025", "65000"] }],
 *   { elements: standardDataElements, at: "2025-06-01T10:00:00+09:00", file: "population.csv" },
 * )
 * ```
 */
export const dataValueRows = (
  records: Iterable<{ readonly line: number; readonly record: ReadonlyArray<string> }>,
  options: { readonly elements: ReadonlyArray<DataElement>; readonly at: string; readonly file?: string },
): { readonly values: ReadonlyArray<DataValue>; readonly errors: ReadonlyArray<DataValueRowError> } => {
  const elements = new Map(options.elements.map((e) => [e.code as string, e]))
  const values: Array<DataValue> = []
  const errors: Array<DataValueRowError> = []
  const seen = new Map<string, number>()
  for (const { line, record } of records) {
    const [code = "", option = "", kind = "", areaCode = "", periodText = "", valueText = ""] = record.map((f) =>
      f.trim(),
    )
    const rowErrors: Array<DataValueRowError> = []
    const fail = (column: string, code: string, ja: string, en: string) =>
      rowErrors.push({ line, column, code, message: { ja, en } })
    const element = elements.get(code)
    if (element === undefined) {
      fail(
        "data_element",
        "unknown_data_element",
        `データ項目「${code}」は定義されていません`,
        `Unknown data element "${code}"`,
      )
    } else if (option !== "" && !(element.options ?? []).some((o) => o.code === option)) {
      fail(
        "option",
        "unknown_option",
        `データ項目「${element.name.ja}」に内訳「${option}」はありません`,
        `Data element ${element.code} has no option "${option}"`,
      )
    }
    const area = parseAreaCode(`${kind === "" ? "municipality" : kind}:${areaCode}`)
    if (area === undefined) {
      fail(
        kind !== "" && !AreaLevel.safeParse(kind).success ? "area_kind" : "area_code",
        "invalid_area",
        `地域「${kind === "" ? "" : `${kind}:`}${areaCode}」は正しい地域ではありません（市区町村は6桁の全国地方公共団体コード）`,
        `"${kind === "" ? "" : `${kind}:`}${areaCode}" is not a valid area (a municipality is its 6-digit local government code)`,
      )
    }
    const period = parsePeriodCode(periodText)
    if (period === undefined) {
      fail(
        "period",
        "invalid_period",
        `期間「${periodText}」は読めません（例: FY2025, FY2025-H1, FY2025-Q1, 2025-04）`,
        `Cannot read the period "${periodText}" (e.g. FY2025, FY2025-H1, FY2025-Q1, 2025-04)`,
      )
    }
    const normalised = valueText.replace(/,/g, "")
    const value = normalised === "" ? Number.NaN : Number(normalised)
    if (!Number.isFinite(value)) {
      fail(
        "value",
        "not_a_number",
        `値「${valueText}」は数値ではありません`,
        `The value "${valueText}" is not a number`,
      )
    } else if (element !== undefined && element.valueType === "count" && (!Number.isInteger(value) || value < 0)) {
      fail(
        "value",
        "not_a_count",
        `「${element.name.ja}」は0以上の整数です（${valueText}）`,
        `${element.code} is a count: a whole number of at least 0, got ${valueText}`,
      )
    }
    if (rowErrors.length === 0 && area !== undefined && period !== undefined) {
      const key = `${code}.${option}|${areaKey(area)}|${periodKey(period)}`
      const first = seen.get(key)
      if (first !== undefined) {
        fail(
          "data_element",
          "duplicate",
          `${first}行目と同じデータ項目・内訳・地域・期間の値です`,
          `Same data element, option, area and period as line ${first}`,
        )
      } else {
        seen.set(key, line)
        values.push({
          dataElement: code as DataElementCode,
          ...(option === "" ? {} : { option }),
          area,
          period,
          value,
          provenance: {
            source: "imported",
            at: options.at,
            ...(options.file === undefined ? {} : { file: options.file }),
            line,
          },
        })
      }
    }
    errors.push(...rowErrors)
  }
  return { values, errors }
}
