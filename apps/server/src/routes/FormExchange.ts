/**
 * 情報提供書のやりとり (responses and their exchange) over HTTP. Keys of hospital staff, care managers and providers
 * (`forms:exchange`) name the organisations (directory entries) their holders work for; they fill in sheets for
 * those organisations, send them to others, and receive, acknowledge, return and reply to what is sent to them.
 *
 * - **Who reads.** Only staff of the organisation that wrote a response and of the organisations it was sent to;
 *   for anyone else — another organisation's staff, another tenant — it does not exist (404). Administrators,
 *   coordinators and viewers do not hold `forms:exchange` (403): sheets carry patients' personal data.
 * - **Audit.** Every read and write of a response is in the audit trail as personal data (refused reads too).
 * - **Versions.** `ETag` is the response's version; every change needs `If-Match` (428 without, 412 when it changed
 *   since) and keeps the earlier versions (`GET …/versions`). A completed response is amended, never overwritten.
 * - **Retries.** `Idempotency-Key` on `POST /v1/form-responses` and `POST …/send`: a retry with the same body
 *   answers 201 with the first result; the same key with another body is 409.
 * - **Inbox and outbox** of an organisation: `organizationId` may be left out when the key names only one.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  Actor,
  ActorRef,
  CaseReference,
  FormAttachment,
  FormRecipient,
  FormResponseId,
  FormResponseRecord,
  FormResponseStatus,
  FormResponseVersion,
  type FormSending,
  FormSendingId,
  type FormSendingSummary,
  FormStore,
  FormTemplateId,
  FormTemplateRef,
  RecipientState,
  ResourceId,
  requirePermission,
  ValidationError,
} from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { entityTagOf } from "../Preconditions.js"
import { bearerSecurity, listParam, problemResponses, queryParams } from "./Common.js"
import {
  etagHeader,
  formIfMatchHeader,
  idempotencyHeader,
  ifMatchVersion,
  preconditionResponses,
  staleAs,
} from "./Forms.js"
import { locate } from "./Resources.js"

// ---------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------

const Answers = z.record(z.string(), z.unknown()).openapi({ description: "Answers keyed by linkId" })

/**
 * 回答 (response) as documented: core's {@link FormResponseRecord}.
 *
 * @since 0.1.0
 * @category models
 */
export const FormResponseDocument = z.object({ ...FormResponseRecord.shape, answers: Answers }).openapi("FormResponse")

const ResponseSummaryDocument = z
  .object(FormResponseRecord.omit({ answers: true, reason: true }).shape)
  .openapi("FormResponseSummary")

const ResponsePageDocument = z
  .object({ items: z.array(ResponseSummaryDocument), nextCursor: z.string().nullable() })
  .openapi("FormResponsePage")

const VersionDocument = z.object({ ...FormResponseVersion.shape, answers: Answers }).openapi("FormResponseVersion")

const RecipientDocument = z.object({ ...FormRecipient.shape, reply: Answers.optional() }).openapi("FormRecipient")

const sendingShape = {
  id: FormSendingId,
  tenantId: z.string(),
  responseId: FormResponseId,
  responseVersion: z.int(),
  template: FormTemplateRef,
  from: ResourceId,
  caseId: z.string().optional(),
  attachments: z.array(FormAttachment),
  sentAt: z.string(),
  sentBy: ActorRef,
}

/**
 * 送付 (sending) as read: what was sent (version, answers, note, attachments) and the recipients the reader may see
 * (all for the sender; its own for a recipient).
 *
 * @since 0.1.0
 * @category models
 */
export const FormSendingDocument = z
  .object({
    ...sendingShape,
    note: z.string().optional(),
    recipients: z.array(RecipientDocument),
    status: FormResponseStatus,
    currentStatus: FormResponseStatus,
    answers: Answers.openapi({ description: "The answers as sent" }),
  })
  .openapi("FormSending")

const SendingSummaryDocument = z
  .object({
    ...sendingShape,
    recipients: z.array(z.object(FormRecipient.omit({ comment: true, reply: true }).shape)),
  })
  .openapi("FormSendingSummary")

const SendingPageDocument = z
  .object({ items: z.array(SendingSummaryDocument), nextCursor: z.string().nullable() })
  .openapi("FormSendingPage")

const NewResponseBody = z
  .object({
    template: FormTemplateRef,
    organizationId: ResourceId,
    caseId: CaseReference.optional().openapi({ description: "The case (coordination module) it belongs to" }),
    answers: Answers.optional(),
  })
  .strict()
  .openapi("NewFormResponse")

const EditBody = z
  .object({ answers: Answers.optional(), caseId: CaseReference.nullable().optional() })
  .strict()
  .openapi("FormResponseEdit")

const AmendBody = z
  .object({ answers: Answers, reason: z.string().trim().min(1).max(1000).optional() })
  .strict()
  .openapi("FormAmendment")

const ErrorBody = z
  .object({ reason: z.string().trim().min(1).max(1000) })
  .strict()
  .openapi("EnteredInError")
const CaseBody = z.object({ caseId: CaseReference.nullable() }).strict().openapi("FormCaseLink")

const SendBody = z
  .object({
    recipients: z
      .array(ResourceId)
      .min(1)
      .max(20)
      .openapi({ description: "1–20 other organisations of the directory" }),
    note: z.string().trim().min(1).max(2000).optional(),
    attachments: z.array(FormAttachment).max(20).optional(),
  })
  .strict()
  .openapi("SendForm")

const ActingBody = z
  .object({
    organizationId: ResourceId.optional().openapi({ description: "Needed when the key names several recipients" }),
  })
  .strict()
  .openapi("RecipientAction")
const ReturnBody = z
  .object({ comment: z.string().trim().min(1).max(2000), organizationId: ResourceId.optional() })
  .strict()
  .openapi("ReturnSending")
const ReplyBody = z.object({ answers: Answers, organizationId: ResourceId.optional() }).strict().openapi("ReplySending")

const ResponseListParams = queryParams({
  organizationId: ResourceId.optional().openapi({ description: "One organisation the key works for (default all)" }),
  status: listParam(FormResponseStatus, 4, "Statuses"),
  templateId: FormTemplateId.optional(),
  caseId: CaseReference.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: "Page size, 1–200 (default 50)" }),
  cursor: z.string().min(1).max(2000).optional().openapi({ description: "`nextCursor` of the previous page" }),
})

const BoxParams = queryParams({
  organizationId: ResourceId.optional().openapi({
    description: "The organisation (one the key works for); may be left out when the key names only one",
  }),
  templateId: FormTemplateId.optional().openapi({ description: "Only sheets of this template" }),
  state: listParam(RecipientState, 4, "Recipient states (inbox: the organisation's own; outbox: any recipient's)"),
  sentFrom: z.iso.datetime({ offset: true }).optional().openapi({ description: "Sent at or after this instant" }),
  sentTo: z.iso.datetime({ offset: true }).optional().openapi({ description: "Sent before this instant" }),
  caseId: CaseReference.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: "Page size, 1–200 (default 50)" }),
  cursor: z.string().min(1).max(2000).optional().openapi({ description: "`nextCursor` of the previous page" }),
})

const ResponseParams = z.object({ id: FormResponseId })
const SendingParams = z.object({ id: FormSendingId })

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const responseWritten = (description: string) => ({
  200: { description, headers: etagHeader, content: { "application/json": { schema: FormResponseDocument } } },
  ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
  ...preconditionResponses,
})

const createResponseRoute = createRoute({
  method: "post",
  path: "/v1/form-responses",
  tags: ["form responses"],
  summary: "Start a sheet as a draft for an own organisation (forms:exchange; Idempotency-Key)",
  description:
    "The template version must be active and in its effective period today. Answers are checked as a draft (no " +
    "required items yet) and kept as validation keeps them; every problem is reported at its path in the body.",
  security: bearerSecurity,
  request: {
    headers: idempotencyHeader,
    body: { required: true, content: { "application/json": { schema: NewResponseBody } } },
  },
  responses: {
    201: {
      description: "The draft, version 1 (or the response first created with this Idempotency-Key)",
      headers: { ...etagHeader, Location: { description: "/v1/form-responses/{id}", schema: { type: "string" } } },
      content: { "application/json": { schema: FormResponseDocument } },
    },
    ...problemResponses(400, 401, 403, 409, 413, 415, 503),
  },
})

const listResponsesRoute = createRoute({
  method: "get",
  path: "/v1/form-responses",
  tags: ["form responses"],
  summary: "The responses of the organisations the key works for, most recently changed first (forms:exchange)",
  security: bearerSecurity,
  request: { query: ResponseListParams },
  responses: {
    200: { description: "Summaries (no answers)", content: { "application/json": { schema: ResponsePageDocument } } },
    ...problemResponses(400, 401, 403, 503),
  },
})

const getResponseRoute = createRoute({
  method: "get",
  path: "/v1/form-responses/{id}",
  tags: ["form responses"],
  summary: "Read a response (audited); a recipient reads the version sent to it, and this is its read receipt",
  security: bearerSecurity,
  request: { params: ResponseParams },
  responses: {
    200: {
      description: "The response",
      headers: etagHeader,
      content: { "application/json": { schema: FormResponseDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const versionsRoute = createRoute({
  method: "get",
  path: "/v1/form-responses/{id}/versions",
  tags: ["form responses"],
  summary: "Every version of a response (audited): all for the author, the ones sent to it for a recipient",
  security: bearerSecurity,
  request: { params: ResponseParams },
  responses: {
    200: {
      description: "The versions, oldest first",
      content: { "application/json": { schema: z.object({ items: z.array(VersionDocument) }) } },
    },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const editRoute = createRoute({
  method: "patch",
  path: "/v1/form-responses/{id}",
  tags: ["form responses"],
  summary: "Edit a draft: new answers (replacing the old ones) or its case (forms:exchange; If-Match)",
  security: bearerSecurity,
  request: {
    params: ResponseParams,
    headers: formIfMatchHeader,
    body: { required: true, content: { "application/json": { schema: EditBody } } },
  },
  responses: responseWritten("The draft, one version newer"),
})

const completeRoute = createRoute({
  method: "post",
  path: "/v1/form-responses/{id}/complete",
  tags: ["form responses"],
  summary: "Complete a draft: every required item is checked (forms:exchange; If-Match)",
  security: bearerSecurity,
  request: { params: ResponseParams, headers: formIfMatchHeader },
  responses: responseWritten("The completed response"),
})

const amendRoute = createRoute({
  method: "post",
  path: "/v1/form-responses/{id}/amend",
  tags: ["form responses"],
  summary: "Amend a completed response: a new version; the earlier one is kept (forms:exchange; If-Match)",
  security: bearerSecurity,
  request: {
    params: ResponseParams,
    headers: formIfMatchHeader,
    body: { required: true, content: { "application/json": { schema: AmendBody } } },
  },
  responses: responseWritten("The amended response"),
})

const enteredInErrorRoute = createRoute({
  method: "post",
  path: "/v1/form-responses/{id}/entered-in-error",
  tags: ["form responses"],
  summary: "Mark a response as made in error (final; forms:exchange; If-Match). Responses are never deleted.",
  security: bearerSecurity,
  request: {
    params: ResponseParams,
    headers: formIfMatchHeader,
    body: { required: true, content: { "application/json": { schema: ErrorBody } } },
  },
  responses: responseWritten("The response, entered in error"),
})

const caseRoute = createRoute({
  method: "put",
  path: "/v1/form-responses/{id}/case",
  tags: ["form responses"],
  summary: "Link a response to a case of the coordination module, or unlink it with null (If-Match)",
  security: bearerSecurity,
  request: {
    params: ResponseParams,
    headers: formIfMatchHeader,
    body: { required: true, content: { "application/json": { schema: CaseBody } } },
  },
  responses: responseWritten("The response, linked"),
})

const sendRoute = createRoute({
  method: "post",
  path: "/v1/form-responses/{id}/send",
  tags: ["form exchange"],
  summary: "Send the current version of a completed response to other organisations (Idempotency-Key)",
  description:
    "What is sent never changes: the sending records the version. Attachments are metadata (name, type, size, " +
    "SHA-256); the files travel through the organisations' own channels.",
  security: bearerSecurity,
  request: {
    params: ResponseParams,
    headers: idempotencyHeader,
    body: { required: true, content: { "application/json": { schema: SendBody } } },
  },
  responses: {
    201: {
      description: "The sending",
      headers: { Location: { description: "/v1/form-sendings/{id}", schema: { type: "string" } } },
      content: { "application/json": { schema: FormSendingDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
  },
})

const getSendingRoute = createRoute({
  method: "get",
  path: "/v1/form-sendings/{id}",
  tags: ["form exchange"],
  summary: "Read a sending with the answers as sent (audited); a recipient's first read is its receipt",
  security: bearerSecurity,
  request: { params: SendingParams },
  responses: {
    200: { description: "The sending", content: { "application/json": { schema: FormSendingDocument } } },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const recipientRoute = (
  action: "acknowledge" | "return" | "reply",
  summary: string,
  body: typeof ActingBody | typeof ReturnBody | typeof ReplyBody,
  required: boolean,
) =>
  createRoute({
    method: "post",
    path: `/v1/form-sendings/{id}/${action}`,
    tags: ["form exchange"],
    summary,
    security: bearerSecurity,
    request: { params: SendingParams, body: { required, content: { "application/json": { schema: body } } } },
    responses: {
      200: { description: "The sending", content: { "application/json": { schema: FormSendingDocument } } },
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
    },
  })

const acknowledgeRoute = recipientRoute(
  "acknowledge",
  "Acknowledge receipt (受領確認; recipient's staff)",
  ActingBody,
  false,
)
const returnRoute = recipientRoute(
  "return",
  "Return the sheet with a comment (差戻し; recipient's staff)",
  ReturnBody,
  true,
)
const replyRoute = recipientRoute(
  "reply",
  "Fill in the reply section (返信欄) of a sheet that has one, once (recipient's staff)",
  ReplyBody,
  true,
)

const boxRoute = (box: "inbox" | "outbox") =>
  createRoute({
    method: "get",
    path: `/v1/form-${box}`,
    tags: ["form exchange"],
    summary:
      box === "inbox"
        ? "Sheets sent to an own organisation, newest first (forms:exchange)"
        : "Sheets sent from an own organisation, newest first (forms:exchange)",
    security: bearerSecurity,
    request: { query: BoxParams },
    responses: {
      200: {
        description: "Summaries (no answers, notes, comments or replies)",
        content: { "application/json": { schema: SendingPageDocument } },
      },
      ...problemResponses(400, 401, 403, 503),
    },
  })

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

const toRecord = (response: FormResponseRecord): z.infer<typeof FormResponseDocument> => response
const toSending = (sending: FormSending): z.infer<typeof FormSendingDocument> => ({
  ...sending,
  attachments: [...sending.attachments],
  recipients: [...sending.recipients],
})
const toSummary = (sending: FormSendingSummary): z.infer<typeof SendingSummaryDocument> => ({
  ...sending,
  attachments: [...sending.attachments],
  recipients: [...sending.recipients],
})

const bodyErrors = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(
    Effect.mapError(locate("sending", "request body")),
    Effect.mapError(locate("reply", "request body")),
    Effect.mapError(locate("form response", "request body")),
  )

/**
 * Starts a response.
 *
 * @since 0.1.0
 * @category handlers
 */
export const createFormResponse = Effect.fn("FormResponses.create")(function* (
  body: z.infer<typeof NewResponseBody>,
  idempotencyKey: string | undefined,
) {
  yield* requirePermission("forms:exchange")
  const store = yield* FormStore
  return toRecord(yield* bodyErrors(store.createResponse(body, idempotencyKey === undefined ? {} : { idempotencyKey })))
})

/**
 * Lists own responses.
 *
 * @since 0.1.0
 * @category handlers
 */
export const listFormResponses = Effect.fn("FormResponses.list")(function* (query: z.infer<typeof ResponseListParams>) {
  yield* requirePermission("forms:exchange")
  const page = yield* (yield* FormStore)
    .responses({
      ...(query.organizationId === undefined ? {} : { organizationId: query.organizationId }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.templateId === undefined ? {} : { templateId: query.templateId }),
      ...(query.caseId === undefined ? {} : { caseId: query.caseId }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    })
    .pipe(Effect.mapError(locate("query", "query parameters")))
  return { items: [...page.items], nextCursor: page.nextCursor }
})

/**
 * Reads a response (audited).
 *
 * @since 0.1.0
 * @category handlers
 */
export const getFormResponse = Effect.fn("FormResponses.get")(function* (id: FormResponseId) {
  yield* requirePermission("forms:exchange")
  return toRecord(yield* (yield* FormStore).response(id))
})

/**
 * Every version the reader may see (audited).
 *
 * @since 0.1.0
 * @category handlers
 */
export const getFormResponseVersions = Effect.fn("FormResponses.versions")(function* (id: FormResponseId) {
  yield* requirePermission("forms:exchange")
  return { items: [...(yield* (yield* FormStore).responseVersions(id))] }
})

/**
 * One `If-Match` step on a response.
 *
 * @since 0.1.0
 * @category handlers
 */
export const stepFormResponseOverHttp = Effect.fn("FormResponses.step")(function* (
  id: FormResponseId,
  ifMatch: string | undefined,
  run: (store: FormStore["Service"], expectedVersion: number) => ReturnType<FormStore["Service"]["completeResponse"]>,
) {
  yield* requirePermission("forms:exchange")
  const expectedVersion = yield* ifMatchVersion(ifMatch)
  const store = yield* FormStore
  return toRecord(yield* bodyErrors(run(store, expectedVersion)).pipe(Effect.mapError(staleAs("form_response", id))))
})

/**
 * Sends a response.
 *
 * @since 0.1.0
 * @category handlers
 */
export const sendFormResponse = Effect.fn("FormResponses.send")(function* (
  id: FormResponseId,
  body: z.infer<typeof SendBody>,
  idempotencyKey: string | undefined,
) {
  yield* requirePermission("forms:exchange")
  const store = yield* FormStore
  return toSending(yield* bodyErrors(store.send(id, body, idempotencyKey === undefined ? {} : { idempotencyKey })))
})

/**
 * Reads a sending (audited; receipt).
 *
 * @since 0.1.0
 * @category handlers
 */
export const getFormSending = Effect.fn("FormSendings.get")(function* (id: FormSendingId) {
  yield* requirePermission("forms:exchange")
  return toSending(yield* (yield* FormStore).sending(id))
})

/**
 * A recipient's step.
 *
 * @since 0.1.0
 * @category handlers
 */
export const recipientStepOverHttp = Effect.fn("FormSendings.step")(function* (
  run: (store: FormStore["Service"]) => ReturnType<FormStore["Service"]["acknowledge"]>,
) {
  yield* requirePermission("forms:exchange")
  return toSending(yield* bodyErrors(run(yield* FormStore)))
})

/**
 * An inbox or outbox page; without `organizationId`, the only organisation the key names.
 *
 * @since 0.1.0
 * @category handlers
 */
export const formBox = Effect.fn("FormSendings.box")(function* (
  box: "inbox" | "outbox",
  query: z.infer<typeof BoxParams>,
) {
  yield* requirePermission("forms:exchange")
  const actor = yield* Actor
  const own = actor.resources ?? []
  const organizationId = query.organizationId ?? (own.length === 1 ? own[0] : undefined)
  if (organizationId === undefined) {
    return yield* new ValidationError({
      subject: "query parameters",
      issues: [
        {
          path: ["organizationId"],
          code: "organization_required",
          message: {
            ja: "このキーは複数の事業所・医療機関を担当しています（または担当がありません）。organizationId を指定してください",
            en: "The key names several organisations (or none): say which one in organizationId",
          },
        },
      ],
    })
  }
  const store = yield* FormStore
  const input = {
    organizationId,
    ...(query.templateId === undefined ? {} : { templateId: query.templateId }),
    ...(query.state === undefined ? {} : { state: query.state }),
    ...(query.sentFrom === undefined ? {} : { sentFrom: query.sentFrom }),
    ...(query.sentTo === undefined ? {} : { sentTo: query.sentTo }),
    ...(query.caseId === undefined ? {} : { caseId: query.caseId }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  }
  const page = yield* (box === "inbox" ? store.inbox(input) : store.outbox(input)).pipe(
    Effect.mapError(locate("query", "query parameters")),
  )
  return { items: page.items.map(toSummary), nextCursor: page.nextCursor }
})

/**
 * Registers the response and exchange routes.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerFormExchange = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  const exchange = requireAuth(runtime, "forms:exchange")

  app.openapi({ ...createResponseRoute, middleware: exchange }, async (c) => {
    const response = await runAsPrincipal(
      c,
      runtime,
      createFormResponse(c.req.valid("json"), c.req.valid("header")["idempotency-key"]),
    )
    return c.json(response, 201, { ETag: entityTagOf(response.version), Location: `/v1/form-responses/${response.id}` })
  })
  app.openapi({ ...listResponsesRoute, middleware: exchange }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, listFormResponses(c.req.valid("query"))), 200),
  )
  app.openapi({ ...getResponseRoute, middleware: exchange }, async (c) => {
    const response = await runAsPrincipal(c, runtime, getFormResponse(c.req.valid("param").id))
    return c.json(response, 200, { ETag: entityTagOf(response.version) })
  })
  app.openapi({ ...versionsRoute, middleware: exchange }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, getFormResponseVersions(c.req.valid("param").id)), 200),
  )
  app.openapi({ ...editRoute, middleware: exchange }, async (c) => {
    const body = c.req.valid("json")
    const response = await runAsPrincipal(
      c,
      runtime,
      stepFormResponseOverHttp(c.req.valid("param").id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
        store.editResponse(c.req.valid("param").id, body, { expectedVersion }),
      ),
    )
    return c.json(response, 200, { ETag: entityTagOf(response.version) })
  })
  app.openapi({ ...completeRoute, middleware: exchange }, async (c) => {
    const id = c.req.valid("param").id
    const response = await runAsPrincipal(
      c,
      runtime,
      stepFormResponseOverHttp(id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
        store.completeResponse(id, { expectedVersion }),
      ),
    )
    return c.json(response, 200, { ETag: entityTagOf(response.version) })
  })
  app.openapi({ ...amendRoute, middleware: exchange }, async (c) => {
    const id = c.req.valid("param").id
    const body = c.req.valid("json")
    const response = await runAsPrincipal(
      c,
      runtime,
      stepFormResponseOverHttp(id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
        store.amendResponse(id, body, { expectedVersion }),
      ),
    )
    return c.json(response, 200, { ETag: entityTagOf(response.version) })
  })
  app.openapi({ ...enteredInErrorRoute, middleware: exchange }, async (c) => {
    const id = c.req.valid("param").id
    const body = c.req.valid("json")
    const response = await runAsPrincipal(
      c,
      runtime,
      stepFormResponseOverHttp(id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
        store.markEnteredInError(id, body, { expectedVersion }),
      ),
    )
    return c.json(response, 200, { ETag: entityTagOf(response.version) })
  })
  app.openapi({ ...caseRoute, middleware: exchange }, async (c) => {
    const id = c.req.valid("param").id
    const body = c.req.valid("json")
    const response = await runAsPrincipal(
      c,
      runtime,
      stepFormResponseOverHttp(id, c.req.valid("header")["if-match"], (store, expectedVersion) =>
        store.linkCase(id, body.caseId, { expectedVersion }),
      ),
    )
    return c.json(response, 200, { ETag: entityTagOf(response.version) })
  })
  app.openapi({ ...sendRoute, middleware: exchange }, async (c) => {
    const sending = await runAsPrincipal(
      c,
      runtime,
      sendFormResponse(c.req.valid("param").id, c.req.valid("json"), c.req.valid("header")["idempotency-key"]),
    )
    return c.json(sending, 201, { Location: `/v1/form-sendings/${sending.id}` })
  })
  app.openapi({ ...getSendingRoute, middleware: exchange }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, getFormSending(c.req.valid("param").id)), 200),
  )
  app.openapi({ ...acknowledgeRoute, middleware: exchange }, async (c) => {
    const id = c.req.valid("param").id
    const body = (c.req.valid("json") ?? {}) as z.infer<typeof ActingBody>
    return c.json(
      await runAsPrincipal(
        c,
        runtime,
        recipientStepOverHttp((store) => store.acknowledge(id, body)),
      ),
      200,
    )
  })
  app.openapi({ ...returnRoute, middleware: exchange }, async (c) => {
    const id = c.req.valid("param").id
    const body = c.req.valid("json") as z.infer<typeof ReturnBody>
    return c.json(
      await runAsPrincipal(
        c,
        runtime,
        recipientStepOverHttp((store) => store.returnSending(id, body)),
      ),
      200,
    )
  })
  app.openapi({ ...replyRoute, middleware: exchange }, async (c) => {
    const id = c.req.valid("param").id
    const body = c.req.valid("json") as z.infer<typeof ReplyBody>
    return c.json(
      await runAsPrincipal(
        c,
        runtime,
        recipientStepOverHttp((store) => store.reply(id, body)),
      ),
      200,
    )
  })
  for (const box of ["inbox", "outbox"] as const) {
    app.openapi({ ...boxRoute(box), middleware: exchange }, async (c) =>
      c.json(await runAsPrincipal(c, runtime, formBox(box, c.req.valid("query"))), 200),
    )
  }
}
