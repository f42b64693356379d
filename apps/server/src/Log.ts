/**
 * 構造化ログ (structured logs): one JSON object per line, to stdout by default.
 *
 * @since 0.1.0
 */
import type { LogLevel } from "./Config.js"

const rank: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 }

/**
 * A structured logger. Fields must never carry secrets (API keys, the `Authorization` header) or personal data.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { makeLogger } from "@zaitaku/server"
 *
 * const logger = makeLogger({ level: "info" })
 * logger.info("started", { port: 8787 })
 * ```
 */
export interface Logger {
  readonly level: LogLevel
  log(level: LogLevel, msg: string, fields?: Readonly<Record<string, unknown>>): void
  debug(msg: string, fields?: Readonly<Record<string, unknown>>): void
  info(msg: string, fields?: Readonly<Record<string, unknown>>): void
  warn(msg: string, fields?: Readonly<Record<string, unknown>>): void
  error(msg: string, fields?: Readonly<Record<string, unknown>>): void
}

/**
 * Makes a JSON-lines logger: `{"time":…,"level":…,"msg":…,…fields}`. Lines below `level` are dropped.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { makeLogger } from "@zaitaku/server"
 *
 * const lines: Array<string> = []
 * const logger = makeLogger({ level: "debug", write: (line) => lines.push(line) })
 * logger.debug("hello")
 * ```
 */
export const makeLogger = (options: { readonly level: LogLevel; readonly write?: (line: string) => void }): Logger => {
  const write = options.write ?? ((line: string) => process.stdout.write(line))
  const threshold = rank[options.level]
  const log = (level: LogLevel, msg: string, fields: Readonly<Record<string, unknown>> = {}) => {
    if (rank[level] < threshold) return
    let line: string
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level, msg, note: "fields could not be serialised" })
    }
    write(`${line}\n`)
  }
  return {
    level: options.level,
    log,
    debug: (msg, fields) => log("debug", msg, fields),
    info: (msg, fields) => log("info", msg, fields),
    warn: (msg, fields) => log("warn", msg, fields),
    error: (msg, fields) => log("error", msg, fields),
  }
}

/**
 * A logger that drops everything (tests, benchmarks).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { silentLogger } from "@zaitaku/server"
 *
 * silentLogger.info("not printed")
 * ```
 */
export const silentLogger: Logger = makeLogger({ level: "error", write: () => {} })
