/**
 * Messages of a conversation, as returned by `GET /conversations/{conversationId}/messages`.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ContactId, ConversationId, LocationId, MessageId } from "./Ids.js"
import { LenientDateTime, NumberLenient, openLiteral, optionalOrNull } from "./internal/schema.js"

/**
 * Every `TYPE_*` message type the published spec names (the message enum plus the one extra spelling the messages
 * filter uses). Values we send are checked against this list; values we receive are an open enum.
 *
 * @since 0.1.0
 * @category models
 */
export const knownMessageTypes = [
  "TYPE_CALL",
  "TYPE_SMS",
  "TYPE_RCS",
  "TYPE_EMAIL",
  "TYPE_SMS_REVIEW_REQUEST",
  "TYPE_WEBCHAT",
  "TYPE_SMS_NO_SHOW_REQUEST",
  "TYPE_CAMPAIGN_SMS",
  "TYPE_CAMPAIGN_CALL",
  "TYPE_CAMPAIGN_EMAIL",
  "TYPE_CAMPAIGN_VOICEMAIL",
  "TYPE_FACEBOOK",
  "TYPE_CAMPAIGN_FACEBOOK",
  "TYPE_CAMPAIGN_MANUAL_CALL",
  "TYPE_CAMPAIGN_MANUAL_SMS",
  "TYPE_GMB",
  "TYPE_CAMPAIGN_GMB",
  "TYPE_REVIEW",
  "TYPE_INSTAGRAM",
  "TYPE_WHATSAPP",
  "TYPE_CUSTOM_SMS",
  "TYPE_CUSTOM_EMAIL",
  "TYPE_CUSTOM_PROVIDER_SMS",
  "TYPE_CUSTOM_PROVIDER_EMAIL",
  "TYPE_IVR_CALL",
  "TYPE_ACTIVITY_CONTACT",
  "TYPE_ACTIVITY_INVOICE",
  "TYPE_ACTIVITY_PAYMENT",
  "TYPE_ACTIVITY_OPPORTUNITY",
  "TYPE_LIVE_CHAT",
  "TYPE_LIVE_CHAT_INFO_MESSAGE",
  "TYPE_ACTIVITY_APPOINTMENT",
  "TYPE_FACEBOOK_COMMENT",
  "TYPE_INSTAGRAM_COMMENT",
  "TYPE_CUSTOM_CALL",
  "TYPE_INTERNAL_COMMENT",
  "TYPE_ACTIVITY_EMPLOYEE_ACTION_LOG",
  "TYPE_TIKTOK",
  "TYPE_TIKTOK_COMMENT",
  "TYPE_ACTIVITY_WHATSAPP",
  "TYPE_FORM_SUBMISSION",
  "TYPE_SMS_REACTION",
  "TYPE_INTERNAL_COMMENTS"
] as const

/**
 * A message type as received: a known `TYPE_*` literal, or any other string kept as an unknown literal (the list
 * grows; API-NOTES D2/D4).
 *
 * @since 0.1.0
 * @category models
 */
export const MessageType = openLiteral(...knownMessageTypes)

/**
 * @since 0.1.0
 * @category models
 */
export type MessageType = typeof MessageType.Type

/**
 * A message type the client may send as a filter: the closed list of known values, so a typo fails before any
 * request is sent.
 *
 * @since 0.1.0
 * @category models
 */
export const MessageTypeFilter = Schema.Literal(...knownMessageTypes)

/**
 * @since 0.1.0
 * @category models
 */
export type MessageTypeFilter = typeof MessageTypeFilter.Type

/**
 * The direction of a message.
 *
 * @since 0.1.0
 * @category models
 */
export const MessageDirection = openLiteral("inbound", "outbound")

/**
 * The delivery status of a message; call messages also carry call statuses such as `completed` (API-NOTES D4).
 *
 * @since 0.1.0
 * @category models
 */
export const MessageStatus = openLiteral(
  "connected",
  "delivered",
  "failed",
  "opened",
  "pending",
  "read",
  "scheduled",
  "sent",
  "undelivered",
  "clicked",
  "opt_out",
  "queued",
  "completed"
)

/**
 * What produced a message.
 *
 * @since 0.1.0
 * @category models
 */
export const MessageSource = openLiteral("workflow", "bulk_actions", "campaign", "api", "app")

/**
 * The status of a call.
 *
 * @since 0.1.0
 * @category models
 */
export const CallStatus = openLiteral(
  "pending",
  "completed",
  "answered",
  "busy",
  "no-answer",
  "failed",
  "canceled",
  "voicemail"
)

/**
 * Message metadata, normalised: calls under `call` (duration in seconds), email threads under `email`.
 *
 * @since 0.1.0
 * @category models
 */
export const MessageMeta = Schema.Struct({
  call: Schema.optional(Schema.Struct({
    duration: Schema.optional(Schema.Number),
    status: Schema.optional(CallStatus)
  })),
  email: Schema.optional(Schema.Struct({
    messageIds: Schema.optional(Schema.Array(Schema.String))
  }))
})

/**
 * @since 0.1.0
 * @category models
 */
export type MessageMeta = typeof MessageMeta.Type

// Both shapes of `meta` on the wire (API-NOTES D3): the documented `{callDuration, callStatus}` and the real
// `{call: {duration, status}}`; durations come as numbers or numeric strings.
const WireMessageMeta = Schema.Struct({
  callDuration: optionalOrNull(NumberLenient),
  callStatus: optionalOrNull(Schema.String),
  call: optionalOrNull(Schema.Struct({
    duration: optionalOrNull(NumberLenient),
    status: optionalOrNull(Schema.String)
  })),
  email: optionalOrNull(Schema.Struct({
    messageIds: optionalOrNull(Schema.Array(Schema.String))
  }))
})

/**
 * Decodes either wire shape of `meta` into {@link MessageMeta}; encodes the real (nested) shape.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessageMetaFromWire = Schema.transform(WireMessageMeta, MessageMeta, {
  strict: true,
  decode: (wire) => {
    const duration = wire.call?.duration ?? wire.callDuration
    const status = wire.call?.status ?? wire.callStatus
    const hasCall = duration !== undefined || status !== undefined
    return {
      ...(hasCall
        ? { call: { ...(duration !== undefined ? { duration } : {}), ...(status !== undefined ? { status } : {}) } }
        : {}),
      ...(wire.email !== undefined ? { email: wire.email } : {})
    }
  },
  encode: (meta) => meta
})

/**
 * One message. Only `id`, `type`, `messageType`, the three owner ids, `dateAdded` and `direction` are required: calls
 * have no `body`, inbound calls no `userId`.
 *
 * @since 0.1.0
 * @category models
 */
export class Message extends Schema.Class<Message>("@highlevel-effect/client/Message")({
  id: MessageId,
  type: Schema.Number,
  messageType: MessageType,
  locationId: LocationId,
  contactId: ContactId,
  conversationId: ConversationId,
  dateAdded: LenientDateTime,
  direction: MessageDirection,
  status: optionalOrNull(MessageStatus),
  contentType: optionalOrNull(Schema.String),
  body: optionalOrNull(Schema.String),
  attachments: optionalOrNull(Schema.Array(Schema.String)),
  meta: optionalOrNull(MessageMetaFromWire),
  source: optionalOrNull(MessageSource),
  userId: optionalOrNull(Schema.String),
  conversationProviderId: optionalOrNull(Schema.String),
  chatWidgetId: optionalOrNull(Schema.String),
  altId: optionalOrNull(Schema.String),
  dateUpdated: optionalOrNull(LenientDateTime)
}) {}

/**
 * One page of messages, newest first. `nextPage` says more messages exist after `lastMessageId`, the cursor of the
 * next page.
 *
 * @since 0.1.0
 * @category models
 */
export class MessagesPage extends Schema.Class<MessagesPage>("@highlevel-effect/client/MessagesPage")({
  lastMessageId: optionalOrNull(MessageId),
  nextPage: Schema.Boolean,
  messages: Schema.Array(Message),
  traceId: optionalOrNull(Schema.String)
}) {}

const MessagesPageInner = Schema.Struct({
  lastMessageId: optionalOrNull(MessageId),
  nextPage: Schema.Boolean,
  messages: Schema.Array(Message)
})

// The real API wraps the page in `{ messages: {...}, traceId }` while the spec documents it flat (API-NOTES D1).
const WrappedMessagesPage = Schema.transform(
  Schema.Struct({ messages: MessagesPageInner, traceId: optionalOrNull(Schema.String) }),
  Schema.typeSchema(MessagesPage),
  {
    strict: true,
    decode: ({ messages, traceId }) =>
      new MessagesPage({ ...messages, ...(traceId !== undefined ? { traceId } : {}) }, { disableValidation: true }),
    encode: ({ traceId, ...messages }) => ({ messages, ...(traceId !== undefined ? { traceId } : {}) })
  }
)

/**
 * Decodes a messages response in either shape, wrapped (what the API sends) or flat (what the spec documents).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessagesPageFromWire = Schema.Union(WrappedMessagesPage, MessagesPage)
