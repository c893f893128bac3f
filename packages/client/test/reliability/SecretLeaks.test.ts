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
import type * as TokenProvider from "../../src/TokenProvider.js"
import { message, searchPage, summary, wrappedPage } from "../utils/bodies.js"
import { type FixtureResponse, fixtureServer, type ReceivedRequest } from "../utils/FixtureServer.js"
import { fragmentsOf, makeCapture } from "./support/capture.js"
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

// A server that hands the bearer token back as a value: a cursor, a sort value, an id, a stretch of a body.
const reflecting = (answer: (bare: string, request: ReceivedRequest) => FixtureResponse) =>
  fixtureServer((request) => answer((request.headers.authorization ?? "").replace(/^Bearer /, ""), request))

// A static token, and a provider (as OAuth gives): the client knows the first up front, the second only once sent.
const PROVIDED_TOKEN = "pit-provided-2c4e6a8b0d1f3e5a7c9b"
type TokenSource = readonly [
  name: string,
  secret: string,
  token: Redacted.Redacted<string> | TokenProvider.TokenProvider
]
const tokenSources: ReadonlyArray<TokenSource> = [
  ["static token", SECRET_TOKEN, Redacted.make(SECRET_TOKEN)],
  ["token provider", PROVIDED_TOKEN, {
    token: Effect.succeed(Redacted.make(PROVIDED_TOKEN)),
    refresh: () => Effect.succeed(false)
  }]
]

/** The pieces of `secret` found in `text`: none, when every copy was redacted before anything cut it. */
const leakedFragments = (text: string, secret: string, length = 12) =>
  fragmentsOf(secret, length).filter((piece) => text.includes(piece))

for (const [sourceName, secret, token] of tokenSources) {
  describe(`no secret in a value the server hands back (${sourceName})`, () => {
    const clientOf = (baseUrl: string) =>
      Effect.gen(function*() {
        const http = yield* Layer.build(NodeHttpClient.layerUndici)
        return yield* ConversationsClient.make({ token, baseUrl, locationId: "loc", rateLimit: false, retry: false })
          .pipe(Effect.provide(http))
      })

    it.live("the token as lastMessageId, twice: PaginationStalled names <redacted>", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* reflecting((bare) => ({
          body: { messages: { lastMessageId: bare, nextPage: true, messages: [message(1)] } }
        }))
        const capture = makeCapture({ spanSuccessValues: false })
        const client = yield* clientOf(server.baseUrl)
        const exit = yield* capture.run(Stream.runDrain(client.listMessages("c1", { limit: 1 })))
        expect(outcome(exit)).toBe("PaginationStalled")
        // The server did get the token back as the cursor: the stall is on it.
        expect(server.requests[1]?.query.get("lastMessageId")).toBe(secret)
        const text = capture.text()
        expect(text).toContain("the server repeated the cursor <redacted>")
        expect(leakedFragments(text, secret)).toEqual([])
      })))

    it.live("the token as sort[0] of the last search document, twice: PaginationStalled names <redacted>", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* reflecting((bare) => ({ body: searchPage([{ ...summary(1), sort: [bare] }], 10) }))
        const capture = makeCapture({ spanSuccessValues: false })
        const client = yield* clientOf(server.baseUrl)
        const exit = yield* capture.run(Stream.runDrain(client.searchConversations({ limit: 1 })))
        expect(outcome(exit)).toBe("PaginationStalled")
        expect(server.requests[1]?.query.get("startAfterDate")).toBe(secret)
        const text = capture.text()
        expect(text).toContain("the server repeated the cursor <redacted>")
        expect(leakedFragments(text, secret)).toEqual([])
      })))

    it.live("the token as a conversation id in search: the listMessages span says <redacted>", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* reflecting((bare, request) =>
          request.path === "/conversations/search"
            ? { body: searchPage([{ ...summary(1), id: bare }], 1) }
            : { body: wrappedPage([], false) }
        )
        const capture = makeCapture({ spanSuccessValues: false })
        const client = yield* clientOf(server.baseUrl)
        const exit = yield* capture.run(Stream.runDrain(client.listAllMessages({ limit: 2 })))
        expect(outcome(exit)).toBe("success")
        expect(server.requests[1]?.path).toBe(`/conversations/${secret}/messages`)
        expect(capture.text()).toContain("ConversationsClient.listMessages")
        expect(leakedFragments(capture.text(), secret)).toEqual([])
      })))

    // A server's cursor is passed on without the input check (it only lands in the query): the padded token is sent
    // back as it is, and the repeat stalls on it.
    it.live("the token with spaces around it as lastMessageId, twice: PaginationStalled names <redacted>", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* reflecting((bare) => ({
          body: { messages: { lastMessageId: ` ${bare} `, nextPage: true, messages: [message(1)] } }
        }))
        const capture = makeCapture({ spanSuccessValues: false })
        const client = yield* clientOf(server.baseUrl)
        const exit = yield* capture.run(Stream.runDrain(client.listMessages("c1", { limit: 1 })))
        expect(outcome(exit)).toBe("PaginationStalled")
        expect(server.requests[1]?.query.get("lastMessageId")).toBe(` ${secret} `)
        expect(capture.text()).toContain("the server repeated the cursor  <redacted> ")
        expect(leakedFragments(capture.text(), secret)).toEqual([])
      })))

    it.live("the token with spaces around it as the caller's own cursor: the InvalidInputError quotes <redacted>", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* reflecting(() => ({ body: { messages: { nextPage: false, messages: [] } } }))
        const capture = makeCapture({ spanSuccessValues: false })
        const client = yield* clientOf(server.baseUrl)
        // A provider's token is known to the client once sent: one request first.
        yield* client.getMessagesPage("c1")
        const exit = yield* capture.run(client.getMessagesPage("c1", { lastMessageId: ` ${secret} ` }))
        expect(outcome(exit)).toBe("InvalidInputError")
        expect(server.requests).toHaveLength(1)
        expect(capture.text()).toContain("<redacted>")
        expect(leakedFragments(capture.text(), secret)).toEqual([])
      })))

    it.live("a malformed 2xx body with the token across the 4 KB cut: redacted, then cut", () =>
      Effect.scoped(Effect.gen(function*() {
        // The token starts 8 characters before the cut: cut first, 8 of its characters would stay in the body.
        const padding = (before: string) => "x".repeat(4096 - before.length - 8)
        const server = yield* reflecting((bare, request) =>
          request.path === "/conversations/not-json"
            ? { body: `${padding("")}${bare} and more` }
            : { body: `{"id":1,"pad":"${padding(`{"id":1,"pad":"`)}${bare}"}` }
        )
        const capture = makeCapture()
        const client = yield* clientOf(server.baseUrl)
        const errors = []
        for (const id of ["not-json", "bad-field"]) {
          const error = yield* Effect.flip(client.getConversation(id))
          expect(error._tag).toBe("DecodeError")
          if (error._tag === "DecodeError") errors.push(error)
          yield* capture.run(client.getConversation(id))
        }
        // The cut fell inside "<redacted>", where the token was.
        for (const error of errors) expect(error.body?.slice(4088, 4096)).toBe("<redacte")
        expect(leakedFragments(capture.text(), secret, 8)).toEqual([])
      })))

    it.live("client.redact removes every token the client has sent, for values an application prints", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* reflecting(() => ({ body: { messages: { nextPage: false, messages: [] } } }))
        const client = yield* clientOf(server.baseUrl)
        yield* client.getMessagesPage("c1")
        expect(client.redact(`conversation ${secret}: gone`)).toBe("conversation <redacted>: gone")
        expect(client.redact("conversation c1: gone")).toBe("conversation c1: gone")
      })))
  })
}
