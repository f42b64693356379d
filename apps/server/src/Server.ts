/**
 * The HTTP server: listen, and shut down gracefully — stop accepting, let in-flight requests finish (up to a
 * timeout), then dispose the runtime, which closes the database.
 *
 * @since 0.1.0
 */
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { getRequestListener } from "@hono/node-server"
import type { StoreError } from "@zaitaku/core"
import type { Layer } from "effect"
import { type AppOptions, makeApp } from "./App.js"
import { type AppRuntime, type AppServices, makeRuntime } from "./AppLayer.js"
import type { Config } from "./Config.js"
import { requestIdOf } from "./Handler.js"
import type { Logger } from "./Log.js"
import { MalformedRequest, problemContentType, toProblem } from "./Problem.js"

/**
 * A listening server.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { RunningServer } from "@zaitaku/server"
 *
 * declare const server: RunningServer
 * await fetch(`${server.url}/healthz`)
 * await server.close()
 * ```
 */
export interface RunningServer {
  /** `http://<host>:<port>` as bound (the actual port when `port` was 0). */
  readonly url: string
  readonly port: number
  readonly runtime: AppRuntime
  /**
   * Graceful shutdown: stops accepting connections at once, waits for in-flight requests (closing the rest after
   * `shutdownTimeoutMs`), then disposes the runtime. Idempotent.
   */
  close(): Promise<void>
}

/**
 * Options of {@link startServer}: the runtime to serve (or a layer to build it from).
 *
 * @since 0.1.0
 * @category models
 */
export interface StartServerOptions {
  readonly config: Pick<Config, "port" | "host" | "shutdownTimeoutMs">
  readonly logger: Logger
  readonly runtime?: AppRuntime
  readonly layer?: Layer.Layer<AppServices, StoreError>
  readonly bodyLimit?: number
  /** Where uploads of `POST /v1/imports` are written while they are read, and their size limit. */
  readonly imports?: AppOptions["imports"]
}

/**
 * Starts the server and resolves once it listens. Rejects if the port cannot be bound (the runtime is then
 * disposed).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { memoryLayer, silentLogger, startServer } from "@zaitaku/server"
 *
 * const server = await startServer({
 *   config: { port: 0, host: "127.0.0.1", shutdownTimeoutMs: 1000 },
 *   layer: memoryLayer(),
 *   logger: silentLogger,
 * })
 * await server.close()
 * ```
 */
export const startServer = async (options: StartServerOptions): Promise<RunningServer> => {
  const { config, logger } = options
  if (options.runtime === undefined && options.layer === undefined) {
    throw new Error("startServer needs a runtime or a layer")
  }
  const runtime = options.runtime ?? makeRuntime(options.layer!)
  const app = makeApp({
    runtime,
    logger,
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(options.imports === undefined ? {} : { imports: options.imports }),
  })
  const listener = getRequestListener(app.fetch)
  let closing = false
  const server = createServer((request, response) => {
    response.setHeader("X-Request-Id", requestIdOf(request.headers["x-request-id"]))
    response.setHeader("X-Content-Type-Options", "nosniff")
    if (closing) response.setHeader("Connection", "close")
    response.on("finish", () => {
      if (closing) server.closeIdleConnections()
    })
    void listener(request, response)
  })

  try {
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error)
      server.once("error", onError)
      server.listen(config.port, config.host, () => {
        server.off("error", onError)
        resolve()
      })
    })
  } catch (error) {
    await runtime.dispose()
    throw error
  }
  server.on("error", (error) => logger.error("server error", { error: error.message }))
  // A request Node's parser refuses (raw UTF-8 in the URL, oversized headers …) never reaches the app: answer it
  // with problem details too, instead of an empty 400.
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (error.code !== undefined && error.code === "ECONNRESET")) {
      socket.destroy()
      return
    }
    const requestId = crypto.randomUUID()
    const problem = toProblem(new MalformedRequest({ code: error.code ?? "HPE_UNKNOWN" }), {
      requestId,
      instance: "(unparsed request)",
    })
    const body = JSON.stringify(problem.body)
    logger.warn("malformed request", { requestId, code: error.code, status: problem.status })
    socket.end(
      `HTTP/1.1 ${problem.status} ${problem.status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
        `Content-Type: ${problemContentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    )
  })

  const address = server.address() as AddressInfo
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address
  const url = `http://${host === "0.0.0.0" || host === "[::]" ? "127.0.0.1" : host}:${address.port}`

  let closed: Promise<void> | undefined
  const close = () => {
    closed ??= (async () => {
      closing = true
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      const timer = setTimeout(() => {
        logger.warn("shutdown timeout: closing remaining connections", { timeoutMs: config.shutdownTimeoutMs })
        server.closeAllConnections()
      }, config.shutdownTimeoutMs)
      timer.unref()
      await stopped
      clearTimeout(timer)
      await runtime.dispose()
    })()
    return closed
  }

  return { url, port: address.port, runtime, close }
}
