/**
 * 入退院支援ケースの保存 (case store): the `CaseStore` port, its in-memory reference, and `caseObligations`, which
 * computes a case's obligations on read.
 *
 * Decisions an adapter must follow (the contract suite in `@zaitaku/testing` checks each one):
 * - **Tenancy and scope.** Every case belongs to the actor's tenant; another tenant's case, and a case outside a
 *   hospital's or care manager's organisations ({@link caseInScope}), is {@link NotFound}.
 * - **Permissions.** `cases:read` to read, `cases:write` to create and patch, `cases:record` to record and withdraw
 *   events and evidence, `cases:waive` to waive; a create or patch that would leave the case outside the actor's
 *   organisations is {@link Forbidden}.
 * - **Versions.** `create` gives version 1; each write that changes something adds 1 and takes the version the
 *   caller last saw (`expectedVersion`; {@link Conflict} `version_mismatch` when stale). A patch that changes
 *   nothing returns the case unchanged, with no audit entry.
 * - **Audit.** A case concerns a patient, so every read (`case.read`, `case.list` when it returned cases) and every
 *   write is appended to the audit log with `personalData: true`, by the store, atomically with the write.
 * - **Idempotency.** `create` with an idempotency key returns the case first created with that key (current state)
 *   when the input is the same ({@link caseFingerprint}), and fails with {@link Conflict} when it is not.
 * - **Listing.** {@link pageCases} is the reference: filters, scope, newest first, keyset cursor.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Ref, Result, Semaphore } from "effect"
import { Actor, requirePermission } from "./Actor.js"
import { AuditLog } from "./AuditLog.js"
import { BusinessCalendar, type DateOutsideCalendar, type InstantInput } from "./BusinessCalendar.js"
import {
  applyCaseWrite,
  type Case,
  type CasePage,
  CasePatch,
  type CasePatchInput,
  type CaseQueryInput,
  type CaseWrite,
  CreateCaseOptions,
  type CreateCaseOptionsInput,
  caseAuditEvent,
  caseFingerprint,
  caseInScope,
  caseListAuditEvent,
  casePermissionOf,
  evaluateCase,
  NewCase,
  NewCaseEvent,
  type NewCaseEventInput,
  type NewCaseInput,
  NewEvidence,
  type NewEvidenceInput,
  NewWaiver,
  type NewWaiverInput,
  outOfCaseScope,
  pageCases,
  prepareCase,
  WithdrawOptions,
  type WithdrawOptionsInput,
  WriteCaseOptions,
  type WriteCaseOptionsInput,
} from "./Case.js"
import type { Evaluation } from "./Coordination.js"
import { decode } from "./Decode.js"
import { Conflict, type Forbidden, NotFound, type StoreError, type ValidationError } from "./Errors.js"
import { sendingsOfCases } from "./FormStore.js"
import { IdGenerator } from "./IdGenerator.js"
import { CaseId } from "./Ids.js"
import { RuleSetCatalog } from "./RuleSetCatalog.js"

/**
 * The errors of a write to an existing case.
 *
 * @since 0.1.0
 * @category models
 */
export type CaseWriteError = ValidationError | NotFound | Conflict | Forbidden | StoreError

/**
 * The `CaseStore` port: one tenant's 入退院支援 cases. Every method acts within the current {@link Actor}'s tenant and
 * organisations; the module documentation lists the behaviour every adapter must show.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CaseStore } from "@zaitaku/core"
 *
 * const open = Effect.flatMap(Effect.service(CaseStore), (cases) => cases.list({ status: ["open"] }))
 * ```
 */
export class CaseStore extends Context.Service<
  CaseStore,
  {
    /** Opens a case (version 1, `open`), with `cases:write`; with an idempotency key, a retry returns the same case. */
    create(
      input: NewCaseInput,
      options?: CreateCaseOptionsInput,
    ): Effect.Effect<Case, ValidationError | Conflict | Forbidden | StoreError, Actor>
    /** One case (`cases:read`), audited as a personal-data read. */
    get(id: CaseId): Effect.Effect<Case, NotFound | Forbidden | StoreError, Actor>
    /** A page of cases (`cases:read`); audited when it returns any. */
    list(query?: CaseQueryInput): Effect.Effect<CasePage, ValidationError | Forbidden | StoreError, Actor>
    /** Patches the case's attributes or status (`cases:write`). */
    update(
      id: CaseId,
      patch: CasePatchInput,
      options: WriteCaseOptionsInput,
    ): Effect.Effect<Case, CaseWriteError, Actor>
    /** Records an event (`cases:record`). */
    recordEvent(
      id: CaseId,
      event: NewCaseEventInput,
      options: WriteCaseOptionsInput,
    ): Effect.Effect<Case, CaseWriteError, Actor>
    /** Records evidence that meets obligations: a contact, a sent form … (`cases:record`). */
    recordEvidence(
      id: CaseId,
      evidence: NewEvidenceInput,
      options: WriteCaseOptionsInput,
    ): Effect.Effect<Case, CaseWriteError, Actor>
    /** Waives one obligation, with the reason (`cases:waive`); a second waiver of the same key replaces the first. */
    waive(
      id: CaseId,
      waiver: NewWaiverInput,
      options: WriteCaseOptionsInput,
    ): Effect.Effect<Case, CaseWriteError, Actor>
    /** Withdraws an event or evidence recorded by mistake (`cases:record`); it stays in the record, marked. */
    withdraw(id: CaseId, entryId: string, options: WithdrawOptionsInput): Effect.Effect<Case, CaseWriteError, Actor>
  }
>()("@zaitaku/core/CaseStore") {
  /**
   * In-memory case store (reference behaviour for the contract suite). Writes are serialised; the audit entry is
   * appended before the state changes, so a failed append leaves nothing written.
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<CaseStore, never, IdGenerator | AuditLog> = Layer.effect(
    CaseStore,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const audit = yield* AuditLog
      const cases = yield* Ref.make(new Map<string, Case>())
      const idempotency = yield* Ref.make(new Map<string, { readonly id: string; readonly fingerprint: string }>())
      const lock = yield* Semaphore.make(1)
      const serialised = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        lock.withPermits(1)(Effect.uninterruptible(effect))
      const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

      const findOwn = Effect.fnUntraced(function* (id: string) {
        const actor = yield* Actor
        const found = (yield* Ref.get(cases)).get(id)
        if (found === undefined || found.tenantId !== actor.tenantId || !caseInScope(actor, found)) {
          return yield* Effect.fail(new NotFound({ entity: "case", id }))
        }
        return found
      })

      const create = (input: NewCaseInput, optionsInput: CreateCaseOptionsInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("cases:write")
          const parsed = yield* decode(NewCase, "case")(input)
          const options = yield* decode(CreateCaseOptions, "options")(optionsInput)
          const refused = outOfCaseScope(actor, "cases:write", parsed.parties)
          if (refused !== undefined) return yield* Effect.fail(refused)
          const fingerprint = yield* caseFingerprint(parsed)
          return yield* serialised(
            Effect.gen(function* () {
              const key = options.idempotencyKey
              const slot = key === undefined ? undefined : `${actor.tenantId}\u0000${key}`
              const previous = slot === undefined ? undefined : (yield* Ref.get(idempotency)).get(slot)
              if (previous !== undefined) {
                if (previous.fingerprint !== fingerprint) {
                  return yield* Effect.fail(
                    new Conflict({ entity: "idempotency_key", id: key!, reason: "already_exists" }),
                  )
                }
                return (yield* Ref.get(cases)).get(previous.id)!
              }
              const id = CaseId.parse(yield* ids.next)
              const eventIds: Array<string> = []
              for (const _ of parsed.events) eventIds.push(yield* ids.next)
              const prepared = prepareCase(parsed, {
                id,
                tenantId: actor.tenantId,
                at: yield* now,
                by: actor.subject,
                eventIds,
              })
              if (Result.isFailure(prepared)) return yield* Effect.fail(prepared.failure)
              const created = prepared.success
              yield* audit.append(
                caseAuditEvent("case.create", created, {
                  hospital: created.parties.hospital.id,
                  events: created.events.length,
                }),
              )
              yield* Ref.update(cases, (map) => new Map(map).set(created.id, created))
              if (slot !== undefined) {
                yield* Ref.update(idempotency, (map) => new Map(map).set(slot, { id: created.id, fingerprint }))
              }
              return created
            }),
          )
        })

      const get = (id: CaseId) =>
        Effect.gen(function* () {
          yield* requirePermission("cases:read")
          return yield* serialised(
            Effect.gen(function* () {
              const found = yield* findOwn(id)
              yield* audit.append(caseAuditEvent("case.read", found))
              return found
            }),
          )
        })

      const list = (query: CaseQueryInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("cases:read")
          return yield* serialised(
            Effect.gen(function* () {
              const own = [...(yield* Ref.get(cases)).values()].filter((c) => c.tenantId === actor.tenantId)
              const page = pageCases(own, query, actor)
              if (Result.isFailure(page)) return yield* Effect.fail(page.failure)
              if (page.success.items.length > 0) {
                yield* audit.append(caseListAuditEvent(page.success.items.map((c) => c.id)))
              }
              return page.success
            }),
          )
        })

      const write = (id: CaseId, expectedVersion: number, next: CaseWrite) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          return yield* serialised(
            Effect.gen(function* () {
              const current = yield* findOwn(id)
              if (current.version !== expectedVersion) {
                return yield* Effect.fail(new Conflict({ entity: "case", id, reason: "version_mismatch" }))
              }
              const applied = applyCaseWrite(current, next, { at: yield* now, by: actor.subject })
              if (Result.isFailure(applied)) return yield* Effect.fail(applied.failure)
              if (applied.success === undefined) return current
              const refused = outOfCaseScope(actor, casePermissionOf(next.kind), applied.success.case.parties)
              if (refused !== undefined) return yield* Effect.fail(refused)
              yield* audit.append(applied.success.audit)
              const updated = applied.success.case
              yield* Ref.update(cases, (map) => new Map(map).set(updated.id, updated))
              return updated
            }),
          )
        })

      return CaseStore.of({
        create,
        get,
        list,
        update: (id, patchInput, optionsInput) =>
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
            return yield* write(id, options.expectedVersion, {
              kind: "record_evidence",
              id: yield* ids.next,
              evidence,
            })
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
}

/**
 * A case and its obligations, computed on read.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import type { CaseObligations } from "@zaitaku/core"
 *
 * declare const result: CaseObligations
 * result.evaluation.obligations.filter((o) => o.status === "missed")
 * ```
 */
export interface CaseObligations {
  readonly case: Case
  readonly evaluation: Evaluation
}

/**
 * 義務と期限 (a case's obligations): reads the case (audited), and evaluates it with the tenant's rule sets
 * ({@link RuleSetCatalog}) and resolution order on the {@link BusinessCalendar}, as of `now` (default: the `Clock`),
 * counting the sendings of form responses linked to it as evidence ({@link sendingsOfCases}). Nothing is stored:
 * obligations follow the rules and the record every time they are read.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { caseObligations, CaseId } from "@zaitaku/core"
 *
 * const program = caseObligations(CaseId.parse("0192f5a0-0000-7000-8000-000000000001"))
 * ```
 */
export const caseObligations = Effect.fn("CaseStore.caseObligations")(function* (
  id: CaseId,
  options: { readonly now?: InstantInput } = {},
): Effect.fn.Return<
  CaseObligations,
  NotFound | Forbidden | StoreError | DateOutsideCalendar,
  CaseStore | RuleSetCatalog | BusinessCalendar | Actor
> {
  const found = yield* (yield* CaseStore).get(id)
  const catalog = yield* RuleSetCatalog
  const calendar = yield* BusinessCalendar
  const now = options.now ?? new Date(yield* Clock.currentTimeMillis)
  const sendings = (yield* sendingsOfCases([found.id])).get(found.id)
  const evaluation = yield* Effect.fromResult(
    evaluateCase(found, yield* catalog.list, calendar.holidays, now, {
      resolution: yield* catalog.resolution,
      sendings,
    }),
  )
  return { case: found, evaluation }
})
