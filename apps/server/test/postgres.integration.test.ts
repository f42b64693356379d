import {
  createTestDatabase,
  loginRoleUrl,
  migrate,
  openPg,
  type TestDatabase,
  testDatabaseUrl,
} from "@zaitaku/store-postgres"
import { Result } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeApp } from "../src/App.js"
import { type AppRuntime, appLayer, makeRuntime } from "../src/AppLayer.js"
import { loadConfig } from "../src/Config.js"
import { silentLogger } from "../src/Log.js"
import { activitiesScenario } from "./activities.js"
import { caseFormsScenario } from "./caseForms.js"
import { casesScenario } from "./cases.js"
import { formExchangeScenario } from "./formExchange.js"
import { importJobScenario } from "./importJobs.js"
import { isolationSuite } from "./isolation.js"
import { pdcaScenario } from "./pdca.js"
import { providerReviewScenario } from "./providerReview.js"
import { ruleSetsScenario } from "./ruleSets.js"

const adminUrl = testDatabaseUrl("apps/server")

describe.runIf(adminUrl !== undefined)("the server on PostgreSQL", () => {
  /** Each suite gets its own fresh database on the server, dropped at the end. */
  const databases: Array<TestDatabase> = []
  const fresh = async () => {
    const database = await createTestDatabase(adminUrl!, "zaitaku_server_test")
    databases.push(database)
    return database
  }
  afterAll(async () => {
    for (const database of databases) await database.drop()
  })

  const layerFor = (env: Record<string, string>) => appLayer(Result.getOrThrow(loadConfig(env)))

  isolationSuite("PostgreSQL", async () => layerFor({ DATABASE_URL: (await fresh()).url }))

  // The production set-up: the server logs in as a role that owns nothing; the owner migrates and creates tenants.
  isolationSuite("PostgreSQL, DATABASE_URL a login role that owns nothing", async () => {
    const database = await fresh()
    const owner = await openPg({ connectionString: database.url })
    await migrate(owner)
    await owner.close()
    return layerFor({ DATABASE_URL: await loginRoleUrl(database), DATABASE_OWNER_URL: database.url })
  })

  // The provider workflow through the role that owns nothing: column grants, the decision trigger and the
  // two-argument authentication function as production uses them.
  const loginRole = async () => {
    const database = await fresh()
    const owner = await openPg({ connectionString: database.url })
    await migrate(owner)
    await owner.close()
    return layerFor({ DATABASE_URL: await loginRoleUrl(database), DATABASE_OWNER_URL: database.url })
  }
  providerReviewScenario("PostgreSQL, login role", loginRole)
  // Import jobs as production runs them: row locks, column grants and the stored plan through the app role.
  importJobScenario("PostgreSQL, login role", loginRole)
  // Sheets between organisations as production runs them: write-once grants and triggers, denied reads audited.
  formExchangeScenario("PostgreSQL, login role", loginRole)

  // Activities through the role that owns nothing: 50 parallel sign-ups on a pool of connections, each waiting for
  // the event's row lock; the column grants of the registrations table.
  activitiesScenario("PostgreSQL, login role", loginRole)

  // Cases through the role that owns nothing: the column grants of the cases table and the audit in one transaction.
  casesScenario("PostgreSQL, login role", async () => {
    const database = await fresh()
    const owner = await openPg({ connectionString: database.url })
    await migrate(owner)
    await owner.close()
    return layerFor({ DATABASE_URL: await loginRoleUrl(database), DATABASE_OWNER_URL: database.url })
  })

  // Sheets sent through the forms API as a case's evidence: the join of sendings and responses through the app role.
  caseFormsScenario("PostgreSQL, login role", loginRole)
  // Tenant rule sets through the app role: insert-only grants, the versions trigger and the audit in one transaction.
  ruleSetsScenario("PostgreSQL, login role", loginRole)
  // PDCA through the role that owns nothing: the column grants of the PDCA tables and the audit in one transaction.
  pdcaScenario("PostgreSQL, login role", loginRole)

  describe("probes", () => {
    let runtime: AppRuntime
    beforeAll(async () => {
      runtime = makeRuntime(layerFor({ DATABASE_URL: (await fresh()).url }))
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
})
