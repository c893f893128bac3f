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
  /** Index in the seeded newest-first list (the store finds a cursor's place itself: writes shift it). */
  readonly position: number
  /** Epoch ms of the last change (status, attachments, delivery); the seed has none: `dateAdded`. */
  readonly dateUpdated?: number
  /** Written emails: subject, sender, recipients and thread (seeded emails derive them, see `wire.ts`). */
  readonly email?: StoredEmail
  /** A scheduled send: when it goes out (epoch ms). */
  readonly scheduledAt?: number
  /** The provider's own id of the message (inbound / outbound provider calls). */
  readonly altId?: string
}

/** The email fields of a message written through the API. @internal */
interface StoredEmail {
  readonly subject: string | undefined
  readonly from: string
  readonly to: ReadonlyArray<string>
  readonly cc: ReadonlyArray<string>
  readonly bcc: ReadonlyArray<string>
  readonly threadId: string
}

/** A contact of a location's directory: every conversation's contact, and some without a conversation. @internal */
export interface StoredContact {
  readonly id: string
  readonly locationId: string
  readonly fullName: string
  readonly email: string
  readonly phone: string
  readonly companyName: string | undefined
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
  /** A `Float64Array` in the seed; the store's working copy is a plain array it splices on writes. */
  readonly keys: ArrayLike<number>
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
  /** The location's conversation provider (its SMS and call messages carry this `conversationProviderId`). */
  readonly providerId: string
  /** The location's contact directory, by contact id. */
  readonly contacts: ReadonlyMap<string, StoredContact>
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
