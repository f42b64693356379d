/**
 * `ResourceStore` on PostgreSQL. Each write is one transaction that checks the version under a row lock, writes the
 * entry, its field-level changes and its audit entry together. Search narrows the candidates in SQL (tenant, status,
 * kind, municipality, capabilities, text over the trigram-indexed search keys, modification time, a bounding box
 * for distance) and then applies core's reference semantics (`searchResources`) for the exact filters, the order
 * and the cursor, so every adapter answers exactly as the in-memory reference does.
 *
 * @since 0.1.0
 */
import {
  AcceptOptions,
  Actor,
  type ActorRef,
  actsFor,
  applyResourcePatch,
  attestResource,
  type ChangeRequestPage,
  ChangeRequestQuery,
  type ChangeRequestQueryInput,
  Conflict,
  type CreateResourceOptions,
  changeRequestAuditEvent,
  decideRequest,
  decode,
  decodeChangeRequestCursor,
  decodeCreate,
  decodeResourceCursor,
  encodeChangeRequestCursor,
  encodeResourceCursor,
  type Forbidden,
  IdGenerator,
  idempotencyFingerprint,
  kindsMatching,
  listingKey,
  type NewResourceInput,
  NotFound,
  outOfScope,
  type PreparedWrite,
  ProposedPatch,
  type ProposedPatchInput,
  ProposeOptions,
  type ProposeOptionsInput,
  pageChanges,
  prepareAcceptance,
  prepareProposal,
  queryTokens as queryTokensOf,
  RejectOptions,
  type Resource,
  type ResourceChange,
  type ResourceChangeQueryInput,
  type ResourceChangeRequest,
  ResourceChangeRequestId,
  ResourceId,
  type ResourcePage,
  ResourcePatch,
  type ResourcePatchInput,
  ResourceQuery,
  type ResourceQueryInput,
  type ResourceSource,
  ResourceStore,
  requirePermission,
  resourceAuditEvent,
  StaleReportOptions,
  type StaleReportOptionsInput,
  StoreError,
  searchKeys,
  searchResources,
  staleEntries,
  toIsoDate,
  type ValidationError,
  WriteResourceOptions,
} from "@zaitaku/core"
import { and, asc, eq, gt, inArray, ne, type SQL, sql } from "drizzle-orm"
import { Clock, Effect, Layer, Option, Result } from "effect"
import type * as z from "zod"
import type { Tx } from "./internal/Session.js"
import { idempotencyKeys, resourceChangeRequests, resourceChanges, resources } from "./Schema.js"
import { appendAuditEntry, PgSession } from "./Stores.js"

type Outcome<A, E> = { readonly ok: A } | { readonly error: E }

const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { code?: unknown; constraint?: unknown }
    if (candidate.code === "23505" && (constraint === undefined || candidate.constraint === constraint)) return true
  }
  return false
}

const columnsOf = (resource: Resource) => ({
  tenantId: resource.tenantId,
  id: resource.id,
  version: resource.version,
  kind: resource.kind,
  status: resource.status,
  name: resource.name,
  sortKey: listingKey(resource),
  searchText: searchKeys(resource).join("\n"),
  municipalityCode: resource.address.municipalityCode,
  serviceArea: [...resource.serviceArea],
  capabilities: [...resource.capabilities],
  latitude: resource.location?.latitude ?? null,
  longitude: resource.location?.longitude ?? null,
  source: resource.provenance.source,
  sourceRecordId: resource.provenance.sourceRecordId ?? null,
  assuredAt: resource.assuredAt ?? null,
  data: resource,
  createdAt: resource.createdAt,
  updatedAt: resource.updatedAt,
})

/** Entries are validated when written; reading them back trusts the stored JSON. */
const fromRow = (row: { readonly data: unknown }): Resource => row.data as Resource

const changeRows = (resource: Resource, changes: ReadonlyArray<ResourceChange>) =>
  changes.map((change) => ({
    tenantId: resource.tenantId,
    resourceId: change.resourceId,
    version: change.version,
    field: change.field,
    fromValue: change.from === undefined ? null : change.from,
    toValue: change.to === undefined ? null : change.to,
    at: change.at,
    by: change.by,
    reason: change.reason ?? null,
    changeRequestId: change.changeRequestId ?? null,
    reviewedBy: change.reviewedBy ?? null,
  }))

const toChange = (row: typeof resourceChanges.$inferSelect): ResourceChange => ({
  resourceId: row.resourceId as ResourceId,
  version: row.version,
  field: row.field,
  ...(row.fromValue === null ? {} : { from: row.fromValue as ResourceChange["from"] }),
  ...(row.toValue === null ? {} : { to: row.toValue as ResourceChange["to"] }),
  at: new Date(row.at).toISOString(),
  by: row.by as ActorRef,
  ...(row.reason === null ? {} : { reason: row.reason }),
  ...(row.changeRequestId === null ? {} : { changeRequestId: row.changeRequestId as ResourceChangeRequestId }),
  ...(row.reviewedBy === null ? {} : { reviewedBy: row.reviewedBy as ActorRef }),
})

const toRequest = (row: typeof resourceChangeRequests.$inferSelect): ResourceChangeRequest => ({
  id: row.id as ResourceChangeRequestId,
  tenantId: row.tenantId as ResourceChangeRequest["tenantId"],
  resourceId: row.resourceId as ResourceId,
  baseVersion: row.baseVersion,
  changes: row.changes as ResourceChangeRequest["changes"],
  attest: row.attest,
  ...(row.reason === null ? {} : { reason: row.reason }),
  proposedAt: new Date(row.proposedAt).toISOString(),
  proposedBy: row.proposedBy as ActorRef,
  status: row.status,
  ...(row.decidedAt === null ? {} : { decidedAt: new Date(row.decidedAt).toISOString() }),
  ...(row.decidedBy === null ? {} : { decidedBy: row.decidedBy as ActorRef }),
  ...(row.comment === null ? {} : { comment: row.comment }),
  ...(row.appliedVersion === null ? {} : { appliedVersion: row.appliedVersion }),
})

const decisionColumns = (request: ResourceChangeRequest) => ({
  status: request.status,
  decidedAt: request.decidedAt ?? null,
  decidedBy: request.decidedBy ?? null,
  comment: request.comment ?? null,
  appliedVersion: request.appliedVersion ?? null,
})

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`)

/** The SQL part of a search: conditions that only ever narrow, never decide, the reference semantics. */
const candidateConditions = (tenantId: string, query: ResourceQuery): Array<SQL | undefined> => {
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
    for (const token of queryTokensOf(query.text)) {
      conditions.push(sql`${resources.searchText} like ${`%${escapeLike(token)}%`}`)
    }
  }
  if (query.modifiedAfter !== undefined) conditions.push(gt(resources.updatedAt, query.modifiedAfter))
  if (query.near !== undefined) {
    // a box that contains the circle (1° of latitude ≈ 111.2 km); the exact distance is decided afterwards
    const dLat = query.near.radiusKm / 111 + 0.01
    const dLon = dLat / Math.max(0.01, Math.cos((Math.abs(query.near.latitude) * Math.PI) / 180))
    conditions.push(
      sql`${resources.latitude} between ${query.near.latitude - dLat} and ${query.near.latitude + dLat}`,
      sql`${resources.longitude} between ${query.near.longitude - dLon} and ${query.near.longitude + dLon}`,
    )
  }
  return conditions
}

/**
 * `ResourceStore` on PostgreSQL (PGlite or a server), over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const ResourceStoreLive: Layer.Layer<ResourceStore, never, PgSession | IdGenerator> = Layer.effect(
  ResourceStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

    /** Runs a tenant transaction whose body may end in a domain error (returned, so the transaction rolls back). */
    const inTenant = <A, E = never>(operation: string, tenantId: string, body: (tx: Tx) => Promise<Outcome<A, E>>) =>
      Effect.flatMap(
        Effect.tryPromise({
          try: () =>
            session
              .transaction({ tenantId }, async (tx) => {
                const outcome = await body(tx)
                if ("error" in outcome) throw new DomainAbort(outcome.error)
                return outcome
              })
              .catch((error: unknown): Outcome<A, E> => {
                if (error instanceof DomainAbort) return { error: error.error as E }
                throw error
              }),
          catch: (cause) => new StoreError({ operation, cause }),
        }),
        (outcome): Effect.Effect<A, E> =>
          "error" in outcome ? Effect.fail(outcome.error) : Effect.succeed(outcome.ok),
      )

    /** A concurrent write that took the same source record first surfaces as a unique violation: a Conflict. */
    const sourceRecordTaken = <A, E>(
      effect: Effect.Effect<A, E | StoreError>,
    ): Effect.Effect<A, E | StoreError | Conflict> =>
      Effect.mapError(effect, (error) =>
        error instanceof StoreError && isUniqueViolation(error.cause, "resources_source_record")
          ? new Conflict({ entity: "resource", id: "source_record", reason: "already_exists" })
          : error,
      )

    const sourceConflict = async (tx: Tx, candidate: Resource): Promise<Conflict | undefined> => {
      const key = candidate.provenance.sourceRecordId
      if (key === undefined) return undefined
      const [other] = await tx
        .select({ id: resources.id })
        .from(resources)
        .where(
          and(
            eq(resources.tenantId, candidate.tenantId),
            eq(resources.source, candidate.provenance.source),
            eq(resources.sourceRecordId, key),
            ne(resources.id, candidate.id),
          ),
        )
      return other === undefined
        ? undefined
        : new Conflict({ entity: "resource", id: other.id, reason: "already_exists" })
    }

    const lockOwn = async (tx: Tx, tenantId: string, id: string): Promise<Resource | undefined> => {
      const [row] = await tx
        .select({ data: resources.data })
        .from(resources)
        .where(and(eq(resources.tenantId, tenantId), eq(resources.id, id)))
        .for("update")
      return row === undefined ? undefined : fromRow(row)
    }

    const writeUpdate = async (
      tx: Tx,
      actor: Actor["Service"],
      prepared: PreparedWrite,
      action: "resource.update" | "resource.attest",
      auditId: string,
      at: Date,
    ) => {
      await tx
        .update(resources)
        .set(columnsOf(prepared.resource))
        .where(and(eq(resources.tenantId, actor.tenantId), eq(resources.id, prepared.resource.id)))
      if (prepared.changes.length > 0)
        await tx.insert(resourceChanges).values(changeRows(prepared.resource, prepared.changes))
      await appendAuditEntry(tx, {
        actor,
        event: resourceAuditEvent(
          action,
          prepared.resource,
          prepared.changes.map((change) => change.field),
        ),
        id: auditId,
        at,
      })
    }

    const create = (input: NewResourceInput, optionsInput: z.input<typeof CreateResourceOptions> = {}) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("resources:write")
        const { resource: parsed, idempotencyKey } = yield* decodeCreate(input, optionsInput)
        const fingerprint = yield* idempotencyFingerprint(parsed)
        const id = ResourceId.parse(yield* ids.next)
        const auditId = yield* ids.next
        const at = yield* now
        const resource: Resource = {
          ...parsed,
          id,
          createdAt: at.toISOString(),
          updatedAt: at.toISOString(),
          version: 1,
        }
        const attempt = inTenant<Resource, Conflict>("ResourceStore.create", actor.tenantId, async (tx) => {
          if (idempotencyKey !== undefined) {
            const [previous] = await tx
              .select()
              .from(idempotencyKeys)
              .where(
                and(
                  eq(idempotencyKeys.tenantId, actor.tenantId),
                  eq(idempotencyKeys.operation, "resource.create"),
                  eq(idempotencyKeys.key, idempotencyKey),
                ),
              )
            if (previous !== undefined) {
              if (previous.requestHash !== fingerprint) {
                return {
                  error: new Conflict({ entity: "idempotency_key", id: idempotencyKey, reason: "already_exists" }),
                }
              }
              const [row] = await tx
                .select({ data: resources.data })
                .from(resources)
                .where(and(eq(resources.tenantId, actor.tenantId), eq(resources.id, previous.resultId)))
              return { ok: fromRow(row!) }
            }
          }
          const conflict = await sourceConflict(tx, resource)
          if (conflict !== undefined) return { error: conflict }
          await tx.insert(resources).values(columnsOf(resource))
          if (idempotencyKey !== undefined) {
            await tx.insert(idempotencyKeys).values({
              tenantId: actor.tenantId,
              operation: "resource.create",
              key: idempotencyKey,
              requestHash: fingerprint,
              resultId: resource.id,
              createdAt: resource.createdAt,
            })
          }
          await appendAuditEntry(tx, { actor, event: resourceAuditEvent("resource.create", resource), id: auditId, at })
          return { ok: resource }
        })
        // Two requests with the same new key at once: the loser's insert hits the key's primary key; try once more,
        // and it finds the winner's entry (or its different fingerprint).
        return yield* sourceRecordTaken(
          attempt.pipe(
            Effect.catchTag("StoreError", (error) =>
              isUniqueViolation(error.cause, "idempotency_keys_tenant_id_operation_key_pk")
                ? attempt
                : Effect.fail(error),
            ),
          ),
        )
      })

    const get = (id: ResourceId) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        return yield* inTenant<Resource, NotFound>("ResourceStore.get", actor.tenantId, async (tx) => {
          const [row] = await tx
            .select({ data: resources.data })
            .from(resources)
            .where(and(eq(resources.tenantId, actor.tenantId), eq(resources.id, id)))
          return row === undefined ? { error: new NotFound({ entity: "resource", id }) } : { ok: fromRow(row) }
        })
      })

    const findBySourceRecord = (source: ResourceSource, sourceRecordId: string) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        return yield* inTenant<Option.Option<Resource>>(
          "ResourceStore.findBySourceRecord",
          actor.tenantId,
          async (tx) => {
            const [row] = await tx
              .select({ data: resources.data })
              .from(resources)
              .where(
                and(
                  eq(resources.tenantId, actor.tenantId),
                  eq(resources.source, source),
                  eq(resources.sourceRecordId, sourceRecordId),
                ),
              )
            return { ok: row === undefined ? Option.none() : Option.some(fromRow(row)) }
          },
        )
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
        const auditId = yield* ids.next
        const at = yield* now
        return yield* sourceRecordTaken(
          inTenant<Resource, NotFound | Conflict | ValidationError>(
            "ResourceStore.update",
            actor.tenantId,
            async (tx) => {
              const current = await lockOwn(tx, actor.tenantId, id)
              if (current === undefined) return { error: new NotFound({ entity: "resource", id }) }
              if (current.version !== options.expectedVersion) {
                return { error: new Conflict({ entity: "resource", id, reason: "version_mismatch" }) }
              }
              const prepared = applyResourcePatch(current, patch, {
                at: at.toISOString(),
                by: actor.subject,
                reason: options.reason,
              })
              if (Result.isFailure(prepared)) return { error: prepared.failure }
              if (prepared.success.changes.length === 0) return { ok: current }
              const conflict = await sourceConflict(tx, prepared.success.resource)
              if (conflict !== undefined) return { error: conflict }
              await writeUpdate(tx, actor, prepared.success, "resource.update", auditId, at)
              return { ok: prepared.success.resource }
            },
          ),
        )
      })

    const attest = (id: ResourceId, optionsInput: z.input<typeof WriteResourceOptions>) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("resources:attest")
        const options = yield* decode(WriteResourceOptions, "options")(optionsInput)
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<Resource, NotFound | Conflict | Forbidden>(
          "ResourceStore.attest",
          actor.tenantId,
          async (tx) => {
            const current = await lockOwn(tx, actor.tenantId, id)
            if (current === undefined) return { error: new NotFound({ entity: "resource", id }) }
            const refused = outOfScope(actor, "resources:attest", id)
            if (refused !== undefined) return { error: refused }
            if (current.version !== options.expectedVersion) {
              return { error: new Conflict({ entity: "resource", id, reason: "version_mismatch" }) }
            }
            const prepared = attestResource(current, {
              at: at.toISOString(),
              by: actor.subject,
              reason: options.reason,
            })
            await writeUpdate(tx, actor, prepared, "resource.attest", auditId, at)
            return { ok: prepared.resource }
          },
        )
      })

    const changes = (id: ResourceId, query: ResourceChangeQueryInput = {}) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const rows = yield* inTenant<ReadonlyArray<ResourceChange>, NotFound>(
          "ResourceStore.changes",
          actor.tenantId,
          async (tx) => {
            const [exists] = await tx
              .select({ id: resources.id })
              .from(resources)
              .where(and(eq(resources.tenantId, actor.tenantId), eq(resources.id, id)))
            if (exists === undefined) return { error: new NotFound({ entity: "resource", id }) }
            const found = await tx
              .select()
              .from(resourceChanges)
              .where(and(eq(resourceChanges.tenantId, actor.tenantId), eq(resourceChanges.resourceId, id)))
            return { ok: found.map(toChange) }
          },
        )
        const page = pageChanges(rows, query)
        return Result.isSuccess(page) ? page.success : yield* Effect.fail(page.failure)
      })

    /**
     * The listing order in SQL: every filter of such a query is exact in SQL (the stored search keys are core's
     * `searchKeys`), so the order (`sort_key` in the "C" collation, i.e. code-point order, then id), the cursor and
     * the limit run in PostgreSQL and only one page is read.
     */
    const searchInSql = (tenantId: string, query: ResourceQuery, after: { k: string; id: string } | undefined) =>
      inTenant<ResourcePage>("ResourceStore.search", tenantId, async (tx) => {
        const conditions = candidateConditions(tenantId, query)
        if (after !== undefined) {
          conditions.push(
            sql`(${resources.sortKey} collate "C" > ${after.k} or (${resources.sortKey} = ${after.k} and ${resources.id} > ${after.id}))`,
          )
        }
        // Filter first, then order: a materialised set of (sort_key, id) keeps the planner from walking the listing
        // index row by row until a page is full, which is slow for rare filter combinations; the top-N sort of the
        // matching keys is cheap, and only the page's rows are read in full.
        const result = await tx.execute(sql`
          with matching as materialized (
            select ${resources.sortKey} as sort_key, ${resources.id} as id from ${resources} where ${and(...conditions)}
          ), page as (
            select sort_key, id from matching order by sort_key collate "C", id limit ${query.limit + 1}
          )
          select r.data from page join ${resources} r on r.tenant_id = ${tenantId} and r.id = page.id
          order by page.sort_key collate "C", page.id`)
        const rows = (result as unknown as { rows: ReadonlyArray<{ data: unknown }> }).rows
        const items = rows.slice(0, query.limit).map(fromRow)
        const last = items[items.length - 1]
        return {
          ok: {
            items,
            nextCursor:
              rows.length > query.limit && last !== undefined
                ? encodeResourceCursor({ v: 1, o: "name", k: listingKey(last), id: last.id })
                : null,
          },
        }
      })

    const search = (queryInput: ResourceQueryInput) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const query = yield* decode(ResourceQuery, "query")(queryInput)
        if (query.near === undefined && query.openAt === undefined && query.hasVacancy === undefined) {
          const cursor = query.cursor === undefined ? undefined : decodeResourceCursor(query.cursor)
          if (cursor === undefined || (Result.isSuccess(cursor) && cursor.success.o === "name")) {
            const after = cursor?.success as { k: string; id: string } | undefined
            return yield* searchInSql(actor.tenantId, query, after)
          }
          // a malformed cursor, or one of another order: the reference reports it exactly
          const refused = searchResources([], queryInput)
          if (Result.isFailure(refused)) return yield* Effect.fail(refused.failure)
        }
        const candidates = yield* inTenant<ReadonlyArray<Resource>>(
          "ResourceStore.search",
          actor.tenantId,
          async (tx) => {
            const rows = await tx
              .select({ data: resources.data })
              .from(resources)
              .where(and(...candidateConditions(actor.tenantId, query)))
            return { ok: rows.map(fromRow) }
          },
        )
        const page = searchResources(candidates, queryInput)
        return Result.isSuccess(page) ? page.success : yield* Effect.fail(page.failure)
      })

    const staleReport = (input: StaleReportOptionsInput = {}) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const options = yield* decode(StaleReportOptions, "options")(input)
        const today = options.now ?? new Date(yield* Clock.currentTimeMillis)
        const active = yield* inTenant<{
          readonly resources: ReadonlyArray<Resource>
          readonly pending: ReadonlyMap<string, number>
        }>("ResourceStore.staleReport", actor.tenantId, async (tx) => {
          const rows = await tx
            .select({ data: resources.data })
            .from(resources)
            .where(and(eq(resources.tenantId, actor.tenantId), ne(resources.status, "closed")))
          const pending = await tx
            .select({ resourceId: resourceChangeRequests.resourceId, count: sql<number>`count(*)::int` })
            .from(resourceChangeRequests)
            .where(
              and(eq(resourceChangeRequests.tenantId, actor.tenantId), eq(resourceChangeRequests.status, "pending")),
            )
            .groupBy(resourceChangeRequests.resourceId)
          return {
            ok: {
              resources: rows.map(fromRow),
              pending: new Map(pending.map((row) => [row.resourceId, Number(row.count)])),
            },
          }
        })
        return {
          asOf: toIsoDate(today),
          periodMonths: options.periodMonths,
          dueSoonDays: options.dueSoonDays,
          items: staleEntries(active.resources, {
            now: today,
            periodMonths: options.periodMonths,
            dueSoonDays: options.dueSoonDays,
            pending: active.pending,
          }),
        }
      })

    const lockRequest = async (tx: Tx, tenantId: string, id: string) => {
      const [row] = await tx
        .select()
        .from(resourceChangeRequests)
        .where(and(eq(resourceChangeRequests.tenantId, tenantId), eq(resourceChangeRequests.id, id)))
        .for("update")
      return row === undefined ? undefined : toRequest(row)
    }

    const saveDecision = (tx: Tx, request: ResourceChangeRequest) =>
      tx
        .update(resourceChangeRequests)
        .set(decisionColumns(request))
        .where(
          and(
            eq(resourceChangeRequests.tenantId, request.tenantId),
            eq(resourceChangeRequests.id, request.id),
            eq(resourceChangeRequests.status, "pending"),
          ),
        )

    const requestNotFound = (id: string) => new NotFound({ entity: "resource_change_request", id })

    const propose = (id: ResourceId, patchInput: ProposedPatchInput, optionsInput: ProposeOptionsInput) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("resources:propose")
        const patch = yield* decode(ProposedPatch, "resource")(patchInput)
        const options = yield* decode(ProposeOptions, "options")(optionsInput)
        const requestId = ResourceChangeRequestId.parse(yield* ids.next)
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<ResourceChangeRequest, NotFound | Forbidden | Conflict | ValidationError>(
          "ResourceStore.propose",
          actor.tenantId,
          async (tx) => {
            const current = await lockOwn(tx, actor.tenantId, id)
            if (current === undefined) return { error: new NotFound({ entity: "resource", id }) }
            const refused = outOfScope(actor, "resources:propose", id)
            if (refused !== undefined) return { error: refused }
            if (current.version !== options.expectedVersion) {
              return { error: new Conflict({ entity: "resource", id, reason: "version_mismatch" }) }
            }
            const prepared = prepareProposal(current, patch, {
              id: requestId,
              at: at.toISOString(),
              by: actor.subject,
              attest: options.attest,
              reason: options.reason,
            })
            if (Result.isFailure(prepared)) return { error: prepared.failure }
            const request = prepared.success
            await tx.insert(resourceChangeRequests).values({
              tenantId: request.tenantId,
              id: request.id,
              resourceId: request.resourceId,
              baseVersion: request.baseVersion,
              changes: request.changes,
              attest: request.attest,
              reason: request.reason ?? null,
              proposedAt: request.proposedAt,
              proposedBy: request.proposedBy,
              ...decisionColumns(request),
            })
            await appendAuditEntry(tx, {
              actor,
              event: changeRequestAuditEvent("resource_change_request.create", request),
              id: auditId,
              at,
            })
            return { ok: request }
          },
        )
      })

    const changeRequest = (id: ResourceChangeRequestId) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        return yield* inTenant<ResourceChangeRequest, NotFound>(
          "ResourceStore.changeRequest",
          actor.tenantId,
          async (tx) => {
            const [row] = await tx
              .select()
              .from(resourceChangeRequests)
              .where(and(eq(resourceChangeRequests.tenantId, actor.tenantId), eq(resourceChangeRequests.id, id)))
            return row === undefined || !actsFor(actor, row.resourceId)
              ? { error: requestNotFound(id) }
              : { ok: toRequest(row) }
          },
        )
      })

    const changeRequests = (queryInput: ChangeRequestQueryInput = {}) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const query = yield* decode(ChangeRequestQuery, "query")(queryInput)
        const cursor = query.cursor === undefined ? undefined : decodeChangeRequestCursor(query.cursor)
        if (cursor !== undefined && Result.isFailure(cursor)) return yield* Effect.fail(cursor.failure)
        const after = cursor?.success
        return yield* inTenant<ChangeRequestPage>("ResourceStore.changeRequests", actor.tenantId, async (tx) => {
          const t = resourceChangeRequests
          const rows = await tx
            .select()
            .from(t)
            .where(
              and(
                eq(t.tenantId, actor.tenantId),
                query.status === undefined ? undefined : inArray(t.status, [...query.status]),
                query.resourceId === undefined ? undefined : eq(t.resourceId, query.resourceId),
                actor.role === "provider" ? inArray(t.resourceId, [...(actor.resources ?? [])]) : undefined,
                after === undefined
                  ? undefined
                  : sql`(${t.proposedAt}, ${t.id}) > (${new Date(after.at).toISOString()}::timestamptz, ${after.id}::uuid)`,
              ),
            )
            .orderBy(asc(t.proposedAt), asc(t.id))
            .limit(query.limit + 1)
          const items = rows.slice(0, query.limit).map(toRequest)
          const last = items[items.length - 1]
          return {
            ok: {
              items,
              nextCursor:
                rows.length > query.limit && last !== undefined
                  ? encodeChangeRequestCursor({ at: Date.parse(last.proposedAt), id: last.id })
                  : null,
            },
          }
        })
      })

    const acceptChangeRequest = (id: ResourceChangeRequestId, optionsInput: z.input<typeof AcceptOptions> = {}) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("resources:review")
        const options = yield* decode(AcceptOptions, "options")(optionsInput)
        const updateAuditId = yield* ids.next
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<
          { readonly request: ResourceChangeRequest; readonly resource: Resource },
          NotFound | Conflict | ValidationError
        >("ResourceStore.acceptChangeRequest", actor.tenantId, async (tx) => {
          const request = await lockRequest(tx, actor.tenantId, id)
          if (request === undefined) return { error: requestNotFound(id) }
          const current = await lockOwn(tx, actor.tenantId, request.resourceId)
          if (current === undefined) return { error: new NotFound({ entity: "resource", id: request.resourceId }) }
          const prepared = prepareAcceptance(current, request, {
            at: at.toISOString(),
            by: actor.subject,
            comment: options.comment,
          })
          if (Result.isFailure(prepared)) return { error: prepared.failure }
          const { write } = prepared.success
          if (write !== undefined) await writeUpdate(tx, actor, write, "resource.update", updateAuditId, at)
          await saveDecision(tx, prepared.success.request)
          await appendAuditEntry(tx, {
            actor,
            event: changeRequestAuditEvent("resource_change_request.accept", prepared.success.request),
            id: auditId,
            at,
          })
          return { ok: { request: prepared.success.request, resource: write?.resource ?? current } }
        })
      })

    const decide = (
      id: ResourceChangeRequestId,
      status: "rejected" | "withdrawn",
      actor: Actor["Service"],
      comment: string | undefined,
    ) =>
      Effect.gen(function* () {
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<ResourceChangeRequest, NotFound | Conflict>(
          status === "rejected" ? "ResourceStore.rejectChangeRequest" : "ResourceStore.withdrawChangeRequest",
          actor.tenantId,
          async (tx) => {
            const request = await lockRequest(tx, actor.tenantId, id)
            if (request === undefined || !actsFor(actor, request.resourceId)) return { error: requestNotFound(id) }
            const decided = decideRequest(request, status, { at: at.toISOString(), by: actor.subject, comment })
            if (Result.isFailure(decided)) return { error: decided.failure }
            await saveDecision(tx, decided.success)
            await appendAuditEntry(tx, {
              actor,
              event: changeRequestAuditEvent(
                status === "rejected" ? "resource_change_request.reject" : "resource_change_request.withdraw",
                decided.success,
              ),
              id: auditId,
              at,
            })
            return { ok: decided.success }
          },
        )
      })

    const rejectChangeRequest = (id: ResourceChangeRequestId, optionsInput: z.input<typeof RejectOptions>) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("resources:review")
        const options = yield* decode(RejectOptions, "options")(optionsInput)
        return yield* decide(id, "rejected", actor, options.comment)
      })

    const withdrawChangeRequest = (id: ResourceChangeRequestId) =>
      Effect.flatMap(requirePermission("resources:propose"), (actor) => decide(id, "withdrawn", actor, undefined))

    return ResourceStore.of({
      create,
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

class DomainAbort extends Error {
  constructor(readonly error: unknown) {
    super("domain error inside a transaction")
  }
}
