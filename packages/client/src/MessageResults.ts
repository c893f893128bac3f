/**
 * What the message operations answer: the ids a send or an added message got, an email with its body, a page of the
 * location export, a cancelled schedule. Decoded leniently: unknown fields dropped, `null` optional fields absent.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ContactId, ConversationId, LocationId, MessageId } from "./Ids.js"
import { LenientDateTime, optionalOrNull } from "./internal/schema.js"
import { Message, MessageDirection, MessageSource, MessageStatus } from "./Message.js"

/**
 * The answer of Send Message, Send Review Reply and Update Message Status: the conversation (created by a send to a
 * contact without one) and the message. An email also gets `emailMessageId`; a send to several recipients lists
 * `messageIds`.
 *
 * @since 0.1.0
 * @category models
 */
export class SentMessage extends Schema.Class<SentMessage>("@highlevel-effect/client/SentMessage")({
  conversationId: ConversationId,
  messageId: MessageId,
  emailMessageId: optionalOrNull(Schema.String),
  messageIds: optionalOrNull(Schema.Array(MessageId)),
  status: optionalOrNull(MessageStatus),
  msg: optionalOrNull(Schema.String),
  traceId: optionalOrNull(Schema.String)
}) {}

/**
 * The answer of Add Inbound Message and Add Outbound Message.
 *
 * @since 0.1.0
 * @category models
 */
export class AddedMessage extends Schema.Class<AddedMessage>("@highlevel-effect/client/AddedMessage")({
  conversationId: ConversationId,
  messageId: MessageId,
  success: optionalOrNull(Schema.Boolean),
  message: optionalOrNull(Schema.String),
  contactId: optionalOrNull(ContactId),
  dateAdded: optionalOrNull(LenientDateTime),
  emailMessageId: optionalOrNull(Schema.String),
  traceId: optionalOrNull(Schema.String)
}) {}

/**
 * The answer of the two cancel-scheduled operations: HighLevel's status code and message.
 *
 * @since 0.1.0
 * @category models
 */
export class CancelledSchedule extends Schema.Class<CancelledSchedule>("@highlevel-effect/client/CancelledSchedule")({
  status: optionalOrNull(Schema.Number),
  message: optionalOrNull(Schema.String),
  traceId: optionalOrNull(Schema.String)
}) {}

/**
 * An email message with its body, as Get Email by Id returns it (get-messages leaves email bodies out).
 *
 * @since 0.1.0
 * @category models
 */
export class EmailMessage extends Schema.Class<EmailMessage>("@highlevel-effect/client/EmailMessage")({
  id: Schema.String,
  locationId: LocationId,
  contactId: ContactId,
  conversationId: ConversationId,
  dateAdded: LenientDateTime,
  direction: MessageDirection,
  threadId: optionalOrNull(Schema.String),
  altId: optionalOrNull(Schema.String),
  subject: optionalOrNull(Schema.String),
  body: optionalOrNull(Schema.String),
  status: optionalOrNull(MessageStatus),
  contentType: optionalOrNull(Schema.String),
  attachments: optionalOrNull(Schema.Array(Schema.String)),
  provider: optionalOrNull(Schema.String),
  from: optionalOrNull(Schema.String),
  to: optionalOrNull(Schema.Array(Schema.String)),
  cc: optionalOrNull(Schema.Array(Schema.String)),
  bcc: optionalOrNull(Schema.Array(Schema.String)),
  replyToMessageId: optionalOrNull(Schema.String),
  source: optionalOrNull(MessageSource),
  conversationProviderId: optionalOrNull(Schema.String)
}) {}

/**
 * One page of the location export: `nextCursor` (absent or `null` on the last page) fetches the next; `total`
 * counts every match.
 *
 * @since 0.1.0
 * @category models
 */
export class ExportMessagesPage extends Schema.Class<ExportMessagesPage>(
  "@highlevel-effect/client/ExportMessagesPage"
)({
  messages: Schema.Array(Message),
  nextCursor: optionalOrNull(Schema.String),
  total: optionalOrNull(Schema.Number),
  traceId: optionalOrNull(Schema.String)
}) {}

// The single resources come flat (as the spec documents them) or wrapped in their name, as the messages page is
// on the real API (API-NOTES D1): both decode.

/**
 * Get Message's answer, flat or wrapped in `message`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const MessageFromWire = Schema.Union(
  Message,
  Schema.transform(Schema.Struct({ message: Message }), Schema.typeSchema(Message), {
    strict: true,
    decode: ({ message }) => message,
    encode: (message) => ({ message })
  })
)

/**
 * Get Email by Id's answer, flat or wrapped in `emailMessage`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EmailMessageFromWire = Schema.Union(
  EmailMessage,
  Schema.transform(Schema.Struct({ emailMessage: EmailMessage }), Schema.typeSchema(EmailMessage), {
    strict: true,
    decode: ({ emailMessage }) => emailMessage,
    encode: (emailMessage) => ({ emailMessage })
  })
)
