/**
 * Property tests of the Questionnaire mapping over generated definitions (every item type, bounds, patterns,
 * occurrences, help, inline and standard answer lists narrowed or not, calculations, checks, and conditions of every
 * operator and behaviour on earlier questions):
 * - the round trip definition → Questionnaire → definition gives the same definition, with no import warning;
 * - the Questionnaire validates against the FHIR R4 JSON Schema with zero errors.
 * Texts avoid the ideographic space U+3000, which the schema's string pattern refuses when read as ECMAScript (see
 * Questionnaire.test.ts); patterns use it, since regular expressions are written with it escaped.
 */
import {
  answerConceptsOf,
  checkFormDefinition,
  type DateBound,
  type EnableWhen,
  type FormDefinition,
  type FormItem,
  findStandardCodeList,
} from "@zaitaku/core"
import { Result } from "effect"
import fc from "fast-check"
import { beforeAll, describe, expect, it } from "vitest"
import { fromQuestionnaire, toQuestionnaire } from "../src/index.js"
import { type FhirSchemaValidator, loadFhirSchema } from "./FhirSchema.js"

let fhir: FhirSchemaValidator
beforeAll(() => {
  fhir = loadFhirSchema()
})

type Draft = Omit<FormItem, "linkId" | "items"> & { items?: ReadonlyArray<Draft> }

const optional = <A>(arb: fc.Arbitrary<A>): fc.Arbitrary<A | undefined> => fc.option(arb, { nil: undefined })
const clean = <A extends object>(value: A): A =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as A

const label = fc.constantFrom(
  { ja: "氏名", en: "Name" },
  { ja: "ふりがな（ひらがな）", en: "Kana" },
  { ja: "改行\nあり", en: "Two\nlines" },
  { ja: "記号 <>&\"'", en: "Symbols" },
)
const lists = ["assistance_level", "presence", "sex", "care_need_level", "profession_group", "mobility_aid"]
const bound = fc.constantFrom<DateBound>(
  "2000-01-01",
  { fromToday: {} },
  { fromToday: { years: -130 } },
  { fromToday: { years: 1, months: -2, days: 3 } },
  { fromToday: { days: 0 } },
)

const answerList = fc.oneof(
  fc.record({ list: fc.constantFrom(...lists), narrow: fc.boolean() }).map(({ list, narrow }) => {
    const codes = findStandardCodeList(list)!.concepts.map((c) => c.code)
    return clean({ answerCodeList: list, answerCodes: narrow ? codes.slice(0, 2) : undefined })
  }),
  fc
    .record({
      n: fc.integer({ min: 1, max: 3 }),
      described: fc.boolean(),
      unconfirmed: fc.boolean(),
    })
    .map(({ n, described, unconfirmed }) => ({
      answerOptions: Array.from({ length: n }, (_, i) =>
        clean({
          code: `opt-${i}`,
          label: { ja: `選択${i}`, en: `Option ${i}` },
          description: described ? { ja: `説明${i}`, en: `About ${i}` } : undefined,
          unconfirmed: unconfirmed && i === 0 ? "To check." : undefined,
        }),
      ),
    })),
)

const occurrences = (repeating: boolean) =>
  fc
    .record({ min: optional(fc.integer({ min: 0, max: 2 })), extra: optional(fc.integer({ min: 0, max: 2 })) })
    .map(({ min, extra }) =>
      repeating
        ? clean({ minOccurs: min, maxOccurs: extra === undefined ? undefined : Math.max(1, (min ?? 0) + extra) })
        : {},
    )

const leaf: fc.Arbitrary<Draft> = fc.oneof(
  fc
    .record({ min: optional(fc.integer({ min: 0, max: 3 })), pattern: fc.boolean(), text: label })
    .map(({ min, pattern, text }) =>
      clean({
        type: "string" as const,
        text,
        minLength: min,
        maxLength: min === undefined ? undefined : min + 20,
        pattern: pattern ? { regex: "[ぁ-ゖー 　]+", message: { ja: "ひらがなで", en: "In hiragana" } } : undefined,
      }),
    ),
  label.map((text) => ({ type: "text" as const, text })),
  fc
    .record({ min: optional(fc.integer({ min: -5, max: 5 })), unit: fc.boolean(), calculated: fc.boolean() })
    .map(({ min, unit, calculated }) =>
      clean({
        type: "integer" as const,
        text: { ja: "回数", en: "Count" },
        minValue: calculated ? undefined : min,
        maxValue: calculated || min === undefined ? undefined : min + 10,
        unit: unit ? { ja: "回/日", en: "per day" } : undefined,
        calculated: calculated ? "1 + 2" : undefined,
        readOnly: calculated ? true : undefined,
      }),
    ),
  fc
    .record({ places: optional(fc.integer({ min: 0, max: 3 })), unit: fc.constantFrom(undefined, "kg", "kilo") })
    .map(({ places, unit }) =>
      clean({
        type: "decimal" as const,
        text: { ja: "体重", en: "Weight" },
        minValue: 0.5,
        maxDecimalPlaces: places,
        unit: unit === undefined ? undefined : { ja: unit, en: unit },
      }),
    ),
  fc.constant({ type: "boolean" as const, text: { ja: "はい/いいえ", en: "Yes/no" } }),
  fc
    .record({ type: fc.constantFrom("date" as const, "dateTime" as const), min: optional(bound), max: optional(bound) })
    .map(({ type, min, max }) => clean({ type, text: { ja: "日付", en: "Date" }, minDate: min, maxDate: max })),
  fc.constant({ type: "time" as const, text: { ja: "時刻", en: "Time" } }),
  fc
    .record({
      type: fc.constantFrom("choice" as const, "openChoice" as const, "multiChoice" as const),
      answers: answerList,
    })
    .chain(({ type, answers }) =>
      occurrences(type === "multiChoice").map((occurs) => ({
        type,
        text: { ja: "選択", en: "Choice" },
        ...answers,
        ...occurs,
      })),
    ),
  fc
    .constantFrom("phone" as const, "email" as const, "postalCode" as const)
    .map((type) => ({ type, text: { ja: "連絡先", en: "Contact" } })),
  fc.record({ size: optional(fc.integer({ min: 1, max: 10_000_000 })), pdf: fc.boolean() }).map(({ size, pdf }) =>
    clean({
      type: "attachment" as const,
      text: { ja: "添付", en: "Attachment" },
      maxSize: size,
      contentTypes: pdf ? ["application/pdf", "image/*"] : undefined,
    }),
  ),
  label.map((text) => ({ type: "display" as const, text })),
)

const extras = fc.record({
  required: optional(fc.boolean()),
  repeats: fc.boolean(),
  help: optional(fc.constant({ ja: "補足の説明", en: "Help text" })),
  prefix: optional(fc.constantFrom("1.", "(2)")),
  unconfirmed: optional(fc.constant("Wording not confirmed.")),
  source: fc.boolean(),
})

const withExtras = (draft: fc.Arbitrary<Draft>): fc.Arbitrary<Draft> =>
  fc.tuple(draft, extras).chain(([item, { required, repeats, help, prefix, unconfirmed, source }]) => {
    const question = item.type !== "display" && item.type !== "group"
    const canRepeat = question && item.type !== "multiChoice" && item.calculated === undefined
    return occurrences(canRepeat && repeats).map((occurs) =>
      clean({
        ...item,
        required: question ? required : undefined,
        repeats: canRepeat && repeats ? true : undefined,
        ...(canRepeat && repeats ? occurs : {}),
        help,
        prefix,
        unconfirmed,
        source: source ? "form-source" : undefined,
      }),
    )
  })

const group = (child: fc.Arbitrary<Draft>): fc.Arbitrary<Draft> =>
  fc
    .record({ items: fc.array(child, { minLength: 1, maxLength: 3 }), repeats: fc.boolean(), help: fc.boolean() })
    .map(({ items, repeats, help }) =>
      clean({
        type: "group" as const,
        text: { ja: "グループ", en: "Group" },
        items,
        repeats: repeats ? true : undefined,
        help: help ? { ja: "グループの説明", en: "About the group" } : undefined,
      }),
    )

const tree = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: withExtras(leaf) },
    { weight: 1, arbitrary: group(withExtras(leaf)) },
    { weight: 1, arbitrary: group(fc.oneof(withExtras(leaf), group(withExtras(leaf)))) },
  ),
  { minLength: 1, maxLength: 6 },
)

/** Numbers linkIds in document order, then adds conditions on earlier questions and checks on numbers. */
const finish = (drafts: ReadonlyArray<Draft>, seeds: ReadonlyArray<number>): FormDefinition => {
  let n = 0
  const seen: Array<FormItem> = []
  const seed = () => seeds[n % seeds.length]! + n
  const conditionOn = (target: FormItem, s: number): EnableWhen | undefined => {
    const codes = target.type.endsWith("hoice") ? answerConceptsOf({}, target)?.map((c) => c.code) : undefined
    switch (target.type) {
      case "integer":
        return s % 3 === 0
          ? { question: target.linkId, operator: "in", answer: [1, 2] }
          : { question: target.linkId, operator: s % 2 === 0 ? ">=" : "!=", answer: 3 }
      case "decimal":
        return { question: target.linkId, operator: "<", answer: 1.5 }
      case "boolean":
        return { question: target.linkId, operator: "=", answer: s % 2 === 0 }
      case "date":
        return { question: target.linkId, operator: "<=", answer: "2025-01-01" }
      case "dateTime":
        return { question: target.linkId, operator: ">", answer: "2025-01-01T10:30" }
      case "time":
        return { question: target.linkId, operator: ">=", answer: "10:30" }
      case "choice":
      case "multiChoice":
      case "openChoice":
        if (codes === undefined || codes.length === 0) return undefined
        return s % 3 === 0
          ? { question: target.linkId, operator: "in", answer: codes.slice(0, 2) }
          : target.type === "openChoice" && s % 3 === 1
            ? { question: target.linkId, operator: "=", answer: "自由記入" }
            : { question: target.linkId, operator: "=", answer: codes[0]! }
      case "attachment":
        return { question: target.linkId, operator: "exists", answer: true }
      default:
        return { question: target.linkId, operator: s % 2 === 0 ? "exists" : "=", answer: s % 2 === 0 ? false : "x" }
    }
  }
  const number = (draft: Draft): FormItem => {
    n++
    const linkId = `q${n}`
    const s = seed()
    const candidates = seen.filter((i) => i.type !== "group" && i.type !== "display")
    const conditions = [
      candidates[s % Math.max(1, candidates.length)],
      candidates[(s * 7) % Math.max(1, candidates.length)],
    ]
      .slice(0, 1 + (s % 2))
      .flatMap((target, i) =>
        target === undefined || s % 4 === 3 ? [] : [conditionOn(target, s + i)].filter((c) => c !== undefined),
      )
    const { items, ...rest } = draft
    const item: FormItem = clean({
      ...rest,
      linkId,
      enableWhen: conditions.length === 0 ? undefined : (conditions as Array<EnableWhen>),
      enableBehavior: conditions.length === 0 ? undefined : ([undefined, "all", "any"] as const)[s % 3],
      constraints:
        draft.type === "integer" && draft.calculated === undefined && s % 2 === 0
          ? [
              {
                key: s % 4 === 0 ? "non_negative" : "non-negative",
                expression: `${linkId} >= 0`,
                message: { ja: "0以上", en: "0 or more" },
              },
            ]
          : undefined,
    })
    seen.push(item)
    return items === undefined ? item : { ...item, items: items.map(number) }
  }
  const items = drafts.map(number)
  return {
    id: "generated-form",
    version: "1.2.3",
    status: "draft",
    title: { ja: "生成された様式", en: "Generated form" },
    sources: [{ id: "form-source", title: "出典", grade: "inference" }],
    items,
  }
}

const definitions = fc
  .tuple(tree, fc.array(fc.nat({ max: 1000 }), { minLength: 1, maxLength: 5 }))
  .map(([drafts, seeds]) => finish(drafts, seeds))
  .filter((definition) => checkFormDefinition(definition).length === 0)

describe("generated definitions", () => {
  it("round-trip through Questionnaire unchanged, and the Questionnaire validates against the FHIR R4 schema", () => {
    fc.assert(
      fc.property(definitions, (definition) => {
        const { questionnaire } = toQuestionnaire(definition)
        expect(fhir.errors("Questionnaire", questionnaire)).toEqual([])
        const read = fromQuestionnaire(JSON.parse(JSON.stringify(questionnaire)))
        if (Result.isFailure(read)) throw new Error(read.failure.message)
        expect(read.success.definition).toStrictEqual(definition)
        expect(read.success.warnings).toEqual([])
      }),
      { numRuns: 200 },
    )
  })
})
