import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { matchesQuery, normalizeForSearch, queryTokens, searchKeys } from "../src/SearchText.js"

const station = {
  name: "訪問看護ステーション",
  nameKana: "ホウモンカンゴステーション",
  address: { prefectureCode: "02" as const, line: "八戸市内丸一丁目1ー1", building: "〇〇ビル３Ｆ" },
}

describe("normalizeForSearch", () => {
  it("folds width, kana type and case, and removes whitespace, 〒 and ・", () => {
    expect(normalizeForSearch("ﾎｳﾓﾝｶﾝｺﾞ")).toBe("ほうもんかんご")
    expect(normalizeForSearch("ホウモン　カンゴ")).toBe("ほうもんかんご")
    expect(normalizeForSearch("ＡＢＣ Clinic")).toBe("abcclinic")
    expect(normalizeForSearch("〒031-8686")).toBe("031-8686")
    expect(normalizeForSearch("ケア・ステーション")).toBe("けあすてーしょん")
  })

  it("keeps the long vowel mark but turns hyphen variants (and ー between digits) into -", () => {
    expect(normalizeForSearch("ステーション")).toContain("ー")
    for (const dash of ["‐", "‑", "–", "—", "−", "－", "-"]) expect(normalizeForSearch(`1${dash}2`)).toBe("1-2")
    expect(normalizeForSearch("内丸1ー1")).toBe("内丸1-1")
  })

  it("folds ヶ/ケ to け and ヵ/カ to か, and expands 々 to the character before it", () => {
    expect(normalizeForSearch("三ヶ日")).toBe(normalizeForSearch("三ケ日"))
    expect(normalizeForSearch("三ヶ日")).toBe("三け日")
    expect(normalizeForSearch("一ヵ所")).toBe(normalizeForSearch("一カ所"))
    expect(normalizeForSearch("佐々木")).toBe("佐佐木")
    expect(normalizeForSearch("々")).toBe("々")
  })

  it("property: normalising twice changes nothing", () => {
    const japanese = fc.string({
      unit: fc.constantFrom(..."ｱｶﾞｷﾞﾊﾟﾎｳﾓﾝｰ･ア々ヶヵケカー‐－ 　〒・ＡａＢ１2佐木かんごゔヴ".split("")),
    })
    fc.assert(
      fc.property(fc.oneof(japanese, fc.string({ unit: "grapheme" })), (text) => {
        const once = normalizeForSearch(text)
        expect(normalizeForSearch(once)).toBe(once)
      }),
      { numRuns: 500 },
    )
  })

  it("property: full-width and half-width ASCII, and katakana and hiragana, normalise equal", () => {
    const ascii = fc.string({ unit: fc.constantFrom(..."abcXYZ0189-".split("")) })
    const toFullWidth = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
    fc.assert(
      fc.property(ascii, (s) => {
        expect(normalizeForSearch(toFullWidth(s))).toBe(normalizeForSearch(s))
      }),
    )
    const hiragana = fc.string({ unit: fc.integer({ min: 0x3041, max: 0x3094 }).map((c) => String.fromCharCode(c)) })
    fc.assert(
      fc.property(hiragana, (s) => {
        const katakana = s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
        expect(normalizeForSearch(katakana)).toBe(normalizeForSearch(s))
      }),
    )
  })

  it("half-width katakana with voiced marks equal their full-width form", () => {
    const pairs = [
      ["ｶﾞｷﾞｸﾞｹﾞｺﾞ", "ガギグゲゴ"],
      ["ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "パピプペポ"],
      ["ｽﾃｰｼｮﾝ", "ステーション"],
      ["ｳﾞｨ", "ヴィ"],
    ] as const
    for (const [half, full] of pairs) expect(normalizeForSearch(half)).toBe(normalizeForSearch(full))
  })
})

describe("searchKeys and matchesQuery", () => {
  it("indexes name, kana and address with the prefecture name", () => {
    expect(searchKeys(station)).toEqual([
      "訪問看護すてーしょん",
      "ほうもんかんごすてーしょん",
      "青森県八戸市内丸一丁目1-1〇〇びる3f",
    ])
  })

  it("finds a station whose kana is ホウモンカンゴ by ほうもんかんご, half-width ﾎｳﾓﾝｶﾝｺﾞ and 訪問　看護", () => {
    expect(matchesQuery(station, "ほうもんかんご")).toBe(true)
    expect(matchesQuery(station, "ﾎｳﾓﾝｶﾝｺﾞ")).toBe(true)
    expect(matchesQuery(station, "訪問　看護")).toBe(true)
    expect(queryTokens("訪問　看護")).toEqual(["訪問", "看護"])
  })

  it("requires every token to match: 訪問介護 does not find a 訪問看護 station", () => {
    expect(matchesQuery(station, "訪問介護")).toBe(false)
    expect(matchesQuery(station, "八戸 ほうもんかいご")).toBe(false)
    expect(matchesQuery(station, "八戸 ほうもんかんご")).toBe(true)
    expect(matchesQuery(station, "   ")).toBe(true)
  })

  it("finds 三ヶ日 by 三ケ日 and 佐々木 by 佐佐木, and addresses written with full-width digits", () => {
    const clinic = { name: "佐々木クリニック", address: { line: "浜松市浜名区三ヶ日町１２３" } }
    expect(matchesQuery(clinic, "三ケ日")).toBe(true)
    expect(matchesQuery(clinic, "佐佐木")).toBe(true)
    expect(matchesQuery(clinic, "三ヶ日町123")).toBe(true)
  })
})
