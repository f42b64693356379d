/**
 * 事業の活動記録 (the program's activities): consultations (相談, personal data), trainings and public events with
 * their registrations, attendance and feedback, meetings, issues (課題) and countermeasures (対応策) — and the public
 * application link of events marked public.
 *
 * Who does what: every role reads events, meetings, issues, countermeasures and the registration counts
 * (`activities:read`); tenant administrators and coordinators write them (`activities:write`), read and write
 * consultations (`consultations:read` / `consultations:write`) and manage registrations, whose applicants' names and
 * contacts are personal data (`registrations:manage`).
 *
 * HTTP decisions:
 * - **Records** live at `/v1/consultations`, `/v1/events`, `/v1/meetings`, `/v1/issues` and `/v1/countermeasures`:
 *   `POST` creates (201; `Idempotency-Key` makes a retry safe), `GET` lists (filters, cursor) and reads (ETag
 *   `W/"<version>"`, `If-None-Match`), `PUT` replaces and `DELETE` removes — both with `If-Match` (428 without,
 *   412 when stale). An event with registrations is cancelled (`status: cancelled`), not removed (409); a record
 *   that others link to (a meeting its issues name…) is not removed either (409 `linked_from`). Listings are newest
 *   entered first, or by the record's own date with `order=date`.
 * - **Registrations**: `POST /v1/events/{id}/registrations` applies on an applicant's behalf; applying again for the
 *   same applicant (same email, or name and phone) answers 200 with the live registration instead of 201 — a
 *   retried form submission is one application. Confirm, cancel (the first wait-listed applicant is promoted) and
 *   attendance are `POST`s on the registration. A refusal says why in Japanese and English and stores nothing:
 *   after the deadline or once the event started is **422** `registration-closed`; full without a wait-list, a
 *   cancelled or held event, or an event without applications is 422 `registration-rejected`; a registration whose
 *   state does not allow the change, or a capacity below the confirmed count, is 409.
 * - **Public link**: `POST /public/v1/{tenantCode}/events/{id}/registrations`, no key, for events whose
 *   `registration.public` is true; any other event (or tenant) is 404. The answer is the registration's id, status
 *   and place on the wait-list — never anyone's personal data; it runs as the tenant's `system:public-registration`
 *   principal, so row-level security scopes it, and the store audits it. `GET /public/v1/{tenantCode}/events/{id}`
 *   shows the event and its seats left for the application page.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  ActivityEvent,
  type ActivityKind,
  ActivityStore,
  Actor,
  activityEntity,
  activityPermissions,
  applyWithApplicationForm,
  CareScene,
  Conflict,
  ConsultationRecord,
  ConsultationTopic,
  Countermeasure,
  EventApplicant,
  EventFeedback,
  EventRegistration,
  IsoDate,
  Meeting,
  NewFeedback,
  NotFound,
  ProgramIssue,
  publicApplicant,
  RegistrationStatus,
  RequesterCategory,
  requirePermission,
  TenantStore,
  ValidationError,
} from "@zaitaku/core"
import { Effect, Option } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal, runEffect } from "../Handler.js"
import { entityTagOf, expectedVersionOf, noneMatchHits, PreconditionFailed } from "../Preconditions.js"
import { Problem, problemContentType } from "../Problem.js"
import { bearerSecurity, listParam, problemResponses, queryParams } from "./Common.js"

// ---------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------

const versionFields = {
  version: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
}

interface KindSpec {
  readonly kind: ActivityKind
  readonly path: string
  readonly name: string
  readonly ja: string
  readonly schema: z.ZodObject
}

const kinds: ReadonlyArray<KindSpec> = [
  { kind: "consultation", path: "consultations", name: "Consultation", ja: "相談記録", schema: ConsultationRecord },
  { kind: "event", path: "events", name: "ActivityEvent", ja: "研修・イベント", schema: ActivityEvent },
  { kind: "meeting", path: "meetings", name: "Meeting", ja: "会議", schema: Meeting },
  { kind: "issue", path: "issues", name: "ProgramIssue", ja: "課題", schema: ProgramIssue },
  { kind: "countermeasure", path: "countermeasures", name: "Countermeasure", ja: "対応策", schema: Countermeasure },
] as const as ReadonlyArray<KindSpec>

const documentOf = (spec: KindSpec) => z.object(spec.schema.shape).extend(versionFields).openapi(spec.name)

const bodyOf = (spec: KindSpec) =>
  z.object(spec.schema.shape).omit({ id: true, tenantId: true }).strict().openapi(`New${spec.name}`)

/** Registration as documented in OpenAPI: core's {@link EventRegistration}. @since 0.1.0 @category models */
export const RegistrationDocument = z.object(EventRegistration.shape).openapi("EventRegistration")

/** Body of `POST …/registrations`: the applicant and, if any, the 研修申込書 response. @since 0.1.0 @category models */
export const NewRegistrationBody = z
  .object({
    applicant: z.object(EventApplicant.shape).strict(),
    formResponseId: z.string().min(1).max(100).optional(),
  })
  .strict()
  .openapi("NewRegistration")

const RegistrationResultDocument = z
  .object({
    outcome: z.enum(["created", "updated", "unchanged"]),
    registration: RegistrationDocument,
    promoted: z.array(RegistrationDocument),
  })
  .openapi("RegistrationResult")

/** What a public applicant is told. @since 0.1.0 @category models */
export const PublicRegistrationDocument = z
  .object({
    id: z.string(),
    eventId: z.string(),
    status: RegistrationStatus,
    outcome: z.enum(["created", "updated", "unchanged"]),
    waitListPosition: z.number().int().min(1).nullable(),
  })
  .openapi("PublicRegistration")

const Counts = z.record(z.string(), z.object({ confirmed: z.number().int(), attended: z.number().int() }))
const SummaryDocument = z
  .object({
    eventId: z.string(),
    capacity: z.number().int().nullable(),
    received: z.number().int(),
    confirmed: z.number().int(),
    waitListed: z.number().int(),
    cancelled: z.number().int(),
    seatsLeft: z.number().int().nullable(),
    attended: z.number().int(),
    byProfession: Counts,
    byOrganization: Counts,
    byOrganizationCategory: Counts,
  })
  .openapi("RegistrationSummary")

const FeedbackSummaryDocument = z
  .object({
    responses: z.number().int(),
    satisfactionCounts: z.array(z.number().int()),
    meanSatisfaction: z.number().nullable(),
    meanUsefulness: z.number().nullable(),
  })
  .openapi("FeedbackSummary")

// ---------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------

const IdParams = z.object({ id: z.uuid() })
const RegistrationParams = z.object({ id: z.uuid(), registrationId: z.uuid() })

/** Query of the record listings. @since 0.1.0 @category models */
export const ActivityListParams = queryParams({
  from: IsoDate.optional().openapi({ description: "Counting date from (inclusive, Japan dates); with to" }),
  to: IsoDate.optional().openapi({ description: "Counting date to (inclusive); with from" }),
  area: z
    .string()
    .min(3)
    .max(64)
    .optional()
    .openapi({ description: "The record's area as kind:code, e.g. municipality:144011" }),
  kind: listParam(z.string().min(1).max(64), 50, "Event kinds, meeting kinds or consultation channels"),
  status: listParam(z.string().min(1).max(64), 20, "Statuses (for consultations: outcomes)"),
  scene: CareScene.optional(),
  topic: ConsultationTopic.optional().openapi({ description: "Consultations with this topic" }),
  requesterCategory: RequesterCategory.optional().openapi({ description: "Consultations from this category" }),
  linkedTo: z.uuid().optional().openapi({
    description: "Records naming this id: the issues of a meeting, the countermeasures of an issue or a PDCA goal",
  }),
  order: z
    .enum(["created", "date"])
    .optional()
    .openapi({
      description:
        "created (default): newest entered first; date: by the record's own date (受付日, 開催日…), newest first, " +
        "records without one last",
    }),
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

const RegistrationListParams = queryParams({
  status: listParam(RegistrationStatus, 4, "Statuses"),
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: "Page size, 1–500 (default 100)" }),
  cursor: z.string().min(1).max(2000).optional(),
})

const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: "Makes the request safe to retry (1–255 characters, per tenant)" }),
})
const ifMatchHeader = z.object({
  "if-match": z.string().optional().openapi({ description: 'Required: the ETag last received, e.g. W/"3"' }),
})

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

const inBody =
  (...subjects: ReadonlyArray<string>) =>
  <E>(error: E): E | ValidationError =>
    error instanceof ValidationError && subjects.includes(error.subject)
      ? new ValidationError({ subject: "request body", issues: error.issues })
      : error

const inQuery = <E>(error: E): E | ValidationError =>
  error instanceof ValidationError && error.subject === "query"
    ? new ValidationError({ subject: "query parameters", issues: error.issues })
    : error

const stale =
  (kind: ActivityKind, id: string) =>
  <E>(error: E): E | PreconditionFailed =>
    error instanceof Conflict && error.reason === "version_mismatch" && error.entity === activityEntity[kind]
      ? new PreconditionFailed({ entity: activityEntity[kind], id })
      : error

/**
 * The version an `If-Match` header names (428 without one; a list of tags matches the current version).
 *
 * @since 0.1.0
 * @category handlers
 */
export const expectedActivityVersion = (kind: ActivityKind, id: string, header: string | undefined) =>
  expectedVersionOf(
    header,
    Effect.map(
      Effect.flatMap(Effect.service(ActivityStore), (store) => store.get(kind, id)),
      (record) => record.version,
    ),
    () => new PreconditionFailed({ entity: activityEntity[kind], id }),
  )

const listQuery = (params: z.infer<typeof ActivityListParams>) => ({
  ...(params.from === undefined || params.to === undefined ? {} : { period: { start: params.from, end: params.to } }),
  ...(params.area === undefined ? {} : { area: params.area }),
  ...(params.kind === undefined ? {} : { subkind: params.kind }),
  ...(params.status === undefined ? {} : { status: params.status }),
  ...(params.scene === undefined ? {} : { scene: params.scene }),
  ...(params.topic === undefined ? {} : { topic: params.topic }),
  ...(params.requesterCategory === undefined ? {} : { requesterCategory: params.requesterCategory }),
  ...(params.linkedTo === undefined ? {} : { linkedTo: params.linkedTo }),
  ...(params.order === undefined ? {} : { order: params.order }),
  ...(params.limit === undefined ? {} : { limit: params.limit }),
  ...(params.cursor === undefined ? {} : { cursor: params.cursor }),
})

/**
 * Applies through the public link: the tenant by its code, the event only when it is marked public (404 otherwise,
 * the same as an unknown tenant or event).
 *
 * @since 0.1.0
 * @category handlers
 */
export const registerPublicly = (tenantCode: string, eventId: string, body: z.infer<typeof NewRegistrationBody>) =>
  Effect.gen(function* () {
    const tenant = yield* (yield* TenantStore).findByCode(tenantCode)
    if (Option.isNone(tenant)) return yield* new NotFound({ entity: "activity_event", id: eventId })
    return yield* (yield* ActivityStore)
      .registerPublic(eventId, body)
      .pipe(Effect.mapError(inBody("registration")), Effect.provideService(Actor, publicApplicant(tenant.value.id)))
  })

/**
 * Body of `POST …/applications`: the answers of the event's 研修申込書 (its `registration.formTemplateId`, by default
 * the national `training-application`), as an office fills it in for one or more of its staff; on the private route,
 * optionally the stored response they came from.
 *
 * @since 0.1.0
 * @category models
 */
export const NewApplicationBody = z
  .object({
    answers: z.record(z.string(), z.unknown()),
    formResponseId: z.string().min(1).max(100).optional(),
  })
  .strict()
  .openapi("NewApplication")

/** Body of the public `POST …/applications`: the answers only. @since 0.1.0 @category models */
export const NewPublicApplicationBody = NewApplicationBody.omit({ formResponseId: true }).openapi(
  "NewPublicApplication",
)

const RefusalDocument = z.object({
  reason: z.string(),
  description: z.object({ ja: z.string(), en: z.string() }),
})

/**
 * What one application form did, applicant by applicant in the order written: each row's registration (or, on the
 * public route, its public answer), or why it was refused (full without a wait-list…).
 *
 * @since 0.1.0
 * @category models
 */
const applicationResultDocument = <A extends z.ZodType>(registration: A, name: string) =>
  z
    .object({
      template: z.object({ id: z.string(), version: z.string() }),
      applicants: z.array(
        z.object({
          index: z.number().int().min(0),
          /** The applicant's name, on the organiser's route only. */
          name: z.string().optional(),
          registration: registration.optional(),
          refused: RefusalDocument.optional(),
        }),
      ),
    })
    .openapi(name)

const ApplicationResultDocument = applicationResultDocument(RegistrationResultDocument, "ApplicationResult")
const PublicApplicationResultDocument = applicationResultDocument(PublicRegistrationDocument, "PublicApplicationResult")

/**
 * The public link's application with a form: core's `applyWithApplicationForm` as the tenant's public applicant, for an event
 * marked public. The answer gives each row's status and place on the wait-list by its index, and no names.
 *
 * @since 0.1.0
 * @category routes
 */
export const applyPublicly = (tenantCode: string, eventId: string, answers: unknown) =>
  Effect.gen(function* () {
    const tenant = yield* (yield* TenantStore).findByCode(tenantCode)
    if (Option.isNone(tenant)) return yield* new NotFound({ entity: "activity_event", id: eventId })
    const store = yield* ActivityStore
    const result = yield* applyWithApplicationForm(eventId, answers, (input) => store.registerPublic(eventId, input), {
      publicOnly: true,
    }).pipe(
      Effect.mapError(inBody("application form", "registration")),
      Effect.provideService(Actor, publicApplicant(tenant.value.id)),
    )
    // the public answer names no one, as for a single registration: each row by its place on the sheet
    return { ...result, applicants: result.applicants.map(({ name: _name, ...row }) => row) }
  })

/**
 * 公開される研修・イベント (a public event): what the public link's page shows — the event's title, theme, kind,
 * organisers, time, venue, target professions, description, status, and the application settings with the seats
 * left. Nothing about applicants.
 *
 * @since 0.1.0
 * @category models
 */
export const PublicEventDocument = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    theme: z.string().optional(),
    organizer: z.object({ name: z.string() }),
    coOrganizers: z.array(z.object({ name: z.string() })),
    startsAt: z.string(),
    endsAt: z.string(),
    venue: z.object({ mode: z.string() }).loose(),
    targetProfessions: z.array(z.string()),
    description: z.string().optional(),
    status: z.string(),
    registration: z.object({
      capacity: z.number().int().nullable(),
      deadline: z.string().nullable(),
      waitList: z.boolean(),
      seatsLeft: z.number().int().nullable(),
      waitListed: z.number().int(),
    }),
  })
  .openapi("PublicEvent")

/**
 * Reads a public event for its application page: 404 unless the tenant exists and the event's registration is
 * marked public.
 *
 * @since 0.1.0
 * @category handlers
 */
export const publicEvent = (tenantCode: string, eventId: string) =>
  Effect.gen(function* () {
    const tenant = yield* (yield* TenantStore).findByCode(tenantCode)
    const missing = new NotFound({ entity: "activity_event", id: eventId })
    if (Option.isNone(tenant)) return yield* missing
    const store = yield* ActivityStore
    return yield* Effect.gen(function* () {
      const event = yield* store.get("event", eventId).pipe(Effect.catchTag("NotFound", () => Effect.fail(missing)))
      const settings = event.registration
      if (settings?.public !== true) return yield* missing
      const summary = yield* store.registrationSummary(eventId)
      return {
        id: event.id,
        kind: event.kind,
        title: event.title,
        ...(event.theme === undefined ? {} : { theme: event.theme }),
        organizer: { name: event.organizer.name },
        coOrganizers: event.coOrganizers.map((o) => ({ name: o.name })),
        startsAt: event.startsAt,
        endsAt: event.endsAt,
        venue: event.venue,
        targetProfessions: event.targetProfessions,
        ...(event.description === undefined ? {} : { description: event.description }),
        status: event.status,
        registration: {
          capacity: settings.capacity ?? null,
          deadline: settings.deadline ?? null,
          waitList: settings.waitList,
          seatsLeft: summary.seatsLeft,
          waitListed: summary.waitListed,
        },
      }
    }).pipe(Effect.provideService(Actor, publicApplicant(tenant.value.id)))
  })

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const problem = (description: string) => ({ description, content: { [problemContentType]: { schema: Problem } } })
const etagHeader = {
  ETag: { description: 'The version as a weak entity tag, e.g. W/"3"', schema: { type: "string" as const } },
}
const preconditionResponses = {
  412: problem("If-Match does not name the current version: the record changed since it was read"),
  428: problem("If-Match is missing"),
}
const registrationRefusals = {
  409: problem("The registration's state does not allow the change (e.g. attendance of a wait-listed applicant)"),
  422: problem(
    "The application is refused and nothing is stored: after the deadline or once the event started " +
      "(registration-closed), full without a wait-list, event cancelled or held, no applications (registration-rejected)",
  ),
}
const privateHeaders = { "Cache-Control": "private, no-store" }

const registerKind = (app: App, deps: RouteDeps, spec: KindSpec): void => {
  const { runtime } = deps
  const { kind, path } = spec
  const permissions = activityPermissions[kind]
  const read = requireAuth(runtime, permissions.read)
  const write = requireAuth(runtime, permissions.write)
  const Document = documentOf(spec)
  const Body = bodyOf(spec)
  const Page = z.object({ items: z.array(Document), nextCursor: z.string().nullable() }).openapi(`${spec.name}Page`)
  const tags = ["activities"]
  const withTag = (record: { readonly version: number }) => ({ ETag: entityTagOf(record.version), ...privateHeaders })
  const one = (description: string) => ({
    description,
    headers: etagHeader,
    content: { "application/json": { schema: Document } },
  })

  const createRouteDef = createRoute({
    method: "post",
    path: `/v1/${path}`,
    tags,
    summary: `Create a ${spec.ja} (${permissions.write})`,
    security: bearerSecurity,
    request: {
      headers: idempotencyHeader,
      body: { required: true, content: { "application/json": { schema: Body } } },
    },
    responses: {
      201: {
        description: "Created (or the record first created with this Idempotency-Key)",
        headers: { ...etagHeader, Location: { description: `/v1/${path}/{id}`, schema: { type: "string" } } },
        content: { "application/json": { schema: Document } },
      },
      ...problemResponses(400, 401, 403, 409, 413, 415, 503),
    },
  })
  const listRouteDef = createRoute({
    method: "get",
    path: `/v1/${path}`,
    tags,
    summary: `${spec.ja}, newest first: entered, or by date with order=date (${permissions.read})`,
    security: bearerSecurity,
    request: { query: ActivityListParams },
    responses: {
      200: { description: "A page", content: { "application/json": { schema: Page } } },
      ...problemResponses(400, 401, 403, 503),
    },
  })
  const getRouteDef = createRoute({
    method: "get",
    path: `/v1/${path}/{id}`,
    tags,
    summary: `One ${spec.ja}, with its ETag (${permissions.read})`,
    security: bearerSecurity,
    request: {
      params: IdParams,
      headers: z.object({ "if-none-match": z.string().optional() }),
    },
    responses: {
      200: one("The record"),
      304: { description: "Not modified", headers: etagHeader },
      ...problemResponses(400, 401, 403, 404, 503),
    },
  })
  const putRouteDef = createRoute({
    method: "put",
    path: `/v1/${path}/{id}`,
    tags,
    summary: `Replace a ${spec.ja} (${permissions.write}; If-Match required)`,
    security: bearerSecurity,
    request: {
      params: IdParams,
      headers: ifMatchHeader,
      body: { required: true, content: { "application/json": { schema: Body } } },
    },
    responses: {
      200: one("The record"),
      ...problemResponses(400, 401, 403, 404, 413, 415, 503),
      ...preconditionResponses,
      ...(kind === "event" ? registrationRefusals : {}),
    },
  })
  const deleteRouteDef = createRoute({
    method: "delete",
    path: `/v1/${path}/{id}`,
    tags,
    summary: `Remove a ${spec.ja} (${permissions.write}; If-Match required)`,
    security: bearerSecurity,
    request: { params: IdParams, headers: ifMatchHeader },
    responses: {
      204: { description: "Removed" },
      ...problemResponses(400, 401, 403, 404, 409, 503),
      ...preconditionResponses,
    },
  })

  app.openapi({ ...createRouteDef, middleware: write }, async (c) => {
    const key = c.req.valid("header")["idempotency-key"]
    const created = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(ActivityStore), (store) =>
        store
          .create(kind, c.req.valid("json") as never, key === undefined ? {} : { idempotencyKey: key })
          .pipe(Effect.mapError(inBody(activityEntity[kind], "options"))),
      ),
    )
    return c.json(created as never, 201, { ...withTag(created), Location: `/v1/${path}/${created.id}` })
  })
  app.openapi({ ...listRouteDef, middleware: read }, async (c) =>
    c.json(
      (await runAsPrincipal(
        c,
        runtime,
        Effect.flatMap(Effect.service(ActivityStore), (store) =>
          store.list(kind, listQuery(c.req.valid("query"))).pipe(Effect.mapError(inQuery)),
        ),
      )) as never,
      200,
      privateHeaders,
    ),
  )
  app.openapi({ ...getRouteDef, middleware: read }, async (c) => {
    const found = await runAsPrincipal(
      c,
      runtime,
      Effect.flatMap(Effect.service(ActivityStore), (store) => store.get(kind, c.req.valid("param").id)),
    )
    if (noneMatchHits(c.req.valid("header")["if-none-match"], found.version)) return c.body(null, 304, withTag(found))
    return c.json(found as never, 200, withTag(found))
  })
  app.openapi({ ...putRouteDef, middleware: write }, async (c) => {
    const { id } = c.req.valid("param")
    const body = c.req.valid("json")
    const updated = await runAsPrincipal(
      c,
      runtime,
      Effect.gen(function* () {
        yield* requirePermission(permissions.write)
        const expectedVersion = yield* expectedActivityVersion(kind, id, c.req.valid("header")["if-match"])
        return yield* (yield* ActivityStore)
          .update(kind, id, body as never, { expectedVersion })
          .pipe(Effect.mapError(inBody(activityEntity[kind])), Effect.mapError(stale(kind, id)))
      }),
    )
    return c.json(updated as never, 200, withTag(updated))
  })
  app.openapi({ ...deleteRouteDef, middleware: write }, async (c) => {
    const { id } = c.req.valid("param")
    await runAsPrincipal(
      c,
      runtime,
      Effect.gen(function* () {
        yield* requirePermission(permissions.write)
        const expectedVersion = yield* expectedActivityVersion(kind, id, c.req.valid("header")["if-match"])
        return yield* (yield* ActivityStore)
          .remove(kind, id, { expectedVersion })
          .pipe(Effect.mapError(stale(kind, id)))
      }),
    )
    return c.body(null, 204)
  })
}

const registrationRoutes = {
  register: createRoute({
    method: "post",
    path: "/v1/events/{id}/registrations",
    tags: ["activities"],
    summary: "Apply for an event on an applicant's behalf (registrations:manage)",
    description:
      "Confirmed while seats are free (automatic confirmation), else wait-listed; received when the organiser " +
      "confirms by hand. The same applicant again answers 200 with the live registration.",
    security: bearerSecurity,
    request: {
      params: IdParams,
      body: { required: true, content: { "application/json": { schema: NewRegistrationBody } } },
    },
    responses: {
      201: { description: "Registered", content: { "application/json": { schema: RegistrationResultDocument } } },
      200: {
        description: "Already registered (the live registration)",
        content: { "application/json": { schema: RegistrationResultDocument } },
      },
      ...problemResponses(400, 401, 403, 404, 413, 415, 503),
      ...registrationRefusals,
    },
  }),
  list: createRoute({
    method: "get",
    path: "/v1/events/{id}/registrations",
    tags: ["activities"],
    summary: "An event's registrations in order of arrival (registrations:manage; personal data, audited)",
    security: bearerSecurity,
    request: { params: IdParams, query: RegistrationListParams },
    responses: {
      200: {
        description: "A page of registrations",
        content: {
          "application/json": {
            schema: z
              .object({ items: z.array(RegistrationDocument), nextCursor: z.string().nullable() })
              .openapi("RegistrationPage"),
          },
        },
      },
      ...problemResponses(400, 401, 403, 404, 503),
    },
  }),
  get: createRoute({
    method: "get",
    path: "/v1/events/{id}/registrations/{registrationId}",
    tags: ["activities"],
    summary: "One registration (registrations:manage; audited)",
    security: bearerSecurity,
    request: { params: RegistrationParams },
    responses: {
      200: { description: "The registration", content: { "application/json": { schema: RegistrationDocument } } },
      ...problemResponses(400, 401, 403, 404, 503),
    },
  }),
  confirm: createRoute({
    method: "post",
    path: "/v1/events/{id}/registrations/{registrationId}/confirm",
    tags: ["activities"],
    summary: "Confirm a received registration (registrations:manage)",
    security: bearerSecurity,
    request: { params: RegistrationParams },
    responses: {
      200: { description: "The result", content: { "application/json": { schema: RegistrationResultDocument } } },
      ...problemResponses(400, 401, 403, 404, 503),
      ...registrationRefusals,
    },
  }),
  cancel: createRoute({
    method: "post",
    path: "/v1/events/{id}/registrations/{registrationId}/cancel",
    tags: ["activities"],
    summary: "Cancel a registration; the first wait-listed applicant is promoted (registrations:manage)",
    security: bearerSecurity,
    request: {
      params: RegistrationParams,
      query: queryParams({
        by: z
          .enum(["applicant", "organizer"])
          .optional()
          .openapi({ description: "Who cancels: the applicant (default) or the organiser" }),
      }),
    },
    responses: {
      200: {
        description: "The cancelled registration and those promoted",
        content: { "application/json": { schema: RegistrationResultDocument } },
      },
      ...problemResponses(400, 401, 403, 404, 503),
      ...registrationRefusals,
    },
  }),
  attendance: createRoute({
    method: "post",
    path: "/v1/events/{id}/registrations/{registrationId}/attendance",
    tags: ["activities"],
    summary: "Record whether a confirmed applicant attended (registrations:manage)",
    security: bearerSecurity,
    request: {
      params: RegistrationParams,
      body: {
        required: true,
        content: { "application/json": { schema: z.object({ attended: z.boolean() }).strict() } },
      },
    },
    responses: {
      200: { description: "The result", content: { "application/json": { schema: RegistrationResultDocument } } },
      ...problemResponses(400, 401, 403, 404, 413, 415, 503),
      ...registrationRefusals,
    },
  }),
  summary: createRoute({
    method: "get",
    path: "/v1/events/{id}/registration-summary",
    tags: ["activities"],
    summary: "Registrations by status, and confirmed and attended by profession and organisation (activities:read)",
    security: bearerSecurity,
    request: { params: IdParams },
    responses: {
      200: { description: "The counts", content: { "application/json": { schema: SummaryDocument } } },
      ...problemResponses(400, 401, 403, 404, 503),
    },
  }),
  feedback: createRoute({
    method: "post",
    path: "/v1/events/{id}/feedback",
    tags: ["activities"],
    summary: "Store one answer of the event's feedback survey (activities:write)",
    security: bearerSecurity,
    request: {
      params: IdParams,
      body: { required: true, content: { "application/json": { schema: z.object(NewFeedback.shape).strict() } } },
    },
    responses: {
      201: {
        description: "Stored",
        content: { "application/json": { schema: z.object(EventFeedback.shape).openapi("EventFeedback") } },
      },
      ...problemResponses(400, 401, 403, 404, 413, 415, 503),
    },
  }),
  feedbackSummary: createRoute({
    method: "get",
    path: "/v1/events/{id}/feedback-summary",
    tags: ["activities"],
    summary: "The event's feedback summary (activities:read)",
    security: bearerSecurity,
    request: { params: IdParams },
    responses: {
      200: { description: "The summary", content: { "application/json": { schema: FeedbackSummaryDocument } } },
      ...problemResponses(400, 401, 403, 404, 503),
    },
  }),
  publicEvent: createRoute({
    method: "get",
    path: "/public/v1/{tenantCode}/events/{id}",
    tags: ["public"],
    summary: "A public event and its seats left, for its application page (no key)",
    request: { params: z.object({ tenantCode: z.string().min(1).max(100), id: z.string().min(1).max(100) }) },
    responses: {
      200: { description: "The event", content: { "application/json": { schema: PublicEventDocument } } },
      ...problemResponses(400, 404, 503),
    },
  }),
  apply: createRoute({
    method: "post",
    path: "/v1/events/{id}/applications",
    tags: ["activities"],
    summary: "Apply with the event's 研修申込書 for every applicant written on it (registrations:manage)",
    description:
      "The answers are validated against the event's application form (every problem at its path, nothing " +
      "registered when there is one); then each applicant row is registered in order, as `POST …/registrations` " +
      "would. A row refused on its own is reported with its reason; when every row is refused the answer is the refusal.",
    security: bearerSecurity,
    request: {
      params: IdParams,
      body: { required: true, content: { "application/json": { schema: NewApplicationBody } } },
    },
    responses: {
      201: {
        description: "At least one applicant registered",
        content: { "application/json": { schema: ApplicationResultDocument } },
      },
      200: {
        description: "Every applicant already registered (the live registrations)",
        content: { "application/json": { schema: ApplicationResultDocument } },
      },
      ...problemResponses(400, 401, 403, 404, 413, 415, 503),
      ...registrationRefusals,
    },
  }),
  publicApply: createRoute({
    method: "post",
    path: "/public/v1/{tenantCode}/events/{id}/applications",
    tags: ["public"],
    summary: "Apply with the event's 研修申込書 through its public link (no key)",
    description:
      "For events whose registration is marked public; any other event, or an unknown tenant, is 404. Each applicant " +
      "row gets its status and place on the wait-list, and nothing else.",
    request: {
      params: z.object({ tenantCode: z.string().min(1).max(100), id: z.string().min(1).max(100) }),
      body: { required: true, content: { "application/json": { schema: NewPublicApplicationBody } } },
    },
    responses: {
      201: {
        description: "At least one applicant registered",
        content: { "application/json": { schema: PublicApplicationResultDocument } },
      },
      200: {
        description: "Every applicant already registered",
        content: { "application/json": { schema: PublicApplicationResultDocument } },
      },
      ...problemResponses(400, 404, 413, 415, 503),
      ...registrationRefusals,
    },
  }),
  public: createRoute({
    method: "post",
    path: "/public/v1/{tenantCode}/events/{id}/registrations",
    tags: ["public"],
    summary: "Apply for an event through its public link (no key)",
    description:
      "Only for events whose registration is marked public; any other event, or an unknown tenant, is 404. The " +
      "answer tells the applicant's status and place on the wait-list, and nothing else.",
    request: {
      params: z.object({ tenantCode: z.string().min(1).max(100), id: z.string().min(1).max(100) }),
      body: { required: true, content: { "application/json": { schema: NewRegistrationBody } } },
    },
    responses: {
      201: { description: "Registered", content: { "application/json": { schema: PublicRegistrationDocument } } },
      200: {
        description: "Already registered",
        content: { "application/json": { schema: PublicRegistrationDocument } },
      },
      ...problemResponses(400, 404, 413, 415, 503),
      ...registrationRefusals,
    },
  }),
}

/**
 * Registers the activity routes: `/v1/consultations`, `/v1/events`, `/v1/meetings`, `/v1/issues`,
 * `/v1/countermeasures` (each `POST`, `GET`, `GET|PUT|DELETE /{id}`), the registrations, attendance and feedback of
 * events, and `POST /public/v1/{tenantCode}/events/{id}/registrations`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerActivities = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  for (const spec of kinds) registerKind(app, deps, spec)
  const manage = requireAuth(runtime, "registrations:manage")
  const readActivities = requireAuth(runtime, "activities:read")
  const writeActivities = requireAuth(runtime, "activities:write")
  const store = Effect.service(ActivityStore)
  const run = <A, E>(c: Parameters<typeof runAsPrincipal>[0], effect: Effect.Effect<A, E, ActivityStore | Actor>) =>
    runAsPrincipal(c, runtime, effect)

  app.openapi({ ...registrationRoutes.register, middleware: manage }, async (c) => {
    const { id } = c.req.valid("param")
    const body = c.req.valid("json")
    const result = await run(
      c,
      Effect.flatMap(store, (s) => s.register(id, body).pipe(Effect.mapError(inBody("registration")))),
    )
    return c.json(result as never, result.outcome === "created" ? 201 : 200, privateHeaders)
  })
  app.openapi({ ...registrationRoutes.list, middleware: manage }, async (c) => {
    const { id } = c.req.valid("param")
    const query = c.req.valid("query")
    const page = await run(
      c,
      Effect.flatMap(store, (s) =>
        s
          .registrations(id, {
            ...(query.status === undefined ? {} : { status: query.status }),
            ...(query.limit === undefined ? {} : { limit: query.limit }),
            ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
          })
          .pipe(Effect.mapError(inQuery)),
      ),
    )
    return c.json(page as never, 200, privateHeaders)
  })
  app.openapi({ ...registrationRoutes.get, middleware: manage }, async (c) => {
    const { id, registrationId } = c.req.valid("param")
    return c.json(
      (await run(
        c,
        Effect.flatMap(store, (s) => s.registration(id, registrationId)),
      )) as never,
      200,
      privateHeaders,
    )
  })
  app.openapi({ ...registrationRoutes.confirm, middleware: manage }, async (c) => {
    const { id, registrationId } = c.req.valid("param")
    return c.json(
      (await run(
        c,
        Effect.flatMap(store, (s) => s.confirmRegistration(id, registrationId)),
      )) as never,
      200,
      privateHeaders,
    )
  })
  app.openapi({ ...registrationRoutes.cancel, middleware: manage }, async (c) => {
    const { id, registrationId } = c.req.valid("param")
    const by = c.req.valid("query").by ?? "applicant"
    return c.json(
      (await run(
        c,
        Effect.flatMap(store, (s) => s.cancelRegistration(id, registrationId, by)),
      )) as never,
      200,
      privateHeaders,
    )
  })
  app.openapi({ ...registrationRoutes.attendance, middleware: manage }, async (c) => {
    const { id, registrationId } = c.req.valid("param")
    const { attended } = c.req.valid("json")
    return c.json(
      (await run(
        c,
        Effect.flatMap(store, (s) => s.recordAttendance(id, registrationId, attended)),
      )) as never,
      200,
      privateHeaders,
    )
  })
  app.openapi({ ...registrationRoutes.summary, middleware: readActivities }, async (c) =>
    c.json(
      (await run(
        c,
        Effect.flatMap(store, (s) => s.registrationSummary(c.req.valid("param").id)),
      )) as never,
      200,
      privateHeaders,
    ),
  )
  app.openapi({ ...registrationRoutes.feedback, middleware: writeActivities }, async (c) => {
    const body = c.req.valid("json")
    return c.json(
      (await run(
        c,
        Effect.flatMap(store, (s) =>
          s.submitFeedback(c.req.valid("param").id, body).pipe(Effect.mapError(inBody("feedback"))),
        ),
      )) as never,
      201,
      privateHeaders,
    )
  })
  app.openapi({ ...registrationRoutes.feedbackSummary, middleware: readActivities }, async (c) =>
    c.json(
      (await run(
        c,
        Effect.flatMap(store, (s) => s.feedbackSummary(c.req.valid("param").id)),
      )) as never,
      200,
      privateHeaders,
    ),
  )
  app.openapi({ ...registrationRoutes.apply, middleware: manage }, async (c) => {
    const { id } = c.req.valid("param")
    const { answers, formResponseId } = c.req.valid("json")
    const result = await run(
      c,
      Effect.flatMap(store, (s) =>
        applyWithApplicationForm(id, answers, ({ applicant }) =>
          s.register(id, { applicant, ...(formResponseId === undefined ? {} : { formResponseId }) }),
        ).pipe(Effect.mapError(inBody("application form", "registration"))),
      ),
    )
    const created = result.applicants.some((a) => a.registration?.outcome === "created")
    return c.json(result as never, created ? 201 : 200, privateHeaders)
  })
  app.openapi(registrationRoutes.publicApply, async (c) => {
    const { tenantCode, id } = c.req.valid("param")
    const { answers } = c.req.valid("json")
    const result = await runEffect(runtime, applyPublicly(tenantCode, id, answers))
    const created = result.applicants.some((a) => a.registration?.outcome === "created")
    return c.json(result as never, created ? 201 : 200, { "Cache-Control": "no-store" })
  })
  app.openapi(registrationRoutes.publicEvent, async (c) => {
    const { tenantCode, id } = c.req.valid("param")
    return c.json((await runEffect(runtime, publicEvent(tenantCode, id))) as never, 200, {
      "Cache-Control": "public, max-age=60",
    })
  })
  app.openapi(registrationRoutes.public, async (c) => {
    const { tenantCode, id } = c.req.valid("param")
    const result = await runEffect(runtime, registerPublicly(tenantCode, id, c.req.valid("json")))
    return c.json(result as never, result.outcome === "created" ? 201 : 200, { "Cache-Control": "no-store" })
  })
}
