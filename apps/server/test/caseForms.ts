import { formExamples } from "@zaitaku/testing"
import { Clock, Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AppServices } from "../src/AppLayer.js"
import { createKey, jsonWithStatus, makeWorld, sender, type World } from "./support.js"

const entry = (kind: string, name: string, nameKana: string, phone: string, sourceRecordId: string) => ({
  kind,
  name,
  nameKana,
  address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市内丸1-1-1" },
  phone,
  provenance: { source: "manual", sourceRecordId },
})

/** A clock the test moves: the forms API stamps a sending with the application's `Clock`. */
const settableClock = () => {
  let now = Date.parse("2024-07-12T19:00:00+09:00")
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => now,
    currentTimeMillis: Effect.sync(() => now),
    monotonicTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
    monotonicTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    currentTimeNanosUnsafe: () => BigInt(now) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now) * 1_000_000n),
    sleep: () => Effect.void,
  }
  return {
    clock,
    set: (instant: string) => {
      now = Date.parse(instant)
    },
  }
}

/**
 * Issue 5, acceptance: "An obligation to send the 入院時情報提供書 is met by sending that form through the forms API,
 * and becomes 'met late' when sent after its deadline." The care manager fills in the sheet, links it to the case
 * and sends it with `POST /v1/form-responses/{id}/send`; the case's obligations, the care manager's board and the
 * compliance report count the sending, without any evidence recorded on the case.
 */
export const caseFormsScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`sheets sent through the forms API meet case obligations (${name})`, () => {
    let w: World
    const time = settableClock()
    let coordinator: string
    let careManager: string
    let hospitalStaff: string
    let hospital: string
    let otherHospital: string
    let office: string

    beforeAll(async () => {
      w = await makeWorld(Layer.merge(await layer(), Layer.succeed(Clock.Clock, time.clock)))
      coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    const send = sender(() => w)
    const json = jsonWithStatus

    /** Opens a case for a Friday 18:30 admission (after the office's hours; 07-15 is 海の日). */
    const openCase = async (patient: string) =>
      (
        await json(
          await send("POST", "/v1/cases", hospitalStaff, {
            body: {
              patient,
              patientMunicipality: "022039",
              parties: { hospital: { id: hospital, municipality: "022039" }, care_manager: { id: office } },
              careLevel: "care_2",
              ageBand: "65_and_over",
              events: [{ type: "admission", at: "2024-07-12T18:30:00+09:00" }],
            },
            headers: { "Idempotency-Key": `case-${patient}` },
          }),
          201,
        )
      ).id as string

    const admissionSheet = {
      ...formExamples["admission-information"],
      provision: { ...(formExamples["admission-information"].provision as object), provided_on: "2024-07-12" },
      basic: { ...(formExamples["admission-information"].basic as object), admission_date: "2024-07-12" },
    }
    const contactSheet = {
      ...formExamples["doctor-care-manager-contact"],
      header: { ...(formExamples["doctor-care-manager-contact"].header as object), sent_on: "2024-07-12" },
      reply_requested_by: "2024-07-26",
    }

    /** Creates, completes and sends a sheet linked to `caseId` at `at`; returns the sending. */
    const sendSheet = async (
      caseId: string,
      at: string,
      recipients: ReadonlyArray<string>,
      template:
        | "admission-information"
        | "admission-information.hachinohe"
        | "doctor-care-manager-contact" = "admission-information",
    ) => {
      time.set(at)
      const created = await json(
        await send("POST", "/v1/form-responses", careManager, {
          body: {
            template: { id: template, version: "1.0.0" },
            organizationId: office,
            caseId,
            answers: template === "doctor-care-manager-contact" ? contactSheet : admissionSheet,
          },
        }),
        201,
      )
      await json(
        await send("POST", `/v1/form-responses/${created.id}/complete`, careManager, {
          headers: { "If-Match": 'W/"1"' },
        }),
        200,
      )
      return json(
        await send("POST", `/v1/form-responses/${created.id}/send`, careManager, {
          body: { recipients },
          headers: { "Idempotency-Key": `send-${caseId}-${at}-${template}` },
        }),
        201,
      )
    }

    const informs = async (caseId: string) => {
      const evaluation = await json(
        await send("GET", `/v1/cases/${caseId}/obligations?now=2024-07-20T12:00:00%2B09:00`, careManager),
        200,
      )
      return evaluation.obligations.find(
        (o: { obligationId: string; ruleSet: { id: string } }) =>
          o.obligationId === "cm-informs-hospital" && o.ruleSet.id === "jp-kaigo-houshu-kyotaku",
      )
    }

    it("sets up a hospital, another hospital and a care-management office with their staff", async () => {
      const created = async (body: ReturnType<typeof entry>) =>
        (await json(await send("POST", "/v1/resources", coordinator, { body }), 201)).id as string
      hospital = await created(entry("hospital", "八戸中央病院", "ハチノヘチュウオウビョウイン", "0178-00-0001", "h-1"))
      otherHospital = await created(entry("hospital", "港病院", "ミナトビョウイン", "0178-00-0002", "h-2"))
      office = await created(
        entry("care_management_office", "ケアプランセンター白銀", "ケアプランセンターシロガネ", "0178-00-0003", "c-1"),
      )
      const keyFor = async (role: string, resources: Array<string>) =>
        (await json(await send("POST", "/v1/api-keys", w.a.admin, { body: { role, label: role, resources } }), 201))
          .secret as string
      hospitalStaff = await keyFor("hospital_staff", [hospital])
      careManager = await keyFor("care_manager", [office])
      // the 2024 rule asks for the forms module's 入院時情報提供書
      const rules = await json(
        await send("GET", "/v1/rule-sets/jp-kaigo-houshu-kyotaku?version=2024", careManager),
        200,
      )
      expect(rules.rules[0].obligations[0].action).toEqual({
        kind: "send_form",
        templateId: "admission-information",
        to: "hospital",
      })
      const template = await json(await send("GET", "/v1/form-definitions/admission-information", careManager), 200)
      expect(template.definition.title.ja).toContain("入院時情報提供書")
    })

    it("is met on time when the sheet is sent to the hospital on Saturday 07-13, the due date", async () => {
      const caseId = await openCase("hch-form-01")
      expect(await informs(caseId)).toMatchObject({ status: "missed", dueDate: "2024-07-13" })
      const sending = await sendSheet(caseId, "2024-07-13T10:00:00+09:00", [hospital])
      const met = await informs(caseId)
      expect(met).toMatchObject({
        status: "met_on_time",
        dueDate: "2024-07-13",
        metBy: { evidenceId: `${sending.id}/${hospital}`, date: "2024-07-13" },
        tier: { ja: "入院時情報連携加算(Ⅰ)" },
      })
      // nothing was written to the case: the sending is read at evaluation time
      const stored = await json(await send("GET", `/v1/cases/${caseId}`, careManager), 200)
      expect(stored).toMatchObject({ version: 1, evidence: [] })
    })

    it("is met late when sent on Monday 07-15, within 加算(Ⅱ), and the board and compliance say so", async () => {
      const caseId = await openCase("hch-form-02")
      await sendSheet(caseId, "2024-07-15T11:00:00+09:00", [hospital])
      expect(await informs(caseId)).toMatchObject({
        status: "met_late",
        dueDate: "2024-07-13",
        metBy: { date: "2024-07-15" },
        tier: { ja: "入院時情報連携加算(Ⅱ)" },
      })
      const board = await json(
        await send("GET", `/v1/organisations/${office}/obligations?now=2024-07-20T12:00:00%2B09:00`, careManager),
        200,
      )
      const overdueCases = board.overdue.map((item: { caseId: string }) => item.caseId)
      expect(overdueCases).not.toContain(caseId)
      const report = await json(
        await send("GET", "/v1/compliance?from=2024-07-01&to=2024-07-31&now=2024-07-20T12:00:00%2B09:00", coordinator),
        200,
      )
      // the two cases so far: one on time, one late
      expect(report.groups[0].all.admissionInformation).toMatchObject({ onTime: 1, late: 1, missed: 0 })
    })

    it("is not met by a sheet sent to another hospital, or by another template sent to the hospital", async () => {
      const caseId = await openCase("hch-form-03")
      await sendSheet(caseId, "2024-07-13T10:00:00+09:00", [otherHospital])
      await sendSheet(caseId, "2024-07-13T11:00:00+09:00", [hospital], "doctor-care-manager-contact")
      expect(await informs(caseId)).toMatchObject({ status: "missed", dueDate: "2024-07-13" })
      const board = await json(
        await send("GET", `/v1/organisations/${office}/obligations?now=2024-07-20T12:00:00%2B09:00`, careManager),
        200,
      )
      expect(board.overdue.map((item: { caseId: string }) => item.caseId)).toContain(caseId)
    })

    it("is met by the area's own 入院時情報提供書, a regional variant derived from the national sheet", async () => {
      const variant = {
        id: "admission-information.hachinohe",
        version: "1.0.0",
        status: "active",
        title: { ja: "入院時情報提供書（八戸圏域）", en: "Admission information sheet (Hachinohe area)" },
        base: { id: "admission-information", version: "1.0.0" },
        changes: [
          {
            op: "add",
            item: { linkId: "area_contact_note", type: "text", text: { ja: "圏域連絡欄", en: "Area contact note" } },
          },
        ],
      }
      await json(await send("POST", "/v1/form-definitions", coordinator, { body: { kind: "variant", variant } }), 201)
      const caseId = await openCase("hch-form-04")
      const sending = await sendSheet(
        caseId,
        "2024-07-13T10:00:00+09:00",
        [hospital],
        "admission-information.hachinohe",
      )
      expect(sending.template).toEqual({ id: "admission-information.hachinohe", version: "1.0.0" })
      expect(await informs(caseId)).toMatchObject({
        status: "met_on_time",
        dueDate: "2024-07-13",
        metBy: { evidenceId: `${sending.id}/${hospital}`, date: "2024-07-13" },
      })
    })
  })
