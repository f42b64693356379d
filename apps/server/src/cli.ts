/**
 * The `zaitaku` executable.
 *
 * @since 0.1.0
 */
import { runCli } from "./Commands.js"

const code = await runCli(process.argv.slice(2))
process.exit(code)
