import { TenantStore } from "@zaitaku/core"
import { writeCsv } from "@zaitaku/opendata-jp"
import { Effect, type Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { AppServices } from "../src/AppLayer.js"
import { createKey, makeWorld, sender, type World } from "./support.js"

/** A wide-area tenant of 八戸市 and 三戸町, which form the 二次医療圏 0203 and a 保健所管轄区域. */
const region = {
  code: "hachinohe-pdca",
  kind: "wide_area_body" as const,
  name: { ja: "八戸地域在宅医療介護連携推進協議会", en: "Hachinohe area council" },
  municipalities: ["022039", "024414"],
  areas: [
    {
      kind: "secondary_medical_area" as const,
      code: "0203",
      name: { ja: "八戸地域", en: "Hachinohe" },
      members: ["022039", "024414"],
    },
    {
      kind: "health_center_district" as const,
      code: "hachinohe-hc",
      name: { ja: "三戸地方保健所", en: "Sannohe health center" },
      members: ["022039", "024414"],
    },
  ],
}

const goalAdmission = "0192f5a0-0000-7000-8800-000000000101"
const goalDaily = "0192f5a0-0000-7000-8800-000000000102"

const plan = {
  title: "八戸地域 在宅医療・介護連携推進事業 第9期計画",
  area: { kind: "secondary_medical_area", code: "0203" },
  cycle: { kind: "insurance_plan_period", period: 9 },
  status: "active",
  vision: "医療と介護が必要になっても、住み慣れた地域で自分らしい暮らしを人生の最期まで続けられる",
  sceneVisions: {
    admission_discharge: "入院医療機関と在宅医療・介護の関係機関との協働による退院支援が行われている",
    daily_care: "多職種の協働により、患者と家族の日常の療養生活が支えられている",
  },
  goals: [
    {
      id: goalAdmission,
      scenes: ["admission_discharge"],
      statement: "入院時に居宅介護支援事業所から病院へ、期限内に情報提供が行われる",
      indicators: [
        {
          indicator: "admission_information_on_time_rate",
          targets: [
            {
              area: { kind: "municipality", code: "022039" },
              period: { kind: "year", fiscalYear: 2025, index: 1 },
              value: 80,
            },
            {
              area: { kind: "municipality", code: "024414" },
              period: { kind: "year", fiscalYear: 2025, index: 1 },
              value: 30,
            },
            {
              area: { kind: "secondary_medical_area", code: "0203" },
              period: { kind: "year", fiscalYear: 2025, index: 1 },
              value: 70,
              baseline: { period: { kind: "year", fiscalYear: 2024, index: 1 }, value: 60 },
            },
          ],
        },
      ],
    },
    {
      id: goalDaily,
      scenes: ["daily_care"],
      statement: "医療・介護資源の情報が常に新しく保たれている",
      indicators: [{ indicator: "directory_assured_rate", targets: [] }],
    },
  ],
  reviews: [
    {
      goalId: goalAdmission,
      period: { kind: "year", fiscalYear: 2024, index: 1 },
      reviewedOn: "2025-05-20",
      note: "期限内率は上がったが、短期入院の扱いが病院ごとに異なる",
      nextActions: ["ルールの除外条件（短期入院）を明文化する"],
    },
  ],
}

const fy = (fiscalYear: number) => ({ kind: "year", fiscalYear, index: 1 })

const problemOf = async (response: Response, status: number) => {
  expect(response.status).toBe(status)
  expect(response.headers.get("content-type")).toBe("application/problem+json")
  const body = await response.json()
  for (const field of ["title", "detail", "title_ja", "detail_ja"]) expect(body[field].length).toBeGreaterThan(0)
  return body
}

/**
 * PDCA over HTTP (issue 6): a plan round-trips with its めざすべき姿, goals, targets and reviews; indicators that
 * cannot be computed are refused with where and why; evaluations have the right status at the boundaries; a ratio
 * of the 二次医療圏 sums its municipalities' numerators and denominators; CSV import, compute and exports. Run on
 * every storage.
 */
export const pdcaScenario = (name: string, layer: () => Promise<Layer.Layer<AppServices, unknown>>) =>
  describe(`PDCA over HTTP (${name})`, () => {
    let w: World
    let admin: string
    let viewer: string
    let planId: string

    beforeAll(async () => {
      w = await makeWorld(await layer())
      const tenant = await w.runtime.runPromise(
        Effect.flatMap(Effect.service(TenantStore), (tenants) => tenants.create(region)),
      )
      admin = await createKey(w.runtime, tenant, "tenant_admin")
      viewer = await createKey(w.runtime, tenant, "viewer")
    }, 60_000)
    afterAll(async () => {
      await w?.runtime.dispose()
    })

    const send = sender(() => w)

    it("round-trips a plan with めざすべき姿, goals per scene, indicators, targets and reviews", async () => {
      const created = await send("POST", "/v1/pdca/plans", admin, {
        body: plan,
        headers: { "Idempotency-Key": "plan-9" },
      })
      expect(created.status).toBe(201)
      expect(created.headers.get("etag")).toBe('W/"1"')
      const body = await created.json()
      planId = body.id
      expect(created.headers.get("location")).toBe(`/v1/pdca/plans/${planId}`)
      const retried = await send("POST", "/v1/pdca/plans", admin, {
        body: plan,
        headers: { "Idempotency-Key": "plan-9" },
      })
      expect(retried.status).toBe(201)
      expect((await retried.json()).id).toBe(planId)
      await problemOf(
        await send("POST", "/v1/pdca/plans", admin, {
          body: { ...plan, title: "another" },
          headers: { "Idempotency-Key": "plan-9" },
        }),
        409,
      )

      const read = await send("GET", `/v1/pdca/plans/${planId}`, viewer)
      expect(read.status).toBe(200)
      const stored = await read.json()
      expect(stored).toMatchObject({ ...plan, themes: [], themeVisions: {}, version: 1 })
      expect(stored.goals[0].indicators[0].targets[2].baseline).toEqual(
        plan.goals[0]!.indicators[0]!.targets[2]!.baseline,
      )
      expect(stored.reviews).toEqual([{ ...plan.reviews[0] }])
      expect(
        (await send("GET", `/v1/pdca/plans/${planId}`, viewer, { headers: { "If-None-Match": 'W/"1"' } })).status,
      ).toBe(304)

      const targets = await (await send("GET", `/v1/pdca/targets?plan=${planId}`, viewer)).json()
      expect(targets.items.map((t: { area: { code: string }; value: number }) => [t.area.code, t.value])).toEqual([
        ["022039", 80],
        ["024414", 30],
        ["0203", 70],
      ])

      // the Act step: a second review with next actions, through If-Match
      const review = {
        goalId: goalDaily,
        period: fy(2025),
        reviewedOn: "2026-05-15",
        note: "確認の依頼を年2回に増やした",
        nextActions: ["未確認の事業所へ電話する", "協議会で更新率を報告する"],
      }
      const next = { ...plan, reviews: [...plan.reviews, review] }
      await problemOf(await send("PUT", `/v1/pdca/plans/${planId}`, admin, { body: next }), 428)
      await problemOf(
        await send("PUT", `/v1/pdca/plans/${planId}`, admin, { body: next, headers: { "If-Match": 'W/"7"' } }),
        412,
      )
      const replaced = await send("PUT", `/v1/pdca/plans/${planId}`, admin, {
        body: next,
        headers: { "If-Match": 'W/"1"' },
      })
      expect(replaced.status).toBe(200)
      expect(replaced.headers.get("etag")).toBe('W/"2"')
      const again = await (await send("GET", `/v1/pdca/plans/${planId}`, viewer)).json()
      expect(again.reviews[1]).toEqual(review)
      expect(
        (await (await send("GET", "/v1/pdca/plans", viewer)).json()).items.map((p: { id: string }) => p.id),
      ).toEqual([planId])
    })

    it("refuses a plan without めざすべき姿 or with an unknown indicator, a viewer's write and another tenant's read", async () => {
      const { vision: _, ...noVision } = plan
      const missing = await problemOf(await send("POST", "/v1/pdca/plans", admin, { body: noVision }), 400)
      expect(missing.errors.map((e: { pointer: string }) => e.pointer)).toEqual(["/vision"])
      const unknown = await problemOf(
        await send("POST", "/v1/pdca/plans", admin, {
          body: {
            ...plan,
            reviews: [],
            goals: [{ ...plan.goals[0], indicators: [{ indicator: "no_such_indicator" }] }],
          },
        }),
        400,
      )
      expect(unknown.errors).toEqual([
        expect.objectContaining({ pointer: "/goals/0/indicators/0/indicator", code: "unknown_indicator" }),
      ])
      expect(unknown.errors[0].message.ja).toContain("no_such_indicator")
      await problemOf(await send("POST", "/v1/pdca/plans", viewer, { body: plan }), 403)
      await problemOf(await send("GET", `/v1/pdca/plans/${planId}`, w.b.admin), 404)
    })

    it("rejects an indicator expression with an unknown data element or a syntax error with where and why (422)", async () => {
      const definition = {
        name: { ja: "紹介率", en: "Referral share" },
        definition: { ja: "相談のうち紹介したもの", en: "Consultations referred" },
        numerator: "#{consultations_referred}",
        numeratorDescription: { ja: "紹介した相談", en: "Referred" },
        denominator: "#{no_such_element}",
        denominatorDescription: { ja: "相談", en: "Consultations" },
        type: "percent",
        direction: "higher_is_better",
        kind: "process",
        dataSource: "activity_records",
        source: { title: "八戸地域", grade: "inference" },
      }
      const unknown = await problemOf(
        await send("PUT", "/v1/pdca/indicators/referral_share", admin, { body: definition }),
        422,
      )
      expect(unknown.type).toBe("https://zaitaku.dev/problems/invalid-indicator")
      expect(unknown.errors).toEqual([
        expect.objectContaining({ pointer: "/denominator", code: expect.stringMatching(/^expression_/) }),
      ])
      expect(unknown.errors[0].message.en).toContain("no_such_element")
      expect(unknown.errors[0].message.ja).toContain("分母")
      const syntax = await problemOf(
        await send("PUT", "/v1/pdca/indicators/referral_share", admin, {
          body: { ...definition, denominator: "#{consultations} * (" },
        }),
        400,
      )
      expect(syntax.errors[0]).toMatchObject({ pointer: "/denominator" })
      expect(syntax.errors[0].message.ja).toContain("分母の式")
      await problemOf(
        await send("PUT", "/v1/pdca/indicators/consultations_total", admin, {
          body: { ...definition, denominator: "#{consultations}" },
        }),
        409,
      )
      const saved = await send("PUT", "/v1/pdca/indicators/referral_share", admin, {
        body: { ...definition, denominator: "#{consultations}" },
      })
      expect(saved.status).toBe(200)
      const list = await (await send("GET", "/v1/pdca/indicators", viewer)).json()
      expect(
        list.items.filter((i: { origin: string }) => i.origin === "tenant").map((i: { code: string }) => i.code),
      ).toEqual(["referral_share"])
      expect(list.items.filter((i: { origin: string }) => i.origin === "standard").length).toBeGreaterThanOrEqual(20)
      expect((await send("DELETE", "/v1/pdca/indicators/referral_share", admin)).status).toBe(204)
    })

    it("evaluates against targets: achieved at exactly the target, on track, behind, and no data with the reason", async () => {
      const value = (dataElement: string, code: string, fiscalYear: number, v: number) => ({
        dataElement,
        area: `municipality:${code}`,
        period: `FY${fiscalYear}`,
        value: v,
      })
      const entered = await send("POST", "/v1/pdca/data-values", admin, {
        body: {
          values: [
            // 八戸市: 2024 7 of 10 (70%), 2025 8 of 10 (80%, the target exactly)
            value("admission_information_on_time", "022039", 2024, 7),
            value("admission_information_due", "022039", 2024, 10),
            value("admission_information_on_time", "022039", 2025, 8),
            value("admission_information_due", "022039", 2025, 10),
            // 三戸町: 2024 1 of 2 (50%), 2025 1 of 4 (25%, target 30%, worse than before)
            value("admission_information_on_time", "024414", 2024, 1),
            value("admission_information_due", "024414", 2024, 2),
            value("admission_information_on_time", "024414", 2025, 1),
            value("admission_information_due", "024414", 2025, 4),
          ],
        },
      })
      expect(entered.status).toBe(200)
      expect(await entered.json()).toEqual({ written: 8 })
      const evaluations = await send(
        "GET",
        "/v1/pdca/evaluations?period=FY2025&indicator=admission_information_on_time_rate&area=municipality:022039,municipality:024414,secondary_medical_area:0203",
        viewer,
      )
      expect(evaluations.status).toBe(200)
      const { rows } = await evaluations.json()
      const row = (code: string) => rows.find((r: { area: { code: string } }) => r.area.code === code)
      expect(row("022039")).toMatchObject({
        value: 80,
        previous: 70,
        target: 80,
        status: "achieved",
        trend: "improving",
      })
      expect(row("024414")).toMatchObject({ value: 25, previous: 50, target: 30, status: "behind", trend: "worsening" })
      // 二次医療圏: (8 + 1) ÷ (10 + 4) = 64.3% (the mean of 80% and 25% would be 52.5%); 2024: 8 ÷ 12 = 66.7%
      expect(row("0203")).toMatchObject({
        value: 64.3,
        numerator: 9,
        denominator: 14,
        previous: 66.7,
        target: 70,
        status: "behind",
        statusLabel: { ja: "未達成", en: "Behind" },
      })

      // a zero denominator is no data with a clear message, never Infinity
      await send("POST", "/v1/pdca/data-values", admin, {
        body: {
          values: [
            value("admission_information_on_time", "024414", 2023, 0),
            value("admission_information_due", "024414", 2023, 0),
          ],
        },
      })
      const zero = await (
        await send(
          "GET",
          "/v1/pdca/evaluations?period=FY2023&indicator=admission_information_on_time_rate&area=municipality:024414,municipality:022039",
          viewer,
        )
      ).json()
      const sannohe = zero.rows.find((r: { area: { code: string } }) => r.area.code === "024414")
      expect(sannohe).toMatchObject({ value: null, status: "no_data" })
      expect(sannohe.noData).toEqual([expect.objectContaining({ code: "division_by_zero" })])
      expect(sannohe.noData[0].message.ja).toContain("0")
      const hachinohe = zero.rows.find((r: { area: { code: string } }) => r.area.code === "022039")
      expect(hachinohe.status).toBe("no_data")
      expect(hachinohe.noData.map((r: { code: string }) => r.code)).toContain("missing_value")
      await problemOf(await send("GET", "/v1/pdca/evaluations?period=FY20x5", viewer), 400)
    })

    it("rolls data values up to the 二次医療圏 and the 保健所管轄 by summing the municipalities", async () => {
      const response = await send(
        "GET",
        "/v1/pdca/rollups?period=FY2025&dataElement=admission_information_due&area=secondary_medical_area:0203,health_center_district:hachinohe-hc,prefecture:020001",
        viewer,
      )
      expect(response.status).toBe(200)
      const { values } = await response.json()
      expect(values.map((v: { area: { kind: string }; value: number }) => [v.area.kind, v.value])).toEqual([
        ["health_center_district", 14],
        ["secondary_medical_area", 14],
        ["prefecture", 14],
      ])
      expect(values[0].provenance).toEqual({ source: "rolled_up", municipalities: 2 })
    })

    it("imports CSV in UTF-8 with BOM and in Shift_JIS, reports bad rows, and stores nothing in strict mode", async () => {
      const header = ["data_element", "option", "area_kind", "area_code", "period", "value"]
      const good = ["population_65_plus", "", "municipality", "022039", "FY2025", "65000"]
      const file = writeCsv(
        header,
        [
          good,
          ["population_65_plus", "", "", "024414", "FY2025", "3500"],
          ["人口", "", "", "022039", "FY2025", "1"],
          ["population", "", "", "022039", "2025-13", "abc"],
        ],
        "utf-8-bom",
      )
      const strict = await problemOf(
        await send("POST", "/v1/pdca/data-values/import?strict=true&file=pop.csv", admin, { raw: file.bytes }),
        422,
      )
      expect(
        strict.rowErrors.map((e: { line: number; column: string; code: string }) => [e.line, e.column, e.code]),
      ).toEqual([
        [4, "data_element", "unknown_data_element"],
        [5, "period", "invalid_period"],
        [5, "value", "not_a_number"],
      ])
      expect(strict.rowErrors[0].message.ja).toContain("人口")
      const none = await (await send("GET", "/v1/pdca/data-values?dataElement=population_65_plus", viewer)).json()
      expect(none.items).toEqual([])

      const lenient = await send("POST", "/v1/pdca/data-values/import?file=pop.csv", admin, { raw: file.bytes })
      expect(lenient.status).toBe(200)
      expect(await lenient.json()).toMatchObject({ encoding: "utf-8-bom", imported: 2, rejected: 3 })
      const stored = await (await send("GET", "/v1/pdca/data-values?dataElement=population_65_plus", viewer)).json()
      expect(stored.items.map((v: { area: { code: string }; value: number }) => [v.area.code, v.value])).toEqual([
        ["022039", 65000],
        ["024414", 3500],
      ])
      expect(stored.items[0].provenance).toMatchObject({ source: "imported", file: "pop.csv", line: 2 })

      // Shift_JIS with a Japanese element name in error, and a replaced value
      const sjis = writeCsv(
        header,
        [
          ["population_65_plus", "", "", "022039", "FY2025", "65100"],
          ["高齢者人口", "", "", "022039", "FY2025", "1"],
        ],
        "shift_jis",
      )
      const read = await (await send("POST", "/v1/pdca/data-values/import", admin, { raw: sjis.bytes })).json()
      expect(read).toMatchObject({ encoding: "cp932", imported: 1, rejected: 1 })
      expect(read.errors[0].message.ja).toContain("高齢者人口")
      const replaced = await (
        await send("GET", "/v1/pdca/data-values?dataElement=population_65_plus&area=municipality:022039", viewer)
      ).json()
      expect(replaced.items.map((v: { value: number }) => v.value)).toEqual([65100])
    })

    it("computes directory and coordination values from the records, and recomputing replaces them", async () => {
      const entry = (name: string, municipality: string, capabilities: ReadonlyArray<string>) => ({
        kind: "clinic",
        name,
        nameKana: "テスト",
        address: { prefectureCode: "02", municipalityCode: municipality, line: "1-1" },
        phone: "0178-00-0000",
        capabilities,
        provenance: { source: "manual", sourceRecordId: name },
      })
      const ids: Array<string> = []
      for (const [name, m, caps] of [
        ["クリニックA", "022039", ["home_visit_medical_care"]],
        ["クリニックB", "022039", []],
        ["クリニックC", "024414", ["home_visit_medical_care"]],
      ] as const) {
        const created = await send("POST", "/v1/resources", admin, { body: entry(name, m, caps) })
        expect(created.status).toBe(201)
        ids.push((await created.json()).id)
      }
      const attested = await send("POST", `/v1/resources/${ids[0]}/attest`, admin, { headers: { "If-Match": 'W/"1"' } })
      expect(attested.status).toBe(200)

      // two admissions in November 2026: 八戸市's care manager informs the hospital the same afternoon (on time),
      // 三戸町's never does (missed, four weeks later)
      const party = async (kind: string, name: string) => {
        const created = await send("POST", "/v1/resources", admin, {
          body: { ...entry(name, "022039", []), kind },
        })
        expect(created.status).toBe(201)
        return (await created.json()).id as string
      }
      const hospital = await party("hospital", "八戸テスト病院")
      const office = await party("care_management_office", "テスト居宅介護支援事業所")
      const admit = async (patient: string, municipality: string, at: string) => {
        const opened = await send("POST", "/v1/cases", admin, {
          body: {
            patient,
            patientMunicipality: municipality,
            parties: { hospital: { id: hospital, municipality: "022039" }, care_manager: { id: office } },
            careLevel: "care_2",
            ageBand: "65_and_over",
            events: [{ type: "admission", at }],
          },
        })
        expect(opened.status).toBe(201)
        return (await opened.json()).id as string
      }
      const informed = await admit("pdca-p-01", "022039", "2026-11-02T10:00:00+09:00")
      await admit("pdca-p-02", "024414", "2026-11-05T10:00:00+09:00")
      const evidence = await send("POST", `/v1/cases/${informed}/evidence`, admin, {
        body: {
          kind: "form_sent",
          at: "2026-11-02T15:00:00+09:00",
          from: "care_manager",
          to: "hospital",
          templateId: "admission-information",
          formResponseId: "response-pdca-01",
          recipientId: hospital,
        },
        headers: { "If-Match": 'W/"1"' },
      })
      expect(evidence.status).toBe(201)

      // the directory as of the end of the current fiscal year (its entries were created today); the cases of FY2026
      const today = new Date(Date.now() + 9 * 3_600_000)
      const current = `FY${today.getUTCMonth() >= 3 ? today.getUTCFullYear() : today.getUTCFullYear() - 1}`
      const compute = async () => {
        const directory = await send("POST", "/v1/pdca/data-values/compute", admin, {
          body: { sources: ["directory"], periods: [current] },
        })
        const coordination = await send("POST", "/v1/pdca/data-values/compute", admin, {
          body: { sources: ["coordination"], periods: ["FY2026"] },
        })
        expect([directory.status, coordination.status]).toEqual([200, 200])
        return [...(await directory.json()).sources, ...(await coordination.json()).sources]
      }
      // 3 directory elements and 4 coordination elements for each of the 2 municipalities
      expect(
        (await compute()).map((s: { source: string; written: number; removed: number }) => [
          s.source,
          s.written,
          s.removed,
        ]),
      ).toEqual([
        ["directory", 6, 0],
        ["coordination", 8, 0],
      ])
      expect((await compute()).map((s: { written: number; removed: number }) => [s.written, s.removed])).toEqual([
        [6, 6],
        [8, 8],
      ])
      const computed = await (await send("GET", "/v1/pdca/data-values?source=computed", viewer)).json()
      expect(computed.items).toHaveLength(14)
      const of = (element: string, code: string) =>
        computed.items.find(
          (v: { dataElement: string; area: { code: string } }) => v.dataElement === element && v.area.code === code,
        )?.value
      // 八戸市: clinics A and B, the hospital and the care office are listed; A is assured; A makes home visits
      expect(of("resources_active", "022039")).toBe(4)
      expect(of("resources_assured_12m", "022039")).toBe(1)
      expect(of("home_visit_clinics", "022039")).toBe(1)
      expect(of("resources_active", "024414")).toBe(1)
      expect(of("admission_information_on_time", "022039")).toBe(1)
      expect(of("admission_information_due", "022039")).toBe(1)
      expect(of("admission_information_on_time", "024414")).toBe(0)
      expect(of("admission_information_due", "024414")).toBe(1)
      expect(of("discharges_requiring_coordination", "022039")).toBe(0)

      // 期限内率 of the 二次医療圏: (1 + 0) ÷ (1 + 1) = 50%
      const onTime = await (
        await send(
          "GET",
          "/v1/pdca/evaluations?period=FY2026&indicator=admission_information_on_time_rate&area=secondary_medical_area:0203",
          viewer,
        )
      ).json()
      expect(onTime.rows[0]).toMatchObject({ value: 50, numerator: 1, denominator: 2 })

      // 資源情報の更新率 of the 二次医療圏: (1 + 0) ÷ (4 + 1) = 20%
      const evaluation = await (
        await send(
          "GET",
          `/v1/pdca/evaluations?period=${current}&indicator=directory_assured_rate&area=secondary_medical_area:0203`,
          viewer,
        )
      ).json()
      expect(evaluation.rows[0]).toMatchObject({ value: 20, numerator: 1, denominator: 5 })
      await problemOf(
        await send("POST", "/v1/pdca/data-values/compute", admin, {
          body: { sources: ["surveys"], periods: ["FY2026"] },
        }),
        400,
      )
    })

    it("computes indicators from the consultations, trainings and meetings recorded through the API", async () => {
      // FY2023 (2023-04-01 – 2024-03-31), used by no other test of this scenario
      const consultation = (municipality: string, receivedOn: string, referred: boolean) => ({
        area: { kind: "municipality", code: municipality },
        desk: "在宅療養相談窓口",
        receivedOn,
        channel: "phone",
        requester: { category: "resident_family" },
        scenes: ["daily_care"],
        topics: ["home_care_provider_referral"],
        referrals: referred ? [{ name: "はちのへ訪問診療クリニック" }] : [],
        outcome: referred ? "referred" : "advice_given",
        minutesSpent: 20,
      })
      // 八戸市: 3 consultations, 2 referred; 三戸町: 1, referred; one outside the year (2024-04-01) and none counted
      for (const body of [
        consultation("022039", "2023-04-03", true),
        consultation("022039", "2023-10-16", true),
        consultation("022039", "2024-03-29", false),
        consultation("024414", "2023-07-10", true),
        consultation("024414", "2024-04-01", false),
      ]) {
        const created = await send("POST", "/v1/consultations", admin, { body })
        expect(created.status, JSON.stringify(await created.clone().json())).toBe(201)
      }
      // a training held with 25 participants counted at the door, and a council meeting of each municipality; a
      // planned meeting is not counted
      const training = {
        area: { kind: "municipality", code: "022039" },
        kind: "multi_professional_training",
        title: "多職種研修会",
        organizer: { name: "八戸市在宅医療・介護連携推進協議会" },
        startsAt: "2023-11-20T18:30:00+09:00",
        endsAt: "2023-11-20T20:30:00+09:00",
        venue: { mode: "in_person", name: "八戸市総合福祉会館" },
        status: "held",
        attendance: { total: 25 },
      }
      const trained = await send("POST", "/v1/events", admin, { body: training })
      expect(trained.status, JSON.stringify(await trained.clone().json())).toBe(201)
      const meeting = (municipality: string, heldOn: string, status: string) => ({
        area: { kind: "municipality", code: municipality },
        kind: "council",
        title: "在宅医療・介護連携推進協議会",
        heldOn,
        attendees: [{ organizationCategory: "medical_association", profession: "doctor", count: 3 }],
        status,
      })
      for (const body of [
        meeting("022039", "2023-06-12", "held"),
        meeting("022039", "2024-02-13", "held"),
        meeting("024414", "2023-09-05", "held"),
        meeting("024414", "2024-03-12", "planned"),
      ]) {
        const created = await send("POST", "/v1/meetings", admin, { body })
        expect(created.status, JSON.stringify(await created.clone().json())).toBe(201)
      }

      const computed = await send("POST", "/v1/pdca/data-values/compute", admin, {
        body: { sources: ["consultations", "events", "meetings"], periods: ["FY2023"] },
      })
      expect(computed.status, JSON.stringify(await computed.clone().json())).toBe(200)

      const rowsOf = async (indicator: string, area: string) =>
        (
          await (
            await send("GET", `/v1/pdca/evaluations?period=FY2023&indicator=${indicator}&area=${area}`, viewer)
          ).json()
        ).rows
      expect((await rowsOf("consultations_total", "municipality:022039"))[0]).toMatchObject({ value: 3 })
      expect((await rowsOf("consultations_total", "municipality:024414"))[0]).toMatchObject({ value: 1 })
      expect((await rowsOf("council_meetings_held", "municipality:022039"))[0]).toMatchObject({ value: 2 })
      expect((await rowsOf("council_meetings_held", "secondary_medical_area:0203"))[0]).toMatchObject({ value: 3 })
      expect((await rowsOf("training_participants", "municipality:022039"))[0]).toMatchObject({ value: 25 })
      // つないだ相談の割合: 八戸市 2 ÷ 3, 三戸町 1 ÷ 1; the 二次医療圏 (2 + 1) ÷ (3 + 1) = 75%, not the mean of 66.7% and 100%
      expect((await rowsOf("consultation_referral_rate", "municipality:022039"))[0]).toMatchObject({
        numerator: 2,
        denominator: 3,
      })
      expect((await rowsOf("consultation_referral_rate", "secondary_medical_area:0203"))[0]).toMatchObject({
        value: 75,
        numerator: 3,
        denominator: 4,
      })

      // recomputing after one more consultation replaces the values instead of adding to them
      expect(
        (await send("POST", "/v1/consultations", admin, { body: consultation("024414", "2023-12-01", false) })).status,
      ).toBe(201)
      await send("POST", "/v1/pdca/data-values/compute", admin, {
        body: { sources: ["consultations"], periods: ["FY2023"] },
      })
      expect((await rowsOf("consultation_referral_rate", "secondary_medical_area:0203"))[0]).toMatchObject({
        value: 60,
        numerator: 3,
        denominator: 5,
      })
    })

    it("produces the 北海道-style table of meetings, trainings and participants per area from the records", async () => {
      // the FY2023 records of the previous test: 八戸市 2 council meetings of 3 and a training of 25; 三戸町 1 meeting
      // of 3 held and 1 planned (not counted)
      const table = async (level: string) => {
        const response = await send("GET", `/v1/pdca/activity-table?period=FY2023&level=${level}`, viewer)
        expect(response.status).toBe(200)
        return response.json()
      }
      const byMunicipality = await table("municipality")
      expect(byMunicipality.periodCode).toBe("FY2023")
      expect(
        byMunicipality.table.rows.map(
          (row: {
            area: { code: string }
            meetings: { held: number; participants: number }
            trainings: { held: number; participants: number }
            publicEvents: { held: number }
          }) => [
            row.area.code,
            row.meetings.held,
            row.meetings.participants,
            row.trainings.held,
            row.trainings.participants,
            row.publicEvents.held,
          ],
        ),
      ).toEqual([
        ["022039", 2, 6, 1, 25, 0],
        ["024414", 1, 3, 0, 0, 0],
      ])
      expect(byMunicipality.table.total.meetings).toMatchObject({ held: 3, participants: 9, areas: 2 })
      expect(byMunicipality.table.total.trainings).toMatchObject({ held: 1, participants: 25, areas: 1 })
      const byArea = await table("secondary_medical_area")
      expect(byArea.table.rows).toHaveLength(1)
      expect(byArea.table.rows[0]).toMatchObject({
        area: { kind: "secondary_medical_area", code: "0203" },
        meetings: { held: 3, participants: 9 },
        trainings: { held: 1, participants: 25 },
      })

      const csv = await send(
        "GET",
        "/v1/pdca/activity-table?period=FY2023&level=secondary_medical_area&format=csv",
        viewer,
      )
      expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8")
      const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(await csv.arrayBuffer()))
      expect(text.startsWith("\uFEFF")).toBe(true)
      expect(text.slice(1).split("\r\n").slice(0, 2)).toEqual([
        "地域（令和5年度）,会議（WG・部会）回数,人数（延べ）,多職種・専門職の研修会 回数,人数（延べ）,講演会 回数,人数（延べ）",
        "八戸地域,3,9,1,25,0,",
      ])
      await problemOf(await send("GET", "/v1/pdca/activity-table?period=FY20x3", viewer), 400)
    })

    it("exports values, targets and evaluations as CSV (UTF-8 with BOM, Shift_JIS) and JSON", async () => {
      const utf8 = await send(
        "GET",
        "/v1/pdca/exports/evaluations?period=FY2025&area=secondary_medical_area:0203",
        viewer,
      )
      expect(utf8.status).toBe(200)
      expect(utf8.headers.get("content-type")).toBe("text/csv; charset=utf-8")
      const bytes = new Uint8Array(await utf8.arrayBuffer())
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
      const text = new TextDecoder().decode(bytes.slice(3))
      expect(text.split("\r\n")[0]).toContain("indicator,indicator_name,area_kind")
      expect(text).toContain(
        "admission_information_on_time_rate,入院時情報提供の期限内率,secondary_medical_area,0203,八戸地域,FY2025,64.3,9,14,66.7,70",
      )

      const sjis = await send("GET", "/v1/pdca/exports/targets?encoding=shift_jis", viewer)
      expect(sjis.headers.get("content-type")).toBe("text/csv; charset=Shift_JIS")
      const targets = new TextDecoder("shift_jis").decode(await sjis.arrayBuffer())
      expect(targets).toContain(
        `${planId},${goalAdmission},admission_information_on_time_rate,secondary_medical_area,0203,FY2025,70,FY2024,60`,
      )

      const values = await (await send("GET", "/v1/pdca/exports/values?format=json&period=FY2025", viewer)).json()
      expect(
        values.find(
          (v: { dataElement: string; area: { code: string } }) =>
            v.dataElement === "admission_information_due" && v.area.code === "024414",
        ),
      ).toMatchObject({
        value: 4,
        periodCode: "FY2025",
        provenance: { source: "entered" },
      })
      await problemOf(await send("GET", "/v1/pdca/exports/evaluations", viewer), 400)
    })
  })
