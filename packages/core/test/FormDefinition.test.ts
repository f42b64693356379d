import { describe, expect, it } from "vitest"
import { fromZodError } from "../src/Decode.js"
import type { ValidationIssue } from "../src/Errors.js"
import {
  answerConceptsOf,
  checkFormDefinition,
  FormDefinition,
  type FormItem,
  FormTemplateId,
  FormVersion,
  LinkId,
} from "../src/FormDefinition.js"

const t = (ja: string, en = ja) => ({ ja, en })

const definition = (items: ReadonlyArray<FormItem>, extra: Partial<FormDefinition> = {}): FormDefinition => ({
  id: "test-form",
  version: "1.0.0",
  status: "draft",
  title: t("テスト", "Test"),
  items: [...items],
  ...extra,
})

const issuesOf = (items: ReadonlyArray<FormItem>, extra: Partial<FormDefinition> = {}) =>
  checkFormDefinition(definition(items, extra))

const summary = (issues: ReadonlyArray<ValidationIssue>) => issues.map((i) => [i.path.join("."), i.code])

const name: FormItem = { linkId: "name", type: "string", text: t("氏名", "Name") }
const adl: FormItem = {
  linkId: "transfer",
  type: "choice",
  text: t("移乗", "Transfer"),
  answerCodeList: "assistance_level",
}

describe("FormDefinition", () => {
  it("accepts a definition using groups, repeats, conditions, calculations and code lists", () => {
    const result = FormDefinition.safeParse(
      definition(
        [
          {
            linkId: "patient",
            type: "group",
            text: t("利用者", "Patient"),
            required: true,
            items: [
              { ...name, required: true, maxLength: 40 },
              { linkId: "birth_date", type: "date", text: t("生年月日", "Birth date"), maxDate: { fromToday: {} } },
              { linkId: "age", type: "integer", text: t("年齢", "Age"), readOnly: true, calculated: "age(birth_date)" },
            ],
          },
          {
            linkId: "applicants",
            type: "group",
            text: t("申込者", "Applicants"),
            repeats: true,
            minOccurs: 1,
            maxOccurs: 10,
            items: [{ linkId: "hours", type: "decimal", text: t("時間", "Hours"), minValue: 0, maxDecimalPlaces: 1 }],
          },
          { linkId: "total_hours", type: "decimal", text: t("合計", "Total"), calculated: "sum(hours)" },
          adl,
          {
            linkId: "transfer_note",
            type: "text",
            text: t("移乗の留意点", "Transfer notes"),
            enableWhen: [{ question: "transfer", operator: "in", answer: ["partial_assistance", "full_assistance"] }],
          },
        ],
        { sources: [{ id: "s1", title: "source", grade: "official" }] },
      ),
    )
    expect(result.success, JSON.stringify(result.error?.issues)).toBe(true)
  })

  it("reports every problem at once, each with its path and a Japanese and English message", () => {
    const result = FormDefinition.safeParse(
      definition([
        { ...name, minValue: 1 },
        { linkId: "name", type: "integer", text: t("重複", "Duplicate") },
        { linkId: "choice", type: "choice", text: t("選択", "Choice") },
      ]),
    )
    expect(result.success).toBe(false)
    const error = fromZodError("form definition", result.error!)
    expect(summary(error.issues)).toEqual([
      ["items.0.minValue", "not_applicable"],
      ["items.1.linkId", "duplicate_link_id"],
      ["items.2", "missing_answers"],
    ])
    expect(error.issues[1]!.message).toEqual({
      ja: "項目ID「name」が重複しています（items.0 と同じです）",
      en: 'Duplicate linkId "name" (already used at items.0)',
    })
    expect(error.issues[0]!.message.ja).toContain("文字列（string）の項目には指定できません")
  })

  it("requires linkIds to be unique across nested groups, not only among siblings", () => {
    const issues = issuesOf([
      { linkId: "g", type: "group", text: t("G"), items: [name] },
      {
        linkId: "h",
        type: "group",
        text: t("H"),
        items: [{ linkId: "x", type: "group", text: t("X"), items: [name] }],
      },
    ])
    expect(summary(issues)).toEqual([["items.1.items.0.items.0.linkId", "duplicate_link_id"]])
  })

  it("keeps groups, display items and answer fields to the types they belong to", () => {
    const issues = issuesOf([
      { linkId: "empty", type: "group", text: t("空") },
      { linkId: "note", type: "display", text: t("注意"), required: true },
      { ...name, items: [{ linkId: "child", type: "string", text: t("子") }] },
      { linkId: "count", type: "integer", text: t("回数"), minOccurs: 1 },
      { linkId: "n", type: "integer", text: t("数"), minValue: 0.5, maxValue: 10 },
      { linkId: "when", type: "date", text: t("日"), minDate: "2025-01-01", maxDate: "2024-01-01" },
      { linkId: "code", type: "string", text: t("記号"), pattern: { regex: "([a-z]", message: t("形式", "Format") } },
    ])
    expect(summary(issues)).toEqual([
      ["items.0.items", "group_empty"],
      ["items.1.required", "not_applicable"],
      ["items.2.items", "not_applicable"],
      ["items.3.minOccurs", "not_applicable"],
      ["items.4.minValue", "invalid_bounds"],
      ["items.5.maxDate", "invalid_bounds"],
      ["items.6.pattern.regex", "invalid_pattern"],
    ])
  })

  it("checks that choice items name exactly one known list, with unique inline codes", () => {
    const issues = issuesOf([
      { linkId: "a", type: "choice", text: t("A"), answerCodeList: "no_such_list" },
      {
        linkId: "b",
        type: "multiChoice",
        text: t("B"),
        answerCodeList: "presence",
        answerOptions: [{ code: "x", label: t("X") }],
      },
      {
        linkId: "c",
        type: "openChoice",
        text: t("C"),
        answerOptions: [
          { code: "x", label: t("X") },
          { code: "x", label: t("Y") },
        ],
      },
    ])
    expect(summary(issues)).toEqual([
      ["items.0.answerCodeList", "unknown_code_list"],
      ["items.1.answerOptions", "conflicting_answers"],
      ["items.2.answerOptions.1.code", "duplicate_code"],
    ])
  })

  it("resolves code lists contained in the definition before the standard ones", () => {
    const contained = {
      id: "local_list",
      title: t("地域の選択肢", "Local list"),
      source: { title: "local", grade: "official" as const },
      concepts: [{ code: "one", label: t("一", "One") }],
    }
    const def = definition([{ linkId: "a", type: "choice", text: t("A"), answerCodeList: "local_list" }], {
      codeLists: [contained],
    })
    expect(checkFormDefinition(def)).toEqual([])
    expect(answerConceptsOf(def, def.items[0]!)?.map((c) => c.code)).toEqual(["one"])
    expect(answerConceptsOf(def, adl)?.map((c) => c.code)).toEqual([
      "independent",
      "supervision",
      "partial_assistance",
      "full_assistance",
    ])
  })

  it("checks enableWhen: the question exists, is answerable, and the operator and answer fit its type and codes", () => {
    const issues = issuesOf([
      adl,
      { linkId: "count", type: "integer", text: t("回数") },
      { linkId: "section", type: "group", text: t("節"), items: [{ linkId: "inner", type: "string", text: t("内") }] },
      {
        linkId: "e1",
        type: "string",
        text: t("1"),
        enableWhen: [{ question: "missing", operator: "exists", answer: true }],
      },
      {
        linkId: "e2",
        type: "string",
        text: t("2"),
        enableWhen: [{ question: "e2", operator: "exists", answer: true }],
      },
      {
        linkId: "e3",
        type: "string",
        text: t("3"),
        enableWhen: [{ question: "section", operator: "exists", answer: true }],
      },
      {
        linkId: "e4",
        type: "string",
        text: t("4"),
        enableWhen: [{ question: "transfer", operator: "<", answer: "supervision" }],
      },
      {
        linkId: "e5",
        type: "string",
        text: t("5"),
        enableWhen: [{ question: "transfer", operator: "=", answer: "walking" }],
      },
      { linkId: "e6", type: "string", text: t("6"), enableWhen: [{ question: "count", operator: "=", answer: "3" }] },
      { linkId: "e7", type: "string", text: t("7"), enableWhen: [{ question: "count", operator: "in", answer: 3 }] },
      {
        linkId: "e8",
        type: "string",
        text: t("8"),
        enableWhen: [{ question: "count", operator: "exists", answer: 1 }],
      },
      { linkId: "e9", type: "string", text: t("9"), enableWhen: [{ question: "count", operator: ">=", answer: 2 }] },
    ])
    expect(summary(issues)).toEqual([
      ["items.3.enableWhen.0.question", "unknown_question"],
      ["items.4.enableWhen.0.question", "enable_when_self"],
      ["items.5.enableWhen.0.question", "enable_when_not_question"],
      ["items.6.enableWhen.0.operator", "invalid_condition"],
      ["items.7.enableWhen.0.answer", "invalid_condition"],
      ["items.8.enableWhen.0.answer", "invalid_condition"],
      ["items.9.enableWhen.0.answer", "invalid_condition"],
      ["items.10.enableWhen.0.answer", "invalid_condition"],
    ])
    expect(issues[4]!.message.ja).toBe("表示条件の値「walking」は「transfer」の選択肢にありません")
  })

  it("finds circular conditions, including a group enabled by a question inside it", () => {
    const issues = issuesOf([
      { linkId: "a", type: "boolean", text: t("A"), enableWhen: [{ question: "b", operator: "=", answer: true }] },
      { linkId: "b", type: "boolean", text: t("B"), enableWhen: [{ question: "a", operator: "=", answer: true }] },
      {
        linkId: "g",
        type: "group",
        text: t("G"),
        enableWhen: [{ question: "inside", operator: "exists", answer: true }],
        items: [{ linkId: "inside", type: "boolean", text: t("内") }],
      },
    ])
    expect(summary(issues)).toEqual([
      ["items.0.linkId", "dependency_cycle"],
      ["items.2.linkId", "dependency_cycle"],
    ])
    expect(issues[0]!.message.en).toContain("a → b → a")
  })

  it("checks calculated values and constraints: they parse, read existing answers and give the item's type", () => {
    const issues = issuesOf([
      { linkId: "birth", type: "date", text: t("生年月日") },
      {
        linkId: "people",
        type: "group",
        text: t("人"),
        repeats: true,
        items: [{ linkId: "weight", type: "decimal", text: t("体重") }],
      },
      { linkId: "c1", type: "integer", text: t("1"), calculated: "age(birth" },
      { linkId: "c2", type: "integer", text: t("2"), calculated: "birth" },
      { linkId: "c3", type: "decimal", text: t("3"), calculated: "weight * 2" },
      { linkId: "c4", type: "decimal", text: t("4"), calculated: "sum(weight)" },
      {
        linkId: "c5",
        type: "integer",
        text: t("5"),
        constraints: [{ key: "k", expression: "c5 + 1", message: t("制約") }],
      },
      { linkId: "c6", type: "attachment", text: t("6"), calculated: "1" },
    ])
    expect(summary(issues)).toEqual([
      ["items.2.calculated", "invalid_expression"],
      ["items.3.calculated", "invalid_expression"],
      ["items.4.calculated", "invalid_expression"],
      ["items.6.constraints.0.expression", "invalid_expression"],
      ["items.7.calculated", "not_applicable"],
    ])
    expect(issues[1]!.message.en).toBe("The calculation gives date, which does not fit an item of type integer")
    expect(issues[2]!.message.en).toContain('"weight" can hold several values')
  })

  it("lets an item inside a repeating group read its own instance's answers", () => {
    const issues = issuesOf([
      {
        linkId: "people",
        type: "group",
        text: t("人"),
        repeats: true,
        items: [
          { linkId: "birth", type: "date", text: t("生年月日") },
          { linkId: "age", type: "integer", text: t("年齢"), calculated: "age(birth)" },
        ],
      },
    ])
    expect(issues).toEqual([])
  })

  it("checks the reply section, item sources and the effective period", () => {
    const issues = issuesOf([name], {
      replyItem: "name",
      effectivePeriod: { start: "2025-04-01", end: "2025-03-31" },
      sources: [{ id: "a", title: "A", grade: "official" }],
      items: [{ ...name, source: "b" }],
    })
    expect(summary(issues)).toEqual([
      ["effectivePeriod.end", "invalid_period"],
      ["replyItem", "invalid_reply_item"],
      ["items.0.source", "unknown_source"],
    ])
  })
})

describe("identifiers", () => {
  it("accept stable ids, semantic versions and linkIds usable as JSON keys", () => {
    expect(FormTemplateId.safeParse("admission-information").success).toBe(true)
    expect(FormTemplateId.safeParse("Admission").success).toBe(false)
    expect(FormVersion.safeParse("1.2.0").success).toBe(true)
    expect(FormVersion.safeParse("01.2.0").success).toBe(false)
    expect(FormVersion.safeParse("1.2.0-beta").success).toBe(false)
    expect(LinkId.safeParse("adl.transfer-1").success).toBe(true)
    expect(LinkId.safeParse("has space").success).toBe(false)
  })
})
