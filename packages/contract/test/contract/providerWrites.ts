/**
 * On the mock: the writes of the location's conversation provider app. An inbound message comes first and raises
 * `unreadCount`; an outbound call comes first as a TYPE_CALL; a status update by the provider is read back (anyone
 * else: 403); attachments added to a call are read back (to an SMS: 403; more than the limit: refused before
 * sending); an unknown message is a NotFoundError, an unknown conversation a 404.
 */
import { describe, expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { failureOf, type It, statusOf, unknownId, withClient } from "./support.js"
import type { Target } from "./Target.js"
import { marker, mockLocation, sentCount, type WriteSubjects } from "./writeSupport.js"

/** Registers these tests in the writes suite of one mock target. */
export const providerWrites = (it: It, subjects: Effect.Effect<WriteSubjects, never, Target>) => {
  // A conversation of the subject contact (the first send creates it if needed) and the provider's view.
  const conversation = Effect.gen(function*() {
    const { contactId } = yield* subjects
    const sent = yield* withClient((c) => c.messages.send({ type: "SMS", contactId, message: `${marker} provider` }))
    return { contactId, conversationId: sent.conversationId, messageId: sent.messageId, ...(yield* mockLocation) }
  })

  describe("mock only: conversation provider writes", () => {
    it.effect("an inbound message comes first, inbound, and raises unreadCount by one", () =>
      Effect.gen(function*() {
        const { contactId, conversationId, location } = yield* conversation
        const before = (yield* withClient((c) => c.conversations.get(conversationId))).unreadCount ?? 0
        const text = `${marker} inbound`
        const added = yield* withClient((c) =>
          c.messages.addInbound({
            type: "SMS",
            conversationId,
            contactId,
            conversationProviderId: location.providerId,
            message: text
          })
        )
        const [first] = (yield* withClient((c) => c.messages.listPage(conversationId, { limit: 1 }))).messages
        expect([first?.id, first?.body, first?.direction]).toEqual([added.messageId, text, "inbound"])
        expect((yield* withClient((c) => c.conversations.get(conversationId))).unreadCount).toBe(before + 1)
      }))

    it.effect("an outbound call comes first as an outbound TYPE_CALL; to an unknown conversation a 404", () =>
      Effect.gen(function*() {
        const { conversationId, location } = yield* conversation
        const call = { type: "Call", conversationProviderId: location.providerId } as const
        const added = yield* withClient((c) => c.messages.addOutbound({ ...call, conversationId }))
        const read = yield* withClient((c) => c.messages.get(added.messageId))
        expect([read.conversationId, read.messageType, read.direction]).toEqual([
          conversationId,
          "TYPE_CALL",
          "outbound"
        ])
        const unknown = yield* failureOf(
          withClient((c) => c.messages.addOutbound({ ...call, conversationId: unknownId }))
        )
        expect([unknown._tag, statusOf(unknown)]).toEqual(["NotFoundError", 404])
      }))

    it.effect("the provider's status update is read back; another token's is a ForbiddenError, nothing changed", () =>
      Effect.gen(function*() {
        const { messageId, providerToken } = yield* conversation
        const refused = yield* failureOf(withClient((c) => c.messages.updateStatus(messageId, { status: "read" })))
        expect(refused._tag).toBe("ForbiddenError")
        const before = (yield* withClient((c) => c.messages.get(messageId))).status
        expect(before).not.toBe("read")
        yield* withClient((c) => c.messages.updateStatus(messageId, { status: "delivered" }), { token: providerToken })
        expect((yield* withClient((c) => c.messages.get(messageId))).status).toBe("delivered")
        const unknown = yield* failureOf(
          withClient((c) => c.messages.updateStatus(unknownId, { status: "read" }), { token: providerToken })
        )
        expect(unknown._tag).toBe("NotFoundError")
      }))

    it.effect("attachments added to a call are read back; to an SMS a ForbiddenError; six refused before sending", () =>
      Effect.gen(function*() {
        const { conversationId, location, messageId } = yield* conversation
        const call = yield* withClient((c) =>
          c.messages.addOutbound({ type: "Call", conversationId, conversationProviderId: location.providerId })
        )
        const urls = ["https://example.com/recording-1.mp3", "https://example.com/notes.pdf"]
        yield* withClient((c) => c.messages.addAttachments(call.messageId, { attachments: urls }))
        expect((yield* withClient((c) => c.messages.get(call.messageId))).attachments).toEqual(urls)
        const sms = yield* failureOf(withClient((c) => c.messages.addAttachments(messageId, { attachments: urls })))
        expect(sms._tag).toBe("ForbiddenError")
        const before = yield* sentCount
        const six = Array.from({ length: 6 }, (_, i) => `https://example.com/${i}.png`)
        const tooMany = yield* failureOf(
          withClient((c) => c.messages.addAttachments(call.messageId, { attachments: six }))
        )
        expect(tooMany._tag).toBe("InvalidInputError")
        expect(yield* sentCount).toBe(before)
      }))
  })
}
