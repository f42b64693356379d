import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { Actor, CaseStore, Notifier, type ObligationNotification, systemPrincipal, TenantStore } from "@zaitaku/core"
import { verifyWebhook } from "@zaitaku/notifier-webhook"
import { Effect, Layer, Option } from "effect"
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
    [["deadlines", "sweep"], /unknown deadlines command: sweep/],
    [["deadlines", "scan", "--tenant", "022039", "--now", "yesterday"], /--now: /],
  ])("answers a usage error in %j with exit code 2 and one line", async (argv, message) => {
    const result = await run(...argv)
    expect(result.code).toBe(2)
    expect(result.err).toHaveLength(1)
    expect(result.err[0]).toMatch(/^zaitaku: /)
    expect(result.err[0]).toMatch(message)
  })

  it("notifies each obligation transition once, from the configured webhook, signed", async () => {
    // a case of the demo tenant: admitted Friday 2024-07-12 18:30, the care manager's information due Saturday
    await runtime.runPromise(
      Effect.gen(function* () {
        const tenant = Option.getOrThrow(yield* (yield* TenantStore).findByCode("022039"))
        yield* (yield* CaseStore)
          .create({
            patient: "p-cli-1",
            patientMunicipality: "022039",
            parties: {
              hospital: { id: "0192f5a0-0000-7000-8000-00000000a001", municipality: "022039" },
              care_manager: { id: "0192f5a0-0000-7000-8000-00000000c001" },
            },
            careLevel: "care_1",
            ageBand: "65_and_over",
            events: [{ type: "admission", at: "2024-07-12T18:30:00+09:00" }],
          })
          .pipe(Effect.provideService(Actor, systemPrincipal(tenant.id, "test")))
      }),
    )
    const missing = await run("deadlines", "scan", "--tenant", "022039")
    expect(missing.code).toBe(2)
    expect(missing.err[0]).toMatch(/no receiver: set ZAITAKU_WEBHOOK_URL and ZAITAKU_WEBHOOK_SECRET/)

    const sent: Array<ObligationNotification> = []
    const notifier = Layer.succeed(Notifier, Notifier.of({ notify: (n) => Effect.sync(() => void sent.push(n)) }))
    const scan = async (now: string) => {
      const streams = capture()
      const code = await runCli(["deadlines", "scan", "--tenant", "022039", "--now", now], {
        env: {},
        io: streams.io,
        runtime,
        notifier,
      })
      return { code, ...streams }
    }
    const friday = await scan("2024-07-12T20:00:00+09:00")
    expect(friday.code).toBe(0)
    expect(friday.out[0]).toContain("1 due soon or overdue, 1 notified, 0 already notified, 0 failed")
    expect((await scan("2024-07-12T21:00:00+09:00")).out[0]).toContain("0 notified, 1 already notified")
    expect(sent.map((n) => n.transition)).toEqual(["due_soon"])

    // Sunday: overdue, delivered to the webhook of the configuration
    const received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }> = []
    const receiver = createServer((request, response) => {
      let body = ""
      request.on("data", (chunk) => {
        body += chunk
      })
      request.on("end", () => {
        received.push({ headers: request.headers, body })
        response.statusCode = 204
        response.end()
      })
    })
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve))
    try {
      const secret = "the-shared-webhook-secret"
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`
      const streams = capture()
      const code = await runCli(["deadlines", "scan", "--tenant", "022039", "--now", "2024-07-14T09:00:00+09:00"], {
        env: { ZAITAKU_WEBHOOK_URL: url, ZAITAKU_WEBHOOK_SECRET: secret },
        io: streams.io,
        runtime,
      })
      expect(code).toBe(0)
      expect(received).toHaveLength(1)
      const [delivery] = received
      expect(JSON.parse(delivery!.body)).toMatchObject({ transition: "overdue", obligation: { dueDate: "2024-07-13" } })
      expect(
        await Effect.runPromise(
          verifyWebhook(secret, {
            timestamp: String(delivery!.headers["x-zaitaku-timestamp"]),
            signature: String(delivery!.headers["x-zaitaku-signature"]),
            body: delivery!.body,
          }),
        ),
      ).toBe(true)
    } finally {
      await new Promise((resolve) => receiver.close(resolve))
    }
  })

  it.each([
    ["--help"],
    ["start", "--help"],
    ["migrate", "-h"],
    ["seed", "--help"],
    ["keys", "create", "--help"],
    ["keys", "revoke", "--help"],
    ["keys", "list", "--help"],
    ["deadlines", "--help"],
  ])("prints help for %j", async (...argv) => {
    const result = await run(...argv)
    expect(result.code).toBe(0)
    expect(result.out.join("\n")).toMatch(/^Usage: zaitaku/)
  })
})
