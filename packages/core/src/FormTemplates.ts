/**
 * 標準様式 (the standard sheets) shipped as form definitions: 入院時情報提供書, 退院・退所情報記録書, 医師と
 * ケアマネジャーの連絡票, 多職種連携シート（情報共有シート）, 救急医療情報キット and 研修申込書.
 *
 * Each template names its sources; every item either points at the source its wording comes from or carries an
 * `unconfirmed` note saying what could not be checked against a primary source. A municipality or 医師会 adapts a
 * template with a regional variant (`FormVariant`) rather than a copy.
 *
 * @since 0.1.0
 */
import type { FormDefinition } from "./FormDefinition.js"
import { admissionInformationTemplate } from "./FormTemplates/AdmissionInformation.js"
import { careInformationSharingTemplate } from "./FormTemplates/CareInformationSharing.js"
import { dischargeInformationTemplate } from "./FormTemplates/DischargeInformation.js"
import { doctorCareManagerContactTemplate } from "./FormTemplates/DoctorCareManagerContact.js"
import { emergencyMedicalInformationKitTemplate } from "./FormTemplates/EmergencyMedicalInformationKit.js"
import { trainingApplicationTemplate } from "./FormTemplates/TrainingApplication.js"

export { admissionInformationTemplate } from "./FormTemplates/AdmissionInformation.js"
export { careInformationSharingTemplate } from "./FormTemplates/CareInformationSharing.js"
export { dischargeInformationTemplate } from "./FormTemplates/DischargeInformation.js"
export { doctorCareManagerContactTemplate } from "./FormTemplates/DoctorCareManagerContact.js"
export { emergencyMedicalInformationKitTemplate } from "./FormTemplates/EmergencyMedicalInformationKit.js"
export { trainingApplicationTemplate } from "./FormTemplates/TrainingApplication.js"

/**
 * 標準様式の一覧 (all standard templates), national and read-only: 入院時情報提供書 (`admission-information`),
 * 退院・退所情報記録書 (`discharge-information`), 医師とケアマネジャーの連絡票 (`doctor-care-manager-contact`),
 * 多職種連携シート (`care-information-sharing`), 救急医療情報キット (`emergency-medical-information-kit`), 研修申込書
 * (`training-application`).
 *
 * @since 0.1.0
 * @category templates
 * @example
 * ```ts
 * import { formTemplates } from "@zaitaku/core"
 *
 * formTemplates.map((t) => t.title.ja)
 * ```
 */
export const formTemplates: ReadonlyArray<FormDefinition> = [
  admissionInformationTemplate,
  dischargeInformationTemplate,
  doctorCareManagerContactTemplate,
  careInformationSharingTemplate,
  emergencyMedicalInformationKitTemplate,
  trainingApplicationTemplate,
]

/**
 * 標準様式を探す (find a standard template) by id, and by exact version when given.
 *
 * @since 0.1.0
 * @category templates
 * @example
 * ```ts
 * import { findFormTemplate } from "@zaitaku/core"
 *
 * findFormTemplate("training-application")?.version // "1.0.0"
 * findFormTemplate("training-application", "9.9.9") // undefined
 * ```
 */
export const findFormTemplate = (id: string, version?: string): FormDefinition | undefined =>
  formTemplates.find((template) => template.id === id && (version === undefined || template.version === version))
