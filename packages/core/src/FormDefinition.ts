/**
 * 様式定義 (form definitions): the JSON language in which Zaitaku defines every information-sharing sheet once,
 * so that it can be filled anywhere (server, widget, a vendor's system) and checked the same way.
 *
 * The model follows FHIR Questionnaire and its SDC extensions where they fit: items with a stable `linkId`, a
 * type, `required`, `repeats` with `minOccurs`/`maxOccurs`, `enableWhen` with `enableBehavior`, value
 * constraints, calculated values, and answer lists. Labels are in Japanese and English. Choices refer to
 * {@link CodeList}s (the standard ones, or lists contained in the definition).
 *
 * A definition is checked as a whole when it is decoded ({@link FormDefinition}, {@link checkFormDefinition}):
 * unique linkIds, conditions and expressions that refer to existing items of a fitting type, answers that belong
 * to the code list, constraints that apply to the item's type, and no circular dependencies. Every problem is
 * reported with its path in the definition and a message in Japanese and English.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as z from "zod"
import {
  CodeList,
  type CodeListConcept,
  CodeListConcept as CodeListConceptSchema,
  findStandardCodeList,
  SourceCitation,
} from "./CodeList.js"
import { addLocalizedIssue } from "./Decode.js"
import type { ValidationIssue } from "./Errors.js"
import { checkExpression, type ExpressionType, expressionReferences, parseExpression } from "./FormExpression.js"
import {
  choiceTypes,
  expressionTypeOf,
  type IndexedItem,
  indexItems,
  isDateTime,
  isIsoDate,
  isTime,
  questionTypes,
  referenceIsMany,
} from "./internal/formItems.js"
import { LocalizedText } from "./Label.js"
import { IsoDate } from "./Period.js"

// ---------------------------------------------------------------------------------------------------------------
// Identity, version and status
// ---------------------------------------------------------------------------------------------------------------

/**
 * 様式ID (template id): a stable, URL-safe name shared by every version of a form, e.g. `admission-information`.
 * Lower-case letters, digits, `.`, `_` and `-`; a UUID also fits.
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import { FormTemplateId } from "@zaitaku/core"
 *
 * FormTemplateId.safeParse("admission-information").success // true
 * FormTemplateId.safeParse("入院時情報提供書").success // false
 * ```
 */
export const FormTemplateId = z
  .string()
  .max(100)
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/,
    "A template id uses lower-case letters, digits, . _ - and starts with a letter or digit",
  )

/**
 * 様式ID (template id).
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import type { FormTemplateId } from "@zaitaku/core"
 *
 * const id: FormTemplateId = "training-application"
 * ```
 */
export type FormTemplateId = z.infer<typeof FormTemplateId>

/**
 * 版 (version) of a definition, semantic versioning `MAJOR.MINOR.PATCH` (`1.2.0`): a new major version may
 * change what answers mean; a minor one adds optional items; a patch fixes wording.
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import { FormVersion } from "@zaitaku/core"
 *
 * FormVersion.safeParse("1.2.0").success // true
 * FormVersion.safeParse("1.2").success // false
 * ```
 */
export const FormVersion = z
  .string()
  .regex(/^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/, "A version is MAJOR.MINOR.PATCH, e.g. 1.2.0")

/**
 * 版 (version).
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import type { FormVersion } from "@zaitaku/core"
 *
 * const version: FormVersion = "1.0.0"
 * ```
 */
export type FormVersion = z.infer<typeof FormVersion>

/**
 * 様式の版の参照 (template reference): the exact definition a response was filled against — template id and version.
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import { FormTemplateRef } from "@zaitaku/core"
 *
 * FormTemplateRef.parse({ id: "admission-information", version: "1.0.0" })
 * ```
 */
export const FormTemplateRef = z.object({ id: FormTemplateId, version: FormVersion })

/**
 * 様式の版の参照 (template reference).
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import type { FormTemplateRef } from "@zaitaku/core"
 *
 * const ref: FormTemplateRef = { id: "training-application", version: "1.0.0" }
 * ```
 */
export type FormTemplateRef = z.infer<typeof FormTemplateRef>

/**
 * 様式の状態 (definition status): `draft` (being written; not for real use), `active` (in use), `retired` (kept so
 * that old responses still read, not offered for new ones).
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import { FormStatus } from "@zaitaku/core"
 *
 * FormStatus.options // ["draft", "active", "retired"]
 * ```
 */
export const FormStatus = z.enum(["draft", "active", "retired"])

/**
 * 様式の状態 (definition status).
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import type { FormStatus } from "@zaitaku/core"
 *
 * const status: FormStatus = "active"
 * ```
 */
export type FormStatus = z.infer<typeof FormStatus>

/**
 * 適用期間 (effective period): the first and last day (both inclusive, either open) on which a version may be
 * used for new responses.
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import { EffectivePeriod } from "@zaitaku/core"
 *
 * EffectivePeriod.parse({ start: "2024-04-01" })
 * ```
 */
export const EffectivePeriod = z.object({ start: IsoDate.optional(), end: IsoDate.optional() })

/**
 * 適用期間 (effective period).
 *
 * @since 0.1.0
 * @category identity
 * @example
 * ```ts
 * import type { EffectivePeriod } from "@zaitaku/core"
 *
 * const fy2024: EffectivePeriod = { start: "2024-04-01", end: "2025-03-31" }
 * ```
 */
export type EffectivePeriod = z.infer<typeof EffectivePeriod>

// ---------------------------------------------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------------------------------------------

/**
 * 項目の種類 (item type):
 * `group` (a section or a repeating block), `display` (text only), `string` (one line), `text` (several lines),
 * `integer`, `decimal`, `boolean`, `date` (`YYYY-MM-DD`), `dateTime` (`YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]`),
 * `time` (`hh:mm[:ss]`), `choice` (one code), `multiChoice` (several codes), `openChoice` (a code or free
 * text), `phone` (電話・FAX番号), `email`, `postalCode` (郵便番号), `attachment` (a file reference).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import { FormItemType } from "@zaitaku/core"
 *
 * FormItemType.safeParse("multiChoice").success // true
 * ```
 */
export const FormItemType = z.enum([
  "group",
  "display",
  "string",
  "text",
  "integer",
  "decimal",
  "boolean",
  "date",
  "dateTime",
  "time",
  "choice",
  "multiChoice",
  "openChoice",
  "phone",
  "email",
  "postalCode",
  "attachment",
])

/**
 * 項目の種類 (item type).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import type { FormItemType } from "@zaitaku/core"
 *
 * const type: FormItemType = "date"
 * ```
 */
export type FormItemType = z.infer<typeof FormItemType>

/**
 * 項目ID (linkId): the stable name of an item within a definition, unique in the whole definition, e.g.
 * `birth_date`. Letters, digits, `_`, `.` and `-`; expressions refer to ids that are not plain identifiers as
 * `` `1.2` ``.
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import { LinkId } from "@zaitaku/core"
 *
 * LinkId.safeParse("adl.transfer").success // true
 * LinkId.safeParse("氏名").success // false
 * ```
 */
export const LinkId = z
  .string()
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, "A linkId uses letters, digits, _ . - and starts with a letter or digit")

/**
 * 項目ID (linkId).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import type { LinkId } from "@zaitaku/core"
 *
 * const id: LinkId = "admission_date"
 * ```
 */
export type LinkId = z.infer<typeof LinkId>

/**
 * 日付の上限・下限 (date bound): a fixed date `YYYY-MM-DD`, or a date relative to the day the form is checked,
 * `{ fromToday: { years?, months?, days? } }` (`{ fromToday: {} }` is today; negative numbers go back).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import { DateBound } from "@zaitaku/core"
 *
 * DateBound.parse({ fromToday: {} }) // today: e.g. a birth date may not be after it
 * DateBound.parse({ fromToday: { years: -120 } })
 * ```
 */
export const DateBound = z.union([
  IsoDate,
  z.object({
    fromToday: z.object({
      years: z.int().min(-200).max(200).optional(),
      months: z.int().min(-2400).max(2400).optional(),
      days: z.int().min(-100_000).max(100_000).optional(),
    }),
  }),
])

/**
 * 日付の上限・下限 (date bound).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import type { DateBound } from "@zaitaku/core"
 *
 * const notInTheFuture: DateBound = { fromToday: {} }
 * ```
 */
export type DateBound = z.infer<typeof DateBound>

/**
 * 表示条件の演算子 (enableWhen operator): `exists` (answered or not, answer `true`/`false`), `=`, `!=`, `<`,
 * `<=`, `>`, `>=` (ordered types only) and `in` (one of a list of values).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import { EnableWhenOperator } from "@zaitaku/core"
 *
 * EnableWhenOperator.options.length // 8
 * ```
 */
export const EnableWhenOperator = z.enum(["exists", "=", "!=", "<", "<=", ">", ">=", "in"])

/**
 * 表示条件の演算子 (enableWhen operator).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import type { EnableWhenOperator } from "@zaitaku/core"
 *
 * const op: EnableWhenOperator = ">="
 * ```
 */
export type EnableWhenOperator = z.infer<typeof EnableWhenOperator>

/**
 * 表示条件 (enableWhen): the item is enabled when the answer to `question` compares to `answer` with `operator`.
 * Following FHIR: `=` holds when any answer equals, `!=` when there are answers and none equals; without an
 * answer only `exists false` holds. Answers of choice items are codes; dates are `YYYY-MM-DD`; date-times and
 * times are compared as text, so compare them only when written alike.
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import { EnableWhen } from "@zaitaku/core"
 *
 * EnableWhen.parse({ question: "meal_restriction", operator: "=", answer: "present" })
 * EnableWhen.parse({ question: "care_need_level", operator: "in", answer: ["care_3", "care_4", "care_5"] })
 * ```
 */
export const EnableWhen = z.object({
  question: LinkId,
  operator: EnableWhenOperator,
  answer: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()])).min(1)]),
})

/**
 * 表示条件 (enableWhen).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import type { EnableWhen } from "@zaitaku/core"
 *
 * const lives: EnableWhen = { question: "housing_type", operator: "=", answer: "apartment" }
 * ```
 */
export type EnableWhen = z.infer<typeof EnableWhen>

/**
 * 入力規則（式） (constraint): a boolean {@link Expression} over the answers that must not be `false`
 * (FHIR SDC `targetConstraint`); `null` (missing answers) passes. `message` tells the person filling the form.
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import { FormConstraint } from "@zaitaku/core"
 *
 * FormConstraint.parse({
 *   key: "discharge-after-admission",
 *   expression: "discharge_date >= admission_date",
 *   message: { ja: "退院日は入院日以降にしてください", en: "Discharge must not precede admission" },
 * })
 * ```
 */
export const FormConstraint = z.object({
  key: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
    .max(64),
  expression: z.string().min(1),
  message: LocalizedText,
})

/**
 * 入力規則（式） (constraint).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import type { FormConstraint } from "@zaitaku/core"
 *
 * const c: FormConstraint = { key: "adult", expression: "age(birth_date) >= 18", message: { ja: "18歳以上", en: "18 or older" } }
 * ```
 */
export type FormConstraint = z.infer<typeof FormConstraint>

/**
 * 入力形式の規則 (pattern): a regular expression (Unicode mode) the whole answer must match, with the message shown
 * when it does not.
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import { FormPattern } from "@zaitaku/core"
 *
 * FormPattern.parse({ regex: "^[ぁ-ゖー\\s　]+$", message: { ja: "ひらがなで入力してください", en: "Use hiragana" } })
 * ```
 */
export const FormPattern = z.object({ regex: z.string().min(1).max(500), message: LocalizedText })

/**
 * 入力形式の規則 (pattern).
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import type { FormPattern } from "@zaitaku/core"
 *
 * const digits: FormPattern = { regex: "^[0-9]+$", message: { ja: "数字のみ", en: "Digits only" } }
 * ```
 */
export type FormPattern = z.infer<typeof FormPattern>

/**
 * 項目 (item) of a form definition. Fields beyond `linkId`, `type` and `text` are optional, and each applies only
 * to some types (checked by {@link checkFormDefinition}):
 *
 * - `required` — must be answered in a completed response (for a group: something inside it must be answered).
 *   A required item inside an optional group that was left entirely empty is not required.
 * - `repeats`, `minOccurs`, `maxOccurs` — several answers or several instances of a group; for `multiChoice`,
 *   `minOccurs`/`maxOccurs` bound the number of selected codes.
 * - `enableWhen`, `enableBehavior` (`all`, the default, or `any`) — when the item applies; answers to a disabled
 *   item are dropped.
 * - `answerCodeList` (a code list id) or `answerOptions` (inline) — the codes of a choice item; `answerCodes`
 *   keeps only some codes of the list (a regional variant narrowing a standard list).
 * - `minValue`, `maxValue`, `maxDecimalPlaces`, `unit` (numbers); `minLength`, `maxLength`, `pattern` (text);
 *   `minDate`, `maxDate` (dates); `maxSize` in bytes, `contentTypes` (attachments).
 * - `calculated` — an {@link Expression} whose value the item takes (age, BMI, totals); `constraints` — checks
 *   across answers; `readOnly` — shown but not entered by hand.
 * - `help` — guidance shown with the item; `prefix` — its number on the paper sheet ("7.", "(1)").
 * - `source` — the id of the definition's source its wording comes from; `unconfirmed` — a note saying the
 *   wording or the value set could not be checked against a primary source.
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import { FormItem } from "@zaitaku/core"
 *
 * FormItem.parse({
 *   linkId: "transfer",
 *   type: "choice",
 *   text: { ja: "移乗", en: "Transfer" },
 *   answerCodeList: "assistance_level",
 * })
 * ```
 */
export const FormItem = z.object({
  linkId: LinkId,
  type: FormItemType,
  text: LocalizedText,
  prefix: z.string().min(1).max(20).optional(),
  help: LocalizedText.optional(),
  required: z.boolean().optional(),
  repeats: z.boolean().optional(),
  minOccurs: z.int().min(0).max(1000).optional(),
  maxOccurs: z.int().min(1).max(1000).optional(),
  readOnly: z.boolean().optional(),
  enableWhen: z.array(EnableWhen).min(1).optional(),
  enableBehavior: z.enum(["all", "any"]).optional(),
  answerCodeList: z.string().min(1).optional(),
  answerOptions: z.array(CodeListConceptSchema).min(1).optional(),
  answerCodes: z.array(z.string().min(1)).min(1).optional(),
  minValue: z.number().optional(),
  maxValue: z.number().optional(),
  maxDecimalPlaces: z.int().min(0).max(10).optional(),
  unit: LocalizedText.optional(),
  minLength: z.int().min(0).max(100_000).optional(),
  maxLength: z.int().min(1).max(100_000).optional(),
  pattern: FormPattern.optional(),
  minDate: DateBound.optional(),
  maxDate: DateBound.optional(),
  maxSize: z.int().min(1).optional(),
  contentTypes: z
    .array(z.string().regex(/^[a-z]+\/[a-z0-9.+*-]+$/i))
    .min(1)
    .optional(),
  calculated: z.string().min(1).optional(),
  constraints: z.array(FormConstraint).min(1).optional(),
  source: z.string().min(1).optional(),
  unconfirmed: z.string().min(1).optional(),
  get items() {
    return z.array(FormItem).optional()
  },
})

/**
 * 項目 (item) of a form definition.
 *
 * @since 0.1.0
 * @category items
 * @example
 * ```ts
 * import type { FormItem } from "@zaitaku/core"
 *
 * const birthDate: FormItem = {
 *   linkId: "birth_date",
 *   type: "date",
 *   text: { ja: "生年月日", en: "Date of birth" },
 *   required: true,
 *   maxDate: { fromToday: {} },
 * }
 * ```
 */
export type FormItem = z.infer<typeof FormItem>

// ---------------------------------------------------------------------------------------------------------------
// Definitions
// ---------------------------------------------------------------------------------------------------------------

const FormDefinitionShape = z.object({
  id: FormTemplateId,
  version: FormVersion,
  status: FormStatus,
  effectivePeriod: EffectivePeriod.optional(),
  title: LocalizedText,
  description: LocalizedText.optional(),
  publisher: LocalizedText.optional(),
  derivedFrom: FormTemplateRef.optional(),
  replyItem: LinkId.optional(),
  sources: z.array(SourceCitation).optional(),
  codeLists: z.array(CodeList).optional(),
  items: z.array(FormItem).min(1),
})

/**
 * 様式定義 (form definition): identity (`id`, `version`, `status`, `effectivePeriod`), titles, `sources` of its
 * wording, contained `codeLists`, an optional `replyItem` (the top-level group the recipient fills in when
 * replying, e.g. the 返信欄 of a 連絡票), `derivedFrom` (set on a resolved regional variant) and the `items`.
 * Decoding runs {@link checkFormDefinition} against the standard code lists and reports every problem with its
 * path; a definition using other lists contains them in `codeLists`, or is checked with `checkFormDefinition(
 * definition, { codeLists })`. Treat a definition as immutable once in use: validation caches what it derives
 * from it per object.
 *
 * @since 0.1.0
 * @category definitions
 * @example
 * ```ts
 * import { FormDefinition } from "@zaitaku/core"
 *
 * const result = FormDefinition.safeParse({
 *   id: "height-weight",
 *   version: "1.0.0",
 *   status: "draft",
 *   title: { ja: "身長・体重", en: "Height and weight" },
 *   items: [
 *     { linkId: "height_cm", type: "decimal", text: { ja: "身長", en: "Height" }, minValue: 50, maxValue: 250 },
 *     { linkId: "weight_kg", type: "decimal", text: { ja: "体重", en: "Weight" }, minValue: 10, maxValue: 300 },
 *     {
 *       linkId: "bmi",
 *       type: "decimal",
 *       text: { ja: "BMI", en: "BMI" },
 *       readOnly: true,
 *       calculated: "round(bmi(weight_kg, height_cm), 1)",
 *     },
 *   ],
 * })
 * result.success // true
 * ```
 */
export const FormDefinition = FormDefinitionShape.superRefine((definition, ctx) => {
  for (const issue of checkFormDefinition(definition)) {
    addLocalizedIssue(ctx, issue.path, issue.message.ja, issue.message.en, issue.code)
  }
})

/**
 * 様式定義 (form definition).
 *
 * @since 0.1.0
 * @category definitions
 * @example
 * ```ts
 * import type { FormDefinition } from "@zaitaku/core"
 *
 * const titleOf = (definition: FormDefinition): string => definition.title.ja
 * ```
 */
export type FormDefinition = z.infer<typeof FormDefinitionShape>

/**
 * Options of {@link checkFormDefinition}: `codeLists` resolves a code list id that the definition does not
 * contain (default: {@link findStandardCodeList}).
 *
 * @since 0.1.0
 * @category definitions
 * @example
 * ```ts
 * import { type CheckFormDefinitionOptions, findStandardCodeList } from "@zaitaku/core"
 *
 * const options: CheckFormDefinitionOptions = { codeLists: findStandardCodeList }
 * ```
 */
export interface CheckFormDefinitionOptions {
  readonly codeLists?: (id: string) => CodeList | undefined
}

/**
 * 選択肢を引く (answer concepts of an item): the codes a choice item accepts, from its inline `answerOptions`, a
 * code list contained in the definition, or the standard lists, narrowed to `answerCodes` when given.
 * `undefined` for an unknown list or a non-choice item.
 *
 * @since 0.1.0
 * @category definitions
 * @example
 * ```ts
 * import { answerConceptsOf, type FormDefinition } from "@zaitaku/core"
 *
 * const codesOf = (definition: FormDefinition, linkId: string) => {
 *   const item = definition.items.find((i) => i.linkId === linkId)
 *   return item === undefined ? undefined : answerConceptsOf(definition, item)?.map((c) => c.code)
 * }
 * ```
 */
export const answerConceptsOf = (
  definition: Pick<FormDefinition, "codeLists">,
  item: Pick<FormItem, "answerOptions" | "answerCodeList" | "answerCodes">,
  options: CheckFormDefinitionOptions = {},
): ReadonlyArray<CodeListConcept> | undefined => {
  const all =
    item.answerOptions ??
    (item.answerCodeList === undefined
      ? undefined
      : (
          definition.codeLists?.find((list) => list.id === item.answerCodeList) ??
          (options.codeLists ?? findStandardCodeList)(item.answerCodeList)
        )?.concepts)
  const kept = item.answerCodes
  return all === undefined || kept === undefined ? all : all.filter((concept) => kept.includes(concept.code))
}

// ---------------------------------------------------------------------------------------------------------------
// Definition checks
// ---------------------------------------------------------------------------------------------------------------

type Path = ReadonlyArray<string | number>

const typeLabel: Readonly<Record<FormItemType, string>> = {
  group: "グループ",
  display: "表示のみ",
  string: "文字列",
  text: "文章",
  integer: "整数",
  decimal: "小数",
  boolean: "はい/いいえ",
  date: "日付",
  dateTime: "日時",
  time: "時刻",
  choice: "選択",
  multiChoice: "複数選択",
  openChoice: "選択または自由記入",
  phone: "電話番号",
  email: "メールアドレス",
  postalCode: "郵便番号",
  attachment: "添付ファイル",
}

type ItemField = Exclude<keyof FormItem, "linkId" | "type" | "text" | "prefix" | "help" | "source" | "unconfirmed">

const allQuestionTypes = [...questionTypes] as ReadonlyArray<FormItemType>

/** The item types each optional field applies to. */
const fieldTypes: Readonly<Record<ItemField, ReadonlyArray<FormItemType>>> = {
  required: ["group", ...allQuestionTypes],
  repeats: ["group", ...allQuestionTypes.filter((t) => t !== "multiChoice")],
  minOccurs: ["group", ...allQuestionTypes],
  maxOccurs: ["group", ...allQuestionTypes],
  readOnly: allQuestionTypes,
  enableWhen: ["group", "display", ...allQuestionTypes],
  enableBehavior: ["group", "display", ...allQuestionTypes],
  answerCodeList: ["choice", "multiChoice", "openChoice"],
  answerOptions: ["choice", "multiChoice", "openChoice"],
  answerCodes: ["choice", "multiChoice", "openChoice"],
  minValue: ["integer", "decimal"],
  maxValue: ["integer", "decimal"],
  maxDecimalPlaces: ["decimal"],
  unit: ["integer", "decimal"],
  minLength: ["string", "text", "openChoice"],
  maxLength: ["string", "text", "openChoice"],
  pattern: ["string", "text"],
  minDate: ["date", "dateTime"],
  maxDate: ["date", "dateTime"],
  maxSize: ["attachment"],
  contentTypes: ["attachment"],
  calculated: ["string", "text", "integer", "decimal", "boolean", "date", "choice"],
  constraints: ["group", ...allQuestionTypes],
  items: ["group"],
}

const orderedTypes = new Set<FormItemType>(["integer", "decimal", "date", "dateTime", "time"])

const calculatedResultFits = (itemType: FormItemType, result: ExpressionType): boolean => {
  if (result === "null") return true
  switch (itemType) {
    case "integer":
    case "decimal":
      return result === "number"
    case "boolean":
      return result === "boolean"
    case "date":
      return result === "date"
    default:
      return result === "string"
  }
}

const compiles = (regex: string): boolean => {
  try {
    new RegExp(regex, "u")
    return true
  } catch {
    return false
  }
}

/**
 * 様式定義の検査 (check a definition as a whole) and return every problem found — an empty array when it is
 * sound. Checks: unique linkIds; fields that apply to the item's type; groups with items and no answer fields;
 * choice items with exactly one known code list or inline options; `min ≤ max` bounds; patterns that compile;
 * `enableWhen` on an existing question other than itself, with an operator and answer fitting its type and code
 * list; expressions (`calculated`, `constraints`) that parse and type-check; no circular dependency between
 * conditions and calculations; a `replyItem` that is a top-level group; item `source`s that name a source of the
 * definition; an effective period that does not end before it starts.
 *
 * @since 0.1.0
 * @category definitions
 * @example
 * ```ts
 * import { checkFormDefinition, type FormDefinition } from "@zaitaku/core"
 *
 * const definition: FormDefinition = {
 *   id: "example",
 *   version: "0.1.0",
 *   status: "draft",
 *   title: { ja: "例", en: "Example" },
 *   items: [
 *     { linkId: "a", type: "string", text: { ja: "A", en: "A" } },
 *     { linkId: "a", type: "integer", text: { ja: "A", en: "A" } },
 *   ],
 * }
 * checkFormDefinition(definition)[0]?.code // "duplicate_link_id"
 * ```
 */
export const checkFormDefinition = (
  definition: FormDefinition,
  options: CheckFormDefinitionOptions = {},
): ReadonlyArray<ValidationIssue> => {
  const issues: Array<ValidationIssue> = []
  const report = (path: Path, code: string, ja: string, en: string): void => {
    issues.push({ path: [...path], code, message: { ja, en } })
  }
  const { all, byLinkId } = indexItems(definition.items)
  const resolveList = (id: string): CodeList | undefined =>
    definition.codeLists?.find((list) => list.id === id) ?? (options.codeLists ?? findStandardCodeList)(id)

  // Definition-level fields.
  const period = definition.effectivePeriod
  if (period?.start !== undefined && period.end !== undefined && period.end < period.start) {
    report(
      ["effectivePeriod", "end"],
      "invalid_period",
      `適用期間の終了日（${period.end}）が開始日（${period.start}）より前です`,
      `The effective period ends (${period.end}) before it starts (${period.start})`,
    )
  }
  const sourceIds = new Set<string>()
  definition.sources?.forEach((source, index) => {
    if (source.id === undefined) return
    if (sourceIds.has(source.id)) {
      report(
        ["sources", index, "id"],
        "duplicate_source",
        `出典ID「${source.id}」が重複しています`,
        `Duplicate source id "${source.id}"`,
      )
    }
    sourceIds.add(source.id)
  })
  const listIds = new Set<string>()
  definition.codeLists?.forEach((list, index) => {
    if (listIds.has(list.id)) {
      report(
        ["codeLists", index, "id"],
        "duplicate_code_list",
        `コード表ID「${list.id}」が重複しています`,
        `Duplicate code list id "${list.id}"`,
      )
    }
    listIds.add(list.id)
  })
  if (definition.replyItem !== undefined) {
    const reply = definition.items.find((item) => item.linkId === definition.replyItem)
    if (reply === undefined || reply.type !== "group") {
      report(
        ["replyItem"],
        "invalid_reply_item",
        `返信欄「${definition.replyItem}」は様式の最上位にあるグループでなければなりません`,
        `The reply item "${definition.replyItem}" must be a top-level group of the form`,
      )
    }
  }

  // Dependencies between items, for the cycle check: item → its parent, its enableWhen questions, its calculation.
  const dependencies = new Map<string, Set<string>>()
  const dependOn = (from: string, to: string): void => {
    const set = dependencies.get(from) ?? new Set<string>()
    set.add(to)
    dependencies.set(from, set)
  }

  const seen = new Map<string, Path>()
  for (const entry of all) {
    const { item, path } = entry
    const parent = entry.ancestors[entry.ancestors.length - 1]
    if (parent !== undefined) dependOn(item.linkId, parent.linkId)

    // Unique linkIds.
    const first = seen.get(item.linkId)
    if (first !== undefined) {
      report(
        [...path, "linkId"],
        "duplicate_link_id",
        `項目ID「${item.linkId}」が重複しています（${first.join(".")} と同じです）`,
        `Duplicate linkId "${item.linkId}" (already used at ${first.join(".")})`,
      )
    } else {
      seen.set(item.linkId, path)
    }

    // Fields that do not apply to the type.
    for (const field of Object.keys(fieldTypes) as ReadonlyArray<ItemField>) {
      if (item[field] === undefined) continue
      if (!fieldTypes[field].includes(item.type)) {
        report(
          [...path, field],
          "not_applicable",
          `「${field}」は${typeLabel[item.type]}（${item.type}）の項目には指定できません`,
          `"${field}" does not apply to an item of type ${item.type}`,
        )
      }
    }
    if (item.type === "group" && (item.items === undefined || item.items.length === 0)) {
      report([...path, "items"], "group_empty", "グループには項目が1つ以上必要です", "A group needs at least one item")
    }
    if (
      (item.minOccurs !== undefined || item.maxOccurs !== undefined) &&
      item.repeats !== true &&
      item.type !== "multiChoice"
    ) {
      report(
        [...path, item.minOccurs !== undefined ? "minOccurs" : "maxOccurs"],
        "not_applicable",
        "回数の上限・下限は繰り返す項目（repeats）か複数選択の項目にだけ指定できます",
        "minOccurs/maxOccurs apply only to repeating items and multi-choice items",
      )
    }
    if (item.calculated !== undefined && item.repeats === true) {
      report([...path, "calculated"], "not_applicable", "計算項目は繰り返せません", "A calculated item cannot repeat")
    }

    // Bounds.
    const bound = (min: number | undefined, max: number | undefined, field: string, ja: string, en: string) => {
      if (min !== undefined && max !== undefined && min > max) {
        report(
          [...path, field],
          "invalid_bounds",
          `${ja}の下限（${min}）が上限（${max}）を超えています`,
          `${en}: minimum ${min} exceeds maximum ${max}`,
        )
      }
    }
    bound(item.minValue, item.maxValue, "maxValue", "値", "Value")
    bound(item.minLength, item.maxLength, "maxLength", "文字数", "Length")
    bound(item.minOccurs, item.maxOccurs, "maxOccurs", "回数", "Occurrences")
    if (typeof item.minDate === "string" && typeof item.maxDate === "string" && item.minDate > item.maxDate) {
      report(
        [...path, "maxDate"],
        "invalid_bounds",
        `日付の下限（${item.minDate}）が上限（${item.maxDate}）より後です`,
        `Earliest date ${item.minDate} is after latest date ${item.maxDate}`,
      )
    }
    if (item.type === "integer") {
      for (const field of ["minValue", "maxValue"] as const) {
        const value = item[field]
        if (value !== undefined && !Number.isInteger(value)) {
          report(
            [...path, field],
            "invalid_bounds",
            "整数の項目の上限・下限は整数にしてください",
            "Bounds of an integer item must be integers",
          )
        }
      }
    }
    if (item.pattern !== undefined && !compiles(item.pattern.regex)) {
      report(
        [...path, "pattern", "regex"],
        "invalid_pattern",
        "入力形式の正規表現が正しくありません",
        "The pattern is not a valid regular expression",
      )
    }

    // Answer lists.
    if (choiceTypes.has(item.type)) {
      if (item.answerCodeList === undefined && item.answerOptions === undefined) {
        report(
          [...path],
          "missing_answers",
          "選択肢（answerCodeList か answerOptions）が必要です",
          "A choice item needs answerCodeList or answerOptions",
        )
      }
      if (item.answerCodeList !== undefined && item.answerOptions !== undefined) {
        report(
          [...path, "answerOptions"],
          "conflicting_answers",
          "answerCodeList と answerOptions は同時に指定できません",
          "Give answerCodeList or answerOptions, not both",
        )
      }
      if (item.answerCodeList !== undefined && resolveList(item.answerCodeList) === undefined) {
        report(
          [...path, "answerCodeList"],
          "unknown_code_list",
          `コード表「${item.answerCodeList}」が見つかりません`,
          `Unknown code list "${item.answerCodeList}"`,
        )
      }
      const listed =
        item.answerOptions ??
        (item.answerCodeList === undefined ? undefined : resolveList(item.answerCodeList)?.concepts)
      item.answerCodes?.forEach((code, index) => {
        if (listed !== undefined && !listed.some((concept) => concept.code === code)) {
          report(
            [...path, "answerCodes", index],
            "unknown_code",
            `コード「${code}」は選択肢にありません`,
            `"${code}" is not a code of the item's answer list`,
          )
        }
      })
      const codes = new Map<string, number>()
      item.answerOptions?.forEach((option, index) => {
        if (codes.has(option.code)) {
          report(
            [...path, "answerOptions", index, "code"],
            "duplicate_code",
            `選択肢のコード「${option.code}」が重複しています`,
            `Duplicate option code "${option.code}"`,
          )
        }
        codes.set(option.code, index)
      })
    }

    // Source of the wording.
    if (item.source !== undefined && !sourceIds.has(item.source)) {
      report(
        [...path, "source"],
        "unknown_source",
        `出典「${item.source}」が様式の sources にありません`,
        `Source "${item.source}" is not among the definition's sources`,
      )
    }

    // enableWhen.
    item.enableWhen?.forEach((condition, index) => {
      const at = [...path, "enableWhen", index]
      const target = byLinkId.get(condition.question)
      if (target === undefined) {
        report(
          [...at, "question"],
          "unknown_question",
          `表示条件の項目「${condition.question}」がありません`,
          `enableWhen refers to unknown item "${condition.question}"`,
        )
        return
      }
      dependOn(item.linkId, target.item.linkId)
      if (target.item.linkId === item.linkId) {
        report(
          [...at, "question"],
          "enable_when_self",
          "表示条件に自分自身は使えません",
          "An item cannot be enabled by its own answer",
        )
        return
      }
      if (!questionTypes.has(target.item.type)) {
        report(
          [...at, "question"],
          "enable_when_not_question",
          `表示条件の項目「${condition.question}」は回答のある項目ではありません（${target.item.type}）`,
          `enableWhen must refer to a question, but "${condition.question}" is a ${target.item.type}`,
        )
        return
      }
      checkCondition(condition, target.item, at, (i) => answerConceptsOf(definition, i, options), report)
    })

    // Expressions.
    const resolveReference = (context: IndexedItem<FormItem>) => (linkId: string) => {
      const target = byLinkId.get(linkId)
      if (target === undefined) return undefined
      const type = expressionTypeOf(target.item.type)
      return type === undefined ? undefined : { type, many: referenceIsMany(target, context) }
    }
    if (item.calculated !== undefined && fieldTypes.calculated.includes(item.type)) {
      const parsed = parseExpression(item.calculated)
      if (Result.isFailure(parsed)) {
        report(
          [...path, "calculated"],
          "invalid_expression",
          parsed.failure.description.ja,
          parsed.failure.description.en,
        )
      } else {
        for (const reference of expressionReferences(parsed.success)) {
          if (byLinkId.has(reference)) dependOn(item.linkId, reference)
        }
        const checked = checkExpression(parsed.success, resolveReference(entry))
        for (const error of checked.errors) {
          report([...path, "calculated"], "invalid_expression", error.description.ja, error.description.en)
        }
        if (checked.type !== undefined && !calculatedResultFits(item.type, checked.type)) {
          report(
            [...path, "calculated"],
            "invalid_expression",
            `計算式の結果（${checked.type}）が項目の種類（${item.type}）に合いません`,
            `The calculation gives ${checked.type}, which does not fit an item of type ${item.type}`,
          )
        }
      }
    }
    item.constraints?.forEach((constraint, index) => {
      const at = [...path, "constraints", index, "expression"]
      const parsed = parseExpression(constraint.expression)
      if (Result.isFailure(parsed)) {
        report(at, "invalid_expression", parsed.failure.description.ja, parsed.failure.description.en)
        return
      }
      const checked = checkExpression(parsed.success, resolveReference(entry))
      for (const error of checked.errors) report(at, "invalid_expression", error.description.ja, error.description.en)
      if (checked.type !== undefined && checked.type !== "boolean" && checked.type !== "null") {
        report(at, "invalid_expression", "入力規則の式は真偽値を返す必要があります", "A constraint must give a boolean")
      }
    })
    if (item.constraints !== undefined) {
      const keys = new Set<string>()
      item.constraints.forEach((constraint, index) => {
        if (keys.has(constraint.key)) {
          report(
            [...path, "constraints", index, "key"],
            "duplicate_constraint",
            `入力規則のキー「${constraint.key}」が重複しています`,
            `Duplicate constraint key "${constraint.key}"`,
          )
        }
        keys.add(constraint.key)
      })
    }
  }

  // Circular dependencies (an item enabled by a question inside it, two calculations feeding each other …).
  const state = new Map<string, "visiting" | "done">()
  const reported = new Set<string>()
  const visit = (linkId: string, trail: ReadonlyArray<string>): void => {
    const current = state.get(linkId)
    if (current === "done") return
    if (current === "visiting") {
      const cycle = [...trail.slice(trail.indexOf(linkId)), linkId]
      const key = [...new Set(cycle)].sort().join("|")
      if (!reported.has(key)) {
        reported.add(key)
        const entry = byLinkId.get(linkId)!
        report(
          [...entry.path, "linkId"],
          "dependency_cycle",
          `項目の表示条件・計算が循環しています: ${cycle.join(" → ")}`,
          `Conditions and calculations depend on each other in a circle: ${cycle.join(" → ")}`,
        )
      }
      return
    }
    state.set(linkId, "visiting")
    for (const next of dependencies.get(linkId) ?? []) {
      if (next !== linkId) visit(next, [...trail, linkId])
    }
    state.set(linkId, "done")
  }
  for (const entry of all) visit(entry.item.linkId, [])
  return issues
}

const checkCondition = (
  condition: EnableWhen,
  target: FormItem,
  at: Path,
  conceptsOf: (item: FormItem) => ReadonlyArray<CodeListConcept> | undefined,
  report: (path: Path, code: string, ja: string, en: string) => void,
): void => {
  const { operator, answer } = condition
  if (operator === "exists") {
    if (typeof answer !== "boolean") {
      report(
        [...at, "answer"],
        "invalid_condition",
        "exists の answer は true か false です",
        "The answer of exists is true or false",
      )
    }
    return
  }
  if (target.type === "attachment") {
    report(
      [...at, "operator"],
      "invalid_condition",
      "添付ファイルの項目には exists だけが使えます",
      "Only exists applies to an attachment",
    )
    return
  }
  const ordered = operator === "<" || operator === "<=" || operator === ">" || operator === ">="
  if (ordered && !orderedTypes.has(target.type)) {
    report(
      [...at, "operator"],
      "invalid_condition",
      `「${operator}」は数値・日付・時刻の項目にだけ使えます（「${target.linkId}」は${typeLabel[target.type]}）`,
      `"${operator}" applies only to numbers, dates and times ("${target.linkId}" is ${target.type})`,
    )
    return
  }
  if (operator === "in" && target.type === "boolean") {
    report(
      [...at, "operator"],
      "invalid_condition",
      "はい/いいえの項目には in は使えません",
      "in does not apply to a boolean item",
    )
    return
  }
  const values =
    operator === "in" ? (Array.isArray(answer) ? answer : undefined) : Array.isArray(answer) ? undefined : [answer]
  if (values === undefined) {
    report(
      [...at, "answer"],
      "invalid_condition",
      operator === "in" ? "in の answer は値の配列です" : `「${operator}」の answer は1つの値です`,
      operator === "in" ? "The answer of in is a list of values" : `The answer of "${operator}" is a single value`,
    )
    return
  }
  const concepts = choiceTypes.has(target.type) ? conceptsOf(target) : undefined
  values.forEach((value, index) => {
    const path = operator === "in" ? [...at, "answer", index] : [...at, "answer"]
    if (!answerFitsType(target.type, value)) {
      report(
        path,
        "invalid_condition",
        `表示条件の値 ${JSON.stringify(value)} は「${target.linkId}」（${typeLabel[target.type]}）の回答になりえません`,
        `The value ${JSON.stringify(value)} cannot be an answer to "${target.linkId}" (${target.type})`,
      )
      return
    }
    if (concepts !== undefined && target.type !== "openChoice" && !concepts.some((c) => c.code === value)) {
      report(
        path,
        "invalid_condition",
        `表示条件の値「${String(value)}」は「${target.linkId}」の選択肢にありません`,
        `"${String(value)}" is not a code of "${target.linkId}"`,
      )
    }
  })
}

const answerFitsType = (type: FormItemType, value: string | number | boolean): boolean => {
  switch (type) {
    case "integer":
      return typeof value === "number" && Number.isInteger(value)
    case "decimal":
      return typeof value === "number" && Number.isFinite(value)
    case "boolean":
      return typeof value === "boolean"
    case "date":
      return isIsoDate(value)
    case "dateTime":
      return isDateTime(value)
    case "time":
      return isTime(value)
    default:
      return typeof value === "string"
  }
}
