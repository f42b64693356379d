import { basename, dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { defineConfig, type ViteUserConfig } from "vitest/config"

const root = dirname(fileURLToPath(import.meta.url))

/**
 * Shared vitest settings: tests run against sources (the `@zaitaku/source` export condition), hooks get 60 s
 * (PGlite start-up on a busy two-core machine), and every run writes a JSON report that `.ci/run` totals.
 */
export const sharedConfig = (packageDir: string, overrides: ViteUserConfig["test"] = {}): ViteUserConfig =>
  defineConfig({
    resolve: { conditions: ["@zaitaku/source"] },
    ssr: { resolve: { conditions: ["@zaitaku/source"] } },
    test: {
      include: ["test/**/*.test.ts"],
      hookTimeout: 60_000,
      testTimeout: 30_000,
      reporters: [
        "default",
        [
          "json",
          {
            outputFile: join(
              resolve(process.env.ZAITAKU_REPORTS_DIR ?? join(root, ".reports")),
              `vitest-${basename(dirname(resolve(packageDir)))}-${basename(resolve(packageDir))}.json`,
            ),
          },
        ],
      ],
      ...overrides,
    },
  })
