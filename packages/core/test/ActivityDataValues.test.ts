import {
  type ActivityRecords,
  Area,
  activityTable,
  activityTableText,
  compileIndicator,
  computeActivityDataValues,
  EventRegistration,
  evaluateIndicator,
  eventParticipants,
  findStandardDataElement,
  findStandardIndicator,
  hachinoheAreaMunicipalities,
  makeAreaHierarchy,
  makeDataValueIndex,
  municipalityArea,
  ProgramIssue,
  readDataValue,
  rollUpDataValues,
  standardDataElements,
} from "@zaitaku/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { activityEvent, consultation, countermeasure, meeting, tenantId, uuid } from "./fixtures/activities.js"
import { month, year } from "./fixtures/indicators.js"

// ---------------------------------------------------------------------------------------------------------------
// A seeded tenant: 八戸市 and おいらせ町, the two members of a 二次医療圏 in this test, in fiscal 2025 (令和7年度).
// ---------------------------------------------------------------------------------------------------------------

const hachinohe = municipalityArea("022039")
const oirase = municipalityArea("024121")
const region = { kind: "secondary_medical_area", code: "0203" } as const
const aomori = { kind: "prefecture", code: "020001" } as const
const hierarchy = makeAreaHierarchy(
  [
    Area.parse({
      kind: "secondary_medical_area",
      code: "0203",
      name: { ja: "八戸地域", en: "Hachinohe area" },
      members: ["022039", "024121"],
    }),
  ],
  hachinoheAreaMunicipalities.filter((m) => m.code === "022039" || m.code === "024121"),
)

const registration = (n: number, eventId: string, status: string, profession: string, attended?: boolean) =>
  EventRegistration.parse({
    id: uuid(n, "7"),
    tenantId,
    eventId,
    sequence: n,
    applicantKey: `email:applicant${n}@example.jp`,
    applicant: { name: `申込者${n}`, email: `applicant${n}@example.jp`, profession },
    status,
    submittedAt: "2025-10-01T09:00:00+09:00",
    history: [{ status, at: "2025-10-01T09:00:00+09:00", reason: status === "confirmed" ? "seat_given" : "applied" }],
    ...(attended === undefined ? {} : { attended }),
  })

const hachinoheTraining = activityEvent({
  area: hachinohe,
  kind: "multi_professional_training",
  startsAt: "2025-10-24T18:30:00+09:00",
  endsAt: "2025-10-24T20:30:00+09:00",
  registration: { capacity: 3, deadline: "2025-10-10" },
})

const records: ActivityRecords = {
  consultations: [
    // 八戸市: 4 consultations in fiscal 2025, 3 of them referred; 2 of the 3 from institutions name the institution.
    consultation({
      area: hachinohe,
      receivedOn: "2025-04-10",
      requester: { category: "resident_family" },
      minutesSpent: 15,
    }),
    consultation({
      area: hachinohe,
      receivedOn: "2025-05-12",
      requester: { category: "medical_institution", organizationName: "八戸市立市民病院 地域医療連携室" },
      scenes: ["admission_discharge"],
      topics: ["discharge_support", "home_care_provider_referral"],
      referrals: [{ name: "はちのへ訪問診療クリニック" }],
      outcome: "referred",
      minutesSpent: 30,
    }),
    consultation({
      area: hachinohe,
      receivedOn: "2025-06-03",
      requester: { category: "care_provider", resourceId: uuid(1, "9") },
      scenes: ["end_of_life"],
      topics: ["end_of_life"],
      referrals: [{ resourceId: uuid(2, "9") }],
      outcome: "referred",
      minutesSpent: 45,
    }),
    consultation({
      area: hachinohe,
      receivedOn: "2026-01-20",
      requester: { category: "community_support_center" },
      scenes: ["daily_care"],
      themes: ["dementia"],
      topics: ["dementia", "no_family"],
      referrals: [{ name: "成年後見センター" }],
      outcome: "referred",
      minutesSpent: 20,
    }),
    // Fiscal 2024 (31 March 2025): not counted in fiscal 2025.
    consultation({ area: hachinohe, receivedOn: "2025-03-31", minutesSpent: 10 }),
    // おいらせ町: 6 consultations, 1 referred.
    ...["2025-04-01", "2025-05-20", "2025-08-08", "2025-11-11", "2026-03-31"].map((receivedOn) =>
      consultation({ area: oirase, desk: "おいらせ町地域包括支援センター", receivedOn, minutesSpent: 10 }),
    ),
    consultation({
      area: oirase,
      desk: "おいらせ町地域包括支援センター",
      receivedOn: "2025-09-09",
      requester: { category: "medical_institution" },
      topics: ["discharge_support"],
      referrals: [{ name: "おいらせ町内の訪問看護ステーション" }],
      outcome: "referred",
      minutesSpent: 10,
    }),
    // A desk outside the tenant's areas: reported, not counted.
    consultation({ area: municipalityArea("131016"), receivedOn: "2025-06-01" }),
  ],
  events: [
    hachinoheTraining,
    activityEvent({
      area: oirase,
      kind: "same_profession_training",
      startsAt: "2025-11-15T13:30:00+09:00",
      endsAt: "2025-11-15T16:00:00+09:00",
      attendance: { total: 25, byProfession: { nurse: 15, registered_dietitian: 10 } },
    }),
    activityEvent({
      area: region,
      kind: "case_study_meeting",
      startsAt: "2026-02-10T18:00:00+09:00",
      endsAt: "2026-02-10T20:00:00+09:00",
      attendance: { total: 40 },
    }),
    activityEvent({
      area: hachinohe,
      kind: "public_lecture",
      startsAt: "2025-09-01T14:00:00+09:00",
      endsAt: "2025-09-01T16:00:00+09:00",
      attendance: { total: 120 },
    }),
    activityEvent({ area: hachinohe, kind: "outreach_lecture", status: "planned" }),
    activityEvent({ area: oirase, kind: "public_lecture", status: "cancelled" }),
  ],
  registrations: [
    registration(1, hachinoheTraining.id, "confirmed", "nurse", true),
    registration(2, hachinoheTraining.id, "confirmed", "care_manager", true),
    registration(3, hachinoheTraining.id, "confirmed", "doctor", false),
    registration(4, hachinoheTraining.id, "wait_listed", "pharmacist"),
    registration(5, hachinoheTraining.id, "cancelled", "nurse"),
  ],
  meetings: [
    meeting({
      area: hachinohe,
      kind: "council",
      heldOn: "2025-07-10",
      attendees: [
        { organizationCategory: "medical_association", profession: "doctor", count: 3 },
        { organizationCategory: "community_support_center", profession: "care_manager", count: 5 },
      ],
    }),
    meeting({ area: hachinohe, kind: "working_group", heldOn: "2025-08-20" }), // attendance not recorded
    meeting({
      area: oirase,
      kind: "council",
      heldOn: "2025-07-15",
      attendees: [{ organizationCategory: "municipality", profession: "municipal_staff", count: 4 }, { count: 2 }],
    }),
    meeting({
      area: region,
      kind: "subcommittee",
      heldOn: "2025-12-01",
      attendees: [{ organizationCategory: "hospital", count: 10 }],
    }),
    meeting({ area: hachinohe, kind: "council", heldOn: "2026-02-01", status: "planned" }),
  ],
  issues: [
    ProgramIssue.parse({
      id: uuid(1, "6"),
      tenantId,
      area: hachinohe,
      title: "退院時の連絡が遅れる",
      scenes: ["admission_discharge"],
      status: "resolved",
      raisedOn: "2025-07-10",
      resolvedOn: "2026-01-15",
    }),
    ProgramIssue.parse({
      id: uuid(2, "6"),
      tenantId,
      area: oirase,
      title: "急変時の連絡先が分からない",
      scenes: ["emergency"],
      status: "open",
      raisedOn: "2025-07-15",
    }),
  ],
  countermeasures: [
    countermeasure({ area: hachinohe, dueOn: "2025-12-31", status: "done", completedOn: "2025-12-20" }),
    countermeasure({ dueOn: "2026-03-31", status: "in_progress" }), // no area: the tenant's default (八戸市)
    countermeasure({ area: oirase, dueOn: "2025-09-30", status: "done", completedOn: "2025-10-05" }),
    countermeasure({ area: oirase, dueOn: "2025-09-30", status: "cancelled" }),
  ],
}

const periods = [year(2025), ...Array.from({ length: 12 }, (_, i) => month(2025, i + 1))]
const computed = computeActivityDataValues(records, {
  hierarchy,
  periods,
  at: "2026-04-01T09:00:00+09:00",
  defaultCountermeasureArea: hachinohe,
})
const index = makeDataValueIndex(computed.values)
const countOf = (
  element: string,
  area: typeof hachinohe | typeof region | typeof aomori,
  option?: string,
  period = year(2025),
) => index.get(element, option, area, period)?.value

const indicatorValue = (code: string, area: typeof hachinohe | typeof region | typeof aomori) =>
  evaluateIndicator(
    Result.getOrThrow(compileIndicator(findStandardIndicator(code)!, standardDataElements)),
    area,
    year(2025),
    index,
  )

describe("computeActivityDataValues (seeded tenant)", () => {
  it("counts consultations by requester, topic and scene, referrals, named institutions and minutes", () => {
    expect(countOf("consultations", hachinohe)).toBe(4)
    expect(countOf("consultations", hachinohe, "resident_family")).toBe(1)
    expect(countOf("consultations", hachinohe, "medical_institution")).toBe(1)
    expect(countOf("consultations", hachinohe, "government")).toBe(0)
    expect(countOf("consultation_topics", hachinohe, "discharge_support")).toBe(1)
    expect(countOf("consultation_topics", hachinohe, "no_family")).toBe(1)
    expect(countOf("consultation_scenes", hachinohe)).toBe(3)
    expect(countOf("consultations_referred", hachinohe)).toBe(3)
    expect(countOf("consultations_institution_named", hachinohe)).toBe(2)
    expect(countOf("consultation_minutes", hachinohe)).toBe(110)
    expect(countOf("consultations", oirase)).toBe(6)
    expect(countOf("consultations", region)).toBe(10)
    expect(countOf("consultation_topics", region, "discharge_support")).toBe(2)
  })

  it("counts each record in the months and the year that contain its date", () => {
    expect(countOf("consultations", hachinohe, undefined, month(2025, 2))).toBe(1) // May 2025
    expect(countOf("consultations", hachinohe, undefined, month(2025, 12))).toBe(0) // March 2026
    expect(countOf("consultations", oirase, undefined, month(2025, 12))).toBe(1) // 31 March 2026
    const months = computed.values.filter((v) => v.period.kind === "month")
    const monthly = readDataValue(
      makeDataValueIndex(months),
      findStandardDataElement("consultations")!,
      undefined,
      region,
      year(2025),
    )
    expect(monthly).toEqual({ value: 10 })
  })

  it("counts held trainings and their participants by profession from attendance or registrations", () => {
    expect(countOf("trainings_held", hachinohe)).toBe(1)
    expect(countOf("training_participants", hachinohe)).toBe(2)
    expect(countOf("training_participants", hachinohe, "nurse")).toBe(1)
    expect(countOf("training_participants", hachinohe, "doctor")).toBe(0)
    expect(countOf("training_registrations_confirmed", hachinohe)).toBe(3)
    expect(countOf("training_registrations_attended", hachinohe)).toBe(2)
    expect(countOf("training_participants", oirase, "registered_dietitian")).toBe(10)
    expect(countOf("trainings_held", region)).toBe(3)
    expect(countOf("trainings_held", region, "case_study_meeting")).toBe(1)
    expect(countOf("training_participants", region)).toBe(67)
    // The regional case study recorded 40 participants without professions: no per-profession figure is invented.
    expect(countOf("training_participants", region, "nurse")).toBeUndefined()
    expect(countOf("public_events_held", hachinohe)).toBe(1)
    expect(countOf("public_event_participants", hachinohe)).toBe(120)
    expect(countOf("public_events_held", oirase)).toBe(0)
  })

  it("counts held meetings by kind and leaves participants out where attendance was not recorded", () => {
    expect(countOf("meetings_held", hachinohe)).toBe(2)
    expect(countOf("meetings_held", hachinohe, "council")).toBe(1)
    expect(countOf("meeting_participants", hachinohe)).toBeUndefined()
    expect(countOf("meeting_participants", oirase)).toBe(6)
    expect(countOf("meeting_participants", oirase, "municipality")).toBeUndefined()
    expect(countOf("meetings_held", region)).toBe(4)
    expect(countOf("meetings_held", region, "council")).toBe(2)
    expect(countOf("meeting_participants", region)).toBeUndefined()
  })

  it("counts issues and countermeasures due and completed on time", () => {
    expect(countOf("issues_raised", hachinohe)).toBe(1)
    expect(countOf("issues_raised", region, "emergency")).toBe(1)
    expect(countOf("issues_resolved", hachinohe)).toBe(1)
    expect(countOf("issues_resolved", hachinohe, undefined, month(2025, 10))).toBe(1) // January 2026
    expect(countOf("countermeasures_due", hachinohe)).toBe(2)
    expect(countOf("countermeasures_done_on_time", hachinohe)).toBe(1)
    expect(countOf("countermeasures_due", oirase)).toBe(1)
    expect(countOf("countermeasures_done_on_time", oirase)).toBe(0)
  })

  it("records provenance and reports records of unknown areas instead of dropping them", () => {
    expect(index.get("consultations", undefined, hachinohe, year(2025))?.provenance).toEqual({
      source: "computed",
      at: "2026-04-01T09:00:00+09:00",
      from: "consultations",
      records: 4,
    })
    expect(computed.unattributed).toHaveLength(1)
    expect(computed.unattributed[0]?.message.ja).toBe(
      "地域「131016」（municipality）が地域の一覧にないため集計できません",
    )
  })

  it("gives indicator values that match the hand-counted figures", () => {
    expect(indicatorValue("consultations_total", hachinohe).value).toBe(4)
    expect(indicatorValue("consultation_referral_rate", hachinohe).value).toBe(75)
    expect(indicatorValue("consultation_referral_rate", oirase).value).toBe(16.7)
    expect(indicatorValue("professional_consultation_share", hachinohe).value).toBe(75)
    expect(indicatorValue("institution_named_rate", hachinohe).value).toBe(66.7)
    expect(indicatorValue("training_attendance_rate", hachinohe).value).toBe(66.7)
    expect(indicatorValue("council_meetings_held", region).value).toBe(2)
    expect(indicatorValue("countermeasures_on_time_rate", region).value).toBe(33.3)
    const participants = indicatorValue("meeting_participants", hachinohe)
    expect(participants.value).toBeNull()
    // The August working group has no attendance: the year has no total, and its months cannot make one.
    expect(participants.noData[0]?.message.ja).toBe(
      "「会議参加者数（延べ）」の令和7年度の値は、月ごとの値が12件中11件しかないため集計できません",
    )
  })

  it("aggregates a ratio from two municipalities to their 二次医療圏 by summing numerators and denominators", () => {
    // 八戸市 3/4 = 75%, おいらせ町 1/6 = 16.7%: the 二次医療圏 is 4/10 = 40%, not their mean 45.8%.
    expect(indicatorValue("consultation_referral_rate", region)).toMatchObject({
      value: 40,
      numerator: 4,
      denominator: 10,
    })
    expect(indicatorValue("consultation_referral_rate", aomori).value).toBe(40)
    // The same figure when only municipal values are computed and then rolled up.
    const municipal = computeActivityDataValues(records, {
      hierarchy,
      periods: [year(2025)],
      at: "2026-04-01T09:00:00+09:00",
      areas: [hachinohe, oirase],
    })
    const rolled = makeDataValueIndex(rollUpDataValues(municipal.values, hierarchy).values)
    const compiled = Result.getOrThrow(
      compileIndicator(findStandardIndicator("consultation_referral_rate")!, standardDataElements),
    )
    expect(evaluateIndicator(compiled, region, year(2025), rolled).value).toBe(40)
  })
})

describe("eventParticipants", () => {
  it("needs attendance taken for every confirmed registration before counting from registrations", () => {
    const partial = [
      registration(11, hachinoheTraining.id, "confirmed", "nurse", true),
      registration(12, hachinoheTraining.id, "confirmed", "nurse"),
    ]
    expect(eventParticipants(hachinoheTraining, partial).total).toBeNull()
    expect(eventParticipants(hachinoheTraining, []).total).toBeNull()
  })
})

// ---------------------------------------------------------------------------------------------------------------
// The 北海道-style table: meetings, participants and trainings per 保健所 for a seeded prefecture.
// ---------------------------------------------------------------------------------------------------------------

describe("activityTable (北海道-style)", () => {
  const district = (code: string, ja: string, en: string, members: ReadonlyArray<string>) =>
    Area.parse({ kind: "health_center_district", code, name: { ja, en }, members })
  const hokkaido = makeAreaHierarchy([
    district("1_esashi", "江差", "Esashi", ["013617", "013625"]),
    district("2_yakumo", "八雲", "Yakumo", ["013463", "013471"]),
    district("3_chitose", "千歳", "Chitose", ["012246", "012319"]),
    district("4_fukagawa", "深川", "Fukagawa", ["012289", "014338"]),
  ])
  const esashi = { kind: "health_center_district", code: "1_esashi" } as const
  const yakumo = { kind: "health_center_district", code: "2_yakumo" } as const
  const fukagawa = { kind: "health_center_district", code: "4_fukagawa" } as const
  const on = (day: number) =>
    `2023-${String(5 + (day % 7)).padStart(2, "0")}-${String(1 + (day % 27)).padStart(2, "0")}`

  const hokkaidoRecords: ActivityRecords = {
    meetings: [
      // 江差: 16 meetings, 506 participants (15 × 32 + 26).
      ...Array.from({ length: 16 }, (_, i) =>
        meeting({ area: esashi, kind: "working_group", heldOn: on(i), attendees: [{ count: i === 15 ? 26 : 32 }] }),
      ),
      // 八雲: 2 meetings, 30 participants.
      meeting({ area: yakumo, kind: "subcommittee", heldOn: "2023-06-01", attendees: [{ count: 14 }] }),
      meeting({ area: yakumo, kind: "subcommittee", heldOn: "2024-02-01", attendees: [{ count: 16 }] }),
      // 深川: 20 meetings whose participants were not recorded.
      ...Array.from({ length: 20 }, (_, i) => meeting({ area: fukagawa, kind: "working_group", heldOn: on(i) })),
      // Outside fiscal 2023, or not held: not counted.
      meeting({ area: esashi, heldOn: "2024-04-01", attendees: [{ count: 99 }] }),
      meeting({ area: esashi, heldOn: "2023-09-01", status: "cancelled" }),
    ],
    events: [
      // 八雲: 3 trainings, 214 participants — two by the 保健所, one by 八雲町 itself.
      activityEvent({
        area: yakumo,
        startsAt: "2023-07-01T13:00:00+09:00",
        endsAt: "2023-07-01T16:00:00+09:00",
        attendance: { total: 70 },
      }),
      activityEvent({
        area: yakumo,
        startsAt: "2023-10-01T13:00:00+09:00",
        endsAt: "2023-10-01T16:00:00+09:00",
        attendance: { total: 72 },
      }),
      activityEvent({
        area: municipalityArea("013463"),
        startsAt: "2023-11-01T13:00:00+09:00",
        endsAt: "2023-11-01T16:00:00+09:00",
        attendance: { total: 72 },
      }),
      // 深川: 3 trainings, 177 participants, and 1 lecture whose participants were not counted.
      activityEvent({
        area: fukagawa,
        startsAt: "2023-06-10T13:00:00+09:00",
        endsAt: "2023-06-10T16:00:00+09:00",
        attendance: { total: 60 },
      }),
      activityEvent({
        area: fukagawa,
        startsAt: "2023-09-10T13:00:00+09:00",
        endsAt: "2023-09-10T16:00:00+09:00",
        attendance: { total: 60 },
      }),
      activityEvent({
        area: fukagawa,
        kind: "case_study_meeting",
        startsAt: "2024-01-10T13:00:00+09:00",
        endsAt: "2024-01-10T16:00:00+09:00",
        attendance: { total: 57 },
      }),
      activityEvent({
        area: fukagawa,
        kind: "public_lecture",
        startsAt: "2023-11-03T13:00:00+09:00",
        endsAt: "2023-11-03T15:00:00+09:00",
      }),
    ],
  }

  const { table, unattributed } = activityTable(hokkaidoRecords, {
    hierarchy: hokkaido,
    level: "health_center_district",
    period: year(2023),
  })

  it("has a row per 保健所 with meetings, participants and trainings, zeros included", () => {
    expect(unattributed).toEqual([])
    expect(
      table.rows.map((row) => [
        row.name.ja,
        row.meetings.held,
        row.meetings.participants,
        row.trainings.held,
        row.trainings.participants,
        row.publicEvents.held,
        row.publicEvents.participants,
      ]),
    ).toEqual([
      ["江差", 16, 506, 0, 0, 0, 0],
      ["八雲", 2, 30, 3, 214, 0, 0],
      ["千歳", 0, 0, 0, 0, 0, 0],
      ["深川", 20, null, 3, 177, 1, null],
    ])
  })

  it("totals the rows, counting the areas that held any, and never passes off a partial sum as complete", () => {
    expect(table.total.meetings).toEqual({
      held: 38,
      participants: null,
      knownParticipants: 536,
      withoutCount: 20,
      areas: 3,
    })
    expect(table.total.trainings).toEqual({
      held: 6,
      participants: 391,
      knownParticipants: 391,
      withoutCount: 0,
      areas: 2,
    })
    expect(table.total.publicEvents).toEqual({
      held: 1,
      participants: null,
      knownParticipants: 0,
      withoutCount: 1,
      areas: 1,
    })
  })

  it("renders the table as text with unknown counts marked", () => {
    expect(activityTableText(table, "ja")).toEqual([
      [
        "地域（令和5年度）",
        "会議（WG・部会）回数",
        "人数（延べ）",
        "多職種・専門職の研修会 回数",
        "人数（延べ）",
        "講演会 回数",
        "人数（延べ）",
      ],
      ["江差", "16", "506", "0", "", "0", ""],
      ["八雲", "2", "30", "3", "214", "0", ""],
      ["千歳", "0", "", "0", "", "0", ""],
      ["深川", "20", "（不明）", "3", "177", "1", "（不明）"],
      ["合計（実施: 会議3地域・研修2地域・講演会1地域）", "38", "536（不明あり）", "6", "391", "1", "（不明）"],
    ])
    expect(activityTableText(table, "en")[5]?.[2]).toBe("536 (some unknown)")
  })
})
