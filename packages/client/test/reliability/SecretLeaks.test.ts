/**
 * The token (and the OAuth client secret and refresh tokens) never appear in anything a failing run emits: logs at
 * every level, spans (attributes, events, exits), the error's message, `toString`, JSON and `Cause.pretty`, and what
 * `runPromise` throws. Runs against the mock over real HTTP, and against a hostile server that echoes the request's
 * credentials back in its bodies.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { MockFaults } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as ConversationsClient from "../../src/ConversationsClient.js"
import * as OAuth from "../../src/OAuth.js"
import { fixtureServer } from "../utils/FixtureServer.js"
import { makeCapture } from "./support/capture.js"
import { outcome } from "./support/exits.js"
import { clientOf, fastRetry, serveMock } from "./support/mock.js"

const SECRET_TOKEN = "pit-leakcheck-7f3a9c1e5b2d4a6f8e0c"

describe("no secret in anything a failing run emits", () => {
  it.live("static token against the mock: 401, 5xx storm, reset, timeout, malformed JSON, 403", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const { token } = server.mock.credentials
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      const otherLocationConversation = server.mock.locations[1]?.conversationIds[0] ?? ""
      const capture = makeCapture()
      const client = yield* clientOf(server, NodeHttpClient.layerUndici, { timeout: "200 millis" })
      const run = (rules: ReadonlyArray<MockFaults.FaultRule>, effect: Effect.Effect<unknown, unknown>) =>
        Effect.gen(function*() {
          server.mock.control.setFaults(rules)
          return outcome(yield* capture.run(effect))
        })
      const get = client.getConversation(conversationId)
      const results = [
        yield* run([MockFaults.rule("getConversation", MockFaults.serverError(500))], get),
        yield* run([MockFaults.rule("getConversation", MockFaults.connectionReset())], get),
        yield* run([MockFaults.rule("getConversation", MockFaults.latency(1_000))], get),
        yield* run([MockFaults.rule("getConversation", MockFaults.malformedJson())], get),
        yield* run(
          [MockFaults.rule("getMessages", MockFaults.truncatedBody())],
          client.getMessagesPage(conversationId)
        ),
        yield* run([], client.getConversation(otherLocationConversation)),
        yield* run(
          [MockFaults.rule("search", MockFaults.htmlErrorPage(502))],
          Stream.runDrain(client.listAllMessages({}))
        )
      ]
      server.mock.control.expireToken(token)
      results.push(yield* run([], get))
      expect(results).toEqual([
        "ServerError",
        "TransportError",
        "TransportError",
        "DecodeError",
        "TransportError",
        "ForbiddenError",
        "ServerError",
        "UnauthorizedError"
      ])
      const text = capture.text()
      // The capture did see the run: span names, error tags and the mock's trace ids are in it.
      expect(text).toContain("ConversationsClient.getConversation")
      expect(text).toContain("UnauthorizedError")
      expect(text).not.toContain(token)
    })))

  it.live("a hostile server echoing the bearer token in error bodies, messages, fields and headers", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* fixtureServer((request) => {
        const echoed = request.headers.authorization ?? ""
        const bare = echoed.replace(/^Bearer /, "")
        switch (request.path) {
          case "/conversations/c0":
            return { status: 401, body: { statusCode: 401, message: `Invalid token: ${echoed}`, traceId: bare } }
          case "/conversations/c1":
            return { status: 500, body: `<html>upstream rejected ${echoed}</html>` }
          case "/conversations/c2":
            return { status: 429, headers: { "retry-after": bare }, body: { message: [bare, bare] } }
          case "/conversations/c3":
            // A 200 whose field has the wrong type and holds the token: decoders quote bad values in their messages.
            return { status: 200, body: { id: 1, contactId: bare, locationId: { token: bare }, deleted: bare } }
          case "/conversations/c4":
            return { status: 200, body: `not json ${bare}` }
          default:
            return {
              status: 422,
              body: { statusCode: 422, message: [`property ${bare} should not exist`], error: bare }
            }
        }
      })
      const capture = makeCapture()
      const http = yield* Layer.build(NodeHttpClient.layerUndici)
      const client = yield* ConversationsClient.make({
        token: Redacted.make(SECRET_TOKEN),
        baseUrl: server.baseUrl,
        locationId: "loc",
        rateLimit: false,
        retry: false
      }).pipe(Effect.provide(http))
      const results: Array<string> = []
      for (let i = 0; i < 6; i++) results.push(outcome(yield* capture.run(client.getConversation(`c${i}`))))
      expect(results).toEqual([
        "UnauthorizedError",
        "ServerError",
        "RateLimitError",
        "DecodeError",
        "DecodeError",
        "InvalidRequestError"
      ])
      const text = capture.text()
      expect(text).toContain("<redacted>")
      expect(text).not.toContain(SECRET_TOKEN)
    })))

  it.live("OAuth: bad client secret, dead refresh token, failing token endpoint, and an API failing after a refresh", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const location = server.mock.locations[0]
      const conversationId = location?.conversationIds[0] ?? ""
      const refreshToken = location?.refreshToken ?? ""
      const { clientId, clientSecret } = server.mock.oauth
      const capture = makeCapture()
      const store = yield* OAuth.makeMemoryStore
      const http = yield* Layer.build(NodeHttpClient.layerUndici)
      const clientWith = (oauth: Partial<OAuth.Options>) =>
        OAuth.make({
          clientId,
          clientSecret: Redacted.make(clientSecret),
          refreshToken: Redacted.make(refreshToken),
          baseUrl: server.url,
          ...oauth
        }).pipe(
          Effect.flatMap((token) =>
            ConversationsClient.make({
              token,
              baseUrl: server.url,
              rateLimit: false,
              timeout: "500 millis",
              retry: fastRetry
            })
          ),
          Effect.provideService(OAuth.RefreshTokenStore, store),
          Effect.provide(http)
        )
      const results: Array<string> = []
      const wrongSecret = yield* clientWith({ clientSecret: Redacted.make(`${clientSecret}-wrong`) })
      results.push(outcome(yield* capture.run(wrongSecret.getConversation(conversationId))))
      server.mock.control.setFaults([MockFaults.rule("oauthToken", MockFaults.serverError(503))])
      const endpointDown = yield* clientWith({})
      results.push(outcome(yield* capture.run(endpointDown.getConversation(conversationId))))
      server.mock.control.setFaults([MockFaults.rule("getConversation", MockFaults.serverError(500))])
      // This one refreshes (rotating the refresh token) and then meets a failing API.
      const refreshed = yield* clientWith({})
      results.push(outcome(yield* capture.run(refreshed.getConversation(conversationId))))
      server.mock.control.clearFaults()
      // The refresh token above was rotated: it is dead now.
      const dead = yield* clientWith({})
      results.push(outcome(yield* capture.run(dead.getConversation(conversationId))))
      expect(results).toEqual(["UnauthorizedError", "TransportError", "ServerError", "UnauthorizedError"])

      const issued = (yield* store.latest).pipe((latest) => latest._tag === "Some" ? latest.value : undefined)
      expect(issued).toBeDefined()
      const secrets = [
        clientSecret,
        refreshToken,
        issued === undefined ? "missing" : Redacted.value(issued.accessToken),
        issued === undefined ? "missing" : Redacted.value(issued.refreshToken)
      ]
      const text = capture.text()
      expect(text).toContain("OAuth.refresh")
      expect(text).toContain("invalid_grant")
      for (const secret of secrets) expect(text).not.toContain(secret)
    })))

  it.live("the platform's own request span is off, so a tracer never sees the request's headers or form", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const capture = makeCapture()
      const client = yield* clientOf(server, NodeHttpClient.layerUndici)
      yield* capture.run(client.getConversation(server.mock.locations[0]?.conversationIds[0] ?? ""))
      yield* capture.run(
        OAuth.exchangeCode({
          clientId: server.mock.oauth.clientId,
          clientSecret: Redacted.make(server.mock.oauth.clientSecret),
          code: Redacted.make(server.mock.locations[0]?.authorizationCode ?? ""),
          baseUrl: server.url
        }).pipe(Effect.provide(NodeHttpClient.layerUndici))
      )
      const text = capture.text()
      expect(text).toContain("OAuth.exchangeCode")
      expect(text).not.toMatch(/http\.client/)
      expect(text).not.toContain(server.mock.oauth.clientSecret)
      expect(text).not.toContain(server.mock.credentials.token)
    })))
})
