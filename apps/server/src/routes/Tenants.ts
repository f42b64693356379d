/**
 * テナント (tenants): the caller's own tenant.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import { requirePermission, Tenant, TenantStore } from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { bearerSecurity, problemResponses } from "./Common.js"

/**
 * テナント (tenant) as a named OpenAPI component. Built anew from core's shape: `.openapi()` exists only on schemas
 * made after `@hono/zod-openapi` extended zod, and core's may have been made before.
 */
const TenantDocument = z.object(Tenant.shape).openapi("Tenant")

const meRoute = createRoute({
  method: "get",
  path: "/v1/tenants/me",
  tags: ["tenants"],
  summary: "The tenant of the API key (permission tenant:read)",
  security: bearerSecurity,
  responses: {
    200: {
      description: "The current tenant with its areas",
      content: { "application/json": { schema: TenantDocument } },
    },
    ...problemResponses(401, 403, 404, 503),
  },
})

/**
 * The current actor's tenant (`tenant:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const currentTenant = Effect.gen(function* () {
  yield* requirePermission("tenant:read")
  const tenants = yield* TenantStore
  return yield* tenants.current
})

/**
 * Registers `GET /v1/tenants/me`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerTenants = (app: App, deps: RouteDeps): void => {
  app.openapi({ ...meRoute, middleware: requireAuth(deps.runtime) }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, currentTenant), 200),
  )
}
