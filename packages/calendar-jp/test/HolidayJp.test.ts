import {
  addBusinessDays,
  BusinessCalendar,
  type DateOutsideCalendar,
  dayStatus,
  defaultBusinessSchedule,
  holidayOn,
  holidaysBetween,
  sameDayDeadline,
  tokyoDateTimeOf,
  type ValidationError,
} from "@zaitaku/core"
import { businessCalendarSuite, japaneseHolidays2024To2026 } from "@zaitaku/testing"
import { Effect, Exit, Option, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  holidayJpCalendar,
  holidayJpCoverage,
  holidayJpData,
  holidayJpSource,
  layerHolidayJp,
  layerHolidayJpUntil,
} from "../src/index.js"

businessCalendarSuite("@holiday-jp/holiday_jp", layerHolidayJp)
businessCalendarSuite("@holiday-jp/holiday_jp until 2026", layerHolidayJpUntil("2026-12-31"))

const on = (date: string) => Result.getOrThrow(holidayOn(holidayJpCalendar, date))

const errorOf = <E>(exit: Exit.Exit<unknown, E>): E | undefined =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Exit.findErrorOption(exit)) : undefined

describe("holiday data from @holiday-jp/holiday_jp", () => {
  it("names its source with the installed version and covers whole years 1970–2050", () => {
    expect(holidayJpSource).toMatch(/^@holiday-jp\/holiday_jp \d+\.\d+\.\d+$/)
    expect(holidayJpCoverage).toEqual({ start: "1970-01-01", end: "2050-12-31" })
    expect(holidayJpData.holidays.length).toBeGreaterThan(80 * 15)
  })

  it("has 振替休日 from the data: 2024-02-12 after 建国記念の日 on a Sunday", () => {
    expect(on("2024-02-11")).toMatchObject({ kind: "national_holiday", name: { ja: "建国記念の日" } })
    expect(on("2024-02-12")).toMatchObject({ kind: "substitute_holiday", name: { ja: "建国記念の日 振替休日" } })
  })

  it("has the 国民の休日 around the 2019 enthronement, and the enthronement day itself as a 祝日", () => {
    expect(on("2019-04-30")).toMatchObject({ kind: "citizens_holiday", name: { ja: "休日" } })
    expect(on("2019-05-01")).toMatchObject({ kind: "national_holiday" })
    expect(on("2019-05-02")).toMatchObject({ kind: "citizens_holiday" })
    expect(on("2019-10-22")).toMatchObject({ kind: "national_holiday" })
  })

  it("has 2026-09-22 as a 国民の休日 between 敬老の日 and 秋分の日", () => {
    expect(Result.getOrThrow(holidaysBetween(holidayJpCalendar, { start: "2026-09-20", end: "2026-09-24" }))).toEqual([
      expect.objectContaining({ date: "2026-09-21", kind: "national_holiday" }),
      expect.objectContaining({ date: "2026-09-22", kind: "citizens_holiday" }),
      expect.objectContaining({ date: "2026-09-23", kind: "national_holiday" }),
    ])
  })

  it("follows the special laws that moved holidays for the Tokyo Olympics, which no weekday rule predicts", () => {
    expect(on("2020-07-23")).toMatchObject({ name: { ja: "海の日" } })
    expect(on("2020-07-24")).toMatchObject({ name: { ja: "スポーツの日" } })
    expect(on("2020-10-12")).toBeUndefined() // the second Monday of October, an ordinary day that year
    expect(on("2021-08-08")).toMatchObject({ name: { ja: "山の日" } })
    expect(on("2021-08-11")).toBeUndefined()
  })

  it("agrees date by date and kind by kind with the hand-entered 内閣府 list for 2024–2026", () => {
    const fromPackage = Result.getOrThrow(
      holidaysBetween(holidayJpCalendar, { start: "2024-01-01", end: "2026-12-31" }),
    ).map((h) => [h.date, h.kind])
    expect(fromPackage).toEqual(japaneseHolidays2024To2026.holidays.map((h) => [h.date, h.kind]))
  })

  it("closes 年末年始 under the default schedule, holiday or not", () => {
    const status = (date: string) => Result.getOrThrow(dayStatus(holidayJpCalendar, defaultBusinessSchedule, date))
    expect(status("2025-12-29")).toMatchObject({ businessDay: false, reason: "closure", closure: "年末年始" })
    expect(status("2026-01-01")).toMatchObject({
      businessDay: false,
      reason: "closure",
      holiday: { kind: "national_holiday" },
    })
    expect(status("2026-01-05")).toMatchObject({ businessDay: true })
  })
})

describe("outside the data", () => {
  it("fails for dates before 1970 and after 2050 with a bilingual error, not a business day", () => {
    const run = (date: string) =>
      errorOf(
        Effect.runSyncExit(
          Effect.provide(
            Effect.flatMap(Effect.service(BusinessCalendar), (c) => c.isBusinessDay(date)),
            layerHolidayJp,
          ),
        ),
      ) as DateOutsideCalendar | undefined
    const late = run("2051-01-04")
    expect(late?._tag).toBe("DateOutsideCalendar")
    expect(late?.detail).toEqual({
      ja: `2051-01-04の祝日データがありません（${holidayJpSource}の収録範囲は1970-01-01〜2050-12-31）。範囲外の日は営業日か判断できないため計算できません`,
      en: `No holiday data for 2051-01-04: ${holidayJpSource} covers 1970-01-01 to 2050-12-31, so whether that day is a business day is unknown`,
    })
    expect(run("1969-12-31")?.date).toBe("1969-12-31")
  })

  it("can be narrowed to announced years, and refuses to be widened past the data", () => {
    const narrowed = Effect.runSyncExit(
      Effect.provide(
        Effect.flatMap(Effect.service(BusinessCalendar), (c) => c.nextBusinessDay("2027-12-30")),
        layerHolidayJpUntil("2027-12-31"),
      ),
    )
    expect((errorOf(narrowed) as DateOutsideCalendar | undefined)?.coverage).toEqual({
      start: "1970-01-01",
      end: "2027-12-31",
    })
    const widened = Effect.runSyncExit(
      Effect.provide(Effect.service(BusinessCalendar), layerHolidayJpUntil("2051-12-31")),
    )
    const error = errorOf(widened) as ValidationError | undefined
    expect(error?._tag).toBe("ValidationError")
    expect(error?.issues[0]?.message.ja).toContain("2050-12-31までです")
    const invalid = Effect.runSyncExit(
      Effect.provide(Effect.service(BusinessCalendar), layerHolidayJpUntil("2027-02-30")),
    )
    expect(errorOf(invalid)?._tag).toBe("ValidationError")
  })
})

describe("properties on the real data (1970–2049)", () => {
  const dayMs = 86_400_000
  const date = fc
    .integer({ min: Date.UTC(1970, 0, 1) / dayMs, max: Date.UTC(2049, 11, 31) / dayMs })
    .map((day) => new Date(day * dayMs).toISOString().slice(0, 10))

  it("never lands N business days later on a weekend, a 祝日, a 振替休日, a 国民の休日 or 年末年始", () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 40 }), (start, n) => {
        const due = Result.getOrThrow(addBusinessDays(holidayJpCalendar, defaultBusinessSchedule, start, n))
        const weekday = new Date(`${due}T00:00:00Z`).getUTCDay()
        const monthDay = due.slice(5)
        return (
          due > start &&
          weekday !== 0 &&
          weekday !== 6 &&
          !holidayJpCalendar.holidays.has(due) &&
          monthDay >= "01-04" &&
          monthDay <= "12-28"
        )
      }),
      { numRuns: 1000 },
    )
  })

  it("never gives a same-day deadline before the admission day", () => {
    const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2050, 11, 30) }).map((ms) => new Date(ms))
    fc.assert(
      fc.property(instant, (at) => {
        const deadline = Result.getOrThrow(sameDayDeadline(holidayJpCalendar, defaultBusinessSchedule, at))
        return deadline.dueDate >= tokyoDateTimeOf(at).date
      }),
      { numRuns: 1000 },
    )
  })
})
