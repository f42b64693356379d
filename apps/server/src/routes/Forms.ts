/**
 * 様式 (form definitions) over HTTP: the national standard sheets (read-only) and the tenant's own definitions and
 * regional variants (`forms:manage` to store them), and `POST …/validate`, which checks a response against a
 * definition and returns every problem without storing anything.
 *
 * - A tenant form's `ETag` is its revision (`W/"2"`); `PUT` and `DELETE` need `If-Match` with exactly one ETag
 *   (428 without, 412 when it changed since). National templates carry no ETag: they never change.
 * - A definition in use (`active`, `retired`) changes only its status; only drafts are deleted (409 otherwise).
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  Conflict,
  EffectivePeriod,
  type FormDefinitionEntry,
  FormDefinitionSummary,
  FormOrigin,
  FormResponseStatus,
  FormStatus,
  FormStore,
  FormTemplateId,
  FormTemplateRef,
  FormVersion,
  IsoDate,
  LocalizedText,
  requirePermission,
  type TenantFormDefinition,
} from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import {
  entityTagOf,
  ifMatchError,
  PreconditionFailed,
  PreconditionRequired,
  parseEntityTags,
  versionsOf,
} from "../Preconditions.js"
import { Problem, problemContentType } from "../Problem.js"
import { bearerSecurity, listParam, problemResponses, queryParams } from "./Common.js"
import { locate } from "./Resources.js"

// ---------------------------------------------------------------------------------------------------------------
// Shared by the form routes
// ---------------------------------------------------------------------------------------------------------------

/**
 * The `If-Match` header of form writes: required, exactly one entity tag.
 *
 * @since 0.1.0
 * @category parameters
 */
export const formIfMatchHeader = z.object({
  "if-match": z.string().optional().openapi({ description: 'Required: the ETag last received, e.g. W/"3"' }),
})

/**
 * The `Idempotency-Key` header of creates and sends.
 *
 * @since 0.1.0
 * @category parameters
 */
export const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .optional()
    .openapi({ description: "Makes the request safe to retry (1–255 characters, per tenant)" }),
})

/**
 * The version an `If-Match` header names: 428 when it is missing; 400 when it is malformed, `*`, or names more than
 * one version (a form write is based on exactly one).
 *
 * @since 0.1.0
 * @category preconditions
 */
export const ifMatchVersion = (header: string | undefined) =>
  Effect.gen(function* () {
    if (header === undefined || header.trim() === "") return yield* new PreconditionRequired({ header: "If-Match" })
    const tags = parseEntityTags(header)
    if (tags === undefined || tags === "*") {
      return yield* ifMatchError(
        "invalid_entity_tag",
        'If-Match には受け取った ETag（例: W/"3"）を1つだけ、そのまま送ってください',
        'Send the one ETag you received in If-Match, e.g. W/"3"',
      )
    }
    const versions = versionsOf(tags)
    const [only] = versions
    if (versions.length !== 1 || only === undefined) {
      return yield* ifMatchError(
        "one_entity_tag",
        "If-Match には変更の元にした版の ETag を1つだけ送ってください",
        "Send exactly one ETag in If-Match: the version the change is based on",
      )
    }
    return only
  })

/**
 * A store's `version_mismatch` on an `If-Match` write, as the 412 it is in HTTP.
 *
 * @since 0.1.0
 * @category errors
 */
export const staleAs =
  (entity: string, id: string) =>
  <E>(error: E): E | PreconditionFailed =>
    error instanceof Conflict && error.reason === "version_mismatch" && error.entity === entity
      ? new PreconditionFailed({ entity, id })
      : error

/**
 * Responses of `If-Match` writes: 412 and 428.
 *
 * @since 0.1.0
 * @category openapi
 */
export const preconditionResponses = {
  412: {
    description: "If-Match does not name the current version: it changed since it was read",
    content: { [problemContentType]: { schema: Problem } },
  },
  428: { description: "If-Match is missing", content: { [problemContentType]: { schema: Problem } } },
}

/**
 * The `ETag` header of a versioned document.
 *
 * @since 0.1.0
 * @category openapi
 */
export const etagHeader = {
  ETag: { description: 'The version as a weak entity tag, e.g. W/"3"', schema: { type: "string" as const } },
}

// ---------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------

const DefinitionJson = z
  .record(z.string(), z.unknown())
  .openapi({ description: "A form definition (core's FormDefinition: items with linkIds, types, conditions …)" })

/**
 * 様式の概要 (definition summary), as listed.
 *
 * @since 0.1.0
 * @category models
 */
export const FormDefinitionSummaryDocument = z
  .object({
    ...FormDefinitionSummary.shape,
    title: LocalizedText,
    effectivePeriod: EffectivePeriod.optional(),
    derivedFrom: FormTemplateRef.optional(),
  })
  .openapi("FormDefinitionSummary")

const PageDocument = z
  .object({ items: z.array(FormDefinitionSummaryDocument), nextCursor: z.string().nullable() })
  .openapi("FormDefinitionPage")

/**
 * 様式 (a definition) as read: its origin, the resolved definition, and for a tenant form the source as stored and
 * its revision.
 *
 * @since 0.1.0
 * @category models
 */
export const FormDefinitionDocument = z
  .object({
    origin: FormOrigin,
    definition: DefinitionJson,
    source: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "Tenant forms: what was stored ({ kind: definition | variant, … })" }),
    revision: z.int().min(1).optional(),
    updatedAt: z.string().optional(),
  })
  .openapi("FormDefinitionEntry")

/**
 * Body of storing a tenant form: `{ "kind": "definition", "definition": {…} }` or `{ "kind": "variant",
 * "variant": { id, version, status, base: { id, version }, changes: [...] } }`, checked by the store.
 *
 * @since 0.1.0
 * @category models
 */
export const TenantFormBody = z
  .object({ kind: z.enum(["definition", "variant"]) })
  .loose()
  .openapi("TenantFormSource", {
    description:
      "A whole definition (`definition`) or a regional variant (`variant`: the changes to a base: add, hide, relabel, constrain)",
  })

const ValidateBody = z
  .object({
    status: FormResponseStatus.optional().openapi({
      description: "`in-progress` checks as a draft (no required items); default `completed`",
    }),
    answers: z.record(z.string(), z.unknown()).openapi({ description: "The answers, keyed by linkId" }),
  })
  .strict()
  .openapi("ValidateFormResponse")

const IssueDocument = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  linkId: z.string().nullable(),
  code: z.string(),
  message: z.object({ ja: z.string(), en: z.string() }),
})

const ValidationDocument = z
  .object({
    valid: z.boolean(),
    issues: z.array(IssueDocument).openapi({ description: "Every problem, with its path and ja/en message" }),
    dropped: z.array(
      z.object({
        path: z.array(z.union([z.string(), z.number()])),
        linkId: z.string(),
        reason: z.enum(["disabled", "calculated"]),
      }),
    ),
    calculated: z.array(
      z.object({
        path: z.array(z.union([z.string(), z.number()])),
        linkId: z.string(),
        value: z.union([z.string(), z.number(), z.boolean()]),
        replaced: z.boolean(),
      }),
    ),
    answers: z.record(z.string(), z.unknown()).openapi({ description: "The answers as they would be kept" }),
  })
  .openapi("FormValidationResult")

const ListParams = queryParams({
  origin: FormOrigin.optional().openapi({ description: "`national` templates or the `tenant`'s own" }),
  status: listParam(FormStatus, 3, "Statuses"),
  templateId: FormTemplateId.optional().openapi({ description: "Only the versions of this template" }),
  usableOn: IsoDate.optional().openapi({ description: "Only those usable on this day (active, in their period)" }),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: "Page size, 1–200 (default 50)" }),
  cursor: z.string().min(1).max(2000).optional().openapi({ description: "`nextCursor` of the previous page" }),
})

const IdParams = z.object({ id: FormTemplateId })
const VersionParams = z.object({ id: FormTemplateId, version: FormVersion })

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const listRoute = createRoute({
  method: "get",
  path: "/v1/form-definitions",
  tags: ["forms"],
  summary: "National templates and the tenant's forms, by template id then newest version (forms:read)",
  security: bearerSecurity,
  request: { query: ListParams },
  responses: {
    200: { description: "A page of definitions", content: { "application/json": { schema: PageDocument } } },
    ...problemResponses(400, 401, 403, 503),
  },
})

const getRoute = createRoute({
  method: "get",
  path: "/v1/form-definitions/{id}",
  tags: ["forms"],
  summary: "The version of a form usable today (else its highest version) (forms:read)",
  security: bearerSecurity,
  request: { params: IdParams },
  responses: {
    200: {
      description: "The definition",
      headers: etagHeader,
      content: { "application/json": { schema: FormDefinitionDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const getVersionRoute = createRoute({
  method: "get",
  path: "/v1/form-definitions/{id}/versions/{version}",
  tags: ["forms"],
  summary: "One exact version of a form (forms:read)",
  security: bearerSecurity,
  request: { params: VersionParams },
  responses: {
    200: {
      description: "The definition (tenant forms: with the source and the revision as ETag)",
      headers: etagHeader,
      content: { "application/json": { schema: FormDefinitionDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const createRouteDef = createRoute({
  method: "post",
  path: "/v1/form-definitions",
  tags: ["forms"],
  summary: "Store a tenant definition or regional variant (forms:manage)",
  description:
    "The id may not be a national template's. A variant names its base (a national template or one of the tenant's " +
    "forms) by exact version and is resolved now; every problem is reported with its path in the body.",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: TenantFormBody } } } },
  responses: {
    201: {
      description: "Stored (revision 1)",
      headers: {
        ...etagHeader,
        Location: { description: "/v1/form-definitions/{id}/versions/{version}", schema: { type: "string" } },
      },
      content: { "application/json": { schema: FormDefinitionDocument } },
    },
    ...problemResponses(400, 401, 403, 409, 413, 415, 503),
  },
})

const putRoute = createRoute({
  method: "put",
  path: "/v1/form-definitions/{id}/versions/{version}",
  tags: ["forms"],
  summary: "Replace a tenant form: a draft freely, otherwise its status only (forms:manage; If-Match)",
  security: bearerSecurity,
  request: {
    params: VersionParams,
    headers: formIfMatchHeader,
    body: { required: true, content: { "application/json": { schema: TenantFormBody } } },
  },
  responses: {
    200: {
      description: "Stored",
      headers: etagHeader,
      content: { "application/json": { schema: FormDefinitionDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 503),
    ...preconditionResponses,
  },
})

const deleteRoute = createRoute({
  method: "delete",
  path: "/v1/form-definitions/{id}/versions/{version}",
  tags: ["forms"],
  summary: "Delete a draft tenant form that no variant derives from (forms:manage; If-Match)",
  security: bearerSecurity,
  request: { params: VersionParams, headers: formIfMatchHeader },
  responses: {
    204: { description: "Deleted" },
    ...problemResponses(400, 401, 403, 404, 409, 503),
    ...preconditionResponses,
  },
})

const validateRoute = createRoute({
  method: "post",
  path: "/v1/form-definitions/{id}/versions/{version}/validate",
  tags: ["forms"],
  summary: "Check answers against a definition and return every problem; nothing is stored (forms:read)",
  description:
    "Answers a 200 whatever the answers: `valid`, every problem (`issues`: path, code, ja/en message), the answers " +
    "that would be dropped (items not enabled) and the calculated values. Relative dates are checked against today in Japan.",
  security: bearerSecurity,
  request: {
    params: VersionParams,
    body: { required: true, content: { "application/json": { schema: ValidateBody } } },
  },
  responses: {
    200: { description: "The result", content: { "application/json": { schema: ValidationDocument } } },
    ...problemResponses(400, 401, 403, 404, 413, 415, 503),
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

const entryDocument = (entry: FormDefinitionEntry | TenantFormDefinition): z.infer<typeof FormDefinitionDocument> =>
  "origin" in entry
    ? {
        origin: entry.origin,
        definition: entry.definition as unknown as Record<string, unknown>,
        ...(entry.source === undefined ? {} : { source: entry.source as unknown as Record<string, unknown> }),
        ...(entry.revision === undefined ? {} : { revision: entry.revision }),
        ...(entry.updatedAt === undefined ? {} : { updatedAt: entry.updatedAt }),
      }
    : {
        origin: "tenant",
        definition: entry.definition as unknown as Record<string, unknown>,
        source: entry.source as unknown as Record<string, unknown>,
        revision: entry.revision,
        updatedAt: entry.updatedAt,
      }

const etagOf = (document: z.infer<typeof FormDefinitionDocument>): Record<string, string> =>
  document.revision === undefined ? {} : { ETag: entityTagOf(document.revision) }

/**
 * Lists definitions.
 *
 * @since 0.1.0
 * @category handlers
 */
export const listFormDefinitions = Effect.fn("Forms.list")(function* (query: z.infer<typeof ListParams>) {
  yield* requirePermission("forms:read")
  const page = yield* (yield* FormStore)
    .definitions({
      ...(query.origin === undefined ? {} : { origin: query.origin }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.templateId === undefined ? {} : { templateId: query.templateId }),
      ...(query.usableOn === undefined ? {} : { usableOn: query.usableOn }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    })
    .pipe(Effect.mapError(locate("query", "query parameters")))
  return { items: [...page.items], nextCursor: page.nextCursor }
})

/**
 * One definition (exact version, or the one usable today).
 *
 * @since 0.1.0
 * @category handlers
 */
export const getFormDefinition = Effect.fn("Forms.get")(function* (id: string, version?: string) {
  yield* requirePermission("forms:read")
  return entryDocument(yield* (yield* FormStore).definition(id, version))
})

/**
 * Stores a tenant form (`forms:manage`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const createFormDefinition = Effect.fn("Forms.create")(function* (body: z.infer<typeof TenantFormBody>) {
  yield* requirePermission("forms:manage")
  const stored = yield* (yield* FormStore)
    .createDefinition(body as never)
    .pipe(Effect.mapError(locate("form", "request body")))
  return entryDocument(stored)
})

/**
 * Replaces a tenant form (`forms:manage`, `If-Match`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const putFormDefinition = Effect.fn("Forms.put")(function* (
  id: string,
  version: string,
  body: z.infer<typeof TenantFormBody>,
  ifMatch: string | undefined,
) {
  yield* requirePermission("forms:manage")
  const expectedRevision = yield* ifMatchVersion(ifMatch)
  const stored = yield* (yield* FormStore)
    .updateDefinition(id, version, body as never, { expectedRevision })
    .pipe(
      Effect.mapError(locate("form", "request body")),
      Effect.mapError(staleAs("form_definition", `${id}@${version}`)),
    )
  return entryDocument(stored)
})

/**
 * Deletes a draft tenant form (`forms:manage`, `If-Match`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const deleteFormDefinition = Effect.fn("Forms.delete")(function* (
  id: string,
  version: string,
  ifMatch: string | undefined,
) {
  yield* requirePermission("forms:manage")
  const expectedRevision = yield* ifMatchVersion(ifMatch)
  yield* (yield* FormStore)
    .deleteDefinition(id, version, { expectedRevision })
    .pipe(Effect.mapError(staleAs("form_definition", `${id}@${version}`)))
})

/**
 * Validates answers against a definition without storing them.
 *
 * @since 0.1.0
 * @category handlers
 */
export const validateAgainstDefinition = Effect.fn("Forms.validate")(function* (
  id: string,
  version: string,
  body: z.infer<typeof ValidateBody>,
) {
  yield* requirePermission("forms:read")
  const result = yield* (yield* FormStore).validate({
    template: { id, version },
    status: body.status ?? "completed",
    answers: body.answers,
  })
  return {
    valid: result.valid,
    issues: result.issues.map((issue) => ({
      path: [...issue.path],
      linkId: issue.linkId ?? null,
      code: issue.code,
      message: { ja: issue.message.ja, en: issue.message.en },
    })),
    dropped: result.dropped.map((d) => ({ path: [...d.path], linkId: d.linkId, reason: d.reason })),
    calculated: result.calculated.map((c) => ({ ...c, path: [...c.path] })),
    answers: result.answers,
  }
})

/**
 * Registers the form definition routes.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerForms = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  const read = requireAuth(runtime, "forms:read")
  const manage = requireAuth(runtime, "forms:manage")

  app.openapi({ ...listRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, listFormDefinitions(c.req.valid("query"))), 200),
  )
  app.openapi({ ...getRoute, middleware: read }, async (c) => {
    const document = await runAsPrincipal(c, runtime, getFormDefinition(c.req.valid("param").id))
    return c.json(document, 200, etagOf(document))
  })
  app.openapi({ ...getVersionRoute, middleware: read }, async (c) => {
    const { id, version } = c.req.valid("param")
    const document = await runAsPrincipal(c, runtime, getFormDefinition(id, version))
    return c.json(document, 200, etagOf(document))
  })
  app.openapi({ ...createRouteDef, middleware: manage }, async (c) => {
    const document = await runAsPrincipal(c, runtime, createFormDefinition(c.req.valid("json")))
    const definition = document.definition as { id: string; version: string }
    return c.json(document, 201, {
      ...etagOf(document),
      Location: `/v1/form-definitions/${definition.id}/versions/${definition.version}`,
    })
  })
  app.openapi({ ...putRoute, middleware: manage }, async (c) => {
    const { id, version } = c.req.valid("param")
    const document = await runAsPrincipal(
      c,
      runtime,
      putFormDefinition(id, version, c.req.valid("json"), c.req.valid("header")["if-match"]),
    )
    return c.json(document, 200, etagOf(document))
  })
  app.openapi({ ...deleteRoute, middleware: manage }, async (c) => {
    const { id, version } = c.req.valid("param")
    await runAsPrincipal(c, runtime, deleteFormDefinition(id, version, c.req.valid("header")["if-match"]))
    return c.body(null, 204)
  })
  app.openapi({ ...validateRoute, middleware: read }, async (c) => {
    const { id, version } = c.req.valid("param")
    return c.json(await runAsPrincipal(c, runtime, validateAgainstDefinition(id, version, c.req.valid("json"))), 200)
  })
}
