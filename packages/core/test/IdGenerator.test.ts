import { IdGenerator, TenantId, uuidV7 } from "@zaitaku/core"
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

  it("the live layer gives distinct ids", async () => {
    const ids = await Effect.runPromise(
      Effect.flatMap(Effect.service(IdGenerator), (gen) =>
        Effect.all(Array.from({ length: 1000 }, () => gen.next)),
      ).pipe(Effect.provide(IdGenerator.layer)),
    )
    expect(new Set(ids).size).toBe(1000)
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
