/**
 * Directory benchmark (`pnpm bench`, after the server benchmark): import throughput of a synthetic 介護サービス情報公表
 * file beside a raw multi-row INSERT of the same rows, the import's peak memory, and `ResourceStore.search` latency
 * over a synthetic national-scale directory, on PGlite (on disk, in a temporary directory) and, with
 * `ZAITAKU_TEST_DATABASE_URL`, on a fresh PostgreSQL database (dropped at the end). Results go to stdout and to
 * `docs/benchmarks.md` between `<!-- bench:directory:start -->` and `<!-- bench:directory:end -->`, with the
 * machine and the date. Progress goes to stderr.
 *
 * Environment (all optional): `ZAITAKU_BENCH_IMPORT_ROWS` (default 10,000), `ZAITAKU_BENCH_DIRECTORY_SIZE`
 * (default 450,000), `ZAITAKU_BENCH_QUERIES` (runs per query type, default 200), `ZAITAKU_BENCH_QUERY_BUDGET`
 * (seconds per query type and database, default 15, so that a whole `pnpm bench` stays under 15 minutes: a query type that takes longer stops early and the table says
 * so), `ZAITAKU_TEST_DATABASE_URL`.
 *
 * Never run from tests or CI: it takes minutes and writes `docs/benchmarks.md`.
 *
 * @since 0.1.0
 */

import { mkdtemp, rm } from "node:fs/promises"
import { arch, cpus, release, tmpdir, totalmem, type } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import {
  Actor,
  IdGenerator,
  listingKey,
  type NewResource,
  type Resource,
  type ResourceKind,
  type ResourceQueryInput,
  ResourceStore,
  searchKeys,
  systemPrincipal,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { kaigoKohyoHeader } from "@zaitaku/opendata-jp"
import { createTestDatabase, layerSession, migrate, openPg, openPglite, type Session } from "@zaitaku/store-postgres"
// The generator lives in @zaitaku/testing, which the server does not depend on (and whose index pulls in vitest):
// import the module itself; tsup bundles it into dist/benchDirectory.js.
import {
  mulberry32,
  syntheticDirectory,
  syntheticKaigoKohyoCsv,
  syntheticKaigoKohyoHeader,
  syntheticMunicipalityCodes,
} from "@zaitaku/testing/synthetic"
import { Effect, Layer, ManagedRuntime } from "effect"
import { applyImportPlan, planKaigoKohyoImport } from "./Import.js"
import { writeBenchmarkSection } from "./internal/BenchReport.js"

// ---------------------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------------------

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

const importRows = envInt("ZAITAKU_BENCH_IMPORT_ROWS", 10_000, 1, 1_000_000)
const directorySize = envInt("ZAITAKU_BENCH_DIRECTORY_SIZE", 450_000, 1_000, 5_000_000)
const queryRuns = envInt("ZAITAKU_BENCH_QUERIES", 200, 1, 100_000)
const queryBudgetMs = envInt("ZAITAKU_BENCH_QUERY_BUDGET", 15, 1, 3_600) * 1000
const seed = 20_260_701
const batchSize = 500
const serviceTypeCode = "110"

const log = (message: string) =>
  process.stderr.write(`[bench:directory ${new Date().toISOString().slice(11, 19)}] ${message}\n`)

// ---------------------------------------------------------------------------------------------------------------
// Raw multi-row INSERT with the columns the store writes
// ---------------------------------------------------------------------------------------------------------------

const columnNames = [
  "tenant_id",
  "id",
  "version",
  "kind",
  "status",
  "name",
  "sort_key",
  "search_text",
  "municipality_code",
  "service_area",
  "capabilities",
  "latitude",
  "longitude",
  "source",
  "source_record_id",
  "assured_at",
  "data",
  "created_at",
  "updated_at",
] as const
const casts: Partial<Record<(typeof columnNames)[number], string>> = {
  tenant_id: "uuid",
  id: "uuid",
  service_area: "text[]",
  capabilities: "text[]",
  data: "jsonb",
  created_at: "timestamptz",
  updated_at: "timestamptz",
  assured_at: "timestamptz",
}

const arrayLiteral = (values: ReadonlyArray<string>): string =>
  `{${values.map((v) => `"${v.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`).join(",")}}`

/**
 * The values `ResourceStoreLive` writes for an entry (its `columnsOf`, which is not exported: keep the two in step),
 * as driver-neutral parameters (arrays as literals, JSON as text).
 */
const rowValues = (resource: Resource): ReadonlyArray<unknown> => [
  resource.tenantId,
  resource.id,
  resource.version,
  resource.kind,
  resource.status,
  resource.name,
  listingKey(resource),
  searchKeys(resource).join("\n"),
  resource.address.municipalityCode,
  arrayLiteral(resource.serviceArea),
  arrayLiteral(resource.capabilities),
  resource.location?.latitude ?? null,
  resource.location?.longitude ?? null,
  resource.provenance.source,
  resource.provenance.sourceRecordId ?? null,
  resource.assuredAt ?? null,
  JSON.stringify(resource),
  resource.createdAt,
  resource.updatedAt,
]

const insertSql = (rows: number): string => {
  const tuples: Array<string> = []
  for (let r = 0; r < rows; r++) {
    const base = r * columnNames.length
    tuples.push(
      `(${columnNames.map((column, c) => `$${base + c + 1}${casts[column] === undefined ? "" : `::${casts[column]}`}`).join(",")})`,
    )
  }
  return `insert into resources (${columnNames.join(",")}) values ${tuples.join(",")}`
}

/** UUIDv7 (time-ordered, like the store's IdGenerator), so the raw path pays the same index costs. */
let lastMillis = 0
let sequence = 0
const uuidv7 = (): string => {
  const now = Date.now()
  sequence = now === lastMillis ? sequence + 1 : 0
  lastMillis = now
  const time = now.toString(16).padStart(12, "0")
  const random = crypto.getRandomValues(new Uint8Array(8))
  const hex = Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("")
  const seq = (sequence & 0xfff).toString(16).padStart(3, "0")
  const variant = ((random[0]! & 0x3f) | 0x80).toString(16)
  return `${time.slice(0, 8)}-${time.slice(8)}-7${seq}-${variant}${hex.slice(2, 4)}-${hex.slice(4, 16)}`
}

const toResource = (entry: NewResource, tenantId: string, at: string): Resource => ({
  ...entry,
  tenantId: tenantId as Resource["tenantId"],
  id: uuidv7() as Resource["id"],
  createdAt: at,
  updatedAt: at,
  version: 1,
})

/** Inserts entries in multi-row INSERTs of `batchSize` rows on the session's raw (owner) connection. */
const rawInsert = async (
  session: Session,
  entries: Iterable<NewResource>,
  tenantId: string,
  onBatch?: (inserted: number) => void,
): Promise<number> => {
  const at = new Date().toISOString()
  const fullBatch = insertSql(batchSize)
  let inserted = 0
  await session.withConnection(async (connection) => {
    let params: Array<unknown> = []
    let rows = 0
    const flush = async () => {
      if (rows === 0) return
      await connection.query(rows === batchSize ? fullBatch : insertSql(rows), params)
      inserted += rows
      params = []
      rows = 0
      onBatch?.(inserted)
    }
    for (const entry of entries) {
      for (const value of rowValues(toResource(entry, tenantId, at))) params.push(value)
      rows++
      if (rows === batchSize) await flush()
    }
    await flush()
  })
  return inserted
}

// ---------------------------------------------------------------------------------------------------------------
// Measurements
// ---------------------------------------------------------------------------------------------------------------

interface ImportMeasurement {
  readonly rows: number
  readonly created: number
  readonly conflicts: number
  readonly rowErrors: number
  readonly planSeconds: number
  readonly applySeconds: number
  readonly rawSeconds: number
  readonly baselineRssMb: number
  readonly peakRssMb: number
}

type QueryName =
  | "text"
  | "text + kind"
  | "kind + municipality"
  | "near 10 km + kind"
  | "near 10 km"
  | "near 50 km + open"
  | "open + kind + municipality"
  | "vacancy + kind"

interface QueryMeasurement {
  readonly name: QueryName
  readonly runs: number
  readonly stoppedEarly: boolean
  readonly p50: number
  readonly p95: number
  readonly max: number
  readonly meanItems: number
}

interface DatabaseResult {
  readonly database: string
  readonly importResult: ImportMeasurement
  readonly loadSeconds: number
  readonly directorySize: number
  readonly queries: ReadonlyArray<QueryMeasurement>
}

const rssMb = () => process.memoryUsage().rss / 1024 ** 2

/** Samples the RSS every 100 ms and logs progress every 10 s. */
const sampleMemory = (label: string) => {
  let peak = rssMb()
  const started = performance.now()
  let logged = started
  const timer = setInterval(() => {
    const rss = rssMb()
    if (rss > peak) peak = rss
    const now = performance.now()
    if (now - logged >= 10_000) {
      logged = now
      log(`${label}: ${Math.round((now - started) / 1000)} s, RSS ${Math.round(rss)} MB (peak ${Math.round(peak)} MB)`)
    }
  }, 100)
  return {
    stop: () => {
      clearInterval(timer)
      return Math.max(peak, rssMb())
    },
  }
}

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

const wideAreaTenant = (code: string) => ({
  code,
  kind: "wide_area_body" as const,
  name: { ja: `ベンチマーク用広域（${code}）`, en: `Benchmark wide area (${code})` },
  municipalities: [...syntheticMunicipalityCodes()],
})

const chunks = (bytes: Uint8Array, size: number): Array<Uint8Array> => {
  const out: Array<Uint8Array> = []
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size))
  return out
}

/** Sampled points of the loaded directory, for the municipality and proximity queries. */
interface Sample {
  readonly kind: ResourceKind
  readonly municipalityCode: string
  readonly latitude: number
  readonly longitude: number
}

/** Opening-time filters: weekday and Saturday hours of the synthetic entries, and a Sunday, when none is open. */
const openTimes = [
  { day: "mon", time: "10:00" },
  { day: "wed", time: "17:45" },
  { day: "fri", time: "08:30" },
  { day: "sat", time: "11:30" },
  { day: "sun", time: "10:00" },
] as const

/**
 * 空き情報 for the loaded directory: the synthetic entries give a capacity but no vacancy, so among those with a
 * capacity, about 30 % get a vacancy of 1–5, 30 % a vacancy of 0 and the rest none (unknown), from a PRNG of their
 * own so that the entries are otherwise the generator's.
 */
const withVacancy =
  (random: () => number) =>
  (entry: NewResource): NewResource => {
    const capacity = entry.availability?.capacity
    if (entry.availability === undefined || capacity === undefined) return entry
    const draw = random()
    if (draw >= 0.6) return entry
    const vacancy = draw < 0.3 ? Math.min(capacity, 1 + Math.floor(random() * 5)) : 0
    return { ...entry, availability: { ...entry.availability, vacancy } }
  }

const textTokens = ["ほうもん", "やっきょく", "くりにっく", "しかいいん", "でいさーびす", "けあぷらん"]
const placeTokens = ["さくら", "ひまわり", "ちゅうおう", "みなみ", "あおば", "わかば"]

const runDatabase = async (database: string, session: Session): Promise<DatabaseResult> => {
  log(`${database}: migrating`)
  await migrate(session)
  const runtime = ManagedRuntime.make(layerSession(session).pipe(Layer.provide(IdGenerator.layer)))
  try {
    const createTenant = (code: string) =>
      runtime.runPromise(
        Effect.gen(function* () {
          return yield* (yield* TenantStore).create(wideAreaTenant(code))
        }),
      )
    const importTenant: Tenant = await createTenant("bench-import")
    const rawTenant: Tenant = await createTenant("bench-raw")
    const searchTenant: Tenant = await createTenant("bench-search")
    const as = (tenant: Tenant) => Effect.provideService(Actor, systemPrincipal(tenant.id, "bench"))

    // --- import through the application (plan + apply) ---
    const csv = new TextEncoder().encode(syntheticKaigoKohyoCsv({ seed, rows: importRows, serviceTypeCode }))
    const baselineRssMb = rssMb()
    log(
      `${database}: importing ${importRows.toLocaleString("en-US")} rows (${(csv.length / 1024 ** 2).toFixed(1)} MB CSV)`,
    )
    const memory = sampleMemory(`${database} import`)
    const planStart = performance.now()
    const planned = await runtime.runPromise(
      planKaigoKohyoImport({
        source: chunks(csv, 64 * 1024),
        fileName: `jigyosho_${serviceTypeCode}.csv`,
        municipalities: "all",
      }).pipe(as(importTenant)),
    )
    const planSeconds = (performance.now() - planStart) / 1000
    log(`${database}: planned in ${planSeconds.toFixed(1)} s: ${planned.plan.added.length} to add; applying`)
    const applyStart = performance.now()
    const applied = await runtime.runPromise(
      applyImportPlan(planned.plan, { importId: "bench", reason: "benchmark" }).pipe(as(importTenant)),
    )
    const applySeconds = (performance.now() - applyStart) / 1000
    const peakRssMb = memory.stop()
    log(
      `${database}: applied in ${applySeconds.toFixed(1)} s: ${applied.created} created, ${applied.conflicts.length} conflicts`,
    )

    // --- the same rows by raw multi-row INSERT ---
    log(`${database}: raw INSERT of the same ${planned.plan.added.length} rows`)
    const rawStart = performance.now()
    await rawInsert(session, planned.plan.added, rawTenant.id)
    const rawSeconds = (performance.now() - rawStart) / 1000
    log(`${database}: raw INSERT in ${rawSeconds.toFixed(1)} s`)

    // --- bulk load of the search directory (not measured as such) ---
    log(`${database}: loading ${directorySize.toLocaleString("en-US")} synthetic entries (raw INSERT)`)
    const samples: Array<Sample> = []
    const capacityKinds = new Set<ResourceKind>()
    const vacancyOf = withVacancy(mulberry32(seed + 2))
    let index = 0
    const sampled = function* () {
      for (const generated of syntheticDirectory({ seed, size: directorySize, tenantId: searchTenant.id })) {
        const entry = vacancyOf(generated)
        if (entry.availability !== undefined) capacityKinds.add(entry.kind)
        // every 97th entry, up to 2,000: points and municipalities for the queries
        if (index++ % 97 === 0 && samples.length < 2000 && entry.location !== undefined) {
          samples.push({
            kind: entry.kind,
            municipalityCode: entry.address.municipalityCode,
            latitude: entry.location.latitude,
            longitude: entry.location.longitude,
          })
        }
        yield entry
      }
    }
    const loadStart = performance.now()
    let lastLog = loadStart
    // The usual bulk-load practice: drop the GIN indexes (trigram search keys, capabilities, service area), load, and
    // build them again from their own definitions; B-tree indexes stay and are maintained row by row.
    const ginIndexes = await session.withConnection((connection) =>
      connection.query<{ indexname: string; indexdef: string }>(
        "select indexname, indexdef from pg_indexes where tablename = 'resources' and indexdef ilike '% using gin %'",
      ),
    )
    for (const index of ginIndexes) await session.withConnection((c) => c.exec(`drop index "${index.indexname}"`))
    await rawInsert(session, sampled(), searchTenant.id, (inserted) => {
      const now = performance.now()
      if (now - lastLog >= 10_000 || inserted === directorySize) {
        lastLog = now
        log(
          `${database}: loaded ${inserted.toLocaleString("en-US")} (${Math.round(inserted / ((now - loadStart) / 1000))} rows/s)`,
        )
      }
    })
    log(`${database}: building ${ginIndexes.map((i) => i.indexname).join(", ")} again`)
    for (const index of ginIndexes) await session.withConnection((c) => c.exec(index.indexdef))
    await session.withConnection((connection) => connection.exec("analyze resources"))
    const loadSeconds = (performance.now() - loadStart) / 1000
    log(`${database}: loaded and analysed in ${loadSeconds.toFixed(0)} s`)

    // --- search latency ---
    const store = await runtime.runPromise(
      Effect.gen(function* () {
        return yield* ResourceStore
      }),
    )
    const random = mulberry32(seed + 1)
    const sample = () => samples[Math.floor(random() * samples.length)]!
    const choose = <A>(items: ReadonlyArray<A>) => items[Math.floor(random() * items.length)]!
    const withCapacity = [...capacityKinds].sort()
    const near = (radiusKm: number) => {
      const point = sample()
      return { near: { latitude: point.latitude, longitude: point.longitude, radiusKm } }
    }
    const queryTypes: ReadonlyArray<readonly [QueryName, () => ResourceQueryInput]> = [
      ["text", () => ({ text: choose(textTokens), limit: 20 })],
      ["text + kind", () => ({ text: choose(placeTokens), kinds: [sample().kind], limit: 20 })],
      [
        "kind + municipality",
        () => ({ kinds: [sample().kind], municipalityCodes: [sample().municipalityCode], limit: 20 }),
      ],
      [
        "near 10 km + kind",
        () => {
          const point = sample()
          return {
            near: { latitude: point.latitude, longitude: point.longitude, radiusKm: 10 },
            kinds: [point.kind],
            limit: 20,
          }
        },
      ],
      ["near 10 km", () => ({ ...near(10), limit: 20 })],
      ["near 50 km + open", () => ({ ...near(50), openAt: choose(openTimes), limit: 20 })],
      [
        "open + kind + municipality",
        () => {
          const point = sample()
          return {
            kinds: [point.kind],
            municipalityCodes: [point.municipalityCode],
            openAt: choose(openTimes),
            limit: 20,
          }
        },
      ],
      ["vacancy + kind", () => ({ kinds: [choose(withCapacity)], hasVacancy: true, limit: 20 })],
    ]
    const queries: Array<QueryMeasurement> = []
    for (const [name, makeQuery] of queryTypes) {
      const run = (query: ResourceQueryInput) => runtime.runPromise(store.search(query).pipe(as(searchTenant)))
      await run(makeQuery()) // warm-up, not counted
      const latencies: Array<number> = []
      let items = 0
      const started = performance.now()
      let stoppedEarly = false
      for (let i = 0; i < queryRuns; i++) {
        if (performance.now() - started > queryBudgetMs) {
          stoppedEarly = true
          break
        }
        const query = makeQuery()
        const t0 = performance.now()
        const page = await run(query)
        latencies.push(performance.now() - t0)
        items += page.items.length
      }
      latencies.sort((a, b) => a - b)
      const measurement: QueryMeasurement = {
        name,
        runs: latencies.length,
        stoppedEarly,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        max: latencies.at(-1) ?? Number.NaN,
        meanItems: latencies.length === 0 ? 0 : items / latencies.length,
      }
      log(
        `${database}: ${name}: ${measurement.runs} runs${stoppedEarly ? " (stopped at the time budget)" : ""}, ` +
          `p50 ${ms(measurement.p50)}, p95 ${ms(measurement.p95)}, max ${ms(measurement.max)}`,
      )
      queries.push(measurement)
    }

    return {
      database,
      importResult: {
        rows: importRows,
        created: applied.created,
        conflicts: applied.conflicts.length,
        rowErrors: planned.rowErrors.length,
        planSeconds,
        applySeconds,
        rawSeconds,
        baselineRssMb,
        peakRssMb,
      },
      loadSeconds,
      directorySize,
      queries,
    }
  } finally {
    await runtime.dispose()
  }
}

const onPglite = async (): Promise<DatabaseResult> => {
  const dir = await mkdtemp(join(tmpdir(), "zaitaku-bench-directory-"))
  try {
    const session = await openPglite({ dataDir: join(dir, "pglite") })
    try {
      return await runDatabase("PGlite (on disk)", session)
    } finally {
      await session.close().catch(() => undefined)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const onPostgres = async (adminUrl: string): Promise<DatabaseResult> => {
  const database = await createTestDatabase(adminUrl, "zaitaku_bench_directory")
  try {
    const session = await openPg({ connectionString: database.url })
    try {
      return await runDatabase("PostgreSQL", session)
    } finally {
      await session.close().catch(() => undefined)
    }
  } finally {
    await database.drop()
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------------

const format = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

const ms = (value: number) =>
  Number.isNaN(value)
    ? "—"
    : value < 10
      ? `${format(value, 1)} ms`
      : value < 10_000
        ? `${format(value)} ms`
        : `${format(value / 1000, 1)} s`

const report = (results: ReadonlyArray<DatabaseResult>, notes: ReadonlyArray<string>): string => {
  const cpu = cpus()
  const importLines = results.map(({ database, importResult: r }) => {
    const importRate = r.rows / (r.planSeconds + r.applySeconds)
    const rawRate = r.created / r.rawSeconds
    return (
      `| ${database} | ${format(r.rows)} | ${format(r.planSeconds, 1)} s | ${format(r.applySeconds, 1)} s | ` +
      `${format(importRate)} | ${format(rawRate)} | ${format(rawRate / importRate, 0)}× | ` +
      `${format(r.baselineRssMb)} MB | ${format(r.peakRssMb)} MB |` +
      (r.created !== r.rows || r.conflicts > 0 || r.rowErrors > 0
        ? ` (${r.created} created, ${r.conflicts} conflicts, ${r.rowErrors} row errors)`
        : "")
    )
  })
  const queryLines = results.flatMap(({ database, queries }) =>
    queries.map(
      (q) =>
        `| ${database} | ${q.name} | ${q.runs}${q.stoppedEarly ? ` of ${queryRuns} (time budget reached)` : ""} | ` +
        `${ms(q.p50)} | ${ms(q.p95)} | ${ms(q.max)} | ${format(q.meanItems, 1)} |`,
    ),
  )
  const loadLines = results.map(
    (r) =>
      `${r.database}: ${format(r.directorySize)} entries in ${format(r.loadSeconds)} s ` +
      `(${format(r.directorySize / r.loadSeconds)} rows/s, including the index builds and \`ANALYZE\`)`,
  )
  return [
    `Measured ${new Date().toISOString()}; synthetic data from \`@zaitaku/testing\` (\`syntheticKaigoKohyoCsv\`,`,
    `\`syntheticDirectory\`, seed ${seed}).`,
    "",
    `- Machine: ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${format(totalmem() / 1024 ** 3, 1)} GiB memory`,
    `- Node ${process.version}, ${type()} ${release()} (${arch()})`,
    `- Parameters: import ${format(importRows)} rows (サービス種類コード ${serviceTypeCode}); directory ${format(directorySize)} entries; ` +
      `${queryRuns} queries per type, at most ${queryBudgetMs / 1000} s per type and database; raw INSERT batches of ${batchSize} rows`,
    "",
    "### Import throughput",
    "",
    "| database | rows | plan | apply | import rows/s | raw INSERT rows/s | raw ÷ import | RSS before | peak RSS |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...importLines,
    "",
    "The import is `planKaigoKohyoImport` (stream the CSV, decode and map each row, load the tenant's entries of the",
    "service, plan) plus `applyImportPlan` (new entries in batches of 500 through `ResourceStore.createMany`: one",
    "tenant transaction per batch, which checks each entry as `create` does and appends an audit entry for each), for",
    'a wide-area tenant taking every municipality (`municipalities: "all"`), into an empty directory. The raw INSERT',
    "writes the same entries, with the same column values the store writes, in multi-row INSERTs on the owner",
    "connection, without validation, audit entries or row-level security: it is the floor the import is compared with. RSS is the benchmark",
    "process's, sampled every 100 ms during plan + apply; on PGlite it includes the database (WebAssembly in the",
    "same process), on PostgreSQL it does not include the server.",
    "",
    "### Search latency",
    "",
    "| database | query | runs | p50 | p95 | max | items per page (mean) |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...queryLines,
    "",
    "The directory was bulk-loaded with the raw INSERT path, not through the store (loading is not what is measured),",
    "with the GIN indexes (trigram search keys, capabilities, service area) dropped during the load and built again",
    "before `ANALYZE`:",
    ...loadLines.map((line) => `- ${line}`),
    "",
    "Each query is `ResourceStore.search` as a tenant actor, page size 20, after one warm-up query per type: `text`",
    `is one kana token (${textTokens.join("、")}); \`text + kind\` a place-like token (${placeTokens.join("、")}) and`,
    "one kind; `kind + municipality` one kind and one municipality; `near 10 km + kind` a 10 km radius around a",
    "generated entry's point and one kind (kinds, municipalities and points are sampled from the loaded entries);",
    "`near 10 km` the same radius, every kind; `near 50 km + open` a 50 km radius and an opening time",
    `(${openTimes.map((t) => `${t.day} ${t.time}`).join(", ")}: no synthetic entry opens on Sundays); \`open + kind +`,
    "municipality` an opening time, one kind and one municipality; `vacancy + kind` `hasVacancy: true` and one kind",
    "that has a capacity. The generator gives capacities but no vacancies: the benchmark gives about 30 % of the",
    "entries with a capacity a vacancy of 1–5 and 30 % a vacancy of 0 (its own PRNG, seed + 2) before loading.",
    "The store filters, orders, pages and limits in SQL and reads one page, for every query type: opening hours and",
    "vacancy are columns PostgreSQL generates from each entry; with `near` the distance is computed in SQL within a",
    "tolerance of core's `distanceKm`, over the candidates of a box around the point (the `resources_location` index),",
    "and core decides the last bit on the page's rows, so a wide radius over a dense area still computes one distance",
    "per entry in the box.",
    ...notes.map((note) => `\n${note}`),
  ].join("\n")
}

const writeReport = (section: string) =>
  writeBenchmarkSection("directory", `Directory: import and search (\`apps/server\`)`, section)

const main = async () => {
  // The synthetic CSV must have the importer's exact header.
  if (syntheticKaigoKohyoHeader.join(",") !== kaigoKohyoHeader.join(",")) {
    process.stderr.write("zaitaku bench: syntheticKaigoKohyoHeader differs from opendata-jp's kaigoKohyoHeader\n")
    process.exit(1)
  }
  log(
    `import ${format(importRows)} rows, directory ${format(directorySize)} entries, ${queryRuns} queries per type ` +
      `(≤ ${queryBudgetMs / 1000} s each)`,
  )
  const results: Array<DatabaseResult> = [await onPglite()]
  const notes: Array<string> = []
  const adminUrl = process.env.ZAITAKU_TEST_DATABASE_URL
  if (adminUrl !== undefined && adminUrl !== "") {
    results.push(await onPostgres(adminUrl))
  } else {
    const note = "PostgreSQL was not measured: ZAITAKU_TEST_DATABASE_URL was not set."
    log(note)
    notes.push(note)
  }
  const section = report(results, notes)
  const file = await writeReport(section)
  process.stdout.write(`\n${section}\n\nWritten to ${file}\n`)
  if (results.some((r) => r.importResult.created !== r.importResult.rows || r.importResult.conflicts > 0)) {
    process.stderr.write("zaitaku bench: the import did not create every row; see the table\n")
    process.exitCode = 1
  }
}

await main()
