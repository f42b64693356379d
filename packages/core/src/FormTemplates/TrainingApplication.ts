import type { FormDefinition } from "../FormDefinition.js"
import { group, hiragana, item } from "../internal/formBuilders.js"

const aikawa = { source: "aikawa-training-application-r7" } as const

/**
 * 研修申込書 (training application) as a form definition, from the 申込書 of the 愛川町在宅医療・介護連携推進協議会
 * 令和7年度 多職種研修会: 事業所名, 連絡先 (事業所連絡担当者, メール, 電話), one or more 申込者 (氏名, ふりがな, メール — or
 * 「同上」 when the contact person forwards the mail —, 職種), and 質問事項 (聞いてみたい職種 and 内容). 海老名市 took
 * applications by Google Form or a FAX 申込用紙 whose items are not in the seed documents.
 *
 * @since 0.1.0
 * @category templates
 * @example
 * ```ts
 * import { trainingApplicationTemplate } from "@zaitaku/core"
 *
 * trainingApplicationTemplate.items.map((i) => i.linkId)
 * // ["training_title", "office_name", "contact", "applicants", "questions", "notice"]
 * ```
 */
export const trainingApplicationTemplate: FormDefinition = {
  id: "training-application",
  version: "1.0.0",
  status: "active",
  title: { ja: "研修申込書", en: "Training application" },
  description: {
    ja: "医療・介護関係者向け研修会（多職種研修会）の参加申込。愛川町の申込書に基づく。",
    en: "Application to a training session for medical and care staff, after the Aikawa application form.",
  },
  publisher: { ja: "Zaitaku（愛川町の申込書に基づく）", en: "Zaitaku (after the Aikawa application form)" },
  sources: [
    {
      id: "aikawa-training-application-r7",
      title: "愛川町在宅医療・介護連携推進協議会 令和7年度 多職種研修会 申込書",
      grade: "official",
      note: "Zaitaku seed document 002 (愛川町 section).",
    },
    {
      id: "ebina-training-r7",
      title: "えびな在宅医療相談室 令和7年度 第1回多職種向け研修会 案内（申込: Googleフォーム または FAX 申込用紙）",
      grade: "official",
      note: "Seed document 002; the FAX form's items are not in the seed, so nothing is taken from it.",
    },
  ],
  items: [
    item("training_title", "string", "研修名", "Training session", {
      maxLength: 200,
      help: {
        ja: "申し込む研修会の名称（主催者が記入しておく欄）",
        en: "The session applied for (usually filled in by the organizer)",
      },
      unconfirmed: "The seed form prints the session's title and theme at the top; as an answer it is Zaitaku's.",
    }),
    item("office_name", "string", "事業所名", "Office", { required: true, maxLength: 100, ...aikawa }),
    group(
      "contact",
      "連絡先",
      "Contact",
      [
        item("contact_person", "string", "事業所連絡担当者", "Contact person", {
          required: true,
          maxLength: 50,
          ...aikawa,
        }),
        item("contact_email", "email", "事業所メールアドレス", "Office email", { required: true, ...aikawa }),
        item("contact_phone", "phone", "事業所電話番号", "Office phone", { required: true, ...aikawa }),
      ],
      { required: true, ...aikawa },
    ),
    group(
      "applicants",
      "申込者",
      "Applicants",
      [
        item("name", "string", "氏名", "Name", { required: true, maxLength: 50, ...aikawa }),
        item("kana", "string", "ふりがな", "Name in kana", { required: true, maxLength: 100, ...hiragana, ...aikawa }),
        item(
          "email_same_as_contact",
          "boolean",
          "メールアドレスは連絡先と同じ（同上）",
          "Same email as the contact (同上)",
          {
            help: {
              ja: "個別のメールは、上記連絡先（代表）の方が申込者全員に展開する場合は、「同上」で結構です。",
              en: "If the contact person forwards the mail to every applicant, tick 同上 instead of giving an address.",
            },
            ...aikawa,
          },
        ),
        item("email", "email", "メールアドレス", "Email", {
          required: true,
          enableBehavior: "any",
          enableWhen: [
            { question: "email_same_as_contact", operator: "exists", answer: false },
            { question: "email_same_as_contact", operator: "=", answer: false },
          ],
          ...aikawa,
        }),
        item("profession", "openChoice", "職種", "Profession", {
          required: true,
          answerCodeList: "profession",
          ...aikawa,
          unconfirmed:
            "The seed form leaves 職種 blank to write in; the list offered is Zaitaku's (free text stays possible).",
        }),
      ],
      {
        required: true,
        repeats: true,
        minOccurs: 1,
        ...aikawa,
        unconfirmed: "The paper form has three rows; no maximum is set here.",
      },
    ),
    group(
      "questions",
      "質問事項",
      "Questions",
      [
        item(
          "questions_intro",
          "display",
          "今回のテーマに関連して、他の方に聞いてみたいこと",
          "What you would like to ask others about the theme",
          aikawa,
        ),
        item("ask_professions", "multiChoice", "聞いてみたい職種", "Professions to ask", {
          answerCodeList: "profession_group",
          ...aikawa,
        }),
        item("ask_professions_other", "string", "その他の職種", "Other profession", {
          maxLength: 50,
          enableWhen: [{ question: "ask_professions", operator: "=", answer: "other" }],
          ...aikawa,
        }),
        item("ask_content", "text", "聞いてみたい内容", "What to ask", { maxLength: 1000, ...aikawa }),
      ],
      aikawa,
    ),
    item("notice", "display", "注意事項", "Notice", {
      help: {
        ja: "いただいた情報は、研修会のため、主催者（協議会の委員等）が共有させていただくことを、あらかじめご了承ください。",
        en: "The information you give is shared among the organizers (such as council members) for the training session.",
      },
      source: "aikawa-training-application-r7",
      unconfirmed: "Adapted: 愛川町's notice names its own 協議会委員.",
    }),
  ],
}
