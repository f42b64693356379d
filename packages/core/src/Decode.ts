/**
 * One way to turn untrusted input into domain values: `decode(schema)`.
 *
 * @since 0.1.0
 */
import { Effect, Result } from "effect"
import * as z from "zod"
import { ValidationError, type ValidationIssue } from "./Errors.js"

const jaLocale = z.locales.ja()
const enLocale = z.locales.en()

/**
 * Parameters a schema attaches to a custom issue so that its message reaches users in both languages:
 * the issue's `message` is English and `params.ja` is Japanese.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import * as z from "zod"
 * import { localized } from "@zaitaku/core"
 *
 * const Even = z.number().refine((n) => n % 2 === 0, localized("偶数を入力してください", "Must be even"))
 * ```
 */
export const localized = (ja: string, en: string, code?: string) => ({
  message: en,
  params: code === undefined ? { ja } : { ja, code },
})

/**
 * Adds a custom issue with Japanese and English messages inside a `superRefine`.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import * as z from "zod"
 * import { addLocalizedIssue } from "@zaitaku/core"
 *
 * const Range = z.object({ from: z.number(), to: z.number() }).superRefine((value, ctx) => {
 *   if (value.from > value.to) addLocalizedIssue(ctx, ["to"], "開始より後にしてください", "Must not precede from", "range")
 * })
 * ```
 */
export const addLocalizedIssue = <T>(
  ctx: z.core.$RefinementCtx<T>,
  path: ReadonlyArray<string | number>,
  ja: string,
  en: string,
  code = "custom",
): void => {
  ctx.addIssue({ code: "custom", path: [...path], message: en, params: { ja, code } })
}

const toIssue = (issue: z.core.$ZodIssue): ValidationIssue => {
  const path = issue.path.map((segment) => (typeof segment === "symbol" ? String(segment) : segment))
  if (issue.code === "custom") {
    const params = (issue.params ?? {}) as { ja?: unknown; code?: unknown }
    return {
      path,
      code: typeof params.code === "string" ? params.code : "custom",
      message: { ja: typeof params.ja === "string" ? params.ja : issue.message, en: issue.message },
    }
  }
  // A schema may set its own (English) message; keep it, and fall back to zod's Japanese locale.
  const raw = issue as unknown as z.core.$ZodRawIssue
  const en = enLocale.localeError(raw)
  const ja = jaLocale.localeError(raw)
  const enText = typeof en === "string" ? en : (en?.message ?? issue.message)
  const jaText = typeof ja === "string" ? ja : (ja?.message ?? issue.message)
  return {
    path,
    code: issue.code,
    message: { ja: jaText, en: issue.message !== enText && issue.message.length > 0 ? issue.message : enText },
  }
}

/**
 * Converts a zod error into a {@link ValidationError} (field path, code, Japanese and English message).
 * The offending input values are never copied into the error, so personal data does not leak into logs.
 *
 * @since 0.1.0
 * @category conversions
 * @example
 * ```ts
 * import * as z from "zod"
 * import { fromZodError } from "@zaitaku/core"
 *
 * const result = z.object({ age: z.number() }).safeParse({ age: "x" })
 * if (!result.success) fromZodError("patient", result.error).issues[0]?.path // ["age"]
 * ```
 */
export const fromZodError = (subject: string, error: z.ZodError): ValidationError =>
  new ValidationError({ subject, issues: error.issues.map(toIssue) })

/**
 * Decodes unknown input with a zod schema inside Effect: succeeds with the parsed value or fails with a
 * {@link ValidationError}. Async refinements are supported.
 *
 * @since 0.1.0
 * @category decoding
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import * as z from "zod"
 * import { decode } from "@zaitaku/core"
 *
 * const Body = z.object({ name: z.string().min(1) })
 * const program = decode(Body, "request body")({ name: "" }) // fails with ValidationError at ["name"]
 * Effect.runPromiseExit(program)
 * ```
 */
export const decode =
  <S extends z.ZodType>(schema: S, subject = "input") =>
  (input: unknown): Effect.Effect<z.output<S>, ValidationError> =>
    Effect.flatMap(
      Effect.promise(() => schema.safeParseAsync(input, { reportInput: true })),
      (result) => (result.success ? Effect.succeed(result.data) : Effect.fail(fromZodError(subject, result.error))),
    )

/**
 * Synchronous variant of {@link decode} for boundaries outside Effect (configuration, CLI arguments):
 * returns a `Result` instead of throwing.
 *
 * @since 0.1.0
 * @category decoding
 * @example
 * ```ts
 * import { Result } from "effect"
 * import * as z from "zod"
 * import { decodeSync } from "@zaitaku/core"
 *
 * const port = decodeSync(z.coerce.number().int().min(1).max(65535), "PORT")("8787")
 * Result.isSuccess(port) // true
 * ```
 */
export const decodeSync =
  <S extends z.ZodType>(schema: S, subject = "input") =>
  (input: unknown): Result.Result<z.output<S>, ValidationError> => {
    const result = schema.safeParse(input, { reportInput: true })
    return result.success ? Result.succeed(result.data) : Result.fail(fromZodError(subject, result.error))
  }
