import {
  Actor,
  actsFor,
  auditOutcomeLabels,
  Forbidden,
  hasPermission,
  Permission,
  type Principal,
  permissionLabels,
  ResourceId,
  Role,
  requirePermission,
  requireScope,
  roleLabels,
  TenantId,
} from "@zaitaku/core"
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"

const principal = (role: Role): Principal => ({
  tenantId: TenantId.parse("00000000-0000-7000-8000-0000000000aa"),
  role,
  subject: { kind: "api_key", id: "k" },
})

describe("roles and permissions", () => {
  it("only tenant administrators read the audit trail, manage keys and change settings; every role reads its tenant", () => {
    for (const role of Role.options) {
      expect(hasPermission(role, "tenant:read")).toBe(true)
      expect(hasPermission(role, "audit:read")).toBe(role === "tenant_admin")
      expect(hasPermission(role, "keys:manage")).toBe(role === "tenant_admin")
      expect(hasPermission(role, "tenant:manage")).toBe(role === "tenant_admin")
    }
    expect(Permission.options).toEqual([
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
  })

  it("lets every role read events and meetings; only administrators and coordinators see consultations and applicants", () => {
    const programStaff = ["tenant_admin", "coordinator"]
    for (const role of Role.options) {
      expect(hasPermission(role, "activities:read")).toBe(true)
      for (const permission of [
        "activities:write",
        "consultations:read",
        "consultations:write",
        "registrations:manage",
      ] as const) {
        expect(hasPermission(role, permission), `${role} ${permission}`).toBe(programStaff.includes(role))
      }
    }
  })

  it("lets hospital staff, care managers and coordinators work on cases, coordinators alone waive, viewers see aggregates only", () => {
    const caseWorkers = ["tenant_admin", "coordinator", "hospital_staff", "care_manager"]
    for (const role of Role.options) {
      for (const permission of ["cases:read", "cases:write", "cases:record"] as const) {
        expect(hasPermission(role, permission), `${role} ${permission}`).toBe(caseWorkers.includes(role))
      }
      expect(hasPermission(role, "cases:waive")).toBe(role === "tenant_admin" || role === "coordinator")
      expect(hasPermission(role, "coordination:read")).toBe(role !== "provider")
      // rule sets and the resolution order are the programme's: coordinators and administrators write them
      expect(hasPermission(role, "coordination:manage")).toBe(role === "tenant_admin" || role === "coordinator")
    }
  })

  it("lets every role read the resource directory; administrators and coordinators write; providers attest", () => {
    for (const role of Role.options) {
      expect(hasPermission(role, "resources:read")).toBe(true)
      expect(hasPermission(role, "resources:write")).toBe(role === "tenant_admin" || role === "coordinator")
      expect(hasPermission(role, "resources:attest")).toBe(
        role === "tenant_admin" || role === "coordinator" || role === "provider",
      )
    }
  })

  it("lets providers propose changes and administrators and coordinators review them, and no one else", () => {
    for (const role of Role.options) {
      expect(hasPermission(role, "resources:propose")).toBe(role === "provider")
      expect(hasPermission(role, "resources:review")).toBe(role === "tenant_admin" || role === "coordinator")
    }
  })

  it("lets every role read form definitions, administrators and coordinators manage them, and only organisations' staff exchange sheets", () => {
    for (const role of Role.options) {
      expect(hasPermission(role, "forms:read")).toBe(true)
      expect(hasPermission(role, "forms:manage")).toBe(role === "tenant_admin" || role === "coordinator")
      // sheets carry personal data: the staff of the sending and receiving organisations only, not administrators
      expect(hasPermission(role, "forms:exchange")).toBe(
        role === "hospital_staff" || role === "care_manager" || role === "provider",
      )
    }
  })

  it("scopes a provider to the entries its credential names, and no other role", async () => {
    const own = ResourceId.parse("0192f5a0-0000-7000-8000-0000000000e1")
    const other = ResourceId.parse("0192f5a0-0000-7000-8000-0000000000e2")
    const provider: Principal = { ...principal("provider"), resources: [own] }
    expect(actsFor(provider, own)).toBe(true)
    expect(actsFor(provider, other)).toBe(false)
    expect(actsFor(principal("provider"), own)).toBe(false) // a provider without entries acts for none
    expect(actsFor(principal("coordinator"), other)).toBe(true)
    const run = (p: Principal, id: ResourceId, permission: Permission) =>
      Effect.runPromiseExit(requireScope(permission, id).pipe(Effect.provideService(Actor, p)))
    expect(Exit.isSuccess(await run(provider, own, "resources:attest"))).toBe(true)
    const outside = await run(provider, other, "resources:attest")
    expect(outside).toMatchObject({ _tag: "Failure" })
    const error = Exit.isFailure(outside) ? (outside.cause.reasons[0] as { error?: Forbidden }).error : undefined
    expect(error).toBeInstanceOf(Forbidden)
    expect(error?.resourceId).toBe(other)
    // the permission is checked first: a viewer cannot attest even an entry in a scope
    const viewer = await run({ ...principal("viewer"), resources: [own] }, own, "resources:attest")
    expect(Exit.isFailure(viewer)).toBe(true)
  })

  it("requirePermission fails with Forbidden naming the role and permission", async () => {
    const exit = await Effect.runPromiseExit(
      requirePermission("audit:read").pipe(Effect.provideService(Actor, principal("viewer"))),
    )
    expect(Exit.isFailure(exit)).toBe(true)
    const ok = await Effect.runPromise(
      requirePermission("audit:read").pipe(Effect.provideService(Actor, principal("tenant_admin"))),
    )
    expect(ok.role).toBe("tenant_admin")
    expect(JSON.stringify(exit)).toContain("Forbidden")
  })

  it("labels every role, permission and audit outcome in Japanese and English", () => {
    for (const labels of [roleLabels, permissionLabels, auditOutcomeLabels]) {
      for (const label of Object.values(labels)) {
        expect(label.ja).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
        expect(label.en).toMatch(/^[A-Z]/)
      }
    }
    expect(Object.keys(roleLabels)).toEqual(Role.options)
    expect(Object.keys(permissionLabels)).toEqual(Permission.options)
  })
})
