import { mkdir, readFile, writeFile } from "node:fs/promises"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"

const intro =
  "# Benchmarks\n\nResults of `pnpm bench`, written by the benchmarks themselves, with the machine and the date. " +
  "Numbers from different machines are not comparable; ratios measured in the same run are.\n"

/**
 * Writes one benchmark's section of `docs/benchmarks.md`, between `<!-- bench:<name>:start -->` and
 * `<!-- bench:<name>:end -->`: replaced in place when present, appended at the end otherwise, the rest of the
 * file (other sections, hand-written notes) left as it is. Returns the file's path.
 */
export const writeBenchmarkSection = async (name: string, title: string, body: string): Promise<string> => {
  const file = fileURLToPath(new URL("../../../docs/benchmarks.md", import.meta.url))
  const start = `<!-- bench:${name}:start -->`
  const end = `<!-- bench:${name}:end -->`
  const block = `${start}\n## ${title}\n\n${body}\n${end}`
  let current: string
  try {
    current = await readFile(file, "utf8")
  } catch {
    current = intro
  }
  const from = current.indexOf(start)
  const to = current.indexOf(end)
  const next =
    from >= 0 && to > from
      ? `${current.slice(0, from)}${block}${current.slice(to + end.length)}`
      : `${current.trimEnd()}\n\n${block}\n`
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, next)
  return file
}
