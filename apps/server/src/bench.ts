/**
 * Server benchmark (`pnpm bench`): requests/s and p99 latency of `/healthz` and of an authenticated
 * `GET /v1/tenants/me` on PGlite and (with `ZAITAKU_TEST_DATABASE_URL`) on PostgreSQL, beside a bare Hono handler
 * measured in the same run. Results go to stdout and to `docs/benchmarks.md` with the machine and the date.
 *
 * Environment: `ZAITAKU_BENCH_DURATION` (seconds per case, default 5), `ZAITAKU_TEST_DATABASE_URL` (a PostgreSQL
 * URL allowed to create databases; the benchmark creates a fresh one and drops it at the end).
 *
 * @since 0.1.0
 */

import { mkdtemp, rm } from "node:fs/promises"
import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { arch, cpus, release, tmpdir, totalmem, type } from "node:os"
import { join } from "node:path"
import { createAdaptorServer } from "@hono/node-server"
import { createTestDatabase } from "@zaitaku/store-postgres"
import autocannon from "autocannon"
import { Hono } from "hono"
import { type AppRuntime, appLayer, makeRuntime, memoryLayer } from "./AppLayer.js"
import { seedDemo } from "./Demo.js"
import { writeBenchmarkSection } from "./internal/BenchReport.js"
import { makeLogger } from "./Log.js"
import { startServer } from "./Server.js"

const connections = 10

interface Measurement {
  readonly target: string
  readonly database: string
  readonly requestsPerSecond: number
  readonly p99Ms: number
  readonly failures: number
}

const parseDuration = (): number => {
  const raw = process.env.ZAITAKU_BENCH_DURATION
  if (raw === undefined || raw === "") return 5
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0 || value > 600) {
    process.stderr.write("zaitaku bench: ZAITAKU_BENCH_DURATION must be a number of seconds between 0 and 600\n")
    process.exit(2)
  }
  return value
}

const duration = parseDuration()

const measure = async (
  url: string,
  target: string,
  database: string,
  headers: Record<string, string> = {},
): Promise<Measurement> => {
  // Warm up (JIT, connection pools), then measure.
  await autocannon({ url, connections, duration: Math.min(1, duration), headers, workers: 1 })
  const result = await autocannon({ url, connections, duration, headers, workers: 1 })
  const measurement = {
    target,
    database,
    requestsPerSecond: result.requests.mean,
    p99Ms: result.latency.p99,
    failures: result.errors + result.timeouts + result.non2xx,
  }
  process.stdout.write(
    `  ${target} (${database}): ${Math.round(measurement.requestsPerSecond)} req/s, p99 ${latency(measurement.p99Ms)}` +
      `${measurement.failures > 0 ? `, ${measurement.failures} failed` : ""}\n`,
  )
  return measurement
}

const bareHono = async (): Promise<Measurement> => {
  const app = new Hono().get("/", (c) => c.json({ status: "ok" }))
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  try {
    const { port } = server.address() as AddressInfo
    return await measure(`http://127.0.0.1:${port}/`, "bare Hono handler", "—")
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}

const zaitaku = async (
  runtime: AppRuntime,
  database: string,
  cases: { readonly healthz: boolean } = { healthz: true },
): Promise<ReadonlyArray<Measurement>> => {
  const seeded = await runtime.runPromise(seedDemo())
  if (seeded.adminKey === undefined) throw new Error("the benchmark database must be empty")
  // Request logs are formatted as in production but not written, so the terminal does not slow the server.
  const server = await startServer({
    config: { port: 0, host: "127.0.0.1", shutdownTimeoutMs: 5000 },
    runtime,
    logger: makeLogger({ level: "info", write: () => {} }),
  })
  try {
    return [
      ...(cases.healthz ? [await measure(`${server.url}/healthz`, "GET /healthz", database)] : []),
      await measure(`${server.url}/v1/tenants/me`, "GET /v1/tenants/me (API key)", database, {
        authorization: `Bearer ${seeded.adminKey}`,
      }),
    ]
  } finally {
    await server.close()
  }
}

const onPglite = async (): Promise<ReadonlyArray<Measurement>> => {
  const dir = await mkdtemp(join(tmpdir(), "zaitaku-bench-"))
  try {
    return await zaitaku(
      makeRuntime(appLayer({ database: { driver: "pglite", dataDir: join(dir, "pglite") } })),
      "PGlite (on disk)",
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const onPostgres = async (adminUrl: string): Promise<ReadonlyArray<Measurement>> => {
  const database = await createTestDatabase(adminUrl, "zaitaku_bench")
  try {
    return await zaitaku(
      makeRuntime(
        appLayer({ database: { driver: "pg", connectionString: database.url, ownerConnectionString: undefined } }),
      ),
      "PostgreSQL (pg pool of 10)",
    )
  } finally {
    await database.drop()
  }
}

const format = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })

/** autocannon reports whole milliseconds: 0 means under one. */
const latency = (ms: number) => (ms < 1 ? "< 1 ms" : `${format(ms, ms < 10 ? 1 : 0)} ms`)

const report = (measurements: ReadonlyArray<Measurement>, baseline: number, notes: ReadonlyArray<string>) => {
  const cpu = cpus()
  const lines = [
    `Measured ${new Date().toISOString()} with autocannon, ${connections} connections, ${duration} s per case ` +
      "(after a warm-up); the load generator runs in a worker thread of the server's process, on 127.0.0.1.",
    "",
    `- Machine: ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${format(totalmem() / 1024 ** 3, 1)} GiB memory`,
    `- Node ${process.version}, ${type()} ${release()} (${arch()})`,
    "",
    "| case | database | requests/s (mean) | p99 latency | vs bare Hono |",
    "|---|---|---:|---:|---:|",
    ...measurements.map(
      (m) =>
        `| ${m.target} | ${m.database} | ${format(m.requestsPerSecond)} | ${latency(m.p99Ms)} | ` +
        `${format((m.requestsPerSecond / baseline) * 100, 1)} %${m.failures > 0 ? ` (${m.failures} failed)` : ""} |`,
    ),
    "",
    'The bare handler is `new Hono().get("/", (c) => c.json({ status: "ok" }))` on @hono/node-server; the server',
    "cases add request ids, JSON request logs (formatted, not written), the body limit, problem details and, for",
    "`/v1/tenants/me`, an API key lookup (SHA-256 + one query) and a tenant query, each in its own transaction",
    "(PostgreSQL: `BEGIN`, `SET LOCAL ROLE`, `set_config` of the tenant, the query, `COMMIT`). The in-memory row",
    "shows what the server adds by itself; the gap to the database rows is the store's per-transaction cost.",
    ...notes.map((note) => `\n${note}`),
  ]
  return lines.join("\n")
}

const writeReport = (section: string) => writeBenchmarkSection("server", `Reference server (\`apps/server\`)`, section)

const main = async () => {
  process.stdout.write(`Server benchmark: ${duration} s per case, ${connections} connections\n`)
  const bare = await bareHono()
  const measurements: Array<Measurement> = [
    bare,
    // The same route on core's in-memory stores: what the server itself costs, without a database.
    ...(await zaitaku(makeRuntime(memoryLayer()), "none (in-memory stores)", { healthz: false })),
    ...(await onPglite()),
  ]
  const notes: Array<string> = []
  const adminUrl = process.env.ZAITAKU_TEST_DATABASE_URL
  if (adminUrl !== undefined && adminUrl !== "") {
    measurements.push(...(await onPostgres(adminUrl)))
  } else {
    const note = "PostgreSQL was not measured: ZAITAKU_TEST_DATABASE_URL was not set."
    process.stdout.write(`  ${note}\n`)
    notes.push(note)
  }
  const section = report(measurements, bare.requestsPerSecond, notes)
  const file = await writeReport(section)
  process.stdout.write(`\n${section}\n\nWritten to ${file}\n`)
  if (measurements.some((m) => m.failures > 0)) {
    process.stderr.write("zaitaku bench: some requests failed; see the table\n")
    process.exitCode = 1
  }
}

await main()
