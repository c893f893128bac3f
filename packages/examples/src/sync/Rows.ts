/**
 * The client's models as table rows: typed columns (dates as epoch milliseconds, flags as 0/1) plus `raw`, the JSON
 * of the model re-encoded with the client's schema. A row is a pure function of the model, so syncing the same data
 * twice writes the same row (the upserts compare `raw` to skip unchanged rows).
 *
 * @since 0.1.0
 */
import type { Conversation } from "@highlevel-effect/client"
import { Message } from "@highlevel-effect/client"
import * as Conv from "@highlevel-effect/client/Conversation"
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"

/**
 * A `messages` row.
 *
 * @since 0.1.0
 * @category models
 */
export type MessageRow = {
  readonly id: string
  readonly location_id: string
  readonly conversation_id: string
  readonly contact_id: string
  readonly type: number
  readonly message_type: string
  readonly direction: string
  readonly status: string | null
  readonly content_type: string | null
  readonly body: string | null
  readonly date_added: number
  readonly date_updated: number | null
  readonly raw: string
}

/**
 * A `conversations` row.
 *
 * @since 0.1.0
 * @category models
 */
export type ConversationRow = {
  readonly id: string
  readonly location_id: string
  readonly contact_id: string
  readonly type: string | null
  readonly unread_count: number | null
  readonly starred: number | null
  readonly inbox: number | null
  readonly assigned_to: string | null
  readonly last_message_date: number | null
  readonly last_message_type: string | null
  readonly last_message_direction: string | null
  readonly last_message_body: string | null
  readonly date_added: number | null
  readonly date_updated: number | null
  readonly raw: string
}

const encodeMessage = Schema.encodeSync(Schema.parseJson(Message.Message))
const encodeConversation = Schema.encodeSync(Schema.parseJson(Conv.ConversationSummary))

const millis = (date: DateTime.DateTime | null | undefined): number | null =>
  date === null || date === undefined ? null : DateTime.toEpochMillis(date)

const flag = (value: boolean | null | undefined): number | null =>
  value === null || value === undefined ? null : value ? 1 : 0

/**
 * When a message last changed: `dateUpdated`, else `dateAdded`. The export sorted by `updatedAt` walks this order.
 *
 * @since 0.1.0
 * @category accessors
 */
export const updatedAt = (message: Message.Message): number =>
  DateTime.toEpochMillis(message.dateUpdated ?? message.dateAdded)

/**
 * @since 0.1.0
 * @category constructors
 */
export const messageRow = (message: Message.Message): MessageRow => ({
  id: message.id,
  location_id: message.locationId,
  conversation_id: message.conversationId,
  contact_id: message.contactId,
  type: message.type,
  message_type: message.messageType,
  direction: message.direction,
  status: message.status ?? null,
  content_type: message.contentType ?? null,
  body: message.body ?? null,
  date_added: DateTime.toEpochMillis(message.dateAdded),
  date_updated: millis(message.dateUpdated),
  raw: encodeMessage(message)
})

/**
 * A search document as a row. `sort` (the search's keyset value) is left out of `raw`: it is a property of the
 * listing, not of the conversation.
 *
 * @since 0.1.0
 * @category constructors
 */
export const conversationRow = (conversation: Conversation.ConversationSummary): ConversationRow => ({
  id: conversation.id,
  location_id: conversation.locationId,
  contact_id: conversation.contactId,
  type: conversation.type ?? null,
  unread_count: conversation.unreadCount ?? null,
  starred: flag(conversation.starred),
  inbox: flag(conversation.inbox),
  assigned_to: conversation.assignedTo ?? null,
  last_message_date: millis(conversation.lastMessageDate),
  last_message_type: conversation.lastMessageType ?? null,
  last_message_direction: conversation.lastMessageDirection ?? null,
  last_message_body: conversation.lastMessageBody ?? null,
  date_added: millis(conversation.dateAdded),
  date_updated: millis(conversation.dateUpdated),
  raw: encodeConversation(new Conv.ConversationSummary({ ...conversation, sort: undefined }))
})
