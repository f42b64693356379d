/**
 * Forms benchmark (`pnpm bench`, after the directory benchmark): validation throughput of complete 入院時情報提供書
 * responses with `validateFormResponse` (warm: the definition compiled once, as a server or a form widget uses it;
 * cold: a fresh copy of the definition each time), and the size, minified and gzipped, of what a browser needs to
 * validate — `validateFormResponse` with its dependencies (zod, effect), alone and with the standard sheets. Results
 * go to stdout and to `docs/benchmarks.md` with the machine and the date.
 *
 * Environment: `ZAITAKU_BENCH_DURATION` (seconds per throughput case, default 5).
 *
 * @since 0.1.0
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { arch, cpus, release, tmpdir, totalmem, type } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { admissionInformationTemplate, type FormAnswers, validateFormResponse } from "@zaitaku/core"
// The example lives in @zaitaku/testing, which the server does not depend on (its index pulls in vitest): import the
// fixture module itself; tsup bundles it into dist/benchForms.js.
import { formExamples } from "@zaitaku/testing/forms"
import { build } from "tsup"
import { writeBenchmarkSection } from "./internal/BenchReport.js"

const parseDuration = (): number => {
  const raw = process.env.ZAITAKU_BENCH_DURATION
  if (raw === undefined || raw === "") return 5
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0 || value > 600) {
    process.stderr.write("zaitaku bench: ZAITAKU_BENCH_DURATION must be a number of seconds between 0 and 600\n")
    process.exit(2)
  }
  return value
}

const duration = parseDuration()
const today = "2026-12-01"
const format = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })

// ---------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------

/** A thousand different complete responses: the example with other people, dates, contacts and sections left out. */
const responses = (count: number): ReadonlyArray<unknown> => {
  const base = formExamples["admission-information"] as Record<string, Record<string, unknown>>
  const out: Array<unknown> = []
  for (let i = 0; i < count; i++) {
    const year = 1925 + (i % 60)
    const day = String(1 + (i % 28)).padStart(2, "0")
    const contacts = (base.family!.family_contacts as ReadonlyArray<Record<string, unknown>>).slice(0, 1 + (i % 2))
    const answers: FormAnswers = {
      ...base,
      basic: {
        ...base.basic,
        name: `八戸 太郎${i}`,
        kana: "はちのへ たろう",
        birth_date: `${year}-03-${day}`,
        admission_date: `2026-01-${day}`,
        care_need_level: ["care_1", "care_2", "care_3", "support_2"][i % 4],
      },
      family: {
        ...base.family,
        family_contacts: contacts.map((c, j) => ({ ...c, contact_name: `八戸 花子${i}-${j}` })),
      },
    }
    if (i % 3 === 0) delete answers.services_before_admission
    out.push({ template: { id: "admission-information", version: "1.0.0" }, status: "completed", answers })
  }
  return out
}

interface Throughput {
  readonly label: string
  readonly count: number
  readonly seconds: number
  readonly perSecond: number
  readonly meanMicros: number
}

const throughput = (label: string, run: (i: number) => boolean): Throughput => {
  // warm up the JIT, then count validations for the measured duration
  for (let i = 0; i < 200; i++) run(i)
  let count = 0
  const started = performance.now()
  const until = started + duration * 1000
  while (performance.now() < until) {
    for (let k = 0; k < 50; k++) {
      if (!run(count)) throw new Error(`${label}: response ${count} did not validate`)
      count += 1
    }
  }
  const seconds = (performance.now() - started) / 1000
  const result = { label, count, seconds, perSecond: count / seconds, meanMicros: (seconds * 1e6) / count }
  process.stdout.write(
    `  ${label}: ${format(result.perSecond)} responses/s (${format(result.meanMicros, 1)} µs each)\n`,
  )
  return result
}

// ---------------------------------------------------------------------------------------------------------------
// Browser bundle
// ---------------------------------------------------------------------------------------------------------------

interface BundleSize {
  readonly label: string
  readonly minified: number
  readonly gzip: number
}

/** Bundles `export { <names> } from "<module>"` lines for the browser; modules are paths in `@zaitaku/core`'s package. */
const bundle = async (label: string, exports: ReadonlyArray<readonly [string, string]>): Promise<BundleSize> => {
  const dir = await mkdtemp(join(tmpdir(), "zaitaku-bench-forms-"))
  try {
    const entry = join(dir, "entry.js")
    const lines = exports.map(([names, module]) => {
      const path = fileURLToPath(new URL(module, import.meta.resolve("@zaitaku/core")))
      return `export { ${names} } from ${JSON.stringify(path)}\n`
    })
    await writeFile(entry, lines.join(""))
    await build({
      entry: { bundle: entry },
      outDir: join(dir, "out"),
      format: ["esm"],
      platform: "browser",
      target: "es2022",
      minify: true,
      noExternal: [/.*/],
      dts: false,
      sourcemap: false,
      splitting: false,
      silent: true,
      config: false,
    })
    const code = await readFile(join(dir, "out", "bundle.js"))
    const size = { label, minified: code.length, gzip: gzipSync(code, { level: 9 }).length }
    process.stdout.write(
      `  ${label}: ${format(size.minified / 1024, 1)} KiB minified, ${format(size.gzip / 1024, 1)} KiB gzip\n`,
    )
    return size
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------------------------

const main = async () => {
  process.stdout.write("zaitaku bench: forms\n")
  const set = responses(1000)
  const bytes = set.reduce<number>((sum, r) => sum + new TextEncoder().encode(JSON.stringify(r)).length, 0) / set.length
  const warm = throughput("validate (definition compiled once)", (i) => {
    return validateFormResponse(admissionInformationTemplate, set[i % set.length], { today }).valid
  })
  const cold = throughput("validate (fresh copy of the definition each time)", (i) => {
    const fresh = structuredClone(admissionInformationTemplate)
    return validateFormResponse(fresh, set[i % set.length], { today }).valid
  })
  const invalid = throughput("validate an invalid response (every problem reported)", (i) => {
    const response = set[i % set.length] as { answers: Record<string, Record<string, unknown>> }
    const result = validateFormResponse(
      admissionInformationTemplate,
      { ...response, answers: { ...response.answers, basic: { ...response.answers.basic, phone: "12", name: "" } } },
      { today },
    )
    return !result.valid && result.issues.length >= 2
  })
  const validation = "../src/FormValidation.ts"
  // The forms modules from the package's sources (shipped in its `src/`), so the bundler keeps only the modules they
  // import; and the whole package entry for comparison (its build is one file, which a bundler keeps whole).
  const sizes = [
    await bundle("`validateFormResponse` (definitions fetched as JSON)", [["validateFormResponse", validation]]),
    await bundle("… and the 入院時情報提供書 template", [
      ["validateFormResponse", validation],
      ["admissionInformationTemplate", "../src/FormTemplates/AdmissionInformation.ts"],
    ]),
    await bundle("… and all six standard sheets", [
      ["validateFormResponse", validation],
      ["formTemplates", "../src/FormTemplates.ts"],
    ]),
    await bundle("`validateFormResponse` from the package entry (`dist/index.js`)", [
      ["validateFormResponse", "./index.js"],
    ]),
  ]

  const cpu = cpus()
  const body = [
    `Measured ${new Date().toISOString()}; ${format(set.length)} different complete responses to`,
    `\`admission-information\` 1.0.0 (built from \`formExamples\` of \`@zaitaku/testing\`: other names, dates, contacts,`,
    `sections left out), ${format(bytes)} bytes of JSON each on average; ${duration} s per case, after a warm-up.`,
    "",
    `- Machine: ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${cpu.length} cores, ${format(totalmem() / 1024 ** 3, 1)} GiB memory`,
    `- Node ${process.version}, ${type()} ${release()} (${arch()})`,
    "",
    "### Validation throughput",
    "",
    "| case | responses/s | mean per response |",
    "|---|---:|---:|",
    ...[warm, cold, invalid].map((r) => `| ${r.label} | ${format(r.perSecond)} | ${format(r.meanMicros, 1)} µs |`),
    "",
    "`validateFormResponse` checks every item (types, code lists, bounds, patterns, relative dates), evaluates",
    "`enableWhen`, the calculated items (age from the birth date) and the constraints, and returns every problem and",
    "the answers as kept. It compiles a definition once per definition object (parsed expressions, code sets,",
    "patterns) and caches that in a `WeakMap`: the warm row is a server or a form validating against a loaded",
    "definition; the cold row pays the compilation each time (whole-definition checks included).",
    "",
    "### What a browser needs to validate",
    "",
    "| bundle | minified | gzip |",
    "|---|---:|---:|",
    ...sizes.map((s) => `| ${s.label} | ${format(s.minified / 1024, 1)} KiB | ${format(s.gzip / 1024, 1)} KiB |`),
    "",
    "Each bundle is an ES module built by esbuild (through tsup) for the browser, minified, with its dependencies",
    "(zod with its Japanese and English messages, the parts of effect it uses) and nothing else; gzip at level 9.",
    "The first three start from the forms modules of `@zaitaku/core` (its published `src/`), so the bundler keeps the",
    "modules they import and drops the rest of the package (`sideEffects: false`). The last starts from the package",
    "entry: its build is a single module whose top-level schema definitions a bundler cannot prove unused, so it keeps",
    "all of `@zaitaku/core` — a browser bundle should import the forms modules, or the package should be built with",
    "one module per source file.",
  ].join("\n")
  const file = await writeBenchmarkSection("forms", "Forms: validation and browser size (`@zaitaku/core`)", body)
  process.stdout.write(`written to ${file}\n`)
}

main().catch((error: unknown) => {
  process.stderr.write(
    `zaitaku bench (forms) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  )
  process.exit(1)
})
