/**
 * The checkpoint journal: an append-only file whose first line identifies the export and whose every other line
 * commits one batch, with `bytes` the output's length once it is in and `counts` its messages by type:
 * - the conversations strategy: one conversation, `{conversationId, bytes, counts}`;
 * - the endpoint strategy: one page of a walk, `{walk, cursor, bytes, counts}`, where `cursor` is the `nextCursor`
 *   the page came with (where the walk goes on) and `null` once the walk is complete.
 *
 * A line is the commit point: it is written and synced only after the output was. Reading a journal stops at the
 * first line that is not a complete commit (a torn write of a killed process; a cursor that is not one), and
 * resuming cuts the file there: the batches after it are read again, the output cut to the last commit's `bytes`.
 *
 * Append-only rather than rewritten per commit, so a commit costs O(1) instead of O(conversations): a
 * 50 000-conversation export would otherwise rewrite megabytes per commit.
 *
 * @since 0.1.0
 */
import * as FileSystem from "@effect/platform/FileSystem"
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as Counts from "./Counts.js"
import { ExportError, fileSystemError, strategies } from "./Model.js"
import type { Settings } from "./Options.js"

/**
 * What identifies an export: resuming with other filters or another output would mix two exports in one file.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Fingerprint = Schema.Struct({
  output: Schema.String,
  // Journals written before the endpoint strategy existed have no strategy: they were all per conversation.
  strategy: Schema.optionalWith(Schema.Literal(...strategies), { default: () => "conversations" as const }),
  filters: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  messageTypes: Schema.NullOr(Schema.Array(Schema.String)),
  limit: Schema.NullOr(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Fingerprint = typeof Fingerprint.Type

/**
 * The journal's first line.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Header = Schema.parseJson(Schema.Struct({ version: Schema.Literal(1), export: Fingerprint }))

const CountRows = Schema.Array(Schema.Tuple(Schema.String, Schema.String, Schema.Number))

/**
 * The walks of the endpoint strategy, in the order they run: every non-email type (the endpoint without `channel`),
 * then `channel=Email`.
 *
 * @since 0.1.0
 * @category models
 */
export const walks = ["messages", "emails"] as const

/**
 * @since 0.1.0
 * @category models
 */
export type Walk = typeof walks[number]

/**
 * The commit of one conversation (the conversations strategy).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationCommit = Schema.Struct({
  conversationId: Schema.String,
  bytes: Schema.Number,
  counts: CountRows
})

/**
 * The commit of one page of an endpoint walk: `cursor` continues the walk, `null` once it is complete. A cursor is
 * what the client accepts as one (non-empty, no surrounding blanks): anything else is not a commit.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PageCommit = Schema.Struct({
  walk: Schema.Literal(...walks),
  cursor: Schema.NullOr(Schema.NonEmptyTrimmedString),
  bytes: Schema.Number,
  counts: CountRows
})

/**
 * One commit line.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Commit = Schema.parseJson(Schema.Union(ConversationCommit, PageCommit))

/**
 * @since 0.1.0
 * @category models
 */
export type Commit = typeof Commit.Type

/**
 * What a journal says an earlier run committed.
 *
 * @since 0.1.0
 * @category models
 */
export interface Resumed {
  /** The conversations committed (the conversations strategy). */
  readonly completed: ReadonlySet<string>
  /**
   * Each endpoint walk's last commit: the cursor it goes on from, `null` when it is complete. A walk with no
   * commit is not in the map.
   */
  readonly walks: ReadonlyMap<Walk, string | null>
  /** Messages committed by each endpoint walk. */
  readonly walkMessages: ReadonlyMap<Walk, number>
  /** The output's length once the last commit was in. */
  readonly bytes: number
  readonly counts: Counts.Counts
  /** The length of the journal up to its last complete line. */
  readonly journalLength: number
}

/**
 * The fingerprint of an export: its output, its filters (undefined ones left out), types and limit.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fingerprintOf = (settings: Settings): Fingerprint => ({
  output: settings.output,
  strategy: settings.strategy,
  filters: Object.fromEntries(Object.entries(settings.filters).filter(([, value]) => value !== undefined)),
  messageTypes: settings.messageTypes !== undefined ? [...settings.messageTypes] : null,
  limit: settings.limit ?? null
})

// JSON with object keys sorted: the same filters given in another key order are the same export.
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => a.localeCompare(b)))
      : inner)

const describe = (fingerprint: Fingerprint) =>
  `output ${fingerprint.output}, strategy ${fingerprint.strategy}, filters ${JSON.stringify(fingerprint.filters)}` +
  (fingerprint.messageTypes !== null ? `, types ${fingerprint.messageTypes.join(",")}` : "") +
  (fingerprint.limit !== null ? `, limit ${fingerprint.limit}` : "")

const decodeHeader = Schema.decodeOption(Header)
const decodeCommit = Schema.decodeOption(Commit)
const encodeHeader = Schema.encodeSync(Header)
const encodeCommit = Schema.encodeSync(Commit)

const lineLength = (line: string) => Buffer.byteLength(line) + 1

/**
 * Reads a journal's text: `None` when it has no complete first line (the process died while creating it, before
 * any commit), a `CheckpointUnreadable` when its first line is not a header (not a checkpoint: it is left alone), a
 * `CheckpointMismatch` when it belongs to another export, else the commits up to the first line that does not
 * decode.
 *
 * @since 0.1.0
 * @category parsing
 */
export const read = (
  text: string,
  fingerprint: Fingerprint,
  checkpoint: string
): Either.Either<Option.Option<Resumed>, ExportError> => {
  // The last piece has no newline after it: empty, or a line whose write was torn.
  const [first, ...lines] = text.split("\n").slice(0, -1)
  if (first === undefined) return Either.right(Option.none())
  const header = decodeHeader(first)
  if (Option.isNone(header)) {
    return Either.left(
      new ExportError({
        reason: "CheckpointUnreadable",
        detail: `checkpoint ${checkpoint} is not an export checkpoint (its first line is not a journal header); ` +
          "it was left as it is: use another checkpoint path, or delete it"
      })
    )
  }
  if (canonical(header.value.export) !== canonical(fingerprint)) {
    return Either.left(
      new ExportError({
        reason: "CheckpointMismatch",
        detail: `checkpoint ${checkpoint} belongs to another export (${
          describe(header.value.export)
        }); use another checkpoint path or delete it`
      })
    )
  }
  const commits = Arr.getSomes(
    Arr.takeWhile(lines.map((line) => Option.map(decodeCommit(line), (commit) => ({ line, commit }))), Option.isSome)
  )
  const walksDone = new Map<Walk, string | null>()
  const walkMessages = new Map<Walk, number>()
  const completed = new Set<string>()
  for (const { commit } of commits) {
    if ("conversationId" in commit) {
      completed.add(commit.conversationId)
    } else {
      walksDone.set(commit.walk, commit.cursor)
      walkMessages.set(
        commit.walk,
        (walkMessages.get(commit.walk) ?? 0) + commit.counts.reduce((n, row) => n + row[2], 0)
      )
    }
  }
  return Either.right(Option.some({
    completed,
    walks: walksDone,
    walkMessages,
    bytes: Arr.last(commits).pipe(Option.map(({ commit }) => commit.bytes), Option.getOrElse(() => 0)),
    counts: Counts.fromRows(commits.flatMap(({ commit }) => commit.counts)),
    journalLength: commits.reduce((length, { line }) => length + lineLength(line), lineLength(first))
  }))
}

/**
 * An open journal. Without a checkpoint it records nothing and is not `durable`: nothing then needs the output
 * synced before a commit.
 *
 * @since 0.1.0
 * @category models
 */
export interface Journal {
  /** What an earlier run committed; `None` for a new export. */
  readonly resumed: Option.Option<Resumed>
  readonly durable: boolean
  /** Appends one commit line and syncs it. */
  readonly record: (commit: Commit) => Effect.Effect<void, ExportError>
}

const none: Journal = { resumed: Option.none(), durable: false, record: () => Effect.void }

const encoder = new TextEncoder()

/**
 * Opens the journal of `settings.checkpoint`: resumes what it records (refusing an existing one without `resume`),
 * cutting a torn last line, or starts a new one with its header. The file is closed with the scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const open = (
  settings: Settings
): Effect.Effect<Journal, ExportError, FileSystem.FileSystem | Scope.Scope> =>
  Effect.gen(function*() {
    const checkpoint = settings.checkpoint
    if (checkpoint === undefined) return none
    const fs = yield* FileSystem.FileSystem
    const exists = yield* fs.exists(checkpoint)
    if (exists && !settings.resume) {
      return yield* new ExportError({
        reason: "CheckpointExists",
        detail: `checkpoint ${checkpoint} exists: pass --resume to continue that export, or delete it to start over`
      })
    }
    const fingerprint = fingerprintOf(settings)
    const text = exists
      ? yield* fs.readFileString(checkpoint).pipe(
        Effect.mapError((error) =>
          new ExportError({
            reason: "CheckpointUnreadable",
            detail: `cannot read checkpoint ${checkpoint} (${error.message}): use another checkpoint path`
          })
        )
      )
      : ""
    const resumed = exists ? yield* read(text, fingerprint, checkpoint) : Option.none()
    if (Option.isNone(resumed)) {
      // A new journal: written whole, then the commits append to it.
      yield* fs.writeFileString(checkpoint, encodeHeader({ version: 1, export: fingerprint }) + "\n")
    }
    const file = yield* fs.open(checkpoint, { flag: "a" })
    // Drop a torn last line, so the next commit starts on a line of its own.
    if (Option.isSome(resumed)) yield* file.truncate(resumed.value.journalLength)
    const journal: Journal = {
      resumed,
      durable: true,
      record: (commit) =>
        Effect.zipRight(file.writeAll(encoder.encode(encodeCommit(commit) + "\n")), file.sync).pipe(
          Effect.mapError(fileSystemError)
        )
    }
    return journal
  }).pipe(Effect.mapError((error) => error._tag === "ExportError" ? error : fileSystemError(error)))

/**
 * The directory of the part files: `<checkpoint>.parts/` beside the checkpoint, emptied first (a killed run leaves
 * it behind; a resumed run never reads it), or a fresh temp directory without one. Removed with the scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const partsDirectory = (
  settings: Settings
): Effect.Effect<string, ExportError, FileSystem.FileSystem | Scope.Scope> =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => {
    const checkpoint = settings.checkpoint
    if (checkpoint === undefined) {
      return Effect.mapError(fs.makeTempDirectoryScoped({ prefix: "highlevel-export-" }), fileSystemError)
    }
    const dir = `${checkpoint}.parts`
    const remove = fs.remove(dir, { recursive: true, force: true })
    return Effect.acquireRelease(
      Effect.zipRight(remove, fs.makeDirectory(dir, { recursive: true })).pipe(
        Effect.as(dir),
        Effect.mapError(fileSystemError)
      ),
      () => Effect.ignore(remove)
    )
  })
