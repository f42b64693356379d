/**
 * 資源台帳 (resource directory store): the `ResourceStore` port, its query model and the pure functions that define
 * its behaviour, so that every adapter (memory, PGlite, PostgreSQL) and every client-side filter agree.
 *
 * Decisions an adapter must follow (the contract suite in `@zaitaku/testing` checks each one):
 * - **Tenancy.** Every entry belongs to the acting tenant's directory; another tenant's id is {@link NotFound}.
 *   `create` refuses an input whose `tenantId` is not the actor's tenant.
 * - **Versions.** `create` gives version 1; each write that changes something adds 1. `update` and `attest` take the
 *   version the caller last saw and fail with {@link Conflict} `version_mismatch` when it is stale.
 * - **No-op updates.** An update whose result equals the stored entry returns it unchanged: no new version, no
 *   audit entry, no change rows. An attestation always writes (the act of checking is what is recorded).
 * - **Change log.** `update` and `attest` record one {@link ResourceChange} per changed field ({@link diffResources}),
 *   with the new version; `create` records none (the audit trail records the creation; the first version is the
 *   entry itself). The log reads newest first: version descending, then field path.
 * - **Audit.** `resource.create`, `resource.update` and `resource.attest` are appended by the store, atomically with
 *   the write, with {@link resourceAuditEvent}. Reads are not audited (the directory holds no personal data).
 * - **Idempotency.** `create` with an idempotency key returns the entry first created with that key (in its current
 *   state) when the input is the same ({@link idempotencyFingerprint}), and fails with {@link Conflict} when it is
 *   not. Keys are per tenant.
 * - **Source records.** Within a tenant, at most one entry has a given `provenance.source` + `sourceRecordId`
 *   (事業所番号, 医療情報ネット ID): a second one is a {@link Conflict} `already_exists`.
 * - **Providers.** A provider (事業所) attests and proposes changes to its own entries only ({@link requireScope});
 *   its proposals wait for a coordinator's review (`resources:review`), as `ResourceChangeRequest.ts` describes.
 *   The stale report counts each entry's pending requests.
 * - **Search.** {@link matchesResourceQuery} says which entries match; the order is {@link compareForListing}
 *   (reading, then id) or, with `near`, distance then id; cursors are keyset cursors ({@link encodeResourceCursor}),
 *   so paging never repeats or skips an entry that does not change while paging.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Ref, Result, Semaphore } from "effect"
import * as z from "zod"
import { Actor, actsFor, outOfScope, requirePermission } from "./Actor.js"
import { LocalGovernmentCode } from "./Area.js"
import { AuditLog } from "./AuditLog.js"
import { decode, decodeSync } from "./Decode.js"
import { Conflict, type Forbidden, NotFound, type StoreError, ValidationError } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { ResourceChangeRequestId, ResourceId } from "./Ids.js"
import { fromBase64Url, invalidCursor, toBase64Url } from "./internal/cursor.js"
import type { LocalizedText } from "./Label.js"
import { IsoDate, toIsoDate } from "./Period.js"
import {
  type Assurance,
  assuranceStatus,
  DayOfWeek,
  GeoPoint,
  type Resource,
  type ResourceChange,
  type ResourceSource,
  ResourceStatus,
  TimeOfDay,
  type WeeklyHours,
} from "./Resource.js"
import {
  AcceptOptions,
  type ChangeRequestPage,
  type ChangeRequestQueryInput,
  changeRequestAuditEvent,
  decideRequest,
  ProposedPatch,
  type ProposedPatchInput,
  ProposeOptions,
  type ProposeOptionsInput,
  pageChangeRequests,
  pendingCounts,
  prepareAcceptance,
  prepareProposal,
  RejectOptions,
  type ResourceChangeRequest,
} from "./ResourceChangeRequest.js"
import { Capability, isKindOf, ResourceKind, resourceKinds } from "./ResourceKind.js"
import {
  applyResourcePatch,
  attestResource,
  type CreateResourceOptions,
  decodeCreate,
  idempotencyFingerprint,
  type NewResourceInput,
  ResourcePatch,
  type ResourcePatchInput,
  resourceAuditEvent,
  WriteResourceOptions,
} from "./ResourceWrite.js"
import { matchesQuery, normalizeForSearch } from "./SearchText.js"

// ---------------------------------------------------------------------------------------------------------------
// Distance
// ---------------------------------------------------------------------------------------------------------------

/**
 * 地球の平均半径 (mean Earth radius) in kilometres, as used by {@link distanceKm} (IUGG mean radius R₁).
 *
 * @since 0.1.0
 * @category distance
 * @example
 * ```ts
 * import { earthRadiusKm } from "@zaitaku/core"
 *
 * earthRadiusKm // 6371.0088
 * ```
 */
export const earthRadiusKm = 6371.0088

/**
 * 2点間の距離 (great-circle distance) in kilometres, by the haversine formula on a sphere of radius
 * {@link earthRadiusKm}: `2R·asin(min(1, √(sin²(Δφ/2) + cos φ₁·cos φ₂·sin²(Δλ/2))))`. SQL adapters compute the same
 * expression, so that radius filters and the distance order agree.
 *
 * @since 0.1.0
 * @category distance
 * @example
 * ```ts
 * import { distanceKm } from "@zaitaku/core"
 *
 * // 八戸市役所 → 三戸町役場: about 25 km
 * distanceKm({ latitude: 40.5123, longitude: 141.4885 }, { latitude: 40.3766, longitude: 141.2571 })
 * ```
 */
export const distanceKm = (a: GeoPoint, b: GeoPoint): number => {
  const radians = Math.PI / 180
  const phi1 = a.latitude * radians
  const phi2 = b.latitude * radians
  const dPhi = (b.latitude - a.latitude) * radians
  const dLambda = (b.longitude - a.longitude) * radians
  const h = Math.sin(dPhi / 2) ** 2 + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) ** 2
  return 2 * earthRadiusKm * Math.asin(Math.min(1, Math.sqrt(h)))
}

// ---------------------------------------------------------------------------------------------------------------
// Listing order
// ---------------------------------------------------------------------------------------------------------------

/**
 * 並び順のキー (listing key): the normalised reading ({@link normalizeForSearch} of `nameKana`), or the normalised
 * name when the entry has no reading. Adapters store it beside the entry to sort and page by it.
 *
 * @since 0.1.0
 * @category ordering
 * @example
 * ```ts
 * import { listingKey } from "@zaitaku/core"
 *
 * listingKey({ name: "八戸訪問看護ステーション", nameKana: "ハチノヘホウモンカンゴステーション" }) // "はちのへほうもんかんごすてーしょん"
 * listingKey({ name: "ＡＢＣ薬局" }) // "abc薬局"
 * ```
 */
export const listingKey = (resource: { readonly name: string; readonly nameKana?: string | undefined }): string => {
  const kana = resource.nameKana === undefined ? "" : normalizeForSearch(resource.nameKana)
  return kana.length > 0 ? kana : normalizeForSearch(resource.name)
}

/**
 * 文字列の比較 (string comparison) by Unicode code point, which is the order of UTF-8 bytes and therefore of
 * PostgreSQL's `COLLATE "C"`. (JavaScript's `<` compares UTF-16 code units and puts characters beyond U+FFFF, such
 * as 𠮷, before U+E000–U+FFFF.)
 *
 * @since 0.1.0
 * @category ordering
 * @example
 * ```ts
 * import { compareCodePoints } from "@zaitaku/core"
 *
 * compareCodePoints("あ", "い") // -1
 * compareCodePoints("𠮷", "ｱ") // 1 (U+20BB7 after U+FF71)
 * ```
 */
export const compareCodePoints = (a: string, b: string): number => {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) {
      const fx = x >= 0xe000 ? x - 0x800 : x >= 0xd800 ? x + 0x2000 : x
      const fy = y >= 0xe000 ? y - 0x800 : y >= 0xd800 ? y + 0x2000 : y
      return fx < fy ? -1 : 1
    }
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

/**
 * 一覧の並び順 (listing order): by {@link listingKey}, then by id — total and stable, the default order of a search.
 *
 * @since 0.1.0
 * @category ordering
 * @example
 * ```ts
 * import { compareForListing, type Resource } from "@zaitaku/core"
 *
 * declare const resources: Array<Resource>
 * resources.sort(compareForListing)
 * ```
 */
export const compareForListing = (
  a: { readonly id: string; readonly name: string; readonly nameKana?: string | undefined },
  b: { readonly id: string; readonly name: string; readonly nameKana?: string | undefined },
): number => compareCodePoints(listingKey(a), listingKey(b)) || compareCodePoints(a.id, b.id)

// ---------------------------------------------------------------------------------------------------------------
// Cursors
// ---------------------------------------------------------------------------------------------------------------

/**
 * カーソル (cursor) contents: the sort key and id of the last item of a page, for the listing order (`name`), the
 * distance order (`distance`) or the change log (`change`). Clients treat the encoded form as opaque.
 *
 * @since 0.1.0
 * @category cursors
 * @example
 * ```ts
 * import { ResourceCursor } from "@zaitaku/core"
 *
 * ResourceCursor.parse({ v: 1, o: "name", k: "はちのへ", id: "0192f5a0-0000-7000-8000-000000000001" })
 * ```
 */
export const ResourceCursor = z.discriminatedUnion("o", [
  z.object({ v: z.literal(1), o: z.literal("name"), k: z.string(), id: ResourceId }).strict(),
  z.object({ v: z.literal(1), o: z.literal("distance"), d: z.number().min(0), id: ResourceId }).strict(),
  z.object({ v: z.literal(1), o: z.literal("change"), version: z.int().min(1), field: z.string() }).strict(),
])
/** @since 0.1.0 @category cursors */
export type ResourceCursor = z.infer<typeof ResourceCursor>

/**
 * カーソルの符号化 (encode a cursor): base64url (no padding) of the cursor's JSON.
 *
 * @since 0.1.0
 * @category cursors
 * @example
 * ```ts
 * import { decodeResourceCursor, encodeResourceCursor, ResourceId } from "@zaitaku/core"
 *
 * const cursor = encodeResourceCursor({ v: 1, o: "distance", d: 1.25, id: ResourceId.parse("0192f5a0-0000-7000-8000-000000000001") })
 * decodeResourceCursor(cursor) // Result.succeed({ v: 1, o: "distance", d: 1.25, id: "0192f5a0-…" })
 * ```
 */
export const encodeResourceCursor = (cursor: ResourceCursor): string => toBase64Url(JSON.stringify(cursor))

/**
 * カーソルの復号 (decode a cursor): the cursor, or a {@link ValidationError} at `["cursor"]` (code `invalid_cursor`,
 * Japanese and English message) for anything that is not a cursor this module encoded. Never throws.
 *
 * @since 0.1.0
 * @category cursors
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { decodeResourceCursor } from "@zaitaku/core"
 *
 * Result.isFailure(decodeResourceCursor("not a cursor")) // true
 * ```
 */
export const decodeResourceCursor = (
  text: string,
  subject = "query",
): Result.Result<ResourceCursor, ValidationError> => {
  const json = fromBase64Url(text)
  if (json === undefined) return Result.fail(invalidCursor(subject))
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return Result.fail(invalidCursor(subject))
  }
  const parsed = ResourceCursor.safeParse(value)
  return parsed.success ? Result.succeed(parsed.data) : Result.fail(invalidCursor(subject))
}

// ---------------------------------------------------------------------------------------------------------------
// Query
// ---------------------------------------------------------------------------------------------------------------

/**
 * 近くの資源 (proximity filter): entries with coordinates within `radiusKm` (inclusive) of the point; entries
 * without coordinates never match.
 *
 * @since 0.1.0
 * @category query
 * @example
 * ```ts
 * import { NearQuery } from "@zaitaku/core"
 *
 * NearQuery.parse({ latitude: 40.5123, longitude: 141.4885, radiusKm: 5 })
 * ```
 */
export const NearQuery = z
  .object({
    latitude: GeoPoint.shape.latitude,
    longitude: GeoPoint.shape.longitude,
    radiusKm: z.number().positive().max(1000),
  })
  .strict()
/** @since 0.1.0 @category query */
export type NearQuery = z.infer<typeof NearQuery>

/**
 * 営業中の条件 (open-at filter): a day and a time; an entry matches when one of that day's periods has
 * `opens ≤ time < closes`.
 *
 * @since 0.1.0
 * @category query
 * @example
 * ```ts
 * import { OpenAtQuery } from "@zaitaku/core"
 *
 * OpenAtQuery.parse({ day: "mon", time: "09:00" })
 * ```
 */
export const OpenAtQuery = z.object({ day: DayOfWeek, time: TimeOfDay }).strict()
/** @since 0.1.0 @category query */
export type OpenAtQuery = z.infer<typeof OpenAtQuery>

/**
 * 資源の検索条件 (resource query). All given filters must hold:
 * - `text`: every whitespace-separated token is found in the name, reading or address ({@link matchesQuery}:
 *   width-, kana- and space-insensitive);
 * - `kinds`: the entry's kind is one of them or refines one ({@link isKindOf}: `clinic` finds 有床・無床診療所);
 * - `capabilities`: the entry has all of them;
 * - `municipalityCodes`: the address or the service area contains one of them;
 * - `status`: one of them (default: `active` only);
 * - `openAt`, `hasVacancy` (`true`: a known vacancy ≥ 1; `false`: the others), `near`;
 * - `modifiedAfter`: `updatedAt` strictly after the instant.
 *
 * `limit` is 1–200 (default 50). Unknown keys are refused, so a misspelt filter is an error, not a silent no-op.
 *
 * @since 0.1.0
 * @category query
 * @example
 * ```ts
 * import { ResourceQuery } from "@zaitaku/core"
 *
 * ResourceQuery.parse({ text: "ほうもんかんご", kinds: ["home_nursing_station"], openAt: { day: "sat", time: "10:00" } })
 * ```
 */
export const ResourceQuery = z
  .object({
    text: z.string().max(200).optional(),
    kinds: z.array(ResourceKind).min(1).max(100).optional(),
    capabilities: z.array(Capability).min(1).max(100).optional(),
    municipalityCodes: z.array(LocalGovernmentCode).min(1).max(500).optional(),
    status: z.array(ResourceStatus).min(1).max(3).default(["active"]),
    openAt: OpenAtQuery.optional(),
    hasVacancy: z.boolean().optional(),
    near: NearQuery.optional(),
    modifiedAfter: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** Opaque cursor from the previous page of the same query. */
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category query */
export type ResourceQuery = z.infer<typeof ResourceQuery>
/** The input form of a {@link ResourceQuery} (defaults not yet applied). @since 0.1.0 @category query */
export type ResourceQueryInput = z.input<typeof ResourceQuery>

/**
 * 種別の展開 (kinds with their refinements): every kind that matches a `kinds` filter. SQL adapters use it to
 * turn the filter into `kind = ANY($1)`.
 *
 * @since 0.1.0
 * @category query
 * @example
 * ```ts
 * import { kindsMatching } from "@zaitaku/core"
 *
 * kindsMatching(["clinic"]) // ["clinic", "clinic_with_beds", "clinic_without_beds"]
 * ```
 */
export const kindsMatching = (kinds: ReadonlyArray<ResourceKind>): ReadonlyArray<ResourceKind> =>
  resourceKinds.map((definition) => definition.code).filter((code) => kinds.some((kind) => isKindOf(code, kind)))

/**
 * 営業中か (open at): whether one of the day's periods has `opens ≤ time < closes`.
 *
 * @since 0.1.0
 * @category query
 * @example
 * ```ts
 * import { isOpenAt } from "@zaitaku/core"
 *
 * const hours = [{ day: "mon" as const, periods: [{ opens: "09:00", closes: "17:30" }] }]
 * isOpenAt(hours, { day: "mon", time: "09:00" }) // true
 * isOpenAt(hours, { day: "mon", time: "17:30" }) // false
 * ```
 */
export const isOpenAt = (hours: WeeklyHours, at: OpenAtQuery): boolean =>
  hours.some((day) => day.day === at.day && day.periods.some((p) => p.opens <= at.time && at.time < p.closes))

/**
 * 検索条件に合うか (matches the query): the filters of a parsed {@link ResourceQuery} applied to one entry
 * (`limit` and `cursor` are paging, not filters). The reference for every adapter's `WHERE` clause.
 *
 * @since 0.1.0
 * @category query
 * @example
 * ```ts
 * import { matchesResourceQuery, ResourceQuery, type Resource } from "@zaitaku/core"
 *
 * declare const resource: Resource
 * matchesResourceQuery(resource, ResourceQuery.parse({ text: "ﾎｳﾓﾝ", hasVacancy: true }))
 * ```
 */
export const matchesResourceQuery = (resource: Resource, query: ResourceQuery): boolean => {
  if (!query.status.includes(resource.status)) return false
  if (query.kinds !== undefined && !query.kinds.some((kind) => isKindOf(resource.kind, kind))) return false
  if (query.capabilities !== undefined && !query.capabilities.every((c) => resource.capabilities.includes(c))) {
    return false
  }
  if (
    query.municipalityCodes !== undefined &&
    !query.municipalityCodes.some(
      (code) => resource.address.municipalityCode === code || resource.serviceArea.includes(code),
    )
  ) {
    return false
  }
  if (query.openAt !== undefined && !isOpenAt(resource.hours, query.openAt)) return false
  if (query.hasVacancy !== undefined) {
    const vacant = (resource.availability?.vacancy ?? 0) >= 1
    if (vacant !== query.hasVacancy) return false
  }
  if (query.near !== undefined) {
    if (resource.location === undefined) return false
    if (distanceKm(resource.location, query.near) > query.near.radiusKm) return false
  }
  if (query.modifiedAfter !== undefined && !(Date.parse(resource.updatedAt) > Date.parse(query.modifiedAfter))) {
    return false
  }
  if (query.text !== undefined && !matchesQuery(resource, query.text)) return false
  return true
}

/**
 * 検索結果の1ページ (a page of search results), in the query's order; `nextCursor` is `null` on the last page.
 *
 * @since 0.1.0
 * @category query
 * @example
 * ```ts
 * import type { ResourcePage } from "@zaitaku/core"
 *
 * const empty: ResourcePage = { items: [], nextCursor: null }
 * ```
 */
export interface ResourcePage {
  readonly items: ReadonlyArray<Resource>
  readonly nextCursor: string | null
}

/**
 * 検索 (search) over entries in memory: filter with {@link matchesResourceQuery}, order by
 * {@link compareForListing} (or, with `near`, by distance then id), continue after the cursor, cut at `limit`.
 * A cursor of the other order (a distance cursor without `near`, or the reverse) is a {@link ValidationError}.
 * The in-memory store uses it; widgets fed with a plain array can too.
 *
 * @since 0.1.0
 * @category query
 * @example
 * ```ts
 * import { searchResources, type Resource } from "@zaitaku/core"
 *
 * declare const resources: ReadonlyArray<Resource>
 * searchResources(resources, { text: "訪問看護", limit: 20 })
 * ```
 */
export const searchResources = (
  resources: Iterable<Resource>,
  input: ResourceQueryInput,
): Result.Result<ResourcePage, ValidationError> => {
  const decoded = decodeSync(ResourceQuery, "query")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const query = decoded.success
  let cursor: ResourceCursor | undefined
  if (query.cursor !== undefined) {
    const parsed = decodeResourceCursor(query.cursor)
    if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
    cursor = parsed.success
    if (cursor.o !== (query.near === undefined ? "name" : "distance")) return Result.fail(invalidCursor("query"))
  }
  const matching = [...resources].filter((resource) => matchesResourceQuery(resource, query))
  let items: Array<Resource>
  let cursorOf: (resource: Resource) => ResourceCursor
  const near = query.near
  if (near === undefined) {
    const keyed = matching.map((resource) => ({ resource, key: listingKey(resource) }))
    keyed.sort((a, b) => compareCodePoints(a.key, b.key) || compareCodePoints(a.resource.id, b.resource.id))
    const after =
      cursor?.o === "name"
        ? keyed.filter(
            (row) => (compareCodePoints(row.key, cursor.k) || compareCodePoints(row.resource.id, cursor.id)) > 0,
          )
        : keyed
    items = after.map((row) => row.resource)
    cursorOf = (resource) => ({ v: 1, o: "name", k: listingKey(resource), id: resource.id })
  } else {
    const distanceOf = (resource: Resource) => distanceKm(resource.location!, near)
    const keyed = matching.map((resource) => ({ resource, d: distanceOf(resource) }))
    keyed.sort((a, b) => a.d - b.d || compareCodePoints(a.resource.id, b.resource.id))
    const after =
      cursor?.o === "distance"
        ? keyed.filter(
            (row) => row.d > cursor.d || (row.d === cursor.d && compareCodePoints(row.resource.id, cursor.id) > 0),
          )
        : keyed
    items = after.map((row) => row.resource)
    cursorOf = (resource) => ({ v: 1, o: "distance", d: distanceOf(resource), id: resource.id })
  }
  const page = items.slice(0, query.limit)
  const last = page[page.length - 1]
  return Result.succeed({
    items: page,
    nextCursor: items.length > query.limit && last !== undefined ? encodeResourceCursor(cursorOf(last)) : null,
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Change log
// ---------------------------------------------------------------------------------------------------------------

/**
 * 変更履歴の取得条件 (change log query): `limit` 1–200 (default 50) and the cursor of the previous page.
 *
 * @since 0.1.0
 * @category change log
 * @example
 * ```ts
 * import { ResourceChangeQuery } from "@zaitaku/core"
 *
 * ResourceChangeQuery.parse({ limit: 20 })
 * ```
 */
export const ResourceChangeQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category change log */
export type ResourceChangeQuery = z.infer<typeof ResourceChangeQuery>
/** The input form of a {@link ResourceChangeQuery}. @since 0.1.0 @category change log */
export type ResourceChangeQueryInput = z.input<typeof ResourceChangeQuery>

/**
 * A page of the change log, newest first (version descending, then field path).
 *
 * @since 0.1.0
 * @category change log
 * @example
 * ```ts
 * import type { ResourceChangePage } from "@zaitaku/core"
 *
 * const empty: ResourceChangePage = { items: [], nextCursor: null }
 * ```
 */
export interface ResourceChangePage {
  readonly items: ReadonlyArray<ResourceChange>
  readonly nextCursor: string | null
}

/**
 * 変更履歴の並び順 (change log order): version descending, then field path by code point.
 *
 * @since 0.1.0
 * @category change log
 * @example
 * ```ts
 * import { compareChanges, type ResourceChange } from "@zaitaku/core"
 *
 * declare const changes: Array<ResourceChange>
 * changes.sort(compareChanges)
 * ```
 */
export const compareChanges = (
  a: { readonly version: number; readonly field: string },
  b: { readonly version: number; readonly field: string },
): number => b.version - a.version || compareCodePoints(a.field, b.field)

/**
 * 変更履歴のページ (page the change log), pure: orders with {@link compareChanges} and continues after the cursor.
 *
 * @since 0.1.0
 * @category change log
 * @example
 * ```ts
 * import { pageChanges, type ResourceChange } from "@zaitaku/core"
 *
 * declare const changes: ReadonlyArray<ResourceChange>
 * pageChanges(changes, { limit: 10 })
 * ```
 */
export const pageChanges = (
  changes: Iterable<ResourceChange>,
  input: ResourceChangeQueryInput = {},
): Result.Result<ResourceChangePage, ValidationError> => {
  const decoded = decodeSync(ResourceChangeQuery, "query")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const query = decoded.success
  let all = [...changes].sort(compareChanges)
  if (query.cursor !== undefined) {
    const parsed = decodeResourceCursor(query.cursor)
    if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
    const cursor = parsed.success
    if (cursor.o !== "change") return Result.fail(invalidCursor("query"))
    all = all.filter((change) => compareChanges(change, cursor) > 0)
  }
  const page = all.slice(0, query.limit)
  const last = page[page.length - 1]
  return Result.succeed({
    items: page,
    nextCursor:
      all.length > query.limit && last !== undefined
        ? encodeResourceCursor({ v: 1, o: "change", version: last.version, field: last.field })
        : null,
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Stale report
// ---------------------------------------------------------------------------------------------------------------

/**
 * 確認期限レポートの条件 (stale report options): today (`now`: a `Date`, `YYYY-MM-DD` or an ISO date-time; default
 * the `Clock`), the assurance period in months (1–120, default 12) and the warning window in days (0–365, default
 * 30), as in {@link assuranceStatus}.
 *
 * @since 0.1.0
 * @category freshness
 * @example
 * ```ts
 * import { StaleReportOptions } from "@zaitaku/core"
 *
 * StaleReportOptions.parse({ now: "2025-07-01", periodMonths: 6 })
 * ```
 */
export const StaleReportOptions = z
  .object({
    now: z.union([z.date(), IsoDate, z.iso.datetime({ offset: true }).transform((text) => new Date(text))]).optional(),
    periodMonths: z.int().min(1).max(120).default(12),
    dueSoonDays: z.int().min(0).max(365).default(30),
  })
  .strict()
/** @since 0.1.0 @category freshness */
export type StaleReportOptions = z.infer<typeof StaleReportOptions>
/** The input form of {@link StaleReportOptions}. @since 0.1.0 @category freshness */
export type StaleReportOptionsInput = z.input<typeof StaleReportOptions>

/**
 * One line of the stale report: the entry and its assurance status (never `current`).
 *
 * @since 0.1.0
 * @category freshness
 * @example
 * ```ts
 * import type { StaleEntry } from "@zaitaku/core"
 *
 * declare const entry: StaleEntry
 * entry.assurance.status // "overdue" | "due_soon" | "never_assured"
 * ```
 */
export interface StaleEntry {
  readonly resource: Resource
  /** Never `current`. */
  readonly assurance: Assurance
  /** 審査待ちの変更申請: the office has answered and a coordinator's review is pending. */
  readonly pendingChangeRequests: number
}

/**
 * 確認期限レポート (stale report): the entries to check, as of a date.
 *
 * @since 0.1.0
 * @category freshness
 * @example
 * ```ts
 * import type { StaleReport } from "@zaitaku/core"
 *
 * declare const report: StaleReport
 * report.items.filter((item) => item.assurance.status === "overdue").length
 * ```
 */
export interface StaleReport {
  /** The date the report was computed for (Japan). */
  readonly asOf: IsoDate
  readonly periodMonths: number
  readonly dueSoonDays: number
  readonly items: ReadonlyArray<StaleEntry>
}

const staleRank: Readonly<Record<Assurance["status"], number>> = {
  overdue: 0,
  due_soon: 1,
  never_assured: 2,
  current: 3,
}

/**
 * 確認が必要な資源 (entries due for checking), pure: entries that are not closed and whose
 * {@link assuranceStatus} is `overdue`, `due_soon` or `never_assured`; overdue first (most overdue first), then
 * due soon (soonest first), then never assured; ties in {@link compareForListing} order.
 *
 * @since 0.1.0
 * @category freshness
 * @example
 * ```ts
 * import { staleEntries, type Resource } from "@zaitaku/core"
 *
 * declare const resources: ReadonlyArray<Resource>
 * staleEntries(resources, { now: "2025-07-01" })
 * ```
 */
export const staleEntries = (
  resources: Iterable<Resource>,
  options: {
    readonly now: Date | string
    readonly periodMonths?: number
    readonly dueSoonDays?: number
    /** Pending change requests per entry id ({@link pendingCounts}); none when absent. */
    readonly pending?: ReadonlyMap<string, number>
  },
): ReadonlyArray<StaleEntry> => {
  const items: Array<StaleEntry> = []
  for (const resource of resources) {
    if (resource.status === "closed") continue
    const assurance = assuranceStatus(resource, options)
    if (assurance.status !== "current") {
      items.push({ resource, assurance, pendingChangeRequests: options.pending?.get(resource.id) ?? 0 })
    }
  }
  return items.sort(
    (a, b) =>
      staleRank[a.assurance.status] - staleRank[b.assurance.status] ||
      ("daysUntilDue" in a.assurance && "daysUntilDue" in b.assurance
        ? a.assurance.daysUntilDue - b.assurance.daysUntilDue
        : 0) ||
      compareForListing(a.resource, b.resource),
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------------------------------------------

/**
 * One input of `createMany`: the entry and, optionally, its idempotency key.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import type { CreateManyInput, NewResourceInput } from "@zaitaku/core"
 *
 * declare const entry: NewResourceInput
 * const input: CreateManyInput = { input: entry, idempotencyKey: "import:130:0260190001" }
 * ```
 */
export interface CreateManyInput {
  readonly input: NewResourceInput
  readonly idempotencyKey?: string | undefined
}

/**
 * What `createMany` did with one input, in input order: `Created` (also for a repeat of an idempotency key with the
 * same entry: the entry first created with it, in its current state), or `Refused` with the error `create` would
 * have failed with (a {@link ValidationError}, or a {@link Conflict} for a source record or key already taken —
 * by the directory or by an earlier input of the same batch).
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import type { CreateManyOutcome } from "@zaitaku/core"
 *
 * const created = (outcomes: ReadonlyArray<CreateManyOutcome>) => outcomes.filter((o) => o._tag === "Created").length
 * ```
 */
export type CreateManyOutcome =
  | { readonly _tag: "Created"; readonly resource: Resource }
  | { readonly _tag: "Refused"; readonly error: ValidationError | Conflict }

/**
 * The error of a `createMany` batch larger than {@link maxCreateMany}.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { tooManyInputs } from "@zaitaku/core"
 *
 * tooManyInputs(1200).issues[0]?.code // "too_big"
 * ```
 */
export const tooManyInputs = (count: number): ValidationError =>
  new ValidationError({
    subject: "resources",
    issues: [
      {
        path: [],
        code: "too_big",
        message: {
          ja: `一度に登録できるのは${maxCreateMany}件までです（${count}件が指定されました）`,
          en: `At most ${maxCreateMany} entries per batch, got ${count}`,
        },
      },
    ],
  })

/**
 * Largest batch `createMany` takes.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { maxCreateMany } from "@zaitaku/core"
 *
 * maxCreateMany // 1000
 * ```
 */
export const maxCreateMany = 1000

// ---------------------------------------------------------------------------------------------------------------
// Port
// ---------------------------------------------------------------------------------------------------------------

/**
 * Japanese and English labels of the audited resource actions.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { resourceActionLabels } from "@zaitaku/core"
 *
 * resourceActionLabels["resource.attest"].ja // "掲載情報の確認"
 * ```
 */
export const resourceActionLabels: Readonly<
  Record<"resource.create" | "resource.update" | "resource.attest", LocalizedText>
> = {
  "resource.create": { ja: "資源の登録", en: "Resource created" },
  "resource.update": { ja: "資源の更新", en: "Resource updated" },
  "resource.attest": { ja: "掲載情報の確認", en: "Resource attested" },
}

/**
 * The `ResourceStore` port: one tenant's resource directory (地域の医療・介護資源). Every method acts within the
 * current {@link Actor}'s tenant; each write is audited by the store, atomically with it. The module documentation
 * lists the behaviour every adapter must show; the contract suite checks it.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ResourceStore } from "@zaitaku/core"
 *
 * const nearby = Effect.flatMap(Effect.service(ResourceStore), (store) =>
 *   store.search({ kinds: ["home_nursing_station"], near: { latitude: 40.5123, longitude: 141.4885, radiusKm: 10 } }),
 * )
 * ```
 */
export class ResourceStore extends Context.Service<
  ResourceStore,
  {
    /**
     * Creates an entry (version 1), with `resources:write`. `input.tenantId` must be the actor's tenant. With an idempotency key, a repeat of
     * the same input returns the same entry (current state) and writes nothing; a different input is a Conflict.
     */
    create(
      input: NewResourceInput,
      options?: z.input<typeof CreateResourceOptions>,
    ): Effect.Effect<Resource, ValidationError | Conflict | Forbidden | StoreError, Actor>
    /**
     * Creates many entries in one unit of work — what an import of a national file needs —, with the same checks
     * and the same audit entries as one `create` per input, in input order. A refused input (invalid, or a source
     * record or idempotency key already taken, also by an earlier input of the batch) is reported and the others
     * are still created; a store failure writes nothing at all. At most {@link maxCreateMany} inputs.
     */
    createMany(
      inputs: ReadonlyArray<CreateManyInput>,
    ): Effect.Effect<ReadonlyArray<CreateManyOutcome>, ValidationError | Forbidden | StoreError, Actor>
    /** One entry; {@link NotFound} when it does not exist in the actor's tenant. */
    get(id: ResourceId): Effect.Effect<Resource, NotFound | StoreError, Actor>
    /** The entry imported from a source record (事業所番号, 医療情報ネット ID …), if any. */
    findBySourceRecord(
      source: ResourceSource,
      sourceRecordId: string,
    ): Effect.Effect<Option.Option<Resource>, StoreError, Actor>
    /**
     * Applies a {@link ResourcePatch}, with `resources:write`. Checks, in order: the permission (Forbidden), the
     * input (ValidationError), the entry (NotFound), the version (Conflict `version_mismatch`), the patched entry
     * (ValidationError), the source record (Conflict `already_exists`). A patch that changes nothing returns the
     * entry unchanged and writes nothing.
     */
    update(
      id: ResourceId,
      patch: ResourcePatchInput,
      options: z.input<typeof WriteResourceOptions>,
    ): Effect.Effect<Resource, ValidationError | NotFound | Conflict | Forbidden | StoreError, Actor>
    /**
     * Records that the actor checked the entry now: sets `assuredAt`/`assuredBy`, always a new version. Needs
     * `resources:attest` for the entry ({@link outOfScope}: a provider attests its own entries only). Checks, in
     * order: the permission, the input, the entry (NotFound), the scope (Forbidden), the version.
     */
    attest(
      id: ResourceId,
      options: z.input<typeof WriteResourceOptions>,
    ): Effect.Effect<Resource, ValidationError | NotFound | Conflict | Forbidden | StoreError, Actor>
    /**
     * 変更申請 (propose changes) to an entry, for a coordinator to review ({@link prepareProposal}). Needs
     * `resources:propose` for the entry. Checks, in order: the permission (Forbidden), the input, the entry
     * (NotFound), the scope (Forbidden), the version (Conflict `version_mismatch`), the patched entry and
     * `no_changes` (ValidationError).
     */
    propose(
      id: ResourceId,
      patch: ProposedPatchInput,
      options: ProposeOptionsInput,
    ): Effect.Effect<ResourceChangeRequest, ValidationError | NotFound | Conflict | Forbidden | StoreError, Actor>
    /** One change request; NotFound outside the tenant or (for a provider) outside its own entries. */
    changeRequest(id: ResourceChangeRequestId): Effect.Effect<ResourceChangeRequest, NotFound | StoreError, Actor>
    /** The change requests the actor may see ({@link pageChangeRequests} is the reference), oldest first. */
    changeRequests(
      query?: ChangeRequestQueryInput,
    ): Effect.Effect<ChangeRequestPage, ValidationError | StoreError, Actor>
    /**
     * Accepts a pending request (`resources:review`): applies it to the entry ({@link prepareAcceptance}), with
     * its change rows and the audit events `resource.update` and `resource_change_request.accept`, atomically.
     */
    acceptChangeRequest(
      id: ResourceChangeRequestId,
      options?: z.input<typeof AcceptOptions>,
    ): Effect.Effect<
      { readonly request: ResourceChangeRequest; readonly resource: Resource },
      ValidationError | NotFound | Conflict | Forbidden | StoreError,
      Actor
    >
    /** Rejects a pending request with a comment for the office (`resources:review`); the entry is unchanged. */
    rejectChangeRequest(
      id: ResourceChangeRequestId,
      options: z.input<typeof RejectOptions>,
    ): Effect.Effect<ResourceChangeRequest, ValidationError | NotFound | Conflict | Forbidden | StoreError, Actor>
    /** Withdraws a pending request (`resources:propose` for its entry: the office that proposed it). */
    withdrawChangeRequest(
      id: ResourceChangeRequestId,
    ): Effect.Effect<ResourceChangeRequest, NotFound | Conflict | Forbidden | StoreError, Actor>
    /** The field-level change log of an entry, newest first. */
    changes(
      id: ResourceId,
      query?: ResourceChangeQueryInput,
    ): Effect.Effect<ResourceChangePage, ValidationError | NotFound | StoreError, Actor>
    /** Searches the tenant's directory ({@link searchResources} is the reference behaviour). */
    search(query: ResourceQueryInput): Effect.Effect<ResourcePage, ValidationError | StoreError, Actor>
    /**
     * The entries due for checking ({@link staleEntries}), as of `now` (default: the `Clock`'s today in Japan),
     * each with its number of pending change requests.
     */
    staleReport(options?: StaleReportOptionsInput): Effect.Effect<StaleReport, ValidationError | StoreError, Actor>
  }
>()("@zaitaku/core/ResourceStore") {
  /**
   * In-memory resource store (reference behaviour for the contract suite). Writes are serialised; the audit entry
   * is appended before the state changes, so a failed append leaves nothing written.
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<ResourceStore, never, IdGenerator | AuditLog> = Layer.effect(
    ResourceStore,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const audit = yield* AuditLog
      interface State {
        readonly resources: ReadonlyMap<string, Resource>
        readonly changes: ReadonlyMap<string, ReadonlyArray<ResourceChange>>
        readonly idempotency: ReadonlyMap<string, { readonly id: ResourceId; readonly fingerprint: string }>
        readonly requests: ReadonlyMap<string, ResourceChangeRequest>
      }
      const state = yield* Ref.make<State>({
        resources: new Map(),
        changes: new Map(),
        idempotency: new Map(),
        requests: new Map(),
      })
      const lock = yield* Semaphore.make(1)
      const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis).toISOString())
      const serialised = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        lock.withPermits(1)(Effect.uninterruptible(effect))
      const fromResult = <A, E>(result: Result.Result<A, E>): Effect.Effect<A, E> =>
        Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)

      const ownResources = (tenantId: string, resources: ReadonlyMap<string, Resource>) =>
        [...resources.values()].filter((resource) => resource.tenantId === tenantId)

      const findOwn = Effect.fnUntraced(function* (id: string) {
        const actor = yield* Actor
        const resource = (yield* Ref.get(state)).resources.get(id)
        if (resource === undefined || resource.tenantId !== actor.tenantId) {
          return yield* Effect.fail(new NotFound({ entity: "resource", id }))
        }
        return resource
      })

      const sourceConflict = (resources: ReadonlyMap<string, Resource>, candidate: Resource) => {
        const key = candidate.provenance.sourceRecordId
        if (key === undefined) return undefined
        const other = [...resources.values()].find(
          (resource) =>
            resource.tenantId === candidate.tenantId &&
            resource.id !== candidate.id &&
            resource.provenance.source === candidate.provenance.source &&
            resource.provenance.sourceRecordId === key,
        )
        return other === undefined
          ? undefined
          : new Conflict({ entity: "resource", id: other.id, reason: "already_exists" })
      }

      const commit = (resource: Resource, changes: ReadonlyArray<ResourceChange>) =>
        Ref.update(state, (s) => ({
          ...s,
          resources: new Map(s.resources).set(resource.id, resource),
          changes:
            changes.length === 0
              ? s.changes
              : new Map(s.changes).set(resource.id, [...(s.changes.get(resource.id) ?? []), ...changes]),
        }))

      const create = (input: NewResourceInput, options: z.input<typeof CreateResourceOptions> = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("resources:write")
          const { resource: parsed, idempotencyKey } = yield* decodeCreate(input, options)
          const fingerprint = yield* idempotencyFingerprint(parsed)
          return yield* serialised(
            Effect.gen(function* () {
              const current = yield* Ref.get(state)
              const slot = idempotencyKey === undefined ? undefined : `${actor.tenantId}\u0000${idempotencyKey}`
              const previous = slot === undefined ? undefined : current.idempotency.get(slot)
              if (previous !== undefined) {
                if (previous.fingerprint !== fingerprint) {
                  return yield* Effect.fail(
                    new Conflict({ entity: "idempotency_key", id: idempotencyKey!, reason: "already_exists" }),
                  )
                }
                return current.resources.get(previous.id)!
              }
              const at = yield* now
              const resource: Resource = {
                ...parsed,
                id: ResourceId.parse(yield* ids.next),
                createdAt: at,
                updatedAt: at,
                version: 1,
              }
              const conflict = sourceConflict(current.resources, resource)
              if (conflict !== undefined) return yield* Effect.fail(conflict)
              yield* audit.append(resourceAuditEvent("resource.create", resource))
              yield* commit(resource, [])
              if (slot !== undefined) {
                yield* Ref.update(state, (s) => ({
                  ...s,
                  idempotency: new Map(s.idempotency).set(slot, { id: resource.id, fingerprint }),
                }))
              }
              return resource
            }),
          )
        })

      const get = (id: ResourceId) => findOwn(id)

      const findBySourceRecord = (source: ResourceSource, sourceRecordId: string) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const found = ownResources(actor.tenantId, (yield* Ref.get(state)).resources).find(
            (resource) =>
              resource.provenance.source === source && resource.provenance.sourceRecordId === sourceRecordId,
          )
          return Option.fromNullishOr(found)
        })

      const update = (
        id: ResourceId,
        patchInput: ResourcePatchInput,
        optionsInput: z.input<typeof WriteResourceOptions>,
      ) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("resources:write")
          const patch = yield* decode(ResourcePatch, "resource")(patchInput)
          const options = yield* decode(WriteResourceOptions, "options")(optionsInput)
          return yield* serialised(
            Effect.gen(function* () {
              const current = yield* findOwn(id)
              if (current.version !== options.expectedVersion) {
                return yield* Effect.fail(new Conflict({ entity: "resource", id, reason: "version_mismatch" }))
              }
              const prepared = yield* fromResult(
                applyResourcePatch(current, patch, { at: yield* now, by: actor.subject, reason: options.reason }),
              )
              if (prepared.changes.length === 0) return current
              const conflict = sourceConflict((yield* Ref.get(state)).resources, prepared.resource)
              if (conflict !== undefined) return yield* Effect.fail(conflict)
              yield* audit.append(
                resourceAuditEvent(
                  "resource.update",
                  prepared.resource,
                  prepared.changes.map((change) => change.field),
                ),
              )
              yield* commit(prepared.resource, prepared.changes)
              return prepared.resource
            }),
          )
        })

      const attest = (id: ResourceId, optionsInput: z.input<typeof WriteResourceOptions>) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("resources:attest")
          const options = yield* decode(WriteResourceOptions, "options")(optionsInput)
          return yield* serialised(
            Effect.gen(function* () {
              const current = yield* findOwn(id)
              const refused = outOfScope(actor, "resources:attest", id)
              if (refused !== undefined) return yield* Effect.fail(refused)
              if (current.version !== options.expectedVersion) {
                return yield* Effect.fail(new Conflict({ entity: "resource", id, reason: "version_mismatch" }))
              }
              const prepared = attestResource(current, { at: yield* now, by: actor.subject, reason: options.reason })
              yield* audit.append(
                resourceAuditEvent(
                  "resource.attest",
                  prepared.resource,
                  prepared.changes.map((change) => change.field),
                ),
              )
              yield* commit(prepared.resource, prepared.changes)
              return prepared.resource
            }),
          )
        })

      const changes = (id: ResourceId, query: ResourceChangeQueryInput = {}) =>
        Effect.gen(function* () {
          yield* findOwn(id)
          return yield* fromResult(pageChanges((yield* Ref.get(state)).changes.get(id) ?? [], query))
        })

      const search = (query: ResourceQueryInput) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          return yield* fromResult(
            searchResources(ownResources(actor.tenantId, (yield* Ref.get(state)).resources), query),
          )
        })

      const staleReport = (input: StaleReportOptionsInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const options = yield* decode(StaleReportOptions, "options")(input)
          const today = options.now ?? new Date(yield* Clock.currentTimeMillis)
          const current = yield* Ref.get(state)
          const items = staleEntries(ownResources(actor.tenantId, current.resources), {
            now: today,
            periodMonths: options.periodMonths,
            dueSoonDays: options.dueSoonDays,
            pending: pendingCounts([...current.requests.values()].filter((r) => r.tenantId === actor.tenantId)),
          })
          return {
            asOf: toIsoDate(today),
            periodMonths: options.periodMonths,
            dueSoonDays: options.dueSoonDays,
            items,
          }
        })

      const findRequest = Effect.fnUntraced(function* (id: string) {
        const actor = yield* Actor
        const request = (yield* Ref.get(state)).requests.get(id)
        if (request === undefined || request.tenantId !== actor.tenantId || !actsFor(actor, request.resourceId)) {
          return yield* Effect.fail(new NotFound({ entity: "resource_change_request", id }))
        }
        return request
      })

      const saveRequest = (request: ResourceChangeRequest) =>
        Ref.update(state, (s) => ({ ...s, requests: new Map(s.requests).set(request.id, request) }))

      const propose = (id: ResourceId, patchInput: ProposedPatchInput, optionsInput: ProposeOptionsInput) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("resources:propose")
          const patch = yield* decode(ProposedPatch, "resource")(patchInput)
          const options = yield* decode(ProposeOptions, "options")(optionsInput)
          return yield* serialised(
            Effect.gen(function* () {
              const current = yield* findOwn(id)
              const refused = outOfScope(actor, "resources:propose", id)
              if (refused !== undefined) return yield* Effect.fail(refused)
              if (current.version !== options.expectedVersion) {
                return yield* Effect.fail(new Conflict({ entity: "resource", id, reason: "version_mismatch" }))
              }
              const request = yield* fromResult(
                prepareProposal(current, patch, {
                  id: ResourceChangeRequestId.parse(yield* ids.next),
                  at: yield* now,
                  by: actor.subject,
                  attest: options.attest,
                  reason: options.reason,
                }),
              )
              yield* audit.append(changeRequestAuditEvent("resource_change_request.create", request))
              yield* saveRequest(request)
              return request
            }),
          )
        })

      const changeRequest = (id: ResourceChangeRequestId) => findRequest(id)

      const changeRequests = (query: ChangeRequestQueryInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const all = [...(yield* Ref.get(state)).requests.values()].filter((r) => r.tenantId === actor.tenantId)
          return yield* fromResult(pageChangeRequests(all, query, actor))
        })

      const acceptChangeRequest = (id: ResourceChangeRequestId, optionsInput: z.input<typeof AcceptOptions> = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("resources:review")
          const options = yield* decode(AcceptOptions, "options")(optionsInput)
          return yield* serialised(
            Effect.gen(function* () {
              const request = yield* findRequest(id)
              const current = yield* findOwn(request.resourceId)
              const prepared = yield* fromResult(
                prepareAcceptance(current, request, { at: yield* now, by: actor.subject, comment: options.comment }),
              )
              const write = prepared.write
              if (write !== undefined) {
                yield* audit.append(
                  resourceAuditEvent(
                    "resource.update",
                    write.resource,
                    write.changes.map((change) => change.field),
                  ),
                )
              }
              yield* audit.append(changeRequestAuditEvent("resource_change_request.accept", prepared.request))
              if (write !== undefined) yield* commit(write.resource, write.changes)
              yield* saveRequest(prepared.request)
              return { request: prepared.request, resource: write?.resource ?? current }
            }),
          )
        })

      const rejectChangeRequest = (id: ResourceChangeRequestId, optionsInput: z.input<typeof RejectOptions>) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("resources:review")
          const options = yield* decode(RejectOptions, "options")(optionsInput)
          return yield* serialised(
            Effect.gen(function* () {
              const request = yield* findRequest(id)
              const decided = yield* fromResult(
                decideRequest(request, "rejected", { at: yield* now, by: actor.subject, comment: options.comment }),
              )
              yield* audit.append(changeRequestAuditEvent("resource_change_request.reject", decided))
              yield* saveRequest(decided)
              return decided
            }),
          )
        })

      const withdrawChangeRequest = (id: ResourceChangeRequestId) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("resources:propose")
          return yield* serialised(
            Effect.gen(function* () {
              const request = yield* findRequest(id)
              const decided = yield* fromResult(
                decideRequest(request, "withdrawn", { at: yield* now, by: actor.subject }),
              )
              yield* audit.append(changeRequestAuditEvent("resource_change_request.withdraw", decided))
              yield* saveRequest(decided)
              return decided
            }),
          )
        })

      const createMany = (inputs: ReadonlyArray<CreateManyInput>) =>
        Effect.gen(function* () {
          yield* requirePermission("resources:write")
          if (inputs.length > maxCreateMany) return yield* Effect.fail(tooManyInputs(inputs.length))
          const outcomes: Array<CreateManyOutcome> = []
          for (const { input, idempotencyKey } of inputs) {
            const outcome = yield* create(input, idempotencyKey === undefined ? {} : { idempotencyKey }).pipe(
              Effect.map((resource): CreateManyOutcome => ({ _tag: "Created", resource })),
              Effect.catchTags({
                ValidationError: (error) => Effect.succeed<CreateManyOutcome>({ _tag: "Refused", error }),
                Conflict: (error) => Effect.succeed<CreateManyOutcome>({ _tag: "Refused", error }),
              }),
            )
            outcomes.push(outcome)
          }
          return outcomes
        })

      return ResourceStore.of({
        create,
        createMany,
        get,
        findBySourceRecord,
        update,
        attest,
        changes,
        search,
        staleReport,
        propose,
        changeRequest,
        changeRequests,
        acceptChangeRequest,
        rejectChangeRequest,
        withdrawChangeRequest,
      })
    }),
  )
}
