import { Result } from "effect"
import { describe, expect, it } from "vitest"
import {
  Area,
  applyCaseWrite,
  builtinRuleSets,
  type Case,
  CaseId,
  type CaseWrite,
  type ComplianceFigures,
  type ComplianceReport,
  complianceIndicators,
  complianceReport,
  makeHolidayCalendar,
  NewCase,
  type NewCaseInput,
  prepareCase,
  ResourceId,
  RuleSet,
  TenantId,
} from "../src/index.js"

/**
 * A seeded month (July 2024) of a region whose rule set asks the care manager to inform the hospital within 3 days
 * after admission (初日不算入) and the hospital to inform the care manager by the day of discharge, for 要支援 and
 * 要介護 patients with a care manager. Every expected number below is counted by hand from the table of cases.
 */
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

const areas: ReadonlyArray<Area> = (
  [
    {
      kind: "wide_area_partnership",
      code: "hachinohe",
      name: { ja: "八戸圏域", en: "Hachinohe" },
      members: ["022039", "024414"],
    },
    { kind: "daily_life_area", code: "sannohe", name: { ja: "三戸", en: "Sannohe" }, members: ["024414"] },
  ] as const
).map((area) => Area.parse(area))

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
const conference = (date: string) => (): CaseWrite => ({
  kind: "record_evidence",
  id: "",
  evidence: { kind: "conference", at: jst(date), from: "hospital" },
})
const discharged = (date: string) => (): CaseWrite => ({
  kind: "record_event",
  id: "",
  event: { type: "discharge", at: jst(date) },
})
const waiveAdmission = (c: Case): CaseWrite => ({
  kind: "waive",
  waiver: {
    obligationKey: `test-region@1/admission/cm-informs-hospital/${c.events[0]!.id}`,
    reason: "本人が情報提供を拒否",
  },
})

//  case  hospital office level      admitted          CM → hospital (due +3)   discharge  hospital → CM
//  C1    H1       X      要介護2    07-01             07-02 on time            07-10      contact 07-08
//  C2    H1       X      要介護4    07-03             07-08 late (due 07-06)   07-20      none
//  C3    H1       Y      要支援1    07-05             none: missed (due 07-08) 07-12      contact 07-11
//  C4    H2       Y      要支援2    07-10 (三戸町)    07-15 late (due 07-13)   07-25      contact 07-26 (after)
//  C5    H2       X      要介護1    07-28             waived                   —          —
//  C6    H2       —      未申請     07-15 (三戸町)    no care manager          07-22      —
//  C7    H1       X      要介護3    06-20 (June)      06-21 (June)             07-05      conference 07-03
//  C8    H1       Y      要介護5    07-30 23:00       pending (due 08-02)      —          —
//  C9    H1       X      要介護2    08-01 (August)    —                        —          —
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
  seed({ hospital: H2, office: X, level: "care_1", admitted: jst("2024-07-28"), writes: [waiveAdmission] }),
  seed({
    hospital: H2,
    level: "not_applied",
    admitted: jst("2024-07-15"),
    municipality: "024414",
    writes: [discharged("2024-07-22")],
  }),
  seed({
    hospital: H1,
    office: X,
    level: "care_3",
    admitted: jst("2024-06-20"),
    writes: [cmInforms("2024-06-21"), conference("2024-07-03"), discharged("2024-07-05")],
  }),
  seed({ hospital: H1, office: Y, level: "care_5", admitted: jst("2024-07-30", "23:00") }),
  seed({ hospital: H1, office: X, level: "care_2", admitted: "2024-08-01T09:00:00+09:00" }),
]

const july = { start: "2024-07-01", end: "2024-07-31" }
const report = (byWhat: ComplianceReport["by"], ruleSets = [region]) =>
  Result.getOrThrow(
    complianceReport(cases, { period: july, by: byWhat, ruleSets, calendar, now: "2024-08-01T12:00:00+09:00", areas }),
  )
const group = (r: ComplianceReport, id: string | null) => {
  const found = r.groups.find((g) => g.id === id)
  if (found === undefined) throw new Error(`no group ${id}`)
  return found
}
const admission = (f: ComplianceFigures) => f.admissionInformation
const discharge = (f: ComplianceFigures) => f.dischargeCoordination

describe("compliance for a seeded month (July 2024)", () => {
  it("counts admission information for the whole tenant, split by 要支援/要介護", () => {
    const tenant = group(report("tenant"), null)
    // C1 on time; C2, C4 late; C3 missed; C8 pending; C5 waived; C6 no care manager; C7, C9 admitted outside July
    expect(admission(tenant.all)).toEqual({
      onTime: 1,
      late: 2,
      missed: 1,
      pending: 1,
      waived: 1,
      applicable: 6,
      onTimeRate: 1 / 4,
    })
    // 要支援: C3 missed, C4 late
    expect(admission(tenant.byCareNeed.support)).toMatchObject({ onTime: 0, late: 1, missed: 1, onTimeRate: 0 })
    // 要介護: C1 on time, C2 late, C5 waived, C8 pending
    expect(admission(tenant.byCareNeed.care)).toMatchObject({
      onTime: 1,
      late: 1,
      missed: 0,
      pending: 1,
      waived: 1,
      onTimeRate: 1 / 2,
    })
    expect(admission(tenant.byCareNeed.other).applicable).toBe(0)
  })

  it("computes the 退院調整率 over July's discharges of patients who need care and have a care manager", () => {
    const tenant = group(report("tenant"), null)
    // C1 yes (07-08), C2 no, C3 yes (07-11), C4 no (contact after discharge), C7 yes (conference); C6 not counted
    expect(discharge(tenant.all)).toEqual({ discharged: 5, coordinated: 3, rate: 3 / 5 })
    expect(discharge(tenant.byCareNeed.support)).toEqual({ discharged: 2, coordinated: 1, rate: 1 / 2 })
    expect(discharge(tenant.byCareNeed.care)).toEqual({ discharged: 3, coordinated: 2, rate: 2 / 3 })
    expect(discharge(tenant.byCareNeed.other)).toEqual({ discharged: 0, coordinated: 0, rate: null })
  })

  it("counts every obligation triggered in July by outcome", () => {
    const tenant = group(report("tenant"), null)
    // admissions: 1 on time, 2 late, 1 missed, 1 pending, 1 waived; discharges (by the day of discharge, earlier
    // information counting): C1 on time, C3 on time, C4 late, C2 missed, C7 missed (a conference is not information)
    expect(tenant.all.obligations).toEqual({ onTime: 3, late: 3, missed: 3, pending: 1, waived: 1 })
    expect(tenant.byCareNeed.support.obligations).toEqual({ onTime: 1, late: 2, missed: 1, pending: 0, waived: 0 })
    expect(tenant.byCareNeed.care.obligations).toEqual({ onTime: 2, late: 1, missed: 2, pending: 1, waived: 1 })
  })

  it("splits by hospital", () => {
    const r = report("hospital")
    expect(r.groups.map((g) => g.id)).toEqual([H1, H2])
    // H1: C1 on time, C2 late, C3 missed, C8 pending; discharges C1 yes, C2 no, C3 yes, C7 yes
    expect(admission(group(r, H1).all)).toMatchObject({ onTime: 1, late: 1, missed: 1, pending: 1, onTimeRate: 1 / 3 })
    expect(discharge(group(r, H1).all)).toEqual({ discharged: 4, coordinated: 3, rate: 3 / 4 })
    // H2: C4 late, C5 waived, C6 no care manager; discharge C4 no
    expect(admission(group(r, H2).all)).toMatchObject({ late: 1, waived: 1, applicable: 2, onTimeRate: 0 })
    expect(discharge(group(r, H2).all)).toEqual({ discharged: 1, coordinated: 0, rate: 0 })
  })

  it("splits by care-management office, cases without one last", () => {
    const r = report("care_manager")
    expect(r.groups.map((g) => g.id)).toEqual([X, Y, null])
    // X: C1 on time, C2 late, C5 waived; discharges C1 yes, C2 no, C7 yes
    expect(admission(group(r, X).all)).toMatchObject({ onTime: 1, late: 1, waived: 1, onTimeRate: 1 / 2 })
    expect(discharge(group(r, X).all)).toEqual({ discharged: 3, coordinated: 2, rate: 2 / 3 })
    // Y: C3 missed, C4 late, C8 pending; discharges C3 yes, C4 no
    expect(admission(group(r, Y).all)).toMatchObject({ missed: 1, late: 1, pending: 1, onTimeRate: 0 })
    expect(discharge(group(r, Y).all)).toEqual({ discharged: 2, coordinated: 1, rate: 1 / 2 })
    // C6 (no care manager) forms its own group with nothing to rate
    expect(admission(group(r, null).all)).toMatchObject({ applicable: 0, onTimeRate: null })
    expect(discharge(group(r, null).all).rate).toBeNull()
  })

  it("splits by area of the patient's municipality; a case counts in every area that contains it", () => {
    const r = report("area")
    expect(r.groups.map((g) => g.id)).toEqual(["daily_life_area/sannohe", "wide_area_partnership/hachinohe"])
    expect(group(r, "wide_area_partnership/hachinohe").all).toEqual(group(report("tenant"), null).all)
    // 三戸町: C4 (late, not coordinated) and C6 (no care manager)
    const sannohe = group(r, "daily_life_area/sannohe")
    expect(sannohe.name?.ja).toBe("三戸")
    expect(admission(sannohe.all)).toMatchObject({ late: 1, applicable: 1, onTimeRate: 0 })
    expect(discharge(sannohe.all)).toEqual({ discharged: 1, coordinated: 0, rate: 0 })
  })

  it("counts the regional rule's obligation where the national rules also apply", () => {
    // with the national 2024 set too, each 要介護 admission has two admission-information obligations; the
    // regional one counts, so the figures do not change
    const both = group(report("tenant", [...builtinRuleSets, region]), null)
    expect(admission(both.all)).toEqual(admission(group(report("tenant"), null).all))
    expect(both.all.obligations.onTime + both.all.obligations.late).toBeGreaterThan(6)
  })

  it("yields indicator values for the PDCA cycle", () => {
    const values = complianceIndicators(report("tenant"))
    const find = (indicator: string, careNeed: string) =>
      values.find((v) => v.indicator === indicator && v.careNeed === careNeed)
    expect(find("discharge_coordination_rate", "all")).toMatchObject({
      value: 3 / 5,
      numerator: 3,
      denominator: 5,
      period: july,
      group: { by: "tenant", id: null },
    })
    expect(find("discharge_coordination_rate", "support")?.value).toBe(1 / 2)
    expect(find("admission_information_on_time_rate", "care")).toMatchObject({ value: 1 / 2, denominator: 2 })
    expect(find("admission_information_missed", "all")?.value).toBe(1)
    expect(find("obligations_late", "all")?.value).toBe(3)
    expect(values).toHaveLength(4 * 6)
  })
})
