/**
 * テナント (tenant): a municipality, or a wide-area body that several municipalities form, using Zaitaku.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Ref } from "effect"
import * as z from "zod"
import { Actor } from "./Actor.js"
import { Area, LocalGovernmentCode } from "./Area.js"
import { AuditLog } from "./AuditLog.js"
import { addLocalizedIssue, decode } from "./Decode.js"
import { Conflict, NotFound, type StoreError, type ValidationError } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { AreaId, TenantId } from "./Ids.js"
import { LocalizedText } from "./Label.js"

/**
 * Kind of tenant: one 市区町村, or a 広域 body (広域連合, 一部事務組合, or a council of several municipalities).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { TenantKind } from "@zaitaku/core"
 *
 * TenantKind.parse("municipality")
 * ```
 */
export const TenantKind = z.enum(["municipality", "wide_area_body"])
/** @since 0.1.0 @category models */
export type TenantKind = z.infer<typeof TenantKind>

/**
 * Japanese and English labels of each {@link TenantKind}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { tenantKindLabels } from "@zaitaku/core"
 *
 * tenantKindLabels.municipality.ja // "市区町村"
 * ```
 */
export const tenantKindLabels: Readonly<Record<TenantKind, LocalizedText>> = {
  municipality: { ja: "市区町村", en: "Municipality" },
  wide_area_body: { ja: "広域連携の主体（広域連合・協議会等）", en: "Wide-area body" },
}

/**
 * テナントコード (tenant code): the 全国地方公共団体コード of a municipality (or of a 広域連合 that has one),
 * otherwise a lower-case slug such as `hachinohe-area`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { TenantCode } from "@zaitaku/core"
 *
 * TenantCode.parse("022039")
 * TenantCode.parse("hachinohe-area")
 * ```
 */
export const TenantCode = z.union([
  LocalGovernmentCode,
  z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{2,62}$/,
      "Must be a 6-digit 全国地方公共団体コード or a lower-case slug (a-z, 0-9, -; 3–63 characters)",
    ),
])
/** @since 0.1.0 @category models */
export type TenantCode = z.infer<typeof TenantCode>

/**
 * An area a tenant works with, with its id.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { TenantArea } from "@zaitaku/core"
 *
 * TenantArea.safeParse({}).success // false
 * ```
 */
export const TenantArea = z.intersection(z.object({ id: AreaId }), Area)
/** @since 0.1.0 @category models */
export type TenantArea = z.infer<typeof TenantArea>

/**
 * 名簿の設定 (directory settings) of a tenant: whether its resource directory is published for anonymous reading
 * (住民向けの公開), and the 確認期間 (assurance period) after which an entry is due for checking again.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { TenantSettings } from "@zaitaku/core"
 *
 * TenantSettings.parse({}) // { publicDirectory: false, assurancePeriodMonths: 12 }
 * ```
 */
export const TenantSettings = z.object({
  /** Whether the directory is published: anyone may read its active entries without a key. */
  publicDirectory: z.boolean().default(false),
  /** Months after an attestation when an entry is due for checking again (1–120). */
  assurancePeriodMonths: z.int().min(1).max(120).default(12),
})
/** @since 0.1.0 @category models */
export type TenantSettings = z.infer<typeof TenantSettings>

/**
 * A change to {@link TenantSettings}: each key given replaces the stored value; an absent key leaves it. Unknown
 * keys are refused.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { TenantSettingsPatch } from "@zaitaku/core"
 *
 * TenantSettingsPatch.parse({ publicDirectory: true })
 * ```
 */
export const TenantSettingsPatch = z
  .object({
    publicDirectory: z.boolean().optional(),
    assurancePeriodMonths: z.int().min(1).max(120).optional(),
  })
  .strict()
/** @since 0.1.0 @category models */
export type TenantSettingsPatch = z.infer<typeof TenantSettingsPatch>

/**
 * The default {@link TenantSettings} of a new tenant: not published, checked every 12 months.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { defaultTenantSettings } from "@zaitaku/core"
 *
 * defaultTenantSettings.assurancePeriodMonths // 12
 * ```
 */
export const defaultTenantSettings: TenantSettings = { publicDirectory: false, assurancePeriodMonths: 12 }

/**
 * Japanese and English labels of each setting of {@link TenantSettings}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { tenantSettingLabels } from "@zaitaku/core"
 *
 * tenantSettingLabels.publicDirectory.ja // "資源情報の一般公開"
 * ```
 */
export const tenantSettingLabels: Readonly<Record<keyof TenantSettings, LocalizedText>> = {
  publicDirectory: { ja: "資源情報の一般公開", en: "Publish the directory" },
  assurancePeriodMonths: { ja: "掲載情報の確認期間（月）", en: "Assurance period (months)" },
}

/**
 * The settings a patch changes, each with its value before (`from`) and after (`to`).
 *
 * @since 0.1.0
 * @category models
 */
export type TenantSettingsChanges = {
  readonly [K in keyof TenantSettings]?: { readonly from: TenantSettings[K]; readonly to: TenantSettings[K] }
}

/**
 * The settings a patch changes: each changed key with its value before and after (keys given with the stored value
 * are not changes).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { changedTenantSettings, defaultTenantSettings } from "@zaitaku/core"
 *
 * changedTenantSettings(defaultTenantSettings, { publicDirectory: true })
 * // { publicDirectory: { from: false, to: true } }
 * ```
 */
export const changedTenantSettings = (current: TenantSettings, patch: TenantSettingsPatch): TenantSettingsChanges => {
  const changed: { [K in keyof TenantSettings]?: { from: TenantSettings[K]; to: TenantSettings[K] } } = {}
  for (const key of Object.keys(tenantSettingLabels) as Array<keyof TenantSettings>) {
    const next = patch[key]
    if (next !== undefined && next !== current[key]) Object.assign(changed, { [key]: { from: current[key], to: next } })
  }
  return changed
}

/**
 * The audit event of a settings change (`tenant.settings.update`), with the changed fields before and after.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { tenantSettingsUpdatedEvent, type Tenant } from "@zaitaku/core"
 *
 * declare const tenant: Tenant
 * tenantSettingsUpdatedEvent(tenant, { publicDirectory: { from: false, to: true } }).action // "tenant.settings.update"
 * ```
 */
export const tenantSettingsUpdatedEvent = (tenant: Pick<Tenant, "id">, changed: TenantSettingsChanges) => ({
  action: "tenant.settings.update",
  target: { type: "tenant", id: tenant.id },
  details: { changed: { ...changed } },
})

const tenantShape = {
  code: TenantCode,
  kind: TenantKind,
  name: LocalizedText,
  /** The municipalities the tenant serves: its own code for a municipality; every member for a wide-area body. */
  municipalities: z.array(LocalGovernmentCode).min(1),
}

const checkTenant = (
  tenant: { code: string; kind: TenantKind; municipalities: ReadonlyArray<string> },
  ctx: z.core.$RefinementCtx,
) => {
  if (tenant.kind === "municipality") {
    if (!LocalGovernmentCode.safeParse(tenant.code).success) {
      addLocalizedIssue(
        ctx,
        ["code"],
        "市区町村のテナントコードは全国地方公共団体コード（6桁）にしてください",
        "A municipality tenant's code must be its 6-digit 全国地方公共団体コード",
        "tenant_code",
      )
    } else if (tenant.municipalities.length !== 1 || tenant.municipalities[0] !== tenant.code) {
      addLocalizedIssue(
        ctx,
        ["municipalities"],
        "市区町村のテナントは自らのコードのみを含めてください",
        "A municipality tenant's municipalities must be exactly its own code",
        "tenant_municipalities",
      )
    }
  }
  if (new Set(tenant.municipalities).size !== tenant.municipalities.length) {
    addLocalizedIssue(
      ctx,
      ["municipalities"],
      "市区町村コードが重複しています",
      "Duplicate municipality codes",
      "duplicate",
    )
  }
}

/**
 * テナント (tenant) as stored, with its areas.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Tenant } from "@zaitaku/core"
 *
 * Tenant.shape // id, code, kind, name, municipalities, areas, settings, createdAt
 * ```
 */
export const Tenant = z.object({
  id: TenantId,
  ...tenantShape,
  areas: z.array(TenantArea),
  settings: TenantSettings,
  createdAt: z.iso.datetime({ offset: true }),
})
/** @since 0.1.0 @category models */
export type Tenant = z.infer<typeof Tenant>

/**
 * Input to create a tenant.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { NewTenant } from "@zaitaku/core"
 *
 * NewTenant.parse({
 *   code: "022039",
 *   kind: "municipality",
 *   name: { ja: "八戸市", en: "Hachinohe City" },
 *   municipalities: ["022039"],
 * })
 * ```
 */
export const NewTenant = z
  .object({ ...tenantShape, areas: z.array(Area).default([]) })
  .superRefine((tenant, ctx) => checkTenant(tenant, ctx))
/** @since 0.1.0 @category models */
export type NewTenant = z.input<typeof NewTenant>

/**
 * The principal of set-up work done for a tenant by the system itself (creating it, seeding, migrations).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { systemPrincipal, TenantId } from "@zaitaku/core"
 *
 * systemPrincipal(TenantId.parse("0192f5a0-0000-7000-8000-000000000001"), "cli").subject // { kind: "system", id: "cli" }
 * ```
 */
export const systemPrincipal = (tenantId: TenantId, by = "system"): Actor["Service"] => ({
  tenantId,
  role: "tenant_admin",
  subject: { kind: "system", id: by },
})

/**
 * The audit event recorded, atomically, when a tenant is created: the first entry of its chain.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { tenantCreatedEvent, type Tenant } from "@zaitaku/core"
 *
 * declare const tenant: Tenant
 * tenantCreatedEvent(tenant).action // "tenant.create"
 * ```
 */
export const tenantCreatedEvent = (tenant: Tenant) => ({
  action: "tenant.create",
  target: { type: "tenant", id: tenant.id },
  details: { code: tenant.code, kind: tenant.kind, municipalities: tenant.municipalities.length },
})

const definedOnly = (patch: TenantSettingsPatch): Partial<TenantSettings> =>
  Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))

/**
 * The `TenantStore` port. `create`, `findByCode` and `findPublic` are system operations (set-up, CLI, the public
 * directory); `current` and `updateSettings` act for the current {@link Actor} and only ever touch the actor's own
 * tenant.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { TenantStore } from "@zaitaku/core"
 *
 * const me = Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.current)
 * ```
 */
export class TenantStore extends Context.Service<
  TenantStore,
  {
    create(input: NewTenant): Effect.Effect<Tenant, Conflict | StoreError>
    findByCode(code: string): Effect.Effect<Option.Option<Tenant>, StoreError>
    readonly current: Effect.Effect<Tenant, NotFound | StoreError, Actor>
    /**
     * Changes the actor's tenant's {@link TenantSettings}; audits `tenant.settings.update` with the changed fields
     * (a patch that changes nothing writes nothing and returns the tenant).
     */
    updateSettings(patch: TenantSettingsPatch): Effect.Effect<Tenant, ValidationError | NotFound | StoreError, Actor>
    /** The tenant with this code if it has published its directory (`publicDirectory`); otherwise none. */
    findPublic(code: string): Effect.Effect<Option.Option<Tenant>, StoreError>
  }
>()("@zaitaku/core/TenantStore") {
  /**
   * In-memory tenant store (reference behaviour for the contract suite).
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<TenantStore, never, IdGenerator | AuditLog> = Layer.effect(
    TenantStore,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const audit = yield* AuditLog
      const state = yield* Ref.make(new Map<string, Tenant>())
      const create = (input: NewTenant) =>
        Effect.gen(function* () {
          const parsed = NewTenant.parse(input)
          const existing = yield* Ref.get(state)
          if ([...existing.values()].some((tenant) => tenant.code === parsed.code)) {
            return yield* Effect.fail(new Conflict({ entity: "tenant", id: parsed.code, reason: "already_exists" }))
          }
          const id = TenantId.parse(yield* ids.next)
          const areas: Array<TenantArea> = []
          for (const area of parsed.areas) areas.push({ ...area, id: AreaId.parse(yield* ids.next) })
          const tenant: Tenant = {
            id,
            code: parsed.code,
            kind: parsed.kind,
            name: parsed.name,
            municipalities: parsed.municipalities,
            areas,
            settings: defaultTenantSettings,
            createdAt: new Date(yield* Clock.currentTimeMillis).toISOString(),
          }
          yield* Ref.update(state, (map) => new Map(map).set(id, tenant))
          yield* audit.append(tenantCreatedEvent(tenant)).pipe(Effect.provideService(Actor, systemPrincipal(tenant.id)))
          return tenant
        })
      const findByCode = (code: string) =>
        Effect.map(Ref.get(state), (map) => Option.fromNullishOr([...map.values()].find((t) => t.code === code)))
      const current = Effect.gen(function* () {
        const actor = yield* Actor
        const tenant = (yield* Ref.get(state)).get(actor.tenantId)
        return tenant ?? (yield* Effect.fail(new NotFound({ entity: "tenant", id: actor.tenantId })))
      })
      const updateSettings = Effect.fn("TenantStore.updateSettings")(function* (input: TenantSettingsPatch) {
        const patch = yield* decode(TenantSettingsPatch, "settings")(input)
        const tenant = yield* current
        const changed = changedTenantSettings(tenant.settings, patch)
        if (Object.keys(changed).length === 0) return tenant
        const updated: Tenant = { ...tenant, settings: { ...tenant.settings, ...definedOnly(patch) } }
        yield* audit.append(tenantSettingsUpdatedEvent(tenant, changed))
        yield* Ref.update(state, (map) => new Map(map).set(tenant.id, updated))
        return updated
      })
      const findPublic = (code: string) =>
        Effect.map(
          findByCode(code),
          Option.filter((tenant) => tenant.settings.publicDirectory),
        )
      return TenantStore.of({ create, findByCode, current, updateSettings, findPublic })
    }),
  )
}
