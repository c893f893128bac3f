/**
 * The working copy of a data set: what the routes serve and the writes change. It starts as a shallow copy of the
 * generated (pristine) data set, whose records are never mutated: a write replaces a record by a new object, so
 * `reset` is a new working copy of the same pristine set, with the same ids and bodies.
 *
 * Per location it keeps the search orderings as plain arrays (a write moves one conversation: a binary search and a
 * splice), and per conversation its messages newest first (copied the first time a write touches them).
 *
 * @since 0.1.0
 * @internal
 */
import type {
  Dataset,
  Ordering,
  SortField,
  StoredContact,
  StoredConversation,
  StoredLocation,
  StoredMessage
} from "../model.js"
import { LocationExport } from "./exportIndex.js"

/** An ordering the store splices: ascending keys, `keys[i]` the `sort[0]` of `docs[i]`. @internal */
export interface MutableOrdering extends Ordering {
  readonly docs: Array<StoredConversation>
  readonly keys: Array<number>
}

/** A working location: the seeded one with orderings and conversations the store changes. @internal */
export interface WorkingLocation extends StoredLocation {
  readonly conversations: Array<StoredConversation>
  readonly orderings: Readonly<Record<SortField, MutableOrdering>>
}

const SORT_FIELDS: ReadonlyArray<SortField> = ["last_message_date", "last_manual_message_date"]

/** The value each `sortBy` sorts on (as the seed's orderings: no manual message → `dateAdded`). @internal */
const sortValue = (field: SortField, c: StoredConversation): number =>
  field === "last_message_date" ? c.lastMessageDate : c.lastManualMessageDate ?? c.dateAdded

const contactKey = (locationId: string, contactId: string) => `${locationId}\u0000${contactId}`

/** First index whose key is >= x. */
const lowerBound = (keys: ReadonlyArray<number>, x: number): number => {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((keys[mid] as number) < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * The key of a conversation moving to sort value `v`: `v + k/1000` for the smallest k no other document of the
 * location holds (the seed's tie encoding), so keys stay unique and the keyset cursor exact.
 */
const freeKey = (keys: ReadonlyArray<number>, v: number): { readonly key: number; readonly at: number } => {
  let at = lowerBound(keys, v)
  for (let k = 0; k < 999; k++) {
    const key = k === 0 ? v : v + k / 1000
    if (keys[at] !== key) return { key, at }
    at++
  }
  throw new Error(`more than 999 conversations share the sort value ${v}`)
}

/** @internal */
export class WorkingSet implements Dataset {
  readonly seed: number
  readonly scenario: string
  readonly locations: Array<WorkingLocation>
  readonly locationById: Map<string, WorkingLocation>
  /** Live conversations only: a deleted one answers as an unknown id. */
  readonly conversationById: Map<string, StoredConversation>
  /** Soft-deleted conversations (kept for the journal's sake and for `reset`, which restores the seeded ones). */
  readonly deletedById = new Map<string, StoredConversation>()
  readonly messagesByConversation: Map<string, ReadonlyArray<StoredMessage>>
  readonly messageById: Map<string, StoredMessage>
  /** The live conversation of each (location, contact). */
  private readonly byContact = new Map<string, string>()
  /** Conversations whose message list is this copy's own (the others still share the pristine array). */
  private readonly ownLists = new Set<string>()
  private emailIndex: Map<string, string> | undefined
  /** Export indexes, built on a location's first export request and kept up to date from then on. */
  private readonly exports = new Map<string, LocationExport>()
  /** Counts every committed message write: the export's point-in-time snapshots are versions. */
  version = 0
  /** False until the first write: a reset of an untouched copy keeps it. */
  dirty = false

  constructor(readonly pristine: Dataset) {
    this.seed = pristine.seed
    this.scenario = pristine.scenario
    this.locations = pristine.locations.map((l) => ({
      ...l,
      conversations: [...l.conversations],
      orderings: {
        last_message_date: {
          docs: [...l.orderings.last_message_date.docs],
          keys: Array.from(l.orderings.last_message_date.keys)
        },
        last_manual_message_date: {
          docs: [...l.orderings.last_manual_message_date.docs],
          keys: Array.from(l.orderings.last_manual_message_date.keys)
        }
      }
    }))
    this.locationById = new Map(this.locations.map((l) => [l.locationId, l]))
    this.conversationById = new Map(pristine.conversationById)
    this.messagesByConversation = new Map(pristine.messagesByConversation)
    this.messageById = new Map(pristine.messageById)
    for (const c of this.conversationById.values()) {
      if (!c.deleted) this.byContact.set(contactKey(c.locationId, c.contactId), c.id)
    }
  }

  get conversationCount(): number {
    return this.conversationById.size
  }

  get messageCount(): number {
    return this.messageById.size
  }

  contact(locationId: string, contactId: string): StoredContact | undefined {
    return this.locationById.get(locationId)?.contacts.get(contactId)
  }

  /** The live conversation of the contact in the location. */
  conversationOfContact(locationId: string, contactId: string): StoredConversation | undefined {
    const id = this.byContact.get(contactKey(locationId, contactId))
    return id === undefined ? undefined : this.conversationById.get(id)
  }

  /** The message holding an email message id (built on first use: seeded emails carry 1–3 ids each). */
  messageOfEmail(emailMessageId: string): StoredMessage | undefined {
    if (this.emailIndex === undefined) {
      this.emailIndex = new Map()
      for (const m of this.messageById.values()) this.indexEmail(m)
    }
    const id = this.emailIndex.get(emailMessageId)
    return id === undefined ? undefined : this.messageById.get(id)
  }

  private indexEmail(m: StoredMessage) {
    if (this.emailIndex === undefined || m.emailMessageIds === undefined) return
    for (const e of m.emailMessageIds) this.emailIndex.set(e, m.id)
  }

  /** The location's export index (built on first use). */
  exportOf(location: StoredLocation): LocationExport {
    let index = this.exports.get(location.locationId)
    if (index === undefined) {
      const messages: Array<StoredMessage> = []
      for (const [id, list] of this.messagesByConversation) {
        if (this.conversationById.get(id)?.locationId !== location.locationId) continue
        for (const m of list) messages.push(m)
      }
      index = new LocationExport(messages)
      this.exports.set(location.locationId, index)
    }
    return index
  }

  /** A new conversation, placed in its location's orderings. */
  insertConversation(c: StoredConversation) {
    this.dirty = true
    const location = this.locationById.get(c.locationId)
    if (location === undefined) throw new Error(`no location ${c.locationId}`)
    this.conversationById.set(c.id, c)
    this.messagesByConversation.set(c.id, [])
    this.ownLists.add(c.id)
    this.byContact.set(contactKey(c.locationId, c.contactId), c.id)
    location.conversations.push(c)
    for (const field of SORT_FIELDS) this.place(location.orderings[field], field, c)
  }

  /** Replaces a live conversation by its new version; moves it in the orderings when a sort value changed. */
  replaceConversation(previous: StoredConversation, next: StoredConversation) {
    this.dirty = true
    const location = this.locationById.get(previous.locationId)
    if (location === undefined) throw new Error(`no location ${previous.locationId}`)
    this.conversationById.set(next.id, next)
    const i = location.conversations.indexOf(previous)
    if (i >= 0) location.conversations[i] = next
    for (const field of SORT_FIELDS) {
      const ordering = location.orderings[field]
      const at = this.indexIn(ordering, field, previous)
      if (sortValue(field, previous) === sortValue(field, next)) {
        ordering.docs[at] = next
      } else {
        ordering.docs.splice(at, 1)
        ordering.keys.splice(at, 1)
        this.place(ordering, field, next)
      }
    }
  }

  /** Soft delete: gone from the orderings and the id lookups; its messages go with it. */
  deleteConversation(c: StoredConversation, deleted: StoredConversation) {
    this.dirty = true
    const location = this.locationById.get(c.locationId)
    if (location === undefined) throw new Error(`no location ${c.locationId}`)
    for (const field of SORT_FIELDS) {
      const ordering = location.orderings[field]
      const at = this.indexIn(ordering, field, c)
      ordering.docs.splice(at, 1)
      ordering.keys.splice(at, 1)
    }
    const i = location.conversations.indexOf(c)
    if (i >= 0) location.conversations.splice(i, 1)
    this.conversationById.delete(c.id)
    this.deletedById.set(c.id, deleted)
    this.byContact.delete(contactKey(c.locationId, c.contactId))
    const messages = this.messagesByConversation.get(c.id) ?? []
    for (const m of messages) this.messageById.delete(m.id)
    this.messagesByConversation.delete(c.id)
    this.exports.get(c.locationId)?.removed(messages)
    this.version++
  }

  /** A new message, first in its conversation's list (the API's newest-first order). */
  insertMessage(m: StoredMessage) {
    this.dirty = true
    this.version++
    const list = this.ownList(m.conversationId)
    list.unshift(m)
    this.messageById.set(m.id, m)
    this.indexEmail(m)
    this.exports.get(m.locationId)?.added(m, this.version)
  }

  /** Replaces a message in place (its list position does not change). */
  replaceMessage(previous: StoredMessage, next: StoredMessage) {
    this.dirty = true
    this.version++
    const list = this.ownList(previous.conversationId)
    const i = list.indexOf(previous)
    if (i >= 0) list[i] = next
    this.messageById.set(next.id, next)
    this.indexEmail(next)
    this.exports.get(next.locationId)?.updated(next, this.version)
  }

  /** Where the message stands in its conversation's newest-first list (-1: not there). */
  positionOf(m: StoredMessage): number {
    return (this.messagesByConversation.get(m.conversationId) ?? []).indexOf(m)
  }

  private ownList(conversationId: string): Array<StoredMessage> {
    const current = this.messagesByConversation.get(conversationId) ?? []
    if (this.ownLists.has(conversationId)) return current as Array<StoredMessage>
    const copy = [...current]
    this.messagesByConversation.set(conversationId, copy)
    this.ownLists.add(conversationId)
    return copy
  }

  private place(ordering: MutableOrdering, field: SortField, c: StoredConversation) {
    const { at, key } = freeKey(ordering.keys, sortValue(field, c))
    ordering.docs.splice(at, 0, c)
    ordering.keys.splice(at, 0, key)
  }

  /** The index of `c` in the ordering: a binary search to its sort value's keys, then a scan of that tie group. */
  private indexIn(ordering: MutableOrdering, field: SortField, c: StoredConversation): number {
    const v = sortValue(field, c)
    for (let i = lowerBound(ordering.keys, v); i < ordering.docs.length && (ordering.keys[i] as number) < v + 1; i++) {
      if (ordering.docs[i] === c) return i
    }
    const i = ordering.docs.indexOf(c)
    if (i < 0) throw new Error(`conversation ${c.id} is not in its ${field} ordering`)
    return i
  }
}
