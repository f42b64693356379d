/**
 * 適用ルールの一覧 (rule set catalog): the rule sets a tenant's cases are evaluated against, and the order in which
 * municipalities choose the governing regional set: the built-in sets ({@link builtinRuleSets}) and, with
 * `layerStore`, the tenant's own versions from the {@link RuleSetStore}.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer } from "effect"
import type { Actor } from "./Actor.js"
import { builtinRuleSets } from "./BuiltinRuleSets.js"
import type { RegionalResolutionKey } from "./Coordination.js"
import { NotFound, type StoreError } from "./Errors.js"
import type { RuleSet } from "./RuleSet.js"
import { RuleSetStore } from "./RuleSetStore.js"

/**
 * The default resolution order: the hospital's municipality, then the patient's (ADR 0006).
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { defaultResolution } from "@zaitaku/core"
 *
 * defaultResolution // ["hospital", "patient"]
 * ```
 */
export const defaultResolution: ReadonlyArray<RegionalResolutionKey> = ["hospital", "patient"]

/**
 * The version of a rule set to read: the given version, or else the one that took effect last (a set whose start
 * is not recorded counts as the oldest).
 *
 * @since 0.1.0
 * @category lookups
 * @example
 * ```ts
 * import { builtinRuleSets, findRuleSet } from "@zaitaku/core"
 *
 * findRuleSet(builtinRuleSets, "jp-kaigo-houshu-kyotaku")?.version // "2024"
 * findRuleSet(builtinRuleSets, "jp-kaigo-houshu-kyotaku", "2018")?.version // "2018"
 * ```
 */
export const findRuleSet = (ruleSets: ReadonlyArray<RuleSet>, id: string, version?: string): RuleSet | undefined =>
  ruleSets
    .filter((set) => set.id === id && (version === undefined || set.version === version))
    .sort((a, b) => ((b.effective.from ?? "") < (a.effective.from ?? "") ? -1 : 1))[0]

/**
 * The `RuleSetCatalog` port.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RuleSetCatalog } from "@zaitaku/core"
 *
 * const ids = Effect.flatMap(Effect.service(RuleSetCatalog), (catalog) => catalog.list)
 * ```
 */
export class RuleSetCatalog extends Context.Service<
  RuleSetCatalog,
  {
    /** Every rule set (every version) the actor's tenant evaluates cases against. */
    readonly list: Effect.Effect<ReadonlyArray<RuleSet>, StoreError, Actor>
    /** One rule set: the given version, or the latest ({@link findRuleSet}); {@link NotFound} otherwise. */
    get(id: string, version?: string): Effect.Effect<RuleSet, NotFound | StoreError, Actor>
    /** The tenant's resolution order of the regional rule set. */
    readonly resolution: Effect.Effect<ReadonlyArray<RegionalResolutionKey>, StoreError, Actor>
    /** Whether a rule set is built in (read-only). */
    isBuiltin(set: RuleSet): boolean
  }
>()("@zaitaku/core/RuleSetCatalog") {
  /**
   * A catalog of fixed rule sets for every tenant (tests, or a deployment that pins its own sets).
   *
   * @since 0.1.0
   */
  static readonly make = (
    ruleSets: ReadonlyArray<RuleSet>,
    resolution: ReadonlyArray<RegionalResolutionKey> = defaultResolution,
  ): RuleSetCatalog["Service"] =>
    RuleSetCatalog.of({
      list: Effect.succeed(ruleSets),
      get: (id, version) => {
        const found = findRuleSet(ruleSets, id, version)
        return found === undefined
          ? Effect.fail(new NotFound({ entity: "rule_set", id: version === undefined ? id : `${id}@${version}` }))
          : Effect.succeed(found)
      },
      resolution: Effect.succeed(resolution),
      isBuiltin: (set) => builtinRuleSets.includes(set),
    })

  /**
   * The built-in rule sets followed by the tenant's own ({@link RuleSetStore}), with the tenant's resolution order:
   * a tenant's regional set governs its cases by the same rules as a built-in one.
   *
   * @since 0.1.0
   */
  static readonly layerStore: Layer.Layer<RuleSetCatalog, never, RuleSetStore> = Layer.effect(
    RuleSetCatalog,
    Effect.gen(function* () {
      const store = yield* RuleSetStore
      const list = Effect.map(store.list, (own) => [...builtinRuleSets, ...own.map((stored) => stored.ruleSet)])
      return RuleSetCatalog.of({
        list,
        get: (id, version) =>
          Effect.flatMap(list, (sets) => {
            const found = findRuleSet(sets, id, version)
            return found === undefined
              ? Effect.fail(new NotFound({ entity: "rule_set", id: version === undefined ? id : `${id}@${version}` }))
              : Effect.succeed(found)
          }),
        resolution: store.resolution,
        isBuiltin: (set) => builtinRuleSets.includes(set),
      })
    }),
  )

  /**
   * The built-in rule sets ({@link builtinRuleSets}) for every tenant, with the default resolution order.
   *
   * @since 0.1.0
   */
  static readonly layerBuiltin: Layer.Layer<RuleSetCatalog> = Layer.succeed(
    RuleSetCatalog,
    RuleSetCatalog.make(builtinRuleSets),
  )
}
