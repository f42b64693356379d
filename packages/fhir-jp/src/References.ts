/**
 * References to the organisations of the directory (地域の医療・介護資源, 法人), for the `author` and `source` of a
 * `QuestionnaireResponse`: identified as JP Core identifies them where JP Core has a system (医療機関コード), and by
 * Zaitaku naming systems where it has none (介護保険事業所番号, 法人番号).
 *
 * @since 0.1.0
 */
import type { Organization, Resource } from "@zaitaku/core"
import { zaitakuFhirBase } from "./Extensions.js"
import type { FhirIdentifier, FhirReference } from "./Fhir.js"

/**
 * Identifier systems of Japanese facility numbers:
 * - `medicalInstitutionCode` — 医療機関コード (10 digits), JP Core's `http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no`
 *   (the `medicalInstitutionCode` slice of `JP_Organization`);
 * - `careOfficeNumber` — 介護保険事業所番号 (10 digits), which JP Core does not model: `https://zaitaku.github.io/fhir/NamingSystem/care-office-number`;
 * - `corporateNumber` — 法人番号 (13 digits, 国税庁): `https://zaitaku.github.io/fhir/NamingSystem/corporate-number`.
 *
 * @since 0.1.0
 * @category references
 * @example
 * ```ts
 * import { jpIdentifierSystems } from "@zaitaku/fhir-jp"
 *
 * const hospital = { system: jpIdentifierSystems.medicalInstitutionCode, value: "0211234567" }
 * ```
 */
export const jpIdentifierSystems = {
  medicalInstitutionCode: "http://jpfhir.jp/fhir/core/IdSystem/insurance-medical-institution-no",
  careOfficeNumber: `${zaitakuFhirBase}/NamingSystem/care-office-number`,
  corporateNumber: `${zaitakuFhirBase}/NamingSystem/corporate-number`,
} as const

/**
 * 資源への参照 (reference to a directory resource — a hospital, clinic, care office …) as an `Organization`: its
 * 医療機関コード (JP Core system) or else its 介護保険事業所番号 as the logical identifier, its name as `display`, and a
 * literal `reference` when the caller gives one (where the organisation lives on its FHIR server). A resource with
 * neither number is referred to by name (and `reference`) only.
 *
 * @since 0.1.0
 * @category references
 * @example
 * ```ts
 * import type { Resource } from "@zaitaku/core"
 * import { resourceReference } from "@zaitaku/fhir-jp"
 *
 * declare const careOffice: Resource
 * const source = resourceReference(careOffice) // { type: "Organization", identifier: { system, value }, display }
 * ```
 */
export const resourceReference = (
  resource: Pick<Resource, "name" | "identifiers">,
  options: { readonly reference?: string } = {},
): FhirReference => {
  const { medicalInstitutionCode, careOfficeNumber } = resource.identifiers
  const identifier: FhirIdentifier | undefined =
    medicalInstitutionCode !== undefined
      ? { system: jpIdentifierSystems.medicalInstitutionCode, value: medicalInstitutionCode }
      : careOfficeNumber !== undefined
        ? { system: jpIdentifierSystems.careOfficeNumber, value: careOfficeNumber }
        : undefined
  return {
    ...(options.reference === undefined ? {} : { reference: options.reference }),
    type: "Organization",
    ...(identifier === undefined ? {} : { identifier }),
    display: resource.name,
  }
}

/**
 * 法人への参照 (reference to a legal entity, 法人) as an `Organization`: its 法人番号 as the identifier when it has
 * one, its name as `display`, and a literal `reference` when given.
 *
 * @since 0.1.0
 * @category references
 * @example
 * ```ts
 * import type { Organization } from "@zaitaku/core"
 * import { organizationReference } from "@zaitaku/fhir-jp"
 *
 * declare const corporation: Organization
 * organizationReference(corporation).display // its name
 * ```
 */
export const organizationReference = (
  organization: Pick<Organization, "name" | "corporateNumber">,
  options: { readonly reference?: string } = {},
): FhirReference => ({
  ...(options.reference === undefined ? {} : { reference: options.reference }),
  type: "Organization",
  ...(organization.corporateNumber === undefined
    ? {}
    : { identifier: { system: jpIdentifierSystems.corporateNumber, value: organization.corporateNumber } }),
  display: organization.name.ja,
})
