/**
 * 取込ジョブの実行 (running directory import jobs): what `POST /v1/imports` and `POST /v1/imports/{id}/apply` start.
 * An upload (multipart/form-data) is streamed to files in the job's folder with a size limit — never held in
 * memory —, the job is recorded, and the file is read and planned in the background with the same importers as the
 * `zaitaku import` command, reporting progress to the job (its heartbeat) every second. The plan is stored with the
 * job, so that the diff can be reviewed and applied from any node; the uploaded files are removed once read.
 *
 * @since 0.1.0
 */
import { createReadStream, createWriteStream } from "node:fs"
import { mkdir, rm } from "node:fs/promises"
import { join } from "node:path"
import { Readable } from "node:stream"
import { pipeline } from "node:stream/promises"
import {
  Actor,
  type ImportJob,
  type ImportJobError,
  type ImportJobId,
  type ImportJobPlan,
  type ImportJobProgress,
  ImportJobStore,
  type ImportJobSummary,
  type ImportPlan,
  type Principal,
  requirePermission,
  ValidationError,
} from "@zaitaku/core"
import { CsvFileError, type IryoNetCategory, type RowError } from "@zaitaku/opendata-jp"
import busboy from "busboy"
import { Cause, Effect, Exit, Fiber, Option, Schedule } from "effect"
import * as z from "zod"
import type { AppRuntime } from "./AppLayer.js"
import { EffectFailure } from "./Handler.js"
import {
  type ApplyImportOptions,
  applyImportPlan,
  type ImportProgress,
  ImportReadError,
  type ImportReadSummary,
  iryoNetApplyOptions,
  kaigoKohyoApplyOptions,
  planIryoNetImport,
  planKaigoKohyoImport,
  planStandardDatasetImport,
  type StandardDataset,
  standardDatasetApplyOptions,
} from "./Import.js"
import { PayloadTooLarge } from "./Problem.js"

// ---------------------------------------------------------------------------------------------------------------
// Upload
// ---------------------------------------------------------------------------------------------------------------

/**
 * 受け取ったファイル (a received file): the form part it came in, its name as sent, where it was written and its size.
 *
 * @since 0.1.0
 * @category upload
 * @example
 * ```ts
 * import type { ReceivedFile } from "@zaitaku/server"
 *
 * const label = (file: ReceivedFile) => `${file.part}: ${file.name} (${file.bytes} bytes)`
 * ```
 */
export interface ReceivedFile {
  readonly part: string
  readonly name: string
  readonly path: string
  readonly bytes: number
}

/**
 * 受け取った取込 (a received upload): the form's text fields and its files, in `dir`.
 *
 * @since 0.1.0
 * @category upload
 * @example
 * ```ts
 * import type { Upload } from "@zaitaku/server"
 *
 * const kindOf = (upload: Upload) => upload.fields.kind
 * ```
 */
export interface Upload {
  readonly dir: string
  readonly fields: Readonly<Record<string, string>>
  readonly files: ReadonlyArray<ReceivedFile>
}

/**
 * Options of {@link receiveUpload}.
 *
 * @since 0.1.0
 * @category upload
 * @example
 * ```ts
 * import type { UploadOptions } from "@zaitaku/server"
 *
 * const options: UploadOptions = { dir: "/var/lib/zaitaku/uploads/1", maxBytes: 1 << 30 }
 * ```
 */
export interface UploadOptions {
  /** The folder the files are written to (created; removed again when the upload is refused). */
  readonly dir: string
  /** Largest accepted total of file bytes. */
  readonly maxBytes: number
  /** Largest number of files (default 4). */
  readonly maxFiles?: number
}

const uploadError = (code: string, ja: string, en: string, path: ReadonlyArray<string> = []) =>
  new ValidationError({ subject: "request body", issues: [{ path, code, message: { ja, en } }] })

/**
 * Streams a `multipart/form-data` request into files under `dir`: text fields (up to 100, 1,000 characters each)
 * and file parts, counting bytes as they arrive. Fails with {@link PayloadTooLarge} past `maxBytes` and with a
 * `ValidationError` (`in: body`) for a request that is not a well-formed form; either way the folder is removed.
 *
 * @since 0.1.0
 * @category upload
 * @example
 * ```ts
 * import { receiveUpload } from "@zaitaku/server"
 *
 * declare const request: Request
 * const upload = receiveUpload(request, { dir: "/tmp/zaitaku-upload-1", maxBytes: 1 << 30 })
 * ```
 */
export const receiveUpload = (
  request: Request,
  options: UploadOptions,
): Effect.Effect<Upload, ValidationError | PayloadTooLarge> =>
  Effect.tryPromise({
    try: async () => {
      const contentType = request.headers.get("content-type") ?? ""
      if (!/^multipart\/form-data\s*;/i.test(contentType) || request.body === null) {
        throw uploadError(
          "not_multipart",
          "ファイルは multipart/form-data で送ってください（kind と file などの欄）",
          "Send the file as multipart/form-data (fields kind, file …)",
        )
      }
      await mkdir(options.dir, { recursive: true })
      try {
        return await readForm(request.body, contentType, options)
      } catch (error) {
        await rm(options.dir, { recursive: true, force: true })
        throw error
      }
    },
    catch: (error) =>
      error instanceof ValidationError || error instanceof PayloadTooLarge
        ? error
        : uploadError(
            "malformed_form",
            `フォームを読み取れません：${error instanceof Error ? error.message : String(error)}`,
            `The form cannot be read: ${error instanceof Error ? error.message : String(error)}`,
          ),
  })

const readForm = (body: ReadableStream<Uint8Array>, contentType: string, options: UploadOptions): Promise<Upload> =>
  new Promise<Upload>((resolve, reject) => {
    const maxFiles = options.maxFiles ?? 4
    const fields: Record<string, string> = {}
    const files: Array<ReceivedFile> = []
    const writes: Array<Promise<void>> = []
    let total = 0
    let failed: unknown
    const fail = (error: unknown) => {
      if (failed === undefined) failed = error
    }
    const parser = busboy({
      headers: { "content-type": contentType },
      limits: { fields: 100, fieldSize: 1000, files: maxFiles, fileSize: options.maxBytes, parts: 110 },
      defParamCharset: "utf8",
    })
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) {
        fail(uploadError("too_long", `欄「${name}」が長すぎます`, `Field ${name} is too long`, [name]))
      }
      fields[name] = value
    })
    parser.on("file", (part, stream, info) => {
      const index = files.length
      const path = join(options.dir, `${index}.upload`)
      const file = { part, name: info.filename ?? part, path, bytes: 0 }
      files.push(file)
      stream.on("data", (chunk: Buffer) => {
        file.bytes += chunk.length
        total += chunk.length
        if (total > options.maxBytes) {
          fail(new PayloadTooLarge({ limit: options.maxBytes }))
          stream.resume()
        }
      })
      stream.on("limit", () => fail(new PayloadTooLarge({ limit: options.maxBytes })))
      writes.push(pipeline(stream, createWriteStream(path)))
    })
    parser.on("filesLimit", () =>
      fail(uploadError("too_many_files", `ファイルは${maxFiles}個までです`, `At most ${maxFiles} files`)),
    )
    parser.on("error", (error) => reject(failed ?? error))
    parser.on("close", () => {
      Promise.all(writes).then(
        () => (failed === undefined ? resolve({ dir: options.dir, fields, files }) : reject(failed)),
        (error) => reject(failed ?? error),
      )
    })
    Readable.fromWeb(body as never).pipe(parser)
  })

// ---------------------------------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------------------------------

const flag = z
  .enum(["true", "false"])
  .transform((value) => value === "true")
  .optional()

/** What a kind's reader made: the summary shown on the job and the plan stored with it. */
interface Planned {
  readonly summary: ImportJobSummary
  readonly stored: ImportJobPlan
}

interface KindSpec {
  /** The file parts the kind needs, in order. */
  readonly parts: ReadonlyArray<string>
  readonly fields: z.ZodType<Record<string, unknown>>
  readonly plan: (
    files: Readonly<Record<string, ReceivedFile>>,
    options: Record<string, unknown>,
    onProgress: (progress: ImportProgress) => void,
  ) => Effect.Effect<Planned, unknown, never>
}

/** Row errors kept with a plan, for the review (the counts are always complete). */
const keptRowErrors = 1000

const summaryOf = (plan: ImportPlan, read: ImportReadSummary, rowErrors: number): ImportJobSummary => ({
  rows: read.rows,
  ok: read.ok,
  invalid: read.invalid,
  filtered: read.filtered,
  ...(read.encoding === undefined ? {} : { encoding: read.encoding }),
  added: plan.added.length,
  changed: plan.changed.length,
  unchanged: plan.unchanged,
  missing: plan.missing.length,
  duplicateKeys: plan.duplicateKeys.length,
  rowErrors,
})

const stored = (
  plan: ImportPlan,
  rowErrors: ReadonlyArray<RowError & { readonly file?: string }>,
  apply: ApplyImportOptions,
): ImportJobPlan =>
  JSON.parse(
    JSON.stringify({
      plan,
      details: { rowErrors: rowErrors.slice(0, keptRowErrors), apply: { ...apply, onProgress: undefined } },
    }),
  ) as ImportJobPlan

const source = (file: ReceivedFile) => ({
  [Symbol.asyncIterator]: () => createReadStream(file.path)[Symbol.asyncIterator](),
})

const municipalitiesOf = (all: boolean | undefined) => (all === true ? { municipalities: "all" as const } : {})

const standardKind = (dataset: StandardDataset): KindSpec => ({
  parts: ["file"],
  fields: z
    .object({
      strict: flag,
      all: flag,
      municipality: z
        .string()
        .regex(/^[0-9]{6}$/)
        .optional(),
    })
    .strict(),
  plan: (files, options, onProgress) =>
    Effect.map(
      planStandardDatasetImport(dataset, {
        source: source(files.file!),
        fileName: files.file!.name,
        strict: options.strict === true,
        ...municipalitiesOf(options.all as boolean | undefined),
        ...(options.municipality === undefined ? {} : { municipalityCode: options.municipality as string }),
        onProgress,
      }),
      (planned) => ({
        summary: summaryOf(planned.plan, planned.summary, planned.rowErrors.length),
        stored: stored(planned.plan, planned.rowErrors, standardDatasetApplyOptions(planned)),
      }),
    ) as Effect.Effect<Planned, unknown, never>,
})

/**
 * The kinds of file `POST /v1/imports` takes, with the file parts each needs: `kaigo-kohyo` (`file`),
 * `iryo-net` (`facilities`, `hours`), `kaigo-ichiran` and `iryo-ichiran` (`file`).
 *
 * @since 0.1.0
 * @category kinds
 * @example
 * ```ts
 * import { importJobKinds } from "@zaitaku/server"
 *
 * Object.keys(importJobKinds) // ["kaigo-kohyo", "iryo-net", "kaigo-ichiran", "iryo-ichiran"]
 * ```
 */
export const importJobKinds: Readonly<Record<string, KindSpec>> = {
  "kaigo-kohyo": {
    parts: ["file"],
    fields: z
      .object({
        strict: flag,
        all: flag,
        serviceTypeCode: z
          .string()
          .regex(/^[0-9]{3}$/)
          .optional(),
      })
      .strict(),
    plan: (files, options, onProgress) =>
      Effect.map(
        planKaigoKohyoImport({
          source: source(files.file!),
          fileName: files.file!.name,
          ...(options.serviceTypeCode === undefined ? {} : { serviceTypeCode: options.serviceTypeCode as string }),
          strict: options.strict === true,
          ...municipalitiesOf(options.all as boolean | undefined),
          onProgress,
        }),
        (planned) => ({
          summary: summaryOf(planned.plan, planned.summary, planned.rowErrors.length),
          stored: stored(planned.plan, planned.rowErrors, kaigoKohyoApplyOptions(planned)),
        }),
      ) as Effect.Effect<Planned, unknown, never>,
  },
  "iryo-net": {
    parts: ["facilities", "hours"],
    fields: z
      .object({ strict: flag, all: flag, category: z.enum(["hospital", "clinic", "dental"]).optional() })
      .strict(),
    plan: (files, options, onProgress) =>
      Effect.map(
        planIryoNetImport({
          facilities: source(files.facilities!),
          hours: source(files.hours!),
          fileName: files.facilities!.name,
          hoursFileName: files.hours!.name,
          ...(options.category === undefined ? {} : { category: options.category as IryoNetCategory }),
          strict: options.strict === true,
          ...municipalitiesOf(options.all as boolean | undefined),
          onProgress,
        }),
        (planned) => ({
          summary: summaryOf(planned.plan, planned.summary, planned.rowErrors.length + planned.hoursErrors.length),
          stored: stored(
            planned.plan,
            [
              ...planned.rowErrors.map((error) => ({ ...error, file: "facilities" })),
              ...planned.hoursErrors.map((error) => ({ ...error, file: "hours" })),
            ],
            iryoNetApplyOptions(planned),
          ),
        }),
      ) as Effect.Effect<Planned, unknown, never>,
  },
  "kaigo-ichiran": standardKind("care_office_list"),
  "iryo-ichiran": standardKind("medical_institution_list"),
}

/**
 * The kind, options and files of an upload, checked against {@link importJobKinds}: every problem at its field
 * (`kind`, an option, a missing or unexpected file part) as a `ValidationError` of the request body.
 *
 * @since 0.1.0
 * @category kinds
 * @example
 * ```ts
 * import { checkUpload, type Upload } from "@zaitaku/server"
 *
 * declare const upload: Upload
 * const checked = checkUpload(upload) // Effect<{ kind, spec, options, files }, ValidationError>
 * ```
 */
export const checkUpload = (upload: Upload) =>
  Effect.gen(function* () {
    const { kind, ...rest } = upload.fields
    const spec = kind === undefined ? undefined : importJobKinds[kind]
    if (kind === undefined || spec === undefined) {
      return yield* uploadError(
        kind === undefined ? "required" : "unknown_kind",
        `kind（取込の種類）を指定してください：${Object.keys(importJobKinds).join("、")}`,
        `kind must be one of ${Object.keys(importJobKinds).join(", ")}`,
        ["kind"],
      )
    }
    const parsed = spec.fields.safeParse(rest)
    if (!parsed.success) {
      return yield* new ValidationError({
        subject: "request body",
        issues: parsed.error.issues.map((issue) => ({
          path: issue.code === "unrecognized_keys" ? [issue.keys[0] ?? ""] : issue.path.map(String),
          code: issue.code,
          message: {
            ja: `欄「${issue.code === "unrecognized_keys" ? issue.keys.join("、") : issue.path.join(".")}」の値が正しくありません（${kind} で使える欄：${Object.keys((spec.fields as unknown as { shape: object }).shape).join("、")}）`,
            en: `${issue.message} (${kind} takes: ${Object.keys((spec.fields as unknown as { shape: object }).shape).join(", ")})`,
          },
        })),
      })
    }
    const byPart: Record<string, ReceivedFile> = {}
    const issues: Array<ValidationError["issues"][number]> = []
    for (const file of upload.files) {
      if (!spec.parts.includes(file.part) || byPart[file.part] !== undefined) {
        issues.push({
          path: [file.part],
          code: "unexpected_file",
          message: {
            ja: `ファイル欄「${file.part}」は ${kind} では使いません（使う欄：${spec.parts.join("、")}）`,
            en: `File part ${file.part} is not used by ${kind} (parts: ${spec.parts.join(", ")})`,
          },
        })
      } else byPart[file.part] = file
    }
    for (const part of spec.parts) {
      if (byPart[part] === undefined) {
        issues.push({
          path: [part],
          code: "required",
          message: { ja: `ファイル欄「${part}」がありません`, en: `File part ${part} is missing` },
        })
      }
    }
    if (issues.length > 0) return yield* new ValidationError({ subject: "request body", issues })
    return { kind, spec, options: parsed.data, files: byPart }
  })

// ---------------------------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------------------------

const errorOf = (cause: unknown): ImportJobError => {
  if (cause instanceof CsvFileError) {
    return { code: cause.reason, message: { ja: cause.detail.ja, en: cause.detail.en } }
  }
  if (cause instanceof ImportReadError) return { code: "read", message: cause.detail }
  if (cause instanceof ValidationError) {
    return {
      code: cause.issues[0]?.code ?? "invalid",
      message: {
        ja: cause.issues.map((issue) => issue.message.ja).join("、"),
        en: cause.issues.map((issue) => issue.message.en).join("; "),
      },
    }
  }
  return {
    code: "internal",
    message: {
      ja: "取込中に予期しないエラーが発生しました（サーバーのログを確認してください）",
      en: "The import failed unexpectedly (see the server log)",
    },
  }
}

/** Reports the latest progress to the job every second while `work` runs, then stops. */
const withHeartbeat = <A, E, R>(
  id: ImportJobId,
  latest: () => ImportJobProgress | undefined,
  work: Effect.Effect<A, E, R>,
) =>
  Effect.gen(function* () {
    const jobs = yield* ImportJobStore
    const beat = Effect.suspend(() => {
      const progress = latest()
      return progress === undefined ? Effect.void : Effect.ignore(jobs.report(id, progress))
    })
    const fiber = yield* Effect.forkChild(Effect.repeat(beat, Schedule.spaced("1 second")))
    return yield* work.pipe(Effect.ensuring(Fiber.interrupt(fiber)))
  })

/**
 * Records an upload as a job and starts reading and planning it in the background on the runtime, as the
 * principal; answers the new job at once. The background work stores the plan (or the failure) on the job and
 * removes the uploaded files in every case.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { startImportJob, type AppRuntime, type Upload } from "@zaitaku/server"
 * import type { Principal } from "@zaitaku/core"
 *
 * declare const runtime: AppRuntime
 * declare const principal: Principal
 * declare const upload: Upload
 * const job = await startImportJob(runtime, principal, upload)
 * ```
 */
export const startImportJob = async (runtime: AppRuntime, principal: Principal, upload: Upload): Promise<ImportJob> => {
  const asPrincipal = Effect.provideService(Actor, principal)
  const prepared = await runtime.runPromiseExit(
    Effect.gen(function* () {
      yield* requirePermission("resources:write")
      const checked = yield* checkUpload(upload)
      const job = yield* (yield* ImportJobStore).create({
        kind: checked.kind,
        files: upload.files.map((file) => ({ part: file.part, name: file.name, bytes: file.bytes })),
        options: checked.options as Record<string, string | boolean>,
      })
      return { job, checked }
    }).pipe(asPrincipal),
  )
  if (Exit.isFailure(prepared)) {
    await rm(upload.dir, { recursive: true, force: true })
    throw new EffectFailure(prepared.cause)
  }
  const { job, checked } = prepared.value
  const removeUpload = Effect.promise(() => rm(upload.dir, { recursive: true, force: true }))
  let latest: ImportJobProgress | undefined
  const onProgress = (progress: ImportProgress) => {
    latest = {
      step: "reading",
      done: progress.rows,
      invalid: progress.invalid,
      ratePerSecond: Math.round(progress.ratePerSecond * 10) / 10,
      elapsedMillis: Math.round(progress.elapsedMillis),
    }
  }
  const background = Effect.gen(function* () {
    const jobs = yield* ImportJobStore
    // the files are removed as soon as they are read, before the job says so
    const planned = yield* Effect.exit(
      withHeartbeat(job.id, () => latest, checked.spec.plan(checked.files, checked.options, onProgress)).pipe(
        Effect.ensuring(removeUpload),
      ),
    )
    if (Exit.isSuccess(planned)) {
      yield* jobs.planned(job.id, planned.value.summary, planned.value.stored)
    } else {
      yield* jobs.fail(job.id, errorOf(Option.getOrUndefined(Cause.findErrorOption(planned.cause))))
    }
  }).pipe(Effect.ensuring(removeUpload), Effect.ignore, asPrincipal)
  runtime.runFork(background)
  return job
}

/**
 * Starts applying a planned job in the background (see `ImportJobStore.startApply`: only one run at a time; an
 * interrupted run may be taken over) and answers the job as `applying`. Applying an `applied` job answers it as it
 * is, without running anything, so a retried request is harmless.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { applyImportJob, type AppRuntime } from "@zaitaku/server"
 * import type { ImportJobId, Principal } from "@zaitaku/core"
 *
 * declare const runtime: AppRuntime
 * declare const principal: Principal
 * declare const id: ImportJobId
 * const job = await applyImportJob(runtime, principal, id)
 * ```
 */
export const applyImportJob = async (
  runtime: AppRuntime,
  principal: Principal,
  id: ImportJobId,
): Promise<ImportJob> => {
  const asPrincipal = Effect.provideService(Actor, principal)
  const started = await runtime.runPromiseExit(
    Effect.gen(function* () {
      yield* requirePermission("resources:write")
      const jobs = yield* ImportJobStore
      const current = yield* jobs.get(id)
      if (current.status === "applied") return { job: current, plan: undefined }
      const plan = yield* jobs.plan(id)
      return { job: yield* jobs.startApply(id), plan }
    }).pipe(asPrincipal),
  )
  if (Exit.isFailure(started)) throw new EffectFailure(started.cause)
  const { job, plan } = started.value
  if (plan === undefined) return job
  let latest: ImportJobProgress | undefined
  const begun = performance.now()
  const apply = plan.details.apply as unknown as ApplyImportOptions
  const background = Effect.gen(function* () {
    const jobs = yield* ImportJobStore
    const applied = yield* Effect.exit(
      withHeartbeat(
        id,
        () => latest,
        applyImportPlan(plan.plan, {
          ...apply,
          importId: id,
          onProgress: (done, total) => {
            const elapsedMillis = Math.round(performance.now() - begun)
            latest = {
              step: "applying",
              done,
              total,
              ratePerSecond: elapsedMillis > 0 ? Math.round((done * 10_000) / elapsedMillis) / 10 : 0,
              elapsedMillis,
            }
          },
        }),
      ),
    )
    if (Exit.isSuccess(applied)) {
      const result = applied.value
      yield* jobs.finishApply(id, {
        created: result.created,
        updated: result.updated,
        alreadyApplied: result.alreadyApplied,
        unchanged: result.unchanged,
        missing: result.missing,
        conflicts: JSON.parse(JSON.stringify(result.conflicts.slice(0, 1000))),
      })
    } else {
      yield* jobs.fail(id, errorOf(Option.getOrUndefined(Cause.findErrorOption(applied.cause))))
    }
  }).pipe(Effect.ignore, asPrincipal)
  runtime.runFork(background)
  return job
}
