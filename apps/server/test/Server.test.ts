import { get } from "node:http"
import { connect } from "node:net"
import { Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import { fakeDatabase, memoryLayer } from "../src/AppLayer.js"
import { makeLogger } from "../src/Log.js"
import { startServer } from "../src/Server.js"

/** A fresh connection (no keep-alive pool): resolves with the status or rejects with the socket error. */
const request = (url: string) =>
  new Promise<number>((resolve, reject) => {
    const req = get(url, { agent: false }, (response) => {
      response.resume()
      response.on("end", () => resolve(response.statusCode ?? 0))
    })
    req.on("error", reject)
  })

/** A memory layer whose readiness check takes `ms`, and a flag set when the runtime is disposed. */
const slowLayer = (ms: number) => {
  const state = { disposed: false }
  const layer = Layer.merge(
    memoryLayer({ database: fakeDatabase(undefined, Effect.sleep(`${ms} millis`)) }),
    Layer.effectDiscard(Effect.addFinalizer(() => Effect.sync(() => (state.disposed = true)))),
  )
  return { layer, state }
}

describe("graceful shutdown", () => {
  it("lets an in-flight request finish, refuses new connections, then disposes the runtime", async () => {
    const { layer, state } = slowLayer(700)
    const lines: Array<string> = []
    const server = await startServer({
      config: { port: 0, host: "127.0.0.1", shutdownTimeoutMs: 5000 },
      layer,
      logger: makeLogger({ level: "info", write: (line) => lines.push(line) }),
    })
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(await request(`${server.url}/healthz`)).toBe(200)

    const inFlight = request(`${server.url}/readyz`)
    await new Promise((resolve) => setTimeout(resolve, 200))
    const closing = server.close()
    await expect(request(`${server.url}/healthz`)).rejects.toMatchObject({ code: "ECONNREFUSED" })
    expect(state.disposed).toBe(false)
    expect(await inFlight).toBe(200)
    await closing
    expect(state.disposed).toBe(true)
    expect(lines.some((line) => line.includes('"path":"/readyz"') && line.includes('"status":200'))).toBe(true)
  })

  it("cuts requests that outlive the timeout and still disposes the runtime", async () => {
    const { layer, state } = slowLayer(5000)
    const server = await startServer({
      config: { port: 0, host: "127.0.0.1", shutdownTimeoutMs: 200 },
      layer,
      logger: makeLogger({ level: "error", write: () => {} }),
    })
    const inFlight = request(`${server.url}/readyz`).then(
      (status) => ({ status }),
      (error: unknown) => ({ error }),
    )
    await new Promise((resolve) => setTimeout(resolve, 100))
    const started = performance.now()
    await server.close()
    expect(performance.now() - started).toBeLessThan(3000)
    expect(await inFlight).toHaveProperty("error")
    expect(state.disposed).toBe(true)
  })

  it("sets the request id and common headers on every response over HTTP", async () => {
    const server = await startServer({
      config: { port: 0, host: "127.0.0.1", shutdownTimeoutMs: 1000 },
      layer: memoryLayer(),
      logger: makeLogger({ level: "error", write: () => {} }),
    })
    try {
      const ok = await fetch(`${server.url}/healthz`, { headers: { "X-Request-Id": "probe-1" } })
      expect(ok.headers.get("x-request-id")).toBe("probe-1")
      expect(ok.headers.get("x-content-type-options")).toBe("nosniff")
      const problem = await fetch(`${server.url}/v1/tenants/me`, { headers: { "X-Request-Id": "bad id!" } })
      const id = problem.headers.get("x-request-id")
      expect(id).toMatch(/^[0-9a-f-]{36}$/)
      expect(problem.headers.get("content-type")).toBe("application/problem+json")
      expect((await problem.json()).requestId).toBe(id)
    } finally {
      await server.close()
    }
  })

  it("rejects when the port is taken", async () => {
    const first = await startServer({
      config: { port: 0, host: "127.0.0.1", shutdownTimeoutMs: 100 },
      layer: memoryLayer(),
      logger: makeLogger({ level: "error", write: () => {} }),
    })
    try {
      await expect(
        startServer({
          config: { port: first.port, host: "127.0.0.1", shutdownTimeoutMs: 100 },
          layer: memoryLayer(),
          logger: makeLogger({ level: "error", write: () => {} }),
        }),
      ).rejects.toMatchObject({ code: "EADDRINUSE" })
    } finally {
      await first.close()
    }
  })
})

/** Sends raw bytes on a fresh connection and resolves with everything the server answers before closing. */
const raw = (port: number, bytes: Buffer) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.end(bytes))
    const chunks: Array<Buffer> = []
    socket.on("data", (chunk: Buffer) => chunks.push(chunk))
    socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    socket.on("error", reject)
  })

describe("requests Node's HTTP parser refuses", () => {
  it("answers raw UTF-8 in the URL with a problem saying to percent-encode, in Japanese and English", async () => {
    const server = await startServer({
      config: { port: 0, host: "127.0.0.1", shutdownTimeoutMs: 1000 },
      layer: memoryLayer(),
      logger: makeLogger({ level: "error", write: () => {} }),
    })
    try {
      const answer = await raw(
        server.port,
        Buffer.from("GET /v1/resources?text=ほうもんかんご HTTP/1.1\r\nHost: localhost\r\n\r\n", "utf8"),
      )
      const [head, body] = answer.split("\r\n\r\n")
      expect(head).toMatch(/^HTTP\/1\.1 400 /)
      expect(head).toContain("Content-Type: application/problem+json")
      const problem = JSON.parse(body!)
      expect(problem).toMatchObject({ status: 400, code: "HPE_INVALID_URL" })
      expect(problem.detail).toContain("percent-encoded")
      expect(problem.detail_ja).toContain("パーセントエンコード")
      // the same search, encoded, is an ordinary request (401 here: no key)
      const encoded = await raw(
        server.port,
        Buffer.from(
          `GET /v1/resources?text=${encodeURIComponent("ほうもんかんご")} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
        ),
      )
      expect(encoded).toMatch(/^HTTP\/1\.1 401 /)
    } finally {
      await server.close()
    }
  })
})
