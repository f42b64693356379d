/**
 * The layers users compose: every store port plus `PostgresDatabase`, on embedded PGlite or on a PostgreSQL
 * server. Both run the same migrations and the same store code.
 *
 * @since 0.1.0
 */
import {
  type ActivityStore,
  type ApiKeyStore,
  type AuditLog,
  type CaseStore,
  type FormStore,
  type IdGenerator,
  type ImportJobStore,
  type NotificationLog,
  type OrganizationStore,
  type PdcaStore,
  type ResourceStore,
  RuleSetCatalog,
  type RuleSetStore,
  StoreError,
  type TenantStore,
} from "@zaitaku/core"
import { Effect, Layer } from "effect"
import { ActivityStoreLive } from "./ActivityStoreLive.js"
import { CaseStoreLive } from "./CaseStoreLive.js"
import { FormStoreLive } from "./FormStoreLive.js"
import { ImportJobStoreLive } from "./ImportJobStoreLive.js"
import type { Session } from "./internal/Session.js"
import { migrate } from "./Migrator.js"
import { NotificationLogLive } from "./NotificationLogLive.js"
import { OrganizationStoreLive } from "./OrganizationStoreLive.js"
import { PdcaStoreLive } from "./PdcaStoreLive.js"
import { PostgresDatabase, PostgresDatabaseLive } from "./PostgresDatabase.js"
import { openPg, type PgOptions } from "./pg/Session.js"
import { openPglite, type PgliteOptions } from "./pglite/Session.js"
import { ResourceStoreLive } from "./ResourceStoreLive.js"
import { RuleSetStoreLive } from "./RuleSetStoreLive.js"
import { ApiKeyStoreLive, AuditLogLive, PgSession, TenantStoreLive } from "./Stores.js"

/**
 * Everything the layers provide.
 *
 * @since 0.1.0
 * @category layers
 */
export type PostgresServices =
  | TenantStore
  | ApiKeyStore
  | AuditLog
  | ResourceStore
  | ImportJobStore
  | OrganizationStore
  | CaseStore
  | NotificationLog
  | FormStore
  | RuleSetStore
  | RuleSetCatalog
  | PdcaStore
  | ActivityStore
  | PostgresDatabase

/**
 * Whether to apply pending migrations when the layer starts (default `true`).
 *
 * @since 0.1.0
 * @category models
 */
export interface MigrateOption {
  readonly migrate?: boolean
}

const sessionLayer = (
  operation: string,
  open: () => Promise<Session>,
  options: MigrateOption,
): Layer.Layer<PgSession, StoreError> =>
  Layer.effect(
    PgSession,
    Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const session = await open()
          try {
            if (options.migrate !== false) await migrate(session)
          } catch (error) {
            await session.close().catch(() => undefined)
            throw error
          }
          return session
        },
        catch: (cause) => new StoreError({ operation, cause }),
      }),
      (session) => Effect.promise(() => session.close().catch(() => undefined)),
    ),
  )

const storesOn = <E>(session: Layer.Layer<PgSession, E>): Layer.Layer<PostgresServices, E, IdGenerator> =>
  Layer.mergeAll(
    TenantStoreLive,
    ApiKeyStoreLive,
    AuditLogLive,
    ResourceStoreLive,
    ImportJobStoreLive,
    OrganizationStoreLive,
    CaseStoreLive,
    NotificationLogLive,
    FormStoreLive,
    RuleSetStoreLive,
    PdcaStoreLive,
    ActivityStoreLive,
    PostgresDatabaseLive,
  ).pipe(
    Layer.provide(session),
    // the catalog that evaluation reads: the built-in rule sets and the tenant's own
    (stores) => RuleSetCatalog.layerStore.pipe(Layer.provideMerge(stores)),
  )

/**
 * All stores on embedded PGlite: on disk with `dataDir`, in memory without it.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
import { CaseStoreLive } from "./CaseStoreLive.js"
 * import { IdGenerator, TenantStore } from "@zaitaku/core"
 * import { layerPglite } from "@zaitaku/store-postgres"
 *
 * const StoreLayer = layerPglite({ dataDir: "./.zaitaku/pglite" }).pipe(Layer.provide(IdGenerator.layer))
 * const program = Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.findByCode("022039"))
 * Effect.runPromise(Effect.provide(program, StoreLayer))
 * ```
 */
export const layerPglite = (
  options: PgliteOptions & MigrateOption = {},
): Layer.Layer<PostgresServices, StoreError, IdGenerator> =>
  storesOn(sessionLayer("open PGlite", () => openPglite(options), options))

/**
 * All stores on a PostgreSQL server (15 or later) through node-postgres.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { IdGenerator } from "@zaitaku/core"
 * import { layerPg } from "@zaitaku/store-postgres"
 *
 * const StoreLayer = layerPg({ connectionString: "postgres://postgres@127.0.0.1:5432/zaitaku" }).pipe(
 *   Layer.provide(IdGenerator.layer),
 * )
 * ```
 */
export const layerPg = (options: PgOptions & MigrateOption): Layer.Layer<PostgresServices, StoreError, IdGenerator> =>
  storesOn(sessionLayer("connect to PostgreSQL", () => openPg(options), options))

/**
 * All stores on an already open session (tests that also need raw SQL access to the same database).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerSession = (session: Session): Layer.Layer<PostgresServices, never, IdGenerator> =>
  storesOn(Layer.succeed(PgSession, session))

export { PostgresDatabase }
