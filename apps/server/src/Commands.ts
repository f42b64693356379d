/**
 * The `zaitaku` command line: `start`, `migrate`, `seed --demo`, `keys create|revoke|list`, `import kaigo-kohyo`,
 * `import iryo-net`, `import kaigo-ichiran`, `import iryo-ichiran`, `deadlines scan`.
 * Every command reads the same environment configuration as the server. Exit codes: 0 success, 1 failure, 2 usage
 * error.
 *
 * @since 0.1.0
 */
import { createReadStream } from "node:fs"
import { join, relative, resolve } from "node:path"
import { parseArgs } from "node:util"
import {
  Actor,
  ApiKeyId,
  ApiKeyStore,
  Conflict,
  isPrefectureCode,
  isValidLocalGovernmentCode,
  type NewApiKey,
  NotFound,
  type Notifier,
  ResourceId,
  Role,
  StoreError,
  scanDeadlines,
  systemPrincipal,
  type Tenant,
  TenantCode,
  TenantStore,
  ValidationError,
} from "@zaitaku/core"
import { layerWebhook } from "@zaitaku/notifier-webhook"
import {
  type ByteSource,
  CsvFileError,
  type IryoNetCategory,
  iryoNetCategoryFromFileName,
  serviceTypeCodeFromFileName,
  standardDatasetCodeColumn,
} from "@zaitaku/opendata-jp"
import { PostgresDatabase } from "@zaitaku/store-postgres"
import { Effect, type Layer, Option, Result } from "effect"
import * as z from "zod"
import { type AppRuntime, appLayer, makeRuntime } from "./AppLayer.js"
import { type Config, formatConfigProblems, loadConfig } from "./Config.js"
import { demoTenantCode, seedDemo } from "./Demo.js"
import { EffectFailure, runEffect } from "./Handler.js"
import {
  formatImportApplyResult,
  formatPlannedImport,
  formatPlannedIryoNetImport,
  formatPlannedStandardDatasetImport,
  type ImportProgress,
  ImportReadError,
  type IryoNetImportOptions,
  importIryoNet,
  importKaigoKohyo,
  importStandardDataset,
  type KaigoKohyoImportOptions,
  type StandardDataset,
  type StandardDatasetImportOptions,
} from "./Import.js"
import { makeLogger } from "./Log.js"
import { newKey } from "./routes/ApiKeys.js"
import { startServer } from "./Server.js"

/**
 * Where a command writes: human-readable lines to `out`, errors to `err`.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Io } from "@zaitaku/server"
 *
 * const lines: Array<string> = []
 * const io: Io = { out: (line) => lines.push(line), err: (line) => lines.push(line) }
 * ```
 */
export interface Io {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

/**
 * The process's standard output and error.
 *
 * @since 0.1.0
 * @category constructors
 */
export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}

/**
 * Exit codes of the CLI.
 *
 * @since 0.1.0
 * @category constants
 */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const

class UsageError extends Error {
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message)
  }
}

const bin = "zaitaku"

const standardDatasetHelp = (
  kind: string,
  label: string,
  key: string,
  columns: string,
) => `Usage: ${bin} import ${kind} <file> --tenant <code> [--apply] [--strict] [--all] [--municipality <code>]

Reads a デジタル庁 自治体標準オープンデータセット「${label}」 (UTF-8 with or without BOM, or Shift_JIS) and compares
it with the tenant's directory: entries to add, fields to change (${key} field: old → new), and entries missing from
the file (closure candidates: never closed by an import). Without --apply nothing is written (a dry run).
Re-importing the same file changes nothing. Progress goes to stderr, the plan and the summary to stdout.

${columns}
Rows with errors are listed with their line, column and reason (Japanese / English) and skipped; the exit code is
still 0. Exit codes: 0 done, 1 the file cannot be used (unreadable, wrong header, broken CSV, strict-mode
rejection, unknown tenant), 2 usage error.

Options:
  --tenant <code>        Tenant code (全国地方公共団体コード such as 022039, or a slug)
  --apply                Apply the plan (create and update entries; one audit entry for the import)
  --strict               Reject the whole file, changing nothing, if any row has an error
  --all                  Take every row of the file (default: only rows in the tenant's municipalities)
  --municipality <code>  市区町村コード (such as 022039) for rows whose 都道府県コード又は市区町村コード is empty,
                         or for a file without that column (a municipality's own list)
  -h, --help             Show this help`

const help: Readonly<Record<string, string>> = {
  main: `Usage: ${bin} <command> [options]

Zaitaku reference server and administration commands (在宅医療・介護連携推進事業).

Commands:
  start [--demo]                                   Start the HTTP server (applies migrations; seeds the demo
                                                   tenant on the first start of a new database)
  migrate                                          Apply pending database migrations
  seed --demo                                      Create the demo tenant 八戸市 (022039) and its admin key
  keys create --tenant <code> --role <role> [--label <text>] [--resource <id>…] [--expires <time>]
                                                   Create an API key (the secret is printed once)
  keys revoke <key-id> --tenant <code>             Revoke an API key
  keys list --tenant <code>                        List a tenant's API keys
  import kaigo-kohyo <file> --tenant <code> [--apply] [--strict] [--all] [--service-type <code>]
                                                   Import a 介護サービス情報公表 open-data CSV into the
                                                   tenant's directory (a dry run unless --apply)
  import iryo-net <facility-file> <hours-file> --tenant <code> [--apply] [--strict] [--all]
                                                   Import a 医療情報ネット facility file with its
                                                   診療科・診療時間 file (a dry run unless --apply)
  import kaigo-ichiran|iryo-ichiran <file> --tenant <code> [--apply] [--strict] [--all] [--municipality <code>]
                                                   Import a デジタル庁 standard dataset: 介護サービス事業所一覧
                                                   or 医療機関一覧 (a dry run unless --apply)
  deadlines scan --tenant <code> [--now <time>] [--due-soon-days <n>]
                                                   Notify the webhook of obligations that became due soon
                                                   or overdue (each once; run it from cron)

Run "${bin} <command> --help" for a command's options.

Configuration (environment variables): PORT, HOST, DATABASE_URL, ZAITAKU_DATA_DIR, ZAITAKU_DEMO_ADMIN_KEY,
LOG_LEVEL, ZAITAKU_SHUTDOWN_TIMEOUT_MS, ZAITAKU_IMPORT_MAX_BYTES, ZAITAKU_WEBHOOK_URL, ZAITAKU_WEBHOOK_SECRET.
See apps/server/README.md.`,
  deadlines: `Usage: ${bin} deadlines scan --tenant <code> [--now <time>] [--due-soon-days <n>]

Evaluates the tenant's open 入退院支援 cases and POSTs a signed notification (JSON, HMAC-SHA256 in
X-Zaitaku-Signature) to ZAITAKU_WEBHOOK_URL for every obligation that has become due soon or overdue. Each
obligation and transition is sent once, also across runs and servers; a failed delivery is tried again at the
next run with the same X-Zaitaku-Delivery id. Run it every few minutes from cron or a timer.

Options:
  --tenant <code>        Tenant code (全国地方公共団体コード such as 022039, or a slug)
  --now <time>           Evaluate as of this ISO date-time (default: now)
  --due-soon-days <n>    Due soon: due within n days (0–30, default 1: today or tomorrow)
  -h, --help             Show this help`,
  start: `Usage: ${bin} start [--demo]

Starts the HTTP server on HOST:PORT (default 127.0.0.1:8787). Pending migrations are applied first. On the first
start of a new database the demo tenant 八戸市 (022039) is created and its admin API key printed once.

Options:
  --demo      Also create the demo tenant if it does not exist (for a database that was migrated before)
  -h, --help  Show this help`,
  migrate: `Usage: ${bin} migrate

Applies pending migrations to the database (DATABASE_URL, or PGlite under ZAITAKU_DATA_DIR) and prints how many
are applied and pending.

Options:
  -h, --help  Show this help`,
  seed: `Usage: ${bin} seed --demo

Creates the demo tenant 八戸市 (022039), with the 八戸圏域 as its wide-area setting, a tenant_admin key
labelled "demo admin" (its secret is ZAITAKU_DEMO_ADMIN_KEY if set, otherwise random, and is printed once), and,
when its directory is empty, a demo directory of fictional entries named …（デモ）.
Does nothing if the tenant exists.

Options:
  --demo      Seed the demo tenant (required: it is the only seed so far)
  -h, --help  Show this help`,
  keys: `Usage: ${bin} keys <create|revoke|list> [options]

  keys create --tenant <code> --role <role> [--label <text>] [--resource <id>…] [--expires <time>]
  keys revoke <key-id> --tenant <code>
  keys list --tenant <code>

Roles: ${Role.options.join(", ")}`,
  "keys create": `Usage: ${bin} keys create --tenant <code> --role <role> [--label <text>] [--resource <id>…] [--expires <time>]

Creates an API key in the tenant and prints its secret, which is shown only this once. A provider (事業所) key
names the directory entries the office may attest and propose changes to (--resource, once per entry); a
coordinator reviews its proposals.

Options:
  --tenant <code>    Tenant code (全国地方公共団体コード such as 022039, or a slug)
  --role <role>      One of: ${Role.options.join(", ")}
  --label <text>     A name to tell keys apart (up to 200 characters)
  --resource <id>    A directory entry the key speaks for; repeat for several. Required for --role provider;
                     for hospital_staff and care_manager, their organisation (its coordination cases only)
  --expires <time>   ISO date-time after which the key no longer works, e.g. 2026-03-31T23:59:59+09:00
  -h, --help         Show this help`,
  "keys revoke": `Usage: ${bin} keys revoke <key-id> --tenant <code>

Revokes an API key of the tenant. Revoking a revoked key changes nothing.

Options:
  --tenant <code>  Tenant code
  -h, --help       Show this help`,
  import: `Usage: ${bin} import <kind> <file…> --tenant <code> [options]

  import kaigo-kohyo <file> --tenant <code> [--apply] [--strict] [--all] [--service-type <code>]
  import iryo-net <facility-file> <hours-file> --tenant <code> [--apply] [--strict] [--all] [--category <c>]
  import kaigo-ichiran <file> --tenant <code> [--apply] [--strict] [--all] [--municipality <code>]
  import iryo-ichiran <file> --tenant <code> [--apply] [--strict] [--all] [--municipality <code>]

Kinds:
  kaigo-kohyo   介護サービス情報公表システム open data (jigyosho_<サービス種類コード>.csv)
  iryo-net      医療情報ネット（ナビイ）open data (02-1_clinic_facility_info_….csv with 02-2_clinic_speciality_hours_….csv;
                likewise 01-1/01-2 hospital and 03-1/03-2 dental)
  kaigo-ichiran デジタル庁 自治体標準オープンデータセット「介護サービス事業所一覧」
  iryo-ichiran  デジタル庁 自治体標準オープンデータセット「医療機関一覧」

Run "${bin} import <kind> --help" for the options.`,
  "import iryo-net": `Usage: ${bin} import iryo-net <facility-file> <hours-file> --tenant <code> [--apply] [--strict] [--all] [--category <c>]

Reads a 医療情報ネット 施設票 (facility file) with its 診療科・診療時間票 (departments and hours file), joined by ID,
and compares it with the tenant's directory: entries to add, fields to change (ID field: old → new), and entries
missing from the file (closure candidates: never closed by an import). Only entries of the file's kinds can be
missing: a clinic file never reports hospitals or dental clinics. Without --apply nothing is written (a dry run).
Re-importing the same files changes nothing. Progress goes to stderr, the plan and the summary to stdout.

Rows with errors in either file are listed with their line, column and reason (Japanese / English) and skipped;
the exit code is still 0. Exit codes: 0 done, 1 a file cannot be used (unreadable, wrong header, broken CSV,
strict-mode rejection, unknown tenant), 2 usage error.

Options:
  --tenant <code>     Tenant code (全国地方公共団体コード such as 022039, or a slug)
  --apply             Apply the plan (create and update entries; one audit entry for the import)
  --strict            Reject both files, changing nothing, if any row of either has an error
  --all               Take every row of the file (default: only rows in the tenant's municipalities)
  --category <c>      hospital, clinic or dental: the kinds the facility file holds; default: from the MHLW file
                      name (01-1_hospital_…, 02-1_clinic_…, 03-1_dental_…), else from the rows' 機関区分
  -h, --help          Show this help`,
  "import kaigo-kohyo": `Usage: ${bin} import kaigo-kohyo <file> --tenant <code> [--apply] [--strict] [--all] [--service-type <code>]

Reads a 介護サービス情報公表 open-data CSV (UTF-8 with or without BOM, or Shift_JIS) and compares it with the
tenant's directory: entries to add, fields to change (事業所番号 field: old → new), and entries missing from the file
(closure candidates: never closed by an import). Without --apply nothing is written (a dry run). Re-importing the
same file changes nothing. Progress goes to stderr, the plan and the summary to stdout.

Rows with errors are listed with their line, column and reason (Japanese / English) and skipped; the exit code is
still 0. Exit codes: 0 done, 1 the file cannot be used (unreadable, wrong header, broken CSV, strict-mode
rejection, unknown tenant), 2 usage error.

Options:
  --tenant <code>        Tenant code (全国地方公共団体コード such as 022039, or a slug)
  --apply                Apply the plan (create and update entries; one audit entry for the import)
  --strict               Reject the whole file, changing nothing, if any row has an error
  --all                  Take every row of the file (default: only rows in the tenant's municipalities)
  --service-type <code>  サービス種類コード (3 digits); default: from the file name jigyosho_<code>….csv
  -h, --help             Show this help`,
  "import kaigo-ichiran": standardDatasetHelp(
    "kaigo-ichiran",
    "介護サービス事業所一覧",
    "事業所番号",
    `The file has the 22 columns of the dataset, in order. Each row needs 介護サービス事業所名称, its カナ, 実施サービス
(a service such as 訪問看護, 居宅介護支援, or a サービス種類コード), 住所, 電話番号 and 事業所番号 (the key).
`,
  ),
  "import iryo-ichiran": standardDatasetHelp(
    "iryo-ichiran",
    "医療機関一覧",
    "医療機関コード",
    `Columns are found by name (名称 … 備考; other columns are ignored). Each row needs 名称, 名称_カナ,
医療機関の種類 (病院, 有床診療所 or 無床診療所), 住所, 診療曜日, 診療開始時間, 診療終了時間, 診療科目 (;-separated),
病床数, URL and 医療機関コード (the key).
`,
  ),
  "keys list": `Usage: ${bin} keys list --tenant <code>

Lists the tenant's API keys (never their secrets).

Options:
  --tenant <code>  Tenant code
  -h, --help       Show this help`,
}

const parse = <const O extends Record<string, { type: "string" | "boolean"; short?: string }>>(
  command: string,
  args: ReadonlyArray<string>,
  options: O,
) => {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), command)
  }
}

const required = (command: string, name: string, value: string | boolean | undefined): string => {
  if (typeof value !== "string" || value.length === 0) throw new UsageError(`--${name} is required`, command)
  return value
}

const validated = <T>(
  command: string,
  name: string,
  schema: { safeParse(input: unknown): unknown },
  value: string,
  message?: string,
): T => {
  const result = schema.safeParse(value) as
    | { success: true; data: T }
    | { success: false; error: { issues: Array<{ message: string }> } }
  if (!result.success) {
    throw new UsageError(`${name}: ${message ?? result.error.issues.map((issue) => issue.message).join("; ")}`, command)
  }
  return result.data
}

const tenantCodeMessage = "must be a tenant code: a 6-digit 全国地方公共団体コード such as 022039, or a lower-case slug"

const tenantOption = (command: string, value: string | boolean | undefined): string =>
  validated<string>(command, "--tenant", TenantCode, required(command, "tenant", value), tenantCodeMessage)

const noPositionals = (command: string, positionals: ReadonlyArray<string>) => {
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`, command)
}

/**
 * The tenant with this code, or `NotFound`.
 *
 * @since 0.1.0
 * @category commands
 */
export const findTenant = Effect.fn("Cli.findTenant")(function* (code: string) {
  const tenants = yield* TenantStore
  const found = yield* tenants.findByCode(code)
  if (Option.isNone(found)) return yield* new NotFound({ entity: "tenant", id: code })
  return found.value
})

const asCli = (tenant: Tenant) => Effect.provideService(Actor, systemPrincipal(tenant.id, "cli"))

/**
 * Creates an API key in the tenant with this code, as the system principal `cli`.
 *
 * @since 0.1.0
 * @category commands
 */
export const createKeyCommand = Effect.fn("Cli.keysCreate")(function* (
  code: string,
  role: Role,
  label: string,
  options: { readonly resources?: ReadonlyArray<string>; readonly expiresAt?: string } = {},
) {
  const tenant = yield* findTenant(code)
  const created = yield* newKey(
    {
      role,
      label,
      ...(options.resources === undefined || options.resources.length === 0
        ? {}
        : { resources: [...options.resources] }),
      ...(options.expiresAt === undefined ? {} : { expiresAt: options.expiresAt }),
    } as NewApiKey,
    "options",
  ).pipe(asCli(tenant))
  return { tenant, ...created }
})

/**
 * Revokes an API key of the tenant with this code.
 *
 * @since 0.1.0
 * @category commands
 */
export const revokeKeyCommand = Effect.fn("Cli.keysRevoke")(function* (code: string, id: ApiKeyId) {
  const tenant = yield* findTenant(code)
  const keys = yield* ApiKeyStore
  return yield* keys.revoke(id).pipe(asCli(tenant))
})

/**
 * Lists the API keys of the tenant with this code.
 *
 * @since 0.1.0
 * @category commands
 */
export const listKeysCommand = Effect.fn("Cli.keysList")(function* (code: string) {
  const tenant = yield* findTenant(code)
  const keys = yield* ApiKeyStore
  return { tenant, keys: yield* keys.list.pipe(asCli(tenant)) }
})

/**
 * 介護サービス情報公表の取込 (import a 介護サービス情報公表 file) into the tenant with this code, as the system principal
 * `cli`: plans it and, with `apply`, applies it ({@link importKaigoKohyo}).
 *
 * @since 0.1.0
 * @category commands
 */
export const importKaigoKohyoCommand = Effect.fn("Cli.importKaigoKohyo")(function* (
  code: string,
  options: KaigoKohyoImportOptions,
  mode: { readonly apply: boolean },
) {
  const tenant = yield* findTenant(code)
  const result = yield* importKaigoKohyo(options, mode).pipe(asCli(tenant))
  return { tenant, ...result }
})

/**
 * 医療情報ネットの取込 (import a 医療情報ネット facility file with its hours file) into the tenant with this code, as the
 * system principal `cli`: plans it and, with `apply`, applies it ({@link importIryoNet}).
 *
 * @since 0.1.0
 * @category commands
 */
export const importIryoNetCommand = Effect.fn("Cli.importIryoNet")(function* (
  code: string,
  options: IryoNetImportOptions,
  mode: { readonly apply: boolean },
) {
  const tenant = yield* findTenant(code)
  const result = yield* importIryoNet(options, mode).pipe(asCli(tenant))
  return { tenant, ...result }
})

/**
 * 標準オープンデータセットの取込 (import a デジタル庁 介護サービス事業所一覧 or 医療機関一覧) into the tenant with this code,
 * as the system principal `cli`: plans it and, with `apply`, applies it ({@link importStandardDataset}).
 *
 * @since 0.1.0
 * @category commands
 */
export const importStandardDatasetCommand = Effect.fn("Cli.importStandardDataset")(function* (
  code: string,
  dataset: StandardDataset,
  options: StandardDatasetImportOptions,
  mode: { readonly apply: boolean },
) {
  const tenant = yield* findTenant(code)
  const result = yield* importStandardDataset(dataset, options, mode).pipe(asCli(tenant))
  return { tenant, ...result }
})

/**
 * Applies pending migrations and reports the state before and after.
 *
 * @since 0.1.0
 * @category commands
 */
export const migrateCommand = Effect.gen(function* () {
  const db = yield* PostgresDatabase
  const before = yield* db.migrationStatus
  const applied = yield* db.migrate
  const after = yield* db.migrationStatus
  return { driver: db.driver, before, applied, after }
})

const describeDatabase = (config: Config): string => {
  if (config.database.driver === "pglite") return `PGlite (embedded) in ${config.database.dataDir}`
  const url = new URL(config.database.connectionString)
  return `PostgreSQL at ${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`
}

const failureLine = (error: unknown): string => {
  if (error instanceof NotFound) {
    return error.entity === "tenant" ? `no tenant with code ${error.id}` : `no ${error.entity} with id ${error.id}`
  }
  if (error instanceof StoreError) return `database error: ${error.message}`
  if (error instanceof ValidationError || error instanceof Conflict) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}

/**
 * Options of {@link runCli}.
 *
 * @since 0.1.0
 * @category models
 */
export interface CliOptions {
  readonly env?: Readonly<Record<string, string | undefined>>
  readonly cwd?: string
  readonly io?: Io
  /** A runtime to use instead of one built from the configuration (tests); it is not disposed. */
  readonly runtime?: AppRuntime
  /** Resolves when `start` should shut down; default: the first SIGTERM or SIGINT. */
  readonly shutdownSignal?: Promise<string>
  /** How this CLI is invoked, for hints (default: `node <path of the script>` relative to the cwd). */
  readonly invocation?: string
  /** The notifier of `deadlines scan` instead of the webhook of the configuration (tests). */
  readonly notifier?: Layer.Layer<Notifier>
}

const waitForSignal = (): Promise<string> =>
  new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off("SIGTERM", on)
      process.off("SIGINT", on)
      // A second signal while shutting down stops at once.
      process.once(signal, () => process.exit(1))
      resolve(signal)
    }
    process.on("SIGTERM", on)
    process.on("SIGINT", on)
  })

/**
 * Runs the CLI with arguments (without `node` and the script) and resolves with the exit code. `start` resolves
 * after a graceful shutdown.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { runCli } from "@zaitaku/server"
 *
 * const code = await runCli(["migrate"], { env: { ZAITAKU_DATA_DIR: "/tmp/zaitaku" } })
 * ```
 */
export const runCli = async (argv: ReadonlyArray<string>, options: CliOptions = {}): Promise<number> => {
  const io = options.io ?? processIo
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const invocation =
    options.invocation ?? (process.argv[1] === undefined ? bin : `node ${relative(cwd, process.argv[1]) || bin}`)
  const [command, ...rest] = argv
  let runtime: AppRuntime | undefined
  let config: Config | undefined
  const loadedConfig = (): Config => {
    if (config !== undefined) return config
    const loaded = loadConfig(env, cwd)
    if (Result.isFailure(loaded)) {
      for (const line of formatConfigProblems(loaded.failure)) io.err(line)
      throw new ConfigFailure()
    }
    config = loaded.success
    return config
  }
  const runtimeFor = (migrate: boolean): AppRuntime => {
    runtime ??= options.runtime ?? makeRuntime(appLayer(loadedConfig(), { migrate }))
    return runtime
  }
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h": {
        io.out(help.main!)
        return command === undefined ? ExitCode.usage : ExitCode.ok
      }
      case "start": {
        const { values, positionals } = parse("start", rest, { demo: { type: "boolean" } })
        if (values.help) return printHelp(io, "start")
        noPositionals("start", positionals)
        return await start(loadedConfig(), runtimeFor(false), io, {
          demo: values.demo === true,
          shutdownSignal: options.shutdownSignal ?? waitForSignal(),
          invocation,
        })
      }
      case "migrate": {
        const { values, positionals } = parse("migrate", rest, {})
        if (values.help) return printHelp(io, "migrate")
        noPositionals("migrate", positionals)
        const result = await runEffect(runtimeFor(false), migrateCommand)
        io.out(
          `Applied ${result.applied.length} migration${result.applied.length === 1 ? "" : "s"} ` +
            `(${result.driver}): ${result.after.applied} applied, ${result.after.pending} pending.`,
        )
        return ExitCode.ok
      }
      case "seed": {
        const { values, positionals } = parse("seed", rest, { demo: { type: "boolean" } })
        if (values.help) return printHelp(io, "seed")
        noPositionals("seed", positionals)
        if (values.demo !== true) throw new UsageError("nothing to seed: pass --demo", "seed")
        const seeded = await runEffect(runtimeFor(true), seedDemo({ adminKey: loadedConfig().demoAdminKey }))
        if (seeded.created) {
          io.out(`Created the demo tenant ${seeded.tenant.name.ja} (${seeded.tenant.code}), id ${seeded.tenant.id}.`)
        }
        if (seeded.adminKey !== undefined) {
          io.out(`Demo admin API key (shown only this once): ${seeded.adminKey}`)
        } else {
          io.out(`The demo tenant ${seeded.tenant.name.ja} (${seeded.tenant.code}) exists already; nothing changed.`)
        }
        return ExitCode.ok
      }
      case "keys":
        return await keys(rest, io, () => runtimeFor(true))
      case "import":
        return await importFile(rest, io, cwd, () => runtimeFor(true))
      case "deadlines":
        return await deadlines(
          rest,
          io,
          () => runtimeFor(true),
          () => {
            if (options.notifier !== undefined) return options.notifier
            const webhook = loadedConfig().webhook
            if (webhook === undefined) {
              throw new UsageError(
                "no receiver: set ZAITAKU_WEBHOOK_URL and ZAITAKU_WEBHOOK_SECRET (nothing was scanned or recorded)",
                "deadlines",
              )
            }
            return layerWebhook(webhook)
          },
        )
      default:
        throw new UsageError(`unknown command: ${command}`, "main")
    }
  } catch (error) {
    if (error instanceof ConfigFailure) return ExitCode.failure
    if (error instanceof UsageError) {
      io.err(`${bin}: ${error.message} (see "${bin} ${error.command === "main" ? "" : `${error.command} `}--help")`)
      return ExitCode.usage
    }
    const cause = error instanceof EffectFailure ? error.error : error
    io.err(`${bin}: ${failureLine(cause)}`)
    return ExitCode.failure
  } finally {
    if (runtime !== undefined && options.runtime === undefined) await runtime.dispose()
  }
}

class ConfigFailure extends Error {}

const printHelp = (io: Io, topic: string): number => {
  io.out(help[topic] ?? help.main!)
  return ExitCode.ok
}

const keys = async (args: ReadonlyArray<string>, io: Io, runtime: () => AppRuntime): Promise<number> => {
  const [sub, ...rest] = args
  switch (sub) {
    case undefined:
    case "--help":
    case "-h":
      io.out(help.keys!)
      return sub === undefined ? ExitCode.usage : ExitCode.ok
    case "create": {
      const { values, positionals } = parse("keys create", rest, {
        tenant: { type: "string" },
        role: { type: "string" },
        label: { type: "string" },
        resource: { type: "string", multiple: true },
        expires: { type: "string" },
      })
      if (values.help) return printHelp(io, "keys create")
      noPositionals("keys create", positionals)
      const tenant = tenantOption("keys create", values.tenant)
      const role = validated<Role>("keys create", "--role", Role, required("keys create", "role", values.role))
      const label = values.label ?? ""
      if (label.length > 200) throw new UsageError("--label: at most 200 characters", "keys create")
      const resources = (values.resource ?? []).map((id) =>
        validated<string>("keys create", "--resource", ResourceId, id),
      )
      const expiresAt =
        values.expires === undefined
          ? undefined
          : validated<string>("keys create", "--expires", z.iso.datetime({ offset: true }), values.expires)
      const created = await runEffect(
        runtime(),
        createKeyCommand(tenant, role, label, { resources, ...(expiresAt === undefined ? {} : { expiresAt }) }),
      )
      io.out(
        `Created API key ${created.key.id} (${created.key.role}) in ${created.tenant.name.ja} (${created.tenant.code}).`,
      )
      if (created.key.resources.length > 0) io.out(`For entries: ${created.key.resources.join(", ")}`)
      if (created.key.expiresAt !== null) io.out(`Expires at: ${created.key.expiresAt}`)
      io.out(`Secret (shown only this once): ${created.secret}`)
      return ExitCode.ok
    }
    case "revoke": {
      const { values, positionals } = parse("keys revoke", rest, { tenant: { type: "string" } })
      if (values.help) return printHelp(io, "keys revoke")
      if (positionals.length !== 1) throw new UsageError("expected exactly one <key-id>", "keys revoke")
      const id = validated<ApiKeyId>("keys revoke", "<key-id>", ApiKeyId, positionals[0]!)
      const tenant = tenantOption("keys revoke", values.tenant)
      const revoked = await runEffect(runtime(), revokeKeyCommand(tenant, id))
      io.out(`Revoked API key ${revoked.id} (${revoked.role}) at ${revoked.revokedAt}.`)
      return ExitCode.ok
    }
    case "list": {
      const { values, positionals } = parse("keys list", rest, { tenant: { type: "string" } })
      if (values.help) return printHelp(io, "keys list")
      noPositionals("keys list", positionals)
      const tenant = tenantOption("keys list", values.tenant)
      const listed = await runEffect(runtime(), listKeysCommand(tenant))
      io.out(`API keys of ${listed.tenant.name.ja} (${listed.tenant.code}): ${listed.keys.length}`)
      for (const key of listed.keys) {
        const state = key.revokedAt === null ? "active" : `revoked ${key.revokedAt}`
        io.out(`  ${key.id}  ${key.prefix}…  ${key.role.padEnd(14)}  ${state.padEnd(8)}  ${key.label}`)
      }
      return ExitCode.ok
    }
    default:
      throw new UsageError(`unknown keys command: ${sub}`, "keys")
  }
}

/**
 * 期限の見回り (scan deadlines) of the tenant with this code, as the system principal `deadline-scan`: notifies each
 * obligation that became due soon or overdue, once ({@link scanDeadlines}).
 *
 * @since 0.1.0
 * @category commands
 */
export const scanDeadlinesCommand = Effect.fn("Cli.deadlinesScan")(function* (
  code: string,
  options: { readonly now?: string; readonly dueSoonDays?: number } = {},
) {
  const tenant = yield* findTenant(code)
  const result = yield* scanDeadlines({
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.dueSoonDays === undefined ? {} : { dueSoonDays: options.dueSoonDays }),
  }).pipe(Effect.provideService(Actor, systemPrincipal(tenant.id, "deadline-scan")))
  return { tenant, result }
})

const deadlines = async (
  args: ReadonlyArray<string>,
  io: Io,
  runtime: () => AppRuntime,
  notifier: () => Layer.Layer<Notifier>,
): Promise<number> => {
  const [sub, ...rest] = args
  if (sub === undefined || sub === "--help" || sub === "-h") {
    io.out(help.deadlines!)
    return sub === undefined ? ExitCode.usage : ExitCode.ok
  }
  if (sub !== "scan") throw new UsageError(`unknown deadlines command: ${sub}`, "deadlines")
  const { values, positionals } = parse("deadlines", rest, {
    tenant: { type: "string" },
    now: { type: "string" },
    "due-soon-days": { type: "string" },
  })
  if (values.help) return printHelp(io, "deadlines")
  noPositionals("deadlines", positionals)
  const tenant = tenantOption("deadlines", values.tenant)
  const now =
    values.now === undefined
      ? undefined
      : validated<string>("deadlines", "--now", z.iso.datetime({ offset: true }), values.now)
  const dueSoonDays =
    values["due-soon-days"] === undefined
      ? undefined
      : validated<number>(
          "deadlines",
          "--due-soon-days",
          z.coerce.number().int().min(0).max(30),
          values["due-soon-days"],
        )
  const layer = notifier()
  const { tenant: found, result } = await runEffect(
    runtime(),
    scanDeadlinesCommand(tenant, {
      ...(now === undefined ? {} : { now }),
      ...(dueSoonDays === undefined ? {} : { dueSoonDays }),
    }).pipe(Effect.provide(layer)),
  )
  io.out(
    `Scanned ${result.cases} open case${result.cases === 1 ? "" : "s"} of ${found.name.ja} (${found.code}): ` +
      `${result.transitions} due soon or overdue, ${result.sent} notified, ${result.skipped} already notified, ` +
      `${result.failed} failed.`,
  )
  return result.failed > 0 ? ExitCode.failure : ExitCode.ok
}

const standardDatasetKinds: Readonly<Record<string, StandardDataset>> = {
  "kaigo-ichiran": "care_office_list",
  "iryo-ichiran": "medical_institution_list",
}

const importKinds = ["kaigo-kohyo", "iryo-net", ...Object.keys(standardDatasetKinds)]

const iryoNetCategories: ReadonlyArray<IryoNetCategory> = ["hospital", "clinic", "dental"]

const progressLine = (progress: ImportProgress): string => {
  const done = progress.final ? ` (read in ${(progress.elapsedMillis / 1000).toFixed(1)} s)` : ""
  return (
    `import: ${progress.rows} rows read, ${progress.ok} ok, ${progress.invalid} with errors, ` +
    `${Math.round(progress.ratePerSecond)} rows/s${done}`
  )
}

const importFile = async (
  args: ReadonlyArray<string>,
  io: Io,
  cwd: string,
  runtime: () => AppRuntime,
): Promise<number> => {
  const [kind, ...rest] = args
  if (kind === undefined || kind === "--help" || kind === "-h") {
    io.out(help.import!)
    return kind === undefined ? ExitCode.usage : ExitCode.ok
  }
  if (!importKinds.includes(kind)) {
    throw new UsageError(`unknown import kind: ${kind} (known: ${importKinds.join(", ")})`, "import")
  }
  if (kind === "iryo-net") return await importIryoNetFile(rest, io, cwd, runtime)
  const dataset = standardDatasetKinds[kind]
  if (dataset !== undefined) return await importStandardDatasetFile(kind, dataset, rest, io, cwd, runtime)
  const command = "import kaigo-kohyo"
  const { values, positionals } = parse(command, rest, {
    tenant: { type: "string" },
    apply: { type: "boolean" },
    strict: { type: "boolean" },
    all: { type: "boolean" },
    "service-type": { type: "string" },
  })
  if (values.help) return printHelp(io, command)
  if (positionals.length !== 1) throw new UsageError("expected exactly one <file>", command)
  const file = positionals[0]!
  const tenant = tenantOption(command, values.tenant)
  const serviceTypeCode = values["service-type"]
  if (serviceTypeCode !== undefined && !/^[0-9]{3}$/.test(serviceTypeCode)) {
    throw new UsageError("--service-type: must be a 3-digit サービス種類コード such as 130", command)
  }
  if (serviceTypeCode === undefined && serviceTypeCodeFromFileName(file) === undefined) {
    throw new UsageError("--service-type is required when the file is not named jigyosho_<code>….csv", command)
  }
  const options: KaigoKohyoImportOptions = {
    source: lazyFile(resolve(cwd, file)),
    fileName: file,
    ...(serviceTypeCode === undefined ? {} : { serviceTypeCode }),
    ...(values.all === true ? { municipalities: "all" as const } : {}),
    strict: values.strict === true,
    onProgress: (progress) => io.err(progressLine(progress)),
  }
  let result: Effect.Success<ReturnType<typeof importKaigoKohyoCommand>>
  try {
    result = await runEffect(runtime(), importKaigoKohyoCommand(tenant, options, { apply: values.apply === true }))
  } catch (error) {
    const failed = fileFailure(io, error)
    if (failed !== undefined) return failed
    throw error
  }
  io.out(`Tenant: ${result.tenant.name.ja} (${result.tenant.code})`)
  for (const line of formatPlannedImport(result.planned)) io.out(line)
  printApplied(io, result.applied)
  return ExitCode.ok
}

/** Opened when the import starts reading, so that a usage or tenant error leaves no stream behind. */
const lazyFile = (path: string): ByteSource => ({
  [Symbol.asyncIterator]: () => createReadStream(path)[Symbol.asyncIterator](),
})

const importIryoNetFile = async (
  args: ReadonlyArray<string>,
  io: Io,
  cwd: string,
  runtime: () => AppRuntime,
): Promise<number> => {
  const command = "import iryo-net"
  const { values, positionals } = parse(command, args, {
    tenant: { type: "string" },
    apply: { type: "boolean" },
    strict: { type: "boolean" },
    all: { type: "boolean" },
    category: { type: "string" },
  })
  if (values.help) return printHelp(io, command)
  if (positionals.length !== 2) throw new UsageError("expected <facility-file> and <hours-file>", command)
  const [file, hoursFile] = positionals as [string, string]
  const tenant = tenantOption(command, values.tenant)
  const category = values.category
  if (category !== undefined && !iryoNetCategories.includes(category as IryoNetCategory)) {
    throw new UsageError(`--category: must be one of ${iryoNetCategories.join(", ")}`, command)
  }
  if (/^0[1-3]-1_/.test(hoursFile.split(/[\\/]/).pop() ?? "") && iryoNetCategoryFromFileName(file) === undefined) {
    throw new UsageError("the facility file (…-1_…) comes first, then the hours file (…-2_…)", command)
  }
  const options: IryoNetImportOptions = {
    facilities: lazyFile(resolve(cwd, file)),
    hours: lazyFile(resolve(cwd, hoursFile)),
    fileName: file,
    hoursFileName: hoursFile,
    ...(category === undefined ? {} : { category: category as IryoNetCategory }),
    ...(values.all === true ? { municipalities: "all" as const } : {}),
    strict: values.strict === true,
    onProgress: (progress) => io.err(progressLine(progress)),
  }
  let result: Effect.Success<ReturnType<typeof importIryoNetCommand>>
  try {
    result = await runEffect(runtime(), importIryoNetCommand(tenant, options, { apply: values.apply === true }))
  } catch (error) {
    const failed = fileFailure(io, error)
    if (failed !== undefined) return failed
    throw error
  }
  io.out(`Tenant: ${result.tenant.name.ja} (${result.tenant.code})`)
  for (const line of formatPlannedIryoNetImport(result.planned)) io.out(line)
  printApplied(io, result.applied)
  return ExitCode.ok
}

const importStandardDatasetFile = async (
  kind: string,
  dataset: StandardDataset,
  args: ReadonlyArray<string>,
  io: Io,
  cwd: string,
  runtime: () => AppRuntime,
): Promise<number> => {
  const command = `import ${kind}`
  const { values, positionals } = parse(command, args, {
    tenant: { type: "string" },
    apply: { type: "boolean" },
    strict: { type: "boolean" },
    all: { type: "boolean" },
    municipality: { type: "string" },
  })
  if (values.help) return printHelp(io, command)
  if (positionals.length !== 1) throw new UsageError("expected exactly one <file>", command)
  const file = positionals[0]!
  const tenant = tenantOption(command, values.tenant)
  const municipality = values.municipality
  if (municipality !== undefined && (!isValidLocalGovernmentCode(municipality) || isPrefectureCode(municipality))) {
    throw new UsageError("--municipality: must be a 市区町村's 6-digit 全国地方公共団体コード such as 022039", command)
  }
  const options: StandardDatasetImportOptions = {
    source: lazyFile(resolve(cwd, file)),
    fileName: file,
    ...(municipality === undefined ? {} : { municipalityCode: municipality }),
    ...(values.all === true ? { municipalities: "all" as const } : {}),
    strict: values.strict === true,
    onProgress: (progress) => io.err(progressLine(progress)),
  }
  let result: Effect.Success<ReturnType<typeof importStandardDatasetCommand>>
  try {
    result = await runEffect(
      runtime(),
      importStandardDatasetCommand(tenant, dataset, options, { apply: values.apply === true }),
    )
  } catch (error) {
    const failed = fileFailure(io, error)
    if (failed !== undefined) {
      const cause = error instanceof EffectFailure ? error.error : error
      if (cause instanceof CsvFileError && cause.mismatch?.missing.includes(standardDatasetCodeColumn) === true) {
        io.err(`${bin}: a file without ${standardDatasetCodeColumn} needs --municipality <code>.`)
      }
      return failed
    }
    throw error
  }
  io.out(`Tenant: ${result.tenant.name.ja} (${result.tenant.code})`)
  for (const line of formatPlannedStandardDatasetImport(result.planned)) io.out(line)
  printApplied(io, result.applied)
  return ExitCode.ok
}

/** A file-level failure of an import (unreadable, header, syntax, strict mode) on stderr, exit 1; else undefined. */
const fileFailure = (io: Io, error: unknown): number | undefined => {
  const cause = error instanceof EffectFailure ? error.error : error
  if (cause instanceof CsvFileError || cause instanceof ImportReadError) {
    io.err(`${bin}: ${cause.detail.ja} / ${cause.detail.en}`)
    if (cause instanceof CsvFileError && cause.reason === "row_rejected") io.err(`${bin}: nothing was changed.`)
    return ExitCode.failure
  }
  return undefined
}

const printApplied = (io: Io, applied: Parameters<typeof formatImportApplyResult>[0] | undefined) => {
  if (applied === undefined) {
    io.out("Dry run: nothing was changed. Run again with --apply to apply this plan.")
  } else {
    for (const line of formatImportApplyResult(applied)) io.out(line)
  }
}

const start = async (
  config: Config,
  runtime: AppRuntime,
  io: Io,
  options: { readonly demo: boolean; readonly shutdownSignal: Promise<string>; readonly invocation: string },
): Promise<number> => {
  const logger = makeLogger({ level: config.logLevel })
  const prepared = await runEffect(
    runtime,
    Effect.gen(function* () {
      const db = yield* PostgresDatabase
      const before = yield* db.migrationStatus
      const applied = before.pending > 0 ? yield* db.migrate : []
      // A database without any migration has no tenant: this is the first start.
      const firstStart = before.applied === 0
      // A database that already has the demo tenant is seeded again too: seeding is idempotent, and this finishes a
      // first start that stopped between creating the tenant and its key.
      const existingDemo = firstStart ? Option.none() : yield* (yield* TenantStore).findByCode(demoTenantCode)
      const seeded =
        firstStart || options.demo || Option.isSome(existingDemo)
          ? yield* Effect.map(seedDemo({ adminKey: config.demoAdminKey }), Option.some)
          : Option.none()
      const demo = Option.isSome(seeded) ? Option.some(seeded.value.tenant) : existingDemo
      return { applied, seeded: Option.getOrUndefined(seeded), demo: Option.getOrUndefined(demo) }
    }),
  )
  if (prepared.applied.length > 0) logger.info("migrations applied", { count: prepared.applied.length })
  const server = await startServer({
    config,
    runtime,
    logger,
    imports: { uploadDir: join(config.dataDir, "uploads"), maxBytes: config.importMaxBytes },
  })
  const lines = [
    "",
    "  Zaitaku reference server — 在宅医療・介護連携推進事業 リファレンスサーバー",
    "",
    `  URL:         ${server.url}`,
    `  API docs:    ${server.url}/docs`,
    `  Database:    ${describeDatabase(config)}`,
  ]
  if (prepared.seeded?.adminKey !== undefined) {
    lines.push(
      `  Demo tenant: ${prepared.seeded.tenant.name.ja} / ${prepared.seeded.tenant.name.en} (${prepared.seeded.tenant.code})`,
      `  Demo admin API key (shown only this once): ${prepared.seeded.adminKey}`,
      ...(prepared.seeded.resources > 0
        ? [`  Demo directory: ${prepared.seeded.resources} fictional entries in 八戸市, each named …（デモ）`]
        : []),
      "",
      `  Try: curl -H "Authorization: Bearer ${prepared.seeded.adminKey}" ${server.url}/v1/tenants/me`,
    )
  } else if (prepared.demo !== undefined) {
    lines.push(
      `  Demo tenant: ${prepared.demo.name.ja} / ${prepared.demo.name.en} (${prepared.demo.code})`,
      "  Its admin API key was printed on the first start. To make another:",
      `    ${options.invocation} keys create --tenant ${prepared.demo.code} --role tenant_admin --label "admin"`,
    )
  } else {
    lines.push("  No demo tenant. Create it with:", `    ${options.invocation} seed --demo`)
  }
  lines.push("", "  Stop with Ctrl+C (SIGINT) or SIGTERM.", "")
  for (const line of lines) io.out(line)
  logger.info("listening", { url: server.url })
  const signal = await options.shutdownSignal
  logger.info("shutdown signal received: finishing in-flight requests", {
    signal,
    timeoutMs: config.shutdownTimeoutMs,
  })
  await server.close()
  logger.info("server stopped")
  return ExitCode.ok
}
