import type { FormDefinition } from "../FormDefinition.js"
import { birthDateBounds, choice, group, item, notFuture } from "../internal/formBuilders.js"

const sheet = { source: "care-information-sharing-sheet" } as const
const ours = (what: string) => ({
  unconfirmed: `${what} Wording is Zaitaku's; not in the confirmed part of the sheet.`,
})

/**
 * 多職種連携シート／情報共有シート (multi-profession information-sharing sheet) as a form definition, with the items
 * the regional sheets have in common (REFERENCE.md §3.3), taken from a clinic's 「医療と介護の情報連携シート」:
 * family and decision makers, household issues, insurance and public expenses, 介護保険 certification, doctors
 * and partner offices, illnesses, medication, end-of-life wishes, allergies, infections and 急変時 arrangements.
 *
 * @since 0.1.0
 * @category templates
 * @example
 * ```ts
 * import { careInformationSharingTemplate } from "@zaitaku/core"
 *
 * careInformationSharingTemplate.id // "care-information-sharing"
 * ```
 */
export const careInformationSharingTemplate: FormDefinition = {
  id: "care-information-sharing",
  version: "1.0.0",
  status: "active",
  title: { ja: "多職種連携シート（情報共有シート）", en: "Multi-profession information-sharing sheet" },
  description: {
    ja: "医療・介護の関係者が利用者の情報を共有するための様式。地域の情報共有シートに共通する項目から構成。",
    en: "For medical and care staff to share what they know about a person, built from the items regional sheets have in common.",
  },
  publisher: { ja: "Zaitaku", en: "Zaitaku" },
  sources: [
    {
      id: "care-information-sharing-sheet",
      title: "「医療と介護の情報連携シート」（診療所の様式2）",
      url: "https://expydoc.com/doc/8225996/",
      grade: "official",
      note: "Its item list continues beyond what was read (REFERENCE.md §3.3).",
    },
    {
      id: "yamanashi-sheets",
      title: "山梨県介護・医療連携推進協議会「医療と介護の連携指針」(H26.3) 様式1〜3",
      url: "https://happylibus.com/doc/19437/",
      grade: "official",
      note: "Structure reference only; no item is taken from it.",
    },
  ],
  items: [
    group(
      "header",
      "情報提供",
      "Information provision",
      [
        item("provided_on", "date", "情報提供日", "Date provided", { required: true, ...notFuture, ...sheet }),
        item("recipient", "string", "情報提供先", "Provided to", { required: true, maxLength: 100, ...sheet }),
        item("author", "string", "提供元記入者", "Written by", { required: true, maxLength: 50, ...sheet }),
        item("author_organization", "string", "提供元の事業所・医療機関", "Author's organization", {
          maxLength: 100,
          ...ours("Header item."),
        }),
        item("author_phone", "phone", "提供元の電話番号", "Author's phone", ours("Header item.")),
      ],
      { required: true, ...ours("Header group heading.") },
    ),
    group(
      "person",
      "利用者",
      "Person",
      [
        item("name", "string", "利用者名", "Name", { required: true, maxLength: 50, ...sheet }),
        item("birth_date", "date", "生年月日", "Date of birth", { ...birthDateBounds, ...sheet }),
        item("age", "integer", "年齢", "Age", {
          readOnly: true,
          calculated: "age(birth_date, coalesce(provided_on, today()))",
          unit: { ja: "歳", en: "years" },
          ...ours("Calculated from the birth date on the date provided."),
        }),
        choice("sex", "性別", "Sex", "sex", sheet),
        item("address", "string", "住所", "Address", { maxLength: 200, ...sheet }),
        item("phone", "phone", "連絡先", "Phone", sheet),
      ],
      { required: true, ...ours("Person group heading.") },
    ),
    group(
      "family",
      "家族構成",
      "Family",
      [
        item("key_person", "string", "キーパーソン", "Key person", { maxLength: 50, ...sheet }),
        item("main_carer", "string", "主介護者", "Main carer", { maxLength: 50, ...sheet }),
        item("surrogate_decision_maker", "string", "代理意思決定者", "Surrogate decision maker", {
          maxLength: 50,
          ...sheet,
        }),
        item("household_problems", "multiChoice", "問題点", "Household issues", {
          answerCodeList: "household_problem",
          ...sheet,
        }),
      ],
      sheet,
    ),
    group(
      "insurance",
      "医療保険・経済状況",
      "Insurance and finances",
      [
        choice("copayment_rate", "医療保険 自己負担割合", "Co-payment rate", "copayment_rate", sheet),
        choice("limit_certificate", "限度額認定証", "Certificate of the co-payment limit", "presence", sheet),
        item("income", "multiChoice", "経済状況", "Income", { answerCodeList: "income_source", ...sheet }),
        item("public_expense", "multiChoice", "公費負担", "Public expense programmes", {
          answerCodeList: "public_expense",
          ...sheet,
        }),
        item(
          "physical_disability_grade",
          "string",
          "身体障害者手帳の級",
          "Grade of the physical disability certificate",
          {
            maxLength: 10,
            enableWhen: [{ question: "public_expense", operator: "=", answer: "physical_disability_certificate" }],
            ...sheet,
          },
        ),
      ],
      sheet,
    ),
    group(
      "care_insurance",
      "介護保険",
      "Long-term care insurance",
      [
        choice("certification_status", "申請状況", "Certification status", "care_certification_status", sheet),
        item("certified_on", "date", "認定日", "Date certified", {
          ...notFuture,
          enableWhen: [{ question: "certification_status", operator: "=", answer: "certified" }],
          ...sheet,
        }),
        item("valid_until", "date", "有効期限", "Valid until", {
          enableWhen: [{ question: "certification_status", operator: "=", answer: "certified" }],
          constraints: [
            {
              key: "valid-after-certified",
              expression: "valid_until >= certified_on",
              message: {
                ja: "有効期限は認定日以降にしてください",
                en: "The certification cannot expire before it was granted",
              },
            },
          ],
          ...sheet,
        }),
        choice("care_need_level", "要介護状態区分", "Care need level", "care_need_level", {
          enableWhen: [{ question: "certification_status", operator: "=", answer: "certified" }],
          ...sheet,
        }),
      ],
      sheet,
    ),
    group(
      "medical",
      "医療",
      "Medical",
      [
        item("family_clinic", "string", "かかりつけ医療機関（医科）", "Family clinic (medical)", {
          maxLength: 100,
          ...sheet,
        }),
        item("family_dental_clinic", "string", "かかりつけ医療機関（歯科）", "Family clinic (dental)", {
          maxLength: 100,
          ...sheet,
        }),
        item("main_disease", "string", "主病名", "Main illness", { maxLength: 100, ...sheet }),
        item("sub_disease", "string", "副病名", "Other illnesses", { maxLength: 200, ...sheet }),
        item("history", "text", "既往", "Medical history", { maxLength: 2000, ...sheet }),
        item("condition_course", "text", "病状・経過", "Condition and course", { maxLength: 2000, ...sheet }),
        item("medications", "text", "投薬内容", "Medication", { maxLength: 2000, ...sheet }),
        item("allergies", "text", "アレルギー", "Allergies", { maxLength: 1000, ...sheet }),
        item("infections", "text", "感染症", "Infections", { maxLength: 1000, ...sheet }),
        choice("pressure_ulcer", "褥瘡", "Pressure ulcer", "presence", sheet),
        item(
          "end_of_life_wishes",
          "text",
          "終末期の希望（療養先・治療など）",
          "End-of-life wishes (place of care, treatment)",
          {
            maxLength: 2000,
            ...sheet,
          },
        ),
        item("admission_date", "date", "入院（予定）日", "(Planned) admission date", sheet),
        item("discharge_date", "date", "退院（予定）日", "(Planned) discharge date", {
          constraints: [
            {
              key: "discharge-after-admission",
              expression: "discharge_date >= admission_date",
              message: {
                ja: "退院（予定）日は入院（予定）日以降にしてください",
                en: "The discharge date cannot precede the admission date",
              },
            },
          ],
          ...sheet,
        }),
        choice(
          "backup_bed",
          "急変時の受入確認（バックベッド）",
          "Hospital bed secured for emergencies",
          "presence",
          sheet,
        ),
      ],
      {
        ...sheet,
        unconfirmed: "The sheet's list continues after 褥瘡 (REFERENCE.md §3.3); later items are not included.",
      },
    ),
    group(
      "partners",
      "連携事業所",
      "Partner offices",
      [
        choice("partner_kind", "種別", "Kind", "partner_office_kind", { required: true, ...sheet }),
        item("partner_name", "string", "事業所名", "Office", {
          required: true,
          maxLength: 100,
          ...ours("Partner item."),
        }),
        item("partner_staff", "string", "担当者", "Contact person", { maxLength: 50, ...ours("Partner item.") }),
        item("partner_phone", "phone", "電話番号", "Phone", ours("Partner item.")),
      ],
      { repeats: true, maxOccurs: 20, ...sheet },
    ),
    item("message", "text", "連絡事項", "Notes", { maxLength: 2000, ...ours("Free notes.") }),
  ],
}
