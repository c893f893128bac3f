/**
 * Stored records → wire JSON. Keys are added in a fixed order and optional keys only when present, so the same data
 * always serialises to the same bytes.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockWire from "../MockWire.js"
import { CONVERSATION_TYPES } from "./enums.js"
import type { StoredConversation, StoredMessage } from "./model.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const channelName = (channel: number): string => CONVERSATION_TYPES[channel - 1] ?? `TYPE_${channel}`

/** @internal */
export const searchConversation = (c: StoredConversation, key: number): MockWire.SearchConversation => {
  const out: Mutable<MockWire.SearchConversation> = {
    id: c.id,
    contactId: c.contactId,
    locationId: c.locationId,
    lastMessageBody: c.lastMessageBody,
    type: channelName(c.channel),
    unreadCount: c.unreadCount,
    fullName: c.fullName,
    contactName: c.contactName,
    email: c.email,
    phone: c.phone,
    tags: [...c.tags],
    dateAdded: c.dateAdded,
    dateUpdated: c.dateUpdated,
    lastMessageDate: c.lastMessageDate,
    inbox: c.inbox,
    starred: c.starred,
    deleted: c.deleted,
    followers: [...c.followers],
    mentions: [...c.mentions],
    isLastMessageInternalComment: false,
    sort: [key]
  }
  if (c.lastMessageType !== undefined) out.lastMessageType = c.lastMessageType
  if (c.companyName !== undefined) out.companyName = c.companyName
  if (c.lastManualMessageDate !== undefined) out.lastManualMessageDate = c.lastManualMessageDate
  if (c.lastMessageDirection !== undefined) out.lastMessageDirection = c.lastMessageDirection
  if (c.lastOutboundMessageAction !== undefined) out.lastOutboundMessageAction = c.lastOutboundMessageAction
  if (c.assignedTo !== undefined) out.assignedTo = c.assignedTo
  return out
}

/** @internal */
export const conversation = (c: StoredConversation): MockWire.Conversation => {
  const out: Mutable<MockWire.Conversation> = {
    id: c.id,
    contactId: c.contactId,
    locationId: c.locationId,
    deleted: c.deleted,
    inbox: c.inbox,
    type: c.channel,
    unreadCount: c.unreadCount,
    starred: c.starred
  }
  if (c.assignedTo !== undefined) out.assignedTo = c.assignedTo
  return out
}

/** @internal */
export const message = (m: StoredMessage): MockWire.Message => {
  const iso = new Date(m.dateAdded).toISOString()
  const out: Mutable<MockWire.Message> = {
    id: m.id,
    type: m.type,
    messageType: m.messageType,
    locationId: m.locationId,
    contactId: m.contactId,
    conversationId: m.conversationId,
    dateAdded: iso,
    dateUpdated: m.dateUpdated === undefined ? iso : new Date(m.dateUpdated).toISOString(),
    direction: m.direction,
    contentType: m.contentType,
    attachments: [...m.attachments]
  }
  if (m.body !== undefined) out.body = m.body
  if (m.status !== undefined) out.status = m.status
  if (m.call !== undefined) out.meta = { call: { duration: m.call.duration, status: m.call.status } }
  else if (m.emailMessageIds !== undefined) out.meta = { email: { messageIds: [...m.emailMessageIds] } }
  if (m.source !== undefined) out.source = m.source
  if (m.userId !== undefined) out.userId = m.userId
  if (m.conversationProviderId !== undefined) out.conversationProviderId = m.conversationProviderId
  return out
}

/** The create-conversation answer's `conversation` (epoch-ms dates, as search documents carry them). @internal */
export const createdConversation = (c: StoredConversation): Record<string, unknown> => ({
  id: c.id,
  dateUpdated: c.dateUpdated,
  dateAdded: c.dateAdded,
  deleted: c.deleted,
  contactId: c.contactId,
  locationId: c.locationId,
  lastMessageDate: c.lastMessageDate,
  ...(c.assignedTo === undefined ? {} : { assignedTo: c.assignedTo })
})

/** The update-conversation answer's `conversation` (`ConversationDto`). @internal */
export const conversationDto = (c: StoredConversation): Record<string, unknown> => ({
  id: c.id,
  locationId: c.locationId,
  contactId: c.contactId,
  ...(c.assignedTo === undefined ? {} : { assignedTo: c.assignedTo }),
  lastMessageBody: c.lastMessageBody,
  lastMessageDate: c.lastMessageDate,
  ...(c.lastMessageType === undefined ? {} : { lastMessageType: c.lastMessageType }),
  unreadCount: c.unreadCount,
  inbox: c.inbox,
  starred: c.starred,
  deleted: c.deleted
})

/** The get-email-by-id answer for one email message id of an email message. @internal */
export const email = (
  m: StoredMessage,
  emailMessageId: string,
  c: { readonly email: string },
  location: { readonly name: string; readonly locationId: string }
): Record<string, unknown> => {
  // Seeded emails carry ids and a body only: the rest derives from the conversation and the location.
  const locationAddress = `${location.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}@mail.mock`
  const seededFrom = m.direction === "outbound" ? locationAddress : c.email
  const seededTo = m.direction === "outbound" ? c.email : locationAddress
  const iso = new Date(m.dateAdded).toISOString()
  const subject = m.email?.subject ?? (m.body ?? "").replace(/<[^>]*>/g, "").slice(0, 40).trim()
  return {
    id: emailMessageId,
    ...(m.altId === undefined ? {} : { altId: m.altId }),
    threadId: m.email?.threadId ?? m.emailMessageIds?.[0] ?? emailMessageId,
    locationId: m.locationId,
    contactId: m.contactId,
    conversationId: m.conversationId,
    dateAdded: iso,
    ...(subject === "" ? {} : { subject }),
    body: m.body ?? "",
    direction: m.direction,
    ...(m.status === undefined ? {} : { status: m.status }),
    contentType: m.contentType,
    attachments: [...m.attachments],
    provider: "Leadconnector Email",
    from: m.email?.from ?? seededFrom,
    to: [...(m.email?.to ?? [seededTo])],
    cc: [...(m.email?.cc ?? [])],
    bcc: [...(m.email?.bcc ?? [])],
    ...(m.source === undefined ? {} : { source: m.source }),
    ...(m.conversationProviderId === undefined ? {} : { conversationProviderId: m.conversationProviderId })
  }
}
