/**
 * 様式の版と地域版 (versions and regional variants of form definitions).
 *
 * Definitions carry a semantic version, a status and an effective period; {@link selectFormVersion} picks the
 * version to offer on a given day. A regional variant (地域版: a 医師会 area's 入院時情報提供書, a prefecture's
 * common sheet) is stored as the list of its differences from one exact base version — items added, hidden,
 * relabelled or constrained — and {@link resolveFormVariant} derives the full definition from the base, so a
 * correction of the base reaches every variant that moves to the new base version, and nothing is copied.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as z from "zod"
import { CodeList, SourceCitation } from "./CodeList.js"
import { ValidationError, type ValidationIssue } from "./Errors.js"
import {
  answerConceptsOf,
  type CheckFormDefinitionOptions,
  checkFormDefinition,
  DateBound,
  EffectivePeriod,
  type FormDefinition,
  FormItem,
  FormPattern,
  FormStatus,
  FormTemplateId,
  FormTemplateRef,
  FormVersion,
  LinkId,
} from "./FormDefinition.js"
import { expressionReferences, parseExpression } from "./FormExpression.js"
import { indexItems } from "./internal/formItems.js"
import { LocalizedText } from "./Label.js"
import { type DateInput, toIsoDate } from "./Period.js"

// ---------------------------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------------------------

/**
 * 版の比較 (compare versions) by semantic-version precedence: negative when `a` precedes `b`, 0 when equal,
 * positive when `a` follows `b` (`1.10.0` follows `1.9.3`).
 *
 * @since 0.1.0
 * @category versions
 * @example
 * ```ts
 * import { compareFormVersions } from "@zaitaku/core"
 *
 * ["1.10.0", "1.2.0", "1.9.3"].sort(compareFormVersions) // ["1.2.0", "1.9.3", "1.10.0"]
 * ```
 */
export const compareFormVersions = (a: FormVersion, b: FormVersion): number => {
  const x = a.split(".").map(Number)
  const y = b.split(".").map(Number)
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0)
    if (d !== 0) return d < 0 ? -1 : 1
  }
  return 0
}

/**
 * 使用できるか (usable on a day): the definition is `active` and the day lies in its effective period.
 *
 * @since 0.1.0
 * @category versions
 * @example
 * ```ts
 * import { type FormDefinition, isFormUsableOn } from "@zaitaku/core"
 *
 * const usableToday = (definition: FormDefinition) => isFormUsableOn(definition, "2025-04-01")
 * ```
 */
export const isFormUsableOn = (
  definition: Pick<FormDefinition, "status" | "effectivePeriod">,
  on: DateInput,
): boolean => {
  if (definition.status !== "active") return false
  const day = toIsoDate(on)
  const period = definition.effectivePeriod
  return (period?.start === undefined || period.start <= day) && (period?.end === undefined || day <= period.end)
}

/**
 * 版を選ぶ (select the version to offer): among the definitions with template id `id` that are usable on `on`,
 * the one with the highest version; `undefined` when none is.
 *
 * @since 0.1.0
 * @category versions
 * @example
 * ```ts
 * import { formTemplates, selectFormVersion } from "@zaitaku/core"
 *
 * selectFormVersion(formTemplates, "training-application", "2026-01-10")?.version // "1.0.0"
 * ```
 */
export const selectFormVersion = <D extends Pick<FormDefinition, "id" | "version" | "status" | "effectivePeriod">>(
  definitions: ReadonlyArray<D>,
  id: string,
  on: DateInput,
): D | undefined => {
  let best: D | undefined
  for (const definition of definitions) {
    if (definition.id !== id || !isFormUsableOn(definition, on)) continue
    if (best === undefined || compareFormVersions(definition.version, best.version) > 0) best = definition
  }
  return best
}

// ---------------------------------------------------------------------------------------------------------------
// Variants
// ---------------------------------------------------------------------------------------------------------------

/**
 * 地域版の変更 (variant change), one of:
 * - `add` an `item` to the group `parent` (the top level when absent), `after` or `before` a sibling (at the end
 *   when neither is given);
 * - `hide` the item `linkId` and everything inside it;
 * - `relabel` the item: new `text`, `help` or `prefix`;
 * - `constrain` the item: make it `required`, or tighten its bounds, pattern, occurrences, attachment limits, or
 *   keep only some `answerCodes`. A constraint may only narrow what the base accepts.
 *
 * @since 0.1.0
 * @category variants
 * @example
 * ```ts
 * import { VariantChange } from "@zaitaku/core"
 *
 * VariantChange.parse({ op: "hide", linkId: "udf_category" })
 * VariantChange.parse({ op: "constrain", linkId: "phone", required: true })
 * ```
 */
export const VariantChange = z.discriminatedUnion("op", [
  z.object({
    op: z.literal("add"),
    item: FormItem,
    parent: LinkId.optional(),
    after: LinkId.optional(),
    before: LinkId.optional(),
  }),
  z.object({ op: z.literal("hide"), linkId: LinkId }),
  z.object({
    op: z.literal("relabel"),
    linkId: LinkId,
    text: LocalizedText.optional(),
    help: LocalizedText.optional(),
    prefix: z.string().min(1).max(20).optional(),
  }),
  z.object({
    op: z.literal("constrain"),
    linkId: LinkId,
    required: z.literal(true).optional(),
    minValue: z.number().optional(),
    maxValue: z.number().optional(),
    maxDecimalPlaces: z.int().min(0).max(10).optional(),
    minLength: z.int().min(0).optional(),
    maxLength: z.int().min(1).optional(),
    pattern: FormPattern.optional(),
    minDate: DateBound.optional(),
    maxDate: DateBound.optional(),
    minOccurs: z.int().min(0).optional(),
    maxOccurs: z.int().min(1).optional(),
    answerCodes: z.array(z.string().min(1)).min(1).optional(),
    maxSize: z.int().min(1).optional(),
    contentTypes: z.array(z.string().min(1)).min(1).optional(),
  }),
])

/**
 * 地域版の変更 (variant change).
 *
 * @since 0.1.0
 * @category variants
 * @example
 * ```ts
 * import type { VariantChange } from "@zaitaku/core"
 *
 * const relabel: VariantChange = { op: "relabel", linkId: "hospital_name", text: { ja: "入院先", en: "Hospital" } }
 * ```
 */
export type VariantChange = z.infer<typeof VariantChange>

/**
 * 地域版 (regional variant) of a form: its own identity (`id`, `version`, `status`, `effectivePeriod`, optional
 * titles), the exact `base` version it derives from, extra `sources` and `codeLists`, and its `changes`.
 *
 * @since 0.1.0
 * @category variants
 * @example
 * ```ts
 * import { FormVariant } from "@zaitaku/core"
 *
 * FormVariant.parse({
 *   id: "admission-information.example-area",
 *   version: "1.0.0",
 *   status: "active",
 *   base: { id: "admission-information", version: "1.0.0" },
 *   changes: [
 *     { op: "add", parent: "basic", item: { linkId: "allergy", type: "text", text: { ja: "アレルギー", en: "Allergies" } } },
 *     { op: "hide", linkId: "udf_category" },
 *   ],
 * })
 * ```
 */
export const FormVariant = z.object({
  id: FormTemplateId,
  version: FormVersion,
  status: FormStatus,
  effectivePeriod: EffectivePeriod.optional(),
  title: LocalizedText.optional(),
  description: LocalizedText.optional(),
  publisher: LocalizedText.optional(),
  base: FormTemplateRef,
  sources: z.array(SourceCitation).optional(),
  codeLists: z.array(CodeList).optional(),
  changes: z.array(VariantChange).min(1),
})

/**
 * 地域版 (regional variant).
 *
 * @since 0.1.0
 * @category variants
 * @example
 * ```ts
 * import type { FormVariant } from "@zaitaku/core"
 *
 * const baseOf = (variant: FormVariant) => `${variant.base.id}@${variant.base.version}`
 * ```
 */
export type FormVariant = z.infer<typeof FormVariant>

type Path = ReadonlyArray<string | number>

/** Total order of a relative bound when it uses only days, or only years and months; undefined otherwise. */
const relativeKey = (
  bound: Exclude<DateBound, string>,
): { readonly unit: "days" | "months"; readonly n: number } | undefined => {
  const { years = 0, months = 0, days = 0 } = bound.fromToday
  if (years === 0 && months === 0) return { unit: "days", n: days }
  if (days === 0) return { unit: "months", n: years * 12 + months }
  return undefined
}

/** -1/0/1 when both bounds can be compared on every day, undefined when it depends on the day. */
const compareBounds = (a: DateBound, b: DateBound): number | undefined => {
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0
  if (typeof a === "string" || typeof b === "string") return undefined
  const x = relativeKey(a)
  const y = relativeKey(b)
  if (x === undefined || y === undefined) return undefined
  if (x.unit !== y.unit && x.n !== 0 && y.n !== 0) return undefined
  return x.n < y.n ? -1 : x.n > y.n ? 1 : 0
}

const mapItems = (
  items: ReadonlyArray<FormItem>,
  f: (item: FormItem) => FormItem | undefined,
): ReadonlyArray<FormItem> => {
  const out: Array<FormItem> = []
  for (const item of items) {
    const mapped = f(item)
    if (mapped === undefined) continue
    out.push(mapped.items === undefined ? mapped : { ...mapped, items: [...mapItems(mapped.items, f)] })
  }
  return out
}

/**
 * 地域版を展開する (resolve a regional variant): applies its changes, in order, to its base definition and returns
 * the resulting definition — with the variant's identity, `derivedFrom` set to the base, the sources and code
 * lists of both — or a {@link ValidationError} listing every problem: a base that is not the one the variant
 * names, a change on an item that does not exist (or was hidden), an added linkId already in use, hiding an item
 * that other items still refer to, a constraint that would loosen the base, and anything
 * {@link checkFormDefinition} finds in the result. The base is never modified.
 *
 * @since 0.1.0
 * @category variants
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { formTemplates, resolveFormVariant } from "@zaitaku/core"
 *
 * const base = formTemplates.find((t) => t.id === "training-application")!
 * const resolved = resolveFormVariant(base, {
 *   id: "training-application.example",
 *   version: "1.0.0",
 *   status: "active",
 *   base: { id: base.id, version: base.version },
 *   changes: [{ op: "constrain", linkId: "applicants", maxOccurs: 3 }],
 * })
 * Result.isSuccess(resolved) // true
 * ```
 */
export const resolveFormVariant = (
  base: FormDefinition,
  variant: FormVariant,
  options: CheckFormDefinitionOptions = {},
): Result.Result<FormDefinition, ValidationError> => {
  const issues: Array<ValidationIssue> = []
  const report = (path: Path, code: string, ja: string, en: string): void => {
    issues.push({ path: [...path], code, message: { ja, en } })
  }
  if (base.id !== variant.base.id || base.version !== variant.base.version) {
    report(
      ["base"],
      "base_mismatch",
      `地域版の元様式は ${variant.base.id}@${variant.base.version} ですが、${base.id}@${base.version} が渡されました`,
      `The variant derives from ${variant.base.id}@${variant.base.version}, but ${base.id}@${base.version} was given`,
    )
    return Result.fail(new ValidationError({ subject: "form variant", issues }))
  }
  if (variant.id === base.id) {
    report(
      ["id"],
      "same_id",
      "地域版には元様式と別の様式IDを付けてください（回答がどちらの様式か分かるように）",
      "A variant needs an id of its own, so that a response says which form it was filled against",
    )
  }

  let items: ReadonlyArray<FormItem> = base.items
  let replyItem = base.replyItem
  const merged = { ...base, codeLists: [...(base.codeLists ?? []), ...(variant.codeLists ?? [])] }

  const apply = (change: VariantChange, index: number): void => {
    const at: Path = ["changes", index]
    const { byLinkId } = indexItems(items)
    const missing = (linkId: string, field: string) =>
      report(
        [...at, field],
        "unknown_item",
        `項目「${linkId}」は元様式にありません（または先の変更で非表示にされました）`,
        `Item "${linkId}" is not in the base (or an earlier change hid it)`,
      )
    switch (change.op) {
      case "add": {
        if (byLinkId.has(change.item.linkId)) {
          report(
            [...at, "item", "linkId"],
            "duplicate_link_id",
            `項目ID「${change.item.linkId}」は既に使われています`,
            `linkId "${change.item.linkId}" is already in use`,
          )
          return
        }
        if (change.after !== undefined && change.before !== undefined) {
          report(
            [...at, "before"],
            "conflicting_position",
            "after と before は同時に指定できません",
            "Give after or before, not both",
          )
          return
        }
        if (change.parent !== undefined) {
          const parent = byLinkId.get(change.parent)
          if (parent === undefined) {
            missing(change.parent, "parent")
            return
          }
          if (parent.item.type !== "group") {
            report(
              [...at, "parent"],
              "not_a_group",
              `「${change.parent}」はグループではありません`,
              `"${change.parent}" is not a group`,
            )
            return
          }
        }
        const insert = (siblings: ReadonlyArray<FormItem>): ReadonlyArray<FormItem> | undefined => {
          const anchor = change.after ?? change.before
          if (anchor === undefined) return [...siblings, change.item]
          const position = siblings.findIndex((sibling) => sibling.linkId === anchor)
          if (position < 0) return undefined
          const cut = change.after !== undefined ? position + 1 : position
          return [...siblings.slice(0, cut), change.item, ...siblings.slice(cut)]
        }
        const placed =
          change.parent === undefined
            ? insert(items)
            : (() => {
                let result: ReadonlyArray<FormItem> | undefined
                const next = mapItems(items, (item) => {
                  if (item.linkId !== change.parent) return item
                  result = insert(item.items ?? [])
                  return result === undefined ? item : { ...item, items: [...result] }
                })
                return result === undefined ? undefined : next
              })()
        if (placed === undefined) {
          const anchor = (change.after ?? change.before)!
          report(
            [...at, change.after !== undefined ? "after" : "before"],
            "unknown_item",
            `位置の基準「${anchor}」は追加先のグループの中にありません`,
            `"${anchor}" is not an item of the group the new item is added to`,
          )
          return
        }
        items = placed
        return
      }
      case "hide": {
        const target = byLinkId.get(change.linkId)
        if (target === undefined) {
          missing(change.linkId, "linkId")
          return
        }
        const hidden = new Set(indexItems([target.item]).all.map((entry) => entry.item.linkId))
        const users = indexItems(items)
          .all.filter((entry) => !hidden.has(entry.item.linkId))
          .filter((entry) => referencesOf(entry.item).some((linkId) => hidden.has(linkId)))
          .map((entry) => entry.item.linkId)
        if (users.length > 0) {
          report(
            [...at, "linkId"],
            "hidden_item_in_use",
            `「${change.linkId}」は ${users.join("、")} の表示条件・計算式で使われているため非表示にできません`,
            `"${change.linkId}" cannot be hidden: ${users.join(", ")} refer to it in conditions or expressions`,
          )
          return
        }
        items = mapItems(items, (item) => (hidden.has(item.linkId) ? undefined : item))
        if (replyItem !== undefined && hidden.has(replyItem)) replyItem = undefined
        return
      }
      case "relabel": {
        if (!byLinkId.has(change.linkId)) {
          missing(change.linkId, "linkId")
          return
        }
        items = mapItems(items, (item) =>
          item.linkId !== change.linkId
            ? item
            : {
                ...item,
                ...(change.text === undefined ? {} : { text: change.text }),
                ...(change.help === undefined ? {} : { help: change.help }),
                ...(change.prefix === undefined ? {} : { prefix: change.prefix }),
              },
        )
        return
      }
      case "constrain": {
        const target = byLinkId.get(change.linkId)
        if (target === undefined) {
          missing(change.linkId, "linkId")
          return
        }
        const narrowed = constrain(target.item, change, at, merged, options, report)
        if (narrowed !== undefined) items = mapItems(items, (item) => (item.linkId === change.linkId ? narrowed : item))
        return
      }
    }
  }
  for (const [index, change] of variant.changes.entries()) apply(change, index)

  const resolved: FormDefinition = {
    id: variant.id,
    version: variant.version,
    status: variant.status,
    ...(variant.effectivePeriod === undefined ? {} : { effectivePeriod: variant.effectivePeriod }),
    title: variant.title ?? base.title,
    ...((variant.description ?? base.description) === undefined
      ? {}
      : { description: (variant.description ?? base.description)! }),
    ...((variant.publisher ?? base.publisher) === undefined
      ? {}
      : { publisher: (variant.publisher ?? base.publisher)! }),
    derivedFrom: { id: base.id, version: base.version },
    ...(replyItem === undefined ? {} : { replyItem }),
    ...(base.sources === undefined && variant.sources === undefined
      ? {}
      : { sources: [...(base.sources ?? []), ...(variant.sources ?? [])] }),
    ...(merged.codeLists.length === 0 ? {} : { codeLists: merged.codeLists }),
    items: [...items],
  }
  if (issues.length === 0) {
    for (const issue of checkFormDefinition(resolved, options)) {
      issues.push({
        ...issue,
        message: { ja: `展開後の様式: ${issue.message.ja}`, en: `In the resolved form: ${issue.message.en}` },
      })
    }
  }
  return issues.length === 0
    ? Result.succeed(resolved)
    : Result.fail(new ValidationError({ subject: "form variant", issues }))
}

/** linkIds an item refers to in its conditions and expressions. */
const referencesOf = (item: FormItem): ReadonlyArray<string> => {
  const out: Array<string> = (item.enableWhen ?? []).map((condition) => condition.question)
  for (const text of [item.calculated, ...(item.constraints ?? []).map((c) => c.expression)]) {
    if (text === undefined) continue
    const parsed = parseExpression(text)
    if (Result.isSuccess(parsed)) out.push(...expressionReferences(parsed.success))
  }
  return out
}

const constrain = (
  item: FormItem,
  change: Extract<VariantChange, { op: "constrain" }>,
  at: Path,
  definition: Pick<FormDefinition, "codeLists">,
  options: CheckFormDefinitionOptions,
  report: (path: Path, code: string, ja: string, en: string) => void,
): FormItem | undefined => {
  let loosened = false
  const loosens = (field: string, ja: string, en: string) => {
    loosened = true
    report(
      [...at, field],
      "loosens_base",
      `地域版は元様式の条件を緩められません: ${ja}`,
      `A variant may only narrow the base: ${en}`,
    )
  }
  const next: Record<string, unknown> = { ...item }
  if (change.required === true) next.required = true

  const lower = (field: "minValue" | "minLength" | "minOccurs") => {
    const value = change[field]
    if (value === undefined) return
    const old = item[field]
    if (old !== undefined && value < old)
      loosens(field, `${field} ${value} < ${old}`, `${field} ${value} is below the base's ${old}`)
    else next[field] = value
  }
  const upper = (field: "maxValue" | "maxLength" | "maxOccurs" | "maxDecimalPlaces" | "maxSize") => {
    const value = change[field]
    if (value === undefined) return
    const old = item[field]
    if (old !== undefined && value > old)
      loosens(field, `${field} ${value} > ${old}`, `${field} ${value} is above the base's ${old}`)
    else next[field] = value
  }
  lower("minValue")
  lower("minLength")
  lower("minOccurs")
  upper("maxValue")
  upper("maxLength")
  upper("maxOccurs")
  upper("maxDecimalPlaces")
  upper("maxSize")

  for (const [field, sign] of [
    ["minDate", 1],
    ["maxDate", -1],
  ] as const) {
    const value = change[field]
    if (value === undefined) continue
    const old = item[field]
    if (old === undefined) {
      next[field] = value
      continue
    }
    const order = compareBounds(value, old)
    if (order === undefined) {
      loosens(
        field,
        `${field} は元様式の境界と比べられる形（同じ種類の日付指定）で書いてください`,
        `${field} must be comparable with the base's bound on every day (same kind of date bound)`,
      )
    } else if (order * sign < 0) {
      loosens(field, `${field} が元様式より広くなります`, `${field} would accept dates the base refuses`)
    } else {
      next[field] = value
    }
  }
  if (change.pattern !== undefined) {
    if (item.pattern !== undefined) {
      loosens("pattern", "元様式の入力形式は置き換えられません", "the base's pattern cannot be replaced")
    } else {
      next.pattern = change.pattern
    }
  }
  if (change.contentTypes !== undefined) {
    const old = item.contentTypes
    const extra = old === undefined ? [] : change.contentTypes.filter((type) => !old.includes(type))
    if (extra.length > 0)
      loosens(
        "contentTypes",
        `${extra.join(", ")} は元様式で許されていません`,
        `${extra.join(", ")} not allowed by the base`,
      )
    else next.contentTypes = change.contentTypes
  }
  if (change.answerCodes !== undefined) {
    const allowed = answerConceptsOf(definition, item, options)
    const unknown =
      allowed === undefined
        ? change.answerCodes
        : change.answerCodes.filter((code) => !allowed.some((c) => c.code === code))
    if (unknown.length > 0) {
      loosens(
        "answerCodes",
        `${unknown.join(", ")} は元様式の選択肢にありません`,
        `${unknown.join(", ")} are not codes the base accepts`,
      )
    } else {
      next.answerCodes = change.answerCodes
    }
  }
  return loosened ? undefined : (next as FormItem)
}
