#!/usr/bin/env node
// Totals of every vitest run, for CI hosts that do not read vitest's own summary.
//
//   node scripts/test-totals.mjs [reports-dir]     (default: $ZAITAKU_REPORTS_DIR, else <repo>/.reports)
//
// Reads every `vitest-*.json` report (vitest's `json` reporter, one per package) and prints exactly one line on
// standard output:
//
//   tests: N passed, N failed[, N skipped]
//
// "failed" counts failed tests, plus one for each test file that failed without a failed test (a file that could
// not be loaded, a failing beforeAll/afterAll hook), plus one for each report that is not valid JSON, so a crash is
// never hidden. "skipped" (skipped and todo tests) is shown only when there are some. Details go to standard error.
// Exit status: 0 when nothing failed and at least one test ran; 1 otherwise (also when there is no report).
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)))
const dir = resolve(process.argv[2] ?? process.env.ZAITAKU_REPORTS_DIR ?? join(repoRoot, ".reports"))

const MAX_LISTED = 50
const problems = []
let passed = 0
let failed = 0
let skipped = 0

const count = (value) => (Number.isInteger(value) && value >= 0 ? value : 0)

let files = []
let dirFound = false
try {
  if (statSync(dir).isDirectory()) {
    dirFound = true
    files = readdirSync(dir)
      .filter((name) => name.startsWith("vitest-") && name.endsWith(".json"))
      .sort()
  } else {
    problems.push(`${dir} is not a directory`)
  }
} catch {
  problems.push(`no reports directory at ${dir}`)
}

for (const name of files) {
  const file = join(dir, name)
  let report
  try {
    report = JSON.parse(readFileSync(file, "utf8"))
  } catch (error) {
    failed += 1
    problems.push(`${name}: not a valid JSON report (${error instanceof Error ? error.message : String(error)})`)
    continue
  }
  if (report === null || typeof report !== "object" || !Number.isInteger(report.numTotalTests)) {
    failed += 1
    problems.push(`${name}: not a vitest JSON report (no numTotalTests)`)
    continue
  }

  passed += count(report.numPassedTests)
  failed += count(report.numFailedTests)
  skipped += count(report.numPendingTests) + count(report.numTodoTests)

  const results = Array.isArray(report.testResults) ? report.testResults : []
  let brokenFiles = 0
  for (const result of results) {
    const assertions = Array.isArray(result?.assertionResults) ? result.assertionResults : []
    const testFile = typeof result?.name === "string" ? relative(repoRoot, result.name) : "(unknown file)"
    for (const assertion of assertions) {
      if (assertion?.status === "failed") {
        problems.push(`FAIL ${testFile} > ${assertion.fullName ?? assertion.title ?? "(unnamed test)"}`)
      }
    }
    if (result?.status === "failed" && !assertions.some((assertion) => assertion?.status === "failed")) {
      brokenFiles += 1
      const message = typeof result.message === "string" && result.message !== "" ? `: ${result.message}` : ""
      problems.push(`FAIL ${testFile} (the file failed outside its tests${message.split("\n")[0]})`)
    }
  }
  // A suite failure with no per-file entry to show for it (should not happen, but never hide one).
  if (brokenFiles === 0 && count(report.numFailedTestSuites) > 0 && count(report.numFailedTests) === 0) {
    brokenFiles = 1
    problems.push(`${name}: ${report.numFailedTestSuites} failed suite(s) without a failed test`)
  }
  failed += brokenFiles
}

if (files.length === 0) {
  if (dirFound) problems.push(`no vitest-*.json report in ${dir}`)
} else if (passed + failed === 0) {
  problems.push(`the reports in ${dir} hold no test that ran`)
}

const listed = problems.slice(0, MAX_LISTED)
for (const line of listed) process.stderr.write(`${line}\n`)
if (problems.length > listed.length) process.stderr.write(`… and ${problems.length - listed.length} more\n`)

process.stdout.write(`tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}\n`)
process.exitCode = failed > 0 || files.length === 0 || passed + failed === 0 ? 1 : 0
