import { chmod, readFile, writeFile } from "node:fs/promises"
import { libraryConfig } from "../../tsup.config.base.js"

const shebang = "#!/usr/bin/env node\n"

export default libraryConfig({
  entry: [
    "src/index.ts",
    "src/cli.ts",
    "src/bench.ts",
    "src/benchDirectory.ts",
    "src/benchCoordination.ts",
    "src/benchForms.ts",
    "src/benchIndicators.ts",
  ],
  dts: false,
  // autocannon, json-rules-engine and tsup are devDependencies (the benchmarks only): load them from node_modules,
  // do not bundle them.
  external: ["autocannon", "json-rules-engine", "tsup"],
  // The `zaitaku` bin: a shebang line and the executable bit.
  onSuccess: async () => {
    const cli = new URL("./dist/cli.js", import.meta.url)
    const code = await readFile(cli, "utf8")
    if (!code.startsWith("#!")) {
      await writeFile(cli, shebang + code)
      // Shift the source map by the added line.
      const mapFile = new URL("./dist/cli.js.map", import.meta.url)
      const map = JSON.parse(await readFile(mapFile, "utf8")) as { mappings: string }
      await writeFile(mapFile, JSON.stringify({ ...map, mappings: `;${map.mappings}` }))
    }
    await chmod(cli, 0o755)
  },
})
