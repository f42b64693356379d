import { type ChildProcessWithoutNullStreams, execFile, spawn } from "node:child_process"
import { mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const cli = join(packageDir, "dist", "cli.js")

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

/** The environment of a child: nothing from ours but PATH, so a DATABASE_URL set here cannot leak in. */
const childEnv = (extra: Record<string, string>) => ({ PATH: process.env.PATH ?? "", ...extra })

interface Started {
  readonly child: ChildProcessWithoutNullStreams
  readonly url: string
  readonly stdout: () => string
  readonly stderr: () => string
  readonly exited: Promise<number | null>
}

const start = (env: Record<string, string>): Promise<Started> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, "start"], { env: childEnv(env), cwd: env.ZAITAKU_DATA_DIR })
    let stdout = ""
    let stderr = ""
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)))
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s\n${stdout}\n${stderr}`)), 60_000)
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /URL:\s+(http:\/\/\S+)/.exec(stdout)?.[1]
      if (url !== undefined && stdout.includes('"msg":"listening"')) {
        clearTimeout(timer)
        resolve({ child, url, stdout: () => stdout, stderr: () => stderr, exited })
      }
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code} before listening\n${stdout}\n${stderr}`))
    })
  })

describe("the zaitaku process", () => {
  let dataDir: string
  beforeAll(async () => {
    // Test the real executable: build it from the sources under test.
    await promisify(execFile)(process.execPath, [join(packageDir, "node_modules/tsup/dist/cli-default.js")], {
      cwd: packageDir,
    })
    dataDir = await mkdtemp(join(tmpdir(), "zaitaku-process-"))
  }, 120_000)
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true })
  })

  it("stops on a bad configuration with one line per variable and exit code 1", async () => {
    const result = await new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, [cli, "start"], {
        env: childEnv({ PORT: "70000", DATABASE_URL: "mysql://x" }),
      })
      let stderr = ""
      let stdout = ""
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
      child.on("exit", (code) => resolve({ code, stderr, stdout }))
    })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe("")
    expect(result.stderr.trim().split("\n")).toEqual([
      "zaitaku: invalid configuration: PORT: Too big: expected number to be <=65535",
      expect.stringMatching(/^zaitaku: invalid configuration: DATABASE_URL: Must be a postgres:\/\//),
    ])
  })

  it("prints the demo key on the first start only, serves /readyz, and exits 0 on SIGTERM after a shutdown log line", async () => {
    const key = "zk_process_test_demo_key_000001"
    const first = await start({
      ZAITAKU_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      ZAITAKU_DEMO_ADMIN_KEY: key,
    })
    expect(first.stdout()).toContain(`Demo admin API key (shown only this once): ${key}`)
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200)
    const me = await fetch(`${first.url}/v1/tenants/me`, { headers: { Authorization: `Bearer ${key}` } })
    expect((await me.json()).code).toBe("022039")
    first.child.kill("SIGTERM")
    expect(await first.exited).toBe(0)
    expect(first.stdout()).toMatch(/"msg":"shutdown signal received[^"]*","signal":"SIGTERM"/)
    expect(first.stdout()).toContain('"msg":"server stopped"')
    const logLines = first
      .stdout()
      .split("\n")
      .filter((line) => line.startsWith("{"))
    expect(logLines.some((line) => line.includes('"path":"/v1/tenants/me"'))).toBe(true)
    expect(logLines.filter((line) => line.includes(key))).toEqual([])

    const second = await start({ ZAITAKU_DATA_DIR: dataDir, PORT: String(await freePort()) })
    expect(second.stdout()).not.toContain("zk_")
    expect(second.stdout()).toContain("was printed on the first start")
    expect(second.stdout()).toContain("keys create --tenant 022039 --role tenant_admin")
    expect((await fetch(`${second.url}/v1/tenants/me`, { headers: { Authorization: `Bearer ${key}` } })).status).toBe(
      200,
    )
    second.child.kill("SIGINT")
    expect(await second.exited).toBe(0)
  }, 120_000)
})
