/**
 * 回答の検証 (response validation): one pure function checks a response against its definition and returns every
 * problem, not just the first — where (the path in the response, with repeat indexes), what (a code) and why (in
 * Japanese and English) — together with the answers as they should be kept: answers to items that are not
 * enabled are dropped and listed as dropped, calculated items carry their computed values.
 *
 * It runs the same way in a browser, a vendor's system and the reference server, and needs nothing but the
 * definition, the response and today's date.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as z from "zod"
import type { CodeList } from "./CodeList.js"
import { fromZodError } from "./Decode.js"
import type { ValidationIssue } from "./Errors.js"
import {
  answerConceptsOf,
  checkFormDefinition,
  type DateBound,
  type EnableWhen,
  type FormDefinition,
  type FormItem,
} from "./FormDefinition.js"
import {
  type DateValue,
  dateValue,
  type Expression,
  evaluateExpression,
  parseExpression,
  type ScalarValue,
} from "./FormExpression.js"
import { AttachmentAnswer, type FormAnswers, FormResponse } from "./FormResponse.js"
import { PhoneNumber } from "./Identifiers.js"
import {
  characterCount,
  type IndexedItem,
  indexItems,
  isDateTime,
  isIsoDate,
  isTime,
  shiftIsoDate,
} from "./internal/formItems.js"
import { type DateInput, toIsoDate } from "./Period.js"

// ---------------------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------------------

/**
 * 回答の問題 (form issue): a {@link ValidationIssue} — `path` from the root of the response (`["answers",
 * "applicants", 1, "email"]`), `code`, Japanese and English `message` — plus the `linkId` of the item it concerns
 * (`undefined` for a problem with the response as a whole), so a form can show it next to the field.
 *
 * Codes: `required`, `too_few`, `too_many`, `invalid_type`, `too_short`, `too_long`, `pattern`, `too_small`,
 * `too_big`, `decimal_places`, `invalid_date`, `invalid_datetime`, `invalid_time`, `date_too_early`,
 * `date_too_late`, `not_in_code_list`, `duplicate_choice`, `invalid_phone`, `invalid_email`, `invalid_postal_code`,
 * `invalid_attachment`, `attachment_too_large`, `attachment_type`, `unknown_item`, `not_answerable`,
 * `constraint`, `expression_error`, `template_mismatch`, `invalid_definition`, and zod's codes for a malformed
 * response envelope.
 *
 * @since 0.1.0
 * @category validation
 * @example
 * ```ts
 * import type { FormIssue } from "@zaitaku/core"
 *
 * const issue: FormIssue = {
 *   path: ["answers", "applicants", 1, "email"],
 *   linkId: "email",
 *   code: "invalid_email",
 *   message: { ja: "「メールアドレス」の形式が正しくありません", en: '"Email" is not a valid email address' },
 * }
 * ```
 */
export interface FormIssue extends ValidationIssue {
  readonly linkId: string | undefined
}

/**
 * 削除された回答 (dropped answer): an answer given to an item that is not enabled (`disabled`: its `enableWhen`
 * does not hold, or a group around it is not enabled), or to a calculated item whose inputs give no value
 * (`calculated`). It is not kept in {@link FormValidationResult.answers}, and it is not validated.
 *
 * @since 0.1.0
 * @category validation
 * @example
 * ```ts
 * import type { DroppedAnswer } from "@zaitaku/core"
 *
 * const dropped: DroppedAnswer = { path: ["answers", "meal_restriction_detail"], linkId: "meal_restriction_detail", reason: "disabled" }
 * ```
 */
export interface DroppedAnswer {
  readonly path: ReadonlyArray<string | number>
  readonly linkId: string
  readonly reason: "disabled" | "calculated"
}

/**
 * 計算された回答 (calculated answer): the value a calculated item took, where, and whether it replaced a different
 * value given in the response.
 *
 * @since 0.1.0
 * @category validation
 * @example
 * ```ts
 * import type { CalculatedAnswer } from "@zaitaku/core"
 *
 * const bmi: CalculatedAnswer = { path: ["answers", "bmi"], linkId: "bmi", value: 22.5, replaced: false }
 * ```
 */
export interface CalculatedAnswer {
  readonly path: ReadonlyArray<string | number>
  readonly linkId: string
  readonly value: string | number | boolean
  readonly replaced: boolean
}

/**
 * 検証結果 (validation result): `valid` when there is no issue; every `issue`; the answers `dropped` because their
 * item is not enabled; the `calculated` values; and `answers`, the response's answers as they should be kept
 * (without dropped, blank or unknown answers, with calculated values).
 *
 * @since 0.1.0
 * @category validation
 * @example
 * ```ts
 * import type { FormValidationResult } from "@zaitaku/core"
 *
 * const messagesJa = (result: FormValidationResult) => result.issues.map((issue) => issue.message.ja)
 * ```
 */
export interface FormValidationResult {
  readonly valid: boolean
  readonly issues: ReadonlyArray<FormIssue>
  readonly dropped: ReadonlyArray<DroppedAnswer>
  readonly calculated: ReadonlyArray<CalculatedAnswer>
  readonly answers: FormAnswers
}

/**
 * Options of {@link validateFormResponse}: `today` (the date relative date limits, `today()` and `age()` use;
 * pass it from a `Clock`, never from inside the function), `mode` (`complete` checks required items and minimum
 * occurrences; `draft` skips them; default: `draft` for an `in-progress` response, else `complete`), and
 * `codeLists` (where to find a code list the definition does not contain; default: the standard lists).
 *
 * @since 0.1.0
 * @category validation
 * @example
 * ```ts
 * import type { ValidateFormResponseOptions } from "@zaitaku/core"
 *
 * const options: ValidateFormResponseOptions = { today: "2026-01-10", mode: "complete" }
 * ```
 */
export interface ValidateFormResponseOptions {
  readonly today: DateInput
  readonly mode?: "complete" | "draft"
  readonly codeLists?: (id: string) => CodeList | undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled definitions (parsed once per definition object)
// ---------------------------------------------------------------------------------------------------------------

interface CompiledItem {
  readonly entry: IndexedItem<FormItem>
  readonly children: ReadonlyArray<FormItem>
  readonly codes: ReadonlySet<string> | undefined
  readonly pattern: RegExp | undefined
  readonly calculated: Expression | undefined
  readonly constraints: ReadonlyArray<{ readonly expression: Expression; readonly message: FormItem["text"] }>
}

interface CompiledDefinition {
  readonly problems: ReadonlyArray<ValidationIssue>
  readonly items: ReadonlyMap<string, CompiledItem>
}

const compiledCache = new WeakMap<FormDefinition, CompiledDefinition>()

const compile = (
  definition: FormDefinition,
  codeLists: ((id: string) => CodeList | undefined) | undefined,
): CompiledDefinition => {
  const cached = codeLists === undefined ? compiledCache.get(definition) : undefined
  if (cached !== undefined) return cached
  const options = codeLists === undefined ? {} : { codeLists }
  const problems = checkFormDefinition(definition, options)
  const items = new Map<string, CompiledItem>()
  const parse = (text: string): Expression | undefined => {
    const result = parseExpression(text)
    return Result.isSuccess(result) ? result.success : undefined
  }
  for (const entry of indexItems(definition.items).all) {
    const { item } = entry
    const concepts = answerConceptsOf(definition, item, options)
    items.set(item.linkId, {
      entry,
      children: item.items ?? [],
      codes: concepts === undefined ? undefined : new Set(concepts.map((concept) => concept.code)),
      pattern: item.pattern === undefined ? undefined : new RegExp(`^(?:${item.pattern.regex})$`, "u"),
      calculated: item.calculated === undefined ? undefined : parse(item.calculated),
      constraints: (item.constraints ?? []).flatMap((constraint) => {
        const expression = parse(constraint.expression)
        return expression === undefined ? [] : [{ expression, message: constraint.message }]
      }),
    })
  }
  const compiled = { problems, items }
  if (codeLists === undefined) compiledCache.set(definition, compiled)
  return compiled
}

// ---------------------------------------------------------------------------------------------------------------
// The instance tree: the response's answers laid over the definition
// ---------------------------------------------------------------------------------------------------------------

type Path = ReadonlyArray<string | number>

interface Instance {
  /** The group this is an instance of (undefined for the form itself). */
  readonly group: FormItem | undefined
  readonly slot: Slot | undefined
  readonly path: Path
  readonly index: number | undefined
  readonly slots: Map<string, Slot>
  /** Answers under keys that are not items here, reported when the instance is validated. */
  readonly unknown: Array<FormIssue>
  present: boolean
}

interface AnswerValue {
  readonly raw: unknown
  readonly path: Path
  typed: ScalarValue | undefined
  /** Problems of this value on its own (type, code, limits); an answer with problems is not used by conditions. */
  problems: ReadonlyArray<FormIssue> | undefined
}

type Reporter = (path: Path, linkId: string | undefined, code: string, ja: string, en: string) => void

interface Slot {
  readonly item: FormItem
  readonly compiled: CompiledItem
  readonly owner: Instance
  readonly path: Path
  readonly given: boolean
  readonly values: Array<AnswerValue>
  readonly instances: Array<Instance>
  /** Problems with the shape of the answer, reported only if the item is enabled. */
  readonly shape: Array<FormIssue>
  enabled: boolean | "computing" | undefined
  calculated: { value: ScalarValue } | undefined | "computing"
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** No answer: undefined, null, blank text, or a list or object holding only such values. */
const isBlank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === "string" && value.trim().length === 0) ||
  (Array.isArray(value) && value.every(isBlank)) ||
  (isPlainObject(value) && Object.values(value).every(isBlank))

// ---------------------------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------------------------

const typeExpectation: Readonly<Record<string, { ja: string; en: string }>> = {
  group: { ja: "項目をまとめたオブジェクト", en: "an object of answers" },
  string: { ja: "文字列", en: "text" },
  text: { ja: "文字列", en: "text" },
  integer: { ja: "整数", en: "a whole number" },
  decimal: { ja: "数値", en: "a number" },
  boolean: { ja: "はい（true）かいいえ（false）", en: "true or false" },
  date: { ja: "日付（YYYY-MM-DD）", en: "a date written YYYY-MM-DD" },
  dateTime: { ja: "日時（YYYY-MM-DDThh:mm）", en: "a date and time written YYYY-MM-DDThh:mm" },
  time: { ja: "時刻（hh:mm）", en: "a time written hh:mm" },
  choice: { ja: "選択肢のコード", en: "a code of the list" },
  multiChoice: { ja: "選択肢のコードの配列", en: "a list of codes" },
  openChoice: { ja: '選択肢のコードか { text: "…" }', en: 'a code of the list or { text: "…" }' },
  phone: { ja: "電話番号の文字列", en: "a phone number as text" },
  email: { ja: "メールアドレスの文字列", en: "an email address as text" },
  postalCode: { ja: "郵便番号の文字列", en: "a postal code as text" },
  attachment: {
    ja: "添付ファイルの情報（contentType・title・url か id）",
    en: "an attachment (contentType, title, url or id)",
  },
}

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

const resolveBound = (bound: DateBound, today: string): string =>
  typeof bound === "string"
    ? bound
    : shiftIsoDate(today, bound.fromToday.years ?? 0, bound.fromToday.months ?? 0, bound.fromToday.days ?? 0)

const decimalPlaces = (n: number): number => {
  const text = String(Math.abs(n))
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text)
  if (match === null) return 0
  const fraction = match[2]?.length ?? 0
  const exponent = match[3] === undefined ? 0 : Number(match[3])
  return Math.max(0, fraction - exponent)
}

const contentTypeMatches = (pattern: string, type: string): boolean => {
  const [p0, p1] = pattern.toLowerCase().split("/")
  const [t0, t1] = type.toLowerCase().split("/")
  return p0 === t0 && (p1 === "*" || p1 === t1)
}

const emailSchema = z.email()
const postalCodePattern = /^[0-9]{3}-?[0-9]{4}$/

/**
 * 回答を検証する (validate a response) against its definition and return every problem with its path, code and
 * Japanese and English message, the answers dropped because their item is not enabled, the calculated values,
 * and the answers to keep. Pure: the same inputs always give the same result; `today` is passed in.
 *
 * What is checked: the response names this definition's id and version; the definition itself is sound; every
 * answer has the shape of its item (group object or list, value or list of values) and the type of its item;
 * codes belong to the item's list; lengths, patterns, value and date limits, decimal places, attachment size and
 * type; required items and minimum occurrences (in `complete` mode; a required item inside an optional group left
 * empty is not required); maximum occurrences; the definition's cross-item constraints; and that no answer is
 * given for an unknown or display-only item. `enableWhen` is evaluated as FHIR does, within the same instance of
 * a repeating group. An answer with a problem of its own is treated as absent by conditions, calculations and
 * constraints, so one mistake is reported once, where it was made.
 *
 * @since 0.1.0
 * @category validation
 * @example
 * ```ts
 * import { formTemplates, validateFormResponse } from "@zaitaku/core"
 *
 * const form = formTemplates.find((t) => t.id === "training-application")!
 * const result = validateFormResponse(
 *   form,
 *   {
 *     template: { id: form.id, version: form.version },
 *     status: "completed",
 *     answers: { office_name: "愛川町訪問看護ステーション", applicants: [{ name: "山田 花子", email: "yamada@" }] },
 *   },
 *   { today: "2026-01-10" },
 * )
 * result.issues.map((issue) => issue.path.join("."))
 * // ["answers.contact", "answers.applicants.0.kana", "answers.applicants.0.email", "answers.applicants.0.profession"]
 * ```
 */
export const validateFormResponse = (
  definition: FormDefinition,
  response: unknown,
  options: ValidateFormResponseOptions,
): FormValidationResult => {
  const issues: Array<FormIssue> = []
  const dropped: Array<DroppedAnswer> = []
  const calculated: Array<CalculatedAnswer> = []
  const fail = (list: ReadonlyArray<FormIssue>): FormValidationResult => ({
    valid: false,
    issues: list,
    dropped: [],
    calculated: [],
    answers: {},
  })

  const decoded = FormResponse.safeParse(response)
  if (!decoded.success) {
    return fail(fromZodError("form response", decoded.error).issues.map((issue) => ({ ...issue, linkId: undefined })))
  }
  const { template, status, answers } = decoded.data
  if (template.id !== definition.id || template.version !== definition.version) {
    return fail([
      {
        path: ["template"],
        linkId: undefined,
        code: "template_mismatch",
        message: {
          ja: `この回答は ${template.id}@${template.version} の回答で、${definition.id}@${definition.version} では検証できません`,
          en: `This response was filled against ${template.id}@${template.version}, not ${definition.id}@${definition.version}`,
        },
      },
    ])
  }
  const compiled = compile(definition, options.codeLists)
  if (compiled.problems.length > 0) {
    return fail(
      compiled.problems.map((problem) => ({
        path: ["definition", ...problem.path],
        linkId: undefined,
        code: "invalid_definition",
        message: {
          ja: `様式定義に誤りがあるため検証できません: ${problem.message.ja}`,
          en: `The form definition is invalid: ${problem.message.en}`,
        },
      })),
    )
  }
  const today = toIsoDate(options.today)
  const complete = (options.mode ?? (status === "in-progress" ? "draft" : "complete")) === "complete"

  const report = (path: Path, linkId: string | undefined, code: string, ja: string, en: string): void => {
    issues.push({ path: [...path], linkId, code, message: { ja, en } })
  }
  const defer = (
    into: Array<FormIssue>,
    path: Path,
    linkId: string | undefined,
    code: string,
    ja: string,
    en: string,
  ): void => {
    into.push({ path: [...path], linkId, code, message: { ja, en } })
  }
  const labelJa = (item: FormItem) => `「${item.text.ja}」`
  const labelEn = (item: FormItem) => `"${item.text.en}"`

  // --- Build the instance tree, reporting shape problems and unknown answers. -----------------------------------
  const build = (
    group: FormItem | undefined,
    slot: Slot | undefined,
    children: ReadonlyArray<FormItem>,
    raw: Record<string, unknown>,
    path: Path,
    index: number | undefined,
  ): Instance => {
    const instance: Instance = { group, slot, path, index, slots: new Map(), unknown: [], present: false }
    const known = new Set(children.map((child) => child.linkId))
    for (const child of children) {
      const childCompiled = compiled.items.get(child.linkId)!
      const value = raw[child.linkId]
      const childPath = [...path, child.linkId]
      const childSlot: Slot = {
        item: child,
        compiled: childCompiled,
        owner: instance,
        path: childPath,
        given: !isBlank(value),
        values: [],
        instances: [],
        shape: [],
        enabled: undefined,
        calculated: undefined,
      }
      instance.slots.set(child.linkId, childSlot)
      if (isBlank(value)) continue
      if (child.type === "display") {
        defer(
          childSlot.shape,
          childPath,
          child.linkId,
          "not_answerable",
          `${labelJa(child)}は説明の項目で、回答できません`,
          `${labelEn(child)} is display text and takes no answer`,
        )
        continue
      }
      const expected = typeExpectation[child.type]!
      if (child.type === "group") {
        const list = child.repeats === true ? value : [value]
        if (!Array.isArray(list) || (child.repeats !== true && !isPlainObject(value))) {
          defer(
            childSlot.shape,
            childPath,
            child.linkId,
            "invalid_type",
            `${labelJa(child)}の回答は${child.repeats === true ? "オブジェクトの配列" : "オブジェクト"}で指定してください`,
            `${labelEn(child)} takes ${child.repeats === true ? "a list of objects" : "an object"}`,
          )
          continue
        }
        list.forEach((element, i) => {
          const elementPath = child.repeats === true ? [...childPath, i] : childPath
          if (isBlank(element)) return
          if (!isPlainObject(element)) {
            defer(
              childSlot.shape,
              elementPath,
              child.linkId,
              "invalid_type",
              `${labelJa(child)}の回答は${expected.ja}で指定してください`,
              `${labelEn(child)} takes ${expected.en}`,
            )
            return
          }
          const inner = build(
            child,
            childSlot,
            childCompiled.children,
            element,
            elementPath,
            child.repeats === true ? i : undefined,
          )
          childSlot.instances.push(inner)
          if (inner.present) instance.present = true
        })
        continue
      }
      instance.present = true
      const many = child.repeats === true || child.type === "multiChoice"
      if (many !== Array.isArray(value)) {
        defer(
          childSlot.shape,
          childPath,
          child.linkId,
          "invalid_type",
          many
            ? `${labelJa(child)}の回答は配列で指定してください`
            : `${labelJa(child)}の回答は1つの値です（配列は使えません）`,
          many ? `${labelEn(child)} takes a list of answers` : `${labelEn(child)} takes a single answer, not a list`,
        )
        continue
      }
      const list = many ? (value as ReadonlyArray<unknown>) : [value]
      list.forEach((element, i) => {
        if (isBlank(element)) return
        childSlot.values.push({
          raw: element,
          path: many ? [...childPath, i] : childPath,
          typed: undefined,
          problems: undefined,
        })
      })
    }
    for (const key of Object.keys(raw)) {
      if (known.has(key) || isBlank(raw[key])) continue
      defer(
        instance.unknown,
        [...path, key],
        undefined,
        "unknown_item",
        `「${key}」はこの様式（${definition.id}@${definition.version}）の項目ではありません`,
        `"${key}" is not an item of ${definition.id}@${definition.version} here`,
      )
    }
    return instance
  }

  const root = build(undefined, undefined, definition.items, answers, ["answers"], undefined)
  root.present = true

  // --- Typed values (checked once per value, issues reported in document order below). ----------------------------
  const typeOf = (slot: Slot, answer: AnswerValue): ScalarValue | undefined => {
    const { item } = slot
    const raw = answer.raw
    switch (item.type) {
      case "string":
      case "text":
      case "phone":
      case "email":
      case "postalCode":
        return typeof raw === "string" ? raw : undefined
      case "integer":
        return typeof raw === "number" && Number.isSafeInteger(raw) ? raw : undefined
      case "decimal":
        return typeof raw === "number" && Number.isFinite(raw) ? raw : undefined
      case "boolean":
        return typeof raw === "boolean" ? raw : undefined
      case "date":
        return isIsoDate(raw) ? dateValue(raw) : undefined
      case "dateTime":
        return isDateTime(raw) ? raw : undefined
      case "time":
        return isTime(raw) ? raw : undefined
      case "choice":
      case "multiChoice":
        return typeof raw === "string" && slot.compiled.codes?.has(raw) === true ? raw : undefined
      case "openChoice":
        if (typeof raw === "string") return slot.compiled.codes?.has(raw) === true ? raw : undefined
        return isPlainObject(raw) &&
          typeof raw.text === "string" &&
          raw.text.trim().length > 0 &&
          Object.keys(raw).length === 1
          ? raw.text
          : undefined
      case "attachment": {
        const parsed = AttachmentAnswer.safeParse(raw)
        return parsed.success ? parsed.data.title : undefined
      }
      default:
        return undefined
    }
  }

  // --- Enablement, values and calculations (memoized per slot). ------------------------------------------------------
  const contextGroups = (instance: Instance): Map<string, Instance> => {
    const map = new Map<string, Instance>()
    for (let current: Instance | undefined = instance; current !== undefined; current = current.slot?.owner) {
      if (current.group !== undefined) map.set(current.group.linkId, current)
    }
    return map
  }

  const resolveValues = (linkId: string, context: Instance): ReadonlyArray<ScalarValue> => {
    const target = compiled.items.get(linkId)
    if (target === undefined) return []
    const scope = contextGroups(context)
    let instances: ReadonlyArray<Instance> = [root]
    for (const group of target.entry.ancestors) {
      const next: Array<Instance> = []
      for (const instance of instances) {
        const slot = instance.slots.get(group.linkId)
        if (slot === undefined || !isEnabled(slot)) continue
        const own = scope.get(group.linkId)
        if (own !== undefined) {
          if (slot.instances.includes(own)) next.push(own)
        } else {
          next.push(...slot.instances)
        }
      }
      instances = next
    }
    const values: Array<ScalarValue> = []
    for (const instance of instances) {
      const slot = instance.slots.get(linkId)
      if (slot === undefined || !isEnabled(slot)) continue
      values.push(...effectiveValues(slot))
    }
    return values
  }

  const effectiveValues = (slot: Slot): ReadonlyArray<ScalarValue> => {
    if (slot.compiled.calculated !== undefined) {
      const value = calculate(slot)
      return value === null ? [] : [value]
    }
    const out: Array<ScalarValue> = []
    for (const answer of slot.values) {
      if (problemsOf(slot, answer).length === 0 && answer.typed !== null && answer.typed !== undefined) {
        out.push(answer.typed)
      }
    }
    return out
  }

  const expressionContext = (context: Instance) => ({
    today,
    answers: (linkId: string) => resolveValues(linkId, context),
  })

  const calculate = (slot: Slot): ScalarValue => {
    if (slot.calculated === "computing") return null
    if (slot.calculated !== undefined) return slot.calculated.value
    slot.calculated = "computing"
    const result = evaluateExpression(slot.compiled.calculated!, expressionContext(slot.owner))
    let value: ScalarValue = null
    if (Result.isFailure(result)) {
      report(
        slot.path,
        slot.item.linkId,
        "expression_error",
        `${labelJa(slot.item)}を計算できません: ${result.failure.description.ja}`,
        `${labelEn(slot.item)} cannot be calculated: ${result.failure.description.en}`,
      )
    } else {
      value = result.success
    }
    slot.calculated = { value }
    return value
  }

  const conditionHolds = (condition: EnableWhen, context: Instance): boolean => {
    const values = resolveValues(condition.question, context)
    if (condition.operator === "exists") return values.length > 0 === condition.answer
    if (values.length === 0) return false
    const comparable = (v: ScalarValue): string | number | boolean | null =>
      typeof v === "object" && v !== null ? (v as DateValue).iso : v
    const answers = Array.isArray(condition.answer) ? condition.answer : [condition.answer]
    const matches = (v: ScalarValue, a: string | number | boolean): boolean => {
      const x = comparable(v)
      switch (condition.operator) {
        case "=":
        case "in":
          return x === a
        case "!=":
          return x === a
        case "<":
          return x !== null && x < a
        case "<=":
          return x !== null && x <= a
        case ">":
          return x !== null && x > a
        default:
          return x !== null && x >= a
      }
    }
    if (condition.operator === "!=") return !values.some((v) => matches(v, answers[0]!))
    return values.some((v) => answers.some((a) => matches(v, a)))
  }

  const isEnabled = (slot: Slot): boolean => {
    if (slot.enabled === true || slot.enabled === false) return slot.enabled
    if (slot.enabled === "computing") return false
    slot.enabled = "computing"
    const ownerSlot = slot.owner.slot
    let enabled = ownerSlot === undefined || isEnabled(ownerSlot)
    const conditions = slot.item.enableWhen
    if (enabled && conditions !== undefined) {
      enabled =
        slot.item.enableBehavior === "any"
          ? conditions.some((c) => conditionHolds(c, slot.owner))
          : conditions.every((c) => conditionHolds(c, slot.owner))
    }
    slot.enabled = enabled
    return enabled
  }

  // --- Checks, in document order. -------------------------------------------------------------------------------------
  const problemsOf = (slot: Slot, answer: AnswerValue): ReadonlyArray<FormIssue> => {
    if (answer.problems === undefined) {
      const found: Array<FormIssue> = []
      collectProblems(slot, answer, (path, linkId, code, ja, en) => {
        found.push({ path: [...path], linkId, code, message: { ja, en } })
      })
      answer.problems = found
    }
    return answer.problems
  }

  const checkValue = (slot: Slot, answer: AnswerValue): void => {
    issues.push(...problemsOf(slot, answer))
  }

  const collectProblems = (slot: Slot, answer: AnswerValue, report: Reporter): void => {
    const { item } = slot
    const { raw, path } = answer
    const linkId = item.linkId
    if (answer.typed === undefined) answer.typed = typeOf(slot, answer) ?? null
    const typed = answer.typed
    if (typed === null) {
      if (
        (item.type === "choice" || item.type === "multiChoice" || item.type === "openChoice") &&
        typeof raw === "string"
      ) {
        report(
          path,
          linkId,
          "not_in_code_list",
          `${labelJa(item)}の「${raw}」は選択肢にありません`,
          `${labelEn(item)}: "${raw}" is not one of the codes${item.type === "openChoice" ? ' (write free text as { "text": "…" })' : ""}`,
        )
      } else if (item.type === "date" && typeof raw === "string") {
        report(
          path,
          linkId,
          "invalid_date",
          `${labelJa(item)}は存在する日付をYYYY-MM-DD形式で入力してください`,
          `${labelEn(item)} must be an existing date written YYYY-MM-DD`,
        )
      } else if (item.type === "dateTime" && typeof raw === "string") {
        report(
          path,
          linkId,
          "invalid_datetime",
          `${labelJa(item)}は日時をYYYY-MM-DDThh:mm形式で入力してください`,
          `${labelEn(item)} must be a date and time written YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]`,
        )
      } else if (item.type === "time" && typeof raw === "string") {
        report(
          path,
          linkId,
          "invalid_time",
          `${labelJa(item)}は時刻をhh:mm形式で入力してください`,
          `${labelEn(item)} must be a time written hh:mm`,
        )
      } else if (item.type === "attachment" && isPlainObject(raw)) {
        report(
          path,
          linkId,
          "invalid_attachment",
          `${labelJa(item)}の添付ファイルの情報が不完全です（contentType・title・url か id が必要です）`,
          `${labelEn(item)}: an attachment needs contentType, title, and url or id`,
        )
      } else {
        const expected = typeExpectation[item.type]!
        report(
          path,
          linkId,
          "invalid_type",
          `${labelJa(item)}の回答は${expected.ja}で指定してください`,
          `${labelEn(item)} takes ${expected.en}`,
        )
      }
      return
    }
    switch (item.type) {
      case "string":
      case "text":
      case "openChoice": {
        if (item.type === "openChoice" && !isPlainObject(raw)) return
        const text = typed as string
        const length = characterCount(text)
        if (item.minLength !== undefined && length < item.minLength) {
          report(
            path,
            linkId,
            "too_short",
            `${labelJa(item)}は${item.minLength}文字以上で入力してください（${length}文字）`,
            `${labelEn(item)} needs at least ${item.minLength} characters (got ${length})`,
          )
        }
        if (item.maxLength !== undefined && length > item.maxLength) {
          report(
            path,
            linkId,
            "too_long",
            `${labelJa(item)}は${item.maxLength}文字以内で入力してください（${length}文字）`,
            `${labelEn(item)} allows at most ${item.maxLength} characters (got ${length})`,
          )
        }
        if (slot.compiled.pattern !== undefined && !slot.compiled.pattern.test(text)) {
          report(
            path,
            linkId,
            "pattern",
            `${labelJa(item)}: ${item.pattern!.message.ja}`,
            `${labelEn(item)}: ${item.pattern!.message.en}`,
          )
        }
        return
      }
      case "integer":
      case "decimal": {
        const n = typed as number
        if (item.minValue !== undefined && n < item.minValue) {
          report(
            path,
            linkId,
            "too_small",
            `${labelJa(item)}は${item.minValue}以上にしてください`,
            `${labelEn(item)} must be at least ${item.minValue}`,
          )
        }
        if (item.maxValue !== undefined && n > item.maxValue) {
          report(
            path,
            linkId,
            "too_big",
            `${labelJa(item)}は${item.maxValue}以下にしてください`,
            `${labelEn(item)} must be at most ${item.maxValue}`,
          )
        }
        if (item.maxDecimalPlaces !== undefined && decimalPlaces(n) > item.maxDecimalPlaces) {
          report(
            path,
            linkId,
            "decimal_places",
            `${labelJa(item)}は小数点以下${item.maxDecimalPlaces}桁までです`,
            `${labelEn(item)} allows at most ${item.maxDecimalPlaces} decimal places`,
          )
        }
        return
      }
      case "date":
      case "dateTime": {
        const day = item.type === "date" ? (typed as DateValue).iso : (typed as string).slice(0, 10)
        if (item.minDate !== undefined) {
          const min = resolveBound(item.minDate, today)
          if (day < min)
            report(
              path,
              linkId,
              "date_too_early",
              `${labelJa(item)}は${min}以降の日付にしてください`,
              `${labelEn(item)} must be on or after ${min}`,
            )
        }
        if (item.maxDate !== undefined) {
          const max = resolveBound(item.maxDate, today)
          if (day > max)
            report(
              path,
              linkId,
              "date_too_late",
              `${labelJa(item)}は${max}以前の日付にしてください`,
              `${labelEn(item)} must be on or before ${max}`,
            )
        }
        return
      }
      case "phone": {
        const parsed = PhoneNumber.safeParse(raw)
        if (!parsed.success) {
          const first = fromZodError("phone", parsed.error).issues[0]!
          report(
            path,
            linkId,
            "invalid_phone",
            `${labelJa(item)}: ${first.message.ja}`,
            `${labelEn(item)}: ${first.message.en}`,
          )
        }
        return
      }
      case "email":
        if (!emailSchema.safeParse((raw as string).trim()).success) {
          report(
            path,
            linkId,
            "invalid_email",
            `${labelJa(item)}の形式が正しくありません（例: name@example.jp）`,
            `${labelEn(item)} is not a valid email address (e.g. name@example.jp)`,
          )
        }
        return
      case "postalCode":
        if (!postalCodePattern.test((raw as string).trim())) {
          report(
            path,
            linkId,
            "invalid_postal_code",
            `${labelJa(item)}は7桁の数字で入力してください（例: 243-0392）`,
            `${labelEn(item)} must be 7 digits, written 123-4567`,
          )
        }
        return
      case "attachment": {
        const attachment = raw as AttachmentAnswer
        if (item.maxSize !== undefined && attachment.size !== undefined && attachment.size > item.maxSize) {
          report(
            path,
            linkId,
            "attachment_too_large",
            `${labelJa(item)}のファイルは${item.maxSize}バイト以下にしてください`,
            `${labelEn(item)} must be at most ${item.maxSize} bytes`,
          )
        }
        if (
          item.contentTypes !== undefined &&
          !item.contentTypes.some((p) => contentTypeMatches(p, attachment.contentType))
        ) {
          report(
            path,
            linkId,
            "attachment_type",
            `${labelJa(item)}には ${item.contentTypes.join("・")} のファイルを添付してください`,
            `${labelEn(item)} accepts ${item.contentTypes.join(", ")} files`,
          )
        }
        return
      }
      default:
        return
    }
  }

  const checkOccurrences = (slot: Slot, count: number, total: number, unit: { ja: string; en: string }): void => {
    const { item } = slot
    const min = item.minOccurs ?? (item.required === true ? 1 : 0)
    // An answer of the wrong shape was given: that is the problem to report, not a missing answer.
    if (slot.shape.length > 0) return
    if (
      complete &&
      slot.owner.present &&
      count === 0 &&
      item.required === true &&
      slot.compiled.calculated === undefined
    ) {
      report(slot.path, item.linkId, "required", `${labelJa(item)}は必須です`, `${labelEn(item)} is required`)
    } else if (
      complete &&
      slot.owner.present &&
      count < min &&
      (item.repeats === true || item.type === "multiChoice")
    ) {
      report(
        slot.path,
        item.linkId,
        "too_few",
        `${labelJa(item)}は${min}${unit.ja}以上必要です（${count}${unit.ja}）`,
        `${labelEn(item)} needs at least ${min} ${unit.en} (got ${count})`,
      )
    }
    if (item.maxOccurs !== undefined && total > item.maxOccurs) {
      report(
        slot.path,
        item.linkId,
        "too_many",
        `${labelJa(item)}は${item.maxOccurs}${unit.ja}までです（${total}${unit.ja}）`,
        `${labelEn(item)} allows at most ${item.maxOccurs} ${unit.en} (got ${total})`,
      )
    }
  }

  const checkConstraints = (slot: Slot, context: Instance, path: Path): void => {
    for (const constraint of slot.compiled.constraints) {
      const result = evaluateExpression(constraint.expression, expressionContext(context))
      if (Result.isFailure(result)) {
        report(
          path,
          slot.item.linkId,
          "expression_error",
          `${labelJa(slot.item)}の入力規則を確かめられません: ${result.failure.description.ja}`,
          `${labelEn(slot.item)}: a constraint cannot be evaluated: ${result.failure.description.en}`,
        )
      } else if (result.success === false) {
        report(path, slot.item.linkId, "constraint", constraint.message.ja, constraint.message.en)
      }
    }
  }

  const toJson = (value: ScalarValue): string | number | boolean | null =>
    typeof value === "object" && value !== null ? value.iso : value

  /** Validates one instance and returns its answers to keep. */
  const visit = (instance: Instance, raw: Record<string, unknown>): Record<string, unknown> => {
    const kept: Record<string, unknown> = {}
    for (const [linkId, slot] of instance.slots) {
      const { item } = slot
      if (item.type === "display") continue
      if (!isEnabled(slot)) {
        if (slot.given) dropped.push({ path: slot.path, linkId, reason: "disabled" })
        continue
      }
      issues.push(...slot.shape)
      if (item.type === "group") {
        const present = slot.instances.filter((inner) => inner.present)
        checkOccurrences(slot, present.length, present.length, { ja: "件", en: "entries" })
        const source = raw[linkId]
        const keptInstances = slot.instances.map((inner) => {
          const element = (item.repeats === true ? (source as ReadonlyArray<unknown>)[inner.index!] : source) as Record<
            string,
            unknown
          >
          return { inner, answers: visit(inner, element) }
        })
        for (const { inner } of keptInstances) checkConstraints(slot, inner, inner.path)
        const nonEmpty = keptInstances
          .filter(({ answers }) => Object.keys(answers).length > 0)
          .map(({ answers }) => answers)
        if (item.repeats === true) {
          if (nonEmpty.length > 0) kept[linkId] = nonEmpty
        } else if (nonEmpty[0] !== undefined) {
          kept[linkId] = nonEmpty[0]
        }
        continue
      }
      if (slot.compiled.calculated !== undefined) {
        const value = calculate(slot)
        if (value !== null) {
          const json = toJson(value)!
          const answer: AnswerValue = { raw: json, path: slot.path, typed: undefined, problems: undefined }
          checkValue(slot, answer)
          const givenValue = slot.values[0]?.raw
          calculated.push({ path: slot.path, linkId, value: json, replaced: slot.given && givenValue !== json })
          kept[linkId] = json
        } else if (slot.given) {
          dropped.push({ path: slot.path, linkId, reason: "calculated" })
        }
        checkConstraints(slot, instance, slot.path)
        continue
      }
      for (const answer of slot.values) checkValue(slot, answer)
      if (item.type === "multiChoice") {
        const seen = new Set<unknown>()
        for (const answer of slot.values) {
          if (seen.has(answer.raw)) {
            report(
              answer.path,
              linkId,
              "duplicate_choice",
              `${labelJa(item)}で「${String(answer.raw)}」が重複して選ばれています`,
              `${labelEn(item)}: "${String(answer.raw)}" is selected twice`,
            )
          }
          seen.add(answer.raw)
        }
      }
      checkOccurrences(
        slot,
        slot.values.length,
        slot.values.length,
        item.type === "multiChoice" ? { ja: "個", en: "selections" } : { ja: "件", en: "answers" },
      )
      checkConstraints(slot, instance, slot.path)
      if (slot.values.length > 0) {
        const values = slot.values.map((answer) => answer.raw)
        kept[linkId] = item.repeats === true || item.type === "multiChoice" ? values : values[0]
      }
    }
    issues.push(...instance.unknown)
    return kept
  }

  const kept = visit(root, answers)
  return { valid: issues.length === 0, issues, dropped, calculated, answers: kept }
}
