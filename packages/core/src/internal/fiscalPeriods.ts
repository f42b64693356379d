import { type FiscalPeriod, type FiscalPeriodKind, fiscalYearRange, periodRange } from "../Period.js"

const monthsPerPeriod: Readonly<Record<FiscalPeriodKind, number>> = { year: 12, half: 6, quarter: 3, month: 1 }

/** Number of periods of a kind in a fiscal year (1, 2, 4 or 12). */
export const periodsPerYear = (kind: FiscalPeriodKind): number => 12 / monthsPerPeriod[kind]

/** Months in a period of a kind. */
export const monthsOf = (kind: FiscalPeriodKind): number => monthsPerPeriod[kind]

/** A stable text key of a period: `year:2024:1`, `month:2024:12`. */
export const periodKey = (period: FiscalPeriod): string => `${period.kind}:${period.fiscalYear}:${period.index}`

/**
 * The period `offset` periods of the same kind after `period` (before, when negative), crossing fiscal years;
 * `undefined` outside fiscal years 1–9998.
 */
export const shiftPeriod = (period: FiscalPeriod, offset: number): FiscalPeriod | undefined => {
  const count = periodsPerYear(period.kind)
  const ordinal = period.fiscalYear * count + (period.index - 1) + offset
  const fiscalYear = Math.floor(ordinal / count)
  if (fiscalYear < 1 || fiscalYear > 9998) return undefined
  return { kind: period.kind, fiscalYear, index: (ordinal % count) + 1 } as FiscalPeriod
}

/** True when `inner` lies within `outer` (a period contains itself). */
export const periodContains = (outer: FiscalPeriod, inner: FiscalPeriod): boolean => {
  if (outer.fiscalYear !== inner.fiscalYear) return false
  const o = periodRange(outer)
  const i = periodRange(inner)
  return o.start <= i.start && i.end <= o.end
}

const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000

/** Days in a period, both ends included. */
export const daysIn = (period: FiscalPeriod): number => {
  const range = periodRange(period)
  return dayNumber(range.end) - dayNumber(range.start) + 1
}

/** Days in the fiscal year of a period (365 or 366). */
export const daysInFiscalYear = (fiscalYear: number): number => {
  const range = fiscalYearRange(fiscalYear)
  return dayNumber(range.end) - dayNumber(range.start) + 1
}
