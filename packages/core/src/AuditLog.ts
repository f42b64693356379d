/**
 * 監査ログ (audit trail): every read and write of personal data and every administrative action is recorded,
 * append-only, and chained by SHA-256 so that altering or removing any entry is detectable.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Ref, Semaphore } from "effect"
import * as z from "zod"
import { Actor, Role } from "./Actor.js"
import { NotFound, type StoreError } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { AuditEntryId, TenantId } from "./Ids.js"
import { canonicalJson, sha256Hex } from "./internal/hash.js"
import type { LocalizedText } from "./Label.js"

/**
 * An audited action, `<entity>.<verb>` in lower snake case (`tenant.read`, `api_key.revoke`, `form_response.read`).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { AuditAction } from "@zaitaku/core"
 *
 * AuditAction.parse("api_key.create")
 * ```
 */
export const AuditAction = z
  .string()
  .max(100)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, "Must look like <entity>.<verb>, e.g. api_key.create")
/** @since 0.1.0 @category models */
export type AuditAction = z.infer<typeof AuditAction>

/**
 * What an operation reports to the audit log. The actor, tenant, time and chain fields are added by the log.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { AuditEvent } from "@zaitaku/core"
 *
 * AuditEvent.parse({ action: "tenant.read", target: { type: "tenant", id: "022039" } })
 * ```
 */
export const AuditEvent = z.object({
  action: AuditAction,
  target: z.object({ type: z.string().min(1).max(100), id: z.string().min(1).max(200) }),
  /** True when the operation read or wrote personal data (患者の個人情報). */
  personalData: z.boolean().default(false),
  outcome: z.enum(["success", "denied", "failure"]).default("success"),
  /** Small, non-personal context (ids, counts, changed field names) — never the personal data itself. */
  details: z.record(z.string(), z.json()).default({}),
})
/** @since 0.1.0 @category models */
export type AuditEvent = z.input<typeof AuditEvent>

/**
 * 結果 (outcome) of an audited operation, with Japanese and English labels.
 *
 * @since 0.1.0
 * @category labels
 * @example
 * ```ts
 * import { auditOutcomeLabels } from "@zaitaku/core"
 *
 * auditOutcomeLabels.denied.ja // "拒否"
 * ```
 */
export const auditOutcomeLabels: Readonly<Record<"success" | "denied" | "failure", LocalizedText>> = {
  success: { ja: "成功", en: "Success" },
  denied: { ja: "拒否", en: "Denied" },
  failure: { ja: "失敗", en: "Failure" },
}

/**
 * The hash that precedes the first entry of every tenant's chain.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { genesisHash } from "@zaitaku/core"
 *
 * genesisHash.length // 64
 * ```
 */
export const genesisHash = "0".repeat(64)

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/)

/**
 * 監査記録 (audit entry) as stored: numbered per tenant from 1, chained to its predecessor.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { AuditEntry } from "@zaitaku/core"
 *
 * AuditEntry.shape.seq // the per-tenant sequence number
 * ```
 */
export const AuditEntry = z.object({
  id: AuditEntryId,
  tenantId: TenantId,
  seq: z.number().int().positive(),
  at: z.iso.datetime({ offset: true }),
  actor: z.object({
    kind: z.enum(["api_key", "user", "system"]),
    id: z.string(),
    role: Role,
  }),
  action: AuditAction,
  target: z.object({ type: z.string(), id: z.string() }),
  personalData: z.boolean(),
  outcome: z.enum(["success", "denied", "failure"]),
  details: z.record(z.string(), z.json()),
  prevHash: Sha256Hex,
  hash: Sha256Hex,
})
/** @since 0.1.0 @category models */
export type AuditEntry = z.infer<typeof AuditEntry>

/**
 * The chain head: the last sequence number and hash, kept beside the entries so that removing the newest
 * entries is detected too.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { AuditChainHead } from "@zaitaku/core"
 *
 * const head: AuditChainHead = { seq: 0, hash: "0".repeat(64) }
 * ```
 */
export interface AuditChainHead {
  readonly seq: number
  readonly hash: string
}

/**
 * Computes an entry's hash: SHA-256 over the canonical JSON of every field but `hash` (including `prevHash`).
 *
 * @since 0.1.0
 * @category chain
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { computeAuditHash, type AuditEntry } from "@zaitaku/core"
 *
 * declare const entry: AuditEntry
 * const recomputed = Effect.runPromise(computeAuditHash(entry))
 * ```
 */
export const computeAuditHash = (entry: Omit<AuditEntry, "hash">): Effect.Effect<string> =>
  sha256Hex(
    canonicalJson({
      id: entry.id,
      tenantId: entry.tenantId,
      seq: entry.seq,
      at: new Date(entry.at).toISOString(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      personalData: entry.personalData,
      outcome: entry.outcome,
      details: entry.details,
      prevHash: entry.prevHash,
    }),
  )

/**
 * A problem found while verifying a chain.
 *
 * @since 0.1.0
 * @category chain
 * @example
 * ```ts
 * import type { AuditChainProblem } from "@zaitaku/core"
 *
 * const problem: AuditChainProblem = { seq: 3, kind: "altered" }
 * ```
 */
export interface AuditChainProblem {
  readonly seq: number
  /**
   * - `altered`: the entry's content no longer matches its hash;
   * - `broken_link`: the entry does not point at the hash of the entry before it;
   * - `missing`: sequence numbers are skipped (entries removed);
   * - `missing_tail`: the head records more entries than exist (the newest entries were removed);
   * - `head_mismatch`: the last entry's hash differs from the recorded head.
   */
  readonly kind: "altered" | "broken_link" | "missing" | "missing_tail" | "head_mismatch"
}

/**
 * Result of {@link verifyAuditChain}.
 *
 * @since 0.1.0
 * @category chain
 * @example
 * ```ts
 * import type { AuditChainVerification } from "@zaitaku/core"
 *
 * const ok: AuditChainVerification = { valid: true, entries: 0, problems: [] }
 * ```
 */
export interface AuditChainVerification {
  readonly valid: boolean
  readonly entries: number
  readonly problems: ReadonlyArray<AuditChainProblem>
}

/**
 * Verifies one tenant's chain: each entry's hash, each link to its predecessor, gaps in the sequence, and the
 * recorded head. Entries may come in any order.
 *
 * @since 0.1.0
 * @category chain
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { verifyAuditChain } from "@zaitaku/core"
 *
 * Effect.runPromise(verifyAuditChain([], { seq: 0, hash: "0".repeat(64) })) // { valid: true, entries: 0, problems: [] }
 * ```
 */
export const verifyAuditChain = (
  entries: ReadonlyArray<AuditEntry>,
  head?: AuditChainHead,
): Effect.Effect<AuditChainVerification> =>
  Effect.gen(function* () {
    const sorted = [...entries].sort((a, b) => a.seq - b.seq)
    const problems: Array<AuditChainProblem> = []
    let expectedSeq = 1
    let previousHash = genesisHash
    for (const entry of sorted) {
      if (entry.seq !== expectedSeq) {
        for (let missing = expectedSeq; missing < entry.seq; missing++) problems.push({ seq: missing, kind: "missing" })
      }
      if (entry.seq === expectedSeq && entry.prevHash !== previousHash) {
        problems.push({ seq: entry.seq, kind: "broken_link" })
      } else if (entry.seq !== expectedSeq && entry.seq > 1) {
        // after a gap the link cannot match: already reported as missing
      }
      const { hash, ...rest } = entry
      const recomputed = yield* computeAuditHash(rest)
      if (recomputed !== hash) problems.push({ seq: entry.seq, kind: "altered" })
      previousHash = hash
      expectedSeq = entry.seq + 1
    }
    const last = sorted[sorted.length - 1]
    if (head !== undefined) {
      if (head.seq > (last?.seq ?? 0)) {
        for (let missing = (last?.seq ?? 0) + 1; missing <= head.seq; missing++) {
          problems.push({ seq: missing, kind: "missing_tail" })
        }
      } else if (head.seq < (last?.seq ?? 0) || head.hash !== (last?.hash ?? genesisHash)) {
        problems.push({ seq: last?.seq ?? 0, kind: "head_mismatch" })
      }
    }
    return { valid: problems.length === 0, entries: sorted.length, problems }
  })

/**
 * A page of audit entries, newest first; pass `nextCursor` back to get the next (older) page.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { AuditPage } from "@zaitaku/core"
 *
 * const empty: AuditPage = { entries: [], nextCursor: null }
 * ```
 */
export interface AuditPage {
  readonly entries: ReadonlyArray<AuditEntry>
  readonly nextCursor: string | null
}

/**
 * Query for {@link AuditLog} listings.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { AuditQuery } from "@zaitaku/core"
 *
 * AuditQuery.parse({ limit: "20" }) // { limit: 20 }
 * ```
 */
export const AuditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Opaque cursor from a previous page. */
  cursor: z
    .string()
    .regex(/^[1-9][0-9]{0,15}$/, "Must be a cursor returned by a previous page")
    .optional(),
})
/** @since 0.1.0 @category models */
export type AuditQuery = z.infer<typeof AuditQuery>

/**
 * Builds the next entry of a chain from an event, the acting principal, the time and the current head (pure).
 * Adapters call this inside the transaction that holds the head.
 *
 * @since 0.1.0
 * @category chain
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { genesisHash, nextAuditEntry } from "@zaitaku/core"
 *
 * const entry = nextAuditEntry({
 *   id: "00000000-0000-7000-8000-000000000001",
 *   at: new Date(0),
 *   actor: { tenantId: "00000000-0000-7000-8000-0000000000aa", role: "tenant_admin", subject: { kind: "system", id: "cli" } },
 *   event: { action: "tenant.create", target: { type: "tenant", id: "022039" } },
 *   head: { seq: 0, hash: genesisHash },
 * })
 * Effect.runPromise(entry)
 * ```
 */
export const nextAuditEntry = (input: {
  readonly id: string
  readonly at: Date
  readonly actor: Actor["Service"]
  readonly event: AuditEvent
  readonly head: AuditChainHead
}): Effect.Effect<AuditEntry> =>
  Effect.gen(function* () {
    const event = AuditEvent.parse(input.event)
    const unsigned = {
      id: AuditEntryId.parse(input.id),
      tenantId: input.actor.tenantId,
      seq: input.head.seq + 1,
      at: input.at.toISOString(),
      actor: { kind: input.actor.subject.kind, id: input.actor.subject.id, role: input.actor.role },
      action: event.action,
      target: event.target,
      personalData: event.personalData,
      outcome: event.outcome,
      details: event.details,
      prevHash: input.head.hash,
    }
    return { ...unsigned, hash: yield* computeAuditHash(unsigned) }
  })

/**
 * The `AuditLog` port. Every method acts for the current {@link Actor}'s tenant only.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { AuditLog } from "@zaitaku/core"
 *
 * const record = Effect.flatMap(Effect.service(AuditLog), (log) =>
 *   log.append({ action: "tenant.read", target: { type: "tenant", id: "022039" } }),
 * )
 * ```
 */
export class AuditLog extends Context.Service<
  AuditLog,
  {
    /** Appends one entry for the current actor and returns it (with its sequence number and hash). */
    append(event: AuditEvent): Effect.Effect<AuditEntry, StoreError, Actor>
    /** Lists the tenant's entries, newest first. */
    list(query: AuditQuery): Effect.Effect<AuditPage, StoreError, Actor>
    /** One entry by id; {@link NotFound} when it does not exist in this tenant. */
    get(id: AuditEntryId): Effect.Effect<AuditEntry, NotFound | StoreError, Actor>
    /** Verifies the tenant's whole chain. */
    readonly verify: Effect.Effect<AuditChainVerification, StoreError, Actor>
  }
>()("@zaitaku/core/AuditLog") {
  /**
   * In-memory audit log: the reference behaviour for the contract suite and a fast stand-in in unit tests.
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<AuditLog, never, IdGenerator> = Layer.effect(
    AuditLog,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const state = yield* Ref.make(new Map<string, ReadonlyArray<AuditEntry>>())
      const entriesOf = (tenantId: string) => Effect.map(Ref.get(state), (map) => map.get(tenantId) ?? [])
      const lock = yield* Semaphore.make(1)

      const append = (event: AuditEvent) =>
        lock.withPermits(1)(
          Effect.gen(function* () {
            const actor = yield* Actor
            const existing = yield* entriesOf(actor.tenantId)
            const last = existing[existing.length - 1]
            const entry = yield* nextAuditEntry({
              id: yield* ids.next,
              at: new Date(yield* Clock.currentTimeMillis),
              actor,
              event,
              head: last === undefined ? { seq: 0, hash: genesisHash } : { seq: last.seq, hash: last.hash },
            })
            yield* Ref.update(state, (map) => new Map(map).set(actor.tenantId, [...existing, entry]))
            return entry
          }),
        )

      const list = (query: AuditQuery) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const before = query.cursor === undefined ? Number.POSITIVE_INFINITY : Number(query.cursor)
          const newestFirst = [...(yield* entriesOf(actor.tenantId))].reverse().filter((entry) => entry.seq < before)
          const page = newestFirst.slice(0, query.limit)
          const last = page[page.length - 1]
          return {
            entries: page,
            nextCursor: newestFirst.length > query.limit && last !== undefined ? String(last.seq) : null,
          }
        })

      const get = (id: AuditEntryId) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const found = (yield* entriesOf(actor.tenantId)).find((entry) => entry.id === id)
          return found ?? (yield* Effect.fail(new NotFound({ entity: "audit_entry", id })))
        })

      const verify = Effect.gen(function* () {
        const actor = yield* Actor
        const entries = yield* entriesOf(actor.tenantId)
        const last = entries[entries.length - 1]
        return yield* verifyAuditChain(
          entries,
          last === undefined ? { seq: 0, hash: genesisHash } : { seq: last.seq, hash: last.hash },
        )
      })

      return AuditLog.of({ append, list, get, verify })
    }),
  )
}
