/**
 * The live mirror: applies the webhook receiver's verified events to the sync database as they arrive, and runs the
 * sync library's incremental sync whenever it cannot be sure the database is whole.
 *
 * - On start: the schema is migrated and one sync runs (full on an empty database, incremental otherwise): whatever
 *   happened while the server was down is caught up before the first event is applied.
 * - `InboundMessage` / `OutboundMessage`: the conversation's newest page of messages is read (one request), the
 *   event's message and the one before it are upserted, and the conversation's search document is refreshed (one
 *   request). The message before it is the gap check: HighLevel's events carry no sequence number, but if the
 *   predecessor was not already in the database as it is now (its upsert wrote a row), an event was lost (or is
 *   late): the older messages of the page are written down to the first one already stored, which closes the hole
 *   (every event below it checked its own predecessor). A hole the page does not close, a message not on the page,
 *   a conversation the search no longer finds or a failed batch ask for an incremental sync, run `gapSyncDelay`
 *   later (default 250 ms): one for all the gaps of a burst.
 * - `ConversationUnreadUpdate`: the conversation's search document is refreshed; a conversation the search no longer
 *   finds (deleted) is a gap: the sync removes it.
 * - Other events (and other locations') are ignored.
 * - Events are applied in batches of what the receiver's queue holds (one when the mirror keeps up, up to 256 when
 *   it fell behind): one page read per conversation, one search per conversation, all rows in one transaction. A
 *   burst costs requests per conversation, not per event, and one commit (one fsync on SQLite).
 * - `resyncEvery` (optional) runs a sync periodically: the only way to see a lost event that nothing follows.
 *
 * Every write goes through the sync library's queries (`sync/Store.ts`, `sync/Rows.ts`) and one permit: an event is
 * never applied while a sync runs. The rule is order-independent: an event reads the current state rather than
 * trusting its payload, a row is only replaced by one that is not older (`upsert…IfNotOlder`: a read that lags behind
 * an earlier one, as a search index can, never moves a row back), and a duplicate rewrites nothing (unchanged rows
 * are not touched). A late event whose message's predecessor is missing counts as a gap: one extra incremental sync,
 * never a wrong row. A failed batch or sync is logged and the next event carries on; a failed batch marks a gap, so
 * the next sync repairs it.
 *
 * @since 0.2.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import { type ConversationsClient, type WebhookEvent, Webhooks } from "@highlevel-effect/client"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as PubSub from "effect/PubSub"
import * as Queue from "effect/Queue"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Dialect from "../sync/Dialect.js"
import * as Errors from "../sync/Errors.js"
import * as Migrations from "../sync/Migrations.js"
import type { SyncError, SyncSummary } from "../sync/Model.js"
import type * as Requests from "../sync/Requests.js"
import * as Source from "../sync/Source.js"
import * as Sync from "../sync/Sync.js"
import * as Apply from "./Apply.js"

/**
 * What to mirror.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly locationId: string
  /** Also sync this often (default: never; only on start and on a gap). */
  readonly resyncEvery?: Duration.DurationInput | undefined
  /** How many of a conversation's newest messages an event's message is looked for in (default 20). */
  readonly pageSize?: number | undefined
  /**
   * How long after a gap its sync waits, so that the gaps of a burst (late events, mostly) share one sync
   * (default 250 ms). Events go on being applied meanwhile.
   */
  readonly gapSyncDelay?: Duration.DurationInput | undefined
}

/**
 * What the mirror has done so far.
 *
 * @since 0.2.0
 * @category models
 */
export interface Stats {
  /** Events applied to the database (message and unread events of the location). */
  readonly applied: number
  /** Events of other types or locations, not applied. */
  readonly ignored: number
  /** Events whose application found a gap (or failed): mended from the page read, or by a sync. */
  readonly gaps: number
  /** A gap's sync is waiting or running: the database may still miss what was lost. */
  readonly syncPending: boolean
  /** Syncs run (the one on start included) and the last one's summary. */
  readonly syncs: number
  readonly lastSync: SyncSummary | undefined
}

/**
 * One event the mirror applied, published once its batch's rows are committed. An event whose gap only a sync can
 * mend (`awaitsSync`: its message was not on the page read, say) may have its own row only after that sync.
 *
 * @since 0.2.0
 * @category models
 */
export interface Applied {
  readonly type: string
  readonly webhookId: string | undefined
  readonly conversationId: string | undefined
  /** The message of a message event. */
  readonly messageId: string | undefined
  /** Whether it found a gap (mended from the page, or by a sync shortly after: see `Options.gapSyncDelay`). */
  readonly gap: boolean
  /** Its gap asked for a sync: the database is whole again once `stats.syncPending` is false. */
  readonly awaitsSync: boolean
  /** When its rows were written: epoch milliseconds, to the microsecond (the Clock's nanoseconds). */
  readonly atMillis: number
}

/**
 * A running mirror.
 *
 * @since 0.2.0
 * @category models
 */
export interface LiveSync {
  readonly stats: Effect.Effect<Stats>
  /**
   * The events applied from now on, for the scope (a subscriber that falls 4,096 behind loses the oldest): what the
   * demo and the latency benchmark wait on.
   */
  readonly applied: Effect.Effect<Queue.Dequeue<Applied>, never, Scope.Scope>
  /** Runs one incremental sync now, under the same permit as the events. */
  readonly syncNow: Effect.Effect<SyncSummary, SyncError>
}

// At most this many events are applied together (a page read per conversation, one transaction).
const batchSize = 256

type Requirements =
  | Webhooks.WebhookReceiver
  | ConversationsClient.ConversationsClient
  | SqlClient.SqlClient
  | Dialect.CurrentTarget
  | Requests.RequestCount

// What the mirror's fibers share: its counters, the gap signal, the hub of applied events, and the permit that keeps
// an event and a sync apart.
interface MirrorState {
  readonly stats: Ref.Ref<Stats>
  // Gaps asked for and gaps a finished sync covers: a sync is pending while the first is ahead.
  readonly gapsAsked: Ref.Ref<number>
  readonly gapsCovered: Ref.Ref<number>
  readonly gapSignal: Queue.Queue<void>
  readonly appliedHub: PubSub.PubSub<Applied>
  readonly permit: Effect.Semaphore
}

const makeState: Effect.Effect<MirrorState, never, Scope.Scope> = Effect.gen(function*() {
  return {
    stats: yield* Ref.make<Stats>({
      applied: 0,
      ignored: 0,
      gaps: 0,
      syncPending: false,
      syncs: 0,
      lastSync: undefined
    }),
    gapsAsked: yield* Ref.make(0),
    gapsCovered: yield* Ref.make(0),
    gapSignal: yield* Queue.sliding<void>(1),
    // Sliding: a slow or absent subscriber never holds the mirror back.
    appliedHub: yield* Effect.acquireRelease(PubSub.sliding<Applied>(4096), PubSub.shutdown),
    permit: yield* Effect.makeSemaphore(1)
  }
})

// Counts a batch, asks for the sync its gaps need, and publishes its events as applied.
const recordBatch = (
  state: MirrorState,
  events: ReadonlyArray<WebhookEvent.WebhookEvent>,
  targets: ReadonlyArray<Apply.Target>,
  { gapAt, syncFor }: { readonly gapAt: ReadonlySet<number>; readonly syncFor: ReadonlySet<number> }
) =>
  Effect.gen(function*() {
    if (syncFor.size > 0) {
      const first = events[Math.min(...syncFor)]
      yield* Effect.logInfo(`live sync: gap at ${first?.type} ${first?.webhookId ?? ""}: incremental sync soon`)
      yield* Ref.update(state.gapsAsked, (n) => n + syncFor.size)
      yield* Queue.offer(state.gapSignal, undefined)
    }
    yield* Ref.update(state.stats, (s) => ({
      ...s,
      applied: s.applied + targets.length,
      ignored: s.ignored + events.length - targets.length,
      gaps: s.gaps + gapAt.size
    }))
    const atMillis = Number((yield* Clock.currentTimeNanos) / 1000n) / 1000
    yield* PubSub.publishAll(
      state.appliedHub,
      targets.map(({ at, conversationId, event, messageId }): Applied => ({
        type: event.type,
        webhookId: event.webhookId ?? undefined,
        conversationId,
        messageId,
        gap: gapAt.has(at),
        awaitsSync: syncFor.has(at),
        atMillis
      }))
    )
  })

// Applies one batch of events under the permit; a failed batch is logged and counts every event as a gap.
const batchHandler =
  (state: MirrorState, options: { readonly locationId: string; readonly pageSize: number }) =>
  (events: ReadonlyArray<WebhookEvent.WebhookEvent>) =>
    Effect.gen(function*() {
      const targets = events.flatMap((event, at) => {
        const target = Apply.targetOf(options.locationId, event, at)
        return target === undefined ? [] : [target]
      })
      const none = new Set<number>()
      const outcome = targets.length === 0 ?
        { gapAt: none, syncFor: none } :
        yield* Apply.batch(targets, options).pipe(
          Effect.catchAll((error) => {
            const all = new Set(targets.map((t) => t.at))
            return Effect.as(
              Effect.logWarning(`live sync: applying ${targets.length} events failed (${error.message}); syncing`),
              { gapAt: all, syncFor: all }
            )
          })
        )
      yield* recordBatch(state, events, targets, outcome)
    }).pipe(state.permit.withPermits(1))

// The gaps' sync, forever: after `delay`, one sync for every gap asked for by then.
const gapSyncs = <R>(state: MirrorState, sync: Effect.Effect<SyncSummary, SyncError, R>, delay: Duration.Duration) =>
  Queue.take(state.gapSignal).pipe(
    Effect.zipRight(Effect.sleep(delay)),
    Effect.zipRight(
      state.permit.withPermits(1)(
        Effect.gen(function*() {
          // Under the permit no batch is half-applied: this sync covers every gap asked for so far.
          const asked = yield* Ref.get(state.gapsAsked)
          yield* Queue.takeAll(state.gapSignal)
          yield* sync.pipe(Effect.catchAll((error) => Effect.logWarning(`live sync: sync failed (${error.detail})`)))
          yield* Ref.set(state.gapsCovered, asked)
        })
      )
    ),
    Effect.forever
  )

/**
 * Migrates the database in context, syncs once, then applies the receiver's events until the scope closes (the
 * consumer and the optional periodic sync are fibers of the scope). Fails only if the first sync does.
 *
 * @since 0.2.0
 * @category constructors
 */
export const start = (
  options: Options
): Effect.Effect<LiveSync, SyncError, Requirements | Scope.Scope> =>
  Effect.gen(function*() {
    const { locationId } = options
    const receiver = yield* Webhooks.WebhookReceiver
    const db = Errors.database(Dialect.describe(yield* Dialect.CurrentTarget))
    const context = yield* Effect.context<Requirements>()
    const state = yield* makeState
    const source = yield* Source.perConversation(locationId)
    const sync = Sync.run(source, { locationId }).pipe(
      Effect.tap((summary) => Ref.update(state.stats, (s) => ({ ...s, syncs: s.syncs + 1, lastSync: summary }))),
      Effect.tap((summary) =>
        Effect.logInfo(
          `live sync: ${summary.kind} sync, ${summary.messagesWritten} messages and ` +
            `${summary.conversationsWritten} conversations written, ${summary.conversationsDeleted} removed`
        )
      )
    )
    const handle = batchHandler(state, { locationId, pageSize: options.pageSize ?? 20 })

    yield* Effect.mapError(Migrations.migrate, db)
    yield* state.permit.withPermits(1)(sync)
    yield* receiver.events.pipe(
      // Whatever the queue holds, in batches of at most `batchSize` events.
      Stream.runForEachChunk((chunk) =>
        Effect.forEach(Chunk.chunksOf(chunk, batchSize), (batch) => handle(Chunk.toReadonlyArray(batch)), {
          discard: true
        })
      ),
      Effect.provide(context),
      Effect.forkScoped
    )
    yield* gapSyncs(state, sync, Duration.decode(options.gapSyncDelay ?? "250 millis")).pipe(
      Effect.provide(context),
      Effect.forkScoped
    )
    if (options.resyncEvery !== undefined) {
      const every = Duration.decode(options.resyncEvery)
      yield* Effect.sleep(every).pipe(
        Effect.zipRight(state.permit.withPermits(1)(sync)),
        Effect.catchAll((error) => Effect.logWarning(`live sync: periodic sync failed (${error.detail})`)),
        Effect.forever,
        Effect.forkScoped
      )
    }
    return {
      stats: Effect.gen(function*() {
        const pending = (yield* Ref.get(state.gapsCovered)) < (yield* Ref.get(state.gapsAsked))
        return { ...(yield* Ref.get(state.stats)), syncPending: pending }
      }),
      applied: PubSub.subscribe(state.appliedHub),
      syncNow: state.permit.withPermits(1)(sync).pipe(Effect.provide(context))
    }
  })
