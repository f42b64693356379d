/**
 * 監査ログ (audit trail): the tenant's entries, newest first, and whether the hash chain verifies.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import { AuditEntry, AuditEntryId, AuditLog, AuditQuery, requirePermission } from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { bearerSecurity, problemResponses } from "./Common.js"

/**
 * Result of verifying a tenant's audit chain.
 *
 * @since 0.1.0
 * @category models
 */
export const AuditChainVerification = z
  .object({
    valid: z.boolean(),
    entries: z.number().int(),
    problems: z.array(
      z.object({
        seq: z.number().int(),
        kind: z.enum(["altered", "broken_link", "missing", "missing_tail", "head_mismatch"]),
      }),
    ),
  })
  .openapi("AuditChainVerification")

/**
 * 監査記録 (audit entry) as documented in OpenAPI: core's {@link AuditEntry} with `details` described as a plain
 * object (zod's recursive JSON type cannot be rendered as a schema).
 *
 * @since 0.1.0
 * @category models
 */
export const AuditEntryDocument = AuditEntry.extend({
  details: z.record(z.string(), z.unknown()).openapi({ description: "Small, non-personal context (JSON)" }),
}).openapi("AuditEntry")

/**
 * A page of the audit trail with the chain verification.
 *
 * @since 0.1.0
 * @category models
 */
export const AuditListResponse = z
  .object({
    entries: z.array(AuditEntryDocument),
    /** Pass back as `cursor` for the next (older) page; `null` on the last page. */
    nextCursor: z.string().nullable(),
    chain: AuditChainVerification,
  })
  .openapi("AuditPage")

const listRoute = createRoute({
  method: "get",
  path: "/v1/audit",
  tags: ["audit"],
  summary: "The tenant's audit trail, newest first, and whether its hash chain verifies (permission audit:read)",
  description:
    "Each call verifies the whole chain of the tenant (fine at today's volumes; a later version will verify " +
    "incrementally) and is itself recorded as an `audit.read` entry.",
  security: bearerSecurity,
  request: { query: AuditQuery },
  responses: {
    200: { description: "A page of entries", content: { "application/json": { schema: AuditListResponse } } },
    ...problemResponses(400, 401, 403, 503),
  },
})

const verifyRoute = createRoute({
  method: "get",
  path: "/v1/audit/verify",
  tags: ["audit"],
  summary: "Verify the tenant's audit chain (permission audit:read)",
  security: bearerSecurity,
  responses: {
    200: {
      description: "The verification",
      content: { "application/json": { schema: AuditChainVerification } },
    },
    ...problemResponses(401, 403, 503),
  },
})

const getRoute = createRoute({
  method: "get",
  path: "/v1/audit/{id}",
  tags: ["audit"],
  summary: "One audit entry (permission audit:read)",
  security: bearerSecurity,
  request: { params: z.object({ id: AuditEntryId }) },
  responses: {
    200: { description: "The entry", content: { "application/json": { schema: AuditEntryDocument } } },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

/**
 * Lists a page of the trail, verifies the chain, and records the read (`audit:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const listAudit = Effect.fn("Audit.list")(function* (query: AuditQuery) {
  yield* requirePermission("audit:read")
  const log = yield* AuditLog
  const page = yield* log.list(query)
  const chain = yield* log.verify
  yield* log.append({
    action: "audit.read",
    target: { type: "audit_log", id: "list" },
    details: {
      entries: page.entries.length,
      chainValid: chain.valid,
      ...(query.cursor ? { cursor: query.cursor } : {}),
    },
  })
  return { entries: [...page.entries], nextCursor: page.nextCursor, chain: { ...chain, problems: [...chain.problems] } }
})

/**
 * Verifies the chain and records the verification (`audit:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const verifyAudit = Effect.gen(function* () {
  yield* requirePermission("audit:read")
  const log = yield* AuditLog
  const chain = yield* log.verify
  yield* log.append({
    action: "audit.verify",
    target: { type: "audit_log", id: "chain" },
    details: { entries: chain.entries, valid: chain.valid, problems: chain.problems.length },
  })
  return { ...chain, problems: [...chain.problems] }
})

/**
 * Reads one entry and records the read (`audit:read`); another tenant's entry is `NotFound`.
 *
 * @since 0.1.0
 * @category handlers
 */
export const getAuditEntry = Effect.fn("Audit.get")(function* (id: AuditEntryId) {
  yield* requirePermission("audit:read")
  const log = yield* AuditLog
  const entry = yield* log.get(id)
  yield* log.append({ action: "audit.read", target: { type: "audit_entry", id } })
  return entry
})

/**
 * Registers `GET /v1/audit`, `GET /v1/audit/verify` and `GET /v1/audit/{id}`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerAudit = (app: App, deps: RouteDeps): void => {
  const auth = requireAuth(deps.runtime, "audit:read")
  app.openapi({ ...listRoute, middleware: auth }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, listAudit(c.req.valid("query"))), 200),
  )
  app.openapi({ ...verifyRoute, middleware: auth }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, verifyAudit), 200),
  )
  app.openapi({ ...getRoute, middleware: auth }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, getAuditEntry(c.req.valid("param").id)), 200),
  )
}
