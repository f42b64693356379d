/**
 * The bridge between Hono handlers and Effect: run an effect on the process runtime, as the request's principal,
 * and turn a failure into a thrown {@link EffectFailure} that the app's error handler maps to problem details.
 *
 * @since 0.1.0
 */
import type { ServerResponse } from "node:http"
import type { OpenAPIHono } from "@hono/zod-openapi"
import { Actor, type Principal, Unauthenticated } from "@zaitaku/core"
import { Cause, Effect, Exit, Option } from "effect"
import type { Context } from "hono"
import type { AppRuntime, AppServices } from "./AppLayer.js"
import type { Logger } from "./Log.js"

/**
 * Hono's environment of the app: per-request variables.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { Context } from "hono"
 * import type { AppEnv } from "@zaitaku/server"
 *
 * const requestIdOf = (c: Context<AppEnv>) => c.get("requestId")
 * ```
 */
export interface AppEnv {
  /** Set by `@hono/node-server` when served over HTTP; absent in `app.request()`. */
  readonly Bindings: { readonly outgoing?: ServerResponse }
  readonly Variables: {
    /** The request id (from a safe `X-Request-Id`, or generated). */
    requestId: string
    /** The authenticated principal, set by the auth middleware on protected routes. */
    principal: Principal | undefined
  }
}

const safeRequestId = /^[A-Za-z0-9._-]{1,128}$/

/**
 * The request id of a request: its `X-Request-Id` if that is safe to echo and log (1–128 characters of
 * `A–Z a–z 0–9 . _ -`), otherwise a new UUID.
 *
 * @since 0.1.0
 * @category request ids
 * @example
 * ```ts
 * import { requestIdOf } from "@zaitaku/server"
 *
 * requestIdOf("abc-123") // "abc-123"
 * requestIdOf("<script>") // a new UUID
 * ```
 */
export const requestIdOf = (header: string | ReadonlyArray<string> | undefined): string =>
  typeof header === "string" && safeRequestId.test(header) ? header : crypto.randomUUID()

/**
 * What route modules need: the runtime to run effects on and the logger.
 *
 * @since 0.1.0
 * @category models
 * @example
 * ```ts
 * import type { RouteDeps } from "@zaitaku/server"
 *
 * declare const deps: RouteDeps
 * deps.runtime
 * ```
 */
export interface RouteDeps {
  readonly runtime: AppRuntime
  readonly logger: Logger
}

/**
 * The app type every route module registers on.
 *
 * @since 0.1.0
 * @category models
 */
export type App = OpenAPIHono<AppEnv>

/**
 * An effect failed (or died) while serving a request. Thrown out of handlers; the app's error handler maps the
 * failure with `toProblem`.
 *
 * @since 0.1.0
 * @category errors
 * @example
 * ```ts
 * import { Cause } from "effect"
 * import { EffectFailure } from "@zaitaku/server"
 *
 * new EffectFailure(Cause.fail("boom")).error // "boom"
 * ```
 */
export class EffectFailure extends Error {
  /** The expected error if the effect failed with one; otherwise the defect (or the whole cause). */
  readonly error: unknown
  constructor(override readonly cause: Cause.Cause<unknown>) {
    super("Effect failed")
    this.name = "EffectFailure"
    this.error = Option.getOrElse(Cause.findErrorOption(cause), () => Cause.squash(cause))
  }
}

/**
 * Runs an effect on the runtime and resolves with its value; a failure is thrown as an {@link EffectFailure}.
 * The effect runs to completion even if the client goes away, so that a write is never cut short.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { runEffect, type AppRuntime } from "@zaitaku/server"
 *
 * declare const runtime: AppRuntime
 * const value = runEffect(runtime, Effect.succeed(1))
 * ```
 */
export const runEffect = async <A, E>(runtime: AppRuntime, effect: Effect.Effect<A, E, AppServices>): Promise<A> => {
  const exit = await runtime.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return exit.value
  throw new EffectFailure(exit.cause)
}

/**
 * Runs an effect as the request's principal (`Actor`). Fails with `Unauthenticated` if the route has no
 * principal, which would be a wiring mistake: protected routes always run the auth middleware first.
 *
 * @since 0.1.0
 * @category running
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Actor } from "@zaitaku/core"
 * import { runAsPrincipal, type AppEnv, type AppRuntime } from "@zaitaku/server"
 * import type { Context } from "hono"
 *
 * declare const c: Context<AppEnv>
 * declare const runtime: AppRuntime
 * const role = runAsPrincipal(c, runtime, Effect.map(Effect.service(Actor), (actor) => actor.role))
 * ```
 */
export const runAsPrincipal = <A, E>(
  c: Context<AppEnv>,
  runtime: AppRuntime,
  effect: Effect.Effect<A, E, AppServices | Actor>,
): Promise<A> => {
  const principal = c.get("principal")
  const program: Effect.Effect<A, E | Unauthenticated, AppServices> =
    principal === undefined
      ? Effect.fail(new Unauthenticated({ reason: "missing" }))
      : Effect.provideService(effect, Actor, principal)
  return runEffect(runtime, program)
}
