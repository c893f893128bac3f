/**
 * The inbox's models: a digest of unread conversations and its entries.
 *
 * @since 0.1.0
 */
import { Conversation, Message } from "@highlevel-effect/client"
import * as Schema from "effect/Schema"

/**
 * One conversation of a digest with its most recent messages, oldest first (reading order).
 *
 * @since 0.1.0
 * @category models
 */
export class DigestEntry extends Schema.Class<DigestEntry>("DigestEntry")({
  conversation: Conversation.ConversationSummary,
  lastMessages: Schema.Array(Message.Message)
}) {}

/**
 * The most recent unread conversations of a location. `unreadTotal` is the number of unread conversations the
 * search reported, which can exceed the number of entries.
 *
 * @since 0.1.0
 * @category models
 */
export class Digest extends Schema.Class<Digest>("Digest")({
  locationId: Schema.optional(Schema.String),
  unreadTotal: Schema.Number,
  entries: Schema.Array(DigestEntry)
}) {}
