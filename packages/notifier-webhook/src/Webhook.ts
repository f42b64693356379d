/**
 * Webhook notifier (Webフック通知): the `Notifier` port of `@zaitaku/core` as an HTTP POST of the notification as JSON
 * to a receiver's URL, signed with HMAC-SHA256 over the timestamp and the body, and retried with exponential backoff
 * when the receiver cannot be reached or answers 408, 429 or 5xx.
 *
 * Each request carries:
 * - `X-Zaitaku-Delivery`: the notification's delivery id — the same on every attempt and every retry of one
 *   obligation transition, so that a receiver can drop repeats;
 * - `X-Zaitaku-Timestamp`: seconds since 1970 when the attempt was signed;
 * - `X-Zaitaku-Signature`: `sha256=` and the hex HMAC-SHA256, keyed by the shared secret, of
 *   `<timestamp>.<body>` ({@link signWebhook}); receivers check it with {@link verifyWebhook}.
 *
 * Uses only `fetch` and Web Crypto, so it runs in Node ≥ 20, Deno, Bun and workers alike.
 *
 * @since 0.1.0
 */
import { NotificationFailed, Notifier, type ObligationNotification } from "@zaitaku/core"
import { Clock, Effect, Layer, Schedule } from "effect"

/**
 * Header names of a delivery.
 *
 * @since 0.1.0
 * @category constants
 * @example
 * ```ts
 * import { webhookHeaders } from "@zaitaku/notifier-webhook"
 *
 * webhookHeaders.signature // "X-Zaitaku-Signature"
 * ```
 */
export const webhookHeaders = {
  delivery: "X-Zaitaku-Delivery",
  timestamp: "X-Zaitaku-Timestamp",
  signature: "X-Zaitaku-Signature",
} as const

/**
 * Options of the webhook notifier.
 *
 * @since 0.1.0
 * @category models
 */
export interface WebhookOptions {
  /** The receiver (https in production). */
  readonly url: string | URL
  /** The shared secret the signature is keyed by: at least 16 characters. */
  readonly secret: string
  /** How long one attempt may take, in milliseconds (default 10 000). */
  readonly timeoutMillis?: number
  /** Attempts in all, the first included (default 4). */
  readonly attempts?: number
  /** The first wait before a retry, doubled each time up to 30 s (default 1 000 ms). */
  readonly backoffMillis?: number
  /** Extra headers (for example an `Authorization` the receiver wants). */
  readonly headers?: Readonly<Record<string, string>>
  /** The `fetch` to use (default: the global one). */
  readonly fetch?: typeof globalThis.fetch
}

const encoder = new TextEncoder()

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, "0")).join("")

/**
 * 署名 (sign) a delivery: `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>` keyed by the secret.
 *
 * @since 0.1.0
 * @category signatures
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { signWebhook } from "@zaitaku/notifier-webhook"
 *
 * Effect.runPromise(signWebhook("a-shared-secret-1234", "1720780200", '{"id":"x"}')) // "sha256=…"
 * ```
 */
export const signWebhook = (secret: string, timestamp: string, body: string): Effect.Effect<string> =>
  Effect.promise(async () => {
    const key = await globalThis.crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    )
    return `sha256=${hex(await globalThis.crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}.${body}`)))}`
  })

/**
 * 署名の検証 (verify) a delivery as a receiver: the signature must match the body and the timestamp, and the
 * timestamp be within `toleranceSeconds` (default 300) of `now`, so that a captured request cannot be replayed later.
 * Compares in constant time.
 *
 * @since 0.1.0
 * @category signatures
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { verifyWebhook } from "@zaitaku/notifier-webhook"
 *
 * declare const request: { headers: Headers; body: string }
 * Effect.runPromise(
 *   verifyWebhook("a-shared-secret-1234", {
 *     timestamp: request.headers.get("X-Zaitaku-Timestamp"),
 *     signature: request.headers.get("X-Zaitaku-Signature"),
 *     body: request.body,
 *   }),
 * )
 * ```
 */
export const verifyWebhook = (
  secret: string,
  delivery: { readonly timestamp: string | null; readonly signature: string | null; readonly body: string },
  options: { readonly now?: Date; readonly toleranceSeconds?: number } = {},
): Effect.Effect<boolean> =>
  Effect.gen(function* () {
    const { timestamp, signature, body } = delivery
    if (timestamp === null || signature === null || !/^[0-9]{1,12}$/.test(timestamp)) return false
    const now = options.now?.getTime() ?? (yield* Clock.currentTimeMillis)
    if (Math.abs(now / 1000 - Number(timestamp)) > (options.toleranceSeconds ?? 300)) return false
    const expected = yield* signWebhook(secret, timestamp, body)
    if (expected.length !== signature.length) return false
    let difference = 0
    for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ signature.charCodeAt(i)
    return difference === 0
  })

const describeCause = (cause: unknown): string =>
  cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)

/**
 * The webhook notifier (the port's service), for callers that build their own layers.
 *
 * @since 0.1.0
 * @category constructors
 * @example
 * ```ts
 * import { makeWebhookNotifier } from "@zaitaku/notifier-webhook"
 *
 * const notifier = makeWebhookNotifier({ url: "https://example.org/hooks/zaitaku", secret: "a-shared-secret-1234" })
 * ```
 */
export const makeWebhookNotifier = (options: WebhookOptions): Notifier["Service"] => {
  if (options.secret.length < 16) throw new TypeError("The webhook secret must be at least 16 characters long")
  const url = new URL(options.url)
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`The webhook URL must be http(s), not ${url.protocol}`)
  }
  const send = options.fetch ?? globalThis.fetch
  const timeoutMillis = options.timeoutMillis ?? 10_000
  const attempts = Math.max(1, options.attempts ?? 4)
  const schedule = Schedule.min([
    Schedule.exponential(`${options.backoffMillis ?? 1000} millis`),
    Schedule.spaced("30 seconds"),
  ]).pipe(
    Schedule.upTo({ times: attempts - 1 }),
    Schedule.setInputType<NotificationFailed>(),
    Schedule.while(({ input }) => input.retryable),
  )

  const attempt = (notification: ObligationNotification, body: string) =>
    Effect.gen(function* () {
      const timestamp = String(Math.floor((yield* Clock.currentTimeMillis) / 1000))
      const signature = yield* signWebhook(options.secret, timestamp, body)
      const response = yield* Effect.tryPromise({
        try: async () => {
          const answer = await send(url, {
            method: "POST",
            headers: {
              ...options.headers,
              "Content-Type": "application/json",
              "User-Agent": "zaitaku-notifier-webhook",
              [webhookHeaders.delivery]: notification.id,
              [webhookHeaders.timestamp]: timestamp,
              [webhookHeaders.signature]: signature,
            },
            body,
            redirect: "error",
            signal: AbortSignal.timeout(timeoutMillis),
          })
          // read the answer to the end, so that the connection can be reused
          await answer.arrayBuffer().catch(() => undefined)
          return answer
        },
        catch: (cause) =>
          new NotificationFailed({ reason: `unreachable: ${describeCause(cause)}`, retryable: true, cause }),
      })
      if (response.ok) return
      const retryable = response.status === 408 || response.status === 429 || response.status >= 500
      return yield* new NotificationFailed({ reason: `HTTP ${response.status}`, retryable })
    })

  return Notifier.of({
    notify: (notification) => {
      const body = JSON.stringify(notification)
      return attempt(notification, body).pipe(Effect.retry(schedule))
    },
  })
}

/**
 * The webhook notifier as a layer of the `Notifier` port.
 *
 * @since 0.1.0
 * @category layers
 * @example
 * ```ts
 * import { layerWebhook } from "@zaitaku/notifier-webhook"
 *
 * const NotifierLayer = layerWebhook({ url: "https://example.org/hooks/zaitaku", secret: "a-shared-secret-1234" })
 * ```
 */
export const layerWebhook = (options: WebhookOptions): Layer.Layer<Notifier> =>
  Layer.sync(Notifier, () => makeWebhookNotifier(options))
