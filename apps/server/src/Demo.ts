/**
 * デモデータ (demo data): the demo tenant 八戸市 with the 八戸圏域 as its wide-area (ク) setting, and a demo
 * directory of fictional entries.
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
  ResourceStore,
  type StoreError,
  systemPrincipal,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { Clock, Effect, Option } from "effect"
import { demoDirectory } from "./DemoDirectory.js"

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
  /** How many demo directory entries this call created (0 when the directory had entries already). */
  readonly resources: number
}

/**
 * Creates the demo tenant, its admin key and its demo directory ({@link demoDirectory}) (idempotent): a missing
 * tenant is created, a tenant without any key (a first start that stopped half-way) gets its admin key, and a
 * tenant whose directory is empty gets the demo entries. Everything is written as the system principal
 * `demo-seed`; the key's secret is `adminKey` when given (`ZAITAKU_DEMO_ADMIN_KEY`), else random.
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
  options: {
    readonly adminKey?: ApiKeySecret | undefined
    /** Seed the demo directory into an empty directory (default `true`). */
    readonly directory?: boolean
  } = {},
): Effect.fn.Return<DemoSeed, StoreError | Conflict, TenantStore | ApiKeyStore | ResourceStore> {
  const tenants = yield* TenantStore
  const keys = yield* ApiKeyStore
  const directory = yield* ResourceStore
  const existing = yield* tenants.findByCode(demoTenantCode)
  const tenant = Option.isSome(existing) ? existing.value : yield* tenants.create(demoTenant)
  const asSeed = Effect.provideService(Actor, systemPrincipal(tenant.id, "demo-seed"))
  // The tenant, its first key and its entries are separate writes. If a first start stopped between them, finish
  // the job instead of leaving a tenant nobody can use, or an empty demo.
  const adminKey =
    (yield* keys.list.pipe(asSeed)).length > 0
      ? undefined
      : // a fixed, valid input: a ValidationError here would be a defect, not an outcome
        (yield* keys
          .create({ role: "tenant_admin", label: demoAdminKeyLabel }, options.adminKey)
          .pipe(asSeed, Effect.catchTag("ValidationError", Effect.die))).secret
  let resources = 0
  const empty =
    options.directory !== false &&
    (yield* directory.search({ status: ["active", "suspended", "closed"], limit: 1 }).pipe(asSeed, Effect.orDie)).items
      .length === 0
  if (empty) {
    const now = new Date(yield* Clock.currentTimeMillis)
    for (const entry of demoDirectory(tenant.id, now)) {
      // fixed, valid entries: a refusal would be a defect
      yield* directory
        .create(entry)
        .pipe(asSeed, Effect.catchTags({ ValidationError: Effect.die, Forbidden: Effect.die }))
      resources++
    }
  }
  return {
    created: Option.isNone(existing),
    tenant,
    ...(adminKey === undefined ? {} : { adminKey }),
    resources,
  }
})
