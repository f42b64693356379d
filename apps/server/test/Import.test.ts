import { readFileSync } from "node:fs"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import {
  Actor,
  type AuditEntry,
  AuditLog,
  type NewTenant,
  OrganizationStore,
  organizationIdFor,
  type Resource,
  ResourceStore,
  systemPrincipal,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { CsvFileError } from "@zaitaku/opendata-jp"
import { Clock, Effect, Option } from "effect"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type AppRuntime, type AppServices, makeRuntime, memoryLayer } from "../src/AppLayer.js"
import { runCli } from "../src/Commands.js"
import {
  applyImportPlan,
  formatPlannedImport,
  formatPlannedIryoNetImport,
  formatPlannedStandardDatasetImport,
  type ImportProgress,
  type IryoNetImportOptions,
  type KaigoKohyoImportOptions,
  planIryoNetImport,
  planKaigoKohyoImport,
  planStandardDatasetImport,
  type StandardDataset,
  type StandardDatasetImportOptions,
} from "../src/Import.js"

const fixtures = new URL("../../../packages/opendata-jp/test/fixtures/", import.meta.url)
const fixturePath = (name: string) => fileURLToPath(new URL(name, fixtures))
const fixtureText = readFileSync(new URL("jigyosho_130.csv", fixtures), "utf8")
const bytesOf = (text: string) => [new TextEncoder().encode(text)]

const importedAt = "2026-07-01T00:00:00.000Z"

const hachinohe: NewTenant = {
  code: "022039",
  kind: "municipality",
  name: { ja: "八戸市", en: "Hachinohe City" },
  municipalities: ["022039"],
}

/** A wide-area tenant whose municipalities cover every good row of the fixture. */
const wideArea: NewTenant = {
  code: "test-wide-area",
  kind: "wide_area_body",
  name: { ja: "テスト広域連合", en: "Test wide-area union" },
  municipalities: ["022039", "024414", "011011"],
}

const capture = () => {
  const out: Array<string> = []
  const err: Array<string> = []
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } }
}

describe("importing a 介護サービス情報公表 file", () => {
  let runtime: AppRuntime
  let city: Tenant
  let wide: Tenant

  beforeEach(async () => {
    runtime = makeRuntime(memoryLayer())
    city = await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(hachinohe)))
    wide = await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(wideArea)))
    return () => runtime.dispose()
  })

  const as =
    (tenant: Tenant) =>
    <A, E>(effect: Effect.Effect<A, E, AppServices | Actor>): Promise<A> =>
      runtime.runPromise(effect.pipe(Effect.provideService(Actor, systemPrincipal(tenant.id, "test"))))

  const plan = (tenant: Tenant, options: Partial<KaigoKohyoImportOptions> = {}) =>
    as(tenant)(
      planKaigoKohyoImport({ source: bytesOf(fixtureText), fileName: "jigyosho_130.csv", importedAt, ...options }),
    )

  const directory = (tenant: Tenant) =>
    as(tenant)(
      Effect.flatMap(Effect.service(ResourceStore), (store) =>
        store.search({ status: ["active", "suspended", "closed"], limit: 200 }),
      ),
    ).then((page) => page.items)

  const bySource = (tenant: Tenant, key: string) =>
    as(tenant)(
      Effect.flatMap(Effect.service(ResourceStore), (store) => store.findBySourceRecord("mhlw_kaigo_kohyo", key)),
    ).then((found) => Option.getOrThrow(found))

  const auditOf = async (tenant: Tenant): Promise<ReadonlyArray<AuditEntry>> =>
    as(tenant)(Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 500 }))).then((page) => page.entries)

  it("plans a dry run: the tenant's rows to add, others filtered, every row error with line and column", async () => {
    const planned = await plan(city)
    expect(planned.summary).toEqual({ rows: 7, ok: 3, invalid: 4, filtered: 2, encoding: "utf-8-bom" })
    expect(planned.plan.added.map((entry) => entry.provenance.sourceRecordId)).toEqual(["130:0260190001"])
    expect(planned.plan).toMatchObject({ changed: [], unchanged: 0, missing: [], duplicateKeys: [] })
    expect(planned.rowErrors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, "都道府県コード又は市町村コード", "check_digit"],
      [4, "事業所番号", "office_number"],
      [5, "緯度", "latitude_range"],
      [9, undefined, "column_count"],
    ])
    for (const error of planned.rowErrors) {
      expect(error.reason.ja.length).toBeGreaterThan(0)
      expect(error.reason.en.length).toBeGreaterThan(0)
    }
    expect(formatPlannedImport(planned)).toContain("  + 0260190001 テスト訪問看護ステーション八戸")
    // a dry run writes nothing
    expect(await directory(city)).toEqual([])
    expect((await auditOf(city)).filter((entry) => entry.action !== "tenant.create")).toEqual([])
  })

  it("links entries to the 法人 of their 法人番号, keeps the link when a file names none, and renames the 法人", async () => {
    const planned = await plan(city)
    const expectedId = await Effect.runPromise(organizationIdFor(city.id, "5402000000001"))
    expect(planned.plan.added[0]?.organizationId).toBe(expectedId)
    expect(planned.plan.organizations).toEqual([
      { id: expectedId, corporateNumber: "5402000000001", name: { ja: "株式会社テスト" } },
    ])
    await as(city)(applyImportPlan(planned.plan))
    expect((await bySource(city, "130:0260190001")).organizationId).toBe(expectedId)
    // a newer file without the 法人 columns filled: nothing to change, the link stays
    const withoutNumber = fixtureText.replace("5402000000001,株式会社テスト", ",")
    const second = await plan(city, { source: bytesOf(withoutNumber) })
    expect(second.plan).toMatchObject({ added: [], changed: [], unchanged: 1 })
    // the 法人 renamed in a newer file: the same organisation, renamed on apply, audited
    const renamed = fixtureText.replace("5402000000001,株式会社テスト", "5402000000001,株式会社テスト八戸")
    const third = await plan(city, { source: bytesOf(renamed) })
    expect(third.plan.changed).toEqual([])
    await as(city)(applyImportPlan(third.plan))
    const organization = await as(city)(
      Effect.flatMap(Effect.service(OrganizationStore), (store) => store.get(expectedId)),
    )
    expect(organization.name.ja).toBe("株式会社テスト八戸")
    const actions = (await auditOf(city)).map((entry) => entry.action).reverse()
    expect(actions.filter((action) => action.startsWith("organization."))).toEqual([
      "organization.create",
      "organization.update",
    ])
  })

  it("takes every row with municipalities: all, and a wide-area tenant's municipalities by default", async () => {
    expect((await plan(city, { municipalities: "all" })).plan.added).toHaveLength(3)
    const planned = await plan(wide)
    expect(planned.summary.filtered).toBe(0)
    expect(planned.plan.added.map((entry) => entry.identifiers.careOfficeNumber)).toEqual([
      "0260190001",
      "0260190005",
      "0160190006",
    ])
  })

  it("applies the plan: creates each entry, field by field, and audits the import once with counts", async () => {
    const planned = await plan(wide)
    const result = await as(wide)(applyImportPlan(planned.plan, { importId: "test-import" }))
    expect(result).toEqual({ created: 3, updated: 0, alreadyApplied: 0, unchanged: 0, missing: 0, conflicts: [] })

    const first = await bySource(wide, "130:0260190001")
    expect(first).toMatchObject({
      tenantId: wide.id,
      kind: "home_nursing_station",
      name: "テスト訪問看護ステーション八戸",
      nameKana: "テストホウモンカンゴステーションハチノヘ",
      identifiers: { careOfficeNumber: "0260190001" },
      address: {
        prefectureCode: "02",
        municipalityCode: "022039",
        line: "青森県八戸市内丸一丁目1-1",
        building: "テストビル2階",
      },
      location: { latitude: 40.512, longitude: 141.488 },
      phone: "0178-00-0001",
      fax: "0178-00-0002",
      url: "https://example.jp/houkan-hachinohe",
      status: "active",
      provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: "130:0260190001", importedAt },
      notes: "利用可能曜日: 月火水木金\n土日祝は要相談\n24時間連絡体制あり",
      version: 1,
    })
    expect(first.availability).toBeUndefined() // 訪問看護: 定員 0 means "not applicable"
    const umenai = await bySource(wide, "130:0260190005")
    expect(umenai).toMatchObject({
      name: "テスト訪問看護ステーション梅内",
      address: { municipalityCode: "024414", line: "青森県三戸郡三戸町大字梅内2" },
      phone: "0179-00-0041",
      fax: "0179-00-0042",
      contactNotes: "URL欄: info@example.jp",
    })
    expect(umenai.url).toBeUndefined()
    const odori = await bySource(wide, "130:0160190006")
    expect(odori).toMatchObject({
      address: { prefectureCode: "01", municipalityCode: "011011", building: "テスト第1ビル, 3階" },
      contactNotes: "URL欄: 011-000-0062",
    })
    expect(odori.notes).toContain("夜間も対応します,\n要予約")
    expect(await directory(wide)).toHaveLength(3)

    const audit = await auditOf(wide)
    expect(audit.filter((entry) => entry.action === "resource.create")).toHaveLength(3)
    const applied = audit.filter((entry) => entry.action === "directory_import.apply")
    expect(applied).toHaveLength(1)
    expect(applied[0]).toMatchObject({
      target: { type: "directory_import", id: "test-import" },
      personalData: false,
      details: { source: "mhlw_kaigo_kohyo", created: 3, updated: 0, missing: 0, conflicts: 0 },
    })
  })

  it("re-importing the same file plans nothing; applying it adds only the import's audit entry", async () => {
    await as(wide)(applyImportPlan((await plan(wide)).plan))
    const before = await directory(wide)
    const auditBefore = await auditOf(wide)

    const again = await plan(wide, { importedAt: "2026-08-01T00:00:00.000Z" })
    expect(again.plan).toMatchObject({ added: [], changed: [], unchanged: 3, missing: [] })
    const result = await as(wide)(applyImportPlan(again.plan))
    expect(result).toEqual({ created: 0, updated: 0, alreadyApplied: 0, unchanged: 3, missing: 0, conflicts: [] })

    expect(await directory(wide)).toEqual(before)
    const seen = new Set(auditBefore.map((entry) => entry.seq))
    const added = (await auditOf(wide)).filter((entry) => !seen.has(entry.seq))
    expect(added.map((entry) => entry.action)).toEqual(["directory_import.apply"])
  })

  it("re-applying the same plan creates nothing new", async () => {
    const planned = await plan(wide)
    await as(wide)(applyImportPlan(planned.plan))
    const before = await directory(wide)
    const second = await as(wide)(applyImportPlan(planned.plan))
    expect(second).toMatchObject({ created: 0, updated: 0, alreadyApplied: 3, conflicts: [] })
    expect(await directory(wide)).toEqual(before)
    expect((await auditOf(wide)).filter((entry) => entry.action === "resource.create")).toHaveLength(3)
  })

  it("a newer file shows a changed field (old → new) and a missing entry; applying changes only that field", async () => {
    await as(wide)(applyImportPlan((await plan(wide)).plan))
    const original = await bySource(wide, "130:0260190001")
    const umenaiBefore = await bySource(wide, "130:0260190005")

    const newer = fixtureText
      .replace(",0178-00-0001,", ",0178-99-0001,")
      .split(/(?<=\n)/)
      .filter((line) => !line.includes("0260190005"))
      .join("")
    const planned = await plan(wide, { source: bytesOf(newer), importedAt: "2026-08-01T00:00:00.000Z" })
    expect(planned.plan.added).toEqual([])
    expect(planned.plan.unchanged).toBe(1)
    expect(planned.plan.changed).toHaveLength(1)
    expect(planned.plan.changed[0]!.existing.id).toBe(original.id)
    expect(planned.plan.changed[0]!.changes).toEqual([{ field: "phone", from: "0178-00-0001", to: "0178-99-0001" }])
    expect(planned.plan.missing.map((entry) => entry.id)).toEqual([umenaiBefore.id])
    const lines = formatPlannedImport(planned)
    expect(lines).toContain("  ~ 0260190001 phone: 0178-00-0001 → 0178-99-0001")
    expect(lines).toContain("  - 0260190005 テスト訪問看護ステーション梅内 (active)")

    const result = await as(wide)(applyImportPlan(planned.plan))
    expect(result).toEqual({ created: 0, updated: 1, alreadyApplied: 0, unchanged: 1, missing: 1, conflicts: [] })
    const updated = await bySource(wide, "130:0260190001")
    const { phone: _newPhone, version: _v2, updatedAt: _u2, ...rest } = updated
    const { phone: _oldPhone, version: _v1, updatedAt: _u1, ...restBefore } = original
    expect(updated).toMatchObject({ phone: "0178-99-0001", version: 2 })
    expect(rest).toEqual(restBefore)
    const changes = await as(wide)(Effect.flatMap(Effect.service(ResourceStore), (store) => store.changes(updated.id)))
    expect(changes.items.map((change) => [change.field, change.from, change.to])).toEqual([
      ["phone", "0178-00-0001", "0178-99-0001"],
    ])
    // the missing entry is a closure candidate, not closed
    expect(await bySource(wide, "130:0260190005")).toEqual(umenaiBefore)

    // applying the newer plan again is a no-op
    const again = await as(wide)(applyImportPlan(planned.plan))
    expect(again).toMatchObject({ created: 0, updated: 0, alreadyApplied: 1, conflicts: [] })
    expect((await bySource(wide, "130:0260190001")).version).toBe(2)
  })

  it("undoes an applied newer file by importing the earlier file again, and the change log shows both steps", async () => {
    await as(wide)(applyImportPlan((await plan(wide)).plan))
    const original = await bySource(wide, "130:0260190001")
    const newer = fixtureText.replace(",0178-00-0001,", ",0178-99-0001,")
    await as(wide)(
      applyImportPlan((await plan(wide, { source: bytesOf(newer), importedAt: "2026-08-01T00:00:00.000Z" })).plan),
    )
    expect((await bySource(wide, "130:0260190001")).phone).toBe("0178-99-0001")

    const back = await plan(wide, { importedAt: "2026-08-02T00:00:00.000Z" })
    expect(back.plan.changed.map((change) => change.changes)).toEqual([
      [{ field: "phone", from: "0178-99-0001", to: "0178-00-0001" }],
    ])
    expect(back.plan.added).toEqual([])
    expect(back.plan.missing).toEqual([])
    await as(wide)(applyImportPlan(back.plan))

    const restored = await bySource(wide, "130:0260190001")
    const { version: _v, updatedAt: _u, ...restoredFields } = restored
    const { version: _v0, updatedAt: _u0, ...originalFields } = original
    expect(restoredFields).toEqual(originalFields)
    expect(restored.version).toBe(3)
    const changes = await as(wide)(Effect.flatMap(Effect.service(ResourceStore), (store) => store.changes(restored.id)))
    expect(changes.items.map((change) => [change.field, change.from, change.to])).toEqual(
      expect.arrayContaining([
        ["phone", "0178-00-0001", "0178-99-0001"],
        ["phone", "0178-99-0001", "0178-00-0001"],
      ]),
    )
    const updates = (await auditOf(wide)).filter(
      (entry) => entry.action === "resource.update" && entry.target.id === restored.id,
    )
    expect(updates).toHaveLength(2)
  })

  it("reports an entry changed since the plan as a conflict and applies the rest", async () => {
    await as(wide)(applyImportPlan((await plan(wide)).plan))
    const newer = fixtureText.replace(",0178-00-0001,", ",0178-99-0001,").replace(",0179-00-0041,", ",0179-99-0041,")
    const planned = await plan(wide, { source: bytesOf(newer) })
    expect(planned.plan.changed).toHaveLength(2)
    const first = await bySource(wide, "130:0260190001")
    await as(wide)(
      Effect.flatMap(Effect.service(ResourceStore), (store) =>
        store.update(first.id, { fax: "0178-55-5555" }, { expectedVersion: first.version }),
      ),
    )
    const result = await as(wide)(applyImportPlan(planned.plan))
    expect(result.updated).toBe(1)
    expect(result.conflicts).toEqual([
      expect.objectContaining({ operation: "update", sourceRecordId: "130:0260190001", reason: "version_mismatch" }),
    ])
    expect(await bySource(wide, "130:0260190001")).toMatchObject({ phone: "0178-00-0001", fax: "0178-55-5555" })
    expect((await bySource(wide, "130:0260190005")).phone).toBe("0179-99-0041")
  })

  it("strict mode rejects the fixture, which has bad rows, and changes nothing", async () => {
    const failure = await as(wide)(
      Effect.flip(
        planKaigoKohyoImport({
          source: bytesOf(fixtureText),
          fileName: "jigyosho_130.csv",
          strict: true,
        }),
      ),
    )
    expect(failure).toBeInstanceOf(CsvFileError)
    expect(failure).toMatchObject({ reason: "row_rejected", line: 3 })
    expect(await directory(wide)).toEqual([])
  })

  it("gives the same plan for the Shift_JIS file as for the UTF-8 one", async () => {
    const utf8 = await plan(wide)
    const sjis = await plan(wide, {
      source: [readFileSync(new URL("jigyosho_130_sjis.csv", fixtures))],
      fileName: "jigyosho_130_sjis.csv",
    })
    expect(sjis.summary).toEqual({ ...utf8.summary, encoding: "cp932" })
    expect(sjis.plan).toEqual(utf8.plan)
    expect(sjis.rowErrors).toEqual(utf8.rowErrors)
  })

  it("reports progress at most every N rows or every interval of the injected clock, and at the end", async () => {
    let now = 0
    const clock: Clock.Clock = {
      currentTimeMillisUnsafe: () => now,
      currentTimeMillis: Effect.sync(() => {
        now += 300
        return now
      }),
      monotonicTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
      monotonicTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
      currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
      currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
      sleep: () => Effect.void,
    }
    const byTime: Array<ImportProgress> = []
    await as(wide)(
      planKaigoKohyoImport({
        source: bytesOf(fixtureText),
        fileName: "jigyosho_130.csv",
        importedAt,
        onProgress: (progress) => byTime.push(progress),
        progressEvery: { rows: 1000, millis: 1000 },
      }).pipe(Effect.provideService(Clock.Clock, clock)),
    )
    // start at 300 ms, one clock read per row (+300 ms each): row 4 at 1,500 ms is the first ≥ 1 s later
    expect(byTime).toEqual([
      { rows: 4, ok: 1, invalid: 3, ratePerSecond: 4000 / 1200, elapsedMillis: 1200, final: false },
      { rows: 7, ok: 3, invalid: 4, ratePerSecond: 7000 / 2400, elapsedMillis: 2400, final: true },
    ])

    const byRows: Array<number> = []
    await as(wide)(
      planKaigoKohyoImport({
        source: bytesOf(fixtureText),
        fileName: "jigyosho_130.csv",
        importedAt,
        onProgress: (progress) => byRows.push(progress.rows),
        progressEvery: { rows: 2, millis: 1_000_000 },
      }),
    )
    expect(byRows).toEqual([2, 4, 6, 7])
  })
})

describe("zaitaku import kaigo-kohyo", () => {
  let runtime: AppRuntime
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "zaitaku-import-"))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    runtime = makeRuntime(memoryLayer())
    await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(hachinohe)))
    await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(wideArea)))
    return () => runtime.dispose()
  })

  const run = async (...argv: Array<string>) => {
    const streams = capture()
    const code = await runCli(argv, { env: {}, io: streams.io, runtime, cwd: fileURLToPath(fixtures) })
    return { code, ...streams }
  }

  const entries = async (code: string): Promise<ReadonlyArray<Resource>> => {
    const tenant = await runtime.runPromise(
      Effect.flatMap(Effect.service(TenantStore), (t) => t.findByCode(code)).pipe(Effect.map(Option.getOrThrow)),
    )
    const page = await runtime.runPromise(
      Effect.flatMap(Effect.service(ResourceStore), (store) => store.search({ limit: 200 })).pipe(
        Effect.provideService(Actor, systemPrincipal(tenant.id, "test")),
      ),
    )
    return page.items
  }

  it("prints a dry run: progress on stderr, the plan and the bilingual row errors on stdout, exit 0", async () => {
    const result = await run("import", "kaigo-kohyo", "jigyosho_130.csv", "--tenant", "022039")
    expect(result.code).toBe(0)
    expect(result.err).toEqual([expect.stringMatching(/^import: 7 rows read, 3 ok, 4 with errors, \d+ rows\/s/)])
    const out = result.out.join("\n")
    expect(out).toContain("Tenant: 八戸市 (022039)")
    expect(out).toContain("Rows: 7 read, 3 ok, 4 with errors, 2 outside the municipalities")
    expect(out).toContain("Plan: 1 to add, 0 to change, 0 unchanged, 0 missing from the file")
    expect(out).toContain("  + 0260190001 テスト訪問看護ステーション八戸")
    expect(result.out).toContainEqual(
      expect.stringMatching(/^ {2}line 5, 緯度: .+ \/ 緯度 must be between -90 and 90 \(WGS84 degrees\), got 91\.5$/),
    )
    expect(out).toContain("Row errors (4 in 4 rows")
    expect(out).toContain("Dry run: nothing was changed.")
    expect(await entries("022039")).toEqual([])
  })

  it("applies with --apply, and a second run changes nothing", async () => {
    const first = await run(
      "import",
      "kaigo-kohyo",
      fixturePath("jigyosho_130.csv"),
      "--tenant",
      "test-wide-area",
      "--apply",
    )
    expect(first.code).toBe(0)
    expect(first.out).toContainEqual(expect.stringMatching(/^Applied: 3 created, 0 updated, /))
    expect(await entries("test-wide-area")).toHaveLength(3)
    const second = await run("import", "kaigo-kohyo", "jigyosho_130_sjis.csv", "--tenant", "test-wide-area", "--apply")
    expect(second.code).toBe(0)
    expect(second.out.join("\n")).toContain("Plan: 0 to add, 0 to change, 3 unchanged, 0 missing")
    expect(second.out).toContainEqual(
      expect.stringMatching(/^Applied: 0 created, 0 updated, 0 already applied, 3 unchanged, 0 conflicts/),
    )
  })

  it("imports every row with --all", async () => {
    const result = await run("import", "kaigo-kohyo", "jigyosho_130.csv", "--tenant", "022039", "--all", "--apply")
    expect(result.code).toBe(0)
    expect(await entries("022039")).toHaveLength(3)
  })

  it("exits 1 in strict mode with bad rows, changing nothing", async () => {
    const result = await run(
      "import",
      "kaigo-kohyo",
      "jigyosho_130.csv",
      "--tenant",
      "test-wide-area",
      "--strict",
      "--apply",
    )
    expect(result.code).toBe(1)
    expect(result.err.join("\n")).toMatch(/厳格モード.* \/ Strict mode: the file is rejected because line 3/)
    expect(result.out).toEqual([])
    expect(await entries("test-wide-area")).toEqual([])
  })

  it("exits 1 for a file with a wrong header or a file that cannot be read", async () => {
    const bad = join(dir, "jigyosho_130.csv")
    await writeFile(bad, "事業所番号,事業所名\n0260190001,テスト\n")
    const header = await run("import", "kaigo-kohyo", bad, "--tenant", "022039")
    expect(header.code).toBe(1)
    expect(header.err.join("\n")).toMatch(/ヘッダーが想定した列と一致しません.* \/ The header does not match/)
    const missing = await run("import", "kaigo-kohyo", join(dir, "jigyosho_430.csv"), "--tenant", "022039")
    expect(missing.code).toBe(1)
    expect(missing.err.join("\n")).toMatch(/Cannot read .*jigyosho_430\.csv: ENOENT/)
    const tenant = await run("import", "kaigo-kohyo", "jigyosho_130.csv", "--tenant", "024414")
    expect(tenant).toMatchObject({ code: 1, err: ["zaitaku: no tenant with code 024414"] })
  })

  it.each([
    [["import"], /Usage: zaitaku import/, "out"],
    [["import", "wam-net", "x.csv", "--tenant", "022039"], /unknown import kind: wam-net/, "err"],
    [["import", "kaigo-kohyo", "--tenant", "022039"], /expected exactly one <file>/, "err"],
    [["import", "kaigo-kohyo", "jigyosho_130.csv"], /--tenant is required/, "err"],
    [["import", "kaigo-kohyo", "data.csv", "--tenant", "022039"], /--service-type is required/, "err"],
    [
      ["import", "kaigo-kohyo", "data.csv", "--tenant", "022039", "--service-type", "13"],
      /--service-type: must be/,
      "err",
    ],
    [["import", "kaigo-kohyo", "jigyosho_130.csv", "--tenant", "022039", "--dry"], /Unknown option '--dry'/, "err"],
  ])("answers a usage error in %j with exit code 2", async (argv, message, stream) => {
    const result = await run(...argv)
    expect(result.code).toBe(2)
    expect((stream === "out" ? result.out : result.err).join("\n")).toMatch(message)
  })

  it.each([[["import", "--help"]], [["import", "kaigo-kohyo", "--help"]], [["--help"]]])(
    "prints help for %j",
    async (argv) => {
      const result = await run(...argv)
      expect(result.code).toBe(0)
      expect(result.out.join("\n")).toMatch(/import kaigo-kohyo <file> --tenant <code>/)
    },
  )
})

describe("zaitaku import kaigo-kohyo on PGlite (the CLI's own runtime)", () => {
  let dataDir: string
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "zaitaku-import-pglite-"))
  })
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  const run = async (...argv: Array<string>) => {
    const streams = capture()
    const code = await runCli(argv, {
      env: { ZAITAKU_DATA_DIR: dataDir },
      io: streams.io,
      cwd: fileURLToPath(fixtures),
    })
    return { code, ...streams }
  }

  it("plans, applies, and re-applies without change", async () => {
    expect((await run("seed", "--demo")).code).toBe(0)
    const dry = await run("import", "kaigo-kohyo", "jigyosho_130.csv", "--tenant", "022039", "--all")
    expect(dry.code).toBe(0)
    expect(dry.out.join("\n")).toContain("Plan: 3 to add, 0 to change, 0 unchanged, 0 missing")
    const applied = await run("import", "kaigo-kohyo", "jigyosho_130.csv", "--tenant", "022039", "--all", "--apply")
    expect(applied.out).toContainEqual(expect.stringMatching(/^Applied: 3 created, 0 updated, 0 already applied/))
    const again = await run("import", "kaigo-kohyo", "jigyosho_130_sjis.csv", "--tenant", "022039", "--all", "--apply")
    expect(again.code).toBe(0)
    expect(again.out.join("\n")).toContain("Plan: 0 to add, 0 to change, 3 unchanged, 0 missing")
    expect(again.out).toContainEqual(
      expect.stringMatching(/^Applied: 0 created, 0 updated, 0 already applied, 3 unchanged/),
    )
    // the default (the tenant's own municipalities) scopes the plan: the other two are out of scope, not missing
    const scoped = await run("import", "kaigo-kohyo", "jigyosho_130.csv", "--tenant", "022039")
    expect(scoped.out.join("\n")).toContain("Plan: 0 to add, 0 to change, 1 unchanged, 0 missing")
  }, 120_000)

  it("stores the デジタル庁 standard datasets, and re-imports them without change", async () => {
    expect((await run("seed", "--demo")).code).toBe(0)
    for (const [kind, file, sjis, count] of [
      ["kaigo-ichiran", "kaigo_service_office_list.csv", "kaigo_service_office_list_sjis.csv", 5],
      ["iryo-ichiran", "medical_institution_list.csv", "medical_institution_list_sjis.csv", 4],
    ] as const) {
      const applied = await run("import", kind, file, "--tenant", "022039", "--all", "--apply")
      expect(applied.code).toBe(0)
      expect(applied.out).toContainEqual(expect.stringMatching(new RegExp(`^Applied: ${count} created, 0 updated`)))
      const again = await run("import", kind, sjis, "--tenant", "022039", "--all", "--apply")
      expect(again.out.join("\n")).toContain(`Plan: 0 to add, 0 to change, ${count} unchanged, 0 missing`)
    }
  }, 120_000)
})

const clinicFile = "02-1_clinic_facility_info_20260601.csv"
const clinicHoursFile = "02-2_clinic_speciality_hours_20260601.csv"
const clinicText = readFileSync(new URL(clinicFile, fixtures), "utf8")
const clinicHoursText = readFileSync(new URL(clinicHoursFile, fixtures), "utf8")

describe("importing a 医療情報ネット facility file with its hours file", () => {
  let runtime: AppRuntime
  let city: Tenant
  let wide: Tenant

  beforeEach(async () => {
    runtime = makeRuntime(memoryLayer())
    city = await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(hachinohe)))
    wide = await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(wideArea)))
    return () => runtime.dispose()
  })

  const as =
    (tenant: Tenant) =>
    <A, E>(effect: Effect.Effect<A, E, AppServices | Actor>): Promise<A> =>
      runtime.runPromise(effect.pipe(Effect.provideService(Actor, systemPrincipal(tenant.id, "test"))))

  const plan = (tenant: Tenant, options: Partial<IryoNetImportOptions> = {}) =>
    as(tenant)(
      planIryoNetImport({
        facilities: bytesOf(clinicText),
        hours: bytesOf(clinicHoursText),
        fileName: clinicFile,
        hoursFileName: clinicHoursFile,
        importedAt,
        ...options,
      }),
    )

  const directory = (tenant: Tenant) =>
    as(tenant)(
      Effect.flatMap(Effect.service(ResourceStore), (store) =>
        store.search({ status: ["active", "suspended", "closed"], limit: 200 }),
      ),
    ).then((page) => page.items)

  const byId = (tenant: Tenant, id: string) =>
    as(tenant)(Effect.flatMap(Effect.service(ResourceStore), (store) => store.findBySourceRecord("iryo_net", id))).then(
      (found) => Option.getOrThrow(found),
    )

  /** An entry of the tenant imported earlier from another 医療情報ネット file (a hospital, a dental clinic …). */
  const seed = (tenant: Tenant, id: string, kind: Resource["kind"], name: string) =>
    as(tenant)(
      Effect.flatMap(Effect.service(ResourceStore), (store) =>
        store.create({
          tenantId: tenant.id,
          kind,
          name,
          identifiers: { iryoNetId: id },
          address: { prefectureCode: "02", municipalityCode: "022039", line: "青森県八戸市田向1" },
          provenance: { source: "iryo_net", sourceRecordId: id, importedAt },
        }),
      ),
    )

  it("plans a dry run: the tenant's facilities, row errors of both files with lines and columns", async () => {
    const planned = await plan(city)
    expect(planned.summary).toEqual({ rows: 4, ok: 2, invalid: 2, filtered: 1, encoding: "utf-8-bom" })
    expect(planned.categories).toEqual(["clinic"])
    expect(planned.plan.added.map((entry) => entry.identifiers.iryoNetId)).toEqual(["0000000000001"])
    expect(planned.rowErrors.map((e) => [e.line, e.column, e.code])).toEqual([
      [4, "ID", "iryo_net_id"],
      [5, "所在地座標（緯度）", "latitude_range"],
    ])
    expect(planned.hoursErrors.map((e) => [e.line, e.column, e.code])).toEqual([[5, "ID", "iryo_net_id"]])
    for (const error of [...planned.rowErrors, ...planned.hoursErrors]) {
      expect(error.reason.ja.length).toBeGreaterThan(0)
      expect(error.reason.en.length).toBeGreaterThan(0)
    }
    const lines = formatPlannedIryoNetImport(planned)
    expect(lines).toContain("  + 0000000000001 医療法人テスト会テスト内科クリニック")
    expect(lines).toContain("Hours file row errors (1; those department rows are not joined):")
    expect(lines.join("\n")).toContain("Kinds: 診療所 clinic — only entries of these kinds can be missing")
    expect(await directory(city)).toEqual([])
  })

  it("updates opening hours from a newer 医療情報ネット file, and only them", async () => {
    await as(wide)(applyImportPlan((await plan(wide)).plan, { importId: "iryo-first" }))
    const before = await byId(wide, "0000000000001")
    // the clinic now closes Thursday mornings at 11:00 instead of 12:00
    const newerHours = clinicHoursText.replace(
      '"0000000000001","01","内科","1","09:00","12:00","09:00","12:00","09:00","12:00","09:00","12:00"',
      '"0000000000001","01","内科","1","09:00","12:00","09:00","12:00","09:00","12:00","09:00","11:00"',
    )
    expect(newerHours).not.toBe(clinicHoursText)
    const newer = await plan(wide, { hours: bytesOf(newerHours), importedAt: "2026-12-01T00:00:00.000Z" })
    expect(newer.plan.changed.map((change) => change.changes.map((c) => c.field))).toEqual([["hours"]])
    const result = await as(wide)(applyImportPlan(newer.plan, { importId: "iryo-newer" }))
    expect(result).toMatchObject({ created: 0, updated: 1, conflicts: [] })
    const after = await byId(wide, "0000000000001")
    expect(after.version).toBe(before.version + 1)
    expect(after.hours.find((day) => day.day === "thu")?.periods).toEqual([{ opens: "09:00", closes: "11:00" }])
    expect(after.notes).toBe(before.notes)
  })

  it("applies the plan field by field, and a second import changes nothing", async () => {
    const result = await as(wide)(applyImportPlan((await plan(wide)).plan, { importId: "iryo-test" }))
    expect(result).toEqual({ created: 2, updated: 0, alreadyApplied: 0, unchanged: 0, missing: 0, conflicts: [] })
    const clinic = await byId(wide, "0000000000001")
    expect(clinic).toMatchObject({
      tenantId: wide.id,
      kind: "clinic_with_beds",
      name: "医療法人テスト会テスト内科クリニック",
      identifiers: { iryoNetId: "0000000000001" },
      address: { prefectureCode: "02", municipalityCode: "022039", line: "青森県八戸市内丸二丁目2-2" },
      holidayClosures: "祝日、年末年始",
      availability: { capacity: 19, asOf: importedAt },
      provenance: { source: "iryo_net", sourceRecordId: "0000000000001", importedAt },
      notes: "診療科: 内科、小児科\n病床: 一般19床（合計19床）\n略称: テスト内科クリニック",
      version: 1,
    })
    expect(clinic.hours.map((day) => [day.day, day.periods.length])).toEqual([
      ["mon", 2],
      ["tue", 2],
      ["wed", 2],
      ["thu", 1],
      ["fri", 2],
      ["sat", 1],
    ])
    expect((await byId(wide, "0000000000002")).kind).toBe("clinic_without_beds")
    const before = await directory(wide)

    const again = await plan(wide, { importedAt: "2026-12-01T00:00:00.000Z" })
    expect(again.plan).toMatchObject({ added: [], changed: [], unchanged: 2, missing: [] })
    expect(await as(wide)(applyImportPlan(again.plan))).toEqual({
      created: 0,
      updated: 0,
      alreadyApplied: 0,
      unchanged: 2,
      missing: 0,
      conflicts: [],
    })
    expect(await directory(wide)).toEqual(before)
  })

  it("a clinic file never marks hospitals or dental clinics missing, only clinics", async () => {
    await as(wide)(applyImportPlan((await plan(wide)).plan))
    await seed(wide, "0100000000001", "hospital", "テスト病院")
    await seed(wide, "0300000000001", "dental_clinic", "テスト歯科医院")
    const withoutFirst = clinicText
      .split(/(?<=\n)/)
      .filter((line) => !line.startsWith('"0000000000001"'))
      .join("")
    const planned = await plan(wide, { facilities: bytesOf(withoutFirst) })
    expect(planned.plan.missing.map((entry) => entry.provenance.sourceRecordId)).toEqual(["0000000000001"])
    expect(formatPlannedIryoNetImport(planned)).toContain(
      "  - 0000000000001 医療法人テスト会テスト内科クリニック (active)",
    )

    // a file whose name does not tell its kind: the kinds come from the rows' 機関区分
    const renamed = await plan(wide, { facilities: bytesOf(withoutFirst), fileName: "facilities.csv" })
    expect(renamed.categories).toEqual(["clinic"])
    expect(renamed.plan.missing.map((entry) => entry.provenance.sourceRecordId)).toEqual(["0000000000001"])

    // told it is a hospital file, the clinic rows are row errors and only the hospital can be missing
    const hospital = await plan(wide, { category: "hospital" })
    expect(hospital.rowErrors.filter((e) => e.code === "institution_kind_file").map((e) => e.line)).toEqual([2, 3])
    expect(hospital.plan.missing.map((entry) => entry.provenance.sourceRecordId)).toEqual(["0100000000001"])
  })

  it("strict mode rejects the files, which have bad rows, and changes nothing", async () => {
    const failure = await as(wide)(
      Effect.flip(
        planIryoNetImport({
          facilities: bytesOf(clinicText),
          hours: bytesOf(clinicHoursText),
          fileName: clinicFile,
          hoursFileName: clinicHoursFile,
          strict: true,
        }),
      ),
    )
    expect(failure).toBeInstanceOf(CsvFileError)
    // the hours file is read first: its bad line 5 rejects the import
    expect(failure).toMatchObject({ reason: "row_rejected", line: 5 })
    expect((failure as CsvFileError).detail.en).toMatch(/^Hours file: /)
    expect(await directory(wide)).toEqual([])
  })
})

describe("zaitaku import iryo-net", () => {
  let runtime: AppRuntime
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "zaitaku-iryo-net-"))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    runtime = makeRuntime(memoryLayer())
    await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(hachinohe)))
    await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(wideArea)))
    return () => runtime.dispose()
  })

  const run = async (...argv: Array<string>) => {
    const streams = capture()
    const code = await runCli(argv, { env: {}, io: streams.io, runtime, cwd: fileURLToPath(fixtures) })
    return { code, ...streams }
  }

  const entries = async (code: string): Promise<ReadonlyArray<Resource>> => {
    const tenant = await runtime.runPromise(
      Effect.flatMap(Effect.service(TenantStore), (t) => t.findByCode(code)).pipe(Effect.map(Option.getOrThrow)),
    )
    const page = await runtime.runPromise(
      Effect.flatMap(Effect.service(ResourceStore), (store) => store.search({ limit: 200 })).pipe(
        Effect.provideService(Actor, systemPrincipal(tenant.id, "test")),
      ),
    )
    return page.items
  }

  it("prints a dry run: progress on stderr, the plan and both files' row errors on stdout, exit 0", async () => {
    const result = await run("import", "iryo-net", clinicFile, clinicHoursFile, "--tenant", "022039")
    expect(result.code).toBe(0)
    expect(result.err).toEqual([expect.stringMatching(/^import: 4 rows read, 2 ok, 2 with errors, \d+ rows\/s/)])
    const out = result.out.join("\n")
    expect(out).toContain("Tenant: 八戸市 (022039)")
    expect(out).toContain(`File: ${clinicFile} (医療情報ネット, utf-8-bom)`)
    expect(out).toContain("Rows: 4 read, 2 ok, 2 with errors, 1 outside the municipalities")
    expect(out).toContain("Plan: 1 to add, 0 to change, 0 unchanged, 0 missing from the file")
    expect(result.out).toContainEqual(expect.stringMatching(/^ {2}line 4, ID: .+ \/ ID must be exactly 13 digits/))
    expect(out).toContain("Dry run: nothing was changed.")
    expect(await entries("022039")).toEqual([])
  })

  it("applies with --apply --all, and a second run changes nothing", async () => {
    const first = await run("import", "iryo-net", clinicFile, clinicHoursFile, "--tenant", "022039", "--all", "--apply")
    expect(first.code).toBe(0)
    expect(first.out).toContainEqual(expect.stringMatching(/^Applied: 2 created, 0 updated, /))
    expect(await entries("022039")).toHaveLength(2)
    const second = await run(
      "import",
      "iryo-net",
      fixturePath(clinicFile),
      fixturePath(clinicHoursFile),
      "--tenant",
      "022039",
      "--all",
      "--apply",
    )
    expect(second.code).toBe(0)
    expect(second.out.join("\n")).toContain("Plan: 0 to add, 0 to change, 2 unchanged, 0 missing")
    expect(second.out).toContainEqual(
      expect.stringMatching(/^Applied: 0 created, 0 updated, 0 already applied, 2 unchanged, 0 conflicts/),
    )
  })

  it("exits 1 in strict mode with bad rows, changing nothing", async () => {
    const result = await run(
      "import",
      "iryo-net",
      clinicFile,
      clinicHoursFile,
      "--tenant",
      "test-wide-area",
      "--strict",
      "--apply",
    )
    expect(result.code).toBe(1)
    expect(result.err.join("\n")).toMatch(/診療科・診療時間票：.*厳格モード.* \/ Hours file: Strict mode/)
    expect(result.err).toContain("zaitaku: nothing was changed.")
    expect(result.out).toEqual([])
    expect(await entries("test-wide-area")).toEqual([])
  })

  it("exits 1 when the hours file cannot be read, naming it", async () => {
    const missing = join(dir, "02-2_clinic_speciality_hours_20991201.csv")
    const result = await run("import", "iryo-net", clinicFile, missing, "--tenant", "022039")
    expect(result.code).toBe(1)
    expect(result.err.join("\n")).toMatch(/Cannot read .*02-2_clinic_speciality_hours_20991201\.csv: ENOENT/)
  })

  it.each([
    [["import", "iryo-net", clinicFile, "--tenant", "022039"], /expected <facility-file> and <hours-file>/],
    [["import", "iryo-net", clinicFile, clinicHoursFile], /--tenant is required/],
    [["import", "iryo-net", "a.csv", "b.csv", "--tenant", "022039", "--category", "pharmacy"], /--category: must be/],
    [["import", "iryo-net", "a.csv", clinicFile, "--tenant", "022039"], /the facility file .* comes first/],
    [
      ["import", "iryo-net", clinicFile, clinicHoursFile, "--tenant", "022039", "--service-type", "130"],
      /Unknown option/,
    ],
  ])("answers a usage error in %j with exit code 2", async (argv, message) => {
    const result = await run(...argv)
    expect(result.code).toBe(2)
    expect(result.err.join("\n")).toMatch(message)
  })

  it.each([[["import", "iryo-net", "--help"]], [["import", "--help"]], [["--help"]]])(
    "prints help for %j",
    async (argv) => {
      const result = await run(...argv)
      expect(result.code).toBe(0)
      expect(result.out.join("\n")).toMatch(/import iryo-net <facility-file> <hours-file> --tenant <code>/)
    },
  )
})

// ---------------------------------------------------------------------------------------------------------------
// デジタル庁 自治体標準オープンデータセット
// ---------------------------------------------------------------------------------------------------------------

const kaigoListFile = "kaigo_service_office_list.csv"
const kaigoListText = readFileSync(new URL(kaigoListFile, fixtures), "utf8").replace(/^\ufeff/, "")
const medicalListFile = "medical_institution_list.csv"
const medicalListText = readFileSync(new URL(medicalListFile, fixtures), "utf8")

describe("importing a デジタル庁 介護サービス事業所一覧 or 医療機関一覧", () => {
  let runtime: AppRuntime
  let city: Tenant
  let wide: Tenant

  beforeEach(async () => {
    runtime = makeRuntime(memoryLayer())
    city = await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(hachinohe)))
    wide = await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(wideArea)))
    return () => runtime.dispose()
  })

  const as =
    (tenant: Tenant) =>
    <A, E>(effect: Effect.Effect<A, E, AppServices | Actor>): Promise<A> =>
      runtime.runPromise(effect.pipe(Effect.provideService(Actor, systemPrincipal(tenant.id, "test"))))

  const plan = (
    tenant: Tenant,
    dataset: StandardDataset,
    text: string,
    options: Partial<StandardDatasetImportOptions> = {},
  ) =>
    as(tenant)(
      planStandardDatasetImport(dataset, {
        source: bytesOf(text),
        fileName: dataset === "care_office_list" ? kaigoListFile : medicalListFile,
        importedAt,
        ...options,
      }),
    )

  const directory = (tenant: Tenant) =>
    as(tenant)(
      Effect.flatMap(Effect.service(ResourceStore), (store) =>
        store.search({ status: ["active", "suspended", "closed"], limit: 200 }),
      ),
    ).then((page) => page.items)

  const bySource = (
    tenant: Tenant,
    source: "standard_care_office_list" | "standard_medical_institution_list",
    key: string,
  ) =>
    as(tenant)(Effect.flatMap(Effect.service(ResourceStore), (store) => store.findBySourceRecord(source, key))).then(
      (found) => Option.getOrThrow(found),
    )

  const auditOf = async (tenant: Tenant): Promise<ReadonlyArray<AuditEntry>> =>
    as(tenant)(Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 500 }))).then((page) => page.entries)

  it("plans a dry run of a 介護サービス事業所一覧: the tenant's rows to add, row errors with line and column", async () => {
    const planned = await plan(city, "care_office_list", kaigoListText)
    // line 6 is read but names no care service: a mapping error, counted with the rows in error
    expect(planned.summary).toEqual({ rows: 11, ok: 5, invalid: 6, filtered: 1, encoding: "utf-8" })
    expect(planned.plan.added.map((entry) => entry.provenance.sourceRecordId)).toEqual([
      "home_nursing_station:0260190001",
      "home_help:0260190001",
      "day_service:0270100002",
      "care_management_office:0270100009",
    ])
    expect(planned.rowErrors.map((e) => [e.line, e.column, e.code])).toEqual([
      [6, "実施サービス", "service"],
      [7, "介護サービス事業所名称_カナ", "required"],
      [7, "電話番号", "required"],
      [8, "事業所番号", "required"],
      [9, "都道府県コード又は市区町村コード", "prefecture_code"],
      [10, "経度", "longitude_range"],
      [10, "法人番号", "check_digit"],
      [13, undefined, "column_count"],
    ])
    const lines = formatPlannedStandardDatasetImport(planned)
    expect(lines[0]).toBe(`File: ${kaigoListFile} (デジタル庁 介護サービス事業所一覧, utf-8)`)
    expect(lines).toContain("  + 0260190001 テスト訪問看護ステーション八戸")
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}line 9, 都道府県コード又は市区町村コード: 020001は都道府県/),
    )
    expect(await directory(city)).toEqual([])
  })

  it("applies a 介護サービス事業所一覧 field by field, audited once; importing it again changes nothing", async () => {
    const result = await as(wide)(applyImportPlan((await plan(wide, "care_office_list", kaigoListText)).plan))
    expect(result).toEqual({ created: 5, updated: 0, alreadyApplied: 0, unchanged: 0, missing: 0, conflicts: [] })
    const houkan = await bySource(wide, "standard_care_office_list", "home_nursing_station:0260190001")
    expect(houkan).toMatchObject({
      kind: "home_nursing_station",
      name: "テスト訪問看護ステーション八戸",
      nameKana: "テストホウモンカンゴステーションハチノヘ",
      identifiers: { careOfficeNumber: "0260190001" },
      address: {
        prefectureCode: "02",
        municipalityCode: "022039",
        line: "青森県八戸市内丸一丁目1-1",
        building: "テストビル2階",
      },
      location: { latitude: 40.512, longitude: 141.488 },
      phone: "0178-00-0001",
      fax: "0178-00-0002",
      url: "https://example.jp/houkan-hachinohe",
      contactNotes: "内線番号: 12",
      holidayClosures: "年末年始を除く",
      provenance: {
        source: "standard_care_office_list",
        sourceRecordId: "home_nursing_station:0260190001",
        importedAt,
      },
      notes: "利用可能曜日: 月火水木金\n24時間連絡体制あり",
      version: 1,
    })
    expect(houkan.availability).toBeUndefined()
    const home = await bySource(wide, "standard_care_office_list", "special_nursing_home:0270100003")
    expect(home).toMatchObject({ address: { municipalityCode: "024414" }, availability: { capacity: 80 } })
    const applied = (await auditOf(wide)).filter((entry) => entry.action === "directory_import.apply")
    expect(applied).toHaveLength(1)
    expect(applied[0]?.details).toMatchObject({ source: "standard_care_office_list", created: 5 })

    const before = await directory(wide)
    const sjis = readFileSync(new URL("kaigo_service_office_list_sjis.csv", fixtures))
    const again = await as(wide)(
      planStandardDatasetImport("care_office_list", { source: [sjis], fileName: "sjis.csv", importedAt }),
    )
    expect(again.summary.encoding).toBe("cp932")
    expect(again.plan).toMatchObject({ added: [], changed: [], unchanged: 5, missing: [] })
    expect(await as(wide)(applyImportPlan(again.plan))).toMatchObject({ created: 0, updated: 0, unchanged: 5 })
    expect(await directory(wide)).toEqual(before)
  })

  it("a newer 介護サービス事業所一覧 shows a changed field and a missing entry; applying changes only that", async () => {
    await as(wide)(applyImportPlan((await plan(wide, "care_office_list", kaigoListText)).plan))
    const newer = kaigoListText
      .replace("0178-00-0071", "0178-00-0072")
      .split(/(?<=\r\n)/)
      .filter((line) => !line.includes("テスト特別養護老人ホーム三戸"))
      .join("")
    const planned = await plan(wide, "care_office_list", newer)
    expect(planned.plan.changed.map((c) => [c.existing.provenance.sourceRecordId, c.changes])).toEqual([
      ["care_management_office:0270100009", [{ field: "phone", from: "0178-00-0071", to: "0178-00-0072" }]],
    ])
    expect(planned.plan.missing.map((r) => r.provenance.sourceRecordId)).toEqual(["special_nursing_home:0270100003"])
    const result = await as(wide)(applyImportPlan(planned.plan))
    expect(result).toMatchObject({ created: 0, updated: 1, missing: 1, conflicts: [] })
    expect(await bySource(wide, "standard_care_office_list", "care_management_office:0270100009")).toMatchObject({
      phone: "0178-00-0072",
      version: 2,
    })
    // a missing entry is a closure candidate, never closed by the import
    expect(await bySource(wide, "standard_care_office_list", "special_nursing_home:0270100003")).toMatchObject({
      status: "active",
      version: 1,
    })
  })

  it("applies a 医療機関一覧 with its hours; a newer file updates them; importing it again changes nothing", async () => {
    const planned = await plan(wide, "medical_institution_list", medicalListText)
    expect(planned.summary).toEqual({ rows: 8, ok: 4, invalid: 4, filtered: 0, encoding: "utf-8" })
    expect(await as(wide)(applyImportPlan(planned.plan))).toMatchObject({ created: 4, conflicts: [] })
    expect(await bySource(wide, "standard_medical_institution_list", "0210000002")).toMatchObject({
      kind: "clinic_with_beds",
      identifiers: { medicalInstitutionCode: "0210000002" },
      hours: ["mon", "tue", "wed", "thu", "fri", "sat"].map((day) => ({
        day,
        periods: [{ opens: "09:00", closes: "12:30" }],
      })),
      availability: { capacity: 19 },
      notes: "診療科: 外科、整形外科",
    })
    const again = await plan(wide, "medical_institution_list", medicalListText)
    expect(again.plan).toMatchObject({ added: [], changed: [], unchanged: 4, missing: [] })

    const newer = medicalListText.replace("月～土,9:00,12:30", "月～土,9:00,13:00")
    const changed = await plan(wide, "medical_institution_list", newer)
    expect(changed.plan.changed).toHaveLength(1)
    expect(changed.plan.changed[0]?.changes.map((c) => c.field)).toEqual(["hours"])
    await as(wide)(applyImportPlan(changed.plan))
    const clinic = await bySource(wide, "standard_medical_institution_list", "0210000002")
    expect(clinic.hours[0]).toEqual({ day: "mon", periods: [{ opens: "09:00", closes: "13:00" }] })
  })

  it("strict mode rejects a file with bad rows and changes nothing", async () => {
    const failure = await plan(wide, "medical_institution_list", medicalListText, { strict: true }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toMatchObject({ reason: "row_rejected", line: 6 })
    // a mapping error rejects the file too (line 6 of the 介護 list is read, but names no care service)
    const mapping = await plan(wide, "care_office_list", kaigoListText, { strict: true }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(mapping).toBeInstanceOf(CsvFileError)
    expect(mapping).toMatchObject({ reason: "row_rejected", line: 6, rowErrors: [{ column: "実施サービス" }] })
    expect(await directory(wide)).toEqual([])
  })

  it("refuses a fallback municipality code that is not a 市区町村's", async () => {
    const failure = await plan(city, "medical_institution_list", medicalListText, { municipalityCode: "020001" }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(failure).toMatchObject({ _tag: "ValidationError", issues: [{ path: ["municipalityCode"] }] })
  })
})

describe("zaitaku import kaigo-ichiran and iryo-ichiran", () => {
  let runtime: AppRuntime
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "zaitaku-standard-"))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    runtime = makeRuntime(memoryLayer())
    await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(hachinohe)))
    await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(wideArea)))
    return () => runtime.dispose()
  })

  const run = async (...argv: Array<string>) => {
    const streams = capture()
    const code = await runCli(argv, { env: {}, io: streams.io, runtime, cwd: fileURLToPath(fixtures) })
    return { code, ...streams }
  }

  const entries = async (code: string): Promise<ReadonlyArray<Resource>> => {
    const tenant = await runtime.runPromise(
      Effect.flatMap(Effect.service(TenantStore), (t) => t.findByCode(code)).pipe(Effect.map(Option.getOrThrow)),
    )
    const page = await runtime.runPromise(
      Effect.flatMap(Effect.service(ResourceStore), (store) => store.search({ limit: 200 })).pipe(
        Effect.provideService(Actor, systemPrincipal(tenant.id, "test")),
      ),
    )
    return page.items
  }

  it("prints a dry run: progress on stderr, the plan and the bilingual row errors on stdout, exit 0", async () => {
    const result = await run("import", "kaigo-ichiran", kaigoListFile, "--tenant", "022039")
    expect(result.code).toBe(0)
    expect(result.err).toEqual([expect.stringMatching(/^import: 11 rows read, 5 ok, 6 with errors, \d+ rows\/s/)])
    const out = result.out.join("\n")
    expect(out).toContain("Tenant: 八戸市 (022039)")
    expect(out).toContain(`File: ${kaigoListFile} (デジタル庁 介護サービス事業所一覧, utf-8-bom)`)
    expect(out).toContain("Rows: 11 read, 5 ok, 6 with errors, 1 outside the municipalities")
    expect(out).toContain("Plan: 4 to add, 0 to change, 0 unchanged, 0 missing from the file")
    expect(result.out).toContainEqual(
      expect.stringMatching(/^ {2}line 7, 電話番号: 電話番号は必須です \/ 電話番号 is required$/),
    )
    expect(out).toContain("Dry run: nothing was changed.")
    expect(await entries("022039")).toEqual([])
  })

  it.each([
    ["kaigo-ichiran", kaigoListFile, "kaigo_service_office_list_sjis.csv", 5],
    ["iryo-ichiran", medicalListFile, "medical_institution_list_sjis.csv", 4],
  ])("%s applies with --apply, and a second run (Shift_JIS) changes nothing", async (kind, file, sjis, count) => {
    const first = await run("import", kind, file, "--tenant", "test-wide-area", "--apply")
    expect(first.code).toBe(0)
    expect(first.out).toContainEqual(expect.stringMatching(new RegExp(`^Applied: ${count} created, 0 updated, `)))
    expect(await entries("test-wide-area")).toHaveLength(count)
    const second = await run("import", kind, fixturePath(sjis), "--tenant", "test-wide-area", "--apply")
    expect(second.code).toBe(0)
    expect(second.out.join("\n")).toContain(`Plan: 0 to add, 0 to change, ${count} unchanged, 0 missing`)
    expect(second.out).toContainEqual(
      expect.stringMatching(new RegExp(`^Applied: 0 created, 0 updated, 0 already applied, ${count} unchanged`)),
    )
  })

  it("exits 1 in strict mode with bad rows, changing nothing", async () => {
    const result = await run("import", "iryo-ichiran", medicalListFile, "--tenant", "022039", "--strict", "--apply")
    expect(result.code).toBe(1)
    expect(result.err.join("\n")).toMatch(/6行目にエラーがあるため.*厳格モード.* \/ Strict mode: the file is rejected/)
    expect(result.err).toContain("zaitaku: nothing was changed.")
    expect(await entries("022039")).toEqual([])
  })

  it("a 医療機関一覧 without the code column needs --municipality, and imports with it", async () => {
    // the named columns only: drop the four leading columns of every line
    const text = medicalListText
      .split("\r\n")
      .map((line) => line.split(",").slice(4).join(","))
      .join("\r\n")
    const file = join(dir, "medical_named_only.csv")
    await writeFile(file, text)
    const refused = await run("import", "iryo-ichiran", file, "--tenant", "022039")
    expect(refused.code).toBe(1)
    expect(refused.err.join("\n")).toContain("不足している列：都道府県コード又は市区町村コード")
    expect(refused.err).toContain(
      "zaitaku: a file without 都道府県コード又は市区町村コード needs --municipality <code>.",
    )
    const taken = await run("import", "iryo-ichiran", file, "--tenant", "022039", "--municipality", "022039", "--apply")
    expect(taken.code).toBe(0)
    // every row takes 八戸市: the 三戸 hospital too, and line 9, whose only error was its code
    expect(taken.out).toContainEqual(expect.stringMatching(/^Applied: 5 created, /))
  })

  it.each([
    [["import", "kaigo-ichiran", "--tenant", "022039"], /expected exactly one <file>/],
    [["import", "iryo-ichiran", medicalListFile], /--tenant is required/],
    [["import", "iryo-ichiran", medicalListFile, "--tenant", "022039", "--municipality", "020001"], /--municipality/],
    [["import", "kaigo-ichiran", kaigoListFile, "--tenant", "022039", "--category", "clinic"], /Unknown option/],
  ])("answers a usage error in %j with exit code 2", async (argv, message) => {
    const result = await run(...argv)
    expect(result.code).toBe(2)
    expect(result.err.join("\n")).toMatch(message)
  })

  it.each([
    [
      ["import", "kaigo-ichiran", "--help"],
      /import kaigo-ichiran <file> --tenant <code>.*\n[\s\S]*介護サービス事業所一覧/,
    ],
    [["import", "iryo-ichiran", "--help"], /import iryo-ichiran <file> --tenant <code>[\s\S]*--municipality <code>/],
    [["import", "--help"], /iryo-ichiran {2}デジタル庁 自治体標準オープンデータセット「医療機関一覧」/],
  ])("prints help for %j", async (argv, pattern) => {
    const result = await run(...argv)
    expect(result.code).toBe(0)
    expect(result.out.join("\n")).toMatch(pattern)
  })
})
