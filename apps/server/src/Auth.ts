/**
 * 認証 (authentication): `Authorization: Bearer <API key>` → the request's {@link Principal}.
 *
 * @since 0.1.0
 */
import {
  type ApiKey,
  ApiKeySecret,
  ApiKeyStore,
  Forbidden,
  hashApiKeySecret,
  hasPermission,
  type Permission,
  type Principal,
  type StoreError,
  Unauthenticated,
} from "@zaitaku/core"
import { Effect, Option } from "effect"
import type { MiddlewareHandler } from "hono"
import type { AppRuntime } from "./AppLayer.js"
import { type AppEnv, runEffect } from "./Handler.js"

const bearer = /^Bearer[ \t]+([^ \t]+)[ \t]*$/i

/**
 * The principal an API key stands for: its tenant, its role, the key itself as the subject, and the directory
 * entries it speaks for (a provider key always names some; a hospital-staff or care-manager key may name its
 * organisation).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import type { ApiKey } from "@zaitaku/core"
 * import { principalOfKey } from "@zaitaku/server"
 *
 * declare const key: ApiKey
 * principalOfKey(key).subject.kind // "api_key"
 * ```
 */
export const principalOfKey = (key: ApiKey): Principal => ({
  tenantId: key.tenantId,
  role: key.role,
  subject: key.label.length > 0 ? { kind: "api_key", id: key.id, label: key.label } : { kind: "api_key", id: key.id },
  ...(key.role === "provider" || key.resources.length > 0 ? { resources: [...key.resources] } : {}),
})

/**
 * Authenticates the value of an `Authorization` header. Fails with {@link Unauthenticated} when the header is
 * missing (`missing`), is not a bearer credential or not a well-formed key (`malformed`), or names no active key
 * (`unknown` — an unknown, a revoked and an expired key look the same, and so does a key of any other tenant).
 *
 * @since 0.1.0
 * @category authentication
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { authenticate } from "@zaitaku/server"
 *
 * const principal = authenticate("Bearer zk_0123456789abcdefghijklmnopq")
 * ```
 */
export const authenticate = Effect.fn("Auth.authenticate")(function* (
  header: string | undefined,
): Effect.fn.Return<Principal, Unauthenticated | StoreError, ApiKeyStore> {
  if (header === undefined || header.trim() === "") return yield* new Unauthenticated({ reason: "missing" })
  const match = bearer.exec(header)
  const candidate = match?.[1]
  if (candidate === undefined) return yield* new Unauthenticated({ reason: "malformed" })
  const secret = ApiKeySecret.safeParse(candidate)
  if (!secret.success) return yield* new Unauthenticated({ reason: "malformed" })
  const keys = yield* ApiKeyStore
  const found = yield* keys.authenticate(yield* hashApiKeySecret(secret.data))
  if (Option.isNone(found)) return yield* new Unauthenticated({ reason: "unknown" })
  return principalOfKey(found.value)
})

/**
 * Hono middleware of protected routes: authenticates the request, sets its `principal` and, when a permission is
 * given, checks the role holds it. Failures are thrown and become a 401 or 403 problem in the app's error handler.
 *
 * @since 0.1.0
 * @category authentication
 * @example
 * ```ts
 * import { requireAuth, type AppRuntime } from "@zaitaku/server"
 *
 * declare const runtime: AppRuntime
 * const middleware = requireAuth(runtime)
 * ```
 */
export const requireAuth =
  (runtime: AppRuntime, permission?: Permission): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const principal = await runEffect(runtime, authenticate(c.req.header("authorization")))
    c.set("principal", principal)
    // Checked before the request is validated, so a caller without the permission learns nothing about the
    // route's input. The handlers check again: the domain functions stay safe to call from anywhere.
    if (permission !== undefined && !hasPermission(principal.role, permission)) {
      throw new Forbidden({ permission, role: principal.role })
    }
    await next()
  }
