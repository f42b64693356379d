/**
 * The SQL of a directory search: the exact filters, the week keys of opening hours, the distance and the box around
 * a point. `ResourceStoreLive` composes them; the tests check each against core's reference functions.
 */
import {
  DayOfWeek,
  earthRadiusKm,
  kindsMatching,
  type NearQuery,
  type OpenAtQuery,
  queryTokens,
  type ResourceQuery,
} from "@zaitaku/core"
import { eq, gt, inArray, type SQL, sql } from "drizzle-orm"
import { resources } from "../Schema.js"

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`)

/**
 * The filters of a search in SQL, each exact: an entry passes them all if and only if core's `matchesResourceQuery`
 * holds for it with `near` left out (`ResourceStoreLive`'s `searchNear` adds proximity with {@link nearConditions} and
 * {@link distanceSql}).
 */
export const filterConditions = (tenantId: string, query: ResourceQuery): Array<SQL | undefined> => {
  const conditions: Array<SQL | undefined> = [eq(resources.tenantId, tenantId)]
  conditions.push(inArray(resources.status, [...query.status]))
  if (query.kinds !== undefined) conditions.push(inArray(resources.kind, [...kindsMatching(query.kinds)]))
  if (query.capabilities !== undefined) {
    conditions.push(sql`${resources.capabilities} @> ${sql.param([...query.capabilities])}::text[]`)
  }
  if (query.municipalityCodes !== undefined) {
    const codes = [...query.municipalityCodes]
    conditions.push(
      sql`(${resources.municipalityCode} = any(${sql.param(codes)}::text[]) or ${resources.serviceArea} && ${sql.param(codes)}::text[])`,
    )
  }
  if (query.text !== undefined) {
    for (const token of queryTokens(query.text)) {
      conditions.push(sql`${resources.searchText} like ${`%${escapeLike(token)}%`}`)
    }
  }
  if (query.openAt !== undefined) conditions.push(sql`${resources.openingHours} @> ${weekKey(query.openAt)}::int4`)
  if (query.hasVacancy !== undefined) conditions.push(eq(resources.hasVacancy, query.hasVacancy))
  if (query.modifiedAfter !== undefined) conditions.push(gt(resources.updatedAt, query.modifiedAfter))
  return conditions
}

/**
 * The week key of an opening-time filter, as `opening_hours` stores periods (`day × 10000 + HHMM`, days in the order
 * of core's `DayOfWeek`, as `zaitaku_opening_hours` of the migration `search_functions` numbers them).
 */
export const weekKey = (at: OpenAtQuery): number =>
  DayOfWeek.options.indexOf(at.day) * 10_000 + Number(at.time.slice(0, 2)) * 100 + Number(at.time.slice(3, 5))

const radians = Math.PI / 180

/**
 * How far the SQL distance may be from core's `distanceKm` for the same two points, in kilometres. Both evaluate the
 * same haversine expression with the same IEEE operations on the same doubles, but `sin`, `cos` and `asin` come from
 * different maths libraries (V8's in Node, the C library's in PostgreSQL: glibc on a server, musl in PGlite), and
 * they differ in the last bit for a few percent of inputs. Measured over 200,000 pairs of points in Japan: at most
 * 4 × 10⁻¹⁶ of the distance. Distances that matter are at most the largest radius, 1000 km, so the two differ by
 * less than 10⁻¹² km; 10⁻⁹ km (a micrometre) leaves a margin of a thousand, and costs nothing but a few extra rows
 * read at the edges.
 */
export const distanceToleranceKm = 1e-9

/**
 * core's `distanceKm(resource.location, near)` in SQL, term by term in the same order (`a` is the entry, `b` the
 * point): `2R·asin(min(1, √(sin²(Δφ/2) + cos φ₁·cos φ₂·sin²(Δλ/2))))` with Δφ = (φ_b − φ_a)·(π/180). `cos φ₂` is a
 * constant of the query, computed here by Node's `Math.cos` as core does.
 */
export const distanceSql = (near: NearQuery): SQL => {
  const lat = resources.latitude
  const lon = resources.longitude
  const rad = sql`${radians}::float8`
  const halfDPhi = sql`(((${near.latitude}::float8 - ${lat}) * ${rad}) / 2)`
  const halfDLambda = sql`(((${near.longitude}::float8 - ${lon}) * ${rad}) / 2)`
  const h = sql`(sin(${halfDPhi}) * sin(${halfDPhi}) + (cos(${lat} * ${rad}) * ${Math.cos(near.latitude * radians)}::float8) * (sin(${halfDLambda}) * sin(${halfDLambda})))`
  return sql`(${2 * earthRadiusKm}::float8 * asin(least(1::float8, sqrt(${h}))))`
}

/**
 * A latitude/longitude box that holds every point within `reachKm` of the centre on the sphere of core's distance,
 * so that PostgreSQL can use the `resources_location` index. The latitude band is ±reach/R; the widest longitude of a
 * circle that does not contain a pole is ±asin(sin(reach/R) / cos φ) (wider than reach/(R·cos φ) would give, far
 * north and for wide radii); a circle around a pole or across the 180th meridian gets no longitude bound. Both are
 * widened by a millionth of a degree and a billionth of their size against rounding. Entries without coordinates
 * have a NULL latitude and never pass.
 */
export const nearConditions = (near: NearQuery, reachKm: number): Array<SQL> => {
  const angle = reachKm / earthRadiusKm
  const pad = (degrees: number) => degrees * (1 + 1e-9) + 1e-6
  const dLat = pad(angle / radians)
  const conditions = [
    sql`${resources.latitude} between ${near.latitude - dLat}::float8 and ${near.latitude + dLat}::float8`,
  ]
  if (Math.abs(near.latitude) + dLat < 90) {
    const dLon = pad(Math.asin(Math.min(1, Math.sin(angle) / Math.cos(near.latitude * radians))) / radians)
    if (near.longitude - dLon >= -180 && near.longitude + dLon <= 180) {
      conditions.push(
        sql`${resources.longitude} between ${near.longitude - dLon}::float8 and ${near.longitude + dLon}::float8`,
      )
    }
  }
  return conditions
}
