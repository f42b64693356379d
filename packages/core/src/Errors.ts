/**
 * Tagged errors shared by every module of Zaitaku. Errors are data: HTTP status codes appear only in the
 * reference server's single error mapper.
 *
 * @since 0.1.0
 */
import { Data } from "effect"
import type { LocalizedText } from "./Label.js"

/**
 * One problem found in an input: where (`path`), what (`code`), and why (`message` in Japanese and English).
 *
 * @since 0.1.0
 * @category models
 */
export interface ValidationIssue {
  /** Path of the offending field from the root of the input, e.g. `["patient", "birthDate"]`. */
  readonly path: ReadonlyArray<string | number>
  /** Machine-readable code: zod's issue code (`too_small`, `invalid_type`, …) or a domain code (`check_digit`). */
  readonly code: string
  /** Human-readable explanation in Japanese and English. */
  readonly message: LocalizedText
}

/**
 * 入力エラー (validation error): the input was rejected and nothing was changed.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { ValidationError } from "@zaitaku/core"
 *
 * const error = new ValidationError({
 *   subject: "tenant",
 *   issues: [{ path: ["code"], code: "check_digit", message: { ja: "検査数字が違います", en: "Wrong check digit" } }],
 * })
 * error.issues[0]?.path // ["code"]
 * ```
 */
export class ValidationError extends Data.TaggedError("ValidationError")<{
  /** What was being validated (`"request body"`, `"config"`, `"tenant"`, …). */
  readonly subject: string
  readonly issues: ReadonlyArray<ValidationIssue>
}> {
  override get message(): string {
    return `Invalid ${this.subject}: ${this.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message.en}`)
      .join("; ")}`
  }
}

/**
 * 見つからない (not found): the entity does not exist, or exists only where the actor may not see it.
 * Both cases are the same error on purpose, so a caller cannot probe another tenant's data.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { NotFound } from "@zaitaku/core"
 *
 * const error = new NotFound({ entity: "api_key", id: "0190…" })
 * error._tag // "NotFound"
 * ```
 */
export class NotFound extends Data.TaggedError("NotFound")<{
  readonly entity: string
  readonly id: string
}> {
  override get message(): string {
    return `${this.entity} ${this.id} not found`
  }
}

/**
 * 権限なし (forbidden): the actor is authenticated but its role may not perform this action, or (with
 * `resourceId`) may perform it only for its own directory entries and this is not one of them.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Forbidden } from "@zaitaku/core"
 *
 * new Forbidden({ permission: "audit:read", role: "viewer" }).message
 * ```
 */
export class Forbidden extends Data.TaggedError("Forbidden")<{
  readonly permission: string
  readonly role: string
  /** The entry outside the actor's scope, when the role holds the permission for its own entries only. */
  readonly resourceId?: string
}> {
  override get message(): string {
    return this.resourceId === undefined
      ? `Role ${this.role} lacks permission ${this.permission}`
      : `Role ${this.role} holds ${this.permission} only for its own entries, and ${this.resourceId} is not one`
  }
}

/**
 * 認証失敗 (unauthenticated): no credentials, or credentials that are unknown, revoked or malformed.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Unauthenticated } from "@zaitaku/core"
 *
 * new Unauthenticated({ reason: "missing" })
 * ```
 */
export class Unauthenticated extends Data.TaggedError("Unauthenticated")<{
  readonly reason: "missing" | "malformed" | "unknown" | "revoked"
}> {
  override get message(): string {
    return `Authentication failed: ${this.reason} credentials`
  }
}

/**
 * 競合 (conflict): the change collides with existing data (a duplicate key, a stale version).
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Conflict } from "@zaitaku/core"
 *
 * new Conflict({ entity: "tenant", id: "022039", reason: "already_exists" })
 * ```
 */
export class Conflict extends Data.TaggedError("Conflict")<{
  readonly entity: string
  readonly id: string
  readonly reason: "already_exists" | "version_mismatch" | "state"
  /** The fields that collide, when known (a proposed change whose fields were changed by someone else since). */
  readonly fields?: ReadonlyArray<string>
  /** For `state`: the state the entity is in, which does not allow the operation. */
  readonly state?: string
}> {
  override get message(): string {
    return `${this.entity} ${this.id}: conflict (${this.reason})`
  }
}

/**
 * 保存先の障害 (storage failure): the store could not complete the operation; nothing was written.
 * Carries the underlying cause for logs; never shown to end users.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { StoreError } from "@zaitaku/core"
 *
 * new StoreError({ operation: "AuditLog.append", cause: new Error("connection reset") })
 * ```
 */
export class StoreError extends Data.TaggedError("StoreError")<{
  readonly operation: string
  readonly cause: unknown
}> {
  override get message(): string {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `${this.operation} failed: ${cause}`
  }
}
