import { formExamples } from "@zaitaku/testing"
import type { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AppServices } from "../src/AppLayer.js"
import { createKey, makeWorld, sender, type World } from "./support.js"

/** Three organisations of 八戸市's directory: a 居宅介護支援事業所, a hospital and a clinic. */
const entry = (kind: string, name: string, nameKana: string, line: string, phone: string, record: string) => ({
  kind,
  name,
  nameKana,
  address: { prefectureCode: "02", municipalityCode: "022039", line },
  phone,
  provenance: { source: "survey", sourceRecordId: record },
})
const careOffice = entry(
  "care_management_office",
  "ケアプランセンターはちのへ",
  "ケアプランセンターハチノヘ",
  "八戸市内丸一丁目1-1",
  "0178-43-2111",
  "forms-care-office",
)
const hospital = entry(
  "hospital",
  "八戸中央病院",
  "ハチノヘチュウオウビョウイン",
  "八戸市田向三丁目1-1",
  "0178-72-5111",
  "forms-hospital",
)
const clinic = entry(
  "clinic_without_beds",
  "はちのへ在宅クリニック",
  "ハチノヘザイタククリニック",
  "八戸市長苗代字前田3-2",
  "0178-00-0101",
  "forms-clinic",
)

const admission = { id: "admission-information", version: "1.0.0" }

const problemOf = async (response: Response, status: number) => {
  expect(response.status).toBe(status)
  expect(response.headers.get("content-type")).toBe("application/problem+json")
  const body = await response.json()
  for (const field of ["title", "detail", "title_ja", "detail_ja"]) expect(body[field].length).toBeGreaterThan(0)
  return body
}

/**
 * 情報提供書のやりとり (issue 4, acceptance: "send → receive → acknowledge / return works between two organisations of
 * one tenant through the API; a third organisation cannot read the response (404); every read appears in the audit
 * trail"), on every storage.
 */
export const formExchangeScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`sheets sent between organisations over HTTP (${name})`, () => {
    let w: World
    let coordinator: string
    let careManager: string
    let hospitalStaff: string
    let clinicStaff: string
    const ids = { careOffice: "", hospital: "", clinic: "" }
    let responseId: string
    let sendingId: string
    let secondSendingId: string

    const send = sender(() => w)

    beforeAll(async () => {
      w = await makeWorld(await layer())
      coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
      for (const [key, body] of [
        ["careOffice", careOffice],
        ["hospital", hospital],
        ["clinic", clinic],
      ] as const) {
        const created = await send("POST", "/v1/resources", coordinator, { body })
        expect(created.status).toBe(201)
        ids[key] = (await created.json()).id
      }
      const issue = async (role: string, organization: string, label: string) => {
        const created = await send("POST", "/v1/api-keys", w.a.admin, {
          body: { role, label, resources: [organization] },
        })
        expect(created.status).toBe(201)
        return (await created.json()).secret as string
      }
      careManager = await issue("care_manager", ids.careOffice, "ケアプランセンターはちのへ 工藤")
      hospitalStaff = await issue("hospital_staff", ids.hospital, "八戸中央病院 地域連携室")
      clinicStaff = await issue("hospital_staff", ids.clinic, "はちのへ在宅クリニック")
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    it("serves the national templates and validates answers against one without storing anything", async () => {
      const list = await send("GET", "/v1/form-definitions?origin=national", careManager)
      expect(list.status).toBe(200)
      expect((await list.json()).items.map((item: { id: string }) => item.id)).toContain("admission-information")
      const definition = await send("GET", "/v1/form-definitions/admission-information", hospitalStaff)
      expect(definition.status).toBe(200)
      expect(definition.headers.get("etag")).toBeNull() // national templates never change
      expect((await definition.json()).definition.title.ja).toBe("入院時情報提供書")
      const checked = await send(
        "POST",
        "/v1/form-definitions/admission-information/versions/1.0.0/validate",
        careManager,
        {
          body: {
            answers: {
              ...formExamples["admission-information"],
              basic: {
                ...(formExamples["admission-information"].basic as object),
                phone: "12",
                birth_date: "2199-01-01",
              },
            },
          },
        },
      )
      expect(checked.status).toBe(200)
      const result = await checked.json()
      expect(result.valid).toBe(false)
      expect(result.issues.map((issue: { path: Array<string> }) => issue.path.join("."))).toEqual(
        expect.arrayContaining(["answers.basic.phone", "answers.basic.birth_date"]),
      )
      for (const issue of result.issues) {
        expect(issue.message.ja.length).toBeGreaterThan(0)
        expect(issue.message.en.length).toBeGreaterThan(0)
      }
      const missing = await send("POST", "/v1/form-definitions/nothing/versions/1.0.0/validate", careManager, {
        body: { answers: {} },
      })
      await problemOf(missing, 404)
      const stored = await (await send("GET", "/v1/form-responses", careManager)).json()
      expect(stored.items).toEqual([])
    })

    it("lets a coordinator store a regional variant, and freezes it once active", async () => {
      const variant = {
        id: "admission-information.hachinohe",
        version: "1.0.0",
        status: "draft",
        base: admission,
        changes: [
          {
            op: "add",
            parent: "basic",
            item: { linkId: "insurer_number", type: "string", text: { ja: "被保険者番号", en: "Insured number" } },
          },
          { op: "hide", linkId: "abuse_possibility" },
        ],
      }
      const created = await send("POST", "/v1/form-definitions", coordinator, { body: { kind: "variant", variant } })
      expect(created.status).toBe(201)
      expect(created.headers.get("etag")).toBe('W/"1"')
      expect(created.headers.get("location")).toBe(
        "/v1/form-definitions/admission-information.hachinohe/versions/1.0.0",
      )
      const path = "/v1/form-definitions/admission-information.hachinohe/versions/1.0.0"
      await problemOf(await send("PUT", path, coordinator, { body: { kind: "variant", variant } }), 428)
      const active = await send("PUT", path, coordinator, {
        body: { kind: "variant", variant: { ...variant, status: "active" } },
        headers: { "If-Match": 'W/"1"' },
      })
      expect(active.status).toBe(200)
      expect(active.headers.get("etag")).toBe('W/"2"')
      await problemOf(
        await send("PUT", path, coordinator, {
          body: { kind: "variant", variant: { ...variant, status: "active" } },
          headers: { "If-Match": 'W/"1"' },
        }),
        412,
      )
      const frozen = await problemOf(await send("DELETE", path, coordinator, { headers: { "If-Match": 'W/"2"' } }), 409)
      expect(frozen.detail_ja).toContain("使用中")
      const bad = await problemOf(
        await send("POST", "/v1/form-definitions", coordinator, {
          body: { kind: "variant", variant: { ...variant, id: "x.bad", changes: [{ op: "hide", linkId: "nope" }] } },
        }),
        400,
      )
      expect(bad.errors).toEqual([expect.objectContaining({ in: "body", pointer: "/variant/changes/0/linkId" })])
      await problemOf(
        await send("POST", "/v1/form-definitions", careManager, { body: { kind: "variant", variant } }),
        403,
      )
    })

    it("creates a draft once per Idempotency-Key, completes it with If-Match, and reports bad answers at their paths", async () => {
      const body = {
        template: admission,
        organizationId: ids.careOffice,
        answers: formExamples["admission-information"],
      }
      const invalid = await problemOf(
        await send("POST", "/v1/form-responses", careManager, {
          body: { ...body, answers: { ...body.answers, basic: { ...(body.answers.basic as object), phone: "12" } } },
        }),
        400,
      )
      expect(invalid.errors).toEqual([
        expect.objectContaining({ in: "body", pointer: "/answers/basic/phone", code: "invalid_phone" }),
      ])
      const first = await send("POST", "/v1/form-responses", careManager, {
        body,
        headers: { "Idempotency-Key": "adm-2026-0001" },
      })
      expect(first.status).toBe(201)
      expect(first.headers.get("etag")).toBe('W/"1"')
      const created = await first.json()
      responseId = created.id
      expect(first.headers.get("location")).toBe(`/v1/form-responses/${responseId}`)
      const again = await send("POST", "/v1/form-responses", careManager, {
        body,
        headers: { "Idempotency-Key": "adm-2026-0001" },
      })
      expect(again.status).toBe(201)
      expect((await again.json()).id).toBe(responseId)
      await problemOf(
        await send("POST", "/v1/form-responses", careManager, {
          body: { template: admission, organizationId: ids.careOffice },
          headers: { "Idempotency-Key": "adm-2026-0001" },
        }),
        409,
      )
      await problemOf(await send("POST", `/v1/form-responses/${responseId}/complete`, careManager), 428)
      await problemOf(
        await send("POST", `/v1/form-responses/${responseId}/complete`, careManager, {
          headers: { "If-Match": 'W/"7"' },
        }),
        412,
      )
      const completed = await send("POST", `/v1/form-responses/${responseId}/complete`, careManager, {
        headers: { "If-Match": 'W/"1"' },
      })
      expect(completed.status).toBe(200)
      expect(completed.headers.get("etag")).toBe('W/"2"')
      expect((await completed.json()).status).toBe("completed")
      // a key for another organisation cannot write for this one
      await problemOf(
        await send("POST", "/v1/form-responses", hospitalStaff, {
          body: { template: admission, organizationId: ids.careOffice },
        }),
        403,
      )
    })

    it("sends to the hospital, which receives (read receipt) and acknowledges it; the clinic and the coordinator cannot read it", async () => {
      const sent = await send("POST", `/v1/form-responses/${responseId}/send`, careManager, {
        body: { recipients: [ids.hospital], note: "入院時の情報をお送りします" },
        headers: { "Idempotency-Key": "send-2026-0001" },
      })
      expect(sent.status).toBe(201)
      const sending = await sent.json()
      sendingId = sending.id
      expect(sent.headers.get("location")).toBe(`/v1/form-sendings/${sendingId}`)
      expect(sending.recipients).toEqual([{ organizationId: ids.hospital, state: "sent" }])
      const retried = await send("POST", `/v1/form-responses/${responseId}/send`, careManager, {
        body: { recipients: [ids.hospital], note: "入院時の情報をお送りします" },
        headers: { "Idempotency-Key": "send-2026-0001" },
      })
      expect((await retried.json()).id).toBe(sendingId)

      const inbox = await (await send("GET", "/v1/form-inbox?state=sent", hospitalStaff)).json()
      expect(inbox.items.map((item: { id: string }) => item.id)).toEqual([sendingId])
      expect(inbox.items[0]).not.toHaveProperty("answers")

      const opened = await send("GET", `/v1/form-sendings/${sendingId}`, hospitalStaff)
      expect(opened.status).toBe(200)
      const read = await opened.json()
      expect(read.answers).toEqual(
        (await (await send("GET", `/v1/form-responses/${responseId}`, careManager)).json()).answers,
      )
      expect(read.recipients[0]).toMatchObject({ state: "received", receivedBy: { kind: "api_key" } })
      expect(read.recipients[0].receivedBy.label).toBe("八戸中央病院 地域連携室")
      const response = await send("GET", `/v1/form-responses/${responseId}`, hospitalStaff)
      expect(response.status).toBe(200)
      expect(response.headers.get("etag")).toBe('W/"2"')

      // the third organisation: the response and the sending do not exist for it
      const notFound = await problemOf(await send("GET", `/v1/form-responses/${responseId}`, clinicStaff), 404)
      expect(notFound.detail_ja).toContain("情報提供書")
      await problemOf(await send("GET", `/v1/form-sendings/${sendingId}`, clinicStaff), 404)
      await problemOf(await send("POST", `/v1/form-sendings/${sendingId}/acknowledge`, clinicStaff), 404)
      await problemOf(await send("GET", `/v1/form-inbox?organizationId=${ids.hospital}`, clinicStaff), 403)
      // administrators and coordinators do not read sheets
      await problemOf(await send("GET", `/v1/form-responses/${responseId}`, coordinator), 403)
      await problemOf(await send("GET", `/v1/form-responses/${responseId}`, w.a.admin), 403)
      // another tenant's staff
      await problemOf(await send("GET", `/v1/form-responses/${responseId}`, w.b.admin), 403)

      const acknowledged = await send("POST", `/v1/form-sendings/${sendingId}/acknowledge`, hospitalStaff)
      expect(acknowledged.status).toBe(200)
      expect((await acknowledged.json()).recipients[0]).toMatchObject({ state: "acknowledged" })
      const twice = await problemOf(
        await send("POST", `/v1/form-sendings/${sendingId}/acknowledge`, hospitalStaff),
        409,
      )
      expect(twice.state).toBe("acknowledged")
      const bySender = await problemOf(
        await send("POST", `/v1/form-sendings/${sendingId}/acknowledge`, careManager),
        400,
      )
      expect(bySender.errors[0].code).toBe("not_a_recipient")
    })

    it("lets the hospital return a second sheet with a comment, which the care manager sees in its outbox", async () => {
      const draft = await (
        await send("POST", "/v1/form-responses", careManager, {
          body: { template: admission, organizationId: ids.careOffice, answers: formExamples["admission-information"] },
        })
      ).json()
      await send("POST", `/v1/form-responses/${draft.id}/complete`, careManager, { headers: { "If-Match": 'W/"1"' } })
      const sent = await (
        await send("POST", `/v1/form-responses/${draft.id}/send`, careManager, { body: { recipients: [ids.hospital] } })
      ).json()
      secondSendingId = sent.id
      const noComment = await problemOf(
        await send("POST", `/v1/form-sendings/${secondSendingId}/return`, hospitalStaff, { body: {} }),
        400,
      )
      expect(noComment.errors[0].pointer).toBe("/comment")
      const returned = await send("POST", `/v1/form-sendings/${secondSendingId}/return`, hospitalStaff, {
        body: { comment: "当院の入院予定の方ではありません。ご確認ください" },
      })
      expect(returned.status).toBe(200)
      expect((await returned.json()).recipients[0]).toMatchObject({
        state: "returned",
        comment: "当院の入院予定の方ではありません。ご確認ください",
      })
      const outbox = await (await send("GET", "/v1/form-outbox?state=returned", careManager)).json()
      expect(outbox.items.map((item: { id: string }) => item.id)).toEqual([secondSendingId])
      const all = await (await send("GET", "/v1/form-outbox", careManager)).json()
      expect(all.items.map((item: { id: string }) => item.id)).toEqual([secondSendingId, sendingId])
      const senderView = await (await send("GET", `/v1/form-sendings/${secondSendingId}`, careManager)).json()
      expect(senderView.recipients[0].comment).toBe("当院の入院予定の方ではありません。ご確認ください")
    })

    it("records every read of a response in the audit trail, refused ones too", async () => {
      const page = await send("GET", "/v1/audit?limit=500", w.a.admin)
      expect(page.status).toBe(200)
      const entries: Array<{
        action: string
        outcome: string
        personalData: boolean
        actor: { role: string }
        target: { type: string; id: string }
        details: Record<string, unknown>
      }> = (await page.json()).entries
      const reads = entries.filter((e) => e.action === "form_response.read" && e.target.id === responseId)
      expect(reads.every((e) => e.personalData)).toBe(true)
      const byRole = (role: string, outcome: string) =>
        reads.filter((e) => e.actor.role === role && e.outcome === outcome).length
      // the hospital opened the sending once and the response once; the care manager read it once
      expect(byRole("hospital_staff", "success")).toBe(2)
      expect(byRole("care_manager", "success")).toBe(1)
      // the clinic's two attempts to read, refused
      expect(byRole("hospital_staff", "denied")).toBe(2)
      expect(entries.some((e) => e.action === "form_sending.receive" && e.target.id === sendingId)).toBe(true)
      expect(entries.some((e) => e.action === "form_sending.acknowledge" && e.target.id === sendingId)).toBe(true)
      expect(entries.some((e) => e.action === "form_sending.return" && e.target.id === secondSendingId)).toBe(true)
      expect(JSON.stringify(entries)).not.toContain("八戸 太郎")
    })
  })
