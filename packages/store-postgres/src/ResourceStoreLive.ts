/**
 * `ResourceStore` on PostgreSQL. Each write is one transaction that checks the version under a row lock, writes the
 * entry, its field-level changes and its audit entry together. Search filters, orders, pages and limits in SQL and
 * reads one page: every filter is exact in SQL (the stored search keys are core's `searchKeys`; opening hours and
 * vacancy are columns PostgreSQL generates from the entry), and with `near` the distance is computed in SQL with a
 * tolerance and decided by core's `distanceKm` on the few rows read (see `searchNear`), so every adapter answers
 * exactly as the in-memory reference (`searchResources`) does.
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
  type CreateManyInput,
  type CreateManyOutcome,
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
  listingKey,
  maxCreateMany,
  type NearQuery,
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
  tooManyInputs,
  type ValidationError,
  WriteResourceOptions,
} from "@zaitaku/core"
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm"
import { Cause, Clock, Effect, Layer, Option, Result } from "effect"
import type * as z from "zod"
import { distanceSql, distanceToleranceKm, filterConditions, nearConditions } from "./internal/ResourceSearch.js"
import type { Tx } from "./internal/Session.js"
import { idempotencyKeys, resourceChangeRequests, resourceChanges, resources } from "./Schema.js"
import { appendAuditEntries, appendAuditEntry, PgSession } from "./Stores.js"

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

    /**
     * Many creates in one transaction: the inputs are decoded first (refusals reported by index), then one query
     * finds the idempotency keys and one the source records already taken, the new rows, keys and audit entries are
     * written in multi-row statements, and the audit chain moves once. The outcome of every input is what `create`
     * would have answered, in input order.
     */
    const createMany = (inputs: ReadonlyArray<CreateManyInput>) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("resources:write")
        if (inputs.length > maxCreateMany) return yield* Effect.fail(tooManyInputs(inputs.length))
        const at = yield* now
        interface Candidate {
          readonly index: number
          readonly resource: Resource
          readonly fingerprint: string
          readonly idempotencyKey: string | undefined
          readonly auditId: string
        }
        const outcomes: Array<CreateManyOutcome | undefined> = inputs.map(() => undefined)
        const candidates: Array<Candidate> = []
        for (const [index, { input, idempotencyKey }] of inputs.entries()) {
          const decoded = yield* Effect.exit(
            decodeCreate(input, idempotencyKey === undefined ? {} : { idempotencyKey }),
          )
          if (decoded._tag === "Failure") {
            const error = Cause.findErrorOption(decoded.cause)
            if (Option.isNone(error)) return yield* Effect.failCause(decoded.cause)
            outcomes[index] = { _tag: "Refused", error: error.value }
            continue
          }
          const parsed = decoded.value.resource
          candidates.push({
            index,
            resource: {
              ...parsed,
              id: ResourceId.parse(yield* ids.next),
              createdAt: at.toISOString(),
              updatedAt: at.toISOString(),
              version: 1,
            },
            fingerprint: yield* idempotencyFingerprint(parsed),
            idempotencyKey: decoded.value.idempotencyKey,
            auditId: yield* ids.next,
          })
        }
        // a concurrent writer taking a key or source record first fails the whole batch (a StoreError, nothing
        // written): the import retries it and then finds them taken
        const decided = yield* inTenant<ReadonlyArray<readonly [number, CreateManyOutcome]>>(
          "ResourceStore.createMany",
          actor.tenantId,
          async (tx) => {
            const keys = candidates.flatMap((c) => (c.idempotencyKey === undefined ? [] : [c.idempotencyKey]))
            const previousKeys = new Map(
              keys.length === 0
                ? []
                : (
                    await tx
                      .select()
                      .from(idempotencyKeys)
                      .where(
                        and(
                          eq(idempotencyKeys.tenantId, actor.tenantId),
                          eq(idempotencyKeys.operation, "resource.create"),
                          inArray(idempotencyKeys.key, keys),
                        ),
                      )
                  ).map((row) => [row.key, row] as const),
            )
            const sourceKeys = candidates.flatMap((c) =>
              c.resource.provenance.sourceRecordId === undefined ? [] : [c.resource.provenance.sourceRecordId],
            )
            const taken = new Map<string, string>(
              sourceKeys.length === 0
                ? []
                : (
                    await tx
                      .select({ id: resources.id, source: resources.source, key: resources.sourceRecordId })
                      .from(resources)
                      .where(and(eq(resources.tenantId, actor.tenantId), inArray(resources.sourceRecordId, sourceKeys)))
                  ).map((row) => [`${row.source}\u0000${row.key}`, row.id] as const),
            )
            const out: Array<readonly [number, CreateManyOutcome]> = []
            const fresh: Array<Candidate> = []
            const replays: Array<readonly [number, string]> = []
            const batchKeys = new Map<string, Candidate>()
            for (const candidate of candidates) {
              const key = candidate.idempotencyKey
              if (key !== undefined) {
                const previous = previousKeys.get(key)
                const earlier = batchKeys.get(key)
                if (previous !== undefined || earlier !== undefined) {
                  const fingerprint = previous?.requestHash ?? earlier!.fingerprint
                  if (fingerprint !== candidate.fingerprint) {
                    out.push([
                      candidate.index,
                      {
                        _tag: "Refused",
                        error: new Conflict({ entity: "idempotency_key", id: key, reason: "already_exists" }),
                      },
                    ])
                  } else if (previous !== undefined) replays.push([candidate.index, previous.resultId])
                  else out.push([candidate.index, { _tag: "Created", resource: earlier!.resource }])
                  continue
                }
              }
              const source = candidate.resource.provenance.sourceRecordId
              const slot = source === undefined ? undefined : `${candidate.resource.provenance.source}\u0000${source}`
              const holder = slot === undefined ? undefined : taken.get(slot)
              if (holder !== undefined) {
                out.push([
                  candidate.index,
                  {
                    _tag: "Refused",
                    error: new Conflict({ entity: "resource", id: holder, reason: "already_exists" }),
                  },
                ])
                continue
              }
              if (slot !== undefined) taken.set(slot, candidate.resource.id)
              if (key !== undefined) batchKeys.set(key, candidate)
              fresh.push(candidate)
              out.push([candidate.index, { _tag: "Created", resource: candidate.resource }])
            }
            if (replays.length > 0) {
              const rows = await tx
                .select({ id: resources.id, data: resources.data })
                .from(resources)
                .where(
                  and(
                    eq(resources.tenantId, actor.tenantId),
                    inArray(
                      resources.id,
                      replays.map(([, id]) => id),
                    ),
                  ),
                )
              const byId = new Map(rows.map((row) => [row.id, fromRow(row)] as const))
              for (const [index, id] of replays) out.push([index, { _tag: "Created", resource: byId.get(id)! }])
            }
            for (let start = 0; start < fresh.length; start += 250) {
              await tx.insert(resources).values(fresh.slice(start, start + 250).map((c) => columnsOf(c.resource)))
            }
            const keyRows = fresh.flatMap((c) =>
              c.idempotencyKey === undefined
                ? []
                : [
                    {
                      tenantId: actor.tenantId,
                      operation: "resource.create",
                      key: c.idempotencyKey,
                      requestHash: c.fingerprint,
                      resultId: c.resource.id,
                      createdAt: c.resource.createdAt,
                    },
                  ],
            )
            for (let start = 0; start < keyRows.length; start += 500) {
              await tx.insert(idempotencyKeys).values(keyRows.slice(start, start + 500))
            }
            await appendAuditEntries(tx, {
              actor,
              events: fresh.map((c) => ({ event: resourceAuditEvent("resource.create", c.resource), id: c.auditId })),
              at,
            })
            return { ok: out }
          },
        )
        for (const [index, outcome] of decided) outcomes[index] = outcome
        return outcomes as ReadonlyArray<CreateManyOutcome>
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
     * The listing order in SQL: every filter is exact in SQL ({@link filterConditions}), so the order (`sort_key` in
     * the "C" collation, i.e. code-point order, then id), the cursor and the limit run in PostgreSQL and only one page
     * is read.
     */
    const searchListing = (tenantId: string, query: ResourceQuery, after: { k: string; id: string } | undefined) =>
      inTenant<ResourcePage>("ResourceStore.search", tenantId, async (tx) => {
        const conditions = filterConditions(tenantId, query)
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

    /**
     * The distance order in SQL, with core deciding the last bit. PostgreSQL computes each entry's distance `d'`
     * ({@link distanceSql}), which may differ from core's `d` by up to ε = {@link distanceToleranceKm}, so SQL alone
     * could put an entry at exactly the radius on the wrong side, or order two entries a few units in the last place
     * apart differently from core. Instead:
     *
     * 1. Candidates C: the exact filters, the box, `d' ≤ radius + ε` and, after a cursor `(d₀, id₀)`, `d' ≥ d₀ − ε`.
     *    Every entry the reference would list after the cursor is in C (its `d` ≤ radius and `d` ≥ d₀).
     * 2. A threshold t: the (limit + 1)-th smallest `d'` among the candidates surely after the cursor (`d' > d₀ + ε`,
     *    hence `d > d₀`), or +∞ when there are not that many.
     * 3. Read the candidates with `d' ≤ t + 2ε`, and let core's `searchResources` filter, order (`d`, then id),
     *    apply the cursor and cut the page.
     *
     * Step 3 reads the first limit + 1 entries of the reference's answer: any entry it leaves out has `d' > t + 2ε`,
     * so `d > t + ε`, while the limit + 1 candidates that set t all match (within the radius, since their `d ≤ t + ε`
     * is below that entry's; after the cursor, since `d' > d₀ + ε`) and come before it. So the page and whether there
     * is a next one are the reference's, to the last bit. What is read is one page plus the entries within 2ε of its
     * end and within ε of the cursor: in practice entries at the same point (one building), which the reference also
     * orders by id.
     */
    const searchNear = (
      tenantId: string,
      query: ResourceQuery & { readonly near: NearQuery },
      queryInput: ResourceQueryInput,
      after: { readonly d: number } | undefined,
    ) =>
      Effect.flatMap(
        inTenant<ReadonlyArray<Resource>>("ResourceStore.search", tenantId, async (tx) => {
          const reach = query.near.radiusKm + distanceToleranceKm
          const conditions = [...filterConditions(tenantId, query), ...nearConditions(query.near, reach)]
          const result = await tx.execute(sql`
            with candidates as materialized (
              select id, d from (
                select ${resources.id} as id, ${distanceSql(query.near)} as d from ${resources}
                where ${and(...conditions)}
              ) located
              where d <= ${reach}::float8
                ${after === undefined ? sql`` : sql`and d >= ${after.d - distanceToleranceKm}::float8`}
            ), threshold as (
              select d from candidates
              ${after === undefined ? sql`` : sql`where d > ${after.d + distanceToleranceKm}::float8`}
              order by d offset ${query.limit} limit 1
            )
            select r.data from candidates c join ${resources} r on r.tenant_id = ${tenantId} and r.id = c.id
            where c.d <= coalesce((select d from threshold), 'Infinity'::float8) + ${2 * distanceToleranceKm}::float8`)
          const rows = (result as unknown as { rows: ReadonlyArray<{ data: unknown }> }).rows
          return { ok: rows.map(fromRow) }
        }),
        (candidates) => {
          const page = searchResources(candidates, queryInput)
          return Result.isSuccess(page) ? Effect.succeed(page.success) : Effect.fail(page.failure)
        },
      )

    const search = (queryInput: ResourceQueryInput) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const query = yield* decode(ResourceQuery, "query")(queryInput)
        const cursor = query.cursor === undefined ? undefined : decodeResourceCursor(query.cursor)
        const order = query.near === undefined ? "name" : "distance"
        if (cursor !== undefined && (Result.isFailure(cursor) || cursor.success.o !== order)) {
          // a malformed cursor, or one of another order: the reference reports it exactly
          const refused = searchResources([], queryInput)
          if (Result.isFailure(refused)) return yield* Effect.fail(refused.failure)
        }
        const after = cursor !== undefined && Result.isSuccess(cursor) ? cursor.success : undefined
        if (query.near === undefined) {
          return yield* searchListing(actor.tenantId, query, after?.o === "name" ? after : undefined)
        }
        return yield* searchNear(
          actor.tenantId,
          { ...query, near: query.near },
          queryInput,
          after?.o === "distance" ? after : undefined,
        )
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

class DomainAbort extends Error {
  constructor(readonly error: unknown) {
    super("domain error inside a transaction")
  }
}
