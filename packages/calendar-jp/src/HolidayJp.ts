/**
 * The `BusinessCalendar` port on the holiday data of `@holiday-jp/holiday_jp` (the JavaScript package of the
 * holiday-jp project's `holidays.yml`): 国民の祝日, 振替休日 and 国民の休日, including the days set by special laws
 * (2019-05-01, 2019-10-22, the moved 2020 and 2021 holidays). No holiday is computed here; every one comes from the
 * data, and the covered years are those the data lists.
 *
 * @since 0.1.0
 */

import holidayJp from "@holiday-jp/holiday_jp"
import {
  BusinessCalendar,
  type DateRange,
  type Holiday,
  type HolidayCalendar,
  type HolidayData,
  type HolidayKind,
  makeHolidayCalendar,
  ValidationError,
} from "@zaitaku/core"
import { Effect, Layer, Result } from "effect"

/** In `holidays.yml`, 振替休日 are named "<holiday> 振替休日" and 国民の休日 plainly "休日". */
const kindOf = (name: string): HolidayKind =>
  name.endsWith("振替休日") ? "substitute_holiday" : name === "休日" ? "citizens_holiday" : "national_holiday"

const entries = Object.values(holidayJp.holidays as Record<string, { date: string; name: string; name_en: string }>)
const years = entries.map((entry) => Number(entry.date.slice(0, 4)))

/**
 * The data source, with the version of the installed package (`"@holiday-jp/holiday_jp 2.5.1"`).
 *
 * @since 0.1.0
 * @category data
 * @example
 * ```ts
 * import { holidayJpSource } from "@zaitaku/calendar-jp"
 *
 * console.log(holidayJpSource) // "@holiday-jp/holiday_jp 2.5.1"
 * ```
 */
export const holidayJpSource = `@holiday-jp/holiday_jp ${holidayJp.VERSION}`

/**
 * The dates the data covers: from January 1 of its first year to December 31 of its last (1970-01-01 …
 * 2050-12-31 with version 2.5.1). Years after the current one are the data's projection of today's law: 春分の日
 * and 秋分の日 are officially fixed only in February of the year before, and laws change. Narrow the coverage with
 * {@link layerHolidayJpUntil} to trust only announced years.
 *
 * @since 0.1.0
 * @category data
 * @example
 * ```ts
 * import { holidayJpCoverage } from "@zaitaku/calendar-jp"
 *
 * holidayJpCoverage // { start: "1970-01-01", end: "2050-12-31" }
 * ```
 */
export const holidayJpCoverage: DateRange = {
  start: `${String(Math.min(...years)).padStart(4, "0")}-01-01`,
  end: `${String(Math.max(...years)).padStart(4, "0")}-12-31`,
}

/**
 * 祝日データ (holiday data) of the package as Zaitaku {@link HolidayData}: each holiday with its Japanese and English
 * name from the data and its {@link HolidayKind} (振替休日, 国民の休日 or 国民の祝日).
 *
 * @since 0.1.0
 * @category data
 * @example
 * ```ts
 * import { holidayJpData } from "@zaitaku/calendar-jp"
 *
 * holidayJpData.holidays.find((h) => h.date === "2019-05-02")?.kind // "citizens_holiday"
 * ```
 */
export const holidayJpData: HolidayData = {
  source: holidayJpSource,
  coverage: holidayJpCoverage,
  holidays: entries.map(
    (entry): Holiday => ({ date: entry.date, name: { ja: entry.name, en: entry.name_en }, kind: kindOf(entry.name) }),
  ),
}

/**
 * The checked {@link HolidayCalendar} of the package's whole coverage, for pure code (the coordination engine).
 *
 * @since 0.1.0
 * @category data
 * @example
 * ```ts
 * import { isBusinessDay, defaultBusinessSchedule } from "@zaitaku/core"
 * import { holidayJpCalendar } from "@zaitaku/calendar-jp"
 *
 * isBusinessDay(holidayJpCalendar, defaultBusinessSchedule, "2024-02-12") // Result.succeed(false)
 * ```
 */
export const holidayJpCalendar: HolidayCalendar = Result.getOrThrow(makeHolidayCalendar(holidayJpData))

/**
 * The `BusinessCalendar` on the package's data over its whole coverage ({@link holidayJpCoverage}).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { BusinessCalendar } from "@zaitaku/core"
 * import { layerHolidayJp } from "@zaitaku/calendar-jp"
 *
 * const next = Effect.flatMap(Effect.service(BusinessCalendar), (c) => c.nextBusinessDay("2024-12-27"))
 * Effect.runSync(Effect.provide(next, layerHolidayJp)) // "2025-01-06"
 * ```
 */
export const layerHolidayJp: Layer.Layer<BusinessCalendar> = Layer.succeed(
  BusinessCalendar,
  BusinessCalendar.make(holidayJpCalendar),
)

/**
 * The `BusinessCalendar` on the package's data up to `end` only (for example the last year whose 春分の日 and
 * 秋分の日 are announced): later dates fail with `DateOutsideCalendar`. Fails to build with a `ValidationError` when
 * `end` is not a date inside the data's coverage.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { layerHolidayJpUntil } from "@zaitaku/calendar-jp"
 *
 * const layer = layerHolidayJpUntil("2027-12-31")
 * ```
 */
export const layerHolidayJpUntil = (end: string): Layer.Layer<BusinessCalendar, ValidationError> =>
  Layer.effect(
    BusinessCalendar,
    Effect.map(
      Effect.fromResult(
        end > holidayJpCoverage.end
          ? Result.fail(
              new ValidationError({
                subject: "holiday data",
                issues: [
                  {
                    path: ["coverage", "end"],
                    code: "outside_coverage",
                    message: {
                      ja: `${holidayJpSource}の祝日データは${holidayJpCoverage.end}までです（指定: ${end}）`,
                      en: `${holidayJpSource} has holiday data up to ${holidayJpCoverage.end} only, not ${end}`,
                    },
                  },
                ],
              }),
            )
          : makeHolidayCalendar({
              ...holidayJpData,
              coverage: { start: holidayJpCoverage.start, end },
              holidays: holidayJpData.holidays.filter((holiday) => holiday.date <= end),
            }),
      ),
      BusinessCalendar.make,
    ),
  )
