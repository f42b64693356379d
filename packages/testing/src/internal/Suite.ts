import { Actor, type Principal } from "@zaitaku/core"
import { Clock, Effect, type Layer, ManagedRuntime } from "effect"
import { afterAll, beforeAll } from "vitest"

/** A layer, or a function that makes one (possibly async, e.g. after loading a database template). */
export type SourceOf<R> = Layer.Layer<R, unknown> | (() => Promise<Layer.Layer<R, unknown>>)

/** Builds the implementation under test once per suite (beforeAll) and disposes it afterwards. */
export const useRuntime = <R>(source: SourceOf<R>) => {
  let runtime: ManagedRuntime.ManagedRuntime<R, unknown> | undefined
  beforeAll(async () => {
    const layer = typeof source === "function" ? await source() : source
    runtime = ManagedRuntime.make(layer)
    await runtime.runPromise(Effect.void)
  })
  afterAll(async () => {
    await runtime?.dispose()
  })
  return {
    run: <A, E>(effect: Effect.Effect<A, E, R>): Promise<A> => runtime!.runPromise(effect),
    exit: <A, E>(effect: Effect.Effect<A, E, R>) => runtime!.runPromiseExit(effect),
  }
}

/** Runs an effect as the given principal. */
export const as =
  (principal: Principal) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.provideService(effect, Actor, principal)

/** Runs an effect with the `Clock` stopped at an instant (for expiry rules, without waiting). */
export const atTime =
  (millis: number) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.provideService(effect, Clock.Clock, {
      currentTimeMillisUnsafe: () => millis,
      currentTimeMillis: Effect.succeed(millis),
      currentTimeNanosUnsafe: () => BigInt(millis) * 1_000_000n,
      currentTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
      monotonicTimeNanosUnsafe: () => BigInt(millis) * 1_000_000n,
      monotonicTimeNanos: Effect.succeed(BigInt(millis) * 1_000_000n),
      sleep: () => Effect.void,
    })
