/**
 * 活動のコード表 (code lists of the program's activities): who asks a consultation desk, how, about what and with
 * what outcome; the kinds of trainings, public events and meetings; the organisations that attend them; and the
 * states of registrations, issues and countermeasures. Each is a zod enum, a label record and a published
 * {@link CodeList} with its source, built from one record so that they never disagree.
 *
 * National guidance on how to count 相談支援 is not confirmed (REFERENCE.md §8): the lists below follow what
 * municipalities report (seed documents 001–004) and are marked `inference` where they are Zaitaku's own.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { type CodeList, findStandardCodeList, type SourceCitation } from "./CodeList.js"
import { localized } from "./Decode.js"
import { codeListFromLabels, codesOf } from "./internal/codeLists.js"
import type { LocalizedText } from "./Label.js"
import type { ProgramItem } from "./ProgramFramework.js"

// ---------------------------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------------------------

const aomoriConsultations: SourceCitation = {
  id: "aomori-hachinohe-area-consultations-r3",
  title: "青森県 在宅医療・介護連携推進事業に係る市町村の取組について（資料6-2, 八戸圏域,（旧オ）相談支援）",
  grade: "official",
  note: "Seed document 003: desks count 一般住民 and 支援機関／関係機関 separately (八戸市, おいらせ町, 三戸町, 田子町, 新郷村) and take consultations by 電話, 来相 and 同行訪問 (五戸町); 階上町 counts them but not 病院名 or 内容.",
}

const municipalEvents: SourceCitation = {
  id: "kanagawa-kenou-municipal-activities-r6",
  title:
    "病院・在宅医療・介護の連携の取組状況・課題等について（参考資料1: 厚木市・大和市・海老名市・座間市・綾瀬市・愛川町）",
  grade: "official",
  note: "Seed document 002: 多職種研修会, 同職種 groups (愛川町), 市民講演会, 出前講座, 地域ケア会議, 各種連絡会.",
}

const hokkaidoCouncils: SourceCitation = {
  id: "hokkaido-health-center-councils-r5",
  title:
    "北海道 道立保健所による多職種連携協議会の実施状況（R5年度実績）及び 在宅医療・介護連携推進事業の実施状況調査（市町村票）",
  grade: "official",
  note: "Seed document 004: 会議（WG・部会）, 多職種・専門職の研修会, 講演会; 協議会に参加している団体等 (医師会 92.2%, 地域包括支援センター 88.5%, 歯科医師会 83.3%).",
}

const tottoriEast: SourceCitation = {
  id: "tottori-east-medical-association-office",
  title: "東部医師会 在宅医療介護連携推進室の概要",
  grade: "official",
  note: "Seed document 001: 協議会, ワーキンググループ, 多職種連携の事例検討会.",
}

const inference = (title: string, note?: string): SourceCitation =>
  note === undefined ? { title, grade: "inference" } : { title, grade: "inference", note }

// ---------------------------------------------------------------------------------------------------------------
// Consultations (オ)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Japanese and English labels of each {@link RequesterCategory}.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { requesterCategoryLabels } from "@zaitaku/core"
 *
 * requesterCategoryLabels.resident_family.ja // "本人・家族／住民"
 * ```
 */
export const requesterCategoryLabels = {
  resident_family: { ja: "本人・家族／住民", en: "Person, family or resident" },
  medical_institution: { ja: "医療機関", en: "Medical institution" },
  care_provider: { ja: "介護事業所", en: "Care provider" },
  community_support_center: { ja: "地域包括支援センター", en: "Community general support center" },
  government: { ja: "行政", en: "Government" },
  other: { ja: "その他", en: "Other" },
} as const satisfies Record<string, LocalizedText>

/**
 * 相談者の区分 (requester category) of a consultation.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { RequesterCategory } from "@zaitaku/core"
 *
 * RequesterCategory.parse("medical_institution")
 * ```
 */
export const RequesterCategory = z.enum(codesOf(requesterCategoryLabels))
/** @since 0.1.0 @category consultations */
export type RequesterCategory = z.infer<typeof RequesterCategory>

/**
 * 一般住民か関係機関か (requester group): the two-way split municipalities report (一般住民 / 支援機関・関係機関).
 * `resident_family` is a resident; `other` is counted with neither and reported as such.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { requesterGroupOf } from "@zaitaku/core"
 *
 * requesterGroupOf("care_provider") // "professional"
 * ```
 */
export const requesterGroupOf = (category: RequesterCategory): "resident" | "professional" | "other" =>
  category === "resident_family" ? "resident" : category === "other" ? "other" : "professional"

/**
 * Japanese and English labels of each {@link ConsultationChannel}.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { consultationChannelLabels } from "@zaitaku/core"
 *
 * consultationChannelLabels.desk_visit.ja // "来所"
 * ```
 */
export const consultationChannelLabels = {
  phone: { ja: "電話", en: "Phone" },
  desk_visit: { ja: "来所", en: "Visit to the desk" },
  home_visit: { ja: "訪問", en: "Home or site visit" },
  email: { ja: "メール", en: "Email" },
  fax: { ja: "FAX", en: "Fax" },
  other: { ja: "その他", en: "Other" },
} as const satisfies Record<string, LocalizedText>

/**
 * 相談の方法 (channel) through which a consultation reached the desk.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { ConsultationChannel } from "@zaitaku/core"
 *
 * ConsultationChannel.parse("phone")
 * ```
 */
export const ConsultationChannel = z.enum(codesOf(consultationChannelLabels))
/** @since 0.1.0 @category consultations */
export type ConsultationChannel = z.infer<typeof ConsultationChannel>

/**
 * Japanese and English labels of each {@link ConsultationTopic}.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { consultationTopicLabels } from "@zaitaku/core"
 *
 * consultationTopicLabels.no_family.ja // "身寄りなし"
 * ```
 */
export const consultationTopicLabels = {
  discharge_support: { ja: "退院支援", en: "Discharge support" },
  home_care_provider_referral: { ja: "在宅医療機関の紹介", en: "Finding a home medical care provider" },
  long_term_care_insurance: { ja: "介護保険", en: "Long-term care insurance" },
  end_of_life: { ja: "看取り", en: "End-of-life care" },
  dementia: { ja: "認知症", en: "Dementia" },
  medical_procedure: { ja: "医療処置", en: "Medical procedures at home" },
  no_family: { ja: "身寄りなし", en: "No family to rely on" },
  financial: { ja: "経済的問題", en: "Financial problems" },
  advance_care_planning: { ja: "人生会議（ACP）", en: "Advance care planning" },
  emergency: { ja: "急変時の対応", en: "Sudden deterioration" },
  other: { ja: "その他", en: "Other" },
} as const satisfies Record<string, LocalizedText>

/**
 * 相談内容 (consultation topic); a consultation may have several.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { ConsultationTopic } from "@zaitaku/core"
 *
 * ConsultationTopic.parse("discharge_support")
 * ```
 */
export const ConsultationTopic = z.enum(codesOf(consultationTopicLabels))
/** @since 0.1.0 @category consultations */
export type ConsultationTopic = z.infer<typeof ConsultationTopic>

/**
 * Japanese and English labels of each {@link ConsultationOutcome}.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { consultationOutcomeLabels } from "@zaitaku/core"
 *
 * consultationOutcomeLabels.referred.ja // "関係機関につないだ"
 * ```
 */
export const consultationOutcomeLabels = {
  advice_given: { ja: "助言・情報提供で終了", en: "Advice or information given" },
  referred: { ja: "関係機関につないだ", en: "Referred to another institution" },
  coordinated: { ja: "関係機関と調整した", en: "Coordinated with institutions" },
  continuing: { ja: "継続して対応中", en: "Follow-up continues" },
  other: { ja: "その他", en: "Other" },
} as const satisfies Record<string, LocalizedText>

/**
 * 対応結果 (outcome) of a consultation.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { ConsultationOutcome } from "@zaitaku/core"
 *
 * ConsultationOutcome.parse("continuing")
 * ```
 */
export const ConsultationOutcome = z.enum(codesOf(consultationOutcomeLabels))
/** @since 0.1.0 @category consultations */
export type ConsultationOutcome = z.infer<typeof ConsultationOutcome>

// ---------------------------------------------------------------------------------------------------------------
// Events (カ, キ)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Japanese and English labels of each {@link ActivityEventKind}.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { activityEventKindLabels } from "@zaitaku/core"
 *
 * activityEventKindLabels.outreach_lecture.ja // "出前講座"
 * ```
 */
export const activityEventKindLabels = {
  multi_professional_training: { ja: "多職種研修", en: "Multi-professional training" },
  same_profession_training: { ja: "同職種研修", en: "Single-profession training" },
  case_study_meeting: { ja: "事例検討会", en: "Case study session" },
  public_lecture: { ja: "市民講演会", en: "Public lecture" },
  outreach_lecture: { ja: "出前講座", en: "Outreach lecture" },
  other_training: { ja: "その他の研修", en: "Other training" },
  other_public_event: { ja: "その他の普及啓発", en: "Other public awareness event" },
} as const satisfies Record<string, LocalizedText>

/**
 * 研修・普及啓発の種類 (event kind): trainings for professionals (カ) and events for residents (キ).
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { ActivityEventKind } from "@zaitaku/core"
 *
 * ActivityEventKind.parse("public_lecture")
 * ```
 */
export const ActivityEventKind = z.enum(codesOf(activityEventKindLabels))
/** @since 0.1.0 @category events */
export type ActivityEventKind = z.infer<typeof ActivityEventKind>

/**
 * 事業項目 of each event kind: trainings are (カ) 医療・介護関係者の研修, events for residents (キ) 地域住民への普及啓発.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { programItemOfEventKind } from "@zaitaku/core"
 *
 * programItemOfEventKind.public_lecture // "public_awareness"
 * ```
 */
export const programItemOfEventKind: Readonly<
  Record<ActivityEventKind, Extract<ProgramItem, "training" | "public_awareness">>
> = {
  multi_professional_training: "training",
  same_profession_training: "training",
  case_study_meeting: "training",
  public_lecture: "public_awareness",
  outreach_lecture: "public_awareness",
  other_training: "training",
  other_public_event: "public_awareness",
}

const professionList = findStandardCodeList("profession")!
const professionCodes = new Set(professionList.concepts.map((concept) => concept.code))

/**
 * 職種 (profession): a code of the standard `profession` code list (医師, 看護師, 介護支援専門員, …).
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { ProfessionCode } from "@zaitaku/core"
 *
 * ProfessionCode.parse("care_manager")
 * ProfessionCode.safeParse("astronaut").success // false
 * ```
 */
export const ProfessionCode = z
  .string()
  .refine(
    (code) => professionCodes.has(code),
    localized("職種コード表（profession）にない職種です", "Not a code of the profession code list", "code_list"),
  )
/** @since 0.1.0 @category events */
export type ProfessionCode = z.infer<typeof ProfessionCode>

/**
 * Japanese and English labels of each {@link RegistrationStatus}.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { registrationStatusLabels } from "@zaitaku/core"
 *
 * registrationStatusLabels.wait_listed.ja // "キャンセル待ち"
 * ```
 */
export const registrationStatusLabels = {
  received: { ja: "受付", en: "Received" },
  confirmed: { ja: "参加確定", en: "Confirmed" },
  wait_listed: { ja: "キャンセル待ち", en: "Wait-listed" },
  cancelled: { ja: "取消", en: "Cancelled" },
} as const satisfies Record<string, LocalizedText>

/**
 * 申込の状態 (registration status): `received` (waiting for the organiser's decision), `confirmed` (holds a seat),
 * `wait_listed` (waits for a seat, first come first served), `cancelled`.
 *
 * @since 0.1.0
 * @category events
 * @example
 * ```ts
 * import { RegistrationStatus } from "@zaitaku/core"
 *
 * RegistrationStatus.options // ["received", "confirmed", "wait_listed", "cancelled"]
 * ```
 */
export const RegistrationStatus = z.enum(codesOf(registrationStatusLabels))
/** @since 0.1.0 @category events */
export type RegistrationStatus = z.infer<typeof RegistrationStatus>

// ---------------------------------------------------------------------------------------------------------------
// Meetings (イ)
// ---------------------------------------------------------------------------------------------------------------

/**
 * Japanese and English labels of each {@link MeetingKind}.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { meetingKindLabels } from "@zaitaku/core"
 *
 * meetingKindLabels.council.ja // "協議会"
 * ```
 */
export const meetingKindLabels = {
  council: { ja: "協議会", en: "Council" },
  working_group: { ja: "ワーキンググループ（WG）", en: "Working group" },
  subcommittee: { ja: "部会", en: "Subcommittee" },
  community_care_meeting: { ja: "地域ケア会議", en: "Community care meeting" },
  liaison_meeting: { ja: "連絡会", en: "Liaison meeting" },
  other: { ja: "その他の会議", en: "Other meeting" },
} as const satisfies Record<string, LocalizedText>

/**
 * 会議の種類 (meeting kind): 協議会, WG, 部会, 地域ケア会議, 連絡会.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { MeetingKind } from "@zaitaku/core"
 *
 * MeetingKind.parse("working_group")
 * ```
 */
export const MeetingKind = z.enum(codesOf(meetingKindLabels))
/** @since 0.1.0 @category meetings */
export type MeetingKind = z.infer<typeof MeetingKind>

/**
 * Japanese and English labels of each {@link OrganizationCategory}.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { organizationCategoryLabels } from "@zaitaku/core"
 *
 * organizationCategoryLabels.medical_association.ja // "医師会"
 * ```
 */
export const organizationCategoryLabels = {
  medical_association: { ja: "医師会", en: "Medical association" },
  dental_association: { ja: "歯科医師会", en: "Dental association" },
  pharmaceutical_association: { ja: "薬剤師会", en: "Pharmaceutical association" },
  nursing_association: { ja: "看護協会", en: "Nursing association" },
  hospital: { ja: "病院", en: "Hospital" },
  clinic: { ja: "診療所", en: "Clinic" },
  home_nursing_station: { ja: "訪問看護ステーション", en: "Home-visit nursing station" },
  pharmacy: { ja: "薬局", en: "Pharmacy" },
  care_management_office: { ja: "居宅介護支援事業所", en: "Care management office" },
  care_provider: { ja: "介護サービス事業所・施設", en: "Care service provider or facility" },
  community_support_center: { ja: "地域包括支援センター", en: "Community general support center" },
  municipality: { ja: "市区町村", en: "Municipality" },
  health_center: { ja: "保健所", en: "Public health center" },
  social_welfare_council: { ja: "社会福祉協議会", en: "Social welfare council" },
  fire_department: { ja: "消防", en: "Fire department" },
  residents: { ja: "住民・住民団体", en: "Residents" },
  other: { ja: "その他", en: "Other" },
} as const satisfies Record<string, LocalizedText>

/**
 * 所属の種類 (organisation category) of meeting attendees and event participants.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { OrganizationCategory } from "@zaitaku/core"
 *
 * OrganizationCategory.parse("community_support_center")
 * ```
 */
export const OrganizationCategory = z.enum(codesOf(organizationCategoryLabels))
/** @since 0.1.0 @category meetings */
export type OrganizationCategory = z.infer<typeof OrganizationCategory>

/**
 * Japanese and English labels of each {@link ProgramIssueStatus}.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { programIssueStatusLabels } from "@zaitaku/core"
 *
 * programIssueStatusLabels.addressing.ja // "対応中"
 * ```
 */
export const programIssueStatusLabels = {
  open: { ja: "未対応", en: "Open" },
  addressing: { ja: "対応中", en: "Being addressed" },
  resolved: { ja: "解決", en: "Resolved" },
  withdrawn: { ja: "取下げ", en: "Withdrawn" },
} as const satisfies Record<string, LocalizedText>

/**
 * 課題の状態 (issue status).
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { ProgramIssueStatus } from "@zaitaku/core"
 *
 * ProgramIssueStatus.parse("open")
 * ```
 */
export const ProgramIssueStatus = z.enum(codesOf(programIssueStatusLabels))
/** @since 0.1.0 @category meetings */
export type ProgramIssueStatus = z.infer<typeof ProgramIssueStatus>

/**
 * Japanese and English labels of each {@link CountermeasureStatus}.
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { countermeasureStatusLabels } from "@zaitaku/core"
 *
 * countermeasureStatusLabels.done.ja // "完了"
 * ```
 */
export const countermeasureStatusLabels = {
  planned: { ja: "未着手", en: "Planned" },
  in_progress: { ja: "実施中", en: "In progress" },
  done: { ja: "完了", en: "Done" },
  cancelled: { ja: "中止", en: "Cancelled" },
} as const satisfies Record<string, LocalizedText>

/**
 * 対応策の状態 (countermeasure status).
 *
 * @since 0.1.0
 * @category meetings
 * @example
 * ```ts
 * import { CountermeasureStatus } from "@zaitaku/core"
 *
 * CountermeasureStatus.parse("in_progress")
 * ```
 */
export const CountermeasureStatus = z.enum(codesOf(countermeasureStatusLabels))
/** @since 0.1.0 @category meetings */
export type CountermeasureStatus = z.infer<typeof CountermeasureStatus>

// ---------------------------------------------------------------------------------------------------------------
// Published code lists
// ---------------------------------------------------------------------------------------------------------------

/**
 * 活動のコード表 (the activity code lists) with their sources: `requester_category`, `consultation_channel`,
 * `consultation_topic`, `consultation_outcome`, `activity_event_kind`, `registration_status`, `meeting_kind`,
 * `organization_category`, `program_issue_status`, `countermeasure_status`. Professions use the standard
 * `profession` list of {@link standardCodeLists}.
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import { activityCodeLists } from "@zaitaku/core"
 *
 * activityCodeLists.find((list) => list.id === "consultation_channel")?.source.grade // "official"
 * ```
 */
export const activityCodeLists: ReadonlyArray<CodeList> = [
  codeListFromLabels(
    "requester_category",
    { ja: "相談者の区分", en: "Requester category" },
    inference(
      "相談者の区分（在宅医療・介護連携推進事業 相談支援）",
      "Desks report 一般住民 and 支援機関／関係機関 (seed document 003); the finer categories follow the item's description (医療・介護関係者、地域包括支援センター等からの相談) and are Zaitaku's.",
    ),
    requesterCategoryLabels,
    { unconfirmed: "No national definition of requester categories is confirmed (REFERENCE.md §8)." },
  ),
  codeListFromLabels(
    "consultation_channel",
    { ja: "相談の方法", en: "Consultation channel" },
    aomoriConsultations,
    consultationChannelLabels,
    {
      notes: {
        email: "Not named in the seed documents; added by Zaitaku.",
        fax: "Not named in the seed documents; added by Zaitaku.",
      },
    },
  ),
  codeListFromLabels(
    "consultation_topic",
    { ja: "相談内容", en: "Consultation topic" },
    inference(
      "相談内容の分類（Zaitaku）",
      "身寄りなし appears in seeds 003 and 004, 人生会議（ACP） in seed 002; the list as a whole is Zaitaku's.",
    ),
    consultationTopicLabels,
    { unconfirmed: "No national topic list is confirmed; use it as an open choice (その他 with a note)." },
  ),
  codeListFromLabels(
    "consultation_outcome",
    { ja: "対応結果", en: "Consultation outcome" },
    inference("相談の対応結果（Zaitaku）"),
    consultationOutcomeLabels,
  ),
  codeListFromLabels(
    "activity_event_kind",
    { ja: "研修・普及啓発の種類", en: "Event kind" },
    municipalEvents,
    activityEventKindLabels,
    {
      notes: {
        case_study_meeting: "From seed document 001 (多職種連携の事例検討会, 東部医師会).",
        other_training: "Zaitaku's catch-all.",
        other_public_event: "Zaitaku's catch-all.",
      },
    },
  ),
  codeListFromLabels(
    "registration_status",
    { ja: "申込の状態", en: "Registration status" },
    inference("研修申込の状態（Zaitaku）"),
    registrationStatusLabels,
  ),
  codeListFromLabels("meeting_kind", { ja: "会議の種類", en: "Meeting kind" }, hokkaidoCouncils, meetingKindLabels, {
    notes: {
      council: "Also seed document 001 (東部地区在宅医療介護連携推進協議会).",
      working_group: "Also seed document 001.",
      community_care_meeting: "Seed document 002 (大和市, 綾瀬市).",
      liaison_meeting: "Seed document 002 (大和市: 訪問看護ステーション連絡会, ケアマネジャー連絡会).",
    },
  }),
  codeListFromLabels(
    "organization_category",
    { ja: "所属の種類", en: "Organisation category" },
    hokkaidoCouncils,
    organizationCategoryLabels,
    {
      unconfirmed:
        "Only 医師会, 地域包括支援センター and 歯科医師会 are quoted from the survey; the other categories are Zaitaku's.",
    },
  ),
  codeListFromLabels(
    "program_issue_status",
    { ja: "課題の状態", en: "Issue status" },
    tottoriEast,
    programIssueStatusLabels,
    { unconfirmed: "The seed describes issues and countermeasures being considered; the states are Zaitaku's." },
  ),
  codeListFromLabels(
    "countermeasure_status",
    { ja: "対応策の状態", en: "Countermeasure status" },
    inference("対応策の進捗（Zaitaku）"),
    countermeasureStatusLabels,
  ),
]

/**
 * 活動のコード表を引く (find an activity code list) by id.
 *
 * @since 0.1.0
 * @category code lists
 * @example
 * ```ts
 * import { findActivityCodeList } from "@zaitaku/core"
 *
 * findActivityCodeList("meeting_kind")?.concepts.length // 6
 * ```
 */
export const findActivityCodeList = (id: string): CodeList | undefined =>
  activityCodeLists.find((list) => list.id === id)
