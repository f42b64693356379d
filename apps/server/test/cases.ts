import type { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AppServices } from "../src/AppLayer.js"
import { createKey, makeWorld, sender, type World } from "./support.js"

const entry = (kind: string, name: string, nameKana: string, phone: string, sourceRecordId: string) => ({
  kind,
  name,
  nameKana,
  address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市内丸1-1-1" },
  phone,
  provenance: { source: "manual", sourceRecordId },
})

const problemOf = async (response: Response, status: number) => {
  expect(response.status).toBe(status)
  expect(response.headers.get("content-type")).toBe("application/problem+json")
  const body = await response.json()
  for (const field of ["title", "detail", "title_ja", "detail_ja"]) expect(body[field].length).toBeGreaterThan(0)
  return body
}

/**
 * 入退院支援 over HTTP (issue 5): a hospital opens a case at admission, the care manager records the 入院時情報提供書
 * it sent, obligations and the deadline board follow, compliance is reported, and each key sees only what its role
 * and organisation allow. Run on every storage.
 */
export const casesScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`coordination cases over HTTP (${name})`, () => {
    let w: World
    let coordinator: string
    let hospitalKey: string
    let otherHospitalKey: string
    let careManagerKey: string
    let unboundHospitalKey: string
    let hospital: string
    let otherHospital: string
    let office: string
    let caseId: string
    let formEvidenceId: string

    beforeAll(async () => {
      w = await makeWorld(await layer())
      coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
      unboundHospitalKey = await createKey(w.runtime, w.a.tenant, "hospital_staff")
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    const send = sender(() => w)

    const keyFor = async (role: string, resources: Array<string>) => {
      const response = await send("POST", "/v1/api-keys", w.a.admin, { body: { role, label: role, resources } })
      expect(response.status).toBe(201)
      return (await response.json()).secret as string
    }

    const newCase = (overrides: Record<string, unknown> = {}) => ({
      patient: "hch-a7f3-01",
      patientMunicipality: "022039",
      parties: { hospital: { id: hospital, municipality: "022039" }, care_manager: { id: office } },
      careLevel: "care_2",
      ageBand: "65_and_over",
      // Friday 18:30, after the office's closing time, before the 海の日 weekend
      events: [{ type: "admission", at: "2024-07-12T18:30:00+09:00" }],
      ...overrides,
    })

    it("gives hospital staff and care managers keys for their own organisation", async () => {
      const created = async (body: ReturnType<typeof entry>) => {
        const response = await send("POST", "/v1/resources", coordinator, { body })
        expect(response.status).toBe(201)
        return (await response.json()).id as string
      }
      hospital = await created(entry("hospital", "八戸中央病院", "ハチノヘチュウオウビョウイン", "0178-00-0001", "h-1"))
      otherHospital = await created(entry("hospital", "港病院", "ミナトビョウイン", "0178-00-0002", "h-2"))
      office = await created(
        entry("care_management_office", "ケアプランセンター白銀", "ケアプランセンターシロガネ", "0178-00-0003", "c-1"),
      )
      hospitalKey = await keyFor("hospital_staff", [hospital])
      otherHospitalKey = await keyFor("hospital_staff", [otherHospital])
      careManagerKey = await keyFor("care_manager", [office])
      const me = await (await send("GET", "/v1/me", hospitalKey)).json()
      expect(me).toMatchObject({ role: "hospital_staff", resources: [hospital] })
      expect(me.permissions).toEqual(expect.arrayContaining(["cases:read", "cases:write", "cases:record"]))
      expect(me.permissions).not.toContain("cases:waive")
    })

    it("opens a case at admission, idempotently, and refuses a name for the patient or another hospital's case", async () => {
      const opened = await send("POST", "/v1/cases", hospitalKey, {
        body: newCase(),
        headers: { "Idempotency-Key": "adm-0712-01" },
      })
      expect(opened.status).toBe(201)
      expect(opened.headers.get("etag")).toBe('W/"1"')
      const created = await opened.json()
      caseId = created.id
      expect(opened.headers.get("location")).toBe(`/v1/cases/${caseId}`)
      expect(created).toMatchObject({ status: "open", version: 1, tenantId: w.a.tenant.id })
      const retried = await send("POST", "/v1/cases", hospitalKey, {
        body: newCase(),
        headers: { "Idempotency-Key": "adm-0712-01" },
      })
      expect(retried.status).toBe(201)
      expect((await retried.json()).id).toBe(caseId)
      await problemOf(
        await send("POST", "/v1/cases", hospitalKey, {
          body: newCase({ patient: "hch-other" }),
          headers: { "Idempotency-Key": "adm-0712-01" },
        }),
        409,
      )
      const named = await problemOf(
        await send("POST", "/v1/cases", hospitalKey, { body: newCase({ patient: "山田太郎" }) }),
        400,
      )
      expect(named.errors).toEqual([
        expect.objectContaining({ in: "body", pointer: "/patient", code: "invalid_pseudonym" }),
      ])
      await problemOf(
        await send("POST", "/v1/cases", hospitalKey, {
          body: newCase({ parties: { hospital: { id: otherHospital } } }),
        }),
        403,
      )
      await problemOf(await send("POST", "/v1/cases", unboundHospitalKey, { body: newCase() }), 403)
    })

    it("records the 入院時情報提供書 the care manager sent, against the version it read", async () => {
      const path = `/v1/cases/${caseId}/evidence`
      // sent on Monday 07-15 (海の日), after the deadline of Saturday 07-13
      const form = {
        kind: "form_sent",
        at: "2024-07-15T10:00:00+09:00",
        from: "care_manager",
        to: "hospital",
        templateId: "admission-information",
        formResponseId: "response-0001",
        recipientId: hospital,
      }
      await problemOf(await send("POST", path, careManagerKey, { body: form }), 428)
      await problemOf(await send("POST", path, careManagerKey, { body: form, headers: { "If-Match": 'W/"7"' } }), 412)
      const incomplete = await problemOf(
        await send("POST", path, careManagerKey, {
          body: { ...form, formResponseId: undefined },
          headers: { "If-Match": 'W/"1"' },
        }),
        400,
      )
      expect(incomplete.errors).toEqual([expect.objectContaining({ in: "body", pointer: "/formResponseId" })])
      const recorded = await send("POST", path, careManagerKey, { body: form, headers: { "If-Match": 'W/"1"' } })
      expect(recorded.status).toBe(201)
      expect(recorded.headers.get("etag")).toBe('W/"2"')
      const body = await recorded.json()
      formEvidenceId = body.evidence[0].id
      expect(body.evidence[0]).toMatchObject({ templateId: "admission-information", formResponseId: "response-0001" })
      // the same request again is refused: the event is never recorded twice
      await problemOf(await send("POST", path, careManagerKey, { body: form, headers: { "If-Match": 'W/"1"' } }), 412)
    })

    it("computes the case's obligations on read: met late, explained, as of the given instant", async () => {
      const evaluation = await (
        await send("GET", `/v1/cases/${caseId}/obligations?now=2024-07-20T12:00:00%2B09:00`, hospitalKey)
      ).json()
      expect(evaluation.ruleSets.map((s: { id: string; version: string }) => `${s.id}@${s.version}`)).toEqual([
        "jp-kaigo-houshu-kyotaku@2024",
      ])
      const info = evaluation.obligations.find(
        (o: { obligationId: string }) => o.obligationId === "cm-informs-hospital",
      )
      expect(info).toMatchObject({ status: "met_late", dueDate: "2024-07-13", metBy: { evidenceId: formEvidenceId } })
      expect(info.explanation.deadline.ja).toContain("翌日（2024-07-13）まで")
      const before = await (
        await send("GET", `/v1/cases/${caseId}/obligations?now=2024-07-13T09:00:00%2B09:00`, careManagerKey)
      ).json()
      expect(
        before.obligations.find((o: { obligationId: string }) => o.obligationId === "cm-informs-hospital").status,
      ).toBe("pending")
    })

    it("shows the case only to its own organisations, the coordinators and the tenant", async () => {
      const other = await problemOf(await send("GET", `/v1/cases/${caseId}`, otherHospitalKey), 404)
      expect(other.detail_ja).toContain("見つかりません")
      expect((await (await send("GET", "/v1/cases", otherHospitalKey)).json()).items).toEqual([])
      expect(
        (await (await send("GET", "/v1/cases", careManagerKey)).json()).items.map((c: { id: string }) => c.id),
      ).toEqual([caseId])
      await problemOf(await send("GET", `/v1/cases/${caseId}`, w.a.viewer), 403)
      await problemOf(await send("GET", `/v1/cases/${caseId}`, w.b.admin), 404)
      const read = await send("GET", `/v1/cases/${caseId}`, coordinator)
      expect(read.status).toBe(200)
      expect(read.headers.get("cache-control")).toContain("no-store")
      const notModified = await send("GET", `/v1/cases/${caseId}`, coordinator, {
        headers: { "If-None-Match": read.headers.get("etag")! },
      })
      expect(notModified.status).toBe(304)
    })

    it("withdraws a record with its reason, lets coordinators alone waive, and closes the case", async () => {
      await problemOf(
        await send("DELETE", `/v1/cases/${caseId}/events/${formEvidenceId}?reason=x`, careManagerKey, {
          headers: { "If-Match": 'W/"2"' },
        }),
        404,
      )
      const withdrawn = await send(
        "DELETE",
        `/v1/cases/${caseId}/evidence/${formEvidenceId}?reason=${encodeURIComponent("別の利用者の様式")}`,
        careManagerKey,
        { headers: { "If-Match": 'W/"2"' } },
      )
      expect(withdrawn.status).toBe(200)
      expect((await withdrawn.json()).evidence[0].withdrawn.reason).toBe("別の利用者の様式")
      const evaluation = await (
        await send("GET", `/v1/cases/${caseId}/obligations?now=2024-07-20T12:00:00%2B09:00`, coordinator)
      ).json()
      const info = evaluation.obligations.find(
        (o: { obligationId: string }) => o.obligationId === "cm-informs-hospital",
      )
      expect(info.status).toBe("missed")
      const waiver = { obligationKey: info.key, reason: "家族が情報提供を拒否" }
      await problemOf(
        await send("POST", `/v1/cases/${caseId}/waivers`, careManagerKey, {
          body: waiver,
          headers: { "If-Match": 'W/"3"' },
        }),
        403,
      )
      const waived = await send("POST", `/v1/cases/${caseId}/waivers`, coordinator, {
        body: waiver,
        headers: { "If-Match": 'W/"3"' },
      })
      expect(waived.status).toBe(201)
      const closed = await send("PATCH", `/v1/cases/${caseId}`, hospitalKey, {
        body: { status: "closed" },
        headers: { "If-Match": 'W/"4"' },
      })
      expect(closed.status).toBe(200)
      const refused = await problemOf(
        await send("POST", `/v1/cases/${caseId}/events`, hospitalKey, {
          body: { type: "discharge", at: "2024-07-25T10:00:00+09:00" },
          headers: { "If-Match": 'W/"5"' },
        }),
        409,
      )
      expect(refused.detail_ja).toContain("終了")
      const reopened = await send("PATCH", `/v1/cases/${caseId}`, hospitalKey, {
        body: { status: "open" },
        headers: { "If-Match": 'W/"5"' },
      })
      expect(reopened.status).toBe(200)
    })

    it("lists an organisation's overdue and upcoming obligations on its deadline board", async () => {
      const second = await send("POST", "/v1/cases", hospitalKey, {
        body: newCase({
          patient: "hch-b912-02",
          events: [{ type: "admission", at: "2024-07-18T10:00:00+09:00" }],
        }),
      })
      expect(second.status).toBe(201)
      const secondId = (await second.json()).id
      const board = await (
        await send("GET", `/v1/organisations/${office}/obligations?now=2024-07-19T12:00:00%2B09:00`, careManagerKey)
      ).json()
      // the first case's obligation is waived; the second one's was due on the day of admission
      expect(board.overdue.map((item: { caseId: string }) => item.caseId)).toEqual([secondId])
      expect(board.overdue[0]).toMatchObject({ daysUntilDue: -1, obligation: { actor: "care_manager" } })
      const hospitalBoard = await (
        await send("GET", `/v1/organisations/${hospital}/obligations?now=2024-07-19T12:00:00%2B09:00`, hospitalKey)
      ).json()
      expect(hospitalBoard.overdue).toEqual([])
    })

    it("serves the rule sets, read-only", async () => {
      const all = await (await send("GET", "/v1/rule-sets", w.a.viewer)).json()
      expect(all.items.every((set: { builtin: boolean }) => set.builtin)).toBe(true)
      const july2024 = await (await send("GET", "/v1/rule-sets?date=2024-07-12", w.a.viewer)).json()
      const versions = july2024.items
        .filter((set: { id: string }) => set.id === "jp-kaigo-houshu-kyotaku")
        .map((set: { version: string }) => set.version)
      expect(versions).toEqual(["2024"])
      expect(
        (await (await send("GET", "/v1/rule-sets/jp-kaigo-houshu-kyotaku?version=2018", w.a.viewer)).json()).version,
      ).toBe("2018")
      await problemOf(await send("GET", "/v1/rule-sets/no-such-rules", w.a.viewer), 404)
      // a version is never changed or deleted: a correction is a new version (POST /v1/rule-sets)
      expect((await send("PUT", "/v1/rule-sets/jp-kaigo-houshu-kyotaku", coordinator, { body: {} })).status).toBe(405)
      expect((await send("DELETE", "/v1/rule-sets/jp-kaigo-houshu-kyotaku", coordinator)).status).toBe(405)
    })

    it("reports compliance of a month to viewers, as aggregates, and audits the reads behind it", async () => {
      const report = await (
        await send(
          "GET",
          "/v1/compliance?from=2024-07-01&to=2024-07-31&by=hospital&now=2024-07-31T23:00:00%2B09:00",
          w.a.viewer,
        )
      ).json()
      expect(report.groups.map((g: { id: string }) => g.id)).toEqual([hospital])
      expect(report.groups[0].all.admissionInformation).toMatchObject({ waived: 1, missed: 1, applicable: 2 })
      expect(JSON.stringify(report)).not.toContain("hch-")
      expect(report.indicators).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ indicator: "admission_information_on_time_rate", careNeed: "all", value: 0 }),
        ]),
      )
      await problemOf(await send("GET", "/v1/compliance?from=2024-07-31&to=2024-07-01", w.a.viewer), 400)
      await problemOf(await send("GET", "/v1/compliance?from=2024-07-01", w.a.viewer), 400)
      const audit = await (await send("GET", "/v1/audit?limit=200", w.a.admin)).json()
      const caseEntries = audit.entries.filter((e: { target: { type: string } }) => e.target.type === "case")
      expect(caseEntries.length).toBeGreaterThan(5)
      expect(caseEntries.every((e: { personalData: boolean }) => e.personalData)).toBe(true)
      expect(caseEntries.map((e: { action: string }) => e.action)).toEqual(
        expect.arrayContaining([
          "case.create",
          "case.read",
          "case.list",
          "case.evidence.record",
          "case.entry.withdraw",
        ]),
      )
      const forReport = caseEntries.find(
        (e: { actor: { id: string }; action: string }) =>
          e.action === "case.list" && e.actor.id === "compliance-report",
      )
      expect(forReport).toBeDefined()
    })

    it("documents every case and coordination route in OpenAPI", async () => {
      const document = await (await w.app.request("/openapi.json")).json()
      for (const path of [
        "/v1/cases",
        "/v1/cases/{id}",
        "/v1/cases/{id}/events",
        "/v1/cases/{id}/evidence",
        "/v1/cases/{id}/events/{entryId}",
        "/v1/cases/{id}/waivers",
        "/v1/cases/{id}/obligations",
        "/v1/organisations/{id}/obligations",
        "/v1/rule-sets",
        "/v1/rule-sets/{id}",
        "/v1/compliance",
      ]) {
        expect(document.paths).toHaveProperty([path])
      }
      expect(document.paths["/v1/cases/{id}"].patch.responses).toHaveProperty(["412"])
    })
  })
