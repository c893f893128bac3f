/**
 * The messages a conversation provider app adds: an inbound message (any channel) and an outbound call. Each checks
 * its body (422), the conversation it names (404, 403) and the location's provider (400).
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredConversation, StoredLocation, StoredMessage } from "../model.js"
import type * as Responses from "../responses.js"
import * as Body from "./body.js"
import { added, providerConversation, type SendState, typeNumber } from "./messageAdding.js"
import { type BearerContext, error } from "./route.js"

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
