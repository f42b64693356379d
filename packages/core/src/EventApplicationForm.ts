/**
 * 研修申込書で申し込む (applying with the 研修申込書): an event's application form — the national
 * `training-application` template, or a national template derived from it — filled in once by an office for one or
 * more of its staff, read as one {@link EventApplicant} per applicant row. This is how the sheet that arrives today
 * by Google Form or FAX (seed documents 001 愛川町 and 002 海老名市) becomes registrations, each under the capacity,
 * deadline and wait-list rules of {@link register}.
 *
 * Pure and browser-safe: a widget can check the answers before it sends them. The answers are validated against the
 * form first (every problem, at its path, in Japanese and English), so a bad sheet registers no one.
 *
 * How a row becomes an applicant:
 * - 氏名・ふりがな → `name`, `kana`; 事業所名 → `organizationName`.
 * - メールアドレス → `email`. A row marked 同上 ("the contact person forwards the mail") has no address of its own:
 *   it is reached through the office, so it takes the office's phone (`contact.contact_phone`) and no email — two
 *   staff of one office under 同上 stay two applicants (the applicant key is the name with the phone, not the
 *   shared address).
 * - Every applicant keeps the office's phone as a way to be reached.
 * - 職種: a code of the `profession` list as it is; a written-in profession (the item is an open choice) is `other`.
 *
 * @since 0.1.0
 */
import { Clock, Effect, Result } from "effect"
import { ActivityStore, activityEntity } from "./ActivityStore.js"
import type { Actor } from "./Actor.js"
import { NotFound, ValidationError, type ValidationIssue } from "./Errors.js"
import { applicantKey, EventApplicant, RegistrationRejected } from "./EventRegistration.js"
import type { FormDefinition, FormTemplateRef } from "./FormDefinition.js"
import { checkResponseAnswers } from "./FormExchange.js"
import { formTemplates } from "./FormTemplates.js"
import { selectFormVersion } from "./FormVariant.js"
import type { LocalizedText } from "./Label.js"
import { toIsoDate } from "./Period.js"

/** The template every application form is, or derives from. */
const trainingApplication = "training-application"

/**
 * What an application form gives: the exact form version it was read against, and its applicants in the order
 * written.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import type { FormApplication } from "@zaitaku/core"
 *
 * declare const application: FormApplication
 * application.applicants.map((a) => a.name)
 * ```
 */
export interface FormApplication {
  readonly template: FormTemplateRef
  readonly applicants: ReadonlyArray<EventApplicant>
}

const refused = (path: ReadonlyArray<string | number>, code: string, message: LocalizedText) =>
  Result.fail(new ValidationError({ subject: "application form", issues: [{ path, code, message }] }))

/**
 * 申込書の様式 (an event's application form), pure: the version of the national template `formTemplateId` usable on
 * `today`, which must be the 研修申込書 or derive from it. A tenant's own form is not among the national templates
 * and is refused here with a message that says so.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { applicationFormOf } from "@zaitaku/core"
 *
 * Result.getOrThrow(applicationFormOf("training-application", "2026-01-20")).title.ja // "研修申込書"
 * ```
 */
export const applicationFormOf = (
  formTemplateId: string,
  today: string,
): Result.Result<FormDefinition, ValidationError> => {
  const form = selectFormVersion(formTemplates, formTemplateId, today)
  if (form === undefined) {
    return refused(["template"], "application_form_unavailable", {
      ja: `この行事の申込書（${formTemplateId}）は共通様式にないか、${today} に使える版がありません。申込者の項目（applicant）で申し込んでください`,
      en: `This event's application form (${formTemplateId}) is not a national template, or has no version usable on ${today}; apply with the applicant fields instead`,
    })
  }
  const lineage = [form.id, ...(form.derivedFrom === undefined ? [] : [form.derivedFrom.id])]
  if (!lineage.includes(trainingApplication)) {
    return refused(["template"], "not_an_application_form", {
      ja: `様式 ${form.id} は研修申込書（${trainingApplication}）ではなく、申込者を読み取れません`,
      en: `The form ${form.id} is not the training application (${trainingApplication}); its applicants cannot be read`,
    })
  }
  return Result.succeed(form)
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {}
const text = (value: unknown): string | undefined =>
  typeof value === "string" && value.trim().length > 0 ? value.trim() : undefined

/**
 * 申込書を申込者に (read an application form's applicants), pure: validates `answers` as a completed response to
 * `form` (every problem reported, nothing registered when there is one), then gives one {@link EventApplicant} per
 * row of 申込者. The same person written twice (the same applicant key) is an error at the second row.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { applicantsFromApplicationForm, applicationFormOf } from "@zaitaku/core"
 *
 * const form = Result.getOrThrow(applicationFormOf("training-application", "2026-01-20"))
 * const read = applicantsFromApplicationForm(form, {
 *   office_name: "愛川訪問看護ステーション",
 *   contact: { contact_person: "厚木 一郎", contact_email: "office@example.jp", contact_phone: "046-000-0000" },
 *   applicants: [{ name: "厚木 花子", kana: "あつぎ はなこ", email: "hanako@example.jp", profession: "nurse" }],
 * }, "2026-01-20")
 * Result.getOrThrow(read).applicants[0]?.profession // "nurse"
 * ```
 */
export const applicantsFromApplicationForm = (
  form: FormDefinition,
  answers: unknown,
  today: string,
): Result.Result<FormApplication, ValidationError> => {
  const checked = checkResponseAnswers(form, "completed", answers, today)
  if (Result.isFailure(checked)) {
    return Result.fail(new ValidationError({ subject: "application form", issues: checked.failure.issues }))
  }
  const sheet = checked.success
  const office = text(sheet.office_name)
  const contact = record(sheet.contact)
  const officePhone = text(contact.contact_phone)
  const rows = Array.isArray(sheet.applicants) ? sheet.applicants : []
  const applicants: Array<EventApplicant> = []
  const issues: Array<ValidationIssue> = []
  const seen = new Map<string, number>()
  rows.forEach((raw, index) => {
    const row = record(raw)
    const profession = typeof row.profession === "string" ? row.profession : "other"
    const ownEmail = row.email_same_as_contact === true ? undefined : text(row.email)
    const candidate = {
      name: text(row.name),
      ...(text(row.kana) === undefined ? {} : { kana: text(row.kana) }),
      ...(ownEmail === undefined ? {} : { email: ownEmail }),
      ...(officePhone === undefined ? {} : { phone: officePhone }),
      profession,
      ...(office === undefined ? {} : { organizationName: office }),
    }
    const parsed = EventApplicant.safeParse(candidate)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({
          path: ["answers", "applicants", index, ...issue.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
          code: "applicant_unreadable",
          message: {
            ja: `申込者 ${index + 1} 人目を読み取れません（${issue.path.join(".")}）: ${issue.message}`,
            en: `Applicant ${index + 1} cannot be read (${issue.path.join(".")}): ${issue.message}`,
          },
        })
      }
      return
    }
    const key = applicantKey(parsed.data)
    const first = seen.get(key)
    if (first !== undefined) {
      issues.push({
        path: ["answers", "applicants", index],
        code: "duplicate_applicant",
        message: {
          ja: `申込者 ${index + 1} 人目は ${first + 1} 人目と同じ方です（同じメールアドレス、または同じ氏名と電話番号）`,
          en: `Applicant ${index + 1} is the same person as applicant ${first + 1} (same email, or same name and phone)`,
        },
      })
      return
    }
    seen.set(key, index)
    applicants.push(parsed.data)
  })
  if (issues.length > 0) return Result.fail(new ValidationError({ subject: "application form", issues }))
  return Result.succeed({ template: { id: form.id, version: form.version }, applicants })
}

/**
 * What one row of an application form came to: its place on the sheet, the applicant's name, and either what
 * registering it gave (`R`) or why it was refused.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import type { FormApplicationRow, RegistrationResult } from "@zaitaku/core"
 *
 * declare const row: FormApplicationRow<RegistrationResult>
 * row.refused?.description.ja
 * ```
 */
export interface FormApplicationRow<R> {
  readonly index: number
  readonly name: string
  readonly registration?: R
  readonly refused?: { readonly reason: RegistrationRejected["reason"]; readonly description: LocalizedText }
}

/**
 * 申込書で申し込む (apply with an application form): reads the event's application form (its
 * `registration.formTemplateId`), validates the answers against it — every problem, nothing registered when there is
 * one — then registers each applicant in the order written through `registerOne` (the store's `register`, or
 * `registerPublic` for the public link), each under the capacity, deadline and wait-list rules and each idempotent,
 * so a retried sheet registers no one twice. A row refused on its own (the event filled up without a wait-list) is
 * reported with its reason and the others stand; when every row is refused, the first refusal is the error. With
 * `publicOnly`, an event not marked public is NotFound.
 *
 * @since 0.1.0
 * @category registrations
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ActivityStore, applyWithApplicationForm } from "@zaitaku/core"
 *
 * declare const eventId: string
 * declare const answers: unknown
 * const program = Effect.flatMap(Effect.service(ActivityStore), (store) =>
 *   applyWithApplicationForm(eventId, answers, (input) => store.register(eventId, input)),
 * )
 * ```
 */
export const applyWithApplicationForm = <R, E>(
  eventId: string,
  answers: unknown,
  registerOne: (input: { readonly applicant: EventApplicant }) => Effect.Effect<R, E | RegistrationRejected, Actor>,
  options: { readonly publicOnly?: boolean } = {},
) =>
  Effect.gen(function* () {
    const store = yield* ActivityStore
    const missing = new NotFound({ entity: activityEntity.event, id: eventId })
    const event = yield* store.get("event", eventId).pipe(Effect.catchTag("NotFound", () => Effect.fail(missing)))
    if (options.publicOnly === true && event.registration?.public !== true) return yield* missing
    const today = toIsoDate(new Date(yield* Clock.currentTimeMillis))
    const form = applicationFormOf(event.registration?.formTemplateId ?? trainingApplication, today)
    if (Result.isFailure(form)) return yield* form.failure
    const read = applicantsFromApplicationForm(form.success, answers, today)
    if (Result.isFailure(read)) return yield* read.failure
    const rows: Array<FormApplicationRow<R>> = []
    for (const [index, applicant] of read.success.applicants.entries()) {
      const done = yield* Effect.result(registerOne({ applicant }))
      if (Result.isSuccess(done)) {
        rows.push({ index, name: applicant.name, registration: done.success })
      } else if (done.failure instanceof RegistrationRejected) {
        const { reason, description } = done.failure
        rows.push({ index, name: applicant.name, refused: { reason, description } })
      } else {
        return yield* Effect.fail(done.failure)
      }
    }
    const first = rows[0]?.refused
    if (first !== undefined && rows.every((row) => row.refused !== undefined)) {
      return yield* new RegistrationRejected(first)
    }
    return { template: read.success.template, applicants: rows as ReadonlyArray<FormApplicationRow<R>> }
  })
