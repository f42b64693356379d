/**
 * 取込ジョブ (directory import jobs) over HTTP: upload a national open-data file (`POST /v1/imports`,
 * multipart/form-data, answered 202 at once), follow its reading (`GET /v1/imports/{id}`: status, progress, the
 * plan's summary), review the diff page by page (`GET /v1/imports/{id}/plan?section=…`), and apply it
 * (`POST /v1/imports/{id}/apply`, 202; safe to retry). All need `resources:write`: the coordinators and
 * administrators who keep the directory.
 *
 * The upload route is documented in OpenAPI but not validated by the OpenAPI middleware, which would buffer the
 * whole form in memory: it is read as a stream by `receiveUpload`.
 *
 * @since 0.1.0
 */
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createRoute, z } from "@hono/zod-openapi"
import {
  ImportJob,
  ImportJobId,
  ImportJobStatus,
  ImportJobStore,
  isStalled,
  requirePermission,
  Unauthenticated,
  ValidationError,
} from "@zaitaku/core"
import { Clock, Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, EffectFailure, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { applyImportJob, importJobKinds, receiveUpload, startImportJob } from "../ImportJobs.js"
import { entityTagOf } from "../Preconditions.js"
import { bearerSecurity, listParam, problemResponses, queryParams } from "./Common.js"

/**
 * The path uploads are posted to (exempt from the general body limit: the route enforces its own).
 *
 * @since 0.1.0
 * @category routes
 */
export const importUploadPath = "/v1/imports"

// ---------------------------------------------------------------------------------------------------------------
// Documents
// ---------------------------------------------------------------------------------------------------------------

/**
 * 取込ジョブ (import job) as documented: core's {@link ImportJob}, and `stalled` when its running step was
 * interrupted (an interrupted apply may be started again).
 *
 * @since 0.1.0
 * @category models
 */
export const ImportJobDocument = z
  .object({
    ...ImportJob.shape,
    options: z.record(z.string(), z.unknown()),
    result: z.object({ ...ImportJob.shape.result.unwrap().shape, conflicts: z.array(z.unknown()) }).optional(),
    stalled: z.boolean().openapi({ description: "The running step stopped reporting: the process was interrupted" }),
  })
  .openapi("ImportJob")

const ImportJobPageDocument = z
  .object({ items: z.array(ImportJobDocument), nextCursor: z.string().nullable() })
  .openapi("ImportJobPage")

const PlanSection = z.enum(["added", "changed", "missing", "errors"])

const PlanPageDocument = z
  .object({
    section: PlanSection,
    total: z.number().int().openapi({ description: "Items in the section (row errors: those kept, at most 1,000)" }),
    items: z.array(z.unknown()),
    nextCursor: z.string().nullable(),
  })
  .openapi("ImportPlanPage")

const IdParams = z.object({ id: ImportJobId })

const ListParams = queryParams({
  status: listParam(ImportJobStatus, 5, "Statuses"),
  limit: z.coerce.number().int().min(1).max(100).optional().openapi({ description: "Page size, 1–100 (default 20)" }),
  cursor: z.string().min(1).max(2000).optional(),
})

const PlanParams = queryParams({
  section: PlanSection.default("changed").openapi({
    description: "added: new entries; changed: field by field; missing: closure candidates; errors: row errors",
  }),
  limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: "Page size, 1–500 (default 100)" }),
  cursor: z.string().min(1).max(200).optional(),
})

// ---------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------

const listRoute = createRoute({
  method: "get",
  path: "/v1/imports",
  tags: ["imports"],
  summary: "The tenant's import jobs, newest first (permission resources:write)",
  security: bearerSecurity,
  request: { query: ListParams },
  responses: {
    200: { description: "A page of jobs", content: { "application/json": { schema: ImportJobPageDocument } } },
    ...problemResponses(400, 401, 403, 503),
  },
})

const getRoute = createRoute({
  method: "get",
  path: "/v1/imports/{id}",
  tags: ["imports"],
  summary: "One import job: status, progress, the plan's summary, the result (permission resources:write)",
  security: bearerSecurity,
  request: { params: IdParams },
  responses: {
    200: {
      description: "The job",
      headers: { ETag: { description: "The job's version", schema: { type: "string" } } },
      content: { "application/json": { schema: ImportJobDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

const planRoute = createRoute({
  method: "get",
  path: "/v1/imports/{id}/plan",
  tags: ["imports"],
  summary: "Review a planned import, one section at a time (permission resources:write)",
  description:
    "`added`: the new entries as they will be created; `changed`: each entry's changed fields, old → new; " +
    "`missing`: entries of the directory absent from the file (closure candidates: an import never closes or " +
    "deletes them); `errors`: the rows that were not imported, with line, column and reason in Japanese and English.",
  security: bearerSecurity,
  request: { params: IdParams, query: PlanParams },
  responses: {
    200: { description: "A page of the section", content: { "application/json": { schema: PlanPageDocument } } },
    ...problemResponses(400, 401, 403, 404, 409, 503),
  },
})

const applyRoute = createRoute({
  method: "post",
  path: "/v1/imports/{id}/apply",
  tags: ["imports"],
  summary: "Apply a planned import in the background (permission resources:write)",
  description:
    "Answers 202 with the job `applying`, or 200 with the job as it is when it was applied already (a retry changes " +
    "nothing). 409 while it is still reading, failed, or being applied by another request.",
  security: bearerSecurity,
  request: { params: IdParams },
  responses: {
    200: { description: "Applied already", content: { "application/json": { schema: ImportJobDocument } } },
    202: {
      description: "Applying",
      headers: { Location: { description: "/v1/imports/{id}", schema: { type: "string" } } },
      content: { "application/json": { schema: ImportJobDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 409, 503),
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

const documentOf = (job: ImportJob, now: Date): z.infer<typeof ImportJobDocument> => ({
  ...job,
  stalled: isStalled(job, now),
})

const withStalled = (job: ImportJob) =>
  Effect.map(Clock.currentTimeMillis, (millis) => documentOf(job, new Date(millis)))

/**
 * Lists the tenant's jobs (`resources:write`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const listImportJobs = Effect.fn("Imports.list")(function* (query: z.infer<typeof ListParams>) {
  yield* requirePermission("resources:write")
  const page = yield* (yield* ImportJobStore).list({
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.limit === undefined ? {} : { limit: query.limit }),
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
  })
  const now = new Date(yield* Clock.currentTimeMillis)
  return { items: page.items.map((job) => documentOf(job, now)), nextCursor: page.nextCursor }
})

/**
 * One job (`resources:write`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const getImportJob = Effect.fn("Imports.get")(function* (id: ImportJobId) {
  yield* requirePermission("resources:write")
  return yield* withStalled(yield* (yield* ImportJobStore).get(id))
})

const invalidPlanCursor = new ValidationError({
  subject: "query parameters",
  issues: [
    {
      path: ["cursor"],
      code: "invalid_cursor",
      message: {
        ja: "カーソルが正しくありません。同じ section の nextCursor を変更せずに指定してください",
        en: "Invalid cursor: pass the nextCursor of the same section, unchanged",
      },
    },
  ],
})

/**
 * A page of one section of a job's plan (`resources:write`). The plan never changes once made, so the cursor is
 * the position in the section.
 *
 * @since 0.1.0
 * @category handlers
 */
export const importPlanPage = Effect.fn("Imports.plan")(function* (id: ImportJobId, query: z.infer<typeof PlanParams>) {
  yield* requirePermission("resources:write")
  const stored = yield* (yield* ImportJobStore).plan(id)
  const limit = query.limit ?? 100
  let offset = 0
  if (query.cursor !== undefined) {
    const match = new RegExp(`^${query.section}:([0-9]{1,9})$`).exec(query.cursor)
    if (match === null) return yield* invalidPlanCursor
    offset = Number(match[1])
  }
  const { plan } = stored
  const items: ReadonlyArray<unknown> =
    query.section === "added"
      ? plan.added
      : query.section === "changed"
        ? plan.changed.map((change) => ({
            resourceId: change.existing.id,
            name: change.existing.name,
            sourceRecordId: change.existing.provenance.sourceRecordId,
            version: change.existing.version,
            changes: change.changes.map((diff) => ({
              field: diff.field,
              ...(diff.from === undefined ? {} : { from: diff.from }),
              ...(diff.to === undefined ? {} : { to: diff.to }),
            })),
          }))
        : query.section === "missing"
          ? plan.missing.map((entry) => ({
              resourceId: entry.id,
              name: entry.name,
              sourceRecordId: entry.provenance.sourceRecordId,
              status: entry.status,
              municipalityCode: entry.address.municipalityCode,
            }))
          : ((stored.details.rowErrors as ReadonlyArray<unknown> | undefined) ?? [])
  const page = items.slice(offset, offset + limit)
  return {
    section: query.section,
    total: items.length,
    items: [...page],
    nextCursor: offset + limit < items.length ? `${query.section}:${offset + limit}` : null,
  }
})

/**
 * Registers the import job routes.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerImports = (
  app: App,
  deps: RouteDeps,
  options: { readonly uploadDir?: string; readonly maxBytes?: number },
): void => {
  const { runtime } = deps
  const write = requireAuth(runtime, "resources:write")
  const uploadDir = options.uploadDir ?? join(tmpdir(), "zaitaku-uploads")
  const maxBytes = options.maxBytes ?? 1024 ** 3

  app.openAPIRegistry.registerPath({
    method: "post",
    path: importUploadPath,
    tags: ["imports"],
    summary: "Upload an open-data file to import: read and planned in the background (permission resources:write)",
    description:
      "multipart/form-data with `kind` and the kind's file parts: `kaigo-kohyo` (`file`, options `serviceTypeCode`, " +
      "`strict`, `all`), `iryo-net` (`facilities` and `hours`, options `category`, `strict`, `all`), " +
      "`kaigo-ichiran` and `iryo-ichiran` (`file`, options `municipality`, `strict`, `all`). Answers 202 with the " +
      `job at once; follow it at /v1/imports/{id}. Uploads are limited to ${maxBytes} bytes (ZAITAKU_IMPORT_MAX_BYTES).`,
    security: bearerSecurity,
    request: {
      body: {
        required: true,
        content: {
          "multipart/form-data": {
            schema: z.object({
              kind: z.enum(Object.keys(importJobKinds) as [string, ...Array<string>]),
              file: z.string().optional().openapi({ type: "string", format: "binary" }),
              facilities: z.string().optional().openapi({ type: "string", format: "binary" }),
              hours: z.string().optional().openapi({ type: "string", format: "binary" }),
              strict: z.enum(["true", "false"]).optional(),
              all: z.enum(["true", "false"]).optional(),
            }),
          },
        },
      },
    },
    responses: {
      202: {
        description: "The job, reading",
        headers: { Location: { description: "/v1/imports/{id}", schema: { type: "string" } } },
        content: { "application/json": { schema: ImportJobDocument } },
      },
      ...problemResponses(400, 401, 403, 413, 503),
    },
  })
  app.post(importUploadPath, write, async (c) => {
    const principal = c.get("principal")
    if (principal === undefined) throw new Unauthenticated({ reason: "missing" })
    const upload = await runtime.runPromiseExit(
      receiveUpload(c.req.raw, { dir: join(uploadDir, crypto.randomUUID()), maxBytes }),
    )
    if (upload._tag === "Failure") throw new EffectFailure(upload.cause)
    const job = await startImportJob(runtime, principal, upload.value)
    const document = await runtime.runPromise(withStalled(job))
    return c.json(document, 202, { Location: `/v1/imports/${job.id}`, ETag: entityTagOf(job.version) })
  })

  app.openapi({ ...listRoute, middleware: write }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, listImportJobs(c.req.valid("query"))), 200),
  )
  app.openapi({ ...getRoute, middleware: write }, async (c) => {
    const job = await runAsPrincipal(c, runtime, getImportJob(c.req.valid("param").id))
    return c.json(job, 200, { ETag: entityTagOf(job.version), "Cache-Control": "no-store" })
  })
  app.openapi({ ...planRoute, middleware: write }, async (c) =>
    c.json(await runAsPrincipal(c, runtime, importPlanPage(c.req.valid("param").id, c.req.valid("query"))), 200),
  )
  app.openapi({ ...applyRoute, middleware: write }, async (c) => {
    const principal = c.get("principal")
    if (principal === undefined) throw new Unauthenticated({ reason: "missing" })
    const id = c.req.valid("param").id
    const job = await applyImportJob(runtime, principal, id)
    const document = await runtime.runPromise(withStalled(job))
    if (job.status === "applied") return c.json(document, 200)
    return c.json(document, 202, { Location: `/v1/imports/${id}` })
  })
}
