/**
 * The Zaitaku JP profile of HSDS 3.0: the taxonomies whose terms carry what HSDS has no field for — 資源の種別,
 * 在宅医療の機能, 在宅療養支援の届出, 医療機関コード・介護保険事業所番号・医療情報ネット ID, 定員・空き情報, 相談対応 —
 * as `attribute` rows (a `taxonomy_term_id`, and a `value` where the term needs one). Term and taxonomy ids are
 * UUIDv5 of fixed names, so they are the same in every export and every tenant.
 *
 * @since 0.1.0
 */
import {
  type Capability,
  capabilityLabels,
  HomeCareSupport,
  homeCareSupportLabels,
  type LocalizedText,
  ResourceCategory,
  resourceCategoryLabels,
  resourceKinds,
} from "@zaitaku/core"
import { uuidV5 } from "./internal/Uuid.js"

/**
 * The profile's URI, advertised in every export (`HsdsDataset.profile`) and used as the base of term URIs.
 *
 * @since 0.1.0
 * @category profile
 * @example
 * ```ts
 * import { jpProfileUri } from "@zaitaku/hsds"
 *
 * jpProfileUri.endsWith("#jp-profile") // true
 * ```
 */
export const jpProfileUri = "https://github.com/zaitaku/zaitaku/tree/main/packages/hsds#jp-profile"

/**
 * The UUID namespace of Zaitaku's derived HSDS ids: UUIDv5 of `https://github.com/zaitaku/zaitaku/tree/main/packages/hsds`
 * in the RFC 9562 URL namespace.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { hsdsIdNamespace } from "@zaitaku/hsds"
 *
 * hsdsIdNamespace // "9318e832-f9b6-54bc-aca3-1c2706834cb9"
 * ```
 */
export const hsdsIdNamespace = "9318e832-f9b6-54bc-aca3-1c2706834cb9"

/**
 * 派生ID (derived id): the UUIDv5 of `name` in {@link hsdsIdNamespace}. Every HSDS id that has no Zaitaku id of its
 * own (locations, phones, schedules, attributes, terms …) is `hsdsId("<table>/<owner id>/<key>")`.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { hsdsId } from "@zaitaku/hsds"
 *
 * hsdsId("location/0192f5a0-0000-7000-8000-000000000001") === hsdsId("location/0192f5a0-0000-7000-8000-000000000001") // true
 * ```
 */
export const hsdsId = (name: string): string => uuidV5(hsdsIdNamespace, name)

/**
 * The names of the profile's taxonomies.
 *
 * @since 0.1.0
 * @category profile
 * @example
 * ```ts
 * import type { ZaitakuTaxonomyName } from "@zaitaku/hsds"
 *
 * const name: ZaitakuTaxonomyName = "zaitaku-capability"
 * ```
 */
export type ZaitakuTaxonomyName =
  | "zaitaku-resource-kind"
  | "zaitaku-resource-category"
  | "zaitaku-capability"
  | "zaitaku-home-care-support"
  | "zaitaku-identifier"
  | "zaitaku-availability"
  | "zaitaku-detail"

/**
 * One term of a profile taxonomy: its code, derived id, Japanese and English labels, and its parent's code in a
 * hierarchy (`clinic_with_beds` under `clinic`).
 *
 * @since 0.1.0
 * @category profile
 * @example
 * ```ts
 * import { hsdsTaxonomyTerm } from "@zaitaku/hsds"
 *
 * hsdsTaxonomyTerm("zaitaku-capability", "end_of_life_care").label.ja // "看取り"
 * ```
 */
export interface ProfileTerm {
  readonly id: string
  readonly code: string
  readonly label: LocalizedText
  readonly parent?: string
  /** `true` when the attribute linking this term carries a `value` (an identifier, a number, a text). */
  readonly valued: boolean
}

/**
 * One profile taxonomy: name, derived id, the `link_type` of the attributes that use it, labels and terms.
 *
 * @since 0.1.0
 * @category profile
 * @example
 * ```ts
 * import { hsdsTaxonomies } from "@zaitaku/hsds"
 *
 * hsdsTaxonomies.map((taxonomy) => taxonomy.name) // ["zaitaku-resource-kind", …]
 * ```
 */
export interface ProfileTaxonomy {
  readonly id: string
  readonly name: ZaitakuTaxonomyName
  readonly linkType: string
  readonly label: LocalizedText
  readonly terms: ReadonlyArray<ProfileTerm>
}

const term = (
  taxonomy: ZaitakuTaxonomyName,
  code: string,
  label: LocalizedText,
  extra: { readonly parent?: string | undefined; readonly valued?: boolean } = {},
): ProfileTerm => ({
  id: hsdsId(`taxonomy_term/${taxonomy}/${code}`),
  code,
  label,
  ...(extra.parent === undefined ? {} : { parent: extra.parent }),
  valued: extra.valued ?? false,
})

const taxonomy = (
  name: ZaitakuTaxonomyName,
  linkType: string,
  label: LocalizedText,
  terms: ReadonlyArray<ProfileTerm>,
): ProfileTaxonomy => ({ id: hsdsId(`taxonomy/${name}`), name, linkType, label, terms })

const valued = (name: ZaitakuTaxonomyName, code: string, ja: string, en: string): ProfileTerm =>
  term(name, code, { ja, en }, { valued: true })

const capabilityCodes = Object.keys(capabilityLabels) as ReadonlyArray<Capability>

/**
 * JP プロファイルの分類 (the JP profile's taxonomies), with every term in Japanese and English:
 *
 * - `zaitaku-resource-kind` (資源の種別; link_type `resource_kind`): every core resource kind, 介護サービス with their
 *   サービス種類コード in the English label; `clinic_with_beds`/`clinic_without_beds` have `clinic` as parent.
 * - `zaitaku-resource-category` (資源の大分類; `resource_category`).
 * - `zaitaku-capability` (在宅医療の機能; `capability`): 訪問診療, 往診, 24時間対応, 看取り, 医療処置, 無菌調剤 ….
 * - `zaitaku-home-care-support` (在宅療養支援の届出; `home_care_support`); the attribute's value is the full name
 *   (在宅療養支援診療所（機能強化型・単独型）).
 * - `zaitaku-identifier` (識別番号; `identifier`, valued): 医療機関コード, 介護保険事業所番号, 医療情報ネット ID,
 *   サービス種類コード, 全国地方公共団体コード.
 * - `zaitaku-availability` (定員・空き情報; `availability`, valued): capacity, vacancy, as_of.
 * - `zaitaku-detail` (補足; `detail`, valued): 相談対応, 休業日, 連絡先の補足, 出典, 廃止日, 合成された法人.
 *
 * @since 0.1.0
 * @category profile
 * @example
 * ```ts
 * import { hsdsTaxonomies } from "@zaitaku/hsds"
 *
 * const capability = hsdsTaxonomies.find((taxonomy) => taxonomy.name === "zaitaku-capability")
 * capability?.terms.find((term) => term.code === "sterile_compounding")?.label.ja // "無菌調剤"
 * ```
 */
export const hsdsTaxonomies: ReadonlyArray<ProfileTaxonomy> = [
  taxonomy(
    "zaitaku-resource-kind",
    "resource_kind",
    { ja: "資源の種別", en: "Kind of resource" },
    resourceKinds.map((kind) =>
      term(
        "zaitaku-resource-kind",
        kind.code,
        {
          ja: kind.label.ja,
          en:
            kind.serviceTypeCode === undefined
              ? kind.label.en
              : `${kind.label.en} (service type code ${kind.serviceTypeCode})`,
        },
        { parent: kind.parent },
      ),
    ),
  ),
  taxonomy(
    "zaitaku-resource-category",
    "resource_category",
    { ja: "資源の大分類", en: "Category of resource" },
    ResourceCategory.options.map((code) => term("zaitaku-resource-category", code, resourceCategoryLabels[code])),
  ),
  taxonomy(
    "zaitaku-capability",
    "capability",
    { ja: "在宅医療・介護の対応可能な機能", en: "Home medical and care capabilities" },
    capabilityCodes.map((code) => term("zaitaku-capability", code, capabilityLabels[code])),
  ),
  taxonomy(
    "zaitaku-home-care-support",
    "home_care_support",
    { ja: "在宅療養支援診療所・病院・歯科診療所の届出", en: "Home-care support designation" },
    HomeCareSupport.options.map((code) => term("zaitaku-home-care-support", code, homeCareSupportLabels[code])),
  ),
  taxonomy("zaitaku-identifier", "identifier", { ja: "識別番号", en: "Japanese identifiers" }, [
    valued("zaitaku-identifier", "medical_institution_code", "医療機関コード", "Medical institution code (10 digits)"),
    valued(
      "zaitaku-identifier",
      "care_office_number",
      "介護保険事業所番号",
      "Long-term care insurance office number (10 digits)",
    ),
    valued("zaitaku-identifier", "iryo_net_id", "医療情報ネットID", "Iryo-net (Navii) facility ID (13 digits)"),
    valued("zaitaku-identifier", "service_type_code", "サービス種類コード", "Long-term care service type code"),
    valued("zaitaku-identifier", "municipality_code", "全国地方公共団体コード", "Local government code (6 digits)"),
  ]),
  taxonomy("zaitaku-availability", "availability", { ja: "定員・空き情報", en: "Capacity and vacancy" }, [
    valued("zaitaku-availability", "capacity", "定員", "Capacity"),
    valued("zaitaku-availability", "vacancy", "空き", "Vacancy"),
    valued("zaitaku-availability", "as_of", "空き情報の時点", "Capacity and vacancy as of"),
  ]),
  taxonomy("zaitaku-detail", "detail", { ja: "補足情報", en: "Further details" }, [
    valued("zaitaku-detail", "consultation", "相談対応（医師の相談対応可能日時）", "Consultation availability"),
    valued("zaitaku-detail", "consultation_hours", "相談対応の曜日・時間", "Consultation hours"),
    valued("zaitaku-detail", "consultation_channels", "相談の連絡手段", "Consultation channels"),
    valued("zaitaku-detail", "consultation_how_to_reach", "相談の連絡方法", "How to reach for consultation"),
    valued("zaitaku-detail", "holiday_closures", "休業日", "Closures"),
    valued("zaitaku-detail", "contact_notes", "連絡先の補足", "Contact notes"),
    valued("zaitaku-detail", "notes", "備考", "Notes"),
    valued("zaitaku-detail", "source", "情報源", "Source"),
    valued("zaitaku-detail", "source_record_id", "情報源のレコードID", "Record id in the source"),
    valued("zaitaku-detail", "closed_on", "廃止日", "Closed on"),
    valued("zaitaku-detail", "synthetic_organization", "法人情報なし（資源ごとの組織）", "Synthetic organization"),
  ]),
]

const byName = new Map(hsdsTaxonomies.map((entry) => [entry.name, entry]))

/**
 * 分類 (taxonomy) of the profile by name.
 *
 * @since 0.1.0
 * @category profile
 * @example
 * ```ts
 * import { hsdsTaxonomy } from "@zaitaku/hsds"
 *
 * hsdsTaxonomy("zaitaku-home-care-support").terms.length // 4
 * ```
 */
export const hsdsTaxonomy = (name: ZaitakuTaxonomyName): ProfileTaxonomy => byName.get(name)!

/**
 * 分類の用語 (taxonomy term) of the profile by taxonomy and code; throws for a code the taxonomy does not have.
 *
 * @since 0.1.0
 * @category profile
 * @example
 * ```ts
 * import { hsdsTaxonomyTerm } from "@zaitaku/hsds"
 *
 * hsdsTaxonomyTerm("zaitaku-identifier", "care_office_number").label.ja // "介護保険事業所番号"
 * ```
 */
export const hsdsTaxonomyTerm = (name: ZaitakuTaxonomyName, code: string): ProfileTerm => {
  const found = hsdsTaxonomy(name).terms.find((candidate) => candidate.code === code)
  if (found === undefined) throw new RangeError(`No term ${code} in taxonomy ${name}`)
  return found
}
