/**
 * 掲載情報の変更申請 (providers keep their own entries current): an office's provider key proposes changes to its
 * entry (`POST /v1/resources/{id}/change-requests`, `If-Match` required, optionally attesting the entry too); a
 * coordinator lists the review queue and accepts or rejects each request; the office follows its requests and may
 * withdraw a pending one. Attesting without changes is `POST /v1/resources/{id}/attest`, which a provider key may do
 * for its own entries directly. Every step is audited by the store.
 *
 * Who sees what: a provider key sees the requests of its own entries; a key with `resources:review` (coordinators,
 * administrators) sees all of the tenant's. Other roles see none (403).
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  AcceptOptions,
  ChangeRequestStatus,
  Forbidden,
  hasPermission,
  ProposedPatch,
  RejectOptions,
  ResourceChangeRequest,
  ResourceChangeRequestId,
  ResourceId,
  ResourceStore,
  requirePermission,
} from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { entityTagOf } from "../Preconditions.js"
import { Problem, problemContentType } from "../Problem.js"
import { bearerSecurity, listParam, problemResponses, queryParams } from "./Common.js"
import { expectedVersion, IdParams, ifMatchHeader, locate, ResourceDocument, stale } from "./Resources.js"

// ---------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------

/**
 * 変更申請 (change request) as documented in OpenAPI: core's {@link ResourceChangeRequest}.
 *
 * @since 0.1.0
 * @category models
 */
export const ChangeRequestDocument = z
  .object({
    ...ResourceChangeRequest.shape,
    changes: z
      .array(
        z.object({
          field: z.string().openapi({ description: "Dotted path of the field, e.g. address.line" }),
          from: z
            .unknown()
            .optional()
            .openapi({ description: "The value when proposed (absent: the field was absent)" }),
          to: z.unknown().optional().openapi({ description: "The proposed value (absent: remove the field)" }),
        }),
      )
      .openapi({ description: "The proposed changes, field by field, against `baseVersion`" }),
  })
  .openapi("ResourceChangeRequest")

/**
 * Body of a proposal: core's {@link ProposedPatch} (a resource patch without `provenance`).
 *
 * @since 0.1.0
 * @category models
 */
export const ProposedPatchBody = z.object(ProposedPatch.shape).strict().openapi("ProposedPatch")

const ChangeRequestPageDocument = z
  .object({ items: z.array(ChangeRequestDocument), nextCursor: z.string().nullable() })
  .openapi("ResourceChangeRequestPage")

const AcceptedDocument = z
  .object({ request: ChangeRequestDocument, resource: ResourceDocument })
  .openapi("AcceptedChangeRequest")

const AcceptBody = z.object(AcceptOptions.shape).strict().openapi("AcceptChangeRequest")
const RejectBody = z.object(RejectOptions.shape).strict().openapi("RejectChangeRequest")

const ProposeParams = queryParams({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .optional()
    .openapi({ description: "Why, for the reviewer (recorded on each accepted change), e.g. 管理者の交代" }),
  attest: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional()
    .openapi({ description: "`true`: the office also confirms the whole entry as current (default false)" }),
})

const ListParams = queryParams({
  status: listParam(ChangeRequestStatus, 4, "Statuses (default: all)"),
  resourceId: ResourceId.optional().openapi({ description: "Only the requests of this entry" }),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: "Page size, 1–200 (default 50)" }),
  cursor: z.string().min(1).max(2000).optional().openapi({ description: "`nextCursor` of the previous page" }),
})

const RequestIdParams = z.object({ id: ResourceChangeRequestId })

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const proposeRoute = createRoute({
  method: "post",
  path: "/v1/resources/{id}/change-requests",
  tags: ["change requests"],
  summary: "Propose changes to an own entry, for review (permission resources:propose; If-Match required)",
  description:
    "A provider key may propose changes to the entries it names only. The entry is not changed until a coordinator " +
    "accepts the request. A body that changes nothing is refused (`no_changes`): attest the entry instead.",
  security: bearerSecurity,
  request: {
    params: IdParams,
    query: ProposeParams,
    headers: ifMatchHeader,
    body: { required: true, content: { "application/json": { schema: ProposedPatchBody } } },
  },
  responses: {
    201: {
      description: "The pending request",
      headers: { Location: { description: "/v1/resource-change-requests/{id}", schema: { type: "string" } } },
      content: { "application/json": { schema: ChangeRequestDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
    412: {
      description: "If-Match does not name the current version: the entry changed since it was read",
      content: { [problemContentType]: { schema: Problem } },
    },
    428: { description: "If-Match is missing", content: { [problemContentType]: { schema: Problem } } },
  },
})

const listRoute = createRoute({
  method: "get",
  path: "/v1/resource-change-requests",
  tags: ["change requests"],
  summary: "The review queue, oldest first (resources:review: all; resources:propose: own entries)",
  security: bearerSecurity,
  request: { query: ListParams },
  responses: {
    200: { description: "A page of requests", content: { "application/json": { schema: ChangeRequestPageDocument } } },
    ...problemResponses(400, 401, 403, 503),
  },
})

const getRoute = createRoute({
  method: "get",
  path: "/v1/resource-change-requests/{id}",
  tags: ["change requests"],
  summary: "One change request (resources:review, or resources:propose for an own entry)",
  security: bearerSecurity,
  request: { params: RequestIdParams },
  responses: {
    200: { description: "The request", content: { "application/json": { schema: ChangeRequestDocument } } },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const acceptRoute = createRoute({
  method: "post",
  path: "/v1/resource-change-requests/{id}/accept",
  tags: ["change requests"],
  summary: "Accept a pending request: the entry changes (permission resources:review)",
  description:
    "Applies the proposed fields to the entry as it is now. A field someone else changed since the proposal is a 409 " +
    "naming the fields, and nothing is written. With `attest`, the entry is also attested as of the proposal.",
  security: bearerSecurity,
  request: {
    params: RequestIdParams,
    body: { required: false, content: { "application/json": { schema: AcceptBody } } },
  },
  responses: {
    200: {
      description: "The accepted request and the entry (its ETag in the header)",
      headers: { ETag: { description: "The entry's version", schema: { type: "string" } } },
      content: { "application/json": { schema: AcceptedDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
  },
})

const rejectRoute = createRoute({
  method: "post",
  path: "/v1/resource-change-requests/{id}/reject",
  tags: ["change requests"],
  summary: "Reject a pending request with a comment for the office (permission resources:review)",
  security: bearerSecurity,
  request: {
    params: RequestIdParams,
    body: { required: true, content: { "application/json": { schema: RejectBody } } },
  },
  responses: {
    200: { description: "The rejected request", content: { "application/json": { schema: ChangeRequestDocument } } },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
  },
})

const withdrawRoute = createRoute({
  method: "post",
  path: "/v1/resource-change-requests/{id}/withdraw",
  tags: ["change requests"],
  summary: "Withdraw a pending request of an own entry (permission resources:propose)",
  security: bearerSecurity,
  request: { params: RequestIdParams },
  responses: {
    200: { description: "The withdrawn request", content: { "application/json": { schema: ChangeRequestDocument } } },
    ...problemResponses(400, 401, 403, 404, 409, 503),
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

/** Absent `from`/`to` stay absent (exact optional properties), not `undefined`. */
const toDocument = (request: ResourceChangeRequest): z.infer<typeof ChangeRequestDocument> => ({
  ...request,
  changes: request.changes.map(({ field, from, to }) => ({
    field,
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  })),
})

/** Reviewers see every request, providers their own entries' requests; other roles none. */
const requireReader = Effect.gen(function* () {
  const actor = yield* requirePermission("resources:read")
  if (hasPermission(actor.role, "resources:review") || hasPermission(actor.role, "resources:propose")) return actor
  return yield* new Forbidden({ permission: "resources:review", role: actor.role })
})

/**
 * Proposes changes to an entry (`resources:propose`, own entries only) if `If-Match` names its current version.
 *
 * @since 0.1.0
 * @category handlers
 */
export const proposeChange = Effect.fn("ChangeRequests.propose")(function* (
  id: ResourceId,
  patch: z.infer<typeof ProposedPatchBody>,
  ifMatch: string | undefined,
  query: z.infer<typeof ProposeParams>,
) {
  yield* requirePermission("resources:propose")
  const version = yield* expectedVersion(id, ifMatch)
  const request = yield* (yield* ResourceStore)
    .propose(id, patch, {
      expectedVersion: version,
      ...(query.reason === undefined ? {} : { reason: query.reason }),
      ...(query.attest === undefined ? {} : { attest: query.attest }),
    })
    .pipe(Effect.mapError(locate("resource", "request body")), Effect.mapError(stale(id)))
  return toDocument(request)
})

/**
 * Lists the requests the caller may see.
 *
 * @since 0.1.0
 * @category handlers
 */
export const listChangeRequests = Effect.fn("ChangeRequests.list")(function* (query: z.infer<typeof ListParams>) {
  yield* requireReader
  const page = yield* (yield* ResourceStore)
    .changeRequests({
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.resourceId === undefined ? {} : { resourceId: query.resourceId }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    })
    .pipe(Effect.mapError(locate("query", "query parameters")))
  return { items: page.items.map(toDocument), nextCursor: page.nextCursor }
})

/**
 * One request the caller may see.
 *
 * @since 0.1.0
 * @category handlers
 */
export const getChangeRequest = Effect.fn("ChangeRequests.get")(function* (id: ResourceChangeRequestId) {
  yield* requireReader
  return toDocument(yield* (yield* ResourceStore).changeRequest(id))
})

/**
 * Accepts a request (`resources:review`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const acceptChangeRequest = Effect.fn("ChangeRequests.accept")(function* (
  id: ResourceChangeRequestId,
  body: z.infer<typeof AcceptBody> | undefined,
) {
  yield* requirePermission("resources:review")
  const accepted = yield* (yield* ResourceStore)
    .acceptChangeRequest(id, body ?? {})
    .pipe(Effect.mapError(locate("options", "request body")))
  return { request: toDocument(accepted.request), resource: accepted.resource }
})

/**
 * Rejects a request with a comment (`resources:review`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const rejectChangeRequest = Effect.fn("ChangeRequests.reject")(function* (
  id: ResourceChangeRequestId,
  body: z.infer<typeof RejectBody>,
) {
  yield* requirePermission("resources:review")
  const rejected = yield* (yield* ResourceStore)
    .rejectChangeRequest(id, body)
    .pipe(Effect.mapError(locate("options", "request body")))
  return toDocument(rejected)
})

/**
 * Withdraws a request of an own entry (`resources:propose`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const withdrawChangeRequest = Effect.fn("ChangeRequests.withdraw")(function* (id: ResourceChangeRequestId) {
  yield* requirePermission("resources:propose")
  return toDocument(yield* (yield* ResourceStore).withdrawChangeRequest(id))
})

/**
 * Registers the change-request routes.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerChangeRequests = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  const propose = requireAuth(runtime, "resources:propose")
  const review = requireAuth(runtime, "resources:review")
  const read = requireAuth(runtime, "resources:read")

  app.openapi({ ...proposeRoute, middleware: propose }, async (c) => {
    const request = await runAsPrincipal(
      c,
      runtime,
      proposeChange(
        c.req.valid("param").id,
        c.req.valid("json"),
        c.req.valid("header")["if-match"],
        c.req.valid("query"),
      ),
    )
    return c.json(request, 201, { Location: `/v1/resource-change-requests/${request.id}` })
  })
  app.openapi({ ...listRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, listChangeRequests(c.req.valid("query"))), 200),
  )
  app.openapi({ ...getRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, getChangeRequest(c.req.valid("param").id)), 200),
  )
  app.openapi({ ...acceptRoute, middleware: review }, async (c) => {
    const accepted = await runAsPrincipal(c, runtime, acceptChangeRequest(c.req.valid("param").id, c.req.valid("json")))
    return c.json(accepted, 200, { ETag: entityTagOf(accepted.resource.version) })
  })
  app.openapi({ ...rejectRoute, middleware: review }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, rejectChangeRequest(c.req.valid("param").id, c.req.valid("json"))), 200),
  )
  app.openapi({ ...withdrawRoute, middleware: propose }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, withdrawChangeRequest(c.req.valid("param").id)), 200),
  )
}
