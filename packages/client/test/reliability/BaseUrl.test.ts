/**
 * Requests go only to the configured base URL. Ids are encoded into one path segment and never interpreted; cursors
 * and ids taken from responses only ever land in the query or one segment; a redirect never moves a request (or its
 * token, or the OAuth form) to another host or path. Checked on the raw request target the server received, over
 * both transports.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as ConversationsClient from "../../src/ConversationsClient.js"
import type * as ConversationsConfig from "../../src/ConversationsConfig.js"
import * as OAuth from "../../src/OAuth.js"
import { conversationBody, message, searchPage, summary, wrappedPage } from "../utils/bodies.js"
import { type FixtureResponse, fixtureServer, type ReceivedRequest } from "../utils/FixtureServer.js"
import { outcome } from "./support/exits.js"
import { transports } from "./support/mock.js"

const TOKEN = "pit-baseurl-0b1c2d3e4f"

// Each hostile id and what the client does with it (the client README's security part says why): "sent", encoded into
// one path segment that the server decodes back to the id, or "refused" with an InvalidInputError before anything is
// sent. Blank and dot-segment ids are refused too (their own test below).
const hostileIds: ReadonlyArray<readonly [id: string, fate: "sent" | "refused"]> = [
  ["a/b", "sent"],
  ["a?b=c", "sent"],
  ["a#b", "sent"],
  ["100%", "sent"],
  ["%2e%2e", "sent"],
  ["%2E%2E%2F", "sent"],
  ["..%2f..%2f", "sent"],
  ["../../oauth/token", "sent"],
  ["a/../../../x", "sent"],
  ["...", "sent"],
  ["http://evil.test/x", "sent"],
  ["//evil.test", "sent"],
  ["\\\\evil.test\\x", "sent"],
  [" spaced id ", "sent"],
  ["ünïcødé-日本", "sent"],
  ["emoji-🦜", "sent"],
  ["a;b,c", "sent"],
  ["x".repeat(2_000), "sent"],
  ["tab\there", "refused"],
  ["nul\u0000byte", "refused"],
  ["line\r\nbreak: x", "refused"],
  ["del\u007f", "refused"],
  ["next\u0085line", "refused"],
  ["lone\uD800surrogate", "refused"],
  ["\uDC00trailing-half", "refused"]
]

const clientOver = (
  transport: Layer.Layer<HttpClient.HttpClient>,
  baseUrl: string,
  options: Partial<ConversationsConfig.Options> = {}
) =>
  Effect.gen(function*() {
    const http = yield* Layer.build(transport)
    return yield* ConversationsClient.make({
      token: Redacted.make(TOKEN),
      baseUrl,
      locationId: "loc",
      rateLimit: false,
      retry: false,
      ...options
    }).pipe(Effect.provide(http))
  })

/** The one path segment after `prefix`, or undefined when the target does not have that exact shape. */
const segmentOf = (target: string, prefix: string, suffix: string): string | undefined => {
  const path = target.split("?")[0] ?? ""
  if (!path.startsWith(prefix) || !path.endsWith(suffix)) return undefined
  const segment = path.slice(prefix.length, path.length - suffix.length)
  return segment.includes("/") ? undefined : segment
}

for (const [transportName, transport] of transports) {
  describe(`the base URL is the only destination (${transportName})`, () => {
    it.live("hostile ids: refused before sending, or one encoded segment under the base path decoded back to the id", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* fixtureServer((request: ReceivedRequest): FixtureResponse =>
          request.path.endsWith("/messages")
            ? { body: wrappedPage([], false) }
            : { body: conversationBody }
        )
        const client = yield* clientOver(transport, `${server.baseUrl}/proxy/v1/`)
        for (const [id, fate] of hostileIds) {
          const results = [
            outcome(yield* Effect.exit(client.getConversation(id))),
            outcome(yield* Effect.exit(client.getMessagesPage(id, { limit: 5 })))
          ]
          const sent = server.requests.splice(0)
          const [get, messages] = sent
          // The id is part of each assertion, so a failure names it.
          if (fate === "refused") {
            expect({ id, results, requests: sent.length }).toEqual({
              id,
              results: ["InvalidInputError", "InvalidInputError"],
              requests: 0
            })
            continue
          }
          expect({ id, results }).toEqual({ id, results: ["success", "success"] })
          const getSegment = segmentOf(get?.target ?? "", "/proxy/v1/conversations/", "")
          const messagesSegment = segmentOf(messages?.target ?? "", "/proxy/v1/conversations/", "/messages")
          expect({ id, get: getSegment === undefined ? undefined : decodeURIComponent(getSegment) }).toEqual({
            id,
            get: id
          })
          expect({ id, messages: messagesSegment === undefined ? undefined : decodeURIComponent(messagesSegment) })
            .toEqual({ id, messages: id })
          expect(get?.target).not.toContain("?")
          expect([...(messages?.query.keys() ?? [])]).toEqual(["limit"])
        }
      })))

    it.live("dot-segment ids are refused before anything is sent", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* fixtureServer(() => ({ body: conversationBody }))
        const client = yield* clientOver(transport, server.baseUrl)
        for (const id of [".", "..", "", "   "]) {
          expect(outcome(yield* Effect.exit(client.getConversation(id)))).toBe("InvalidInputError")
          expect(outcome(yield* Effect.exit(client.getMessagesPage(id)))).toBe("InvalidInputError")
        }
        expect(server.requests).toHaveLength(0)
      })))

    it.live("a cursor from a response lands only in the query, verbatim", () =>
      Effect.scoped(Effect.gen(function*() {
        const cursor = "../../../oauth/token?grant_type=x&y=1#frag //evil.test"
        const server = yield* fixtureServer((request) =>
          request.query.get("lastMessageId") === null
            ? { body: { messages: { lastMessageId: cursor, nextPage: true, messages: [message(1)] } } }
            : { body: wrappedPage([message(2)], false) }
        )
        const client = yield* clientOver(transport, server.baseUrl)
        const ids = yield* Stream.runCollect(Stream.map(client.listMessages("c1", { limit: 1 }), (m) => m.id))
        expect(Chunk.toReadonlyArray(ids)).toEqual([message(1).id, message(2).id])
        const second = server.requests[1]
        expect(second?.path).toBe("/conversations/c1/messages")
        expect(second?.query.get("lastMessageId")).toBe(cursor)
        expect([...(second?.query.keys() ?? [])].sort()).toEqual(["lastMessageId", "limit"])
      })))

    it.live("a search sort value and a conversation id from a response cannot move the path or the host", () =>
      Effect.scoped(Effect.gen(function*() {
        const evil = yield* fixtureServer(() => ({ body: {} }))
        const hostileSort = `${evil.baseUrl}/x?y=1#z`
        const hostileId = `../../../${evil.baseUrl}/oauth/token?x=1`
        const server = yield* fixtureServer((request) => {
          if (request.path === "/conversations/search") {
            return request.query.get("startAfterDate") === null
              ? { body: searchPage([{ ...summary(1), id: hostileId, sort: [hostileSort] }], 2) }
              : { body: searchPage([], 2) }
          }
          return { body: wrappedPage([message(1, hostileId)], false) }
        })
        const client = yield* clientOver(transport, server.baseUrl)
        const messages = yield* Stream.runCollect(client.listAllMessages({ limit: 1 }))
        expect(Chunk.size(messages)).toBe(1)
        const [first, messagesRequest, second] = [
          server.requests.find((r) => r.path === "/conversations/search" && !r.query.has("startAfterDate")),
          server.requests.find((r) => r.path.endsWith("/messages")),
          server.requests.find((r) => r.query.has("startAfterDate"))
        ]
        expect(first).toBeDefined()
        expect(second?.path).toBe("/conversations/search")
        expect(second?.query.get("startAfterDate")).toBe(hostileSort)
        const segment = segmentOf(messagesRequest?.target ?? "", "/conversations/", "/messages")
        expect(segment === undefined ? undefined : decodeURIComponent(segment)).toBe(hostileId)
        expect(server.requests).toHaveLength(3)
        expect(evil.requests).toHaveLength(0)
      })))

    it.live("redirects are never followed, to another host or the same one: a typed status error", () =>
      Effect.scoped(Effect.gen(function*() {
        const evil = yield* fixtureServer(() => ({ body: conversationBody }))
        for (const status of [301, 302, 303, 307, 308]) {
          for (const location of [`${evil.baseUrl}/stolen`, "/elsewhere/conversations/c1"]) {
            const server = yield* fixtureServer(() => ({ status, headers: { location }, body: "" }))
            const client = yield* clientOver(transport, server.baseUrl)
            const exit = yield* Effect.exit(client.getConversation("c1"))
            expect(outcome(exit)).toBe("UnexpectedStatusError")
            expect(server.requests.map((r) => r.path)).toEqual(["/conversations/c1"])
          }
        }
        expect(evil.requests).toHaveLength(0)
      })))

    it.live("the OAuth form is never re-posted to a redirect target", () =>
      Effect.scoped(Effect.gen(function*() {
        const evil = yield* fixtureServer(() => ({ body: { access_token: "x", refresh_token: "y", expires_in: 60 } }))
        const server = yield* fixtureServer(() => ({
          status: 307,
          headers: { location: `${evil.baseUrl}/oauth/token` },
          body: ""
        }))
        const http = yield* Layer.build(transport)
        const store = yield* OAuth.makeMemoryStore
        const provider = yield* OAuth.make({
          clientId: "id",
          clientSecret: Redacted.make("secret-posted-once"),
          refreshToken: Redacted.make("refresh-posted-once"),
          baseUrl: server.baseUrl
        }).pipe(Effect.provide(http), Effect.provideService(OAuth.RefreshTokenStore, store))
        const error = yield* Effect.flip(provider.token)
        expect(error._tag).toBe("UnauthorizedError")
        expect(server.requests).toHaveLength(1)
        expect(evil.requests).toHaveLength(0)
      })))
  })
}
