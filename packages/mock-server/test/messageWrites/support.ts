/**
 * What the message-write tests share: a JSON request init, and a mock on a manual clock with its two locations, their
 * conversations, and the primary location's contacts that have no conversation yet.
 */
import { HighLevelMock } from "../../src/index.js"
import { manualClock } from "../support.js"

export const post = (body: unknown, method = "POST") => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body)
})

export const START = Date.UTC(2025, 0, 1, 12)

export const setup = () => {
  const clock = manualClock(START)
  const mock = HighLevelMock.make({ seed: 42, rateLimit: false, now: clock.now })
  const primary = mock.locations[0]
  const other = mock.locations[1]
  if (primary === undefined || other === undefined) throw new Error("the default scenario has two locations")
  const conversations = mock.store.conversationsOf(primary.locationId)
  const withConversation = new Set(conversations.map((c) => c.contactId))
  const lonely = primary.contactIds.filter((id) => !withConversation.has(id))
  return { mock, clock, primary, other, conversations, lonely }
}

export interface Sent {
  readonly conversationId: string
  readonly messageId: string
  readonly emailMessageId?: string
}
