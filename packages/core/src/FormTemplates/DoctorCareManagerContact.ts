import type { FormDefinition } from "../FormDefinition.js"
import { birthDateBounds, choice, group, item, notFuture } from "../internal/formBuilders.js"

const atsugi = { source: "atsugi-common-form-1" } as const
const ours = (what: string) => ({
  unconfirmed: `${what} Wording is Zaitaku's; only the 照会目的 are confirmed from 共通書式1.`,
})

/**
 * 医師とケアマネジャーの連絡票 (doctor–care manager contact sheet) as a form definition: the care manager's enquiry with
 * one or more of the eight 照会目的 of the 厚木市・愛川町・清川村 共通書式1 (verbatim), and a 返信欄 (reply section,
 * `replyItem`) the doctor fills in. The sheet's other wording is not confirmed and is flagged.
 *
 * @since 0.1.0
 * @category templates
 * @example
 * ```ts
 * import { doctorCareManagerContactTemplate } from "@zaitaku/core"
 *
 * doctorCareManagerContactTemplate.replyItem // "reply"
 * ```
 */
export const doctorCareManagerContactTemplate: FormDefinition = {
  id: "doctor-care-manager-contact",
  version: "1.0.0",
  status: "active",
  title: { ja: "医師とケアマネジャーの連絡票", en: "Doctor–care manager contact sheet" },
  description: {
    ja: "ケアマネジャーから主治医への照会・連絡と、その返信。照会目的は厚木市・愛川町・清川村 共通書式1に基づく。",
    en: "An enquiry or notice from the care manager to the doctor, and the doctor's reply. The purposes follow the common form 1 of Atsugi, Aikawa and Kiyokawa.",
  },
  publisher: {
    ja: "Zaitaku（厚木市・愛川町・清川村 共通書式1に基づく）",
    en: "Zaitaku (after the Atsugi-area common form 1)",
  },
  replyItem: "reply",
  sources: [
    {
      id: "atsugi-common-form-1",
      title: "厚木市・愛川町・清川村 共通書式1「医師とケアマネジャーとの連絡票」",
      url: "https://www.city.atsugi.kanagawa.jp/iryo_fukushi/kaigohoken/4/6/19945.html",
      grade: "official",
    },
    {
      id: "shibukawa-operating-rules",
      title: "渋川地区医師会「介護情報提供書」運用基準",
      url: "http://shibukawa.gunma.med.or.jp/p09-01.htm",
      grade: "official",
      note: "FAX/E-mailになじまない情報 = 生活保護の受給の有無、本人に告知されていない疾病名.",
    },
    {
      id: "ebina-contact-sheet",
      title: "海老名市（海老名市医師会）医師とケアマネジャーの連絡票",
      url: "http://ebinaishikai.jp/medical_home_care.html",
      grade: "official",
      note: "Seed document 002 says 海老名市 made such a sheet; its content was not read.",
    },
  ],
  items: [
    group(
      "header",
      "宛先・差出人",
      "To and from",
      [
        item("sent_on", "date", "記入日", "Date written", { required: true, ...notFuture, ...ours("Header item.") }),
        item("doctor_clinic", "string", "医療機関名", "Clinic or hospital", {
          required: true,
          maxLength: 100,
          ...ours("Header item."),
        }),
        item("doctor_name", "string", "医師名", "Doctor", { required: true, maxLength: 50, ...ours("Header item.") }),
        item("care_office_name", "string", "居宅介護支援事業所名", "Care management office", {
          required: true,
          maxLength: 100,
          ...ours("Header item."),
        }),
        item("care_manager_name", "string", "担当ケアマネジャー", "Care manager", {
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
      "patient",
      "利用者",
      "Care recipient",
      [
        item("patient_name", "string", "利用者氏名", "Name", {
          required: true,
          maxLength: 50,
          ...ours("Patient item."),
        }),
        item("patient_birth_date", "date", "生年月日", "Date of birth", {
          ...birthDateBounds,
          ...ours("Patient item."),
        }),
        choice("care_need_level", "要介護度", "Care need level", "care_need_level", ours("Patient item.")),
      ],
      { required: true, ...ours("Patient group.") },
    ),
    item("enquiry_purposes", "multiChoice", "照会目的", "Purpose of the enquiry", {
      required: true,
      answerCodeList: "doctor_care_manager_enquiry_purpose",
      ...atsugi,
      unconfirmed:
        "The eight purposes are verbatim; whether the sheet allows more than one at a time is not confirmed.",
    }),
    item("enquiry_purpose_other", "string", "その他の照会目的", "Other purpose", {
      required: true,
      maxLength: 200,
      enableWhen: [{ question: "enquiry_purposes", operator: "=", answer: "other" }],
      ...ours("Detail of その他."),
    }),
    item("enquiry", "text", "照会内容・連絡事項", "Enquiry or notice", {
      required: true,
      maxLength: 2000,
      help: {
        ja: "生活保護の受給の有無や、本人に告知されていない疾病名など、FAX・メールになじまない情報は書かないでください。",
        en: "Do not write information unsuited to fax or email, such as whether the person receives public assistance or a diagnosis the person has not been told.",
      },
      source: "shibukawa-operating-rules",
      unconfirmed: "The item label is Zaitaku's; the help text follows the 渋川地区医師会 operating rules.",
    }),
    item("reply_requested_by", "date", "返信希望日", "Reply requested by", {
      constraints: [
        {
          key: "reply-after-sending",
          expression: "reply_requested_by >= sent_on",
          message: { ja: "返信希望日は記入日以降にしてください", en: "The reply date cannot precede the date written" },
        },
      ],
      ...ours("Reply date."),
    }),
    group(
      "reply",
      "返信欄",
      "Reply",
      [
        item("replied_on", "date", "返信日", "Date of reply", {
          required: true,
          ...notFuture,
          constraints: [
            {
              key: "reply-after-enquiry",
              expression: "replied_on >= sent_on",
              message: { ja: "返信日は照会の記入日以降にしてください", en: "The reply cannot precede the enquiry" },
            },
          ],
          ...ours("Reply item."),
        }),
        item("reply_text", "text", "回答・意見", "Answer or opinion", {
          required: true,
          maxLength: 2000,
          ...ours("Reply item."),
        }),
        item("replying_doctor", "string", "医師名", "Doctor", { maxLength: 50, ...ours("Reply item.") }),
      ],
      ours("Reply section."),
    ),
  ],
}
