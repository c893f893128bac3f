/**
 * The `MockStore.Store` implementation: the current data set in API order, as wire JSON copies.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockScenario from "../../MockScenario.js"
import type * as MockStore from "../../MockStore.js"
import type { Dataset } from "../model.js"
import * as Wire from "../wire.js"

/** @internal */
export const makeStore = (current: () => Dataset): MockStore.Store => ({
  get seed() {
    return current().seed
  },
  get scenario() {
    return current().scenario as MockScenario.ScenarioName
  },
  conversationsOf: (locationId, options = {}) => {
    const location = current().locationById.get(locationId)
    if (location === undefined) return []
    const { docs, keys } = location.orderings[options.sortBy ?? "last_message_date"]
    const out = docs.map((doc, i) => Wire.searchConversation(doc, keys[i] ?? doc.lastMessageDate))
    return options.sort === "asc" ? out : out.reverse()
  },
  conversation: (conversationId) => {
    const c = current().conversationById.get(conversationId)
    return c === undefined ? undefined : Wire.conversation(c)
  },
  messagesOf: (conversationId) => (current().messagesByConversation.get(conversationId) ?? []).map(Wire.message),
  counts: () => {
    const d = current()
    return { locations: d.locations.length, conversations: d.conversationCount, messages: d.messageCount }
  }
})
