import { describe, expect, it } from "vitest"
import { CodeList, codeListLabel, findStandardCodeList, standardCodeLists } from "../src/CodeList.js"
import { fromZodError } from "../src/Decode.js"

const labelsJa = (id: string): ReadonlyArray<string> => findStandardCodeList(id)!.concepts.map((c) => c.label.ja)

describe("standard code lists", () => {
  it("are valid code lists with unique ids, each naming its source", () => {
    const ids = standardCodeLists.map((l) => l.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const codeList of standardCodeLists) {
      expect(CodeList.safeParse(codeList).success, codeList.id).toBe(true)
      expect(codeList.source.title.length, codeList.id).toBeGreaterThan(0)
    }
  })

  it("flag every list that rests on our own inference, so it can be checked", () => {
    for (const codeList of standardCodeLists.filter((l) => l.source.grade !== "official")) {
      expect(codeList.unconfirmed, codeList.id).toBeDefined()
    }
  })

  it("carry the verbatim values of 入院時情報提供書 section 7 (REFERENCE.md §3.1)", () => {
    expect(labelsJa("assistance_level")).toEqual(["自立", "見守り", "一部介助", "全介助"])
    expect(labelsJa("paralysis_severity")).toEqual(["なし", "軽度", "中度", "重度"])
    expect(labelsJa("mobility_aid")).toEqual(["杖", "歩行器", "車いす", "その他"])
    expect(labelsJa("meal_form")).toEqual(["普通", "きざみ", "嚥下障害食", "ミキサー"])
    expect(labelsJa("intake_method")).toEqual(["経口", "経管栄養"])
    expect(labelsJa("swallowing")).toEqual(["むせない", "時々むせる", "常にむせる"])
    expect(labelsJa("oral_hygiene")).toEqual(["良", "不良", "著しく不良"])
    expect(labelsJa("portable_toilet")).toEqual(["なし", "夜間", "常時"])
    expect(labelsJa("presence_unknown")).toEqual(["あり", "なし", "不明"])
  })

  it("carry the 日常生活自立度 scales of the discharge referral (REFERENCE.md §3.2)", () => {
    expect(findStandardCodeList("disability_independence")!.concepts.map((c) => c.code)).toEqual([
      "independent",
      "J1",
      "J2",
      "A1",
      "A2",
      "B1",
      "B2",
      "C1",
      "C2",
    ])
    expect(labelsJa("dementia_independence")).toEqual(["自立", "Ⅰ", "Ⅱa", "Ⅱb", "Ⅲa", "Ⅲb", "Ⅳ", "M"])
    expect(labelsJa("eating_method")).toEqual(["経口", "経管栄養", "静脈栄養"])
  })

  it("carry the eight 照会目的 of the 医師とケアマネジャーとの連絡票, verbatim (REFERENCE.md §3.4)", () => {
    expect(labelsJa("doctor_care_manager_enquiry_purpose")).toEqual([
      "新規・更新・区分変更後のケアプラン作成時の医学的意見について",
      "ケアプラン原案への意見について",
      "サービス担当者会議開催の連絡、専門的な見地からの意見の確認について",
      "服薬状況等について",
      "福祉用具貸与（購入）について、医師からの意見・相談など",
      "利用者の状況についての相談",
      "担当ケアマネジャーになった挨拶",
      "その他",
    ])
  })

  it("carry the profession groups of the 愛川町 training application and the 要介護度 scale", () => {
    expect(labelsJa("profession_group")).toEqual(["医師", "歯科医師", "薬剤師", "看護職", "介護職", "リハ職", "その他"])
    expect(labelsJa("care_need_level")).toEqual([
      "非該当（自立）",
      "要支援1",
      "要支援2",
      "要介護1",
      "要介護2",
      "要介護3",
      "要介護4",
      "要介護5",
    ])
  })

  it("look up labels by code", () => {
    const list = findStandardCodeList("assistance_level")!
    expect(codeListLabel(list, "partial_assistance")).toEqual({ ja: "一部介助", en: "Partial assistance" })
    expect(codeListLabel(list, "unknown")).toBeUndefined()
    expect(findStandardCodeList("does_not_exist")).toBeUndefined()
  })
})

describe("CodeList", () => {
  it("reports a duplicate code at its path, in both languages", () => {
    const result = CodeList.safeParse({
      id: "x",
      title: { ja: "x", en: "x" },
      source: { title: "t", grade: "inference" },
      concepts: [
        { code: "a", label: { ja: "あ", en: "A" } },
        { code: "a", label: { ja: "い", en: "I" } },
      ],
    })
    expect(result.success).toBe(false)
    const issue = fromZodError("code list", result.error!).issues[0]!
    expect(issue.path).toEqual(["concepts", 1, "code"])
    expect(issue.code).toBe("duplicate_code")
    expect(issue.message.ja).toContain("重複")
  })

  it("rejects codes and ids that cannot be used as identifiers", () => {
    const base = { title: { ja: "x", en: "x" }, source: { title: "t", grade: "inference" } }
    expect(
      CodeList.safeParse({ ...base, id: "ADL区分", concepts: [{ code: "a", label: { ja: "a", en: "a" } }] }).success,
    ).toBe(false)
    expect(
      CodeList.safeParse({ ...base, id: "ok", concepts: [{ code: "全介助", label: { ja: "a", en: "a" } }] }).success,
    ).toBe(false)
    expect(CodeList.safeParse({ ...base, id: "ok", concepts: [] }).success).toBe(false)
  })
})
