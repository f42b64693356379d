/**
 * 出力 (exports) of the caller's tenant's directory (permission `resources:read`): the デジタル庁
 * 「介護サービス事業所一覧」 CSV in UTF-8 (with BOM) or Shift_JIS, GeoJSON for maps, and the Open Referral HSDS 3.0
 * tabular document. Every export holds the tenant's **active** entries (suspended and closed ones are left out).
 *
 * HTTP decisions:
 * - Downloads carry `Content-Disposition: attachment` with an ASCII file name
 *   `zaitaku-<tenantCode>-<format>-<YYYY-MM-DD>.<ext>` (the date in Japan) and `Cache-Control: private, no-store`.
 * - **`X-Zaitaku-Unmappable: <count>`** on a Shift_JIS CSV: the number of characters Shift_JIS (CP932) cannot hold
 *   (e.g. 髙 in some fonts' variants, emoji); each is written as `?`. Absent when there is none; the UTF-8 export
 *   keeps every character, so send `encoding=utf-8` when the header is present.
 * - **`X-Zaitaku-Without-Location: <count>`** on GeoJSON: the entries left off the map because they have no
 *   coordinates (a map never silently misses them).
 * - The 介護サービス事業所一覧 lists care entries only (介護サービス, 居宅介護支援, 施設, 訪問看護 …), as the dataset
 *   defines; hospitals, clinics and pharmacies are in GeoJSON and HSDS.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import {
  type Actor,
  hachinoheAreaMunicipalities,
  type LocalGovernmentCode,
  type Organization,
  type OrganizationPage,
  OrganizationStore,
  type Resource,
  type ResourcePage,
  ResourceStore,
  requirePermission,
  type StoreError,
  TenantStore,
  type ValidationError,
} from "@zaitaku/core"
import { toHsds } from "@zaitaku/hsds"
import {
  kaigoServiceOfficeListHeader,
  kaigoServiceOfficeListRows,
  medicalInstitutionListHeader,
  medicalInstitutionListRows,
  toGeoJson,
  writeCsv,
} from "@zaitaku/opendata-jp"
import { Clock, Effect } from "effect"
import { requireAuth } from "../Auth.js"
import { type App, type RouteDeps, runAsPrincipal } from "../Handler.js"
import { bearerSecurity, problemResponses } from "./Common.js"

/**
 * Every active entry of the actor's tenant, in listing order: pages through `ResourceStore.search` (200 at a time,
 * following `nextCursor`).
 *
 * @since 0.1.0
 * @category handlers
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { allActiveResources } from "./Exports.js"
 *
 * const count = Effect.map(allActiveResources, (entries) => entries.length)
 * ```
 */
export const allActiveResources: Effect.Effect<
  ReadonlyArray<Resource>,
  ValidationError | StoreError,
  ResourceStore | Actor
> = Effect.gen(function* () {
  const store = yield* ResourceStore
  const entries: Array<Resource> = []
  let cursor: string | null = null
  do {
    const page: ResourcePage = yield* store.search({
      status: ["active"],
      limit: 200,
      ...(cursor === null ? {} : { cursor }),
    })
    entries.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return entries
})

/**
 * Every organisation (法人) of the actor's tenant, for the exports' 法人番号 and 法人の名称 columns and HSDS.
 *
 * @since 0.1.0
 * @category handlers
 */
export const allOrganizations = Effect.gen(function* () {
  const store = yield* OrganizationStore
  const found: Array<Organization> = []
  let cursor: string | null = null
  do {
    const page: OrganizationPage = yield* store.list({ limit: 1000, ...(cursor === null ? {} : { cursor }) })
    found.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== null)
  return found
})

/**
 * The 市区町村名 known to the server (the 八戸圏域 for now; core has no national list yet): other codes leave the
 * 市区町村名 column empty, as the dataset allows.
 */
const municipalityNames = new Map(hachinoheAreaMunicipalities.map((m) => [m.code, m.name.ja]))

/** Today's date in Japan (UTC+9, no daylight saving), YYYY-MM-DD. */
const japanDate = (millis: number): string => new Date(millis + 9 * 3_600_000).toISOString().slice(0, 10)

const downloadHeaders = (filename: string) => ({
  "Content-Disposition": `attachment; filename="${filename}"`,
  "Cache-Control": "private, no-store",
})

/**
 * Query of `GET /v1/resources/export.csv`.
 *
 * @since 0.1.0
 * @category models
 */
export const CsvExportParams = z
  .object({
    encoding: z
      .enum(["utf-8", "shift_jis"])
      .default("utf-8")
      .openapi({ description: "`utf-8` (with BOM, default) or `shift_jis` (CP932, for older spreadsheet software)" }),
    format: z
      .enum(["kaigo-service-office-list", "medical-institution-list"])
      .default("kaigo-service-office-list")
      .openapi({
        description:
          "デジタル庁 自治体標準オープンデータセット: `kaigo-service-office-list`「介護サービス事業所一覧」 (care entries, default) " +
          "or `medical-institution-list`「医療機関一覧」 (hospitals and clinics)",
      }),
  })
  .strict()
/** @since 0.1.0 @category models */
export type CsvExportParams = z.infer<typeof CsvExportParams>

/**
 * A written CSV export: the bytes and the headers of the response.
 *
 * @since 0.1.0
 * @category models
 */
export interface CsvExport {
  readonly bytes: Uint8Array
  readonly headers: Readonly<Record<string, string>>
}

/**
 * The CSV export of the actor's tenant (`resources:read`).
 *
 * @since 0.1.0
 * @category handlers
 */
export const exportCsv = Effect.fn("Exports.csv")(function* (params: CsvExportParams) {
  yield* requirePermission("resources:read")
  const tenant = yield* (yield* TenantStore).current
  const entries = yield* allActiveResources
  const options = {
    municipalityName: (code: LocalGovernmentCode) => municipalityNames.get(code),
    organizations: yield* allOrganizations,
  }
  const [header, rows] =
    params.format === "medical-institution-list"
      ? [medicalInstitutionListHeader, medicalInstitutionListRows(entries, options)]
      : [kaigoServiceOfficeListHeader, kaigoServiceOfficeListRows(entries, options)]
  const file = writeCsv(header, rows, params.encoding === "utf-8" ? "utf-8-bom" : "shift_jis")
  const date = japanDate(yield* Clock.currentTimeMillis)
  const headers: Record<string, string> = {
    "Content-Type": `text/csv; charset=${params.encoding === "utf-8" ? "utf-8" : "Shift_JIS"}`,
    ...downloadHeaders(`zaitaku-${tenant.code}-${params.format}-${date}.csv`),
  }
  if (file.unmappable.length > 0) headers["X-Zaitaku-Unmappable"] = String(file.unmappable.length)
  return { bytes: file.bytes, headers } satisfies CsvExport
})

/**
 * The GeoJSON export of the actor's tenant (`resources:read`): the collection and the ids left off it.
 *
 * @since 0.1.0
 * @category handlers
 */
export const exportGeoJson = Effect.fn("Exports.geoJson")(function* () {
  yield* requirePermission("resources:read")
  const tenant = yield* (yield* TenantStore).current
  const { collection, skipped } = toGeoJson(yield* allActiveResources)
  const date = japanDate(yield* Clock.currentTimeMillis)
  return { tenant, collection, skipped, filename: `zaitaku-${tenant.code}-directory-${date}.geojson` }
})

/**
 * The Open Referral HSDS 3.0 export of the actor's tenant (`resources:read`), published under the tenant's name.
 *
 * @since 0.1.0
 * @category handlers
 */
export const exportHsds = Effect.fn("Exports.hsds")(function* () {
  yield* requirePermission("resources:read")
  const tenant = yield* (yield* TenantStore).current
  const resources = yield* allActiveResources
  const millis = yield* Clock.currentTimeMillis
  const dataset = toHsds(
    { organizations: yield* allOrganizations, resources },
    {
      publisher: { name: tenant.name.ja },
      generatedAt: new Date(millis),
      municipalities: hachinoheAreaMunicipalities,
    },
  )
  return { dataset, filename: `zaitaku-${tenant.code}-hsds-${japanDate(millis)}.json` }
})

const csvRoute = createRoute({
  method: "get",
  path: "/v1/resources/export.csv",
  tags: ["resources"],
  summary: "Export the directory as CSV: 介護サービス事業所一覧 or 医療機関一覧 (permission resources:read)",
  description:
    "The active entries as a デジタル庁 standard dataset: care entries as the 「介護サービス事業所一覧」 (default), or " +
    "hospitals and clinics as the 「医療機関一覧」 (`format=medical-institution-list`). `encoding=shift_jis` writes " +
    "CP932; characters it cannot hold become `?` and are counted in `X-Zaitaku-Unmappable`.",
  security: bearerSecurity,
  request: { query: CsvExportParams },
  responses: {
    200: {
      description: "The CSV file",
      headers: {
        "Content-Disposition": { description: "attachment; filename=…", schema: { type: "string" } },
        "X-Zaitaku-Unmappable": {
          description: "Shift_JIS only: how many characters were written as `?` (absent when none)",
          schema: { type: "string" },
        },
      },
      content: { "text/csv": { schema: z.string() } },
    },
    ...problemResponses(400, 401, 403, 503),
  },
})

const geoJsonRoute = createRoute({
  method: "get",
  path: "/v1/resources/export.geojson",
  tags: ["resources"],
  summary: "Export the directory as GeoJSON (permission resources:read)",
  security: bearerSecurity,
  responses: {
    200: {
      description: "A FeatureCollection of the active entries that have coordinates",
      headers: {
        "X-Zaitaku-Without-Location": {
          description: "How many active entries were left out for lack of coordinates",
          schema: { type: "string" },
        },
      },
      content: { "application/geo+json": { schema: z.object({ type: z.literal("FeatureCollection") }).loose() } },
    },
    ...problemResponses(401, 403, 503),
  },
})

const hsdsRoute = createRoute({
  method: "get",
  path: "/v1/resources/export.hsds.json",
  tags: ["resources"],
  summary: "Export the directory as Open Referral HSDS 3.0 (permission resources:read)",
  description: "The HSDS tabular document with the JP profile (`@zaitaku/hsds`), published under the tenant's name.",
  security: bearerSecurity,
  responses: {
    200: {
      description: "The HSDS dataset",
      content: { "application/json": { schema: z.object({ version: z.literal("3.0") }).loose() } },
    },
    ...problemResponses(401, 403, 503),
  },
})

/**
 * Registers `GET /v1/resources/export.csv`, `GET /v1/resources/export.geojson` and
 * `GET /v1/resources/export.hsds.json`. Register before the resource routes: `/v1/resources/{id}` would otherwise
 * take `export.csv` for an id.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerExports = (app: App, deps: RouteDeps): void => {
  const { runtime } = deps
  const read = requireAuth(runtime, "resources:read")
  app.openapi({ ...csvRoute, middleware: read }, async (c) => {
    const file = await runAsPrincipal(c, runtime, exportCsv(c.req.valid("query")))
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, file.headers) as never
  })
  app.openapi({ ...geoJsonRoute, middleware: read }, async (c) => {
    const { collection, skipped, filename } = await runAsPrincipal(c, runtime, exportGeoJson())
    return c.body(JSON.stringify(collection), 200, {
      "Content-Type": "application/geo+json",
      "X-Zaitaku-Without-Location": String(skipped.length),
      ...downloadHeaders(filename),
    }) as never
  })
  app.openapi({ ...hsdsRoute, middleware: read }, async (c) => {
    const { dataset, filename } = await runAsPrincipal(c, runtime, exportHsds())
    return c.body(JSON.stringify(dataset), 200, {
      "Content-Type": "application/json; charset=utf-8",
      ...downloadHeaders(filename),
    }) as never
  })
}
