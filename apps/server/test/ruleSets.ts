import { regionalRuleSetFixture } from "@zaitaku/testing"
import type { Layer } from "effect"
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

const problemOf = async (response: Response, status: number) => {
  expect(response.status).toBe(status)
  expect(response.headers.get("content-type")).toBe("application/problem+json")
  const body = await response.json()
  for (const field of ["title", "detail", "title_ja", "detail_ja"]) expect(body[field].length).toBeGreaterThan(0)
  return body
}

/**
 * Issue 5, "Rule sets (built-in read-only; tenant/regional sets with versions)" over HTTP: a coordinator of 八戸市
 * stores the area's own rule (the 入院時情報提供書 within 3 business days), which then governs the city's cases, with
 * the evaluation saying which set applied and why; bad sets are refused with where and why, and nothing is stored.
 */
export const ruleSetsScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`tenant and regional rule sets over HTTP (${name})`, () => {
    let w: World
    let coordinator: string
    let careManager: string
    let hospitalStaff: string
    let hospital: string
    let office: string
    let caseId: string

    beforeAll(async () => {
      w = await makeWorld(await layer())
      coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    const send = sender(() => w)
    const json = jsonWithStatus
    const tenantSets = async () =>
      (await json(await send("GET", "/v1/rule-sets", w.a.viewer), 200)).items
        .filter((set: { builtin: boolean }) => !set.builtin)
        .map((set: { id: string; version: string }) => `${set.id}@${set.version}`)

    it("lists the built-in sets as read-only", async () => {
      const listed = await json(await send("GET", "/v1/rule-sets", w.a.viewer), 200)
      expect(listed.items.length).toBeGreaterThan(0)
      expect(listed.items.every((set: { builtin: boolean }) => set.builtin)).toBe(true)
      const created = async (body: ReturnType<typeof entry>) =>
        (await json(await send("POST", "/v1/resources", coordinator, { body }), 201)).id as string
      hospital = await created(entry("hospital", "八戸中央病院", "ハチノヘチュウオウビョウイン", "0178-00-0001", "h-1"))
      office = await created(
        entry("care_management_office", "ケアプランセンター白銀", "ケアプランセンターシロガネ", "0178-00-0003", "c-1"),
      )
      const keyFor = async (role: string, resources: Array<string>) =>
        (await json(await send("POST", "/v1/api-keys", w.a.admin, { body: { role, label: role, resources } }), 201))
          .secret as string
      careManager = await keyFor("care_manager", [office])
      hospitalStaff = await keyFor("hospital_staff", [hospital])
    })

    it("stores the area's own set once per Idempotency-Key, for coordinators only, and audits it", async () => {
      const body = regionalRuleSetFixture()
      const stored = await send("POST", "/v1/rule-sets", coordinator, {
        body,
        headers: { "Idempotency-Key": "hachinohe-2024" },
      })
      const set = await json(stored, 201)
      expect(stored.headers.get("location")).toBe("/v1/rule-sets/hachinohe-nyutaiin?version=2024")
      expect(set).toMatchObject({ id: "hachinohe-nyutaiin", version: "2024", builtin: false })
      const retried = await json(
        await send("POST", "/v1/rule-sets", coordinator, { body, headers: { "Idempotency-Key": "hachinohe-2024" } }),
        201,
      )
      expect(retried).toEqual(set)
      await problemOf(await send("POST", "/v1/rule-sets", careManager, { body }), 403)
      await problemOf(await send("POST", "/v1/rule-sets", w.a.viewer, { body }), 403)
      const got = await json(await send("GET", "/v1/rule-sets/hachinohe-nyutaiin", careManager), 200)
      expect(got).toEqual(set)
      // another tenant does not see it
      await problemOf(await send("GET", "/v1/rule-sets/hachinohe-nyutaiin", w.b.viewer), 404)
      const audit = await json(await send("GET", "/v1/audit?limit=50", w.a.admin), 200)
      expect(
        audit.entries
          .filter((e: { action: string }) => e.action === "rule_set.create")
          .map((e: { target: { id: string } }) => e.target.id),
      ).toEqual(["hachinohe-nyutaiin@2024"])
    })

    it("refuses a bad deadline, an unknown form, an overlapping version, an existing version and a built-in id, storing nothing", async () => {
      const fixture = regionalRuleSetFixture()
      const rule = fixture.rules[0]!
      const obligation = rule.obligations[0]!
      const withObligation = (changes: Record<string, unknown>) => ({
        ...regionalRuleSetFixture({ id: "hachinohe-bad" }),
        rules: [{ ...rule, obligations: [{ ...obligation, ...changes }] }],
      })
      const badDeadline = await problemOf(
        await send("POST", "/v1/rule-sets", coordinator, {
          body: withObligation({ deadline: { kind: "calendar_days", days: 0, dayOne: "trigger_day" } }),
        }),
        400,
      )
      expect(badDeadline.errors).toEqual([
        expect.objectContaining({ in: "body", pointer: "/rules/0/obligations/0/deadline/days", code: "too_small" }),
      ])
      const unknownForm = await problemOf(
        await send("POST", "/v1/rule-sets", coordinator, {
          body: withObligation({ action: { kind: "send_form", templateId: "no-such-sheet", to: "hospital" } }),
        }),
        400,
      )
      expect(unknownForm.errors).toEqual([
        expect.objectContaining({
          in: "body",
          pointer: "/rules/0/obligations/0/action/templateId",
          code: "unknown_form",
        }),
      ])
      expect(unknownForm.errors[0].message.ja).toContain("no-such-sheet")
      expect(unknownForm.errors[0].message.en).toContain("no-such-sheet")
      const overlapping = await problemOf(
        await send("POST", "/v1/rule-sets", coordinator, {
          body: regionalRuleSetFixture({ version: "2025", effective: { from: "2025-04-01", to: null } }),
        }),
        400,
      )
      expect(overlapping.errors).toEqual([
        expect.objectContaining({ in: "body", pointer: "/effective", code: "overlapping_version" }),
      ])
      expect(overlapping.errors[0].message.ja).toContain("版「2024」")
      expect(overlapping.errors[0].message.en).toContain("overlaps version 2024")
      const existing = await problemOf(
        await send("POST", "/v1/rule-sets", coordinator, {
          body: regionalRuleSetFixture({ name: { ja: "八戸圏域（訂正）", en: "Hachinohe (corrected)" } }),
        }),
        409,
      )
      expect(existing.detail).toContain("new version")
      const builtin = await problemOf(
        await send("POST", "/v1/rule-sets", coordinator, {
          body: regionalRuleSetFixture({ id: "jp-kaigo-houshu-kyotaku", version: "2027" }),
        }),
        409,
      )
      expect(builtin.detail_ja).toContain("組み込み")
      expect(await tenantSets()).toEqual(["hachinohe-nyutaiin@2024"])
    })

    it("governs a case of the city: due on the third business day, and the evaluation says which set and why", async () => {
      caseId = (
        await json(
          await send("POST", "/v1/cases", hospitalStaff, {
            body: {
              patient: "hch-rules-01",
              patientMunicipality: "024414",
              parties: { hospital: { id: hospital, municipality: "022039" }, care_manager: { id: office } },
              careLevel: "care_2",
              ageBand: "65_and_over",
              // Friday 18:30; 07-13/14 are the weekend and 07-15 is 海の日
              events: [{ type: "admission", at: "2024-07-12T18:30:00+09:00" }],
            },
          }),
          201,
        )
      ).id
      const evaluation = await json(
        await send("GET", `/v1/cases/${caseId}/obligations?now=2024-07-17T12:00:00%2B09:00`, careManager),
        200,
      )
      const regional = evaluation.ruleSets.find((set: { scope: string }) => set.scope === "regional")
      expect(regional).toMatchObject({ id: "hachinohe-nyutaiin", version: "2024" })
      expect(regional.reason.ja).toContain("病院の所在市町村（022039）")
      expect(regional.reason.en).toContain("the hospital's municipality (022039)")
      expect(evaluation.resolution).toEqual([
        { by: "hospital", municipality: "022039", matched: "hachinohe-nyutaiin" },
        { by: "patient", municipality: "024414", matched: null },
      ])
      const sheet = evaluation.obligations.find(
        (o: { ruleSet: { id: string } }) => o.ruleSet.id === "hachinohe-nyutaiin",
      )
      expect(sheet).toMatchObject({ obligationId: "cm-sends-sheet", dueDate: "2024-07-18", status: "pending" })
      expect(sheet.explanation.deadline.ja).toContain("3営業日目（2024-07-18）")
    })

    it("follows the tenant's resolution order: patient's municipality only, and the city's set no longer governs", async () => {
      expect(await json(await send("GET", "/v1/rule-set-resolution", w.a.viewer), 200)).toEqual({
        resolution: ["hospital", "patient"],
      })
      await problemOf(
        await send("PUT", "/v1/rule-set-resolution", careManager, { body: { resolution: ["patient"] } }),
        403,
      )
      const duplicate = await problemOf(
        await send("PUT", "/v1/rule-set-resolution", coordinator, { body: { resolution: ["patient", "patient"] } }),
        400,
      )
      expect(duplicate.errors[0]).toMatchObject({ in: "body", pointer: "/resolution/1" })
      expect(
        await json(
          await send("PUT", "/v1/rule-set-resolution", coordinator, { body: { resolution: ["patient"] } }),
          200,
        ),
      ).toEqual({ resolution: ["patient"] })
      const evaluation = await json(
        await send("GET", `/v1/cases/${caseId}/obligations?now=2024-07-17T12:00:00%2B09:00`, careManager),
        200,
      )
      expect(evaluation.resolution).toEqual([{ by: "patient", municipality: "024414", matched: null }])
      expect(evaluation.ruleSets.map((set: { scope: string }) => set.scope)).toEqual(["national"])
      // the other tenant keeps the default
      expect(await json(await send("GET", "/v1/rule-set-resolution", w.b.viewer), 200)).toEqual({
        resolution: ["hospital", "patient"],
      })
    })
  })
