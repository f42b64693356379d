/**
 * APIキー (API keys): bearer credentials scoped to one tenant and one role. Only a SHA-256 hash of the
 * secret is stored; the secret is shown once, when the key is created.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Option, Ref } from "effect"
import * as z from "zod"
import { Actor, Role } from "./Actor.js"
import { AuditLog } from "./AuditLog.js"
import { addLocalizedIssue, decode } from "./Decode.js"
import { NotFound, type StoreError, ValidationError } from "./Errors.js"
import { IdGenerator } from "./IdGenerator.js"
import { ApiKeyId, ResourceId, TenantId } from "./Ids.js"
import { sha256Hex } from "./internal/hash.js"

/**
 * The secret of an API key as presented in `Authorization: Bearer <secret>`: 24–256 URL-safe characters.
 * Generated keys look like `zk_` followed by 43 base64url characters (256 bits).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ApiKeySecret } from "@zaitaku/core"
 *
 * ApiKeySecret.safeParse("short").success // false
 * ```
 */
export const ApiKeySecret = z
  .string()
  .min(24, "An API key must be at least 24 characters long")
  .max(256, "An API key must be at most 256 characters long")
  .regex(/^[A-Za-z0-9._~-]+$/, "An API key may contain only A–Z, a–z, 0–9 and . _ ~ -")
  .brand<"ApiKeySecret">()
/** @since 0.1.0 @category models */
export type ApiKeySecret = z.infer<typeof ApiKeySecret>

/**
 * An API key as stored and listed (never with its secret).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { ApiKey } from "@zaitaku/core"
 *
 * ApiKey.shape.prefix // the first characters of the secret, to tell keys apart
 * ```
 */
export const ApiKey = z.object({
  id: ApiKeyId,
  tenantId: TenantId,
  role: Role,
  label: z.string().max(200),
  /** The first 7 characters of the secret, shown in listings so that people can tell keys apart. */
  prefix: z.string(),
  /**
   * 担当する資源 (own entries): for a provider key, the directory entries it may attest and propose changes to; for a
   * hospital-staff or care-manager key, its organisation, whose coordination cases it works on.
   */
  resources: z.array(ResourceId),
  createdAt: z.iso.datetime({ offset: true }),
  /** 有効期限: after this instant the key no longer authenticates (`null`: no expiry). */
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
  revokedAt: z.iso.datetime({ offset: true }).nullable(),
})
/** @since 0.1.0 @category models */
export type ApiKey = z.infer<typeof ApiKey>

/** The roles whose keys name the directory entries (organisations) their holders act for. */
const rolesWithResources: ReadonlyArray<Role> = ["provider", "hospital_staff", "care_manager"]

/**
 * Input to create an API key in the current actor's tenant. A provider (事業所) key names the directory entries it
 * speaks for (`resources`, 1–100, no duplicates). Hospital staff and care manager keys may name the organisations
 * (directory entries: a hospital, a 居宅介護支援事業所) their holders work for: sheets are sent from and to them,
 * and such a key works on those organisations' coordination cases; administrators, coordinators and viewers act for
 * the whole tenant and take none. `expiresAt` limits the key in time
 * (for example, a key sent to an office for the yearly check of its entry).
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import { NewApiKey } from "@zaitaku/core"
 *
 * NewApiKey.parse({ role: "care_manager", label: "居宅介護支援事業所A" })
 * NewApiKey.parse({
 *   role: "provider",
 *   label: "八戸訪問看護ステーション",
 *   resources: ["0192f5a0-0000-7000-8000-000000000001"],
 *   expiresAt: "2026-03-31T23:59:59+09:00",
 * })
 * ```
 */
export const NewApiKey = z
  .object({
    role: Role,
    label: z.string().trim().max(200).default(""),
    resources: z.array(ResourceId).min(1).max(100).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.role === "provider" && input.resources === undefined) {
      addLocalizedIssue(
        ctx,
        ["resources"],
        "事業所のキーには、その事業所が更新できる資源（resources）を1件以上指定してください",
        "A provider key needs the directory entries it speaks for (resources: 1 or more)",
        "resources_required",
      )
    }
    if (!rolesWithResources.includes(input.role) && input.resources !== undefined) {
      addLocalizedIssue(
        ctx,
        ["resources"],
        "resources は事業所・病院職員・ケアマネジャーのキーにだけ指定できます。他の役割はテナント全体が対象です",
        "resources is only for provider, hospital_staff and care_manager keys; other roles act for the whole tenant",
        "resources_not_allowed",
      )
    }
    if (input.resources !== undefined && new Set(input.resources).size !== input.resources.length) {
      addLocalizedIssue(ctx, ["resources"], "同じ資源が重複しています", "An entry is listed twice", "duplicate")
    }
  })
/** @since 0.1.0 @category models */
export type NewApiKey = z.input<typeof NewApiKey>

/**
 * Decodes a create-key input as every adapter must: the shape and role rules of {@link NewApiKey}, and an
 * `expiresAt` that lies after `now` (`expires_in_past`), as a {@link ValidationError} with field paths.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { decodeNewApiKey } from "@zaitaku/core"
 *
 * Effect.runSync(Effect.exit(decodeNewApiKey({ role: "provider" }, new Date()))) // fails: resources required
 * ```
 */
export const decodeNewApiKey = (
  input: NewApiKey,
  now: Date,
): Effect.Effect<z.infer<typeof NewApiKey>, ValidationError> =>
  Effect.flatMap(decode(NewApiKey, "api_key")(input), (parsed) =>
    parsed.expiresAt !== undefined && Date.parse(parsed.expiresAt) <= now.getTime()
      ? Effect.fail(
          new ValidationError({
            subject: "api_key",
            issues: [
              {
                path: ["expiresAt"],
                code: "expires_in_past",
                message: {
                  ja: `有効期限（${parsed.expiresAt}）が過去の日時です。これから先の日時を指定してください`,
                  en: `expiresAt (${parsed.expiresAt}) is not in the future`,
                },
              },
            ],
          }),
        )
      : Effect.succeed(parsed),
  )

/**
 * Whether a key authenticates at an instant: not revoked and not expired.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { isKeyActive, type ApiKey } from "@zaitaku/core"
 *
 * declare const key: ApiKey
 * isKeyActive(key, new Date())
 * ```
 */
export const isKeyActive = (key: Pick<ApiKey, "revokedAt" | "expiresAt">, at: Date): boolean =>
  key.revokedAt === null && (key.expiresAt === null || Date.parse(key.expiresAt) > at.getTime())

const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "")

/**
 * A new random secret, `zk_` + 256 bits in base64url, from the platform's cryptographic random source.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { generateApiKeySecret } from "@zaitaku/core"
 *
 * Effect.runSync(generateApiKeySecret).startsWith("zk_") // true
 * ```
 */
export const generateApiKeySecret: Effect.Effect<ApiKeySecret> = Effect.sync(() =>
  ApiKeySecret.parse(`zk_${base64Url(globalThis.crypto.getRandomValues(new Uint8Array(32)))}`),
)

/**
 * The stored form of a secret: SHA-256, hex. API key secrets carry 256 bits of entropy, so a fast hash is the
 * right tool (a slow password hash would only slow every request).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ApiKeySecret, hashApiKeySecret } from "@zaitaku/core"
 *
 * Effect.runPromise(hashApiKeySecret(ApiKeySecret.parse("zk_0123456789abcdefghijklmnop")))
 * ```
 */
export const hashApiKeySecret = (secret: ApiKeySecret | string): Effect.Effect<string> => sha256Hex(secret)

/**
 * A newly created key together with its secret, which is shown only this once.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { CreatedApiKey } from "@zaitaku/core"
 *
 * declare const created: CreatedApiKey
 * created.secret
 * ```
 */
export interface CreatedApiKey {
  readonly key: ApiKey
  readonly secret: ApiKeySecret
}

/**
 * The audit event every adapter records, in the same transaction, when a key is created or revoked.
 *
 * @since 0.1.0
 * @category audit
 * @example
 * ```ts
 * import { apiKeyAuditEvent, type ApiKey } from "@zaitaku/core"
 *
 * declare const key: ApiKey
 * apiKeyAuditEvent("api_key.revoke", key).target // { type: "api_key", id: key.id }
 * ```
 */
export const apiKeyAuditEvent = (action: "api_key.create" | "api_key.revoke", key: ApiKey) => ({
  action,
  target: { type: "api_key", id: key.id },
  details: {
    role: key.role,
    label: key.label,
    prefix: key.prefix,
    ...(key.resources.length === 0 ? {} : { resources: [...key.resources] }),
    ...(key.expiresAt === null ? {} : { expiresAt: key.expiresAt }),
  },
})

/**
 * The `ApiKeyStore` port. Creating and revoking a key are recorded in the {@link AuditLog} by the store itself,
 * atomically with the change. `authenticate` is a system operation (it runs before the tenant is known) and looks
 * keys up by hash only; the other methods act within the current {@link Actor}'s tenant.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ApiKeyStore } from "@zaitaku/core"
 *
 * const keys = Effect.flatMap(Effect.service(ApiKeyStore), (store) => store.list)
 * ```
 */
export class ApiKeyStore extends Context.Service<
  ApiKeyStore,
  {
    /** Creates a key; with `secret`, uses that value instead of a random one (demo set-up, scripts). */
    create(input: NewApiKey, secret?: ApiKeySecret): Effect.Effect<CreatedApiKey, ValidationError | StoreError, Actor>
    readonly list: Effect.Effect<ReadonlyArray<ApiKey>, StoreError, Actor>
    revoke(id: ApiKeyId): Effect.Effect<ApiKey, NotFound | StoreError, Actor>
    /** The active (not revoked, not expired: {@link isKeyActive} at the `Clock`'s now) key whose secret hashes to `secretHash`, if any. */
    authenticate(secretHash: string): Effect.Effect<Option.Option<ApiKey>, StoreError>
  }
>()("@zaitaku/core/ApiKeyStore") {
  /**
   * In-memory key store (reference behaviour for the contract suite).
   *
   * @since 0.1.0
   */
  static readonly layerMemory: Layer.Layer<ApiKeyStore, never, IdGenerator | AuditLog> = Layer.effect(
    ApiKeyStore,
    Effect.gen(function* () {
      const ids = yield* IdGenerator
      const audit = yield* AuditLog
      const state = yield* Ref.make(new Map<string, { key: ApiKey; hash: string }>())
      const now = Effect.map(Clock.currentTimeMillis, (millis) => new Date(millis).toISOString())

      const create = (input: NewApiKey, secret?: ApiKeySecret) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const createdAt = yield* now
          const parsed = yield* decodeNewApiKey(input, new Date(createdAt))
          const value = secret ?? (yield* generateApiKeySecret)
          const key: ApiKey = {
            id: ApiKeyId.parse(yield* ids.next),
            tenantId: actor.tenantId,
            role: parsed.role,
            label: parsed.label,
            prefix: value.slice(0, 7),
            resources: parsed.resources ?? [],
            createdAt,
            expiresAt: parsed.expiresAt === undefined ? null : new Date(parsed.expiresAt).toISOString(),
            revokedAt: null,
          }
          const hash = yield* hashApiKeySecret(value)
          yield* Ref.update(state, (map) => new Map(map).set(key.id, { key, hash }))
          yield* audit.append(apiKeyAuditEvent("api_key.create", key))
          return { key, secret: value }
        })

      const list = Effect.gen(function* () {
        const actor = yield* Actor
        return [...(yield* Ref.get(state)).values()]
          .map((row) => row.key)
          .filter((key) => key.tenantId === actor.tenantId)
          .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))
      })

      const revoke = (id: ApiKeyId) =>
        Effect.gen(function* () {
          const actor = yield* Actor
          const row = (yield* Ref.get(state)).get(id)
          if (row === undefined || row.key.tenantId !== actor.tenantId) {
            return yield* Effect.fail(new NotFound({ entity: "api_key", id }))
          }
          if (row.key.revokedAt !== null) return row.key
          const key = { ...row.key, revokedAt: yield* now }
          yield* Ref.update(state, (map) => new Map(map).set(id, { key, hash: row.hash }))
          yield* audit.append(apiKeyAuditEvent("api_key.revoke", key))
          return key
        })

      const authenticate = (secretHash: string) =>
        Effect.gen(function* () {
          const at = new Date(yield* Clock.currentTimeMillis)
          const map = yield* Ref.get(state)
          return Option.fromNullishOr(
            [...map.values()].find((row) => row.hash === secretHash && isKeyActive(row.key, at))?.key,
          )
        })

      return ApiKeyStore.of({ create, list, revoke, authenticate })
    }),
  )
}
