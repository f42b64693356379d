import { Effect, Exit, Option, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  addBusinessDays,
  addCalendarDays,
  BusinessCalendar,
  BusinessSchedule,
  calendarDaysBetween,
  DateOutsideCalendar,
  dayStatus,
  defaultBusinessSchedule,
  fromZodError,
  type Holiday,
  type HolidayCalendar,
  HolidayKind,
  holidayOn,
  holidaysBetween,
  Instant,
  isBusinessDay,
  MonthDay,
  makeHolidayCalendar,
  nextBusinessDay,
  sameDayDeadline,
  tokyoDateTimeOf,
  weekdayOf,
} from "../src/index.js"

const national = (date: string, ja: string, en: string): Holiday => ({
  date,
  name: { ja, en },
  kind: "national_holiday",
})

/** 2024-01-01 … 2025-01-31, the holidays as published by 内閣府 for those months. */
const holidays2024: ReadonlyArray<Holiday> = [
  national("2024-01-01", "元日", "New Year's Day"),
  national("2024-01-08", "成人の日", "Coming of Age Day"),
  national("2024-02-11", "建国記念の日", "National Foundation Day"),
  { date: "2024-02-12", name: { ja: "振替休日", en: "Substitute holiday" }, kind: "substitute_holiday" },
  national("2024-02-23", "天皇誕生日", "Emperor's Birthday"),
  national("2024-03-20", "春分の日", "Vernal Equinox Day"),
  national("2024-04-29", "昭和の日", "Showa Day"),
  national("2024-05-03", "憲法記念日", "Constitution Memorial Day"),
  national("2024-05-04", "みどりの日", "Greenery Day"),
  national("2024-05-05", "こどもの日", "Children's Day"),
  { date: "2024-05-06", name: { ja: "振替休日", en: "Substitute holiday" }, kind: "substitute_holiday" },
  national("2024-07-15", "海の日", "Marine Day"),
  national("2024-08-11", "山の日", "Mountain Day"),
  { date: "2024-08-12", name: { ja: "振替休日", en: "Substitute holiday" }, kind: "substitute_holiday" },
  national("2024-09-16", "敬老の日", "Respect for the Aged Day"),
  national("2024-09-22", "秋分の日", "Autumnal Equinox Day"),
  { date: "2024-09-23", name: { ja: "振替休日", en: "Substitute holiday" }, kind: "substitute_holiday" },
  national("2024-10-14", "スポーツの日", "Sports Day"),
  national("2024-11-03", "文化の日", "Culture Day"),
  { date: "2024-11-04", name: { ja: "振替休日", en: "Substitute holiday" }, kind: "substitute_holiday" },
  national("2024-11-23", "勤労感謝の日", "Labour Thanksgiving Day"),
  national("2025-01-01", "元日", "New Year's Day"),
  national("2025-01-13", "成人の日", "Coming of Age Day"),
]

const data = { source: "test data 2024", coverage: { start: "2024-01-01", end: "2025-01-31" }, holidays: holidays2024 }
const calendar: HolidayCalendar = Result.getOrThrow(makeHolidayCalendar(data))

const ok = <A>(result: Result.Result<A, DateOutsideCalendar>): A => {
  if (Result.isFailure(result)) throw new Error(`expected a success, got: ${result.failure.message}`)
  return result.success
}
const outside = <A>(result: Result.Result<A, DateOutsideCalendar>): DateOutsideCalendar => {
  if (Result.isSuccess(result)) throw new Error(`expected DateOutsideCalendar, got ${JSON.stringify(result.success)}`)
  return result.failure
}

const weekdaysHours = (opens: string, closes: string) =>
  (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, periods: [{ opens, closes }] }))

describe("calendar-day arithmetic", () => {
  it("adds calendar days across month, year and leap-day boundaries", () => {
    expect(addCalendarDays("2024-02-28", 1)).toBe("2024-02-29")
    expect(addCalendarDays("2024-02-28", 2)).toBe("2024-03-01")
    expect(addCalendarDays("2023-02-28", 1)).toBe("2023-03-01")
    expect(addCalendarDays("2024-12-31", 1)).toBe("2025-01-01")
    expect(addCalendarDays("2025-01-03", -7)).toBe("2024-12-27")
    expect(addCalendarDays({ year: 2024, month: 7, day: 12 }, 0)).toBe("2024-07-12")
    expect(() => addCalendarDays("2024-07-12", 1.5)).toThrow(RangeError)
  })

  it("counts days between dates and names the weekday", () => {
    expect(calendarDaysBetween("2024-12-27", "2025-01-06")).toBe(10)
    expect(calendarDaysBetween("2025-01-06", "2024-12-27")).toBe(-10)
    expect(weekdayOf("2024-07-12")).toBe("fri")
    expect(weekdayOf("2024-07-15")).toBe("mon")
    expect(weekdayOf("2000-01-01")).toBe("sat")
  })
})

describe("instants in Japan time", () => {
  it("reads any instant as the Asia/Tokyo date and time, whatever the offset", () => {
    expect(tokyoDateTimeOf("2024-07-12T18:30:00+09:00")).toEqual({
      date: "2024-07-12",
      time: "18:30",
      msOfDay: 66_600_000,
    })
    expect(tokyoDateTimeOf("2024-07-12T09:30:00Z").time).toBe("18:30")
    // 15:30 UTC is already the next day in Japan
    expect(tokyoDateTimeOf(new Date("2024-07-12T15:30:00Z"))).toEqual({
      date: "2024-07-13",
      time: "00:30",
      msOfDay: 1_800_000,
    })
    expect(tokyoDateTimeOf("2024-07-12T23:59:59.999+09:00").date).toBe("2024-07-12")
  })

  it("rejects a date-time without an offset and an invalid Date", () => {
    expect(Instant.safeParse("2024-07-12T18:30:00").success).toBe(false)
    expect(() => tokyoDateTimeOf("2024-07-12T18:30:00")).toThrow(RangeError)
    expect(() => tokyoDateTimeOf(new Date(Number.NaN))).toThrow(RangeError)
  })
})

describe("holiday data", () => {
  it("finds holidays, ordinary days, and refuses dates outside its coverage", () => {
    expect(ok(holidayOn(calendar, "2024-02-12"))?.kind).toBe("substitute_holiday")
    expect(ok(holidayOn(calendar, "2024-02-13"))).toBeUndefined()
    const error = outside(holidayOn(calendar, "2025-02-01"))
    expect(error).toBeInstanceOf(DateOutsideCalendar)
    expect(error.date).toBe("2025-02-01")
    expect(error.coverage).toEqual(data.coverage)
    expect(error.detail.ja).toContain("2025-02-01の祝日データがありません")
    expect(error.detail.ja).toContain("2024-01-01〜2025-01-31")
    expect(error.message).toContain("No holiday data for 2025-02-01")
    expect(outside(holidayOn(calendar, "2023-12-31")).date).toBe("2023-12-31")
  })

  it("lists the holidays of a range in order, only when the whole range is covered", () => {
    expect(ok(holidaysBetween(calendar, { start: "2024-05-01", end: "2024-05-31" })).map((h) => h.date)).toEqual([
      "2024-05-03",
      "2024-05-04",
      "2024-05-05",
      "2024-05-06",
    ])
    expect(outside(holidaysBetween(calendar, { start: "2025-01-01", end: "2025-02-28" })).date).toBe("2025-02-28")
  })

  it("rejects inconsistent data with the path of each bad entry", () => {
    const bad = makeHolidayCalendar({
      source: "bad",
      coverage: { start: "2024-01-01", end: "2024-01-31" },
      holidays: [
        national("2024-01-01", "元日", "New Year's Day"),
        national("2024-01-01", "元日", "New Year's Day"),
        national("2024-02-11", "建国記念の日", "National Foundation Day"),
      ],
    })
    if (Result.isSuccess(bad)) throw new Error("expected a failure")
    expect(bad.failure.issues.map((issue) => [issue.path.join("."), issue.code])).toEqual([
      ["holidays.1.date", "duplicate_date"],
      ["holidays.2.date", "outside_coverage"],
    ])
    expect(bad.failure.issues[1]?.message.ja).toBe("2024-02-11は収録範囲（2024-01-01〜2024-01-31）の外です")
  })
})

describe("business schedules", () => {
  it("defaults the yearly closures to 年末年始 12/29–1/3, and allows none", () => {
    const office = BusinessSchedule.parse({ hours: weekdaysHours("08:30", "17:30") })
    expect(office.annualClosures).toEqual([{ name: "年末年始", from: "12-29", to: "01-03" }])
    expect(office.closures).toEqual([])
    expect(
      BusinessSchedule.parse({ hours: weekdaysHours("08:30", "17:30"), annualClosures: [] }).annualClosures,
    ).toEqual([])
  })

  it("rejects a schedule without any working weekday, and impossible month-days", () => {
    const result = BusinessSchedule.safeParse({
      hours: [{ day: "holiday", periods: [{ opens: "09:00", closes: "12:00" }] }],
    })
    expect(result.success).toBe(false)
    expect(result.error && fromZodError("schedule", result.error).issues).toEqual([
      {
        path: ["hours"],
        code: "no_business_day",
        message: {
          ja: "営業する曜日を少なくとも1つ入力してください",
          en: "At least one weekday must have business hours",
        },
      },
    ])
    expect(MonthDay.safeParse("02-29").success).toBe(true)
    expect(MonthDay.safeParse("02-30").success).toBe(false)
    expect(MonthDay.safeParse("13-01").success).toBe(false)
    expect(
      BusinessSchedule.safeParse({
        hours: weekdaysHours("09:00", "17:00"),
        closures: [{ name: "x", start: "2024-08-15", end: "2024-08-13" }],
      }).success,
    ).toBe(false)
  })
})

describe("business days", () => {
  const office = defaultBusinessSchedule

  it("works Monday to Friday except 祝日, 振替休日 and 年末年始", () => {
    expect(ok(isBusinessDay(calendar, office, "2024-07-12"))).toBe(true) // Friday
    expect(ok(isBusinessDay(calendar, office, "2024-07-13"))).toBe(false) // Saturday
    expect(ok(dayStatus(calendar, office, "2024-07-14"))).toEqual({
      date: "2024-07-14",
      businessDay: false,
      reason: "day_off",
    })
    expect(ok(dayStatus(calendar, office, "2024-07-15"))).toMatchObject({
      businessDay: false,
      reason: "holiday",
      holiday: { name: { ja: "海の日" } },
    })
    expect(ok(isBusinessDay(calendar, office, "2024-02-12"))).toBe(false) // 振替休日
    expect(ok(dayStatus(calendar, office, "2024-12-30"))).toEqual({
      date: "2024-12-30",
      businessDay: false,
      reason: "closure",
      closure: "年末年始",
    })
    // 元日 is both: the closure is reported, and the holiday too
    expect(ok(dayStatus(calendar, office, "2025-01-01"))).toMatchObject({
      reason: "closure",
      holiday: { date: "2025-01-01" },
    })
    expect(ok(isBusinessDay(calendar, office, "2025-01-03"))).toBe(false)
    expect(ok(isBusinessDay(calendar, office, "2025-01-06"))).toBe(true)
  })

  it("follows an organisation's own days, holiday hours and closures", () => {
    const hospitalDesk = BusinessSchedule.parse({
      hours: [
        ...weekdaysHours("08:30", "17:15"),
        { day: "sat", periods: [{ opens: "08:30", closes: "12:30" }] },
        { day: "holiday", periods: [{ opens: "09:00", closes: "12:00" }] },
      ],
      annualClosures: [{ name: "年末年始", from: "12-31", to: "01-02" }],
      closures: [{ name: "夏季休業", start: "2024-08-13", end: "2024-08-15" }],
    })
    expect(ok(isBusinessDay(calendar, hospitalDesk, "2024-07-13"))).toBe(true) // Saturday
    expect(ok(isBusinessDay(calendar, hospitalDesk, "2024-07-14"))).toBe(false) // Sunday
    expect(ok(dayStatus(calendar, hospitalDesk, "2024-07-15"))).toMatchObject({
      businessDay: true,
      hours: [{ opens: "09:00", closes: "12:00" }],
    })
    expect(ok(dayStatus(calendar, hospitalDesk, "2024-08-14"))).toMatchObject({
      businessDay: false,
      closure: "夏季休業",
    })
    expect(ok(isBusinessDay(calendar, hospitalDesk, "2024-12-30"))).toBe(true)
    expect(ok(isBusinessDay(calendar, hospitalDesk, "2025-01-02"))).toBe(false)
  })

  it("finds the next business day after weekends, holidays and 年末年始", () => {
    expect(ok(nextBusinessDay(calendar, office, "2024-07-12"))).toBe("2024-07-16")
    expect(ok(nextBusinessDay(calendar, office, "2024-05-02"))).toBe("2024-05-07")
    expect(ok(nextBusinessDay(calendar, office, "2024-12-27"))).toBe("2025-01-06")
    expect(ok(nextBusinessDay(calendar, office, "2024-07-16"))).toBe("2024-07-17")
  })

  it("adds business days strictly after the date, and backwards for negative counts", () => {
    expect(ok(addBusinessDays(calendar, office, "2024-07-12", 0))).toBe("2024-07-12")
    expect(ok(addBusinessDays(calendar, office, "2024-07-13", 1))).toBe("2024-07-16") // from Saturday
    expect(ok(addBusinessDays(calendar, office, "2024-07-12", 3))).toBe("2024-07-18")
    expect(ok(addBusinessDays(calendar, office, "2024-12-26", 2))).toBe("2025-01-06")
    expect(ok(addBusinessDays(calendar, office, "2025-01-06", -1))).toBe("2024-12-27")
    expect(() => addBusinessDays(calendar, office, "2024-07-12", 0.5)).toThrow(RangeError)
  })

  it("fails rather than guess when the search leaves the holiday data", () => {
    expect(outside(nextBusinessDay(calendar, office, "2025-01-31")).date).toBe("2025-02-01")
    expect(outside(addBusinessDays(calendar, office, "2024-01-05", -5)).date).toBe("2023-12-31")
    expect(outside(isBusinessDay(calendar, office, "2026-01-05")).date).toBe("2026-01-05")
  })
})

describe("sameDayDeadline (入院時情報連携加算(Ⅰ) 2024: 営業時間終了後又は営業日以外の日は翌日を含む)", () => {
  const office = BusinessSchedule.parse({ hours: weekdaysHours("08:30", "17:30") })

  it("gives the day itself during or before business hours", () => {
    expect(ok(sameDayDeadline(calendar, office, "2024-07-12T10:00:00+09:00"))).toMatchObject({
      dueDate: "2024-07-12",
      basis: "business_hours",
    })
    expect(ok(sameDayDeadline(calendar, office, "2024-07-12T07:00:00+09:00"))).toMatchObject({
      dueDate: "2024-07-12",
      basis: "business_hours",
    })
    expect(ok(sameDayDeadline(calendar, office, "2024-07-12T17:29:59+09:00")).dueDate).toBe("2024-07-12")
  })

  it("includes the next calendar day from the closing time on, even when that day is not a business day", () => {
    // Friday 18:30 before the 海の日 weekend: due Saturday (入院日の翌日), not Tuesday
    const friday = ok(sameDayDeadline(calendar, office, "2024-07-12T18:30:00+09:00"))
    expect(friday).toMatchObject({
      dueDate: "2024-07-13",
      basis: "after_hours",
      trigger: { date: "2024-07-12", time: "18:30" },
    })
    expect(ok(sameDayDeadline(calendar, office, "2024-07-12T17:30:00+09:00")).basis).toBe("after_hours")
    // the same moment written in UTC
    expect(ok(sameDayDeadline(calendar, office, new Date("2024-07-12T09:30:00Z"))).dueDate).toBe("2024-07-13")
  })

  it("includes the next day for a trigger on a day off, judged by the Japan date", () => {
    expect(ok(sameDayDeadline(calendar, office, "2024-07-13T10:00:00+09:00"))).toMatchObject({
      dueDate: "2024-07-14",
      basis: "non_business_day",
    })
    expect(ok(sameDayDeadline(calendar, office, "2024-07-15T10:00:00+09:00"))).toMatchObject({
      dueDate: "2024-07-16",
      basis: "non_business_day",
      triggerDay: { reason: "holiday" },
    })
    // 00:30 on Saturday in Japan is Friday 15:30 UTC
    expect(ok(sameDayDeadline(calendar, office, "2024-07-12T15:30:00Z"))).toMatchObject({
      dueDate: "2024-07-14",
      basis: "non_business_day",
    })
  })

  it("uses the last closing time of a day with a break", () => {
    const split = BusinessSchedule.parse({
      hours: (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({
        day,
        periods: [
          { opens: "09:00", closes: "12:00" },
          { opens: "13:00", closes: "18:00" },
        ],
      })),
    })
    expect(ok(sameDayDeadline(calendar, split, "2024-07-12T12:30:00+09:00")).basis).toBe("business_hours")
    expect(ok(sameDayDeadline(calendar, split, "2024-07-12T18:00:00+09:00")).basis).toBe("after_hours")
  })
})

describe("BusinessCalendar port (in memory)", () => {
  const layer = BusinessCalendar.layerMemory(data)
  const run = <A, E>(effect: Effect.Effect<A, E, BusinessCalendar>) => Effect.runSync(Effect.provide(effect, layer))

  it("offers the pure operations as effects, with the default schedule when none is given", () => {
    const result = run(
      Effect.gen(function* () {
        const calendar = yield* BusinessCalendar
        return {
          holiday: yield* calendar.holiday("2024-02-12"),
          none: yield* calendar.holiday("2024-02-13"),
          between: yield* calendar.holidaysBetween({ start: "2024-08-01", end: "2024-08-31" }),
          isBusinessDay: yield* calendar.isBusinessDay("2024-12-30"),
          next: yield* calendar.nextBusinessDay("2024-12-27"),
          added: yield* calendar.addBusinessDays("2024-07-12", 3),
          due: yield* calendar.sameDayDeadline("2024-07-12T16:30:00+09:00"),
          status: yield* calendar.dayStatus("2024-07-15"),
          source: calendar.holidays.source,
        }
      }),
    )
    expect(Option.getOrUndefined(result.holiday)?.kind).toBe("substitute_holiday")
    expect(Option.isNone(result.none)).toBe(true)
    expect(result.between.map((h) => h.date)).toEqual(["2024-08-11", "2024-08-12"])
    expect(result.isBusinessDay).toBe(false)
    expect(result.next).toBe("2025-01-06")
    expect(result.added).toBe("2024-07-18")
    // default hours close at 17:00, so 16:30 is still the same day
    expect(result.due).toMatchObject({ dueDate: "2024-07-12", basis: "business_hours" })
    expect(result.status).toMatchObject({ reason: "holiday" })
    expect(result.source).toBe("test data 2024")
  })

  it("fails with DateOutsideCalendar outside the data, and refuses to build on bad data", () => {
    const exit = Effect.runSyncExit(
      Effect.provide(
        Effect.flatMap(Effect.service(BusinessCalendar), (c) => c.isBusinessDay("2030-01-07")),
        layer,
      ),
    )
    expect(
      Exit.isFailure(exit) &&
        Exit.findErrorOption(exit).pipe(
          Option.map((e) => e._tag),
          Option.getOrUndefined,
        ),
    ).toBe("DateOutsideCalendar")
    const broken = Effect.runSyncExit(
      Effect.provide(
        Effect.service(BusinessCalendar),
        BusinessCalendar.layerMemory({
          source: "x",
          coverage: { start: "2024-02-01", end: "2024-01-01" },
          holidays: [],
        }),
      ),
    )
    expect(
      Exit.isFailure(broken) &&
        Exit.findErrorOption(broken).pipe(
          Option.map((e) => e._tag),
          Option.getOrUndefined,
        ),
    ).toBe("ValidationError")
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Properties over generated holiday data and schedules
// ---------------------------------------------------------------------------------------------------------------

const dayMs = 86_400_000
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / dayMs
const isoOf = (day: number): string => new Date(day * dayMs).toISOString().slice(0, 10)
const coverage = { start: "2020-01-01", end: "2031-12-31" }
const dateIn = (start: string, end: string) => fc.integer({ min: dayOf(start), max: dayOf(end) }).map(isoOf)

const holidayCalendarArb = fc
  .uniqueArray(dateIn(coverage.start, coverage.end), { maxLength: 300 })
  .chain((dates) =>
    fc.tuple(
      fc.constant(dates),
      fc.array(fc.constantFrom(...HolidayKind.options), { minLength: dates.length, maxLength: dates.length }),
    ),
  )
  .map(([dates, kinds]) =>
    Result.getOrThrow(
      makeHolidayCalendar({
        source: "generated",
        coverage,
        holidays: dates.map((date, i) => ({ date, name: { ja: "祝日", en: "Holiday" }, kind: kinds[i]! })),
      }),
    ),
  )

const pad = (n: number): string => String(n).padStart(2, "0")
const periodArb = fc
  .tuple(fc.integer({ min: 0, max: 22 * 60 }), fc.integer({ min: 1, max: 10 * 60 }))
  .map(([opens, length]) => ({ opens, closes: Math.min(opens + length, 24 * 60) }))
  .map(({ opens, closes }) => ({
    opens: `${pad(Math.floor(opens / 60))}:${pad(opens % 60)}`,
    closes: closes === 24 * 60 ? "24:00" : `${pad(Math.floor(closes / 60))}:${pad(closes % 60)}`,
  }))
const monthDayArb = dateIn("2024-01-01", "2024-12-31").map((iso) => iso.slice(5))

const scheduleArb = fc
  .record({
    days: fc.uniqueArray(fc.constantFrom("mon", "tue", "wed", "thu", "fri", "sat", "sun"), {
      minLength: 1,
      maxLength: 7,
    }),
    holidayHours: fc.boolean(),
    period: periodArb,
    annual: fc.array(fc.tuple(monthDayArb, fc.integer({ min: 0, max: 20 })), { maxLength: 2 }),
    closures: fc.array(fc.tuple(dateIn("2020-06-01", "2031-06-30"), fc.integer({ min: 0, max: 14 })), { maxLength: 4 }),
  })
  .map(({ days, holidayHours, period, annual, closures }) =>
    BusinessSchedule.parse({
      hours: [...days, ...(holidayHours ? ["holiday"] : [])].map((day) => ({ day, periods: [period] })),
      annualClosures: annual.map(([from, length]) => ({
        name: "休業",
        from,
        to: addCalendarDays(`2024-${from}`, length).slice(5),
      })),
      closures: closures.map(([start, length]) => ({ name: "臨時休業", start, end: addCalendarDays(start, length) })),
    }),
  )

const closingMs = (periods: ReadonlyArray<{ closes: string }>): number =>
  Math.max(...periods.map((p) => (Number(p.closes.slice(0, 2)) * 60 + Number(p.closes.slice(3))) * 60_000))

/** Whether the property holds, or the search legitimately left the generated data. */
const holdsOrOutside = <A>(result: Result.Result<A, DateOutsideCalendar>, property: (a: A) => boolean): boolean =>
  Result.isFailure(result) ? result.failure._tag === "DateOutsideCalendar" : property(result.success)

describe("business-day properties", () => {
  const inner = dateIn("2021-01-01", "2030-12-31")

  it("lands every business-day result on a business day: never a closure, never a holiday without holiday hours", () => {
    fc.assert(
      fc.property(holidayCalendarArb, scheduleArb, inner, fc.integer({ min: 1, max: 25 }), (cal, schedule, date, n) =>
        [
          addBusinessDays(cal, schedule, date, n),
          addBusinessDays(cal, schedule, date, -n),
          nextBusinessDay(cal, schedule, date),
        ].every((result) =>
          holdsOrOutside(result, (due) => {
            const status = ok(dayStatus(cal, schedule, due))
            const closed = schedule.closures.some((c) => due >= c.start && due <= c.end)
            const holidayHours = schedule.hours.some((h) => h.day === "holiday")
            return status.businessDay && !closed && (holidayHours || !cal.holidays.has(due))
          }),
        ),
      ),
      { numRuns: 300 },
    )
  })

  it("counts exactly N business days between the date and the result", () => {
    fc.assert(
      fc.property(holidayCalendarArb, scheduleArb, inner, fc.integer({ min: 1, max: 25 }), (cal, schedule, date, n) =>
        holdsOrOutside(addBusinessDays(cal, schedule, date, n), (due) => {
          let count = 0
          for (let day = dayOf(date) + 1; day <= dayOf(due); day++) {
            if (ok(isBusinessDay(cal, schedule, isoOf(day)))) count++
          }
          return count === n
        }),
      ),
      { numRuns: 200 },
    )
  })

  it("is monotone: more business days or a later start never give an earlier date", () => {
    fc.assert(
      fc.property(
        holidayCalendarArb,
        scheduleArb,
        inner,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        (cal, schedule, date, later, n, extra) => {
          const a = addBusinessDays(cal, schedule, date, n)
          const b = addBusinessDays(cal, schedule, date, n + extra)
          const c = addBusinessDays(cal, schedule, addCalendarDays(date, later), n)
          if (Result.isFailure(a) || Result.isFailure(b) || Result.isFailure(c)) return true
          const moreIsLater = extra === 0 ? a.success === b.success : a.success < b.success
          return moreIsLater && c.success >= a.success
        },
      ),
      { numRuns: 300 },
    )
  })

  it("goes back to the same business day after N days forward and N days back", () => {
    fc.assert(
      fc.property(holidayCalendarArb, scheduleArb, inner, fc.integer({ min: 1, max: 20 }), (cal, schedule, date, n) => {
        const start = nextBusinessDay(cal, schedule, date)
        if (Result.isFailure(start)) return true
        return holdsOrOutside(addBusinessDays(cal, schedule, start.success, n), (forward) =>
          holdsOrOutside(addBusinessDays(cal, schedule, forward, -n), (back) => back === start.success),
        )
      }),
      { numRuns: 200 },
    )
  })

  it("never puts the after-hours deadline before the trigger, nor more than one day after it", () => {
    const instant = fc
      .integer({ min: Date.parse("2021-01-01T00:00:00Z"), max: Date.parse("2030-12-31T00:00:00Z") })
      .map((ms) => new Date(ms))
    fc.assert(
      fc.property(holidayCalendarArb, scheduleArb, instant, (cal, schedule, at) =>
        holdsOrOutside(sameDayDeadline(cal, schedule, at), (deadline) => {
          const triggerDate = tokyoDateTimeOf(at).date
          const lag = calendarDaysBetween(triggerDate, deadline.dueDate)
          const sameDay = deadline.basis === "business_hours"
          return (
            deadline.trigger.date === triggerDate &&
            deadline.dueDate >= triggerDate &&
            lag === (sameDay ? 0 : 1) &&
            deadline.triggerDay.businessDay === (deadline.basis !== "non_business_day") &&
            (!deadline.triggerDay.businessDay ||
              (deadline.basis === "after_hours") === deadline.trigger.msOfDay >= closingMs(deadline.triggerDay.hours))
          )
        }),
      ),
      { numRuns: 500 },
    )
  })
})
