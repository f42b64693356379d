/**
 * 様式の一覧 (the form library of a tenant): the national standard sheets, read-only and the same for every tenant
 * ({@link formTemplates}), and the tenant's own definitions and regional variants (地域版), each stored as it was
 * given and resolved to a full {@link FormDefinition} when saved.
 *
 * Decisions every store follows (the contract suite checks each one):
 * - **Identity.** A tenant definition is keyed by template id and version; an id of a national template is
 *   reserved (`reserved_id`), so a response's `template` always names one definition.
 * - **Variants.** A variant derives from a national template or from one of the tenant's own definitions, named by
 *   exact id and version; it is resolved with {@link resolveFormVariant} and every problem is reported.
 * - **In use means frozen.** Responses record the exact version they were filled against, so only a `draft` may be
 *   changed or deleted. An `active` or `retired` definition may only change status (retire it, or make it active
 *   again); it never goes back to `draft` ({@link Conflict} `state`). A definition that a stored variant derives
 *   from cannot be deleted.
 * - **Revision.** Every stored change increments `revision` (the `ETag`); updates name the revision they replace.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as z from "zod"
import { decodeSync } from "./Decode.js"
import { Conflict, ValidationError } from "./Errors.js"
import {
  EffectivePeriod,
  FormDefinition,
  FormStatus,
  FormTemplateId,
  FormTemplateRef,
  FormVersion,
} from "./FormDefinition.js"
import { findFormTemplate, formTemplates } from "./FormTemplates.js"
import { compareFormVersions, FormVariant, isFormUsableOn, resolveFormVariant } from "./FormVariant.js"
import type { TenantId } from "./Ids.js"
import { fromBase64Url, invalidCursor, toBase64Url } from "./internal/cursor.js"
import { equalValues } from "./internal/values.js"
import { LocalizedText } from "./Label.js"
import { IsoDate } from "./Period.js"
import type { ActorRef } from "./Resource.js"
import { compareCodePoints } from "./ResourceStore.js"

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

/**
 * 様式の出所 (origin): `national` (a standard sheet shipped with Zaitaku, read-only) or `tenant` (a tenant's own
 * definition or regional variant).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { FormOrigin } from "@zaitaku/core"
 *
 * FormOrigin.options // ["national", "tenant"]
 * ```
 */
export const FormOrigin = z.enum(["national", "tenant"])
/** @since 0.1.0 @category models */
export type FormOrigin = z.infer<typeof FormOrigin>

/**
 * 登録する様式 (a tenant form as given): a whole definition (`kind: "definition"`) or a regional variant of a
 * national template or of one of the tenant's definitions (`kind: "variant"`).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { TenantFormSource } from "@zaitaku/core"
 *
 * TenantFormSource.parse({
 *   kind: "variant",
 *   variant: {
 *     id: "admission-information.hachinohe",
 *     version: "1.0.0",
 *     status: "draft",
 *     base: { id: "admission-information", version: "1.0.0" },
 *     changes: [{ op: "constrain", linkId: "admission_date", required: true }],
 *   },
 * })
 * ```
 */
export const TenantFormSource = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("definition"), definition: FormDefinition }).strict(),
  z.object({ kind: z.literal("variant"), variant: FormVariant }).strict(),
])
/** @since 0.1.0 @category models */
export type TenantFormSource = z.infer<typeof TenantFormSource>
/** The input form of a {@link TenantFormSource}. @since 0.1.0 @category models */
export type TenantFormSourceInput = z.input<typeof TenantFormSource>

/**
 * 登録済みの様式 (a stored tenant form): the source as given, the resolved definition responses are validated
 * against, and who stored it when. `revision` increases with every change (the `ETag`).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { TenantFormDefinition } from "@zaitaku/core"
 *
 * declare const stored: TenantFormDefinition
 * stored.definition.derivedFrom // the base of a variant
 * ```
 */
export interface TenantFormDefinition {
  readonly tenantId: TenantId
  readonly id: FormTemplateId
  readonly version: FormVersion
  readonly status: FormStatus
  readonly source: TenantFormSource
  readonly definition: FormDefinition
  readonly createdAt: string
  readonly createdBy: ActorRef
  readonly updatedAt: string
  readonly updatedBy: ActorRef
  readonly revision: number
}

/**
 * 様式の概要 (definition summary), as listed: identity, status, title and where it comes from.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { FormDefinitionSummary } from "@zaitaku/core"
 *
 * FormDefinitionSummary.shape.origin
 * ```
 */
export const FormDefinitionSummary = z.object({
  origin: FormOrigin,
  kind: z.enum(["definition", "variant"]),
  id: FormTemplateId,
  version: FormVersion,
  status: FormStatus,
  title: LocalizedText,
  effectivePeriod: EffectivePeriod.optional(),
  derivedFrom: FormTemplateRef.optional(),
  /** Whether the form has a reply section (返信欄) the recipient fills in. */
  hasReply: z.boolean(),
  /** Tenant forms only: the stored revision (the `ETag`) and when it last changed. */
  revision: z.int().min(1).optional(),
  updatedAt: z.iso.datetime({ offset: true }).optional(),
})
/** @since 0.1.0 @category models */
export type FormDefinitionSummary = z.infer<typeof FormDefinitionSummary>

/**
 * 様式（詳細） (a definition with its origin): the resolved definition, and for a tenant form its source and
 * revision.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { FormDefinitionEntry } from "@zaitaku/core"
 *
 * declare const entry: FormDefinitionEntry
 * entry.origin === "national" ? entry.definition.title.ja : entry.source
 * ```
 */
export interface FormDefinitionEntry {
  readonly origin: FormOrigin
  readonly definition: FormDefinition
  readonly source?: TenantFormSource
  readonly revision?: number
  readonly updatedAt?: string
}

/**
 * Options of changing a tenant form: the revision the caller last saw (the `If-Match` ETag).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { FormDefinitionWriteOptions } from "@zaitaku/core"
 *
 * FormDefinitionWriteOptions.parse({ expectedRevision: 2 })
 * ```
 */
export const FormDefinitionWriteOptions = z.object({ expectedRevision: z.int().min(1) }).strict()
/** @since 0.1.0 @category models */
export type FormDefinitionWriteOptions = z.infer<typeof FormDefinitionWriteOptions>

// ---------------------------------------------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------------------------------------------

const problem = (subject: string, path: ReadonlyArray<string | number>, code: string, ja: string, en: string) =>
  new ValidationError({ subject, issues: [{ path: [...path], code, message: { ja, en } }] })

/**
 * The identity and status of a source, whichever kind it is.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { sourceIdentity, type TenantFormSource } from "@zaitaku/core"
 *
 * declare const source: TenantFormSource
 * sourceIdentity(source).version
 * ```
 */
export const sourceIdentity = (
  source: TenantFormSource,
): { readonly id: string; readonly version: string; readonly status: FormStatus } =>
  source.kind === "definition" ? source.definition : source.variant

/**
 * The reference a variant derives from, or `undefined` for a whole definition.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { sourceBase, type TenantFormSource } from "@zaitaku/core"
 *
 * declare const source: TenantFormSource
 * sourceBase(source)?.id
 * ```
 */
export const sourceBase = (source: TenantFormSource): FormTemplateRef | undefined =>
  source.kind === "variant" ? source.variant.base : undefined

/**
 * 様式を展開する (resolve a tenant form), pure: decodes the source and returns the full definition — a whole
 * definition as it is, a variant resolved against its base (`findBase`: the national template or the tenant's own
 * definition with that exact id and version). Fails with a {@link ValidationError} (subject `form`, paths from the
 * root of the source) for an invalid source, an id that a national template uses (`reserved_id`), an unknown base
 * (`unknown_base`), and every problem of the variant.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { findFormTemplate, resolveTenantForm } from "@zaitaku/core"
 *
 * resolveTenantForm(
 *   {
 *     kind: "variant",
 *     variant: {
 *       id: "training-application.hachinohe",
 *       version: "1.0.0",
 *       status: "active",
 *       base: { id: "training-application", version: "1.0.0" },
 *       changes: [{ op: "constrain", linkId: "applicants", maxOccurs: 3 }],
 *     },
 *   },
 *   (ref) => findFormTemplate(ref.id, ref.version),
 * )
 * ```
 */
export const resolveTenantForm = (
  input: unknown,
  findBase: (ref: FormTemplateRef) => FormDefinition | undefined,
): Result.Result<{ readonly source: TenantFormSource; readonly definition: FormDefinition }, ValidationError> => {
  const decoded = decodeSync(TenantFormSource, "form")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const source = decoded.success
  const at = source.kind
  const identity = sourceIdentity(source)
  if (findFormTemplate(identity.id) !== undefined) {
    return Result.fail(
      problem(
        "form",
        [at, "id"],
        "reserved_id",
        `様式ID「${identity.id}」は全国共通の標準様式が使っています。地域版には別のID（例: ${identity.id}.地域名）を付けてください`,
        `"${identity.id}" is the id of a national standard sheet; give the tenant's form an id of its own (e.g. ${identity.id}.area)`,
      ),
    )
  }
  if (source.kind === "definition") return Result.succeed({ source, definition: source.definition })
  const base = findBase(source.variant.base)
  if (base === undefined) {
    return Result.fail(
      problem(
        "form",
        ["variant", "base"],
        "unknown_base",
        `元様式 ${source.variant.base.id}@${source.variant.base.version} が見つかりません（標準様式か、このテナントの様式を版まで指定してください）`,
        `No form ${source.variant.base.id}@${source.variant.base.version} to derive from: name a national template or one of the tenant's forms, with its exact version`,
      ),
    )
  }
  const resolved = resolveFormVariant(base, source.variant)
  if (Result.isFailure(resolved)) {
    return Result.fail(
      new ValidationError({
        subject: "form",
        issues: resolved.failure.issues.map((issue) => ({ ...issue, path: ["variant", ...issue.path] })),
      }),
    )
  }
  return Result.succeed({ source, definition: resolved.success })
}

/**
 * 更新できるか (check an update of a stored form), pure: the new source must keep the id and version
 * (`identity_mismatch`); a definition that is not a draft may only change its status, and never back to `draft`
 * ({@link Conflict} `state`).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { checkFormUpdate, type TenantFormDefinition, type TenantFormSource } from "@zaitaku/core"
 *
 * declare const current: TenantFormDefinition
 * declare const next: TenantFormSource
 * checkFormUpdate(current, next)
 * ```
 */
export const checkFormUpdate = (
  current: Pick<TenantFormDefinition, "id" | "version" | "status" | "source">,
  next: TenantFormSource,
): Result.Result<void, ValidationError | Conflict> => {
  const identity = sourceIdentity(next)
  if (identity.id !== current.id || identity.version !== current.version) {
    return Result.fail(
      problem(
        "form",
        [next.kind, identity.id !== current.id ? "id" : "version"],
        "identity_mismatch",
        `様式IDと版は変更できません（${current.id}@${current.version}）。新しい版は別に登録してください`,
        `The id and version cannot change (${current.id}@${current.version}); store a new version instead`,
      ),
    )
  }
  if (current.status === "draft") return Result.succeed(undefined)
  const frozen = (source: TenantFormSource) => {
    const { status: _status, ...rest } = source.kind === "definition" ? source.definition : source.variant
    return { kind: source.kind, rest }
  }
  const refused = new Conflict({
    entity: "form_definition",
    id: `${current.id}@${current.version}`,
    reason: "state",
    state: current.status,
  })
  if (identity.status === "draft" || current.source.kind !== next.kind) return Result.fail(refused)
  return equalValues(frozen(current.source), frozen(next)) ? Result.succeed(undefined) : Result.fail(refused)
}

/**
 * The source with another status (what `PATCH …/status` stores).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { withFormStatus, type TenantFormSource } from "@zaitaku/core"
 *
 * declare const source: TenantFormSource
 * withFormStatus(source, "retired")
 * ```
 */
export const withFormStatus = (source: TenantFormSource, status: FormStatus): TenantFormSource =>
  source.kind === "definition"
    ? { kind: "definition", definition: { ...source.definition, status } }
    : { kind: "variant", variant: { ...source.variant, status } }

/**
 * The summary of a national template.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { formTemplates, nationalFormSummary } from "@zaitaku/core"
 *
 * nationalFormSummary(formTemplates[0]!).origin // "national"
 * ```
 */
export const nationalFormSummary = (definition: FormDefinition): FormDefinitionSummary => ({
  origin: "national",
  kind: "definition",
  id: definition.id,
  version: definition.version,
  status: definition.status,
  title: definition.title,
  ...(definition.effectivePeriod === undefined ? {} : { effectivePeriod: definition.effectivePeriod }),
  ...(definition.derivedFrom === undefined ? {} : { derivedFrom: definition.derivedFrom }),
  hasReply: definition.replyItem !== undefined,
})

/**
 * The summary of a stored tenant form.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { tenantFormSummary, type TenantFormDefinition } from "@zaitaku/core"
 *
 * declare const stored: TenantFormDefinition
 * tenantFormSummary(stored).origin // "tenant"
 * ```
 */
export const tenantFormSummary = (
  stored: Pick<TenantFormDefinition, "definition" | "source" | "revision" | "updatedAt">,
): FormDefinitionSummary => ({
  ...nationalFormSummary(stored.definition),
  origin: "tenant",
  kind: stored.source.kind,
  revision: stored.revision,
  updatedAt: stored.updatedAt,
})

/**
 * 様式一覧の条件 (definition query): origin, statuses, one template id, only those usable on a day (`usableOn`:
 * active, within the effective period), `limit` 1–200 (default 50) and the previous page's cursor. Ordered by
 * template id, then newest version first.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { FormDefinitionQuery } from "@zaitaku/core"
 *
 * FormDefinitionQuery.parse({ origin: "tenant", status: ["active"] })
 * ```
 */
export const FormDefinitionQuery = z
  .object({
    origin: FormOrigin.optional(),
    status: z.array(FormStatus).min(1).max(3).optional(),
    templateId: FormTemplateId.optional(),
    usableOn: IsoDate.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category listing */
export type FormDefinitionQuery = z.infer<typeof FormDefinitionQuery>
/** The input form of a {@link FormDefinitionQuery}. @since 0.1.0 @category listing */
export type FormDefinitionQueryInput = z.input<typeof FormDefinitionQuery>

/**
 * A page of definition summaries.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import type { FormDefinitionPage } from "@zaitaku/core"
 *
 * const empty: FormDefinitionPage = { items: [], nextCursor: null }
 * ```
 */
export interface FormDefinitionPage {
  readonly items: ReadonlyArray<FormDefinitionSummary>
  readonly nextCursor: string | null
}

const DefinitionCursor = z
  .object({ v: z.literal(1), o: z.literal("form"), id: z.string(), version: z.string() })
  .strict()

const compareSummaries = (a: FormDefinitionSummary, b: FormDefinitionSummary): number =>
  compareCodePoints(a.id, b.id) || -compareFormVersions(a.version, b.version)

/**
 * 様式一覧のページ (page definitions), pure: the national templates and the tenant's forms, filtered by the query,
 * by template id and then newest version first, after the cursor. The reference for every store.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { pageFormDefinitions } from "@zaitaku/core"
 *
 * pageFormDefinitions([], { origin: "national" }) // the six standard sheets
 * ```
 */
export const pageFormDefinitions = (
  tenantForms: Iterable<FormDefinitionSummary>,
  input: FormDefinitionQueryInput,
): Result.Result<FormDefinitionPage, ValidationError> => {
  const decoded = decodeSync(FormDefinitionQuery, "query")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const query = decoded.success
  let after: FormDefinitionSummary | undefined
  if (query.cursor !== undefined) {
    const json = fromBase64Url(query.cursor)
    let parsed: z.ZodSafeParseResult<z.infer<typeof DefinitionCursor>> | undefined
    try {
      parsed = json === undefined ? undefined : DefinitionCursor.safeParse(JSON.parse(json))
    } catch {
      parsed = undefined
    }
    if (parsed === undefined || !parsed.success || !FormVersion.safeParse(parsed.data.version).success) {
      return Result.fail(invalidCursor("query"))
    }
    after = { id: parsed.data.id, version: parsed.data.version } as FormDefinitionSummary
  }
  const all = [...formTemplates.map(nationalFormSummary), ...tenantForms]
    .filter(
      (summary) =>
        (query.origin === undefined || summary.origin === query.origin) &&
        (query.status === undefined || query.status.includes(summary.status)) &&
        (query.templateId === undefined || summary.id === query.templateId) &&
        (query.usableOn === undefined || isFormUsableOn(summary, query.usableOn)) &&
        (after === undefined || compareSummaries(summary, after) > 0),
    )
    .sort(compareSummaries)
  const page = all.slice(0, query.limit)
  const last = page[page.length - 1]
  return Result.succeed({
    items: page,
    nextCursor:
      all.length > query.limit && last !== undefined
        ? toBase64Url(JSON.stringify({ v: 1, o: "form", id: last.id, version: last.version }))
        : null,
  })
}

/**
 * The audit event of a change to a tenant form: target `form_definition` (`id@version`), with the kind, status and
 * revision. Definitions hold no personal data.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { formDefinitionAuditEvent, type TenantFormDefinition } from "@zaitaku/core"
 *
 * declare const stored: TenantFormDefinition
 * formDefinitionAuditEvent("form_definition.create", stored).target.type // "form_definition"
 * ```
 */
export const formDefinitionAuditEvent = (
  action: "form_definition.create" | "form_definition.update" | "form_definition.delete",
  stored: Pick<TenantFormDefinition, "id" | "version" | "status" | "source" | "revision">,
) => ({
  action,
  target: { type: "form_definition", id: `${stored.id}@${stored.version}` },
  details: {
    kind: stored.source.kind,
    status: stored.status,
    revision: stored.revision,
    ...(stored.source.kind === "variant"
      ? { base: `${stored.source.variant.base.id}@${stored.source.variant.base.version}` }
      : {}),
  },
})
