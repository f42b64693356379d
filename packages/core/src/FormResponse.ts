/**
 * 様式の回答 (form responses): the answers to one definition, and the exact version they were filled against.
 *
 * Answers are plain JSON keyed by linkId and nested like the definition: a group's answer is an object of its
 * items' answers (an array of such objects when the group repeats), a question's answer is a value (an array of
 * values when it repeats or is a multi-choice). Storage, amendment history and exchange between organisations
 * build on this model elsewhere.
 *
 * @since 0.1.0
 */
import * as z from "zod"
import { type FormDefinition, FormTemplateRef } from "./FormDefinition.js"

/**
 * 回答の状態 (response status), as FHIR QuestionnaireResponse: `in-progress` (下書き, a draft that may be
 * incomplete), `completed`, `amended` (修正済み: changed after completion), `entered-in-error` (取消: made in error).
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import { FormResponseStatus } from "@zaitaku/core"
 *
 * FormResponseStatus.parse("in-progress")
 * ```
 */
export const FormResponseStatus = z.enum(["in-progress", "completed", "amended", "entered-in-error"])

/**
 * 回答の状態 (response status).
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import type { FormResponseStatus } from "@zaitaku/core"
 *
 * const draft: FormResponseStatus = "in-progress"
 * ```
 */
export type FormResponseStatus = z.infer<typeof FormResponseStatus>

/**
 * 添付ファイルの回答 (attachment answer): a reference to a file stored elsewhere — its media type, a title (file
 * name), its size in bytes, and where to get it (`url`, or a store's `id`).
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import { AttachmentAnswer } from "@zaitaku/core"
 *
 * AttachmentAnswer.parse({ contentType: "image/jpeg", title: "本人の写真.jpg", size: 182_000, id: "0192f5a0-…" })
 * ```
 */
export const AttachmentAnswer = z
  .object({
    contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, "A media type such as image/jpeg"),
    title: z.string().min(1).max(255),
    size: z.int().min(0).optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    id: z.string().min(1).max(200).optional(),
  })
  .refine((attachment) => attachment.url !== undefined || attachment.id !== undefined, {
    message: "An attachment needs a url or an id",
    params: { ja: "添付ファイルには url か id が必要です", code: "attachment_location" },
  })

/**
 * 添付ファイルの回答 (attachment answer).
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import type { AttachmentAnswer } from "@zaitaku/core"
 *
 * const photo: AttachmentAnswer = { contentType: "image/png", title: "photo.png", url: "https://files.example.jp/1" }
 * ```
 */
export type AttachmentAnswer = z.infer<typeof AttachmentAnswer>

/**
 * 回答 (answers) keyed by linkId, nested like the definition. Values are JSON; which value fits which item is
 * decided by `validateFormResponse`, not here.
 *
 * | item type | answer |
 * |---|---|
 * | `string`, `text`, `phone`, `email`, `postalCode` | string |
 * | `integer`, `decimal` | number |
 * | `boolean` | `true` / `false` |
 * | `date`, `dateTime`, `time` | `"2025-04-01"`, `"2025-04-01T10:30"` / `"…+09:00"`, `"10:30"` |
 * | `choice` | a code |
 * | `multiChoice` | an array of distinct codes |
 * | `openChoice` | a code, or `{ "text": "free text" }` |
 * | `attachment` | an {@link AttachmentAnswer} |
 * | `group` | an object of answers (an array of objects when it repeats) |
 *
 * A repeating question takes an array. `null`, `undefined`, `""` and `[]` mean "not answered".
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import type { FormAnswers } from "@zaitaku/core"
 *
 * const answers: FormAnswers = {
 *   office_name: "愛川町訪問看護ステーション",
 *   applicants: [{ name: "山田 花子", profession: "nurse" }],
 * }
 * ```
 */
export const FormAnswers = z.record(z.string(), z.unknown())

/**
 * 回答 (answers) keyed by linkId.
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import type { FormAnswers } from "@zaitaku/core"
 *
 * const empty: FormAnswers = {}
 * ```
 */
export type FormAnswers = z.infer<typeof FormAnswers>

/**
 * 様式の回答 (form response): the exact definition version it was filled against (`template`: id and version),
 * its status, when it was authored, and its answers.
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import { FormResponse } from "@zaitaku/core"
 *
 * FormResponse.parse({
 *   template: { id: "training-application", version: "1.0.0" },
 *   status: "completed",
 *   authored: "2026-01-10T09:30:00+09:00",
 *   answers: { office_name: "愛川町訪問看護ステーション" },
 * })
 * ```
 */
export const FormResponse = z.object({
  template: FormTemplateRef,
  status: FormResponseStatus,
  authored: z.iso.datetime({ offset: true }).optional(),
  answers: FormAnswers,
})

/**
 * 様式の回答 (form response).
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import type { FormResponse } from "@zaitaku/core"
 *
 * const versionOf = (response: FormResponse) => `${response.template.id}@${response.template.version}`
 * ```
 */
export type FormResponse = z.infer<typeof FormResponse>

/**
 * 新しい回答 (start a response) to a definition: an empty draft that records the definition's exact id and version.
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import { formTemplates, newFormResponse } from "@zaitaku/core"
 *
 * const draft = newFormResponse(formTemplates[0]!)
 * draft.status // "in-progress"
 * ```
 */
export const newFormResponse = (definition: Pick<FormDefinition, "id" | "version">): FormResponse => ({
  template: { id: definition.id, version: definition.version },
  status: "in-progress",
  answers: {},
})

/**
 * 回答の様式を探す (find the definition of a response): the definition whose id and version are exactly the ones
 * the response records, or `undefined`.
 *
 * @since 0.1.0
 * @category responses
 * @example
 * ```ts
 * import { definitionOfResponse, formTemplates, type FormResponse } from "@zaitaku/core"
 *
 * const definitionFor = (response: FormResponse) => definitionOfResponse(formTemplates, response)
 * ```
 */
export const definitionOfResponse = <D extends Pick<FormDefinition, "id" | "version">>(
  definitions: ReadonlyArray<D>,
  response: Pick<FormResponse, "template">,
): D | undefined =>
  definitions.find(
    (definition) => definition.id === response.template.id && definition.version === response.template.version,
  )
