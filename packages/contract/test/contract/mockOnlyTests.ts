/**
 * On the mock only: the seeded values, exactly (the search walk, get-conversation and every message, the second
 * location, score-profile filters refused).
 */
import { describe, expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import { collect, failureOf, type It, withClient } from "./support.js"
import { Target } from "./Target.js"

/** Registers these tests in the suite of one target. */
export const mockOnlyTests = (it: It) => {
  describe("mock only: exact seeded values", () => {
    const view = Effect.flatMap(
      Target,
      (target) =>
        Effect.map(target.mock, (mock) => ({ target, mock })).pipe(Effect.orDieWith(() => "not a mock target"))
    )

    it.effect("search walks exactly the seeded conversations, in the seeded order", () =>
      Effect.gen(function*() {
        const found = yield* view
        const seeded = found.mock.store.conversationsOf(found.target.locationId)
        const walked = yield* withClient((c) => collect(c.searchConversations({ limit: 7 }), 10_000))
        expect(walked.map((conversation) => conversation.id)).toEqual(seeded.map((conversation) => conversation.id))
        const starred = yield* withClient((c) => collect(c.searchConversations({ status: "starred" }), 10_000))
        expect(starred.map((conversation) => conversation.id)).toEqual(
          seeded.filter((conversation) => conversation.starred).map((conversation) => conversation.id)
        )
      }))

    it.effect("get conversation and every message match the seed", () =>
      Effect.gen(function*() {
        const found = yield* view
        const [first] = found.mock.store.conversationsOf(found.target.locationId)
        if (first === undefined) return yield* Effect.dieMessage("the seed has no conversation")
        const conversation = yield* withClient((c) => c.getConversation(first.id))
        const seeded = found.mock.store.conversation(first.id)
        expect([conversation.contactId, conversation.unreadCount, conversation.starred]).toEqual([
          seeded?.contactId,
          seeded?.unreadCount,
          seeded?.starred
        ])
        const messages = yield* withClient((c) => collect(c.listMessages(first.id, { limit: 7 }), 10_000))
        expect(messages.map((message) => message.id)).toEqual(
          found.mock.store.messagesOf(first.id).map((message) => message.id)
        )
      }))

    it.effect("the other location answers its own token, and score-profile filters are refused (422)", () =>
      Effect.gen(function*() {
        const found = yield* view
        const other = found.mock.locations.find((location) => location.locationId === found.target.otherLocationId)
        if (other === undefined) return yield* Effect.dieMessage("no second location")
        const page = yield* withClient(
          (c) => c.searchConversationsPage({ locationId: other.locationId, limit: 100 }),
          { token: Redacted.make(other.tokens.full) }
        )
        expect(page.total).toBe(found.mock.store.conversationsOf(other.locationId).length)
        const refused = yield* failureOf(withClient((c) => c.searchConversationsPage({ scoreProfile: "sp1" })))
        expect(refused._tag === "InvalidRequestError" ? refused.status : refused._tag).toBe(422)
      }))
  })
}
