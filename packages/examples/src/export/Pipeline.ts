/**
 * The export pipeline: the batches of a `Source`, fetched `concurrency` at a time, each into its own part file, then
 * committed one at a time in source order to a `Sink`, each commit recorded in the checkpoint journal.
 *
 * - A part file per batch keeps memory at one page per batch in flight, whatever the batch's length, and the output
 *   is the same for any concurrency (commits follow the source's order, not completion order).
 * - A commit appends the part to the output, syncs it, then records `{conversationId, bytes, counts}` in the journal
 *   and syncs that: the journal line is the commit point. It is uninterruptible so Ctrl-C leaves clean files; a kill
 *   in the middle is what the journal's recovery is for.
 * - On resume the journal's committed batches are skipped and the output is cut to the committed length, so a batch
 *   is either wholly in the output and the journal, or in neither and is fetched again from scratch.
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
import { type Batch, BatchGone, type Source } from "./Source.js"

// A fetched batch, waiting in its part file to be committed.
interface Part {
  readonly key: string
  readonly path: string
  readonly bytes: number
  readonly counts: Counts.Counts
}

// What is committed so far, this run and earlier ones.
interface Committed {
  readonly conversations: number
  readonly bytes: number
  readonly counts: Counts.Counts
}

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
      Stream.runFoldEffect({ bytes: 0, counts: Counts.empty }, (sofar, page) =>
        Effect.gen(function*() {
          const text = yield* encodePage(page)
          // An empty page (a type filter can leave nothing) writes nothing.
          if (text === "") return sofar
          const data = encoder.encode(text)
          yield* Effect.mapError(file.writeAll(data), fileSystemError)
          yield* progress.fetched(page.length)
          return { bytes: sofar.bytes + data.byteLength, counts: Counts.combine(sofar.counts, Counts.ofMessages(page)) }
        })),
      Effect.catchIf((error): error is BatchGone => error instanceof BatchGone, (gone) =>
        Effect.gen(function*() {
          yield* Effect.mapError(file.truncate(0), fileSystemError)
          yield* Effect.logWarning(`skipped ${gone.detail}`)
          return { bytes: 0, counts: Counts.empty }
        }))
    )
    const part: Part = { key: batch.key, path, ...written }
    return part
  }).pipe(Effect.scoped)

// Appends a part, syncs, then journals the commit (the commit point). The sync orders the output before the journal
// line; without a journal nothing depends on it.
const commitPart = (sink: Sink.Sink, journal: Checkpoint.Journal, progress: Progress.Tracker) =>
(
  committed: Committed,
  part: Part
) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    yield* fs.stream(part.path).pipe(Stream.mapError(fileSystemError), Stream.runForEach(sink.write))
    if (journal.durable) yield* sink.sync
    const bytes = committed.bytes + part.bytes
    yield* journal.record({ conversationId: part.key, bytes, counts: Counts.rows(part.counts) })
    yield* Effect.mapError(fs.remove(part.path), fileSystemError)
    yield* progress.committed
    const next: Committed = {
      conversations: committed.conversations + 1,
      bytes,
      counts: Counts.combine(committed.counts, part.counts)
    }
    return next
  }).pipe(Effect.uninterruptible)

/**
 * Runs an export of `source` with valid settings and returns its summary. The files it opens are closed, and the
 * part files removed, when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = <E>(
  settings: Settings,
  source: Source<E>
): Effect.Effect<Summary, E | ExportError, FileSystem.FileSystem | Path.Path | Scope.Scope> =>
  Effect.gen(function*() {
    const started = yield* Clock.currentTimeMillis
    // 1. The checkpoint: resume what it records, or start a new journal.
    const journal = yield* Checkpoint.open(settings)
    const resumed = Option.getOrUndefined(journal.resumed)
    const completed = resumed?.completed ?? new Set<string>()
    // 2. The output, cut to what the checkpoint committed (nothing for a new export).
    const sink = settings.output === "-" ? yield* Sink.stdout : yield* Sink.file(settings.output, journal.resumed)
    // 3. Progress, against the source's total.
    const progress = yield* Progress.track({
      total: yield* source.total,
      resumed: completed.size,
      started,
      onProgress: settings.onProgress,
      interval: settings.progressInterval
    })
    // 4. Fetch into part files, commit in order.
    const dir = yield* Checkpoint.partsDirectory(settings)
    const initial: Committed = {
      conversations: completed.size,
      bytes: resumed?.bytes ?? 0,
      counts: resumed?.counts ?? Counts.empty
    }
    const done = yield* source.batches.pipe(
      Stream.filter((batch) => !completed.has(batch.key)),
      Stream.zipWithIndex,
      Stream.mapEffect(fetchPart(dir, progress), { concurrency: settings.concurrency }),
      Stream.runFoldEffect(initial, commitPart(sink, journal, progress))
    )
    yield* progress.finish
    const finished = yield* Clock.currentTimeMillis
    return new Summary({
      output: settings.output,
      conversations: done.conversations,
      conversationsResumed: completed.size,
      messages: Counts.total(done.counts),
      bytes: done.bytes,
      byType: Counts.byType(done.counts),
      elapsed: Duration.millis(finished - started)
    }, { disableValidation: true })
  })
