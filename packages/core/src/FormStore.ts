/**
 * The `FormStore` port: a tenant's form library (national templates read-only, its own definitions and regional
 * variants), its responses with every version, and their exchange between the organisations of its directory. The
 * rules are those of {@link FormLibrary} and {@link FormExchange}'s module documentation; the contract suite checks
 * every adapter against this in-memory reference.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Ref, Result, Semaphore } from "effect"
import type * as z from "zod"
import { Actor, type Principal, requirePermission } from "./Actor.js"
import { AuditLog } from "./AuditLog.js"
import { type CaseFormSending, templateLineage } from "./CaseSendings.js"
import { decode } from "./Decode.js"
import { Conflict, Forbidden, NotFound, type StoreError, ValidationError } from "./Errors.js"
import type { FormDefinition, FormTemplateRef } from "./FormDefinition.js"
import {
  actingRecipient,
  canReadSending,
  checkReply,
  checkResponseAnswers,
  deniedSendingAuditEvent,
  EnteredInError,
  FormAmendment,
  FormExchangeQuery,
  type FormExchangeQueryInput,
  FormResponseEdit,
  FormResponseId,
  type FormResponsePage,
  type FormResponseQueryInput,
  type FormResponseRecord,
  type FormResponseStep,
  type FormResponseVersion,
  type FormSending,
  FormSendingId,
  type FormSendingPage,
  formResponseAuditEvent,
  formResponseStepActions,
  formSendingAuditEvent,
  IdempotencyOptions,
  NewFormResponse,
  type NewFormResponseInput,
  pageFormResponses,
  pageFormSendings,
  prepareSending,
  RecipientAction,
  type RecipientStep,
  ReplySending,
  ResponseWriteOptions,
  ReturnSending,
  recordAtVersion,
  responseAccess,
  SendForm,
  type SendFormInput,
  type StoredFormSending,
  sendingFor,
  stepFormResponse,
  stepRecipient,
  versionOf,
  worksFor,
} from "./FormExchange.js"
import {
  checkFormUpdate,
  type FormDefinitionEntry,
  type FormDefinitionPage,
  type FormDefinitionQueryInput,
  FormDefinitionWriteOptions,
  formDefinitionAuditEvent,
  pageFormDefinitions,
  resolveTenantForm,
  sourceBase,
  type TenantFormDefinition,
  type TenantFormSourceInput,
  tenantFormSummary,
} from "./FormLibrary.js"
import { FormResponse } from "./FormResponse.js"
import { findFormTemplate, formTemplates } from "./FormTemplates.js"
import { type FormValidationResult, validateFormResponse } from "./FormValidation.js"
import { compareFormVersions, isFormUsableOn, selectFormVersion } from "./FormVariant.js"
import { IdGenerator } from "./IdGenerator.js"
import type { ResourceId } from "./Ids.js"
import { canonicalJson, sha256Hex } from "./internal/hash.js"
import { toIsoDate } from "./Period.js"
import { ResourceStore } from "./ResourceStore.js"

// ---------------------------------------------------------------------------------------------------------------
// Shared helpers (used by every adapter)
// ---------------------------------------------------------------------------------------------------------------

/**
 * 今日 (today in Japan) of an instant: the date `validateFormResponse` checks relative dates against.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { formToday } from "@zaitaku/core"
 *
 * formToday(Date.parse("2026-01-19T15:30:00Z")) // "2026-01-20"
 * ```
 */
export const formToday = (millis: number): string => toIsoDate(new Date(millis))

/**
 * The definition a store uses for a template reference: the national template, or the tenant's own (`tenantForm`).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { definitionFor } from "@zaitaku/core"
 *
 * definitionFor({ id: "training-application", version: "1.0.0" }, () => undefined)?.title.ja // "研修申込書"
 * ```
 */
export const definitionFor = (
  ref: FormTemplateRef,
  tenantForm: (ref: FormTemplateRef) => FormDefinition | undefined,
): FormDefinition | undefined => findFormTemplate(ref.id, ref.version) ?? tenantForm(ref)

/**
 * 様式を引く (look up a definition for reading), pure: the exact version when given, otherwise the version usable
 * on `today` (the highest active one in its effective period) or, when none is, the highest version.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { pickDefinition } from "@zaitaku/core"
 *
 * pickDefinition([], "training-application", undefined, "2026-01-20")?.origin // "national"
 * ```
 */
export const pickDefinition = (
  tenantForms: ReadonlyArray<Pick<TenantFormDefinition, "definition" | "source" | "revision" | "updatedAt">>,
  id: string,
  version: string | undefined,
  today: string,
): FormDefinitionEntry | undefined => {
  const entries: Array<FormDefinitionEntry> = [
    ...formTemplates.map((definition) => ({ origin: "national" as const, definition })),
    ...tenantForms.map((stored) => ({
      origin: "tenant" as const,
      definition: stored.definition,
      source: stored.source,
      revision: stored.revision,
      updatedAt: stored.updatedAt,
    })),
  ].filter((entry) => entry.definition.id === id)
  if (version !== undefined) return entries.find((entry) => entry.definition.version === version)
  const usable = selectFormVersion(
    entries.map((entry) => entry.definition),
    id,
    today,
  )
  if (usable !== undefined) return entries.find((entry) => entry.definition === usable)
  return entries.sort((a, b) => compareFormVersions(b.definition.version, a.definition.version))[0]
}

/**
 * The fingerprint of a request body for `Idempotency-Key` (SHA-256 of its canonical JSON).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { requestFingerprint } from "@zaitaku/core"
 *
 * Effect.runPromise(requestFingerprint({ a: 1 }))
 * ```
 */
export const requestFingerprint = (input: unknown): Effect.Effect<string> => sha256Hex(canonicalJson(input))

/**
 * The problem of a new response whose template is not offered: unknown (`unknown_form`) or not usable today
 * (`form_not_usable`: a draft, retired, or outside its effective period), at `["template"]`.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { unusableForm } from "@zaitaku/core"
 *
 * unusableForm({ id: "x", version: "1.0.0" }, undefined).issues[0]?.code // "unknown_form"
 * ```
 */
export const unusableForm = (ref: FormTemplateRef, definition: FormDefinition | undefined): ValidationError =>
  new ValidationError({
    subject: "form response",
    issues: [
      definition === undefined
        ? {
            path: ["template"],
            code: "unknown_form",
            message: {
              ja: `様式 ${ref.id}@${ref.version} はありません`,
              en: `There is no form ${ref.id}@${ref.version}`,
            },
          }
        : {
            path: ["template"],
            code: "form_not_usable",
            message: {
              ja: `様式 ${ref.id}@${ref.version} は現在使用できません（状態: ${definition.status}、適用期間外を含む）`,
              en: `The form ${ref.id}@${ref.version} cannot be used for new responses today (status ${definition.status}, or outside its effective period)`,
            },
          },
    ],
  })

/**
 * The problem of an organisation that is not in the tenant's directory, at `path`.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { unknownOrganization } from "@zaitaku/core"
 *
 * unknownOrganization("sending", ["recipients", 0], "0192f5a0-0000-7000-8000-000000000999").issues[0]?.code
 * ```
 */
export const unknownOrganization = (
  subject: string,
  path: ReadonlyArray<string | number>,
  id: string,
): ValidationError =>
  new ValidationError({
    subject,
    issues: [
      {
        path: [...path],
        code: "unknown_organization",
        message: {
          ja: `${id} はこのテナントの資源台帳にありません`,
          en: `${id} is not an entry of the tenant's directory`,
        },
      },
    ],
  })

/**
 * A stored sending as a {@link CaseFormSending} (its metadata; the case id must be set).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { caseSendingOf, type StoredFormSending } from "@zaitaku/core"
 *
 * declare const sending: StoredFormSending
 * caseSendingOf(sending).recipients
 * ```
 */
export const caseSendingOf = (
  sending: StoredFormSending,
  derivedFrom: ReadonlyArray<string> = [],
): CaseFormSending => ({
  id: sending.id,
  caseId: sending.caseId ?? "",
  responseId: sending.responseId,
  template: sending.template,
  ...(derivedFrom.length === 0 ? {} : { derivedFrom }),
  from: sending.from,
  sentAt: sending.sentAt,
  recipients: sending.recipients.map((r) => r.organizationId),
})

/**
 * The {@link Forbidden} error of a principal acting for an organisation its key does not name.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { notOwnOrganization, type Principal } from "@zaitaku/core"
 *
 * declare const principal: Principal
 * notOwnOrganization(principal, "0192f5a0-0000-7000-8000-000000000101").resourceId
 * ```
 */
export const notOwnOrganization = (principal: Principal, organizationId: string): Forbidden =>
  new Forbidden({ permission: "forms:exchange", role: principal.role, resourceId: organizationId })

// ---------------------------------------------------------------------------------------------------------------
// Port
// ---------------------------------------------------------------------------------------------------------------

/** The audited actions of a recipient's steps. */
type RecipientAuditAction = "form_sending.acknowledge" | "form_sending.return" | "form_sending.reply"

/** Errors of reading a response or sending. */
type ReadError = NotFound | Forbidden | StoreError
/** Errors of changing a response or sending. */
type WriteError = ValidationError | NotFound | Conflict | Forbidden | StoreError

/**
 * The `FormStore` port. Every method acts within the current {@link Actor}'s tenant. Definitions: read with
 * `forms:read`, managed with `forms:manage`. Responses and exchange: `forms:exchange`, and only for the
 * organisations the principal works for (its `resources`); see the module documentation of `FormExchange` for
 * who reads what, the audit, and the states.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { FormStore } from "@zaitaku/core"
 *
 * const inbox = Effect.flatMap(Effect.service(FormStore), (forms) =>
 *   forms.inbox({ organizationId: "0192f5a0-0000-7000-8000-000000000102", state: ["sent"] }),
 * )
 * ```
 */
export class FormStore extends Context.Service<
  FormStore,
  {
    /** National templates and the tenant's forms ({@link pageFormDefinitions} is the reference). */
    definitions(query?: FormDefinitionQueryInput): Effect.Effect<FormDefinitionPage, ValidationError | ReadError, Actor>
    /** One definition: the exact version, or the one usable today ({@link pickDefinition}). */
    definition(id: string, version?: string): Effect.Effect<FormDefinitionEntry, ReadError, Actor>
    /** Stores a tenant definition or variant (`forms:manage`), revision 1; audited. */
    createDefinition(source: TenantFormSourceInput): Effect.Effect<TenantFormDefinition, WriteError, Actor>
    /** Replaces a tenant form (`forms:manage`): a draft freely, otherwise its status only. */
    updateDefinition(
      id: string,
      version: string,
      source: TenantFormSourceInput,
      options: z.input<typeof FormDefinitionWriteOptions>,
    ): Effect.Effect<TenantFormDefinition, WriteError, Actor>
    /** Deletes a draft tenant form that no stored variant derives from (`forms:manage`). */
    deleteDefinition(
      id: string,
      version: string,
      options: z.input<typeof FormDefinitionWriteOptions>,
    ): Effect.Effect<void, WriteError, Actor>
    /**
     * Validates a response (`{ template, status, answers }`) against the definition it names, today, without
     * storing anything (`forms:read`); NotFound for an unknown definition.
     */
    validate(response: unknown): Effect.Effect<FormValidationResult, ValidationError | ReadError, Actor>
    /** Starts a response as a draft for an own organisation (`forms:exchange`), version 1; idempotent on a key. */
    createResponse(
      input: NewFormResponseInput,
      options?: z.input<typeof IdempotencyOptions>,
    ): Effect.Effect<FormResponseRecord, WriteError, Actor>
    /** Reads a response (audited; a recipient reads the version sent to it and the read is its receipt). */
    response(id: FormResponseId): Effect.Effect<FormResponseRecord, ReadError, Actor>
    /** Every version of a response (audited): all of them for the author, the sent ones for a recipient. */
    responseVersions(id: FormResponseId): Effect.Effect<ReadonlyArray<FormResponseVersion>, ReadError, Actor>
    /** The responses of the organisations the principal works for, as summaries. */
    responses(query?: FormResponseQueryInput): Effect.Effect<FormResponsePage, ValidationError | ReadError, Actor>
    /** Edits a draft (new answers, or the case). */
    editResponse(
      id: FormResponseId,
      edit: z.input<typeof FormResponseEdit>,
      options: z.input<typeof ResponseWriteOptions>,
    ): Effect.Effect<FormResponseRecord, WriteError, Actor>
    /** Completes a draft: its answers are validated in `complete` mode. */
    completeResponse(
      id: FormResponseId,
      options: z.input<typeof ResponseWriteOptions>,
    ): Effect.Effect<FormResponseRecord, WriteError, Actor>
    /** Amends a completed response with new answers (a new version; the old one is kept). */
    amendResponse(
      id: FormResponseId,
      amendment: z.input<typeof FormAmendment>,
      options: z.input<typeof ResponseWriteOptions>,
    ): Effect.Effect<FormResponseRecord, WriteError, Actor>
    /** Marks a response entered-in-error (final), with the reason. */
    markEnteredInError(
      id: FormResponseId,
      input: z.input<typeof EnteredInError>,
      options: z.input<typeof ResponseWriteOptions>,
    ): Effect.Effect<FormResponseRecord, WriteError, Actor>
    /** Links a response to a case of the coordination module (`null` unlinks). */
    linkCase(
      id: FormResponseId,
      caseId: string | null,
      options: z.input<typeof ResponseWriteOptions>,
    ): Effect.Effect<FormResponseRecord, WriteError, Actor>
    /** Sends the current version of a completed response to other organisations; idempotent on a key. */
    send(
      responseId: FormResponseId,
      input: SendFormInput,
      options?: z.input<typeof IdempotencyOptions>,
    ): Effect.Effect<FormSending, WriteError, Actor>
    /** Reads a sending with the answers as sent (audited; a recipient's first read is its receipt). */
    sending(id: FormSendingId): Effect.Effect<FormSending, ReadError, Actor>
    /** The recipient acknowledges the sheet (受領確認). */
    acknowledge(
      id: FormSendingId,
      input?: z.input<typeof RecipientAction>,
    ): Effect.Effect<FormSending, WriteError, Actor>
    /** The recipient returns the sheet with a comment (差戻し). */
    returnSending(
      id: FormSendingId,
      input: z.input<typeof ReturnSending>,
    ): Effect.Effect<FormSending, WriteError, Actor>
    /** The recipient fills in the reply section (返信). */
    reply(id: FormSendingId, input: z.input<typeof ReplySending>): Effect.Effect<FormSending, WriteError, Actor>
    /** Sendings to an own organisation, newest first ({@link pageFormSendings}). */
    inbox(query: FormExchangeQueryInput): Effect.Effect<FormSendingPage, ValidationError | ReadError, Actor>
    /** Sendings from an own organisation, newest first. */
    outbox(query: FormExchangeQueryInput): Effect.Effect<FormSendingPage, ValidationError | ReadError, Actor>
    /**
     * The sendings linked to the given cases, without answers, oldest first (`cases:read`; not audited: no personal
     * data). A sending of a response since marked entered-in-error is left out. The coordination module counts them
     * as evidence ({@link sendingEvidence}); callers pass only ids of cases the actor has read.
     */
    caseSendings(
      caseIds: ReadonlyArray<string>,
    ): Effect.Effect<ReadonlyArray<CaseFormSending>, Forbidden | StoreError, Actor>
  }
>()("@zaitaku/core/FormStore") {
  /**
   * In-memory form store (reference behaviour for the contract suite). Writes are serialised; the audit entry is
   * appended before the state changes. Recipients and authors must be entries of the tenant's directory
   * (checked with the {@link ResourceStore}).
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<FormStore, never, IdGenerator | AuditLog | ResourceStore> = Layer.effect(
    FormStore,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const audit = yield* AuditLog
      const directory = yield* ResourceStore
      interface State {
        /** `${tenant}\u0000${id}\u0000${version}` */
        readonly definitions: ReadonlyMap<string, TenantFormDefinition>
        readonly responses: ReadonlyMap<string, FormResponseRecord>
        readonly versions: ReadonlyMap<string, ReadonlyArray<FormResponseVersion>>
        readonly sendings: ReadonlyMap<string, StoredFormSending>
        readonly idempotency: ReadonlyMap<string, { readonly id: string; readonly fingerprint: string }>
      }
      const state = yield* Ref.make<State>({
        definitions: new Map(),
        responses: new Map(),
        versions: new Map(),
        sendings: new Map(),
        idempotency: new Map(),
      })
      const lock = yield* Semaphore.make(1)
      const serialised = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        lock.withPermits(1)(Effect.uninterruptible(effect))
      const millis = Clock.currentTimeMillis
      const now = Effect.map(millis, (ms) => new Date(ms).toISOString())
      const today = Effect.map(millis, formToday)
      const fromResult = <A, E>(result: Result.Result<A, E>): Effect.Effect<A, E> =>
        Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure)
      const update = (f: (s: State) => State) => Ref.update(state, f)

      // --- definitions -------------------------------------------------------------------------------------

      const slot = (tenantId: string, id: string, version: string) => `${tenantId}\u0000${id}\u0000${version}`
      const tenantForms = (s: State, tenantId: string) =>
        [...s.definitions.values()].filter((stored) => stored.tenantId === tenantId)
      const tenantForm = (s: State, tenantId: string) => (ref: FormTemplateRef) =>
        s.definitions.get(slot(tenantId, ref.id, ref.version))?.definition
      const definitionNotFound = (id: string, version?: string) =>
        new NotFound({ entity: "form_definition", id: version === undefined ? id : `${id}@${version}` })

      const definitions = (query: FormDefinitionQueryInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:read")
          const own = tenantForms(yield* Ref.get(state), actor.tenantId).map(tenantFormSummary)
          return yield* fromResult(pageFormDefinitions(own, query))
        })

      const definition = (id: string, version?: string) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:read")
          const found = pickDefinition(tenantForms(yield* Ref.get(state), actor.tenantId), id, version, yield* today)
          return found ?? (yield* Effect.fail(definitionNotFound(id, version)))
        })

      const createDefinition = (input: TenantFormSourceInput) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:manage")
          return yield* serialised(
            Effect.gen(function* () {
              const s = yield* Ref.get(state)
              const resolved = yield* fromResult(
                resolveTenantForm(input, (ref) => definitionFor(ref, tenantForm(s, actor.tenantId))),
              )
              const { id, version } = resolved.definition
              if (s.definitions.has(slot(actor.tenantId, id, version))) {
                return yield* Effect.fail(
                  new Conflict({ entity: "form_definition", id: `${id}@${version}`, reason: "already_exists" }),
                )
              }
              const at = yield* now
              const stored: TenantFormDefinition = {
                tenantId: actor.tenantId,
                id,
                version,
                status: resolved.definition.status,
                source: resolved.source,
                definition: resolved.definition,
                createdAt: at,
                createdBy: actor.subject,
                updatedAt: at,
                updatedBy: actor.subject,
                revision: 1,
              }
              yield* audit.append(formDefinitionAuditEvent("form_definition.create", stored))
              yield* update((x) => ({
                ...x,
                definitions: new Map(x.definitions).set(slot(actor.tenantId, id, version), stored),
              }))
              return stored
            }),
          )
        })

      const findStored = (s: State, tenantId: string, id: string, version: string) => {
        const stored = s.definitions.get(slot(tenantId, id, version))
        return stored === undefined ? Effect.fail(definitionNotFound(id, version)) : Effect.succeed(stored)
      }
      const revisionConflict = (stored: TenantFormDefinition) =>
        new Conflict({ entity: "form_definition", id: `${stored.id}@${stored.version}`, reason: "version_mismatch" })

      const updateDefinition = (
        id: string,
        version: string,
        input: TenantFormSourceInput,
        optionsInput: z.input<typeof FormDefinitionWriteOptions>,
      ) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:manage")
          const options = yield* decode(FormDefinitionWriteOptions, "options")(optionsInput)
          return yield* serialised(
            Effect.gen(function* () {
              const s = yield* Ref.get(state)
              const current = yield* findStored(s, actor.tenantId, id, version)
              if (current.revision !== options.expectedRevision) return yield* Effect.fail(revisionConflict(current))
              const resolved = yield* fromResult(
                resolveTenantForm(input, (ref) => definitionFor(ref, tenantForm(s, actor.tenantId))),
              )
              yield* fromResult(checkFormUpdate(current, resolved.source))
              const stored: TenantFormDefinition = {
                ...current,
                status: resolved.definition.status,
                source: resolved.source,
                definition: resolved.definition,
                updatedAt: yield* now,
                updatedBy: actor.subject,
                revision: current.revision + 1,
              }
              yield* audit.append(formDefinitionAuditEvent("form_definition.update", stored))
              yield* update((x) => ({
                ...x,
                definitions: new Map(x.definitions).set(slot(actor.tenantId, id, version), stored),
              }))
              return stored
            }),
          )
        })

      const deleteDefinition = (
        id: string,
        version: string,
        optionsInput: z.input<typeof FormDefinitionWriteOptions>,
      ) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:manage")
          const options = yield* decode(FormDefinitionWriteOptions, "options")(optionsInput)
          yield* serialised(
            Effect.gen(function* () {
              const s = yield* Ref.get(state)
              const current = yield* findStored(s, actor.tenantId, id, version)
              if (current.revision !== options.expectedRevision) return yield* Effect.fail(revisionConflict(current))
              const key = `${id}@${version}`
              if (current.status !== "draft") {
                return yield* Effect.fail(
                  new Conflict({ entity: "form_definition", id: key, reason: "state", state: current.status }),
                )
              }
              const dependent = tenantForms(s, actor.tenantId).find((other) => {
                const base = sourceBase(other.source)
                return base !== undefined && base.id === id && base.version === version
              })
              if (dependent !== undefined) {
                return yield* Effect.fail(
                  new Conflict({ entity: "form_definition", id: key, reason: "state", state: "in_use" }),
                )
              }
              yield* audit.append(formDefinitionAuditEvent("form_definition.delete", current))
              yield* update((x) => {
                const next = new Map(x.definitions)
                next.delete(slot(actor.tenantId, id, version))
                return { ...x, definitions: next }
              })
            }),
          )
        })

      const validate = (input: unknown) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:read")
          const envelope = yield* decode(FormResponse, "form response")(input)
          const found = definitionFor(envelope.template, tenantForm(yield* Ref.get(state), actor.tenantId))
          if (found === undefined) {
            return yield* Effect.fail(definitionNotFound(envelope.template.id, envelope.template.version))
          }
          return validateFormResponse(found, input, { today: yield* today })
        })

      // --- responses ---------------------------------------------------------------------------------------

      const sendingsOf = (s: State, responseId: string) =>
        [...s.sendings.values()].filter((sending) => sending.responseId === responseId)

      const responseNotFound = (id: string) => new NotFound({ entity: "form_response", id })
      const sendingNotFound = (id: string) => new NotFound({ entity: "form_sending", id })

      /** A response of the tenant, or NotFound. */
      const ownTenantResponse = (s: State, tenantId: string, id: string) => {
        const response = s.responses.get(id)
        return response === undefined || response.tenantId !== tenantId
          ? Effect.fail(responseNotFound(id))
          : Effect.succeed(response)
      }

      /** Records a refused access to an existing response and answers NotFound, as for a missing one. */
      const refuseResponse = (response: FormResponseRecord, action: "form_response.read" | "form_response.update") =>
        Effect.andThen(
          audit.append(formResponseAuditEvent(action, response, {}, "denied")),
          Effect.fail(responseNotFound(response.id)),
        )

      const idempotent = <A>(
        operation: string,
        key: string | undefined,
        fingerprint: string,
        existing: (s: State, id: string) => Effect.Effect<A, NotFound>,
        create: Effect.Effect<{ readonly id: string; readonly value: A }, WriteError, Actor>,
      ) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const idemSlot = key === undefined ? undefined : `${actor.tenantId}\u0000${operation}\u0000${key}`
          const s = yield* Ref.get(state)
          const previous = idemSlot === undefined ? undefined : s.idempotency.get(idemSlot)
          if (previous !== undefined) {
            if (previous.fingerprint !== fingerprint) {
              return yield* Effect.fail(new Conflict({ entity: "idempotency_key", id: key!, reason: "already_exists" }))
            }
            return yield* existing(s, previous.id)
          }
          const made = yield* create
          if (idemSlot !== undefined) {
            yield* update((x) => ({
              ...x,
              idempotency: new Map(x.idempotency).set(idemSlot, { id: made.id, fingerprint }),
            }))
          }
          return made.value
        })

      const requireOrganization = (subject: string, path: ReadonlyArray<string | number>, id: ResourceId) =>
        directory.get(id).pipe(
          Effect.catchTag("NotFound", () => Effect.fail(unknownOrganization(subject, path, id))),
          Effect.asVoid,
        )

      const createResponse = (input: NewFormResponseInput, optionsInput: z.input<typeof IdempotencyOptions> = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:exchange")
          const parsed = yield* decode(NewFormResponse, "form response")(input)
          const { idempotencyKey } = yield* decode(IdempotencyOptions, "options")(optionsInput)
          if (!worksFor(actor, parsed.organizationId)) {
            return yield* Effect.fail(notOwnOrganization(actor, parsed.organizationId))
          }
          const fingerprint = yield* requestFingerprint(parsed)
          return yield* serialised(
            idempotent(
              "form_response.create",
              idempotencyKey,
              fingerprint,
              (s, id) => ownTenantResponse(s, actor.tenantId, id),
              Effect.gen(function* () {
                const s = yield* Ref.get(state)
                const found = definitionFor(parsed.template, tenantForm(s, actor.tenantId))
                const day = yield* today
                if (found === undefined || !isFormUsableOn(found, day)) {
                  return yield* Effect.fail(unusableForm(parsed.template, found))
                }
                yield* requireOrganization("form response", ["organizationId"], parsed.organizationId)
                const answers = yield* fromResult(checkResponseAnswers(found, "in-progress", parsed.answers, day))
                const at = yield* now
                const response: FormResponseRecord = {
                  id: FormResponseId.parse(yield* ids.next),
                  tenantId: actor.tenantId,
                  template: parsed.template,
                  organizationId: parsed.organizationId,
                  ...(parsed.caseId === undefined ? {} : { caseId: parsed.caseId }),
                  status: "in-progress",
                  answers,
                  version: 1,
                  createdAt: at,
                  createdBy: actor.subject,
                  updatedAt: at,
                  updatedBy: actor.subject,
                }
                yield* audit.append(formResponseAuditEvent("form_response.create", response))
                yield* update((x) => ({
                  ...x,
                  responses: new Map(x.responses).set(response.id, response),
                  versions: new Map(x.versions).set(response.id, [versionOf(response)]),
                }))
                return { id: response.id, value: response }
              }),
            ),
          )
        })

      /** Receipts for the recipient rows of the reader's organisations that were not read yet. */
      const recordReceipts = (s: State, actor: Principal, sendings: ReadonlyArray<StoredFormSending>) =>
        Effect.gen(function* () {
          const at = yield* now
          let next = s.sendings
          for (const sending of sendings) {
            const unread = sending.recipients.filter(
              (r) => worksFor(actor, r.organizationId) && r.receivedAt === undefined,
            )
            if (unread.length === 0) continue
            const recipients = sending.recipients.map((r) =>
              unread.includes(r)
                ? Result.getOrThrow(stepRecipient(sending.id, r, { step: "receive" }, { at, by: actor.subject }))
                : r,
            )
            yield* audit.append(
              formSendingAuditEvent(
                "form_sending.receive",
                sending,
                unread.map((r) => r.organizationId),
              ),
            )
            next = new Map(next).set(sending.id, { ...sending, recipients })
          }
          if (next !== s.sendings) yield* update((x) => ({ ...x, sendings: next }))
        })

      const response = (id: FormResponseId) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:exchange")
          return yield* serialised(
            Effect.gen(function* () {
              const s = yield* Ref.get(state)
              const current = yield* ownTenantResponse(s, actor.tenantId, id)
              const sendings = sendingsOf(s, id)
              const access = responseAccess(actor, current, sendings)
              if (access === undefined) return yield* refuseResponse(current, "form_response.read")
              if (access.author) {
                yield* audit.append(formResponseAuditEvent("form_response.read", current, { as: "author" }))
                return current
              }
              const sent = (s.versions.get(id) ?? []).find((v) => v.version === access.version)!
              const seen = recordAtVersion(current, sent)
              yield* audit.append(
                formResponseAuditEvent("form_response.read", seen, {
                  as: "recipient",
                  organizations: access.organizations,
                }),
              )
              yield* recordReceipts(s, actor, sendings)
              return seen
            }),
          )
        })

      const responseVersions = (id: FormResponseId) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:exchange")
          return yield* serialised(
            Effect.gen(function* () {
              const s = yield* Ref.get(state)
              const current = yield* ownTenantResponse(s, actor.tenantId, id)
              const sendings = sendingsOf(s, id)
              const access = responseAccess(actor, current, sendings)
              if (access === undefined) return yield* refuseResponse(current, "form_response.read")
              const all = s.versions.get(id) ?? []
              const sentVersions = new Set(
                sendings
                  .filter((sending) => sending.recipients.some((r) => worksFor(actor, r.organizationId)))
                  .map((sending) => sending.responseVersion),
              )
              const visible = access.author ? all : all.filter((v) => sentVersions.has(v.version))
              yield* audit.append(
                formResponseAuditEvent("form_response.read_versions", current, {
                  as: access.author ? "author" : "recipient",
                  versions: visible.map((v) => String(v.version)),
                }),
              )
              return visible
            }),
          )
        })

      const responses = (query: FormResponseQueryInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:exchange")
          if (query.organizationId !== undefined && !worksFor(actor, query.organizationId)) {
            return yield* Effect.fail(notOwnOrganization(actor, query.organizationId))
          }
          const own = [...(yield* Ref.get(state)).responses.values()].filter((r) => r.tenantId === actor.tenantId)
          return yield* fromResult(pageFormResponses(own, query, actor))
        })

      /** Runs one step on a response the actor writes (as its author's staff). */
      const step = (id: FormResponseId, expectedVersion: number, next: FormResponseStep) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          return yield* serialised(
            Effect.gen(function* () {
              const s = yield* Ref.get(state)
              const current = yield* ownTenantResponse(s, actor.tenantId, id)
              const access = responseAccess(actor, current, sendingsOf(s, id))
              if (access === undefined) return yield* refuseResponse(current, "form_response.update")
              if (!access.author) return yield* Effect.fail(notOwnOrganization(actor, current.organizationId))
              if (current.version !== expectedVersion) {
                return yield* Effect.fail(new Conflict({ entity: "form_response", id, reason: "version_mismatch" }))
              }
              const found = definitionFor(current.template, tenantForm(s, actor.tenantId))
              if (found === undefined) return yield* Effect.fail(responseNotFound(id)) // a definition is never deleted once used
              const stepped = yield* fromResult(
                stepFormResponse(current, next, {
                  definition: found,
                  today: yield* today,
                  at: yield* now,
                  by: actor.subject,
                }),
              )
              yield* audit.append(formResponseAuditEvent(formResponseStepActions[next.step], stepped.response))
              yield* update((x) => ({
                ...x,
                responses: new Map(x.responses).set(id, stepped.response),
                versions: new Map(x.versions).set(id, [...(x.versions.get(id) ?? []), stepped.version]),
              }))
              return stepped.response
            }),
          )
        })

      const writeOptions = (input: z.input<typeof ResponseWriteOptions>) =>
        decode(ResponseWriteOptions, "options")(input)

      const editResponse = (
        id: FormResponseId,
        edit: z.input<typeof FormResponseEdit>,
        options: z.input<typeof ResponseWriteOptions>,
      ) =>
        Effect.gen(function* () {
          yield* requirePermission("forms:exchange")
          const parsed = yield* decode(FormResponseEdit, "form response")(edit)
          const { expectedVersion } = yield* writeOptions(options)
          return yield* step(id, expectedVersion, { step: "edit", edit: parsed })
        })

      const completeResponse = (id: FormResponseId, options: z.input<typeof ResponseWriteOptions>) =>
        Effect.gen(function* () {
          yield* requirePermission("forms:exchange")
          const { expectedVersion } = yield* writeOptions(options)
          return yield* step(id, expectedVersion, { step: "complete" })
        })

      const amendResponse = (
        id: FormResponseId,
        amendment: z.input<typeof FormAmendment>,
        options: z.input<typeof ResponseWriteOptions>,
      ) =>
        Effect.gen(function* () {
          yield* requirePermission("forms:exchange")
          const parsed = yield* decode(FormAmendment, "form response")(amendment)
          const { expectedVersion } = yield* writeOptions(options)
          return yield* step(id, expectedVersion, { step: "amend", amendment: parsed })
        })

      const markEnteredInError = (
        id: FormResponseId,
        input: z.input<typeof EnteredInError>,
        options: z.input<typeof ResponseWriteOptions>,
      ) =>
        Effect.gen(function* () {
          yield* requirePermission("forms:exchange")
          const parsed = yield* decode(EnteredInError, "form response")(input)
          const { expectedVersion } = yield* writeOptions(options)
          return yield* step(id, expectedVersion, { step: "entered-in-error", reason: parsed.reason })
        })

      const linkCase = (id: FormResponseId, caseId: string | null, options: z.input<typeof ResponseWriteOptions>) =>
        Effect.gen(function* () {
          yield* requirePermission("forms:exchange")
          const parsed = yield* decode(FormResponseEdit.pick({ caseId: true }).required(), "form response")({ caseId })
          const { expectedVersion } = yield* writeOptions(options)
          return yield* step(id, expectedVersion, { step: "link_case", caseId: parsed.caseId })
        })

      // --- exchange ----------------------------------------------------------------------------------------

      const viewOf = (s: State, actor: Principal, sending: StoredFormSending): FormSending => {
        const sent = (s.versions.get(sending.responseId) ?? []).find((v) => v.version === sending.responseVersion)!
        return {
          ...sendingFor(actor, sending),
          status: sent.status,
          answers: sent.answers,
          currentStatus: s.responses.get(sending.responseId)!.status,
        }
      }

      const ownTenantSending = (s: State, tenantId: string, id: string) => {
        const sending = s.sendings.get(id)
        return sending === undefined || sending.tenantId !== tenantId
          ? Effect.fail(sendingNotFound(id))
          : Effect.succeed(sending)
      }

      const refuseSending = (sending: StoredFormSending, action: "form_response.read" | RecipientAuditAction) =>
        Effect.andThen(audit.append(deniedSendingAuditEvent(action, sending)), Effect.fail(sendingNotFound(sending.id)))

      const send = (
        responseId: FormResponseId,
        input: SendFormInput,
        optionsInput: z.input<typeof IdempotencyOptions> = {},
      ) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:exchange")
          const parsed = yield* decode(SendForm, "sending")(input)
          const { idempotencyKey } = yield* decode(IdempotencyOptions, "options")(optionsInput)
          const fingerprint = yield* requestFingerprint({ responseId, ...parsed })
          return yield* serialised(
            idempotent(
              "form_sending.send",
              idempotencyKey,
              fingerprint,
              (s, id) => Effect.map(ownTenantSending(s, actor.tenantId, id), (sending) => viewOf(s, actor, sending)),
              Effect.gen(function* () {
                const s = yield* Ref.get(state)
                const current = yield* ownTenantResponse(s, actor.tenantId, responseId)
                const access = responseAccess(actor, current, sendingsOf(s, responseId))
                if (access === undefined) return yield* refuseResponse(current, "form_response.update")
                if (!access.author) return yield* Effect.fail(notOwnOrganization(actor, current.organizationId))
                for (const [index, recipient] of parsed.recipients.entries()) {
                  if (recipient === current.organizationId) continue // reported by prepareSending
                  yield* requireOrganization("sending", ["recipients", index], recipient)
                }
                const sending = yield* fromResult(
                  prepareSending(current, parsed, {
                    id: FormSendingId.parse(yield* ids.next),
                    at: yield* now,
                    by: actor.subject,
                  }),
                )
                yield* audit.append(formSendingAuditEvent("form_sending.send", sending, parsed.recipients))
                yield* update((x) => ({ ...x, sendings: new Map(x.sendings).set(sending.id, sending) }))
                return { id: sending.id, value: viewOf(yield* Ref.get(state), actor, sending) }
              }),
            ),
          )
        })

      const sending = (id: FormSendingId) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:exchange")
          return yield* serialised(
            Effect.gen(function* () {
              const s = yield* Ref.get(state)
              const found = yield* ownTenantSending(s, actor.tenantId, id)
              if (!canReadSending(actor, found)) return yield* refuseSending(found, "form_response.read")
              const asSender = worksFor(actor, found.from)
              const sent = (s.versions.get(found.responseId) ?? []).find((v) => v.version === found.responseVersion)!
              yield* audit.append(
                formResponseAuditEvent(
                  "form_response.read",
                  recordAtVersion(s.responses.get(found.responseId)!, sent),
                  {
                    as: asSender ? "author" : "recipient",
                    sendingId: found.id,
                    organizations: sendingFor(actor, found).recipients.map((r) => r.organizationId),
                  },
                ),
              )
              yield* recordReceipts(s, actor, [found])
              const after = yield* Ref.get(state)
              return viewOf(after, actor, after.sendings.get(id)!)
            }),
          )
        })

      const recipientStep = (
        id: FormSendingId,
        organizationId: string | undefined,
        action: RecipientAuditAction,
        next: (s: State, sending: StoredFormSending) => Effect.Effect<RecipientStep, ValidationError, Actor>,
      ) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          return yield* serialised(
            Effect.gen(function* () {
              const s = yield* Ref.get(state)
              const found = yield* ownTenantSending(s, actor.tenantId, id)
              if (!canReadSending(actor, found)) return yield* refuseSending(found, action)
              const acting = actingRecipient(actor, found, organizationId)
              if (acting === undefined) {
                return yield* Effect.fail(
                  new ValidationError({
                    subject: "request body",
                    issues: [
                      {
                        path: ["organizationId"],
                        code: "not_a_recipient",
                        message: {
                          ja: "この送付の宛先の職員だけが操作できます（送った側は操作できません）",
                          en: "Only the staff of a recipient may do this (not the sender)",
                        },
                      },
                    ],
                  }),
                )
              }
              const recipient = yield* fromResult(acting)
              const stepped = yield* fromResult(
                stepRecipient(id, recipient, yield* next(s, found), { at: yield* now, by: actor.subject }),
              )
              const updated: StoredFormSending = {
                ...found,
                recipients: found.recipients.map((r) => (r.organizationId === recipient.organizationId ? stepped : r)),
              }
              yield* audit.append(formSendingAuditEvent(action, found, [recipient.organizationId]))
              yield* update((x) => ({ ...x, sendings: new Map(x.sendings).set(id, updated) }))
              return viewOf(yield* Ref.get(state), actor, updated)
            }),
          )
        })

      const acknowledge = (id: FormSendingId, input: z.input<typeof RecipientAction> = {}) =>
        Effect.gen(function* () {
          yield* requirePermission("forms:exchange")
          const parsed = yield* decode(RecipientAction, "request body")(input)
          return yield* recipientStep(id, parsed.organizationId, "form_sending.acknowledge", () =>
            Effect.succeed({ step: "acknowledge" }),
          )
        })

      const returnSending = (id: FormSendingId, input: z.input<typeof ReturnSending>) =>
        Effect.gen(function* () {
          yield* requirePermission("forms:exchange")
          const parsed = yield* decode(ReturnSending, "request body")(input)
          return yield* recipientStep(id, parsed.organizationId, "form_sending.return", () =>
            Effect.succeed({ step: "return", comment: parsed.comment }),
          )
        })

      const reply = (id: FormSendingId, input: z.input<typeof ReplySending>) =>
        Effect.gen(function* () {
          yield* requirePermission("forms:exchange")
          const parsed = yield* decode(ReplySending, "reply")(input)
          return yield* recipientStep(id, parsed.organizationId, "form_sending.reply", (s, found) =>
            Effect.gen(function* () {
              const actor = yield* Actor
              const form = definitionFor(found.template, tenantForm(s, actor.tenantId))!
              const sent = (s.versions.get(found.responseId) ?? []).find((v) => v.version === found.responseVersion)!
              const answers = yield* fromResult(checkReply(form, sent.answers, parsed.answers, yield* today))
              return { step: "reply" as const, answers }
            }),
          )
        })

      const box = (kind: "inbox" | "outbox") => (query: FormExchangeQueryInput) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("forms:exchange")
          const parsed = yield* decode(FormExchangeQuery, "query")(query)
          if (!worksFor(actor, parsed.organizationId)) {
            return yield* Effect.fail(notOwnOrganization(actor, parsed.organizationId))
          }
          const own = [...(yield* Ref.get(state)).sendings.values()].filter((x) => x.tenantId === actor.tenantId)
          return yield* fromResult(pageFormSendings(own, kind, query))
        })

      const caseSendings = (caseIds: ReadonlyArray<string>) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("cases:read")
          const wanted = new Set(caseIds)
          const s = yield* Ref.get(state)
          return [...s.sendings.values()]
            .filter(
              (x) =>
                x.tenantId === actor.tenantId &&
                x.caseId !== undefined &&
                wanted.has(x.caseId) &&
                s.responses.get(x.responseId)?.status !== "entered-in-error",
            )
            .sort((a, b) => Date.parse(a.sentAt) - Date.parse(b.sentAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
            .map((x) =>
              caseSendingOf(
                x,
                templateLineage(x.template, (ref) => definitionFor(ref, tenantForm(s, actor.tenantId))?.derivedFrom),
              ),
            )
        })

      return FormStore.of({
        caseSendings,
        definitions,
        definition,
        createDefinition,
        updateDefinition,
        deleteDefinition,
        validate,
        createResponse,
        response,
        responseVersions,
        responses,
        editResponse,
        completeResponse,
        amendResponse,
        markEnteredInError,
        linkCase,
        send,
        sending,
        acknowledge,
        returnSending,
        reply,
        inbox: box("inbox"),
        outbox: box("outbox"),
      })
    }),
  )
}

/**
 * 症例の送付を読む (the sendings linked to cases), grouped by case id, through the {@link FormStore} when the
 * application has one (an empty map otherwise). Pass only ids of cases the actor has read.
 *
 * @since 0.1.0
 * @category evidence
 * @example
 * ```ts
 * import { sendingsOfCases } from "@zaitaku/core"
 *
 * const program = sendingsOfCases(["0192f5a0-0000-7000-8000-000000000501"])
 * ```
 */
export const sendingsOfCases = (
  caseIds: ReadonlyArray<string>,
): Effect.Effect<ReadonlyMap<string, ReadonlyArray<CaseFormSending>>, Forbidden | StoreError, Actor> =>
  Effect.gen(function* () {
    const byCase = new Map<string, Array<CaseFormSending>>()
    const forms = yield* Effect.serviceOption(FormStore)
    if (Option.isNone(forms) || caseIds.length === 0) return byCase
    for (const sending of yield* forms.value.caseSendings(caseIds)) {
      const list = byCase.get(sending.caseId) ?? []
      list.push(sending)
      byCase.set(sending.caseId, list)
    }
    return byCase
  })
