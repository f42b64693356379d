/**
 * 地域の医療・介護資源 (resource directory) of the caller's tenant: create (idempotent), read (ETag,
 * `If-None-Match`), update and attest (`If-Match` required), the field-level change log, search and the stale
 * report. Every write is audited by the store; every error is problem details.
 *
 * HTTP decisions:
 * - **ETag** `W/"<version>"`; `If-Match` / `If-None-Match` accept `"3"` and `W/"3"` and lists (see
 *   `Preconditions.ts`). `If-Match: *` is refused (400): an update must name the version it was based on.
 * - **Idempotency-Key** (1–255 characters) on `POST /v1/resources`: a retry with the same key and body answers
 *   201 again with the same entry (in its current state); the same key with another body is 409.
 * - **Change reason**: the `reason` query parameter of `PATCH` and `attest` (a query rather than a header, because
 *   header values cannot carry Japanese text).
 * - **List parameters** (`kinds`, `capabilities`, `municipalityCodes`, `status`) may be repeated
 *   (`kinds=a&kinds=b`), comma-separated (`kinds=a,b`) or both. Unknown query parameters are refused, so a misspelt
 *   filter is an error rather than a silent no-op.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  AssuranceStatus,
  addLocalizedIssue,
  Capability,
  Conflict,
  DayOfWeek,
  GeoPoint,
  IsoDate,
  LocalGovernmentCode,
  NewResource,
  Resource,
  ResourceChange,
  ResourceId,
  ResourceKind,
  ResourcePatch,
  type ResourceQueryInput,
  ResourceStatus,
  ResourceStore,
  requirePermission,
  TenantStore,
  TimeOfDay,
  ValidationError,
} from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { entityTagOf, expectedVersionOf, noneMatchHits, PreconditionFailed } from "../Preconditions.js"
import { Problem, problemContentType } from "../Problem.js"
import { bearerSecurity, listParam, problemResponses, queryParams } from "./Common.js"

// ---------------------------------------------------------------------------------------------------------------
// Documents (OpenAPI components rebuilt from core's shapes)
// ---------------------------------------------------------------------------------------------------------------

/**
 * 資源 (resource) as documented in OpenAPI: core's {@link Resource}.
 *
 * @since 0.1.0
 * @category models
 */
export const ResourceDocument = z.object(Resource.shape).openapi("Resource")

/**
 * Body of `POST /v1/resources`: core's {@link NewResource} without `tenantId` (the server sets the caller's tenant).
 * Unknown keys, `tenantId` included, are refused. Cross-field rules (closed ⇔ `closedOn`, coordinates in Japan …)
 * are checked by the store and reported with pointers into the body.
 *
 * @since 0.1.0
 * @category models
 */
export const NewResourceBody = z.object(NewResource.shape).omit({ tenantId: true }).strict().openapi("NewResource")
/** @since 0.1.0 @category models */
export type NewResourceBody = z.infer<typeof NewResourceBody>

/**
 * Body of `PATCH /v1/resources/{id}`: core's {@link ResourcePatch} (each key replaces the stored value; `null`
 * removes an optional field; an absent key leaves it).
 *
 * @since 0.1.0
 * @category models
 */
export const ResourcePatchBody = z.object(ResourcePatch.shape).strict().openapi("ResourcePatch")

/**
 * 変更履歴 (change) as documented in OpenAPI: core's {@link ResourceChange} with `from`/`to` as any JSON value.
 *
 * @since 0.1.0
 * @category models
 */
export const ResourceChangeDocument = ResourceChange.extend({
  from: z.unknown().optional().openapi({ description: "The value before (absent: the field was absent)" }),
  to: z.unknown().optional().openapi({ description: "The value after (absent: the field was removed)" }),
}).openapi("ResourceChange")

/**
 * A page of search results.
 *
 * @since 0.1.0
 * @category models
 */
export const ResourcePageDocument = z
  .object({
    items: z.array(ResourceDocument),
    nextCursor: z.string().nullable().openapi({ description: "Pass back as `cursor`; `null` on the last page" }),
  })
  .openapi("ResourcePage")

/**
 * A page of the change log, newest first.
 *
 * @since 0.1.0
 * @category models
 */
export const ResourceChangePageDocument = z
  .object({ items: z.array(ResourceChangeDocument), nextCursor: z.string().nullable() })
  .openapi("ResourceChangePage")

/**
 * 確認期限レポート (stale report): the entries due for checking, overdue first.
 *
 * @since 0.1.0
 * @category models
 */
export const StaleReportDocument = z
  .object({
    asOf: z.string().openapi({ description: "The date of the report (Japan), YYYY-MM-DD" }),
    periodMonths: z.number().int(),
    dueSoonDays: z.number().int(),
    items: z.array(
      z.object({
        resource: ResourceDocument,
        assurance: z.object({
          status: AssuranceStatus,
          dueOn: z.string().optional(),
          daysUntilDue: z.number().int().optional(),
        }),
        pendingChangeRequests: z
          .number()
          .int()
          .openapi({ description: "Change requests of the office awaiting review (see /v1/resource-change-requests)" }),
      }),
    ),
  })
  .openapi("StaleReport")

// ---------------------------------------------------------------------------------------------------------------
// Request parameters
// ---------------------------------------------------------------------------------------------------------------

const pointPattern = /^\s*(-?[0-9]{1,3}(?:\.[0-9]+)?)\s*,\s*(-?[0-9]{1,3}(?:\.[0-9]+)?)\s*$/

const nearParam = z
  .string()
  .transform((text, ctx) => {
    const match = pointPattern.exec(text)
    const point = GeoPoint.safeParse({ latitude: Number(match?.[1]), longitude: Number(match?.[2]) })
    if (match === null || !point.success) {
      addLocalizedIssue(
        ctx,
        [],
        "near は「緯度,経度」の形で指定してください（例: 40.5123,141.4885）",
        "near is latitude,longitude in decimal degrees (e.g. 40.5123,141.4885)",
        "invalid_point",
      )
      return z.NEVER
    }
    return point.data
  })
  .optional()
  .openapi({ description: "A point `latitude,longitude` (WGS84); results are sorted by distance from it" })

/**
 * Query of `GET /v1/resources`. `openDay` goes with `openTime`, `near` with `radiusKm`.
 *
 * @since 0.1.0
 * @category models
 */
export const ResourceSearchParams = queryParams({
  text: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Words to find in the name, reading or address (width- and kana-insensitive)" }),
  kinds: listParam(ResourceKind, 100, "Kinds; a kind also finds its refinements (`clinic` finds both clinic kinds)"),
  capabilities: listParam(Capability, 100, "Capabilities the entry must all have"),
  municipalityCodes: listParam(LocalGovernmentCode, 500, "Municipalities (address or service area)"),
  status: listParam(ResourceStatus, 3, "Statuses (default: active)"),
  openDay: DayOfWeek.optional().openapi({ description: "Open on this day (with openTime)" }),
  openTime: TimeOfDay.optional().openapi({ description: "Open at this time, HH:MM (with openDay)" }),
  hasVacancy: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .optional()
    .openapi({ description: "`true`: a known vacancy of at least 1; `false`: the others" }),
  near: nearParam,
  radiusKm: z.coerce
    .number()
    .positive()
    .max(1000)
    .optional()
    .openapi({ description: "Radius around `near` in km (required with near)" }),
  modifiedAfter: z.iso
    .datetime({ offset: true })
    .optional()
    .openapi({ description: "Only entries updated strictly after this instant" }),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: "Page size, 1–200 (default 50)" }),
  cursor: z.string().min(1).max(2000).optional().openapi({ description: "`nextCursor` of the previous page" }),
}).superRefine((params, ctx) => {
  const pairs = [
    ["openDay", "openTime"],
    ["near", "radiusKm"],
  ] as const
  for (const [a, b] of pairs) {
    if ((params[a] === undefined) !== (params[b] === undefined)) {
      const missing = params[a] === undefined ? a : b
      const given = missing === a ? b : a
      addLocalizedIssue(
        ctx,
        [missing],
        `${given} を指定するときは ${missing} も指定してください`,
        `${missing} is required with ${given}`,
        "required_with",
      )
    }
  }
})
/** @since 0.1.0 @category models */
export type ResourceSearchParams = z.infer<typeof ResourceSearchParams>

const ChangeParams = queryParams({
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: "Page size, 1–200 (default 50)" }),
  cursor: z.string().min(1).max(2000).optional().openapi({ description: "`nextCursor` of the previous page" }),
})

const StaleParams = queryParams({
  now: z
    .union([IsoDate, z.iso.datetime({ offset: true })])
    .optional()
    .openapi({ description: "Today, YYYY-MM-DD or an ISO date-time (default: today in Japan)" }),
  periodMonths: z.coerce
    .number()
    .int()
    .min(1)
    .max(120)
    .optional()
    .openapi({ description: "Assurance period in months (default: the tenant's setting, 12 unless changed)" }),
  dueSoonDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(365)
    .optional()
    .openapi({ description: "Warn this many days before the due date (default 30)" }),
})

/** Query of writes that record a reason (`PATCH`, `attest`, proposals). @since 0.1.0 @category models */
export const ReasonParams = queryParams({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(1000)
    .optional()
    .openapi({ description: "Why (recorded on each change of the change log), e.g. 事業所からの電話連絡" }),
})

/** Path parameters of one entry. @since 0.1.0 @category models */
export const IdParams = z.object({ id: ResourceId })

/** The `If-Match` header of writes (required, checked by {@link expectedVersion}). @since 0.1.0 @category models */
export const ifMatchHeader = z.object({
  "if-match": z.string().optional().openapi({ description: 'Required: the ETag last received, e.g. W/"3"' }),
})

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const problem = (description: string) => ({
  description,
  content: { [problemContentType]: { schema: Problem } },
})

const etagHeader = {
  ETag: { description: 'The version as a weak entity tag, e.g. W/"3"', schema: { type: "string" as const } },
}

const preconditionResponses = {
  412: problem("If-Match does not name the current version: the entry changed since it was read"),
  428: problem("If-Match is missing"),
}

const createResourceRoute = createRoute({
  method: "post",
  path: "/v1/resources",
  tags: ["resources"],
  summary: "Create a directory entry in the tenant (permission resources:write)",
  description:
    "With `Idempotency-Key`, a retry with the same body answers 201 with the same entry (in its current state) and " +
    "writes nothing; the same key with another body is 409.",
  security: bearerSecurity,
  request: {
    headers: z.object({
      "idempotency-key": z
        .string()
        .min(1)
        .max(255)
        .optional()
        .openapi({ description: "Makes the request safe to retry (1–255 characters, per tenant)" }),
    }),
    body: { required: true, content: { "application/json": { schema: NewResourceBody } } },
  },
  responses: {
    201: {
      description: "Created (or the entry first created with this Idempotency-Key)",
      headers: { ...etagHeader, Location: { description: "/v1/resources/{id}", schema: { type: "string" } } },
      content: { "application/json": { schema: ResourceDocument } },
    },
    ...problemResponses(400, 401, 403, 409, 413, 415, 503),
  },
})

const staleRoute = createRoute({
  method: "get",
  path: "/v1/resources/stale",
  tags: ["resources"],
  summary: "Entries due for checking: overdue, due soon, never assured (permission resources:read)",
  security: bearerSecurity,
  request: { query: StaleParams },
  responses: {
    200: { description: "The report", content: { "application/json": { schema: StaleReportDocument } } },
    ...problemResponses(400, 401, 403, 503),
  },
})

const searchRoute = createRoute({
  method: "get",
  path: "/v1/resources",
  tags: ["resources"],
  summary: "Search the tenant's directory (permission resources:read)",
  description:
    "Ordered by reading (フリガナ) then id, or with `near` by distance then id; cursor paginated. List parameters " +
    "may be repeated or comma-separated. Unknown parameters are refused.",
  security: bearerSecurity,
  request: { query: ResourceSearchParams },
  responses: {
    200: { description: "A page of entries", content: { "application/json": { schema: ResourcePageDocument } } },
    ...problemResponses(400, 401, 403, 503),
  },
})

const getResourceRoute = createRoute({
  method: "get",
  path: "/v1/resources/{id}",
  tags: ["resources"],
  summary: "One entry, with its ETag (permission resources:read)",
  security: bearerSecurity,
  request: {
    params: IdParams,
    headers: z.object({
      "if-none-match": z.string().optional().openapi({ description: "Answer 304 if the entry is still this version" }),
    }),
  },
  responses: {
    200: {
      description: "The entry",
      headers: etagHeader,
      content: { "application/json": { schema: ResourceDocument } },
    },
    304: { description: "Not modified: If-None-Match names the current version", headers: etagHeader },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const updateResourceRoute = createRoute({
  method: "patch",
  path: "/v1/resources/{id}",
  tags: ["resources"],
  summary: "Update an entry (permission resources:write; If-Match required)",
  description:
    "Each key of the body replaces the stored value; `null` removes an optional field. A body that changes nothing " +
    "answers the entry unchanged. Every changed field is recorded in the change log with the optional `reason`.",
  security: bearerSecurity,
  request: {
    params: IdParams,
    query: ReasonParams,
    headers: ifMatchHeader,
    body: { required: true, content: { "application/json": { schema: ResourcePatchBody } } },
  },
  responses: {
    200: {
      description: "The updated entry",
      headers: etagHeader,
      content: { "application/json": { schema: ResourceDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
    ...preconditionResponses,
  },
})

const attestRoute = createRoute({
  method: "post",
  path: "/v1/resources/{id}/attest",
  tags: ["resources"],
  summary: "Record that the entry was checked now (permission resources:attest; If-Match required)",
  security: bearerSecurity,
  request: { params: IdParams, query: ReasonParams, headers: ifMatchHeader },
  responses: {
    200: {
      description: "The attested entry (a new version)",
      headers: etagHeader,
      content: { "application/json": { schema: ResourceDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 503),
    ...preconditionResponses,
  },
})

const changesRoute = createRoute({
  method: "get",
  path: "/v1/resources/{id}/changes",
  tags: ["resources"],
  summary: "The entry's field-level change log, newest first (permission resources:read)",
  security: bearerSecurity,
  request: { params: IdParams, query: ChangeParams },
  responses: {
    200: { description: "A page of changes", content: { "application/json": { schema: ResourceChangePageDocument } } },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

/**
 * Re-labels a store's validation error as one of a request part, so that the problem says where (`in`).
 *
 * @since 0.1.0
 * @category errors
 */
export const locate =
  (from: string, to: string) =>
  <E>(error: E): E | ValidationError =>
    error instanceof ValidationError && error.subject === from
      ? new ValidationError({ subject: to, issues: error.issues })
      : error

/**
 * A store's `version_mismatch` on an `If-Match` write, as the 412 it is in HTTP.
 *
 * @since 0.1.0
 * @category errors
 */
export const stale =
  (id: string) =>
  <E>(error: E): E | PreconditionFailed =>
    error instanceof Conflict && error.reason === "version_mismatch"
      ? new PreconditionFailed({ entity: "resource", id })
      : error

/**
 * The version an `If-Match` value allows the write on: 428 when missing, 400 when malformed or `*`, 412 when it
 * names no version of the entry (checked after the entry is found, so another tenant's id stays 404).
 *
 * @since 0.1.0
 * @category preconditions
 */
export const expectedVersion = (id: ResourceId, header: string | undefined) =>
  expectedVersionOf(
    header,
    Effect.map(
      Effect.flatMap(Effect.service(ResourceStore), (store) => store.get(id)),
      (entry) => entry.version,
    ),
    () => new PreconditionFailed({ entity: "resource", id }),
  )

/**
 * Creates an entry in the caller's tenant (`resources:write`); the store audits `resource.create`.
 *
 * @since 0.1.0
 * @category handlers
 */
export const createResource = Effect.fn("Resources.create")(function* (
  body: NewResourceBody,
  idempotencyKey: string | undefined,
) {
  const actor = yield* requirePermission("resources:write")
  const store = yield* ResourceStore
  return yield* store
    .create({ ...body, tenantId: actor.tenantId }, idempotencyKey === undefined ? {} : { idempotencyKey })
    .pipe(Effect.mapError(locate("resource", "request body")))
})

/**
 * Reads one entry (`resources:read`); another tenant's id is `NotFound`.
 *
 * @since 0.1.0
 * @category handlers
 */
export const getResource = Effect.fn("Resources.get")(function* (id: ResourceId) {
  yield* requirePermission("resources:read")
  return yield* (yield* ResourceStore).get(id)
})

/**
 * Updates an entry (`resources:write`) if `If-Match` names its current version; the store records the changed
 * fields and audits `resource.update`.
 *
 * @since 0.1.0
 * @category handlers
 */
export const updateResource = Effect.fn("Resources.update")(function* (
  id: ResourceId,
  patch: z.infer<typeof ResourcePatchBody>,
  ifMatch: string | undefined,
  reason: string | undefined,
) {
  yield* requirePermission("resources:write")
  const store = yield* ResourceStore
  const version = yield* expectedVersion(id, ifMatch)
  return yield* store
    .update(id, patch, { expectedVersion: version, ...(reason === undefined ? {} : { reason }) })
    .pipe(Effect.mapError(locate("resource", "request body")), Effect.mapError(stale(id)))
})

/**
 * Attests an entry (`resources:attest`) if `If-Match` names its current version: `assuredAt`/`assuredBy` become
 * now and the caller; the store audits `resource.attest`.
 *
 * @since 0.1.0
 * @category handlers
 */
export const attestResource = Effect.fn("Resources.attest")(function* (
  id: ResourceId,
  ifMatch: string | undefined,
  reason: string | undefined,
) {
  yield* requirePermission("resources:attest")
  const store = yield* ResourceStore
  const version = yield* expectedVersion(id, ifMatch)
  return yield* store
    .attest(id, { expectedVersion: version, ...(reason === undefined ? {} : { reason }) })
    .pipe(Effect.mapError(stale(id)))
})

/**
 * A page of an entry's change log (`resources:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const resourceChanges = Effect.fn("Resources.changes")(function* (
  id: ResourceId,
  query: z.infer<typeof ChangeParams>,
) {
  yield* requirePermission("resources:read")
  const page = yield* (yield* ResourceStore)
    .changes(id, {
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    })
    .pipe(Effect.mapError(locate("query", "query parameters")))
  // Absent `from`/`to` stay absent (exact optional properties), not `undefined`.
  const items = page.items.map(
    ({ from, to, ...change }): z.infer<typeof ResourceChangeDocument> => ({
      ...change,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    }),
  )
  return { items, nextCursor: page.nextCursor }
})

/**
 * The store's query for the HTTP parameters of a search.
 *
 * @since 0.1.0
 * @category conversions
 * @example
 * ```ts
 * import { ResourceSearchParams, toResourceQuery } from "./Resources.js"
 *
 * toResourceQuery(ResourceSearchParams.parse({ kinds: "pharmacy,clinic", near: "40.5,141.5", radiusKm: "5" }))
 * // { kinds: ["pharmacy", "clinic"], near: { latitude: 40.5, longitude: 141.5, radiusKm: 5 } }
 * ```
 */
export const toResourceQuery = (params: ResourceSearchParams): ResourceQueryInput => ({
  ...(params.text === undefined ? {} : { text: params.text }),
  ...(params.kinds === undefined ? {} : { kinds: params.kinds }),
  ...(params.capabilities === undefined ? {} : { capabilities: params.capabilities }),
  ...(params.municipalityCodes === undefined ? {} : { municipalityCodes: params.municipalityCodes }),
  ...(params.status === undefined ? {} : { status: params.status }),
  ...(params.openDay === undefined || params.openTime === undefined
    ? {}
    : { openAt: { day: params.openDay, time: params.openTime } }),
  ...(params.hasVacancy === undefined ? {} : { hasVacancy: params.hasVacancy }),
  ...(params.near === undefined || params.radiusKm === undefined
    ? {}
    : { near: { ...params.near, radiusKm: params.radiusKm } }),
  ...(params.modifiedAfter === undefined ? {} : { modifiedAfter: params.modifiedAfter }),
  ...(params.limit === undefined ? {} : { limit: params.limit }),
  ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
})

/**
 * Searches the tenant's directory (`resources:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const searchResources = Effect.fn("Resources.search")(function* (params: ResourceSearchParams) {
  yield* requirePermission("resources:read")
  const page = yield* (yield* ResourceStore)
    .search(toResourceQuery(params))
    .pipe(Effect.mapError(locate("query", "query parameters")))
  return { items: [...page.items], nextCursor: page.nextCursor }
})

/**
 * The stale report of the tenant's directory (`resources:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const staleReport = Effect.fn("Resources.staleReport")(function* (query: z.infer<typeof StaleParams>) {
  yield* requirePermission("resources:read")
  // The tenant's assurance period (設定) is the default; a `periodMonths` parameter overrides it.
  const periodMonths = query.periodMonths ?? (yield* (yield* TenantStore).current).settings.assurancePeriodMonths
  const report = yield* (yield* ResourceStore)
    .staleReport({
      ...(query.now === undefined ? {} : { now: query.now }),
      periodMonths,
      ...(query.dueSoonDays === undefined ? {} : { dueSoonDays: query.dueSoonDays }),
    })
    .pipe(Effect.mapError(locate("options", "query parameters")))
  return { ...report, items: [...report.items] }
})

/**
 * Registers the resource routes: `POST /v1/resources`, `GET /v1/resources`, `GET /v1/resources/stale`,
 * `GET|PATCH /v1/resources/{id}`, `POST /v1/resources/{id}/attest` and `GET /v1/resources/{id}/changes`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerResources = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  const read = requireAuth(runtime, "resources:read")
  const write = requireAuth(runtime, "resources:write")
  const attest = requireAuth(runtime, "resources:attest")
  const withTag = (entry: Resource) => ({ ETag: entityTagOf(entry.version) })

  app.openapi({ ...createResourceRoute, middleware: write }, async (c) => {
    const entry = await runAsPrincipal(
      c,
      runtime,
      createResource(c.req.valid("json"), c.req.valid("header")["idempotency-key"]),
    )
    return c.json(entry, 201, { ...withTag(entry), Location: `/v1/resources/${entry.id}` })
  })
  // Before `/v1/resources/{id}`, which would otherwise take "stale" for an id.
  app.openapi({ ...staleRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, staleReport(c.req.valid("query"))), 200),
  )
  app.openapi({ ...searchRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, searchResources(c.req.valid("query"))), 200),
  )
  app.openapi({ ...getResourceRoute, middleware: read }, async (c) => {
    const entry = await runAsPrincipal(c, runtime, getResource(c.req.valid("param").id))
    const headers = { ...withTag(entry), "Cache-Control": "private, no-cache" }
    if (noneMatchHits(c.req.valid("header")["if-none-match"], entry.version)) return c.body(null, 304, headers)
    return c.json(entry, 200, headers)
  })
  app.openapi({ ...updateResourceRoute, middleware: write }, async (c) => {
    const entry = await runAsPrincipal(
      c,
      runtime,
      updateResource(
        c.req.valid("param").id,
        c.req.valid("json"),
        c.req.valid("header")["if-match"],
        c.req.valid("query").reason,
      ),
    )
    return c.json(entry, 200, withTag(entry))
  })
  app.openapi({ ...attestRoute, middleware: attest }, async (c) => {
    const entry = await runAsPrincipal(
      c,
      runtime,
      attestResource(c.req.valid("param").id, c.req.valid("header")["if-match"], c.req.valid("query").reason),
    )
    return c.json(entry, 200, withTag(entry))
  })
  app.openapi({ ...changesRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, resourceChanges(c.req.valid("param").id, c.req.valid("query"))), 200),
  )
}
