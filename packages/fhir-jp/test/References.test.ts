import { CorporateNumber, ResourceIdentifiers, trainingApplicationTemplate } from "@zaitaku/core"
import { Result } from "effect"
import { beforeAll, describe, expect, it } from "vitest"
import { jpIdentifierSystems, organizationReference, resourceReference, toQuestionnaireResponse } from "../src/index.js"
import { type FhirSchemaValidator, loadFhirSchema } from "./FhirSchema.js"

let fhir: FhirSchemaValidator
beforeAll(() => {
  fhir = loadFhirSchema()
})

describe("references to the directory", () => {
  const hospital = {
    name: "八戸中央病院",
    identifiers: ResourceIdentifiers.parse({ medicalInstitutionCode: "0211234567", careOfficeNumber: "0270100010" }),
  }
  const careOffice = {
    name: "ケアプランセンターはちのへ",
    identifiers: ResourceIdentifiers.parse({ careOfficeNumber: "0270100010" }),
  }

  it("identifies a hospital by its 医療機関コード in JP Core's system, a care office by its 介護保険事業所番号", () => {
    expect(resourceReference(hospital, { reference: "Organization/h1" })).toEqual({
      reference: "Organization/h1",
      type: "Organization",
      identifier: {
        system: "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no",
        value: "0211234567",
      },
      display: "八戸中央病院",
    })
    expect(resourceReference(careOffice).identifier).toEqual({
      system: jpIdentifierSystems.careOfficeNumber,
      value: "0270100010",
    })
    expect(resourceReference({ name: "通いの場", identifiers: {} })).toEqual({
      type: "Organization",
      display: "通いの場",
    })
  })

  it("identifies a 法人 by its 法人番号, and the references validate in a QuestionnaireResponse", () => {
    const corporation = {
      name: { ja: "社会福祉法人 はちのへ" },
      corporateNumber: CorporateNumber.parse("7000012050002"),
    }
    expect(organizationReference(corporation).identifier).toEqual({
      system: jpIdentifierSystems.corporateNumber,
      value: "7000012050002",
    })
    const exported = toQuestionnaireResponse(
      trainingApplicationTemplate,
      {
        template: { id: trainingApplicationTemplate.id, version: trainingApplicationTemplate.version },
        status: "completed",
        answers: { office_name: "x" },
      },
      { author: organizationReference(corporation), source: resourceReference(careOffice) },
    )
    if (Result.isFailure(exported)) throw new Error(exported.failure.message)
    expect(fhir.errors("QuestionnaireResponse", exported.success.questionnaireResponse)).toEqual([])
  })
})
