/**
 * 入退院支援のケース (stored coordination cases): the record a hospital, a care manager and the municipality share for
 * one stay of one patient — who the patient is (a tenant-local pseudonym only), which hospital and 居宅介護支援事業所
 * (directory entries), the care level and municipality, what happened when and who recorded it, and the evidence
 * that meets obligations (a recorded contact, or a sent form named by its template, its response and its
 * recipient). The engine (`evaluate` in `Coordination.ts`) computes the obligations from it on every read.
 *
 * Every function here is pure, so that every `CaseStore` adapter applies the same rules:
 * - **No names or birthdates.** The patient is a pseudonym issued by the tenant (`PatientPseudonym`: ASCII letters,
 *   digits, `.`, `_`, `-`; nothing that reads as a date). Names and birthdates live only in form responses.
 * - **Entries are never rewritten.** An event or a piece of evidence recorded by mistake is withdrawn, with the
 *   reason, who and when; the engine ignores withdrawn entries, and the record keeps them.
 * - **Closed cases** take no new events, evidence or waivers until reopened (`status: "open"`).
 * - **Scope.** Hospital staff and care managers work on the cases of their own organisation
 *   (`caseOrganisations` in `Actor.ts`); a case outside it is not found, so that one hospital cannot learn that a
 *   patient has a case elsewhere.
 *
 * @since 0.1.0
 */
import { type Effect, Result } from "effect"
import * as z from "zod"
import { caseOrganisations, type Principal } from "./Actor.js"
import { LocalGovernmentCode } from "./Area.js"
import type { AuditEvent } from "./AuditLog.js"
import {
  BusinessSchedule,
  type DateOutsideCalendar,
  type HolidayCalendar,
  Instant,
  type InstantInput,
  tokyoDateTimeOf,
} from "./BusinessCalendar.js"
import { type CaseFormSending, sendingEvidence } from "./CaseSendings.js"
import { type CoordinationCase, type EvaluateOptions, type Evaluation, evaluate } from "./Coordination.js"
import { addLocalizedIssue, decodeSync } from "./Decode.js"
import { Conflict, Forbidden, NotFound, ValidationError } from "./Errors.js"
import { CaseId, ResourceId, TenantId } from "./Ids.js"
import { fromBase64Url, invalidCursor, toBase64Url } from "./internal/cursor.js"
import { canonicalJson, sha256Hex } from "./internal/hash.js"
import { equalValues } from "./internal/values.js"
import type { LocalizedText } from "./Label.js"
import { DateRange, IsoDate } from "./Period.js"
import { ActorRef } from "./Resource.js"
import { AdmissionPurpose, AgeBand, CareLevel, CaseEventType, PartyRole, type RuleSet } from "./RuleSet.js"

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

const pseudonymPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const datePattern = /(?:18|19|20)\d{2}[-._/]?(?:0[1-9]|1[0-2])[-._/]?(?:0[1-9]|[12]\d|3[01])/

/**
 * 患者の仮名ID (patient pseudonym): the tenant-local id of a patient, issued by the tenant's own register, never the
 * name, the birthdate or an insurance number. 1–64 ASCII letters, digits, `.`, `_`, `-`, starting with a letter or
 * digit; a value containing a date (`19450815`, `1945-08-15`) is refused, since a birthdate must not be used as one.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { PatientPseudonym } from "@zaitaku/core"
 *
 * PatientPseudonym.parse("p-7f3a9c")
 * PatientPseudonym.safeParse("山田太郎").success // false
 * PatientPseudonym.safeParse("p19450815").success // false
 * ```
 */
export const PatientPseudonym = z.string().superRefine((text, ctx) => {
  if (!pseudonymPattern.test(text)) {
    addLocalizedIssue(
      ctx,
      [],
      "患者IDは仮名ID（英数字と . _ - の64文字以内）にしてください。氏名は入力できません",
      "The patient id must be a pseudonym: 1–64 ASCII letters, digits, '.', '_' or '-' (never a name)",
      "invalid_pseudonym",
    )
  } else if (datePattern.test(text)) {
    addLocalizedIssue(
      ctx,
      [],
      "患者IDに日付（生年月日など）を含めないでください",
      "The patient id must not contain a date (such as a birthdate)",
      "looks_like_date",
    )
  }
})
/** @since 0.1.0 @category models */
export type PatientPseudonym = z.infer<typeof PatientPseudonym>

/**
 * ケースの状態 (case status): `open` while the stay or its follow-up is being coordinated, `closed` afterwards.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { CaseStatus } from "@zaitaku/core"
 *
 * CaseStatus.options // ["open", "closed"]
 * ```
 */
export const CaseStatus = z.enum(["open", "closed"])
/** @since 0.1.0 @category models */
export type CaseStatus = z.infer<typeof CaseStatus>

/**
 * Japanese and English labels of each {@link CaseStatus}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { caseStatusLabels } from "@zaitaku/core"
 *
 * caseStatusLabels.closed.ja // "終了"
 * ```
 */
export const caseStatusLabels: Readonly<Record<CaseStatus, LocalizedText>> = {
  open: { ja: "対応中", en: "Open" },
  closed: { ja: "終了", en: "Closed" },
}

/**
 * 関係機関 (organisation in a case): a directory entry's id, with its municipality (which chooses the regional rule
 * set) and its business schedule (for business-day deadlines) when they are known.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { CaseOrganisation } from "@zaitaku/core"
 *
 * CaseOrganisation.parse({ id: "0192f5a0-0000-7000-8000-000000000001", municipality: "022039" })
 * ```
 */
export const CaseOrganisation = z
  .object({
    id: ResourceId,
    municipality: LocalGovernmentCode.optional(),
    schedule: BusinessSchedule.optional(),
  })
  .strict()
/** @since 0.1.0 @category models */
export type CaseOrganisation = z.infer<typeof CaseOrganisation>

/**
 * 関係機関 (the organisations of a case) by role: the hospital always; the care-management office
 * (`care_manager`) when the patient has one (otherwise the "no care manager" flows apply); the 地域包括支援センター,
 * the clinic and the municipality's desk when involved.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { CaseParties } from "@zaitaku/core"
 *
 * CaseParties.parse({ hospital: { id: "0192f5a0-0000-7000-8000-000000000001" } })
 * ```
 */
export const CaseParties = z
  .object({
    hospital: CaseOrganisation,
    care_manager: CaseOrganisation.optional(),
    community_center: CaseOrganisation.optional(),
    clinic: CaseOrganisation.optional(),
    municipality: CaseOrganisation.optional(),
  })
  .strict()
/** @since 0.1.0 @category models */
export type CaseParties = z.infer<typeof CaseParties>

/**
 * 取消し (withdrawal) of an entry recorded by mistake: when, by whom and why. The entry stays in the record.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { Withdrawal } from "@zaitaku/core"
 *
 * Withdrawal.parse({ at: "2024-07-13T09:00:00+09:00", by: { kind: "api_key", id: "k-1" }, reason: "別の患者に登録した" })
 * ```
 */
export const Withdrawal = z.object({ at: Instant, by: ActorRef, reason: z.string().min(1).max(1000) })
/** @since 0.1.0 @category models */
export type Withdrawal = z.infer<typeof Withdrawal>

/**
 * 出来事の記録 (recorded event): what happened (`at`), with the planned discharge date when one was set, and when and
 * by whom it was recorded.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { CaseEventRecord } from "@zaitaku/core"
 *
 * const admitted = (events: ReadonlyArray<CaseEventRecord>) => events.some((e) => e.type === "admission" && !e.withdrawn)
 * ```
 */
export const CaseEventRecord = z.object({
  id: z.string().min(1),
  type: CaseEventType,
  at: Instant,
  plannedDischargeDate: IsoDate.optional(),
  recordedAt: Instant,
  recordedBy: ActorRef,
  withdrawn: Withdrawal.optional(),
})
/** @since 0.1.0 @category models */
export type CaseEventRecord = z.infer<typeof CaseEventRecord>

/**
 * 実施記録の種類 (kind of evidence): a recorded contact (電話・訪問・FAX), a sent form, a conference held or attended,
 * support of the 要介護認定 application.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { EvidenceKind } from "@zaitaku/core"
 *
 * EvidenceKind.options // ["contact", "form_sent", "conference", "application_support"]
 * ```
 */
export const EvidenceKind = z.enum(["contact", "form_sent", "conference", "application_support"])
/** @since 0.1.0 @category models */
export type EvidenceKind = z.infer<typeof EvidenceKind>

/**
 * 実施記録 (recorded evidence): who (`from`, a role in the case) did what for whom (`to`) when; a sent form names
 * its template (`templateId`), its response (`formResponseId`, in the forms module) and its recipient (a directory
 * entry id).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { EvidenceRecord } from "@zaitaku/core"
 *
 * const forms = (evidence: ReadonlyArray<EvidenceRecord>) => evidence.filter((e) => e.kind === "form_sent")
 * ```
 */
export const EvidenceRecord = z.object({
  id: z.string().min(1),
  kind: EvidenceKind,
  at: Instant,
  from: PartyRole,
  to: PartyRole.optional(),
  templateId: z.string().min(1).max(200).optional(),
  formResponseId: z.string().min(1).max(200).optional(),
  recipientId: ResourceId.optional(),
  recordedAt: Instant,
  recordedBy: ActorRef,
  withdrawn: Withdrawal.optional(),
})
/** @since 0.1.0 @category models */
export type EvidenceRecord = z.infer<typeof EvidenceRecord>

/**
 * 免除の記録 (recorded waiver) of one obligation, by its key, with the reason, who decided and when.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { WaiverRecord } from "@zaitaku/core"
 *
 * const reasons = (waivers: ReadonlyArray<WaiverRecord>) => waivers.map((w) => w.reason)
 * ```
 */
export const WaiverRecord = z.object({
  obligationKey: z.string().min(1).max(500),
  reason: z.string().min(1).max(1000),
  by: ActorRef,
  at: Instant,
})
/** @since 0.1.0 @category models */
export type WaiverRecord = z.infer<typeof WaiverRecord>

const Ward = z.string().trim().min(1).max(100)

const caseAttributes = {
  /** 住所地 (the patient's municipality), which may differ from the hospital's. */
  patientMunicipality: LocalGovernmentCode,
  parties: CaseParties,
  careLevel: CareLevel,
  ageBand: AgeBand,
  admissionPurpose: AdmissionPurpose,
  /** For respite stays: 1 for the first, 2 for the second … */
  respiteStayNumber: z.int().min(1).max(1000).optional(),
  wards: z.array(Ward).max(20),
  plannedStayDays: z.int().min(1).max(3650).optional(),
}

/**
 * 入退院支援のケース (coordination case) as stored: the attributes, the recorded events, evidence and waivers, and the
 * record's own metadata. `version` increases with every change (the `ETag`).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Case } from "@zaitaku/core"
 *
 * declare const c: Case
 * c.parties.care_manager === undefined // flow B: the patient has no care manager
 * ```
 */
export const Case = z.object({
  id: CaseId,
  tenantId: TenantId,
  patient: PatientPseudonym,
  ...caseAttributes,
  status: CaseStatus,
  events: z.array(CaseEventRecord),
  evidence: z.array(EvidenceRecord),
  waivers: z.array(WaiverRecord),
  createdAt: Instant,
  createdBy: ActorRef,
  updatedAt: Instant,
  version: z.int().min(1),
})
/** @since 0.1.0 @category models */
export type Case = z.infer<typeof Case>

/**
 * 出来事の入力 (new event): its type, when it happened, and for 退院支援開始 or 退院前カンファレンス the planned discharge
 * date. An event more than five minutes in the future is refused.
 *
 * @since 0.1.0
 * @category inputs
 * @example
 * ```ts
 * import { NewCaseEvent } from "@zaitaku/core"
 *
 * NewCaseEvent.parse({ type: "discharge_planning_started", at: "2024-07-20T10:00:00+09:00", plannedDischargeDate: "2024-07-31" })
 * ```
 */
export const NewCaseEvent = z
  .object({ type: CaseEventType, at: Instant, plannedDischargeDate: IsoDate.optional() })
  .strict()
  .superRefine((event, ctx) => {
    if (
      event.plannedDischargeDate !== undefined &&
      event.type !== "discharge_planning_started" &&
      event.type !== "discharge_conference"
    ) {
      addLocalizedIssue(
        ctx,
        ["plannedDischargeDate"],
        "退院予定日は「退院支援開始」か「退院前カンファレンス」にだけ指定できます",
        "A planned discharge date goes only with discharge_planning_started or discharge_conference",
        "not_allowed",
      )
    }
  })
/** @since 0.1.0 @category inputs */
export type NewCaseEvent = z.infer<typeof NewCaseEvent>
/** The input form of a {@link NewCaseEvent}. @since 0.1.0 @category inputs */
export type NewCaseEventInput = z.input<typeof NewCaseEvent>

/**
 * 実施記録の入力 (new evidence). A contact and a sent form name the role they went to (`to`, not the sender's own);
 * a sent form also names its template, its response (forms module) and its recipient's directory entry.
 *
 * @since 0.1.0
 * @category inputs
 * @example
 * ```ts
 * import { NewEvidence } from "@zaitaku/core"
 *
 * NewEvidence.parse({
 *   kind: "form_sent", at: "2024-07-12T19:00:00+09:00", from: "care_manager", to: "hospital",
 *   templateId: "admission-information", formResponseId: "r-1", recipientId: "0192f5a0-0000-7000-8000-000000000001",
 * })
 * ```
 */
export const NewEvidence = z
  .object({
    kind: EvidenceKind,
    at: Instant,
    from: PartyRole,
    to: PartyRole.optional(),
    templateId: z.string().min(1).max(200).optional(),
    formResponseId: z.string().min(1).max(200).optional(),
    recipientId: ResourceId.optional(),
  })
  .strict()
  .superRefine((evidence, ctx) => {
    if ((evidence.kind === "contact" || evidence.kind === "form_sent") && evidence.to === undefined) {
      addLocalizedIssue(
        ctx,
        ["to"],
        "連絡・送付の相手（to）を指定してください",
        "A contact or a sent form needs the role it went to (to)",
        "required",
      )
    }
    if (evidence.to !== undefined && evidence.to === evidence.from) {
      addLocalizedIssue(
        ctx,
        ["to"],
        "相手（to）は送り手（from）と別の役割にしてください",
        "to must be another role than from",
        "same_role",
      )
    }
    if (evidence.kind === "form_sent") {
      for (const field of ["templateId", "formResponseId", "recipientId"] as const) {
        if (evidence[field] === undefined) {
          addLocalizedIssue(
            ctx,
            [field],
            `送付した様式の記録には ${field} が必要です`,
            `A sent form needs ${field}`,
            "required",
          )
        }
      }
    } else {
      for (const field of ["templateId", "formResponseId"] as const) {
        if (evidence[field] !== undefined) {
          addLocalizedIssue(
            ctx,
            [field],
            `${field} は様式の送付（form_sent）にだけ指定できます`,
            `${field} goes only with form_sent`,
            "not_allowed",
          )
        }
      }
    }
  })
/** @since 0.1.0 @category inputs */
export type NewEvidence = z.infer<typeof NewEvidence>
/** The input form of a {@link NewEvidence}. @since 0.1.0 @category inputs */
export type NewEvidenceInput = z.input<typeof NewEvidence>

/**
 * 新しいケース (new case): the patient's pseudonym and the case's attributes, and optionally its first events (e.g.
 * the admission). The tenant, the status (`open`) and the ids are set by the store.
 *
 * @since 0.1.0
 * @category inputs
 * @example
 * ```ts
 * import { NewCase } from "@zaitaku/core"
 *
 * NewCase.parse({
 *   patient: "p-7f3a",
 *   patientMunicipality: "022039",
 *   parties: { hospital: { id: "0192f5a0-0000-7000-8000-000000000001", municipality: "022039" } },
 *   careLevel: "care_2",
 *   ageBand: "65_and_over",
 *   events: [{ type: "admission", at: "2024-07-12T18:30:00+09:00" }],
 * })
 * ```
 */
export const NewCase = z
  .object({
    patient: PatientPseudonym,
    ...caseAttributes,
    admissionPurpose: AdmissionPurpose.default("treatment"),
    wards: z.array(Ward).max(20).default([]),
    events: z.array(NewCaseEvent).max(50).default([]),
  })
  .strict()
/** @since 0.1.0 @category inputs */
export type NewCase = z.infer<typeof NewCase>
/** The input form of a {@link NewCase}. @since 0.1.0 @category inputs */
export type NewCaseInput = z.input<typeof NewCase>

/**
 * 変更内容 (case patch): each key replaces the stored value; `null` removes `respiteStayNumber` or
 * `plannedStayDays`; `status` closes or reopens the case. The patient's pseudonym never changes.
 *
 * @since 0.1.0
 * @category inputs
 * @example
 * ```ts
 * import { CasePatch } from "@zaitaku/core"
 *
 * CasePatch.parse({ careLevel: "care_3", status: "closed" })
 * ```
 */
export const CasePatch = z
  .object({
    patientMunicipality: LocalGovernmentCode.optional(),
    parties: CaseParties.optional(),
    careLevel: CareLevel.optional(),
    ageBand: AgeBand.optional(),
    admissionPurpose: AdmissionPurpose.optional(),
    respiteStayNumber: z.int().min(1).max(1000).nullable().optional(),
    wards: z.array(Ward).max(20).optional(),
    plannedStayDays: z.int().min(1).max(3650).nullable().optional(),
    status: CaseStatus.optional(),
  })
  .strict()
/** @since 0.1.0 @category inputs */
export type CasePatch = z.infer<typeof CasePatch>
/** The input form of a {@link CasePatch}. @since 0.1.0 @category inputs */
export type CasePatchInput = z.input<typeof CasePatch>

/**
 * 免除の入力 (new waiver) of one obligation (its key, as `evaluate` reports it), with the reason.
 *
 * @since 0.1.0
 * @category inputs
 * @example
 * ```ts
 * import { NewWaiver } from "@zaitaku/core"
 *
 * NewWaiver.parse({ obligationKey: "jp-kaigo-houshu-kyotaku@2024/admission-information/cm-informs-hospital/e1", reason: "本人が情報提供を拒否" })
 * ```
 */
export const NewWaiver = z
  .object({ obligationKey: z.string().min(1).max(500), reason: z.string().trim().min(1).max(1000) })
  .strict()
/** @since 0.1.0 @category inputs */
export type NewWaiver = z.infer<typeof NewWaiver>
/** The input form of a {@link NewWaiver}. @since 0.1.0 @category inputs */
export type NewWaiverInput = z.input<typeof NewWaiver>

/**
 * Options of a case's writes: the version the caller last saw (the `If-Match` ETag).
 *
 * @since 0.1.0
 * @category inputs
 * @example
 * ```ts
 * import { WriteCaseOptions } from "@zaitaku/core"
 *
 * WriteCaseOptions.parse({ expectedVersion: 3 })
 * ```
 */
export const WriteCaseOptions = z.object({ expectedVersion: z.int().min(1) }).strict()
/** @since 0.1.0 @category inputs */
export type WriteCaseOptions = z.infer<typeof WriteCaseOptions>
/** The input form of a {@link WriteCaseOptions}. @since 0.1.0 @category inputs */
export type WriteCaseOptionsInput = z.input<typeof WriteCaseOptions>

/**
 * Options of a withdrawal: the version the caller last saw, why the entry is withdrawn, and optionally whether it is
 * an event or evidence.
 *
 * @since 0.1.0
 * @category inputs
 * @example
 * ```ts
 * import { WithdrawOptions } from "@zaitaku/core"
 *
 * WithdrawOptions.parse({ expectedVersion: 4, reason: "別の患者のケースに登録した" })
 * ```
 */
export const WithdrawOptions = z
  .object({
    expectedVersion: z.int().min(1),
    reason: z.string().trim().min(1).max(1000),
    /** Which list the entry must be in (`NotFound` otherwise); either when omitted. */
    entry: z.enum(["event", "evidence"]).optional(),
  })
  .strict()
/** @since 0.1.0 @category inputs */
export type WithdrawOptions = z.infer<typeof WithdrawOptions>
/** The input form of a {@link WithdrawOptions}. @since 0.1.0 @category inputs */
export type WithdrawOptionsInput = z.input<typeof WithdrawOptions>

/**
 * Options of `create`: an idempotency key (1–255 characters, per tenant).
 *
 * @since 0.1.0
 * @category inputs
 * @example
 * ```ts
 * import { CreateCaseOptions } from "@zaitaku/core"
 *
 * CreateCaseOptions.parse({ idempotencyKey: "admission-2024-07-12-0001" })
 * ```
 */
export const CreateCaseOptions = z.object({ idempotencyKey: z.string().min(1).max(255).optional() }).strict()
/** @since 0.1.0 @category inputs */
export type CreateCaseOptions = z.infer<typeof CreateCaseOptions>
/** The input form of a {@link CreateCaseOptions}. @since 0.1.0 @category inputs */
export type CreateCaseOptionsInput = z.input<typeof CreateCaseOptions>

// ---------------------------------------------------------------------------------------------------------------
// The case as the engine sees it
// ---------------------------------------------------------------------------------------------------------------

/**
 * The engine's view of a stored case: withdrawn entries left out, each entry's recorder as its id.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { toCoordinationCase, type Case } from "@zaitaku/core"
 *
 * declare const c: Case
 * toCoordinationCase(c).events.length
 * ```
 */
export const toCoordinationCase = (c: Case): CoordinationCase => {
  const parties: Record<string, CoordinationCase["parties"]["hospital"]> = {}
  for (const [role, party] of Object.entries(c.parties)) {
    if (party !== undefined) parties[role] = party
  }
  return {
    id: c.id,
    patient: c.patient,
    patientMunicipality: c.patientMunicipality,
    parties: parties as CoordinationCase["parties"],
    careLevel: c.careLevel,
    ageBand: c.ageBand,
    admissionPurpose: c.admissionPurpose,
    ...(c.respiteStayNumber === undefined ? {} : { respiteStayNumber: c.respiteStayNumber }),
    wards: c.wards,
    ...(c.plannedStayDays === undefined ? {} : { plannedStayDays: c.plannedStayDays }),
    events: c.events
      .filter((e) => e.withdrawn === undefined)
      .map((e) => ({
        id: e.id,
        type: e.type,
        at: e.at,
        recordedBy: e.recordedBy.id,
        ...(e.plannedDischargeDate === undefined ? {} : { plannedDischargeDate: e.plannedDischargeDate }),
      })),
    evidence: c.evidence
      .filter((e) => e.withdrawn === undefined)
      .map((e) => ({
        id: e.id,
        kind: e.kind,
        at: e.at,
        from: e.from,
        recordedBy: e.recordedBy.id,
        ...(e.to === undefined ? {} : { to: e.to }),
        ...(e.templateId === undefined ? {} : { templateId: e.templateId }),
        ...(e.formResponseId === undefined ? {} : { formResponseId: e.formResponseId }),
        ...(e.recipientId === undefined ? {} : { recipientId: e.recipientId }),
      })),
    waivers: c.waivers.map((w) => ({ obligationKey: w.obligationKey, reason: w.reason, by: w.by.id, at: w.at })),
  }
}

/**
 * Options of {@link evaluateCase}: the engine's options, and the sendings of form responses linked to the case
 * (read with {@link sendingsOfCases}), which count as evidence.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import type { CaseEvaluateOptions } from "@zaitaku/core"
 *
 * const options: CaseEvaluateOptions = { resolution: ["hospital", "patient"], sendings: [] }
 * ```
 */
export interface CaseEvaluateOptions extends EvaluateOptions {
  readonly sendings?: ReadonlyArray<CaseFormSending> | undefined
}

/**
 * 義務の計算 (the obligations of a stored case): {@link evaluate} on its {@link toCoordinationCase} view, with the
 * sendings linked to it (`options.sendings`, see {@link sendingEvidence}) counted as `form_sent` evidence. Pure.
 *
 * @since 0.1.0
 * @category evaluation
 * @example
 * ```ts
 * import { builtinRuleSets, evaluateCase, type Case, type HolidayCalendar } from "@zaitaku/core"
 *
 * declare const c: Case
 * declare const calendar: HolidayCalendar
 * evaluateCase(c, builtinRuleSets, calendar, new Date())
 * ```
 */
export const evaluateCase = (
  c: Case,
  ruleSets: ReadonlyArray<RuleSet>,
  calendar: HolidayCalendar,
  now: InstantInput,
  options: CaseEvaluateOptions = {},
): Result.Result<Evaluation, DateOutsideCalendar> => {
  const view = toCoordinationCase(c)
  const fromSendings = options.sendings === undefined ? [] : sendingEvidence(c, options.sendings)
  return evaluate(
    fromSendings.length === 0 ? view : { ...view, evidence: [...view.evidence, ...fromSendings] },
    ruleSets,
    calendar,
    now,
    options.resolution === undefined ? {} : { resolution: options.resolution },
  )
}

const tokyoDate = (instant: string): IsoDate => tokyoDateTimeOf(instant).date

/**
 * 期間 (span) of a case, in Japan dates: from its first event to its last event when that is a discharge, a
 * transfer or a death (`end: null` while the stay goes on); both `null` for a case without events. Withdrawn
 * events do not count. Adapters store it to filter cases by period.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { caseSpan, type Case } from "@zaitaku/core"
 *
 * declare const c: Case
 * caseSpan(c) // { start: "2024-07-12", end: null }
 * ```
 */
export const caseSpan = (c: Pick<Case, "events">): { readonly start: IsoDate | null; readonly end: IsoDate | null } => {
  const events = c.events
    .filter((e) => e.withdrawn === undefined)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const first = events[0]
  const last = events[events.length - 1]
  if (first === undefined || last === undefined) return { start: null, end: null }
  const ends = last.type === "discharge" || last.type === "transfer" || last.type === "death"
  return { start: tokyoDate(first.at), end: ends ? tokyoDate(last.at) : null }
}

/**
 * The directory entries named in a case (its organisations), without repeats.
 *
 * @since 0.1.0
 * @category scope
 * @example
 * ```ts
 * import { casePartyIds, type Case } from "@zaitaku/core"
 *
 * declare const c: Case
 * casePartyIds(c).includes(c.parties.hospital.id) // true
 * ```
 */
export const casePartyIds = (c: Pick<Case, "parties">): ReadonlyArray<ResourceId> => [
  ...new Set(
    Object.values(c.parties)
      .filter((party): party is CaseOrganisation => party !== undefined)
      .map((party) => party.id),
  ),
]

/**
 * 担当範囲か (in scope): whether a principal works on a case — always for the roles that act for the whole tenant,
 * and for hospital staff and care managers when one of the case's organisations is theirs ({@link caseOrganisations}).
 *
 * @since 0.1.0
 * @category scope
 * @example
 * ```ts
 * import { caseInScope, type Case, type Principal } from "@zaitaku/core"
 *
 * declare const principal: Principal
 * declare const c: Case
 * caseInScope(principal, c)
 * ```
 */
export const caseInScope = (principal: Principal, c: Pick<Case, "parties">): boolean => {
  const organisations = caseOrganisations(principal)
  return organisations === "tenant" || casePartyIds(c).some((id) => organisations.includes(id))
}

/**
 * The {@link Forbidden} error when a write would leave a case outside the principal's organisations (a hospital
 * opening a case for another hospital, a care manager removing its own office), else `undefined`.
 *
 * @since 0.1.0
 * @category scope
 * @example
 * ```ts
 * import { outOfCaseScope, type CaseParties, type Principal } from "@zaitaku/core"
 *
 * declare const principal: Principal
 * declare const parties: CaseParties
 * outOfCaseScope(principal, "cases:write", parties)
 * ```
 */
export const outOfCaseScope = (
  principal: Principal,
  permission: string,
  parties: CaseParties,
): Forbidden | undefined =>
  caseInScope(principal, { parties })
    ? undefined
    : new Forbidden({ permission, role: principal.role, resourceId: parties.hospital.id })

// ---------------------------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------------------------

/** How far in the future an event or evidence may lie (clock skew between systems): five minutes. */
const futureToleranceMillis = 5 * 60_000

const futureIssue = (path: ReadonlyArray<string | number>) => ({
  path,
  code: "in_future",
  message: {
    ja: "未来の日時は記録できません（起きたことを記録してください）",
    en: "Cannot record a time in the future: record what has happened",
  },
})

/** The context of a write: now, who, and the ids the store generated for new entries. */
interface WriteContext {
  readonly at: Date
  readonly by: ActorRef
}

/**
 * Builds a new case from a decoded {@link NewCase} (pure): version 1, `open`, each first event recorded now by the
 * actor under the given ids. Fails when an event lies in the future.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { NewCase, prepareCase, type CaseId, type TenantId } from "@zaitaku/core"
 *
 * declare const id: CaseId
 * declare const tenantId: TenantId
 * declare const input: NewCase
 * prepareCase(input, { id, tenantId, at: new Date(), by: { kind: "api_key", id: "k-1" }, eventIds: ["e-1"] })
 * ```
 */
export const prepareCase = (
  input: NewCase,
  context: WriteContext & {
    readonly id: CaseId
    readonly tenantId: TenantId
    readonly eventIds: ReadonlyArray<string>
  },
): Result.Result<Case, ValidationError> => {
  const at = context.at.toISOString()
  const late = input.events.findIndex((e) => Date.parse(e.at) > context.at.getTime() + futureToleranceMillis)
  if (late >= 0)
    return Result.fail(new ValidationError({ subject: "case", issues: [futureIssue(["events", late, "at"])] }))
  const { events, ...attributes } = input
  return Result.succeed({
    ...attributes,
    id: context.id,
    tenantId: context.tenantId,
    status: "open",
    events: events.map((event, i) => ({
      id: context.eventIds[i] ?? `${context.id}-${i}`,
      type: event.type,
      at: event.at,
      ...(event.plannedDischargeDate === undefined ? {} : { plannedDischargeDate: event.plannedDischargeDate }),
      recordedAt: at,
      recordedBy: context.by,
    })),
    evidence: [],
    waivers: [],
    createdAt: at,
    createdBy: context.by,
    updatedAt: at,
    version: 1,
  })
}

/**
 * One write to a case, decoded: a patch, a new event or evidence (with the id the store made for it), a waiver, or
 * the withdrawal of an entry.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import type { CaseWrite } from "@zaitaku/core"
 *
 * const close: CaseWrite = { kind: "update", patch: { status: "closed" } }
 * ```
 */
export type CaseWrite =
  | { readonly kind: "update"; readonly patch: CasePatch }
  | { readonly kind: "record_event"; readonly id: string; readonly event: NewCaseEvent }
  | { readonly kind: "record_evidence"; readonly id: string; readonly evidence: NewEvidence }
  | { readonly kind: "waive"; readonly waiver: NewWaiver }
  | {
      readonly kind: "withdraw"
      readonly entryId: string
      readonly reason: string
      readonly entry?: "event" | "evidence" | undefined
    }

/**
 * The audited action of each {@link CaseWrite}, and of reads.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { caseActionLabels } from "@zaitaku/core"
 *
 * caseActionLabels["case.event.record"].ja // "出来事の記録"
 * ```
 */
export const caseActionLabels = {
  "case.create": { ja: "ケースの登録", en: "Case created" },
  "case.read": { ja: "ケースの閲覧", en: "Case read" },
  "case.list": { ja: "ケース一覧の閲覧", en: "Cases listed" },
  "case.update": { ja: "ケースの変更", en: "Case updated" },
  "case.event.record": { ja: "出来事の記録", en: "Event recorded" },
  "case.evidence.record": { ja: "実施記録", en: "Evidence recorded" },
  "case.waiver.record": { ja: "義務の免除", en: "Obligation waived" },
  "case.entry.withdraw": { ja: "記録の取消し", en: "Entry withdrawn" },
} as const satisfies Record<string, LocalizedText>

/**
 * An audited case action.
 *
 * @since 0.1.0
 * @category audit
 */
export type CaseAction = keyof typeof caseActionLabels

/**
 * The permission each write needs: `cases:write` to change the case itself, `cases:record` to record and withdraw
 * events and evidence, `cases:waive` to waive an obligation.
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { casePermissionOf } from "@zaitaku/core"
 *
 * casePermissionOf("waive") // "cases:waive"
 * ```
 */
export const casePermissionOf = (kind: CaseWrite["kind"]): "cases:write" | "cases:record" | "cases:waive" =>
  kind === "update" ? "cases:write" : kind === "waive" ? "cases:waive" : "cases:record"

/**
 * The audit event of a case action: target `case`, always flagged as personal data (a case concerns a patient),
 * with the new version and non-personal details (changed field names, entry ids and types, counts).
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { caseAuditEvent, type Case } from "@zaitaku/core"
 *
 * declare const c: Case
 * caseAuditEvent("case.read", c).personalData // true
 * ```
 */
export const caseAuditEvent = (
  action: CaseAction,
  c: Pick<Case, "id" | "version">,
  details: Record<string, z.infer<ReturnType<typeof z.json>>> = {},
): AuditEvent & { readonly personalData: true } => ({
  action,
  target: { type: "case", id: c.id },
  personalData: true,
  details: { version: c.version, ...details },
})

const conflictState = (c: Case): Conflict =>
  new Conflict({ entity: "case", id: c.id, reason: "state", state: c.status })

const patchKeys = [
  "patientMunicipality",
  "parties",
  "careLevel",
  "ageBand",
  "admissionPurpose",
  "respiteStayNumber",
  "wards",
  "plannedStayDays",
  "status",
] as const

/**
 * Applies one write to a case (pure): the new case (one version more, `updatedAt` now) and its audit event, or
 * `undefined` when a patch changes nothing. Fails with a {@link ValidationError} (an entry in the future), a
 * {@link Conflict} `state` (a closed case takes only patches; an entry already withdrawn), a {@link NotFound} (no
 * such entry) — after the store has checked the permission, the scope and the version. Scope after a patch is
 * checked by the store ({@link outOfCaseScope}).
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { applyCaseWrite, type Case } from "@zaitaku/core"
 *
 * declare const c: Case
 * applyCaseWrite(c, { kind: "update", patch: { careLevel: "care_3" } }, { at: new Date(), by: { kind: "api_key", id: "k-1" } })
 * ```
 */
export const applyCaseWrite = (
  current: Case,
  write: CaseWrite,
  context: WriteContext,
): Result.Result<
  { readonly case: Case; readonly audit: AuditEvent } | undefined,
  ValidationError | Conflict | NotFound
> => {
  const at = context.at.toISOString()
  const bump = (next: Omit<Case, "version" | "updatedAt">): Case => ({
    ...next,
    updatedAt: at,
    version: current.version + 1,
  })
  const inFuture = (instant: string) => Date.parse(instant) > context.at.getTime() + futureToleranceMillis
  if (write.kind !== "update" && current.status === "closed") return Result.fail(conflictState(current))
  switch (write.kind) {
    case "update": {
      const next: Record<string, unknown> = { ...current }
      const changed: Array<string> = []
      for (const key of patchKeys) {
        const value = write.patch[key]
        if (value === undefined) continue
        const before = current[key]
        if (value === null) {
          if (before !== undefined) {
            delete next[key]
            changed.push(key)
          }
        } else if (!equalValues(before, value)) {
          next[key] = value
          changed.push(key)
        }
      }
      if (changed.length === 0) return Result.succeed(undefined)
      const updated = bump(next as Case)
      return Result.succeed({ case: updated, audit: caseAuditEvent("case.update", updated, { changed }) })
    }
    case "record_event": {
      if (inFuture(write.event.at)) {
        return Result.fail(new ValidationError({ subject: "event", issues: [futureIssue(["at"])] }))
      }
      const event: CaseEventRecord = {
        id: write.id,
        type: write.event.type,
        at: write.event.at,
        ...(write.event.plannedDischargeDate === undefined
          ? {}
          : { plannedDischargeDate: write.event.plannedDischargeDate }),
        recordedAt: at,
        recordedBy: context.by,
      }
      const updated = bump({ ...current, events: [...current.events, event] })
      return Result.succeed({
        case: updated,
        audit: caseAuditEvent("case.event.record", updated, { eventId: event.id, type: event.type }),
      })
    }
    case "record_evidence": {
      if (inFuture(write.evidence.at)) {
        return Result.fail(new ValidationError({ subject: "evidence", issues: [futureIssue(["at"])] }))
      }
      const { kind, at: happened, from, to, templateId, formResponseId, recipientId } = write.evidence
      const evidence: EvidenceRecord = {
        id: write.id,
        kind,
        at: happened,
        from,
        ...(to === undefined ? {} : { to }),
        ...(templateId === undefined ? {} : { templateId }),
        ...(formResponseId === undefined ? {} : { formResponseId }),
        ...(recipientId === undefined ? {} : { recipientId }),
        recordedAt: at,
        recordedBy: context.by,
      }
      const updated = bump({ ...current, evidence: [...current.evidence, evidence] })
      return Result.succeed({
        case: updated,
        audit: caseAuditEvent("case.evidence.record", updated, {
          evidenceId: evidence.id,
          kind,
          ...(templateId === undefined ? {} : { templateId }),
          ...(formResponseId === undefined ? {} : { formResponseId }),
        }),
      })
    }
    case "waive": {
      const others = current.waivers.filter((w) => w.obligationKey !== write.waiver.obligationKey)
      const waiver: WaiverRecord = { ...write.waiver, by: context.by, at }
      const updated = bump({ ...current, waivers: [...others, waiver] })
      return Result.succeed({
        case: updated,
        audit: caseAuditEvent("case.waiver.record", updated, { obligationKey: waiver.obligationKey }),
      })
    }
    case "withdraw": {
      const withdrawal: Withdrawal = { at, by: context.by, reason: write.reason }
      const inEvents = write.entry === "evidence" ? undefined : current.events.find((e) => e.id === write.entryId)
      const inEvidence = write.entry === "event" ? undefined : current.evidence.find((e) => e.id === write.entryId)
      const entry = inEvents ?? inEvidence
      if (entry === undefined) return Result.fail(new NotFound({ entity: "case_entry", id: write.entryId }))
      if (entry.withdrawn !== undefined) {
        return Result.fail(
          new Conflict({ entity: "case_entry", id: write.entryId, reason: "state", state: "withdrawn" }),
        )
      }
      const updated = bump({
        ...current,
        events: current.events.map((e) => (e.id === write.entryId ? { ...e, withdrawn: withdrawal } : e)),
        evidence: current.evidence.map((e) => (e.id === write.entryId ? { ...e, withdrawn: withdrawal } : e)),
      })
      return Result.succeed({
        case: updated,
        audit: caseAuditEvent("case.entry.withdraw", updated, {
          entryId: write.entryId,
          entry: inEvents === undefined ? "evidence" : "event",
        }),
      })
    }
  }
}

/**
 * The fingerprint of a create request, to recognise a retry with the same idempotency key: the SHA-256 of the
 * canonical JSON of the decoded input (an idempotency key reused with another input is a {@link Conflict}).
 *
 * @since 0.1.0
 * @category writes
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { caseFingerprint, type NewCase } from "@zaitaku/core"
 *
 * declare const input: NewCase
 * Effect.runPromise(caseFingerprint(input)) // 64 hex characters
 * ```
 */
export const caseFingerprint = (input: NewCase): Effect.Effect<string> => sha256Hex(canonicalJson(input))

// ---------------------------------------------------------------------------------------------------------------
// Listing
// ---------------------------------------------------------------------------------------------------------------

/**
 * ケース一覧の条件 (case query): `organisation` (a directory entry that is one of the case's organisations),
 * statuses, `period` (cases whose {@link caseSpan} overlaps the dates, both inclusive), `modifiedAfter`, `limit`
 * 1–200 (default 50) and the previous page's cursor. Newest first.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { CaseQuery } from "@zaitaku/core"
 *
 * CaseQuery.parse({ status: ["open"], period: { start: "2024-07-01", end: "2024-07-31" } })
 * ```
 */
export const CaseQuery = z
  .object({
    organisation: ResourceId.optional(),
    status: z.array(CaseStatus).min(1).max(2).optional(),
    period: DateRange.optional(),
    modifiedAfter: Instant.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.period !== undefined && query.period.end < query.period.start) {
      addLocalizedIssue(
        ctx,
        ["period", "end"],
        "期間の終わりが始まりより前です",
        "The period ends before it starts",
        "range_order",
      )
    }
  })
/** @since 0.1.0 @category listing */
export type CaseQuery = z.infer<typeof CaseQuery>
/** The input form of a {@link CaseQuery}. @since 0.1.0 @category listing */
export type CaseQueryInput = z.input<typeof CaseQuery>

/**
 * A page of cases, newest first; `nextCursor` is `null` on the last page.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import type { CasePage } from "@zaitaku/core"
 *
 * const empty: CasePage = { items: [], nextCursor: null }
 * ```
 */
export interface CasePage {
  readonly items: ReadonlyArray<Case>
  readonly nextCursor: string | null
}

const CaseCursor = z.object({ v: z.literal(1), o: z.literal("case"), at: z.number(), id: z.string() }).strict()

/**
 * The cursor after a case: its creation time in epoch milliseconds and its id (base64url JSON, opaque to clients).
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { decodeCaseCursor, encodeCaseCursor } from "@zaitaku/core"
 *
 * decodeCaseCursor(encodeCaseCursor({ at: 1, id: "x" })) // Result.succeed({ at: 1, id: "x" })
 * ```
 */
export const encodeCaseCursor = (cursor: { readonly at: number; readonly id: string }): string =>
  toBase64Url(JSON.stringify({ v: 1, o: "case", at: cursor.at, id: cursor.id }))

/**
 * Decodes a case cursor, or a {@link ValidationError} at `["cursor"]`. Never throws.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { type Effect, Result } from "effect"
 * import { decodeCaseCursor } from "@zaitaku/core"
 *
 * Result.isFailure(decodeCaseCursor("bogus")) // true
 * ```
 */
export const decodeCaseCursor = (
  text: string,
): Result.Result<{ readonly at: number; readonly id: string }, ValidationError> => {
  const json = fromBase64Url(text)
  if (json === undefined) return Result.fail(invalidCursor("query"))
  try {
    const parsed = CaseCursor.safeParse(JSON.parse(json))
    return parsed.success
      ? Result.succeed({ at: parsed.data.at, id: parsed.data.id })
      : Result.fail(invalidCursor("query"))
  } catch {
    return Result.fail(invalidCursor("query"))
  }
}

/**
 * Whether a case matches the filters of a decoded {@link CaseQuery} (paging aside): the reference for every
 * adapter's `WHERE` clause.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { CaseQuery, matchesCaseQuery, type Case } from "@zaitaku/core"
 *
 * declare const c: Case
 * matchesCaseQuery(c, CaseQuery.parse({ status: ["open"] }))
 * ```
 */
export const matchesCaseQuery = (c: Case, query: CaseQuery): boolean => {
  if (query.status !== undefined && !query.status.includes(c.status)) return false
  if (query.organisation !== undefined && !casePartyIds(c).includes(query.organisation)) return false
  if (query.modifiedAfter !== undefined && !(Date.parse(c.updatedAt) > Date.parse(query.modifiedAfter))) return false
  if (query.period !== undefined) {
    const span = caseSpan(c)
    if (span.start === null || span.start > query.period.end) return false
    if (span.end !== null && span.end < query.period.start) return false
  }
  return true
}

const newestFirst = (a: Case, b: Case): number =>
  Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

/**
 * ケース一覧のページ (page cases), pure: the cases in the principal's scope ({@link caseInScope}) that match the
 * query, newest first (creation time, then id, descending), after the cursor.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { pageCases, type Case, type Principal } from "@zaitaku/core"
 *
 * declare const cases: ReadonlyArray<Case>
 * declare const principal: Principal
 * pageCases(cases, { status: ["open"] }, principal)
 * ```
 */
export const pageCases = (
  cases: Iterable<Case>,
  input: CaseQueryInput,
  principal: Principal,
): Result.Result<CasePage, ValidationError> => {
  const decoded = decodeSync(CaseQuery, "query")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const query = decoded.success
  let after: { readonly at: number; readonly id: string } | undefined
  if (query.cursor !== undefined) {
    const parsed = decodeCaseCursor(query.cursor)
    if (Result.isFailure(parsed)) return Result.fail(parsed.failure)
    after = parsed.success
  }
  const all = [...cases]
    .filter(
      (c) =>
        caseInScope(principal, c) &&
        matchesCaseQuery(c, query) &&
        (after === undefined ||
          Date.parse(c.createdAt) < after.at ||
          (Date.parse(c.createdAt) === after.at && c.id < after.id)),
    )
    .sort(newestFirst)
  const page = all.slice(0, query.limit)
  const last = page[page.length - 1]
  return Result.succeed({
    items: page,
    nextCursor:
      all.length > query.limit && last !== undefined
        ? encodeCaseCursor({ at: Date.parse(last.createdAt), id: last.id })
        : null,
  })
}

/**
 * The audit event of a listing that returned cases: `case.list`, personal data, with the ids of the cases read (never
 * their contents).
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { caseListAuditEvent } from "@zaitaku/core"
 *
 * caseListAuditEvent(["0192f5a0-0000-7000-8000-000000000001"]).details // { count: 1, caseIds: [...] }
 * ```
 */
export const caseListAuditEvent = (ids: ReadonlyArray<string>): AuditEvent & { readonly personalData: true } => ({
  action: "case.list",
  target: { type: "case", id: "*" },
  personalData: true,
  details: { count: ids.length, caseIds: [...ids] },
})
