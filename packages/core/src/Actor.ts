/**
 * Who is acting, for which tenant, with which role — and what each role may do.
 *
 * @since 0.1.0
 */
import { Context, Effect, Layer } from "effect"
import * as z from "zod"
import { Forbidden } from "./Errors.js"
import { ResourceId, TenantId } from "./Ids.js"
import type { LocalizedText } from "./Label.js"

/**
 * 役割 (role) of an API key or user within one tenant.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Role } from "@zaitaku/core"
 *
 * Role.parse("care_manager")
 * ```
 */
export const Role = z.enum(["tenant_admin", "coordinator", "hospital_staff", "care_manager", "provider", "viewer"])
/** @since 0.1.0 @category models */
export type Role = z.infer<typeof Role>

/**
 * Japanese and English labels of each {@link Role}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { roleLabels } from "@zaitaku/core"
 *
 * roleLabels.care_manager.ja // "ケアマネジャー"
 * ```
 */
export const roleLabels: Readonly<Record<Role, LocalizedText>> = {
  tenant_admin: { ja: "テナント管理者", en: "Tenant administrator" },
  coordinator: { ja: "コーディネーター", en: "Coordinator" },
  hospital_staff: { ja: "病院職員（退院支援・MSW）", en: "Hospital staff (discharge support, MSW)" },
  care_manager: { ja: "ケアマネジャー", en: "Care manager" },
  provider: { ja: "事業所", en: "Provider" },
  viewer: { ja: "閲覧者", en: "Viewer" },
}

/**
 * 権限 (permission): an action a role may be allowed to perform.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Permission } from "@zaitaku/core"
 *
 * Permission.parse("audit:read")
 * ```
 */
export const Permission = z.enum([
  "tenant:read",
  "tenant:manage",
  "audit:read",
  "keys:manage",
  "resources:read",
  "resources:write",
  "resources:attest",
  "resources:propose",
  "resources:review",
  "cases:read",
  "cases:write",
  "cases:record",
  "cases:waive",
  "coordination:read",
  "coordination:manage",
  "forms:read",
  "forms:manage",
  "forms:exchange",
  "pdca:read",
  "pdca:write",
  "activities:read",
  "activities:write",
  "consultations:read",
  "consultations:write",
  "registrations:manage",
])
/** @since 0.1.0 @category models */
export type Permission = z.infer<typeof Permission>

/**
 * Japanese and English labels of each {@link Permission}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { permissionLabels } from "@zaitaku/core"
 *
 * permissionLabels["audit:read"].ja // "監査ログの閲覧"
 * ```
 */
export const permissionLabels: Readonly<Record<Permission, LocalizedText>> = {
  "tenant:read": { ja: "テナント情報の閲覧", en: "Read the tenant" },
  "tenant:manage": { ja: "テナント設定の変更", en: "Change the tenant's settings" },
  "audit:read": { ja: "監査ログの閲覧", en: "Read the audit trail" },
  "keys:manage": { ja: "APIキーの管理", en: "Manage API keys" },
  "resources:read": { ja: "地域資源の閲覧", en: "Read the resource directory" },
  "resources:write": { ja: "地域資源の登録・更新", en: "Create and update resources" },
  "resources:attest": { ja: "掲載情報の確認", en: "Attest resources" },
  "resources:propose": { ja: "掲載情報の変更申請", en: "Propose changes to the directory" },
  "resources:review": { ja: "変更申請の審査", en: "Review proposed changes" },
  "cases:read": { ja: "入退院支援ケースの閲覧（個人情報）", en: "Read coordination cases (personal data)" },
  "cases:write": { ja: "入退院支援ケースの登録・変更", en: "Create and change coordination cases" },
  "cases:record": { ja: "ケースの出来事・実施記録の登録", en: "Record events and evidence on cases" },
  "cases:waive": { ja: "義務の免除", en: "Waive obligations" },
  "coordination:read": {
    ja: "連携ルールと遵守状況（集計）の閲覧",
    en: "Read coordination rule sets and compliance figures (aggregates)",
  },
  "coordination:manage": {
    ja: "入退院調整ルール（テナント・圏域の版）と適用ルールの判定順の登録",
    en: "Create tenant and regional coordination rule sets, and set the resolution order",
  },
  "forms:read": { ja: "様式の閲覧", en: "Read form definitions" },
  "forms:manage": { ja: "様式・地域版の管理", en: "Manage the tenant's forms and regional variants" },
  "forms:exchange": {
    ja: "情報提供書の作成・送受信（担当する事業所・医療機関の分）",
    en: "Fill in, send and receive sheets (for the organisations the key works for)",
  },
  "pdca:read": { ja: "PDCA計画・評価指標・データ値の閲覧", en: "Read PDCA plans, indicators and data values" },
  "pdca:write": {
    ja: "PDCA計画・評価指標・データ値の登録・変更",
    en: "Create and change PDCA plans, indicators and data values",
  },
  "activities:read": {
    ja: "研修・イベント・会議・課題・対応策の閲覧（申込の集計を含む）",
    en: "Read events, meetings, issues and countermeasures (registration counts included)",
  },
  "activities:write": {
    ja: "研修・イベント・会議・課題・対応策の登録・変更",
    en: "Create and change events, meetings, issues and countermeasures",
  },
  "consultations:read": { ja: "相談記録の閲覧（個人情報）", en: "Read consultation records (personal data)" },
  "consultations:write": { ja: "相談記録の登録・変更", en: "Create and change consultation records" },
  "registrations:manage": {
    ja: "参加申込の管理（申込者の個人情報、確定・取消・出欠）",
    en: "Manage event registrations (applicants' personal data, confirmation, cancellation, attendance)",
  },
}

/**
 * Which role holds which permission. Data, not code paths: later modules add their permissions here.
 *
 * Coordination cases (入退院支援) concern patients: hospital staff and care managers read, open and record on the
 * cases of their own organisation only (see {@link caseOrganisations}); coordinators and tenant administrators act
 * for the whole tenant and alone may waive an obligation. Viewers see the aggregate compliance figures, never a case.
 *
 * @since 0.1.0
 * @category permissions
 * @example
 * ```ts
 * import { rolePermissions } from "@zaitaku/core"
 *
 * rolePermissions.viewer.includes("audit:read") // false
 * ```
 */
export const rolePermissions: Readonly<Record<Role, ReadonlyArray<Permission>>> = {
  tenant_admin: [
    "tenant:read",
    "tenant:manage",
    "audit:read",
    "keys:manage",
    "resources:read",
    "resources:write",
    "resources:attest",
    "resources:review",
    "cases:read",
    "cases:write",
    "cases:record",
    "cases:waive",
    "coordination:read",
    "coordination:manage",
    "forms:read",
    "forms:manage",
    "pdca:read",
    "pdca:write",
    "activities:read",
    "activities:write",
    "consultations:read",
    "consultations:write",
    "registrations:manage",
  ],
  coordinator: [
    "tenant:read",
    "resources:read",
    "resources:write",
    "resources:attest",
    "resources:review",
    "cases:read",
    "cases:write",
    "cases:record",
    "cases:waive",
    "coordination:read",
    "coordination:manage",
    "forms:read",
    "forms:manage",
    "pdca:read",
    "pdca:write",
    "activities:read",
    "activities:write",
    "consultations:read",
    "consultations:write",
    "registrations:manage",
  ],
  hospital_staff: [
    "tenant:read",
    "resources:read",
    "cases:read",
    "cases:write",
    "cases:record",
    "coordination:read",
    "forms:read",
    "forms:exchange",
    "activities:read",
  ],
  care_manager: [
    "tenant:read",
    "resources:read",
    "cases:read",
    "cases:write",
    "cases:record",
    "coordination:read",
    "forms:read",
    "forms:exchange",
    "activities:read",
  ],
  // Sheets carry patients' personal data: only the staff of the organisations that send and receive them fill them
  // in and read them (the organisations their key names), never administrators or coordinators as such.
  // A provider keeps its own entries current: it attests them and proposes changes that a coordinator reviews.
  provider: [
    "tenant:read",
    "resources:read",
    "resources:attest",
    "resources:propose",
    "forms:read",
    "forms:exchange",
    "activities:read",
  ],
  // Activities: consultations can name a person (a pseudonym) and registrations hold applicants' contacts, so only
  // the program's staff (administrators and coordinators) read them; everyone else sees events, meetings, issues,
  // countermeasures and the counts.
  viewer: ["tenant:read", "resources:read", "coordination:read", "forms:read", "pdca:read", "activities:read"],
}

/**
 * Whether a role holds a permission.
 *
 * @since 0.1.0
 * @category permissions
 * @example
 * ```ts
 * import { hasPermission } from "@zaitaku/core"
 *
 * hasPermission("tenant_admin", "keys:manage") // true
 * ```
 */
export const hasPermission = (role: Role, permission: Permission): boolean => rolePermissions[role].includes(permission)

/**
 * 操作主体 (principal): the identity behind a request — the tenant, the role, and the credential used. A provider
 * (事業所) principal also names the directory entries it speaks for (`resources`): it may attest and propose changes
 * to those entries only (see {@link actsFor}). A hospital-staff or care-manager principal may name its organisation
 * the same way (the hospital, the 居宅介護支援事業所): it then works on the coordination cases of that organisation
 * (see {@link caseOrganisations}).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Principal } from "@zaitaku/core"
 *
 * Principal.parse({
 *   tenantId: "0192f5a0-0000-7000-8000-000000000001",
 *   role: "viewer",
 *   subject: { kind: "api_key", id: "0192f5a0-0000-7000-8000-000000000002" },
 * })
 * ```
 */
export const Principal = z.object({
  tenantId: TenantId,
  role: Role,
  subject: z.object({
    kind: z.enum(["api_key", "user", "system"]),
    id: z.string().min(1).max(200),
    label: z.string().max(200).optional(),
  }),
  /**
   * 担当する資源 (own entries): the directory entries a provider principal speaks for, or the organisations a
   * hospital staff or care manager principal works for (sheets are sent from and to them).
   */
  resources: z.array(ResourceId).max(100).optional(),
})
/** @since 0.1.0 @category models */
export type Principal = z.infer<typeof Principal>

/**
 * The `Actor` port: who is acting. Every tenant-scoped operation of every store requires it, and adapters
 * use its `tenantId` to scope the database session, so a handler cannot forget the tenant.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Actor } from "@zaitaku/core"
 *
 * const whoAmI = Effect.map(Effect.service(Actor), (actor) => actor.role)
 * ```
 */
export class Actor extends Context.Service<Actor, Principal>()("@zaitaku/core/Actor") {
  /**
   * A layer that provides a fixed principal (tests, CLI, system jobs).
   *
   * @since 0.1.0
   */
  static readonly layer = (principal: Principal): Layer.Layer<Actor> => Layer.succeed(Actor, principal)
}

/**
 * Fails with {@link Forbidden} unless the current actor's role holds the permission.
 *
 * @since 0.1.0
 * @category permissions
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { requirePermission } from "@zaitaku/core"
 *
 * const program = Effect.andThen(requirePermission("audit:read"), Effect.succeed("allowed"))
 * ```
 */
export const requirePermission = (permission: Permission): Effect.Effect<Principal, Forbidden, Actor> =>
  Effect.flatMap(Effect.service(Actor), (actor) =>
    hasPermission(actor.role, permission)
      ? Effect.succeed(actor)
      : Effect.fail(new Forbidden({ permission, role: actor.role })),
  )

/**
 * 担当範囲 (scope): whether the principal may act for a directory entry. A provider (事業所) acts only for the
 * entries its credential names (`resources`); every other role acts for any entry of its tenant (the tenant itself
 * is enforced by the stores and row-level security).
 *
 * @since 0.1.0
 * @category permissions
 * @example
 * ```ts
 * import { actsFor, type Principal } from "@zaitaku/core"
 *
 * declare const provider: Principal
 * actsFor(provider, "0192f5a0-0000-7000-8000-000000000001") // true only for its own entries
 * ```
 */
export const actsFor = (principal: Principal, resourceId: string): boolean =>
  principal.role !== "provider" || (principal.resources ?? []).some((id) => id === resourceId)

/**
 * The {@link Forbidden} error (naming the entry) when the principal does not act for the entry, else `undefined`.
 * Stores call it after finding the entry, so that another tenant's id stays NotFound.
 *
 * @since 0.1.0
 * @category permissions
 * @example
 * ```ts
 * import { outOfScope, type Principal } from "@zaitaku/core"
 *
 * declare const provider: Principal
 * outOfScope(provider, "resources:attest", "0192f5a0-0000-7000-8000-000000000002")?.resourceId
 * ```
 */
export const outOfScope = (principal: Principal, permission: Permission, resourceId: string): Forbidden | undefined =>
  actsFor(principal, resourceId) ? undefined : new Forbidden({ permission, role: principal.role, resourceId })

/**
 * Fails with {@link Forbidden} (naming the entry) unless the current actor holds the permission and
 * {@link actsFor} the entry. Stores call it for writes a provider may make, so the rule holds for every caller.
 *
 * @since 0.1.0
 * @category permissions
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { requireScope, ResourceId } from "@zaitaku/core"
 *
 * const program = requireScope("resources:attest", ResourceId.parse("0192f5a0-0000-7000-8000-000000000001"))
 * ```
 */
export const requireScope = (
  permission: Permission,
  resourceId: ResourceId,
): Effect.Effect<Principal, Forbidden, Actor> =>
  Effect.flatMap(requirePermission(permission), (actor) => {
    const refused = outOfScope(actor, permission, resourceId)
    return refused === undefined ? Effect.succeed(actor) : Effect.fail(refused)
  })

/**
 * 所属機関 (the organisations whose coordination cases a principal works on): `"tenant"` for the roles that act for
 * the whole tenant (tenant administrator, coordinator), and for hospital staff and care managers the directory
 * entries their credential names (`resources`) — none when it names none, so that such a key sees no patient's case.
 * Other roles hold no case permission.
 *
 * @since 0.1.0
 * @category permissions
 * @example
 * ```ts
 * import { caseOrganisations, type Principal } from "@zaitaku/core"
 *
 * declare const hospital: Principal
 * caseOrganisations(hospital) // "tenant" or the hospital's directory entry ids
 * ```
 */
export const caseOrganisations = (principal: Principal): "tenant" | ReadonlyArray<ResourceId> =>
  principal.role === "hospital_staff" || principal.role === "care_manager" ? (principal.resources ?? []) : "tenant"
