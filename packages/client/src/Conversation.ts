/**
 * Conversations as the API returns them: the flat object of Get Conversation and the richer documents of Search
 * Conversations.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ContactId, ConversationId, LocationId } from "./Ids.js"
import { channelFromNumber, LenientDateTime, openLiteral, optionalOrNull } from "./internal/schema.js"
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
  assignedTo: optionalOrNull(Schema.String),
  starred: optionalOrNull(Schema.Boolean),
  /** HighLevel's id of the request, when the body carried one: support asks for it. */
  traceId: optionalOrNull(Schema.String)
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
  type: optionalOrNull(ConversationChannelFromWire),
  lastMessageBody: optionalOrNull(Schema.String),
  lastMessageType: optionalOrNull(MessageType),
  lastMessageDirection: optionalOrNull(openLiteral("inbound", "outbound")),
  lastOutboundMessageAction: optionalOrNull(openLiteral("automated", "manual")),
  unreadCount: optionalOrNull(Schema.Number),
  fullName: optionalOrNull(Schema.String),
  contactName: optionalOrNull(Schema.String),
  companyName: optionalOrNull(Schema.String),
  email: optionalOrNull(Schema.String),
  phone: optionalOrNull(Schema.String),
  dateAdded: optionalOrNull(LenientDateTime),
  dateUpdated: optionalOrNull(LenientDateTime),
  lastMessageDate: optionalOrNull(LenientDateTime),
  lastManualMessageDate: optionalOrNull(LenientDateTime),
  inbox: optionalOrNull(Schema.Boolean),
  starred: optionalOrNull(Schema.Boolean),
  deleted: optionalOrNull(Schema.Boolean),
  assignedTo: optionalOrNull(Schema.String),
  followers: optionalOrNull(Schema.Array(Schema.String)),
  mentions: optionalOrNull(Schema.Array(Schema.String)),
  tags: optionalOrNull(Schema.Array(Schema.String)),
  isLastMessageInternalComment: optionalOrNull(Schema.Boolean),
  /** The document's sort key: `sort[0]` is the keyset cursor for the next page (`startAfterDate`). */
  sort: optionalOrNull(Schema.Array(Schema.Union(Schema.Number, Schema.String)))
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
  traceId: optionalOrNull(Schema.String)
}) {}

/**
 * The conversation Create Conversation made (the `conversation` of its answer). Dates arrive as epoch-ms strings.
 *
 * @since 0.1.0
 * @category models
 */
export class CreatedConversation extends Schema.Class<CreatedConversation>(
  "@highlevel-effect/client/CreatedConversation"
)({
  id: ConversationId,
  contactId: ContactId,
  locationId: LocationId,
  deleted: optionalOrNull(Schema.Boolean),
  dateAdded: optionalOrNull(LenientDateTime),
  dateUpdated: optionalOrNull(LenientDateTime),
  lastMessageDate: optionalOrNull(LenientDateTime),
  assignedTo: optionalOrNull(Schema.String)
}) {}

/**
 * The conversation as Update Conversation answers it (the `conversation` of its answer).
 *
 * @since 0.1.0
 * @category models
 */
export class UpdatedConversation extends Schema.Class<UpdatedConversation>(
  "@highlevel-effect/client/UpdatedConversation"
)({
  id: ConversationId,
  contactId: ContactId,
  locationId: LocationId,
  deleted: optionalOrNull(Schema.Boolean),
  inbox: optionalOrNull(Schema.Boolean),
  starred: optionalOrNull(Schema.Boolean),
  unreadCount: optionalOrNull(Schema.Number),
  assignedTo: optionalOrNull(Schema.String),
  userId: optionalOrNull(Schema.String),
  lastMessageBody: optionalOrNull(Schema.String),
  lastMessageType: optionalOrNull(MessageType),
  lastMessageDate: optionalOrNull(LenientDateTime)
}) {}

/**
 * The answer of Delete Conversation.
 *
 * @since 0.1.0
 * @category models
 */
export class DeletedConversation extends Schema.Class<DeletedConversation>(
  "@highlevel-effect/client/DeletedConversation"
)({
  success: Schema.Boolean,
  traceId: optionalOrNull(Schema.String)
}) {}
