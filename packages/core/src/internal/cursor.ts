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
