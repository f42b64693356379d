/**
 * 公開名簿 (the public directory): a tenant that has published its directory (`settings.publicDirectory`) can be
 * read without a key — the map and list that residents use. Only active entries are shown, and only the fields a
 * resident needs: see {@link toPublicResource}.
 *
 * HTTP decisions:
 * - The tenant is named in the path by its code: `/public/v1/{tenantCode}/…`.
 * - A tenant that does not exist and a tenant that has not published its directory answer the same 404 problem
 *   (entity `public_directory`, the code as given), so the public API does not tell which codes exist.
 * - An entry that is not active, or belongs to another tenant, is 404 like a missing one.
 * - Requests run as a **viewer** of the tenant with the subject `{ kind: "system", id: "public" }`, so the stores'
 *   tenant scoping (row-level security on PostgreSQL) applies exactly as for a key.
 * - Successful answers are cacheable: `Cache-Control: public, max-age=300`.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  Actor,
  NotFound,
  type Principal,
  Provenance,
  Resource,
  ResourceId,
  ResourceStore,
  type StoreError,
  type Tenant,
  TenantStore,
  ValidationError,
} from "@zaitaku/core"
import { toGeoJson } from "@zaitaku/opendata-jp"
import { Effect, Option } from "effect"
import { type App, type RouteDeps, runEffect } from "../Handler.js"
import { Problem, problemContentType } from "../Problem.js"
import { problemResponses } from "./Common.js"
import { allActiveResources } from "./Exports.js"
import { ResourceSearchParams, toResourceQuery } from "./Resources.js"

/**
 * 公開される掲載情報 (a published entry): what residents see of a directory entry.
 *
 * Kept: name and reading, kind (and 在宅療養支援 type), the public identifiers (事業所番号, 医療機関コード — they are
 * published nationally), address, coordinates, phone, FAX, URL, hours and closures, 在宅医療 capabilities,
 * consultation, capacity and vacancy, service area, status, when the entry was last checked (`assuredAt`) and
 * updated, and the kind of source (`provenance.source`).
 *
 * Left out: `assuredBy` (who on staff checked it), `notes` (internal remarks of the coordinators), `contactNotes`
 * (unvetted contact details copied from the national files), `provenance.sourceRecordId` and `importedAt`,
 * `organizationId`, `tenantId`, `closedOn`, `createdAt` and `version`.
 *
 * @since 0.1.0
 * @category models
 */
export const PublicResource = z
  .object({
    ...z.object(Resource.shape).pick({
      id: true,
      kind: true,
      homeCareSupport: true,
      name: true,
      nameKana: true,
      identifiers: true,
      address: true,
      location: true,
      phone: true,
      fax: true,
      url: true,
      hours: true,
      holidayClosures: true,
      capabilities: true,
      consultation: true,
      availability: true,
      serviceArea: true,
      status: true,
      assuredAt: true,
      updatedAt: true,
    }).shape,
    provenance: z.object(Provenance.shape).pick({ source: true }),
  })
  .openapi("PublicResource")
/** @since 0.1.0 @category models */
export type PublicResource = z.infer<typeof PublicResource>

/**
 * The public view of an entry: the fields listed on {@link PublicResource}, nothing else.
 *
 * @since 0.1.0
 * @category conversions
 * @example
 * ```ts
 * import type { Resource } from "@zaitaku/core"
 * import { toPublicResource } from "./PublicDirectory.js"
 *
 * declare const entry: Resource
 * "notes" in toPublicResource(entry) // false
 * ```
 */
export const toPublicResource = (resource: Resource): PublicResource => {
  const {
    tenantId: _tenantId,
    organizationId: _organizationId,
    contactNotes: _contactNotes,
    closedOn: _closedOn,
    provenance,
    assuredBy: _assuredBy,
    notes: _notes,
    createdAt: _createdAt,
    version: _version,
    ...kept
  } = resource
  return { ...kept, provenance: { source: provenance.source } }
}

/**
 * The principal of anonymous reads of a tenant's public directory: a viewer, subject `system:public`.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { TenantId } from "@zaitaku/core"
 * import { publicPrincipal } from "./PublicDirectory.js"
 *
 * publicPrincipal(TenantId.parse("0192f5a0-0000-7000-8000-000000000001")).role // "viewer"
 * ```
 */
export const publicPrincipal = (tenantId: Tenant["id"]): Principal => ({
  tenantId,
  role: "viewer",
  subject: { kind: "system", id: "public" },
})

/**
 * Runs an effect as the public viewer of the published tenant with this code; 404 (`public_directory`) when the
 * tenant does not exist or has not published its directory.
 *
 * @since 0.1.0
 * @category handlers
 */
export const asPublicReader = <A, E, R>(
  tenantCode: string,
  effect: Effect.Effect<A, E, R>,
): Effect.Effect<A, E | NotFound | StoreError, Exclude<R, Actor> | TenantStore> =>
  Effect.gen(function* () {
    const tenant = yield* (yield* TenantStore).findPublic(tenantCode)
    if (Option.isNone(tenant)) return yield* new NotFound({ entity: "public_directory", id: tenantCode })
    return yield* Effect.provideService(effect, Actor, publicPrincipal(tenant.value.id))
  })

const onlyActive = (params: ResourceSearchParams) =>
  params.status === undefined || params.status.every((status) => status === "active")
    ? Effect.succeed({ ...params, status: ["active" as const] })
    : Effect.fail(
        new ValidationError({
          subject: "query parameters",
          issues: [
            {
              path: ["status"],
              code: "public_active_only",
              message: {
                ja: "公開名簿には運営中の掲載のみが含まれます（status は active のみ指定できます）",
                en: "The public directory holds active entries only (status may only be active)",
              },
            },
          ],
        }),
      )

/**
 * Searches a published directory: the same parameters as `GET /v1/resources`, active entries only.
 *
 * @since 0.1.0
 * @category handlers
 */
export const searchPublic = (tenantCode: string, params: ResourceSearchParams) =>
  asPublicReader(
    tenantCode,
    Effect.gen(function* () {
      const query = toResourceQuery(yield* onlyActive(params))
      const page = yield* (yield* ResourceStore)
        .search(query)
        .pipe(
          Effect.mapError((error) =>
            error instanceof ValidationError && error.subject === "query"
              ? new ValidationError({ subject: "query parameters", issues: error.issues })
              : error,
          ),
        )
      return { items: page.items.map(toPublicResource), nextCursor: page.nextCursor }
    }),
  )

/**
 * One active entry of a published directory; 404 when it is missing, not active, or another tenant's.
 *
 * @since 0.1.0
 * @category handlers
 */
export const getPublic = (tenantCode: string, id: ResourceId) =>
  asPublicReader(
    tenantCode,
    Effect.gen(function* () {
      const entry = yield* (yield* ResourceStore).get(id)
      if (entry.status !== "active") return yield* new NotFound({ entity: "resource", id })
      return toPublicResource(entry)
    }),
  )

/**
 * The GeoJSON of a published directory's active entries.
 *
 * @since 0.1.0
 * @category handlers
 */
export const geoJsonPublic = (tenantCode: string) =>
  asPublicReader(tenantCode, Effect.map(allActiveResources, toGeoJson))

// Any code is looked up (a malformed one simply matches no tenant): a 400 would tell codes apart from 404s.
const CodeParams = z.object({
  tenantCode: z.string().min(1).max(100).openapi({ description: "テナントコード, e.g. 022039 or hachinohe-area" }),
})

const cacheHeaders = { "Cache-Control": "public, max-age=300" }

const notPublished = {
  description: "No such tenant, or the tenant has not published its directory (the two look the same)",
  content: { [problemContentType]: { schema: Problem } },
}

const PublicPage = z
  .object({ items: z.array(PublicResource), nextCursor: z.string().nullable() })
  .openapi("PublicResourcePage")

const searchRoute = createRoute({
  method: "get",
  path: "/public/v1/{tenantCode}/resources",
  tags: ["public"],
  summary: "Search a published directory (no key)",
  description:
    "The parameters of `GET /v1/resources`; active entries only (`status` may only be `active`). Internal fields " +
    "are left out (see PublicResource).",
  request: { params: CodeParams, query: ResourceSearchParams },
  responses: {
    200: { description: "A page of entries", content: { "application/json": { schema: PublicPage } } },
    ...problemResponses(400, 503),
    404: notPublished,
  },
})

const geoJsonRoute = createRoute({
  method: "get",
  path: "/public/v1/{tenantCode}/resources.geojson",
  tags: ["public"],
  summary: "A published directory as GeoJSON (no key)",
  request: { params: CodeParams },
  responses: {
    200: {
      description: "A FeatureCollection of the active entries with coordinates",
      content: { "application/geo+json": { schema: z.object({ type: z.literal("FeatureCollection") }).loose() } },
    },
    ...problemResponses(400, 503),
    404: notPublished,
  },
})

const getRoute = createRoute({
  method: "get",
  path: "/public/v1/{tenantCode}/resources/{id}",
  tags: ["public"],
  summary: "One entry of a published directory (no key)",
  request: { params: CodeParams.extend({ id: ResourceId }) },
  responses: {
    200: { description: "The entry", content: { "application/json": { schema: PublicResource } } },
    ...problemResponses(400, 503),
    404: notPublished,
  },
})

/**
 * Registers `GET /public/v1/{tenantCode}/resources`, `GET /public/v1/{tenantCode}/resources.geojson` and
 * `GET /public/v1/{tenantCode}/resources/{id}` (no authentication).
 *
 * @since 0.1.0
 * @category routes
 */
export const registerPublicDirectory = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  app.openapi(searchRoute, async (c) =>
    c.json(
      await runEffect(runtime, searchPublic(c.req.valid("param").tenantCode, c.req.valid("query"))),
      200,
      cacheHeaders,
    ),
  )
  app.openapi(geoJsonRoute, async (c) => {
    const { collection, skipped } = await runEffect(runtime, geoJsonPublic(c.req.valid("param").tenantCode))
    return c.body(JSON.stringify(collection), 200, {
      ...cacheHeaders,
      "Content-Type": "application/geo+json",
      "X-Zaitaku-Without-Location": String(skipped.length),
    }) as never
  })
  app.openapi(getRoute, async (c) => {
    const { tenantCode, id } = c.req.valid("param")
    return c.json(await runEffect(runtime, getPublic(tenantCode, id)), 200, cacheHeaders)
  })
}
