import {
  type ActivityEvent,
  applyRegistrationChanges,
  cancelRegistration,
  changeCapacity,
  confirmRegistration,
  EventApplicant,
  type EventRegistration,
  EventRegistrationId,
  markAttendance,
  type RegistrationBook,
  type RegistrationDecision,
  type RegistrationRejected,
  register,
  registrationCounts,
  waitList,
} from "@zaitaku/core"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { activityEvent, uuid } from "./fixtures/activities.js"

const openEvent = (registration: Record<string, unknown> = { capacity: 30, deadline: "2025-10-10" }): ActivityEvent =>
  activityEvent({ status: "planned", registration: registration as ActivityEvent["registration"] })

const applicant = (n: number) =>
  EventApplicant.parse({ name: `申込者${n}`, email: `applicant${n}@example.jp`, profession: "nurse" })

let ids = 0
const nextId = () => EventRegistrationId.parse(uuid(++ids, "7"))

const ok = <A>(result: Result.Result<A, RegistrationRejected>): A => {
  if (Result.isFailure(result)) throw new Error(`unexpected rejection: ${result.failure.message}`)
  return result.success
}
const failure = <A>(result: Result.Result<A, RegistrationRejected>): RegistrationRejected => {
  if (Result.isSuccess(result)) throw new Error("expected a rejection")
  return result.failure
}

const applyTo = (book: RegistrationBook, decision: { readonly changes: ReadonlyArray<EventRegistration> }) => ({
  ...book,
  registrations: applyRegistrationChanges(book.registrations, decision.changes),
})

const signUp = (book: RegistrationBook, n: number, at = "2025-10-01T09:00:00+09:00") => {
  const decision = ok(register(book, { id: nextId(), applicant: applicant(n), at }))
  return { book: applyTo(book, decision), decision }
}

describe("register", () => {
  it("gives 30 seats to the first 30 of 50 applicants and wait-lists the other 20 in arrival order", () => {
    let book: RegistrationBook = { event: openEvent(), registrations: [] }
    for (let n = 1; n <= 50; n++) book = signUp(book, n).book
    expect(registrationCounts(book)).toEqual({ received: 0, confirmed: 30, waitListed: 20, cancelled: 0, seatsLeft: 0 })
    expect(book.registrations.filter((r) => r.status === "confirmed").map((r) => r.sequence)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    )
    expect(waitList(book).map((r) => r.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 31))
  })

  it("accepts applications through the deadline day in Japan time and refuses later ones with a clear error", () => {
    const book: RegistrationBook = { event: openEvent(), registrations: [] }
    expect(signUp(book, 1, "2025-10-10T23:59:59+09:00").decision.registration.status).toBe("confirmed")
    // 2025-10-10T15:30Z is 00:30 on 10-11 in Japan.
    for (const at of ["2025-10-11T00:00:00+09:00", "2025-10-10T15:30:00Z"]) {
      const error = failure(register(book, { id: nextId(), applicant: applicant(2), at }))
      expect(error.reason).toBe("deadline_passed")
      expect(error.description.ja).toBe("申込期限（令和7年10月10日）を過ぎています（申込日 令和7年10月11日）")
      expect(error.description.en).toBe(
        "The application deadline (2025-10-10) has passed; the application arrived on 2025-10-11",
      )
    }
  })

  it("refuses applications once the event has started, when it takes none, and when it is cancelled or held", () => {
    const noDeadline: RegistrationBook = { event: openEvent({ capacity: 5 }), registrations: [] }
    expect(
      failure(register(noDeadline, { id: nextId(), applicant: applicant(1), at: "2025-10-24T18:30:00+09:00" })).reason,
    ).toBe("event_started")
    const noRegistration: RegistrationBook = { event: activityEvent({ status: "planned" }), registrations: [] }
    expect(
      failure(register(noRegistration, { id: nextId(), applicant: applicant(1), at: "2025-10-01T09:00:00+09:00" }))
        .reason,
    ).toBe("not_open")
    for (const status of ["cancelled", "held"] as const) {
      const closed: RegistrationBook = { event: { ...openEvent(), status }, registrations: [] }
      expect(
        failure(register(closed, { id: nextId(), applicant: applicant(1), at: "2025-10-01T09:00:00+09:00" })).reason,
      ).toBe("event_closed")
    }
  })

  it("refuses, rather than drops, an applicant when the event is full and keeps no wait-list", () => {
    let book: RegistrationBook = { event: openEvent({ capacity: 2, waitList: false }), registrations: [] }
    book = signUp(signUp(book, 1).book, 2).book
    const error = failure(register(book, { id: nextId(), applicant: applicant(3), at: "2025-10-02T09:00:00+09:00" }))
    expect(error.reason).toBe("full")
    expect(error.description.ja).toBe("定員（2人）に達したため受け付けできません")
  })

  it("treats a re-sent application of a live registration as the same registration", () => {
    const first = signUp({ event: openEvent(), registrations: [] }, 1)
    const again = ok(
      register(first.book, {
        id: nextId(),
        applicant: EventApplicant.parse({ name: "別表記", email: "APPLICANT1@example.jp", profession: "nurse" }),
        at: "2025-10-20T09:00:00+09:00", // after the deadline: a retry still gets its registration back
      }),
    )
    expect(again).toEqual({
      outcome: "unchanged",
      registration: first.decision.registration,
      changes: [],
      promoted: [],
    })
  })

  it("takes a new application after a cancellation as a new registration at the back of the queue", () => {
    let { book, decision } = signUp({ event: openEvent({ capacity: 1 }), registrations: [] }, 1)
    book = signUp(book, 2).book
    book = applyTo(
      book,
      ok(cancelRegistration(book, decision.registration.id, { at: "2025-10-02T09:00:00+09:00", by: "applicant" })),
    )
    const back = signUp(book, 1, "2025-10-03T09:00:00+09:00").decision
    expect(back.outcome).toBe("created")
    expect(back.registration.status).toBe("wait_listed")
    expect(back.registration.sequence).toBe(3)
  })

  it("keeps manual-confirmation applications as received until the organiser confirms them", () => {
    let book: RegistrationBook = { event: openEvent({ capacity: 1, confirmation: "manual" }), registrations: [] }
    const a = signUp(book, 1)
    const b = signUp(a.book, 2)
    book = b.book
    expect(registrationCounts(book).received).toBe(2)
    const first = ok(confirmRegistration(book, b.decision.registration.id, "2025-10-02T09:00:00+09:00"))
    expect(first.registration.status).toBe("confirmed")
    book = applyTo(book, first)
    const second = ok(confirmRegistration(book, a.decision.registration.id, "2025-10-02T09:05:00+09:00"))
    expect(second.registration.status).toBe("wait_listed")
    book = applyTo(book, second)
    expect(ok(confirmRegistration(book, b.decision.registration.id, "2025-10-02T10:00:00+09:00")).outcome).toBe(
      "unchanged",
    )
    expect(failure(confirmRegistration(book, a.decision.registration.id, "2025-10-02T10:00:00+09:00")).reason).toBe(
      "state",
    )
  })
})

describe("cancelRegistration", () => {
  it("promotes the first wait-listed applicant into the freed seat, with the reason recorded", () => {
    let book: RegistrationBook = { event: openEvent({ capacity: 2 }), registrations: [] }
    const first = signUp(book, 1)
    book = signUp(signUp(signUp(first.book, 2).book, 3).book, 4).book
    const decision = ok(
      cancelRegistration(book, first.decision.registration.id, { at: "2025-10-05T12:00:00+09:00", by: "applicant" }),
    )
    expect(decision.registration.status).toBe("cancelled")
    expect(decision.promoted.map((r) => r.sequence)).toEqual([3])
    expect(decision.promoted[0]?.history.at(-1)).toEqual({
      status: "confirmed",
      at: "2025-10-05T12:00:00+09:00",
      reason: "promoted",
    })
    book = applyTo(book, decision)
    expect(registrationCounts(book)).toMatchObject({ confirmed: 2, waitListed: 1, cancelled: 1 })
  })

  it("promotes no one when a wait-listed applicant cancels, and is idempotent", () => {
    let book: RegistrationBook = { event: openEvent({ capacity: 1 }), registrations: [] }
    book = signUp(book, 1).book
    const waiting = signUp(book, 2)
    book = waiting.book
    const decision = ok(
      cancelRegistration(book, waiting.decision.registration.id, { at: "2025-10-05T12:00:00+09:00", by: "organizer" }),
    )
    expect(decision.promoted).toEqual([])
    expect(decision.registration.history.at(-1)?.reason).toBe("cancelled_by_organizer")
    book = applyTo(book, decision)
    expect(
      ok(
        cancelRegistration(book, waiting.decision.registration.id, {
          at: "2025-10-06T12:00:00+09:00",
          by: "organizer",
        }),
      ).outcome,
    ).toBe("unchanged")
  })

  it("refuses an unknown registration and cancellations after the event took place", () => {
    const book: RegistrationBook = { event: openEvent(), registrations: [] }
    expect(
      failure(cancelRegistration(book, nextId(), { at: "2025-10-05T12:00:00+09:00", by: "applicant" })).reason,
    ).toBe("not_found")
    const held = signUp(book, 1)
    const heldBook = { ...held.book, event: { ...held.book.event, status: "held" as const } }
    expect(
      failure(
        cancelRegistration(heldBook, held.decision.registration.id, {
          at: "2025-10-25T12:00:00+09:00",
          by: "applicant",
        }),
      ).reason,
    ).toBe("event_closed")
  })
})

describe("changeCapacity", () => {
  it("promotes wait-listed applicants in order when seats are added, and refuses to drop confirmed ones", () => {
    let book: RegistrationBook = { event: openEvent({ capacity: 2 }), registrations: [] }
    for (let n = 1; n <= 5; n++) book = signUp(book, n).book
    const more = ok(changeCapacity(book, 4, "2025-10-03T09:00:00+09:00"))
    expect(more.settings.capacity).toBe(4)
    expect(more.promoted.map((r) => r.sequence)).toEqual([3, 4])
    const fewer = failure(changeCapacity(applyTo(book, more), 3, "2025-10-03T09:00:00+09:00"))
    expect(fewer.reason).toBe("capacity_below_confirmed")
    expect(fewer.description.ja).toContain("参加確定がすでに4人います")
    const unlimited = ok(changeCapacity(book, undefined, "2025-10-03T09:00:00+09:00"))
    expect(unlimited.settings.capacity).toBeUndefined()
    expect(unlimited.promoted.map((r) => r.sequence)).toEqual([3, 4, 5])
  })
})

describe("markAttendance", () => {
  it("records attendance of confirmed registrations only", () => {
    let book: RegistrationBook = { event: openEvent({ capacity: 1 }), registrations: [] }
    const a = signUp(book, 1)
    const b = signUp(a.book, 2)
    book = b.book
    expect(ok(markAttendance(book, a.decision.registration.id, true)).registration.attended).toBe(true)
    expect(failure(markAttendance(book, b.decision.registration.id, true)).reason).toBe("state")
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

type Op =
  | { readonly kind: "register"; readonly who: number; readonly minute: number }
  | { readonly kind: "cancel"; readonly pick: number }
  | { readonly kind: "capacity"; readonly value: number }

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("register" as const), who: fc.nat(11), minute: fc.nat(59) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat(30) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("capacity" as const), value: fc.integer({ min: 1, max: 8 }) }),
  },
)

interface Step {
  readonly before: RegistrationBook
  readonly op: Op
  readonly decision: RegistrationDecision | undefined
  readonly promoted: ReadonlyArray<EventRegistration>
  readonly after: RegistrationBook
}

/** Runs operations one after another, as a store would under the event's lock. */
const run = (capacity: number, confirmation: "automatic" | "manual", ops: ReadonlyArray<Op>): ReadonlyArray<Step> => {
  let book: RegistrationBook = { event: openEvent({ capacity, confirmation }), registrations: [] }
  const steps: Array<Step> = []
  for (const o of ops) {
    const before = book
    const at = `2025-10-01T09:${String(o.kind === "register" ? o.minute : 0).padStart(2, "0")}:00+09:00`
    if (o.kind === "register") {
      const result = register(book, { id: nextId(), applicant: applicant(o.who), at })
      const decision = Result.isSuccess(result) ? result.success : undefined
      if (decision !== undefined) book = applyTo(book, decision)
      steps.push({ before, op: o, decision, promoted: decision?.promoted ?? [], after: book })
    } else if (o.kind === "cancel") {
      const target = book.registrations[o.pick % Math.max(1, book.registrations.length)]
      const result = target === undefined ? undefined : cancelRegistration(book, target.id, { at, by: "applicant" })
      const decision = result !== undefined && Result.isSuccess(result) ? result.success : undefined
      if (decision !== undefined) book = applyTo(book, decision)
      steps.push({ before, op: o, decision, promoted: decision?.promoted ?? [], after: book })
    } else {
      const result = changeCapacity(book, o.value, at)
      if (Result.isSuccess(result)) {
        book = {
          event: { ...book.event, registration: result.success.settings },
          registrations: applyRegistrationChanges(book.registrations, result.success.changes),
        }
      }
      steps.push({
        before,
        op: o,
        decision: undefined,
        promoted: Result.isSuccess(result) ? result.success.promoted : [],
        after: book,
      })
    }
  }
  return steps
}

const capacityOf = (book: RegistrationBook) => book.event.registration?.capacity ?? Number.POSITIVE_INFINITY

describe("registration rules (properties)", () => {
  const scenario = fc.tuple(
    fc.integer({ min: 1, max: 6 }),
    fc.constantFrom("automatic" as const, "manual" as const),
    fc.array(op, { maxLength: 60 }),
  )

  it("never confirm more registrations than the capacity", () => {
    fc.assert(
      fc.property(scenario, ([capacity, confirmation, ops]) => {
        for (const step of run(capacity, confirmation, ops)) {
          expect(registrationCounts(step.after).confirmed).toBeLessThanOrEqual(capacityOf(step.after))
        }
      }),
    )
  })

  it("promote first come, first served, and never leave a seat free while someone waits", () => {
    fc.assert(
      fc.property(scenario, ([capacity, confirmation, ops]) => {
        for (const step of run(capacity, confirmation, ops)) {
          const queue = waitList(step.before).map((r) => r.id)
          expect(step.promoted.map((r) => r.id)).toEqual(queue.slice(0, step.promoted.length))
          const counts = registrationCounts(step.after)
          if (counts.seatsLeft !== null && counts.seatsLeft > 0) expect(counts.waitListed).toBe(0)
        }
      }),
    )
  })

  it("never drop an application: each one is refused with a reason or kept in the book", () => {
    fc.assert(
      fc.property(scenario, ([capacity, confirmation, ops]) => {
        for (const step of run(capacity, confirmation, ops)) {
          if (step.op.kind !== "register" || step.decision === undefined) continue
          const kept = step.after.registrations.find((r) => r.id === step.decision!.registration.id)
          expect(kept?.status).toBe(step.decision.registration.status)
          expect(["received", "confirmed", "wait_listed"]).toContain(kept?.status)
        }
      }),
    )
  })

  it("make re-registering the same applicant idempotent", () => {
    fc.assert(
      fc.property(scenario, fc.nat(11), ([capacity, confirmation, ops], who) => {
        const steps = run(capacity, confirmation, ops)
        const book = steps.at(-1)?.after ?? { event: openEvent({ capacity, confirmation }), registrations: [] }
        const at = "2025-10-02T09:00:00+09:00"
        const once = register(book, { id: nextId(), applicant: applicant(who), at })
        if (Result.isFailure(once)) return
        const afterOnce = applyTo(book, once.success)
        const twice = ok(register(afterOnce, { id: nextId(), applicant: applicant(who), at }))
        expect(twice.outcome).toBe("unchanged")
        expect(twice.changes).toEqual([])
        expect(twice.registration).toEqual(afterOnce.registrations.find((r) => r.id === once.success.registration.id))
        expect(applyTo(afterOnce, twice)).toEqual(afterOnce)
      }),
    )
  })
})
