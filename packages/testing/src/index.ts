/**
 * `@zaitaku/testing`: contract suites for every port of `@zaitaku/core`, and fixtures. For tests only.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * from "./ActivityContracts.js"
export * from "./BusinessCalendarContracts.js"
export * from "./CaseContracts.js"
export * from "./Contracts.js"
export * from "./Fixtures.js"
export * from "./FormContracts.js"
export * from "./FormFixtures.js"
export * from "./ImportJobContracts.js"
export * from "./NotificationContracts.js"
export * from "./OrganizationContracts.js"
export * from "./PdcaContracts.js"
export * from "./ResourceContracts.js"
export * from "./RuleSetContracts.js"
export * from "./Synthetic.js"
