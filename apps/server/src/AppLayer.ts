/**
 * The one layer the server and the CLI run on: every store port (tenants, API keys, audit, the resource directory,
 * coordination cases and the notification log), the built-in rule sets, the business calendar of Japan, and the
 * database service, on PostgreSQL (`DATABASE_URL`) or embedded PGlite (`ZAITAKU_DATA_DIR/pglite`).
 *
 * @since 0.1.0
 */
import { mkdir } from "node:fs/promises"
import { layerHolidayJp } from "@zaitaku/calendar-jp"
import {
  ActivityStore,
  ApiKeyStore,
  AuditLog,
  type BusinessCalendar,
  CaseStore,
  FormStore,
  IdGenerator,
  ImportJobStore,
  NotificationLog,
  OrganizationStore,
  PdcaStore,
  ResourceStore,
  RuleSetCatalog,
  RuleSetStore,
  StoreError,
  TenantStore,
} from "@zaitaku/core"
import { layerPg, layerPglite, PostgresDatabase } from "@zaitaku/store-postgres"
import { Effect, Layer, ManagedRuntime } from "effect"
import type { Config } from "./Config.js"

/**
 * The services every handler and command may use.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { AppServices } from "@zaitaku/server"
 * import type { Effect } from "effect"
 *
 * declare const program: Effect.Effect<void, never, AppServices>
 * ```
 */
export type AppServices =
  | TenantStore
  | ApiKeyStore
  | AuditLog
  | ResourceStore
  | ImportJobStore
  | OrganizationStore
  | CaseStore
  | NotificationLog
  | RuleSetCatalog
  | RuleSetStore
  | BusinessCalendar
  | FormStore
  | PdcaStore
  | ActivityStore
  | PostgresDatabase

/**
 * What every layer of the server adds to the stores: the business calendar of Japan (`@zaitaku/calendar-jp`). The
 * rule sets come with the stores (`RuleSetCatalog.layerStore`: the built-in sets and the tenant's own).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { coordinationLayer } from "@zaitaku/server"
 *
 * coordinationLayer // BusinessCalendar
 * ```
 */
export const coordinationLayer: Layer.Layer<BusinessCalendar> = layerHolidayJp

/**
 * The process-wide runtime built from an {@link appLayer}: one per process, disposed at shutdown (which closes
 * the database).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { AppRuntime } from "@zaitaku/server"
 *
 * declare const runtime: AppRuntime
 * await runtime.dispose()
 * ```
 */
export type AppRuntime = ManagedRuntime.ManagedRuntime<AppServices, StoreError>

/**
 * The application layer for a configuration: `layerPg` when `DATABASE_URL` is set, otherwise `layerPglite` on
 * disk under `ZAITAKU_DATA_DIR/pglite` (created if missing), with UUIDv7 ids. Migrations are applied when the layer starts unless
 * `migrate: false` (the `migrate` and `start` commands apply them themselves, to report what they did).
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { ManagedRuntime } from "effect"
 * import { appLayer, loadConfig } from "@zaitaku/server"
 * import { Result } from "effect"
 *
 * const config = Result.getOrThrow(loadConfig())
 * const runtime = ManagedRuntime.make(appLayer(config))
 * ```
 */
export const appLayer = (
  config: Pick<Config, "database">,
  options: { readonly migrate?: boolean } = {},
): Layer.Layer<AppServices, StoreError> => {
  const migrate = options.migrate ?? true
  const database = config.database
  const stores =
    database.driver === "pg"
      ? layerPg({
          connectionString: database.connectionString,
          ...(database.ownerConnectionString === undefined
            ? {}
            : { ownerConnectionString: database.ownerConnectionString }),
          migrate,
        })
      : Layer.unwrap(
          Effect.as(
            Effect.tryPromise({
              try: () => mkdir(database.dataDir, { recursive: true }),
              catch: (cause) => new StoreError({ operation: "create the data directory", cause }),
            }),
            layerPglite({ dataDir: database.dataDir, migrate }),
          ),
        )
  return Layer.merge(stores.pipe(Layer.provide(IdGenerator.layer)), coordinationLayer)
}

/**
 * A stand-in `PostgresDatabase` for in-memory layers: answers pings and reports the given migration state.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { fakeDatabase } from "@zaitaku/server"
 *
 * const notMigrated = fakeDatabase({ applied: 0, pending: 2 })
 * ```
 */
export const fakeDatabase = (
  status: { readonly applied: number; readonly pending: number } = { applied: 1, pending: 0 },
  ping: Effect.Effect<void, StoreError> = Effect.void,
): Layer.Layer<PostgresDatabase> =>
  Layer.succeed(
    PostgresDatabase,
    PostgresDatabase.of({
      driver: "pglite",
      ping,
      migrationStatus: Effect.succeed({ ...status, total: status.applied + status.pending }),
      migrate: Effect.succeed([]),
    }),
  )

/**
 * Every store in memory (core's reference implementations) and a {@link fakeDatabase} that reports ready:
 * for tests and for trying the API without a database. Ids are sequential with `deterministicIds`.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { ManagedRuntime } from "effect"
 * import { memoryLayer } from "@zaitaku/server"
 *
 * const runtime = ManagedRuntime.make(memoryLayer())
 * ```
 */
export const memoryLayer = (
  options: { readonly deterministicIds?: boolean; readonly database?: Layer.Layer<PostgresDatabase> } = {},
): Layer.Layer<AppServices> => {
  const audit = AuditLog.layerMemory
  const stores = Layer.mergeAll(
    TenantStore.layerMemory,
    ApiKeyStore.layerMemory,
    ImportJobStore.layerMemory,
    OrganizationStore.layerMemory,
    CaseStore.layerMemory,
    NotificationLog.layerMemory,
    // the form store checks senders and recipients against the same directory
    FormStore.layerMemory,
    // the catalog that evaluation reads: the built-in rule sets and the tenant's own
    RuleSetCatalog.layerStore.pipe(Layer.provideMerge(RuleSetStore.layerMemory)),
    PdcaStore.layerMemory,
    ActivityStore.layerMemory,
  ).pipe(Layer.provideMerge(ResourceStore.layerMemory), Layer.provideMerge(audit))
  return Layer.mergeAll(stores, coordinationLayer, options.database ?? fakeDatabase()).pipe(
    Layer.provide(options.deterministicIds === true ? IdGenerator.layerTest : IdGenerator.layer),
  )
}

/**
 * Builds the one {@link AppRuntime} of a process from a layer.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { makeRuntime, memoryLayer } from "@zaitaku/server"
 *
 * const runtime = makeRuntime(memoryLayer())
 * ```
 */
export const makeRuntime = (layer: Layer.Layer<AppServices, StoreError>): AppRuntime => ManagedRuntime.make(layer)
