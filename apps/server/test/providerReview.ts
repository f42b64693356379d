import type { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AppServices } from "../src/AppLayer.js"
import { createKey, makeWorld, sender, type World } from "./support.js"

/** 居宅介護支援事業所 in 八戸市, never assured: it starts in the stale report. */
const careOffice = {
  kind: "care_management_office",
  name: "ケアプランセンターみなと",
  nameKana: "ケアプランセンターミナト",
  address: { prefectureCode: "02", municipalityCode: "022039", line: "八戸市湊町字本町1" },
  phone: "0178-30-0001",
  fax: "0178-30-0002",
  provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: "430:0270000001" },
}

/** Another office of the same tenant, which the provider key does not speak for. */
const neighbour = {
  ...careOffice,
  name: "ケアプランセンターしろがね",
  nameKana: "ケアプランセンターシロガネ",
  phone: "0178-30-0101",
  provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: "430:0270000002" },
}

const problemOf = async (response: Response, status: number) => {
  expect(response.status).toBe(status)
  expect(response.headers.get("content-type")).toBe("application/problem+json")
  const body = await response.json()
  for (const field of ["title", "detail", "title_ja", "detail_ja"]) expect(body[field].length).toBeGreaterThan(0)
  return body
}

/**
 * 事業所による掲載情報の更新 (issue 3, freshness workflow): an office's provider key updates and attests its own entry
 * only; the coordinator accepts or rejects; the change log, the audit trail and the stale report follow. Run on
 * every storage.
 */
export const providerReviewScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`providers keep their own entries current (${name})`, () => {
    let w: World
    let coordinator: string
    let careManager: string
    let office: string
    let officeId: string
    let neighbourId: string
    let accepted: string

    beforeAll(async () => {
      w = await makeWorld(await layer())
      coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
      careManager = await createKey(w.runtime, w.a.tenant, "care_manager")
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    const send = sender(() => w)

    const staleLine = async (id: string) => {
      const report = await (await send("GET", "/v1/resources/stale", coordinator)).json()
      return report.items.find((item: { resource: { id: string } }) => item.resource.id === id)
    }

    it("issues a provider key only for entries of the tenant's directory, and says which", async () => {
      officeId = (await (await send("POST", "/v1/resources", coordinator, { body: careOffice })).json()).id
      neighbourId = (await (await send("POST", "/v1/resources", coordinator, { body: neighbour })).json()).id
      const missing = await problemOf(
        await send("POST", "/v1/api-keys", w.a.admin, { body: { role: "provider" } }),
        400,
      )
      expect(missing.errors).toEqual([expect.objectContaining({ pointer: "/resources", code: "resources_required" })])
      const unknown = await problemOf(
        await send("POST", "/v1/api-keys", w.a.admin, {
          body: { role: "provider", resources: [officeId, "0192f5a0-0000-7000-8000-00000000dead"] },
        }),
        400,
      )
      expect(unknown.errors).toEqual([expect.objectContaining({ pointer: "/resources/1", code: "unknown_resource" })])
      const otherTenant = await problemOf(
        await send("POST", "/v1/api-keys", w.b.admin, { body: { role: "provider", resources: [officeId] } }),
        400,
      )
      expect(otherTenant.errors[0].message.ja).toContain("資源台帳にありません")
      const viewer = await problemOf(
        await send("POST", "/v1/api-keys", w.a.admin, { body: { role: "viewer", resources: [officeId] } }),
        400,
      )
      expect(viewer.errors[0].code).toBe("resources_not_allowed")
      const expired = await problemOf(
        await send("POST", "/v1/api-keys", w.a.admin, {
          body: { role: "provider", resources: [officeId], expiresAt: "2020-01-01T00:00:00+09:00" },
        }),
        400,
      )
      expect(expired.errors[0].code).toBe("expires_in_past")
      const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString()
      const issued = await send("POST", "/v1/api-keys", w.a.admin, {
        body: { role: "provider", label: "ケアプランセンターみなと", resources: [officeId], expiresAt },
      })
      expect(issued.status).toBe(201)
      const created = await issued.json()
      expect(created.key).toMatchObject({ role: "provider", resources: [officeId], expiresAt })
      office = created.secret
      const me = await (await send("GET", "/v1/me", office)).json()
      expect(me).toMatchObject({ tenantId: w.a.tenant.id, role: "provider", resources: [officeId] })
      expect(me.permissions).toEqual(expect.arrayContaining(["resources:attest", "resources:propose"]))
      expect(me.permissions).not.toContain("resources:write")
    })

    it("takes a proposal for the office's own entry only, with If-Match, and refuses empty or invalid ones", async () => {
      const path = `/v1/resources/${officeId}/change-requests`
      await problemOf(await send("POST", path, office, { body: { phone: "0178-31-0001" } }), 428)
      await problemOf(
        await send("POST", path, office, { body: { phone: "0178-31-0001" }, headers: { "If-Match": 'W/"9"' } }),
        412,
      )
      const same = await problemOf(
        await send("POST", path, office, { body: { phone: careOffice.phone }, headers: { "If-Match": 'W/"1"' } }),
        400,
      )
      expect(same.errors[0]).toMatchObject({ code: "no_changes", in: "body" })
      const invalid = await problemOf(
        await send("POST", path, office, { body: { status: "closed" }, headers: { "If-Match": 'W/"1"' } }),
        400,
      )
      expect(invalid.errors[0]).toMatchObject({ pointer: "/closedOn", code: "closed_on_required" })
      await problemOf(
        await send("POST", path, office, {
          body: { provenance: { source: "self_reported" } },
          headers: { "If-Match": 'W/"1"' },
        }),
        400,
      )
      const other = await problemOf(
        await send("POST", `/v1/resources/${neighbourId}/change-requests`, office, {
          body: { phone: "0178-31-0001" },
          headers: { "If-Match": 'W/"1"' },
        }),
        403,
      )
      expect(other.detail).toContain("own directory entries")
      await problemOf(
        await send("POST", path, careManager, { body: { phone: "0178-31-0001" }, headers: { "If-Match": 'W/"1"' } }),
        403,
      )
      const queue = await (await send("GET", "/v1/resource-change-requests", coordinator)).json()
      expect(queue.items).toEqual([]) // nothing refused was stored
    })

    it("keeps the entry unchanged while the proposal waits, and marks it in the stale report", async () => {
      expect(await staleLine(officeId)).toMatchObject({
        assurance: { status: "never_assured" },
        pendingChangeRequests: 0,
      })
      const response = await send(
        "POST",
        `/v1/resources/${officeId}/change-requests?attest=true&reason=${encodeURIComponent("電話番号が変わりました")}`,
        office,
        { body: { phone: "0178-31-0001", fax: null }, headers: { "If-Match": 'W/"1"' } },
      )
      expect(response.status).toBe(201)
      const request = await response.json()
      accepted = request.id
      expect(response.headers.get("location")).toBe(`/v1/resource-change-requests/${request.id}`)
      expect(request).toMatchObject({
        resourceId: officeId,
        baseVersion: 1,
        attest: true,
        status: "pending",
        reason: "電話番号が変わりました",
        proposedBy: { kind: "api_key", label: "ケアプランセンターみなと" },
        changes: [
          { field: "fax", from: careOffice.fax },
          { field: "phone", from: careOffice.phone, to: "0178-31-0001" },
        ],
      })
      expect(request.changes[0]).not.toHaveProperty("to")
      const entry = await (await send("GET", `/v1/resources/${officeId}`, coordinator)).json()
      expect(entry).toMatchObject({ version: 1, phone: careOffice.phone })
      expect(await staleLine(officeId)).toMatchObject({
        assurance: { status: "never_assured" },
        pendingChangeRequests: 1,
      })
      const mine = await (await send("GET", "/v1/resource-change-requests", office)).json()
      expect(mine.items.map((item: { id: string }) => item.id)).toEqual([request.id])
      await problemOf(await send("GET", "/v1/resource-change-requests", careManager), 403)
    })

    it("lets only a reviewer accept: the entry changes and is attested, the change log and audit say who", async () => {
      await problemOf(await send("POST", `/v1/resource-change-requests/${accepted}/accept`, office, { body: {} }), 403)
      const response = await send("POST", `/v1/resource-change-requests/${accepted}/accept`, coordinator, {
        body: { comment: "反映しました" },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get("etag")).toBe('W/"2"')
      const { request, resource } = await response.json()
      expect(request).toMatchObject({ status: "accepted", comment: "反映しました", appliedVersion: 2 })
      expect(request.decidedBy).toMatchObject({ kind: "api_key", label: "coordinator" })
      expect(resource).toMatchObject({
        version: 2,
        phone: "0178-31-0001",
        assuredAt: request.proposedAt,
        assuredBy: { label: "ケアプランセンターみなと" },
      })
      expect(resource).not.toHaveProperty("fax")
      expect(await staleLine(officeId)).toBeUndefined() // attested: no longer due
      const changes = await (await send("GET", `/v1/resources/${officeId}/changes`, coordinator)).json()
      expect(changes.items.map((c: { field: string }) => c.field)).toEqual(["assuredAt", "assuredBy", "fax", "phone"])
      expect(changes.items[3]).toMatchObject({
        by: { label: "ケアプランセンターみなと" },
        reviewedBy: { label: "coordinator" },
        changeRequestId: accepted,
        reason: "電話番号が変わりました",
      })
      const again = await problemOf(
        await send("POST", `/v1/resource-change-requests/${accepted}/accept`, coordinator, { body: {} }),
        409,
      )
      expect(again.detail_ja).toContain("承認")
      const audit = await (await send("GET", "/v1/audit?limit=100", w.a.admin)).json()
      const steps = audit.entries
        .filter((e: { action: string }) => e.action.startsWith("resource_change_request."))
        .map((e: { action: string; actor: { role: string } }) => [e.action, e.actor.role])
        .reverse()
      expect(steps).toEqual([
        ["resource_change_request.create", "provider"],
        ["resource_change_request.accept", "coordinator"],
      ])
      expect(audit.chain?.valid ?? true).toBe(true)
    })

    it("records a rejection with its comment for the office, leaving the entry as it was", async () => {
      const proposed = await (
        await send("POST", `/v1/resources/${officeId}/change-requests`, office, {
          body: { url: "https://example.jp/minato" },
          headers: { "If-Match": 'W/"2"' },
        })
      ).json()
      await problemOf(
        await send("POST", `/v1/resource-change-requests/${proposed.id}/reject`, coordinator, { body: {} }),
        400,
      )
      const rejected = await send("POST", `/v1/resource-change-requests/${proposed.id}/reject`, coordinator, {
        body: { comment: "URLが開けません。ご確認ください" },
      })
      expect(rejected.status).toBe(200)
      expect(await rejected.json()).toMatchObject({ status: "rejected", comment: "URLが開けません。ご確認ください" })
      const seen = await (await send("GET", `/v1/resource-change-requests/${proposed.id}`, office)).json()
      expect(seen.status).toBe("rejected")
      const entry = await (await send("GET", `/v1/resources/${officeId}`, coordinator)).json()
      expect(entry).toMatchObject({ version: 2 })
      expect(entry).not.toHaveProperty("url")
    })

    it("refuses to accept over a field the coordinator changed meanwhile, naming it, and lets the office withdraw", async () => {
      const proposed = await (
        await send("POST", `/v1/resources/${officeId}/change-requests`, office, {
          body: { phone: "0178-32-0001" },
          headers: { "If-Match": 'W/"2"' },
        })
      ).json()
      const patched = await send("PATCH", `/v1/resources/${officeId}`, coordinator, {
        body: { phone: "0178-33-0001" },
        headers: { "If-Match": 'W/"2"' },
      })
      expect(patched.status).toBe(200)
      const collided = await problemOf(
        await send("POST", `/v1/resource-change-requests/${proposed.id}/accept`, coordinator, { body: {} }),
        409,
      )
      expect(collided.fields).toEqual(["phone"])
      expect(collided.detail_ja).toContain("phone")
      const entry = await (await send("GET", `/v1/resources/${officeId}`, coordinator)).json()
      expect(entry).toMatchObject({ version: 3, phone: "0178-33-0001" })
      await problemOf(await send("POST", `/v1/resource-change-requests/${proposed.id}/withdraw`, coordinator), 403)
      const withdrawn = await send("POST", `/v1/resource-change-requests/${proposed.id}/withdraw`, office)
      expect(withdrawn.status).toBe(200)
      expect((await withdrawn.json()).status).toBe("withdrawn")
      const history = await (
        await send(
          "GET",
          `/v1/resource-change-requests?resourceId=${officeId}&status=accepted,rejected,withdrawn`,
          office,
        )
      ).json()
      expect(history.items.map((item: { status: string }) => item.status)).toEqual([
        "accepted",
        "rejected",
        "withdrawn",
      ])
    })

    it("hides one tenant's requests from another: 404", async () => {
      await problemOf(await send("GET", `/v1/resource-change-requests/${accepted}`, w.b.admin), 404)
      await problemOf(
        await send("POST", `/v1/resource-change-requests/${accepted}/reject`, w.b.admin, { body: { comment: "x" } }),
        404,
      )
      const queue = await (await send("GET", "/v1/resource-change-requests", w.b.admin)).json()
      expect(queue.items).toEqual([])
    })
  })
