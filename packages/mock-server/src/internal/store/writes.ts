/**
 * The write side of the store: every change a route commits, as one function each, over the working copy. Each
 * stamps the mock clock's time, keeps the conversation consistent with its messages (last message, unread count,
 * search position), and emits its change events after it took effect. Scheduled messages wait in a queue the clock
 * drains (`deliverDue`).
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredContact, StoredConversation, StoredLocation, StoredMessage } from "../model.js"
import * as Prng from "../prng.js"
import type { MockClock } from "./clock.js"
import type { StoreEventHub } from "./events.js"
import type { WorkingSet } from "./working.js"

/** A message before the store gives it an id, a time and a place. @internal */
export type MessageDraft = Omit<StoredMessage, "id" | "position" | "dateAdded" | "dateUpdated"> & {
  /** Default: the clock's now. */
  readonly dateAdded?: number
}

/** What the conversation routes change. @internal */
export interface ConversationWrites {
  /** A new conversation of the contact (the caller checked that it has none). */
  readonly createConversation: (location: StoredLocation, contact: StoredContact, channel: number) => StoredConversation
  readonly updateConversation: (
    c: StoredConversation,
    patch: { readonly unreadCount?: number; readonly starred?: boolean }
  ) => StoredConversation
  readonly deleteConversation: (c: StoredConversation) => void
}

/** What the message routes change. @internal */
export interface MessageWrites {
  readonly now: () => number
  /** A new id (20 alphanumerics, as the seed's), for messages and email message ids. */
  readonly newId: () => string
  readonly createConversation: ConversationWrites["createConversation"]
  /**
   * Adds the message first in its conversation. Unless it is `scheduled`, the conversation takes it as its last
   * message (and an inbound one raises `unreadCount`); a scheduled one does so when the clock delivers it.
   */
  readonly addMessage: (
    draft: MessageDraft
  ) => { readonly message: StoredMessage; readonly conversation: StoredConversation }
  /** A new version of the message (`dateUpdated` stamped). */
  readonly updateMessage: (m: StoredMessage, patch: Partial<Omit<StoredMessage, "id">>) => StoredMessage
}

/** @internal */
export interface Writes extends ConversationWrites, MessageWrites {
  /** Delivers every scheduled message whose time the clock has passed (called before each request). */
  readonly deliverDue: () => void
  /** Forgets the queue and restarts the id stream (with the data set's reset or load). */
  readonly reset: () => void
}

const isManual = (m: StoredMessage) => m.source === "app" || m.source === "bulk_actions"

const searchTextOf = (c: Pick<StoredConversation, "fullName" | "email" | "phone">, lastMessageBody: string) =>
  `${c.fullName}\n${c.fullName.toLowerCase()}\n${c.email}\n${c.phone}\n${lastMessageBody}`.toLowerCase()

/** The conversation once `m` is its newest message, at `time`. */
const withLastMessage = (c: StoredConversation, m: StoredMessage, time: number): StoredConversation => {
  const lastMessageBody = m.body ?? ""
  const manual = m.direction === "outbound" && isManual(m)
  return {
    ...c,
    unreadCount: m.direction === "inbound" ? c.unreadCount + 1 : c.unreadCount,
    dateUpdated: time,
    lastMessageDate: time,
    lastManualMessageDate: manual ? time : c.lastManualMessageDate,
    lastMessageBody,
    lastMessageType: m.messageType,
    lastMessageDirection: m.direction,
    lastOutboundMessageAction: m.direction === "outbound"
      ? (manual ? "manual" : "automated")
      : c.lastOutboundMessageAction,
    searchText: searchTextOf(c, lastMessageBody)
  }
}

/** A new conversation of `contact`, empty, opened at `time`. */
const newConversation = (
  id: string,
  location: StoredLocation,
  contact: StoredContact,
  channel: number,
  time: number
): StoredConversation => ({
  id,
  locationId: location.locationId,
  contactId: contact.id,
  fullName: contact.fullName,
  contactName: contact.fullName.toLowerCase(),
  email: contact.email,
  phone: contact.phone,
  companyName: contact.companyName,
  tags: [],
  channel,
  assignedTo: undefined,
  followers: [],
  mentions: [],
  starred: false,
  inbox: true,
  deleted: false,
  unreadCount: 0,
  dateAdded: time,
  dateUpdated: time,
  lastMessageDate: time,
  lastManualMessageDate: undefined,
  lastMessageBody: "",
  lastMessageType: undefined,
  lastMessageDirection: undefined,
  lastOutboundMessageAction: undefined,
  searchText: searchTextOf(contact, "")
})

/** Scheduled message ids by due time (epoch ms), soonest first. */
const makeScheduleQueue = () => {
  let queue: Array<{ readonly at: number; readonly id: string }> = []
  return {
    add: (at: number, id: string) => {
      const i = queue.findIndex((q) => q.at > at)
      queue.splice(i < 0 ? queue.length : i, 0, { at, id })
    },
    /** The entries due at `now`, taken off the queue. */
    takeDue: (now: number): ReadonlyArray<{ readonly at: number; readonly id: string }> => {
      let n = 0
      while (n < queue.length && (queue[n] as { at: number }).at <= now) n++
      const due = queue.slice(0, n)
      queue = queue.slice(n)
      return due
    },
    clear: () => {
      queue = []
    }
  }
}

/** @internal */
export const makeWrites = (current: () => WorkingSet, clock: MockClock, events: StoreEventHub): Writes => {
  let ids = Prng.make(current().seed ^ 0x5717e5, 0)
  const queue = makeScheduleQueue()

  const newId = () => {
    const set = current()
    for (;;) {
      const id = Prng.id(ids)
      if (!set.messageById.has(id) && !set.conversationById.has(id) && !set.deletedById.has(id)) return id
    }
  }

  const createConversation = (location: StoredLocation, contact: StoredContact, channel: number) => {
    const time = clock.now()
    const conversation = newConversation(newId(), location, contact, channel, time)
    current().insertConversation(conversation)
    events.emit({ _tag: "conversationCreated", time, conversation })
    return conversation
  }

  const replaceConversation = (previous: StoredConversation, conversation: StoredConversation, time: number) => {
    current().replaceConversation(previous, conversation)
    events.emit({ _tag: "conversationUpdated", time, conversation, previous })
    return conversation
  }

  const updateMessage = (previous: StoredMessage, patch: Partial<Omit<StoredMessage, "id">>) => {
    const time = clock.now()
    const message: StoredMessage = { ...previous, ...patch, dateUpdated: time }
    current().replaceMessage(previous, message)
    events.emit({ _tag: "messageUpdated", time, message, previous })
    return message
  }

  /** The conversation takes `m` as its last message; undefined if it is gone (deleted meanwhile). */
  const takeLast = (m: StoredMessage, time: number): StoredConversation | undefined => {
    const previous = current().conversationById.get(m.conversationId)
    return previous === undefined ? undefined : replaceConversation(previous, withLastMessage(previous, m, time), time)
  }

  return {
    now: clock.now,
    newId,
    createConversation,
    updateConversation: (previous, patch) => {
      const time = clock.now()
      return replaceConversation(previous, { ...previous, ...patch, dateUpdated: time }, time)
    },
    deleteConversation: (c) => {
      const time = clock.now()
      const conversation = { ...c, deleted: true, dateUpdated: time }
      current().deleteConversation(c, conversation)
      events.emit({ _tag: "conversationDeleted", time, conversation })
    },
    addMessage: (draft) => {
      const time = clock.now()
      const message: StoredMessage = { ...draft, id: newId(), position: 0, dateAdded: draft.dateAdded ?? time }
      const set = current()
      set.insertMessage(message)
      const before = set.conversationById.get(message.conversationId)
      if (before === undefined) throw new Error(`message ${message.id} added to unknown conversation`)
      if (message.status === "scheduled" && message.scheduledAt !== undefined) {
        queue.add(message.scheduledAt, message.id)
        events.emit({ _tag: "messageAdded", time, message, conversation: before })
        return { message, conversation: before }
      }
      const conversation = withLastMessage(before, message, message.dateAdded)
      set.replaceConversation(before, conversation)
      events.emit({ _tag: "messageAdded", time, message, conversation })
      events.emit({ _tag: "conversationUpdated", time, conversation, previous: before })
      return { message, conversation }
    },
    updateMessage,
    deliverDue: () => {
      for (const { at, id } of queue.takeDue(clock.now())) {
        const m = current().messageById.get(id)
        // Cancelled (or its conversation deleted) before its time: never sent.
        if (m === undefined || m.status !== "scheduled") continue
        const sent = updateMessage(m, { status: "pending" })
        takeLast(sent, at)
      }
    },
    reset: () => {
      ids = Prng.make(current().seed ^ 0x5717e5, 0)
      queue.clear()
    }
  }
}
