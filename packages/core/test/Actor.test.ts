import {
  Actor,
  auditOutcomeLabels,
  hasPermission,
  Permission,
  type Principal,
  permissionLabels,
  Role,
  requirePermission,
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
    ])
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
