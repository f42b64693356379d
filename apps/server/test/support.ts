import {
  Actor,
  type ApiKeySecret,
  ApiKeyStore,
  type Role,
  systemPrincipal,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { Effect, type Layer } from "effect"
import { expect } from "vitest"
import { makeApp } from "../src/App.js"
import { type AppRuntime, type AppServices, makeRuntime, memoryLayer } from "../src/AppLayer.js"
import { seedDemo } from "../src/Demo.js"
import { type Logger, makeLogger } from "../src/Log.js"

/** Tenant B of the isolation tests: 三戸町. */
export const sannohe = {
  code: "024414",
  kind: "municipality" as const,
  name: { ja: "三戸町", en: "Sannohe Town" },
  municipalities: ["024414"],
}

export interface World {
  readonly runtime: AppRuntime
  readonly app: ReturnType<typeof makeApp>
  readonly logs: Array<Record<string, unknown>>
  readonly logger: Logger
  readonly a: { readonly tenant: Tenant; readonly admin: string; readonly viewer: string }
  readonly b: { readonly tenant: Tenant; readonly admin: string; readonly viewer: string }
}

export const createKey = (runtime: AppRuntime, tenant: Tenant, role: Role, label = role): Promise<ApiKeySecret> =>
  runtime.runPromise(
    Effect.flatMap(Effect.service(ApiKeyStore), (keys) => keys.create({ role, label })).pipe(
      Effect.map((created) => created.secret),
      Effect.provideService(Actor, systemPrincipal(tenant.id, "test")),
    ),
  )

/** Two tenants (八戸市 = A via the demo seed, 三戸町 = B), each with an admin and a viewer key. */
export const makeWorld = async (
  layer: Layer.Layer<AppServices, unknown> = memoryLayer(),
  options: { readonly bodyLimit?: number } = {},
): Promise<World> => {
  const runtime = makeRuntime(layer as Layer.Layer<AppServices, never>)
  const logs: Array<Record<string, unknown>> = []
  const logger = makeLogger({ level: "debug", write: (line) => logs.push(JSON.parse(line)) })
  const app = makeApp({ runtime, logger, ...options })
  // the tests seed their own entries: the demo directory would only get in their way
  const demo = await runtime.runPromise(seedDemo({ directory: false }))
  const tenantB = await runtime.runPromise(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(sannohe)))
  return {
    runtime,
    app,
    logs,
    logger,
    a: {
      tenant: demo.tenant,
      admin: demo.adminKey!,
      viewer: await createKey(runtime, demo.tenant, "viewer"),
    },
    b: {
      tenant: tenantB,
      admin: await createKey(runtime, tenantB, "tenant_admin"),
      viewer: await createKey(runtime, tenantB, "viewer"),
    },
  }
}

export const bearer = (secret: string) => ({ Authorization: `Bearer ${secret}` })

/** Options of a test request: a JSON `body`, extra `headers`, or `raw` bytes sent as CSV. */
export interface SendOptions {
  readonly body?: unknown
  readonly headers?: Record<string, string>
  readonly raw?: Uint8Array
}

/**
 * Requests on a world's app, which the suites create in `beforeAll` (hence the thunk): the key as a bearer token
 * (none for the public routes), a JSON body, or raw bytes as `text/csv`, and any extra headers.
 */
export const sender =
  (world: () => Pick<World, "app">) =>
  (method: string, path: string, secret: string | undefined, options: SendOptions = {}) =>
    world().app.request(path, {
      method,
      headers: {
        ...(secret === undefined ? {} : bearer(secret)),
        ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...(options.raw === undefined ? {} : { "Content-Type": "text/csv" }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.raw === undefined ? {} : { body: options.raw as Uint8Array<ArrayBuffer> }),
    })

/** The JSON body of a response that must have `status` (the body is shown when it has not). */
export const jsonWithStatus = async (response: Response, status: number) => {
  const body = await response.json()
  expect(response.status, JSON.stringify(body)).toBe(status)
  return body
}
