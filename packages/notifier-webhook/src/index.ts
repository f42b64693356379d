/**
 * `@zaitaku/notifier-webhook`: the `Notifier` port of `@zaitaku/core` over webhooks — signed JSON POSTs with
 * retries — for deadline notifications of 入退院支援 obligations.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * from "./Webhook.js"
