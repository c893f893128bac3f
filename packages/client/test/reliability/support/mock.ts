/**
 * The HighLevel mock over real HTTP (127.0.0.1, port 0) and clients over real transports, for the reliability suite.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as ConversationsClient from "../../../src/ConversationsClient.js"
import type * as ConversationsConfig from "../../../src/ConversationsConfig.js"
import * as FetchTransport from "../../../src/FetchTransport.js"

/** The transports a user may give the client: undici, the platform's fetch and the client's own (FetchTransport). */
export const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["undici", NodeHttpClient.layerUndici],
  ["fetch", FetchHttpClient.layer],
  ["lean fetch", FetchTransport.layer]
]

/** A fresh mock served over HTTP for the scope; no rate limit unless asked (tests make many requests quickly). */
export const serveMock = (
  options: HighLevelMock.Options = {},
  listen: MockHttpServer.ListenOptions = {}
): Effect.Effect<MockHttpServer.RunningServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() =>
      MockHttpServer.listen(HighLevelMock.make({ rateLimit: false, ...options }), {
        port: 0,
        host: "127.0.0.1",
        shutdownGraceMs: 200,
        ...listen
      })
    ),
    (server) => Effect.promise(() => server.close())
  )

/** Fast retries for tests: the same policy shape as production, with delays in milliseconds. */
export const fastRetry = {
  maxRetries: 3,
  baseDelay: "10 millis",
  maxDelay: "50 millis",
  maxRetryAfter: "2 seconds",
  maxTotalWait: "5 seconds"
} as const

/** A client of `server` over `transport`, its token the primary location's, limiter off, short timeout. */
export const clientOf = (
  server: MockHttpServer.RunningServer,
  transport: Layer.Layer<HttpClient.HttpClient>,
  options: Partial<ConversationsConfig.Options> = {}
): Effect.Effect<ConversationsClient.Service, never, Scope.Scope> =>
  Effect.gen(function*() {
    // Built into the caller's scope: `Effect.provide(layer)` would close undici's dispatcher once `make` returned.
    const http = yield* Layer.build(transport)
    return yield* ConversationsClient.make({
      token: Redacted.make(server.mock.credentials.token),
      baseUrl: server.url,
      locationId: server.mock.credentials.locationId,
      rateLimit: false,
      timeout: "2 seconds",
      retry: fastRetry,
      ...options
    }).pipe(Effect.provide(http))
  })

/**
 * Requests the mock received on one route: answered ones from the journal, plus those a fault rule caught. A
 * delayed request is journaled only once answered, but its rule counts it on arrival, so this is exact at any time
 * (as long as the rules name that route, not `"*"`).
 */
export const attemptsOf = (server: MockHttpServer.RunningServer, route: HighLevelMock.JournalEntry["route"]): number =>
  server.mock.control.journal().filter((entry) => entry.route === route && entry.fault === undefined).length +
  server.mock.control.faults().filter((state) => state.rule.route === route).reduce((n, s) => n + s.applied, 0)

/** Milliseconds an effect took, with its result. */
export const timed = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<readonly [A, number], E, R> =>
  Effect.gen(function*() {
    const start = Date.now()
    const result = yield* effect
    return [result, Date.now() - start] as const
  })
