import { IdGenerator } from "@zaitaku/core"
import {
  createTestDatabase,
  layerPg,
  layerPglite,
  loginRoleUrl,
  migrate,
  openPg,
  pgliteTemplate,
  type TestDatabase,
  testDatabaseUrl,
} from "@zaitaku/store-postgres"
import {
  activityStoreSuite,
  auditLogSuite,
  caseStoreSuite,
  deadlineScanSuite,
  formStoreSuite,
  importJobStoreSuite,
  notificationLogSuite,
  organizationStoreSuite,
  pdcaStoreSuite,
  resourceStoreSuite,
  ruleSetStoreSuite,
  tenantIsolationSuite,
} from "@zaitaku/testing"
import { Layer } from "effect"
import { afterAll, beforeAll, describe } from "vitest"

const pglite = async () =>
  layerPglite({ loadDataDir: await pgliteTemplate(), migrate: false }).pipe(Layer.provide(IdGenerator.layer))

auditLogSuite("PGlite", pglite)
tenantIsolationSuite("PGlite", pglite)
resourceStoreSuite("PGlite", pglite)
importJobStoreSuite("PGlite", pglite)
organizationStoreSuite("PGlite", pglite)
caseStoreSuite("PGlite", pglite)
notificationLogSuite("PGlite", pglite)
deadlineScanSuite("PGlite", pglite)
formStoreSuite("PGlite", pglite)
ruleSetStoreSuite("PGlite", pglite)
pdcaStoreSuite("PGlite", pglite)
activityStoreSuite("PGlite", pglite)

const adminUrl = testDatabaseUrl("@zaitaku/store-postgres contract suites")
describe.runIf(adminUrl !== undefined)("on PostgreSQL", () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl!)
  })
  afterAll(async () => {
    await database?.drop()
  })
  const pg = async () => layerPg({ connectionString: database.url }).pipe(Layer.provide(IdGenerator.layer))
  auditLogSuite("PostgreSQL", pg)
  tenantIsolationSuite("PostgreSQL", pg)
  resourceStoreSuite("PostgreSQL", pg)
  importJobStoreSuite("PostgreSQL", pg)
  organizationStoreSuite("PostgreSQL", pg)
  caseStoreSuite("PostgreSQL", pg)
  notificationLogSuite("PostgreSQL", pg)
  deadlineScanSuite("PostgreSQL", pg)
  formStoreSuite("PostgreSQL", pg)
  ruleSetStoreSuite("PostgreSQL", pg)
  pdcaStoreSuite("PostgreSQL", pg)
  activityStoreSuite("PostgreSQL", pg)

  // As in production: the application logs in as a role that owns nothing; the owner migrates and creates tenants.
  const pgLoginRole = async () => {
    const owner = await openPg({ connectionString: database.url })
    await migrate(owner)
    await owner.close()
    return layerPg({ connectionString: await loginRoleUrl(database), ownerConnectionString: database.url }).pipe(
      Layer.provide(IdGenerator.layer),
    )
  }
  auditLogSuite("PostgreSQL, application login role", pgLoginRole)
  tenantIsolationSuite("PostgreSQL, application login role", pgLoginRole)
  resourceStoreSuite("PostgreSQL, application login role", pgLoginRole)
  importJobStoreSuite("PostgreSQL, application login role", pgLoginRole)
  organizationStoreSuite("PostgreSQL, application login role", pgLoginRole)
  caseStoreSuite("PostgreSQL, application login role", pgLoginRole)
  notificationLogSuite("PostgreSQL, application login role", pgLoginRole)
  deadlineScanSuite("PostgreSQL, application login role", pgLoginRole)
  formStoreSuite("PostgreSQL, application login role", pgLoginRole)
  pdcaStoreSuite("PostgreSQL, application login role", pgLoginRole)
  activityStoreSuite("PostgreSQL, application login role", pgLoginRole)
})
