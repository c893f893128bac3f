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
 *   late): an incremental sync runs. A message not on the newest page is a gap too.
 * - `ConversationUnreadUpdate`: the conversation's search document is refreshed; a conversation the search no longer
 *   finds (deleted) runs a sync, which removes it.
 * - Other events (and other locations') are ignored.
 * - `resyncEvery` (optional) runs a sync periodically: the only way to see a lost event that nothing follows.
 *
 * Every write goes through the sync library's queries (`sync/Store.ts`, `sync/Rows.ts`) and one permit: an event is
 * never applied while a sync runs. The rule is order-independent: an event reads the current state rather than
 * trusting its payload, a row is only replaced by one that is not older (`upsert…IfNotOlder`: a read that lags behind
 * an earlier one, as a search index can, never moves a row back), and a duplicate rewrites nothing (unchanged rows
 * are not touched). A late event whose message's predecessor is missing counts as a gap: one extra incremental sync,
 * never a wrong row. A failed event or sync is logged and the next event carries on; a failed event
 * marks a gap, so the next sync repairs it.
 *
 * @since 0.2.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { Message } from "@highlevel-effect/client"
import { ConversationsClient, WebhookEvent, Webhooks } from "@highlevel-effect/client"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as PubSub from "effect/PubSub"
import type * as Queue from "effect/Queue"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Dialect from "../sync/Dialect.js"
import * as Errors from "../sync/Errors.js"
import * as Migrations from "../sync/Migrations.js"
import type { SyncError, SyncSummary } from "../sync/Model.js"
import type * as Requests from "../sync/Requests.js"
import * as Rows from "../sync/Rows.js"
import * as Source from "../sync/Source.js"
import * as Store from "../sync/Store.js"
import * as Sync from "../sync/Sync.js"

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
  /** Events whose application found a gap (or failed) and ran a sync. */
  readonly gaps: number
  /** Syncs run (the one on start included) and the last one's summary. */
  readonly syncs: number
  readonly lastSync: SyncSummary | undefined
}

/**
 * One event the mirror applied, published once its rows are in the database (after the sync, when it found a gap).
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
  /** Whether it found a gap (and a sync ran before this was published). */
  readonly gap: boolean
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

// The conversation and message an applied event is about.
const idsOf = (event: WebhookEvent.WebhookEvent) =>
  event instanceof WebhookEvent.InboundMessage || event instanceof WebhookEvent.OutboundMessage
    ? { conversationId: event.conversationId ?? undefined, messageId: event.messageId ?? undefined }
    : event instanceof WebhookEvent.ConversationUnreadUpdate
    ? { conversationId: event.id ?? undefined, messageId: undefined }
    : { conversationId: undefined, messageId: undefined }

type Requirements =
  | Webhooks.WebhookReceiver
  | ConversationsClient.ConversationsClient
  | SqlClient.SqlClient
  | Dialect.CurrentTarget
  | Requests.RequestCount

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
    const client = yield* ConversationsClient.ConversationsClient
    const db = Errors.database(Dialect.describe(yield* Dialect.CurrentTarget))
    const context = yield* Effect.context<Requirements>()
    const permit = yield* Effect.makeSemaphore(1)
    const stats = yield* Ref.make<Stats>({ applied: 0, ignored: 0, gaps: 0, syncs: 0, lastSync: undefined })
    const pageSize = options.pageSize ?? 20
    // Sliding: a slow or absent subscriber never holds the mirror back.
    const appliedHub = yield* Effect.acquireRelease(PubSub.sliding<Applied>(4096), PubSub.shutdown)

    const source = yield* Source.perConversation(locationId)
    const sync = Sync.run(source, { locationId }).pipe(
      Effect.tap((summary) => Ref.update(stats, (s) => ({ ...s, syncs: s.syncs + 1, lastSync: summary }))),
      Effect.tap((summary) =>
        Effect.logInfo(
          `live sync: ${summary.kind} sync, ${summary.messagesWritten} messages and ` +
            `${summary.conversationsWritten} conversations written, ${summary.conversationsDeleted} removed`
        )
      )
    )

    // Refreshes a conversation's row from its search document; false when the search no longer finds it.
    const refreshConversation = (conversationId: string) =>
      Effect.gen(function*() {
        const page = yield* client.searchConversationsPage({ locationId, id: conversationId, limit: 1 })
        const found = page.conversations.filter((c) => c.id === conversationId && c.locationId === locationId)
        if (found.length === 0) return false
        yield* Effect.mapError(Store.upsertConversationsIfNotOlder(found.map(Rows.conversationRow)), db)
        return true
      })

    // Applies a message event; true when it found a gap.
    const applyMessage = (conversationId: string, messageId: string) =>
      Effect.gen(function*() {
        const page = yield* client.getMessagesPage(conversationId, { limit: pageSize })
        const index = page.messages.findIndex((m) => m.id === messageId)
        if (index < 0) return true
        const message = page.messages[index] as Message.Message
        yield* Effect.mapError(Store.upsertMessagesIfNotOlder([Rows.messageRow(message)]), db)
        const predecessor = page.messages[index + 1]
        // Already there and unchanged: written 0. Missing (or changed behind our back): an event was lost.
        const missed = predecessor === undefined
          ? 0
          : yield* Effect.mapError(Store.upsertMessagesIfNotOlder([Rows.messageRow(predecessor)]), db)
        const found = yield* refreshConversation(conversationId)
        return missed > 0 || !found
      })

    const apply = (event: WebhookEvent.WebhookEvent) =>
      Effect.gen(function*() {
        if (
          (event instanceof WebhookEvent.InboundMessage || event instanceof WebhookEvent.OutboundMessage) &&
          event.locationId === locationId && event.conversationId !== undefined && event.messageId !== undefined
        ) {
          return { applied: true, gap: yield* applyMessage(event.conversationId, event.messageId) }
        }
        if (event instanceof WebhookEvent.ConversationUnreadUpdate && event.locationId === locationId) {
          return { applied: true, gap: !(yield* refreshConversation(event.id)) }
        }
        return { applied: false, gap: false }
      })

    const handle = (event: WebhookEvent.WebhookEvent) =>
      Effect.gen(function*() {
        const { applied, gap } = yield* apply(event).pipe(
          Effect.catchAll((error) =>
            Effect.as(
              Effect.logWarning(`live sync: applying ${event.type} failed (${error.message}); syncing instead`),
              { applied: true, gap: true }
            )
          )
        )
        if (gap) {
          yield* Effect.logInfo(`live sync: gap at ${event.type} ${event.webhookId ?? ""}: incremental sync`)
          yield* sync.pipe(Effect.catchAll((error) => Effect.logWarning(`live sync: sync failed (${error.detail})`)))
        }
        // Counted once done (its sync included): stats that show every event handled mean the database is settled.
        yield* Ref.update(stats, (s) => ({
          ...s,
          applied: s.applied + (applied ? 1 : 0),
          ignored: s.ignored + (applied ? 0 : 1),
          gaps: s.gaps + (gap ? 1 : 0)
        }))
        if (applied) {
          const nanos = yield* Clock.currentTimeNanos
          yield* PubSub.publish(appliedHub, {
            type: event.type,
            webhookId: event.webhookId ?? undefined,
            ...idsOf(event),
            gap,
            atMillis: Number(nanos / 1000n) / 1000
          })
        }
      }).pipe(permit.withPermits(1))

    yield* Effect.mapError(Migrations.migrate, db)
    yield* permit.withPermits(1)(sync)
    yield* receiver.events.pipe(Stream.runForEach(handle), Effect.provide(context), Effect.forkScoped)
    if (options.resyncEvery !== undefined) {
      const every = Duration.decode(options.resyncEvery)
      yield* Effect.sleep(every).pipe(
        Effect.zipRight(permit.withPermits(1)(sync)),
        Effect.catchAll((error) => Effect.logWarning(`live sync: periodic sync failed (${error.detail})`)),
        Effect.forever,
        Effect.forkScoped
      )
    }
    return {
      stats: Ref.get(stats),
      applied: PubSub.subscribe(appliedHub),
      syncNow: permit.withPermits(1)(sync).pipe(Effect.provide(context))
    }
  })
