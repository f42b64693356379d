import {
  type AuditEntry,
  computeAuditHash,
  genesisHash,
  nextAuditEntry,
  type Principal,
  TenantId,
  verifyAuditChain,
} from "@zaitaku/core"
import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

const actor: Principal = {
  tenantId: TenantId.parse("00000000-0000-7000-8000-0000000000aa"),
  role: "coordinator",
  subject: { kind: "api_key", id: "key-1" },
}

const chainOf = (length: number): Promise<ReadonlyArray<AuditEntry>> =>
  Effect.runPromise(
    Effect.gen(function* () {
      const entries: Array<AuditEntry> = []
      let head = { seq: 0, hash: genesisHash }
      for (let i = 0; i < length; i++) {
        const entry = yield* nextAuditEntry({
          id: `00000000-0000-7000-8000-${String(i + 1).padStart(12, "0")}`,
          at: new Date(Date.UTC(2026, 3, 1, 9, 0, i)),
          actor,
          event: {
            action: "form_response.read",
            target: { type: "form_response", id: `r${i}` },
            personalData: i % 2 === 0,
            details: { i },
          },
          head,
        })
        entries.push(entry)
        head = { seq: entry.seq, hash: entry.hash }
      }
      return entries
    }),
  )

const verify = (entries: ReadonlyArray<AuditEntry>, head?: { seq: number; hash: string }) =>
  Effect.runPromise(verifyAuditChain(entries, head))

const headOf = (entries: ReadonlyArray<AuditEntry>) => {
  const last = entries[entries.length - 1]!
  return { seq: last.seq, hash: last.hash }
}

describe("audit chain", () => {
  it("links each entry to the one before, starting from the genesis hash", async () => {
    const entries = await chainOf(5)
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5])
    expect(entries[0]?.prevHash).toBe(genesisHash)
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash)
    expect(await verify(entries, headOf(entries))).toEqual({ valid: true, entries: 5, problems: [] })
  })

  it("hashes the same content to the same value whatever the key order of details", async () => {
    const [entry] = await chainOf(1)
    const { hash, ...rest } = entry!
    const reordered = { ...rest, details: Object.fromEntries(Object.entries({ b: 1, a: { y: 2, x: 1 } }).reverse()) }
    const original = { ...rest, details: { b: 1, a: { y: 2, x: 1 } } }
    expect(await Effect.runPromise(computeAuditHash(reordered))).toBe(
      await Effect.runPromise(computeAuditHash(original)),
    )
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it("detects a change to any field of any entry (property)", async () => {
    const entries = await chainOf(6)
    const mutations: ReadonlyArray<(e: AuditEntry) => AuditEntry> = [
      (e) => ({ ...e, action: "form_response.update" }),
      (e) => ({ ...e, at: new Date(new Date(e.at).getTime() + 1).toISOString() }),
      (e) => ({ ...e, actor: { ...e.actor, role: "tenant_admin" } }),
      (e) => ({ ...e, actor: { ...e.actor, id: "someone-else" } }),
      (e) => ({ ...e, target: { ...e.target, id: "other" } }),
      (e) => ({ ...e, personalData: !e.personalData }),
      (e) => ({ ...e, outcome: "denied" }),
      (e) => ({ ...e, details: { i: 999 } }),
      (e) => ({ ...e, tenantId: TenantId.parse("00000000-0000-7000-8000-0000000000bb") }),
      (e) => ({ ...e, id: "00000000-0000-7000-8000-00000000ffff" as AuditEntry["id"] }),
      (e) => ({ ...e, prevHash: "f".repeat(64) }),
    ]
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: entries.length - 1 }),
        fc.integer({ min: 0, max: mutations.length - 1 }),
        async (index, mutation) => {
          const tampered = entries.map((e, i) => (i === index ? mutations[mutation]!(e) : e))
          const result = await verify(tampered, headOf(entries))
          expect(result.valid).toBe(false)
          expect(result.problems.some((p) => p.seq === index + 1)).toBe(true)
        },
      ),
      { numRuns: 60 },
    )
  })

  it("detects removal of any non-empty set of entries when the head is known (property)", async () => {
    const entries = await chainOf(6)
    await fc.assert(
      fc.asyncProperty(fc.subarray([0, 1, 2, 3, 4, 5], { minLength: 1 }), async (removed) => {
        const kept = entries.filter((_, i) => !removed.includes(i))
        const result = await verify(kept, headOf(entries))
        expect(result.valid).toBe(false)
        for (const index of removed) {
          expect(result.problems.some((p) => p.seq === index + 1 && /missing/.test(p.kind))).toBe(true)
        }
      }),
    )
  })

  it("reports a head that disagrees with the last entry", async () => {
    const entries = await chainOf(3)
    const result = await verify(entries, { seq: 3, hash: "a".repeat(64) })
    expect(result.problems).toEqual([{ seq: 3, kind: "head_mismatch" }])
  })
})
