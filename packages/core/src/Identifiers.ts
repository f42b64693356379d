/**
 * 事業所・法人の識別番号 (identifiers of organisations and facilities) and 電話・FAX番号 (phone and fax numbers).
 *
 * Every code here is a string of ASCII digits, never a number: leading zeros are significant (a 医療情報ネット ID
 * often starts with `0`). Importers convert full-width digits before validating. Custom zod issues carry an English
 * `message` and `params: { ja, code }`, so `fromZodError` reports them in both languages.
 *
 * What is checked:
 * - 法人番号: 13 digits and the check digit (published algorithm of 国税庁).
 * - 医療機関コード, 介護保険事業所番号: 10 digits and a prefecture part 01–47 — shape only; the check digit of the
 *   医療機関コード is not verified because its algorithm is not confirmed in our sources.
 * - 医療情報ネット ID: 13 digits — shape only.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { PrefectureCode } from "./Area.js"

interface Problem {
  readonly code: string
  readonly ja: string
  readonly en: string
}

const digitsProblem = (input: string, length: number, ja: string, en: string): Problem | undefined => {
  if (input.length !== length) {
    return {
      code: "format",
      ja: `${ja}は${length}桁の半角数字です（${input.length}文字が入力されました）`,
      en: `${en} must be exactly ${length} digits, got ${input.length} characters`,
    }
  }
  if (!/^[0-9]+$/.test(input)) {
    return {
      code: "format",
      ja: `${ja}は${length}桁の半角数字です（数字以外の文字が含まれています）`,
      en: `${en} must be exactly ${length} digits (0-9), got a non-digit character`,
    }
  }
  return undefined
}

const isPrefecturePart = (twoDigits: string): boolean =>
  (PrefectureCode.options as ReadonlyArray<string>).includes(twoDigits)

const prefectureProblem = (input: string, ja: string, en: string): Problem | undefined => {
  const part = input.slice(0, 2)
  return isPrefecturePart(part)
    ? undefined
    : {
        code: "prefecture",
        ja: `${ja}の先頭2桁は都道府県コード（01〜47）です（${part}が入力されました）`,
        en: `The first two digits of ${en} are the prefecture code and must be 01-47, got ${part}`,
      }
}

const refineWith =
  (problems: (input: string) => ReadonlyArray<Problem>) =>
  (input: string, ctx: z.core.$RefinementCtx<string>): void => {
    for (const problem of problems(input)) {
      ctx.addIssue({ code: "custom", message: problem.en, params: { ja: problem.ja, code: problem.code }, input })
    }
  }

// ---------------------------------------------------------------------------------------------------------------
// 法人番号 (corporate number)
// ---------------------------------------------------------------------------------------------------------------

/**
 * 法人番号の検査用数字 (check digit of a corporate number) from its 12-digit 基礎番号 (base number):
 * `9 − (Σ Pₙ·Qₙ mod 9)` for n = 1…12, where Pₙ is the n-th digit counted from the right end of the base number and
 * Qₙ is 1 for odd n and 2 for even n. The result is 1–9; a corporate number never starts with 0.
 *
 * @throws RangeError if `baseNumber` is not exactly 12 ASCII digits.
 * @since 0.1.0
 * @category corporate number
 * @example
 * ```ts
 * import { corporateNumberCheckDigit } from "@zaitaku/core"
 *
 * corporateNumberCheckDigit("000012050002") // 7 → 国税庁 is 7000012050002
 * ```
 */
export const corporateNumberCheckDigit = (baseNumber: string): number => {
  if (!/^[0-9]{12}$/.test(baseNumber)) {
    throw new RangeError(`corporateNumberCheckDigit expects exactly 12 ASCII digits, got ${JSON.stringify(baseNumber)}`)
  }
  let sum = 0
  for (let n = 1; n <= 12; n++) {
    const digit = baseNumber.charCodeAt(12 - n) - 48
    sum += digit * (n % 2 === 1 ? 1 : 2)
  }
  return 9 - (sum % 9)
}

const corporateNumberProblems = (input: string): ReadonlyArray<Problem> => {
  const format = digitsProblem(input, 13, "法人番号", "A corporate number")
  if (format !== undefined) return [format]
  const expected = corporateNumberCheckDigit(input.slice(1))
  const actual = input.charCodeAt(0) - 48
  return expected === actual
    ? []
    : [
        {
          code: "check_digit",
          ja: `法人番号の検査用数字（先頭の1桁）が違います（${expected}のはずですが、${actual}が入力されました）`,
          en: `Wrong check digit (the first digit) of the corporate number: should be ${expected}, got ${actual}`,
        },
      ]
}

/**
 * 法人番号 (corporate number): 13 digits, the first being the check digit over the other twelve
 * (see {@link corporateNumberCheckDigit}). Issues say whether the length, a non-digit or the check digit is wrong.
 *
 * @since 0.1.0
 * @category corporate number
 * @example
 * ```ts
 * import { CorporateNumber } from "@zaitaku/core"
 *
 * CorporateNumber.parse("7000012050002") // 国税庁
 * CorporateNumber.safeParse("8000012050002").success // false: the check digit should be 7
 * ```
 */
export const CorporateNumber = z.string().superRefine(refineWith(corporateNumberProblems)).brand<"CorporateNumber">()

/**
 * 法人番号 (corporate number), branded.
 *
 * @since 0.1.0
 * @category corporate number
 * @example
 * ```ts
 * import { CorporateNumber } from "@zaitaku/core"
 *
 * const nta: CorporateNumber = CorporateNumber.parse("7000012050002")
 * ```
 */
export type CorporateNumber = z.infer<typeof CorporateNumber>

/**
 * 法人番号の検査 (corporate number validation) as a type guard.
 *
 * @since 0.1.0
 * @category corporate number
 * @example
 * ```ts
 * import { isValidCorporateNumber } from "@zaitaku/core"
 *
 * isValidCorporateNumber("1180301018771") // true
 * isValidCorporateNumber("1180301018772") // false
 * ```
 */
export const isValidCorporateNumber = (input: unknown): input is CorporateNumber =>
  typeof input === "string" && corporateNumberProblems(input).length === 0

// ---------------------------------------------------------------------------------------------------------------
// 医療機関コード, 介護保険事業所番号, 医療情報ネット ID
// ---------------------------------------------------------------------------------------------------------------

const medicalInstitutionCodeProblems = (input: string): ReadonlyArray<Problem> => {
  const format = digitsProblem(input, 10, "医療機関コード", "A medical institution code")
  if (format !== undefined) return [format]
  const prefecture = prefectureProblem(input, "医療機関コード", "a medical institution code")
  return prefecture === undefined ? [] : [prefecture]
}

/**
 * 医療機関コード (medical institution code, 10 digits): 都道府県番号 2 + 点数表番号 1 + 郡市区番号 2 +
 * 医療機関等番号 4 + 検証番号 1. Only the shape is checked (10 digits, prefecture part 01–47): the algorithm of the
 * 検証番号 is not confirmed in our sources, so a code with a wrong 検証番号 is accepted.
 *
 * @since 0.1.0
 * @category facility identifiers
 * @example
 * ```ts
 * import { MedicalInstitutionCode } from "@zaitaku/core"
 *
 * MedicalInstitutionCode.safeParse("0211234567").success // true (shape only)
 * MedicalInstitutionCode.safeParse("021123456").success // false: 9 digits
 * ```
 */
export const MedicalInstitutionCode = z
  .string()
  .superRefine(refineWith(medicalInstitutionCodeProblems))
  .brand<"MedicalInstitutionCode">()

/**
 * 医療機関コード (medical institution code), branded.
 *
 * @since 0.1.0
 * @category facility identifiers
 * @example
 * ```ts
 * import { MedicalInstitutionCode } from "@zaitaku/core"
 *
 * const code: MedicalInstitutionCode = MedicalInstitutionCode.parse("1311234567")
 * ```
 */
export type MedicalInstitutionCode = z.infer<typeof MedicalInstitutionCode>

const careOfficeNumberProblems = (input: string): ReadonlyArray<Problem> => {
  const format = digitsProblem(input, 10, "介護保険事業所番号", "A care office number")
  if (format !== undefined) return [format]
  const prefecture = prefectureProblem(input, "介護保険事業所番号", "a care office number")
  return prefecture === undefined ? [] : [prefecture]
}

/**
 * 介護保険事業所番号 (long-term-care insurance office number, 10 digits; the key of the 介護サービス情報公表 open
 * data). The first two digits are the prefecture (01–47). Shape only: no check digit is defined for it in our
 * sources.
 *
 * @since 0.1.0
 * @category facility identifiers
 * @example
 * ```ts
 * import { CareOfficeNumber } from "@zaitaku/core"
 *
 * CareOfficeNumber.safeParse("0170101950").success // true
 * CareOfficeNumber.safeParse("4870101950").success // false: prefecture 48
 * ```
 */
export const CareOfficeNumber = z.string().superRefine(refineWith(careOfficeNumberProblems)).brand<"CareOfficeNumber">()

/**
 * 介護保険事業所番号 (care office number), branded.
 *
 * @since 0.1.0
 * @category facility identifiers
 * @example
 * ```ts
 * import { CareOfficeNumber } from "@zaitaku/core"
 *
 * const office: CareOfficeNumber = CareOfficeNumber.parse("0270100001")
 * ```
 */
export type CareOfficeNumber = z.infer<typeof CareOfficeNumber>

const iryoNetIdProblems = (input: string): ReadonlyArray<Problem> => {
  const format = digitsProblem(input, 13, "医療情報ネットID", "A 医療情報ネット ID")
  return format === undefined ? [] : [format]
}

/**
 * 医療情報ネット ID (the 13-digit facility ID of the national medical-facility information site, ナビイ). A string:
 * leading zeros are part of the ID. Shape only.
 *
 * @since 0.1.0
 * @category facility identifiers
 * @example
 * ```ts
 * import { IryoNetId } from "@zaitaku/core"
 *
 * IryoNetId.parse("0123456789012") // "0123456789012", the leading zero kept
 * IryoNetId.safeParse(123456789012).success // false: a number is not an ID
 * ```
 */
export const IryoNetId = z.string().superRefine(refineWith(iryoNetIdProblems)).brand<"IryoNetId">()

/**
 * 医療情報ネット ID, branded.
 *
 * @since 0.1.0
 * @category facility identifiers
 * @example
 * ```ts
 * import { IryoNetId } from "@zaitaku/core"
 *
 * const id: IryoNetId = IryoNetId.parse("0100000000001")
 * ```
 */
export type IryoNetId = z.infer<typeof IryoNetId>

// ---------------------------------------------------------------------------------------------------------------
// 電話番号・FAX番号 (phone and fax numbers)
// ---------------------------------------------------------------------------------------------------------------

/** Hyphen-like characters people type in phone numbers (after NFKC): ‐ ‑ ‒ – — ― − ー ｰ. */
const hyphenLike = /[\u2010-\u2015\u2212\u30fc\uff70]/g

const toDisplayForm = (input: string): string => input.normalize("NFKC").replace(hyphenLike, "-").trim()

/**
 * 電話番号の数字 (digits of a phone number): drops everything but ASCII digits (full-width digits are converted
 * first). Use it to compare or deduplicate numbers written in different ways.
 *
 * @since 0.1.0
 * @category phone numbers
 * @example
 * ```ts
 * import { phoneDigits } from "@zaitaku/core"
 *
 * phoneDigits("0178-43-2111") // "0178432111"
 * phoneDigits("（０１７８）４３－２１１１") // "0178432111"
 * ```
 */
export const phoneDigits = (phone: string): string => phone.normalize("NFKC").replace(/[^0-9]/g, "")

const elevenDigitPrefixes = ["020", "050", "070", "080", "090"] as const

const phoneProblems = (input: string): ReadonlyArray<Problem> => {
  const display = toDisplayForm(input)
  if (!/^[0-9()\- ]+$/.test(display)) {
    return [
      {
        code: "phone_format",
        ja: "電話番号に使えるのは数字・ハイフン・括弧・空白だけです（内線は別に記入してください）",
        en: "A phone number may contain only digits, hyphens, parentheses and spaces (put extensions elsewhere)",
      },
    ]
  }
  const digits = phoneDigits(display)
  if (!digits.startsWith("0") || digits.startsWith("00")) {
    return [
      {
        code: "phone_prefix",
        ja: "国内の電話番号は0で始まる番号を市外局番から入力してください（00で始まる番号は使えません）",
        en: "Enter a domestic number with its area code: it must start with 0 (not 00)",
      },
    ]
  }
  if (digits.length !== 10 && digits.length !== 11) {
    return [
      {
        code: "phone_length",
        ja: `電話番号は市外局番から10桁または11桁です（${digits.length}桁が入力されました）`,
        en: `A phone number has 10 or 11 digits including the area code, got ${digits.length}`,
      },
    ]
  }
  if (digits.length === 11 && !digits.startsWith("0800") && !elevenDigitPrefixes.some((p) => digits.startsWith(p))) {
    return [
      {
        code: "phone_length",
        ja: "11桁の電話番号は携帯電話・IP電話（070・080・090・050等）またはフリーダイヤル0800です。桁数を確認してください",
        en: "Only mobile, IP (070, 080, 090, 050 …) and 0800 free-dial numbers have 11 digits; check the number",
      },
    ]
  }
  return []
}

/**
 * 電話番号・FAX番号 (Japanese phone or fax number), kept in its display form: full-width characters are converted
 * (NFKC), hyphen-like characters become `-`, surrounding spaces are trimmed; the grouping the office uses is kept.
 * Valid numbers have 10 digits starting with `0` (fixed lines, `0120` free dial, `0570`), or 11 digits for mobile and
 * IP phones (`070`/`080`/`090`/`050`, and `020`) and `0800` free dial. Compare numbers with {@link phoneDigits}.
 *
 * @since 0.1.0
 * @category phone numbers
 * @example
 * ```ts
 * import { PhoneNumber } from "@zaitaku/core"
 *
 * PhoneNumber.parse("０１７８－４３－２１１１") // "0178-43-2111"
 * PhoneNumber.safeParse("0178-43-211").success // false: 9 digits
 * ```
 */
export const PhoneNumber = z
  .string()
  .superRefine(refineWith(phoneProblems))
  .transform((input) => toDisplayForm(input))
  .brand<"PhoneNumber">()

/**
 * 電話番号・FAX番号 (phone or fax number) in display form, branded.
 *
 * @since 0.1.0
 * @category phone numbers
 * @example
 * ```ts
 * import { PhoneNumber } from "@zaitaku/core"
 *
 * const fax: PhoneNumber = PhoneNumber.parse("0178-43-2112")
 * ```
 */
export type PhoneNumber = z.infer<typeof PhoneNumber>

/**
 * 電話番号の検査 (phone number validation) as a type guard on the raw input (before display normalisation).
 *
 * @since 0.1.0
 * @category phone numbers
 * @example
 * ```ts
 * import { isValidPhoneNumber } from "@zaitaku/core"
 *
 * isValidPhoneNumber("0120-123-456") // true
 * isValidPhoneNumber("info@example.jp") // false
 * ```
 */
export const isValidPhoneNumber = (input: unknown): boolean =>
  typeof input === "string" && phoneProblems(input).length === 0
