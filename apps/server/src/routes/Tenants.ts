/**
 * テナント (tenants): the caller's own tenant, and its directory settings (`PATCH /v1/tenants/me/settings`,
 * permission `tenant:manage`).
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import { requirePermission, Tenant, TenantSettingsPatch, TenantStore, ValidationError } from "@zaitaku/core"
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
 * Body of `PATCH /v1/tenants/me/settings`: core's {@link TenantSettingsPatch} (unknown keys are refused).
 *
 * @since 0.1.0
 * @category models
 */
export const TenantSettingsPatchBody = z.object(TenantSettingsPatch.shape).strict().openapi("TenantSettingsPatch")

const settingsRoute = createRoute({
  method: "patch",
  path: "/v1/tenants/me/settings",
  tags: ["tenants"],
  summary: "Change the tenant's directory settings (permission tenant:manage)",
  description:
    "`publicDirectory`: publish the directory for anonymous reading under `/public/v1/{tenantCode}/…`. " +
    "`assurancePeriodMonths` (1–120): the default period of the stale report. Each key given replaces the stored " +
    "value; a change is audited as `tenant.settings.update` with the changed fields.",
  security: bearerSecurity,
  request: {
    body: { required: true, content: { "application/json": { schema: TenantSettingsPatchBody } } },
  },
  responses: {
    200: {
      description: "The tenant with its new settings",
      content: { "application/json": { schema: TenantDocument } },
    },
    ...problemResponses(400, 401, 403, 404, 413, 415, 503),
  },
})

/**
 * Changes the current actor's tenant's directory settings (`tenant:manage`); the store audits the change.
 *
 * @since 0.1.0
 * @category handlers
 */
export const updateTenantSettings = Effect.fn("Tenants.updateSettings")(function* (patch: TenantSettingsPatch) {
  yield* requirePermission("tenant:manage")
  const tenants = yield* TenantStore
  return yield* tenants
    .updateSettings(patch)
    .pipe(
      Effect.mapError((error) =>
        error instanceof ValidationError && error.subject === "settings"
          ? new ValidationError({ subject: "request body", issues: error.issues })
          : error,
      ),
    )
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
 * Registers `GET /v1/tenants/me` and `PATCH /v1/tenants/me/settings`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerTenants = (app: App, deps: RouteDeps): void => {
  app.openapi({ ...meRoute, middleware: requireAuth(deps.runtime) }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, currentTenant), 200),
  )
  app.openapi({ ...settingsRoute, middleware: requireAuth(deps.runtime, "tenant:manage") }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, updateTenantSettings(c.req.valid("json"))), 200),
  )
}
