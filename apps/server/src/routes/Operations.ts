/**
 * 運用 (operations): liveness and readiness probes.
 *
 * @since 0.1.0
 */
import { createRoute, z } from "@hono/zod-openapi"
import { PostgresDatabase } from "@zaitaku/store-postgres"
import { Effect, Result } from "effect"
import type { App, RouteDeps } from "../Handler.js"
import { runEffect } from "../Handler.js"
import { NotReady } from "../Problem.js"
import { problemResponses } from "./Common.js"

/**
 * Body of `GET /healthz`.
 *
 * @since 0.1.0
 * @category models
 */
export const Health = z.object({ status: z.literal("ok") }).openapi("Health")

/**
 * Body of `GET /readyz` when the server can serve.
 *
 * @since 0.1.0
 * @category models
 */
export const Readiness = z
  .object({
    status: z.literal("ready"),
    database: z.literal("ok"),
    driver: z.enum(["pglite", "pg"]),
    migrations: z.object({ applied: z.number().int(), pending: z.literal(0) }),
  })
  .openapi("Readiness")

const healthRoute = createRoute({
  method: "get",
  path: "/healthz",
  tags: ["operations"],
  summary: "Liveness: the process answers (no database access)",
  responses: { 200: { description: "Alive", content: { "application/json": { schema: Health } } } },
})

const readyRoute = createRoute({
  method: "get",
  path: "/readyz",
  tags: ["operations"],
  summary: "Readiness: the database answers and every migration is applied",
  responses: {
    200: { description: "Ready", content: { "application/json": { schema: Readiness } } },
    ...problemResponses(503),
  },
})

/**
 * Checks the database: it answers a query and has no pending migration. Fails with {@link NotReady}.
 *
 * @since 0.1.0
 * @category operations
 */
export const readiness = Effect.gen(function* () {
  const db = yield* PostgresDatabase
  const pinged = yield* Effect.result(db.ping)
  if (Result.isFailure(pinged)) {
    return yield* new NotReady({ database: "unavailable", migrations: null, cause: pinged.failure })
  }
  const status = yield* Effect.result(db.migrationStatus)
  if (Result.isFailure(status)) {
    return yield* new NotReady({ database: "unavailable", migrations: null, cause: status.failure })
  }
  const { applied, pending } = status.success
  if (pending > 0) return yield* new NotReady({ database: "ok", migrations: { applied, pending } })
  return {
    status: "ready" as const,
    database: "ok" as const,
    driver: db.driver,
    migrations: { applied, pending: 0 as const },
  }
})

/**
 * Registers `GET /healthz` and `GET /readyz`.
 *
 * @since 0.1.0
 * @category routes
 */
export const registerOperations = (app: App, deps: RouteDeps): void => {
  app.openapi(healthRoute, (c) => c.json({ status: "ok" as const }, 200))
  app.openapi(readyRoute, async (c) => c.json(await runEffect(deps.runtime, readiness), 200))
}
