/**
 * The errors a client can cause on the three first reads, on every target, each mapped to its typed error.
 */
import { describe, expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { type Capabilities, type Conversations, failureOf, type It, unknownId, withClient } from "./support.js"
import { badToken, Target, withoutAuthorization, withoutVersion, withUnknownParameter } from "./Target.js"

/** Registers these tests in the suite of one target. */
export const errorTests = (it: It, conversations: Conversations, capabilities: Capabilities) => {
  describe("errors a client can cause", () => {
    it.effect("unknown conversation id: NotFoundError (get and messages)", () =>
      Effect.gen(function*() {
        const get = yield* failureOf(withClient((c) => c.getConversation(unknownId)))
        expect([get._tag, "status" in get ? get.status : 0]).toEqual(["NotFoundError", 404])
        const messages = yield* failureOf(withClient((c) => c.getMessagesPage(unknownId)))
        expect(messages._tag).toBe("NotFoundError")
      }))

    it.effect("no token: UnauthorizedError (401)", () =>
      Effect.gen(function*() {
        const error = yield* failureOf(
          withClient((c) => c.searchConversationsPage({ limit: 1 }), { tweak: withoutAuthorization })
        )
        expect(error._tag === "UnauthorizedError" ? [error.status, error.reason] : error._tag).toEqual([
          401,
          "invalid_token"
        ])
      }))

    it.effect("bad token: UnauthorizedError (401, invalid_token)", () =>
      Effect.gen(function*() {
        const error = yield* failureOf(
          withClient((c) => c.searchConversationsPage({ limit: 1 }), { token: badToken })
        )
        expect(error._tag === "UnauthorizedError" ? [error.status, error.reason] : error._tag).toEqual([
          401,
          "invalid_token"
        ])
      }))

    it.effect("token of another location: ForbiddenError (403)", () =>
      Effect.gen(function*() {
        const { otherLocationId } = yield* Target
        const error = yield* failureOf(
          withClient((c) => c.searchConversationsPage({ locationId: otherLocationId, limit: 1 }))
        )
        expect(error._tag === "ForbiddenError" ? error.status : error._tag).toBe(403)
      }))

    it.effect("missing Version header: InvalidRequestError (400)", () =>
      Effect.gen(function*() {
        const error = yield* failureOf(
          withClient((c) => c.searchConversationsPage({ limit: 1 }), { tweak: withoutVersion })
        )
        expect(error._tag === "InvalidRequestError" ? error.status : error._tag).toBe(400)
      }))

    it.effect("unknown query parameter: InvalidRequestError (422)", () =>
      Effect.gen(function*() {
        const error = yield* failureOf(
          withClient((c) => c.searchConversationsPage({ limit: 1 }), { tweak: withUnknownParameter })
        )
        expect(error._tag === "InvalidRequestError" ? error.status : error._tag).toBe(422)
      }))

    it.effect("a parameter the client can check (limit 0) fails before anything is sent", () =>
      Effect.gen(function*() {
        const { exchanges } = yield* Target
        const before = exchanges.length
        const error = yield* failureOf(withClient((c) => c.searchConversationsPage({ limit: 0 })))
        expect(error._tag).toBe("InvalidInputError")
        expect(exchanges.length).toBe(before)
      }))

    if (capabilities.tokenWithoutMessagesScope) {
      it.effect("token without the messages scope: UnauthorizedError (missing_scope) on messages only", () =>
        Effect.gen(function*() {
          const target = yield* Target
          const token = yield* target.tokenWithoutMessagesScope
          const conversation = yield* conversations.some(() => true, "at all")
          const error = yield* failureOf(withClient((c) => c.getMessagesPage(conversation.id), { token }))
          expect(error._tag === "UnauthorizedError" ? [error.status, error.reason] : error._tag).toEqual([
            401,
            "missing_scope"
          ])
          const search = yield* withClient((c) => c.searchConversationsPage({ limit: 1 }), { token })
          expect(search.conversations.length).toBe(1)
        }))
    }
  })
}
