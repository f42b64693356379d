/**
 * Operations on the database itself: reachability, migration state, applying migrations.
 *
 * @since 0.1.0
 */
import { StoreError } from "@zaitaku/core"
import { sql } from "drizzle-orm"
import { Context, Effect, Layer } from "effect"
import { type MigrationStatus, migrate, migrationStatus } from "./Migrator.js"
import { PgSession } from "./Stores.js"

/**
 * The `PostgresDatabase` service: what `/readyz` and `zaitaku migrate` need.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { PostgresDatabase } from "@zaitaku/store-postgres"
 *
 * const ready = Effect.flatMap(Effect.service(PostgresDatabase), (db) => db.migrationStatus)
 * ```
 */
export class PostgresDatabase extends Context.Service<
  PostgresDatabase,
  {
    readonly driver: "pglite" | "pg"
    /** Succeeds when the database answers a query. */
    readonly ping: Effect.Effect<void, StoreError>
    readonly migrationStatus: Effect.Effect<MigrationStatus, StoreError>
    /** Applies pending migrations; returns the tags applied. */
    readonly migrate: Effect.Effect<ReadonlyArray<string>, StoreError>
  }
>()("@zaitaku/store-postgres/PostgresDatabase") {}

/**
 * `PostgresDatabase` over the shared session.
 *
 * @since 0.1.0
 * @category layers
 */
export const PostgresDatabaseLive: Layer.Layer<PostgresDatabase, never, PgSession> = Layer.effect(
  PostgresDatabase,
  Effect.map(Effect.service(PgSession), (session) =>
    PostgresDatabase.of({
      driver: session.driver,
      ping: Effect.tryPromise({
        try: async () => {
          await session.db.execute(sql`select 1`)
        },
        catch: (cause) => new StoreError({ operation: "PostgresDatabase.ping", cause }),
      }),
      migrationStatus: Effect.tryPromise({
        try: () => migrationStatus(session),
        catch: (cause) => new StoreError({ operation: "PostgresDatabase.migrationStatus", cause }),
      }),
      migrate: Effect.tryPromise({
        try: () => migrate(session),
        catch: (cause) => new StoreError({ operation: "PostgresDatabase.migrate", cause }),
      }),
    }),
  ),
)
