import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  Actor,
  DayOfWeek,
  distanceKm,
  type GeoPoint,
  IdGenerator,
  isOpenAt,
  type NewResourceInput,
  type Resource,
  type ResourceQueryInput,
  ResourceStore,
  searchResources,
  systemPrincipal,
  type Tenant,
  TenantStore,
  type WeeklyHours,
} from "@zaitaku/core"
import {
  createTestDatabase,
  layerSession,
  migrate,
  migrationsFolder,
  openPg,
  openPglite,
  pgliteTemplate,
  type Session,
  testDatabaseUrl,
} from "@zaitaku/store-postgres"
import { mulberry32, uniqueTenant } from "@zaitaku/testing"
import { and, sql } from "drizzle-orm"
import { Effect, Layer, ManagedRuntime, Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { distanceSql, distanceToleranceKm, nearConditions, weekKey } from "../src/internal/ResourceSearch.js"

/**
 * The pieces of a directory search that PostgreSQL computes, held against core's reference functions on both
 * drivers: the haversine distance (to a tolerance, and why that tolerance is safe), the box around a point, the
 * generated opening-hours and vacancy columns, and their filling of entries stored before the columns existed.
 */
interface Driver {
  readonly name: string
  open(): Promise<{ session: Session; close(): Promise<void> }>
}

const drivers: Array<Driver> = [
  {
    name: "PGlite",
    open: async () => {
      const session = await openPglite({ loadDataDir: await pgliteTemplate() })
      return { session, close: () => session.close() }
    },
  },
]
const adminUrl = testDatabaseUrl("@zaitaku/store-postgres search in SQL")
if (adminUrl !== undefined) {
  drivers.push({
    name: "PostgreSQL",
    open: async () => {
      const database = await createTestDatabase(adminUrl)
      const session = await openPg({ connectionString: database.url })
      await migrate(session)
      return {
        session,
        close: async () => {
          await session.close()
          await database.drop()
        },
      }
    },
  })
}

const rowsOf = <Row>(result: unknown) => (result as { rows: Array<Row> }).rows

const radians = Math.PI / 180

/** The point `km` away from `from` at `bearing` (radians) on core's sphere, longitude brought into −180…180. */
const destination = (from: GeoPoint, km: number, bearing: number): GeoPoint => {
  const angle = km / 6371.0088
  const phi = from.latitude * radians
  const lat = Math.asin(Math.sin(phi) * Math.cos(angle) + Math.cos(phi) * Math.sin(angle) * Math.cos(bearing))
  const lon =
    from.longitude * radians +
    Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(phi), Math.cos(angle) - Math.sin(phi) * Math.sin(lat))
  const degrees = lon / radians
  return { latitude: lat / radians, longitude: ((((degrees + 180) % 360) + 360) % 360) - 180 }
}

/** Random valid weekly hours: some days, one to three ordered periods each, often starting at 00:00 or ending at 24:00. */
const randomHours = (random: () => number): WeeklyHours => {
  const time = (minutes: number) =>
    `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`
  const hours: Array<WeeklyHours[number]> = []
  for (const day of DayOfWeek.options) {
    if (random() < 0.4) continue
    const cuts = new Set<number>()
    if (random() < 0.3) cuts.add(0)
    if (random() < 0.3) cuts.add(1440)
    while (cuts.size < 2 + 2 * Math.floor(random() * 3)) cuts.add(Math.floor(random() * 1441))
    const sorted = [...cuts].sort((x, y) => x - y)
    const periods: Array<{ opens: string; closes: string }> = []
    for (let i = 0; i + 1 < sorted.length; i += 2)
      periods.push({ opens: time(sorted[i]!), closes: time(sorted[i + 1]!) })
    hours.push({ day, periods })
  }
  return hours
}

/** Every opening-time query there is: each day, each minute from 00:00 to 24:00. */
const everyTime = DayOfWeek.options.flatMap((day) =>
  Array.from({ length: 1441 }, (_, m) => ({
    day,
    time: `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`,
  })),
)

const entryInput = (tenant: Tenant, i: number, extra: Partial<NewResourceInput>): NewResourceInput => ({
  tenantId: tenant.id,
  kind: "day_service",
  name: `デイサービス${i}`,
  address: { prefectureCode: "02", municipalityCode: "022039", line: `八戸市テスト${i}` },
  location: { latitude: 40.5 + (i % 10) * 0.01, longitude: 141.5 + (i % 7) * 0.01 },
  provenance: { source: "survey" },
  ...extra,
})

const availabilityOf = (random: () => number): Partial<NewResourceInput> => {
  const draw = random()
  const asOf = "2026-04-01T00:00:00+09:00"
  if (draw < 0.2) return {}
  if (draw < 0.4) return { availability: { capacity: 20, asOf } }
  if (draw < 0.6) return { availability: { capacity: 20, vacancy: 0, asOf } }
  if (draw < 0.8) return { availability: { capacity: 20, vacancy: 1 + Math.floor(random() * 20), asOf } }
  return { availability: { vacancy: 1, asOf } }
}

describe.each(drivers)("search in SQL on $name", (driver) => {
  let session: Session
  let close: () => Promise<void>

  beforeAll(async () => {
    ;({ session, close } = await driver.open())
  })
  afterAll(async () => {
    await close?.()
  })

  it("computes distances within 10⁻¹² km of core's distanceKm, a thousandth of the tolerance the store allows", async () => {
    const random = mulberry32(7)
    let worst = 0
    let compared = 0
    for (let c = 0; c < 12; c++) {
      const centre = { latitude: 24 + random() * 22, longitude: 123 + random() * 23, radiusKm: 1000 }
      const points = Array.from({ length: 400 }, () => destination(centre, random() * 1000, random() * 2 * Math.PI))
      const rows = rowsOf<{ d: number }>(
        await session.db.execute(sql`
          select ${distanceSql(centre)} as d
          from unnest(${sql.param(points.map((p) => p.latitude))}::float8[], ${sql.param(points.map((p) => p.longitude))}::float8[])
            as resources(latitude, longitude)`),
      )
      rows.forEach((row, i) => {
        const expected = distanceKm(points[i]!, centre)
        worst = Math.max(worst, Math.abs(Number(row.d) - expected))
        compared += 1
      })
    }
    expect(compared).toBe(4800)
    expect(worst).toBeLessThan(1e-12)
    expect(distanceToleranceKm).toBeGreaterThanOrEqual(1000 * 1e-12)
  })

  it("puts every point within the reach inside the box, far north, near the poles and across the 180th meridian", async () => {
    const random = mulberry32(11)
    const centres: Array<GeoPoint> = [
      { latitude: 44, longitude: 141 },
      { latitude: 45.5, longitude: 148.8 },
      { latitude: 24.3, longitude: 123.8 },
      { latitude: 89.9, longitude: 10 },
      { latitude: -89.5, longitude: -170 },
      { latitude: 60, longitude: 179.9 },
      { latitude: -16.5, longitude: -179.95 },
      { latitude: 0, longitude: 0 },
    ]
    const missed: Array<string> = []
    for (const centre of centres) {
      for (const reach of [0.001, 0.5, 10, 100, 999.999, 1000]) {
        const points = Array.from({ length: 200 }, (_, i) =>
          destination(centre, reach * (i < 150 ? 1 : random()), (i / 150) * 2 * Math.PI + random() * 0.01),
        ).filter((point) => distanceKm(point, centre) <= reach)
        const near = { ...centre, radiusKm: Math.min(reach, 1000) }
        const rows = rowsOf<{ latitude: number; longitude: number }>(
          await session.db.execute(sql`
            select latitude, longitude
            from unnest(${sql.param(points.map((p) => p.latitude))}::float8[], ${sql.param(points.map((p) => p.longitude))}::float8[])
              as resources(latitude, longitude)
            where not (${and(...nearConditions(near, reach))})`),
        )
        for (const row of rows) missed.push(`${JSON.stringify(centre)} ${reach} km: ${row.latitude}, ${row.longitude}`)
      }
    }
    expect(missed).toEqual([])
  })

  describe("generated columns", () => {
    let runtime: ManagedRuntime.ManagedRuntime<TenantStore | ResourceStore, unknown>
    let tenant: Tenant
    const entries: Array<Resource> = []

    beforeAll(async () => {
      runtime = ManagedRuntime.make(layerSession(session).pipe(Layer.provide(IdGenerator.layer)))
      tenant = await runtime.runPromise(
        Effect.flatMap(Effect.service(TenantStore), (t) => t.create(uniqueTenant("gen"))),
      )
      const random = mulberry32(23)
      const inputs = Array.from({ length: 40 }, (_, i) =>
        entryInput(tenant, i, { hours: randomHours(random), ...availabilityOf(random) }),
      )
      for (const input of inputs) {
        entries.push(
          await runtime.runPromise(
            Effect.flatMap(Effect.service(ResourceStore), (store) => store.create(input)).pipe(
              Effect.provideService(Actor, systemPrincipal(tenant.id, "test")),
            ),
          ),
        )
      }
    })
    afterAll(async () => {
      await runtime?.dispose()
    })

    it("opens exactly when core's isOpenAt does, at every minute of every day, 24:00 included", async () => {
      const keys = everyTime.map(weekKey)
      const open = await session.transaction({ tenantId: tenant.id }, async (tx) =>
        rowsOf<{ id: string; key: number }>(
          await tx.execute(sql`
            select r.id, k.key from resources r cross join unnest(${sql.param(keys)}::int4[]) as k(key)
            where r.opening_hours @> k.key`),
        ),
      )
      const byEntry = new Map<string, Set<number>>()
      for (const row of open) byEntry.set(row.id, (byEntry.get(row.id) ?? new Set()).add(Number(row.key)))
      let openMinutes = 0
      for (const entry of entries) {
        const expected = new Set(everyTime.filter((at) => isOpenAt(entry.hours, at)).map(weekKey))
        openMinutes += expected.size
        expect(byEntry.get(entry.id) ?? new Set(), entry.name).toEqual(expected)
      }
      expect(new Set(keys).size).toBe(everyTime.length) // one key per day and time
      expect(openMinutes).toBeGreaterThan(10_000) // the hours are not empty
    })

    it("has a vacancy exactly when core's reference says so: a known vacancy of at least one", async () => {
      const rows = await session.transaction({ tenantId: tenant.id }, async (tx) =>
        rowsOf<{ id: string; has_vacancy: boolean }>(await tx.execute(sql`select id, has_vacancy from resources`)),
      )
      const got = new Map(rows.map((row) => [row.id, row.has_vacancy]))
      for (const entry of entries) expect(got.get(entry.id), entry.name).toBe((entry.availability?.vacancy ?? 0) >= 1)
      expect(new Set(rows.map((row) => row.has_vacancy))).toEqual(new Set([true, false]))
    })

    it("are derived from the entry for the application role too, which cannot write them", async () => {
      const entry = entries[0]!
      const asApp = (text: string) =>
        session.withConnection(async (c) => {
          await c.exec("begin")
          try {
            await c.exec("set local role zaitaku_app")
            await c.query("select set_config('zaitaku.tenant_id', $1, true)", [tenant.id])
            return await c.query<{ opening_hours: string; has_vacancy: boolean }>(text, [entry.id])
          } finally {
            await c.exec("rollback")
          }
        })
      const [changed] = await asApp(
        `update resources set data = data || '{"hours": [{"day": "sun", "periods": [{"opens": "10:00", "closes": "24:00"}]}], "availability": {"vacancy": 3, "asOf": "2026-04-01T00:00:00+09:00"}}'::jsonb
         where id = $1 returning opening_hours::text, has_vacancy`,
      )
      expect(changed).toEqual({ opening_hours: "{[61000,62400)}", has_vacancy: true })
      await expect(asApp("update resources set has_vacancy = true where id = $1")).rejects.toThrow(
        /can only be updated to DEFAULT/,
      )
      await expect(asApp("update resources set opening_hours = '{}' where id = $1")).rejects.toThrow(
        /can only be updated to DEFAULT/,
      )
    })
  })
})

describe("the migration that adds the search columns", () => {
  let session: Session
  let folder: string

  beforeAll(async () => {
    session = await openPglite({})
    folder = await mkdtemp(join(tmpdir(), "zaitaku-migrations-search-"))
    await cp(migrationsFolder, folder, { recursive: true })
  })
  afterAll(async () => {
    await session?.close()
    await rm(folder, { recursive: true, force: true })
  })

  it("fills them for the entries stored before it, so searches on them answer as core's reference", async () => {
    const journalFile = join(folder, "meta", "_journal.json")
    const journal = await readFile(journalFile, "utf8")
    const parsed = JSON.parse(journal) as { entries: Array<{ tag: string }> }
    const cut = parsed.entries.findIndex((entry) => entry.tag.endsWith("_search_columns"))
    expect(cut).toBeGreaterThan(0)
    await writeFile(journalFile, JSON.stringify({ ...parsed, entries: parsed.entries.slice(0, cut) }))
    await migrate(session, folder)
    const columns = async () =>
      (
        await session.withConnection((c) =>
          c.query<{ column_name: string }>(
            "select column_name from information_schema.columns where table_name = 'resources'",
          ),
        )
      ).map((row) => row.column_name)
    expect(await columns()).not.toContain("opening_hours")

    // entries written by the store before the columns exist
    const runtime = ManagedRuntime.make(layerSession(session).pipe(Layer.provide(IdGenerator.layer)))
    try {
      const tenant = await runtime.runPromise(
        Effect.flatMap(Effect.service(TenantStore), (t) => t.create(uniqueTenant("fill"))),
      )
      const random = mulberry32(31)
      const entries: Array<Resource> = []
      for (let i = 0; i < 30; i++) {
        const input = entryInput(tenant, i, { hours: randomHours(random), ...availabilityOf(random) })
        entries.push(
          await runtime.runPromise(
            Effect.flatMap(Effect.service(ResourceStore), (store) => store.create(input)).pipe(
              Effect.provideService(Actor, systemPrincipal(tenant.id, "test")),
            ),
          ),
        )
      }

      await writeFile(journalFile, journal)
      expect(await migrate(session, folder)).toEqual(parsed.entries.slice(cut).map((entry) => entry.tag))
      expect(await columns()).toEqual(expect.arrayContaining(["opening_hours", "has_vacancy"]))

      const queries: Array<ResourceQueryInput> = [
        { openAt: { day: "mon", time: "10:00" }, limit: 200 },
        { openAt: { day: "holiday", time: "23:59" }, limit: 200 },
        { hasVacancy: true, limit: 200 },
        { hasVacancy: false, limit: 200 },
        { near: { latitude: 40.52, longitude: 141.52, radiusKm: 3 }, openAt: { day: "sat", time: "12:00" }, limit: 5 },
      ]
      for (const query of queries) {
        const page = await runtime.runPromise(
          Effect.flatMap(Effect.service(ResourceStore), (store) => store.search(query)).pipe(
            Effect.provideService(Actor, systemPrincipal(tenant.id, "test")),
          ),
        )
        const expected = Result.getOrThrow(searchResources(entries, query))
        expect(
          page.items.map((item) => item.id),
          JSON.stringify(query),
        ).toEqual(expected.items.map((item) => item.id))
        expect(page.nextCursor).toEqual(expected.nextCursor)
      }
    } finally {
      await runtime.dispose()
    }
  })
})
