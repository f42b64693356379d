/**
 * APIキー (API keys) of the caller's tenant: list, create (the secret is shown once), revoke.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import { ApiKey, ApiKeyId, ApiKeyStore, NewApiKey, requirePermission } from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { bearerSecurity, problemResponses } from "./Common.js"

/**
 * APIキー (API key) and the input to create one, as named OpenAPI components, built anew from core's shapes
 * (`.openapi()` exists only on schemas made after `@hono/zod-openapi` extended zod).
 */
const ApiKeyDocument = z.object(ApiKey.shape).openapi("ApiKey")
const NewApiKeyDocument = z.object(NewApiKey.shape).openapi("NewApiKey")

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
 * Creates a key (`keys:manage`); the store records `api_key.create` in the audit log.
 *
 * @since 0.1.0
 * @category handlers
 */
export const createKey = Effect.fn("ApiKeys.create")(function* (input: NewApiKey) {
  yield* requirePermission("keys:manage")
  const keys = yield* ApiKeyStore
  const created = yield* keys.create(input)
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
 * Registers `GET /v1/api-keys`, `POST /v1/api-keys` and `DELETE /v1/api-keys/{id}`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerApiKeys = (app: App, deps: RouteDeps): void => {
  const auth = requireAuth(deps.runtime, "keys:manage")
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
