import { ConsultationRecord, fromZodError } from "@zaitaku/core"
import { describe, expect, it } from "vitest"
import { consultation, tenantId, uuid } from "./fixtures/activities.js"

const base = {
  id: uuid(1, "1"),
  tenantId,
  area: { kind: "municipality", code: "022039" },
  desk: "八戸市医師会 在宅療養相談窓口",
  receivedOn: "2025-05-12",
  channel: "phone",
  requester: { category: "medical_institution", organizationName: "八戸市立市民病院 地域医療連携室" },
  scenes: ["admission_discharge"],
  topics: ["discharge_support"],
  outcome: "advice_given",
  minutesSpent: 30,
}

const issuesOf = (input: unknown) => {
  const result = ConsultationRecord.safeParse(input)
  expect(result.success).toBe(false)
  return fromZodError("consultation", result.error!).issues
}

describe("ConsultationRecord", () => {
  it("records the institution, topics, referrals to directory entries and the time spent", () => {
    const record = ConsultationRecord.parse({
      ...base,
      requester: { category: "care_provider", resourceId: uuid(9, "9"), profession: "care_manager" },
      topics: ["discharge_support", "home_care_provider_referral"],
      referrals: [{ resourceId: uuid(10, "9") }, { name: "市社会福祉協議会" }],
      outcome: "referred",
    })
    expect(record.requester.resourceId).toBe(uuid(9, "9"))
    expect(record.referrals).toHaveLength(2)
    expect(record.themes).toEqual([])
  })

  it("needs at least one topic and rejects a topic listed twice", () => {
    expect(issuesOf({ ...base, topics: [] })[0]?.path).toEqual(["topics"])
    const duplicate = issuesOf({ ...base, topics: ["dementia", "dementia"] })
    expect(duplicate[0]).toMatchObject({ path: ["topics", 1], code: "duplicate" })
  })

  it("asks for the referral when the outcome says the case was referred", () => {
    const [issue] = issuesOf({ ...base, outcome: "referred" })
    expect(issue).toMatchObject({ path: ["referrals"], code: "referral_missing" })
    expect(issue?.message.ja).toContain("つないだ先")
  })

  it("refuses an institution on a resident's consultation and a referral without a target", () => {
    expect(issuesOf({ ...base, requester: { category: "resident_family", organizationName: "X病院" } })[0]?.code).toBe(
      "requester_institution",
    )
    expect(issuesOf({ ...base, referrals: [{ note: "紹介" }] })[0]).toMatchObject({
      path: ["referrals", 0],
      code: "referral_target",
    })
  })

  it("bounds the time spent to one day and rejects negative minutes", () => {
    expect(issuesOf({ ...base, minutesSpent: -1 })[0]?.path).toEqual(["minutesSpent"])
    expect(issuesOf({ ...base, minutesSpent: 1441 })[0]?.path).toEqual(["minutesSpent"])
  })

  it("keeps only a pseudonym of the person concerned, and a record cannot follow up itself", () => {
    const record = consultation({ personPseudonym: "P-00017" })
    expect(record.personPseudonym).toBe("P-00017")
    expect(issuesOf({ ...base, followUpOf: base.id })[0]?.code).toBe("self_reference")
  })
})
