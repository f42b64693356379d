/**
 * APIキー (API keys) of the caller's tenant: list, create (the secret is shown once), revoke.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  Actor,
  ApiKey,
  ApiKeyId,
  ApiKeyStore,
  NewApiKey,
  Permission,
  type ResourceId,
  ResourceStore,
  Role,
  requirePermission,
  rolePermissions,
  ValidationError,
  type ValidationIssue,
} from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { bearerSecurity, problemResponses } from "./Common.js"

/**
 * APIキー (API key) and the input to create one, as named OpenAPI components, built anew from core's shapes
 * (`.openapi()` exists only on schemas made after `@hono/zod-openapi` extended zod).
 */
const ApiKeyDocument = z.object(ApiKey.shape).openapi("ApiKey")
const NewApiKeyDocument = z
  .object(NewApiKey.shape)
  .strict()
  .openapi("NewApiKey", {
    description:
      "A provider (事業所) key names the directory entries it may attest and propose changes to (`resources`); a " +
      "hospital-staff or care-manager key may name its organisation, whose coordination cases it then works on (a " +
      "key that names none sees no case); other roles take none. `expiresAt` limits the key in time, e.g. for an " +
      "office's yearly check of its entry.",
  })

/**
 * Body of `POST /v1/api-keys`: the new key and its secret, which is never shown again.
 *
 * @since 0.1.0
 * @category models
 */
export const CreatedApiKeyResponse = z
  .object({
    key: ApiKeyDocument,
    secret: z.string().openapi({ description: "The secret; shown only in this response" }),
  })
  .openapi("CreatedApiKey")

const listRoute = createRoute({
  method: "get",
  path: "/v1/api-keys",
  tags: ["api-keys"],
  summary: "The tenant's API keys, without secrets (permission keys:manage)",
  security: bearerSecurity,
  responses: {
    200: {
      description: "The keys, oldest first",
      content: { "application/json": { schema: z.object({ keys: z.array(ApiKeyDocument) }).openapi("ApiKeyList") } },
    },
    ...problemResponses(401, 403, 503),
  },
})

const createKeyRoute = createRoute({
  method: "post",
  path: "/v1/api-keys",
  tags: ["api-keys"],
  summary: "Create an API key in the tenant (permission keys:manage)",
  security: bearerSecurity,
  request: { body: { required: true, content: { "application/json": { schema: NewApiKeyDocument } } } },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: CreatedApiKeyResponse } } },
    ...problemResponses(400, 401, 403, 413, 415, 503),
  },
})

/**
 * Body of `GET /v1/me`: who the key is, in which tenant, with which role and permissions, and (provider keys) the
 * entries it speaks for.
 *
 * @since 0.1.0
 * @category models
 */
export const MeDocument = z
  .object({
    tenantId: z.string(),
    role: Role,
    subject: z.object({ kind: z.string(), id: z.string(), label: z.string().optional() }),
    permissions: z.array(Permission),
    resources: z.array(z.string()).openapi({
      description:
        "Provider keys: the entries they may attest and propose changes to; hospital-staff and care-manager keys: " +
        "their organisation, whose cases they work on",
    }),
  })
  .openapi("Me")

const meRoute = createRoute({
  method: "get",
  path: "/v1/me",
  tags: ["api-keys"],
  summary: "The caller: tenant, role, permissions and (provider keys) own entries",
  security: bearerSecurity,
  responses: {
    200: { description: "The caller", content: { "application/json": { schema: MeDocument } } },
    ...problemResponses(401, 503),
  },
})

const revokeRoute = createRoute({
  method: "delete",
  path: "/v1/api-keys/{id}",
  tags: ["api-keys"],
  summary: "Revoke an API key of the tenant (permission keys:manage)",
  security: bearerSecurity,
  request: { params: z.object({ id: ApiKeyId }) },
  responses: {
    200: { description: "The revoked key", content: { "application/json": { schema: ApiKeyDocument } } },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

/**
 * Lists the tenant's keys (`keys:manage`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const listKeys = Effect.gen(function* () {
  yield* requirePermission("keys:manage")
  const keys = yield* ApiKeyStore
  return { keys: [...(yield* keys.list)] }
})

/**
 * Creates a key in the actor's tenant, first checking that every entry a provider key names is in the tenant's
 * directory (`unknown_resource` at `resources.<i>`), so that no key speaks for an entry that does not exist. Used by
 * the API and the CLI; the store records `api_key.create` in the audit log.
 *
 * @since 0.1.0
 * @category handlers
 */
export const newKey = Effect.fn("ApiKeys.newKey")(function* (input: NewApiKey, subject = "api_key") {
  const store = yield* ResourceStore
  const issues: Array<ValidationIssue> = []
  for (const [index, id] of (input.resources ?? []).entries()) {
    const found = yield* Effect.exit(store.get(id as ResourceId))
    if (found._tag === "Failure") {
      issues.push({
        path: ["resources", index],
        code: "unknown_resource",
        message: {
          ja: `資源 ${id} はこのテナントの資源台帳にありません`,
          en: `No entry ${id} in the tenant's directory`,
        },
      })
    }
  }
  if (issues.length > 0) return yield* new ValidationError({ subject, issues })
  const keys = yield* ApiKeyStore
  return yield* keys
    .create(input)
    .pipe(
      Effect.mapError((error) =>
        error._tag === "ValidationError" ? new ValidationError({ subject, issues: error.issues }) : error,
      ),
    )
})

/**
 * Creates a key (`keys:manage`); see {@link newKey}.
 *
 * @since 0.1.0
 * @category handlers
 */
export const createKey = Effect.fn("ApiKeys.create")(function* (input: NewApiKey) {
  yield* requirePermission("keys:manage")
  const created = yield* newKey(input, "request body")
  return { key: created.key, secret: created.secret as string }
})

/**
 * Revokes a key (`keys:manage`); another tenant's key is `NotFound`.
 *
 * @since 0.1.0
 * @category handlers
 */
export const revokeKey = Effect.fn("ApiKeys.revoke")(function* (id: ApiKeyId) {
  yield* requirePermission("keys:manage")
  const keys = yield* ApiKeyStore
  return yield* keys.revoke(id)
})

/**
 * The caller as `GET /v1/me` shows it.
 *
 * @since 0.1.0
 * @category handlers
 */
export const me = Effect.map(Effect.service(Actor), (actor) => ({
  tenantId: actor.tenantId as string,
  role: actor.role,
  subject: actor.subject,
  permissions: [...rolePermissions[actor.role]],
  resources: [...(actor.resources ?? [])] as Array<string>,
}))

/**
 * Registers `GET /v1/me`, `GET /v1/api-keys`, `POST /v1/api-keys` and `DELETE /v1/api-keys/{id}`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerApiKeys = (app: App, deps: RouteDeps): void => {
  const auth = requireAuth(deps.runtime, "keys:manage")
  app.openapi({ ...meRoute, middleware: requireAuth(deps.runtime) }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, me), 200),
  )
  app.openapi({ ...listRoute, middleware: auth }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, listKeys), 200),
  )
  app.openapi({ ...createKeyRoute, middleware: auth }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, createKey(c.req.valid("json"))), 201),
  )
  app.openapi({ ...revokeRoute, middleware: auth }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, revokeKey(c.req.valid("param").id)), 200),
  )
}
