import type { FormDefinition } from "../FormDefinition.js"
import { birthDateBounds, choice, group, item, notFuture } from "../internal/formBuilders.js"

const referral = { source: "discharge-referral" } as const
const sheet = { source: "discharge-coordination-sheet" } as const
const ours = (what: string) => ({ unconfirmed: `${what} Wording is Zaitaku's; not taken from a confirmed sheet.` })

/**
 * 退院・退所情報記録書 (discharge information record, 医療機関 → 居宅介護支援事業所) as a form definition. The item list
 * of the MHLW 参考様式 itself is not confirmed (REFERENCE.md §8), so the template is built from the two closest
 * confirmed sheets: the 診療報酬 様式「指定居宅介護支援事業所向け診療情報提供書（退院時）」 and a regional
 * 退院調整共有情報シート; each item names the one it comes from.
 *
 * @since 0.1.0
 * @category templates
 * @example
 * ```ts
 * import { dischargeInformationTemplate } from "@zaitaku/core"
 *
 * dischargeInformationTemplate.title.ja // "退院・退所情報記録書"
 * ```
 */
export const dischargeInformationTemplate: FormDefinition = {
  id: "discharge-information",
  version: "1.0.0",
  status: "active",
  title: { ja: "退院・退所情報記録書", en: "Discharge information record" },
  description: {
    ja: "医療機関から居宅介護支援事業所（ケアマネジャー）へ、退院・退所に向けて病状・生活機能・必要な支援を伝える様式。診療情報提供書（退院時）と地域の退院調整共有情報シートの項目から構成。",
    en: "From the hospital to the care manager before discharge: condition, functioning and the support needed. Built from the discharge referral form of the medical fee schedule and a regional discharge coordination sheet.",
  },
  publisher: { ja: "Zaitaku", en: "Zaitaku" },
  sources: [
    {
      id: "discharge-referral",
      title: "診療報酬 様式「指定居宅介護支援事業所向け診療情報提供書（退院時）」",
      url: "https://wic-net.com/material/document/13626/31",
      grade: "official",
      note: "Read through the wic-net.com page mirror (OCR); its list continues beyond the items read.",
    },
    {
      id: "discharge-coordination-sheet",
      title: "退院調整共有情報シート（病院 ⇒ 居宅介護支援事業所、2017年 地域の様式2）",
      url: "https://expydoc.com/doc/12058286/",
      grade: "official",
    },
  ],
  items: [
    group(
      "header",
      "記入者・情報提供先",
      "Author and recipient",
      [
        item("recorded_on", "date", "記入日", "Date written", { required: true, ...notFuture, ...sheet }),
        item("recorder", "string", "記入者", "Written by", { maxLength: 50, ...sheet }),
        item("hospital_name", "string", "医療機関の名称", "Hospital", { required: true, maxLength: 100, ...referral }),
        item("hospital_address", "string", "医療機関の所在地", "Hospital address", { maxLength: 200, ...referral }),
        item("hospital_phone", "phone", "電話", "Phone", referral),
        item("hospital_fax", "phone", "FAX", "Fax", referral),
        item("attending_doctor", "string", "医師氏名（病院主治医）", "Attending doctor", {
          maxLength: 50,
          ...referral,
        }),
        item("recipient_office", "string", "情報提供先事業所", "Receiving care office", {
          required: true,
          maxLength: 100,
          ...referral,
        }),
        item("recipient_staff", "string", "担当（ケアマネジャー）", "Care manager in charge", {
          maxLength: 50,
          ...referral,
        }),
        item("home_doctor", "string", "在宅主治医", "Doctor at home", { maxLength: 50, ...sheet }),
      ],
      { required: true, ...ours("Header group heading.") },
    ),
    group(
      "patient",
      "患者",
      "Patient",
      [
        item("name", "string", "患者氏名", "Name", { required: true, maxLength: 50, ...referral }),
        choice("sex", "性別", "Sex", "sex", referral),
        item("birth_date", "date", "生年月日", "Date of birth", { required: true, ...birthDateBounds, ...referral }),
        item("age", "integer", "年齢", "Age", {
          readOnly: true,
          calculated: "age(birth_date, coalesce(recorded_on, today()))",
          unit: { ja: "歳", en: "years" },
          ...ours("Calculated from the birth date on the date written."),
        }),
        item("contact_phone", "phone", "連絡先", "Contact phone", referral),
        item("emergency_contact", "string", "緊急時連絡先", "Emergency contact", { maxLength: 100, ...sheet }),
        item("admission_date", "date", "入院日", "Date of admission", { required: true, ...notFuture, ...sheet }),
        item("discharge_date", "date", "退院（予定）日", "(Planned) discharge date", {
          constraints: [
            {
              key: "discharge-after-admission",
              expression: "discharge_date >= admission_date",
              message: {
                ja: "退院（予定）日は入院日以降にしてください",
                en: "The discharge date cannot precede the admission date",
              },
            },
          ],
          ...ours("Discharge date."),
        }),
      ],
      { required: true, ...ours("Patient group heading.") },
    ),
    group(
      "condition",
      "患者の病状、経過等",
      "Condition and course",
      [
        group(
          "diagnoses",
          "診断名（生活機能低下の直接の原因となっている傷病名又は特定疾病）及び発症年月日",
          "Diagnoses (the illness directly causing the decline, or the specified disease) and onset dates",
          [
            item("diagnosis", "string", "診断名", "Diagnosis", { required: true, maxLength: 100, ...referral }),
            item("onset_date", "date", "発症年月日", "Onset date", { ...notFuture, ...referral }),
          ],
          { prefix: "(1)", repeats: true, maxOccurs: 3, ...referral },
        ),
        item("course_and_treatment", "text", "当該傷病の経過及び治療内容", "Course and treatment", {
          prefix: "(2)",
          maxLength: 2000,
          ...referral,
        }),
        item(
          "explanation_and_wishes",
          "text",
          "病状等の説明内容と患者の希望",
          "What was explained, and the patient's wishes",
          {
            prefix: "(3)",
            maxLength: 2000,
            ...referral,
          },
        ),
        item("admission_cause", "string", "入院の原因となった病名", "Illness that caused the admission", {
          maxLength: 100,
          ...sheet,
        }),
        item("history", "text", "既往歴（医療処置は詳しく）", "Medical history (medical procedures in detail)", {
          maxLength: 2000,
          ...sheet,
        }),
        item("current_treatment", "text", "現在の治療状況", "Current treatment", { maxLength: 2000, ...sheet }),
        item(
          "doctor_advice",
          "text",
          "医師からの在宅助言・留意点・今後の治療方針",
          "Doctor's advice for home, points of care, treatment plan",
          {
            maxLength: 2000,
            ...sheet,
          },
        ),
        group(
          "independence",
          "日常生活の自立度",
          "Daily-living independence",
          [
            choice(
              "disability_independence",
              "障害高齢者の日常生活自立度",
              "Independence (disability)",
              "disability_independence",
              referral,
            ),
            choice(
              "dementia_independence",
              "認知症高齢者の日常生活自立度",
              "Independence (dementia)",
              "dementia_independence",
              referral,
            ),
          ],
          { prefix: "(4)", ...referral },
        ),
        group(
          "nutrition",
          "栄養・口腔",
          "Nutrition and oral condition",
          [
            choice("eating_method", "摂食方法", "Eating method", "eating_method", referral),
            choice("dysphagia", "摂食嚥下機能障害", "Dysphagia", "presence", referral),
            item("staple_food_form", "openChoice", "食形態（主食）", "Staple food texture", {
              answerCodeList: "staple_food_form",
              ...referral,
            }),
            choice("denture_use", "義歯使用", "Uses dentures", "presence", referral),
            choice("dental_plaque", "歯の汚れ", "Dental plaque", "presence", referral),
          ],
          {
            prefix: "(5)",
            ...referral,
            unconfirmed:
              "The (5) 栄養・口腔 list continues after 歯の汚れ in the source; the remaining items are not confirmed and not included.",
          },
        ),
      ],
      { prefix: "1.", ...referral },
    ),
    group(
      "body",
      "身長・体重",
      "Height and weight",
      [
        item("height_cm", "decimal", "身長", "Height", {
          minValue: 50,
          maxValue: 250,
          maxDecimalPlaces: 1,
          unit: { ja: "cm", en: "cm" },
          ...sheet,
        }),
        item("weight_kg", "decimal", "体重", "Weight", {
          minValue: 10,
          maxValue: 300,
          maxDecimalPlaces: 1,
          unit: { ja: "kg", en: "kg" },
          ...sheet,
        }),
        item("bmi", "decimal", "BMI", "BMI", {
          readOnly: true,
          calculated: "round(bmi(weight_kg, height_cm), 1)",
          ...ours("BMI is calculated by Zaitaku; the sheet asks only for height and weight."),
        }),
      ],
      sheet,
    ),
    group(
      "family",
      "家族構成",
      "Family",
      [
        item("key_person", "string", "キーパーソン", "Key person", { maxLength: 50, ...sheet }),
        item("main_carer", "string", "主な介護者", "Main carer", { maxLength: 50, ...sheet }),
        choice("living_arrangement", "独居・同居", "Living arrangement", "living_arrangement", sheet),
        item("household_size", "integer", "同居（ 人）", "Number of people living with the patient", {
          minValue: 1,
          maxValue: 20,
          enableWhen: [{ question: "living_arrangement", operator: "=", answer: "with_others" }],
          ...sheet,
        }),
      ],
      sheet,
    ),
    group(
      "certification",
      "介護認定",
      "Care-need certification",
      [
        choice("certification_status", "介護認定の状況", "Certification status", "care_certification_status", sheet),
        item("application_date", "date", "申請日", "Date applied", {
          ...notFuture,
          enableWhen: [{ question: "certification_status", operator: "in", answer: ["pending", "change_pending"] }],
          ...sheet,
        }),
        choice("care_need_level", "要支援／要介護", "Support or care level", "care_need_level", {
          enableWhen: [{ question: "certification_status", operator: "=", answer: "certified" }],
          ...sheet,
        }),
      ],
      sheet,
    ),
    group(
      "adl",
      "ADL",
      "Activities of daily living",
      [
        choice("adl_mobility", "移動方法", "Mobility", "assistance_level", sheet),
        choice("adl_transfer", "移乗方法", "Transfer", "assistance_level", sheet),
        choice("adl_oral_care", "口腔清潔", "Oral care", "assistance_level", sheet),
        choice("adl_eating", "食事", "Eating", "assistance_level", sheet),
        choice("adl_bathing", "入浴", "Bathing", "assistance_level", sheet),
        item("walking_aids", "multiChoice", "車いす／歩行器／杖／装具", "Wheelchair, walker, cane, orthosis", {
          answerCodeList: "walking_aid",
          ...sheet,
        }),
        choice("paralysis", "麻痺", "Paralysis", "presence", sheet),
        choice("denture", "義歯", "Dentures", "presence", sheet),
      ],
      sheet,
    ),
    group(
      "meal",
      "食事",
      "Meals",
      [
        choice("meal_type", "食事", "Meal type", "meal_type", sheet),
        item("staple_food", "string", "主食", "Staple food", { maxLength: 50, ...sheet }),
        item("side_dish", "string", "副食", "Side dishes", { maxLength: 50, ...sheet }),
        item("energy_kcal", "integer", "エネルギー", "Energy", {
          minValue: 0,
          maxValue: 5000,
          unit: { ja: "kcal", en: "kcal" },
          ...sheet,
        }),
      ],
      sheet,
    ),
    group(
      "services",
      "希望する福祉サービス",
      "Desired services",
      [
        item("desired_services", "multiChoice", "希望する福祉サービス", "Desired welfare services", {
          answerCodeList: "desired_service",
          ...sheet,
        }),
        item("desired_services_other", "string", "その他介護用品の内容", "Other care goods", {
          maxLength: 200,
          enableWhen: [{ question: "desired_services", operator: "=", answer: "other_care_goods" }],
          ...ours("Detail of その他介護用品."),
        }),
        item(
          "patient_family_understanding",
          "text",
          "患者・家族への病状の説明内容と受け止め方・今後の希望",
          "What the patient and family were told, how they took it, and their wishes",
          {
            maxLength: 2000,
            ...sheet,
          },
        ),
      ],
      sheet,
    ),
    group(
      "rehabilitation",
      "リハビリ",
      "Rehabilitation",
      [
        item("rehabilitation_goal", "text", "リハビリ目標", "Rehabilitation goal", { maxLength: 1000, ...sheet }),
        item("restrictions", "text", "制限事項", "Restrictions", { maxLength: 1000, ...sheet }),
      ],
      {
        ...sheet,
        unconfirmed:
          "The sheet's list continues after 制限事項 (REFERENCE.md §3.2); the remaining items are not confirmed.",
      },
    ),
  ],
}
