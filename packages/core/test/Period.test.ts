import { Result } from "effect"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"
import {
  eras,
  FiscalPeriod,
  type FiscalPeriodKind,
  fiscalYearOf,
  fiscalYearRange,
  formatWareki,
  formatWarekiFiscalYear,
  IsoDate,
  insurancePlanPeriodLabel,
  insurancePlanPeriodOf,
  insurancePlanPeriodRange,
  type PlainDate,
  parseWareki,
  parseWarekiFiscalYear,
  periodLabel,
  periodOf,
  periodRange,
  periodsOfFiscalYear,
  toIsoDate,
  toPlainDate,
  toWareki,
  WarekiParseError,
} from "../src/Period.js"

const dayMs = 86_400_000

/** A calendar date from a day number (days since 1970-01-01), computed with UTC so it is time-zone free. */
const dateFromDay = (day: number): PlainDate => {
  const d = new Date(day * dayMs)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }
}
const dayOf = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day) / dayMs
const iso = (d: PlainDate): string =>
  `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`
const nextDay = (isoDate: string): string => {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number]
  return iso(dateFromDay(dayOf(y, m, d) + 1))
}

const dateBetween = (from: [number, number, number], to: [number, number, number]) =>
  fc.integer({ min: dayOf(...from), max: dayOf(...to) }).map(dateFromDay)

const kinds: ReadonlyArray<FiscalPeriodKind> = ["year", "half", "quarter", "month"]

const failureOf = <A>(result: Result.Result<A, WarekiParseError>): WarekiParseError => {
  if (Result.isSuccess(result)) throw new Error(`expected a failure, got ${JSON.stringify(result.success)}`)
  return result.failure
}
const successOf = <A>(result: Result.Result<A, WarekiParseError>): A => {
  if (Result.isFailure(result)) throw new Error(`expected a success, got: ${result.failure.message}`)
  return result.success
}

const toFullWidth = (text: string): string =>
  text.replace(/[0-9A-Z./]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))

describe("dates", () => {
  const originalTz = process.env.TZ
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ
    else process.env.TZ = originalTz
  })

  it("reads a Date as the calendar date in Asia/Tokyo whatever the machine's time zone", () => {
    for (const tz of ["UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"]) {
      process.env.TZ = tz
      expect(toPlainDate(new Date("2019-04-30T14:59:59.999Z")), tz).toEqual({ year: 2019, month: 4, day: 30 })
      expect(toPlainDate(new Date("2019-04-30T15:00:00.000Z")), tz).toEqual({ year: 2019, month: 5, day: 1 })
      expect(fiscalYearOf(new Date("2025-03-31T14:59:59.999Z")), tz).toBe(2024)
      expect(fiscalYearOf(new Date("2025-03-31T15:00:00.000Z")), tz).toBe(2025)
    }
  })

  it("accepts ISO strings and PlainDate objects, and rejects dates that do not exist", () => {
    expect(toPlainDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 })
    expect(toIsoDate({ year: 2024, month: 4, day: 1 })).toBe("2024-04-01")
    for (const bad of ["2023-02-29", "2024-04-31", "2024-4-1", "2024-04-01T00:00:00+09:00", ""]) {
      expect(() => toPlainDate(bad), bad).toThrow(RangeError)
    }
    expect(() => toPlainDate({ year: 2024, month: 13, day: 1 })).toThrow(RangeError)
    expect(() => toPlainDate(new Date(Number.NaN))).toThrow(RangeError)
    expect(IsoDate.safeParse("1900-02-29").success).toBe(false)
    expect(IsoDate.safeParse("2000-02-29").success).toBe(true)
  })
})

describe("fiscal years and periods", () => {
  it("puts March 31 in the previous fiscal year and April 1 in the new one", () => {
    expect(fiscalYearOf("2025-03-31")).toBe(2024)
    expect(fiscalYearOf("2025-04-01")).toBe(2025)
    expect(fiscalYearOf({ year: 2025, month: 1, day: 1 })).toBe(2024)
    expect(fiscalYearOf({ year: 2024, month: 12, day: 31 })).toBe(2024)
    expect(fiscalYearRange(2024)).toEqual({ start: "2024-04-01", end: "2025-03-31" })
  })

  it("returns the documented ranges for halves, quarters and months", () => {
    expect(periodRange({ kind: "half", fiscalYear: 2024, index: 1 })).toEqual({
      start: "2024-04-01",
      end: "2024-09-30",
    })
    expect(periodRange({ kind: "half", fiscalYear: 2024, index: 2 })).toEqual({
      start: "2024-10-01",
      end: "2025-03-31",
    })
    expect(periodRange({ kind: "quarter", fiscalYear: 2024, index: 1 })).toEqual({
      start: "2024-04-01",
      end: "2024-06-30",
    })
    expect(periodRange({ kind: "quarter", fiscalYear: 2023, index: 4 })).toEqual({
      start: "2024-01-01",
      end: "2024-03-31",
    })
    expect(periodRange({ kind: "month", fiscalYear: 2023, index: 11 })).toEqual({
      start: "2024-02-01",
      end: "2024-02-29",
    })
    expect(() => periodRange({ kind: "quarter", fiscalYear: 2024, index: 5 })).toThrow(RangeError)
    expect(FiscalPeriod.safeParse({ kind: "month", fiscalYear: 2024, index: 13 }).success).toBe(false)
    expect(FiscalPeriod.safeParse({ kind: "year", fiscalYear: 2024, index: 1 }).success).toBe(true)
  })

  it("places every date in exactly one period of each kind, the one periodOf returns", () => {
    fc.assert(
      fc.property(dateBetween([1900, 1, 1], [2200, 12, 31]), (date) => {
        const fiscalYear = fiscalYearOf(date)
        const range = fiscalYearRange(fiscalYear)
        expect(range.start <= iso(date) && iso(date) <= range.end).toBe(true)
        for (const kind of kinds) {
          const containing = periodsOfFiscalYear(fiscalYear, kind).filter((period) => {
            const { start, end } = periodRange(period)
            return start <= iso(date) && iso(date) <= end
          })
          expect(containing).toHaveLength(1)
          expect(periodOf(kind, date)).toEqual(containing[0])
          expect(FiscalPeriod.parse(containing[0])).toEqual(containing[0])
        }
      }),
    )
  })

  it("partitions each fiscal year: periods are contiguous, in order, from April 1 to March 31", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1868, max: 9000 }), (fiscalYear) => {
        const year = fiscalYearRange(fiscalYear)
        for (const kind of kinds) {
          const ranges = periodsOfFiscalYear(fiscalYear, kind).map(periodRange)
          expect(ranges.length).toBe({ year: 1, half: 2, quarter: 4, month: 12 }[kind])
          expect(ranges[0]?.start).toBe(year.start)
          expect(ranges.at(-1)?.end).toBe(year.end)
          for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe(nextDay(ranges[i - 1]!.end))
          for (const r of ranges) expect(r.start <= r.end).toBe(true)
        }
      }),
    )
  })

  it("labels periods in 和暦 and English", () => {
    expect(periodLabel({ kind: "year", fiscalYear: 2024, index: 1 })).toEqual({ ja: "令和6年度", en: "FY2024" })
    expect(periodLabel({ kind: "quarter", fiscalYear: 2024, index: 1 })).toEqual({
      ja: "令和6年度 第1四半期",
      en: "FY2024 Q1",
    })
    expect(periodLabel({ kind: "half", fiscalYear: 2024, index: 2 })).toEqual({ ja: "令和6年度 下期", en: "FY2024 H2" })
    expect(periodLabel({ kind: "month", fiscalYear: 2024, index: 10 })).toEqual({
      ja: "令和6年度 1月",
      en: "FY2024 January",
    })
    expect(periodLabel({ kind: "year", fiscalYear: 2019, index: 1 }).ja).toBe("令和元年度")
  })
})

describe("介護保険事業計画期", () => {
  it("numbers three-year periods from fiscal 2000: 第1期 2000–2002, 第9期 2024–2026, 第10期 2027–2029", () => {
    expect(insurancePlanPeriodOf(2000)).toBe(1)
    expect(insurancePlanPeriodOf(2002)).toBe(1)
    expect(insurancePlanPeriodOf(2003)).toBe(2)
    expect(insurancePlanPeriodOf(2024)).toBe(9)
    expect(insurancePlanPeriodOf(2026)).toBe(9)
    expect(insurancePlanPeriodOf(2027)).toBe(10)
    expect(insurancePlanPeriodRange(1)).toEqual({ firstFiscalYear: 2000, lastFiscalYear: 2002 })
    expect(insurancePlanPeriodRange(9)).toEqual({ firstFiscalYear: 2024, lastFiscalYear: 2026 })
    expect(insurancePlanPeriodRange(10)).toEqual({ firstFiscalYear: 2027, lastFiscalYear: 2029 })
    expect(() => insurancePlanPeriodOf(1999)).toThrow(RangeError)
    expect(() => insurancePlanPeriodRange(0)).toThrow(RangeError)
  })

  it("maps every fiscal year of a period back to that period", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (period) => {
        const { firstFiscalYear, lastFiscalYear } = insurancePlanPeriodRange(period)
        expect(lastFiscalYear - firstFiscalYear).toBe(2)
        for (let fy = firstFiscalYear; fy <= lastFiscalYear; fy++) expect(insurancePlanPeriodOf(fy)).toBe(period)
      }),
    )
  })

  it("labels periods 第9期 / 9th plan period with correct English ordinals", () => {
    expect(insurancePlanPeriodLabel(9)).toEqual({ ja: "第9期", en: "9th plan period" })
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 111].map((n) => insurancePlanPeriodLabel(n).en)).toEqual([
      "1st plan period",
      "2nd plan period",
      "3rd plan period",
      "4th plan period",
      "11th plan period",
      "12th plan period",
      "13th plan period",
      "21st plan period",
      "22nd plan period",
      "23rd plan period",
      "111th plan period",
    ])
  })
})

describe("和暦", () => {
  it("defines eras as data, in order", () => {
    expect(eras.map((era) => [era.name.ja, era.start])).toEqual([
      ["明治", "1868-10-23"],
      ["大正", "1912-07-30"],
      ["昭和", "1926-12-25"],
      ["平成", "1989-01-08"],
      ["令和", "2019-05-01"],
    ])
  })

  it("converts era boundary days exactly", () => {
    const cases: ReadonlyArray<[string, string, string]> = [
      ["1912-07-29", "明治45年7月29日", "M45.7.29"],
      ["1912-07-30", "大正元年7月30日", "T1.7.30"],
      ["1926-12-24", "大正15年12月24日", "T15.12.24"],
      ["1926-12-25", "昭和元年12月25日", "S1.12.25"],
      ["1989-01-07", "昭和64年1月7日", "S64.1.7"],
      ["1989-01-08", "平成元年1月8日", "H1.1.8"],
      ["2019-04-30", "平成31年4月30日", "H31.4.30"],
      ["2019-05-01", "令和元年5月1日", "R1.5.1"],
    ]
    for (const [date, long, short] of cases) {
      expect(formatWareki(date), date).toBe(long)
      expect(formatWareki(date, { style: "short" }), date).toBe(short)
      expect(successOf(parseWareki(long))).toEqual(toPlainDate(date))
      expect(successOf(parseWareki(short))).toEqual(toPlainDate(date))
    }
    expect(toWareki("2019-05-01")).toEqual({ era: "reiwa", eraName: "令和", year: 1, month: 5, day: 1 })
    expect(formatWareki(new Date("2019-04-30T15:00:00Z"))).toBe("令和元年5月1日")
    expect(() => toWareki("1868-10-22")).toThrow(RangeError)
  })

  it("writes year 1 as 元年 by default and as 1年 on request", () => {
    expect(formatWareki("2019-05-01")).toBe("令和元年5月1日")
    expect(formatWareki("2019-05-01", { firstYear: "numeric" })).toBe("令和1年5月1日")
    expect(formatWareki("2020-05-01")).toBe("令和2年5月1日")
    expect(formatWareki("2019-12-31", { style: "fiscalYear" })).toBe("令和元年度")
    expect(formatWareki("2019-12-31", { style: "fiscalYear", firstYear: "numeric" })).toBe("令和1年度")
  })

  it("names fiscal years in the era in effect at the end of their first calendar year", () => {
    expect(formatWareki("2025-03-31", { style: "fiscalYear" })).toBe("令和6年度")
    expect(formatWarekiFiscalYear(2024)).toBe("令和6年度")
    expect(formatWarekiFiscalYear(2019)).toBe("令和元年度")
    expect(formatWarekiFiscalYear(1989)).toBe("平成元年度")
    expect(formatWarekiFiscalYear(1988)).toBe("昭和63年度")
  })

  it("round-trips format → parse for every date from 1926-12-25 to 2100 (long, 1年, short, full-width)", () => {
    fc.assert(
      fc.property(dateBetween([1926, 12, 25], [2100, 12, 31]), (date) => {
        const long = formatWareki(date)
        expect(successOf(parseWareki(long))).toEqual(date)
        expect(successOf(parseWareki(formatWareki(date, { firstYear: "numeric" })))).toEqual(date)
        const short = formatWareki(date, { style: "short" })
        expect(successOf(parseWareki(short))).toEqual(date)
        expect(successOf(parseWareki(toFullWidth(long)))).toEqual(date)
        expect(successOf(parseWareki(toFullWidth(short.replaceAll(".", "/"))))).toEqual(date)
      }),
      { numRuns: 1000 },
    )
  })

  it("round-trips fiscal years through their 和暦 label", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1868, max: 2200 }), (fiscalYear) => {
        expect(successOf(parseWarekiFiscalYear(formatWarekiFiscalYear(fiscalYear)))).toBe(fiscalYear)
      }),
    )
  })

  it("parses the usual written forms", () => {
    const expected: ReadonlyArray<[string, PlainDate]> = [
      ["令和元年5月1日", { year: 2019, month: 5, day: 1 }],
      ["令和6年4月1日", { year: 2024, month: 4, day: 1 }],
      ["平成31年4月30日", { year: 2019, month: 4, day: 30 }],
      ["R6.4.1", { year: 2024, month: 4, day: 1 }],
      ["r6.4.1", { year: 2024, month: 4, day: 1 }],
      ["H31/4/30", { year: 2019, month: 4, day: 30 }],
      ["令和６年４月１日", { year: 2024, month: 4, day: 1 }],
      ["Ｒ６．４．１", { year: 2024, month: 4, day: 1 }],
      [" 令和 6年 4月 1日 ", { year: 2024, month: 4, day: 1 }],
      ["昭64.1.7", { year: 1989, month: 1, day: 7 }],
    ]
    for (const [text, date] of expected) expect(successOf(parseWareki(text)), text).toEqual(date)
    expect(successOf(parseWarekiFiscalYear("令和６年度"))).toBe(2024)
    expect(successOf(parseWarekiFiscalYear("令和元年度"))).toBe(2019)
    expect(successOf(parseWarekiFiscalYear("平成31年度"))).toBe(2019)
    expect(successOf(parseWarekiFiscalYear("R6年度"))).toBe(2024)
  })

  it("rejects dates outside their era with a message naming the era boundary", () => {
    for (const text of ["令和1年4月30日", "令和元年4月30日", "R1.4.30"]) {
      const error = failureOf(parseWareki(text))
      expect(error).toBeInstanceOf(WarekiParseError)
      expect(error.reason, text).toBe("outside_era")
      expect(error.message).toBe(
        "令和1年4月30日 (2019-04-30) is before the 令和 era began on 2019-05-01; that day is 平成31年4月30日",
      )
    }
    const heisei32 = failureOf(parseWareki("平成32年1月1日"))
    expect(heisei32.reason).toBe("outside_era")
    expect(heisei32.message).toBe(
      "平成32年1月1日 (2020-01-01) is after the 平成 era ended on 2019-04-30; that day is 令和2年1月1日",
    )
    expect(failureOf(parseWareki("平成31年5月1日")).reason).toBe("outside_era")
    expect(failureOf(parseWareki("昭和64年1月8日")).reason).toBe("outside_era")
    expect(failureOf(parseWarekiFiscalYear("平成32年度")).message).toBe(
      "平成32年度 would be fiscal 2020, which began after the 平成 era ended on 2019-04-30; it is 令和2年度",
    )
    expect(failureOf(parseWarekiFiscalYear("昭和64年度")).reason).toBe("outside_era")
  })

  it("rejects days and months that do not exist, and year 0", () => {
    const february30 = failureOf(parseWareki("令和6年2月30日"))
    expect(february30.reason).toBe("invalid_date")
    expect(february30.message).toBe("令和6年2月30日 does not exist: February 2024 has 29 days")
    expect(february30.description.ja).toBe("令和6年2月30日は存在しません（2024年2月は29日までです）")
    expect(successOf(parseWareki("令和6年2月29日"))).toEqual({ year: 2024, month: 2, day: 29 })
    expect(failureOf(parseWareki("令和5年2月29日")).reason).toBe("invalid_date")
    expect(failureOf(parseWareki("令和6年13月1日")).reason).toBe("invalid_date")
    expect(failureOf(parseWareki("R6.4.0")).reason).toBe("invalid_date")
    expect(failureOf(parseWareki("令和0年5月1日")).reason).toBe("invalid_date")
    expect(failureOf(parseWarekiFiscalYear("令和0年度")).reason).toBe("invalid_date")
  })

  it("rejects text that is not a 和暦 date", () => {
    for (const text of ["2024-04-01", "令和六年四月一日", "X6.4.1", "R6.4", "令和6年4月", "", "R6.4/1"]) {
      expect(failureOf(parseWareki(text)).reason, text).toBe("syntax")
    }
    for (const text of ["令和6年", "2024年度", "令和年度"]) {
      expect(failureOf(parseWarekiFiscalYear(text)).reason, text).toBe("syntax")
    }
  })
})
