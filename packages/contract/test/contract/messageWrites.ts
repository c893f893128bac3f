/**
 * The writes of messages by the location's users: a send read back (every target: first in its conversation,
 * get-message, the search document), a scheduled send cancelled (every target), a bad input sent nowhere (every
 * target); on the mock a scheduled email cancelled, a review reply read back, and the ids and states a caller can
 * get wrong (an unknown contact, a message that is not scheduled, a conversation that is not a review).
 */
import { describe, expect } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import { failureOf, type It, statusOf, unknownId, withClient } from "./support.js"
import type { Target } from "./Target.js"
import { marker, seededConversation, sentCount, type WriteSubjects } from "./writeSupport.js"

// Thirty days ahead of the wall clock: later than any mock clock and than the real API's now.
const later = () => DateTime.add(DateTime.unsafeNow(), { days: 30 })

/** Registers these tests in the writes suite of one target. */
export const messageWrites = (
  it: It,
  subjects: Effect.Effect<WriteSubjects, never, Target>,
  capabilities: { readonly mock: boolean }
) => {
  describe("messages", () => {
    it.effect("a sent SMS comes first in its conversation, get-message returns it, the conversation shows it", () =>
      Effect.gen(function*() {
        const { contactId } = yield* subjects
        const text = `${marker} sms`
        const sent = yield* withClient((c) => c.messages.send({ type: "SMS", contactId, message: text }))
        const page = yield* withClient((c) => c.messages.listPage(sent.conversationId, { limit: 1 }))
        expect(page.messages[0]?.id).toBe(sent.messageId)
        expect(page.messages[0]?.body).toBe(text)
        const message = yield* withClient((c) => c.messages.get(sent.messageId))
        expect(message.body).toBe(text)
        expect(message.direction).toBe("outbound")
        const conversation = yield* withClient((c) => c.conversations.get(sent.conversationId))
        expect(conversation.contactId).toBe(contactId)
        // The last message's fields are in the search document (get-conversation does not carry them).
        const found = yield* withClient((c) => c.conversations.searchPage({ contactId }))
        const summary = found.conversations.find((candidate) => candidate.id === sent.conversationId)
        expect(summary?.lastMessageBody).toBe(text)
        expect(summary?.lastMessageDirection).toBe("outbound")
      }))

    it.effect("a scheduled send is cancelled before its time", () =>
      Effect.gen(function*() {
        const { contactId } = yield* subjects
        const sent = yield* withClient((c) =>
          c.messages.send({ type: "SMS", contactId, message: `${marker} scheduled`, scheduledTimestamp: later() })
        )
        yield* withClient((c) => c.messages.cancelScheduled(sent.messageId))
        if (capabilities.mock) {
          const message = yield* withClient((c) => c.messages.get(sent.messageId))
          expect(message.status).toBe("cancelled")
        }
      }))

    it.effect("a bad input (an Email without a subject) fails with InvalidInputError and nothing is sent", () =>
      Effect.gen(function*() {
        const { contactId } = yield* subjects
        const before = yield* sentCount
        const error = yield* failureOf(
          withClient((c) => c.messages.send({ type: "Email", contactId, html: "<p>x</p>" }))
        )
        expect(error._tag).toBe("InvalidInputError")
        expect(yield* sentCount).toBe(before)
      }))

    if (capabilities.mock) {
      describe("mock only", () => {
        it.effect("a scheduled email is cancelled by its email id: get-message says cancelled", () =>
          Effect.gen(function*() {
            const { contactId } = yield* subjects
            const sent = yield* withClient((c) =>
              c.messages.send({
                type: "Email",
                contactId,
                subject: `${marker} later`,
                html: "<p>Soon.</p>",
                emailTo: "ada@example.com",
                scheduledTimestamp: later()
              })
            )
            expect(sent.emailMessageId).toBeDefined()
            yield* withClient((c) => c.messages.cancelScheduledEmail(sent.emailMessageId ?? ""))
            const message = yield* withClient((c) => c.messages.get(sent.messageId))
            expect(message.status).toBe("cancelled")
          }))

        it.effect("cancelling a message that is not scheduled is a 400, an unknown one a NotFoundError", () =>
          Effect.gen(function*() {
            const { contactId } = yield* subjects
            const sent = yield* withClient((c) => c.messages.send({ type: "SMS", contactId, message: `${marker} now` }))
            const notScheduled = yield* failureOf(withClient((c) => c.messages.cancelScheduled(sent.messageId)))
            const unknown = yield* failureOf(withClient((c) => c.messages.cancelScheduled(unknownId)))
            const unknownEmail = yield* failureOf(withClient((c) => c.messages.cancelScheduledEmail(unknownId)))
            expect([notScheduled._tag, unknown._tag, unknownEmail._tag]).toEqual([
              "InvalidRequestError",
              "NotFoundError",
              "NotFoundError"
            ])
            expect((yield* withClient((c) => c.messages.get(sent.messageId))).status).not.toBe("cancelled")
          }))

        it.effect("a send to an unknown contact is a 400 InvalidRequestError", () =>
          Effect.gen(function*() {
            const error = yield* failureOf(
              withClient((c) => c.messages.send({ type: "SMS", contactId: "noSuchContact0000001", message: "x" }))
            )
            expect(error._tag).toBe("InvalidRequestError")
          }))

        it.effect("a review reply comes first in the review conversation, as an outbound TYPE_REVIEW", () =>
          Effect.gen(function*() {
            const review = yield* seededConversation((type) => type === "TYPE_REVIEW", "review conversation")
            const text = `${marker} thanks for the review`
            const sent = yield* withClient((c) => c.messages.reviewReply({ conversationId: review.id, message: text }))
            const [first] = (yield* withClient((c) => c.messages.listPage(review.id, { limit: 1 }))).messages
            expect([first?.id, first?.body, first?.messageType, first?.direction]).toEqual([
              sent.messageId,
              text,
              "TYPE_REVIEW",
              "outbound"
            ])
          }))

        it.effect("a review reply to a conversation that is not a review is a 400; to an unknown one a 404", () =>
          Effect.gen(function*() {
            const sms = yield* seededConversation((type) => type === "TYPE_PHONE", "phone conversation")
            const notReview = yield* failureOf(
              withClient((c) => c.messages.reviewReply({ conversationId: sms.id, message: "x" }))
            )
            const unknown = yield* failureOf(
              withClient((c) => c.messages.reviewReply({ conversationId: unknownId, message: "x" }))
            )
            expect([notReview._tag, unknown._tag, statusOf(unknown)]).toEqual([
              "InvalidRequestError",
              "NotFoundError",
              404
            ])
          }))
      })
    }
  })
}
