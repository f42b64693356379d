/**
 * The `FormStore` contract: the tenant's form library (national templates read-only, its own definitions and
 * regional variants, frozen once in use), responses with every version kept, and their exchange between the
 * organisations of its directory — who may read what (only the sender's and recipients' staff), the audit of every
 * read and write, the recipient states, replies, idempotent sends and the inbox and outbox.
 *
 * @since 0.1.0
 */
import {
  type AuditEntry,
  AuditLog,
  type FormSendingId,
  FormStore,
  type FormVariant,
  type Principal,
  type ResourceId,
  ResourceStore,
  type Role,
  type Tenant,
  TenantStore,
} from "@zaitaku/core"
import { Effect, Exit, type Layer, Option } from "effect"
import { describe, expect, it } from "vitest"
import { adminOf, uniqueTenant } from "./Fixtures.js"
import { formExamples, formReplyExample } from "./FormFixtures.js"
import { as, useRuntime } from "./internal/Suite.js"
import { directoryFixture } from "./ResourceContracts.js"

/**
 * The services the form suite uses.
 *
 * @since 0.1.0
 * @category models
 */
export type FormServices = FormStore | ResourceStore | TenantStore | AuditLog

const failureOf = (exit: Exit.Exit<unknown, unknown>) =>
  Exit.isFailure(exit)
    ? (Option.getOrUndefined(Exit.findErrorOption(exit)) as {
        _tag?: string
        reason?: string
        state?: string
        entity?: string
        resourceId?: string
        issues?: ReadonlyArray<{ path: ReadonlyArray<string | number>; code: string; message: { ja: string } }>
      })
    : undefined

const issuesOf = (exit: Exit.Exit<unknown, unknown>) =>
  (failureOf(exit)?.issues ?? []).map((issue) => `${issue.path.join(".")}:${issue.code}`)

let keyCounter = 0

/** A principal of a tenant with a role, working for some organisations (as an API key would make it). */
const staff = (tenant: Tenant, role: Role, resources: ReadonlyArray<ResourceId>): Principal => {
  keyCounter += 1
  return {
    tenantId: tenant.id,
    role,
    subject: { kind: "api_key", id: `0192f5a0-0000-7000-8000-${String(keyCounter).padStart(12, "0")}` },
    resources: [...resources],
  }
}

const admission = { id: "admission-information", version: "1.0.0" }
const contactSheet = { id: "doctor-care-manager-contact", version: "1.0.0" }

/** A tenant with three organisations in its directory and staff of each, plus a coordinator. */
const world = (prefix: string) =>
  Effect.gen(function* () {
    const tenant = yield* Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(uniqueTenant(prefix)))
    const directory = yield* ResourceStore
    const fixture = directoryFixture(tenant.id)
    const admin = adminOf(tenant)
    const careOffice = (yield* directory.create(fixture.careplan).pipe(as(admin))).id
    const hospital = (yield* directory.create(fixture.chuoHospital).pipe(as(admin))).id
    const clinic = (yield* directory.create(fixture.zaitakuClinic).pipe(as(admin))).id
    return {
      tenant,
      admin,
      careOffice,
      hospital,
      clinic,
      careManager: staff(tenant, "care_manager", [careOffice]),
      hospitalStaff: staff(tenant, "hospital_staff", [hospital]),
      clinicStaff: staff(tenant, "provider", [clinic]),
      coordinator: staff(tenant, "coordinator", []),
    }
  })

const auditOf = (principal: Principal) =>
  Effect.flatMap(Effect.service(AuditLog), (log) => log.list({ limit: 500 })).pipe(
    Effect.map((page) => page.entries),
    as(principal),
  )

/** A regional 入院時情報提供書: adds two items, hides one, makes one required. */
const hachinoheVariant = (status: "draft" | "active" = "draft"): FormVariant => ({
  id: "admission-information.hachinohe",
  version: "1.0.0",
  status,
  title: { ja: "入院時情報提供書（八戸圏域）", en: "Admission information sheet (Hachinohe area)" },
  base: admission,
  changes: [
    {
      op: "add",
      parent: "basic",
      item: {
        linkId: "insurer_number",
        type: "string",
        text: { ja: "被保険者番号", en: "Insured person number" },
        maxLength: 10,
      },
    },
    {
      op: "add",
      item: {
        linkId: "area_contact_note",
        type: "text",
        text: { ja: "圏域連絡欄", en: "Area contact note" },
        maxLength: 500,
      },
    },
    { op: "hide", linkId: "abuse_possibility" },
  ],
})

/**
 * Runs the `FormStore` contract against an implementation.
 *
 * @since 0.1.0
 * @category suites
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { AuditLog, FormStore, IdGenerator, ResourceStore, TenantStore } from "@zaitaku/core"
 * import { formStoreSuite } from "@zaitaku/testing"
 *
 * formStoreSuite(
 *   "memory",
 *   Layer.mergeAll(TenantStore.layerMemory, FormStore.layerMemory).pipe(
 *     Layer.provideMerge(ResourceStore.layerMemory),
 *     Layer.provideMerge(AuditLog.layerMemory),
 *     Layer.provide(IdGenerator.layer),
 *   ),
 * )
 * ```
 */
export const formStoreSuite = (
  name: string,
  source: Layer.Layer<FormServices, unknown> | (() => Promise<Layer.Layer<FormServices, unknown>>),
): void => {
  describe(`FormStore contract (${name})`, () => {
    const { run } = useRuntime(source)
    const forms = Effect.service(FormStore)

    it("lists the national templates read-only and a tenant's variants, resolved, for that tenant only", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-library")
          const other = yield* world("forms-library-b")
          const s = yield* forms
          const national = yield* s.definitions({ origin: "national" }).pipe(as(w.careManager))
          const created = yield* s
            .createDefinition({ kind: "variant", variant: hachinoheVariant("active") })
            .pipe(as(w.coordinator))
          const entry = yield* s.definition("admission-information.hachinohe").pipe(as(w.hospitalStaff))
          const base = yield* s.definition("admission-information", "1.0.0").pipe(as(w.hospitalStaff))
          const tenantList = yield* s.definitions({ origin: "tenant" }).pipe(as(w.careManager))
          const otherList = yield* s.definitions({ origin: "tenant" }).pipe(as(other.careManager))
          const otherGet = yield* Effect.exit(s.definition("admission-information.hachinohe").pipe(as(other.admin)))
          const first = yield* s.definitions({ limit: 4 }).pipe(as(w.careManager))
          const second = yield* s.definitions({ limit: 4, cursor: first.nextCursor! }).pipe(as(w.careManager))
          const byViewer = yield* Effect.exit(
            s
              .createDefinition({ kind: "variant", variant: { ...hachinoheVariant(), id: "x.viewer" } })
              .pipe(as(staff(w.tenant, "viewer", []))),
          )
          const reserved = yield* Effect.exit(
            s
              .createDefinition({ kind: "variant", variant: { ...hachinoheVariant(), id: "admission-information" } })
              .pipe(as(w.coordinator)),
          )
          const unknownBase = yield* Effect.exit(
            s
              .createDefinition({
                kind: "variant",
                variant: {
                  ...hachinoheVariant(),
                  id: "x.unknown",
                  base: { id: "admission-information", version: "9.0.0" },
                },
              })
              .pipe(as(w.coordinator)),
          )
          const badChange = yield* Effect.exit(
            s
              .createDefinition({
                kind: "variant",
                variant: { ...hachinoheVariant(), id: "x.bad", changes: [{ op: "hide", linkId: "no_such_item" }] },
              })
              .pipe(as(w.coordinator)),
          )
          const duplicate = yield* Effect.exit(
            s.createDefinition({ kind: "variant", variant: hachinoheVariant() }).pipe(as(w.coordinator)),
          )
          return {
            national,
            created,
            entry,
            base,
            tenantList,
            otherList,
            otherGet,
            first,
            second,
            byViewer,
            reserved,
            unknownBase,
            badChange,
            duplicate,
          }
        }),
      )
      expect(result.national.items.map((item) => item.id)).toEqual([
        "admission-information",
        "care-information-sharing",
        "discharge-information",
        "doctor-care-manager-contact",
        "emergency-medical-information-kit",
        "training-application",
      ])
      expect(result.national.items.find((item) => item.id === "doctor-care-manager-contact")?.hasReply).toBe(true)
      expect(result.created).toMatchObject({ id: "admission-information.hachinohe", status: "active", revision: 1 })
      expect(result.entry.origin).toBe("tenant")
      expect(result.entry.definition.derivedFrom).toEqual(admission)
      const basic = result.entry.definition.items.find((item) => item.linkId === "basic")!
      expect(basic.items?.some((item) => item.linkId === "insurer_number")).toBe(true)
      expect(basic.items?.some((item) => item.linkId === "abuse_possibility")).toBe(false)
      expect(result.entry.definition.items.some((item) => item.linkId === "area_contact_note")).toBe(true)
      expect(result.base.origin).toBe("national")
      expect(result.tenantList.items.map((item) => [item.id, item.kind, item.origin])).toEqual([
        ["admission-information.hachinohe", "variant", "tenant"],
      ])
      expect(result.otherList.items).toEqual([])
      expect(failureOf(result.otherGet)?._tag).toBe("NotFound")
      expect([...result.first.items, ...result.second.items].map((item) => item.id)).toEqual([
        "admission-information",
        "admission-information.hachinohe",
        "care-information-sharing",
        "discharge-information",
        "doctor-care-manager-contact",
        "emergency-medical-information-kit",
        "training-application",
      ])
      expect(failureOf(result.byViewer)?._tag).toBe("Forbidden")
      expect(issuesOf(result.reserved)).toEqual(["variant.id:reserved_id"])
      expect(issuesOf(result.unknownBase)).toEqual(["variant.base:unknown_base"])
      expect(issuesOf(result.badChange)).toEqual(["variant.changes.0.linkId:unknown_item"])
      expect(failureOf(result.duplicate)).toMatchObject({ _tag: "Conflict", reason: "already_exists" })
    })

    it("edits a draft definition, freezes it once active (status changes only), and deletes only unused drafts", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-freeze")
          const s = yield* forms
          const c = w.coordinator
          const draft = yield* s.createDefinition({ kind: "variant", variant: hachinoheVariant() }).pipe(as(c))
          const relabelled = {
            ...hachinoheVariant(),
            changes: [
              ...hachinoheVariant().changes,
              { op: "relabel" as const, linkId: "basic", text: { ja: "本人の基本情報", en: "The person" } },
            ],
          }
          const edited = yield* s
            .updateDefinition(
              draft.id,
              draft.version,
              { kind: "variant", variant: relabelled },
              { expectedRevision: 1 },
            )
            .pipe(as(c))
          const stale = yield* Effect.exit(
            s
              .updateDefinition(
                draft.id,
                draft.version,
                { kind: "variant", variant: relabelled },
                { expectedRevision: 1 },
              )
              .pipe(as(c)),
          )
          const renamed = yield* Effect.exit(
            s
              .updateDefinition(
                draft.id,
                draft.version,
                { kind: "variant", variant: { ...relabelled, version: "1.0.1" } },
                { expectedRevision: 2 },
              )
              .pipe(as(c)),
          )
          const activated = yield* s
            .updateDefinition(
              draft.id,
              draft.version,
              { kind: "variant", variant: { ...relabelled, status: "active" } },
              { expectedRevision: 2 },
            )
            .pipe(as(c))
          const changedWhileActive = yield* Effect.exit(
            s
              .updateDefinition(
                draft.id,
                draft.version,
                { kind: "variant", variant: hachinoheVariant("active") },
                {
                  expectedRevision: 3,
                },
              )
              .pipe(as(c)),
          )
          const backToDraft = yield* Effect.exit(
            s
              .updateDefinition(
                draft.id,
                draft.version,
                { kind: "variant", variant: relabelled },
                { expectedRevision: 3 },
              )
              .pipe(as(c)),
          )
          const retired = yield* s
            .updateDefinition(
              draft.id,
              draft.version,
              { kind: "variant", variant: { ...relabelled, status: "retired" } },
              { expectedRevision: 3 },
            )
            .pipe(as(c))
          const deleteRetired = yield* Effect.exit(
            s.deleteDefinition(draft.id, draft.version, { expectedRevision: 4 }).pipe(as(c)),
          )
          // a draft definition of the tenant, a variant of it, and the deletions
          const own = yield* s
            .createDefinition({
              kind: "definition",
              definition: {
                id: "hachinohe-contact",
                version: "0.1.0",
                status: "draft",
                title: { ja: "八戸連絡票", en: "Hachinohe contact sheet" },
                items: [{ linkId: "note", type: "text", text: { ja: "連絡事項", en: "Note" }, required: true }],
              },
            })
            .pipe(as(c))
          yield* s
            .createDefinition({
              kind: "variant",
              variant: {
                id: "hachinohe-contact.east",
                version: "0.1.0",
                status: "draft",
                base: { id: own.id, version: own.version },
                changes: [{ op: "relabel", linkId: "note", text: { ja: "連絡・相談事項", en: "Note or question" } }],
              },
            })
            .pipe(as(c))
          const baseInUse = yield* Effect.exit(
            s.deleteDefinition(own.id, own.version, { expectedRevision: 1 }).pipe(as(c)),
          )
          yield* s.deleteDefinition("hachinohe-contact.east", "0.1.0", { expectedRevision: 1 }).pipe(as(c))
          yield* s.deleteDefinition(own.id, own.version, { expectedRevision: 1 }).pipe(as(c))
          const gone = yield* Effect.exit(s.definition(own.id, own.version).pipe(as(c)))
          const audit = yield* auditOf(w.admin)
          return {
            edited,
            stale,
            renamed,
            activated,
            changedWhileActive,
            backToDraft,
            retired,
            deleteRetired,
            baseInUse,
            gone,
            audit,
          }
        }),
      )
      expect(result.edited).toMatchObject({ status: "draft", revision: 2 })
      expect(result.edited.definition.items.find((item) => item.linkId === "basic")?.text.ja).toBe("本人の基本情報")
      expect(failureOf(result.stale)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
      expect(issuesOf(result.renamed)).toEqual(["variant.version:identity_mismatch"])
      expect(result.activated).toMatchObject({ status: "active", revision: 3 })
      expect(failureOf(result.changedWhileActive)).toMatchObject({ _tag: "Conflict", reason: "state", state: "active" })
      expect(failureOf(result.backToDraft)).toMatchObject({ _tag: "Conflict", reason: "state", state: "active" })
      expect(result.retired).toMatchObject({ status: "retired", revision: 4 })
      expect(failureOf(result.deleteRetired)).toMatchObject({ _tag: "Conflict", state: "retired" })
      expect(failureOf(result.baseInUse)).toMatchObject({ _tag: "Conflict", state: "in_use" })
      expect(failureOf(result.gone)?._tag).toBe("NotFound")
      const actions = result.audit.filter((e) => e.target.type === "form_definition").map((e) => e.action)
      expect(actions.filter((a) => a === "form_definition.update")).toHaveLength(3)
      expect(actions.filter((a) => a === "form_definition.delete")).toHaveLength(2)
      expect(result.audit.filter((e) => e.target.type === "form_definition").every((e) => !e.personalData)).toBe(true)
    })

    it("keeps every version of a response: drafts are edited and completed, completed ones amended, never overwritten", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-versions")
          const s = yield* forms
          const cm = w.careManager
          const { basic, ...rest } = formExamples["admission-information"] as Record<string, Record<string, unknown>>
          const created = yield* s
            .createResponse(
              { template: admission, organizationId: w.careOffice, answers: rest },
              { idempotencyKey: "adm-1" },
            )
            .pipe(as(cm))
          const again = yield* s
            .createResponse(
              { template: admission, organizationId: w.careOffice, answers: rest },
              { idempotencyKey: "adm-1" },
            )
            .pipe(as(cm))
          const otherBody = yield* Effect.exit(
            s
              .createResponse({ template: admission, organizationId: w.careOffice }, { idempotencyKey: "adm-1" })
              .pipe(as(cm)),
          )
          const incomplete = yield* Effect.exit(s.completeResponse(created.id, { expectedVersion: 1 }).pipe(as(cm)))
          const badDraft = yield* Effect.exit(
            s
              .editResponse(
                created.id,
                { answers: { ...rest, basic: { ...basic, birth_date: "2199-01-01", phone: "12" } } },
                { expectedVersion: 1 },
              )
              .pipe(as(cm)),
          )
          const edited = yield* s
            .editResponse(created.id, { answers: { ...rest, basic } }, { expectedVersion: 1 })
            .pipe(as(cm))
          const stale = yield* Effect.exit(s.completeResponse(created.id, { expectedVersion: 1 }).pipe(as(cm)))
          const completed = yield* s.completeResponse(created.id, { expectedVersion: 2 }).pipe(as(cm))
          const editCompleted = yield* Effect.exit(
            s.editResponse(created.id, { answers: {} }, { expectedVersion: 3 }).pipe(as(cm)),
          )
          const amendedAnswers = { ...rest, basic: { ...basic, admission_date: "2026-01-18" } }
          const amended = yield* s
            .amendResponse(
              created.id,
              { answers: amendedAnswers, reason: "入院日の誤記を訂正" },
              { expectedVersion: 3 },
            )
            .pipe(as(cm))
          const linked = yield* s.linkCase(created.id, "case-0001", { expectedVersion: 4 }).pipe(as(cm))
          const versions = yield* s.responseVersions(created.id).pipe(as(cm))
          const inError = yield* s
            .markEnteredInError(created.id, { reason: "別の利用者の情報と取り違えたため" }, { expectedVersion: 5 })
            .pipe(as(cm))
          const afterError = yield* Effect.exit(
            s.amendResponse(created.id, { answers: amendedAnswers }, { expectedVersion: 6 }).pipe(as(cm)),
          )
          const read = yield* s.response(created.id).pipe(as(cm))
          const listed = yield* s.responses({ status: ["entered-in-error"] }).pipe(as(cm))
          return {
            created,
            again,
            otherBody,
            incomplete,
            badDraft,
            edited,
            stale,
            completed,
            editCompleted,
            amended,
            linked,
            versions,
            inError,
            afterError,
            read,
            listed,
          }
        }),
      )
      expect(result.created).toMatchObject({ status: "in-progress", version: 1, template: admission })
      expect(result.again).toEqual(result.created)
      expect(failureOf(result.otherBody)).toMatchObject({ _tag: "Conflict", entity: "idempotency_key" })
      // completing reports every missing required item of the section left out, with its path
      expect(issuesOf(result.incomplete)).toContain("answers.basic:required")
      expect(issuesOf(result.badDraft)).toEqual(
        expect.arrayContaining(["answers.basic.birth_date:date_too_late", "answers.basic.phone:invalid_phone"]),
      )
      expect(result.edited).toMatchObject({ status: "in-progress", version: 2 })
      expect(failureOf(result.stale)).toMatchObject({ _tag: "Conflict", reason: "version_mismatch" })
      expect(result.completed).toMatchObject({ status: "completed", version: 3 })
      expect(typeof result.completed.completedAt).toBe("string")
      // calculated values are kept with the answers (age from the birth date)
      expect((result.completed.answers.basic as Record<string, unknown>).age).toEqual(expect.any(Number))
      expect(failureOf(result.editCompleted)).toMatchObject({ _tag: "Conflict", reason: "state", state: "completed" })
      expect(result.amended).toMatchObject({ status: "amended", version: 4, reason: "入院日の誤記を訂正" })
      expect(result.linked).toMatchObject({ version: 5, caseId: "case-0001", status: "amended" })
      expect(result.versions.map((v) => [v.version, v.status])).toEqual([
        [1, "in-progress"],
        [2, "in-progress"],
        [3, "completed"],
        [4, "amended"],
        [5, "amended"],
      ])
      // the completed version still holds what it said: the amendment did not overwrite it
      expect((result.versions[2]!.answers.basic as Record<string, unknown>).admission_date).toBe("2026-01-17")
      expect((result.versions[3]!.answers.basic as Record<string, unknown>).admission_date).toBe("2026-01-18")
      expect(result.inError).toMatchObject({ status: "entered-in-error", version: 6 })
      expect(failureOf(result.afterError)).toMatchObject({ _tag: "Conflict", state: "entered-in-error" })
      expect(result.read).toEqual(result.inError)
      expect(result.listed.items.map((item) => item.id)).toEqual([result.created.id])
      expect(result.listed.items[0]).not.toHaveProperty("answers")
    })

    it("starts responses only on usable forms, for organisations the key works for, by organisations' staff", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-start")
          const s = yield* forms
          yield* s.createDefinition({ kind: "variant", variant: hachinoheVariant("draft") }).pipe(as(w.coordinator))
          const onDraft = yield* Effect.exit(
            s
              .createResponse({
                template: { id: "admission-information.hachinohe", version: "1.0.0" },
                organizationId: w.careOffice,
              })
              .pipe(as(w.careManager)),
          )
          const unknown = yield* Effect.exit(
            s
              .createResponse({
                template: { id: "admission-information", version: "9.9.9" },
                organizationId: w.careOffice,
              })
              .pipe(as(w.careManager)),
          )
          const foreign = yield* Effect.exit(
            s.createResponse({ template: admission, organizationId: w.hospital }).pipe(as(w.careManager)),
          )
          const byCoordinator = yield* Effect.exit(
            s.createResponse({ template: admission, organizationId: w.careOffice }).pipe(as(w.coordinator)),
          )
          const replyBySender = yield* Effect.exit(
            s
              .createResponse({
                template: contactSheet,
                organizationId: w.careOffice,
                answers: { ...formExamples["doctor-care-manager-contact"], reply: formReplyExample },
              })
              .pipe(as(w.careManager)),
          )
          const listedByOthers = yield* s.responses().pipe(as(w.hospitalStaff))
          return { onDraft, unknown, foreign, byCoordinator, replyBySender, listedByOthers }
        }),
      )
      expect(issuesOf(result.onDraft)).toEqual(["template:form_not_usable"])
      expect(issuesOf(result.unknown)).toEqual(["template:unknown_form"])
      expect(failureOf(result.foreign)).toMatchObject({ _tag: "Forbidden" })
      expect(failureOf(result.byCoordinator)).toMatchObject({ _tag: "Forbidden" })
      expect(issuesOf(result.replyBySender)).toEqual(["answers.reply:reply_section"])
      expect(result.listedByOthers.items).toEqual([])
    })

    it("lists the sendings linked to cases, without answers, for the coordination module; not another tenant's, not entered-in-error ones", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-case-sendings")
          const other = yield* world("forms-case-sendings-b")
          const s = yield* forms
          const cm = w.careManager
          const areaSheet = { id: "admission-information.hachinohe", version: "1.0.0" }
          // the area's sheet hides 虐待の可能性
          const { abuse_possibility: _hidden, ...areaBasic } = formExamples["admission-information"].basic as Record<
            string,
            unknown
          >
          const areaAnswers = { ...formExamples["admission-information"], basic: areaBasic }
          yield* s.createDefinition({ kind: "variant", variant: hachinoheVariant("active") }).pipe(as(w.coordinator))
          const sendFor = (caseId: string | undefined, template = admission) =>
            Effect.gen(function* () {
              const answers =
                template.id === areaSheet.id ? areaAnswers : formExamples[template.id as keyof typeof formExamples]
              const draft = yield* s
                .createResponse({
                  template,
                  organizationId: w.careOffice,
                  ...(caseId === undefined ? {} : { caseId }),
                  answers,
                })
                .pipe(as(cm))
              const done = yield* s.completeResponse(draft.id, { expectedVersion: 1 }).pipe(as(cm))
              const sending = yield* s.send(done.id, { recipients: [w.hospital, w.clinic] }).pipe(as(cm))
              return { response: done, sending }
            })
          const first = yield* sendFor("case-a")
          const second = yield* sendFor("case-a", contactSheet)
          const unlinked = yield* sendFor(undefined)
          const elsewhere = yield* sendFor("case-b")
          const fromArea = yield* sendFor("case-b", areaSheet)
          const wrong = yield* sendFor("case-a")
          yield* s
            .markEnteredInError(wrong.response.id, { reason: "別の患者の情報" }, { expectedVersion: 2 })
            .pipe(as(cm))
          const byCoordinator = yield* s.caseSendings(["case-a", "case-b"]).pipe(as(w.coordinator))
          const onlyB = yield* s.caseSendings(["case-b"]).pipe(as(w.hospitalStaff))
          const none = yield* s.caseSendings([]).pipe(as(w.coordinator))
          const otherTenant = yield* s.caseSendings(["case-a"]).pipe(as(other.coordinator))
          const byViewer = yield* Effect.exit(s.caseSendings(["case-a"]).pipe(as(staff(w.tenant, "viewer", []))))
          return { first, second, unlinked, elsewhere, fromArea, byCoordinator, onlyB, none, otherTenant, byViewer, w }
        }),
      )
      const { w } = result
      expect(result.byCoordinator).toEqual([
        {
          id: result.first.sending.id,
          caseId: "case-a",
          responseId: result.first.response.id,
          template: admission,
          from: w.careOffice,
          sentAt: result.first.sending.sentAt,
          recipients: [w.hospital, w.clinic],
        },
        expect.objectContaining({ id: result.second.sending.id, caseId: "case-a", template: contactSheet }),
        expect.objectContaining({ id: result.elsewhere.sending.id, caseId: "case-b" }),
        // the area's variant carries the sheet it derives from, so a rule naming the national sheet is met by it
        expect.objectContaining({
          id: result.fromArea.sending.id,
          template: { id: "admission-information.hachinohe", version: "1.0.0" },
          derivedFrom: ["admission-information"],
        }),
      ])
      expect(result.byCoordinator.filter((x) => x.derivedFrom !== undefined)).toHaveLength(1)
      expect(result.byCoordinator.some((x) => x.id === result.unlinked.sending.id)).toBe(false)
      expect(result.onlyB.map((x) => x.id)).toEqual([result.elsewhere.sending.id, result.fromArea.sending.id])
      expect(result.none).toEqual([])
      expect(result.otherTenant).toEqual([])
      expect(failureOf(result.byViewer)).toMatchObject({ _tag: "Forbidden" })
    })

    it("sends between two organisations: receipt, acknowledgement and return; a third organisation and the coordinator cannot read it; every read is audited", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-exchange")
          const s = yield* forms
          const cm = w.careManager
          const draft = yield* s
            .createResponse({
              template: admission,
              organizationId: w.careOffice,
              caseId: "case-7",
              answers: formExamples["admission-information"],
            })
            .pipe(as(cm))
          const sendDraft = yield* Effect.exit(s.send(draft.id, { recipients: [w.hospital] }).pipe(as(cm)))
          const done = yield* s.completeResponse(draft.id, { expectedVersion: 1 }).pipe(as(cm))
          const toSelf = yield* Effect.exit(s.send(done.id, { recipients: [w.careOffice] }).pipe(as(cm)))
          const toUnknown = yield* Effect.exit(
            s
              .send(done.id, { recipients: [w.hospital, "0192f5a0-0000-7000-8000-00000000dead" as ResourceId] })
              .pipe(as(cm)),
          )
          const byHospital = yield* Effect.exit(s.send(done.id, { recipients: [w.clinic] }).pipe(as(w.hospitalStaff)))
          const attachment = {
            name: "お薬手帳.pdf",
            contentType: "application/pdf",
            size: 182_000,
            sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          }
          const body = { recipients: [w.hospital], note: "入院時の情報をお送りします", attachments: [attachment] }
          const sent = yield* s.send(done.id, body, { idempotencyKey: "send-1" }).pipe(as(cm))
          const retried = yield* s.send(done.id, body, { idempotencyKey: "send-1" }).pipe(as(cm))
          const reused = yield* Effect.exit(
            s.send(done.id, { recipients: [w.clinic] }, { idempotencyKey: "send-1" }).pipe(as(cm)),
          )
          const outboxBefore = yield* s.outbox({ organizationId: w.careOffice }).pipe(as(cm))
          const inbox = yield* s.inbox({ organizationId: w.hospital, state: ["sent"] }).pipe(as(w.hospitalStaff))
          const opened = yield* s.sending(sent.id).pipe(as(w.hospitalStaff))
          const openedAgain = yield* s.sending(sent.id).pipe(as(w.hospitalStaff))
          const readByHospital = yield* s.response(done.id).pipe(as(w.hospitalStaff))
          // the third organisation, the coordinator and another tenant learn nothing
          const clinicResponse = yield* Effect.exit(s.response(done.id).pipe(as(w.clinicStaff)))
          const clinicSending = yield* Effect.exit(s.sending(sent.id).pipe(as(w.clinicStaff)))
          const clinicAck = yield* Effect.exit(s.acknowledge(sent.id).pipe(as(w.clinicStaff)))
          const coordinatorRead = yield* Effect.exit(s.response(done.id).pipe(as(w.coordinator)))
          const other = yield* world("forms-exchange-b")
          const otherTenant = yield* Effect.exit(
            s.response(done.id).pipe(as({ ...other.careManager, resources: [w.careOffice] })),
          )
          const senderAck = yield* Effect.exit(s.acknowledge(sent.id).pipe(as(cm)))
          const acknowledged = yield* s.acknowledge(sent.id).pipe(as(w.hospitalStaff))
          const ackAgain = yield* Effect.exit(s.acknowledge(sent.id).pipe(as(w.hospitalStaff)))
          const returnAfterAck = yield* Effect.exit(
            s.returnSending(sent.id, { comment: "不要" }).pipe(as(w.hospitalStaff)),
          )
          // the amended sheet goes to the clinic too, which returns it; the hospital still sees what it was sent
          const amended = yield* s
            .amendResponse(
              done.id,
              { answers: { ...formExamples["admission-information"], wishes: { patient_wishes: "自宅に帰りたい。" } } },
              { expectedVersion: 2 },
            )
            .pipe(as(cm))
          const toClinic = yield* s.send(done.id, { recipients: [w.clinic] }).pipe(as(cm))
          const noComment = yield* Effect.exit(s.returnSending(toClinic.id, { comment: " " }).pipe(as(w.clinicStaff)))
          const returned = yield* s
            .returnSending(toClinic.id, { comment: "当院の担当患者ではありません" })
            .pipe(as(w.clinicStaff))
          const hospitalAfterAmend = yield* s.response(done.id).pipe(as(w.hospitalStaff))
          const clinicView = yield* s.response(done.id).pipe(as(w.clinicStaff))
          const hospitalVersions = yield* s.responseVersions(done.id).pipe(as(w.hospitalStaff))
          const outbox = yield* s.outbox({ organizationId: w.careOffice }).pipe(as(cm))
          const senderView = yield* s.sending(sent.id).pipe(as(cm))
          const audit = yield* auditOf(w.admin)
          return {
            done,
            sendDraft,
            toSelf,
            toUnknown,
            byHospital,
            sent,
            retried,
            reused,
            outboxBefore,
            inbox,
            opened,
            openedAgain,
            readByHospital,
            clinicResponse,
            clinicSending,
            clinicAck,
            coordinatorRead,
            otherTenant,
            senderAck,
            acknowledged,
            ackAgain,
            returnAfterAck,
            amended,
            toClinic,
            noComment,
            returned,
            hospitalAfterAmend,
            clinicView,
            hospitalVersions,
            outbox,
            senderView,
            audit,
            w,
          }
        }),
      )
      const { w } = result
      expect(failureOf(result.sendDraft)).toMatchObject({ _tag: "Conflict", state: "in-progress" })
      expect(issuesOf(result.toSelf)).toEqual(["recipients.0:own_organization"])
      expect(issuesOf(result.toUnknown)).toEqual(["recipients.1:unknown_organization"])
      expect(failureOf(result.byHospital)?._tag).toBe("NotFound") // the hospital has not received it yet
      expect(result.sent).toMatchObject({
        responseId: result.done.id,
        responseVersion: 2,
        template: admission,
        from: w.careOffice,
        caseId: "case-7",
        note: "入院時の情報をお送りします",
        status: "completed",
        recipients: [{ organizationId: w.hospital, state: "sent" }],
      })
      expect(result.sent.attachments).toHaveLength(1)
      expect(result.sent.answers).toEqual(result.done.answers)
      expect(result.retried.id).toBe(result.sent.id)
      expect(failureOf(result.reused)).toMatchObject({ _tag: "Conflict", entity: "idempotency_key" })
      expect(result.outboxBefore.items.map((item) => item.id)).toEqual([result.sent.id])
      expect(result.inbox.items.map((item) => item.id)).toEqual([result.sent.id])
      expect(result.inbox.items[0]).not.toHaveProperty("note")
      expect(result.inbox.items[0]).not.toHaveProperty("answers")
      // the first read is the receipt: who and when; reading again changes nothing
      expect(result.opened.recipients).toEqual([
        expect.objectContaining({
          organizationId: w.hospital,
          state: "received",
          receivedBy: w.hospitalStaff.subject,
          receivedAt: expect.any(String),
        }),
      ])
      expect(result.openedAgain.recipients).toEqual(result.opened.recipients)
      expect(result.readByHospital).toMatchObject({ id: result.done.id, version: 2, status: "completed" })
      for (const exit of [result.clinicResponse, result.clinicSending, result.clinicAck, result.otherTenant]) {
        expect(failureOf(exit)?._tag).toBe("NotFound")
      }
      expect(failureOf(result.coordinatorRead)?._tag).toBe("Forbidden")
      expect(issuesOf(result.senderAck)).toEqual(["organizationId:not_a_recipient"])
      expect(result.acknowledged.recipients[0]).toMatchObject({
        state: "acknowledged",
        acknowledgedBy: w.hospitalStaff.subject,
      })
      expect(failureOf(result.ackAgain)).toMatchObject({ _tag: "Conflict", state: "acknowledged" })
      expect(failureOf(result.returnAfterAck)).toMatchObject({ _tag: "Conflict", state: "acknowledged" })
      expect(issuesOf(result.noComment)).toEqual(["comment:too_small"])
      expect(result.returned.recipients[0]).toMatchObject({
        organizationId: w.clinic,
        state: "returned",
        comment: "当院の担当患者ではありません",
        receivedAt: expect.any(String),
      })
      // the hospital reads what it was sent (version 2), the clinic the amendment (version 3)
      expect(result.hospitalAfterAmend).toMatchObject({ version: 2, status: "completed" })
      expect(result.hospitalAfterAmend.answers).toEqual(result.done.answers)
      expect(result.clinicView).toMatchObject({ version: 3, status: "amended" })
      expect(result.hospitalVersions.map((v) => v.version)).toEqual([2])
      // the sender sees every recipient; each recipient only its own row
      expect(result.outbox.items.map((item) => item.id)).toEqual([result.toClinic.id, result.sent.id])
      expect(result.outbox.items[1]!.recipients[0]).toMatchObject({ state: "acknowledged" })
      expect(result.outbox.items[0]!.recipients[0]).not.toHaveProperty("comment")
      expect(result.senderView.currentStatus).toBe("amended")
      expect(result.senderView.status).toBe("completed")

      const audit = result.audit as ReadonlyArray<AuditEntry>
      const reads = audit.filter((e) => e.action === "form_response.read")
      expect(reads.every((e) => e.personalData && e.target.type === "form_response")).toBe(true)
      const byActor = (principal: Principal, outcome: string) =>
        reads.filter((e) => e.actor.id === principal.subject.id && e.outcome === outcome)
      // hospital: 2 sending reads, 1 response read, after the amendment 1 more response read
      expect(byActor(w.hospitalStaff, "success")).toHaveLength(4)
      expect(byActor(w.clinicStaff, "success")).toHaveLength(1)
      expect(byActor(w.clinicStaff, "denied")).toHaveLength(2) // the response and the sending
      expect(
        audit.filter(
          (e) =>
            e.action === "form_sending.acknowledge" &&
            e.outcome === "denied" &&
            e.actor.id === w.clinicStaff.subject.id &&
            e.target.id === result.done.id,
        ),
      ).toHaveLength(1)
      expect(reads.every((e) => !JSON.stringify(e.details).includes("八戸 太郎"))).toBe(true)
      const writes = audit.filter((e) => e.target.type === "form_response" && e.outcome === "success")
      expect(writes.map((e) => e.action)).toEqual(
        expect.arrayContaining(["form_response.create", "form_response.complete", "form_response.amend"]),
      )
      expect(writes.every((e) => e.personalData)).toBe(true)
      const exchange = audit.filter((e) => e.target.type === "form_sending" && e.outcome === "success")
      expect(exchange.map((e) => e.action).sort()).toEqual([
        "form_sending.acknowledge",
        "form_sending.receive",
        "form_sending.return",
        "form_sending.send",
        "form_sending.send",
      ])
      expect(exchange.every((e) => e.personalData)).toBe(true)
    })

    it("takes a reply on a sheet with a reply section, validated, once per recipient", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-reply")
          const s = yield* forms
          const cm = w.careManager
          const doctor = staff(w.tenant, "provider", [w.clinic])
          const enquiry = yield* s
            .createResponse({
              template: contactSheet,
              organizationId: w.careOffice,
              answers: formExamples["doctor-care-manager-contact"],
            })
            .pipe(as(cm))
          yield* s.completeResponse(enquiry.id, { expectedVersion: 1 }).pipe(as(cm))
          const sent = yield* s.send(enquiry.id, { recipients: [w.clinic, w.hospital] }).pipe(as(cm))
          const empty = yield* Effect.exit(s.reply(sent.id, { answers: {} }).pipe(as(doctor)))
          const invalid = yield* Effect.exit(
            s.reply(sent.id, { answers: { replied_on: "2026-01-01" } }).pipe(as(doctor)),
          )
          const replied = yield* s.reply(sent.id, { answers: formReplyExample }).pipe(as(doctor))
          const twice = yield* Effect.exit(s.reply(sent.id, { answers: formReplyExample }).pipe(as(doctor)))
          const hospitalView = yield* s.sending(sent.id).pipe(as(w.hospitalStaff))
          const senderView = yield* s.sending(sent.id).pipe(as(cm))
          // a sheet without a reply section takes no reply
          const admissionSheet = yield* s
            .createResponse({
              template: admission,
              organizationId: w.careOffice,
              answers: formExamples["admission-information"],
            })
            .pipe(as(cm))
          yield* s.completeResponse(admissionSheet.id, { expectedVersion: 1 }).pipe(as(cm))
          const admissionSent = yield* s.send(admissionSheet.id, { recipients: [w.hospital] }).pipe(as(cm))
          const noSection = yield* Effect.exit(
            s.reply(admissionSent.id, { answers: { note: "x" } }).pipe(as(w.hospitalStaff)),
          )
          const inbox = yield* s.inbox({ organizationId: w.hospital }).pipe(as(w.hospitalStaff))
          return { w, empty, invalid, replied, twice, hospitalView, senderView, noSection, sent, admissionSent, inbox }
        }),
      )
      const { w } = result
      expect(issuesOf(result.empty)).toEqual(["answers:reply_empty"])
      expect(issuesOf(result.invalid)).toEqual(
        expect.arrayContaining(["answers.replied_on:constraint", "answers.reply_text:required"]),
      )
      const clinicRow = result.replied.recipients.find((r) => r.organizationId === w.clinic)!
      expect(result.replied.recipients).toHaveLength(1) // the doctor sees its own row only
      expect(clinicRow).toMatchObject({ state: "received", reply: formReplyExample, repliedAt: expect.any(String) })
      expect(failureOf(result.twice)).toMatchObject({ _tag: "Conflict", state: "replied" })
      expect(result.hospitalView.recipients.map((r) => r.organizationId)).toEqual([w.hospital])
      expect(result.hospitalView.recipients[0]).not.toHaveProperty("reply")
      expect(result.senderView.recipients.find((r) => r.organizationId === w.clinic)?.reply).toEqual(formReplyExample)
      expect(issuesOf(result.noSection)).toEqual(["answers:no_reply_section"])
      expect(result.inbox.items.map((item) => item.id)).toEqual([result.admissionSent.id, result.sent.id])
    })

    it("filters inbox and outbox by template, state and date, pages them newest first, and only for own organisations", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-boxes")
          const s = yield* forms
          const cm = w.careManager
          const sendings: Array<{ id: FormSendingId; sentAt: string }> = []
          for (const [template, answers] of [
            [admission, formExamples["admission-information"]],
            [contactSheet, formExamples["doctor-care-manager-contact"]],
            [admission, formExamples["admission-information"]],
          ] as const) {
            const r = yield* s.createResponse({ template, organizationId: w.careOffice, answers }).pipe(as(cm))
            yield* s.completeResponse(r.id, { expectedVersion: 1 }).pipe(as(cm))
            const sent = yield* s.send(r.id, { recipients: [w.hospital] }).pipe(as(cm))
            sendings.push({ id: sent.id, sentAt: sent.sentAt })
          }
          yield* s.acknowledge(sendings[0]!.id).pipe(as(w.hospitalStaff))
          const all = yield* s.inbox({ organizationId: w.hospital }).pipe(as(w.hospitalStaff))
          const first = yield* s.inbox({ organizationId: w.hospital, limit: 2 }).pipe(as(w.hospitalStaff))
          const second = yield* s
            .inbox({ organizationId: w.hospital, limit: 2, cursor: first.nextCursor! })
            .pipe(as(w.hospitalStaff))
          const admissions = yield* s
            .inbox({ organizationId: w.hospital, templateId: "admission-information" })
            .pipe(as(w.hospitalStaff))
          const open = yield* s.inbox({ organizationId: w.hospital, state: ["sent"] }).pipe(as(w.hospitalStaff))
          const done = yield* s.outbox({ organizationId: w.careOffice, state: ["acknowledged"] }).pipe(as(cm))
          const future = yield* s
            .outbox({ organizationId: w.careOffice, sentFrom: new Date(Date.now() + 86_400_000).toISOString() })
            .pipe(as(cm))
          const past = yield* s
            .outbox({ organizationId: w.careOffice, sentTo: new Date(Date.now() + 86_400_000).toISOString() })
            .pipe(as(cm))
          const notOwn = yield* Effect.exit(s.inbox({ organizationId: w.hospital }).pipe(as(cm)))
          const badCursor = yield* Effect.exit(
            s.inbox({ organizationId: w.hospital, cursor: first.nextCursor!.slice(1) }).pipe(as(w.hospitalStaff)),
          )
          const outboxCursorInInbox = yield* Effect.exit(
            s
              .inbox({
                organizationId: w.hospital,
                cursor: (yield* s.outbox({ organizationId: w.careOffice, limit: 1 }).pipe(as(cm))).nextCursor!,
              })
              .pipe(as(w.hospitalStaff)),
          )
          const clinicInbox = yield* s.inbox({ organizationId: w.clinic }).pipe(as(w.clinicStaff))
          return {
            sendings,
            all,
            first,
            second,
            admissions,
            open,
            done,
            future,
            past,
            notOwn,
            badCursor,
            outboxCursorInInbox,
            clinicInbox,
          }
        }),
      )
      const newest = [...result.sendings]
        .sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt) || (a.id < b.id ? 1 : -1))
        .map((x) => x.id)
      const ids = (page: { items: ReadonlyArray<{ id: string }> }) => page.items.map((item) => item.id)
      expect(ids(result.all)).toEqual(newest)
      expect([...ids(result.first), ...ids(result.second)]).toEqual(newest)
      expect(result.second.nextCursor).toBeNull()
      expect(ids(result.admissions).sort()).toEqual([result.sendings[0]!.id, result.sendings[2]!.id].sort())
      expect(ids(result.open).sort()).toEqual([result.sendings[1]!.id, result.sendings[2]!.id].sort())
      expect(ids(result.done)).toEqual([result.sendings[0]!.id])
      expect(result.future.items).toEqual([])
      expect(result.past.items).toHaveLength(3)
      expect(failureOf(result.notOwn)?._tag).toBe("Forbidden")
      expect(failureOf(result.badCursor)?._tag).toBe("ValidationError")
      expect(failureOf(result.outboxCursorInInbox)?._tag).toBe("ValidationError")
      expect(result.clinicInbox.items).toEqual([])
    })

    it("lets only one of concurrent steps through: one acknowledgement, one sending per key, one completion", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-race")
          const s = yield* forms
          const cm = w.careManager
          const draft = yield* s
            .createResponse({
              template: admission,
              organizationId: w.careOffice,
              answers: formExamples["admission-information"],
            })
            .pipe(as(cm))
          const completions = yield* Effect.all(
            Array.from({ length: 4 }, () => Effect.exit(s.completeResponse(draft.id, { expectedVersion: 1 }))),
            { concurrency: "unbounded" },
          ).pipe(as(cm))
          const sends = yield* Effect.all(
            Array.from({ length: 4 }, () =>
              Effect.exit(s.send(draft.id, { recipients: [w.hospital] }, { idempotencyKey: "race-1" })),
            ),
            { concurrency: "unbounded" },
          ).pipe(as(cm))
          const sent = sends.find(Exit.isSuccess)!
          const sendingId = Exit.isSuccess(sent) ? sent.value.id : undefined
          const acks = yield* Effect.all(
            Array.from({ length: 4 }, () => Effect.exit(s.acknowledge(sendingId!))),
            { concurrency: "unbounded" },
          ).pipe(as(w.hospitalStaff))
          const outbox = yield* s.outbox({ organizationId: w.careOffice }).pipe(as(cm))
          const versions = yield* s.responseVersions(draft.id).pipe(as(cm))
          return { completions, sends, acks, outbox, versions, sendingId }
        }),
      )
      expect(result.completions.filter(Exit.isSuccess)).toHaveLength(1)
      expect(result.completions.filter(Exit.isFailure).map((exit) => failureOf(exit)?.reason)).toEqual(
        Array(3).fill("version_mismatch"),
      )
      expect(result.versions.map((v) => v.status)).toEqual(["in-progress", "completed"])
      // every retry with the key answers the same sending; only one was made
      expect(result.sends.every(Exit.isSuccess)).toBe(true)
      expect(new Set(result.sends.map((exit) => (Exit.isSuccess(exit) ? exit.value.id : "")))).toEqual(
        new Set([result.sendingId]),
      )
      expect(result.outbox.items).toHaveLength(1)
      expect(result.acks.filter(Exit.isSuccess)).toHaveLength(1)
      expect(result.acks.filter(Exit.isFailure).map((exit) => failureOf(exit)?.state)).toEqual(
        Array(3).fill("acknowledged"),
      )
    })

    it("validates a response against any definition without storing it", async () => {
      const result = await run(
        Effect.gen(function* () {
          const w = yield* world("forms-validate")
          const s = yield* forms
          yield* s.createDefinition({ kind: "variant", variant: hachinoheVariant("active") }).pipe(as(w.coordinator))
          const ok = yield* s
            .validate({ template: admission, status: "completed", answers: formExamples["admission-information"] })
            .pipe(as(w.careManager))
          const variant = yield* s
            .validate({
              template: { id: "admission-information.hachinohe", version: "1.0.0" },
              status: "completed",
              answers: {
                ...formExamples["admission-information"],
                basic: {
                  ...(formExamples["admission-information"].basic as Record<string, unknown>),
                  insurer_number: "01234567890",
                },
              },
            })
            .pipe(as(w.coordinator))
          const unknown = yield* Effect.exit(
            s
              .validate({ template: { id: "nothing", version: "1.0.0" }, status: "completed", answers: {} })
              .pipe(as(w.careManager)),
          )
          const listed = yield* s.responses().pipe(as(w.careManager))
          return { ok, variant, unknown, listed }
        }),
      )
      expect(result.ok.valid).toBe(true)
      expect(result.variant.valid).toBe(false)
      // the added item is checked, and the hidden one is dropped as unknown
      expect(result.variant.issues.map((issue) => `${issue.path.join(".")}:${issue.code}`)).toEqual(
        expect.arrayContaining([
          "answers.basic.insurer_number:too_long",
          "answers.basic.abuse_possibility:unknown_item",
        ]),
      )
      expect(failureOf(result.unknown)?._tag).toBe("NotFound")
      expect(result.listed.items).toEqual([])
    })
  })
}
