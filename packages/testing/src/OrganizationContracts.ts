/**
 * The `OrganizationStore` contract: the 法人 of a tenant's directory, stored under their ids, with one
 * organisation per 法人番号 per tenant, searchable by name and reading.
 *
 * @since 0.1.0
 */
import {
  AuditLog,
  CorporateNumber,
  type Organization,
  OrganizationId,
  OrganizationStore,
  organizationIdFor,
  type Principal,
  TenantStore,
} from "@zaitaku/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { as, useRuntime } from "./internal/Suite.js"

/**
 * The services the organisation suite uses.
 *
 * @since 0.1.0
 * @category models
 */
export type OrganizationServices = OrganizationStore | TenantStore | AuditLog

const newTenant = (prefix: string) =>
  Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as { _tag?: string; reason?: string })
    : undefined

/** Real-looking 法人番号 with valid check digits. */
const numbers = {
  nta: CorporateNumber.parse("7000012050002"),
  second: CorporateNumber.parse("2000020022039"),
}

/**
 * Runs the `OrganizationStore` contract against an implementation.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { AuditLog, OrganizationStore, TenantStore, IdGenerator } from "@zaitaku/core"
 * import { organizationStoreSuite } from "@zaitaku/testing"
 *
 * organizationStoreSuite(
 *   "memory",
 *   Layer.mergeAll(TenantStore.layerMemory, OrganizationStore.layerMemory).pipe(
 *     Layer.provideMerge(AuditLog.layerMemory),
 *     Layer.provide(IdGenerator.layer),
 *   ),
 * )
 * ```
 */
export const organizationStoreSuite = (
  name: string,
  source: Layer.Layer<OrganizationServices, unknown> | (() => Promise<Layer.Layer<OrganizationServices, unknown>>),
): void => {
  describe(`OrganizationStore contract (${name})`, () => {
    const { run } = useRuntime(source)
    const store = Effect.service(OrganizationStore)

    it("stores a 法人 under the id of its 法人番号, updates its name, and writes nothing for an unchanged one", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("org-upsert")
          const s = yield* store
          const admin = adminOf(tenant)
          const id = yield* organizationIdFor(tenant.id, numbers.nta)
          const sameAgain = yield* organizationIdFor(tenant.id, numbers.nta)
          const other = yield* newTenant("org-upsert-b")
          const otherId = yield* organizationIdFor(other.id, numbers.nta)
          const first: Organization = {
            id,
            corporateNumber: numbers.nta,
            name: { ja: "社会福祉法人はちのへ福祉会", kana: "シャカイフクシホウジンハチノヘフクシカイ" },
          }
          const created = yield* s.upsert(first).pipe(as(admin))
          const unchanged = yield* s.upsert(first).pipe(as(admin))
          const renamed = yield* s.upsert({ ...first, name: { ja: "社会福祉法人八戸福祉会" } }).pipe(as(admin))
          const read = yield* s.get(id).pipe(as(admin))
          const otherTenantRead = yield* Effect.exit(s.get(id).pipe(as(adminOf(other))))
          const audit = yield* (yield* AuditLog).list({ limit: 20 }).pipe(as(admin))
          return { id, sameAgain, otherId, created, unchanged, renamed, read, otherTenantRead, audit, first }
        }),
      )
      expect(result.sameAgain).toBe(result.id) // the same 法人番号 in the same tenant: the same id
      expect(result.otherId).not.toBe(result.id) // another tenant: another id
      expect(OrganizationId.safeParse(result.id).success).toBe(true)
      expect(result.created).toEqual(result.first)
      expect(result.unchanged).toEqual(result.first)
      expect(result.read).toEqual({
        id: result.id,
        corporateNumber: numbers.nta,
        name: { ja: "社会福祉法人八戸福祉会" },
      })
      expect(failureOf(result.otherTenantRead)?._tag).toBe("NotFound")
      const actions = result.audit.entries.map((entry) => entry.action).filter((a) => a.startsWith("organization."))
      expect(actions.reverse()).toEqual(["organization.create", "organization.update"])
    })

    it("keeps one organisation per 法人番号, refuses invalid input and readers without resources:write", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("org-refuse")
          const s = yield* store
          const admin = adminOf(tenant)
          const id = yield* organizationIdFor(tenant.id, numbers.second)
          yield* s.upsert({ id, corporateNumber: numbers.second, name: { ja: "医療法人八戸会" } }).pipe(as(admin))
          const sameNumber = yield* Effect.exit(
            s
              .upsert({
                id: OrganizationId.parse("0192f5a0-0000-7000-8000-0000000000f1"),
                corporateNumber: numbers.second,
                name: { ja: "別の法人" },
              })
              .pipe(as(admin)),
          )
          const badNumber = yield* Effect.exit(
            s.upsert({ id, corporateNumber: "1234567890123" as CorporateNumber, name: { ja: "x" } }).pipe(as(admin)),
          )
          const viewer: Principal = { ...admin, role: "viewer" }
          const notAllowed = yield* Effect.exit(
            s.upsert({ id, corporateNumber: numbers.second, name: { ja: "変更" } }).pipe(as(viewer)),
          )
          const read = yield* s.get(id).pipe(as(admin))
          return { sameNumber, badNumber, notAllowed, read }
        }),
      )
      expect(failureOf(result.sameNumber)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
      expect(failureOf(result.badNumber)?._tag).toBe("ValidationError")
      expect(failureOf(result.notAllowed)?._tag).toBe("Forbidden")
      expect(result.read.name.ja).toBe("医療法人八戸会")
    })

    it("lists by reading, finds by name, reading or number, width- and kana-insensitively, and pages", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("org-list")
          const s = yield* store
          const admin = adminOf(tenant)
          const make = (n: number, ja: string, kana?: string) =>
            s.upsert({
              id: OrganizationId.parse(`0192f5a0-0000-7000-8000-${n.toString(16).padStart(12, "0")}`),
              name: kana === undefined ? { ja } : { ja, kana },
            })
          yield* make(3, "医療法人八戸会", "イリョウホウジンハチノヘカイ").pipe(as(admin))
          yield* make(1, "株式会社さんのへケア", "カブシキガイシャサンノヘケア").pipe(as(admin))
          yield* make(2, "ＮＰＯ法人あおもり").pipe(as(admin))
          const all = yield* s.list().pipe(as(admin))
          const byKana = yield* s.list({ text: "はちのへ" }).pipe(as(admin))
          const byWidth = yield* s.list({ text: "npo" }).pipe(as(admin))
          const first = yield* s.list({ limit: 2 }).pipe(as(admin))
          const second = yield* s.list({ limit: 2, cursor: first.nextCursor! }).pipe(as(admin))
          const other = yield* newTenant("org-list-b")
          const otherList = yield* s.list().pipe(as(adminOf(other)))
          const bad = yield* Effect.exit(s.list({ cursor: "bogus" }).pipe(as(admin)))
          return { all, byKana, byWidth, first, second, otherList, bad }
        }),
      )
      const names = (page: { items: ReadonlyArray<Organization> }) => page.items.map((o) => o.name.ja)
      // by normalised reading (or name) in code-point order: "npo…" sorts before kana
      expect(names(result.all)).toEqual(["ＮＰＯ法人あおもり", "医療法人八戸会", "株式会社さんのへケア"])
      expect(names(result.byKana)).toEqual(["医療法人八戸会"])
      expect(names(result.byWidth)).toEqual(["ＮＰＯ法人あおもり"])
      expect([...names(result.first), ...names(result.second)]).toEqual(names(result.all))
      expect(result.second.nextCursor).toBeNull()
      expect(result.otherList.items).toEqual([])
      expect(failureOf(result.bad)?._tag).toBe("ValidationError")
    })
  })
}
