import { Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Resource } from "../src/Resource.js"
import {
  compareCodePoints,
  compareForListing,
  decodeResourceCursor,
  distanceKm,
  encodeResourceCursor,
  isOpenAt,
  kindsMatching,
  listingKey,
  matchesResourceQuery,
  pageChanges,
  ResourceQuery,
  searchResources,
  staleEntries,
} from "../src/ResourceStore.js"
import { applyResourcePatch, attestResource, ResourcePatch, resourceAuditEvent } from "../src/ResourceWrite.js"

const hachinohe = { latitude: 40.5123, longitude: 141.4885 }
const sannohe = { latitude: 40.3766, longitude: 141.2571 }

const idOf = (n: number) => `0192f5a0-0000-7000-8000-${n.toString(16).padStart(12, "0")}`

const make = (n: number, overrides: Record<string, unknown> = {}): Resource =>
  Resource.parse({
    id: idOf(n),
    tenantId: "0192f5a0-0000-7000-8000-0000000000aa",
    kind: "home_nursing_station",
    name: "八戸訪問看護ステーション",
    nameKana: "ハチノヘホウモンカンゴステーション",
    address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市内丸一丁目1-1" },
    location: hachinohe,
    phone: "0178-00-0000",
    hours: [{ day: "mon", periods: [{ opens: "09:00", closes: "17:30" }] }],
    capabilities: ["around_the_clock"],
    serviceArea: ["022039", "024414"],
    provenance: { source: "manual" },
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    version: 1,
    ...overrides,
  })

const q = (input: Record<string, unknown>) => ResourceQuery.parse(input)
const by = { kind: "user" as const, id: "coordinator-1" }

describe("distanceKm", () => {
  it("is zero for the same point, symmetric, and about 111.2 km per degree of latitude", () => {
    expect(distanceKm(hachinohe, hachinohe)).toBe(0)
    expect(distanceKm(hachinohe, sannohe)).toBeCloseTo(distanceKm(sannohe, hachinohe), 12)
    expect(distanceKm({ latitude: 40, longitude: 141 }, { latitude: 41, longitude: 141 })).toBeCloseTo(111.195, 2)
  })

  it("puts 八戸市役所 about 24–26 km from 三戸町役場", () => {
    const d = distanceKm(hachinohe, sannohe)
    expect(d).toBeGreaterThan(24)
    expect(d).toBeLessThan(26)
  })
})

describe("listing order", () => {
  it("sorts by the normalised reading, falling back to the name, then by id", () => {
    expect(listingKey({ name: "八戸", nameKana: "ﾊﾁﾉﾍ" })).toBe("はちのへ")
    expect(listingKey({ name: "ＡＢＣ薬局", nameKana: "" })).toBe("abc薬局")
    const a = make(2, { nameKana: "アオモリ" })
    const b = make(1, { nameKana: "イワテ" })
    const c = make(3, { nameKana: "イワテ" })
    expect([c, b, a].sort(compareForListing).map((r) => r.id)).toEqual([a.id, b.id, c.id])
  })

  it('compares by code point like PostgreSQL COLLATE "C", not by UTF-16 code unit', () => {
    expect(compareCodePoints("𠮷", "ｱ")).toBe(1)
    expect("𠮷" < "ｱ").toBe(true) // the JavaScript order differs
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (x, y) => {
        const bytes = (s: string) => [...new TextEncoder().encode(s)]
        const bx = bytes(x)
        const byy = bytes(y)
        let expected = 0
        for (let i = 0; i < Math.min(bx.length, byy.length) && expected === 0; i++)
          expected = Math.sign(bx[i]! - byy[i]!)
        if (expected === 0) expected = Math.sign(bx.length - byy.length)
        expect(compareCodePoints(x, y)).toBe(expected)
      }),
    )
  })
})

describe("cursors", () => {
  it("round-trips, including Japanese sort keys", () => {
    const cursor = { v: 1, o: "name", k: "はちのへ𠮷", id: idOf(1) } as const
    const decoded = decodeResourceCursor(encodeResourceCursor(cursor as never))
    expect(Result.isSuccess(decoded) && decoded.success).toEqual(cursor)
    expect(encodeResourceCursor(cursor as never)).toMatch(/^[A-Za-z0-9_-]+$/)
  })

  it("turns anything else into a bilingual ValidationError at cursor, never an exception", () => {
    for (const bad of [
      "not a cursor",
      "%%%",
      "a",
      btoa("{"),
      btoa(JSON.stringify({ v: 2, o: "name" })),
      "eyJ2IjoxfQ",
    ]) {
      const result = decodeResourceCursor(bad)
      expect(Result.isFailure(result)).toBe(true)
      if (Result.isFailure(result)) {
        expect(result.failure.issues[0]).toMatchObject({ path: ["cursor"], code: "invalid_cursor" })
        expect(result.failure.issues[0]?.message.ja).toContain("カーソル")
      }
    }
  })
})

describe("ResourceQuery", () => {
  it("defaults to active entries and 50 per page, and refuses limit 0, 201 and unknown keys", () => {
    expect(q({})).toEqual({ status: ["active"], limit: 50 })
    expect(ResourceQuery.safeParse({ limit: 0 }).success).toBe(false)
    expect(ResourceQuery.safeParse({ limit: 201 }).success).toBe(false)
    expect(ResourceQuery.safeParse({ lat: 40 }).success).toBe(false)
    expect(ResourceQuery.safeParse({ kinds: [] }).success).toBe(false)
  })

  it("expands a parent kind to its refinements", () => {
    expect(kindsMatching(["clinic"])).toEqual(["clinic", "clinic_with_beds", "clinic_without_beds"])
    expect(kindsMatching(["hospital", "pharmacy"])).toEqual(["hospital", "pharmacy"])
  })
})

describe("matchesResourceQuery", () => {
  const r = make(1, { availability: { capacity: 10, vacancy: 1, asOf: "2025-06-01T00:00:00Z" } })

  it("applies each filter", () => {
    expect(matchesResourceQuery(r, q({ text: "ﾎｳﾓﾝ　かんご" }))).toBe(true)
    expect(matchesResourceQuery(r, q({ text: "訪問介護" }))).toBe(false)
    expect(matchesResourceQuery(r, q({ kinds: ["home_nursing_station"] }))).toBe(true)
    expect(matchesResourceQuery(r, q({ kinds: ["clinic"] }))).toBe(false)
    expect(matchesResourceQuery(r, q({ capabilities: ["around_the_clock"] }))).toBe(true)
    expect(matchesResourceQuery(r, q({ capabilities: ["around_the_clock", "pediatric"] }))).toBe(false)
    expect(matchesResourceQuery(r, q({ municipalityCodes: ["024414"] }))).toBe(true) // by service area
    expect(matchesResourceQuery(r, q({ municipalityCodes: ["024422"] }))).toBe(false)
    expect(matchesResourceQuery(r, q({ status: ["suspended"] }))).toBe(false)
    expect(matchesResourceQuery(r, q({ hasVacancy: true }))).toBe(true)
    expect(matchesResourceQuery(r, q({ hasVacancy: false }))).toBe(false)
    expect(matchesResourceQuery(make(2), q({ hasVacancy: false }))).toBe(true) // unknown vacancy
    expect(matchesResourceQuery(r, q({ modifiedAfter: "2024-12-31T23:59:59Z" }))).toBe(true)
    expect(matchesResourceQuery(r, q({ modifiedAfter: "2025-01-01T09:00:00+09:00" }))).toBe(false) // strictly after
  })

  it("is open from opens up to, not including, closes", () => {
    expect(isOpenAt(r.hours, { day: "mon", time: "09:00" })).toBe(true)
    expect(isOpenAt(r.hours, { day: "mon", time: "17:29" })).toBe(true)
    expect(isOpenAt(r.hours, { day: "mon", time: "17:30" })).toBe(false)
    expect(isOpenAt(r.hours, { day: "mon", time: "08:59" })).toBe(false)
    expect(isOpenAt(r.hours, { day: "tue", time: "10:00" })).toBe(false)
  })

  it("includes the radius boundary and never matches an entry without coordinates", () => {
    const d = distanceKm(hachinohe, sannohe)
    const near = (radiusKm: number) => q({ near: { ...sannohe, radiusKm } })
    expect(matchesResourceQuery(r, near(d))).toBe(true)
    expect(matchesResourceQuery(r, near(d - 1e-6))).toBe(false)
    const { location: _, ...rest } = r
    expect(matchesResourceQuery(rest as Resource, near(1000))).toBe(false)
  })
})

describe("searchResources", () => {
  const names = ["アオバ", "イチゴ", "ウメ", "エノキ", "オケ", "カキ"]
  const resources = Array.from({ length: 23 }, (_, i) =>
    make(i + 1, {
      nameKana: names[i % names.length],
      location: { latitude: 40.5 + (i % 5) * 0.01, longitude: 141.4 + (i % 3) * 0.01 },
    }),
  )

  const walk = (query: Record<string, unknown>) => {
    const seen: Array<string> = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = searchResources(resources, cursor === undefined ? query : { ...query, cursor })
      if (Result.isFailure(page)) throw page.failure
      seen.push(...page.success.items.map((item) => item.id))
      cursor = page.success.nextCursor ?? undefined
      pages += 1
    } while (cursor !== undefined && pages < 100)
    return seen
  }

  it("property: walking the pages gives every match once, in the order of one big page", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 25 }), fc.boolean(), (limit, near) => {
        const query = near ? { near: { ...hachinohe, radiusKm: 50 } } : {}
        const all = searchResources(resources, { ...query, limit: 200 })
        if (Result.isFailure(all)) throw all.failure
        expect(walk({ ...query, limit })).toEqual(all.success.items.map((item) => item.id))
        expect(new Set(walk({ ...query, limit })).size).toBe(resources.length)
      }),
    )
  })

  it("orders by distance then id with near, and refuses a cursor of the other order", () => {
    const page = searchResources(resources, { near: { ...hachinohe, radiusKm: 50 }, limit: 2 })
    if (Result.isFailure(page)) throw page.failure
    const distances = page.success.items.map((item) => distanceKm(item.location!, hachinohe))
    expect(distances[0]).toBeLessThanOrEqual(distances[1]!)
    const wrong = searchResources(resources, { cursor: page.success.nextCursor! })
    expect(Result.isFailure(wrong) && wrong.failure.issues[0]?.code).toBe("invalid_cursor")
  })
})

describe("applyResourcePatch", () => {
  const current = make(1, { fax: "0178-00-0001", version: 3 })
  const at = "2025-07-01T00:00:00.000Z"

  it("records exactly the changed fields, with the new version", () => {
    const result = applyResourcePatch(
      current,
      ResourcePatch.parse({ phone: "0178-11-1111", address: { ...current.address, line: "八戸市内丸二丁目2-2" } }),
      { at, by, reason: "届出" },
    )
    if (Result.isFailure(result)) throw result.failure
    expect(result.success.resource).toMatchObject({ version: 4, updatedAt: at, phone: "0178-11-1111" })
    expect(result.success.changes).toEqual([
      {
        resourceId: current.id,
        version: 4,
        field: "address.line",
        from: "八戸市内丸一丁目1-1",
        to: "八戸市内丸二丁目2-2",
        at,
        by,
        reason: "届出",
      },
      {
        resourceId: current.id,
        version: 4,
        field: "phone",
        from: "0178-00-0000",
        to: "0178-11-1111",
        at,
        by,
        reason: "届出",
      },
    ])
  })

  it("removes a field with null and changes nothing when the values are equal", () => {
    const cleared = applyResourcePatch(current, ResourcePatch.parse({ fax: null }), { at, by })
    if (Result.isFailure(cleared)) throw cleared.failure
    expect(cleared.success.resource).not.toHaveProperty("fax")
    expect(cleared.success.changes[0]).toEqual({
      resourceId: current.id,
      version: 4,
      field: "fax",
      from: "0178-00-0001",
      at,
      by,
    })
    const same = applyResourcePatch(current, ResourcePatch.parse({ phone: "０１７８－００－００００" }), { at, by })
    if (Result.isFailure(same)) throw same.failure
    expect(same.success).toEqual({ resource: current, changes: [] })
  })

  it("validates the patched entry as a whole and refuses assurance and unknown fields", () => {
    const closed = applyResourcePatch(current, ResourcePatch.parse({ status: "closed" }), { at, by })
    expect(Result.isFailure(closed) && closed.failure.issues[0]?.code).toBe("closed_on_required")
    expect(ResourcePatch.safeParse({ assuredAt: at }).success).toBe(false)
    expect(ResourcePatch.safeParse({ version: 9 }).success).toBe(false)
    expect(ResourcePatch.safeParse({ tenantId: current.tenantId }).success).toBe(false)
  })
})

describe("attestResource and the change log", () => {
  it("sets assuredAt and assuredBy, bumps the version and pages newest first", () => {
    const current = make(1)
    const first = attestResource(current, { at: "2025-07-01T00:00:00.000Z", by })
    expect(first.resource).toMatchObject({ version: 2, assuredAt: "2025-07-01T00:00:00.000Z", assuredBy: by })
    expect(first.changes.map((c) => c.field)).toEqual(["assuredAt", "assuredBy"])
    const second = attestResource(first.resource, { at: "2025-08-01T00:00:00.000Z", by: { kind: "user", id: "u2" } })
    expect(second.changes.map((c) => c.field)).toEqual(["assuredAt", "assuredBy.id"])
    const all = [...first.changes, ...second.changes]
    const page1 = pageChanges(all, { limit: 3 })
    if (Result.isFailure(page1)) throw page1.failure
    expect(page1.success.items.map((c) => `${c.version}:${c.field}`)).toEqual([
      "3:assuredAt",
      "3:assuredBy.id",
      "2:assuredAt",
    ])
    const page2 = pageChanges(all, { limit: 3, cursor: page1.success.nextCursor! })
    if (Result.isFailure(page2)) throw page2.failure
    expect(page2.success).toEqual({ items: [first.changes[1]], nextCursor: null })
  })

  it("describes writes for the audit trail without field values", () => {
    const resource = make(1, { version: 2 })
    expect(resourceAuditEvent("resource.update", resource, ["phone"])).toEqual({
      action: "resource.update",
      target: { type: "resource", id: resource.id },
      details: { version: 2, fields: ["phone"] },
    })
    expect(resourceAuditEvent("resource.create", resource).details).toEqual({
      version: 2,
      kind: "home_nursing_station",
      source: "manual",
    })
  })
})

describe("staleEntries", () => {
  it("lists overdue, then due soon, then never assured, skipping current and closed entries", () => {
    const assured = (n: number, assuredAt: string, extra: Record<string, unknown> = {}) =>
      make(n, { assuredAt, assuredBy: by, ...extra })
    const resources = [
      assured(1, "2024-06-30T09:00:00+09:00"), // due 2025-06-30: overdue by 1 day
      assured(2, "2024-06-30T15:30:00Z"), // 2024-07-01 in Japan: due today
      assured(3, "2024-07-31T09:00:00+09:00"), // due in 30 days: due soon (inclusive)
      assured(4, "2024-08-01T09:00:00+09:00"), // due in 31 days: current
      make(5),
      make(6, { status: "closed", closedOn: "2025-03-31" }),
      assured(7, "2023-01-01T09:00:00+09:00", { status: "suspended" }),
    ]
    const items = staleEntries(resources, { now: "2025-07-01" })
    expect(items.map((item) => [item.resource.id, item.assurance.status])).toEqual([
      [idOf(7), "overdue"],
      [idOf(1), "overdue"],
      [idOf(2), "due_soon"],
      [idOf(3), "due_soon"],
      [idOf(5), "never_assured"],
    ])
  })
})
