/**
 * Fixtures shared by the contract suites and by adapter tests.
 *
 * @since 0.1.0
 */
import { type NewTenant, type Principal, systemPrincipal, type Tenant } from "@zaitaku/core"

let counter = 0

/**
 * A new wide-area tenant with a unique code, so suites that share one database never collide.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { uniqueTenant } from "@zaitaku/testing"
 *
 * uniqueTenant("isolation").code // "isolation-…"
 * ```
 */
export const uniqueTenant = (prefix = "tenant"): NewTenant => {
  counter += 1
  const suffix = `${Date.now().toString(36)}-${counter}-${Math.floor(Math.random() * 1e6).toString(36)}`
  return {
    code: `${prefix.toLowerCase().replace(/[^a-z0-9-]/g, "-")}-${suffix}`.slice(0, 63),
    kind: "wide_area_body",
    name: { ja: `テスト広域${counter}`, en: `Test wide-area body ${counter}` },
    municipalities: ["022039", "024414"],
    areas: [
      {
        kind: "wide_area_partnership",
        code: "hachinohe-area",
        name: { ja: "八戸圏域", en: "Hachinohe area" },
        members: ["022039", "024414"],
      },
    ],
  }
}

/**
 * The tenant administrator principal of a tenant (acting as the system).
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import type { Tenant } from "@zaitaku/core"
 * import { adminOf } from "@zaitaku/testing"
 *
 * declare const tenant: Tenant
 * adminOf(tenant).role // "tenant_admin"
 * ```
 */
export const adminOf = (tenant: Tenant): Principal => systemPrincipal(tenant.id, "contract-suite")
