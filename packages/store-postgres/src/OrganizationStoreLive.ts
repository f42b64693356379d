/**
 * `OrganizationStore` on PostgreSQL: one transaction per upsert, locking the row of the id, with the 法人番号 unique
 * per tenant in the database; listing filters, orders and pages in SQL by the same keys as core's reference.
 *
 * @since 0.1.0
 */
import {
  Actor,
  Conflict,
  decode,
  decodeOrganizationCursor,
  encodeOrganizationCursor,
  IdGenerator,
  NotFound,
  normalizeForSearch,
  Organization,
  type OrganizationId,
  type OrganizationPage,
  OrganizationQuery,
  type OrganizationQueryInput,
  OrganizationStore,
  organizationAuditEvent,
  organizationListingKey,
  queryTokens,
  requirePermission,
  StoreError,
} from "@zaitaku/core"
import { and, eq, inArray, type SQL, sql } from "drizzle-orm"
import { Clock, Effect, Layer, Result } from "effect"
import { organizations } from "./Schema.js"
import { appendAuditEntry, PgSession } from "./Stores.js"

const toOrganization = (row: typeof organizations.$inferSelect): Organization => ({
  id: row.id as OrganizationId,
  ...(row.corporateNumber === null
    ? {}
    : { corporateNumber: row.corporateNumber as Organization["corporateNumber"] & string }),
  name: row.nameKana === null ? { ja: row.name } : { ja: row.name, kana: row.nameKana },
})

const searchTextOf = (organization: Organization): string =>
  [organization.name.ja, organization.name.kana ?? "", organization.corporateNumber ?? ""]
    .map(normalizeForSearch)
    .join("\n")

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (ch) => `\\${ch}`)

const isUniqueViolation = (error: unknown): boolean => {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true
  }
  return false
}

/**
 * `OrganizationStore` on PostgreSQL (PGlite or a server), over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const OrganizationStoreLive: Layer.Layer<OrganizationStore, never, PgSession | IdGenerator> = Layer.effect(
  OrganizationStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator

    const attempt = <A>(operation: string, tenantId: string, body: Parameters<typeof session.transaction<A>>[1]) =>
      Effect.tryPromise({
        try: () => session.transaction({ tenantId }, body),
        catch: (cause) => new StoreError({ operation, cause }),
      })

    const upsert = Effect.fn("OrganizationStore.upsert")(
      function* (input: Organization) {
        const actor = yield* requirePermission("resources:write")
        const organization = yield* decode(Organization, "organization")(input)
        const auditId = yield* ids.next
        const at = new Date(yield* Clock.currentTimeMillis)
        const columns = {
          corporateNumber: organization.corporateNumber ?? null,
          name: organization.name.ja,
          nameKana: organization.name.kana ?? null,
          sortKey: organizationListingKey(organization),
          searchText: searchTextOf(organization),
        }
        const outcome = yield* attempt("OrganizationStore.upsert", actor.tenantId, async (tx) => {
          if (organization.corporateNumber !== undefined) {
            const [holder] = await tx
              .select({ id: organizations.id })
              .from(organizations)
              .where(
                and(
                  eq(organizations.tenantId, actor.tenantId),
                  eq(organizations.corporateNumber, organization.corporateNumber),
                ),
              )
            if (holder !== undefined && holder.id !== organization.id) {
              return Result.fail(new Conflict({ entity: "organization", id: holder.id, reason: "already_exists" }))
            }
          }
          const [row] = await tx
            .select()
            .from(organizations)
            .where(and(eq(organizations.tenantId, actor.tenantId), eq(organizations.id, organization.id)))
            .for("update")
          if (row === undefined) {
            await tx.insert(organizations).values({
              tenantId: actor.tenantId,
              id: organization.id,
              ...columns,
              createdAt: at.toISOString(),
              updatedAt: at.toISOString(),
            })
            await appendAuditEntry(tx, {
              actor,
              event: organizationAuditEvent("organization.create", organization),
              id: auditId,
              at,
            })
            return Result.succeed(organization)
          }
          const current = toOrganization(row)
          if (current.corporateNumber !== organization.corporateNumber) {
            return Result.fail(new Conflict({ entity: "organization", id: organization.id, reason: "already_exists" }))
          }
          if (current.name.ja === organization.name.ja && current.name.kana === organization.name.kana) {
            return Result.succeed(current)
          }
          await tx
            .update(organizations)
            .set({
              name: columns.name,
              nameKana: columns.nameKana,
              sortKey: columns.sortKey,
              searchText: columns.searchText,
              updatedAt: at.toISOString(),
            })
            .where(and(eq(organizations.tenantId, actor.tenantId), eq(organizations.id, organization.id)))
          await appendAuditEntry(tx, {
            actor,
            event: organizationAuditEvent("organization.update", organization, current),
            id: auditId,
            at,
          })
          return Result.succeed(organization)
        })
        if (Result.isFailure(outcome)) return yield* Effect.fail(outcome.failure)
        return outcome.success
      },
      (effect) =>
        // two imports creating the same 法人 at once: the loser's insert hits the unique 法人番号 or the primary key
        Effect.mapError(effect, (error) =>
          error instanceof StoreError && isUniqueViolation(error.cause)
            ? new Conflict({ entity: "organization", id: "corporate_number", reason: "already_exists" })
            : error,
        ),
    )

    const get = Effect.fn("OrganizationStore.get")(function* (id: OrganizationId) {
      const actor = yield* Actor
      const row = yield* attempt("OrganizationStore.get", actor.tenantId, async (tx) => {
        const [found] = await tx
          .select()
          .from(organizations)
          .where(and(eq(organizations.tenantId, actor.tenantId), eq(organizations.id, id)))
        return found
      })
      return row === undefined ? yield* Effect.fail(new NotFound({ entity: "organization", id })) : toOrganization(row)
    })

    const list = Effect.fn("OrganizationStore.list")(function* (input: OrganizationQueryInput = {}) {
      const actor = yield* Actor
      const query = yield* decode(OrganizationQuery, "query")(input)
      const cursor = query.cursor === undefined ? undefined : decodeOrganizationCursor(query.cursor)
      if (cursor !== undefined && Result.isFailure(cursor)) return yield* Effect.fail(cursor.failure)
      const after = cursor?.success
      const conditions: Array<SQL | undefined> = [eq(organizations.tenantId, actor.tenantId)]
      if (query.ids !== undefined) conditions.push(inArray(organizations.id, [...query.ids]))
      if (query.text !== undefined) {
        for (const token of queryTokens(query.text)) {
          conditions.push(sql`${organizations.searchText} like ${`%${escapeLike(token)}%`}`)
        }
      }
      if (after !== undefined) {
        conditions.push(
          sql`(${organizations.sortKey} collate "C" > ${after.k} or (${organizations.sortKey} = ${after.k} and ${organizations.id} > ${after.id}::uuid))`,
        )
      }
      return yield* attempt("OrganizationStore.list", actor.tenantId, async (tx): Promise<OrganizationPage> => {
        const rows = await tx
          .select()
          .from(organizations)
          .where(and(...conditions))
          .orderBy(sql`${organizations.sortKey} collate "C"`, organizations.id)
          .limit(query.limit + 1)
        const items = rows.slice(0, query.limit).map(toOrganization)
        const last = rows[Math.min(rows.length, query.limit) - 1]
        return {
          items,
          nextCursor:
            rows.length > query.limit && last !== undefined
              ? encodeOrganizationCursor({ k: last.sortKey, id: last.id })
              : null,
        }
      })
    })

    return OrganizationStore.of({ upsert, get, list })
  }),
)
