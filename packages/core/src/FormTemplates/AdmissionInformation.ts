import type { FormDefinition } from "../FormDefinition.js"
import { birthDateBounds, choice, group, hiragana, item, notFuture } from "../internal/formBuilders.js"

const s7 = { source: "mhlw-admission-sample-section7" } as const
const tochigi = { source: "tochigi-common-sheet-v3" } as const
const heading =
  "Section heading from the 平成30年 参考様式 as inferred in REFERENCE.md §3.1; not confirmed against the MHLW sheet."
const ours = (what: string) => ({ unconfirmed: `${what} Wording is Zaitaku's; not confirmed against the MHLW sheet.` })

/**
 * 入院時情報提供書 (admission information sheet, 居宅介護支援事業所 → 医療機関) as a form definition. Section 7
 * (身体・生活機能の状況／療養生活上の課題について) follows the MHLW 参考様式 verbatim; the other sections follow the
 * probable structure of the 平成30年 参考様式 with items confirmed in regional sheets (栃木県「入退院共通連携シート
 * Ver.3」), and every item whose wording is not confirmed carries an `unconfirmed` note.
 *
 * @since 0.1.0
 * @category templates
 * @example
 * ```ts
 * import { admissionInformationTemplate } from "@zaitaku/core"
 *
 * admissionInformationTemplate.items.map((i) => i.prefix ?? i.text.ja)
 * ```
 */
export const admissionInformationTemplate: FormDefinition = {
  id: "admission-information",
  version: "1.0.0",
  status: "active",
  title: { ja: "入院時情報提供書", en: "Admission information sheet" },
  description: {
    ja: "居宅介護支援事業所（ケアマネジャー）から入院先の医療機関へ、利用者の生活と心身の状況を伝える様式。7.は厚生労働省の参考様式どおり、他の節は地域の様式で確認できた項目から構成。",
    en: "From the care manager to the hospital on admission: the person's living situation, health and functioning. Section 7 follows the MHLW sample form verbatim; the other sections are built from items confirmed in regional sheets.",
  },
  publisher: { ja: "Zaitaku（厚生労働省 参考様式に基づく）", en: "Zaitaku (after the MHLW sample form)" },
  sources: [
    {
      id: "mhlw-admission-sample-section7",
      title:
        "厚生労働省 介護情報利活用WG 第1回 参考資料4「介護情報に係る様式の例」p.36 入院時情報提供書 7. 身体・生活機能の状況／療養生活上の課題について",
      url: "https://wic-net.com/material/document/4727/36",
      grade: "official",
      note: "Read through the wic-net.com page mirror (OCR); original https://www.mhlw.go.jp/stf/shingi2/0000198094_00053.html. Only section 7 is verbatim.",
    },
    {
      id: "tochigi-common-sheet-v3",
      title: "栃木県「入退院共通連携シート Ver.3」— 国の様式に合わせて追加した項目",
      url: "http://tcma.jp/news/",
      grade: "official",
    },
    {
      id: "admission-addition-record",
      title: "入院時情報連携加算: 情報提供の日時・場所・内容・手段の記録（清瀬市の案内、2020）",
      grade: "official",
      note: "ANCHORS.md §2.9; the page URL is truncated there.",
    },
    {
      id: "mhlw-2018-headings",
      title: "平成30年 参考様式の節の構成（推定）",
      grade: "inference",
      note: "REFERENCE.md §3.1: probable section headings, unverified.",
    },
  ],
  items: [
    group(
      "provision",
      "情報提供",
      "Information provision",
      [
        item("provided_on", "date", "情報提供日", "Date provided", {
          required: true,
          ...notFuture,
          source: "admission-addition-record",
        }),
        choice("provision_means", "情報提供の方法", "Means of provision", "information_provision_means", {
          source: "admission-addition-record",
          unconfirmed: "The means must be recorded; the list of means is Zaitaku's.",
        }),
        item("hospital_name", "string", "医療機関名", "Hospital", {
          required: true,
          maxLength: 100,
          ...ours("Header item."),
        }),
        item("hospital_staff", "string", "医療機関の担当者", "Hospital contact person", {
          maxLength: 50,
          ...ours("Header item."),
        }),
        item("care_office_name", "string", "居宅介護支援事業所名", "Care management office", {
          required: true,
          maxLength: 100,
          ...ours("Header item."),
        }),
        item("care_manager_name", "string", "担当ケアマネジャー氏名", "Care manager", {
          required: true,
          maxLength: 50,
          ...ours("Header item."),
        }),
        item("care_office_phone", "phone", "電話番号", "Phone", ours("Header item.")),
        item("care_office_fax", "phone", "FAX番号", "Fax", ours("Header item.")),
      ],
      { required: true, ...ours("Header group.") },
    ),
    group(
      "basic",
      "利用者（患者）基本情報",
      "Basic information",
      [
        item("name", "string", "氏名", "Name", { required: true, maxLength: 50, ...ours("Basic item.") }),
        item("kana", "string", "ふりがな", "Name in kana", { maxLength: 100, ...hiragana, ...ours("Basic item.") }),
        item("birth_date", "date", "生年月日", "Date of birth", {
          required: true,
          ...birthDateBounds,
          ...ours("Basic item."),
        }),
        item("age", "integer", "年齢", "Age", {
          readOnly: true,
          calculated: "age(birth_date, coalesce(provided_on, today()))",
          unit: { ja: "歳", en: "years" },
          ...ours("Calculated from the birth date on the date provided."),
        }),
        choice("sex", "性別", "Sex", "sex", ours("Basic item.")),
        item("address", "string", "住所", "Address", { maxLength: 200, ...ours("Basic item.") }),
        item("phone", "phone", "電話番号", "Phone", ours("Basic item.")),
        item("admission_date", "date", "入院日", "Date of admission", { required: true, ...tochigi }),
        choice("care_need_level", "要介護度", "Care need level", "care_need_level", ours("Basic item.")),
        choice(
          "disability_independence",
          "障害高齢者の日常生活自立度",
          "Independence (disability)",
          "disability_independence",
          ours("Basic item; the scale is confirmed in the discharge referral form (REFERENCE.md §3.2)."),
        ),
        choice(
          "dementia_independence",
          "認知症高齢者の日常生活自立度",
          "Independence (dementia)",
          "dementia_independence",
          ours("Basic item; the scale is confirmed in the discharge referral form (REFERENCE.md §3.2)."),
        ),
        item("disability_certificate", "multiChoice", "障害者認定", "Disability certification", {
          answerCodeList: "disability_certificate_kind",
          ...tochigi,
        }),
        item("disability_certificate_grade", "string", "障害者認定の級", "Grade of the certification", {
          maxLength: 20,
          enableWhen: [{ question: "disability_certificate", operator: "exists", answer: true }],
          ...tochigi,
        }),
        choice("abuse_possibility", "虐待の可能性の有無", "Possible abuse", "presence", tochigi),
      ],
      { prefix: "1.", required: true, unconfirmed: heading },
    ),
    group(
      "family",
      "家族構成／連絡先",
      "Family and contacts",
      [
        choice("living_arrangement", "独居・同居", "Living arrangement", "living_arrangement", ours("Family item.")),
        group(
          "family_contacts",
          "家族・緊急連絡先",
          "Family and emergency contacts",
          [
            item("contact_name", "string", "氏名", "Name", { required: true, maxLength: 50, ...ours("Contact item.") }),
            item("contact_relationship", "string", "続柄", "Relationship", { maxLength: 20, ...ours("Contact item.") }),
            item("contact_phone", "phone", "電話番号", "Phone", ours("Contact item.")),
            item("contact_is_key_person", "boolean", "キーパーソン", "Key person", ours("Contact item.")),
          ],
          { repeats: true, maxOccurs: 5, ...ours("Contact group.") },
        ),
      ],
      { prefix: "2.", unconfirmed: heading },
    ),
    group(
      "wishes",
      "本人／家族の意向",
      "Wishes of the person and family",
      [
        item("patient_wishes", "text", "本人の意向", "The person's wishes", {
          maxLength: 1000,
          ...ours("Wishes item."),
        }),
        item("family_wishes", "text", "家族の意向", "The family's wishes", {
          maxLength: 1000,
          ...ours("Wishes item."),
        }),
      ],
      { prefix: "3.", unconfirmed: heading },
    ),
    group(
      "services_before_admission",
      "入院前の介護サービスの利用状況",
      "Care services used before admission",
      [item("services_used", "text", "利用していたサービス", "Services used", { maxLength: 1000, ...tochigi })],
      { prefix: "4.", ...tochigi },
    ),
    group(
      "outlook",
      "今後の在宅生活の展望（ケアマネジャーとしての意見）",
      "Outlook for life at home (care manager's opinion)",
      [
        item(
          "home_life_conditions",
          "text",
          "在宅生活に必要な条件（ケアマネジャーとしての意見）",
          "Conditions needed for life at home",
          {
            maxLength: 1000,
            ...tochigi,
          },
        ),
      ],
      { prefix: "5.", unconfirmed: heading },
    ),
    group(
      "housing",
      "家屋状況",
      "Housing",
      [
        choice("housing_type", "住居の種類", "Type of housing", "housing_type", tochigi),
        item("floors", "integer", "（ ）階建て", "Number of floors", { minValue: 1, maxValue: 100, ...tochigi }),
        item("room_floor", "integer", "居室（ ）階", "Floor of the person's room", {
          minValue: -5,
          maxValue: 100,
          constraints: [
            {
              key: "room-within-building",
              expression: "room_floor <= floors",
              message: {
                ja: "居室の階は建物の階数以下にしてください",
                en: "The room's floor cannot exceed the number of floors",
              },
            },
          ],
          ...tochigi,
        }),
        choice("elevator", "エレベーター", "Elevator", "presence", {
          enableWhen: [{ question: "housing_type", operator: "=", answer: "apartment" }],
          ...tochigi,
        }),
      ],
      tochigi,
    ),
    group(
      "conference",
      "カンファレンス等について",
      "Conferences",
      [
        choice(
          "conference_wish",
          "退院前カンファレンス等への参加希望",
          "Wishes to attend the discharge conference",
          "presence",
          ours("Conference item."),
        ),
      ],
      { prefix: "6.", unconfirmed: heading },
    ),
    group(
      "function",
      "身体・生活機能の状況／療養生活上の課題について",
      "Physical and daily-living functioning; issues in care",
      [
        choice("paralysis", "麻痺の状況", "Paralysis", "paralysis_severity", s7),
        choice("pressure_ulcer", "褥瘡の有無", "Pressure ulcer", "presence", s7),
        group(
          "adl",
          "ADL",
          "Activities of daily living",
          [
            choice("adl_mobility", "移動", "Mobility", "assistance_level", s7),
            item("mobility_indoor", "multiChoice", "移動（室内）", "Mobility indoors", {
              answerCodeList: "mobility_aid",
              ...s7,
            }),
            item("mobility_outdoor", "multiChoice", "移動（屋外）", "Mobility outdoors", {
              answerCodeList: "mobility_aid",
              ...s7,
            }),
            choice("adl_transfer", "移乗", "Transfer", "assistance_level", s7),
            choice("adl_dressing", "更衣", "Dressing", "assistance_level", s7),
            choice("adl_sitting_up", "起居動作", "Getting up and sitting", "assistance_level", s7),
            choice("adl_grooming", "整容", "Grooming", "assistance_level", s7),
            choice("adl_bathing", "入浴", "Bathing", "assistance_level", s7),
            choice("adl_eating", "食事", "Eating", "assistance_level", s7),
          ],
          s7,
        ),
        group(
          "meals",
          "食事内容",
          "Meals",
          [
            item("meal_count", "integer", "食事回数", "Meals per day", {
              minValue: 0,
              maxValue: 10,
              unit: { ja: "回/日", en: "per day" },
              ...s7,
            }),
            item("breakfast_time", "time", "朝（時頃）", "Breakfast time", s7),
            item("dinner_time", "time", "夜（時頃）", "Dinner time", s7),
            choice("meal_restriction", "食事制限", "Dietary restriction", "presence_unknown", s7),
            item("meal_restriction_detail", "string", "食事制限の内容", "Details of the restriction", {
              maxLength: 200,
              enableWhen: [{ question: "meal_restriction", operator: "=", answer: "present" }],
              ...s7,
            }),
            choice("meal_form", "食事形態", "Meal texture", "meal_form", s7),
            item("udf_category", "openChoice", "UDF等の食形態区分", "Food texture category (UDF etc.)", {
              answerCodeList: "udf_category",
              ...s7,
            }),
            choice("intake_method", "摂取方法", "Intake method", "intake_method", s7),
            choice("fluid_thickening", "水分とろみ", "Thickened fluids", "presence", s7),
            choice("fluid_restriction", "水分制限", "Fluid restriction", "presence_unknown", s7),
            item("fluid_restriction_detail", "string", "水分制限の内容", "Details of the fluid restriction", {
              maxLength: 200,
              enableWhen: [{ question: "fluid_restriction", operator: "=", answer: "present" }],
              ...s7,
            }),
          ],
          s7,
        ),
        group(
          "oral",
          "口腔",
          "Oral condition",
          [
            choice("swallowing", "嚥下機能", "Swallowing", "swallowing", s7),
            choice("denture", "義歯", "Dentures", "denture", s7),
            choice("oral_hygiene", "口腔清潔", "Oral hygiene", "oral_hygiene", s7),
            choice("halitosis", "口臭", "Bad breath", "presence", s7),
          ],
          s7,
        ),
        group(
          "excretion",
          "排泄",
          "Excretion",
          [
            choice("urination", "排尿", "Urination", "assistance_level", s7),
            choice("defecation", "排便", "Defecation", "assistance_level", s7),
            choice("portable_toilet", "ポータブルトイレ", "Portable toilet", "portable_toilet", s7),
          ],
          {
            ...s7,
            unconfirmed:
              "Section 7 continues after ポータブルトイレ in the MHLW sheet; the remaining items are not confirmed (REFERENCE.md §3.1) and are not included.",
          },
        ),
      ],
      { prefix: "7.", ...s7 },
    ),
    group(
      "medication",
      "お薬について",
      "Medication",
      [
        item("medication_management", "choice", "服薬管理", "Who manages the medication", {
          answerOptions: [
            { code: "self", label: { ja: "本人", en: "The person" } },
            { code: "family", label: { ja: "家族", en: "Family" } },
            { code: "service", label: { ja: "サービス事業所", en: "Care service" } },
            { code: "other", label: { ja: "その他", en: "Other" } },
          ],
          ...ours("Medication item and its options."),
        }),
        item("medication_notes", "text", "服薬状況・留意点", "Medication notes", {
          maxLength: 1000,
          ...ours("Medication item."),
        }),
      ],
      { prefix: "8.", unconfirmed: heading },
    ),
    group(
      "family_doctor",
      "かかりつけ医について",
      "Family doctor",
      [
        item("clinic_name", "string", "医療機関名", "Clinic", { maxLength: 100, ...ours("Family doctor item.") }),
        item("doctor_name", "string", "医師名", "Doctor", { maxLength: 50, ...ours("Family doctor item.") }),
        item("clinic_phone", "phone", "電話番号", "Phone", ours("Family doctor item.")),
      ],
      { prefix: "9.", unconfirmed: heading },
    ),
  ],
}
