/**
 * 入退院支援のケース (coordination cases): open a case (idempotent), read it (ETag, `If-None-Match`), change it, record
 * and withdraw its events and evidence, waive obligations (`If-Match` required on every change), list cases, read a
 * case's obligations, and an organisation's deadline board. Every read and write of a case is audited as personal
 * data by the store.
 *
 * Who works on which case: tenant administrators and coordinators on every case of the tenant; hospital staff and
 * care managers on the cases of the organisation their key names (`resources` of the key: the hospital, the
 * 居宅介護支援事業所) — another case is 404, and a key that names no organisation sees none. Only administrators and
 * coordinators waive. Viewers and providers have no access to cases.
 *
 * HTTP decisions:
 * - **ETag** `W/"<version>"` of the case; every change needs `If-Match` (428 without, 412 when stale). A retried
 *   `POST …/events` with the same `If-Match` is refused with 412 once the first went through, so an event is never
 *   recorded twice; `POST /v1/cases` takes an `Idempotency-Key` instead.
 * - **Withdrawals**: `DELETE …/events/{entryId}` and `DELETE …/evidence/{entryId}` withdraw the entry with the
 *   `reason` query parameter; it stays in the case, marked, and no longer counts.
 * - **Obligations** are computed on every read, as of `now` (default: the server's clock), never stored.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  type Actor,
  Case,
  CaseEventType,
  CaseId,
  CasePatch,
  CaseStatus,
  CaseStore,
  Conflict,
  caseObligations,
  IsoDate,
  NewCase,
  NewCaseEvent,
  NewEvidence,
  NewWaiver,
  ObligationAction,
  ObligationStatus,
  organisationBoard,
  PartyRole,
  ResourceId,
  requirePermission,
  ValidationError,
} from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { entityTagOf, expectedVersionOf, noneMatchHits, PreconditionFailed } from "../Preconditions.js"
import { Problem, problemContentType } from "../Problem.js"
import { bearerSecurity, listParam, problemResponses, queryParams } from "./Common.js"

// ---------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------

/**
 * 入退院支援のケース (case) as documented in OpenAPI: core's {@link Case}.
 *
 * @since 0.1.0
 * @category models
 */
export const CaseDocument = z.object(Case.shape).openapi("Case")

/**
 * Body of `POST /v1/cases`: core's {@link NewCase} (the tenant, status and ids are set by the server).
 *
 * @since 0.1.0
 * @category models
 */
export const NewCaseBody = z.object(NewCase.shape).strict().openapi("NewCase")

/** Body of `PATCH /v1/cases/{id}`. @since 0.1.0 @category models */
export const CasePatchBody = z.object(CasePatch.shape).strict().openapi("CasePatch")

/** Body of `POST /v1/cases/{id}/events`. @since 0.1.0 @category models */
export const NewCaseEventBody = z.object(NewCaseEvent.shape).strict().openapi("NewCaseEvent")

/** Body of `POST /v1/cases/{id}/evidence`. @since 0.1.0 @category models */
export const NewEvidenceBody = z.object(NewEvidence.shape).strict().openapi("NewEvidence")

/** Body of `POST /v1/cases/{id}/waivers`. @since 0.1.0 @category models */
export const NewWaiverBody = z.object(NewWaiver.shape).strict().openapi("NewWaiver")

const Text = z.object({ ja: z.string(), en: z.string() })

/**
 * 義務 (obligation) as documented in OpenAPI: core's `Obligation`.
 *
 * @since 0.1.0
 * @category models
 */
export const ObligationDocument = z
  .object({
    key: z.string().openapi({ description: "<ruleSetId>@<version>/<ruleId>/<obligationId>/<triggerEventId>" }),
    ruleSet: z.object({ id: z.string(), version: z.string() }),
    ruleId: z.string(),
    obligationId: z.string(),
    name: Text,
    actor: PartyRole,
    action: ObligationAction,
    trigger: z.object({ eventId: z.string(), type: CaseEventType, at: z.string() }),
    dueDate: z.string().nullable().openapi({ description: "Last day on time (Japan), YYYY-MM-DD; null: none" }),
    status: ObligationStatus,
    metBy: z.object({ evidenceId: z.string(), at: z.string(), date: z.string() }).optional(),
    tier: Text.optional(),
    waiver: z.object({ reason: z.string(), by: z.string() }).optional(),
    explanation: z.object({ applicability: z.array(Text), deadline: Text, status: Text }),
  })
  .openapi("Obligation")

/**
 * 評価結果 (a case's obligations): the rule sets applied and why, how the regional set was chosen, the obligations.
 *
 * @since 0.1.0
 * @category models
 */
export const EvaluationDocument = z
  .object({
    caseId: z.string(),
    now: z.string(),
    referenceDate: z.string().nullable(),
    ruleSets: z.array(
      z.object({ id: z.string(), version: z.string(), scope: z.enum(["national", "regional"]), reason: Text }),
    ),
    resolution: z.array(
      z.object({
        by: z.enum(["hospital", "patient", "care_manager"]),
        municipality: z.string().nullable(),
        matched: z.string().nullable(),
      }),
    ),
    obligations: z.array(ObligationDocument),
  })
  .openapi("Evaluation")

const BoardItemDocument = z.object({
  caseId: z.string(),
  patient: z.string(),
  obligation: ObligationDocument,
  daysUntilDue: z.number().int().nullable(),
  dueSoon: z.boolean(),
})

/**
 * 期限ボード (deadline board) of an organisation.
 *
 * @since 0.1.0
 * @category models
 */
export const BoardDocument = z
  .object({
    organisation: z.string(),
    asOf: z.string(),
    dueSoonDays: z.number().int(),
    overdue: z.array(BoardItemDocument),
    upcoming: z.array(BoardItemDocument),
  })
  .openapi("DeadlineBoard")

const CasePageDocument = z
  .object({ items: z.array(CaseDocument), nextCursor: z.string().nullable() })
  .openapi("CasePage")

// ---------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------

const IdParams = z.object({ id: CaseId })
const EntryParams = z.object({ id: CaseId, entryId: z.string().min(1).max(100) })

/** Query of `GET /v1/cases`. @since 0.1.0 @category models */
export const CaseListParams = queryParams({
  organisation: ResourceId.optional().openapi({ description: "A directory entry that is one of the case's parties" }),
  status: listParam(CaseStatus, 2, "Statuses"),
  from: IsoDate.optional().openapi({ description: "Cases whose span overlaps from…to (Japan dates); with to" }),
  to: IsoDate.optional().openapi({ description: "End of the period, inclusive; with from" }),
  modifiedAfter: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: "Page size, 1–200 (default 50)" }),
  cursor: z.string().min(1).max(2000).optional().openapi({ description: "`nextCursor` of the previous page" }),
}).superRefine((params, ctx) => {
  if ((params.from === undefined) !== (params.to === undefined)) {
    const missing = params.from === undefined ? "from" : "to"
    ctx.addIssue({
      code: "custom",
      path: [missing],
      message: `${missing} is required with ${missing === "from" ? "to" : "from"}`,
      params: { ja: "from と to は両方指定してください", code: "required_with" },
    })
  }
})

const NowParams = queryParams({
  now: z.iso.datetime({ offset: true }).optional().openapi({ description: "Evaluate as of this instant" }),
})

const BoardParams = queryParams({
  now: z.iso.datetime({ offset: true }).optional().openapi({ description: "Evaluate as of this instant" }),
  dueSoonDays: z.coerce
    .number()
    .int()
    .min(0)
    .max(30)
    .optional()
    .openapi({ description: "Due soon: due within this many days (default 1)" }),
})

const ReasonParams = queryParams({
  reason: z.string().trim().min(1).max(1000).openapi({ description: "Why the entry is withdrawn (required)" }),
})

const ifMatchHeader = z.object({
  "if-match": z.string().optional().openapi({ description: 'Required: the ETag last received, e.g. W/"3"' }),
})

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const problem = (description: string) => ({ description, content: { [problemContentType]: { schema: Problem } } })
const etagHeader = {
  ETag: { description: 'The version as a weak entity tag, e.g. W/"3"', schema: { type: "string" as const } },
}
const preconditionResponses = {
  412: problem("If-Match does not name the current version: the case changed since it was read"),
  428: problem("If-Match is missing"),
}
const caseResponse = (description: string) => ({
  description,
  headers: etagHeader,
  content: { "application/json": { schema: CaseDocument } },
})

const createCaseRoute = createRoute({
  method: "post",
  path: "/v1/cases",
  tags: ["cases"],
  summary: "Open a case (permission cases:write)",
  description:
    "The patient is a tenant-issued pseudonym, never a name or a birthdate. Hospital staff and care managers open " +
    "cases of their own organisation only. With `Idempotency-Key`, a retry with the same body answers 201 with the " +
    "same case; the same key with another body is 409.",
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
    body: { required: true, content: { "application/json": { schema: NewCaseBody } } },
  },
  responses: {
    201: {
      description: "Opened (or the case first opened with this Idempotency-Key)",
      headers: { ...etagHeader, Location: { description: "/v1/cases/{id}", schema: { type: "string" } } },
      content: { "application/json": { schema: CaseDocument } },
    },
    ...problemResponses(400, 401, 403, 409, 413, 415, 503),
  },
})

const listCasesRoute = createRoute({
  method: "get",
  path: "/v1/cases",
  tags: ["cases"],
  summary: "Cases the key may read, newest first (permission cases:read)",
  security: bearerSecurity,
  request: { query: CaseListParams },
  responses: {
    200: { description: "A page of cases", content: { "application/json": { schema: CasePageDocument } } },
    ...problemResponses(400, 401, 403, 503),
  },
})

const getCaseRoute = createRoute({
  method: "get",
  path: "/v1/cases/{id}",
  tags: ["cases"],
  summary: "One case, with its ETag (permission cases:read)",
  security: bearerSecurity,
  request: {
    params: IdParams,
    headers: z.object({
      "if-none-match": z.string().optional().openapi({ description: "Answer 304 if the case is still this version" }),
    }),
  },
  responses: {
    200: caseResponse("The case"),
    304: { description: "Not modified", headers: etagHeader },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const updateCaseRoute = createRoute({
  method: "patch",
  path: "/v1/cases/{id}",
  tags: ["cases"],
  summary: "Change a case's attributes, or close or reopen it (permission cases:write; If-Match required)",
  security: bearerSecurity,
  request: {
    params: IdParams,
    headers: ifMatchHeader,
    body: { required: true, content: { "application/json": { schema: CasePatchBody } } },
  },
  responses: {
    200: caseResponse("The case"),
    ...problemResponses(400, 401, 403, 404, 413, 415, 503),
    ...preconditionResponses,
  },
})

const recordEventRoute = createRoute({
  method: "post",
  path: "/v1/cases/{id}/events",
  tags: ["cases"],
  summary: "Record an event: admission, discharge planning, conference, discharge … (cases:record; If-Match)",
  security: bearerSecurity,
  request: {
    params: IdParams,
    headers: ifMatchHeader,
    body: { required: true, content: { "application/json": { schema: NewCaseEventBody } } },
  },
  responses: {
    201: caseResponse("The case with the new event (last in events)"),
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
    ...preconditionResponses,
  },
})

const recordEvidenceRoute = createRoute({
  method: "post",
  path: "/v1/cases/{id}/evidence",
  tags: ["cases"],
  summary: "Record evidence: a contact, a sent form, a conference … (cases:record; If-Match)",
  description:
    "A sent form names its template (`templateId`), its response in the forms module (`formResponseId`) and its " +
    "recipient's directory entry (`recipientId`); it meets the obligations to send that form or to inform that party.",
  security: bearerSecurity,
  request: {
    params: IdParams,
    headers: ifMatchHeader,
    body: { required: true, content: { "application/json": { schema: NewEvidenceBody } } },
  },
  responses: {
    201: caseResponse("The case with the new evidence (last in evidence)"),
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
    ...preconditionResponses,
  },
})

const withdrawRoute = (list: "events" | "evidence") =>
  createRoute({
    method: "delete",
    path: `/v1/cases/{id}/${list}/{entryId}`,
    tags: ["cases"],
    summary: `Withdraw ${list === "events" ? "an event" : "evidence"} recorded by mistake (cases:record; If-Match)`,
    description: "The entry stays in the case, marked with the reason, who and when; it no longer counts.",
    security: bearerSecurity,
    request: { params: EntryParams, query: ReasonParams, headers: ifMatchHeader },
    responses: {
      200: caseResponse("The case"),
      ...problemResponses(400, 401, 403, 404, 409, 503),
      ...preconditionResponses,
    },
  })

const waiveRoute = createRoute({
  method: "post",
  path: "/v1/cases/{id}/waivers",
  tags: ["cases"],
  summary: "Waive an obligation, with the reason (permission cases:waive; If-Match required)",
  security: bearerSecurity,
  request: {
    params: IdParams,
    headers: ifMatchHeader,
    body: { required: true, content: { "application/json": { schema: NewWaiverBody } } },
  },
  responses: {
    201: caseResponse("The case with the waiver"),
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
    ...preconditionResponses,
  },
})

const obligationsRoute = createRoute({
  method: "get",
  path: "/v1/cases/{id}/obligations",
  tags: ["cases"],
  summary: "A case's obligations, due dates, statuses and explanations, computed now (permission cases:read)",
  security: bearerSecurity,
  request: { params: IdParams, query: NowParams },
  responses: {
    200: { description: "The evaluation", content: { "application/json": { schema: EvaluationDocument } } },
    ...problemResponses(400, 401, 403, 404, 422, 503),
  },
})

const boardRoute = createRoute({
  method: "get",
  path: "/v1/organisations/{id}/obligations",
  tags: ["cases"],
  summary: "An organisation's deadline board: its overdue and upcoming obligations (permission cases:read)",
  description:
    "The obligations that the organisation (a directory entry: hospital, care-management office …) must meet in the " +
    "open cases the key may read: overdue first (longest overdue first), then upcoming (soonest first).",
  security: bearerSecurity,
  request: { params: z.object({ id: ResourceId }), query: BoardParams },
  responses: {
    200: { description: "The board", content: { "application/json": { schema: BoardDocument } } },
    ...problemResponses(400, 401, 403, 422, 503),
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

/**
 * A domain result as the plain JSON its document describes (core's results are deeply readonly and carry branded
 * ids, which the response types of the routes do not).
 */
const asDocument = <S extends z.ZodType>(_document: S, value: unknown): z.infer<S> =>
  JSON.parse(JSON.stringify(value)) as z.infer<S>

const inBody =
  (...subjects: ReadonlyArray<string>) =>
  <E>(error: E): E | ValidationError =>
    error instanceof ValidationError && subjects.includes(error.subject)
      ? new ValidationError({ subject: "request body", issues: error.issues })
      : error

const staleCase =
  (id: CaseId) =>
  <E>(error: E): E | PreconditionFailed =>
    error instanceof Conflict && error.reason === "version_mismatch" && error.entity === "case"
      ? new PreconditionFailed({ entity: "case", id })
      : error

/**
 * The version an `If-Match` value allows a change on: 428 when missing, 400 when malformed or `*`, 412 when it names
 * no version of the case (checked after the case is found, so another tenant's id stays 404).
 *
 * @since 0.1.0
 * @category preconditions
 */
export const expectedCaseVersion = (id: CaseId, header: string | undefined) =>
  expectedVersionOf(
    header,
    Effect.map(
      Effect.flatMap(Effect.service(CaseStore), (store) => store.get(id)),
      (c) => c.version,
    ),
    () => new PreconditionFailed({ entity: "case", id }),
  )

/** Opens a case (`cases:write`). @since 0.1.0 @category handlers */
export const createCase = Effect.fn("Cases.create")(function* (
  body: z.infer<typeof NewCaseBody>,
  idempotencyKey: string | undefined,
) {
  yield* requirePermission("cases:write")
  return yield* (yield* CaseStore)
    .create(body, idempotencyKey === undefined ? {} : { idempotencyKey })
    .pipe(Effect.mapError(inBody("case")))
})

/** Lists cases (`cases:read`). @since 0.1.0 @category handlers */
export const listCases = Effect.fn("Cases.list")(function* (params: z.infer<typeof CaseListParams>) {
  yield* requirePermission("cases:read")
  const page = yield* (yield* CaseStore)
    .list({
      ...(params.organisation === undefined ? {} : { organisation: params.organisation }),
      ...(params.status === undefined ? {} : { status: params.status }),
      ...(params.from === undefined || params.to === undefined
        ? {}
        : { period: { start: params.from, end: params.to } }),
      ...(params.modifiedAfter === undefined ? {} : { modifiedAfter: params.modifiedAfter }),
      ...(params.limit === undefined ? {} : { limit: params.limit }),
      ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
    })
    .pipe(
      Effect.mapError((error) =>
        error instanceof ValidationError && error.subject === "query"
          ? new ValidationError({ subject: "query parameters", issues: error.issues })
          : error,
      ),
    )
  return { items: [...page.items], nextCursor: page.nextCursor }
})

/** Reads a case (`cases:read`). @since 0.1.0 @category handlers */
export const getCase = Effect.fn("Cases.get")(function* (id: CaseId) {
  yield* requirePermission("cases:read")
  return yield* (yield* CaseStore).get(id)
})

type Change = (store: CaseStore["Service"], version: number) => Effect.Effect<Case, unknown, Actor>

const change = Effect.fn("Cases.change")(function* (
  permission: "cases:write" | "cases:record" | "cases:waive",
  id: CaseId,
  ifMatch: string | undefined,
  apply: Change,
) {
  yield* requirePermission(permission)
  const store = yield* CaseStore
  const version = yield* expectedCaseVersion(id, ifMatch)
  return yield* apply(store, version).pipe(
    Effect.mapError(inBody("case", "event", "evidence", "waiver")),
    Effect.mapError(staleCase(id)),
  )
})

/** A case's obligations as of `now` (`cases:read`). @since 0.1.0 @category handlers */
export const obligationsOfCase = Effect.fn("Cases.obligations")(function* (id: CaseId, now: string | undefined) {
  yield* requirePermission("cases:read")
  const { evaluation } = yield* caseObligations(id, now === undefined ? {} : { now })
  return asDocument(EvaluationDocument, evaluation)
})

/** An organisation's deadline board (`cases:read`). @since 0.1.0 @category handlers */
export const boardOf = Effect.fn("Cases.board")(function* (
  organisation: ResourceId,
  params: z.infer<typeof BoardParams>,
) {
  yield* requirePermission("cases:read")
  const board = yield* organisationBoard(organisation, {
    ...(params.now === undefined ? {} : { now: params.now }),
    ...(params.dueSoonDays === undefined ? {} : { dueSoonDays: params.dueSoonDays }),
  })
  return asDocument(BoardDocument, board)
})

/**
 * Registers the case routes: `POST|GET /v1/cases`, `GET|PATCH /v1/cases/{id}`, `POST /v1/cases/{id}/events`,
 * `POST /v1/cases/{id}/evidence`, `DELETE /v1/cases/{id}/events/{entryId}`, `DELETE /v1/cases/{id}/evidence/{entryId}`,
 * `POST /v1/cases/{id}/waivers`, `GET /v1/cases/{id}/obligations` and `GET /v1/organisations/{id}/obligations`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerCases = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  const read = requireAuth(runtime, "cases:read")
  const write = requireAuth(runtime, "cases:write")
  const record = requireAuth(runtime, "cases:record")
  const waive = requireAuth(runtime, "cases:waive")
  const withTag = (c: Case) => ({ ETag: entityTagOf(c.version), "Cache-Control": "private, no-store" })

  app.openapi({ ...createCaseRoute, middleware: write }, async (c) => {
    const created = await runAsPrincipal(
      c,
      runtime,
      createCase(c.req.valid("json"), c.req.valid("header")["idempotency-key"]),
    )
    return c.json(created, 201, { ...withTag(created), Location: `/v1/cases/${created.id}` })
  })
  app.openapi({ ...listCasesRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, listCases(c.req.valid("query"))), 200, {
      "Cache-Control": "private, no-store",
    }),
  )
  app.openapi({ ...getCaseRoute, middleware: read }, async (c) => {
    const found = await runAsPrincipal(c, runtime, getCase(c.req.valid("param").id))
    if (noneMatchHits(c.req.valid("header")["if-none-match"], found.version)) return c.body(null, 304, withTag(found))
    return c.json(found, 200, withTag(found))
  })
  app.openapi({ ...updateCaseRoute, middleware: write }, async (c) => {
    const { id } = c.req.valid("param")
    const patch = c.req.valid("json")
    const updated = await runAsPrincipal(
      c,
      runtime,
      change("cases:write", id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
        store.update(id, patch, { expectedVersion }),
      ),
    )
    return c.json(updated, 200, withTag(updated))
  })
  app.openapi({ ...recordEventRoute, middleware: record }, async (c) => {
    const { id } = c.req.valid("param")
    const event = c.req.valid("json")
    const updated = await runAsPrincipal(
      c,
      runtime,
      change("cases:record", id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
        store.recordEvent(id, event, { expectedVersion }),
      ),
    )
    return c.json(updated, 201, withTag(updated))
  })
  app.openapi({ ...recordEvidenceRoute, middleware: record }, async (c) => {
    const { id } = c.req.valid("param")
    const evidence = c.req.valid("json")
    const updated = await runAsPrincipal(
      c,
      runtime,
      change("cases:record", id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
        store.recordEvidence(id, evidence, { expectedVersion }),
      ),
    )
    return c.json(updated, 201, withTag(updated))
  })
  for (const [list, entry] of [
    ["events", "event"],
    ["evidence", "evidence"],
  ] as const) {
    app.openapi({ ...withdrawRoute(list), middleware: record }, async (c) => {
      const { id, entryId } = c.req.valid("param")
      const { reason } = c.req.valid("query")
      const updated = await runAsPrincipal(
        c,
        runtime,
        change("cases:record", id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
          store.withdraw(id, entryId, { expectedVersion, reason, entry }),
        ),
      )
      return c.json(updated, 200, withTag(updated))
    })
  }
  app.openapi({ ...waiveRoute, middleware: waive }, async (c) => {
    const { id } = c.req.valid("param")
    const waiver = c.req.valid("json")
    const updated = await runAsPrincipal(
      c,
      runtime,
      change("cases:waive", id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
        store.waive(id, waiver, { expectedVersion }),
      ),
    )
    return c.json(updated, 201, withTag(updated))
  })
  app.openapi({ ...obligationsRoute, middleware: read }, async (c) =>
    c.json(
      await runAsPrincipal(c, runtime, obligationsOfCase(c.req.valid("param").id, c.req.valid("query").now)),
      200,
      { "Cache-Control": "private, no-store" },
    ),
  )
  app.openapi({ ...boardRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, boardOf(c.req.valid("param").id, c.req.valid("query"))), 200, {
      "Cache-Control": "private, no-store",
    }),
  )
}
