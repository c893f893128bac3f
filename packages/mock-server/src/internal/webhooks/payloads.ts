/**
 * The webhook events a change of the store causes, as HighLevel's event docs spell them plus the fields real
 * traffic adds (`versionId`, `appId`, `messageTypeId`, `messageTypeString`; `webhookId` and `timestamp` are stamped
 * per delivery attempt). A new message is an `InboundMessage` or `OutboundMessage`; a change of a conversation's
 * unread count, inbox, starred or deleted flag is a `ConversationUnreadUpdate`.
 *
 * @since 0.2.0
 * @internal
 */
import type { StoredConversation, StoredMessage } from "../model.js"
import type { OutgoingEvent } from "./delivery.js"

// The channel as the event docs spell `messageType` (their examples: SMS, Email, CALL, VoiceMail); any other type
// loses its TYPE_ prefix.
const channelNames: ReadonlyMap<string, string> = new Map([
  ["TYPE_SMS", "SMS"],
  ["TYPE_EMAIL", "Email"],
  ["TYPE_CALL", "CALL"],
  ["TYPE_CAMPAIGN_VOICEMAIL", "VoiceMail"],
  ["TYPE_GMB", "GMB"],
  ["TYPE_FACEBOOK", "FB"],
  ["TYPE_INSTAGRAM", "IG"],
  ["TYPE_LIVE_CHAT", "Live Chat"],
  ["TYPE_WEBCHAT", "Live Chat"],
  ["TYPE_WHATSAPP", "WhatsApp"]
])

const channelOf = (messageType: string): string => channelNames.get(messageType) ?? messageType.replace(/^TYPE_/, "")

// The mock's app: what real deliveries carry as `appId` / `versionId`.
const mockApp = { appId: "mock-app-0000000000000001", versionId: "mock-version-000000000001" } as const

const defined = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))

/** `InboundMessage` or `OutboundMessage` for a message the store added. @internal */
export const messageEvent = (m: StoredMessage): OutgoingEvent => {
  const type = m.direction === "inbound" ? "InboundMessage" : "OutboundMessage"
  const email = m.messageType === "TYPE_EMAIL"
  return {
    type,
    locationId: m.locationId,
    payload: defined({
      type,
      locationId: m.locationId,
      attachments: [...m.attachments],
      body: m.body,
      contactId: m.contactId,
      contentType: m.contentType,
      conversationId: m.conversationId,
      dateAdded: new Date(m.dateAdded).toISOString(),
      direction: m.direction,
      messageType: channelOf(m.messageType),
      messageId: m.id,
      status: m.status,
      userId: m.userId,
      source: m.source,
      conversationProviderId: m.conversationProviderId,
      callDuration: m.call?.duration,
      callStatus: m.call?.status,
      emailMessageId: email ? m.emailMessageIds?.[0] : undefined,
      ...mockApp,
      messageTypeId: m.type,
      messageTypeString: m.messageType
    })
  }
}

/** `ConversationUnreadUpdate` for a conversation as it now is. @internal */
export const unreadEvent = (c: StoredConversation): OutgoingEvent => ({
  type: "ConversationUnreadUpdate",
  locationId: c.locationId,
  payload: {
    type: "ConversationUnreadUpdate",
    locationId: c.locationId,
    id: c.id,
    contactId: c.contactId,
    unreadCount: c.unreadCount,
    inbox: c.inbox,
    starred: c.starred,
    deleted: c.deleted,
    ...mockApp
  }
})

/** Whether a change of the conversation is one `ConversationUnreadUpdate` reports. @internal */
export const unreadChanged = (before: StoredConversation | undefined, after: StoredConversation): boolean =>
  before === undefined ||
  before.unreadCount !== after.unreadCount ||
  before.inbox !== after.inbox ||
  before.starred !== after.starred ||
  before.deleted !== after.deleted
