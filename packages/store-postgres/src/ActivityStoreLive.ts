/**
 * `ActivityStore` on PostgreSQL. Records live in `activity_records` (the record as JSON, the filter columns of core's
 * `activityFilterColumns` beside it); each write is one transaction that locks the row, checks the version and
 * writes the record with its audit entry. Registrations are decided by core's rules on the event's whole book
 * inside one transaction that first locks the event's row (`SELECT … FOR UPDATE`): concurrent applicants for the
 * same event queue on that lock, each sees the registrations committed before it, and so the confirmed count never
 * exceeds the capacity. A unique order of arrival per event and one live registration per applicant are also
 * enforced by the table's constraints.
 *
 * @since 0.1.0
 */
import {
  type ActivityEvent,
  ActivityEventId,
  type ActivityKind,
  type ActivityPage,
  ActivityQuery,
  type ActivityQueryInput,
  type ActivityRecordOf,
  type ActivityRecords,
  ActivityStore,
  Actor,
  type AuditEvent,
  activityAuditEvent,
  activityEntity,
  activityFilterColumns,
  activityFingerprint,
  activityListAuditEvent,
  activityPermissions,
  activityRecordsAuditEvent,
  applyRegistrationChanges,
  Conflict,
  CreateActivityOptions,
  type CreateActivityOptionsInput,
  cancelRegistration,
  capacityChange,
  confirmRegistration,
  DateRange,
  decode,
  decodeActivity,
  decodeActivityCursor,
  type EventFeedback,
  EventFeedbackId,
  type EventRegistration,
  EventRegistrationId,
  encodeActivityCursor,
  feedbackAuditEvent,
  IdGenerator,
  markAttendance,
  type NewActivityOf,
  NewFeedback,
  NewRegistration,
  type NewRegistrationInput,
  NotFound,
  pageRegistrations,
  prepareFeedback,
  publicRegistrationResult,
  type RegistrationBook,
  type RegistrationDecision,
  type RegistrationPage,
  RegistrationQuery,
  type RegistrationRejected,
  type RegistrationResult,
  register,
  registrationAuditEvent,
  registrationDecisionAudit,
  requirePermission,
  type StoredActivity,
  sameActivity,
  summariseFeedback,
  summariseRegistrations,
  undatedActivity,
  type ValidationError,
  WriteActivityOptions,
  type WriteActivityOptionsInput,
  withoutVersion,
} from "@zaitaku/core"
import { and, asc, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm"
import { Clock, Effect, Layer, Result } from "effect"
import type { Tx } from "./internal/Session.js"
import { tenantTransaction } from "./internal/TenantTransaction.js"
import { activityRecords, eventFeedback, eventRegistrations, idempotencyKeys } from "./Schema.js"
import { appendAuditEntries, appendAuditEntry, PgSession } from "./Stores.js"

const isUniqueViolation = (error: unknown, constraint: string): boolean => {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { code?: unknown; constraint?: unknown }
    if (candidate.code === "23505" && candidate.constraint === constraint) return true
  }
  return false
}

const columnsOf = <K extends ActivityKind>(kind: K, stored: StoredActivity<K>) => {
  const record = withoutVersion(stored)
  const c = activityFilterColumns(kind, record)
  return {
    tenantId: stored.tenantId,
    kind,
    id: stored.id,
    version: stored.version,
    subkind: c.subkind,
    status: c.status,
    area: c.area,
    recordDate: c.date,
    resolvedOn: c.resolvedOn,
    scenes: [...c.scenes],
    topics: [...c.topics],
    requesterCategory: c.requesterCategory,
    links: [...c.links],
    data: record,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  }
}

/** Records are validated when written; reading them back trusts the stored JSON. */
const fromRow = <K extends ActivityKind>(row: {
  readonly data: unknown
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}): StoredActivity<K> =>
  ({
    ...(row.data as object),
    version: row.version,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }) as StoredActivity<K>

const recordColumns = {
  data: activityRecords.data,
  version: activityRecords.version,
  createdAt: activityRecords.createdAt,
  updatedAt: activityRecords.updatedAt,
}

const registrationOf = (row: { readonly data: unknown }): EventRegistration => row.data as EventRegistration

/**
 * `ActivityStore` on PostgreSQL (PGlite or a server), over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const ActivityStoreLive: Layer.Layer<ActivityStore, never, PgSession | IdGenerator> = Layer.effect(
  ActivityStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))
    // Audit ids for a number of entries known only inside the transaction (promotions from the wait-list).
    const nextIdSync = () => Effect.runSync(ids.next)

    const inTenant = tenantTransaction(session)

    const notFound = (kind: ActivityKind, id: string) => new NotFound({ entity: activityEntity[kind], id })
    const isUuid = (id: string) => ActivityEventId.safeParse(id).success

    const selectOwn = async <K extends ActivityKind>(tx: Tx, tenantId: string, kind: K, id: string, lock = false) => {
      const query = tx
        .select(recordColumns)
        .from(activityRecords)
        .where(and(eq(activityRecords.tenantId, tenantId), eq(activityRecords.id, id), eq(activityRecords.kind, kind)))
      const [row] = lock ? await query.for("update") : await query
      return row === undefined ? undefined : fromRow<K>(row)
    }

    const create = <K extends ActivityKind>(
      kind: K,
      input: NewActivityOf[K],
      optionsInput: CreateActivityOptionsInput = {},
    ) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission(activityPermissions[kind].write)
        const options = yield* decode(CreateActivityOptions, "options")(optionsInput)
        const id = yield* ids.next
        const record = yield* decodeActivity(kind, input, { id, tenantId: actor.tenantId })
        const fingerprint = yield* activityFingerprint(kind, input)
        const auditId = yield* ids.next
        const at = yield* now
        const stamp = at.toISOString()
        const stored = { ...record, version: 1, createdAt: stamp, updatedAt: stamp } as StoredActivity<K>
        const key = options.idempotencyKey
        const operation = `${activityEntity[kind]}.create`
        const attempt = inTenant<StoredActivity<K>, Conflict>("ActivityStore.create", actor.tenantId, async (tx) => {
          if (key !== undefined) {
            const [previous] = await tx
              .select()
              .from(idempotencyKeys)
              .where(
                and(
                  eq(idempotencyKeys.tenantId, actor.tenantId),
                  eq(idempotencyKeys.operation, operation),
                  eq(idempotencyKeys.key, key),
                ),
              )
            if (previous !== undefined) {
              if (previous.requestHash !== fingerprint) {
                return { error: new Conflict({ entity: "idempotency_key", id: key, reason: "already_exists" }) }
              }
              const found = await selectOwn(tx, actor.tenantId, kind, previous.resultId)
              return found === undefined
                ? { error: new Conflict({ entity: "idempotency_key", id: key, reason: "already_exists" }) }
                : { ok: found }
            }
          }
          await tx.insert(activityRecords).values(columnsOf(kind, stored))
          if (key !== undefined) {
            await tx.insert(idempotencyKeys).values({
              tenantId: actor.tenantId,
              operation,
              key,
              requestHash: fingerprint,
              resultId: stored.id,
              createdAt: stamp,
            })
          }
          await appendAuditEntry(tx, { actor, event: activityAuditEvent(kind, "create", stored), id: auditId, at })
          return { ok: stored }
        })
        return yield* attempt.pipe(
          Effect.catchTag("StoreError", (error) =>
            isUniqueViolation(error.cause, "idempotency_keys_tenant_id_operation_key_pk")
              ? attempt
              : Effect.fail(error),
          ),
        )
      })

    const get = <K extends ActivityKind>(kind: K, id: string) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission(activityPermissions[kind].read)
        if (!isUuid(id)) return yield* Effect.fail(notFound(kind, id))
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<StoredActivity<K>, NotFound>("ActivityStore.get", actor.tenantId, async (tx) => {
          const found = await selectOwn(tx, actor.tenantId, kind, id)
          if (found === undefined) return { error: notFound(kind, id) }
          if (kind === "consultation") {
            await appendAuditEntry(tx, { actor, event: activityAuditEvent(kind, "read", found), id: auditId, at })
          }
          return { ok: found }
        })
      })

    const list = <K extends ActivityKind>(kind: K, input: ActivityQueryInput = {}) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission(activityPermissions[kind].read)
        const query = yield* decode(ActivityQuery, "query")(input)
        const cursor = query.cursor === undefined ? undefined : decodeActivityCursor(query.cursor, kind, query.order)
        if (cursor !== undefined && Result.isFailure(cursor)) return yield* Effect.fail(cursor.failure)
        const after = cursor?.success
        const byDate = query.order === "date"
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<ActivityPage<K>>("ActivityStore.list", actor.tenantId, async (tx) => {
          const t = activityRecords
          const conditions: Array<SQL | undefined> = [eq(t.tenantId, actor.tenantId), eq(t.kind, kind)]
          if (query.period !== undefined) {
            conditions.push(
              sql`${t.recordDate} >= ${query.period.start}::date`,
              sql`${t.recordDate} <= ${query.period.end}::date`,
            )
          }
          if (query.area !== undefined) conditions.push(eq(t.area, query.area))
          if (query.subkind !== undefined) conditions.push(inArray(t.subkind, [...query.subkind]))
          if (query.status !== undefined) conditions.push(inArray(t.status, [...query.status]))
          if (query.scene !== undefined) conditions.push(sql`${t.scenes} @> ${sql.param([query.scene])}::text[]`)
          if (query.topic !== undefined) conditions.push(sql`${t.topics} @> ${sql.param([query.topic])}::text[]`)
          if (query.requesterCategory !== undefined) conditions.push(eq(t.requesterCategory, query.requesterCategory))
          if (query.linkedTo !== undefined) conditions.push(sql`${t.links} @> ${sql.param([query.linkedTo])}::uuid[]`)
          // the date order: records without a date sort as `undatedActivity`, after every real date
          const dateKey = sql`coalesce(${t.recordDate}, ${undatedActivity}::date)`
          if (after !== undefined) {
            const createdAt = new Date(after.at).toISOString()
            conditions.push(
              byDate
                ? sql`(${dateKey}, ${t.createdAt}, ${t.id}) < (${after.d ?? undatedActivity}::date, ${createdAt}::timestamptz, ${after.id}::uuid)`
                : sql`(${t.createdAt}, ${t.id}) < (${createdAt}::timestamptz, ${after.id}::uuid)`,
            )
          }
          const rows = await tx
            .select(recordColumns)
            .from(t)
            .where(and(...conditions))
            .orderBy(...(byDate ? [desc(dateKey), desc(t.createdAt), desc(t.id)] : [desc(t.createdAt), desc(t.id)]))
            .limit(query.limit + 1)
          const items = rows.slice(0, query.limit).map((row) => fromRow<K>(row))
          if (kind === "consultation" && items.length > 0) {
            await appendAuditEntry(tx, {
              actor,
              event: activityListAuditEvent(
                kind,
                items.map((r) => r.id),
              ),
              id: auditId,
              at,
            })
          }
          const last = items[items.length - 1]
          return {
            ok: {
              items,
              nextCursor:
                rows.length > query.limit && last !== undefined
                  ? encodeActivityCursor({
                      k: kind,
                      at: Date.parse(last.createdAt),
                      id: last.id,
                      ...(byDate ? { d: activityFilterColumns(kind, last).date ?? undatedActivity } : {}),
                    })
                  : null,
            },
          }
        })
      })

    const readBook = async (tx: Tx, tenantId: string, eventId: string, lock: boolean) => {
      const event = await selectOwn(tx, tenantId, "event", eventId, lock)
      if (event === undefined) return undefined
      const rows = await tx
        .select({ data: eventRegistrations.data })
        .from(eventRegistrations)
        .where(and(eq(eventRegistrations.tenantId, tenantId), eq(eventRegistrations.eventId, eventId)))
        .orderBy(asc(eventRegistrations.sequence))
      return { event, registrations: rows.map(registrationOf) }
    }

    /** Writes registrations (new ones inserted, known ones updated) in order. */
    const writeRegistrations = async (
      tx: Tx,
      known: ReadonlyArray<EventRegistration>,
      changes: ReadonlyArray<EventRegistration>,
      at: string,
    ) => {
      const existing = new Set(known.map((r) => r.id))
      for (const change of changes) {
        if (existing.has(change.id)) {
          await tx
            .update(eventRegistrations)
            .set({ status: change.status, data: change, updatedAt: at })
            .where(and(eq(eventRegistrations.tenantId, change.tenantId), eq(eventRegistrations.id, change.id)))
        } else {
          await tx.insert(eventRegistrations).values({
            tenantId: change.tenantId,
            eventId: change.eventId,
            id: change.id,
            sequence: change.sequence,
            applicantKey: change.applicantKey,
            status: change.status,
            data: change,
            createdAt: at,
            updatedAt: at,
          })
        }
      }
    }

    const update = <K extends ActivityKind>(
      kind: K,
      id: string,
      input: NewActivityOf[K],
      optionsInput: WriteActivityOptionsInput,
    ) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission(activityPermissions[kind].write)
        const options = yield* decode(WriteActivityOptions, "options")(optionsInput)
        if (!isUuid(id)) return yield* Effect.fail(notFound(kind, id))
        const record = yield* decodeActivity(kind, input, { id, tenantId: actor.tenantId })
        const at = yield* now
        const stamp = at.toISOString()
        return yield* inTenant<StoredActivity<K>, NotFound | Conflict | RegistrationRejected>(
          "ActivityStore.update",
          actor.tenantId,
          async (tx) => {
            const current = await selectOwn(tx, actor.tenantId, kind, id, true)
            if (current === undefined) return { error: notFound(kind, id) }
            if (current.version !== options.expectedVersion) {
              return { error: new Conflict({ entity: activityEntity[kind], id, reason: "version_mismatch" }) }
            }
            if (sameActivity(withoutVersion(current), record)) return { ok: current }
            let promoted: ReadonlyArray<EventRegistration> = []
            let known: ReadonlyArray<EventRegistration> = []
            if (kind === "event") {
              const book = await readBook(tx, actor.tenantId, id, false)
              known = book?.registrations ?? []
              const decided = capacityChange(
                { event: current as unknown as ActivityEvent, registrations: known },
                record as ActivityEvent,
                stamp,
              )
              if (Result.isFailure(decided)) return { error: decided.failure }
              promoted = decided.success.promoted
            }
            const stored = {
              ...record,
              version: current.version + 1,
              createdAt: current.createdAt,
              updatedAt: stamp,
            } as StoredActivity<K>
            const { tenantId: _t, id: _i, kind: _k, createdAt: _c, ...changed } = columnsOf(kind, stored)
            await tx
              .update(activityRecords)
              .set(changed)
              .where(and(eq(activityRecords.tenantId, actor.tenantId), eq(activityRecords.id, id)))
            await writeRegistrations(tx, known, promoted, stamp)
            const events: Array<AuditEvent> = [
              activityAuditEvent(kind, "update", stored),
              ...promoted.map((p) => registrationAuditEvent("promote", p)),
            ]
            await appendAuditEntries(tx, { actor, events: events.map((event) => ({ event, id: nextIdSync() })), at })
            return { ok: stored }
          },
        )
      })

    const remove = (kind: ActivityKind, id: string, optionsInput: WriteActivityOptionsInput) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission(activityPermissions[kind].write)
        const options = yield* decode(WriteActivityOptions, "options")(optionsInput)
        if (!isUuid(id)) return yield* Effect.fail(notFound(kind, id))
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<void, NotFound | Conflict>("ActivityStore.remove", actor.tenantId, async (tx) => {
          const current = await selectOwn(tx, actor.tenantId, kind, id, true)
          if (current === undefined) return { error: notFound(kind, id) }
          if (current.version !== options.expectedVersion) {
            return { error: new Conflict({ entity: activityEntity[kind], id, reason: "version_mismatch" }) }
          }
          if (kind === "event") {
            const [registration] = await tx
              .select({ id: eventRegistrations.id })
              .from(eventRegistrations)
              .where(and(eq(eventRegistrations.tenantId, actor.tenantId), eq(eventRegistrations.eventId, id)))
              .limit(1)
            const [feedback] = await tx
              .select({ id: eventFeedback.id })
              .from(eventFeedback)
              .where(and(eq(eventFeedback.tenantId, actor.tenantId), eq(eventFeedback.eventId, id)))
              .limit(1)
            if (registration !== undefined || feedback !== undefined) {
              return {
                error: new Conflict({ entity: activityEntity[kind], id, reason: "state", state: "has_registrations" }),
              }
            }
          }
          // a record another one links to stays (a meeting its issues name…); the linking rows are found by the
          // same `links @>` condition as the linkedTo filter
          const [linking] = await tx
            .select({ id: activityRecords.id })
            .from(activityRecords)
            .where(
              and(
                eq(activityRecords.tenantId, actor.tenantId),
                sql`${activityRecords.links} @> ${sql.param([id])}::uuid[]`,
              ),
            )
            .limit(1)
          if (linking !== undefined) {
            return { error: new Conflict({ entity: activityEntity[kind], id, reason: "state", state: "linked_from" }) }
          }
          await tx
            .delete(activityRecords)
            .where(and(eq(activityRecords.tenantId, actor.tenantId), eq(activityRecords.id, id)))
          await appendAuditEntry(tx, { actor, event: activityAuditEvent(kind, "delete", current), id: auditId, at })
          return { ok: undefined }
        })
      })

    const activityRecordsFor = (periodInput: { readonly start: string; readonly end: string }) =>
      Effect.gen(function* () {
        const actor = yield* requirePermission("activities:read")
        yield* requirePermission("consultations:read")
        const period = yield* decode(DateRange, "period")(periodInput)
        const auditId = yield* ids.next
        const at = yield* now
        return yield* inTenant<ActivityRecords>("ActivityStore.activityRecords", actor.tenantId, async (tx) => {
          const t = activityRecords
          const rows = await tx
            .select({ kind: t.kind, data: t.data })
            .from(t)
            .where(
              and(
                eq(t.tenantId, actor.tenantId),
                or(
                  sql`${t.recordDate} between ${period.start}::date and ${period.end}::date`,
                  sql`${t.resolvedOn} between ${period.start}::date and ${period.end}::date`,
                ),
              ),
            )
            .orderBy(asc(t.id))
          const of = <K extends ActivityKind>(kind: K) =>
            rows.filter((row) => row.kind === kind).map((row) => row.data as ActivityRecordOf[K])
          const events = of("event")
          const registrations =
            events.length === 0
              ? []
              : (
                  await tx
                    .select({ data: eventRegistrations.data })
                    .from(eventRegistrations)
                    .where(
                      and(
                        eq(eventRegistrations.tenantId, actor.tenantId),
                        inArray(
                          eventRegistrations.eventId,
                          events.map((e) => e.id),
                        ),
                      ),
                    )
                    .orderBy(asc(eventRegistrations.eventId), asc(eventRegistrations.sequence))
                ).map(registrationOf)
          const result: ActivityRecords = {
            consultations: of("consultation"),
            events,
            registrations,
            meetings: of("meeting"),
            issues: of("issue"),
            countermeasures: of("countermeasure"),
          }
          await appendAuditEntry(tx, { actor, event: activityRecordsAuditEvent(period, result), id: auditId, at })
          return { ok: result }
        })
      })

    /**
     * Decides on the event's book under the event's row lock, and writes the changes with their audit entries in
     * the same transaction.
     */
    const decideOnBook = (
      eventId: string,
      verb: "create" | "confirm" | "cancel" | "attendance",
      decide: (book: RegistrationBook, at: string) => Result.Result<RegistrationDecision, RegistrationRejected>,
      visible: (event: ActivityEvent) => boolean = () => true,
    ) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        if (!isUuid(eventId)) return yield* Effect.fail(notFound("event", eventId))
        const at = yield* now
        const stamp = at.toISOString()
        return yield* inTenant<
          { readonly result: RegistrationResult; readonly registrations: ReadonlyArray<EventRegistration> },
          NotFound | RegistrationRejected
        >("ActivityStore.registration", actor.tenantId, async (tx) => {
          // the event's row lock: concurrent applicants for this event wait here, one at a time
          const book = await readBook(tx, actor.tenantId, eventId, true)
          if (book === undefined || !visible(book.event)) return { error: notFound("event", eventId) }
          const decided = decide(book, stamp)
          if (Result.isFailure(decided)) return { error: decided.failure }
          const decision = decided.success
          if (decision.changes.length > 0) {
            await writeRegistrations(tx, book.registrations, decision.changes, stamp)
            await appendAuditEntries(tx, {
              actor,
              events: registrationDecisionAudit(verb, decision).map((event) => ({ event, id: nextIdSync() })),
              at,
            })
          }
          return {
            ok: {
              result: { outcome: decision.outcome, registration: decision.registration, promoted: decision.promoted },
              registrations: applyRegistrationChanges(book.registrations, decision.changes),
            },
          }
        })
      })

    const applyFor = (eventId: string, input: NewRegistrationInput, visible?: (event: ActivityEvent) => boolean) =>
      Effect.gen(function* () {
        const application = yield* decode(NewRegistration, "registration")(input)
        const id = EventRegistrationId.parse(yield* ids.next)
        return yield* decideOnBook(
          eventId,
          "create",
          (book, at) =>
            register(book, {
              id,
              applicant: application.applicant,
              at,
              ...(application.formResponseId === undefined ? {} : { formResponseId: application.formResponseId }),
            }),
          visible,
        )
      })

    const readOnlyBook = (operation: string, eventId: string) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        if (!isUuid(eventId)) return yield* Effect.fail(notFound("event", eventId))
        return yield* inTenant<RegistrationBook & { readonly event: ActivityEvent }, NotFound>(
          operation,
          actor.tenantId,
          async (tx) => {
            const book = await readBook(tx, actor.tenantId, eventId, false)
            return book === undefined ? { error: notFound("event", eventId) } : { ok: book }
          },
        )
      })

    return ActivityStore.of({
      create,
      get,
      list,
      update,
      remove,
      activityRecords: activityRecordsFor,
      register: (eventId, input) =>
        Effect.gen(function* () {
          yield* requirePermission("registrations:manage")
          return (yield* applyFor(eventId, input)).result
        }),
      registerPublic: (eventId, input) =>
        Effect.gen(function* () {
          const done = yield* applyFor(eventId, input, (event) => event.registration?.public === true)
          return publicRegistrationResult(done.result, done.registrations)
        }),
      registrations: (eventId, queryInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("registrations:manage")
          const query = yield* decode(RegistrationQuery, "query")(queryInput)
          if (!isUuid(eventId)) return yield* Effect.fail(notFound("event", eventId))
          const auditId = yield* ids.next
          const at = yield* now
          return yield* inTenant<RegistrationPage, NotFound | ValidationError>(
            "ActivityStore.registrations",
            actor.tenantId,
            async (tx) => {
              const book = await readBook(tx, actor.tenantId, eventId, false)
              if (book === undefined) return { error: notFound("event", eventId) }
              const page = pageRegistrations(book.registrations, query)
              if (Result.isFailure(page)) return { error: page.failure }
              if (page.success.items.length > 0) {
                await appendAuditEntry(tx, {
                  actor,
                  event: registrationAuditEvent("list", undefined, {
                    eventId,
                    count: page.success.items.length,
                    ids: page.success.items.map((r) => r.id),
                  }),
                  id: auditId,
                  at,
                })
              }
              return { ok: page.success }
            },
          )
        }),
      registration: (eventId, id) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("registrations:manage")
          if (!isUuid(eventId) || !isUuid(id))
            return yield* Effect.fail(new NotFound({ entity: "event_registration", id }))
          const auditId = yield* ids.next
          const at = yield* now
          return yield* inTenant<EventRegistration, NotFound>(
            "ActivityStore.registration",
            actor.tenantId,
            async (tx) => {
              const [row] = await tx
                .select({ data: eventRegistrations.data })
                .from(eventRegistrations)
                .where(
                  and(
                    eq(eventRegistrations.tenantId, actor.tenantId),
                    eq(eventRegistrations.eventId, eventId),
                    eq(eventRegistrations.id, id),
                  ),
                )
              if (row === undefined) return { error: new NotFound({ entity: "event_registration", id }) }
              const found = registrationOf(row)
              await appendAuditEntry(tx, { actor, event: registrationAuditEvent("read", found), id: auditId, at })
              return { ok: found }
            },
          )
        }),
      confirmRegistration: (eventId, id) =>
        Effect.gen(function* () {
          yield* requirePermission("registrations:manage")
          return (yield* decideOnBook(eventId, "confirm", (book, at) =>
            confirmRegistration(book, id as EventRegistrationId, at),
          )).result
        }),
      cancelRegistration: (eventId, id, by) =>
        Effect.gen(function* () {
          yield* requirePermission("registrations:manage")
          return (yield* decideOnBook(eventId, "cancel", (book, at) =>
            cancelRegistration(book, id as EventRegistrationId, { at, by }),
          )).result
        }),
      recordAttendance: (eventId, id, attended) =>
        Effect.gen(function* () {
          yield* requirePermission("registrations:manage")
          return (yield* decideOnBook(eventId, "attendance", (book) =>
            markAttendance(book, id as EventRegistrationId, attended),
          )).result
        }),
      registrationSummary: (eventId) =>
        Effect.gen(function* () {
          yield* requirePermission("activities:read")
          return summariseRegistrations(yield* readOnlyBook("ActivityStore.registrationSummary", eventId))
        }),
      submitFeedback: (eventId, input) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("activities:write")
          if (!isUuid(eventId)) return yield* Effect.fail(notFound("event", eventId))
          const parsed = yield* decode(NewFeedback, "feedback")(input)
          const id = EventFeedbackId.parse(yield* ids.next)
          const auditId = yield* ids.next
          const at = yield* now
          const book = yield* readOnlyBook("ActivityStore.submitFeedback", eventId)
          const feedback = yield* prepareFeedback(parsed, { id, event: book.event, at: at.toISOString() }, book)
          return yield* inTenant<EventFeedback, NotFound>(
            "ActivityStore.submitFeedback",
            actor.tenantId,
            async (tx) => {
              await tx.insert(eventFeedback).values({
                tenantId: actor.tenantId,
                eventId,
                id,
                data: feedback,
                submittedAt: feedback.submittedAt,
              })
              await appendAuditEntry(tx, { actor, event: feedbackAuditEvent(feedback), id: auditId, at })
              return { ok: feedback }
            },
          )
        }),
      feedbackSummary: (eventId) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("activities:read")
          yield* readOnlyBook("ActivityStore.feedbackSummary", eventId)
          return yield* inTenant("ActivityStore.feedbackSummary", actor.tenantId, async (tx) => {
            const rows = await tx
              .select({ data: eventFeedback.data })
              .from(eventFeedback)
              .where(and(eq(eventFeedback.tenantId, actor.tenantId), eq(eventFeedback.eventId, eventId)))
            return { ok: summariseFeedback(rows.map((row) => row.data as EventFeedback)) }
          })
        }),
    })
  }),
)
