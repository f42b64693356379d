/**
 * 標準指標カタログ (the standard indicator catalogue): the data elements Zaitaku computes from the program's records
 * or takes from statistics, and the evaluation indicators built on them, with Japanese and English names and
 * definitions. Municipalities choose from it when they set 評価指標 per goal; their own indicators use other codes.
 *
 * Two families:
 * - **program-derived** indicators, computed from consultations, trainings and events, meetings, issues and
 *   countermeasures, the directory and coordination cases — Zaitaku's own definitions (evidence grade
 *   `inference`), made so that the activity records become the data source;
 * - **医療計画-style** indicators from statistics (医療施設調査, 地域別データ集 …). Those added to the 第8次医療計画's
 *   indicator examples are cited as official; the commonly used names that REFERENCE.md §1.6 marks as not
 *   verified carry an `unconfirmed` note, as do all exact data definitions of statistics not yet checked.
 *
 * @since 0.1.0
 */
import {
  type ActivityEventKind,
  activityEventKindLabels,
  consultationTopicLabels,
  meetingKindLabels,
  organizationCategoryLabels,
  requesterCategoryLabels,
} from "./ActivityCodeLists.js"
import type { SourceCitation } from "./CodeList.js"
import { findStandardCodeList } from "./CodeList.js"
import { DataElement, type DataElementInput, IndicatorDefinition, type IndicatorDefinitionInput } from "./Indicator.js"
import type { LocalizedText } from "./Label.js"
import { careSceneLabels } from "./ProgramFramework.js"

// ---------------------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------------------

const zaitakuRecords: SourceCitation = {
  id: "zaitaku-program-records",
  title: "Zaitaku: 在宅医療・介護連携推進事業の活動記録から計算する指標",
  grade: "inference",
  note: "Defined by Zaitaku from the program items (REFERENCE.md §1.2) so that records compute the figures municipalities now count by hand (seed documents 003, 004).",
}

const hokkaidoTable: SourceCitation = {
  id: "hokkaido-health-center-councils-r5",
  title: "北海道 道立保健所による多職種連携協議会の実施状況（R5年度実績）",
  grade: "official",
  note: "Seed document 004: 会議（WG・部会）, 多職種・専門職の研修会 and 講演会, each as 回数 and 人数（延べ）.",
}

const aomoriConsultations: SourceCitation = {
  id: "aomori-hachinohe-area-consultations-r3",
  title: "青森県 在宅医療・介護連携推進事業に係る市町村の取組について（資料6-2,（旧オ）相談支援）",
  grade: "official",
  note: "Seed document 003: desks report 相談件数 as 一般住民 and 支援機関／関係機関; 階上町 counts them without 病院名 or 内容.",
}

const admissionAddOn: SourceCitation = {
  id: "admission-information-addon-2024",
  title: "介護報酬 入院時情報連携加算（令和6年度改定）の提供期限",
  grade: "official",
  note: "REFERENCE.md §2.3; the due dates come from Zaitaku's coordination rule sets.",
}

const dischargeCoordinationSurvey: SourceCitation = {
  id: "tottori-west-discharge-coordination-survey",
  title: "鳥取県西部 入退院調整ルールに係る退院調整率の調査",
  grade: "official",
  note: "REFERENCE.md §8: only the rule's existence and its 調整率 survey are confirmed, not the survey's exact definition.",
}

const eighthPlanAdditions: SourceCitation = {
  id: "mhlw-8th-medical-plan-home-care-indicators",
  title: "厚生労働省 第8次医療計画等に関する検討会（第19回）参考資料1 p.45 在宅医療の現状把握のための指標例（追加）",
  url: "https://wic-net.com/material/document/6263/45",
  grade: "official",
  note: "Read through the wic-net.com page mirror (OCR).",
}

const commonIndicatorNames: SourceCitation = {
  id: "medical-plan-common-indicator-names",
  title: "医療計画・手引きで一般に用いられる在宅医療の指標名",
  grade: "inference",
  note: "REFERENCE.md §1.6 marks these names as general knowledge, not verified.",
}

const regionalDataSet: SourceCitation = {
  id: "mhlw-zaitaku-regional-data",
  title: "厚生労働省 在宅医療にかかる地域別データ集",
  url: "https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/0000061944.html",
  grade: "official",
  note: "Its layout (項目番号, 市区町村コード 5桁) is known only from a third-party script (REFERENCE.md §1.6).",
}

const populationStatistics: SourceCitation = {
  id: "population-statistics",
  title: "住民基本台帳に基づく人口（または国勢調査）",
  grade: "inference",
  note: "Any official population count per municipality; the tenant says which one it enters.",
}

const unverifiedName =
  "REFERENCE.md §1.6 lists this name as commonly used but not verified; check the 医療計画 indicator list and the exact statistical definition before relying on it."
const unverifiedDefinition =
  "The name is official; the exact data definition (which table, which month, 所在地 or 住所地) is not confirmed."

// ---------------------------------------------------------------------------------------------------------------
// Data elements
// ---------------------------------------------------------------------------------------------------------------

const options = (labels: Readonly<Record<string, LocalizedText>>) =>
  Object.entries(labels).map(([code, label]) => ({ code, label }))

const professionOptions = findStandardCodeList("profession")!.concepts.map((concept) => ({
  code: concept.code,
  label: concept.label,
}))

const trainingKinds = (Object.keys(activityEventKindLabels) as Array<ActivityEventKind>).filter(
  (kind) => kind.endsWith("training") || kind === "case_study_meeting",
)
const publicKinds = (Object.keys(activityEventKindLabels) as Array<ActivityEventKind>).filter(
  (kind) => !trainingKinds.includes(kind),
)
const kindOptions = (kinds: ReadonlyArray<ActivityEventKind>) =>
  kinds.map((code) => ({ code, label: activityEventKindLabels[code] }))

type ElementRow = Omit<DataElementInput, "name" | "definition"> & {
  readonly ja: string
  readonly en: string
  readonly definitionJa: string
  readonly definitionEn: string
}

const element = ({ ja, en, definitionJa, definitionEn, ...rest }: ElementRow): DataElement =>
  DataElement.parse({ ...rest, name: { ja, en }, definition: { ja: definitionJa, en: definitionEn } })

/**
 * 標準データ項目 (the standard data elements): what Zaitaku computes from records (`computedFrom`) and what is
 * entered or imported from statistics (population, 医療施設調査 …). The options of each breakdown are the codes of
 * the activity code lists.
 *
 * @since 0.1.0
 * @category catalogue
 * @example
 * ```ts
 * import { standardDataElements } from "@zaitaku/core"
 *
 * standardDataElements.find((e) => e.code === "consultations")?.options?.map((o) => o.code)
 * // ["resident_family", "medical_institution", "care_provider", "community_support_center", "government", "other"]
 * ```
 */
export const standardDataElements: ReadonlyArray<DataElement> = [
  // --- オ 相談支援 ----------------------------------------------------------------------------------------------
  element({
    code: "consultations",
    ja: "相談件数",
    en: "Consultations",
    definitionJa: "相談窓口が受けた相談の件数（内訳: 相談者の区分）",
    definitionEn: "Consultations received by the desk, broken down by requester category",
    valueType: "count",
    periodAggregation: "sum",
    options: options(requesterCategoryLabels),
    computedFrom: "consultations",
    source: aomoriConsultations,
  }),
  element({
    code: "consultation_topics",
    ja: "相談内容別の相談件数",
    en: "Consultations by topic",
    definitionJa:
      "相談内容ごとの相談件数。1件の相談に複数の内容があるため内訳の合計は総数と一致しない（総数は相談件数）",
    definitionEn:
      "Consultations per topic; a consultation may have several topics, so the options do not add up (the total is the number of consultations)",
    valueType: "count",
    periodAggregation: "sum",
    options: options(consultationTopicLabels),
    optionsAddUp: false,
    computedFrom: "consultations",
  }),
  element({
    code: "consultation_scenes",
    ja: "場面別の相談件数",
    en: "Consultations by care scene",
    definitionJa:
      "4つの場面ごとの相談件数（1件の相談が複数の場面にかかることがある。総数は場面が記録された相談の件数）",
    definitionEn:
      "Consultations per care scene (one may concern several; the total counts consultations with any scene)",
    valueType: "count",
    periodAggregation: "sum",
    options: options(careSceneLabels),
    optionsAddUp: false,
    computedFrom: "consultations",
  }),
  element({
    code: "consultations_referred",
    ja: "関係機関につないだ相談件数",
    en: "Consultations referred to institutions",
    definitionJa: "つないだ先が1か所以上記録された相談の件数",
    definitionEn: "Consultations with at least one referral recorded",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "consultations",
  }),
  element({
    code: "consultations_institution_named",
    ja: "相談元の機関が特定された相談件数",
    en: "Consultations whose institution is named",
    definitionJa:
      "本人・家族／住民とその他以外からの相談のうち、相談元の機関（資源一覧の登録または名称）が記録された件数",
    definitionEn: "Consultations from institutions whose institution is recorded (a directory entry or a name)",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "consultations",
  }),
  element({
    code: "consultation_minutes",
    ja: "相談対応時間（分）",
    en: "Minutes spent on consultations",
    definitionJa: "相談への対応に要した時間の合計（分）",
    definitionEn: "Total minutes the desk spent on consultations",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "consultations",
  }),
  // --- カ 研修・キ 普及啓発 -------------------------------------------------------------------------------------------
  element({
    code: "trainings_held",
    ja: "研修開催回数",
    en: "Trainings held",
    definitionJa: "開催された医療・介護関係者向け研修の回数（内訳: 研修の種類）",
    definitionEn: "Trainings for medical and care professionals that took place, by kind",
    valueType: "count",
    periodAggregation: "sum",
    options: kindOptions(trainingKinds),
    computedFrom: "events",
    source: hokkaidoTable,
  }),
  element({
    code: "training_participants",
    ja: "研修参加者数（延べ）",
    en: "Training participants (total attendances)",
    definitionJa:
      "開催された研修の参加者数の合計。記録された参加者数、なければ出席とされた申込の数。内訳は職種（分かる分のみ）",
    definitionEn:
      "Participants of trainings that took place: the recorded count, else the registrations marked attended; by profession where known",
    valueType: "count",
    periodAggregation: "sum",
    options: professionOptions,
    optionsAddUp: false,
    computedFrom: "events",
    source: hokkaidoTable,
  }),
  element({
    code: "training_registrations_confirmed",
    ja: "研修の参加確定数",
    en: "Confirmed training registrations",
    definitionJa: "開催され出欠が記録された研修の、参加確定の申込数",
    definitionEn: "Confirmed registrations of trainings that took place and whose attendance was taken",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "events",
  }),
  element({
    code: "training_registrations_attended",
    ja: "研修の申込者のうち出席者数",
    en: "Registered applicants who attended trainings",
    definitionJa: "開催され出欠が記録された研修で、参加確定の申込のうち出席とされた数",
    definitionEn: "Confirmed registrations marked attended, for trainings whose attendance was taken",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "events",
  }),
  element({
    code: "public_events_held",
    ja: "普及啓発の開催回数",
    en: "Public awareness events held",
    definitionJa: "開催された地域住民向けの講演会・出前講座等の回数（内訳: 種類）",
    definitionEn: "Public lectures, outreach lectures and other events for residents that took place, by kind",
    valueType: "count",
    periodAggregation: "sum",
    options: kindOptions(publicKinds),
    computedFrom: "events",
    source: hokkaidoTable,
  }),
  element({
    code: "public_event_participants",
    ja: "普及啓発の参加者数（延べ）",
    en: "Public awareness event participants",
    definitionJa: "開催された普及啓発イベントの参加者数の合計",
    definitionEn: "Participants of public awareness events that took place",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "events",
    source: hokkaidoTable,
  }),
  // --- イ 会議・課題・対応策 ---------------------------------------------------------------------------------------------
  element({
    code: "meetings_held",
    ja: "会議開催回数",
    en: "Meetings held",
    definitionJa: "開催された協議会・WG・部会・地域ケア会議等の回数（内訳: 会議の種類）",
    definitionEn: "Councils, working groups, subcommittees and other meetings that took place, by kind",
    valueType: "count",
    periodAggregation: "sum",
    options: options(meetingKindLabels),
    computedFrom: "meetings",
    source: hokkaidoTable,
  }),
  element({
    code: "meeting_participants",
    ja: "会議参加者数（延べ）",
    en: "Meeting participants (total attendances)",
    definitionJa: "開催された会議の出席者数の合計（内訳: 所属の種類、分かる分のみ）",
    definitionEn: "Attendees of meetings that took place, by organisation category where known",
    valueType: "count",
    periodAggregation: "sum",
    options: options(organizationCategoryLabels),
    optionsAddUp: false,
    computedFrom: "meetings",
    source: hokkaidoTable,
  }),
  element({
    code: "issues_raised",
    ja: "抽出された課題数",
    en: "Issues raised",
    definitionJa: "期間中に提起された課題の数（内訳: 場面）",
    definitionEn: "Issues raised in the period, by care scene",
    valueType: "count",
    periodAggregation: "sum",
    options: options(careSceneLabels),
    optionsAddUp: false,
    computedFrom: "meetings",
  }),
  element({
    code: "issues_resolved",
    ja: "解決した課題数",
    en: "Issues resolved",
    definitionJa: "期間中に解決した課題の数",
    definitionEn: "Issues resolved in the period",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "meetings",
  }),
  element({
    code: "countermeasures_due",
    ja: "期限を迎えた対応策数",
    en: "Countermeasures due",
    definitionJa: "期限が期間内にある対応策の数（中止を除く）",
    definitionEn: "Countermeasures due in the period, cancelled ones excluded",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "countermeasures",
  }),
  element({
    code: "countermeasures_done_on_time",
    ja: "期限内に完了した対応策数",
    en: "Countermeasures completed on time",
    definitionJa: "期限が期間内にある対応策のうち、期限までに完了したものの数",
    definitionEn: "Countermeasures due in the period and completed by their due date",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "countermeasures",
  }),
  // --- ア 資源 ----------------------------------------------------------------------------------------------------
  element({
    code: "resources_active",
    ja: "掲載中の資源数",
    en: "Active directory entries",
    definitionJa: "期間の末日に掲載中の医療・介護資源の数",
    definitionEn: "Directory entries active on the last day of the period",
    valueType: "count",
    periodAggregation: "last",
    computedFrom: "directory",
  }),
  element({
    code: "resources_assured_12m",
    ja: "12か月以内に内容確認された資源数",
    en: "Entries assured within 12 months",
    definitionJa: "期間の末日に掲載中の資源のうち、末日以前12か月以内に内容が確認されたものの数",
    definitionEn: "Active entries whose content was assured in the 12 months up to the last day of the period",
    valueType: "count",
    periodAggregation: "last",
    computedFrom: "directory",
  }),
  // --- ウ・エ 入退院 ------------------------------------------------------------------------------------------------
  element({
    code: "admission_information_due",
    ja: "入院時情報提供の対象件数",
    en: "Admissions requiring information from the care manager",
    definitionJa: "入退院調整の記録のうち、入院時情報提供の期限が期間内にあるもの（対象外・免除を除く）",
    definitionEn:
      "Coordination cases whose admission information was due in the period (not applicable and waived excluded)",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "coordination",
    source: admissionAddOn,
  }),
  element({
    code: "admission_information_on_time",
    ja: "期限内の入院時情報提供件数",
    en: "Admission information provided on time",
    definitionJa: "入院時情報提供の対象のうち、期限内に提供されたもの",
    definitionEn: "Of the admissions requiring information, those where it was provided on time",
    valueType: "count",
    periodAggregation: "sum",
    computedFrom: "coordination",
    source: admissionAddOn,
  }),
  element({
    code: "discharges_requiring_coordination",
    ja: "退院調整が必要な退院患者数",
    en: "Discharges requiring coordination",
    definitionJa: "調査期間中の退院患者のうち、介護保険サービスの利用等のため退院調整が必要だった人数",
    definitionEn: "Discharged patients who needed coordination with care services in the survey period",
    valueType: "count",
    periodAggregation: "sum",
    source: dischargeCoordinationSurvey,
    unconfirmed: "The survey's exact definition is not confirmed.",
  }),
  element({
    code: "discharges_coordinated",
    ja: "退院調整が行われた退院患者数",
    en: "Discharges with coordination",
    definitionJa: "退院調整が必要な退院患者のうち、病院からケアマネジャーへ連絡（退院調整）があった人数",
    definitionEn: "Of the discharges requiring coordination, those where the hospital contacted the care manager",
    valueType: "count",
    periodAggregation: "sum",
    source: dischargeCoordinationSurvey,
    unconfirmed: "The survey's exact definition is not confirmed.",
  }),
  // --- 人口・統計 -------------------------------------------------------------------------------------------------
  element({
    code: "population",
    ja: "人口",
    en: "Population",
    definitionJa: "総人口（年度初め、または入力された時点）",
    definitionEn: "Total population (at the start of the fiscal year, or as entered)",
    valueType: "count",
    periodAggregation: "last",
    source: populationStatistics,
  }),
  element({
    code: "population_65_plus",
    ja: "65歳以上人口",
    en: "Population aged 65 and over",
    definitionJa: "65歳以上の人口（年度初め、または入力された時点）",
    definitionEn: "Population aged 65 and over (at the start of the fiscal year, or as entered)",
    valueType: "count",
    periodAggregation: "last",
    source: populationStatistics,
  }),
  element({
    code: "home_visit_clinics",
    ja: "訪問診療を実施している診療所・病院数",
    en: "Clinics and hospitals providing home visits",
    definitionJa: "訪問診療を実施している診療所・病院の数（医療施設調査、医療機関所在地ベース）",
    definitionEn:
      "Clinics and hospitals that provide scheduled home medical visits (Survey of Medical Institutions, by location)",
    valueType: "count",
    periodAggregation: "last",
    source: regionalDataSet,
    unconfirmed: unverifiedName,
  }),
  element({
    code: "home_care_support_clinics",
    ja: "在宅療養支援診療所・病院数",
    en: "Home care support clinics and hospitals",
    definitionJa: "在宅療養支援診療所・在宅療養支援病院の届出数",
    definitionEn: "Notified home care support clinics and hospitals",
    valueType: "count",
    periodAggregation: "last",
    source: regionalDataSet,
    unconfirmed: unverifiedName,
  }),
  element({
    code: "enhanced_home_care_support_clinics",
    ja: "機能強化型在宅療養支援診療所・病院数",
    en: "Enhanced home care support clinics and hospitals",
    definitionJa: "機能強化型の在宅療養支援診療所・在宅療養支援病院の届出数",
    definitionEn: "Notified enhanced home care support clinics and hospitals",
    valueType: "count",
    periodAggregation: "last",
    source: eighthPlanAdditions,
    unconfirmed: unverifiedDefinition,
  }),
  element({
    code: "home_nursing_stations",
    ja: "訪問看護事業所数",
    en: "Home-visit nursing stations",
    definitionJa: "訪問看護ステーションの数",
    definitionEn: "Home-visit nursing stations",
    valueType: "count",
    periodAggregation: "last",
    source: regionalDataSet,
    unconfirmed: unverifiedName,
  }),
  element({
    code: "home_visit_patients",
    ja: "訪問診療を受けた患者数",
    en: "Patients receiving home visits",
    definitionJa: "訪問診療を受けた患者の数",
    definitionEn: "Patients who received scheduled home medical visits",
    valueType: "count",
    periodAggregation: "sum",
    source: commonIndicatorNames,
    unconfirmed: unverifiedName,
  }),
  element({
    code: "home_deaths",
    ja: "在宅看取り数",
    en: "Deaths at home with end-of-life care",
    definitionJa: "在宅（自宅・介護施設等）での看取りの件数",
    definitionEn: "End-of-life care completed at home or in a care facility",
    valueType: "count",
    periodAggregation: "sum",
    source: commonIndicatorNames,
    unconfirmed: unverifiedName,
  }),
  element({
    code: "home_nursing_terminal_care_patients",
    ja: "訪問看護によるターミナルケアを受けた患者数",
    en: "Patients receiving terminal care from home-visit nursing",
    definitionJa: "訪問看護によるターミナルケアを受けた患者の数",
    definitionEn: "Patients who received terminal care from home-visit nursing",
    valueType: "count",
    periodAggregation: "sum",
    source: eighthPlanAdditions,
    unconfirmed: unverifiedDefinition,
  }),
  element({
    code: "pharmacies_24h",
    ja: "24時間対応可能な薬局数",
    en: "Pharmacies available around the clock",
    definitionJa: "24時間対応が可能な薬局の数",
    definitionEn: "Pharmacies able to respond around the clock",
    valueType: "count",
    periodAggregation: "last",
    source: eighthPlanAdditions,
    unconfirmed: unverifiedDefinition,
  }),
  element({
    code: "discharge_support_staff_hospitals",
    ja: "退院支援担当者を配置している診療所・病院数",
    en: "Clinics and hospitals with discharge support staff",
    definitionJa: "退院支援担当者を配置している診療所・病院の数",
    definitionEn: "Clinics and hospitals with staff assigned to discharge support",
    valueType: "count",
    periodAggregation: "last",
    source: commonIndicatorNames,
    unconfirmed: unverifiedName,
  }),
]

// ---------------------------------------------------------------------------------------------------------------
// Indicators
// ---------------------------------------------------------------------------------------------------------------

type IndicatorRow = Omit<
  IndicatorDefinitionInput,
  "name" | "definition" | "numeratorDescription" | "denominatorDescription"
> & {
  readonly ja: string
  readonly en: string
  readonly definitionJa: string
  readonly definitionEn: string
  readonly numeratorText: readonly [string, string]
  readonly denominatorText?: readonly [string, string]
}

const indicator = ({ ja, en, definitionJa, definitionEn, numeratorText, denominatorText, ...rest }: IndicatorRow) =>
  IndicatorDefinition.parse({
    ...rest,
    name: { ja, en },
    definition: { ja: definitionJa, en: definitionEn },
    numeratorDescription: { ja: numeratorText[0], en: numeratorText[1] },
    ...(denominatorText === undefined
      ? {}
      : { denominatorDescription: { ja: denominatorText[0], en: denominatorText[1] } }),
  })

const consultationsText = ["相談件数", "Consultations"] as const

/**
 * 標準指標 (the standard indicators): program-derived indicators computed from the records and 医療計画-style
 * indicators from statistics, each with ja/en name and definition, formula, type, direction, kind, scenes, program
 * items, data source and citation; unverified ones carry `unconfirmed`.
 *
 * @since 0.1.0
 * @category catalogue
 * @example
 * ```ts
 * import { standardIndicators } from "@zaitaku/core"
 *
 * standardIndicators.filter((i) => i.unconfirmed !== undefined).map((i) => i.name.ja)
 * ```
 */
export const standardIndicators: ReadonlyArray<IndicatorDefinition> = [
  // --- オ 相談支援 ----------------------------------------------------------------------------------------------
  indicator({
    code: "consultations_total",
    ja: "相談件数",
    en: "Consultations",
    definitionJa: "在宅医療・介護連携に関する相談窓口が受けた相談の件数",
    definitionEn: "Consultations received by the home medical and care coordination desk",
    numerator: "#{consultations}",
    numeratorText: consultationsText,
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["consultation"],
    dataSource: "activity_records",
    source: aomoriConsultations,
  }),
  indicator({
    code: "consultations_per_1000_elderly",
    ja: "高齢者千人当たり相談件数（年換算）",
    en: "Consultations per 1,000 people aged 65+ (annualised)",
    definitionJa: "相談件数を65歳以上人口千人当たりに換算し、年間の件数にしたもの",
    definitionEn: "Consultations per 1,000 people aged 65 and over, annualised",
    numerator: "#{consultations}",
    numeratorText: consultationsText,
    denominator: "#{population_65_plus}",
    denominatorText: ["65歳以上人口", "Population aged 65 and over"],
    type: "per_1000",
    annualized: true,
    decimals: 2,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["consultation"],
    dataSource: "activity_records",
    source: zaitakuRecords,
  }),
  indicator({
    code: "professional_consultation_share",
    ja: "関係機関からの相談の割合",
    en: "Share of consultations from institutions",
    definitionJa: "相談件数のうち、医療機関・介護事業所・地域包括支援センター・行政からの相談の割合",
    definitionEn:
      "Consultations from medical institutions, care providers, community support centers and government, as a share of all",
    numerator: "#{consultations} - #{consultations.resident_family} - #{consultations.other}",
    numeratorText: ["関係機関からの相談件数", "Consultations from institutions"],
    denominator: "#{consultations}",
    denominatorText: consultationsText,
    type: "percent",
    direction: "higher_is_better",
    kind: "process",
    programItems: ["consultation"],
    dataSource: "activity_records",
    source: aomoriConsultations,
  }),
  indicator({
    code: "institution_named_rate",
    ja: "相談元の機関名の記録率",
    en: "Consultations with the institution named",
    definitionJa: "関係機関からの相談のうち、相談元の機関（病院名等）が記録された割合",
    definitionEn: "Of consultations from institutions, the share whose institution (e.g. the hospital) is recorded",
    numerator: "#{consultations_institution_named}",
    numeratorText: ["機関が特定された相談件数", "Consultations with the institution named"],
    denominator: "#{consultations} - #{consultations.resident_family} - #{consultations.other}",
    denominatorText: ["関係機関からの相談件数", "Consultations from institutions"],
    type: "percent",
    direction: "higher_is_better",
    kind: "process",
    programItems: ["consultation"],
    dataSource: "activity_records",
    source: aomoriConsultations,
  }),
  indicator({
    code: "discharge_support_consultations",
    ja: "退院支援に関する相談件数",
    en: "Consultations about discharge support",
    definitionJa: "相談内容に「退院支援」を含む相談の件数",
    definitionEn: "Consultations whose topics include discharge support",
    numerator: "#{consultation_topics.discharge_support}",
    numeratorText: ["退院支援に関する相談件数", "Consultations about discharge support"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    scenes: ["admission_discharge"],
    programItems: ["consultation"],
    dataSource: "activity_records",
    source: zaitakuRecords,
  }),
  indicator({
    code: "end_of_life_consultations",
    ja: "看取りに関する相談件数",
    en: "Consultations about end-of-life care",
    definitionJa: "相談内容に「看取り」を含む相談の件数",
    definitionEn: "Consultations whose topics include end-of-life care",
    numerator: "#{consultation_topics.end_of_life}",
    numeratorText: ["看取りに関する相談件数", "Consultations about end-of-life care"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    scenes: ["end_of_life"],
    programItems: ["consultation"],
    dataSource: "activity_records",
    source: zaitakuRecords,
  }),
  indicator({
    code: "consultation_referral_rate",
    ja: "関係機関につないだ相談の割合",
    en: "Share of consultations referred",
    definitionJa: "相談件数のうち、関係機関（資源一覧の登録先等）につないだ相談の割合",
    definitionEn: "Consultations referred to an institution, as a share of all consultations",
    numerator: "#{consultations_referred}",
    numeratorText: ["つないだ相談件数", "Consultations referred"],
    denominator: "#{consultations}",
    denominatorText: consultationsText,
    type: "percent",
    direction: "higher_is_better",
    kind: "process",
    programItems: ["consultation"],
    dataSource: "activity_records",
    source: zaitakuRecords,
  }),
  // --- カ 研修 --------------------------------------------------------------------------------------------------
  indicator({
    code: "trainings_held",
    ja: "多職種研修等の開催回数",
    en: "Trainings held",
    definitionJa: "医療・介護関係者向け研修（多職種研修・同職種研修・事例検討会等）の開催回数",
    definitionEn: "Trainings for medical and care professionals that took place",
    numerator: "#{trainings_held}",
    numeratorText: ["研修開催回数", "Trainings held"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["training"],
    dataSource: "activity_records",
    source: hokkaidoTable,
  }),
  indicator({
    code: "training_participants",
    ja: "研修参加者数（延べ）",
    en: "Training participants",
    definitionJa: "医療・介護関係者向け研修の参加者数の合計（延べ人数）",
    definitionEn: "Total attendances at trainings for medical and care professionals",
    numerator: "#{training_participants}",
    numeratorText: ["研修参加者数", "Training participants"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["training"],
    dataSource: "activity_records",
    source: hokkaidoTable,
  }),
  indicator({
    code: "training_doctor_participants",
    ja: "研修に参加した医師数（延べ）",
    en: "Doctors attending trainings",
    definitionJa: "医療・介護関係者向け研修に参加した医師の延べ人数（職種が分かる参加者のみ）",
    definitionEn: "Attendances of doctors at trainings (participants whose profession is known)",
    numerator: "#{training_participants.doctor}",
    numeratorText: ["研修に参加した医師数", "Doctors attending trainings"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["training"],
    dataSource: "activity_records",
    source: zaitakuRecords,
  }),
  indicator({
    code: "training_attendance_rate",
    ja: "研修申込者の出席率",
    en: "Attendance rate of training registrations",
    definitionJa: "出欠が記録された研修で、参加確定の申込のうち出席した割合",
    definitionEn: "Of confirmed registrations to trainings whose attendance was taken, the share that attended",
    numerator: "#{training_registrations_attended}",
    numeratorText: ["出席した申込数", "Registrations attended"],
    denominator: "#{training_registrations_confirmed}",
    denominatorText: ["参加確定の申込数", "Confirmed registrations"],
    type: "percent",
    direction: "higher_is_better",
    kind: "process",
    programItems: ["training"],
    dataSource: "activity_records",
    source: zaitakuRecords,
  }),
  // --- キ 普及啓発 ------------------------------------------------------------------------------------------------
  indicator({
    code: "public_events_held",
    ja: "普及啓発の開催回数",
    en: "Public awareness events held",
    definitionJa: "地域住民向けの講演会・出前講座等の開催回数",
    definitionEn: "Lectures and other events for residents that took place",
    numerator: "#{public_events_held}",
    numeratorText: ["普及啓発の開催回数", "Public awareness events held"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["public_awareness"],
    dataSource: "activity_records",
    source: hokkaidoTable,
  }),
  indicator({
    code: "public_event_participants_per_1000",
    ja: "住民千人当たり普及啓発参加者数（年換算）",
    en: "Public awareness participants per 1,000 residents (annualised)",
    definitionJa: "普及啓発イベントの参加者数を人口千人当たりに換算し、年間の人数にしたもの",
    definitionEn: "Participants of public awareness events per 1,000 residents, annualised",
    numerator: "#{public_event_participants}",
    numeratorText: ["普及啓発の参加者数", "Public awareness event participants"],
    denominator: "#{population}",
    denominatorText: ["人口", "Population"],
    type: "per_1000",
    annualized: true,
    decimals: 2,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["public_awareness"],
    dataSource: "activity_records",
    source: zaitakuRecords,
  }),
  // --- イ 会議・課題・対応策 ---------------------------------------------------------------------------------------------
  indicator({
    code: "council_meetings_held",
    ja: "協議会開催回数",
    en: "Council meetings held",
    definitionJa: "在宅医療・介護連携の推進に係る協議会の開催回数",
    definitionEn: "Meetings of the home medical and care coordination council that took place",
    numerator: "#{meetings_held.council}",
    numeratorText: ["協議会開催回数", "Council meetings held"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["issues_and_countermeasures"],
    dataSource: "activity_records",
    source: {
      id: "hokkaido-municipal-survey-councils",
      title: "在宅医療・介護連携推進事業の実施状況調査（市町村票）協議会の設置状況・開催頻度",
      grade: "official",
      note: "Seed document 004 (協議会の開催頻度: 半年に1回 32.6%, 年に1回 25.2%).",
    },
  }),
  indicator({
    code: "meetings_held",
    ja: "会議開催回数（協議会・WG・部会等）",
    en: "Meetings held (councils, working groups, subcommittees)",
    definitionJa: "協議会・WG・部会・地域ケア会議等の開催回数",
    definitionEn: "Councils, working groups, subcommittees and other meetings that took place",
    numerator: "#{meetings_held}",
    numeratorText: ["会議開催回数", "Meetings held"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["issues_and_countermeasures"],
    dataSource: "activity_records",
    source: hokkaidoTable,
  }),
  indicator({
    code: "meeting_participants",
    ja: "会議参加者数（延べ）",
    en: "Meeting participants",
    definitionJa: "協議会・WG・部会等の出席者数の合計（延べ人数）",
    definitionEn: "Total attendances at councils, working groups and other meetings",
    numerator: "#{meeting_participants}",
    numeratorText: ["会議参加者数", "Meeting participants"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    programItems: ["issues_and_countermeasures"],
    dataSource: "activity_records",
    source: hokkaidoTable,
  }),
  indicator({
    code: "countermeasures_on_time_rate",
    ja: "対応策の期限内完了率",
    en: "Countermeasures completed on time",
    definitionJa: "期限が期間内にある対応策のうち、期限までに完了した割合",
    definitionEn: "Of countermeasures due in the period, the share completed by their due date",
    numerator: "#{countermeasures_done_on_time}",
    numeratorText: ["期限内に完了した対応策数", "Countermeasures completed on time"],
    denominator: "#{countermeasures_due}",
    denominatorText: ["期限を迎えた対応策数", "Countermeasures due"],
    type: "percent",
    direction: "higher_is_better",
    kind: "process",
    programItems: ["issues_and_countermeasures"],
    dataSource: "activity_records",
    source: zaitakuRecords,
  }),
  // --- ア 資源 ----------------------------------------------------------------------------------------------------
  indicator({
    code: "directory_assured_rate",
    ja: "資源情報の更新率",
    en: "Directory entries kept current",
    definitionJa: "掲載中の医療・介護資源のうち、12か月以内に内容が確認されたものの割合",
    definitionEn:
      "Active directory entries whose content was assured within 12 months, as a share of all active entries",
    numerator: "#{resources_assured_12m}",
    numeratorText: ["12か月以内に確認された資源数", "Entries assured within 12 months"],
    denominator: "#{resources_active}",
    denominatorText: ["掲載中の資源数", "Active entries"],
    type: "percent",
    direction: "higher_is_better",
    kind: "structure",
    programItems: ["resource_inventory"],
    dataSource: "directory",
    source: zaitakuRecords,
  }),
  // --- ウ・エ 入退院 ------------------------------------------------------------------------------------------------
  indicator({
    code: "admission_information_on_time_rate",
    ja: "入院時情報提供の期限内率",
    en: "Admission information provided on time",
    definitionJa: "入院時情報提供の対象のうち、期限内にケアマネジャーから病院へ情報提供された割合",
    definitionEn:
      "Of admissions requiring information from the care manager, the share provided to the hospital on time",
    numerator: "#{admission_information_on_time}",
    numeratorText: ["期限内の提供件数", "Provided on time"],
    denominator: "#{admission_information_due}",
    denominatorText: ["提供の対象件数", "Admissions requiring information"],
    type: "percent",
    direction: "higher_is_better",
    kind: "process",
    scenes: ["admission_discharge"],
    programItems: ["seamless_provision", "information_sharing"],
    dataSource: "coordination",
    source: admissionAddOn,
  }),
  indicator({
    code: "discharge_coordination_rate",
    ja: "退院調整率",
    en: "Discharge coordination rate",
    definitionJa: "退院調整が必要な退院患者のうち、病院からケアマネジャーへ退院調整の連絡があった割合",
    definitionEn: "Of discharges requiring coordination, the share where the hospital contacted the care manager",
    numerator: "#{discharges_coordinated}",
    numeratorText: ["退院調整が行われた人数", "Discharges with coordination"],
    denominator: "#{discharges_requiring_coordination}",
    denominatorText: ["退院調整が必要な人数", "Discharges requiring coordination"],
    type: "percent",
    direction: "higher_is_better",
    kind: "process",
    scenes: ["admission_discharge"],
    programItems: ["seamless_provision"],
    dataSource: "municipal_survey",
    source: dischargeCoordinationSurvey,
    unconfirmed: "Used with regional 入退院調整ルール (鳥取県西部); the survey's exact definition is not confirmed.",
  }),
  // --- 医療計画型（統計） -------------------------------------------------------------------------------------------
  indicator({
    code: "home_visit_clinics",
    ja: "訪問診療を実施している診療所・病院数",
    en: "Clinics and hospitals providing home visits",
    definitionJa: "訪問診療を実施している診療所・病院の数",
    definitionEn: "Clinics and hospitals that provide scheduled home medical visits",
    numerator: "#{home_visit_clinics}",
    numeratorText: ["訪問診療を実施している診療所・病院数", "Clinics and hospitals providing home visits"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "structure",
    scenes: ["daily_care"],
    dataSource: "medical_facility_survey",
    source: commonIndicatorNames,
    unconfirmed: unverifiedName,
  }),
  indicator({
    code: "home_visit_clinics_per_100k",
    ja: "人口10万人当たり訪問診療を実施している診療所・病院数",
    en: "Clinics and hospitals providing home visits per 100,000 people",
    definitionJa: "訪問診療を実施している診療所・病院の数を人口10万人当たりにしたもの",
    definitionEn: "Clinics and hospitals providing home visits per 100,000 people",
    numerator: "#{home_visit_clinics}",
    numeratorText: ["訪問診療を実施している診療所・病院数", "Clinics and hospitals providing home visits"],
    denominator: "#{population}",
    denominatorText: ["人口", "Population"],
    type: "per_100000",
    decimals: 1,
    direction: "higher_is_better",
    kind: "structure",
    scenes: ["daily_care"],
    dataSource: "medical_facility_survey",
    source: commonIndicatorNames,
    unconfirmed: unverifiedName,
  }),
  indicator({
    code: "home_care_support_clinics",
    ja: "在宅療養支援診療所・病院数",
    en: "Home care support clinics and hospitals",
    definitionJa: "在宅療養支援診療所・在宅療養支援病院の数",
    definitionEn: "Home care support clinics and hospitals",
    numerator: "#{home_care_support_clinics}",
    numeratorText: ["在宅療養支援診療所・病院数", "Home care support clinics and hospitals"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "structure",
    scenes: ["daily_care", "emergency"],
    dataSource: "other",
    source: commonIndicatorNames,
    unconfirmed: unverifiedName,
  }),
  indicator({
    code: "enhanced_home_care_support_clinics",
    ja: "機能強化型在宅療養支援診療所・病院数",
    en: "Enhanced home care support clinics and hospitals",
    definitionJa: "機能強化型の在宅療養支援診療所・在宅療養支援病院の数",
    definitionEn: "Enhanced home care support clinics and hospitals",
    numerator: "#{enhanced_home_care_support_clinics}",
    numeratorText: ["機能強化型在支診・在支病数", "Enhanced home care support clinics and hospitals"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "structure",
    scenes: ["emergency", "end_of_life"],
    dataSource: "other",
    source: eighthPlanAdditions,
    unconfirmed: unverifiedDefinition,
  }),
  indicator({
    code: "home_nursing_stations",
    ja: "訪問看護事業所数",
    en: "Home-visit nursing stations",
    definitionJa: "訪問看護ステーションの数",
    definitionEn: "Home-visit nursing stations",
    numerator: "#{home_nursing_stations}",
    numeratorText: ["訪問看護事業所数", "Home-visit nursing stations"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "structure",
    scenes: ["daily_care", "emergency", "end_of_life"],
    dataSource: "other",
    source: regionalDataSet,
    unconfirmed: unverifiedName,
  }),
  indicator({
    code: "discharge_support_staff_hospitals",
    ja: "退院支援担当者を配置している診療所・病院数",
    en: "Clinics and hospitals with discharge support staff",
    definitionJa: "退院支援担当者を配置している診療所・病院の数",
    definitionEn: "Clinics and hospitals with staff assigned to discharge support",
    numerator: "#{discharge_support_staff_hospitals}",
    numeratorText: ["退院支援担当者を配置している診療所・病院数", "Clinics and hospitals with discharge support staff"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "structure",
    scenes: ["admission_discharge"],
    dataSource: "medical_facility_survey",
    source: commonIndicatorNames,
    unconfirmed: unverifiedName,
  }),
  indicator({
    code: "pharmacies_24h",
    ja: "24時間対応可能な薬局数",
    en: "Pharmacies available around the clock",
    definitionJa: "24時間対応が可能な薬局の数",
    definitionEn: "Pharmacies able to respond around the clock",
    numerator: "#{pharmacies_24h}",
    numeratorText: ["24時間対応可能な薬局数", "Pharmacies available around the clock"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "structure",
    scenes: ["emergency", "end_of_life"],
    dataSource: "other",
    source: eighthPlanAdditions,
    unconfirmed: unverifiedDefinition,
  }),
  indicator({
    code: "home_visit_patients",
    ja: "訪問診療を受けた患者数",
    en: "Patients receiving home visits",
    definitionJa: "訪問診療を受けた患者の数",
    definitionEn: "Patients who received scheduled home medical visits",
    numerator: "#{home_visit_patients}",
    numeratorText: ["訪問診療を受けた患者数", "Patients receiving home visits"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    scenes: ["daily_care"],
    dataSource: "ndb",
    source: commonIndicatorNames,
    unconfirmed: unverifiedName,
  }),
  indicator({
    code: "home_nursing_terminal_care_patients",
    ja: "訪問看護によるターミナルケアを受けた患者数",
    en: "Patients receiving terminal care from home-visit nursing",
    definitionJa: "訪問看護によるターミナルケアを受けた患者の数",
    definitionEn: "Patients who received terminal care from home-visit nursing",
    numerator: "#{home_nursing_terminal_care_patients}",
    numeratorText: ["ターミナルケアを受けた患者数", "Patients receiving terminal care"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "process",
    scenes: ["end_of_life"],
    dataSource: "ndb",
    source: eighthPlanAdditions,
    unconfirmed: unverifiedDefinition,
  }),
  indicator({
    code: "home_deaths",
    ja: "在宅看取り数",
    en: "End-of-life care at home",
    definitionJa: "自宅・介護施設等、在宅での看取りの件数",
    definitionEn: "End-of-life care completed at home or in a care facility",
    numerator: "#{home_deaths}",
    numeratorText: ["在宅看取り数", "End-of-life care at home"],
    type: "number",
    decimals: 0,
    direction: "higher_is_better",
    kind: "outcome",
    scenes: ["end_of_life"],
    dataSource: "other",
    source: commonIndicatorNames,
    unconfirmed: unverifiedName,
  }),
]

/**
 * 標準指標を引く (find a standard indicator) by code.
 *
 * @since 0.1.0
 * @category catalogue
 * @example
 * ```ts
 * import { findStandardIndicator } from "@zaitaku/core"
 *
 * findStandardIndicator("directory_assured_rate")?.name.ja // "資源情報の更新率"
 * ```
 */
export const findStandardIndicator = (code: string): IndicatorDefinition | undefined =>
  standardIndicators.find((definition) => definition.code === code)

/**
 * 標準データ項目を引く (find a standard data element) by code.
 *
 * @since 0.1.0
 * @category catalogue
 * @example
 * ```ts
 * import { findStandardDataElement } from "@zaitaku/core"
 *
 * findStandardDataElement("population_65_plus")?.periodAggregation // "last"
 * ```
 */
export const findStandardDataElement = (code: string): DataElement | undefined =>
  standardDataElements.find((element) => element.code === code)
