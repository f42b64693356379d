import { createHmac } from "node:crypto"
import { createServer, type IncomingHttpHeaders, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { type NotificationFailed, ObligationNotification } from "@zaitaku/core"
import { Effect, Exit, Option } from "effect"
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { makeWebhookNotifier, signWebhook, verifyWebhook, webhookHeaders } from "../src/index.js"

const secret = "a-shared-secret-for-tests"

const notification = ObligationNotification.parse({
  id: "0192f5a0-0000-7000-8000-00000000d001",
  tenantId: "0192f5a0-0000-7000-8000-0000000000aa",
  caseId: "0192f5a0-0000-7000-8000-00000000ca5e",
  transition: "overdue",
  organisationId: "0192f5a0-0000-7000-8000-00000000c001",
  obligation: {
    key: "jp-kaigo-houshu-kyotaku@2024/admission-information/cm-informs-hospital/e1",
    name: { ja: "病院へ利用者の必要な情報を提供する", en: "Give the hospital the information it needs" },
    actor: "care_manager",
    action: { kind: "share_information", to: "hospital" },
    ruleSet: { id: "jp-kaigo-houshu-kyotaku", version: "2024" },
    dueDate: "2024-07-13",
    status: "missed",
  },
  occurredAt: "2024-07-14T00:00:00.000Z",
})

interface Received {
  readonly method: string | undefined
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** A receiver on a free local port that answers each request with the next status of `answers` (then 204). */
let server: Server
let url: string
let received: Array<Received>
let answers: Array<number | "hang">
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = ""
    request.setEncoding("utf8")
    request.on("data", (chunk: string) => {
      body += chunk
    })
    request.on("end", () => {
      received.push({ method: request.method, headers: request.headers, body })
      const answer = answers.shift() ?? 204
      if (answer === "hang") return
      response.statusCode = answer
      response.end(answer >= 400 ? "no" : "")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/zaitaku`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  received = []
  answers = []
})

const failureOf = (exit: Exit.Exit<void, NotificationFailed>) =>
  Exit.isFailure(exit) ? Option.getOrUndefined(Exit.findErrorOption(exit)) : undefined

describe("the webhook notifier", () => {
  it("posts the notification as JSON with its delivery id and a signature the receiver can verify", async () => {
    await Effect.runPromise(
      makeWebhookNotifier({ url, secret, headers: { Authorization: "Bearer r" } }).notify(notification),
    )
    expect(received).toHaveLength(1)
    const [request] = received
    expect(request?.method).toBe("POST")
    expect(request?.headers["content-type"]).toBe("application/json")
    expect(request?.headers.authorization).toBe("Bearer r")
    expect(request?.headers["x-zaitaku-delivery"]).toBe(notification.id)
    expect(JSON.parse(request!.body)).toEqual(notification)
    const delivery = {
      timestamp: String(request?.headers["x-zaitaku-timestamp"]),
      signature: String(request?.headers["x-zaitaku-signature"]),
      body: request!.body,
    }
    expect(delivery.signature).toMatch(/^sha256=[0-9a-f]{64}$/)
    expect(await Effect.runPromise(verifyWebhook(secret, delivery))).toBe(true)
    // another secret, an altered body, or a replay long after do not verify
    expect(await Effect.runPromise(verifyWebhook("another-secret-of-16+", delivery))).toBe(false)
    expect(
      await Effect.runPromise(verifyWebhook(secret, { ...delivery, body: delivery.body.replace("missed", "x") })),
    ).toBe(false)
    const later = new Date((Number(delivery.timestamp) + 3600) * 1000)
    expect(await Effect.runPromise(verifyWebhook(secret, delivery, { now: later }))).toBe(false)
  })

  it("signs exactly <timestamp>.<body> with HMAC-SHA256, as any HMAC library computes it", async () => {
    const body = JSON.stringify(notification)
    const expected = createHmac("sha256", secret).update(`1720780200.${body}`).digest("hex")
    expect(await Effect.runPromise(signWebhook(secret, "1720780200", body))).toBe(`sha256=${expected}`)
  })

  it("retries 503 and 429 answers with the same delivery id, and succeeds", async () => {
    answers = [503, 429]
    await Effect.runPromise(makeWebhookNotifier({ url, secret, backoffMillis: 1 }).notify(notification))
    expect(received).toHaveLength(3)
    expect(new Set(received.map((r) => r.headers["x-zaitaku-delivery"]))).toEqual(new Set([notification.id]))
  })

  it("gives up after the given number of attempts", async () => {
    answers = [500, 502, 503, 504, 500]
    const exit = await Effect.runPromiseExit(
      makeWebhookNotifier({ url, secret, backoffMillis: 1, attempts: 3 }).notify(notification),
    )
    expect(failureOf(exit)).toMatchObject({ _tag: "NotificationFailed", reason: "HTTP 503", retryable: true })
    expect(received).toHaveLength(3)
  })

  it("does not retry a refusal (4xx)", async () => {
    answers = [401]
    const exit = await Effect.runPromiseExit(
      makeWebhookNotifier({ url, secret, backoffMillis: 1 }).notify(notification),
    )
    expect(failureOf(exit)).toMatchObject({ reason: "HTTP 401", retryable: false })
    expect(received).toHaveLength(1)
  })

  it("fails, retryably, when the receiver cannot be reached or does not answer in time", async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const unreachable = await Effect.runPromiseExit(
      makeWebhookNotifier({ url: `http://127.0.0.1:${port}/`, secret, backoffMillis: 1, attempts: 2 }).notify(
        notification,
      ),
    )
    expect(failureOf(unreachable)).toMatchObject({ retryable: true })
    expect(failureOf(unreachable)?.reason).toMatch(/^unreachable/)
    answers = ["hang", "hang"]
    const slow = await Effect.runPromiseExit(
      makeWebhookNotifier({ url, secret, backoffMillis: 1, attempts: 2, timeoutMillis: 200 }).notify(notification),
    )
    expect(failureOf(slow)).toMatchObject({ retryable: true })
    expect(received).toHaveLength(2)
  })

  it("refuses a short secret and a URL that is not http(s)", () => {
    expect(() => makeWebhookNotifier({ url, secret: "short" })).toThrow(/16 characters/)
    expect(() => makeWebhookNotifier({ url: "ftp://example.org/", secret })).toThrow(/http/)
    expect(webhookHeaders.delivery).toBe("X-Zaitaku-Delivery")
  })
})
