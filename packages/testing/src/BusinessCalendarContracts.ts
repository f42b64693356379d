/**
 * The `BusinessCalendar` contract: what every source of Japanese holiday data must show — 国民の祝日, 振替休日 and
 * 国民の休日 on their real dates, an explicit coverage with a clear failure outside it, and the business-day
 * operations over any organisation's schedule. Each `it` names one rule.
 *
 * @since 0.1.0
 */
import {
  addCalendarDays,
  BusinessCalendar,
  BusinessSchedule,
  type DateOutsideCalendar,
  type Holiday,
  type HolidayData,
} from "@zaitaku/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { useRuntime } from "./internal/Suite.js"

/**
 * How the suite obtains the calendar under test: a layer, or a function that makes one.
 *
 * @since 0.1.0
 * @category models
 */
export type BusinessCalendarSource =
  | Layer.Layer<BusinessCalendar, unknown>
  | (() => Promise<Layer.Layer<BusinessCalendar, unknown>>)

const holiday = (date: string, ja: string, en: string): Holiday => ({
  date,
  name: { ja, en },
  kind: "national_holiday",
})
const substitute = (date: string): Holiday => ({
  date,
  name: { ja: "振替休日", en: "Substitute holiday" },
  kind: "substitute_holiday",
})
const newYear = (year: number) => holiday(`${year}-01-01`, "元日", "New Year's Day")

/**
 * 国民の祝日 2024–2026 (national holidays of 2024, 2025 and 2026) as published by 内閣府「国民の祝日について」,
 * entered by hand: data for the in-memory calendar, independent of any holiday package, and a cross-check for
 * adapters.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { BusinessCalendar } from "@zaitaku/core"
 * import { japaneseHolidays2024To2026 } from "@zaitaku/testing"
 *
 * const layer = BusinessCalendar.layerMemory(japaneseHolidays2024To2026)
 * ```
 */
export const japaneseHolidays2024To2026: HolidayData = {
  source: "内閣府「国民の祝日について」(2024–2026)",
  coverage: { start: "2024-01-01", end: "2026-12-31" },
  holidays: [
    newYear(2024),
    holiday("2024-01-08", "成人の日", "Coming of Age Day"),
    holiday("2024-02-11", "建国記念の日", "National Foundation Day"),
    substitute("2024-02-12"),
    holiday("2024-02-23", "天皇誕生日", "Emperor's Birthday"),
    holiday("2024-03-20", "春分の日", "Vernal Equinox Day"),
    holiday("2024-04-29", "昭和の日", "Showa Day"),
    holiday("2024-05-03", "憲法記念日", "Constitution Memorial Day"),
    holiday("2024-05-04", "みどりの日", "Greenery Day"),
    holiday("2024-05-05", "こどもの日", "Children's Day"),
    substitute("2024-05-06"),
    holiday("2024-07-15", "海の日", "Marine Day"),
    holiday("2024-08-11", "山の日", "Mountain Day"),
    substitute("2024-08-12"),
    holiday("2024-09-16", "敬老の日", "Respect for the Aged Day"),
    holiday("2024-09-22", "秋分の日", "Autumnal Equinox Day"),
    substitute("2024-09-23"),
    holiday("2024-10-14", "スポーツの日", "Sports Day"),
    holiday("2024-11-03", "文化の日", "Culture Day"),
    substitute("2024-11-04"),
    holiday("2024-11-23", "勤労感謝の日", "Labour Thanksgiving Day"),
    newYear(2025),
    holiday("2025-01-13", "成人の日", "Coming of Age Day"),
    holiday("2025-02-11", "建国記念の日", "National Foundation Day"),
    holiday("2025-02-23", "天皇誕生日", "Emperor's Birthday"),
    substitute("2025-02-24"),
    holiday("2025-03-20", "春分の日", "Vernal Equinox Day"),
    holiday("2025-04-29", "昭和の日", "Showa Day"),
    holiday("2025-05-03", "憲法記念日", "Constitution Memorial Day"),
    holiday("2025-05-04", "みどりの日", "Greenery Day"),
    holiday("2025-05-05", "こどもの日", "Children's Day"),
    substitute("2025-05-06"),
    holiday("2025-07-21", "海の日", "Marine Day"),
    holiday("2025-08-11", "山の日", "Mountain Day"),
    holiday("2025-09-15", "敬老の日", "Respect for the Aged Day"),
    holiday("2025-09-23", "秋分の日", "Autumnal Equinox Day"),
    holiday("2025-10-13", "スポーツの日", "Sports Day"),
    holiday("2025-11-03", "文化の日", "Culture Day"),
    holiday("2025-11-23", "勤労感謝の日", "Labour Thanksgiving Day"),
    substitute("2025-11-24"),
    newYear(2026),
    holiday("2026-01-12", "成人の日", "Coming of Age Day"),
    holiday("2026-02-11", "建国記念の日", "National Foundation Day"),
    holiday("2026-02-23", "天皇誕生日", "Emperor's Birthday"),
    holiday("2026-03-20", "春分の日", "Vernal Equinox Day"),
    holiday("2026-04-29", "昭和の日", "Showa Day"),
    holiday("2026-05-03", "憲法記念日", "Constitution Memorial Day"),
    holiday("2026-05-04", "みどりの日", "Greenery Day"),
    holiday("2026-05-05", "こどもの日", "Children's Day"),
    substitute("2026-05-06"),
    holiday("2026-07-20", "海の日", "Marine Day"),
    holiday("2026-08-11", "山の日", "Mountain Day"),
    holiday("2026-09-21", "敬老の日", "Respect for the Aged Day"),
    { date: "2026-09-22", name: { ja: "国民の休日", en: "Citizens' holiday" }, kind: "citizens_holiday" },
    holiday("2026-09-23", "秋分の日", "Autumnal Equinox Day"),
    holiday("2026-10-12", "スポーツの日", "Sports Day"),
    holiday("2026-11-03", "文化の日", "Culture Day"),
    holiday("2026-11-23", "勤労感謝の日", "Labour Thanksgiving Day"),
  ],
}

const weekdays = (opens: string, closes: string) =>
  (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, periods: [{ opens, closes }] }))

const failureOf = (exit: Exit.Exit<unknown, unknown>): DateOutsideCalendar | undefined =>
  Exit.isFailure(exit) ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as DateOutsideCalendar) : undefined

/**
 * The `BusinessCalendar` contract. The calendar under test must cover at least 2024-01-01 … 2026-12-31 (the
 * suite's real dates); each rule is checked against Japanese holidays as published.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { BusinessCalendar } from "@zaitaku/core"
 * import { businessCalendarSuite, japaneseHolidays2024To2026 } from "@zaitaku/testing"
 *
 * businessCalendarSuite("memory", BusinessCalendar.layerMemory(japaneseHolidays2024To2026))
 * ```
 */
export const businessCalendarSuite = (name: string, source: BusinessCalendarSource): void => {
  describe(`BusinessCalendar contract (${name})`, () => {
    const { run, exit } = useRuntime(source)
    const calendar = Effect.service(BusinessCalendar)

    it("says where its data comes from and covers at least 2024–2026", async () => {
      const { source, coverage } = await run(Effect.map(calendar, (c) => c.holidays))
      expect(source.length).toBeGreaterThan(0)
      expect(coverage.start <= "2024-01-01").toBe(true)
      expect(coverage.end >= "2026-12-31").toBe(true)
    })

    it("knows 国民の祝日, 振替休日 and 国民の休日 by their real dates and kinds", async () => {
      const found = await run(
        Effect.gen(function* () {
          const c = yield* calendar
          const on = (date: string) => Effect.map(c.holiday(date), Option.getOrUndefined)
          return {
            newYear: yield* on("2024-01-01"),
            substitute: yield* on("2024-02-12"),
            citizens: yield* on("2026-09-22"),
            ordinary: yield* on("2024-02-13"),
            sunday: yield* on("2024-07-14"),
          }
        }),
      )
      expect(found.newYear).toMatchObject({ date: "2024-01-01", kind: "national_holiday", name: { ja: "元日" } })
      expect(found.substitute).toMatchObject({ date: "2024-02-12", kind: "substitute_holiday" })
      expect(found.citizens).toMatchObject({ date: "2026-09-22", kind: "citizens_holiday" })
      expect(found.ordinary).toBeUndefined()
      expect(found.sunday).toBeUndefined()
    })

    it("lists every holiday of a month in order, and nothing else", async () => {
      const lists = await run(
        Effect.gen(function* () {
          const c = yield* calendar
          const dates = (start: string, end: string) =>
            Effect.map(c.holidaysBetween({ start, end }), (list) => list.map((h) => h.date))
          return {
            golden: yield* dates("2025-04-28", "2025-05-07"),
            silver: yield* dates("2026-09-01", "2026-09-30"),
            june: yield* dates("2024-06-01", "2024-06-30"),
          }
        }),
      )
      expect(lists.golden).toEqual(["2025-04-29", "2025-05-03", "2025-05-04", "2025-05-05", "2025-05-06"])
      expect(lists.silver).toEqual(["2026-09-21", "2026-09-22", "2026-09-23"])
      expect(lists.june).toEqual([])
    })

    it("agrees with its own data: the holidays a pure function sees are those the effects report", async () => {
      const { data, listed } = await run(
        Effect.gen(function* () {
          const c = yield* calendar
          return {
            data: [...c.holidays.holidays.values()].filter((h) => h.date >= "2024-01-01" && h.date <= "2026-12-31"),
            listed: yield* c.holidaysBetween({ start: "2024-01-01", end: "2026-12-31" }),
          }
        }),
      )
      expect(listed).toEqual(data)
      expect(listed.length).toBe(japaneseHolidays2024To2026.holidays.length)
    })

    it("refuses dates outside its coverage with a bilingual DateOutsideCalendar, never a guess", async () => {
      const { coverage } = await run(Effect.map(calendar, (c) => c.holidays))
      const after = addCalendarDays(coverage.end, 1)
      const lastDay = coverage.end
      const failures = await Promise.all([
        exit(Effect.flatMap(calendar, (c) => c.holiday(after))),
        exit(Effect.flatMap(calendar, (c) => c.isBusinessDay(after))),
        exit(Effect.flatMap(calendar, (c) => c.nextBusinessDay(lastDay))),
        exit(Effect.flatMap(calendar, (c) => c.holidaysBetween({ start: "2024-01-01", end: after }))),
      ])
      for (const failure of failures) {
        const error = failureOf(failure)
        expect(error?._tag).toBe("DateOutsideCalendar")
        expect(error?.date).toBe(after)
        expect(error?.coverage).toEqual(coverage)
        expect(error?.detail.ja).toContain(`${after}の祝日データがありません`)
        expect(error?.detail.en).toContain(`No holiday data for ${after}`)
      }
    })

    it("treats weekends, holidays and 年末年始 as days off under the default schedule", async () => {
      const days = await run(
        Effect.gen(function* () {
          const c = yield* calendar
          const check = (date: string) => c.isBusinessDay(date)
          return {
            friday: yield* check("2024-07-12"),
            saturday: yield* check("2024-07-13"),
            marineDay: yield* check("2024-07-15"),
            substitute: yield* check("2024-02-12"),
            yearEnd: yield* check("2024-12-30"),
            thirdOfJanuary: yield* check("2025-01-03"),
            firstMonday: yield* check("2025-01-06"),
            citizens: yield* check("2026-09-22"),
            yearEndStatus: yield* c.dayStatus("2025-12-29"),
          }
        }),
      )
      expect(days).toMatchObject({
        friday: true,
        saturday: false,
        marineDay: false,
        substitute: false,
        yearEnd: false,
        thirdOfJanuary: false,
        firstMonday: true,
        citizens: false,
      })
      expect(days.yearEndStatus).toEqual({
        date: "2025-12-29",
        businessDay: false,
        reason: "closure",
        closure: "年末年始",
      })
    })

    it("counts business days across Golden Week, Silver Week and 年末年始", async () => {
      const results = await run(
        Effect.gen(function* () {
          const c = yield* calendar
          return {
            afterGolden: yield* c.nextBusinessDay("2025-05-02"),
            afterSilver: yield* c.nextBusinessDay("2026-09-18"),
            afterYearEnd: yield* c.nextBusinessDay("2025-12-26"),
            threeFromFriday: yield* c.addBusinessDays("2024-07-12", 3),
            back: yield* c.addBusinessDays("2025-01-06", -1),
            zero: yield* c.addBusinessDays("2024-07-13", 0),
          }
        }),
      )
      expect(results).toEqual({
        afterGolden: "2025-05-07",
        afterSilver: "2026-09-24",
        afterYearEnd: "2026-01-05",
        threeFromFriday: "2024-07-18",
        back: "2024-12-27",
        zero: "2024-07-13",
      })
    })

    it("follows an organisation's own schedule: Saturday hours, holiday hours, its own closures", async () => {
      const schedule = BusinessSchedule.parse({
        hours: [
          ...weekdays("08:30", "17:15"),
          { day: "sat", periods: [{ opens: "08:30", closes: "12:30" }] },
          { day: "holiday", periods: [{ opens: "09:00", closes: "12:00" }] },
        ],
        annualClosures: [],
        closures: [{ name: "夏季休業", start: "2025-08-13", end: "2025-08-15" }],
      })
      const days = await run(
        Effect.gen(function* () {
          const c = yield* calendar
          return {
            saturday: yield* c.isBusinessDay("2024-07-13", schedule),
            sunday: yield* c.isBusinessDay("2024-07-14", schedule),
            holiday: yield* c.isBusinessDay("2024-07-15", schedule),
            yearEnd: yield* c.isBusinessDay("2024-12-30", schedule),
            summer: yield* c.dayStatus("2025-08-14", schedule),
            afterSummer: yield* c.nextBusinessDay("2025-08-12", schedule),
          }
        }),
      )
      expect(days).toMatchObject({ saturday: true, sunday: false, holiday: true, yearEnd: true })
      expect(days.summer).toMatchObject({ businessDay: false, reason: "closure", closure: "夏季休業" })
      expect(days.afterSummer).toBe("2025-08-16") // Saturday, a business day of this office
    })

    it("applies the after-hours rule: same day, or the next calendar day after closing time or on a day off", async () => {
      const schedule = BusinessSchedule.parse({ hours: weekdays("08:30", "17:30") })
      const due = await run(
        Effect.gen(function* () {
          const c = yield* calendar
          const at = (instant: string | Date) => c.sameDayDeadline(instant, schedule)
          return {
            inHours: yield* at("2024-07-12T10:00:00+09:00"),
            afterHours: yield* at("2024-07-12T18:30:00+09:00"),
            utc: yield* at(new Date("2024-07-12T09:30:00Z")),
            saturday: yield* at("2024-07-13T10:00:00+09:00"),
            holiday: yield* at("2024-07-15T08:00:00+09:00"),
            yearEnd: yield* at("2024-12-31T11:00:00+09:00"),
          }
        }),
      )
      expect(due.inHours).toMatchObject({ dueDate: "2024-07-12", basis: "business_hours" })
      expect(due.afterHours).toMatchObject({ dueDate: "2024-07-13", basis: "after_hours" })
      expect(due.utc).toMatchObject({ dueDate: "2024-07-13", basis: "after_hours", trigger: { time: "18:30" } })
      expect(due.saturday).toMatchObject({ dueDate: "2024-07-14", basis: "non_business_day" })
      expect(due.holiday).toMatchObject({ dueDate: "2024-07-16", basis: "non_business_day" })
      expect(due.yearEnd).toMatchObject({ dueDate: "2025-01-01", basis: "non_business_day" })
    })
  })
}
