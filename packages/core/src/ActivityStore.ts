/**
 * 活動記録の保存 (activity store): the `ActivityStore` port — consultations, trainings and events with their
 * registrations and feedback, meetings, issues and countermeasures — its in-memory reference, and the pure helpers
 * every adapter shares (inputs, filters, cursors, audit events, registration summaries).
 *
 * Decisions an adapter must follow (the contract suite in `@zaitaku/testing` checks each one):
 * - **Tenancy.** Every record belongs to the actor's tenant; another tenant's record is {@link NotFound}.
 * - **Permissions.** Consultations can name a person (a pseudonym): `consultations:read` / `consultations:write`.
 *   Events, meetings, issues and countermeasures: `activities:read` / `activities:write`. Applicants' personal data
 *   (names, contacts): `registrations:manage` to apply on someone's behalf, read, confirm, cancel and take
 *   attendance. Counts by status, profession and organisation, and feedback summaries: `activities:read`.
 * - **Versions.** `create` gives version 1; `update` replaces the record and takes the version the caller last saw
 *   (`expectedVersion`; {@link Conflict} `version_mismatch` when stale); an update that changes nothing returns the
 *   record unchanged. `remove` takes the version too; an event with registrations cannot be removed (cancel it),
 *   nor a record another one links to (a meeting its issues name, an issue its countermeasures name, a
 *   consultation its follow-ups name): Conflict `linked_from`, so no link is left dangling.
 * - **Idempotency.** `create` with an idempotency key returns the record first created with that key when the
 *   input is the same, and fails with {@link Conflict} when it is not. Applying twice for an event with the same
 *   applicant (core's `applicantKey`) returns the live registration: a retried form submission is one application.
 * - **Registrations** follow core's rules (`register`, `confirmRegistration`, `cancelRegistration`,
 *   `markAttendance`, `changeCapacity`) decided on the event's whole book under a per-event lock, so that
 *   concurrent applicants never take more seats than the capacity; a refused application is a
 *   {@link RegistrationRejected} (nothing stored). A change of capacity through `update` follows `changeCapacity`.
 * - **Public applications.** `registerPublic` needs no permission, only the tenant; an event that is not marked
 *   `public` is {@link NotFound} for it. It returns the registration's state, never anyone's personal data.
 * - **Audit.** Every write is audited. Reads of consultations and registrations, and of the records for a period,
 *   are audited with `personalData: true`, naming ids and counts only.
 * - **Listing.** {@link pageActivities} is the reference: filters, newest first, keyset cursor.
 * - **Records for a period.** `activityRecords(period)` returns core's {@link ActivityRecords} — the records whose
 *   counting date falls in the period (consultations by `receivedOn`, events by the day they start, meetings by
 *   `heldOn`, issues by `raisedOn` or `resolvedOn`, countermeasures by `dueOn`) and the registrations of those events
 *   — ready for `computeActivityDataValues` and `activityTable`.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Ref, Result, Semaphore } from "effect"
import * as z from "zod"
import { ConsultationTopic, RegistrationStatus, RequesterCategory } from "./ActivityCodeLists.js"
import type { ActivityRecords } from "./ActivityDataValues.js"
import { ActivityEvent, EventFeedback, eventDay, type FeedbackSummary, summariseFeedback } from "./ActivityEvent.js"
import { Actor, type Permission, type Principal, requirePermission } from "./Actor.js"
import { AreaRef, areaKey } from "./AreaHierarchy.js"
import { type AuditEvent, AuditLog } from "./AuditLog.js"
import { Instant } from "./BusinessCalendar.js"
import { ConsultationRecord } from "./ConsultationRecord.js"
import { decode } from "./Decode.js"
import { Conflict, type Forbidden, NotFound, type StoreError, type ValidationError } from "./Errors.js"
import {
  applyRegistrationChanges,
  cancelRegistration,
  changeCapacity,
  confirmRegistration,
  EventApplicant,
  type EventRegistration,
  markAttendance,
  type RegistrationBook,
  type RegistrationDecision,
  RegistrationRejected,
  register,
  registrationCounts,
} from "./EventRegistration.js"
import { IdGenerator } from "./IdGenerator.js"
import { cursorCodec, invalidCursor } from "./internal/cursor.js"
import { canonicalJson, sha256Hex } from "./internal/hash.js"
import { Countermeasure, Meeting, ProgramIssue } from "./Meeting.js"
import { DateRange, type IsoDate } from "./Period.js"
import { CareScene } from "./ProgramFramework.js"
import { ActivityEventId, EventFeedbackId, EventRegistrationId } from "./ProgramIds.js"

// ---------------------------------------------------------------------------------------------------------------
// Record kinds
// ---------------------------------------------------------------------------------------------------------------

/**
 * 活動記録の種類 (kind of activity record): `consultation` (相談), `event` (研修・普及啓発), `meeting` (会議), `issue`
 * (課題), `countermeasure` (対応策).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { ActivityKind } from "@zaitaku/core"
 *
 * ActivityKind.parse("meeting")
 * ```
 */
export const ActivityKind = z.enum(["consultation", "event", "meeting", "issue", "countermeasure"])
/** @since 0.1.0 @category activity store */
export type ActivityKind = z.infer<typeof ActivityKind>

/**
 * The record type of each {@link ActivityKind}.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import type { ActivityRecordOf } from "@zaitaku/core"
 *
 * type Event = ActivityRecordOf["event"]
 * ```
 */
export interface ActivityRecordOf {
  readonly consultation: ConsultationRecord
  readonly event: ActivityEvent
  readonly meeting: Meeting
  readonly issue: ProgramIssue
  readonly countermeasure: Countermeasure
}

/**
 * The input of each {@link ActivityKind}: the record without `id` and `tenantId` (the store assigns them), with
 * defaults not yet applied.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import type { NewActivityOf } from "@zaitaku/core"
 *
 * const meeting: NewActivityOf["meeting"] = {
 *   area: { kind: "municipality", code: "144011" },
 *   kind: "council",
 *   title: "在宅医療・介護連携推進協議会",
 *   heldOn: "2025-06-10",
 *   status: "held",
 * }
 * ```
 */
export interface NewActivityOf {
  readonly consultation: Omit<z.input<typeof ConsultationRecord>, "id" | "tenantId">
  readonly event: Omit<z.input<typeof ActivityEvent>, "id" | "tenantId">
  readonly meeting: Omit<z.input<typeof Meeting>, "id" | "tenantId">
  readonly issue: Omit<z.input<typeof ProgramIssue>, "id" | "tenantId">
  readonly countermeasure: Omit<z.input<typeof Countermeasure>, "id" | "tenantId">
}

/**
 * 版の情報 (version stamp) the store keeps beside each record: the version (1 on creation, +1 on each change) and
 * when it was created and last changed.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import type { ActivityVersion } from "@zaitaku/core"
 *
 * const stamp: ActivityVersion = { version: 1, createdAt: "2025-06-10T09:00:00.000Z", updatedAt: "2025-06-10T09:00:00.000Z" }
 * ```
 */
export interface ActivityVersion {
  readonly version: number
  readonly createdAt: string
  readonly updatedAt: string
}

/**
 * 保存された記録 (stored record): the record with its {@link ActivityVersion}.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import type { StoredActivity } from "@zaitaku/core"
 *
 * declare const meeting: StoredActivity<"meeting">
 * meeting.version
 * ```
 */
export type StoredActivity<K extends ActivityKind> = ActivityRecordOf[K] & ActivityVersion

/**
 * The schema of each {@link ActivityKind}.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { activitySchemas } from "@zaitaku/core"
 *
 * activitySchemas.meeting === undefined // false
 * ```
 */
export const activitySchemas = {
  consultation: ConsultationRecord,
  event: ActivityEvent,
  meeting: Meeting,
  issue: ProgramIssue,
  countermeasure: Countermeasure,
} as const

/**
 * What each kind is called in audit entries, errors and idempotency keys.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { activityEntity } from "@zaitaku/core"
 *
 * activityEntity.event // "activity_event"
 * ```
 */
export const activityEntity: Readonly<Record<ActivityKind, string>> = {
  consultation: "consultation",
  event: "activity_event",
  meeting: "meeting",
  issue: "program_issue",
  countermeasure: "countermeasure",
}

/**
 * The permissions to read and to write each kind: consultations can name a person, so they have their own.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { activityPermissions } from "@zaitaku/core"
 *
 * activityPermissions.consultation.read // "consultations:read"
 * ```
 */
export const activityPermissions: Readonly<
  Record<ActivityKind, { readonly read: Permission; readonly write: Permission }>
> = {
  consultation: { read: "consultations:read", write: "consultations:write" },
  event: { read: "activities:read", write: "activities:write" },
  meeting: { read: "activities:read", write: "activities:write" },
  issue: { read: "activities:read", write: "activities:write" },
  countermeasure: { read: "activities:read", write: "activities:write" },
}

/**
 * 集計日 (counting date) of a record: consultations by `receivedOn`, events by the day they start (Japan time),
 * meetings by `heldOn`, issues by `raisedOn`, countermeasures by `dueOn` (none without one).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { activityDate, type Meeting } from "@zaitaku/core"
 *
 * declare const meeting: Meeting
 * activityDate("meeting", meeting) // meeting.heldOn
 * ```
 */
export const activityDate = <K extends ActivityKind>(kind: K, record: ActivityRecordOf[K]): IsoDate | undefined => {
  switch (kind) {
    case "consultation":
      return (record as ConsultationRecord).receivedOn
    case "event":
      return eventDay(record as ActivityEvent)
    case "meeting":
      return (record as Meeting).heldOn
    case "issue":
      return (record as ProgramIssue).raisedOn
    default:
      return (record as Countermeasure).dueOn
  }
}

/**
 * 検索用の項目 (filter columns) of a record, the same for every adapter: the sub-kind (event or meeting kind,
 * consultation channel), the status, the area, the counting date, the scenes, the topics, the requester category, and
 * the ids the record links to (an issue's meeting, a countermeasure's issues and PDCA goals, the consultation a
 * consultation follows up).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { activityFilterColumns, type Meeting } from "@zaitaku/core"
 *
 * declare const meeting: Meeting
 * activityFilterColumns("meeting", meeting).subkind // e.g. "council"
 * ```
 */
export const activityFilterColumns = <K extends ActivityKind>(
  kind: K,
  record: ActivityRecordOf[K],
): {
  readonly subkind: string | null
  readonly status: string | null
  readonly area: string | null
  readonly date: IsoDate | null
  readonly resolvedOn: IsoDate | null
  readonly scenes: ReadonlyArray<string>
  readonly topics: ReadonlyArray<string>
  readonly requesterCategory: string | null
  readonly links: ReadonlyArray<string>
} => {
  const r = record as unknown as {
    readonly kind?: string
    readonly status?: string
    readonly area?: AreaRef
    readonly scenes?: ReadonlyArray<string>
  }
  const consultation = kind === "consultation" ? (record as ConsultationRecord) : undefined
  return {
    subkind:
      consultation !== undefined ? consultation.channel : kind === "event" || kind === "meeting" ? r.kind! : null,
    status: consultation !== undefined ? consultation.outcome : (r.status ?? null),
    area: r.area === undefined ? null : areaKey(r.area),
    date: activityDate(kind, record) ?? null,
    resolvedOn: kind === "issue" ? ((record as ProgramIssue).resolvedOn ?? null) : null,
    scenes: r.scenes ?? [],
    topics: consultation?.topics ?? [],
    requesterCategory: consultation?.requester.category ?? null,
    links: linksOf(kind, record),
  }
}

const linksOf = <K extends ActivityKind>(kind: K, record: ActivityRecordOf[K]): ReadonlyArray<string> => {
  switch (kind) {
    case "consultation": {
      const followUpOf = (record as ConsultationRecord).followUpOf
      return followUpOf === undefined ? [] : [followUpOf]
    }
    case "issue": {
      const meetingId = (record as ProgramIssue).meetingId
      return meetingId === undefined ? [] : [meetingId]
    }
    case "countermeasure": {
      const measure = record as Countermeasure
      return [...measure.issueIds, ...measure.goalIds]
    }
    default:
      return []
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Options, queries and cursors
// ---------------------------------------------------------------------------------------------------------------

/**
 * Options of a create: an idempotency key.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { CreateActivityOptions } from "@zaitaku/core"
 *
 * CreateActivityOptions.parse({ idempotencyKey: "retry-1" })
 * ```
 */
export const CreateActivityOptions = z.object({ idempotencyKey: z.string().min(1).max(255).optional() }).strict()
/** @since 0.1.0 @category activity store */
export type CreateActivityOptionsInput = z.input<typeof CreateActivityOptions>

/**
 * Options of an update or removal: the version the caller last saw.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { WriteActivityOptions } from "@zaitaku/core"
 *
 * WriteActivityOptions.parse({ expectedVersion: 1 })
 * ```
 */
export const WriteActivityOptions = z.object({ expectedVersion: z.int().min(1) }).strict()
/** @since 0.1.0 @category activity store */
export type WriteActivityOptionsInput = z.input<typeof WriteActivityOptions>

/**
 * 活動記録の一覧の条件 (activity query): `period` (the counting date within the dates, both inclusive), `area`
 * (`kind:code`, e.g. `municipality:144011`), `subkind` (event kinds, meeting kinds or consultation channels),
 * `status` (for consultations: the outcome), `scene`, `topic` and `requesterCategory` (consultations), `linkedTo`
 * (records naming this id: the issues of a meeting, the countermeasures of an issue or a PDCA goal), `order`,
 * `limit` 1–200 (default 50) and the previous page's cursor. `order`: `created` (default; newest entered first) or
 * `date` (by the record's own date — 受付日, 開催日, 提起日, 期限 — newest first, records without one last, then
 * newest entered first), so records entered late or imported still list where they happened.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { ActivityQuery } from "@zaitaku/core"
 *
 * ActivityQuery.parse({ period: { start: "2025-04-01", end: "2026-03-31" }, topic: "discharge_support" })
 * ```
 */
export const ActivityQuery = z
  .object({
    period: DateRange.optional(),
    area: z
      .string()
      .regex(/^[a-z_]+:[^:]{1,32}$/)
      .optional(),
    subkind: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
    status: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
    scene: CareScene.optional(),
    topic: ConsultationTopic.optional(),
    requesterCategory: RequesterCategory.optional(),
    linkedTo: z.uuid().optional(),
    order: z.enum(["created", "date"]).default("created"),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category activity store */
export type ActivityQuery = z.infer<typeof ActivityQuery>
/** @since 0.1.0 @category activity store */
export type ActivityQueryInput = z.input<typeof ActivityQuery>

const activityCursor = cursorCodec("activity", {
  k: z.string(),
  at: z.number(),
  id: z.string(),
  d: z.string().optional(),
})

/**
 * The date a record without one sorts as in the `date` order (after every real date, newest first).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { undatedActivity } from "@zaitaku/core"
 *
 * undatedActivity < "1900-01-01" // true
 * ```
 */
export const undatedActivity = "0001-01-01"

/**
 * The cursor after a record: its kind, creation time (epoch milliseconds), id and, in the `date` order, its date;
 * opaque to clients.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { decodeActivityCursor, encodeActivityCursor } from "@zaitaku/core"
 *
 * decodeActivityCursor(encodeActivityCursor({ k: "meeting", at: 1, id: "x" }), "meeting")
 * ```
 */
export const encodeActivityCursor = activityCursor.encode
/**
 * Decodes an activity cursor, or a `ValidationError` at `["cursor"]`. Never throws.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { Result } from "effect"
 * import { decodeActivityCursor } from "@zaitaku/core"
 *
 * Result.isFailure(decodeActivityCursor("bogus")) // true
 * ```
 */
export const decodeActivityCursor = (
  text: string,
  kind?: ActivityKind,
  order?: ActivityQuery["order"],
): Result.Result<
  { readonly k: string; readonly at: number; readonly id: string; readonly d?: string | undefined },
  ValidationError
> => {
  const decoded = activityCursor.decode(text)
  if (
    Result.isSuccess(decoded) &&
    ((kind !== undefined && decoded.success.k !== kind) ||
      (order !== undefined && (decoded.success.d !== undefined) !== (order === "date")))
  ) {
    return Result.fail(invalidCursor("query"))
  }
  return decoded
}

/**
 * A page of records.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import type { ActivityPage } from "@zaitaku/core"
 *
 * declare const page: ActivityPage<"event">
 * page.nextCursor // null on the last page
 * ```
 */
export interface ActivityPage<K extends ActivityKind> {
  readonly items: ReadonlyArray<StoredActivity<K>>
  readonly nextCursor: string | null
}

/**
 * Whether a record matches the filters of a decoded {@link ActivityQuery} (paging aside): the reference for every
 * adapter's `WHERE` clause.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { ActivityQuery, matchesActivityQuery, type Meeting } from "@zaitaku/core"
 *
 * declare const meeting: Meeting
 * matchesActivityQuery("meeting", meeting, ActivityQuery.parse({ subkind: ["council"] }))
 * ```
 */
export const matchesActivityQuery = <K extends ActivityKind>(
  kind: K,
  record: ActivityRecordOf[K],
  query: ActivityQuery,
): boolean => {
  const c = activityFilterColumns(kind, record)
  if (query.period !== undefined && (c.date === null || c.date < query.period.start || c.date > query.period.end)) {
    return false
  }
  if (query.area !== undefined && c.area !== query.area) return false
  if (query.subkind !== undefined && (c.subkind === null || !query.subkind.includes(c.subkind))) return false
  if (query.status !== undefined && (c.status === null || !query.status.includes(c.status))) return false
  if (query.scene !== undefined && !c.scenes.includes(query.scene)) return false
  if (query.topic !== undefined && !c.topics.includes(query.topic)) return false
  if (query.requesterCategory !== undefined && c.requesterCategory !== query.requesterCategory) return false
  if (query.linkedTo !== undefined && !c.links.includes(query.linkedTo)) return false
  return true
}

/**
 * Pages records of one kind (reference for adapters): filters, newest first by creation then id, keyset cursor.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { ActivityQuery, pageActivities, type StoredActivity } from "@zaitaku/core"
 *
 * declare const meetings: ReadonlyArray<StoredActivity<"meeting">>
 * pageActivities("meeting", meetings, ActivityQuery.parse({}))
 * ```
 */
export const pageActivities = <K extends ActivityKind>(
  kind: K,
  records: ReadonlyArray<StoredActivity<K>>,
  query: ActivityQuery,
): Result.Result<ActivityPage<K>, ValidationError> => {
  const cursor = query.cursor === undefined ? undefined : decodeActivityCursor(query.cursor, kind, query.order)
  if (cursor !== undefined && Result.isFailure(cursor)) return Result.fail(cursor.failure)
  const after = cursor?.success
  const byDate = query.order === "date"
  // newest first: the date (in the date order), then the creation time, then the id, each descending
  const compare = (
    a: { readonly d: string; readonly at: number; readonly id: string },
    b: { readonly d: string; readonly at: number; readonly id: string },
  ) => (a.d < b.d ? 1 : a.d > b.d ? -1 : 0) || b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)
  const sorted = records
    .filter((r) => matchesActivityQuery(kind, r, query))
    .map((r) => ({
      r,
      id: r.id,
      at: Date.parse(r.createdAt),
      d: byDate ? (activityFilterColumns(kind, r).date ?? undatedActivity) : "",
    }))
    .sort(compare)
    .filter((x) => after === undefined || compare(x, { d: after.d ?? "", at: after.at, id: after.id }) > 0)
  const items = sorted.slice(0, query.limit)
  const last = items[items.length - 1]
  return Result.succeed({
    items: items.map(({ r }) => r),
    nextCursor:
      sorted.length > query.limit && last !== undefined
        ? encodeActivityCursor({ k: kind, at: last.at, id: last.r.id, ...(byDate ? { d: last.d } : {}) })
        : null,
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Preparing writes
// ---------------------------------------------------------------------------------------------------------------

/**
 * Validates a new or replacing record with the id and tenant the store gives it.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { decodeActivity, TenantId } from "@zaitaku/core"
 *
 * decodeActivity("meeting", { area: { kind: "municipality", code: "144011" }, kind: "council", title: "協議会", heldOn: "2025-06-10", status: "held" }, {
 *   id: "0192f5a0-0000-7000-8000-000000000051",
 *   tenantId: TenantId.parse("0192f5a0-0000-7000-8000-0000000000aa"),
 * })
 * ```
 */
export const decodeActivity = <K extends ActivityKind>(
  kind: K,
  input: NewActivityOf[K],
  identity: { readonly id: string; readonly tenantId: string },
): Effect.Effect<ActivityRecordOf[K], ValidationError> => {
  const raw =
    typeof input === "object" && input !== null
      ? { ...(input as object), id: identity.id, tenantId: identity.tenantId }
      : input
  return decode(activitySchemas[kind], activityEntity[kind])(raw) as Effect.Effect<ActivityRecordOf[K], ValidationError>
}

/**
 * The fingerprint of a create's input (idempotency: the same key with another input is a conflict).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { activityFingerprint } from "@zaitaku/core"
 *
 * activityFingerprint("meeting", { title: "協議会" })
 * ```
 */
export const activityFingerprint = (kind: ActivityKind, input: unknown): Effect.Effect<string> =>
  sha256Hex(canonicalJson({ kind, input }))

/**
 * The record without its version stamp: what core's computations take.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { type StoredActivity, withoutVersion } from "@zaitaku/core"
 *
 * declare const meeting: StoredActivity<"meeting">
 * "version" in withoutVersion(meeting) // false
 * ```
 */
export const withoutVersion = <K extends ActivityKind>(stored: StoredActivity<K>): ActivityRecordOf[K] => {
  const {
    version: _v,
    createdAt: _c,
    updatedAt: _u,
    ...record
  } = stored as unknown as ActivityVersion & Record<string, unknown>
  return record as unknown as ActivityRecordOf[K]
}

/**
 * Whether two records are the same (an update that changes nothing).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { sameActivity } from "@zaitaku/core"
 *
 * sameActivity({ a: 1 }, { a: 1 }) // true
 * ```
 */
export const sameActivity = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b)

/**
 * The audit event of an action on a record: personal data for consultations; ids and the version only.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { activityAuditEvent } from "@zaitaku/core"
 *
 * activityAuditEvent("consultation", "read", { id: "0192f5a0-0000-7000-8000-000000000001", version: 1 }).personalData // true
 * ```
 */
export const activityAuditEvent = (
  kind: ActivityKind,
  verb: "create" | "read" | "update" | "delete",
  record: { readonly id: string; readonly version: number },
  details: Record<string, z.infer<ReturnType<typeof z.json>>> = {},
): AuditEvent => ({
  action: `${activityEntity[kind]}.${verb}`,
  target: { type: activityEntity[kind], id: record.id },
  personalData: kind === "consultation",
  details: { version: record.version, ...details },
})

/**
 * The audit event of a listing of consultations (personal data), naming the ids returned.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { activityListAuditEvent } from "@zaitaku/core"
 *
 * activityListAuditEvent("consultation", ["0192f5a0-0000-7000-8000-000000000001"]).action // "consultation.list"
 * ```
 */
export const activityListAuditEvent = (kind: ActivityKind, ids: ReadonlyArray<string>): AuditEvent => ({
  action: `${activityEntity[kind]}.list`,
  target: { type: activityEntity[kind], id: "*" },
  personalData: kind === "consultation",
  details: { count: ids.length, ids: [...ids] },
})

/**
 * The audit event of {@link ActivityStore}'s `activityRecords`: the period and how many records of each kind.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { activityRecordsAuditEvent } from "@zaitaku/core"
 *
 * activityRecordsAuditEvent({ start: "2025-04-01", end: "2026-03-31" }, {}).action // "activity_records.read"
 * ```
 */
export const activityRecordsAuditEvent = (
  period: { readonly start: string; readonly end: string },
  records: ActivityRecords,
): AuditEvent => ({
  action: "activity_records.read",
  target: { type: "activity_records", id: `${period.start}/${period.end}` },
  personalData: true,
  details: {
    consultations: records.consultations?.length ?? 0,
    events: records.events?.length ?? 0,
    registrations: records.registrations?.length ?? 0,
    meetings: records.meetings?.length ?? 0,
    issues: records.issues?.length ?? 0,
    countermeasures: records.countermeasures?.length ?? 0,
  },
})

/**
 * Whether a record belongs in the records of a period (see the module documentation).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { inActivityPeriod, type Meeting } from "@zaitaku/core"
 *
 * declare const meeting: Meeting
 * inActivityPeriod("meeting", meeting, { start: "2025-04-01", end: "2026-03-31" })
 * ```
 */
export const inActivityPeriod = <K extends ActivityKind>(
  kind: K,
  record: ActivityRecordOf[K],
  period: { readonly start: string; readonly end: string },
): boolean => {
  const c = activityFilterColumns(kind, record)
  const within = (date: string | null) => date !== null && period.start <= date && date <= period.end
  return within(c.date) || within(c.resolvedOn)
}

// ---------------------------------------------------------------------------------------------------------------
// Registrations
// ---------------------------------------------------------------------------------------------------------------

/**
 * 参加申込の入力 (application): the applicant (the applicant part of the 研修申込書) and, when the application came
 * with a 研修申込書 form response, its id.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { NewRegistration } from "@zaitaku/core"
 *
 * NewRegistration.parse({ applicant: { name: "厚木 花子", email: "hanako@example.jp", profession: "nurse" } })
 * ```
 */
export const NewRegistration = z
  .object({ applicant: EventApplicant, formResponseId: z.string().min(1).max(100).optional() })
  .strict()
/** @since 0.1.0 @category activity store */
export type NewRegistrationInput = z.input<typeof NewRegistration>

/**
 * 申込の結果 (registration result): what happened (`created`, `updated` or `unchanged`), the registration, and the
 * registrations promoted from the wait-list by it.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import type { RegistrationResult } from "@zaitaku/core"
 *
 * declare const result: RegistrationResult
 * result.registration.status
 * ```
 */
export interface RegistrationResult {
  readonly outcome: RegistrationDecision["outcome"]
  readonly registration: EventRegistration
  readonly promoted: ReadonlyArray<EventRegistration>
}

/**
 * 公開申込の結果 (public registration result): what a public applicant is told — the registration's id, status and
 * place in the order of arrival, and, when wait-listed, the place on the wait-list; nothing about anyone else.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import type { PublicRegistrationResult } from "@zaitaku/core"
 *
 * const answer: PublicRegistrationResult = { id: "0192f5a0-0000-7000-8000-000000000041", eventId: "0192f5a0-0000-7000-8000-000000000002", status: "wait_listed", outcome: "created", waitListPosition: 3 }
 * ```
 */
export interface PublicRegistrationResult {
  readonly id: string
  readonly eventId: string
  readonly status: RegistrationStatus
  readonly outcome: RegistrationDecision["outcome"]
  readonly waitListPosition: number | null
}

/**
 * The public answer for a registration of a book (see {@link PublicRegistrationResult}).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { publicRegistrationResult, type RegistrationBook, type RegistrationResult } from "@zaitaku/core"
 *
 * declare const result: RegistrationResult
 * declare const book: RegistrationBook
 * publicRegistrationResult(result, book.registrations).status
 * ```
 */
export const publicRegistrationResult = (
  result: RegistrationResult,
  registrations: ReadonlyArray<EventRegistration>,
): PublicRegistrationResult => {
  const waiting = registrations.filter((r) => r.status === "wait_listed").sort((a, b) => a.sequence - b.sequence)
  const position = waiting.findIndex((r) => r.id === result.registration.id)
  return {
    id: result.registration.id,
    eventId: result.registration.eventId,
    status: result.registration.status,
    outcome: result.outcome,
    waitListPosition: position === -1 ? null : position + 1,
  }
}

/**
 * 申込一覧の条件 (registration query): statuses, `limit` 1–500 (default 100) and the cursor; in order of arrival.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { RegistrationQuery } from "@zaitaku/core"
 *
 * RegistrationQuery.parse({ status: ["wait_listed"] })
 * ```
 */
export const RegistrationQuery = z
  .object({
    status: z.array(RegistrationStatus).min(1).max(4).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category activity store */
export type RegistrationQueryInput = z.input<typeof RegistrationQuery>

const registrationCursor = cursorCodec("registration", { seq: z.number() })

/**
 * A page of registrations, in order of arrival.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import type { RegistrationPage } from "@zaitaku/core"
 *
 * declare const page: RegistrationPage
 * page.items.length
 * ```
 */
export interface RegistrationPage {
  readonly items: ReadonlyArray<EventRegistration>
  readonly nextCursor: string | null
}

/**
 * Pages an event's registrations (reference for adapters): by status, in order of arrival, keyset on the sequence.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { pageRegistrations, RegistrationQuery, type EventRegistration } from "@zaitaku/core"
 *
 * declare const registrations: ReadonlyArray<EventRegistration>
 * pageRegistrations(registrations, RegistrationQuery.parse({}))
 * ```
 */
export const pageRegistrations = (
  registrations: ReadonlyArray<EventRegistration>,
  query: z.infer<typeof RegistrationQuery>,
): Result.Result<RegistrationPage, ValidationError> => {
  const cursor = query.cursor === undefined ? undefined : registrationCursor.decode(query.cursor)
  if (cursor !== undefined && Result.isFailure(cursor)) return Result.fail(cursor.failure)
  const after = cursor?.success.seq ?? 0
  const matching = registrations
    .filter((r) => r.sequence > after && (query.status === undefined || query.status.includes(r.status)))
    .sort((a, b) => a.sequence - b.sequence)
  const items = matching.slice(0, query.limit)
  const last = items[items.length - 1]
  return Result.succeed({
    items,
    nextCursor:
      matching.length > query.limit && last !== undefined ? registrationCursor.encode({ seq: last.sequence }) : null,
  })
}

/**
 * 申込状況の集計 (registration summary) of an event: counts by status and the seats left, and the confirmed and
 * attended registrations by profession and by organisation (the organisation's directory entry, else its name,
 * else `unknown`) and organisation category.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import type { RegistrationSummary } from "@zaitaku/core"
 *
 * declare const summary: RegistrationSummary
 * summary.byProfession.nurse?.confirmed
 * ```
 */
export interface RegistrationSummary {
  readonly eventId: string
  readonly capacity: number | null
  readonly received: number
  readonly confirmed: number
  readonly waitListed: number
  readonly cancelled: number
  readonly seatsLeft: number | null
  readonly attended: number
  readonly byProfession: Readonly<Record<string, { readonly confirmed: number; readonly attended: number }>>
  readonly byOrganization: Readonly<Record<string, { readonly confirmed: number; readonly attended: number }>>
  readonly byOrganizationCategory: Readonly<Record<string, { readonly confirmed: number; readonly attended: number }>>
}

/**
 * Summarises a registration book (see {@link RegistrationSummary}).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { type RegistrationBook, summariseRegistrations } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook
 * summariseRegistrations(book).confirmed
 * ```
 */
export const summariseRegistrations = (book: RegistrationBook): RegistrationSummary => {
  const counts = registrationCounts(book)
  const byProfession: Record<string, { confirmed: number; attended: number }> = {}
  const byOrganization: Record<string, { confirmed: number; attended: number }> = {}
  const byOrganizationCategory: Record<string, { confirmed: number; attended: number }> = {}
  const bump = (map: Record<string, { confirmed: number; attended: number }>, key: string, attended: boolean) => {
    const entry = map[key] ?? { confirmed: 0, attended: 0 }
    map[key] = entry
    entry.confirmed += 1
    if (attended) entry.attended += 1
  }
  let attended = 0
  for (const r of book.registrations) {
    if (r.status !== "confirmed") continue
    const came = r.attended === true
    if (came) attended += 1
    bump(byProfession, r.applicant.profession, came)
    bump(byOrganization, r.applicant.resourceId ?? r.applicant.organizationName ?? "unknown", came)
    bump(byOrganizationCategory, r.applicant.organizationCategory ?? "unknown", came)
  }
  return {
    eventId: book.event.id,
    capacity: book.event.registration?.capacity ?? null,
    ...counts,
    attended,
    byProfession,
    byOrganization,
    byOrganizationCategory,
  }
}

/**
 * アンケートの入力 (feedback input): the answer without its id and event (the store assigns them);
 * `submittedAt` defaults to now.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { NewFeedback } from "@zaitaku/core"
 *
 * NewFeedback.parse({ satisfaction: 5, usefulness: 4, profession: "nurse" })
 * ```
 */
export const NewFeedback = z
  .object({
    registrationId: EventRegistrationId.optional(),
    submittedAt: Instant.optional(),
    satisfaction: z.int().min(1).max(5),
    usefulness: z.int().min(1).max(5).optional(),
    profession: EventFeedback.shape.profession,
    comment: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
/** @since 0.1.0 @category activity store */
export type NewFeedbackInput = z.input<typeof NewFeedback>

/**
 * The audit event of a registration action: personal data (the applicant), naming the registration and its new
 * status only.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { registrationAuditEvent } from "@zaitaku/core"
 *
 * declare const registration: Parameters<typeof registrationAuditEvent>[1]
 * registrationAuditEvent("cancel", registration).action // "event_registration.cancel"
 * ```
 */
export const registrationAuditEvent = (
  verb: "create" | "read" | "list" | "confirm" | "cancel" | "attendance" | "promote",
  registration: Pick<EventRegistration, "id" | "eventId" | "status" | "sequence"> | undefined,
  details: Record<string, z.infer<ReturnType<typeof z.json>>> = {},
): AuditEvent => ({
  action: `event_registration.${verb}`,
  target: { type: "event_registration", id: registration?.id ?? "*" },
  personalData: true,
  details:
    registration === undefined
      ? details
      : { eventId: registration.eventId, status: registration.status, sequence: registration.sequence, ...details },
})

/**
 * The audit events of a registration decision: the registration's own, then one `promote` per promoted one.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { registrationDecisionAudit, type RegistrationDecision } from "@zaitaku/core"
 *
 * declare const decision: RegistrationDecision
 * registrationDecisionAudit("cancel", decision).length
 * ```
 */
export const registrationDecisionAudit = (
  verb: "create" | "confirm" | "cancel" | "attendance",
  decision: Pick<RegistrationDecision, "registration" | "promoted">,
): ReadonlyArray<AuditEvent> => [
  registrationAuditEvent(verb, decision.registration),
  ...decision.promoted
    .filter((p) => p.id !== decision.registration.id)
    .map((p) => registrationAuditEvent("promote", p, { freedBy: decision.registration.id })),
]

// ---------------------------------------------------------------------------------------------------------------
// The port
// ---------------------------------------------------------------------------------------------------------------

type ReadError = NotFound | Forbidden | StoreError
type WriteError = ValidationError | NotFound | Conflict | Forbidden | StoreError

/**
 * The `ActivityStore` port: one tenant's program activities. Every method acts within the current {@link Actor}'s
 * tenant; the module documentation lists the behaviour every adapter must show.
 *
 * The records for a period, for the computed indicators: `activityRecords(period)` (core's {@link ActivityRecords}).
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ActivityStore } from "@zaitaku/core"
 *
 * const year = Effect.flatMap(Effect.service(ActivityStore), (store) =>
 *   store.activityRecords({ start: "2025-04-01", end: "2026-03-31" }),
 * )
 * ```
 */
export class ActivityStore extends Context.Service<
  ActivityStore,
  {
    /** Creates a record (version 1); with an idempotency key, a retry returns the same record. */
    create<K extends ActivityKind>(
      kind: K,
      input: NewActivityOf[K],
      options?: CreateActivityOptionsInput,
    ): Effect.Effect<StoredActivity<K>, WriteError, Actor>
    /** One record (consultations audited as personal-data reads). */
    get<K extends ActivityKind>(kind: K, id: string): Effect.Effect<StoredActivity<K>, ReadError, Actor>
    /** A page of records (consultation listings audited when they return any). */
    list<K extends ActivityKind>(
      kind: K,
      query?: ActivityQueryInput,
    ): Effect.Effect<ActivityPage<K>, ValidationError | Forbidden | StoreError, Actor>
    /** Replaces a record at the expected version; a capacity change of an event follows `changeCapacity`. */
    update<K extends ActivityKind>(
      kind: K,
      id: string,
      input: NewActivityOf[K],
      options: WriteActivityOptionsInput,
    ): Effect.Effect<StoredActivity<K>, WriteError | RegistrationRejected, Actor>
    /** Removes a record at the expected version (an event only while it has no registrations). */
    remove(kind: ActivityKind, id: string, options: WriteActivityOptionsInput): Effect.Effect<void, WriteError, Actor>
    /**
     * 期間の活動記録 (records for a period): core's {@link ActivityRecords} for `computeActivityDataValues` and
     * `activityTable`. Needs `activities:read` and `consultations:read`; audited.
     */
    activityRecords(period: {
      readonly start: string
      readonly end: string
    }): Effect.Effect<ActivityRecords, ValidationError | Forbidden | StoreError, Actor>

    /** Applies for an event on an applicant's behalf (`registrations:manage`). */
    register(
      eventId: string,
      input: NewRegistrationInput,
    ): Effect.Effect<RegistrationResult, WriteError | RegistrationRejected, Actor>
    /** Applies through the public link of an event marked public (no permission; NotFound otherwise). */
    registerPublic(
      eventId: string,
      input: NewRegistrationInput,
    ): Effect.Effect<PublicRegistrationResult, WriteError | RegistrationRejected, Actor>
    /** An event's registrations, in order of arrival (`registrations:manage`; audited). */
    registrations(
      eventId: string,
      query?: RegistrationQueryInput,
    ): Effect.Effect<RegistrationPage, ValidationError | ReadError, Actor>
    /** One registration (`registrations:manage`; audited). */
    registration(eventId: string, id: string): Effect.Effect<EventRegistration, ReadError, Actor>
    /** Confirms a received registration (manual confirmation). */
    confirmRegistration(
      eventId: string,
      id: string,
    ): Effect.Effect<RegistrationResult, WriteError | RegistrationRejected, Actor>
    /** Cancels a registration; the freed seat goes to the first wait-listed registration. */
    cancelRegistration(
      eventId: string,
      id: string,
      by: "applicant" | "organizer",
    ): Effect.Effect<RegistrationResult, WriteError | RegistrationRejected, Actor>
    /** Records whether a confirmed applicant attended. */
    recordAttendance(
      eventId: string,
      id: string,
      attended: boolean,
    ): Effect.Effect<RegistrationResult, WriteError | RegistrationRejected, Actor>
    /** Counts by status, profession and organisation (`activities:read`; no personal data). */
    registrationSummary(eventId: string): Effect.Effect<RegistrationSummary, ReadError, Actor>
    /** Stores one feedback answer (`activities:write`). */
    submitFeedback(eventId: string, input: NewFeedbackInput): Effect.Effect<EventFeedback, WriteError, Actor>
    /** The event's feedback summary (`activities:read`). */
    feedbackSummary(eventId: string): Effect.Effect<FeedbackSummary, ReadError, Actor>
  }
>()("@zaitaku/core/ActivityStore") {
  /**
   * In-memory activity store (reference behaviour for the contract suite). Writes are serialised; the audit entry
   * is appended before the state changes, so a failed append leaves nothing written.
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<ActivityStore, never, IdGenerator | AuditLog> = Layer.effect(
    ActivityStore,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const audit = yield* AuditLog
      type Row = { readonly kind: ActivityKind; readonly stored: StoredActivity<ActivityKind> }
      const records = yield* Ref.make(new Map<string, Row>())
      const registrationsRef = yield* Ref.make(new Map<string, ReadonlyArray<EventRegistration>>())
      const feedbackRef = yield* Ref.make(new Map<string, ReadonlyArray<EventFeedback>>())
      const idempotency = yield* Ref.make(new Map<string, { readonly id: string; readonly fingerprint: string }>())
      const lock = yield* Semaphore.make(1)
      const serialised = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        lock.withPermits(1)(Effect.uninterruptible(effect))
      const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis).toISOString())

      const findOwn = <K extends ActivityKind>(kind: K, id: string) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const row = (yield* Ref.get(records)).get(id)
          if (row === undefined || row.kind !== kind || row.stored.tenantId !== actor.tenantId) {
            return yield* Effect.fail(new NotFound({ entity: activityEntity[kind], id }))
          }
          return row.stored as unknown as StoredActivity<K>
        })

      const put = (kind: ActivityKind, stored: StoredActivity<ActivityKind>) =>
        Ref.update(records, (map) => new Map(map).set(stored.id, { kind, stored }))

      const bookOf = (eventId: string) =>
        Effect.gen(function* () {
          const event = yield* findOwn("event", eventId)
          const registrations = (yield* Ref.get(registrationsRef)).get(eventId) ?? []
          return { event, registrations } satisfies RegistrationBook
        })

      const writeRegistrations = (eventId: string, changes: ReadonlyArray<EventRegistration>) =>
        Ref.update(registrationsRef, (map) =>
          new Map(map).set(eventId, applyRegistrationChanges(map.get(eventId) ?? [], changes)),
        )

      const create = <K extends ActivityKind>(
        kind: K,
        input: NewActivityOf[K],
        optionsInput: CreateActivityOptionsInput = {},
      ) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission(activityPermissions[kind].write)
          const options = yield* decode(CreateActivityOptions, "options")(optionsInput)
          const id = yield* ids.next
          const record = yield* decodeActivity(kind, input, { id, tenantId: actor.tenantId })
          const fingerprint = yield* activityFingerprint(kind, input)
          return yield* serialised(
            Effect.gen(function* () {
              const key = options.idempotencyKey
              const slot = key === undefined ? undefined : `${actor.tenantId}\u0000${kind}\u0000${key}`
              const previous = slot === undefined ? undefined : (yield* Ref.get(idempotency)).get(slot)
              if (previous !== undefined) {
                if (previous.fingerprint !== fingerprint) {
                  return yield* Effect.fail(
                    new Conflict({ entity: "idempotency_key", id: key!, reason: "already_exists" }),
                  )
                }
                return yield* findOwn(kind, previous.id)
              }
              const at = yield* now
              const stored = { ...record, version: 1, createdAt: at, updatedAt: at } as StoredActivity<K>
              yield* audit.append(activityAuditEvent(kind, "create", stored))
              yield* put(kind, stored)
              if (slot !== undefined) {
                yield* Ref.update(idempotency, (map) => new Map(map).set(slot, { id: stored.id, fingerprint }))
              }
              return stored
            }),
          )
        })

      const get = <K extends ActivityKind>(kind: K, id: string) =>
        Effect.gen(function* () {
          yield* requirePermission(activityPermissions[kind].read)
          return yield* serialised(
            Effect.gen(function* () {
              const found = yield* findOwn(kind, id)
              if (kind === "consultation") yield* audit.append(activityAuditEvent(kind, "read", found))
              return found
            }),
          )
        })

      const list = <K extends ActivityKind>(kind: K, queryInput: ActivityQueryInput = {}) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission(activityPermissions[kind].read)
          const query = yield* decode(ActivityQuery, "query")(queryInput)
          return yield* serialised(
            Effect.gen(function* () {
              const own = [...(yield* Ref.get(records)).values()]
                .filter((row) => row.kind === kind && row.stored.tenantId === actor.tenantId)
                .map((row) => row.stored as unknown as StoredActivity<K>)
              const page = pageActivities(kind, own, query)
              if (Result.isFailure(page)) return yield* Effect.fail(page.failure)
              if (kind === "consultation" && page.success.items.length > 0) {
                yield* audit.append(
                  activityListAuditEvent(
                    kind,
                    page.success.items.map((r) => r.id),
                  ),
                )
              }
              return page.success
            }),
          )
        })

      const update = <K extends ActivityKind>(
        kind: K,
        id: string,
        input: NewActivityOf[K],
        optionsInput: WriteActivityOptionsInput,
      ) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission(activityPermissions[kind].write)
          const options = yield* decode(WriteActivityOptions, "options")(optionsInput)
          const record = yield* decodeActivity(kind, input, { id, tenantId: actor.tenantId })
          return yield* serialised(
            Effect.gen(function* () {
              const current = yield* findOwn(kind, id)
              if (current.version !== options.expectedVersion) {
                return yield* Effect.fail(
                  new Conflict({ entity: activityEntity[kind], id, reason: "version_mismatch" }),
                )
              }
              if (sameActivity(withoutVersion(current), record)) return current
              const at = yield* now
              let promoted: ReadonlyArray<EventRegistration> = []
              let next = record
              if (kind === "event") {
                const decided = capacityChange(
                  { event: current as ActivityEvent, registrations: yield* registrationsOf(id) },
                  record as ActivityEvent,
                  at,
                )
                if (Result.isFailure(decided)) return yield* Effect.fail(decided.failure)
                promoted = decided.success.promoted
                next = decided.success.event as ActivityRecordOf[K]
              }
              const stored = {
                ...next,
                version: current.version + 1,
                createdAt: current.createdAt,
                updatedAt: at,
              } as StoredActivity<K>
              yield* audit.append(activityAuditEvent(kind, "update", stored))
              for (const p of promoted) yield* audit.append(registrationAuditEvent("promote", p))
              yield* put(kind, stored)
              if (promoted.length > 0) yield* writeRegistrations(id, promoted)
              return stored
            }),
          )
        })

      const registrationsOf = (eventId: string) =>
        Effect.map(Ref.get(registrationsRef), (map) => map.get(eventId) ?? [])

      const remove = (kind: ActivityKind, id: string, optionsInput: WriteActivityOptionsInput) =>
        Effect.gen(function* () {
          yield* requirePermission(activityPermissions[kind].write)
          const options = yield* decode(WriteActivityOptions, "options")(optionsInput)
          return yield* serialised(
            Effect.gen(function* () {
              const current = yield* findOwn(kind, id)
              if (current.version !== options.expectedVersion) {
                return yield* Effect.fail(
                  new Conflict({ entity: activityEntity[kind], id, reason: "version_mismatch" }),
                )
              }
              if (kind === "event" && (yield* registrationsOf(id)).length > 0) {
                return yield* Effect.fail(
                  new Conflict({ entity: activityEntity[kind], id, reason: "state", state: "has_registrations" }),
                )
              }
              const linkedFrom = [...(yield* Ref.get(records)).values()].some(
                (row) =>
                  row.stored.tenantId === current.tenantId &&
                  activityFilterColumns(row.kind, row.stored).links.includes(id),
              )
              if (linkedFrom) {
                return yield* Effect.fail(
                  new Conflict({ entity: activityEntity[kind], id, reason: "state", state: "linked_from" }),
                )
              }
              yield* audit.append(activityAuditEvent(kind, "delete", current))
              yield* Ref.update(records, (map) => {
                const next = new Map(map)
                next.delete(id)
                return next
              })
            }),
          )
        })

      const activityRecords = (periodInput: { readonly start: string; readonly end: string }) =>
        Effect.gen(function* () {
          const actor = yield* requirePermission("activities:read")
          yield* requirePermission("consultations:read")
          const period = yield* decode(DateRange, "period")(periodInput)
          return yield* serialised(
            Effect.gen(function* () {
              const own = [...(yield* Ref.get(records)).values()].filter(
                (row) => row.stored.tenantId === actor.tenantId && inActivityPeriod(row.kind, row.stored, period),
              )
              const of = <K extends ActivityKind>(kind: K) =>
                own
                  .filter((row) => row.kind === kind)
                  .sort((a, b) => (a.stored.id < b.stored.id ? -1 : 1))
                  .map((row) => withoutVersion(row.stored as unknown as StoredActivity<K>))
              const events = of("event")
              const registrationMap = yield* Ref.get(registrationsRef)
              const result: ActivityRecords = {
                consultations: of("consultation"),
                events,
                registrations: events.flatMap((e) => registrationMap.get(e.id) ?? []),
                meetings: of("meeting"),
                issues: of("issue"),
                countermeasures: of("countermeasure"),
              }
              yield* audit.append(activityRecordsAuditEvent(period, result))
              return result
            }),
          )
        })

      /** Decides on the event's book and writes the changes with their audit entries, under the lock. */
      const decideOnBook = (
        eventId: string,
        verb: "create" | "confirm" | "cancel" | "attendance",
        decide: (book: RegistrationBook, at: string) => Result.Result<RegistrationDecision, RegistrationRejected>,
        visible: (event: ActivityEvent) => boolean = () => true,
      ) =>
        serialised(
          Effect.gen(function* () {
            const book = yield* bookOf(eventId)
            if (!visible(book.event)) return yield* Effect.fail(new NotFound({ entity: "activity_event", id: eventId }))
            const decided = decide(book, yield* now)
            if (Result.isFailure(decided)) return yield* Effect.fail(decided.failure)
            const decision = decided.success
            if (decision.changes.length > 0) {
              for (const event of registrationDecisionAudit(verb, decision)) yield* audit.append(event)
              yield* writeRegistrations(eventId, decision.changes)
            }
            const result: RegistrationResult = {
              outcome: decision.outcome,
              registration: decision.registration,
              promoted: decision.promoted,
            }
            return { result, registrations: applyRegistrationChanges(book.registrations, decision.changes) }
          }),
        )

      const parseEventId = (eventId: string) =>
        ActivityEventId.safeParse(eventId).success
          ? Effect.void
          : Effect.fail(new NotFound({ entity: "activity_event", id: eventId }))

      const applyFor = (eventId: string, input: NewRegistrationInput, visible?: (event: ActivityEvent) => boolean) =>
        Effect.gen(function* () {
          yield* parseEventId(eventId)
          const application = yield* decode(NewRegistration, "registration")(input)
          const id = EventRegistrationId.parse(yield* ids.next)
          return yield* decideOnBook(
            eventId,
            "create",
            (book, at) =>
              register(book, {
                id,
                applicant: application.applicant,
                at,
                ...(application.formResponseId === undefined ? {} : { formResponseId: application.formResponseId }),
              }),
            visible,
          )
        })

      const readRegistrations = (eventId: string) =>
        Effect.gen(function* () {
          yield* parseEventId(eventId)
          return yield* bookOf(eventId)
        })

      return ActivityStore.of({
        create,
        get,
        list,
        update,
        remove,
        activityRecords,
        register: (eventId, input) =>
          Effect.gen(function* () {
            yield* requirePermission("registrations:manage")
            return (yield* applyFor(eventId, input)).result
          }),
        registerPublic: (eventId, input) =>
          Effect.gen(function* () {
            const done = yield* applyFor(eventId, input, (event) => event.registration?.public === true)
            return publicRegistrationResult(done.result, done.registrations)
          }),
        registrations: (eventId, queryInput = {}) =>
          Effect.gen(function* () {
            yield* requirePermission("registrations:manage")
            const query = yield* decode(RegistrationQuery, "query")(queryInput)
            return yield* serialised(
              Effect.gen(function* () {
                const book = yield* readRegistrations(eventId)
                const page = pageRegistrations(book.registrations, query)
                if (Result.isFailure(page)) return yield* Effect.fail(page.failure)
                if (page.success.items.length > 0) {
                  yield* audit.append(
                    registrationAuditEvent("list", undefined, {
                      eventId,
                      count: page.success.items.length,
                      ids: page.success.items.map((r) => r.id),
                    }),
                  )
                }
                return page.success
              }),
            )
          }),
        registration: (eventId, id) =>
          Effect.gen(function* () {
            yield* requirePermission("registrations:manage")
            return yield* serialised(
              Effect.gen(function* () {
                const book = yield* readRegistrations(eventId)
                const found = book.registrations.find((r) => r.id === id)
                if (found === undefined) return yield* Effect.fail(new NotFound({ entity: "event_registration", id }))
                yield* audit.append(registrationAuditEvent("read", found))
                return found
              }),
            )
          }),
        confirmRegistration: (eventId, id) =>
          Effect.gen(function* () {
            yield* requirePermission("registrations:manage")
            yield* parseEventId(eventId)
            return (yield* decideOnBook(eventId, "confirm", (book, at) =>
              confirmRegistration(book, id as EventRegistrationId, at),
            )).result
          }),
        cancelRegistration: (eventId, id, by) =>
          Effect.gen(function* () {
            yield* requirePermission("registrations:manage")
            yield* parseEventId(eventId)
            return (yield* decideOnBook(eventId, "cancel", (book, at) =>
              cancelRegistration(book, id as EventRegistrationId, { at, by }),
            )).result
          }),
        recordAttendance: (eventId, id, attended) =>
          Effect.gen(function* () {
            yield* requirePermission("registrations:manage")
            yield* parseEventId(eventId)
            return (yield* decideOnBook(eventId, "attendance", (book) =>
              markAttendance(book, id as EventRegistrationId, attended),
            )).result
          }),
        registrationSummary: (eventId) =>
          Effect.gen(function* () {
            yield* requirePermission("activities:read")
            return summariseRegistrations(yield* serialised(readRegistrations(eventId)))
          }),
        submitFeedback: (eventId, input) =>
          Effect.gen(function* () {
            yield* requirePermission("activities:write")
            yield* parseEventId(eventId)
            const parsed = yield* decode(NewFeedback, "feedback")(input)
            const id = EventFeedbackId.parse(yield* ids.next)
            return yield* serialised(
              Effect.gen(function* () {
                const book = yield* bookOf(eventId)
                const feedback = yield* prepareFeedback(parsed, { id, event: book.event, at: yield* now }, book)
                yield* audit.append(feedbackAuditEvent(feedback))
                yield* Ref.update(feedbackRef, (map) =>
                  new Map(map).set(eventId, [...(map.get(eventId) ?? []), feedback]),
                )
                return feedback
              }),
            )
          }),
        feedbackSummary: (eventId) =>
          Effect.gen(function* () {
            yield* requirePermission("activities:read")
            yield* parseEventId(eventId)
            return yield* serialised(
              Effect.gen(function* () {
                yield* findOwn("event", eventId)
                return summariseFeedback((yield* Ref.get(feedbackRef)).get(eventId) ?? [])
              }),
            )
          }),
      })
    }),
  )
}

/**
 * 定員変更の判定 (capacity change on update): when the new event's capacity differs from the stored one, core's
 * `changeCapacity` decides (refusing a capacity below the confirmed count, promoting from the wait-list when it
 * grows); otherwise nothing changes. Returns the event to store and the promoted registrations.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { capacityChange, type ActivityEvent, type RegistrationBook } from "@zaitaku/core"
 *
 * declare const book: RegistrationBook & { readonly event: ActivityEvent }
 * declare const next: ActivityEvent
 * capacityChange(book, next, "2025-10-03T09:00:00+09:00")
 * ```
 */
export const capacityChange = (
  book: RegistrationBook,
  next: ActivityEvent,
  at: string,
): Result.Result<
  { readonly event: ActivityEvent; readonly promoted: ReadonlyArray<EventRegistration> },
  RegistrationRejected
> => {
  const before = book.event.registration?.capacity
  const after = next.registration?.capacity
  if (before === after || book.registrations.length === 0) return Result.succeed({ event: next, promoted: [] })
  if (next.registration === undefined) {
    return Result.fail(
      new RegistrationRejected({
        reason: "state",
        description: {
          ja: "申込のある研修・イベントの申込設定は削除できません",
          en: "The registration settings of an event with registrations cannot be removed",
        },
      }),
    )
  }
  const decided = changeCapacity(book, after, at)
  if (Result.isFailure(decided)) return Result.fail(decided.failure)
  return Result.succeed({ event: next, promoted: decided.success.promoted })
}

/**
 * Validates a feedback answer for an event: a named registration must be one of the event's.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { prepareFeedback } from "@zaitaku/core"
 *
 * declare const input: Parameters<typeof prepareFeedback>[0]
 * declare const context: Parameters<typeof prepareFeedback>[1]
 * declare const book: Parameters<typeof prepareFeedback>[2]
 * Effect.runPromise(prepareFeedback(input, context, book))
 * ```
 */
export const prepareFeedback = (
  input: z.infer<typeof NewFeedback>,
  context: { readonly id: EventFeedbackId; readonly event: Pick<ActivityEvent, "id">; readonly at: string },
  book: Pick<RegistrationBook, "registrations">,
): Effect.Effect<EventFeedback, ValidationError | NotFound> => {
  if (input.registrationId !== undefined && !book.registrations.some((r) => r.id === input.registrationId)) {
    return Effect.fail(new NotFound({ entity: "event_registration", id: input.registrationId }))
  }
  return decode(
    EventFeedback,
    "feedback",
  )({
    ...input,
    id: context.id,
    eventId: context.event.id,
    submittedAt: input.submittedAt ?? context.at,
  })
}

/**
 * The audit event of a feedback answer (not personal data: it names the answer and its event only).
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { feedbackAuditEvent, type EventFeedback } from "@zaitaku/core"
 *
 * declare const answer: EventFeedback
 * feedbackAuditEvent(answer).action // "event_feedback.create"
 * ```
 */
export const feedbackAuditEvent = (feedback: EventFeedback): AuditEvent => ({
  action: "event_feedback.create",
  target: { type: "event_feedback", id: feedback.id },
  details: { eventId: feedback.eventId, satisfaction: feedback.satisfaction },
})

/**
 * The principal of public applications to a tenant's events: a viewer with the subject `system:public-registration`.
 * The store needs no permission for `registerPublic`; the tenant scopes it.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { publicApplicant, TenantId } from "@zaitaku/core"
 *
 * publicApplicant(TenantId.parse("0192f5a0-0000-7000-8000-000000000001")).subject.id // "public-registration"
 * ```
 */
export const publicApplicant = (tenantId: Principal["tenantId"]): Principal => ({
  tenantId,
  role: "viewer",
  subject: { kind: "system", id: "public-registration" },
})

/**
 * An area reference from its key (`kind:code`), for query parameters.
 *
 * @since 0.1.0
 * @category activity store
 * @example
 * ```ts
 * import { parseAreaKey } from "@zaitaku/core"
 *
 * parseAreaKey("municipality:144011") // { kind: "municipality", code: "144011" }
 * ```
 */
export const parseAreaKey = (key: string): AreaRef | undefined => {
  const [kind, code] = key.split(":")
  const parsed = AreaRef.safeParse({ kind, code })
  return parsed.success ? parsed.data : undefined
}
