import { libraryConfig } from "../../tsup.config.base.js"

// The synthetic data generator and the filled example sheets are entries of their own, so benchmarks can load them
// without the vitest-based suites.
export default libraryConfig({ entry: ["src/index.ts", "src/Synthetic.ts", "src/FormFixtures.ts"] })
