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
    dateUpdated: iso,
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
