import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import {
  migrate,
  migrationStatus,
  migrationsFolder,
  openPglite,
  readMigrations,
  type Session,
} from "@zaitaku/store-postgres"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

describe("migrator", () => {
  let session: Session
  let folder: string

  beforeAll(async () => {
    session = await openPglite({})
    folder = await mkdtemp(join(tmpdir(), "zaitaku-migrations-"))
    await cp(migrationsFolder, folder, { recursive: true })
  })
  afterAll(async () => {
    await session?.close()
    await rm(folder, { recursive: true, force: true })
  })

  it("reads the committed migrations in journal order", async () => {
    const migrations = await readMigrations()
    expect(migrations.map((m) => m.tag)).toEqual([
      "0000_initial",
      "0001_row_level_security",
      "0002_directory",
      "0003_directory_security",
      "0004_tenant_settings",
      "0005_tenant_settings_security",
      "0006_listing_order",
      "0007_provider_review",
      "0008_provider_review_security",
      "0009_import_jobs",
      "0010_import_jobs_security",
      "0011_organizations",
      "0012_organizations_security",
      "0013_search_functions",
      "0014_search_columns",
      "0015_cases",
      "0016_cases_security",
      "0017_obligation_notifications",
      "0018_obligation_notifications_security",
      "0019_forms",
      "0020_forms_security",
      "0021_form_sendings_case",
      "0022_rule_sets",
      "0023_rule_sets_security",
      "0024_pdca",
      "0025_pdca_security",
      "0026_activities",
      "0027_activities_security",
    ])
    expect(migrations.every((m) => m.statements.length > 0)).toBe(true)
  })

  it("applies every pending migration once, and reports the state", async () => {
    expect(await migrationStatus(session, folder)).toEqual({ applied: 0, pending: 28, total: 28 })
    expect(await migrate(session, folder)).toEqual([
      "0000_initial",
      "0001_row_level_security",
      "0002_directory",
      "0003_directory_security",
      "0004_tenant_settings",
      "0005_tenant_settings_security",
      "0006_listing_order",
      "0007_provider_review",
      "0008_provider_review_security",
      "0009_import_jobs",
      "0010_import_jobs_security",
      "0011_organizations",
      "0012_organizations_security",
      "0013_search_functions",
      "0014_search_columns",
      "0015_cases",
      "0016_cases_security",
      "0017_obligation_notifications",
      "0018_obligation_notifications_security",
      "0019_forms",
      "0020_forms_security",
      "0021_form_sendings_case",
      "0022_rule_sets",
      "0023_rule_sets_security",
      "0024_pdca",
      "0025_pdca_security",
      "0026_activities",
      "0027_activities_security",
    ])
    expect(await migrate(session, folder)).toEqual([])
    expect(await migrationStatus(session, folder)).toEqual({ applied: 28, pending: 0, total: 28 })
  })

  it("refuses to run when an applied migration was edited", async () => {
    const file = join(folder, "0000_initial.sql")
    await writeFile(file, `${await readFile(file, "utf8")}\n-- edited`)
    await expect(migrate(session, folder)).rejects.toThrow(/0000_initial was changed after it was applied/)
    await expect(migrationStatus(session, folder)).rejects.toThrow(/changed after it was applied/)
  })

  it("rolls back a failing migration and leaves the database as it was", async () => {
    const fresh = await openPglite({})
    const broken = await mkdtemp(join(tmpdir(), "zaitaku-migrations-broken-"))
    try {
      await cp(migrationsFolder, broken, { recursive: true })
      const file = join(broken, "0001_row_level_security.sql")
      await writeFile(file, `${await readFile(file, "utf8")}\n--> statement-breakpoint\nselect no_such_function();`)
      await expect(migrate(fresh, broken)).rejects.toThrow(/Migration 0001_row_level_security failed/)
      expect(await migrationStatus(fresh, broken)).toEqual({ applied: 1, pending: 27, total: 28 })
      const policies = await fresh.withConnection((c) => c.query("select * from pg_policies"))
      expect(policies).toEqual([])
    } finally {
      await fresh.close()
      await rm(broken, { recursive: true, force: true })
    }
  })
})
