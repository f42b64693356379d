import {
  changedTenantSettings,
  defaultTenantSettings,
  TenantId,
  TenantSettings,
  TenantSettingsPatch,
  tenantSettingLabels,
  tenantSettingsUpdatedEvent,
} from "@zaitaku/core"
import { describe, expect, it } from "vitest"

describe("tenant directory settings", () => {
  it("default to an unpublished directory checked every 12 months", () => {
    expect(TenantSettings.parse({})).toEqual({ publicDirectory: false, assurancePeriodMonths: 12 })
    expect(defaultTenantSettings).toEqual(TenantSettings.parse({}))
    for (const label of Object.values(tenantSettingLabels)) {
      expect(label.ja.length).toBeGreaterThan(0)
      expect(label.en.length).toBeGreaterThan(0)
    }
  })

  it("accept an assurance period of 1–120 whole months and refuse unknown keys", () => {
    expect(TenantSettingsPatch.safeParse({ assurancePeriodMonths: 1 }).success).toBe(true)
    expect(TenantSettingsPatch.safeParse({ assurancePeriodMonths: 120 }).success).toBe(true)
    expect(TenantSettingsPatch.safeParse({ assurancePeriodMonths: 0 }).success).toBe(false)
    expect(TenantSettingsPatch.safeParse({ assurancePeriodMonths: 121 }).success).toBe(false)
    expect(TenantSettingsPatch.safeParse({ assurancePeriodMonths: 6.5 }).success).toBe(false)
    expect(TenantSettingsPatch.safeParse({ public: true }).success).toBe(false)
  })

  it("name only the settings a patch really changes, before and after, in the audit event", () => {
    const changed = changedTenantSettings(defaultTenantSettings, { publicDirectory: true, assurancePeriodMonths: 12 })
    expect(changed).toEqual({ publicDirectory: { from: false, to: true } })
    expect(changedTenantSettings(defaultTenantSettings, {})).toEqual({})
    const id = TenantId.parse("00000000-0000-7000-8000-0000000000aa")
    expect(tenantSettingsUpdatedEvent({ id }, changed)).toEqual({
      action: "tenant.settings.update",
      target: { type: "tenant", id },
      details: { changed: { publicDirectory: { from: false, to: true } } },
    })
  })
})
