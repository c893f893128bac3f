/**
 * What the mixed benchmark's mock process tells its load generator: where the mock listens, the tokens, and per
 * seeded conversation its contact and newest message (the ids the generated requests name). It crosses IPC as
 * JSON, so it is a Schema.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The mock under load, as its load generator sees it.
 *
 * @since 0.1.0
 * @category models
 */
export const MixedTarget = Schema.Struct({
  url: Schema.String,
  locationId: Schema.String,
  providerId: Schema.String,
  tokens: Schema.Struct({ full: Schema.String, provider: Schema.String }),
  /** Per seeded conversation: `[conversationId, contactId, newest message id]`. */
  conversations: Schema.Array(Schema.Tuple(Schema.String, Schema.String, Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type MixedTarget = typeof MixedTarget.Type

/**
 * The mock process's figures after the run: its data set, and its heap (a write that keeps what it should not
 * shows here).
 *
 * @since 0.1.0
 * @category models
 */
export const MixedCounts = Schema.Struct({
  conversations: Schema.Number,
  messages: Schema.Number,
  heap_mb: Schema.Number,
  rss_mb: Schema.Number
})
