import { libraryConfig } from "../../tsup.config.base.js"

// The synthetic data generator is its own entry, so benchmarks can load it without the vitest-based suites.
export default libraryConfig({ entry: ["src/index.ts", "src/Synthetic.ts"] })
