/**
 * デモデータ (demo data): the demo tenant 八戸市 with the 八戸圏域 as its wide-area (ク) setting.
 *
 * @since 0.1.0
 */
import {
  Actor,
  type ApiKeySecret,
  ApiKeyStore,
  type Conflict,
  hachinoheAreaMunicipalities,
  type NewTenant,
  type StoreError,
  systemPrincipal,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { Effect, Option } from "effect"

/**
 * The demo tenant's code: 八戸市 (全国地方公共団体コード 022039).
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { demoTenantCode } from "@zaitaku/server"
 *
 * demoTenantCode // "022039"
 * ```
 */
export const demoTenantCode = "022039"

/**
 * The label of the demo tenant's admin key.
 *
 * @since 0.1.0
 * @category constants
 */
export const demoAdminKeyLabel = "demo admin"

const hachinohe = hachinoheAreaMunicipalities.find((municipality) => municipality.code === demoTenantCode)!

/**
 * The demo tenant: 八戸市, a municipality, working with the 八戸圏域 (a 広域連携 of the eight municipalities of
 * the Hachinohe area).
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { demoTenant } from "@zaitaku/server"
 *
 * demoTenant.areas?.[0]?.members.length // 8
 * ```
 */
export const demoTenant: NewTenant = {
  code: demoTenantCode,
  kind: "municipality",
  name: hachinohe.name,
  municipalities: [demoTenantCode],
  areas: [
    {
      kind: "wide_area_partnership",
      code: "hachinohe-area",
      name: { ja: "八戸圏域", en: "Hachinohe area" },
      members: hachinoheAreaMunicipalities.map((municipality) => municipality.code),
    },
  ],
}

/**
 * Result of {@link seedDemo}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { DemoSeed } from "@zaitaku/server"
 *
 * declare const seed: DemoSeed
 * if (seed.created) console.log(seed.adminKey)
 * ```
 */
export interface DemoSeed {
  /** Whether this call created the tenant (false: it existed already and nothing was changed). */
  readonly created: boolean
  readonly tenant: Tenant
  /** The admin key's secret, only when this call created it (a new tenant, or one left without any key). */
  readonly adminKey?: ApiKeySecret
}

/**
 * Creates the demo tenant and its admin key (idempotent): a missing tenant is created, and a tenant without any key
 * (a first start that stopped half-way) gets its admin key. The key is created as the
 * system principal `demo-seed`, with `adminKey` as its secret when given (`ZAITAKU_DEMO_ADMIN_KEY`), else random.
 *
 * @since 0.1.0
 * @category seeding
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { makeRuntime, memoryLayer, seedDemo } from "@zaitaku/server"
 *
 * const seed = await makeRuntime(memoryLayer()).runPromise(seedDemo())
 * ```
 */
export const seedDemo = Effect.fn("Demo.seed")(function* (
  options: { readonly adminKey?: ApiKeySecret | undefined } = {},
): Effect.fn.Return<DemoSeed, StoreError | Conflict, TenantStore | ApiKeyStore> {
  const tenants = yield* TenantStore
  const keys = yield* ApiKeyStore
  const existing = yield* tenants.findByCode(demoTenantCode)
  const tenant = Option.isSome(existing) ? existing.value : yield* tenants.create(demoTenant)
  const asSeed = Effect.provideService(Actor, systemPrincipal(tenant.id, "demo-seed"))
  // The tenant and its first key are two writes. If a first start stopped between them, the tenant has no key at
  // all (not even a revoked one): finish the job instead of leaving a tenant nobody can use.
  if ((yield* keys.list.pipe(asSeed)).length > 0) return { created: Option.isNone(existing), tenant }
  // a fixed, valid input: a ValidationError here would be a defect, not an outcome
  const key = yield* keys
    .create({ role: "tenant_admin", label: demoAdminKeyLabel }, options.adminKey)
    .pipe(asSeed, Effect.catchTag("ValidationError", Effect.die))
  return { created: Option.isNone(existing), tenant, adminKey: key.secret }
})
