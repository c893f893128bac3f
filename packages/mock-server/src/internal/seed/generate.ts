/**
 * Deterministic seed data: locations, tokens, conversations and messages, plus the indexes the handlers read.
 *
 * Everything derives from the seed: Faker (seeded per location) for names, emails, phones and texts, the sfc32
 * generator for ids, choices and timestamps, and a fixed epoch instead of the clock.
 *
 * @since 0.1.0
 * @internal
 */
import { base, en, en_US, Faker } from "@faker-js/faker"
import type * as MockScenario from "../../MockScenario.js"
import type { Dataset, StoredConversation, StoredLocation, StoredMessage } from "../model.js"
import { generateLocation } from "./location.js"

/**
 * Generates the whole data set of a plan. Pure: the same seed and plan give the same data.
 *
 * @internal
 */
export const generate = (seed: number, plan: MockScenario.Plan): Dataset => {
  const faker = new Faker({ locale: [en_US, en, base] })
  const locations: Array<StoredLocation> = []
  const conversationById = new Map<string, StoredConversation>()
  const messagesByConversation = new Map<string, ReadonlyArray<StoredMessage>>()
  const messageById = new Map<string, StoredMessage>()
  let messageCount = 0
  plan.locations.forEach((locationPlan, index) => {
    const { location, messages } = generateLocation(seed, index, locationPlan, faker)
    locations.push(location)
    location.conversations.forEach((conversation, i) => {
      if (conversationById.has(conversation.id)) throw new Error(`duplicate conversation id ${conversation.id}`)
      conversationById.set(conversation.id, conversation)
      const list = messages[i] ?? []
      messagesByConversation.set(conversation.id, list)
      for (const message of list) {
        if (messageById.has(message.id)) throw new Error(`duplicate message id ${message.id}`)
        messageById.set(message.id, message)
      }
      messageCount += list.length
    })
  })
  return {
    seed,
    scenario: plan.name,
    locations,
    locationById: new Map(locations.map((l) => [l.locationId, l])),
    conversationById,
    messagesByConversation,
    messageById,
    conversationCount: conversationById.size,
    messageCount
  }
}
