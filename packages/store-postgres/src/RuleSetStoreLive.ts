/**
 * `RuleSetStore` on PostgreSQL: a tenant's rule set versions, written once, and its resolution order. Each write is
 * one transaction that checks the stored versions with core's `checkNewRuleSet` and appends its audit entry; a
 * trigger holds the same rules (immutable versions, no overlapping periods) in the database.
 *
 * @since 0.1.0
 */
import {
  Actor,
  byRuleSetOrder,
  Conflict,
  CreateRuleSetOptions,
  type CreateRuleSetOptionsInput,
  checkNewRuleSet,
  decode,
  IdGenerator,
  type RegionalResolutionKey,
  ResolutionOrder,
  RuleSet,
  RuleSetStore,
  requirePermission,
  resolutionAuditEvent,
  ruleSetAuditEvent,
  ruleSetFingerprint,
  type TenantRuleSet,
  type ValidationError,
} from "@zaitaku/core"
import { and, eq } from "drizzle-orm"
import { Clock, Effect, Layer } from "effect"
import type { Tx } from "./internal/Session.js"
import { tenantTransaction } from "./internal/TenantTransaction.js"
import { idempotencyKeys, ruleSetResolutions, ruleSets } from "./Schema.js"
import { appendAuditEntry, PgSession } from "./Stores.js"

const violation = (error: unknown, code: string, constraint?: string): boolean => {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { code?: unknown; constraint?: unknown }
    if (candidate.code === code && (constraint === undefined || candidate.constraint === constraint)) return true
  }
  return false
}

const toStored = (row: typeof ruleSets.$inferSelect): TenantRuleSet => ({
  tenantId: row.tenantId as TenantRuleSet["tenantId"],
  ruleSet: row.definition as RuleSet,
  createdAt: new Date(row.createdAt).toISOString(),
  createdBy: row.createdBy as TenantRuleSet["createdBy"],
})

const defaultOrder: ReadonlyArray<RegionalResolutionKey> = ["hospital", "patient"]

const storedOf = async (tx: Tx, tenantId: string) =>
  (await tx.select().from(ruleSets).where(eq(ruleSets.tenantId, tenantId))).map(toStored)

/**
 * `RuleSetStore` on PostgreSQL (PGlite or a server), over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const RuleSetStoreLive: Layer.Layer<RuleSetStore, never, PgSession | IdGenerator> = Layer.effect(
  RuleSetStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

    const inTenant = tenantTransaction(session)

    const list = Effect.gen(function* () {
      const actor = yield* Actor
      return yield* inTenant("RuleSetStore.list", actor.tenantId, async (tx) => ({
        ok: (await storedOf(tx, actor.tenantId)).sort(byRuleSetOrder),
      }))
    })

    const create = (input: unknown, optionsInput: CreateRuleSetOptionsInput = {}) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("coordination:manage")
        const set = yield* decode(RuleSet, "rule set")(input)
        const options = yield* decode(CreateRuleSetOptions, "options")(optionsInput)
        const fingerprint = yield* ruleSetFingerprint(set)
        const recordId = yield* ids.next
        const auditId = yield* ids.next
        const at = yield* now
        const key = options.idempotencyKey
        const stored: TenantRuleSet = {
          tenantId: actor.tenantId,
          ruleSet: set,
          createdAt: at.toISOString(),
          createdBy: actor.subject,
        }
        const attempt = inTenant<TenantRuleSet, Conflict | ValidationError>(
          "RuleSetStore.create",
          actor.tenantId,
          async (tx) => {
            if (key !== undefined) {
              const [previous] = await tx
                .select()
                .from(idempotencyKeys)
                .where(
                  and(
                    eq(idempotencyKeys.tenantId, actor.tenantId),
                    eq(idempotencyKeys.operation, "rule_set.create"),
                    eq(idempotencyKeys.key, key),
                  ),
                )
              if (previous !== undefined) {
                if (previous.requestHash !== fingerprint) {
                  return { error: new Conflict({ entity: "idempotency_key", id: key, reason: "already_exists" }) }
                }
                const [row] = await tx
                  .select()
                  .from(ruleSets)
                  .where(and(eq(ruleSets.tenantId, actor.tenantId), eq(ruleSets.recordId, previous.resultId)))
                return { ok: toStored(row!) }
              }
            }
            const refused = checkNewRuleSet(
              set,
              (await storedOf(tx, actor.tenantId)).map((s) => s.ruleSet),
            )
            if (refused !== undefined) return { error: refused }
            await tx.insert(ruleSets).values({
              tenantId: actor.tenantId,
              id: set.id,
              version: set.version,
              recordId,
              effectiveFrom: set.effective.from,
              effectiveTo: set.effective.to,
              definition: set,
              createdAt: stored.createdAt,
              createdBy: stored.createdBy,
            })
            if (key !== undefined) {
              await tx.insert(idempotencyKeys).values({
                tenantId: actor.tenantId,
                operation: "rule_set.create",
                key,
                requestHash: fingerprint,
                resultId: recordId,
                createdAt: stored.createdAt,
              })
            }
            await appendAuditEntry(tx, { actor, event: ruleSetAuditEvent(set), id: auditId, at })
            return { ok: stored }
          },
        )
        // Two writers at once: the loser meets the primary key, the idempotency key or the overlap trigger; trying
        // once more reads the winner's row and answers as if they had come one after the other.
        return yield* attempt.pipe(
          Effect.catchTag("StoreError", (error) =>
            violation(error.cause, "23505") || violation(error.cause, "23P01") ? attempt : Effect.fail(error),
          ),
        )
      })

    const resolution = Effect.gen(function* () {
      const actor = yield* Actor
      return yield* inTenant("RuleSetStore.resolution", actor.tenantId, async (tx) => {
        const [row] = await tx.select().from(ruleSetResolutions).where(eq(ruleSetResolutions.tenantId, actor.tenantId))
        return { ok: row === undefined ? defaultOrder : (row.resolution as ReadonlyArray<RegionalResolutionKey>) }
      })
    })

    const setResolution = (input: unknown) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("coordination:manage")
        const order = yield* decode(ResolutionOrder, "resolution")(input)
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant("RuleSetStore.setResolution", actor.tenantId, async (tx) => {
          await tx
            .insert(ruleSetResolutions)
            .values({
              tenantId: actor.tenantId,
              resolution: order,
              updatedAt: at.toISOString(),
              updatedBy: actor.subject,
            })
            .onConflictDoUpdate({
              target: ruleSetResolutions.tenantId,
              set: { resolution: order, updatedAt: at.toISOString(), updatedBy: actor.subject },
            })
          await appendAuditEntry(tx, { actor, event: resolutionAuditEvent(actor.tenantId, order), id: auditId, at })
          return { ok: order as ReadonlyArray<RegionalResolutionKey> }
        })
      })

    return RuleSetStore.of({ list, create, resolution, setResolution })
  }),
)
