import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  Area,
  areaKindLabels,
  checkDigit,
  hachinoheAreaMunicipalities,
  isPrefectureCode,
  isValidLocalGovernmentCode,
  LocalGovernmentCode,
  PrefectureCode,
  prefectureName,
  prefectureOf,
  prefectures,
  toFiveDigit,
  toSixDigit,
} from "../src/Area.js"

/** The weighted remainder r = (6·d1 + 5·d2 + 4·d3 + 3·d4 + 2·d5) mod 11, computed independently of the module. */
const remainder = (code: string): number =>
  [6, 5, 4, 3, 2].reduce((sum, weight, i) => sum + weight * Number(code[i]), 0) % 11

const prefectureCodes = Array.from({ length: 47 }, (_, i) => String(i + 1).padStart(2, "0"))

/** A valid six-digit code: prefecture 01–47, any municipality part, correct check digit. */
const validCode = fc
  .tuple(fc.integer({ min: 1, max: 47 }), fc.integer({ min: 0, max: 999 }))
  .map(([prefecture, municipality]) => {
    const five = `${String(prefecture).padStart(2, "0")}${String(municipality).padStart(3, "0")}`
    return `${five}${(11 - remainder(five)) % 10}`
  })

const issueMessages = (input: unknown): ReadonlyArray<string> =>
  LocalGovernmentCode.safeParse(input).error?.issues.map((issue) => issue.message) ?? []

describe("checkDigit", () => {
  it("computes (11 − r) mod 10, giving 1 for both r = 0 and r = 10 and 0 for r = 1", () => {
    expect(checkDigit("13101")).toBe(6) // 千代田区 131016
    expect(checkDigit("01101")).toBe(1) // 札幌市中央区, r = 0
    expect(checkDigit("13000")).toBe(1) // 東京都, r = 10
    expect(remainder("01101")).toBe(0)
    expect(remainder("13000")).toBe(10)
    expect(remainder("00006")).toBe(1)
    expect(checkDigit("00006")).toBe(0)
  })

  it("throws RangeError unless given exactly five ASCII digits", () => {
    for (const bad of ["1310", "131016", "1310a", "１３１０１", ""]) {
      expect(() => checkDigit(bad)).toThrow(RangeError)
    }
  })
})

describe("LocalGovernmentCode", () => {
  it("accepts all 47 prefecture codes PP000K, whose check digit is the computed one", () => {
    expect(prefectures.map((p) => p.code)).toEqual(prefectureCodes)
    for (const prefecture of prefectures) {
      const five = `${prefecture.code}000`
      expect(prefecture.localGovernmentCode).toBe(`${five}${checkDigit(five)}`)
      expect(LocalGovernmentCode.safeParse(prefecture.localGovernmentCode).success).toBe(true)
      expect(isPrefectureCode(prefecture.localGovernmentCode)).toBe(true)
      expect(prefectureOf(prefecture.localGovernmentCode)).toBe(prefecture.code)
    }
  })

  it("accepts known municipality codes, including the r = 0 and r = 10 cases", () => {
    const known = {
      "131016": "千代田区",
      "011002": "札幌市",
      "011011": "札幌市中央区",
      "130001": "東京都",
      "022039": "八戸市",
    }
    for (const code of Object.keys(known)) {
      expect(isValidLocalGovernmentCode(code), code).toBe(true)
      expect(LocalGovernmentCode.parse(code)).toBe(code)
    }
    expect(isPrefectureCode(LocalGovernmentCode.parse("131016"))).toBe(false)
  })

  it("accepts the 8 municipality codes of the 八戸圏域 (each check digit recomputed)", () => {
    expect(hachinoheAreaMunicipalities.map((m) => m.code)).toEqual([
      "022039",
      "024414",
      "024422",
      "024431",
      "024457",
      "024465",
      "024503",
      "024121",
    ])
    for (const { code } of hachinoheAreaMunicipalities) {
      expect(checkDigit(code.slice(0, 5)), code).toBe(Number(code[5]))
      expect(isValidLocalGovernmentCode(code), code).toBe(true)
      expect(prefectureOf(code)).toBe("02")
    }
  })

  it("says what is wrong: length, non-digits, prefecture, or the check digit it expected", () => {
    expect(issueMessages("13101")).toEqual(["A local government code must be exactly 6 digits, got 5 characters"])
    expect(issueMessages("13101a")).toEqual([
      "A local government code must be exactly 6 digits (0-9), got a non-digit character",
    ])
    expect(issueMessages("１３１０１６")[0]).toMatch(/non-digit/)
    expect(issueMessages("022038")).toEqual(["Wrong check digit: for 02203 the check digit should be 9, got 8"])
    expect(issueMessages("480002")).toEqual(["The first two digits are the prefecture code and must be 01-47, got 48"])
    expect(issueMessages("480001")).toEqual([
      "The first two digits are the prefecture code and must be 01-47, got 48",
      "Wrong check digit: for 48000 the check digit should be 2, got 1",
    ])
    const custom = LocalGovernmentCode.safeParse("022038").error?.issues[0]
    expect(custom?.code).toBe("custom")
    expect((custom as { params?: unknown } | undefined)?.params).toEqual({
      ja: "検査数字が違います（02203の検査数字は9ですが、8が入力されました）",
      code: "check_digit",
    })
    expect(LocalGovernmentCode.safeParse(131016).success).toBe(false)
  })

  it(
    "rejects every single-digit corruption of a valid code, EXCEPT a change in the first five digits that moves " +
      "the weighted remainder r between 0 and 10 (both give check digit 1) while the prefecture stays 01–47",
    () => {
      let exceptionsSeen = 0
      fc.assert(
        fc.property(validCode, (code) => {
          const r = remainder(code)
          for (let position = 0; position < 6; position++) {
            for (let digit = 0; digit <= 9; digit++) {
              if (String(digit) === code[position]) continue
              const corrupted = `${code.slice(0, position)}${digit}${code.slice(position + 1)}`
              const prefectureOk = prefectureCodes.includes(corrupted.slice(0, 2))
              const accepted = isValidLocalGovernmentCode(corrupted)
              if (position === 5) {
                // A corrupted check digit is always rejected: r determines the check digit.
                expect(accepted, corrupted).toBe(false)
                continue
              }
              const r2 = remainder(corrupted)
              // The weights 2–6 and digit differences 1–9 are never multiples of 11, so r always changes.
              expect(r2).not.toBe(r)
              const onlyZeroTenSwap = (r === 0 || r === 10) && (r2 === 0 || r2 === 10)
              expect(accepted, `${code} → ${corrupted} (r ${r} → ${r2})`).toBe(onlyZeroTenSwap && prefectureOk)
              if (accepted) exceptionsSeen++
            }
          }
        }),
        { numRuns: 500 },
      )
      // The exception must actually have been exercised (r ∈ {0, 10} for about 2 codes in 11).
      expect(exceptionsSeen).toBeGreaterThan(0)
    },
  )

  it("rejects a 0↔10 remainder swap that the check digit alone would accept when the prefecture becomes 00 or > 47", () => {
    // 長野市 202011 (r = 0) → 002011 (r = 10): both have check digit 1, but prefecture 00 does not exist.
    expect(isValidLocalGovernmentCode("202011")).toBe(true)
    expect(checkDigit("00201")).toBe(1)
    expect(isValidLocalGovernmentCode("002011")).toBe(false)
    // 札幌市中央区 011011 (r = 0) → 911011 (r = 10): check digit 1 again, but prefecture 91 does not exist.
    expect(checkDigit("91101")).toBe(1)
    expect(isValidLocalGovernmentCode("911011")).toBe(false)
    expect(issueMessages("911011")).toEqual(["The first two digits are the prefecture code and must be 01-47, got 91"])
  })
})

describe("five and six digit codes", () => {
  it("round-trips six → five → six for every valid code", () => {
    fc.assert(
      fc.property(validCode, (code) => {
        const parsed = LocalGovernmentCode.parse(code)
        expect(toSixDigit(toFiveDigit(parsed))).toBe(code)
      }),
    )
  })

  it("round-trips five → six → five, and the six-digit code validates", () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefectureCodes), fc.integer({ min: 0, max: 999 }), (prefecture, rest) => {
        const five = `${prefecture}${String(rest).padStart(3, "0")}`
        const six = toSixDigit(five)
        expect(isValidLocalGovernmentCode(six)).toBe(true)
        expect(toFiveDigit(six)).toBe(five)
      }),
    )
  })

  it("toSixDigit throws RangeError for bad input or a prefecture outside 01–47", () => {
    expect(toSixDigit("13101")).toBe("131016")
    for (const bad of ["1310", "131016", "1310x", "00101", "48000", "99999"]) {
      expect(() => toSixDigit(bad), bad).toThrow(RangeError)
    }
  })
})

describe("prefectures", () => {
  it("lists the 47 prefectures in JIS order with their names", () => {
    expect(prefectures).toHaveLength(47)
    expect(prefectures[0]).toEqual({
      code: "01",
      name: { ja: "北海道", en: "Hokkaido" },
      localGovernmentCode: "010006",
    })
    expect(prefectures[46]).toEqual({
      code: "47",
      name: { ja: "沖縄県", en: "Okinawa" },
      localGovernmentCode: "470007",
    })
    expect(prefectureName("13")).toEqual({ ja: "東京都", en: "Tokyo" })
    expect(prefectureName("02")).toEqual({ ja: "青森県", en: "Aomori" })
    expect(prefectureName("27")).toEqual({ ja: "大阪府", en: "Osaka" })
    expect(new Set(prefectures.map((p) => p.name.ja)).size).toBe(47)
    expect(new Set(prefectures.map((p) => p.name.en)).size).toBe(47)
  })

  it("PrefectureCode accepts 01–47 only", () => {
    expect(prefectureCodes.every((code) => PrefectureCode.safeParse(code).success)).toBe(true)
    for (const bad of ["00", "48", "1", "001", "ab"]) expect(PrefectureCode.safeParse(bad).success).toBe(false)
  })
})

describe("Area", () => {
  const base = { name: { ja: "八戸地域", en: "Hachinohe area" }, members: [] as Array<string> }

  it("accepts an area with unique municipality members", () => {
    const area = Area.parse({
      ...base,
      kind: "secondary_medical_area",
      code: "hachinohe",
      members: hachinoheAreaMunicipalities.map((m) => m.code),
      parentCode: "02",
    })
    expect(area.members).toHaveLength(8)
    expect(areaKindLabels[area.kind]).toEqual({ ja: "二次医療圏", en: "Secondary medical area" })
  })

  it("requires a municipality area's code to be a valid municipality code, reported at ['code']", () => {
    expect(Area.safeParse({ ...base, kind: "municipality", code: "022039" }).success).toBe(true)
    // Other kinds take any code of 1–32 characters.
    expect(Area.safeParse({ ...base, kind: "daily_life_area", code: "022038-1" }).success).toBe(true)

    const wrongCheckDigit = Area.safeParse({ ...base, kind: "municipality", code: "022038" })
    expect(wrongCheckDigit.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [
        ["code"],
        "The code of a municipality area must be its local government code: " +
          "Wrong check digit: for 02203 the check digit should be 9, got 8",
      ],
    ])
    const prefecture = Area.safeParse({ ...base, kind: "municipality", code: "020001" })
    expect(prefecture.error?.issues[0]?.path).toEqual(["code"])
    expect(prefecture.error?.issues[0]?.message).toMatch(/020001 is a prefecture's code/)
  })

  it("rejects duplicate members with a message naming the duplicate and its first position", () => {
    const result = Area.safeParse({
      ...base,
      kind: "wide_area_partnership",
      code: "hachinohe",
      members: ["022039", "024414", "022039"],
    })
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [["members", 2], "Duplicate member 022039: each municipality may be listed once (already at members[0])"],
    ])
  })

  it("rejects invalid member codes and codes outside 1–32 characters", () => {
    expect(Area.safeParse({ ...base, kind: "daily_life_area", code: "x", members: ["022038"] }).success).toBe(false)
    expect(Area.safeParse({ ...base, kind: "daily_life_area", code: "" }).success).toBe(false)
    expect(Area.safeParse({ ...base, kind: "daily_life_area", code: "x".repeat(33) }).success).toBe(false)
  })
})
