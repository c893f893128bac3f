/**
 * The events HighLevel pushes to an app's webhook URL, as Schemas: `InboundMessage`, `OutboundMessage`,
 * `ConversationUnreadUpdate`, `LCEmailStats` and the provider's `ProviderOutboundMessage`, each with the fields real
 * traffic adds to the documented ones (`webhookId`, `timestamp`, `versionId`, `appId`, `messageTypeId`,
 * `messageTypeString`). Decoding is lenient like the API models (unknown fields are dropped, enums are open, `null`
 * reads as absent), and an event type this module does not know decodes as an {@link UnknownEvent} carrying the whole
 * payload, never as a failure.
 *
 * @since 0.2.0
 */
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { ContactId, ConversationId, LocationId, MessageId } from "./Ids.js"
import { LenientDateTime, NumberLenient, openLiteral, optionalOrNull } from "./internal/schema.js"

// `to`, `cc` and `bcc` are documented as strings and sent as arrays in the docs' own examples: accept both, keep arrays.
const Addresses = Schema.transform(
  Schema.Union(Schema.String, Schema.Array(Schema.String)),
  Schema.Array(Schema.String),
  {
    strict: true,
    decode: (wire) => typeof wire === "string" ? [wire] : wire,
    encode: (addresses) => addresses
  }
)

/**
 * The fields HighLevel adds to every event in real traffic, though the event docs list none of them
 * (highlevel-api-docs #224, #260). `webhookId` and `timestamp` are what replay protection checks.
 *
 * @since 0.2.0
 * @category schemas
 */
export const deliveryFields = {
  /** The id of this delivery; a repeat of it is a replay. */
  webhookId: optionalOrNull(Schema.String),
  /** When HighLevel sent the event (ISO in real traffic; epoch ms accepted too). */
  timestamp: optionalOrNull(LenientDateTime),
  versionId: optionalOrNull(Schema.String),
  appId: optionalOrNull(Schema.String),
  /** The message type as a number, beside the event's `messageType` (real traffic only). */
  messageTypeId: optionalOrNull(NumberLenient),
  /** The `TYPE_*` spelling of the message type, e.g. `TYPE_CUSTOM_PROVIDER_SMS` (real traffic only). */
  messageTypeString: optionalOrNull(Schema.String)
}

// The fields InboundMessage and OutboundMessage share: the documented message and email schemas, merged.
const messageFields = {
  locationId: LocationId,
  messageId: optionalOrNull(MessageId),
  conversationId: optionalOrNull(ConversationId),
  contactId: optionalOrNull(ContactId),
  /** The docs' examples disagree (`OutboundMessage` with `direction: "inbound"`): trust `type`, not this. */
  direction: optionalOrNull(openLiteral("inbound", "outbound")),
  /** The channel as the event docs spell it (`SMS`, `Email`, `CALL`, `VoiceMail`, …), an open enum. */
  messageType: optionalOrNull(openLiteral("SMS", "Email", "CALL", "VoiceMail", "GMB", "FB", "IG", "Live Chat")),
  body: optionalOrNull(Schema.String),
  contentType: optionalOrNull(Schema.String),
  attachments: optionalOrNull(Schema.Array(Schema.String)),
  status: optionalOrNull(Schema.String),
  dateAdded: optionalOrNull(LenientDateTime),
  userId: optionalOrNull(Schema.String),
  source: optionalOrNull(Schema.String),
  conversationProviderId: optionalOrNull(Schema.String),
  /** Seconds, on call events. */
  callDuration: optionalOrNull(NumberLenient),
  callStatus: optionalOrNull(Schema.String),
  emailMessageId: optionalOrNull(Schema.String),
  threadId: optionalOrNull(Schema.String),
  provider: optionalOrNull(Schema.String),
  subject: optionalOrNull(Schema.String),
  from: optionalOrNull(Schema.String),
  to: optionalOrNull(Addresses),
  cc: optionalOrNull(Addresses),
  bcc: optionalOrNull(Addresses),
  ...deliveryFields
}

/**
 * A contact sent a message to the location (call, voicemail, SMS, GMB, FB, IG, email, live chat). Scope
 * `conversations/message.readonly`.
 *
 * @since 0.2.0
 * @category models
 */
export class InboundMessage extends Schema.Class<InboundMessage>("InboundMessage")({
  type: Schema.Literal("InboundMessage"),
  ...messageFields
}) {}

/**
 * A user (or a workflow) sent a message to a contact. Scope `conversations/message.readonly`.
 *
 * @since 0.2.0
 * @category models
 */
export class OutboundMessage extends Schema.Class<OutboundMessage>("OutboundMessage")({
  type: Schema.Literal("OutboundMessage"),
  ...messageFields
}) {}

/**
 * A conversation's unread state changed; `id` is the conversation's id. Scope `conversations.readonly`.
 *
 * @since 0.2.0
 * @category models
 */
export class ConversationUnreadUpdate extends Schema.Class<ConversationUnreadUpdate>("ConversationUnreadUpdate")({
  type: Schema.Literal("ConversationUnreadUpdate"),
  locationId: LocationId,
  id: ConversationId,
  contactId: optionalOrNull(ContactId),
  unreadCount: optionalOrNull(NumberLenient),
  inbox: optionalOrNull(Schema.Boolean),
  starred: optionalOrNull(Schema.Boolean),
  deleted: optionalOrNull(Schema.Boolean),
  ...deliveryFields
}) {}

/**
 * The statistics of an email sent from the location (location-level apps only). The provider's report is kept as
 * sent: only its `event`, `id`, `timestamp` and `recipient` are read.
 *
 * @since 0.2.0
 * @category models
 */
export class LCEmailStats extends Schema.Class<LCEmailStats>("LCEmailStats")({
  type: Schema.Literal("LCEmailStats"),
  locationId: LocationId,
  companyId: optionalOrNull(Schema.String),
  webhookPayload: optionalOrNull(Schema.Struct(
    {
      event: optionalOrNull(Schema.String),
      id: optionalOrNull(Schema.String),
      /** Epoch seconds (the email provider's clock). */
      timestamp: optionalOrNull(Schema.Number),
      recipient: optionalOrNull(Schema.String)
    },
    Schema.Record({ key: Schema.String, value: Schema.Unknown })
  )),
  ...deliveryFields
}) {}

/**
 * The message a conversation provider's app must deliver (sent to the provider's delivery URL, not to the app's
 * webhook URL). Its shape differs from the other events: `type` is the channel (`SMS` or `Email`), not an event name.
 *
 * @since 0.2.0
 * @category models
 */
export class ProviderOutboundMessage extends Schema.Class<ProviderOutboundMessage>("ProviderOutboundMessage")({
  type: openLiteral("SMS", "Email"),
  locationId: LocationId,
  contactId: optionalOrNull(ContactId),
  messageId: MessageId,
  emailMessageId: optionalOrNull(Schema.String),
  conversationId: optionalOrNull(ConversationId),
  attachments: optionalOrNull(Schema.Array(Schema.String)),
  message: optionalOrNull(Schema.String),
  phone: optionalOrNull(Schema.String),
  emailTo: optionalOrNull(Addresses),
  emailFrom: optionalOrNull(Schema.String),
  html: optionalOrNull(Schema.String),
  subject: optionalOrNull(Schema.String),
  userId: optionalOrNull(Schema.String),
  ...deliveryFields
}) {}

/**
 * An event whose `type` this module does not know (HighLevel has many more: contacts, appointments, …). `payload` is
 * the whole JSON object as received, so nothing is lost; the delivery fields are read for replay protection.
 *
 * @since 0.2.0
 * @category models
 */
export class UnknownEvent extends Schema.Class<UnknownEvent>("UnknownEvent")({
  type: Schema.String,
  ...deliveryFields,
  payload: Schema.Record({ key: Schema.String, value: Schema.Unknown })
}) {}

/**
 * Any event a webhook delivers.
 *
 * @since 0.2.0
 * @category models
 */
export type WebhookEvent =
  | InboundMessage
  | OutboundMessage
  | ConversationUnreadUpdate
  | LCEmailStats
  | ProviderOutboundMessage
  | UnknownEvent

/**
 * The event types this module decodes into their own class.
 *
 * @since 0.2.0
 * @category constants
 */
export const knownEventTypes = [
  "InboundMessage",
  "OutboundMessage",
  "ConversationUnreadUpdate",
  "LCEmailStats"
] as const

const decoders = {
  InboundMessage: Schema.decodeUnknownEither(InboundMessage),
  OutboundMessage: Schema.decodeUnknownEither(OutboundMessage),
  ConversationUnreadUpdate: Schema.decodeUnknownEither(ConversationUnreadUpdate),
  LCEmailStats: Schema.decodeUnknownEither(LCEmailStats)
} as const
const decodeProvider = Schema.decodeUnknownEither(ProviderOutboundMessage)
const decodeDelivery = Schema.decodeUnknownEither(Schema.Struct(deliveryFields))

const isKnownType = (type: string): type is keyof typeof decoders => Object.hasOwn(decoders, type)

/**
 * Why a JSON value is not an event: not an object, no string `type`, or a known event missing a required field.
 *
 * @since 0.2.0
 * @category errors
 */
export class EventDecodeError extends Schema.TaggedError<EventDecodeError>(
  "@highlevel-effect/client/EventDecodeError"
)("EventDecodeError", { issues: Schema.Array(Schema.String) }) {
  override get message(): string {
    return `not a webhook event: ${this.issues.join("; ")}`
  }
}

const issuesOf = (error: ParseResult.ParseError): Array<string> => [error.message]

/**
 * Decodes a parsed JSON value as an event: the class of its `type`, a {@link ProviderOutboundMessage} for a
 * `type` of `SMS`/`Email` with a `messageId`, and an {@link UnknownEvent} for any other string `type`.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decode = (json: unknown): Either.Either<WebhookEvent, EventDecodeError> => {
  if (!Predicate.isRecord(json) || Array.isArray(json)) {
    return Either.left(new EventDecodeError({ issues: ["the body is not a JSON object"] }))
  }
  const type = json["type"]
  if (typeof type !== "string") {
    return Either.left(new EventDecodeError({ issues: ["type: expected a string"] }))
  }
  if (isKnownType(type)) {
    const decoded: Either.Either<WebhookEvent, ParseResult.ParseError> = decoders[type](json)
    return Either.mapLeft(decoded, (error) => new EventDecodeError({ issues: issuesOf(error) }))
  }
  if ((type === "SMS" || type === "Email") && typeof json["messageId"] === "string") {
    return Either.mapLeft(decodeProvider(json), (error) => new EventDecodeError({ issues: issuesOf(error) }))
  }
  return Either.match(decodeDelivery(json), {
    onLeft: (error) => Either.left(new EventDecodeError({ issues: issuesOf(error) })),
    onRight: (delivery) => Either.right(new UnknownEvent({ type, ...delivery, payload: json }))
  })
}
