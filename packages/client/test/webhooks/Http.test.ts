/**
 * The two handlers over real HTTP on 127.0.0.1: the `HttpApp` served by `@effect/platform-node`, and the
 * framework-neutral `fetch` handler (served through `HttpApp.fromWebHandler`, and called directly). Each status the
 * receiver answers, as a client on the wire sees it. Real clock: the events are stamped now.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { createServer } from "node:http"
import * as Webhooks from "../../src/Webhooks.js"
import { bytesOf, inboundEvent, otherKeys, publicKeyPem, signBytes } from "./support.js"

const serverLayer = NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" })

const fresh = (overrides: Record<string, unknown> = {}) =>
  inboundEvent({ timestamp: new Date().toISOString(), ...overrides })

// POSTs `body` with `headers`; the status and the JSON answer.
const post = (url: string, body: BodyInit, headers: Record<string, string> = {}, init: RequestInit = {}) =>
  Effect.promise(async () => {
    const response = await fetch(url, { method: "POST", body, headers, ...init })
    return { status: response.status, body: await response.json() as { error?: string } }
  })

const signedPost = (url: string, event: unknown, sign: (body: Uint8Array) => string = (b) => signBytes(b)) => {
  const body = bytesOf(event)
  return post(url, body, { "content-type": "application/json", "x-ghl-signature": sign(body) })
}

// The statuses of the whole tour against one receiver behind `url`.
const tour = (url: string, receiver: Webhooks.Service) =>
  Effect.gen(function*() {
    const valid = fresh({ webhookId: "http-1" })
    const accepted = yield* signedPost(url, valid)
    const again = yield* signedPost(url, valid)
    const otherKey = yield* signedPost(url, fresh({ webhookId: "http-2" }), (b) => signBytes(b, otherKeys.privateKey))
    const unsigned = yield* post(url, bytesOf(fresh({ webhookId: "http-3" })))
    const tamperedBytes = bytesOf(fresh({ webhookId: "http-4" }))
    const tampered = yield* post(url, bytesOf(fresh({ webhookId: "http-4", body: "changed" })), {
      "x-ghl-signature": signBytes(tamperedBytes)
    })
    const notJson = new TextEncoder().encode("hello")
    const nonJson = yield* post(url, notJson, { "x-ghl-signature": signBytes(notJson) })
    const stale = yield* signedPost(
      url,
      fresh({ webhookId: "http-5", timestamp: new Date(Date.now() - 3_600_000).toISOString() })
    )
    const big = yield* signedPost(url, fresh({ webhookId: "http-6", body: "x".repeat(5000) }))
    // No Content-Length: the cap is enforced while reading the chunks.
    const chunked = yield* post(
      url,
      new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new Uint8Array(1000))
          controller.close()
        }
      }),
      { "x-ghl-signature": "AAAA" },
      { duplex: "half" } as RequestInit
    )
    const got = yield* Effect.promise(() => fetch(url))
    const full = yield* signedPost(url, fresh({ webhookId: "http-7" }))
    const events = yield* Stream.take(receiver.events, 1).pipe(Stream.runCollect)
    return {
      statuses: [accepted, again, otherKey, unsigned, tampered, nonJson, stale, big, chunked].map((r) => r.status),
      errors: [again, otherKey, unsigned, tampered, nonJson, stale, big, chunked, full].map((r) => r.body.error),
      get: got.status,
      full: full.status,
      received: Chunk.toReadonlyArray(events).map((event) => event.webhookId)
    }
  })

const expected = {
  statuses: [200, 409, 401, 401, 401, 400, 401, 413, 413],
  errors: [
    "WebhookReplayed",
    "WebhookSignatureError",
    "WebhookSignatureError",
    "WebhookSignatureError",
    "WebhookInvalidEvent",
    "WebhookStale",
    "WebhookTooLarge",
    "WebhookTooLarge",
    "WebhookQueueFull"
  ],
  get: 405,
  full: 429,
  received: ["http-1"]
}

describe("Webhooks handlers over real HTTP", () => {
  it.scopedLive("the HttpApp answers 200, 409, 401, 400, 413, 405 and 429 as the rules say; only the valid event is streamed", () =>
    Effect.gen(function*() {
      const receiver = yield* Webhooks.make({ publicKey: publicKeyPem, maxBodyBytes: 4096, queueCapacity: 1 })
      yield* HttpServer.serveEffect(receiver.httpApp)
      const url = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(`${address}/webhooks`))
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks$/)
      expect(yield* tour(url, receiver)).toEqual(expected)
    }).pipe(Effect.provide(serverLayer)))

  it.scopedLive("the fetch handler answers the same, served through HttpApp.fromWebHandler", () =>
    Effect.gen(function*() {
      const receiver = yield* Webhooks.make({ publicKey: publicKeyPem, maxBodyBytes: 4096, queueCapacity: 1 })
      yield* HttpServer.serveEffect(HttpApp.fromWebHandler(receiver.fetch))
      const url = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(address))
      expect(yield* tour(url, receiver)).toEqual(expected)
    }).pipe(Effect.provide(serverLayer)))

  it.scopedLive("the fetch handler called directly with a Request: 200, then 409 for the same bytes", () =>
    Effect.gen(function*() {
      const receiver = yield* Webhooks.make({ publicKey: publicKeyPem })
      const body = bytesOf(fresh({ webhookId: "direct" }))
      const request = () =>
        new Request("http://localhost/hooks", { method: "POST", body, headers: { "X-GHL-Signature": signBytes(body) } })
      const first = yield* Effect.promise(() => receiver.fetch(request()))
      const second = yield* Effect.promise(() => receiver.fetch(request()))
      expect([first.status, second.status]).toEqual([200, 409])
      expect(yield* Effect.promise(() => first.json())).toEqual({ status: "accepted" })
    }))
})
