/**
 * The settings of the client, from code or from the environment.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import type { AttemptError } from "./ConversationsError.js"
import * as RateLimit from "./RateLimit.js"
import type * as RetryPolicy from "./RetryPolicy.js"
import type { TokenProvider } from "./TokenProvider.js"

/**
 * HighLevel's production API.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultBaseUrl = "https://services.leadconnectorhq.com"

/**
 * The `Version` header the Conversations docs list.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultApiVersion = "2021-04-15"

/**
 * The client-side rate budget: HighLevel's limits per app per location (100 per 10 s, 200,000 a day).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultRateLimit: RateLimit.Settings = RateLimit.production

/**
 * The largest response body the client reads, 16 MiB: a 100-message page is about 100 KB, so this only stops a
 * broken or hostile server from filling the memory.
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultMaxBodyBytes = 16 * 1024 * 1024

/**
 * Everything the client can be told. Only `token` is required.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** A Private Integration Token or OAuth access token (kept `Redacted`), or a refreshing {@link TokenProvider}. */
  readonly token: Redacted.Redacted<string> | TokenProvider
  /** Defaults to {@link defaultBaseUrl}; point it at the mock for offline development. */
  readonly baseUrl?: string | undefined
  /** The `Version` header; defaults to {@link defaultApiVersion}. */
  readonly apiVersion?: string | undefined
  /** The location searched when a search names none. */
  readonly locationId?: string | undefined
  /**
   * The time one attempt may take, body included (default 30 s); a timeout is a transient `TransportError`. The
   * attempt's request is aborted through the `AbortSignal` the transport gets from `HttpClient.make`: every
   * `@effect/platform` transport honours it, and an `HttpClient` of your own must too.
   */
  readonly timeout?: Duration.DurationInput | undefined
  /**
   * Retries of transient failures: the default policy's knobs, a schedule of your own (its input is the failure),
   * or `false` for none.
   */
  readonly retry?: Partial<RetryPolicy.Options> | Schedule.Schedule<unknown, AttemptError> | false | undefined
  /**
   * The client-side rate budget ({@link RateLimit.Settings}): every attempt waits for a permit (default
   * {@link RateLimit.production}, 100 per 10 s); `"sandbox"` for sandbox and trial tokens (25 per 10 s, 10,000 a
   * day); `false` turns it off.
   */
  readonly rateLimit?: RateLimit.Settings | "sandbox" | false | undefined
  /** The page size streams request (1..100, default 100: fewer requests for the same data). */
  readonly pageSize?: number | undefined
  /**
   * The largest response body read, in bytes (default {@link defaultMaxBodyBytes}; `Infinity` for no limit). A
   * larger successful body fails with `ResponseTooLargeError` (not retried) and is not read further: a
   * `Content-Length` above the limit before any of it, a body without one at the limit. A failure status keeps its
   * own error, built from the part of the body within the limit.
   */
  readonly maxBodyBytes?: number | undefined
}

// The preset (sandbox or production), then an explicit limit over it; 0 turns the budget off.
const rateLimitOf = (env: {
  readonly rateLimit: Option.Option<number>
  readonly rateLimitInterval: Duration.Duration
  readonly sandbox: boolean
  readonly dailyReserve: number
}): RateLimit.Settings | false => {
  const preset = env.sandbox ? RateLimit.sandbox : RateLimit.production
  const limit = Option.getOrElse(env.rateLimit, () => preset.limit)
  if (limit <= 0) return false
  return { ...preset, limit, interval: env.rateLimitInterval, dailyReserve: env.dailyReserve }
}

/**
 * Reads the options from configuration, by default the environment:
 *
 * | variable | default |
 * | --- | --- |
 * | `HIGHLEVEL_TOKEN` | required (redacted) |
 * | `HIGHLEVEL_BASE_URL` | `https://services.leadconnectorhq.com` |
 * | `HIGHLEVEL_API_VERSION` | `2021-04-15` |
 * | `HIGHLEVEL_LOCATION_ID` | none |
 * | `HIGHLEVEL_TIMEOUT` | `30 seconds` |
 * | `HIGHLEVEL_MAX_RETRIES` | `3` |
 * | `HIGHLEVEL_MAX_RETRY_AFTER` | `30 seconds` |
 * | `HIGHLEVEL_RATE_LIMIT` | `100` (requests per interval; `0` turns the limiter off) |
 * | `HIGHLEVEL_RATE_LIMIT_INTERVAL` | `10 seconds` |
 * | `HIGHLEVEL_SANDBOX` | `false` (`true`: a sandbox or trial token, 25 per 10 s and 10,000 a day, unless `RATE_LIMIT` is set) |
 * | `HIGHLEVEL_DAILY_RESERVE` | `0` (daily requests never spent) |
 * | `HIGHLEVEL_MAX_BODY_BYTES` | `16777216` (16 MiB) |
 *
 * @since 0.1.0
 * @category config
 */
export const fromEnv: Config.Config<Options> = Config.all({
  token: Config.redacted("TOKEN"),
  baseUrl: Config.string("BASE_URL").pipe(Config.withDefault(defaultBaseUrl)),
  apiVersion: Config.string("API_VERSION").pipe(Config.withDefault(defaultApiVersion)),
  locationId: Config.option(Config.string("LOCATION_ID")),
  timeout: Config.duration("TIMEOUT").pipe(Config.withDefault(Duration.seconds(30))),
  maxRetries: Config.integer("MAX_RETRIES").pipe(Config.withDefault(3)),
  maxRetryAfter: Config.duration("MAX_RETRY_AFTER").pipe(Config.withDefault(Duration.seconds(30))),
  rateLimit: Config.option(Config.integer("RATE_LIMIT")),
  rateLimitInterval: Config.duration("RATE_LIMIT_INTERVAL").pipe(
    Config.withDefault(Duration.decode(defaultRateLimit.interval))
  ),
  sandbox: Config.boolean("SANDBOX").pipe(Config.withDefault(false)),
  dailyReserve: Config.integer("DAILY_RESERVE").pipe(Config.withDefault(0)),
  maxBodyBytes: Config.integer("MAX_BODY_BYTES").pipe(
    Config.validate({ message: "Expected a positive number of bytes", validation: (bytes) => bytes > 0 }),
    Config.withDefault(defaultMaxBodyBytes)
  )
}).pipe(
  Config.nested("HIGHLEVEL"),
  Config.map((env): Options => ({
    token: env.token,
    baseUrl: env.baseUrl,
    apiVersion: env.apiVersion,
    locationId: Option.getOrUndefined(env.locationId),
    timeout: env.timeout,
    retry: { maxRetries: env.maxRetries, maxRetryAfter: env.maxRetryAfter },
    rateLimit: rateLimitOf(env),
    maxBodyBytes: env.maxBodyBytes
  }))
)
