import { describe, expect, it } from "vitest"
import {
  Capability,
  capabilityLabels,
  HomeCareSupport,
  homeCareSupportFits,
  homeCareSupportLabel,
  isKindOf,
  kindForServiceTypeCode,
  ResourceKind,
  resourceKindDefinition,
  resourceKindLabels,
  resourceKinds,
} from "../src/ResourceKind.js"

describe("resource kind taxonomy", () => {
  it("has exactly one definition per ResourceKind, each with Japanese and English labels and a known parent", () => {
    expect(resourceKinds.map((k) => k.code)).toEqual(ResourceKind.options)
    for (const definition of resourceKinds) {
      expect(resourceKindLabels[definition.code]).toEqual(definition.label)
      expect(definition.label.ja.length).toBeGreaterThan(0)
      expect(definition.label.en.length).toBeGreaterThan(0)
      if (definition.parent !== undefined) expect(ResourceKind.options).toContain(definition.parent)
    }
  })

  it("maps every サービス種類コード listed in REFERENCE.md §4.1 to a kind, each code to one kind only", () => {
    const expected: Record<string, string> = {
      "110": "訪問介護",
      "120": "訪問入浴介護",
      "130": "訪問看護ステーション",
      "140": "訪問リハビリテーション",
      "150": "通所介護",
      "155": "通所介護系（サービス種類コード155・名称未確認）",
      "160": "通所リハビリテーション",
      "210": "短期入所生活介護",
      "320": "認知症対応型共同生活介護（グループホーム）",
      "430": "居宅介護支援事業所",
      "510": "介護老人福祉施設（特別養護老人ホーム）",
      "520": "介護老人保健施設",
      "710": "夜間対応型訪問介護",
      "760": "定期巡回・随時対応型訪問介護看護",
      "780": "地域密着型通所介護",
    }
    for (const [code, ja] of Object.entries(expected)) {
      const kind = kindForServiceTypeCode(code)
      expect(kind, code).toBeDefined()
      expect(resourceKindLabels[kind!].ja).toBe(ja)
    }
    const codes = resourceKinds.flatMap((k) => (k.serviceTypeCode === undefined ? [] : [k.serviceTypeCode]))
    expect(new Set(codes).size).toBe(codes.length)
    expect(kindForServiceTypeCode("999")).toBeUndefined()
  })

  it("covers facilities and non-medical community resources by their Japanese names", () => {
    const names = resourceKinds.map((k) => k.label.ja).join(" ")
    for (const word of [
      "特別養護老人ホーム",
      "介護老人保健施設",
      "介護医療院",
      "グループホーム",
      "有料老人ホーム",
      "サービス付き高齢者向け住宅",
      "通いの場",
      "生活支援",
      "配食",
      "見守り",
      "移動支援",
      "地域包括支援センター",
      "歯科診療所",
      "薬局",
      "有床診療所",
      "無床診療所",
      "病院",
    ]) {
      expect(names).toContain(word)
    }
  })

  it("treats 有床・無床診療所 as 診療所 for filters", () => {
    expect(isKindOf("clinic_with_beds", "clinic")).toBe(true)
    expect(isKindOf("clinic_without_beds", "clinic")).toBe(true)
    expect(isKindOf("clinic", "clinic")).toBe(true)
    expect(isKindOf("hospital", "clinic")).toBe(false)
    expect(resourceKindDefinition("clinic_with_beds").parent).toBe("clinic")
  })
})

describe("在宅療養支援 designation", () => {
  it("fits hospitals and clinics (medical types) and dental clinics (dental) only", () => {
    expect(homeCareSupportFits("clinic_without_beds", "enhanced_standalone")).toBe(true)
    expect(homeCareSupportFits("hospital", "enhanced_collaborative")).toBe(true)
    expect(homeCareSupportFits("dental_clinic", "dental")).toBe(true)
    expect(homeCareSupportFits("dental_clinic", "conventional")).toBe(false)
    expect(homeCareSupportFits("clinic", "dental")).toBe(false)
    expect(homeCareSupportFits("pharmacy", "conventional")).toBe(false)
  })

  it("names 在宅療養支援病院・診療所 with the type, as written in the fee schedule", () => {
    expect(homeCareSupportLabel("hospital", "enhanced_standalone")?.ja).toBe("在宅療養支援病院（機能強化型・単独型）")
    expect(homeCareSupportLabel("clinic_with_beds", "enhanced_collaborative")?.ja).toBe(
      "在宅療養支援診療所（機能強化型・連携型）",
    )
    expect(homeCareSupportLabel("clinic", "conventional")?.ja).toBe("在宅療養支援診療所（従来型）")
    expect(homeCareSupportLabel("dental_clinic", "dental")?.ja).toBe("在宅療養支援歯科診療所")
    expect(homeCareSupportLabel("pharmacy", "conventional")).toBeUndefined()
    expect(HomeCareSupport.options).toHaveLength(4)
  })
})

describe("capabilities", () => {
  it("label every capability, including the 医療処置 and pharmacy features the issue lists", () => {
    for (const capability of Capability.options) expect(capabilityLabels[capability].ja.length).toBeGreaterThan(0)
    const ja = Object.values(capabilityLabels).map((l) => l.ja)
    for (const word of [
      "訪問診療",
      "往診",
      "24時間対応",
      "看取り",
      "点滴",
      "褥瘡",
      "胃ろう・経管栄養",
      "在宅酸素",
      "人工呼吸器",
      "緩和ケア・医療用麻薬",
      "喀痰吸引",
      "認知症対応",
      "小児",
      "精神",
      "無菌調剤",
    ]) {
      expect(ja).toContain(word)
    }
  })
})
