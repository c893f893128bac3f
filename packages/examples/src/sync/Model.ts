/**
 * The sync's public models: its error and its summary. Every module of the sync imports them from here.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Why a sync could not run or finish. `detail` is one line meant for a person. `InvalidOptions` (a bad flag or
 * setting, exit 2) names the option in `field`; `Database` is an unreachable, locked or failing database; `Api` a
 * failed request.
 *
 * @since 0.1.0
 * @category errors
 */
export class SyncError extends Schema.TaggedError<SyncError>()("SyncError", {
  reason: Schema.Literal("InvalidOptions", "Database", "Api"),
  detail: Schema.String,
  field: Schema.optional(Schema.String)
}) {
  override get message(): string {
    return this.detail
  }
}

/**
 * What one sync run did.
 *
 * @since 0.1.0
 * @category models
 */
export class SyncSummary extends Schema.Class<SyncSummary>("@highlevel-effect/examples/Sync/SyncSummary")({
  locationId: Schema.String,
  /** `full` when the database had no watermark for the location yet. */
  kind: Schema.Literal("full", "incremental"),
  /** How messages were read: the location export endpoint or one listing per conversation. */
  strategy: Schema.Literal("endpoint", "conversations"),
  /** Messages read from the API (a safety overlap re-reads a few). */
  messagesRead: Schema.Number,
  /** Message rows inserted or changed. */
  messagesWritten: Schema.Number,
  conversationsRead: Schema.Number,
  /** Conversation rows inserted or changed. */
  conversationsWritten: Schema.Number,
  /** Conversations removed because the API no longer lists them (deleted), with their messages. */
  conversationsDeleted: Schema.Number,
  /** HTTP requests sent, retries included. */
  requests: Schema.Number,
  elapsedMillis: Schema.Number
}) {}

/**
 * A progress snapshot, reported while a sync runs.
 *
 * @since 0.1.0
 * @category models
 */
export interface SyncProgress {
  readonly phase: "messages" | "conversations"
  readonly messagesRead: number
  /** Messages the walks will read in all, when the API said (the export's `total`). */
  readonly messagesTotal: number | undefined
  readonly conversationsRead: number
  readonly requests: number
  /** The rate budget, e.g. 100 requests per 10 s. */
  readonly budget: { readonly limit: number; readonly intervalMillis: number } | undefined
  readonly elapsedMillis: number
}
