/**
 * 法人台帳 (the organisations of a tenant's directory): the 法人 that run its resources, kept once per tenant and
 * linked from each entry by `organizationId`. National open data names an entry's 法人 by its 法人番号, so an
 * organisation with a 法人番号 has an id derived from the tenant and that number ({@link organizationIdFor}): every
 * import of every file finds the same organisation without a lookup, and a dry run can show the link before
 * anything is written.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer, Ref, Result, Semaphore } from "effect"
import * as z from "zod"
import { Actor, requirePermission } from "./Actor.js"
import { AuditLog } from "./AuditLog.js"
import { decode, decodeSync } from "./Decode.js"
import { Conflict, type Forbidden, NotFound, type StoreError, type ValidationError } from "./Errors.js"
import type { CorporateNumber } from "./Identifiers.js"
import type { TenantId } from "./Ids.js"
import { cursorCodec } from "./internal/cursor.js"
import { sha256Hex } from "./internal/hash.js"
import { equalValues } from "./internal/values.js"
import { Organization, OrganizationId } from "./Resource.js"
import { compareCodePoints } from "./ResourceStore.js"
import { normalizeForSearch, queryTokens } from "./SearchText.js"

/**
 * 法人ID (organisation id) of a 法人番号 in a tenant: a UUID (version 8, RFC 9562) made of the SHA-256 of the tenant
 * id and the number. The same 法人 always gets the same id in a tenant, so imports link entries to it before it is
 * stored, and different tenants never share an id.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { CorporateNumber, organizationIdFor, TenantId } from "@zaitaku/core"
 *
 * const id = Effect.runPromise(
 *   organizationIdFor(TenantId.parse("0192f5a0-0000-7000-8000-000000000001"), CorporateNumber.parse("7000012050002")),
 * )
 * ```
 */
export const organizationIdFor = (tenantId: TenantId | string, corporateNumber: CorporateNumber | string) =>
  Effect.map(sha256Hex(`zaitaku/organization/${tenantId}/${corporateNumber}`), (hex) => {
    const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
    return OrganizationId.parse(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`,
    )
  })

/**
 * 法人一覧の条件 (organisation query): words to find in the name or reading (width- and kana-insensitive, every word),
 * particular ids, `limit` 1–200 (default 50), the previous page's cursor. Ordered by reading, then id.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { OrganizationQuery } from "@zaitaku/core"
 *
 * OrganizationQuery.parse({ text: "はちのへ" })
 * ```
 */
export const OrganizationQuery = z
  .object({
    text: z.string().max(200).optional(),
    ids: z.array(OrganizationId).min(1).max(1000).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category listing */
export type OrganizationQuery = z.infer<typeof OrganizationQuery>
/** The input form of an {@link OrganizationQuery}. @since 0.1.0 @category listing */
export type OrganizationQueryInput = z.input<typeof OrganizationQuery>

/**
 * A page of organisations.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import type { OrganizationPage } from "@zaitaku/core"
 *
 * const empty: OrganizationPage = { items: [], nextCursor: null }
 * ```
 */
export interface OrganizationPage {
  readonly items: ReadonlyArray<Organization>
  readonly nextCursor: string | null
}

/**
 * 並び順のキー (listing key) of an organisation: its normalised reading, else its normalised name.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { organizationListingKey } from "@zaitaku/core"
 *
 * organizationListingKey({ name: { ja: "医療法人八戸会", kana: "イリョウホウジンハチノヘカイ" } }) // "いりょうほうじんはちのへかい"
 * ```
 */
export const organizationListingKey = (organization: Pick<Organization, "name">): string => {
  const kana = organization.name.kana === undefined ? "" : normalizeForSearch(organization.name.kana)
  return kana.length > 0 ? kana : normalizeForSearch(organization.name.ja)
}

const organizationCursor = cursorCodec("org", { k: z.string(), id: z.string() })

/**
 * Encodes the position after an organisation (opaque to clients).
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { encodeOrganizationCursor } from "@zaitaku/core"
 *
 * encodeOrganizationCursor({ k: "はちのへ", id: "0192f5a0-0000-7000-8000-000000000001" })
 * ```
 */
export const encodeOrganizationCursor = (cursor: { readonly k: string; readonly id: string }): string =>
  organizationCursor.encode(cursor)

/**
 * Decodes an organisation cursor, or a {@link ValidationError} at `["cursor"]`. Never throws.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { decodeOrganizationCursor } from "@zaitaku/core"
 *
 * Result.isFailure(decodeOrganizationCursor("bogus")) // true
 * ```
 */
export const decodeOrganizationCursor = (
  text: string,
): Result.Result<{ readonly k: string; readonly id: string }, ValidationError> => organizationCursor.decode(text)

/**
 * Whether an organisation matches a query's `text` and `ids` (every word of the text in the name or reading).
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { matchesOrganizationQuery, OrganizationQuery, type Organization } from "@zaitaku/core"
 *
 * declare const organization: Organization
 * matchesOrganizationQuery(organization, OrganizationQuery.parse({ text: "はちのへ" }))
 * ```
 */
export const matchesOrganizationQuery = (organization: Organization, query: OrganizationQuery): boolean => {
  if (query.ids !== undefined && !query.ids.includes(organization.id)) return false
  if (query.text !== undefined) {
    const haystack = [organization.name.ja, organization.name.kana ?? "", organization.corporateNumber ?? ""]
      .map(normalizeForSearch)
      .join("\n")
    if (!queryTokens(query.text).every((token) => haystack.includes(token))) return false
  }
  return true
}

/**
 * 法人一覧のページ (page organisations), pure: filtered by the query, by reading then id, after the cursor.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { pageOrganizations, type Organization } from "@zaitaku/core"
 *
 * declare const organizations: ReadonlyArray<Organization>
 * pageOrganizations(organizations, { text: "社会福祉法人" })
 * ```
 */
export const pageOrganizations = (
  organizations: Iterable<Organization>,
  input: OrganizationQueryInput,
): Result.Result<OrganizationPage, ValidationError> => {
  const decoded = decodeSync(OrganizationQuery, "query")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const query = decoded.success
  let after: { readonly k: string; readonly id: string } | undefined
  if (query.cursor !== undefined) {
    const parsed = decodeOrganizationCursor(query.cursor)
    if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
    after = parsed.success
  }
  const keyed = [...organizations]
    .filter((organization) => matchesOrganizationQuery(organization, query))
    .map((organization) => ({ organization, k: organizationListingKey(organization) }))
    .filter(
      (row) =>
        after === undefined ||
        (compareCodePoints(row.k, after.k) || compareCodePoints(row.organization.id, after.id)) > 0,
    )
    .sort((a, b) => compareCodePoints(a.k, b.k) || compareCodePoints(a.organization.id, b.organization.id))
  const page = keyed.slice(0, query.limit)
  const last = page[page.length - 1]
  return Result.succeed({
    items: page.map((row) => row.organization),
    nextCursor:
      keyed.length > query.limit && last !== undefined
        ? encodeOrganizationCursor({ k: last.k, id: last.organization.id })
        : null,
  })
}

/**
 * The audit event of a stored organisation: `organization.create`, or `organization.update` with the old and new
 * name (法人名 are public data).
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { organizationAuditEvent, type Organization } from "@zaitaku/core"
 *
 * declare const organization: Organization
 * organizationAuditEvent("organization.create", organization).target.type // "organization"
 * ```
 */
export const organizationAuditEvent = (
  action: "organization.create" | "organization.update",
  organization: Organization,
  previous?: Organization,
) => ({
  action,
  target: { type: "organization", id: organization.id },
  details: {
    ...(organization.corporateNumber === undefined ? {} : { corporateNumber: organization.corporateNumber }),
    name: organization.name.ja,
    ...(previous === undefined ? {} : { previousName: previous.name.ja }),
  },
})

/**
 * The `OrganizationStore` port: the 法人 of the acting tenant's directory. `upsert` (with `resources:write`) stores an
 * organisation under its id, or updates its name when it changed; storing it again unchanged writes nothing. A
 * 法人番号 belongs to one organisation per tenant (another id with the same number is a {@link Conflict}).
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { OrganizationStore } from "@zaitaku/core"
 *
 * const byName = Effect.flatMap(Effect.service(OrganizationStore), (store) => store.list({ text: "八戸" }))
 * ```
 */
export class OrganizationStore extends Context.Service<
  OrganizationStore,
  {
    upsert(
      organization: Organization,
    ): Effect.Effect<Organization, ValidationError | Conflict | Forbidden | StoreError, Actor>
    get(id: OrganizationId): Effect.Effect<Organization, NotFound | StoreError, Actor>
    list(query?: OrganizationQueryInput): Effect.Effect<OrganizationPage, ValidationError | StoreError, Actor>
  }
>()("@zaitaku/core/OrganizationStore") {
  /**
   * In-memory organisation store (reference behaviour for the contract suite).
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<OrganizationStore, never, AuditLog> = Layer.effect(
    OrganizationStore,
    Effect.gen(function* () {
      const audit = yield* AuditLog
      const rows = yield* Ref.make(
        new Map<string, { readonly tenantId: string; readonly organization: Organization }>(),
      )
      const lock = yield* Semaphore.make(1)

      const upsert = (input: Organization) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("resources:write")
          const organization = yield* decode(Organization, "organization")(input)
          return yield* lock.withPermits(1)(
            Effect.gen(function* () {
              const all = yield* Ref.get(rows)
              const slot = `${actor.tenantId}/${organization.id}`
              const current = all.get(slot)
              if (organization.corporateNumber !== undefined) {
                const holder = [...all.values()].find(
                  (row) =>
                    row.tenantId === actor.tenantId &&
                    row.organization.corporateNumber === organization.corporateNumber &&
                    row.organization.id !== organization.id,
                )
                if (holder !== undefined) {
                  return yield* Effect.fail(
                    new Conflict({ entity: "organization", id: holder.organization.id, reason: "already_exists" }),
                  )
                }
              }
              if (current !== undefined && equalValues(current.organization, organization)) {
                return current.organization
              }
              yield* audit.append(
                current === undefined
                  ? organizationAuditEvent("organization.create", organization)
                  : organizationAuditEvent("organization.update", organization, current.organization),
              )
              yield* Ref.update(rows, (map) => new Map(map).set(slot, { tenantId: actor.tenantId, organization }))
              return organization
            }),
          )
        })

      const get = (id: OrganizationId) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const row = (yield* Ref.get(rows)).get(`${actor.tenantId}/${id}`)
          return row === undefined ? yield* Effect.fail(new NotFound({ entity: "organization", id })) : row.organization
        })

      const list = (query: OrganizationQueryInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const own = [...(yield* Ref.get(rows)).values()]
            .filter((row) => row.tenantId === actor.tenantId)
            .map((row) => row.organization)
          const page = pageOrganizations(own, query)
          return Result.isSuccess(page) ? page.success : yield* Effect.fail(page.failure)
        })

      return OrganizationStore.of({ upsert, get, list })
    }),
  )
}
