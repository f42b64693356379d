import { defineConfig, type Options } from "tsup"

/**
 * The one build configuration every library shares, so that moving off tsup later is a change to this file.
 * ESM only, with `.d.ts`, source maps, and every dependency left external.
 */
export const libraryConfig = (options: Partial<Options> = {}) =>
  defineConfig({
    entry: ["src/index.ts"],
    format: ["esm"],
    target: "es2022",
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: false,
    ...options,
  })
