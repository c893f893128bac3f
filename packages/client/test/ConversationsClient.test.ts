import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import { callMessage, conversationBody, message, searchPage, summary, wrappedPage } from "./utils/bodies.js"
import { TOKEN, withFixture } from "./utils/harness.js"

describe("getConversation", () => {
  it.live("sends an authenticated GET and decodes the flat conversation", () =>
    withFixture(
      () => ({ body: { ...conversationBody, somethingNew: [1, 2] } }),
      (client, server) =>
        Effect.gen(function*() {
          const conversation = yield* client.getConversation("ve9EPM428h8vShlRW1KT")
          expect(conversation.id).toBe("ve9EPM428h8vShlRW1KT")
          expect(conversation.type).toBe("TYPE_PHONE")
          expect(conversation.unreadCount).toBe(2)
          expect(conversation.traceId).toBe(conversationBody.traceId)
          const [request] = server.requests
          expect(request?.method).toBe("GET")
          expect(request?.path).toBe("/conversations/ve9EPM428h8vShlRW1KT")
          expect(request?.headers.authorization).toBe(`Bearer ${TOKEN}`)
          expect(request?.headers.version).toBe("2021-04-15")
          expect(request?.headers.accept).toBe("application/json")
          expect(request?.headers.traceparent).toBeUndefined()
        })
    ))

  it.live("sends the configured API version", () =>
    withFixture(() => ({ body: conversationBody }), (client, server) =>
      Effect.gen(function*() {
        yield* client.getConversation("abc")
        expect(server.requests[0]?.headers.version).toBe("2021-07-28")
      }), { apiVersion: "2021-07-28" }))

  it.live("encodes the id into one path segment and never into the query", () =>
    withFixture(() => ({ body: conversationBody }), (client, server) =>
      Effect.gen(function*() {
        yield* client.getConversation("a/b?c=1#d%e..f")
        expect(server.requests[0]?.target).toBe("/conversations/a%2Fb%3Fc%3D1%23d%25e..f")
        expect([...(server.requests[0]?.query.keys() ?? [])]).toEqual([])
      })))

  it.live("normalises a string channel and keeps an undocumented channel number", () =>
    withFixture(
      (_, i) => ({ body: { ...conversationBody, type: i === 0 ? "TYPE_EMAIL" : 9 } }),
      (client) =>
        Effect.gen(function*() {
          expect((yield* client.getConversation("a")).type).toBe("TYPE_EMAIL")
          expect((yield* client.getConversation("b")).type).toBe("TYPE_UNKNOWN_9")
        })
    ))
})

describe("getMessagesPage", () => {
  it.live("sends cursor, limit and type filter, and decodes the wrapped page", () =>
    withFixture(
      () => ({ body: wrappedPage([message(0), callMessage], true) }),
      (client, server) =>
        Effect.gen(function*() {
          const page = yield* client.getMessagesPage("conv1", {
            lastMessageId: "msg00000000000000041",
            limit: 2,
            type: ["TYPE_SMS", "TYPE_CALL"]
          })
          expect(page.nextPage).toBe(true)
          expect(page.lastMessageId).toBe(callMessage.id)
          expect(page.traceId).toBe("trace-messages")
          expect(page.messages.map((m) => m.messageType)).toEqual(["TYPE_SMS", "TYPE_CALL"])
          expect(page.messages[1]?.meta).toEqual({ call: { duration: 42, status: "completed" } })
          expect(DateTime.toEpochMillis(page.messages[1]?.dateAdded ?? DateTime.unsafeMake(0))).toBe(1711563229000)
          const query = server.requests[0]?.query
          expect(server.requests[0]?.path).toBe("/conversations/conv1/messages")
          expect(query?.get("lastMessageId")).toBe("msg00000000000000041")
          expect(query?.get("limit")).toBe("2")
          expect(query?.get("type")).toBe("TYPE_SMS,TYPE_CALL")
        })
    ))

  it.live("decodes the documented flat page too", () =>
    withFixture(
      () => ({ body: { lastMessageId: "m1", nextPage: false, messages: [message(1)] } }),
      (client) =>
        Effect.gen(function*() {
          const page = yield* client.getMessagesPage("conv1")
          expect(page.messages).toHaveLength(1)
          expect(page.nextPage).toBe(false)
        })
    ))
})

describe("searchConversationsPage", () => {
  it.live("sends every parameter typed, comma lists joined, and decodes the page", () =>
    withFixture(() => ({ body: searchPage([summary(0), summary(1)], 57) }), (client, server) =>
      Effect.gen(function*() {
        const page = yield* client.searchConversationsPage({
          locationId: "loc1",
          contactId: "contact1",
          assignedTo: ["u1", "u2"],
          followers: ["f1"],
          mentions: ["m1", "m2"],
          query: "ada lovelace",
          sort: "asc",
          sortBy: "last_manual_message_date",
          startAfterDate: 1711563229000,
          id: "conv1",
          limit: 50,
          lastMessageType: "TYPE_EMAIL",
          lastMessageAction: "manual",
          lastMessageDirection: "inbound",
          status: "unread",
          startDate: 1700000000000,
          endDate: 1800000000000,
          scoreProfile: "sp1",
          scoreProfileMin: 1,
          scoreProfileMax: 9,
          sortScoreProfile: "sp2"
        })
        expect(page.total).toBe(57)
        expect(page.conversations.map((c) => c.id)).toEqual([summary(0).id, summary(1).id])
        expect(page.conversations[0]?.sort).toEqual([1711563229000])
        const lastMessageDate = page.conversations[0]?.lastMessageDate
        expect(lastMessageDate && DateTime.toEpochMillis(lastMessageDate)).toBe(1711563229000)
        const query = Object.fromEntries(server.requests[0]?.query ?? [])
        expect(query).toEqual({
          locationId: "loc1",
          contactId: "contact1",
          assignedTo: "u1,u2",
          followers: "f1",
          mentions: "m1,m2",
          query: "ada lovelace",
          sort: "asc",
          sortBy: "last_manual_message_date",
          startAfterDate: "1711563229000",
          id: "conv1",
          limit: "50",
          lastMessageType: "TYPE_EMAIL",
          lastMessageAction: "manual",
          lastMessageDirection: "inbound",
          status: "unread",
          startDate: "1700000000000",
          endDate: "1800000000000",
          scoreProfile: "sp1",
          scoreProfileMin: "1",
          scoreProfileMax: "9",
          sortScoreProfile: "sp2"
        })
      })))

  it.live("searches the client's default location and sends assignedTo=unassigned", () =>
    withFixture(() => ({ body: searchPage([], 0) }), (client, server) =>
      Effect.gen(function*() {
        yield* client.searchConversationsPage({ assignedTo: "unassigned" })
        expect(server.requests[0]?.query.get("locationId")).toBe("Lq8Zp3Xc5Vb7Nm1As2Df")
        expect(server.requests[0]?.query.get("assignedTo")).toBe("unassigned")
      })))
})
