/**
 * `@zaitaku/hsds`: the resource directory (地域の医療・介護資源) as Open Referral HSDS 3.0 JSON, with a JP profile
 * that carries the Japanese identifiers, capabilities and availability. Pure functions; no runtime dependency
 * beyond `@zaitaku/core`.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * from "./Export.js"
export * from "./Hsds.js"
export * from "./Profile.js"
