/**
 * 全国地方公共団体コード (local government codes) and 地域 (areas): the municipalities, medical areas and
 * partnerships that a 在宅医療・介護連携推進事業 works with.
 *
 * A 全国地方公共団体コード is six digits: a two-digit 都道府県コード (prefecture, 01–47), three digits for the
 * municipality (`000` for the prefecture itself), and a check digit computed from the first five
 * (see {@link checkDigit}). The five-digit form is the JIS X 0401/0402 code without the check digit.
 *
 * Custom zod issues carry an English `message` and `params: { ja, code }`, so `fromZodError` reports them in
 * both languages.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { LocalizedText } from "./Label.js"

const checkDigitWeights = [6, 5, 4, 3, 2] as const

/** The weighted remainder r = Σ wᵢ·dᵢ mod 11 over five ASCII digits (caller checks the format). */
const weightedRemainder = (fiveDigits: string): number => {
  let sum = 0
  for (let i = 0; i < 5; i++) sum += checkDigitWeights[i]! * (fiveDigits.charCodeAt(i) - 48)
  return sum % 11
}

const fiveDigitPattern = /^[0-9]{5}$/
const sixDigitPattern = /^[0-9]{6}$/

/**
 * 検査数字 (check digit) of a 全国地方公共団体コード: weights 6, 5, 4, 3, 2 over the five digits,
 * r = sum mod 11, check digit = (11 − r) mod 10. So r = 1 gives 0, and both r = 0 and r = 10 give 1.
 *
 * @throws RangeError if `fiveDigits` is not exactly five ASCII digits.
 * @since 0.1.0
 * @category check digit
 * @example
 * ```ts
 * import { checkDigit } from "@zaitaku/core"
 *
 * checkDigit("13101") // 6 → 千代田区 is 131016
 * checkDigit("13000") // 1 → 東京都 is 130001
 * ```
 */
export const checkDigit = (fiveDigits: string): number => {
  if (!fiveDigitPattern.test(fiveDigits)) {
    throw new RangeError(`checkDigit expects exactly 5 ASCII digits, got ${JSON.stringify(fiveDigits)}`)
  }
  return (11 - weightedRemainder(fiveDigits)) % 10
}

const prefectureCodeValues = [
  "01",
  "02",
  "03",
  "04",
  "05",
  "06",
  "07",
  "08",
  "09",
  "10",
  "11",
  "12",
  "13",
  "14",
  "15",
  "16",
  "17",
  "18",
  "19",
  "20",
  "21",
  "22",
  "23",
  "24",
  "25",
  "26",
  "27",
  "28",
  "29",
  "30",
  "31",
  "32",
  "33",
  "34",
  "35",
  "36",
  "37",
  "38",
  "39",
  "40",
  "41",
  "42",
  "43",
  "44",
  "45",
  "46",
  "47",
] as const

/**
 * 都道府県コード (prefecture code): the two-digit JIS X 0401 code, "01" (北海道) to "47" (沖縄県).
 *
 * @since 0.1.0
 * @category prefectures
 * @example
 * ```ts
 * import { PrefectureCode } from "@zaitaku/core"
 *
 * PrefectureCode.safeParse("13").success // true  (東京都)
 * PrefectureCode.safeParse("48").success // false
 * ```
 */
export const PrefectureCode = z.enum(prefectureCodeValues)

/**
 * 都道府県コード (prefecture code): `"01"` … `"47"`.
 *
 * @since 0.1.0
 * @category prefectures
 * @example
 * ```ts
 * import type { PrefectureCode } from "@zaitaku/core"
 *
 * const aomori: PrefectureCode = "02"
 * ```
 */
export type PrefectureCode = z.infer<typeof PrefectureCode>

const isPrefecturePart = (twoDigits: string): boolean =>
  (PrefectureCode.options as ReadonlyArray<string>).includes(twoDigits)

interface CodeProblem {
  readonly code: "format" | "prefecture" | "check_digit"
  readonly ja: string
  readonly en: string
}

/** Every reason why `input` is not a 全国地方公共団体コード (empty when it is one). */
const localGovernmentCodeProblems = (input: string): ReadonlyArray<CodeProblem> => {
  if (!sixDigitPattern.test(input)) {
    return [
      input.length !== 6
        ? {
            code: "format",
            ja: `全国地方公共団体コードは6桁の半角数字です（${input.length}文字が入力されました）`,
            en: `A local government code must be exactly 6 digits, got ${input.length} characters`,
          }
        : {
            code: "format",
            ja: "全国地方公共団体コードは6桁の半角数字です（数字以外の文字が含まれています）",
            en: "A local government code must be exactly 6 digits (0-9), got a non-digit character",
          },
    ]
  }
  const problems: Array<CodeProblem> = []
  const prefecturePart = input.slice(0, 2)
  if (!isPrefecturePart(prefecturePart)) {
    problems.push({
      code: "prefecture",
      ja: `先頭2桁の都道府県コードは01〜47です（${prefecturePart}が入力されました）`,
      en: `The first two digits are the prefecture code and must be 01-47, got ${prefecturePart}`,
    })
  }
  const expected = checkDigit(input.slice(0, 5))
  const actual = input.charCodeAt(5) - 48
  if (expected !== actual) {
    problems.push({
      code: "check_digit",
      ja: `検査数字が違います（${input.slice(0, 5)}の検査数字は${expected}ですが、${actual}が入力されました）`,
      en: `Wrong check digit: for ${input.slice(0, 5)} the check digit should be ${expected}, got ${actual}`,
    })
  }
  return problems
}

/**
 * 全国地方公共団体コード (local government code): six digits, prefecture part 01–47, valid check digit.
 * Accepts municipality codes (`131016` 千代田区, `011011` 札幌市中央区) and 都道府県 codes (`PP000K`, e.g.
 * `130001` 東京都). Issues say what is wrong: the length or a non-digit, the prefecture part, or the
 * check digit and what it should be.
 *
 * @since 0.1.0
 * @category local government codes
 * @example
 * ```ts
 * import { LocalGovernmentCode } from "@zaitaku/core"
 *
 * const hachinohe = LocalGovernmentCode.parse("022039")
 * LocalGovernmentCode.safeParse("022038").error?.issues[0]?.message
 * // "Wrong check digit: for 02203 the check digit should be 9, got 8"
 * ```
 */
export const LocalGovernmentCode = z
  .string()
  .superRefine((input, ctx) => {
    for (const problem of localGovernmentCodeProblems(input)) {
      ctx.addIssue({ code: "custom", message: problem.en, params: { ja: problem.ja, code: problem.code }, input })
    }
  })
  .brand<"LocalGovernmentCode">()

/**
 * 全国地方公共団体コード (local government code), branded so that arbitrary strings cannot pass for one.
 *
 * @since 0.1.0
 * @category local government codes
 * @example
 * ```ts
 * import { LocalGovernmentCode } from "@zaitaku/core"
 *
 * const code: LocalGovernmentCode = LocalGovernmentCode.parse("131016")
 * ```
 */
export type LocalGovernmentCode = z.infer<typeof LocalGovernmentCode>

/**
 * 全国地方公共団体コードの検査 (code validation) as a type guard: true for six digits with prefecture part
 * 01–47 and a correct check digit.
 *
 * @since 0.1.0
 * @category local government codes
 * @example
 * ```ts
 * import { isValidLocalGovernmentCode } from "@zaitaku/core"
 *
 * isValidLocalGovernmentCode("011002") // true  (札幌市)
 * isValidLocalGovernmentCode("011003") // false (check digit should be 2)
 * ```
 */
export const isValidLocalGovernmentCode = (s: unknown): s is LocalGovernmentCode =>
  typeof s === "string" && localGovernmentCodeProblems(s).length === 0

/**
 * 5桁→6桁 (five to six digits): appends the check digit to a five-digit JIS code.
 *
 * @throws RangeError if `fiveDigits` is not five ASCII digits or its prefecture part is not 01–47.
 * @since 0.1.0
 * @category local government codes
 * @example
 * ```ts
 * import { toSixDigit } from "@zaitaku/core"
 *
 * toSixDigit("02203") // "022039" (八戸市)
 * ```
 */
export const toSixDigit = (fiveDigits: string): LocalGovernmentCode => {
  if (!fiveDigitPattern.test(fiveDigits)) {
    throw new RangeError(`toSixDigit expects exactly 5 ASCII digits, got ${JSON.stringify(fiveDigits)}`)
  }
  if (!isPrefecturePart(fiveDigits.slice(0, 2))) {
    throw new RangeError(`toSixDigit: prefecture part must be 01-47, got ${fiveDigits.slice(0, 2)}`)
  }
  return `${fiveDigits}${checkDigit(fiveDigits)}` as LocalGovernmentCode
}

/**
 * 6桁→5桁 (six to five digits): drops the check digit, giving the JIS X 0401/0402 code used by many
 * statistics tables.
 *
 * @since 0.1.0
 * @category local government codes
 * @example
 * ```ts
 * import { LocalGovernmentCode, toFiveDigit } from "@zaitaku/core"
 *
 * toFiveDigit(LocalGovernmentCode.parse("131016")) // "13101"
 * ```
 */
export const toFiveDigit = (code: LocalGovernmentCode): string => code.slice(0, 5)

/**
 * 都道府県コード (prefecture code) of a local government code: its first two digits.
 *
 * @since 0.1.0
 * @category local government codes
 * @example
 * ```ts
 * import { LocalGovernmentCode, prefectureOf } from "@zaitaku/core"
 *
 * prefectureOf(LocalGovernmentCode.parse("022039")) // "02" (青森県)
 * ```
 */
export const prefectureOf = (code: LocalGovernmentCode): PrefectureCode => code.slice(0, 2) as PrefectureCode

/**
 * 都道府県の団体コードか (is it a prefecture's code): true when the municipality part is `000`, i.e. the code
 * names a 都道府県 itself (`PP000K`) rather than a 市区町村.
 *
 * @since 0.1.0
 * @category local government codes
 * @example
 * ```ts
 * import { LocalGovernmentCode, isPrefectureCode } from "@zaitaku/core"
 *
 * isPrefectureCode(LocalGovernmentCode.parse("130001")) // true  (東京都)
 * isPrefectureCode(LocalGovernmentCode.parse("131016")) // false (千代田区)
 * ```
 */
export const isPrefectureCode = (code: LocalGovernmentCode): boolean => code.slice(2, 5) === "000"

/**
 * 都道府県 (prefecture): its two-digit code, name, and six-digit 全国地方公共団体コード.
 *
 * @since 0.1.0
 * @category prefectures
 * @example
 * ```ts
 * import { Prefecture } from "@zaitaku/core"
 *
 * Prefecture.parse({ code: "02", name: { ja: "青森県", en: "Aomori" }, localGovernmentCode: "020001" })
 * ```
 */
export const Prefecture = z.object({
  code: PrefectureCode,
  name: LocalizedText,
  localGovernmentCode: LocalGovernmentCode,
})

/**
 * 都道府県 (prefecture).
 *
 * @since 0.1.0
 * @category prefectures
 * @example
 * ```ts
 * import { type Prefecture, prefectures } from "@zaitaku/core"
 *
 * const tokyo: Prefecture | undefined = prefectures.find((p) => p.code === "13")
 * ```
 */
export type Prefecture = z.infer<typeof Prefecture>

const prefecture = (code: PrefectureCode, ja: string, en: string, localGovernmentCode: string): Prefecture => ({
  code,
  name: { ja, en },
  localGovernmentCode: localGovernmentCode as LocalGovernmentCode,
})

/**
 * 都道府県一覧 (the 47 prefectures) in JIS X 0401 order, 北海道 (01) to 沖縄県 (47).
 *
 * @since 0.1.0
 * @category prefectures
 * @example
 * ```ts
 * import { prefectures } from "@zaitaku/core"
 *
 * prefectures[12] // { code: "13", name: { ja: "東京都", en: "Tokyo" }, localGovernmentCode: "130001" }
 * ```
 */
export const prefectures: ReadonlyArray<Prefecture> = [
  prefecture("01", "北海道", "Hokkaido", "010006"),
  prefecture("02", "青森県", "Aomori", "020001"),
  prefecture("03", "岩手県", "Iwate", "030007"),
  prefecture("04", "宮城県", "Miyagi", "040002"),
  prefecture("05", "秋田県", "Akita", "050008"),
  prefecture("06", "山形県", "Yamagata", "060003"),
  prefecture("07", "福島県", "Fukushima", "070009"),
  prefecture("08", "茨城県", "Ibaraki", "080004"),
  prefecture("09", "栃木県", "Tochigi", "090000"),
  prefecture("10", "群馬県", "Gunma", "100005"),
  prefecture("11", "埼玉県", "Saitama", "110001"),
  prefecture("12", "千葉県", "Chiba", "120006"),
  prefecture("13", "東京都", "Tokyo", "130001"),
  prefecture("14", "神奈川県", "Kanagawa", "140007"),
  prefecture("15", "新潟県", "Niigata", "150002"),
  prefecture("16", "富山県", "Toyama", "160008"),
  prefecture("17", "石川県", "Ishikawa", "170003"),
  prefecture("18", "福井県", "Fukui", "180009"),
  prefecture("19", "山梨県", "Yamanashi", "190004"),
  prefecture("20", "長野県", "Nagano", "200000"),
  prefecture("21", "岐阜県", "Gifu", "210005"),
  prefecture("22", "静岡県", "Shizuoka", "220001"),
  prefecture("23", "愛知県", "Aichi", "230006"),
  prefecture("24", "三重県", "Mie", "240001"),
  prefecture("25", "滋賀県", "Shiga", "250007"),
  prefecture("26", "京都府", "Kyoto", "260002"),
  prefecture("27", "大阪府", "Osaka", "270008"),
  prefecture("28", "兵庫県", "Hyogo", "280003"),
  prefecture("29", "奈良県", "Nara", "290009"),
  prefecture("30", "和歌山県", "Wakayama", "300004"),
  prefecture("31", "鳥取県", "Tottori", "310000"),
  prefecture("32", "島根県", "Shimane", "320005"),
  prefecture("33", "岡山県", "Okayama", "330001"),
  prefecture("34", "広島県", "Hiroshima", "340006"),
  prefecture("35", "山口県", "Yamaguchi", "350001"),
  prefecture("36", "徳島県", "Tokushima", "360007"),
  prefecture("37", "香川県", "Kagawa", "370002"),
  prefecture("38", "愛媛県", "Ehime", "380008"),
  prefecture("39", "高知県", "Kochi", "390003"),
  prefecture("40", "福岡県", "Fukuoka", "400009"),
  prefecture("41", "佐賀県", "Saga", "410004"),
  prefecture("42", "長崎県", "Nagasaki", "420000"),
  prefecture("43", "熊本県", "Kumamoto", "430005"),
  prefecture("44", "大分県", "Oita", "440001"),
  prefecture("45", "宮崎県", "Miyazaki", "450006"),
  prefecture("46", "鹿児島県", "Kagoshima", "460001"),
  prefecture("47", "沖縄県", "Okinawa", "470007"),
]

/**
 * 都道府県名 (prefecture name) for a two-digit prefecture code.
 *
 * @since 0.1.0
 * @category prefectures
 * @example
 * ```ts
 * import { prefectureName } from "@zaitaku/core"
 *
 * prefectureName("02") // { ja: "青森県", en: "Aomori" }
 * ```
 */
export const prefectureName = (code: PrefectureCode): LocalizedText => prefectures[Number(code) - 1]!.name

/**
 * 地域の種類 (area kind): 市区町村, 二次医療圏, 保健所管轄区域, 郡市区医師会 (the district of a local medical
 * association), 日常生活圏域, 広域連携 (a partnership of several municipalities).
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { AreaKind } from "@zaitaku/core"
 *
 * AreaKind.parse("secondary_medical_area")
 * ```
 */
export const AreaKind = z.enum([
  "municipality",
  "secondary_medical_area",
  "health_center_district",
  "medical_association_district",
  "daily_life_area",
  "wide_area_partnership",
])

/**
 * 地域の種類 (area kind).
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import type { AreaKind } from "@zaitaku/core"
 *
 * const kind: AreaKind = "daily_life_area"
 * ```
 */
export type AreaKind = z.infer<typeof AreaKind>

/**
 * 地域の種類の表示名 (area kind labels).
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { areaKindLabels } from "@zaitaku/core"
 *
 * areaKindLabels.secondary_medical_area.ja // "二次医療圏"
 * ```
 */
export const areaKindLabels: Readonly<Record<AreaKind, LocalizedText>> = {
  municipality: { ja: "市区町村", en: "Municipality" },
  secondary_medical_area: { ja: "二次医療圏", en: "Secondary medical area" },
  health_center_district: { ja: "保健所管轄区域", en: "Health center district" },
  medical_association_district: { ja: "郡市区医師会", en: "Medical association district" },
  daily_life_area: { ja: "日常生活圏域", en: "Daily life area" },
  wide_area_partnership: { ja: "広域連携", en: "Wide-area partnership" },
}

/**
 * 地域 (area): a named area of one kind and the municipalities it covers.
 *
 * - `code`: 1–32 characters; for kind `municipality` it must be the municipality's 全国地方公共団体コード
 *   (a 都道府県 code such as `130001` is rejected there).
 * - `members`: the 市区町村 in the area, each listed once.
 * - `parentCode`: the code of the enclosing area, if any (e.g. the 二次医療圏 of a 日常生活圏域).
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { Area } from "@zaitaku/core"
 *
 * const hachinoheArea = Area.parse({
 *   kind: "secondary_medical_area",
 *   code: "hachinohe",
 *   name: { ja: "八戸地域", en: "Hachinohe area" },
 *   members: ["022039", "024414", "024422", "024431", "024457", "024465", "024503", "024121"],
 * })
 * ```
 */
export const Area = z
  .object({
    kind: AreaKind,
    code: z.string().min(1).max(32),
    name: LocalizedText,
    members: z.array(LocalGovernmentCode),
    parentCode: z.string().min(1).max(32).optional(),
  })
  .superRefine((area, ctx) => {
    if (area.kind === "municipality") {
      const problems = localGovernmentCodeProblems(area.code)
      for (const problem of problems) {
        ctx.addIssue({
          code: "custom",
          path: ["code"],
          message: `The code of a municipality area must be its local government code: ${problem.en}`,
          params: { ja: `市区町村の地域コードは全国地方公共団体コードです：${problem.ja}`, code: problem.code },
          input: area.code,
        })
      }
      if (problems.length === 0 && area.code.slice(2, 5) === "000") {
        ctx.addIssue({
          code: "custom",
          path: ["code"],
          message: `The code of a municipality area must name a municipality, but ${area.code} is a prefecture's code`,
          params: {
            ja: `${area.code}は都道府県のコードです。市区町村のコードを入力してください`,
            code: "not_municipality",
          },
          input: area.code,
        })
      }
    }
    const firstIndex = new Map<string, number>()
    area.members.forEach((member, index) => {
      const first = firstIndex.get(member)
      if (first === undefined) {
        firstIndex.set(member, index)
        return
      }
      ctx.addIssue({
        code: "custom",
        path: ["members", index],
        message: `Duplicate member ${member}: each municipality may be listed once (already at members[${first}])`,
        params: { ja: `構成市区町村${member}が重複しています（${first + 1}番目と同じです）`, code: "duplicate" },
        input: member,
      })
    })
  })

/**
 * 地域 (area).
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import type { Area, LocalGovernmentCode } from "@zaitaku/core"
 *
 * const memberCount = (area: Area): number => area.members.length
 * ```
 */
export type Area = z.infer<typeof Area>

/**
 * 市区町村 (municipality): a 全国地方公共団体コード and its name.
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import { Municipality } from "@zaitaku/core"
 *
 * Municipality.parse({ code: "022039", name: { ja: "八戸市", en: "Hachinohe City" } })
 * ```
 */
export const Municipality = z.object({ code: LocalGovernmentCode, name: LocalizedText })

/**
 * 市区町村 (municipality).
 *
 * @since 0.1.0
 * @category areas
 * @example
 * ```ts
 * import type { Municipality } from "@zaitaku/core"
 *
 * const nameOf = (m: Municipality): string => m.name.ja
 * ```
 */
export type Municipality = z.infer<typeof Municipality>

const municipality = (code: string, ja: string, en: string): Municipality => ({
  code: code as LocalGovernmentCode,
  name: { ja, en },
})

/**
 * 八戸圏域の市町村 (the municipalities of the Hachinohe area): 八戸市 and the seven towns and village around it
 * in 青森県, a real sample for examples and tests.
 *
 * @since 0.1.0
 * @category sample data
 * @example
 * ```ts
 * import { hachinoheAreaMunicipalities } from "@zaitaku/core"
 *
 * hachinoheAreaMunicipalities.map((m) => m.code) // ["022039", "024414", …]
 * ```
 */
export const hachinoheAreaMunicipalities: ReadonlyArray<Municipality> = [
  municipality("022039", "八戸市", "Hachinohe City"),
  municipality("024414", "三戸町", "Sannohe Town"),
  municipality("024422", "五戸町", "Gonohe Town"),
  municipality("024431", "田子町", "Takko Town"),
  municipality("024457", "南部町", "Nanbu Town"),
  municipality("024465", "階上町", "Hashikami Town"),
  municipality("024503", "新郷村", "Shingo Village"),
  municipality("024121", "おいらせ町", "Oirase Town"),
]
