import { PGlite } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { drizzle } from "drizzle-orm/pglite"
import { type Db, runTransaction, type Session } from "../internal/Session.js"
import * as schema from "../Schema.js"

/**
 * Options for the embedded PGlite driver.
 *
 * @since 0.1.0
 * @category models
 */
export interface PgliteOptions {
  /** Directory of the on-disk database; omit for an in-memory database. */
  readonly dataDir?: string
  /** A data directory tarball (from `dumpDataDir`) to start from, e.g. a migrated template for tests. */
  readonly loadDataDir?: Blob
}

/** Opens a PGlite database (on disk or in memory) and wraps it in a {@link Session}. */
export const openPglite = async (options: PgliteOptions): Promise<Session & { readonly client: PGlite }> => {
  const client = await PGlite.create({
    // trigram indexes for directory search (the same extension as on PostgreSQL)
    extensions: { pg_trgm },
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
  })
  const db = drizzle(client, { schema }) as unknown as Db
  return {
    driver: "pglite",
    client,
    db,
    transaction: (scope, body) => runTransaction(db, scope, body),
    withConnection: (body) =>
      body({
        query: async (text, params) => (await client.query(text, params as Array<unknown>)).rows as never,
        exec: async (text) => {
          await client.exec(text)
        },
      }),
    close: () => client.close(),
  }
}
