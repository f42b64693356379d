/**
 * Open Referral HSDS 3.0 (Human Services Data Specification) rows, typed for the parts Zaitaku emits. Each interface
 * is one table of the HSDS tabular form (`schema/compiled/tabular.json`): the fields of `schema/<table>.json` without
 * the nested arrays, linked by foreign keys (`organization_id`, `service_id`, `location_id`, …). Every `id` is a UUID.
 * Required fields follow the JSON Schemas; the foreign keys HSDS lists as `tabular_required` are required here too.
 *
 * HSDS is © Open Referral, CC BY-SA 4.0 (https://openreferral.org/).
 *
 * @since 0.1.0
 */

/**
 * A UUID string (`format: uuid` in HSDS).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { HsdsUuid } from "@zaitaku/hsds"
 *
 * const id: HsdsUuid = "0192f5a0-0000-7000-8000-000000000001"
 * ```
 */
export type HsdsUuid = string

/**
 * `organization`: the body that runs services — a 法人 (corporation) in Zaitaku. `description` is required by HSDS.
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsOrganization } from "@zaitaku/hsds"
 *
 * const org: HsdsOrganization = {
 *   id: "0192f5a0-0000-7000-8000-000000000001",
 *   name: "医療法人八戸会",
 *   description: "法人",
 * }
 * ```
 */
export interface HsdsOrganization {
  readonly id: HsdsUuid
  readonly name: string
  readonly alternate_name?: string
  readonly description: string
  readonly website?: string
  readonly tax_id?: string
  readonly legal_status?: string
  readonly parent_organization_id?: HsdsUuid
}

/**
 * `organization_identifier`: a third-party identifier of an organisation (法人番号 as `jp_corporate_number`).
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsOrganizationIdentifier } from "@zaitaku/hsds"
 *
 * const corporateNumber: HsdsOrganizationIdentifier = {
 *   id: "0192f5a0-0000-7000-8000-000000000002",
 *   organization_id: "0192f5a0-0000-7000-8000-000000000001",
 *   identifier_scheme: "JP-JCN",
 *   identifier_type: "jp_corporate_number",
 *   identifier: "7000012050002",
 * }
 * ```
 */
export interface HsdsOrganizationIdentifier {
  readonly id: HsdsUuid
  readonly organization_id: HsdsUuid
  readonly identifier_scheme?: string
  readonly identifier_type: string
  readonly identifier: string
}

/**
 * Values of `service.status`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { HsdsServiceStatus } from "@zaitaku/hsds"
 *
 * const status: HsdsServiceStatus = "temporarily closed"
 * ```
 */
export type HsdsServiceStatus = "active" | "inactive" | "defunct" | "temporarily closed"

/**
 * `service`: what is offered — one Zaitaku resource.
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsService } from "@zaitaku/hsds"
 *
 * const service: HsdsService = {
 *   id: "0192f5a0-0000-7000-8000-000000000003",
 *   organization_id: "0192f5a0-0000-7000-8000-000000000001",
 *   name: "八戸訪問看護ステーション",
 *   status: "active",
 * }
 * ```
 */
export interface HsdsService {
  readonly id: HsdsUuid
  readonly organization_id: HsdsUuid
  readonly name: string
  readonly alternate_name?: string
  readonly description?: string
  readonly url?: string
  readonly email?: string
  readonly status: HsdsServiceStatus
  readonly assured_date?: string
  readonly last_modified?: string
}

/**
 * `location`: where a service is delivered, with WGS84 coordinates.
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsLocation } from "@zaitaku/hsds"
 *
 * const location: HsdsLocation = {
 *   id: "0192f5a0-0000-7000-8000-000000000004",
 *   location_type: "physical",
 *   name: "八戸訪問看護ステーション",
 *   latitude: 40.512,
 *   longitude: 141.488,
 * }
 * ```
 */
export interface HsdsLocation {
  readonly id: HsdsUuid
  readonly location_type: "physical" | "postal" | "virtual"
  readonly url?: string
  readonly organization_id?: HsdsUuid
  readonly name?: string
  readonly alternate_name?: string
  readonly description?: string
  readonly latitude?: number
  readonly longitude?: number
  readonly external_identifier?: string
  readonly external_identifier_type?: string
}

/**
 * `service_at_location`: links a service to a location.
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsServiceAtLocation } from "@zaitaku/hsds"
 *
 * const link: HsdsServiceAtLocation = {
 *   id: "0192f5a0-0000-7000-8000-000000000005",
 *   service_id: "0192f5a0-0000-7000-8000-000000000003",
 *   location_id: "0192f5a0-0000-7000-8000-000000000004",
 * }
 * ```
 */
export interface HsdsServiceAtLocation {
  readonly id: HsdsUuid
  readonly service_id: HsdsUuid
  readonly location_id: HsdsUuid
  readonly description?: string
}

/**
 * `address`: the address of a location. HSDS requires `address_1`, `city`, `state_province`, `postal_code`,
 * `country` and `address_type`.
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsAddress } from "@zaitaku/hsds"
 *
 * const address: HsdsAddress = {
 *   id: "0192f5a0-0000-7000-8000-000000000006",
 *   location_id: "0192f5a0-0000-7000-8000-000000000004",
 *   address_1: "青森県八戸市内丸一丁目1-1",
 *   city: "八戸市",
 *   state_province: "青森県",
 *   postal_code: "031-8686",
 *   country: "JP",
 *   address_type: "physical",
 * }
 * ```
 */
export interface HsdsAddress {
  readonly id: HsdsUuid
  readonly location_id: HsdsUuid
  readonly attention?: string
  readonly address_1: string
  readonly address_2?: string
  readonly city: string
  readonly region?: string
  readonly state_province: string
  readonly postal_code: string
  readonly country: string
  readonly address_type: "physical" | "postal" | "virtual"
}

/**
 * `phone`: a telephone number; `type` follows RFC 6350 (`voice`, `fax`, `text`, `cell`, …).
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsPhone } from "@zaitaku/hsds"
 *
 * const fax: HsdsPhone = { id: "0192f5a0-0000-7000-8000-000000000007", number: "0178-43-2112", type: "fax" }
 * ```
 */
export interface HsdsPhone {
  readonly id: HsdsUuid
  readonly location_id?: HsdsUuid
  readonly service_id?: HsdsUuid
  readonly organization_id?: HsdsUuid
  readonly service_at_location_id?: HsdsUuid
  readonly number: string
  readonly type?: string
  readonly description?: string
}

/**
 * iCalendar (RFC 5545) day codes used by `schedule.byday` and `schedule.wkst`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { HsdsWeekday } from "@zaitaku/hsds"
 *
 * const monday: HsdsWeekday = "MO"
 * ```
 */
export type HsdsWeekday = "MO" | "TU" | "WE" | "TH" | "FR" | "SA" | "SU"

/**
 * `schedule`: when a service is available, as RFC 5545-style recurrence (`freq`, `byday`) with `opens_at` and
 * `closes_at`.
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsSchedule } from "@zaitaku/hsds"
 *
 * const weekdays: HsdsSchedule = {
 *   id: "0192f5a0-0000-7000-8000-000000000008",
 *   service_at_location_id: "0192f5a0-0000-7000-8000-000000000005",
 *   freq: "WEEKLY",
 *   wkst: "MO",
 *   byday: "MO,TU,WE,TH,FR",
 *   opens_at: "09:00+09:00",
 *   closes_at: "17:30+09:00",
 *   timezone: 9,
 * }
 * ```
 */
export interface HsdsSchedule {
  readonly id: HsdsUuid
  readonly service_id?: HsdsUuid
  readonly location_id?: HsdsUuid
  readonly service_at_location_id?: HsdsUuid
  readonly valid_from?: string
  readonly valid_to?: string
  readonly timezone?: number
  readonly wkst?: HsdsWeekday
  readonly freq?: "WEEKLY" | "MONTHLY"
  readonly interval?: number
  readonly byday?: string
  readonly description?: string
  readonly opens_at?: string
  readonly closes_at?: string
  readonly notes?: string
}

/**
 * `service_area`: an area a service covers (one 市区町村 each in Zaitaku).
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsServiceArea } from "@zaitaku/hsds"
 *
 * const area: HsdsServiceArea = {
 *   id: "0192f5a0-0000-7000-8000-000000000009",
 *   service_id: "0192f5a0-0000-7000-8000-000000000003",
 *   name: "八戸市",
 *   description: "全国地方公共団体コード 022039",
 * }
 * ```
 */
export interface HsdsServiceArea {
  readonly id: HsdsUuid
  readonly service_id: HsdsUuid
  readonly name?: string
  readonly description?: string
  readonly extent?: string
  readonly extent_type?: string
  readonly uri?: string
}

/**
 * `taxonomy`: a classification scheme.
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsTaxonomy } from "@zaitaku/hsds"
 *
 * const taxonomy: HsdsTaxonomy = {
 *   id: "0192f5a0-0000-7000-8000-00000000000a",
 *   name: "zaitaku-capability",
 *   description: "在宅医療の対応可能な機能",
 * }
 * ```
 */
export interface HsdsTaxonomy {
  readonly id: HsdsUuid
  readonly name: string
  readonly description: string
  readonly uri?: string
  readonly version?: string
}

/**
 * `taxonomy_term`: one term of a taxonomy; `parent_id` for hierarchies.
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsTaxonomyTerm } from "@zaitaku/hsds"
 *
 * const term: HsdsTaxonomyTerm = {
 *   id: "0192f5a0-0000-7000-8000-00000000000b",
 *   code: "end_of_life_care",
 *   name: "看取り",
 *   description: "看取り (End-of-life care at home)",
 *   taxonomy: "zaitaku-capability",
 *   taxonomy_id: "0192f5a0-0000-7000-8000-00000000000a",
 *   language: "ja",
 * }
 * ```
 */
export interface HsdsTaxonomyTerm {
  readonly id: HsdsUuid
  readonly code?: string
  readonly name: string
  readonly description: string
  readonly parent_id?: HsdsUuid
  readonly taxonomy?: string
  readonly language?: string
  readonly taxonomy_id?: HsdsUuid
  readonly term_uri?: string
}

/**
 * `attribute`: links a taxonomy term (and optionally a `value`) to any row: `link_entity` names the table,
 * `link_id` the row.
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsAttribute } from "@zaitaku/hsds"
 *
 * const attribute: HsdsAttribute = {
 *   id: "0192f5a0-0000-7000-8000-00000000000c",
 *   link_id: "0192f5a0-0000-7000-8000-000000000003",
 *   link_entity: "service",
 *   link_type: "capability",
 *   taxonomy_term_id: "0192f5a0-0000-7000-8000-00000000000b",
 * }
 * ```
 */
export interface HsdsAttribute {
  readonly id: HsdsUuid
  readonly link_id: HsdsUuid
  readonly taxonomy_term_id: HsdsUuid
  readonly link_type?: string
  readonly link_entity: string
  readonly value?: string
}

/**
 * `metadata`: a provenance record of one action on one row (created, imported, assured, a field updated).
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsMetadata } from "@zaitaku/hsds"
 *
 * const created: HsdsMetadata = {
 *   id: "0192f5a0-0000-7000-8000-00000000000d",
 *   resource_id: "0192f5a0-0000-7000-8000-000000000003",
 *   resource_type: "service",
 *   last_action_date: "2025-06-01",
 *   last_action_type: "create",
 *   field_name: "",
 *   previous_value: "",
 *   replacement_value: "",
 *   updated_by: "手入力",
 * }
 * ```
 */
export interface HsdsMetadata {
  readonly id: HsdsUuid
  readonly resource_id: HsdsUuid
  readonly resource_type: string
  readonly last_action_date: string
  readonly last_action_type: string
  readonly field_name: string
  readonly previous_value: string
  readonly replacement_value: string
  readonly updated_by: string
}

/**
 * `meta_table_description`: describes the dataset's tables (language and character set).
 *
 * @since 0.1.0
 * @category tables
 * @example
 * ```ts
 * import type { HsdsMetaTableDescription } from "@zaitaku/hsds"
 *
 * const meta: HsdsMetaTableDescription = {
 *   id: "0192f5a0-0000-7000-8000-00000000000e",
 *   name: "八戸市 在宅医療・介護資源",
 *   language: "ja",
 *   character_set: "UTF-8",
 * }
 * ```
 */
export interface HsdsMetaTableDescription {
  readonly id: HsdsUuid
  readonly name?: string
  readonly language?: string
  readonly character_set?: string
}

/**
 * The HSDS tabular document: one array per table, keyed by the table names of `schema/compiled/tabular.json`.
 * Tables HSDS defines but Zaitaku does not fill (program, contact, funding, language, accessibility, cost_option,
 * required_document) are omitted.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { HsdsTables } from "@zaitaku/hsds"
 *
 * const countServices = (tables: HsdsTables): number => tables.service.length
 * ```
 */
export interface HsdsTables {
  readonly organization: ReadonlyArray<HsdsOrganization>
  readonly organization_identifier: ReadonlyArray<HsdsOrganizationIdentifier>
  readonly service: ReadonlyArray<HsdsService>
  readonly location: ReadonlyArray<HsdsLocation>
  readonly service_at_location: ReadonlyArray<HsdsServiceAtLocation>
  readonly address: ReadonlyArray<HsdsAddress>
  readonly phone: ReadonlyArray<HsdsPhone>
  readonly schedule: ReadonlyArray<HsdsSchedule>
  readonly service_area: ReadonlyArray<HsdsServiceArea>
  readonly taxonomy: ReadonlyArray<HsdsTaxonomy>
  readonly taxonomy_term: ReadonlyArray<HsdsTaxonomyTerm>
  readonly attribute: ReadonlyArray<HsdsAttribute>
  readonly metadata: ReadonlyArray<HsdsMetadata>
  readonly meta_table_description: ReadonlyArray<HsdsMetaTableDescription>
}

/**
 * The names of the tables in {@link HsdsTables}, in the order they are written.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { hsdsTableNames } from "@zaitaku/hsds"
 *
 * hsdsTableNames[0] // "organization"
 * ```
 */
export const hsdsTableNames: ReadonlyArray<keyof HsdsTables> = [
  "organization",
  "organization_identifier",
  "service",
  "location",
  "service_at_location",
  "address",
  "phone",
  "schedule",
  "service_area",
  "taxonomy",
  "taxonomy_term",
  "attribute",
  "metadata",
  "meta_table_description",
]
