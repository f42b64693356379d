/**
 * Coordination benchmark (`pnpm bench`, after the directory benchmark): evaluates 1,000,000 synthetic 入退院支援
 * cases against the 2024 national rule set with core's `evaluate`, and the same rule (入院時情報連携加算: the care
 * manager informs the hospital the same day, the next day after hours or on a day off) expressed for
 * `json-rules-engine` over the same cases, and reports cases per second, peak memory and the ratio. Both engines use
 * the same calendar arithmetic (core's `sameDayDeadline` on `@zaitaku/calendar-jp`'s holidays): what differs is
 * the rule machinery. Every case's status is compared between the two, so the ratio is between equal answers.
 *
 * Each engine runs in its own child process, so that each peak RSS is its own. The cases are generated in chunks of
 * 10,000 (not timed) and evaluated chunk by chunk (timed). Results go to stdout and to `docs/benchmarks.md` between
 * `<!-- bench:coordination:start -->` and `<!-- bench:coordination:end -->`, with the machine and the date.
 *
 * Environment (optional): `ZAITAKU_BENCH_CASES` (default 1,000,000).
 *
 * @since 0.1.0
 */

import { execFile } from "node:child_process"
import { createHash } from "node:crypto"
import { arch, cpus, release, totalmem, type } from "node:os"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import { holidayJpCalendar } from "@zaitaku/calendar-jp"
import {
  BusinessSchedule,
  type CareLevel,
  type CoordinationCase,
  calendarDaysBetween,
  careLevelGroups,
  defaultBusinessSchedule,
  evaluate,
  LocalGovernmentCode,
  nationalCareFees2024,
  sameDayDeadline,
} from "@zaitaku/core"
// The generator lives in @zaitaku/testing, which the server does not depend on (and whose index pulls in vitest):
// import the module itself; tsup bundles it.
import { mulberry32 } from "@zaitaku/testing/synthetic"
import { Result } from "effect"
import { Engine } from "json-rules-engine"
import { writeBenchmarkSection } from "./internal/BenchReport.js"

const envCases = (): number => {
  const raw = process.env.ZAITAKU_BENCH_CASES
  if (raw === undefined || raw === "") return 1_000_000
  const value = Number(raw.replaceAll("_", ""))
  if (!Number.isInteger(value) || value < 1_000 || value > 10_000_000) {
    process.stderr.write("zaitaku bench: ZAITAKU_BENCH_CASES must be a whole number between 1000 and 10000000\n")
    process.exit(2)
  }
  return value
}

const caseCount = envCases()
const chunkSize = 10_000
const seed = 20_240_712
/** After every admission of the year, so that nearly every obligation is decided. */
const now = "2025-04-10T12:00:00+09:00"
const start = Date.parse("2024-04-01T00:00:00+09:00")

// ---------------------------------------------------------------------------------------------------------------
// Synthetic cases: a realistic mix of flows, weekdays, weekends, holidays and after-hours admissions
// ---------------------------------------------------------------------------------------------------------------

const officeHours = BusinessSchedule.parse({
  hours: (["mon", "tue", "wed", "thu", "fri"] as const).map((day) => ({
    day,
    periods: [{ opens: "08:30", closes: "17:30" }],
  })),
})
const saturdayToo = BusinessSchedule.parse({
  hours: (["mon", "tue", "wed", "thu", "fri", "sat"] as const).map((day) => ({
    day,
    periods: [{ opens: "09:00", closes: "18:00" }],
  })),
})
const hachinohe = LocalGovernmentCode.parse("022039")
const care: ReadonlyArray<CareLevel> = careLevelGroups.care
const support: ReadonlyArray<CareLevel> = careLevelGroups.support

/**
 * Case `i` of the run (deterministic): admitted some time in 令和6年度 (70 % in the daytime, 20 % in the evening,
 * 10 % at night), 60 % 要介護, 25 % 要支援, 15 % not applied; 85 % of those with a care level have a care manager
 * (5 % of the others), whose office works Monday–Friday 08:30–17:30 (45 %), 09:00–17:00 (35 %) or Saturdays too
 * (20 %); three in four care managers inform the hospital, after 0–5 days.
 */
const syntheticCase = (i: number, random: () => number): CoordinationCase => {
  const day = Math.floor(random() * 365)
  const slot = random()
  const minute =
    slot < 0.7
      ? 8 * 60 + Math.floor(random() * 9 * 60)
      : slot < 0.9
        ? 17 * 60 + Math.floor(random() * 7 * 60)
        : Math.floor(random() * 8 * 60)
  const admittedMs = start + day * 86_400_000 + minute * 60_000
  const group = random()
  const careLevel: CareLevel =
    group < 0.6
      ? care[Math.floor(random() * care.length)]!
      : group < 0.85
        ? support[Math.floor(random() * support.length)]!
        : random() < 0.5
          ? "not_applied"
          : "applied"
  const hasCareManager = random() < (group < 0.85 ? 0.85 : 0.05)
  const scheduleChoice = random()
  const schedule = scheduleChoice < 0.45 ? officeHours : scheduleChoice < 0.8 ? undefined : saturdayToo
  const informs = hasCareManager && random() < 0.75
  const delayMs = Math.floor(random() * random() * 5 * 86_400_000)
  const at = new Date(admittedMs).toISOString()
  return {
    id: `case-${i}`,
    patient: `p-${i}`,
    patientMunicipality: hachinohe,
    parties: {
      hospital: { id: "hospital-1", municipality: hachinohe },
      ...(hasCareManager
        ? { care_manager: { id: `office-${i % 500}`, ...(schedule === undefined ? {} : { schedule }) } }
        : {}),
    },
    careLevel,
    ageBand: "65_and_over",
    admissionPurpose: "treatment",
    wards: [],
    events: [{ id: "admission", type: "admission", at, recordedBy: "hospital-1" }],
    evidence: informs
      ? [
          {
            id: "information",
            kind: "form_sent",
            at: new Date(admittedMs + delayMs).toISOString(),
            from: "care_manager",
            to: "hospital",
            templateId: "admission-information",
            recordedBy: `office-${i % 500}`,
          },
        ]
      : [],
    waivers: [],
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The two engines
// ---------------------------------------------------------------------------------------------------------------

type Status = "pending" | "met_on_time" | "met_late" | "missed" | "not_applicable"

const ruleSets = [nationalCareFees2024]
const calendar = holidayJpCalendar

const coreStatus = (c: CoordinationCase): Status => {
  const evaluated = evaluate(c, ruleSets, calendar, now)
  if (Result.isFailure(evaluated)) throw evaluated.failure
  const obligation = evaluated.success.obligations.find((o) => o.obligationId === "cm-informs-hospital")
  return (obligation?.status ?? "not_applicable") as Status
}

const dayNumber = (date: string): number => calendarDaysBetween("1970-01-01", date)
const tokyoDay = (instant: string): number => Math.floor((Date.parse(instant) + 9 * 3_600_000) / 86_400_000)
const today = tokyoDay(now)

/**
 * 入院時情報連携加算(Ⅰ) 2024 for json-rules-engine: whether it applies (a care manager, a 要介護 level), the due day
 * (a fact computed with core's `sameDayDeadline`), the day the information was given, and one rule per status.
 */
const makeRulesEngine = (): Engine => {
  const engine = new Engine([], { allowUndefinedFacts: false })
  engine.addFact("dueDay", async (_params, almanac) => {
    const [admittedAt, schedule] = await Promise.all([
      almanac.factValue<string>("admittedAt"),
      almanac.factValue<BusinessSchedule | null>("schedule"),
    ])
    const due = sameDayDeadline(calendar, schedule ?? defaultBusinessSchedule, admittedAt)
    if (Result.isFailure(due)) throw due.failure
    return dayNumber(due.success.dueDate)
  })
  engine.addFact("metDay", async (_params, almanac) => {
    const informedAt = await almanac.factValue<string | null>("informedAt")
    return informedAt === null ? -1 : tokyoDay(informedAt)
  })
  const applies = [
    { fact: "hasCareManager", operator: "equal", value: true },
    { fact: "careLevel", operator: "in", value: [...care] },
  ]
  const rule = (status: Status, conditions: Array<Record<string, unknown>>, priority = 1) =>
    engine.addRule({ name: status, priority, conditions: { all: conditions } as never, event: { type: status } })
  engine.addRule({
    name: "not_applicable",
    priority: 10,
    conditions: {
      any: [
        { fact: "hasCareManager", operator: "equal", value: false },
        { fact: "careLevel", operator: "notIn", value: [...care] },
      ],
    },
    event: { type: "not_applicable" },
  })
  rule("met_on_time", [
    ...applies,
    { fact: "metDay", operator: "greaterThanInclusive", value: 0 },
    { fact: "metDay", operator: "lessThanInclusive", value: { fact: "dueDay" } },
  ])
  rule("met_late", [
    ...applies,
    { fact: "metDay", operator: "greaterThanInclusive", value: 0 },
    { fact: "metDay", operator: "greaterThan", value: { fact: "dueDay" } },
  ])
  rule("missed", [
    ...applies,
    { fact: "metDay", operator: "equal", value: -1 },
    { fact: "today", operator: "greaterThan", value: { fact: "dueDay" } },
  ])
  rule("pending", [
    ...applies,
    { fact: "metDay", operator: "equal", value: -1 },
    { fact: "today", operator: "lessThanInclusive", value: { fact: "dueDay" } },
  ])
  return engine
}

const rulesEngineStatus = async (engine: Engine, c: CoordinationCase): Promise<Status> => {
  const careManager = c.parties.care_manager
  // Evidence before the admission counts (入院日以前の情報提供を含む), as in the rule set.
  const information = c.evidence.find((e) => e.from === "care_manager" && e.to === "hospital")
  const { events } = await engine.run({
    hasCareManager: careManager !== undefined,
    careLevel: c.careLevel,
    admittedAt: c.events[0]!.at,
    schedule: careManager?.schedule ?? null,
    informedAt: information?.at ?? null,
    today,
  })
  const [first] = events
  if (first === undefined || events.length !== 1) throw new Error(`case ${c.id}: ${events.length} statuses`)
  return first.type as Status
}

// ---------------------------------------------------------------------------------------------------------------
// One engine in one child process
// ---------------------------------------------------------------------------------------------------------------

interface EngineResult {
  readonly engine: "core" | "json-rules-engine"
  readonly cases: number
  readonly seconds: number
  readonly peakRssMiB: number
  readonly peakHeapMiB: number
  readonly statuses: Readonly<Record<string, number>>
  /** SHA-256 of every case's status in order: equal digests mean equal answers, case by case. */
  readonly digest: string
}

const runEngine = async (which: "core" | "json-rules-engine"): Promise<EngineResult> => {
  const random = mulberry32(seed)
  const engine = which === "json-rules-engine" ? makeRulesEngine() : undefined
  const hash = createHash("sha256")
  const statuses: Record<string, number> = {}
  let elapsed = 0
  let peakHeap = 0
  for (let offset = 0; offset < caseCount; offset += chunkSize) {
    const chunk: Array<CoordinationCase> = []
    for (let i = offset; i < Math.min(caseCount, offset + chunkSize); i++) chunk.push(syntheticCase(i, random))
    const answers: Array<Status> = []
    const began = performance.now()
    if (engine === undefined) {
      for (const c of chunk) answers.push(coreStatus(c))
    } else {
      for (const c of chunk) answers.push(await rulesEngineStatus(engine, c))
    }
    elapsed += performance.now() - began
    for (const status of answers) {
      statuses[status] = (statuses[status] ?? 0) + 1
      hash.update(status)
      hash.update("\n")
    }
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
  }
  return {
    engine: which,
    cases: caseCount,
    seconds: elapsed / 1000,
    // maxRSS is in kibibytes: the peak resident set of this (child) process
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    peakHeapMiB: peakHeap / 1024 / 1024,
    statuses,
    digest: hash.digest("hex"),
  }
}

const inChild = async (which: "core" | "json-rules-engine"): Promise<EngineResult> => {
  const script = fileURLToPath(import.meta.url)
  const { stdout } = await promisify(execFile)(process.execPath, [script, `--engine=${which}`], {
    env: process.env,
    maxBuffer: 1024 * 1024,
  })
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as EngineResult
}

// ---------------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------------

const format = (n: number): string => Math.round(n).toLocaleString("en-US")

const report = (core: EngineResult, rules: EngineResult): string => {
  const cpu = cpus()[0]?.model ?? "unknown CPU"
  const rate = (r: EngineResult) => r.cases / r.seconds
  const ratio = rate(core) / rate(rules)
  const statusLine = Object.entries(core.statuses)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([status, count]) => `${status} ${format(count)}`)
    .join(", ")
  return [
    `Measured ${new Date().toISOString()} over ${format(core.cases)} synthetic cases, each engine in its own process.`,
    "",
    `- Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB memory`,
    `- Node ${process.version}, ${type()} ${release()} (${arch()})`,
    "",
    "| engine | cases/s | time | peak RSS | peak heap (sampled) | vs json-rules-engine |",
    "|---|---:|---:|---:|---:|---:|",
    ...[core, rules].map(
      (r) =>
        `| ${r.engine === "core" ? "`evaluate` (`@zaitaku/core`)" : "json-rules-engine 7.3.1"} | ${format(rate(r))} | ` +
        `${r.seconds.toFixed(1)} s | ${format(r.peakRssMiB)} MiB | ${format(r.peakHeapMiB)} MiB | ` +
        `${r.engine === "core" ? `${ratio.toFixed(1)} ×` : "1.0 ×"} |`,
    ),
    "",
    `Both engines gave the same status to every case (SHA-256 of the statuses in order: \`${core.digest.slice(0, 16)}…\`):`,
    `${statusLine}.`,
    "",
    "The cases: admissions spread over 令和6年度 (70 % daytime, 20 % evening, 10 % night, so weekends, 国民の祝日,",
    "年末年始 and after-hours admissions all occur), 60 % 要介護, 25 % 要支援, 15 % not applied, care managers for most",
    "patients with a care level, three offices' schedules (weekdays 08:30–17:30, the default 09:00–17:00, Saturdays",
    "too), and three in four care managers informing the hospital within five days; evaluated as of 2025-04-10.",
    "`evaluate` applies the whole 2024 national set (`jp-kaigo-houshu-kyotaku@2024`: applicability, due date,",
    "evidence matching, tiers, explanations in Japanese and English) and returns every obligation; json-rules-engine",
    "runs one rule per status of 入院時情報連携加算 with the due day as an asynchronous fact computed by the same",
    "`sameDayDeadline` on the same holiday data, awaiting each case in turn as an application would. Generating the",
    "cases is not timed; RSS includes one chunk of 10,000 generated cases.",
  ].join("\n")
}

const main = async () => {
  const flag = process.argv.find((arg) => arg.startsWith("--engine="))
  if (flag !== undefined) {
    const which = flag.slice("--engine=".length)
    if (which !== "core" && which !== "json-rules-engine") throw new Error(`unknown engine ${which}`)
    process.stdout.write(`${JSON.stringify(await runEngine(which))}\n`)
    return
  }
  process.stderr.write(`[bench:coordination] ${format(caseCount)} cases: core evaluate …\n`)
  const core = await inChild("core")
  process.stderr.write(`[bench:coordination] ${format(core.cases / core.seconds)} cases/s; json-rules-engine …\n`)
  const rules = await inChild("json-rules-engine")
  if (core.digest !== rules.digest) {
    process.stderr.write(
      `zaitaku bench: the engines disagree: ${JSON.stringify(core.statuses)} vs ${JSON.stringify(rules.statuses)}\n`,
    )
    process.exitCode = 1
    return
  }
  const section = report(core, rules)
  const file = await writeBenchmarkSection(
    "coordination",
    "Coordination rules: `evaluate` and json-rules-engine (`apps/server`)",
    section,
  )
  process.stdout.write(`\n${section}\n\nWritten to ${file}\n`)
}

await main()
