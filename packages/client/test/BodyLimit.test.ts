/**
 * The response body limit (`maxBodyBytes`, default 16 MiB): a body above it fails with `ResponseTooLargeError` and is
 * not read to the end, over both transports. A `Content-Length` above the limit fails before any of the body is
 * read; a body without one (chunked) is counted as it arrives and cut at the limit. A failure status keeps its own
 * error (a 502 stays a `ServerError`), built from the part of the body within the limit. Bodies within the limit
 * are read whole.
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as ConversationsClient from "../src/ConversationsClient.js"
import * as ConversationsConfig from "../src/ConversationsConfig.js"
import { transports } from "./reliability/support/mock.js"
import { conversationBody } from "./utils/bodies.js"
import { TOKEN } from "./utils/harness.js"
import { rawServer } from "./utils/RawServer.js"

const MiB = 1024 * 1024
const chunkBytes = 64 * 1024

type Framing = "content-length" | "chunked"

interface BigServer {
  readonly baseUrl: string
  /** Body bytes the server managed to write before the exchange ended. */
  readonly written: () => number
  /** Whether the last response was closed before its body was complete. */
  readonly cut: () => boolean
}

/**
 * A server whose every answer is `status` with a body of `totalBytes` (a JSON object with one long string field), sent
 * in 64 KiB chunks as fast as the client reads them (it waits for `drain`), so it stops when the client stops.
 */
const bigServer = (
  status: number,
  totalBytes: number,
  framing: Framing
): Effect.Effect<BigServer, never, Scope.Scope> => {
  let written = 0
  let cut = false
  return Effect.map(
    rawServer((_request, res) => {
      written = 0
      cut = false
      res.on("close", () => {
        if (!res.writableFinished) cut = true
      })
      res.writeHead(status, {
        "content-type": "application/json",
        ...(framing === "content-length" ? { "content-length": String(totalBytes) } : {})
      })
      const head = Buffer.from(`{"id":"${conversationBody.id}","padding":"`)
      const tail = Buffer.from(`"}`)
      const filler = Buffer.alloc(chunkBytes, "x")
      const chunks = Math.ceil((totalBytes - head.length - tail.length) / chunkBytes)
      let index = 0
      const pump = () => {
        // Bounded by the chunk count; stops as soon as the client has gone.
        while (index <= chunks + 1 && !res.destroyed) {
          const chunk = index === 0
            ? head
            : index === chunks + 1
            ? tail
            : filler.subarray(
              0,
              Math.min(chunkBytes, totalBytes - head.length - tail.length - (index - 1) * chunkBytes)
            )
          index++
          written += chunk.length
          if (index === chunks + 2) {
            res.end(chunk)
            return
          }
          if (!res.write(chunk)) {
            res.once("drain", pump)
            return
          }
        }
      }
      pump()
    }),
    (server) => ({ baseUrl: server.baseUrl, written: () => written, cut: () => cut })
  )
}

const clientOver = (
  server: BigServer,
  transport: Layer.Layer<HttpClient.HttpClient>,
  maxBodyBytes: number | undefined
) =>
  Effect.gen(function*() {
    const http = yield* Layer.build(transport)
    return yield* ConversationsClient.make({
      token: Redacted.make(TOKEN),
      baseUrl: server.baseUrl,
      rateLimit: false,
      retry: false,
      ...(maxBodyBytes !== undefined ? { maxBodyBytes } : {})
    }).pipe(Effect.provide(http))
  })

// The server may get a few MiB into socket buffers before it notices; far below the 64 MiB it would send.
const stoppedEarly = (server: BigServer) => server.written() < 32 * MiB

// Waits until the server has seen the connection go: at most 100 rounds of 20 ms, then says what it saw.
const connectionClosed = (server: BigServer) =>
  Effect.gen(function*() {
    for (let round = 0; round < 100 && !server.cut(); round++) yield* Effect.sleep("20 millis")
    return server.cut()
  })

describe("the default limit", () => {
  it("is 16 MiB", () => {
    expect(ConversationsConfig.defaultMaxBodyBytes).toBe(16 * MiB)
  })
})

for (const [transportName, transport] of transports) {
  describe(`the body limit over ${transportName}`, () => {
    for (const framing of ["content-length", "chunked"] as const) {
      it.live(`a 64 MiB body (${framing}) above a 1 MiB limit: ResponseTooLargeError, reading stopped`, () =>
        Effect.scoped(Effect.gen(function*() {
          const server = yield* bigServer(200, 64 * MiB, framing)
          const client = yield* clientOver(server, transport, MiB)
          const error = yield* Effect.flip(client.getConversation("c1"))
          expect(error).toMatchObject({
            _tag: "ResponseTooLargeError",
            operation: "getConversation",
            status: 200,
            maxBodyBytes: MiB
          })
          expect(error.message).toContain("1048576 bytes")
          expect(yield* connectionClosed(server)).toBe(true)
          expect(stoppedEarly(server)).toBe(true)
        })))
    }

    it.live("the default limit stops a 64 MiB body too", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* bigServer(200, 64 * MiB, "chunked")
        const client = yield* clientOver(server, transport, undefined)
        const error = yield* Effect.flip(client.getConversation("c1"))
        expect(error).toMatchObject({ _tag: "ResponseTooLargeError", maxBodyBytes: 16 * MiB })
        expect(yield* connectionClosed(server)).toBe(true)
        expect(server.written()).toBeLessThan(40 * MiB)
      })))

    it.live("a 2 MiB body within a 4 MiB limit is read whole (both framings)", () =>
      Effect.scoped(Effect.gen(function*() {
        for (const framing of ["content-length", "chunked"] as const) {
          const server = yield* bigServer(200, 2 * MiB, framing)
          const client = yield* clientOver(server, transport, 4 * MiB)
          const error = yield* Effect.flip(client.getConversation("c1"))
          // The padded body is no conversation: it was read whole and decoded, and the decoder named what is missing.
          expect(error).toMatchObject({ _tag: "DecodeError" })
          expect(server.cut()).toBe(false)
        }
      })))

    it.live("a 502 with a 64 MiB page stays a ServerError, built from the part within the limit", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* bigServer(502, 64 * MiB, "chunked")
        const client = yield* clientOver(server, transport, MiB)
        const error = yield* Effect.flip(client.getConversation("c1"))
        expect(error).toMatchObject({ _tag: "ServerError", status: 502 })
        expect(yield* connectionClosed(server)).toBe(true)
        expect(stoppedEarly(server)).toBe(true)
      })))
  })
}

describe("maxBodyBytes from the environment", () => {
  it.effect("HIGHLEVEL_MAX_BODY_BYTES sets it; the default applies without it", () =>
    Effect.gen(function*() {
      const read = (env: Record<string, string>) =>
        Effect.withConfigProvider(
          ConversationsConfig.fromEnv,
          ConfigProvider.fromMap(new Map(Object.entries(env)), { pathDelim: "_" })
        )
      expect((yield* read({ HIGHLEVEL_TOKEN: "t", HIGHLEVEL_MAX_BODY_BYTES: "2048" })).maxBodyBytes).toBe(2048)
      expect((yield* read({ HIGHLEVEL_TOKEN: "t" })).maxBodyBytes).toBe(16 * MiB)
      // Zero, a negative number or text is a ConfigError naming the variable, not a silent default.
      for (const bad of ["0", "-1", "lots"]) {
        const error = yield* Effect.flip(read({ HIGHLEVEL_TOKEN: "t", HIGHLEVEL_MAX_BODY_BYTES: bad }))
        expect(String(error)).toContain("MAX_BODY_BYTES")
      }
    }))
})
