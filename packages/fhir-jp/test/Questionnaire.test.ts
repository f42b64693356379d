import { formTemplates } from "@zaitaku/core"
import { Result } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { fromQuestionnaire, toQuestionnaire } from "../src/index.js"
import { type FhirSchemaValidator, loadFhirSchema } from "./FhirSchema.js"

let fhir: FhirSchemaValidator
beforeAll(() => {
  fhir = loadFhirSchema()
})

describe("every shipped template", () => {
  it.each(formTemplates.map((t) => [t.id, t] as const))("%s round-trips unchanged", (_, template) => {
    const { questionnaire } = toQuestionnaire(template)
    const read = fromQuestionnaire(JSON.parse(JSON.stringify(questionnaire)))
    if (Result.isFailure(read)) throw new Error(read.failure.message)
    expect(read.success.definition).toStrictEqual(template)
    expect(read.success.warnings).toEqual([])
  })

  it.each(formTemplates.map((t) => [t.id, t] as const))("%s validates against the FHIR R4 schema", (_, template) => {
    const { questionnaire } = toQuestionnaire(template)
    expect(questionnaire.resourceType).toBe("Questionnaire")
    expect(fhir.errors("Questionnaire", questionnaire)).toEqual([])
  })
})
