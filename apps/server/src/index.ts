/**
 * `@zaitaku/server`: the Zaitaku reference server (Hono + `@hono/zod-openapi`) and the `zaitaku` CLI.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * from "./App.js"
export * from "./AppLayer.js"
export * from "./Auth.js"
export * from "./Commands.js"
export * from "./Config.js"
export * from "./Demo.js"
export * from "./DemoDirectory.js"
export * from "./Handler.js"
export * from "./Import.js"
export * from "./Log.js"
export * from "./Preconditions.js"
export * from "./Problem.js"
export * from "./Server.js"
