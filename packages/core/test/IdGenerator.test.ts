import { IdGenerator, nextMonotonic, TenantId, uuidV7 } from "@zaitaku/core"
import { Effect } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

describe("IdGenerator", () => {
  it("makes RFC 9562 version-7 UUIDs that are valid ids and sort by time (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 47 }),
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        fc.uint8Array({ minLength: 10, maxLength: 10 }),
        (t, dt, r1, r2) => {
          const a = uuidV7(t, r1)
          const b = uuidV7(t + dt, r2)
          expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
          expect(TenantId.safeParse(a).success).toBe(true)
          expect(a < b).toBe(true)
        },
      ),
    )
  })

  it("the live layer gives distinct ids, in the order they were made even within one millisecond", async () => {
    // 10,000 ids come faster than one per millisecond, so many share a timestamp and some overflow the counter
    const ids = await Effect.runPromise(
      Effect.flatMap(Effect.service(IdGenerator), (gen) =>
        Effect.all(Array.from({ length: 10_000 }, () => gen.next)),
      ).pipe(Effect.provide(IdGenerator.layer)),
    )
    expect(new Set(ids).size).toBe(10_000)
    expect([...ids].sort()).toEqual(ids)
  })

  it("steps the counter within a millisecond and when the clock goes back, and overflows into the next (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.array(fc.tuple(fc.integer({ min: -3, max: 2 }), fc.uint8Array({ minLength: 10, maxLength: 10 })), {
          minLength: 1,
          maxLength: 300,
        }),
        (start, steps) => {
          let now = start
          let state = { millis: -1, counter: 0 }
          let previous = ""
          for (const [delta, random] of steps) {
            now = Math.max(0, now + delta)
            state = nextMonotonic(state, now, random)
            expect(state.counter).toBeGreaterThanOrEqual(0)
            expect(state.counter).toBeLessThanOrEqual(0xfff)
            const bytes = Uint8Array.from(random)
            bytes[0] = (state.counter >> 8) & 0x0f
            bytes[1] = state.counter & 0xff
            const id = uuidV7(state.millis, bytes)
            expect(id > previous).toBe(true)
            previous = id
          }
        },
      ),
    )
    // a full counter takes the next millisecond
    expect(nextMonotonic({ millis: 7, counter: 0xfff }, 7, new Uint8Array(10))).toEqual({ millis: 8, counter: 0 })
  })

  it("the test layer is deterministic", async () => {
    const ids = await Effect.runPromise(
      Effect.flatMap(Effect.service(IdGenerator), (gen) => Effect.all([gen.next, gen.next])).pipe(
        Effect.provide(IdGenerator.layerTest),
      ),
    )
    expect(ids).toEqual(["00000000-0000-7000-8000-000000000001", "00000000-0000-7000-8000-000000000002"])
  })
})
