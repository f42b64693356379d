import {
  ActivityEvent,
  EventAttendanceCount,
  type EventFeedback,
  eventDay,
  fromZodError,
  summariseFeedback,
} from "@zaitaku/core"
import { describe, expect, it } from "vitest"
import type * as z from "zod"
import { activityEvent, uuid } from "./fixtures/activities.js"

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input)
  expect(result.success).toBe(false)
  return fromZodError("event", result.error!).issues
}

describe("ActivityEvent", () => {
  it("applies registration defaults: automatic confirmation, a wait-list, the 研修申込書 form, not public", () => {
    const event = activityEvent({ registration: { capacity: 30, deadline: "2025-10-10" } })
    expect(event.registration).toEqual({
      capacity: 30,
      deadline: "2025-10-10",
      confirmation: "automatic",
      waitList: true,
      public: false,
      formTemplateId: "training-application",
    })
  })

  it("rejects an end before the start and a deadline after the event day, in both languages", () => {
    const valid = activityEvent()
    expect(issuesOf(ActivityEvent, { ...valid, endsAt: "2025-10-24T18:00:00+09:00" })[0]?.path).toEqual(["endsAt"])
    const [late] = issuesOf(ActivityEvent, { ...valid, registration: { deadline: "2025-10-25" } })
    expect(late).toMatchObject({ path: ["registration", "deadline"], code: "deadline_after_start" })
    expect(late?.message.ja).toContain("開催日（2025-10-24）")
  })

  it("accepts a deadline on the event day itself, judged in Japan time", () => {
    // 00:30 in Japan is the previous day in UTC: the event day is still 2025-10-24.
    const event = activityEvent({
      startsAt: "2025-10-23T15:30:00Z",
      endsAt: "2025-10-23T17:30:00Z",
      registration: { deadline: "2025-10-24" },
    })
    expect(eventDay(event)).toBe("2025-10-24")
  })

  it("accepts only known target professions", () => {
    expect(issuesOf(ActivityEvent, { ...activityEvent(), targetProfessions: ["nurse", "wizard"] })[0]?.path).toEqual([
      "targetProfessions",
      1,
    ])
  })
})

describe("EventAttendanceCount", () => {
  it("allows a partial breakdown but never one above the total", () => {
    expect(EventAttendanceCount.parse({ total: 97, byProfession: { nurse: 40 } }).total).toBe(97)
    const [issue] = issuesOf(EventAttendanceCount, { total: 10, byProfession: { nurse: 8, doctor: 3 } })
    expect(issue).toMatchObject({ path: ["byProfession"], code: "breakdown_exceeds_total" })
    expect(issuesOf(EventAttendanceCount, { total: 10, byOrganizationCategory: { castle: 1 } })[0]?.code).toBe(
      "code_list",
    )
  })
})

describe("summariseFeedback", () => {
  const answer = (satisfaction: number, usefulness?: number): EventFeedback => ({
    id: uuid(satisfaction * 10 + (usefulness ?? 0), "5") as EventFeedback["id"],
    eventId: uuid(1, "2") as EventFeedback["eventId"],
    submittedAt: "2025-10-24T20:40:00+09:00",
    satisfaction,
    ...(usefulness === undefined ? {} : { usefulness }),
  })

  it("counts each score and averages only the answers given", () => {
    const summary = summariseFeedback([answer(5, 4), answer(4), answer(5, 5), answer(2, 3)])
    expect(summary).toEqual({
      responses: 4,
      satisfactionCounts: [0, 1, 0, 1, 2],
      meanSatisfaction: 4,
      meanUsefulness: 4,
    })
  })

  it("reports no mean, rather than zero, when nobody answered", () => {
    expect(summariseFeedback([])).toEqual({
      responses: 0,
      satisfactionCounts: [0, 0, 0, 0, 0],
      meanSatisfaction: null,
      meanUsefulness: null,
    })
  })
})
