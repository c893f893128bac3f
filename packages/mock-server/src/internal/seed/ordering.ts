/**
 * The keyset orderings of a location's conversations, one per search `sortBy`: what search pages walk with a binary
 * search on `startAfterDate`.
 *
 * @since 0.1.0
 * @internal
 */
import type { Ordering, SortField, StoredConversation } from "../model.js"

const compareKeyThenId = (
  value: (c: StoredConversation) => number
) =>
(a: StoredConversation, b: StoredConversation) => {
  const d = value(a) - value(b)
  if (d !== 0) return d
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** The value each `sortBy` sorts on; a conversation without a manual message sorts by its `dateAdded`. */
const sortValue: Readonly<Record<SortField, (c: StoredConversation) => number>> = {
  last_message_date: (c) => c.lastMessageDate,
  last_manual_message_date: (c) => c.lastManualMessageDate ?? c.dateAdded
}

/** Ties above this size cannot be encoded as value + k/1000 below value + 1. */
const MAX_TIE_GROUP = 999

/**
 * Builds the keyset ordering of one location. Keys stay exact: at 1.7e12 a double resolves about 0.00024, so
 * value + k/1000 (k < 1000) is distinct for every k and below value + 1.
 *
 * @internal
 */
export const ordering = (
  conversations: ReadonlyArray<StoredConversation>,
  field: SortField
): Ordering => {
  const value = sortValue[field]
  const docs = conversations.filter((c) => !c.deleted).sort(compareKeyThenId(value))
  const keys = new Float64Array(docs.length)
  let k = 0
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i] as StoredConversation
    const v = value(doc)
    if (!Number.isSafeInteger(v)) throw new Error(`${field} of ${doc.id} is not an integer epoch ms: ${v}`)
    const previous = docs[i - 1]
    k = previous !== undefined && value(previous) === v ? k + 1 : 0
    if (k > MAX_TIE_GROUP - 1) {
      throw new Error(
        `more than ${MAX_TIE_GROUP} conversations share ${field} = ${v}; the keyset encoding cannot order them`
      )
    }
    keys[i] = k === 0 ? v : v + k / 1000
  }
  return { docs, keys }
}
