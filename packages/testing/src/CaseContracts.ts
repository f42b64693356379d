/**
 * The `CaseStore` contract: the behaviour of the 入退院支援 case store that every adapter must show — versions,
 * idempotent creation, audited reads and writes of personal data, withdrawals instead of deletions, closed cases,
 * the scope of hospital staff and care managers, tenant isolation, and the listing.
 *
 * @since 0.1.0
 */
import {
  AuditLog,
  type Case,
  type CaseId,
  CaseStore,
  type NewCaseInput,
  type Principal,
  ResourceId,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { as, useRuntime } from "./internal/Suite.js"

/**
 * The services the case suite uses.
 *
 * @since 0.1.0
 * @category models
 */
export type CaseStoreServices = CaseStore | TenantStore | AuditLog

const newTenant = (prefix: string) =>
  Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as {
        _tag?: string
        reason?: string
        state?: string
        issues?: ReadonlyArray<{ path: ReadonlyArray<string | number>; code: string }>
      })
    : undefined

/**
 * Directory entry ids of the organisations in the fixtures: two hospitals and two 居宅介護支援事業所.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { caseOrganisationIds } from "@zaitaku/testing"
 *
 * caseOrganisationIds.hospitalA
 * ```
 */
export const caseOrganisationIds = {
  hospitalA: ResourceId.parse("0192f5a0-0000-7000-8000-00000000a001"),
  hospitalB: ResourceId.parse("0192f5a0-0000-7000-8000-00000000a002"),
  officeX: ResourceId.parse("0192f5a0-0000-7000-8000-00000000c001"),
  officeY: ResourceId.parse("0192f5a0-0000-7000-8000-00000000c002"),
} as const

/**
 * A new case of a patient of 八戸市 admitted to hospital A on Friday 2024-07-12 at 18:30, with care-management
 * office X and 要介護2; overrides replace top-level fields.
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import { newCaseFixture } from "@zaitaku/testing"
 *
 * newCaseFixture({ patient: "p-0002" })
 * ```
 */
export const newCaseFixture = (overrides: Partial<NewCaseInput> = {}): NewCaseInput => ({
  patient: "p-7f3a",
  patientMunicipality: "022039",
  parties: {
    hospital: { id: caseOrganisationIds.hospitalA, municipality: "022039" },
    care_manager: { id: caseOrganisationIds.officeX, municipality: "022039" },
  },
  careLevel: "care_2",
  ageBand: "65_and_over",
  events: [{ type: "admission", at: "2024-07-12T18:30:00+09:00" }],
  ...overrides,
})

/**
 * A principal of hospital staff or a care manager of the given organisations (an API key naming them).
 *
 * @since 0.1.0
 * @category fixtures
 * @example
 * ```ts
 * import type { Tenant } from "@zaitaku/core"
 * import { caseOrganisationIds, staffOf } from "@zaitaku/testing"
 *
 * declare const tenant: Tenant
 * staffOf(tenant, "hospital_staff", [caseOrganisationIds.hospitalA])
 * ```
 */
export const staffOf = (
  tenant: Tenant,
  role: "hospital_staff" | "care_manager" | "viewer" | "coordinator",
  organisations: ReadonlyArray<ResourceId> = [],
): Principal => ({
  tenantId: tenant.id,
  role,
  subject: { kind: "api_key", id: `${role}-key` },
  ...(organisations.length === 0 ? {} : { resources: [...organisations] }),
})

/**
 * Runs the `CaseStore` contract against an implementation.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { AuditLog, CaseStore, IdGenerator, TenantStore } from "@zaitaku/core"
 * import { caseStoreSuite } from "@zaitaku/testing"
 *
 * caseStoreSuite(
 *   "memory",
 *   Layer.mergeAll(TenantStore.layerMemory, CaseStore.layerMemory).pipe(
 *     Layer.provideMerge(AuditLog.layerMemory),
 *     Layer.provide(IdGenerator.layer),
 *   ),
 * )
 * ```
 */
export const caseStoreSuite = (
  name: string,
  source: Layer.Layer<CaseStoreServices, unknown> | (() => Promise<Layer.Layer<CaseStoreServices, unknown>>),
): void => {
  describe(`CaseStore contract (${name})`, () => {
    const { run } = useRuntime(source)
    const store = Effect.service(CaseStore)
    const audit = (tenant: Tenant) =>
      Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 100 })).pipe(as(adminOf(tenant)))

    it("opens a case at version 1 and reads it back, each step audited as personal data", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("cases-open")
          const s = yield* store
          const created = yield* s.create(newCaseFixture()).pipe(as(adminOf(tenant)))
          const read = yield* s.get(created.id).pipe(as(adminOf(tenant)))
          return { tenant, created, read, log: yield* audit(tenant) }
        }),
      )
      const { created } = result
      expect(created).toMatchObject({
        tenantId: result.tenant.id,
        patient: "p-7f3a",
        status: "open",
        version: 1,
        admissionPurpose: "treatment",
        wards: [],
        evidence: [],
        waivers: [],
        createdBy: adminOf(result.tenant).subject,
      })
      expect(created.events).toHaveLength(1)
      expect(created.events[0]).toMatchObject({
        type: "admission",
        recordedBy: adminOf(result.tenant).subject,
        recordedAt: created.createdAt,
      })
      expect(Date.parse(created.events[0]!.at)).toBe(Date.parse("2024-07-12T18:30:00+09:00"))
      expect(result.read).toEqual(created)
      const entries = result.log.entries.filter((e) => e.target.type === "case")
      expect(entries.map((e) => e.action).reverse()).toEqual(["case.create", "case.read"])
      for (const entry of entries) {
        expect(entry).toMatchObject({ personalData: true, target: { type: "case", id: created.id } })
        // the audit trail names the case, never the patient
        expect(JSON.stringify(entry.details)).not.toContain("p-7f3a")
      }
    })

    it("refuses names, birthdates and incomplete evidence, and stores nothing refused", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("cases-refuse")
          const s = yield* store
          const admin = adminOf(tenant)
          const name = yield* Effect.exit(s.create(newCaseFixture({ patient: "山田太郎" })).pipe(as(admin)))
          const birthdate = yield* Effect.exit(s.create(newCaseFixture({ patient: "p19450815" })).pipe(as(admin)))
          const future = yield* Effect.exit(
            s
              .create(newCaseFixture({ events: [{ type: "admission", at: "2999-01-01T00:00:00+09:00" }] }))
              .pipe(as(admin)),
          )
          const unknownKey = yield* Effect.exit(
            s.create({ ...newCaseFixture(), name: "山田太郎" } as NewCaseInput).pipe(as(admin)),
          )
          const created = yield* s.create(newCaseFixture()).pipe(as(admin))
          const incompleteForm = yield* Effect.exit(
            s
              .recordEvidence(
                created.id,
                { kind: "form_sent", at: "2024-07-12T19:00:00+09:00", from: "care_manager", to: "hospital" },
                { expectedVersion: 1 },
              )
              .pipe(as(admin)),
          )
          const after = yield* s.get(created.id).pipe(as(admin))
          const all = yield* s.list().pipe(as(admin))
          return { name, birthdate, future, unknownKey, incompleteForm, after, all }
        }),
      )
      const issue = (exit: Exit.Exit<unknown, unknown>) =>
        failureOf(exit)?.issues?.map((i) => [i.path.join("."), i.code])
      expect(failureOf(result.name)?._tag).toBe("ValidationError")
      expect(issue(result.name)).toEqual([["patient", "invalid_pseudonym"]])
      expect(issue(result.birthdate)).toEqual([["patient", "looks_like_date"]])
      expect(issue(result.future)).toEqual([["events.0.at", "in_future"]])
      expect(failureOf(result.unknownKey)?._tag).toBe("ValidationError")
      expect(issue(result.incompleteForm)).toEqual([
        ["templateId", "required"],
        ["formResponseId", "required"],
        ["recipientId", "required"],
      ])
      expect(result.after.version).toBe(1)
      expect(result.all.items).toHaveLength(1)
    })

    it("returns the first case for a repeated idempotency key, and refuses the key with another input", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("cases-idem")
          const s = yield* store
          const admin = adminOf(tenant)
          const first = yield* s.create(newCaseFixture(), { idempotencyKey: "adm-0001" }).pipe(as(admin))
          const again = yield* s.create(newCaseFixture(), { idempotencyKey: "adm-0001" }).pipe(as(admin))
          const other = yield* Effect.exit(
            s.create(newCaseFixture({ patient: "p-other" }), { idempotencyKey: "adm-0001" }).pipe(as(admin)),
          )
          const concurrent = yield* Effect.all(
            Array.from({ length: 4 }, () =>
              s.create(newCaseFixture({ patient: "p-race" }), { idempotencyKey: "adm-race" }),
            ),
            { concurrency: "unbounded" },
          ).pipe(as(admin))
          const all = yield* s.list().pipe(as(admin))
          return { tenant, first, again, other, concurrent, all, log: yield* audit(tenant) }
        }),
      )
      expect(result.again).toEqual(result.first)
      expect(failureOf(result.other)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
      expect(new Set(result.concurrent.map((c) => c.id)).size).toBe(1)
      expect(result.all.items).toHaveLength(2)
      expect(result.log.entries.filter((e) => e.action === "case.create")).toHaveLength(2)
    })

    it("records events and evidence against the version last seen, and withdraws instead of deleting", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("cases-record")
          const s = yield* store
          const admin = adminOf(tenant)
          const created = yield* s.create(newCaseFixture()).pipe(as(admin))
          const withEvidence = yield* s
            .recordEvidence(
              created.id,
              {
                kind: "form_sent",
                at: "2024-07-13T10:00:00+09:00",
                from: "care_manager",
                to: "hospital",
                templateId: "admission-information",
                formResponseId: "response-1",
                recipientId: caseOrganisationIds.hospitalA,
              },
              { expectedVersion: 1 },
            )
            .pipe(as(admin))
          const stale = yield* Effect.exit(
            s
              .recordEvent(created.id, { type: "discharge", at: "2024-07-20T10:00:00+09:00" }, { expectedVersion: 1 })
              .pipe(as(admin)),
          )
          const planned = yield* s
            .recordEvent(
              created.id,
              {
                type: "discharge_planning_started",
                at: "2024-07-18T10:00:00+09:00",
                plannedDischargeDate: "2024-07-25",
              },
              { expectedVersion: 2 },
            )
            .pipe(as(admin))
          const noop = yield* s.update(created.id, { careLevel: "care_2" }, { expectedVersion: 3 }).pipe(as(admin))
          const patched = yield* s
            .update(created.id, { careLevel: "care_3", plannedStayDays: 20 }, { expectedVersion: 3 })
            .pipe(as(admin))
          const eventId = planned.events[1]!.id
          const withdrawn = yield* s
            .withdraw(created.id, eventId, { expectedVersion: 4, reason: "日付の誤り" })
            .pipe(as(admin))
          const twice = yield* Effect.exit(
            s.withdraw(created.id, eventId, { expectedVersion: 5, reason: "again" }).pipe(as(admin)),
          )
          const missing = yield* Effect.exit(
            s.withdraw(created.id, "no-such-entry", { expectedVersion: 5, reason: "x" }).pipe(as(admin)),
          )
          const wrongList = yield* Effect.exit(
            s
              .withdraw(created.id, withEvidence.evidence[0]!.id, { expectedVersion: 5, reason: "x", entry: "event" })
              .pipe(as(admin)),
          )
          const waived = yield* s
            .waive(created.id, { obligationKey: "k/1", reason: "本人が拒否" }, { expectedVersion: 5 })
            .pipe(as(admin))
          const read = yield* s.get(created.id).pipe(as(admin))
          return {
            tenant,
            created,
            withEvidence,
            stale,
            planned,
            noop,
            patched,
            withdrawn,
            twice,
            missing,
            wrongList,
            waived,
            read,
            log: yield* audit(tenant),
          }
        }),
      )
      expect(result.withEvidence.version).toBe(2)
      expect(result.withEvidence.evidence[0]).toMatchObject({
        kind: "form_sent",
        templateId: "admission-information",
        formResponseId: "response-1",
        recipientId: caseOrganisationIds.hospitalA,
        recordedBy: adminOf(result.tenant).subject,
      })
      expect(failureOf(result.stale)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
      expect(result.planned.version).toBe(3)
      expect(result.planned.events[1]).toMatchObject({ plannedDischargeDate: "2024-07-25" })
      expect(result.noop).toEqual(result.planned)
      expect(result.patched).toMatchObject({ version: 4, careLevel: "care_3", plannedStayDays: 20 })
      expect(result.withdrawn.events[1]?.withdrawn).toMatchObject({
        reason: "日付の誤り",
        by: adminOf(result.tenant).subject,
      })
      expect(result.withdrawn.events).toHaveLength(2)
      expect(failureOf(result.twice)).toMatchObject({ _tag: "Conflict", state: "withdrawn" })
      expect(failureOf(result.missing)?._tag).toBe("NotFound")
      // an evidence id is not found among the events
      expect(failureOf(result.wrongList)?._tag).toBe("NotFound")
      expect(result.waived.waivers).toEqual([
        expect.objectContaining({ obligationKey: "k/1", reason: "本人が拒否", by: adminOf(result.tenant).subject }),
      ])
      expect(result.read).toEqual(result.waived)
      const actions = result.log.entries
        .filter((e) => e.target.id === result.created.id)
        .map((e) => e.action)
        .reverse()
      expect(actions).toEqual([
        "case.create",
        "case.evidence.record",
        "case.event.record",
        "case.update",
        "case.entry.withdraw",
        "case.waiver.record",
        "case.read",
      ])
      const update = result.log.entries.find((e) => e.action === "case.update")
      expect(update?.details).toEqual({ version: 4, changed: ["careLevel", "plannedStayDays"] })
    })

    it("lets exactly one of several writes on the same version through", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("cases-race")
          const s = yield* store
          const admin = adminOf(tenant)
          const created = yield* s.create(newCaseFixture()).pipe(as(admin))
          const attempts = yield* Effect.all(
            Array.from({ length: 5 }, (_, i) =>
              Effect.exit(
                s.recordEvent(
                  created.id,
                  { type: "discharge_conference", at: `2024-07-1${i}T10:00:00+09:00` },
                  { expectedVersion: 1 },
                ),
              ),
            ),
            { concurrency: "unbounded" },
          ).pipe(as(admin))
          return { attempts, read: yield* s.get(created.id).pipe(as(admin)) }
        }),
      )
      expect(result.attempts.filter(Exit.isSuccess)).toHaveLength(1)
      expect(result.attempts.filter(Exit.isFailure).map((e) => failureOf(e)?.reason)).toEqual(
        Array(4).fill("version_mismatch"),
      )
      expect(result.read).toMatchObject({ version: 2 })
      expect(result.read.events).toHaveLength(2)
    })

    it("takes no new entries on a closed case until it is reopened", async () => {
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("cases-closed")
          const s = yield* store
          const admin = adminOf(tenant)
          const created = yield* s.create(newCaseFixture()).pipe(as(admin))
          const closed = yield* s.update(created.id, { status: "closed" }, { expectedVersion: 1 }).pipe(as(admin))
          const refused = yield* Effect.exit(
            s
              .recordEvent(created.id, { type: "discharge", at: "2024-07-20T10:00:00+09:00" }, { expectedVersion: 2 })
              .pipe(as(admin)),
          )
          const reopened = yield* s.update(created.id, { status: "open" }, { expectedVersion: 2 }).pipe(as(admin))
          const recorded = yield* s
            .recordEvent(created.id, { type: "discharge", at: "2024-07-20T10:00:00+09:00" }, { expectedVersion: 3 })
            .pipe(as(admin))
          return { closed, refused, reopened, recorded }
        }),
      )
      expect(result.closed.status).toBe("closed")
      expect(failureOf(result.refused)).toMatchObject({ _tag: "Conflict", reason: "state", state: "closed" })
      expect(result.reopened.status).toBe("open")
      expect(result.recorded.events.map((e) => e.type)).toEqual(["admission", "discharge"])
    })

    it("lets hospital staff and care managers work on their own organisation's cases only", async () => {
      const ids = caseOrganisationIds
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("cases-scope")
          const s = yield* store
          const admin = adminOf(tenant)
          const hospitalA = staffOf(tenant, "hospital_staff", [ids.hospitalA])
          const officeY = staffOf(tenant, "care_manager", [ids.officeY])
          const unbound = staffOf(tenant, "hospital_staff")
          const viewer = staffOf(tenant, "viewer")
          const own = yield* s.create(newCaseFixture({ patient: "p-own" })).pipe(as(hospitalA))
          const foreign = yield* s
            .create(
              newCaseFixture({
                patient: "p-foreign",
                parties: { hospital: { id: ids.hospitalB }, care_manager: { id: ids.officeY } },
              }),
            )
            .pipe(as(admin))
          const createForeign = yield* Effect.exit(
            s.create(newCaseFixture({ parties: { hospital: { id: ids.hospitalB } } })).pipe(as(hospitalA)),
          )
          const readForeign = yield* Effect.exit(s.get(foreign.id).pipe(as(hospitalA)))
          const writeForeign = yield* Effect.exit(
            s
              .recordEvent(foreign.id, { type: "discharge", at: "2024-07-20T10:00:00+09:00" }, { expectedVersion: 1 })
              .pipe(as(hospitalA)),
          )
          const handOver = yield* Effect.exit(
            s
              .update(own.id, { parties: { hospital: { id: ids.hospitalB } } }, { expectedVersion: 1 })
              .pipe(as(hospitalA)),
          )
          const waive = yield* Effect.exit(
            s.waive(own.id, { obligationKey: "k", reason: "r" }, { expectedVersion: 1 }).pipe(as(hospitalA)),
          )
          return {
            own,
            foreign,
            createForeign,
            readForeign,
            writeForeign,
            handOver,
            waive,
            listA: yield* s.list().pipe(as(hospitalA)),
            listY: yield* s.list().pipe(as(officeY)),
            listUnbound: yield* s.list().pipe(as(unbound)),
            viewerList: yield* Effect.exit(s.list().pipe(as(viewer))),
            listAdmin: yield* s.list().pipe(as(admin)),
          }
        }),
      )
      const idsOf = (page: { items: ReadonlyArray<Case> }) => page.items.map((c) => c.id)
      expect(failureOf(result.createForeign)?._tag).toBe("Forbidden")
      expect(failureOf(result.readForeign)?._tag).toBe("NotFound")
      expect(failureOf(result.writeForeign)?._tag).toBe("NotFound")
      expect(failureOf(result.handOver)?._tag).toBe("Forbidden")
      expect(failureOf(result.waive)?._tag).toBe("Forbidden")
      expect(failureOf(result.viewerList)?._tag).toBe("Forbidden")
      expect(idsOf(result.listA)).toEqual([result.own.id])
      expect(idsOf(result.listY)).toEqual([result.foreign.id])
      expect(idsOf(result.listUnbound)).toEqual([])
      expect(new Set(idsOf(result.listAdmin))).toEqual(new Set([result.own.id, result.foreign.id]))
    })

    it("keeps cases per tenant", async () => {
      const result = await run(
        Effect.gen(function* () {
          const a = yield* newTenant("cases-iso-a")
          const b = yield* newTenant("cases-iso-b")
          const s = yield* store
          const created = yield* s.create(newCaseFixture()).pipe(as(adminOf(a)))
          return {
            get: yield* Effect.exit(s.get(created.id).pipe(as(adminOf(b)))),
            write: yield* Effect.exit(
              s.update(created.id, { careLevel: "care_5" }, { expectedVersion: 1 }).pipe(as(adminOf(b))),
            ),
            list: yield* s.list().pipe(as(adminOf(b))),
            reuseKey: yield* s.create(newCaseFixture(), { idempotencyKey: "k" }).pipe(as(adminOf(a))),
            otherKey: yield* s.create(newCaseFixture(), { idempotencyKey: "k" }).pipe(as(adminOf(b))),
            logB: yield* audit(b),
          }
        }),
      )
      expect(failureOf(result.get)?._tag).toBe("NotFound")
      expect(failureOf(result.write)?._tag).toBe("NotFound")
      expect(result.list.items).toEqual([])
      // idempotency keys are per tenant
      expect(result.otherKey.id).not.toBe(result.reuseKey.id)
      expect(result.logB.entries.filter((e) => e.action === "case.list")).toEqual([])
    })

    it("lists by organisation, status and period, newest first, with a cursor, and audits what it returned", async () => {
      const ids = caseOrganisationIds
      const result = await run(
        Effect.gen(function* () {
          const tenant = yield* newTenant("cases-list")
          const s = yield* store
          const admin = adminOf(tenant)
          const made: Array<Case> = []
          // June stay, discharged in June; July stay still in hospital; August stay at hospital B; a case with no events
          const june = yield* s
            .create(
              newCaseFixture({
                patient: "p-june",
                events: [
                  { type: "admission", at: "2024-06-03T10:00:00+09:00" },
                  { type: "discharge", at: "2024-06-20T10:00:00+09:00" },
                ],
              }),
            )
            .pipe(as(admin))
          made.push(june)
          made.push(yield* s.create(newCaseFixture({ patient: "p-july" })).pipe(as(admin)))
          made.push(
            yield* s
              .create(
                newCaseFixture({
                  patient: "p-august",
                  parties: { hospital: { id: ids.hospitalB } },
                  events: [{ type: "admission", at: "2024-08-01T09:00:00+09:00" }],
                }),
              )
              .pipe(as(admin)),
          )
          made.push(yield* s.create(newCaseFixture({ patient: "p-none", events: [] })).pipe(as(admin)))
          // a later instant than every creation, for the modifiedAfter filter
          yield* Effect.sleep("5 millis")
          const closed = yield* s.update(june.id, { status: "closed" }, { expectedVersion: 1 }).pipe(as(admin))
          const first = yield* s.list({ limit: 3 }).pipe(as(admin))
          const second = yield* s.list({ limit: 3, cursor: first.nextCursor! }).pipe(as(admin))
          const july = yield* s.list({ period: { start: "2024-07-01", end: "2024-07-31" } }).pipe(as(admin))
          const june15 = yield* s.list({ period: { start: "2024-06-15", end: "2024-06-15" } }).pipe(as(admin))
          const hospitalB = yield* s.list({ organisation: ids.hospitalB }).pipe(as(admin))
          const officeX = yield* s.list({ organisation: ids.officeX, status: ["open"] }).pipe(as(admin))
          const closedOnly = yield* s.list({ status: ["closed"] }).pipe(as(admin))
          const modified = yield* s.list({ modifiedAfter: made[3]!.updatedAt }).pipe(as(admin))
          const badCursor = yield* Effect.exit(s.list({ cursor: "bogus" }).pipe(as(admin)))
          const badPeriod = yield* Effect.exit(
            s.list({ period: { start: "2024-07-31", end: "2024-07-01" } }).pipe(as(admin)),
          )
          const log = yield* audit(tenant)
          return {
            made,
            closed,
            first,
            second,
            july,
            june15,
            hospitalB,
            officeX,
            closedOnly,
            modified,
            badCursor,
            badPeriod,
            log,
          }
        }),
      )
      const idsOf = (page: { items: ReadonlyArray<Case> }) => page.items.map((c) => c.id)
      const newest = [...result.made]
        .sort((x, y) => Date.parse(y.createdAt) - Date.parse(x.createdAt) || (x.id < y.id ? 1 : -1))
        .map((c) => c.id)
      expect([...idsOf(result.first), ...idsOf(result.second)]).toEqual(newest)
      expect(result.second.nextCursor).toBeNull()
      const [june, julyCase, august, none] = result.made
      // the July stay overlaps July (still in hospital); the June stay ended on 06-20; the August one starts 08-01
      expect(idsOf(result.july)).toEqual([julyCase!.id])
      expect(idsOf(result.june15)).toEqual([june!.id])
      expect(idsOf(result.hospitalB)).toEqual([august!.id])
      expect(new Set(idsOf(result.officeX))).toEqual(new Set([julyCase!.id, none!.id]))
      expect(idsOf(result.closedOnly)).toEqual([june!.id])
      expect(idsOf(result.modified)).toEqual([june!.id])
      expect(failureOf(result.badCursor)?._tag).toBe("ValidationError")
      expect(failureOf(result.badPeriod)?._tag).toBe("ValidationError")
      const listed = result.log.entries.filter((e) => e.action === "case.list")
      expect(listed.length).toBeGreaterThan(0)
      for (const entry of listed) {
        expect(entry.personalData).toBe(true)
        expect((entry.details as { count: number }).count).toBe(
          (entry.details as { caseIds: Array<CaseId> }).caseIds.length,
        )
      }
    })
  })
}
