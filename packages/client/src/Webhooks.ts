/**
 * The receiving end of HighLevel's webhooks: a {@link WebhookReceiver} verifies each delivery's Ed25519 signature
 * (`X-GHL-Signature`) over the raw body bytes, decodes the event ({@link WebhookEvent}), refuses replays (a
 * `timestamp` outside the window, a `webhookId` already seen within it) and queues the event for the app, which reads
 * them as a `Stream`. It serves them as an `@effect/platform` `HttpApp` and as a framework-neutral
 * `(Request) => Promise<Response>`.
 *
 * A refused delivery never reaches the app: it is answered (401 signature, 400 not an event, 401 stale, 409 replayed,
 * 413 too large) and dropped. When the queue is full the answer is 429, the one status HighLevel retries on, so
 * back-pressure becomes a later delivery instead of a lost event.
 *
 * @since 0.2.0
 */
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type { KeyObject } from "node:crypto"
import { declaredTooLarge, readCapped } from "./internal/webhooks/body.js"
import { legacyRsaPublicKey, parsePublicKey, verifySignature } from "./internal/webhooks/signature.js"
import {
  statusOf,
  WebhookInvalidEvent,
  WebhookOptionsError,
  WebhookQueueFull,
  type WebhookRejection,
  WebhookReplayed,
  WebhookSignatureError,
  WebhookStale,
  WebhookTooLarge
} from "./WebhookError.js"
import * as WebhookEvent from "./WebhookEvent.js"
import { makeMemory, WebhookReplayStore } from "./WebhookReplayStore.js"

/**
 * The header of HighLevel's Ed25519 signature (base64).
 *
 * @since 0.2.0
 * @category constants
 */
export const signatureHeader = "x-ghl-signature"

/**
 * The header of the legacy RSA-SHA256 signature, deprecated on 2026-07-01 and read only when `legacyRsa` is on.
 *
 * @since 0.2.0
 * @category constants
 */
export const legacySignatureHeader = "x-wh-signature"

/**
 * The defaults: a 5-minute window (HighLevel's guide), 1 MiB bodies, 1024 queued events.
 *
 * @since 0.2.0
 * @category constants
 */
export const defaults = {
  tolerance: Duration.minutes(5),
  maxBodyBytes: 1024 * 1024,
  queueCapacity: 1024
} as const

/**
 * What a receiver can be told. Only `publicKey` is required.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /**
   * The Ed25519 public key the HighLevel marketplace shows for the app (the mock prints its own): PEM, base64 of the
   * DER SPKI key or of the raw 32-byte key, or the same in hex.
   */
  readonly publicKey: string
  /**
   * Also accept the legacy `x-wh-signature` (RSA-SHA256) when a delivery has no `x-ghl-signature`: `true` for the key
   * HighLevel's docs publish, or a PEM of your own. Off by default: HighLevel stopped sending it on 2026-07-01.
   */
  readonly legacyRsa?: boolean | string | undefined
  /** How far an event's `timestamp` may be from the receiver's clock, either way (default 5 minutes). */
  readonly tolerance?: Duration.DurationInput | undefined
  /**
   * `false` turns off the timestamp window and the `webhookId` check (then deliveries need neither field). On by
   * default; turn it off only behind something else that deduplicates.
   */
  readonly replayProtection?: boolean | undefined
  /** Bodies over this many bytes are refused with 413 without being read further (default 1 MiB). */
  readonly maxBodyBytes?: number | undefined
  /** How many verified events may wait for the app before deliveries get 429 (default 1024). */
  readonly queueCapacity?: number | undefined
}

/**
 * Reads the options from configuration, by default the environment:
 *
 * | variable | default |
 * | --- | --- |
 * | `HIGHLEVEL_WEBHOOK_PUBLIC_KEY` (or the official SDK's `WEBHOOK_SIGNATURE_PUBLIC_KEY`) | required |
 * | `HIGHLEVEL_WEBHOOK_LEGACY_RSA` | `false` |
 * | `HIGHLEVEL_WEBHOOK_TOLERANCE` | `5 minutes` |
 * | `HIGHLEVEL_WEBHOOK_MAX_BODY_BYTES` | `1048576` |
 * | `HIGHLEVEL_WEBHOOK_QUEUE_CAPACITY` | `1024` |
 *
 * @since 0.2.0
 * @category config
 */
export const fromEnv: Config.Config<Options> = Config.all({
  publicKey: Config.string("HIGHLEVEL_WEBHOOK_PUBLIC_KEY").pipe(
    Config.orElse(() => Config.string("WEBHOOK_SIGNATURE_PUBLIC_KEY"))
  ),
  legacyRsa: Config.boolean("HIGHLEVEL_WEBHOOK_LEGACY_RSA").pipe(Config.withDefault(false)),
  tolerance: Config.duration("HIGHLEVEL_WEBHOOK_TOLERANCE").pipe(Config.withDefault(defaults.tolerance)),
  maxBodyBytes: Config.integer("HIGHLEVEL_WEBHOOK_MAX_BODY_BYTES").pipe(Config.withDefault(defaults.maxBodyBytes)),
  queueCapacity: Config.integer("HIGHLEVEL_WEBHOOK_QUEUE_CAPACITY").pipe(Config.withDefault(defaults.queueCapacity))
})

/**
 * One delivery as received, whatever the server: the raw body bytes and the signature headers' values.
 *
 * @since 0.2.0
 * @category models
 */
export interface Delivery {
  readonly body: Uint8Array
  /** `X-GHL-Signature`. */
  readonly signature: string | undefined
  /** `X-WH-Signature` (read only with `legacyRsa`). */
  readonly legacySignature?: string | undefined
}

/**
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /** Checks a delivery and queues its event: the event, or why it was refused. Nothing refused is queued. */
  readonly accept: (delivery: Delivery) => Effect.Effect<WebhookEvent.WebhookEvent, WebhookRejection>
  /**
   * Checks a delivery without queueing or remembering it: signature, size, event, timestamp window (not the
   * `webhookId`). For servers with a queue of their own; `accept` is the complete check.
   */
  readonly verify: (delivery: Delivery) => Effect.Effect<WebhookEvent.WebhookEvent, WebhookRejection>
  /**
   * The accepted events, in the order accepted. The queue is shared: two consumers split the events between them.
   * Ends when the receiver's scope closes.
   */
  readonly events: Stream.Stream<WebhookEvent.WebhookEvent>
  /** The handler for an `@effect/platform` server: mount it on the route HighLevel posts to (POST only, else 405). */
  readonly httpApp: Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpServerRequest.HttpServerRequest>
  /** The same handler for any server speaking the Fetch API's `Request` and `Response` (Node 18+, Bun, Deno, …). */
  readonly fetch: (request: Request) => Promise<Response>
}

/**
 * The webhook receiver.
 *
 * @since 0.2.0
 * @category tags
 */
export class WebhookReceiver extends Context.Tag("@highlevel-effect/client/WebhookReceiver")<
  WebhookReceiver,
  Service
>() {}

interface Settings {
  readonly key: KeyObject
  readonly legacyKey: KeyObject | undefined
  readonly toleranceMillis: number
  readonly replayProtection: boolean
  readonly maxBodyBytes: number
  readonly queueCapacity: number
}

const positiveInteger = (field: string, value: number) =>
  Number.isSafeInteger(value) && value > 0
    ? Either.right(value)
    : Either.left(new WebhookOptionsError({ field, reason: `expected a positive integer, got ${value}` }))

const settingsOf = (options: Options): Either.Either<Settings, WebhookOptionsError> =>
  Either.gen(function*() {
    const key = yield* Either.mapLeft(
      parsePublicKey(options.publicKey, "ed25519"),
      (reason) => new WebhookOptionsError({ field: "publicKey", reason })
    )
    const legacy = options.legacyRsa === true ? legacyRsaPublicKey : options.legacyRsa || undefined
    const legacyKey = legacy === undefined ? undefined : yield* Either.mapLeft(
      parsePublicKey(legacy, "rsa"),
      (reason) => new WebhookOptionsError({ field: "legacyRsa", reason })
    )
    return {
      key,
      legacyKey,
      toleranceMillis: Duration.toMillis(options.tolerance ?? defaults.tolerance),
      replayProtection: options.replayProtection ?? true,
      maxBodyBytes: yield* positiveInteger("maxBodyBytes", options.maxBodyBytes ?? defaults.maxBodyBytes),
      queueCapacity: yield* positiveInteger("queueCapacity", options.queueCapacity ?? defaults.queueCapacity)
    }
  })

const utf8 = new TextDecoder("utf-8", { fatal: true })

const checkSignature = (settings: Settings, delivery: Delivery): WebhookSignatureError | undefined => {
  // The Ed25519 header wins when present: a forged delivery cannot fall back to the weaker legacy check.
  const [header, key, signature] = delivery.signature !== undefined || settings.legacyKey === undefined
    ? [signatureHeader, settings.key, delivery.signature] as const
    : [legacySignatureHeader, settings.legacyKey, delivery.legacySignature] as const
  if (signature === undefined || signature === "") return new WebhookSignatureError({ reason: "missing", header })
  const result = verifySignature(key, delivery.body, signature)
  return result === "ok" ? undefined : new WebhookSignatureError({ reason: result, header })
}

const parseEvent = (body: Uint8Array): Either.Either<WebhookEvent.WebhookEvent, WebhookInvalidEvent> => {
  let json: unknown
  try {
    json = JSON.parse(utf8.decode(body))
  } catch (cause) {
    return Either.left(new WebhookInvalidEvent({ issues: [`not UTF-8 JSON: ${String(cause)}`] }))
  }
  return Either.mapLeft(WebhookEvent.decode(json), (error) => new WebhookInvalidEvent({ issues: error.issues }))
}

// Signature, then size, then the event, then the window: all that needs no state.
const check = (settings: Settings, delivery: Delivery, now: number) =>
  Effect.gen(function*() {
    if (delivery.body.byteLength > settings.maxBodyBytes) {
      return yield* new WebhookTooLarge({ maxBytes: settings.maxBodyBytes })
    }
    const signatureError = checkSignature(settings, delivery)
    if (signatureError !== undefined) return yield* signatureError
    const event = yield* parseEvent(delivery.body)
    if (!settings.replayProtection) return { event, webhookId: undefined, expiresAt: 0 }
    const missing = [
      ...(event.webhookId === undefined ? ["webhookId: missing"] : []),
      ...(event.timestamp === undefined ? ["timestamp: missing"] : [])
    ]
    if (event.webhookId === undefined || event.timestamp === undefined) {
      return yield* new WebhookInvalidEvent({ issues: missing })
    }
    const timestamp = DateTime.toEpochMillis(event.timestamp)
    if (Math.abs(now - timestamp) > settings.toleranceMillis) {
      return yield* new WebhookStale({ reason: timestamp < now ? "stale" : "future", timestamp, now })
    }
    // After `timestamp + tolerance` the window refuses the id anyway: the store may forget it then.
    return { event, webhookId: event.webhookId, expiresAt: timestamp + settings.toleranceMillis }
  })

const webBody = (body: ReadableStream<Uint8Array> | null): Stream.Stream<Uint8Array, unknown> =>
  body === null ? Stream.empty : Stream.fromReadableStream({ evaluate: () => body, onError: (cause) => cause })

const respond = (status: number, body: object): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeJson(body, { status })

const outcomeResponse = (
  outcome: Either.Either<WebhookEvent.WebhookEvent, WebhookRejection>
): HttpServerResponse.HttpServerResponse =>
  Either.match(outcome, {
    onRight: () => respond(200, { status: "accepted" }),
    onLeft: (rejection) => respond(statusOf(rejection), { error: rejection._tag, message: rejection.message })
  })

// A delivery's HTTP request, whatever the server: refused without a read when it is not a POST or declares a body
// over the limit, read up to the limit, then answered.
const serveWith = <R>(
  maxBodyBytes: number,
  answer: (delivery: Delivery) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>
) => {
  const tooLarge = respond(413, { error: "WebhookTooLarge", message: `webhook body over ${maxBodyBytes} bytes` })
  const unreadable = respond(400, { error: "WebhookInvalidEvent", message: "the body could not be read" })
  const notAllowed = respond(405, { error: "MethodNotAllowed", message: "webhooks are POSTed" })

  const serve = <E>(request: {
    readonly method: string
    readonly header: (name: string) => string | undefined
    readonly body: Stream.Stream<Uint8Array, E>
  }) =>
    Effect.gen(function*() {
      if (request.method !== "POST") return notAllowed
      if (declaredTooLarge(request.header("content-length"), maxBodyBytes)) return tooLarge
      const body = yield* readCapped(request.body, maxBodyBytes).pipe(Effect.option)
      if (Option.isNone(body)) return unreadable
      if (body.value === undefined) return tooLarge
      return yield* answer({
        body: body.value,
        signature: request.header(signatureHeader),
        legacySignature: request.header(legacySignatureHeader)
      })
    })
  return serve
}

/**
 * Builds a receiver: its queue lives as long as the scope. Uses the {@link WebhookReplayStore} in the context, or a
 * fresh in-memory one.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Service, WebhookOptionsError, Scope.Scope> =>
  Effect.gen(function*() {
    const settings = yield* settingsOf(options)
    const store = yield* Effect.serviceOption(WebhookReplayStore).pipe(
      Effect.flatMap(Option.match({ onNone: () => makeMemory, onSome: Effect.succeed }))
    )
    const queue = yield* Effect.acquireRelease(
      Queue.dropping<WebhookEvent.WebhookEvent>(settings.queueCapacity),
      Queue.shutdown
    )

    const verify = Effect.fn("WebhookReceiver.verify")(function*(delivery: Delivery) {
      const now = yield* Clock.currentTimeMillis
      const checked = yield* check(settings, delivery, now)
      return checked.event
    })

    const accept = Effect.fn("WebhookReceiver.accept")(function*(delivery: Delivery) {
      const now = yield* Clock.currentTimeMillis
      const { event, expiresAt, webhookId } = yield* check(settings, delivery, now)
      if (webhookId !== undefined) {
        yield* Effect.annotateCurrentSpan("webhookId", webhookId)
        // Claimed before queueing, so two concurrent copies of one delivery cannot both get through.
        if (!(yield* store.claim(webhookId, expiresAt, now))) return yield* new WebhookReplayed({ webhookId })
      }
      if (!(yield* Queue.offer(queue, event))) {
        // Not queued: forget the id, or HighLevel's retry of this 429 would be refused as a replay.
        if (webhookId !== undefined) yield* store.release(webhookId)
        return yield* new WebhookQueueFull({ capacity: settings.queueCapacity })
      }
      return event
    })

    const answer = (delivery: Delivery) =>
      accept(delivery).pipe(
        Effect.either,
        Effect.tap(Either.match({
          onLeft: (rejection) => Effect.logDebug("webhook refused", rejection._tag, rejection.message),
          onRight: () => Effect.void
        })),
        Effect.map(outcomeResponse)
      )

    const serve = serveWith(settings.maxBodyBytes, answer)

    const httpApp = Effect.flatMap(
      HttpServerRequest.HttpServerRequest,
      (request) => serve({ method: request.method, header: (name) => request.headers[name], body: request.stream })
    )

    const runtime = yield* Effect.runtime<never>()
    const run = Runtime.runPromise(runtime)
    const fetch = (request: Request): Promise<Response> =>
      run(
        serve({
          method: request.method,
          header: (name) => request.headers.get(name) ?? undefined,
          body: webBody(request.body)
        }).pipe(Effect.map((response) => HttpServerResponse.toWeb(response)))
      )

    return WebhookReceiver.of({
      accept,
      verify,
      events: Stream.fromQueue(queue),
      httpApp,
      fetch
    })
  })

/**
 * The receiver as a layer.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<WebhookReceiver, WebhookOptionsError> =>
  Layer.scoped(WebhookReceiver, make(options))

/**
 * The receiver as a layer, its options from configuration ({@link fromEnv} by default).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerConfig = (
  config: Config.Config<Options> = fromEnv
): Layer.Layer<WebhookReceiver, WebhookOptionsError | ConfigError.ConfigError> =>
  Layer.scoped(WebhookReceiver, Effect.flatMap(config, make))
