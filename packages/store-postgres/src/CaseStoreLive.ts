/**
 * `CaseStore` on PostgreSQL. Each write is one transaction that locks the case's row, checks the scope and the
 * version, applies core's `applyCaseWrite` and writes the case and its audit entry together; each read appends its
 * personal-data audit entry in the transaction that reads. Lists filter, scope and page in SQL on the columns kept
 * beside the case (`party_ids`, the span, the creation time).
 *
 * @since 0.1.0
 */
import {
  Actor,
  applyCaseWrite,
  type Case,
  CaseId,
  type CaseOrganisation,
  type CasePage,
  CasePatch,
  type CasePatchInput,
  CaseQuery,
  type CaseQueryInput,
  CaseStore,
  type CaseWrite,
  Conflict,
  CreateCaseOptions,
  type CreateCaseOptionsInput,
  caseAuditEvent,
  caseFingerprint,
  caseInScope,
  caseListAuditEvent,
  caseOrganisations,
  casePartyIds,
  casePermissionOf,
  caseSpan,
  decode,
  decodeCaseCursor,
  encodeCaseCursor,
  type Forbidden,
  IdGenerator,
  NewCase,
  NewCaseEvent,
  type NewCaseInput,
  NewEvidence,
  NewWaiver,
  NotFound,
  outOfCaseScope,
  prepareCase,
  requirePermission,
  type ValidationError,
  WithdrawOptions,
  WriteCaseOptions,
} from "@zaitaku/core"
import { and, desc, eq, gt, inArray, type SQL, sql } from "drizzle-orm"
import { Clock, Effect, Layer, Result } from "effect"
import { tenantTransaction } from "./internal/TenantTransaction.js"
import { cases, idempotencyKeys } from "./Schema.js"
import { appendAuditEntry, PgSession } from "./Stores.js"

const isUniqueViolation = (error: unknown, constraint: string): boolean => {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { code?: unknown; constraint?: unknown }
    if (candidate.code === "23505" && candidate.constraint === constraint) return true
  }
  return false
}

const columnsOf = (c: Case) => {
  const span = caseSpan(c)
  const careManager: CaseOrganisation | undefined = c.parties.care_manager
  return {
    tenantId: c.tenantId,
    id: c.id,
    version: c.version,
    status: c.status,
    hospitalId: c.parties.hospital.id,
    careManagerId: careManager?.id ?? null,
    partyIds: [...casePartyIds(c)],
    startDate: span.start,
    endDate: span.end,
    data: c,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  }
}

/** Cases are validated when written; reading them back trusts the stored JSON. */
const fromRow = (row: { readonly data: unknown }): Case => row.data as Case

/**
 * `CaseStore` on PostgreSQL (PGlite or a server), over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const CaseStoreLive: Layer.Layer<CaseStore, never, PgSession | IdGenerator> = Layer.effect(
  CaseStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

    const inTenant = tenantTransaction(session)

    const notFound = (id: string) => new NotFound({ entity: "case", id })

    const create = (input: NewCaseInput, optionsInput: CreateCaseOptionsInput = {}) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("cases:write")
        const parsed = yield* decode(NewCase, "case")(input)
        const options = yield* decode(CreateCaseOptions, "options")(optionsInput)
        const refused = outOfCaseScope(actor, "cases:write", parsed.parties)
        if (refused !== undefined) return yield* Effect.fail(refused)
        const fingerprint = yield* caseFingerprint(parsed)
        const id = CaseId.parse(yield* ids.next)
        const eventIds: Array<string> = []
        for (const _ of parsed.events) eventIds.push(yield* ids.next)
        const auditId = yield* ids.next
        const at = yield* now
        const prepared = prepareCase(parsed, { id, tenantId: actor.tenantId, at, by: actor.subject, eventIds })
        if (Result.isFailure(prepared)) return yield* Effect.fail(prepared.failure)
        const created = prepared.success
        const key = options.idempotencyKey
        const attempt = inTenant<Case, Conflict>("CaseStore.create", actor.tenantId, async (tx) => {
          if (key !== undefined) {
            const [previous] = await tx
              .select()
              .from(idempotencyKeys)
              .where(
                and(
                  eq(idempotencyKeys.tenantId, actor.tenantId),
                  eq(idempotencyKeys.operation, "case.create"),
                  eq(idempotencyKeys.key, key),
                ),
              )
            if (previous !== undefined) {
              if (previous.requestHash !== fingerprint) {
                return { error: new Conflict({ entity: "idempotency_key", id: key, reason: "already_exists" }) }
              }
              const [row] = await tx
                .select({ data: cases.data })
                .from(cases)
                .where(and(eq(cases.tenantId, actor.tenantId), eq(cases.id, previous.resultId)))
              return { ok: fromRow(row!) }
            }
          }
          await tx.insert(cases).values(columnsOf(created))
          if (key !== undefined) {
            await tx.insert(idempotencyKeys).values({
              tenantId: actor.tenantId,
              operation: "case.create",
              key,
              requestHash: fingerprint,
              resultId: created.id,
              createdAt: created.createdAt,
            })
          }
          await appendAuditEntry(tx, {
            actor,
            event: caseAuditEvent("case.create", created, {
              hospital: created.parties.hospital.id,
              events: created.events.length,
            }),
            id: auditId,
            at,
          })
          return { ok: created }
        })
        // Two requests with the same new key at once: the loser's insert hits the key's primary key; trying once
        // more finds the winner's case (or its different fingerprint).
        return yield* attempt.pipe(
          Effect.catchTag("StoreError", (error) =>
            isUniqueViolation(error.cause, "idempotency_keys_tenant_id_operation_key_pk")
              ? attempt
              : Effect.fail(error),
          ),
        )
      })

    const get = (id: CaseId) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("cases:read")
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<Case, NotFound>("CaseStore.get", actor.tenantId, async (tx) => {
          const [row] = await tx
            .select({ data: cases.data })
            .from(cases)
            .where(and(eq(cases.tenantId, actor.tenantId), eq(cases.id, id)))
          const found = row === undefined ? undefined : fromRow(row)
          if (found === undefined || !caseInScope(actor, found)) return { error: notFound(id) }
          await appendAuditEntry(tx, { actor, event: caseAuditEvent("case.read", found), id: auditId, at })
          return { ok: found }
        })
      })

    const list = (input: CaseQueryInput = {}) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("cases:read")
        const query = yield* decode(CaseQuery, "query")(input)
        const cursor = query.cursor === undefined ? undefined : decodeCaseCursor(query.cursor)
        if (cursor !== undefined && Result.isFailure(cursor)) return yield* Effect.fail(cursor.failure)
        const after = cursor?.success
        const organisations = caseOrganisations(actor)
        if (organisations !== "tenant" && organisations.length === 0) return { items: [], nextCursor: null }
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<CasePage>("CaseStore.list", actor.tenantId, async (tx) => {
          const conditions: Array<SQL | undefined> = [eq(cases.tenantId, actor.tenantId)]
          if (organisations !== "tenant") {
            conditions.push(sql`${cases.partyIds} && ${sql.param([...organisations])}::uuid[]`)
          }
          if (query.organisation !== undefined) {
            conditions.push(sql`${cases.partyIds} @> ${sql.param([query.organisation])}::uuid[]`)
          }
          if (query.status !== undefined) conditions.push(inArray(cases.status, [...query.status]))
          if (query.period !== undefined) {
            conditions.push(
              sql`${cases.startDate} <= ${query.period.end}::date`,
              sql`(${cases.endDate} is null or ${cases.endDate} >= ${query.period.start}::date)`,
            )
          }
          if (query.modifiedAfter !== undefined) conditions.push(gt(cases.updatedAt, query.modifiedAfter))
          if (after !== undefined) {
            conditions.push(
              sql`(${cases.createdAt}, ${cases.id}) < (${new Date(after.at).toISOString()}::timestamptz, ${after.id}::uuid)`,
            )
          }
          const rows = await tx
            .select({ data: cases.data })
            .from(cases)
            .where(and(...conditions))
            .orderBy(desc(cases.createdAt), desc(cases.id))
            .limit(query.limit + 1)
          const items = rows.slice(0, query.limit).map(fromRow)
          if (items.length > 0) {
            await appendAuditEntry(tx, { actor, event: caseListAuditEvent(items.map((c) => c.id)), id: auditId, at })
          }
          const last = items[items.length - 1]
          return {
            ok: {
              items,
              nextCursor:
                rows.length > query.limit && last !== undefined
                  ? encodeCaseCursor({ at: Date.parse(last.createdAt), id: last.id })
                  : null,
            },
          }
        })
      })

    const write = (id: CaseId, expectedVersion: number, next: CaseWrite) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<Case, NotFound | Conflict | ValidationError | Forbidden>(
          "CaseStore.write",
          actor.tenantId,
          async (tx) => {
            const [row] = await tx
              .select({ data: cases.data })
              .from(cases)
              .where(and(eq(cases.tenantId, actor.tenantId), eq(cases.id, id)))
              .for("update")
            const current = row === undefined ? undefined : fromRow(row)
            if (current === undefined || !caseInScope(actor, current)) return { error: notFound(id) }
            if (current.version !== expectedVersion) {
              return { error: new Conflict({ entity: "case", id, reason: "version_mismatch" }) }
            }
            const applied = applyCaseWrite(current, next, { at, by: actor.subject })
            if (Result.isFailure(applied)) return { error: applied.failure }
            if (applied.success === undefined) return { ok: current }
            const updated = applied.success.case
            const refused = outOfCaseScope(actor, casePermissionOf(next.kind), updated.parties)
            if (refused !== undefined) return { error: refused }
            const { tenantId: _tenant, id: _id, createdAt: _created, ...changed } = columnsOf(updated)
            await tx
              .update(cases)
              .set(changed)
              .where(and(eq(cases.tenantId, actor.tenantId), eq(cases.id, id)))
            await appendAuditEntry(tx, { actor, event: applied.success.audit, id: auditId, at })
            return { ok: updated }
          },
        )
      })

    return CaseStore.of({
      create,
      get,
      list,
      update: (id, patchInput: CasePatchInput, optionsInput) =>
        Effect.gen(function* () {
          yield* requirePermission("cases:write")
          const patch = yield* decode(CasePatch, "case")(patchInput)
          const options = yield* decode(WriteCaseOptions, "options")(optionsInput)
          return yield* write(id, options.expectedVersion, { kind: "update", patch })
        }),
      recordEvent: (id, eventInput, optionsInput) =>
        Effect.gen(function* () {
          yield* requirePermission("cases:record")
          const event = yield* decode(NewCaseEvent, "event")(eventInput)
          const options = yield* decode(WriteCaseOptions, "options")(optionsInput)
          return yield* write(id, options.expectedVersion, { kind: "record_event", id: yield* ids.next, event })
        }),
      recordEvidence: (id, evidenceInput, optionsInput) =>
        Effect.gen(function* () {
          yield* requirePermission("cases:record")
          const evidence = yield* decode(NewEvidence, "evidence")(evidenceInput)
          const options = yield* decode(WriteCaseOptions, "options")(optionsInput)
          return yield* write(id, options.expectedVersion, { kind: "record_evidence", id: yield* ids.next, evidence })
        }),
      waive: (id, waiverInput, optionsInput) =>
        Effect.gen(function* () {
          yield* requirePermission("cases:waive")
          const waiver = yield* decode(NewWaiver, "waiver")(waiverInput)
          const options = yield* decode(WriteCaseOptions, "options")(optionsInput)
          return yield* write(id, options.expectedVersion, { kind: "waive", waiver })
        }),
      withdraw: (id, entryId, optionsInput) =>
        Effect.gen(function* () {
          yield* requirePermission("cases:record")
          const options = yield* decode(WithdrawOptions, "options")(optionsInput)
          return yield* write(id, options.expectedVersion, {
            kind: "withdraw",
            entryId,
            reason: options.reason,
            entry: options.entry,
          })
        }),
    })
  }),
)
