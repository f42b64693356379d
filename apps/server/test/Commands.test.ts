import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeApp } from "../src/App.js"
import { type AppRuntime, makeRuntime, memoryLayer } from "../src/AppLayer.js"
import { runCli } from "../src/Commands.js"
import { silentLogger } from "../src/Log.js"

const capture = () => {
  const out: Array<string> = []
  const err: Array<string> = []
  return { out, err, io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } }
}

describe("the zaitaku CLI", () => {
  let runtime: AppRuntime
  beforeAll(() => {
    runtime = makeRuntime(memoryLayer())
  })
  afterAll(async () => {
    await runtime.dispose()
  })

  const run = async (...argv: Array<string>) => {
    const streams = capture()
    const code = await runCli(argv, { env: {}, io: streams.io, runtime })
    return { code, ...streams }
  }

  it("seeds the demo tenant once", async () => {
    const first = await run("seed", "--demo")
    expect(first.code).toBe(0)
    expect(first.out.join("\n")).toMatch(/Demo admin API key \(shown only this once\): zk_/)
    const second = await run("seed", "--demo")
    expect(second.code).toBe(0)
    expect(second.out.join("\n")).toContain("exists already")
    expect(second.out.join("\n")).not.toContain("zk_")
  })

  it("creates a key that works against the API, lists it, and revokes it", async () => {
    const created = await run("keys", "create", "--tenant", "022039", "--role", "coordinator", "--label", "地域包括A")
    expect(created.code).toBe(0)
    const secret = /Secret \(shown only this once\): (zk_\S+)/.exec(created.out.join("\n"))?.[1]
    const id = /Created API key (\S+) /.exec(created.out.join("\n"))?.[1]
    expect(secret).toBeDefined()
    const app = makeApp({ runtime, logger: silentLogger })
    const me = await app.request("/v1/tenants/me", { headers: { Authorization: `Bearer ${secret}` } })
    expect(me.status).toBe(200)
    expect((await me.json()).code).toBe("022039")

    const listed = await run("keys", "list", "--tenant", "022039")
    expect(listed.code).toBe(0)
    expect(listed.out.join("\n")).toContain(id!)
    expect(listed.out.join("\n")).not.toContain(secret!)

    const revoked = await run("keys", "revoke", id!, "--tenant", "022039")
    expect(revoked.code).toBe(0)
    expect((await app.request("/v1/tenants/me", { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(401)
  })

  it("fails with exit code 1 and one line for an unknown tenant or key", async () => {
    const tenant = await run("keys", "create", "--tenant", "024414", "--role", "viewer")
    expect(tenant).toMatchObject({ code: 1, err: ["zaitaku: no tenant with code 024414"] })
    const key = await run("keys", "revoke", "01912345-6789-7abc-8def-0123456789ab", "--tenant", "022039")
    expect(key).toMatchObject({ code: 1, err: ["zaitaku: no api_key with id 01912345-6789-7abc-8def-0123456789ab"] })
  })

  it.each([
    [["frobnicate"], /unknown command: frobnicate/],
    [["keys", "create", "--tenant", "022039"], /--role is required/],
    [["keys", "create", "--tenant", "022039", "--role", "king"], /--role: Invalid option/],
    [["keys", "create", "--tenant", "12", "--role", "viewer"], /--tenant: must be a tenant code/],
    [["keys", "create", "--tenant", "022039", "--role", "viewer", "--colour", "red"], /Unknown option '--colour'/],
    [["keys", "revoke", "not-a-uuid", "--tenant", "022039"], /<key-id>: /],
    [["keys", "revoke", "--tenant", "022039"], /expected exactly one <key-id>/],
    [["keys", "shred"], /unknown keys command: shred/],
    [["seed"], /nothing to seed: pass --demo/],
    [["migrate", "now"], /unexpected argument: now/],
  ])("answers a usage error in %j with exit code 2 and one line", async (argv, message) => {
    const result = await run(...argv)
    expect(result.code).toBe(2)
    expect(result.err).toHaveLength(1)
    expect(result.err[0]).toMatch(/^zaitaku: /)
    expect(result.err[0]).toMatch(message)
  })

  it.each([
    ["--help"],
    ["start", "--help"],
    ["migrate", "-h"],
    ["seed", "--help"],
    ["keys", "create", "--help"],
    ["keys", "revoke", "--help"],
    ["keys", "list", "--help"],
  ])("prints help for %j", async (...argv) => {
    const result = await run(...argv)
    expect(result.code).toBe(0)
    expect(result.out.join("\n")).toMatch(/^Usage: zaitaku/)
  })
})
