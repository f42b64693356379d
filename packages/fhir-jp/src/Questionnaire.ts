/**
 * 様式定義 ⇄ FHIR R4 `Questionnaire`: {@link toQuestionnaire} writes a form definition as a Questionnaire with the
 * standard FHIR and SDC extensions, and {@link fromQuestionnaire} reads one back. For a definition the round trip
 * is exact — `fromQuestionnaire(toQuestionnaire(d).questionnaire)` gives `d` again — because what FHIR cannot say
 * travels in a few documented Zaitaku extensions. What a FHIR form renderer will not do as Zaitaku does (a phone
 * type, a calculation in Zaitaku's expression language …) is returned as a warning with its path in the
 * definition; what cannot be read from a Questionnaire is returned as a warning with its path in the resource.
 * Nothing is dropped silently.
 *
 * @since 0.1.0
 */
import {
  answerConceptsOf,
  type CodeList,
  type CodeListConcept,
  type DateBound,
  FormDefinition,
  type FormItem,
  type FormItemType,
  findStandardCodeList,
  fromZodError,
  type LocalizedText,
  type SourceCitation,
  ValidationError,
  type ValidationIssue,
} from "@zaitaku/core"
import { Result } from "effect"
import { toValueSet } from "./CodeLists.js"
import {
  type CanonicalOptions,
  fhirExtensions,
  itemControlSystem,
  parseCanonical,
  questionnaireUrl,
  valueSetUrl,
  zaitakuExpression,
  zaitakuExpressionText,
  zaitakuExtensions,
} from "./Extensions.js"
import type {
  FhirCoding,
  FhirExtension,
  FhirPeriod,
  Questionnaire,
  QuestionnaireAnswerOption,
  QuestionnaireItem,
  QuestionnaireItemType,
  ValueSet,
} from "./Fhir.js"
import {
  boundOfFhirPath,
  type ConditionTarget,
  fhirPathOfBound,
  readExactConditions,
  readFhirConditions,
  systemOfItem,
  toFhirConditions,
} from "./internal/conditions.js"
import {
  englishOf,
  fhirId,
  fhirName,
  isObject,
  jsonEqual,
  localizedElement,
  otherElementExtensions,
  type Path,
  regexFromFhir,
  regexToFhir,
  sourceExtension,
  sourceFromExtension,
  translationOf,
  Warnings,
} from "./internal/shared.js"
import { readValueSet, readValueSetConcepts, unconfirmedExtension, valueSetConcepts } from "./internal/terminology.js"

// ---------------------------------------------------------------------------------------------------------------
// Definition → Questionnaire
// ---------------------------------------------------------------------------------------------------------------

/**
 * Options of {@link toQuestionnaire}: the canonical base (see {@link CanonicalOptions}), the resource `id` (none by
 * default: a server assigns it), and how choice items name their value sets — `contained` (default: every code
 * list the form uses is a contained `ValueSet`, so the questionnaire is complete on its own) or `canonical` (standard
 * lists by their canonical URL, for a server that also serves {@link toValueSet}'s value sets; lists the form
 * defines itself are contained either way).
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import type { QuestionnaireOptions } from "@zaitaku/fhir-jp"
 *
 * const options: QuestionnaireOptions = { id: "admission-information-1.0.0", valueSets: "canonical" }
 * ```
 */
export interface QuestionnaireOptions extends CanonicalOptions {
  readonly id?: string
  readonly valueSets?: "contained" | "canonical"
}

/**
 * The result of {@link toQuestionnaire}: the `questionnaire` and the `warnings` — each a path in the definition, a
 * code and a Japanese and English message — about what a FHIR renderer will not do as Zaitaku does.
 *
 * Codes: `no_fhir_type` (phone, email, postal code written as `string`), `zaitaku_expression` (a calculation or
 * check in Zaitaku's expression language), `enable_when_approximated` (an `in` condition FHIR cannot combine),
 * `display_help` (the help text of a display item, written as the display item after it), `answer_codes_applied`
 * (inline options narrowed by `answerCodes`: only the kept ones are written), `constraint_key` (a check's key that
 * is not a FHIR id).
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import type { QuestionnaireExport } from "@zaitaku/fhir-jp"
 *
 * const paths = (result: QuestionnaireExport) => result.warnings.map((w) => w.path.join("."))
 * ```
 */
export interface QuestionnaireExport {
  readonly questionnaire: Questionnaire
  readonly warnings: ReadonlyArray<ValidationIssue>
}

const fhirType: Readonly<Record<FormItemType, QuestionnaireItemType>> = {
  group: "group",
  display: "display",
  string: "string",
  text: "text",
  integer: "integer",
  decimal: "decimal",
  boolean: "boolean",
  date: "date",
  dateTime: "dateTime",
  time: "time",
  choice: "choice",
  multiChoice: "choice",
  openChoice: "open-choice",
  phone: "string",
  email: "string",
  postalCode: "string",
  attachment: "attachment",
}

/** UCUM codes of the units Zaitaku's forms use, by their English label. */
const ucum: Readonly<Record<string, string>> = {
  cm: "cm",
  m: "m",
  kg: "kg",
  g: "g",
  kcal: "kcal",
  ml: "mL",
  years: "a",
  months: "mo",
  days: "d",
  "per day": "/d",
  mmhg: "mm[Hg]",
  "°c": "Cel",
  "%": "%",
}

const ucumSystem = "http://unitsofmeasure.org"

const itemControl = (code: string): FhirExtension => ({
  url: fhirExtensions.itemControl,
  valueCodeableConcept: { coding: [{ system: itemControlSystem, code }] },
})

const localizedString = (url: string, text: LocalizedText): FhirExtension => ({
  url,
  valueString: text.ja,
  _valueString: { extension: [translationOf(text.en)] },
})

const boundExtension = (url: string, item: FormItem, bound: DateBound): FhirExtension => {
  const key = item.type === "dateTime" ? "DateTime" : "Date"
  if (typeof bound === "string") return { url, [`value${key}`]: bound }
  return {
    url,
    [`_value${key}`]: {
      extension: [
        {
          url: fhirExtensions.cqfExpression,
          valueExpression: { language: "text/fhirpath", expression: fhirPathOfBound(bound) },
        },
      ],
    },
  }
}

const periodOf = (period: NonNullable<FormDefinition["effectivePeriod"]>): FhirPeriod => ({
  ...(period.start === undefined ? {} : { start: period.start }),
  ...(period.end === undefined ? {} : { end: period.end }),
})

const fhirIdPattern = /^[A-Za-z0-9\-.]{1,64}$/

/**
 * 様式定義を Questionnaire に (form definition → FHIR R4 `Questionnaire`). Pure and deterministic.
 *
 * - Identity: `url` `<base>/Questionnaire/<id>`, `version`, `status`, `effectivePeriod`, `name`, `title`,
 *   `description`, `publisher` (Japanese, with the English as the `translation` extension), `language` `ja`; a
 *   regional variant's base is `derivedFrom` (`<url>|<version>`); sources are `cqf-relatedArtifact` extensions.
 * - Items: FHIR types (`multiChoice` = `choice` + `repeats` + `itemControl` `check-box`; phone, email and postal
 *   code = `string` + Zaitaku `item-type`), `prefix`, `text`, `required`, `repeats` with `questionnaire-minOccurs`/
 *   `maxOccurs`, `readOnly`, `enableWhen`/`enableBehavior`, `maxLength`, `minLength`, `regex` + `entryFormat` (the
 *   pattern and its message), `minValue`/`maxValue` (dates relative to today as FHIRPath in `cqf-expression`),
 *   `maxDecimalPlaces`, `questionnaire-unit` (UCUM when known), `maxSize`, `mimeType`, SDC `calculatedExpression`
 *   and `targetConstraint` in {@link zaitakuExpressionLanguage}, help text as a display child with `itemControl`
 *   `help`.
 * - Answers: code lists as `answerValueSet` (contained `ValueSet`s by default, see {@link QuestionnaireOptions}),
 *   inline options as `answerOption` codings.
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import { trainingApplicationTemplate } from "@zaitaku/core"
 * import { toQuestionnaire } from "@zaitaku/fhir-jp"
 *
 * const { questionnaire, warnings } = toQuestionnaire(trainingApplicationTemplate)
 * questionnaire.url // "https://zaitaku.github.io/fhir/Questionnaire/training-application"
 * warnings.map((w) => w.code) // ["no_fhir_type", "no_fhir_type", "no_fhir_type", "display_help"]
 * ```
 */
export const toQuestionnaire = (
  definition: FormDefinition,
  options: QuestionnaireOptions = {},
): QuestionnaireExport => {
  const warnings = new Warnings()
  const ownLists = new Set((definition.codeLists ?? []).map((list) => list.id))
  const contained: Array<ValueSet> = []
  const containedIds = new Set<string>()
  const containedByList = new Map<string, string>()
  const usedLinkIds = new Set<string>()
  const allItems: Array<FormItem> = []
  const collect = (items: ReadonlyArray<FormItem>): void => {
    for (const item of items) {
      usedLinkIds.add(item.linkId)
      allItems.push(item)
      if (item.items !== undefined) collect(item.items)
    }
  }
  collect(definition.items)
  const byLinkId = new Map(allItems.map((item) => [item.linkId, item]))
  const sourceById = new Map((definition.sources ?? []).flatMap((s) => (s.id === undefined ? [] : [[s.id, s]])))

  const uniqueId = (wanted: string, taken: Set<string>): string => {
    let id = wanted
    for (let n = 2; taken.has(id); n++) id = `${wanted}-${n}`.slice(-64)
    taken.add(id)
    return id
  }
  const helpLinkId = (linkId: string): string => uniqueId(`${linkId}.help`, usedLinkIds)

  const containList = (list: CodeList, own: boolean): string => {
    const known = containedByList.get(list.id)
    if (known !== undefined) return known
    const id = uniqueId(fhirId(list.id), containedIds)
    const valueSet = toValueSet(list, { ...options, id, standard: !own })
    contained.push(
      own
        ? {
            ...valueSet,
            extension: [...(valueSet.extension ?? []), { url: zaitakuExtensions.formCodeList, valueBoolean: true }],
          }
        : valueSet,
    )
    containedByList.set(list.id, id)
    return id
  }
  for (const list of definition.codeLists ?? []) containList(list, true)

  const targetOf = (linkId: string): ConditionTarget | undefined => {
    const item = byLinkId.get(linkId)
    if (item === undefined) return undefined
    return { item, concepts: answerConceptsOf(definition, item), system: systemOfItem(item, ownLists, options) }
  }

  const optionOf = (concept: CodeListConcept): QuestionnaireAnswerOption => {
    const extension: Array<FhirExtension> = [...unconfirmedExtension(concept.unconfirmed)]
    if (concept.description !== undefined) {
      extension.unshift(localizedString(zaitakuExtensions.conceptDescription, concept.description))
    }
    const coding: FhirCoding = {
      ...(extension.length === 0 ? {} : { extension }),
      code: concept.code,
      ...localizedElement("display", concept.label),
    }
    return { valueCoding: coding }
  }

  const answersOf = (item: FormItem, path: Path): Partial<QuestionnaireItem> => {
    if (item.answerOptions !== undefined) {
      const kept = item.answerCodes
      if (kept !== undefined) {
        warnings.add(
          [...path, "answerCodes"],
          "answer_codes_applied",
          "選択肢の絞り込み（answerCodes）を適用し、残る選択肢だけを answerOption に書きました",
          "answerCodes is applied: only the options it keeps are written as answerOption",
        )
      }
      const options_ = kept === undefined ? item.answerOptions : item.answerOptions.filter((c) => kept.includes(c.code))
      return { answerOption: options_.map(optionOf) }
    }
    if (item.answerCodeList === undefined) return {}
    const own = ownLists.has(item.answerCodeList)
    const list =
      definition.codeLists?.find((l) => l.id === item.answerCodeList) ?? findStandardCodeList(item.answerCodeList)
    if (list === undefined) {
      warnings.add(
        [...path, "answerCodeList"],
        "unknown_code_list",
        `コード表「${item.answerCodeList}」が見つからないため、正準URLだけを書きました`,
        `Code list "${item.answerCodeList}" is unknown: only its canonical URL is written`,
      )
      return { answerValueSet: valueSetUrl(item.answerCodeList, options) }
    }
    if (item.answerCodes !== undefined) {
      const kept = item.answerCodes
      const id = uniqueId(fhirId(`${item.linkId}-answers`), containedIds)
      contained.push({
        resourceType: "ValueSet",
        id,
        status: "active",
        compose: {
          include: [
            {
              system: systemOfItem(item, ownLists, options)!,
              concept: valueSetConcepts(list.concepts.filter((c) => kept.includes(c.code))),
            },
          ],
        },
      })
      return { answerValueSet: `#${id}` }
    }
    if (!own && options.valueSets === "canonical") return { answerValueSet: valueSetUrl(list.id, options) }
    return { answerValueSet: `#${containList(list, own)}` }
  }

  const itemOf = (item: FormItem, path: Path): ReadonlyArray<QuestionnaireItem> => {
    const extension: Array<FhirExtension> = []
    if (item.type === "phone" || item.type === "email" || item.type === "postalCode") {
      extension.push({ url: zaitakuExtensions.itemType, valueCode: item.type })
      warnings.add(
        [...path, "type"],
        "no_fhir_type",
        `FHIR に${item.type === "phone" ? "電話番号" : item.type === "email" ? "メールアドレス" : "郵便番号"}の型がないため string として書きました（Zaitaku の拡張 item-type 付き）。FHIR の入力画面は形式を確かめません`,
        `FHIR has no ${item.type} type: written as string (with the Zaitaku item-type extension); a FHIR renderer does not check the format`,
      )
    }
    if (item.type === "multiChoice") extension.push(itemControl("check-box"))
    if (item.minOccurs !== undefined) extension.push({ url: fhirExtensions.minOccurs, valueInteger: item.minOccurs })
    if (item.maxOccurs !== undefined) extension.push({ url: fhirExtensions.maxOccurs, valueInteger: item.maxOccurs })
    if (item.minLength !== undefined) extension.push({ url: fhirExtensions.minLength, valueInteger: item.minLength })
    if (item.pattern !== undefined) {
      extension.push({ url: fhirExtensions.regex, valueString: regexToFhir(item.pattern.regex) })
      extension.push(localizedString(fhirExtensions.entryFormat, item.pattern.message))
    }
    const numeric = item.type === "integer" ? "valueInteger" : "valueDecimal"
    if (item.minValue !== undefined) extension.push({ url: fhirExtensions.minValue, [numeric]: item.minValue })
    if (item.maxValue !== undefined) extension.push({ url: fhirExtensions.maxValue, [numeric]: item.maxValue })
    if (item.minDate !== undefined) extension.push(boundExtension(fhirExtensions.minValue, item, item.minDate))
    if (item.maxDate !== undefined) extension.push(boundExtension(fhirExtensions.maxValue, item, item.maxDate))
    if (item.maxDecimalPlaces !== undefined) {
      extension.push({ url: fhirExtensions.maxDecimalPlaces, valueInteger: item.maxDecimalPlaces })
    }
    if (item.unit !== undefined) {
      const code = ucum[item.unit.en.toLowerCase()]
      extension.push({
        url: fhirExtensions.unit,
        valueCoding: {
          ...(code === undefined ? {} : { system: ucumSystem, code }),
          ...localizedElement("display", item.unit),
        },
      })
    }
    if (item.maxSize !== undefined) extension.push({ url: fhirExtensions.maxSize, valueDecimal: item.maxSize })
    for (const type of item.contentTypes ?? []) extension.push({ url: fhirExtensions.mimeType, valueCode: type })
    if (item.calculated !== undefined) {
      extension.push({
        url: fhirExtensions.calculatedExpression,
        valueExpression: zaitakuExpression(item.calculated),
      })
      warnings.add(
        [...path, "calculated"],
        "zaitaku_expression",
        "計算式は Zaitaku の式の言語のまま calculatedExpression に書きました。FHIRPath だけを扱う入力画面は計算しません",
        "The calculation is written as calculatedExpression in Zaitaku's expression language; renderers that only run FHIRPath do not calculate it",
      )
    }
    item.constraints?.forEach((constraint, index) => {
      const keyIsId = fhirIdPattern.test(constraint.key)
      if (!keyIsId) {
        warnings.add(
          [...path, "constraints", index, "key"],
          "constraint_key",
          "入力規則のキーが FHIR の id の形式でないため valueString として書きました",
          "The constraint's key is not a FHIR id: it is written as valueString",
        )
      }
      extension.push({
        url: fhirExtensions.targetConstraint,
        extension: [
          keyIsId ? { url: "key", valueId: constraint.key } : { url: "key", valueString: constraint.key },
          { url: "severity", valueCode: "error" },
          { url: "expression", valueExpression: zaitakuExpression(constraint.expression) },
          localizedString("human", constraint.message),
        ],
      })
      warnings.add(
        [...path, "constraints", index, "expression"],
        "zaitaku_expression",
        "入力規則は Zaitaku の式の言語のまま targetConstraint に書きました。FHIRPath だけを扱う入力画面は確かめません",
        "The check is written as targetConstraint in Zaitaku's expression language; renderers that only run FHIRPath do not check it",
      )
    })
    if (item.source !== undefined) {
      const source = sourceById.get(item.source)
      extension.push({
        url: fhirExtensions.relatedArtifact,
        valueRelatedArtifact: {
          type: "citation",
          label: item.source,
          ...(source === undefined ? {} : { display: source.title }),
        },
      })
    }
    extension.push(...unconfirmedExtension(item.unconfirmed))
    if (definition.replyItem === item.linkId)
      extension.push({ url: zaitakuExtensions.replySection, valueBoolean: true })

    const conditions = toFhirConditions(item, targetOf, path, warnings)
    extension.push(...conditions.extension)

    const helpText = item.help
    const children: Array<QuestionnaireItem> = []
    if (helpText !== undefined && item.type !== "display") {
      children.push({
        extension: [itemControl("help")],
        linkId: helpLinkId(item.linkId),
        ...localizedElement("text", helpText),
        type: "display",
      })
    }
    item.items?.forEach((child, index) => {
      children.push(...itemOf(child, [...path, "items", index]))
    })

    const out: QuestionnaireItem = {
      ...(extension.length === 0 ? {} : { extension }),
      linkId: item.linkId,
      ...(item.prefix === undefined ? {} : { prefix: item.prefix }),
      ...localizedElement("text", item.text),
      type: fhirType[item.type],
      ...(conditions.enableWhen.length === 0 ? {} : { enableWhen: conditions.enableWhen }),
      ...(conditions.enableBehavior === undefined ? {} : { enableBehavior: conditions.enableBehavior }),
      ...(item.required === undefined ? {} : { required: item.required }),
      ...(item.type === "multiChoice"
        ? { repeats: true }
        : item.repeats === undefined
          ? {}
          : { repeats: item.repeats }),
      ...(item.readOnly === undefined ? {} : { readOnly: item.readOnly }),
      ...(item.maxLength === undefined ? {} : { maxLength: item.maxLength }),
      ...answersOf(item, path),
      ...(children.length === 0 ? {} : { item: children }),
    }
    if (helpText === undefined || item.type !== "display") return [out]
    warnings.add(
      [...path, "help"],
      "display_help",
      "FHIR の表示項目には補足（help）を付けられないため、直後の表示項目として書きました（Zaitaku の拡張 help-for 付き）",
      "A FHIR display item cannot carry help text: it is written as the display item after it (with the Zaitaku help-for extension)",
    )
    return [
      out,
      {
        extension: [{ url: zaitakuExtensions.helpFor, valueString: item.linkId }],
        linkId: helpLinkId(item.linkId),
        ...localizedElement("text", helpText),
        type: "display",
        ...(out.enableWhen === undefined ? {} : { enableWhen: out.enableWhen }),
        ...(out.enableBehavior === undefined ? {} : { enableBehavior: out.enableBehavior }),
      },
    ]
  }

  const items = definition.items.flatMap((item, index) => itemOf(item, ["items", index]))
  const extension = (definition.sources ?? []).map(sourceExtension)
  const questionnaire: Questionnaire = {
    resourceType: "Questionnaire",
    ...(options.id === undefined ? {} : { id: options.id }),
    language: "ja",
    ...(contained.length === 0 ? {} : { contained }),
    ...(extension.length === 0 ? {} : { extension }),
    url: questionnaireUrl(definition.id, options),
    version: definition.version,
    name: fhirName(definition.id),
    ...localizedElement("title", definition.title),
    ...(definition.derivedFrom === undefined
      ? {}
      : { derivedFrom: [`${questionnaireUrl(definition.derivedFrom.id, options)}|${definition.derivedFrom.version}`] }),
    status: definition.status,
    ...(definition.publisher === undefined ? {} : localizedElement("publisher", definition.publisher)),
    ...(definition.description === undefined ? {} : localizedElement("description", definition.description)),
    ...(definition.effectivePeriod === undefined ? {} : { effectivePeriod: periodOf(definition.effectivePeriod) }),
    item: items,
  }
  return { questionnaire, warnings: warnings.list }
}

// ---------------------------------------------------------------------------------------------------------------
// Questionnaire → definition
// ---------------------------------------------------------------------------------------------------------------

/**
 * The result of {@link fromQuestionnaire}: the `definition` read and the `warnings` — each a path in the
 * Questionnaire, a code and a Japanese and English message — about what was not kept or was read by assumption.
 *
 * Codes: `unsupported_element`, `unsupported_extension` (not kept), `unsupported_type` (a `reference` or
 * `quantity` item, not kept), `url_as_string`, `missing_translation` (no English: the Japanese is used),
 * `missing_text`, `foreign_expression` (a calculation or check in another language, not kept),
 * `unreadable_bound`, `missing_evidence_grade`, `missing_source`, `not_enumerated`, `standard_list_differs`.
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import type { QuestionnaireImport } from "@zaitaku/fhir-jp"
 *
 * const notKept = (result: QuestionnaireImport) => result.warnings.filter((w) => w.code.startsWith("unsupported"))
 * ```
 */
export interface QuestionnaireImport {
  readonly definition: FormDefinition
  readonly warnings: ReadonlyArray<ValidationIssue>
}

type Obj = Record<string, unknown>

const asArray = (value: unknown): ReadonlyArray<unknown> => (Array.isArray(value) ? value : [])

/** Extensions of an element, taken one kind at a time; what is left is reported as not kept. */
class ExtensionReader {
  private readonly used = new Set<number>()
  private readonly all: ReadonlyArray<unknown>
  constructor(
    element: Obj,
    private readonly path: Path,
  ) {
    this.all = asArray(element.extension)
  }
  take(url: string): ReadonlyArray<{ readonly extension: Obj; readonly path: Path }> {
    const out: Array<{ readonly extension: Obj; readonly path: Path }> = []
    this.all.forEach((extension, index) => {
      if (!this.used.has(index) && isObject(extension) && extension.url === url) {
        this.used.add(index)
        out.push({ extension, path: [...this.path, "extension", index] })
      }
    })
    return out
  }
  first(url: string): { readonly extension: Obj; readonly path: Path } | undefined {
    return this.take(url)[0]
  }
  /** Zaitaku extensions of the element, left in place for other readers. */
  peekAll(): ReadonlyArray<Obj> {
    return this.all.filter(isObject)
  }
  reportRest(warnings: Warnings): void {
    this.all.forEach((extension, index) => {
      if (this.used.has(index)) return
      const url = isObject(extension) && typeof extension.url === "string" ? extension.url : "?"
      warnings.add(
        [...this.path, "extension", index],
        "unsupported_extension",
        `拡張 ${url} は取り込めません`,
        `Extension ${url} is not kept`,
      )
    })
  }
}

const reportKeys = (element: Obj, known: ReadonlySet<string>, path: Path, warnings: Warnings): void => {
  for (const key of Object.keys(element)) {
    if (known.has(key)) continue
    warnings.add([...path, key], "unsupported_element", `「${key}」は取り込めません`, `"${key}" is not kept`)
  }
}

const questionnaireKeys = new Set([
  "resourceType",
  "id",
  "language",
  "contained",
  "extension",
  "url",
  "version",
  "name",
  "title",
  "_title",
  "derivedFrom",
  "status",
  "publisher",
  "_publisher",
  "description",
  "_description",
  "effectivePeriod",
  "item",
])

const itemKeys = new Set([
  "extension",
  "linkId",
  "prefix",
  "text",
  "_text",
  "type",
  "enableWhen",
  "enableBehavior",
  "required",
  "repeats",
  "readOnly",
  "maxLength",
  "answerValueSet",
  "answerOption",
  "item",
])

const isHelpDisplay = (item: unknown): boolean =>
  isObject(item) &&
  item.type === "display" &&
  asArray(item.extension).some(
    (extension) =>
      isObject(extension) &&
      extension.url === fhirExtensions.itemControl &&
      isObject(extension.valueCodeableConcept) &&
      asArray(extension.valueCodeableConcept.coding).some(
        (coding) => isObject(coding) && coding.system === itemControlSystem && coding.code === "help",
      ),
  )

const helpForOf = (item: unknown): string | undefined => {
  if (!isObject(item) || item.type !== "display") return undefined
  const extension = asArray(item.extension).find((e) => isObject(e) && e.url === zaitakuExtensions.helpFor)
  return isObject(extension) && typeof extension.valueString === "string" ? extension.valueString : undefined
}

/** The itemControl extensions of an item, with the codes each names. */
const itemControls = (reader: ExtensionReader) =>
  reader.take(fhirExtensions.itemControl).map(({ extension, path }) => {
    const concept = extension.valueCodeableConcept
    const codes = isObject(concept)
      ? asArray(concept.coding).flatMap((c) => (isObject(c) && typeof c.code === "string" ? [c.code] : []))
      : []
    return { codes, path }
  })

/**
 * Questionnaire を様式定義に (FHIR R4 `Questionnaire` → form definition): the inverse of {@link toQuestionnaire},
 * which also reads questionnaires written elsewhere as far as Zaitaku's definition language reaches. The template
 * id is the last segment of `url` (or the resource `id`); `derivedFrom` gives a variant's base; contained value
 * sets become the form's code lists or point at the standard list of the same id; help children, `check-box`
 * choices and every extension listed by {@link fhirExtensions} and {@link zaitakuExtensions} are read back.
 *
 * Everything else — unknown elements and extensions, items of type `reference` or `quantity`, calculations in
 * another language — is not kept and comes back as a warning with its path in the resource. A questionnaire that
 * does not give a valid definition (no version, an unknown code list, a condition on an item that was not kept …)
 * is a {@link ValidationError} listing every problem, with paths in the definition; so is a `modifierExtension`,
 * which FHIR forbids ignoring.
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { admissionInformationTemplate } from "@zaitaku/core"
 * import { fromQuestionnaire, toQuestionnaire } from "@zaitaku/fhir-jp"
 *
 * const read = fromQuestionnaire(toQuestionnaire(admissionInformationTemplate).questionnaire)
 * Result.isSuccess(read) && read.success.definition.id // "admission-information"
 * ```
 */
export const fromQuestionnaire = (input: unknown): Result.Result<QuestionnaireImport, ValidationError> => {
  const fail = (path: Path, code: string, ja: string, en: string) =>
    Result.fail(
      new ValidationError({ subject: "FHIR Questionnaire", issues: [{ path: [...path], code, message: { ja, en } }] }),
    )
  if (!isObject(input) || input.resourceType !== "Questionnaire") {
    return fail(
      ["resourceType"],
      "invalid_resource",
      "Questionnaire リソースではありません",
      "Not a Questionnaire resource",
    )
  }
  const modifiers: Array<ValidationIssue> = []
  const findModifiers = (value: unknown, path: Path): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        findModifiers(v, [...path, i])
      })
    } else if (isObject(value)) {
      for (const [key, v] of Object.entries(value)) {
        if (key === "modifierExtension") {
          modifiers.push({
            path: [...path, key],
            code: "modifier_extension",
            message: {
              ja: "modifierExtension は意味を変えるため、読めない以上は取り込めません",
              en: "A modifierExtension changes the meaning of its element and cannot be ignored",
            },
          })
        } else findModifiers(v, [...path, key])
      }
    }
  }
  findModifiers(input, [])
  if (modifiers.length > 0)
    return Result.fail(new ValidationError({ subject: "FHIR Questionnaire", issues: modifiers }))

  const warnings = new Warnings()
  const q = input
  const localized = (element: Obj, key: string, path: Path, fallback?: string): LocalizedText | undefined => {
    const ja = typeof element[key] === "string" ? (element[key] as string) : fallback
    if (ja === undefined) return undefined
    const en = englishOf(element[`_${key}`])
    if (en === undefined) {
      warnings.add(
        [...path, key],
        "missing_translation",
        `「${ja.slice(0, 30)}」に英語の訳がないため、日本語を使いました`,
        `"${ja.slice(0, 30)}" has no English translation; the Japanese text is used`,
      )
    }
    otherElementExtensions(element[`_${key}`]).forEach((index) => {
      warnings.add(
        [...path, `_${key}`, "extension", index],
        "unsupported_extension",
        "拡張を読み飛ばしました",
        "An extension was skipped",
      )
    })
    return { ja, en: en ?? ja }
  }

  // Contained value sets: the form's own code lists, standard lists, and narrowed lists.
  const containedById = new Map<string, { readonly valueSet: Obj; readonly path: Path }>()
  const containedByUrl = new Map<string, { readonly valueSet: Obj; readonly path: Path }>()
  const usedContained = new Set<string>()
  asArray(q.contained).forEach((resource, index) => {
    const path = ["contained", index]
    if (!isObject(resource) || resource.resourceType !== "ValueSet" || typeof resource.id !== "string") {
      warnings.add(
        path,
        "unsupported_element",
        "ValueSet 以外の contained リソースは取り込めません",
        "Contained resources other than ValueSets are not kept",
      )
      return
    }
    containedById.set(resource.id, { valueSet: resource, path })
    if (typeof resource.url === "string") containedByUrl.set(resource.url, { valueSet: resource, path })
  })
  const codeLists: Array<unknown> = []
  const ownListIds = new Set<string>()
  for (const [id, { valueSet, path }] of containedById) {
    const own = asArray(valueSet.extension).some(
      (e) => isObject(e) && e.url === zaitakuExtensions.formCodeList && e.valueBoolean === true,
    )
    if (!own) continue
    usedContained.add(id)
    const list = readValueSet(valueSet, path, warnings)
    codeLists.push(list)
    ownListIds.add(list.id as string)
  }

  /** answerValueSet → answerCodeList (and answerCodes for a narrowed list). */
  const readValueSetReference = (reference: string, path: Path): Partial<FormItem> => {
    const local = reference.startsWith("#") ? containedById.get(reference.slice(1)) : containedByUrl.get(reference)
    if (local === undefined) {
      if (reference.startsWith("#")) {
        warnings.add(
          path,
          "unknown_value_set",
          `contained の ValueSet「${reference}」がありません`,
          `No contained ValueSet "${reference}"`,
        )
      }
      return { answerCodeList: parseCanonical(reference).id }
    }
    const { valueSet, path: at } = local
    usedContained.add(valueSet.id as string)
    if (typeof valueSet.url !== "string") {
      // A narrowed list: the codes kept of the list whose code system the value set draws from.
      const include = asArray(isObject(valueSet.compose) ? valueSet.compose.include : undefined)[0]
      const system = isObject(include) && typeof include.system === "string" ? include.system : undefined
      const listId = system === undefined ? String(valueSet.id) : parseCanonical(system).id
      const concepts = readValueSetConcepts(valueSet, at, warnings)
      if (!ownListIds.has(listId) && findStandardCodeList(listId) === undefined) {
        const list = readValueSet({ ...valueSet, url: `${listId}` }, at, warnings)
        codeLists.push({ ...list, id: listId })
        ownListIds.add(listId)
        return { answerCodeList: listId }
      }
      return { answerCodeList: listId, answerCodes: concepts.map((c) => c.code) }
    }
    const listId = parseCanonical(valueSet.url).id
    if (ownListIds.has(listId)) return { answerCodeList: listId }
    const standard = findStandardCodeList(listId)
    if (standard !== undefined) {
      const codes = readValueSetConcepts(valueSet, at, new Warnings()).map((c) => c.code)
      if (
        !jsonEqual(
          codes,
          standard.concepts.map((c) => c.code),
        )
      ) {
        warnings.add(
          at,
          "standard_list_differs",
          `ValueSet のコードが標準のコード表「${listId}」と異なるため、標準のコード表を使いました`,
          `The value set's codes differ from the standard list "${listId}"; the standard list is used`,
        )
      }
      return { answerCodeList: listId }
    }
    const list = readValueSet(valueSet, at, warnings)
    codeLists.push(list)
    ownListIds.add(listId)
    return { answerCodeList: listId }
  }

  const readOption = (option: unknown, path: Path): CodeListConcept | undefined => {
    if (!isObject(option)) return undefined
    reportKeys(
      option,
      new Set(["valueCoding", "valueString", "valueInteger", "valueDate", "valueTime"]),
      path,
      warnings,
    )
    const coding = option.valueCoding
    if (!isObject(coding)) {
      const value = option.valueString ?? option.valueInteger ?? option.valueDate ?? option.valueTime
      if (value === undefined) return undefined
      warnings.add(
        path,
        "option_as_code",
        "コーディングでない選択肢をコードとして読みました",
        "A non-coded option was read as a code",
      )
      return { code: String(value), label: { ja: String(value), en: String(value) } }
    }
    const at = [...path, "valueCoding"]
    reportKeys(coding, new Set(["extension", "system", "code", "display", "_display"]), at, warnings)
    if (typeof coding.code !== "string") return undefined
    if (typeof coding.system === "string") {
      warnings.add(
        [...at, "system"],
        "unsupported_element",
        `選択肢のコード体系（${coding.system}）は取り込めません（コードだけを読みました）`,
        `The code system of an option (${coding.system}) is not kept (only its code is read)`,
      )
    }
    const reader = new ExtensionReader(coding, at)
    const description = reader.first(zaitakuExtensions.conceptDescription)
    const unconfirmed = reader.first(zaitakuExtensions.unconfirmed)?.extension.valueString
    reader.reportRest(warnings)
    const label = localized(coding, "display", at, coding.code)!
    const describedJa = description?.extension.valueString
    return {
      code: coding.code,
      label,
      ...(typeof describedJa === "string"
        ? { description: { ja: describedJa, en: englishOf(description?.extension._valueString) ?? describedJa } }
        : {}),
      ...(typeof unconfirmed === "string" ? { unconfirmed } : {}),
    }
  }

  const readBound = (
    found: { readonly extension: Obj; readonly path: Path } | undefined,
    type: FormItemType,
  ): { value?: number; date?: DateBound } | undefined => {
    if (found === undefined) return undefined
    const { extension, path } = found
    if (type === "integer" || type === "decimal") {
      const value = extension.valueInteger ?? extension.valueDecimal
      if (typeof value === "number") return { value }
    }
    if (type === "date" || type === "dateTime") {
      const value = extension.valueDate ?? extension.valueDateTime
      if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { date: value }
      const element = extension._valueDate ?? extension._valueDateTime
      const expression = asArray(isObject(element) ? element.extension : undefined).find(
        (e) => isObject(e) && e.url === fhirExtensions.cqfExpression,
      )
      const text =
        isObject(expression) && isObject(expression.valueExpression) ? expression.valueExpression.expression : undefined
      const bound = typeof text === "string" ? boundOfFhirPath(text) : undefined
      if (bound !== undefined) return { date: bound }
    }
    warnings.add(
      path,
      "unreadable_bound",
      "この上限・下限は読めないため取り込めません（日付は YYYY-MM-DD か today() からの相対だけ読めます）",
      "This bound cannot be read and is not kept (dates are read as YYYY-MM-DD or relative to today())",
    )
    return undefined
  }

  /** A help-for display item whose display item is not among its siblings is reported, not dropped silently. */
  const reportOrphanHelp = (help: unknown, siblings: ReadonlyArray<unknown>, path: Path): void => {
    const target = helpForOf(help)
    if (siblings.some((s) => isObject(s) && s.type === "display" && s.linkId === target)) return
    warnings.add(
      path,
      "unsupported_element",
      `補足の対象「${target}」の表示項目がないため、この補足は取り込めません`,
      `The help text's display item "${target}" is missing; the help text is not kept`,
    )
  }

  const readItem = (raw: unknown, path: Path, siblings: ReadonlyArray<unknown>): FormItem | undefined => {
    if (!isObject(raw) || typeof raw.linkId !== "string" || typeof raw.type !== "string") {
      warnings.add(
        path,
        "unsupported_element",
        "linkId か type のない項目は取り込めません",
        "An item without linkId or type is not kept",
      )
      return undefined
    }
    const fhir = raw.type as QuestionnaireItemType
    if (fhir === "reference" || fhir === "quantity") {
      warnings.add(
        path,
        "unsupported_type",
        `${fhir} 型の項目は Zaitaku の様式にないため取り込めません`,
        `Items of type ${fhir} have no Zaitaku equivalent and are not kept`,
      )
      return undefined
    }
    reportKeys(raw, itemKeys, path, warnings)
    const reader = new ExtensionReader(raw, path)
    const itemType = reader.first(zaitakuExtensions.itemType)?.extension.valueCode
    const controls = itemControls(reader)
    let type: FormItemType
    switch (fhir) {
      case "open-choice":
        type = "openChoice"
        break
      case "choice":
        type = raw.repeats === true && controls.some((c) => c.codes.includes("check-box")) ? "multiChoice" : "choice"
        break
      case "url":
        warnings.add(
          [...path, "type"],
          "url_as_string",
          "url 型の項目は文字列（string）として読みました",
          "An item of type url was read as string",
        )
        type = "string"
        break
      case "string":
        type = itemType === "phone" || itemType === "email" || itemType === "postalCode" ? itemType : "string"
        break
      default:
        type = fhir as FormItemType
    }
    for (const control of controls) {
      if (type === "multiChoice" && control.codes.includes("check-box")) continue
      warnings.add(
        control.path,
        "unsupported_extension",
        `表示方法の指定（itemControl: ${control.codes.join(", ")}）は取り込めません`,
        `The rendering hint (itemControl: ${control.codes.join(", ")}) is not kept`,
      )
    }
    let text = localized(raw, "text", path)
    if (text === undefined) {
      warnings.add(
        [...path, "text"],
        "missing_text",
        "表示文のない項目のため、linkId を表示文にしました",
        "The item has no text; its linkId is used",
      )
      text = { ja: raw.linkId, en: raw.linkId }
    }

    // Children: help displays and, for a group, its items.
    let help: LocalizedText | undefined
    const children: Array<FormItem> = []
    const rawChildren = asArray(raw.item)
    rawChildren.forEach((child, index) => {
      const at = [...path, "item", index]
      if (isHelpDisplay(child) && help === undefined) {
        help = localized(child as Obj, "text", at)
        const helpReader = new ExtensionReader(child as Obj, at)
        helpReader.take(fhirExtensions.itemControl)
        helpReader.reportRest(warnings)
        reportKeys(child as Obj, new Set(["extension", "linkId", "text", "_text", "type"]), at, warnings)
        return
      }
      if (helpForOf(child) !== undefined) {
        reportOrphanHelp(child, rawChildren, at)
        return
      }
      if (type !== "group") {
        warnings.add(
          at,
          "unsupported_element",
          "グループでない項目の子項目は取り込めません",
          "Items nested under a question are not kept",
        )
        return
      }
      const read = readItem(child, at, rawChildren)
      if (read !== undefined) children.push(read)
    })
    if (type === "display") {
      const helpSibling = siblings.find((s) => helpForOf(s) === raw.linkId)
      if (helpSibling !== undefined) help = localized(helpSibling as Obj, "text", path)
    }

    // Conditions: the exact ones of the Zaitaku extension, else FHIR's.
    const exact = readExactConditions(reader.peekAll())
    reader.take(zaitakuExtensions.enableWhen)
    reader.take(zaitakuExtensions.enableBehavior)
    const enableWhen = exact?.enableWhen ?? readFhirConditions(asArray(raw.enableWhen), path, warnings)
    const enableBehavior =
      exact !== undefined
        ? exact.enableBehavior
        : raw.enableBehavior === "all" || raw.enableBehavior === "any"
          ? raw.enableBehavior
          : undefined

    // Answers.
    let answers: Partial<FormItem> = {}
    if (typeof raw.answerValueSet === "string")
      answers = readValueSetReference(raw.answerValueSet, [...path, "answerValueSet"])
    else if (Array.isArray(raw.answerOption)) {
      const options = raw.answerOption.flatMap((o, i) => readOption(o, [...path, "answerOption", i]) ?? [])
      answers = { answerOptions: options }
    }

    const numberOf = (url: string) => {
      const value = reader.first(url)?.extension.valueInteger
      return typeof value === "number" ? value : undefined
    }
    const minOccurs = numberOf(fhirExtensions.minOccurs)
    const maxOccurs = numberOf(fhirExtensions.maxOccurs)
    const minLength = numberOf(fhirExtensions.minLength)
    const maxDecimalPlaces = numberOf(fhirExtensions.maxDecimalPlaces)
    const minBound = readBound(reader.first(fhirExtensions.minValue), type)
    const maxBound = readBound(reader.first(fhirExtensions.maxValue), type)
    const regex = reader.first(fhirExtensions.regex)
    const entryFormat = reader.first(fhirExtensions.entryFormat)
    let pattern: FormItem["pattern"]
    if (regex !== undefined && typeof regex.extension.valueString === "string") {
      const message =
        entryFormat === undefined ? undefined : localized(entryFormat.extension, "valueString", entryFormat.path)
      pattern = {
        regex: regexFromFhir(regex.extension.valueString),
        message: message ?? { ja: "入力の形式が正しくありません", en: "The answer does not have the expected form" },
      }
    } else if (entryFormat !== undefined) {
      warnings.add(
        entryFormat.path,
        "unsupported_extension",
        "正規表現のない entryFormat は取り込めません",
        "An entryFormat without a regex is not kept",
      )
    }
    const unitExtension = reader.first(fhirExtensions.unit)
    let unit: LocalizedText | undefined
    if (unitExtension !== undefined && isObject(unitExtension.extension.valueCoding)) {
      const coding = unitExtension.extension.valueCoding
      unit = localized(
        coding,
        "display",
        [...unitExtension.path, "valueCoding"],
        typeof coding.code === "string" ? coding.code : undefined,
      )
    }
    const maxSize = reader.first(fhirExtensions.maxSize)?.extension.valueDecimal
    const contentTypes = reader
      .take(fhirExtensions.mimeType)
      .flatMap(({ extension }) => (typeof extension.valueCode === "string" ? [extension.valueCode] : []))
    let calculated: string | undefined
    const calculation = reader.first(fhirExtensions.calculatedExpression)
    if (calculation !== undefined) {
      calculated = zaitakuExpressionText(calculation.extension.valueExpression)
      if (calculated === undefined) {
        warnings.add(
          calculation.path,
          "foreign_expression",
          "Zaitaku の式の言語でない計算式（FHIRPath など）は取り込めません",
          "A calculation not in Zaitaku's expression language (FHIRPath …) is not kept",
        )
      }
    }
    const constraints: Array<NonNullable<FormItem["constraints"]>[number]> = []
    for (const { extension, path: at } of reader.take(fhirExtensions.targetConstraint)) {
      const parts = asArray(extension.extension).filter(isObject)
      const key = parts.find((p) => p.url === "key")
      const expression = zaitakuExpressionText(parts.find((p) => p.url === "expression")?.valueExpression)
      const human = parts.find((p) => p.url === "human")
      if (expression === undefined || human === undefined) {
        warnings.add(
          at,
          "foreign_expression",
          "Zaitaku の式の言語でない入力規則（FHIRPath など）は取り込めません",
          "A check not in Zaitaku's expression language (FHIRPath …) is not kept",
        )
        continue
      }
      constraints.push({
        key: String(key?.valueId ?? key?.valueString ?? `constraint-${constraints.length + 1}`),
        expression,
        message: localized(human, "valueString", at) ?? { ja: expression, en: expression },
      })
    }
    const sourceRef = reader.first(fhirExtensions.relatedArtifact)
    const source =
      sourceRef !== undefined && isObject(sourceRef.extension.valueRelatedArtifact)
        ? sourceRef.extension.valueRelatedArtifact.label
        : undefined
    const unconfirmed = reader.first(zaitakuExtensions.unconfirmed)?.extension.valueString
    const reply = reader.first(zaitakuExtensions.replySection)?.extension.valueBoolean === true
    if (reply) replyItems.push(raw.linkId)
    reader.reportRest(warnings)

    const item: FormItem = {
      linkId: raw.linkId,
      type,
      text,
      ...(typeof raw.prefix === "string" ? { prefix: raw.prefix } : {}),
      ...(help === undefined ? {} : { help }),
      ...(typeof raw.required === "boolean" ? { required: raw.required } : {}),
      ...(typeof raw.repeats === "boolean" && type !== "multiChoice" ? { repeats: raw.repeats } : {}),
      ...(minOccurs === undefined ? {} : { minOccurs }),
      ...(maxOccurs === undefined ? {} : { maxOccurs }),
      ...(typeof raw.readOnly === "boolean" ? { readOnly: raw.readOnly } : {}),
      ...(enableWhen.length === 0 ? {} : { enableWhen }),
      ...(enableBehavior === undefined || enableWhen.length === 0 ? {} : { enableBehavior }),
      ...answers,
      ...(minBound?.value === undefined ? {} : { minValue: minBound.value }),
      ...(maxBound?.value === undefined ? {} : { maxValue: maxBound.value }),
      ...(maxDecimalPlaces === undefined ? {} : { maxDecimalPlaces }),
      ...(unit === undefined ? {} : { unit }),
      ...(minLength === undefined ? {} : { minLength }),
      ...(typeof raw.maxLength === "number" ? { maxLength: raw.maxLength } : {}),
      ...(pattern === undefined ? {} : { pattern }),
      ...(minBound?.date === undefined ? {} : { minDate: minBound.date }),
      ...(maxBound?.date === undefined ? {} : { maxDate: maxBound.date }),
      ...(typeof maxSize === "number" ? { maxSize } : {}),
      ...(contentTypes.length === 0 ? {} : { contentTypes }),
      ...(calculated === undefined ? {} : { calculated }),
      ...(constraints.length === 0 ? {} : { constraints }),
      ...(typeof source === "string" ? { source } : {}),
      ...(typeof unconfirmed === "string" ? { unconfirmed } : {}),
      ...(type === "group" ? { items: children } : {}),
    }
    return item
  }

  const replyItems: Array<string> = []
  const rawItems = asArray(q.item)
  const items = rawItems.flatMap((raw, index) => {
    if (helpForOf(raw) !== undefined) {
      reportOrphanHelp(raw, rawItems, ["item", index])
      return []
    }
    return readItem(raw, ["item", index], rawItems) ?? []
  })

  // The questionnaire itself.
  const reader = new ExtensionReader(q, [])
  const sources: Array<SourceCitation> = []
  for (const { extension, path } of reader.take(fhirExtensions.relatedArtifact)) {
    const source = sourceFromExtension(extension, path, warnings)
    if (source !== undefined) sources.push(source)
  }
  reader.reportRest(warnings)
  reportKeys(q, questionnaireKeys, [], warnings)
  for (const [id, { path }] of containedById) {
    if (!usedContained.has(id)) {
      warnings.add(
        path,
        "unsupported_element",
        `どの項目も使わない ValueSet「${id}」は取り込めません`,
        `ValueSet "${id}", which no item uses, is not kept`,
      )
    }
  }
  if (
    q.language !== undefined &&
    q.language !== "ja" &&
    typeof q.language === "string" &&
    !/^ja(-|$)/.test(q.language)
  ) {
    warnings.add(
      ["language"],
      "language",
      `言語が ${q.language} のため、本文を日本語の欄に読みました`,
      `The language is ${q.language}; its texts are read as the Japanese ones`,
    )
  }
  const id = typeof q.url === "string" ? parseCanonical(q.url).id : typeof q.id === "string" ? q.id : undefined
  if (typeof q.name === "string" && id !== undefined && q.name !== fhirName(id)) {
    warnings.add(
      ["name"],
      "unsupported_element",
      "name は取り込めません（様式IDは url から読みます）",
      "name is not kept (the template id is read from url)",
    )
  }
  const derived = asArray(q.derivedFrom).filter((d): d is string => typeof d === "string")
  if (derived.length > 1) {
    warnings.add(
      ["derivedFrom", 1],
      "unsupported_element",
      "2つ目以降の derivedFrom は取り込めません",
      "Only the first derivedFrom is kept",
    )
  }
  const base = derived[0] === undefined ? undefined : parseCanonical(derived[0])
  const status = q.status === "draft" || q.status === "active" || q.status === "retired" ? q.status : "draft"
  if (status !== q.status) {
    warnings.add(
      ["status"],
      "unknown_status",
      `状態 ${String(q.status)} は draft として読みました`,
      `Status ${String(q.status)} was read as draft`,
    )
  }
  const period = isObject(q.effectivePeriod) ? q.effectivePeriod : undefined
  const day = (value: unknown, key: string): string | undefined => {
    if (typeof value !== "string") return undefined
    if (value.length > 10) {
      warnings.add(
        ["effectivePeriod", key],
        "date_truncated",
        "適用期間は日付だけを読みました",
        "Only the date of the effective period is kept",
      )
    }
    return value.slice(0, 10)
  }
  const start = day(period?.start, "start")
  const end = day(period?.end, "end")

  const candidate = {
    id,
    version: q.version,
    status,
    ...(start === undefined && end === undefined
      ? {}
      : { effectivePeriod: { ...(start === undefined ? {} : { start }), ...(end === undefined ? {} : { end }) } }),
    title: localized(q, "title", [], typeof q.name === "string" ? q.name : id),
    ...(typeof q.description === "string" ? { description: localized(q, "description", []) } : {}),
    ...(typeof q.publisher === "string" ? { publisher: localized(q, "publisher", []) } : {}),
    ...(base === undefined ? {} : { derivedFrom: { id: base.id, version: base.version } }),
    ...(replyItems[0] === undefined ? {} : { replyItem: replyItems[0] }),
    ...(sources.length === 0 ? {} : { sources }),
    ...(codeLists.length === 0 ? {} : { codeLists }),
    items,
  }
  const parsed = FormDefinition.safeParse(candidate)
  if (!parsed.success) return Result.fail(fromZodError("form definition read from a FHIR Questionnaire", parsed.error))
  return Result.succeed({ definition: parsed.data, warnings: warnings.list })
}
