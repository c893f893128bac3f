/**
 * The contract suite of the writes: what a write does to what the target serves afterwards, stated once and run
 * against the mock in-process, the mock over HTTP, and the real API only when a sandbox is named (see
 * `contract.writes.real.test.ts`). Each file gets a target of its own, since these tests change its state: the
 * read-only suite (`suite.ts`) compares the mock with its seed and must never see them.
 */
import { describe, expect, layer } from "@effect/vitest"
import { ConversationsClient } from "@highlevel-effect/client"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { client, Target } from "./Target.js"

const withClient = <A, E>(
  f: (service: ConversationsClient.Service) => Effect.Effect<A, E>
): Effect.Effect<A, E, Target> =>
  Effect.flatMap(ConversationsClient.ConversationsClient, f).pipe(Effect.provide(client()))

/** The contacts the writes address. */
export interface WriteSubjects {
  /** A contact of the target's location; a conversation with it exists or is created by the first send. */
  readonly contactId: string
  /** A contact of the location without a conversation (mock only: the real sandbox names none). */
  readonly lonelyContactId: Option.Option<string>
}

/** The subjects of a mock target: its seeded contact directory (some contacts have no conversation). */
export const mockSubjects: Effect.Effect<WriteSubjects, never, Target> = Effect.gen(function*() {
  const target = yield* Target
  const view = Option.getOrThrowWith(target.mock, () => new Error("mockSubjects needs a mock target"))
  const location = view.locations.find((l) => l.locationId === target.locationId)
  if (location === undefined) return yield* Effect.dieMessage("the target's location is not in the mock")
  const withConversation = new Set(view.store.conversationsOf(target.locationId).map((c) => c.contactId))
  const lonely = location.contactIds.filter((id) => !withConversation.has(id))
  const [first] = view.store.conversationsOf(target.locationId)
  if (first === undefined || lonely.length === 0) {
    return yield* Effect.dieMessage("the seed has no contacts to write to")
  }
  return { contactId: first.contactId, lonelyContactId: Option.fromNullable(lonely[0]) }
})

/** Registers the writes suite for one target. */
export const writesSuite = (
  name: string,
  target: Layer.Layer<Target, unknown>,
  subjects: Effect.Effect<WriteSubjects, never, Target>,
  capabilities: { readonly mock: boolean }
) =>
  layer(target, { timeout: "120 seconds", excludeTestServices: true })(name, (it) => {
    // A text no other run sent, so that the message read back is this test's.
    const marker = `contract ${Date.now().toString(36)}`

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
        const error = yield* Effect.flip(withClient((c) => c.conversations.create({ contactId })))
        expect(error._tag).toBe("ConversationExistsError")
        if (error._tag === "ConversationExistsError") expect(error.conversationId).toBe(sent.conversationId)
      }))

    it.effect("a scheduled send is cancelled before its time", () =>
      Effect.gen(function*() {
        const { contactId } = yield* subjects
        // Thirty days ahead of the wall clock: later than any mock clock and than the real API's now.
        const at = DateTime.add(DateTime.unsafeNow(), { days: 30 })
        const sent = yield* withClient((c) =>
          c.messages.send({ type: "SMS", contactId, message: `${marker} scheduled`, scheduledTimestamp: at })
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
        const target = yield* Target
        const before = target.exchanges.length
        const error = yield* Effect.flip(
          withClient((c) => c.messages.send({ type: "Email", contactId, html: "<p>x</p>" }))
        )
        expect(error._tag).toBe("InvalidInputError")
        expect(target.exchanges.length).toBe(before)
      }))

    if (capabilities.mock) {
      describe("mock only: conversations created and deleted", () => {
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
            const error = yield* Effect.flip(withClient((c) => c.conversations.get(sent.conversationId)))
            expect(error._tag).toBe("NotFoundError")
            const found = yield* withClient((c) => c.conversations.searchPage({ contactId }))
            expect(found.conversations.map((conversation) => conversation.id)).not.toContain(sent.conversationId)
          }))

        it.effect("create for an unknown contact is a 400 InvalidRequestError", () =>
          Effect.gen(function*() {
            const error = yield* Effect.flip(
              withClient((c) => c.conversations.create({ contactId: "noSuchContact0000001" }))
            )
            expect(error._tag).toBe("InvalidRequestError")
          }))
      })
    }
  })
