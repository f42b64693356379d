/**
 * Indicator benchmark (`pnpm bench`, after the forms benchmark): computes the standard indicator catalogue for
 * 1,741 synthetic municipalities × 36 months (令和5〜7年度) from 10,000,000 synthetic activity and coordination
 * records on PostgreSQL, through the real ports under each municipality's own actor (row-level security on), and
 * compares three of the indicators with one hand-written SQL query each over all tenants, in the same run.
 *
 * 1. A fresh database from `ZAITAKU_TEST_DATABASE_URL` (dropped at the end); the application connects as a login
 *    role that is a member of `zaitaku_app` (row-level security binds it), migrations and seeding use the owner.
 * 2. Seeding (timed, not the measured part): one municipality tenant per municipality through `TenantStore`, then
 *    consultations, events with registrations, meetings, issues, countermeasures and 入退院 cases in SQL
 *    (`INSERT … SELECT … FROM generate_series`), with the columns and the JSON the stores write; a sample is read
 *    back through the ports and must parse with core's schemas to itself and give the same filter columns.
 * 3. The measured part: `runPipeline` (see `internal/IndicatorBench.ts`), with the process's RSS sampled every
 *    100 ms; then the three SQL queries, each timed; the values must be equal, month by month and municipality by
 *    municipality, or the run fails without writing anything.
 *
 * Results go to stdout and to `docs/benchmarks.md` between `<!-- bench:indicators:start -->` and
 * `<!-- bench:indicators:end -->`, with the machine and the date. Progress goes to stderr.
 *
 * Environment: `ZAITAKU_TEST_DATABASE_URL` (required; without it the benchmark says so and does nothing),
 * `ZAITAKU_BENCH_INDICATOR_RECORDS` (default 10,000,000), `ZAITAKU_BENCH_INDICATOR_MUNICIPALITIES` (default 1,741).
 *
 * @since 0.1.0
 */

import { arch, cpus, release, totalmem, type } from "node:os"
import { performance } from "node:perf_hooks"
import { createTestDatabase, loginRoleUrl, migrate, openPg } from "@zaitaku/store-postgres"
import { writeBenchmarkSection } from "./internal/BenchReport.js"
import {
  benchMunicipalities,
  benchRuntime,
  type CheckedIndicator,
  checkedIndicators,
  createTenants,
  gridDifferences,
  type PipelineResult,
  runPipeline,
  runSql,
  type SeedCounts,
  seed,
  seedPlan,
  verifySample,
} from "./internal/IndicatorBench.js"

const envInt = (name: string, fallback: number, min: number, max: number): number => {
  const raw = process.env[name]
  if (raw === undefined || raw === "") return fallback
  const value = Number(raw.replaceAll("_", ""))
  if (!Number.isInteger(value) || value < min || value > max) {
    process.stderr.write(`zaitaku bench: ${name} must be a whole number between ${min} and ${max}\n`)
    process.exit(2)
  }
  return value
}

const recordCount = envInt("ZAITAKU_BENCH_INDICATOR_RECORDS", 10_000_000, 1_000, 50_000_000)
const municipalityCount = envInt("ZAITAKU_BENCH_INDICATOR_MUNICIPALITIES", 1_741, 1, 1_741)

const log = (message: string) =>
  process.stderr.write(`[bench:indicators ${new Date().toISOString().slice(11, 19)}] ${message}\n`)
const format = (n: number): string => Math.round(n).toLocaleString("en-US")
const mib = (bytes: number): number => bytes / 1024 / 1024

const indicatorNames: Readonly<Record<CheckedIndicator, string>> = {
  consultations_total: "相談件数 (`consultations_total`)",
  training_participants: "研修参加者数 (`training_participants`)",
  consultation_referral_rate: "相談のつなぎ率 (`consultation_referral_rate`, %)",
}

interface SqlRun {
  readonly indicator: CheckedIndicator
  readonly seconds: number
  readonly cells: number
  readonly withValue: number
}

const report = (input: {
  readonly seeded: SeedCounts
  readonly seedSeconds: number
  readonly tenantSeconds: number
  readonly verified: number
  readonly pipeline: PipelineResult
  readonly peakRss: number
  readonly baselineRss: number
  readonly peakHeap: number
  readonly sql: ReadonlyArray<SqlRun>
}): string => {
  const { seeded, pipeline, sql } = input
  const cpu = cpus()[0]?.model ?? "unknown CPU"
  const s = pipeline.seconds
  const read = pipeline.records.activity + pipeline.records.registrations + pipeline.records.cases
  const evenShare = s.total / pipeline.indicators
  const full = municipalityCount === 1_741 && recordCount >= 10_000_000
  return [
    `Measured ${new Date().toISOString()} on PostgreSQL, ${format(pipeline.tenants)} municipalities × 36 months ` +
      `(令和5〜7年度, 2023-04-01 to 2026-03-31), ${format(seeded.total)} synthetic records.` +
      (full ? "" : ` **Not the full scale** (1,741 municipalities and 10,000,000 records): a smaller run.`),
    "",
    `- Machine: ${cpu}, ${cpus().length} cores shared with other work during the run, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory; PostgreSQL on the same machine`,
    `- Node ${process.version}, ${type()} ${release()} (${arch()})`,
    `- Parameters: \`ZAITAKU_BENCH_INDICATOR_RECORDS=${recordCount}\`, \`ZAITAKU_BENCH_INDICATOR_MUNICIPALITIES=${municipalityCount}\``,
    "",
    "### Data (seeded, not measured)",
    "",
    "| records | count |",
    "|---|---:|",
    `| consultations (相談) | ${format(seeded.consultations)} |`,
    `| events (研修・普及啓発) | ${format(seeded.events)} |`,
    `| registrations (参加申込) | ${format(seeded.registrations)} |`,
    `| meetings (会議) | ${format(seeded.meetings)} |`,
    `| issues (課題) | ${format(seeded.issues)} |`,
    `| countermeasures (対応策) | ${format(seeded.countermeasures)} |`,
    `| coordination cases (入退院, with their events and evidence) | ${format(seeded.cases)} |`,
    `| **total** | **${format(seeded.total)}** |`,
    "",
    `Seeding took ${format(input.tenantSeconds)} s for the ${format(pipeline.tenants)} tenants (through ` +
      `\`TenantStore.create\`) and ${format(input.seedSeconds)} s for the records (SQL \`INSERT … SELECT … FROM ` +
      "generate_series` on the owner connection, 50 tenants per statement, then `ANALYZE`). " +
      `${format(input.verified)} records and filter columns of three tenants were read back through the ports and ` +
      "parse with core's schemas to exactly what was stored (defaults applied, nothing extra), with the filter " +
      "columns the stores compute.",
    "",
    "### The pipeline (measured)",
    "",
    "| | |",
    "|---|---:|",
    `| total time | **${s.total.toFixed(1)} s** |`,
    `| records read through the ports | ${format(read)} (${format(read / s.total)} records/s) |`,
    `| — \`ActivityStore.activityRecords\` (one call per municipality and fiscal year) | ${format(pipeline.records.activity + pipeline.records.registrations)} in ${s.activityReads.toFixed(1)} s |`,
    `| — \`CaseStore.list\` (pages of 200, cases overlapping the fiscal year) | ${format(pipeline.records.cases)} in ${s.caseReads.toFixed(1)} s |`,
    `| \`computeActivityDataValues\` | ${s.dataValues.toFixed(1)} s |`,
    `| \`complianceReport\` → \`complianceIndicators\` (per month) | ${s.compliance.toFixed(1)} s |`,
    `| every indicator × municipality × month (\`evaluateIndicator\`) | ${s.evaluation.toFixed(1)} s |`,
    `| \`rollUpDataValues\` to ${format(pipeline.areas.secondary)} 二次医療圏 and ${pipeline.areas.prefectures} prefectures, and their indicators | ${s.rollUp.toFixed(1)} s |`,
    `| data values computed (municipality × month) / rolled up | ${format(pipeline.dataValues)} / ${format(pipeline.rolledUpValues)} |`,
    `| indicator values: municipalities / larger areas (of which with a value) | ${format(pipeline.indicatorValues.municipalities)} / ${format(pipeline.indicatorValues.larger)} (${format(pipeline.indicatorValues.withValue)}) |`,
    `| peak RSS (sampled every 100 ms; before: ${format(mib(input.baselineRss))} MiB) | **${format(mib(input.peakRss))} MiB** |`,
    `| peak heap used (sampled) | ${format(mib(input.peakHeap))} MiB |`,
    "",
    `All ${pipeline.indicators} indicators of the standard catalogue are evaluated for every area and month; ` +
      "those whose data come from elsewhere (population, the directory, surveys, NDB) have no data values in this " +
      "run and evaluate to no data, which is counted but not a value. 入退院 figures (入院時情報提供の期限内率, " +
      "退院調整率) come from the cases: each month's cases (those with an event in the month) go through " +
      "`complianceReport` with the 2018 and 2024 national rule sets and the holiday calendar of " +
      "`@zaitaku/calendar-jp`, as of 2026-04-10. Each municipality's values are dropped once its indicators are " +
      "evaluated, each prefecture's once it is rolled up, so memory depends on the largest prefecture, not the run. " +
      "Every port call is its own transaction as the municipality's actor (`SET LOCAL ROLE`, the tenant setting, " +
      "the query, an audit entry, `COMMIT`).",
    "",
    "### Against one hand-written SQL query per indicator (same run)",
    "",
    "| indicator | SQL query | cells (with a value) | pipeline ÷ SQL (whole pipeline) | pipeline ÷ SQL (even share) |",
    "|---|---:|---:|---:|---:|",
    ...sql.map(
      (r) =>
        `| ${indicatorNames[r.indicator]} | ${r.seconds.toFixed(2)} s | ${format(r.cells)} (${format(r.withValue)}) | ` +
        `${(s.total / r.seconds).toFixed(0)} × | ${(evenShare / r.seconds).toFixed(1)} × |`,
    ),
    "",
    "Each query runs over every tenant's rows at once on the owner connection (no row-level security, no audit), " +
      "grouped by municipality and month, with the months without records filled in (0, or no data for the rate), " +
      "after the pipeline has read the same tables. The values are equal to the pipeline's for every municipality " +
      "and month (the run fails otherwise): counts exactly, the rate after the catalogue's rounding (one decimal). " +
      "The pipeline computes every indicator in one pass and its time cannot be split by indicator: the first " +
      `ratio sets the whole pipeline against one query, the second an even share of it (the total ÷ the ` +
      `${pipeline.indicators} indicators). 研修参加者数 follows core's rules in SQL: the recorded count of a held ` +
      "training, else the confirmed registrations marked attended when attendance was taken for all of them, and " +
      "no data for the month when any training's number is unknown.",
    "",
    "The data: municipalities with valid codes (check digits) in as many per prefecture as Japan has, about five " +
      "to a 二次医療圏, sizes log-normal (市 three times larger than 町村); consultations on weekdays mostly, from " +
      "residents and families (38 %), care providers, medical institutions, 地域包括支援センター, with one or two " +
      "topics, scenes for 60 %, 20 % referred; trainings and public events, two in five trainings with " +
      "registrations (10–39 applicants, 8 % cancelled, attendance taken for 95 % of the held ones), the rest with a " +
      "count (most with a breakdown by profession, some with none); meetings of six kinds with attendees by " +
      "organisation (5 % unrecorded); issues and countermeasures; cases admitted in the daytime (70 %), evening " +
      "(20 %) and at night (10 %) on any day, weekends and 祝日 included, 85 % of those with a care level having a " +
      "care manager (three office schedules), three in four informing the hospital within five days, 90 % " +
      "discharged after 3–47 days.",
  ].join("\n")
}

const main = async () => {
  const adminUrl = process.env.ZAITAKU_TEST_DATABASE_URL
  if (adminUrl === undefined || adminUrl === "") {
    log("ZAITAKU_TEST_DATABASE_URL is not set: the indicator benchmark needs PostgreSQL; skipped")
    return
  }
  const database = await createTestDatabase(adminUrl, "zaitaku_bench_indicators")
  try {
    const owner = await openPg({ connectionString: database.url, max: 2 })
    await migrate(owner)
    await owner.close()
    const session = await openPg({
      connectionString: await loginRoleUrl(database),
      ownerConnectionString: database.url,
      max: 4,
    })
    const runtime = benchRuntime(session)
    try {
      const municipalities = benchMunicipalities(municipalityCount)
      log(`${format(municipalities.length)} municipalities: creating tenants`)
      let began = performance.now()
      const tenants = await createTenants(runtime, municipalities)
      const tenantSeconds = (performance.now() - began) / 1000
      log(`seeding about ${format(recordCount)} records`)
      began = performance.now()
      let lastLog = 0
      const seeded = await seed(session, tenants, seedPlan(recordCount), {
        onProgress: (kind, done) => {
          if (performance.now() - lastLog > 30_000) {
            lastLog = performance.now()
            log(`  … ${kind} up to tenant ${done} of ${tenants.length}`)
          }
        },
      })
      const seedSeconds = (performance.now() - began) / 1000
      log(`seeded ${format(seeded.total)} records in ${seedSeconds.toFixed(0)} s; checking a sample`)
      const verified = await verifySample(runtime, session, [
        tenants[0]!,
        tenants[Math.floor(tenants.length / 2)]!,
        tenants.at(-1)!,
      ])

      log("pipeline …")
      const baselineRss = process.memoryUsage().rss
      let peakRss = baselineRss
      let peakHeap = 0
      const sampler = setInterval(() => {
        const usage = process.memoryUsage()
        peakRss = Math.max(peakRss, usage.rss)
        peakHeap = Math.max(peakHeap, usage.heapUsed)
      }, 100)
      let pipeline: PipelineResult
      const sql: Array<SqlRun> = []
      const differences: Array<string> = []
      try {
        pipeline = await runPipeline(runtime, tenants, {
          onTenant: (done) => {
            if (done % 100 === 0) log(`  … ${done} of ${tenants.length} municipalities`)
          },
        })
        log(`pipeline: ${pipeline.seconds.total.toFixed(1)} s; SQL …`)
        for (const indicator of checkedIndicators) {
          const result = await runSql(session, indicator)
          const values = [...result.grid.values()]
          sql.push({
            indicator,
            seconds: result.seconds,
            cells: values.length,
            withValue: values.filter((v) => v !== null).length,
          })
          for (const d of gridDifferences(pipeline.grids[indicator], result.grid)) differences.push(`${indicator} ${d}`)
          log(`  ${indicator}: ${result.seconds.toFixed(2)} s`)
        }
      } finally {
        clearInterval(sampler)
      }
      const section = report({
        seeded,
        seedSeconds,
        tenantSeconds,
        verified,
        pipeline,
        peakRss,
        baselineRss,
        peakHeap,
        sql,
      })
      if (differences.length > 0) {
        // The figures are printed (they took long to get) but not recorded: they are not of equal answers.
        process.stdout.write(`\n${section}\n`)
        process.stderr.write(`zaitaku bench: the pipeline and SQL disagree:\n${differences.join("\n")}\n`)
        process.exitCode = 1
        return
      }
      const file = await writeBenchmarkSection(
        "indicators",
        "Indicators: the standard catalogue for every municipality and month (`apps/server`)",
        section,
      )
      process.stdout.write(`\n${section}\n\nWritten to ${file}\n`)
    } finally {
      await runtime.dispose()
      await session.close()
    }
  } finally {
    await database.drop()
  }
}

await main()
