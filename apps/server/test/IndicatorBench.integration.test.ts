import { isValidLocalGovernmentCode } from "@zaitaku/core"
import { createTestDatabase, loginRoleUrl, migrate, openPg, testDatabaseUrl } from "@zaitaku/store-postgres"
import { describe, expect, it } from "vitest"
import {
  benchMunicipalities,
  benchRuntime,
  checkedIndicators,
  createTenants,
  gridDifferences,
  runPipeline,
  runSql,
  secondaryAreas,
  seed,
  seedPlan,
  verifySample,
} from "../src/internal/IndicatorBench.js"

describe("indicator benchmark: municipalities", () => {
  it("has Japan's 1,741 municipalities with valid codes, as many per prefecture as Japan, about five to a 二次医療圏", () => {
    const all = benchMunicipalities(1_741)
    expect(all).toHaveLength(1_741)
    expect(new Set(all.map((m) => m.code)).size).toBe(1_741)
    expect(all.every((m) => isValidLocalGovernmentCode(m.code) && m.code.slice(2, 5) !== "000")).toBe(true)
    expect(all.filter((m) => m.prefecture === "01")).toHaveLength(179) // 北海道
    expect(all.filter((m) => m.prefecture === "13")).toHaveLength(62) // 東京都 (23区を含む)
    const areas = secondaryAreas(all)
    // round(179 / 5.3) = 34 in 北海道, round(19 / 5.3) = 4 in 鳥取県
    expect(areas.filter((a) => a.code.startsWith("01"))).toHaveLength(34)
    expect(areas.filter((a) => a.code.startsWith("31"))).toHaveLength(4)
    expect(areas.reduce((n, a) => n + a.members.length, 0)).toBe(1_741)
  })

  it("takes a smaller number round-robin over the prefectures", () => {
    const few = benchMunicipalities(47)
    expect(new Set(few.map((m) => m.prefecture)).size).toBe(47)
  })
})

const adminUrl = testDatabaseUrl("the indicator benchmark")

describe.skipIf(adminUrl === undefined)("indicator benchmark on PostgreSQL, tiny scale", () => {
  it("seeds records the ports read back as written, and the three indicators equal the hand-written SQL", async () => {
    const database = await createTestDatabase(adminUrl!, "zaitaku_bench_indicators_test")
    try {
      const owner = await openPg({ connectionString: database.url, max: 1 })
      await migrate(owner)
      await owner.close()
      const session = await openPg({
        connectionString: await loginRoleUrl(database),
        ownerConnectionString: database.url,
        max: 2,
      })
      const runtime = benchRuntime(session)
      try {
        const tenants = await createTenants(runtime, benchMunicipalities(4))
        const seeded = await seed(session, tenants, seedPlan(4_000))
        expect(seeded.total).toBeGreaterThanOrEqual(4_000)
        expect(seeded.consultations).toBeGreaterThan(2_500)
        expect(seeded.registrations).toBeGreaterThan(0)
        expect(await verifySample(runtime, session, tenants)).toBeGreaterThan(100)

        const pipeline = await runPipeline(runtime, tenants)
        // 4 municipalities × 36 months, and every consultation falls in one of the months
        const consultations = pipeline.grids.consultations_total
        expect(consultations.size).toBe(4 * 36)
        expect([...consultations.values()].reduce<number>((sum, v) => sum + (v ?? 0), 0)).toBe(seeded.consultations)
        expect(pipeline.indicatorValues.municipalities).toBe(4 * 36 * pipeline.indicators)
        for (const indicator of checkedIndicators) {
          const sql = await runSql(session, indicator)
          expect(gridDifferences(pipeline.grids[indicator], sql.grid)).toEqual([])
        }
      } finally {
        await runtime.dispose()
        await session.close()
      }
    } finally {
      await database.drop()
    }
  }, 180_000)
})
