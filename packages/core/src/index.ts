/**
 * `@zaitaku/core`: the domain of 在宅医療・介護連携推進事業 — models (zod), pure domain logic, ports (Effect
 * services) and tagged errors. Browser-safe: imports only `effect` and `zod`.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * from "./Actor.js"
export * from "./ApiKey.js"
export * from "./Area.js"
export * from "./AuditLog.js"
export * from "./BuiltinRuleSets.js"
export * from "./BusinessCalendar.js"
export * from "./Case.js"
export * from "./CaseStore.js"
export * from "./Compliance.js"
export * from "./Coordination.js"
export * from "./DeadlineBoard.js"
export * from "./DeadlineScan.js"
export * from "./Decode.js"
export * from "./Errors.js"
export * from "./Identifiers.js"
export * from "./IdGenerator.js"
export * from "./Ids.js"
export * from "./ImportJob.js"
export * from "./ImportPlan.js"
export * from "./Label.js"
export * from "./NotificationLog.js"
export * from "./Notifier.js"
export * from "./Period.js"
export * from "./Resource.js"
export * from "./ResourceChangeRequest.js"
export * from "./ResourceKind.js"
export * from "./ResourceStore.js"
export * from "./ResourceWrite.js"
export * from "./RuleSet.js"
export * from "./RuleSetCatalog.js"
export * from "./SearchText.js"
export * from "./Tenant.js"
