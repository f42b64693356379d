/**
 * Property tests of validateFormResponse over generated definitions and responses:
 * - a response built only from valid answers always passes, and keeps exactly those answers;
 * - any single violation injected into such a response is reported once, at the right path, with the right code;
 * - no input makes the validator throw.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { findStandardCodeList } from "../src/CodeList.js"
import { checkFormDefinition, type DateBound, type FormDefinition, type FormItem } from "../src/FormDefinition.js"
import type { FormAnswers } from "../src/FormResponse.js"
import { validateFormResponse } from "../src/FormValidation.js"

const today = "2026-01-10"
const t = (ja: string) => ({ ja, en: ja })

// ---------------------------------------------------------------------------------------------------------------
// Generated definitions
// ---------------------------------------------------------------------------------------------------------------

type Draft = Omit<FormItem, "linkId" | "items"> & { items?: ReadonlyArray<Draft> }

const optional = <A>(arb: fc.Arbitrary<A>): fc.Arbitrary<A | undefined> => fc.option(arb, { nil: undefined })

/** Drops undefined fields, so generated items match what a definition author writes. */
const clean = <A extends object>(value: A): A =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as A

const occurrences = fc
  .record({
    repeats: fc.boolean(),
    min: fc.integer({ min: 0, max: 2 }),
    extra: optional(fc.integer({ min: 0, max: 2 })),
  })
  .map(({ repeats, min, extra }) =>
    repeats
      ? { repeats: true, minOccurs: min, ...(extra === undefined ? {} : { maxOccurs: Math.max(1, min + extra) }) }
      : {},
  )

const common = fc.record({ required: fc.boolean(), occurs: occurrences })

const bound = (min: number | undefined, max: number | undefined) => ({
  ...(min === undefined ? {} : { minValue: min }),
  ...(max === undefined ? {} : { maxValue: max }),
})

const numbers = fc
  .record({ min: optional(fc.integer({ min: -100, max: 100 })), span: optional(fc.integer({ min: 0, max: 200 })) })
  .map(({ min, span }) => bound(min, min === undefined || span === undefined ? undefined : min + span))

const leaf: fc.Arbitrary<Draft> = fc.oneof(
  fc
    .record({
      min: optional(fc.integer({ min: 0, max: 3 })),
      span: optional(fc.integer({ min: 1, max: 10 })),
      pattern: fc.boolean(),
    })
    .map(({ min, span, pattern }) =>
      clean({
        type: "string" as const,
        text: t("文字列"),
        minLength: min,
        maxLength: span === undefined ? undefined : (min ?? 0) + span,
        pattern: pattern ? { regex: "[a-z]+", message: t("英小文字") } : undefined,
      }),
    ),
  numbers.map((b) => ({ type: "integer" as const, text: t("整数"), ...b })),
  fc
    .record({ b: numbers, places: optional(fc.integer({ min: 0, max: 3 })) })
    .map(({ b, places }) => clean({ type: "decimal" as const, text: t("小数"), ...b, maxDecimalPlaces: places })),
  fc.constant({ type: "boolean" as const, text: t("はい/いいえ") }),
  fc
    .record({
      min: optional(
        fc.constantFrom<DateBound>("2000-01-01", { fromToday: { years: -100 } }, { fromToday: { days: -30 } }),
      ),
      max: optional(fc.constantFrom<DateBound>({ fromToday: {} }, "2030-12-31", { fromToday: { months: 2 } })),
    })
    .map(({ min, max }) => clean({ type: "date" as const, text: t("日付"), minDate: min, maxDate: max })),
  fc.constant({ type: "dateTime" as const, text: t("日時") }),
  fc.constant({ type: "time" as const, text: t("時刻") }),
  fc
    .constantFrom("assistance_level", "care_need_level", "presence", "profession_group")
    .map((list) => ({ type: "choice" as const, text: t("選択"), answerCodeList: list })),
  fc
    .record({
      list: fc.constantFrom("assistance_level", "care_need_level", "profession_group"),
      min: fc.integer({ min: 0, max: 2 }),
      extra: optional(fc.integer({ min: 0, max: 2 })),
    })
    .map(({ list, min, extra }) =>
      clean({
        type: "multiChoice" as const,
        text: t("複数選択"),
        answerCodeList: list,
        minOccurs: min,
        maxOccurs: extra === undefined ? undefined : Math.max(1, min + extra),
      }),
    ),
  fc.constant({ type: "openChoice" as const, text: t("選択・自由記入"), answerCodeList: "profession" }),
  fc.constant({ type: "phone" as const, text: t("電話") }),
  fc.constant({ type: "email" as const, text: t("メール") }),
  fc.constant({ type: "postalCode" as const, text: t("郵便番号") }),
)

const question: fc.Arbitrary<Draft> = fc.record({ base: leaf, common }).map(({ base, common }) => {
  const occurs = base.type === "multiChoice" ? {} : common.occurs
  return { ...base, ...occurs, ...(common.required ? { required: true } : {}) }
})

const { tree } = fc.letrec<{ tree: Draft; group: Draft }>((tie) => ({
  tree: fc.oneof({ depthSize: "small", withCrossShrink: true }, question, question, tie("group")),
  group: fc
    .record({ items: fc.array(tie("tree"), { minLength: 1, maxLength: 3 }), common })
    .map(({ items, common }) => ({
      type: "group" as const,
      text: t("グループ"),
      items,
      ...common.occurs,
      ...(common.required ? { required: true } : {}),
    })),
}))

const definitionArb: fc.Arbitrary<FormDefinition> = fc.array(tree, { minLength: 1, maxLength: 5 }).map((drafts) => {
  let next = 0
  const name = (draft: Draft): FormItem => {
    const { items, ...rest } = draft
    const linkId = `i${next++}`
    return items === undefined ? { ...rest, linkId } : { ...rest, linkId, items: items.map(name) }
  }
  return { id: "generated", version: "1.0.0", status: "active", title: t("生成"), items: drafts.map(name) }
})

// ---------------------------------------------------------------------------------------------------------------
// Valid answers
// ---------------------------------------------------------------------------------------------------------------

type Gen = fc.GeneratorValue

const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000
const isoOfDay = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10)
const resolve = (bound: DateBound): string => {
  if (typeof bound === "string") return bound
  const d = new Date(`${today}T00:00:00Z`)
  const { years = 0, months = 0, days = 0 } = bound.fromToday
  const target = new Date(Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth() + months, 1))
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(d.getUTCDate(), last) + days)
  return target.toISOString().slice(0, 10)
}

const codesOf = (item: FormItem): ReadonlyArray<string> =>
  findStandardCodeList(item.answerCodeList!)!.concepts.map((c) => c.code)

const validValue = (item: FormItem, g: Gen): unknown => {
  switch (item.type) {
    case "string": {
      const min = Math.max(1, item.minLength ?? 0)
      const max = item.maxLength ?? min + 8
      const chars = item.pattern === undefined ? ["a", "あ", "漢", "Z", "1", "𠮷"] : ["a", "k", "z"]
      const n = g(fc.integer, { min, max })
      return Array.from({ length: n }, () => chars[g(fc.integer, { min: 0, max: chars.length - 1 })]).join("")
    }
    case "integer":
      return g(fc.integer, { min: item.minValue ?? -1000, max: item.maxValue ?? 1000 })
    case "decimal": {
      const scale = 10 ** (item.maxDecimalPlaces ?? 2)
      const n = g(fc.integer, { min: (item.minValue ?? -1000) * scale, max: (item.maxValue ?? 1000) * scale })
      return n / scale
    }
    case "boolean":
      return g(fc.boolean)
    case "date": {
      const min = dayNumber(item.minDate === undefined ? "1900-01-01" : resolve(item.minDate))
      const max = dayNumber(item.maxDate === undefined ? "2100-12-31" : resolve(item.maxDate))
      return isoOfDay(g(fc.integer, { min, max }))
    }
    case "dateTime":
      return `${isoOfDay(g(fc.integer, { min: 0, max: 30_000 }))}T${String(g(fc.integer, { min: 0, max: 23 })).padStart(2, "0")}:30${g(fc.constantFrom, "", "Z", "+09:00")}`
    case "time":
      return `${String(g(fc.integer, { min: 0, max: 23 })).padStart(2, "0")}:${String(g(fc.integer, { min: 0, max: 59 })).padStart(2, "0")}`
    case "choice":
      return g(fc.constantFrom, ...codesOf(item))
    case "multiChoice": {
      const codes = codesOf(item)
      const min = Math.max(1, item.minOccurs ?? 0)
      const max = Math.min(codes.length, item.maxOccurs ?? 3)
      return g(fc.shuffledSubarray, [...codes], { minLength: min, maxLength: Math.max(min, max) })
    }
    case "openChoice":
      return g(fc.boolean) ? g(fc.constantFrom, ...codesOf(item)) : { text: "看護助手" }
    case "phone":
      return g(fc.constantFrom, "0178-43-2111", "090-1234-5678", "046-285-2111", "0120-123-456")
    case "email":
      return `user${g(fc.nat, 999)}@example.jp`
    case "postalCode":
      return `${String(g(fc.integer, { min: 0, max: 999 })).padStart(3, "0")}-${String(g(fc.integer, { min: 0, max: 9999 })).padStart(4, "0")}`
    default:
      throw new Error(`no generator for ${item.type}`)
  }
}

/** Answers for the items of one instance; when `mustBePresent`, at least one answer is given. */
const validInstance = (items: ReadonlyArray<FormItem>, g: Gen, mustBePresent: boolean): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const item of items) {
    const needed = item.required === true || (item.minOccurs ?? 0) > 0
    if (!needed && !g(fc.boolean)) continue
    const answer = validAnswer(item, g)
    if (answer !== undefined) out[item.linkId] = answer
  }
  if (mustBePresent && Object.keys(out).length === 0) {
    const first = items[0]!
    out[first.linkId] = validAnswer(first, g, true)
  }
  return out
}

const validAnswer = (item: FormItem, g: Gen, force = false): unknown => {
  const repeated = item.repeats === true
  const min = Math.max(item.minOccurs ?? 0, item.required === true || force ? 1 : 0)
  if (item.type === "group") {
    if (!repeated) return validInstance(item.items!, g, true)
    const count = g(fc.integer, { min: Math.max(1, min), max: Math.max(1, min, item.maxOccurs ?? 3) })
    return Array.from({ length: count }, () => validInstance(item.items!, g, true))
  }
  if (!repeated) return validValue(item, g)
  const count = g(fc.integer, { min: Math.max(1, min), max: Math.max(1, min, item.maxOccurs ?? 3) })
  return Array.from({ length: count }, () => validValue(item, g))
}

const response = (definition: FormDefinition, answers: FormAnswers) => ({
  template: { id: definition.id, version: definition.version },
  status: "completed" as const,
  answers,
})

// ---------------------------------------------------------------------------------------------------------------
// Single violations
// ---------------------------------------------------------------------------------------------------------------

type Path = ReadonlyArray<string | number>

interface Violation {
  readonly apply: (answers: Record<string, unknown>) => void
  readonly path: Path
  readonly code: string
  /** The instance whose presence the violation relies on (required/too_few are only checked in present ones). */
  readonly owner?: Path
}

const get = (root: unknown, path: Path): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root)
const set = (root: unknown, path: Path, value: unknown): void => {
  ;(get(root, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]!] = value
}
const remove = (root: unknown, path: Path): void => {
  delete (get(root, path.slice(0, -1)) as Record<string | number, unknown>)[path[path.length - 1]!]
}

const violationsOf = (
  items: ReadonlyArray<FormItem>,
  instance: Record<string, unknown>,
  at: Path,
): Array<Violation> => {
  const out: Array<Violation> = [
    { apply: (a) => set(a, [...at, "zz_extra"], "x"), path: [...at, "zz_extra"], code: "unknown_item" },
  ]
  for (const item of items) {
    const value = instance[item.linkId]
    const path = [...at, item.linkId]
    if (value === undefined) continue
    if (item.type === "group") {
      const instances =
        item.repeats === true ? (value as Array<Record<string, unknown>>) : [value as Record<string, unknown>]
      instances.forEach((inner, i) => {
        out.push(...violationsOf(item.items!, inner, item.repeats === true ? [...path, i] : path))
      })
      if (item.required === true) out.push({ apply: (a) => remove(a, path), path, code: "required", owner: at })
      const min = item.minOccurs ?? 0
      if (item.repeats === true && min >= 2) {
        out.push({ apply: (a) => set(a, path, instances.slice(0, min - 1)), path, code: "too_few", owner: at })
      }
      if (item.repeats === true && item.maxOccurs !== undefined) {
        const extra = Array.from({ length: item.maxOccurs + 1 - instances.length }, () => instances[0])
        out.push({ apply: (a) => set(a, path, [...instances, ...extra]), path, code: "too_many" })
      }
      continue
    }
    const many = item.repeats === true || item.type === "multiChoice"
    const values = many ? (value as Array<unknown>) : [value]
    values.forEach((v, i) => {
      const valuePath = many ? [...path, i] : path
      const put = (replacement: unknown, code: string) =>
        out.push({ apply: (a) => set(a, valuePath, replacement), path: valuePath, code })
      put({ bogus: 1 }, "invalid_type")
      switch (item.type) {
        case "string":
          if (item.maxLength !== undefined) put("a".repeat(item.maxLength + 1), "too_long")
          if ((item.minLength ?? 0) >= 2) put("a".repeat(item.minLength! - 1), "too_short")
          if (item.pattern !== undefined) put("A".repeat(Math.max(1, item.minLength ?? 0)), "pattern")
          break
        case "integer":
        case "decimal":
          if (item.maxValue !== undefined) put(item.maxValue + 1, "too_big")
          if (item.minValue !== undefined) put(item.minValue - 1, "too_small")
          if (item.type === "decimal" && item.maxDecimalPlaces !== undefined) {
            const base = Math.trunc(Number(v))
            const finer = base + (base >= 0 ? 1 : -1) * 10 ** -(item.maxDecimalPlaces + 1)
            if (
              (item.minValue === undefined || finer >= item.minValue) &&
              (item.maxValue === undefined || finer <= item.maxValue)
            ) {
              put(finer, "decimal_places")
            }
          }
          break
        case "date":
          put("2025-02-30", "invalid_date")
          if (item.maxDate !== undefined) put(isoOfDay(dayNumber(resolve(item.maxDate)) + 1), "date_too_late")
          if (item.minDate !== undefined) put(isoOfDay(dayNumber(resolve(item.minDate)) - 1), "date_too_early")
          break
        case "dateTime":
          put("2025-04-01 10:30", "invalid_datetime")
          break
        case "time":
          put("25:00", "invalid_time")
          break
        case "choice":
        case "multiChoice":
        case "openChoice":
          put("zz_not_a_code", "not_in_code_list")
          break
        case "phone":
          put("0120-12", "invalid_phone")
          break
        case "email":
          put("user@", "invalid_email")
          break
        case "postalCode":
          put("12-34567", "invalid_postal_code")
          break
      }
    })
    if (item.required === true) out.push({ apply: (a) => remove(a, path), path, code: "required", owner: at })
    if (many && item.maxOccurs !== undefined && item.type !== "multiChoice") {
      out.push({
        apply: (a) =>
          set(
            a,
            path,
            Array.from({ length: item.maxOccurs! + 1 }, () => values[0]),
          ),
        path,
        code: "too_many",
      })
    }
  }
  return out
}

const isBlank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === "string" && value.trim() === "") ||
  (Array.isArray(value) && value.every(isBlank)) ||
  (typeof value === "object" && !Array.isArray(value) && Object.values(value as object).every(isBlank))

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

describe("validateFormResponse (properties)", () => {
  it("generated definitions are themselves valid", () => {
    fc.assert(
      fc.property(definitionArb, (definition) => {
        expect(checkFormDefinition(definition)).toEqual([])
      }),
    )
  })

  it("a response built from valid answers always passes and keeps exactly its answers", () => {
    fc.assert(
      fc.property(definitionArb, fc.gen(), (definition, g) => {
        const answers = validInstance(definition.items, g, false)
        const result = validateFormResponse(definition, response(definition, answers), { today })
        expect(result.issues).toEqual([])
        expect(result.valid).toBe(true)
        expect(result.answers).toEqual(answers)
        expect(result.dropped).toEqual([])
      }),
      { numRuns: 300 },
    )
  })

  it("any single injected violation is reported once, at its path, with its code", () => {
    fc.assert(
      fc.property(definitionArb, fc.gen(), (definition, g) => {
        const answers = validInstance(definition.items, g, false)
        const candidates = violationsOf(definition.items, answers, [])
        const violation = g(fc.constantFrom, ...candidates)
        const mutated = structuredClone(answers)
        violation.apply(mutated)
        // required/too_few apply only inside a group instance that still holds an answer.
        fc.pre(violation.owner === undefined || violation.owner.length === 0 || !isBlank(get(mutated, violation.owner)))
        const result = validateFormResponse(definition, response(definition, mutated), { today })
        expect(result.issues.map((issue) => ({ path: issue.path, code: issue.code }))).toEqual([
          { path: ["answers", ...violation.path], code: violation.code },
        ])
        expect(result.valid).toBe(false)
        const issue = result.issues[0]!
        expect(issue.message.ja.length).toBeGreaterThan(0)
        expect(issue.message.en.length).toBeGreaterThan(0)
      }),
      { numRuns: 500 },
    )
  })

  it("never throws, whatever the answers, and reports only paths inside the response", () => {
    fc.assert(
      fc.property(definitionArb, fc.gen(), (definition, g) => {
        const keys = [...definition.items.map((i) => i.linkId), "zz"]
        const answers = g(fc.dictionary, fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }))
        const result = validateFormResponse(definition, response(definition, answers), { today })
        expect(result.valid).toBe(result.issues.length === 0)
        for (const issue of result.issues) expect(issue.path[0]).toBe("answers")
      }),
    )
  })

  it("drops the answer to a disabled item and reports it, whatever the controlling answer", () => {
    const definition: FormDefinition = {
      id: "conditional",
      version: "1.0.0",
      status: "active",
      title: t("条件"),
      items: [
        { linkId: "restricted", type: "choice", text: t("食事制限"), answerCodeList: "presence_unknown" },
        {
          linkId: "detail",
          type: "string",
          text: t("内容"),
          required: true,
          enableWhen: [{ question: "restricted", operator: "=", answer: "present" }],
        },
      ],
    }
    fc.assert(
      fc.property(
        optional(fc.constantFrom("present", "absent", "unknown")),
        optional(fc.string({ minLength: 1 }).filter((s) => s.trim() !== "")),
        (restricted, detail) => {
          const answers = clean({ restricted, detail })
          const result = validateFormResponse(definition, response(definition, answers), { today })
          if (restricted === "present") {
            expect(result.dropped).toEqual([])
            expect(result.issues.map((i) => i.code)).toEqual(detail === undefined ? ["required"] : [])
            expect(result.answers).toEqual(answers)
          } else {
            expect(result.issues).toEqual([])
            expect(result.dropped).toEqual(
              detail === undefined ? [] : [{ path: ["answers", "detail"], linkId: "detail", reason: "disabled" }],
            )
            expect(result.answers).toEqual(clean({ restricted }))
          }
        },
      ),
    )
  })
})
