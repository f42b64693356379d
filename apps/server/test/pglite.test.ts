import { IdGenerator } from "@zaitaku/core"
import { layerPglite, pgliteTemplate } from "@zaitaku/store-postgres"
import { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeApp } from "../src/App.js"
import { type AppRuntime, coordinationLayer, makeRuntime } from "../src/AppLayer.js"
import { runCli } from "../src/Commands.js"
import { seedDemo } from "../src/Demo.js"
import { silentLogger } from "../src/Log.js"
import { isolationSuite } from "./isolation.js"

/** A migrated, empty in-memory PGlite database from the shared template. */
const pglite = async () =>
  Layer.merge(
    layerPglite({ loadDataDir: await pgliteTemplate(), migrate: false }).pipe(Layer.provide(IdGenerator.layer)),
    coordinationLayer,
  )

isolationSuite("PGlite", pglite)

describe("the server on PGlite", () => {
  let runtime: AppRuntime
  beforeAll(async () => {
    runtime = makeRuntime(await pglite())
  })
  afterAll(async () => {
    await runtime?.dispose()
  })

  it("is ready: the database answers and every migration is applied", async () => {
    const response = await makeApp({ runtime, logger: silentLogger }).request("/readyz")
    expect(response.status).toBe(200)
    const body = await response.json()
    expect(body).toMatchObject({ status: "ready", database: "ok", driver: "pglite", migrations: { pending: 0 } })
    expect(body.migrations.applied).toBeGreaterThan(0)
  })

  it("seeds the demo tenant idempotently", async () => {
    const first = await runtime.runPromise(seedDemo())
    const second = await runtime.runPromise(seedDemo())
    expect(first.created).toBe(true)
    expect(second).toMatchObject({ created: false, tenant: { id: first.tenant.id } })
    expect(second.tenant.areas[0]?.members).toHaveLength(8)
  })

  it("creates a key with the CLI that then works against the API", async () => {
    const out: Array<string> = []
    const code = await runCli(["keys", "create", "--tenant", "022039", "--role", "hospital_staff"], {
      env: {},
      io: { out: (line) => out.push(line), err: (line) => out.push(line) },
      runtime,
    })
    expect(code).toBe(0)
    const secret = /Secret \(shown only this once\): (zk_\S+)/.exec(out.join("\n"))?.[1]
    const response = await makeApp({ runtime, logger: silentLogger }).request("/v1/tenants/me", {
      headers: { Authorization: `Bearer ${secret}` },
    })
    expect(response.status).toBe(200)
    expect((await response.json()).code).toBe("022039")
  })
})
