/**
 * 掲載情報の変更申請 (proposed changes to a directory entry): the freshness workflow in which each office keeps its
 * own entry current. A provider (事業所) key names the entries it speaks for; with it the office attests its entry
 * ("still correct") directly, or proposes changes — optionally attesting the entry at the same time — which a
 * coordinator (在宅医療・介護連携推進室) accepts or rejects. Every step is audited; accepted changes enter the entry's
 * field-level change log naming the proposer, the request and the reviewer.
 *
 * Decisions every adapter follows (the contract suite checks each one):
 * - **Proposal.** Made against the version the office last saw (`expectedVersion`, else {@link Conflict}
 *   `version_mismatch`); validated by applying it to the entry (a proposal that would make the entry invalid is a
 *   {@link ValidationError} and nothing is stored); it must change at least one field (`no_changes`: to confirm
 *   an entry as it is, attest it). Provenance cannot be proposed: where an entry came from is the directory's record.
 * - **Field-level changes.** A request stores the field-level changes (from → to) against the version it was made
 *   on. Acceptance applies those fields to the entry as it is then: a field that someone else changed in between
 *   (now neither `from` nor `to`) is a {@link Conflict} naming the fields, and nothing is written; fields changed
 *   elsewhere are kept.
 * - **Attestation.** A request with `attest` also attests the entry on acceptance, as of the time of the proposal,
 *   by the proposer (never moving `assuredAt` backwards).
 * - **States.** `pending` → `accepted` | `rejected` (with a comment the office reads) | `withdrawn` (by the office).
 *   A decided request is never changed again ({@link Conflict} `state`).
 * - **Scope.** A provider proposes, withdraws, reads and lists requests of its own entries only ({@link actsFor});
 *   reviewing needs `resources:review`.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as z from "zod"
import { actsFor, type Principal } from "./Actor.js"
import { decodeSync, fromZodError } from "./Decode.js"
import { Conflict, ValidationError } from "./Errors.js"
import { ResourceChangeRequestId, ResourceId, TenantId } from "./Ids.js"
import { cursorCodec } from "./internal/cursor.js"
import { equalValues, valueAtPath } from "./internal/values.js"
import type { LocalizedText } from "./Label.js"
import { ActorRef, applyFieldDiffs, diffResources, Resource } from "./Resource.js"
import { applyResourcePatch, changeRowsOf, type PreparedWrite, ResourcePatch } from "./ResourceWrite.js"

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

/**
 * 申請の状態 (request status): 審査待ち `pending`, 承認 `accepted`, 却下 `rejected`, 取下げ `withdrawn`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ChangeRequestStatus } from "@zaitaku/core"
 *
 * ChangeRequestStatus.parse("pending")
 * ```
 */
export const ChangeRequestStatus = z.enum(["pending", "accepted", "rejected", "withdrawn"])
/** @since 0.1.0 @category models */
export type ChangeRequestStatus = z.infer<typeof ChangeRequestStatus>

/**
 * Japanese and English labels of each {@link ChangeRequestStatus}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { changeRequestStatusLabels } from "@zaitaku/core"
 *
 * changeRequestStatusLabels.pending.ja // "審査待ち"
 * ```
 */
export const changeRequestStatusLabels: Readonly<Record<ChangeRequestStatus, LocalizedText>> = {
  pending: { ja: "審査待ち", en: "Pending review" },
  accepted: { ja: "承認", en: "Accepted" },
  rejected: { ja: "却下", en: "Rejected" },
  withdrawn: { ja: "取下げ", en: "Withdrawn" },
}

/**
 * 申請できる変更 (proposable patch): a {@link ResourcePatch} without `provenance`, which only the directory records.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ProposedPatch } from "@zaitaku/core"
 *
 * ProposedPatch.parse({ phone: "0178-11-1111", availability: { vacancy: 1, asOf: "2025-07-01T09:00:00+09:00" } })
 * ProposedPatch.safeParse({ provenance: { source: "manual" } }).success // false
 * ```
 */
export const ProposedPatch = ResourcePatch.omit({ provenance: true }).strict()
/** @since 0.1.0 @category models */
export type ProposedPatch = z.infer<typeof ProposedPatch>
/** The input form of a {@link ProposedPatch}. @since 0.1.0 @category models */
export type ProposedPatchInput = z.input<typeof ProposedPatch>

/**
 * 申請された変更の1項目 (one proposed field change), against the version the request was made on; `from`/`to`
 * absent means the field was or becomes absent.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ProposedChange } from "@zaitaku/core"
 *
 * ProposedChange.parse({ field: "phone", from: "0178-00-0001", to: "0178-11-1111" })
 * ```
 */
export const ProposedChange = z.object({
  field: z.string().min(1).max(200),
  from: z.json().optional(),
  to: z.json().optional(),
})
/** @since 0.1.0 @category models */
export type ProposedChange = z.infer<typeof ProposedChange>

/**
 * 変更申請 (change request): a provider's proposed changes to one directory entry, and the coordinator's decision.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ResourceChangeRequest } from "@zaitaku/core"
 *
 * ResourceChangeRequest.parse({
 *   id: "0192f5a0-0000-7000-8000-000000000010",
 *   tenantId: "0192f5a0-0000-7000-8000-000000000001",
 *   resourceId: "0192f5a0-0000-7000-8000-000000000002",
 *   baseVersion: 3,
 *   changes: [{ field: "phone", from: "0178-00-0001", to: "0178-11-1111" }],
 *   attest: true,
 *   reason: "電話番号が変わりました",
 *   proposedAt: "2025-07-01T10:00:00+09:00",
 *   proposedBy: { kind: "api_key", id: "0192f5a0-0000-7000-8000-000000000003", label: "八戸訪問看護ステーション" },
 *   status: "pending",
 * })
 * ```
 */
export const ResourceChangeRequest = z.object({
  id: ResourceChangeRequestId,
  tenantId: TenantId,
  resourceId: ResourceId,
  /** The version of the entry the office saw when it proposed. */
  baseVersion: z.int().min(1),
  changes: z.array(ProposedChange).min(1),
  /** The office also attests the entry (as changed) as current. */
  attest: z.boolean(),
  reason: z.string().max(1000).optional(),
  proposedAt: z.iso.datetime({ offset: true }),
  proposedBy: ActorRef,
  status: ChangeRequestStatus,
  decidedAt: z.iso.datetime({ offset: true }).optional(),
  decidedBy: ActorRef.optional(),
  /** The coordinator's comment (required when rejecting: the office reads it). */
  comment: z.string().max(1000).optional(),
  /** The version of the entry that acceptance produced (absent when nothing was left to change). */
  appliedVersion: z.int().min(1).optional(),
})
/** @since 0.1.0 @category models */
export type ResourceChangeRequest = z.infer<typeof ResourceChangeRequest>

/**
 * Options of `propose`: the version the office last saw (`If-Match`), why (shown to the reviewer and recorded on
 * each accepted change), and whether the office also attests the entry.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ProposeOptions } from "@zaitaku/core"
 *
 * ProposeOptions.parse({ expectedVersion: 3, reason: "管理者が交代しました", attest: true })
 * ```
 */
export const ProposeOptions = z
  .object({
    expectedVersion: z.int().min(1),
    reason: z.string().trim().min(1).max(1000).optional(),
    attest: z.boolean().default(false),
  })
  .strict()
/** @since 0.1.0 @category models */
export type ProposeOptions = z.infer<typeof ProposeOptions>
/** The input form of {@link ProposeOptions}. @since 0.1.0 @category models */
export type ProposeOptionsInput = z.input<typeof ProposeOptions>

/**
 * Options of accepting a request: an optional comment for the office.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { AcceptOptions } from "@zaitaku/core"
 *
 * AcceptOptions.parse({ comment: "反映しました" })
 * ```
 */
export const AcceptOptions = z.object({ comment: z.string().trim().min(1).max(1000).optional() }).strict()
/** @since 0.1.0 @category models */
export type AcceptOptions = z.infer<typeof AcceptOptions>

/**
 * Options of rejecting a request: the comment is required, because the office must learn why.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { RejectOptions } from "@zaitaku/core"
 *
 * RejectOptions.parse({ comment: "住所の番地が登記と異なります。ご確認ください" })
 * ```
 */
export const RejectOptions = z.object({ comment: z.string().trim().min(1).max(1000) }).strict()
/** @since 0.1.0 @category models */
export type RejectOptions = z.infer<typeof RejectOptions>

// ---------------------------------------------------------------------------------------------------------------
// Proposal, acceptance, decisions (pure)
// ---------------------------------------------------------------------------------------------------------------

/**
 * 申請の作成 (prepare a proposal), pure: applies the patch to the current entry to validate it and record its
 * field-level changes. Fails with a {@link ValidationError} (subject `resource`) for a patch that would make the
 * entry invalid, or one that changes nothing (`no_changes`). Does not check the expected version or the scope: the
 * store does, before.
 *
 * @since 0.1.0
 * @category workflow
 * @example
 * ```ts
 * import { prepareProposal, ResourceChangeRequestId, type Resource } from "@zaitaku/core"
 *
 * declare const current: Resource
 * prepareProposal(current, { phone: "0178-11-1111" }, {
 *   id: ResourceChangeRequestId.parse("0192f5a0-0000-7000-8000-000000000010"),
 *   at: new Date().toISOString(),
 *   by: { kind: "api_key", id: "0192f5a0-0000-7000-8000-000000000003" },
 *   attest: false,
 * })
 * ```
 */
export const prepareProposal = (
  current: Resource,
  patch: ProposedPatch,
  context: {
    readonly id: ResourceChangeRequestId
    readonly at: string
    readonly by: ActorRef
    readonly attest: boolean
    readonly reason?: string | undefined
  },
): Result.Result<ResourceChangeRequest, ValidationError> => {
  const prepared = applyResourcePatch(current, patch, { at: context.at, by: context.by })
  if (Result.isFailure(prepared)) return Result.fail(prepared.failure)
  if (prepared.success.changes.length === 0) {
    return Result.fail(
      new ValidationError({
        subject: "resource",
        issues: [
          {
            path: [],
            code: "no_changes",
            message: {
              ja: "掲載内容と同じため、変更点がありません。内容がそのままで正しいことの確認は「確認（attest）」で行ってください",
              en: "The proposal changes nothing; to confirm that the entry is correct as it is, attest it",
            },
          },
        ],
      }),
    )
  }
  return Result.succeed({
    id: context.id,
    tenantId: current.tenantId,
    resourceId: current.id,
    baseVersion: current.version,
    changes: prepared.success.changes.map((change) => ({
      field: change.field,
      ...(change.from === undefined ? {} : { from: change.from }),
      ...(change.to === undefined ? {} : { to: change.to }),
    })),
    attest: context.attest,
    ...(context.reason === undefined ? {} : { reason: context.reason }),
    proposedAt: context.at,
    proposedBy: context.by,
    status: "pending",
  })
}

const notPending = (request: ResourceChangeRequest): Conflict =>
  new Conflict({ entity: "resource_change_request", id: request.id, reason: "state", state: request.status })

/**
 * 承認の結果 (result of an acceptance): the decided request, and the write to store (absent when every proposed
 * value was already in the entry and nothing is to be attested).
 *
 * @since 0.1.0
 * @category workflow
 * @example
 * ```ts
 * import type { PreparedAcceptance } from "@zaitaku/core"
 *
 * declare const accepted: PreparedAcceptance
 * accepted.write?.resource.version
 * ```
 */
export interface PreparedAcceptance {
  readonly request: ResourceChangeRequest
  readonly write: PreparedWrite | undefined
}

/**
 * 申請の承認 (prepare an acceptance), pure: applies the request's field changes to the entry as it is now.
 * - a field whose current value is neither the proposal's `from` nor its `to` was changed by someone else since:
 *   {@link Conflict} `version_mismatch` with those `fields`;
 * - a field already at its `to` value is left as it is;
 * - with `attest`, `assuredAt`/`assuredBy` become the proposal's time and proposer, unless the entry was attested
 *   later than that;
 * - the result is validated as a whole ({@link ValidationError}), gets version + 1, and its change rows name the
 *   proposer (`by`), the request and the reviewer.
 * A request that is not `pending` is a {@link Conflict} `state`.
 *
 * @since 0.1.0
 * @category workflow
 * @example
 * ```ts
 * import { prepareAcceptance, type Resource, type ResourceChangeRequest } from "@zaitaku/core"
 *
 * declare const current: Resource
 * declare const request: ResourceChangeRequest
 * prepareAcceptance(current, request, { at: new Date().toISOString(), by: { kind: "user", id: "coordinator-1" } })
 * ```
 */
export const prepareAcceptance = (
  current: Resource,
  request: ResourceChangeRequest,
  context: { readonly at: string; readonly by: ActorRef; readonly comment?: string | undefined },
): Result.Result<PreparedAcceptance, Conflict | ValidationError> => {
  if (request.status !== "pending") return Result.fail(notPending(request))
  const collided = request.changes.filter((change) => {
    const now = valueAtPath(current, change.field)
    return !equalValues(now, change.from) && !equalValues(now, change.to)
  })
  if (collided.length > 0) {
    return Result.fail(
      new Conflict({
        entity: "resource_change_request",
        id: request.id,
        reason: "version_mismatch",
        fields: collided.map((change) => change.field),
      }),
    )
  }
  const draft: Record<string, unknown> = applyFieldDiffs(
    current,
    request.changes.map((change) => ({ field: change.field, from: change.from, to: change.to })),
  )
  const attests =
    request.attest &&
    (current.assuredAt === undefined || Date.parse(current.assuredAt) < Date.parse(request.proposedAt))
  if (attests) {
    draft.assuredAt = request.proposedAt
    draft.assuredBy = request.proposedBy
  }
  const parsed = Resource.safeParse(draft)
  if (!parsed.success) return Result.fail(fromZodError("resource", parsed.error))
  const decided: ResourceChangeRequest = {
    ...request,
    status: "accepted",
    decidedAt: context.at,
    decidedBy: context.by,
    ...(context.comment === undefined ? {} : { comment: context.comment }),
  }
  if (diffResources(current, parsed.data).length === 0) return Result.succeed({ request: decided, write: undefined })
  const next: Resource = { ...parsed.data, version: current.version + 1, updatedAt: context.at }
  const changes = changeRowsOf(current, next, {
    at: context.at,
    by: request.proposedBy,
    reason: request.reason,
    changeRequestId: request.id,
    reviewedBy: context.by,
  })
  return Result.succeed({
    request: { ...decided, appliedVersion: next.version },
    write: { resource: next, changes },
  })
}

/**
 * 却下・取下げ (reject or withdraw), pure: the decided request, or a {@link Conflict} `state` when it is not pending.
 *
 * @since 0.1.0
 * @category workflow
 * @example
 * ```ts
 * import { decideRequest, type ResourceChangeRequest } from "@zaitaku/core"
 *
 * declare const request: ResourceChangeRequest
 * decideRequest(request, "rejected", { at: new Date().toISOString(), by: { kind: "user", id: "c1" }, comment: "要確認" })
 * ```
 */
export const decideRequest = (
  request: ResourceChangeRequest,
  status: "rejected" | "withdrawn",
  context: { readonly at: string; readonly by: ActorRef; readonly comment?: string | undefined },
): Result.Result<ResourceChangeRequest, Conflict> =>
  request.status !== "pending"
    ? Result.fail(notPending(request))
    : Result.succeed({
        ...request,
        status,
        decidedAt: context.at,
        decidedBy: context.by,
        ...(context.comment === undefined ? {} : { comment: context.comment }),
      })

/**
 * Japanese and English labels of the audited change-request actions.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { changeRequestActionLabels } from "@zaitaku/core"
 *
 * changeRequestActionLabels["resource_change_request.accept"].ja // "変更申請の承認"
 * ```
 */
export const changeRequestActionLabels: Readonly<
  Record<
    | "resource_change_request.create"
    | "resource_change_request.accept"
    | "resource_change_request.reject"
    | "resource_change_request.withdraw",
    LocalizedText
  >
> = {
  "resource_change_request.create": { ja: "変更申請", en: "Change proposed" },
  "resource_change_request.accept": { ja: "変更申請の承認", en: "Proposed change accepted" },
  "resource_change_request.reject": { ja: "変更申請の却下", en: "Proposed change rejected" },
  "resource_change_request.withdraw": { ja: "変更申請の取下げ", en: "Proposed change withdrawn" },
}

/**
 * The audit event a store appends, in the same unit of work, for each step of a request: target
 * `resource_change_request`, with the entry, the proposed fields (never their values) and the outcome.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { changeRequestAuditEvent, type ResourceChangeRequest } from "@zaitaku/core"
 *
 * declare const request: ResourceChangeRequest
 * changeRequestAuditEvent("resource_change_request.create", request).target.type // "resource_change_request"
 * ```
 */
export const changeRequestAuditEvent = (
  action: keyof typeof changeRequestActionLabels,
  request: ResourceChangeRequest,
) => ({
  action,
  target: { type: "resource_change_request", id: request.id },
  details: {
    resourceId: request.resourceId,
    baseVersion: request.baseVersion,
    fields: request.changes.map((change) => change.field),
    attest: request.attest,
    status: request.status,
    ...(request.appliedVersion === undefined ? {} : { appliedVersion: request.appliedVersion }),
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Listing
// ---------------------------------------------------------------------------------------------------------------

/**
 * 申請一覧の条件 (request query): statuses (default: all), one entry, `limit` 1–200 (default 50), and the cursor of
 * the previous page. The order is the review queue's: oldest proposal first, then id.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { ChangeRequestQuery } from "@zaitaku/core"
 *
 * ChangeRequestQuery.parse({ status: ["pending"], limit: 20 })
 * ```
 */
export const ChangeRequestQuery = z
  .object({
    status: z.array(ChangeRequestStatus).min(1).max(4).optional(),
    resourceId: ResourceId.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category listing */
export type ChangeRequestQuery = z.infer<typeof ChangeRequestQuery>
/** The input form of a {@link ChangeRequestQuery}. @since 0.1.0 @category listing */
export type ChangeRequestQueryInput = z.input<typeof ChangeRequestQuery>

/**
 * A page of change requests, oldest proposal first; `nextCursor` is `null` on the last page.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import type { ChangeRequestPage } from "@zaitaku/core"
 *
 * const empty: ChangeRequestPage = { items: [], nextCursor: null }
 * ```
 */
export interface ChangeRequestPage {
  readonly items: ReadonlyArray<ResourceChangeRequest>
  readonly nextCursor: string | null
}

const requestCursor = cursorCodec("request", { at: z.number(), id: z.string() })

/**
 * 申請一覧のカーソル (request cursor): the proposal time (epoch milliseconds) and id of the last item of a page.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import type { ChangeRequestCursor } from "@zaitaku/core"
 *
 * const cursor: ChangeRequestCursor = { at: Date.parse("2025-07-01T00:00:00Z"), id: "0192f5a0-…" }
 * ```
 */
export interface ChangeRequestCursor {
  readonly at: number
  readonly id: string
}

/**
 * Encodes a {@link ChangeRequestCursor} (opaque to clients).
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { decodeChangeRequestCursor, encodeChangeRequestCursor } from "@zaitaku/core"
 *
 * decodeChangeRequestCursor(encodeChangeRequestCursor({ at: 1, id: "x" })) // Result.succeed({ at: 1, id: "x" })
 * ```
 */
export const encodeChangeRequestCursor = (cursor: ChangeRequestCursor): string => requestCursor.encode(cursor)

/**
 * Decodes a request cursor, or fails with a {@link ValidationError} at `["cursor"]` for anything this module did not
 * encode. Never throws.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { decodeChangeRequestCursor } from "@zaitaku/core"
 *
 * Result.isFailure(decodeChangeRequestCursor("bogus")) // true
 * ```
 */
export const decodeChangeRequestCursor = (
  text: string,
  subject = "query",
): Result.Result<ChangeRequestCursor, ValidationError> => requestCursor.decode(text, subject)

const compareRequests = (
  a: { readonly proposedAt: string; readonly id: string },
  b: { readonly proposedAt: string; readonly id: string },
): number => Date.parse(a.proposedAt) - Date.parse(b.proposedAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * 申請一覧のページ (page change requests), pure: those the principal may see ({@link actsFor}), filtered by the
 * query, oldest proposal first, continuing after the cursor. The reference for every adapter.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { pageChangeRequests, type Principal, type ResourceChangeRequest } from "@zaitaku/core"
 *
 * declare const requests: ReadonlyArray<ResourceChangeRequest>
 * declare const coordinator: Principal
 * pageChangeRequests(requests, { status: ["pending"] }, coordinator)
 * ```
 */
export const pageChangeRequests = (
  requests: Iterable<ResourceChangeRequest>,
  input: ChangeRequestQueryInput,
  principal: Principal,
): Result.Result<ChangeRequestPage, ValidationError> => {
  const decoded = decodeSync(ChangeRequestQuery, "query")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const query = decoded.success
  let after: ChangeRequestCursor | undefined
  if (query.cursor !== undefined) {
    const parsed = decodeChangeRequestCursor(query.cursor)
    if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
    after = parsed.success
  }
  const all = [...requests]
    .filter(
      (request) =>
        actsFor(principal, request.resourceId) &&
        (query.status === undefined || query.status.includes(request.status)) &&
        (query.resourceId === undefined || request.resourceId === query.resourceId) &&
        (after === undefined ||
          compareRequests(request, { proposedAt: new Date(after.at).toISOString(), id: after.id }) > 0),
    )
    .sort(compareRequests)
  const page = all.slice(0, query.limit)
  const last = page[page.length - 1]
  return Result.succeed({
    items: page,
    nextCursor:
      all.length > query.limit && last !== undefined
        ? encodeChangeRequestCursor({ at: Date.parse(last.proposedAt), id: last.id })
        : null,
  })
}

/**
 * 審査待ちの件数 (pending requests per entry), for the stale report.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { pendingCounts, type ResourceChangeRequest } from "@zaitaku/core"
 *
 * declare const requests: ReadonlyArray<ResourceChangeRequest>
 * pendingCounts(requests).get("0192f5a0-0000-7000-8000-000000000002") // 1
 * ```
 */
export const pendingCounts = (requests: Iterable<ResourceChangeRequest>): ReadonlyMap<string, number> => {
  const counts = new Map<string, number>()
  for (const request of requests) {
    if (request.status === "pending") counts.set(request.resourceId, (counts.get(request.resourceId) ?? 0) + 1)
  }
  return counts
}
