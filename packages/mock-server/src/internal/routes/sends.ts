/**
 * The operations that add a message: send (outbound, every channel, optionally scheduled), inbound and outbound
 * call (conversation provider apps), review reply. Each checks its body (422), its location (403), the contact or
 * conversation (400 / 404), then writes through the store, which updates the conversation and emits the events.
 *
 * @since 0.1.0
 * @internal
 */
import { messageTypeNumber } from "../enums.js"
import type { StoredConversation, StoredLocation, StoredMessage } from "../model.js"
import type * as Responses from "../responses.js"
import type { MessageReads } from "../store/reads.js"
import type { MessageDraft, MessageWrites } from "../store/writes.js"
import * as Body from "./body.js"
import { type BearerContext, error, json } from "./route.js"

/** What the message-adding routes read and change. @internal */
export type SendState = MessageReads & MessageWrites

const SEND_TYPES = ["SMS", "RCS", "Email", "WhatsApp", "IG", "FB", "Custom", "Live_Chat", "TIKTOK"] as const

/** `type` of a send → `messageType`. */
const SEND_MESSAGE_TYPE: Readonly<Record<typeof SEND_TYPES[number], string>> = {
  SMS: "TYPE_SMS",
  RCS: "TYPE_RCS",
  Email: "TYPE_EMAIL",
  WhatsApp: "TYPE_WHATSAPP",
  IG: "TYPE_INSTAGRAM",
  FB: "TYPE_FACEBOOK",
  Custom: "TYPE_CUSTOM_PROVIDER_SMS",
  Live_Chat: "TYPE_LIVE_CHAT",
  TIKTOK: "TYPE_TIKTOK"
}

const INBOUND_MESSAGE_TYPE: Readonly<Record<string, string>> = {
  SMS: "TYPE_SMS",
  RCS: "TYPE_RCS",
  Email: "TYPE_EMAIL",
  WhatsApp: "TYPE_WHATSAPP",
  GMB: "TYPE_GMB",
  IG: "TYPE_INSTAGRAM",
  FB: "TYPE_FACEBOOK",
  Custom: "TYPE_CUSTOM_PROVIDER_SMS",
  WebChat: "TYPE_WEBCHAT",
  Live_Chat: "TYPE_LIVE_CHAT",
  Call: "TYPE_CALL",
  IVR_Call: "TYPE_IVR_CALL",
  Campaign_Call: "TYPE_CAMPAIGN_CALL",
  Campaign_VoiceMail: "TYPE_CAMPAIGN_VOICEMAIL",
  TIKTOK: "TYPE_TIKTOK",
  ALL_IN_ONE_CHAT: "TYPE_LIVE_CHAT",
  FORM_SUBMISSION: "TYPE_FORM_SUBMISSION"
}

// TYPE_RCS has no known type number (see enums.ts): it travels as the SMS family's 2.
const typeNumber = (messageType: string) => messageTypeNumber.get(messageType) ?? 2

/** Conversation channel a first message opens: 2 Email, 3 Facebook/Instagram, else 1 Phone. */
const channelOf = (messageType: string) =>
  messageType === "TYPE_EMAIL" ? 2 : messageType === "TYPE_FACEBOOK" || messageType === "TYPE_INSTAGRAM" ? 3 : 1

/** Epoch seconds, as the spec says; a value in milliseconds (> 1e11, past the year 5000) is refused. */
const MAX_EPOCH_SECONDS = 99_999_999_999

const SEND: Body.Fields = {
  type: { kind: "enum", required: true, values: SEND_TYPES },
  subType: { kind: "string", required: false },
  contactId: { kind: "string", required: true },
  appointmentId: { kind: "string", required: false },
  attachments: { kind: "strings", required: false },
  emailFrom: { kind: "string", required: false },
  emailCc: { kind: "strings", required: false },
  emailBcc: { kind: "strings", required: false },
  html: { kind: "string", required: false },
  message: { kind: "string", required: false },
  subject: { kind: "string", required: false },
  replyMessageId: { kind: "string", required: false },
  templateId: { kind: "string", required: false },
  threadId: { kind: "string", required: false },
  scheduledTimestamp: { kind: "number", required: false, min: 0, max: MAX_EPOCH_SECONDS },
  conversationProviderId: { kind: "string", required: false },
  emailTo: { kind: "string", required: false },
  customSubtypeId: { kind: "string", required: false },
  emailReplyMode: { kind: "enum", required: false, values: ["reply", "reply_all"] },
  fromNumber: { kind: "string", required: false },
  toNumber: { kind: "string", required: false },
  forward: { kind: "json", required: false },
  status: { kind: "enum", required: false, values: ["delivered", "failed", "pending", "read"] },
  usesNativeSchedulingAi: { kind: "boolean", required: false },
  optimizationPeriod: { kind: "enum", required: false, values: ["24h", "48h", "72h"] }
}

const forbidden = (ctx: BearerContext) => error(ctx, 403, "The token does not have access to this location.")

/** What each channel needs beyond the DTO (class-validator's conditional rules), in its phrasing. */
const channelProblems = (body: Readonly<Record<string, unknown>>): ReadonlyArray<string> => {
  const text = (name: string) => Body.text(body, name)
  const problems: Array<string> = []
  if (body.type === "Email") {
    if (text("subject") === undefined || text("subject") === "") problems.push("subject should not be empty")
    if (!text("html") && !text("message")) problems.push("html or message should not be empty")
  } else if (!text("message") && (Body.strings(body, "attachments") ?? []).length === 0) {
    problems.push("message should not be empty")
  }
  if (body.type === "Custom" && !text("conversationProviderId")) {
    problems.push("conversationProviderId should not be empty")
  }
  return problems
}

/**
 * The conversation of the contact, or a new one (a send to a known contact without a conversation opens it).
 */
const conversationFor = (
  state: SendState,
  location: StoredLocation,
  contactId: string,
  messageType: string
): StoredConversation | undefined => {
  const existing = state.conversationOfContact(location.locationId, contactId)
  if (existing !== undefined) return existing
  const contact = state.contact(location.locationId, contactId)
  return contact === undefined ? undefined : state.createConversation(location, contact, channelOf(messageType))
}

const added = (ctx: BearerContext, status: number, body: Record<string, unknown>, m: StoredMessage) => ({
  ...json(ctx, status, { ...body, traceId: ctx.traceId }),
  ids: {
    conversationId: m.conversationId,
    messageId: m.id,
    ...(m.emailMessageIds?.[0] === undefined ? {} : { emailMessageId: m.emailMessageIds[0] })
  }
})

/**
 * POST /conversations/messages: the body (422, with each channel's own required fields), a known contact of the
 * token's location (400 "Contact not found"), then the message: first in its conversation (opened if the contact
 * had none), status `pending`, or `scheduled` when `scheduledTimestamp` (epoch seconds) is still ahead of the clock.
 *
 * @internal
 */
export const send = (ctx: BearerContext, state: SendState): Responses.Prepared => {
  const decoded = Body.decode(ctx, SEND)
  if (!decoded.ok) return decoded.answer
  const body = decoded.value
  const problems = channelProblems(body)
  if (problems.length > 0) return Body.unprocessable(ctx, problems)
  const location = state.location(ctx.token.locationId)
  if (location === undefined) return forbidden(ctx)
  const type = body.type as typeof SEND_TYPES[number]
  const messageType = SEND_MESSAGE_TYPE[type]
  const contactId = Body.text(body, "contactId") ?? ""
  const contact = state.contact(location.locationId, contactId)
  if (contact === undefined) return error(ctx, 400, "Contact not found")
  const conversation = conversationFor(state, location, contactId, messageType)
  if (conversation === undefined) return error(ctx, 400, "Contact not found")
  const now = state.now()
  const seconds = Body.number(body, "scheduledTimestamp")
  const scheduledAt = seconds === undefined || seconds * 1000 <= now ? undefined : Math.round(seconds * 1000)
  const isEmail = type === "Email"
  const emailMessageId = isEmail ? state.newId() : undefined
  const draft: MessageDraft = {
    conversationId: conversation.id,
    locationId: location.locationId,
    contactId,
    messageType,
    type: typeNumber(messageType),
    direction: "outbound",
    contentType: isEmail ? "text/html" : "text/plain",
    body: isEmail ? Body.text(body, "html") ?? Body.text(body, "message") : Body.text(body, "message"),
    status: scheduledAt === undefined ? "pending" : "scheduled",
    attachments: [...(Body.strings(body, "attachments") ?? [])],
    source: "api",
    userId: undefined,
    conversationProviderId: Body.text(body, "conversationProviderId") ??
      (type === "SMS" ? location.providerId : undefined),
    call: undefined,
    emailMessageIds: emailMessageId === undefined ? undefined : [emailMessageId],
    ...(scheduledAt === undefined ? {} : { scheduledAt }),
    ...(emailMessageId === undefined ? {} : {
      email: {
        subject: Body.text(body, "subject"),
        from: Body.text(body, "emailFrom") ?? `${location.locationId.toLowerCase()}@mail.mock`,
        to: [Body.text(body, "emailTo") ?? contact.email],
        cc: [...(Body.strings(body, "emailCc") ?? [])],
        bcc: [...(Body.strings(body, "emailBcc") ?? [])],
        threadId: Body.text(body, "threadId") ?? emailMessageId
      }
    })
  }
  const { message } = state.addMessage(draft)
  return added(ctx, 200, {
    conversationId: message.conversationId,
    messageId: message.id,
    ...(emailMessageId === undefined ? {} : { emailMessageId }),
    messageIds: [message.id],
    msg: scheduledAt === undefined ? "Message queued successfully." : "Message scheduled successfully.",
    status: "pending"
  }, message)
}

/** The conversation a provider call names, checked: 404 unknown, 403 other location. */
const providerConversation = (
  ctx: BearerContext,
  state: SendState,
  conversationId: string
): { readonly ok: true; readonly value: StoredConversation } | {
  readonly ok: false
  readonly answer: Responses.Prepared
} => {
  const conversation = state.conversation(conversationId)
  if (conversation === undefined) {
    return { ok: false, answer: error(ctx, 404, `Conversation with id ${conversationId} not found`) }
  }
  if (conversation.locationId !== ctx.token.locationId) return { ok: false, answer: forbidden(ctx) }
  return { ok: true, value: conversation }
}

/** `date` of a provider call: an ISO date, or 422. */
const dateOf = (ctx: BearerContext, body: Readonly<Record<string, unknown>>) => {
  const text = Body.text(body, "date")
  if (text === undefined) return { ok: true as const, value: undefined }
  const time = Date.parse(text)
  return Number.isNaN(time)
    ? { ok: false as const, answer: Body.unprocessable(ctx, ["date must be a valid ISO 8601 date string"]) }
    : { ok: true as const, value: time }
}

/**
 * What a provider call (inbound, outbound) starts with: its body checked against `fields`, its `date`, and the
 * conversation it names; or the answer that refuses it.
 */
const providerCall = (
  ctx: BearerContext,
  state: SendState,
  fields: Body.Fields
):
  | {
    readonly ok: true
    readonly body: Readonly<Record<string, unknown>>
    readonly date: number | undefined
    readonly conversation: StoredConversation
  }
  | { readonly ok: false; readonly answer: Responses.Prepared } =>
{
  const decoded = Body.decode(ctx, fields)
  if (!decoded.ok) return decoded
  const body = decoded.value
  const date = dateOf(ctx, body)
  if (!date.ok) return date
  const found = providerConversation(ctx, state, Body.text(body, "conversationId") ?? "")
  if (!found.ok) return found
  return { ok: true, body, date: date.value, conversation: found.value }
}

const INBOUND: Body.Fields = {
  type: { kind: "enum", required: true, values: Object.keys(INBOUND_MESSAGE_TYPE) },
  attachments: { kind: "strings", required: false },
  message: { kind: "string", required: false },
  conversationId: { kind: "string", required: true },
  contactId: { kind: "string", required: true },
  conversationProviderId: { kind: "string", required: true },
  html: { kind: "string", required: false },
  subject: { kind: "string", required: false },
  emailFrom: { kind: "string", required: false },
  emailTo: { kind: "string", required: false },
  emailCc: { kind: "strings", required: false },
  emailBcc: { kind: "strings", required: false },
  emailMessageId: { kind: "string", required: false },
  altId: { kind: "string", required: false },
  direction: { kind: "enum", required: false, values: ["inbound", "outbound"] },
  date: { kind: "string", required: false },
  call: { kind: "json", required: false }
}

const CALL_STATUSES = ["pending", "completed", "answered", "busy", "no-answer", "failed", "canceled", "voicemail"]

const OUTBOUND: Body.Fields = {
  type: { kind: "enum", required: true, values: ["Call"] },
  attachments: { kind: "strings", required: false },
  conversationId: { kind: "string", required: true },
  conversationProviderId: { kind: "string", required: true },
  altId: { kind: "string", required: false },
  date: { kind: "string", required: false },
  call: {
    kind: "object",
    required: false,
    fields: {
      to: { kind: "string", required: false },
      from: { kind: "string", required: false },
      status: { kind: "enum", required: false, values: CALL_STATUSES }
    }
  }
}

/** The provider's message added: `{success, conversationId, messageId, message, contactId, dateAdded}`. */
const processed = (ctx: BearerContext, m: StoredMessage) =>
  added(ctx, 200, {
    success: true,
    conversationId: m.conversationId,
    messageId: m.id,
    message: "Message added successfully",
    contactId: m.contactId,
    dateAdded: new Date(m.dateAdded).toISOString(),
    ...(m.emailMessageIds?.[0] === undefined ? {} : { emailMessageId: m.emailMessageIds[0] })
  }, m)

/** The location's conversation provider, or 400 naming the unknown one. */
const checkProvider = (ctx: BearerContext, location: StoredLocation | undefined, providerId: string) =>
  location !== undefined && location.providerId === providerId
    ? undefined
    : error(ctx, 400, `No conversation provider found with id ${providerId}`)

/**
 * POST /conversations/messages/inbound: the body (422), the conversation (404, 403), the contact of that
 * conversation (400), the location's provider (400), then the message (inbound unless `direction` says otherwise):
 * first in the conversation, and an inbound one raises `unreadCount`.
 *
 * @internal
 */
export const inbound = (ctx: BearerContext, state: SendState): Responses.Prepared => {
  const opened = providerCall(ctx, state, INBOUND)
  if (!opened.ok) return opened.answer
  const { body, conversation, date } = opened
  const contactId = Body.text(body, "contactId") ?? ""
  if (contactId !== conversation.contactId) {
    return error(ctx, 400, `Contact ${contactId} is not the contact of conversation ${conversation.id}`)
  }
  const providerId = Body.text(body, "conversationProviderId") ?? ""
  const refused = checkProvider(ctx, state.location(conversation.locationId), providerId)
  if (refused !== undefined) return refused
  const messageType = INBOUND_MESSAGE_TYPE[String(body.type)] ?? "TYPE_SMS"
  const isEmail = messageType === "TYPE_EMAIL"
  const emailMessageId = isEmail ? Body.text(body, "emailMessageId") ?? state.newId() : undefined
  const direction = body.direction === "outbound" ? "outbound" : "inbound"
  const isCall = messageType.endsWith("_CALL") || messageType === "TYPE_CAMPAIGN_VOICEMAIL"
  const { message } = state.addMessage({
    conversationId: conversation.id,
    locationId: conversation.locationId,
    contactId,
    messageType,
    type: typeNumber(messageType),
    direction,
    contentType: isEmail ? "text/html" : "text/plain",
    body: isEmail ? Body.text(body, "html") ?? Body.text(body, "message") : Body.text(body, "message"),
    status: isCall ? "completed" : "delivered",
    attachments: [...(Body.strings(body, "attachments") ?? [])],
    source: undefined,
    userId: undefined,
    conversationProviderId: providerId,
    call: isCall ? { duration: 0, status: "completed" } : undefined,
    emailMessageIds: emailMessageId === undefined ? undefined : [emailMessageId],
    ...(date === undefined ? {} : { dateAdded: date }),
    ...(Body.text(body, "altId") === undefined ? {} : { altId: Body.text(body, "altId") ?? "" }),
    ...(emailMessageId === undefined ? {} : {
      email: {
        subject: Body.text(body, "subject"),
        from: Body.text(body, "emailFrom") ?? conversation.email,
        to: [Body.text(body, "emailTo") ?? `${conversation.locationId.toLowerCase()}@mail.mock`],
        cc: [...(Body.strings(body, "emailCc") ?? [])],
        bcc: [...(Body.strings(body, "emailBcc") ?? [])],
        threadId: emailMessageId
      }
    })
  })
  return processed(ctx, message)
}

/**
 * POST /conversations/messages/outbound: an outbound call a provider placed (`type: "Call"`): the body (422), the
 * conversation (404, 403), the provider (400), then a `TYPE_CALL` message with `meta.call`.
 *
 * @internal
 */
export const outbound = (ctx: BearerContext, state: SendState): Responses.Prepared => {
  const opened = providerCall(ctx, state, OUTBOUND)
  if (!opened.ok) return opened.answer
  const { body, conversation, date } = opened
  const providerId = Body.text(body, "conversationProviderId") ?? ""
  const refused = checkProvider(ctx, state.location(conversation.locationId), providerId)
  if (refused !== undefined) return refused
  const call = body.call as { readonly status?: string } | undefined
  const { message } = state.addMessage({
    conversationId: conversation.id,
    locationId: conversation.locationId,
    contactId: conversation.contactId,
    messageType: "TYPE_CALL",
    type: typeNumber("TYPE_CALL"),
    direction: "outbound",
    contentType: "text/plain",
    body: undefined,
    status: "completed",
    attachments: [...(Body.strings(body, "attachments") ?? [])],
    source: "api",
    userId: undefined,
    conversationProviderId: providerId,
    call: { duration: 0, status: call?.status ?? "completed" },
    emailMessageIds: undefined,
    ...(date === undefined ? {} : { dateAdded: date }),
    ...(Body.text(body, "altId") === undefined ? {} : { altId: Body.text(body, "altId") ?? "" })
  })
  return processed(ctx, message)
}

const REVIEW_REPLY: Body.Fields = {
  conversationId: { kind: "string", required: true },
  locationId: { kind: "string", required: true },
  message: { kind: "string", required: true }
}

/** Channel 4: a review conversation. */
const REVIEW_CHANNEL = 4

/**
 * POST /conversations/messages/review-reply: the body (422), its `locationId` (403), the conversation (404, 403),
 * a review conversation (400), then an outbound `TYPE_REVIEW` message.
 *
 * @internal
 */
export const reviewReply = (ctx: BearerContext, state: SendState): Responses.Prepared => {
  const decoded = Body.decode(ctx, REVIEW_REPLY)
  if (!decoded.ok) return decoded.answer
  const body = decoded.value
  if (Body.text(body, "locationId") !== ctx.token.locationId) return forbidden(ctx)
  const found = providerConversation(ctx, state, Body.text(body, "conversationId") ?? "")
  if (!found.ok) return found.answer
  const conversation = found.value
  if (conversation.channel !== REVIEW_CHANNEL) {
    return error(ctx, 400, `Conversation ${conversation.id} is not a review conversation`)
  }
  const { message } = state.addMessage({
    conversationId: conversation.id,
    locationId: conversation.locationId,
    contactId: conversation.contactId,
    messageType: "TYPE_REVIEW",
    type: typeNumber("TYPE_REVIEW"),
    direction: "outbound",
    contentType: "text/plain",
    body: Body.text(body, "message"),
    status: "pending",
    attachments: [],
    source: "api",
    userId: undefined,
    conversationProviderId: undefined,
    call: undefined,
    emailMessageIds: undefined
  })
  return added(ctx, 200, {
    conversationId: message.conversationId,
    messageId: message.id,
    msg: "Review reply sent",
    status: "pending"
  }, message)
}
