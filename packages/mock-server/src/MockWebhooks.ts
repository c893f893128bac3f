/**
 * The mock's webhooks, as data: subscriptions (a URL, optionally one location and a list of event types), delivery
 * faults, and the delivery log. The mock signs every delivery with an Ed25519 key pair derived from its seed (so the
 * key is the same on every run with the same seed), and delivers like HighLevel: a 429 is retried up to 6 times about
 * 10 minutes apart (with jitter; `timeScale` shrinks the wait for tests), any other failure drops the event.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"

/**
 * The event types the mock emits.
 *
 * @since 0.2.0
 * @category constants
 */
export const eventTypes = ["InboundMessage", "OutboundMessage", "ConversationUnreadUpdate"] as const

/**
 * What a subscriber asks for: every event of every location unless narrowed.
 *
 * @since 0.2.0
 * @category models
 */
export const SubscriptionInput = Schema.Struct({
  url: Schema.String.pipe(Schema.filter((url) => URL.canParse(url) || "expected an absolute http(s) URL")),
  /** Only this location's events (default: every location). */
  locationId: Schema.optional(Schema.String),
  /** Only these event types (default: all). */
  events: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.2.0
 * @category models
 */
export type SubscriptionInput = typeof SubscriptionInput.Type

/**
 * A subscription, with the id the control API gives it.
 *
 * @since 0.2.0
 * @category models
 */
export interface Subscription extends SubscriptionInput {
  readonly id: string
}

/**
 * A delivery fault, applied to the next `times` events (every event while set, if `times` is absent):
 * `duplicate` sends the event twice (same `webhookId`), `delay` holds it `delayMs` before the first attempt,
 * `outOfOrder` holds it until the next event was answered (or `delayMs`, default 1000, passed), `drop` never sends it.
 *
 * @since 0.2.0
 * @category models
 */
export const DeliveryFault = Schema.Struct({
  kind: Schema.Literal("duplicate", "delay", "outOfOrder", "drop"),
  times: Schema.optional(Schema.Int.pipe(Schema.positive())),
  delayMs: Schema.optional(Schema.Int.pipe(Schema.nonNegative()))
})

/**
 * @since 0.2.0
 * @category models
 */
export type DeliveryFault = typeof DeliveryFault.Type

/**
 * The body of `PUT /__mock/webhooks/faults`.
 *
 * @since 0.2.0
 * @category models
 */
export const DeliveryFaults = Schema.Struct({ faults: Schema.Array(DeliveryFault) })

/**
 * One attempt at delivering: when (mock wall clock, epoch ms) and the status, or the transport error.
 *
 * @since 0.2.0
 * @category models
 */
export interface DeliveryAttempt {
  readonly at: number
  readonly status?: number
  readonly error?: string
}

/**
 * One event sent (or not) to one subscription. `outcome`: `pending` (not sent yet, or a retry is waiting),
 * `delivered` (a 2xx), `failed` (another status or a transport error: dropped, as HighLevel does), `exhausted`
 * (429 on every attempt), `dropped` (a `drop` fault).
 *
 * @since 0.2.0
 * @category models
 */
export interface DeliveryEntry {
  readonly id: number
  readonly webhookId: string
  readonly subscriptionId: string
  readonly url: string
  readonly type: string
  readonly locationId: string
  readonly outcome: "pending" | "delivered" | "failed" | "exhausted" | "dropped"
  readonly attempts: ReadonlyArray<DeliveryAttempt>
  /** The fault applied to this delivery, if any. */
  readonly fault?: DeliveryFault["kind"]
}

/**
 * The body of `POST /__mock/inbound`: a contact sends a message. Name the conversation, or the contact (its
 * conversation is used, or created); `type` is the channel as the send API spells it (`SMS`, `Email`, `Live_Chat`,
 * `WhatsApp`, …).
 *
 * @since 0.2.0
 * @category models
 */
export const InboundInput = Schema.Struct({
  conversationId: Schema.optional(Schema.String),
  contactId: Schema.optional(Schema.String),
  /** With `contactId`: the location to look the contact up in (default: every location). */
  locationId: Schema.optional(Schema.String),
  type: Schema.String,
  body: Schema.String,
  /** For emails. */
  subject: Schema.optional(Schema.String)
})

/**
 * @since 0.2.0
 * @category models
 */
export type InboundInput = typeof InboundInput.Type

/**
 * The webhook settings of a mock.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** Subscribed at start to every event of every location (the CLI's `--webhook-url`). */
  readonly urls?: ReadonlyArray<string>
  /** Multiplies every delivery wait (the 10-minute retry gap); `0.0001` turns it into 60 ms. Default 1. */
  readonly timeScale?: number
}

/**
 * A mock's webhooks, as `HighLevelMock.make(...).webhooks` exposes them (the control API's `/__mock/webhooks/*` is
 * the same over HTTP).
 *
 * @since 0.2.0
 * @category models
 */
export interface Control {
  /** The verifying key, SPKI PEM (what `GET /__mock/webhooks/public-key` serves). */
  readonly publicKeyPem: string
  /** The same key, base64 of the DER SPKI bytes (what the CLI prints as `HIGHLEVEL_WEBHOOK_PUBLIC_KEY`). */
  readonly publicKeyBase64: string
  readonly subscribe: (input: SubscriptionInput) => Subscription
  readonly unsubscribe: (id: string) => boolean
  readonly subscriptions: () => ReadonlyArray<Subscription>
  /** Replaces the delivery faults (`[]` clears them). */
  readonly setFaults: (faults: ReadonlyArray<DeliveryFault>) => void
  /** The delivery log, oldest first (the latest 10,000 deliveries). */
  readonly deliveries: () => ReadonlyArray<DeliveryEntry>
  /** Resolves `true` once no delivery is in flight or waiting, `false` if `timeoutMs` passed first. */
  readonly idle: (timeoutMs: number) => Promise<boolean>
  /** Cancels waiting retries and aborts attempts in flight; the mock delivers nothing afterwards. */
  readonly close: () => void
}
