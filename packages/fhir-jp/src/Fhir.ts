/**
 * The FHIR R4 (4.0.1) data types and resources this package reads and writes, as plain TypeScript interfaces: the
 * subset of `Questionnaire`, `QuestionnaireResponse`, `ValueSet` and `CodeSystem` that Zaitaku's forms use. Element
 * names follow the FHIR JSON representation exactly (including `_text`-style companions that carry extensions of
 * primitive values), so a value of these types is FHIR JSON as it is, with no conversion step.
 *
 * @since 0.1.0
 */

/**
 * FHIR `Extension`: a `url` naming the extension's definition and either a value (`valueString`, `valueCoding` …)
 * or nested `extension`s (complex extensions such as `translation`).
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirExtension } from "@zaitaku/fhir-jp"
 *
 * const minOccurs: FhirExtension = { url: "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs", valueInteger: 1 }
 * ```
 */
export interface FhirExtension {
  readonly url: string
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly valueString?: string
  readonly _valueString?: FhirElement
  readonly valueCode?: string
  readonly valueId?: string
  readonly valueBoolean?: boolean
  readonly valueInteger?: number
  readonly valueDecimal?: number
  readonly valueDate?: string
  readonly _valueDate?: FhirElement
  readonly valueDateTime?: string
  readonly _valueDateTime?: FhirElement
  readonly valueTime?: string
  readonly valueCoding?: FhirCoding
  readonly valueCodeableConcept?: FhirCodeableConcept
  readonly valueExpression?: FhirExpression
  readonly valueRelatedArtifact?: FhirRelatedArtifact
}

/**
 * The extensions of a primitive value (the `_text` beside `text` in FHIR JSON).
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirElement } from "@zaitaku/fhir-jp"
 *
 * const none: FhirElement = { extension: [] }
 * ```
 */
export interface FhirElement {
  readonly extension?: ReadonlyArray<FhirExtension>
}

/**
 * FHIR `Coding`: a code from a code system, with its display text.
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirCoding } from "@zaitaku/fhir-jp"
 *
 * const coding: FhirCoding = { system: "http://unitsofmeasure.org", code: "kg", display: "kg" }
 * ```
 */
export interface FhirCoding {
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly system?: string
  readonly version?: string
  readonly code?: string
  readonly display?: string
  readonly _display?: FhirElement
}

/**
 * FHIR `CodeableConcept`.
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirCodeableConcept } from "@zaitaku/fhir-jp"
 *
 * const help: FhirCodeableConcept = { coding: [{ system: "http://hl7.org/fhir/questionnaire-item-control", code: "help" }] }
 * ```
 */
export interface FhirCodeableConcept {
  readonly coding?: ReadonlyArray<FhirCoding>
  readonly text?: string
}

/**
 * FHIR `Reference`: a literal `reference` (`Organization/123`), a logical `identifier`, or both, with a `display`.
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirReference } from "@zaitaku/fhir-jp"
 *
 * const author: FhirReference = { reference: "PractitionerRole/cm-001", display: "工藤 真理" }
 * ```
 */
export interface FhirReference {
  readonly reference?: string
  readonly type?: string
  readonly identifier?: FhirIdentifier
  readonly display?: string
}

/**
 * FHIR `Identifier`: a value in a namespace (`system`).
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirIdentifier } from "@zaitaku/fhir-jp"
 *
 * const code: FhirIdentifier = {
 *   system: "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no",
 *   value: "0212345678",
 * }
 * ```
 */
export interface FhirIdentifier {
  readonly system?: string
  readonly value?: string
}

/**
 * FHIR `Period`.
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirPeriod } from "@zaitaku/fhir-jp"
 *
 * const fy2024: FhirPeriod = { start: "2024-04-01", end: "2025-03-31" }
 * ```
 */
export interface FhirPeriod {
  readonly start?: string
  readonly end?: string
}

/**
 * FHIR `Expression`: an expression text and the `language` (a media type) it is written in. A language outside
 * the three the R4 JSON Schema lists travels as an extension on `_language` (see `zaitakuExpression`).
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirExpression } from "@zaitaku/fhir-jp"
 *
 * const today: FhirExpression = { language: "text/fhirpath", expression: "today()" }
 * ```
 */
export interface FhirExpression {
  readonly language?: string
  readonly _language?: FhirElement
  readonly expression?: string
  readonly description?: string
}

/**
 * FHIR `RelatedArtifact`: here, a source a form's wording was taken from (`type` `citation`).
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirRelatedArtifact } from "@zaitaku/fhir-jp"
 *
 * const source: FhirRelatedArtifact = { type: "citation", label: "aikawa", display: "愛川町 申込書" }
 * ```
 */
export interface FhirRelatedArtifact {
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly type: string
  readonly label?: string
  readonly display?: string
  readonly citation?: string
  readonly url?: string
}

/**
 * FHIR `Attachment`: a file, by its media type, title, size and location.
 *
 * @since 0.1.0
 * @category data types
 * @example
 * ```ts
 * import type { FhirAttachment } from "@zaitaku/fhir-jp"
 *
 * const photo: FhirAttachment = { contentType: "image/jpeg", title: "本人の写真.jpg", url: "https://files.example.jp/1" }
 * ```
 */
export interface FhirAttachment {
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly contentType?: string
  readonly title?: string
  readonly size?: number
  readonly url?: string
}

/**
 * FHIR `Questionnaire.item.enableWhen`.
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import type { QuestionnaireEnableWhen } from "@zaitaku/fhir-jp"
 *
 * const answered: QuestionnaireEnableWhen = { question: "birth_date", operator: "exists", answerBoolean: true }
 * ```
 */
export interface QuestionnaireEnableWhen {
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly question: string
  readonly operator: "exists" | "=" | "!=" | ">" | "<" | ">=" | "<="
  readonly answerBoolean?: boolean
  readonly answerDecimal?: number
  readonly answerInteger?: number
  readonly answerDate?: string
  readonly answerDateTime?: string
  readonly answerTime?: string
  readonly answerString?: string
  readonly answerCoding?: FhirCoding
}

/**
 * FHIR `Questionnaire.item.answerOption`.
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import type { QuestionnaireAnswerOption } from "@zaitaku/fhir-jp"
 *
 * const option: QuestionnaireAnswerOption = { valueCoding: { code: "self", display: "本人" } }
 * ```
 */
export interface QuestionnaireAnswerOption {
  readonly valueCoding?: FhirCoding
  readonly valueString?: string
  readonly valueInteger?: number
  readonly valueDate?: string
  readonly valueTime?: string
}

/**
 * The item types of FHIR R4 `Questionnaire`.
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import type { QuestionnaireItemType } from "@zaitaku/fhir-jp"
 *
 * const type: QuestionnaireItemType = "open-choice"
 * ```
 */
export type QuestionnaireItemType =
  | "group"
  | "display"
  | "boolean"
  | "decimal"
  | "integer"
  | "date"
  | "dateTime"
  | "time"
  | "string"
  | "text"
  | "url"
  | "choice"
  | "open-choice"
  | "attachment"
  | "reference"
  | "quantity"

/**
 * FHIR `Questionnaire.item`.
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import type { QuestionnaireItem } from "@zaitaku/fhir-jp"
 *
 * const name: QuestionnaireItem = { linkId: "name", type: "string", text: "氏名", required: true }
 * ```
 */
export interface QuestionnaireItem {
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly linkId: string
  readonly prefix?: string
  readonly text?: string
  readonly _text?: FhirElement
  readonly type: QuestionnaireItemType
  readonly enableWhen?: ReadonlyArray<QuestionnaireEnableWhen>
  readonly enableBehavior?: "all" | "any"
  readonly required?: boolean
  readonly repeats?: boolean
  readonly readOnly?: boolean
  readonly maxLength?: number
  readonly answerValueSet?: string
  readonly answerOption?: ReadonlyArray<QuestionnaireAnswerOption>
  readonly item?: ReadonlyArray<QuestionnaireItem>
}

/**
 * FHIR R4 `Questionnaire` (the elements Zaitaku writes; `contained` holds the value sets of its choice items).
 *
 * @since 0.1.0
 * @category Questionnaire
 * @example
 * ```ts
 * import type { Questionnaire } from "@zaitaku/fhir-jp"
 *
 * const q: Questionnaire = { resourceType: "Questionnaire", status: "draft", item: [{ linkId: "a", type: "string" }] }
 * ```
 */
export interface Questionnaire {
  readonly resourceType: "Questionnaire"
  readonly id?: string
  readonly language?: string
  readonly contained?: ReadonlyArray<ValueSet>
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly url?: string
  readonly version?: string
  readonly name?: string
  readonly title?: string
  readonly _title?: FhirElement
  readonly derivedFrom?: ReadonlyArray<string>
  readonly status: "draft" | "active" | "retired" | "unknown"
  readonly publisher?: string
  readonly _publisher?: FhirElement
  readonly description?: string
  readonly _description?: FhirElement
  readonly effectivePeriod?: FhirPeriod
  readonly item?: ReadonlyArray<QuestionnaireItem>
}

/**
 * FHIR `QuestionnaireResponse.item.answer`.
 *
 * @since 0.1.0
 * @category QuestionnaireResponse
 * @example
 * ```ts
 * import type { QuestionnaireResponseAnswer } from "@zaitaku/fhir-jp"
 *
 * const answer: QuestionnaireResponseAnswer = { valueDate: "1940-03-15" }
 * ```
 */
export interface QuestionnaireResponseAnswer {
  readonly valueBoolean?: boolean
  readonly valueDecimal?: number
  readonly valueInteger?: number
  readonly valueDate?: string
  readonly valueDateTime?: string
  readonly valueTime?: string
  readonly valueString?: string
  readonly valueCoding?: FhirCoding
  readonly valueAttachment?: FhirAttachment
}

/**
 * FHIR `QuestionnaireResponse.item`: a group (with `item`) or a question (with `answer`). A repeating group is one
 * item per instance, all with the same `linkId`.
 *
 * @since 0.1.0
 * @category QuestionnaireResponse
 * @example
 * ```ts
 * import type { QuestionnaireResponseItem } from "@zaitaku/fhir-jp"
 *
 * const item: QuestionnaireResponseItem = { linkId: "name", text: "氏名", answer: [{ valueString: "八戸 太郎" }] }
 * ```
 */
export interface QuestionnaireResponseItem {
  readonly linkId: string
  readonly text?: string
  readonly answer?: ReadonlyArray<QuestionnaireResponseAnswer>
  readonly item?: ReadonlyArray<QuestionnaireResponseItem>
}

/**
 * FHIR R4 `QuestionnaireResponse`.
 *
 * @since 0.1.0
 * @category QuestionnaireResponse
 * @example
 * ```ts
 * import type { QuestionnaireResponse } from "@zaitaku/fhir-jp"
 *
 * const qr: QuestionnaireResponse = {
 *   resourceType: "QuestionnaireResponse",
 *   questionnaire: "https://zaitaku.github.io/fhir/Questionnaire/training-application|1.0.0",
 *   status: "in-progress",
 * }
 * ```
 */
export interface QuestionnaireResponse {
  readonly resourceType: "QuestionnaireResponse"
  readonly id?: string
  readonly language?: string
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly identifier?: FhirIdentifier
  readonly questionnaire: string
  readonly status: "in-progress" | "completed" | "amended" | "entered-in-error" | "stopped"
  readonly subject?: FhirReference
  readonly authored?: string
  readonly author?: FhirReference
  readonly source?: FhirReference
  readonly item?: ReadonlyArray<QuestionnaireResponseItem>
}

/**
 * FHIR `ValueSet.compose.include.concept.designation` / `CodeSystem.concept.designation`: another representation of
 * a concept — here its English label (`language` `en`) or its description (`use` = SNOMED CT 定義 / Definition).
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import type { ConceptDesignation } from "@zaitaku/fhir-jp"
 *
 * const english: ConceptDesignation = { language: "en", value: "Supervision" }
 * ```
 */
export interface ConceptDesignation {
  readonly language?: string
  readonly use?: FhirCoding
  readonly value: string
}

/**
 * FHIR `ValueSet.compose.include.concept`.
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import type { ValueSetConcept } from "@zaitaku/fhir-jp"
 *
 * const concept: ValueSetConcept = { code: "supervision", display: "見守り" }
 * ```
 */
export interface ValueSetConcept {
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly code: string
  readonly display?: string
  readonly designation?: ReadonlyArray<ConceptDesignation>
}

/**
 * FHIR `ValueSet.compose.include`.
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import type { ValueSetInclude } from "@zaitaku/fhir-jp"
 *
 * const include: ValueSetInclude = { system: "https://zaitaku.github.io/fhir/CodeSystem/presence" }
 * ```
 */
export interface ValueSetInclude {
  readonly system?: string
  readonly version?: string
  readonly concept?: ReadonlyArray<ValueSetConcept>
  readonly valueSet?: ReadonlyArray<string>
}

/**
 * FHIR R4 `ValueSet` (a code list's codes, enumerated in `compose`).
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import type { ValueSet } from "@zaitaku/fhir-jp"
 *
 * const vs: ValueSet = { resourceType: "ValueSet", status: "active", compose: { include: [{ system: "urn:x" }] } }
 * ```
 */
export interface ValueSet {
  readonly resourceType: "ValueSet"
  readonly id?: string
  readonly language?: string
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly url?: string
  readonly version?: string
  readonly name?: string
  readonly title?: string
  readonly _title?: FhirElement
  readonly status: "draft" | "active" | "retired" | "unknown"
  readonly description?: string
  readonly compose?: { readonly include: ReadonlyArray<ValueSetInclude> }
}

/**
 * FHIR `CodeSystem.concept`.
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import type { CodeSystemConcept } from "@zaitaku/fhir-jp"
 *
 * const concept: CodeSystemConcept = { code: "J1", display: "J1", designation: [{ language: "en", value: "Rank J1" }] }
 * ```
 */
export interface CodeSystemConcept {
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly code: string
  readonly display?: string
  readonly definition?: string
  readonly _definition?: FhirElement
  readonly designation?: ReadonlyArray<ConceptDesignation>
}

/**
 * FHIR R4 `CodeSystem` (the code system that defines a code list's codes, `content` `complete`).
 *
 * @since 0.1.0
 * @category terminology
 * @example
 * ```ts
 * import type { CodeSystem } from "@zaitaku/fhir-jp"
 *
 * const cs: CodeSystem = { resourceType: "CodeSystem", status: "active", content: "complete" }
 * ```
 */
export interface CodeSystem {
  readonly resourceType: "CodeSystem"
  readonly id?: string
  readonly language?: string
  readonly extension?: ReadonlyArray<FhirExtension>
  readonly url?: string
  readonly version?: string
  readonly name?: string
  readonly title?: string
  readonly _title?: FhirElement
  readonly status: "draft" | "active" | "retired" | "unknown"
  readonly description?: string
  readonly caseSensitive?: boolean
  readonly valueSet?: string
  readonly content: "not-present" | "example" | "fragment" | "complete" | "supplement"
  readonly count?: number
  readonly concept?: ReadonlyArray<CodeSystemConcept>
}
