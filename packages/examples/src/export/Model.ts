/**
 * The export's public models: its options, its progress snapshots, its summary and its errors. Every module of the
 * export imports them from here; `ExportMessages` re-exports them.
 *
 * @since 0.1.0
 */
import type { ConversationsError, Message, MessagesOperations, SearchParams } from "@highlevel-effect/client"
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/**
 * The search filters of an export: everything Search Conversations accepts except the order and paging, which the
 * export fixes (ascending by last message date, see `ExportMessages`).
 *
 * @since 0.1.0
 * @category models
 */
export type Filters = Omit<SearchParams.SearchConversationsParams, "sort" | "sortBy" | "startAfterDate" | "limit">

/**
 * How an export reads the messages:
 * - `"endpoint"`: the location export endpoint (`GET /conversations/messages/export`), 500 messages a page, in two
 *   walks: every non-email type (the endpoint's answer without `channel`), then `channel=Email`. About 2 requests
 *   per 1,000 messages; it cannot filter conversations.
 * - `"conversations"`: a search, then one listing per matching conversation (100 messages a page). About 28
 *   requests per 1,000 messages; needed for the conversation filters (`status`, `assignedTo`, …) and `limit`.
 *
 * @since 0.1.0
 * @category models
 */
export type Strategy = "endpoint" | "conversations"

/**
 * The strategies, in the order the help lists them.
 *
 * @since 0.1.0
 * @category models
 */
export const strategies: readonly [Strategy, Strategy] = ["endpoint", "conversations"]

/**
 * Options of an export. `Options.ts` validates them with a Schema before anything is opened or requested.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Which conversations: location and filters. Without `locationId` the client's default location is searched. */
  readonly filters: Filters
  /** A file path, or `"-"` for standard output. A file is overwritten unless the export resumes. */
  readonly output: string
  /**
   * How the messages are read. Default: `"endpoint"`, unless a conversation filter (anything in `filters` but
   * `locationId`) or `limit` is given, which only `"conversations"` can apply; `"endpoint"` with one of them is an
   * `InvalidOptions` error.
   */
  readonly strategy?: Strategy | undefined
  /**
   * How many conversations are fetched at once (default 4; the conversations strategy), or pages read ahead of the
   * commits (the endpoint strategy, whose pages follow one cursor). The output does not depend on it.
   */
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
 * A progress snapshot. The conversations strategy counts conversations: `conversationsTotal` is the search's `total`
 * (capped by `limit`), which can be passed when conversations appear during the export. The endpoint strategy counts
 * messages (its conversation fields stay 0): `messagesTotal` adds up the walks' `total`s as the endpoint reports
 * them.
 *
 * @since 0.1.0
 * @category models
 */
export interface Progress {
  readonly strategy: Strategy
  readonly conversationsDone: number
  readonly conversationsTotal: number
  /** Conversations committed by an earlier run (included in `conversationsDone`). */
  readonly conversationsResumed: number
  /** Messages fetched by this run so far, committed or not. */
  readonly messages: number
  /** Messages committed by an earlier run (not included in `messages`). */
  readonly messagesResumed: number
  /**
   * The endpoint strategy's total, earlier runs included; undefined for the conversations strategy, when the
   * endpoint gave none, or with `messageTypes` (the endpoint counts every type).
   */
  readonly messagesTotal: number | undefined
  readonly elapsed: Duration.Duration
}

/**
 * Messages of one type, by direction.
 *
 * @since 0.1.0
 * @category models
 */
export class TypeCount extends Schema.Class<TypeCount>("@highlevel-effect/examples/ExportMessages/TypeCount")({
  messageType: Schema.String,
  inbound: Schema.Number,
  outbound: Schema.Number,
  /** A direction other than inbound/outbound (the field is an open enum). */
  other: Schema.Number
}) {}

/**
 * What an export did. With a checkpoint, the counts cover the whole export, earlier runs included. `conversations`
 * counts the conversations committed (the conversations strategy) or the distinct conversations of the messages
 * exported (the endpoint strategy). `strategyExplicit` and `strategyFilters` say why the strategy was chosen: asked
 * for, or the options that needed the conversations strategy (none: the default).
 *
 * @since 0.1.0
 * @category models
 */
export class Summary extends Schema.Class<Summary>("@highlevel-effect/examples/ExportMessages/Summary")({
  output: Schema.String,
  strategy: Schema.Literal(...strategies),
  strategyExplicit: Schema.Boolean,
  strategyFilters: Schema.Array(Schema.String),
  conversations: Schema.Number,
  conversationsResumed: Schema.Number,
  messagesResumed: Schema.Number,
  messages: Schema.Number,
  bytes: Schema.Number,
  byType: Schema.Array(TypeCount),
  elapsed: Schema.DurationFromMillis
}) {}

/**
 * Why an export could not run or continue. `detail` is one line meant for a person; `field` names the option an
 * `InvalidOptions` error is about. `CheckpointUnreadable`: the checkpoint's first line is not a journal header (not
 * a checkpoint, or another program's file). `CursorRejected`: the server refused the cursor a checkpoint recorded
 * for an endpoint walk (it expired, or the checkpoint was edited), so that walk cannot continue.
 *
 * @since 0.1.0
 * @category errors
 */
export class ExportError extends Schema.TaggedError<ExportError>()("ExportError", {
  reason: Schema.Literal(
    "InvalidOptions",
    "CheckpointExists",
    "CheckpointMismatch",
    "CheckpointUnreadable",
    "CursorRejected",
    "OutputMismatch",
    "FileSystem"
  ),
  detail: Schema.String,
  field: Schema.optional(Schema.String)
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
export type RunError =
  | ExportError
  | ConversationsError.SearchAllError
  | ConversationsError.ListMessagesError
  | MessagesOperations.ExportMessagesError

/**
 * A file system failure as an `ExportError`, its message kept.
 *
 * @since 0.1.0
 * @category errors
 */
export const fileSystemError = (error: { readonly message: string }): ExportError =>
  new ExportError({ reason: "FileSystem", detail: error.message })
