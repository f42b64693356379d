import { isValidLocalGovernmentCode, NewResource, prefectures, resourceKinds } from "@zaitaku/core"
import { describe, expect, it } from "vitest"
import {
  syntheticDirectory,
  syntheticKaigoKohyoCsv,
  syntheticKaigoKohyoHeader,
  syntheticKindWeights,
  syntheticMunicipalityCodes,
} from "../src/Synthetic.js"

const tenantId = "0192f5a0-0000-7000-8000-000000000001"

const take = (seed: number, size: number) => [...syntheticDirectory({ seed, size, tenantId })]

describe("syntheticDirectory", () => {
  it("is deterministic in its seed", () => {
    expect(take(7, 200)).toEqual(take(7, 200))
    expect(take(7, 200)).not.toEqual(take(8, 200))
    // a longer run starts with the same entries
    expect(take(7, 500).slice(0, 200)).toEqual(take(7, 200))
  })

  it("yields entries that are valid NewResources in their parsed form, with unique source records", () => {
    const entries = take(1, 3000)
    const keys = new Set<string>()
    for (const entry of entries) {
      const parsed = NewResource.safeParse(entry)
      if (!parsed.success) throw new Error(`${JSON.stringify(entry)}: ${parsed.error.message}`)
      expect(parsed.data).toEqual(entry)
      expect(entry.nameKana).toMatch(/^[\u30a0-\u30ff]+$/)
      keys.add(entry.provenance.sourceRecordId!)
    }
    expect(keys.size).toBe(entries.length)
  })

  it("roughly follows the kind and prefecture weights", () => {
    const size = 40_000
    const kinds = new Map<string, number>()
    const byPrefecture = new Map<string, number>()
    for (const entry of syntheticDirectory({ seed: 3, size, tenantId })) {
      kinds.set(entry.kind, (kinds.get(entry.kind) ?? 0) + 1)
      byPrefecture.set(entry.address.prefectureCode, (byPrefecture.get(entry.address.prefectureCode) ?? 0) + 1)
    }
    const total = resourceKinds.reduce((sum, k) => sum + syntheticKindWeights[k.code], 0)
    for (const { code } of resourceKinds) {
      const expected = (syntheticKindWeights[code] / total) * size
      const actual = kinds.get(code) ?? 0
      if (expected === 0) expect(actual).toBe(0)
      else expect(Math.abs(actual - expected)).toBeLessThan(5 * Math.sqrt(expected) + 5)
    }
    expect(kinds.get("clinic_without_beds")!).toBeGreaterThan(kinds.get("hospital")! * 8)
    // 東京都 has the most entries, 鳥取県 the fewest; all 47 appear
    expect(byPrefecture.size).toBe(prefectures.length)
    const sorted = [...byPrefecture.entries()].sort((a, b) => b[1] - a[1])
    expect(sorted[0]![0]).toBe("13")
    expect(sorted.at(-1)![0]).toBe("31")
  })
})

describe("syntheticKaigoKohyoCsv", () => {
  it("writes the 24-column header and deterministic rows with valid municipality codes", () => {
    const csv = syntheticKaigoKohyoCsv({ seed: 5, rows: 500, serviceTypeCode: "110" })
    expect(csv).toBe(syntheticKaigoKohyoCsv({ seed: 5, rows: 500, serviceTypeCode: "110" }))
    const lines = csv.split("\r\n")
    expect(lines).toHaveLength(502)
    expect(lines[0]).toBe(syntheticKaigoKohyoHeader.join(","))
    const known = new Set(syntheticMunicipalityCodes())
    const offices = new Set<string>()
    for (const line of lines.slice(1, -1)) {
      const fields = line.split(",")
      expect(fields).toHaveLength(24)
      expect(isValidLocalGovernmentCode(fields[0])).toBe(true)
      expect(known.has(fields[0] as never)).toBe(true)
      offices.add(fields[15]!)
    }
    expect(offices.size).toBe(500)
  })

  it("refuses a service type code no kind has", () => {
    expect(() => syntheticKaigoKohyoCsv({ seed: 1, rows: 1, serviceTypeCode: "999" })).toThrow(RangeError)
  })
})
