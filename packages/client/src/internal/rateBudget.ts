/**
 * The client's rate budget: every attempt (retries included) waits for a permit of the location's window
 * (internal/rateWindow.ts), under one lock so waiters go in order; every response teaches the window what the
 * server counted. A 429 pauses the whole location once, and the 429's error says how long that pause lasts, so the
 * retry policy waits until the window reopens instead of a full interval from each fiber's own 429.
 *
 * @since 0.1.0
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientFns from "@effect/platform/HttpClient"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import { type AttemptError, DailyBudgetError, RateLimitError } from "../ConversationsError.js"
import * as RateLimit from "../RateLimit.js"
import { type Observation, RateWindow, type Ticket, type WindowSettings } from "./rateWindow.js"
import type { Limiter } from "./request.js"

// The settings in milliseconds, with their defaults (a 50 ms margin, no daily reserve).
const resolve = (settings: RateLimit.Settings): WindowSettings => ({
  limit: Math.max(1, Math.floor(settings.limit)),
  intervalMillis: Duration.toMillis(settings.interval),
  marginMillis: Duration.toMillis(settings.margin ?? RateLimit.defaultMargin),
  dailyLimit: settings.dailyLimit,
  dailyReserve: settings.dailyReserve ?? 0
})

/** The window and ticket of the attempt running in this fiber, for the response hook to report to. */
const currentSend = FiberRef.unsafeMake<{ readonly window: RateWindow; readonly ticket: Ticket } | undefined>(
  undefined
)

const observationOf = (response: HttpClientResponse.HttpClientResponse, now: number): Observation => {
  const info = RateLimit.fromHeaders(response.headers, now)
  return {
    status: response.status,
    limit: info.limit,
    remaining: info.remaining,
    intervalMillis: info.intervalMillis,
    dailyRemaining: info.dailyRemaining,
    dailyResetMillis: info.dailyResetMillis,
    retryAfterMillis: info.retryAfterMillis
  }
}

/**
 * The response hook: every response of an attempt that holds a permit reports its rate-limit headers to that
 * permit's window, whatever its status (a 429 included, before it becomes an error).
 *
 * @internal
 */
export const observeResponses = <E, R>(client: HttpClient.HttpClient.With<E, R>): HttpClient.HttpClient.With<E, R> =>
  HttpClientFns.transformResponse(
    client,
    (response) =>
      Effect.flatMap(FiberRef.get(currentSend), (send) =>
        send === undefined ?
          response :
          Effect.tap(response, (received) =>
            Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Effect.sync(() => send.window.observe(send.ticket, observationOf(received, now), now)))))
  )

// A 429's own hint (`Retry-After`, else a full interval when none remain) made shared: the time until the location's
// pause ends, which every fiber of the location waits for alike.
const withSharedPause = (window: RateWindow, error: RateLimitError, now: number): RateLimitError =>
  new RateLimitError({
    operation: error.operation,
    status: error.status,
    messages: error.messages,
    rateLimit: error.rateLimit,
    ...(error.traceId !== undefined ? { traceId: error.traceId } : {}),
    ...(error.body !== undefined ? { body: error.body } : {}),
    retryAfterMillis: Math.max(0, window.pauseEnd - now)
  })

/**
 * Makes the limiter of one location from its settings.
 *
 * @internal
 */
export const make = (settings: RateLimit.Settings): Effect.Effect<Limiter> =>
  Effect.gen(function*() {
    const lock = yield* Effect.makeSemaphore(1)
    // Opened whenever an attempt ends: a waiter whose window is full of requests in flight has no time to sleep
    // until, only that event.
    const ended = yield* Effect.makeLatch(false)
    const window = new RateWindow(resolve(settings))

    // One waiter at a time, in arrival order: it sleeps until its send time while holding the lock, then checks again
    // (a 429 or a header may have moved that time while it slept). Each pass waits, so the loop always ends.
    const permit = (operation: string) =>
      lock.withPermits(1)(Effect.gen(function*() {
        while (true) {
          const now = yield* Clock.currentTimeMillis
          if (window.dailySpent(now)) {
            return yield* new DailyBudgetError({
              operation,
              remaining: window.dailyRemaining(now) ?? 0,
              reserve: window.reserve
            })
          }
          const at = window.nextSendAt(now)
          if (at <= now) return window.send(now)
          yield* ended.close
          yield* Number.isFinite(at) ? Effect.race(Effect.sleep(Duration.millis(at - now)), ended.await) : ended.await
        }
      }))

    const settle = (ticket: Ticket) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.zipRight(Effect.sync(() => window.settle(ticket, now)), ended.open))

    const limit: Limiter = (attempt, operation) =>
      Effect.uninterruptibleMask((restore) =>
        Effect.flatMap(restore(permit(operation)), (ticket) =>
          restore(Effect.locally(attempt, currentSend, { window, ticket })).pipe(
            Effect.ensuring(settle(ticket)),
            Effect.catchIf(
              (error: AttemptError): error is RateLimitError =>
                error._tag === "RateLimitError",
              (error) =>
                Effect.flatMap(Clock.currentTimeMillis, (now) =>
                  Effect.fail(withSharedPause(window, error, now)))
            )
          ))
      )
    return limit
  })
