/**
 * The `PdcaStore` contract: a tenant's PDCA plans (versions, idempotent creation, unknown indicators refused), its
 * own data elements and indicators beside the read-only standard catalogue (an expression that does not compile is
 * rejected with where and why), and data values (one per key, all or nothing, recomputation replaces), each write
 * audited, each tenant isolated.
 *
 * @since 0.1.0
 */
import { AuditLog, type DataValue, type NewPdcaPlanInput, PdcaStore, type Principal, TenantStore } from "@zaitaku/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { as, useRuntime } from "./internal/Suite.js"

/**
 * The services the PDCA suite uses.
 *
 * @since 0.1.0
 * @category models
 */
export type PdcaServices = PdcaStore | TenantStore | AuditLog

const newTenant = (prefix: string) =>
  Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as {
        _tag?: string
        reason?: string
        state?: string
        issues?: ReadonlyArray<{
          path: ReadonlyArray<string | number>
          code: string
          message: { ja: string; en: string }
        }>
      })
    : undefined

const goalId = "0192f5a0-0000-7000-8800-000000000201"
const fy = (fiscalYear: number) => ({ kind: "year" as const, fiscalYear, index: 1 as const })
const hachinohe = { kind: "municipality" as const, code: "022039" }
const sannohe = { kind: "municipality" as const, code: "024414" }

const plan: NewPdcaPlanInput = {
  title: "第9期 在宅医療・介護連携推進計画",
  area: { kind: "wide_area_partnership", code: "hachinohe-area" },
  cycle: { kind: "insurance_plan_period", period: 9 },
  status: "active",
  vision: "住み慣れた地域で自分らしい暮らしを人生の最期まで続けられる",
  sceneVisions: { end_of_life: "本人の望む場所での看取りができる" },
  goals: [
    {
      id: goalId as never,
      scenes: ["end_of_life"],
      statement: "在宅での看取りを希望する人が、在宅で最期を迎えられる",
      indicators: [
        {
          indicator: "admission_information_on_time_rate" as never,
          targets: [{ area: hachinohe, period: fy(2025), value: 80 }],
        },
      ],
    },
  ],
  reviews: [
    {
      goalId: goalId as never,
      period: fy(2024),
      reviewedOn: "2025-05-20",
      note: "看取りの相談が増えた",
      nextActions: ["看取りの研修を開く"],
    },
  ],
}

const entered = (dataElement: string, area: typeof hachinohe, fiscalYear: number, value: number): DataValue =>
  ({
    dataElement,
    area,
    period: fy(fiscalYear),
    value,
    provenance: { source: "entered", at: "2026-04-01T09:00:00.000Z" },
  }) as DataValue

const computed = (dataElement: string, area: typeof hachinohe, fiscalYear: number, value: number): DataValue =>
  ({
    dataElement,
    area,
    period: fy(fiscalYear),
    value,
    provenance: { source: "computed", at: "2026-04-01T09:00:00.000Z", from: "directory", records: 3 },
  }) as DataValue

const indicator = {
  code: "home_visit_share",
  name: { ja: "訪問診療を行う医療機関の割合", en: "Share of clinics making home visits" },
  definition: { ja: "掲載中の資源のうち訪問診療を行う診療所・病院", en: "Home-visit clinics among active entries" },
  numerator: "#{home_visit_clinics}",
  numeratorDescription: { ja: "訪問診療を行う診療所・病院", en: "Home-visit clinics" },
  denominator: "#{resources_active}",
  denominatorDescription: { ja: "掲載中の資源", en: "Active entries" },
  type: "percent",
  direction: "higher_is_better",
  kind: "structure",
  dataSource: "directory",
  source: { title: "test", grade: "inference" },
} as const

/**
 * Runs the `PdcaStore` contract against an implementation.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { AuditLog, IdGenerator, PdcaStore, TenantStore } from "@zaitaku/core"
 * import { pdcaStoreSuite } from "@zaitaku/testing"
 *
 * pdcaStoreSuite(
 *   "memory",
 *   Layer.mergeAll(TenantStore.layerMemory, PdcaStore.layerMemory).pipe(
 *     Layer.provideMerge(AuditLog.layerMemory),
 *     Layer.provide(IdGenerator.layer),
 *   ),
 * )
 * ```
 */
export const pdcaStoreSuite = (
  name: string,
  source: Layer.Layer<PdcaServices, unknown> | (() => Promise<Layer.Layer<PdcaServices, unknown>>),
): void => {
  describe(`PdcaStore contract (${name})`, () => {
    const { run } = useRuntime(source)
    const store = Effect.service(PdcaStore)

    it("creates a plan at version 1, idempotently, replaces it with the version and deletes it; another tenant sees nothing", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("pdca-plan")
          const other = yield* newTenant("pdca-plan-b")
          const s = yield* store
          const admin = adminOf(tenant)
          const created = yield* s.createPlan(plan, { idempotencyKey: "k1" }).pipe(as(admin))
          const retried = yield* s.createPlan(plan, { idempotencyKey: "k1" }).pipe(as(admin))
          const reused = yield* Effect.exit(
            s.createPlan({ ...plan, title: "別" }, { idempotencyKey: "k1" }).pipe(as(admin)),
          )
          const read = yield* s.getPlan(created.id).pipe(as(admin))
          const unchanged = yield* s.replacePlan(created.id, plan, { expectedVersion: 1 }).pipe(as(admin))
          const replaced = yield* s
            .replacePlan(created.id, { ...plan, status: "closed" }, { expectedVersion: 1 })
            .pipe(as(admin))
          const stale = yield* Effect.exit(s.replacePlan(created.id, plan, { expectedVersion: 1 }).pipe(as(admin)))
          const otherRead = yield* Effect.exit(s.getPlan(created.id).pipe(as(adminOf(other))))
          const otherList = yield* s.listPlans.pipe(as(adminOf(other)))
          const staleDelete = yield* Effect.exit(s.deletePlan(created.id, { expectedVersion: 1 }).pipe(as(admin)))
          yield* s.deletePlan(created.id, { expectedVersion: 2 }).pipe(as(admin))
          const gone = yield* Effect.exit(s.getPlan(created.id).pipe(as(admin)))
          const audit = yield* (yield* AuditLog).list({ limit: 20 }).pipe(as(admin))
          return {
            created,
            retried,
            reused,
            read,
            unchanged,
            replaced,
            stale,
            otherRead,
            otherList,
            staleDelete,
            gone,
            audit,
          }
        }),
      )
      expect(result.created).toMatchObject({ version: 1, vision: plan.vision, status: "active" })
      expect(result.created.goals[0]!.indicators[0]!.targets).toEqual([
        { area: hachinohe, period: fy(2025), value: 80 },
      ])
      expect(result.created.reviews).toEqual(plan.reviews)
      expect(result.retried.id).toBe(result.created.id)
      expect(failureOf(result.reused)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
      expect(result.read).toEqual(result.created)
      expect(result.unchanged.version).toBe(1)
      expect(result.replaced).toMatchObject({ version: 2, status: "closed", createdAt: result.created.createdAt })
      expect(failureOf(result.stale)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
      expect(failureOf(result.otherRead)?._tag).toBe("NotFound")
      expect(result.otherList).toEqual([])
      expect(failureOf(result.staleDelete)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
      expect(failureOf(result.gone)?._tag).toBe("NotFound")
      const actions = result.audit.entries.map((e) => e.action).filter((a) => a.startsWith("pdca_plan."))
      expect(actions.reverse()).toEqual(["pdca_plan.create", "pdca_plan.update", "pdca_plan.delete"])
      expect(result.audit.entries.every((e) => !e.personalData)).toBe(true)
    })

    it("refuses a plan that names an unknown indicator, and writers without pdca:write", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("pdca-refuse")
          const s = yield* store
          const admin = adminOf(tenant)
          const unknown = yield* Effect.exit(
            s
              .createPlan({
                ...plan,
                reviews: [],
                goals: [{ ...plan.goals![0]!, indicators: [{ indicator: "no_such" as never }] }],
              })
              .pipe(as(admin)),
          )
          const viewer: Principal = { ...admin, role: "viewer" }
          const notAllowed = yield* Effect.exit(s.createPlan(plan).pipe(as(viewer)))
          const canRead = yield* s.listPlans.pipe(as(viewer))
          return { unknown, notAllowed, canRead }
        }),
      )
      expect(failureOf(result.unknown)).toMatchObject({ _tag: "ValidationError" })
      expect(failureOf(result.unknown)?.issues?.[0]).toMatchObject({
        path: ["goals", 0, "indicators", 0, "indicator"],
        code: "unknown_indicator",
      })
      expect(failureOf(result.notAllowed)?._tag).toBe("Forbidden")
      expect(result.canRead).toEqual([])
    })

    it("adds tenant indicators and data elements beside the read-only catalogue, and rejects one that does not compile", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("pdca-catalogue")
          const s = yield* store
          const admin = adminOf(tenant)
          const unknownElement = yield* Effect.exit(
            s.saveIndicator({ ...indicator, denominator: "#{no_such_element}" }).pipe(as(admin)),
          )
          const standardCode = yield* Effect.exit(
            s.saveIndicator({ ...indicator, code: "consultations_total" }).pipe(as(admin)),
          )
          yield* s
            .saveDataElement({
              code: "visits_by_dentists",
              name: { ja: "歯科訪問診療件数", en: "Dental home visits" },
              definition: { ja: "期間中の歯科訪問診療の件数", en: "Dental home visits in the period" },
              valueType: "count",
              periodAggregation: "sum",
            })
            .pipe(as(admin))
          const usingOwn = yield* s
            .saveIndicator({
              ...indicator,
              code: "dental_visits",
              numerator: "#{visits_by_dentists}",
              type: "number",
              denominator: undefined,
              denominatorDescription: undefined,
            })
            .pipe(as(admin))
          yield* s.saveIndicator(indicator).pipe(as(admin))
          const indicators = yield* s.indicators.pipe(as(admin))
          const elements = yield* s.dataElements.pipe(as(admin))
          const created = yield* s
            .createPlan({
              ...plan,
              reviews: [],
              goals: [{ ...plan.goals![0]!, indicators: [{ indicator: "home_visit_share" as never }] }],
            })
            .pipe(as(admin))
          const inUse = yield* Effect.exit(s.deleteIndicator("home_visit_share").pipe(as(admin)))
          yield* s.deleteIndicator("dental_visits").pipe(as(admin))
          const missing = yield* Effect.exit(s.deleteIndicator("dental_visits").pipe(as(admin)))
          const other = yield* newTenant("pdca-catalogue-b")
          const otherIndicators = yield* s.indicators.pipe(as(adminOf(other)))
          return {
            unknownElement,
            standardCode,
            usingOwn,
            indicators,
            elements,
            created,
            inUse,
            missing,
            otherIndicators,
          }
        }),
      )
      const rejected = failureOf(result.unknownElement)
      expect(rejected?._tag).toBe("IndicatorRejected")
      expect(rejected?.issues?.[0]).toMatchObject({ path: ["denominator"] })
      expect(rejected?.issues?.[0]?.message.en).toContain("no_such_element")
      expect(failureOf(result.standardCode)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
      expect(result.usingOwn.code).toBe("dental_visits")
      expect(result.indicators.filter((i) => i.origin === "tenant").map((i) => i.definition.code)).toEqual([
        "dental_visits",
        "home_visit_share",
      ])
      expect(result.indicators.filter((i) => i.origin === "standard").length).toBeGreaterThanOrEqual(20)
      expect(result.elements.filter((e) => e.origin === "tenant").map((e) => e.element.code)).toEqual([
        "visits_by_dentists",
      ])
      expect(failureOf(result.inUse)).toMatchObject({ _tag: "Conflict", state: "in_use" })
      expect(failureOf(result.missing)?._tag).toBe("NotFound")
      expect(result.otherIndicators.every((i) => i.origin === "standard")).toBe(true)
    })

    it("stores one value per key, all or nothing, and replaces computed values when recomputing", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("pdca-values")
          const s = yield* store
          const admin = adminOf(tenant)
          yield* s
            .putDataValues([
              entered("population_65_plus", hachinohe, 2025, 65000),
              entered("population_65_plus", sannohe, 2025, 3500),
            ])
            .pipe(as(admin))
          yield* s.putDataValues([entered("population_65_plus", hachinohe, 2025, 65100)]).pipe(as(admin))
          const bad = yield* Effect.exit(
            s
              .putDataValues([
                entered("population_65_plus", sannohe, 2025, 1),
                entered("population_65_plus", sannohe, 2024, 2.5),
              ])
              .pipe(as(admin)),
          )
          const population = yield* s.listDataValues({ dataElements: ["population_65_plus"] }).pipe(as(admin))
          const first = yield* s
            .replaceComputed(
              "directory",
              [fy(2025)],
              [computed("resources_active", hachinohe, 2025, 3), computed("resources_active", sannohe, 2025, 1)],
            )
            .pipe(as(admin))
          const second = yield* s
            .replaceComputed("directory", [fy(2025)], [computed("resources_active", hachinohe, 2025, 4)])
            .pipe(as(admin))
          const notComputed = yield* Effect.exit(
            s
              .replaceComputed("directory", [fy(2025)], [entered("resources_active", hachinohe, 2025, 1)])
              .pipe(as(admin)),
          )
          const active = yield* s.listDataValues({ dataElements: ["resources_active"] }).pipe(as(admin))
          const byArea = yield* s
            .listDataValues({ areas: ["municipality:024414"], sources: ["entered"] })
            .pipe(as(admin))
          const other = yield* newTenant("pdca-values-b")
          const otherValues = yield* s.listDataValues().pipe(as(adminOf(other)))
          const audit = yield* (yield* AuditLog).list({ limit: 20 }).pipe(as(admin))
          return { bad, population, first, second, notComputed, active, byArea, otherValues, audit }
        }),
      )
      expect(failureOf(result.bad)?._tag).toBe("ValidationError")
      expect(failureOf(result.bad)?.issues?.[0]).toMatchObject({ path: [1, "value"], code: "not_a_count" })
      // the bad batch wrote nothing: 三戸町 still has 3500
      expect(result.population.map((v) => [v.area.code, v.value])).toEqual([
        ["022039", 65100],
        ["024414", 3500],
      ])
      expect(result.population[0]!.provenance).toEqual({ source: "entered", at: "2026-04-01T09:00:00.000Z" })
      expect(result.first).toEqual({ written: 2, removed: 0 })
      expect(result.second).toEqual({ written: 1, removed: 2 })
      expect(failureOf(result.notComputed)?._tag).toBe("ValidationError")
      expect(result.active.map((v) => [v.area.code, v.value])).toEqual([["022039", 4]])
      expect(result.byArea.map((v) => v.dataElement)).toEqual(["population_65_plus"])
      expect(result.otherValues).toEqual([])
      const actions = result.audit.entries.map((e) => e.action).filter((a) => a.startsWith("pdca_data_values."))
      expect(actions.reverse()).toEqual([
        "pdca_data_values.write",
        "pdca_data_values.write",
        "pdca_data_values.compute",
        "pdca_data_values.compute",
      ])
    })
  })
}
