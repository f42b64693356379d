/**
 * Contract suites: the behaviour every implementation of a port must show. Each adapter runs them (the
 * in-memory reference, PGlite, PostgreSQL), so all implementations are held to the same behaviour.
 *
 * @since 0.1.0
 */
import {
  ApiKeyId,
  ApiKeyStore,
  AuditEntryId,
  AuditLog,
  computeAuditHash,
  genesisHash,
  hashApiKeySecret,
  type Principal,
  ResourceId,
  TenantId,
  TenantStore,
} from "@zaitaku/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { as, atTime, useRuntime } from "./internal/Suite.js"

/**
 * The services the suites use.
 *
 * @since 0.1.0
 * @category models
 */
export type StoreServices = TenantStore | ApiKeyStore | AuditLog

/**
 * How a suite obtains the implementation under test: a layer, or a function that makes one (possibly async,
 * e.g. after loading a database template). Built once per suite.
 *
 * @since 0.1.0
 * @category models
 */
export type LayerSource = Layer.Layer<StoreServices, unknown> | (() => Promise<Layer.Layer<StoreServices, unknown>>)

const newTenant = (prefix: string) =>
  Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))

const failureTag = (exit: Exit.Exit<unknown, unknown>): string | undefined =>
  Exit.isFailure(exit)
    ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as { _tag?: string } | undefined)?._tag
    : undefined

/**
 * The `AuditLog` contract: numbering, chaining, verification, paging, lookups and concurrency.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { ApiKeyStore, AuditLog, IdGenerator, TenantStore } from "@zaitaku/core"
 * import { auditLogSuite } from "@zaitaku/testing"
 *
 * const memory = Layer.mergeAll(TenantStore.layerMemory, ApiKeyStore.layerMemory).pipe(
 *   Layer.provideMerge(AuditLog.layerMemory),
 *   Layer.provide(IdGenerator.layer),
 * )
 * auditLogSuite("memory", memory)
 * ```
 */
export const auditLogSuite = (name: string, source: LayerSource): void => {
  describe(`AuditLog contract (${name})`, () => {
    const { run, exit } = useRuntime(source)

    it("starts each tenant's chain with its creation, and numbers and links every entry", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("audit-chain")
          const log = yield* AuditLog
          const appended = []
          for (let i = 0; i < 3; i++) {
            appended.push(
              yield* log
                .append({ action: "tenant.read", target: { type: "tenant", id: tenant.id }, details: { i } })
                .pipe(as(adminOf(tenant))),
            )
          }
          const page = yield* log.list({ limit: 10 }).pipe(as(adminOf(tenant)))
          const verification = yield* log.verify.pipe(as(adminOf(tenant)))
          return { tenant, appended, page, verification }
        }),
      )
      const entries = [...result.page.entries].reverse()
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4])
      expect(entries[0]?.action).toBe("tenant.create")
      expect(entries[0]?.prevHash).toBe(genesisHash)
      for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash)
      for (const entry of entries) {
        const { hash, ...rest } = entry
        expect(await Effect.runPromise(computeAuditHash(rest))).toBe(hash)
        expect(entry.tenantId).toBe(result.tenant.id)
      }
      expect(result.appended.map((e) => e.details)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }])
      expect(result.verification).toEqual({ valid: true, entries: 4, problems: [] })
    })

    it("records the actor, target, outcome and personal-data flag exactly as given", async () => {
      const entry = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("audit-fields")
          const principal: Principal = {
            tenantId: tenant.id,
            role: "care_manager",
            subject: { kind: "api_key", id: "0192f5a0-0000-7000-8000-00000000beef" },
          }
          return yield* (yield* AuditLog)
            .append({
              action: "form_response.read",
              target: { type: "form_response", id: "r-1" },
              personalData: true,
              outcome: "denied",
              details: { fields: ["氏名", "生年月日"], nested: { ok: true, n: 1.5 } },
            })
            .pipe(as(principal))
        }),
      )
      expect(entry.actor).toEqual({ kind: "api_key", id: "0192f5a0-0000-7000-8000-00000000beef", role: "care_manager" })
      expect(entry.target).toEqual({ type: "form_response", id: "r-1" })
      expect(entry.personalData).toBe(true)
      expect(entry.outcome).toBe("denied")
      expect(entry.details).toEqual({ fields: ["氏名", "生年月日"], nested: { ok: true, n: 1.5 } })
    })

    it("pages newest first with a cursor, with no entry lost or repeated", async () => {
      const { pages, total } = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("audit-paging")
          const log = yield* AuditLog
          for (let i = 0; i < 11; i++) {
            yield* log
              .append({ action: "tenant.read", target: { type: "tenant", id: String(i) } })
              .pipe(as(adminOf(tenant)))
          }
          const pages: Array<Array<number>> = []
          let cursor: string | undefined
          do {
            const page = yield* log
              .list(cursor === undefined ? { limit: 5 } : { limit: 5, cursor })
              .pipe(as(adminOf(tenant)))
            pages.push(page.entries.map((e) => e.seq))
            cursor = page.nextCursor ?? undefined
          } while (cursor !== undefined)
          return { pages, total: 12 }
        }),
      )
      expect(pages).toEqual([
        [12, 11, 10, 9, 8],
        [7, 6, 5, 4, 3],
        [2, 1],
      ])
      expect(pages.flat()).toHaveLength(total)
    })

    it("keeps the chain whole under concurrent appends", async () => {
      const verification = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("audit-concurrent")
          const log = yield* AuditLog
          yield* Effect.forEach(
            Array.from({ length: 20 }, (_, i) => i),
            (i) => log.append({ action: "tenant.read", target: { type: "tenant", id: String(i) } }),
            { concurrency: 8 },
          ).pipe(as(adminOf(tenant)))
          return yield* log.verify.pipe(as(adminOf(tenant)))
        }),
      )
      expect(verification).toEqual({ valid: true, entries: 21, problems: [] })
    })

    it("finds an entry by id in its own tenant only", async () => {
      const { own, other } = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("audit-get-a")
          const b = yield* newTenant("audit-get-b")
          const log = yield* AuditLog
          const entry = yield* log
            .append({ action: "tenant.read", target: { type: "tenant", id: a.id } })
            .pipe(as(adminOf(a)))
          const own = yield* log.get(entry.id).pipe(as(adminOf(a)))
          const other = yield* Effect.exit(log.get(entry.id).pipe(as(adminOf(b))))
          return { own, other, entry }
        }),
      )
      expect(own.action).toBe("tenant.read")
      expect(failureTag(other)).toBe("NotFound")
      const missing = await exit(
        Effect.gen(function* () {
          const a = yield* newTenant("audit-get-missing")
          return yield* (yield* AuditLog)
            .get(AuditEntryId.parse("00000000-0000-7000-8000-00000000dead"))
            .pipe(as(adminOf(a)))
        }),
      )
      expect(failureTag(missing)).toBe("NotFound")
    })
  })

  /**
   * The tenant-isolation contract: through every port, one tenant's actor never sees or changes another
   * tenant's data, and lookups of another tenant's rows look exactly like lookups of missing rows.
   *
   * @since 0.1.0
   * @category suites
   * @example
   * ```ts
   * import { tenantIsolationSuite } from "@zaitaku/testing"
   * import type { LayerSource } from "@zaitaku/testing"
   *
   * declare const layer: LayerSource
   * tenantIsolationSuite("memory", layer)
   * ```
   */
}

export const tenantIsolationSuite = (name: string, source: LayerSource): void => {
  describe(`Tenant isolation contract (${name})`, () => {
    const { run, exit } = useRuntime(source)

    it("returns only the actor's own tenant, and NotFound for an actor of an unknown tenant", async () => {
      const { a, b, meA, meB } = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("iso-a")
          const b = yield* newTenant("iso-b")
          const tenants = yield* TenantStore
          return {
            a,
            b,
            meA: yield* tenants.current.pipe(as(adminOf(a))),
            meB: yield* tenants.current.pipe(as(adminOf(b))),
          }
        }),
      )
      expect(meA).toEqual(a)
      expect(meB.id).toBe(b.id)
      expect(meA.areas).toHaveLength(1)
      const unknown = await exit(
        Effect.flatMap(Effect.service(TenantStore), (tenants) =>
          tenants.current.pipe(as(adminOf({ ...a, id: TenantId.parse("00000000-0000-7000-8000-0000000000ff") }))),
        ),
      )
      expect(failureTag(unknown)).toBe("NotFound")
    })

    it("rejects a second tenant with the same code as a Conflict", async () => {
      const result = await exit(
        Effect.gen(function* () {
          const input = uniqueTenant("dup")
          const tenants = yield* TenantStore
          yield* tenants.create(input)
          return yield* tenants.create(input)
        }),
      )
      expect(failureTag(result)).toBe("Conflict")
    })

    it("finds a tenant by code for system work", async () => {
      const { created, found, missing } = await run(
        Effect.gen(function* () {
          const created = yield* newTenant("by-code")
          const tenants = yield* TenantStore
          return {
            created,
            found: yield* tenants.findByCode(created.code),
            missing: yield* tenants.findByCode("no-such-tenant-code"),
          }
        }),
      )
      expect(Option.getOrUndefined(found)).toEqual(created)
      expect(Option.isNone(missing)).toBe(true)
    })

    it("keeps API keys per tenant: lists, revocation and authentication never cross tenants", async () => {
      const result = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("keys-a")
          const b = yield* newTenant("keys-b")
          const keys = yield* ApiKeyStore
          const keyA = yield* keys.create({ role: "coordinator", label: "A" }).pipe(as(adminOf(a)))
          const keyB = yield* keys.create({ role: "viewer", label: "B" }).pipe(as(adminOf(b)))
          const listA = yield* keys.list.pipe(as(adminOf(a)))
          const revokeOther = yield* Effect.exit(keys.revoke(keyB.key.id).pipe(as(adminOf(a))))
          const stillB = yield* keys.authenticate(yield* hashApiKeySecret(keyB.secret))
          const authA = yield* keys.authenticate(yield* hashApiKeySecret(keyA.secret))
          const unknown = yield* keys.authenticate(yield* hashApiKeySecret("zk_this-key-was-never-issued-0000"))
          const revokedA = yield* keys.revoke(keyA.key.id).pipe(as(adminOf(a)))
          const revokedAgain = yield* keys.revoke(keyA.key.id).pipe(as(adminOf(a)))
          const afterRevoke = yield* keys.authenticate(yield* hashApiKeySecret(keyA.secret))
          const missing = yield* Effect.exit(
            keys.revoke(ApiKeyId.parse("00000000-0000-7000-8000-00000000dead")).pipe(as(adminOf(a))),
          )
          const auditA = yield* (yield* AuditLog).list({ limit: 50 }).pipe(as(adminOf(a)))
          const auditB = yield* (yield* AuditLog).list({ limit: 50 }).pipe(as(adminOf(b)))
          return {
            a,
            b,
            keyA,
            keyB,
            listA,
            revokeOther,
            stillB,
            authA,
            unknown,
            revokedA,
            revokedAgain,
            afterRevoke,
            missing,
            auditA,
            auditB,
          }
        }),
      )
      expect(result.listA.map((k) => k.id)).toEqual([result.keyA.key.id])
      expect(result.listA[0]).not.toHaveProperty("secretHash")
      expect(failureTag(result.revokeOther)).toBe("NotFound")
      expect(Option.getOrUndefined(result.stillB)?.tenantId).toBe(result.b.id)
      expect(Option.getOrUndefined(result.authA)).toEqual(result.keyA.key)
      expect(Option.isNone(result.unknown)).toBe(true)
      expect(result.revokedA.revokedAt).not.toBeNull()
      expect(result.revokedAgain.revokedAt).toBe(result.revokedA.revokedAt)
      expect(Option.isNone(result.afterRevoke)).toBe(true)
      expect(failureTag(result.missing)).toBe("NotFound")
      expect(result.keyA.secret).toMatch(/^zk_[A-Za-z0-9_-]{43}$/)
      expect(result.keyA.key.prefix).toBe(result.keyA.secret.slice(0, 7))
      // creating and revoking are audited in the acting tenant's chain, once each
      expect(result.auditA.entries.map((e) => e.action).reverse()).toEqual([
        "tenant.create",
        "api_key.create",
        "api_key.revoke",
      ])
      expect(result.auditB.entries.map((e) => e.action).reverse()).toEqual(["tenant.create", "api_key.create"])
    })

    it("binds a provider key to its entries, refuses keys that break the role rules, and lets keys expire", async () => {
      const own = ResourceId.parse("0192f5a0-0000-7000-8000-0000000000e1")
      const second = ResourceId.parse("0192f5a0-0000-7000-8000-0000000000e2")
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("keys-scope")
          const keys = yield* ApiKeyStore
          const now = Date.now()
          const expiresAt = new Date(now + 3_600_000).toISOString()
          const refused = {
            noEntries: yield* Effect.exit(
              keys.create({ role: "provider", label: "訪問看護" }).pipe(as(adminOf(tenant))),
            ),
            viewerWithEntries: yield* Effect.exit(
              keys.create({ role: "viewer", resources: [own] }).pipe(as(adminOf(tenant))),
            ),
            duplicate: yield* Effect.exit(
              keys.create({ role: "provider", resources: [own, own] }).pipe(as(adminOf(tenant))),
            ),
            past: yield* Effect.exit(
              keys
                .create({ role: "provider", resources: [own], expiresAt: new Date(now - 1000).toISOString() })
                .pipe(as(adminOf(tenant))),
            ),
          }
          const afterRefusals = yield* keys.list.pipe(as(adminOf(tenant)))
          const careManager = yield* keys
            .create({ role: "care_manager", label: "居宅介護支援事業所", resources: [second] })
            .pipe(as(adminOf(tenant)))
          const provider = yield* keys
            .create({ role: "provider", label: "八戸訪問看護ステーション", resources: [own, second], expiresAt })
            .pipe(as(adminOf(tenant)))
          const hash = yield* hashApiKeySecret(provider.secret)
          const beforeExpiry = yield* keys.authenticate(hash).pipe(atTime(now + 3_599_000))
          const atExpiry = yield* keys.authenticate(hash).pipe(atTime(now + 3_600_000))
          const afterExpiry = yield* keys.authenticate(hash).pipe(atTime(now + 7_200_000))
          const listed = yield* keys.list.pipe(as(adminOf(tenant)))
          const audit = yield* (yield* AuditLog).list({ limit: 50 }).pipe(as(adminOf(tenant)))
          return {
            tenant,
            refused,
            afterRefusals,
            careManager,
            provider,
            expiresAt,
            beforeExpiry,
            atExpiry,
            afterExpiry,
            listed,
            audit,
          }
        }),
      )
      const issues = (exit: Exit.Exit<unknown, unknown>) =>
        (
          Option.getOrUndefined(Exit.findErrorOption(exit)) as
            | { _tag: string; issues: ReadonlyArray<{ path: ReadonlyArray<unknown>; code: string }> }
            | undefined
        )?.issues.map((issue) => [issue.path.join("."), issue.code])
      expect(issues(result.refused.noEntries)).toEqual([["resources", "resources_required"]])
      expect(issues(result.refused.viewerWithEntries)).toEqual([["resources", "resources_not_allowed"]])
      expect(issues(result.refused.duplicate)).toEqual([["resources", "duplicate"]])
      expect(issues(result.refused.past)).toEqual([["expiresAt", "expires_in_past"]])
      expect(result.afterRefusals).toEqual([]) // a refused key is not stored
      // hospital staff and care managers may name the organisations they work for
      expect(result.careManager.key).toMatchObject({ role: "care_manager", resources: [second], expiresAt: null })
      expect(result.provider.key).toMatchObject({
        role: "provider",
        resources: [own, second],
        expiresAt: result.expiresAt,
        revokedAt: null,
      })
      expect(Option.getOrUndefined(result.beforeExpiry)).toEqual(result.provider.key)
      expect(Option.isNone(result.atExpiry)).toBe(true)
      expect(Option.isNone(result.afterExpiry)).toBe(true)
      expect(result.listed).toEqual([result.careManager.key, result.provider.key])
      // the refused keys left no audit entry
      const created = result.audit.entries.filter((entry) => entry.action === "api_key.create").reverse()
      expect(created.map((entry) => entry.details)).toEqual([
        expect.objectContaining({ role: "care_manager", resources: [second] }),
        expect.objectContaining({ role: "provider", resources: [own, second], expiresAt: result.expiresAt }),
      ])
    })

    it("gives a new tenant the default directory settings, and lets it change only its own", async () => {
      const result = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("settings-a")
          const b = yield* newTenant("settings-b")
          const tenants = yield* TenantStore
          const updated = yield* tenants
            .updateSettings({ publicDirectory: true, assurancePeriodMonths: 6 })
            .pipe(as(adminOf(a)))
          const unchanged = yield* tenants.updateSettings({ assurancePeriodMonths: 6 }).pipe(as(adminOf(a)))
          const invalid = yield* Effect.exit(tenants.updateSettings({ assurancePeriodMonths: 0 }).pipe(as(adminOf(a))))
          const log = yield* AuditLog
          return {
            a,
            b,
            updated,
            unchanged,
            invalid,
            meA: yield* tenants.current.pipe(as(adminOf(a))),
            meB: yield* tenants.current.pipe(as(adminOf(b))),
            byCode: yield* tenants.findByCode(a.code),
            auditA: yield* log.list({ limit: 50 }).pipe(as(adminOf(a))),
            auditB: yield* log.list({ limit: 50 }).pipe(as(adminOf(b))),
            verifyA: yield* log.verify.pipe(as(adminOf(a))),
          }
        }),
      )
      expect(result.a.settings).toEqual({ publicDirectory: false, assurancePeriodMonths: 12 })
      expect(result.b.settings).toEqual({ publicDirectory: false, assurancePeriodMonths: 12 })
      expect(result.updated).toEqual({ ...result.a, settings: { publicDirectory: true, assurancePeriodMonths: 6 } })
      expect(result.unchanged).toEqual(result.updated)
      expect(failureTag(result.invalid)).toBe("ValidationError")
      expect(result.meA).toEqual(result.updated)
      expect(Option.getOrUndefined(result.byCode)).toEqual(result.updated)
      expect(result.meB).toEqual(result.b)
      // one audit entry, with the changed fields; the no-op and the invalid patch wrote nothing
      const actions = result.auditA.entries.map((e) => e.action).reverse()
      expect(actions).toEqual(["tenant.create", "tenant.settings.update"])
      expect(result.auditA.entries[0]?.target).toEqual({ type: "tenant", id: result.a.id })
      expect(result.auditA.entries[0]?.details).toEqual({
        changed: { publicDirectory: { from: false, to: true }, assurancePeriodMonths: { from: 12, to: 6 } },
      })
      expect(result.verifyA.valid).toBe(true)
      expect(result.auditB.entries.map((e) => e.action)).toEqual(["tenant.create"])
    })

    it("finds a tenant for the public directory only while it is published", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenants = yield* TenantStore
          const a = yield* newTenant("public-a")
          const b = yield* newTenant("public-b")
          const before = yield* tenants.findPublic(a.code)
          yield* tenants.updateSettings({ publicDirectory: true }).pipe(as(adminOf(a)))
          const published = yield* tenants.findPublic(a.code)
          const other = yield* tenants.findPublic(b.code)
          const missing = yield* tenants.findPublic("no-such-tenant-code")
          yield* tenants.updateSettings({ publicDirectory: false }).pipe(as(adminOf(a)))
          const withdrawn = yield* tenants.findPublic(a.code)
          return { a, before, published, other, missing, withdrawn }
        }),
      )
      expect(Option.isNone(result.before)).toBe(true)
      expect(Option.getOrUndefined(result.published)?.id).toBe(result.a.id)
      expect(Option.getOrUndefined(result.published)?.settings.publicDirectory).toBe(true)
      expect(Option.isNone(result.other)).toBe(true)
      expect(Option.isNone(result.missing)).toBe(true)
      expect(Option.isNone(result.withdrawn)).toBe(true)
    })

    it("keeps audit trails per tenant", async () => {
      const { listA, listB, verifyB } = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("audit-iso-a")
          const b = yield* newTenant("audit-iso-b")
          const log = yield* AuditLog
          for (let i = 0; i < 3; i++)
            yield* log.append({ action: "tenant.read", target: { type: "t", id: String(i) } }).pipe(as(adminOf(a)))
          return {
            listA: yield* log.list({ limit: 50 }).pipe(as(adminOf(a))),
            listB: yield* log.list({ limit: 50 }).pipe(as(adminOf(b))),
            verifyB: yield* log.verify.pipe(as(adminOf(b))),
          }
        }),
      )
      expect(listA.entries).toHaveLength(4)
      expect(listB.entries).toHaveLength(1)
      expect(verifyB.entries).toBe(1)
    })
  })
}
