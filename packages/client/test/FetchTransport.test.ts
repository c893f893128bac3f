/**
 * The client over `FetchHttpClient.layer` reads bodies from the web `Response` itself (internal/fetchBody.ts): the
 * fetch function in the user's context is still the one called, with `redirect: "manual"`; a gzip body (fetch
 * inflates it, so its `Content-Length` says nothing of what is read) is read through the web reader, counted, and a
 * small gzip body that inflates past `maxBodyBytes` is cut there.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import { gzipSync } from "node:zlib"
import * as ConversationsClient from "../src/ConversationsClient.js"
import { conversationBody } from "./utils/bodies.js"
import { TOKEN } from "./utils/harness.js"

/** A server answering every request with `body` gzipped (`Content-Encoding: gzip`, its compressed length). */
const gzipServer = (body: string) =>
  Effect.acquireRelease(
    Effect.async<{ readonly baseUrl: string; readonly close: () => void }>((resume) => {
      const zipped = gzipSync(body)
      const server = createServer((_req, res) => {
        res.writeHead(200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": String(zipped.length)
        })
        res.end(zipped)
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          baseUrl: `http://127.0.0.1:${port}`,
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    (server) => Effect.sync(server.close)
  )

const clientOver = (baseUrl: string, transport: Layer.Layer<never, never, never> | undefined, maxBodyBytes?: number) =>
  Effect.gen(function*() {
    const http = yield* Layer.build(
      transport === undefined ? FetchHttpClient.layer : Layer.provideMerge(FetchHttpClient.layer, transport)
    )
    return yield* ConversationsClient.make({
      token: Redacted.make(TOKEN),
      baseUrl,
      rateLimit: false,
      retry: false,
      ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {})
    }).pipe(Effect.provide(http))
  })

describe("the client over FetchHttpClient", () => {
  it.live("calls the fetch of the user's context, with redirect: manual", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* gzipServer(JSON.stringify(conversationBody))
      const seen: Array<RequestRedirect | undefined> = []
      const counting: typeof globalThis.fetch = (input, init) => {
        seen.push(init?.redirect)
        return globalThis.fetch(input, init)
      }
      const client = yield* clientOver(server.baseUrl, Layer.succeed(FetchHttpClient.Fetch, counting))
      const first = yield* client.getConversation("c1")
      const second = yield* client.getConversation("c1")
      expect([first.id, second.id]).toEqual([conversationBody.id, conversationBody.id])
      expect(seen).toEqual(["manual", "manual"])
    })))

  it.live("a gzip body is inflated and decoded", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* gzipServer(JSON.stringify(conversationBody))
      const client = yield* clientOver(server.baseUrl, undefined)
      expect((yield* client.getConversation("c1")).unreadCount).toBe(conversationBody.unreadCount)
    })))

  it.live("a 64 KB gzip body that inflates to 64 MiB is cut at maxBodyBytes: ResponseTooLargeError", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* gzipServer(`{"padding":"${"0".repeat(64 * 1024 * 1024)}"}`)
      const client = yield* clientOver(server.baseUrl, undefined, 1024 * 1024)
      const error = yield* Effect.flip(client.getConversation("c1"))
      expect(error).toMatchObject({ _tag: "ResponseTooLargeError", maxBodyBytes: 1024 * 1024 })
      // The declared length counts compressed bytes: it is not reported as the body's size.
      expect(error).not.toHaveProperty("declaredBytes")
    })))
})
