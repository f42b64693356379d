/**
 * A migrated PGlite data directory, made once and reused: opening it takes about a second instead of running
 * initdb and every migration for each test file.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { mkdir, readFile, rename, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { migrate, readMigrations } from "./Migrator.js"
import { openPglite } from "./pglite/Session.js"

let cached: Promise<Blob> | undefined

/**
 * A tarball of a freshly migrated, empty PGlite database. Cached in memory and in the system's temporary
 * directory, keyed by the migrations' hashes, so that test files share it.
 *
 * @since 0.1.0
 * @category testing
 * @example
 * ```ts
 * import { layerPglite, pgliteTemplate } from "@zaitaku/store-postgres"
 *
 * const layer = async () => layerPglite({ loadDataDir: await pgliteTemplate(), migrate: false })
 * ```
 */
export const pgliteTemplate = (): Promise<Blob> => {
  cached ??= (async () => {
    const migrations = await readMigrations()
    const key = createHash("sha256")
      .update(migrations.map((m) => m.hash).join(","))
      .digest("hex")
      .slice(0, 16)
    const dir = join(tmpdir(), "zaitaku-pglite-templates")
    const file = join(dir, `template-${key}.tar`)
    try {
      return new Blob([await readFile(file)])
    } catch {
      const session = await openPglite({})
      try {
        await migrate(session)
        const dump = await session.client.dumpDataDir("none")
        const bytes = new Uint8Array(await dump.arrayBuffer())
        await mkdir(dir, { recursive: true })
        const partial = `${file}.${process.pid}.tmp`
        await writeFile(partial, bytes)
        await rename(partial, file)
        return new Blob([bytes])
      } finally {
        await session.close()
      }
    }
  })()
  return cached
}
