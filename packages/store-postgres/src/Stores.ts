/**
 * The core ports (`TenantStore`, `ApiKeyStore`, `AuditLog`) on PostgreSQL, for either driver. Every tenant-scoped
 * operation runs in one transaction as `zaitaku_app` with the actor's tenant set, so row-level security decides
 * what is visible; every write that must be audited appends its audit entry in that same transaction.
 *
 * @since 0.1.0
 */
import {
  Actor,
  type ApiKey,
  type ApiKeyId,
  type ApiKeySecret,
  ApiKeyStore,
  type AuditEntry,
  type AuditEntryId,
  type AuditEvent,
  AuditLog,
  type AuditQuery,
  apiKeyAuditEvent,
  Conflict,
  changedTenantSettings,
  decode,
  decodeNewApiKey,
  generateApiKeySecret,
  genesisHash,
  hashApiKeySecret,
  IdGenerator,
  type NewApiKey,
  NewTenant,
  NotFound,
  nextAuditEntry,
  StoreError,
  systemPrincipal,
  type Tenant,
  TenantSettingsPatch,
  TenantStore,
  tenantCreatedEvent,
  tenantSettingsUpdatedEvent,
  verifyAuditChain,
} from "@zaitaku/core"
import { and, asc, desc, eq, isNull, lt, sql } from "drizzle-orm"
import { Clock, Context, Effect, Layer, Option } from "effect"
import type { Session, Tx } from "./internal/Session.js"
import { apiKeys, areas, auditHeads, auditLog, tenants } from "./Schema.js"

/**
 * The open database session the stores share (one per layer).
 *
 * @since 0.1.0
 * @category services
 */
export class PgSession extends Context.Service<PgSession, Session>()("@zaitaku/store-postgres/PgSession") {}

const isUniqueViolation = (error: unknown): boolean => {
  for (let e: unknown = error; e !== undefined && e !== null; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true
  }
  return false
}

const attempt = <A>(operation: string, run: () => Promise<A>): Effect.Effect<A, StoreError> =>
  Effect.tryPromise({ try: run, catch: (cause) => new StoreError({ operation, cause }) })

const iso = (value: string | Date): string => new Date(value).toISOString()

/** A `uuid[]` from a raw query: node-postgres parses it to an array; PGlite may hand back the text form `{a,b}`. */
const uuidArray = (value: unknown): Array<string> => {
  if (Array.isArray(value)) return value.map(String)
  if (typeof value === "string") {
    const inner = value.replace(/^\{|\}$/g, "")
    return inner === "" ? [] : inner.split(",")
  }
  return []
}
const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis))

const toEntry = (row: typeof auditLog.$inferSelect): AuditEntry => ({
  id: row.id as AuditEntryId,
  tenantId: row.tenantId as AuditEntry["tenantId"],
  seq: Number(row.seq),
  at: iso(row.at),
  actor: { kind: row.actorKind as AuditEntry["actor"]["kind"], id: row.actorId, role: row.actorRole as never },
  action: row.action,
  target: { type: row.targetType, id: row.targetId },
  personalData: row.personalData,
  outcome: row.outcome as AuditEntry["outcome"],
  details: row.details as AuditEntry["details"],
  prevHash: row.prevHash,
  hash: row.hash,
})

/**
 * Appends one audit entry inside an open transaction: locks the tenant's chain head, links the entry to it and
 * moves the head. Every store that records an audited write calls this with its own transaction.
 *
 * @since 0.1.0
 * @category audit
 */
export const appendAuditEntry = async (
  tx: Tx,
  input: { readonly actor: Actor["Service"]; readonly event: AuditEvent; readonly id: string; readonly at: Date },
): Promise<AuditEntry> => {
  const [entry] = await appendAuditEntries(tx, {
    actor: input.actor,
    events: [{ event: input.event, id: input.id }],
    at: input.at,
  })
  return entry!
}

/**
 * Appends several audit entries, in order, inside an open transaction: locks the chain head once, links the entries
 * one after the other, inserts them in multi-row statements and moves the head once — the same chain
 * {@link appendAuditEntry} would build one call at a time, in a few round trips.
 *
 * @since 0.1.0
 * @category audit
 */
export const appendAuditEntries = async (
  tx: Tx,
  input: {
    readonly actor: Actor["Service"]
    readonly events: ReadonlyArray<{ readonly event: AuditEvent; readonly id: string }>
    readonly at: Date
  },
): Promise<ReadonlyArray<AuditEntry>> => {
  if (input.events.length === 0) return []
  const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.tenantId, input.actor.tenantId)).for("update")
  let previous = head === undefined ? { seq: 0, hash: genesisHash } : { seq: Number(head.seq), hash: head.hash }
  const entries: Array<AuditEntry> = []
  for (const { event, id } of input.events) {
    const entry = await Effect.runPromise(
      nextAuditEntry({ actor: input.actor, event, id, at: input.at, head: previous }),
    )
    entries.push(entry)
    previous = { seq: entry.seq, hash: entry.hash }
  }
  for (let start = 0; start < entries.length; start += 500) {
    await tx.insert(auditLog).values(
      entries.slice(start, start + 500).map((entry) => ({
        tenantId: entry.tenantId,
        seq: entry.seq,
        id: entry.id,
        at: entry.at,
        actorKind: entry.actor.kind,
        actorId: entry.actor.id,
        actorRole: entry.actor.role,
        action: entry.action,
        targetType: entry.target.type,
        targetId: entry.target.id,
        personalData: entry.personalData,
        outcome: entry.outcome,
        details: entry.details,
        prevHash: entry.prevHash,
        hash: entry.hash,
      })),
    )
  }
  await tx
    .insert(auditHeads)
    .values({ tenantId: input.actor.tenantId, seq: previous.seq, hash: previous.hash })
    .onConflictDoUpdate({ target: auditHeads.tenantId, set: { seq: previous.seq, hash: previous.hash } })
  return entries
}

const loadTenant = async (tx: Tx, row: typeof tenants.$inferSelect): Promise<Tenant> => {
  const areaRows = await tx
    .select()
    .from(areas)
    .where(eq(areas.tenantId, row.id))
    .orderBy(asc(areas.kind), asc(areas.code))
  return {
    id: row.id as Tenant["id"],
    code: row.code as Tenant["code"],
    kind: row.kind,
    name: { ja: row.nameJa, en: row.nameEn },
    municipalities: row.municipalities as Tenant["municipalities"],
    settings: { publicDirectory: row.publicDirectory, assurancePeriodMonths: row.assurancePeriodMonths },
    areas: areaRows.map((area) => ({
      id: area.id as Tenant["areas"][number]["id"],
      kind: area.kind as Tenant["areas"][number]["kind"],
      code: area.code,
      name: { ja: area.nameJa, en: area.nameEn },
      members: area.members as Tenant["areas"][number]["members"],
      ...(area.parentCode === null ? {} : { parentCode: area.parentCode }),
    })) as Tenant["areas"],
    createdAt: iso(row.createdAt),
  }
}

const toApiKey = (row: typeof apiKeys.$inferSelect): ApiKey => ({
  id: row.id as ApiKeyId,
  tenantId: row.tenantId as ApiKey["tenantId"],
  role: row.role as ApiKey["role"],
  label: row.label,
  prefix: row.prefix,
  resources: row.resourceIds as ApiKey["resources"],
  createdAt: iso(row.createdAt),
  expiresAt: row.expiresAt === null ? null : iso(row.expiresAt),
  revokedAt: row.revokedAt === null ? null : iso(row.revokedAt),
})

/**
 * `TenantStore` on PostgreSQL.
 *
 * @since 0.1.0
 * @category layers
 */
export const TenantStoreLive: Layer.Layer<TenantStore, never, PgSession | IdGenerator> = Layer.effect(
  TenantStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator

    const create = Effect.fn("TenantStore.create")(function* (input: NewTenant) {
      const parsed = NewTenant.parse(input)
      const id = yield* ids.next
      const areaIds: Array<string> = []
      for (const _ of parsed.areas) areaIds.push(yield* ids.next)
      const auditId = yield* ids.next
      const at = yield* now
      return yield* Effect.tryPromise({
        try: () =>
          session.transaction("maintenance", async (tx) => {
            const [row] = await tx
              .insert(tenants)
              .values({
                id,
                code: parsed.code,
                kind: parsed.kind,
                nameJa: parsed.name.ja,
                nameEn: parsed.name.en,
                municipalities: [...parsed.municipalities],
                createdAt: at.toISOString(),
              })
              .returning()
            if (parsed.areas.length > 0) {
              await tx.insert(areas).values(
                parsed.areas.map((area, i) => ({
                  tenantId: id,
                  id: areaIds[i]!,
                  kind: area.kind,
                  code: area.code,
                  nameJa: area.name.ja,
                  nameEn: area.name.en,
                  members: [...area.members],
                  parentCode: area.parentCode ?? null,
                })),
              )
            }
            const tenant = await loadTenant(tx, row!)
            await appendAuditEntry(tx, {
              actor: systemPrincipal(tenant.id),
              event: tenantCreatedEvent(tenant),
              id: auditId,
              at,
            })
            return tenant
          }),
        catch: (cause) =>
          isUniqueViolation(cause)
            ? new Conflict({ entity: "tenant", id: parsed.code, reason: "already_exists" })
            : new StoreError({ operation: "TenantStore.create", cause }),
      })
    })

    const findByCode = (code: string) =>
      attempt("TenantStore.findByCode", () =>
        session.transaction("maintenance", async (tx) => {
          const [row] = await tx.select().from(tenants).where(eq(tenants.code, code))
          return row === undefined ? Option.none() : Option.some(await loadTenant(tx, row))
        }),
      )

    const current = Effect.gen(function* () {
      const actor = yield* Actor
      const tenant = yield* attempt("TenantStore.current", () =>
        session.transaction({ tenantId: actor.tenantId }, async (tx) => {
          const [row] = await tx.select().from(tenants).where(eq(tenants.id, actor.tenantId))
          return row === undefined ? undefined : loadTenant(tx, row)
        }),
      )
      return tenant ?? (yield* Effect.fail(new NotFound({ entity: "tenant", id: actor.tenantId })))
    })

    const updateSettings = Effect.fn("TenantStore.updateSettings")(function* (input: TenantSettingsPatch) {
      const patch = yield* decode(TenantSettingsPatch, "settings")(input)
      const actor = yield* Actor
      const auditId = yield* ids.next
      const at = yield* now
      const tenant = yield* attempt("TenantStore.updateSettings", () =>
        session.transaction({ tenantId: actor.tenantId }, async (tx) => {
          // Row-level security shows the actor's own row only; the app role may update these two columns only.
          const [row] = await tx.select().from(tenants).where(eq(tenants.id, actor.tenantId)).for("update")
          if (row === undefined) return undefined
          const current = await loadTenant(tx, row)
          const changed = changedTenantSettings(current.settings, patch)
          if (Object.keys(changed).length === 0) return current
          const [updated] = await tx
            .update(tenants)
            .set({
              ...(patch.publicDirectory === undefined ? {} : { publicDirectory: patch.publicDirectory }),
              ...(patch.assurancePeriodMonths === undefined
                ? {}
                : { assurancePeriodMonths: patch.assurancePeriodMonths }),
            })
            .where(eq(tenants.id, actor.tenantId))
            .returning()
          await appendAuditEntry(tx, { actor, event: tenantSettingsUpdatedEvent(current, changed), id: auditId, at })
          return {
            ...current,
            settings: {
              publicDirectory: updated!.publicDirectory,
              assurancePeriodMonths: updated!.assurancePeriodMonths,
            },
          }
        }),
      )
      return tenant ?? (yield* Effect.fail(new NotFound({ entity: "tenant", id: actor.tenantId })))
    })

    const findPublic = (code: string) =>
      attempt("TenantStore.findPublic", () =>
        session.transaction("maintenance", async (tx) => {
          const [row] = await tx
            .select()
            .from(tenants)
            .where(and(eq(tenants.code, code), eq(tenants.publicDirectory, true)))
          return row === undefined ? Option.none() : Option.some(await loadTenant(tx, row))
        }),
      )

    return TenantStore.of({ create, findByCode, current, updateSettings, findPublic })
  }),
)

/**
 * `ApiKeyStore` on PostgreSQL. Authentication goes through the `zaitaku_authenticate` SECURITY DEFINER function,
 * so the app role can look a key up by hash without seeing any tenant's keys.
 *
 * @since 0.1.0
 * @category layers
 */
export const ApiKeyStoreLive: Layer.Layer<ApiKeyStore, never, PgSession | IdGenerator> = Layer.effect(
  ApiKeyStore,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator

    const create = Effect.fn("ApiKeyStore.create")(function* (input: NewApiKey, secret?: ApiKeySecret) {
      const actor = yield* Actor
      const parsed = yield* decodeNewApiKey(input, yield* now)
      const value = secret ?? (yield* generateApiKeySecret)
      const hash = yield* hashApiKeySecret(value)
      const id = yield* ids.next
      const auditId = yield* ids.next
      const at = yield* now
      const key = yield* attempt("ApiKeyStore.create", () =>
        session.transaction({ tenantId: actor.tenantId }, async (tx) => {
          const [row] = await tx
            .insert(apiKeys)
            .values({
              tenantId: actor.tenantId,
              id,
              role: parsed.role,
              label: parsed.label,
              prefix: value.slice(0, 7),
              secretHash: hash,
              resourceIds: [...(parsed.resources ?? [])],
              createdAt: at.toISOString(),
              expiresAt: parsed.expiresAt === undefined ? null : new Date(parsed.expiresAt).toISOString(),
            })
            .returning()
          const key = toApiKey(row!)
          await appendAuditEntry(tx, { actor, event: apiKeyAuditEvent("api_key.create", key), id: auditId, at })
          return key
        }),
      )
      return { key, secret: value }
    })

    const list = Effect.gen(function* () {
      const actor = yield* Actor
      return yield* attempt("ApiKeyStore.list", () =>
        session.transaction({ tenantId: actor.tenantId }, async (tx) =>
          (
            await tx
              .select()
              .from(apiKeys)
              .where(eq(apiKeys.tenantId, actor.tenantId))
              .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
          ).map(toApiKey),
        ),
      )
    })

    const revoke = Effect.fn("ApiKeyStore.revoke")(function* (id: ApiKeyId) {
      const actor = yield* Actor
      const auditId = yield* ids.next
      const at = yield* now
      const key = yield* attempt("ApiKeyStore.revoke", () =>
        session.transaction({ tenantId: actor.tenantId }, async (tx) => {
          const [revoked] = await tx
            .update(apiKeys)
            .set({ revokedAt: at.toISOString() })
            .where(and(eq(apiKeys.tenantId, actor.tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
            .returning()
          if (revoked !== undefined) {
            const key = toApiKey(revoked)
            await appendAuditEntry(tx, { actor, event: apiKeyAuditEvent("api_key.revoke", key), id: auditId, at })
            return key
          }
          const [existing] = await tx
            .select()
            .from(apiKeys)
            .where(and(eq(apiKeys.tenantId, actor.tenantId), eq(apiKeys.id, id)))
          return existing === undefined ? undefined : toApiKey(existing)
        }),
      )
      return key ?? (yield* Effect.fail(new NotFound({ entity: "api_key", id })))
    })

    const authenticate = (secretHash: string) =>
      Effect.flatMap(now, (at) =>
        attempt("ApiKeyStore.authenticate", () =>
          session.transaction("app", async (tx) => {
            const result = await tx.execute(
              sql`select tenant_id, id, role, label, prefix, resource_ids, created_at, expires_at
                  from zaitaku_authenticate(${secretHash}, ${at.toISOString()}::timestamptz)`,
            )
            const row = (result as unknown as { rows: ReadonlyArray<Record<string, unknown>> }).rows[0]
            if (row === undefined) return Option.none<ApiKey>()
            return Option.some<ApiKey>({
              id: String(row.id) as ApiKeyId,
              tenantId: String(row.tenant_id) as ApiKey["tenantId"],
              role: String(row.role) as ApiKey["role"],
              label: String(row.label),
              prefix: String(row.prefix),
              resources: uuidArray(row.resource_ids) as ApiKey["resources"],
              createdAt: iso(row.created_at as string),
              expiresAt: row.expires_at === null || row.expires_at === undefined ? null : iso(row.expires_at as string),
              revokedAt: null,
            })
          }),
        ),
      )

    return ApiKeyStore.of({ create, list, revoke, authenticate })
  }),
)

/**
 * `AuditLog` on PostgreSQL: append-only for the app role, chained per tenant, with a locked head row.
 *
 * @since 0.1.0
 * @category layers
 */
export const AuditLogLive: Layer.Layer<AuditLog, never, PgSession | IdGenerator> = Layer.effect(
  AuditLog,
  Effect.gen(function* () {
    const session = yield* PgSession
    const ids = yield* IdGenerator

    const append = Effect.fn("AuditLog.append")(function* (event: AuditEvent) {
      const actor = yield* Actor
      const id = yield* ids.next
      const at = yield* now
      return yield* attempt("AuditLog.append", () =>
        session.transaction({ tenantId: actor.tenantId }, (tx) => appendAuditEntry(tx, { actor, event, id, at })),
      )
    })

    const list = Effect.fn("AuditLog.list")(function* (query: AuditQuery) {
      const actor = yield* Actor
      return yield* attempt("AuditLog.list", () =>
        session.transaction({ tenantId: actor.tenantId }, async (tx) => {
          const rows = await tx
            .select()
            .from(auditLog)
            .where(
              and(
                eq(auditLog.tenantId, actor.tenantId),
                query.cursor === undefined ? undefined : lt(auditLog.seq, Number(query.cursor)),
              ),
            )
            .orderBy(desc(auditLog.seq))
            .limit(query.limit + 1)
          const page = rows.slice(0, query.limit).map(toEntry)
          const last = page[page.length - 1]
          return {
            entries: page,
            nextCursor: rows.length > query.limit && last !== undefined ? String(last.seq) : null,
          }
        }),
      )
    })

    const get = Effect.fn("AuditLog.get")(function* (id: AuditEntryId) {
      const actor = yield* Actor
      const entry = yield* attempt("AuditLog.get", () =>
        session.transaction({ tenantId: actor.tenantId }, async (tx) => {
          const [row] = await tx
            .select()
            .from(auditLog)
            .where(and(eq(auditLog.tenantId, actor.tenantId), eq(auditLog.id, id)))
          return row === undefined ? undefined : toEntry(row)
        }),
      )
      return entry ?? (yield* Effect.fail(new NotFound({ entity: "audit_entry", id })))
    })

    const verify = Effect.gen(function* () {
      const actor = yield* Actor
      const { entries, head } = yield* attempt("AuditLog.verify", () =>
        session.transaction({ tenantId: actor.tenantId }, async (tx) => {
          const rows = await tx
            .select()
            .from(auditLog)
            .where(eq(auditLog.tenantId, actor.tenantId))
            .orderBy(asc(auditLog.seq))
          const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.tenantId, actor.tenantId))
          return { entries: rows.map(toEntry), head }
        }),
      )
      return yield* verifyAuditChain(entries, head ?? { seq: 0, hash: genesisHash })
    })

    return AuditLog.of({ append, list, get, verify })
  }),
)
