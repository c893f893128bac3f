/**
 * The writes against the HighLevel mock over real HTTP, over both transports: the state read back after each write,
 * and the mock's "commit, then drop the connection" fault: a POST under it is not resent and the message exists
 * exactly once; a PUT under it is retried and ends in the state it sets.
 */
import { describe, expect, it } from "@effect/vitest"
import { MockFaults } from "@highlevel-effect/mock-server"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { clientOf, serveMock, transports } from "./support/mock.js"

const journalOf = (server: Effect.Effect.Success<ReturnType<typeof serveMock>>, route: string) =>
  server.mock.control.journal().filter((entry) => entry.route === route)

describe.each(transports)("writes against the mock over %s", (_name, transport) => {
  it.live("a send under commit-then-drop is sent once, fails as outcome-unknown, and the message exists once", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const client = yield* clientOf(server, transport)
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      const conversation = yield* client.conversations.get(conversationId)
      server.mock.control.setFaults([MockFaults.rule("sendMessage", MockFaults.commitThenDrop(), { times: 1 })])
      const text = `commit-then-drop ${_name}`
      const error = yield* Effect.flip(
        client.messages.send({ type: "SMS", contactId: conversation.contactId, message: text })
      )
      expect(error._tag).toBe("WriteOutcomeUnknownError")
      if (error._tag !== "WriteOutcomeUnknownError") return
      expect(error.knownId).toBe(conversation.contactId)
      const sends = server.mock.control.faults().reduce((n, state) => n + state.applied, 0) +
        journalOf(server, "sendMessage").filter((entry) => entry.fault === undefined).length
      expect(sends).toBe(1)
      const messages = yield* Stream.runCollect(client.messages.list(conversationId))
      expect(Chunk.toReadonlyArray(messages).filter((message) => message.body === text)).toHaveLength(1)
    })))

  it.live("an update under commit-then-drop is retried and the conversation ends read", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const client = yield* clientOf(server, transport)
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      server.mock.control.setFaults([MockFaults.rule("updateConversation", MockFaults.commitThenDrop(), { times: 1 })])
      const updated = yield* client.conversations.update(conversationId, { unreadCount: 0, starred: true })
      expect(updated.unreadCount).toBe(0)
      const after = yield* client.conversations.get(conversationId)
      expect(after.unreadCount).toBe(0)
      expect(after.starred).toBe(true)
    })))

  it.live("a sent message comes first in its conversation, and a second create for the contact is ConversationExistsError", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const client = yield* clientOf(server, transport)
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      const conversation = yield* client.conversations.get(conversationId)
      const sent = yield* client.messages.send({ type: "SMS", contactId: conversation.contactId, message: "first!" })
      expect(sent.conversationId).toBe(conversationId)
      const page = yield* client.messages.listPage(conversationId, { limit: 1 })
      expect(page.messages[0]?.id).toBe(sent.messageId)
      expect(page.messages[0]?.body).toBe("first!")
      const fetched = yield* client.messages.get(sent.messageId)
      expect(fetched.direction).toBe("outbound")
      const exists = yield* Effect.flip(client.conversations.create({ contactId: conversation.contactId }))
      expect(exists._tag).toBe("ConversationExistsError")
      if (exists._tag !== "ConversationExistsError") return
      expect(exists.conversationId).toBe(conversationId)
    })))

  it.live("the export walks every non-email message of the location once", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const client = yield* clientOf(server, transport)
      const exported = yield* Stream.runCollect(client.messages.export({ limit: 500 }))
      const ids = Chunk.toReadonlyArray(exported).map((message) => message.id)
      expect(ids.length).toBeGreaterThan(0)
      expect(new Set(ids).size).toBe(ids.length)
      expect(Chunk.toReadonlyArray(exported).every((message) => message.messageType !== "TYPE_EMAIL")).toBe(true)
    })))
})
