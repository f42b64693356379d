import { describe, expect, it } from "vitest"
import type { FormDefinition, FormItem } from "../src/FormDefinition.js"
import type { FormAnswers } from "../src/FormResponse.js"
import { type FormValidationResult, validateFormResponse } from "../src/FormValidation.js"

const t = (ja: string, en = ja) => ({ ja, en })

const form = (items: ReadonlyArray<FormItem>, extra: Partial<FormDefinition> = {}): FormDefinition => ({
  id: "test-form",
  version: "1.0.0",
  status: "active",
  title: t("テスト", "Test"),
  items: [...items],
  ...extra,
})

const validate = (
  definition: FormDefinition,
  answers: FormAnswers,
  status: "completed" | "in-progress" = "completed",
  today = "2026-01-10",
): FormValidationResult =>
  validateFormResponse(
    definition,
    { template: { id: definition.id, version: definition.version }, status, answers },
    { today },
  )

const problems = (result: FormValidationResult) => result.issues.map((i) => [i.path.join("."), i.code])

const application = form([
  { linkId: "office_name", type: "string", text: t("事業所名", "Office"), required: true, maxLength: 10 },
  {
    linkId: "applicants",
    type: "group",
    text: t("申込者", "Applicants"),
    required: true,
    repeats: true,
    maxOccurs: 3,
    items: [
      { linkId: "name", type: "string", text: t("氏名", "Name"), required: true },
      {
        linkId: "kana",
        type: "string",
        text: t("ふりがな", "Kana"),
        pattern: { regex: "[ぁ-ゖー 　]+", message: t("ひらがなで入力してください", "Use hiragana") },
      },
      { linkId: "email", type: "email", text: t("メール", "Email") },
      { linkId: "profession", type: "openChoice", text: t("職種", "Profession"), answerCodeList: "profession" },
    ],
  },
  { linkId: "phone", type: "phone", text: t("電話", "Phone") },
  { linkId: "postal", type: "postalCode", text: t("郵便番号", "Postal code") },
  {
    linkId: "ask",
    type: "multiChoice",
    text: t("聞いてみたい職種", "Ask"),
    answerCodeList: "profession_group",
    maxOccurs: 3,
  },
  {
    linkId: "ask_other",
    type: "string",
    text: t("その他の職種", "Other profession"),
    required: true,
    enableWhen: [{ question: "ask", operator: "=", answer: "other" }],
  },
])

describe("validateFormResponse", () => {
  it("accepts a complete, valid response and keeps its answers", () => {
    const answers = {
      office_name: "愛川訪問看護",
      applicants: [
        { name: "山田 花子", kana: "やまだ はなこ", email: "yamada@example.jp", profession: "nurse" },
        { name: "佐藤 一郎", profession: { text: "看護助手" } },
      ],
      phone: "046-285-2111",
      postal: "243-0392",
      ask: ["doctor", "other"],
      ask_other: "管理栄養士",
    }
    const result = validate(application, answers)
    expect(problems(result)).toEqual([])
    expect(result.valid).toBe(true)
    expect(result.answers).toEqual(answers)
  })

  it("reports every problem, with repeat indexes in the path and messages in both languages", () => {
    const result = validate(application, {
      office_name: "愛川町訪問看護ステーション本店",
      applicants: [
        { name: "山田 花子", kana: "ヤマダ", email: "yamada@", profession: "nurse" },
        { kana: "さとう", profession: "astronaut" },
      ],
      phone: "046-285-211",
      postal: "2430392x",
      ask: ["doctor", "doctor", "nope"],
    })
    expect(problems(result)).toEqual([
      ["answers.office_name", "too_long"],
      ["answers.applicants.0.kana", "pattern"],
      ["answers.applicants.0.email", "invalid_email"],
      ["answers.applicants.1.name", "required"],
      ["answers.applicants.1.profession", "not_in_code_list"],
      ["answers.phone", "invalid_phone"],
      ["answers.postal", "invalid_postal_code"],
      ["answers.ask.2", "not_in_code_list"],
      ["answers.ask.1", "duplicate_choice"],
    ])
    expect(result.valid).toBe(false)
    const byPath = new Map(result.issues.map((issue) => [issue.path.join("."), issue]))
    expect(byPath.get("answers.office_name")!.message).toEqual({
      ja: "「事業所名」は10文字以内で入力してください（15文字）",
      en: '"Office" allows at most 10 characters (got 15)',
    })
    expect(byPath.get("answers.applicants.0.kana")!.message.ja).toBe("「ふりがな」: ひらがなで入力してください")
    expect(byPath.get("answers.applicants.1.name")!.linkId).toBe("name")
    expect(byPath.get("answers.phone")!.message.ja).toContain("10桁または11桁")
    expect(byPath.get("answers.applicants.1.profession")!.message.en).toContain('{ "text": "…" }')
  })

  it("drops answers to disabled items, reports them as dropped, and does not validate them", () => {
    const result = validate(application, {
      office_name: "愛川訪問看護",
      applicants: [{ name: "山田 花子" }],
      ask: ["doctor"],
      ask_other: ["not even a string"],
    })
    expect(problems(result)).toEqual([])
    expect(result.dropped).toEqual([{ path: ["answers", "ask_other"], linkId: "ask_other", reason: "disabled" }])
    expect(result.answers).not.toHaveProperty("ask_other")
  })

  it("requires an enabled required item, and counts occurrences of repeating groups", () => {
    const result = validate(application, {
      applicants: [{ name: "a" }, { name: "b" }, { name: "c" }, { name: "d" }, {}],
      ask: ["other"],
    })
    expect(problems(result)).toEqual([
      ["answers.office_name", "required"],
      ["answers.applicants", "too_many"],
      ["answers.ask_other", "required"],
    ])
    expect(result.issues[1]!.message.ja).toBe("「申込者」は3件までです（4件）")
  })

  it("lets a draft be incomplete but still checks what it holds", () => {
    const draft = validate(application, { applicants: [{ kana: "カタカナ" }] }, "in-progress")
    expect(problems(draft)).toEqual([["answers.applicants.0.kana", "pattern"]])
    const empty = validate(application, {}, "in-progress")
    expect(empty.valid).toBe(true)
    expect(problems(validate(application, {}))).toEqual([
      ["answers.office_name", "required"],
      ["answers.applicants", "required"],
    ])
  })

  it("reports answers the definition does not have, and answers of the wrong shape", () => {
    const result = validate(application, {
      office_name: ["two", "names"],
      applicants: { name: "not a list" },
      ask: "doctor",
      extra: "x",
      phone: 462852111,
    })
    expect(problems(result)).toEqual([
      ["answers.office_name", "invalid_type"],
      ["answers.applicants", "invalid_type"],
      ["answers.phone", "invalid_type"],
      ["answers.ask", "invalid_type"],
      ["answers.extra", "unknown_item"],
    ])
    expect(result.answers).not.toHaveProperty("extra")
  })

  it("does not require the items of an optional group left empty, but does once it is started", () => {
    const reply = form([
      { linkId: "question", type: "text", text: t("照会内容") },
      {
        linkId: "reply",
        type: "group",
        text: t("返信欄", "Reply"),
        items: [
          { linkId: "replied_on", type: "date", text: t("返信日", "Reply date"), required: true },
          { linkId: "answer", type: "text", text: t("回答", "Answer"), required: true },
        ],
      },
    ])
    expect(problems(validate(reply, { question: "?" }))).toEqual([])
    expect(problems(validate(reply, { question: "?", reply: { answer: "はい", replied_on: "" } }))).toEqual([
      ["answers.reply.replied_on", "required"],
    ])
  })

  it("checks numbers, dates relative to today, and date-times", () => {
    const definition = form([
      { linkId: "count", type: "integer", text: t("回数"), minValue: 0, maxValue: 10 },
      { linkId: "kg", type: "decimal", text: t("体重"), maxDecimalPlaces: 1 },
      {
        linkId: "birth",
        type: "date",
        text: t("生年月日"),
        maxDate: { fromToday: {} },
        minDate: { fromToday: { years: -120 } },
      },
      { linkId: "when", type: "dateTime", text: t("日時"), minDate: "2025-04-01" },
      { linkId: "at", type: "time", text: t("時刻") },
    ])
    expect(
      problems(
        validate(definition, {
          count: 11,
          kg: 50.25,
          birth: "2026-01-11",
          when: "2025-03-31T23:59+09:00",
          at: "24:00",
        }),
      ),
    ).toEqual([
      ["answers.count", "too_big"],
      ["answers.kg", "decimal_places"],
      ["answers.birth", "date_too_late"],
      ["answers.when", "date_too_early"],
      ["answers.at", "invalid_time"],
    ])
    expect(problems(validate(definition, { count: 1.5, birth: "2026-02-30", when: "2025-04-01" }))).toEqual([
      ["answers.count", "invalid_type"],
      ["answers.birth", "invalid_date"],
      ["answers.when", "invalid_datetime"],
    ])
    expect(
      problems(
        validate(definition, { count: 10, kg: 50.2, birth: "1906-01-10", when: "2025-04-01T00:00", at: "23:59" }),
      ),
    ).toEqual([])
    expect(problems(validate(definition, { birth: "1906-01-09" }))).toEqual([["answers.birth", "date_too_early"]])
  })

  it("checks attachments: location, size and media type", () => {
    const definition = form([
      { linkId: "photo", type: "attachment", text: t("写真", "Photo"), maxSize: 1000, contentTypes: ["image/*"] },
    ])
    expect(
      problems(validate(definition, { photo: { contentType: "image/jpeg", title: "a.jpg", size: 999, id: "f1" } })),
    ).toEqual([])
    expect(
      problems(
        validate(definition, { photo: { contentType: "application/pdf", title: "a.pdf", size: 1001, id: "f1" } }),
      ),
    ).toEqual([
      ["answers.photo", "attachment_too_large"],
      ["answers.photo", "attachment_type"],
    ])
    expect(problems(validate(definition, { photo: { contentType: "image/jpeg", title: "a.jpg" } }))).toEqual([
      ["answers.photo", "invalid_attachment"],
    ])
  })

  it("fills calculated values, replacing a different given value, within each repeat instance", () => {
    const definition = form([
      { linkId: "height", type: "decimal", text: t("身長") },
      { linkId: "weight", type: "decimal", text: t("体重") },
      { linkId: "bmi", type: "decimal", text: t("BMI"), readOnly: true, calculated: "round(bmi(weight, height), 1)" },
      {
        linkId: "people",
        type: "group",
        text: t("人"),
        repeats: true,
        items: [
          { linkId: "birth", type: "date", text: t("生年月日") },
          { linkId: "age", type: "integer", text: t("年齢"), calculated: "age(birth)", maxValue: 120 },
        ],
      },
      { linkId: "total_age", type: "integer", text: t("年齢の合計"), calculated: "sum(age)" },
    ])
    const result = validate(definition, {
      height: 160,
      weight: 50,
      bmi: 99,
      people: [{ birth: "1950-01-10" }, { birth: "1948-04-02" }, { birth: "1890-01-01" }],
    })
    expect(result.answers).toEqual({
      height: 160,
      weight: 50,
      bmi: 19.5,
      people: [
        { birth: "1950-01-10", age: 76 },
        { birth: "1948-04-02", age: 77 },
        { birth: "1890-01-01", age: 136 },
      ],
      total_age: 289,
    })
    expect(result.calculated.find((c) => c.linkId === "bmi")).toEqual({
      path: ["answers", "bmi"],
      linkId: "bmi",
      value: 19.5,
      replaced: true,
    })
    expect(problems(result)).toEqual([["answers.people.2.age", "too_big"]])
    const noInputs = validate(definition, { bmi: 20 })
    expect(noInputs.answers).toEqual({ total_age: 0 })
    expect(noInputs.dropped).toEqual([{ path: ["answers", "bmi"], linkId: "bmi", reason: "calculated" }])
  })

  it("reports one mistake once: an invalid answer is treated as absent by calculations and conditions", () => {
    const definition = form([
      { linkId: "birth", type: "date", text: t("生年月日"), maxDate: { fromToday: {} } },
      { linkId: "age", type: "integer", text: t("年齢"), calculated: "age(birth)" },
      { linkId: "level", type: "choice", text: t("要介護度"), answerCodeList: "care_need_level" },
      {
        linkId: "note",
        type: "string",
        text: t("備考"),
        enableWhen: [{ question: "level", operator: "exists", answer: true }],
      },
    ])
    const result = validate(definition, { birth: "2027-01-01", level: "care_9", note: "x" })
    expect(problems(result)).toEqual([
      ["answers.birth", "date_too_late"],
      ["answers.level", "not_in_code_list"],
    ])
    expect(result.answers).not.toHaveProperty("age")
    expect(result.dropped.map((d) => d.linkId)).toEqual(["note"])
  })

  it("evaluates cross-item constraints, and enableWhen within the same repeat instance", () => {
    const definition = form([
      { linkId: "admitted", type: "date", text: t("入院日") },
      {
        linkId: "discharged",
        type: "date",
        text: t("退院日"),
        constraints: [
          {
            key: "after",
            expression: "discharged >= admitted",
            message: t("退院日は入院日以降にしてください", "Discharge must not precede admission"),
          },
        ],
      },
      {
        linkId: "contacts",
        type: "group",
        text: t("連絡先"),
        repeats: true,
        items: [
          { linkId: "has_phone", type: "boolean", text: t("電話あり") },
          {
            linkId: "tel",
            type: "phone",
            text: t("電話"),
            required: true,
            enableWhen: [{ question: "has_phone", operator: "=", answer: true }],
          },
        ],
      },
    ])
    const result = validate(definition, {
      admitted: "2025-05-10",
      discharged: "2025-05-01",
      contacts: [{ has_phone: true }, { has_phone: false, tel: "046-285-2111" }],
    })
    expect(problems(result)).toEqual([
      ["answers.discharged", "constraint"],
      ["answers.contacts.0.tel", "required"],
    ])
    expect(result.issues[0]!.message.ja).toBe("退院日は入院日以降にしてください")
    expect(result.dropped.map((d) => d.path.join("."))).toEqual(["answers.contacts.1.tel"])
    expect(problems(validate(definition, { discharged: "2025-05-01" }))).toEqual([])
  })

  it("follows FHIR for != and exists, and for an unanswered question", () => {
    const definition = form([
      { linkId: "level", type: "choice", text: t("要介護度"), answerCodeList: "care_need_level" },
      {
        linkId: "not_care_1",
        type: "string",
        text: t("1"),
        enableWhen: [{ question: "level", operator: "!=", answer: "care_1" }],
      },
      {
        linkId: "unanswered",
        type: "string",
        text: t("2"),
        enableWhen: [{ question: "level", operator: "exists", answer: false }],
      },
      {
        linkId: "heavy",
        type: "string",
        text: t("3"),
        enableWhen: [{ question: "level", operator: "in", answer: ["care_4", "care_5"] }],
      },
      {
        linkId: "any",
        type: "string",
        text: t("4"),
        enableBehavior: "any",
        enableWhen: [
          { question: "level", operator: "=", answer: "care_1" },
          { question: "level", operator: "exists", answer: false },
        ],
      },
    ])
    const all = { not_care_1: "x", unanswered: "x", heavy: "x", any: "x" }
    const kept = (answers: FormAnswers) => Object.keys(validate(definition, answers).answers).sort()
    expect(kept(all)).toEqual(["any", "unanswered"])
    expect(kept({ ...all, level: "care_1" })).toEqual(["any", "level"])
    expect(kept({ ...all, level: "care_5" })).toEqual(["heavy", "level", "not_care_1"])
  })

  it("refuses a response filled against another version, or a malformed response", () => {
    const result = validateFormResponse(
      application,
      { template: { id: "test-form", version: "1.1.0" }, status: "completed", answers: {} },
      { today: "2026-01-10" },
    )
    expect(problems(result)).toEqual([["template", "template_mismatch"]])
    expect(result.issues[0]!.message.en).toBe("This response was filled against test-form@1.1.0, not test-form@1.0.0")
    const malformed = validateFormResponse(application, { status: "done", answers: [] }, { today: "2026-01-10" })
    expect(malformed.issues.map((i) => i.path.join("."))).toEqual(["template", "status", "answers"])
  })

  it("refuses to validate against a definition that is itself invalid", () => {
    const broken = form([
      { linkId: "a", type: "string", text: t("A") },
      { linkId: "a", type: "string", text: t("A") },
    ])
    const result = validate(broken, {})
    expect(problems(result)).toEqual([["definition.items.1.linkId", "invalid_definition"]])
  })
})
