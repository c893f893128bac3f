import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { message, searchPage, summary, wrappedPage } from "./utils/bodies.js"
import type { FixtureResponse, ReceivedRequest } from "./utils/FixtureServer.js"
import { withFixture } from "./utils/harness.js"

/** Serves `messages` newest first with an exclusive `lastMessageId` cursor, like HighLevel. */
const messagesServer =
  (byConversation: ReadonlyMap<string, ReadonlyArray<ReturnType<typeof message>>>) =>
  (request: ReceivedRequest): FixtureResponse => {
    const conversationId = decodeURIComponent(request.path.split("/")[2] ?? "")
    const all = byConversation.get(conversationId) ?? []
    const limit = Number(request.query.get("limit") ?? 20)
    const after = request.query.get("lastMessageId")
    const start = after === null ? 0 : all.findIndex((m) => m.id === after) + 1
    const page = all.slice(start, start + limit)
    return { body: wrappedPage(page, start + limit < all.length) }
  }

/** Serves `conversations` (sorted by sort[0] desc) with the `startAfterDate` keyset. */
const searchServer = (conversations: ReadonlyArray<ReturnType<typeof summary>>) => (request: ReceivedRequest) => {
  const limit = Number(request.query.get("limit") ?? 20)
  const after = request.query.get("startAfterDate")
  const rest = after === null ? conversations : conversations.filter((c) => (c.sort[0] ?? 0) < Number(after))
  return { body: searchPage(rest.slice(0, limit), conversations.length) }
}

const messagesOf = (conversationId: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ ...message(i, conversationId), id: `${conversationId}-m${i}` }))

describe("listMessages", () => {
  it.live("follows lastMessageId across pages, newest first, until nextPage is false", () =>
    withFixture(messagesServer(new Map([["c1", messagesOf("c1", 45)]])), (client, server) =>
      Effect.gen(function*() {
        const messages = yield* Stream.runCollect(client.listMessages("c1", { limit: 10 }))
        expect(Chunk.toReadonlyArray(messages).map((m) => m.id)).toEqual(messagesOf("c1", 45).map((m) => m.id))
        expect(server.requests.map((r) => r.query.get("lastMessageId"))).toEqual([
          null,
          "c1-m9",
          "c1-m19",
          "c1-m29",
          "c1-m39"
        ])
      })))

  it.live("an empty conversation yields nothing after one request", () =>
    withFixture(messagesServer(new Map()), (client, server) =>
      Effect.gen(function*() {
        expect(Chunk.size(yield* Stream.runCollect(client.listMessages("c1")))).toBe(0)
        expect(server.requests).toHaveLength(1)
      })))

  it.live("fetches lazily: taking one message costs one request", () =>
    withFixture(messagesServer(new Map([["c1", messagesOf("c1", 500)]])), (client, server) =>
      Effect.gen(function*() {
        yield* Stream.runCollect(client.listMessages("c1", { limit: 10 }).pipe(Stream.take(1)))
        expect(server.requests).toHaveLength(1)
      })))

  it.live("fails with PaginationStalled when the server repeats a cursor", () =>
    withFixture(() => ({ body: wrappedPage(messagesOf("c1", 2), true) }), (client, server) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Stream.runDrain(client.listMessages("c1", { limit: 2 })))
        expect(error).toMatchObject({ _tag: "PaginationStalled", cursor: "c1-m1" })
        expect(server.requests).toHaveLength(2)
      })))

  it.live("follows the last message's id when lastMessageId is empty", () =>
    withFixture((request) => {
      const after = request.query.get("lastMessageId")
      const all = messagesOf("c1", 4)
      const page = after === null ? all.slice(0, 2) : all.slice(2)
      return { body: { messages: { lastMessageId: "", nextPage: after === null, messages: page } } }
    }, (client, server) =>
      Effect.gen(function*() {
        const ids = yield* Stream.runCollect(client.listMessages("c1", { limit: 2 }).pipe(Stream.map((m) => m.id)))
        expect(Chunk.toReadonlyArray(ids)).toEqual(["c1-m0", "c1-m1", "c1-m2", "c1-m3"])
        expect(server.requests[1]?.query.get("lastMessageId")).toBe("c1-m1")
      })))

  it.live("passes a cursor the server handed back as it is, spaces and all: no input check on it", () =>
    withFixture((request) => {
      const after = request.query.get("lastMessageId")
      const all = messagesOf("c1", 4)
      const page = after === null ? all.slice(0, 2) : all.slice(2)
      return { body: { messages: { lastMessageId: " c1-m1 ", nextPage: after === null, messages: page } } }
    }, (client, server) =>
      Effect.gen(function*() {
        const ids = yield* Stream.runCollect(client.listMessages("c1", { limit: 2 }).pipe(Stream.map((m) => m.id)))
        expect(Chunk.toReadonlyArray(ids)).toEqual(["c1-m0", "c1-m1", "c1-m2", "c1-m3"])
        expect(server.requests[1]?.query.get("lastMessageId")).toBe(" c1-m1 ")
      })))

  it.live("still checks the caller's own cursor: a padded lastMessageId given to getMessagesPage sends nothing", () =>
    withFixture(() => ({ body: wrappedPage([], false) }), (client, server) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(client.getMessagesPage("c1", { lastMessageId: " c1-m1 " }))
        expect(error._tag).toBe("InvalidInputError")
        expect(server.requests).toHaveLength(0)
      })))

  it.live("stops on an empty page even if nextPage claims more", () =>
    withFixture(() => ({ body: wrappedPage([], true) }), (client, server) =>
      Effect.gen(function*() {
        expect(Chunk.size(yield* Stream.runCollect(client.listMessages("c1")))).toBe(0)
        expect(server.requests).toHaveLength(1)
      })))
})

describe("searchConversations", () => {
  const conversations = Array.from({ length: 25 }, (_, i) => summary(i))

  it.live("pages with startAfterDate = sort[0] of the last document and stops on a short page", () =>
    withFixture(searchServer(conversations), (client, server) =>
      Effect.gen(function*() {
        const all = yield* Stream.runCollect(client.searchConversations({ limit: 10, status: "all" }))
        expect(Chunk.toReadonlyArray(all).map((c) => c.id)).toEqual(conversations.map((c) => c.id))
        expect(server.requests.map((r) => r.query.get("startAfterDate"))).toEqual([
          null,
          String(conversations[9]?.sort[0]),
          String(conversations[19]?.sort[0])
        ])
        expect(server.requests.every((r) => r.query.get("status") === "all")).toBe(true)
      })))

  it.live("stops once the rows seen reach total: no empty page when the total is a multiple of the page size", () =>
    withFixture(searchServer(conversations.slice(0, 20)), (client, server) =>
      Effect.gen(function*() {
        expect(Chunk.size(yield* Stream.runCollect(client.searchConversations({ limit: 10 })))).toBe(20)
        expect(server.requests).toHaveLength(2)
      })))

  it.live("a total larger than the rows (matches deleted mid-listing) still ends on the short page", () =>
    withFixture(
      (request) => ({ body: { ...searchServer(conversations)(request).body, total: 1_000 } }),
      (client, server) =>
        Effect.gen(function*() {
          expect(Chunk.size(yield* Stream.runCollect(client.searchConversations({ limit: 10 })))).toBe(25)
          expect(server.requests).toHaveLength(3)
        })
    ))

  it.live("searchConversationsPages: the same pages, each with its total, and the same stop", () =>
    withFixture(searchServer(conversations.slice(0, 20)), (client, server) =>
      Effect.gen(function*() {
        const pages = Chunk.toReadonlyArray(
          yield* Stream.runCollect(client.searchConversationsPages({ limit: 10 }))
        )
        expect(pages.map((page) => [page.conversations.length, page.total])).toEqual([[10, 20], [10, 20]])
        expect(server.requests).toHaveLength(2)
      })))

  it.live("an empty result yields nothing after one request", () =>
    withFixture(searchServer([]), (client, server) =>
      Effect.gen(function*() {
        expect(Chunk.size(yield* Stream.runCollect(client.searchConversations({})))).toBe(0)
        expect(server.requests).toHaveLength(1)
      })))

  it.live("falls back to lastMessageDate when a document has no sort", () =>
    withFixture((request) => {
      const after = request.query.get("startAfterDate")
      const page = after === null ? [0, 1].map((i) => ({ ...summary(i), sort: undefined })) : []
      return { body: searchPage(page, 3) }
    }, (client, server) =>
      Effect.gen(function*() {
        yield* Stream.runDrain(client.searchConversations({ limit: 2 }))
        expect(server.requests[1]?.query.get("startAfterDate")).toBe(String(summary(1).lastMessageDate))
      })))

  it.live("a full page without any cursor: its documents are emitted, then PaginationCursorMissing", () =>
    withFixture(() => ({
      body: searchPage([0, 1].map((i) => ({ ...summary(i), sort: undefined, lastMessageDate: undefined })), 99)
    }), (client, server) =>
      Effect.gen(function*() {
        const seen: Array<string> = []
        const error = yield* Effect.flip(Stream.runForEach(
          client.searchConversations({ limit: 2 }),
          (conversation) => Effect.sync(() => seen.push(conversation.id))
        ))
        expect(seen).toEqual([summary(0).id, summary(1).id])
        expect(error).toMatchObject({ _tag: "PaginationCursorMissing", operation: "searchConversations" })
        expect(error.message).toContain("no cursor")
        expect(error.message).not.toContain("repeated")
        expect(server.requests).toHaveLength(1)
      })))

  it.live("fails with PaginationStalled when the server repeats a cursor", () =>
    withFixture(() => ({ body: searchPage([summary(0), summary(1)], 99) }), (client, server) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Stream.runDrain(client.searchConversations({ limit: 2 })))
        expect(error).toMatchObject({ _tag: "PaginationStalled", cursor: String(summary(1).sort[0]) })
        expect(server.requests).toHaveLength(2)
      })))
})

describe("listAllMessages", () => {
  it.live("streams every message of every matching conversation, each once", () => {
    const conversations = Array.from({ length: 7 }, (_, i) => summary(i))
    const byConversation = new Map(conversations.map((c, i) => [c.id, messagesOf(c.id, 5 + i * 3)] as const))
    const serveMessages = messagesServer(byConversation)
    const serveSearch = searchServer(conversations)
    return withFixture(
      (request) => request.path === "/conversations/search" ? serveSearch(request) : serveMessages(request),
      (client) =>
        Effect.gen(function*() {
          const ids = yield* Stream.runCollect(
            client.listAllMessages({ limit: 3 }, { limit: 4, concurrency: 3 }).pipe(Stream.map((m) => m.id))
          )
          const expected = [...byConversation.values()].flat().map((m) => m.id)
          expect([...ids].sort()).toEqual([...expected].sort())
        })
    )
  })
})
