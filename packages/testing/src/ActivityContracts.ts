/**
 * The `ActivityStore` contract: the behaviour of the program's activity store that every adapter must show —
 * versions and idempotent creation, audited reads of consultations, listing filters and cursors, event registration
 * with capacity, deadline and wait-list enforced under concurrent sign-ups, public applications, and the records of
 * a period read back as core's `ActivityRecords` that compute the hand-counted figures.
 *
 * @since 0.1.0
 */
import {
  type ActivityEvent,
  type ActivityKind,
  ActivityStore,
  Area,
  AuditLog,
  areaKey,
  computeActivityDataValues,
  type EventApplicant,
  makeAreaHierarchy,
  type NewActivityOf,
  type Principal,
  publicApplicant,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { as, atTime, useRuntime } from "./internal/Suite.js"

/**
 * The services the activity suite uses.
 *
 * @since 0.1.0
 * @category models
 */
export type ActivityStoreServices = ActivityStore | TenantStore | AuditLog

const newTenant = (prefix: string) =>
  Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as {
        _tag?: string
        reason?: string
        entity?: string
        description?: { ja: string; en: string }
        issues?: ReadonlyArray<{ path: ReadonlyArray<string | number>; code: string }>
      })
    : undefined

const hachinohe = { kind: "municipality", code: "022039" } as const
const sannohe = { kind: "municipality", code: "024414" } as const

/**
 * A consultation of 八戸市's desk; overrides replace top-level fields.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { consultationFixture } from "@zaitaku/testing"
 *
 * consultationFixture({ receivedOn: "2025-06-01" })
 * ```
 */
export const consultationFixture = (
  overrides: Partial<NewActivityOf["consultation"]> = {},
): NewActivityOf["consultation"] => ({
  area: hachinohe,
  desk: "八戸市医師会 在宅療養相談窓口",
  receivedOn: "2025-05-12",
  channel: "phone",
  requester: { category: "medical_institution", organizationName: "八戸市立市民病院 地域医療連携室" },
  personPseudonym: "p-7f3a",
  scenes: ["admission_discharge"],
  topics: ["discharge_support"],
  referrals: [{ name: "はちのへ訪問診療クリニック" }],
  outcome: "referred",
  minutesSpent: 30,
  ...overrides,
})

/**
 * A 多職種研修 of 八戸市 on 2026-02-06 18:30–20:30 (Japan time) with 30 seats, applications until 2026-01-23,
 * automatic confirmation and a wait-list, open to the public link; overrides replace top-level fields.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { trainingFixture } from "@zaitaku/testing"
 *
 * trainingFixture({ registration: { capacity: 2 } })
 * ```
 */
export const trainingFixture = (
  overrides: { readonly [K in keyof NewActivityOf["event"]]?: NewActivityOf["event"][K] | undefined } = {},
): NewActivityOf["event"] =>
  Object.fromEntries(
    Object.entries({ ...trainingDefaults, ...overrides }).filter(([, value]) => value !== undefined),
  ) as unknown as NewActivityOf["event"]

const trainingDefaults: NewActivityOf["event"] = {
  area: hachinohe,
  kind: "multi_professional_training",
  title: "令和7年度 多職種研修会",
  theme: "安心して過ごせる場をどう作っていくか",
  organizer: { name: "八戸市在宅医療・介護連携推進協議会" },
  startsAt: "2026-02-06T18:30:00+09:00",
  endsAt: "2026-02-06T20:30:00+09:00",
  venue: { mode: "in_person", name: "八戸市総合福祉会館" },
  registration: { capacity: 30, deadline: "2026-01-23", public: true },
  status: "planned",
}

/**
 * Applicant number `n`: a distinct email address, a profession (nurses, care managers and doctors in turn) and one
 * of two organisations.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { applicantFixture } from "@zaitaku/testing"
 *
 * applicantFixture(1).email // "applicant1@example.jp"
 * ```
 */
export const applicantFixture = (n: number): EventApplicant => ({
  name: `申込者 ${n}`,
  email: `applicant${n}@example.jp`,
  profession: (["nurse", "care_manager", "doctor"] as const)[(n - 1) % 3]!,
  organizationName: n % 2 === 0 ? "八戸訪問看護ステーション" : "八戸市居宅介護支援センター",
  organizationCategory: n % 2 === 0 ? "home_nursing_station" : "care_management_office",
})

/** 2026-01-10 09:00 Japan time: applications are open. */
const beforeDeadline = Date.parse("2026-01-10T09:00:00+09:00")
/** 2026-01-24 09:00 Japan time: the day after the deadline. */
const afterDeadline = Date.parse("2026-01-24T09:00:00+09:00")

/**
 * Runs the `ActivityStore` contract against an implementation.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { ActivityStore, AuditLog, IdGenerator, TenantStore } from "@zaitaku/core"
 * import { activityStoreSuite } from "@zaitaku/testing"
 *
 * activityStoreSuite(
 *   "memory",
 *   Layer.mergeAll(TenantStore.layerMemory, ActivityStore.layerMemory).pipe(
 *     Layer.provideMerge(AuditLog.layerMemory),
 *     Layer.provide(IdGenerator.layer),
 *   ),
 * )
 * ```
 */
export const activityStoreSuite = (
  name: string,
  source: Layer.Layer<ActivityStoreServices, unknown> | (() => Promise<Layer.Layer<ActivityStoreServices, unknown>>),
): void => {
  describe(`ActivityStore contract (${name})`, () => {
    const { run } = useRuntime(source)
    const store = Effect.service(ActivityStore)
    const audit = (tenant: Tenant) =>
      Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 200 })).pipe(as(adminOf(tenant)))
    const viewerOf = (tenant: Tenant): Principal => ({
      tenantId: tenant.id,
      role: "viewer",
      subject: { kind: "api_key", id: "viewer-key" },
    })

    it("creates, reads, replaces and removes a consultation with versions, each step audited as personal data", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-consult")
          const admin = adminOf(tenant)
          const s = yield* store
          const created = yield* s.create("consultation", consultationFixture()).pipe(as(admin))
          const read = yield* s.get("consultation", created.id).pipe(as(admin))
          const unchanged = yield* s
            .update("consultation", created.id, consultationFixture(), { expectedVersion: 1 })
            .pipe(as(admin))
          const updated = yield* s
            .update("consultation", created.id, consultationFixture({ minutesSpent: 45 }), { expectedVersion: 1 })
            .pipe(as(admin))
          const stale = yield* Effect.exit(
            s
              .update("consultation", created.id, consultationFixture({ minutesSpent: 50 }), { expectedVersion: 1 })
              .pipe(as(admin)),
          )
          const viewer = yield* Effect.exit(s.get("consultation", created.id).pipe(as(viewerOf(tenant))))
          const other = yield* newTenant("act-consult-other")
          const foreign = yield* Effect.exit(s.get("consultation", created.id).pipe(as(adminOf(other))))
          const wrongKind = yield* Effect.exit(s.get("meeting", created.id).pipe(as(admin)))
          const staleRemove = yield* Effect.exit(
            s.remove("consultation", created.id, { expectedVersion: 1 }).pipe(as(admin)),
          )
          yield* s.remove("consultation", created.id, { expectedVersion: 2 }).pipe(as(admin))
          const gone = yield* Effect.exit(s.get("consultation", created.id).pipe(as(admin)))
          return {
            created,
            read,
            unchanged,
            updated,
            stale,
            viewer,
            foreign,
            wrongKind,
            staleRemove,
            gone,
            log: yield* audit(tenant),
          }
        }),
      )
      expect(result.created).toMatchObject({ version: 1, personPseudonym: "p-7f3a", topics: ["discharge_support"] })
      expect(result.created.createdAt).toBe(result.created.updatedAt)
      expect(result.read).toEqual(result.created)
      expect(result.unchanged).toEqual(result.created)
      expect(result.updated).toMatchObject({ version: 2, minutesSpent: 45, createdAt: result.created.createdAt })
      expect(failureOf(result.stale)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
      expect(failureOf(result.viewer)?._tag).toBe("Forbidden")
      expect(failureOf(result.foreign)?._tag).toBe("NotFound")
      expect(failureOf(result.wrongKind)?._tag).toBe("NotFound")
      expect(failureOf(result.staleRemove)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
      expect(failureOf(result.gone)?._tag).toBe("NotFound")
      const entries = result.log.entries.filter((e) => e.target.type === "consultation")
      expect(entries.map((e) => e.action).reverse()).toEqual([
        "consultation.create",
        "consultation.read",
        "consultation.update",
        "consultation.delete",
      ])
      for (const entry of entries) {
        expect(entry.personalData).toBe(true)
        expect(JSON.stringify(entry.details)).not.toContain("p-7f3a")
      }
    })

    it("refuses an invalid record and stores nothing; a create with the same idempotency key is one record", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-idem")
          const admin = adminOf(tenant)
          const s = yield* store
          const invalid = yield* Effect.exit(
            s.create("consultation", consultationFixture({ referrals: [] })).pipe(as(admin)),
          )
          const meeting: NewActivityOf["meeting"] = {
            area: hachinohe,
            kind: "council",
            title: "在宅医療・介護連携推進協議会",
            heldOn: "2025-06-10",
            status: "held",
          }
          const first = yield* s.create("meeting", meeting, { idempotencyKey: "m-1" }).pipe(as(admin))
          const again = yield* s.create("meeting", meeting, { idempotencyKey: "m-1" }).pipe(as(admin))
          const different = yield* Effect.exit(
            s.create("meeting", { ...meeting, title: "別の会議" }, { idempotencyKey: "m-1" }).pipe(as(admin)),
          )
          const consultations = yield* s.list("consultation").pipe(as(admin))
          const meetings = yield* s.list("meeting").pipe(as(admin))
          return { invalid, first, again, different, consultations, meetings }
        }),
      )
      expect(failureOf(result.invalid)?._tag).toBe("ValidationError")
      expect(failureOf(result.invalid)?.issues?.map((i) => [i.path.join("."), i.code])).toEqual([
        ["referrals", "referral_missing"],
      ])
      expect(result.again).toEqual(result.first)
      expect(failureOf(result.different)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
      expect(result.consultations.items).toHaveLength(0)
      expect(result.meetings.items.map((m) => m.id)).toEqual([result.first.id])
    })

    it("lists by period, topic, requester category, scene, area and kind, newest first, page by page", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-list")
          const admin = adminOf(tenant)
          const s = yield* store
          const a = yield* s.create("consultation", consultationFixture({ receivedOn: "2025-04-10" })).pipe(as(admin))
          const b = yield* s
            .create(
              "consultation",
              consultationFixture({
                receivedOn: "2025-06-01",
                requester: { category: "resident_family" },
                topics: ["dementia"],
                scenes: ["daily_care"],
                referrals: [],
                outcome: "advice_given",
              }),
            )
            .pipe(as(admin))
          const c = yield* s
            .create("consultation", consultationFixture({ receivedOn: "2026-04-02", area: sannohe }))
            .pipe(as(admin))
          const list = (query: Parameters<ActivityStore["Service"]["list"]>[1]) =>
            Effect.map(s.list("consultation", query).pipe(as(admin)), (page) => page.items.map((r) => r.id))
          const page1 = yield* s.list("consultation", { limit: 2 }).pipe(as(admin))
          const page2 = yield* s.list("consultation", { limit: 2, cursor: page1.nextCursor! }).pipe(as(admin))
          const badCursor = yield* Effect.exit(s.list("consultation", { cursor: "bogus" }).pipe(as(admin)))
          const m = yield* s
            .create("meeting", {
              area: hachinohe,
              kind: "working_group",
              title: "入退院支援WG",
              heldOn: "2025-07-01",
              status: "held",
            })
            .pipe(as(admin))
          return {
            ids: { a: a.id, b: b.id, c: c.id, m: m.id },
            fiscal2025: yield* list({ period: { start: "2025-04-01", end: "2026-03-31" } }),
            topic: yield* list({ topic: "dementia" }),
            requester: yield* list({ requesterCategory: "medical_institution" }),
            scene: yield* list({ scene: "admission_discharge" }),
            area: yield* list({ area: "municipality:024414" }),
            outcome: yield* list({ status: ["advice_given"] }),
            page1: page1.items.map((r) => r.id),
            page2: page2.items.map((r) => r.id),
            end: page2.nextCursor,
            badCursor,
            councils: (yield* s.list("meeting", { subkind: ["council"] }).pipe(as(admin))).items,
            groups: (yield* s.list("meeting", { subkind: ["working_group"] }).pipe(as(admin))).items.map((r) => r.id),
            log: yield* audit(tenant),
          }
        }),
      )
      const { a, b, c, m } = result.ids
      expect(result.fiscal2025).toEqual([b, a])
      expect(result.topic).toEqual([b])
      expect(result.requester).toEqual([c, a])
      expect(result.scene).toEqual([c, a])
      expect(result.area).toEqual([c])
      expect(result.outcome).toEqual([b])
      expect(result.page1).toEqual([c, b])
      expect(result.page2).toEqual([a])
      expect(result.end).toBeNull()
      expect(failureOf(result.badCursor)?._tag).toBe("ValidationError")
      expect(result.councils).toEqual([])
      expect(result.groups).toEqual([m])
      // listings of consultations are personal-data reads; listings of meetings are not audited
      const lists = result.log.entries.filter((e) => e.action === "consultation.list")
      expect(lists.length).toBeGreaterThan(0)
      expect(lists.every((e) => e.personalData)).toBe(true)
      expect(result.log.entries.some((e) => e.action === "meeting.list")).toBe(false)
    })

    it("lists by the records' own dates when asked, newest first and undated last, page by page", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-date-order")
          const admin = adminOf(tenant)
          const s = yield* store
          // entered in this order: a backlog entered late, so creation order is not date order
          const june = yield* s
            .create("consultation", consultationFixture({ receivedOn: "2025-06-01" }))
            .pipe(as(admin))
          const april = yield* s
            .create("consultation", consultationFixture({ receivedOn: "2025-04-10" }))
            .pipe(as(admin))
          const may = yield* s.create("consultation", consultationFixture({ receivedOn: "2025-05-20" })).pipe(as(admin))
          const mayAgain = yield* s
            .create("consultation", consultationFixture({ receivedOn: "2025-05-20" }))
            .pipe(as(admin))
          const pages: Array<ReadonlyArray<string>> = []
          let cursor: string | undefined
          do {
            const page = yield* s
              .list("consultation", { order: "date", limit: 3, ...(cursor === undefined ? {} : { cursor }) })
              .pipe(as(admin))
            pages.push(page.items.map((r) => r.id))
            cursor = page.nextCursor ?? undefined
          } while (cursor !== undefined)
          const first = yield* s.list("consultation", { order: "date", limit: 1 }).pipe(as(admin))
          const mixed = yield* Effect.exit(
            s.list("consultation", { order: "created", cursor: first.nextCursor! }).pipe(as(admin)),
          )
          const created = yield* s.list("consultation", {}).pipe(as(admin))
          // a countermeasure without a due date lists after the dated ones
          const undated = yield* s
            .create("countermeasure", {
              title: "周知",
              scenes: ["daily_care"],
              owner: { name: "WG" },
              status: "planned",
            })
            .pipe(as(admin))
          const dated = yield* s
            .create("countermeasure", {
              title: "ルール改訂",
              scenes: ["admission_discharge"],
              owner: { name: "WG" },
              status: "planned",
              dueOn: "2025-09-30",
            })
            .pipe(as(admin))
          const measures = yield* s.list("countermeasure", { order: "date" }).pipe(as(admin))
          return {
            ids: {
              june: june.id,
              april: april.id,
              may: may.id,
              mayAgain: mayAgain.id,
              undated: undated.id,
              dated: dated.id,
            },
            pages,
            mixed,
            created: created.items.map((r) => r.id),
            measures: measures.items.map((r) => r.id),
          }
        }),
      )
      const { june, april, may, mayAgain, undated, dated } = result.ids
      // same date: the one entered later first
      expect(result.pages).toEqual([[june, mayAgain, may], [april]])
      expect(result.created).toEqual([mayAgain, may, april, june])
      expect(failureOf(result.mixed)?._tag).toBe("ValidationError")
      expect(result.measures).toEqual([dated, undated])
    })

    it("links issues to their meeting, and countermeasures to their issues and PDCA goals; nothing linked to is removed", async () => {
      const goal = "0192f5a0-0000-7000-8000-0000000000b1"
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-links")
          const admin = adminOf(tenant)
          const s = yield* store
          const meeting = yield* s
            .create("meeting", {
              area: hachinohe,
              kind: "council",
              title: "協議会",
              heldOn: "2025-06-10",
              status: "held",
            })
            .pipe(as(admin))
          const raised = yield* s
            .create("issue", {
              area: hachinohe,
              title: "退院時の連絡が遅れる",
              scenes: ["admission_discharge"],
              status: "open",
              raisedOn: "2025-06-10",
              meetingId: meeting.id,
            })
            .pipe(as(admin))
          yield* s
            .create("issue", {
              area: hachinohe,
              title: "別の課題",
              themes: ["dementia"],
              status: "open",
              raisedOn: "2025-06-11",
            })
            .pipe(as(admin))
          const measure = yield* s
            .create("countermeasure", {
              title: "入退院連携ルールの改訂",
              scenes: ["admission_discharge"],
              issueIds: [raised.id],
              goalIds: [goal],
              owner: { name: "入退院支援WG" },
              status: "planned",
            })
            .pipe(as(admin))
          const ids = <K extends ActivityKind>(kind: K, linkedTo: string) =>
            Effect.map(s.list(kind, { linkedTo }).pipe(as(admin)), (page) => page.items.map((r) => r.id))
          const links = {
            ofMeeting: yield* ids("issue", meeting.id),
            ofIssue: yield* ids("countermeasure", raised.id),
            ofGoal: yield* ids("countermeasure", goal),
            ofOther: yield* ids("countermeasure", meeting.id),
          }
          // nothing linked to is removed, so no link is left dangling: the countermeasure first, then the issue,
          // then the meeting
          const meetingFirst = yield* Effect.exit(
            s.remove("meeting", meeting.id, { expectedVersion: 1 }).pipe(as(admin)),
          )
          const issueFirst = yield* Effect.exit(s.remove("issue", raised.id, { expectedVersion: 1 }).pipe(as(admin)))
          const stillThere = yield* s.get("meeting", meeting.id).pipe(as(admin))
          yield* s.remove("countermeasure", measure.id, { expectedVersion: 1 }).pipe(as(admin))
          yield* s.remove("issue", raised.id, { expectedVersion: 1 }).pipe(as(admin))
          yield* s.remove("meeting", meeting.id, { expectedVersion: 1 }).pipe(as(admin))
          const gone = yield* Effect.exit(s.get("meeting", meeting.id).pipe(as(admin)))
          return {
            ids: { raised: raised.id, measure: measure.id },
            ...links,
            meetingFirst,
            issueFirst,
            stillThere,
            gone,
          }
        }),
      )
      expect(result.ofMeeting).toEqual([result.ids.raised])
      expect(result.ofIssue).toEqual([result.ids.measure])
      expect(result.ofGoal).toEqual([result.ids.measure])
      expect(result.ofOther).toEqual([])
      expect(failureOf(result.meetingFirst)).toMatchObject({ _tag: "Conflict", state: "linked_from" })
      expect(failureOf(result.issueFirst)).toMatchObject({ _tag: "Conflict", state: "linked_from" })
      expect(result.stillThere.version).toBe(1)
      expect(failureOf(result.gone)).toMatchObject({ _tag: "NotFound" })
    })

    it("gives exactly 30 seats and wait-lists 20 when 50 apply at once for 30 seats", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-rush")
          const admin = adminOf(tenant)
          const s = yield* store
          const event = yield* s.create("event", trainingFixture()).pipe(as(admin))
          const results = yield* Effect.all(
            Array.from({ length: 50 }, (_, i) =>
              s.register(event.id, { applicant: applicantFixture(i + 1) }).pipe(as(admin), atTime(beforeDeadline)),
            ),
            { concurrency: "unbounded" },
          )
          const all = yield* s.registrations(event.id, { limit: 500 }).pipe(as(admin))
          const summary = yield* s.registrationSummary(event.id).pipe(as(admin))
          return { results, all, summary }
        }),
      )
      const statuses = result.results.map((r) => r.registration.status)
      expect(statuses.filter((s) => s === "confirmed")).toHaveLength(30)
      expect(statuses.filter((s) => s === "wait_listed")).toHaveLength(20)
      expect(result.all.items).toHaveLength(50)
      // the order of arrival is 1..50 without gaps; the first 30 to arrive hold the seats
      expect(result.all.items.map((r) => r.sequence)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
      expect(result.all.items.slice(0, 30).every((r) => r.status === "confirmed")).toBe(true)
      expect(result.all.items.slice(30).every((r) => r.status === "wait_listed")).toBe(true)
      expect(result.summary).toMatchObject({ capacity: 30, confirmed: 30, waitListed: 20, seatsLeft: 0 })
    })

    it("refuses an application after the deadline with a bilingual reason and stores nothing", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-late")
          const admin = adminOf(tenant)
          const s = yield* store
          const event = yield* s.create("event", trainingFixture()).pipe(as(admin))
          const late = yield* Effect.exit(
            s.register(event.id, { applicant: applicantFixture(1) }).pipe(as(admin), atTime(afterDeadline)),
          )
          const latePublic = yield* Effect.exit(
            s
              .registerPublic(event.id, { applicant: applicantFixture(2) })
              .pipe(as(publicApplicant(tenant.id)), atTime(afterDeadline)),
          )
          const all = yield* s.registrations(event.id).pipe(as(admin))
          return { late, latePublic, all, log: yield* audit(tenant) }
        }),
      )
      const failure = failureOf(result.late)
      expect(failure).toMatchObject({ _tag: "RegistrationRejected", reason: "deadline_passed" })
      expect(failure?.description?.ja).toBe("申込期限（令和8年1月23日）を過ぎています（申込日 令和8年1月24日）")
      expect(failure?.description?.en).toBe(
        "The application deadline (2026-01-23) has passed; the application arrived on 2026-01-24",
      )
      expect(failureOf(result.latePublic)).toMatchObject({ _tag: "RegistrationRejected", reason: "deadline_passed" })
      expect(result.all.items).toEqual([])
      expect(result.log.entries.some((e) => e.action === "event_registration.create")).toBe(false)
    })

    it("promotes the first wait-listed applicant when a confirmed one cancels, and takes attendance", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-cancel")
          const admin = adminOf(tenant)
          const s = yield* store
          const event = yield* s.create("event", trainingFixture({ registration: { capacity: 2 } })).pipe(as(admin))
          const registered = []
          for (let n = 1; n <= 4; n++) {
            registered.push(
              yield* s.register(event.id, { applicant: applicantFixture(n) }).pipe(as(admin), atTime(beforeDeadline)),
            )
          }
          const retry = yield* s
            .register(event.id, { applicant: applicantFixture(3) })
            .pipe(as(admin), atTime(beforeDeadline))
          const cancelled = yield* s
            .cancelRegistration(event.id, registered[0]!.registration.id, "applicant")
            .pipe(as(admin), atTime(beforeDeadline + 60_000))
          const again = yield* s
            .cancelRegistration(event.id, registered[0]!.registration.id, "applicant")
            .pipe(as(admin), atTime(beforeDeadline + 60_000))
          const attended = yield* s.recordAttendance(event.id, registered[1]!.registration.id, true).pipe(as(admin))
          const waitingAttends = yield* Effect.exit(
            s.recordAttendance(event.id, registered[3]!.registration.id, true).pipe(as(admin)),
          )
          const promotedRead = yield* s.registration(event.id, registered[2]!.registration.id).pipe(as(admin))
          const summary = yield* s.registrationSummary(event.id).pipe(as(admin))
          const viewerSummary = yield* s.registrationSummary(event.id).pipe(as(viewerOf(tenant)))
          const viewerList = yield* Effect.exit(s.registrations(event.id).pipe(as(viewerOf(tenant))))
          return {
            registered,
            retry,
            cancelled,
            again,
            attended,
            waitingAttends,
            promotedRead,
            summary,
            viewerSummary,
            viewerList,
            log: yield* audit(tenant),
          }
        }),
      )
      expect(result.registered.map((r) => r.registration.status)).toEqual([
        "confirmed",
        "confirmed",
        "wait_listed",
        "wait_listed",
      ])
      expect(result.retry).toMatchObject({
        outcome: "unchanged",
        registration: { id: result.registered[2]!.registration.id },
      })
      expect(result.cancelled.registration.status).toBe("cancelled")
      expect(result.cancelled.promoted.map((r) => r.id)).toEqual([result.registered[2]!.registration.id])
      expect(result.again.outcome).toBe("unchanged")
      expect(result.promotedRead.status).toBe("confirmed")
      expect(result.promotedRead.history.map((h) => h.reason)).toEqual(["applied", "full", "promoted"])
      expect(result.attended.registration.attended).toBe(true)
      expect(failureOf(result.waitingAttends)).toMatchObject({ _tag: "RegistrationRejected", reason: "state" })
      // applicant 2 (care manager, 八戸訪問看護ステーション) and applicant 3 (doctor, 居宅), promoted, hold the seats
      expect(result.summary).toMatchObject({
        confirmed: 2,
        waitListed: 1,
        cancelled: 1,
        seatsLeft: 0,
        attended: 1,
        byProfession: { care_manager: { confirmed: 1, attended: 1 }, doctor: { confirmed: 1, attended: 0 } },
        byOrganization: {
          八戸訪問看護ステーション: { confirmed: 1, attended: 1 },
          八戸市居宅介護支援センター: { confirmed: 1, attended: 0 },
        },
      })
      expect(result.viewerSummary).toEqual(result.summary)
      expect(failureOf(result.viewerList)?._tag).toBe("Forbidden")
      const actions = result.log.entries.map((e) => e.action)
      expect(actions).toContain("event_registration.cancel")
      expect(actions).toContain("event_registration.promote")
      for (const entry of result.log.entries.filter((e) => e.target.type === "event_registration")) {
        expect(entry.personalData).toBe(true)
        expect(JSON.stringify(entry.details)).not.toContain("@example.jp")
      }
    })

    it("receives applications for an event confirmed by hand, and confirms them up to the capacity", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-manual")
          const admin = adminOf(tenant)
          const s = yield* store
          const event = yield* s
            .create("event", trainingFixture({ registration: { capacity: 1, confirmation: "manual" } }))
            .pipe(as(admin))
          const first = yield* s
            .register(event.id, { applicant: applicantFixture(1) })
            .pipe(as(admin), atTime(beforeDeadline))
          const second = yield* s
            .register(event.id, { applicant: applicantFixture(2) })
            .pipe(as(admin), atTime(beforeDeadline))
          const confirmed = yield* s.confirmRegistration(event.id, first.registration.id).pipe(as(admin))
          const overflow = yield* s.confirmRegistration(event.id, second.registration.id).pipe(as(admin))
          const again = yield* Effect.exit(s.confirmRegistration(event.id, second.registration.id).pipe(as(admin)))
          const cancelled = yield* s.cancelRegistration(event.id, first.registration.id, "organizer").pipe(as(admin))
          const unknown = yield* Effect.exit(
            s.confirmRegistration(event.id, "0192f5a0-0000-7000-8000-0000000000fe").pipe(as(admin)),
          )
          return { first, second, confirmed, overflow, again, cancelled, unknown }
        }),
      )
      expect([result.first.registration.status, result.second.registration.status]).toEqual(["received", "received"])
      expect(result.confirmed.registration.status).toBe("confirmed")
      expect(result.overflow.registration.status).toBe("wait_listed")
      expect(failureOf(result.again)).toMatchObject({ _tag: "RegistrationRejected", reason: "state" })
      expect(result.cancelled.registration.history.at(-1)?.reason).toBe("cancelled_by_organizer")
      expect(result.cancelled.promoted.map((r) => r.id)).toEqual([result.second.registration.id])
      expect(failureOf(result.unknown)).toMatchObject({ _tag: "RegistrationRejected", reason: "not_found" })
    })

    it("takes public applications only for events marked public, and answers with the state alone", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-public")
          const admin = adminOf(tenant)
          const s = yield* store
          const open = yield* s
            .create("event", trainingFixture({ registration: { capacity: 1, public: true } }))
            .pipe(as(admin))
          const closed = yield* s.create("event", trainingFixture({ registration: { capacity: 1 } })).pipe(as(admin))
          const publicly = publicApplicant(tenant.id)
          const first = yield* s
            .registerPublic(open.id, { applicant: applicantFixture(1) })
            .pipe(as(publicly), atTime(beforeDeadline))
          const second = yield* s
            .registerPublic(open.id, { applicant: applicantFixture(2) })
            .pipe(as(publicly), atTime(beforeDeadline))
          const notPublic = yield* Effect.exit(
            s.registerPublic(closed.id, { applicant: applicantFixture(3) }).pipe(as(publicly), atTime(beforeDeadline)),
          )
          const unknown = yield* Effect.exit(
            s
              .registerPublic("not-a-uuid", { applicant: applicantFixture(3) })
              .pipe(as(publicly), atTime(beforeDeadline)),
          )
          const invalid = yield* Effect.exit(
            s
              .registerPublic(open.id, { applicant: { name: "連絡先なし", profession: "nurse" } })
              .pipe(as(publicly), atTime(beforeDeadline)),
          )
          const other = yield* newTenant("act-public-other")
          const foreign = yield* Effect.exit(
            s
              .registerPublic(open.id, { applicant: applicantFixture(4) })
              .pipe(as(publicApplicant(other.id)), atTime(beforeDeadline)),
          )
          const publicRead = yield* Effect.exit(s.registrations(open.id).pipe(as(publicly)))
          return { first, second, notPublic, unknown, invalid, foreign, publicRead }
        }),
      )
      expect(result.first).toEqual({
        id: result.first.id,
        eventId: result.first.eventId,
        status: "confirmed",
        outcome: "created",
        waitListPosition: null,
      })
      expect(result.second).toMatchObject({ status: "wait_listed", outcome: "created", waitListPosition: 1 })
      expect(JSON.stringify(result.second)).not.toContain("applicant2")
      expect(failureOf(result.notPublic)?._tag).toBe("NotFound")
      expect(failureOf(result.unknown)?._tag).toBe("NotFound")
      expect(failureOf(result.invalid)?._tag).toBe("ValidationError")
      expect(failureOf(result.foreign)?._tag).toBe("NotFound")
      expect(failureOf(result.publicRead)?._tag).toBe("Forbidden")
    })

    it("promotes from the wait-list when the capacity grows, and refuses a capacity below the confirmed count", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-capacity")
          const admin = adminOf(tenant)
          const s = yield* store
          const event = yield* s.create("event", trainingFixture({ registration: { capacity: 2 } })).pipe(as(admin))
          for (let n = 1; n <= 4; n++) {
            yield* s.register(event.id, { applicant: applicantFixture(n) }).pipe(as(admin), atTime(beforeDeadline))
          }
          const shrink = yield* Effect.exit(
            s
              .update("event", event.id, trainingFixture({ registration: { capacity: 1 } }), { expectedVersion: 1 })
              .pipe(as(admin)),
          )
          const grown = yield* s
            .update("event", event.id, trainingFixture({ registration: { capacity: 3 } }), { expectedVersion: 1 })
            .pipe(as(admin))
          const summary = yield* s.registrationSummary(event.id).pipe(as(admin))
          const removal = yield* Effect.exit(s.remove("event", event.id, { expectedVersion: 2 }).pipe(as(admin)))
          return { shrink, grown, summary, removal }
        }),
      )
      expect(failureOf(result.shrink)).toMatchObject({
        _tag: "RegistrationRejected",
        reason: "capacity_below_confirmed",
      })
      expect(result.grown.version).toBe(2)
      expect(result.summary).toMatchObject({ capacity: 3, confirmed: 3, waitListed: 1 })
      expect(failureOf(result.removal)).toMatchObject({ _tag: "Conflict", reason: "state" })
    })

    it("stores feedback and summarises it", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-feedback")
          const admin = adminOf(tenant)
          const s = yield* store
          const event = yield* s.create("event", trainingFixture()).pipe(as(admin))
          yield* s.submitFeedback(event.id, { satisfaction: 5, usefulness: 4, profession: "nurse" }).pipe(as(admin))
          yield* s.submitFeedback(event.id, { satisfaction: 4 }).pipe(as(admin))
          yield* s.submitFeedback(event.id, { satisfaction: 3, usefulness: 3 }).pipe(as(admin))
          const unknownRegistration = yield* Effect.exit(
            s
              .submitFeedback(event.id, { satisfaction: 3, registrationId: "0192f5a0-0000-7000-8000-0000000000ff" })
              .pipe(as(admin)),
          )
          return { summary: yield* s.feedbackSummary(event.id).pipe(as(viewerOf(tenant))), unknownRegistration }
        }),
      )
      expect(result.summary).toEqual({
        responses: 3,
        satisfactionCounts: [0, 0, 1, 1, 1],
        meanSatisfaction: 4,
        meanUsefulness: 3.5,
      })
      expect(failureOf(result.unknownRegistration)?._tag).toBe("NotFound")
    })

    it("reads a period's records back as ActivityRecords that compute the hand-counted figures", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("act-records")
          const admin = adminOf(tenant)
          const s = yield* store
          yield* seedActivities(admin)
          const records = yield* s.activityRecords({ start: "2025-04-01", end: "2026-03-31" }).pipe(as(admin))
          const viewer = yield* Effect.exit(
            s.activityRecords({ start: "2025-04-01", end: "2026-03-31" }).pipe(as(viewerOf(tenant))),
          )
          return { records, viewer, log: yield* audit(tenant) }
        }),
      )
      const { records } = result
      expect(records.consultations).toHaveLength(4)
      expect(records.events).toHaveLength(3)
      expect(records.registrations).toHaveLength(4)
      expect(records.meetings).toHaveLength(3)
      expect(records.issues).toHaveLength(2)
      expect(records.countermeasures).toHaveLength(2)
      // plain core records: no version stamps
      expect(records.meetings?.every((m) => !("version" in m))).toBe(true)
      expect(failureOf(result.viewer)?._tag).toBe("Forbidden")
      expect(result.log.entries.find((e) => e.action === "activity_records.read")).toMatchObject({
        personalData: true,
        details: { consultations: 4, events: 3, registrations: 4, meetings: 3, issues: 2, countermeasures: 2 },
      })

      const computed = computeActivityDataValues(records, {
        hierarchy: seededHierarchy,
        periods: [{ kind: "year", fiscalYear: 2025, index: 1 }],
        at: "2026-04-01T09:00:00+09:00",
      })
      const value = (element: string, option: string | undefined, area: { kind: string; code: string }) =>
        computed.values.find(
          (v) => v.dataElement === element && v.option === option && areaKey(v.area) === `${area.kind}:${area.code}`,
        )?.value
      const region = { kind: "secondary_medical_area", code: "0203" }
      // 八戸市, fiscal 2025 (令和7年度)
      expect(value("consultations", undefined, hachinohe)).toBe(3)
      expect(value("consultations", "medical_institution", hachinohe)).toBe(1)
      expect(value("consultations", "resident_family", hachinohe)).toBe(1)
      expect(value("consultations", "care_provider", hachinohe)).toBe(1)
      expect(value("consultation_topics", "discharge_support", hachinohe)).toBe(2)
      expect(value("consultations_referred", undefined, hachinohe)).toBe(1)
      expect(value("consultations_institution_named", undefined, hachinohe)).toBe(1)
      expect(value("consultation_minutes", undefined, hachinohe)).toBe(65)
      expect(value("trainings_held", undefined, hachinohe)).toBe(1)
      expect(value("training_participants", undefined, hachinohe)).toBe(2)
      expect(value("training_participants", "nurse", hachinohe)).toBe(1)
      expect(value("training_participants", "care_manager", hachinohe)).toBe(1)
      expect(value("training_participants", "doctor", hachinohe)).toBe(0)
      expect(value("training_registrations_confirmed", undefined, hachinohe)).toBe(3)
      expect(value("training_registrations_attended", undefined, hachinohe)).toBe(2)
      expect(value("public_events_held", undefined, hachinohe)).toBe(1)
      expect(value("public_event_participants", undefined, hachinohe)).toBe(97)
      expect(value("meetings_held", undefined, hachinohe)).toBe(1)
      expect(value("meetings_held", "council", hachinohe)).toBe(1)
      expect(value("meeting_participants", undefined, hachinohe)).toBe(8)
      expect(value("issues_raised", undefined, hachinohe)).toBe(1)
      expect(value("issues_resolved", undefined, hachinohe)).toBe(2)
      expect(value("countermeasures_due", undefined, hachinohe)).toBe(2)
      expect(value("countermeasures_done_on_time", undefined, hachinohe)).toBe(1)
      // the 二次医療圏: 八戸市 and 三戸町 together; 三戸町's WG recorded no attendance, so participants are no data
      expect(value("consultations", undefined, region)).toBe(4)
      expect(value("consultation_minutes", undefined, region)).toBe(75)
      expect(value("consultations_referred", undefined, region)).toBe(2)
      expect(value("meetings_held", undefined, region)).toBe(2)
      expect(value("meeting_participants", undefined, region)).toBeUndefined()
      expect(computed.unattributed).toEqual([])
    })
  })
}

/**
 * The area hierarchy of the seeded records: 八戸市 and 三戸町 in the 二次医療圏 0203.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { seededHierarchy } from "@zaitaku/testing"
 *
 * seededHierarchy.areas.length // 3
 * ```
 */
export const seededHierarchy = makeAreaHierarchy([
  Area.parse({
    kind: "secondary_medical_area",
    code: "0203",
    name: { ja: "八戸地域", en: "Hachinohe area" },
    members: ["022039", "024414"],
  }),
])

/**
 * Seeds a tenant's activities of fiscal 2025 (and a few outside it) through the store, the figures of which are
 * hand-counted in the suite: 4 consultations in the year (3 of 八戸市, one of 三戸町) and one after it; a training
 * with 3 confirmed registrations (2 attended), a public lecture of 97 and a planned training; 3 meetings (a
 * 八戸市 council of 8, a cancelled WG, a 三戸町 WG without attendance); 2 issues and 2 countermeasures.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { seedActivities } from "@zaitaku/testing"
 *
 * import type { Principal } from "@zaitaku/core"
 *
 * declare const admin: Principal
 * seedActivities(admin)
 * ```
 */
export const seedActivities = (admin: Principal) =>
  Effect.gen(function* () {
    const s = yield* ActivityStore
    const create = <K extends ActivityKind>(kind: K, input: NewActivityOf[K]) => s.create(kind, input).pipe(as(admin))
    yield* create(
      "consultation",
      consultationFixture({
        receivedOn: "2025-04-10",
        requester: { category: "resident_family" },
        referrals: [],
        outcome: "advice_given",
        minutesSpent: 15,
        scenes: [],
      }),
    )
    yield* create(
      "consultation",
      consultationFixture({
        receivedOn: "2025-05-12",
        topics: ["discharge_support", "home_care_provider_referral"],
        minutesSpent: 30,
      }),
    )
    yield* create(
      "consultation",
      consultationFixture({
        receivedOn: "2025-06-01",
        requester: { category: "care_provider" },
        topics: ["dementia"],
        referrals: [],
        outcome: "advice_given",
        minutesSpent: 20,
      }),
    )
    yield* create("consultation", consultationFixture({ receivedOn: "2026-04-02", topics: ["end_of_life"] }))
    yield* create(
      "consultation",
      consultationFixture({
        area: sannohe,
        receivedOn: "2025-07-01",
        requester: { category: "community_support_center", organizationName: "三戸町地域包括支援センター" },
        topics: ["no_family"],
        minutesSpent: 10,
      }),
    )
    const training = (yield* create(
      "event",
      trainingFixture({
        startsAt: "2025-10-24T18:30:00+09:00",
        endsAt: "2025-10-24T20:30:00+09:00",
        registration: { capacity: 3, deadline: "2025-10-10" },
      }),
    )) as ActivityEvent & { readonly version: number }
    const applied = Date.parse("2025-10-01T09:00:00+09:00")
    const ids: Array<string> = []
    // nurse, care_manager, doctor (confirmed); nurse (wait-listed)
    for (let n = 1; n <= 4; n++) {
      const r = yield* s.register(training.id, { applicant: applicantFixture(n) }).pipe(as(admin), atTime(applied))
      ids.push(r.registration.id)
    }
    yield* s.recordAttendance(training.id, ids[0]!, true).pipe(as(admin))
    yield* s.recordAttendance(training.id, ids[1]!, true).pipe(as(admin))
    yield* s.recordAttendance(training.id, ids[2]!, false).pipe(as(admin))
    yield* s
      .update(
        "event",
        training.id,
        trainingFixture({
          startsAt: "2025-10-24T18:30:00+09:00",
          endsAt: "2025-10-24T20:30:00+09:00",
          registration: { capacity: 3, deadline: "2025-10-10" },
          status: "held",
        }),
        { expectedVersion: training.version },
      )
      .pipe(as(admin))
    yield* create(
      "event",
      trainingFixture({
        kind: "public_lecture",
        title: "市民講演会「住み慣れた家で最期まで」",
        startsAt: "2025-11-03T13:30:00+09:00",
        endsAt: "2025-11-03T15:30:00+09:00",
        registration: undefined,
        status: "held",
        attendance: { total: 97 },
      }),
    )
    yield* create(
      "event",
      trainingFixture({
        startsAt: "2026-01-15T18:30:00+09:00",
        endsAt: "2026-01-15T20:30:00+09:00",
        registration: undefined,
      }),
    )
    yield* create("meeting", {
      area: hachinohe,
      kind: "council",
      title: "在宅医療・介護連携推進協議会",
      heldOn: "2025-06-10",
      attendees: [
        { organizationCategory: "medical_association", profession: "doctor", count: 3 },
        { organizationCategory: "community_support_center", profession: "care_manager", count: 5 },
      ],
      status: "held",
    })
    yield* create("meeting", {
      area: hachinohe,
      kind: "working_group",
      title: "入退院支援WG",
      heldOn: "2025-09-01",
      status: "cancelled",
    })
    yield* create("meeting", {
      area: sannohe,
      kind: "working_group",
      title: "三戸町 在宅医療WG",
      heldOn: "2025-09-05",
      status: "held",
    })
    yield* create("issue", {
      area: hachinohe,
      title: "退院時に病院からケアマネジャーへの連絡が遅れる",
      scenes: ["admission_discharge"],
      status: "resolved",
      raisedOn: "2025-06-10",
      resolvedOn: "2025-12-01",
    })
    yield* create("issue", {
      area: hachinohe,
      title: "看取り期の情報共有の様式がない",
      scenes: ["end_of_life"],
      status: "resolved",
      raisedOn: "2025-03-20",
      resolvedOn: "2025-05-01",
    })
    yield* create("countermeasure", {
      area: hachinohe,
      title: "入退院連携ルールを改訂して周知する",
      scenes: ["admission_discharge"],
      owner: { name: "入退院支援WG" },
      dueOn: "2025-09-30",
      status: "done",
      completedOn: "2025-09-15",
    })
    yield* create("countermeasure", {
      area: hachinohe,
      title: "看取りの情報共有シートを作る",
      scenes: ["end_of_life"],
      owner: { name: "在宅医療WG" },
      dueOn: "2025-12-31",
      status: "in_progress",
    })
  })
