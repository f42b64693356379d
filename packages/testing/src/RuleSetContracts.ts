/**
 * The `RuleSetStore` contract: a tenant's own and regional rule sets with versions — validated, immutable once
 * created, effective periods of one id that never overlap, built-in ids read-only, idempotent creation, audited
 * writes, tenant isolation — and the tenant's resolution order; and that the `RuleSetCatalog` built on the store
 * lists the built-in sets and the tenant's.
 *
 * @since 0.1.0
 */
import {
  AuditLog,
  builtinRuleSets,
  type Principal,
  type Role,
  RuleSetCatalog,
  type RuleSetInput,
  RuleSetStore,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { as, useRuntime } from "./internal/Suite.js"

/**
 * The services the rule set suite uses.
 *
 * @since 0.1.0
 * @category models
 */
export type RuleSetStoreServices = RuleSetStore | RuleSetCatalog | TenantStore | AuditLog

/**
 * A regional rule set of 八戸市 (022039): the care manager sends the 入院時情報提供書 to the hospital within 3 of its
 * business days after the admission. Overrides replace top-level fields.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { regionalRuleSetFixture } from "@zaitaku/testing"
 *
 * regionalRuleSetFixture({ version: "2025" })
 * ```
 */
export const regionalRuleSetFixture = (overrides: Partial<RuleSetInput> = {}): RuleSetInput => ({
  id: "hachinohe-nyutaiin",
  name: { ja: "八戸圏域 入退院調整ルール", en: "Hachinohe area admission and discharge rules" },
  version: "2024",
  effective: { from: "2024-04-01", to: null },
  scope: { kind: "regional", municipalities: ["022039"] },
  sources: [{ title: "八戸圏域 入退院調整ルールの手引き（テスト用）", grade: "I" }],
  rules: [
    {
      id: "admission",
      name: { ja: "入院時の情報提供", en: "Information at admission" },
      trigger: "admission",
      applicability: { careManager: "present" },
      obligations: [
        {
          id: "cm-sends-sheet",
          name: { ja: "入院時情報提供書を病院へ送る", en: "Send the admission information sheet to the hospital" },
          actor: "care_manager",
          action: { kind: "send_form", templateId: "admission-information", to: "hospital" },
          deadline: { kind: "business_days", days: 3 },
        },
      ],
    },
  ],
  ...overrides,
})

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as {
        _tag?: string
        reason?: string
        state?: string
        issues?: ReadonlyArray<{ path: ReadonlyArray<string | number>; code: string }>
      })
    : undefined

const issuesOf = (exit: Exit.Exit<unknown, unknown>) =>
  (failureOf(exit)?.issues ?? []).map((issue) => `${issue.path.join(".")}:${issue.code}`)

const staff = (tenant: Tenant, role: Role): Principal => ({
  tenantId: tenant.id,
  role,
  subject: { kind: "api_key", id: `${role}-key` },
})

/**
 * Runs the `RuleSetStore` contract against an implementation.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { AuditLog, IdGenerator, RuleSetCatalog, RuleSetStore, TenantStore } from "@zaitaku/core"
 * import { ruleSetStoreSuite } from "@zaitaku/testing"
 *
 * ruleSetStoreSuite(
 *   "memory",
 *   Layer.mergeAll(TenantStore.layerMemory, RuleSetCatalog.layerStore.pipe(Layer.provideMerge(RuleSetStore.layerMemory))).pipe(
 *     Layer.provideMerge(AuditLog.layerMemory),
 *     Layer.provide(IdGenerator.layer),
 *   ),
 * )
 * ```
 */
export const ruleSetStoreSuite = (
  name: string,
  source: Layer.Layer<RuleSetStoreServices, unknown> | (() => Promise<Layer.Layer<RuleSetStoreServices, unknown>>),
): void => {
  describe(`RuleSetStore contract (${name})`, () => {
    const { run } = useRuntime(source)
    const store = Effect.service(RuleSetStore)
    const newTenant = (prefix: string) =>
      Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))
    const auditOf = (tenant: Tenant) =>
      Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 200 })).pipe(
        Effect.map((page) => page.entries.filter((e) => e.target.type.startsWith("rule_set"))),
        as(adminOf(tenant)),
      )

    it("stores a tenant's regional set, lists it with the built-in sets for that tenant only, and audits the write", async () => {
      const result = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("rules-a")
          const b = yield* newTenant("rules-b")
          const s = yield* store
          const coordinator = staff(a, "coordinator")
          const created = yield* s.create(regionalRuleSetFixture()).pipe(as(coordinator))
          const listedA = yield* s.list.pipe(as(staff(a, "viewer")))
          const listedB = yield* s.list.pipe(as(adminOf(b)))
          const catalog = yield* RuleSetCatalog
          const catalogA = yield* catalog.list.pipe(as(staff(a, "care_manager")))
          const catalogB = yield* catalog.list.pipe(as(staff(b, "care_manager")))
          const got = yield* catalog.get("hachinohe-nyutaiin").pipe(as(staff(a, "hospital_staff")))
          const missing = yield* Effect.exit(catalog.get("hachinohe-nyutaiin").pipe(as(staff(b, "hospital_staff"))))
          const byViewer = yield* Effect.exit(
            s.create(regionalRuleSetFixture({ id: "x" })).pipe(as(staff(a, "viewer"))),
          )
          const byCareManager = yield* Effect.exit(
            s.create(regionalRuleSetFixture({ id: "x" })).pipe(as(staff(a, "care_manager"))),
          )
          return { a, created, listedA, listedB, catalogA, catalogB, got, missing, byViewer, byCareManager }
        }),
      )
      expect(result.created).toMatchObject({
        tenantId: result.a.id,
        ruleSet: { id: "hachinohe-nyutaiin", version: "2024", scope: { kind: "regional", municipalities: ["022039"] } },
        createdBy: { kind: "api_key", id: "coordinator-key" },
      })
      // the zod defaults are applied once, when stored
      expect(result.created.ruleSet.rules[0]?.obligations[0]?.lateTiers).toEqual([])
      expect(result.listedA).toEqual([result.created])
      expect(result.listedB).toEqual([])
      expect(result.catalogA.map((set) => `${set.id}@${set.version}`)).toEqual([
        ...builtinRuleSets.map((set) => `${set.id}@${set.version}`),
        "hachinohe-nyutaiin@2024",
      ])
      expect(result.catalogB).toEqual(builtinRuleSets)
      expect(result.got).toEqual(result.created.ruleSet)
      expect(failureOf(result.missing)?._tag).toBe("NotFound")
      expect(failureOf(result.byViewer)?._tag).toBe("Forbidden")
      expect(failureOf(result.byCareManager)?._tag).toBe("Forbidden")
      const audit = await run(auditOf(result.a))
      expect(audit.map((e) => `${e.action} ${e.target.id}`)).toEqual(["rule_set.create hachinohe-nyutaiin@2024"])
    })

    it("adds versions of an id whose periods do not overlap; never changes one; refuses built-in ids and bad sets, storing nothing", async () => {
      const result = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("rules-versions")
          const s = yield* store
          const c = staff(a, "coordinator")
          // the first version ends when the second starts: a correction is a new version
          const first = yield* s
            .create(regionalRuleSetFixture({ version: "2024", effective: { from: "2024-04-01", to: "2025-03-31" } }))
            .pipe(as(c))
          const second = yield* s
            .create(regionalRuleSetFixture({ version: "2025", effective: { from: "2025-04-01", to: null } }))
            .pipe(as(c))
          const sameVersion = yield* Effect.exit(
            s
              .create(regionalRuleSetFixture({ version: "2025", effective: { from: "2026-04-01", to: null } }))
              .pipe(as(c)),
          )
          const overlapping = yield* Effect.exit(
            s
              .create(regionalRuleSetFixture({ version: "2025b", effective: { from: "2025-10-01", to: null } }))
              .pipe(as(c)),
          )
          const builtin = yield* Effect.exit(s.create({ ...builtinRuleSets[1]!, version: "2027" }).pipe(as(adminOf(a))))
          const badDeadline = yield* Effect.exit(
            s
              .create({
                ...regionalRuleSetFixture({ id: "bad" }),
                rules: [
                  {
                    ...regionalRuleSetFixture().rules[0]!,
                    obligations: [
                      {
                        ...regionalRuleSetFixture().rules[0]!.obligations[0]!,
                        deadline: { kind: "calendar_days", days: 0, dayOne: "trigger_day" },
                      },
                    ],
                  },
                ],
              })
              .pipe(as(c)),
          )
          const badPeriod = yield* Effect.exit(
            s
              .create(regionalRuleSetFixture({ id: "bad", effective: { from: "2025-04-01", to: "2024-03-31" } }))
              .pipe(as(c)),
          )
          const listed = yield* s.list.pipe(as(c))
          const latest = yield* Effect.flatMap(RuleSetCatalog, (catalog) => catalog.get("hachinohe-nyutaiin")).pipe(
            as(c),
          )
          const audit = yield* auditOf(a)
          return { first, second, sameVersion, overlapping, builtin, badDeadline, badPeriod, listed, latest, audit }
        }),
      )
      expect(result.listed.map((x) => x.ruleSet.version)).toEqual(["2024", "2025"])
      expect(result.latest.version).toBe("2025")
      expect(failureOf(result.sameVersion)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
      expect(issuesOf(result.overlapping)).toEqual(["effective:overlapping_version"])
      expect(failureOf(result.builtin)).toMatchObject({ _tag: "Conflict", reason: "state", state: "builtin" })
      expect(issuesOf(result.badDeadline)).toEqual(["rules.0.obligations.0.deadline.days:too_small"])
      expect(issuesOf(result.badPeriod)).toEqual(["effective.to:range_order"])
      expect(result.audit.map((e) => e.target.id)).toEqual(["hachinohe-nyutaiin@2025", "hachinohe-nyutaiin@2024"])
    })

    it("creates once per idempotency key, and refuses the key for another set", async () => {
      const result = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("rules-idempotent")
          const s = yield* store
          const c = staff(a, "coordinator")
          const first = yield* s.create(regionalRuleSetFixture(), { idempotencyKey: "rules-1" }).pipe(as(c))
          const again = yield* s.create(regionalRuleSetFixture(), { idempotencyKey: "rules-1" }).pipe(as(c))
          const other = yield* Effect.exit(
            s.create(regionalRuleSetFixture({ id: "other" }), { idempotencyKey: "rules-1" }).pipe(as(c)),
          )
          const listed = yield* s.list.pipe(as(c))
          return { first, again, other, listed }
        }),
      )
      expect(result.again).toEqual(result.first)
      expect(failureOf(result.other)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
      expect(result.listed).toHaveLength(1)
    })

    it("keeps each tenant's resolution order: hospital then patient until set, set by coordinators only", async () => {
      const result = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("rules-order-a")
          const b = yield* newTenant("rules-order-b")
          const s = yield* store
          const before = yield* s.resolution.pipe(as(staff(a, "viewer")))
          const set = yield* s.setResolution(["patient", "hospital"]).pipe(as(staff(a, "coordinator")))
          const after = yield* s.resolution.pipe(as(staff(a, "care_manager")))
          const viaCatalog = yield* Effect.flatMap(RuleSetCatalog, (catalog) => catalog.resolution).pipe(
            as(staff(a, "hospital_staff")),
          )
          const other = yield* s.resolution.pipe(as(staff(b, "viewer")))
          const duplicate = yield* Effect.exit(
            s.setResolution(["patient", "patient"]).pipe(as(staff(a, "coordinator"))),
          )
          const byHospital = yield* Effect.exit(s.setResolution(["hospital"]).pipe(as(staff(a, "hospital_staff"))))
          const changed = yield* s.setResolution(["care_manager", "hospital"]).pipe(as(adminOf(a)))
          const audit = yield* auditOf(a)
          return { before, set, after, viaCatalog, other, duplicate, byHospital, changed, audit }
        }),
      )
      expect(result.before).toEqual(["hospital", "patient"])
      expect(result.set).toEqual(["patient", "hospital"])
      expect(result.after).toEqual(["patient", "hospital"])
      expect(result.viaCatalog).toEqual(["patient", "hospital"])
      expect(result.other).toEqual(["hospital", "patient"])
      expect(issuesOf(result.duplicate)).toEqual(["1:duplicate"])
      expect(failureOf(result.byHospital)?._tag).toBe("Forbidden")
      expect(result.changed).toEqual(["care_manager", "hospital"])
      expect(result.audit.map((e) => e.action)).toEqual(["rule_set.resolution", "rule_set.resolution"])
    })
  })
}
