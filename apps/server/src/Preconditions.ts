/**
 * 条件付きリクエスト (conditional requests, RFC 9110 §13): entity tags of versioned entries, the parsing of
 * `If-Match` / `If-None-Match`, and the two errors of optimistic concurrency. `toProblem` maps
 * {@link PreconditionFailed} to 412 and {@link PreconditionRequired} to 428.
 *
 * Entity tags are weak and carry the entry's version only: `W/"3"`. Comparison is by version (the weak comparison
 * of RFC 9110 §8.8.3.2) for `If-Match` too: the version identifies the stored state exactly, and proxies that
 * compress responses turn strong tags into weak ones anyway, so a client echoing either form is understood.
 *
 * @since 0.1.0
 */
import { ValidationError } from "@zaitaku/core"
import { Data, Effect } from "effect"

/**
 * The entry changed since the client read it: the `If-Match` tag is not the current version (HTTP 412).
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { PreconditionFailed } from "@zaitaku/server"
 *
 * new PreconditionFailed({ entity: "resource", id: "0192f5a0-0000-7000-8000-000000000001" })
 * ```
 */
export class PreconditionFailed extends Data.TaggedError("PreconditionFailed")<{
  readonly entity: string
  readonly id: string
}> {}

/**
 * The request must be conditional: an update without `If-Match` could overwrite a change it never saw (HTTP 428,
 * RFC 6585).
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { PreconditionRequired } from "@zaitaku/server"
 *
 * new PreconditionRequired({ header: "If-Match" })
 * ```
 */
export class PreconditionRequired extends Data.TaggedError("PreconditionRequired")<{ readonly header: "If-Match" }> {}

/**
 * One parsed entity tag: weak or strong, and its opaque value (without the quotes).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { EntityTag } from "@zaitaku/server"
 *
 * const tag: EntityTag = { weak: true, opaque: "3" }
 * ```
 */
export interface EntityTag {
  readonly weak: boolean
  readonly opaque: string
}

/**
 * The entity tag of a version: `W/"<version>"`.
 *
 * @since 0.1.0
 * @category entity tags
 * @example
 * ```ts
 * import { entityTagOf } from "@zaitaku/server"
 *
 * entityTagOf(3) // 'W/"3"'
 * ```
 */
export const entityTagOf = (version: number): string => `W/"${version}"`

const tagPattern = /^(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"/
const separators = /^[ \t]*(?:,[ \t]*)*/

/**
 * Parses an `If-Match` / `If-None-Match` value: `*`, or a comma-separated list of entity tags (strong `"3"` or weak
 * `W/"3"`); `undefined` when the value is not well-formed (a bare `3`, unbalanced quotes, an empty value).
 *
 * @since 0.1.0
 * @category entity tags
 * @example
 * ```ts
 * import { parseEntityTags } from "@zaitaku/server"
 *
 * parseEntityTags('W/"3", "4"') // [{ weak: true, opaque: "3" }, { weak: false, opaque: "4" }]
 * parseEntityTags("*") // "*"
 * parseEntityTags("3") // undefined
 * ```
 */
export const parseEntityTags = (header: string): "*" | ReadonlyArray<EntityTag> | undefined => {
  const text = header.trim()
  if (text === "*") return "*"
  const tags: Array<EntityTag> = []
  let rest = text
  while (rest.length > 0) {
    const match = tagPattern.exec(rest)
    if (match === null) return undefined
    tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? "" })
    rest = rest.slice(match[0].length)
    const separator = separators.exec(rest)?.[0] ?? ""
    if (rest.length > separator.length && !separator.includes(",")) return undefined
    rest = rest.slice(separator.length)
  }
  return tags.length === 0 ? undefined : tags
}

/**
 * The versions named by entity tags (weak comparison): tags whose opaque value is a version number; other tags
 * can never match and are left out.
 *
 * @since 0.1.0
 * @category entity tags
 * @example
 * ```ts
 * import { versionsOf } from "@zaitaku/server"
 *
 * versionsOf([{ weak: true, opaque: "3" }, { weak: false, opaque: "abc" }]) // [3]
 * ```
 */
export const versionsOf = (tags: ReadonlyArray<EntityTag>): ReadonlyArray<number> =>
  tags.flatMap((tag) => (/^[1-9][0-9]{0,14}$/.test(tag.opaque) ? [Number(tag.opaque)] : []))

/**
 * Whether an `If-None-Match` value matches the current version (`*` matches any existing entry). A malformed value
 * matches nothing, so the full response is sent.
 *
 * @since 0.1.0
 * @category entity tags
 * @example
 * ```ts
 * import { noneMatchHits } from "@zaitaku/server"
 *
 * noneMatchHits('W/"3"', 3) // true: answer 304
 * noneMatchHits('"2"', 3) // false
 * ```
 */
export const noneMatchHits = (header: string | undefined, version: number): boolean => {
  if (header === undefined) return false
  const tags = parseEntityTags(header)
  if (tags === undefined) return false
  return tags === "*" || versionsOf(tags).includes(version)
}

/**
 * A 400 about the `If-Match` header, with its code and the message in both languages.
 *
 * @since 0.1.0
 * @category preconditions
 * @example
 * ```ts
 * import { ifMatchError } from "@zaitaku/server"
 *
 * ifMatchError("invalid_entity_tag", "If-Match の形式が正しくありません", "If-Match is not a list of entity tags")
 * ```
 */
export const ifMatchError = (code: string, ja: string, en: string): ValidationError =>
  new ValidationError({ subject: "request headers", issues: [{ path: ["if-match"], code, message: { ja, en } }] })

/**
 * The version an `If-Match` value allows a change on: 428 when missing, 400 when malformed or `*`; one version is
 * taken as given (the store checks it when it writes); with several, the one that is current, read with `current`
 * — so another tenant's id stays 404 — or else `stale` (412).
 *
 * @since 0.1.0
 * @category preconditions
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { expectedVersionOf, PreconditionFailed } from "@zaitaku/server"
 *
 * const version = expectedVersionOf('W/"3"', Effect.succeed(3), () => new PreconditionFailed({ entity: "case", id: "c-1" }))
 * ```
 */
export const expectedVersionOf = <E, R>(
  header: string | undefined,
  current: Effect.Effect<number, E, R>,
  stale: () => PreconditionFailed,
): Effect.Effect<number, E | PreconditionRequired | PreconditionFailed | ValidationError, R> =>
  Effect.gen(function* () {
    if (header === undefined || header.trim() === "") return yield* new PreconditionRequired({ header: "If-Match" })
    const tags = parseEntityTags(header)
    if (tags === undefined) {
      return yield* ifMatchError(
        "invalid_entity_tag",
        'If-Match の形式が正しくありません。受け取った ETag（例: W/"3"）をそのまま送ってください',
        'If-Match is not a list of entity tags; send the ETag you received, e.g. W/"3"',
      )
    }
    if (tags === "*") {
      return yield* ifMatchError(
        "wildcard_not_allowed",
        "If-Match: * は使えません。変更の元にした版の ETag を送ってください",
        "If-Match: * is not accepted; send the ETag of the version the change is based on",
      )
    }
    const versions = versionsOf(tags)
    const [only] = versions
    if (versions.length === 1 && only !== undefined) return only
    const version = yield* current
    if (versions.includes(version)) return version
    return yield* stale()
  })
