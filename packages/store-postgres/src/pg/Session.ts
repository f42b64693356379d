import { drizzle } from "drizzle-orm/node-postgres"
import pg from "pg"
import { type Db, runTransaction, type Session } from "../internal/Session.js"
import * as schema from "../Schema.js"

/**
 * Options for a PostgreSQL server through node-postgres.
 *
 * @since 0.1.0
 * @category models
 */
export interface PgOptions {
  /**
   * The application's connection, `postgres://user@host:5432/database`. In production its user is a login role
   * that is a member of `zaitaku_app` and owns nothing, so row-level security binds every query it can make.
   */
  readonly connectionString: string
  /**
   * The owner's connection, for migrations and maintenance work (creating tenants, the CLI). Defaults to
   * `connectionString`, which must then be the owner.
   */
  readonly ownerConnectionString?: string
  /** Pool size of the application's connection (default 10; the owner's pool holds at most 2). */
  readonly max?: number
}

const openPool = async (connectionString: string, max: number): Promise<pg.Pool> => {
  const pool = new pg.Pool({ connectionString, max, application_name: "zaitaku" })
  // An idle pooled connection can be closed by the server (a restart, a failover, an administrator). node-postgres
  // reports that as an "error" event on the pool, and an event without a listener would crash the process. The
  // pool has already discarded the connection and the next query opens a new one; a query that was running when
  // it happened fails on its own and is reported as a StoreError.
  pool.on("error", () => undefined)
  // Fail fast on a wrong URL or an unreachable server, instead of on the first request.
  try {
    const probe = await pool.connect()
    probe.release()
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw error
  }
  return pool
}

/** Opens node-postgres pools (the application's and, if separate, the owner's) as a {@link Session}. */
export const openPg = async (options: PgOptions): Promise<Session & { readonly pool: pg.Pool }> => {
  const pool = await openPool(options.connectionString, options.max ?? 10)
  let ownerPool = pool
  if (options.ownerConnectionString !== undefined && options.ownerConnectionString !== options.connectionString) {
    try {
      ownerPool = await openPool(options.ownerConnectionString, 2)
    } catch (error) {
      await pool.end().catch(() => undefined)
      throw error
    }
  }
  const db = drizzle(pool, { schema }) as unknown as Db
  const ownerDb = ownerPool === pool ? db : (drizzle(ownerPool, { schema }) as unknown as Db)
  return {
    driver: "pg",
    pool,
    db,
    transaction: (scope, body) => runTransaction(scope === "maintenance" ? ownerDb : db, scope, body),
    withConnection: async (body) => {
      const client = await ownerPool.connect()
      try {
        return await body({
          query: async (text, params) => (await client.query(text, params as Array<unknown>)).rows,
          exec: async (text) => {
            await client.query(text)
          },
        })
      } finally {
        client.release()
      }
    },
    close: async () => {
      await pool.end()
      if (ownerPool !== pool) await ownerPool.end()
    },
  }
}
