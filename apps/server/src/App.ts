/**
 * The Hono application: request ids, JSON request logs, a body size limit, the routes, and the one error
 * handler that turns every failure into problem details.
 *
 * @since 0.1.0
 */
import { OpenAPIHono } from "@hono/zod-openapi"
import { fromZodError, type ValidationError } from "@zaitaku/core"
import type { Context } from "hono"
import { bodyLimit } from "hono/body-limit"
import type { ZodError } from "zod"
import type { AppRuntime } from "./AppLayer.js"
import { type AppEnv, EffectFailure, requestIdOf } from "./Handler.js"
import type { Logger } from "./Log.js"
import { MethodNotAllowed, PayloadTooLarge, RouteNotFound, toProblem } from "./Problem.js"
import { registerActivities } from "./routes/Activities.js"
import { registerApiKeys } from "./routes/ApiKeys.js"
import { registerAudit } from "./routes/Audit.js"
import { registerCases } from "./routes/Cases.js"
import { registerChangeRequests } from "./routes/ChangeRequests.js"
import { registerCoordination } from "./routes/Coordination.js"
import { registerDocs } from "./routes/Docs.js"
import { registerExports } from "./routes/Exports.js"
import { registerFormExchange } from "./routes/FormExchange.js"
import { registerForms } from "./routes/Forms.js"
import { importUploadPath, registerImports } from "./routes/Imports.js"
import { registerOperations } from "./routes/Operations.js"
import { registerOrganizations } from "./routes/Organizations.js"
import { registerPdca } from "./routes/Pdca.js"
import { registerPublicDirectory } from "./routes/PublicDirectory.js"
import { registerResources } from "./routes/Resources.js"
import { registerTenants } from "./routes/Tenants.js"

/**
 * The version of the HTTP API reported in the OpenAPI document.
 *
 * @since 0.1.0
 * @category constants
 */
export const apiVersion = "0.1.0"

/**
 * Default limit of request bodies: 1 MiB.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBodyLimit = 1024 * 1024

/**
 * Options of {@link makeApp}.
 *
 * @since 0.1.0
 * @category models
 */
export interface AppOptions {
  readonly runtime: AppRuntime
  readonly logger: Logger
  /** Largest accepted request body in bytes (default 1 MiB); uploads to `POST /v1/imports` have their own limit. */
  readonly bodyLimit?: number
  /**
   * Uploads of `POST /v1/imports`: the folder they are written to while they are read (default: the system's
   * temporary folder) and their size limit (default 1 GiB).
   */
  readonly imports?: { readonly uploadDir?: string; readonly maxBytes?: number }
}

const subjectOf: Readonly<Record<string, string>> = {
  json: "request body",
  form: "request body",
  query: "query parameters",
  param: "path parameters",
  header: "request headers",
  cookie: "cookies",
}

const valueAt = (input: unknown, path: ReadonlyArray<PropertyKey>): unknown => {
  let current = input
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

/**
 * Turns a failed zod validation of a request part into core's {@link ValidationError}. The validator does not keep
 * the offending input on each issue, which zod's messages need ("expected string, received number"), so it is
 * looked up again by path; the values themselves never reach the response.
 */
const validationErrorOf = (target: string, error: ZodError, input: unknown): ValidationError => {
  for (const issue of error.issues) {
    if (!("input" in issue)) Object.assign(issue, { input: valueAt(input, issue.path) })
  }
  return fromZodError(subjectOf[target] ?? "request", error)
}

const routePattern = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split("/")
      .map((segment) =>
        segment.startsWith(":") ? "[^/]+" : segment === "*" ? ".*" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
      )
      .join("/")}$`,
  )

/**
 * Builds the application on a runtime. Every response carries `X-Request-Id`; every request is logged as one JSON
 * line (never with the `Authorization` header); every error is answered with problem details by `toProblem`.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { makeApp, makeRuntime, memoryLayer, silentLogger } from "@zaitaku/server"
 *
 * const app = makeApp({ runtime: makeRuntime(memoryLayer()), logger: silentLogger })
 * const response = await app.request("/healthz")
 * ```
 */
export const makeApp = (options: AppOptions): OpenAPIHono<AppEnv> => {
  const { runtime, logger } = options
  const limit = options.bodyLimit ?? defaultBodyLimit
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw validationErrorOf(result.target, result.error, (result as { data?: unknown }).data)
      }
    },
  })

  const respond = (c: Context<AppEnv>, error: unknown): Response => {
    const failure = error instanceof EffectFailure ? error : undefined
    const problem = toProblem(failure === undefined ? error : failure.error, {
      requestId: c.get("requestId") ?? "unknown",
      instance: c.req.path,
    })
    if (problem.logCause !== undefined) {
      logger.log(problem.status >= 500 && problem.status !== 503 ? "error" : "warn", "request failed", {
        requestId: c.get("requestId"),
        method: c.req.method,
        path: c.req.path,
        status: problem.status,
        error: describe(failure?.error ?? problem.logCause),
      })
    }
    return c.body(JSON.stringify(problem.body), problem.status as 400, problem.headers)
  }

  app.use("*", async (c, next) => {
    const started = performance.now()
    // `startServer` sets the id and the common headers on the Node response already (which keeps
    // @hono/node-server on its fast path); otherwise (`app.request()`, another server) they are set here, before
    // the handler runs, so that every response carries them, error responses included.
    const preset = (c.env as AppEnv["Bindings"] | undefined)?.outgoing?.getHeader("x-request-id")
    const requestId = typeof preset === "string" ? preset : requestIdOf(c.req.header("x-request-id"))
    if (typeof preset !== "string") {
      c.header("X-Request-Id", requestId)
      c.header("X-Content-Type-Options", "nosniff")
    }
    c.set("requestId", requestId)
    c.set("principal", undefined)
    await next()
    const principal = c.get("principal")
    logger.info("request", {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(principal === undefined ? {} : { tenantId: principal.tenantId, keyId: principal.subject.id }),
    })
  })

  const streamingLimit = bodyLimit({
    maxSize: limit,
    onError: () => {
      throw new PayloadTooLarge({ limit })
    },
  })
  app.use("*", async (c, next) => {
    // GET and HEAD bodies are never read. A declared length is checked without touching the body (reading
    // `c.req.raw` is costly on @hono/node-server); otherwise the body is counted as it streams in.
    if (c.req.method === "GET" || c.req.method === "HEAD") return next()
    // uploads of open-data files are streamed to disk by their route, with their own limit
    if (c.req.method === "POST" && c.req.path === importUploadPath) return next()
    const length = c.req.header("content-length")
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (Number(length) > limit) throw new PayloadTooLarge({ limit })
      return next()
    }
    return streamingLimit(c, next)
  })

  const deps = { runtime, logger }
  registerOperations(app, deps)
  registerTenants(app, deps)
  registerAudit(app, deps)
  registerApiKeys(app, deps)
  // Before the resource routes: `/v1/resources/{id}` would otherwise take `export.csv` for an id.
  registerExports(app, deps)
  registerResources(app, deps)
  registerChangeRequests(app, deps)
  registerOrganizations(app, deps)
  registerImports(app, deps, options.imports ?? {})
  registerCoordination(app, deps)
  registerCases(app, deps)
  registerForms(app, deps)
  registerFormExchange(app, deps)
  registerPdca(app, deps)
  registerActivities(app, deps)
  registerPublicDirectory(app, deps)

  app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API key of one tenant and one role: `Authorization: Bearer zk_…`",
  })
  let document: unknown
  registerDocs(app, () => {
    document ??= app.getOpenAPI31Document({
      openapi: "3.1.0",
      info: {
        title: "Zaitaku reference server",
        version: apiVersion,
        description:
          "在宅医療・介護連携推進事業のためのリファレンスサーバー。\n\n" +
          "Reference server of Zaitaku, the open-source platform for Japan's home medical and long-term care " +
          "coordination program. Errors are RFC 9457 problem details (`application/problem+json`) with Japanese " +
          "and English messages.",
        license: { name: "Apache-2.0", url: "https://www.apache.org/licenses/LICENSE-2.0" },
      },
      tags: [
        { name: "operations", description: "Probes" },
        { name: "tenants", description: "テナント (tenants)" },
        { name: "audit", description: "監査ログ (audit trail)" },
        { name: "api-keys", description: "APIキー (API keys)" },
        { name: "resources", description: "地域の医療・介護資源 (resource directory)" },
        { name: "public", description: "公開名簿 (published directories, no key)" },
        { name: "cases", description: "入退院支援のケース (admission/discharge coordination cases, personal data)" },
        { name: "coordination", description: "入退院調整ルールと遵守状況 (coordination rule sets and compliance)" },
        { name: "forms", description: "様式 (form definitions: national templates, the tenant's forms and variants)" },
        { name: "form responses", description: "情報提供書の作成 (responses, with every version)" },
        { name: "form exchange", description: "送付・受信 (sending sheets between organisations, inbox and outbox)" },
        {
          name: "activities",
          description:
            "事業の活動記録 (consultations, trainings and events with registrations, meetings, issues, countermeasures)",
        },
      ],
    })
    return document
  })

  const patterns = () =>
    app.routes
      .filter((route) => route.method !== "ALL")
      .map((route) => ({ method: route.method.toUpperCase(), pattern: routePattern(route.path) }))
  let routeTable: ReadonlyArray<{ method: string; pattern: RegExp }> | undefined

  app.notFound((c) => {
    routeTable ??= patterns()
    const allowed = new Set(routeTable.filter((route) => route.pattern.test(c.req.path)).map((route) => route.method))
    if (allowed.size === 0) return respond(c, new RouteNotFound({ path: c.req.path }))
    if (allowed.has("GET")) allowed.add("HEAD")
    return respond(c, new MethodNotAllowed({ method: c.req.method, allow: [...allowed].sort() }))
  })
  app.onError((error, c) => respond(c, error))
  return app
}

const describe = (error: unknown): unknown => {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(error.stack === undefined ? {} : { stack: error.stack }),
      ...("cause" in error && error.cause !== undefined ? { cause: describe(error.cause) } : {}),
    }
  }
  return String(error)
}
