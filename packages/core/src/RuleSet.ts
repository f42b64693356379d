/**
 * 入退院調整ルール (admission/discharge coordination rule sets) as data: who must do what, for which patients, by
 * when, after which event — with the effective period, the area governed and the source of each rule set, so
 * that deadlines that change between revisions (入院時情報連携加算 2018 → 2024) are versions, not code.
 *
 * The shape borrows FHIR PlanDefinition's metadata (version, effective period, trigger, timing) and DHIS2's
 * due/overdue statuses; the engine that applies it is `evaluate` in `Coordination.ts`.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { LocalGovernmentCode, PrefectureCode } from "./Area.js"
import { addLocalizedIssue } from "./Decode.js"
import { LocalizedText } from "./Label.js"
import { IsoDate } from "./Period.js"

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------------------

/**
 * 契機となる出来事 (case event): 入院, 退院見込み・退院支援開始, 退院前カンファレンス, 退院, 転院, 死亡.
 *
 * @since 0.1.0
 * @category vocabulary
 * @example
 * ```ts
 * import { CaseEventType } from "@zaitaku/core"
 *
 * CaseEventType.parse("admission")
 * ```
 */
export const CaseEventType = z.enum([
  "admission",
  "discharge_planning_started",
  "discharge_conference",
  "discharge",
  "transfer",
  "death",
])
/** @since 0.1.0 @category vocabulary */
export type CaseEventType = z.infer<typeof CaseEventType>

/**
 * Japanese and English labels of each {@link CaseEventType}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { caseEventTypeLabels } from "@zaitaku/core"
 *
 * caseEventTypeLabels.admission.ja // "入院"
 * ```
 */
export const caseEventTypeLabels: Readonly<Record<CaseEventType, LocalizedText>> = {
  admission: { ja: "入院", en: "Admission" },
  discharge_planning_started: { ja: "退院支援開始（退院見込み）", en: "Discharge planning started" },
  discharge_conference: { ja: "退院前カンファレンス", en: "Pre-discharge conference" },
  discharge: { ja: "退院", en: "Discharge" },
  transfer: { ja: "転院", en: "Transfer to another hospital" },
  death: { ja: "死亡", en: "Death" },
}

/**
 * 関係機関の役割 (party role) in a case: the hospital (病院の地域連携室・退院支援部門), the care manager (居宅介護支援事業所),
 * the 地域包括支援センター, the clinic (かかりつけ医) and the municipality (市町村の担当課).
 *
 * @since 0.1.0
 * @category vocabulary
 * @example
 * ```ts
 * import { PartyRole } from "@zaitaku/core"
 *
 * PartyRole.options // ["hospital", "care_manager", "community_center", "clinic", "municipality"]
 * ```
 */
export const PartyRole = z.enum(["hospital", "care_manager", "community_center", "clinic", "municipality"])
/** @since 0.1.0 @category vocabulary */
export type PartyRole = z.infer<typeof PartyRole>

/**
 * Japanese and English labels of each {@link PartyRole}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { partyRoleLabels } from "@zaitaku/core"
 *
 * partyRoleLabels.care_manager.ja // "ケアマネジャー"
 * ```
 */
export const partyRoleLabels: Readonly<Record<PartyRole, LocalizedText>> = {
  hospital: { ja: "病院", en: "Hospital" },
  care_manager: { ja: "ケアマネジャー", en: "Care manager" },
  community_center: { ja: "地域包括支援センター", en: "Community comprehensive support center" },
  clinic: { ja: "かかりつけ医", en: "Primary care clinic" },
  municipality: { ja: "市町村", en: "Municipality" },
}

/**
 * 要介護度 (care level): 未申請, 申請中, 要支援1・2, 要介護1〜5.
 *
 * @since 0.1.0
 * @category vocabulary
 * @example
 * ```ts
 * import { CareLevel } from "@zaitaku/core"
 *
 * CareLevel.parse("care_3") // 要介護3
 * ```
 */
export const CareLevel = z.enum([
  "not_applied",
  "applied",
  "support_1",
  "support_2",
  "care_1",
  "care_2",
  "care_3",
  "care_4",
  "care_5",
])
/** @since 0.1.0 @category vocabulary */
export type CareLevel = z.infer<typeof CareLevel>

/**
 * Japanese and English labels of each {@link CareLevel}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { careLevelLabels } from "@zaitaku/core"
 *
 * careLevelLabels.support_2.ja // "要支援2"
 * ```
 */
export const careLevelLabels: Readonly<Record<CareLevel, LocalizedText>> = {
  not_applied: { ja: "未申請", en: "Not applied" },
  applied: { ja: "申請中", en: "Applied" },
  support_1: { ja: "要支援1", en: "Support level 1" },
  support_2: { ja: "要支援2", en: "Support level 2" },
  care_1: { ja: "要介護1", en: "Care level 1" },
  care_2: { ja: "要介護2", en: "Care level 2" },
  care_3: { ja: "要介護3", en: "Care level 3" },
  care_4: { ja: "要介護4", en: "Care level 4" },
  care_5: { ja: "要介護5", en: "Care level 5" },
}

/**
 * 要支援 (support levels) and 要介護 (care levels), for rules that name one group.
 *
 * @since 0.1.0
 * @category vocabulary
 * @example
 * ```ts
 * import { careLevelGroups } from "@zaitaku/core"
 *
 * careLevelGroups.care.includes("care_1") // true
 * ```
 */
export const careLevelGroups = {
  support: ["support_1", "support_2"],
  care: ["care_1", "care_2", "care_3", "care_4", "care_5"],
} as const satisfies Record<string, ReadonlyArray<CareLevel>>

/**
 * 年齢区分 (age band) that decides the branch of some flows: 65歳以上 (第1号被保険者), 40〜64歳 (第2号被保険者), 40歳未満.
 *
 * @since 0.1.0
 * @category vocabulary
 * @example
 * ```ts
 * import { AgeBand } from "@zaitaku/core"
 *
 * AgeBand.options // ["65_and_over", "40_to_64", "under_40"]
 * ```
 */
export const AgeBand = z.enum(["65_and_over", "40_to_64", "under_40"])
/** @since 0.1.0 @category vocabulary */
export type AgeBand = z.infer<typeof AgeBand>

/**
 * 入院の目的 (purpose of the stay): 治療, 検査入院, クリティカルパスどおりの手術 (白内障手術など), レスパイト入院.
 *
 * @since 0.1.0
 * @category vocabulary
 * @example
 * ```ts
 * import { AdmissionPurpose } from "@zaitaku/core"
 *
 * AdmissionPurpose.parse("examination") // 検査入院
 * ```
 */
export const AdmissionPurpose = z.enum(["treatment", "examination", "surgery_pathway", "respite"])
/** @since 0.1.0 @category vocabulary */
export type AdmissionPurpose = z.infer<typeof AdmissionPurpose>

// ---------------------------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------------------------

/**
 * 対象外 (exclusion) from a rule, as 但馬圏域 writes them:
 *
 * - `short_stay`: stays of at most `maxDays` days, counting the admission and discharge days (the actual stay once
 *   discharged, the planned one before), optionally only for the given purposes (検査入院, 白内障手術等);
 * - `repeat_respite`: 定期的なレスパイト入院 after the first;
 * - `wards_only`: stays only in the given wards (e.g. 救急病棟のみの入院).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { Exclusion } from "@zaitaku/core"
 *
 * Exclusion.parse({ kind: "short_stay", maxDays: 3, purposes: ["examination", "surgery_pathway"] })
 * ```
 */
export const Exclusion = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("short_stay"),
    maxDays: z.int().min(1),
    purposes: z.array(AdmissionPurpose).min(1).optional(),
  }),
  z.object({ kind: z.literal("repeat_respite") }),
  z.object({ kind: z.literal("wards_only"), wards: z.array(z.string().min(1)).min(1) }),
])
/** @since 0.1.0 @category rules */
export type Exclusion = z.infer<typeof Exclusion>

/**
 * 対象者 (applicability) of a rule: whether the patient must have a care manager (the A/B flows of 福井 and
 * 館林邑楽), the care levels and age bands it covers (all when omitted), and its exclusions.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { Applicability } from "@zaitaku/core"
 *
 * Applicability.parse({ careManager: "present", careLevels: ["care_1", "care_2", "care_3", "care_4", "care_5"] })
 * ```
 */
export const Applicability = z.object({
  careManager: z.enum(["any", "present", "absent"]).default("any"),
  careLevels: z.array(CareLevel).min(1).optional(),
  ageBands: z.array(AgeBand).min(1).optional(),
  exclusions: z.array(Exclusion).default([]),
})
/** @since 0.1.0 @category rules */
export type Applicability = z.infer<typeof Applicability>

/**
 * 期限 (deadline) of an obligation, counted from its trigger event in Japan time; the result is the last day
 * (inclusive) on which the action is on time:
 *
 * - `same_day_after_hours`: the trigger day, or the next calendar day when the trigger came after the actor's
 *   business hours or on its day off (入院時情報連携加算(Ⅰ) 2024; see `sameDayDeadline` for the reading).
 * - `calendar_days`: within `days` calendar days. `dayOne` says which day is day 1: `trigger_day` (the 加算
 *   Q&A: 入院日が1日目) or `next_day` (民法第140条, 初日不算入). With `afterHoursExtension`, a trigger after the
 *   actor's business hours whose last day is not one of the actor's business days gets the next day too
 *   (入院時情報連携加算(Ⅱ) 2024: 「営業時間終了後に入院した場合であって、入院日から起算して3日目が営業日でない場合は、その翌日を含む」).
 * - `business_days`: the `days`-th business day of the actor after the trigger day.
 * - `before_planned_discharge`: `days` calendar days before the planned discharge date (the discharge date when
 *   none was planned); unknown until a date is recorded.
 * - `unspecified`: the rule names no date (「速やかに」 without a number); never late, never missed.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { Deadline } from "@zaitaku/core"
 *
 * Deadline.parse({ kind: "calendar_days", days: 7, dayOne: "next_day" })
 * ```
 */
export const Deadline = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("same_day_after_hours") }),
    z.object({
      kind: z.literal("calendar_days"),
      days: z.int().min(0).max(366),
      dayOne: z.enum(["trigger_day", "next_day"]),
      afterHoursExtension: z.boolean().default(false),
    }),
    z.object({ kind: z.literal("business_days"), days: z.int().min(0).max(250) }),
    z.object({ kind: z.literal("before_planned_discharge"), days: z.int().min(0).max(366) }),
    z.object({ kind: z.literal("unspecified") }),
  ])
  .superRefine((deadline, ctx) => {
    if (deadline.kind === "calendar_days" && deadline.dayOne === "trigger_day" && deadline.days < 1) {
      addLocalizedIssue(
        ctx,
        ["days"],
        "入院日を1日目とする場合、日数は1以上にしてください",
        "With the trigger day as day 1, days must be at least 1",
        "too_small",
      )
    }
  })
/** @since 0.1.0 @category rules */
export type Deadline = z.infer<typeof Deadline>

/**
 * 行うこと (action) of an obligation: contact a party, send a form of a given template to it, share information
 * with it (any means), obtain information from it, hold or attend a conference, or support the application for
 * 要介護認定 (介護保険申請の支援). Form templates are named by id; the forms module owns them.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { ObligationAction } from "@zaitaku/core"
 *
 * ObligationAction.parse({ kind: "send_form", templateId: "admission-information", to: "hospital" })
 * ```
 */
export const ObligationAction = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("contact"), to: PartyRole }),
  z.object({ kind: z.literal("send_form"), templateId: z.string().min(1), to: PartyRole }),
  z.object({ kind: z.literal("share_information"), to: PartyRole }),
  z.object({ kind: z.literal("obtain_information"), from: PartyRole }),
  z.object({ kind: z.literal("hold_conference") }),
  z.object({ kind: z.literal("attend_conference") }),
  z.object({ kind: z.literal("support_care_insurance_application") }),
])
/** @since 0.1.0 @category rules */
export type ObligationAction = z.infer<typeof ObligationAction>

/**
 * A later tier of a deadline: meeting it after the on-time deadline but by this one still counts, under `label`
 * (e.g. 入院時情報連携加算(Ⅱ) after (Ⅰ)).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { DeadlineTier } from "@zaitaku/core"
 *
 * DeadlineTier.parse({ label: { ja: "加算(Ⅱ)", en: "Add-on (II)" }, deadline: { kind: "calendar_days", days: 7, dayOne: "trigger_day" } })
 * ```
 */
export const DeadlineTier = z.object({ label: LocalizedText, deadline: Deadline })
/** @since 0.1.0 @category rules */
export type DeadlineTier = z.infer<typeof DeadlineTier>

/**
 * 義務 (obligation rule): who (`actor`) must do what (`action`) by when (`deadline`), with optional later tiers;
 * `acceptsEarlierEvidence` lets an action recorded before the trigger count (入院日以前の情報提供を含む).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { ObligationRule } from "@zaitaku/core"
 *
 * ObligationRule.parse({
 *   id: "cm-info",
 *   name: { ja: "入院時の情報提供", en: "Information at admission" },
 *   actor: "care_manager",
 *   action: { kind: "share_information", to: "hospital" },
 *   deadline: { kind: "calendar_days", days: 7, dayOne: "next_day" },
 * })
 * ```
 */
export const ObligationRule = z.object({
  id: z.string().min(1),
  name: LocalizedText,
  actor: PartyRole,
  action: ObligationAction,
  deadline: Deadline,
  onTimeLabel: LocalizedText.optional(),
  lateTiers: z.array(DeadlineTier).default([]),
  acceptsEarlierEvidence: z.boolean().default(false),
  note: LocalizedText.optional(),
})
/** @since 0.1.0 @category rules */
export type ObligationRule = z.infer<typeof ObligationRule>

/**
 * ルール (rule): its trigger event, to whom it applies, and the obligations it creates.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { Rule } from "@zaitaku/core"
 *
 * Rule.parse({
 *   id: "admission",
 *   name: { ja: "入院時", en: "At admission" },
 *   trigger: "admission",
 *   applicability: { careManager: "present" },
 *   obligations: [{
 *     id: "cm-info",
 *     name: { ja: "情報提供", en: "Information" },
 *     actor: "care_manager",
 *     action: { kind: "share_information", to: "hospital" },
 *     deadline: { kind: "calendar_days", days: 3, dayOne: "next_day" },
 *   }],
 * })
 * ```
 */
export const Rule = z.object({
  id: z.string().min(1),
  name: LocalizedText,
  trigger: CaseEventType,
  applicability: Applicability.default({ careManager: "any", exclusions: [] }),
  obligations: z.array(ObligationRule).min(1),
})
/** @since 0.1.0 @category rules */
export type Rule = z.infer<typeof Rule>

/**
 * 出典 (source reference) of a rule set, with the evidence grade of REFERENCE.md (`O` official text, `S`
 * secondary, `G` third-party code, `I` inference) so that users see how firm each number is.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { SourceReference } from "@zaitaku/core"
 *
 * SourceReference.parse({ title: "退院支援ルール（福井県）", url: "https://expydoc.com/doc/8754786/", grade: "O" })
 * ```
 */
export const SourceReference = z.object({
  title: z.string().min(1),
  url: z.url().optional(),
  grade: z.enum(["O", "S", "G", "I"]),
  note: z.string().optional(),
})
/** @since 0.1.0 @category rules */
export type SourceReference = z.infer<typeof SourceReference>

/**
 * 適用地域 (scope) of a rule set: `national` (介護報酬・診療報酬 rules that apply everywhere, in addition to any
 * regional set), or `regional` for the listed municipalities and/or whole prefectures.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { RuleSetScope } from "@zaitaku/core"
 *
 * RuleSetScope.parse({ kind: "regional", prefectures: ["18"] }) // 福井県
 * ```
 */
export const RuleSetScope = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("national") }),
  z
    .object({
      kind: z.literal("regional"),
      municipalities: z.array(LocalGovernmentCode).default([]),
      prefectures: z.array(PrefectureCode).default([]),
    })
    .superRefine((scope, ctx) => {
      if (scope.municipalities.length === 0 && scope.prefectures.length === 0) {
        addLocalizedIssue(
          ctx,
          ["municipalities"],
          "対象の市町村か都道府県を1つ以上入力してください",
          "A regional rule set needs at least one municipality or prefecture",
          "empty_scope",
        )
      }
    }),
])
/** @since 0.1.0 @category rules */
export type RuleSetScope = z.infer<typeof RuleSetScope>

/**
 * 入退院調整ルール (rule set): a versioned, dated, sourced list of rules. `effective.from` is `null` when the start
 * is not recorded; `effective.to` is `null` while in force. Rule ids and obligation ids are unique within the set.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { RuleSet, builtinRuleSets } from "@zaitaku/core"
 *
 * RuleSet.parse(builtinRuleSets[0]).version
 * ```
 */
export const RuleSet = z
  .object({
    id: z.string().min(1),
    name: LocalizedText,
    version: z.string().min(1),
    effective: z.object({ from: IsoDate.nullable(), to: IsoDate.nullable() }),
    scope: RuleSetScope,
    sources: z.array(SourceReference).min(1),
    rules: z.array(Rule).min(1),
  })
  .superRefine((set, ctx) => {
    const { from, to } = set.effective
    if (from !== null && to !== null && to < from) {
      addLocalizedIssue(
        ctx,
        ["effective", "to"],
        `適用終了日（${to}）が適用開始日（${from}）より前です`,
        `The effective period ends (${to}) before it starts (${from})`,
        "range_order",
      )
    }
    const ruleIds = new Set<string>()
    set.rules.forEach((rule, r) => {
      if (ruleIds.has(rule.id)) {
        addLocalizedIssue(
          ctx,
          ["rules", r, "id"],
          `ルールID「${rule.id}」が重複しています`,
          `Duplicate rule id ${rule.id}`,
          "duplicate_id",
        )
      }
      ruleIds.add(rule.id)
      const obligationIds = new Set<string>()
      rule.obligations.forEach((obligation, o) => {
        if (obligationIds.has(obligation.id)) {
          addLocalizedIssue(
            ctx,
            ["rules", r, "obligations", o, "id"],
            `義務ID「${obligation.id}」が重複しています`,
            `Duplicate obligation id ${obligation.id}`,
            "duplicate_id",
          )
        }
        obligationIds.add(obligation.id)
      })
    })
  })
/** @since 0.1.0 @category rules */
export type RuleSet = z.infer<typeof RuleSet>
/** @since 0.1.0 @category rules */
export type RuleSetInput = z.input<typeof RuleSet>

/**
 * 適用中か (in force on a date): whether a rule set's effective period contains `date`.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { isInForce, builtinRuleSets } from "@zaitaku/core"
 *
 * builtinRuleSets.filter((set) => isInForce(set, "2024-07-12")).map((set) => set.id)
 * ```
 */
export const isInForce = (set: RuleSet, date: IsoDate): boolean =>
  (set.effective.from === null || set.effective.from <= date) && (set.effective.to === null || date <= set.effective.to)
