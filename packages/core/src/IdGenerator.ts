/**
 * The `IdGenerator` port: new ids for new entities.
 *
 * @since 0.1.0
 */
import { Clock, Context, Effect, Layer, Ref } from "effect"

const hex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("")

const formatUuid = (bytes: Uint8Array): string => {
  const h = hex(bytes)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`
}

/** The last id's timestamp and its 12-bit counter (`rand_a`). */
interface MonotonicState {
  readonly millis: number
  readonly counter: number
}

/**
 * The timestamp and counter of the next id after `last` (RFC 9562 §6.2, method 1, a 12-bit counter in `rand_a`): a
 * new millisecond starts the counter at a random value below 2048 (so at least 2048 ids fit in it); within the same
 * millisecond, or when the clock went back, the counter steps by one; when it overflows, the id takes the next
 * millisecond. So ids from one generator sort in the order they were made, as listings by (created, id) assume.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { nextMonotonic } from "@zaitaku/core"
 *
 * nextMonotonic({ millis: 10, counter: 5 }, 10, new Uint8Array(10)) // { millis: 10, counter: 6 }
 * ```
 */
export const nextMonotonic = (
  last: { readonly millis: number; readonly counter: number },
  now: number,
  random: Uint8Array,
): { readonly millis: number; readonly counter: number } => {
  const fresh = (((random[0] ?? 0) & 0x07) << 8) | (random[1] ?? 0)
  const millis = Math.max(0, Math.floor(now))
  if (millis > last.millis) return { millis, counter: fresh }
  if (last.counter < 0xfff) return { millis: last.millis, counter: last.counter + 1 }
  return { millis: last.millis + 1, counter: fresh }
}

/** The random bytes with the 12-bit counter in the place of `rand_a` (the low nibble of byte 0 and byte 1). */
const withCounter = (random: Uint8Array, counter: number): Uint8Array => {
  const bytes = Uint8Array.from(random)
  bytes[0] = (counter >> 8) & 0x0f
  bytes[1] = counter & 0xff
  return bytes
}

/**
 * Builds an RFC 9562 UUID version 7 from a millisecond timestamp and 10 random bytes (pure).
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { uuidV7 } from "@zaitaku/core"
 *
 * uuidV7(0x0192f5a01234, new Uint8Array(10)) // "0192f5a0-1234-7000-8000-000000000000"
 * ```
 */
export const uuidV7 = (millis: number, random: Uint8Array): string => {
  const bytes = new Uint8Array(16)
  let time = Math.max(0, Math.floor(millis))
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256
    time = Math.floor(time / 256)
  }
  bytes.set(random.subarray(0, 10), 6)
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f)
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f)
  return formatUuid(bytes)
}

/**
 * The `IdGenerator` port.
 *
 * @since 0.1.0
 * @category services
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { IdGenerator } from "@zaitaku/core"
 *
 * const program = Effect.flatMap(Effect.service(IdGenerator), (ids) => ids.next)
 * Effect.runSync(Effect.provide(program, IdGenerator.layerTest)) // "00000000-0000-7000-8000-000000000001"
 * ```
 */
export class IdGenerator extends Context.Service<
  IdGenerator,
  {
    /** A new unique id (a UUID string). */
    readonly next: Effect.Effect<string>
  }
>()("@zaitaku/core/IdGenerator") {
  /**
   * UUID version 7 ids from the `Clock` and the platform's cryptographic random source (Web Crypto, present in
   * browsers and Node ≥ 20): time-ordered, so B-tree indexes stay compact, and monotonic — ids made in the same
   * millisecond still sort in the order they were made ({@link nextMonotonic}).
   *
   * @since 0.1.0
   */
  static readonly layer: Layer.Layer<IdGenerator> = Layer.effect(
    IdGenerator,
    Effect.map(Ref.make<MonotonicState>({ millis: -1, counter: 0 }), (state) =>
      IdGenerator.of({
        next: Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Ref.modify(state, (last) => {
            const random = globalThis.crypto.getRandomValues(new Uint8Array(10))
            const next = nextMonotonic(last, now, random)
            return [uuidV7(next.millis, withCounter(random, next.counter)), next] as const
          }),
        ),
      }),
    ),
  )

  /**
   * Deterministic sequential ids (`00000000-0000-7000-8000-000000000001`, `…002`, …) for tests.
   *
   * @since 0.1.0
   */
  static readonly layerTest: Layer.Layer<IdGenerator> = Layer.effect(
    IdGenerator,
    Effect.map(Ref.make(0), (counter) =>
      IdGenerator.of({
        next: Effect.map(
          Ref.updateAndGet(counter, (n) => n + 1),
          (n) => `00000000-0000-7000-8000-${n.toString(16).padStart(12, "0")}`,
        ),
      }),
    ),
  )
}
