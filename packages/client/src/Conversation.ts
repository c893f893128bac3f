/**
 * Conversations as the API returns them: the flat object of Get Conversation and the richer documents of Search
 * Conversations.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ContactId, ConversationId, LocationId } from "./Ids.js"
import { channelFromNumber, LenientDateTime, openLiteral } from "./internal/schema.js"
import { MessageType } from "./Message.js"

/**
 * The channel of a conversation. Get Conversation sends it as a number (1 Phone … 6 Internal Chat) and Search
 * Conversations as a string (`TYPE_PHONE` …); both normalise to these strings, and any other value is kept as an
 * unknown literal rather than failing.
 *
 * @since 0.1.0
 * @category models
 */
export const ConversationChannel = openLiteral(
  "TYPE_PHONE",
  "TYPE_EMAIL",
  "TYPE_FB_MESSENGER",
  "TYPE_REVIEW",
  "TYPE_GROUP_SMS",
  "TYPE_INTERNAL_CHAT"
)

/**
 * @since 0.1.0
 * @category models
 */
export type ConversationChannel = typeof ConversationChannel.Type

/**
 * Decodes a channel sent as a number or a string into a {@link ConversationChannel}. An undocumented number `n`
 * becomes the unknown literal `TYPE_UNKNOWN_n`, so nothing is lost and nothing fails.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationChannelFromWire = Schema.transform(
  Schema.Union(Schema.String, Schema.Number),
  ConversationChannel,
  {
    strict: true,
    decode: (wire) => typeof wire === "string" ? wire : channelFromNumber(wire),
    encode: (channel) => channel
  }
)

/**
 * A conversation as returned by `GET /conversations/{conversationId}`.
 *
 * @since 0.1.0
 * @category models
 */
export class Conversation extends Schema.Class<Conversation>("@highlevel-effect/client/Conversation")({
  id: ConversationId,
  contactId: ContactId,
  locationId: LocationId,
  deleted: Schema.Boolean,
  inbox: Schema.Boolean,
  type: ConversationChannelFromWire,
  unreadCount: Schema.Number,
  assignedTo: Schema.optional(Schema.String),
  starred: Schema.optional(Schema.Boolean),
  /** HighLevel's id of the request, when the body carried one: support asks for it. */
  traceId: Schema.optional(Schema.String)
}) {}

/**
 * A conversation as listed by `GET /conversations/search`. Real documents carry far more than the documented fields
 * (API-NOTES D5): the extra ones decode as optional, unknown ones are dropped, and dates may be epoch-ms numbers.
 *
 * @since 0.1.0
 * @category models
 */
export class ConversationSummary extends Schema.Class<ConversationSummary>(
  "@highlevel-effect/client/ConversationSummary"
)({
  id: ConversationId,
  contactId: ContactId,
  locationId: LocationId,
  type: Schema.optional(ConversationChannelFromWire),
  lastMessageBody: Schema.optional(Schema.String),
  lastMessageType: Schema.optional(MessageType),
  lastMessageDirection: Schema.optional(openLiteral("inbound", "outbound")),
  lastOutboundMessageAction: Schema.optional(openLiteral("automated", "manual")),
  unreadCount: Schema.optional(Schema.Number),
  fullName: Schema.optional(Schema.String),
  contactName: Schema.optional(Schema.String),
  companyName: Schema.optional(Schema.String),
  email: Schema.optional(Schema.String),
  phone: Schema.optional(Schema.String),
  dateAdded: Schema.optional(LenientDateTime),
  dateUpdated: Schema.optional(LenientDateTime),
  lastMessageDate: Schema.optional(LenientDateTime),
  lastManualMessageDate: Schema.optional(LenientDateTime),
  inbox: Schema.optional(Schema.Boolean),
  starred: Schema.optional(Schema.Boolean),
  deleted: Schema.optional(Schema.Boolean),
  assignedTo: Schema.optional(Schema.String),
  followers: Schema.optional(Schema.Array(Schema.String)),
  mentions: Schema.optional(Schema.Array(Schema.String)),
  tags: Schema.optional(Schema.Array(Schema.String)),
  isLastMessageInternalComment: Schema.optional(Schema.Boolean),
  /** The document's sort key: `sort[0]` is the keyset cursor for the next page (`startAfterDate`). */
  sort: Schema.optional(Schema.Array(Schema.Union(Schema.Number, Schema.String)))
}) {}

/**
 * One page of `GET /conversations/search`: `total` counts every match, not just this page.
 *
 * @since 0.1.0
 * @category models
 */
export class SearchConversationsPage extends Schema.Class<SearchConversationsPage>(
  "@highlevel-effect/client/SearchConversationsPage"
)({
  conversations: Schema.Array(ConversationSummary),
  total: Schema.Number,
  traceId: Schema.optional(Schema.String)
}) {}
