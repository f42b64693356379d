/**
 * 情報提供書のやりとり (responses and their exchange between organisations): a sheet is filled in by the staff of
 * one organisation (a directory entry: a 居宅介護支援事業所, a hospital's 地域連携室, a clinic), kept with every
 * version, and sent to one or more other organisations of the tenant, each of which receives it (read receipt),
 * acknowledges it or returns it with a comment, and — on a sheet with a reply section (返信欄) — replies.
 *
 * Decisions every store follows (the contract suite checks each one):
 * - **Who reads a response.** Only staff of the organisation that wrote it (a principal whose `resources` name it),
 *   and staff of the organisations it was sent to, who see it as it was sent to them (the latest version sent to
 *   one of their organisations) and only their own recipient rows. Everyone else — other organisations,
 *   coordinators and administrators of the same tenant, other tenants — gets {@link NotFound}: sheets carry
 *   patients' personal data, and the issue allows the sender's and recipients' staff only.
 * - **Audit.** Every read and write of a response is audited with `personalData: true` (target `form_response` or
 *   `form_sending`, with ids, versions and organisations in the details, never the answers); a refused read of an
 *   existing response is audited with outcome `denied`. Listings (inbox, outbox, own responses) return summaries
 *   without answers, notes, comments or replies, and are not audited.
 * - **Versions.** A response starts as a draft (`in-progress`, version 1); every change stores a new version and
 *   keeps the old ones: drafts are edited, then completed; a completed response is amended (never overwritten) or
 *   marked entered-in-error, which is final. Changes name the version they replace (`expectedVersion`, else
 *   {@link Conflict} `version_mismatch`). Answers are validated against the exact definition version the response
 *   records ({@link validateFormResponse}: `draft` mode for drafts, `complete` otherwise) and stored as validation
 *   keeps them (answers to disabled items dropped, calculated values filled in). The reply section is left to the
 *   recipient.
 * - **Sending.** Only a completed or amended response is sent, to 1–20 other organisations of the tenant's
 *   directory; the sending records the response version, so what was sent never changes. `Idempotency-Key` makes a
 *   send (and a create) safe to retry.
 * - **Recipient states.** `sent` → `received` (the first read by the recipient's staff: who and when) →
 *   `acknowledged` or `returned` (with a comment), both final. A reply is given once, by a recipient that has not
 *   returned the sheet, and is validated against the reply section.
 *
 * @since 0.1.0
 */
import { Result } from "effect"
import * as z from "zod"
import type { Principal } from "./Actor.js"
import { decodeSync } from "./Decode.js"
import { Conflict, ValidationError, type ValidationIssue } from "./Errors.js"
import { type FormDefinition, FormTemplateId, FormTemplateRef } from "./FormDefinition.js"
import { FormAnswers, FormResponseStatus } from "./FormResponse.js"
import { validateFormResponse } from "./FormValidation.js"
import { ResourceId, TenantId } from "./Ids.js"
import { fromBase64Url, invalidCursor, toBase64Url } from "./internal/cursor.js"
import { isPlainObject } from "./internal/values.js"
import type { LocalizedText } from "./Label.js"
import { ActorRef } from "./Resource.js"

// ---------------------------------------------------------------------------------------------------------------
// Models
// ---------------------------------------------------------------------------------------------------------------

/**
 * 回答ID (response id).
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { FormResponseId } from "@zaitaku/core"
 *
 * FormResponseId.parse("0192f5a0-0000-7000-8000-000000000301")
 * ```
 */
export const FormResponseId = z.uuid().brand<"FormResponseId">()
/** @since 0.1.0 @category ids */
export type FormResponseId = z.infer<typeof FormResponseId>

/**
 * 送付ID (sending id).
 *
 * @since 0.1.0
 * @category ids
 * @example
 * ```ts
 * import { FormSendingId } from "@zaitaku/core"
 *
 * FormSendingId.parse("0192f5a0-0000-7000-8000-000000000401")
 * ```
 */
export const FormSendingId = z.uuid().brand<"FormSendingId">()
/** @since 0.1.0 @category ids */
export type FormSendingId = z.infer<typeof FormSendingId>

/**
 * 事例ID (case reference): the id of a case of the coordination module the sheet belongs to, kept as an opaque
 * string (1–200 characters).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { CaseReference } from "@zaitaku/core"
 *
 * CaseReference.parse("0192f5a0-0000-7000-8000-000000000501")
 * ```
 */
export const CaseReference = z.string().trim().min(1).max(200)
/** @since 0.1.0 @category models */
export type CaseReference = z.infer<typeof CaseReference>

const Instant = z.iso.datetime({ offset: true })

/**
 * 保存された回答 (stored response): the exact definition version, the organisation that writes it (a directory
 * entry), an optional case, the status and answers of its current version, and who changed it when. `version`
 * increases with every change (the `ETag`); every version is kept ({@link FormResponseVersion}).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { FormResponseRecord } from "@zaitaku/core"
 *
 * declare const response: FormResponseRecord
 * response.status === "completed" && response.version
 * ```
 */
export const FormResponseRecord = z.object({
  id: FormResponseId,
  tenantId: TenantId,
  template: FormTemplateRef,
  organizationId: ResourceId,
  caseId: CaseReference.optional(),
  status: FormResponseStatus,
  answers: FormAnswers,
  version: z.int().min(1),
  createdAt: Instant,
  createdBy: ActorRef,
  updatedAt: Instant,
  updatedBy: ActorRef,
  /** When it was first completed. */
  completedAt: Instant.optional(),
  /** Why it was last amended or marked entered-in-error. */
  reason: z.string().max(1000).optional(),
})
/** @since 0.1.0 @category models */
export type FormResponseRecord = z.infer<typeof FormResponseRecord>

/**
 * 回答の版 (one version of a response), as kept forever.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { FormResponseVersion } from "@zaitaku/core"
 *
 * declare const versions: ReadonlyArray<FormResponseVersion>
 * versions.map((v) => `${v.version}: ${v.status}`)
 * ```
 */
export const FormResponseVersion = z.object({
  responseId: FormResponseId,
  version: z.int().min(1),
  status: FormResponseStatus,
  answers: FormAnswers,
  caseId: CaseReference.optional(),
  at: Instant,
  by: ActorRef,
  reason: z.string().max(1000).optional(),
})
/** @since 0.1.0 @category models */
export type FormResponseVersion = z.infer<typeof FormResponseVersion>

/**
 * 回答の概要 (response summary), as listed: everything but the answers and the reason.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { FormResponseSummary } from "@zaitaku/core"
 *
 * declare const summary: FormResponseSummary
 * summary.template.id
 * ```
 */
export type FormResponseSummary = Omit<FormResponseRecord, "answers" | "reason">

/**
 * 新しい回答 (new response): the definition version to fill in (active and in its effective period today), the
 * organisation writing it (one the key works for), an optional case and the first answers.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { NewFormResponse } from "@zaitaku/core"
 *
 * NewFormResponse.parse({
 *   template: { id: "admission-information", version: "1.0.0" },
 *   organizationId: "0192f5a0-0000-7000-8000-000000000101",
 * })
 * ```
 */
export const NewFormResponse = z
  .object({
    template: FormTemplateRef,
    organizationId: ResourceId,
    caseId: CaseReference.optional(),
    answers: FormAnswers.default({}),
  })
  .strict()
/** @since 0.1.0 @category models */
export type NewFormResponse = z.infer<typeof NewFormResponse>
/** The input form of a {@link NewFormResponse}. @since 0.1.0 @category models */
export type NewFormResponseInput = z.input<typeof NewFormResponse>

/**
 * Options of creating a response or sending one: `idempotencyKey` makes the request safe to retry.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { IdempotencyOptions } from "@zaitaku/core"
 *
 * IdempotencyOptions.parse({ idempotencyKey: "send-2026-01-19-001" })
 * ```
 */
export const IdempotencyOptions = z.object({ idempotencyKey: z.string().min(1).max(255).optional() }).strict()
/** @since 0.1.0 @category models */
export type IdempotencyOptions = z.infer<typeof IdempotencyOptions>

/**
 * Options of changing a response: the version the caller last saw (the `If-Match` ETag).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ResponseWriteOptions } from "@zaitaku/core"
 *
 * ResponseWriteOptions.parse({ expectedVersion: 3 })
 * ```
 */
export const ResponseWriteOptions = z.object({ expectedVersion: z.int().min(1) }).strict()
/** @since 0.1.0 @category models */
export type ResponseWriteOptions = z.infer<typeof ResponseWriteOptions>

/**
 * 下書きの編集 (edit a draft): new answers (replacing the old ones), or a case (`null` unlinks).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { FormResponseEdit } from "@zaitaku/core"
 *
 * FormResponseEdit.parse({ answers: { provision: { provided_on: "2026-01-19" } } })
 * ```
 */
export const FormResponseEdit = z
  .object({ answers: FormAnswers.optional(), caseId: CaseReference.nullable().optional() })
  .strict()
/** @since 0.1.0 @category models */
export type FormResponseEdit = z.infer<typeof FormResponseEdit>

/**
 * 修正 (amendment) of a completed response: the whole new answers, and why.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { FormAmendment } from "@zaitaku/core"
 *
 * FormAmendment.parse({ answers: {}, reason: "入院日の誤記を訂正" })
 * ```
 */
export const FormAmendment = z
  .object({ answers: FormAnswers, reason: z.string().trim().min(1).max(1000).optional() })
  .strict()
/** @since 0.1.0 @category models */
export type FormAmendment = z.infer<typeof FormAmendment>

/**
 * 取消 (entered in error): why the response was made in error (required).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { EnteredInError } from "@zaitaku/core"
 *
 * EnteredInError.parse({ reason: "別の利用者の情報を入力したため" })
 * ```
 */
export const EnteredInError = z.object({ reason: z.string().trim().min(1).max(1000) }).strict()
/** @since 0.1.0 @category models */
export type EnteredInError = z.infer<typeof EnteredInError>

/**
 * 添付ファイル (attachment) of a sending, as metadata: file name, media type, size in bytes and SHA-256 of the
 * content. Zaitaku keeps the metadata only; the file travels through the organisations' own channels (or a file
 * store), and the hash lets the recipient check it is the file that was sent.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { FormAttachment } from "@zaitaku/core"
 *
 * FormAttachment.parse({
 *   name: "お薬手帳.pdf",
 *   contentType: "application/pdf",
 *   size: 182000,
 *   sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
 * })
 * ```
 */
export const FormAttachment = z
  .object({
    name: z.string().trim().min(1).max(255),
    contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, "A media type such as application/pdf"),
    size: z
      .int()
      .min(0)
      .max(10 * 1024 ** 3),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "The SHA-256 of the file as 64 lower-case hexadecimal digits"),
  })
  .strict()
/** @since 0.1.0 @category models */
export type FormAttachment = z.infer<typeof FormAttachment>

/**
 * 送付 (send) a response: the recipient organisations (1–20 distinct directory entries other than the sender), a
 * cover note and attachments.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { SendForm } from "@zaitaku/core"
 *
 * SendForm.parse({ recipients: ["0192f5a0-0000-7000-8000-000000000102"], note: "よろしくお願いいたします" })
 * ```
 */
export const SendForm = z
  .object({
    recipients: z.array(ResourceId).min(1).max(20),
    note: z.string().trim().min(1).max(2000).optional(),
    attachments: z.array(FormAttachment).max(20).default([]),
  })
  .strict()
  .superRefine((input, ctx) => {
    const seen = new Set<string>()
    input.recipients.forEach((id, index) => {
      if (seen.has(id)) {
        ctx.addIssue({
          code: "custom",
          path: ["recipients", index],
          message: "The same recipient is named twice",
          params: { ja: "同じ送付先が2回指定されています", code: "duplicate_recipient" },
        })
      }
      seen.add(id)
    })
  })
/** @since 0.1.0 @category models */
export type SendForm = z.infer<typeof SendForm>
/** The input form of {@link SendForm}. @since 0.1.0 @category models */
export type SendFormInput = z.input<typeof SendForm>

/**
 * 送付先の状態 (recipient state): `sent` (送付済み), `received` (受信: read by the recipient's staff),
 * `acknowledged` (受領確認), `returned` (差戻し, with a comment).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { RecipientState } from "@zaitaku/core"
 *
 * RecipientState.options // ["sent", "received", "acknowledged", "returned"]
 * ```
 */
export const RecipientState = z.enum(["sent", "received", "acknowledged", "returned"])
/** @since 0.1.0 @category models */
export type RecipientState = z.infer<typeof RecipientState>

/**
 * Japanese and English labels of each {@link RecipientState}.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { recipientStateLabels } from "@zaitaku/core"
 *
 * recipientStateLabels.returned.ja // "差戻し"
 * ```
 */
export const recipientStateLabels: Readonly<Record<RecipientState, LocalizedText>> = {
  sent: { ja: "送付済み", en: "Sent" },
  received: { ja: "受信済み", en: "Received" },
  acknowledged: { ja: "受領確認済み", en: "Acknowledged" },
  returned: { ja: "差戻し", en: "Returned" },
}

/**
 * 送付先 (recipient) of a sending and what it did: receipt, acknowledgement or return (with the comment), reply.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { FormRecipient } from "@zaitaku/core"
 *
 * declare const recipient: FormRecipient
 * recipient.state === "received" && recipient.receivedBy
 * ```
 */
export const FormRecipient = z.object({
  organizationId: ResourceId,
  state: RecipientState,
  receivedAt: Instant.optional(),
  receivedBy: ActorRef.optional(),
  acknowledgedAt: Instant.optional(),
  acknowledgedBy: ActorRef.optional(),
  returnedAt: Instant.optional(),
  returnedBy: ActorRef.optional(),
  /** 差戻しの理由 (why it was returned). */
  comment: z.string().max(2000).optional(),
  /** 返信 (the reply section's answers). */
  reply: FormAnswers.optional(),
  repliedAt: Instant.optional(),
  repliedBy: ActorRef.optional(),
})
/** @since 0.1.0 @category models */
export type FormRecipient = z.infer<typeof FormRecipient>

/**
 * 送付 (sending) as stored: the response and the version that was sent, the sender organisation, the case, note
 * and attachments, and each recipient. Everything but the recipients' states is written once.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { StoredFormSending } from "@zaitaku/core"
 *
 * declare const sending: StoredFormSending
 * sending.recipients.map((r) => r.state)
 * ```
 */
export interface StoredFormSending {
  readonly id: FormSendingId
  readonly tenantId: TenantId
  readonly responseId: FormResponseId
  readonly responseVersion: number
  readonly template: FormTemplateRef
  readonly from: ResourceId
  readonly caseId?: string | undefined
  readonly note?: string | undefined
  readonly attachments: ReadonlyArray<FormAttachment>
  readonly sentAt: string
  readonly sentBy: ActorRef
  readonly recipients: ReadonlyArray<FormRecipient>
}

/**
 * 送付された様式 (a sending as read): the stored sending with the answers as sent, the response's status as it
 * was sent and as it is now (so a recipient learns of an amendment or an entered-in-error), and — for a reader on
 * the recipients' side — only its own recipient rows.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { FormSending } from "@zaitaku/core"
 *
 * declare const sending: FormSending
 * sending.answers
 * ```
 */
export interface FormSending extends StoredFormSending {
  readonly status: FormResponseStatus
  readonly answers: FormAnswers
  readonly currentStatus: FormResponseStatus
}

/**
 * 送付の概要 (sending summary), as listed in an inbox or outbox: no note, answers, comments or replies.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { FormSendingSummary } from "@zaitaku/core"
 *
 * declare const item: FormSendingSummary
 * item.recipients[0]?.state
 * ```
 */
export interface FormSendingSummary extends Omit<StoredFormSending, "note" | "recipients"> {
  readonly recipients: ReadonlyArray<Omit<FormRecipient, "comment" | "reply">>
}

/**
 * Which recipient a reader acts as: the organisation (one its key names), needed only when the key names more than
 * one recipient of the sending.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { RecipientAction } from "@zaitaku/core"
 *
 * RecipientAction.parse({ organizationId: "0192f5a0-0000-7000-8000-000000000102" })
 * ```
 */
export const RecipientAction = z.object({ organizationId: ResourceId.optional() }).strict()
/** @since 0.1.0 @category models */
export type RecipientAction = z.infer<typeof RecipientAction>

/**
 * 差戻し (return) a sending: why (required: the sender reads it).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ReturnSending } from "@zaitaku/core"
 *
 * ReturnSending.parse({ comment: "ADLの欄が未記入です" })
 * ```
 */
export const ReturnSending = z
  .object({ comment: z.string().trim().min(1).max(2000), organizationId: ResourceId.optional() })
  .strict()
/** @since 0.1.0 @category models */
export type ReturnSending = z.infer<typeof ReturnSending>

/**
 * 返信 (reply) to a sending: the answers of the sheet's reply section (返信欄), e.g. `{ replied_on, reply_text }`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ReplySending } from "@zaitaku/core"
 *
 * ReplySending.parse({ answers: { replied_on: "2026-01-21", reply_text: "承知しました。" } })
 * ```
 */
export const ReplySending = z.object({ answers: FormAnswers, organizationId: ResourceId.optional() }).strict()
/** @since 0.1.0 @category models */
export type ReplySending = z.infer<typeof ReplySending>

// ---------------------------------------------------------------------------------------------------------------
// Who may read
// ---------------------------------------------------------------------------------------------------------------

/**
 * 所属 (works for): whether a principal's credential names the organisation (`resources`). Unlike `actsFor`, no
 * role works for every organisation.
 *
 * @since 0.1.0
 * @category access
 * @example
 * ```ts
 * import { worksFor, type Principal } from "@zaitaku/core"
 *
 * declare const careManager: Principal
 * worksFor(careManager, "0192f5a0-0000-7000-8000-000000000101")
 * ```
 */
export const worksFor = (principal: Pick<Principal, "resources">, organizationId: string): boolean =>
  (principal.resources ?? []).some((id) => id === organizationId)

/**
 * 閲覧範囲 (what a principal may read of a response): as the author's staff (everything), as a recipient's staff
 * (the organisations it receives for, and the versions sent to them), or nothing (`undefined`).
 *
 * @since 0.1.0
 * @category access
 * @example
 * ```ts
 * import { responseAccess, type FormResponseRecord, type Principal, type StoredFormSending } from "@zaitaku/core"
 *
 * declare const principal: Principal
 * declare const response: FormResponseRecord
 * declare const sendings: ReadonlyArray<StoredFormSending>
 * responseAccess(principal, response, sendings) === undefined // → NotFound
 * ```
 */
export const responseAccess = (
  principal: Pick<Principal, "resources">,
  response: Pick<FormResponseRecord, "id" | "organizationId">,
  sendings: ReadonlyArray<Pick<StoredFormSending, "responseId" | "responseVersion" | "recipients">>,
):
  | { readonly author: true }
  | { readonly author: false; readonly organizations: ReadonlyArray<string>; readonly version: number }
  | undefined => {
  if (worksFor(principal, response.organizationId)) return { author: true }
  const organizations = new Set<string>()
  let version = 0
  for (const sending of sendings) {
    if (sending.responseId !== response.id) continue
    for (const recipient of sending.recipients) {
      if (!worksFor(principal, recipient.organizationId)) continue
      organizations.add(recipient.organizationId)
      version = Math.max(version, sending.responseVersion)
    }
  }
  return organizations.size === 0 ? undefined : { author: false, organizations: [...organizations], version }
}

/**
 * Whether a principal may read a sending: the sender's staff, or staff of one of its recipients.
 *
 * @since 0.1.0
 * @category access
 * @example
 * ```ts
 * import { canReadSending, type Principal, type StoredFormSending } from "@zaitaku/core"
 *
 * declare const principal: Principal
 * declare const sending: StoredFormSending
 * canReadSending(principal, sending)
 * ```
 */
export const canReadSending = (
  principal: Pick<Principal, "resources">,
  sending: Pick<StoredFormSending, "from" | "recipients">,
): boolean => worksFor(principal, sending.from) || sending.recipients.some((r) => worksFor(principal, r.organizationId))

/**
 * A sending as a principal may see it: the sender's staff see every recipient; a recipient's staff only the rows of
 * the organisations they work for.
 *
 * @since 0.1.0
 * @category access
 * @example
 * ```ts
 * import { sendingFor, type Principal, type StoredFormSending } from "@zaitaku/core"
 *
 * declare const principal: Principal
 * declare const sending: StoredFormSending
 * sendingFor(principal, sending).recipients
 * ```
 */
export const sendingFor = <S extends Pick<StoredFormSending, "from" | "recipients">>(
  principal: Pick<Principal, "resources">,
  sending: S,
): S =>
  worksFor(principal, sending.from)
    ? sending
    : { ...sending, recipients: sending.recipients.filter((r) => worksFor(principal, r.organizationId)) }

// ---------------------------------------------------------------------------------------------------------------
// Answers
// ---------------------------------------------------------------------------------------------------------------

const isBlank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (isPlainObject(value) && Object.values(value).every(isBlank))

const toIssues = (issues: ReadonlyArray<ValidationIssue>): ReadonlyArray<ValidationIssue> =>
  issues.map((issue) => ({ path: [...issue.path], code: issue.code, message: issue.message }))

/**
 * 回答を検証して保存形にする (check answers for storing), pure: validates the answers against the definition
 * (`draft` mode for an `in-progress` response, `complete` otherwise) on `today`, and returns them as validation
 * keeps them; fails with a {@link ValidationError} (subject `form response`, paths from the root of the response,
 * e.g. `["answers", "basic", "birth_date"]`) listing every problem, including answers given in the reply section
 * (`reply_section`: the recipient fills it in).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { checkResponseAnswers, findFormTemplate } from "@zaitaku/core"
 *
 * checkResponseAnswers(findFormTemplate("training-application")!, "in-progress", { office_name: "八戸訪問看護" }, "2026-01-20")
 * ```
 */
export const checkResponseAnswers = (
  definition: FormDefinition,
  status: FormResponseStatus,
  answers: unknown,
  today: string,
): Result.Result<z.infer<typeof FormAnswers>, ValidationError> => {
  const result = validateFormResponse(
    definition,
    { template: { id: definition.id, version: definition.version }, status, answers },
    { today, mode: status === "in-progress" ? "draft" : "complete" },
  )
  const issues: Array<ValidationIssue> = [...toIssues(result.issues)]
  const reply = definition.replyItem
  if (reply !== undefined && isPlainObject(answers) && !isBlank(answers[reply])) {
    issues.push({
      path: ["answers", reply],
      code: "reply_section",
      message: {
        ja: "返信欄は受け取った側が返信として記入します。送る側は空欄のままにしてください",
        en: "The reply section is filled in by the recipient when replying; leave it empty",
      },
    })
  }
  return issues.length === 0
    ? Result.succeed(result.answers)
    : Result.fail(new ValidationError({ subject: "form response", issues }))
}

/**
 * 返信を検証する (check a reply), pure: the reply section's answers are validated together with the answers that
 * were sent (so conditions and constraints across them hold, e.g. 返信日 ≥ 記入日), in `complete` mode; problems are
 * reported at paths from the root of the reply (`["answers", "reply_text"]`). A sheet without a reply section
 * (`no_reply_section`) and an empty reply (`reply_empty`) are refused.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { checkReply, findFormTemplate, type FormAnswers } from "@zaitaku/core"
 *
 * declare const sent: FormAnswers
 * checkReply(findFormTemplate("doctor-care-manager-contact")!, sent, { replied_on: "2026-01-21", reply_text: "承知しました" }, "2026-01-21")
 * ```
 */
export const checkReply = (
  definition: FormDefinition,
  sent: z.infer<typeof FormAnswers>,
  reply: unknown,
  today: string,
): Result.Result<z.infer<typeof FormAnswers>, ValidationError> => {
  const fail = (code: string, ja: string, en: string) =>
    Result.fail(new ValidationError({ subject: "reply", issues: [{ path: ["answers"], code, message: { ja, en } }] }))
  const section = definition.replyItem
  if (section === undefined) {
    return fail(
      "no_reply_section",
      `この様式（${definition.title.ja}）には返信欄がありません`,
      `This form (${definition.title.en}) has no reply section`,
    )
  }
  if (!isPlainObject(reply) || isBlank(reply)) {
    return fail("reply_empty", "返信欄に記入してください", "Fill in the reply section")
  }
  const result = validateFormResponse(
    definition,
    {
      template: { id: definition.id, version: definition.version },
      status: "completed",
      answers: { ...sent, [section]: reply },
    },
    { today, mode: "complete" },
  )
  const issues = result.issues
    .filter((issue) => issue.path[0] === "answers" && issue.path[1] === section)
    .map((issue) => ({ path: ["answers", ...issue.path.slice(2)], code: issue.code, message: issue.message }))
  if (issues.length > 0) return Result.fail(new ValidationError({ subject: "reply", issues }))
  const kept = result.answers[section]
  if (!isPlainObject(kept) || isBlank(kept)) {
    return fail("reply_empty", "返信欄に記入してください", "Fill in the reply section")
  }
  return Result.succeed(kept)
}

// ---------------------------------------------------------------------------------------------------------------
// Response steps
// ---------------------------------------------------------------------------------------------------------------

/**
 * A change to a stored response: edit a draft, complete it, amend a completed response, mark it entered-in-error,
 * or link it to a case (`null` unlinks).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import type { FormResponseStep } from "@zaitaku/core"
 *
 * const complete: FormResponseStep = { step: "complete" }
 * ```
 */
export type FormResponseStep =
  | { readonly step: "edit"; readonly edit: FormResponseEdit }
  | { readonly step: "complete" }
  | { readonly step: "amend"; readonly amendment: FormAmendment }
  | { readonly step: "entered-in-error"; readonly reason: string }
  | { readonly step: "link_case"; readonly caseId: string | null }

const allowedFrom: Readonly<Record<FormResponseStep["step"], ReadonlyArray<FormResponseStatus>>> = {
  edit: ["in-progress"],
  complete: ["in-progress"],
  amend: ["completed", "amended"],
  "entered-in-error": ["in-progress", "completed", "amended"],
  link_case: ["in-progress", "completed", "amended"],
}

/**
 * The audited action of each {@link FormResponseStep}.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { formResponseStepActions } from "@zaitaku/core"
 *
 * formResponseStepActions.amend // "form_response.amend"
 * ```
 */
export const formResponseStepActions = {
  edit: "form_response.update",
  complete: "form_response.complete",
  amend: "form_response.amend",
  "entered-in-error": "form_response.entered_in_error",
  link_case: "form_response.link_case",
} as const

/**
 * 回答の変更 (step a response), pure: checks the state (a {@link Conflict} `state` otherwise) and the answers
 * ({@link checkResponseAnswers}), and returns the next record (version + 1) with the version row to keep. Does not
 * check the expected version or who acts: the store does, before.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { stepFormResponse, type FormDefinition, type FormResponseRecord } from "@zaitaku/core"
 *
 * declare const current: FormResponseRecord
 * declare const definition: FormDefinition
 * stepFormResponse(current, { step: "complete" }, {
 *   definition,
 *   today: "2026-01-20",
 *   at: new Date().toISOString(),
 *   by: { kind: "api_key", id: "0192f5a0-0000-7000-8000-000000000001" },
 * })
 * ```
 */
export const stepFormResponse = (
  current: FormResponseRecord,
  step: FormResponseStep,
  context: { readonly definition: FormDefinition; readonly today: string; readonly at: string; readonly by: ActorRef },
): Result.Result<
  { readonly response: FormResponseRecord; readonly version: FormResponseVersion },
  Conflict | ValidationError
> => {
  if (!allowedFrom[step.step].includes(current.status)) {
    return Result.fail(
      new Conflict({ entity: "form_response", id: current.id, reason: "state", state: current.status }),
    )
  }
  let status = current.status
  let answers = current.answers
  let caseId: string | undefined = current.caseId
  let reason: string | undefined = current.reason
  const check = (nextStatus: FormResponseStatus, input: unknown) =>
    checkResponseAnswers(context.definition, nextStatus, input, context.today)
  switch (step.step) {
    case "edit": {
      if (step.edit.answers !== undefined) {
        const checked = check("in-progress", step.edit.answers)
        if (Result.isFailure(checked)) return Result.fail(checked.failure)
        answers = checked.success
      }
      if (step.edit.caseId !== undefined) caseId = step.edit.caseId ?? undefined
      break
    }
    case "complete": {
      const checked = check("completed", current.answers)
      if (Result.isFailure(checked)) return Result.fail(checked.failure)
      status = "completed"
      answers = checked.success
      break
    }
    case "amend": {
      const checked = check("amended", step.amendment.answers)
      if (Result.isFailure(checked)) return Result.fail(checked.failure)
      status = "amended"
      answers = checked.success
      reason = step.amendment.reason
      break
    }
    case "entered-in-error":
      status = "entered-in-error"
      reason = step.reason
      break
    case "link_case":
      caseId = step.caseId ?? undefined
      break
  }
  const { caseId: _caseId, reason: _reason, ...rest } = current
  const response: FormResponseRecord = {
    ...rest,
    status,
    answers,
    ...(caseId === undefined ? {} : { caseId }),
    version: current.version + 1,
    updatedAt: context.at,
    updatedBy: context.by,
    ...(status === "completed" && current.completedAt === undefined ? { completedAt: context.at } : {}),
    ...(reason === undefined ? {} : { reason }),
  }
  return Result.succeed({ response, version: versionOf(response) })
}

/**
 * The version row of a record's current state.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { versionOf, type FormResponseRecord } from "@zaitaku/core"
 *
 * declare const response: FormResponseRecord
 * versionOf(response).version === response.version // true
 * ```
 */
export const versionOf = (response: FormResponseRecord): FormResponseVersion => ({
  responseId: response.id,
  version: response.version,
  status: response.status,
  answers: response.answers,
  ...(response.caseId === undefined ? {} : { caseId: response.caseId }),
  at: response.updatedAt,
  by: response.updatedBy,
  ...(response.reason === undefined ? {} : { reason: response.reason }),
})

/**
 * The record as a recipient sees it: the response at the version sent to it.
 *
 * @since 0.1.0
 * @category access
 * @example
 * ```ts
 * import { recordAtVersion, type FormResponseRecord, type FormResponseVersion } from "@zaitaku/core"
 *
 * declare const response: FormResponseRecord
 * declare const sent: FormResponseVersion
 * recordAtVersion(response, sent).version === sent.version // true
 * ```
 */
export const recordAtVersion = (response: FormResponseRecord, version: FormResponseVersion): FormResponseRecord => {
  const { caseId: _caseId, reason: _reason, ...rest } = response
  return {
    ...rest,
    status: version.status,
    answers: version.answers,
    ...(version.caseId === undefined ? {} : { caseId: version.caseId }),
    version: version.version,
    updatedAt: version.at,
    updatedBy: version.by,
    ...(version.reason === undefined ? {} : { reason: version.reason }),
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Sending and recipient steps
// ---------------------------------------------------------------------------------------------------------------

/**
 * 送付の準備 (prepare a sending), pure: the response must be completed or amended ({@link Conflict} `state`), and
 * the recipients other organisations than the sender (`own_organization`). Existence of the recipients in the
 * directory is checked by the store.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { FormSendingId, prepareSending, type FormResponseRecord } from "@zaitaku/core"
 *
 * declare const response: FormResponseRecord
 * prepareSending(response, { recipients: ["0192f5a0-0000-7000-8000-000000000102"], attachments: [] }, {
 *   id: FormSendingId.parse("0192f5a0-0000-7000-8000-000000000401"),
 *   at: new Date().toISOString(),
 *   by: { kind: "api_key", id: "0192f5a0-0000-7000-8000-000000000001" },
 * })
 * ```
 */
export const prepareSending = (
  response: FormResponseRecord,
  input: SendForm,
  context: { readonly id: FormSendingId; readonly at: string; readonly by: ActorRef },
): Result.Result<StoredFormSending, Conflict | ValidationError> => {
  if (response.status !== "completed" && response.status !== "amended") {
    return Result.fail(
      new Conflict({ entity: "form_response", id: response.id, reason: "state", state: response.status }),
    )
  }
  const own = input.recipients.indexOf(response.organizationId)
  if (own >= 0) {
    return Result.fail(
      new ValidationError({
        subject: "sending",
        issues: [
          {
            path: ["recipients", own],
            code: "own_organization",
            message: {
              ja: "送付先に自分の事業所・医療機関は指定できません",
              en: "A sheet cannot be sent to the organisation that wrote it",
            },
          },
        ],
      }),
    )
  }
  return Result.succeed({
    id: context.id,
    tenantId: response.tenantId,
    responseId: response.id,
    responseVersion: response.version,
    template: response.template,
    from: response.organizationId,
    ...(response.caseId === undefined ? {} : { caseId: response.caseId }),
    ...(input.note === undefined ? {} : { note: input.note }),
    attachments: input.attachments,
    sentAt: context.at,
    sentBy: context.by,
    recipients: input.recipients.map((organizationId) => ({ organizationId, state: "sent" as const })),
  })
}

/**
 * A recipient's step: `receive` (a read receipt; no change when already received), `acknowledge`, `return` (with a
 * comment) or `reply` (with the checked reply answers).
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import type { RecipientStep } from "@zaitaku/core"
 *
 * const step: RecipientStep = { step: "return", comment: "ADLの欄が未記入です" }
 * ```
 */
export type RecipientStep =
  | { readonly step: "receive" }
  | { readonly step: "acknowledge" }
  | { readonly step: "return"; readonly comment: string }
  | { readonly step: "reply"; readonly answers: z.infer<typeof FormAnswers> }

/**
 * 送付先の状態の変更 (step a recipient), pure: the recipient after the step, the same object when nothing changes
 * (receiving twice), or a {@link Conflict} `state` — acknowledging or returning a sheet that was already
 * acknowledged or returned, replying twice (`state: "replied"`) or to a returned sheet. Acknowledging, returning
 * and replying imply receipt.
 *
 * @since 0.1.0
 * @category rules
 * @example
 * ```ts
 * import { stepRecipient, type FormRecipient } from "@zaitaku/core"
 *
 * declare const recipient: FormRecipient
 * stepRecipient("0192f5a0-0000-7000-8000-000000000401", recipient, { step: "acknowledge" }, {
 *   at: new Date().toISOString(),
 *   by: { kind: "api_key", id: "0192f5a0-0000-7000-8000-000000000002" },
 * })
 * ```
 */
export const stepRecipient = (
  sendingId: string,
  recipient: FormRecipient,
  step: RecipientStep,
  context: { readonly at: string; readonly by: ActorRef },
): Result.Result<FormRecipient, Conflict> => {
  const refused = (state: string) =>
    Result.fail(new Conflict({ entity: "form_sending", id: sendingId, reason: "state", state }))
  const received: FormRecipient =
    recipient.receivedAt === undefined
      ? {
          ...recipient,
          state: recipient.state === "sent" ? "received" : recipient.state,
          receivedAt: context.at,
          receivedBy: context.by,
        }
      : recipient
  const final = recipient.state === "acknowledged" || recipient.state === "returned"
  switch (step.step) {
    case "receive":
      return Result.succeed(received)
    case "acknowledge":
      if (final) return refused(recipient.state)
      return Result.succeed({
        ...received,
        state: "acknowledged",
        acknowledgedAt: context.at,
        acknowledgedBy: context.by,
      })
    case "return":
      if (final) return refused(recipient.state)
      return Result.succeed({
        ...received,
        state: "returned",
        returnedAt: context.at,
        returnedBy: context.by,
        comment: step.comment,
      })
    case "reply":
      if (recipient.reply !== undefined) return refused("replied")
      if (recipient.state === "returned") return refused(recipient.state)
      return Result.succeed({ ...received, reply: step.answers, repliedAt: context.at, repliedBy: context.by })
  }
}

/**
 * 受け取り側の事業所 (which recipient acts), pure: the organisation named in the request, which must be a recipient
 * the principal works for (`not_a_recipient`); without one, the only such recipient (`organization_required` when
 * the key works for several). `undefined` when the principal is no recipient's staff at all.
 *
 * @since 0.1.0
 * @category access
 * @example
 * ```ts
 * import { actingRecipient, type Principal, type StoredFormSending } from "@zaitaku/core"
 *
 * declare const principal: Principal
 * declare const sending: StoredFormSending
 * actingRecipient(principal, sending, undefined)
 * ```
 */
export const actingRecipient = (
  principal: Pick<Principal, "resources">,
  sending: Pick<StoredFormSending, "recipients">,
  organizationId: string | undefined,
): Result.Result<FormRecipient, ValidationError> | undefined => {
  const mine = sending.recipients.filter((r) => worksFor(principal, r.organizationId))
  if (mine.length === 0) return undefined
  const issue = (code: string, ja: string, en: string) =>
    Result.fail(
      new ValidationError({
        subject: "request body",
        issues: [{ path: ["organizationId"], code, message: { ja, en } }],
      }),
    )
  if (organizationId !== undefined) {
    const chosen = mine.find((r) => r.organizationId === organizationId)
    return chosen === undefined
      ? issue(
          "not_a_recipient",
          "指定した事業所・医療機関はこの送付の宛先ではないか、このキーの担当ではありません",
          "The organisation is not a recipient of this sending, or not one the key works for",
        )
      : Result.succeed(chosen)
  }
  if (mine.length > 1) {
    return issue(
      "organization_required",
      "このキーは複数の宛先を担当しています。どの事業所・医療機関として操作するか organizationId で指定してください",
      "The key works for several recipients of this sending; say which one acts in organizationId",
    )
  }
  return Result.succeed(mine[0]!)
}

// ---------------------------------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------------------------------

/**
 * Japanese and English labels of the audited response and exchange actions.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { formActionLabels } from "@zaitaku/core"
 *
 * formActionLabels["form_response.read"].ja // "情報提供書の閲覧"
 * ```
 */
export const formActionLabels = {
  "form_response.create": { ja: "情報提供書の作成", en: "Sheet created" },
  "form_response.update": { ja: "下書きの更新", en: "Draft updated" },
  "form_response.complete": { ja: "情報提供書の完成", en: "Sheet completed" },
  "form_response.amend": { ja: "情報提供書の修正", en: "Sheet amended" },
  "form_response.entered_in_error": { ja: "情報提供書の取消", en: "Sheet entered in error" },
  "form_response.link_case": { ja: "事例との関連付け", en: "Sheet linked to a case" },
  "form_response.read": { ja: "情報提供書の閲覧", en: "Sheet read" },
  "form_response.read_versions": { ja: "情報提供書の履歴の閲覧", en: "Sheet history read" },
  "form_sending.send": { ja: "情報提供書の送付", en: "Sheet sent" },
  "form_sending.receive": { ja: "情報提供書の受信", en: "Sheet received" },
  "form_sending.acknowledge": { ja: "受領確認", en: "Sheet acknowledged" },
  "form_sending.return": { ja: "差戻し", en: "Sheet returned" },
  "form_sending.reply": { ja: "返信", en: "Reply given" },
} as const satisfies Readonly<Record<string, LocalizedText>>

/**
 * The audit event of a response read or write: target `form_response`, `personalData: true`, with the template,
 * version, status and organisation — never the answers.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { formResponseAuditEvent, type FormResponseRecord } from "@zaitaku/core"
 *
 * declare const response: FormResponseRecord
 * formResponseAuditEvent("form_response.read", response).personalData // true
 * ```
 */
export const formResponseAuditEvent = (
  action: keyof typeof formActionLabels,
  response: Pick<FormResponseRecord, "id" | "template" | "version" | "status" | "organizationId">,
  details: Readonly<Record<string, string | number | boolean | ReadonlyArray<string>>> = {},
  outcome: "success" | "denied" = "success",
) => ({
  action,
  target: { type: "form_response", id: response.id },
  personalData: true,
  outcome,
  details: {
    template: `${response.template.id}@${response.template.version}`,
    version: response.version,
    status: response.status,
    organizationId: response.organizationId,
    ...(details as Record<string, string | number | boolean | Array<string>>),
  },
})

/**
 * The audit event of an exchange step: target `form_sending`, `personalData: true`, with the response, the version
 * sent, the sender and the organisations concerned.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { formSendingAuditEvent, type StoredFormSending } from "@zaitaku/core"
 *
 * declare const sending: StoredFormSending
 * formSendingAuditEvent("form_sending.send", sending, sending.recipients.map((r) => r.organizationId))
 * ```
 */
export const formSendingAuditEvent = (
  action: keyof typeof formActionLabels,
  sending: Pick<StoredFormSending, "id" | "responseId" | "responseVersion" | "template" | "from">,
  organizations: ReadonlyArray<string>,
  outcome: "success" | "denied" = "success",
) => ({
  action,
  target: { type: "form_sending", id: sending.id },
  personalData: true,
  outcome,
  details: {
    responseId: sending.responseId,
    responseVersion: sending.responseVersion,
    template: `${sending.template.id}@${sending.template.version}`,
    from: sending.from,
    organizations: [...organizations],
  },
})

/**
 * The audit event of a refused access to a sending (a reader who is neither its sender's nor a recipient's staff):
 * outcome `denied`, target the `form_response` that was sent, with the sending id.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { deniedSendingAuditEvent, type StoredFormSending } from "@zaitaku/core"
 *
 * declare const sending: StoredFormSending
 * deniedSendingAuditEvent("form_response.read", sending).outcome // "denied"
 * ```
 */
export const deniedSendingAuditEvent = (
  action: keyof typeof formActionLabels,
  sending: Pick<StoredFormSending, "id" | "responseId" | "responseVersion" | "template">,
) => ({
  action,
  target: { type: "form_response", id: sending.responseId },
  personalData: true,
  outcome: "denied" as const,
  details: {
    sendingId: sending.id,
    template: `${sending.template.id}@${sending.template.version}`,
    version: sending.responseVersion,
  },
})

// ---------------------------------------------------------------------------------------------------------------
// Listing
// ---------------------------------------------------------------------------------------------------------------

/**
 * 回答一覧の条件 (query of own responses): one organisation the key works for (default: all of them), statuses,
 * template, case, `limit` 1–200 (default 50) and the previous page's cursor. Most recently changed first.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { FormResponseQuery } from "@zaitaku/core"
 *
 * FormResponseQuery.parse({ status: ["in-progress"] })
 * ```
 */
export const FormResponseQuery = z
  .object({
    organizationId: ResourceId.optional(),
    status: z.array(FormResponseStatus).min(1).max(4).optional(),
    templateId: FormTemplateId.optional(),
    caseId: CaseReference.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category listing */
export type FormResponseQuery = z.infer<typeof FormResponseQuery>
/** The input form of a {@link FormResponseQuery}. @since 0.1.0 @category listing */
export type FormResponseQueryInput = z.input<typeof FormResponseQuery>

/**
 * 受信箱・送信箱の条件 (inbox or outbox query): the organisation (one the key works for), template, recipient states
 * (inbox: the organisation's own state; outbox: any recipient's), sent at or after `sentFrom` and before `sentTo`,
 * case, `limit` 1–200 (default 50) and the previous page's cursor. Newest first.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { FormExchangeQuery } from "@zaitaku/core"
 *
 * FormExchangeQuery.parse({ organizationId: "0192f5a0-0000-7000-8000-000000000102", state: ["sent", "received"] })
 * ```
 */
export const FormExchangeQuery = z
  .object({
    organizationId: ResourceId,
    templateId: FormTemplateId.optional(),
    state: z.array(RecipientState).min(1).max(4).optional(),
    sentFrom: Instant.optional(),
    sentTo: Instant.optional(),
    caseId: CaseReference.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category listing */
export type FormExchangeQuery = z.infer<typeof FormExchangeQuery>
/** The input form of a {@link FormExchangeQuery}. @since 0.1.0 @category listing */
export type FormExchangeQueryInput = z.input<typeof FormExchangeQuery>

/**
 * A page of response summaries.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import type { FormResponsePage } from "@zaitaku/core"
 *
 * const empty: FormResponsePage = { items: [], nextCursor: null }
 * ```
 */
export interface FormResponsePage {
  readonly items: ReadonlyArray<FormResponseSummary>
  readonly nextCursor: string | null
}

/**
 * A page of an inbox or outbox.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import type { FormSendingPage } from "@zaitaku/core"
 *
 * const empty: FormSendingPage = { items: [], nextCursor: null }
 * ```
 */
export interface FormSendingPage {
  readonly items: ReadonlyArray<FormSendingSummary>
  readonly nextCursor: string | null
}

const ListCursor = z
  .object({ v: z.literal(1), o: z.enum(["responses", "inbox", "outbox"]), at: z.number(), id: z.string() })
  .strict()

/**
 * 一覧のカーソル (listing cursor): a time (epoch milliseconds) and id, for one kind of listing.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { decodeFormListCursor, encodeFormListCursor } from "@zaitaku/core"
 *
 * decodeFormListCursor("inbox", encodeFormListCursor("inbox", { at: 1, id: "x" })) // Result.succeed({ at: 1, id: "x" })
 * ```
 */
export const encodeFormListCursor = (
  listing: "responses" | "inbox" | "outbox",
  cursor: { readonly at: number; readonly id: string },
): string => toBase64Url(JSON.stringify({ v: 1, o: listing, at: cursor.at, id: cursor.id }))

/**
 * Decodes a listing cursor of the given kind, or a {@link ValidationError} at `["cursor"]`. Never throws.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { decodeFormListCursor } from "@zaitaku/core"
 *
 * Result.isFailure(decodeFormListCursor("inbox", "bogus")) // true
 * ```
 */
export const decodeFormListCursor = (
  listing: "responses" | "inbox" | "outbox",
  text: string,
): Result.Result<{ readonly at: number; readonly id: string }, ValidationError> => {
  const json = fromBase64Url(text)
  if (json === undefined) return Result.fail(invalidCursor("query"))
  try {
    const parsed = ListCursor.safeParse(JSON.parse(json))
    return parsed.success && parsed.data.o === listing
      ? Result.succeed({ at: parsed.data.at, id: parsed.data.id })
      : Result.fail(invalidCursor("query"))
  } catch {
    return Result.fail(invalidCursor("query"))
  }
}

const newestFirst = (a: { at: number; id: string }, b: { at: number; id: string }): number =>
  b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)

const page = <T>(
  listing: "responses" | "inbox" | "outbox",
  rows: ReadonlyArray<{ readonly at: number; readonly id: string; readonly item: T }>,
  limit: number,
  after: { readonly at: number; readonly id: string } | undefined,
): { readonly items: ReadonlyArray<T>; readonly nextCursor: string | null } => {
  const sorted = rows.filter((row) => after === undefined || newestFirst(after, row) < 0).sort(newestFirst)
  const kept = sorted.slice(0, limit)
  const last = kept[kept.length - 1]
  return {
    items: kept.map((row) => row.item),
    nextCursor:
      sorted.length > limit && last !== undefined ? encodeFormListCursor(listing, { at: last.at, id: last.id }) : null,
  }
}

/**
 * The summary of a response (no answers, no reason).
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { responseSummary, type FormResponseRecord } from "@zaitaku/core"
 *
 * declare const response: FormResponseRecord
 * "answers" in responseSummary(response) // false
 * ```
 */
export const responseSummary = (response: FormResponseRecord): FormResponseSummary => {
  const { answers: _answers, reason: _reason, ...summary } = response
  return summary
}

/**
 * The summary of a sending (no note, comments or replies).
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { sendingSummary, type StoredFormSending } from "@zaitaku/core"
 *
 * declare const sending: StoredFormSending
 * sendingSummary(sending).recipients
 * ```
 */
export const sendingSummary = (sending: StoredFormSending): FormSendingSummary => {
  const { note: _note, recipients, ...rest } = sending
  return {
    ...rest,
    recipients: recipients.map(({ comment: _comment, reply: _reply, ...recipient }) => recipient),
  }
}

/**
 * 回答一覧のページ (page own responses), pure: the responses of the organisations the principal works for, filtered
 * by the query, most recently changed first. The reference for every store. A query naming an organisation the key
 * does not work for is answered with an empty page.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { pageFormResponses, type FormResponseRecord, type Principal } from "@zaitaku/core"
 *
 * declare const responses: ReadonlyArray<FormResponseRecord>
 * declare const principal: Principal
 * pageFormResponses(responses, { status: ["in-progress"] }, principal)
 * ```
 */
export const pageFormResponses = (
  responses: Iterable<FormResponseRecord>,
  input: FormResponseQueryInput,
  principal: Pick<Principal, "resources">,
): Result.Result<FormResponsePage, ValidationError> => {
  const decoded = decodeSync(FormResponseQuery, "query")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const query = decoded.success
  const after = query.cursor === undefined ? undefined : decodeFormListCursor("responses", query.cursor)
  if (after !== undefined && Result.isFailure(after)) return Result.fail(after.failure)
  const rows = [...responses]
    .filter(
      (r) =>
        worksFor(principal, r.organizationId) &&
        (query.organizationId === undefined || r.organizationId === query.organizationId) &&
        (query.status === undefined || query.status.includes(r.status)) &&
        (query.templateId === undefined || r.template.id === query.templateId) &&
        (query.caseId === undefined || r.caseId === query.caseId),
    )
    .map((r) => ({ at: Date.parse(r.updatedAt), id: r.id, item: responseSummary(r) }))
  return Result.succeed(page("responses", rows, query.limit, after?.success))
}

/**
 * 受信箱・送信箱のページ (page an inbox or outbox), pure: the sendings to (`inbox`) or from (`outbox`) the
 * organisation, filtered by the query, newest first, as summaries; an inbox shows only the organisation's own
 * recipient row. Who may list is checked by the store. The reference for every store.
 *
 * @since 0.1.0
 * @category listing
 * @example
 * ```ts
 * import { pageFormSendings, type StoredFormSending } from "@zaitaku/core"
 *
 * declare const sendings: ReadonlyArray<StoredFormSending>
 * pageFormSendings(sendings, "inbox", { organizationId: "0192f5a0-0000-7000-8000-000000000102" })
 * ```
 */
export const pageFormSendings = (
  sendings: Iterable<StoredFormSending>,
  box: "inbox" | "outbox",
  input: FormExchangeQueryInput,
): Result.Result<FormSendingPage, ValidationError> => {
  const decoded = decodeSync(FormExchangeQuery, "query")(input)
  if (Result.isFailure(decoded)) return Result.fail(decoded.failure)
  const query = decoded.success
  const after = query.cursor === undefined ? undefined : decodeFormListCursor(box, query.cursor)
  if (after !== undefined && Result.isFailure(after)) return Result.fail(after.failure)
  const from = query.sentFrom === undefined ? undefined : Date.parse(query.sentFrom)
  const to = query.sentTo === undefined ? undefined : Date.parse(query.sentTo)
  const rows: Array<{ at: number; id: string; item: FormSendingSummary }> = []
  for (const sending of sendings) {
    const at = Date.parse(sending.sentAt)
    if (query.templateId !== undefined && sending.template.id !== query.templateId) continue
    if (query.caseId !== undefined && sending.caseId !== query.caseId) continue
    if ((from !== undefined && at < from) || (to !== undefined && at >= to)) continue
    let shown: StoredFormSending
    if (box === "inbox") {
      const own = sending.recipients.filter((r) => r.organizationId === query.organizationId)
      if (own.length === 0) continue
      if (query.state !== undefined && !own.some((r) => query.state!.includes(r.state))) continue
      shown = { ...sending, recipients: own }
    } else {
      if (sending.from !== query.organizationId) continue
      if (query.state !== undefined && !sending.recipients.some((r) => query.state!.includes(r.state))) continue
      shown = sending
    }
    rows.push({ at, id: sending.id, item: sendingSummary(shown) })
  }
  return Result.succeed(page(box, rows, query.limit, after?.success))
}
