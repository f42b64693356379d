/**
 * `FormStore` on PostgreSQL. Every operation is one transaction in the actor's tenant (row-level security), with
 * its audit entries in the same transaction; a refused read of an existing response commits its `denied` audit entry
 * and then answers NotFound. Rows being changed are locked (`FOR UPDATE`), so concurrent steps on one response or
 * one recipient are serialised; what was sent and every response version are only ever inserted (grants and
 * triggers of migration `0014_forms_security`). The rules themselves are core's, shared with the in-memory store.
 *
 * @since 0.1.0
 */
import {
  Actor,
  type ActorRef,
  actingRecipient,
  Conflict,
  canReadSending,
  caseSendingOf,
  checkFormUpdate,
  checkReply,
  checkResponseAnswers,
  decode,
  decodeFormListCursor,
  definitionFor,
  deniedSendingAuditEvent,
  EnteredInError,
  encodeFormListCursor,
  type Forbidden,
  FormAmendment,
  type FormAnswers,
  type FormDefinition,
  type FormDefinitionEntry,
  type FormDefinitionQueryInput,
  type FormDefinitionSummary,
  FormDefinitionWriteOptions,
  FormExchangeQuery,
  type FormExchangeQueryInput,
  type FormRecipient,
  FormResponse,
  FormResponseEdit,
  FormResponseId,
  FormResponseQuery,
  type FormResponseQueryInput,
  type FormResponseRecord,
  type FormResponseStep,
  type FormResponseVersion,
  type FormSending,
  FormSendingId,
  type FormSendingSummary,
  FormStore,
  type FormTemplateRef,
  formDefinitionAuditEvent,
  formResponseAuditEvent,
  formResponseStepActions,
  formSendingAuditEvent,
  formToday,
  IdempotencyOptions,
  IdGenerator,
  isFormUsableOn,
  NewFormResponse,
  type NewFormResponseInput,
  NotFound,
  notOwnOrganization,
  type Principal,
  pageFormDefinitions,
  pickDefinition,
  prepareSending,
  RecipientAction,
  type RecipientStep,
  ReplySending,
  ResponseWriteOptions,
  ReturnSending,
  recordAtVersion,
  requestFingerprint,
  requirePermission,
  resolveTenantForm,
  responseAccess,
  responseSummary,
  SendForm,
  type SendFormInput,
  type StoredFormSending,
  StoreError,
  sendingFor,
  sendingSummary,
  sourceBase,
  stepFormResponse,
  stepRecipient,
  type TenantFormDefinition,
  type TenantFormSource,
  type TenantFormSourceInput,
  templateLineage,
  unknownOrganization,
  unusableForm,
  ValidationError,
  validateFormResponse,
  versionOf,
  worksFor,
} from "@zaitaku/core"
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, sql } from "drizzle-orm"
import { Clock, Effect, Layer, Result } from "effect"
import type * as z from "zod"
import type { Tx } from "./internal/Session.js"
import {
  formDefinitions,
  formResponses,
  formResponseVersions,
  formSendingRecipients,
  formSendings,
  idempotencyKeys,
  resources,
} from "./Schema.js"
import { appendAuditEntry, PgSession } from "./Stores.js"

/** A transaction's result: a value, an error that rolls it back, or an error after which it still commits. */
type Outcome<A, E> = { readonly ok: A } | { readonly error: E } | { readonly committed: E }

class Abort {
  constructor(readonly error: unknown) {}
}

const isUniqueViolation = (error: unknown, constraint?: string): boolean => {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    const candidate = e as { code?: unknown; constraint?: unknown }
    if (candidate.code === "23505" && (constraint === undefined || candidate.constraint === constraint)) return true
  }
  return false
}

const iso = (value: string): string => new Date(value).toISOString()
const optionalIso = (value: string | null): string | undefined => (value === null ? undefined : iso(value))
const present = <K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } =>
  (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V }

// ---------------------------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------------------------

const toStoredForm = (row: typeof formDefinitions.$inferSelect): TenantFormDefinition => ({
  tenantId: row.tenantId as TenantFormDefinition["tenantId"],
  id: row.id,
  version: row.version,
  status: row.status,
  source: row.source as TenantFormSource,
  definition: row.definition as FormDefinition,
  createdAt: iso(row.createdAt),
  createdBy: row.createdBy as ActorRef,
  updatedAt: iso(row.updatedAt),
  updatedBy: row.updatedBy as ActorRef,
  revision: row.revision,
})

const formColumns = (stored: TenantFormDefinition) => {
  const base = sourceBase(stored.source)
  return {
    tenantId: stored.tenantId,
    id: stored.id,
    version: stored.version,
    kind: stored.source.kind,
    status: stored.status,
    baseId: base?.id ?? null,
    baseVersion: base?.version ?? null,
    source: stored.source,
    definition: stored.definition,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    revision: stored.revision,
  }
}

const toResponse = (row: typeof formResponses.$inferSelect): FormResponseRecord => ({
  id: row.id as FormResponseRecord["id"],
  tenantId: row.tenantId as FormResponseRecord["tenantId"],
  template: { id: row.templateId, version: row.templateVersion },
  organizationId: row.organizationId as FormResponseRecord["organizationId"],
  ...present("caseId", row.caseId),
  status: row.status,
  answers: row.answers as FormAnswers,
  version: row.version,
  createdAt: iso(row.createdAt),
  createdBy: row.createdBy as ActorRef,
  updatedAt: iso(row.updatedAt),
  updatedBy: row.updatedBy as ActorRef,
  ...present("completedAt", optionalIso(row.completedAt)),
  ...present("reason", row.reason),
})

const responseColumns = (response: FormResponseRecord) => ({
  caseId: response.caseId ?? null,
  status: response.status,
  answers: response.answers,
  version: response.version,
  updatedAt: response.updatedAt,
  updatedBy: response.updatedBy,
  completedAt: response.completedAt ?? null,
  reason: response.reason ?? null,
})

const toVersion = (row: typeof formResponseVersions.$inferSelect): FormResponseVersion => ({
  responseId: row.responseId as FormResponseVersion["responseId"],
  version: row.version,
  status: row.status as FormResponseVersion["status"],
  answers: row.answers as FormAnswers,
  ...present("caseId", row.caseId),
  at: iso(row.at),
  by: row.by as ActorRef,
  ...present("reason", row.reason),
})

const versionColumns = (tenantId: string, version: FormResponseVersion) => ({
  tenantId,
  responseId: version.responseId,
  version: version.version,
  status: version.status,
  answers: version.answers,
  caseId: version.caseId ?? null,
  at: version.at,
  by: version.by,
  reason: version.reason ?? null,
})

const toRecipient = (row: typeof formSendingRecipients.$inferSelect): FormRecipient => ({
  organizationId: row.organizationId as FormRecipient["organizationId"],
  state: row.state,
  ...present("receivedAt", optionalIso(row.receivedAt)),
  ...present("receivedBy", row.receivedBy as ActorRef | null),
  ...present("acknowledgedAt", optionalIso(row.acknowledgedAt)),
  ...present("acknowledgedBy", row.acknowledgedBy as ActorRef | null),
  ...present("returnedAt", optionalIso(row.returnedAt)),
  ...present("returnedBy", row.returnedBy as ActorRef | null),
  ...present("comment", row.comment),
  ...present("reply", row.reply as FormAnswers | null),
  ...present("repliedAt", optionalIso(row.repliedAt)),
  ...present("repliedBy", row.repliedBy as ActorRef | null),
})

const recipientColumns = (recipient: FormRecipient) => ({
  state: recipient.state,
  receivedAt: recipient.receivedAt ?? null,
  receivedBy: recipient.receivedBy ?? null,
  acknowledgedAt: recipient.acknowledgedAt ?? null,
  acknowledgedBy: recipient.acknowledgedBy ?? null,
  returnedAt: recipient.returnedAt ?? null,
  returnedBy: recipient.returnedBy ?? null,
  comment: recipient.comment ?? null,
  reply: recipient.reply ?? null,
  repliedAt: recipient.repliedAt ?? null,
  repliedBy: recipient.repliedBy ?? null,
})

const toSending = (
  row: typeof formSendings.$inferSelect,
  recipients: ReadonlyArray<FormRecipient>,
): StoredFormSending => ({
  id: row.id as StoredFormSending["id"],
  tenantId: row.tenantId as StoredFormSending["tenantId"],
  responseId: row.responseId as StoredFormSending["responseId"],
  responseVersion: row.responseVersion,
  template: { id: row.templateId, version: row.templateVersion },
  from: row.fromOrganizationId as StoredFormSending["from"],
  ...present("caseId", row.caseId),
  ...present("note", row.note),
  attachments: row.attachments as StoredFormSending["attachments"],
  sentAt: iso(row.sentAt),
  sentBy: row.sentBy as ActorRef,
  recipients,
})

// ---------------------------------------------------------------------------------------------------------------
// Queries inside a transaction
// ---------------------------------------------------------------------------------------------------------------

const tenantFormOf = async (tx: Tx, tenantId: string, ref: FormTemplateRef): Promise<FormDefinition | undefined> => {
  const [row] = await tx
    .select({ definition: formDefinitions.definition })
    .from(formDefinitions)
    .where(
      and(
        eq(formDefinitions.tenantId, tenantId),
        eq(formDefinitions.id, ref.id),
        eq(formDefinitions.version, ref.version),
      ),
    )
  return row === undefined ? undefined : (row.definition as FormDefinition)
}

/**
 * Which template each of a tenant's variants derives from (its `base_id`/`base_version` columns, without reading the
 * definitions), and the national templates' own bases: the `baseOf` of core's `templateLineage`.
 */
const tenantBases = async (tx: Tx, tenantId: string) => {
  const rows = await tx
    .select({
      id: formDefinitions.id,
      version: formDefinitions.version,
      baseId: formDefinitions.baseId,
      baseVersion: formDefinitions.baseVersion,
    })
    .from(formDefinitions)
    .where(and(eq(formDefinitions.tenantId, tenantId), isNotNull(formDefinitions.baseId)))
  const bases = new Map<string, FormTemplateRef>()
  for (const row of rows) {
    if (row.baseId !== null && row.baseVersion !== null) {
      bases.set(`${row.id}@${row.version}`, { id: row.baseId, version: row.baseVersion })
    }
  }
  return (ref: FormTemplateRef): FormTemplateRef | undefined =>
    definitionFor(ref, () => undefined)?.derivedFrom ?? bases.get(`${ref.id}@${ref.version}`)
}

/** The national template, or the tenant's own definition, of a reference. */
const findDefinition = async (tx: Tx, tenantId: string, ref: FormTemplateRef) =>
  definitionFor(ref, () => undefined) ?? (await tenantFormOf(tx, tenantId, ref))

const loadResponse = async (tx: Tx, tenantId: string, id: string, lock = false) => {
  const query = tx
    .select()
    .from(formResponses)
    .where(and(eq(formResponses.tenantId, tenantId), eq(formResponses.id, id)))
  const [row] = await (lock ? query.for("update") : query)
  return row === undefined ? undefined : toResponse(row)
}

const loadVersion = async (tx: Tx, tenantId: string, responseId: string, version: number) => {
  const [row] = await tx
    .select()
    .from(formResponseVersions)
    .where(
      and(
        eq(formResponseVersions.tenantId, tenantId),
        eq(formResponseVersions.responseId, responseId),
        eq(formResponseVersions.version, version),
      ),
    )
  return toVersion(row!)
}

const recipientsOf = async (tx: Tx, tenantId: string, sendingIds: ReadonlyArray<string>) => {
  const bySending = new Map<string, Array<FormRecipient>>()
  if (sendingIds.length === 0) return bySending
  const rows = await tx
    .select()
    .from(formSendingRecipients)
    .where(and(eq(formSendingRecipients.tenantId, tenantId), inArray(formSendingRecipients.sendingId, [...sendingIds])))
    .orderBy(asc(formSendingRecipients.sendingId), asc(formSendingRecipients.position))
  for (const row of rows) {
    const list = bySending.get(row.sendingId) ?? []
    list.push(toRecipient(row))
    bySending.set(row.sendingId, list)
  }
  return bySending
}

const withRecipients = async (tx: Tx, tenantId: string, rows: ReadonlyArray<typeof formSendings.$inferSelect>) => {
  const recipients = await recipientsOf(
    tx,
    tenantId,
    rows.map((row) => row.id),
  )
  return rows.map((row) => toSending(row, recipients.get(row.id) ?? []))
}

const sendingsOfResponse = async (tx: Tx, tenantId: string, responseId: string) =>
  withRecipients(
    tx,
    tenantId,
    await tx
      .select()
      .from(formSendings)
      .where(and(eq(formSendings.tenantId, tenantId), eq(formSendings.responseId, responseId))),
  )

const loadSending = async (tx: Tx, tenantId: string, id: string) => {
  const rows = await tx
    .select()
    .from(formSendings)
    .where(and(eq(formSendings.tenantId, tenantId), eq(formSendings.id, id)))
  return (await withRecipients(tx, tenantId, rows))[0]
}

const organizationExists = async (tx: Tx, tenantId: string, id: string) =>
  (
    await tx
      .select({ id: resources.id })
      .from(resources)
      .where(and(eq(resources.tenantId, tenantId), eq(resources.id, id)))
  ).length > 0

// ---------------------------------------------------------------------------------------------------------------
// Layer
// ---------------------------------------------------------------------------------------------------------------

/**
 * `FormStore` on PostgreSQL (PGlite or a server), over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const FormStoreLive: Layer.Layer<FormStore, never, PgSession | IdGenerator> = Layer.effect(
  FormStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator
    const nextId = () => Effect.runSync(ids.next)
    const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

    const inTenant = <A, E = never>(operation: string, tenantId: string, body: (tx: Tx) => Promise<Outcome<A, E>>) =>
      Effect.flatMap(
        Effect.tryPromise({
          try: () =>
            session
              .transaction({ tenantId }, async (tx) => {
                const outcome = await body(tx)
                if ("error" in outcome) throw new Abort(outcome.error)
                return outcome
              })
              .catch((error: unknown): Outcome<A, E> => {
                if (error instanceof Abort) return { error: error.error as E }
                throw error
              }),
          catch: (cause) => new StoreError({ operation, cause }),
        }),
        (outcome): Effect.Effect<A, E> =>
          "ok" in outcome
            ? Effect.succeed(outcome.ok)
            : Effect.fail("error" in outcome ? outcome.error : outcome.committed),
      )

    /** Appends an audit entry in the transaction, at the operation's instant. */
    const audit = (tx: Tx, actor: Principal, at: Date, event: Parameters<typeof appendAuditEntry>[1]["event"]) =>
      appendAuditEntry(tx, { actor, event, id: nextId(), at })

    // --- definitions -----------------------------------------------------------------------------------------

    const definitionNotFound = (id: string, version?: string) =>
      new NotFound({ entity: "form_definition", id: version === undefined ? id : `${id}@${version}` })

    const definitions = Effect.fn("FormStore.definitions")(function* (query: FormDefinitionQueryInput = {}) {
      const actor = yield* requirePermission("forms:read")
      const summaries = yield* inTenant("FormStore.definitions", actor.tenantId, async (tx) => {
        const rows = await tx
          .select({
            kind: formDefinitions.kind,
            id: formDefinitions.id,
            version: formDefinitions.version,
            status: formDefinitions.status,
            title: sql<unknown>`${formDefinitions.definition} -> 'title'`,
            effectivePeriod: sql<unknown>`${formDefinitions.definition} -> 'effectivePeriod'`,
            derivedFrom: sql<unknown>`${formDefinitions.definition} -> 'derivedFrom'`,
            hasReply: sql<boolean>`${formDefinitions.definition} ? 'replyItem'`,
            revision: formDefinitions.revision,
            updatedAt: formDefinitions.updatedAt,
          })
          .from(formDefinitions)
          .where(eq(formDefinitions.tenantId, actor.tenantId))
        return {
          ok: rows.map(
            (row): FormDefinitionSummary => ({
              origin: "tenant",
              kind: row.kind,
              id: row.id,
              version: row.version,
              status: row.status,
              title: row.title as FormDefinitionSummary["title"],
              ...present("effectivePeriod", row.effectivePeriod as FormDefinitionSummary["effectivePeriod"] | null),
              ...present("derivedFrom", row.derivedFrom as FormDefinitionSummary["derivedFrom"] | null),
              hasReply: row.hasReply === true,
              revision: row.revision,
              updatedAt: iso(row.updatedAt),
            }),
          ),
        }
      })
      const page = pageFormDefinitions(summaries, query)
      return Result.isSuccess(page) ? page.success : yield* Effect.fail(page.failure)
    })

    const definition = Effect.fn("FormStore.definition")(function* (id: string, version?: string) {
      const actor = yield* requirePermission("forms:read")
      const today = formToday((yield* now).getTime())
      const stored = yield* inTenant("FormStore.definition", actor.tenantId, async (tx) => ({
        ok: (
          await tx
            .select()
            .from(formDefinitions)
            .where(and(eq(formDefinitions.tenantId, actor.tenantId), eq(formDefinitions.id, id)))
        ).map(toStoredForm),
      }))
      const found: FormDefinitionEntry | undefined = pickDefinition(stored, id, version, today)
      return found ?? (yield* Effect.fail(definitionNotFound(id, version)))
    })

    const createDefinition = Effect.fn("FormStore.createDefinition")(function* (input: TenantFormSourceInput) {
      const actor = yield* requirePermission("forms:manage")
      const at = yield* now
      return yield* inTenant<TenantFormDefinition, ValidationError | Conflict>(
        "FormStore.createDefinition",
        actor.tenantId,
        async (tx) => {
          // the base of a variant, if it is the tenant's own, is read in this transaction (and locked)
          const raw = input as { kind?: unknown; variant?: { base?: FormTemplateRef } }
          const baseRef = raw.kind === "variant" ? raw.variant?.base : undefined
          const tenantBase =
            baseRef !== undefined && typeof baseRef.id === "string" && typeof baseRef.version === "string"
              ? await tenantFormOf(tx, actor.tenantId, baseRef)
              : undefined
          const resolved = resolveTenantForm(input, (ref) => definitionFor(ref, () => tenantBase))
          if (Result.isFailure(resolved)) return { error: resolved.failure }
          const { id, version } = resolved.success.definition
          const stored: TenantFormDefinition = {
            tenantId: actor.tenantId,
            id,
            version,
            status: resolved.success.definition.status,
            source: resolved.success.source,
            definition: resolved.success.definition,
            createdAt: at.toISOString(),
            createdBy: actor.subject,
            updatedAt: at.toISOString(),
            updatedBy: actor.subject,
            revision: 1,
          }
          const inserted = await tx
            .insert(formDefinitions)
            .values(formColumns(stored))
            .onConflictDoNothing()
            .returning({ id: formDefinitions.id })
          if (inserted.length === 0) {
            return {
              error: new Conflict({ entity: "form_definition", id: `${id}@${version}`, reason: "already_exists" }),
            }
          }
          await audit(tx, actor, at, formDefinitionAuditEvent("form_definition.create", stored))
          return { ok: stored }
        },
      )
    })

    const lockStored = async (tx: Tx, tenantId: string, id: string, version: string) => {
      const [row] = await tx
        .select()
        .from(formDefinitions)
        .where(
          and(eq(formDefinitions.tenantId, tenantId), eq(formDefinitions.id, id), eq(formDefinitions.version, version)),
        )
        .for("update")
      return row === undefined ? undefined : toStoredForm(row)
    }

    const updateDefinition = Effect.fn("FormStore.updateDefinition")(function* (
      id: string,
      version: string,
      input: TenantFormSourceInput,
      optionsInput: z.input<typeof FormDefinitionWriteOptions>,
    ) {
      const actor = yield* requirePermission("forms:manage")
      const options = yield* decode(FormDefinitionWriteOptions, "options")(optionsInput)
      const at = yield* now
      return yield* inTenant<TenantFormDefinition, NotFound | ValidationError | Conflict>(
        "FormStore.updateDefinition",
        actor.tenantId,
        async (tx) => {
          const current = await lockStored(tx, actor.tenantId, id, version)
          if (current === undefined) return { error: definitionNotFound(id, version) }
          if (current.revision !== options.expectedRevision) {
            return {
              error: new Conflict({ entity: "form_definition", id: `${id}@${version}`, reason: "version_mismatch" }),
            }
          }
          const raw = input as { kind?: unknown; variant?: { base?: FormTemplateRef } }
          const baseRef = raw.kind === "variant" ? raw.variant?.base : undefined
          const tenantBase =
            baseRef !== undefined && typeof baseRef.id === "string" && typeof baseRef.version === "string"
              ? await tenantFormOf(tx, actor.tenantId, baseRef)
              : undefined
          const resolved = resolveTenantForm(input, (ref) => definitionFor(ref, () => tenantBase))
          if (Result.isFailure(resolved)) return { error: resolved.failure }
          const allowed = checkFormUpdate(current, resolved.success.source)
          if (Result.isFailure(allowed)) return { error: allowed.failure }
          const stored: TenantFormDefinition = {
            ...current,
            status: resolved.success.definition.status,
            source: resolved.success.source,
            definition: resolved.success.definition,
            updatedAt: at.toISOString(),
            updatedBy: actor.subject,
            revision: current.revision + 1,
          }
          const { tenantId: _t, id: _i, version: _v, createdAt: _c, createdBy: _b, ...changed } = formColumns(stored)
          await tx
            .update(formDefinitions)
            .set(changed)
            .where(
              and(
                eq(formDefinitions.tenantId, actor.tenantId),
                eq(formDefinitions.id, id),
                eq(formDefinitions.version, version),
              ),
            )
          await audit(tx, actor, at, formDefinitionAuditEvent("form_definition.update", stored))
          return { ok: stored }
        },
      )
    })

    const deleteDefinition = Effect.fn("FormStore.deleteDefinition")(function* (
      id: string,
      version: string,
      optionsInput: z.input<typeof FormDefinitionWriteOptions>,
    ) {
      const actor = yield* requirePermission("forms:manage")
      const options = yield* decode(FormDefinitionWriteOptions, "options")(optionsInput)
      const at = yield* now
      yield* inTenant<void, NotFound | Conflict>("FormStore.deleteDefinition", actor.tenantId, async (tx) => {
        const current = await lockStored(tx, actor.tenantId, id, version)
        const key = `${id}@${version}`
        if (current === undefined) return { error: definitionNotFound(id, version) }
        if (current.revision !== options.expectedRevision) {
          return { error: new Conflict({ entity: "form_definition", id: key, reason: "version_mismatch" }) }
        }
        if (current.status !== "draft") {
          return { error: new Conflict({ entity: "form_definition", id: key, reason: "state", state: current.status }) }
        }
        const [dependent] = await tx
          .select({ id: formDefinitions.id })
          .from(formDefinitions)
          .where(
            and(
              eq(formDefinitions.tenantId, actor.tenantId),
              eq(formDefinitions.baseId, id),
              eq(formDefinitions.baseVersion, version),
            ),
          )
          .limit(1)
        if (dependent !== undefined) {
          return { error: new Conflict({ entity: "form_definition", id: key, reason: "state", state: "in_use" }) }
        }
        await tx
          .delete(formDefinitions)
          .where(
            and(
              eq(formDefinitions.tenantId, actor.tenantId),
              eq(formDefinitions.id, id),
              eq(formDefinitions.version, version),
            ),
          )
        await audit(tx, actor, at, formDefinitionAuditEvent("form_definition.delete", current))
        return { ok: undefined }
      })
    })

    const validate = Effect.fn("FormStore.validate")(function* (input: unknown) {
      const actor = yield* requirePermission("forms:read")
      const envelope = yield* decode(FormResponse, "form response")(input)
      const today = formToday((yield* now).getTime())
      const found = yield* inTenant("FormStore.validate", actor.tenantId, async (tx) => ({
        ok: await findDefinition(tx, actor.tenantId, envelope.template),
      }))
      if (found === undefined) {
        return yield* Effect.fail(definitionNotFound(envelope.template.id, envelope.template.version))
      }
      return validateFormResponse(found, input, { today })
    })

    // --- responses -------------------------------------------------------------------------------------------

    const responseNotFound = (id: string) => new NotFound({ entity: "form_response", id })
    const sendingNotFound = (id: string) => new NotFound({ entity: "form_sending", id })

    /** Commits the `denied` audit entry of a refused access, then answers NotFound. */
    const refuseResponse = async (
      tx: Tx,
      actor: Principal,
      at: Date,
      response: FormResponseRecord,
      action: "form_response.read" | "form_response.update",
    ): Promise<Outcome<never, NotFound>> => {
      await audit(tx, actor, at, formResponseAuditEvent(action, response, {}, "denied"))
      return { committed: responseNotFound(response.id) }
    }

    /** Runs `create` unless the idempotency key was used before (then the earlier result, or a Conflict). */
    const idempotent = async <A, E>(
      tx: Tx,
      tenantId: string,
      operation: string,
      key: string | undefined,
      fingerprint: string,
      at: Date,
      existing: (id: string) => Promise<A>,
      create: () => Promise<Outcome<{ readonly id: string; readonly value: A }, E>>,
    ): Promise<Outcome<A, E | Conflict>> => {
      if (key !== undefined) {
        const [previous] = await tx
          .select()
          .from(idempotencyKeys)
          .where(
            and(
              eq(idempotencyKeys.tenantId, tenantId),
              eq(idempotencyKeys.operation, operation),
              eq(idempotencyKeys.key, key),
            ),
          )
        if (previous !== undefined) {
          return previous.requestHash === fingerprint
            ? { ok: await existing(previous.resultId) }
            : { error: new Conflict({ entity: "idempotency_key", id: key, reason: "already_exists" }) }
        }
      }
      const made = await create()
      if (!("ok" in made)) return made
      if (key !== undefined) {
        await tx.insert(idempotencyKeys).values({
          tenantId,
          operation,
          key,
          requestHash: fingerprint,
          resultId: made.ok.id,
          createdAt: at.toISOString(),
        })
      }
      return { ok: made.ok.value }
    }

    /** Two requests with the same new key at once: the loser's insert hits the key's primary key; try again. */
    const retryOnKeyRace = <A, E>(attempt: Effect.Effect<A, E | StoreError>) =>
      attempt.pipe(
        Effect.catchIf(
          (error): error is StoreError =>
            error instanceof StoreError &&
            isUniqueViolation(error.cause, "idempotency_keys_tenant_id_operation_key_pk"),
          () => attempt,
        ),
      )

    const createResponse = Effect.fn("FormStore.createResponse")(function* (
      input: NewFormResponseInput,
      optionsInput: z.input<typeof IdempotencyOptions> = {},
    ) {
      const actor = yield* requirePermission("forms:exchange")
      const parsed = yield* decode(NewFormResponse, "form response")(input)
      const { idempotencyKey } = yield* decode(IdempotencyOptions, "options")(optionsInput)
      if (!worksFor(actor, parsed.organizationId)) {
        return yield* Effect.fail(notOwnOrganization(actor, parsed.organizationId))
      }
      const fingerprint = yield* requestFingerprint(parsed)
      const at = yield* now
      const today = formToday(at.getTime())
      const id = FormResponseId.parse(yield* ids.next)
      const attempt = inTenant<FormResponseRecord, ValidationError | Conflict>(
        "FormStore.createResponse",
        actor.tenantId,
        (tx) =>
          idempotent(
            tx,
            actor.tenantId,
            "form_response.create",
            idempotencyKey,
            fingerprint,
            at,
            async (existing) => (await loadResponse(tx, actor.tenantId, existing))!,
            async () => {
              const found = await findDefinition(tx, actor.tenantId, parsed.template)
              if (found === undefined || !isFormUsableOn(found, today)) {
                return { error: unusableForm(parsed.template, found) }
              }
              if (!(await organizationExists(tx, actor.tenantId, parsed.organizationId))) {
                return {
                  error: unknownOrganization("form response", ["organizationId"], parsed.organizationId),
                }
              }
              const answers = checkResponseAnswers(found, "in-progress", parsed.answers, today)
              if (Result.isFailure(answers)) return { error: answers.failure }
              const response: FormResponseRecord = {
                id,
                tenantId: actor.tenantId,
                template: parsed.template,
                organizationId: parsed.organizationId,
                ...(parsed.caseId === undefined ? {} : { caseId: parsed.caseId }),
                status: "in-progress",
                answers: answers.success,
                version: 1,
                createdAt: at.toISOString(),
                createdBy: actor.subject,
                updatedAt: at.toISOString(),
                updatedBy: actor.subject,
              }
              await tx.insert(formResponses).values({
                tenantId: actor.tenantId,
                id,
                templateId: response.template.id,
                templateVersion: response.template.version,
                organizationId: response.organizationId,
                createdAt: response.createdAt,
                createdBy: response.createdBy,
                ...responseColumns(response),
              })
              await tx.insert(formResponseVersions).values(versionColumns(actor.tenantId, versionOf(response)))
              await audit(tx, actor, at, formResponseAuditEvent("form_response.create", response))
              return { ok: { id, value: response } }
            },
          ),
      )
      return yield* retryOnKeyRace(attempt)
    })

    /** Receipts for the recipient rows of the reader's organisations that were not read yet (each once). */
    const recordReceipts = async (tx: Tx, actor: Principal, at: Date, sendings: ReadonlyArray<StoredFormSending>) => {
      for (const sending of sendings) {
        const unread = sending.recipients.filter((r) => worksFor(actor, r.organizationId) && r.receivedAt === undefined)
        if (unread.length === 0) continue
        const updated = await tx
          .update(formSendingRecipients)
          .set({ state: "received", receivedAt: at.toISOString(), receivedBy: actor.subject })
          .where(
            and(
              eq(formSendingRecipients.tenantId, actor.tenantId),
              eq(formSendingRecipients.sendingId, sending.id),
              inArray(
                formSendingRecipients.organizationId,
                unread.map((r) => r.organizationId),
              ),
              isNull(formSendingRecipients.receivedAt),
            ),
          )
          .returning({ organizationId: formSendingRecipients.organizationId })
        if (updated.length > 0) {
          await audit(
            tx,
            actor,
            at,
            formSendingAuditEvent(
              "form_sending.receive",
              sending,
              updated.map((row) => row.organizationId),
            ),
          )
        }
      }
    }

    const response = Effect.fn("FormStore.response")(function* (id: FormResponseId) {
      const actor = yield* requirePermission("forms:exchange")
      const at = yield* now
      return yield* inTenant<FormResponseRecord, NotFound>("FormStore.response", actor.tenantId, async (tx) => {
        const current = await loadResponse(tx, actor.tenantId, id)
        if (current === undefined) return { error: responseNotFound(id) }
        const sendings = await sendingsOfResponse(tx, actor.tenantId, id)
        const access = responseAccess(actor, current, sendings)
        if (access === undefined) return refuseResponse(tx, actor, at, current, "form_response.read")
        if (access.author) {
          await audit(tx, actor, at, formResponseAuditEvent("form_response.read", current, { as: "author" }))
          return { ok: current }
        }
        const seen = recordAtVersion(current, await loadVersion(tx, actor.tenantId, id, access.version))
        await audit(
          tx,
          actor,
          at,
          formResponseAuditEvent("form_response.read", seen, { as: "recipient", organizations: access.organizations }),
        )
        await recordReceipts(tx, actor, at, sendings)
        return { ok: seen }
      })
    })

    const responseVersions = Effect.fn("FormStore.responseVersions")(function* (id: FormResponseId) {
      const actor = yield* requirePermission("forms:exchange")
      const at = yield* now
      return yield* inTenant<ReadonlyArray<FormResponseVersion>, NotFound>(
        "FormStore.responseVersions",
        actor.tenantId,
        async (tx) => {
          const current = await loadResponse(tx, actor.tenantId, id)
          if (current === undefined) return { error: responseNotFound(id) }
          const sendings = await sendingsOfResponse(tx, actor.tenantId, id)
          const access = responseAccess(actor, current, sendings)
          if (access === undefined) return refuseResponse(tx, actor, at, current, "form_response.read")
          const all = (
            await tx
              .select()
              .from(formResponseVersions)
              .where(and(eq(formResponseVersions.tenantId, actor.tenantId), eq(formResponseVersions.responseId, id)))
              .orderBy(asc(formResponseVersions.version))
          ).map(toVersion)
          const sent = new Set(
            sendings
              .filter((sending) => sending.recipients.some((r) => worksFor(actor, r.organizationId)))
              .map((sending) => sending.responseVersion),
          )
          const visible = access.author ? all : all.filter((v) => sent.has(v.version))
          await audit(
            tx,
            actor,
            at,
            formResponseAuditEvent("form_response.read_versions", current, {
              as: access.author ? "author" : "recipient",
              versions: visible.map((v) => String(v.version)),
            }),
          )
          return { ok: visible }
        },
      )
    })

    const responses = Effect.fn("FormStore.responses")(function* (input: FormResponseQueryInput = {}) {
      const actor = yield* requirePermission("forms:exchange")
      const query = yield* decode(FormResponseQuery, "query")(input)
      if (query.organizationId !== undefined && !worksFor(actor, query.organizationId)) {
        return yield* Effect.fail(notOwnOrganization(actor, query.organizationId))
      }
      const cursor = query.cursor === undefined ? undefined : decodeFormListCursor("responses", query.cursor)
      if (cursor !== undefined && Result.isFailure(cursor)) return yield* Effect.fail(cursor.failure)
      const after = cursor?.success
      const organizations = query.organizationId === undefined ? [...(actor.resources ?? [])] : [query.organizationId]
      if (organizations.length === 0) return { items: [], nextCursor: null }
      return yield* inTenant("FormStore.responses", actor.tenantId, async (tx) => {
        const rows = await tx
          .select()
          .from(formResponses)
          .where(
            and(
              eq(formResponses.tenantId, actor.tenantId),
              inArray(formResponses.organizationId, organizations),
              query.status === undefined ? undefined : inArray(formResponses.status, [...query.status]),
              query.templateId === undefined ? undefined : eq(formResponses.templateId, query.templateId),
              query.caseId === undefined ? undefined : eq(formResponses.caseId, query.caseId),
              after === undefined
                ? undefined
                : sql`(${formResponses.updatedAt}, ${formResponses.id}) < (${new Date(after.at).toISOString()}::timestamptz, ${after.id}::uuid)`,
            ),
          )
          .orderBy(desc(formResponses.updatedAt), desc(formResponses.id))
          .limit(query.limit + 1)
        const items = rows.slice(0, query.limit).map((row) => responseSummary(toResponse(row)))
        const last = items[items.length - 1]
        return {
          ok: {
            items,
            nextCursor:
              rows.length > query.limit && last !== undefined
                ? encodeFormListCursor("responses", { at: Date.parse(last.updatedAt), id: last.id })
                : null,
          },
        }
      })
    })

    const step = (id: FormResponseId, expectedVersion: number, next: FormResponseStep) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const at = yield* now
        const today = formToday(at.getTime())
        return yield* inTenant<FormResponseRecord, NotFound | Conflict | ValidationError | Forbidden>(
          `FormStore.${next.step}`,
          actor.tenantId,
          async (tx) => {
            const current = await loadResponse(tx, actor.tenantId, id, true)
            if (current === undefined) return { error: responseNotFound(id) }
            const access = responseAccess(actor, current, await sendingsOfResponse(tx, actor.tenantId, id))
            if (access === undefined) return refuseResponse(tx, actor, at, current, "form_response.update")
            if (!access.author) return { error: notOwnOrganization(actor, current.organizationId) }
            if (current.version !== expectedVersion) {
              return { error: new Conflict({ entity: "form_response", id, reason: "version_mismatch" }) }
            }
            const found = await findDefinition(tx, actor.tenantId, current.template)
            if (found === undefined) return { error: responseNotFound(id) }
            const stepped = stepFormResponse(current, next, {
              definition: found,
              today,
              at: at.toISOString(),
              by: actor.subject,
            })
            if (Result.isFailure(stepped)) return { error: stepped.failure }
            await tx
              .update(formResponses)
              .set(responseColumns(stepped.success.response))
              .where(and(eq(formResponses.tenantId, actor.tenantId), eq(formResponses.id, id)))
            await tx.insert(formResponseVersions).values(versionColumns(actor.tenantId, stepped.success.version))
            await audit(
              tx,
              actor,
              at,
              formResponseAuditEvent(formResponseStepActions[next.step], stepped.success.response),
            )
            return { ok: stepped.success.response }
          },
        )
      })

    const writeOptions = (input: z.input<typeof ResponseWriteOptions>) => decode(ResponseWriteOptions, "options")(input)

    const editResponse = Effect.fn("FormStore.editResponse")(function* (
      id: FormResponseId,
      edit: z.input<typeof FormResponseEdit>,
      options: z.input<typeof ResponseWriteOptions>,
    ) {
      yield* requirePermission("forms:exchange")
      const parsed = yield* decode(FormResponseEdit, "form response")(edit)
      const { expectedVersion } = yield* writeOptions(options)
      return yield* step(id, expectedVersion, { step: "edit", edit: parsed })
    })

    const completeResponse = Effect.fn("FormStore.completeResponse")(function* (
      id: FormResponseId,
      options: z.input<typeof ResponseWriteOptions>,
    ) {
      yield* requirePermission("forms:exchange")
      const { expectedVersion } = yield* writeOptions(options)
      return yield* step(id, expectedVersion, { step: "complete" })
    })

    const amendResponse = Effect.fn("FormStore.amendResponse")(function* (
      id: FormResponseId,
      amendment: z.input<typeof FormAmendment>,
      options: z.input<typeof ResponseWriteOptions>,
    ) {
      yield* requirePermission("forms:exchange")
      const parsed = yield* decode(FormAmendment, "form response")(amendment)
      const { expectedVersion } = yield* writeOptions(options)
      return yield* step(id, expectedVersion, { step: "amend", amendment: parsed })
    })

    const markEnteredInError = Effect.fn("FormStore.markEnteredInError")(function* (
      id: FormResponseId,
      input: z.input<typeof EnteredInError>,
      options: z.input<typeof ResponseWriteOptions>,
    ) {
      yield* requirePermission("forms:exchange")
      const parsed = yield* decode(EnteredInError, "form response")(input)
      const { expectedVersion } = yield* writeOptions(options)
      return yield* step(id, expectedVersion, { step: "entered-in-error", reason: parsed.reason })
    })

    const linkCase = Effect.fn("FormStore.linkCase")(function* (
      id: FormResponseId,
      caseId: string | null,
      options: z.input<typeof ResponseWriteOptions>,
    ) {
      yield* requirePermission("forms:exchange")
      const parsed = yield* decode(FormResponseEdit.pick({ caseId: true }).required(), "form response")({ caseId })
      const { expectedVersion } = yield* writeOptions(options)
      return yield* step(id, expectedVersion, { step: "link_case", caseId: parsed.caseId })
    })

    // --- exchange --------------------------------------------------------------------------------------------

    const viewOf = async (tx: Tx, actor: Principal, sending: StoredFormSending): Promise<FormSending> => {
      const sent = await loadVersion(tx, actor.tenantId, sending.responseId, sending.responseVersion)
      const [current] = await tx
        .select({ status: formResponses.status })
        .from(formResponses)
        .where(and(eq(formResponses.tenantId, actor.tenantId), eq(formResponses.id, sending.responseId)))
      return {
        ...sendingFor(actor, sending),
        status: sent.status,
        answers: sent.answers,
        currentStatus: current!.status,
      }
    }

    const send = Effect.fn("FormStore.send")(function* (
      responseId: FormResponseId,
      input: SendFormInput,
      optionsInput: z.input<typeof IdempotencyOptions> = {},
    ) {
      const actor = yield* requirePermission("forms:exchange")
      const parsed = yield* decode(SendForm, "sending")(input)
      const { idempotencyKey } = yield* decode(IdempotencyOptions, "options")(optionsInput)
      const fingerprint = yield* requestFingerprint({ responseId, ...parsed })
      const at = yield* now
      const id = FormSendingId.parse(yield* ids.next)
      const attempt = inTenant<FormSending, NotFound | Conflict | ValidationError | Forbidden>(
        "FormStore.send",
        actor.tenantId,
        (tx) =>
          idempotent<FormSending, NotFound | Conflict | ValidationError | Forbidden>(
            tx,
            actor.tenantId,
            "form_sending.send",
            idempotencyKey,
            fingerprint,
            at,
            async (existing) => viewOf(tx, actor, (await loadSending(tx, actor.tenantId, existing))!),
            async () => {
              const current = await loadResponse(tx, actor.tenantId, responseId, true)
              if (current === undefined) return { error: responseNotFound(responseId) }
              const access = responseAccess(actor, current, await sendingsOfResponse(tx, actor.tenantId, responseId))
              if (access === undefined) return refuseResponse(tx, actor, at, current, "form_response.update")
              if (!access.author) return { error: notOwnOrganization(actor, current.organizationId) }
              for (const [index, recipient] of parsed.recipients.entries()) {
                if (recipient === current.organizationId) continue // reported by prepareSending
                if (!(await organizationExists(tx, actor.tenantId, recipient))) {
                  return { error: unknownOrganization("sending", ["recipients", index], recipient) }
                }
              }
              const prepared = prepareSending(current, parsed, { id, at: at.toISOString(), by: actor.subject })
              if (Result.isFailure(prepared)) return { error: prepared.failure }
              const sending = prepared.success
              await tx.insert(formSendings).values({
                tenantId: actor.tenantId,
                id: sending.id,
                responseId: sending.responseId,
                responseVersion: sending.responseVersion,
                templateId: sending.template.id,
                templateVersion: sending.template.version,
                fromOrganizationId: sending.from,
                caseId: sending.caseId ?? null,
                note: sending.note ?? null,
                attachments: sending.attachments,
                sentAt: sending.sentAt,
                sentBy: sending.sentBy,
              })
              await tx.insert(formSendingRecipients).values(
                sending.recipients.map((recipient, position) => ({
                  tenantId: actor.tenantId,
                  sendingId: sending.id,
                  organizationId: recipient.organizationId,
                  position,
                  ...recipientColumns(recipient),
                })),
              )
              await audit(tx, actor, at, formSendingAuditEvent("form_sending.send", sending, parsed.recipients))
              return { ok: { id: sending.id, value: await viewOf(tx, actor, sending) } }
            },
          ),
      )
      return yield* retryOnKeyRace(attempt)
    })

    const refuseSending = async (
      tx: Tx,
      actor: Principal,
      at: Date,
      sending: StoredFormSending,
      action: Parameters<typeof deniedSendingAuditEvent>[0],
    ): Promise<Outcome<never, NotFound>> => {
      await audit(tx, actor, at, deniedSendingAuditEvent(action, sending))
      return { committed: sendingNotFound(sending.id) }
    }

    const sending = Effect.fn("FormStore.sending")(function* (id: FormSendingId) {
      const actor = yield* requirePermission("forms:exchange")
      const at = yield* now
      return yield* inTenant<FormSending, NotFound>("FormStore.sending", actor.tenantId, async (tx) => {
        const found = await loadSending(tx, actor.tenantId, id)
        if (found === undefined) return { error: sendingNotFound(id) }
        if (!canReadSending(actor, found)) return refuseSending(tx, actor, at, found, "form_response.read")
        const response = (await loadResponse(tx, actor.tenantId, found.responseId))!
        const sent = await loadVersion(tx, actor.tenantId, found.responseId, found.responseVersion)
        await audit(
          tx,
          actor,
          at,
          formResponseAuditEvent("form_response.read", recordAtVersion(response, sent), {
            as: worksFor(actor, found.from) ? "author" : "recipient",
            sendingId: found.id,
            organizations: sendingFor(actor, found).recipients.map((r) => r.organizationId),
          }),
        )
        await recordReceipts(tx, actor, at, [found])
        return { ok: await viewOf(tx, actor, (await loadSending(tx, actor.tenantId, id))!) }
      })
    })

    const recipientStep = (
      id: FormSendingId,
      organizationId: string | undefined,
      action: "form_sending.acknowledge" | "form_sending.return" | "form_sending.reply",
      next: (tx: Tx, sending: StoredFormSending) => Promise<Result.Result<RecipientStep, ValidationError>>,
    ) =>
      Effect.gen(function* () {
        const actor = yield* Actor
        const at = yield* now
        return yield* inTenant<FormSending, NotFound | Conflict | ValidationError>(
          `FormStore.${action}`,
          actor.tenantId,
          async (tx) => {
            const found = await loadSending(tx, actor.tenantId, id)
            if (found === undefined) return { error: sendingNotFound(id) }
            if (!canReadSending(actor, found)) return refuseSending(tx, actor, at, found, action)
            const acting = actingRecipient(actor, found, organizationId)
            if (acting === undefined) {
              return {
                error: new ValidationError({
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
              }
            }
            if (Result.isFailure(acting)) return { error: acting.failure }
            // lock the recipient's row and step it as it is now
            const [row] = await tx
              .select()
              .from(formSendingRecipients)
              .where(
                and(
                  eq(formSendingRecipients.tenantId, actor.tenantId),
                  eq(formSendingRecipients.sendingId, id),
                  eq(formSendingRecipients.organizationId, acting.success.organizationId),
                ),
              )
              .for("update")
            const recipient = toRecipient(row!)
            const nextStep = await next(tx, found)
            if (Result.isFailure(nextStep)) return { error: nextStep.failure }
            const stepped = stepRecipient(id, recipient, nextStep.success, { at: at.toISOString(), by: actor.subject })
            if (Result.isFailure(stepped)) return { error: stepped.failure }
            await tx
              .update(formSendingRecipients)
              .set(recipientColumns(stepped.success))
              .where(
                and(
                  eq(formSendingRecipients.tenantId, actor.tenantId),
                  eq(formSendingRecipients.sendingId, id),
                  eq(formSendingRecipients.organizationId, recipient.organizationId),
                ),
              )
            await audit(tx, actor, at, formSendingAuditEvent(action, found, [recipient.organizationId]))
            return { ok: await viewOf(tx, actor, (await loadSending(tx, actor.tenantId, id))!) }
          },
        )
      })

    const acknowledge = Effect.fn("FormStore.acknowledge")(function* (
      id: FormSendingId,
      input: z.input<typeof RecipientAction> = {},
    ) {
      yield* requirePermission("forms:exchange")
      const parsed = yield* decode(RecipientAction, "request body")(input)
      return yield* recipientStep(id, parsed.organizationId, "form_sending.acknowledge", async () =>
        Result.succeed({ step: "acknowledge" }),
      )
    })

    const returnSending = Effect.fn("FormStore.returnSending")(function* (
      id: FormSendingId,
      input: z.input<typeof ReturnSending>,
    ) {
      yield* requirePermission("forms:exchange")
      const parsed = yield* decode(ReturnSending, "request body")(input)
      return yield* recipientStep(id, parsed.organizationId, "form_sending.return", async () =>
        Result.succeed({ step: "return", comment: parsed.comment }),
      )
    })

    const reply = Effect.fn("FormStore.reply")(function* (id: FormSendingId, input: z.input<typeof ReplySending>) {
      const actor = yield* requirePermission("forms:exchange")
      const parsed = yield* decode(ReplySending, "reply")(input)
      const today = formToday((yield* now).getTime())
      return yield* recipientStep(id, parsed.organizationId, "form_sending.reply", async (tx, found) => {
        const form = (await findDefinition(tx, actor.tenantId, found.template))!
        const sent = await loadVersion(tx, actor.tenantId, found.responseId, found.responseVersion)
        const checked = checkReply(form, sent.answers, parsed.answers, today)
        return Result.map(checked, (answers): RecipientStep => ({ step: "reply", answers }))
      })
    })

    const box = (kind: "inbox" | "outbox") =>
      Effect.fn(`FormStore.${kind}`)(function* (input: FormExchangeQueryInput) {
        const actor = yield* requirePermission("forms:exchange")
        const query = yield* decode(FormExchangeQuery, "query")(input)
        if (!worksFor(actor, query.organizationId)) {
          return yield* Effect.fail(notOwnOrganization(actor, query.organizationId))
        }
        const cursor = query.cursor === undefined ? undefined : decodeFormListCursor(kind, query.cursor)
        if (cursor !== undefined && Result.isFailure(cursor)) return yield* Effect.fail(cursor.failure)
        const after = cursor?.success
        return yield* inTenant("FormStore.box", actor.tenantId, async (tx) => {
          const states = query.state === undefined ? undefined : [...query.state]
          const stateFilter =
            states === undefined
              ? undefined
              : kind === "inbox"
                ? inArray(formSendingRecipients.state, states)
                : sql`exists (select 1 from ${formSendingRecipients} r where r.tenant_id = ${formSendings.tenantId}
                    and r.sending_id = ${formSendings.id} and r.state in ${states})`
          const filters = and(
            eq(formSendings.tenantId, actor.tenantId),
            kind === "outbox" ? eq(formSendings.fromOrganizationId, query.organizationId) : undefined,
            query.templateId === undefined ? undefined : eq(formSendings.templateId, query.templateId),
            query.caseId === undefined ? undefined : eq(formSendings.caseId, query.caseId),
            query.sentFrom === undefined ? undefined : sql`${formSendings.sentAt} >= ${query.sentFrom}::timestamptz`,
            query.sentTo === undefined ? undefined : sql`${formSendings.sentAt} < ${query.sentTo}::timestamptz`,
            stateFilter,
            after === undefined
              ? undefined
              : sql`(${formSendings.sentAt}, ${formSendings.id}) < (${new Date(after.at).toISOString()}::timestamptz, ${after.id}::uuid)`,
          )
          const rows =
            kind === "inbox"
              ? (
                  await tx
                    .select({ sending: formSendings })
                    .from(formSendings)
                    .innerJoin(
                      formSendingRecipients,
                      and(
                        eq(formSendingRecipients.tenantId, formSendings.tenantId),
                        eq(formSendingRecipients.sendingId, formSendings.id),
                        eq(formSendingRecipients.organizationId, query.organizationId),
                      ),
                    )
                    .where(filters)
                    .orderBy(desc(formSendings.sentAt), desc(formSendings.id))
                    .limit(query.limit + 1)
                ).map((row) => row.sending)
              : await tx
                  .select()
                  .from(formSendings)
                  .where(filters)
                  .orderBy(desc(formSendings.sentAt), desc(formSendings.id))
                  .limit(query.limit + 1)
          const pageRows = rows.slice(0, query.limit)
          const sendings = await withRecipients(tx, actor.tenantId, pageRows)
          const items: Array<FormSendingSummary> = sendings.map((s) =>
            sendingSummary(
              kind === "inbox"
                ? { ...s, recipients: s.recipients.filter((r) => r.organizationId === query.organizationId) }
                : s,
            ),
          )
          const last = items[items.length - 1]
          return {
            ok: {
              items,
              nextCursor:
                rows.length > query.limit && last !== undefined
                  ? encodeFormListCursor(kind, { at: Date.parse(last.sentAt), id: last.id })
                  : null,
            },
          }
        })
      })

    const caseSendings = Effect.fn("FormStore.caseSendings")(function* (caseIds: ReadonlyArray<string>) {
      const actor = yield* requirePermission("cases:read")
      if (caseIds.length === 0) return []
      return yield* inTenant("FormStore.caseSendings", actor.tenantId, async (tx) => {
        const rows = (
          await tx
            .select({ sending: formSendings })
            .from(formSendings)
            .innerJoin(
              formResponses,
              and(eq(formResponses.tenantId, formSendings.tenantId), eq(formResponses.id, formSendings.responseId)),
            )
            .where(
              and(
                eq(formSendings.tenantId, actor.tenantId),
                inArray(formSendings.caseId, [...new Set(caseIds)]),
                ne(formResponses.status, "entered-in-error"),
              ),
            )
            .orderBy(asc(formSendings.sentAt), asc(formSendings.id))
        ).map((row) => row.sending)
        const baseOf = await tenantBases(tx, actor.tenantId)
        return {
          ok: (await withRecipients(tx, actor.tenantId, rows)).map((x) =>
            caseSendingOf(x, templateLineage(x.template, baseOf)),
          ),
        }
      })
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
