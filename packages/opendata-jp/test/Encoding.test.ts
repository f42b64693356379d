import { readFileSync } from "node:fs"
import iconv from "iconv-lite"
import { describe, expect, it } from "vitest"
import { decodeStream, detectEncoding, isValidUtf8 } from "../src/Encoding.js"

const fixture = (name: string): Buffer => readFileSync(new URL(`fixtures/${name}`, import.meta.url))

const chunksOf = (bytes: Uint8Array, size: number): Array<Uint8Array> => {
  const out: Array<Uint8Array> = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}

const collect = async (stream: AsyncIterable<string>): Promise<string> => {
  let text = ""
  for await (const chunk of stream) text += chunk
  return text
}

const expected = fixture("jigyosho_130_utf8.csv").toString("utf8")

describe("detectEncoding", () => {
  it("recognises a BOM, valid UTF-8 and Shift_JIS", () => {
    expect(detectEncoding(fixture("jigyosho_130.csv"), true)).toBe("utf-8-bom")
    expect(detectEncoding(fixture("jigyosho_130_utf8.csv"), true)).toBe("utf-8")
    expect(detectEncoding(fixture("jigyosho_130_sjis.csv"), true)).toBe("cp932")
  })

  it("accepts a UTF-8 sequence cut at the end of an incomplete sample", () => {
    const bytes = new TextEncoder().encode("訪問")
    expect(isValidUtf8(bytes.subarray(0, 4), true)).toBe(true)
    expect(isValidUtf8(bytes.subarray(0, 4), false)).toBe(false)
  })

  it("rejects overlong forms and surrogates", () => {
    expect(isValidUtf8(new Uint8Array([0xc0, 0xaf]))).toBe(false)
    expect(isValidUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBe(false)
  })
})

describe("decodeStream", () => {
  it.each([
    ["jigyosho_130.csv", "utf-8-bom"],
    ["jigyosho_130_utf8.csv", "utf-8"],
    ["jigyosho_130_sjis.csv", "cp932"],
  ] as const)("decodes %s as %s to the same text", async (name, encoding) => {
    const stream = decodeStream([fixture(name)])
    expect(await collect(stream)).toBe(expected)
    expect(stream.encoding).toBe(encoding)
  })

  it.each([1, 2, 3, 7])("never splits a character when fed %i byte(s) at a time", async (size) => {
    for (const [name, encoding] of [
      ["jigyosho_130.csv", "utf-8-bom"],
      ["jigyosho_130_utf8.csv", "utf-8"],
      ["jigyosho_130_sjis.csv", "cp932"],
    ] as const) {
      const stream = decodeStream(chunksOf(fixture(name), size))
      expect(await collect(stream)).toBe(expected)
      expect(stream.encoding).toBe(encoding)
    }
  })

  it("detects Shift_JIS that follows a long ASCII prefix, with a small lookahead", async () => {
    const text = `${"a,b\r\n".repeat(2000)}訪問看護,ホウモンカンゴ\r\n`
    const stream = decodeStream(chunksOf(iconv.encode(text, "cp932"), 1), { lookahead: 16 })
    expect(await collect(stream)).toBe(text)
    expect(stream.encoding).toBe("cp932")
  })

  it("treats pure ASCII as UTF-8 and an empty input as UTF-8", async () => {
    const ascii = decodeStream([new TextEncoder().encode("a,b\n")])
    expect(await collect(ascii)).toBe("a,b\n")
    expect(ascii.encoding).toBe("utf-8")
    const empty = decodeStream([])
    expect(await collect(empty)).toBe("")
    expect(empty.encoding).toBe("utf-8")
  })

  it("removes a BOM and honours a forced encoding", async () => {
    const stream = decodeStream([fixture("jigyosho_130_sjis.csv")], { encoding: "cp932" })
    expect(await collect(stream)).toBe(expected)
    expect(stream.encoding).toBe("cp932")
    const bomOnly = decodeStream([new Uint8Array([0xef]), new Uint8Array([0xbb, 0xbf])])
    expect(await collect(bomOnly)).toBe("")
    expect(bomOnly.encoding).toBe("utf-8-bom")
  })

  it("can be iterated only once", async () => {
    const stream = decodeStream([new Uint8Array([0x41])])
    await collect(stream)
    expect(() => stream[Symbol.asyncIterator]()).toThrow(TypeError)
  })
})
