/**
 * 相談支援 (consultations, 事業項目オ): what a consultation desk (相談窓口) records for each consultation — when and
 * how it came in, who asked and from which institution, the scenes and topics, the institutions it was referred to,
 * the outcome and the time spent — so that the desk's counts by requester, institution and topic compute themselves
 * instead of being tallied by hand ("相談件数は計上しているが、具体的に病院名、内容までカウントしていない", seed 003).
 *
 * Personal data is minimised: the person concerned appears only as an optional tenant-local pseudonym; the free-text
 * summary should not name them.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import {
  ConsultationChannel,
  ConsultationOutcome,
  ConsultationTopic,
  ProfessionCode,
  RequesterCategory,
} from "./ActivityCodeLists.js"
import { AreaRef } from "./AreaHierarchy.js"
import { addLocalizedIssue } from "./Decode.js"
import { ResourceId, TenantId } from "./Ids.js"
import { IsoDate } from "./Period.js"
import { CareScenes, CareThemes } from "./ProgramFramework.js"
import { ConsultationId } from "./ProgramIds.js"

/**
 * 相談者 (requester): the category, and for institutions which one — a directory entry (`resourceId`) or, when it
 * is not in the directory, its name — and the requester's profession when known. A resident or family member
 * (`resident_family`) has no institution.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { ConsultationRequester } from "@zaitaku/core"
 *
 * ConsultationRequester.parse({
 *   category: "medical_institution",
 *   resourceId: "0192f5a0-0000-7000-8000-000000000101",
 *   profession: "medical_social_worker",
 * })
 * ```
 */
export const ConsultationRequester = z
  .object({
    category: RequesterCategory,
    resourceId: ResourceId.optional(),
    organizationName: z.string().trim().min(1).max(200).optional(),
    profession: ProfessionCode.optional(),
  })
  .superRefine((requester, ctx) => {
    if (
      requester.category === "resident_family" &&
      (requester.resourceId !== undefined || requester.organizationName !== undefined)
    ) {
      addLocalizedIssue(
        ctx,
        ["category"],
        "本人・家族／住民からの相談には所属機関を記録しません。機関からの相談なら区分を選び直してください",
        "A consultation from a person, family or resident has no institution; choose the institution's category instead",
        "requester_institution",
      )
    }
  })
/** @since 0.1.0 @category consultations */
export type ConsultationRequester = z.infer<typeof ConsultationRequester>

/**
 * つないだ先 (referral): a directory entry the desk referred the case to or, for an institution not in the
 * directory, its name.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { ConsultationReferral } from "@zaitaku/core"
 *
 * ConsultationReferral.parse({ resourceId: "0192f5a0-0000-7000-8000-000000000201" })
 * ConsultationReferral.parse({ name: "市社会福祉協議会 成年後見センター" })
 * ```
 */
export const ConsultationReferral = z
  .object({
    resourceId: ResourceId.optional(),
    name: z.string().trim().min(1).max(200).optional(),
    note: z.string().trim().min(1).max(500).optional(),
  })
  .superRefine((referral, ctx) => {
    if (referral.resourceId === undefined && referral.name === undefined) {
      addLocalizedIssue(
        ctx,
        [],
        "つないだ先は資源一覧の登録（resourceId）か名称で指定してください",
        "A referral names a directory entry (resourceId) or, if it is not in the directory, a name",
        "referral_target",
      )
    }
  })
/** @since 0.1.0 @category consultations */
export type ConsultationReferral = z.infer<typeof ConsultationReferral>

/**
 * 相談記録 (consultation record).
 *
 * - `area`: the area whose desk handled it (a municipality, or a wide area for a shared desk);
 * - `desk`: the desk's name (相談窓口), e.g. 八戸市医師会 在宅療養相談窓口;
 * - `scenes`, `themes`: the scenes and themes it concerns (possibly none, e.g. a question about the program);
 * - `topics`: at least one, each once;
 * - `referrals`: where the desk referred the case; an outcome of `referred` needs at least one;
 * - `minutesSpent`: the desk's time on it, 0–1440 minutes.
 *
 * @since 0.1.0
 * @category consultations
 * @example
 * ```ts
 * import { ConsultationRecord } from "@zaitaku/core"
 *
 * ConsultationRecord.parse({
 *   id: "0192f5a0-0000-7000-8000-000000000001",
 *   tenantId: "0192f5a0-0000-7000-8000-0000000000aa",
 *   area: { kind: "municipality", code: "022039" },
 *   desk: "八戸市医師会 在宅療養相談窓口",
 *   receivedOn: "2025-05-12",
 *   channel: "phone",
 *   requester: { category: "medical_institution", organizationName: "八戸市立市民病院 地域医療連携室" },
 *   scenes: ["admission_discharge"],
 *   topics: ["discharge_support", "home_care_provider_referral"],
 *   referrals: [{ name: "はちのへ訪問診療クリニック" }],
 *   outcome: "referred",
 *   minutesSpent: 30,
 * })
 * ```
 */
export const ConsultationRecord = z
  .object({
    id: ConsultationId,
    tenantId: TenantId,
    area: AreaRef,
    desk: z.string().trim().min(1).max(100),
    receivedOn: IsoDate,
    channel: ConsultationChannel,
    requester: ConsultationRequester,
    /** Tenant-local pseudonymous id of the person concerned, never a name. */
    personPseudonym: z.string().trim().min(1).max(64).optional(),
    scenes: CareScenes.default([]),
    themes: CareThemes.default([]),
    topics: z.array(ConsultationTopic).min(1),
    /** What `other` means, when the topics include it. */
    topicNote: z.string().trim().min(1).max(200).optional(),
    summary: z.string().trim().min(1).max(2000).optional(),
    referrals: z.array(ConsultationReferral).default([]),
    outcome: ConsultationOutcome,
    minutesSpent: z.int().min(0).max(1440),
    /** The earlier consultation this one follows up, if any. */
    followUpOf: ConsultationId.optional(),
  })
  .superRefine((consultation, ctx) => {
    const seen = new Set<string>()
    consultation.topics.forEach((topic, index) => {
      if (seen.has(topic)) {
        addLocalizedIssue(
          ctx,
          ["topics", index],
          `相談内容「${topic}」が重複しています`,
          `Duplicate topic ${topic}`,
          "duplicate",
        )
      }
      seen.add(topic)
    })
    const referred = new Set<string>()
    consultation.referrals.forEach((referral, index) => {
      if (referral.resourceId === undefined) return
      if (referred.has(referral.resourceId)) {
        addLocalizedIssue(
          ctx,
          ["referrals", index, "resourceId"],
          "同じつないだ先が重複しています",
          "The same directory entry is listed twice as a referral",
          "duplicate",
        )
      }
      referred.add(referral.resourceId)
    })
    if (consultation.outcome === "referred" && consultation.referrals.length === 0) {
      addLocalizedIssue(
        ctx,
        ["referrals"],
        "対応結果が「関係機関につないだ」のときは、つないだ先を1件以上記録してください",
        "An outcome of referred needs at least one referral",
        "referral_missing",
      )
    }
    if (consultation.followUpOf === consultation.id) {
      addLocalizedIssue(
        ctx,
        ["followUpOf"],
        "相談記録は自分自身の続きにはなれません",
        "A consultation cannot follow up itself",
        "self_reference",
      )
    }
  })
/** @since 0.1.0 @category consultations */
export type ConsultationRecord = z.infer<typeof ConsultationRecord>
/** The input form of a {@link ConsultationRecord} (defaults not yet applied). @since 0.1.0 @category consultations */
export type ConsultationRecordInput = z.input<typeof ConsultationRecord>
