/**
 * HighLevel's rate-limit headers, parsed.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

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

const headerNumber = (headers: Readonly<Record<string, string | undefined>>, name: string): number | undefined => {
  const raw = headers[name]
  if (raw === undefined || raw.trim() === "") return undefined
  const value = Number(raw)
  return Number.isFinite(value) ? value : undefined
}

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
