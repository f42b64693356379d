/**
 * PDCAの保存 (PDCA store): the `PdcaStore` port and its in-memory reference — a tenant's PDCA plans (versioned,
 * with their goals, indicators, targets and reviews), its own data elements and indicator definitions beside the
 * read-only standard catalogue, and its data values with their provenance.
 *
 * Decisions an adapter must follow (the contract suite in `@zaitaku/testing` checks each one):
 * - **Tenancy.** Everything belongs to the actor's tenant; another tenant's plan is {@link NotFound}.
 * - **Permissions.** `pdca:read` to read, `pdca:write` to write.
 * - **Plans.** `createPlan` gives version 1; `replacePlan` and `deletePlan` take the version the caller last saw
 *   ({@link Conflict} `version_mismatch` when stale); a replacement that changes nothing keeps the version. Every
 *   indicator a goal names must be a standard or a tenant indicator. With an idempotency key, a retried create
 *   returns the plan first created with the key; the same key with another plan is {@link Conflict}.
 * - **Catalogue.** Standard data elements and indicators are read-only: a tenant definition with a standard code
 *   is {@link Conflict}. A tenant indicator whose expressions do not compile against the known data elements (a
 *   syntax error, an unknown data element or option) is {@link IndicatorRejected}, with where and why. An indicator
 *   a plan uses cannot be deleted ({@link Conflict} `state` `in_use`).
 * - **Data values.** One value per (data element, option, area, period); writing a value replaces the one stored
 *   under its key. A batch is checked as a whole ({@link checkDataValues}) and written all or nothing.
 *   `replaceComputed` first removes the computed values of its source in the given periods, then writes the new
 *   ones — so recomputing replaces, never duplicates.
 * - **Audit.** Every write is appended to the audit log (no personal data), atomically with the write.
 *
 * @since 0.1.0
 */
import { Clock, Context, Data, Effect, Layer, Ref, Result, Semaphore } from "effect"
import * as z from "zod"
import { type Actor, requirePermission } from "./Actor.js"
import { areaKey } from "./AreaHierarchy.js"
import { type AuditEvent, AuditLog } from "./AuditLog.js"
import { decode } from "./Decode.js"
import { Conflict, type Forbidden, NotFound, type StoreError, ValidationError, type ValidationIssue } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import {
  checkDataValues,
  compileIndicator,
  DataElement,
  type DataElementInput,
  DataValue,
  IndicatorDefinition,
  type IndicatorDefinitionInput,
  type RecordSource,
} from "./Indicator.js"
import { standardDataElements, standardIndicators } from "./IndicatorCatalogue.js"
import { periodKey } from "./internal/fiscalPeriods.js"
import { PdcaPlan, type PdcaPlanInput } from "./PdcaPlan.js"
import { FiscalPeriod, FiscalYear } from "./Period.js"
import { PdcaPlanId } from "./ProgramIds.js"

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

/**
 * 保存されたPDCA計画 (stored plan): a {@link PdcaPlan} with its version and timestamps.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { StoredPdcaPlan } from "@zaitaku/core"
 *
 * declare const plan: StoredPdcaPlan
 * plan.version
 * ```
 */
export const StoredPdcaPlan = z.object({
  ...PdcaPlan.shape,
  version: z.int().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
})
/** @since 0.1.0 @category models */
export type StoredPdcaPlan = PdcaPlan & {
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

/**
 * 新しい計画 (new plan): a {@link PdcaPlan} without its id and tenant, which the store sets. Goal ids are the
 * caller's (reviews name them).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { NewPdcaPlan } from "@zaitaku/core"
 *
 * NewPdcaPlan.shape.vision
 * ```
 */
export const NewPdcaPlan = z.object(PdcaPlan.shape).omit({ id: true, tenantId: true })
/** @since 0.1.0 @category models */
export type NewPdcaPlanInput = Omit<PdcaPlanInput, "id" | "tenantId">

/**
 * 定義の出所 (origin) of a catalogue entry: the read-only `standard` catalogue or the `tenant`'s own.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { CatalogueOrigin } from "@zaitaku/core"
 *
 * CatalogueOrigin.parse("tenant")
 * ```
 */
export const CatalogueOrigin = z.enum(["standard", "tenant"])
/** @since 0.1.0 @category models */
export type CatalogueOrigin = z.infer<typeof CatalogueOrigin>

/**
 * データ値の検索条件 (data value query): any of data elements, areas (`<kind>:<code>`), fiscal years and sources.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { DataValueQuery } from "@zaitaku/core"
 *
 * DataValueQuery.parse({ dataElements: ["consultations"], fiscalYears: [2025] })
 * ```
 */
export const DataValueQuery = z
  .object({
    dataElements: z.array(z.string().min(1).max(64)).min(1).max(200).optional(),
    areas: z.array(z.string().min(1).max(100)).min(1).max(500).optional(),
    fiscalYears: z.array(FiscalYear).min(1).max(50).optional(),
    sources: z
      .array(z.enum(["entered", "imported", "computed"]))
      .min(1)
      .max(3)
      .optional(),
  })
  .strict()
/** @since 0.1.0 @category models */
export type DataValueQuery = z.infer<typeof DataValueQuery>
/** @since 0.1.0 @category models */
export type DataValueQueryInput = z.input<typeof DataValueQuery>

/**
 * Options of a write to an existing plan: the version the caller last saw.
 *
 * @since 0.1.0
 * @category models
 */
export interface PlanWriteOptions {
  readonly expectedVersion: number
}

/**
 * 評価指標の不備 (rejected indicator): a tenant indicator whose expressions do not compile — a syntax error, an
 * unknown data element or option — with the field (`numerator`, `denominator`) and the reason in Japanese and
 * English.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { IndicatorRejected } from "@zaitaku/core"
 *
 * new IndicatorRejected({ indicator: "my_rate", issues: [] })
 * ```
 */
export class IndicatorRejected extends Data.TaggedError("IndicatorRejected")<{
  readonly indicator: string
  readonly issues: ReadonlyArray<ValidationIssue>
}> {
  override get message(): string {
    return `Indicator ${this.indicator} cannot be computed: ${this.issues.map((i) => i.message.en).join("; ")}`
  }
}

/**
 * データ値ファイルの不備 (rejected data value file): a strict import in which a row is bad; nothing was stored.
 * Each error names its line (1 = the header), column and reason in Japanese and English.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { DataValuesRejected } from "@zaitaku/core"
 *
 * new DataValuesRejected({ errors: [], encoding: "utf-8" })
 * ```
 */
export class DataValuesRejected extends Data.TaggedError("DataValuesRejected")<{
  readonly errors: ReadonlyArray<{
    readonly line: number
    readonly column: string | null
    readonly code: string
    readonly message: { readonly ja: string; readonly en: string }
  }>
  readonly encoding: string | null
}> {
  override get message(): string {
    return `The file has ${this.errors.length} bad row(s); nothing was stored`
  }
}

const planFingerprint = (input: unknown): string => JSON.stringify(input)

/**
 * 計画の指標の確認 (check a plan's indicators): every indicator a goal names must be known. Returns the issues.
 *
 * @since 0.1.0
 * @category plans
 * @example
 * ```ts
 * import { checkPlanIndicators, type PdcaPlan } from "@zaitaku/core"
 *
 * declare const plan: PdcaPlan
 * checkPlanIndicators(plan, new Set(["consultations_total"]))
 * ```
 */
export const checkPlanIndicators = (plan: PdcaPlan, known: ReadonlySet<string>): ReadonlyArray<ValidationIssue> =>
  plan.goals.flatMap((goal, g) =>
    goal.indicators.flatMap((indicator, i) =>
      known.has(indicator.indicator)
        ? []
        : [
            {
              path: ["goals", g, "indicators", i, "indicator"],
              code: "unknown_indicator",
              message: {
                ja: `評価指標「${indicator.indicator}」は標準カタログにも、このテナントの指標にもありません`,
                en: `Unknown indicator ${indicator.indicator}: neither standard nor defined by the tenant`,
              },
            },
          ],
    ),
  )

/**
 * 指標の検査 (check a tenant indicator) against the data elements: {@link IndicatorRejected} when it does not
 * compile.
 *
 * @since 0.1.0
 * @category catalogue
 * @example
 * ```ts
 * import { checkTenantIndicator, standardDataElements, type IndicatorDefinition } from "@zaitaku/core"
 *
 * declare const definition: IndicatorDefinition
 * checkTenantIndicator(definition, standardDataElements)
 * ```
 */
export const checkTenantIndicator = (
  definition: IndicatorDefinition,
  elements: ReadonlyArray<DataElement>,
): IndicatorRejected | undefined => {
  const compiled = compileIndicator(definition, elements)
  return Result.isFailure(compiled)
    ? new IndicatorRejected({ indicator: definition.code, issues: compiled.failure.issues })
    : undefined
}

/**
 * データ値の鍵 (key of a data value): element, option, area and period.
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { dataValueKey } from "@zaitaku/core"
 *
 * dataValueKey({ dataElement: "consultations", area: { kind: "municipality", code: "022039" }, period: { kind: "year", fiscalYear: 2025, index: 1 } })
 * ```
 */
export const dataValueKey = (value: Pick<DataValue, "dataElement" | "option" | "area" | "period">): string =>
  `${value.dataElement}.${value.option ?? ""}|${areaKey(value.area)}|${periodKey(value.period)}`

/**
 * 検索条件に合うか (matches a data value query).
 *
 * @since 0.1.0
 * @category data values
 * @example
 * ```ts
 * import { type DataValue, matchesDataValueQuery } from "@zaitaku/core"
 *
 * declare const value: DataValue
 * matchesDataValueQuery(value, { fiscalYears: [2025] })
 * ```
 */
export const matchesDataValueQuery = (value: DataValue, query: DataValueQuery): boolean =>
  (query.dataElements === undefined || query.dataElements.includes(value.dataElement)) &&
  (query.areas === undefined || query.areas.includes(areaKey(value.area))) &&
  (query.fiscalYears === undefined || query.fiscalYears.includes(value.period.fiscalYear)) &&
  (query.sources === undefined ||
    (value.provenance.source !== "rolled_up" && query.sources.includes(value.provenance.source)))

const standardElementCodes = new Set<string>(standardDataElements.map((e) => e.code))
const standardIndicatorCodes = new Set<string>(standardIndicators.map((i) => i.code))

/**
 * 標準コードの確認 (refuse a standard code for a tenant definition).
 *
 * @since 0.1.0
 * @category catalogue
 * @example
 * ```ts
 * import { standardCodeConflict } from "@zaitaku/core"
 *
 * standardCodeConflict("indicator", "consultations_total")?.reason // "already_exists"
 * ```
 */
export const standardCodeConflict = (kind: "indicator" | "data_element", code: string): Conflict | undefined =>
  (kind === "indicator" ? standardIndicatorCodes : standardElementCodes).has(code)
    ? new Conflict({ entity: kind, id: code, reason: "already_exists", state: "standard" })
    : undefined

/**
 * Audit event of a PDCA write (no personal data).
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { pdcaAuditEvent } from "@zaitaku/core"
 *
 * pdcaAuditEvent("pdca_plan.create", "pdca_plan", "0192f5a0-0000-7000-8800-0000000000f1", { version: 1 })
 * ```
 */
export const pdcaAuditEvent = (
  action: string,
  type: string,
  id: string,
  details: Record<string, string | number | boolean | null> = {},
): AuditEvent => ({ action, target: { type, id: id.slice(0, 200) }, personalData: false, details: { ...details } })

/** The data value write errors. @since 0.1.0 @category models */
export type DataValueWriteError = ValidationError | Forbidden | StoreError

// ---------------------------------------------------------------------------------------------------------------
// Port
// ---------------------------------------------------------------------------------------------------------------

/**
 * The `PdcaStore` port: one tenant's PDCA plans, catalogue additions and data values. The module documentation
 * lists the behaviour every adapter must show.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PdcaStore } from "@zaitaku/core"
 *
 * const plans = Effect.flatMap(Effect.service(PdcaStore), (store) => store.listPlans)
 * ```
 */
export class PdcaStore extends Context.Service<
  PdcaStore,
  {
    createPlan(
      input: NewPdcaPlanInput,
      options?: { readonly idempotencyKey?: string },
    ): Effect.Effect<StoredPdcaPlan, ValidationError | Conflict | Forbidden | StoreError, Actor>
    getPlan(id: string): Effect.Effect<StoredPdcaPlan, NotFound | Forbidden | StoreError, Actor>
    readonly listPlans: Effect.Effect<ReadonlyArray<StoredPdcaPlan>, Forbidden | StoreError, Actor>
    replacePlan(
      id: string,
      input: NewPdcaPlanInput,
      options: PlanWriteOptions,
    ): Effect.Effect<StoredPdcaPlan, ValidationError | NotFound | Conflict | Forbidden | StoreError, Actor>
    deletePlan(
      id: string,
      options: PlanWriteOptions,
    ): Effect.Effect<void, NotFound | Conflict | Forbidden | StoreError, Actor>
    /** Standard data elements then the tenant's. */
    readonly dataElements: Effect.Effect<
      ReadonlyArray<{ readonly origin: CatalogueOrigin; readonly element: DataElement }>,
      Forbidden | StoreError,
      Actor
    >
    /** Creates or replaces a tenant data element. */
    saveDataElement(
      input: DataElementInput,
    ): Effect.Effect<DataElement, ValidationError | Conflict | Forbidden | StoreError, Actor>
    /** Standard indicators then the tenant's. */
    readonly indicators: Effect.Effect<
      ReadonlyArray<{ readonly origin: CatalogueOrigin; readonly definition: IndicatorDefinition }>,
      Forbidden | StoreError,
      Actor
    >
    /** Creates or replaces a tenant indicator. */
    saveIndicator(
      input: IndicatorDefinitionInput,
    ): Effect.Effect<
      IndicatorDefinition,
      ValidationError | IndicatorRejected | Conflict | Forbidden | StoreError,
      Actor
    >
    deleteIndicator(code: string): Effect.Effect<void, NotFound | Conflict | Forbidden | StoreError, Actor>
    /** Writes data values (all or nothing); each replaces the value stored under its key. */
    putDataValues(
      values: ReadonlyArray<unknown>,
    ): Effect.Effect<{ readonly written: number }, DataValueWriteError, Actor>
    listDataValues(
      query?: DataValueQueryInput,
    ): Effect.Effect<ReadonlyArray<DataValue>, ValidationError | Forbidden | StoreError, Actor>
    /** Removes the computed values of `source` in `periods`, then writes `values` (computed from that source). */
    replaceComputed(
      source: RecordSource,
      periods: ReadonlyArray<FiscalPeriod>,
      values: ReadonlyArray<DataValue>,
    ): Effect.Effect<{ readonly written: number; readonly removed: number }, DataValueWriteError, Actor>
  }
>()("@zaitaku/core/PdcaStore") {
  /**
   * In-memory PDCA store (reference behaviour for the contract suite). Writes are serialised; the audit entry is
   * appended before the state changes.
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<PdcaStore, never, IdGenerator | AuditLog> = Layer.effect(
    PdcaStore,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const audit = yield* AuditLog
      const plans = yield* Ref.make(new Map<string, StoredPdcaPlan>())
      const elements = yield* Ref.make(new Map<string, DataElement>())
      const indicators = yield* Ref.make(new Map<string, IndicatorDefinition>())
      const values = yield* Ref.make(new Map<string, DataValue>())
      const idempotency = yield* Ref.make(new Map<string, { readonly id: string; readonly fingerprint: string }>())
      const lock = yield* Semaphore.make(1)
      const serialised = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        lock.withPermits(1)(Effect.uninterruptible(effect))
      const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis).toISOString())
      const slot = (tenantId: string, key: string) => `${tenantId}\u0000${key}`
      const ownOf = <A>(map: ReadonlyMap<string, A>, tenantId: string): ReadonlyArray<A> =>
        [...map].filter(([key]) => key.startsWith(`${tenantId}\u0000`)).map(([, value]) => value)

      const tenantElements = (tenantId: string) =>
        Effect.map(Ref.get(elements), (map) => [...standardDataElements, ...ownOf(map, tenantId)])
      const knownIndicators = (tenantId: string) =>
        Effect.map(
          Ref.get(indicators),
          (map) => new Set<string>([...standardIndicatorCodes, ...ownOf(map, tenantId).map((i) => i.code)]),
        )

      const preparePlan = (tenantId: string, id: string, input: NewPdcaPlanInput) =>
        Effect.gen(function* () {
          const plan = yield* decode(PdcaPlan, "plan")({ ...input, id, tenantId })
          const issues = checkPlanIndicators(plan, yield* knownIndicators(tenantId))
          if (issues.length > 0) return yield* Effect.fail(new ValidationError({ subject: "plan", issues }))
          return plan
        })

      const findPlan = (tenantId: string, id: string) =>
        Effect.flatMap(Ref.get(plans), (map) => {
          const found = map.get(slot(tenantId, id))
          return found === undefined ? Effect.fail(new NotFound({ entity: "pdca_plan", id })) : Effect.succeed(found)
        })

      const checkValues = (tenantId: string, rows: ReadonlyArray<DataValue>) =>
        Effect.gen(function* () {
          const issues = checkDataValues(rows, yield* tenantElements(tenantId))
          if (issues.length > 0) return yield* Effect.fail(new ValidationError({ subject: "data values", issues }))
        })

      return PdcaStore.of({
        createPlan: (input, options = {}) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:write")
            const id = PdcaPlanId.parse(yield* ids.next)
            const fingerprint = planFingerprint(input)
            return yield* serialised(
              Effect.gen(function* () {
                const key = options.idempotencyKey
                if (key !== undefined) {
                  const previous = (yield* Ref.get(idempotency)).get(slot(actor.tenantId, key))
                  if (previous !== undefined) {
                    if (previous.fingerprint !== fingerprint) {
                      return yield* Effect.fail(
                        new Conflict({ entity: "idempotency_key", id: key, reason: "already_exists" }),
                      )
                    }
                    return yield* findPlan(actor.tenantId, previous.id).pipe(
                      Effect.catchTag("NotFound", () =>
                        Effect.fail(new Conflict({ entity: "idempotency_key", id: key, reason: "already_exists" })),
                      ),
                    )
                  }
                }
                const plan = yield* preparePlan(actor.tenantId, id, input)
                const at = yield* now
                const stored: StoredPdcaPlan = { ...plan, version: 1, createdAt: at, updatedAt: at }
                yield* audit.append(pdcaAuditEvent("pdca_plan.create", "pdca_plan", id, { version: 1 }))
                yield* Ref.update(plans, (map) => new Map(map).set(slot(actor.tenantId, id), stored))
                if (key !== undefined) {
                  yield* Ref.update(idempotency, (map) =>
                    new Map(map).set(slot(actor.tenantId, key), { id, fingerprint }),
                  )
                }
                return stored
              }),
            )
          }),
        getPlan: (id) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:read")
            return yield* findPlan(actor.tenantId, id)
          }),
        listPlans: Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:read")
          return [...ownOf(yield* Ref.get(plans), actor.tenantId)].sort((a, b) =>
            a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt),
          )
        }),
        replacePlan: (id, input, options) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:write")
            return yield* serialised(
              Effect.gen(function* () {
                const current = yield* findPlan(actor.tenantId, id)
                if (current.version !== options.expectedVersion) {
                  return yield* Effect.fail(new Conflict({ entity: "pdca_plan", id, reason: "version_mismatch" }))
                }
                const plan = yield* preparePlan(actor.tenantId, id, input)
                const { version: _v, createdAt: _c, updatedAt: _u, ...before } = current
                if (JSON.stringify(before) === JSON.stringify(plan)) return current
                const stored: StoredPdcaPlan = {
                  ...plan,
                  version: current.version + 1,
                  createdAt: current.createdAt,
                  updatedAt: yield* now,
                }
                yield* audit.append(pdcaAuditEvent("pdca_plan.update", "pdca_plan", id, { version: stored.version }))
                yield* Ref.update(plans, (map) => new Map(map).set(slot(actor.tenantId, id), stored))
                return stored
              }),
            )
          }),
        deletePlan: (id, options) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:write")
            return yield* serialised(
              Effect.gen(function* () {
                const current = yield* findPlan(actor.tenantId, id)
                if (current.version !== options.expectedVersion) {
                  return yield* Effect.fail(new Conflict({ entity: "pdca_plan", id, reason: "version_mismatch" }))
                }
                yield* audit.append(pdcaAuditEvent("pdca_plan.delete", "pdca_plan", id, { version: current.version }))
                yield* Ref.update(plans, (map) => {
                  const next = new Map(map)
                  next.delete(slot(actor.tenantId, id))
                  return next
                })
              }),
            )
          }),
        dataElements: Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:read")
          const own = [...ownOf(yield* Ref.get(elements), actor.tenantId)].sort((a, b) => a.code.localeCompare(b.code))
          return [
            ...standardDataElements.map((element) => ({ origin: "standard" as const, element })),
            ...own.map((element) => ({ origin: "tenant" as const, element })),
          ]
        }),
        saveDataElement: (input) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:write")
            const element = yield* decode(DataElement, "data element")(input)
            const conflict = standardCodeConflict("data_element", element.code)
            if (conflict !== undefined) return yield* Effect.fail(conflict)
            return yield* serialised(
              Effect.gen(function* () {
                yield* audit.append(pdcaAuditEvent("pdca_data_element.save", "pdca_data_element", element.code))
                yield* Ref.update(elements, (map) => new Map(map).set(slot(actor.tenantId, element.code), element))
                return element
              }),
            )
          }),
        indicators: Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:read")
          const own = [...ownOf(yield* Ref.get(indicators), actor.tenantId)].sort((a, b) =>
            a.code.localeCompare(b.code),
          )
          return [
            ...standardIndicators.map((definition) => ({ origin: "standard" as const, definition })),
            ...own.map((definition) => ({ origin: "tenant" as const, definition })),
          ]
        }),
        saveIndicator: (input) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:write")
            const definition = yield* decode(IndicatorDefinition, "indicator")(input)
            const conflict = standardCodeConflict("indicator", definition.code)
            if (conflict !== undefined) return yield* Effect.fail(conflict)
            return yield* serialised(
              Effect.gen(function* () {
                const rejected = checkTenantIndicator(definition, yield* tenantElements(actor.tenantId))
                if (rejected !== undefined) return yield* Effect.fail(rejected)
                yield* audit.append(pdcaAuditEvent("pdca_indicator.save", "pdca_indicator", definition.code))
                yield* Ref.update(indicators, (map) =>
                  new Map(map).set(slot(actor.tenantId, definition.code), definition),
                )
                return definition
              }),
            )
          }),
        deleteIndicator: (code) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:write")
            return yield* serialised(
              Effect.gen(function* () {
                if (!(yield* Ref.get(indicators)).has(slot(actor.tenantId, code))) {
                  return yield* Effect.fail(new NotFound({ entity: "pdca_indicator", id: code }))
                }
                const used = ownOf(yield* Ref.get(plans), actor.tenantId).some((plan) =>
                  plan.goals.some((goal) => goal.indicators.some((i) => i.indicator === code)),
                )
                if (used) {
                  return yield* Effect.fail(
                    new Conflict({ entity: "pdca_indicator", id: code, reason: "state", state: "in_use" }),
                  )
                }
                yield* audit.append(pdcaAuditEvent("pdca_indicator.delete", "pdca_indicator", code))
                yield* Ref.update(indicators, (map) => {
                  const next = new Map(map)
                  next.delete(slot(actor.tenantId, code))
                  return next
                })
              }),
            )
          }),
        putDataValues: (input) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:write")
            const rows = yield* decode(z.array(DataValue).max(100_000), "data values")(input)
            return yield* serialised(
              Effect.gen(function* () {
                yield* checkValues(actor.tenantId, rows)
                yield* audit.append(
                  pdcaAuditEvent("pdca_data_values.write", "pdca_data_values", actor.tenantId, {
                    count: rows.length,
                  }),
                )
                yield* Ref.update(values, (map) => {
                  const next = new Map(map)
                  for (const row of rows) next.set(slot(actor.tenantId, dataValueKey(row)), row)
                  return next
                })
                return { written: rows.length }
              }),
            )
          }),
        listDataValues: (input = {}) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:read")
            const query = yield* decode(DataValueQuery, "query")(input)
            return ownOf(yield* Ref.get(values), actor.tenantId)
              .filter((value) => matchesDataValueQuery(value, query))
              .sort((a, b) => dataValueKey(a).localeCompare(dataValueKey(b)))
          }),
        replaceComputed: (source, periods, input) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("pdca:write")
            const rows = yield* decode(z.array(DataValue), "data values")(input)
            const parsedPeriods = yield* decode(z.array(FiscalPeriod), "periods")(periods)
            const notComputed = rows.findIndex(
              (row) => row.provenance.source !== "computed" || row.provenance.from !== source,
            )
            if (notComputed >= 0) {
              return yield* Effect.fail(
                new ValidationError({
                  subject: "data values",
                  issues: [
                    {
                      path: [notComputed, "provenance"],
                      code: "not_computed",
                      message: {
                        ja: `計算結果として保存できるのは「${source}」から計算された値だけです`,
                        en: `Only values computed from ${source} can be stored as its results`,
                      },
                    },
                  ],
                }),
              )
            }
            const periodKeys = new Set(parsedPeriods.map(periodKey))
            return yield* serialised(
              Effect.gen(function* () {
                yield* checkValues(actor.tenantId, rows)
                const current = yield* Ref.get(values)
                const next = new Map(current)
                let removed = 0
                for (const [key, value] of current) {
                  if (
                    key.startsWith(`${actor.tenantId}\u0000`) &&
                    value.provenance.source === "computed" &&
                    value.provenance.from === source &&
                    periodKeys.has(periodKey(value.period))
                  ) {
                    next.delete(key)
                    removed++
                  }
                }
                for (const row of rows) next.set(slot(actor.tenantId, dataValueKey(row)), row)
                yield* audit.append(
                  pdcaAuditEvent("pdca_data_values.compute", "pdca_data_values", actor.tenantId, {
                    source,
                    written: rows.length,
                    removed,
                  }),
                )
                yield* Ref.set(values, next)
                return { written: rows.length, removed }
              }),
            )
          }),
      })
    }),
  )
}
