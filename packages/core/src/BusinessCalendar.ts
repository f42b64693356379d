/**
 * 営業日カレンダー (business calendar): 国民の祝日 (national holidays, with 振替休日 and 国民の休日), 年末年始 and other
 * closures, and each organisation's business days and hours; with the day arithmetic that coordination rules
 * (入退院調整ルール, 入院時情報連携加算) need.
 *
 * Everything is in Japan time (Asia/Tokyo, UTC+09:00, no daylight saving time), whatever the machine's time zone.
 * A date is a calendar day (`"YYYY-MM-DD"`, see {@link DateInput}); an instant is a `Date` or an ISO 8601 date-time
 * with an offset (`"2024-07-12T18:30:00+09:00"`, see {@link Instant}).
 *
 * Holiday data is never computed here: it comes from a {@link HolidayCalendar}, which an adapter fills from a
 * maintained data source (`@zaitaku/calendar-jp`) and which says which dates it covers. A date outside that
 * coverage is an error ({@link DateOutsideCalendar}), never silently a business day. The pure functions return
 * effect's `Result`; the {@link BusinessCalendar} port offers the same operations as effects.
 *
 * @since 0.1.0
 */
import { Context, Data, Effect, Layer, Option, Result } from "effect"
import * as z from "zod"
import { addLocalizedIssue, decodeSync } from "./Decode.js"
import type { ValidationError } from "./Errors.js"
import { LocalizedText } from "./Label.js"
import { type DateInput, DateRange, IsoDate, toIsoDate } from "./Period.js"
import { type DayOfWeek, type OpeningPeriod, WeeklyHours } from "./Resource.js"

// ---------------------------------------------------------------------------------------------------------------
// Calendar-day arithmetic (no holidays involved)
// ---------------------------------------------------------------------------------------------------------------

const msPerDay = 86_400_000
const tokyoOffsetMs = 9 * 60 * 60 * 1000
const pad2 = (n: number): string => String(n).padStart(2, "0")

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian, time-zone free). */
const dayNumberOf = (date: DateInput): number => {
  const iso = toIsoDate(date)
  const utc = new Date(0)
  utc.setUTCFullYear(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)))
  return Math.round(utc.getTime() / msPerDay)
}

const isoOfDayNumber = (dayNumber: number): IsoDate => {
  const utc = new Date(dayNumber * msPerDay)
  const year = utc.getUTCFullYear()
  if (year < 1 || year > 9999) throw new RangeError(`Date outside years 1-9999 (day ${dayNumber})`)
  return `${String(year).padStart(4, "0")}-${pad2(utc.getUTCMonth() + 1)}-${pad2(utc.getUTCDate())}`
}

const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const

/**
 * 曜日 (day of the week) of a calendar date: {@link DayOfWeek} without `holiday`.
 *
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import type { Weekday } from "@zaitaku/core"
 *
 * const weekend: ReadonlyArray<Weekday> = ["sat", "sun"]
 * ```
 */
export type Weekday = Exclude<DayOfWeek, "holiday">

/**
 * 曜日 (day of the week) of a date.
 *
 * @throws RangeError if the input is not an existing date (see `toPlainDate`).
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import { weekdayOf } from "@zaitaku/core"
 *
 * weekdayOf("2024-07-12") // "fri"
 * ```
 */
export const weekdayOf = (date: DateInput): Weekday => weekdays[new Date(dayNumberOf(date) * msPerDay).getUTCDay()]!

/**
 * 暦日加算 (add calendar days): the date `days` calendar days after `date` (before it when negative). Holidays and
 * closures play no part: "7日以内" style deadlines count every day.
 *
 * @throws RangeError if the input is not an existing date or the result falls outside years 1–9999.
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import { addCalendarDays } from "@zaitaku/core"
 *
 * addCalendarDays("2024-02-28", 2) // "2024-03-01"
 * addCalendarDays("2025-01-03", -7) // "2024-12-27"
 * ```
 */
export const addCalendarDays = (date: DateInput, days: number): IsoDate => {
  if (!Number.isInteger(days)) throw new RangeError(`A number of days must be an integer, got ${days}`)
  return isoOfDayNumber(dayNumberOf(date) + days)
}

/**
 * 日数 (days between): calendar days from `from` to `to` (negative when `to` is earlier); a date and the next
 * day are 1 apart.
 *
 * @throws RangeError if an input is not an existing date.
 * @since 0.1.0
 * @category dates
 * @example
 * ```ts
 * import { calendarDaysBetween } from "@zaitaku/core"
 *
 * calendarDaysBetween("2024-12-27", "2025-01-06") // 10
 * ```
 */
export const calendarDaysBetween = (from: DateInput, to: DateInput): number => dayNumberOf(to) - dayNumberOf(from)

// ---------------------------------------------------------------------------------------------------------------
// Instants in Japan time
// ---------------------------------------------------------------------------------------------------------------

/**
 * 日時 (instant): an ISO 8601 date-time with seconds and an explicit offset or `Z`
 * (`"2024-07-12T18:30:00+09:00"`, `"2024-07-12T09:30:00Z"`). A date-time without an offset is rejected: it would
 * name a different moment on every machine.
 *
 * @since 0.1.0
 * @category instants
 * @example
 * ```ts
 * import { Instant } from "@zaitaku/core"
 *
 * Instant.safeParse("2024-07-12T18:30:00+09:00").success // true
 * Instant.safeParse("2024-07-12T18:30:00").success // false
 * ```
 */
export const Instant = z.iso.datetime({ offset: true })
/** @since 0.1.0 @category instants */
export type Instant = z.infer<typeof Instant>

/**
 * An instant as accepted by this module: an {@link Instant} string or a `Date`.
 *
 * @since 0.1.0
 * @category instants
 * @example
 * ```ts
 * import type { InstantInput } from "@zaitaku/core"
 *
 * const admittedAt: InstantInput = "2024-07-12T18:30:00+09:00"
 * ```
 */
export type InstantInput = Instant | Date

/**
 * 日本時間の日時 (Japan-time date and time) of an instant: the calendar date and the wall-clock time in Asia/Tokyo.
 *
 * @since 0.1.0
 * @category instants
 * @example
 * ```ts
 * import type { TokyoDateTime } from "@zaitaku/core"
 *
 * const friday: TokyoDateTime = { date: "2024-07-12", time: "18:30", msOfDay: 66_600_000 }
 * ```
 */
export interface TokyoDateTime {
  /** The calendar date in Japan. */
  readonly date: IsoDate
  /** The wall-clock time `HH:MM` in Japan (seconds dropped). */
  readonly time: string
  /** Milliseconds since midnight in Japan, for exact comparisons with business hours. */
  readonly msOfDay: number
}

/**
 * 日本時間に変換 (to Japan time): the Asia/Tokyo date and time of an instant.
 *
 * @throws RangeError for an invalid `Date` or a string that is not an {@link Instant}.
 * @since 0.1.0
 * @category instants
 * @example
 * ```ts
 * import { tokyoDateTimeOf } from "@zaitaku/core"
 *
 * tokyoDateTimeOf("2024-07-12T15:30:00Z") // { date: "2024-07-13", time: "00:30", msOfDay: 1_800_000 }
 * ```
 */
export const tokyoDateTimeOf = (instant: InstantInput): TokyoDateTime => {
  if (typeof instant === "string" && !Instant.safeParse(instant).success) {
    throw new RangeError(`Expected an ISO 8601 date-time with an offset, got ${JSON.stringify(instant)}`)
  }
  const time = (typeof instant === "string" ? new Date(instant) : instant).getTime()
  if (Number.isNaN(time)) throw new RangeError("Invalid Date")
  const local = time + tokyoOffsetMs
  const dayNumber = Math.floor(local / msPerDay)
  const msOfDay = local - dayNumber * msPerDay
  const minutes = Math.floor(msOfDay / 60_000)
  return { date: isoOfDayNumber(dayNumber), time: `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`, msOfDay }
}

// ---------------------------------------------------------------------------------------------------------------
// Holidays
// ---------------------------------------------------------------------------------------------------------------

/**
 * 休日の種類 (kind of holiday) under 国民の祝日に関する法律: `national_holiday` (国民の祝日, including days a special
 * law treats as one, such as 2019-05-01), `substitute_holiday` (振替休日, 第3条第2項) and `citizens_holiday`
 * (国民の休日, a day between two 祝日, 第3条第3項).
 *
 * @since 0.1.0
 * @category holidays
 * @example
 * ```ts
 * import { HolidayKind } from "@zaitaku/core"
 *
 * HolidayKind.options // ["national_holiday", "substitute_holiday", "citizens_holiday"]
 * ```
 */
export const HolidayKind = z.enum(["national_holiday", "substitute_holiday", "citizens_holiday"])
/** @since 0.1.0 @category holidays */
export type HolidayKind = z.infer<typeof HolidayKind>

/**
 * Japanese and English labels of each {@link HolidayKind}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { holidayKindLabels } from "@zaitaku/core"
 *
 * holidayKindLabels.substitute_holiday.ja // "振替休日"
 * ```
 */
export const holidayKindLabels: Readonly<Record<HolidayKind, LocalizedText>> = {
  national_holiday: { ja: "国民の祝日", en: "National holiday" },
  substitute_holiday: { ja: "振替休日", en: "Substitute holiday" },
  citizens_holiday: { ja: "国民の休日", en: "Citizens' holiday" },
}

/**
 * 休日 (a public holiday): its date, name and kind.
 *
 * @since 0.1.0
 * @category holidays
 * @example
 * ```ts
 * import { Holiday } from "@zaitaku/core"
 *
 * Holiday.parse({ date: "2024-02-12", name: { ja: "振替休日", en: "Substitute holiday" }, kind: "substitute_holiday" })
 * ```
 */
export const Holiday = z.object({ date: IsoDate, name: LocalizedText, kind: HolidayKind })
/** @since 0.1.0 @category holidays */
export type Holiday = z.infer<typeof Holiday>

/**
 * 祝日データ (holiday data) as given to {@link makeHolidayCalendar}: where it comes from, the dates it covers (every
 * holiday in that range is listed, and only those), and the holidays. Checked: the range is in order, every
 * holiday lies inside it, and no date is listed twice.
 *
 * @since 0.1.0
 * @category holidays
 * @example
 * ```ts
 * import { HolidayData } from "@zaitaku/core"
 *
 * HolidayData.parse({
 *   source: "内閣府「国民の祝日について」2024",
 *   coverage: { start: "2024-01-01", end: "2024-01-31" },
 *   holidays: [
 *     { date: "2024-01-01", name: { ja: "元日", en: "New Year's Day" }, kind: "national_holiday" },
 *     { date: "2024-01-08", name: { ja: "成人の日", en: "Coming of Age Day" }, kind: "national_holiday" },
 *   ],
 * })
 * ```
 */
export const HolidayData = z
  .object({ source: z.string().min(1), coverage: DateRange, holidays: z.array(Holiday) })
  .superRefine((data, ctx) => {
    const { start, end } = data.coverage
    if (start > end) {
      addLocalizedIssue(
        ctx,
        ["coverage", "end"],
        `収録範囲の終了日（${end}）が開始日（${start}）より前です`,
        `The coverage ends (${end}) before it starts (${start})`,
        "range_order",
      )
    }
    const seen = new Set<string>()
    data.holidays.forEach((holiday, index) => {
      if (holiday.date < start || holiday.date > end) {
        addLocalizedIssue(
          ctx,
          ["holidays", index, "date"],
          `${holiday.date}は収録範囲（${start}〜${end}）の外です`,
          `${holiday.date} lies outside the coverage ${start} to ${end}`,
          "outside_coverage",
        )
      }
      if (seen.has(holiday.date)) {
        addLocalizedIssue(
          ctx,
          ["holidays", index, "date"],
          `${holiday.date}が2回登録されています`,
          `${holiday.date} is listed twice`,
          "duplicate_date",
        )
      }
      seen.add(holiday.date)
    })
  })
/** @since 0.1.0 @category holidays */
export type HolidayData = z.infer<typeof HolidayData>

/**
 * 祝日表 (holiday calendar): checked {@link HolidayData} indexed by date, the input of every pure function here.
 * Build it with {@link makeHolidayCalendar}.
 *
 * @since 0.1.0
 * @category holidays
 * @example
 * ```ts
 * import type { HolidayCalendar } from "@zaitaku/core"
 *
 * const describe = (calendar: HolidayCalendar) => `${calendar.source}: ${calendar.coverage.start}–${calendar.coverage.end}`
 * ```
 */
export interface HolidayCalendar {
  /** Where the data comes from (package and version, or document), for explanations and errors. */
  readonly source: string
  /** The dates the data covers, both ends inclusive. */
  readonly coverage: DateRange
  /** The holidays inside the coverage, by date. */
  readonly holidays: ReadonlyMap<IsoDate, Holiday>
}

/**
 * 祝日表を作る (make a holiday calendar) from untrusted {@link HolidayData}; fails with a `ValidationError` naming
 * each bad entry.
 *
 * @since 0.1.0
 * @category holidays
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { makeHolidayCalendar } from "@zaitaku/core"
 *
 * const calendar = makeHolidayCalendar({ source: "test", coverage: { start: "2024-01-01", end: "2024-12-31" }, holidays: [] })
 * Result.isSuccess(calendar) // true
 * ```
 */
export const makeHolidayCalendar = (data: unknown): Result.Result<HolidayCalendar, ValidationError> =>
  Result.map(decodeSync(HolidayData, "holiday data")(data), (checked) => ({
    source: checked.source,
    coverage: checked.coverage,
    holidays: new Map(
      [...checked.holidays].sort((a, b) => (a.date < b.date ? -1 : 1)).map((holiday) => [holiday.date, holiday]),
    ),
  }))

/**
 * 祝日データの範囲外 (date outside the holiday data): the calendar cannot say whether this date is a holiday, so it
 * refuses to treat it as a business day. Extend the data (a newer adapter version) or narrow the question.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { DateOutsideCalendar } from "@zaitaku/core"
 *
 * const error = new DateOutsideCalendar({ date: "2051-01-04", coverage: { start: "1970-01-01", end: "2050-12-31" }, source: "holidays" })
 * error.detail.ja // "2051-01-04の祝日データがありません（holidaysの収録範囲は1970-01-01〜2050-12-31）…"
 * ```
 */
export class DateOutsideCalendar extends Data.TaggedError("DateOutsideCalendar")<{
  readonly date: IsoDate
  readonly coverage: DateRange
  readonly source: string
}> {
  /** The explanation in Japanese and English. */
  get detail(): LocalizedText {
    const { start, end } = this.coverage
    return {
      ja: `${this.date}の祝日データがありません（${this.source}の収録範囲は${start}〜${end}）。範囲外の日は営業日か判断できないため計算できません`,
      en: `No holiday data for ${this.date}: ${this.source} covers ${start} to ${end}, so whether that day is a business day is unknown`,
    }
  }
  override get message(): string {
    return this.detail.en
  }
}

/**
 * 祝日か (the holiday on a date): the {@link Holiday}, `undefined` on an ordinary day, or a
 * {@link DateOutsideCalendar} failure when the data does not cover the date.
 *
 * @throws RangeError if the input is not an existing date.
 * @since 0.1.0
 * @category holidays
 * @example
 * ```ts
 * import { holidayOn, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const calendar: HolidayCalendar
 * holidayOn(calendar, "2024-02-12") // Result.succeed({ date: "2024-02-12", kind: "substitute_holiday", … })
 * ```
 */
export const holidayOn = (
  calendar: HolidayCalendar,
  date: DateInput,
): Result.Result<Holiday | undefined, DateOutsideCalendar> => {
  const iso = toIsoDate(date)
  if (iso < calendar.coverage.start || iso > calendar.coverage.end) {
    return Result.fail(new DateOutsideCalendar({ date: iso, coverage: calendar.coverage, source: calendar.source }))
  }
  return Result.succeed(calendar.holidays.get(iso))
}

/**
 * 期間内の祝日 (holidays in a range), in date order; fails when the range is not entirely covered.
 *
 * @since 0.1.0
 * @category holidays
 * @example
 * ```ts
 * import { holidaysBetween, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const calendar: HolidayCalendar
 * holidaysBetween(calendar, { start: "2026-09-01", end: "2026-09-30" }) // 09-21 敬老の日, 09-22 国民の休日, 09-23 秋分の日
 * ```
 */
export const holidaysBetween = (
  calendar: HolidayCalendar,
  range: DateRange,
): Result.Result<ReadonlyArray<Holiday>, DateOutsideCalendar> => {
  const start = toIsoDate(range.start)
  const end = toIsoDate(range.end)
  for (const edge of [start, end]) {
    if (edge < calendar.coverage.start || edge > calendar.coverage.end) {
      return Result.fail(new DateOutsideCalendar({ date: edge, coverage: calendar.coverage, source: calendar.source }))
    }
  }
  return Result.succeed([...calendar.holidays.values()].filter((h) => h.date >= start && h.date <= end))
}

// ---------------------------------------------------------------------------------------------------------------
// Business schedules (per organisation)
// ---------------------------------------------------------------------------------------------------------------

const monthDayPattern = /^(\d{2})-(\d{2})$/
const daysInMonthOfLeapYear = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * 月日 (month and day) `"MM-DD"` of a yearly date; `"02-29"` is allowed and matches leap years only.
 *
 * @since 0.1.0
 * @category schedules
 * @example
 * ```ts
 * import { MonthDay } from "@zaitaku/core"
 *
 * MonthDay.safeParse("12-29").success // true
 * MonthDay.safeParse("02-30").success // false
 * ```
 */
export const MonthDay = z.string().superRefine((text, ctx) => {
  const match = monthDayPattern.exec(text)
  const month = Number(match?.[1])
  const day = Number(match?.[2])
  if (match === null || month < 1 || month > 12 || day < 1 || day > daysInMonthOfLeapYear[month - 1]!) {
    ctx.addIssue({
      code: "custom",
      message: `Expected a month and day written MM-DD, got ${JSON.stringify(text)}`,
      params: { ja: "月日をMM-DD形式で入力してください", code: "invalid_month_day" },
      input: text,
    })
  }
})
/** @since 0.1.0 @category schedules */
export type MonthDay = z.infer<typeof MonthDay>

/**
 * 毎年の休業期間 (yearly closure) such as 年末年始 or お盆休み: from `from` to `to` inclusive, every year; a period
 * whose `to` comes before `from` runs across the new year (`12-29` to `01-03`).
 *
 * @since 0.1.0
 * @category schedules
 * @example
 * ```ts
 * import { AnnualClosure } from "@zaitaku/core"
 *
 * AnnualClosure.parse({ name: "お盆休み", from: "08-13", to: "08-16" })
 * ```
 */
export const AnnualClosure = z.object({ name: z.string().min(1).max(100), from: MonthDay, to: MonthDay })
/** @since 0.1.0 @category schedules */
export type AnnualClosure = z.infer<typeof AnnualClosure>

/**
 * 年末年始 (year-end holidays) 12月29日〜1月3日, the default yearly closure of a {@link BusinessSchedule}: the days
 * 行政機関の休日に関する法律 (第1条第1項第3号) makes holidays of public offices, and the common practice of care
 * offices. An organisation with other dates replaces it.
 *
 * @since 0.1.0
 * @category schedules
 * @example
 * ```ts
 * import { yearEndClosure } from "@zaitaku/core"
 *
 * yearEndClosure // { name: "年末年始", from: "12-29", to: "01-03" }
 * ```
 */
export const yearEndClosure: AnnualClosure = { name: "年末年始", from: "12-29", to: "01-03" }

/**
 * 臨時休業 (one-off closure): the dates from `start` to `end`, both inclusive (研修日, 移転, 災害).
 *
 * @since 0.1.0
 * @category schedules
 * @example
 * ```ts
 * import { Closure } from "@zaitaku/core"
 *
 * Closure.parse({ name: "事務所移転", start: "2025-03-28", end: "2025-03-31" })
 * ```
 */
export const Closure = z
  .object({ name: z.string().min(1).max(100), start: IsoDate, end: IsoDate })
  .superRefine((closure, ctx) => {
    if (closure.end < closure.start) {
      addLocalizedIssue(
        ctx,
        ["end"],
        `終了日（${closure.end}）は開始日（${closure.start}）以降にしてください`,
        `The end (${closure.end}) must not precede the start (${closure.start})`,
        "range_order",
      )
    }
  })
/** @since 0.1.0 @category schedules */
export type Closure = z.infer<typeof Closure>

/**
 * 営業日・営業時間 (business schedule) of one organisation (居宅介護支援事業所, 病院の地域連携室, 地域包括支援センター):
 *
 * - `hours`: weekly {@link WeeklyHours}; a weekday without an entry is not a business day. An entry for `holiday`
 *   makes 国民の祝日 business days with those hours; without it, holidays are days off.
 * - `annualClosures`: yearly closures; 年末年始 12/29–1/3 ({@link yearEndClosure}) when omitted, none with `[]`.
 * - `closures`: one-off closures.
 *
 * A closure wins over everything; then a holiday; then the weekday's hours. At least one weekday must have hours.
 *
 * @since 0.1.0
 * @category schedules
 * @example
 * ```ts
 * import { BusinessSchedule } from "@zaitaku/core"
 *
 * const office = BusinessSchedule.parse({
 *   hours: ["mon", "tue", "wed", "thu", "fri"].map((day) => ({ day, periods: [{ opens: "08:30", closes: "17:30" }] })),
 * })
 * office.annualClosures // [{ name: "年末年始", from: "12-29", to: "01-03" }]
 * ```
 */
export const BusinessSchedule = z
  .object({
    hours: WeeklyHours,
    annualClosures: z.array(AnnualClosure).default([yearEndClosure]),
    closures: z.array(Closure).default([]),
  })
  .superRefine((schedule, ctx) => {
    if (!schedule.hours.some((entry) => entry.day !== "holiday")) {
      addLocalizedIssue(
        ctx,
        ["hours"],
        "営業する曜日を少なくとも1つ入力してください",
        "At least one weekday must have business hours",
        "no_business_day",
      )
    }
  })
/** @since 0.1.0 @category schedules */
export type BusinessSchedule = z.infer<typeof BusinessSchedule>
/** @since 0.1.0 @category schedules */
export type BusinessScheduleInput = z.input<typeof BusinessSchedule>

/**
 * 標準の営業日 (default business schedule): Monday to Friday 09:00–17:00, closed on 国民の祝日 and 年末年始. Used when
 * an organisation has recorded no schedule of its own; every organisation should record its own hours, because
 * deadlines such as the after-hours rule of {@link sameDayDeadline} depend on them.
 *
 * @since 0.1.0
 * @category schedules
 * @example
 * ```ts
 * import { defaultBusinessSchedule } from "@zaitaku/core"
 *
 * defaultBusinessSchedule.hours.map((h) => h.day) // ["mon", "tue", "wed", "thu", "fri"]
 * ```
 */
export const defaultBusinessSchedule: BusinessSchedule = BusinessSchedule.parse({
  hours: (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({
    day,
    periods: [{ opens: "09:00", closes: "17:00" }],
  })),
})

// ---------------------------------------------------------------------------------------------------------------
// Business days
// ---------------------------------------------------------------------------------------------------------------

/**
 * 営業日判定 (status of a day) for one organisation: a business day with its hours, or a day off with the reason
 * (`closure` — a yearly or one-off closure; `holiday` — a 祝日 without holiday hours; `day_off` — a weekday without
 * hours). `holiday` is set whenever the date is a holiday, also on a business day.
 *
 * @since 0.1.0
 * @category business days
 * @example
 * ```ts
 * import type { DayStatus } from "@zaitaku/core"
 *
 * const status: DayStatus = { date: "2024-12-30", businessDay: false, reason: "closure", closure: "年末年始" }
 * ```
 */
export type DayStatus =
  | {
      readonly date: IsoDate
      readonly businessDay: true
      readonly hours: ReadonlyArray<OpeningPeriod>
      readonly holiday?: Holiday
    }
  | {
      readonly date: IsoDate
      readonly businessDay: false
      readonly reason: "closure" | "holiday" | "day_off"
      readonly holiday?: Holiday
      /** The name of the closure, when `reason` is `closure`. */
      readonly closure?: string
    }

const inAnnualClosure = (iso: IsoDate, closure: AnnualClosure): boolean => {
  const monthDay = iso.slice(5)
  return closure.from <= closure.to
    ? monthDay >= closure.from && monthDay <= closure.to
    : monthDay >= closure.from || monthDay <= closure.to
}

const closureOn = (schedule: BusinessSchedule, iso: IsoDate): string | undefined =>
  schedule.closures.find((closure) => iso >= closure.start && iso <= closure.end)?.name ??
  schedule.annualClosures.find((closure) => inAnnualClosure(iso, closure))?.name

const statusOf = (schedule: BusinessSchedule, iso: IsoDate, holiday: Holiday | undefined): DayStatus => {
  const withHoliday = holiday === undefined ? {} : { holiday }
  const closure = closureOn(schedule, iso)
  if (closure !== undefined) return { date: iso, businessDay: false, reason: "closure", closure, ...withHoliday }
  const day: DayOfWeek = holiday === undefined ? weekdayOf(iso) : "holiday"
  const hours = schedule.hours.find((entry) => entry.day === day)
  if (hours === undefined) {
    return { date: iso, businessDay: false, reason: holiday === undefined ? "day_off" : "holiday", ...withHoliday }
  }
  return { date: iso, businessDay: true, hours: hours.periods, ...withHoliday }
}

/**
 * 営業日判定 (status of a day): whether `date` is a business day of the organisation with `schedule`, and why.
 *
 * @throws RangeError if the input is not an existing date.
 * @since 0.1.0
 * @category business days
 * @example
 * ```ts
 * import { dayStatus, defaultBusinessSchedule, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const calendar: HolidayCalendar
 * dayStatus(calendar, defaultBusinessSchedule, "2024-12-30") // { businessDay: false, reason: "closure", closure: "年末年始", … }
 * ```
 */
export const dayStatus = (
  calendar: HolidayCalendar,
  schedule: BusinessSchedule,
  date: DateInput,
): Result.Result<DayStatus, DateOutsideCalendar> => {
  const iso = toIsoDate(date)
  return Result.map(holidayOn(calendar, iso), (holiday) => statusOf(schedule, iso, holiday))
}

/**
 * 営業日か (is a business day): `true` when the organisation works on `date` (see {@link dayStatus}).
 *
 * @throws RangeError if the input is not an existing date.
 * @since 0.1.0
 * @category business days
 * @example
 * ```ts
 * import { defaultBusinessSchedule, isBusinessDay, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const calendar: HolidayCalendar
 * isBusinessDay(calendar, defaultBusinessSchedule, "2024-02-12") // Result.succeed(false): 振替休日
 * ```
 */
export const isBusinessDay = (
  calendar: HolidayCalendar,
  schedule: BusinessSchedule,
  date: DateInput,
): Result.Result<boolean, DateOutsideCalendar> =>
  Result.map(dayStatus(calendar, schedule, date), (status) => status.businessDay)

/** Steps one day at a time in `direction` until `count` business days have been passed. */
const stepBusinessDays = (
  calendar: HolidayCalendar,
  schedule: BusinessSchedule,
  date: DateInput,
  count: number,
  direction: 1 | -1,
): Result.Result<IsoDate, DateOutsideCalendar> => {
  let dayNumber = dayNumberOf(date)
  let remaining = count
  while (remaining > 0) {
    dayNumber += direction
    const status = isBusinessDay(calendar, schedule, isoOfDayNumber(dayNumber))
    if (Result.isFailure(status)) return Result.fail(status.failure)
    if (status.success) remaining--
  }
  return Result.succeed(isoOfDayNumber(dayNumber))
}

/**
 * 翌営業日 (next business day): the first business day strictly after `date`. Fails with
 * {@link DateOutsideCalendar} if the search leaves the holiday data.
 *
 * @throws RangeError if the input is not an existing date.
 * @since 0.1.0
 * @category business days
 * @example
 * ```ts
 * import { defaultBusinessSchedule, nextBusinessDay, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const calendar: HolidayCalendar
 * nextBusinessDay(calendar, defaultBusinessSchedule, "2024-12-27") // Result.succeed("2025-01-06")
 * ```
 */
export const nextBusinessDay = (
  calendar: HolidayCalendar,
  schedule: BusinessSchedule,
  date: DateInput,
): Result.Result<IsoDate, DateOutsideCalendar> => stepBusinessDays(calendar, schedule, date, 1, 1)

/**
 * 営業日加算 (add business days): for `days` ≥ 1, the `days`-th business day strictly after `date` (so from a
 * Saturday, 1 business day is the Monday); for `days` ≤ -1, the `|days|`-th business day strictly before it; for 0,
 * `date` itself. The result of a non-zero count is always a business day, and it grows strictly with `days`.
 *
 * @throws RangeError if `days` is not an integer or the input is not an existing date.
 * @since 0.1.0
 * @category business days
 * @example
 * ```ts
 * import { addBusinessDays, defaultBusinessSchedule, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const calendar: HolidayCalendar
 * addBusinessDays(calendar, defaultBusinessSchedule, "2024-07-12", 1) // Result.succeed("2024-07-16"): 07-15 is 海の日
 * ```
 */
export const addBusinessDays = (
  calendar: HolidayCalendar,
  schedule: BusinessSchedule,
  date: DateInput,
  days: number,
): Result.Result<IsoDate, DateOutsideCalendar> => {
  if (!Number.isInteger(days)) throw new RangeError(`A number of business days must be an integer, got ${days}`)
  return stepBusinessDays(calendar, schedule, date, Math.abs(days), days < 0 ? -1 : 1)
}

// ---------------------------------------------------------------------------------------------------------------
// The after-hours rule
// ---------------------------------------------------------------------------------------------------------------

const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/**
 * Why a same-day deadline falls where it does: `business_hours` — the trigger came on a business day before its
 * closing time, so the day itself; `after_hours` — at or after the day's last closing time, so the next day is
 * included; `non_business_day` — on a day off, so the next day is included.
 *
 * @since 0.1.0
 * @category deadlines
 * @example
 * ```ts
 * import type { SameDayBasis } from "@zaitaku/core"
 *
 * const basis: SameDayBasis = "after_hours"
 * ```
 */
export type SameDayBasis = "business_hours" | "after_hours" | "non_business_day"

/**
 * The result of {@link sameDayDeadline}: the trigger in Japan time, the status of its day, the last day on which
 * the action is on time, and why.
 *
 * @since 0.1.0
 * @category deadlines
 * @example
 * ```ts
 * import type { SameDayDeadline } from "@zaitaku/core"
 *
 * const explain = (d: SameDayDeadline) => `${d.trigger.date} ${d.trigger.time} → ${d.dueDate} (${d.basis})`
 * ```
 */
export interface SameDayDeadline {
  readonly trigger: TokyoDateTime
  readonly triggerDay: DayStatus
  /** The last calendar day (inclusive) on which the action is on time. */
  readonly dueDate: IsoDate
  readonly basis: SameDayBasis
}

/**
 * 当日中（営業時間外は翌日を含む）(same day, the next day included after hours): the deadline of 入院時情報連携加算(Ⅰ)
 * from 2024-04 — 「入院した日のうちに…情報を提供していること（営業時間終了後又は営業日以外の日に入院した場合は、入院日の翌日を
 * 含む）」 (令和6年度介護報酬改定; wording as quoted in REFERENCE.md §2.3 from kaigo.intertrust.jp and fukushi-net.net,
 * evidence grade [S]). The business hours and days are those of the organisation that must act (for this 加算, the
 * 居宅介護支援事業所), given as `schedule`.
 *
 * The reading implemented, and why:
 *
 * - 「翌日」 is the **calendar day after the trigger day** (入院日の翌日), whether or not the organisation works on it.
 *   The text says 入院日の翌日, not 翌営業日; where the same revision means a business day it says so (加算(Ⅱ):
 *   「入院日から起算して3日目が営業日でない場合は、その翌日を含む」). So a Friday 18:30 admission is due on Saturday even
 *   when the office is closed on Saturday; an office that can only act on Monday falls to 加算(Ⅱ).
 * - 「営業時間終了後」 is at or after the **last closing time** of that day (a lunch break is not 終了後); a trigger
 *   before opening on a business day is still that day's (the office has the whole day).
 * - 「営業日以外の日」 is any day that is not a business day of the organisation ({@link dayStatus}: weekly day off,
 *   holiday, 年末年始 or another closure).
 * - Information given before the trigger (入院日以前の情報提供) also counts; that is for the caller comparing the
 *   action's time with this deadline, which has only an end.
 *
 * @throws RangeError for an instant that is not valid.
 * @since 0.1.0
 * @category deadlines
 * @example
 * ```ts
 * import { defaultBusinessSchedule, sameDayDeadline, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const calendar: HolidayCalendar
 * // Friday 18:30, after the 17:00 closing time: the next (calendar) day is included
 * sameDayDeadline(calendar, defaultBusinessSchedule, "2024-07-12T18:30:00+09:00") // dueDate "2024-07-13", basis "after_hours"
 * ```
 */
export const sameDayDeadline = (
  calendar: HolidayCalendar,
  schedule: BusinessSchedule,
  instant: InstantInput,
): Result.Result<SameDayDeadline, DateOutsideCalendar> => {
  const trigger = tokyoDateTimeOf(instant)
  return Result.map(dayStatus(calendar, schedule, trigger.date), (triggerDay): SameDayDeadline => {
    if (!triggerDay.businessDay) {
      return { trigger, triggerDay, dueDate: addCalendarDays(trigger.date, 1), basis: "non_business_day" }
    }
    const lastClose = Math.max(...triggerDay.hours.map((period) => minutesOf(period.closes)))
    return trigger.msOfDay >= lastClose * 60_000
      ? { trigger, triggerDay, dueDate: addCalendarDays(trigger.date, 1), basis: "after_hours" }
      : { trigger, triggerDay, dueDate: trigger.date, basis: "business_hours" }
  })
}

// ---------------------------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------------------------

/**
 * The `BusinessCalendar` port (営業日カレンダー): holiday data for Japan and the business-day operations over it, for
 * any organisation's {@link BusinessSchedule} ({@link defaultBusinessSchedule} when omitted). Adapters differ only
 * in where the holiday data comes from; every operation behaves as the pure function of the same name on
 * the port's `holidays`, which pure code (the coordination engine) can use directly.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { BusinessCalendar } from "@zaitaku/core"
 *
 * const program = Effect.flatMap(Effect.service(BusinessCalendar), (calendar) => calendar.nextBusinessDay("2024-12-27"))
 * const layer = BusinessCalendar.layerMemory({ source: "test", coverage: { start: "2024-12-01", end: "2025-01-31" }, holidays: [] })
 * Effect.runSync(Effect.provide(program, layer)) // "2025-01-06": 12/29–1/3 are 年末年始
 * ```
 */
export class BusinessCalendar extends Context.Service<
  BusinessCalendar,
  {
    /** The holiday data, for pure functions ({@link sameDayDeadline} …) and the coordination engine. */
    readonly holidays: HolidayCalendar
    /** The holiday on a date, if any. */
    holiday(date: DateInput): Effect.Effect<Option.Option<Holiday>, DateOutsideCalendar>
    /** The holidays in a range, in date order. */
    holidaysBetween(range: DateRange): Effect.Effect<ReadonlyArray<Holiday>, DateOutsideCalendar>
    /** Whether and why a date is a business day ({@link dayStatus}). */
    dayStatus(date: DateInput, schedule?: BusinessSchedule): Effect.Effect<DayStatus, DateOutsideCalendar>
    /** Whether a date is a business day ({@link isBusinessDay}). */
    isBusinessDay(date: DateInput, schedule?: BusinessSchedule): Effect.Effect<boolean, DateOutsideCalendar>
    /** The first business day after a date ({@link nextBusinessDay}). */
    nextBusinessDay(date: DateInput, schedule?: BusinessSchedule): Effect.Effect<IsoDate, DateOutsideCalendar>
    /** The date N business days after (or before) a date ({@link addBusinessDays}). */
    addBusinessDays(
      date: DateInput,
      days: number,
      schedule?: BusinessSchedule,
    ): Effect.Effect<IsoDate, DateOutsideCalendar>
    /** Same day, the next day included after hours or on a day off ({@link sameDayDeadline}). */
    sameDayDeadline(
      instant: InstantInput,
      schedule?: BusinessSchedule,
    ): Effect.Effect<SameDayDeadline, DateOutsideCalendar>
  }
>()("@zaitaku/core/BusinessCalendar") {
  /**
   * The port's operations over a {@link HolidayCalendar}: what every adapter provides, with its own data.
   *
   * @since 0.1.0
   */
  static readonly make = (holidays: HolidayCalendar): BusinessCalendar["Service"] => {
    const run = <A>(f: () => Result.Result<A, DateOutsideCalendar>) => Effect.suspend(() => Effect.fromResult(f()))
    return BusinessCalendar.of({
      holidays,
      holiday: (date) => run(() => Result.map(holidayOn(holidays, date), Option.fromUndefinedOr)),
      holidaysBetween: (range) => run(() => holidaysBetween(holidays, range)),
      dayStatus: (date, schedule = defaultBusinessSchedule) => run(() => dayStatus(holidays, schedule, date)),
      isBusinessDay: (date, schedule = defaultBusinessSchedule) => run(() => isBusinessDay(holidays, schedule, date)),
      nextBusinessDay: (date, schedule = defaultBusinessSchedule) =>
        run(() => nextBusinessDay(holidays, schedule, date)),
      addBusinessDays: (date, days, schedule = defaultBusinessSchedule) =>
        run(() => addBusinessDays(holidays, schedule, date, days)),
      sameDayDeadline: (instant, schedule = defaultBusinessSchedule) =>
        run(() => sameDayDeadline(holidays, schedule, instant)),
    })
  }

  /**
   * In-memory calendar fed with the given {@link HolidayData} (the reference behaviour for the contract suite);
   * fails to build with a `ValidationError` when the data is inconsistent.
   *
   * @since 0.1.0
   */
  static readonly layerMemory = (data: unknown): Layer.Layer<BusinessCalendar, ValidationError> =>
    Layer.effect(
      BusinessCalendar,
      Effect.map(Effect.fromResult(makeHolidayCalendar(data)), (holidays) => BusinessCalendar.make(holidays)),
    )
}
