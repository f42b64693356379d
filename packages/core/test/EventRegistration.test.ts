import { applicantKey, EventApplicant, EventRegistration, fromZodError } from "@zaitaku/core"
import { describe, expect, it } from "vitest"
import { tenantId, uuid } from "./fixtures/activities.js"

describe("EventApplicant", () => {
  it("needs an email address or a phone number", () => {
    const result = EventApplicant.safeParse({ name: "厚木 花子", profession: "nurse" })
    expect(result.success).toBe(false)
    expect(fromZodError("applicant", result.error!).issues[0]).toMatchObject({
      code: "contact_missing",
      message: { ja: "連絡先としてメールアドレスか電話番号を入力してください" },
    })
  })
})

describe("applicantKey", () => {
  it("identifies an applicant by email regardless of case and width", () => {
    expect(applicantKey({ name: "A", email: "Hanako@Example.JP" })).toBe(
      applicantKey({ name: "B", email: "hanako@example.jp" }),
    )
  })

  it("falls back to name and phone digits, ignoring spaces and hyphens", () => {
    expect(applicantKey({ name: "厚木　花子", phone: "046-285-2111" })).toBe(
      applicantKey({ name: "厚木花子", phone: "０４６２８５２１１１" }),
    )
    expect(applicantKey({ name: "厚木花子", phone: "0462852111" })).not.toBe(
      applicantKey({ name: "厚木花子", phone: "0462852112" }),
    )
  })
})

describe("EventRegistration", () => {
  const base = {
    id: uuid(1, "7"),
    tenantId,
    eventId: uuid(1, "2"),
    sequence: 1,
    applicantKey: "email:hanako@example.jp",
    applicant: { name: "厚木 花子", email: "hanako@example.jp", profession: "nurse" },
    status: "confirmed",
    submittedAt: "2025-10-01T09:00:00+09:00",
    history: [
      { status: "received", at: "2025-10-01T09:00:00+09:00", reason: "applied" },
      { status: "confirmed", at: "2025-10-01T09:00:00+09:00", reason: "seat_given" },
    ],
  }

  it("keeps the status equal to the last change of the history", () => {
    expect(EventRegistration.parse(base).status).toBe("confirmed")
    const result = EventRegistration.safeParse({ ...base, status: "cancelled" })
    expect(fromZodError("registration", result.error!).issues[0]?.code).toBe("history_mismatch")
  })

  it("marks attendance only on confirmed registrations", () => {
    expect(EventRegistration.parse({ ...base, attended: true }).attended).toBe(true)
    const waiting = {
      ...base,
      status: "wait_listed",
      history: [...base.history.slice(0, 1), { status: "wait_listed", at: base.submittedAt, reason: "full" }],
      attended: true,
    }
    expect(fromZodError("registration", EventRegistration.safeParse(waiting).error!).issues[0]?.code).toBe(
      "attended_not_confirmed",
    )
  })
})
