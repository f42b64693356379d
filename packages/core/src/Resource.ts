/**
 * 地域の医療・介護資源 (regional medical and care resources): organisations (法人), resources (a facility or
 * service at a place), their field-level change log and their freshness (情報の確認期限).
 *
 * Every resource belongs to one tenant's directory (`tenantId`). National open data (介護サービス情報公表,
 * 医療情報ネット) is not shared between tenants as rows: an import copies the records into the tenant's directory,
 * with `provenance` naming the source record, so that each tenant keeps, attests and corrects its own entries and
 * every row is isolated by tenant like all other data. Timestamps are ISO 8601 with an offset; calendar dates are
 * `YYYY-MM-DD` in Japan. Custom zod issues carry an English `message` and `params: { ja, code }`.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { Principal } from "./Actor.js"
import { LocalGovernmentCode, PrefectureCode } from "./Area.js"
import { addLocalizedIssue } from "./Decode.js"
import { CareOfficeNumber, CorporateNumber, IryoNetId, MedicalInstitutionCode, PhoneNumber } from "./Identifiers.js"
import { ResourceChangeRequestId, ResourceId, TenantId } from "./Ids.js"
import { equalValues, isPlainObject } from "./internal/values.js"
import type { LocalizedText } from "./Label.js"
import { type DateInput, IsoDate, toIsoDate, toPlainDate } from "./Period.js"
import { Capability, HomeCareSupport, homeCareSupportFits, ResourceKind } from "./ResourceKind.js"

// ---------------------------------------------------------------------------------------------------------------
// Ids and organisations
// ---------------------------------------------------------------------------------------------------------------

/**
 * 法人ID (organization id): the id of a 法人 that runs resources.
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { OrganizationId } from "@zaitaku/core"
 *
 * OrganizationId.safeParse("not-a-uuid").success // false
 * ```
 */
export const OrganizationId = z.uuid().brand<"OrganizationId">()
/** @since 0.1.0 @category ids */
export type OrganizationId = z.infer<typeof OrganizationId>

/**
 * 名称 (name) with its reading (フリガナ, katakana as published).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { OrganizationName } from "@zaitaku/core"
 *
 * OrganizationName.parse({ ja: "医療法人八戸会", kana: "イリョウホウジンハチノヘカイ" })
 * ```
 */
export const OrganizationName = z.object({
  ja: z.string().trim().min(1).max(300),
  kana: z.string().max(300).optional(),
})
/** @since 0.1.0 @category models */
export type OrganizationName = z.infer<typeof OrganizationName>

/**
 * 法人 (organization): the legal entity that runs one or more resources, with its 法人番号 when it has one.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Organization } from "@zaitaku/core"
 *
 * Organization.parse({
 *   id: "0192f5a0-0000-7000-8000-000000000001",
 *   corporateNumber: "7000012050002",
 *   name: { ja: "国税庁" },
 * })
 * ```
 */
export const Organization = z.object({
  id: OrganizationId,
  corporateNumber: CorporateNumber.optional(),
  name: OrganizationName,
})
/** @since 0.1.0 @category models */
export type Organization = z.infer<typeof Organization>

// ---------------------------------------------------------------------------------------------------------------
// Address and location
// ---------------------------------------------------------------------------------------------------------------

/**
 * 郵便番号 (postal code): `123-4567` or `1234567`, kept as `123-4567`.
 *
 * @since 0.1.0
 * @category address
 * @example
 * ```ts
 * import { PostalCode } from "@zaitaku/core"
 *
 * PostalCode.parse("0318686") // "031-8686"
 * ```
 */
export const PostalCode = z
  .string()
  .regex(/^[0-9]{3}-?[0-9]{4}$/, "A postal code is 7 digits, written 123-4567")
  .transform((code) => (code.includes("-") ? code : `${code.slice(0, 3)}-${code.slice(3)}`))
/** @since 0.1.0 @category address */
export type PostalCode = z.infer<typeof PostalCode>

/**
 * 所在地 (address): 都道府県, 市区町村 (全国地方公共団体コード), 郵便番号, 住所 (the rest of the address as written)
 * and 方書 (building, floor). The municipality must lie in the prefecture.
 *
 * @since 0.1.0
 * @category address
 * @example
 * ```ts
 * import { Address } from "@zaitaku/core"
 *
 * Address.parse({ prefectureCode: "02", municipalityCode: "022039", line: "青森県八戸市内丸一丁目1-1" })
 * ```
 */
export const Address = z
  .object({
    prefectureCode: PrefectureCode,
    municipalityCode: LocalGovernmentCode,
    postalCode: PostalCode.optional(),
    line: z.string().trim().min(1).max(500),
    building: z.string().max(300).optional(),
  })
  .superRefine((address, ctx) => {
    if (address.municipalityCode.slice(0, 2) !== address.prefectureCode) {
      addLocalizedIssue(
        ctx,
        ["municipalityCode"],
        `市区町村コード${address.municipalityCode}は都道府県コード${address.prefectureCode}の市区町村ではありません`,
        `Municipality ${address.municipalityCode} is not in prefecture ${address.prefectureCode}`,
        "municipality_prefecture",
      )
    }
  })
/** @since 0.1.0 @category address */
export type Address = z.infer<typeof Address>

/**
 * 緯度経度 (WGS84 coordinates): latitude −90…90 and longitude −180…180, in decimal degrees.
 *
 * @since 0.1.0
 * @category address
 * @example
 * ```ts
 * import { GeoPoint } from "@zaitaku/core"
 *
 * GeoPoint.parse({ latitude: 40.512, longitude: 141.488 }) // 八戸市役所の近く
 * ```
 */
export const GeoPoint = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
})
/** @since 0.1.0 @category address */
export type GeoPoint = z.infer<typeof GeoPoint>

/**
 * 日本の範囲か (inside Japan): a coarse bounding box, latitude 20–46 and longitude 122–154 (沖ノ鳥島 to 択捉島,
 * 与那国島 to 南鳥島). Catches swapped coordinates and `0,0` placeholders.
 *
 * @since 0.1.0
 * @category address
 * @example
 * ```ts
 * import { isInJapan } from "@zaitaku/core"
 *
 * isInJapan({ latitude: 40.512, longitude: 141.488 }) // true
 * isInJapan({ latitude: 141.488, longitude: 40.512 }) // false: swapped
 * ```
 */
export const isInJapan = (point: GeoPoint): boolean =>
  point.latitude >= 20 && point.latitude <= 46 && point.longitude >= 122 && point.longitude <= 154

// ---------------------------------------------------------------------------------------------------------------
// Hours
// ---------------------------------------------------------------------------------------------------------------

/**
 * 時刻 (time of day) `HH:MM`, 00:00–23:59, and `24:00` for "until midnight".
 *
 * @since 0.1.0
 * @category hours
 * @example
 * ```ts
 * import { TimeOfDay } from "@zaitaku/core"
 *
 * TimeOfDay.safeParse("09:00").success // true
 * TimeOfDay.safeParse("9:00").success // false
 * ```
 */
export const TimeOfDay = z
  .string()
  .regex(/^(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]|24:00)$/, "A time is written HH:MM (00:00–24:00)")
/** @since 0.1.0 @category hours */
export type TimeOfDay = z.infer<typeof TimeOfDay>

/**
 * 曜日 (day of the week), plus `holiday` (祝日) for hours that differ on public holidays.
 *
 * @since 0.1.0
 * @category hours
 * @example
 * ```ts
 * import { DayOfWeek } from "@zaitaku/core"
 *
 * DayOfWeek.options // ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"]
 * ```
 */
export const DayOfWeek = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"])
/** @since 0.1.0 @category hours */
export type DayOfWeek = z.infer<typeof DayOfWeek>

/**
 * Japanese and English labels of each {@link DayOfWeek}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { dayOfWeekLabels } from "@zaitaku/core"
 *
 * dayOfWeekLabels.holiday.ja // "祝日"
 * ```
 */
export const dayOfWeekLabels: Readonly<Record<DayOfWeek, LocalizedText>> = {
  mon: { ja: "月", en: "Mon" },
  tue: { ja: "火", en: "Tue" },
  wed: { ja: "水", en: "Wed" },
  thu: { ja: "木", en: "Thu" },
  fri: { ja: "金", en: "Fri" },
  sat: { ja: "土", en: "Sat" },
  sun: { ja: "日", en: "Sun" },
  holiday: { ja: "祝日", en: "Holiday" },
}

/**
 * 時間帯 (period) within one day: `closes` after `opens`. A period across midnight is written as two periods on
 * consecutive days (`22:00–24:00` and `00:00–06:00`).
 *
 * @since 0.1.0
 * @category hours
 * @example
 * ```ts
 * import { OpeningPeriod } from "@zaitaku/core"
 *
 * OpeningPeriod.safeParse({ opens: "09:00", closes: "12:30" }).success // true
 * OpeningPeriod.safeParse({ opens: "17:30", closes: "09:00" }).success // false
 * ```
 */
export const OpeningPeriod = z.object({ opens: TimeOfDay, closes: TimeOfDay }).superRefine((period, ctx) => {
  if (period.closes <= period.opens) {
    addLocalizedIssue(
      ctx,
      ["closes"],
      `終了時刻（${period.closes}）は開始時刻（${period.opens}）より後にしてください`,
      `Closing time ${period.closes} must be after opening time ${period.opens}`,
      "period_order",
    )
  }
})
/** @since 0.1.0 @category hours */
export type OpeningPeriod = z.infer<typeof OpeningPeriod>

/**
 * 曜日ごとの時間 (hours of one day): one or more periods (午前・午後診), in order and not overlapping.
 *
 * @since 0.1.0
 * @category hours
 * @example
 * ```ts
 * import { DayHours } from "@zaitaku/core"
 *
 * DayHours.parse({ day: "mon", periods: [{ opens: "09:00", closes: "12:00" }, { opens: "14:00", closes: "18:00" }] })
 * ```
 */
export const DayHours = z
  .object({ day: DayOfWeek, periods: z.array(OpeningPeriod).min(1) })
  .superRefine((hours, ctx) => {
    for (let i = 1; i < hours.periods.length; i++) {
      const previous = hours.periods[i - 1]!
      const current = hours.periods[i]!
      if (current.opens < previous.closes) {
        addLocalizedIssue(
          ctx,
          ["periods", i, "opens"],
          `時間帯は早い順に、重ならないように入力してください（${previous.opens}〜${previous.closes}の後に${current.opens}〜${current.closes}）`,
          `Periods must be in order and must not overlap: ${current.opens}–${current.closes} follows ${previous.opens}–${previous.closes}`,
          "period_overlap",
        )
      }
    }
  })
/** @since 0.1.0 @category hours */
export type DayHours = z.infer<typeof DayHours>

/**
 * 営業・診療時間 (weekly hours): at most one entry per day; a day without an entry is closed.
 *
 * @since 0.1.0
 * @category hours
 * @example
 * ```ts
 * import { WeeklyHours } from "@zaitaku/core"
 *
 * WeeklyHours.parse([{ day: "tue", periods: [{ opens: "09:00", closes: "17:30" }] }])
 * ```
 */
export const WeeklyHours = z.array(DayHours).superRefine((week, ctx) => {
  const seen = new Set<DayOfWeek>()
  week.forEach((hours, index) => {
    if (seen.has(hours.day)) {
      addLocalizedIssue(
        ctx,
        [index, "day"],
        `${dayOfWeekLabels[hours.day].ja}曜日が2回入力されています。時間帯は1つの曜日にまとめてください`,
        `Day ${hours.day} appears twice; list all its periods in one entry`,
        "duplicate_day",
      )
    }
    seen.add(hours.day)
  })
})
/** @since 0.1.0 @category hours */
export type WeeklyHours = z.infer<typeof WeeklyHours>

// ---------------------------------------------------------------------------------------------------------------
// Consultation, capacity, status, provenance
// ---------------------------------------------------------------------------------------------------------------

/**
 * 相談対応 (consultation availability): when and how professionals can reach the resource (医師の相談対応可能日時,
 * 連絡方法), as free text and structured hours.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Consultation } from "@zaitaku/core"
 *
 * Consultation.parse({
 *   description: "医師への相談は午後の診療前",
 *   hours: [{ day: "wed", periods: [{ opens: "13:00", closes: "14:00" }] }],
 *   channels: ["fax", "phone"],
 *   howToReach: "連絡票をFAXしてから電話",
 * })
 * ```
 */
export const Consultation = z.object({
  description: z.string().max(2000).optional(),
  hours: WeeklyHours.default([]),
  channels: z.array(z.enum(["phone", "fax", "email", "ict", "in_person"])).default([]),
  howToReach: z.string().max(2000).optional(),
})
/** @since 0.1.0 @category models */
export type Consultation = z.infer<typeof Consultation>

/**
 * 定員・空き情報 (capacity and vacancy) as of a time. `capacity` absent means "not applicable" (the open data writes
 * 0 for visit-type services; importers drop it). `vacancy` must not exceed `capacity`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Availability } from "@zaitaku/core"
 *
 * Availability.parse({ capacity: 29, vacancy: 2, asOf: "2025-06-01T09:00:00+09:00" })
 * ```
 */
export const Availability = z
  .object({
    capacity: z.int().min(0).optional(),
    vacancy: z.int().min(0).optional(),
    asOf: z.iso.datetime({ offset: true }),
  })
  .superRefine((availability, ctx) => {
    if (
      availability.capacity !== undefined &&
      availability.vacancy !== undefined &&
      availability.vacancy > availability.capacity
    ) {
      addLocalizedIssue(
        ctx,
        ["vacancy"],
        `空き（${availability.vacancy}）が定員（${availability.capacity}）を超えています`,
        `Vacancy ${availability.vacancy} exceeds capacity ${availability.capacity}`,
        "vacancy_exceeds_capacity",
      )
    }
  })
/** @since 0.1.0 @category models */
export type Availability = z.infer<typeof Availability>

/**
 * 状態 (status): 運営中 `active`, 休止中 `suspended`, 廃止 `closed` (with `closedOn`).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ResourceStatus } from "@zaitaku/core"
 *
 * ResourceStatus.parse("suspended")
 * ```
 */
export const ResourceStatus = z.enum(["active", "suspended", "closed"])
/** @since 0.1.0 @category models */
export type ResourceStatus = z.infer<typeof ResourceStatus>

/**
 * Japanese and English labels of each {@link ResourceStatus}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { resourceStatusLabels } from "@zaitaku/core"
 *
 * resourceStatusLabels.closed.ja // "廃止"
 * ```
 */
export const resourceStatusLabels: Readonly<Record<ResourceStatus, LocalizedText>> = {
  active: { ja: "運営中", en: "Active" },
  suspended: { ja: "休止中", en: "Suspended" },
  closed: { ja: "廃止", en: "Closed" },
}

/**
 * 情報源 (source of an entry): 介護サービス情報公表システム, 医療情報ネット, a municipality's デジタル庁
 * 自治体標準オープンデータセット file (「介護サービス事業所一覧」 `standard_care_office_list`, 「医療機関一覧」
 * `standard_medical_institution_list`: one value per dataset, as each is the authority for different fields and keys
 * its records differently), a survey (調査), manual entry by the coordinator, or the provider itself.
 *
 * @since 0.1.0
 * @category provenance
 * @example
 * ```ts
 * import { ResourceSource } from "@zaitaku/core"
 *
 * ResourceSource.parse("mhlw_kaigo_kohyo")
 * ```
 */
export const ResourceSource = z.enum([
  "mhlw_kaigo_kohyo",
  "iryo_net",
  "standard_care_office_list",
  "standard_medical_institution_list",
  "survey",
  "manual",
  "self_reported",
])
/** @since 0.1.0 @category provenance */
export type ResourceSource = z.infer<typeof ResourceSource>

/**
 * Japanese and English labels of each {@link ResourceSource}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { resourceSourceLabels } from "@zaitaku/core"
 *
 * resourceSourceLabels.iryo_net.ja // "医療情報ネット"
 * ```
 */
export const resourceSourceLabels: Readonly<Record<ResourceSource, LocalizedText>> = {
  mhlw_kaigo_kohyo: { ja: "介護サービス情報公表システム", en: "MHLW long-term care service information system" },
  iryo_net: { ja: "医療情報ネット", en: "MHLW medical information network (Navii)" },
  standard_care_office_list: {
    ja: "自治体標準オープンデータセット（介護サービス事業所一覧）",
    en: "Municipal standard open dataset: long-term care service offices",
  },
  standard_medical_institution_list: {
    ja: "自治体標準オープンデータセット（医療機関一覧）",
    en: "Municipal standard open dataset: medical institutions",
  },
  survey: { ja: "調査", en: "Survey" },
  manual: { ja: "手入力", en: "Manual entry" },
  self_reported: { ja: "事業所による登録", en: "Reported by the provider" },
}

/**
 * 出典 (provenance): where an entry came from, the record's key in that source (事業所番号, 医療情報ネット ID, survey
 * row …) and when it was imported.
 *
 * @since 0.1.0
 * @category provenance
 * @example
 * ```ts
 * import { Provenance } from "@zaitaku/core"
 *
 * Provenance.parse({ source: "mhlw_kaigo_kohyo", sourceRecordId: "0170101950", importedAt: "2025-07-01T00:00:00Z" })
 * ```
 */
export const Provenance = z.object({
  source: ResourceSource,
  sourceRecordId: z.string().min(1).max(200).optional(),
  importedAt: z.iso.datetime({ offset: true }).optional(),
})
/** @since 0.1.0 @category provenance */
export type Provenance = z.infer<typeof Provenance>

/**
 * 識別番号 (identifiers) of a resource: 医療機関コード, 介護保険事業所番号, 医療情報ネット ID.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ResourceIdentifiers } from "@zaitaku/core"
 *
 * ResourceIdentifiers.parse({ careOfficeNumber: "0170101950" })
 * ```
 */
export const ResourceIdentifiers = z.object({
  medicalInstitutionCode: MedicalInstitutionCode.optional(),
  careOfficeNumber: CareOfficeNumber.optional(),
  iryoNetId: IryoNetId.optional(),
})
/** @since 0.1.0 @category models */
export type ResourceIdentifiers = z.infer<typeof ResourceIdentifiers>

/**
 * 行為者 (actor reference): who did something — the `subject` of a {@link Principal}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ActorRef } from "@zaitaku/core"
 *
 * ActorRef.parse({ kind: "user", id: "coordinator-1" })
 * ```
 */
export const ActorRef = Principal.shape.subject
/** @since 0.1.0 @category models */
export type ActorRef = z.infer<typeof ActorRef>

// ---------------------------------------------------------------------------------------------------------------
// Resource
// ---------------------------------------------------------------------------------------------------------------

const newResourceShape = {
  /** The tenant whose directory holds the entry (imports copy national records into the tenant's directory). */
  tenantId: TenantId,
  organizationId: OrganizationId.optional(),
  kind: ResourceKind,
  homeCareSupport: HomeCareSupport.optional(),
  name: z.string().trim().min(1).max(300),
  nameKana: z.string().max(300).optional(),
  identifiers: ResourceIdentifiers.default({}),
  address: Address,
  location: GeoPoint.optional(),
  phone: PhoneNumber.optional(),
  fax: PhoneNumber.optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Contact details published where a URL was expected (e-mail addresses, phone numbers), kept as written. */
  contactNotes: z.string().max(1000).optional(),
  hours: WeeklyHours.default([]),
  /** 休業日 (closures): 年末年始, お盆, 第3土曜 …, as written. */
  holidayClosures: z.string().max(1000).optional(),
  capabilities: z.array(Capability).default([]),
  consultation: Consultation.optional(),
  availability: Availability.optional(),
  /** サービス提供地域: the municipalities served (visit-type services). */
  serviceArea: z.array(LocalGovernmentCode).default([]),
  status: ResourceStatus.default("active"),
  closedOn: IsoDate.optional(),
  provenance: Provenance,
  assuredAt: z.iso.datetime({ offset: true }).optional(),
  assuredBy: ActorRef.optional(),
  notes: z.string().max(4000).optional(),
}

interface CrossFieldInput {
  readonly kind: ResourceKind
  readonly homeCareSupport?: HomeCareSupport | undefined
  readonly location?: GeoPoint | undefined
  readonly capabilities: ReadonlyArray<Capability>
  readonly serviceArea: ReadonlyArray<string>
  readonly status: ResourceStatus
  readonly closedOn?: string | undefined
  readonly assuredAt?: string | undefined
  readonly assuredBy?: unknown
}

const checkResource = (resource: CrossFieldInput, ctx: z.core.$RefinementCtx): void => {
  if (resource.status === "closed" && resource.closedOn === undefined) {
    addLocalizedIssue(
      ctx,
      ["closedOn"],
      "廃止の場合は廃止日を入力してください",
      "A closed resource needs closedOn",
      "closed_on_required",
    )
  }
  if (resource.status !== "closed" && resource.closedOn !== undefined) {
    addLocalizedIssue(
      ctx,
      ["closedOn"],
      "廃止日は状態が「廃止」のときだけ入力できます",
      "closedOn is allowed only when the status is closed",
      "closed_on_without_closed",
    )
  }
  if (resource.homeCareSupport !== undefined && !homeCareSupportFits(resource.kind, resource.homeCareSupport)) {
    addLocalizedIssue(
      ctx,
      ["homeCareSupport"],
      resource.homeCareSupport === "dental"
        ? "在宅療養支援歯科診療所の届出は歯科診療所にだけ設定できます"
        : "在宅療養支援診療所・病院の届出は病院・診療所にだけ設定できます",
      resource.homeCareSupport === "dental"
        ? "The dental home-care support designation applies only to dental clinics"
        : "Home-care support designations apply only to hospitals and clinics",
      "home_care_support_kind",
    )
  }
  if (resource.location !== undefined && !isInJapan(resource.location)) {
    addLocalizedIssue(
      ctx,
      ["location"],
      `座標（緯度${resource.location.latitude}、経度${resource.location.longitude}）が日本の範囲外です。緯度と経度が逆でないか確認してください`,
      `Coordinates (latitude ${resource.location.latitude}, longitude ${resource.location.longitude}) are outside Japan; check that latitude and longitude are not swapped`,
      "outside_japan",
    )
  }
  if (new Set(resource.capabilities).size !== resource.capabilities.length) {
    addLocalizedIssue(ctx, ["capabilities"], "同じ機能が重複しています", "A capability is listed twice", "duplicate")
  }
  if (new Set(resource.serviceArea).size !== resource.serviceArea.length) {
    addLocalizedIssue(
      ctx,
      ["serviceArea"],
      "同じ市区町村が重複しています",
      "A municipality is listed twice",
      "duplicate",
    )
  }
  if ((resource.assuredAt === undefined) !== (resource.assuredBy === undefined)) {
    addLocalizedIssue(
      ctx,
      [resource.assuredAt === undefined ? "assuredAt" : "assuredBy"],
      "確認日時と確認者は両方入力してください",
      "assuredAt and assuredBy go together",
      "assurance_pair",
    )
  }
}

/**
 * 新しい資源 (new resource): what a client sends to create a directory entry — a {@link Resource} without `id`,
 * `version` and timestamps. Defaults: no identifiers, hours, capabilities or service area; status `active`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { NewResource } from "@zaitaku/core"
 *
 * NewResource.parse({
 *   tenantId: "0192f5a0-0000-7000-8000-000000000001",
 *   kind: "home_nursing_station",
 *   name: "八戸訪問看護ステーション",
 *   nameKana: "ハチノヘホウモンカンゴステーション",
 *   address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市内丸1-1-1" },
 *   phone: "0178-00-0000",
 *   provenance: { source: "manual" },
 * })
 * ```
 */
export const NewResource = z.object(newResourceShape).superRefine(checkResource)
/** @since 0.1.0 @category models */
export type NewResource = z.infer<typeof NewResource>

/**
 * 資源 (resource): a facility or service at a place — a hospital, clinic, pharmacy, 訪問看護ステーション, 介護サービス
 * 事業所, 施設, or an informal community resource (通いの場, 配食 …) — with identifiers, contact, hours, 在宅医療
 * capabilities, availability, status, provenance and assurance. `version` increases with every change (optimistic
 * concurrency).
 *
 * Cross-field rules (bilingual issues): closed ⇔ `closedOn`; a home-care support designation fits the kind;
 * coordinates lie in Japan; vacancy ≤ capacity; periods ordered and not overlapping; `assuredAt` with `assuredBy`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Resource } from "@zaitaku/core"
 *
 * Resource.safeParse({}).success // false
 * ```
 */
export const Resource = z
  .object({
    id: ResourceId,
    ...newResourceShape,
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    version: z.int().min(1),
  })
  .superRefine(checkResource)
/** @since 0.1.0 @category models */
export type Resource = z.infer<typeof Resource>

// ---------------------------------------------------------------------------------------------------------------
// Change log
// ---------------------------------------------------------------------------------------------------------------

/**
 * 変更履歴の1項目 (field-level change): who changed which field of which resource, from what, to what, when and
 * why. `field` is a dotted path (`address.line`); `from`/`to` are absent when the field was absent. `version` is the
 * version of the resource the change produced: the changes of one write share it, and it orders the log. A change
 * that a provider proposed and a coordinator accepted names the request (`changeRequestId`) and the reviewer
 * (`reviewedBy`); `by` is then the provider who proposed it.
 *
 * @since 0.1.0
 * @category change log
 * @example
 * ```ts
 * import { ResourceChange } from "@zaitaku/core"
 *
 * ResourceChange.parse({
 *   resourceId: "0192f5a0-0000-7000-8000-000000000001",
 *   version: 2,
 *   field: "phone",
 *   from: "0178-00-0000",
 *   to: "0178-11-1111",
 *   at: "2025-07-01T10:00:00+09:00",
 *   by: { kind: "api_key", id: "0192f5a0-0000-7000-8000-000000000002" },
 *   reason: "事業所からの届出",
 * })
 * ```
 */
export const ResourceChange = z.object({
  resourceId: ResourceId,
  version: z.int().min(1),
  field: z.string().min(1).max(200),
  from: z.json().optional(),
  to: z.json().optional(),
  at: z.iso.datetime({ offset: true }),
  by: ActorRef,
  reason: z.string().max(1000).optional(),
  changeRequestId: ResourceChangeRequestId.optional(),
  reviewedBy: ActorRef.optional(),
})
/** @since 0.1.0 @category change log */
export type ResourceChange = z.infer<typeof ResourceChange>

/**
 * 差分の1項目 (one field difference) as computed by {@link diffResources}; `undefined` means "absent".
 *
 * @since 0.1.0
 * @category change log
 * @example
 * ```ts
 * import type { FieldDiff } from "@zaitaku/core"
 *
 * const diff: FieldDiff = { field: "address.line", from: "内丸1-1", to: "内丸1-2" }
 * ```
 */
export interface FieldDiff {
  readonly field: string
  readonly from: unknown
  readonly to: unknown
}

const diffObjects = (
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  prefix: string,
  ignored: ReadonlySet<string>,
  out: Array<FieldDiff>,
): void => {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  for (const key of keys) {
    const path = prefix === "" ? key : `${prefix}.${key}`
    if (ignored.has(path)) continue
    const from = before[key]
    const to = after[key]
    if (isPlainObject(from) && isPlainObject(to)) diffObjects(from, to, path, ignored, out)
    else if (!equalValues(from, to)) out.push({ field: path, from, to })
  }
}

const ignoredFields: ReadonlySet<string> = new Set(["version", "updatedAt"])

/**
 * 変更点 (field-level diff) of two versions of a resource, in path order: nested objects are compared field by field
 * (`address.line`), arrays and scalars as whole values; an object that appears or disappears is one change at its
 * own path. `version` and `updatedAt` are ignored. Applying the `to` values to `before` (see
 * {@link applyFieldDiffs}) gives `after`.
 *
 * @since 0.1.0
 * @category change log
 * @example
 * ```ts
 * import { diffResources, type Resource } from "@zaitaku/core"
 *
 * declare const before: Resource
 * const after: Resource = { ...before, address: { ...before.address, line: "八戸市内丸2-2-2" }, version: 2 }
 * diffResources(before, after) // [{ field: "address.line", from: "八戸市内丸1-1-1", to: "八戸市内丸2-2-2" }]
 * ```
 */
export const diffResources = (before: Resource, after: Resource): ReadonlyArray<FieldDiff> => {
  const out: Array<FieldDiff> = []
  diffObjects(before as Record<string, unknown>, after as Record<string, unknown>, "", ignoredFields, out)
  return out
}

/**
 * 差分の適用 (apply field diffs): a copy of `value` with each diff's `to` written at its path (`undefined` removes
 * the field). Does not validate; decode the result with {@link Resource} when it comes from outside.
 *
 * @since 0.1.0
 * @category change log
 * @example
 * ```ts
 * import { applyFieldDiffs } from "@zaitaku/core"
 *
 * applyFieldDiffs({ address: { line: "a" } }, [{ field: "address.line", from: "a", to: "b" }])
 * // { address: { line: "b" } }
 * ```
 */
export const applyFieldDiffs = <A extends object>(value: A, diffs: ReadonlyArray<FieldDiff>): A => {
  const root = structuredClone(value) as Record<string, unknown>
  for (const diff of diffs) {
    const segments = diff.field.split(".")
    let target = root
    for (const segment of segments.slice(0, -1)) {
      const next = target[segment]
      if (!isPlainObject(next)) target[segment] = {}
      target = target[segment] as Record<string, unknown>
    }
    const last = segments[segments.length - 1]!
    if (diff.to === undefined) delete target[last]
    else target[last] = structuredClone(diff.to)
  }
  return root as A
}

// ---------------------------------------------------------------------------------------------------------------
// Freshness
// ---------------------------------------------------------------------------------------------------------------

/**
 * 情報の鮮度 (assurance status): `current`, `due_soon` (the due date is within the warning window, or today),
 * `overdue` (the due date has passed), or `never_assured`.
 *
 * @since 0.1.0
 * @category freshness
 * @example
 * ```ts
 * import { AssuranceStatus } from "@zaitaku/core"
 *
 * AssuranceStatus.parse("overdue")
 * ```
 */
export const AssuranceStatus = z.enum(["current", "due_soon", "overdue", "never_assured"])
/** @since 0.1.0 @category freshness */
export type AssuranceStatus = z.infer<typeof AssuranceStatus>

/**
 * Japanese and English labels of each {@link AssuranceStatus}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { assuranceStatusLabels } from "@zaitaku/core"
 *
 * assuranceStatusLabels.overdue.ja // "確認期限切れ"
 * ```
 */
export const assuranceStatusLabels: Readonly<Record<AssuranceStatus, LocalizedText>> = {
  current: { ja: "確認済み", en: "Current" },
  due_soon: { ja: "まもなく確認期限", en: "Due soon" },
  overdue: { ja: "確認期限切れ", en: "Overdue" },
  never_assured: { ja: "未確認", en: "Never assured" },
}

/**
 * 鮮度の判定結果 (assurance result): the status, and for an assured entry its due date (`YYYY-MM-DD`) and the days
 * from today to it (negative when overdue).
 *
 * @since 0.1.0
 * @category freshness
 * @example
 * ```ts
 * import type { Assurance } from "@zaitaku/core"
 *
 * const a: Assurance = { status: "due_soon", dueOn: "2025-02-28", daysUntilDue: 10 }
 * ```
 */
export type Assurance =
  | { readonly status: "never_assured" }
  | { readonly status: "current" | "due_soon" | "overdue"; readonly dueOn: IsoDate; readonly daysUntilDue: number }

/**
 * Options of {@link assuranceStatus}: today (`now`, read as a date in Asia/Tokyo), the tenant's assurance period in
 * months (default 12) and how many days before the due date an entry becomes `due_soon` (default 30).
 *
 * @since 0.1.0
 * @category freshness
 * @example
 * ```ts
 * import type { AssuranceOptions } from "@zaitaku/core"
 *
 * const options: AssuranceOptions = { now: new Date(), periodMonths: 6 }
 * ```
 */
export interface AssuranceOptions {
  readonly now: DateInput
  readonly periodMonths?: number
  readonly dueSoonDays?: number
}

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate()

/**
 * 月の加算 (add months) to a calendar date, clamping to the month's last day: 2025-01-31 + 1 month = 2025-02-28.
 *
 * @throws RangeError as {@link toPlainDate} for an invalid date.
 * @since 0.1.0
 * @category freshness
 * @example
 * ```ts
 * import { addMonths } from "@zaitaku/core"
 *
 * addMonths("2024-02-29", 12) // "2025-02-28"
 * ```
 */
export const addMonths = (date: DateInput, months: number): IsoDate => {
  const { year, month, day } = toPlainDate(date)
  const index = year * 12 + (month - 1) + months
  const newYear = Math.floor(index / 12)
  const newMonth = (index % 12) + 1
  return toIsoDate({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) })
}

const dayNumber = (iso: IsoDate): number => {
  const { year, month, day } = toPlainDate(iso)
  return Math.round(Date.UTC(year, month - 1, day) / 86_400_000)
}

/**
 * 確認期限の判定 (assurance status) of a resource: the due date is the date of `assuredAt` (in Japan) plus
 * `periodMonths`; on and after the day after it the entry is `overdue`; within `dueSoonDays` before it (the due date
 * included) it is `due_soon`. A pure function: pass `now` from `Clock`.
 *
 * @since 0.1.0
 * @category freshness
 * @example
 * ```ts
 * import { assuranceStatus } from "@zaitaku/core"
 *
 * assuranceStatus({ assuredAt: "2025-01-31T10:00:00+09:00" }, { now: "2025-02-01", periodMonths: 1 })
 * // { status: "due_soon", dueOn: "2025-02-28", daysUntilDue: 27 }
 * ```
 */
export const assuranceStatus = (
  resource: { readonly assuredAt?: string | undefined },
  options: AssuranceOptions,
): Assurance => {
  if (resource.assuredAt === undefined) return { status: "never_assured" }
  const dueOn = addMonths(new Date(resource.assuredAt), options.periodMonths ?? 12)
  const daysUntilDue = dayNumber(dueOn) - dayNumber(toIsoDate(options.now))
  const status = daysUntilDue < 0 ? "overdue" : daysUntilDue <= (options.dueSoonDays ?? 30) ? "due_soon" : "current"
  return { status, dueOn, daysUntilDue }
}
