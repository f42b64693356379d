/**
 * 資源の種別 (resource kinds): the taxonomy of the regional resource directory (地域の医療・介護資源), as data.
 *
 * Design decisions:
 * - 在宅療養支援診療所・病院 and 在宅療養支援歯科診療所 are **designations** (届出) of a hospital, clinic or dental
 *   clinic, not kinds: a 在宅療養支援診療所 is still a 無床診療所. They are the {@link HomeCareSupport} field of a
 *   resource, so that filtering "all clinics" keeps them and the designation can change without changing the kind.
 * - Pharmacy and 訪問看護 features (在宅対応, 24時間, 無菌調剤, 麻薬, 機能強化型) are {@link Capability} values.
 * - A 介護サービス kind carries its サービス種類コード (the number in the 介護サービス情報公表 file names) so that an
 *   import maps a file to a kind with {@link kindForServiceTypeCode}. The label of code 155 is not confirmed.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import type { LocalizedText } from "./Label.js"

const resourceKindCodes = [
  "hospital",
  "clinic",
  "clinic_with_beds",
  "clinic_without_beds",
  "dental_clinic",
  "pharmacy",
  "home_nursing_station",
  "care_management_office",
  "community_comprehensive_support_center",
  "home_help",
  "home_bathing",
  "home_rehabilitation",
  "day_service",
  "day_service_155",
  "day_rehabilitation",
  "short_stay",
  "night_home_help",
  "periodic_visit_care",
  "community_day_service",
  "special_nursing_home",
  "geriatric_health_facility",
  "integrated_care_facility",
  "dementia_group_home",
  "fee_based_elderly_home",
  "serviced_elderly_housing",
  "community_gathering_place",
  "daily_living_support",
  "meal_delivery",
  "watch_over",
  "transport_support",
  "other_community_resource",
] as const

/**
 * 資源の種別 (resource kind): a code of {@link resourceKinds}.
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import { ResourceKind } from "@zaitaku/core"
 *
 * ResourceKind.parse("home_nursing_station") // 訪問看護ステーション
 * ```
 */
export const ResourceKind = z.enum(resourceKindCodes)

/**
 * 資源の種別 (resource kind).
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import type { ResourceKind } from "@zaitaku/core"
 *
 * const kind: ResourceKind = "pharmacy"
 * ```
 */
export type ResourceKind = z.infer<typeof ResourceKind>

/**
 * 資源の大分類 (resource category): the group a kind belongs to, for filters and map legends.
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import { ResourceCategory } from "@zaitaku/core"
 *
 * ResourceCategory.parse("care_service") // 介護サービス
 * ```
 */
export const ResourceCategory = z.enum([
  "medical",
  "dental",
  "pharmacy",
  "home_nursing",
  "care_management",
  "community_support",
  "care_service",
  "residential",
  "community",
])

/**
 * 資源の大分類 (resource category).
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import type { ResourceCategory } from "@zaitaku/core"
 *
 * const category: ResourceCategory = "residential"
 * ```
 */
export type ResourceCategory = z.infer<typeof ResourceCategory>

/**
 * Japanese and English labels of each {@link ResourceCategory}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { resourceCategoryLabels } from "@zaitaku/core"
 *
 * resourceCategoryLabels.residential.ja // "施設・住まい"
 * ```
 */
export const resourceCategoryLabels: Readonly<Record<ResourceCategory, LocalizedText>> = {
  medical: { ja: "医療機関", en: "Medical institutions" },
  dental: { ja: "歯科", en: "Dental" },
  pharmacy: { ja: "薬局", en: "Pharmacies" },
  home_nursing: { ja: "訪問看護", en: "Home-visit nursing" },
  care_management: { ja: "ケアマネジメント", en: "Care management" },
  community_support: { ja: "相談窓口", en: "Community support centres" },
  care_service: { ja: "介護サービス", en: "Long-term care services" },
  residential: { ja: "施設・住まい", en: "Facilities and housing" },
  community: { ja: "地域の支え合い・生活支援", en: "Community and daily-living support" },
}

/**
 * サービス種類コード (service type code) of the 介護サービス情報公表 open data: three digits, as in the file
 * names `jigyosho_<code>.csv`.
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import { ServiceTypeCode } from "@zaitaku/core"
 *
 * ServiceTypeCode.safeParse("430").success // true
 * ServiceTypeCode.safeParse("43").success // false
 * ```
 */
export const ServiceTypeCode = z.string().regex(/^[0-9]{3}$/, "A service type code is exactly 3 digits")

/**
 * サービス種類コード (service type code).
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import type { ServiceTypeCode } from "@zaitaku/core"
 *
 * const homeHelp: ServiceTypeCode = "110"
 * ```
 */
export type ServiceTypeCode = z.infer<typeof ServiceTypeCode>

/**
 * One entry of the kind taxonomy: its code, the broader kind it refines (`parent`), its category, labels and, for a
 * 介護サービス, its サービス種類コード.
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import type { ResourceKindDefinition } from "@zaitaku/core"
 *
 * const clinic: ResourceKindDefinition = {
 *   code: "clinic_with_beds",
 *   parent: "clinic",
 *   category: "medical",
 *   label: { ja: "有床診療所", en: "Clinic with beds" },
 * }
 * ```
 */
export interface ResourceKindDefinition {
  readonly code: ResourceKind
  readonly parent?: ResourceKind
  readonly category: ResourceCategory
  readonly label: LocalizedText
  readonly serviceTypeCode?: ServiceTypeCode
}

const kind = (
  code: ResourceKind,
  category: ResourceCategory,
  ja: string,
  en: string,
  extra: { readonly parent?: ResourceKind; readonly serviceTypeCode?: ServiceTypeCode } = {},
): ResourceKindDefinition => ({ code, category, label: { ja, en }, ...extra })

/**
 * 資源の種別一覧 (the kind taxonomy), one entry per {@link ResourceKind}, in display order.
 * `clinic` (診療所) is used when the data does not say whether the clinic has beds.
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import { resourceKinds } from "@zaitaku/core"
 *
 * resourceKinds.filter((k) => k.category === "residential").map((k) => k.label.ja)
 * // ["介護老人福祉施設（特別養護老人ホーム）", "介護老人保健施設", …]
 * ```
 */
export const resourceKinds: ReadonlyArray<ResourceKindDefinition> = [
  kind("hospital", "medical", "病院", "Hospital"),
  kind("clinic", "medical", "診療所", "Clinic"),
  kind("clinic_with_beds", "medical", "有床診療所", "Clinic with beds", { parent: "clinic" }),
  kind("clinic_without_beds", "medical", "無床診療所", "Clinic without beds", { parent: "clinic" }),
  kind("dental_clinic", "dental", "歯科診療所", "Dental clinic"),
  kind("pharmacy", "pharmacy", "薬局", "Pharmacy"),
  kind("home_nursing_station", "home_nursing", "訪問看護ステーション", "Home-visit nursing station", {
    serviceTypeCode: "130",
  }),
  kind("care_management_office", "care_management", "居宅介護支援事業所", "Care management office", {
    serviceTypeCode: "430",
  }),
  kind(
    "community_comprehensive_support_center",
    "community_support",
    "地域包括支援センター",
    "Community comprehensive support center",
  ),
  kind("home_help", "care_service", "訪問介護", "Home-visit care", { serviceTypeCode: "110" }),
  kind("home_bathing", "care_service", "訪問入浴介護", "Home-visit bathing", { serviceTypeCode: "120" }),
  kind("home_rehabilitation", "care_service", "訪問リハビリテーション", "Home-visit rehabilitation", {
    serviceTypeCode: "140",
  }),
  kind("day_service", "care_service", "通所介護", "Day care service", { serviceTypeCode: "150" }),
  // The label of サービス種類コード 155 is not confirmed in our sources (REFERENCE.md §4.1: "150/155 通所介護系").
  kind(
    "day_service_155",
    "care_service",
    "通所介護系（サービス種類コード155・名称未確認）",
    "Day care service, type 155 (name not confirmed)",
    { serviceTypeCode: "155" },
  ),
  kind("day_rehabilitation", "care_service", "通所リハビリテーション", "Day rehabilitation", {
    serviceTypeCode: "160",
  }),
  kind("short_stay", "care_service", "短期入所生活介護", "Short-stay daily-life care", { serviceTypeCode: "210" }),
  kind("night_home_help", "care_service", "夜間対応型訪問介護", "Night-time home-visit care", {
    serviceTypeCode: "710",
  }),
  kind(
    "periodic_visit_care",
    "care_service",
    "定期巡回・随時対応型訪問介護看護",
    "Regular and on-demand home-visit care and nursing",
    { serviceTypeCode: "760" },
  ),
  kind("community_day_service", "care_service", "地域密着型通所介護", "Community-based day care service", {
    serviceTypeCode: "780",
  }),
  kind(
    "special_nursing_home",
    "residential",
    "介護老人福祉施設（特別養護老人ホーム）",
    "Welfare facility for the elderly requiring care (special nursing home)",
    { serviceTypeCode: "510" },
  ),
  kind("geriatric_health_facility", "residential", "介護老人保健施設", "Long-term care health facility", {
    serviceTypeCode: "520",
  }),
  kind("integrated_care_facility", "residential", "介護医療院", "Integrated facility for medical and long-term care"),
  kind(
    "dementia_group_home",
    "residential",
    "認知症対応型共同生活介護（グループホーム）",
    "Group home for people with dementia",
    { serviceTypeCode: "320" },
  ),
  kind("fee_based_elderly_home", "residential", "有料老人ホーム", "Fee-based home for the elderly"),
  kind(
    "serviced_elderly_housing",
    "residential",
    "サービス付き高齢者向け住宅",
    "Serviced housing for the elderly (サ高住)",
  ),
  kind("community_gathering_place", "community", "通いの場", "Community gathering place"),
  kind("daily_living_support", "community", "生活支援", "Daily-living support"),
  kind("meal_delivery", "community", "配食サービス", "Meal delivery"),
  kind("watch_over", "community", "見守り", "Watch-over service"),
  kind("transport_support", "community", "移動支援", "Transport support"),
  kind("other_community_resource", "community", "その他の地域資源", "Other community resource"),
]

const byCode = new Map(resourceKinds.map((definition) => [definition.code, definition]))

/**
 * Japanese and English labels of each {@link ResourceKind}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { resourceKindLabels } from "@zaitaku/core"
 *
 * resourceKindLabels.care_management_office.ja // "居宅介護支援事業所"
 * ```
 */
export const resourceKindLabels: Readonly<Record<ResourceKind, LocalizedText>> = Object.fromEntries(
  resourceKinds.map((definition) => [definition.code, definition.label]),
) as Record<ResourceKind, LocalizedText>

/**
 * 種別の定義 (definition of a kind): its entry in {@link resourceKinds}.
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import { resourceKindDefinition } from "@zaitaku/core"
 *
 * resourceKindDefinition("clinic_without_beds").parent // "clinic"
 * ```
 */
export const resourceKindDefinition = (code: ResourceKind): ResourceKindDefinition => byCode.get(code)!

/**
 * サービス種類コード→種別 (service type code to kind): the kind of the 介護サービス情報公表 file with this code, or
 * `undefined` for a code the taxonomy does not cover.
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import { kindForServiceTypeCode } from "@zaitaku/core"
 *
 * kindForServiceTypeCode("430") // "care_management_office"
 * kindForServiceTypeCode("999") // undefined
 * ```
 */
export const kindForServiceTypeCode = (code: string): ResourceKind | undefined =>
  resourceKinds.find((definition) => definition.serviceTypeCode === code)?.code

/**
 * 種別の包含 (kind inclusion): true when `kind` is `ancestor` or refines it (`clinic_with_beds` is a `clinic`).
 * Use it for filters, so that a search for 診療所 finds 有床・無床診療所 too.
 *
 * @since 0.1.0
 * @category resource kinds
 * @example
 * ```ts
 * import { isKindOf } from "@zaitaku/core"
 *
 * isKindOf("clinic_without_beds", "clinic") // true
 * isKindOf("hospital", "clinic") // false
 * ```
 */
export const isKindOf = (kind: ResourceKind, ancestor: ResourceKind): boolean => {
  let current: ResourceKind | undefined = kind
  while (current !== undefined) {
    if (current === ancestor) return true
    current = byCode.get(current)?.parent
  }
  return false
}

// ---------------------------------------------------------------------------------------------------------------
// 在宅療養支援 designations and capabilities
// ---------------------------------------------------------------------------------------------------------------

/**
 * 在宅療養支援診療所・病院／歯科診療所の届出 (home-care support designation). For a hospital or clinic:
 * 機能強化型（単独型） `enhanced_standalone`, 機能強化型（連携型） `enhanced_collaborative`, 従来型 `conventional`;
 * for a dental clinic: 在宅療養支援歯科診療所 `dental` (its 1/2 grades are not distinguished).
 *
 * @since 0.1.0
 * @category home care support
 * @example
 * ```ts
 * import { HomeCareSupport } from "@zaitaku/core"
 *
 * HomeCareSupport.parse("enhanced_collaborative")
 * ```
 */
export const HomeCareSupport = z.enum(["enhanced_standalone", "enhanced_collaborative", "conventional", "dental"])

/**
 * 在宅療養支援の届出 (home-care support designation).
 *
 * @since 0.1.0
 * @category home care support
 * @example
 * ```ts
 * import type { HomeCareSupport } from "@zaitaku/core"
 *
 * const designation: HomeCareSupport = "conventional"
 * ```
 */
export type HomeCareSupport = z.infer<typeof HomeCareSupport>

/**
 * Japanese and English labels of each {@link HomeCareSupport} designation (the type only; see
 * {@link homeCareSupportLabel} for the full name with the facility type).
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { homeCareSupportLabels } from "@zaitaku/core"
 *
 * homeCareSupportLabels.enhanced_standalone.ja // "機能強化型（単独型）"
 * ```
 */
export const homeCareSupportLabels: Readonly<Record<HomeCareSupport, LocalizedText>> = {
  enhanced_standalone: { ja: "機能強化型（単独型）", en: "Enhanced (standalone)" },
  enhanced_collaborative: { ja: "機能強化型（連携型）", en: "Enhanced (collaborative)" },
  conventional: { ja: "従来型", en: "Conventional" },
  dental: { ja: "在宅療養支援歯科診療所", en: "Home-care support dental clinic" },
}

/**
 * 届出が種別に合うか (designation fits the kind): the medical designations belong to hospitals and clinics, `dental`
 * to dental clinics.
 *
 * @since 0.1.0
 * @category home care support
 * @example
 * ```ts
 * import { homeCareSupportFits } from "@zaitaku/core"
 *
 * homeCareSupportFits("clinic_without_beds", "conventional") // true
 * homeCareSupportFits("pharmacy", "conventional") // false
 * ```
 */
export const homeCareSupportFits = (kind: ResourceKind, designation: HomeCareSupport): boolean =>
  designation === "dental" ? kind === "dental_clinic" : kind === "hospital" || isKindOf(kind, "clinic")

/**
 * 在宅療養支援の正式な呼び方 (full designation name): 在宅療養支援病院 or 在宅療養支援診療所 with its type, or
 * 在宅療養支援歯科診療所; `undefined` when the designation does not fit the kind.
 *
 * @since 0.1.0
 * @category home care support
 * @example
 * ```ts
 * import { homeCareSupportLabel } from "@zaitaku/core"
 *
 * homeCareSupportLabel("hospital", "enhanced_standalone")?.ja // "在宅療養支援病院（機能強化型・単独型）"
 * homeCareSupportLabel("clinic_without_beds", "conventional")?.ja // "在宅療養支援診療所（従来型）"
 * ```
 */
export const homeCareSupportLabel = (kind: ResourceKind, designation: HomeCareSupport): LocalizedText | undefined => {
  if (!homeCareSupportFits(kind, designation)) return undefined
  if (designation === "dental") return homeCareSupportLabels.dental
  const [ja, en] =
    kind === "hospital"
      ? ["在宅療養支援病院", "Home-care support hospital"]
      : ["在宅療養支援診療所", "Home-care support clinic"]
  const type = {
    enhanced_standalone: ["機能強化型・単独型", "enhanced, standalone"],
    enhanced_collaborative: ["機能強化型・連携型", "enhanced, collaborative"],
    conventional: ["従来型", "conventional"],
  }[designation]
  return { ja: `${ja}（${type[0]}）`, en: `${en} (${type[1]})` }
}

/**
 * 対応可能な機能 (capability) of a resource: 在宅医療 services (訪問診療, 往診, 24時間対応, 看取り), 医療処置
 * (点滴, 褥瘡, 胃ろう・経管栄養, 在宅酸素, 人工呼吸器, 緩和ケア・医療用麻薬, 喀痰吸引), populations (認知症, 小児,
 * 精神), pharmacy features (在宅対応, 無菌調剤, 麻薬) and 機能強化型訪問看護. `around_the_clock` (24時間対応) serves
 * clinics, pharmacies and 訪問看護 alike.
 *
 * @since 0.1.0
 * @category capabilities
 * @example
 * ```ts
 * import { Capability } from "@zaitaku/core"
 *
 * Capability.parse("end_of_life_care") // 看取り
 * ```
 */
export const Capability = z.enum([
  "home_visit_medical_care",
  "house_call",
  "around_the_clock",
  "end_of_life_care",
  "intravenous_drip",
  "pressure_ulcer_care",
  "tube_feeding",
  "home_oxygen",
  "ventilator",
  "palliative_care_opioids",
  "sputum_suction",
  "dementia",
  "pediatric",
  "psychiatric",
  "pharmacy_home_visits",
  "sterile_compounding",
  "narcotics",
  "enhanced_home_nursing",
])

/**
 * 対応可能な機能 (capability).
 *
 * @since 0.1.0
 * @category capabilities
 * @example
 * ```ts
 * import type { Capability } from "@zaitaku/core"
 *
 * const caps: ReadonlyArray<Capability> = ["home_visit_medical_care", "house_call"]
 * ```
 */
export type Capability = z.infer<typeof Capability>

/**
 * Japanese and English labels of each {@link Capability}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { capabilityLabels } from "@zaitaku/core"
 *
 * capabilityLabels.tube_feeding.ja // "胃ろう・経管栄養"
 * ```
 */
export const capabilityLabels: Readonly<Record<Capability, LocalizedText>> = {
  home_visit_medical_care: { ja: "訪問診療", en: "Scheduled home visits by a doctor" },
  house_call: { ja: "往診", en: "On-demand house calls" },
  around_the_clock: { ja: "24時間対応", en: "24-hour availability" },
  end_of_life_care: { ja: "看取り", en: "End-of-life care at home" },
  intravenous_drip: { ja: "点滴", en: "Intravenous drip" },
  pressure_ulcer_care: { ja: "褥瘡", en: "Pressure ulcer care" },
  tube_feeding: { ja: "胃ろう・経管栄養", en: "Gastrostomy and tube feeding" },
  home_oxygen: { ja: "在宅酸素", en: "Home oxygen therapy" },
  ventilator: { ja: "人工呼吸器", en: "Ventilator" },
  palliative_care_opioids: { ja: "緩和ケア・医療用麻薬", en: "Palliative care and medical opioids" },
  sputum_suction: { ja: "喀痰吸引", en: "Sputum suction" },
  dementia: { ja: "認知症対応", en: "Dementia care" },
  pediatric: { ja: "小児", en: "Children" },
  psychiatric: { ja: "精神", en: "Psychiatric care" },
  pharmacy_home_visits: { ja: "在宅対応（訪問薬剤管理）", en: "Home visits by a pharmacist" },
  sterile_compounding: { ja: "無菌調剤", en: "Sterile compounding" },
  narcotics: { ja: "麻薬の調剤", en: "Narcotics dispensing" },
  enhanced_home_nursing: { ja: "機能強化型訪問看護ステーション", en: "Enhanced home-visit nursing station" },
}
