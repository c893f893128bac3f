/**
 * The read side of the store, cut to what each group of routes needs: conversations (locations, conversations,
 * search with its cached totals) and messages (a conversation's messages, the cursor lookup, the body shape).
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredContact, StoredConversation, StoredLocation, StoredMessage } from "../model.js"
import * as Query from "../query.js"
import type { DatasetStore } from "./dataset.js"
import type { LocationExport } from "./exportIndex.js"

/** What the conversation routes read. @internal */
export interface ConversationReads {
  readonly location: (locationId: string) => StoredLocation | undefined
  readonly conversation: (conversationId: string) => StoredConversation | undefined
  /** One search page of the location (see `Query.search`). */
  readonly search: (location: StoredLocation, query: Query.SearchQuery) => Query.SearchPage
  /** A contact of the location's directory. */
  readonly contact: (locationId: string, contactId: string) => StoredContact | undefined
  /** The contact's live conversation in the location. */
  readonly conversationOfContact: (locationId: string, contactId: string) => StoredConversation | undefined
}

/** What the messages route reads. @internal */
export interface MessageReads {
  readonly location: (locationId: string) => StoredLocation | undefined
  readonly conversation: (conversationId: string) => StoredConversation | undefined
  readonly message: (messageId: string) => StoredMessage | undefined
  /** Newest first; [] for an unknown conversation. */
  readonly messagesOf: (conversationId: string) => ReadonlyArray<StoredMessage>
  /** The message's index in its conversation's newest-first list (-1 if not there). */
  readonly positionOf: (message: StoredMessage) => number
  /** `"wrapped"` as real traffic shows, or the documented `"flat"` body. */
  readonly shape: () => "wrapped" | "flat"
  /** The message holding an email message id. */
  readonly messageOfEmail: (emailMessageId: string) => StoredMessage | undefined
  /** A contact of the location's directory. */
  readonly contact: (locationId: string, contactId: string) => StoredContact | undefined
  /** The contact's live conversation in the location. */
  readonly conversationOfContact: (locationId: string, contactId: string) => StoredConversation | undefined
  /** The location's export index (built on first use). */
  readonly exportOf: (location: StoredLocation) => LocationExport
  /** The store's current version: an export walk's point in time. */
  readonly version: () => number
}

/** @internal */
export interface Reads extends ConversationReads, MessageReads {
  /** Forgets the cached search totals (with the data set's reset or load, and after each write). */
  readonly reset: () => void
}

/** @internal */
export const makeReads = (store: DatasetStore): Reads => {
  // `total` of a filtered search is a full scan of the location: cached per location and filter.
  let totals = new Map<string, number>()
  return {
    location: (locationId) => store.current().locationById.get(locationId),
    conversation: (conversationId) => store.current().conversationById.get(conversationId),
    search: (location, query) => Query.search(location, query, totals),
    message: (messageId) => store.current().messageById.get(messageId),
    messagesOf: (conversationId) => store.current().messagesByConversation.get(conversationId) ?? [],
    positionOf: (message) => store.current().positionOf(message),
    messageOfEmail: (emailMessageId) => store.current().messageOfEmail(emailMessageId),
    exportOf: (location) => store.current().exportOf(location),
    version: () => store.current().version,
    contact: (locationId, contactId) => store.current().contact(locationId, contactId),
    conversationOfContact: (locationId, contactId) => store.current().conversationOfContact(locationId, contactId),
    shape: () => store.settings().messagesShape,
    reset: () => {
      totals = new Map()
    }
  }
}
