/**
 * 設定 (configuration) of the reference server: environment variables only, validated with zod at start.
 *
 * @since 0.1.0
 */
import { resolve } from "node:path"
import { ApiKeySecret, decodeSync, type ValidationError } from "@zaitaku/core"
import { Result } from "effect"
import * as z from "zod"

/**
 * Log levels, from the most to the least verbose.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { LogLevel } from "@zaitaku/server"
 *
 * LogLevel.parse("info")
 * ```
 */
export const LogLevel = z.enum(["debug", "info", "warn", "error"])
/** @since 0.1.0 @category models */
export type LogLevel = z.infer<typeof LogLevel>

const PostgresUrl = z.string().refine(
  (value) => {
    try {
      const url = new URL(value)
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname.length > 0
    } catch {
      return false
    }
  },
  { message: "Must be a postgres:// or postgresql:// URL with a host, e.g. postgres://user@127.0.0.1:5432/zaitaku" },
)

/**
 * One decoder per environment variable: the variable's name, its schema, and its default.
 * An empty value counts as unset.
 */
const variables = {
  PORT: z.coerce
    .number({ error: (issue) => (issue.code === "invalid_type" ? "Must be a number between 1 and 65535" : undefined) })
    .int("Must be a whole number between 1 and 65535")
    .min(1)
    .max(65535)
    .default(8787),
  HOST: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[A-Za-z0-9.:%_-]+$/, "Must be a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0")
    .default("127.0.0.1"),
  DATABASE_URL: PostgresUrl.optional(),
  DATABASE_OWNER_URL: PostgresUrl.optional(),
  ZAITAKU_DATA_DIR: z.string().min(1).default("./.zaitaku"),
  ZAITAKU_DEMO_ADMIN_KEY: ApiKeySecret.optional(),
  LOG_LEVEL: LogLevel.default("info"),
  ZAITAKU_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: "Must be an http(s) URL, e.g. https://example.org/hooks/zaitaku" })
    .optional(),
  ZAITAKU_WEBHOOK_SECRET: z.string().min(16, "Must be at least 16 characters").max(500).optional(),
  ZAITAKU_SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ error: (issue) => (issue.code === "invalid_type" ? "Must be a number of milliseconds" : undefined) })
    .int("Must be a whole number of milliseconds")
    .min(0)
    .max(600_000)
    .default(10_000),
  ZAITAKU_IMPORT_MAX_BYTES: z.coerce
    .number({ error: (issue) => (issue.code === "invalid_type" ? "Must be a number of bytes" : undefined) })
    .int("Must be a whole number of bytes")
    .min(1024)
    .max(16 * 1024 ** 3)
    .default(1024 ** 3),
} as const

/**
 * The names of the environment variables the server reads.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { configVariables } from "@zaitaku/server"
 *
 * configVariables.includes("PORT") // true
 * ```
 */
export const configVariables = Object.keys(variables) as ReadonlyArray<keyof typeof variables>

/**
 * 設定 (configuration) of the server and the CLI, decoded from the environment.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Config } from "@zaitaku/server"
 *
 * declare const config: Config
 * config.database.driver // "pglite" | "pg"
 * ```
 */
export interface Config {
  /** TCP port to listen on (`PORT`, default 8787). */
  readonly port: number
  /** Address to bind (`HOST`, default `127.0.0.1`: reachable from this machine only; `0.0.0.0` in containers). */
  readonly host: string
  /** Where the data lives: PostgreSQL (`DATABASE_URL` set) or embedded PGlite under the data directory. */
  readonly database:
    | {
        readonly driver: "pg"
        /** `DATABASE_URL`: the application's connection (best: a login role that owns nothing). */
        readonly connectionString: string
        /** `DATABASE_OWNER_URL`: the owner's connection for migrations and maintenance (default: `DATABASE_URL`). */
        readonly ownerConnectionString: string | undefined
      }
    | { readonly driver: "pglite"; readonly dataDir: string }
  /** Absolute path of `ZAITAKU_DATA_DIR` (default `./.zaitaku`, relative to the working directory). */
  readonly dataDir: string
  /** `ZAITAKU_DEMO_ADMIN_KEY`: the secret of the demo tenant's admin key when it is first created. */
  readonly demoAdminKey: ApiKeySecret | undefined
  /** `LOG_LEVEL` (default `info`). */
  readonly logLevel: LogLevel
  /** `ZAITAKU_SHUTDOWN_TIMEOUT_MS`: how long in-flight requests may take after SIGTERM (default 10000). */
  readonly shutdownTimeoutMs: number
  /** `ZAITAKU_IMPORT_MAX_BYTES`: the largest upload of `POST /v1/imports` (default 1 GiB). */
  readonly importMaxBytes: number
  /**
   * `ZAITAKU_WEBHOOK_URL` and `ZAITAKU_WEBHOOK_SECRET` (both or neither): the receiver of deadline notifications and
   * the secret their HMAC-SHA256 signature is keyed by.
   */
  readonly webhook: { readonly url: string; readonly secret: string } | undefined
}

/**
 * One bad environment variable and what is wrong with it.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import type { ConfigProblem } from "@zaitaku/server"
 *
 * const problem: ConfigProblem = { variable: "PORT", message: "Too big: expected number to be <=65535" }
 * ```
 */
export interface ConfigProblem {
  readonly variable: string
  readonly message: string
}

const problemOf = (variable: string, error: ValidationError): ConfigProblem => ({
  variable,
  message: error.issues.map((issue) => issue.message.en).join("; "),
})

/**
 * Reads and validates the configuration from an environment (default `process.env`). Relative paths are resolved
 * against `cwd` (default `process.cwd()`). Fails with one {@link ConfigProblem} per bad variable; values are never
 * echoed back, since some (a database URL, an API key) are secrets.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { loadConfig } from "@zaitaku/server"
 *
 * const config = loadConfig({ PORT: "8080" })
 * Result.isSuccess(config) // true
 * ```
 */
export const loadConfig = (
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): Result.Result<Config, ReadonlyArray<ConfigProblem>> => {
  const problems: Array<ConfigProblem> = []
  const read = <K extends keyof typeof variables>(name: K): z.output<(typeof variables)[K]> | undefined => {
    const raw = env[name]
    const result = decodeSync(variables[name], name)(raw === undefined || raw.trim() === "" ? undefined : raw)
    if (Result.isFailure(result)) {
      problems.push(problemOf(name, result.failure))
      return undefined
    }
    return result.success as z.output<(typeof variables)[K]>
  }
  const port = read("PORT")
  const host = read("HOST")
  const databaseUrl = read("DATABASE_URL")
  const databaseOwnerUrl = read("DATABASE_OWNER_URL")
  if (databaseOwnerUrl !== undefined && databaseUrl === undefined) {
    problems.push({
      variable: "DATABASE_OWNER_URL",
      message: "Only used with PostgreSQL: set DATABASE_URL too (the embedded database has no separate owner)",
    })
  }
  const dataDirRaw = read("ZAITAKU_DATA_DIR")
  const demoAdminKey = read("ZAITAKU_DEMO_ADMIN_KEY")
  const logLevel = read("LOG_LEVEL")
  const shutdownTimeoutMs = read("ZAITAKU_SHUTDOWN_TIMEOUT_MS")
  const importMaxBytes = read("ZAITAKU_IMPORT_MAX_BYTES")
  const webhookUrl = read("ZAITAKU_WEBHOOK_URL")
  const webhookSecret = read("ZAITAKU_WEBHOOK_SECRET")
  const invalid = (variable: string) => problems.some((problem) => problem.variable === variable)
  if (webhookUrl !== undefined && webhookSecret === undefined && !invalid("ZAITAKU_WEBHOOK_SECRET")) {
    problems.push({
      variable: "ZAITAKU_WEBHOOK_SECRET",
      message: "Required with ZAITAKU_WEBHOOK_URL: the secret the notifications are signed with (16+ characters)",
    })
  }
  if (webhookSecret !== undefined && webhookUrl === undefined && !invalid("ZAITAKU_WEBHOOK_URL")) {
    problems.push({
      variable: "ZAITAKU_WEBHOOK_URL",
      message: "Required with ZAITAKU_WEBHOOK_SECRET: the receiver of deadline notifications",
    })
  }
  if (
    problems.length > 0 ||
    port === undefined ||
    host === undefined ||
    dataDirRaw === undefined ||
    logLevel === undefined ||
    shutdownTimeoutMs === undefined ||
    importMaxBytes === undefined
  ) {
    return Result.fail(problems)
  }
  const dataDir = resolve(cwd, dataDirRaw)
  return Result.succeed({
    port,
    host,
    database:
      databaseUrl === undefined
        ? { driver: "pglite", dataDir: resolve(dataDir, "pglite") }
        : { driver: "pg", connectionString: databaseUrl, ownerConnectionString: databaseOwnerUrl },
    dataDir,
    demoAdminKey,
    logLevel,
    shutdownTimeoutMs,
    importMaxBytes,
    webhook:
      webhookUrl === undefined || webhookSecret === undefined ? undefined : { url: webhookUrl, secret: webhookSecret },
  })
}

/**
 * The lines printed when the configuration is invalid: one per bad variable, each naming the variable.
 *
 * @since 0.1.0
 * @category formatting
 * @example
 * ```ts
 * import { formatConfigProblems } from "@zaitaku/server"
 *
 * formatConfigProblems([{ variable: "PORT", message: "Too big: expected number to be <=65535" }])
 * // ["zaitaku: invalid configuration: PORT: Too big: expected number to be <=65535"]
 * ```
 */
export const formatConfigProblems = (problems: ReadonlyArray<ConfigProblem>): ReadonlyArray<string> =>
  problems.map((problem) => `zaitaku: invalid configuration: ${problem.variable}: ${problem.message}`)
