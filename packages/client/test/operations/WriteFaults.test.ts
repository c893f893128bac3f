/**
 * The writes of the upload, live chat and preference groups under faults. HighLevel has no idempotency keys, so a
 * `POST` that may have reached the server is never sent again: a timeout, a connection dropped after the request
 * arrived, or a 5xx fail with `WriteOutcomeUnknownError` after exactly one request. A 429 proves the request was not
 * taken, so it is resent. The `PUT`s (`updateCustomSubtype`, the signed-URL `putSigned`) are idempotent and retried
 * like reads.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type * as ConversationsClient from "../../src/ConversationsClient.js"
import { type RawHandler, rawServer, sendJson } from "../utils/RawServer.js"
import { clientAt } from "./support.js"

const conversationId = "ve9EPM428h8vShlRW1KT"

type Write = readonly [
  name: string,
  run: (client: ConversationsClient.Service) => Effect.Effect<unknown, unknown, Scope.Scope>,
  /** A body the operation decodes. */
  answer: unknown
]

const posts: ReadonlyArray<Write> = [
  [
    "uploads.upload",
    (c) => c.uploads.upload({ conversationId, files: [{ filename: "a.txt", data: new Uint8Array([1, 2, 3]) }] }),
    { uploadedFiles: { "a.txt": "https://cdn.test/a.txt" } }
  ],
  [
    "uploads.initiate",
    (c) => c.uploads.initiate({ conversationId, filename: "v.mp4", contentType: "video/mp4", channel: "SMS" }),
    { uploadUrl: "http://127.0.0.1:9/s", uploadId: "u", filePath: "p", expiresAt: 1, maxFileSize: 5 }
  ],
  [
    "uploads.complete",
    (c) => c.uploads.complete({ uploadId: "u", filePath: "p", conversationId, filename: "v.mp4" }),
    { uploadedFiles: { "v.mp4": "https://cdn.test/v.mp4" }, metadata: { size: 5 } }
  ],
  [
    "liveChat.typing",
    (c) => c.liveChat.typing({ conversationId, visitorId: "v1", isTyping: true }),
    { success: true }
  ],
  [
    "preferences.createCustomSubtype",
    (c) => c.preferences.createCustomSubtype({ name: "N", channel: "email", language: "en" }),
    { customSubtype: { id: "st9", name: "N", channel: "email" } }
  ],
  [
    "preferences.changeSubscription",
    (c) =>
      c.preferences.changeSubscription({
        contactId: "c1",
        email: "a@b.test",
        subscription_action: { type: "default", subtype_name: "One on One", subtype_status: "unsubscribed" }
      }),
    { success: true }
  ]
]

// Retries on, fast, and a short attempt timeout.
const options = {
  timeout: "1 second",
  retry: { maxRetries: 3, baseDelay: "5 millis", maxDelay: "10 millis" }
} as const

const against = (handler: RawHandler, write: Write[1]) =>
  Effect.gen(function*() {
    const server = yield* rawServer(handler)
    const client = yield* clientAt(server.baseUrl, options)
    const result = yield* Effect.either(write(client))
    // Arrivals, not recorded requests: a request cut off by the client's timeout before its body was read counts.
    return { result, requests: server.arrivals() }
  })

describe("a POST that may have arrived is never resent", () => {
  for (const [name, run, answer] of posts) {
    it.live(`${name}: a timeout is WriteOutcomeUnknownError(timeout) after one request`, () =>
      Effect.gen(function*() {
        // Never answers: the request arrived, its fate is the server's.
        const { requests, result } = yield* against(() => undefined, run)
        expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WriteOutcomeUnknownError", reason: "timeout" } })
        expect(requests).toBe(1)
      }).pipe(Effect.scoped))

    it.live(`${name}: a connection dropped after the request arrived is WriteOutcomeUnknownError, one request`, () =>
      Effect.gen(function*() {
        const { requests, result } = yield* against((_req, res) => res.socket?.destroy(), run)
        expect(result).toMatchObject({ _tag: "Left", left: { _tag: "WriteOutcomeUnknownError" } })
        expect(requests).toBe(1)
      }).pipe(Effect.scoped))

    it.live(`${name}: a 503 is WriteOutcomeUnknownError(server_error), one request`, () =>
      Effect.gen(function*() {
        const { requests, result } = yield* against((_req, res) => sendJson(res, 503, { message: "busy" }), run)
        expect(result).toMatchObject({
          _tag: "Left",
          left: { _tag: "WriteOutcomeUnknownError", reason: "server_error", status: 503 }
        })
        expect(requests).toBe(1)
      }).pipe(Effect.scoped))

    it.live(`${name}: a 429 is resent, and the second answer is the result`, () =>
      Effect.gen(function*() {
        const { requests, result } = yield* against(
          (_req, res, i) =>
            i === 0
              ? res.writeHead(429, { "content-type": "application/json", "retry-after": "0" }).end("{}")
              : sendJson(res, 200, answer),
          run
        )
        expect(result._tag).toBe("Right")
        expect(requests).toBe(2)
      }).pipe(Effect.scoped))
  }
})

describe("the PUTs are retried like reads", () => {
  it.live("updateCustomSubtype: a timeout, then the answer: two requests, success", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* against(
        (_req, res, i) =>
          i === 0 ? undefined : sendJson(res, 200, { customSubtype: { id: "st1", name: "N", channel: "sms" } }),
        (c) => c.preferences.updateCustomSubtype("st1", { name: "N" })
      )
      expect(result._tag).toBe("Right")
      expect(requests).toBe(2)
    }).pipe(Effect.scoped))

  it.live("putSigned: a dropped connection, then 200: two requests, success", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res, i) => i === 0 ? res.socket?.destroy() : res.writeHead(200).end())
      const client = yield* clientAt(server.baseUrl, options)
      yield* client.uploads.putSigned({
        uploadUrl: `${server.baseUrl}/storage/x`,
        contentType: "text/plain",
        data: new Uint8Array([1])
      })
      expect(server.requests).toHaveLength(2)
    }).pipe(Effect.scoped))
})
