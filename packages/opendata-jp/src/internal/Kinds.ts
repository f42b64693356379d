/**
 * Which directory kinds each デジタル庁 standard dataset lists. Not exported.
 */
import { type ResourceCategory, type ResourceKind, resourceKindDefinition } from "@zaitaku/core"

/** The categories of the 介護サービス事業所一覧: care services, care management, facilities, 訪問看護, 地域包括. */
const careCategories: ReadonlySet<ResourceCategory> = new Set([
  "care_management",
  "care_service",
  "residential",
  "home_nursing",
  "community_support",
])

/** Whether the kind belongs in a 介護サービス事業所一覧. */
export const isCareKind = (kind: ResourceKind): boolean => careCategories.has(resourceKindDefinition(kind).category)

/**
 * The kinds of a 医療機関一覧, whose 医療機関の種類 is 病院, 有床診療所 or 無床診療所 (REFERENCE.md §4.3): hospitals and
 * clinics. Dental clinics and pharmacies are not among those three values, so they are not listed.
 */
export const medicalListKinds: ReadonlyArray<ResourceKind> = [
  "hospital",
  "clinic",
  "clinic_with_beds",
  "clinic_without_beds",
]
