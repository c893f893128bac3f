/**
 * Where the webhook receiver remembers the `webhookId`s it has accepted, so a replayed delivery is refused. An id is
 * only needed until its event's timestamp leaves the receiver's window (after that the timestamp check refuses it),
 * so every entry carries the instant it may be forgotten.
 *
 * The receiver uses an in-memory store unless one is provided; `WebhookReplayStoreSql` keeps the ids in a SQL
 * database (the sync database, for instance), so they survive a restart and are shared by several receivers.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"

/**
 * The store could not be read or written; the receiver answers 429 so HighLevel delivers the event again later.
 *
 * @since 0.2.0
 * @category errors
 */
export class ReplayStoreError extends Schema.TaggedError<ReplayStoreError>(
  "@highlevel-effect/client/ReplayStoreError"
)("ReplayStoreError", { cause: Schema.Defect }) {
  override get message(): string {
    return `the webhook replay store failed: ${String(this.cause)}`
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface Service {
  /**
   * Records `webhookId` as seen until `expiresAt` (epoch ms), atomically: `true` if it was not already recorded
   * (or its entry had expired by `now`), `false` if it was. Two concurrent claims of one id: exactly one gets `true`.
   */
  readonly claim: (webhookId: string, expiresAt: number, now: number) => Effect.Effect<boolean, ReplayStoreError>
  /** Forgets `webhookId` (the receiver claimed it, then could not queue the event: the retry must get through). */
  readonly release: (webhookId: string) => Effect.Effect<void, ReplayStoreError>
}

/**
 * The seen-id store the webhook receiver uses.
 *
 * @since 0.2.0
 * @category tags
 */
export class WebhookReplayStore extends Context.Tag("@highlevel-effect/client/WebhookReplayStore")<
  WebhookReplayStore,
  Service
>() {}

// Pruning walks the whole map; doing it every `pruneEvery` claims keeps a claim O(1) amortised.
const pruneEvery = 1024

/**
 * A store in a `Map`: per process, forgotten on restart, pruned of expired ids as it goes.
 *
 * @since 0.2.0
 * @category constructors
 */
export const makeMemory: Effect.Effect<Service> = Effect.sync(() => {
  const seen = new Map<string, number>()
  let claims = 0
  const prune = (now: number) => {
    for (const [id, expiresAt] of seen) {
      if (expiresAt <= now) seen.delete(id)
    }
  }
  return WebhookReplayStore.of({
    claim: (webhookId, expiresAt, now) =>
      Effect.sync(() => {
        if (++claims % pruneEvery === 0) prune(now)
        const previous = seen.get(webhookId)
        if (previous !== undefined && previous > now) return false
        seen.set(webhookId, expiresAt)
        return true
      }),
    release: (webhookId) => Effect.sync(() => void seen.delete(webhookId))
  })
})

/**
 * The in-memory store as a layer (the receiver's default when no store is provided).
 *
 * @since 0.2.0
 * @category layers
 */
export const layerMemory: Layer.Layer<WebhookReplayStore> = Layer.effect(WebhookReplayStore, makeMemory)
