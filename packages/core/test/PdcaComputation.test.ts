import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  Area,
  applyCaseWrite,
  type Case,
  CaseId,
  type CaseWrite,
  coordinationDataValues,
  type DataValue,
  dataValueRows,
  directoryDataValues,
  evaluateIndicators,
  formatPeriodCode,
  IndicatorDefinition,
  makeAreaHierarchy,
  makeHolidayCalendar,
  NewCase,
  type NewCaseInput,
  parseAreaCode,
  parsePeriodCode,
  prepareCase,
  ResourceId,
  RuleSet,
  standardDataElements,
  standardIndicators,
  TenantId,
} from "../src/index.js"

// ---------------------------------------------------------------------------------------------------------------
// Shared area hierarchy: 八戸市 and 三戸町 form the 二次医療圏 0203
// ---------------------------------------------------------------------------------------------------------------

const hierarchy = makeAreaHierarchy([
  Area.parse({
    kind: "secondary_medical_area",
    code: "0203",
    name: { ja: "八戸地域", en: "Hachinohe" },
    members: ["022039", "024414"],
  }),
])
const hachinohe = { kind: "municipality", code: "022039" } as const
const sannohe = { kind: "municipality", code: "024414" } as const
const area0203 = { kind: "secondary_medical_area", code: "0203" } as const
const fy = (fiscalYear: number) => ({ kind: "year", fiscalYear, index: 1 }) as const
const at = "2026-04-01T09:00:00+09:00"

const valueIn = (
  values: ReadonlyArray<DataValue>,
  element: string,
  area: { kind: string; code: string },
  period: unknown,
) =>
  values.find(
    (v) =>
      v.dataElement === element &&
      v.area.kind === area.kind &&
      v.area.code === area.code &&
      JSON.stringify(v.period) === JSON.stringify(period),
  )?.value

describe("period and area codes", () => {
  it("reads and writes fiscal years, halves, quarters and calendar months", () => {
    expect(parsePeriodCode("FY2025")).toEqual({ kind: "year", fiscalYear: 2025, index: 1 })
    expect(parsePeriodCode("FY2025-H2")).toEqual({ kind: "half", fiscalYear: 2025, index: 2 })
    expect(parsePeriodCode("fy2025-q4")).toEqual({ kind: "quarter", fiscalYear: 2025, index: 4 })
    // April is the first month of the fiscal year; January belongs to the fiscal year before
    expect(parsePeriodCode("2025-04")).toEqual({ kind: "month", fiscalYear: 2025, index: 1 })
    expect(parsePeriodCode("2026-03")).toEqual({ kind: "month", fiscalYear: 2025, index: 12 })
    for (const bad of ["2025", "FY2025-Q5", "2025-13", "FY2025-H3", ""]) expect(parsePeriodCode(bad)).toBeUndefined()
    for (const code of ["FY2025", "FY2025-H1", "FY2025-Q3", "2025-04", "2026-01", "2026-03"]) {
      expect(formatPeriodCode(parsePeriodCode(code)!)).toBe(code)
    }
  })

  it("reads area codes, a bare code being a municipality", () => {
    expect(parseAreaCode("022039")).toEqual(hachinohe)
    expect(parseAreaCode("secondary_medical_area:0203")).toEqual(area0203)
    expect(parseAreaCode("prefecture:020001")).toEqual({ kind: "prefecture", code: "020001" })
    expect(parseAreaCode("022038")).toBeUndefined() // wrong check digit
    expect(parseAreaCode("galaxy:1")).toBeUndefined()
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Directory
// ---------------------------------------------------------------------------------------------------------------

const entry = (
  n: number,
  spec: {
    kind?: "clinic" | "hospital" | "home_nursing_station" | "clinic_without_beds"
    municipality?: string
    capabilities?: ReadonlyArray<"home_visit_medical_care">
    status?: "active" | "suspended" | "closed"
    closedOn?: string
    assuredAt?: string
    createdAt?: string
  },
) => ({
  id: ResourceId.parse(`0192f5a0-0000-7000-8000-${n.toString().padStart(12, "0")}`),
  kind: spec.kind ?? "clinic",
  address: { prefectureCode: "02", municipalityCode: spec.municipality ?? "022039", line: "-" },
  capabilities: [...(spec.capabilities ?? [])],
  status: spec.status ?? "active",
  ...(spec.closedOn === undefined ? {} : { closedOn: spec.closedOn }),
  ...(spec.assuredAt === undefined ? {} : { assuredAt: spec.assuredAt }),
  createdAt: spec.createdAt ?? "2024-01-10T09:00:00+09:00",
})

describe("data values from the directory", () => {
  //  entry  municipality  kind                 home visits  status            assured (Japan date)   FY2025 (to 2026-03-31)
  //  1      八戸市        clinic_without_beds  yes          active            2025-04-01 00:30 JST   listed, assured (first day)
  //  2      八戸市        hospital             yes          active            2025-03-31             listed, not assured (13 months)
  //  3      八戸市        home_nursing_station —            active            2026-03-31             listed, assured (last day)
  //  4      八戸市        clinic               yes          closed 2025-10-01 2025-06-01             not listed
  //  5      八戸市        clinic               —            closed 2026-04-10 never                  listed (closed after)
  //  6      八戸市        clinic               yes          active            2026-04-02, created 2026-04-02  not yet listed
  //  7      三戸町        hospital             —            suspended         2025-12-01             listed, assured
  //  8      五戸町 (not in the hierarchy)                                                           unattributed
  const resources = [
    entry(1, {
      kind: "clinic_without_beds",
      capabilities: ["home_visit_medical_care"],
      assuredAt: "2025-03-31T15:30:00Z",
    }),
    entry(2, { kind: "hospital", capabilities: ["home_visit_medical_care"], assuredAt: "2025-03-31T10:00:00+09:00" }),
    entry(3, { kind: "home_nursing_station", assuredAt: "2026-03-31T23:00:00+09:00" }),
    entry(4, {
      capabilities: ["home_visit_medical_care"],
      status: "closed",
      closedOn: "2025-10-01",
      assuredAt: "2025-06-01T10:00:00+09:00",
    }),
    entry(5, { status: "closed", closedOn: "2026-04-10" }),
    entry(6, {
      capabilities: ["home_visit_medical_care"],
      assuredAt: "2026-04-02T10:00:00+09:00",
      createdAt: "2026-04-02T10:00:00+09:00",
    }),
    entry(7, { kind: "hospital", municipality: "024414", status: "suspended", assuredAt: "2025-12-01T10:00:00+09:00" }),
    entry(8, { municipality: "024465" }),
  ]
  const computed = directoryDataValues(resources as never, { hierarchy, periods: [fy(2025)], at })

  it("counts listed entries, entries assured within 12 months and clinics and hospitals making home visits", () => {
    expect(valueIn(computed.values, "resources_active", hachinohe, fy(2025))).toBe(4) // 1, 2, 3, 5
    expect(valueIn(computed.values, "resources_assured_12m", hachinohe, fy(2025))).toBe(2) // 1, 3
    expect(valueIn(computed.values, "home_visit_clinics", hachinohe, fy(2025))).toBe(2) // 1, 2
    expect(valueIn(computed.values, "resources_active", sannohe, fy(2025))).toBe(1)
    expect(valueIn(computed.values, "resources_assured_12m", sannohe, fy(2025))).toBe(1)
    expect(valueIn(computed.values, "home_visit_clinics", sannohe, fy(2025))).toBe(0) // zero is a value
    expect(computed.values.every((v) => v.provenance.source === "computed" && v.provenance.from === "directory")).toBe(
      true,
    )
    expect(computed.unattributed.map((u) => u.area?.code)).toEqual(["024465"])
    expect(computed.unattributed[0]!.message.ja).toContain("024465")
  })

  it("gives the 資源情報の更新率 of the 二次医療圏 from the sums: (2 + 1) ÷ (4 + 1) = 60%", () => {
    const result = evaluateIndicators({
      definitions: standardIndicators.filter((i) => i.code === "directory_assured_rate"),
      elements: standardDataElements,
      values: computed.values,
      hierarchy,
      targets: [],
      periods: [fy(2025)],
    })
    const row = (area: { kind: string; code: string }) =>
      result.rows.find((r) => r.area.kind === area.kind && r.area.code === area.code)!
    expect(row(hachinohe)).toMatchObject({ value: 50, numerator: 2, denominator: 4 })
    expect(row(sannohe)).toMatchObject({ value: 100, numerator: 1, denominator: 1 })
    // an average of the two ratios would say 75%
    expect(row(area0203)).toMatchObject({ value: 60, numerator: 3, denominator: 5 })
    expect(row({ kind: "prefecture", code: "020001" })).toMatchObject({ value: 60 })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Coordination
// ---------------------------------------------------------------------------------------------------------------

const region = RuleSet.parse({
  id: "test-region",
  name: { ja: "テスト圏域 入退院ルール", en: "Test region rules" },
  version: "1",
  effective: { from: "2024-04-01", to: null },
  scope: { kind: "regional", municipalities: ["022039", "024414"] },
  sources: [{ title: "test", grade: "I" }],
  rules: [
    {
      id: "admission",
      name: { ja: "入院時", en: "At admission" },
      trigger: "admission",
      applicability: {
        careManager: "present",
        careLevels: ["support_1", "support_2", "care_1", "care_2", "care_3", "care_4", "care_5"],
      },
      obligations: [
        {
          id: "cm-informs-hospital",
          name: { ja: "入院時情報提供", en: "Admission information" },
          actor: "care_manager",
          action: { kind: "share_information", to: "hospital" },
          deadline: { kind: "calendar_days", days: 3, dayOne: "next_day" },
        },
      ],
    },
    {
      id: "discharge",
      name: { ja: "退院時", en: "At discharge" },
      trigger: "discharge",
      applicability: {
        careManager: "present",
        careLevels: ["support_1", "support_2", "care_1", "care_2", "care_3", "care_4", "care_5"],
      },
      obligations: [
        {
          id: "hospital-informs-cm",
          name: { ja: "退院時情報提供", en: "Discharge information" },
          actor: "hospital",
          action: { kind: "share_information", to: "care_manager" },
          deadline: { kind: "calendar_days", days: 0, dayOne: "next_day" },
          acceptsEarlierEvidence: true,
        },
      ],
    },
  ],
})

const calendar = Result.getOrThrow(
  makeHolidayCalendar({
    source: "test",
    coverage: { start: "2024-06-01", end: "2024-09-30" },
    holidays: [{ date: "2024-07-15", name: { ja: "海の日", en: "Marine Day" }, kind: "national_holiday" }],
  }),
)

const H1 = ResourceId.parse("0192f5a0-0000-7000-8000-00000000a001")
const H2 = ResourceId.parse("0192f5a0-0000-7000-8000-00000000a002")
const X = ResourceId.parse("0192f5a0-0000-7000-8000-00000000c001")
const Y = ResourceId.parse("0192f5a0-0000-7000-8000-00000000c002")
const tenantId = TenantId.parse("0192f5a0-0000-7000-8000-0000000000aa")
const by = { kind: "api_key" as const, id: "k" }

let serial = 0
const jst = (date: string, time = "10:00") => `${date}T${time}:00+09:00`

/** A case admitted at `admitted`, with the hospital, office (or none), care level and patient municipality. */
const seed = (spec: {
  hospital: ResourceId
  office?: ResourceId
  level: NewCaseInput["careLevel"]
  admitted: string
  municipality?: string
  writes?: ReadonlyArray<(c: Case) => CaseWrite>
}): Case => {
  serial += 1
  const id = CaseId.parse(`0192f5a0-0000-7000-8000-${serial.toString().padStart(12, "0")}`)
  const input = NewCase.parse({
    patient: `p-${serial}`,
    patientMunicipality: spec.municipality ?? "022039",
    parties: {
      hospital: { id: spec.hospital, municipality: spec.hospital === H1 ? "022039" : "024414" },
      ...(spec.office === undefined ? {} : { care_manager: { id: spec.office } }),
    },
    careLevel: spec.level,
    ageBand: "65_and_over",
    events: [{ type: "admission", at: spec.admitted }],
  })
  const at = new Date("2024-08-01T12:00:00+09:00")
  let c = Result.getOrThrow(prepareCase(input, { id, tenantId, at, by, eventIds: [`adm-${serial}`] }))
  let n = 0
  for (const write of spec.writes ?? []) {
    const next = write(c)
    const withId =
      next.kind === "record_event" || next.kind === "record_evidence" ? { ...next, id: `${c.id}-${n++}` } : next
    c = Result.getOrThrow(applyCaseWrite(c, withId, { at, by }))!.case
  }
  return c
}

const cmInforms =
  (date: string) =>
  (c: Case): CaseWrite => ({
    kind: "record_evidence",
    id: "",
    evidence: {
      kind: "form_sent",
      at: jst(date),
      from: "care_manager",
      to: "hospital",
      templateId: "admission-information",
      formResponseId: `response-${c.id}`,
      recipientId: c.parties.hospital.id,
    },
  })
const cmContacts = (date: string) => (): CaseWrite => ({
  kind: "record_evidence",
  id: "",
  evidence: { kind: "contact", at: jst(date), from: "care_manager", to: "hospital" },
})
const hospitalContacts = (date: string) => (): CaseWrite => ({
  kind: "record_evidence",
  id: "",
  evidence: { kind: "contact", at: jst(date), from: "hospital", to: "care_manager" },
})
const discharged = (date: string) => (): CaseWrite => ({
  kind: "record_event",
  id: "",
  event: { type: "discharge", at: jst(date) },
})

//  case  hospital office level      admitted          CM → hospital (due +3)   discharge  hospital → CM
//  C1    H1       X      要介護2    07-01 (八戸市)    07-02 on time            07-10      contact 07-08
//  C2    H1       X      要介護4    07-03 (八戸市)    07-08 late (due 07-06)   07-20      none
//  C3    H1       Y      要支援1    07-05 (八戸市)    none: missed (due 07-08) 07-12      contact 07-11
//  C4    H2       Y      要支援2    07-10 (三戸町)    07-15 late (due 07-13)   07-25      contact 07-26 (after)
//  C5    H2       X      要介護1    07-20 (五戸町, outside the hierarchy)
// now: 2024-08-01 12:00
const cases = [
  seed({
    hospital: H1,
    office: X,
    level: "care_2",
    admitted: jst("2024-07-01"),
    writes: [cmInforms("2024-07-02"), hospitalContacts("2024-07-08"), discharged("2024-07-10")],
  }),
  seed({
    hospital: H1,
    office: X,
    level: "care_4",
    admitted: jst("2024-07-03"),
    writes: [cmContacts("2024-07-08"), discharged("2024-07-20")],
  }),
  seed({
    hospital: H1,
    office: Y,
    level: "support_1",
    admitted: jst("2024-07-05"),
    writes: [hospitalContacts("2024-07-11"), discharged("2024-07-12")],
  }),
  seed({
    hospital: H2,
    office: Y,
    level: "support_2",
    admitted: jst("2024-07-10"),
    municipality: "024414",
    writes: [cmInforms("2024-07-15"), discharged("2024-07-25"), hospitalContacts("2024-07-26")],
  }),
  seed({ hospital: H2, office: X, level: "care_1", admitted: jst("2024-07-20"), municipality: "024465" }),
]
const july = { kind: "month", fiscalYear: 2024, index: 4 } as const

describe("data values from coordination cases", () => {
  const computed = Result.getOrThrow(
    coordinationDataValues(cases, {
      hierarchy,
      periods: [july],
      at: "2024-08-01T12:00:00+09:00",
      ruleSets: [region],
      calendar,
    }),
  )

  it("counts admission information on time and due, and discharges coordinated, per patient municipality", () => {
    // 八戸市: C1 on time, C2 late, C3 missed; discharges C1 yes, C2 no, C3 yes
    expect(valueIn(computed.values, "admission_information_on_time", hachinohe, july)).toBe(1)
    expect(valueIn(computed.values, "admission_information_due", hachinohe, july)).toBe(3)
    expect(valueIn(computed.values, "discharges_coordinated", hachinohe, july)).toBe(2)
    expect(valueIn(computed.values, "discharges_requiring_coordination", hachinohe, july)).toBe(3)
    // 三戸町: C4 late; its discharge was not coordinated (contact after it)
    expect(valueIn(computed.values, "admission_information_on_time", sannohe, july)).toBe(0)
    expect(valueIn(computed.values, "admission_information_due", sannohe, july)).toBe(1)
    expect(valueIn(computed.values, "discharges_coordinated", sannohe, july)).toBe(0)
    expect(valueIn(computed.values, "discharges_requiring_coordination", sannohe, july)).toBe(1)
    expect(computed.unattributed.map((u) => u.area?.code)).toEqual(["024465"])
  })

  it("rolls the rates up to the 二次医療圏 by summing numerators and denominators", () => {
    const result = evaluateIndicators({
      definitions: standardIndicators.filter((i) =>
        ["admission_information_on_time_rate", "discharge_coordination_rate"].includes(i.code),
      ),
      elements: standardDataElements,
      values: computed.values,
      hierarchy,
      targets: [],
      periods: [july],
      areas: [area0203],
    })
    // on time: (1 + 0) ÷ (3 + 1) = 25%; the mean of 33.3% and 0% would be 16.7%
    expect(result.rows.find((r) => r.indicator === "admission_information_on_time_rate")).toMatchObject({
      value: 25,
      numerator: 1,
      denominator: 4,
    })
    // coordinated: (2 + 0) ÷ (3 + 1) = 50%
    expect(result.rows.find((r) => r.indicator === "discharge_coordination_rate")).toMatchObject({
      value: 50,
      numerator: 2,
      denominator: 4,
    })
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Evaluation boundaries
// ---------------------------------------------------------------------------------------------------------------

const entered = (element: string, area: { kind: "municipality"; code: string }, period: unknown, value: number) =>
  ({
    dataElement: element,
    area,
    period,
    value,
    provenance: { source: "entered", at },
  }) as DataValue

describe("evaluation statuses at the boundaries", () => {
  const onTimeRate = standardIndicators.find((i) => i.code === "admission_information_on_time_rate")!
  const lowerIsBetter = IndicatorDefinition.parse({
    ...onTimeRate,
    code: "admission_information_late_rate",
    name: { ja: "入院時情報提供の遅延率", en: "Late admission information" },
    numerator: "#{admission_information_due} - #{admission_information_on_time}",
    direction: "lower_is_better",
  })
  const values = [
    entered("admission_information_on_time", hachinohe, fy(2024), 7),
    entered("admission_information_due", hachinohe, fy(2024), 10),
    entered("admission_information_on_time", hachinohe, fy(2025), 8),
    entered("admission_information_due", hachinohe, fy(2025), 10),
    // 三戸町 2025: a zero denominator
    entered("admission_information_on_time", sannohe, fy(2025), 0),
    entered("admission_information_due", sannohe, fy(2025), 0),
  ]
  const evaluate = (targets: ReadonlyArray<{ indicator: string; value: number }>, definition = onTimeRate) =>
    evaluateIndicators({
      definitions: [definition],
      elements: standardDataElements,
      values,
      hierarchy,
      targets: targets.map((t) => ({ ...t, area: hachinohe, period: fy(2025) })),
      periods: [fy(2025)],
      areas: [hachinohe, sannohe],
    }).rows

  it("is achieved when the value is exactly the target, on track when it moved toward it, behind otherwise", () => {
    // 2024: 70%, 2025: 80%
    expect(evaluate([{ indicator: onTimeRate.code, value: 80 }])[0]).toMatchObject({
      value: 80,
      previous: 70,
      target: 80,
      status: "achieved",
      trend: "improving",
      gap: 0,
    })
    expect(evaluate([{ indicator: onTimeRate.code, value: 80.1 }])[0]).toMatchObject({ status: "on_track" })
    expect(evaluate([])[0]).toMatchObject({ status: "no_target", target: null })
  })

  it("for lower-is-better: at the target is achieved, above it and worse than before is behind", () => {
    // late: 2024 3 of 10 = 30%, 2025 2 of 10 = 20%
    expect(evaluate([{ indicator: lowerIsBetter.code, value: 20 }], lowerIsBetter)[0]).toMatchObject({
      value: 20,
      status: "achieved",
      trend: "improving",
    })
    expect(evaluate([{ indicator: lowerIsBetter.code, value: 19.9 }], lowerIsBetter)[0]).toMatchObject({
      status: "on_track",
    })
  })

  it("gives no data, with the reason, for a zero denominator and for a missing value", () => {
    const rows = evaluate([{ indicator: onTimeRate.code, value: 80 }])
    const sannoheRow = rows.find((r) => r.area.code === "024414")!
    expect(sannoheRow).toMatchObject({ value: null, status: "no_data" })
    expect(sannoheRow.noData.map((r) => r.code)).toEqual(["division_by_zero"])
    expect(sannoheRow.noData[0]!.message.ja).toContain("0")
    const missing = evaluateIndicators({
      definitions: [onTimeRate],
      elements: standardDataElements,
      values,
      hierarchy,
      targets: [],
      periods: [fy(2023)],
      areas: [hachinohe],
    }).rows[0]!
    expect(missing).toMatchObject({ value: null, status: "no_data" })
    expect(missing.noData.map((r) => r.code)).toContain("missing_value")
  })

  it("reports an indicator that does not compile instead of a number", () => {
    const broken = IndicatorDefinition.parse({ ...onTimeRate, code: "broken", numerator: "#{no_such_element}" })
    const result = evaluateIndicators({
      definitions: [broken],
      elements: standardDataElements,
      values,
      hierarchy,
      targets: [],
      periods: [fy(2025)],
    })
    expect(result.rows).toEqual([])
    expect(result.rejected[0]!.indicator).toBe("broken")
    expect(result.rejected[0]!.messages[0]!.en).toContain("no_such_element")
  })

  it("gives no value to a larger area when a municipality's value is missing, and says which", () => {
    const result = evaluateIndicators({
      definitions: [onTimeRate],
      elements: standardDataElements,
      values: values.filter((v) => v.area.code === "022039"),
      hierarchy,
      targets: [],
      periods: [fy(2025)],
      areas: [area0203],
    })
    expect(result.rows[0]).toMatchObject({ value: null, status: "no_data" })
    expect(result.gaps.map((g) => g.missing)).toEqual([["024414"], ["024414"]])
  })
})

// ---------------------------------------------------------------------------------------------------------------
// CSV rows
// ---------------------------------------------------------------------------------------------------------------

describe("data value rows of a CSV file", () => {
  it("turns good rows into imported values and reports each bad one with line, column and reason", () => {
    const { values, errors } = dataValueRows(
      [
        { line: 2, record: ["population_65_plus", "", "municipality", "022039", "FY2025", "65,000"] },
        { line: 3, record: ["population_65_plus", "", "", "024414", "FY2025", "3.5"] },
        { line: 4, record: ["no_such_element", "", "", "022039", "FY2025", "1"] },
        { line: 5, record: ["consultations", "aliens", "", "022039", "2025-04", "1"] },
        { line: 6, record: ["consultations", "", "", "022038", "2025-13", "abc"] },
        { line: 7, record: ["population_65_plus", "", "", "022039", "FY2025", "64000"] },
      ],
      { elements: standardDataElements, at, file: "population.csv" },
    )
    expect(values).toEqual([
      {
        dataElement: "population_65_plus",
        area: hachinohe,
        period: fy(2025),
        value: 65000,
        provenance: { source: "imported", at, file: "population.csv", line: 2 },
      },
    ])
    expect(errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, "value", "not_a_count"],
      [4, "data_element", "unknown_data_element"],
      [5, "option", "unknown_option"],
      [6, "area_code", "invalid_area"],
      [6, "period", "invalid_period"],
      [6, "value", "not_a_number"],
      [7, "data_element", "duplicate"],
    ])
    expect(errors[6]!.message).toEqual({
      ja: "2行目と同じデータ項目・内訳・地域・期間の値です",
      en: "Same data element, option, area and period as line 2",
    })
  })
})
