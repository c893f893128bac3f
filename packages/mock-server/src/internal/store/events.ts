/**
 * The store's change events: every write the mock commits, as a typed record carrying the stored objects, delivered
 * synchronously to each subscriber after the write took effect (a listener that reads the store sees the new
 * state). Webhook delivery subscribes here; so can a test.
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredConversation, StoredMessage } from "../model.js"

/** One committed change; `time` is the mock clock's epoch ms when it happened. @internal */
export type StoreEvent =
  | { readonly _tag: "conversationCreated"; readonly time: number; readonly conversation: StoredConversation }
  | {
    readonly _tag: "conversationUpdated"
    readonly time: number
    readonly conversation: StoredConversation
    readonly previous: StoredConversation
  }
  | { readonly _tag: "conversationDeleted"; readonly time: number; readonly conversation: StoredConversation }
  | {
    readonly _tag: "messageAdded"
    readonly time: number
    readonly message: StoredMessage
    /** The conversation as the message left it (last message, unread count). */
    readonly conversation: StoredConversation
  }
  | {
    readonly _tag: "messageUpdated"
    readonly time: number
    readonly message: StoredMessage
    readonly previous: StoredMessage
  }
  /** The data set was reset or replaced (`reset`, `load`): anything derived from earlier events is stale. */
  | { readonly _tag: "storeReset"; readonly time: number }

/** @internal */
type StoreListener = (event: StoreEvent) => void

/** What a subscriber sees. @internal */
export interface StoreEvents {
  /** Calls `listener` after every committed change, in commit order; returns the unsubscribe function. */
  readonly subscribe: (listener: StoreListener) => () => void
}

/** The store's side: subscribe, plus emit. @internal */
export interface StoreEventHub extends StoreEvents {
  readonly emit: (event: StoreEvent) => void
}

/** @internal */
export const makeEventHub = (): StoreEventHub => {
  const listeners = new Set<StoreListener>()
  return {
    subscribe: (listener) => {
      // A wrapper per subscription: the same function subscribed twice is called twice and unsubscribed apart.
      const entry: StoreListener = (event) => listener(event)
      listeners.add(entry)
      return () => {
        listeners.delete(entry)
      }
    },
    emit: (event) => {
      // A listener must not break the write that already happened: what it throws is its own problem.
      for (const listener of [...listeners]) {
        try {
          listener(event)
        } catch {
          // dropped on purpose (see above)
        }
      }
    }
  }
}
