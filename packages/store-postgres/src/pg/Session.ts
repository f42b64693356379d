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
  /** `postgres://user@host:5432/database` */
  readonly connectionString: string
  /** Pool size (default 10). */
  readonly max?: number
}

/** Opens a node-postgres pool and wraps it in a {@link Session}. */
export const openPg = async (options: PgOptions): Promise<Session & { readonly pool: pg.Pool }> => {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    application_name: "zaitaku",
  })
  // Fail fast on a wrong URL or an unreachable server, instead of on the first request.
  const probe = await pool.connect()
  probe.release()
  const db = drizzle(pool, { schema }) as unknown as Db
  return {
    driver: "pg",
    pool,
    db,
    transaction: (scope, body) => runTransaction(db, scope, body),
    withConnection: async (body) => {
      const client = await pool.connect()
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
    close: () => pool.end(),
  }
}
