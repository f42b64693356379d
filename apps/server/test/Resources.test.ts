import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type AppServices, appLayer, memoryLayer } from "../src/AppLayer.js"
import {
  entityTagOf,
  noneMatchHits,
  PreconditionFailed,
  PreconditionRequired,
  parseEntityTags,
  versionsOf,
} from "../src/Preconditions.js"
import { toProblem } from "../src/Problem.js"
import { bearer, createKey, makeWorld, sender, type World } from "./support.js"

/** 八戸市内の訪問看護ステーション (tenant A). */
const station = {
  kind: "home_nursing_station",
  name: "八戸中央訪問看護ステーション",
  nameKana: "ハチノヘチュウオウホウモンカンゴステーション",
  address: { prefectureCode: "02", municipalityCode: "022039", postalCode: "0318686", line: "八戸市内丸1-1-1" },
  location: { latitude: 40.5123, longitude: 141.4885 },
  phone: "0178-00-0000",
  fax: "0178-00-0001",
  capabilities: ["around_the_clock", "end_of_life_care"],
  hours: [{ day: "mon", periods: [{ opens: "09:00", closes: "17:30" }] }],
  provenance: { source: "manual" },
}

/** 三戸町の薬局 (about 25 km from 八戸市役所). */
const pharmacy = {
  kind: "pharmacy",
  name: "三戸調剤薬局",
  nameKana: "サンノヘチョウザイヤッキョク",
  address: { prefectureCode: "02", municipalityCode: "024414", line: "三戸町大字同心町1" },
  location: { latitude: 40.3766, longitude: 141.2571 },
  capabilities: ["around_the_clock"],
  provenance: { source: "manual" },
}

interface Keys {
  readonly coordinator: string
  readonly careManager: string
}

const expectProblem = async (response: Response, status: number) => {
  expect(response.status).toBe(status)
  expect(response.headers.get("content-type")).toBe("application/problem+json")
  const body = await response.json()
  expect(body).toMatchObject({ status, requestId: expect.any(String), instance: expect.any(String) })
  for (const field of ["title", "detail", "title_ja", "detail_ja"]) expect(body[field].length).toBeGreaterThan(0)
  return body
}

/** The key scenario, run on every storage. */
const resourceScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`the resource directory API (${name})`, () => {
    let w: World
    let keys: Keys
    let id: string
    let pharmacyId: string

    beforeAll(async () => {
      w = await makeWorld(await layer())
      keys = {
        coordinator: await createKey(w.runtime, w.a.tenant, "coordinator"),
        careManager: await createKey(w.runtime, w.a.tenant, "care_manager"),
      }
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    const send = sender(() => w)

    it("creates an entry in the caller's tenant: 201, ETag, Location", async () => {
      const response = await send("POST", "/v1/resources", keys.coordinator, { body: station })
      expect(response.status).toBe(201)
      const entry = await response.json()
      id = entry.id
      expect(entry).toMatchObject({
        tenantId: w.a.tenant.id,
        version: 1,
        status: "active",
        name: station.name,
        address: { postalCode: "031-8686" },
      })
      expect(response.headers.get("etag")).toBe('W/"1"')
      expect(response.headers.get("location")).toBe(`/v1/resources/${id}`)
      const created = await send("POST", "/v1/resources", keys.coordinator, { body: pharmacy })
      expect(created.status).toBe(201)
      pharmacyId = (await created.json()).id
    })

    it("reads it with its ETag, and answers 304 to a matching If-None-Match", async () => {
      const response = await send("GET", `/v1/resources/${id}`, w.a.viewer)
      expect(response.status).toBe(200)
      expect(response.headers.get("etag")).toBe('W/"1"')
      expect((await response.json()).id).toBe(id)
      for (const tag of ['W/"1"', '"1"', '"7", W/"1"', "*"]) {
        const cached = await send("GET", `/v1/resources/${id}`, w.a.viewer, { headers: { "If-None-Match": tag } })
        expect(cached.status).toBe(304)
        expect(cached.headers.get("etag")).toBe('W/"1"')
        expect(await cached.text()).toBe("")
      }
      const changed = await send("GET", `/v1/resources/${id}`, w.a.viewer, { headers: { "If-None-Match": 'W/"0"' } })
      expect(changed.status).toBe(200)
    })

    it("updates with If-Match: 200, a new ETag, the change in the body", async () => {
      const response = await send(
        "PATCH",
        `/v1/resources/${id}?reason=${encodeURIComponent("事業所からの電話連絡")}`,
        keys.coordinator,
        {
          body: { phone: "0178-11-1111", fax: null },
          headers: { "If-Match": 'W/"1"' },
        },
      )
      expect(response.status).toBe(200)
      expect(response.headers.get("etag")).toBe('W/"2"')
      const entry = await response.json()
      expect(entry).toMatchObject({ version: 2, phone: "0178-11-1111" })
      expect(entry).not.toHaveProperty("fax")
    })

    it("answers 412 to a stale If-Match and changes nothing", async () => {
      const body = await expectProblem(
        await send("PATCH", `/v1/resources/${id}`, keys.coordinator, {
          body: { name: "上書きされてはいけない" },
          headers: { "If-Match": 'W/"1"' },
        }),
        412,
      )
      expect(body.type).toBe("https://zaitaku.dev/problems/precondition-failed")
      expect(body.detail_ja).toContain("更新されています")
      const after = await (await send("GET", `/v1/resources/${id}`, w.a.viewer)).json()
      expect(after).toMatchObject({ version: 2, name: station.name })
    })

    it("answers 428 to an update without If-Match", async () => {
      const body = await expectProblem(
        await send("PATCH", `/v1/resources/${id}`, keys.coordinator, { body: { name: "x" } }),
        428,
      )
      expect(body.type).toBe("https://zaitaku.dev/problems/precondition-required")
      expect(body.detail).toContain("If-Match")
    })

    it("lists field-level changes with from, to, who and the reason", async () => {
      const response = await send("GET", `/v1/resources/${id}/changes`, w.a.viewer)
      expect(response.status).toBe(200)
      const page = await response.json()
      expect(page.nextCursor).toBeNull()
      expect(page.items).toEqual([
        expect.objectContaining({ version: 2, field: "fax", from: "0178-00-0001", reason: "事業所からの電話連絡" }),
        expect.objectContaining({ version: 2, field: "phone", from: "0178-00-0000", to: "0178-11-1111" }),
      ])
      expect(page.items[0]).not.toHaveProperty("to")
      expect(page.items[1].by).toMatchObject({ kind: "api_key", label: "coordinator" })
      const first = await (await send("GET", `/v1/resources/${id}/changes?limit=1`, w.a.viewer)).json()
      expect(first.items).toHaveLength(1)
      const second = await (
        await send("GET", `/v1/resources/${id}/changes?limit=1&cursor=${first.nextCursor}`, w.a.viewer)
      ).json()
      expect(second.items[0].field).toBe("phone")
    })

    it("lets a provider attest its own entry (200, new version) but not patch it (403) or attest another (403)", async () => {
      const issued = await send("POST", "/v1/api-keys", w.a.admin, {
        body: { role: "provider", label: "provider", resources: [id] },
      })
      expect(issued.status).toBe(201)
      const provider = (await issued.json()).secret as string
      await expectProblem(
        await send("PATCH", `/v1/resources/${id}`, provider, {
          body: { notes: "x" },
          headers: { "If-Match": 'W/"2"' },
        }),
        403,
      )
      const other = await expectProblem(
        await send("POST", `/v1/resources/${pharmacyId}/attest`, provider, { headers: { "If-Match": '"1"' } }),
        403,
      )
      expect(other.detail_ja).toContain("自事業所")
      const response = await send("POST", `/v1/resources/${id}/attest`, provider, {
        headers: { "If-Match": '"2"' },
      })
      expect(response.status).toBe(200)
      expect(response.headers.get("etag")).toBe('W/"3"')
      const entry = await response.json()
      expect(entry).toMatchObject({ version: 3, assuredBy: { kind: "api_key", label: "provider" } })
      expect(typeof entry.assuredAt).toBe("string")
      await expectProblem(await send("POST", `/v1/resources/${id}/attest`, provider), 428)
      await expectProblem(
        await send("POST", `/v1/resources/${id}/attest`, provider, { headers: { "If-Match": 'W/"2"' } }),
        412,
      )
      const changes = await (await send("GET", `/v1/resources/${id}/changes`, w.a.viewer)).json()
      expect(
        changes.items.filter((c: { version: number }) => c.version === 3).map((c: { field: string }) => c.field),
      ).toEqual(expect.arrayContaining(["assuredAt", "assuredBy"]))
    })

    it("lets a viewer read and search but not write (403)", async () => {
      await expectProblem(await send("POST", "/v1/resources", w.a.viewer, { body: station }), 403)
      await expectProblem(
        await send("POST", `/v1/resources/${id}/attest`, w.a.viewer, { headers: { "If-Match": 'W/"3"' } }),
        403,
      )
      expect((await send("GET", `/v1/resources/${id}`, w.a.viewer)).status).toBe(200)
      expect((await send("GET", "/v1/resources", keys.careManager)).status).toBe(200)
    })

    it("replays an idempotent create: 201 and the same entry; another body with the key is 409", async () => {
      const key = { "Idempotency-Key": "survey-2025-row-17" }
      const body = {
        ...station,
        name: "八戸南訪問看護ステーション",
        nameKana: "ハチノヘミナミホウモンカンゴステーション",
      }
      const first = await send("POST", "/v1/resources", keys.coordinator, { body, headers: key })
      const again = await send("POST", "/v1/resources", keys.coordinator, { body, headers: key })
      expect(first.status).toBe(201)
      expect(again.status).toBe(201)
      const [a, b] = [await first.json(), await again.json()]
      expect(b).toEqual(a)
      expect(again.headers.get("location")).toBe(`/v1/resources/${a.id}`)
      const other = await send("POST", "/v1/resources", keys.coordinator, {
        body: { ...body, name: "別の事業所" },
        headers: key,
      })
      await expectProblem(other, 409)
      const search = await (await send("GET", "/v1/resources?text=八戸南", w.a.viewer)).json()
      expect(search.items).toHaveLength(1)
    })

    it("searches by kana (ほうもんかんご finds ホウモンカンゴ), kind, capability and distance", async () => {
      const search = async (query: string) => {
        const response = await send("GET", `/v1/resources?${query}`, w.a.viewer)
        expect(response.status).toBe(200)
        const page = await response.json()
        return page.items.map((item: { id: string }) => item.id) as Array<string>
      }
      const byKana = await search(`text=${encodeURIComponent("ほうもんかんご")}`)
      expect(byKana).toContain(id)
      expect(byKana).not.toContain(pharmacyId)
      expect(await search("kinds=pharmacy")).toEqual([pharmacyId])
      expect(await search("kinds=pharmacy,home_nursing_station")).toHaveLength(3)
      expect(await search("kinds=pharmacy&kinds=home_nursing_station")).toHaveLength(3)
      expect(await search("capabilities=end_of_life_care")).not.toContain(pharmacyId)
      expect(await search("capabilities=around_the_clock&kinds=pharmacy")).toEqual([pharmacyId])
      expect(await search("municipalityCodes=024414")).toEqual([pharmacyId])
      expect(await search("openDay=mon&openTime=10:00")).toContain(id)
      expect(await search("openDay=sun&openTime=10:00")).toEqual([])
      const near = await search("near=40.5123,141.4885&radiusKm=5")
      expect(near[0]).toBe(id)
      expect(near).not.toContain(pharmacyId)
      const wide = await search("near=40.3766,141.2571&radiusKm=50")
      expect(wide[0]).toBe(pharmacyId)
      expect(wide).toHaveLength(3)
      const page1 = await (await send("GET", "/v1/resources?limit=2", w.a.viewer)).json()
      expect(page1.items).toHaveLength(2)
      const page2 = await (await send("GET", `/v1/resources?limit=2&cursor=${page1.nextCursor}`, w.a.viewer)).json()
      expect(page2.items).toHaveLength(1)
      expect(page2.nextCursor).toBeNull()
    })

    it("reports entries due for checking", async () => {
      const response = await send("GET", "/v1/resources/stale?now=2026-01-01", w.a.viewer)
      expect(response.status).toBe(200)
      const report = await response.json()
      expect(report).toMatchObject({ asOf: "2026-01-01", periodMonths: 12, dueSoonDays: 30 })
      const byId = new Map(report.items.map((item: { resource: { id: string } }) => [item.resource.id, item]))
      expect(byId.get(pharmacyId)).toMatchObject({ assurance: { status: "never_assured" } })
      const far = await (await send("GET", "/v1/resources/stale?now=2099-01-01&periodMonths=6", w.a.viewer)).json()
      expect(far.items.find((item: { resource: { id: string } }) => item.resource.id === id)).toMatchObject({
        assurance: { status: "overdue" },
      })
    })

    it("hides the entry from another tenant: 404 for its id, never in its search", async () => {
      for (const [method, path, headers] of [
        ["GET", `/v1/resources/${id}`, {}],
        ["GET", `/v1/resources/${id}/changes`, {}],
        ["PATCH", `/v1/resources/${id}`, { "If-Match": 'W/"3"' }],
        ["PATCH", `/v1/resources/${id}`, { "If-Match": 'W/"3", W/"4"' }],
        ["POST", `/v1/resources/${id}/attest`, { "If-Match": 'W/"3"' }],
      ] as const) {
        const response = await send(method, path, w.b.admin, {
          headers,
          ...(method === "PATCH" ? { body: { notes: "x" } } : {}),
        })
        await expectProblem(response, 404)
      }
      const b = await (await send("GET", "/v1/resources?status=active,suspended,closed", w.b.admin)).json()
      expect(b.items).toEqual([])
      const stale = await (await send("GET", "/v1/resources/stale", w.b.admin)).json()
      expect(stale.items).toEqual([])
      const own = await send("POST", "/v1/resources", w.b.admin, { body: pharmacy })
      expect(own.status).toBe(201)
      const a = await (await send("GET", "/v1/resources?kinds=pharmacy", w.a.viewer)).json()
      expect(a.items.map((item: { id: string }) => item.id)).toEqual([pharmacyId])
    })

    it("records every write in the audit trail", async () => {
      const audit = await (await send("GET", "/v1/audit?limit=500", w.a.admin)).json()
      const actions = audit.entries
        .filter((entry: { target: { id: string } }) => entry.target.id === id)
        .map((entry: { action: string }) => entry.action)
      expect(actions.sort()).toEqual(["resource.attest", "resource.create", "resource.update"])
      expect(audit.chain.valid).toBe(true)
    })
  })

resourceScenario("memory", async () => memoryLayer())

let pgliteDir: string | undefined
resourceScenario("PGlite through appLayer", async () => {
  pgliteDir = await mkdtemp(join(tmpdir(), "zaitaku-resources-"))
  return appLayer({ database: { driver: "pglite", dataDir: join(pgliteDir, "pglite") } })
})
afterAll(async () => {
  if (pgliteDir !== undefined) await rm(pgliteDir, { recursive: true, force: true })
})

describe("resource requests that are refused", () => {
  let w: World
  let coordinator: string
  let id: string
  beforeAll(async () => {
    w = await makeWorld(memoryLayer(), { bodyLimit: 64 * 1024 })
    coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
    const created = await w.app.request("/v1/resources", {
      method: "POST",
      headers: { ...bearer(coordinator), "Content-Type": "application/json" },
      body: JSON.stringify(station),
    })
    id = (await created.json()).id
  })
  afterAll(async () => {
    await w.runtime.dispose()
  })

  const post = (body: string, headers: Record<string, string> = {}) =>
    w.app.request("/v1/resources", {
      method: "POST",
      headers: { ...bearer(coordinator), "Content-Type": "application/json", ...headers },
      body,
    })
  const patch = (body: string, headers: Record<string, string> = { "If-Match": 'W/"1"' }, query = "") =>
    w.app.request(`/v1/resources/${id}${query}`, {
      method: "PATCH",
      headers: { ...bearer(coordinator), "Content-Type": "application/json", ...headers },
      body,
    })
  const get = (path: string) => w.app.request(path, { headers: bearer(w.a.viewer) })

  it.each([
    ["a wrong kind and a missing name", { ...station, kind: "castle", name: undefined }, ["/kind", "/name"]],
    ["tenantId (set by the server)", { ...station, tenantId: "00000000-0000-7000-8000-000000000001" }, [""]],
    ["a closed entry without closedOn", { ...station, status: "closed" }, ["/closedOn"]],
    [
      "swapped coordinates",
      { ...station, location: { latitude: 141.4885, longitude: 40.5123 } },
      ["/location/latitude"],
    ],
    ["coordinates outside Japan", { ...station, location: { latitude: 10, longitude: 141 } }, ["/location"]],
    [
      "a municipality of another prefecture",
      { ...station, address: { ...station.address, municipalityCode: "011002" } },
      ["/address/municipalityCode"],
    ],
    [
      "overlapping periods",
      {
        ...station,
        hours: [
          {
            day: "mon",
            periods: [
              { opens: "09:00", closes: "12:00" },
              { opens: "11:00", closes: "13:00" },
            ],
          },
        ],
      },
      ["/hours/0/periods/1/opens"],
    ],
  ])("answers 400 with pointers to a body with %s", async (_, body, pointers) => {
    const problem = await expectProblem(await post(JSON.stringify(body)), 400)
    expect(problem.type).toBe("https://zaitaku.dev/problems/validation")
    const found = problem.errors.map((error: { pointer: string }) => error.pointer)
    for (const pointer of pointers) expect(found).toContain(pointer)
    for (const error of problem.errors) {
      expect(error.in).toBe("body")
      expect(error.message.ja.length).toBeGreaterThan(0)
    }
  })

  it("answers 400 to an empty or too long Idempotency-Key", async () => {
    const long = await expectProblem(await post(JSON.stringify(station), { "Idempotency-Key": "k".repeat(256) }), 400)
    expect(long.errors[0]).toMatchObject({ in: "header", pointer: "/idempotency-key" })
  })

  it("answers 400 to a patch of fields that cannot be patched, and to malformed If-Match values", async () => {
    const body = await expectProblem(
      await patch(JSON.stringify({ version: 9, assuredAt: "2025-01-01T00:00:00Z" })),
      400,
    )
    expect(body.errors[0]).toMatchObject({ in: "body", pointer: "" })
    const closed = await expectProblem(await patch(JSON.stringify({ status: "closed" })), 400)
    expect(closed.errors[0]).toMatchObject({ in: "body", pointer: "/closedOn" })
    for (const tag of ["1", 'W/"1', "*", '"1" "2"']) {
      const problem = await expectProblem(await patch(JSON.stringify({ notes: "x" }), { "If-Match": tag }), 400)
      expect(problem.errors[0]).toMatchObject({ in: "header", pointer: "/if-match" })
    }
    const reason = await expectProblem(await patch(JSON.stringify({ notes: "x" }), undefined, "?reason="), 400)
    expect(reason.errors[0]).toMatchObject({ in: "query", pointer: "/reason" })
  })

  it("answers 412 to an If-Match that names no version, and accepts a list that names the current one", async () => {
    await expectProblem(await patch(JSON.stringify({ notes: "x" }), { "If-Match": '"abc"' }), 412)
    await expectProblem(await patch(JSON.stringify({ notes: "x" }), { "If-Match": 'W/"5", W/"6"' }), 412)
    const ok = await patch(JSON.stringify({ notes: "メモ" }), { "If-Match": 'W/"5", W/"1"' })
    expect(ok.status).toBe(200)
    const same = await patch(JSON.stringify({ notes: "メモ" }), { "If-Match": 'W/"2"' })
    expect(same.status).toBe(200)
    expect(same.headers.get("etag")).toBe('W/"2"')
  })

  it("accepts the patch as application/merge-patch+json too", async () => {
    const response = await w.app.request(`/v1/resources/${id}`, {
      method: "PATCH",
      headers: { ...bearer(coordinator), "Content-Type": "application/merge-patch+json", "If-Match": 'W/"2"' },
      body: JSON.stringify({ notes: null }),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).not.toHaveProperty("notes")
  })

  it.each([
    ["kinds=castle", "/kinds/0"],
    ["kinds=pharmacy,castle", "/kinds/1"],
    ["kinds=", "/kinds/0"],
    ["capabilities=flying", "/capabilities/0"],
    ["municipalityCodes=12", "/municipalityCodes/0"],
    ["status=open", "/status/0"],
    ["openDay=mon", "/openTime"],
    ["openTime=25:00&openDay=mon", "/openTime"],
    ["hasVacancy=yes", "/hasVacancy"],
    ["near=40.5", "/near"],
    ["near=95,141&radiusKm=5", "/near"],
    ["near=40.5,141.5", "/radiusKm"],
    ["radiusKm=5", "/near"],
    ["near=40.5,141.5&radiusKm=-1", "/radiusKm"],
    ["near=40.5,141.5&radiusKm=abc", "/radiusKm"],
    ["modifiedAfter=yesterday", "/modifiedAfter"],
    ["limit=0", "/limit"],
    ["limit=201", "/limit"],
    ["cursor=abc", "/cursor"],
    ["text=a&text=b", "/text"],
    ["kind=pharmacy", "/kind"],
  ])("answers 400 to the search ?%s with the pointer %s", async (query, pointer) => {
    const problem = await expectProblem(await get(`/v1/resources?${query}`), 400)
    expect(problem.errors.map((error: { pointer: string }) => error.pointer)).toContain(pointer)
    expect(problem.errors.every((error: { in: string }) => error.in === "query")).toBe(true)
  })

  it("answers 400 to a cursor of another order, and to bad change-log and stale-report parameters", async () => {
    const page = await (await get("/v1/resources?limit=1&text=x")).json()
    expect(page.nextCursor).toBeNull()
    const nameCursor = await (await get("/v1/resources?limit=1&status=active,closed")).json()
    expect(nameCursor.items).toHaveLength(1)
    const changes = await expectProblem(await get(`/v1/resources/${id}/changes?limit=abc`), 400)
    expect(changes.errors[0]).toMatchObject({ in: "query", pointer: "/limit" })
    const cursor = await expectProblem(await get(`/v1/resources/${id}/changes?cursor=zzz`), 400)
    expect(cursor.errors[0]).toMatchObject({ in: "query", pointer: "/cursor" })
    for (const [query, pointer] of [
      ["now=2025-02-30", "/now"],
      ["periodMonths=0", "/periodMonths"],
      ["dueSoonDays=999", "/dueSoonDays"],
      ["period=12", "/period"],
    ]) {
      const problem = await expectProblem(await get(`/v1/resources/stale?${query}`), 400)
      expect(problem.errors[0]).toMatchObject({ in: "query", pointer })
    }
  })

  it("answers 400 to a malformed id and 404 to an unknown one", async () => {
    const bad = await expectProblem(await get("/v1/resources/not-a-uuid"), 400)
    expect(bad.errors[0]).toMatchObject({ in: "path", pointer: "/id" })
    await expectProblem(await get("/v1/resources/01912345-6789-7abc-8def-0123456789ab"), 404)
  })

  it("documents every resource route in the OpenAPI document", async () => {
    const document = await (await w.app.request("/openapi.json")).json()
    for (const path of [
      "/v1/resources",
      "/v1/resources/stale",
      "/v1/resources/{id}",
      "/v1/resources/{id}/attest",
      "/v1/resources/{id}/changes",
    ]) {
      expect(document.paths).toHaveProperty([path])
    }
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining([
        "Resource",
        "NewResource",
        "ResourcePatch",
        "ResourceChange",
        "ResourcePage",
        "StaleReport",
      ]),
    )
    expect(document.paths["/v1/resources/{id}"].patch.responses).toHaveProperty(["412"])
    expect(document.paths["/v1/resources/{id}"].patch.responses).toHaveProperty(["428"])
    expect(document.tags.map((tag: { name: string }) => tag.name)).toContain("resources")
  })

  it("never answers 5xx to junk on the resource routes, and every error is problem+json", async () => {
    let seed = 20261123
    const next = () => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    const pick = <T>(items: ReadonlyArray<T>): T => items[Math.floor(next() * items.length)]!
    const junk = (length: number) =>
      Array.from({ length }, () => String.fromCharCode(Math.floor(next() * 0x2fff))).join("")
    const junkHeader = (length: number) =>
      Array.from({ length }, () => String.fromCharCode(0x21 + Math.floor(next() * (0xff - 0x21)))).join("")
    const paths = [
      "/v1/resources",
      `/v1/resources/${id}`,
      `/v1/resources/${id}/attest`,
      `/v1/resources/${id}/changes`,
      "/v1/resources/stale",
      "/v1/resources/%00",
      "/v1/resources/stale/x",
      `/v1/resources?near=${encodeURIComponent(junk(8))}&radiusKm=1e308`,
      `/v1/resources?text=${encodeURIComponent(junk(30))}`,
      `/v1/resources?kinds=${encodeURIComponent(junk(10))}&limit=1e9`,
      `/v1/resources?cursor=${encodeURIComponent(junk(20))}`,
      "/v1/resources?modifiedAfter=2025-13-40T99:00:00Z&hasVacancy=maybe",
      `/v1/resources/${id}/changes?cursor=eyJ2IjoxLCJvIjoibmFtZSJ9&limit=-5`,
      "/v1/resources/stale?now=0000-00-00&periodMonths=NaN",
      `/v1/resources/${id}?reason=${"r".repeat(1200)}`,
    ]
    const bodies = [
      () => "",
      () => "{",
      () => "null",
      () => "[]",
      () => JSON.stringify(station),
      () => JSON.stringify({ ...station, hours: "always" }),
      () => JSON.stringify({ ...station, capabilities: [junk(4)] }),
      () => JSON.stringify({ name: junk(400) }),
      () => JSON.stringify({ location: { latitude: "x" }, availability: { vacancy: 3, capacity: 1, asOf: "now" } }),
      () => JSON.stringify({ status: "closed", closedOn: "2025-02-30" }),
      () => '{"__proto__":{"kind":"pharmacy"}}',
      () => JSON.stringify({ notes: "\ud800" }),
      () => junk(Math.floor(next() * 200)),
      () => `${"[".repeat(3000)}${"]".repeat(3000)}`,
    ]
    const ifMatch = ['W/"1"', '"1"', "*", junkHeader(6), 'W/"99999999999999999999"', '"", ""', undefined]
    const secrets = [() => coordinator, () => w.a.viewer, () => w.b.admin, () => junkHeader(30), () => undefined]
    const methods = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD"]
    const failures: Array<string> = []
    const statuses = new Map<number, number>()
    for (let i = 0; i < 300; i++) {
      const method = pick(methods)
      const path = pick(paths)
      const headers = new Headers()
      const secret = pick(secrets)()
      if (secret !== undefined) headers.set("Authorization", `Bearer ${secret}`)
      headers.set("Content-Type", pick(["application/json", "application/merge-patch+json", "text/plain"]))
      const tag = pick(ifMatch)
      if (tag !== undefined) headers.set(next() < 0.5 ? "If-Match" : "If-None-Match", tag)
      if (next() < 0.3) headers.set("Idempotency-Key", junkHeader(Math.floor(next() * 300)))
      const body = method === "GET" || method === "HEAD" ? undefined : pick(bodies)()
      const response = await w.app.request(path, { method, headers, ...(body === undefined ? {} : { body }) })
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
      if (response.status >= 500) failures.push(`${method} ${path} → ${response.status}: ${await response.text()}`)
      if (response.status >= 400 && method !== "HEAD") {
        const type = response.headers.get("content-type")
        if (type !== "application/problem+json") failures.push(`${method} ${path} → ${response.status} as ${type}`)
      }
    }
    expect(failures).toEqual([])
    for (const status of [400, 401, 403, 404]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0)
  })
})

describe("conditional request helpers", () => {
  it("formats and parses entity tags", () => {
    expect(entityTagOf(3)).toBe('W/"3"')
    expect(parseEntityTags('W/"3", "4" ,W/"x"')).toEqual([
      { weak: true, opaque: "3" },
      { weak: false, opaque: "4" },
      { weak: true, opaque: "x" },
    ])
    expect(parseEntityTags(" * ")).toBe("*")
    for (const bad of ["", "3", 'W/"3', '"3" "4"', "W/3", '"a"b']) expect(parseEntityTags(bad)).toBeUndefined()
    expect(
      versionsOf([
        { weak: true, opaque: "3" },
        { weak: false, opaque: "03" },
        { weak: false, opaque: "" },
      ]),
    ).toEqual([3])
    expect(noneMatchHits(undefined, 1)).toBe(false)
    expect(noneMatchHits("garbage", 1)).toBe(false)
    expect(noneMatchHits('"2", W/"1"', 1)).toBe(true)
  })

  it("maps PreconditionFailed to 412 and PreconditionRequired to 428, in Japanese and English", () => {
    const failed = toProblem(new PreconditionFailed({ entity: "resource", id: "r1" }), {
      requestId: "q",
      instance: "/x",
    })
    expect(failed.status).toBe(412)
    expect(failed.body).toMatchObject({
      title: "Precondition failed",
      type: "https://zaitaku.dev/problems/precondition-failed",
    })
    expect(failed.body.detail_ja).toContain("r1")
    expect(failed.logCause).toBeUndefined()
    const required = toProblem(new PreconditionRequired({ header: "If-Match" }), { requestId: "q", instance: "/x" })
    expect(required.status).toBe(428)
    expect(required.body.title_ja).toContain("If-Match")
    expect(required.headers["Content-Type"]).toBe("application/problem+json")
  })
})
