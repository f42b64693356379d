import { sql } from "drizzle-orm"
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core"
import type * as schema from "../Schema.js"

/** A drizzle database over either driver. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>
/** A drizzle transaction over either driver. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0]

/**
 * Who a transaction runs for:
 * - `{ tenantId }`: as `zaitaku_app`, scoped to one tenant by row-level security;
 * - `"app"`: as `zaitaku_app` with no tenant (sees no tenant rows; may call `zaitaku_authenticate`);
 * - `"maintenance"`: as the owner, with `zaitaku.system = on` (creating tenants, CLI work).
 */
export type Scope = { readonly tenantId: string } | "app" | "maintenance"

/** Plain SQL on one connection, for the migrator. */
export interface RawConnection {
  query<Row = Record<string, unknown>>(text: string, params?: ReadonlyArray<unknown>): Promise<ReadonlyArray<Row>>
  exec(text: string): Promise<void>
}

/** What each driver folder provides: the same few operations. */
export interface Session {
  readonly driver: "pglite" | "pg"
  readonly db: Db
  /** Runs `body` in one transaction for `scope`; rolls back if it throws. */
  transaction<A>(scope: Scope, body: (tx: Tx) => Promise<A>): Promise<A>
  /** Runs `body` with one dedicated connection (migrations, advisory locks). */
  withConnection<A>(body: (connection: RawConnection) => Promise<A>): Promise<A>
  close(): Promise<void>
}

/** Opens the transaction `scope` asks for: role first, then the settings the policies read. */
export const enterScope = async (tx: Tx, scope: Scope): Promise<void> => {
  if (scope === "maintenance") {
    await tx.execute(sql`select set_config('zaitaku.system', 'on', true)`)
    return
  }
  // set_config('role', …, true) is SET LOCAL ROLE; doing both settings in one statement saves a round trip
  // on every tenant transaction.
  await tx.execute(
    scope === "app"
      ? sql`select set_config('role', 'zaitaku_app', true)`
      : sql`select set_config('role', 'zaitaku_app', true), set_config('zaitaku.tenant_id', ${scope.tenantId}, true)`,
  )
}

/** The transaction runner both drivers share: drizzle's transaction plus {@link enterScope}. */
export const runTransaction = <A>(db: Db, scope: Scope, body: (tx: Tx) => Promise<A>): Promise<A> =>
  db.transaction(async (tx) => {
    await enterScope(tx, scope)
    return body(tx)
  })
