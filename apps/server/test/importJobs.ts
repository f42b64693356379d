import { readFileSync } from "node:fs"
import { mkdtemp, readdir, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { makeApp } from "../src/App.js"
import type { AppServices } from "../src/AppLayer.js"
import { silentLogger } from "../src/Log.js"
import { bearer, createKey, makeWorld, type World } from "./support.js"

const fixtures = new URL("../../../packages/opendata-jp/test/fixtures/", import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, fixtures))

const form = (fields: Record<string, string>, files: Record<string, { name: string; bytes: Uint8Array }> = {}) => {
  const body = new FormData()
  for (const [name, value] of Object.entries(fields)) body.append(name, value)
  for (const [part, file] of Object.entries(files))
    body.append(part, new Blob([file.bytes as Uint8Array<ArrayBuffer>]), file.name)
  return body
}

const kaigoKohyo = () =>
  form({ kind: "kaigo-kohyo" }, { file: { name: "jigyosho_130.csv", bytes: fixture("jigyosho_130.csv") } })

/**
 * 取込ジョブ (issue 3: "the same runs as an API import job with progress"): upload → reading → diff → apply, over
 * HTTP, on every storage.
 */
export const importJobScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`import jobs over HTTP (${name})`, () => {
    let w: World
    let uploadDir: string
    let app: ReturnType<typeof makeApp>
    let jobId: string

    beforeAll(async () => {
      w = await makeWorld(await layer())
      uploadDir = await mkdtemp(join(tmpdir(), "zaitaku-import-jobs-"))
      app = makeApp({ runtime: w.runtime, logger: silentLogger, imports: { uploadDir, maxBytes: 1024 * 1024 } })
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
      if (uploadDir !== undefined) await rm(uploadDir, { recursive: true, force: true })
    })

    const get = (path: string, secret = w.a.admin) => app.request(path, { headers: bearer(secret) })
    const post = (path: string, body?: FormData | string, secret = w.a.admin, headers: Record<string, string> = {}) =>
      app.request(path, {
        method: "POST",
        headers: { ...bearer(secret), ...headers },
        ...(body === undefined ? {} : { body }),
      })

    /** Follows a job until it leaves the given status (the work runs in the background). */
    const until = async (id: string, leaving: string) => {
      for (let i = 0; i < 400; i++) {
        const job = await (await get(`/v1/imports/${id}`)).json()
        if (job.status !== leaving) return job
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      throw new Error(`job ${id} stayed ${leaving}`)
    }

    it("takes an upload at once (202), then reads and plans it in the background", async () => {
      const response = await post("/v1/imports", kaigoKohyo())
      expect(response.status).toBe(202)
      const job = await response.json()
      jobId = job.id
      expect(response.headers.get("location")).toBe(`/v1/imports/${job.id}`)
      expect(job).toMatchObject({
        kind: "kaigo-kohyo",
        status: "reading",
        files: [{ part: "file", name: "jigyosho_130.csv", bytes: fixture("jigyosho_130.csv").length }],
        stalled: false,
      })
      const planned = await until(job.id, "reading")
      expect(planned).toMatchObject({
        status: "planned",
        // 八戸市 takes its own rows: as `zaitaku import kaigo-kohyo` reports for the same file
        summary: { rows: 7, ok: 3, invalid: 4, filtered: 2, added: 1, changed: 0, unchanged: 0, missing: 0 },
      })
      expect(planned.summary.rowErrors).toBeGreaterThanOrEqual(4)
      expect(await readdir(uploadDir)).toEqual([]) // the uploaded file is gone once read
    })

    it("shows the diff section by section, paged, with every row error in Japanese and English", async () => {
      const added = await (await get(`/v1/imports/${jobId}/plan?section=added`)).json()
      expect(added).toMatchObject({ section: "added", total: 1, nextCursor: null })
      expect(added.items[0]).toMatchObject({
        name: "テスト訪問看護ステーション八戸",
        identifiers: { careOfficeNumber: "0260190001" },
        provenance: { source: "mhlw_kaigo_kohyo", sourceRecordId: "130:0260190001" },
      })
      const first = await (await get(`/v1/imports/${jobId}/plan?section=errors&limit=2`)).json()
      expect(first.items).toHaveLength(2)
      expect(first.items[0]).toMatchObject({
        line: expect.any(Number),
        reason: { ja: expect.any(String), en: expect.any(String) },
      })
      const rest = await (
        await get(`/v1/imports/${jobId}/plan?section=errors&limit=100&cursor=${first.nextCursor}`)
      ).json()
      expect(first.items.length + rest.items.length).toBe(first.total)
      expect(rest.nextCursor).toBeNull()
      const bad = await get(`/v1/imports/${jobId}/plan?section=added&cursor=${first.nextCursor}`)
      expect(bad.status).toBe(400)
    })

    it("applies the plan in the background, audited, and answers a retry without writing again", async () => {
      const response = await post(`/v1/imports/${jobId}/apply`)
      expect(response.status).toBe(202)
      expect((await response.json()).status).toBe("applying")
      const applied = await until(jobId, "applying")
      expect(applied).toMatchObject({
        status: "applied",
        result: { created: 1, updated: 0, alreadyApplied: 0, conflicts: [] },
        appliedBy: { kind: "api_key" },
      })
      const retry = await post(`/v1/imports/${jobId}/apply`)
      expect(retry.status).toBe(200)
      expect((await retry.json()).version).toBe(applied.version)
      const directory = await (await get("/v1/resources?text=テスト訪問看護")).json()
      expect(directory.items.map((entry: { name: string }) => entry.name)).toEqual(["テスト訪問看護ステーション八戸"])
      const audit = await (await get("/v1/audit?limit=100")).json()
      const trail = audit.entries
        .filter((entry: { target: { id: string } }) => entry.target.id === jobId)
        .map((entry: { action: string }) => entry.action)
        .reverse()
      expect(trail).toEqual(["directory_import.upload", "directory_import.apply"])
    })

    it("links the imported entry to its 法人, stored once, listed and exported", async () => {
      const entry = (await (await get("/v1/resources?text=テスト訪問看護")).json()).items[0]
      expect(entry.organizationId).toEqual(expect.any(String))
      const organization = await (await get(`/v1/organizations/${entry.organizationId}`)).json()
      expect(organization).toEqual({
        id: entry.organizationId,
        corporateNumber: "5402000000001",
        name: { ja: "株式会社テスト" },
      })
      const listed = await (await get("/v1/organizations?text=ﾃｽﾄ")).json()
      expect(listed.items.map((o: { id: string }) => o.id)).toEqual([entry.organizationId])
      const hsds = await (await get("/v1/resources/export.hsds.json")).json()
      expect(hsds.tables.organization.map((o: { id: string; name: string }) => [o.id, o.name])).toContainEqual([
        entry.organizationId,
        "株式会社テスト",
      ])
      const csv = new TextDecoder().decode(await (await get("/v1/resources/export.csv")).arrayBuffer())
      expect(csv).toContain("5402000000001,株式会社テスト")
      expect((await get(`/v1/organizations/${entry.organizationId}`, w.b.admin)).status).toBe(404)
    })

    it("plans nothing to do for the same file uploaded again", async () => {
      const job = await (await post("/v1/imports", kaigoKohyo())).json()
      const planned = await until(job.id, "reading")
      expect(planned.summary).toMatchObject({ added: 0, changed: 0, unchanged: 1, missing: 0 })
      const listed = await (await get("/v1/imports?status=planned,applied")).json()
      expect(listed.items.map((item: { id: string }) => item.id)).toEqual([job.id, jobId])
    })

    it("records a file it cannot read as failed, with the reason, and refuses to apply it", async () => {
      const broken = new TextEncoder().encode("これは,見出し行,ではありません\n1,2,3\n")
      const job = await (
        await post(
          "/v1/imports",
          form({ kind: "kaigo-kohyo", serviceTypeCode: "130" }, { file: { name: "x.csv", bytes: broken } }),
        )
      ).json()
      const failed = await until(job.id, "reading")
      expect(failed).toMatchObject({ status: "failed", error: { code: expect.any(String) } })
      expect(failed.error.message.ja.length).toBeGreaterThan(0)
      const apply = await post(`/v1/imports/${job.id}/apply`)
      expect(apply.status).toBe(409)
    })

    it("refuses bad uploads with the field at fault, storing no job and no file", async () => {
      const before = (await (await get("/v1/imports?limit=100")).json()).items.length
      const problem = async (response: Response, status: number) => {
        expect(response.status).toBe(status)
        expect(response.headers.get("content-type")).toBe("application/problem+json")
        return response.json()
      }
      const notForm = await problem(
        await post("/v1/imports", "kind=kaigo-kohyo", w.a.admin, { "Content-Type": "text/plain" }),
        400,
      )
      expect(notForm.errors[0].code).toBe("not_multipart")
      const noKind = await problem(
        await post("/v1/imports", form({}, { file: { name: "a.csv", bytes: new Uint8Array(3) } })),
        400,
      )
      expect(noKind.errors[0]).toMatchObject({ pointer: "/kind", code: "required" })
      const unknownOption = await problem(
        await post(
          "/v1/imports",
          form({ kind: "kaigo-kohyo", colour: "red" }, { file: { name: "a.csv", bytes: new Uint8Array(3) } }),
        ),
        400,
      )
      expect(unknownOption.errors[0].pointer).toBe("/colour")
      const missingPart = await problem(
        await post(
          "/v1/imports",
          form({ kind: "iryo-net" }, { facilities: { name: "f.csv", bytes: new Uint8Array(3) } }),
        ),
        400,
      )
      expect(missingPart.errors).toEqual([expect.objectContaining({ pointer: "/hours", code: "required" })])
      const tooLarge = await problem(
        await post(
          "/v1/imports",
          form({ kind: "kaigo-kohyo" }, { file: { name: "big.csv", bytes: new Uint8Array(1024 * 1024 + 1) } }),
        ),
        413,
      )
      expect(tooLarge.detail_ja).toContain("上限")
      await problem(await post("/v1/imports", kaigoKohyo(), w.a.viewer), 403)
      const after = (await (await get("/v1/imports?limit=100")).json()).items.length
      expect(after).toBe(before)
      expect(await readdir(uploadDir)).toEqual([])
    })

    it("keeps jobs per tenant and per role", async () => {
      expect((await get(`/v1/imports/${jobId}`, w.b.admin)).status).toBe(404)
      expect((await post(`/v1/imports/${jobId}/apply`, undefined, w.b.admin)).status).toBe(404)
      expect((await get(`/v1/imports/${jobId}`, w.a.viewer)).status).toBe(403)
      const coordinator = await createKey(w.runtime, w.a.tenant, "coordinator")
      expect((await get(`/v1/imports/${jobId}`, coordinator)).status).toBe(200)
    })
  })
