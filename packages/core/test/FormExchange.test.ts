import {
  checkFormUpdate,
  checkReply,
  doctorCareManagerContactTemplate,
  type FormDefinitionSummary,
  type FormRecipient,
  type FormSendingId,
  pageFormDefinitions,
  type RecipientStep,
  ResourceId,
  responseAccess,
  stepRecipient,
  type TenantFormSource,
} from "@zaitaku/core"
import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const org = (n: number) => ResourceId.parse(`0192f5a0-0000-7000-8000-${String(n).padStart(12, "0")}`)
const sendingId = "0192f5a0-0000-7000-8000-000000000401" as FormSendingId
const by = { kind: "api_key" as const, id: "k1" }

describe("recipient states", () => {
  const steps: ReadonlyArray<RecipientStep> = [
    { step: "receive" },
    { step: "acknowledge" },
    { step: "return", comment: "記入漏れがあります" },
    { step: "reply", answers: { reply_text: "承知しました" } },
  ]

  it("never leaves acknowledged or returned, records receipt and reply once, and refuses a reply after a return", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }), (sequence) => {
        let recipient: FormRecipient = { organizationId: org(2), state: "sent" }
        sequence.forEach((index, n) => {
          const step = steps[index]!
          const next = stepRecipient(sendingId, recipient, step, {
            at: `2026-01-20T09:00:${String(n).padStart(2, "0")}Z`,
            by,
          })
          const final = recipient.state === "acknowledged" || recipient.state === "returned"
          const refused =
            ((step.step === "acknowledge" || step.step === "return") && final) ||
            (step.step === "reply" && (recipient.reply !== undefined || recipient.state === "returned"))
          expect(Result.isFailure(next)).toBe(refused)
          if (Result.isFailure(next)) {
            expect(next.failure).toMatchObject({ _tag: "Conflict", reason: "state" })
            return
          }
          const after = next.success
          // receipt: set by the first step, then never changed
          expect(after.receivedAt).toBe(recipient.receivedAt ?? after.receivedAt)
          expect(after.receivedAt).toBeDefined()
          if (final) expect(after.state).toBe(recipient.state)
          if (recipient.reply !== undefined) expect(after.reply).toBe(recipient.reply)
          recipient = after
        })
      }),
    )
  })

  it("names the state that refused the step", () => {
    const returned = Result.getOrThrow(
      stepRecipient(
        sendingId,
        { organizationId: org(2), state: "sent" },
        { step: "return", comment: "x" },
        {
          at: "2026-01-20T09:00:00Z",
          by,
        },
      ),
    )
    expect(returned).toMatchObject({ state: "returned", comment: "x", receivedAt: "2026-01-20T09:00:00Z" })
    const again = stepRecipient(sendingId, returned, { step: "acknowledge" }, { at: "2026-01-20T09:01:00Z", by })
    expect(Result.isFailure(again) && again.failure.state).toBe("returned")
  })
})

describe("who reads a response", () => {
  const response = { id: "r1" as never, organizationId: org(1) }
  const sendings = [
    { responseId: "r1" as never, responseVersion: 2, recipients: [{ organizationId: org(2), state: "sent" as const }] },
    { responseId: "r1" as never, responseVersion: 4, recipients: [{ organizationId: org(3), state: "sent" as const }] },
    { responseId: "r2" as never, responseVersion: 9, recipients: [{ organizationId: org(2), state: "sent" as const }] },
  ]

  it("lets the author's staff read everything, a recipient the latest version sent to it, and no one else anything", () => {
    expect(responseAccess({ resources: [org(1)] }, response, sendings)).toEqual({ author: true })
    expect(responseAccess({ resources: [org(2)] }, response, sendings)).toEqual({
      author: false,
      organizations: [org(2)],
      version: 2,
    })
    expect(responseAccess({ resources: [org(2), org(3)] }, response, sendings)).toMatchObject({ version: 4 })
    expect(responseAccess({ resources: [org(4)] }, response, sendings)).toBeUndefined()
    // a principal without organisations (administrators, coordinators) reads nothing
    expect(responseAccess({}, response, sendings)).toBeUndefined()
  })
})

describe("replies", () => {
  const sent = { header: { sent_on: "2026-01-15" } }

  it("checks the reply section with what was sent, and reports problems from the root of the reply", () => {
    const result = checkReply(doctorCareManagerContactTemplate, sent, { replied_on: "2026-01-01" }, "2026-01-20")
    expect(Result.isFailure(result)).toBe(true)
    const issues = Result.isFailure(result) ? result.failure.issues.map((i) => `${i.path.join(".")}:${i.code}`) : []
    expect(issues).toEqual(expect.arrayContaining(["answers.replied_on:constraint", "answers.reply_text:required"]))
    const ok = checkReply(
      doctorCareManagerContactTemplate,
      sent,
      { replied_on: "2026-01-19", reply_text: "承知しました", extra: "x" },
      "2026-01-20",
    )
    expect(Result.isFailure(ok)).toBe(true) // an unknown item is a problem too
    const kept = checkReply(
      doctorCareManagerContactTemplate,
      sent,
      { replied_on: "2026-01-19", reply_text: "承知しました" },
      "2026-01-20",
    )
    expect(Result.getOrThrow(kept)).toEqual({ replied_on: "2026-01-19", reply_text: "承知しました" })
  })

  it("refuses an empty reply and a reply to a sheet without a reply section", () => {
    const empty = checkReply(doctorCareManagerContactTemplate, sent, { reply_text: "" }, "2026-01-20")
    expect(Result.isFailure(empty) && empty.failure.issues[0]?.code).toBe("reply_empty")
    const none = checkReply(
      { ...doctorCareManagerContactTemplate, replyItem: undefined } as never,
      sent,
      {},
      "2026-01-20",
    )
    expect(Result.isFailure(none) && none.failure.issues[0]?.code).toBe("no_reply_section")
  })
})

describe("tenant forms", () => {
  const source = (status: "draft" | "active" | "retired", title = "八戸版"): TenantFormSource => ({
    kind: "variant",
    variant: {
      id: "training-application.hachinohe",
      version: "1.0.0",
      status,
      title: { ja: title, en: "Hachinohe" },
      base: { id: "training-application", version: "1.0.0" },
      changes: [{ op: "constrain", linkId: "applicants", maxOccurs: 3 }],
    },
  })
  const stored = (status: "draft" | "active" | "retired") => ({
    id: "training-application.hachinohe",
    version: "1.0.0",
    status,
    source: source(status),
  })

  it("changes a draft freely, a form in use by its status only, and never back to a draft", () => {
    expect(Result.isSuccess(checkFormUpdate(stored("draft"), source("draft", "別名")))).toBe(true)
    expect(Result.isSuccess(checkFormUpdate(stored("active"), source("retired")))).toBe(true)
    expect(Result.isSuccess(checkFormUpdate(stored("retired"), source("active")))).toBe(true)
    for (const [from, to] of [
      [stored("active"), source("active", "別名")],
      [stored("active"), source("draft")],
      [stored("retired"), source("draft")],
    ] as const) {
      const refused = checkFormUpdate(from, to)
      expect(Result.isFailure(refused) && refused.failure._tag).toBe("Conflict")
    }
    const renamed = checkFormUpdate(stored("draft"), {
      kind: "variant",
      variant: { ...(source("draft") as { variant: object }).variant, version: "1.0.1" },
    } as TenantFormSource)
    expect(Result.isFailure(renamed) && renamed.failure._tag).toBe("ValidationError")
  })

  it("lists by template id, newest version first by semantic version, and pages with a cursor", () => {
    const summary = (version: string): FormDefinitionSummary => ({
      origin: "tenant",
      kind: "definition",
      id: "local-sheet",
      version,
      status: "active",
      title: { ja: "地域の様式", en: "Local sheet" },
      hasReply: false,
    })
    const all = Result.getOrThrow(
      pageFormDefinitions([summary("1.9.0"), summary("1.10.0"), summary("0.9.0")], { origin: "tenant" }),
    )
    expect(all.items.map((item) => item.version)).toEqual(["1.10.0", "1.9.0", "0.9.0"])
    const first = Result.getOrThrow(
      pageFormDefinitions([summary("1.9.0"), summary("1.10.0")], { origin: "tenant", limit: 1 }),
    )
    const second = Result.getOrThrow(
      pageFormDefinitions([summary("1.9.0"), summary("1.10.0")], {
        origin: "tenant",
        limit: 1,
        cursor: first.nextCursor!,
      }),
    )
    expect([...first.items, ...second.items].map((item) => item.version)).toEqual(["1.10.0", "1.9.0"])
    expect(second.nextCursor).toBeNull()
    expect(Result.isFailure(pageFormDefinitions([], { cursor: "bogus" }))).toBe(true)
  })
})
