/**
 * HSDS 3.0 export of the resource directory (地域の医療・介護資源): {@link toHsds} turns organisations (法人) and
 * resources into the HSDS tabular form — one array per table, rows linked by UUID foreign keys — with the Zaitaku JP
 * profile's taxonomies and attributes. A pure, deterministic function: the same directory and options give the same
 * JSON, whatever the input order.
 *
 * @since 0.1.0
 */
import {
  type Capability,
  type DayOfWeek,
  dayOfWeekLabels,
  homeCareSupportLabel,
  type LocalizedText,
  type Municipality,
  type Organization,
  prefectureName,
  type Resource,
  type ResourceChange,
  resourceKindDefinition,
  resourceSourceLabels,
  toIsoDate,
  type WeeklyHours,
} from "@zaitaku/core"
import type {
  HsdsAddress,
  HsdsAttribute,
  HsdsLocation,
  HsdsMetadata,
  HsdsOrganization,
  HsdsOrganizationIdentifier,
  HsdsPhone,
  HsdsSchedule,
  HsdsService,
  HsdsServiceArea,
  HsdsServiceAtLocation,
  HsdsServiceStatus,
  HsdsTables,
  HsdsTaxonomy,
  HsdsTaxonomyTerm,
  HsdsWeekday,
} from "./Hsds.js"
import {
  hsdsId,
  hsdsTaxonomies,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
  jpProfileUri,
  type ZaitakuTaxonomyName,
} from "./Profile.js"

/**
 * The directory to export: organisations, resources and, optionally, the field-level change log (exported as HSDS
 * `metadata` rows of type `update`).
 *
 * @since 0.1.0
 * @category export
 * @example
 * ```ts
 * import type { HsdsDirectory } from "@zaitaku/hsds"
 *
 * const empty: HsdsDirectory = { organizations: [], resources: [] }
 * ```
 */
export interface HsdsDirectory {
  readonly organizations: ReadonlyArray<Organization>
  readonly resources: ReadonlyArray<Resource>
  readonly changes?: ReadonlyArray<ResourceChange>
}

/**
 * Options of {@link toHsds}: who publishes the dataset, when it was generated (pass it from `Clock`), the language
 * of generated texts and taxonomy term names (default `ja`), and municipality names for `address.city` and
 * `service_area.name` (without a name, the 全国地方公共団体コード itself is written).
 *
 * @since 0.1.0
 * @category export
 * @example
 * ```ts
 * import { hachinoheAreaMunicipalities } from "@zaitaku/core"
 * import type { HsdsExportOptions } from "@zaitaku/hsds"
 *
 * const options: HsdsExportOptions = {
 *   publisher: { name: "八戸市", url: "https://www.city.hachinohe.aomori.jp/" },
 *   generatedAt: "2025-07-01T09:00:00+09:00",
 *   municipalities: hachinoheAreaMunicipalities,
 * }
 * ```
 */
export interface HsdsExportOptions {
  readonly publisher: { readonly name: string; readonly url?: string }
  readonly generatedAt: Date | string
  readonly language?: "ja" | "en"
  readonly municipalities?: ReadonlyArray<Municipality>
}

/**
 * An HSDS 3.0 dataset: `tables` is the HSDS tabular document (it validates against `schema/compiled/tabular.json`,
 * each row against `schema/<table>.json`); the other fields say what it is, like the HSDS API's `/` endpoint
 * (version and profile) plus the publisher and generation time.
 *
 * @since 0.1.0
 * @category export
 * @example
 * ```ts
 * import type { HsdsDataset } from "@zaitaku/hsds"
 *
 * const servicesOf = (dataset: HsdsDataset) => dataset.tables.service
 * ```
 */
export interface HsdsDataset {
  readonly version: "3.0"
  readonly profile: string
  readonly publisher: { readonly name: string; readonly url?: string }
  readonly generated_at: string
  readonly language: "ja" | "en"
  readonly tables: HsdsTables
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

const byId = <A extends { readonly id: string }>(a: A, b: A): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const statusOf: Readonly<Record<Resource["status"], HsdsServiceStatus>> = {
  active: "active",
  suspended: "temporarily closed",
  closed: "inactive",
}

const weekdays: ReadonlyArray<Exclude<DayOfWeek, "holiday">> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
const icalDay: Readonly<Record<Exclude<DayOfWeek, "holiday">, HsdsWeekday>> = {
  mon: "MO",
  tue: "TU",
  wed: "WE",
  thu: "TH",
  fri: "FR",
  sat: "SA",
  sun: "SU",
}

/** `HH:MM` in Japan as HSDS asks (`HH:MM` with the UTC offset); `24:00` becomes `23:59`. */
const hsdsTime = (time: string): string => `${time === "24:00" ? "23:59" : time}+09:00`

const jsonText = (value: unknown): string => (value === undefined ? "" : JSON.stringify(value))

const hoursText = (hours: WeeklyHours, language: "ja" | "en"): string =>
  hours
    .map(
      (day) =>
        `${dayOfWeekLabels[day.day][language]} ${day.periods.map((p) => `${p.opens}${language === "ja" ? "〜" : "–"}${p.closes}`).join(", ")}`,
    )
    .join(language === "ja" ? "、" : "; ")

interface Context {
  readonly language: "ja" | "en"
  readonly municipalityNames: ReadonlyMap<string, LocalizedText>
  readonly attributes: Array<HsdsAttribute>
}

const text = (context: Context, label: LocalizedText): string => label[context.language]

const attribute = (
  context: Context,
  linkEntity: string,
  linkId: string,
  taxonomy: ZaitakuTaxonomyName,
  code: string,
  value?: string,
): void => {
  const profileTaxonomy = hsdsTaxonomy(taxonomy)
  const term = hsdsTaxonomyTerm(taxonomy, code)
  context.attributes.push({
    id: hsdsId(`attribute/${linkEntity}/${linkId}/${taxonomy}/${code}`),
    link_id: linkId,
    taxonomy_term_id: term.id,
    link_type: profileTaxonomy.linkType,
    link_entity: linkEntity,
    ...(value === undefined ? {} : { value }),
  })
}

const municipalityName = (context: Context, code: string): string => {
  const name = context.municipalityNames.get(code)
  return name === undefined ? code : text(context, name)
}

// ---------------------------------------------------------------------------------------------------------------
// Taxonomies
// ---------------------------------------------------------------------------------------------------------------

const taxonomyRows = (
  language: "ja" | "en",
): { readonly taxonomy: Array<HsdsTaxonomy>; readonly taxonomy_term: Array<HsdsTaxonomyTerm> } => {
  const other = language === "ja" ? "en" : "ja"
  const taxonomy: Array<HsdsTaxonomy> = []
  const taxonomy_term: Array<HsdsTaxonomyTerm> = []
  for (const entry of hsdsTaxonomies) {
    taxonomy.push({
      id: entry.id,
      name: entry.name,
      description: `${entry.label[language]} (${entry.label[other]})`,
      uri: `${jpProfileUri}.${entry.name}`,
      version: "0.1.0",
    })
    for (const term of entry.terms) {
      taxonomy_term.push({
        id: term.id,
        code: term.code,
        name: term.label[language],
        description: `${term.label[language]} (${term.label[other]})`,
        ...(term.parent === undefined ? {} : { parent_id: hsdsTaxonomyTerm(entry.name, term.parent).id }),
        taxonomy: entry.name,
        language,
        taxonomy_id: entry.id,
        term_uri: `${jpProfileUri}.${entry.name}.${term.code}`,
      })
    }
  }
  return { taxonomy, taxonomy_term }
}

// ---------------------------------------------------------------------------------------------------------------
// Schedules
// ---------------------------------------------------------------------------------------------------------------

const scheduleRows = (resource: Resource, serviceAtLocationId: string, context: Context): Array<HsdsSchedule> => {
  const { language } = context
  const notes = resource.holidayClosures === undefined ? {} : { notes: resource.holidayClosures }
  // One row per distinct period, listing every weekday that has it: 月〜金 09:00–12:00 is one row.
  const periods = new Map<string, { opens: string; closes: string; days: Array<Exclude<DayOfWeek, "holiday">> }>()
  for (const day of weekdays) {
    for (const period of resource.hours.find((hours) => hours.day === day)?.periods ?? []) {
      const key = `${period.opens}-${period.closes}`
      const entry = periods.get(key) ?? { opens: period.opens, closes: period.closes, days: [] }
      entry.days.push(day)
      periods.set(key, entry)
    }
  }
  const rows: Array<HsdsSchedule> = [...periods.values()]
    .sort((a, b) => weekdays.indexOf(a.days[0]!) - weekdays.indexOf(b.days[0]!) || (a.opens < b.opens ? -1 : 1))
    .map((entry) => {
      const byday = entry.days.map((day) => icalDay[day]).join(",")
      const dash = language === "ja" ? "〜" : "–"
      const days = entry.days.map((day) => dayOfWeekLabels[day][language]).join(language === "ja" ? "・" : ", ")
      return {
        id: hsdsId(`schedule/${resource.id}/${byday}/${entry.opens}-${entry.closes}`),
        service_at_location_id: serviceAtLocationId,
        timezone: 9,
        wkst: "MO",
        freq: "WEEKLY",
        interval: 1,
        byday,
        description: `${days} ${entry.opens}${dash}${entry.closes}`,
        opens_at: hsdsTime(entry.opens),
        closes_at: hsdsTime(entry.closes),
        ...notes,
      }
    })
  // 祝日 (public holidays) have no RFC 5545 rule: one row per period, without freq/byday, described as holidays.
  for (const period of resource.hours.find((hours) => hours.day === "holiday")?.periods ?? []) {
    rows.push({
      id: hsdsId(`schedule/${resource.id}/holiday/${period.opens}-${period.closes}`),
      service_at_location_id: serviceAtLocationId,
      timezone: 9,
      description: `${dayOfWeekLabels.holiday[language]} ${period.opens}${language === "ja" ? "〜" : "–"}${period.closes}`,
      opens_at: hsdsTime(period.opens),
      closes_at: hsdsTime(period.closes),
      ...notes,
    })
  }
  return rows
}

// ---------------------------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------------------------

const externalIdentifier = (
  resource: Resource,
): Pick<HsdsLocation, "external_identifier" | "external_identifier_type"> => {
  const { medicalInstitutionCode, careOfficeNumber, iryoNetId } = resource.identifiers
  if (medicalInstitutionCode !== undefined) {
    return { external_identifier: medicalInstitutionCode, external_identifier_type: "jp_medical_institution_code" }
  }
  if (careOfficeNumber !== undefined) {
    return { external_identifier: careOfficeNumber, external_identifier_type: "jp_care_office_number" }
  }
  if (iryoNetId !== undefined) return { external_identifier: iryoNetId, external_identifier_type: "jp_iryo_net_id" }
  return {}
}

const serviceDescription = (resource: Resource, context: Context): string => {
  const kind = resourceKindDefinition(resource.kind)
  const designation =
    resource.homeCareSupport === undefined ? undefined : homeCareSupportLabel(resource.kind, resource.homeCareSupport)
  const parts = [text(context, kind.label), ...(designation === undefined ? [] : [text(context, designation)])]
  return parts.join(context.language === "ja" ? "・" : "; ")
}

const serviceAttributes = (resource: Resource, context: Context): void => {
  const add = (taxonomy: ZaitakuTaxonomyName, code: string, value?: string) =>
    attribute(context, "service", resource.id, taxonomy, code, value)
  const kind = resourceKindDefinition(resource.kind)
  add("zaitaku-resource-kind", resource.kind)
  add("zaitaku-resource-category", kind.category)
  if (resource.homeCareSupport !== undefined) {
    const full = homeCareSupportLabel(resource.kind, resource.homeCareSupport)
    add("zaitaku-home-care-support", resource.homeCareSupport, full === undefined ? undefined : text(context, full))
  }
  for (const capability of [...resource.capabilities].sort() as Array<Capability>) add("zaitaku-capability", capability)
  const { medicalInstitutionCode, careOfficeNumber, iryoNetId } = resource.identifiers
  if (medicalInstitutionCode !== undefined)
    add("zaitaku-identifier", "medical_institution_code", medicalInstitutionCode)
  if (careOfficeNumber !== undefined) add("zaitaku-identifier", "care_office_number", careOfficeNumber)
  if (iryoNetId !== undefined) add("zaitaku-identifier", "iryo_net_id", iryoNetId)
  if (kind.serviceTypeCode !== undefined) add("zaitaku-identifier", "service_type_code", kind.serviceTypeCode)
  const { availability, consultation } = resource
  if (availability !== undefined) {
    if (availability.capacity !== undefined) add("zaitaku-availability", "capacity", String(availability.capacity))
    if (availability.vacancy !== undefined) add("zaitaku-availability", "vacancy", String(availability.vacancy))
    add("zaitaku-availability", "as_of", availability.asOf)
  }
  if (consultation !== undefined) {
    if (consultation.description !== undefined) add("zaitaku-detail", "consultation", consultation.description)
    if (consultation.hours.length > 0) {
      add("zaitaku-detail", "consultation_hours", hoursText(consultation.hours, context.language))
    }
    if (consultation.channels.length > 0)
      add("zaitaku-detail", "consultation_channels", consultation.channels.join(","))
    if (consultation.howToReach !== undefined) {
      add("zaitaku-detail", "consultation_how_to_reach", consultation.howToReach)
    }
  }
  if (resource.holidayClosures !== undefined) add("zaitaku-detail", "holiday_closures", resource.holidayClosures)
  if (resource.contactNotes !== undefined) add("zaitaku-detail", "contact_notes", resource.contactNotes)
  if (resource.notes !== undefined) add("zaitaku-detail", "notes", resource.notes)
  add("zaitaku-detail", "source", resource.provenance.source)
  if (resource.provenance.sourceRecordId !== undefined) {
    add("zaitaku-detail", "source_record_id", resource.provenance.sourceRecordId)
  }
  if (resource.closedOn !== undefined) add("zaitaku-detail", "closed_on", resource.closedOn)
}

const metadataRows = (
  resource: Resource,
  changes: ReadonlyArray<ResourceChange>,
  context: Context,
): Array<HsdsMetadata> => {
  const source = text(context, resourceSourceLabels[resource.provenance.source])
  const row = (
    key: string,
    at: string,
    action: string,
    fields: Partial<Pick<HsdsMetadata, "field_name" | "previous_value" | "replacement_value">>,
    updatedBy: string,
  ): HsdsMetadata => ({
    id: hsdsId(`metadata/${resource.id}/${key}`),
    resource_id: resource.id,
    resource_type: "service",
    last_action_date: toIsoDate(new Date(at)),
    last_action_type: action,
    field_name: fields.field_name ?? "",
    previous_value: fields.previous_value ?? "",
    replacement_value: fields.replacement_value ?? "",
    updated_by: updatedBy,
  })
  const rows = [row("create", resource.createdAt, "create", {}, source)]
  if (resource.provenance.importedAt !== undefined) {
    rows.push(
      row(
        "import",
        resource.provenance.importedAt,
        "import",
        { replacement_value: resource.provenance.sourceRecordId ?? "" },
        source,
      ),
    )
  }
  if (resource.assuredAt !== undefined && resource.assuredBy !== undefined) {
    const by = resource.assuredBy
    rows.push(row("assure", resource.assuredAt, "assure", {}, by.label ?? `${by.kind}:${by.id}`))
  }
  const ordered = [...changes].sort(
    (a, b) => a.version - b.version || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0),
  )
  for (const change of ordered) {
    rows.push(
      row(
        `update/${change.version}/${change.field}`,
        change.at,
        "update",
        { field_name: change.field, previous_value: jsonText(change.from), replacement_value: jsonText(change.to) },
        change.by.label ?? `${change.by.kind}:${change.by.id}`,
      ),
    )
  }
  return rows
}

/**
 * HSDS 3.0 に変換 (export to HSDS 3.0): the directory as an {@link HsdsDataset} in the HSDS tabular form with the JP
 * profile.
 *
 * Mapping (see the package README for the full table):
 * - each organisation → `organization` (id kept) with its 法人番号 as an `organization_identifier`
 *   (`identifier_type` `jp_corporate_number`, `identifier_scheme` `JP-JCN`); a resource without an organisation (or
 *   whose organisation is not in `organizations`) gets a synthetic organisation of its own, named after it, with id
 *   `hsdsId("organization/<resource id>")` and the `zaitaku-detail/synthetic_organization` attribute;
 * - each resource → a `service` (id kept; status active/suspended/closed → `active`/`temporarily closed`/`inactive`)
 *   at a `location` (address, WGS84 lat/lon, the first of 医療機関コード/介護保険事業所番号/医療情報ネット ID as
 *   external identifier), linked by `service_at_location`; phone and FAX → `phone` rows of type `voice` and `fax`;
 *   weekly hours → `schedule` rows (RFC 5545 `WEEKLY` + `byday`, times `HH:MM+09:00`); service area → one
 *   `service_area` per 市区町村; kind, capabilities, 在宅療養支援, identifiers, 定員・空き and details → `attribute`s
 *   of the profile's taxonomies; creation, import, assurance and changes → `metadata`.
 *
 * Every other id is a UUIDv5 ({@link hsdsId}) of the owner's id and a fixed key; rows are ordered by organisation
 * and resource id, then in a fixed order, so the output does not depend on the order of the input.
 *
 * @throws RangeError when `generatedAt` is not a valid date.
 * @since 0.1.0
 * @category export
 * @example
 * ```ts
 * import { toHsds } from "@zaitaku/hsds"
 *
 * const dataset = toHsds(
 *   { organizations: [], resources: [] },
 *   { publisher: { name: "八戸市" }, generatedAt: "2025-07-01T09:00:00+09:00" },
 * )
 * dataset.tables.taxonomy.map((taxonomy) => taxonomy.name) // ["zaitaku-resource-kind", …]
 * ```
 */
export const toHsds = (directory: HsdsDirectory, options: HsdsExportOptions): HsdsDataset => {
  const generated = new Date(options.generatedAt)
  if (Number.isNaN(generated.getTime())) throw new RangeError(`Invalid generatedAt: ${String(options.generatedAt)}`)
  const language = options.language ?? "ja"
  const context: Context = {
    language,
    municipalityNames: new Map((options.municipalities ?? []).map((m) => [m.code, m.name])),
    attributes: [],
  }
  const organizations = [...directory.organizations].sort(byId)
  const resources = [...directory.resources].sort(byId)
  const knownOrganizations = new Set(organizations.map((organization) => organization.id as string))
  const changesByResource = new Map<string, Array<ResourceChange>>()
  for (const change of directory.changes ?? []) {
    const list = changesByResource.get(change.resourceId) ?? []
    list.push(change)
    changesByResource.set(change.resourceId, list)
  }

  const organization: Array<HsdsOrganization> = []
  const organization_identifier: Array<HsdsOrganizationIdentifier> = []
  const service: Array<HsdsService> = []
  const location: Array<HsdsLocation> = []
  const service_at_location: Array<HsdsServiceAtLocation> = []
  const address: Array<HsdsAddress> = []
  const phone: Array<HsdsPhone> = []
  const schedule: Array<HsdsSchedule> = []
  const service_area: Array<HsdsServiceArea> = []
  const metadata: Array<HsdsMetadata> = []

  const organizationIdOf = (resource: Resource): string =>
    resource.organizationId !== undefined && knownOrganizations.has(resource.organizationId)
      ? resource.organizationId
      : hsdsId(`organization/${resource.id}`)

  for (const org of organizations) {
    const runs = resources.filter((resource) => resource.organizationId === org.id).map((resource) => resource.name)
    organization.push({
      id: org.id,
      name: org.name.ja,
      ...(org.name.kana === undefined ? {} : { alternate_name: org.name.kana }),
      description:
        language === "ja"
          ? runs.length === 0
            ? "法人"
            : `法人。運営する資源: ${runs.join("、")}`
          : runs.length === 0
            ? "Corporation"
            : `Corporation running: ${runs.join(", ")}`,
    })
    if (org.corporateNumber !== undefined) {
      organization_identifier.push({
        id: hsdsId(`organization_identifier/${org.id}/jp_corporate_number`),
        organization_id: org.id,
        identifier_scheme: "JP-JCN",
        identifier_type: "jp_corporate_number",
        identifier: org.corporateNumber,
      })
    }
  }
  // Synthetic organisations (one per resource without a known organisation), after the real ones, by resource id.
  for (const resource of resources) {
    const organizationId = organizationIdOf(resource)
    if (knownOrganizations.has(organizationId)) continue
    organization.push({
      id: organizationId,
      name: resource.name,
      ...(resource.nameKana === undefined ? {} : { alternate_name: resource.nameKana }),
      description:
        language === "ja"
          ? `「${resource.name}」の運営主体。法人の情報が登録されていないため、資源ごとに作成した組織です。`
          : `Operator of "${resource.name}". No corporation is recorded, so this organization stands for the resource alone.`,
    })
    attribute(context, "organization", organizationId, "zaitaku-detail", "synthetic_organization", "true")
  }

  for (const resource of resources) {
    const serviceId = resource.id
    const organizationId = organizationIdOf(resource)
    const locationId = hsdsId(`location/${resource.id}`)
    const serviceAtLocationId = hsdsId(`service_at_location/${resource.id}`)
    const addressId = hsdsId(`address/${resource.id}`)

    service.push({
      id: serviceId,
      organization_id: organizationId,
      name: resource.name,
      ...(resource.nameKana === undefined ? {} : { alternate_name: resource.nameKana }),
      description: serviceDescription(resource, context),
      ...(resource.url === undefined ? {} : { url: resource.url }),
      status: statusOf[resource.status],
      ...(resource.assuredAt === undefined ? {} : { assured_date: toIsoDate(new Date(resource.assuredAt)) }),
      last_modified: new Date(resource.updatedAt).toISOString(),
    })
    serviceAttributes(resource, context)

    location.push({
      id: locationId,
      location_type: "physical",
      ...(resource.url === undefined ? {} : { url: resource.url }),
      organization_id: organizationId,
      name: resource.name,
      ...(resource.nameKana === undefined ? {} : { alternate_name: resource.nameKana }),
      ...(resource.location === undefined
        ? {}
        : { latitude: resource.location.latitude, longitude: resource.location.longitude }),
      ...externalIdentifier(resource),
    })
    service_at_location.push({ id: serviceAtLocationId, service_id: serviceId, location_id: locationId })

    address.push({
      id: addressId,
      location_id: locationId,
      address_1: resource.address.line,
      ...(resource.address.building === undefined ? {} : { address_2: resource.address.building }),
      city: municipalityName(context, resource.address.municipalityCode),
      state_province: text(context, prefectureName(resource.address.prefectureCode)),
      postal_code: resource.address.postalCode ?? "",
      country: "JP",
      address_type: "physical",
    })
    attribute(
      context,
      "address",
      addressId,
      "zaitaku-identifier",
      "municipality_code",
      resource.address.municipalityCode,
    )

    const phones: ReadonlyArray<readonly [string | undefined, "voice" | "fax", LocalizedText]> = [
      [resource.phone, "voice", { ja: "電話", en: "Phone" }],
      [resource.fax, "fax", { ja: "FAX", en: "Fax" }],
    ]
    for (const [number, type, label] of phones) {
      if (number === undefined) continue
      phone.push({
        id: hsdsId(`phone/${resource.id}/${type}`),
        location_id: locationId,
        service_id: serviceId,
        number,
        type,
        description: text(context, label),
      })
    }

    schedule.push(...scheduleRows(resource, serviceAtLocationId, context))

    for (const code of [...resource.serviceArea].sort()) {
      const areaId = hsdsId(`service_area/${resource.id}/${code}`)
      service_area.push({
        id: areaId,
        service_id: serviceId,
        name: municipalityName(context, code),
        description: language === "ja" ? `全国地方公共団体コード ${code}` : `Local government code ${code}`,
      })
      attribute(context, "service_area", areaId, "zaitaku-identifier", "municipality_code", code)
    }

    metadata.push(...metadataRows(resource, changesByResource.get(resource.id) ?? [], context))
  }

  return {
    version: "3.0",
    profile: jpProfileUri,
    publisher: {
      name: options.publisher.name,
      ...(options.publisher.url === undefined ? {} : { url: options.publisher.url }),
    },
    generated_at: generated.toISOString(),
    language,
    tables: {
      organization,
      organization_identifier,
      service,
      location,
      service_at_location,
      address,
      phone,
      schedule,
      service_area,
      ...taxonomyRows(language),
      attribute: context.attributes,
      metadata,
      meta_table_description: [
        {
          id: hsdsId(`meta_table_description/${options.publisher.name}`),
          name: options.publisher.name,
          language,
          character_set: "UTF-8",
        },
      ],
    },
  }
}
