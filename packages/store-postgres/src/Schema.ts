/**
 * The drizzle `pg-core` schema shared by every driver (PGlite and node-postgres). Tenant-owned tables carry
 * `tenant_id` as the first column of their primary key; row-level security is added by the hand-written
 * migration `0001_row_level_security.sql`.
 *
 * @since 0.1.0
 */
import { sql } from "drizzle-orm"
import {
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core"

/** PostgreSQL's `int4multirange` (a set of integer ranges), in its text form (`{[900,1730),[10900,11730)}`). */
const int4multirange = customType<{ data: string; driverData: string }>({ dataType: () => "int4multirange" })

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow()

/**
 * テナント: one row per municipality or wide-area body. Visible to the app role only for the current tenant.
 *
 * @since 0.1.0
 * @category tables
 */
export const tenants = pgTable("tenants", {
  id: uuid("id").primaryKey(),
  code: text("code").notNull().unique(),
  kind: text("kind", { enum: ["municipality", "wide_area_body"] }).notNull(),
  nameJa: text("name_ja").notNull(),
  nameEn: text("name_en").notNull(),
  municipalities: text("municipalities").array().notNull(),
  /** 資源情報の一般公開: the directory may be read without a key (the only columns the app role may update). */
  publicDirectory: boolean("public_directory").notNull().default(false),
  /** 確認期間 in months (1–120). */
  assurancePeriodMonths: integer("assurance_period_months").notNull().default(12),
  createdAt: createdAt(),
})

/**
 * 地域: the areas a tenant works with (広域連携, 二次医療圏, 日常生活圏域 …).
 *
 * @since 0.1.0
 * @category tables
 */
export const areas = pgTable(
  "areas",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    kind: text("kind").notNull(),
    code: text("code").notNull(),
    nameJa: text("name_ja").notNull(),
    nameEn: text("name_en").notNull(),
    members: text("members").array().notNull(),
    parentCode: text("parent_code"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("areas_tenant_kind_code").on(t.tenantId, t.kind, t.code)],
)

/**
 * APIキー: only the SHA-256 of each secret is stored.
 *
 * @since 0.1.0
 * @category tables
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    role: text("role").notNull(),
    label: text("label").notNull().default(""),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    /** 担当する資源: the directory entries a provider key speaks for (empty for other roles). */
    resourceIds: uuid("resource_ids").array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
    /** 有効期限: the key no longer authenticates from this instant. */
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "string", precision: 3 }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "string" }),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("api_keys_secret_hash").on(t.secretHash)],
)

/**
 * 監査ログ: append-only for the app role, numbered per tenant and chained by SHA-256.
 *
 * @since 0.1.0
 * @category tables
 */
export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    seq: bigint("seq", { mode: "number" }).notNull(),
    id: uuid("id").notNull(),
    at: timestamp("at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id").notNull(),
    actorRole: text("actor_role").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id").notNull(),
    personalData: boolean("personal_data").notNull(),
    outcome: text("outcome").notNull(),
    details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    unique("audit_log_tenant_id_id").on(t.tenantId, t.id),
    index("audit_log_tenant_target").on(t.tenantId, t.targetType, t.targetId),
  ],
)

/**
 * The head of each tenant's audit chain (last sequence number and hash), updated in the same transaction as
 * every append, so that removing the newest entries is detected.
 *
 * @since 0.1.0
 * @category tables
 */
export const auditHeads = pgTable("audit_heads", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
})

/**
 * 資源 (directory entries) of each tenant. The whole entry is kept in `data`; the columns beside it are the ones
 * searched, filtered, sorted and constrained on. `search_text` holds the normalised search keys (core's
 * `normalizeForSearch`), indexed with pg_trgm for substring search. `opening_hours` and `has_vacancy` are generated
 * by PostgreSQL from `data` (migration `search_functions` defines `zaitaku_opening_hours`), so every writer
 * gets them right and rows written before they existed were filled when they were added.
 *
 * @since 0.1.0
 * @category tables
 */
export const resources = pgTable(
  "resources",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    version: integer("version").notNull(),
    kind: text("kind").notNull(),
    status: text("status").notNull(),
    name: text("name").notNull(),
    sortKey: text("sort_key").notNull(),
    searchText: text("search_text").notNull(),
    municipalityCode: text("municipality_code").notNull(),
    serviceArea: text("service_area").array().notNull(),
    capabilities: text("capabilities").array().notNull(),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    /**
     * 営業時間 as a set of week keys, `day × 10000 + HHMM` (day 0 = mon … 6 = sun, 7 = holiday, as `DayOfWeek`):
     * a period `opens`–`closes` is `[day·10000 + opens, day·10000 + closes)`, so core's `isOpenAt(hours, at)` is
     * `opening_hours @> day·10000 + time`. Days are 10000 apart and a time is at most 2400, so `24:00` never reaches
     * the next day's `00:00`.
     */
    openingHours: int4multirange("opening_hours")
      .notNull()
      .generatedAlwaysAs(sql`zaitaku_opening_hours(data -> 'hours')`),
    /** 空きあり: core's `(availability?.vacancy ?? 0) >= 1`. */
    hasVacancy: boolean("has_vacancy")
      .notNull()
      .generatedAlwaysAs(sql`coalesce(((data -> 'availability') ->> 'vacancy')::numeric >= 1, false)`),
    source: text("source").notNull(),
    sourceRecordId: text("source_record_id"),
    assuredAt: timestamp("assured_at", { withTimezone: true, mode: "string", precision: 3 }),
    data: jsonb("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("resources_source_record").on(t.tenantId, t.source, t.sourceRecordId),
    index("resources_municipality").on(t.tenantId, t.municipalityCode),
    // the listing order is code-point order (core's compareCodePoints), which is the "C" collation on UTF-8
    index("resources_listing").on(t.tenantId, sql`${t.sortKey} collate "C"`, t.id),
    index("resources_updated").on(t.tenantId, t.updatedAt),
    // searches by kind (with vacancy, opening time or municipality), and the service-area half of a municipality
    // filter, so that neither reads every entry of the tenant
    index("resources_kind").on(t.tenantId, t.kind),
    index("resources_service_area").using("gin", t.serviceArea),
    // proximity: the latitude band of a search's bounding box, the longitude checked in the index
    index("resources_location").on(t.tenantId, t.latitude, t.longitude),
  ],
)

/**
 * 変更履歴 (field-level change log) of directory entries: who changed what, from what, to what, when.
 *
 * @since 0.1.0
 * @category tables
 */
export const resourceChanges = pgTable(
  "resource_changes",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    resourceId: uuid("resource_id").notNull(),
    /** The version of the entry this change produced. */
    version: integer("version").notNull(),
    field: text("field").notNull(),
    fromValue: jsonb("from_value"),
    toValue: jsonb("to_value"),
    at: timestamp("at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    by: jsonb("by").notNull(),
    reason: text("reason"),
    /** The provider's change request this change came from, when a coordinator accepted one. */
    changeRequestId: uuid("change_request_id"),
    /** The coordinator who accepted it. */
    reviewedBy: jsonb("reviewed_by"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.resourceId, t.version, t.field] })],
)

/**
 * 変更申請 (providers' proposed changes to their entries) and the coordinators' decisions. The request's fields
 * are written once; only the decision columns change, once, from `pending`.
 *
 * @since 0.1.0
 * @category tables
 */
export const resourceChangeRequests = pgTable(
  "resource_change_requests",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    resourceId: uuid("resource_id").notNull(),
    baseVersion: integer("base_version").notNull(),
    changes: jsonb("changes").notNull(),
    attest: boolean("attest").notNull(),
    reason: text("reason"),
    proposedAt: timestamp("proposed_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    proposedBy: jsonb("proposed_by").notNull(),
    status: text("status", { enum: ["pending", "accepted", "rejected", "withdrawn"] }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "string", precision: 3 }),
    decidedBy: jsonb("decided_by"),
    comment: text("comment"),
    appliedVersion: integer("applied_version"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      name: "resource_change_requests_resource",
      columns: [t.tenantId, t.resourceId],
      foreignColumns: [resources.tenantId, resources.id],
    }),
    index("resource_change_requests_queue").on(t.tenantId, t.status, t.proposedAt, t.id),
    index("resource_change_requests_resource").on(t.tenantId, t.resourceId),
  ],
)

/**
 * Idempotency keys of create requests: a retried request with the same key returns the first result.
 *
 * @since 0.1.0
 * @category tables
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    operation: text("operation").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    resultId: uuid("result_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.operation, t.key] })],
)

/**
 * 取込ジョブ (directory import jobs): an uploaded open-data file's reading, plan and application. The plan, which
 * may hold thousands of entries, is kept in its own column and read only when the diff is reviewed or applied.
 *
 * @since 0.1.0
 * @category tables
 */
export const importJobs = pgTable(
  "import_jobs",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    kind: text("kind").notNull(),
    files: jsonb("files").notNull(),
    options: jsonb("options").notNull(),
    status: text("status", { enum: ["reading", "planned", "applying", "applied", "failed"] }).notNull(),
    progress: jsonb("progress"),
    summary: jsonb("summary"),
    result: jsonb("result"),
    error: jsonb("error"),
    plan: jsonb("plan"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    createdBy: jsonb("created_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    appliedAt: timestamp("applied_at", { withTimezone: true, mode: "string", precision: 3 }),
    appliedBy: jsonb("applied_by"),
    version: integer("version").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("import_jobs_recent").on(t.tenantId, t.createdAt, t.id)],
)

/**
 * 法人 (the organisations of each tenant's directory): one row per 法人, at most one per 法人番号 in a tenant.
 * `sort_key` is the listing key (normalised reading, else name) and `search_text` the normalised name, reading and
 * number, as core's `organizationListingKey` and `matchesOrganizationQuery` define them.
 *
 * @since 0.1.0
 * @category tables
 */
export const organizations = pgTable(
  "organizations",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    corporateNumber: text("corporate_number"),
    name: text("name").notNull(),
    nameKana: text("name_kana"),
    sortKey: text("sort_key").notNull(),
    searchText: text("search_text").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("organizations_corporate_number").on(t.tenantId, t.corporateNumber),
    index("organizations_listing").on(t.tenantId, sql`${t.sortKey} collate "C"`, t.id),
  ],
)

/**
 * 入退院支援のケース (coordination cases): the whole case (core's `Case`, with its events, evidence and waivers) in
 * `data`, beside the columns that lists filter and sort on — status, the organisations (`party_ids`, for the scope
 * of hospital staff and care managers and the organisation filter), the span in Japan dates (core's `caseSpan`) and
 * the creation time. The patient appears only as the pseudonym inside `data`.
 *
 * @since 0.1.0
 * @category tables
 */
export const cases = pgTable(
  "cases",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    version: integer("version").notNull(),
    status: text("status", { enum: ["open", "closed"] }).notNull(),
    hospitalId: uuid("hospital_id").notNull(),
    careManagerId: uuid("care_manager_id"),
    partyIds: uuid("party_ids").array().notNull(),
    startDate: date("start_date", { mode: "string" }),
    endDate: date("end_date", { mode: "string" }),
    data: jsonb("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("cases_recent").on(t.tenantId, t.createdAt, t.id),
    index("cases_span").on(t.tenantId, t.startDate, t.endDate),
    index("cases_parties").using("gin", t.partyIds),
  ],
)

/**
 * 通知の記録 (notification log): one row per obligation transition notified (or being notified) — keyed by tenant,
 * case, obligation and transition, so that each is sent once, across restarts and servers (core's `NotificationLog`).
 *
 * @since 0.1.0
 * @category tables
 */
export const obligationNotifications = pgTable(
  "obligation_notifications",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    caseId: uuid("case_id").notNull(),
    obligationKey: text("obligation_key").notNull(),
    transition: text("transition", { enum: ["due_soon", "overdue"] }).notNull(),
    /** The delivery id, the same for every attempt. */
    id: uuid("id").notNull(),
    status: text("status", { enum: ["sending", "sent", "failed"] }).notNull(),
    attempts: integer("attempts").notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "string", precision: 3 }),
    lastError: text("last_error"),
  },
  (t) => [
    primaryKey({ name: "obligation_notifications_pk", columns: [t.tenantId, t.caseId, t.obligationKey, t.transition] }),
    foreignKey({
      name: "obligation_notifications_case",
      columns: [t.tenantId, t.caseId],
      foreignColumns: [cases.tenantId, cases.id],
    }),
  ],
)

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "string", precision: 3 })

/**
 * 様式 (the tenants' own form definitions and regional variants): the source as given and the resolved definition.
 * National templates are not stored: they ship with `@zaitaku/core`. Once a definition is not a draft only its
 * status changes (a trigger holds to it).
 *
 * @since 0.1.0
 * @category tables
 */
export const formDefinitions = pgTable(
  "form_definitions",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: text("id").notNull(),
    version: text("version").notNull(),
    kind: text("kind", { enum: ["definition", "variant"] }).notNull(),
    status: text("status", { enum: ["draft", "active", "retired"] }).notNull(),
    /** The definition a variant derives from (a national template or one of the tenant's). */
    baseId: text("base_id"),
    baseVersion: text("base_version"),
    source: jsonb("source").notNull(),
    definition: jsonb("definition").notNull(),
    createdAt: instant("created_at").notNull(),
    createdBy: jsonb("created_by").notNull(),
    updatedAt: instant("updated_at").notNull(),
    updatedBy: jsonb("updated_by").notNull(),
    revision: integer("revision").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id, t.version] }),
    index("form_definitions_base").on(t.tenantId, t.baseId, t.baseVersion),
  ],
)

/**
 * 回答 (responses) in their current state: the exact definition version, the organisation that writes it, and the
 * answers. Every version is also kept in `form_response_versions`, which is only ever added to.
 *
 * @since 0.1.0
 * @category tables
 */
export const formResponses = pgTable(
  "form_responses",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    templateId: text("template_id").notNull(),
    templateVersion: text("template_version").notNull(),
    organizationId: uuid("organization_id").notNull(),
    caseId: text("case_id"),
    status: text("status", { enum: ["in-progress", "completed", "amended", "entered-in-error"] }).notNull(),
    answers: jsonb("answers").notNull(),
    version: integer("version").notNull(),
    createdAt: instant("created_at").notNull(),
    createdBy: jsonb("created_by").notNull(),
    updatedAt: instant("updated_at").notNull(),
    updatedBy: jsonb("updated_by").notNull(),
    completedAt: instant("completed_at"),
    reason: text("reason"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      name: "form_responses_organization",
      columns: [t.tenantId, t.organizationId],
      foreignColumns: [resources.tenantId, resources.id],
    }),
    index("form_responses_organization").on(t.tenantId, t.organizationId, t.updatedAt, t.id),
    index("form_responses_case").on(t.tenantId, t.caseId),
  ],
)

/**
 * 回答の版 (every version of every response), written once: an amendment adds a version and never changes one.
 *
 * @since 0.1.0
 * @category tables
 */
export const formResponseVersions = pgTable(
  "form_response_versions",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    responseId: uuid("response_id").notNull(),
    version: integer("version").notNull(),
    status: text("status").notNull(),
    answers: jsonb("answers").notNull(),
    caseId: text("case_id"),
    at: instant("at").notNull(),
    by: jsonb("by").notNull(),
    reason: text("reason"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.responseId, t.version] }),
    foreignKey({
      name: "form_response_versions_response",
      columns: [t.tenantId, t.responseId],
      foreignColumns: [formResponses.tenantId, formResponses.id],
    }),
  ],
)

/**
 * 送付 (sendings): which version of which response went from which organisation, with the note and attachment
 * metadata. Written once: what was sent never changes.
 *
 * @since 0.1.0
 * @category tables
 */
export const formSendings = pgTable(
  "form_sendings",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    responseId: uuid("response_id").notNull(),
    responseVersion: integer("response_version").notNull(),
    templateId: text("template_id").notNull(),
    templateVersion: text("template_version").notNull(),
    fromOrganizationId: uuid("from_organization_id").notNull(),
    caseId: text("case_id"),
    note: text("note"),
    attachments: jsonb("attachments").notNull(),
    sentAt: instant("sent_at").notNull(),
    sentBy: jsonb("sent_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      name: "form_sendings_version",
      columns: [t.tenantId, t.responseId, t.responseVersion],
      foreignColumns: [formResponseVersions.tenantId, formResponseVersions.responseId, formResponseVersions.version],
    }),
    foreignKey({
      name: "form_sendings_organization",
      columns: [t.tenantId, t.fromOrganizationId],
      foreignColumns: [resources.tenantId, resources.id],
    }),
    index("form_sendings_outbox").on(t.tenantId, t.fromOrganizationId, t.sentAt, t.id),
    index("form_sendings_response").on(t.tenantId, t.responseId),
    index("form_sendings_case").on(t.tenantId, t.caseId),
  ],
)

/**
 * 送付先 (the recipients of each sending) and what each did: receipt, acknowledgement or return, reply. Each of these
 * is recorded once (a trigger holds to it).
 *
 * @since 0.1.0
 * @category tables
 */
export const formSendingRecipients = pgTable(
  "form_sending_recipients",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    sendingId: uuid("sending_id").notNull(),
    organizationId: uuid("organization_id").notNull(),
    /** The recipient's place in the list as it was given. */
    position: integer("position").notNull(),
    state: text("state", { enum: ["sent", "received", "acknowledged", "returned"] }).notNull(),
    receivedAt: instant("received_at"),
    receivedBy: jsonb("received_by"),
    acknowledgedAt: instant("acknowledged_at"),
    acknowledgedBy: jsonb("acknowledged_by"),
    returnedAt: instant("returned_at"),
    returnedBy: jsonb("returned_by"),
    comment: text("comment"),
    reply: jsonb("reply"),
    repliedAt: instant("replied_at"),
    repliedBy: jsonb("replied_by"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.sendingId, t.organizationId] }),
    foreignKey({
      name: "form_sending_recipients_sending",
      columns: [t.tenantId, t.sendingId],
      foreignColumns: [formSendings.tenantId, formSendings.id],
    }),
    foreignKey({
      name: "form_sending_recipients_organization",
      columns: [t.tenantId, t.organizationId],
      foreignColumns: [resources.tenantId, resources.id],
    }),
    index("form_sending_recipients_inbox").on(t.tenantId, t.organizationId, t.sendingId),
  ],
)

/**
 * 入退院調整ルール (a tenant's own and regional rule sets): one row per version, written once (a correction is a new
 * version). The set is core's `RuleSet` in `definition`; its effective period is kept beside it, so that a trigger
 * can refuse versions of one id whose periods overlap. `record_id` names the row for idempotency keys.
 *
 * @since 0.1.0
 * @category tables
 */
export const ruleSets = pgTable(
  "rule_sets",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: text("id").notNull(),
    version: text("version").notNull(),
    recordId: uuid("record_id").notNull(),
    effectiveFrom: date("effective_from", { mode: "string" }),
    effectiveTo: date("effective_to", { mode: "string" }),
    definition: jsonb("definition").notNull(),
    createdAt: instant("created_at").notNull(),
    createdBy: jsonb("created_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id, t.version] }),
    unique("rule_sets_record").on(t.tenantId, t.recordId),
  ],
)

/**
 * 適用ルールの判定順 (a tenant's resolution order of the governing regional rule set); no row means the default.
 *
 * @since 0.1.0
 * @category tables
 */
export const ruleSetResolutions = pgTable("rule_set_resolutions", {
  tenantId: uuid("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  resolution: jsonb("resolution").notNull(),
  updatedAt: instant("updated_at").notNull(),
  updatedBy: jsonb("updated_by").notNull(),
})

/**
 * PDCA計画 (PDCA plans): the whole plan (core's `PdcaPlan`: めざすべき姿, goals per scene, indicators, targets and
 * reviews) as JSON, with its version for `If-Match` and its status beside it.
 *
 * @since 0.1.0
 * @category tables
 */
export const pdcaPlans = pgTable(
  "pdca_plans",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    id: uuid("id").notNull(),
    version: integer("version").notNull(),
    status: text("status", { enum: ["draft", "active", "closed"] }).notNull(),
    data: jsonb("data").notNull(),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("pdca_plans_created").on(t.tenantId, t.createdAt)],
)

/**
 * The tenant's own データ項目 (data elements), beside the standard catalogue that lives in core.
 *
 * @since 0.1.0
 * @category tables
 */
export const pdcaDataElements = pgTable(
  "pdca_data_elements",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    code: text("code").notNull(),
    data: jsonb("data").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.code] })],
)

/**
 * The tenant's own 評価指標 (indicator definitions), beside the standard catalogue that lives in core.
 *
 * @since 0.1.0
 * @category tables
 */
export const pdcaIndicators = pgTable(
  "pdca_indicators",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    code: text("code").notNull(),
    data: jsonb("data").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.code] })],
)

/**
 * データ値 (data values): one number per data element, option (`''` for the total), area and fiscal period, with
 * its provenance (`entered`, `imported`, `computed` from a record source) as JSON and its source in columns, so
 * that a recomputation removes exactly the values it computed before.
 *
 * @since 0.1.0
 * @category tables
 */
export const pdcaDataValues = pgTable(
  "pdca_data_values",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    dataElement: text("data_element").notNull(),
    option: text("option").notNull().default(""),
    areaKind: text("area_kind").notNull(),
    areaCode: text("area_code").notNull(),
    periodKind: text("period_kind", { enum: ["year", "half", "quarter", "month"] }).notNull(),
    fiscalYear: integer("fiscal_year").notNull(),
    periodIndex: integer("period_index").notNull(),
    value: doublePrecision("value").notNull(),
    source: text("source", { enum: ["entered", "imported", "computed"] }).notNull(),
    computedFrom: text("computed_from"),
    provenance: jsonb("provenance").notNull(),
  },
  (t) => [
    primaryKey({
      name: "pdca_data_values_pk",
      columns: [t.tenantId, t.dataElement, t.option, t.areaKind, t.areaCode, t.periodKind, t.fiscalYear, t.periodIndex],
    }),
    index("pdca_data_values_year").on(t.tenantId, t.fiscalYear),
    index("pdca_data_values_computed").on(t.tenantId, t.computedFrom, t.fiscalYear),
  ],
)

/**
 * 活動記録 (program activity records): consultations, events, meetings, issues and countermeasures, one row each,
 * the record in `data` and, beside it, the columns the listings filter on (core's `activityFilterColumns`): the
 * sub-kind (event or meeting kind, consultation channel), the status (a consultation's outcome), the area key, the
 * counting date, the scenes, the topics, the requester category and the ids it links to.
 *
 * @since 0.1.0
 * @category tables
 */
export const activityRecords = pgTable(
  "activity_records",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    kind: text("kind", { enum: ["consultation", "event", "meeting", "issue", "countermeasure"] }).notNull(),
    id: uuid("id").notNull(),
    version: integer("version").notNull(),
    subkind: text("subkind"),
    status: text("status"),
    area: text("area"),
    recordDate: date("record_date", { mode: "string" }),
    resolvedOn: date("resolved_on", { mode: "string" }),
    scenes: text("scenes").array().notNull(),
    topics: text("topics").array().notNull(),
    requesterCategory: text("requester_category"),
    links: uuid("links").array().notNull(),
    data: jsonb("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("activity_records_recent").on(t.tenantId, t.kind, t.createdAt, t.id),
    index("activity_records_date").on(t.tenantId, t.kind, t.recordDate),
    index("activity_records_links").using("gin", t.links),
  ],
)

/**
 * 参加申込 (event registrations): one row per application, in order of arrival (`sequence`) within its event. An
 * applicant has at most one live (not cancelled) registration per event.
 *
 * @since 0.1.0
 * @category tables
 */
export const eventRegistrations = pgTable(
  "event_registrations",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    eventId: uuid("event_id").notNull(),
    id: uuid("id").notNull(),
    sequence: integer("sequence").notNull(),
    applicantKey: text("applicant_key").notNull(),
    status: text("status", { enum: ["received", "confirmed", "wait_listed", "cancelled"] }).notNull(),
    data: jsonb("data").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("event_registrations_sequence").on(t.tenantId, t.eventId, t.sequence),
    uniqueIndex("event_registrations_live_applicant")
      .on(t.tenantId, t.eventId, t.applicantKey)
      .where(sql`${t.status} <> 'cancelled'`),
    foreignKey({
      name: "event_registrations_event",
      columns: [t.tenantId, t.eventId],
      foreignColumns: [activityRecords.tenantId, activityRecords.id],
    }),
  ],
)

/**
 * アンケート回答 (event feedback): one row per answer.
 *
 * @since 0.1.0
 * @category tables
 */
export const eventFeedback = pgTable(
  "event_feedback",
  {
    tenantId: uuid("tenant_id")
      .notNull()
      .references(() => tenants.id),
    eventId: uuid("event_id").notNull(),
    id: uuid("id").notNull(),
    data: jsonb("data").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true, mode: "string", precision: 3 }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("event_feedback_event").on(t.tenantId, t.eventId),
    foreignKey({
      name: "event_feedback_event_fk",
      columns: [t.tenantId, t.eventId],
      foreignColumns: [activityRecords.tenantId, activityRecords.id],
    }),
  ],
)
