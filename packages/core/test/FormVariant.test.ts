import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { ValidationError } from "../src/Errors.js"
import { answerConceptsOf, type FormDefinition, type FormItem } from "../src/FormDefinition.js"
import { definitionOfResponse, FormResponse, newFormResponse } from "../src/FormResponse.js"
import {
  compareFormVersions,
  type FormVariant,
  isFormUsableOn,
  resolveFormVariant,
  selectFormVersion,
} from "../src/FormVariant.js"

const t = (ja: string, en = ja) => ({ ja, en })

const base: FormDefinition = {
  id: "admission-information",
  version: "1.0.0",
  status: "active",
  title: t("入院時情報提供書", "Admission information"),
  sources: [{ id: "mhlw", title: "MHLW", grade: "official" }],
  items: [
    {
      linkId: "basic",
      type: "group",
      text: t("基本情報", "Basic"),
      items: [
        { linkId: "name", type: "string", text: t("氏名", "Name"), required: true },
        { linkId: "birth_date", type: "date", text: t("生年月日", "Birth date"), maxDate: { fromToday: {} } },
        { linkId: "age", type: "integer", text: t("年齢", "Age"), calculated: "age(birth_date)", minValue: 0 },
      ],
    },
    {
      linkId: "adl",
      type: "group",
      text: t("ADL"),
      items: [
        { linkId: "transfer", type: "choice", text: t("移乗", "Transfer"), answerCodeList: "assistance_level" },
        { linkId: "udf_category", type: "openChoice", text: t("UDF等の食形態区分"), answerCodeList: "udf_category" },
        { linkId: "meal_count", type: "integer", text: t("食事回数"), minValue: 0, maxValue: 10 },
        { linkId: "note", type: "text", text: t("備考"), pattern: { regex: "^.*$", message: t("形式") } },
      ],
    },
  ],
}

const variant = (changes: FormVariant["changes"], extra: Partial<FormVariant> = {}): FormVariant => ({
  id: "admission-information.example-area",
  version: "1.0.0",
  status: "active",
  base: { id: "admission-information", version: "1.0.0" },
  changes,
  ...extra,
})

const resolved = (v: FormVariant): FormDefinition => {
  const result = resolveFormVariant(base, v)
  if (Result.isFailure(result)) throw new Error(result.failure.message)
  return result.success
}

const failure = (v: FormVariant): ValidationError => {
  const result = resolveFormVariant(base, v)
  if (Result.isSuccess(result)) throw new Error("expected the variant to be refused")
  return result.failure
}

const linkIds = (items: ReadonlyArray<FormItem>): ReadonlyArray<string> =>
  items.flatMap((item) => [item.linkId, ...linkIds(item.items ?? [])])

describe("versions", () => {
  it("compares semantic versions numerically, not as text", () => {
    expect(["1.10.0", "1.2.0", "0.9.9", "1.9.3", "2.0.0"].sort(compareFormVersions)).toEqual([
      "0.9.9",
      "1.2.0",
      "1.9.3",
      "1.10.0",
      "2.0.0",
    ])
  })

  it("property: the order is the lexicographic order of (major, minor, patch)", () => {
    const part = fc.integer({ min: 0, max: 30 })
    const version = fc.tuple(part, part, part)
    fc.assert(
      fc.property(version, version, (a, b) => {
        const expected = a[0] !== b[0] ? a[0] - b[0] : a[1] !== b[1] ? a[1] - b[1] : a[2] - b[2]
        expect(Math.sign(compareFormVersions(a.join("."), b.join(".")))).toBe(Math.sign(expected))
      }),
    )
  })

  it("offers only active versions inside their effective period, the highest first", () => {
    const v = (version: string, status: FormDefinition["status"], start?: string, end?: string): FormDefinition => ({
      ...base,
      version,
      status,
      effectivePeriod: { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) },
    })
    const versions = [
      v("1.0.0", "retired", undefined, "2024-03-31"),
      v("1.1.0", "active", "2024-04-01", "2025-03-31"),
      v("2.0.0", "active", "2025-04-01"),
      v("2.1.0", "draft", "2025-04-01"),
    ]
    expect(selectFormVersion(versions, base.id, "2024-03-31")).toBeUndefined()
    expect(selectFormVersion(versions, base.id, "2024-04-01")?.version).toBe("1.1.0")
    expect(selectFormVersion(versions, base.id, "2025-03-31")?.version).toBe("1.1.0")
    expect(selectFormVersion(versions, base.id, "2025-04-01")?.version).toBe("2.0.0")
    expect(selectFormVersion(versions, "other", "2025-04-01")).toBeUndefined()
    expect(isFormUsableOn(versions[3]!, "2025-04-01")).toBe(false)
  })
})

describe("resolveFormVariant", () => {
  it("adds, hides, relabels and constrains items without touching the base", () => {
    const before = structuredClone(base)
    const form = resolved(
      variant(
        [
          { op: "add", parent: "basic", after: "name", item: { linkId: "kana", type: "string", text: t("ふりがな") } },
          { op: "add", item: { linkId: "allergy", type: "text", text: t("アレルギー", "Allergies") } },
          { op: "hide", linkId: "udf_category" },
          { op: "relabel", linkId: "note", text: t("特記事項", "Remarks"), prefix: "10." },
          { op: "constrain", linkId: "meal_count", required: true, minValue: 1, maxValue: 6 },
          { op: "constrain", linkId: "transfer", answerCodes: ["independent", "full_assistance"] },
        ],
        { sources: [{ id: "area", title: "地域の様式", grade: "official" }] },
      ),
    )
    expect(base).toEqual(before)
    expect(linkIds(form.items)).toEqual([
      "basic",
      "name",
      "kana",
      "birth_date",
      "age",
      "adl",
      "transfer",
      "meal_count",
      "note",
      "allergy",
    ])
    expect(form.id).toBe("admission-information.example-area")
    expect(form.derivedFrom).toEqual({ id: "admission-information", version: "1.0.0" })
    expect(form.title).toEqual(base.title)
    expect(form.sources?.map((s) => s.id)).toEqual(["mhlw", "area"])
    const adl = form.items[1]!.items!
    expect(adl.find((i) => i.linkId === "note")).toMatchObject({ text: t("特記事項", "Remarks"), prefix: "10." })
    expect(adl.find((i) => i.linkId === "meal_count")).toMatchObject({ required: true, minValue: 1, maxValue: 6 })
    const transfer = adl.find((i) => i.linkId === "transfer")!
    expect(transfer.answerCodeList).toBe("assistance_level")
    expect(answerConceptsOf(form, transfer)?.map((c) => c.code)).toEqual(["independent", "full_assistance"])
  })

  it("refuses a base other than the exact version the variant names", () => {
    const error = failure(variant([{ op: "hide", linkId: "note" }], { base: { id: base.id, version: "1.1.0" } }))
    expect(error.issues.map((i) => [i.path.join("."), i.code])).toEqual([["base", "base_mismatch"]])
    expect(error.issues[0]!.message.ja).toContain("admission-information@1.1.0")
  })

  it("reports every bad change with its path: unknown items, duplicate ids, items still in use, loosened bounds", () => {
    const error = failure(
      variant(
        [
          { op: "hide", linkId: "nope" },
          { op: "add", item: { linkId: "name", type: "string", text: t("氏名") } },
          { op: "add", parent: "name", item: { linkId: "x", type: "string", text: t("X") } },
          { op: "hide", linkId: "birth_date" },
          { op: "constrain", linkId: "meal_count", minValue: -1, maxValue: 20 },
          { op: "constrain", linkId: "transfer", answerCodes: ["walking"] },
          { op: "constrain", linkId: "note", pattern: { regex: "^a$", message: t("a") } },
          { op: "constrain", linkId: "birth_date", maxDate: "2030-01-01" },
          { op: "relabel", linkId: "udf", text: t("x") },
          { op: "add", after: "missing", item: { linkId: "y", type: "string", text: t("Y") } },
        ],
        { id: "admission-information" },
      ),
    )
    expect(error.issues.map((i) => [i.path.join("."), i.code])).toEqual([
      ["id", "same_id"],
      ["changes.0.linkId", "unknown_item"],
      ["changes.1.item.linkId", "duplicate_link_id"],
      ["changes.2.parent", "not_a_group"],
      ["changes.3.linkId", "hidden_item_in_use"],
      ["changes.4.minValue", "loosens_base"],
      ["changes.4.maxValue", "loosens_base"],
      ["changes.5.answerCodes", "loosens_base"],
      ["changes.6.pattern", "loosens_base"],
      ["changes.7.maxDate", "loosens_base"],
      ["changes.8.linkId", "unknown_item"],
      ["changes.9.after", "unknown_item"],
    ])
    expect(error.issues[4]!.message.en).toBe(
      '"birth_date" cannot be hidden: age refer to it in conditions or expressions',
    )
    expect(error.issues[5]!.message.ja).toContain("地域版は元様式の条件を緩められません")
  })

  it("accepts tighter relative date bounds and refuses ones that cannot be compared on every day", () => {
    const tighter = resolved(
      variant([
        {
          op: "constrain",
          linkId: "birth_date",
          maxDate: { fromToday: { days: -1 } },
          minDate: { fromToday: { years: -120 } },
        },
      ]),
    )
    expect(tighter.items[0]!.items![1]).toMatchObject({ maxDate: { fromToday: { days: -1 } } })
    const looser = failure(variant([{ op: "constrain", linkId: "birth_date", maxDate: { fromToday: { days: 1 } } }]))
    expect(looser.issues[0]!.code).toBe("loosens_base")
    const mixed = failure(
      variant([{ op: "constrain", linkId: "birth_date", maxDate: { fromToday: { months: -1, days: 3 } } }]),
    )
    expect(mixed.issues[0]!.message.en).toContain("comparable")
  })

  it("checks the resolved form as a whole, saying the problem is in the result", () => {
    const error = failure(
      variant([
        {
          op: "add",
          item: {
            linkId: "flag",
            type: "string",
            text: t("F"),
            enableWhen: [{ question: "transfer", operator: "=", answer: "walking" }],
          },
        },
      ]),
    )
    expect(error.issues[0]!.code).toBe("invalid_condition")
    expect(error.issues[0]!.message.en).toMatch(/^In the resolved form: /)
  })

  it("drops the reply section when the variant hides it", () => {
    const withReply: FormDefinition = {
      ...base,
      replyItem: "adl",
    }
    const result = resolveFormVariant(withReply, variant([{ op: "hide", linkId: "adl" }]))
    expect(Result.isSuccess(result) && result.success.replyItem).toBeUndefined()
  })
})

describe("responses record the exact version", () => {
  it("a new response names the id and version of the definition it is filled against", () => {
    const form = resolved(variant([{ op: "hide", linkId: "note" }], { version: "1.2.0" }))
    const response = newFormResponse(form)
    expect(response.template).toEqual({ id: "admission-information.example-area", version: "1.2.0" })
    expect(FormResponse.safeParse(response).success).toBe(true)
    expect(definitionOfResponse([base, form], response)).toBe(form)
    expect(definitionOfResponse([base], response)).toBeUndefined()
    expect(FormResponse.safeParse({ ...response, template: { id: form.id } }).success).toBe(false)
  })
})
