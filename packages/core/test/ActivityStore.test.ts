import {
  ActivityQuery,
  activityFilterColumns,
  capacityChange,
  EventApplicant,
  EventRegistrationId,
  inActivityPeriod,
  matchesActivityQuery,
  pageActivities,
  publicRegistrationResult,
  type RegistrationBook,
  register,
  type StoredActivity,
  summariseRegistrations,
} from "@zaitaku/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { activityEvent, consultation, countermeasure, uuid } from "./fixtures/activities.js"

const event = activityEvent({
  startsAt: "2026-02-06T18:30:00+09:00",
  endsAt: "2026-02-06T20:30:00+09:00",
  registration: { capacity: 2, deadline: "2026-01-23", public: true },
  status: "planned",
})

/** Applies for applicants 1…n in order, through core's rule, and returns the book. */
const bookWith = (n: number): RegistrationBook => {
  let book: RegistrationBook = { event, registrations: [] }
  for (let i = 1; i <= n; i++) {
    const decided = register(book, {
      id: EventRegistrationId.parse(uuid(i, "9")),
      applicant: EventApplicant.parse({
        name: `申込者 ${i}`,
        email: `a${i}@example.jp`,
        profession: i % 2 === 1 ? "nurse" : "care_manager",
        organizationName: i <= 2 ? "八戸訪問看護ステーション" : "八戸市居宅介護支援センター",
      }),
      at: "2026-01-10T09:00:00+09:00",
    })
    if (Result.isFailure(decided)) throw decided.failure
    book = { event, registrations: [...book.registrations, ...decided.success.changes] }
  }
  return book
}

describe("activity store helpers", () => {
  it("counts confirmed registrations by profession and organisation, and tells a public applicant only its place", () => {
    const book = bookWith(4)
    expect(summariseRegistrations(book)).toEqual({
      eventId: event.id,
      capacity: 2,
      received: 0,
      confirmed: 2,
      waitListed: 2,
      cancelled: 0,
      seatsLeft: 0,
      attended: 0,
      byProfession: { nurse: { confirmed: 1, attended: 0 }, care_manager: { confirmed: 1, attended: 0 } },
      byOrganization: { 八戸訪問看護ステーション: { confirmed: 2, attended: 0 } },
      byOrganizationCategory: { unknown: { confirmed: 2, attended: 0 } },
    })
    const fourth = book.registrations[3]!
    expect(
      publicRegistrationResult({ outcome: "created", registration: fourth, promoted: [] }, book.registrations),
    ).toEqual({ id: fourth.id, eventId: event.id, status: "wait_listed", outcome: "created", waitListPosition: 2 })
  })

  it("promotes in order of arrival when the capacity grows and refuses one below the confirmed count", () => {
    const book = bookWith(4)
    const grown = capacityChange(
      book,
      { ...event, registration: { ...event.registration!, capacity: 3 } },
      "2026-01-11T09:00:00+09:00",
    )
    expect(Result.isSuccess(grown) && grown.success.promoted.map((r) => r.sequence)).toEqual([3])
    const shrunk = capacityChange(
      book,
      { ...event, registration: { ...event.registration!, capacity: 1 } },
      "2026-01-11T09:00:00+09:00",
    )
    expect(Result.isFailure(shrunk) && shrunk.failure.reason).toBe("capacity_below_confirmed")
    const removed = capacityChange(book, { ...event, registration: undefined } as never, "2026-01-11T09:00:00+09:00")
    expect(Result.isFailure(removed) && removed.failure.reason).toBe("state")
  })

  it("filters by the counting date, topic, requester and area, and counts an issue resolved in the period", () => {
    const c = consultation({ receivedOn: "2025-06-01", topics: ["dementia"], scenes: ["daily_care"] })
    expect(activityFilterColumns("consultation", c)).toMatchObject({
      subkind: "phone",
      status: "advice_given",
      area: "municipality:022039",
      date: "2025-06-01",
      topics: ["dementia"],
      requesterCategory: "resident_family",
    })
    const query = (input: Record<string, unknown>) => ActivityQuery.parse(input)
    expect(matchesActivityQuery("consultation", c, query({ topic: "dementia", scene: "daily_care" }))).toBe(true)
    expect(matchesActivityQuery("consultation", c, query({ period: { start: "2025-07-01", end: "2025-07-31" } }))).toBe(
      false,
    )
    expect(matchesActivityQuery("consultation", c, query({ area: "municipality:024414" }))).toBe(false)
    const undated = countermeasure({ dueOn: undefined } as never)
    expect(
      matchesActivityQuery("countermeasure", undated, query({ period: { start: "2025-04-01", end: "2026-03-31" } })),
    ).toBe(false)
    const issue = { raisedOn: "2025-03-20", resolvedOn: "2025-05-01", status: "resolved", scenes: [] } as never
    expect(inActivityPeriod("issue", issue, { start: "2025-04-01", end: "2026-03-31" })).toBe(true)
  })

  it("pages newest first and refuses a cursor of another listing", () => {
    const stamp = (n: number) => `2025-06-0${n}T00:00:00.000Z`
    const stored = [1, 2, 3].map(
      (n) =>
        ({ ...consultation(), version: 1, createdAt: stamp(n), updatedAt: stamp(n) }) as StoredActivity<"consultation">,
    )
    const first = pageActivities("consultation", stored, ActivityQuery.parse({ limit: 2 }))
    if (Result.isFailure(first)) throw first.failure
    expect(first.success.items.map((r) => r.createdAt)).toEqual([stamp(3), stamp(2)])
    const second = pageActivities(
      "consultation",
      stored,
      ActivityQuery.parse({ limit: 2, cursor: first.success.nextCursor }),
    )
    expect(Result.isSuccess(second) && second.success.items.map((r) => r.createdAt)).toEqual([stamp(1)])
    const foreign = pageActivities("meeting", [], ActivityQuery.parse({ cursor: first.success.nextCursor }))
    expect(Result.isFailure(foreign) && foreign.failure.issues[0]?.code).toBe("invalid_cursor")
  })
})
