import { describe, expect, it } from "vitest"
import { compareHeader, readCsv, readRecords } from "../src/CsvReader.js"

const bytes = (text: string): Array<Uint8Array> => [new TextEncoder().encode(text)]

const drain = async <A>(iterable: AsyncIterable<A>): Promise<Array<A>> => {
  const out: Array<A> = []
  for await (const item of iterable) out.push(item)
  return out
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  )

describe("readCsv", () => {
  it("numbers each record by the physical line where it starts, across empty lines and quoted newlines", async () => {
    const csv = readCsv(bytes('a,b\r\n1,"x\r\ny\nz"\r\n\r\n2,3\r\n"4,5",6'))
    const rows = await drain(csv)
    expect(rows).toEqual([
      { line: 2, record: ["1", "x\r\ny\nz"], errors: [] },
      { line: 6, record: ["2", "3"], errors: [] },
      { line: 7, record: ["4,5", "6"], errors: [] },
    ])
    expect(csv.header).toEqual(["a", "b"])
  })

  it("flags rows whose length differs from the header", async () => {
    const rows = await drain(readCsv(bytes("a,b\n1\n1,2,3\n")))
    expect(rows.map((row) => row.errors.map((e) => [e.line, e.code]))).toEqual([
      [[2, "column_count"]],
      [[3, "column_count"]],
    ])
  })

  it("stops with a file-level error on broken quoting and on an empty file", async () => {
    expect(await failure(drain(readCsv(bytes('a,b\n1,"unclosed\n2,3\n'))))).toMatchObject({
      _tag: "CsvFileError",
      reason: "malformed",
    })
    expect(await failure(drain(readCsv(bytes(""))))).toMatchObject({ _tag: "CsvFileError", reason: "empty" })
  })

  it("accepts extra columns in any order in 'contains' mode", async () => {
    const rows = await drain(
      readCsv(bytes("x,ID,name\n1,2,3\n"), { expectedHeader: ["ID", "name"], headerMode: "contains" }),
    )
    expect(rows).toHaveLength(1)
    expect(
      await failure(drain(readCsv(bytes("x,name\n"), { expectedHeader: ["ID", "name"], headerMode: "contains" }))),
    ).toMatchObject({ reason: "header", mismatch: { missing: ["ID"] } })
  })
})

describe("compareHeader", () => {
  it("is undefined for an identical header", () => {
    expect(compareHeader(["a", "b"], ["a", "b"])).toBeUndefined()
  })
})

describe("readRecords", () => {
  it("keeps a live summary", async () => {
    const reader = readRecords(
      bytes("n\n1\nx\n2\n"),
      (record, line) =>
        /^[0-9]+$/.test(record[0] ?? "")
          ? { _tag: "Ok", value: Number(record[0]) }
          : {
              _tag: "Invalid",
              errors: [{ line, column: "n", code: "nan", reason: { ja: "数値ではありません", en: "NaN" } }],
            },
      { expectedHeader: ["n"] },
    )
    const seen: Array<number> = []
    for await (const row of reader) seen.push(reader.summary.rows, row.line)
    expect(seen).toEqual([1, 2, 2, 3, 3, 4])
    expect(reader.summary).toEqual({ rows: 3, ok: 2, invalid: 1, errors: 1, encoding: "utf-8" })
  })
})

describe("source errors", () => {
  it("passes an I/O error of the source through unchanged", async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("a,b\n1,2\n")
      throw new Error("disk gone")
    }
    expect(await failure(drain(readCsv(broken())))).toMatchObject({ message: "disk gone" })
  })
})
