import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fromZodError } from "../src/Decode.js"
import {
  CareOfficeNumber,
  CorporateNumber,
  corporateNumberCheckDigit,
  IryoNetId,
  isValidCorporateNumber,
  isValidPhoneNumber,
  MedicalInstitutionCode,
  PhoneNumber,
  phoneDigits,
} from "../src/Identifiers.js"

/** The NTA definition written out independently: 9 − (Σ Pn·Qn mod 9), Pn counted from the right, Qn = 1 (odd) or 2 (even). */
const definitionCheckDigit = (base: string): number => {
  const digits = [...base].reverse().map(Number)
  const sum = digits.reduce((acc, p, i) => acc + p * ((i + 1) % 2 === 1 ? 1 : 2), 0)
  return 9 - (sum % 9)
}

const baseNumber = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 12, maxLength: 12 }).map((d) => d.join(""))

describe("CorporateNumber (法人番号)", () => {
  it("accepts published corporate numbers: 国税庁 7000012050002 and トヨタ自動車 1180301018771", () => {
    // Both numbers are cited as real, valid corporate numbers by several independent third-party sources
    // (validation libraries and test suites); 7000012050002 is also the worked example of the NTA formula.
    for (const number of ["7000012050002", "1180301018771", "1000011000005", "1000012010003"]) {
      expect(CorporateNumber.safeParse(number).success).toBe(true)
      expect(isValidCorporateNumber(number)).toBe(true)
    }
    expect(corporateNumberCheckDigit("000012050002")).toBe(7)
  })

  it("rejects a number whose first digit is not the check digit, saying what it should be in both languages", () => {
    const result = CorporateNumber.safeParse("8000012050002")
    expect(result.success).toBe(false)
    const issue = fromZodError("organization", result.error!).issues[0]!
    expect(issue.code).toBe("check_digit")
    expect(issue.message.en).toContain("should be 7, got 8")
    expect(issue.message.ja).toContain("7のはずですが、8")
  })

  it("property (algorithm checked against its definition, not against the NTA register): check digit is 1–9 and matches 9 − (ΣPn·Qn mod 9)", () => {
    fc.assert(
      fc.property(baseNumber, (base) => {
        const check = corporateNumberCheckDigit(base)
        expect(check).toBe(definitionCheckDigit(base))
        expect(check).toBeGreaterThanOrEqual(1)
        expect(check).toBeLessThanOrEqual(9)
        expect(isValidCorporateNumber(`${check}${base}`)).toBe(true)
      }),
    )
  })

  it("property: changing any single digit of a valid number makes it invalid", () => {
    fc.assert(
      fc.property(baseNumber, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 1, max: 9 }), (base, at, delta) => {
        const valid = `${corporateNumberCheckDigit(base)}${base}`
        const digit = (Number(valid[at]) + delta) % 10
        const altered = `${valid.slice(0, at)}${digit}${valid.slice(at + 1)}`
        // Modulus 9 cannot tell 0 from 9 in a weight-1 position: those substitutions are the known blind spot.
        fc.pre(!((Number(valid[at]) === 0 && digit === 9) || (Number(valid[at]) === 9 && digit === 0)))
        expect(isValidCorporateNumber(altered)).toBe(false)
      }),
    )
  })

  it("reports the length and non-digits, and never accepts a number type", () => {
    expect(CorporateNumber.safeParse("700001205000").error?.issues[0]?.message).toContain("got 12 characters")
    expect(CorporateNumber.safeParse("70000120500０2").error?.issues[0]?.message).toContain("non-digit")
    expect(CorporateNumber.safeParse(7000012050002).success).toBe(false)
    expect(() => corporateNumberCheckDigit("12345")).toThrow(RangeError)
  })
})

describe("facility identifiers (shape only)", () => {
  it("医療機関コード: 10 digits with a prefecture part 01–47", () => {
    expect(MedicalInstitutionCode.safeParse("0211234567").success).toBe(true)
    expect(MedicalInstitutionCode.safeParse("021123456").success).toBe(false)
    const bad = MedicalInstitutionCode.safeParse("4811234567")
    expect(bad.error?.issues[0]?.message).toContain("must be 01-47, got 48")
  })

  it("介護保険事業所番号: 10 digits with a prefecture part 01–47 (the open-data key, e.g. 0170101950)", () => {
    expect(CareOfficeNumber.safeParse("0170101950").success).toBe(true)
    expect(CareOfficeNumber.safeParse("0070101950").success).toBe(false)
    expect(CareOfficeNumber.safeParse("017010195").success).toBe(false)
  })

  it("医療情報ネット ID: 13 digits kept as a string with leading zeros", () => {
    expect(IryoNetId.parse("0012345678901")).toBe("0012345678901")
    expect(IryoNetId.safeParse(12345678901).success).toBe(false)
    expect(IryoNetId.safeParse("12345678901").success).toBe(false)
  })
})

describe("PhoneNumber (電話・FAX番号)", () => {
  it("keeps the display form, converting full-width characters and hyphen variants", () => {
    expect(PhoneNumber.parse("０１７８－４３－２１１１")).toBe("0178-43-2111")
    expect(PhoneNumber.parse(" 0178‐43‐2111 ")).toBe("0178-43-2111")
    expect(PhoneNumber.parse("(0178)43-2111")).toBe("(0178)43-2111")
    expect(phoneDigits("（０１７８）４３－２１１１")).toBe("0178432111")
  })

  it("accepts fixed lines, mobiles, IP phones and free dial (0120 with 10 digits, 0800 with 11)", () => {
    for (const number of [
      "03-1234-5678",
      "090-1234-5678",
      "050-1234-5678",
      "0120-123-456",
      "0800-123-4567",
      "0570-000-111",
    ]) {
      expect(isValidPhoneNumber(number)).toBe(true)
    }
  })

  it("rejects wrong lengths, missing area codes, 11-digit fixed lines and e-mail addresses found in the URL column", () => {
    expect(PhoneNumber.safeParse("0178-43-211").error?.issues[0]?.message).toContain("got 9")
    expect(isValidPhoneNumber("43-2111")).toBe(false)
    expect(isValidPhoneNumber("0178-43-21111")).toBe(false)
    expect(isValidPhoneNumber("0012-345-6789")).toBe(false)
    expect(isValidPhoneNumber("info@example.jp")).toBe(false)
    const issue = fromZodError("resource", PhoneNumber.safeParse("0178-43-2111 内線12").error!).issues[0]!
    expect(issue.message.ja).toContain("内線")
  })
})
