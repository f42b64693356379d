import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  BusinessSchedule,
  builtinRuleSets,
  CoordinationCase,
  type CoordinationCaseInput,
  type DateOutsideCalendar,
  type Evaluation,
  evaluate,
  type Holiday,
  isBusinessDay,
  kitaTamaHokubuRules,
  makeHolidayCalendar,
  nationalCareFees2018,
  nationalCareFees2024,
  type Obligation,
  RuleSet,
  type RuleSetInput,
  tokyoDateTimeOf,
} from "../src/index.js"

const national = (date: string, ja: string): Holiday => ({ date, name: { ja, en: ja }, kind: "national_holiday" })
const substitute = (date: string): Holiday => ({
  date,
  name: { ja: "振替休日", en: "Substitute holiday" },
  kind: "substitute_holiday",
})

/** 2024-03-01 … 2024-12-31 as published by 内閣府. */
const calendar = Result.getOrThrow(
  makeHolidayCalendar({
    source: "test data 2024",
    coverage: { start: "2024-03-01", end: "2024-12-31" },
    holidays: [
      national("2024-03-20", "春分の日"),
      national("2024-04-29", "昭和の日"),
      national("2024-05-03", "憲法記念日"),
      national("2024-05-04", "みどりの日"),
      national("2024-05-05", "こどもの日"),
      substitute("2024-05-06"),
      national("2024-07-15", "海の日"),
      national("2024-08-11", "山の日"),
      substitute("2024-08-12"),
      national("2024-09-16", "敬老の日"),
      national("2024-09-22", "秋分の日"),
      substitute("2024-09-23"),
      national("2024-10-14", "スポーツの日"),
      national("2024-11-03", "文化の日"),
      substitute("2024-11-04"),
      national("2024-11-23", "勤労感謝の日"),
    ],
  }),
)

const weekdays = (opens: string, closes: string) =>
  (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, periods: [{ opens, closes }] }))
const cmOffice = BusinessSchedule.parse({ hours: weekdays("08:30", "17:30") })

const hachinohe = "022039"
const shingo = "024503" // 新郷村
const higashimurayama = "132136"
const fukuiCity = "182010"

const baseCase = (overrides: Partial<CoordinationCaseInput> = {}): CoordinationCase =>
  CoordinationCase.parse({
    id: "case-1",
    patient: "p-7f3a",
    patientMunicipality: hachinohe,
    parties: {
      hospital: { id: "hospital-1", municipality: hachinohe },
      care_manager: { id: "cm-office-1", municipality: hachinohe, schedule: cmOffice },
    },
    careLevel: "care_2",
    ageBand: "65_and_over",
    events: [{ id: "adm", type: "admission", at: "2024-07-12T18:30:00+09:00", recordedBy: "hospital-1" }],
    ...overrides,
  })

const cmInfo = (
  at: string,
  extra: Partial<{ kind: "contact" | "form_sent"; templateId: string; recipientId: string }> = {},
) => ({
  id: `ev-${at}`,
  kind: "form_sent" as const,
  at,
  from: "care_manager" as const,
  to: "hospital" as const,
  templateId: "admission-information",
  recipientId: "hospital-1",
  recordedBy: "cm-office-1",
  ...extra,
})

const ok = (result: Result.Result<Evaluation, DateOutsideCalendar>): Evaluation => {
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}
const find = (evaluation: Evaluation, obligationId: string): Obligation => {
  const found = evaluation.obligations.find((o) => o.obligationId === obligationId)
  if (found === undefined)
    throw new Error(`no obligation ${obligationId} in ${evaluation.obligations.map((o) => o.key).join(", ")}`)
  return found
}

describe("worked case 1: admission on Friday 18:30 before the 海の日 weekend, 2024 rules", () => {
  // 2024-07-12 is a Friday; 07-13 Sat, 07-14 Sun, 07-15 海の日. The care manager's office works Mon–Fri 08:30–17:30.
  it("is due on Saturday 07-13: after closing time, 入院日の翌日 is included even though the office is closed", () => {
    const result = ok(evaluate(baseCase(), builtinRuleSets, calendar, "2024-07-13T12:00:00+09:00"))
    expect(result.referenceDate).toBe("2024-07-12")
    expect(result.ruleSets.map((s) => `${s.id}@${s.version}`)).toEqual(["jp-kaigo-houshu-kyotaku@2024"])
    const info = find(result, "cm-informs-hospital")
    expect(info).toMatchObject({
      key: "jp-kaigo-houshu-kyotaku@2024/admission-information/cm-informs-hospital/adm",
      actor: "care_manager",
      dueDate: "2024-07-13",
      status: "pending",
    })
    expect(info.explanation.deadline.ja).toBe(
      "入院（2024-07-12 18:30）がケアマネジャーの営業時間終了後のため翌日（2024-07-13）まで",
    )
    expect(info.explanation.applicability.map((r) => r.ja)).toEqual([
      "担当ケアマネジャーがいる",
      "要介護2は対象の要介護度",
    ])
  })

  it("becomes missed on Sunday without a record, and met on time (加算(Ⅰ)) with one on Saturday", () => {
    expect(
      find(ok(evaluate(baseCase(), builtinRuleSets, calendar, "2024-07-14T09:00:00+09:00")), "cm-informs-hospital")
        .status,
    ).toBe("missed")
    const met = find(
      ok(
        evaluate(
          baseCase({ evidence: [cmInfo("2024-07-13T10:00:00+09:00")] }),
          builtinRuleSets,
          calendar,
          "2024-07-20T09:00:00+09:00",
        ),
      ),
      "cm-informs-hospital",
    )
    expect(met).toMatchObject({
      status: "met_on_time",
      metBy: { date: "2024-07-13" },
      tier: { ja: "入院時情報連携加算(Ⅰ)" },
    })
  })

  it("counts information given before the admission (入院日以前の情報提供を含む)", () => {
    const early = find(
      ok(
        evaluate(
          baseCase({ evidence: [cmInfo("2024-07-12T11:00:00+09:00")] }),
          builtinRuleSets,
          calendar,
          "2024-07-12T20:00:00+09:00",
        ),
      ),
      "cm-informs-hospital",
    )
    expect(early.status).toBe("met_on_time")
  })

  it("reaches 加算(Ⅱ) on Monday 07-15: the third day (Sunday) is not a business day after an after-hours admission", () => {
    const monday = find(
      ok(
        evaluate(
          baseCase({ evidence: [cmInfo("2024-07-15T10:00:00+09:00")] }),
          builtinRuleSets,
          calendar,
          "2024-07-20T09:00:00+09:00",
        ),
      ),
      "cm-informs-hospital",
    )
    expect(monday).toMatchObject({ status: "met_late", dueDate: "2024-07-13", tier: { ja: "入院時情報連携加算(Ⅱ)" } })
    const tuesday = find(
      ok(
        evaluate(
          baseCase({ evidence: [cmInfo("2024-07-16T09:00:00+09:00")] }),
          builtinRuleSets,
          calendar,
          "2024-07-20T09:00:00+09:00",
        ),
      ),
      "cm-informs-hospital",
    )
    expect(tuesday.status).toBe("met_late")
    expect(tuesday.tier).toBeUndefined()
  })

  it("gives an admission at 16:00 the same day, and no extension of (Ⅱ) past Sunday", () => {
    const afternoon = baseCase({
      events: [{ id: "adm", type: "admission", at: "2024-07-12T16:00:00+09:00", recordedBy: "hospital-1" }],
      evidence: [cmInfo("2024-07-15T10:00:00+09:00")],
    })
    const info = find(
      ok(evaluate(afternoon, builtinRuleSets, calendar, "2024-07-20T09:00:00+09:00")),
      "cm-informs-hospital",
    )
    expect(info.dueDate).toBe("2024-07-12")
    expect(info.status).toBe("met_late")
    expect(info.tier).toBeUndefined() // (Ⅱ) ended on Sunday 07-14
  })
})

describe("admission on a day off under the 2024 rules", () => {
  it("includes the next day for (Ⅰ), but extends (Ⅱ) only after business hours, as its wording says (営業時間終了後に入院した場合)", () => {
    const saturday = (evidenceAt: string) =>
      find(
        ok(
          evaluate(
            baseCase({
              events: [{ id: "adm", type: "admission", at: "2024-07-13T10:00:00+09:00", recordedBy: "hospital-1" }],
              evidence: [cmInfo(evidenceAt)],
            }),
            builtinRuleSets,
            calendar,
            "2024-07-20T09:00:00+09:00",
          ),
        ),
        "cm-informs-hospital",
      )
    expect(saturday("2024-07-14T10:00:00+09:00")).toMatchObject({ dueDate: "2024-07-14", status: "met_on_time" })
    // (Ⅱ): 翌日又は翌々日 = 07-14 or 07-15; the third day 07-15 is 海の日, but a Saturday admission is not "after hours"
    expect(saturday("2024-07-15T10:00:00+09:00")).toMatchObject({
      status: "met_late",
      tier: { ja: "入院時情報連携加算(Ⅱ)" },
    })
    expect(saturday("2024-07-16T10:00:00+09:00").tier).toBeUndefined()
  })
})

describe("worked case 2: the same admission under the 2018 rules", () => {
  // 2018: (Ⅰ) within 3 days and (Ⅱ) within 7, the admission day being day 1: 07-12, 07-13, 07-14 | … 07-18.
  const as2018 = RuleSet.parse({
    ...nationalCareFees2018,
    effective: { from: "2018-04-01", to: null },
  } satisfies RuleSetInput)

  it("is due on Sunday 07-14, with 加算(Ⅱ) up to Thursday 07-18", () => {
    const evaluation = ok(
      evaluate(
        baseCase({ evidence: [cmInfo("2024-07-16T09:00:00+09:00")] }),
        [as2018],
        calendar,
        "2024-07-20T09:00:00+09:00",
      ),
    )
    const info = find(evaluation, "cm-informs-hospital")
    expect(info).toMatchObject({ dueDate: "2024-07-14", status: "met_late", tier: { ja: "入院時情報連携加算(Ⅱ)" } })
    expect(info.explanation.deadline.ja).toBe("入院日を1日目として3日以内（2024-07-14）")
    expect(
      find(
        ok(
          evaluate(
            baseCase({ evidence: [cmInfo("2024-07-19T09:00:00+09:00")] }),
            [as2018],
            calendar,
            "2024-07-20T09:00:00+09:00",
          ),
        ),
        "cm-informs-hospital",
      ).tier,
    ).toBeUndefined()
  })

  it("chooses the version by the admission date: 2018 for 2024-03-29, 2024 from 2024-04-01", () => {
    const at = (instant: string) =>
      ok(
        evaluate(
          baseCase({ events: [{ id: "adm", type: "admission", at: instant, recordedBy: "hospital-1" }] }),
          builtinRuleSets,
          calendar,
          "2024-06-01T00:00:00+09:00",
        ),
      ).ruleSets.map((s) => s.version)
    expect(at("2024-03-29T10:00:00+09:00")).toEqual(["2018"])
    expect(at("2024-04-01T10:00:00+09:00")).toEqual(["2024"])
  })
})

describe("worked case 3: a short 検査入院 is excluded", () => {
  // A regional rule modelled on 但馬圏域's exclusion: 短期入院（3日程度。検査入院、白内障手術等のクリティカルパス通り）.
  const regional = RuleSet.parse({
    id: "example-hachinohe",
    name: { ja: "八戸圏域 例示ルール", en: "Hachinohe example rules" },
    version: "1",
    effective: { from: "2020-04-01", to: null },
    scope: { kind: "regional", municipalities: [hachinohe, shingo] },
    sources: [{ title: "test rule after 但馬圏域入退院支援運用ガイドライン", grade: "I" }],
    rules: [
      {
        id: "admission",
        name: { ja: "入院時", en: "At admission" },
        trigger: "admission",
        applicability: {
          careManager: "present",
          exclusions: [{ kind: "short_stay", maxDays: 3, purposes: ["examination", "surgery_pathway"] }],
        },
        obligations: [
          {
            id: "hospital-contacts-cm",
            name: { ja: "病院がケアマネへ連絡", en: "Hospital contacts care manager" },
            actor: "hospital",
            action: { kind: "contact", to: "care_manager" },
            deadline: { kind: "calendar_days", days: 3, dayOne: "next_day" },
          },
        ],
      },
    ],
  } satisfies RuleSetInput)
  const stay = (dischargeAt: string) =>
    baseCase({
      admissionPurpose: "examination",
      events: [
        { id: "adm", type: "admission", at: "2024-09-02T09:00:00+09:00", recordedBy: "hospital-1" },
        { id: "dis", type: "discharge", at: dischargeAt, recordedBy: "hospital-1" },
      ],
    })

  it("does not apply to a 3-day examination stay (09-02 to 09-04), and says why", () => {
    const evaluation = ok(
      evaluate(
        stay("2024-09-04T10:00:00+09:00"),
        [...builtinRuleSets, regional],
        calendar,
        "2024-09-10T00:00:00+09:00",
      ),
    )
    const contact = find(evaluation, "hospital-contacts-cm")
    expect(contact.status).toBe("not_applicable")
    expect(contact.dueDate).toBeNull()
    expect(contact.explanation.applicability.map((r) => r.ja)).toEqual(["3日以内の短期入院（3日）は対象外"])
    // the national 加算 has no such exclusion
    expect(find(evaluation, "cm-informs-hospital").status).not.toBe("not_applicable")
  })

  it("reads the stay in Japan time whatever offset the events are written with", () => {
    // discharge written in UTC: 2024-09-04T01:00Z is 10:00 in Japan, still a 3-day stay
    const evaluation = ok(
      evaluate(stay("2024-09-04T01:00:00Z"), [...builtinRuleSets, regional], calendar, "2024-09-10T00:00:00+09:00"),
    )
    expect(find(evaluation, "hospital-contacts-cm").status).toBe("not_applicable")
  })

  it("applies to a 4-day stay, due 3 days after the admission day (09-05)", () => {
    const contact = find(
      ok(evaluate(stay("2024-09-05T10:00:00+09:00"), [regional], calendar, "2024-09-10T00:00:00+09:00")),
      "hospital-contacts-cm",
    )
    expect(contact).toMatchObject({ status: "missed", dueDate: "2024-09-05" })
  })
})

describe("worked case 4: 福井県 flow B, no care manager", () => {
  const flowB = CoordinationCase.parse({
    id: "case-b",
    patient: "p-91c2",
    patientMunicipality: fukuiCity,
    parties: { hospital: { id: "fukui-hospital", municipality: fukuiCity } },
    careLevel: "not_applied",
    ageBand: "65_and_over",
    events: [
      { id: "adm", type: "admission", at: "2024-09-20T10:00:00+09:00", recordedBy: "fukui-hospital" },
      {
        id: "plan",
        type: "discharge_planning_started",
        at: "2024-10-01T14:00:00+09:00",
        recordedBy: "fukui-hospital",
        plannedDischargeDate: "2024-10-15",
      },
    ],
  } satisfies CoordinationCaseInput)

  it("creates the 介護保険申請 support obligation, due a week before the planned discharge (10-08)", () => {
    const evaluation = ok(evaluate(flowB, builtinRuleSets, calendar, "2024-10-02T09:00:00+09:00"))
    expect(evaluation.ruleSets.map((s) => s.id)).toEqual(["jp-kaigo-houshu-kyotaku", "fukui-taiin-shien"])
    const support = find(evaluation, "hospital-supports-application")
    expect(support).toMatchObject({
      actor: "hospital",
      action: { kind: "support_care_insurance_application" },
      dueDate: "2024-10-08",
      status: "pending",
    })
    expect(support.explanation.deadline.ja).toBe("退院予定日（2024-10-15）の7日前（2024-10-08）まで")
    // flow A and the national 加算 need a care manager
    expect(find(evaluation, "hospital-notifies-cm").status).toBe("not_applicable")
    expect(find(evaluation, "cm-informs-hospital").explanation.applicability[0]?.ja).toBe("担当ケアマネジャーがいない")
  })

  it("is met by a recorded application support, and moves with a new planned date", () => {
    const supported = CoordinationCase.parse({
      ...flowB,
      evidence: [
        {
          id: "sup",
          kind: "application_support",
          at: "2024-10-07T11:00:00+09:00",
          from: "hospital",
          recordedBy: "fukui-hospital",
        },
      ],
    })
    expect(
      find(
        ok(evaluate(supported, builtinRuleSets, calendar, "2024-10-09T09:00:00+09:00")),
        "hospital-supports-application",
      ).status,
    ).toBe("met_on_time")
    const replanned = CoordinationCase.parse({
      ...flowB,
      events: [
        ...flowB.events,
        {
          id: "plan2",
          type: "discharge_planning_started",
          at: "2024-10-05T09:00:00+09:00",
          recordedBy: "fukui-hospital",
          plannedDischargeDate: "2024-10-22",
        },
      ],
    })
    const moved = ok(evaluate(replanned, builtinRuleSets, calendar, "2024-10-09T09:00:00+09:00"))
    expect(
      moved.obligations.filter((o) => o.obligationId === "hospital-supports-application").map((o) => o.dueDate),
    ).toEqual(["2024-10-15", "2024-10-15"])
  })
})

describe("worked case 5: a patient of 新郷村 admitted to a hospital in 東村山市", () => {
  const away = baseCase({
    patientMunicipality: shingo,
    parties: {
      hospital: { id: "tokyo-hospital", municipality: higashimurayama },
      care_manager: { id: "cm-office-1", municipality: hachinohe, schedule: cmOffice },
    },
  })

  it("follows the hospital's region (北多摩北部) by default, and explains the choice", () => {
    const evaluation = ok(evaluate(away, builtinRuleSets, calendar, "2024-07-13T12:00:00+09:00"))
    expect(evaluation.ruleSets.map((s) => s.id)).toEqual([
      "jp-kaigo-houshu-kyotaku",
      "tokyo-kitatama-hokubu-renkei-sheet",
    ])
    expect(evaluation.ruleSets[1]?.reason.ja).toBe(
      "病院の所在市町村（132136）が「ケアマネジャーからの地域連携情報シート（北多摩北部）」の対象市町村に含まれるため（判定順: 病院の所在市町村→患者の住所地）",
    )
    expect(evaluation.resolution).toEqual([
      { by: "hospital", municipality: higashimurayama, matched: "tokyo-kitatama-hokubu-renkei-sheet" },
      { by: "patient", municipality: shingo, matched: null },
    ])
    expect(find(evaluation, "cm-sends-sheet")).toMatchObject({ dueDate: "2024-07-19", status: "pending" })
  })

  it("is met only by that sheet sent to that hospital", () => {
    const sheet = { templateId: "kitatama-hokubu-renkei-jouhou-sheet", recipientId: "tokyo-hospital" }
    const status = (evidence: ReturnType<typeof cmInfo>) =>
      find(
        ok(evaluate({ ...away, evidence: [evidence] }, [kitaTamaHokubuRules], calendar, "2024-07-25T00:00:00+09:00")),
        "cm-sends-sheet",
      ).status
    expect(status(cmInfo("2024-07-18T10:00:00+09:00", sheet))).toBe("met_on_time")
    expect(status(cmInfo("2024-07-22T10:00:00+09:00", sheet))).toBe("met_late")
    expect(status(cmInfo("2024-07-18T10:00:00+09:00", { ...sheet, templateId: "other-template" }))).toBe("missed")
    expect(status(cmInfo("2024-07-18T10:00:00+09:00", { ...sheet, recipientId: "another-hospital" }))).toBe("missed")
    expect(status(cmInfo("2024-07-18T10:00:00+09:00", { kind: "contact", recipientId: "tokyo-hospital" }))).toBe(
      "met_on_time",
    )
  })

  it("follows the patient's region first when configured so", () => {
    const home = RuleSet.parse({
      id: "hachinohe-area",
      name: { ja: "八戸圏域 入退院調整ルール（例）", en: "Hachinohe area rules (example)" },
      version: "1",
      effective: { from: null, to: null },
      scope: { kind: "regional", municipalities: [hachinohe, shingo] },
      sources: [{ title: "test", grade: "I" }],
      rules: [
        {
          id: "admission",
          name: { ja: "入院時", en: "At admission" },
          trigger: "admission",
          obligations: [
            {
              id: "cm-contacts",
              name: { ja: "連絡", en: "Contact" },
              actor: "care_manager",
              action: { kind: "contact", to: "hospital" },
              deadline: { kind: "business_days", days: 2 },
            },
          ],
        },
      ],
    } satisfies RuleSetInput)
    const evaluation = ok(
      evaluate(away, [...builtinRuleSets, home], calendar, "2024-07-13T12:00:00+09:00", {
        resolution: ["patient", "hospital"],
      }),
    )
    expect(evaluation.ruleSets.map((s) => s.id)).toEqual(["jp-kaigo-houshu-kyotaku", "hachinohe-area"])
    expect(evaluation.ruleSets[1]?.reason.en).toContain("the patient's municipality (024503)")
    // 2 business days of the care manager's office after Friday 07-12: Tue 07-16, Wed 07-17
    expect(find(evaluation, "cm-contacts").dueDate).toBe("2024-07-17")
  })
})

describe("built-in rule sets", () => {
  it("are valid rule sets with sources and effective periods", () => {
    for (const set of builtinRuleSets) {
      expect(RuleSet.parse(set)).toEqual(set)
      expect(set.sources.length).toBeGreaterThan(0)
    }
    expect(nationalCareFees2018.effective.to).toBe("2024-03-31")
    expect(nationalCareFees2024.effective.from).toBe("2024-04-01")
  })

  it("rejects rule sets with duplicate ids, an inverted period or an empty region", () => {
    const bad = RuleSet.safeParse({
      ...nationalCareFees2024,
      effective: { from: "2024-04-01", to: "2024-03-31" },
      rules: [nationalCareFees2024.rules[0], nationalCareFees2024.rules[0]],
    })
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["effective.to", "rules.1.id"])
    expect(RuleSet.safeParse({ ...kitaTamaHokubuRules, scope: { kind: "regional" } }).success).toBe(false)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

describe("engine properties", () => {
  const businessDayRule = RuleSet.parse({
    id: "prop-business-days",
    name: { ja: "営業日", en: "Business days" },
    version: "1",
    effective: { from: null, to: null },
    scope: { kind: "regional", municipalities: [hachinohe] },
    sources: [{ title: "property test", grade: "I" }],
    rules: [
      {
        id: "r",
        name: { ja: "r", en: "r" },
        trigger: "admission",
        obligations: [1, 2, 5].map((days) => ({
          id: `bd-${days}`,
          name: { ja: `${days}営業日`, en: `${days} business days` },
          actor: "care_manager" as const,
          action: { kind: "contact" as const, to: "hospital" as const },
          deadline: { kind: "business_days" as const, days },
        })),
      },
    ],
  } satisfies RuleSetInput)
  const ruleSets = [...builtinRuleSets, businessDayRule]
  const instant = (from: string, to: string) =>
    fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((ms) => new Date(ms).toISOString())
  const caseArb = fc
    .record({
      admittedAt: instant("2024-04-01T00:00:00Z", "2024-11-20T00:00:00Z"),
      closes: fc.constantFrom("17:00", "17:30", "18:00", "20:00"),
      saturday: fc.boolean(),
      evidenceOffsetsHours: fc.array(fc.integer({ min: -48, max: 400 }), { maxLength: 3 }),
      careLevel: fc.constantFrom("support_1", "care_1", "care_5", "not_applied"),
      withCareManager: fc.boolean(),
    })
    .map(({ admittedAt, closes, saturday, evidenceOffsetsHours, careLevel, withCareManager }) =>
      CoordinationCase.parse({
        id: "prop",
        patient: "p",
        patientMunicipality: hachinohe,
        parties: {
          hospital: { id: "h", municipality: hachinohe },
          ...(withCareManager
            ? {
                care_manager: {
                  id: "cm",
                  schedule: {
                    hours: [
                      ...weekdays("08:30", closes),
                      ...(saturday ? [{ day: "sat" as const, periods: [{ opens: "09:00", closes: "12:00" }] }] : []),
                    ],
                    closures: [{ name: "夏季休業", start: "2024-08-13", end: "2024-08-16" }],
                  },
                },
              }
            : {}),
        },
        careLevel,
        ageBand: "65_and_over",
        events: [{ id: "adm", type: "admission", at: admittedAt, recordedBy: "h" }],
        evidence: evidenceOffsetsHours.map((hours, i) => ({
          id: `x${i}`,
          kind: "contact",
          at: new Date(Date.parse(admittedAt) + hours * 3_600_000).toISOString(),
          from: "care_manager",
          to: "hospital",
          recordedBy: "cm",
        })),
      } satisfies CoordinationCaseInput),
    )
  const now = "2024-12-20T00:00:00Z"

  it("never puts a due date before its trigger day", () => {
    fc.assert(
      fc.property(caseArb, (c) =>
        ok(evaluate(c, ruleSets, calendar, now)).obligations.every(
          (o) => o.dueDate === null || o.dueDate >= tokyoDateTimeOf(o.trigger.at).date,
        ),
      ),
      { numRuns: 300 },
    )
  })

  it("never puts a business-day deadline on the actor's holiday or closure", () => {
    fc.assert(
      fc.property(caseArb, (c) =>
        ok(evaluate(c, ruleSets, calendar, now))
          .obligations.filter((o) => o.obligationId.startsWith("bd-") && o.dueDate !== null)
          .every((o) => {
            const schedule =
              c.parties.care_manager?.schedule ?? BusinessSchedule.parse({ hours: weekdays("09:00", "17:00") })
            return (
              Result.getOrThrow(isBusinessDay(calendar, schedule, o.dueDate!)) && !calendar.holidays.has(o.dueDate!)
            )
          }),
      ),
      { numRuns: 300 },
    )
  })

  it("is unchanged by an unrelated event or by the order of the case's lists, and repeatable", () => {
    fc.assert(
      fc.property(caseArb, instant("2024-04-01T00:00:00Z", "2024-12-01T00:00:00Z"), (c, other) => {
        const first = ok(evaluate(c, ruleSets, calendar, now))
        const again = ok(evaluate(c, ruleSets, calendar, now))
        const withUnrelated = ok(
          evaluate(
            { ...c, events: [...c.events, { id: "t", type: "transfer", at: other, recordedBy: "h" }] },
            ruleSets,
            calendar,
            now,
          ),
        )
        const reversed = ok(evaluate({ ...c, evidence: [...c.evidence].reverse() }, ruleSets, calendar, now))
        return (
          JSON.stringify(first) === JSON.stringify(again) &&
          JSON.stringify(first) === JSON.stringify(withUnrelated) &&
          JSON.stringify(first) === JSON.stringify(reversed)
        )
      }),
      { numRuns: 200 },
    )
  })

  it("never marks an obligation met on time by evidence recorded after its due date", () => {
    fc.assert(
      fc.property(caseArb, (c) =>
        ok(evaluate(c, ruleSets, calendar, now)).obligations.every(
          (o) =>
            o.status !== "met_on_time" || o.dueDate === null || (o.metBy !== undefined && o.metBy.date <= o.dueDate),
        ),
      ),
      { numRuns: 300 },
    )
  })
})
