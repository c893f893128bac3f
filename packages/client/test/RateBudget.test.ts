import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as TestClock from "effect/TestClock"
import * as ConversationsClient from "../src/ConversationsClient.js"
import * as ConversationsConfig from "../src/ConversationsConfig.js"
import * as RateBudget from "../src/internal/rateBudget.js"
import * as RateLimit from "../src/RateLimit.js"
import { clientOf, serveMock } from "./reliability/support/mock.js"
import { conversationBody } from "./utils/bodies.js"
import { TOKEN } from "./utils/harness.js"

// The rate budget under TestClock: a simulated server answers after `latencyMs` of test time, so every send time
// below is exact.

interface Answer {
  readonly status: number
  readonly headers?: Record<string, string>
}

interface Sent {
  readonly at: number
  readonly status: number
}

/** A client whose n-th request (counted on arrival, at test time `now`) gets `answer(n, now)` after `latencyMs`. */
const simulated = (
  answer: (index: number, now: number) => Answer,
  options: { readonly rateLimit: ConversationsConfig.Options["rateLimit"]; readonly latencyMs?: number }
) => {
  const sent: Array<Sent> = []
  const http = HttpClient.make((request) =>
    Effect.gen(function*() {
      const now = yield* Effect.clockWith((clock) => clock.currentTimeMillis)
      const reply = answer(sent.length, now)
      sent.push({ at: now, status: reply.status })
      yield* Effect.sleep(options.latencyMs ?? 10)
      const body = reply.status === 200 ? JSON.stringify(conversationBody) : JSON.stringify({ message: "no" })
      return HttpClientResponse.fromWeb(
        request,
        new Response(body, { status: reply.status, headers: { "content-type": "application/json", ...reply.headers } })
      )
    })
  )
  const layer = ConversationsClient.layer({
    token: Redacted.make(TOKEN),
    baseUrl: "https://services.leadconnectorhq.com",
    locationId: "loc1",
    rateLimit: options.rateLimit,
    retry: { maxRetries: 3, baseDelay: "10 millis" }
  }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, http)))
  return { sent, layer }
}

/**
 * `count` fibers, each making `calls` getConversation calls one after another; the test clock runs `runFor` ms. The
 * result of each fiber: its calls' outcomes.
 */
const run = (
  layer: Layer.Layer<ConversationsClient.ConversationsClient>,
  count: number,
  calls: number,
  runFor: number
) =>
  Effect.gen(function*() {
    const client = yield* ConversationsClient.ConversationsClient
    const fibers = yield* Effect.forEach(
      Array.from({ length: count }),
      () =>
        Effect.fork(Effect.forEach(Array.from({ length: calls }), () => Effect.either(client.getConversation("c1")))),
      { concurrency: "unbounded" }
    )
    yield* TestClock.adjust(runFor)
    const outcomes = yield* Effect.forEach(fibers, Fiber.join)
    return outcomes.map((calls) => calls.map((outcome) => outcome._tag === "Left" ? outcome.left._tag : "ok"))
  }).pipe(Effect.provide(layer))

const errorsOf = (
  layer: Layer.Layer<ConversationsClient.ConversationsClient>,
  calls: number,
  runFor: number
) =>
  Effect.gen(function*() {
    const client = yield* ConversationsClient.ConversationsClient
    const fiber = yield* Effect.fork(
      Effect.forEach(Array.from({ length: calls }), () => Effect.flip(client.getConversation("c1")).pipe(Effect.option))
    )
    yield* TestClock.adjust(runFor)
    return yield* Fiber.join(fiber)
  }).pipe(Effect.provide(layer))

const rateHeaders = (max: number, remaining: number, intervalMs: number) => ({
  "x-ratelimit-max": String(max),
  "x-ratelimit-remaining": String(Math.max(0, remaining)),
  "x-ratelimit-interval-milliseconds": String(intervalMs)
})

describe("the window", () => {
  it.effect.prop(
    "for any arrival pattern, no interval-long span holds more than limit sends, and a held send goes the moment " +
      "the window lets it",
    [
      FastCheck.integer({ min: 1, max: 6 }),
      FastCheck.integer({ min: 50, max: 2_000 }),
      FastCheck.array(FastCheck.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 40 })
    ],
    ([limit, intervalMs, arrivals]) =>
      Effect.gen(function*() {
        const limiter = yield* RateBudget.make({ limit, interval: intervalMs, margin: 0 })
        const sends: Array<{ readonly arrival: number; readonly at: number }> = []
        const fibers = yield* Effect.forEach(arrivals, (arrival) =>
          Effect.fork(
            Effect.zipRight(
              Effect.sleep(arrival),
              limiter(
                () =>
                  Effect.flatMap(
                    Effect.clockWith((clock) => clock.currentTimeMillis),
                    (at) => Effect.sync(() => sends.push({ arrival, at }))
                  ),
                "test"
              )
            )
          ))
        // Every send happens by the last arrival plus one interval per `limit` requests.
        yield* TestClock.adjust(3_000 + Math.ceil(arrivals.length / limit + 1) * intervalMs)
        yield* Effect.forEach(fibers, Fiber.join)
        const times = sends.map((send) => send.at)
        expect(times).toHaveLength(arrivals.length)
        // First come, first sent: an arrival that finds the window open never overtakes one already waiting.
        expect(sends.map((send) => send.arrival)).toEqual([...arrivals].sort((a, b) => a - b))
        for (let i = 0; i + limit < times.length; i++) {
          expect((times[i + limit] ?? 0) - (times[i] ?? 0)).toBeGreaterThanOrEqual(intervalMs)
        }
        sends.forEach((send, i) => {
          if (send.at === send.arrival) return
          // Held: it went when the send `limit` places before it left the window, or right after the send before it
          // (the two were queued for the same moment).
          const reopened = (times[i - limit] ?? Number.NaN) + intervalMs
          expect([reopened, times[i - 1]]).toContain(send.at)
        })
      }),
    { fastCheck: { numRuns: 40 } }
  )

  it.effect("a 429 pauses the whole location once; everybody resumes when the window reopens", () =>
    Effect.gen(function*() {
      // Six fibers, two calls each, limit 10 per second. The third request meets a 429 (another app spent the rest of
      // the window) without Retry-After.
      const { layer, sent } = simulated(
        (index) => index === 2 ? { status: 429, headers: rateHeaders(10, 0, 1_000) } : { status: 200 },
        { rateLimit: { limit: 10, interval: 1_000, margin: 0 } }
      )
      const results = yield* run(layer, 6, 2, 3_000)
      expect(results.flat()).toEqual(Array.from({ length: 12 }, () => "ok"))
      // Six sends at 0, the 429 among them. Their answers come at 10: three fibers answered before the 429 send their
      // second call at once. From the 429 on (the server had no room when it arrived), nothing is sent until the
      // window it was counted in has passed: every request it counted was answered by 10, so at 1010 the other second
      // calls and the 429's retry go together (the three sent at 10, counted since, still leave 7 of the 10), and the
      // retried fiber's second call follows its retry's answer.
      expect(sent.map((s) => s.at)).toEqual([0, 0, 0, 0, 0, 0, 10, 10, 10, 1_010, 1_010, 1_010, 1_020])
      expect(sent.filter((s) => s.status === 429)).toHaveLength(1)
    }))

  it.effect("a 429 with Retry-After pauses everybody until then, and still counts against its request's retries", () =>
    Effect.gen(function*() {
      // Every request of the first second meets a 429 asking for 2 s; later ones pass.
      const { layer, sent } = simulated(
        (_, now) => now < 1_000 ? { status: 429, headers: { "retry-after": "2" } } : { status: 200 },
        { rateLimit: { limit: 10, interval: 1_000, margin: 0 } }
      )
      const results = yield* run(layer, 3, 1, 5_000)
      expect(results.flat()).toEqual(["ok", "ok", "ok"])
      expect(sent.map((s) => [s.at, s.status])).toEqual([
        [0, 429],
        [0, 429],
        [0, 429],
        [2_010, 200],
        [2_010, 200],
        [2_010, 200]
      ])
    }))

  it.effect("the 429 that outlasts the retries surfaces as RateLimitError with the shared pause as its wait", () =>
    Effect.gen(function*() {
      const { layer, sent } = simulated(() => ({ status: 429, headers: rateHeaders(10, 0, 1_000) }), {
        rateLimit: { limit: 10, interval: 1_000, margin: 0 }
      })
      const [error] = yield* errorsOf(layer, 1, 10_000)
      // The first attempt and 3 retries, one window after each other's end: the pause is the window's.
      expect(sent.map((s) => s.at)).toEqual([0, 1_010, 2_020, 3_030])
      expect(error?._tag === "Some" ? error.value : undefined).toMatchObject({
        _tag: "RateLimitError",
        retryAfterMillis: 1_000
      })
    }))

  it.effect("header correction: a server whose Remaining runs out early stops the client before any 429", () =>
    Effect.gen(function*() {
      // A fixed window of 10 per second, 7 of which another app spent just before we started.
      let windowStart = 0
      let counted = 7
      const { layer, sent } = simulated((_, now) => {
        if (now - windowStart >= 1_000) {
          windowStart = now
          counted = 0
        }
        if (counted >= 10) return { status: 429, headers: rateHeaders(10, 0, 1_000) }
        counted++
        return { status: 200, headers: rateHeaders(10, 10 - counted, 1_000) }
      }, { rateLimit: { limit: 10, interval: 1_000, margin: 0 } })
      yield* run(layer, 1, 6, 3_000)
      // After the first answer (2 left) the client counts the other app's 7: it sends one more, keeps one request
      // of headroom while someone else spends the budget, and waits for the window to reopen (the server's at 1000;
      // its own, counting each request until 1000 after it ended, at 1010).
      expect(sent.map((s) => s.at)).toEqual([0, 10, 1_010, 1_020, 1_030, 1_040])
      expect(sent.filter((s) => s.status === 429)).toHaveLength(0)
    }))

  it.effect("X-RateLimit-Max lowers the configured limit (a sandbox token on default settings)", () =>
    Effect.gen(function*() {
      const { layer, sent } = simulated(() => ({ status: 200, headers: { "x-ratelimit-max": "3" } }), {
        rateLimit: { limit: 100, interval: 1_000, margin: 0 },
        latencyMs: 10
      })
      yield* run(layer, 1, 5, 3_000)
      // Three requests, each ending 10 after its send; the fourth when the first has been over for 1000.
      expect(sent.map((s) => s.at)).toEqual([0, 10, 20, 1_010, 1_020])
    }))
})

describe("the response headers", () => {
  const value = FastCheck.oneof(
    FastCheck.constant(undefined),
    FastCheck.constantFrom("", " ", "0", " 7 ", "abc", "1e3", "-1", "Infinity", "Wed, 02 Dec 2026 15:00:10 GMT"),
    FastCheck.nat({ max: 300_000 }).map(String),
    FastCheck.double({ min: 0, max: 100, noNaN: true }).map((n) => n.toFixed(2))
  )
  const names = [
    "x-ratelimit-max",
    "x-ratelimit-remaining",
    "x-ratelimit-interval-milliseconds",
    "x-ratelimit-daily-remaining",
    "x-ratelimit-daily-reset",
    "retry-after"
  ] as const

  it.prop(
    "the window reads from every response what RateLimit.fromHeaders reads (without building RateLimitInfo)",
    [FastCheck.tuple(...names.map(() => value)), FastCheck.constantFrom(200, 429, 503)],
    ([values, status]) => {
      const headers = new Headers()
      names.forEach((name, i) => {
        const raw = values[i]
        if (raw !== undefined) headers.set(name, raw)
      })
      const response = HttpClientResponse.fromWeb(
        HttpClientRequest.get("https://services.leadconnectorhq.com/x"),
        new Response(null, { status, headers })
      )
      const now = Date.parse("2026-12-02T15:00:00Z")
      const info = RateLimit.fromHeaders(response.headers, now)
      expect(RateBudget.observationOf(response, now)).toEqual({
        status,
        limit: info.limit,
        remaining: info.remaining,
        intervalMillis: info.intervalMillis,
        dailyRemaining: info.dailyRemaining,
        dailyResetMillis: info.dailyResetMillis,
        retryAfterMillis: info.retryAfterMillis
      })
    }
  )
})

describe("the daily budget", () => {
  const daily = (remaining: number) => ({ "x-ratelimit-daily-remaining": String(remaining) })

  it.effect("at the reserve every attempt fails fast with DailyBudgetError, unsent", () =>
    Effect.gen(function*() {
      const { layer, sent } = simulated((index) => ({ status: 200, headers: daily(4 - index) }), {
        rateLimit: { limit: 100, interval: 1_000, dailyReserve: 2 }
      })
      const errors = yield* errorsOf(layer, 5, 1_000)
      // Answers report 4, 3, 2 left: the fourth call would spend the reserve, and so would the fifth.
      expect(sent).toHaveLength(3)
      expect(errors.map((error) => error._tag)).toEqual(["None", "None", "None", "Some", "Some"])
      expect(errors[3]?._tag === "Some" ? errors[3].value : undefined).toMatchObject({
        _tag: "DailyBudgetError",
        operation: "getConversation",
        remaining: 2,
        reserve: 2
      })
    }))

  it.effect("a retry never spends the reserve: the transient failure ends as DailyBudgetError", () =>
    Effect.gen(function*() {
      const { layer, sent } = simulated(
        (index) => index === 0 ? { status: 200, headers: daily(3) } : { status: 503, headers: daily(2) },
        { rateLimit: { limit: 100, interval: 1_000, dailyReserve: 2 } }
      )
      const [first, second] = yield* errorsOf(layer, 2, 10_000)
      expect(sent.map((s) => s.status)).toEqual([200, 503])
      expect(first?._tag).toBe("None")
      expect(second?._tag === "Some" ? second.value : undefined).toMatchObject({
        _tag: "DailyBudgetError",
        remaining: 2
      })
    }))

  it.effect("a daily 429 (Daily-Remaining 0) is not retried, and later calls fail before sending", () =>
    Effect.gen(function*() {
      const { layer, sent } = simulated(
        () => ({ status: 429, headers: { ...rateHeaders(100, 50, 1_000), ...daily(0) } }),
        {
          rateLimit: { limit: 100, interval: 1_000 }
        }
      )
      const [results] = yield* run(layer, 1, 3, 1_000)
      expect(sent).toHaveLength(1)
      expect(results).toEqual(["RateLimitError", "DailyBudgetError", "DailyBudgetError"])
    }))
})

describe("the sandbox setting", () => {
  it.effect("rateLimit: \"sandbox\" sends 25 per 10 s (counted from each request's answer, plus the 10 ms margin)", () =>
    Effect.gen(function*() {
      const { layer, sent } = simulated(() => ({ status: 200 }), { rateLimit: "sandbox" })
      yield* run(layer, 30, 1, 20_000)
      const times = sent.map((s) => s.at)
      expect(times.filter((at) => at === 0)).toHaveLength(25)
      expect(times.slice(25)).toEqual([10_020, 10_020, 10_020, 10_020, 10_020])
    }))

  it.effect("HIGHLEVEL_SANDBOX=true selects it from the environment; RATE_LIMIT still overrides the limit", () =>
    Effect.gen(function*() {
      const read = (env: Record<string, string>) =>
        Effect.withConfigProvider(
          ConversationsConfig.fromEnv,
          ConfigProvider.fromJson({ HIGHLEVEL: { TOKEN: "t", ...env } })
        )
      const sandbox = yield* read({ SANDBOX: "true", DAILY_RESERVE: "50" })
      const custom = yield* read({ SANDBOX: "true", RATE_LIMIT: "10" })
      const off = yield* read({ RATE_LIMIT: "0" })
      expect(sandbox.rateLimit).toMatchObject({ limit: 25, dailyLimit: 10_000, dailyReserve: 50 })
      expect(custom.rateLimit).toMatchObject({ limit: 10, dailyLimit: 10_000 })
      expect(off.rateLimit).toBe(false)
      expect(RateLimit.sandbox).toMatchObject({ limit: 25, dailyLimit: 10_000 })
    }))
})

describe("against the mock over HTTP", () => {
  for (const window of ["fixed", "sliding"] as const) {
    it.live(
      `a long listAllMessages at concurrency 8 ends with zero 429s (${window} window)`,
      () =>
        Effect.scoped(Effect.gen(function*() {
          // 20 requests per second, about 70 needed: four windows, a few seconds of real time.
          const server = yield* serveMock({
            seed: 3,
            conversations: 60,
            messagesPerConversation: 30,
            rateLimit: { burst: 20, intervalMs: 1_000, window }
          })
          const client = yield* clientOf(server, NodeHttpClient.layerUndici, {
            rateLimit: { limit: 20, interval: 1_000 },
            pageSize: 20
          })
          const messages = yield* Stream.runCount(
            client.listAllMessages({ locationId: server.mock.credentials.locationId }, { concurrency: 8 })
          )
          const journal = server.mock.control.journal()
          expect(messages).toBe(
            server.mock.store.conversationsOf(server.mock.credentials.locationId)
              .reduce((n, c) => n + server.mock.store.messagesOf(c.id).length, 0)
          )
          if (journal.some((e) => e.status === 429)) {
            console.log(JSON.stringify(journal.map((e) => [e.seq, e.time, e.status])))
          }
          expect(journal.length).toBeGreaterThan(60)
          expect(journal.filter((entry) => entry.status === 429)).toHaveLength(0)
        })),
      { timeout: 60_000 }
    )
  }
})
