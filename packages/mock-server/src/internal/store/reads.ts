/**
 * The read side of the store, cut to what each group of routes needs: conversations (locations, conversations,
 * search with its cached totals) and messages (a conversation's messages, the cursor lookup, the body shape).
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredConversation, StoredLocation, StoredMessage } from "../model.js"
import * as Query from "../query.js"
import type { DatasetStore } from "./dataset.js"

/** What the conversation routes read. @internal */
export interface ConversationReads {
  readonly location: (locationId: string) => StoredLocation | undefined
  readonly conversation: (conversationId: string) => StoredConversation | undefined
  /** One search page of the location (see `Query.search`). */
  readonly search: (location: StoredLocation, query: Query.SearchQuery) => Query.SearchPage
}

/** What the messages route reads. @internal */
export interface MessageReads {
  readonly location: (locationId: string) => StoredLocation | undefined
  readonly conversation: (conversationId: string) => StoredConversation | undefined
  readonly message: (messageId: string) => StoredMessage | undefined
  /** Newest first; [] for an unknown conversation. */
  readonly messagesOf: (conversationId: string) => ReadonlyArray<StoredMessage>
  /** `"wrapped"` as real traffic shows, or the documented `"flat"` body. */
  readonly shape: () => "wrapped" | "flat"
}

/** @internal */
export interface Reads extends ConversationReads, MessageReads {
  /** Forgets the cached search totals (with the data set's reset or load). */
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
    shape: () => store.settings().messagesShape,
    reset: () => {
      totals = new Map()
    }
  }
}
