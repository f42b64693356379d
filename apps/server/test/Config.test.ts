import { Result } from "effect"
import { describe, expect, it } from "vitest"
import { runCli } from "../src/Commands.js"
import { formatConfigProblems, loadConfig } from "../src/Config.js"

const failures = (env: Record<string, string>) => {
  const result = loadConfig(env, "/srv")
  if (Result.isSuccess(result)) throw new Error("expected a failure")
  return formatConfigProblems(result.failure)
}

describe("configuration", () => {
  it("has safe defaults: port 8787 on 127.0.0.1, PGlite under ./.zaitaku of the working directory", () => {
    const config = Result.getOrThrow(loadConfig({}, "/srv/app"))
    expect(config).toMatchObject({
      port: 8787,
      host: "127.0.0.1",
      dataDir: "/srv/app/.zaitaku",
      database: { driver: "pglite", dataDir: "/srv/app/.zaitaku/pglite" },
      logLevel: "info",
      shutdownTimeoutMs: 10_000,
    })
    expect(config.demoAdminKey).toBeUndefined()
  })

  it("uses PostgreSQL when DATABASE_URL is set, and reads every variable", () => {
    const config = Result.getOrThrow(
      loadConfig(
        {
          PORT: "9000",
          HOST: "0.0.0.0",
          DATABASE_URL: "postgresql://app@db.example:5432/zaitaku",
          ZAITAKU_DATA_DIR: "/var/lib/zaitaku",
          ZAITAKU_DEMO_ADMIN_KEY: "zk_demo_0123456789abcdefghij",
          LOG_LEVEL: "debug",
          ZAITAKU_SHUTDOWN_TIMEOUT_MS: "2500",
        },
        "/srv",
      ),
    )
    expect(config).toMatchObject({
      port: 9000,
      host: "0.0.0.0",
      database: { driver: "pg", connectionString: "postgresql://app@db.example:5432/zaitaku" },
      dataDir: "/var/lib/zaitaku",
      demoAdminKey: "zk_demo_0123456789abcdefghij",
      logLevel: "debug",
      shutdownTimeoutMs: 2500,
    })
  })

  it("reads DATABASE_OWNER_URL for migrations and maintenance, and only together with DATABASE_URL", () => {
    const config = Result.getOrThrow(
      loadConfig({
        DATABASE_URL: "postgres://zaitaku_server@db.example/zaitaku",
        DATABASE_OWNER_URL: "postgres://zaitaku_owner@db.example/zaitaku",
      }),
    )
    expect(config.database).toEqual({
      driver: "pg",
      connectionString: "postgres://zaitaku_server@db.example/zaitaku",
      ownerConnectionString: "postgres://zaitaku_owner@db.example/zaitaku",
    })
    expect(failures({ DATABASE_OWNER_URL: "postgres://zaitaku_owner@db.example/zaitaku" })).toEqual([
      "zaitaku: invalid configuration: DATABASE_OWNER_URL: Only used with PostgreSQL: set DATABASE_URL too (the embedded database has no separate owner)",
    ])
  })

  it("reads the webhook of deadline notifications: its URL and its secret, both or neither, without echoing the secret", () => {
    expect(Result.getOrThrow(loadConfig({})).webhook).toBeUndefined()
    expect(
      Result.getOrThrow(
        loadConfig({
          ZAITAKU_WEBHOOK_URL: "https://example.org/hooks/zaitaku",
          ZAITAKU_WEBHOOK_SECRET: "s".repeat(20),
        }),
      ).webhook,
    ).toEqual({ url: "https://example.org/hooks/zaitaku", secret: "s".repeat(20) })
    expect(failures({ ZAITAKU_WEBHOOK_URL: "https://example.org/hooks/zaitaku" })).toEqual([
      expect.stringMatching(
        /^zaitaku: invalid configuration: ZAITAKU_WEBHOOK_SECRET: Required with ZAITAKU_WEBHOOK_URL/,
      ),
    ])
    expect(failures({ ZAITAKU_WEBHOOK_SECRET: "s".repeat(20) })).toEqual([
      expect.stringMatching(
        /^zaitaku: invalid configuration: ZAITAKU_WEBHOOK_URL: Required with ZAITAKU_WEBHOOK_SECRET/,
      ),
    ])
    const [line, ...rest] = failures({ ZAITAKU_WEBHOOK_URL: "ftp://example.org/", ZAITAKU_WEBHOOK_SECRET: "tooShort" })
    expect(line).toMatch(/ZAITAKU_WEBHOOK_URL: Must be an http\(s\) URL/)
    expect(rest).toEqual([expect.stringMatching(/ZAITAKU_WEBHOOK_SECRET: Must be at least 16 characters/)])
    expect([line, ...rest].join("\n")).not.toContain("tooShort")
  })

  it("treats empty values as unset", () => {
    expect(Result.getOrThrow(loadConfig({ PORT: "", DATABASE_URL: " " }, "/srv")).port).toBe(8787)
  })

  it.each([
    [{ PORT: "70000" }, "zaitaku: invalid configuration: PORT: Too big: expected number to be <=65535"],
    [{ PORT: "0" }, "zaitaku: invalid configuration: PORT: Too small: expected number to be >=1"],
    [{ PORT: "http" }, "zaitaku: invalid configuration: PORT: Must be a number between 1 and 65535"],
    [{ PORT: "80.5" }, "zaitaku: invalid configuration: PORT: Must be a whole number between 1 and 65535"],
    [
      { LOG_LEVEL: "loud" },
      'zaitaku: invalid configuration: LOG_LEVEL: Invalid option: expected one of "debug"|"info"|"warn"|"error"',
    ],
    [
      { ZAITAKU_SHUTDOWN_TIMEOUT_MS: "-1" },
      "zaitaku: invalid configuration: ZAITAKU_SHUTDOWN_TIMEOUT_MS: Too small: expected number to be >=0",
    ],
    [
      { HOST: "a b" },
      "zaitaku: invalid configuration: HOST: Must be a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0",
    ],
  ])("rejects %o with one line naming the variable", (env, line) => {
    expect(failures(env)).toEqual([line])
  })

  it("rejects a DATABASE_URL that is not a PostgreSQL URL without echoing it", () => {
    const [line, ...rest] = failures({ DATABASE_URL: "mysql://root:hunter2@db/zaitaku" })
    expect(rest).toEqual([])
    expect(line).toMatch(
      /^zaitaku: invalid configuration: DATABASE_URL: Must be a postgres:\/\/ or postgresql:\/\/ URL/,
    )
    expect(line).not.toContain("hunter2")
  })

  it("rejects a demo admin key that is not a valid API key without echoing it", () => {
    const [line] = failures({ ZAITAKU_DEMO_ADMIN_KEY: "short!" })
    expect(line).toMatch(/^zaitaku: invalid configuration: ZAITAKU_DEMO_ADMIN_KEY: /)
    expect(line).toContain("at least 24 characters")
    expect(line).not.toContain("short!")
  })

  it("reports every bad variable, one line each", () => {
    expect(failures({ PORT: "x", LOG_LEVEL: "verbose", DATABASE_URL: "nope" })).toEqual([
      expect.stringMatching(/^zaitaku: invalid configuration: PORT: /),
      expect.stringMatching(/^zaitaku: invalid configuration: DATABASE_URL: /),
      expect.stringMatching(/^zaitaku: invalid configuration: LOG_LEVEL: /),
    ])
  })

  it("stops every command with exit code 1 and only the config lines on stderr", async () => {
    for (const command of [["start"], ["migrate"], ["seed", "--demo"], ["keys", "list", "--tenant", "022039"]]) {
      const out: Array<string> = []
      const err: Array<string> = []
      const code = await runCli(command, {
        env: { PORT: "70000", LOG_LEVEL: "loud" },
        io: { out: (line) => out.push(line), err: (line) => err.push(line) },
      })
      expect(code).toBe(1)
      expect(out).toEqual([])
      expect(err).toEqual([
        "zaitaku: invalid configuration: PORT: Too big: expected number to be <=65535",
        'zaitaku: invalid configuration: LOG_LEVEL: Invalid option: expected one of "debug"|"info"|"warn"|"error"',
      ])
    }
  })
})
