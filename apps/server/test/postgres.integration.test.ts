import { Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeApp } from "../src/App.js"
import { type AppRuntime, appLayer, makeRuntime } from "../src/AppLayer.js"
import { loadConfig } from "../src/Config.js"
import { createTemporaryDatabase, type TemporaryDatabase } from "../src/internal/TemporaryDatabase.js"
import { silentLogger } from "../src/Log.js"
import { isolationSuite } from "./isolation.js"

const adminUrl = process.env.ZAITAKU_TEST_DATABASE_URL

if (adminUrl === undefined || adminUrl === "") {
  console.log(
    "apps/server: PostgreSQL integration tests skipped: ZAITAKU_TEST_DATABASE_URL is not set (.ci/run sets it)",
  )
  describe.skip("the server on PostgreSQL (ZAITAKU_TEST_DATABASE_URL not set)", () => {
    it("needs ZAITAKU_TEST_DATABASE_URL", () => {})
  })
} else {
  /** Each suite gets its own fresh database on the server, dropped at the end. */
  const databases: Array<TemporaryDatabase> = []
  const fresh = async () => {
    const database = await createTemporaryDatabase(adminUrl, "zaitaku_server_test")
    databases.push(database)
    return database
  }
  afterAll(async () => {
    for (const database of databases) await database.drop()
  })

  const layerFor = (database: TemporaryDatabase) =>
    appLayer(Result.getOrThrow(loadConfig({ DATABASE_URL: database.connectionString })))

  isolationSuite("PostgreSQL", async () => layerFor(await fresh()))

  describe("the server on PostgreSQL", () => {
    let runtime: AppRuntime
    beforeAll(async () => {
      runtime = makeRuntime(layerFor(await fresh()))
    })
    afterAll(async () => {
      await runtime?.dispose()
    })

    it("is ready with the pg driver and every migration applied", async () => {
      const response = await makeApp({ runtime, logger: silentLogger }).request("/readyz")
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ status: "ready", driver: "pg", migrations: { pending: 0 } })
    })
  })
}
