/**
 * 入退院調整ルールの保存 (rule set store): a tenant's own and regional rule sets, with versions, and the tenant's
 * resolution order of the governing regional set. The built-in sets ({@link builtinRuleSets}) are read-only and
 * not stored; {@link RuleSetCatalog.layerStore} lists both for evaluation.
 *
 * Decisions an adapter must follow (the contract suite in `@zaitaku/testing` checks each one):
 * - **Validation.** A rule set is core's zod {@link RuleSet}; problems come with their path and Japanese and English
 *   messages, and nothing is stored.
 * - **Built-in ids are read-only.** A set with the id of a built-in set is {@link Conflict} `state` / `builtin`.
 * - **Versions are immutable.** A new version of an existing id is a new set with another `version`; an existing
 *   (id, version) is {@link Conflict} `already_exists` — a correction is a new version. The effective periods of the
 *   versions of one id must not overlap (`overlapping_version` at `["effective"]`).
 * - **Permissions.** Reading needs only the actor's tenant (rule sets are not personal data; the API asks for
 *   `coordination:read`); creating and setting the resolution order need `coordination:manage`.
 * - **Audit.** Every write is appended to the audit log (`rule_set.create`, `rule_set.resolution`), atomically.
 * - **Idempotency.** `create` with a key returns the set first created with it when the input is the same, and
 *   fails with {@link Conflict} when it is not.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Ref, Semaphore } from "effect"
import * as z from "zod"
import { Actor, requirePermission } from "./Actor.js"
import { type AuditEvent, AuditLog } from "./AuditLog.js"
import { builtinRuleSets } from "./BuiltinRuleSets.js"
import type { RegionalResolutionKey } from "./Coordination.js"
import { addLocalizedIssue, decode } from "./Decode.js"
import { Conflict, type Forbidden, type StoreError, ValidationError, type ValidationIssue } from "./Errors.js"
import { FormStore } from "./FormStore.js"
import { findFormTemplate } from "./FormTemplates.js"
import type { TenantId } from "./Ids.js"
import { canonicalJson, sha256Hex } from "./internal/hash.js"
import type { ActorRef } from "./Resource.js"
import { RuleSet } from "./RuleSet.js"

/**
 * 保存された入退院調整ルール (a tenant's stored rule set version): the set, and who created it when.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { TenantRuleSet } from "@zaitaku/core"
 *
 * declare const stored: TenantRuleSet
 * `${stored.ruleSet.id}@${stored.ruleSet.version}`
 * ```
 */
export interface TenantRuleSet {
  readonly tenantId: TenantId
  readonly ruleSet: RuleSet
  readonly createdAt: string
  readonly createdBy: z.infer<typeof ActorRef>
}

/**
 * 適用ルールの判定順 (resolution order) of the governing regional rule set: each of the hospital's, the patient's
 * and the care manager's municipality at most once.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ResolutionOrder } from "@zaitaku/core"
 *
 * ResolutionOrder.parse(["patient", "hospital"])
 * ```
 */
export const ResolutionOrder = z
  .array(z.enum(["hospital", "patient", "care_manager"]))
  .min(1)
  .max(3)
  .superRefine((order, ctx) => {
    order.forEach((key, index) => {
      if (order.indexOf(key) !== index) {
        addLocalizedIssue(ctx, [index], `「${key}」が重複しています`, `${key} appears twice`, "duplicate")
      }
    })
  })
/** @since 0.1.0 @category models */
export type ResolutionOrder = z.infer<typeof ResolutionOrder>

/**
 * Options of {@link RuleSetStore} `create`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { CreateRuleSetOptions } from "@zaitaku/core"
 *
 * CreateRuleSetOptions.parse({ idempotencyKey: "rules-2025-04" })
 * ```
 */
export const CreateRuleSetOptions = z.object({ idempotencyKey: z.string().min(1).max(255).optional() }).strict()
/** @since 0.1.0 @category models */
export type CreateRuleSetOptionsInput = z.input<typeof CreateRuleSetOptions>

/**
 * The ids of the built-in rule sets, which tenants cannot write.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { builtinRuleSetIds } from "@zaitaku/core"
 *
 * builtinRuleSetIds.has("jp-kaigo-houshu-kyotaku") // true
 * ```
 */
export const builtinRuleSetIds: ReadonlySet<string> = new Set(builtinRuleSets.map((set) => set.id))

const periodText = (set: RuleSet) => `${set.effective.from ?? "…"}〜${set.effective.to ?? "…"}`

const overlaps = (a: RuleSet, b: RuleSet): boolean =>
  (a.effective.from === null || b.effective.to === null || a.effective.from <= b.effective.to) &&
  (b.effective.from === null || a.effective.to === null || b.effective.from <= a.effective.to)

/**
 * 新しい版の検査 (check a new rule set version against the tenant's stored versions), pure: a built-in id is
 * {@link Conflict} `state`/`builtin`; an existing (id, version) is {@link Conflict} `already_exists`; an effective
 * period that overlaps another version of the id is a {@link ValidationError} `overlapping_version` at `["effective"]`.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { checkNewRuleSet, nationalCareFees2024 } from "@zaitaku/core"
 *
 * checkNewRuleSet(nationalCareFees2024, [])?._tag // "Conflict"
 * ```
 */
export const checkNewRuleSet = (
  set: RuleSet,
  existing: ReadonlyArray<RuleSet>,
): Conflict | ValidationError | undefined => {
  if (builtinRuleSetIds.has(set.id)) {
    return new Conflict({ entity: "rule_set", id: set.id, reason: "state", state: "builtin" })
  }
  const versions = existing.filter((other) => other.id === set.id)
  if (versions.some((other) => other.version === set.version)) {
    return new Conflict({ entity: "rule_set", id: `${set.id}@${set.version}`, reason: "already_exists" })
  }
  const clash = versions.find((other) => overlaps(set, other))
  if (clash !== undefined) {
    return new ValidationError({
      subject: "rule set",
      issues: [
        {
          path: ["effective"],
          code: "overlapping_version",
          message: {
            ja: `適用期間（${periodText(set)}）が版「${clash.version}」の適用期間（${periodText(clash)}）と重なっています。前の版を終える新しい版を作るか、期間をずらしてください`,
            en: `The effective period (${periodText(set)}) overlaps version ${clash.version} (${periodText(clash)}); give the versions of one rule set periods that do not overlap`,
          },
        },
      ],
    })
  }
  return undefined
}

/**
 * 様式IDの検査 (the form templates a rule set names), pure: every `send_form` action must name a template `known`
 * to the forms module; each unknown one is an `unknown_form` issue at its path.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { findFormTemplate, hohiRegionRules, unknownTemplateIssues } from "@zaitaku/core"
 *
 * unknownTemplateIssues(hohiRegionRules, (id) => findFormTemplate(id) !== undefined) // []
 * ```
 */
export const unknownTemplateIssues = (
  set: RuleSet,
  known: (templateId: string) => boolean,
): ReadonlyArray<ValidationIssue> => {
  const issues: Array<ValidationIssue> = []
  set.rules.forEach((rule, r) => {
    rule.obligations.forEach((obligation, o) => {
      if (obligation.action.kind === "send_form" && !known(obligation.action.templateId)) {
        issues.push({
          path: ["rules", r, "obligations", o, "action", "templateId"],
          code: "unknown_form",
          message: {
            ja: `様式「${obligation.action.templateId}」は標準様式にもこのテナントの様式にもありません`,
            en: `There is no form ${obligation.action.templateId}, national or the tenant's own`,
          },
        })
      }
    })
  })
  return issues
}

/**
 * The audit event of a rule set write (not personal data).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { hohiRegionRules, ruleSetAuditEvent } from "@zaitaku/core"
 *
 * ruleSetAuditEvent(hohiRegionRules).target // { type: "rule_set", id: "oita-hohi-nyutaiin@1" }
 * ```
 */
export const ruleSetAuditEvent = (set: RuleSet): AuditEvent => ({
  action: "rule_set.create",
  target: { type: "rule_set", id: `${set.id}@${set.version}` },
  details: {
    scope: set.scope.kind,
    from: set.effective.from,
    to: set.effective.to,
    rules: set.rules.length,
  },
})

/**
 * The audit event of a change of the resolution order.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { resolutionAuditEvent, TenantId } from "@zaitaku/core"
 *
 * resolutionAuditEvent(TenantId.parse("0192f5a0-0000-7000-8000-0000000000aa"), ["patient", "hospital"]).action
 * ```
 */
export const resolutionAuditEvent = (tenantId: string, order: ReadonlyArray<RegionalResolutionKey>): AuditEvent => ({
  action: "rule_set.resolution",
  target: { type: "rule_set_resolution", id: tenantId },
  details: { resolution: [...order] },
})

/**
 * The fingerprint of a create request for `Idempotency-Key`.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { hohiRegionRules, ruleSetFingerprint } from "@zaitaku/core"
 *
 * const hash = ruleSetFingerprint(hohiRegionRules)
 * ```
 */
export const ruleSetFingerprint = (set: RuleSet): Effect.Effect<string> => sha256Hex(canonicalJson(set))

/**
 * The latest version first, then by id: the order in which stores list a tenant's rule sets.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { byRuleSetOrder, type TenantRuleSet } from "@zaitaku/core"
 *
 * declare const sets: Array<TenantRuleSet>
 * sets.sort(byRuleSetOrder)
 * ```
 */
export const byRuleSetOrder = (a: TenantRuleSet, b: TenantRuleSet): number =>
  a.ruleSet.id < b.ruleSet.id
    ? -1
    : a.ruleSet.id > b.ruleSet.id
      ? 1
      : (a.ruleSet.effective.from ?? "") < (b.ruleSet.effective.from ?? "")
        ? -1
        : (a.ruleSet.effective.from ?? "") > (b.ruleSet.effective.from ?? "")
          ? 1
          : a.ruleSet.version < b.ruleSet.version
            ? -1
            : 1

/**
 * The `RuleSetStore` port: one tenant's rule sets and its resolution order. The module documentation lists the
 * behaviour every adapter must show.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { RuleSetStore } from "@zaitaku/core"
 *
 * const own = Effect.flatMap(Effect.service(RuleSetStore), (store) => store.list)
 * ```
 */
export class RuleSetStore extends Context.Service<
  RuleSetStore,
  {
    /** Every version of the tenant's own rule sets, by id and start. */
    readonly list: Effect.Effect<ReadonlyArray<TenantRuleSet>, StoreError, Actor>
    /** Stores a new rule set or a new version of one (`coordination:manage`); audited. */
    create(
      input: unknown,
      options?: CreateRuleSetOptionsInput,
    ): Effect.Effect<TenantRuleSet, ValidationError | Conflict | Forbidden | StoreError, Actor>
    /** The tenant's resolution order (the default, hospital then patient, until set). */
    readonly resolution: Effect.Effect<ReadonlyArray<RegionalResolutionKey>, StoreError, Actor>
    /** Sets the tenant's resolution order (`coordination:manage`); audited. */
    setResolution(
      order: unknown,
    ): Effect.Effect<ReadonlyArray<RegionalResolutionKey>, ValidationError | Forbidden | StoreError, Actor>
  }
>()("@zaitaku/core/RuleSetStore") {
  /**
   * In-memory rule set store (reference behaviour for the contract suite). Writes are serialised; the audit entry
   * is appended before the state changes.
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<RuleSetStore, never, AuditLog> = Layer.effect(
    RuleSetStore,
    Effect.gen(function* () {
      const audit = yield* AuditLog
      const sets = yield* Ref.make<ReadonlyArray<TenantRuleSet>>([])
      const orders = yield* Ref.make(new Map<string, ReadonlyArray<RegionalResolutionKey>>())
      const idempotency = yield* Ref.make(new Map<string, { readonly id: string; readonly fingerprint: string }>())
      const lock = yield* Semaphore.make(1)
      const serialised = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        lock.withPermits(1)(Effect.uninterruptible(effect))
      const own = Effect.gen(function* () {
        const actor = yield* Actor
        return (yield* Ref.get(sets)).filter((s) => s.tenantId === actor.tenantId)
      })

      return RuleSetStore.of({
        list: Effect.map(own, (list) => [...list].sort(byRuleSetOrder)),
        create: (input, optionsInput = {}) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("coordination:manage")
            const set = yield* decode(RuleSet, "rule set")(input)
            const options = yield* decode(CreateRuleSetOptions, "options")(optionsInput)
            const fingerprint = yield* ruleSetFingerprint(set)
            return yield* serialised(
              Effect.gen(function* () {
                const slot =
                  options.idempotencyKey === undefined ? undefined : `${actor.tenantId}\u0000${options.idempotencyKey}`
                const previous = slot === undefined ? undefined : (yield* Ref.get(idempotency)).get(slot)
                const mine = yield* own
                if (previous !== undefined) {
                  if (previous.fingerprint !== fingerprint) {
                    return yield* Effect.fail(
                      new Conflict({
                        entity: "idempotency_key",
                        id: options.idempotencyKey!,
                        reason: "already_exists",
                      }),
                    )
                  }
                  return mine.find((s) => `${s.ruleSet.id}@${s.ruleSet.version}` === previous.id)!
                }
                const refused = checkNewRuleSet(
                  set,
                  mine.map((s) => s.ruleSet),
                )
                if (refused !== undefined) return yield* Effect.fail(refused)
                const stored: TenantRuleSet = {
                  tenantId: actor.tenantId,
                  ruleSet: set,
                  createdAt: new Date(yield* Clock.currentTimeMillis).toISOString(),
                  createdBy: actor.subject,
                }
                yield* audit.append(ruleSetAuditEvent(set))
                yield* Ref.update(sets, (list) => [...list, stored])
                if (slot !== undefined) {
                  yield* Ref.update(idempotency, (map) =>
                    new Map(map).set(slot, { id: `${set.id}@${set.version}`, fingerprint }),
                  )
                }
                return stored
              }),
            )
          }),
        resolution: Effect.gen(function* () {
          const actor = yield* Actor
          return (yield* Ref.get(orders)).get(actor.tenantId) ?? defaultOrder
        }),
        setResolution: (input) =>
          Effect.gen(function* () {
            const actor = yield* requirePermission("coordination:manage")
            const order = yield* decode(ResolutionOrder, "resolution")(input)
            return yield* serialised(
              Effect.gen(function* () {
                yield* audit.append(resolutionAuditEvent(actor.tenantId, order))
                yield* Ref.update(orders, (map) => new Map(map).set(actor.tenantId, order))
                return order
              }),
            )
          }),
      })
    }),
  )
}

const defaultOrder: ReadonlyArray<RegionalResolutionKey> = ["hospital", "patient"]

/**
 * 入退院調整ルールを登録する (create a rule set or a new version), as the API does: the {@link RuleSetStore}'s checks,
 * and before them that every `send_form` names a form the tenant can use — a national template, or one of the
 * tenant's own definitions when the application has a {@link FormStore}.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { createRuleSet, hohiRegionRules } from "@zaitaku/core"
 *
 * const program = createRuleSet({ ...hohiRegionRules, id: "my-region" }, { idempotencyKey: "k-1" })
 * ```
 */
export const createRuleSet = Effect.fn("RuleSetStore.createRuleSet")(function* (
  input: unknown,
  options: CreateRuleSetOptionsInput = {},
) {
  yield* requirePermission("coordination:manage")
  const set = yield* decode(RuleSet, "rule set")(input)
  const forms = yield* Effect.serviceOption(FormStore)
  const tenantForms = new Set<string>()
  for (const rule of set.rules) {
    for (const obligation of rule.obligations) {
      const action = obligation.action
      if (action.kind !== "send_form" || findFormTemplate(action.templateId) !== undefined) continue
      if (Option.isSome(forms)) {
        const found = yield* Effect.option(forms.value.definition(action.templateId))
        if (Option.isSome(found)) tenantForms.add(action.templateId)
      }
    }
  }
  const issues = unknownTemplateIssues(set, (id) => findFormTemplate(id) !== undefined || tenantForms.has(id))
  if (issues.length > 0) return yield* Effect.fail(new ValidationError({ subject: "rule set", issues: [...issues] }))
  return yield* (yield* RuleSetStore).create(input, options)
})
