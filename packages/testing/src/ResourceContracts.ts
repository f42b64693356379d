/**
 * The `ResourceStore` contract: the behaviour of the resource directory (地域の医療・介護資源) that every adapter must
 * show. It is the specification an adapter is written against; each `it` names one rule.
 *
 * @since 0.1.0
 */
import {
  AuditLog,
  compareCodePoints,
  decodeResourceCursor,
  distanceKm,
  type GeoPoint,
  type NewResourceInput,
  type Principal,
  type Resource,
  ResourceId,
  type ResourcePage,
  type ResourceQueryInput,
  ResourceStore,
  searchResources,
  type Tenant,
  type TenantId,
  TenantStore,
  toIsoDate,
  type ValidationError,
} from "@zaitaku/core"
import { Effect, Exit, type Layer, Option, Result } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { as, useRuntime } from "./internal/Suite.js"
import { mulberry32 } from "./Synthetic.js"

/**
 * The services the resource suite uses.
 *
 * @since 0.1.0
 * @category models
 */
export type ResourceStoreServices = ResourceStore | TenantStore | AuditLog

/**
 * How the resource suite obtains the implementation under test: a layer, or a function that makes one.
 *
 * @since 0.1.0
 * @category models
 */
export type ResourceLayerSource =
  | Layer.Layer<ResourceStoreServices, unknown>
  | (() => Promise<Layer.Layer<ResourceStoreServices, unknown>>)

/** 八戸市役所 and 三戸町役場, the centres of the proximity tests. */
const hachinoheCityHall = { latitude: 40.5123, longitude: 141.4885 }
const sannoheTownHall = { latitude: 40.3766, longitude: 141.2571 }

const weekdays = (opens: string, closes: string) =>
  (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, periods: [{ opens, closes }] }))

const aomori = (municipalityCode: string, line: string) => ({ prefectureCode: "02" as const, municipalityCode, line })

/**
 * 八戸圏域の資源台帳 (a directory fixture around 八戸市 and 三戸町): twelve entries across kinds, municipalities,
 * hours, capabilities and statuses, with real-looking names and readings. Keys name each entry for assertions.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { TenantId } from "@zaitaku/core"
 * import { directoryFixture } from "@zaitaku/testing"
 *
 * directoryFixture(TenantId.parse("0192f5a0-0000-7000-8000-000000000001")).houkanHachinohe.name // "八戸訪問看護ステーション"
 * ```
 */
export const directoryFixture = (tenantId: TenantId) =>
  ({
    houkanHachinohe: {
      tenantId,
      kind: "home_nursing_station",
      name: "八戸訪問看護ステーション",
      nameKana: "ハチノヘホウモンカンゴステーション",
      identifiers: { careOfficeNumber: "0260190001" },
      address: aomori("022039", "八戸市内丸一丁目1-1"),
      location: { latitude: 40.5123, longitude: 141.4885 },
      phone: "0178-00-0001",
      fax: "0178-00-0002",
      hours: weekdays("09:00", "17:30"),
      capabilities: ["around_the_clock", "end_of_life_care"],
      serviceArea: ["022039", "024414"],
      provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: "130:0260190001" },
    },
    houkanSannohe: {
      tenantId,
      kind: "home_nursing_station",
      name: "訪問看護ステーションさんのへ",
      nameKana: "ホウモンカンゴステーションサンノヘ",
      address: aomori("024414", "三戸郡三戸町大字在府小路町5-1"),
      location: { latitude: 40.3766, longitude: 141.2571 },
      phone: "0179-00-0001",
      hours: weekdays("08:30", "17:00"),
      capabilities: ["around_the_clock"],
      serviceArea: ["024414"],
      provenance: { source: "survey" },
    },
    zaitakuClinic: {
      tenantId,
      kind: "clinic_without_beds",
      homeCareSupport: "enhanced_collaborative",
      name: "はちのへ在宅クリニック",
      nameKana: "ハチノヘザイタククリニック",
      address: aomori("022039", "八戸市大字長苗代字前田3-2"),
      location: { latitude: 40.505, longitude: 141.46 },
      phone: "0178-00-0101",
      hours: [
        ...(["mon", "tue", "thu", "fri"] as const).map((day) => ({
          day,
          periods: [
            { opens: "09:00", closes: "12:00" },
            { opens: "14:00", closes: "18:00" },
          ],
        })),
        { day: "sat" as const, periods: [{ opens: "09:00", closes: "12:00" }] },
      ],
      capabilities: [
        "home_visit_medical_care",
        "house_call",
        "around_the_clock",
        "end_of_life_care",
        "palliative_care_opioids",
      ],
      serviceArea: ["022039", "024422"],
      provenance: { source: "iryo_net", sourceRecordId: "0200000000001" },
    },
    chuoHospital: {
      tenantId,
      kind: "hospital",
      name: "八戸中央病院",
      nameKana: "ハチノヘチュウオウビョウイン",
      address: aomori("022039", "八戸市田向三丁目1-1"),
      location: { latitude: 40.52, longitude: 141.51 },
      hours: weekdays("08:30", "17:00"),
      provenance: { source: "iryo_net", sourceRecordId: "0200000000002" },
    },
    sannoheClinic: {
      tenantId,
      kind: "clinic_with_beds",
      name: "三戸中央診療所",
      nameKana: "サンノヘチュウオウシンリョウジョ",
      address: aomori("024414", "三戸郡三戸町大字川守田字ヶ久保10"),
      location: { latitude: 40.38, longitude: 141.265 },
      capabilities: ["home_visit_medical_care"],
      provenance: { source: "manual" },
    },
    pharmacy: {
      tenantId,
      kind: "pharmacy",
      name: "みなと薬局",
      nameKana: "ミナトヤッキョク",
      address: aomori("022039", "八戸市湊町字本町１２"),
      location: { latitude: 40.535, longitude: 141.525 },
      hours: [...weekdays("09:00", "18:00"), { day: "sat" as const, periods: [{ opens: "09:00", closes: "13:00" }] }],
      capabilities: ["pharmacy_home_visits", "sterile_compounding", "narcotics"],
      provenance: { source: "manual" },
    },
    careplan: {
      tenantId,
      kind: "care_management_office",
      name: "ケアプランセンターはちのへ",
      nameKana: "ケアプランセンターハチノヘ",
      address: aomori("022039", "八戸市番町10"),
      location: { latitude: 40.51, longitude: 141.485 },
      provenance: { source: "manual" },
    },
    groupHome: {
      tenantId,
      kind: "dementia_group_home",
      name: "グループホームさくら",
      nameKana: "グループホームサクラ",
      address: aomori("024414", "三戸郡三戸町大字同心町20"),
      location: { latitude: 40.37, longitude: 141.27 },
      capabilities: ["dementia"],
      availability: { capacity: 18, vacancy: 2, asOf: "2025-06-01T09:00:00+09:00" },
      provenance: { source: "self_reported" },
    },
    nursingHome: {
      tenantId,
      kind: "special_nursing_home",
      name: "特別養護老人ホーム八戸長寿園",
      nameKana: "トクベツヨウゴロウジンホームハチノヘチョウジュエン",
      address: aomori("022039", "八戸市大字是川字中居林1"),
      location: { latitude: 40.48, longitude: 141.43 },
      availability: { capacity: 80, vacancy: 0, asOf: "2025-06-01T09:00:00+09:00" },
      provenance: { source: "manual" },
    },
    salon: {
      tenantId,
      kind: "community_gathering_place",
      name: "いきいきサロン佐々木",
      nameKana: "イキイキサロンササキ",
      address: aomori("022039", "八戸市小中野一丁目5-5"),
      hours: [{ day: "tue" as const, periods: [{ opens: "10:00", closes: "12:00" }] }],
      provenance: { source: "survey" },
    },
    suspendedHelper: {
      tenantId,
      kind: "home_help",
      name: "ヘルパーステーション白銀",
      nameKana: "ヘルパーステーションシロガネ",
      address: aomori("022039", "八戸市白銀町1"),
      location: { latitude: 40.54, longitude: 141.55 },
      status: "suspended",
      provenance: { source: "manual" },
    },
    closedHoukan: {
      tenantId,
      kind: "home_nursing_station",
      name: "旧三戸訪問看護ステーション",
      nameKana: "キュウサンノヘホウモンカンゴステーション",
      address: aomori("024414", "三戸郡三戸町大字梅内1"),
      location: { latitude: 40.375, longitude: 141.255 },
      status: "closed",
      closedOn: "2024-03-31",
      provenance: { source: "manual" },
    },
  }) satisfies Record<string, NewResourceInput>

/**
 * The key of each entry of {@link directoryFixture}.
 *
 * @since 0.1.0
 * @category fixtures
 */
export type DirectoryFixtureKey = keyof ReturnType<typeof directoryFixture>

const coordinatorOf = (tenant: Tenant): Principal => ({
  tenantId: tenant.id,
  role: "coordinator",
  subject: { kind: "api_key", id: "0192f5a0-0000-7000-8000-00000000c001", label: "在宅医療介護連携推進室" },
})

const newTenant = (prefix: string) =>
  Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))

const failureOf = (exit: Exit.Exit<unknown, unknown>): { _tag?: string; reason?: string } | undefined =>
  Exit.isFailure(exit)
    ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as { _tag?: string; reason?: string } | undefined)
    : undefined

const validationCodes = (exit: Exit.Exit<unknown, unknown>) => {
  const error = failureOf(exit) as (ValidationError & { _tag: string }) | undefined
  return error?._tag === "ValidationError" ? error.issues.map((issue) => `${issue.path.join(".")}:${issue.code}`) : []
}

/** Creates a tenant and the whole {@link directoryFixture} in it. */
const seeded = (prefix: string) =>
  Effect.gen(function* () {
    const tenant = yield* newTenant(prefix)
    const store = yield* ResourceStore
    const fixture = directoryFixture(tenant.id)
    const byKey = {} as Record<DirectoryFixtureKey, Resource>
    for (const [key, input] of Object.entries(fixture) as Array<[DirectoryFixtureKey, NewResourceInput]>) {
      byKey[key] = yield* store.create(input).pipe(as(adminOf(tenant)))
    }
    return { tenant, r: byKey }
  })

const auditActions = (tenant: Tenant) =>
  Effect.gen(function* () {
    const page = yield* (yield* AuditLog).list({ limit: 500 }).pipe(as(adminOf(tenant)))
    return [...page.entries].reverse()
  })

const missingId = ResourceId.parse("00000000-0000-7000-8000-00000000dead")

/** The largest double below a positive `x`: one step inside a radius, in the last bit. */
const nextDown = (x: number): number => {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, x)
  view.setBigUint64(0, view.getBigUint64(0) - 1n)
  return view.getFloat64(0)
}

/** The page core's reference `searchResources` gives for `query` over `entries`. */
const referencePage = (entries: ReadonlyArray<Resource>, query: ResourceQueryInput): ResourcePage =>
  Result.getOrThrow(searchResources(entries, query))

const idsOf = (page: ResourcePage) => page.items.map((item) => item.id)

/** A minimal entry (通いの場) of a tenant, at a place or without coordinates. */
const placed = (
  tenantId: TenantId,
  name: string,
  location: GeoPoint | undefined,
  extra: Partial<NewResourceInput> = {},
): NewResourceInput => ({
  tenantId,
  kind: "community_gathering_place",
  name,
  address: aomori("022039", `八戸市テスト町${name}`),
  ...(location === undefined ? {} : { location }),
  provenance: { source: "survey" },
  ...extra,
})

/** Creates a tenant and the entries `inputs` makes for it, in order. */
const directoryOf = (prefix: string, inputs: (tenantId: TenantId) => ReadonlyArray<NewResourceInput>) =>
  Effect.gen(function* () {
    const tenant = yield* newTenant(prefix)
    const s = yield* ResourceStore
    const entries: Array<Resource> = []
    for (const input of inputs(tenant.id)) entries.push(yield* s.create(input).pipe(as(adminOf(tenant))))
    return { tenant, entries }
  })

/**
 * Points around 八戸市役所 whose distance to it, computed in SQL by PostgreSQL (glibc) or PGlite (musl), differs
 * from core's `distanceKm` (V8's maths library) in the last bit: an adapter that decided the radius or the order from
 * its own distance alone would answer differently here. Found by comparing the two over random points; the random
 * points after them widen the net.
 */
const lastBitPoints: ReadonlyArray<GeoPoint> = [
  { latitude: 40.57792576293946, longitude: 141.82405889129637 }, // SQL above core on both
  { latitude: 40.76038864593506, longitude: 141.11443626976012 }, // SQL above core on both
  { latitude: 40.41955157260895, longitude: 141.01875352954863 }, // SQL below core on both
  { latitude: 40.42874231975079, longitude: 140.99870169258116 }, // SQL below core on PGlite
  { latitude: 40.515511116790776, longitude: 141.90362048244475 }, // SQL below core on PostgreSQL
]

const radiusProbePoints = (): ReadonlyArray<GeoPoint> => {
  const random = mulberry32(20_261_202)
  const points = [...lastBitPoints]
  for (let i = 0; i < 24; i++) {
    const reach = i < 12 ? 0.05 : 0.8
    points.push({
      latitude: hachinoheCityHall.latitude + (random() - 0.5) * reach,
      longitude: hachinoheCityHall.longitude + (random() - 0.5) * reach * 1.3,
    })
  }
  return points
}

/**
 * The `ResourceStore` contract. Needs `ResourceStore`, `TenantStore` and `AuditLog` from one layer (the store must
 * append to that audit log). Every test creates its own tenants, so suites may share one database.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { AuditLog, IdGenerator, ResourceStore, TenantStore } from "@zaitaku/core"
 * import { resourceStoreSuite } from "@zaitaku/testing"
 *
 * resourceStoreSuite(
 *   "memory",
 *   Layer.mergeAll(TenantStore.layerMemory, ResourceStore.layerMemory).pipe(
 *     Layer.provideMerge(AuditLog.layerMemory),
 *     Layer.provide(IdGenerator.layer),
 *   ),
 * )
 * ```
 */
export const resourceStoreSuite = (name: string, source: ResourceLayerSource): void => {
  describe(`ResourceStore contract (${name})`, () => {
    const { run } = useRuntime(source)
    const store = Effect.service(ResourceStore)

    describe("create, get and versions", () => {
      it("creates version 1 in the actor's tenant, with id and timestamps, and reads it back", async () => {
        const { created, read, before } = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-create")
            const before = new Date().toISOString()
            const created = yield* (yield* store)
              .create({ ...directoryFixture(tenant.id).houkanHachinohe, phone: "０１７８－００－０００１" })
              .pipe(as(adminOf(tenant)))
            const read = yield* (yield* store).get(created.id).pipe(as(adminOf(tenant)))
            return { tenant, created, read, before }
          }),
        )
        expect(created.version).toBe(1)
        expect(created.createdAt).toBe(created.updatedAt)
        expect(Date.parse(created.createdAt)).toBeGreaterThanOrEqual(Date.parse(before) - 1000)
        expect(created.phone).toBe("0178-00-0001") // normalised on the way in
        expect(created.status).toBe("active")
        expect(read).toEqual(created)
      })

      it("refuses an invalid entry or another tenant's tenantId with a ValidationError, writing nothing", async () => {
        const result = await run(
          Effect.gen(function* () {
            const a = yield* newTenant("res-invalid-a")
            const b = yield* newTenant("res-invalid-b")
            const input = directoryFixture(a.id).houkanHachinohe
            const closed = yield* Effect.exit(
              (yield* store).create({ ...input, status: "closed" }).pipe(as(adminOf(a))),
            )
            const foreign = yield* Effect.exit((yield* store).create({ ...input, tenantId: b.id }).pipe(as(adminOf(a))))
            const page = yield* (yield* store)
              .search({ status: ["active", "suspended", "closed"] })
              .pipe(as(adminOf(a)))
            return { closed, foreign, page, audit: yield* auditActions(a) }
          }),
        )
        expect(validationCodes(result.closed)).toEqual(["closedOn:closed_on_required"])
        expect(validationCodes(result.foreign)).toEqual(["tenantId:tenant_mismatch"])
        expect(result.page.items).toEqual([])
        expect(result.audit.map((e) => e.action)).toEqual(["tenant.create"])
      })

      it("returns NotFound for an unknown id from every method that takes an id", async () => {
        const exits = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-missing")
            const s = yield* store
            return yield* Effect.all([
              Effect.exit(s.get(missingId)),
              Effect.exit(s.update(missingId, { phone: "0178-00-0009" }, { expectedVersion: 1 })),
              Effect.exit(s.attest(missingId, { expectedVersion: 1 })),
              Effect.exit(s.changes(missingId)),
            ]).pipe(as(adminOf(tenant)))
          }),
        )
        expect(exits.map((exit) => failureOf(exit)?._tag)).toEqual(["NotFound", "NotFound", "NotFound", "NotFound"])
      })

      it("keeps one entry per source record in a tenant, and finds it by that record", async () => {
        const result = await run(
          Effect.gen(function* () {
            const a = yield* newTenant("res-source-a")
            const b = yield* newTenant("res-source-b")
            const s = yield* store
            const input = directoryFixture(a.id).houkanHachinohe
            const first = yield* s.create(input).pipe(as(adminOf(a)))
            const second = yield* Effect.exit(s.create({ ...input, name: "別名の訪問看護" }).pipe(as(adminOf(a))))
            const otherTenant = yield* s.create({ ...input, tenantId: b.id }).pipe(as(adminOf(b)))
            const manual = yield* s
              .create({ ...directoryFixture(a.id).careplan, provenance: { source: "manual" } })
              .pipe(as(adminOf(a)))
            const collide = yield* Effect.exit(
              s.update(manual.id, { provenance: input.provenance }, { expectedVersion: 1 }).pipe(as(adminOf(a))),
            )
            const found = yield* s.findBySourceRecord("mhlw_kaigo_kohyo", "130:0260190001").pipe(as(adminOf(a)))
            const foundB = yield* s.findBySourceRecord("mhlw_kaigo_kohyo", "130:0260190001").pipe(as(adminOf(b)))
            const none = yield* s.findBySourceRecord("iryo_net", "130:0260190001").pipe(as(adminOf(a)))
            return { first, second, otherTenant, collide, found, foundB, none }
          }),
        )
        expect(failureOf(result.second)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
        expect(failureOf(result.collide)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
        expect(Option.getOrUndefined(result.found)).toEqual(result.first)
        expect(Option.getOrUndefined(result.foundB)?.id).toBe(result.otherTenant.id)
        expect(Option.isNone(result.none)).toBe(true)
      })
    })

    describe("updates and optimistic concurrency", () => {
      it("bumps the version on each change and refuses a stale expectedVersion with version_mismatch", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-update")
            const s = yield* store
            const created = yield* s.create(directoryFixture(tenant.id).houkanSannohe).pipe(as(adminOf(tenant)))
            const v2 = yield* s
              .update(created.id, { phone: "0179-11-1111" }, { expectedVersion: 1 })
              .pipe(as(adminOf(tenant)))
            const stale = yield* Effect.exit(
              s.update(created.id, { phone: "0179-22-2222" }, { expectedVersion: 1 }).pipe(as(adminOf(tenant))),
            )
            const staleNoop = yield* Effect.exit(
              s.update(created.id, { phone: "0179-11-1111" }, { expectedVersion: 1 }).pipe(as(adminOf(tenant))),
            )
            const v3 = yield* s
              .update(created.id, { status: "closed", closedOn: "2025-06-30" }, { expectedVersion: 2 })
              .pipe(as(adminOf(tenant)))
            const reopened = yield* s
              .update(created.id, { status: "active", closedOn: null }, { expectedVersion: 3 })
              .pipe(as(adminOf(tenant)))
            const read = yield* s.get(created.id).pipe(as(adminOf(tenant)))
            return { created, v2, stale, staleNoop, v3, reopened, read }
          }),
        )
        expect(result.v2).toMatchObject({ version: 2, phone: "0179-11-1111", createdAt: result.created.createdAt })
        expect(Date.parse(result.v2.updatedAt)).toBeGreaterThanOrEqual(Date.parse(result.created.updatedAt))
        expect(failureOf(result.stale)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
        expect(failureOf(result.staleNoop)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
        expect(result.v3).toMatchObject({ version: 3, status: "closed", closedOn: "2025-06-30" })
        expect(result.reopened.version).toBe(4)
        expect(result.reopened).not.toHaveProperty("closedOn")
        expect(result.read).toEqual(result.reopened)
      })

      it("lets exactly one of two concurrent updates from the same version win", async () => {
        const exits = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-race")
            const s = yield* store
            const created = yield* s.create(directoryFixture(tenant.id).pharmacy).pipe(as(adminOf(tenant)))
            return yield* Effect.all(
              ["0178-00-1111", "0178-00-2222", "0178-00-3333"].map((phone) =>
                Effect.exit(s.update(created.id, { phone }, { expectedVersion: 1 })),
              ),
              { concurrency: "unbounded" },
            ).pipe(as(adminOf(tenant)))
          }),
        )
        expect(exits.filter(Exit.isSuccess)).toHaveLength(2 - 1)
        expect(exits.filter(Exit.isFailure).map((exit) => failureOf(exit)?.reason)).toEqual([
          "version_mismatch",
          "version_mismatch",
        ])
      })

      it("treats an update that changes nothing as a no-op: same entry, no version, no audit entry, no change rows", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-noop")
            const s = yield* store
            const input = directoryFixture(tenant.id).houkanHachinohe
            const created = yield* s.create(input).pipe(as(adminOf(tenant)))
            const same = yield* s
              .update(
                created.id,
                { phone: "０１７８－００－０００１", address: input.address, capabilities: input.capabilities },
                { expectedVersion: 1 },
              )
              .pipe(as(adminOf(tenant)))
            const empty = yield* s.update(created.id, {}, { expectedVersion: 1 }).pipe(as(adminOf(tenant)))
            const changes = yield* s.changes(created.id).pipe(as(adminOf(tenant)))
            return { created, same, empty, changes, audit: yield* auditActions(tenant) }
          }),
        )
        expect(result.same).toEqual(result.created)
        expect(result.empty).toEqual(result.created)
        expect(result.changes.items).toEqual([])
        expect(result.audit.map((e) => e.action)).toEqual(["tenant.create", "resource.create"])
      })

      it("refuses an invalid patch, unknown or read-only fields, and an invalid result, changing nothing", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-bad-patch")
            const s = yield* store
            const created = yield* s.create(directoryFixture(tenant.id).groupHome).pipe(as(adminOf(tenant)))
            const attempt = (patch: Record<string, unknown>) =>
              Effect.exit(s.update(created.id, patch as never, { expectedVersion: 1 }).pipe(as(adminOf(tenant))))
            const exits = {
              phone: yield* attempt({ phone: "12" }),
              assured: yield* attempt({ assuredAt: "2025-07-01T00:00:00Z" }),
              version: yield* attempt({ version: 5 }),
              closed: yield* attempt({ status: "closed" }),
              vacancy: yield* attempt({ availability: { capacity: 2, vacancy: 3, asOf: "2025-07-01T00:00:00Z" } }),
              badVersion: yield* Effect.exit(
                s.update(created.id, { name: "x" }, { expectedVersion: 0 }).pipe(as(adminOf(tenant))),
              ),
            }
            return { created, exits, read: yield* s.get(created.id).pipe(as(adminOf(tenant))) }
          }),
        )
        for (const exit of Object.values(result.exits)) expect(failureOf(exit)?._tag).toBe("ValidationError")
        expect(validationCodes(result.exits.closed)).toEqual(["closedOn:closed_on_required"])
        expect(validationCodes(result.exits.vacancy)).toEqual(["availability.vacancy:vacancy_exceeds_capacity"])
        expect(result.read).toEqual(result.created)
      })
    })

    describe("change log and audit", () => {
      it("records exactly the changed fields, from and to, with who, when, why and the version", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-changes")
            const s = yield* store
            const input = directoryFixture(tenant.id).houkanHachinohe
            const created = yield* s.create(input).pipe(as(adminOf(tenant)))
            const updated = yield* s
              .update(
                created.id,
                { phone: "0178-99-9999", address: { ...input.address, line: "八戸市内丸二丁目2-2" } },
                { expectedVersion: 1, reason: "事業所からの変更届" },
              )
              .pipe(as(coordinatorOf(tenant)))
            const cleared = yield* s.update(created.id, { fax: null }, { expectedVersion: 2 }).pipe(as(adminOf(tenant)))
            const changes = yield* s.changes(created.id).pipe(as(adminOf(tenant)))
            return { tenant, created, updated, cleared, changes }
          }),
        )
        const by = coordinatorOf(result.tenant).subject
        expect(result.changes.items).toEqual([
          {
            resourceId: result.created.id,
            version: 3,
            field: "fax",
            from: "0178-00-0002",
            at: result.cleared.updatedAt,
            by: adminOf(result.tenant).subject,
          },
          {
            resourceId: result.created.id,
            version: 2,
            field: "address.line",
            from: "八戸市内丸一丁目1-1",
            to: "八戸市内丸二丁目2-2",
            at: result.updated.updatedAt,
            by,
            reason: "事業所からの変更届",
          },
          {
            resourceId: result.created.id,
            version: 2,
            field: "phone",
            from: "0178-00-0001",
            to: "0178-99-9999",
            at: result.updated.updatedAt,
            by,
            reason: "事業所からの変更届",
          },
        ])
        expect(result.changes.items[0]).not.toHaveProperty("to")
        expect(result.changes.nextCursor).toBeNull()
      })

      it("pages the change log newest first with a cursor, and refuses a malformed cursor", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-change-pages")
            const s = yield* store
            const created = yield* s.create(directoryFixture(tenant.id).chuoHospital).pipe(as(adminOf(tenant)))
            let version = 1
            for (const phone of ["0178-10-0001", "0178-10-0002", "0178-10-0003"]) {
              yield* s.update(created.id, { phone, fax: phone }, { expectedVersion: version }).pipe(as(adminOf(tenant)))
              version += 1
            }
            const seen: Array<string> = []
            let cursor: string | undefined
            do {
              const page = yield* s
                .changes(created.id, cursor === undefined ? { limit: 4 } : { limit: 4, cursor })
                .pipe(as(adminOf(tenant)))
              seen.push(...page.items.map((c) => `${c.version}:${c.field}`))
              cursor = page.nextCursor ?? undefined
            } while (cursor !== undefined)
            const bad = yield* Effect.exit(s.changes(created.id, { cursor: "!!" }).pipe(as(adminOf(tenant))))
            const zero = yield* Effect.exit(s.changes(created.id, { limit: 0 }).pipe(as(adminOf(tenant))))
            return { seen, bad, zero }
          }),
        )
        expect(result.seen).toEqual(["4:fax", "4:phone", "3:fax", "3:phone", "2:fax", "2:phone"])
        expect(validationCodes(result.bad)).toEqual(["cursor:invalid_cursor"])
        expect(failureOf(result.zero)?._tag).toBe("ValidationError")
      })

      it("audits each write once, in the acting tenant, and nothing for no-ops, failures and idempotent repeats", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-audit")
            const s = yield* store
            const created = yield* s
              .create(directoryFixture(tenant.id).sannoheClinic, { idempotencyKey: "k-1" })
              .pipe(as(adminOf(tenant)))
            yield* s
              .create(directoryFixture(tenant.id).sannoheClinic, { idempotencyKey: "k-1" })
              .pipe(as(adminOf(tenant)))
            yield* s
              .update(created.id, { nameKana: null, notes: "往診は午後" }, { expectedVersion: 1 })
              .pipe(as(adminOf(tenant)))
            yield* s.update(created.id, { notes: "往診は午後" }, { expectedVersion: 2 }).pipe(as(adminOf(tenant)))
            yield* Effect.exit(s.update(created.id, { notes: "x" }, { expectedVersion: 1 }).pipe(as(adminOf(tenant))))
            yield* s.attest(created.id, { expectedVersion: 2 }).pipe(as(coordinatorOf(tenant)))
            const verification = yield* (yield* AuditLog).verify.pipe(as(adminOf(tenant)))
            return { created, audit: yield* auditActions(tenant), verification }
          }),
        )
        expect(result.audit.map((e) => [e.action, e.target, e.details])).toEqual([
          ["tenant.create", expect.anything(), expect.anything()],
          [
            "resource.create",
            { type: "resource", id: result.created.id },
            { version: 1, kind: "clinic_with_beds", source: "manual" },
          ],
          [
            "resource.update",
            { type: "resource", id: result.created.id },
            { version: 2, fields: ["nameKana", "notes"] },
          ],
          [
            "resource.attest",
            { type: "resource", id: result.created.id },
            { version: 3, fields: ["assuredAt", "assuredBy"] },
          ],
        ])
        expect(result.audit[3]?.actor).toMatchObject({ kind: "api_key", role: "coordinator" })
        expect(result.audit.every((e) => e.personalData === false)).toBe(true)
        expect(result.verification.valid).toBe(true)
      })
    })

    describe("attestation", () => {
      it("sets assuredAt to now and assuredBy to the actor, as a new version, and checks the version", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-attest")
            const s = yield* store
            const created = yield* s.create(directoryFixture(tenant.id).careplan).pipe(as(adminOf(tenant)))
            const before = Date.now()
            const attested = yield* s
              .attest(created.id, { expectedVersion: 1, reason: "電話で確認" })
              .pipe(as(coordinatorOf(tenant)))
            const after = Date.now()
            const again = yield* s.attest(created.id, { expectedVersion: 2 }).pipe(as(coordinatorOf(tenant)))
            const stale = yield* Effect.exit(
              s.attest(created.id, { expectedVersion: 2 }).pipe(as(coordinatorOf(tenant))),
            )
            const changes = yield* s.changes(created.id).pipe(as(adminOf(tenant)))
            return { tenant, attested, again, stale, changes, before, after }
          }),
        )
        expect(result.attested.version).toBe(2)
        expect(result.attested.assuredBy).toEqual(coordinatorOf(result.tenant).subject)
        expect(Date.parse(result.attested.assuredAt!)).toBeGreaterThanOrEqual(result.before - 1000)
        expect(Date.parse(result.attested.assuredAt!)).toBeLessThanOrEqual(result.after + 1000)
        expect(result.attested.updatedAt).toBe(result.attested.assuredAt)
        expect(result.again.version).toBe(3)
        expect(failureOf(result.stale)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
        const v2 = result.changes.items.filter((c) => c.version === 2)
        expect(v2.map((c) => [c.field, c.to, c.reason])).toEqual([
          ["assuredAt", result.attested.assuredAt, "電話で確認"],
          ["assuredBy", coordinatorOf(result.tenant).subject, "電話で確認"],
        ])
      })
    })

    describe("batches (createMany)", () => {
      it("creates a batch as one create per input would: refusals by index, audit entries in order, replays", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-batch")
            const s = yield* store
            const f = directoryFixture(tenant.id)
            const admin = adminOf(tenant)
            const existing = yield* s.create(f.zaitakuClinic).pipe(as(admin))
            const before = (yield* auditActions(tenant)).length
            const outcomes = yield* s
              .createMany([
                { input: f.houkanHachinohe, idempotencyKey: "batch-1" },
                { input: f.salon },
                { input: { ...f.careplan, status: "closed" } }, // closedOn missing
                { input: { ...f.houkanHachinohe, name: "同じ事業所番号の別の名前" } }, // source record taken in the batch
                { input: f.pharmacy, idempotencyKey: "batch-1" }, // the key with another entry
                { input: { ...f.zaitakuClinic, name: "はちのへ在宅クリニック（重複）" } }, // source record taken before
                { input: { ...f.careplan, tenantId: "0192f5a0-0000-7000-8000-0000000000ff" } },
                { input: f.careplan },
              ])
              .pipe(as(admin))
            const audit = yield* auditActions(tenant)
            const replay = yield* s
              .createMany([{ input: f.houkanHachinohe, idempotencyKey: "batch-1" }])
              .pipe(as(admin))
            const afterReplay = (yield* auditActions(tenant)).length
            const all = yield* s.search({ limit: 200 }).pipe(as(admin))
            const chain = yield* (yield* AuditLog).verify.pipe(as(admin))
            const tooMany = yield* Effect.exit(
              s.createMany(Array.from({ length: 1001 }, () => ({ input: f.salon }))).pipe(as(admin)),
            )
            const viewer = yield* Effect.exit(
              s.createMany([{ input: f.salon }]).pipe(as({ ...coordinatorOf(tenant), role: "viewer" })),
            )
            return { existing, before, outcomes, audit, replay, afterReplay, all, chain, tooMany, viewer }
          }),
        )
        const summary = result.outcomes.map((outcome) =>
          outcome._tag === "Created"
            ? ["Created", outcome.resource.name, outcome.resource.version]
            : ["Refused", outcome.error._tag, outcome.error._tag === "Conflict" ? outcome.error.reason : undefined],
        )
        expect(summary).toEqual([
          ["Created", "八戸訪問看護ステーション", 1],
          ["Created", "いきいきサロン佐々木", 1],
          ["Refused", "ValidationError", undefined],
          ["Refused", "Conflict", "already_exists"],
          ["Refused", "Conflict", "already_exists"],
          ["Refused", "Conflict", "already_exists"],
          ["Refused", "ValidationError", undefined],
          ["Created", "ケアプランセンターはちのへ", 1],
        ])
        const created = result.outcomes.flatMap((o) => (o._tag === "Created" ? [o.resource] : []))
        // one audit entry per created entry, in input order, after what was there
        expect(result.audit.slice(result.before).map((entry) => [entry.action, entry.target.id])).toEqual(
          created.map((resource) => ["resource.create", resource.id]),
        )
        expect(result.chain.valid).toBe(true)
        // a repeat of the key with the same entry answers the entry first created, and writes nothing
        expect(result.replay).toEqual([{ _tag: "Created", resource: created[0] }])
        expect(result.afterReplay).toBe(result.audit.length)
        expect(result.all.items.map((r) => r.id).sort()).toEqual(
          [result.existing.id, ...created.map((r) => r.id)].sort(),
        )
        expect(failureOf(result.tooMany)?._tag).toBe("ValidationError")
        expect(failureOf(result.viewer)?._tag).toBe("Forbidden")
      })
    })

    describe("idempotent create", () => {
      it("returns the same entry for the same key and input, refuses another input, and keeps keys per tenant", async () => {
        const result = await run(
          Effect.gen(function* () {
            const a = yield* newTenant("res-idem-a")
            const b = yield* newTenant("res-idem-b")
            const s = yield* store
            const input = directoryFixture(a.id).salon
            const first = yield* s.create(input, { idempotencyKey: "req-0001" }).pipe(as(adminOf(a)))
            const repeat = yield* s.create(input, { idempotencyKey: "req-0001" }).pipe(as(adminOf(a)))
            const concurrent = yield* Effect.all(
              Array.from({ length: 5 }, () => s.create(input, { idempotencyKey: "req-0002" })),
              { concurrency: "unbounded" },
            ).pipe(as(adminOf(a)))
            const different = yield* Effect.exit(
              s
                .create({ ...input, name: "いきいきサロン佐々木（第2会場）" }, { idempotencyKey: "req-0001" })
                .pipe(as(adminOf(a))),
            )
            const updated = yield* s
              .update(first.id, { notes: "毎週火曜" }, { expectedVersion: 1 })
              .pipe(as(adminOf(a)))
            const afterUpdate = yield* s.create(input, { idempotencyKey: "req-0001" }).pipe(as(adminOf(a)))
            const otherTenant = yield* s
              .create({ ...input, tenantId: b.id }, { idempotencyKey: "req-0001" })
              .pipe(as(adminOf(b)))
            const withoutKey = yield* s.create(input).pipe(as(adminOf(a)))
            const all = yield* s.search({ limit: 200 }).pipe(as(adminOf(a)))
            const badKey = yield* Effect.exit(s.create(input, { idempotencyKey: "" }).pipe(as(adminOf(a))))
            return { first, repeat, concurrent, different, updated, afterUpdate, otherTenant, withoutKey, all, badKey }
          }),
        )
        expect(result.repeat).toEqual(result.first)
        expect(new Set(result.concurrent.map((r) => r.id)).size).toBe(1)
        expect(failureOf(result.different)?._tag).toBe("Conflict")
        expect(result.afterUpdate).toEqual(result.updated) // the same entry, in its current state
        expect(result.otherTenant.id).not.toBe(result.first.id)
        expect(result.withoutKey.id).not.toBe(result.first.id)
        expect(result.all.items).toHaveLength(3) // req-0001, req-0002, and the one without a key
        expect(failureOf(result.badKey)?._tag).toBe("ValidationError")
      })
    })

    describe("tenant isolation", () => {
      it("never shows or changes another tenant's entries: NotFound by id, absent from search", async () => {
        const result = await run(
          Effect.gen(function* () {
            const a = yield* seeded("res-iso-a")
            const b = yield* seeded("res-iso-b")
            const s = yield* store
            const target = a.r.houkanHachinohe
            const exits = yield* Effect.all([
              Effect.exit(s.get(target.id)),
              Effect.exit(s.update(target.id, { phone: "0178-66-6666" }, { expectedVersion: 1 })),
              Effect.exit(s.attest(target.id, { expectedVersion: 1 })),
              Effect.exit(s.changes(target.id)),
            ]).pipe(as(adminOf(b.tenant)))
            const searchB = yield* s
              .search({ status: ["active", "suspended", "closed"], limit: 200 })
              .pipe(as(adminOf(b.tenant)))
            const staleB = yield* s.staleReport({ now: "2025-07-01" }).pipe(as(adminOf(b.tenant)))
            const stillA = yield* s.get(target.id).pipe(as(adminOf(a.tenant)))
            const auditA = yield* auditActions(a.tenant)
            return { a, b, exits, searchB, staleB, stillA, auditA }
          }),
        )
        expect(result.exits.map((exit) => failureOf(exit)?._tag)).toEqual([
          "NotFound",
          "NotFound",
          "NotFound",
          "NotFound",
        ])
        expect(result.searchB.items).toHaveLength(12)
        expect(result.searchB.items.every((item) => item.tenantId === result.b.tenant.id)).toBe(true)
        expect(result.staleB.items.every((item) => item.resource.tenantId === result.b.tenant.id)).toBe(true)
        expect(result.stillA).toEqual(result.a.r.houkanHachinohe)
        expect(result.auditA.filter((e) => e.action.startsWith("resource."))).toHaveLength(12)
      })
    })

    describe("search", () => {
      let fixture: { tenant: Tenant; r: Record<DirectoryFixtureKey, Resource> }
      const search = (query: Parameters<ResourceStore["Service"]["search"]>[0]) =>
        run(
          Effect.flatMap(store, (s) => s.search(query)).pipe(
            Effect.map((page) => page.items.map((item) => keyOf(item))),
            as(adminOf(fixture.tenant)),
          ),
        )
      const searchExit = (query: unknown) =>
        run(Effect.exit(Effect.flatMap(store, (s) => s.search(query as never)).pipe(as(adminOf(fixture.tenant)))))
      const keyOf = (item: Resource): string =>
        (Object.entries(fixture.r) as Array<[string, Resource]>).find(([, r]) => r.id === item.id)?.[0] ?? item.id

      beforeAll(async () => {
        fixture = await run(seeded("res-search"))
      })

      it("lists active entries by reading (normalised kana, then id) by default", async () => {
        expect(await search({})).toEqual([
          "salon", // いきいき
          "groupHome", // ぐるーぷ
          "careplan", // けあぷらん
          "sannoheClinic", // さんのへ
          "nursingHome", // とくべつ
          "zaitakuClinic", // はちのへざいたく
          "chuoHospital", // はちのへちゅうおう
          "houkanHachinohe", // はちのへほうもん
          "houkanSannohe", // ほうもん
          "pharmacy", // みなと
        ])
      })

      it("finds text regardless of hiragana/katakana, width and spaces, in name, reading and address", async () => {
        const houkan = ["houkanHachinohe", "houkanSannohe"]
        expect(await search({ text: "ほうもんかんご" })).toEqual(houkan)
        expect(await search({ text: "ホウモンカンゴ" })).toEqual(houkan)
        expect(await search({ text: "ﾎｳﾓﾝ" })).toEqual(houkan)
        expect(await search({ text: "訪問　看護" })).toEqual(houkan)
        expect(await search({ text: "  訪問看護  さんのへ " })).toEqual(["houkanSannohe"])
        expect(await search({ text: "佐佐木" })).toEqual(["salon"]) // 佐々木
        expect(await search({ text: "本町12" })).toEqual(["pharmacy"]) // 本町１２
        expect(await search({ text: "三戸町 ケ久保" })).toEqual(["sannoheClinic"]) // ヶ久保
        expect(await search({ text: "青森県三戸郡" })).toEqual(["groupHome", "sannoheClinic", "houkanSannohe"])
        expect(await search({ text: "訪問介護" })).toEqual([])
        expect(await search({ text: "%" })).toEqual([])
        expect(await search({ text: "_" })).toEqual([])
        expect(await search({ text: "ほうもんかんご", status: ["active", "closed"] })).toEqual([
          "closedHoukan",
          ...houkan,
        ])
      })

      it("filters by kind, a parent kind matching its refinements", async () => {
        expect(await search({ kinds: ["clinic"] })).toEqual(["sannoheClinic", "zaitakuClinic"])
        expect(await search({ kinds: ["clinic_with_beds"] })).toEqual(["sannoheClinic"])
        expect(await search({ kinds: ["hospital", "pharmacy"] })).toEqual(["chuoHospital", "pharmacy"])
      })

      it("filters by capabilities, all of which must be present", async () => {
        expect(await search({ capabilities: ["around_the_clock"] })).toEqual([
          "zaitakuClinic",
          "houkanHachinohe",
          "houkanSannohe",
        ])
        expect(await search({ capabilities: ["around_the_clock", "end_of_life_care"] })).toEqual([
          "zaitakuClinic",
          "houkanHachinohe",
        ])
        expect(await search({ capabilities: ["ventilator"] })).toEqual([])
      })

      it("filters by municipality through the address or the service area", async () => {
        expect(await search({ municipalityCodes: ["024414"] })).toEqual([
          "groupHome",
          "sannoheClinic",
          "houkanHachinohe", // serves 三戸町
          "houkanSannohe",
        ])
        expect(await search({ municipalityCodes: ["024422"] })).toEqual(["zaitakuClinic"])
        expect(await search({ municipalityCodes: ["024422", "024414"], kinds: ["clinic"] })).toEqual([
          "sannoheClinic",
          "zaitakuClinic",
        ])
      })

      it("filters by status, active only by default", async () => {
        expect(await search({ status: ["suspended"] })).toEqual(["suspendedHelper"])
        expect(await search({ status: ["closed"] })).toEqual(["closedHoukan"])
        expect(await search({ status: ["active", "suspended", "closed"], limit: 200 })).toHaveLength(12)
      })

      it("filters by opening time: open at opens, closed at closes, between periods and on days without hours", async () => {
        expect(await search({ openAt: { day: "mon", time: "09:00" } })).toEqual([
          "zaitakuClinic",
          "chuoHospital",
          "houkanHachinohe",
          "houkanSannohe",
          "pharmacy",
        ])
        const houkan = { kinds: ["home_nursing_station" as const] }
        expect(await search({ ...houkan, openAt: { day: "mon", time: "08:59" } })).toEqual(["houkanSannohe"])
        expect(await search({ ...houkan, openAt: { day: "mon", time: "17:29" } })).toEqual(["houkanHachinohe"])
        expect(await search({ ...houkan, openAt: { day: "mon", time: "17:30" } })).toEqual([])
        const clinic = { kinds: ["clinic_without_beds" as const] }
        expect(await search({ ...clinic, openAt: { day: "mon", time: "11:59" } })).toEqual(["zaitakuClinic"])
        expect(await search({ ...clinic, openAt: { day: "mon", time: "12:00" } })).toEqual([])
        expect(await search({ ...clinic, openAt: { day: "mon", time: "14:00" } })).toEqual(["zaitakuClinic"])
        expect(await search({ ...clinic, openAt: { day: "wed", time: "10:00" } })).toEqual([])
        expect(await search({ openAt: { day: "sat", time: "12:30" } })).toEqual(["pharmacy"])
        expect(await search({ openAt: { day: "tue", time: "10:00" }, text: "サロン" })).toEqual(["salon"])
        expect(await search({ openAt: { day: "sun", time: "10:00" } })).toEqual([])
      })

      it("filters by vacancy: a known vacancy of at least one, or the others", async () => {
        expect(await search({ hasVacancy: true })).toEqual(["groupHome"])
        expect(await search({ hasVacancy: false, kinds: ["special_nursing_home", "dementia_group_home"] })).toEqual([
          "nursingHome",
        ])
      })

      it("combines filters", async () => {
        expect(
          await search({
            text: "ステーション",
            kinds: ["home_nursing_station"],
            municipalityCodes: ["024414"],
            capabilities: ["around_the_clock"],
            openAt: { day: "fri", time: "08:45" },
          }),
        ).toEqual(["houkanSannohe"])
      })

      it("finds entries within a radius, nearest first, and never entries without coordinates", async () => {
        expect(await search({ near: { ...hachinoheCityHall, radiusKm: 3 } })).toEqual([
          "houkanHachinohe",
          "careplan",
          "chuoHospital",
          "zaitakuClinic",
        ])
        expect(await search({ near: { ...sannoheTownHall, radiusKm: 2 } })).toEqual([
          "houkanSannohe",
          "sannoheClinic",
          "groupHome",
        ])
        const everything = await search({ near: { ...hachinoheCityHall, radiusKm: 1000 }, limit: 200 })
        expect(everything).toHaveLength(9) // ten active entries, one without coordinates
        expect(everything).not.toContain("salon")
        const distances = everything.map((key) =>
          distanceKm(fixture.r[key as DirectoryFixtureKey].location!, hachinoheCityHall),
        )
        expect([...distances].sort((x, y) => x - y)).toEqual(distances)
      })

      it("includes an entry exactly at the radius (within 1 mm) and excludes it just outside", async () => {
        const d = distanceKm(fixture.r.pharmacy.location!, hachinoheCityHall)
        const inside = await search({ near: { ...hachinoheCityHall, radiusKm: d + 1e-6 }, kinds: ["pharmacy"] })
        const outside = await search({ near: { ...hachinoheCityHall, radiusKm: d - 1e-6 }, kinds: ["pharmacy"] })
        expect(inside).toEqual(["pharmacy"])
        expect(outside).toEqual([])
      })

      it("finds an entry at exactly the radius core's distanceKm gives, to the last bit, and not one step inside it", async () => {
        const checks = await run(
          Effect.gen(function* () {
            const { tenant, entries } = yield* directoryOf("res-radius-bits", (tenantId) =>
              radiusProbePoints().map((location, i) => placed(tenantId, `距離${i}`, location)),
            )
            const s = yield* store
            const out: Array<{ id: string; radiusKm: number; got: Array<string>; expected: Array<string> }> = []
            for (const entry of entries) {
              const d = distanceKm(entry.location!, hachinoheCityHall)
              for (const radiusKm of [d, nextDown(d)]) {
                const query = { near: { ...hachinoheCityHall, radiusKm }, limit: 200 }
                const page = yield* s.search(query).pipe(as(adminOf(tenant)))
                out.push({ id: entry.id, radiusKm, got: idsOf(page), expected: idsOf(referencePage(entries, query)) })
              }
            }
            return out
          }),
        )
        for (const [i, check] of checks.entries()) {
          expect(check.got, `radius ${check.radiusKm} km`).toEqual(check.expected)
          if (i % 2 === 0) expect(check.got).toContain(check.id)
          else expect(check.got).not.toContain(check.id)
        }
      })

      it("finds an entry at the eastern edge of a wide circle in the north, wider in longitude than radius ÷ cos φ", async () => {
        // Centre at 44°N, an entry at the easternmost point of a 998 km circle: asin(sin(998 km / R) / cos 44°) =
        // 12.52559° of longitude away, beyond the (999 / 111 + 0.01)° / cos 44° = 12.52537° of a box drawn for 999 km
        // by dividing by cos φ (about 18 m short there).
        const centre = { latitude: 44, longitude: 141 }
        const angle = 998 / 6371.0088
        const east = {
          latitude: Number(((Math.asin(Math.sin((44 * Math.PI) / 180) / Math.cos(angle)) * 180) / Math.PI).toFixed(6)),
          longitude: Number(
            (141 + (Math.asin(Math.sin(angle) / Math.cos((44 * Math.PI) / 180)) * 180) / Math.PI).toFixed(6),
          ),
        }
        const result = await run(
          Effect.gen(function* () {
            const { tenant, entries } = yield* directoryOf("res-wide-north", (tenantId) => [
              placed(tenantId, "東の端", east),
              placed(tenantId, "中心", centre),
            ])
            const page = yield* (yield* store).search({ near: { ...centre, radiusKm: 999 } }).pipe(as(adminOf(tenant)))
            return { got: idsOf(page), entries }
          }),
        )
        expect(distanceKm(east, centre)).toBeGreaterThan(997.9)
        expect(distanceKm(east, centre)).toBeLessThan(999)
        expect(east.longitude - centre.longitude).toBeGreaterThan((999 / 111 + 0.01) / Math.cos((44 * Math.PI) / 180))
        expect(result.got).toEqual([result.entries[1]!.id, result.entries[0]!.id])
      })

      it("keeps opening hours to their day: a period ending at 24:00 is closed at 24:00 and never reaches the next day", async () => {
        const result = await run(
          Effect.gen(function* () {
            const { tenant, entries } = yield* directoryOf("res-open-edges", (tenantId) => [
              placed(tenantId, "夜間", hachinoheCityHall, {
                hours: [
                  { day: "mon", periods: [{ opens: "22:00", closes: "24:00" }] },
                  { day: "tue", periods: [{ opens: "00:00", closes: "06:00" }] },
                ],
              }),
              placed(tenantId, "終日", sannoheTownHall, {
                hours: [
                  {
                    day: "wed",
                    periods: [
                      { opens: "00:00", closes: "12:00" },
                      { opens: "12:00", closes: "24:00" },
                    ],
                  },
                ],
              }),
              placed(tenantId, "祝日", undefined, {
                hours: [{ day: "holiday", periods: [{ opens: "09:00", closes: "12:00" }] }],
              }),
              placed(tenantId, "時間なし", hachinoheCityHall),
            ])
            const s = yield* store
            const at = (day: string, time: string, near?: boolean) =>
              s
                .search({
                  openAt: { day: day as "mon", time },
                  ...(near === true ? { near: { ...hachinoheCityHall, radiusKm: 100 } } : {}),
                })
                .pipe(
                  Effect.map((page) => page.items.map((item) => item.name)),
                  as(adminOf(tenant)),
                )
            const times = [
              ["mon", "21:59"],
              ["mon", "22:00"],
              ["mon", "23:59"],
              ["mon", "24:00"],
              ["tue", "00:00"],
              ["tue", "05:59"],
              ["tue", "06:00"],
              ["sun", "24:00"],
              ["mon", "00:00"],
              ["wed", "00:00"],
              ["wed", "12:00"],
              ["wed", "23:59"],
              ["wed", "24:00"],
              ["thu", "00:00"],
              ["holiday", "09:00"],
              ["holiday", "12:00"],
              ["mon", "09:00"],
            ] as const
            const out: Record<string, { listing: Array<string>; near: Array<string> }> = {}
            for (const [day, time] of times) {
              out[`${day} ${time}`] = { listing: yield* at(day, time), near: yield* at(day, time, true) }
            }
            const reference = Object.fromEntries(
              times.map(([day, time]) => [
                `${day} ${time}`,
                {
                  listing: referencePage(entries, { openAt: { day, time } }).items.map((item) => item.name),
                  near: referencePage(entries, {
                    openAt: { day, time },
                    near: { ...hachinoheCityHall, radiusKm: 100 },
                  }).items.map((item) => item.name),
                },
              ]),
            )
            return { out, reference }
          }),
        )
        expect(result.out).toEqual(result.reference)
        expect(result.out["mon 23:59"]?.listing).toEqual(["夜間"])
        expect(result.out["mon 24:00"]?.listing).toEqual([])
        expect(result.out["tue 00:00"]?.listing).toEqual(["夜間"])
        expect(result.out["tue 06:00"]?.listing).toEqual([])
        expect(result.out["wed 12:00"]?.listing).toEqual(["終日"])
        expect(result.out["wed 24:00"]?.listing).toEqual([])
        expect(result.out["thu 00:00"]?.listing).toEqual([])
        expect(result.out["holiday 09:00"]?.listing).toEqual(["祝日"])
        expect(result.out["holiday 09:00"]?.near).toEqual([]) // no coordinates
        expect(result.out["mon 09:00"]?.listing).toEqual([])
        expect(result.out["tue 00:00"]?.near).toEqual(["夜間"])
      })

      it("counts only a known vacancy of at least one: hasVacancy false covers no availability, no figure and 0", async () => {
        const result = await run(
          Effect.gen(function* () {
            const asOf = "2025-06-01T09:00:00+09:00"
            const { tenant, entries } = yield* directoryOf("res-vacancy", (tenantId) => [
              placed(tenantId, "情報なし", hachinoheCityHall),
              placed(tenantId, "定員のみ", hachinoheCityHall, { availability: { capacity: 10, asOf } }),
              placed(tenantId, "空きなし", sannoheTownHall, { availability: { capacity: 10, vacancy: 0, asOf } }),
              placed(tenantId, "空き1", sannoheTownHall, { availability: { capacity: 10, vacancy: 1, asOf } }),
              placed(tenantId, "空き5", undefined, { availability: { vacancy: 5, asOf } }),
            ])
            const s = yield* store
            const names = (query: ResourceQueryInput) =>
              s.search(query).pipe(
                Effect.map((page) => page.items.map((item) => item.name).sort()),
                as(adminOf(tenant)),
              )
            const near = { near: { ...hachinoheCityHall, radiusKm: 50 } }
            const queries: ReadonlyArray<ResourceQueryInput> = [
              { hasVacancy: true },
              { hasVacancy: false },
              { ...near, hasVacancy: true },
              { ...near, hasVacancy: false },
            ]
            const got: Array<Array<string>> = []
            for (const query of queries) got.push(yield* names(query))
            const expected = queries.map((query) =>
              referencePage(entries, query)
                .items.map((item) => item.name)
                .sort(),
            )
            return { got, expected }
          }),
        )
        expect(result.got).toEqual(result.expected)
        expect(result.got).toEqual([
          ["空き1", "空き5"].sort(),
          ["情報なし", "定員のみ", "空きなし"].sort(),
          ["空き1"],
          ["情報なし", "定員のみ", "空きなし"].sort(),
        ])
      })

      it("refuses a bad query with a ValidationError: limit 0 or 201, a malformed cursor, unknown keys", async () => {
        expect(validationCodes(await searchExit({ limit: 0 }))).toEqual(["limit:too_small"])
        expect(validationCodes(await searchExit({ limit: 201 }))).toEqual(["limit:too_big"])
        expect(validationCodes(await searchExit({ cursor: "not-a-cursor" }))).toEqual(["cursor:invalid_cursor"])
        expect(validationCodes(await searchExit({ cursor: "eyJ2IjoxLCJvIjoibmFtZSJ9" }))).toEqual([
          "cursor:invalid_cursor",
        ])
        expect(failureOf(await searchExit({ near: { lat: 40.5, lon: 141.4, radiusKm: 5 } }))?._tag).toBe(
          "ValidationError",
        )
        expect(failureOf(await searchExit({ kinds: ["no_such_kind"] }))?._tag).toBe("ValidationError")
        expect(failureOf(await searchExit({ openAt: { day: "mon", time: "9:00" } }))?._tag).toBe("ValidationError")
        expect(failureOf(await searchExit({ near: { ...hachinoheCityHall, radiusKm: 0 } }))?._tag).toBe(
          "ValidationError",
        )
      })

      it("filters by modification time, strictly after the given instant", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-modified")
            const s = yield* store
            const fixture = directoryFixture(tenant.id)
            const a = yield* s.create(fixture.pharmacy).pipe(as(adminOf(tenant)))
            const b = yield* s.create(fixture.careplan).pipe(as(adminOf(tenant)))
            yield* Effect.sleep("5 millis")
            const updated = yield* s
              .update(a.id, { notes: "土曜午後休み" }, { expectedVersion: 1 })
              .pipe(as(adminOf(tenant)))
            const after = (modifiedAfter: string) =>
              s.search({ modifiedAfter }).pipe(
                Effect.map((page) => page.items.map((item) => item.id)),
                as(adminOf(tenant)),
              )
            return {
              a,
              b,
              sinceB: yield* after(b.updatedAt),
              sinceUpdate: yield* after(updated.updatedAt),
              sinceBefore: yield* after(new Date(Date.parse(a.createdAt) - 1).toISOString()),
            }
          }),
        )
        expect(result.sinceB).toEqual([result.a.id])
        expect(result.sinceUpdate).toEqual([])
        expect(result.sinceBefore.sort()).toEqual([result.a.id, result.b.id].sort())
      })
    })

    describe("pagination", () => {
      const walk = (
        tenant: Tenant,
        query: Record<string, unknown>,
        between?: Effect.Effect<unknown, unknown, ResourceStoreServices>,
      ) =>
        Effect.gen(function* () {
          const s = yield* store
          const seen: Array<ResourceId> = []
          let cursor: string | undefined
          let pages = 0
          do {
            const page = yield* s
              .search((cursor === undefined ? query : { ...query, cursor }) as never)
              .pipe(as(adminOf(tenant)))
            seen.push(...page.items.map((item) => item.id))
            cursor = page.nextCursor ?? undefined
            if (pages === 0 && between !== undefined) yield* between
            pages += 1
          } while (cursor !== undefined && pages < 100)
          return { seen, pages }
        })

      const manyInTenant = (prefix: string) =>
        Effect.gen(function* () {
          const tenant = yield* newTenant(prefix)
          const s = yield* store
          const readings = [
            "カヨイノバ",
            "カヨイノバ",
            "カヨイノバ",
            "カヨイノバ",
            "カヨイノバ",
            "アサヒ",
            "ヒマワリ",
            "ﾐﾄﾞﾘ",
          ]
          for (let i = 0; i < 25; i++) {
            yield* s
              .create({
                tenantId: tenant.id,
                kind: "community_gathering_place",
                name: `通いの場${i + 1}`,
                nameKana: readings[i % readings.length]!,
                address: aomori(i % 2 === 0 ? "022039" : "024414", `テスト町${i + 1}`),
                location: { latitude: 40.37 + (i % 7) * 0.02, longitude: 141.26 + (i % 5) * 0.05 },
                provenance: { source: "survey" },
              })
              .pipe(as(adminOf(tenant)))
          }
          return tenant
        })

      it("walks every entry exactly once in a stable order, equal ties broken by id", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* manyInTenant("res-pages")
            const s = yield* store
            const whole = yield* s.search({ limit: 200 }).pipe(as(adminOf(tenant)))
            const byFour = yield* walk(tenant, { limit: 4 })
            const byOne = yield* walk(tenant, { limit: 1 })
            const nearWhole = yield* s
              .search({ near: { ...sannoheTownHall, radiusKm: 100 }, limit: 200 })
              .pipe(as(adminOf(tenant)))
            const nearByThree = yield* walk(tenant, { near: { ...sannoheTownHall, radiusKm: 100 }, limit: 3 })
            const exact = yield* s.search({ limit: 25 }).pipe(as(adminOf(tenant)))
            return { whole, byFour, byOne, nearWhole, nearByThree, exact }
          }),
        )
        const ids = result.whole.items.map((item) => item.id)
        expect(ids).toHaveLength(25)
        expect(result.whole.nextCursor).toBeNull()
        expect(result.byFour).toEqual({ seen: ids, pages: 7 })
        expect(result.byOne.seen).toEqual(ids)
        expect(result.exact.nextCursor).toBeNull() // a full last page has no next cursor
        const ties = result.whole.items.filter((item) => item.nameKana === "カヨイノバ").map((item) => item.id)
        expect(ties).toEqual([...ties].sort())
        expect(result.nearByThree.seen).toEqual(result.nearWhole.items.map((item) => item.id))
        expect(new Set(result.nearByThree.seen).size).toBe(25)
      })

      it("keeps paging consistent when entries are added mid-walk: nothing repeated, later ones appear", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* manyInTenant("res-pages-insert")
            const s = yield* store
            const insert = (kana: string) =>
              s
                .create({
                  tenantId: tenant.id,
                  kind: "watch_over",
                  name: `見守り${kana}`,
                  nameKana: kana,
                  address: aomori("022039", "八戸市内丸1"),
                  provenance: { source: "manual" },
                })
                .pipe(as(adminOf(tenant)))
            let early: Resource | undefined
            let late: Resource | undefined
            const between = Effect.gen(function* () {
              early = yield* insert("アアア") // sorts before the cursor: not seen in this walk
              late = yield* insert("ンンン") // sorts after: seen
            })
            const walked = yield* walk(tenant, { limit: 5 }, between)
            return { walked, early: early!, late: late! }
          }),
        )
        expect(new Set(result.walked.seen).size).toBe(result.walked.seen.length)
        expect(result.walked.seen).toHaveLength(26)
        expect(result.walked.seen).not.toContain(result.early.id)
        expect(result.walked.seen.at(-1)).toBe(result.late.id)
      })

      /** Around (40.5, 141.5): entries at the centre, five in one building, a pair at exactly equal distances, others. */
      const tiedCentre = { latitude: 40.5, longitude: 141.5 }
      const tiedDirectory = (tenantId: TenantId): ReadonlyArray<NewResourceInput> => {
        const building = { latitude: 40.51, longitude: 141.53 }
        // 141.5 ± 0.0625 are exact in binary, so both longitude differences are ±0.0625 exactly: the same distance
        const west = { latitude: 40.5, longitude: 141.4375 }
        const east = { latitude: 40.5, longitude: 141.5625 }
        const open = { hours: [{ day: "sat" as const, periods: [{ opens: "09:00", closes: "12:00" }] }] }
        const vacant = { availability: { capacity: 9, vacancy: 1, asOf: "2025-06-01T09:00:00+09:00" } }
        return [
          placed(tenantId, "中心1", tiedCentre, open),
          placed(tenantId, "中心2", tiedCentre),
          placed(tenantId, "中心3", tiedCentre, { ...open, ...vacant }),
          ...[1, 2, 3, 4, 5].map((n) => placed(tenantId, `同じ建物${n}`, building, n % 2 === 0 ? vacant : open)),
          placed(tenantId, "西", west, open),
          placed(tenantId, "東", east, { ...open, ...vacant }),
          placed(tenantId, "北", { latitude: 40.55, longitude: 141.5 }, vacant),
          placed(tenantId, "遠く", { latitude: 40.8, longitude: 141.3 }, open),
          placed(tenantId, "座標なし1", undefined, open),
          placed(tenantId, "座標なし2", undefined, vacant),
        ]
      }

      it("pages by distance through equal distances and entries at one point: ties by id, each entry once", async () => {
        const near = { near: { ...tiedCentre, radiusKm: 50 } }
        const queries: ReadonlyArray<Record<string, unknown>> = [
          near,
          { ...near, openAt: { day: "sat", time: "10:00" } },
          { ...near, hasVacancy: true },
          { ...near, hasVacancy: false, text: "同じ" },
        ]
        const result = await run(
          Effect.gen(function* () {
            const { tenant, entries } = yield* directoryOf("res-pages-ties", tiedDirectory)
            const s = yield* store
            const walks: Array<{ query: Record<string, unknown>; limit: number; seen: Array<ResourceId> }> = []
            const wholes: Array<Array<ResourceId>> = []
            for (const query of queries) {
              wholes.push(idsOf(yield* s.search({ ...query, limit: 200 } as never).pipe(as(adminOf(tenant)))))
              for (const limit of [1, 2, 3, 4]) {
                walks.push({ query, limit, seen: (yield* walk(tenant, { ...query, limit })).seen })
              }
            }
            return { entries, wholes, walks }
          }),
        )
        const { entries } = result
        const at = (name: string) => entries.find((entry) => entry.name === name)!
        const d = (name: string) => distanceKm(at(name).location!, tiedCentre)
        // the fixture does have ties: three at distance 0, five at one point, and a pair exactly equal
        expect(d("中心1")).toBe(0)
        expect(new Set([1, 2, 3, 4, 5].map((n) => d(`同じ建物${n}`))).size).toBe(1)
        expect(d("西")).toBe(d("東"))
        queries.forEach((query, i) => {
          const expected = idsOf(referencePage(entries, { ...query, limit: 200 }))
          expect(result.wholes[i]).toEqual(expected)
        })
        const building = [1, 2, 3, 4, 5].map((n) => at(`同じ建物${n}`).id)
        const all = result.wholes[0]!
        expect(all.filter((id) => building.includes(id))).toEqual([...building].sort(compareCodePoints))
        expect(all).not.toContain(at("座標なし1").id)
        expect(all).toHaveLength(entries.length - 2)
        for (const w of result.walks) {
          expect(w.seen, `${JSON.stringify(w.query)} by ${w.limit}`).toEqual(result.wholes[queries.indexOf(w.query)])
        }
      })

      it("keeps paging by distance consistent when entries are added mid-walk, at the cursor's distance too", async () => {
        const result = await run(
          Effect.gen(function* () {
            const { tenant, entries } = yield* directoryOf("res-pages-ties-insert", tiedDirectory)
            const s = yield* store
            const query = { near: { ...tiedCentre, radiusKm: 50 }, limit: 4 }
            const first = yield* s.search(query).pipe(as(adminOf(tenant)))
            const added: Array<Resource> = []
            for (const [name, location] of [
              ["追加・中心", tiedCentre],
              ["追加・同じ建物", { latitude: 40.51, longitude: 141.53 }],
              ["追加・遠く", { latitude: 40.8, longitude: 141.5 }],
            ] as const) {
              added.push(yield* s.create(placed(tenant.id, name, location)).pipe(as(adminOf(tenant))))
            }
            const rest = yield* walk(tenant, { ...query, cursor: first.nextCursor! })
            return { entries, added, first, rest }
          }),
        )
        const seen = [...idsOf(result.first), ...result.rest.seen]
        expect(new Set(seen).size).toBe(seen.length)
        for (const entry of result.entries.filter((e) => e.location !== undefined)) expect(seen).toContain(entry.id)
        // an entry added behind the cursor is not seen in this walk; one after it is
        const cursor = Result.getOrThrow(decodeResourceCursor(result.first.nextCursor!))
        if (cursor.o !== "distance") throw new Error("expected a distance cursor")
        for (const entry of result.added) {
          const d = distanceKm(entry.location!, tiedCentre)
          const after = d > cursor.d || (d === cursor.d && compareCodePoints(entry.id, cursor.id) > 0)
          expect(seen.includes(entry.id), entry.name).toBe(after)
        }
        expect(seen).not.toContain(result.added[0]!.id) // at the centre, before every page-one entry beyond it
        expect(seen).toContain(result.added[2]!.id)
      })

      it("refuses a listing cursor in a near query, as it refuses a distance cursor in a listing", async () => {
        const exit = await run(
          Effect.gen(function* () {
            const tenant = yield* manyInTenant("res-pages-mixed-near")
            const s = yield* store
            const first = yield* s.search({ limit: 2 }).pipe(as(adminOf(tenant)))
            return yield* Effect.exit(
              s
                .search({ near: { ...sannoheTownHall, radiusKm: 100 }, limit: 2, cursor: first.nextCursor! })
                .pipe(as(adminOf(tenant))),
            )
          }),
        )
        expect(validationCodes(exit)).toEqual(["cursor:invalid_cursor"])
      })

      it("refuses a cursor of one order in a query of the other", async () => {
        const exit = await run(
          Effect.gen(function* () {
            const tenant = yield* manyInTenant("res-pages-mixed")
            const s = yield* store
            const first = yield* s
              .search({ near: { ...sannoheTownHall, radiusKm: 100 }, limit: 2 })
              .pipe(as(adminOf(tenant)))
            return yield* Effect.exit(s.search({ limit: 2, cursor: first.nextCursor! }).pipe(as(adminOf(tenant))))
          }),
        )
        expect(validationCodes(exit)).toEqual(["cursor:invalid_cursor"])
      })
    })

    describe("provider updates and review", () => {
      const providerOf = (tenant: Tenant, ...resources: ReadonlyArray<ResourceId>): Principal => ({
        tenantId: tenant.id,
        role: "provider",
        subject: { kind: "api_key", id: "0192f5a0-0000-7000-8000-00000000b001", label: "事業所" },
        resources: [...resources],
      })

      it("lets a provider attest and propose changes to its own entries only, refusing bad proposals without storing them", async () => {
        const result = await run(
          Effect.gen(function* () {
            const { tenant, r } = yield* seeded("res-provider-scope")
            const s = yield* store
            const office = providerOf(tenant, r.houkanHachinohe.id)
            const own = r.houkanHachinohe
            const other = r.houkanSannohe
            const attestedOwn = yield* s.attest(own.id, { expectedVersion: 1 }).pipe(as(office))
            const refused = yield* Effect.all([
              Effect.exit(s.attest(other.id, { expectedVersion: 1 })),
              Effect.exit(s.propose(other.id, { phone: "0179-11-1111" }, { expectedVersion: 1 })),
              Effect.exit(s.propose(own.id, { phone: "0178-11-1111" }, { expectedVersion: 1 })), // stale: now 2
              Effect.exit(s.propose(own.id, { phone: "0178-00-0001" }, { expectedVersion: 2 })), // no change
              Effect.exit(s.propose(own.id, { status: "closed" }, { expectedVersion: 2 })), // closedOn missing
              Effect.exit(
                s.propose(own.id, { provenance: { source: "self_reported" } } as never, { expectedVersion: 2 }),
              ),
              Effect.exit(s.update(own.id, { phone: "0178-11-1111" }, { expectedVersion: 2 })),
            ]).pipe(as(office))
            const viewer = yield* Effect.exit(
              s
                .propose(own.id, { phone: "0178-11-1111" }, { expectedVersion: 2 })
                .pipe(as({ ...coordinatorOf(tenant), role: "viewer" })),
            )
            const requests = yield* s.changeRequests().pipe(as(coordinatorOf(tenant)))
            const entry = yield* s.get(own.id).pipe(as(adminOf(tenant)))
            return { attestedOwn, refused, viewer, requests, entry, other, office }
          }),
        )
        expect(result.attestedOwn).toMatchObject({ version: 2, assuredBy: result.office.subject })
        const [attestOther, proposeOther, stale, noChange, invalid, provenance] = result.refused
        expect(failureOf(attestOther)).toMatchObject({ _tag: "Forbidden", resourceId: result.other.id })
        expect(failureOf(proposeOther)).toMatchObject({ _tag: "Forbidden", resourceId: result.other.id })
        expect(failureOf(stale)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
        expect(validationCodes(noChange)).toEqual([":no_changes"])
        expect(validationCodes(invalid)).toEqual(["closedOn:closed_on_required"])
        expect(validationCodes(provenance)).toEqual([":unrecognized_keys"])
        expect(failureOf(result.refused[6])?._tag).toBe("Forbidden") // providers propose; they do not update
        expect(failureOf(result.viewer)?._tag).toBe("Forbidden")
        expect(result.requests.items).toEqual([])
        expect(result.entry.version).toBe(2) // only the attestation was written
      })

      it("waits for the coordinator: accepting applies the change and the attestation, with change log, audit and stale report", async () => {
        const result = await run(
          Effect.gen(function* () {
            const { tenant, r } = yield* seeded("res-provider-accept")
            const s = yield* store
            const own = r.careplan
            const office = providerOf(tenant, own.id)
            const neighbour = providerOf(tenant, r.pharmacy.id)
            const staleBefore = yield* s.staleReport({ now: "2025-07-01" }).pipe(as(adminOf(tenant)))
            const request = yield* s
              .propose(
                own.id,
                { phone: "0178-22-2222", fax: "0178-22-3333" },
                { expectedVersion: 1, reason: "電話番号の変更", attest: true },
              )
              .pipe(as(office))
            const neighbourRequest = yield* s
              .propose(r.pharmacy.id, { notes: "無菌調剤室あり" }, { expectedVersion: 1 })
              .pipe(as(neighbour))
            const pendingEntry = yield* s.get(own.id).pipe(as(adminOf(tenant)))
            const staleWhilePending = yield* s.staleReport({ now: "2025-07-01" }).pipe(as(adminOf(tenant)))
            const officeView = yield* s.changeRequests().pipe(as(office))
            const officeReadsNeighbour = yield* Effect.exit(s.changeRequest(neighbourRequest.id).pipe(as(office)))
            const queue = yield* s.changeRequests({ status: ["pending"] }).pipe(as(coordinatorOf(tenant)))
            const providerAccepts = yield* Effect.exit(s.acceptChangeRequest(request.id).pipe(as(office)))
            const accepted = yield* s
              .acceptChangeRequest(request.id, { comment: "反映しました" })
              .pipe(as(coordinatorOf(tenant)))
            const again = yield* Effect.exit(s.acceptChangeRequest(request.id).pipe(as(coordinatorOf(tenant))))
            const read = yield* s.changeRequest(request.id).pipe(as(office))
            const changes = yield* s.changes(own.id).pipe(as(adminOf(tenant)))
            const staleAfter = yield* s.staleReport({ now: "2025-07-01" }).pipe(as(adminOf(tenant)))
            const audit = yield* auditActions(tenant)
            return {
              tenant,
              own,
              office,
              staleBefore,
              request,
              neighbourRequest,
              pendingEntry,
              staleWhilePending,
              officeView,
              officeReadsNeighbour,
              queue,
              providerAccepts,
              accepted,
              again,
              read,
              changes,
              staleAfter,
              audit,
            }
          }),
        )
        const staleIds = (report: { items: ReadonlyArray<{ resource: Resource }> }) =>
          report.items.map((item) => item.resource.id)
        expect(staleIds(result.staleBefore)).toContain(result.own.id)
        expect(result.request).toMatchObject({
          resourceId: result.own.id,
          baseVersion: 1,
          attest: true,
          status: "pending",
          proposedBy: result.office.subject,
          changes: [
            { field: "fax", to: "0178-22-3333" },
            { field: "phone", to: "0178-22-2222" },
          ],
        })
        expect(result.pendingEntry).toEqual(result.own) // nothing changes before the review
        const pendingLine = result.staleWhilePending.items.find((item) => item.resource.id === result.own.id)
        expect(pendingLine?.pendingChangeRequests).toBe(1)
        expect(result.officeView.items.map((item) => item.id)).toEqual([result.request.id])
        expect(failureOf(result.officeReadsNeighbour)?._tag).toBe("NotFound")
        // oldest proposal first; two proposals of the same millisecond go by id
        const queued = [result.request, result.neighbourRequest].sort(
          (x, y) => Date.parse(x.proposedAt) - Date.parse(y.proposedAt) || (x.id < y.id ? -1 : 1),
        )
        expect(result.queue.items.map((item) => item.id)).toEqual(queued.map((request) => request.id))
        expect(failureOf(result.providerAccepts)?._tag).toBe("Forbidden")
        expect(result.accepted.resource).toMatchObject({
          phone: "0178-22-2222",
          fax: "0178-22-3333",
          version: 2,
          assuredAt: result.request.proposedAt,
          assuredBy: result.office.subject,
        })
        expect(result.accepted.request).toMatchObject({
          status: "accepted",
          comment: "反映しました",
          decidedBy: coordinatorOf(result.tenant).subject,
          appliedVersion: 2,
        })
        expect(result.read).toEqual(result.accepted.request)
        expect(failureOf(result.again)).toMatchObject({ _tag: "Conflict", reason: "state" })
        expect(
          result.changes.items.map((change) => [
            change.field,
            change.by.id,
            change.reviewedBy?.id,
            change.changeRequestId,
            change.reason,
          ]),
        ).toEqual(
          ["assuredAt", "assuredBy", "fax", "phone"].map((field) => [
            field,
            result.office.subject.id,
            coordinatorOf(result.tenant).subject.id,
            result.request.id,
            "電話番号の変更",
          ]),
        )
        expect(staleIds(result.staleAfter)).not.toContain(result.own.id)
        const steps = result.audit
          .filter((entry) => entry.action.startsWith("resource_change_request.") || entry.target.id === result.own.id)
          .map((entry) => [entry.action, entry.actor.role])
        expect(steps).toEqual([
          ["resource.create", "tenant_admin"],
          ["resource_change_request.create", "provider"],
          ["resource_change_request.create", "provider"],
          ["resource.update", "coordinator"],
          ["resource_change_request.accept", "coordinator"],
        ])
      })

      it("records rejections and withdrawals without touching the entry, and refuses acceptance when fields collided", async () => {
        const result = await run(
          Effect.gen(function* () {
            const { tenant, r } = yield* seeded("res-provider-reject")
            const s = yield* store
            const own = r.groupHome
            const office = providerOf(tenant, own.id)
            const coordinator = coordinatorOf(tenant)
            const first = yield* s.propose(own.id, { phone: "0178-44-4444" }, { expectedVersion: 1 }).pipe(as(office))
            const noComment = yield* Effect.exit(
              s.rejectChangeRequest(first.id, { comment: " " }).pipe(as(coordinator)),
            )
            const rejected = yield* s
              .rejectChangeRequest(first.id, { comment: "代表番号をご記入ください" })
              .pipe(as(coordinator))
            const second = yield* s.propose(own.id, { phone: "0178-55-5555" }, { expectedVersion: 1 }).pipe(as(office))
            const coordinatorWithdraws = yield* Effect.exit(s.withdrawChangeRequest(second.id).pipe(as(coordinator)))
            const withdrawn = yield* s.withdrawChangeRequest(second.id).pipe(as(office))
            const third = yield* s
              .propose(own.id, { phone: "0178-66-6666", notes: "夜間は携帯へ" }, { expectedVersion: 1 })
              .pipe(as(office))
            // meanwhile the coordinator corrects the phone number by hand
            const edited = yield* s
              .update(own.id, { phone: "0178-77-7777" }, { expectedVersion: 1 })
              .pipe(as(coordinator))
            const collided = yield* Effect.exit(s.acceptChangeRequest(third.id).pipe(as(coordinator)))
            const stillPending = yield* s.changeRequest(third.id).pipe(as(coordinator))
            const entry = yield* s.get(own.id).pipe(as(coordinator))
            const otherTenant = yield* newTenant("res-provider-other")
            const crossTenant = yield* Effect.exit(s.changeRequest(third.id).pipe(as(coordinatorOf(otherTenant))))
            const history = yield* s.changeRequests({ resourceId: own.id }).pipe(as(office))
            const audit = yield* auditActions(tenant)
            return {
              noComment,
              rejected,
              coordinatorWithdraws,
              withdrawn,
              third,
              edited,
              collided,
              stillPending,
              entry,
              crossTenant,
              history,
              audit,
            }
          }),
        )
        expect(validationCodes(result.noComment)).toEqual(["comment:too_small"])
        expect(result.rejected).toMatchObject({ status: "rejected", comment: "代表番号をご記入ください" })
        expect(failureOf(result.coordinatorWithdraws)?._tag).toBe("Forbidden")
        expect(result.withdrawn.status).toBe("withdrawn")
        expect(failureOf(result.collided)).toMatchObject({
          _tag: "Conflict",
          reason: "version_mismatch",
          fields: ["phone"],
        })
        expect(result.stillPending.status).toBe("pending")
        expect(result.entry).toEqual(result.edited) // nothing written by the refused acceptance
        expect(failureOf(result.crossTenant)?._tag).toBe("NotFound")
        const inOrder = [result.rejected, result.withdrawn, result.third].sort(
          (x, y) => Date.parse(x.proposedAt) - Date.parse(y.proposedAt) || (x.id < y.id ? -1 : 1),
        )
        expect(result.history.items.map((item) => item.id)).toEqual(inOrder.map((request) => request.id))
        expect(result.history.items.map((item) => item.status).sort()).toEqual(["pending", "rejected", "withdrawn"])
        expect(
          result.audit.filter((entry) => entry.action.startsWith("resource_change_request.")).map((e) => e.action),
        ).toEqual([
          "resource_change_request.create",
          "resource_change_request.reject",
          "resource_change_request.create",
          "resource_change_request.withdraw",
          "resource_change_request.create",
        ])
      })
    })

    describe("stale report", () => {
      it("lists overdue, due-soon and never-assured entries at the boundaries, skipping current and closed ones", async () => {
        const result = await run(
          Effect.gen(function* () {
            const tenant = yield* newTenant("res-stale")
            const s = yield* store
            const f = directoryFixture(tenant.id)
            const by = { kind: "user" as const, id: "coordinator-1" }
            const create = (input: NewResourceInput, assuredAt?: string) =>
              s
                .create(assuredAt === undefined ? input : { ...input, assuredAt, assuredBy: by })
                .pipe(as(adminOf(tenant)))
            const r = {
              overdue: yield* create(f.pharmacy, "2024-06-30T09:00:00+09:00"), // due 2025-06-30
              dueToday: yield* create(f.careplan, "2024-06-30T15:30:00Z"), // 2024-07-01 in Japan: due 2025-07-01
              due30: yield* create(f.chuoHospital, "2024-07-31T09:00:00+09:00"), // due in 30 days
              current: yield* create(f.groupHome, "2024-08-01T09:00:00+09:00"), // due in 31 days
              never: yield* create(f.salon),
              closed: yield* create(f.closedHoukan),
              suspended: yield* create(f.suspendedHelper, "2023-01-01T09:00:00+09:00"),
            }
            const report = yield* s.staleReport({ now: "2025-07-01" }).pipe(as(adminOf(tenant)))
            const narrow = yield* s.staleReport({ now: "2025-07-01", dueSoonDays: 0 }).pipe(as(adminOf(tenant)))
            const sixMonths = yield* s.staleReport({ now: "2025-07-01", periodMonths: 6 }).pipe(as(adminOf(tenant)))
            const today = yield* s.staleReport().pipe(as(adminOf(tenant)))
            const bad = yield* Effect.exit(s.staleReport({ periodMonths: 0 }).pipe(as(adminOf(tenant))))
            const attested = yield* s.attest(r.overdue.id, { expectedVersion: 1 }).pipe(as(coordinatorOf(tenant)))
            const afterAttest = yield* s.staleReport({ now: "2025-07-01" }).pipe(as(adminOf(tenant)))
            return { r, report, narrow, sixMonths, today, bad, attested, afterAttest }
          }),
        )
        const rows = (report: { items: ReadonlyArray<{ resource: Resource; assurance: { status: string } }> }) =>
          report.items.map((item) => [
            (Object.entries(result.r) as Array<[string, Resource]>).find(([, r]) => r.id === item.resource.id)?.[0],
            item.assurance.status,
          ])
        expect(result.report).toMatchObject({ asOf: "2025-07-01", periodMonths: 12, dueSoonDays: 30 })
        expect(rows(result.report)).toEqual([
          ["suspended", "overdue"],
          ["overdue", "overdue"],
          ["dueToday", "due_soon"],
          ["due30", "due_soon"],
          ["never", "never_assured"],
        ])
        expect(result.report.items[1]?.assurance).toEqual({ status: "overdue", dueOn: "2025-06-30", daysUntilDue: -1 })
        expect(rows(result.narrow)).toEqual([
          ["suspended", "overdue"],
          ["overdue", "overdue"],
          ["dueToday", "due_soon"],
          ["never", "never_assured"],
        ])
        expect(rows(result.sixMonths).map(([key]) => key)).toEqual([
          "suspended",
          "overdue",
          "dueToday",
          "due30",
          "current",
          "never",
        ])
        expect(result.today.asOf).toBe(toIsoDate(new Date()))
        expect(failureOf(result.bad)?._tag).toBe("ValidationError")
        expect(rows(result.afterAttest).map(([key]) => key)).not.toContain("overdue")
      })
    })
  })
}
