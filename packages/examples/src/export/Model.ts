/**
 * The export's public models: its options, its progress snapshots, its summary and its errors. Every module of the
 * export imports them from here; `ExportMessages` re-exports them.
 *
 * @since 0.1.0
 */
import type { ConversationsError, Message, SearchParams } from "@highlevel-effect/client"
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
export class TypeCount extends Schema.Class<TypeCount>("@highlevel-effect/examples/ExportMessages/TypeCount")({
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
export class Summary extends Schema.Class<Summary>("@highlevel-effect/examples/ExportMessages/Summary")({
  output: Schema.String,
  conversations: Schema.Number,
  conversationsResumed: Schema.Number,
  messages: Schema.Number,
  bytes: Schema.Number,
  byType: Schema.Array(TypeCount),
  elapsed: Schema.DurationFromMillis
}) {}

/**
 * Why an export could not run or continue. `detail` is one line meant for a person; `field` names the option an
 * `InvalidOptions` error is about.
 *
 * @since 0.1.0
 * @category errors
 */
export class ExportError extends Schema.TaggedError<ExportError>()("ExportError", {
  reason: Schema.Literal("InvalidOptions", "CheckpointExists", "CheckpointMismatch", "OutputMismatch", "FileSystem"),
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
export type RunError = ExportError | ConversationsError.SearchAllError | ConversationsError.ListMessagesError

/**
 * A file system failure as an `ExportError`, its message kept.
 *
 * @since 0.1.0
 * @category errors
 */
export const fileSystemError = (error: { readonly message: string }): ExportError =>
  new ExportError({ reason: "FileSystem", detail: error.message })
