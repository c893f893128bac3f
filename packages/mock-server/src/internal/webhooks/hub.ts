/**
 * The mock's webhooks, put together: the signing key of the seed, the delivery engine, the store's change events
 * turned into webhook events, the "contact sends a message" action, and the control routes.
 *
 * @since 0.2.0
 * @internal
 */
import * as Either from "effect/Either"
import type * as MockWebhooks from "../../MockWebhooks.js"
import { messageTypeNumber } from "../enums.js"
import type { StoredConversation, StoredLocation } from "../model.js"
import { type Inbound, makeWebhookRoutes } from "../routes/webhooks.js"
import type { StoreEvents } from "../store/events.js"
import type { MessageReads } from "../store/reads.js"
import type { MessageWrites } from "../store/writes.js"
import { type Delivery, makeDelivery } from "./delivery.js"
import { signingKeyFromSeed } from "./keys.js"
import { messageEvent, unreadChanged, unreadEvent } from "./payloads.js"

/** The channel names `POST /__mock/inbound` takes (the send API's spelling, plus GMB), and the type each stores. */
const INBOUND_TYPES: Readonly<Record<string, string>> = {
  SMS: "TYPE_SMS",
  RCS: "TYPE_RCS",
  Email: "TYPE_EMAIL",
  WhatsApp: "TYPE_WHATSAPP",
  GMB: "TYPE_GMB",
  IG: "TYPE_INSTAGRAM",
  FB: "TYPE_FACEBOOK",
  Live_Chat: "TYPE_LIVE_CHAT",
  Custom: "TYPE_CUSTOM_PROVIDER_SMS"
}

// Conversation channel numbers (get-conversation's `type`) a new conversation of an inbound message gets.
const channelOf = (messageType: string): number => messageType === "TYPE_EMAIL" ? 2 : 1

/** @internal */
export interface WebhooksHub {
  readonly delivery: Delivery
  readonly publicKeyPem: string
  readonly publicKeyBase64: string
  readonly routes: (request: Request, path: string) => Promise<Response | undefined>
  readonly close: () => void
}

/** @internal */
export interface HubOptions {
  readonly seed: number
  readonly now: () => number
  readonly options: MockWebhooks.Options
  readonly events: StoreEvents
  readonly store: MessageReads & MessageWrites & { readonly locations: () => ReadonlyArray<StoredLocation> }
}

/**
 * Every committed write of the store: the events HighLevel would send for it. A new message is followed by the
 * store's conversationUpdated (unread count, last message): the unread event comes from there.
 * Answers the unsubscribe.
 */
const forwardStoreEvents = (events: StoreEvents, delivery: Delivery): () => void =>
  events.subscribe((event) => {
    switch (event._tag) {
      case "messageAdded":
        // A scheduled message is sent (and its event emitted) when the clock delivers it: see messageUpdated.
        if (event.message.status !== "scheduled") delivery.emit(messageEvent(event.message))
        return
      case "messageUpdated":
        if (event.previous.status === "scheduled" && event.message.status !== "scheduled") {
          delivery.emit(messageEvent(event.message))
        }
        return
      case "conversationUpdated":
        if (unreadChanged(event.previous, event.conversation)) delivery.emit(unreadEvent(event.conversation))
        return
      case "conversationDeleted":
        delivery.emit(unreadEvent({ ...event.conversation, deleted: true }))
        return
      default:
        return
    }
  })

/**
 * The contact sends a message: stored as an inbound message of the location's provider, its events emitted by the
 * store's change events like any other write.
 */
const makeInbound = (store: HubOptions["store"]): Inbound => {
  const conversationOf = (input: MockWebhooks.InboundInput, messageType: string): StoredConversation | string => {
    if (input.conversationId !== undefined) {
      return store.conversation(input.conversationId) ?? `Conversation ${input.conversationId} not found`
    }
    if (input.contactId === undefined) return "conversationId or contactId is required"
    const locations = store.locations().filter((l) =>
      input.locationId === undefined || l.locationId === input.locationId
    )
    for (const location of locations) {
      const existing = store.conversationOfContact(location.locationId, input.contactId)
      if (existing !== undefined) return existing
      const contact = store.contact(location.locationId, input.contactId)
      if (contact !== undefined) return store.createConversation(location, contact, channelOf(messageType))
    }
    return `Contact ${input.contactId} not found`
  }

  return (input) => {
    const messageType = INBOUND_TYPES[input.type]
    if (messageType === undefined) {
      return Either.left({ status: 400, message: `type must be one of ${Object.keys(INBOUND_TYPES).join(", ")}` })
    }
    const conversation = conversationOf(input, messageType)
    if (typeof conversation === "string") return Either.left({ status: 404, message: conversation })
    const location = store.location(conversation.locationId)
    const isEmail = messageType === "TYPE_EMAIL"
    const emailMessageId = isEmail ? store.newId() : undefined
    const { message } = store.addMessage({
      conversationId: conversation.id,
      locationId: conversation.locationId,
      contactId: conversation.contactId,
      messageType,
      type: messageTypeNumber.get(messageType) ?? 2,
      direction: "inbound",
      contentType: isEmail ? "text/html" : "text/plain",
      body: input.body,
      status: "delivered",
      attachments: [],
      source: undefined,
      userId: undefined,
      conversationProviderId: location?.providerId,
      call: undefined,
      emailMessageIds: emailMessageId === undefined ? undefined : [emailMessageId],
      ...(emailMessageId === undefined ? {} : {
        email: {
          subject: input.subject,
          from: conversation.email,
          to: [`${conversation.locationId.toLowerCase()}@mail.mock`],
          cc: [],
          bcc: [],
          threadId: emailMessageId
        }
      })
    })
    return Either.right({ conversationId: message.conversationId, messageId: message.id })
  }
}

/** @internal */
export const makeWebhooksHub = ({ events, now, options, seed, store }: HubOptions): WebhooksHub => {
  const key = signingKeyFromSeed(seed)
  const delivery = makeDelivery({ key, seed, now, timeScale: options.timeScale ?? 1 })
  for (const url of options.urls ?? []) delivery.subscribe({ url })
  const unsubscribe = forwardStoreEvents(events, delivery)
  const inbound = makeInbound(store)

  return {
    delivery,
    publicKeyPem: key.publicKeyPem,
    publicKeyBase64: key.publicKeyBase64,
    routes: makeWebhookRoutes({ delivery, publicKeyPem: key.publicKeyPem, inbound }),
    close: () => {
      unsubscribe()
      delivery.close()
    }
  }
}
