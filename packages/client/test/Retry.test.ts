import { describe, expect, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as ConversationsClient from "../src/ConversationsClient.js"
import type * as RetryPolicy from "../src/RetryPolicy.js"
import { conversationBody } from "./utils/bodies.js"
import { type Scripted, scriptedClient, type ScriptedRun } from "./utils/scripted.js"

const ok: Scripted = { status: 200, body: conversationBody }
const tooMany = (headers: Record<string, string> = {}): Scripted => ({ status: 429, body: {}, headers })

/** One getConversation through the scripted client of `run`. */
const getConversation = (run: ScriptedRun) =>
  ConversationsClient.ConversationsClient.pipe(
    Effect.flatMap((client) => client.getConversation("conv1")),
    Effect.provide(run.layer)
  )

/** Forks a getConversation, lets `advance` pass on the TestClock, and reports the outcome and the attempts. */
const runFor = (
  script: ReadonlyArray<Scripted>,
  advance: Duration.DurationInput,
  retry?: Partial<RetryPolicy.Options>
) =>
  Effect.gen(function*() {
    const run = scriptedClient((i) => script[Math.min(i, script.length - 1)] ?? ok, retry ? { retry } : {})
    const fiber = yield* getConversation(run).pipe(Effect.either, Effect.fork)
    yield* TestClock.adjust(advance)
    const outcome = yield* Fiber.poll(fiber)
    return {
      outcome: Option.map(outcome, (exit) => exit._tag === "Success" ? exit.value : undefined),
      attempts: run.urls.length
    }
  })

describe("retry", () => {
  it.effect("retries a 503 with backoff and succeeds", () =>
    Effect.gen(function*() {
      const { attempts, outcome } = yield* runFor([{ status: 503 }, { status: 503 }, ok], "10 seconds")
      expect(attempts).toBe(3)
      expect(Option.getOrThrow(outcome)?._tag).toBe("Right")
    }))

  it.effect("retries a transport failure", () =>
    Effect.gen(function*() {
      const { attempts, outcome } = yield* runFor(["network-error", ok], "5 seconds")
      expect(attempts).toBe(2)
      expect(Option.getOrThrow(outcome)?._tag).toBe("Right")
    }))

  it.effect("waits at least Retry-After before the next attempt", () =>
    Effect.gen(function*() {
      const run = scriptedClient((i) => i === 0 ? tooMany({ "retry-after": "5" }) : ok)
      const fiber = yield* Effect.fork(getConversation(run))
      yield* TestClock.adjust("4900 millis")
      expect(run.urls).toHaveLength(1)
      yield* TestClock.adjust("200 millis")
      expect(run.urls).toHaveLength(2)
      const conversation = yield* Fiber.join(fiber)
      expect(conversation.id).toBe(conversationBody.id)
    }))

  // The TestClock starts at epoch 0: a date 5 s after it asks for the same wait as "5".
  const fiveSecondsFromNow = new Date(5_000).toUTCString()
  for (
    const [status, form, retryAfter] of [
      [503, "seconds", "5"],
      [429, "an HTTP date", fiveSecondsFromNow],
      [503, "an HTTP date", fiveSecondsFromNow]
    ] as const
  ) {
    it.effect(`waits at least Retry-After given as ${form} on a ${status}`, () =>
      Effect.gen(function*() {
        const run = scriptedClient((i) => i === 0 ? { status, body: {}, headers: { "retry-after": retryAfter } } : ok)
        const fiber = yield* Effect.fork(getConversation(run))
        yield* TestClock.adjust("4900 millis")
        expect(run.urls).toHaveLength(1)
        yield* TestClock.adjust("200 millis")
        expect(run.urls).toHaveLength(2)
        const conversation = yield* Fiber.join(fiber)
        expect(conversation.id).toBe(conversationBody.id)
      }))
  }

  it.effect("retries a 408 (Request Timeout) and succeeds", () =>
    Effect.gen(function*() {
      const { attempts, outcome } = yield* runFor([{ status: 408, body: {} }, ok], "5 seconds")
      expect(attempts).toBe(2)
      expect(Option.getOrThrow(outcome)?._tag).toBe("Right")
    }))

  it.effect("waits the rate-limit interval when X-RateLimit-Remaining is 0", () =>
    Effect.gen(function*() {
      const run = scriptedClient((i) =>
        i === 0 ? tooMany({ "x-ratelimit-remaining": "0", "x-ratelimit-interval-milliseconds": "8000" }) : ok
      )
      const fiber = yield* Effect.fork(getConversation(run))
      yield* TestClock.adjust("7900 millis")
      expect(run.urls).toHaveLength(1)
      yield* TestClock.adjust("200 millis")
      yield* Fiber.join(fiber)
      expect(run.urls).toHaveLength(2)
    }))

  it.effect("does not retry once the daily budget is 0", () =>
    Effect.gen(function*() {
      const { attempts, outcome } = yield* runFor([tooMany({ "x-ratelimit-daily-remaining": "0" }), ok], "1 minute")
      expect(attempts).toBe(1)
      const result = Option.getOrThrow(outcome)
      expect(result?._tag === "Left" && result.left._tag).toBe("RateLimitError")
    }))

  it.effect("gives up when the server asks for more than maxRetryAfter", () =>
    Effect.gen(function*() {
      const { attempts, outcome } = yield* runFor([tooMany({ "retry-after": "120" }), ok], "5 minutes")
      expect(attempts).toBe(1)
      const result = Option.getOrThrow(outcome)
      expect(result?._tag === "Left" && result.left).toMatchObject({ _tag: "RateLimitError", retryAfterMillis: 120000 })
    }))

  it.effect("stops after maxRetries and surfaces the last error", () =>
    Effect.gen(function*() {
      const { attempts, outcome } = yield* runFor([{ status: 500 }], "10 minutes", { maxRetries: 2 })
      expect(attempts).toBe(3)
      const result = Option.getOrThrow(outcome)
      expect(result?._tag === "Left" && result.left._tag).toBe("ServerError")
    }))

  it.effect("never waits more than maxTotalWait in total", () =>
    Effect.gen(function*() {
      // Each 429 asks for 4 s; a 10 s budget allows two waits (8 s), not a third.
      const { attempts } = yield* runFor([tooMany({ "retry-after": "4" })], "10 minutes", {
        maxRetries: 10,
        maxTotalWait: Duration.seconds(10)
      })
      expect(attempts).toBe(3)
    }))

  for (const status of [400, 401, 403, 404, 422]) {
    it.effect(`does not retry a ${status}`, () =>
      Effect.gen(function*() {
        const { attempts } = yield* runFor([{ status, body: { message: "no" } }, ok], "1 minute")
        expect(attempts).toBe(1)
      }))
  }

  it.effect("backs off exponentially from baseDelay, jittered within 80–120 %", () =>
    Effect.gen(function*() {
      const run = scriptedClient((i) => i < 2 ? { status: 503 } : ok, { retry: { baseDelay: "1 second" } })
      const fiber = yield* Effect.fork(getConversation(run))
      yield* TestClock.adjust("790 millis")
      expect(run.urls).toHaveLength(1) // first wait is 0.8–1.2 s
      yield* TestClock.adjust("420 millis")
      expect(run.urls).toHaveLength(2)
      // The second wait is 1.6–2.4 s after the second attempt (at 0.8–1.2 s): the third lands in 2.4–3.6 s.
      yield* TestClock.adjust("1180 millis") // t = 2.39 s
      expect(run.urls).toHaveLength(2)
      yield* TestClock.adjust("1220 millis") // t = 3.61 s
      expect(run.urls).toHaveLength(3)
      yield* Fiber.join(fiber)
    }))

  it.effect("accepts a Schedule of the user's own", () =>
    Effect.gen(function*() {
      const run = scriptedClient(() => ({ status: 500 }), { retry: Schedule.recurs(5) })
      const error = yield* Effect.flip(getConversation(run))
      expect(error._tag).toBe("ServerError")
      expect(run.urls).toHaveLength(6)
    }))
})
