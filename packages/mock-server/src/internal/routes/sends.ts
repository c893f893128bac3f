/**
 * POST /conversations/messages: the send of an outbound message on any channel, optionally scheduled.
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredConversation, StoredLocation } from "../model.js"
import type * as Responses from "../responses.js"
import type { MessageDraft } from "../store/writes.js"
import * as Body from "./body.js"
import { added, forbidden, type SendState, typeNumber } from "./messageAdding.js"
import { type BearerContext, error } from "./route.js"

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
