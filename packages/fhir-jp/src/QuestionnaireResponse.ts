/**
 * 様式の回答 → FHIR R4 `QuestionnaireResponse`: {@link toQuestionnaireResponse} writes a response with the exact
 * questionnaire version it was filled against, its status, author and source, and its answers — a repeating group
 * as one item per instance, a repeating question or a multi-choice as several answers, codes as codings of the code
 * list's code system. What does not fit is returned as a warning with its path in the response.
 *
 * @since 0.1.0
 */
import {
  type AttachmentAnswer,
  answerConceptsOf,
  type FormDefinition,
  type FormItem,
  FormResponse,
  fromZodError,
  ValidationError,
  type ValidationIssue,
} from "@zaitaku/core"
import { Result } from "effect"
import { type CanonicalOptions, questionnaireUrl, zaitakuExtensions } from "./Extensions.js"
import type {
  FhirAttachment,
  FhirIdentifier,
  FhirReference,
  QuestionnaireResponse,
  QuestionnaireResponseAnswer,
  QuestionnaireResponseItem,
} from "./Fhir.js"
import { fhirDateTime, fhirTime, systemOfItem } from "./internal/conditions.js"
import { isObject, localizedElement, type Path, Warnings } from "./internal/shared.js"

/**
 * Options of {@link toQuestionnaireResponse}:
 * - `canonicalBase` — as given to `toQuestionnaire`, so that `questionnaire` names the same resource;
 * - `id`, `identifier` — the resource id and a business identifier, when known;
 * - `subject`, `author`, `source` — references to the person the answers are about (a tenant's pseudonymous id),
 *   who wrote them (a `PractitionerRole`, an `Organization` …) and who gave the information, when known;
 * - `timeZone` — the offset added to date-times written without one (default `+09:00`, Japan time; each is
 *   reported);
 * - `attachmentUrl` — where an attachment stored by id can be fetched (without it, the id travels in the Zaitaku
 *   `attachment-id` extension and a warning says so).
 *
 * @since 0.1.0
 * @category QuestionnaireResponse
 * @example
 * ```ts
 * import type { QuestionnaireResponseOptions } from "@zaitaku/fhir-jp"
 *
 * const options: QuestionnaireResponseOptions = {
 *   author: { reference: "PractitionerRole/cm-001", display: "工藤 真理" },
 *   source: { reference: "Organization/care-office-001", display: "ケアプランセンターはちのへ" },
 *   attachmentUrl: (file) => (file.id === undefined ? undefined : `https://files.example.jp/${file.id}`),
 * }
 * ```
 */
export interface QuestionnaireResponseOptions extends CanonicalOptions {
  readonly id?: string
  readonly identifier?: FhirIdentifier
  readonly subject?: FhirReference
  readonly author?: FhirReference
  readonly source?: FhirReference
  readonly timeZone?: string
  readonly attachmentUrl?: (attachment: AttachmentAnswer) => string | undefined
}

/**
 * The result of {@link toQuestionnaireResponse}: the resource and the warnings (path in the response, code,
 * Japanese and English message). Codes: `unknown_item` (an answer under a key the definition does not have),
 * `not_answerable` (an answer to a display item), `invalid_answer` (a value that does not fit its item; not
 * written), `not_in_code_list` (a code outside the item's list; written without a display), `time_zone_assumed`,
 * `attachment_without_url`.
 *
 * @since 0.1.0
 * @category QuestionnaireResponse
 * @example
 * ```ts
 * import type { QuestionnaireResponseExport } from "@zaitaku/fhir-jp"
 *
 * const itemCount = (result: QuestionnaireResponseExport) => result.questionnaireResponse.item?.length ?? 0
 * ```
 */
export interface QuestionnaireResponseExport {
  readonly questionnaireResponse: QuestionnaireResponse
  readonly warnings: ReadonlyArray<ValidationIssue>
}

const isBlank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === "string" && value.trim().length === 0) ||
  (Array.isArray(value) && value.every(isBlank)) ||
  (isObject(value) && Object.values(value).every(isBlank))

/**
 * 回答を QuestionnaireResponse に (form response → FHIR R4 `QuestionnaireResponse`). `questionnaire` is the
 * canonical of the exact version the response records (`<base>/Questionnaire/<id>|<version>`, as written by
 * `toQuestionnaire`); `status` is the response's (`in-progress`, `completed`, `amended`, `entered-in-error`, which
 * FHIR shares); `authored`, `subject`, `author` and `source` are given when known. Items follow the definition's
 * order; unanswered items are left out; answers to disabled items should already be dropped (export the answers
 * `validateFormResponse` keeps).
 *
 * Fails with a {@link ValidationError} when the response is malformed or was filled against another definition or
 * version than the one given.
 *
 * @since 0.1.0
 * @category QuestionnaireResponse
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { trainingApplicationTemplate } from "@zaitaku/core"
 * import { toQuestionnaireResponse } from "@zaitaku/fhir-jp"
 *
 * const exported = toQuestionnaireResponse(trainingApplicationTemplate, {
 *   template: { id: "training-application", version: "1.0.0" },
 *   status: "completed",
 *   answers: { office_name: "愛川町訪問看護ステーション" },
 * })
 * Result.isSuccess(exported) && exported.success.questionnaireResponse.questionnaire
 * // "https://zaitaku.github.io/fhir/Questionnaire/training-application|1.0.0"
 * ```
 */
export const toQuestionnaireResponse = (
  definition: FormDefinition,
  response: unknown,
  options: QuestionnaireResponseOptions = {},
): Result.Result<QuestionnaireResponseExport, ValidationError> => {
  const parsed = FormResponse.safeParse(response)
  if (!parsed.success) return Result.fail(fromZodError("form response", parsed.error))
  const { template, status, authored, answers } = parsed.data
  if (template.id !== definition.id || template.version !== definition.version) {
    return Result.fail(
      new ValidationError({
        subject: "form response",
        issues: [
          {
            path: ["template"],
            code: "template_mismatch",
            message: {
              ja: `回答は ${template.id}@${template.version} の様式で記入されていますが、渡された様式は ${definition.id}@${definition.version} です`,
              en: `The response was filled against ${template.id}@${template.version}, but ${definition.id}@${definition.version} was given`,
            },
          },
        ],
      }),
    )
  }
  const warnings = new Warnings()
  const zone = options.timeZone ?? "+09:00"
  const ownLists = new Set((definition.codeLists ?? []).map((list) => list.id))

  const invalid = (path: Path, item: FormItem, value: unknown): void =>
    warnings.add(
      path,
      "invalid_answer",
      `「${item.text.ja}」の回答 ${JSON.stringify(value)?.slice(0, 40)} は項目の種類（${item.type}）に合わないため書きませんでした`,
      `The answer ${JSON.stringify(value)?.slice(0, 40)} to "${item.text.en}" does not fit its type (${item.type}) and was not written`,
    )

  const dateTimeOf = (value: string, path: Path): string => {
    const converted = fhirDateTime(value, zone)
    if (converted.assumed) {
      warnings.add(
        path,
        "time_zone_assumed",
        `日時 ${value} に時差の指定がないため ${zone} としました`,
        `The date-time ${value} has no offset; ${zone} was assumed`,
      )
    }
    return converted.value
  }

  const attachmentOf = (value: AttachmentAnswer, path: Path): FhirAttachment => {
    const url = value.url ?? options.attachmentUrl?.(value)
    if (url === undefined && value.id !== undefined) {
      warnings.add(
        path,
        "attachment_without_url",
        `添付ファイル「${value.title}」に URL がないため、保存先の ID を Zaitaku の拡張 attachment-id に書きました`,
        `The attachment "${value.title}" has no URL: its store id is written in the Zaitaku attachment-id extension`,
      )
    }
    return {
      ...(url === undefined && value.id !== undefined
        ? { extension: [{ url: zaitakuExtensions.attachmentId, valueString: value.id }] }
        : {}),
      contentType: value.contentType,
      title: value.title,
      ...(value.size === undefined ? {} : { size: value.size }),
      ...(url === undefined ? {} : { url }),
    }
  }

  const answerOf = (item: FormItem, value: unknown, path: Path): QuestionnaireResponseAnswer | undefined => {
    switch (item.type) {
      case "string":
      case "text":
      case "phone":
      case "email":
      case "postalCode":
        return typeof value === "string" ? { valueString: value } : undefined
      case "integer":
        return typeof value === "number" && Number.isInteger(value) ? { valueInteger: value } : undefined
      case "decimal":
        return typeof value === "number" && Number.isFinite(value) ? { valueDecimal: value } : undefined
      case "boolean":
        return typeof value === "boolean" ? { valueBoolean: value } : undefined
      case "date":
        return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? { valueDate: value } : undefined
      case "dateTime":
        return typeof value === "string" ? { valueDateTime: dateTimeOf(value, path) } : undefined
      case "time":
        return typeof value === "string" && /^\d{2}:\d{2}(:\d{2})?$/.test(value)
          ? { valueTime: fhirTime(value) }
          : undefined
      case "choice":
      case "multiChoice":
      case "openChoice": {
        if (item.type === "openChoice" && isObject(value) && typeof value.text === "string") {
          return { valueString: value.text }
        }
        if (typeof value !== "string") return undefined
        const concept = answerConceptsOf(definition, item)?.find((c) => c.code === value)
        if (concept === undefined) {
          warnings.add(
            path,
            "not_in_code_list",
            `コード「${value}」は「${item.text.ja}」の選択肢にないため、表示名なしで書きました`,
            `"${value}" is not a code of "${item.text.en}"; it is written without a display`,
          )
        }
        const system = systemOfItem(item, ownLists, options)
        return {
          valueCoding: {
            ...(system === undefined ? {} : { system }),
            code: value,
            ...(concept === undefined ? {} : localizedElement("display", concept.label)),
          },
        }
      }
      case "attachment":
        return isObject(value) && typeof value.contentType === "string" && typeof value.title === "string"
          ? { valueAttachment: attachmentOf(value as AttachmentAnswer, path) }
          : undefined
      default:
        return undefined
    }
  }

  const itemsOf = (items: ReadonlyArray<FormItem>, given: unknown, path: Path): Array<QuestionnaireResponseItem> => {
    const out: Array<QuestionnaireResponseItem> = []
    if (!isObject(given)) return out
    const known = new Set(items.map((item) => item.linkId))
    for (const key of Object.keys(given)) {
      if (!known.has(key) && !isBlank(given[key])) {
        warnings.add(
          [...path, key],
          "unknown_item",
          `項目「${key}」は様式にないため書きませんでした`,
          `"${key}" is not an item of the form and was not written`,
        )
      }
    }
    for (const item of items) {
      const value = given[item.linkId]
      const at = [...path, item.linkId]
      if (isBlank(value)) continue
      if (item.type === "display") {
        warnings.add(
          at,
          "not_answerable",
          `表示のみの項目「${item.text.ja}」の回答は書きませんでした`,
          `The answer to the display item "${item.text.en}" was not written`,
        )
        continue
      }
      if (item.type === "group") {
        const instances = item.repeats === true ? value : [value]
        if (!Array.isArray(instances)) {
          invalid(at, item, value)
          continue
        }
        instances.forEach((instance, index) => {
          const instancePath = item.repeats === true ? [...at, index] : at
          if (isBlank(instance)) return
          if (!isObject(instance)) {
            invalid(instancePath, item, instance)
            return
          }
          const children = itemsOf(item.items ?? [], instance, instancePath)
          if (children.length > 0) out.push({ linkId: item.linkId, text: item.text.ja, item: children })
        })
        continue
      }
      const many = item.repeats === true || item.type === "multiChoice"
      if (many !== Array.isArray(value)) {
        invalid(at, item, value)
        continue
      }
      const values = many ? (value as ReadonlyArray<unknown>) : [value]
      const answer: Array<QuestionnaireResponseAnswer> = []
      values.forEach((v, index) => {
        const vat = many ? [...at, index] : at
        if (isBlank(v)) return
        const converted = answerOf(item, v, vat)
        if (converted === undefined) invalid(vat, item, v)
        else answer.push(converted)
      })
      if (answer.length > 0) out.push({ linkId: item.linkId, text: item.text.ja, answer })
    }
    return out
  }

  const item = itemsOf(definition.items, answers, ["answers"])
  const questionnaireResponse: QuestionnaireResponse = {
    resourceType: "QuestionnaireResponse",
    ...(options.id === undefined ? {} : { id: options.id }),
    language: "ja",
    ...(options.identifier === undefined ? {} : { identifier: options.identifier }),
    questionnaire: `${questionnaireUrl(template.id, options)}|${template.version}`,
    status,
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    ...(authored === undefined ? {} : { authored: fhirDateTime(authored, zone).value }),
    ...(options.author === undefined ? {} : { author: options.author }),
    ...(options.source === undefined ? {} : { source: options.source }),
    ...(item.length === 0 ? {} : { item }),
  }
  return Result.succeed({ questionnaireResponse, warnings: warnings.list })
}
