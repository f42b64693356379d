/**
 * 資源の書き込み (writes to the resource directory): the inputs every adapter accepts (new entries, patches, write
 * options) and the pure functions that turn a stored entry and an input into the entry to store and its field-level
 * changes, so that every adapter writes exactly the same versions, change rows and audit events.
 *
 * @since 0.1.0
 */
import { Effect, Result } from "effect"
import * as z from "zod"
import { Actor } from "./Actor.js"
import { LocalGovernmentCode } from "./Area.js"
import { decode, fromZodError } from "./Decode.js"
import { ValidationError } from "./Errors.js"
import { PhoneNumber } from "./Identifiers.js"
import type { ResourceChangeRequestId } from "./Ids.js"
import { canonicalJson, sha256Hex } from "./internal/hash.js"
import { IsoDate } from "./Period.js"
import {
  type ActorRef,
  Address,
  Availability,
  Consultation,
  diffResources,
  GeoPoint,
  NewResource,
  OrganizationId,
  Provenance,
  Resource,
  type ResourceChange,
  ResourceIdentifiers,
  ResourceStatus,
  WeeklyHours,
} from "./Resource.js"
import { Capability, HomeCareSupport, ResourceKind } from "./ResourceKind.js"

/**
 * The input form of a {@link NewResource} (defaults not yet applied), as `create` accepts it.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import type { NewResourceInput } from "@zaitaku/core"
 *
 * declare const input: NewResourceInput
 * input.provenance.source
 * ```
 */
export type NewResourceInput = z.input<typeof NewResource>

/**
 * 資源の部分更新 (resource patch): the fields to change, each replacing the stored value as a whole (send the whole
 * `address` to change `address.line`; the change log still records only `address.line`). `null` removes an
 * optional field; an absent key leaves the field as it is. `tenantId`, ids, versions, timestamps and assurance
 * (`assuredAt`, `assuredBy`: see `attest`) cannot be patched, and unknown keys are refused.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { ResourcePatch } from "@zaitaku/core"
 *
 * ResourcePatch.parse({ phone: "0178-11-1111", fax: null })
 * ResourcePatch.safeParse({ assuredAt: "2025-07-01T00:00:00Z" }).success // false
 * ```
 */
export const ResourcePatch = z
  .object({
    organizationId: OrganizationId.nullable().optional(),
    kind: ResourceKind.optional(),
    homeCareSupport: HomeCareSupport.nullable().optional(),
    name: z.string().trim().min(1).max(300).optional(),
    nameKana: z.string().max(300).nullable().optional(),
    identifiers: ResourceIdentifiers.optional(),
    address: Address.optional(),
    location: GeoPoint.nullable().optional(),
    phone: PhoneNumber.nullable().optional(),
    fax: PhoneNumber.nullable().optional(),
    url: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .optional(),
    contactNotes: z.string().max(1000).nullable().optional(),
    hours: WeeklyHours.optional(),
    holidayClosures: z.string().max(1000).nullable().optional(),
    capabilities: z.array(Capability).optional(),
    consultation: Consultation.nullable().optional(),
    availability: Availability.nullable().optional(),
    serviceArea: z.array(LocalGovernmentCode).optional(),
    status: ResourceStatus.optional(),
    closedOn: IsoDate.nullable().optional(),
    provenance: Provenance.optional(),
    notes: z.string().max(4000).nullable().optional(),
  })
  .strict()
/** @since 0.1.0 @category writes */
export type ResourcePatch = z.infer<typeof ResourcePatch>
/** The input form of a {@link ResourcePatch}. @since 0.1.0 @category writes */
export type ResourcePatchInput = z.input<typeof ResourcePatch>

/**
 * Options of `create`: an idempotency key (the `Idempotency-Key` header), 1–255 characters, unique per tenant.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { CreateResourceOptions } from "@zaitaku/core"
 *
 * CreateResourceOptions.parse({ idempotencyKey: "import-2025-07-0260100001" })
 * ```
 */
export const CreateResourceOptions = z.object({ idempotencyKey: z.string().min(1).max(255).optional() }).strict()
/** @since 0.1.0 @category writes */
export type CreateResourceOptions = z.infer<typeof CreateResourceOptions>

/**
 * Options of `update` and `attest`: the version the caller last saw (the `If-Match` ETag) and an optional reason
 * recorded on each change.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { WriteResourceOptions } from "@zaitaku/core"
 *
 * WriteResourceOptions.parse({ expectedVersion: 3, reason: "事業所からの電話連絡" })
 * ```
 */
export const WriteResourceOptions = z
  .object({ expectedVersion: z.int().min(1), reason: z.string().trim().min(1).max(1000).optional() })
  .strict()
/** @since 0.1.0 @category writes */
export type WriteResourceOptions = z.infer<typeof WriteResourceOptions>

/**
 * 書き込みの結果 (result of a prepared write): the entry as it will be stored and its field-level changes. No
 * changes means a no-op: `resource` is the stored entry itself, unchanged.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import type { PreparedWrite } from "@zaitaku/core"
 *
 * declare const write: PreparedWrite
 * write.changes.length === 0 // nothing to store
 * ```
 */
export interface PreparedWrite {
  readonly resource: Resource
  readonly changes: ReadonlyArray<ResourceChange>
}

/**
 * Who and when of a write, with the optional reason; for the acceptance of a provider's proposed change, the
 * request and its reviewer too (recorded on each change row).
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import type { WriteContext } from "@zaitaku/core"
 *
 * const context: WriteContext = { at: "2025-07-01T01:00:00.000Z", by: { kind: "user", id: "coordinator-1" } }
 * ```
 */
export interface WriteContext {
  readonly at: string
  readonly by: ActorRef
  readonly reason?: string | undefined
  readonly changeRequestId?: ResourceChangeRequestId | undefined
  readonly reviewedBy?: ActorRef | undefined
}

/**
 * 変更履歴の行 (change rows) of a write: one {@link ResourceChange} per field that differs between the two versions
 * ({@link diffResources}), carrying `after.version` and the context.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { changeRowsOf, type Resource } from "@zaitaku/core"
 *
 * declare const before: Resource
 * declare const after: Resource
 * changeRowsOf(before, after, { at: after.updatedAt, by: { kind: "user", id: "coordinator-1" } })
 * ```
 */
export const changeRowsOf = (before: Resource, after: Resource, context: WriteContext): ReadonlyArray<ResourceChange> =>
  diffResources(before, after).map((diff) => ({
    resourceId: after.id,
    version: after.version,
    field: diff.field,
    ...(diff.from === undefined ? {} : { from: diff.from as ResourceChange["from"] }),
    ...(diff.to === undefined ? {} : { to: diff.to as ResourceChange["to"] }),
    at: context.at,
    by: context.by,
    ...(context.reason === undefined ? {} : { reason: context.reason }),
    ...(context.changeRequestId === undefined ? {} : { changeRequestId: context.changeRequestId }),
    ...(context.reviewedBy === undefined ? {} : { reviewedBy: context.reviewedBy }),
  }))

/**
 * 部分更新の適用 (apply a patch), pure: the patched entry validated as a whole (closed ⇔ `closedOn` and the other
 * cross-field rules, as a {@link ValidationError} with field paths), and its changes. A patch that changes nothing
 * gives no changes and the stored entry; otherwise the version is `current.version + 1` and `updatedAt` is
 * `context.at`. Does not check the expected version: the store does, before.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { applyResourcePatch, ResourcePatch, type Resource } from "@zaitaku/core"
 *
 * declare const current: Resource
 * applyResourcePatch(current, ResourcePatch.parse({ fax: null }), { at: new Date().toISOString(), by: { kind: "user", id: "u1" } })
 * ```
 */
export const applyResourcePatch = (
  current: Resource,
  patch: ResourcePatch,
  context: WriteContext,
): Result.Result<PreparedWrite, ValidationError> => {
  const draft: Record<string, unknown> = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    if (value === null) delete draft[key]
    else draft[key] = value
  }
  const parsed = Resource.safeParse(draft)
  if (!parsed.success) return Result.fail(fromZodError("resource", parsed.error))
  if (diffResources(current, parsed.data).length === 0) return Result.succeed({ resource: current, changes: [] })
  const next: Resource = { ...parsed.data, version: current.version + 1, updatedAt: context.at }
  return Result.succeed({ resource: next, changes: changeRowsOf(current, next, context) })
}

/**
 * 確認 (attestation), pure: `assuredAt` = `context.at`, `assuredBy` = `context.by`, version + 1, with the changes
 * (there may be none when the same actor attests again in the same instant; the store still writes).
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { attestResource, type Resource } from "@zaitaku/core"
 *
 * declare const current: Resource
 * attestResource(current, { at: new Date().toISOString(), by: { kind: "api_key", id: "0192f5a0-…" } }).resource.assuredAt
 * ```
 */
export const attestResource = (current: Resource, context: WriteContext): PreparedWrite => {
  const next: Resource = {
    ...current,
    assuredAt: context.at,
    assuredBy: context.by,
    version: current.version + 1,
    updatedAt: context.at,
  }
  return { resource: next, changes: changeRowsOf(current, next, context) }
}

/**
 * Decodes a create request as every adapter must: the entry (ValidationError with field paths), the options, and
 * the rule that `tenantId` is the acting tenant's (`tenant_mismatch` at `tenantId`).
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { decodeCreate, type NewResourceInput } from "@zaitaku/core"
 *
 * declare const input: NewResourceInput
 * const checked = decodeCreate(input, { idempotencyKey: "req-1" }) // needs the Actor
 * ```
 */
export const decodeCreate = Effect.fnUntraced(function* (
  input: NewResourceInput,
  options: z.input<typeof CreateResourceOptions> = {},
): Effect.fn.Return<
  { readonly resource: NewResource; readonly idempotencyKey?: string | undefined },
  ValidationError,
  Actor
> {
  const actor = yield* Actor
  const resource = yield* decode(NewResource, "resource")(input)
  const { idempotencyKey } = yield* decode(CreateResourceOptions, "options")(options)
  if (resource.tenantId !== actor.tenantId) {
    return yield* Effect.fail(
      new ValidationError({
        subject: "resource",
        issues: [
          {
            path: ["tenantId"],
            code: "tenant_mismatch",
            message: {
              ja: "テナントIDが操作中のテナントと一致しません",
              en: "tenantId must be the acting tenant's id",
            },
          },
        ],
      }),
    )
  }
  return { resource, idempotencyKey }
})

/**
 * 冪等キーの照合値 (idempotency fingerprint) of a create input: SHA-256 of the canonical JSON of the parsed input,
 * so that inputs differing only in spelling that parsing normalises (全角の電話番号, postal code without hyphen)
 * count as the same request.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { idempotencyFingerprint, type NewResource } from "@zaitaku/core"
 *
 * declare const input: NewResource
 * Effect.runPromise(idempotencyFingerprint(input)) // 64 hex characters
 * ```
 */
export const idempotencyFingerprint = (input: NewResource): Effect.Effect<string> => sha256Hex(canonicalJson(input))

/**
 * The audit event a store appends, in the same unit of work, for each write: target `resource`, with the new
 * version and, for updates and attestations, the changed field paths (never their values).
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { resourceAuditEvent, type Resource } from "@zaitaku/core"
 *
 * declare const resource: Resource
 * resourceAuditEvent("resource.update", resource, ["address.line", "phone"]).details // { version, fields }
 * ```
 */
export const resourceAuditEvent = (
  action: "resource.create" | "resource.update" | "resource.attest",
  resource: Resource,
  fields: ReadonlyArray<string> = [],
) => ({
  action,
  target: { type: "resource", id: resource.id },
  details:
    action === "resource.create"
      ? { version: resource.version, kind: resource.kind, source: resource.provenance.source }
      : { version: resource.version, fields: [...fields] },
})
