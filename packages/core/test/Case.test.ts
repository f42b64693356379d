import { Effect, Layer, Result } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import {
  Actor,
  AuditLog,
  admissionInformationTemplate,
  applyCaseWrite,
  BusinessCalendar,
  builtinRuleSets,
  type Case,
  type CaseFormSending,
  CaseId,
  CaseStore,
  caseInScope,
  caseObligations,
  caseOrganisations,
  caseSpan,
  evaluateCase,
  IdGenerator,
  makeHolidayCalendar,
  NewApiKey,
  NewCase,
  type NewCaseInput,
  NewEvidence,
  PatientPseudonym,
  type Principal,
  prepareCase,
  ResourceId,
  RuleSetCatalog,
  roleInCase,
  sendingEvidence,
  TenantId,
  templateLineage,
} from "../src/index.js"

const tenantId = TenantId.parse("0192f5a0-0000-7000-8000-0000000000aa")
const hospital = ResourceId.parse("0192f5a0-0000-7000-8000-00000000a001")
const otherHospital = ResourceId.parse("0192f5a0-0000-7000-8000-00000000a002")
const office = ResourceId.parse("0192f5a0-0000-7000-8000-00000000c001")
const by = { kind: "api_key" as const, id: "key-1" }

const holidays = {
  source: "test data 2024",
  coverage: { start: "2024-03-01", end: "2024-12-31" },
  holidays: [{ date: "2024-07-15", name: { ja: "海の日", en: "Marine Day" }, kind: "national_holiday" }],
}
const calendar = Result.getOrThrow(makeHolidayCalendar(holidays))

const weekdays = (opens: string, closes: string) =>
  (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({ day, periods: [{ opens, closes }] }))

const newCase = (overrides: Partial<NewCaseInput> = {}): NewCaseInput => ({
  patient: "p-7f3a",
  patientMunicipality: "022039",
  parties: {
    hospital: { id: hospital, municipality: "022039" },
    care_manager: { id: office, municipality: "022039", schedule: { hours: weekdays("08:30", "17:30") } },
  },
  careLevel: "care_2",
  ageBand: "65_and_over",
  // Friday 18:30, after the office's closing time, before the 海の日 weekend
  events: [{ type: "admission", at: "2024-07-12T18:30:00+09:00" }],
  ...overrides,
})

const stored = (overrides: Partial<NewCaseInput> = {}): Case =>
  Result.getOrThrow(
    prepareCase(NewCase.parse(newCase(overrides)), {
      id: CaseId.parse("0192f5a0-0000-7000-8000-00000000ca5e"),
      tenantId,
      at: new Date("2024-07-31T00:00:00+09:00"),
      by,
      eventIds: ["adm", "e2", "e3"],
    }),
  )

const sentForm = (at: string) => ({
  kind: "form_sent" as const,
  at,
  from: "care_manager" as const,
  to: "hospital" as const,
  templateId: "admission-information",
  formResponseId: "response-1",
  recipientId: hospital,
})

const record = (c: Case, write: Parameters<typeof applyCaseWrite>[1], at = "2024-07-20T12:00:00+09:00"): Case => {
  const applied = Result.getOrThrow(applyCaseWrite(c, write, { at: new Date(at), by }))
  if (applied === undefined) throw new Error("nothing changed")
  return applied.case
}

const informs = (c: Case, now: string) => {
  const evaluation = Result.getOrThrow(evaluateCase(c, builtinRuleSets, calendar, now))
  return evaluation.obligations.find((o) => o.obligationId === "cm-informs-hospital")!
}

describe("the patient pseudonym", () => {
  it("accepts tenant-issued pseudonyms and refuses names and birthdates", () => {
    expect(PatientPseudonym.safeParse("p-7f3a9c").success).toBe(true)
    expect(PatientPseudonym.safeParse("HCH.2024_0001").success).toBe(true)
    for (const bad of ["山田太郎", "ヤマダ タロウ", "yamada taro", "", "-leading", "x".repeat(65)]) {
      expect(PatientPseudonym.safeParse(bad).success, bad).toBe(false)
    }
    for (const birthdate of ["p19450815", "1945-08-15", "id_2001.12.31"]) {
      const result = PatientPseudonym.safeParse(birthdate)
      expect(result.success, birthdate).toBe(false)
      expect(result.error?.issues[0]?.message).toContain("date")
    }
  })
})

describe("evidence of a sent form", () => {
  it("names the template, the response and the recipient", () => {
    expect(NewEvidence.safeParse(sentForm("2024-07-13T10:00:00+09:00")).success).toBe(true)
    const { formResponseId: _, ...noResponse } = sentForm("2024-07-13T10:00:00+09:00")
    expect(NewEvidence.safeParse(noResponse).error?.issues.map((i) => i.path)).toEqual([["formResponseId"]])
    expect(NewEvidence.safeParse({ kind: "contact", at: "2024-07-13T10:00:00+09:00", from: "hospital" }).success).toBe(
      false,
    )
    expect(
      NewEvidence.safeParse({ kind: "contact", at: "2024-07-13T10:00:00+09:00", from: "hospital", to: "hospital" })
        .success,
    ).toBe(false)
  })
})

describe("a stored case under the 2024 national rules", () => {
  it("is met on time by sending the 入院時情報提供書 to the hospital on Saturday", () => {
    const c = record(stored(), { kind: "record_evidence", id: "x1", evidence: sentForm("2024-07-13T10:00:00+09:00") })
    expect(informs(c, "2024-07-20T12:00:00+09:00")).toMatchObject({
      status: "met_on_time",
      dueDate: "2024-07-13",
      metBy: { evidenceId: "x1", date: "2024-07-13" },
    })
  })

  it("becomes met late when the form is sent after the deadline, and missed again when that record is withdrawn", () => {
    const late = record(stored(), {
      kind: "record_evidence",
      id: "x1",
      evidence: sentForm("2024-07-16T09:00:00+09:00"),
    })
    expect(informs(late, "2024-07-20T12:00:00+09:00")).toMatchObject({ status: "met_late", dueDate: "2024-07-13" })
    const withdrawn = record(late, { kind: "withdraw", entryId: "x1", reason: "別の患者" })
    expect(informs(withdrawn, "2024-07-20T12:00:00+09:00").status).toBe("missed")
    // the withdrawn record stays in the case
    expect(withdrawn.evidence[0]?.withdrawn?.reason).toBe("別の患者")
  })

  it("is not met by a form of another template, or sent to another hospital", () => {
    const otherTemplate = record(stored(), {
      kind: "record_evidence",
      id: "x1",
      evidence: { ...sentForm("2024-07-13T10:00:00+09:00"), templateId: "taiin-jouhou" },
    })
    // the 2024 rule asks for the 入院時情報提供書 (send_form admission-information): another sheet is not it
    expect(informs(otherTemplate, "2024-07-20T12:00:00+09:00").status).toBe("missed")
    const elsewhere = record(stored(), {
      kind: "record_evidence",
      id: "x1",
      evidence: { ...sentForm("2024-07-13T10:00:00+09:00"), recipientId: otherHospital },
    })
    expect(informs(elsewhere, "2024-07-20T12:00:00+09:00").status).toBe("missed")
  })

  it("is waived with the reason", () => {
    const key = informs(stored(), "2024-07-20T12:00:00+09:00").key
    const waived = record(stored(), { kind: "waive", waiver: { obligationKey: key, reason: "本人が情報提供を拒否" } })
    expect(informs(waived, "2024-07-20T12:00:00+09:00")).toMatchObject({
      status: "waived",
      waiver: { reason: "本人が情報提供を拒否", by: "key-1" },
    })
  })

  it("gives the same obligations whether an entry was never recorded or recorded and withdrawn", () => {
    const instants = fc
      .integer({ min: Date.parse("2024-07-12T00:00:00+09:00"), max: Date.parse("2024-07-25T00:00:00+09:00") })
      .map((ms) => new Date(ms).toISOString())
    type Entry =
      | { kind: "event"; type: "discharge_planning_started" | "discharge_conference" | "discharge"; at: string }
      | { kind: "evidence"; from: "hospital" | "care_manager"; at: string }
    const entry: fc.Arbitrary<Entry> = fc.oneof(
      fc.record({
        kind: fc.constant("event" as const),
        type: fc.constantFrom(
          "discharge_planning_started" as const,
          "discharge_conference" as const,
          "discharge" as const,
        ),
        at: instants,
      }),
      fc.record({
        kind: fc.constant("evidence" as const),
        from: fc.constantFrom("hospital" as const, "care_manager" as const),
        at: instants,
      }),
    )
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), entry, (kept, extra) => {
        const apply = (c: Case, e: Entry, id: string) =>
          e.kind === "event"
            ? record(c, { kind: "record_event", id, event: { type: e.type, at: e.at } }, "2024-07-26T00:00:00+09:00")
            : record(
                c,
                {
                  kind: "record_evidence",
                  id,
                  evidence: {
                    kind: "contact",
                    at: e.at,
                    from: e.from,
                    to: e.from === "hospital" ? "care_manager" : "hospital",
                  },
                },
                "2024-07-26T00:00:00+09:00",
              )
        const base = kept.reduce((c, e, i) => apply(c, e, `k${i}`), stored())
        const withdrawn = record(apply(base, extra, "extra"), { kind: "withdraw", entryId: "extra", reason: "誤り" })
        const now = "2024-07-31T12:00:00+09:00"
        const a = Result.getOrThrow(evaluateCase(base, builtinRuleSets, calendar, now))
        const b = Result.getOrThrow(evaluateCase(withdrawn, builtinRuleSets, calendar, now))
        expect(b).toEqual(a)
      }),
      { numRuns: 100 },
    )
  })
})

describe("sendings of form responses linked to the case", () => {
  const sending = (overrides: Partial<CaseFormSending> = {}): CaseFormSending => ({
    id: "0192f5a0-0000-7000-8000-0000000005e1",
    caseId: stored().id,
    responseId: "0192f5a0-0000-7000-8000-0000000005a1",
    template: { id: admissionInformationTemplate.id, version: admissionInformationTemplate.version },
    from: office,
    sentAt: "2024-07-13T01:00:00.000Z", // 10:00 in Japan, Saturday
    recipients: [hospital],
    ...overrides,
  })
  const withSendings = (sendings: ReadonlyArray<CaseFormSending>, now = "2024-07-20T12:00:00+09:00") =>
    Result.getOrThrow(evaluateCase(stored(), builtinRuleSets, calendar, now, { sendings })).obligations.find(
      (o) => o.obligationId === "cm-informs-hospital",
    )!

  it("asks for the forms module's 入院時情報提供書 template in the 2018 and 2024 national rules", () => {
    for (const version of ["2018", "2024"]) {
      const set = builtinRuleSets.find((s) => s.id === "jp-kaigo-houshu-kyotaku" && s.version === version)!
      expect(set.rules[0]?.obligations[0]?.action).toEqual({
        kind: "send_form",
        templateId: "admission-information",
        to: "hospital",
      })
    }
    expect(admissionInformationTemplate.title.ja).toContain("入院時情報提供書")
  })

  it("gives one form_sent per recipient that is a party, from the sender's role in the case", () => {
    const c = stored()
    expect(sendingEvidence(c, [sending({ recipients: [hospital, otherHospital] })])).toEqual([
      {
        id: `0192f5a0-0000-7000-8000-0000000005e1/${hospital}`,
        kind: "form_sent",
        at: "2024-07-13T01:00:00.000Z",
        from: "care_manager",
        to: "hospital",
        templateId: "admission-information",
        formResponseId: "0192f5a0-0000-7000-8000-0000000005a1",
        recipientId: hospital,
        recordedBy: office,
      },
    ])
    expect(roleInCase(c, hospital)).toBe("hospital")
    // a sending of another case, or from an organisation outside the case, gives nothing
    expect(sendingEvidence(c, [sending({ caseId: "another-case" })])).toEqual([])
    expect(sendingEvidence(c, [sending({ from: otherHospital })])).toEqual([])
  })

  it("meets the 2024 obligation on time on Saturday 07-13, late on Sunday 07-14, not when sent elsewhere or another sheet", () => {
    expect(withSendings([sending()])).toMatchObject({ status: "met_on_time", dueDate: "2024-07-13" })
    expect(withSendings([sending({ sentAt: "2024-07-14T09:00:00+09:00" })])).toMatchObject({
      status: "met_late",
      metBy: { date: "2024-07-14" },
    })
    expect(withSendings([sending({ recipients: [otherHospital] })]).status).toBe("missed")
    expect(withSendings([sending({ template: { id: "doctor-care-manager-contact", version: "1.0.0" } })]).status).toBe(
      "missed",
    )
    // a sending after `now` is not yet known
    expect(withSendings([sending()], "2024-07-13T09:00:00+09:00").status).toBe("pending")
  })

  it("counts a regional variant as the sheet it derives from, not a variant of another sheet", () => {
    const variant = { id: "admission-information.hachinohe", version: "1.0.0" }
    const bases = new Map([
      ["admission-information.hachinohe@1.0.0", { id: "admission-information", version: "1.0.0" }],
      ["admission-information.hachinohe-east@1.0.0", variant],
      ["contact.hachinohe@1.0.0", { id: "doctor-care-manager-contact", version: "1.0.0" }],
      // a chain that loops back on itself stops at the repeat
      ["loop-a@1.0.0", { id: "loop-b", version: "1.0.0" }],
      ["loop-b@1.0.0", { id: "loop-a", version: "1.0.0" }],
    ])
    const baseOf = (ref: { id: string; version: string }) => bases.get(`${ref.id}@${ref.version}`)
    expect(templateLineage(variant, baseOf)).toEqual(["admission-information"])
    expect(templateLineage({ id: "admission-information.hachinohe-east", version: "1.0.0" }, baseOf)).toEqual([
      "admission-information.hachinohe",
      "admission-information",
    ])
    expect(templateLineage({ id: "admission-information", version: "1.0.0" }, baseOf)).toEqual([])
    expect(templateLineage({ id: "loop-a", version: "1.0.0" }, baseOf)).toEqual(["loop-b"])

    const fromVariant = sending({ template: variant, derivedFrom: ["admission-information"] })
    expect(sendingEvidence(stored(), [fromVariant])[0]).toMatchObject({
      templateId: "admission-information.hachinohe",
      derivedFrom: ["admission-information"],
    })
    expect(withSendings([fromVariant])).toMatchObject({ status: "met_on_time", dueDate: "2024-07-13" })
    // without its lineage the variant is just another sheet
    expect(withSendings([sending({ template: variant })]).status).toBe("missed")
    const otherVariant = sending({
      template: { id: "contact.hachinohe", version: "1.0.0" },
      derivedFrom: ["doctor-care-manager-contact"],
    })
    expect(withSendings([otherVariant]).status).toBe("missed")
  })
})

describe("the span of a case", () => {
  it("runs from the first event to a final discharge, transfer or death, in Japan dates", () => {
    expect(caseSpan(stored({ events: [] }))).toEqual({ start: null, end: null })
    expect(caseSpan(stored())).toEqual({ start: "2024-07-12", end: null })
    const discharged = stored({
      events: [
        { type: "admission", at: "2024-07-12T18:30:00+09:00" },
        // 23:30 UTC on the 19th is the 20th in Japan
        { type: "discharge", at: "2024-07-19T23:30:00Z" },
      ],
    })
    expect(caseSpan(discharged)).toEqual({ start: "2024-07-12", end: "2024-07-20" })
    const readmitted = record(discharged, {
      kind: "record_event",
      id: "again",
      event: { type: "admission", at: "2024-07-20T09:00:00+09:00" },
    })
    expect(caseSpan(readmitted)).toEqual({ start: "2024-07-12", end: null })
  })
})

describe("the scope of hospital staff and care managers", () => {
  const principal = (role: Principal["role"], resources?: ReadonlyArray<ResourceId>): Principal => ({
    tenantId,
    role,
    subject: by,
    ...(resources === undefined ? {} : { resources: [...resources] }),
  })

  it("covers the cases of the key's organisations, or none when it names none", () => {
    expect(caseOrganisations(principal("coordinator"))).toBe("tenant")
    expect(caseInScope(principal("hospital_staff", [hospital]), stored())).toBe(true)
    expect(caseInScope(principal("care_manager", [office]), stored())).toBe(true)
    expect(caseInScope(principal("hospital_staff", [otherHospital]), stored())).toBe(false)
    expect(caseInScope(principal("hospital_staff"), stored())).toBe(false)
  })

  it("lets hospital-staff and care-manager keys name their organisation, and no other role but providers", () => {
    expect(NewApiKey.safeParse({ role: "hospital_staff", resources: [hospital] }).success).toBe(true)
    expect(NewApiKey.safeParse({ role: "care_manager", resources: [office] }).success).toBe(true)
    expect(NewApiKey.safeParse({ role: "care_manager" }).success).toBe(true)
    expect(NewApiKey.safeParse({ role: "coordinator", resources: [office] }).success).toBe(false)
  })
})

describe("caseObligations", () => {
  const layer = Layer.mergeAll(
    CaseStore.layerMemory.pipe(Layer.provideMerge(AuditLog.layerMemory), Layer.provide(IdGenerator.layerTest)),
    RuleSetCatalog.layerBuiltin,
    BusinessCalendar.layerMemory(holidays),
  )
  const admin: Principal = { tenantId, role: "coordinator", subject: by }

  it("reads the stored case (audited) and evaluates it with the tenant's rule sets as of now", async () => {
    const result = await Effect.runPromise(
      Effect.gen(function* () {
        const cases = yield* CaseStore
        const created = yield* cases.create(newCase())
        yield* cases.recordEvidence(created.id, sentForm("2024-07-16T09:00:00+09:00"), { expectedVersion: 1 })
        const before = yield* caseObligations(created.id, { now: "2024-07-13T12:00:00+09:00" })
        const after = yield* caseObligations(created.id, { now: "2024-07-20T12:00:00+09:00" })
        const log = yield* (yield* AuditLog).list({ limit: 10 })
        return { before, after, log }
      }).pipe(Effect.provideService(Actor, admin), Effect.provide(layer)),
    )
    const status = (r: typeof result.before) =>
      r.evaluation.obligations.find((o) => o.obligationId === "cm-informs-hospital")?.status
    // the form sent on the 16th is ignored as of the 13th (not yet recorded then), and late as of the 20th
    expect(status(result.before)).toBe("pending")
    expect(status(result.after)).toBe("met_late")
    expect(result.after.evaluation.ruleSets.map((s) => `${s.id}@${s.version}`)).toEqual([
      "jp-kaigo-houshu-kyotaku@2024",
    ])
    expect(result.log.entries.filter((e) => e.action === "case.read")).toHaveLength(2)
  })
})
