/**
 * Faults injected by the mock over real HTTP, against the client over both transports (undici and fetch): each run
 * ends in a success or a typed error, within the configured attempts and time, and never in a defect or a hang.
 * Attempts are counted in the mock's journal.
 */
import { describe, expect, it } from "@effect/vitest"
import { MockFaults } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as ConversationsConfig from "../../src/ConversationsConfig.js"
import { outcome } from "./support/exits.js"
import { attemptsOf, clientOf, fastRetry, serveMock, timed, transports } from "./support/mock.js"

interface Case {
  readonly name: string
  readonly rules: ReadonlyArray<MockFaults.FaultRule>
  readonly options?: Partial<ConversationsConfig.Options>
  /** `"success"` or the tag of the typed error. */
  readonly expected: string
  readonly attempts: number
  /** Wall-clock bounds of the whole call, retries included. */
  readonly atLeastMs?: number
  readonly atMostMs: number
  /** Run over this transport only. */
  readonly onlyOver?: string
}

const rule = MockFaults.rule
const maxAttempts = fastRetry.maxRetries + 1

const cases: ReadonlyArray<Case> = [
  {
    name: "a 429 storm (Retry-After: 0) exhausts the retries: RateLimitError",
    rules: [rule("getConversation", MockFaults.rateLimited({ retryAfterSeconds: 0 }))],
    expected: "RateLimitError",
    attempts: maxAttempts,
    atMostMs: 2_000
  },
  {
    name: "two 429s, then the request passes",
    rules: [rule("getConversation", MockFaults.rateLimited({ retryAfterSeconds: 0 }), { times: 2 })],
    expected: "success",
    attempts: 3,
    atMostMs: 2_000
  },
  {
    name: "a 429 with Retry-After: 1 is waited out (at least 1 s), then the request passes",
    rules: [rule("getConversation", MockFaults.rateLimited({ retryAfterSeconds: 1 }), { times: 1 })],
    expected: "success",
    attempts: 2,
    atLeastMs: 1_000,
    atMostMs: 3_000,
    // Waiting is the retry policy's business, not the transport's: once is enough.
    onlyOver: "undici"
  },
  {
    name: "a 429 asking for longer than maxRetryAfter (the 10 s burst interval) surfaces at once",
    rules: [rule("getConversation", MockFaults.rateLimited())],
    expected: "RateLimitError",
    attempts: 1,
    atMostMs: 1_000
  },
  {
    name: "no retry once X-RateLimit-Daily-Remaining is 0",
    rules: [rule("getConversation", MockFaults.rateLimited({ retryAfterSeconds: 0, daily: true }))],
    expected: "RateLimitError",
    attempts: 1,
    atMostMs: 1_000
  },
  {
    name: "a burst of two 503s, then the request passes",
    rules: [rule("getConversation", MockFaults.serverError(503), { times: 2 })],
    expected: "success",
    attempts: 3,
    atMostMs: 2_000
  },
  {
    name: "a server that keeps failing (500): ServerError after every retry",
    rules: [rule("getConversation", MockFaults.serverError(500))],
    expected: "ServerError",
    attempts: maxAttempts,
    atMostMs: 2_000
  },
  {
    name: "two connection resets, then the request passes",
    rules: [rule("getConversation", MockFaults.connectionReset(), { times: 2 })],
    expected: "success",
    attempts: 3,
    atMostMs: 2_000
  },
  {
    name: "connections reset every time: TransportError after every retry",
    rules: [rule("getConversation", MockFaults.connectionReset())],
    expected: "TransportError",
    attempts: maxAttempts,
    atMostMs: 2_000
  },
  {
    name: "a server slower than the timeout: TransportError(timeout) after every retry, each attempt cut at 150 ms",
    rules: [rule("getConversation", MockFaults.latency(1_000))],
    options: { timeout: "150 millis" },
    expected: "TransportError",
    attempts: maxAttempts,
    atLeastMs: maxAttempts * 150,
    atMostMs: maxAttempts * 150 + 1_500
  },
  {
    name: "one slow answer, then the request passes",
    rules: [rule("getConversation", MockFaults.latency(1_000), { times: 1 })],
    options: { timeout: "150 millis" },
    expected: "success",
    attempts: 2,
    atMostMs: 1_500
  },
  {
    name: "a body trickling in slower than the timeout (the timeout covers the body): TransportError(timeout)",
    rules: [rule("getConversation", MockFaults.slowBody({ chunks: 20, delayMs: 100 }))],
    options: { timeout: "150 millis", retry: { ...fastRetry, maxRetries: 1 } },
    expected: "TransportError",
    attempts: 2,
    atLeastMs: 300,
    atMostMs: 2_000
  },
  {
    name: "a slow body within the timeout is read whole",
    rules: [rule("getConversation", MockFaults.slowBody({ chunks: 5, delayMs: 20 }))],
    expected: "success",
    attempts: 1,
    atMostMs: 1_500
  },
  {
    name: "malformed JSON in a 200: DecodeError, not retried (the same body would come back)",
    rules: [rule("getConversation", MockFaults.malformedJson())],
    expected: "DecodeError",
    attempts: 1,
    atMostMs: 1_000
  },
  {
    name: "a body cut short once, then the request passes",
    rules: [rule("getConversation", MockFaults.truncatedBody(), { times: 1 })],
    expected: "success",
    attempts: 2,
    atMostMs: 2_000
  },
  {
    name: "bodies always cut short: TransportError after every retry",
    rules: [rule("getConversation", MockFaults.truncatedBody())],
    expected: "TransportError",
    attempts: maxAttempts,
    atMostMs: 2_000
  },
  {
    name: "JSON labelled text/plain is still decoded",
    rules: [rule("getConversation", MockFaults.wrongContentType())],
    expected: "success",
    attempts: 1,
    atMostMs: 1_000
  },
  {
    name: "a proxy's HTML 502 page once, then the request passes",
    rules: [rule("getConversation", MockFaults.htmlErrorPage(502), { times: 1 })],
    expected: "success",
    attempts: 2,
    atMostMs: 2_000
  },
  {
    name: "a proxy's HTML 504 page every time: ServerError after every retry",
    rules: [rule("getConversation", MockFaults.htmlErrorPage(504))],
    expected: "ServerError",
    attempts: maxAttempts,
    atMostMs: 2_000
  },
  {
    name: "a huge body (8 MiB of padding) is read and its padding dropped",
    rules: [rule("getConversation", MockFaults.hugeBody(8 * 1024 * 1024))],
    expected: "success",
    attempts: 1,
    atMostMs: 5_000
  },
  {
    name: "maxTotalWait caps the retries before maxRetries does",
    rules: [rule("getConversation", MockFaults.serverError(503))],
    options: {
      retry: { ...fastRetry, maxRetries: 50, baseDelay: "20 millis", maxDelay: "1 second", maxTotalWait: "100 millis" }
    },
    expected: "ServerError",
    // Delays 20·0.8…1.2, 40·…, 80·…: the third would pass 100 ms whatever the jitter (16+32+64 > 100).
    attempts: 3,
    atMostMs: 1_500
  }
]

for (const [transportName, transport] of transports) {
  describe(`faults over real HTTP (${transportName})`, () => {
    for (const c of cases.filter((c) => c.onlyOver === undefined || c.onlyOver === transportName)) {
      it.live(c.name, () =>
        Effect.scoped(Effect.gen(function*() {
          const server = yield* serveMock()
          const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
          server.mock.control.setFaults(c.rules)
          const client = yield* clientOf(server, transport, c.options)
          const [exit, elapsed] = yield* timed(Effect.exit(client.getConversation(conversationId)))
          expect(outcome(exit)).toBe(c.expected)
          expect(attemptsOf(server, "getConversation")).toBe(c.attempts)
          expect(elapsed).toBeGreaterThanOrEqual(c.atLeastMs ?? 0)
          expect(elapsed).toBeLessThanOrEqual(c.atMostMs)
        })))
    }

    it.live("the surfaced errors carry what a user needs: status, retry hint, daily budget, proxy body", () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* serveMock()
        const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
        const client = yield* clientOf(server, transport, { retry: false })
        const get = Effect.flip(client.getConversation(conversationId))

        server.mock.control.setFaults([rule("getConversation", MockFaults.rateLimited({ daily: true }))])
        const daily = yield* get
        expect(daily._tag === "RateLimitError" && daily.rateLimit.dailyRemaining).toBe(0)

        server.mock.control.setFaults([rule("getConversation", MockFaults.rateLimited({ retryAfterSeconds: 7 }))])
        const hinted = yield* get
        expect(hinted._tag === "RateLimitError" && hinted.retryAfterMillis).toBe(7_000)

        server.mock.control.setFaults([rule("getConversation", MockFaults.htmlErrorPage(502))])
        const proxy = yield* get
        expect(proxy._tag === "ServerError" && proxy.status).toBe(502)
        expect(proxy._tag === "ServerError" && proxy.body).toContain("<html>")

        server.mock.control.setFaults([rule("getConversation", MockFaults.malformedJson())])
        const malformed = yield* get
        expect(malformed._tag === "DecodeError" && malformed.path).toBe("")
      })))

    it.live(
      "chaos: every fault kind at random on every route, a full export ends in success or a typed error",
      () =>
        Effect.scoped(Effect.gen(function*() {
          const server = yield* serveMock({ conversations: 20, messagesPerConversation: 6 })
          const kinds = [
            MockFaults.rateLimited({ retryAfterSeconds: 0 }),
            MockFaults.serverError(503),
            MockFaults.connectionReset(),
            MockFaults.latency(400),
            MockFaults.slowBody({ chunks: 4, delayMs: 150 }),
            MockFaults.malformedJson(),
            MockFaults.truncatedBody(),
            MockFaults.wrongContentType(),
            MockFaults.htmlErrorPage(502),
            MockFaults.hugeBody(256 * 1024)
          ]
          const results: Array<string> = []
          let applied = 0
          // Three seeds, each a different interleaving; every run is bounded by the retry policy and timeout.
          for (const seed of [1, 2, 3]) {
            server.mock.control.setFaults(
              kinds.map((fault, i) => rule("*", fault, { probability: 0.04, seed: seed * 100 + i }))
            )
            const client = yield* clientOf(server, transport, { timeout: "300 millis" })
            const [exit] = yield* timed(Effect.exit(Stream.runCount(client.listAllMessages({}, { limit: 4 }))))
            results.push(outcome(exit))
            applied += server.mock.control.faults().reduce((n, state) => n + state.applied, 0)
          }
          // The faults did fire: this is not a run of the happy path.
          expect(applied).toBeGreaterThan(0)
          for (const result of results) {
            expect(["success", "RateLimitError", "ServerError", "TransportError", "DecodeError"]).toContain(result)
          }
        })),
      { timeout: 60_000 }
    )
  })
}
