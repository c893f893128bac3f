/**
 * The writes of conversations: update read back (every target), create for a contact that has one (every target),
 * and on the mock create and delete read back, and the ids a caller can get wrong.
 */
import { describe, expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { failureOf, type It, unknownId, withClient } from "./support.js"
import type { Target } from "./Target.js"
import { marker, sentCount, type WriteSubjects } from "./writeSupport.js"

/** Registers these tests in the writes suite of one target. */
export const conversationWrites = (
  it: It,
  subjects: Effect.Effect<WriteSubjects, never, Target>,
  capabilities: { readonly mock: boolean }
) => {
  describe("conversations", () => {
    it.effect("update-conversation sets unreadCount and starred, and get reads them back", () =>
      Effect.gen(function*() {
        const { contactId } = yield* subjects
        const sent = yield* withClient((c) => c.messages.send({ type: "SMS", contactId, message: `${marker} update` }))
        yield* withClient((c) => c.conversations.update(sent.conversationId, { unreadCount: 0, starred: true }))
        const conversation = yield* withClient((c) => c.conversations.get(sent.conversationId))
        expect(conversation.unreadCount).toBe(0)
        expect(conversation.starred).toBe(true)
      }))

    it.effect("create for a contact that has a conversation: ConversationExistsError naming it, nothing created", () =>
      Effect.gen(function*() {
        const { contactId } = yield* subjects
        const sent = yield* withClient((c) => c.messages.send({ type: "SMS", contactId, message: `${marker} exists` }))
        const error = yield* failureOf(withClient((c) => c.conversations.create({ contactId })))
        expect(error._tag).toBe("ConversationExistsError")
        if (error._tag === "ConversationExistsError") expect(error.conversationId).toBe(sent.conversationId)
      }))

    it.effect("an empty id or an unknown field fails before anything is sent", () =>
      Effect.gen(function*() {
        const before = yield* sentCount
        const empty = yield* failureOf(withClient((c) => c.conversations.update("", { starred: true })))
        expect(empty._tag).toBe("InvalidInputError")
        expect(yield* sentCount).toBe(before)
      }))

    if (capabilities.mock) {
      describe("mock only: created, deleted, and ids a caller can get wrong", () => {
        it.effect("create for a contact without one: the new conversation is readable and listed by search", () =>
          Effect.gen(function*() {
            const lonely = Option.getOrThrow((yield* subjects).lonelyContactId)
            const created = yield* withClient((c) => c.conversations.create({ contactId: lonely }))
            expect(created.contactId).toBe(lonely)
            const read = yield* withClient((c) => c.conversations.get(created.id))
            expect(read.contactId).toBe(lonely)
            const found = yield* withClient((c) => c.conversations.searchPage({ contactId: lonely }))
            expect(found.conversations.map((conversation) => conversation.id)).toEqual([created.id])
          }))

        it.effect("delete: afterwards get is NotFoundError and search no longer lists it", () =>
          Effect.gen(function*() {
            const { contactId } = yield* subjects
            const sent = yield* withClient((c) => c.messages.send({ type: "SMS", contactId, message: `${marker} del` }))
            const deleted = yield* withClient((c) => c.conversations.delete(sent.conversationId))
            expect(deleted.success).toBe(true)
            const error = yield* failureOf(withClient((c) => c.conversations.get(sent.conversationId)))
            expect(error._tag).toBe("NotFoundError")
            const found = yield* withClient((c) => c.conversations.searchPage({ contactId }))
            expect(found.conversations.map((conversation) => conversation.id)).not.toContain(sent.conversationId)
          }))

        it.effect("create for an unknown contact is a 400 InvalidRequestError", () =>
          Effect.gen(function*() {
            const error = yield* failureOf(
              withClient((c) => c.conversations.create({ contactId: "noSuchContact0000001" }))
            )
            expect(error._tag).toBe("InvalidRequestError")
          }))

        it.effect("update and delete of an unknown conversation are NotFoundErrors", () =>
          Effect.gen(function*() {
            const update = yield* failureOf(withClient((c) => c.conversations.update(unknownId, { starred: true })))
            const remove = yield* failureOf(withClient((c) => c.conversations.delete(unknownId)))
            expect([update._tag, remove._tag]).toEqual(["NotFoundError", "NotFoundError"])
          }))
      })
    }
  })
}
