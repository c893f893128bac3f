/**
 * The export pipeline: every message of every conversation matching a search, as NDJSON (one message per line,
 * encoded back to JSON with the client's `Message` schema), with bounded concurrency, constant memory, progress
 * reports and an optional checkpoint that makes an interrupted export resumable with every message written exactly
 * once, even when the process is killed.
 *
 * How exactly-once works (the design, in short):
 * - Conversations are exported in a fixed order: the search sorted by `last_message_date` ascending. Ascending,
 *   because a conversation that gets a new message during the export moves *behind* the cursor and is still met
 *   (and skipped the second time: ids are deduplicated), while in descending order it would jump ahead of the cursor
 *   and be missed.
 * - Each conversation is streamed page by page into its own part file in a temporary directory, so memory holds one
 *   page per conversation in flight whatever the conversation's length. Up to `concurrency` conversations are
 *   fetched at once; completed ones are committed one at a time, in search order, so the output is the same for any
 *   concurrency.
 * - Committing a conversation appends its part to the output, syncs the output, then appends one line
 *   `{conversationId, bytes, counts}` to the checkpoint (an append-only journal) and syncs it. `bytes` is the output
 *   length that includes the conversation. The journal line is the commit point.
 * - On resume the journal is read up to its last complete line (a torn last line is a commit that did not happen),
 *   the output is truncated to the recorded length (dropping a partly appended conversation), and the committed
 *   conversations are skipped. A conversation is therefore either wholly in the output and in the journal, or in
 *   neither, and is then exported again from scratch.
 * - The journal is append-only rather than rewritten per commit, so checkpointing costs O(1) per conversation
 *   instead of O(conversations): a 50 000-conversation export would otherwise rewrite megabytes per commit.
 * - A committed conversation is a snapshot: messages that arrive in it after its commit are not exported by a
 *   resumed run. With a checkpoint the part files live in `<checkpoint>.parts/`, which every run empties first (a
 *   killed process leaves it behind; a resumed run never reads it) and removes at the end; without one, in a temp
 *   directory of the OS.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import { ConversationsClient, type ConversationsError, Message, type SearchParams } from "@highlevel-effect/client"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

// -------------------------------------------------------------------------------------------------------------------
// Models
// -------------------------------------------------------------------------------------------------------------------

/**
 * The search filters of an export: everything Search Conversations accepts except the order and paging, which the
 * export fixes (see the module header).
 *
 * @since 0.1.0
 * @category models
 */
export type Filters = Omit<SearchParams.SearchConversationsParams, "sort" | "sortBy" | "startAfterDate" | "limit">

/**
 * Options of {@link run}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Which conversations: location and filters. Without `locationId` the client's default location is searched. */
  readonly filters: Filters
  /** A file path, or `"-"` for standard output. A file is overwritten unless the export resumes. */
  readonly output: string
  /** How many conversations are fetched at once (default 4). The output does not depend on it. */
  readonly concurrency?: number | undefined
  /** At most this many conversations (the first ones in export order), counting those of earlier runs. */
  readonly limit?: number | undefined
  /** Only messages of these types. */
  readonly messageTypes?: ReadonlyArray<Message.MessageTypeFilter> | undefined
  /** The checkpoint journal. Without it an interrupted export starts over. Not with `output: "-"`. */
  readonly checkpoint?: string | undefined
  /**
   * Continue the export recorded in `checkpoint` if the file exists (start a new one if it does not). Without it, an
   * existing checkpoint is an error rather than silently overwritten.
   */
  readonly resume?: boolean | undefined
  /** Called with a snapshot every `progressInterval` while the export runs, and once at the end. */
  readonly onProgress?: ((progress: Progress) => Effect.Effect<void>) | undefined
  /** Default 250 ms: often enough to look live, rarely enough to cost nothing. */
  readonly progressInterval?: Duration.DurationInput | undefined
}

/**
 * A progress snapshot. `conversationsTotal` is the search's `total` (capped by `limit`); it can be passed when
 * conversations appear during the export.
 *
 * @since 0.1.0
 * @category models
 */
export interface Progress {
  readonly conversationsDone: number
  readonly conversationsTotal: number
  /** Conversations committed by an earlier run (included in `conversationsDone`). */
  readonly conversationsResumed: number
  /** Messages fetched by this run so far, committed or not. */
  readonly messages: number
  readonly elapsed: Duration.Duration
}

/**
 * Messages of one type, by direction.
 *
 * @since 0.1.0
 * @category models
 */
export class TypeCount extends Schema.Class<TypeCount>("TypeCount")({
  messageType: Schema.String,
  inbound: Schema.Number,
  outbound: Schema.Number,
  /** A direction other than inbound/outbound (the field is an open enum). */
  other: Schema.Number
}) {}

/**
 * What an export did. With a checkpoint, the counts cover the whole export, earlier runs included.
 *
 * @since 0.1.0
 * @category models
 */
export class Summary extends Schema.Class<Summary>("Summary")({
  output: Schema.String,
  conversations: Schema.Number,
  conversationsResumed: Schema.Number,
  messages: Schema.Number,
  bytes: Schema.Number,
  byType: Schema.Array(TypeCount),
  elapsed: Schema.DurationFromMillis
}) {}

/**
 * Why an export could not run or continue. `detail` is one line meant for a person.
 *
 * @since 0.1.0
 * @category errors
 */
export class ExportError extends Schema.TaggedError<ExportError>()("ExportError", {
  reason: Schema.Literal("InvalidOptions", "CheckpointExists", "CheckpointMismatch", "OutputMismatch", "FileSystem"),
  detail: Schema.String
}) {
  override get message(): string {
    return this.detail
  }
}

/**
 * The failures of an export.
 *
 * @since 0.1.0
 * @category errors
 */
export type RunError = ExportError | ConversationsError.SearchAllError | ConversationsError.ListMessagesError

// -------------------------------------------------------------------------------------------------------------------
// Checkpoint journal
// -------------------------------------------------------------------------------------------------------------------

// What identifies an export: resuming with other filters or another output would mix two exports in one file.
const Fingerprint = Schema.Struct({
  output: Schema.String,
  filters: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  messageTypes: Schema.NullOr(Schema.Array(Schema.String)),
  limit: Schema.NullOr(Schema.Number)
})
type Fingerprint = typeof Fingerprint.Type

const Header = Schema.parseJson(Schema.Struct({ version: Schema.Literal(1), export: Fingerprint }))

const CountRow = Schema.Tuple(Schema.String, Schema.String, Schema.Number)

const Commit = Schema.parseJson(Schema.Struct({
  conversationId: Schema.String,
  bytes: Schema.Number,
  counts: Schema.Array(CountRow)
}))
type Commit = typeof Commit.Type

const decodeHeader = Schema.decodeEither(Header)
const decodeCommit = Schema.decodeEither(Commit)
const encodeHeader = Schema.encodeSync(Header)
const encodeCommit = Schema.encodeSync(Commit)
const encodeMessage = Schema.encode(Schema.parseJson(Message.Message))

// Counts keyed by type and direction; NUL cannot occur in either.
type Counts = Map<string, number>
const countKey = (messageType: string, direction: string) => `${messageType}\u0000${direction}`
const addCounts = (into: Counts, rows: ReadonlyArray<readonly [string, string, number]>) => {
  for (const [messageType, direction, n] of rows) {
    const key = countKey(messageType, direction)
    into.set(key, (into.get(key) ?? 0) + n)
  }
}
const countRows = (counts: Counts): Array<readonly [string, string, number]> =>
  [...counts].map(([key, n]) => {
    const [messageType = "", direction = ""] = key.split("\u0000")
    return [messageType, direction, n] as const
  })

interface Resumed {
  readonly completed: ReadonlySet<string>
  readonly bytes: number
  readonly counts: Counts
  /** The length of the journal up to its last complete line. */
  readonly journalLength: number
}

const encoder = new TextEncoder()

// Reads a journal: the header must match, then complete lines are commits until the first one that does not decode
// (a torn write of the killed process); that line and anything after it are not commits.
const readJournal = (text: string, fingerprint: Fingerprint, checkpoint: string) =>
  Effect.gen(function*() {
    const headerEnd = text.indexOf("\n")
    const header = headerEnd === -1 ? undefined : Either.getOrUndefined(decodeHeader(text.slice(0, headerEnd)))
    // No complete header: the process died while creating the checkpoint, before any commit.
    if (header === undefined) return undefined
    if (canonical(header.export) !== canonical(fingerprint)) {
      return yield* new ExportError({
        reason: "CheckpointMismatch",
        detail: `checkpoint ${checkpoint} belongs to another export (${
          describeFingerprint(header.export)
        }); use another checkpoint path or delete it`
      })
    }
    const completed = new Set<string>()
    const counts: Counts = new Map()
    let bytes = 0
    let offset = headerEnd + 1
    while (offset < text.length) {
      const end = text.indexOf("\n", offset)
      if (end === -1) break
      const commit = Either.getOrUndefined(decodeCommit(text.slice(offset, end)))
      if (commit === undefined) break
      completed.add(commit.conversationId)
      addCounts(counts, commit.counts)
      bytes = commit.bytes
      offset = end + 1
    }
    const resumed: Resumed = { completed, bytes, counts, journalLength: Buffer.byteLength(text.slice(0, offset)) }
    return resumed
  })

// JSON with object keys sorted: the same filters given in another key order are the same export.
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner)

const describeFingerprint = (fingerprint: Fingerprint) =>
  `output ${fingerprint.output}, filters ${JSON.stringify(fingerprint.filters)}` +
  (fingerprint.messageTypes !== null ? `, types ${fingerprint.messageTypes.join(",")}` : "") +
  (fingerprint.limit !== null ? `, limit ${fingerprint.limit}` : "")

// -------------------------------------------------------------------------------------------------------------------
// The pipeline
// -------------------------------------------------------------------------------------------------------------------

const fsError = (error: { readonly message: string }) =>
  new ExportError({ reason: "FileSystem", detail: error.message })

const invalid = (detail: string) => Effect.fail(new ExportError({ reason: "InvalidOptions", detail }))

interface Part {
  readonly conversationId: string
  readonly path: string
  readonly bytes: number
  readonly counts: Counts
}

interface Sink {
  readonly write: (bytes: Uint8Array) => Effect.Effect<void, ExportError>
  readonly sync: Effect.Effect<void, ExportError>
}

// Standard output through Node's own stream, honouring its backpressure; a closed pipe (`| head`) fails the export.
const stdoutSink: Effect.Effect<Sink, never, Scope.Scope> = Effect.acquireRelease(
  Effect.sync(() => {
    // Without a listener an EPIPE would be thrown as an uncaught exception instead of failing the write below.
    const ignore = () => {}
    process.stdout.on("error", ignore)
    return ignore
  }),
  (ignore) => Effect.sync(() => process.stdout.off("error", ignore))
).pipe(Effect.as<Sink>({
  write: (bytes) =>
    Effect.async<void, ExportError>((resume) => {
      process.stdout.write(bytes, (error) =>
        resume(
          error === null || error === undefined
            ? Effect.void
            : Effect.fail(new ExportError({ reason: "FileSystem", detail: `cannot write to stdout: ${error.message}` }))
        ))
    }),
  sync: Effect.void
}))

/**
 * Runs an export and returns its summary. Needs the client, a `FileSystem` and a `Path` (`NodeContext.layer`).
 * Read-only towards the API.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = (
  options: Options
): Effect.Effect<Summary, RunError, ConversationsClient.ConversationsClient | FileSystem.FileSystem | Path.Path> =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const client = yield* ConversationsClient.ConversationsClient
    const concurrency = options.concurrency ?? 4
    const toStdout = options.output === "-"
    const messageTypes = options.messageTypes !== undefined && options.messageTypes.length > 0
      ? options.messageTypes
      : undefined
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) {
      return yield* invalid(`concurrency must be an integer from 1 to 32, got ${concurrency}`)
    }
    if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
      return yield* invalid(`limit must be a positive integer, got ${options.limit}`)
    }
    if (toStdout && options.checkpoint !== undefined) {
      return yield* invalid("a checkpoint needs an output file: standard output cannot be truncated on resume")
    }
    if (options.resume === true && options.checkpoint === undefined) {
      return yield* invalid("resume needs a checkpoint path")
    }
    const started = yield* Clock.currentTimeMillis
    const output = toStdout ? "-" : path.resolve(options.output)
    const fingerprint: Fingerprint = {
      output,
      filters: Object.fromEntries(Object.entries(options.filters).filter(([, value]) => value !== undefined)),
      messageTypes: messageTypes !== undefined ? [...messageTypes] : null,
      limit: options.limit ?? null
    }

    // 1. The checkpoint: resume what it records, or start a new journal.
    let resumed: Resumed | undefined
    let journal: FileSystem.File | undefined
    if (options.checkpoint !== undefined) {
      const checkpoint = path.resolve(options.checkpoint)
      const exists = yield* fs.exists(checkpoint).pipe(Effect.mapError(fsError))
      if (exists && options.resume !== true) {
        return yield* new ExportError({
          reason: "CheckpointExists",
          detail: `checkpoint ${checkpoint} exists: pass --resume to continue that export, or delete it to start over`
        })
      }
      if (exists) {
        const text = yield* fs.readFileString(checkpoint).pipe(Effect.mapError(fsError))
        resumed = yield* readJournal(text, fingerprint, checkpoint)
      }
      if (resumed !== undefined) {
        journal = yield* fs.open(checkpoint, { flag: "a" }).pipe(Effect.mapError(fsError))
        // Drop a torn last line, so the next commit starts on a line of its own.
        yield* journal.truncate(resumed.journalLength).pipe(Effect.mapError(fsError))
      } else {
        // A new journal: write it whole, then the commits append to it.
        yield* fs.writeFileString(checkpoint, encodeHeader({ version: 1, export: fingerprint }) + "\n").pipe(
          Effect.mapError(fsError)
        )
        journal = yield* fs.open(checkpoint, { flag: "a" }).pipe(Effect.mapError(fsError))
      }
    }
    const completed = resumed?.completed ?? new Set<string>()
    const counts: Counts = new Map(resumed?.counts ?? [])

    // 2. The output: truncated to what the checkpoint committed (0 for a new export).
    let bytes = resumed?.bytes ?? 0
    let sink: Sink
    if (toStdout) {
      sink = yield* stdoutSink
    } else {
      if (resumed !== undefined) {
        const size = yield* fs.stat(output).pipe(
          Effect.map((info) => Number(info.size)),
          Effect.orElseSucceed(() => -1)
        )
        if (bytes > 0 && size < bytes) {
          return yield* new ExportError({
            reason: "OutputMismatch",
            detail: `output ${output} is ${
              size < 0 ? "missing" : `${size} bytes`
            } but the checkpoint committed ${bytes} bytes: it was changed after the checkpoint; start over`
          })
        }
      }
      const file = yield* fs.open(output, { flag: resumed !== undefined ? "a" : "w" }).pipe(Effect.mapError(fsError))
      yield* file.truncate(bytes).pipe(Effect.mapError(fsError))
      sink = {
        write: (chunk) => chunk.byteLength === 0 ? Effect.void : file.writeAll(chunk).pipe(Effect.mapError(fsError)),
        sync: file.sync.pipe(Effect.mapError(fsError))
      }
    }

    // 3. The total for progress: `total` of a one-row search page counts every match.
    const first = yield* client.searchConversationsPage({ ...options.filters, limit: 1 })
    const conversationsTotal = options.limit !== undefined ? Math.min(first.total, options.limit) : first.total
    const conversationsResumed = completed.size
    const progress = yield* Ref.make({ done: completed.size, messages: 0 })
    const snapshot = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const current = yield* Ref.get(progress)
      const value: Progress = {
        conversationsDone: current.done,
        conversationsTotal,
        conversationsResumed,
        messages: current.messages,
        elapsed: Duration.millis(now - started)
      }
      return value
    })
    const onProgress = options.onProgress
    const ticker = onProgress === undefined ? undefined : yield* snapshot.pipe(
      Effect.flatMap(onProgress),
      Effect.repeat(Schedule.spaced(options.progressInterval ?? Duration.millis(250))),
      Effect.forkScoped
    )

    // 4. Fetch: each conversation into its own part file. With a checkpoint the parts live beside it, so the parts a
    // killed run left behind are found and removed by the next run; without one, in a fresh temp directory.
    const partsDir = options.checkpoint !== undefined
      ? yield* Effect.acquireRelease(
        Effect.gen(function*() {
          const dir = `${path.resolve(options.checkpoint ?? "")}.parts`
          yield* fs.remove(dir, { recursive: true, force: true })
          yield* fs.makeDirectory(dir, { recursive: true })
          return dir
        }).pipe(Effect.mapError(fsError)),
        (dir) => fs.remove(dir, { recursive: true, force: true }).pipe(Effect.ignore)
      )
      : yield* fs.makeTempDirectoryScoped({ prefix: "highlevel-export-" }).pipe(Effect.mapError(fsError))
    let partNumber = 0
    const fetchPart = (conversationId: string): Effect.Effect<Part, RunError> =>
      Effect.scoped(Effect.gen(function*() {
        // Part files are numbered: an id from the server never becomes part of a path.
        partNumber += 1
        const partPath = path.join(partsDir, `${partNumber}.ndjson`)
        const file = yield* fs.open(partPath, { flag: "w" }).pipe(Effect.mapError(fsError))
        const partCounts: Counts = new Map()
        let partBytes = 0
        yield* client.listMessages(conversationId, messageTypes !== undefined ? { type: messageTypes } : {}).pipe(
          // One write per page rather than per message.
          Stream.runForEachChunk((chunk) =>
            Effect.gen(function*() {
              let text = ""
              for (const message of chunk) {
                text += (yield* Effect.orDie(encodeMessage(message))) + "\n"
                const key = countKey(message.messageType, message.direction)
                partCounts.set(key, (partCounts.get(key) ?? 0) + 1)
              }
              // An empty page (a type filter can leave nothing) must not reach writeAll: it treats 0 bytes as an error.
              if (text === "") return
              const data = encoder.encode(text)
              yield* file.writeAll(data).pipe(Effect.mapError(fsError))
              partBytes += data.byteLength
              yield* Ref.update(progress, (p) => ({ ...p, messages: p.messages + chunk.length }))
            })
          ),
          // Deleted after the search listed it: nothing left to export, and failing would stop the whole export.
          Effect.catchTag("NotFoundError", (error) =>
            Effect.gen(function*() {
              yield* file.truncate(0).pipe(Effect.mapError(fsError))
              partBytes = 0
              partCounts.clear()
              yield* Effect.logWarning(`skipped conversation ${conversationId}: ${error.message}`)
            }))
        )
        const part: Part = { conversationId, path: partPath, bytes: partBytes, counts: partCounts }
        return part
      }))

    // 5. Commit: append the part, sync, then journal the commit (the commit point), sync. Uninterruptible so Ctrl-C
    // leaves clean files; a kill in the middle is what the journal's recovery is for.
    const commit = (part: Part) =>
      Effect.gen(function*() {
        yield* fs.stream(part.path).pipe(
          Stream.mapError(fsError),
          Stream.runForEach(sink.write)
        )
        // The sync orders the output before the journal line; without a journal nothing depends on it.
        if (journal !== undefined) yield* sink.sync
        bytes += part.bytes
        addCounts(counts, countRows(part.counts))
        if (journal !== undefined) {
          const line: Commit = { conversationId: part.conversationId, bytes, counts: countRows(part.counts) }
          yield* journal.writeAll(encoder.encode(encodeCommit(line) + "\n")).pipe(Effect.mapError(fsError))
          yield* journal.sync.pipe(Effect.mapError(fsError))
        }
        yield* fs.remove(part.path).pipe(Effect.mapError(fsError))
        yield* Ref.update(progress, (p) => ({ ...p, done: p.done + 1 }))
      }).pipe(Effect.uninterruptible)

    const seen = new Set<string>()
    const matching = client.searchConversations({ ...options.filters, sort: "asc", sortBy: "last_message_date" }).pipe(
      // A conversation updated mid-export is listed again further on: keep its first occurrence.
      Stream.filter((conversation) => {
        if (seen.has(conversation.id)) return false
        seen.add(conversation.id)
        return true
      })
    )
    yield* (options.limit !== undefined ? Stream.take(matching, options.limit) : matching).pipe(
      Stream.filter((conversation) => !completed.has(conversation.id)),
      Stream.mapEffect((conversation) => fetchPart(conversation.id), { concurrency }),
      Stream.runForEach(commit)
    )

    if (ticker !== undefined && onProgress !== undefined) {
      yield* Fiber.interrupt(ticker)
      yield* Effect.flatMap(snapshot, onProgress)
    }
    const finished = yield* Clock.currentTimeMillis
    const done = yield* Ref.get(progress)
    return new Summary({
      output,
      conversations: done.done,
      conversationsResumed,
      messages: [...counts.values()].reduce((sum, n) => sum + n, 0),
      bytes,
      byType: typeCounts(counts),
      elapsed: Duration.millis(finished - started)
    }, { disableValidation: true })
  }).pipe(Effect.scoped, Effect.withSpan("ExportMessages.run"))

const typeCounts = (counts: Counts): Array<TypeCount> => {
  const byType = new Map<string, { inbound: number; outbound: number; other: number }>()
  for (const [messageType, direction, n] of countRows(counts)) {
    const row = byType.get(messageType) ?? { inbound: 0, outbound: 0, other: 0 }
    if (direction === "inbound") row.inbound += n
    else if (direction === "outbound") row.outbound += n
    else row.other += n
    byType.set(messageType, row)
  }
  return [...byType]
    .map(([messageType, row]) => new TypeCount({ messageType, ...row }, { disableValidation: true }))
    .sort((a, b) =>
      (b.inbound + b.outbound + b.other) - (a.inbound + a.outbound + a.other) ||
      a.messageType.localeCompare(b.messageType)
    )
}

// -------------------------------------------------------------------------------------------------------------------
// Rendering
// -------------------------------------------------------------------------------------------------------------------

const number = (n: number) => n.toLocaleString("en-US")

const seconds = (duration: Duration.Duration) => `${(Duration.toMillis(duration) / 1000).toFixed(1)} s`

const size = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`

/**
 * A progress snapshot as one line: conversations done/total, messages, rate and ETA.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderProgress = (progress: Progress): string => {
  const elapsedSeconds = Duration.toMillis(progress.elapsed) / 1000
  const rate = elapsedSeconds > 0 ? progress.messages / elapsedSeconds : 0
  const doneThisRun = progress.conversationsDone - progress.conversationsResumed
  const remaining = Math.max(0, progress.conversationsTotal - progress.conversationsDone)
  const eta = remaining === 0
    ? "0s"
    : doneThisRun > 0 && elapsedSeconds > 0
    ? `${Math.ceil(remaining / (doneThisRun / elapsedSeconds))}s`
    : "?"
  return `conversations ${number(progress.conversationsDone)}/${number(progress.conversationsTotal)} · messages ${
    number(progress.messages)
  } · ${number(Math.round(rate))} msg/s · ETA ${eta}`
}

/**
 * A summary as a few lines: totals, then a table of messages per type and direction.
 *
 * @since 0.1.0
 * @category rendering
 */
export const renderSummary = (summary: Summary): string => {
  const elapsedSeconds = Duration.toMillis(summary.elapsed) / 1000
  const lines = [
    `Exported ${number(summary.messages)} messages of ${number(summary.conversations)} conversations to ${
      summary.output === "-" ? "stdout" : summary.output
    } (${size(summary.bytes)}) in ${seconds(summary.elapsed)}`
  ]
  if (summary.conversationsResumed > 0) {
    lines.push(
      `  ${number(summary.conversationsResumed)} conversations came from an earlier run (resumed from the checkpoint)`
    )
  } else if (elapsedSeconds > 0) {
    lines.push(`  ${number(Math.round(summary.messages / elapsedSeconds))} messages/s`)
  }
  if (summary.byType.length > 0) {
    const width = Math.max(12, ...summary.byType.map((row) => row.messageType.length))
    const cell = (value: string | number) => (typeof value === "number" ? number(value) : value).padStart(9)
    const other = summary.byType.some((row) => row.other > 0)
    lines.push(
      "",
      `  ${"type".padEnd(width)}${cell("inbound")}${cell("outbound")}${other ? cell("other") : ""}${cell("total")}`
    )
    for (const row of summary.byType) {
      lines.push(
        `  ${row.messageType.padEnd(width)}${cell(row.inbound)}${cell(row.outbound)}${other ? cell(row.other) : ""}${
          cell(row.inbound + row.outbound + row.other)
        }`
      )
    }
  }
  return lines.join("\n")
}
