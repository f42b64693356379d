/**
 * `PdcaStore` on PostgreSQL. Each write is one tenant transaction that checks, writes and appends its audit entry
 * together; a plan's write locks its row and checks the version. Data values are upserted under their key
 * (element, option, area, period) in batches; a recomputation deletes the values its source computed in the periods
 * and writes the new ones in the same transaction.
 *
 * @since 0.1.0
 */
import {
  Conflict,
  checkDataValues,
  checkPlanIndicators,
  checkTenantIndicator,
  DataElement,
  DataValue,
  DataValueQuery,
  decode,
  FiscalPeriod,
  IdGenerator,
  IndicatorDefinition,
  type IndicatorRejected,
  NotFound,
  PdcaPlan,
  PdcaPlanId,
  PdcaStore,
  pdcaAuditEvent,
  requirePermission,
  type StoredPdcaPlan,
  type StoreError,
  standardCodeConflict,
  standardDataElements,
  standardIndicators,
  ValidationError,
} from "@zaitaku/core"
import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm"
import { Clock, Effect, Layer } from "effect"
import * as z from "zod"
import type { Tx } from "./internal/Session.js"
import { type Outcome, tenantTransaction } from "./internal/TenantTransaction.js"
import { idempotencyKeys, pdcaDataElements, pdcaDataValues, pdcaIndicators, pdcaPlans } from "./Schema.js"
import { appendAuditEntry, PgSession } from "./Stores.js"

const isUniqueViolation = (error: unknown, constraint: string): boolean => {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { code?: unknown; constraint?: unknown }
    if (candidate.code === "23505" && candidate.constraint === constraint) return true
  }
  return false
}

const fromPlanRow = (row: {
  readonly data: unknown
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}): StoredPdcaPlan => ({
  ...(row.data as PdcaPlan),
  version: row.version,
  createdAt: new Date(row.createdAt).toISOString(),
  updatedAt: new Date(row.updatedAt).toISOString(),
})

const valueColumns = (tenantId: string, value: DataValue) => ({
  tenantId,
  dataElement: value.dataElement,
  option: value.option ?? "",
  areaKind: value.area.kind,
  areaCode: value.area.code,
  periodKind: value.period.kind,
  fiscalYear: value.period.fiscalYear,
  periodIndex: value.period.index,
  value: value.value,
  source: value.provenance.source as "entered" | "imported" | "computed",
  computedFrom: value.provenance.source === "computed" ? value.provenance.from : null,
  provenance: value.provenance,
})

const fromValueRow = (row: typeof pdcaDataValues.$inferSelect): DataValue =>
  ({
    dataElement: row.dataElement,
    ...(row.option === "" ? {} : { option: row.option }),
    area: { kind: row.areaKind, code: row.areaCode },
    period: { kind: row.periodKind, fiscalYear: row.fiscalYear, index: row.periodIndex },
    value: row.value,
    provenance: row.provenance,
  }) as DataValue

/** JSON with object keys sorted: `jsonb` does not keep the order keys were written in. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  )

const standardIndicatorCodes = standardIndicators.map((i) => i.code as string)
const batchSize = 500

/**
 * `PdcaStore` on PostgreSQL (PGlite or a server), over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const PdcaStoreLive: Layer.Layer<PdcaStore, never, PgSession | IdGenerator> = Layer.effect(
  PdcaStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

    const inTenant = tenantTransaction(session)

    const tenantElements = async (tx: Tx, tenantId: string) => {
      const rows = await tx
        .select({ data: pdcaDataElements.data })
        .from(pdcaDataElements)
        .where(eq(pdcaDataElements.tenantId, tenantId))
        .orderBy(asc(pdcaDataElements.code))
      return rows.map((row) => row.data as DataElement)
    }

    const knownIndicators = async (tx: Tx, tenantId: string) => {
      const rows = await tx
        .select({ code: pdcaIndicators.code })
        .from(pdcaIndicators)
        .where(eq(pdcaIndicators.tenantId, tenantId))
      return new Set([...standardIndicatorCodes, ...rows.map((row) => row.code)])
    }

    const planIssues = async (tx: Tx, tenantId: string, plan: PdcaPlan) => {
      const issues = checkPlanIndicators(plan, await knownIndicators(tx, tenantId))
      return issues.length === 0 ? undefined : new ValidationError({ subject: "plan", issues })
    }

    const upsertValues = async (tx: Tx, tenantId: string, rows: ReadonlyArray<DataValue>) => {
      for (let start = 0; start < rows.length; start += batchSize) {
        await tx
          .insert(pdcaDataValues)
          .values(rows.slice(start, start + batchSize).map((row) => valueColumns(tenantId, row)))
          .onConflictDoUpdate({
            target: [
              pdcaDataValues.tenantId,
              pdcaDataValues.dataElement,
              pdcaDataValues.option,
              pdcaDataValues.areaKind,
              pdcaDataValues.areaCode,
              pdcaDataValues.periodKind,
              pdcaDataValues.fiscalYear,
              pdcaDataValues.periodIndex,
            ],
            set: {
              value: sql`excluded.value`,
              source: sql`excluded.source`,
              computedFrom: sql`excluded.computed_from`,
              provenance: sql`excluded.provenance`,
            },
          })
      }
    }

    const valuesError = async (tx: Tx, tenantId: string, rows: ReadonlyArray<DataValue>) => {
      const issues = checkDataValues(rows, [...standardDataElements, ...(await tenantElements(tx, tenantId))])
      return issues.length === 0 ? undefined : new ValidationError({ subject: "data values", issues })
    }

    const readPlan = async (tx: Tx, tenantId: string, id: string, lock: boolean) => {
      const query = tx
        .select()
        .from(pdcaPlans)
        .where(and(eq(pdcaPlans.tenantId, tenantId), eq(pdcaPlans.id, id)))
      const [row] = lock ? await query.for("update") : await query
      return row === undefined ? undefined : fromPlanRow(row)
    }

    const uuidLike = (id: string) => z.uuid().safeParse(id).success

    const createPlan = (
      input: Parameters<PdcaStore["Service"]["createPlan"]>[0],
      options: { idempotencyKey?: string } = {},
    ) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("pdca:write")
        const id = PdcaPlanId.parse(yield* ids.next)
        const plan = yield* decode(PdcaPlan, "plan")({ ...input, id, tenantId: actor.tenantId })
        const fingerprint = JSON.stringify(input)
        const auditId = yield* ids.next
        const at = yield* now
        const key = options.idempotencyKey
        const attempt = inTenant<StoredPdcaPlan, ValidationError | Conflict>(
          "PdcaStore.createPlan",
          actor.tenantId,
          async (tx) => {
            if (key !== undefined) {
              const [previous] = await tx
                .select()
                .from(idempotencyKeys)
                .where(
                  and(
                    eq(idempotencyKeys.tenantId, actor.tenantId),
                    eq(idempotencyKeys.operation, "pdca_plan.create"),
                    eq(idempotencyKeys.key, key),
                  ),
                )
              if (previous !== undefined) {
                const found =
                  previous.requestHash === fingerprint
                    ? await readPlan(tx, actor.tenantId, previous.resultId, false)
                    : undefined
                if (found === undefined) {
                  return { error: new Conflict({ entity: "idempotency_key", id: key, reason: "already_exists" }) }
                }
                return { ok: found }
              }
            }
            const invalid = await planIssues(tx, actor.tenantId, plan)
            if (invalid !== undefined) return { error: invalid }
            const iso = at.toISOString()
            await tx.insert(pdcaPlans).values({
              tenantId: actor.tenantId,
              id,
              version: 1,
              status: plan.status,
              data: plan,
              createdAt: iso,
              updatedAt: iso,
            })
            if (key !== undefined) {
              await tx.insert(idempotencyKeys).values({
                tenantId: actor.tenantId,
                operation: "pdca_plan.create",
                key,
                requestHash: fingerprint,
                resultId: id,
                createdAt: iso,
              })
            }
            await appendAuditEntry(tx, {
              actor,
              event: pdcaAuditEvent("pdca_plan.create", "pdca_plan", id, { version: 1 }),
              id: auditId,
              at,
            })
            return { ok: { ...plan, version: 1, createdAt: iso, updatedAt: iso } }
          },
        )
        return yield* attempt.pipe(
          Effect.catchTag("StoreError", (error) =>
            isUniqueViolation(error.cause, "idempotency_keys_tenant_id_operation_key_pk")
              ? attempt
              : Effect.fail(error),
          ),
        )
      })

    const writePlan = (
      id: string,
      expectedVersion: number,
      next: (
        current: StoredPdcaPlan,
        tx: Tx,
        tenantId: string,
      ) => Promise<Outcome<StoredPdcaPlan | "deleted", unknown>>,
    ) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("pdca:write")
        if (!uuidLike(id)) return yield* Effect.fail(new NotFound({ entity: "pdca_plan", id }))
        return yield* inTenant<StoredPdcaPlan | "deleted", unknown>(
          "PdcaStore.writePlan",
          actor.tenantId,
          async (tx) => {
            const current = await readPlan(tx, actor.tenantId, id, true)
            if (current === undefined) return { error: new NotFound({ entity: "pdca_plan", id }) }
            if (current.version !== expectedVersion) {
              return { error: new Conflict({ entity: "pdca_plan", id, reason: "version_mismatch" }) }
            }
            return next(current, tx, actor.tenantId)
          },
        )
      })

    return PdcaStore.of({
      createPlan,
      getPlan: (id) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:read")
          if (!uuidLike(id)) return yield* Effect.fail(new NotFound({ entity: "pdca_plan", id }))
          return yield* inTenant<StoredPdcaPlan, NotFound>("PdcaStore.getPlan", actor.tenantId, async (tx) => {
            const found = await readPlan(tx, actor.tenantId, id, false)
            return found === undefined ? { error: new NotFound({ entity: "pdca_plan", id }) } : { ok: found }
          })
        }),
      listPlans: Effect.gen(function* () {
        const actor = yield* requirePermission("pdca:read")
        return yield* inTenant("PdcaStore.listPlans", actor.tenantId, async (tx) => {
          const rows = await tx
            .select()
            .from(pdcaPlans)
            .where(eq(pdcaPlans.tenantId, actor.tenantId))
            .orderBy(asc(pdcaPlans.createdAt), asc(pdcaPlans.id))
          return { ok: rows.map(fromPlanRow) }
        })
      }),
      replacePlan: (id, input, options) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:write")
          const plan = yield* decode(PdcaPlan, "plan")({ ...input, id, tenantId: actor.tenantId })
          const auditId = yield* ids.next
          const at = yield* now
          const result = yield* writePlan(id, options.expectedVersion, async (current, tx, tenantId) => {
            const invalid = await planIssues(tx, tenantId, plan)
            if (invalid !== undefined) return { error: invalid }
            const { version: _v, createdAt: _c, updatedAt: _u, ...before } = current
            if (canonical(before) === canonical(plan)) return { ok: current }
            const updated: StoredPdcaPlan = {
              ...plan,
              version: current.version + 1,
              createdAt: current.createdAt,
              updatedAt: at.toISOString(),
            }
            await tx
              .update(pdcaPlans)
              .set({ version: updated.version, status: plan.status, data: plan, updatedAt: updated.updatedAt })
              .where(and(eq(pdcaPlans.tenantId, tenantId), eq(pdcaPlans.id, id)))
            await appendAuditEntry(tx, {
              actor,
              event: pdcaAuditEvent("pdca_plan.update", "pdca_plan", id, { version: updated.version }),
              id: auditId,
              at,
            })
            return { ok: updated }
          })
          return result as StoredPdcaPlan
        }).pipe(Effect.mapError((e) => e as ValidationError | NotFound | Conflict | StoreError)),
      deletePlan: (id, options) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:write")
          const auditId = yield* ids.next
          const at = yield* now
          yield* writePlan(id, options.expectedVersion, async (current, tx, tenantId) => {
            await tx.delete(pdcaPlans).where(and(eq(pdcaPlans.tenantId, tenantId), eq(pdcaPlans.id, id)))
            await appendAuditEntry(tx, {
              actor,
              event: pdcaAuditEvent("pdca_plan.delete", "pdca_plan", id, { version: current.version }),
              id: auditId,
              at,
            })
            return { ok: "deleted" }
          })
        }).pipe(Effect.mapError((e) => e as NotFound | Conflict | StoreError)),
      dataElements: Effect.gen(function* () {
        const actor = yield* requirePermission("pdca:read")
        const own = yield* inTenant("PdcaStore.dataElements", actor.tenantId, async (tx) => ({
          ok: await tenantElements(tx, actor.tenantId),
        }))
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
          const auditId = yield* ids.next
          const at = yield* now
          return yield* inTenant("PdcaStore.saveDataElement", actor.tenantId, async (tx) => {
            await tx
              .insert(pdcaDataElements)
              .values({ tenantId: actor.tenantId, code: element.code, data: element, updatedAt: at.toISOString() })
              .onConflictDoUpdate({
                target: [pdcaDataElements.tenantId, pdcaDataElements.code],
                set: { data: element, updatedAt: at.toISOString() },
              })
            await appendAuditEntry(tx, {
              actor,
              event: pdcaAuditEvent("pdca_data_element.save", "pdca_data_element", element.code),
              id: auditId,
              at,
            })
            return { ok: element }
          })
        }),
      indicators: Effect.gen(function* () {
        const actor = yield* requirePermission("pdca:read")
        const own = yield* inTenant("PdcaStore.indicators", actor.tenantId, async (tx) => {
          const rows = await tx
            .select({ data: pdcaIndicators.data })
            .from(pdcaIndicators)
            .where(eq(pdcaIndicators.tenantId, actor.tenantId))
            .orderBy(asc(pdcaIndicators.code))
          return { ok: rows.map((row) => row.data as IndicatorDefinition) }
        })
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
          const auditId = yield* ids.next
          const at = yield* now
          return yield* inTenant<IndicatorDefinition, IndicatorRejected>(
            "PdcaStore.saveIndicator",
            actor.tenantId,
            async (tx) => {
              const rejected = checkTenantIndicator(definition, [
                ...standardDataElements,
                ...(await tenantElements(tx, actor.tenantId)),
              ])
              if (rejected !== undefined) return { error: rejected }
              await tx
                .insert(pdcaIndicators)
                .values({
                  tenantId: actor.tenantId,
                  code: definition.code,
                  data: definition,
                  updatedAt: at.toISOString(),
                })
                .onConflictDoUpdate({
                  target: [pdcaIndicators.tenantId, pdcaIndicators.code],
                  set: { data: definition, updatedAt: at.toISOString() },
                })
              await appendAuditEntry(tx, {
                actor,
                event: pdcaAuditEvent("pdca_indicator.save", "pdca_indicator", definition.code),
                id: auditId,
                at,
              })
              return { ok: definition }
            },
          )
        }),
      deleteIndicator: (code) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:write")
          const auditId = yield* ids.next
          const at = yield* now
          return yield* inTenant<void, NotFound | Conflict>("PdcaStore.deleteIndicator", actor.tenantId, async (tx) => {
            const [row] = await tx
              .select({ code: pdcaIndicators.code })
              .from(pdcaIndicators)
              .where(and(eq(pdcaIndicators.tenantId, actor.tenantId), eq(pdcaIndicators.code, code)))
              .for("update")
            if (row === undefined) return { error: new NotFound({ entity: "pdca_indicator", id: code }) }
            const plans = await tx
              .select({ data: pdcaPlans.data })
              .from(pdcaPlans)
              .where(eq(pdcaPlans.tenantId, actor.tenantId))
            const used = plans.some((p) =>
              (p.data as PdcaPlan).goals.some((goal) => goal.indicators.some((i) => i.indicator === code)),
            )
            if (used) {
              return { error: new Conflict({ entity: "pdca_indicator", id: code, reason: "state", state: "in_use" }) }
            }
            await tx
              .delete(pdcaIndicators)
              .where(and(eq(pdcaIndicators.tenantId, actor.tenantId), eq(pdcaIndicators.code, code)))
            await appendAuditEntry(tx, {
              actor,
              event: pdcaAuditEvent("pdca_indicator.delete", "pdca_indicator", code),
              id: auditId,
              at,
            })
            return { ok: undefined }
          })
        }),
      putDataValues: (input) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:write")
          const rows = yield* decode(z.array(DataValue).max(100_000), "data values")(input)
          const auditId = yield* ids.next
          const at = yield* now
          return yield* inTenant<{ readonly written: number }, ValidationError>(
            "PdcaStore.putDataValues",
            actor.tenantId,
            async (tx) => {
              const invalid = await valuesError(tx, actor.tenantId, rows)
              if (invalid !== undefined) return { error: invalid }
              await upsertValues(tx, actor.tenantId, rows)
              await appendAuditEntry(tx, {
                actor,
                event: pdcaAuditEvent("pdca_data_values.write", "pdca_data_values", actor.tenantId, {
                  count: rows.length,
                }),
                id: auditId,
                at,
              })
              return { ok: { written: rows.length } }
            },
          )
        }),
      listDataValues: (input = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:read")
          const query = yield* decode(DataValueQuery, "query")(input)
          return yield* inTenant("PdcaStore.listDataValues", actor.tenantId, async (tx) => {
            const conditions: Array<SQL | undefined> = [eq(pdcaDataValues.tenantId, actor.tenantId)]
            if (query.dataElements !== undefined)
              conditions.push(inArray(pdcaDataValues.dataElement, query.dataElements))
            if (query.fiscalYears !== undefined) conditions.push(inArray(pdcaDataValues.fiscalYear, query.fiscalYears))
            if (query.sources !== undefined) conditions.push(inArray(pdcaDataValues.source, query.sources))
            if (query.areas !== undefined) {
              conditions.push(
                or(
                  ...query.areas.map((area) => {
                    const colon = area.indexOf(":")
                    return and(
                      eq(pdcaDataValues.areaKind, area.slice(0, colon)),
                      eq(pdcaDataValues.areaCode, area.slice(colon + 1)),
                    )
                  }),
                ),
              )
            }
            const rows = await tx
              .select()
              .from(pdcaDataValues)
              .where(and(...conditions))
              .orderBy(
                asc(pdcaDataValues.dataElement),
                asc(pdcaDataValues.option),
                asc(pdcaDataValues.areaKind),
                asc(pdcaDataValues.areaCode),
                asc(pdcaDataValues.periodKind),
                asc(pdcaDataValues.fiscalYear),
                asc(pdcaDataValues.periodIndex),
              )
            return { ok: rows.map(fromValueRow) }
          })
        }),
      replaceComputed: (source, periodsInput, input) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("pdca:write")
          const rows = yield* decode(z.array(DataValue), "data values")(input)
          const periods = yield* decode(z.array(FiscalPeriod), "periods")(periodsInput)
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
          const auditId = yield* ids.next
          const at = yield* now
          return yield* inTenant<{ readonly written: number; readonly removed: number }, ValidationError>(
            "PdcaStore.replaceComputed",
            actor.tenantId,
            async (tx) => {
              const invalid = await valuesError(tx, actor.tenantId, rows)
              if (invalid !== undefined) return { error: invalid }
              let removed = 0
              if (periods.length > 0) {
                const deleted = await tx
                  .delete(pdcaDataValues)
                  .where(
                    and(
                      eq(pdcaDataValues.tenantId, actor.tenantId),
                      eq(pdcaDataValues.computedFrom, source),
                      or(
                        ...periods.map((p) =>
                          and(
                            eq(pdcaDataValues.periodKind, p.kind),
                            eq(pdcaDataValues.fiscalYear, p.fiscalYear),
                            eq(pdcaDataValues.periodIndex, p.index),
                          ),
                        ),
                      ),
                    ),
                  )
                  .returning({ element: pdcaDataValues.dataElement })
                removed = deleted.length
              }
              await upsertValues(tx, actor.tenantId, rows)
              await appendAuditEntry(tx, {
                actor,
                event: pdcaAuditEvent("pdca_data_values.compute", "pdca_data_values", actor.tenantId, {
                  source,
                  written: rows.length,
                  removed,
                }),
                id: auditId,
                at,
              })
              return { ok: { written: rows.length, removed } }
            },
          )
        }),
    })
  }),
)
