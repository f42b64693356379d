import { Result } from "effect"
import * as z from "zod"
import { ValidationError } from "../Errors.js"

/** base64url (no padding) of a string's UTF-8 bytes: the text of every opaque cursor. */
export const toBase64Url = (text: string): string => {
  let binary = ""
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "")
}

/** The string a {@link toBase64Url} text stands for, or undefined for anything else. Never throws. */
export const fromBase64Url = (text: string): string | undefined => {
  if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return undefined
  const base64 = text
    .replaceAll("-", "+")
    .replaceAll("_", "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=")
  try {
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0))
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes)
  } catch {
    return undefined
  }
}

/** The error of a cursor that is not one this package encoded, at `["cursor"]`, in Japanese and English. */
export const invalidCursor = (subject: string): ValidationError =>
  new ValidationError({
    subject,
    issues: [
      {
        path: ["cursor"],
        code: "invalid_cursor",
        message: {
          ja: "カーソルが正しくありません。前のページの nextCursor を変更せずに指定してください",
          en: "Invalid cursor: pass the nextCursor of a previous page of the same listing, unchanged",
        },
      },
    ],
  })

/**
 * An opaque cursor of one listing: its fields travel as base64url JSON tagged with the listing's name (`o`), so a
 * cursor of another listing, or anything edited, is refused with {@link invalidCursor}. Never throws.
 */
export const cursorCodec = <Shape extends z.ZodRawShape>(listing: string, shape: Shape) => {
  const schema = z.object({ v: z.literal(1), o: z.literal(listing), ...shape }).strict()
  type Fields = z.infer<z.ZodObject<Shape>>
  return {
    encode: (fields: Fields): string => toBase64Url(JSON.stringify({ v: 1, o: listing, ...fields })),
    decode: (text: string, subject = "query"): Result.Result<Fields, ValidationError> => {
      const json = fromBase64Url(text)
      if (json === undefined) return Result.fail(invalidCursor(subject))
      let value: unknown
      try {
        value = JSON.parse(json)
      } catch {
        return Result.fail(invalidCursor(subject))
      }
      const parsed = schema.safeParse(value)
      if (!parsed.success) return Result.fail(invalidCursor(subject))
      const { v: _v, o: _o, ...fields } = parsed.data as Record<string, unknown>
      return Result.succeed(fields as Fields)
    },
  }
}
