/**
 * The per-attempt timeout (internal/timeout.ts): with the live clock it aborts the attempt's request through its
 * scope instead of forking a fiber, so these tests pin what `Effect.timeoutFail` gave: `TransportError` with reason
 * `timeout` after the configured time (not the server's), for a late head and for a body that trickles in, over both
 * transports (and `node:http`); a request that is cut is really aborted; interrupting the caller aborts it too; and under TestClock the
 * timeout still follows virtual time.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import * as ConversationsClient from "../src/ConversationsClient.js"
import { fastRetry, transports } from "./reliability/support/mock.js"
import { conversationBody } from "./utils/bodies.js"
import { TOKEN } from "./utils/harness.js"
import { rawServer } from "./utils/RawServer.js"

type Behaviour = "late head" | "trickling body" | "prompt"

interface SlowServer {
  readonly baseUrl: string
  /** Requests received. */
  readonly received: () => number
  /** Requests the client dropped before the answer was complete. */
  readonly aborted: () => number
}

/** A local server whose every answer behaves as told; answers still pending are cut when the scope closes. */
const slowServer = (behaviour: Behaviour): Effect.Effect<SlowServer, never, Scope.Scope> =>
  Effect.gen(function*() {
    const body = JSON.stringify(conversationBody)
    const timers = new Set<NodeJS.Timeout>()
    const later = (ms: number, f: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        f()
      }, ms)
      timers.add(timer)
    }
    const server = yield* rawServer((_request, res) => {
      if (behaviour === "prompt") {
        later(20, () => res.writeHead(200, { "content-type": "application/json" }).end(body))
      } else if (behaviour === "late head") {
        later(2_000, () => res.writeHead(200, { "content-type": "application/json" }).end(body))
      } else {
        res.writeHead(200, { "content-type": "application/json" })
        // The head at once, then a few bytes every 50 ms: the whole body would take 2 s.
        const chunks = body.match(/.{1,8}/g) ?? []
        chunks.forEach((chunk, i) => later(50 * (i + 1), () => res.destroyed || res.write(chunk)))
        later(50 * (chunks.length + 1), () => res.destroyed || res.end())
      }
    })
    // Added after the server's, so it runs first: no timer fires on a closed server.
    yield* Effect.addFinalizer(() => Effect.sync(() => timers.forEach((timer) => clearTimeout(timer))))
    return { baseUrl: server.baseUrl, received: server.arrivals, aborted: server.aborted }
  })

const clientOver = (
  server: SlowServer,
  transport: Layer.Layer<HttpClient.HttpClient>,
  timeout: Duration.DurationInput
) =>
  Effect.gen(function*() {
    // Built into the caller's scope: `Effect.provide(layer)` would close undici's dispatcher once `make` returned.
    const http = yield* Layer.build(transport)
    return yield* ConversationsClient.make({
      token: Redacted.make(TOKEN),
      baseUrl: server.baseUrl,
      rateLimit: false,
      retry: { ...fastRetry, maxRetries: 1 },
      timeout
    }).pipe(Effect.provide(http))
  })

const elapsed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.timed(effect), ([duration, result]) => [result, Duration.toMillis(duration)] as const)

// The client's two transports, plus `node:http` (`NodeHttpClient.layer`): the abort must work over each.
const allTransports = [...transports, ["node:http", NodeHttpClient.layer] as const]

for (const [transportName, transport] of allTransports) {
  describe(`the attempt timeout over ${transportName}`, () => {
    for (const behaviour of ["late head", "trickling body"] as const) {
      it.live(`${behaviour}: TransportError(timeout) after each attempt's 150 ms, the request aborted`, () =>
        Effect.scoped(Effect.gen(function*() {
          const server = yield* slowServer(behaviour)
          const client = yield* clientOver(server, transport, "150 millis")
          const [error, ms] = yield* elapsed(Effect.flip(client.getConversation("c1")))
          expect(error).toMatchObject({ _tag: "TransportError", reason: "timeout" })
          // Two attempts (one retry) of 150 ms each plus a short backoff; far below the server's 2 s.
          expect(ms).toBeGreaterThanOrEqual(290)
          expect(ms).toBeLessThan(1_500)
          expect(server.received()).toBe(2)
          // The client closed both exchanges; give the server's close events a moment to arrive.
          yield* Effect.sleep("50 millis")
          expect(server.aborted()).toBe(2)
        })))
    }

    it.live("an answer within the timeout is read whole, even with an unbounded timeout", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* slowServer("prompt")
        for (const timeout of [Duration.seconds(2), Duration.infinity, Duration.days(30)]) {
          const client = yield* clientOver(server, transport, timeout)
          const conversation = yield* client.getConversation("c1")
          expect(conversation.id).toBe(conversationBody.id)
        }
        expect(server.aborted()).toBe(0)
      })))

    it.live("interrupting the caller aborts the request in flight", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* slowServer("late head")
        const client = yield* clientOver(server, transport, "10 seconds")
        const fiber = yield* Effect.fork(client.getConversation("c1"))
        yield* Effect.sleep("100 millis")
        yield* Fiber.interrupt(fiber)
        yield* Effect.sleep("50 millis")
        expect(server.received()).toBe(1)
        expect(server.aborted()).toBe(1)
      })))
  })
}

describe("the attempt timeout under TestClock", () => {
  it.effect("follows virtual time: a transport that never answers times out when the clock passes the timeout", () =>
    Effect.gen(function*() {
      let attempts = 0
      const never = HttpClient.make(() =>
        Effect.suspend(() => {
          attempts++
          return Effect.never
        })
      )
      const client = yield* ConversationsClient.make({
        token: Redacted.make(TOKEN),
        baseUrl: "https://api.test",
        rateLimit: false,
        retry: false,
        timeout: "30 seconds"
      }).pipe(Effect.provideService(HttpClient.HttpClient, never))
      const fiber = yield* Effect.fork(Effect.flip(client.getConversation("c1")))
      yield* TestClock.adjust("29 seconds")
      expect(fiber.unsafePoll()).toBeNull()
      yield* TestClock.adjust("1 second")
      const error = yield* Fiber.join(fiber)
      expect(error).toMatchObject({ _tag: "TransportError", reason: "timeout" })
      expect(attempts).toBe(1)
    }).pipe(Effect.scoped))
})
