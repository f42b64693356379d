import {
  AttendeeGroup,
  Countermeasure,
  countermeasureOnTime,
  fromZodError,
  Meeting,
  meetingAttendeeCount,
  ProgramIssue,
} from "@zaitaku/core"
import { describe, expect, it } from "vitest"
import type * as z from "zod"
import { countermeasure, meeting, tenantId, uuid } from "./fixtures/activities.js"

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input)
  expect(result.success).toBe(false)
  return fromZodError("input", result.error!).issues
}

describe("Meeting", () => {
  it("counts attendees by group, and says unknown (not zero) when attendance was not recorded", () => {
    const recorded = meeting({
      attendees: [
        { organizationCategory: "medical_association", profession: "doctor", count: 3 },
        {
          organizationCategory: "community_support_center",
          profession: "care_manager",
          count: 5,
          names: ["a", "b", "c", "d", "e"],
        },
      ],
    })
    expect(meetingAttendeeCount(recorded)).toBe(8)
    expect(meetingAttendeeCount(meeting())).toBeNull()
  })

  it("requires as many names as the count when names are recorded", () => {
    expect(issuesOf(AttendeeGroup, { count: 3, names: ["a", "b"] })[0]).toMatchObject({
      path: ["names"],
      code: "names_count",
    })
  })

  it("rejects an end time before the start time", () => {
    expect(issuesOf(Meeting, { ...meeting(), startTime: "14:00", endTime: "13:00" })[0]?.path).toEqual(["endTime"])
  })
})

describe("ProgramIssue", () => {
  const base = {
    id: uuid(1, "6"),
    tenantId,
    area: { kind: "municipality", code: "022039" },
    title: "退院時の連絡が遅れる",
    scenes: ["admission_discharge"],
    status: "open",
    raisedOn: "2025-07-10",
  }

  it("needs a scene or a theme", () => {
    expect(issuesOf(ProgramIssue, { ...base, scenes: [] })[0]?.code).toBe("scene_missing")
    expect(ProgramIssue.parse({ ...base, scenes: [], themes: ["dementia"] }).themes).toEqual(["dementia"])
  })

  it("ties the resolution date to the resolved status", () => {
    expect(issuesOf(ProgramIssue, { ...base, status: "resolved" })[0]?.code).toBe("resolved_on_missing")
    expect(issuesOf(ProgramIssue, { ...base, resolvedOn: "2025-08-01" })[0]?.code).toBe("resolved_on_unexpected")
    expect(issuesOf(ProgramIssue, { ...base, status: "resolved", resolvedOn: "2025-07-01" })[0]?.code).toBe("range")
  })
})

describe("Countermeasure", () => {
  it("links issues and PDCA goals, and may serve several scenes", () => {
    const measure = countermeasure({
      scenes: ["admission_discharge", "daily_care"],
      issueIds: [uuid(1, "6")],
      goalIds: [uuid(1, "8")],
      dueOn: "2026-03-31",
    })
    expect(measure.goalIds).toEqual([uuid(1, "8")])
    expect(measure.scenes).toHaveLength(2)
  })

  it("ties the completion date to the done status and rejects a goal listed twice", () => {
    const base = countermeasure()
    expect(issuesOf(Countermeasure, { ...base, status: "done" })[0]?.code).toBe("completed_on_missing")
    expect(issuesOf(Countermeasure, { ...base, goalIds: [uuid(1, "8"), uuid(1, "8")] })[0]?.code).toBe("duplicate")
  })

  it("says whether it was completed on time, late, is overdue, or cannot be judged yet", () => {
    const due = { dueOn: "2025-09-30" }
    expect(
      countermeasureOnTime(countermeasure({ ...due, status: "done", completedOn: "2025-09-30" }), "2025-12-01"),
    ).toBe(true)
    expect(
      countermeasureOnTime(countermeasure({ ...due, status: "done", completedOn: "2025-10-01" }), "2025-12-01"),
    ).toBe(false)
    expect(countermeasureOnTime(countermeasure({ ...due, status: "in_progress" }), "2025-10-01")).toBe(false)
    expect(countermeasureOnTime(countermeasure({ ...due, status: "in_progress" }), "2025-09-30")).toBeUndefined()
    expect(countermeasureOnTime(countermeasure({ ...due, status: "cancelled" }), "2025-12-01")).toBeUndefined()
    expect(countermeasureOnTime(countermeasure({ status: "in_progress" }), "2025-12-01")).toBeUndefined()
  })
})
