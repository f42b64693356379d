/**
 * 年度・期間・和暦 (fiscal periods and Japanese eras): the calendar arithmetic of reports and plans.
 *
 * Every date here is a calendar date in Japan, with no time of day and no time zone. Functions take a
 * {@link DateInput}: a {@link PlainDate} (`{ year, month, day }`; a `Temporal.PlainDate` fits), an ISO
 * `"YYYY-MM-DD"` string, or a `Date`, which is read as the date it falls on in Asia/Tokyo (UTC+09:00, no
 * daylight saving time) whatever the machine's time zone. Dates are proleptic Gregorian.
 *
 * Parsing text (`parseWareki`, `parseWarekiFiscalYear`) never throws: it returns effect's `Result`, failing
 * with a {@link WarekiParseError}. The other functions throw `RangeError` only for arguments outside their
 * documented domain (an impossible date, a date before 明治), which is a programming error.
 *
 * @since 0.1.0
 */
import { Data, Result } from "effect"
import * as z from "zod"
import type { LocalizedText } from "./Label.js"

// ---------------------------------------------------------------------------------------------------------------
// Calendar dates
// ---------------------------------------------------------------------------------------------------------------

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31

const isIntegerIn = (n: unknown, min: number, max: number): n is number =>
  typeof n === "number" && Number.isInteger(n) && n >= min && n <= max

const isCalendarDate = (year: unknown, month: unknown, day: unknown): boolean =>
  isIntegerIn(year, 1, 9999) && isIntegerIn(month, 1, 12) && isIntegerIn(day, 1, 31) && day <= daysInMonth(year, month)

const pad2 = (n: number): string => String(n).padStart(2, "0")

const isoOf = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * 日付 (calendar date) without time or time zone: `{ year, month, day }` with month 1–12, years 1–9999.
 * A `Temporal.PlainDate` has the same three fields.
 *
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import { PlainDate } from "@zaitaku/core"
 *
 * PlainDate.safeParse({ year: 2024, month: 2, day: 29 }).success // true
 * PlainDate.safeParse({ year: 2023, month: 2, day: 29 }).success // false
 * ```
 */
export const PlainDate = z
  .object({
    year: z.int().min(1).max(9999),
    month: z.int().min(1).max(12),
    day: z.int().min(1).max(31),
  })
  .superRefine((date, ctx) => {
    if (isCalendarDate(date.year, date.month, 1) && date.day > daysInMonth(date.year, date.month)) {
      const last = daysInMonth(date.year, date.month)
      ctx.addIssue({
        code: "custom",
        path: ["day"],
        message: `${isoOf(date.year, date.month, 1).slice(0, 7)} has ${last} days, got day ${date.day}`,
        params: { ja: `${date.year}年${date.month}月は${last}日までです`, code: "invalid_date" },
        input: date.day,
      })
    }
  })

/**
 * 日付 (calendar date).
 *
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import type { PlainDate } from "@zaitaku/core"
 *
 * const reiwaBegins: PlainDate = { year: 2019, month: 5, day: 1 }
 * ```
 */
export type PlainDate = z.infer<typeof PlainDate>

/**
 * ISO 8601 日付文字列 (ISO date string) `"YYYY-MM-DD"` naming a date that exists.
 *
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import { IsoDate } from "@zaitaku/core"
 *
 * IsoDate.safeParse("2024-04-01").success // true
 * IsoDate.safeParse("2024-02-30").success // false
 * ```
 */
export const IsoDate = z.string().superRefine((text, ctx) => {
  const match = isoDatePattern.exec(text)
  if (match === null || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    ctx.addIssue({
      code: "custom",
      message: `Expected an existing date written YYYY-MM-DD, got ${JSON.stringify(text)}`,
      params: { ja: "存在する日付をYYYY-MM-DD形式で入力してください", code: "invalid_date" },
      input: text,
    })
  }
})

/**
 * ISO 8601 日付文字列 (ISO date string).
 *
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import type { IsoDate } from "@zaitaku/core"
 *
 * const start: IsoDate = "2024-04-01"
 * ```
 */
export type IsoDate = z.infer<typeof IsoDate>

/**
 * 日付の入力 (date input) accepted by every function of this module: a {@link PlainDate}-like object, an ISO
 * `"YYYY-MM-DD"` string, or a `Date` read in Asia/Tokyo (UTC+09:00).
 *
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import { type DateInput, fiscalYearOf } from "@zaitaku/core"
 *
 * const inputs: ReadonlyArray<DateInput> = [{ year: 2025, month: 3, day: 31 }, "2025-03-31", new Date("2025-03-31T14:59:59Z")]
 * inputs.map(fiscalYearOf) // [2024, 2024, 2024]
 * ```
 */
export type DateInput = PlainDate | string | Date

const tokyoOffsetMilliseconds = 9 * 60 * 60 * 1000

/**
 * 日付に変換 (to a calendar date): normalizes a {@link DateInput}. A `Date` is read as the calendar date in
 * Asia/Tokyo: `new Date("2019-04-30T15:00:00Z")` is 2019-05-01.
 *
 * @throws RangeError if the input is not an existing date in years 1–9999 (an invalid `Date`, a string that is
 *   not `YYYY-MM-DD`, `{ month: 2, day: 30 }`, …).
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import { toPlainDate } from "@zaitaku/core"
 *
 * toPlainDate("2024-04-01") // { year: 2024, month: 4, day: 1 }
 * toPlainDate(new Date("2019-04-30T15:00:00Z")) // { year: 2019, month: 5, day: 1 }
 * ```
 */
export const toPlainDate = (input: DateInput): PlainDate => {
  if (typeof input === "string") {
    const match = isoDatePattern.exec(input)
    const [year, month, day] = match === null ? [] : [Number(match[1]), Number(match[2]), Number(match[3])]
    if (!isCalendarDate(year, month, day)) {
      throw new RangeError(`Expected an existing date written YYYY-MM-DD, got ${JSON.stringify(input)}`)
    }
    return { year: year!, month: month!, day: day! }
  }
  if (input instanceof Date) {
    const time = input.getTime()
    if (Number.isNaN(time)) throw new RangeError("Invalid Date")
    const tokyo = new Date(time + tokyoOffsetMilliseconds)
    const date = { year: tokyo.getUTCFullYear(), month: tokyo.getUTCMonth() + 1, day: tokyo.getUTCDate() }
    if (!isCalendarDate(date.year, date.month, date.day)) {
      throw new RangeError(`Date outside years 1-9999: ${input.toISOString()}`)
    }
    return date
  }
  if (!isCalendarDate(input.year, input.month, input.day)) {
    throw new RangeError(`Not an existing date: { year: ${input.year}, month: ${input.month}, day: ${input.day} }`)
  }
  return { year: input.year, month: input.month, day: input.day }
}

/**
 * ISO 8601 日付文字列に変換 (to an ISO date string) `"YYYY-MM-DD"`.
 *
 * @throws RangeError as {@link toPlainDate}.
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import { toIsoDate } from "@zaitaku/core"
 *
 * toIsoDate({ year: 2024, month: 4, day: 1 }) // "2024-04-01"
 * ```
 */
export const toIsoDate = (input: DateInput): IsoDate => {
  const date = toPlainDate(input)
  return isoOf(date.year, date.month, date.day)
}

/**
 * 期間 (date range): first and last calendar day, both inclusive, as ISO date strings.
 *
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import { DateRange } from "@zaitaku/core"
 *
 * DateRange.parse({ start: "2024-04-01", end: "2025-03-31" })
 * ```
 */
export const DateRange = z.object({ start: IsoDate, end: IsoDate })

/**
 * 期間 (date range), both ends inclusive.
 *
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import type { DateRange } from "@zaitaku/core"
 *
 * const contains = (range: DateRange, iso: string): boolean => range.start <= iso && iso <= range.end
 * ```
 */
export type DateRange = z.infer<typeof DateRange>

// ---------------------------------------------------------------------------------------------------------------
// Fiscal years and their periods
// ---------------------------------------------------------------------------------------------------------------

/**
 * 年度 (fiscal year): April 1 to March 31 of the next calendar year, named by the calendar year it starts in.
 *
 * @since 0.1.0
 * @category fiscal years
 * @example
 * ```ts
 * import { FiscalYear } from "@zaitaku/core"
 *
 * FiscalYear.parse(2024) // 令和6年度, 2024-04-01 … 2025-03-31
 * ```
 */
export const FiscalYear = z.int().min(1).max(9998)

/**
 * 年度 (fiscal year), e.g. `2024` for 令和6年度.
 *
 * @since 0.1.0
 * @category fiscal years
 * @example
 * ```ts
 * import type { FiscalYear } from "@zaitaku/core"
 *
 * const fy: FiscalYear = 2024
 * ```
 */
export type FiscalYear = z.infer<typeof FiscalYear>

const assertFiscalYear = (fiscalYear: number): void => {
  if (!isIntegerIn(fiscalYear, 1, 9998)) {
    throw new RangeError(`A fiscal year must be an integer from 1 to 9998, got ${fiscalYear}`)
  }
}

/**
 * 年度 (fiscal year) of a date: January–March belong to the fiscal year that started the previous April.
 *
 * @throws RangeError as {@link toPlainDate}.
 * @since 0.1.0
 * @category fiscal years
 * @example
 * ```ts
 * import { fiscalYearOf } from "@zaitaku/core"
 *
 * fiscalYearOf("2025-03-31") // 2024
 * fiscalYearOf("2025-04-01") // 2025
 * ```
 */
export const fiscalYearOf = (date: DateInput): FiscalYear => {
  const { year, month } = toPlainDate(date)
  return month >= 4 ? year : year - 1
}

/**
 * 年度の期間 (fiscal year range): April 1 to March 31 of the next year.
 *
 * @throws RangeError if `fiscalYear` is not an integer from 1 to 9998.
 * @since 0.1.0
 * @category fiscal years
 * @example
 * ```ts
 * import { fiscalYearRange } from "@zaitaku/core"
 *
 * fiscalYearRange(2024) // { start: "2024-04-01", end: "2025-03-31" }
 * ```
 */
export const fiscalYearRange = (fiscalYear: FiscalYear): DateRange => {
  assertFiscalYear(fiscalYear)
  return { start: isoOf(fiscalYear, 4, 1), end: isoOf(fiscalYear + 1, 3, 31) }
}

/**
 * 期間の種類 (period kind): 年度 (`year`), 上期・下期 (`half`), 四半期 (`quarter`), 月 (`month`).
 *
 * @since 0.1.0
 * @category fiscal periods
 * @example
 * ```ts
 * import { FiscalPeriodKind } from "@zaitaku/core"
 *
 * FiscalPeriodKind.options // ["year", "half", "quarter", "month"]
 * ```
 */
export const FiscalPeriodKind = z.enum(["year", "half", "quarter", "month"])

/**
 * 期間の種類 (period kind).
 *
 * @since 0.1.0
 * @category fiscal periods
 * @example
 * ```ts
 * import type { FiscalPeriodKind } from "@zaitaku/core"
 *
 * const kind: FiscalPeriodKind = "quarter"
 * ```
 */
export type FiscalPeriodKind = z.infer<typeof FiscalPeriodKind>

const monthsPerPeriod: Readonly<Record<FiscalPeriodKind, number>> = { year: 12, half: 6, quarter: 3, month: 1 }

/**
 * 年度内の期間 (fiscal period): a fiscal year (`index` 1), one of its halves (1 = 上期 April–September,
 * 2 = 下期 October–March), quarters (1 = 第1四半期 April–June … 4 = 第4四半期 January–March) or months
 * (1 = April … 12 = March).
 *
 * @since 0.1.0
 * @category fiscal periods
 * @example
 * ```ts
 * import { FiscalPeriod } from "@zaitaku/core"
 *
 * FiscalPeriod.parse({ kind: "quarter", fiscalYear: 2024, index: 4 }) // January–March 2025
 * FiscalPeriod.safeParse({ kind: "quarter", fiscalYear: 2024, index: 5 }).success // false
 * ```
 */
export const FiscalPeriod = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("year"), fiscalYear: FiscalYear, index: z.literal(1) }),
  z.object({ kind: z.literal("half"), fiscalYear: FiscalYear, index: z.int().min(1).max(2) }),
  z.object({ kind: z.literal("quarter"), fiscalYear: FiscalYear, index: z.int().min(1).max(4) }),
  z.object({ kind: z.literal("month"), fiscalYear: FiscalYear, index: z.int().min(1).max(12) }),
])

/**
 * 年度内の期間 (fiscal period).
 *
 * @since 0.1.0
 * @category fiscal periods
 * @example
 * ```ts
 * import type { FiscalPeriod } from "@zaitaku/core"
 *
 * const secondHalf: FiscalPeriod = { kind: "half", fiscalYear: 2024, index: 2 }
 * ```
 */
export type FiscalPeriod = z.infer<typeof FiscalPeriod>

const assertFiscalPeriod = (period: FiscalPeriod): void => {
  assertFiscalYear(period.fiscalYear)
  const count = 12 / monthsPerPeriod[period.kind]
  if (!isIntegerIn(period.index, 1, count)) {
    throw new RangeError(`A ${period.kind} period's index must be an integer from 1 to ${count}, got ${period.index}`)
  }
}

/** Month of the fiscal year (1 = April … 12 = March) → calendar year and month. */
const calendarMonthOf = (fiscalYear: number, fiscalMonth: number): { year: number; month: number } => ({
  year: fiscalMonth <= 9 ? fiscalYear : fiscalYear + 1,
  month: ((fiscalMonth + 2) % 12) + 1,
})

/**
 * 期間の初日と末日 (period range): the first and last day of a fiscal period.
 *
 * @throws RangeError if the fiscal year or the index is out of range for the kind.
 * @since 0.1.0
 * @category fiscal periods
 * @example
 * ```ts
 * import { periodRange } from "@zaitaku/core"
 *
 * periodRange({ kind: "quarter", fiscalYear: 2024, index: 4 }) // { start: "2025-01-01", end: "2025-03-31" }
 * periodRange({ kind: "half", fiscalYear: 2024, index: 1 }) // { start: "2024-04-01", end: "2024-09-30" }
 * ```
 */
export const periodRange = (period: FiscalPeriod): DateRange => {
  assertFiscalPeriod(period)
  const length = monthsPerPeriod[period.kind]
  const first = calendarMonthOf(period.fiscalYear, (period.index - 1) * length + 1)
  const last = calendarMonthOf(period.fiscalYear, period.index * length)
  return {
    start: isoOf(first.year, first.month, 1),
    end: isoOf(last.year, last.month, daysInMonth(last.year, last.month)),
  }
}

/**
 * 日付を含む期間 (period of a date): the fiscal period of the given kind that contains the date.
 *
 * @throws RangeError as {@link toPlainDate}.
 * @since 0.1.0
 * @category fiscal periods
 * @example
 * ```ts
 * import { periodOf } from "@zaitaku/core"
 *
 * periodOf("quarter", "2025-02-10") // { kind: "quarter", fiscalYear: 2024, index: 4 }
 * periodOf("month", "2024-04-01") // { kind: "month", fiscalYear: 2024, index: 1 }
 * ```
 */
export const periodOf = (kind: FiscalPeriodKind, date: DateInput): FiscalPeriod => {
  const { year, month } = toPlainDate(date)
  const fiscalYear = month >= 4 ? year : year - 1
  const fiscalMonth = ((month + 8) % 12) + 1
  if (kind === "year") return { kind, fiscalYear, index: 1 }
  return { kind, fiscalYear, index: Math.ceil(fiscalMonth / monthsPerPeriod[kind]) }
}

/**
 * 年度内の期間一覧 (periods of a fiscal year): all periods of one kind, in order; they partition the year.
 *
 * @throws RangeError if `fiscalYear` is not an integer from 1 to 9998.
 * @since 0.1.0
 * @category fiscal periods
 * @example
 * ```ts
 * import { periodsOfFiscalYear } from "@zaitaku/core"
 *
 * periodsOfFiscalYear(2024, "quarter").length // 4
 * ```
 */
export const periodsOfFiscalYear = (fiscalYear: FiscalYear, kind: FiscalPeriodKind): ReadonlyArray<FiscalPeriod> => {
  assertFiscalYear(fiscalYear)
  if (kind === "year") return [{ kind, fiscalYear, index: 1 }]
  return Array.from({ length: 12 / monthsPerPeriod[kind] }, (_, i) => ({ kind, fiscalYear, index: i + 1 }))
}

const englishMonths = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const

/**
 * 期間の表示名 (period label): 令和6年度 / FY2024, 令和6年度 上期 / FY2024 H1, 令和6年度 第1四半期 / FY2024 Q1,
 * 令和6年度 1月 / FY2024 January (months keep their fiscal year: January of 令和6年度 is January 2025).
 * The Japanese label names the fiscal year in 和暦 as {@link formatWarekiFiscalYear} does.
 *
 * @throws RangeError if the period is out of range or its fiscal year is before 明治 (1868).
 * @since 0.1.0
 * @category fiscal periods
 * @example
 * ```ts
 * import { periodLabel } from "@zaitaku/core"
 *
 * periodLabel({ kind: "quarter", fiscalYear: 2024, index: 1 }) // { ja: "令和6年度 第1四半期", en: "FY2024 Q1" }
 * ```
 */
export const periodLabel = (period: FiscalPeriod): LocalizedText => {
  assertFiscalPeriod(period)
  const ja = formatWarekiFiscalYear(period.fiscalYear)
  const en = `FY${period.fiscalYear}`
  switch (period.kind) {
    case "year":
      return { ja, en }
    case "half":
      return { ja: `${ja} ${period.index === 1 ? "上期" : "下期"}`, en: `${en} H${period.index}` }
    case "quarter":
      return { ja: `${ja} 第${period.index}四半期`, en: `${en} Q${period.index}` }
    case "month": {
      const { month } = calendarMonthOf(period.fiscalYear, period.index)
      return { ja: `${ja} ${month}月`, en: `${en} ${englishMonths[month - 1]}` }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 介護保険事業計画期
// ---------------------------------------------------------------------------------------------------------------

const firstPlanFiscalYear = 2000
const planLength = 3

/**
 * 介護保険事業計画期 (long-term care insurance plan period) number: 1 for 第1期 (fiscal 2000–2002), each period
 * three fiscal years.
 *
 * @since 0.1.0
 * @category insurance plan periods
 * @example
 * ```ts
 * import { InsurancePlanPeriod } from "@zaitaku/core"
 *
 * InsurancePlanPeriod.parse(9) // 第9期
 * ```
 */
export const InsurancePlanPeriod = z.int().min(1).max(2666)

/**
 * 介護保険事業計画期 (long-term care insurance plan period) number.
 *
 * @since 0.1.0
 * @category insurance plan periods
 * @example
 * ```ts
 * import type { InsurancePlanPeriod } from "@zaitaku/core"
 *
 * const current: InsurancePlanPeriod = 9
 * ```
 */
export type InsurancePlanPeriod = z.infer<typeof InsurancePlanPeriod>

/**
 * 介護保険事業計画期 (insurance plan period) containing a fiscal year: 第1期 = fiscal 2000–2002,
 * 第9期 = 2024–2026, 第10期 = 2027–2029.
 *
 * @throws RangeError if `fiscalYear` is not an integer from 2000 to 9998 (the insurance began in fiscal 2000).
 * @since 0.1.0
 * @category insurance plan periods
 * @example
 * ```ts
 * import { insurancePlanPeriodOf } from "@zaitaku/core"
 *
 * insurancePlanPeriodOf(2024) // 9
 * ```
 */
export const insurancePlanPeriodOf = (fiscalYear: FiscalYear): InsurancePlanPeriod => {
  if (!isIntegerIn(fiscalYear, firstPlanFiscalYear, 9998)) {
    throw new RangeError(`Insurance plan periods start in fiscal year 2000; got fiscal year ${fiscalYear}`)
  }
  return Math.floor((fiscalYear - firstPlanFiscalYear) / planLength) + 1
}

/**
 * 介護保険事業計画期の年度 (fiscal years of an insurance plan period), both inclusive.
 *
 * @throws RangeError if `period` is not an integer of at least 1.
 * @since 0.1.0
 * @category insurance plan periods
 * @example
 * ```ts
 * import { insurancePlanPeriodRange } from "@zaitaku/core"
 *
 * insurancePlanPeriodRange(9) // { firstFiscalYear: 2024, lastFiscalYear: 2026 }
 * ```
 */
export const insurancePlanPeriodRange = (
  period: InsurancePlanPeriod,
): { readonly firstFiscalYear: FiscalYear; readonly lastFiscalYear: FiscalYear } => {
  if (!isIntegerIn(period, 1, 2666)) {
    throw new RangeError(`An insurance plan period is an integer from 1 to 2666, got ${period}`)
  }
  const firstFiscalYear = firstPlanFiscalYear + (period - 1) * planLength
  return { firstFiscalYear, lastFiscalYear: firstFiscalYear + planLength - 1 }
}

const ordinal = (n: number): string => {
  const lastTwo = n % 100
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")
  return `${n}${suffix}`
}

/**
 * 介護保険事業計画期の表示名 (insurance plan period label): 第9期 / 9th plan period.
 *
 * @throws RangeError if `period` is not an integer of at least 1.
 * @since 0.1.0
 * @category insurance plan periods
 * @example
 * ```ts
 * import { insurancePlanPeriodLabel } from "@zaitaku/core"
 *
 * insurancePlanPeriodLabel(9) // { ja: "第9期", en: "9th plan period" }
 * ```
 */
export const insurancePlanPeriodLabel = (period: InsurancePlanPeriod): LocalizedText => {
  insurancePlanPeriodRange(period)
  return { ja: `第${period}期`, en: `${ordinal(period)} plan period` }
}

// ---------------------------------------------------------------------------------------------------------------
// 和暦
// ---------------------------------------------------------------------------------------------------------------

/**
 * 元号 (era) identifier.
 *
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import { EraId } from "@zaitaku/core"
 *
 * EraId.parse("reiwa")
 * ```
 */
export const EraId = z.enum(["meiji", "taisho", "showa", "heisei", "reiwa"])

/**
 * 元号 (era) identifier.
 *
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import type { EraId } from "@zaitaku/core"
 *
 * const era: EraId = "heisei"
 * ```
 */
export type EraId = z.infer<typeof EraId>

/**
 * 元号 (era): its name, one-letter abbreviation (as in `R6.4.1`) and first day. An era lasts until the day
 * before the next one starts.
 *
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import type { Era } from "@zaitaku/core"
 *
 * const reiwa: Era = { id: "reiwa", name: { ja: "令和", en: "Reiwa" }, abbreviation: "R", start: "2019-05-01" }
 * ```
 */
export interface Era {
  readonly id: EraId
  readonly name: LocalizedText
  readonly abbreviation: "M" | "T" | "S" | "H" | "R"
  /** First day of the era, `YYYY-MM-DD` (Gregorian). */
  readonly start: IsoDate
}

/**
 * 元号一覧 (eras) since 明治, oldest first. 明治 starts on 1868-10-23 (明治改元, Gregorian); dates before
 * 1873 are converted with the Gregorian calendar, not the lunar calendar then in use.
 *
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import { eras } from "@zaitaku/core"
 *
 * eras.find((era) => era.id === "heisei")?.start // "1989-01-08"
 * ```
 */
export const eras: ReadonlyArray<Era> = [
  { id: "meiji", name: { ja: "明治", en: "Meiji" }, abbreviation: "M", start: "1868-10-23" },
  { id: "taisho", name: { ja: "大正", en: "Taisho" }, abbreviation: "T", start: "1912-07-30" },
  { id: "showa", name: { ja: "昭和", en: "Showa" }, abbreviation: "S", start: "1926-12-25" },
  { id: "heisei", name: { ja: "平成", en: "Heisei" }, abbreviation: "H", start: "1989-01-08" },
  { id: "reiwa", name: { ja: "令和", en: "Reiwa" }, abbreviation: "R", start: "2019-05-01" },
]

const startYearOf = (era: Era): number => Number(era.start.slice(0, 4))

/** Last day of an era (the day before the next era starts), or undefined for the current era. */
const endOf = (era: Era): IsoDate | undefined => {
  const next = eras[eras.indexOf(era) + 1]
  if (next === undefined) return undefined
  const start = toPlainDate(next.start)
  const previous = new Date(Date.UTC(start.year, start.month - 1, start.day - 1))
  return isoOf(previous.getUTCFullYear(), previous.getUTCMonth() + 1, previous.getUTCDate())
}

/** The latest era that has started on or before `iso`. */
const eraOn = (iso: IsoDate): Era | undefined => {
  let found: Era | undefined
  for (const era of eras) if (era.start <= iso) found = era
  return found
}

/**
 * 和暦の日付 (Japanese-era date): era, year of the era (1 = 元年), month and day.
 *
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import type { WarekiDate } from "@zaitaku/core"
 *
 * const firstDay: WarekiDate = { era: "reiwa", eraName: "令和", year: 1, month: 5, day: 1 }
 * ```
 */
export interface WarekiDate {
  readonly era: EraId
  /** The era's Japanese name, e.g. `"令和"`. */
  readonly eraName: string
  /** Year of the era; 1 is written 元年. */
  readonly year: number
  readonly month: number
  readonly day: number
}

/**
 * 和暦に変換 (to a Japanese-era date).
 *
 * @throws RangeError as {@link toPlainDate}, or if the date is before 明治 (1868-10-23).
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import { toWareki } from "@zaitaku/core"
 *
 * toWareki("2019-05-01") // { era: "reiwa", eraName: "令和", year: 1, month: 5, day: 1 }
 * toWareki("1989-01-07") // { era: "showa", eraName: "昭和", year: 64, month: 1, day: 7 }
 * ```
 */
export const toWareki = (date: DateInput): WarekiDate => {
  const plain = toPlainDate(date)
  const iso = isoOf(plain.year, plain.month, plain.day)
  const era = eraOn(iso)
  if (era === undefined) throw new RangeError(`${iso} is before the 明治 era (Meiji, from 1868-10-23)`)
  return {
    era: era.id,
    eraName: era.name.ja,
    year: plain.year - startYearOf(era) + 1,
    month: plain.month,
    day: plain.day,
  }
}

/**
 * 和暦の書式 (wareki format options).
 *
 * - `style`: `"long"` (default) 令和元年5月1日; `"short"` R1.5.1; `"fiscalYear"` the date's 年度, 令和元年度.
 * - `firstYear`: `"kanji"` (default) writes year 1 as 元年; `"numeric"` writes 1年 (e.g. 令和1年5月1日).
 *   The short style always writes 1.
 *
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import type { WarekiFormatOptions } from "@zaitaku/core"
 *
 * const options: WarekiFormatOptions = { style: "long", firstYear: "numeric" }
 * ```
 */
export interface WarekiFormatOptions {
  readonly style?: "long" | "short" | "fiscalYear"
  readonly firstYear?: "kanji" | "numeric"
}

const eraYearText = (year: number, firstYear: "kanji" | "numeric" | undefined): string =>
  year === 1 && firstYear !== "numeric" ? "元" : String(year)

/**
 * 和暦の年度表示 (fiscal year in wareki): 令和6年度. A fiscal year is named in the era in effect at the end of
 * the calendar year it starts in, so fiscal 2019 is 令和元年度 (budgets of that year also say 平成31年度, which
 * {@link parseWarekiFiscalYear} accepts) and fiscal 1988 is 昭和63年度.
 *
 * @throws RangeError if `fiscalYear` is not an integer from 1868 to 9998.
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import { formatWarekiFiscalYear } from "@zaitaku/core"
 *
 * formatWarekiFiscalYear(2024) // "令和6年度"
 * formatWarekiFiscalYear(2019) // "令和元年度"
 * formatWarekiFiscalYear(2019, { firstYear: "numeric" }) // "令和1年度"
 * ```
 */
export const formatWarekiFiscalYear = (
  fiscalYear: FiscalYear,
  options: { readonly firstYear?: "kanji" | "numeric" } = {},
): string => {
  assertFiscalYear(fiscalYear)
  const era = eraOn(isoOf(fiscalYear, 12, 31))
  if (era === undefined) throw new RangeError(`Fiscal year ${fiscalYear} is before the 明治 era (Meiji, from 1868)`)
  return `${era.name.ja}${eraYearText(fiscalYear - startYearOf(era) + 1, options.firstYear)}年度`
}

/**
 * 和暦で書く (format in wareki): `"令和元年5月1日"` (long), `"R1.5.1"` (short) or `"令和元年度"` (fiscal year).
 *
 * @throws RangeError as {@link toWareki}.
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import { formatWareki } from "@zaitaku/core"
 *
 * formatWareki("2019-05-01") // "令和元年5月1日"
 * formatWareki("2019-05-01", { firstYear: "numeric" }) // "令和1年5月1日"
 * formatWareki("2019-05-01", { style: "short" }) // "R1.5.1"
 * formatWareki("2025-03-31", { style: "fiscalYear" }) // "令和6年度"
 * ```
 */
export const formatWareki = (date: DateInput, options: WarekiFormatOptions = {}): string => {
  const wareki = toWareki(date)
  switch (options.style ?? "long") {
    case "long":
      return `${wareki.eraName}${eraYearText(wareki.year, options.firstYear)}年${wareki.month}月${wareki.day}日`
    case "short": {
      const abbreviation = eras.find((era) => era.id === wareki.era)!.abbreviation
      return `${abbreviation}${wareki.year}.${wareki.month}.${wareki.day}`
    }
    case "fiscalYear":
      return formatWarekiFiscalYear(fiscalYearOf(date), options)
  }
}

/**
 * 和暦の読み取りエラー (wareki parse error). `reason` is `"syntax"` (not a wareki date at all),
 * `"invalid_date"` (no such month or day, or year 0) or `"outside_era"` (the era had not begun or had already
 * ended, e.g. 令和1年4月30日, 平成32年). `description` explains it in Japanese and English; `message` is the
 * English text. The input itself is not stored (it may be a birth date).
 *
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import { WarekiParseError } from "@zaitaku/core"
 *
 * const error = new WarekiParseError({
 *   reason: "invalid_date",
 *   description: { ja: "2月30日は存在しません", en: "February 30 does not exist" },
 * })
 * error.message // "February 30 does not exist"
 * ```
 */
export class WarekiParseError extends Data.TaggedError("WarekiParseError")<{
  readonly reason: "syntax" | "invalid_date" | "outside_era"
  readonly description: LocalizedText
}> {
  override get message(): string {
    return this.description.en
  }
}

const eraByToken = (token: string): Era | undefined => {
  const upper = token.toUpperCase()
  return eras.find((era) => era.name.ja === token || era.abbreviation === upper || era.name.ja[0] === token)
}

const eraNames = eras.map((era) => era.name.ja).join("|")
const longDatePattern = new RegExp(`^(${eraNames})(元|\\d{1,3})年(\\d{1,2})月(\\d{1,2})日$`)
const shortDatePattern = /^([MTSHR明大昭平令])(元|\d{1,3})([./-])(\d{1,2})\3(\d{1,2})$/i
const fiscalYearPattern = new RegExp(`^(${eraNames}|[MTSHRmtshr])(元|\\d{1,3})年度$`)

/** Full-width digits and letters to ASCII (NFKC also maps ㋿ to 令和), whitespace removed. */
const normalize = (text: string): string => text.normalize("NFKC").replace(/\s+/g, "")

const fail = (reason: WarekiParseError["reason"], ja: string, en: string) =>
  Result.fail(new WarekiParseError({ reason, description: { ja, en } }))

const longForm = (era: Era, year: number, month: number, day: number): string =>
  `${era.name.ja}${year}年${month}月${day}日`

/**
 * 和暦を読む (parse a wareki date). Accepts 令和元年5月1日, 令和6年4月1日, 平成31年4月30日, R6.4.1, H31/4/30,
 * R6-4-1, 令6.4.1, full-width digits and letters (令和６年４月１日, Ｒ６．４．１) and spaces between parts.
 * Fails with a {@link WarekiParseError} for text in another format, a month or day that does not exist
 * (令和6年2月30日), year 0, or a date outside the era (令和1年4月30日 is before 令和 began; 平成32年1月1日 is
 * after 平成 ended).
 *
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseWareki } from "@zaitaku/core"
 *
 * parseWareki("H31/4/30") // Result.succeed({ year: 2019, month: 4, day: 30 })
 * const result = parseWareki("令和1年4月30日")
 * if (Result.isFailure(result)) result.failure.reason // "outside_era"
 * ```
 */
export const parseWareki = (text: string): Result.Result<PlainDate, WarekiParseError> => {
  const normalized = normalize(text)
  const long = longDatePattern.exec(normalized)
  const short = long === null ? shortDatePattern.exec(normalized) : null
  const parts =
    long !== null
      ? { era: long[1]!, year: long[2]!, month: long[3]!, day: long[4]! }
      : short !== null
        ? { era: short[1]!, year: short[2]!, month: short[4]!, day: short[5]! }
        : undefined
  const era = parts === undefined ? undefined : eraByToken(parts.era)
  if (parts === undefined || era === undefined) {
    return fail(
      "syntax",
      "和暦の日付として読めません（例：令和6年4月1日、R6.4.1、H31/4/30）",
      "Not a Japanese-era date; expected e.g. 令和6年4月1日, R6.4.1 or H31/4/30",
    )
  }
  const eraYear = parts.year === "元" ? 1 : Number(parts.year)
  const month = Number(parts.month)
  const day = Number(parts.day)
  const written = longForm(era, eraYear, month, day)
  if (eraYear === 0) {
    return fail(
      "invalid_date",
      `${written}：和暦の年は1年（元年）から始まります`,
      `${written}: era years start at 1 (元年), there is no year 0`,
    )
  }
  const year = startYearOf(era) + eraYear - 1
  if (month < 1 || month > 12) {
    return fail("invalid_date", `${written}：${month}月は存在しません`, `${written}: there is no month ${month}`)
  }
  const last = daysInMonth(year, month)
  if (day < 1 || day > last) {
    return fail(
      "invalid_date",
      `${written}は存在しません（${year}年${month}月は${last}日までです）`,
      `${written} does not exist: ${englishMonths[month - 1]} ${year} has ${last} days`,
    )
  }
  const iso = isoOf(year, month, day)
  const end = endOf(era)
  if (iso < era.start || (end !== undefined && iso > end)) {
    const actual = eraOn(iso)
    const hintJa = actual === undefined ? "" : `。${iso}は${formatWareki(iso)}です`
    const hintEn = actual === undefined ? "" : `; that day is ${formatWareki(iso)}`
    return iso < era.start
      ? fail(
          "outside_era",
          `${written}（${iso}）は${era.name.ja}の始まり（${era.start}）より前です${hintJa}`,
          `${written} (${iso}) is before the ${era.name.ja} era began on ${era.start}${hintEn}`,
        )
      : fail(
          "outside_era",
          `${written}（${iso}）は${era.name.ja}の終わり（${end}）より後です${hintJa}`,
          `${written} (${iso}) is after the ${era.name.ja} era ended on ${end}${hintEn}`,
        )
  }
  return Result.succeed({ year, month, day })
}

/**
 * 和暦の年度を読む (parse a wareki fiscal year): 令和6年度 / 令和６年度 / R6年度 → 2024. A fiscal year is
 * accepted in every era it overlaps: 平成31年度 and 令和元年度 are both fiscal 2019, while 平成32年度 (after
 * 平成 ended) and 昭和64年度 (昭和 ended before fiscal 1989 began) fail with `"outside_era"`.
 *
 * @since 0.1.0
 * @category wareki
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { parseWarekiFiscalYear } from "@zaitaku/core"
 *
 * Result.getOrThrow(parseWarekiFiscalYear("令和６年度")) // 2024
 * Result.isFailure(parseWarekiFiscalYear("平成32年度")) // true
 * ```
 */
export const parseWarekiFiscalYear = (text: string): Result.Result<FiscalYear, WarekiParseError> => {
  const match = fiscalYearPattern.exec(normalize(text))
  const era = match === null ? undefined : eraByToken(match[1]!)
  if (match === null || era === undefined) {
    return fail(
      "syntax",
      "和暦の年度として読めません（例：令和6年度）",
      "Not a Japanese-era fiscal year; expected e.g. 令和6年度",
    )
  }
  const eraYear = match[2] === "元" ? 1 : Number(match[2])
  const written = `${era.name.ja}${eraYear}年度`
  if (eraYear === 0) {
    return fail(
      "invalid_date",
      `${written}：和暦の年は1年（元年）から始まります`,
      `${written}: era years start at 1 (元年), there is no year 0`,
    )
  }
  const fiscalYear = startYearOf(era) + eraYear - 1
  const range = fiscalYearRange(fiscalYear)
  const end = endOf(era)
  if (end !== undefined && range.start > end) {
    return fail(
      "outside_era",
      `${written}（${fiscalYear}年度）は${era.name.ja}の終わり（${end}）より後です。${formatWarekiFiscalYear(fiscalYear)}です`,
      `${written} would be fiscal ${fiscalYear}, which began after the ${era.name.ja} era ended on ${end}; it is ${formatWarekiFiscalYear(fiscalYear)}`,
    )
  }
  return Result.succeed(fiscalYear)
}
