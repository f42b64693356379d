import {
  type ActorRef,
  applyResourcePatch,
  decideRequest,
  type Principal,
  ProposedPatch,
  pageChangeRequests,
  pendingCounts,
  prepareAcceptance,
  prepareProposal,
  Resource,
  type ResourceChangeRequest,
  ResourceChangeRequestId,
  ResourceId,
  TenantId,
} from "@zaitaku/core"
import { Result } from "effect"
import { describe, expect, it } from "vitest"

const tenantId = TenantId.parse("0192f5a0-0000-7000-8000-0000000000aa")
const entryId = ResourceId.parse("0192f5a0-0000-7000-8000-000000000001")
const requestId = (n: number) =>
  ResourceChangeRequestId.parse(`0192f5a0-0000-7000-8000-${n.toString(16).padStart(12, "0")}`)

const office: ActorRef = {
  kind: "api_key",
  id: "0192f5a0-0000-7000-8000-0000000000b1",
  label: "八戸訪問看護ステーション",
}
const coordinator: ActorRef = { kind: "api_key", id: "0192f5a0-0000-7000-8000-0000000000c1", label: "連携推進室" }

const entry = (overrides: Record<string, unknown> = {}): Resource =>
  Resource.parse({
    id: entryId,
    tenantId,
    kind: "home_nursing_station",
    name: "八戸訪問看護ステーション",
    nameKana: "ハチノヘホウモンカンゴステーション",
    identifiers: {},
    address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市内丸一丁目1-1" },
    phone: "0178-00-0001",
    fax: "0178-00-0002",
    hours: [{ day: "mon", periods: [{ opens: "09:00", closes: "17:30" }] }],
    capabilities: ["around_the_clock"],
    serviceArea: ["022039"],
    status: "active",
    provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: "130:0260190001" },
    assuredAt: "2024-06-01T09:00:00.000Z",
    assuredBy: coordinator,
    createdAt: "2024-01-01T00:00:00.000Z",
    updatedAt: "2024-06-01T09:00:00.000Z",
    version: 3,
    ...overrides,
  })

const propose = (current: Resource, patch: unknown, attest = false, n = 1) =>
  prepareProposal(current, ProposedPatch.parse(patch), {
    id: requestId(n),
    at: "2025-07-01T01:00:00.000Z",
    by: office,
    attest,
    reason: "電話番号の変更",
  })

const proposed = (current: Resource, patch: unknown, attest = false): ResourceChangeRequest =>
  Result.getOrThrow(propose(current, patch, attest))

describe("prepareProposal", () => {
  it("records the field-level changes against the version the office saw, pending review", () => {
    const request = proposed(entry(), {
      phone: "0178-11-1111",
      fax: null,
      address: { ...entry().address, line: "八戸市内丸二丁目2-2" },
    })
    expect(request).toMatchObject({
      id: requestId(1),
      tenantId,
      resourceId: entryId,
      baseVersion: 3,
      attest: false,
      reason: "電話番号の変更",
      proposedAt: "2025-07-01T01:00:00.000Z",
      proposedBy: office,
      status: "pending",
    })
    expect(request.changes).toEqual([
      { field: "address.line", from: "八戸市内丸一丁目1-1", to: "八戸市内丸二丁目2-2" },
      { field: "fax", from: "0178-00-0002" },
      { field: "phone", from: "0178-00-0001", to: "0178-11-1111" },
    ])
  })

  it("refuses a proposal that changes nothing, pointing to attestation instead", () => {
    const result = propose(entry(), { phone: "0178-00-0001" })
    expect(Result.isFailure(result)).toBe(true)
    const issue = Result.isFailure(result) ? result.failure.issues[0] : undefined
    expect(issue?.code).toBe("no_changes")
    expect(issue?.message.ja).toContain("確認")
  })

  it("refuses a proposal that would make the entry invalid, with the field's path", () => {
    const result = propose(entry(), { status: "closed" })
    expect(Result.isFailure(result) && result.failure.issues.map((issue) => [issue.path, issue.code])).toEqual([
      [["closedOn"], "closed_on_required"],
    ])
  })

  it("cannot propose provenance: where an entry came from is the directory's record", () => {
    expect(ProposedPatch.safeParse({ provenance: { source: "self_reported" } }).success).toBe(false)
  })
})

describe("prepareAcceptance", () => {
  const at = "2025-07-03T02:00:00.000Z"

  it("applies the proposal as a new version whose change rows name the proposer, the request and the reviewer", () => {
    const current = entry()
    const request = proposed(current, { phone: "0178-11-1111" })
    const accepted = Result.getOrThrow(
      prepareAcceptance(current, request, { at, by: coordinator, comment: "反映しました" }),
    )
    expect(accepted.request).toMatchObject({
      status: "accepted",
      decidedAt: at,
      decidedBy: coordinator,
      comment: "反映しました",
      appliedVersion: 4,
    })
    expect(accepted.write?.resource).toMatchObject({ phone: "0178-11-1111", version: 4, updatedAt: at })
    expect(accepted.write?.resource.assuredAt).toBe(current.assuredAt) // not attested: freshness unchanged
    expect(accepted.write?.changes).toEqual([
      {
        resourceId: entryId,
        version: 4,
        field: "phone",
        from: "0178-00-0001",
        to: "0178-11-1111",
        at,
        by: office,
        reason: "電話番号の変更",
        changeRequestId: requestId(1),
        reviewedBy: coordinator,
      },
    ])
  })

  it("attests the entry as of the proposal, by the proposer, when the office attested with it", () => {
    const current = entry()
    const request = proposed(current, { phone: "0178-11-1111" }, true)
    const accepted = Result.getOrThrow(prepareAcceptance(current, request, { at, by: coordinator }))
    expect(accepted.write?.resource).toMatchObject({ assuredAt: request.proposedAt, assuredBy: office })
    // an entry attested after the proposal keeps its later attestation
    const later = entry({ assuredAt: "2025-07-02T00:00:00.000Z", version: 4 })
    const kept = Result.getOrThrow(prepareAcceptance(later, request, { at, by: coordinator }))
    expect(kept.write?.resource).toMatchObject({ assuredAt: "2025-07-02T00:00:00.000Z", assuredBy: coordinator })
  })

  it("keeps other fields changed since the proposal, and refuses fields changed by someone else, naming them", () => {
    const base = entry()
    const request = proposed(base, { phone: "0178-11-1111", fax: "0178-11-2222" })
    // the coordinator changed the URL meanwhile: no collision, the URL stays
    const urlChanged = Result.getOrThrow(
      applyResourcePatch(
        base,
        { url: "https://example.jp/houkan" },
        { at: "2025-07-02T00:00:00.000Z", by: coordinator },
      ),
    ).resource
    const merged = Result.getOrThrow(prepareAcceptance(urlChanged, request, { at, by: coordinator }))
    expect(merged.write?.resource).toMatchObject({
      url: "https://example.jp/houkan",
      phone: "0178-11-1111",
      version: 5,
    })
    expect(merged.write?.changes.map((c) => c.field)).toEqual(["fax", "phone"])
    // the coordinator changed the phone to something else meanwhile: a conflict naming phone, nothing written
    const phoneChanged = Result.getOrThrow(
      applyResourcePatch(base, ProposedPatch.parse({ phone: "0178-99-9999" }), {
        at: "2025-07-02T00:00:00.000Z",
        by: coordinator,
      }),
    ).resource
    const collided = prepareAcceptance(phoneChanged, request, { at, by: coordinator })
    expect(Result.isFailure(collided) && collided.failure).toMatchObject({
      _tag: "Conflict",
      reason: "version_mismatch",
      fields: ["phone"],
    })
    // the same value entered meanwhile is not a collision; only the fax is left to change
    const samePhone = Result.getOrThrow(
      applyResourcePatch(base, ProposedPatch.parse({ phone: "0178-11-1111" }), {
        at: "2025-07-02T00:00:00.000Z",
        by: coordinator,
      }),
    ).resource
    const rest = Result.getOrThrow(prepareAcceptance(samePhone, request, { at, by: coordinator }))
    expect(rest.write?.changes.map((c) => c.field)).toEqual(["fax"])
  })

  it("writes nothing to the entry when every value is already there and nothing is attested", () => {
    const base = entry()
    const request = proposed(base, { phone: "0178-11-1111" })
    const already = entry({ phone: "0178-11-1111", version: 4 })
    const accepted = Result.getOrThrow(prepareAcceptance(already, request, { at, by: coordinator }))
    expect(accepted.write).toBeUndefined()
    expect(accepted.request.status).toBe("accepted")
    expect(accepted.request.appliedVersion).toBeUndefined()
  })

  it("refuses a result that breaks a cross-field rule of the entry as it is now, and writes nothing", () => {
    const vacancy = proposed(entry({ availability: { capacity: 10, asOf: "2025-06-01T00:00:00.000Z" } }), {
      availability: { capacity: 10, vacancy: 5, asOf: "2025-07-01T00:00:00.000Z" },
    })
    // the capacity changed meanwhile (10 → 3): the proposed vacancy of 5 no longer fits
    const shrunk = entry({ availability: { capacity: 3, asOf: "2025-06-01T00:00:00.000Z" }, version: 4 })
    const result = prepareAcceptance(shrunk, vacancy, { at, by: coordinator })
    expect(Result.isFailure(result) && result.failure).toMatchObject({ _tag: "ValidationError" })
    const issues = Result.isFailure(result) && result.failure._tag === "ValidationError" ? result.failure.issues : []
    expect(issues.map((issue) => [issue.path, issue.code])).toEqual([
      [["availability", "vacancy"], "vacancy_exceeds_capacity"],
    ])
  })

  it("decides a request once: a decided request is a Conflict in state, naming its state", () => {
    const request = proposed(entry(), { phone: "0178-11-1111" })
    const rejected = Result.getOrThrow(
      decideRequest(request, "rejected", { at, by: coordinator, comment: "番号をご確認ください" }),
    )
    expect(rejected).toMatchObject({ status: "rejected", comment: "番号をご確認ください", decidedBy: coordinator })
    const attempts: ReadonlyArray<Result.Result<unknown, unknown>> = [
      prepareAcceptance(entry(), rejected, { at, by: coordinator }),
      decideRequest(rejected, "withdrawn", { at, by: office }),
    ]
    for (const again of attempts) {
      expect(Result.isFailure(again) && again.failure).toMatchObject({
        _tag: "Conflict",
        reason: "state",
        state: "rejected",
      })
    }
  })
})

describe("pageChangeRequests", () => {
  const other = ResourceId.parse("0192f5a0-0000-7000-8000-000000000002")
  const requests: Array<ResourceChangeRequest> = [0, 1, 2, 3, 4].map((n) => ({
    ...proposed(entry(), { phone: `0178-11-000${n}` }),
    id: requestId(10 + n),
    resourceId: n % 2 === 0 ? entryId : other,
    proposedAt: new Date(Date.UTC(2025, 6, 1, 0, 0, 5 - n)).toISOString(), // newest first as created
    status: n === 4 ? "accepted" : "pending",
  }))
  const coordinatorPrincipal: Principal = { tenantId, role: "coordinator", subject: coordinator }
  const providerPrincipal: Principal = { tenantId, role: "provider", subject: office, resources: [entryId] }

  it("lists the review queue oldest first, by status and entry, paging without repeats or gaps", () => {
    const first = Result.getOrThrow(
      pageChangeRequests(requests, { status: ["pending"], limit: 2 }, coordinatorPrincipal),
    )
    expect(first.items.map((r) => r.id)).toEqual([requestId(13), requestId(12)])
    const second = Result.getOrThrow(
      pageChangeRequests(requests, { status: ["pending"], limit: 2, cursor: first.nextCursor! }, coordinatorPrincipal),
    )
    expect(second.items.map((r) => r.id)).toEqual([requestId(11), requestId(10)])
    expect(second.nextCursor).toBeNull()
    const ofEntry = Result.getOrThrow(pageChangeRequests(requests, { resourceId: other }, coordinatorPrincipal))
    expect(ofEntry.items.map((r) => r.id)).toEqual([requestId(13), requestId(11)])
  })

  it("shows a provider the requests of its own entries only", () => {
    const page = Result.getOrThrow(pageChangeRequests(requests, {}, providerPrincipal))
    expect(page.items.map((r) => r.id)).toEqual([requestId(14), requestId(12), requestId(10)])
  })

  it("refuses a cursor it did not make, and counts pending requests per entry", () => {
    const bad = pageChangeRequests(requests, { cursor: "bm90LWEtY3Vyc29y" }, coordinatorPrincipal)
    expect(Result.isFailure(bad) && bad.failure.issues[0]?.code).toBe("invalid_cursor")
    expect(pendingCounts(requests)).toEqual(
      new Map([
        [entryId, 2],
        [other, 2],
      ]),
    )
  })
})
