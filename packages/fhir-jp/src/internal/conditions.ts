/**
 * enableWhen, date bounds and expressions between a form definition and FHIR: FHIR `enableWhen` where it says the
 * same thing, and the exact condition in the Zaitaku `enable-when` extension where it cannot. Not exported.
 */
import type { CodeListConcept, DateBound, EnableWhen, FormItem } from "@zaitaku/core"
import { type CanonicalOptions, codeSystemUrl, zaitakuExtensions } from "../Extensions.js"
import type { FhirExtension, QuestionnaireEnableWhen } from "../Fhir.js"
import { isObject, jsonEqual, type Path, type Warnings } from "./shared.js"

const fhirDateTimePattern =
  /^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?$/

/**
 * A date-time as FHIR writes it: seconds and a time zone are required once a time is given. `2025-04-01T10:30`
 * becomes `2025-04-01T10:30:00+09:00` (the zone given, Japan time by default); `assumed` says a zone was added.
 */
export const fhirDateTime = (value: string, zone = "+09:00"): { readonly value: string; readonly assumed: boolean } => {
  if (fhirDateTimePattern.test(value)) return { value, assumed: false }
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(value)
  if (match === null) return { value, assumed: false }
  return { value: `${match[1]}${match[2] ?? ":00"}${match[3] ?? zone}`, assumed: match[3] === undefined }
}

/** A time as FHIR writes it (`hh:mm:ss`). */
export const fhirTime = (value: string): string => (/^\d{2}:\d{2}$/.test(value) ? `${value}:00` : value)

export interface ConditionTarget {
  readonly item: FormItem
  readonly concepts: ReadonlyArray<CodeListConcept> | undefined
  /** The `Coding.system` of the target's codes (undefined for inline answer options). */
  readonly system: string | undefined
}

type Answer = string | number | boolean

const fhirAnswer = (value: Answer, target: ConditionTarget): Partial<QuestionnaireEnableWhen> => {
  switch (target.item.type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value)
        ? { answerInteger: value }
        : { answerDecimal: Number(value) }
    case "decimal":
      return { answerDecimal: Number(value) }
    case "boolean":
      return { answerBoolean: value === true }
    case "date":
      return { answerDate: String(value) }
    case "dateTime":
      return { answerDateTime: fhirDateTime(String(value)).value }
    case "time":
      return { answerTime: fhirTime(String(value)) }
    case "choice":
    case "multiChoice":
    case "openChoice": {
      const code = String(value)
      const concept = target.concepts?.find((c) => c.code === code)
      if (concept === undefined && target.item.type === "openChoice") return { answerString: code }
      return {
        answerCoding: {
          ...(target.system === undefined ? {} : { system: target.system }),
          code,
          ...(concept === undefined ? {} : { display: concept.label.ja }),
        },
      }
    }
    default:
      return { answerString: String(value) }
  }
}

const single = (condition: EnableWhen, value: Answer, target: ConditionTarget, operator = condition.operator) =>
  ({
    question: condition.question,
    operator: operator as QuestionnaireEnableWhen["operator"],
    ...(operator === "exists" ? { answerBoolean: value === true } : fhirAnswer(value, target)),
  }) as QuestionnaireEnableWhen

/** A FHIR enableWhen answer back as a definition's condition value. */
const answerOf = (condition: Record<string, unknown>): Answer | undefined => {
  for (const key of [
    "answerBoolean",
    "answerInteger",
    "answerDecimal",
    "answerDate",
    "answerDateTime",
    "answerTime",
    "answerString",
  ]) {
    const value = condition[key]
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value
  }
  const coding = condition.answerCoding
  if (isObject(coding) && typeof coding.code === "string") return coding.code
  return undefined
}

const operators = new Set(["exists", "=", "!=", ">", "<", ">=", "<="])

/** FHIR enableWhen elements as a definition's conditions (what Zaitaku can read of them). */
export const readFhirConditions = (
  conditions: ReadonlyArray<unknown>,
  path: Path,
  warnings: Warnings | undefined,
): Array<EnableWhen> => {
  const out: Array<EnableWhen> = []
  conditions.forEach((condition, index) => {
    const at = [...path, "enableWhen", index]
    if (
      !isObject(condition) ||
      typeof condition.question !== "string" ||
      !operators.has(condition.operator as string)
    ) {
      warnings?.add(
        at,
        "invalid_condition",
        "読めない表示条件を読み飛ばしました",
        "An unreadable enableWhen was skipped",
      )
      return
    }
    const answer = answerOf(condition)
    if (answer === undefined) {
      warnings?.add(
        at,
        "invalid_condition",
        "値のない表示条件を読み飛ばしました",
        "An enableWhen without an answer was skipped",
      )
      return
    }
    out.push({ question: condition.question, operator: condition.operator as EnableWhen["operator"], answer })
  })
  return out
}

export interface FhirConditions {
  readonly enableWhen: ReadonlyArray<QuestionnaireEnableWhen>
  readonly enableBehavior: "all" | "any" | undefined
  /** Zaitaku extensions carrying the exact condition, when the FHIR elements do not read back the same. */
  readonly extension: ReadonlyArray<FhirExtension>
}

const answerExtension = (value: Answer): FhirExtension =>
  typeof value === "boolean"
    ? { url: "answer", valueBoolean: value }
    : typeof value === "number"
      ? Number.isInteger(value)
        ? { url: "answer", valueInteger: value }
        : { url: "answer", valueDecimal: value }
      : { url: "answer", valueString: value }

/** The exact conditions of an item as Zaitaku `enable-when` (and `enable-behavior`) extensions. */
const exactExtensions = (item: FormItem): ReadonlyArray<FhirExtension> => [
  ...(item.enableWhen ?? []).map(
    (condition): FhirExtension => ({
      url: zaitakuExtensions.enableWhen,
      extension: [
        { url: "question", valueString: condition.question },
        { url: "operator", valueCode: condition.operator },
        ...(Array.isArray(condition.answer) ? condition.answer : [condition.answer]).map(answerExtension),
      ],
    }),
  ),
  ...(item.enableBehavior === undefined
    ? []
    : [{ url: zaitakuExtensions.enableBehavior, valueCode: item.enableBehavior }]),
]

/** Reads the Zaitaku `enable-when`/`enable-behavior` extensions back; undefined when there are none. */
export const readExactConditions = (
  extensions: ReadonlyArray<Record<string, unknown>>,
): { readonly enableWhen: Array<EnableWhen>; readonly enableBehavior: "all" | "any" | undefined } | undefined => {
  const conditions = extensions.filter((ext) => ext.url === zaitakuExtensions.enableWhen)
  if (conditions.length === 0) return undefined
  const enableWhen: Array<EnableWhen> = []
  for (const condition of conditions) {
    const parts = Array.isArray(condition.extension) ? condition.extension.filter(isObject) : []
    const question = parts.find((p) => p.url === "question")?.valueString
    const operator = parts.find((p) => p.url === "operator")?.valueCode
    const answers = parts
      .filter((p) => p.url === "answer")
      .map((p) => p.valueString ?? p.valueInteger ?? p.valueDecimal ?? p.valueBoolean) as Array<Answer>
    if (typeof question !== "string" || typeof operator !== "string") continue
    enableWhen.push({
      question,
      operator: operator as EnableWhen["operator"],
      answer: (operator === "in" ? answers : answers[0]) as EnableWhen["answer"],
    })
  }
  const behavior = extensions.find((ext) => ext.url === zaitakuExtensions.enableBehavior)?.valueCode
  return { enableWhen, enableBehavior: behavior === "all" || behavior === "any" ? behavior : undefined }
}

/**
 * An item's conditions as FHIR: `in` becomes one `=` per value under `enableBehavior` `any` (exact when it is the
 * item's only condition or the item's behaviour is `any`); under `all` with other conditions an `in` cannot be
 * written, so the FHIR conditions leave it out (the item shows more often, never less) and a warning says so.
 * When what FHIR says does not read back as the definition's exact conditions, the Zaitaku extensions carry them.
 */
export const toFhirConditions = (
  item: FormItem,
  targetOf: (linkId: string) => ConditionTarget | undefined,
  path: Path,
  warnings: Warnings,
): FhirConditions => {
  const conditions = item.enableWhen ?? []
  if (conditions.length === 0) return { enableWhen: [], enableBehavior: item.enableBehavior, extension: [] }
  const anyOf = item.enableBehavior === "any" || conditions.length === 1
  const out: Array<QuestionnaireEnableWhen> = []
  let expanded = false
  conditions.forEach((condition, index) => {
    const target = targetOf(condition.question)
    if (target === undefined) return
    if (condition.operator === "in" && Array.isArray(condition.answer)) {
      if (!anyOf) {
        warnings.add(
          [...path, "enableWhen", index],
          "enable_when_approximated",
          "「in」の条件は、他の条件とすべて満たす（all）組み合わせでは FHIR の enableWhen に書けません。FHIR の条件からは外しました（項目は本来より多く表示されます）。正確な条件は Zaitaku の拡張 enable-when にあります",
          'An "in" condition combined with others under "all" cannot be written as FHIR enableWhen: it is left out of the FHIR conditions (the item shows more often than it should); the exact condition is in the Zaitaku enable-when extension',
        )
        return
      }
      expanded = expanded || condition.answer.length > 1
      for (const value of condition.answer) out.push(single(condition, value, target, "="))
      return
    }
    out.push(single(condition, condition.answer as Answer, target))
  })
  const enableBehavior =
    out.length > 1 ? (expanded || item.enableBehavior === "any" ? "any" : "all") : item.enableBehavior
  const readBack = readFhirConditions(out, path, undefined)
  const exact = jsonEqual(readBack, conditions) && (enableBehavior === item.enableBehavior || out.length === 0)
  return {
    enableWhen: out,
    enableBehavior: out.length === 0 ? undefined : enableBehavior,
    extension: exact ? [] : exactExtensions(item),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Relative dates
// ---------------------------------------------------------------------------------------------------------------

/** A relative date bound as FHIRPath: `{ fromToday: { years: -130 } }` → `today() - 130 years`. */
export const fhirPathOfBound = (bound: Exclude<DateBound, string>): string => {
  let text = "today()"
  for (const unit of ["years", "months", "days"] as const) {
    const n = bound.fromToday[unit]
    if (n === undefined) continue
    text += n < 0 ? ` - ${-n} ${unit}` : ` + ${n} ${unit}`
  }
  return text
}

/** The FHIRPath written by {@link fhirPathOfBound}, back as a bound; undefined for any other expression. */
export const boundOfFhirPath = (expression: string): Exclude<DateBound, string> | undefined => {
  const match = /^today\(\)((?: [+-] \d+ (?:years|months|days))*)$/.exec(expression.trim())
  if (match === null) return undefined
  const fromToday: { years?: number; months?: number; days?: number } = {}
  for (const term of match[1]!.matchAll(/ ([+-]) (\d+) (years|months|days)/g)) {
    const unit = term[3] as "years" | "months" | "days"
    if (fromToday[unit] !== undefined) return undefined
    fromToday[unit] = term[1] === "-" ? -Number(term[2]) : Number(term[2])
  }
  return { fromToday }
}

/** The `Coding.system` of the codes of a choice item. */
export const systemOfItem = (
  item: FormItem,
  contained: ReadonlySet<string>,
  options: CanonicalOptions,
): string | undefined =>
  item.answerCodeList === undefined
    ? undefined
    : codeSystemUrl(item.answerCodeList, contained.has(item.answerCodeList) ? { ...options, standard: false } : options)
