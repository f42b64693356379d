import { fileURLToPath } from "node:url"
import { sharedConfig } from "../../vitest.shared.js"

export default sharedConfig(fileURLToPath(new URL(".", import.meta.url)))
