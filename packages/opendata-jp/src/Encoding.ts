/**
 * 文字コードの判定と復号 (encoding detection and decoding) for the national open-data files: UTF-8 with BOM
 * (the MHLW files), UTF-8 without BOM, and Shift_JIS as Windows writes it (MS932, decoded as `cp932`).
 *
 * @since 0.1.0
 */
import iconv from "iconv-lite"

/**
 * 文字コード (detected encoding): `"utf-8-bom"` (UTF-8 starting with EF BB BF, the BOM is removed), `"utf-8"`
 * (valid UTF-8 without BOM, also chosen for pure ASCII input) or `"cp932"` (Shift_JIS / MS932).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { DetectedEncoding } from "@zaitaku/opendata-jp"
 *
 * const encoding: DetectedEncoding = "cp932"
 * ```
 */
export type DetectedEncoding = "utf-8-bom" | "utf-8" | "cp932"

/**
 * Bytes a decoder reads: a Node `Readable` (an async iterable of `Buffer`), a web stream iterator, or an array of
 * chunks in tests.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import type { ByteSource } from "@zaitaku/opendata-jp"
 *
 * const source: ByteSource = createReadStream("jigyosho_130.csv")
 * ```
 */
export type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>

/**
 * Options of {@link decodeStream}.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { DecodeOptions } from "@zaitaku/opendata-jp"
 *
 * const options: DecodeOptions = { encoding: "cp932" }
 * ```
 */
export interface DecodeOptions {
  /** `"auto"` (default) detects; any other value forces that encoding (a UTF-8 BOM is still removed). */
  readonly encoding?: "auto" | DetectedEncoding
  /**
   * How many bytes after the first non-ASCII byte are examined before deciding (default 4096). Bytes before
   * it are ASCII and decode the same in every supported encoding, so they are passed on without waiting.
   */
  readonly lookahead?: number
}

/**
 * A decoded text stream: iterate it once for the text chunks; `encoding` is set as soon as it is known (at the
 * latest when iteration ends).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { decodeStream } from "@zaitaku/opendata-jp"
 *
 * const text = decodeStream([new Uint8Array([0xef, 0xbb, 0xbf, 0x41])])
 * for await (const chunk of text) console.log(chunk) // "A"
 * text.encoding // "utf-8-bom"
 * ```
 */
export interface DecodedStream extends AsyncIterable<string> {
  readonly encoding: DetectedEncoding | undefined
}

const bom = [0xef, 0xbb, 0xbf] as const

/**
 * Whether `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF). When
 * `truncated` is true, an incomplete sequence at the very end is accepted (the rest is in the next chunk).
 *
 * @since 0.1.0
 * @category detection
 * @example
 * ```ts
 * import { isValidUtf8 } from "@zaitaku/opendata-jp"
 *
 * isValidUtf8(new TextEncoder().encode("訪問看護")) // true
 * isValidUtf8(new Uint8Array([0x96, 0x4b])) // false (訪 in Shift_JIS)
 * ```
 */
export const isValidUtf8 = (bytes: Uint8Array, truncated = false): boolean => {
  let i = 0
  const n = bytes.length
  while (i < n) {
    const b = bytes[i]!
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let min: number
    let max = 0xbf
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = b === 0xe0 ? 0xa0 : 0x80
      if (b === 0xed) max = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = b === 0xf0 ? 0x90 : 0x80
      if (b === 0xf4) max = 0x8f
    } else {
      return false
    }
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return truncated
      const c = bytes[i + k]!
      if (k === 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return false
    }
    i += need + 1
  }
  return true
}

/**
 * 文字コードの判定 (detect the encoding) of the start of a file. `sample` should reach at least a few hundred
 * bytes past the first non-ASCII byte; `complete` says the sample is the whole file. Pure ASCII is UTF-8.
 *
 * @since 0.1.0
 * @category detection
 * @example
 * ```ts
 * import iconv from "iconv-lite"
 * import { detectEncoding } from "@zaitaku/opendata-jp"
 *
 * detectEncoding(new TextEncoder().encode("事業所名"), true) // "utf-8"
 * detectEncoding(iconv.encode("事業所名", "cp932"), true) // "cp932"
 * ```
 */
export const detectEncoding = (sample: Uint8Array, complete: boolean): DetectedEncoding => {
  if (sample.length >= 3 && sample[0] === bom[0] && sample[1] === bom[1] && sample[2] === bom[2]) return "utf-8-bom"
  return isValidUtf8(sample, !complete) ? "utf-8" : "cp932"
}

const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  if (a.length === 0) return b
  const out = new Uint8Array(a.length + b.length)
  out.set(a, 0)
  out.set(b, a.length)
  return out
}

const firstNonAscii = (bytes: Uint8Array): number => {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i
  return -1
}

const asciiText = (bytes: Uint8Array): string => {
  let out = ""
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 8192)))
  }
  return out
}

interface IncrementalDecoder {
  write(bytes: Uint8Array): string
  end(): string
}

const makeDecoder = (encoding: DetectedEncoding): IncrementalDecoder => {
  if (encoding === "cp932") {
    const decoder = iconv.getDecoder("cp932")
    return {
      write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
      end: () => decoder.end() ?? "",
    }
  }
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true })
  return {
    write: (bytes) => decoder.decode(bytes, { stream: true }),
    end: () => decoder.decode(),
  }
}

const startsLikeBom = (bytes: Uint8Array): boolean => {
  for (let i = 0; i < Math.min(3, bytes.length); i++) if (bytes[i] !== bom[i]) return false
  return true
}

/**
 * 復号 (decode) a byte stream into text incrementally: detects the encoding from the first bytes, removes a
 * UTF-8 BOM, and never splits a multi-byte character across chunks (a chunk may end in the middle of one; its
 * bytes are held until the next chunk). Memory is bounded by the chunk size plus `lookahead`.
 *
 * Detection: a leading EF BB BF is UTF-8 with BOM. Otherwise ASCII bytes are passed on until the first
 * non-ASCII byte; the next `lookahead` bytes (or the rest of the file) are then checked: well-formed UTF-8 →
 * `"utf-8"`, anything else → `"cp932"`. Text that is valid in both (a few bytes of Shift_JIS can look like
 * UTF-8) is read as UTF-8; real Japanese Shift_JIS text is practically never valid UTF-8 over 4 KiB.
 *
 * @since 0.1.0
 * @category decoding
 * @example
 * ```ts
 * import { createReadStream } from "node:fs"
 * import { decodeStream } from "@zaitaku/opendata-jp"
 *
 * const text = decodeStream(createReadStream("jigyosho_130.csv"))
 * let length = 0
 * for await (const chunk of text) length += chunk.length
 * console.log(text.encoding, length)
 * ```
 */
export const decodeStream = (source: ByteSource, options: DecodeOptions = {}): DecodedStream => {
  const forced = options.encoding === undefined || options.encoding === "auto" ? undefined : options.encoding
  const lookahead = options.lookahead ?? 4096
  let detected: DetectedEncoding | undefined
  let started = false

  async function* generate(): AsyncGenerator<string, void, undefined> {
    let pending: Uint8Array = new Uint8Array(0)
    let atStart = true
    let decoder: IncrementalDecoder | undefined

    /** Handles the pending bytes; returns text to emit. `final` means no more input will come. */
    const step = (final: boolean): string => {
      if (decoder !== undefined) {
        const text = decoder.write(pending)
        pending = new Uint8Array(0)
        return final ? text + decoder.end() : text
      }
      if (atStart) {
        if (!final && pending.length < 3 && startsLikeBom(pending)) return ""
        atStart = false
        if (pending.length >= 3 && startsLikeBom(pending)) {
          pending = pending.subarray(3)
          detected = forced ?? "utf-8-bom"
          decoder = makeDecoder(detected)
          return step(final)
        }
        if (forced !== undefined) {
          detected = forced
          decoder = makeDecoder(forced)
          return step(final)
        }
      }
      const index = firstNonAscii(pending)
      if (index < 0) {
        const text = asciiText(pending)
        pending = new Uint8Array(0)
        if (final) detected = "utf-8"
        return text
      }
      const prefix = asciiText(pending.subarray(0, index))
      pending = pending.subarray(index)
      if (!final && pending.length < lookahead) return prefix
      detected = detectEncoding(pending.subarray(0, lookahead), final && pending.length <= lookahead)
      decoder = makeDecoder(detected)
      return prefix + step(final)
    }

    for await (const chunk of source) {
      if (chunk.length === 0) continue
      pending = decoder === undefined ? concat(pending, chunk) : chunk
      const text = step(false)
      if (text.length > 0) yield text
    }
    const rest = step(true)
    if (rest.length > 0) yield rest
    if (detected === undefined) detected = forced ?? "utf-8"
  }

  return {
    get encoding() {
      return detected
    },
    [Symbol.asyncIterator]() {
      if (started) throw new TypeError("decodeStream: a decoded stream can be iterated only once")
      started = true
      return generate()
    },
  }
}
