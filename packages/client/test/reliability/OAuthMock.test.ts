/**
 * The OAuth provider against the mock's `POST /oauth/token` over real HTTP: an expired token meets a 401, one refresh
 * rotates the refresh token into the store, the request is retried once and passes; 100 concurrent requests share
 * one refresh; a spent refresh token or code is refused with a typed error; a failing token endpoint is retried.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { type HighLevelMock, MockFaults, type MockHttpServer } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as ConversationsClient from "../../src/ConversationsClient.js"
import * as OAuth from "../../src/OAuth.js"
import { fastRetry, serveMock } from "./support/mock.js"

const routes = (server: MockHttpServer.RunningServer) =>
  server.mock.control.journal().map((entry: HighLevelMock.JournalEntry) => `${entry.route} ${entry.status}`)

/** A client authenticated by an OAuth provider seeded with the primary location's grant. */
const oauthClient = (server: MockHttpServer.RunningServer, oauth: Partial<OAuth.Options> = {}) =>
  Effect.gen(function*() {
    const location = server.mock.locations[0]
    const store = yield* OAuth.makeMemoryStore
    const http = yield* Layer.build(NodeHttpClient.layerUndici)
    const client = yield* Layer.build(
      OAuth.layerClient({
        clientId: server.mock.oauth.clientId,
        clientSecret: Redacted.make(server.mock.oauth.clientSecret),
        refreshToken: Redacted.make(location?.refreshToken ?? ""),
        ...oauth
      }, { baseUrl: server.url, rateLimit: false, retry: fastRetry, timeout: "2 seconds" }).pipe(
        Layer.provide(Layer.succeedContext(http)),
        Layer.provide(Layer.succeed(OAuth.RefreshTokenStore, store))
      )
    )
    return { api: yield* Effect.provide(ConversationsClient.ConversationsClient, client), store }
  })

describe("OAuth against the mock's token endpoint", () => {
  it.live("expired access token → 401 → one refresh (rotating the refresh token into the store) → one retry", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const { token } = server.mock.credentials
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      const before = server.mock.locations[0]?.refreshToken
      const { api, store } = yield* oauthClient(server, { accessToken: Redacted.make(token) })

      expect((yield* api.getConversation(conversationId)).id).toBe(conversationId)
      server.mock.control.expireToken(token)
      expect((yield* api.getConversation(conversationId)).id).toBe(conversationId)

      expect(routes(server)).toEqual([
        "getConversation 200",
        "getConversation 401",
        "oauthToken 200",
        "getConversation 200"
      ])
      const saved = yield* store.latest
      const after = server.mock.locations[0]?.refreshToken
      expect(after).not.toBe(before)
      // The store holds the refresh token the mock now accepts: the rotation was persisted.
      expect(Option.map(saved, (s) => Redacted.value(s.refreshToken))).toEqual(Option.some(after))
      expect(Option.map(saved, (s) => s.locationId)).toEqual(Option.some(server.mock.credentials.locationId))
      // The issued access token is accepted by the conversation endpoints, with the location's scopes.
      yield* api.getMessagesPage(conversationId, { limit: 1 })
      yield* api.searchConversationsPage({ locationId: server.mock.credentials.locationId, limit: 1 })
      expect(routes(server).slice(4)).toEqual(["getMessages 200", "search 200"])
    })))

  it.live("100 concurrent requests on an expired token make exactly one refresh call", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const ids = server.mock.locations[0]?.conversationIds ?? []
      const { api, store } = yield* oauthClient(server, {
        accessToken: Redacted.make(server.mock.credentials.token),
        expiresAt: Date.now() - 1_000
      })
      const results = yield* Effect.all(
        Array.from({ length: 100 }, (_, i) => api.getConversation(ids[i % ids.length] ?? "")),
        { concurrency: "unbounded" }
      )
      expect(results).toHaveLength(100)
      const journal = routes(server)
      expect(journal.filter((r) => r.startsWith("oauthToken"))).toEqual(["oauthToken 200"])
      // Renewed before use: not one request went out with the expired token.
      expect(journal.filter((r) => r === "getConversation 200")).toHaveLength(100)
      expect(yield* store.saves).toBe(1)
    })))

  it.live("100 concurrent requests meeting a server-side expiry (100 × 401) make one refresh, then 100 retries", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const { token } = server.mock.credentials
      const ids = server.mock.locations[0]?.conversationIds ?? []
      const { api } = yield* oauthClient(server, { accessToken: Redacted.make(token) })
      server.mock.control.expireToken(token)
      const results = yield* Effect.all(
        Array.from({ length: 100 }, (_, i) => api.getConversation(ids[i % ids.length] ?? "")),
        { concurrency: "unbounded" }
      )
      expect(results).toHaveLength(100)
      const journal = routes(server)
      expect(journal.filter((r) => r.startsWith("oauthToken"))).toEqual(["oauthToken 200"])
      expect(journal.filter((r) => r === "getConversation 401")).toHaveLength(100)
      expect(journal.filter((r) => r === "getConversation 200")).toHaveLength(100)
    })))

  it.live("a refresh token used once is dead: the next provider built with it fails with UnauthorizedError", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      const first = yield* oauthClient(server)
      const stale = server.mock.locations[0]?.refreshToken ?? ""
      yield* first.api.getConversation(conversationId)
      const second = yield* oauthClient(server, { refreshToken: Redacted.make(stale) })
      const error = yield* Effect.flip(second.api.getConversation(conversationId))
      expect(error._tag).toBe("UnauthorizedError")
      expect(error._tag === "UnauthorizedError" && error.messages).toContain("invalid_grant")
      // Refused grants are not retried: one token request, no API request.
      expect(routes(server).slice(-1)).toEqual(["oauthToken 401"])
      expect(yield* second.store.saves).toBe(0)
    })))

  it.live("a token endpoint failing twice (503, reset) is retried by the client's policy", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      server.mock.control.setFaults([
        MockFaults.rule("oauthToken", MockFaults.serverError(503), { times: 1 }),
        MockFaults.rule("oauthToken", MockFaults.connectionReset(), { times: 1 })
      ])
      const { api } = yield* oauthClient(server)
      expect((yield* api.getConversation(conversationId)).id).toBe(conversationId)
      expect(routes(server)).toEqual(["oauthToken 503", "oauthToken 0", "oauthToken 200", "getConversation 200"])
    })))

  it.live("authorization_code: exchanged once for a working token pair; the code cannot be replayed", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const code = server.mock.locations[0]?.authorizationCode ?? ""
      const exchange = OAuth.exchangeCode({
        clientId: server.mock.oauth.clientId,
        clientSecret: Redacted.make(server.mock.oauth.clientSecret),
        code: Redacted.make(code),
        userType: "Location",
        baseUrl: server.url
      }).pipe(Effect.provide(NodeHttpClient.layerUndici))
      const issued = yield* exchange
      expect(issued.scopes).toContain("conversations/message.readonly")
      expect(Option.isSome(issued.expiresAt)).toBe(true)
      const { api } = yield* oauthClient(server, {
        accessToken: issued.accessToken,
        refreshToken: issued.refreshToken
      })
      yield* api.getConversation(server.mock.locations[0]?.conversationIds[0] ?? "")
      const replay = yield* Effect.flip(exchange)
      expect(replay._tag).toBe("UnauthorizedError")
      expect(routes(server)).toEqual(["oauthToken 200", "getConversation 200", "oauthToken 401"])
    })))
})
