/**
 * `@zaitaku/calendar-jp`: the `BusinessCalendar` port of `@zaitaku/core` for Japan, with 国民の祝日, 振替休日 and
 * 国民の休日 from the maintained `@holiday-jp/holiday_jp` data.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * from "./HolidayJp.js"
