/**
 * `FetchTransport.layer`, the client's own fetch `HttpClient`: the client over it against the mock over real HTTP
 * (reads, a 100-message page, a send, a recording streamed), an attempt timeout that aborts a slow answer, a redirect
 * that is not followed, `maxBodyBytes` that stops a large body, an interrupted call that aborts its request; and the
 * transport on its own: every request body kind, a body read twice, the user's `Fetch` and `RequestInit` honoured.
 * The suites that run over every transport (reliability/support/mock.ts `transports`, uploads, recordings) run over
 * it too.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect, it } from "@effect/vitest"
import { MockFaults } from "@highlevel-effect/mock-server"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as ConversationsClient from "../src/ConversationsClient.js"
import * as FetchTransport from "../src/FetchTransport.js"
import { clientOf, serveMock } from "./reliability/support/mock.js"
import { conversationBody } from "./utils/bodies.js"
import { TOKEN } from "./utils/harness.js"
import { rawServer, sendJson } from "./utils/RawServer.js"

const http = Effect.provide(HttpClient.HttpClient, FetchTransport.layer)

// Polls a condition a bounded number of times (the server's close event arrives after the client's abort).
const eventually = (condition: () => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 100 && !condition(); i++) yield* Effect.sleep("20 millis")
    return condition()
  })

describe("the client over FetchTransport.layer, against the mock over real HTTP", () => {
  it.live("a get, a 100-message page and a send", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock({ scenario: "long-conversation" })
      const client = yield* clientOf(server, FetchTransport.layer)
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      const conversation = yield* client.conversations.get(conversationId)
      expect(conversation.id).toBe(conversationId)
      const page = yield* client.messages.listPage(conversationId, { limit: 100 })
      expect(page.messages).toHaveLength(100)
      const sent = yield* client.messages.send({ type: "SMS", contactId: conversation.contactId, message: "lean" })
      expect(sent.conversationId).toBe(conversationId)
      const first = yield* client.messages.listPage(conversationId, { limit: 1 })
      expect(first.messages[0]?.id).toBe(sent.messageId)
    })))

  it.live("an answer slower than the timeout: TransportError(timeout), the request aborted", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const client = yield* clientOf(server, FetchTransport.layer, { timeout: "150 millis", retry: false })
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      server.mock.control.setFaults([
        MockFaults.rule("getConversation", MockFaults.slowBody({ chunks: 20, delayMs: 100 }))
      ])
      const started = Date.now()
      const error = yield* Effect.flip(client.conversations.get(conversationId))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "timeout" })
      expect(Date.now() - started).toBeLessThan(1_500)
    })))

  it.live("a body larger than maxBodyBytes: ResponseTooLargeError, the body not read to the end", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* serveMock()
      const client = yield* clientOf(server, FetchTransport.layer, { maxBodyBytes: 64 * 1024, retry: false })
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      server.mock.control.setFaults([MockFaults.rule("getConversation", MockFaults.hugeBody(8 * 1024 * 1024))])
      const error = yield* Effect.flip(client.conversations.get(conversationId))
      expect(error).toMatchObject({ _tag: "ResponseTooLargeError", maxBodyBytes: 64 * 1024 })
    })))
})

describe("the client over FetchTransport.layer, against a scripted server", () => {
  const clientAt = (baseUrl: string) =>
    Effect.provide(
      ConversationsClient.make({ token: Redacted.make(TOKEN), baseUrl, rateLimit: false, retry: false }),
      FetchTransport.layer
    )

  it.live("a redirect is not followed: the 302 is an UnexpectedStatusError and its target never called", () =>
    Effect.scoped(Effect.gen(function*() {
      const elsewhere = yield* rawServer((_request, res) => sendJson(res, 200, conversationBody))
      const server = yield* rawServer((_request, res) =>
        res.writeHead(302, { location: `${elsewhere.baseUrl}/conversations/c1` }).end()
      )
      const client = yield* clientAt(server.baseUrl)
      const error = yield* Effect.flip(client.getConversation("c1"))
      expect(error).toMatchObject({ _tag: "UnexpectedStatusError", status: 302 })
      expect(elsewhere.requests).toHaveLength(0)
    })))

  it.live("interrupting the caller aborts the request in flight", () =>
    Effect.scoped(Effect.gen(function*() {
      // Never answers: only an abort ends the exchange.
      const server = yield* rawServer(() => {})
      const client = yield* clientAt(server.baseUrl)
      const fiber = yield* Effect.fork(client.getConversation("c1"))
      expect(yield* eventually(() => server.requests.length === 1)).toBe(true)
      yield* Fiber.interrupt(fiber)
      expect(yield* eventually(() => server.aborted() === 1)).toBe(true)
    })))
})

describe("FetchTransport.layer on its own", () => {
  const echo = rawServer((request, res) =>
    sendJson(res, 200, {
      method: request.method,
      contentType: request.headers["content-type"] ?? null,
      extra: request.headers["x-extra"] ?? null,
      body: request.body.toString("utf8")
    })
  )

  it.live("sends every body kind: empty, bytes, raw, form data, a stream (duplex half)", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* echo
      const client = yield* http
      const post = HttpClientRequest.post(`${server.baseUrl}/echo`)
      const form = new FormData()
      form.append("field", "value")
      const requests = [
        HttpClientRequest.get(`${server.baseUrl}/echo`),
        HttpClientRequest.bodyUnsafeJson(post, { a: 1 }),
        HttpClientRequest.bodyText(post, "raw text"),
        HttpClientRequest.bodyFormData(post, form),
        HttpClientRequest.bodyStream(
          post,
          Stream.make("str", "eam").pipe(Stream.encodeText),
          { contentType: "text/plain" }
        )
      ]
      const bodies: Array<unknown> = []
      for (const request of requests) bodies.push(yield* (yield* client.execute(request)).json)
      expect(bodies.map((body) => Reflect.get(Object(body), "body"))).toEqual([
        "",
        `{"a":1}`,
        "raw text",
        expect.stringContaining(`name="field"`),
        "stream"
      ])
      expect(bodies.map((body) => Reflect.get(Object(body), "method"))).toEqual(["GET", "POST", "POST", "POST", "POST"])
    })))

  it.live("a body read twice gives the same text; headers, status, arrayBuffer and stream read as the platform's", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* rawServer((_request, res) =>
        res.writeHead(201, { "content-type": "text/plain", "X-Custom": "yes" }).end("hello")
      )
      const client = yield* http
      const response = yield* client.get(`${server.baseUrl}/x`)
      expect(response.status).toBe(201)
      expect(response.headers["x-custom"]).toBe("yes")
      expect(response.headers).toBe(response.headers)
      expect([yield* response.text, yield* response.text]).toEqual(["hello", "hello"])
      const bytes = yield* (yield* client.get(`${server.baseUrl}/x`)).arrayBuffer
      expect(new TextDecoder().decode(bytes)).toBe("hello")
      const chunks = yield* Stream.runCollect((yield* client.get(`${server.baseUrl}/x`)).stream)
      expect(Buffer.concat(Chunk.toReadonlyArray(chunks)).toString()).toBe("hello")
    })))

  it.live("calls the Fetch provided to the layer with the RequestInit of the context, redirect always manual", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* echo
      const seen: Array<RequestInit | undefined> = []
      const counting: typeof globalThis.fetch = (input, init) => {
        seen.push(init)
        return globalThis.fetch(input, init)
      }
      const client = yield* Effect.provide(
        HttpClient.HttpClient,
        FetchTransport.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, counting)))
      )
      const body = yield* client.get(`${server.baseUrl}/echo`).pipe(
        Effect.flatMap((response) => response.json),
        Effect.provideService(FetchHttpClient.RequestInit, { headers: { "x-extra": "from init" }, redirect: "follow" })
      )
      expect(body).toMatchObject({ extra: "from init" })
      expect(seen.map((init) => init?.redirect)).toEqual(["manual"])
    })))
})
