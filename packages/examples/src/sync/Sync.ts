/**
 * The sync engine: mirrors one location's conversations and messages from a `Source` into the database in context.
 *
 * - Messages: each walk of the source (`messages`, and `emails` for the export endpoint) reads what changed since its
 *   watermark minus a safety overlap (everything on a first run), and commits page by page: the page's rows and the
 *   watermark it completes in one transaction. Killed at any point, the next run continues from the last commit and
 *   re-reads at most the overlap, which the idempotent upserts absorb.
 * - Conversations: the whole roster is walked (the only place deletions and reads show), upserted page by page; at
 *   the end, in one transaction, the conversations the roster no longer lists are removed with their messages and the
 *   `conversations` watermark moves. A run killed before that leaves the old watermark and the next run walks again.
 * - A `runs` row records each run: started (`running`, which a killed run stays), then `ok` or `failed` with counts.
 *
 * @since 0.1.0
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import { CurrentTarget, describe } from "./Dialect.js"
import * as Errors from "./Errors.js"
import { type SyncError, type SyncProgress, SyncSummary } from "./Model.js"
import * as Requests from "./Requests.js"
import * as Rows from "./Rows.js"
import type { Source } from "./Source.js"
import * as Store from "./Store.js"

/**
 * What to sync and how.
 *
 * @since 0.1.0
 * @category models
 */
export interface SyncOptions {
  readonly locationId: string
  /** How far before the watermark an incremental walk starts (clock skew, late indexing). Default 10 minutes. */
  readonly overlap?: Duration.DurationInput | undefined
  readonly onProgress?: ((progress: SyncProgress) => Effect.Effect<void>) | undefined
  /** The rate budget, shown with the requests used. */
  readonly budget?: SyncProgress["budget"]
}

interface Counts {
  readonly messagesRead: number
  readonly messagesWritten: number
  readonly messagesTotal: number | undefined
  readonly conversationsRead: number
  readonly conversationsWritten: number
  readonly conversationsDeleted: number
}

// What the two phases of a run share.
interface RunContext {
  readonly source: Source
  readonly locationId: string
  readonly db: ReturnType<typeof Errors.database>
  readonly overlap: number
  readonly started: number
  readonly counts: Ref.Ref<Counts>
  readonly report: (phase: SyncProgress["phase"]) => Effect.Effect<void, never, Requests.RequestCount>
}

// Messages, walk by walk, each page committed with the watermark it completes.
const syncMessages = ({ counts, db, locationId, overlap, report, source }: RunContext) =>
  Effect.gen(function*() {
    for (const walk of source.walks) {
      const mark = yield* Effect.mapError(Store.watermark(locationId, walk), db)
      const since = Option.map(mark, (at) => Math.max(0, at - overlap)).pipe(Option.getOrUndefined)
      yield* source.messages(walk, since).pipe(
        Stream.mapError(Errors.api),
        Stream.runForEach((page) =>
          Effect.gen(function*() {
            const written = yield* Effect.mapError(
              Store.commit(
                locationId,
                walk,
                page.watermark,
                Store.upsertMessages(page.messages.map(Rows.messageRow))
              ),
              db
            )
            yield* Ref.update(counts, (c) => ({
              ...c,
              messagesRead: c.messagesRead + page.messages.length,
              messagesWritten: c.messagesWritten + written,
              messagesTotal: page.total !== undefined ? (c.messagesTotal ?? 0) + page.total : c.messagesTotal
            }))
            yield* report("messages")
          })
        )
      )
    }
  })

// The roster: upsert what it lists, then remove what it no longer lists, with the watermark.
const syncRoster = ({ counts, db, locationId, report, source, started }: RunContext) =>
  Effect.gen(function*() {
    const seen = new Set<string>()
    let newest: number | undefined
    yield* source.conversations.pipe(
      Stream.mapError(Errors.api),
      Stream.runForEach((page) =>
        Effect.gen(function*() {
          for (const conversation of page) {
            seen.add(conversation.id)
            if (conversation.lastMessageDate !== undefined && conversation.lastMessageDate !== null) {
              newest = Math.max(newest ?? 0, DateTime.toEpochMillis(conversation.lastMessageDate))
            }
          }
          const written = yield* Effect.mapError(
            Store.upsertConversations(page.filter((c) => c.locationId === locationId).map(Rows.conversationRow)),
            db
          )
          yield* Ref.update(counts, (c) => ({
            ...c,
            conversationsRead: c.conversationsRead + page.length,
            conversationsWritten: c.conversationsWritten + written
          }))
          yield* report("conversations")
        })
      )
    )
    const deleted = yield* Store.commit(
      locationId,
      "conversations",
      newest ?? started,
      Effect.flatMap(
        Store.conversationIds(locationId),
        (known) => Store.deleteConversations([...known].filter((id) => !seen.has(id)))
      )
    ).pipe(Effect.mapError(db))
    yield* Ref.update(counts, (c) => ({ ...c, conversationsDeleted: deleted }))
  })

/**
 * Runs one sync of `options.locationId` from `source` and returns its summary. The database's schema must be
 * migrated (`Migrations.migrate`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = (
  source: Source,
  options: SyncOptions
): Effect.Effect<SyncSummary, SyncError, SqlClient.SqlClient | CurrentTarget | Requests.RequestCount> =>
  Effect.gen(function*() {
    const { locationId } = options
    const where = describe(yield* CurrentTarget)
    const db = Errors.database(where)
    const overlap = Duration.toMillis(Duration.decode(options.overlap ?? "10 minutes"))
    const started = yield* Clock.currentTimeMillis
    const requestsBefore = yield* Requests.current
    const requests = Effect.map(Requests.current, (n) => n - requestsBefore)

    const firstWatermark = yield* Effect.mapError(Store.watermark(locationId, "messages"), db)
    const kind = Option.isNone(firstWatermark) ? "full" : "incremental"
    const runId = crypto.randomUUID()
    yield* Effect.mapError(
      Store.startRun({ id: runId, locationId, kind, strategy: source.strategy, startedAt: started }),
      db
    )

    const counts = yield* Ref.make<Counts>({
      messagesRead: 0,
      messagesWritten: 0,
      messagesTotal: undefined,
      conversationsRead: 0,
      conversationsWritten: 0,
      conversationsDeleted: 0
    })
    const onProgress = options.onProgress
    const report = (phase: SyncProgress["phase"]) =>
      onProgress === undefined ? Effect.void : Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const c = yield* Ref.get(counts)
        yield* onProgress({
          phase,
          messagesRead: c.messagesRead,
          messagesTotal: c.messagesTotal,
          conversationsRead: c.conversationsRead,
          requests: yield* requests,
          budget: options.budget,
          elapsedMillis: now - started
        })
      })

    const context: RunContext = { source, locationId, db, overlap, started, counts, report }
    const body = Effect.zipRight(syncMessages(context), syncRoster(context))

    const finish = (outcome: "ok" | "failed", error: string | null) =>
      Effect.gen(function*() {
        const c = yield* Ref.get(counts)
        yield* Store.finishRun(runId, {
          outcome,
          requests: yield* requests,
          messagesWritten: c.messagesWritten,
          conversationsWritten: c.conversationsWritten,
          conversationsDeleted: c.conversationsDeleted,
          error
        })
      })

    yield* body.pipe(
      // Best effort: the failure being reported may be the database itself.
      Effect.tapError((error) => Effect.ignore(finish("failed", error.detail)))
    )
    yield* Effect.mapError(finish("ok", null), db)
    const c = yield* Ref.get(counts)
    const finished = yield* Clock.currentTimeMillis
    return new SyncSummary({
      locationId,
      kind,
      strategy: source.strategy,
      messagesRead: c.messagesRead,
      messagesWritten: c.messagesWritten,
      conversationsRead: c.conversationsRead,
      conversationsWritten: c.conversationsWritten,
      conversationsDeleted: c.conversationsDeleted,
      requests: yield* requests,
      elapsedMillis: finished - started
    })
  })
