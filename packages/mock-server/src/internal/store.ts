/**
 * The `MockStore.Store` implementation over the current data set.
 *
 * @since 0.1.0
 * @internal
 */
import { Collection } from "@msw/data"
import * as Schema from "effect/Schema"
import type * as MockScenario from "../MockScenario.js"
import type * as MockStore from "../MockStore.js"
import * as MockWire from "../MockWire.js"
import type { Dataset } from "./model.js"
import * as Wire from "./wire.js"

const schemas: MockStore.CollectionSchemas = {
  conversation: Schema.standardSchemaV1(MockWire.SearchConversation),
  message: Schema.standardSchemaV1(MockWire.Message)
}

const buildCollections = async (dataset: Dataset): Promise<MockStore.Collections> => {
  const conversations = new Collection({ schema: schemas.conversation })
  const messages = new Collection({ schema: schemas.message })
  for (const location of dataset.locations) {
    const { docs, keys } = location.orderings.last_message_date
    for (let i = docs.length - 1; i >= 0; i--) {
      const doc = docs[i]
      if (doc === undefined) continue
      await conversations.create(Wire.searchConversation(doc, keys[i] ?? doc.lastMessageDate))
      for (const m of dataset.messagesByConversation.get(doc.id) ?? []) await messages.create(Wire.message(m))
    }
  }
  return { conversations, messages }
}

/** @internal */
export const makeStore = (current: () => Dataset): MockStore.Store => {
  const cache = new WeakMap<Dataset, Promise<MockStore.Collections>>()
  return {
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
    },
    collections: () => {
      const dataset = current()
      let built = cache.get(dataset)
      if (built === undefined) {
        built = buildCollections(dataset)
        cache.set(dataset, built)
      }
      return built
    }
  }
}
