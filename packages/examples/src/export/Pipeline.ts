/**
 * The export pipeline: the batches of a `Source` (conversations, or pages of the export endpoint), fetched
 * `concurrency` at a time, each into its own part file, then committed one at a time in source order to a `Sink`,
 * each commit recorded in the checkpoint journal with the batch's position (a conversation id, or an endpoint walk
 * and the cursor it goes on from).
 *
 * - A part file per batch keeps memory at one page per batch in flight, whatever the batch's length, and the output
 *   is the same for any concurrency (commits follow the source's order, not completion order).
 * - A commit appends the part to the output, syncs it, then records `{position, bytes, counts}` in the journal and
 *   syncs that: the journal line is the commit point. It is uninterruptible so Ctrl-C leaves clean files; a kill
 *   in the middle is what the journal's recovery is for.
 * - On resume the source starts after the journal's committed batches and the output is cut to the committed length,
 *   so a batch is either wholly in the output and the journal, or in neither and is fetched again from scratch.
 *
 * The running totals (bytes, counts, conversations) are the state of a fold over the committed parts.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import { Message } from "@highlevel-effect/client"
import type * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Checkpoint from "./Checkpoint.js"
import * as Counts from "./Counts.js"
import { type ExportError, fileSystemError, Summary } from "./Model.js"
import type { Settings } from "./Options.js"
import * as Progress from "./Progress.js"
import * as Sink from "./Sink.js"
import { type Batch, BatchGone, type Position, type Source } from "./Source.js"

// A fetched batch, waiting in its part file to be committed.
interface Part {
  readonly position: Position
  readonly path: string
  readonly bytes: number
  readonly counts: Counts.Counts
  /** The distinct conversations of its messages. */
  readonly conversationIds: ReadonlySet<string>
}

// What is committed so far, this run and earlier ones.
interface Committed {
  /** Conversations committed (the conversations strategy); batches are conversations there. */
  readonly batches: number
  readonly bytes: number
  readonly counts: Counts.Counts
}

// The journal line of a committed part.
const commitOf = (position: Position, bytes: number, counts: Counts.Counts): Checkpoint.Commit =>
  position._tag === "Conversation"
    ? { conversationId: position.conversationId, bytes, counts: Counts.rows(counts) }
    : { walk: position.walk, cursor: position.cursor, bytes, counts: Counts.rows(counts) }

const encodeMessage = Schema.encode(Schema.parseJson(Message.Message))
const encoder = new TextEncoder()

// One page as NDJSON lines: one write per page rather than per message.
const encodePage = (page: Chunk.Chunk<Message.Message>) =>
  Effect.map(
    Effect.forEach(page, (message) => Effect.orDie(encodeMessage(message))),
    (lines) => lines.map((line) => line + "\n").join("")
  )

// Streams a batch into a part file. Part files are numbered: a key from the server never becomes part of a path.
const fetchPart = <E>(dir: string, progress: Progress.Tracker) => ([batch, index]: readonly [Batch<E>, number]) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = (yield* Path.Path).join(dir, `${index + 1}.ndjson`)
    const file = yield* Effect.mapError(fs.open(path, { flag: "w" }), fileSystemError)
    const written = yield* batch.messages.pipe(
      Stream.chunks,
      Stream.runFoldEffect(
        { bytes: 0, counts: Counts.empty, conversationIds: new Set<string>() },
        (sofar, page) =>
          Effect.gen(function*() {
            const text = yield* encodePage(page)
            // An empty page (a type filter can leave nothing) writes nothing.
            if (text === "") return sofar
            const data = encoder.encode(text)
            yield* Effect.mapError(file.writeAll(data), fileSystemError)
            yield* progress.fetched(page.length)
            // The set is this part's own, built here and only read once the part is committed.
            for (const message of page) sofar.conversationIds.add(message.conversationId)
            return {
              bytes: sofar.bytes + data.byteLength,
              counts: Counts.combine(sofar.counts, Counts.ofMessages(page)),
              conversationIds: sofar.conversationIds
            }
          })
      ),
      Effect.catchIf((error): error is BatchGone => error instanceof BatchGone, (gone) =>
        Effect.gen(function*() {
          yield* Effect.mapError(file.truncate(0), fileSystemError)
          yield* Effect.logWarning(`skipped ${gone.detail}`)
          return { bytes: 0, counts: Counts.empty, conversationIds: new Set<string>() }
        }))
    )
    const part: Part = { position: batch.position, path, ...written }
    return part
  }).pipe(Effect.scoped)

// Appends a part, syncs, then journals the commit (the commit point). The sync orders the output before the journal
// line; without a journal nothing depends on it.
// `seen` collects the conversations of the committed messages (the endpoint strategy's count); it belongs to one run.
const commitPart = (
  sink: Sink.Sink,
  journal: Checkpoint.Journal,
  progress: Progress.Tracker,
  seen: Set<string>
) =>
(
  committed: Committed,
  part: Part
) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    yield* fs.stream(part.path).pipe(Stream.mapError(fileSystemError), Stream.runForEach(sink.write))
    if (journal.durable) yield* sink.sync
    const bytes = committed.bytes + part.bytes
    yield* journal.record(commitOf(part.position, bytes, part.counts))
    yield* Effect.mapError(fs.remove(part.path), fileSystemError)
    yield* progress.committed
    for (const id of part.conversationIds) seen.add(id)
    const next: Committed = {
      batches: committed.batches + 1,
      bytes,
      counts: Counts.combine(committed.counts, part.counts)
    }
    return next
  }).pipe(Effect.uninterruptible)

const decodeConversationId = Schema.decodeUnknownOption(
  Schema.parseJson(Schema.Struct({ conversationId: Schema.String }))
)

// The conversations of the messages an earlier run committed, read back from the output (a resumed export always has
// a file): the endpoint strategy counts distinct conversations, and the journal does not hold the set.
const committedConversations = (output: string, bytes: number) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) =>
    fs.stream(output, { bytesToRead: FileSystem.Size(bytes) }).pipe(
      Stream.decodeText(),
      Stream.splitLines,
      Stream.runFold(new Set<string>(), (ids, line) => {
        Option.map(decodeConversationId(line), (message) => ids.add(message.conversationId))
        return ids
      }),
      Effect.mapError(fileSystemError)
    ))

/**
 * Runs an export of `source` with valid settings and returns its summary. The files it opens are closed, and the
 * part files removed, when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = <E, R>(
  settings: Settings,
  sourceOf: (resumed: Option.Option<Checkpoint.Resumed>) => Effect.Effect<Source<E>, never, R>
): Effect.Effect<Summary, E | ExportError, FileSystem.FileSystem | Path.Path | Scope.Scope | R> =>
  Effect.gen(function*() {
    const started = yield* Clock.currentTimeMillis
    // 1. The checkpoint: resume what it records, or start a new journal.
    const journal = yield* Checkpoint.open(settings)
    const resumed = Option.getOrUndefined(journal.resumed)
    const completed = resumed?.completed ?? new Set<string>()
    const messagesResumed = resumed !== undefined ? Counts.total(resumed.counts) : 0
    // 2. The output, cut to what the checkpoint committed (nothing for a new export).
    const sink = settings.output === "-" ? yield* Sink.stdout : yield* Sink.file(settings.output, journal.resumed)
    const seen = settings.strategy === "endpoint" && resumed !== undefined && resumed.bytes > 0
      ? yield* committedConversations(settings.output, resumed.bytes)
      : new Set<string>()
    // 3. The source, from what is committed; progress, against its totals.
    const source = yield* sourceOf(journal.resumed)
    const totals = yield* source.total
    const progress = yield* Progress.track({
      strategy: settings.strategy,
      total: totals.conversations,
      resumed: completed.size,
      messagesTotal: totals.messages,
      messagesResumed,
      started,
      onProgress: settings.onProgress,
      interval: settings.progressInterval
    })
    // 4. Fetch into part files, commit in order.
    const dir = yield* Checkpoint.partsDirectory(settings)
    const initial: Committed = {
      batches: completed.size,
      bytes: resumed?.bytes ?? 0,
      counts: resumed?.counts ?? Counts.empty
    }
    const done = yield* source.batches.pipe(
      Stream.zipWithIndex,
      Stream.mapEffect(fetchPart(dir, progress), { concurrency: settings.concurrency }),
      Stream.runFoldEffect(initial, commitPart(sink, journal, progress, seen))
    )
    yield* progress.finish
    const finished = yield* Clock.currentTimeMillis
    return new Summary({
      output: settings.output,
      strategy: settings.strategy,
      strategyExplicit: settings.plan.explicit,
      strategyFilters: settings.plan.filters,
      conversations: settings.strategy === "endpoint" ? seen.size : done.batches,
      conversationsResumed: completed.size,
      messagesResumed,
      messages: Counts.total(done.counts),
      bytes: done.bytes,
      byType: Counts.byType(done.counts),
      elapsed: Duration.millis(finished - started)
    }, { disableValidation: true })
  })
