/**
 * The mock's stored records (not wire JSON: see `wire.ts` for what goes on the wire).
 *
 * @since 0.1.0
 * @internal
 */

/** @internal */
export type Direction = "inbound" | "outbound"

/** @internal */
type OutboundAction = "automated" | "manual"

/** @internal */
export interface StoredConversation {
  readonly id: string
  readonly locationId: string
  readonly contactId: string
  readonly fullName: string
  readonly contactName: string
  readonly email: string
  readonly phone: string
  readonly companyName: string | undefined
  readonly tags: ReadonlyArray<string>
  /** 1 Phone, 2 Email, 3 Facebook Messenger, 4 Review, 5 Group SMS. */
  readonly channel: number
  readonly assignedTo: string | undefined
  readonly followers: ReadonlyArray<string>
  readonly mentions: ReadonlyArray<string>
  readonly starred: boolean
  readonly inbox: boolean
  readonly deleted: boolean
  readonly unreadCount: number
  /** Epoch ms, integers. */
  readonly dateAdded: number
  readonly dateUpdated: number
  readonly lastMessageDate: number
  readonly lastManualMessageDate: number | undefined
  readonly lastMessageBody: string
  readonly lastMessageType: string | undefined
  readonly lastMessageDirection: Direction | undefined
  readonly lastOutboundMessageAction: OutboundAction | undefined
  /** Lower-cased name, contact name, email, phone and last message body, for `query`. */
  readonly searchText: string
}

/** @internal */
export interface StoredMessage {
  readonly id: string
  readonly conversationId: string
  readonly locationId: string
  readonly contactId: string
  readonly messageType: string
  readonly type: number
  readonly direction: Direction
  /** Epoch ms (integer); emitted as an ISO string. */
  readonly dateAdded: number
  readonly contentType: string
  readonly body: string | undefined
  readonly status: string | undefined
  readonly attachments: ReadonlyArray<string>
  readonly source: string | undefined
  readonly userId: string | undefined
  readonly conversationProviderId: string | undefined
  readonly call: { readonly duration: number; readonly status: string } | undefined
  readonly emailMessageIds: ReadonlyArray<string> | undefined
  /** Index in the conversation's newest-first list; the messages cursor resolves through it. */
  readonly position: number
}

/** Search `sortBy` values the mock can sort on. @internal */
export type SortField = "last_message_date" | "last_manual_message_date"

/**
 * One location's conversations in ascending keyset order. `keys[i]` is the `sort[0]` value of `docs[i]`: the sort
 * value itself, plus k/1000 for the k-th document (by id) of a group of equal values, so keys are unique and
 * strictly increasing and the tie-breaker travels inside the one number the client sends back.
 *
 * @internal
 */
export interface Ordering {
  readonly docs: ReadonlyArray<StoredConversation>
  readonly keys: Float64Array
}

/** @internal */
export interface StoredLocation {
  readonly locationId: string
  readonly companyId: string
  readonly name: string
  readonly userIds: ReadonlyArray<string>
  readonly tokens: {
    readonly full: string
    readonly withoutMessagesScope: string
    readonly withoutConversationsScope: string
  }
  readonly refreshToken: string
  readonly authorizationCode: string
  readonly conversations: ReadonlyArray<StoredConversation>
  readonly orderings: Readonly<Record<SortField, Ordering>>
}

/** @internal */
export interface Dataset {
  readonly seed: number
  readonly scenario: string
  readonly locations: ReadonlyArray<StoredLocation>
  readonly locationById: ReadonlyMap<string, StoredLocation>
  readonly conversationById: ReadonlyMap<string, StoredConversation>
  /** Newest first (dateAdded desc, then id desc). */
  readonly messagesByConversation: ReadonlyMap<string, ReadonlyArray<StoredMessage>>
  readonly messageById: ReadonlyMap<string, StoredMessage>
  readonly conversationCount: number
  readonly messageCount: number
}
