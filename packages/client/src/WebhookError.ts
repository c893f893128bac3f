/**
 * Why the webhook receiver refused a delivery, one tagged class per reason, each with the HTTP status the handlers
 * answer. Only a 429 makes HighLevel deliver again (`WebhookQueueFull`, `ReplayStoreError`); every other refusal is
 * final for HighLevel, as it should be for a forged, replayed or broken delivery.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import type { ReplayStoreError } from "./WebhookReplayStore.js"

/**
 * No signature header, a signature that is not 64 bytes of strict base64, or one that does not match the body. 401.
 *
 * @since 0.2.0
 * @category errors
 */
export class WebhookSignatureError extends Schema.TaggedError<WebhookSignatureError>(
  "@highlevel-effect/client/WebhookSignatureError"
)("WebhookSignatureError", {
  reason: Schema.Literal("missing", "malformed", "mismatch"),
  /** The header that was checked (`x-ghl-signature`, or `x-wh-signature` when the legacy RSA check is on). */
  header: Schema.String
}) {
  /** @since 0.2.0 */
  readonly status = 401
  override get message(): string {
    return `webhook signature ${this.reason} (${this.header})`
  }
}

/**
 * The body is larger than the receiver's cap; it was not read past the cap. 413.
 *
 * @since 0.2.0
 * @category errors
 */
export class WebhookTooLarge extends Schema.TaggedError<WebhookTooLarge>(
  "@highlevel-effect/client/WebhookTooLarge"
)("WebhookTooLarge", { maxBytes: Schema.Number }) {
  /** @since 0.2.0 */
  readonly status = 413
  override get message(): string {
    return `webhook body over ${this.maxBytes} bytes`
  }
}

/**
 * The body is signed but is not an event: not UTF-8 JSON, not an object, no `type`, a known event missing a required
 * field, or (with replay protection on) no `webhookId` or `timestamp`. 400.
 *
 * @since 0.2.0
 * @category errors
 */
export class WebhookInvalidEvent extends Schema.TaggedError<WebhookInvalidEvent>(
  "@highlevel-effect/client/WebhookInvalidEvent"
)("WebhookInvalidEvent", { issues: Schema.Array(Schema.String) }) {
  /** @since 0.2.0 */
  readonly status = 400
  override get message(): string {
    return `not a valid webhook event: ${this.issues.join("; ")}`
  }
}

/**
 * The event's `timestamp` is further from the receiver's clock than the window allows: `stale` (older) or `future`.
 * A correctly signed old delivery is the shape of a replay. 401.
 *
 * @since 0.2.0
 * @category errors
 */
export class WebhookStale extends Schema.TaggedError<WebhookStale>(
  "@highlevel-effect/client/WebhookStale"
)("WebhookStale", {
  reason: Schema.Literal("stale", "future"),
  /** The event's timestamp and the receiver's clock, epoch ms. */
  timestamp: Schema.Number,
  now: Schema.Number
}) {
  /** @since 0.2.0 */
  readonly status = 401
  override get message(): string {
    return `webhook timestamp ${this.reason}: ${Math.abs(this.now - this.timestamp)} ms from now`
  }
}

/**
 * A `webhookId` the receiver already accepted within the window: a replay or a duplicate delivery. 409.
 *
 * @since 0.2.0
 * @category errors
 */
export class WebhookReplayed extends Schema.TaggedError<WebhookReplayed>(
  "@highlevel-effect/client/WebhookReplayed"
)("WebhookReplayed", { webhookId: Schema.String }) {
  /** @since 0.2.0 */
  readonly status = 409
  override get message(): string {
    return `webhook ${this.webhookId} already received`
  }
}

/**
 * The app's queue of verified events is full. 429, so HighLevel retries the delivery later instead of losing it.
 *
 * @since 0.2.0
 * @category errors
 */
export class WebhookQueueFull extends Schema.TaggedError<WebhookQueueFull>(
  "@highlevel-effect/client/WebhookQueueFull"
)("WebhookQueueFull", { capacity: Schema.Number }) {
  /** @since 0.2.0 */
  readonly status = 429
  override get message(): string {
    return `webhook queue full (${this.capacity} events waiting)`
  }
}

/**
 * A receiver option that cannot be used: a public key that does not parse as the right kind of key, a size that is
 * not a positive integer. Fails the receiver's layer, before any request is served.
 *
 * @since 0.2.0
 * @category errors
 */
export class WebhookOptionsError extends Schema.TaggedError<WebhookOptionsError>(
  "@highlevel-effect/client/WebhookOptionsError"
)("WebhookOptionsError", { field: Schema.String, reason: Schema.String }) {
  override get message(): string {
    return `webhook receiver option ${this.field}: ${this.reason}`
  }
}

/**
 * Every reason a delivery is refused.
 *
 * @since 0.2.0
 * @category errors
 */
export type WebhookRejection =
  | WebhookSignatureError
  | WebhookTooLarge
  | WebhookInvalidEvent
  | WebhookStale
  | WebhookReplayed
  | WebhookQueueFull
  | ReplayStoreError

/**
 * The HTTP status the handlers answer for a refusal (a store failure is a 429: try again later).
 *
 * @since 0.2.0
 * @category errors
 */
export const statusOf = (rejection: WebhookRejection): number =>
  rejection._tag === "ReplayStoreError" ? 429 : rejection.status
