/**
 * 選択肢・コード表 (code lists): the value sets of the standard sheets, as data with Japanese and English labels
 * and the source each list was taken from.
 *
 * A list or a concept whose wording could not be checked against a primary source carries an `unconfirmed`
 * note saying what to check; nothing in this file is presented as verified when it was not. The evidence behind
 * each list is in `shared/domain/REFERENCE.md` §3 (grades: official, secondary, inference).
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { addLocalizedIssue } from "./Decode.js"
import { LocalizedText } from "./Label.js"

// ---------------------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------------------

/**
 * 出典の確度 (evidence grade) of a source: `official` (an MHLW, prefecture or municipality document, also when
 * read through a mirror), `secondary` (an association, a commercial explainer), `inference` (our own reading,
 * not verified).
 *
 * @since 0.1.0
 * @category sources
 * @example
 * ```ts
 * import { EvidenceGrade } from "@zaitaku/core"
 *
 * EvidenceGrade.parse("official")
 * ```
 */
export const EvidenceGrade = z.enum(["official", "secondary", "inference"])

/**
 * 出典の確度 (evidence grade).
 *
 * @since 0.1.0
 * @category sources
 * @example
 * ```ts
 * import type { EvidenceGrade } from "@zaitaku/core"
 *
 * const grade: EvidenceGrade = "inference"
 * ```
 */
export type EvidenceGrade = z.infer<typeof EvidenceGrade>

/**
 * 出典 (source citation): where a code list or a form's wording comes from. `id` lets form items point at the
 * source of their wording.
 *
 * @since 0.1.0
 * @category sources
 * @example
 * ```ts
 * import { SourceCitation } from "@zaitaku/core"
 *
 * SourceCitation.parse({
 *   id: "atsugi-common-forms",
 *   title: "厚木市・愛川町・清川村 共通書式",
 *   url: "https://www.city.atsugi.kanagawa.jp/iryo_fukushi/kaigohoken/4/6/19945.html",
 *   grade: "official",
 * })
 * ```
 */
export const SourceCitation = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, "A source id uses lower-case letters, digits, _ . -")
    .max(64)
    .optional(),
  title: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }).optional(),
  grade: EvidenceGrade,
  note: z.string().min(1).optional(),
})

/**
 * 出典 (source citation).
 *
 * @since 0.1.0
 * @category sources
 * @example
 * ```ts
 * import type { SourceCitation } from "@zaitaku/core"
 *
 * const seed: SourceCitation = { title: "愛川町 多職種研修会 申込書（令和7年度）", grade: "official" }
 * ```
 */
export type SourceCitation = z.infer<typeof SourceCitation>

// ---------------------------------------------------------------------------------------------------------------
// Code lists
// ---------------------------------------------------------------------------------------------------------------

const codePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/

/**
 * コード表のID (code list id): lower-case letters, digits, `_`, `.` and `-`, e.g. `assistance_level`.
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import { CodeListId } from "@zaitaku/core"
 *
 * CodeListId.safeParse("assistance_level").success // true
 * CodeListId.safeParse("ADL 区分").success // false
 * ```
 */
export const CodeListId = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9_.-]*$/, "A code list id starts with a lower-case letter and uses a-z, 0-9, _ . -")

/**
 * コード表のID (code list id).
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import type { CodeListId } from "@zaitaku/core"
 *
 * const id: CodeListId = "care_need_level"
 * ```
 */
export type CodeListId = z.infer<typeof CodeListId>

/**
 * 選択肢 (concept): one code of a list, its labels, an optional description, and an `unconfirmed` note when its
 * wording was not checked against a primary source.
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import { CodeListConcept } from "@zaitaku/core"
 *
 * CodeListConcept.parse({ code: "supervision", label: { ja: "見守り", en: "Supervision" } })
 * ```
 */
export const CodeListConcept = z.object({
  code: z.string().max(64).regex(codePattern, "A code uses letters, digits, _ . - and starts with a letter or digit"),
  label: LocalizedText,
  description: LocalizedText.optional(),
  unconfirmed: z.string().min(1).optional(),
})

/**
 * 選択肢 (concept).
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import type { CodeListConcept } from "@zaitaku/core"
 *
 * const rank: CodeListConcept = { code: "J1", label: { ja: "J1", en: "Rank J1" } }
 * ```
 */
export type CodeListConcept = z.infer<typeof CodeListConcept>

/**
 * コード表 (code list): an identified, sourced list of concepts with unique codes, in display order.
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import { CodeList } from "@zaitaku/core"
 *
 * CodeList.parse({
 *   id: "presence",
 *   title: { ja: "有無", en: "Presence" },
 *   source: { title: "介護情報に係る様式の例", grade: "official" },
 *   concepts: [
 *     { code: "absent", label: { ja: "なし", en: "No" } },
 *     { code: "present", label: { ja: "あり", en: "Yes" } },
 *   ],
 * })
 * ```
 */
export const CodeList = z
  .object({
    id: CodeListId,
    title: LocalizedText,
    source: SourceCitation,
    concepts: z.array(CodeListConcept).min(1),
    unconfirmed: z.string().min(1).optional(),
  })
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>()
    list.concepts.forEach((concept, index) => {
      const first = seen.get(concept.code)
      if (first === undefined) {
        seen.set(concept.code, index)
        return
      }
      addLocalizedIssue(
        ctx,
        ["concepts", index, "code"],
        `コード「${concept.code}」が重複しています（${first + 1}番目と同じです）`,
        `Duplicate code "${concept.code}" (already at concepts[${first}])`,
        "duplicate_code",
      )
    })
  })

/**
 * コード表 (code list).
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import type { CodeList } from "@zaitaku/core"
 *
 * const codes = (list: CodeList): ReadonlyArray<string> => list.concepts.map((c) => c.code)
 * ```
 */
export type CodeList = z.infer<typeof CodeList>

/**
 * 表示名を引く (look up a label): the label of a code in a list, or `undefined` when the code is not in it.
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import { codeListLabel, findStandardCodeList } from "@zaitaku/core"
 *
 * codeListLabel(findStandardCodeList("assistance_level")!, "supervision")?.ja // "見守り"
 * ```
 */
export const codeListLabel = (list: CodeList, code: string): LocalizedText | undefined =>
  list.concepts.find((concept) => concept.code === code)?.label

// ---------------------------------------------------------------------------------------------------------------
// Sources of the standard lists (REFERENCE.md §3)
// ---------------------------------------------------------------------------------------------------------------

const mhlwSection7: SourceCitation = {
  id: "mhlw-admission-sample-section7",
  title:
    "厚生労働省 介護情報利活用WG 第1回 参考資料4「介護情報に係る様式の例」p.36 入院時情報提供書 7. 身体・生活機能の状況／療養生活上の課題について",
  url: "https://wic-net.com/material/document/4727/36",
  grade: "official",
  note: "Read through the wic-net.com page mirror (OCR); original at https://www.mhlw.go.jp/stf/shingi2/0000198094_00053.html",
}

const dischargeReferral: SourceCitation = {
  id: "mhlw-discharge-referral",
  title: "診療報酬 様式「指定居宅介護支援事業所向け診療情報提供書（退院時）」",
  url: "https://wic-net.com/material/document/13626/31",
  grade: "official",
  note: "Read through the wic-net.com page mirror (OCR).",
}

const dischargeCoordinationSheet: SourceCitation = {
  id: "discharge-coordination-sheet-2017",
  title: "退院調整共有情報シート（病院 ⇒ 居宅介護支援事業所、2017年 地域の様式2）",
  url: "https://expydoc.com/doc/12058286/",
  grade: "official",
  note: "A regional sheet read through a document-sharing mirror.",
}

const informationSharingSheet: SourceCitation = {
  id: "care-information-sharing-sheet",
  title: "「医療と介護の情報連携シート」（診療所の様式2）",
  url: "https://expydoc.com/doc/8225996/",
  grade: "official",
  note: "A clinic's sheet read through a document-sharing mirror; its item list continues beyond what was read.",
}

const tochigiSheet: SourceCitation = {
  id: "tochigi-common-sheet-v3",
  title: "栃木県「入退院共通連携シート Ver.3」（入退院共通連携シート作成委員会）",
  url: "http://tcma.jp/news/",
  grade: "official",
}

const atsugiForms: SourceCitation = {
  id: "atsugi-common-forms",
  title: "厚木市・愛川町・清川村 共通書式1「医師とケアマネジャーとの連絡票」・共通書式2",
  url: "https://www.city.atsugi.kanagawa.jp/iryo_fukushi/kaigohoken/4/6/19945.html",
  grade: "official",
}

const aikawaTraining: SourceCitation = {
  id: "aikawa-training-application-r7",
  title: "愛川町在宅医療・介護連携推進協議会 令和7年度 多職種研修会 申込書",
  grade: "official",
  note: "Zaitaku seed document 002 (愛川町 section).",
}

const emergencyKit: SourceCitation = {
  id: "emergency-kit-municipal-pages",
  title: "救急医療情報キット（本庄市・松阪市・鳥取県南部町・五城目町・吹田市の案内）",
  url: "http://www.city.honjo.lg.jp/kenko_fukushi_iryo/fukushi/chiikifukushi/21298.html",
  grade: "official",
}

const careInsuranceLaw: SourceCitation = {
  id: "care-insurance-law",
  title: "介護保険法に基づく要介護状態区分・要支援状態区分（要介護認定）",
  grade: "official",
  note: "Statutory categories; the sheets in REFERENCE.md §3.2–3.3 ask for them (要支援/要介護, 要介護状態区分).",
}

const inference = (title: string): SourceCitation => ({ title, grade: "inference" })

type ConceptRow = readonly [code: string, ja: string, en: string, unconfirmed?: string]

const list = (
  id: string,
  ja: string,
  en: string,
  source: SourceCitation,
  rows: ReadonlyArray<ConceptRow>,
  unconfirmed?: string,
): CodeList => ({
  id,
  title: { ja, en },
  source,
  concepts: rows.map(([code, conceptJa, conceptEn, note]) =>
    note === undefined
      ? { code, label: { ja: conceptJa, en: conceptEn } }
      : { code, label: { ja: conceptJa, en: conceptEn }, unconfirmed: note },
  ),
  ...(unconfirmed === undefined ? {} : { unconfirmed }),
})

// ---------------------------------------------------------------------------------------------------------------
// The standard lists
// ---------------------------------------------------------------------------------------------------------------

/**
 * 標準コード表 (the standard code lists) used by the templates in `formTemplates`, each with its source. A
 * definition refers to one by `answerCodeList: "<id>"`; it may also contain lists of its own.
 *
 * Lists and their ids:
 * - 介助の程度 `assistance_level` (自立／見守り／一部介助／全介助), 麻痺 `paralysis_severity`, `presence` (なし／あり),
 *   `presence_unknown` (あり／なし／不明), 移動 `mobility_aid`, 食事形態 `meal_form`, 摂取方法 `intake_method`,
 *   嚥下機能 `swallowing`, 義歯 `denture`, 口腔清潔 `oral_hygiene`, ポータブルトイレ `portable_toilet` — the
 *   verbatim section 7 of the MHLW 入院時情報提供書;
 * - 障害高齢者の日常生活自立度 `disability_independence` (自立, J1…C2), 認知症高齢者の日常生活自立度
 *   `dementia_independence` (自立, Ⅰ…M), 摂食方法 `eating_method`, 主食 `staple_food_form`;
 * - 要介護度 `care_need_level`, 介護認定の状況 `care_certification_status`, 性別 `sex`;
 * - 職種 `profession`, 聞いてみたい職種 `profession_group`;
 * - the other lists of the information-sharing, discharge and emergency-kit sheets.
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import { standardCodeLists } from "@zaitaku/core"
 *
 * standardCodeLists.find((l) => l.id === "dementia_independence")?.concepts.map((c) => c.label.ja)
 * // ["自立", "Ⅰ", "Ⅱa", "Ⅱb", "Ⅲa", "Ⅲb", "Ⅳ", "M"]
 * ```
 */
export const standardCodeLists: ReadonlyArray<CodeList> = [
  // --- 入院時情報提供書 section 7 (verbatim) -------------------------------------------------------------------
  list("assistance_level", "介助の程度", "Level of assistance", mhlwSection7, [
    ["independent", "自立", "Independent"],
    ["supervision", "見守り", "Supervision"],
    ["partial_assistance", "一部介助", "Partial assistance"],
    ["full_assistance", "全介助", "Full assistance"],
  ]),
  list("paralysis_severity", "麻痺の状況", "Paralysis", mhlwSection7, [
    ["none", "なし", "None"],
    ["mild", "軽度", "Mild"],
    ["moderate", "中度", "Moderate"],
    ["severe", "重度", "Severe"],
  ]),
  list("presence", "有無", "Presence", mhlwSection7, [
    ["absent", "なし", "No"],
    ["present", "あり", "Yes"],
  ]),
  list("presence_unknown", "有無（不明を含む）", "Presence, or unknown", mhlwSection7, [
    ["present", "あり", "Yes"],
    ["absent", "なし", "No"],
    ["unknown", "不明", "Unknown"],
  ]),
  list("mobility_aid", "移動の方法", "Mobility aid", mhlwSection7, [
    ["cane", "杖", "Cane"],
    ["walker", "歩行器", "Walker"],
    ["wheelchair", "車いす", "Wheelchair"],
    ["other", "その他", "Other"],
  ]),
  list("meal_form", "食事形態", "Meal texture", mhlwSection7, [
    ["regular", "普通", "Regular"],
    ["minced", "きざみ", "Minced"],
    ["dysphagia_diet", "嚥下障害食", "Dysphagia diet"],
    ["blended", "ミキサー", "Blended"],
  ]),
  list("intake_method", "摂取方法", "Intake method", mhlwSection7, [
    ["oral", "経口", "Oral"],
    ["tube_feeding", "経管栄養", "Tube feeding"],
  ]),
  list("swallowing", "嚥下機能", "Swallowing", mhlwSection7, [
    ["no_choking", "むせない", "Does not choke"],
    ["sometimes_chokes", "時々むせる", "Sometimes chokes"],
    ["always_chokes", "常にむせる", "Always chokes"],
  ]),
  list("denture", "義歯", "Dentures", mhlwSection7, [
    ["none", "なし", "None"],
    ["partial", "あり（部分）", "Partial"],
    ["full", "あり（総）", "Full"],
  ]),
  list("oral_hygiene", "口腔清潔", "Oral hygiene", mhlwSection7, [
    ["good", "良", "Good"],
    ["poor", "不良", "Poor"],
    ["very_poor", "著しく不良", "Very poor"],
  ]),
  list("portable_toilet", "ポータブルトイレ", "Portable toilet", mhlwSection7, [
    ["none", "なし", "None"],
    ["night", "夜間", "At night"],
    ["always", "常時", "Always"],
  ]),
  list(
    "udf_category",
    "ユニバーサルデザインフード区分",
    "Universal Design Food category",
    {
      title: "日本介護食品協議会 ユニバーサルデザインフード（UDF）区分",
      url: "https://www.udf.jp/",
      grade: "secondary",
    },
    [
      ["udf1", "区分1 容易にかめる", "Category 1: easy to chew"],
      ["udf2", "区分2 歯ぐきでつぶせる", "Category 2: can be mashed with the gums"],
      ["udf3", "区分3 舌でつぶせる", "Category 3: can be mashed with the tongue"],
      ["udf4", "区分4 かまなくてよい", "Category 4: no chewing needed"],
    ],
    "The MHLW sheet asks for 「UDF等の食形態区分」 without listing values; these four UDF categories are not in REFERENCE.md and were not checked against udf.jp.",
  ),
  // --- 日常生活自立度 (診療情報提供書（退院時）) -----------------------------------------------------------------
  list(
    "disability_independence",
    "障害高齢者の日常生活自立度（寝たきり度）",
    "Daily-living independence of elderly people with disabilities",
    dischargeReferral,
    [
      ["independent", "自立", "Independent"],
      ["J1", "J1", "Rank J1"],
      ["J2", "J2", "Rank J2"],
      ["A1", "A1", "Rank A1"],
      ["A2", "A2", "Rank A2"],
      ["B1", "B1", "Rank B1"],
      ["B2", "B2", "Rank B2"],
      ["C1", "C1", "Rank C1"],
      ["C2", "C2", "Rank C2"],
    ],
  ),
  list(
    "dementia_independence",
    "認知症高齢者の日常生活自立度",
    "Daily-living independence of elderly people with dementia",
    dischargeReferral,
    [
      ["independent", "自立", "Independent"],
      ["I", "Ⅰ", "Rank I"],
      ["IIa", "Ⅱa", "Rank IIa"],
      ["IIb", "Ⅱb", "Rank IIb"],
      ["IIIa", "Ⅲa", "Rank IIIa"],
      ["IIIb", "Ⅲb", "Rank IIIb"],
      ["IV", "Ⅳ", "Rank IV"],
      ["M", "M", "Rank M"],
    ],
  ),
  list("eating_method", "摂食方法", "Eating method", dischargeReferral, [
    ["oral", "経口", "Oral"],
    ["tube_feeding", "経管栄養", "Tube feeding"],
    ["parenteral", "静脈栄養", "Parenteral nutrition"],
  ]),
  list(
    "staple_food_form",
    "食形態（主食）",
    "Staple food texture",
    dischargeReferral,
    [
      ["rice", "米飯", "Steamed rice"],
      ["soft_rice", "軟飯", "Soft rice"],
      ["rice_porridge", "全粥", "Rice porridge"],
    ],
    "The source list continues after 全粥 (REFERENCE.md §3.2); only the first three values are confirmed. Use it as an open choice.",
  ),
  // --- 要介護度・介護認定 --------------------------------------------------------------------------------------------
  list("care_need_level", "要介護度（要介護状態区分等）", "Care need level", careInsuranceLaw, [
    ["not_applicable", "非該当（自立）", "Not eligible (independent)"],
    ["support_1", "要支援1", "Support level 1"],
    ["support_2", "要支援2", "Support level 2"],
    ["care_1", "要介護1", "Care level 1"],
    ["care_2", "要介護2", "Care level 2"],
    ["care_3", "要介護3", "Care level 3"],
    ["care_4", "要介護4", "Care level 4"],
    ["care_5", "要介護5", "Care level 5"],
  ]),
  list("care_certification_status", "介護認定の状況", "Care-need certification status", dischargeCoordinationSheet, [
    ["none", "無", "None"],
    ["not_applied", "未申請", "Not applied for"],
    ["pending", "申請中", "Application pending"],
    ["change_pending", "区分変更", "Change of level applied for"],
    ["certified", "有", "Certified"],
  ]),
  list("sex", "性別", "Sex", { ...dischargeReferral, note: "The sheets ask for 性別 (男・女)." }, [
    ["male", "男", "Male"],
    ["female", "女", "Female"],
  ]),
  // --- 職種 -------------------------------------------------------------------------------------------------------
  list(
    "profession",
    "職種",
    "Profession",
    inference("医療・介護の主な職種（国家資格・職名）"),
    [
      ["doctor", "医師", "Doctor"],
      ["dentist", "歯科医師", "Dentist"],
      ["pharmacist", "薬剤師", "Pharmacist"],
      ["public_health_nurse", "保健師", "Public health nurse"],
      ["nurse", "看護師", "Nurse"],
      ["assistant_nurse", "准看護師", "Assistant nurse"],
      ["physical_therapist", "理学療法士", "Physical therapist"],
      ["occupational_therapist", "作業療法士", "Occupational therapist"],
      ["speech_therapist", "言語聴覚士", "Speech-language-hearing therapist"],
      ["registered_dietitian", "管理栄養士", "Registered dietitian"],
      ["dietitian", "栄養士", "Dietitian"],
      ["dental_hygienist", "歯科衛生士", "Dental hygienist"],
      ["care_manager", "介護支援専門員（ケアマネジャー）", "Care manager"],
      ["social_worker", "社会福祉士", "Certified social worker"],
      ["psychiatric_social_worker", "精神保健福祉士", "Psychiatric social worker"],
      ["medical_social_worker", "医療ソーシャルワーカー（MSW）", "Medical social worker"],
      ["certified_care_worker", "介護福祉士", "Certified care worker"],
      ["care_worker", "介護職員（訪問介護員等）", "Care worker (home helper and others)"],
      ["life_counselor", "生活相談員", "Life counselor"],
      ["welfare_equipment_consultant", "福祉用具専門相談員", "Welfare equipment consultant"],
      ["administrative_staff", "事務職員", "Administrative staff"],
      ["municipal_staff", "行政職員", "Municipal staff"],
      ["other", "その他", "Other"],
    ],
    "Compiled for Zaitaku from common profession names; no single official list was used. Use it as an open choice.",
  ),
  list("profession_group", "職種（分類）", "Profession group", aikawaTraining, [
    ["doctor", "医師", "Doctor"],
    ["dentist", "歯科医師", "Dentist"],
    ["pharmacist", "薬剤師", "Pharmacist"],
    ["nursing", "看護職", "Nursing"],
    ["care", "介護職", "Care work"],
    ["rehabilitation", "リハ職", "Rehabilitation"],
    ["other", "その他", "Other"],
  ]),
  // --- 医師とケアマネジャーの連絡票 -------------------------------------------------------------------------------
  list("doctor_care_manager_enquiry_purpose", "照会目的", "Purpose of the enquiry", atsugiForms, [
    [
      "care_plan_medical_opinion",
      "新規・更新・区分変更後のケアプラン作成時の医学的意見について",
      "Medical opinion for a care plan after a new certification, a renewal or a change of level",
    ],
    ["care_plan_draft_opinion", "ケアプラン原案への意見について", "Opinion on the draft care plan"],
    [
      "service_meeting",
      "サービス担当者会議開催の連絡、専門的な見地からの意見の確認について",
      "Notice of a service staff meeting, and the doctor's professional opinion",
    ],
    ["medication", "服薬状況等について", "Medication and how it is taken"],
    [
      "welfare_equipment",
      "福祉用具貸与（購入）について、医師からの意見・相談など",
      "Welfare equipment rental (purchase): the doctor's opinion or advice",
    ],
    ["user_condition", "利用者の状況についての相談", "Consultation about the user's condition"],
    ["greeting", "担当ケアマネジャーになった挨拶", "Greeting from the newly assigned care manager"],
    ["other", "その他", "Other"],
  ]),
  list(
    "information_provision_means",
    "情報提供の方法",
    "Means of providing the information",
    inference("入院時情報連携加算の記録事項（提供の日時・場所・内容・手段）に基づく選択肢"),
    [
      ["in_person", "面談", "In person"],
      ["phone", "電話", "Phone"],
      ["fax", "FAX", "Fax"],
      ["email", "メール", "Email"],
      ["mail", "郵送", "Mail"],
      ["ict", "ICT（情報共有システム）", "ICT (information-sharing system)"],
      ["other", "その他", "Other"],
    ],
    "The need to record the means is documented (ANCHORS.md §2.9, 清瀬市); the list of means is ours.",
  ),
  // --- 入退院の地域様式 ------------------------------------------------------------------------------------------
  list("housing_type", "住居の種類", "Type of housing", tochigiSheet, [
    ["detached", "戸建て", "Detached house"],
    ["apartment", "集合住宅", "Apartment building"],
  ]),
  list("disability_certificate_kind", "障害者認定", "Disability certification", tochigiSheet, [
    ["physical", "身体", "Physical"],
    ["mental", "精神", "Mental"],
    ["intellectual", "知的", "Intellectual"],
  ]),
  list("living_arrangement", "独居・同居", "Living arrangement", dischargeCoordinationSheet, [
    ["alone", "独居", "Lives alone"],
    ["with_others", "同居", "Lives with others"],
  ]),
  list("desired_service", "希望する福祉サービス", "Desired welfare services", dischargeCoordinationSheet, [
    ["home_help", "訪問介護", "Home-visit care"],
    ["day_rehabilitation", "通所リハ", "Day rehabilitation"],
    ["home_nursing", "訪問看護", "Home-visit nursing"],
    ["short_stay", "短期入所", "Short stay"],
    ["home_bathing", "訪問入浴", "Home-visit bathing"],
    ["home_rehabilitation", "訪問リハ", "Home-visit rehabilitation"],
    ["day_service", "通所介護", "Day care service"],
    ["home_medical_visits", "訪問診療（かかりつけ医）", "Home medical visits (family doctor)"],
    ["meal_delivery", "宅配食", "Meal delivery"],
    ["bed", "ベッド", "Care bed"],
    ["air_mattress", "エアーマット", "Air mattress"],
    ["wheelchair", "車いす", "Wheelchair"],
    ["portable_toilet", "ポータブルトイレ", "Portable toilet"],
    ["other_care_goods", "その他介護用品", "Other care goods"],
  ]),
  list("walking_aid", "歩行補助具等", "Walking aids", dischargeCoordinationSheet, [
    ["wheelchair", "車いす", "Wheelchair"],
    ["walker", "歩行器", "Walker"],
    ["cane", "杖", "Cane"],
    ["orthosis", "装具", "Orthosis"],
  ]),
  list("meal_type", "食事", "Meal type", dischargeCoordinationSheet, [
    ["regular", "普通食", "Regular diet"],
    ["therapeutic", "治療食", "Therapeutic diet"],
    ["tube_feeding", "経管栄養", "Tube feeding"],
    ["nothing_by_mouth", "禁食", "Nothing by mouth"],
  ]),
  // --- 情報共有シート -------------------------------------------------------------------------------------------
  list("household_problem", "問題点", "Household issues", informationSharingSheet, [
    ["living_alone", "独居", "Lives alone"],
    ["alone_in_daytime", "日中独居", "Alone in the daytime"],
    ["elderly_couple", "老々世帯", "Elderly couple caring for each other"],
    ["finances", "経済事情", "Financial circumstances"],
    ["care_burden", "介護負担", "Burden of care"],
    ["family_relations", "家族関係", "Family relations"],
    ["patient_understanding", "本人の理解力", "The person's understanding"],
    ["family_understanding", "家族の理解力", "The family's understanding"],
  ]),
  list("copayment_rate", "医療保険 自己負担割合", "Medical insurance co-payment rate", informationSharingSheet, [
    ["none", "なし", "None"],
    ["rate_10", "1割", "10%"],
    ["rate_20", "2割", "20%"],
    ["rate_30", "3割", "30%"],
  ]),
  list("income_source", "経済状況", "Income", informationSharingSheet, [
    ["old_age_pension", "老齢年金", "Old-age pension"],
    ["disability_pension", "障害年金", "Disability pension"],
    ["special_disability_allowance", "特別障害者手当", "Special disability allowance"],
    ["other", "その他", "Other"],
  ]),
  list("public_expense", "公費負担", "Public expense programmes", informationSharingSheet, [
    ["public_assistance", "生活保護", "Public assistance"],
    ["specified_disease", "特定疾患", "Specified (intractable) disease"],
    ["physical_disability_certificate", "身体障害者手帳", "Physical disability certificate"],
    ["intellectual_disability_certificate", "療育手帳", "Intellectual disability certificate (療育手帳)"],
    [
      "mental_disability_certificate",
      "精神障害者保健福祉手帳",
      "Mental disability certificate",
      "The sheet writes 「精神障害者福祉手帳」; the label uses the certificate's official name.",
    ],
  ]),
  list("partner_office_kind", "連携事業所の種別", "Kind of partner office", informationSharingSheet, [
    ["home_nursing", "訪問看護", "Home-visit nursing"],
    ["pharmacist", "薬剤師", "Pharmacist"],
    ["care_manager", "ケアマネジャー", "Care manager"],
    ["home_help", "訪問介護", "Home-visit care"],
    ["rehabilitation", "通所・訪問リハ", "Day or home-visit rehabilitation"],
    ["medical_social_worker", "MSW", "Medical social worker"],
    ["day_service", "デイ", "Day service"],
    ["short_stay", "ショート", "Short stay"],
    ["welfare_equipment", "福祉用具", "Welfare equipment"],
  ]),
  // --- 救急医療情報キット ----------------------------------------------------------------------------------------
  list("abo_blood_type", "血液型（ABO）", "ABO blood type", emergencyKit, [
    ["A", "A型", "A"],
    ["B", "B型", "B"],
    ["O", "O型", "O"],
    ["AB", "AB型", "AB"],
    ["unknown", "不明", "Unknown"],
  ]),
]

const byId = new Map(standardCodeLists.map((codeList) => [codeList.id, codeList]))

/**
 * 標準コード表を引く (find a standard code list) by id.
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import { findStandardCodeList } from "@zaitaku/core"
 *
 * findStandardCodeList("care_need_level")?.concepts.length // 8
 * findStandardCodeList("nope") // undefined
 * ```
 */
export const findStandardCodeList = (id: string): CodeList | undefined => byId.get(id)
