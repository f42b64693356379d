import {
  ActivityEventKind,
  activityCodeLists,
  CodeList,
  ConsultationChannel,
  ConsultationOutcome,
  ConsultationTopic,
  CountermeasureStatus,
  findActivityCodeList,
  MeetingKind,
  OrganizationCategory,
  ProfessionCode,
  ProgramIssueStatus,
  programItemOfEventKind,
  RegistrationStatus,
  RequesterCategory,
  requesterGroupOf,
} from "@zaitaku/core"
import { describe, expect, it } from "vitest"

const enums = {
  requester_category: RequesterCategory,
  consultation_channel: ConsultationChannel,
  consultation_topic: ConsultationTopic,
  consultation_outcome: ConsultationOutcome,
  activity_event_kind: ActivityEventKind,
  registration_status: RegistrationStatus,
  meeting_kind: MeetingKind,
  organization_category: OrganizationCategory,
  program_issue_status: ProgramIssueStatus,
  countermeasure_status: CountermeasureStatus,
} as const

describe("activity code lists", () => {
  it("publish exactly the codes the models accept, in the same order, each list valid and sourced", () => {
    expect(activityCodeLists.map((list) => list.id).sort()).toEqual(Object.keys(enums).sort())
    for (const [id, schema] of Object.entries(enums)) {
      const list = findActivityCodeList(id)!
      expect(CodeList.safeParse(list).success).toBe(true)
      expect(list.concepts.map((concept) => concept.code)).toEqual(schema.options)
      expect(list.source.title.length).toBeGreaterThan(0)
    }
  })

  it("say which lists are Zaitaku's own rather than quoted", () => {
    const grades = Object.fromEntries(activityCodeLists.map((list) => [list.id, list.source.grade]))
    expect(grades.consultation_channel).toBe("official")
    expect(grades.meeting_kind).toBe("official")
    expect(grades.requester_category).toBe("inference")
    expect(findActivityCodeList("consultation_topic")?.unconfirmed).toMatch(/national topic list/)
    const channel = findActivityCodeList("consultation_channel")!
    expect(channel.concepts.find((c) => c.code === "fax")?.unconfirmed).toBeDefined()
    expect(channel.concepts.find((c) => c.code === "phone")?.unconfirmed).toBeUndefined()
  })

  it("split requesters into 一般住民 and 関係機関 as municipalities report them", () => {
    expect(requesterGroupOf("resident_family")).toBe("resident")
    for (const category of [
      "medical_institution",
      "care_provider",
      "community_support_center",
      "government",
    ] as const) {
      expect(requesterGroupOf(category)).toBe("professional")
    }
    expect(requesterGroupOf("other")).toBe("other")
  })

  it("file every event kind under (カ) training or (キ) public awareness", () => {
    expect(programItemOfEventKind.multi_professional_training).toBe("training")
    expect(programItemOfEventKind.outreach_lecture).toBe("public_awareness")
    expect(Object.keys(programItemOfEventKind).sort()).toEqual([...ActivityEventKind.options].sort())
  })

  it("accept only professions of the standard profession list", () => {
    expect(ProfessionCode.safeParse("care_manager").success).toBe(true)
    const bad = ProfessionCode.safeParse("astronaut")
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.message).toMatch(/profession code list/)
  })
})
