/**
 * `@zaitaku/store-postgres`: every Zaitaku store port on PostgreSQL with drizzle — embedded PGlite by default, a
 * PostgreSQL server in production — with tenant isolation by row-level security and a hash-chained audit log.
 *
 * @since 0.1.0
 * @packageDocumentation
 */

export { ActivityStoreLive } from "./ActivityStoreLive.js"
export { CaseStoreLive } from "./CaseStoreLive.js"
export { FormStoreLive } from "./FormStoreLive.js"
export { ImportJobStoreLive } from "./ImportJobStoreLive.js"
export type { Db, RawConnection, Scope, Session, Tx } from "./internal/Session.js"
export * from "./Layers.js"
export * from "./Migrator.js"
export { NotificationLogLive } from "./NotificationLogLive.js"
export { OrganizationStoreLive } from "./OrganizationStoreLive.js"
export { PdcaStoreLive } from "./PdcaStoreLive.js"
export { PostgresDatabaseLive } from "./PostgresDatabase.js"
export { openPg, type PgOptions } from "./pg/Session.js"
export { openPglite, type PgliteOptions } from "./pglite/Session.js"
export { ResourceStoreLive } from "./ResourceStoreLive.js"
export { RuleSetStoreLive } from "./RuleSetStoreLive.js"
export * as schema from "./Schema.js"
export { ApiKeyStoreLive, AuditLogLive, appendAuditEntry, PgSession, TenantStoreLive } from "./Stores.js"
export * from "./Template.js"
export * from "./TestDatabase.js"
