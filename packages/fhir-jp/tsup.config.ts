import { libraryConfig } from "../../tsup.config.base.js"

export default libraryConfig()
