/**
 * The export's live progress: counters shared by the fetching fibers and the committing one, and a ticker that
 * reports a snapshot every interval while the export runs, then once at the end.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type { Progress, Strategy } from "./Model.js"

/**
 * What the pipeline tells the tracker.
 *
 * @since 0.1.0
 * @category models
 */
export interface Tracker {
  /** Messages fetched (committed or not). */
  readonly fetched: (messages: number) => Effect.Effect<void>
  /** One more batch committed (a conversation, or an endpoint page). */
  readonly committed: Effect.Effect<void>
  /** Stops the ticker and reports the final snapshot. */
  readonly finish: Effect.Effect<void>
}

/**
 * A tracker whose ticker runs in the scope (so an interrupted export stops it too).
 *
 * @since 0.1.0
 * @category constructors
 */
export const track = (options: {
  readonly strategy: Strategy
  /** Conversations expected (the conversations strategy; 0 for the endpoint). */
  readonly total: number
  /** Conversations committed by earlier runs. */
  readonly resumed: number
  /** Messages expected, earlier runs included (the endpoint strategy), when known. */
  readonly messagesTotal: number | undefined
  readonly messagesResumed: number
  /** When the export started, epoch ms. */
  readonly started: number
  readonly onProgress: ((progress: Progress) => Effect.Effect<void>) | undefined
  readonly interval: Duration.Duration
}): Effect.Effect<Tracker, never, Scope.Scope> =>
  Effect.gen(function*() {
    const counters = yield* Ref.make({ done: options.resumed, messages: 0 })
    const endpoint = options.strategy === "endpoint"
    const snapshot = Effect.zipWith(Clock.currentTimeMillis, Ref.get(counters), (now, current): Progress => ({
      strategy: options.strategy,
      // The endpoint's batches are pages, not conversations: it reports messages only.
      conversationsDone: endpoint ? 0 : current.done,
      conversationsTotal: options.total,
      conversationsResumed: options.resumed,
      messages: current.messages,
      messagesResumed: options.messagesResumed,
      messagesTotal: options.messagesTotal,
      elapsed: Duration.millis(now - options.started)
    }))
    const fetched = (messages: number) => Ref.update(counters, (c) => ({ ...c, messages: c.messages + messages }))
    const committed = Ref.update(counters, (c) => ({ ...c, done: c.done + 1 }))
    const onProgress = options.onProgress
    if (onProgress === undefined) return { fetched, committed, finish: Effect.void }
    const ticker = yield* snapshot.pipe(
      Effect.flatMap(onProgress),
      Effect.repeat(Schedule.spaced(options.interval)),
      Effect.forkScoped
    )
    return {
      fetched,
      committed,
      finish: Effect.zipRight(Fiber.interrupt(ticker), Effect.flatMap(snapshot, onProgress))
    }
  })
