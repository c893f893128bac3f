/**
 * The JSON the mock puts on the wire, as schemas. The mock owns these shapes (it never imports the client's
 * schemas), so a schema bug on one side cannot hide on the other. They follow the project's API notes, not the
 * OpenAPI examples. Tests validate every body the mock emits against them.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const Direction = Schema.Literal("inbound", "outbound")

/**
 * A search document (GET /conversations/search): dates are epoch-ms numbers, `type` is a `TYPE_*` string and
 * `sort[0]` is the keyset value to send back as `startAfterDate`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SearchConversation = Schema.Struct({
  id: Schema.String,
  contactId: Schema.String,
  locationId: Schema.String,
  lastMessageBody: Schema.String,
  lastMessageType: Schema.optional(Schema.String),
  type: Schema.String,
  unreadCount: Schema.Number,
  fullName: Schema.String,
  contactName: Schema.String,
  email: Schema.String,
  phone: Schema.String,
  companyName: Schema.optional(Schema.String),
  tags: Schema.Array(Schema.String),
  dateAdded: Schema.Number,
  dateUpdated: Schema.Number,
  lastMessageDate: Schema.Number,
  lastManualMessageDate: Schema.optional(Schema.Number),
  lastMessageDirection: Schema.optional(Direction),
  lastOutboundMessageAction: Schema.optional(Schema.Literal("automated", "manual")),
  inbox: Schema.Boolean,
  starred: Schema.Boolean,
  deleted: Schema.Boolean,
  assignedTo: Schema.optional(Schema.String),
  followers: Schema.Array(Schema.String),
  mentions: Schema.Array(Schema.String),
  isLastMessageInternalComment: Schema.Boolean,
  sort: Schema.Tuple(Schema.Number)
})

/**
 * @since 0.1.0
 * @category models
 */
export type SearchConversation = typeof SearchConversation.Type

/**
 * The 200 body of GET /conversations/search (`total` counts every match, not the page).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SearchResponse = Schema.Struct({
  conversations: Schema.Array(SearchConversation),
  total: Schema.Number,
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type SearchResponse = typeof SearchResponse.Type

/**
 * GET /conversations/{conversationId}: the flat object with a numeric `type` (1 Phone … 5 Group SMS). Only the
 * documented fields (plus `traceId`) are emitted, so a client cannot come to depend on fields the real API may not
 * send.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Conversation = Schema.Struct({
  id: Schema.String,
  contactId: Schema.String,
  locationId: Schema.String,
  deleted: Schema.Boolean,
  inbox: Schema.Boolean,
  type: Schema.Number,
  unreadCount: Schema.Number,
  assignedTo: Schema.optional(Schema.String),
  starred: Schema.Boolean
})

/**
 * @since 0.1.0
 * @category models
 */
export type Conversation = typeof Conversation.Type

/**
 * The 200 body of GET /conversations/{conversationId}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConversationResponse = Schema.Struct({ ...Conversation.fields, traceId: Schema.String })

/**
 * `meta` of a message in the shape real traffic shows (`call`, not `callDuration`/`callStatus`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessageMeta = Schema.Struct({
  call: Schema.optional(Schema.Struct({ duration: Schema.Number, status: Schema.String })),
  email: Schema.optional(Schema.Struct({ messageIds: Schema.Array(Schema.String) }))
})

/**
 * A message: `dateAdded` is an ISO string; calls have no `body`, inbound ones no `userId`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Message = Schema.Struct({
  id: Schema.String,
  type: Schema.Number,
  messageType: Schema.String,
  locationId: Schema.String,
  contactId: Schema.String,
  conversationId: Schema.String,
  dateAdded: Schema.String,
  dateUpdated: Schema.String,
  direction: Direction,
  contentType: Schema.String,
  body: Schema.optional(Schema.String),
  status: Schema.optional(Schema.String),
  attachments: Schema.Array(Schema.String),
  meta: Schema.optional(MessageMeta),
  source: Schema.optional(Schema.String),
  userId: Schema.optional(Schema.String),
  conversationProviderId: Schema.optional(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Message = typeof Message.Type

/**
 * One page of messages, newest first. `lastMessageId` is absent when the page is empty (there is no last message
 * to name); `nextPage` tells whether more messages follow it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessagesPage = Schema.Struct({
  lastMessageId: Schema.optional(Schema.String),
  nextPage: Schema.Boolean,
  messages: Schema.Array(Message)
})

/**
 * @since 0.1.0
 * @category models
 */
export type MessagesPage = typeof MessagesPage.Type

/**
 * The 200 body of GET /conversations/{conversationId}/messages as real traffic shows it (the default).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessagesResponseWrapped = Schema.Struct({ messages: MessagesPage, traceId: Schema.String })

/**
 * The documented (flat) 200 body, served with `messagesShape: "flat"`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessagesResponseFlat = Schema.Struct({ ...MessagesPage.fields, traceId: Schema.String })

/**
 * Every error body of the API routes: `message` is a string, or a list of strings for 422.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorBody = Schema.Struct({
  statusCode: Schema.Number,
  message: Schema.Union(Schema.String, Schema.Array(Schema.String)),
  error: Schema.optional(Schema.String),
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type ErrorBody = typeof ErrorBody.Type

/**
 * The 200 body of POST /oauth/token.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String,
  token_type: Schema.Literal("Bearer"),
  expires_in: Schema.Number,
  refresh_token: Schema.String,
  scope: Schema.String,
  userType: Schema.Literal("Location"),
  locationId: Schema.String,
  companyId: Schema.String,
  userId: Schema.String,
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type TokenResponse = typeof TokenResponse.Type

/**
 * The 200 body of POST /conversations/messages/upload: each file's name → the URL the mock serves it at.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadFilesResponse = Schema.Struct({
  uploadedFiles: Schema.Record({ key: Schema.String, value: Schema.String }),
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type UploadFilesResponse = typeof UploadFilesResponse.Type

/**
 * The error body the spec documents for the multipart upload (`UploadFilesErrorResponseDto`): `status`, not
 * `statusCode`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UploadErrorBody = Schema.Struct({
  status: Schema.Literal(400, 413, 415),
  message: Schema.String,
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type UploadErrorBody = typeof UploadErrorBody.Type

/**
 * The 200 body of POST /conversations/messages/upload/initiate: the signed URL to PUT the bytes to.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InitiateUploadResponse = Schema.Struct({
  uploadUrl: Schema.String,
  uploadId: Schema.String,
  filePath: Schema.String,
  /** Epoch ms: 15 minutes after the initiate, on the mock's clock. */
  expiresAt: Schema.Number,
  maxFileSize: Schema.Number,
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type InitiateUploadResponse = typeof InitiateUploadResponse.Type

/**
 * The 200 body of POST /conversations/messages/upload/complete.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CompleteUploadResponse = Schema.Struct({
  uploadedFiles: Schema.Record({ key: Schema.String, value: Schema.String }),
  metadata: Schema.Struct({ size: Schema.Number, contentType: Schema.String }),
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type CompleteUploadResponse = typeof CompleteUploadResponse.Type

/**
 * One sentence of a call's transcription (`GetMessageTranscriptionResponseDto`); the 200 body of get-message-
 * transcription is an array of them.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranscriptionSentence = Schema.Struct({
  mediaChannel: Schema.Number,
  sentenceIndex: Schema.Number,
  startTime: Schema.Number,
  endTime: Schema.Number,
  transcript: Schema.String,
  confidence: Schema.Number
})

/**
 * @since 0.1.0
 * @category models
 */
export type TranscriptionSentence = typeof TranscriptionSentence.Type

/**
 * The 200 body of get-message-transcription.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TranscriptionResponse = Schema.Array(TranscriptionSentence)

/**
 * @since 0.1.0
 * @category models
 */
export type TranscriptionResponse = typeof TranscriptionResponse.Type

/**
 * The 201 body of POST /conversations/providers/live-chat/typing.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LiveChatTypingResponse = Schema.Struct({ success: Schema.Boolean, traceId: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type LiveChatTypingResponse = typeof LiveChatTypingResponse.Type

/**
 * A custom subscription subtype of a location (the body is undocumented: these are the mock's fields).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomSubtype = Schema.Struct({
  id: Schema.String,
  locationId: Schema.String,
  name: Schema.String,
  description: Schema.optional(Schema.String),
  channel: Schema.Literal("email", "sms"),
  language: Schema.String,
  archived: Schema.Boolean,
  resubscription_legal_form_id: Schema.optional(Schema.String),
  /** ISO strings. */
  dateAdded: Schema.String,
  dateUpdated: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type CustomSubtype = typeof CustomSubtype.Type

/**
 * The 200 body of get-all-custom-subtypes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomSubtypesResponse = Schema.Struct({
  customSubtypes: Schema.Array(CustomSubtype),
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type CustomSubtypesResponse = typeof CustomSubtypesResponse.Type

/**
 * The body of create-custom-subtype (201) and update-custom-subtype (200).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CustomSubtypeResponse = Schema.Struct({ customSubtype: CustomSubtype, traceId: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export type CustomSubtypeResponse = typeof CustomSubtypeResponse.Type

const SubscriptionStatus = Schema.Literal("subscribed", "unsubscribed")

/**
 * One subscription of an email: to the default type (`One on One`) or to a custom subtype; the fields of the
 * spec's `SubscriptionActionDto`, so a status can be sent back as a change.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Subscription = Schema.Union(
  Schema.Struct({ type: Schema.Literal("default"), subtype_name: Schema.String, subtype_status: SubscriptionStatus }),
  Schema.Struct({
    type: Schema.Literal("custom"),
    subtype_id: Schema.String,
    subtype_name: Schema.String,
    subtype_status: SubscriptionStatus
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export type Subscription = typeof Subscription.Type

/**
 * The subscriptions of one email of a contact.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EmailSubscriptions = Schema.Struct({ email: Schema.String, subscriptions: Schema.Array(Subscription) })

/**
 * The 200 body of get-contact-unsubscription-status.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UnsubscriptionStatusResponse = Schema.Struct({
  contactId: Schema.String,
  locationId: Schema.String,
  statuses: Schema.Array(EmailSubscriptions),
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type UnsubscriptionStatusResponse = typeof UnsubscriptionStatusResponse.Type

/**
 * The 201 body of user-subscription-change: the email's subscriptions after the change.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SubscriptionChangeResponse = Schema.Struct({
  success: Schema.Literal(true),
  contactId: Schema.String,
  ...EmailSubscriptions.fields,
  traceId: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export type SubscriptionChangeResponse = typeof SubscriptionChangeResponse.Type
