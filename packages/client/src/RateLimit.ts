/**
 * HighLevel's rate limits: the client's settings for its rate budget, and the `X-RateLimit-*` headers, parsed.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Schema from "effect/Schema"

/**
 * The client's rate budget for one location. Every attempt, retries included, waits until sending it keeps every
 * span of `interval` (plus `margin`) at `limit` requests or fewer: a sliding window over the requests (each counted
 * from its send to its answer, its arrival being in between), which satisfies a server counting fixed
 * windows as well as one counting sliding ones. The server's `X-RateLimit-Max`,
 * `-Remaining` and `-Interval-Milliseconds` on every response tighten it (requests another process spent on the
 * location count too), a 429 pauses every request of the location until the window reopens, and
 * `X-RateLimit-Daily-Remaining` at or below `dailyReserve` fails every attempt with `DailyBudgetError` before it is
 * sent.
 *
 * @since 0.1.0
 * @category models
 */
export interface Settings {
  /** Requests per `interval` (HighLevel: 100; sandbox and trial tokens: 25). The server's `-Max` may lower it. */
  readonly limit: number
  /** The burst window (HighLevel: 10 s). The server's `-Interval-Milliseconds` may lengthen it. */
  readonly interval: Duration.DurationInput
  /**
   * Added to every window (default 10 ms). A request counts from its send until `interval` after its answer came (the
   * server counted it in between), so the margin only covers clocks and timers that are not quite exact; it delays
   * every window by as much.
   */
  readonly margin?: Duration.DurationInput | undefined
  /** The daily budget (HighLevel: 200,000; sandbox: 10,000), the estimate until a response reports the real one. */
  readonly dailyLimit?: number | undefined
  /**
   * Daily requests never spent (default 0): once the server's `X-RateLimit-Daily-Remaining`, less the requests sent
   * since, is at or below it, every attempt (a retry included) fails with `DailyBudgetError` instead of being sent.
   */
  readonly dailyReserve?: number | undefined
}

/**
 * The margin added to every window by default.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMargin: Duration.Duration = Duration.millis(10)

/**
 * HighLevel's limits for an app on a location: 100 requests per 10 s, 200,000 a day. The client's default.
 *
 * @since 0.1.0
 * @category constants
 */
export const production: Settings = { limit: 100, interval: Duration.seconds(10), dailyLimit: 200_000 }

/**
 * HighLevel's limits for sandbox and trial Private Integration Tokens: 25 requests per 10 s, 10,000 a day
 * (`rateLimit: "sandbox"`, or `HIGHLEVEL_SANDBOX=true`).
 *
 * @since 0.1.0
 * @category constants
 */
export const sandbox: Settings = { limit: 25, interval: Duration.seconds(10), dailyLimit: 10_000 }

/**
 * What the `X-RateLimit-*` headers (and an undocumented `Retry-After`) of a response said. Every field is optional:
 * a proxy's error page has none of them.
 *
 * @since 0.1.0
 * @category models
 */
export class RateLimitInfo extends Schema.Class<RateLimitInfo>("@highlevel-effect/client/RateLimitInfo")({
  /** `X-RateLimit-Max`: requests allowed per burst interval. */
  limit: Schema.optional(Schema.Number),
  /** `X-RateLimit-Remaining`: requests left in the current burst interval. */
  remaining: Schema.optional(Schema.Number),
  /** `X-RateLimit-Interval-Milliseconds`: the length of the burst interval. */
  intervalMillis: Schema.optional(Schema.Number),
  /** `X-RateLimit-Limit-Daily`: requests allowed per day. */
  dailyLimit: Schema.optional(Schema.Number),
  /** `X-RateLimit-Daily-Remaining`: requests left today; at 0 retrying is pointless. */
  dailyRemaining: Schema.optional(Schema.Number),
  /** `X-RateLimit-Daily-Reset`: milliseconds until the daily budget resets (some clients read it). */
  dailyResetMillis: Schema.optional(Schema.Number),
  /** `Retry-After`, in milliseconds from when the response arrived. */
  retryAfterMillis: Schema.optional(Schema.Number)
}) {}

/**
 * Parses a numeric header value (`X-RateLimit-Remaining: 42`): `undefined` when absent, blank or not a finite number.
 * It runs on every response (the rate budget reads four headers each), so a blank value is only checked for when
 * `Number` reads it as 0.
 *
 * @since 0.2.0
 * @category parsing
 */
export const parseHeaderNumber = (raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined
  const value = Number(raw)
  if (!Number.isFinite(value)) return undefined
  return value === 0 && raw.trim() === "" ? undefined : value
}

const headerNumber = (headers: Readonly<Record<string, string | undefined>>, name: string): number | undefined =>
  parseHeaderNumber(headers[name])

/**
 * Parses a `Retry-After` value, delay-seconds or an HTTP date, into milliseconds from `now`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseRetryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/**
 * Reads the rate-limit headers of a response (header names in lower case, as platform `Headers` keep them).
 *
 * @since 0.1.0
 * @category parsing
 */
export const fromHeaders = (headers: Readonly<Record<string, string | undefined>>, now: number): RateLimitInfo => {
  const fields = {
    limit: headerNumber(headers, "x-ratelimit-max"),
    remaining: headerNumber(headers, "x-ratelimit-remaining"),
    intervalMillis: headerNumber(headers, "x-ratelimit-interval-milliseconds"),
    dailyLimit: headerNumber(headers, "x-ratelimit-limit-daily"),
    dailyRemaining: headerNumber(headers, "x-ratelimit-daily-remaining"),
    dailyResetMillis: headerNumber(headers, "x-ratelimit-daily-reset"),
    retryAfterMillis: parseRetryAfter(headers["retry-after"], now)
  }
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
  return new RateLimitInfo(defined, { disableValidation: true })
}
