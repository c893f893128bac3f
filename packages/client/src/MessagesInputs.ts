/**
 * The inputs of the message operations, as Schemas: each is checked before anything is sent (`InvalidInputError`
 * naming the field, nothing on the wire) and encodes the request body (or query) by the same Schema.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Schema from "effect/Schema"

const Id = Schema.NonEmptyTrimmedString

// An address as class-validator's `IsEmail` would roughly take it: something@something, no spaces.
const EmailAddress = Schema.String.pipe(
  Schema.pattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: () => "Expected an email address" })
)

// An attachment is a URL HighLevel (or the provider) can fetch: http or https.
const AttachmentUrl = Schema.String.pipe(
  Schema.filter((url) => {
    if (!URL.canParse(url)) return "Expected an http(s) URL"
    const protocol = new URL(url).protocol
    return protocol === "http:" || protocol === "https:" ? undefined : "Expected an http(s) URL"
  })
)

/**
 * The most attachment URLs one message carries. Add Message Attachments documents "Maximum 5 URLs"; the send
 * documents none, and the client holds it to the same 5 (a project decision: one limit per message).
 *
 * @since 0.1.0
 * @category constants
 */
export const maxAttachments = 5

const Attachments = Schema.Array(AttachmentUrl).pipe(
  Schema.maxItems(maxAttachments, { message: () => `Expected at most ${maxAttachments} attachments` })
)

const WholeSeconds = Schema.Int.pipe(
  Schema.between(1, 1e11 - 1, {
    message: () => "Expected UTC epoch seconds (a whole number of seconds, not milliseconds)"
  })
)

/**
 * A point in time, sent as UTC epoch **seconds** (what `scheduledTimestamp` is on the wire): a `DateTime.Utc`, or a
 * whole number of seconds. A value in milliseconds (more than 10^11, i.e. after the year 5138 in seconds) is refused,
 * since it is the likely mistake.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EpochSeconds = Schema.transform(
  WholeSeconds,
  Schema.Union(WholeSeconds, Schema.DateTimeUtcFromSelf),
  {
    strict: true,
    decode: (seconds) => seconds,
    encode: (value) => typeof value === "number" ? value : Math.floor(DateTime.toEpochMillis(value) / 1000)
  }
)

/**
 * The channels of Send Message.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SendMessageType = Schema.Literal(
  "SMS",
  "RCS",
  "Email",
  "WhatsApp",
  "IG",
  "FB",
  "Custom",
  "Live_Chat",
  "TIKTOK"
)

/**
 * @since 0.1.0
 * @category models
 */
export type SendMessageType = typeof SendMessageType.Type

/**
 * The status a provider may set on a message (Send Message, Update Message Status).
 *
 * @since 0.1.0
 * @category schemas
 */
export const WritableMessageStatus = Schema.Literal("delivered", "failed", "pending", "read")

const ForwardConfig = Schema.Struct({
  isForwarded: Schema.Boolean,
  forwardWholeThread: Schema.optional(Schema.Boolean),
  messageId: Schema.optional(Id),
  emailMessageId: Schema.optional(Id),
  sourceContactId: Schema.optional(Id),
  sourceConversationId: Schema.optional(Id),
  toEmail: Schema.optional(EmailAddress),
  recipientContactId: Schema.optional(Id),
  recipientConversationId: Schema.optional(Id)
})

const nonBlank = (text: string | undefined): boolean => text !== undefined && text.trim() !== ""

/**
 * Send Message (`POST /conversations/messages`). Only `type` and `contactId` are required (API-NOTES: `status` and
 * `subType`, required by the spec, are set by the system); the contact is the recipient (`emailTo`, `toNumber`
 * override the address). An `Email` needs a `subject` and an `html` or `message` body; any other type needs a
 * `message` or attachments. `scheduledTimestamp` (epoch seconds, or a `DateTime`) schedules the message.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SendMessageInput = Schema.Struct({
  type: SendMessageType,
  contactId: Id,
  message: Schema.optional(Schema.String),
  html: Schema.optional(Schema.String),
  subject: Schema.optional(Schema.String),
  attachments: Schema.optional(Attachments),
  subType: Schema.optional(Schema.String),
  status: Schema.optional(WritableMessageStatus),
  appointmentId: Schema.optional(Id),
  emailFrom: Schema.optional(Schema.String),
  emailTo: Schema.optional(EmailAddress),
  emailCc: Schema.optional(Schema.Array(EmailAddress)),
  emailBcc: Schema.optional(Schema.Array(EmailAddress)),
  emailReplyMode: Schema.optional(Schema.Literal("reply", "reply_all")),
  replyMessageId: Schema.optional(Id),
  templateId: Schema.optional(Id),
  threadId: Schema.optional(Id),
  scheduledTimestamp: Schema.optional(EpochSeconds),
  conversationProviderId: Schema.optional(Id),
  customSubtypeId: Schema.optional(Id),
  fromNumber: Schema.optional(Id),
  toNumber: Schema.optional(Id),
  forward: Schema.optional(ForwardConfig),
  usesNativeSchedulingAi: Schema.optional(Schema.Boolean),
  optimizationPeriod: Schema.optional(Schema.Literal("24h", "48h", "72h"))
}).pipe(Schema.filter((input) => {
  if (input.type === "Email") {
    return [
      nonBlank(input.subject) ? undefined : { path: ["subject"], message: "an Email needs a subject" },
      nonBlank(input.html) || nonBlank(input.message)
        ? undefined
        : { path: ["html"], message: "an Email needs a body: html or message" }
    ].filter((issue) => issue !== undefined)
  }
  return nonBlank(input.message) || (input.attachments !== undefined && input.attachments.length > 0)
    ? undefined
    : { path: ["message"], message: `a ${input.type} message needs a message or attachments` }
}))

/**
 * @since 0.1.0
 * @category models
 */
export type SendMessageInput = typeof SendMessageInput.Type

const CallData = Schema.Struct({
  to: Schema.optional(Schema.String),
  from: Schema.optional(Schema.String),
  status: Schema.optional(
    Schema.Literal("pending", "completed", "answered", "busy", "no-answer", "failed", "canceled", "voicemail")
  )
})

/**
 * The channels of Add Inbound Message.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InboundMessageType = Schema.Literal(
  "SMS",
  "RCS",
  "Email",
  "WhatsApp",
  "GMB",
  "IG",
  "FB",
  "Custom",
  "WebChat",
  "Live_Chat",
  "Call",
  "IVR_Call",
  "Campaign_Call",
  "Campaign_VoiceMail",
  "TIKTOK",
  "ALL_IN_ONE_CHAT",
  "FORM_SUBMISSION"
)

/**
 * Add Inbound Message (`POST /conversations/messages/inbound`), for conversation provider apps: the fields the spec
 * requires are `type`, `conversationId`, `contactId` and `conversationProviderId`. `date` is sent as an ISO string.
 *
 * @since 0.1.0
 * @category schemas
 */
export const InboundMessageInput = Schema.Struct({
  type: InboundMessageType,
  conversationId: Id,
  contactId: Id,
  conversationProviderId: Id,
  message: Schema.optional(Schema.String),
  html: Schema.optional(Schema.String),
  subject: Schema.optional(Schema.String),
  attachments: Schema.optional(Attachments),
  emailFrom: Schema.optional(Schema.String),
  emailTo: Schema.optional(EmailAddress),
  emailCc: Schema.optional(Schema.Array(EmailAddress)),
  emailBcc: Schema.optional(Schema.Array(EmailAddress)),
  emailMessageId: Schema.optional(Id),
  altId: Schema.optional(Id),
  direction: Schema.optional(Schema.Literal("inbound", "outbound")),
  date: Schema.optional(Schema.DateTimeUtc),
  call: Schema.optional(CallData)
})

/**
 * @since 0.1.0
 * @category models
 */
export type InboundMessageInput = typeof InboundMessageInput.Type

/**
 * Add Outbound Message (`POST /conversations/messages/outbound`): an external call a provider app made.
 *
 * @since 0.1.0
 * @category schemas
 */
export const OutboundCallInput = Schema.Struct({
  type: Schema.Literal("Call"),
  conversationId: Id,
  conversationProviderId: Id,
  attachments: Schema.optional(Attachments),
  altId: Schema.optional(Id),
  date: Schema.optional(Schema.DateTimeUtc),
  call: Schema.optional(CallData)
})

/**
 * @since 0.1.0
 * @category models
 */
export type OutboundCallInput = typeof OutboundCallInput.Type

/**
 * Send Review Reply (`POST /conversations/messages/review-reply`). `locationId` defaults to the client's location.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ReviewReplyInput = Schema.Struct({
  conversationId: Id,
  message: Schema.NonEmptyTrimmedString,
  locationId: Schema.optional(Id)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ReviewReplyInput = typeof ReviewReplyInput.Type

/**
 * Update Message Status (`PUT /conversations/messages/{messageId}/status`): only the conversation provider's app
 * may do it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UpdateMessageStatusInput = Schema.Struct({
  status: WritableMessageStatus,
  error: Schema.optional(Schema.Struct({ code: Schema.String, type: Schema.String, message: Schema.String })),
  emailMessageId: Schema.optional(Id),
  recipients: Schema.optional(Schema.Array(Schema.String))
})

/**
 * @since 0.1.0
 * @category models
 */
export type UpdateMessageStatusInput = typeof UpdateMessageStatusInput.Type

/**
 * Add Message Attachments (`PUT /conversations/messages/{messageId}/attachments`): the list replaces the message's
 * attachments, at most {@link maxAttachments} URLs.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AddAttachmentsInput = Schema.Struct({
  attachments: Attachments
})

/**
 * @since 0.1.0
 * @category models
 */
export type AddAttachmentsInput = typeof AddAttachmentsInput.Type

/**
 * The channels of the location export. Without one the export returns every non-email type.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExportChannel = Schema.Literal("Call", "SMS", "Email", "WhatsApp", "Instagram", "Facebook")

/**
 * The page size of the export: 10 to 500 (HighLevel answers 422 outside).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExportLimit = Schema.Int.pipe(Schema.between(10, 500))

/**
 * The parameters of Export Messages (`GET /conversations/messages/export`). `locationId` defaults to the client's
 * location; `startDate` / `endDate` are sent as ISO strings; `cursor` is the previous page's `nextCursor` (the
 * stream follows it for you).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ExportMessagesParams = Schema.Struct({
  locationId: Schema.optional(Id),
  limit: Schema.optional(ExportLimit),
  cursor: Schema.optional(Id),
  sortBy: Schema.optional(Schema.Literal("createdAt", "updatedAt")),
  sortOrder: Schema.optional(Schema.Literal("asc", "desc")),
  conversationId: Schema.optional(Id),
  contactId: Schema.optional(Id),
  channel: Schema.optional(ExportChannel),
  startDate: Schema.optional(Schema.DateTimeUtc),
  endDate: Schema.optional(Schema.DateTimeUtc)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ExportMessagesParams = typeof ExportMessagesParams.Type
