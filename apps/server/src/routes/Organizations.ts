/**
 * 法人 (organisations) of the caller's tenant: the 法人 that run its directory's entries, as the imports store them
 * from the 法人番号 of national open data. Read-only over HTTP: an organisation changes when a newer file names it
 * differently.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import { Organization, OrganizationId, OrganizationStore, requirePermission } from "@zaitaku/core"
import { Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { bearerSecurity, problemResponses, queryParams } from "./Common.js"
import { locate } from "./Resources.js"

/**
 * 法人 (organisation) as documented in OpenAPI: core's {@link Organization}.
 *
 * @since 0.1.0
 * @category models
 */
export const OrganizationDocument = z.object(Organization.shape).openapi("Organization")

const PageDocument = z
  .object({ items: z.array(OrganizationDocument), nextCursor: z.string().nullable() })
  .openapi("OrganizationPage")

const ListParams = queryParams({
  text: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Words to find in the name, reading or 法人番号 (width- and kana-insensitive)" }),
  limit: z.coerce.number().int().min(1).max(200).optional().openapi({ description: "Page size, 1–200 (default 50)" }),
  cursor: z.string().min(1).max(2000).optional().openapi({ description: "`nextCursor` of the previous page" }),
})

const listRoute = createRoute({
  method: "get",
  path: "/v1/organizations",
  tags: ["organizations"],
  summary: "The tenant's 法人, by reading (permission resources:read)",
  security: bearerSecurity,
  request: { query: ListParams },
  responses: {
    200: { description: "A page of organisations", content: { "application/json": { schema: PageDocument } } },
    ...problemResponses(400, 401, 403, 503),
  },
})

const getRoute = createRoute({
  method: "get",
  path: "/v1/organizations/{id}",
  tags: ["organizations"],
  summary: "One 法人 (permission resources:read)",
  security: bearerSecurity,
  request: { params: z.object({ id: OrganizationId }) },
  responses: {
    200: { description: "The organisation", content: { "application/json": { schema: OrganizationDocument } } },
    ...problemResponses(400, 401, 403, 404, 503),
  },
})

/**
 * Lists the tenant's organisations (`resources:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const listOrganizations = Effect.fn("Organizations.list")(function* (query: z.infer<typeof ListParams>) {
  yield* requirePermission("resources:read")
  const page = yield* (yield* OrganizationStore)
    .list({
      ...(query.text === undefined ? {} : { text: query.text }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    })
    .pipe(Effect.mapError(locate("query", "query parameters")))
  return { items: [...page.items], nextCursor: page.nextCursor }
})

/**
 * Registers `GET /v1/organizations` and `GET /v1/organizations/{id}`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerOrganizations = (app: App, deps: RouteDeps): void => {
  const read = requireAuth(deps.runtime, "resources:read")
  app.openapi({ ...listRoute, middleware: read }, async (c) =>
    c.json(await runAsPrincipal(c, deps.runtime, listOrganizations(c.req.valid("query"))), 200),
  )
  app.openapi({ ...getRoute, middleware: read }, async (c) =>
    c.json(
      await runAsPrincipal(
        c,
        deps.runtime,
        Effect.andThen(
          requirePermission("resources:read"),
          Effect.flatMap(Effect.service(OrganizationStore), (s) => s.get(c.req.valid("param").id)),
        ),
      ),
      200,
    ),
  )
}
