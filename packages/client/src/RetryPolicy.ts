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
