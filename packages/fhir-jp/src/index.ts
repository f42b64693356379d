/**
 * `@zaitaku/fhir-jp`: Zaitaku's forms in FHIR R4 — form definitions as `Questionnaire` and back, responses as
 * `QuestionnaireResponse`, code lists as `ValueSet` and `CodeSystem`. Pure functions; no runtime dependency
 * beyond `@zaitaku/core`.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * from "./CodeLists.js"
export * from "./Extensions.js"
export * from "./Fhir.js"
export * from "./Questionnaire.js"
export * from "./QuestionnaireResponse.js"
export * from "./References.js"
