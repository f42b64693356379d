import { toIsoDate } from "@zaitaku/core"
import type { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AppServices } from "../src/AppLayer.js"
import { createKey, makeWorld, sender, type World } from "./support.js"

const problemOf = async (response: Response, status: number) => {
  expect(response.status).toBe(status)
  expect(response.headers.get("content-type")).toBe("application/problem+json")
  const body = await response.json()
  for (const field of ["title", "detail", "title_ja", "detail_ja"]) expect(body[field].length).toBeGreaterThan(0)
  return body
}

const day = 24 * 60 * 60 * 1000
/** A Japan date `days` from today (the server's clock decides deadlines, so the dates follow it). */
const dateIn = (days: number) => toIsoDate(new Date(Date.now() + days * day))

const consultation = (overrides: Record<string, unknown> = {}) => ({
  area: { kind: "municipality", code: "022039" },
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

const training = (registration: Record<string, unknown>, overrides: Record<string, unknown> = {}) => {
  const start = dateIn(60)
  return {
    area: { kind: "municipality", code: "022039" },
    kind: "multi_professional_training",
    title: "多職種研修会",
    organizer: { name: "八戸市在宅医療・介護連携推進協議会" },
    startsAt: `${start}T18:30:00+09:00`,
    endsAt: `${start}T20:30:00+09:00`,
    venue: { mode: "in_person", name: "八戸市総合福祉会館" },
    registration,
    status: "planned",
    ...overrides,
  }
}

const applicant = (n: number) => ({
  name: `申込者 ${n}`,
  email: `applicant${n}@example.jp`,
  profession: (["nurse", "care_manager", "doctor"] as const)[(n - 1) % 3],
  organizationName: n % 2 === 0 ? "八戸訪問看護ステーション" : "八戸市居宅介護支援センター",
})

/**
 * The program's activities over HTTP (issue 6): consultations with ETags and audited reads, 50 parallel sign-ups for
 * 30 seats, the deadline, the wait-list, the public link, meetings with issues and countermeasures. Run on every
 * storage.
 */
export const activitiesScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`activities over HTTP (${name})`, () => {
    let w: World
    let coordinator: string

    beforeAll(async () => {
      w = await makeWorld(await layer())
      coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    const send = sender(() => w)

    it("creates, reads and replaces a consultation with ETags and If-Match; viewers cannot read it", async () => {
      const created = await send("POST", "/v1/consultations", coordinator, {
        body: consultation(),
        headers: { "Idempotency-Key": "consult-1" },
      })
      expect(created.status).toBe(201)
      expect(created.headers.get("etag")).toBe('W/"1"')
      const record = await created.json()
      expect(created.headers.get("location")).toBe(`/v1/consultations/${record.id}`)
      expect(record).toMatchObject({ version: 1, personPseudonym: "p-7f3a", topics: ["discharge_support"] })
      const retried = await send("POST", "/v1/consultations", coordinator, {
        body: consultation(),
        headers: { "Idempotency-Key": "consult-1" },
      })
      expect(retried.status).toBe(201)
      expect((await retried.json()).id).toBe(record.id)

      const path = `/v1/consultations/${record.id}`
      expect((await send("GET", path, coordinator, { headers: { "If-None-Match": 'W/"1"' } })).status).toBe(304)
      await problemOf(await send("PUT", path, coordinator, { body: consultation({ minutesSpent: 45 }) }), 428)
      const replaced = await send("PUT", path, coordinator, {
        body: consultation({ minutesSpent: 45 }),
        headers: { "If-Match": 'W/"1"' },
      })
      expect(replaced.status).toBe(200)
      expect(replaced.headers.get("etag")).toBe('W/"2"')
      expect((await replaced.json()).minutesSpent).toBe(45)
      await problemOf(
        await send("PUT", path, coordinator, {
          body: consultation({ minutesSpent: 50 }),
          headers: { "If-Match": 'W/"1"' },
        }),
        412,
      )
      const invalid = await problemOf(
        await send("POST", "/v1/consultations", coordinator, { body: consultation({ referrals: [] }) }),
        400,
      )
      expect(invalid.errors.map((e: { code: string }) => e.code)).toContain("referral_missing")
      await problemOf(await send("GET", path, w.a.viewer), 403)
      await problemOf(await send("GET", path, w.b.admin), 404)

      const listed = await send(
        "GET",
        "/v1/consultations?topic=discharge_support&from=2025-04-01&to=2026-03-31",
        coordinator,
      )
      expect(listed.status).toBe(200)
      expect((await listed.json()).items.map((r: { id: string }) => r.id)).toEqual([record.id])

      const audit = await (await send("GET", "/v1/audit?limit=100", w.a.admin)).json()
      const reads = audit.entries.filter((e: { target: { type: string } }) => e.target.type === "consultation")
      expect(reads.length).toBeGreaterThan(0)
      expect(reads.every((e: { personalData: boolean }) => e.personalData)).toBe(true)
    })

    it("confirms exactly 30 of 50 parallel applications for 30 seats and wait-lists 20", async () => {
      const created = await send("POST", "/v1/events", coordinator, {
        body: training({ capacity: 30, deadline: dateIn(30), public: true }),
      })
      expect(created.status).toBe(201)
      const event = await created.json()
      const responses = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          send("POST", `/v1/events/${event.id}/registrations`, coordinator, { body: { applicant: applicant(i + 1) } }),
        ),
      )
      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 201))
      const results = await Promise.all(responses.map((r) => r.json()))
      const statuses = results.map((r) => r.registration.status)
      expect(statuses.filter((s) => s === "confirmed")).toHaveLength(30)
      expect(statuses.filter((s) => s === "wait_listed")).toHaveLength(20)

      const summary = await (await send("GET", `/v1/events/${event.id}/registration-summary`, w.a.viewer)).json()
      expect(summary).toMatchObject({ capacity: 30, confirmed: 30, waitListed: 20, cancelled: 0, seatsLeft: 0 })

      // a confirmed applicant cancels: the first to have been wait-listed (arrival 31) gets the seat
      const list = await (await send("GET", `/v1/events/${event.id}/registrations?limit=500`, coordinator)).json()
      expect(list.items.map((r: { sequence: number }) => r.sequence)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      )
      const firstWaiting = list.items.find((r: { sequence: number }) => r.sequence === 31)
      expect(firstWaiting.status).toBe("wait_listed")
      const cancelled = await send(
        "POST",
        `/v1/events/${event.id}/registrations/${list.items[0].id}/cancel?by=applicant`,
        coordinator,
      )
      expect(cancelled.status).toBe(200)
      const cancellation = await cancelled.json()
      expect(cancellation.registration.status).toBe("cancelled")
      expect(cancellation.promoted.map((r: { id: string }) => r.id)).toEqual([firstWaiting.id])
      const promoted = await (
        await send("GET", `/v1/events/${event.id}/registrations/${firstWaiting.id}`, coordinator)
      ).json()
      expect(promoted.status).toBe("confirmed")

      // attendance of a confirmed applicant; a wait-listed one cannot attend (409, both languages)
      const attended = await send(
        "POST",
        `/v1/events/${event.id}/registrations/${firstWaiting.id}/attendance`,
        coordinator,
        {
          body: { attended: true },
        },
      )
      expect(attended.status).toBe(200)
      const stillWaiting = list.items.find((r: { sequence: number }) => r.sequence === 32)
      const refused = await problemOf(
        await send("POST", `/v1/events/${event.id}/registrations/${stillWaiting.id}/attendance`, coordinator, {
          body: { attended: true },
        }),
        409,
      )
      expect(refused.reason).toBe("state")
      const after = await (await send("GET", `/v1/events/${event.id}/registration-summary`, w.a.viewer)).json()
      expect(after).toMatchObject({ confirmed: 30, waitListed: 19, cancelled: 1, attended: 1 })

      // applicants' personal data is not for viewers
      await problemOf(await send("GET", `/v1/events/${event.id}/registrations`, w.a.viewer), 403)
    })

    it("refuses an application after the deadline with a 422 in Japanese and English, storing nothing", async () => {
      const event = await (
        await send("POST", "/v1/events", coordinator, {
          body: training({ capacity: 30, deadline: dateIn(-3), public: true }),
        })
      ).json()
      const refused = await problemOf(
        await send("POST", `/v1/events/${event.id}/registrations`, coordinator, { body: { applicant: applicant(1) } }),
        422,
      )
      expect(refused.type).toBe("https://zaitaku.dev/problems/registration-closed")
      expect(refused.reason).toBe("deadline_passed")
      expect(refused.detail_ja).toMatch(/^申込期限（令和\d+年\d+月\d+日）を過ぎています/)
      expect(refused.detail).toContain(`The application deadline (${dateIn(-3)}) has passed`)
      const publicRefusal = await problemOf(
        await send("POST", `/public/v1/${w.a.tenant.code}/events/${event.id}/registrations`, undefined, {
          body: { applicant: applicant(2) },
        }),
        422,
      )
      expect(publicRefusal.reason).toBe("deadline_passed")
      const list = await (await send("GET", `/v1/events/${event.id}/registrations`, coordinator)).json()
      expect(list.items).toEqual([])
    })

    it("takes applications through the public link of a public event only, answering with the state alone", async () => {
      const open = await (
        await send("POST", "/v1/events", coordinator, { body: training({ capacity: 1, public: true }) })
      ).json()
      const closed = await (await send("POST", "/v1/events", coordinator, { body: training({ capacity: 1 }) })).json()
      const path = (id: string, code = w.a.tenant.code) => `/public/v1/${code}/events/${id}/registrations`
      const first = await send("POST", path(open.id), undefined, { body: { applicant: applicant(1) } })
      expect(first.status).toBe(201)
      const firstBody = await first.json()
      expect(firstBody).toEqual({
        id: firstBody.id,
        eventId: open.id,
        status: "confirmed",
        outcome: "created",
        waitListPosition: null,
      })
      const second = await send("POST", path(open.id), undefined, { body: { applicant: applicant(2) } })
      const page = await send("GET", `/public/v1/${w.a.tenant.code}/events/${open.id}`, undefined)
      expect(page.status).toBe(200)
      expect((await page.json()).registration).toEqual({
        capacity: 1,
        deadline: null,
        waitList: true,
        seatsLeft: 0,
        waitListed: 1,
      })
      await problemOf(await send("GET", `/public/v1/${w.a.tenant.code}/events/${closed.id}`, undefined), 404)
      expect(await second.json()).toMatchObject({ status: "wait_listed", waitListPosition: 1 })
      const again = await send("POST", path(open.id), undefined, { body: { applicant: applicant(2) } })
      expect(again.status).toBe(200)
      expect(JSON.stringify(await again.json())).not.toContain("example.jp")
      await problemOf(await send("POST", path(closed.id), undefined, { body: { applicant: applicant(3) } }), 404)
      await problemOf(
        await send("POST", path(open.id, "no-such-tenant"), undefined, { body: { applicant: applicant(3) } }),
        404,
      )
      await problemOf(
        await send("POST", path(open.id, w.b.tenant.code), undefined, { body: { applicant: applicant(3) } }),
        404,
      )
      await problemOf(
        await send("POST", path(open.id), undefined, {
          body: { applicant: { name: "連絡先なし", profession: "nurse" } },
        }),
        400,
      )
    })

    it("registers every applicant of a 研修申込書 sent through the public link; a bad sheet registers no one", async () => {
      const event = await (
        await send("POST", "/v1/events", coordinator, {
          body: training({ capacity: 2, public: true, waitList: true }),
        })
      ).json()
      const path = `/public/v1/${w.a.tenant.code}/events/${event.id}/applications`
      const sheet = (applicants: ReadonlyArray<Record<string, unknown>>) => ({
        answers: {
          office_name: "愛川訪問看護ステーション",
          contact: {
            contact_person: "厚木 一郎",
            contact_email: "office@aikawa-kango.example.jp",
            contact_phone: "046-285-0000",
          },
          applicants,
          questions: { ask_professions: ["doctor"] },
        },
      })
      const hanako = {
        name: "厚木 花子",
        kana: "あつぎ はなこ",
        email: "hanako@aikawa-kango.example.jp",
        profession: "nurse",
      }
      const jiro = {
        name: "愛川 次郎",
        kana: "あいかわ じろう",
        email_same_as_contact: true,
        profession: "care_manager",
      }
      const saburo = {
        name: "中津 三郎",
        kana: "なかつ さぶろう",
        email_same_as_contact: true,
        profession: { text: "看護助手" },
      }

      // a bad sheet: every problem at its path, in both languages, and no one registered
      const bad = await problemOf(
        await send("POST", path, undefined, {
          body: sheet([{ ...hanako, kana: "アツギ ハナコ" }, { name: "愛川 次郎" }]),
        }),
        400,
      )
      expect(bad.detail_ja).toMatch(/^リクエスト本文に\d+件の誤りがあります$/)
      expect(bad.errors.every((e: { in: string }) => e.in === "body")).toBe(true)
      const pointers = bad.errors.map((e: { pointer: string }) => e.pointer)
      expect(pointers).toEqual(
        expect.arrayContaining([
          "/answers/applicants/0/kana",
          "/answers/applicants/1/kana",
          "/answers/applicants/1/profession",
        ]),
      )
      const before = await (await send("GET", `/v1/events/${event.id}/registrations`, coordinator)).json()
      expect(before.items).toEqual([])

      // three staff of one office for two seats: two confirmed, the third wait-listed; the answer names no contact
      const applied = await send("POST", path, undefined, { body: sheet([hanako, jiro, saburo]) })
      expect(applied.status).toBe(201)
      const body = await applied.json()
      expect(body.template).toEqual({ id: "training-application", version: expect.any(String) })
      expect(body.applicants.map((a: { registration: { status: string } }) => a.registration.status)).toEqual([
        "confirmed",
        "confirmed",
        "wait_listed",
      ])
      expect(JSON.stringify(body)).not.toContain("example.jp")
      expect(JSON.stringify(body)).not.toContain("厚木")
      const stored = await (await send("GET", `/v1/events/${event.id}/registrations`, coordinator)).json()
      expect(
        stored.items.map((r: { applicant: Record<string, unknown> }) => [
          r.applicant.name,
          r.applicant.email ?? null,
          r.applicant.phone,
          r.applicant.profession,
          r.applicant.organizationName,
        ]),
      ).toEqual([
        ["厚木 花子", "hanako@aikawa-kango.example.jp", "046-285-0000", "nurse", "愛川訪問看護ステーション"],
        ["愛川 次郎", null, "046-285-0000", "care_manager", "愛川訪問看護ステーション"],
        ["中津 三郎", null, "046-285-0000", "other", "愛川訪問看護ステーション"],
      ])

      // the same sheet again (a retried submission) registers no one twice
      const again = await send("POST", path, undefined, { body: sheet([hanako, jiro, saburo]) })
      expect(again.status).toBe(200)
      expect(
        (await again.json()).applicants.map((a: { registration: { outcome: string } }) => a.registration.outcome),
      ).toEqual(["unchanged", "unchanged", "unchanged"])
      const after = await (await send("GET", `/v1/events/${event.id}/registrations`, coordinator)).json()
      expect(after.items).toHaveLength(3)

      // the private route for the organiser, with the same rules; an event that is not public has no public route
      const closed = await (await send("POST", "/v1/events", coordinator, { body: training({ capacity: 5 }) })).json()
      await problemOf(
        await send("POST", `/public/v1/${w.a.tenant.code}/events/${closed.id}/applications`, undefined, {
          body: sheet([hanako]),
        }),
        404,
      )
      const byOrganiser = await send("POST", `/v1/events/${closed.id}/applications`, coordinator, {
        body: sheet([hanako]),
      })
      expect(byOrganiser.status).toBe(201)
      expect((await byOrganiser.json()).applicants[0].registration.registration).toMatchObject({
        status: "confirmed",
        applicant: { name: "厚木 花子" },
      })
      await problemOf(
        await send("POST", `/v1/events/${closed.id}/applications`, w.a.viewer, { body: sheet([jiro]) }),
        403,
      )
    })

    it("records meetings with their issues and countermeasures; an event with registrations, or a linked record, is not removed", async () => {
      const meeting = await (
        await send("POST", "/v1/meetings", coordinator, {
          body: {
            area: { kind: "municipality", code: "022039" },
            kind: "council",
            title: "在宅医療・介護連携推進協議会",
            heldOn: "2025-06-10",
            attendees: [{ organizationCategory: "medical_association", profession: "doctor", count: 3 }],
            status: "held",
          },
        })
      ).json()
      const issue = await send("POST", "/v1/issues", coordinator, {
        body: {
          area: { kind: "municipality", code: "022039" },
          title: "退院時に病院からケアマネジャーへの連絡が遅れる",
          scenes: ["admission_discharge"],
          status: "open",
          raisedOn: "2025-06-10",
          meetingId: meeting.id,
        },
      })
      expect(issue.status).toBe(201)
      const issueBody = await issue.json()
      const measure = await send("POST", "/v1/countermeasures", coordinator, {
        body: {
          title: "入退院連携ルールを改訂して周知する",
          scenes: ["admission_discharge"],
          issueIds: [issueBody.id],
          owner: { name: "入退院支援WG" },
          dueOn: "2025-09-30",
          status: "planned",
        },
      })
      expect(measure.status).toBe(201)
      const issues = await (await send("GET", "/v1/issues?scene=admission_discharge", w.a.viewer)).json()
      expect(issues.items.map((i: { id: string }) => i.id)).toEqual([issueBody.id])
      const ofMeeting = await (await send("GET", `/v1/issues?linkedTo=${meeting.id}`, w.a.viewer)).json()
      expect(ofMeeting.items.map((i: { id: string }) => i.id)).toEqual([issueBody.id])
      const measures = await (await send("GET", `/v1/countermeasures?linkedTo=${issueBody.id}`, w.a.viewer)).json()
      expect(measures.items).toHaveLength(1)
      const councils = await (await send("GET", "/v1/meetings?kind=council", w.a.viewer)).json()
      expect(councils.items.map((m: { id: string }) => m.id)).toEqual([meeting.id])
      const byDate = await (await send("GET", "/v1/issues?order=date", w.a.viewer)).json()
      expect(byDate.items.map((i: { id: string }) => i.id)).toEqual([issueBody.id])
      const badOrder = await problemOf(await send("GET", "/v1/issues?order=newest", w.a.viewer), 400)
      expect(JSON.stringify(badOrder.errors)).toContain("order")
      await problemOf(await send("POST", "/v1/meetings", w.a.viewer, { body: { title: "x" } }), 403)

      const event = await (await send("POST", "/v1/events", coordinator, { body: training({ capacity: 5 }) })).json()
      await send("POST", `/v1/events/${event.id}/registrations`, coordinator, { body: { applicant: applicant(1) } })
      await problemOf(
        await send("DELETE", `/v1/events/${event.id}`, coordinator, { headers: { "If-Match": 'W/"1"' } }),
        409,
      )
      // a meeting its issues name stays, so no issue is left pointing at nothing: the linking records go first
      const remove = (path: string) => send("DELETE", path, coordinator, { headers: { "If-Match": 'W/"1"' } })
      const linked = await problemOf(await remove(`/v1/meetings/${meeting.id}`), 409)
      expect(linked.state).toBe("linked_from")
      expect(linked.detail_ja).toContain("参照されているため削除できません")
      await problemOf(await remove(`/v1/issues/${issueBody.id}`), 409)
      expect((await remove(`/v1/countermeasures/${(await measure.json()).id}`)).status).toBe(204)
      expect((await remove(`/v1/issues/${issueBody.id}`)).status).toBe(204)
      expect((await remove(`/v1/meetings/${meeting.id}`)).status).toBe(204)
      await problemOf(await send("GET", `/v1/meetings/${meeting.id}`, coordinator), 404)
    })
  })
