/**
 * Canonical URLs: where Zaitaku's FHIR resources live (questionnaires, value sets, code systems), the standard HL7
 * extensions the mappings use (FHIR R4 core and SDC), and the few Zaitaku extensions that carry what no standard
 * element or extension expresses, so that nothing of a form definition is lost on the way through FHIR.
 *
 * @since 0.1.0
 */
import { findFormTemplate, findStandardCodeList } from "@zaitaku/core"
import type { FhirCoding, FhirExpression } from "./Fhir.js"

/**
 * Zaitaku's canonical base for FHIR (`https://zaitaku.github.io/fhir`): the national templates, the standard code
 * lists and the Zaitaku extensions (`…/StructureDefinition/<name>`) are named under it. A municipality or 医師会
 * that publishes its own forms passes its own base as `canonicalBase`.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { zaitakuFhirBase } from "@zaitaku/fhir-jp"
 *
 * `${zaitakuFhirBase}/Questionnaire/admission-information` // the 入院時情報提供書
 * ```
 */
export const zaitakuFhirBase = "https://zaitaku.github.io/fhir"

/**
 * The expression language of Zaitaku's form expressions (計算式, `@zaitaku/core` `FormExpression`), written in
 * `Expression.language` of the SDC `calculatedExpression` and `targetConstraint` extensions: `text/x-zaitaku-expression`.
 * The expression text is exactly the definition's (`age(birth_date)`, `round(bmi(weight_kg, height_cm), 1)`,
 * `discharge_date >= admission_date`); answers are named by linkId. Renderers that only run FHIRPath skip it.
 *
 * FHIR binds `Expression.language` extensibly, so another language is allowed, but the R4 JSON Schema lists only
 * `text/cql`, `text/fhirpath` and `application/x-fhir-query`. So that the resources validate against the schema too,
 * the code is written as the Zaitaku `expression-language` extension on `_language` (a primitive without a value
 * but with an extension, as FHIR allows), see {@link zaitakuExpression}.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { zaitakuExpressionLanguage } from "@zaitaku/fhir-jp"
 *
 * const calculated = { language: zaitakuExpressionLanguage, expression: "age(birth_date)" }
 * ```
 */
export const zaitakuExpressionLanguage = "text/x-zaitaku-expression"

const hl7 = "http://hl7.org/fhir/StructureDefinition"

/**
 * The standard extensions used (FHIR R4 core, the SDC implementation guide and the FHIR extensions pack), by name.
 *
 * | name | where | carries |
 * |---|---|---|
 * | `translation` | any string | the English text (`lang` `en`) beside the Japanese one |
 * | `itemControl` | item | `help` (a help text child), `check-box` (a multi-choice) |
 * | `minOccurs`, `maxOccurs` | item | occurrences of a repeating item, selections of a multi-choice |
 * | `minValue`, `maxValue` | item | number and date bounds; a relative date carries `cqfExpression` (FHIRPath `today() - 130 years`) |
 * | `minLength`, `regex`, `entryFormat` | item | text length, the pattern, and the pattern's message |
 * | `maxDecimalPlaces`, `unit` | item | decimals and the unit (UCUM when known) |
 * | `maxSize`, `mimeType` | item | attachment limits |
 * | `calculatedExpression` | item | a calculated value, in {@link zaitakuExpressionLanguage} |
 * | `targetConstraint` | item | a cross-item check, in {@link zaitakuExpressionLanguage} |
 * | `relatedArtifact` | Questionnaire, item, ValueSet, CodeSystem | the sources of the wording (`cqf-relatedArtifact`) |
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { fhirExtensions } from "@zaitaku/fhir-jp"
 *
 * fhirExtensions.translation // "http://hl7.org/fhir/StructureDefinition/translation"
 * ```
 */
export const fhirExtensions = {
  translation: `${hl7}/translation`,
  itemControl: `${hl7}/questionnaire-itemControl`,
  minOccurs: `${hl7}/questionnaire-minOccurs`,
  maxOccurs: `${hl7}/questionnaire-maxOccurs`,
  minValue: `${hl7}/minValue`,
  maxValue: `${hl7}/maxValue`,
  minLength: `${hl7}/minLength`,
  regex: `${hl7}/regex`,
  entryFormat: `${hl7}/entryFormat`,
  maxDecimalPlaces: `${hl7}/maxDecimalPlaces`,
  unit: `${hl7}/questionnaire-unit`,
  maxSize: `${hl7}/maxSize`,
  mimeType: `${hl7}/mimeType`,
  cqfExpression: `${hl7}/cqf-expression`,
  relatedArtifact: `${hl7}/cqf-relatedArtifact`,
  targetConstraint: `${hl7}/targetConstraint`,
  calculatedExpression: "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
} as const

/**
 * The code system of `itemControl` codes.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { itemControlSystem } from "@zaitaku/fhir-jp"
 *
 * const help = { system: itemControlSystem, code: "help" }
 * ```
 */
export const itemControlSystem = "http://hl7.org/fhir/questionnaire-item-control"

/**
 * The Zaitaku extensions (`https://zaitaku.github.io/fhir/StructureDefinition/<name>`), for what FHIR has no element
 * or standard extension for. A FHIR tool that does not know them ignores them and still reads a sound form; Zaitaku
 * reads them back so that a definition survives the trip unchanged.
 *
 * | name | where | value |
 * |---|---|---|
 * | `item-type` | item of FHIR type `string` | `valueCode` `phone`, `email` or `postalCode` (電話・FAX番号, メールアドレス, 郵便番号) |
 * | `unconfirmed` | item, ValueSet, CodeSystem, concept, option | `valueString`: what could not be checked against a primary source |
 * | `reply-section` | top-level group | `valueBoolean` `true`: the 返信欄 the recipient fills in |
 * | `help-for` | display item | `valueString`: the linkId of the display item (just before it) whose help text this is |
 * | `enable-when` | item | complex (`question`, `operator`, `answer`…): the exact condition, when FHIR `enableWhen` can only approximate it (`in`, times without seconds …) |
 * | `enable-behavior` | item | `valueCode` `all`/`any`: the definition's own `enableBehavior` beside `enable-when` |
 * | `form-code-list` | contained ValueSet | `valueBoolean` `true`: a code list defined by the form itself (`codeLists`), not a standard one |
 * | `concept-description` | answer option | `valueString` (+ `translation`): the option's description |
 * | `evidence-grade` | relatedArtifact | `valueCode` `official`, `secondary` or `inference` |
 * | `source-note` | relatedArtifact | `valueString`: a note on the source |
 * | `attachment-id` | Attachment | `valueString`: the file's id in the store, when it has no URL |
 * | `expression-language` | `Expression._language` | `valueCode` {@link zaitakuExpressionLanguage} |
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { zaitakuExtensions } from "@zaitaku/fhir-jp"
 *
 * zaitakuExtensions.itemType // "https://zaitaku.github.io/fhir/StructureDefinition/item-type"
 * ```
 */
export const zaitakuExtensions = {
  itemType: `${zaitakuFhirBase}/StructureDefinition/item-type`,
  unconfirmed: `${zaitakuFhirBase}/StructureDefinition/unconfirmed`,
  replySection: `${zaitakuFhirBase}/StructureDefinition/reply-section`,
  helpFor: `${zaitakuFhirBase}/StructureDefinition/help-for`,
  enableWhen: `${zaitakuFhirBase}/StructureDefinition/enable-when`,
  enableBehavior: `${zaitakuFhirBase}/StructureDefinition/enable-behavior`,
  formCodeList: `${zaitakuFhirBase}/StructureDefinition/form-code-list`,
  conceptDescription: `${zaitakuFhirBase}/StructureDefinition/concept-description`,
  evidenceGrade: `${zaitakuFhirBase}/StructureDefinition/evidence-grade`,
  sourceNote: `${zaitakuFhirBase}/StructureDefinition/source-note`,
  attachmentId: `${zaitakuFhirBase}/StructureDefinition/attachment-id`,
  expressionLanguage: `${zaitakuFhirBase}/StructureDefinition/expression-language`,
} as const

/**
 * Where the canonical URLs of a form's resources start: `canonicalBase` (default {@link zaitakuFhirBase}) for the
 * questionnaire itself and for code lists it defines; the standard templates and code lists always keep Zaitaku's
 * base, so every form that uses them names the same resource.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import type { CanonicalOptions } from "@zaitaku/fhir-jp"
 *
 * const hachinohe: CanonicalOptions = { canonicalBase: "https://www.city.hachinohe.aomori.jp/fhir" }
 * ```
 */
export interface CanonicalOptions {
  readonly canonicalBase?: string
}

const trimSlash = (base: string): string => base.replace(/\/+$/, "")

/**
 * The canonical URL of a form definition's `Questionnaire` (without version): `<base>/Questionnaire/<template id>`.
 * A standard template (`@zaitaku/core` `formTemplates`) is always under {@link zaitakuFhirBase}.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { questionnaireUrl } from "@zaitaku/fhir-jp"
 *
 * questionnaireUrl("training-application") // "https://zaitaku.github.io/fhir/Questionnaire/training-application"
 * ```
 */
export const questionnaireUrl = (templateId: string, options: CanonicalOptions = {}): string =>
  `${findFormTemplate(templateId) !== undefined ? zaitakuFhirBase : trimSlash(options.canonicalBase ?? zaitakuFhirBase)}/Questionnaire/${templateId}`

/**
 * The canonical URL of the `ValueSet` of a code list: `<base>/ValueSet/<list id>`, Zaitaku's base for a standard
 * list (`@zaitaku/core` `standardCodeLists`) unless the form defines a list of the same id itself.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { valueSetUrl } from "@zaitaku/fhir-jp"
 *
 * valueSetUrl("assistance_level") // "https://zaitaku.github.io/fhir/ValueSet/assistance_level"
 * ```
 */
export const valueSetUrl = (listId: string, options: CanonicalOptions & { readonly standard?: boolean } = {}): string =>
  `${listBase(listId, options)}/ValueSet/${listId}`

/**
 * The canonical URL of the `CodeSystem` that defines a code list's codes (`Coding.system` of answers):
 * `<base>/CodeSystem/<list id>`, with the same base as {@link valueSetUrl}.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { codeSystemUrl } from "@zaitaku/fhir-jp"
 *
 * codeSystemUrl("care_need_level") // "https://zaitaku.github.io/fhir/CodeSystem/care_need_level"
 * ```
 */
export const codeSystemUrl = (
  listId: string,
  options: CanonicalOptions & { readonly standard?: boolean } = {},
): string => `${listBase(listId, options)}/CodeSystem/${listId}`

const listBase = (listId: string, options: CanonicalOptions & { readonly standard?: boolean }): string =>
  (options.standard ?? findStandardCodeList(listId) !== undefined)
    ? zaitakuFhirBase
    : trimSlash(options.canonicalBase ?? zaitakuFhirBase)

/**
 * The last path segment of a canonical URL, without `|version` (`…/ValueSet/presence|1.0.0` → `presence`), and the
 * version when there is one.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { parseCanonical } from "@zaitaku/fhir-jp"
 *
 * parseCanonical("https://zaitaku.github.io/fhir/Questionnaire/training-application|1.0.0")
 * // { id: "training-application", version: "1.0.0" }
 * ```
 */
export const parseCanonical = (canonical: string): { readonly id: string; readonly version?: string } => {
  const [url = "", version] = canonical.split("|")
  const id =
    url
      .replace(/[#?].*$/, "")
      .replace(/\/+$/, "")
      .split("/")
      .pop() ?? ""
  return version === undefined || version === "" ? { id } : { id, version }
}

/**
 * The `use` of a designation that holds a concept's description: SNOMED CT 900000000000550004 (Definition), the
 * designation use FHIR itself suggests for definitions.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { definitionDesignationUse } from "@zaitaku/fhir-jp"
 *
 * definitionDesignationUse.code // "900000000000550004"
 * ```
 */
export const definitionDesignationUse: FhirCoding = {
  system: "http://snomed.info/sct",
  code: "900000000000550004",
  display: "Definition",
}

/**
 * A Zaitaku form expression as a FHIR `Expression` (for the SDC `calculatedExpression` and `targetConstraint`
 * extensions): the text as it is, its language {@link zaitakuExpressionLanguage} in the `expression-language`
 * extension on `_language`.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { zaitakuExpression } from "@zaitaku/fhir-jp"
 *
 * zaitakuExpression("age(birth_date)").expression // "age(birth_date)"
 * ```
 */
export const zaitakuExpression = (expression: string): FhirExpression => ({
  _language: { extension: [{ url: zaitakuExtensions.expressionLanguage, valueCode: zaitakuExpressionLanguage }] },
  expression,
})

/**
 * The text of a FHIR `Expression` in Zaitaku's expression language (written by {@link zaitakuExpression}, or with
 * `language` {@link zaitakuExpressionLanguage}), or `undefined` for an expression in another language.
 *
 * @since 0.1.0
 * @category canonical URLs
 * @example
 * ```ts
 * import { zaitakuExpression, zaitakuExpressionText } from "@zaitaku/fhir-jp"
 *
 * zaitakuExpressionText(zaitakuExpression("bmi(weight_kg, height_cm)")) // "bmi(weight_kg, height_cm)"
 * zaitakuExpressionText({ language: "text/fhirpath", expression: "today()" }) // undefined
 * ```
 */
export const zaitakuExpressionText = (expression: unknown): string | undefined => {
  if (typeof expression !== "object" || expression === null) return undefined
  const { language, _language, expression: text } = expression as Record<string, unknown>
  const extensions =
    typeof _language === "object" && _language !== null ? (_language as { extension?: unknown }).extension : undefined
  const tagged =
    language === zaitakuExpressionLanguage ||
    (language === undefined &&
      Array.isArray(extensions) &&
      extensions.some(
        (e) =>
          typeof e === "object" &&
          e !== null &&
          (e as Record<string, unknown>).url === zaitakuExtensions.expressionLanguage &&
          (e as Record<string, unknown>).valueCode === zaitakuExpressionLanguage,
      ))
  return tagged && typeof text === "string" ? text : undefined
}
