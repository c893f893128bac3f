/**
 * Writes are never sent twice by accident: against a real node:http server, a POST whose outcome is unknown (the
 * server committed and dropped the connection, never answered, or answered 5xx) fails with WriteOutcomeUnknownError
 * after exactly one request; a POST is resent only after a 429 or a refused connection; a PUT under the same faults
 * is retried and ends in the right state. Over both transports (undici and fetch).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as ConversationsClient from "../src/ConversationsClient.js"
import { closedPort } from "./utils/closedPort.js"
import { TOKEN } from "./utils/harness.js"
import { answer, type Behaviour, type WriteRequest, writeServer } from "./utils/WriteServer.js"

const locationId = "Lq8Zp3Xc5Vb7Nm1As2Df"
const contactId = "Jh3Kk2Lm9Nq4Rs7Tv1Wx"
const conversationId = "ve9EPM428h8vShlRW1KT"

const sent = { conversationId, messageId: "msg00000000000000001", status: "pending" }
const sms = { type: "SMS", contactId, message: "Your table is ready" } as const

const transports = [
  ["undici", NodeHttpClient.layerUndici],
  ["fetch", FetchHttpClient.layer]
] as const

// A client with fast retries (real time, a few ms) and a short timeout, counting every attempt it makes.
const clientAt = (
  baseUrl: string,
  transport: Layer.Layer<HttpClient.HttpClient>,
  attempts: { count: number }
) => {
  const counting = Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (http) => HttpClient.tapRequest(http, () => Effect.sync(() => attempts.count++)))
  ).pipe(Layer.provide(transport))
  // Built in the test's scope: the undici dispatcher lives as long as the layer.
  return Effect.map(
    Layer.build(
      ConversationsClient.layer({
        token: Redacted.make(TOKEN),
        baseUrl,
        locationId,
        rateLimit: false,
        timeout: "300 millis",
        retry: { maxRetries: 3, baseDelay: "5 millis", maxDelay: "20 millis" }
      }).pipe(Layer.provide(counting))
    ),
    Context.get(ConversationsClient.ConversationsClient)
  )
}

// A server whose first request gets `first` and every later one `rest`.
const firstThen = (first: Behaviour, rest: Behaviour) => (_request: WriteRequest, index: number) =>
  index === 0 ? first : rest

const posts = (requests: ReadonlyArray<WriteRequest>) => requests.filter((request) => request.method === "POST")

describe.each(transports)("writes over %s", (_name, transport) => {
  for (
    const [fault, behaviour, reason] of [
      ["commits, then drops the connection", { _tag: "commitThenDrop" }, "connection_lost"],
      ["never answers (timeout)", { _tag: "hang" }, "timeout"],
      [
        "answers 503",
        answer(503, { statusCode: 503, message: "Service Unavailable", traceId: "t-503" }),
        "server_error"
      ],
      ["answers 500", answer(500, { statusCode: 500, message: "Internal Server Error" }), "server_error"]
    ] as const
  ) {
    it.live(`a POST the server ${fault} is sent once and fails with WriteOutcomeUnknownError (${reason})`, () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* writeServer(firstThen(behaviour, answer(200, sent)))
        const attempts = { count: 0 }
        const client = yield* clientAt(server.baseUrl, transport, attempts)
        const error = yield* Effect.flip(client.messages.send(sms))
        expect(error._tag).toBe("WriteOutcomeUnknownError")
        if (error._tag !== "WriteOutcomeUnknownError") return
        expect(error.reason).toBe(reason)
        expect(error.operation).toBe("messages.send")
        expect(error.knownId).toBe(contactId)
        expect(error.message).toContain("the outcome is unknown")
        expect(error.message).toContain("not resent")
        expect(posts(server.requests)).toHaveLength(1)
        expect(attempts.count).toBe(1)
        expect(JSON.parse(server.requests[0]?.body ?? "{}")).toEqual(sms)
      })))

    it.live(`a PUT the server ${fault} once is retried and ends in the right state`, () =>
      Effect.scoped(Effect.gen(function*() {
        // The server applies every PUT it reads (the state a retry must land on), then behaves as scripted.
        let unreadCount = 7
        const server = yield* writeServer((request, index) => {
          unreadCount = JSON.parse(request.body).unreadCount
          return index === 0 ? behaviour : answer(200, {
            success: true,
            conversation: { id: conversationId, contactId, locationId, deleted: false, unreadCount }
          })
        })
        const attempts = { count: 0 }
        const client = yield* clientAt(server.baseUrl, transport, attempts)
        const updated = yield* client.conversations.update(conversationId, { unreadCount: 0 })
        expect(updated.unreadCount).toBe(0)
        expect(unreadCount).toBe(0)
        expect(server.requests.map((request) => request.method)).toEqual(["PUT", "PUT"])
        expect(attempts.count).toBe(2)
      })))
  }

  it.live("a POST answered 429 is resent, and the second answer is the result", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* writeServer(
        firstThen(
          answer(429, { statusCode: 429, message: "Too Many Requests" }, { "retry-after": "0" }),
          answer(200, sent)
        )
      )
      const attempts = { count: 0 }
      const client = yield* clientAt(server.baseUrl, transport, attempts)
      const result = yield* client.messages.send(sms)
      expect(result.messageId).toBe(sent.messageId)
      expect(posts(server.requests)).toHaveLength(2)
      expect(attempts.count).toBe(2)
    })))

  it.live("a POST whose connection is refused is resent (it provably never left), then fails as a transport error", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const attempts = { count: 0 }
      const error = yield* Effect.scoped(
        Effect.flatMap(
          clientAt(`http://127.0.0.1:${port}`, transport, attempts),
          (client) => Effect.flip(client.messages.send(sms))
        )
      )
      expect(error._tag).toBe("TransportError")
      if (error._tag !== "TransportError") return
      expect(error.beforeSend).toBe(true)
      // The first attempt and the three retries the policy allows.
      expect(attempts.count).toBe(4)
    }))

  it.live("a POST answered 400 is neither resent nor reported as unknown", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* writeServer(() => answer(400, { statusCode: 400, message: "Contact not found" }))
      const attempts = { count: 0 }
      const client = yield* clientAt(server.baseUrl, transport, attempts)
      const error = yield* Effect.flip(client.messages.send(sms))
      expect(error._tag).toBe("InvalidRequestError")
      expect(server.requests).toHaveLength(1)
    })))

  it.live("a DELETE the server commits then drops is retried like a read", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* writeServer(firstThen({ _tag: "commitThenDrop" }, answer(200, { success: true })))
      const attempts = { count: 0 }
      const client = yield* clientAt(server.baseUrl, transport, attempts)
      const deleted = yield* client.conversations.delete(conversationId)
      expect(deleted.success).toBe(true)
      expect(server.requests.map((request) => request.method)).toEqual(["DELETE", "DELETE"])
    })))
})
