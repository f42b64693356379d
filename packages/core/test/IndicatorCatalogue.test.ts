import {
  compileIndicator,
  DataValue,
  evaluateIndicator,
  expressionDataElements,
  findStandardIndicator,
  makeDataValueIndex,
  municipalityArea,
  standardDataElements,
  standardIndicators,
} from "@zaitaku/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { year } from "./fixtures/indicators.js"

const hachinohe = municipalityArea("022039")

describe("standard indicator catalogue", () => {
  it("has at least 20 indicators with unique codes and names and definitions in Japanese and English", () => {
    expect(standardIndicators.length).toBeGreaterThanOrEqual(20)
    expect(new Set(standardIndicators.map((i) => i.code)).size).toBe(standardIndicators.length)
    expect(new Set(standardDataElements.map((e) => e.code)).size).toBe(standardDataElements.length)
    for (const indicator of standardIndicators) {
      for (const text of [indicator.name, indicator.definition, indicator.numeratorDescription]) {
        expect(text.ja.length, indicator.code).toBeGreaterThan(0)
        expect(text.en.length, indicator.code).toBeGreaterThan(0)
      }
    }
  })

  it("compiles every indicator against the standard data elements", () => {
    for (const indicator of standardIndicators) {
      const compiled = compileIndicator(indicator, standardDataElements)
      expect(
        Result.isSuccess(compiled),
        `${indicator.code}: ${Result.isFailure(compiled) ? compiled.failure.message : ""}`,
      ).toBe(true)
    }
  })

  it("covers program-derived indicators and 医療計画-style ones", () => {
    for (const code of [
      "consultations_total",
      "professional_consultation_share",
      "training_participants",
      "council_meetings_held",
      "admission_information_on_time_rate",
      "directory_assured_rate",
      "discharge_coordination_rate",
      "home_visit_clinics",
      "home_deaths",
    ]) {
      expect(findStandardIndicator(code), code).toBeDefined()
    }
    const sources = new Set(standardIndicators.map((i) => i.dataSource))
    expect(sources).toContain("activity_records")
    expect(sources).toContain("directory")
    expect(sources).toContain("coordination")
  })

  it("marks the names REFERENCE.md lists as unverified, and cites the 第8次医療計画 additions as official", () => {
    for (const code of [
      "home_visit_clinics",
      "home_care_support_clinics",
      "discharge_support_staff_hospitals",
      "home_visit_patients",
      "home_deaths",
      "home_nursing_stations",
    ]) {
      const indicator = findStandardIndicator(code)!
      expect(indicator.unconfirmed, code).toMatch(/not verified/)
    }
    for (const code of [
      "enhanced_home_care_support_clinics",
      "home_nursing_terminal_care_patients",
      "pharmacies_24h",
    ]) {
      const indicator = findStandardIndicator(code)!
      expect(indicator.source.grade, code).toBe("official")
      expect(indicator.source.url, code).toContain("wic-net.com/material/document/6263/45")
      expect(indicator.unconfirmed, code).toBeDefined()
    }
    expect(findStandardIndicator("consultations_total")?.unconfirmed).toBeUndefined()
  })

  it("evaluates every indicator to no data, with reasons, when nothing has been entered", () => {
    const empty = makeDataValueIndex([])
    for (const indicator of standardIndicators) {
      const value = evaluateIndicator(
        Result.getOrThrow(compileIndicator(indicator, standardDataElements)),
        hachinohe,
        year(2025),
        empty,
      )
      expect(value.value, indicator.code).toBeNull()
      expect(value.noData.length, indicator.code).toBeGreaterThan(0)
    }
  })

  it("evaluates every indicator to a finite number once its data elements have values", () => {
    for (const indicator of standardIndicators) {
      const compiled = Result.getOrThrow(compileIndicator(indicator, standardDataElements))
      const references = [
        compiled.numerator,
        ...(compiled.denominator === undefined ? [] : [compiled.denominator]),
      ].flatMap((expression) => expressionDataElements(expression))
      const values = references.map((reference) =>
        DataValue.parse({
          dataElement: reference.dataElement,
          ...(reference.option === undefined ? {} : { option: reference.option }),
          area: hachinohe,
          period: year(2025),
          // Totals larger than any option keep "total minus options" denominators positive.
          value: reference.option === undefined ? 10 : 2,
          provenance: { source: "entered", at: "2026-04-01T09:00:00+09:00" },
        }),
      )
      const value = evaluateIndicator(compiled, hachinohe, year(2025), makeDataValueIndex(values))
      expect(value.noData, indicator.code).toEqual([])
      expect(Number.isFinite(value.value), indicator.code).toBe(true)
    }
  })
})
