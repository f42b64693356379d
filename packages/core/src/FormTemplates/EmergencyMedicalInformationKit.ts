import type { FormDefinition } from "../FormDefinition.js"
import { birthDateBounds, choice, group, hiragana, item, notFuture } from "../internal/formBuilders.js"

const kit = { source: "emergency-kit-pages" } as const
const ours = (what: string) => ({ unconfirmed: `${what} Not among the contents the municipal pages list.` })
const copy = { contentTypes: ["image/*", "application/pdf"], maxSize: 10_000_000 }

/**
 * 救急医療情報キット (emergency medical information kit) as a form definition: the 救急情報シート kept in the fridge
 * for 救急隊, with the contents municipalities agree on (本庄市・松阪市・鳥取県南部町・五城目町; 血液型 as in 吹田市) —
 * 氏名, 生年月日, 持病, かかりつけ医療機関, 服薬情報, 緊急連絡先, 記入日 — and the copies put in the kit as attachments.
 *
 * @since 0.1.0
 * @category templates
 * @example
 * ```ts
 * import { emergencyMedicalInformationKitTemplate } from "@zaitaku/core"
 *
 * emergencyMedicalInformationKitTemplate.title.ja // "救急医療情報キット 救急情報シート"
 * ```
 */
export const emergencyMedicalInformationKitTemplate: FormDefinition = {
  id: "emergency-medical-information-kit",
  version: "1.0.0",
  status: "active",
  title: { ja: "救急医療情報キット 救急情報シート", en: "Emergency medical information kit: information sheet" },
  description: {
    ja: "救急隊が自宅で確認できるよう、冷蔵庫に保管するキットの記入用紙。",
    en: "The sheet kept in a container in the fridge so that paramedics find it at home.",
  },
  publisher: { ja: "Zaitaku", en: "Zaitaku" },
  sources: [
    {
      id: "emergency-kit-pages",
      title: "救急医療情報キットの案内（本庄市・松阪市・鳥取県南部町・五城目町）",
      url: "http://www.city.honjo.lg.jp/kenko_fukushi_iryo/fukushi/chiikifukushi/21298.html",
      grade: "official",
      note: "Also https://www.city.matsusaka.mie.jp/site/koureisya-wel/kyukyukitto.html, https://www.town.nanbu.tottori.jp/admin/fukushi/a119/r170, https://www.town.gojome.akita.jp/shobo/kyuukyuu/960; wording differs between municipalities.",
    },
    {
      id: "suita-kit",
      title: "吹田市 救急医療情報キット（血液型の記入欄）",
      grade: "official",
      note: "No URL recorded in REFERENCE.md §3.5.",
    },
  ],
  items: [
    item("filled_on", "date", "記入日", "Date filled in", {
      required: true,
      ...notFuture,
      help: {
        ja: "内容が変わったら書き直し、定期的に更新してください。",
        en: "Rewrite it when something changes, and update it regularly.",
      },
      ...kit,
    }),
    group(
      "person",
      "本人",
      "Person",
      [
        item("name", "string", "氏名", "Name", { required: true, maxLength: 50, ...kit }),
        item("kana", "string", "ふりがな", "Name in kana", { maxLength: 100, ...hiragana, ...ours("Kana reading.") }),
        item("birth_date", "date", "生年月日", "Date of birth", { required: true, ...birthDateBounds, ...kit }),
        choice("sex", "性別", "Sex", "sex", ours("Sex.")),
        choice("blood_type", "血液型", "Blood type", "abo_blood_type", { source: "suita-kit" }),
      ],
      { required: true, ...ours("Group heading.") },
    ),
    item("chronic_conditions", "text", "持病", "Chronic conditions", { maxLength: 1000, ...kit }),
    group(
      "clinics",
      "かかりつけ医療機関",
      "Family clinics",
      [
        item("clinic_name", "string", "医療機関名", "Clinic or hospital", { required: true, maxLength: 100, ...kit }),
        item("clinic_phone", "phone", "電話番号", "Phone", ours("Clinic phone.")),
      ],
      { repeats: true, maxOccurs: 5, ...kit },
    ),
    item("medications", "text", "服薬情報", "Medication", { maxLength: 1000, ...kit }),
    group(
      "emergency_contacts",
      "緊急連絡先",
      "Emergency contacts",
      [
        item("contact_name", "string", "氏名", "Name", { required: true, maxLength: 50, ...kit }),
        item("contact_relationship", "string", "続柄", "Relationship", { maxLength: 20, ...ours("Relationship.") }),
        item("contact_phone", "phone", "電話番号", "Phone", { required: true, ...kit }),
      ],
      { required: true, repeats: true, minOccurs: 1, maxOccurs: 3, ...kit },
    ),
    group(
      "enclosures",
      "キットに入れるもの",
      "Put in the kit",
      [
        item("photo", "attachment", "本人の写真", "Photo of the person", {
          contentTypes: ["image/*"],
          maxSize: 10_000_000,
          ...kit,
        }),
        item(
          "insurance_copy",
          "attachment",
          "健康保険証関係のコピー（資格情報のお知らせ／資格確認書のコピー）",
          "Copy of the health insurance documents",
          {
            ...copy,
            ...kit,
          },
        ),
        item("patient_card_copy", "attachment", "診察券のコピー", "Copy of the patient cards", { ...copy, ...kit }),
        item(
          "medication_record_copy",
          "attachment",
          "お薬手帳・薬剤情報提供書のコピー",
          "Copy of the medication record",
          { ...copy, ...kit },
        ),
      ],
      kit,
    ),
    item("storage", "display", "保管方法", "Where to keep it", {
      help: {
        ja: "専用容器に入れて冷蔵庫（ドアポケット等）に保管し、ステッカーを冷蔵庫の扉と玄関ドアの内側に貼ってください（玄関の外側は防犯上貼らないでください）。救急隊は同意なく冷蔵庫を開けて取り出すことがあります。",
        en: "Keep it in its container in the fridge (e.g. the door pocket) and put the stickers on the fridge door and on the inside of the front door (not outside, for security). Paramedics may open the fridge to take it without asking.",
      },
      ...kit,
    }),
  ],
}
