import {
  Actor,
  AuditLog,
  CaseStore,
  FormStore,
  IdGenerator,
  type Principal,
  type ResourceId,
  ResourceStore,
  RuleSetStore,
  systemPrincipal,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import {
  createTestDatabase,
  layerSession,
  loginRoleUrl,
  migrate,
  openPg,
  openPglite,
  pgliteTemplate,
  type RawConnection,
  type Session,
  schema,
  type TestDatabase,
  testDatabaseUrl,
} from "@zaitaku/store-postgres"
import { directoryFixture, formExamples, newCaseFixture, regionalRuleSetFixture, uniqueTenant } from "@zaitaku/testing"
import { sql } from "drizzle-orm"
import { Effect, Layer, ManagedRuntime } from "effect"
import pg from "pg"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

/**
 * These tests speak SQL directly, under the roles the application uses, to show that isolation is enforced by
 * PostgreSQL itself and not by the store code.
 */
interface Driver {
  readonly name: string
  open(): Promise<{ session: Session; close(): Promise<void> }>
}

const drivers: Array<Driver> = [
  {
    name: "PGlite",
    open: async () => {
      const session = await openPglite({ loadDataDir: await pgliteTemplate() })
      return { session, close: () => session.close() }
    },
  },
]
const adminUrl = testDatabaseUrl("@zaitaku/store-postgres row-level security")
if (adminUrl !== undefined) {
  drivers.push({
    name: "PostgreSQL",
    open: async () => {
      const database: TestDatabase = await createTestDatabase(adminUrl)
      const session = await openPg({ connectionString: database.url })
      await migrate(session)
      return {
        session,
        close: async () => {
          await session.close()
          await database.drop()
        },
      }
    },
  })
}

/** Runs `body` in a transaction as the application role, with the tenant setting when given. */
const asApp = <A>(session: Session, tenantId: string | null, body: (c: RawConnection) => Promise<A>): Promise<A> =>
  session.withConnection(async (connection) => {
    await connection.exec("begin")
    try {
      await connection.exec("set local role zaitaku_app")
      if (tenantId !== null) await connection.query("select set_config('zaitaku.tenant_id', $1, true)", [tenantId])
      return await body(connection)
    } finally {
      await connection.exec("rollback")
    }
  })

/** Runs plain SQL as the connecting user (the owner, which created the tables). */
const asOwner = <A>(session: Session, body: (c: RawConnection) => Promise<A>): Promise<A> =>
  session.withConnection(body)

const tenantTables = [
  "areas",
  "api_keys",
  "audit_log",
  "audit_heads",
  "resources",
  "resource_changes",
  "idempotency_keys",
  "resource_change_requests",
  "import_jobs",
  "organizations",
  "cases",
  "obligation_notifications",
  "form_definitions",
  "form_responses",
  "form_response_versions",
  "form_sendings",
  "form_sending_recipients",
  "rule_sets",
  "rule_set_resolutions",
  "pdca_plans",
  "pdca_data_elements",
  "pdca_indicators",
  "pdca_data_values",
  "activity_records",
  "event_registrations",
  "event_feedback",
] as const

describe.each(drivers)("row-level security on $name", (driver) => {
  let session: Session
  let close: () => Promise<void>
  let runtime: ManagedRuntime.ManagedRuntime<
    TenantStore | AuditLog | ResourceStore | CaseStore | FormStore | RuleSetStore,
    unknown
  >
  let a: Tenant
  let b: Tenant

  const run = <X, E>(
    effect: Effect.Effect<X, E, TenantStore | AuditLog | ResourceStore | CaseStore | FormStore | RuleSetStore>,
  ) => runtime.runPromise(effect)
  const appendAs = (tenant: Tenant, n: number) =>
    run(
      Effect.gen(function* () {
        const log = yield* AuditLog
        for (let i = 0; i < n; i++) {
          yield* log.append({ action: "tenant.read", target: { type: "tenant", id: String(i) }, details: { i } })
        }
      }).pipe(Effect.provideService(Actor, systemPrincipal(tenant.id, "test"))),
    )
  const verifyAs = (tenant: Tenant) =>
    run(
      Effect.flatMap(Effect.service(AuditLog), (log) => log.verify).pipe(
        Effect.provideService(Actor, systemPrincipal(tenant.id)),
      ),
    )

  beforeAll(async () => {
    ;({ session, close } = await driver.open())
    runtime = ManagedRuntime.make(layerSession(session).pipe(Layer.provide(IdGenerator.layer)))
    a = await run(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(uniqueTenant("rls-a"))))
    b = await run(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(uniqueTenant("rls-b"))))
    await appendAs(a, 2)
    await appendAs(b, 2)
    for (const tenant of [a, b]) {
      const fixture = directoryFixture(tenant.id)
      const updated = await runtime.runPromise(
        Effect.flatMap(Effect.service(ResourceStore), (store) =>
          Effect.flatMap(store.create(fixture.houkanHachinohe), (created) =>
            store.update(created.id, { phone: "0178-11-2222" }, { expectedVersion: 1 }),
          ),
        ).pipe(Effect.provideService(Actor, systemPrincipal(tenant.id, "test"))),
      )
      const office = {
        tenantId: tenant.id,
        role: "provider" as const,
        subject: { kind: "api_key" as const, id: "0192f5a0-0000-7000-8000-00000000b001" },
        resources: [updated.id],
      }
      await runtime.runPromise(
        Effect.flatMap(Effect.service(ResourceStore), (store) =>
          store.propose(updated.id, { fax: "0178-11-3333" }, { expectedVersion: 2 }),
        ).pipe(Effect.provideService(Actor, office)),
      )
    }
  })
  afterAll(async () => {
    await runtime?.dispose()
    await close?.()
  })

  it("shows nothing to the application role when no tenant is set", async () => {
    const counts = await asApp(session, null, async (c) => {
      const result: Record<string, number> = {}
      for (const table of ["tenants", ...tenantTables]) {
        const [row] = await c.query<{ n: number }>(`select count(*)::int as n from ${table}`)
        result[table] = row!.n
      }
      return result
    })
    expect(counts).toEqual({
      tenants: 0,
      areas: 0,
      api_keys: 0,
      audit_log: 0,
      audit_heads: 0,
      resources: 0,
      resource_changes: 0,
      idempotency_keys: 0,
      resource_change_requests: 0,
      import_jobs: 0,
      organizations: 0,
      cases: 0,
      obligation_notifications: 0,
      form_definitions: 0,
      form_responses: 0,
      form_response_versions: 0,
      form_sendings: 0,
      form_sending_recipients: 0,
      rule_sets: 0,
      rule_set_resolutions: 0,
      pdca_plans: 0,
      pdca_data_elements: 0,
      pdca_indicators: 0,
      pdca_data_values: 0,
      activity_records: 0,
      event_registrations: 0,
      event_feedback: 0,
    })
    // …while the rows exist (the owner, in this test database a superuser, sees them)
    for (const table of ["audit_log", "resources", "resource_changes", "resource_change_requests"]) {
      const [owned] = await asOwner(session, (c) => c.query<{ n: number }>(`select count(*)::int as n from ${table}`))
      expect(owned!.n).toBeGreaterThanOrEqual(2)
    }
  })

  it("shows exactly the current tenant's rows when a tenant is set", async () => {
    const seen = await asApp(session, a.id, async (c) => ({
      tenants: await c.query<{ id: string }>("select id from tenants"),
      auditTenants: await c.query<{ tenant_id: string }>("select distinct tenant_id from audit_log"),
      areas: await c.query<{ tenant_id: string }>("select tenant_id from areas"),
      otherById: await c.query("select * from tenants where id = $1", [b.id]),
    }))
    expect(seen.tenants.map((r) => r.id)).toEqual([a.id])
    expect(seen.auditTenants.map((r) => r.tenant_id)).toEqual([a.id])
    expect(seen.areas.map((r) => r.tenant_id)).toEqual([a.id])
    expect(seen.otherById).toEqual([])
  })

  it("refuses a write for another tenant", async () => {
    await expect(
      asApp(session, a.id, (c) =>
        c.query(
          "insert into areas (tenant_id, id, kind, code, name_ja, name_en, members) values ($1, $2, 'daily_life_area', 'x', 'x', 'x', '{}')",
          [b.id, "00000000-0000-7000-8000-0000000000aa"],
        ),
      ),
    ).rejects.toThrow(/row-level security/)
    await expect(
      asApp(session, null, (c) =>
        c.query(
          "insert into areas (tenant_id, id, kind, code, name_ja, name_en, members) values ($1, $2, 'daily_life_area', 'x', 'x', 'x', '{}')",
          [a.id, "00000000-0000-7000-8000-0000000000ab"],
        ),
      ),
    ).rejects.toThrow(/row-level security/)
    // an update aimed at the other tenant's rows touches nothing
    const updated = await asApp(session, a.id, (c) =>
      c.query<{ id: string }>("update areas set name_en = 'hijacked' where tenant_id = $1 returning id", [b.id]),
    )
    expect(updated).toEqual([])
    // and moving an own row to the other tenant is refused
    await expect(asApp(session, a.id, (c) => c.query("update areas set tenant_id = $1", [b.id]))).rejects.toThrow(
      /row-level security/,
    )
  })

  it("runs the stores' tenant transactions as zaitaku_app with the tenant set, so an unfiltered query is isolated", async () => {
    const probe = sql`select current_user as "user", coalesce(current_setting('zaitaku.tenant_id', true), '') as tenant, coalesce(current_setting('zaitaku.system', true), '') as system`
    const rowsOf = (result: unknown) => (result as { rows: Array<Record<string, string>> }).rows
    const tenantScope = await session.transaction({ tenantId: a.id }, async (tx) => ({
      settings: rowsOf(await tx.execute(probe))[0],
      // no WHERE clause on purpose: row-level security alone must keep tenant B out
      auditTenants: [...new Set((await tx.select().from(schema.auditLog)).map((row) => row.tenantId))],
      tenants: (await tx.select().from(schema.tenants)).map((row) => row.id),
    }))
    expect(tenantScope.settings).toEqual({ user: "zaitaku_app", tenant: a.id, system: "" })
    expect(tenantScope.auditTenants).toEqual([a.id])
    expect(tenantScope.tenants).toEqual([a.id])
    const appScope = await session.transaction("app", async (tx) => ({
      settings: rowsOf(await tx.execute(probe))[0],
      audit: await tx.select().from(schema.auditLog),
    }))
    expect(appScope).toEqual({ settings: { user: "zaitaku_app", tenant: "", system: "" }, audit: [] })
    const maintenance = await session.transaction("maintenance", async (tx) => rowsOf(await tx.execute(probe))[0])
    expect(maintenance?.user).not.toBe("zaitaku_app")
    expect(maintenance?.system).toBe("on")
    // settings are local to their transaction: nothing leaks into the next one on the same connection
    const after = await session.withConnection((c) =>
      c.query<{ user: string; tenant: string }>(
        "select current_user as user, coalesce(current_setting('zaitaku.tenant_id', true), '') as tenant",
      ),
    )
    expect(after[0]?.user).not.toBe("zaitaku_app")
    expect(after[0]?.tenant).toBe("")
  })

  it("keeps the audit log append-only for the application role", async () => {
    await expect(asApp(session, a.id, (c) => c.query("update audit_log set action = 'x.y'"))).rejects.toThrow(
      /permission denied/,
    )
    await expect(asApp(session, a.id, (c) => c.query("delete from audit_log"))).rejects.toThrow(/permission denied/)
    await expect(asApp(session, a.id, (c) => c.query("truncate audit_log"))).rejects.toThrow(/permission denied/)
  })

  it("keeps rule set versions to their tenant, written once, with periods of one id that never overlap", async () => {
    const own = await run(
      Effect.flatMap(Effect.service(RuleSetStore), (store) => store.create(regionalRuleSetFixture())).pipe(
        Effect.provideService(Actor, systemPrincipal(a.id, "test")),
      ),
    )
    await run(
      Effect.flatMap(Effect.service(RuleSetStore), (store) => store.create(regionalRuleSetFixture())).pipe(
        Effect.provideService(Actor, systemPrincipal(b.id, "test")),
      ),
    )
    const seen = await asApp(session, a.id, (c) =>
      c.query<{ id: string; tenant_id: string }>("select id, tenant_id from rule_sets"),
    )
    expect(seen).toEqual([{ id: own.ruleSet.id, tenant_id: a.id }])
    await expect(asApp(session, a.id, (c) => c.query("delete from rule_sets"))).rejects.toThrow(/permission denied/)
    await expect(asApp(session, a.id, (c) => c.query("update rule_sets set definition = '{}'"))).rejects.toThrow(
      /permission denied/,
    )
    // the owner cannot rewrite a version either
    await expect(asOwner(session, (c) => c.query("update rule_sets set version = 'x'"))).rejects.toThrow(
      /never changed/,
    )
    // a second version whose period overlaps the first, written past the store, is refused by the database
    await expect(
      asApp(session, a.id, (c) =>
        c.query(
          `insert into rule_sets (tenant_id, id, version, record_id, effective_from, effective_to, definition,
             created_at, created_by)
           select tenant_id, id, '2025', gen_random_uuid(), '2025-04-01', null, definition, now(), created_by
           from rule_sets`,
        ),
      ),
    ).rejects.toThrow(/overlaps another version/)
  })

  it("keeps cases to their tenant, never deleted, their creation never rewritten, for the application role", async () => {
    const own = await run(
      Effect.flatMap(Effect.service(CaseStore), (cases) => cases.create(newCaseFixture())).pipe(
        Effect.provideService(Actor, systemPrincipal(a.id, "test")),
      ),
    )
    await run(
      Effect.flatMap(Effect.service(CaseStore), (cases) => cases.create(newCaseFixture())).pipe(
        Effect.provideService(Actor, systemPrincipal(b.id, "test")),
      ),
    )
    const seen = await asApp(session, a.id, (c) =>
      c.query<{ id: string; tenant_id: string }>("select id, tenant_id from cases"),
    )
    expect(seen).toEqual([{ id: own.id, tenant_id: a.id }])
    await expect(asApp(session, a.id, (c) => c.query("delete from cases"))).rejects.toThrow(/permission denied/)
    await expect(asApp(session, a.id, (c) => c.query("update cases set created_at = now()"))).rejects.toThrow(
      /permission denied/,
    )
    await expect(asApp(session, a.id, (c) => c.query("update cases set tenant_id = $1", [b.id]))).rejects.toThrow(
      /permission denied/,
    )
    await expect(asApp(session, a.id, (c) => c.query("update cases set status = 'lost'"))).rejects.toThrow(
      /cases_status/,
    )
  })

  it("lets the application role change only its own tenant's directory settings, and no other column", async () => {
    const updated = await asApp(session, a.id, async (c) => ({
      own: await c.query<{ id: string }>(
        "update tenants set public_directory = true, assurance_period_months = 6 returning id",
      ),
      other: await c.query(`update tenants set public_directory = true where id = '${b.id}' returning id`),
    }))
    expect(updated.own.map((row) => row.id)).toEqual([a.id])
    expect(updated.other).toEqual([])
    await expect(asApp(session, a.id, (c) => c.query("update tenants set name_ja = 'x'"))).rejects.toThrow(
      /permission denied/,
    )
    await expect(asApp(session, a.id, (c) => c.query("update tenants set code = 'x'"))).rejects.toThrow(
      /permission denied/,
    )
    await expect(asApp(session, a.id, (c) => c.query(`update tenants set id = '${b.id}'`))).rejects.toThrow(
      /permission denied/,
    )
    await expect(
      asApp(session, a.id, (c) => c.query("update tenants set assurance_period_months = 0")),
    ).rejects.toThrow(/tenants_assurance_period_months_range/)
    await expect(
      asApp(session, null, (c) => c.query("update tenants set public_directory = true returning id")),
    ).resolves.toEqual([])
  })

  it("lets the application role decide a change request once, and never rewrite what the office proposed", async () => {
    const [pending] = await asApp(session, a.id, (c) =>
      c.query<{ id: string }>("select id from resource_change_requests where status = 'pending'"),
    )
    for (const column of ["changes = '[]'", "proposed_by = '{}'", "base_version = 1", "resource_id = tenant_id"]) {
      await expect(
        asApp(session, a.id, (c) =>
          c.query(`update resource_change_requests set ${column} where id = $1`, [pending!.id]),
        ),
      ).rejects.toThrow(/permission denied/)
    }
    await expect(
      asApp(session, a.id, (c) => c.query("delete from resource_change_requests where id = $1", [pending!.id])),
    ).rejects.toThrow(/permission denied/)
    // a decision needs its time and decider, and a decided request cannot be decided again
    await expect(
      asApp(session, a.id, (c) =>
        c.query("update resource_change_requests set status = 'accepted' where id = $1", [pending!.id]),
      ),
    ).rejects.toThrow(/resource_change_requests_decision/)
    await expect(
      asApp(session, a.id, async (c) => {
        await c.query(
          `update resource_change_requests set status = 'rejected', decided_at = now(), decided_by = '{"kind":"system","id":"t"}'
           where id = $1`,
          [pending!.id],
        )
        await c.query(
          `update resource_change_requests set status = 'accepted', decided_at = now(), decided_by = '{"kind":"system","id":"t"}'
           where id = $1`,
          [pending!.id],
        )
      }),
    ).rejects.toThrow(/already rejected/)
    // and tenant B's requests are out of sight
    const other = await asApp(session, a.id, (c) =>
      c.query("update resource_change_requests set comment = 'x' where tenant_id = $1 returning id", [b.id]),
    )
    expect(other).toEqual([])
  })

  it("lets the application role authenticate by key hash only, through the definer function", async () => {
    const rows = await asApp(session, null, async (c) => ({
      direct: await c.query("select * from api_keys"),
      unknown: await c.query("select * from zaitaku_authenticate($1, now())", ["0".repeat(64)]),
    }))
    expect(rows).toEqual({ direct: [], unknown: [] })
  })

  it("keeps what was sent and every response version unchangeable, recipients' steps recorded once, and definitions in use frozen", async () => {
    const fixture = directoryFixture(a.id)
    const admin = systemPrincipal(a.id, "test")
    const { careOffice, hospital } = await run(
      Effect.gen(function* () {
        const directory = yield* ResourceStore
        return {
          careOffice: (yield* directory.create(fixture.careplan)).id,
          hospital: (yield* directory.create(fixture.chuoHospital)).id,
        }
      }).pipe(Effect.provideService(Actor, admin)),
    )
    const key = (id: string, organization: ResourceId): Principal => ({
      tenantId: a.id,
      role: "care_manager",
      subject: { kind: "api_key", id },
      resources: [organization],
    })
    const careManager = key("0192f5a0-0000-7000-8000-00000000c001", careOffice)
    const hospitalStaff = { ...key("0192f5a0-0000-7000-8000-00000000c002", hospital), role: "hospital_staff" as const }
    const { response, sending } = await run(
      Effect.gen(function* () {
        const forms = yield* FormStore
        yield* forms
          .createDefinition({
            kind: "variant",
            variant: {
              id: "admission-information.rls",
              version: "1.0.0",
              status: "active",
              base: { id: "admission-information", version: "1.0.0" },
              changes: [{ op: "hide", linkId: "abuse_possibility" }],
            },
          })
          .pipe(Effect.provideService(Actor, { ...admin, role: "coordinator" }))
        const draft = yield* forms
          .createResponse({
            template: { id: "admission-information", version: "1.0.0" },
            organizationId: careOffice,
            answers: formExamples["admission-information"],
          })
          .pipe(Effect.provideService(Actor, careManager))
        const response = yield* forms
          .completeResponse(draft.id, { expectedVersion: 1 })
          .pipe(Effect.provideService(Actor, careManager))
        const sending = yield* forms
          .send(response.id, { recipients: [hospital] })
          .pipe(Effect.provideService(Actor, careManager))
        yield* forms.acknowledge(sending.id).pipe(Effect.provideService(Actor, hospitalStaff))
        return { response, sending }
      }),
    )
    const refused = async (statement: string, params: ReadonlyArray<unknown>, error: RegExp) =>
      expect(asApp(session, a.id, (c) => c.query(statement, params))).rejects.toThrow(error)
    // what was sent, and every version, is written once
    await refused("update form_sendings set note = 'x' where id = $1", [sending.id], /permission denied/)
    await refused("delete from form_sendings where id = $1", [sending.id], /permission denied/)
    await refused(
      "update form_response_versions set answers = '{}' where response_id = $1",
      [response.id],
      /permission denied/,
    )
    await refused("delete from form_response_versions where response_id = $1", [response.id], /permission denied/)
    await refused(
      "update form_responses set template_version = '9.9.9' where id = $1",
      [response.id],
      /permission denied/,
    )
    await refused(
      "update form_responses set organization_id = tenant_id where id = $1",
      [response.id],
      /permission denied/,
    )
    await refused("delete from form_responses where id = $1", [response.id], /permission denied/)
    // the current state moves one version at a time, never back to a draft
    await refused(
      "update form_responses set version = version + 2 where id = $1",
      [response.id],
      /one version at a time/,
    )
    await refused(
      "update form_responses set status = 'in-progress', version = version + 1 where id = $1",
      [response.id],
      /cannot become a draft again/,
    )
    // a recipient's acknowledgement is recorded once, and final
    await refused(
      "update form_sending_recipients set acknowledged_at = now() where sending_id = $1",
      [sending.id],
      /already recorded/,
    )
    await refused(
      "update form_sending_recipients set state = 'returned', returned_at = now(), returned_by = '{}', comment = 'x' where sending_id = $1",
      [sending.id],
      /already recorded/,
    )
    await refused(
      "update form_sending_recipients set reply = '{}' where sending_id = $1",
      [sending.id],
      /form_sending_recipients_steps/,
    )
    await refused("delete from form_sending_recipients where sending_id = $1", [sending.id], /permission denied/)
    // an active definition changes status only, and is not deleted
    await refused(
      `update form_definitions set definition = jsonb_set(definition, '{title,ja}', '"x"') where id = 'admission-information.rls'`,
      [],
      /only its status may change/,
    )
    await refused(
      "update form_definitions set status = 'draft' where id = 'admission-information.rls'",
      [],
      /only its status may change/,
    )
    await refused("delete from form_definitions where id = 'admission-information.rls'", [], /cannot be deleted/)
    const retired = await asApp(session, a.id, (c) =>
      c.query<{ status: string }>(
        `update form_definitions set status = 'retired', definition = jsonb_set(definition, '{status}', '"retired"'),
           source = jsonb_set(source, '{variant,status}', '"retired"') where id = 'admission-information.rls' returning status`,
      ),
    )
    expect(retired).toEqual([{ status: "retired" }])
    // and tenant B sees none of it
    const fromB = await asApp(session, b.id, async (c) => ({
      responses: await c.query("select id from form_responses where id = $1", [response.id]),
      sendings: await c.query("update form_sending_recipients set comment = 'x' where sending_id = $1 returning 1", [
        sending.id,
      ]),
    }))
    expect(fromB).toEqual({ responses: [], sendings: [] })
  })

  describe("tampering with the audit log as the owner is detected by verify", () => {
    const tamper = async (sql: string, params: Array<unknown>) => {
      const tenant = await run(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(uniqueTenant("tamper"))))
      await appendAs(tenant, 4) // seq 1 (tenant.create) … 5
      expect(await verifyAs(tenant)).toEqual({ valid: true, entries: 5, problems: [] })
      await asOwner(session, (c) => c.query(sql, [tenant.id, ...params]))
      return verifyAs(tenant)
    }

    it("an updated field", async () => {
      const result = await tamper("update audit_log set details = '{\"i\": 99}' where tenant_id = $1 and seq = 3", [])
      expect(result.valid).toBe(false)
      expect(result.problems).toEqual([{ seq: 3, kind: "altered" }])
    })

    it("an updated actor, time or outcome", async () => {
      for (const change of ["actor_role = 'viewer'", "at = at + interval '1 second'", "outcome = 'denied'"]) {
        const result = await tamper(`update audit_log set ${change} where tenant_id = $1 and seq = 2`, [])
        expect(result.problems).toContainEqual({ seq: 2, kind: "altered" })
      }
    })

    it("an entry rewritten with a freshly computed hash (the next link breaks)", async () => {
      const tenant = await run(Effect.flatMap(Effect.service(TenantStore), (t) => t.create(uniqueTenant("rehash"))))
      await appendAs(tenant, 4)
      const page = await run(
        Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 10 })).pipe(
          Effect.provideService(Actor, systemPrincipal(tenant.id)),
        ),
      )
      const third = page.entries.find((e) => e.seq === 3)!
      const { computeAuditHash } = await import("@zaitaku/core")
      const forged = { ...third, details: { i: 42 } }
      const { hash: _old, ...unsigned } = forged
      const newHash = await Effect.runPromise(computeAuditHash(unsigned))
      await asOwner(session, (c) =>
        c.query("update audit_log set details = $2::jsonb, hash = $3 where tenant_id = $1 and seq = 3", [
          tenant.id,
          JSON.stringify({ i: 42 }),
          newHash,
        ]),
      )
      const result = await verifyAs(tenant)
      expect(result.valid).toBe(false)
      expect(result.problems).toEqual([{ seq: 4, kind: "broken_link" }])
    })

    it("a deleted entry in the middle", async () => {
      const result = await tamper("delete from audit_log where tenant_id = $1 and seq = 3", [])
      expect(result.valid).toBe(false)
      expect(result.problems).toContainEqual({ seq: 3, kind: "missing" })
    })

    it("a deleted first entry", async () => {
      const result = await tamper("delete from audit_log where tenant_id = $1 and seq = 1", [])
      expect(result.problems).toContainEqual({ seq: 1, kind: "missing" })
    })

    it("deleted newest entries", async () => {
      const result = await tamper("delete from audit_log where tenant_id = $1 and seq >= 4", [])
      expect(result.problems).toEqual([
        { seq: 4, kind: "missing_tail" },
        { seq: 5, kind: "missing_tail" },
      ])
    })

    it("every entry deleted", async () => {
      const result = await tamper("delete from audit_log where tenant_id = $1", [])
      expect(result.valid).toBe(false)
      expect(result.entries).toBe(0)
      expect(result.problems).toHaveLength(5)
    })

    it("a renumbered entry", async () => {
      const result = await tamper("update audit_log set seq = 9 where tenant_id = $1 and seq = 5", [])
      expect(result.valid).toBe(false)
    })
  })
})

describe.runIf(adminUrl !== undefined)("an application login role that owns nothing (PostgreSQL)", () => {
  let database: TestDatabase
  let appUrl: string
  let tenantId: string

  beforeAll(async () => {
    database = await createTestDatabase(adminUrl!)
    const owner = await openPg({ connectionString: database.url })
    await migrate(owner)
    await owner.close()
    appUrl = await loginRoleUrl(database)
    const session = await openPg({ connectionString: appUrl, ownerConnectionString: database.url })
    const runtime = ManagedRuntime.make(layerSession(session).pipe(Layer.provide(IdGenerator.layer)))
    try {
      const tenant = await runtime.runPromise(
        Effect.flatMap(Effect.service(TenantStore), (t) => t.create(uniqueTenant("login-role"))),
      )
      tenantId = tenant.id
    } finally {
      await runtime.dispose()
      await session.close()
    }
  })
  afterAll(async () => {
    await database?.drop()
  })

  /** A plain connection as the login role, with no help from the store code. */
  const asLogin = async <A>(body: (client: pg.Client) => Promise<A>): Promise<A> => {
    const client = new pg.Client({ connectionString: appUrl })
    await client.connect()
    try {
      return await body(client)
    } finally {
      await client.end()
    }
  }

  it("owns no table", async () => {
    const owners = await asLogin(async (c) => {
      const result = await c.query<{ tableowner: string; me: string }>(
        "select distinct tableowner, session_user as me from pg_tables where schemaname = 'public'",
      )
      return result.rows
    })
    expect(owners.length).toBeGreaterThan(0)
    for (const row of owners) expect(row.tableowner).not.toBe(row.me)
  })

  it("sees nothing without a tenant, even after RESET ROLE, and only its tenant with one", async () => {
    const seen = await asLogin(async (c) => {
      const count = async () => (await c.query<{ n: number }>("select count(*)::int as n from audit_log")).rows[0]!.n
      const none = await count()
      await c.query("reset role")
      const afterReset = await count()
      await c.query("begin")
      await c.query("select set_config('zaitaku.tenant_id', $1, true)", [tenantId])
      const own = await count()
      await c.query("commit")
      return { none, afterReset, own }
    })
    expect(seen).toEqual({ none: 0, afterReset: 0, own: 1 })
  })

  it("cannot rewrite the audit log, enter maintenance mode, or bypass row-level security", async () => {
    await asLogin(async (c) => {
      await expect(c.query("update audit_log set action = 'x.y'")).rejects.toThrow(/permission denied/)
      await expect(c.query("delete from audit_log")).rejects.toThrow(/permission denied/)
      await expect(
        c.query(
          "insert into tenants (id, code, kind, name_ja, name_en, municipalities) values (gen_random_uuid(), 'x-y-z', 'wide_area_body', 'x', 'x', '{}')",
        ),
      ).rejects.toThrow(/permission denied/)
      await c.query("select set_config('zaitaku.system', 'on', false)")
      const maintenance = await c.query<{ n: number }>("select count(*)::int as n from tenants")
      expect(maintenance.rows[0]!.n).toBe(0)
      await expect(c.query("set row_security = off; select count(*) from audit_log")).rejects.toThrow(
        /row-level security/,
      )
    })
  })
})

describe.runIf(adminUrl !== undefined)("a PostgreSQL pool whose idle connections the server closes", () => {
  it("survives and reconnects, instead of crashing the process", async () => {
    const database = await createTestDatabase(adminUrl!)
    const session = await openPg({ connectionString: database.url })
    try {
      await migrate(session)
      await session.withConnection((c) => c.query("select 1"))
      // the server ends every other connection to this database, as a restart or failover would
      const admin = new pg.Client({ connectionString: database.url })
      await admin.connect()
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
      )
      await admin.end()
      await new Promise((resolve) => setTimeout(resolve, 100))
      const rows = await session.withConnection((c) => c.query<{ ok: number }>("select 1 as ok"))
      expect(rows).toEqual([{ ok: 1 }])
    } finally {
      await session.close()
      await database.drop()
    }
  })
})
