import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { fromZodError } from "../src/Decode.js"
import {
  Address,
  Availability,
  addMonths,
  applyFieldDiffs,
  assuranceStatus,
  DayHours,
  diffResources,
  NewResource,
  OpeningPeriod,
  Resource,
  ResourceChange,
  WeeklyHours,
} from "../src/Resource.js"

const base = {
  id: "0192f5a0-0000-7000-8000-000000000010",
  tenantId: "0192f5a0-0000-7000-8000-000000000001",
  kind: "home_nursing_station",
  name: "八戸訪問看護ステーション",
  nameKana: "ハチノヘホウモンカンゴステーション",
  identifiers: { careOfficeNumber: "0260100001" },
  address: { prefectureCode: "02", municipalityCode: "022039", postalCode: "0318686", line: "八戸市内丸一丁目1-1" },
  location: { latitude: 40.512, longitude: 141.488 },
  phone: "０１７８－００－００００",
  fax: "0178-00-0001",
  hours: [
    {
      day: "mon",
      periods: [
        { opens: "09:00", closes: "12:00" },
        { opens: "13:00", closes: "17:30" },
      ],
    },
  ],
  capabilities: ["around_the_clock", "end_of_life_care"],
  availability: { capacity: 0, vacancy: 0, asOf: "2025-06-01T09:00:00+09:00" },
  serviceArea: ["022039"],
  provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: "0260100001", importedAt: "2025-07-01T00:00:00Z" },
  assuredAt: "2025-01-31T10:00:00+09:00",
  assuredBy: { kind: "user", id: "coordinator-1" },
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-01-31T01:00:00Z",
  version: 3,
}

const resource = Resource.parse(base)

const issuesOf = (input: unknown) => {
  const result = Resource.safeParse(input)
  return result.success ? [] : fromZodError("resource", result.error).issues
}

describe("Resource", () => {
  it("parses a complete entry, normalising phone and postal code and applying defaults", () => {
    expect(resource.phone).toBe("0178-00-0000")
    expect(resource.address.postalCode).toBe("031-8686")
    expect(resource.status).toBe("active")
    const minimal = NewResource.parse({
      tenantId: base.tenantId,
      kind: "community_gathering_place",
      name: "いきいきサロン内丸",
      address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市内丸" },
      provenance: { source: "survey" },
    })
    expect(minimal).toMatchObject({
      tenantId: base.tenantId,
      identifiers: {},
      hours: [],
      capabilities: [],
      serviceArea: [],
    })
  })

  it("requires closedOn for a closed resource and refuses it otherwise, in Japanese and English", () => {
    const [issue] = issuesOf({ ...base, status: "closed" })
    expect(issue?.path).toEqual(["closedOn"])
    expect(issue?.message.ja).toBe("廃止の場合は廃止日を入力してください")
    expect(Resource.safeParse({ ...base, status: "closed", closedOn: "2025-03-31" }).success).toBe(true)
    expect(issuesOf({ ...base, closedOn: "2025-03-31" })[0]?.code).toBe("closed_on_without_closed")
  })

  it("refuses a 在宅療養支援 designation on a kind it does not fit", () => {
    expect(issuesOf({ ...base, homeCareSupport: "conventional" })[0]?.code).toBe("home_care_support_kind")
    expect(
      Resource.safeParse({ ...base, kind: "clinic_without_beds", homeCareSupport: "enhanced_collaborative" }).success,
    ).toBe(true)
  })

  it("catches swapped or placeholder coordinates with a clear message", () => {
    const [swapped] = issuesOf({ ...base, location: { latitude: 141.488, longitude: 40.512 } })
    expect(swapped?.path).toEqual(["location", "latitude"]) // out of WGS84 range altogether
    const [zero] = issuesOf({ ...base, location: { latitude: 0, longitude: 0 } })
    expect(zero?.code).toBe("outside_japan")
    expect(zero?.message.en).toContain("outside Japan")
  })

  it("refuses a municipality outside the prefecture, vacancy above capacity and negative capacity", () => {
    expect(Address.safeParse({ ...base.address, prefectureCode: "03" }).error?.issues[0]?.message).toContain(
      "not in prefecture 03",
    )
    const over = fromZodError(
      "a",
      Availability.safeParse({ capacity: 2, vacancy: 3, asOf: "2025-06-01T00:00:00Z" }).error!,
    )
    expect(over.issues[0]).toMatchObject({ path: ["vacancy"], code: "vacancy_exceeds_capacity" })
    expect(Availability.safeParse({ capacity: -1, asOf: "2025-06-01T00:00:00Z" }).success).toBe(false)
  })

  it("checks opening hours: closes after opens, periods in order without overlap, one entry per day", () => {
    expect(OpeningPeriod.safeParse({ opens: "17:30", closes: "09:00" }).success).toBe(false)
    expect(OpeningPeriod.safeParse({ opens: "22:00", closes: "24:00" }).success).toBe(true)
    const overlap = DayHours.safeParse({
      day: "sat",
      periods: [
        { opens: "09:00", closes: "13:00" },
        { opens: "12:00", closes: "15:00" },
      ],
    })
    expect(fromZodError("h", overlap.error!).issues[0]).toMatchObject({
      path: ["periods", 1, "opens"],
      code: "period_overlap",
    })
    const twice = WeeklyHours.safeParse([
      { day: "mon", periods: [{ opens: "09:00", closes: "12:00" }] },
      { day: "mon", periods: [{ opens: "13:00", closes: "17:00" }] },
    ])
    expect(twice.error?.issues[0]?.path).toEqual([1, "day"])
  })

  it("requires assuredAt and assuredBy together", () => {
    const { assuredBy: _, ...withoutBy } = base
    expect(issuesOf(withoutBy)[0]?.code).toBe("assurance_pair")
  })
})

describe("diffResources", () => {
  it("reports nested fields as paths and arrays as whole values, ignoring version and updatedAt", () => {
    const after: Resource = {
      ...resource,
      address: { ...resource.address, line: "八戸市内丸二丁目2-2" },
      capabilities: ["around_the_clock"],
      version: 4,
      updatedAt: "2025-02-01T00:00:00Z",
    }
    expect(diffResources(resource, after)).toEqual([
      { field: "address.line", from: "八戸市内丸一丁目1-1", to: "八戸市内丸二丁目2-2" },
      { field: "capabilities", from: ["around_the_clock", "end_of_life_care"], to: ["around_the_clock"] },
    ])
  })

  it("reports an object that appears or disappears as one change", () => {
    const { location: _, ...withoutLocation } = resource
    expect(diffResources(resource, withoutLocation as Resource)).toEqual([
      { field: "location", from: { latitude: 40.512, longitude: 141.488 }, to: undefined },
    ])
  })

  const variant = fc.record(
    {
      name: fc.constantFrom("八戸訪問看護ステーション", "はちのへ訪問看護"),
      nameKana: fc.constantFrom("ハチノヘ", "ホウモン"),
      line: fc.constantFrom("内丸1-1", "内丸2-2"),
      building: fc.constantFrom("3F", "本館"),
      location: fc.record(
        {
          latitude: fc.double({ min: 30, max: 45, noNaN: true }),
          longitude: fc.double({ min: 130, max: 145, noNaN: true }),
        },
        { noNullPrototype: true },
      ),
      capabilities: fc.subarray(["house_call", "ventilator", "pediatric"] as const),
      capacity: fc.integer({ min: 0, max: 100 }),
      notes: fc.string(),
      version: fc.integer({ min: 1, max: 10 }),
    },
    { requiredKeys: ["name", "line", "capabilities", "version"] },
  )

  type Variant = typeof variant extends fc.Arbitrary<infer T> ? T : never

  const build = (v: Variant): Resource => {
    const r: Record<string, unknown> = {
      ...resource,
      name: v.name,
      address: { ...resource.address, line: v.line },
      capabilities: v.capabilities,
      version: v.version,
    }
    delete r.nameKana
    delete r.location
    delete r.availability
    if (v.nameKana !== undefined) r.nameKana = v.nameKana
    if (v.building !== undefined) (r.address as Record<string, unknown>).building = v.building
    if (v.location !== undefined) r.location = v.location
    if (v.capacity !== undefined) r.availability = { capacity: v.capacity, asOf: "2025-06-01T00:00:00Z" }
    if (v.notes !== undefined) r.notes = v.notes
    return r as Resource
  }

  it("property: the diff of a resource with itself is empty", () => {
    fc.assert(
      fc.property(variant, (v) => {
        expect(diffResources(build(v), build(v))).toEqual([])
      }),
    )
  })

  it("property: applying the diff's `to` values to before reproduces after (except version and updatedAt)", () => {
    fc.assert(
      fc.property(variant, variant, (a, b) => {
        const before = build(a)
        const after = build(b)
        const applied = applyFieldDiffs(before, diffResources(before, after))
        expect({ ...applied, version: 0 }).toStrictEqual({ ...after, version: 0 })
      }),
    )
  })

  it("feeds a ResourceChange log entry", () => {
    const [change] = diffResources(resource, { ...resource, fax: undefined } as unknown as Resource)
    const entry = ResourceChange.parse({
      resourceId: resource.id,
      version: 4,
      ...change,
      at: "2025-02-01T09:00:00+09:00",
      by: { kind: "user", id: "u1" },
    })
    expect(entry).toMatchObject({ field: "fax", from: "0178-00-0001" })
    expect(entry.to).toBeUndefined()
  })
})

describe("assuranceStatus", () => {
  it("adds months clamping to the month end: 2025-01-31 + 1 month = 2025-02-28, 2024-02-29 + 12 = 2025-02-28", () => {
    expect(addMonths("2025-01-31", 1)).toBe("2025-02-28")
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29")
    expect(addMonths("2024-02-29", 12)).toBe("2025-02-28")
    expect(addMonths("2025-11-30", 3)).toBe("2026-02-28")
    expect(addMonths("2025-03-31", -1)).toBe("2025-02-28")
  })

  it("is due on the due date itself and overdue from the next day", () => {
    const r = { assuredAt: "2025-01-31T10:00:00+09:00" }
    const options = { periodMonths: 1, dueSoonDays: 7 }
    expect(assuranceStatus(r, { ...options, now: "2025-02-20" })).toEqual({
      status: "current",
      dueOn: "2025-02-28",
      daysUntilDue: 8,
    })
    expect(assuranceStatus(r, { ...options, now: "2025-02-21" })).toMatchObject({ status: "due_soon", daysUntilDue: 7 })
    expect(assuranceStatus(r, { ...options, now: "2025-02-28" })).toMatchObject({ status: "due_soon", daysUntilDue: 0 })
    expect(assuranceStatus(r, { ...options, now: "2025-03-01" })).toMatchObject({ status: "overdue", daysUntilDue: -1 })
  })

  it("uses 12 months and 30 days by default, and reads times as dates in Japan", () => {
    // 2025-01-31T20:00Z is 2025-02-01 in Japan, so the entry is due on 2026-02-01.
    const r = { assuredAt: "2025-01-31T20:00:00Z" }
    expect(assuranceStatus(r, { now: new Date("2026-01-01T00:00:00+09:00") })).toEqual({
      status: "current",
      dueOn: "2026-02-01",
      daysUntilDue: 31,
    })
    expect(assuranceStatus(r, { now: "2026-01-02" }).status).toBe("due_soon")
    expect(assuranceStatus({}, { now: "2026-01-02" })).toEqual({ status: "never_assured" })
  })
})
