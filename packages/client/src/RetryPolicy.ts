/**
 * When and how long the client waits before trying a request again.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import * as ScheduleDecision from "effect/ScheduleDecision"
import * as ScheduleInterval from "effect/ScheduleInterval"
import type { AttemptError } from "./ConversationsError.js"

/**
 * The knobs of the default retry policy.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Retries after the first attempt (default 3). */
  readonly maxRetries: number
  /** The first backoff delay, doubled on each retry and jittered to 80–120 % (default 250 ms). */
  readonly baseDelay: Duration.DurationInput
  /** The largest computed backoff delay (default 10 s). A server hint may ask for more, up to `maxRetryAfter`. */
  readonly maxDelay: Duration.DurationInput
  /** A `Retry-After` (or rate-limit interval) longer than this is not waited for: the error surfaces (default 30 s). */
  readonly maxRetryAfter: Duration.DurationInput
  /** The most the policy waits in total across all retries of one request (default 60 s). */
  readonly maxTotalWait: Duration.DurationInput
}

/**
 * The defaults: 3 retries, 250 ms doubling, 10 s cap, hints honoured up to 30 s, 60 s in total.
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaults: Options = {
  maxRetries: 3,
  baseDelay: Duration.millis(250),
  maxDelay: Duration.seconds(10),
  maxRetryAfter: Duration.seconds(30),
  maxTotalWait: Duration.seconds(60)
}

/**
 * Whether a failure is worth another attempt: rate limits (unless the daily budget is spent), 5xx, 408 and transport
 * failures. Client mistakes (400/401/403/404/422) and decode failures are not: retrying cannot fix them.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isTransient = (error: AttemptError): boolean => {
  switch (error._tag) {
    case "RateLimitError":
      return error.rateLimit.dailyRemaining !== 0
    case "ServerError":
    case "TransportError":
      return true
    case "UnexpectedStatusError":
      return error.status === 408
    default:
      return false
  }
}

/**
 * Whether a method is safe to send twice. `GET`, `HEAD`, `PUT` and `DELETE` are (a `PUT` sets, a `DELETE` removes:
 * a second one finds the same state); `POST` and `PATCH` are not, and HighLevel has no idempotency keys.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isIdempotent = (method: string): boolean => method !== "POST" && method !== "PATCH"

/**
 * Whether a failure proves the request never reached the server, so even a write that is not idempotent may be
 * sent again: a 429 (the rate limiter refused it; unless the daily budget is spent), or a connection that failed
 * before the request was written (`TransportError` with `beforeSend`: refused, unknown host, connect timeout).
 *
 * @since 0.1.0
 * @category predicates
 */
export const neverReachedServer = (error: AttemptError): boolean => {
  switch (error._tag) {
    case "RateLimitError":
      return error.rateLimit.dailyRemaining !== 0
    case "TransportError":
      return error.beforeSend === true
    default:
      return false
  }
}

/**
 * Whether a failure is worth another attempt for a request of `method`: for an idempotent method whatever
 * {@link isTransient} says; for a `POST` only a failure that {@link neverReachedServer}.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (method: string, error: AttemptError): boolean =>
  isIdempotent(method) ? isTransient(error) : neverReachedServer(error)

/**
 * Whether a failure of a request of `method` leaves its outcome unknown: a `POST` that was sent and then timed out,
 * lost its connection or got a 5xx. Such a failure is never retried and surfaces as `WriteOutcomeUnknownError`.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isOutcomeUnknown = (method: string, error: AttemptError): boolean =>
  !isIdempotent(method) &&
  (error._tag === "ServerError" || (error._tag === "TransportError" && error.beforeSend !== true))

/**
 * A retry schedule for requests of `method`: the schedule itself for an idempotent method, and for a `POST` the same
 * schedule stopped at the first failure that does not prove the request {@link neverReachedServer}.
 *
 * @since 0.1.0
 * @category constructors
 */
export const forMethod = <Out, R>(
  method: string,
  schedule: Schedule.Schedule<Out, AttemptError, R>
): Schedule.Schedule<Out, AttemptError, R> =>
  isIdempotent(method) ? schedule : Schedule.whileInput(schedule, neverReachedServer)

/**
 * The wait the server asked for, if any: `Retry-After`, else the burst interval when no requests remain.
 *
 * @since 0.1.0
 * @category predicates
 */
export const serverHintMillis = (error: AttemptError): number | undefined => {
  switch (error._tag) {
    case "RateLimitError":
      return error.retryAfterMillis
    case "ServerError":
      return error.retryAfterMillis
    default:
      return undefined
  }
}

interface State {
  readonly retries: number
  readonly waitedMillis: number
}

/**
 * The default retry schedule: exponential backoff with jitter over transient failures, waiting at least what the
 * server hints, and stopping when the attempts or the total wait would exceed their bounds, when a hint exceeds
 * `maxRetryAfter`, or at once for a failure that is not transient. Its output is the delay it chose.
 *
 * @since 0.1.0
 * @category constructors
 */
export const schedule = (options: Partial<Options> = {}): Schedule.Schedule<Duration.Duration, AttemptError> => {
  const policy = { ...defaults, ...options }
  const base = Duration.toMillis(policy.baseDelay)
  const cap = Duration.toMillis(policy.maxDelay)
  const maxHint = Duration.toMillis(policy.maxRetryAfter)
  const budget = Duration.toMillis(policy.maxTotalWait)
  return Schedule.makeWithState<State, AttemptError, Duration.Duration>(
    { retries: 0, waitedMillis: 0 },
    (now, error, state) =>
      Effect.map(Random.nextRange(0.8, 1.2), (jitter) => {
        const hint = serverHintMillis(error)
        const backoff = Math.min(cap, base * 2 ** state.retries) * jitter
        const delay = Math.round(Math.max(backoff, hint ?? 0))
        const stop = !isTransient(error) ||
          state.retries >= policy.maxRetries ||
          (hint !== undefined && hint > maxHint) ||
          state.waitedMillis + delay > budget
        return [
          { retries: state.retries + 1, waitedMillis: state.waitedMillis + delay },
          Duration.millis(delay),
          stop ? ScheduleDecision.done : ScheduleDecision.continueWith(ScheduleInterval.after(now + delay))
        ] as const
      })
  )
}
