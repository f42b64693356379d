import {
  Area,
  AreaRef,
  areaKey,
  fromZodError,
  hachinoheAreaMunicipalities,
  makeAreaHierarchy,
  municipalityArea,
} from "@zaitaku/core"
import { describe, expect, it } from "vitest"

const hachinoheMedicalArea = Area.parse({
  kind: "secondary_medical_area",
  code: "0203",
  name: { ja: "八戸地域", en: "Hachinohe area" },
  members: hachinoheAreaMunicipalities.map((m) => m.code),
})
const sannoheDistrict = Area.parse({
  kind: "health_center_district",
  code: "sannohe",
  name: { ja: "三戸地方保健所", en: "Sannohe health center" },
  members: ["024414", "024431", "024457"],
})

describe("AreaRef", () => {
  it("accepts municipalities, tenant areas and prefectures by their codes", () => {
    expect(AreaRef.safeParse({ kind: "municipality", code: "022039" }).success).toBe(true)
    expect(AreaRef.safeParse({ kind: "secondary_medical_area", code: "0203" }).success).toBe(true)
    expect(AreaRef.safeParse({ kind: "prefecture", code: "020001" }).success).toBe(true)
  })

  it("rejects a prefecture code for a municipality and vice versa, in Japanese and English", () => {
    const notMunicipality = AreaRef.safeParse({ kind: "municipality", code: "020001" })
    expect(fromZodError("area", notMunicipality.error!).issues[0]).toMatchObject({
      path: ["code"],
      code: "not_municipality",
      message: { ja: expect.stringContaining("都道府県のコード") },
    })
    const notPrefecture = AreaRef.safeParse({ kind: "prefecture", code: "022039" })
    expect(fromZodError("area", notPrefecture.error!).issues[0]?.code).toBe("not_prefecture")
    const badDigit = AreaRef.safeParse({ kind: "municipality", code: "022038" })
    expect(fromZodError("area", badDigit.error!).issues[0]?.code).toBe("local_government_code")
  })
})

describe("makeAreaHierarchy", () => {
  const hierarchy = makeAreaHierarchy([hachinoheMedicalArea, sannoheDistrict], hachinoheAreaMunicipalities)
  const prefecture = { kind: "prefecture" as const, code: "020001" }

  it("lists municipalities, then tenant areas, then the prefecture, with names", () => {
    expect(hierarchy.areas.map((area) => areaKey(area.ref))).toEqual([
      ...[...hachinoheAreaMunicipalities.map((m) => m.code)].sort().map((code) => `municipality:${code}`),
      "health_center_district:sannohe",
      "secondary_medical_area:0203",
      "prefecture:020001",
    ])
    expect(hierarchy.find(prefecture)?.name.ja).toBe("青森県")
    expect(hierarchy.find(municipalityArea("022039"))?.name.ja).toBe("八戸市")
    expect(hierarchy.find(prefecture)?.members).toHaveLength(8)
  })

  it("decides containment by members: a municipality lies in its areas and its prefecture", () => {
    expect(hierarchy.containing(municipalityArea("024431")).map((a) => areaKey(a.ref))).toEqual([
      "municipality:024431",
      "health_center_district:sannohe",
      "secondary_medical_area:0203",
      "prefecture:020001",
    ])
    expect(hierarchy.containing(municipalityArea("022039")).map((a) => areaKey(a.ref))).toEqual([
      "municipality:022039",
      "secondary_medical_area:0203",
      "prefecture:020001",
    ])
  })

  it("puts an area inside another only when all its members are there", () => {
    expect(hierarchy.contains(hachinoheMedicalArea, { kind: "health_center_district", code: "sannohe" })).toBe(true)
    expect(hierarchy.contains({ kind: "health_center_district", code: "sannohe" }, hachinoheMedicalArea)).toBe(false)
    expect(hierarchy.contains(prefecture, hachinoheMedicalArea)).toBe(true)
  })

  it("knows nothing of areas it was not given", () => {
    expect(hierarchy.find({ kind: "secondary_medical_area", code: "nowhere" })).toBeUndefined()
    expect(hierarchy.containing({ kind: "secondary_medical_area", code: "nowhere" })).toEqual([])
    expect(hierarchy.contains(prefecture, municipalityArea("131016"))).toBe(false)
  })
})
