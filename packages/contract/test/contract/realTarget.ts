/**
 * Target 3: the real HighLevel API (used only when credentials are given; see contract.real.test.ts and
 * contract.writes.real.test.ts).
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as RateLimiter from "effect/RateLimiter"
import * as Redacted from "effect/Redacted"
import { Target } from "./Target.js"

/** A `HIGHLEVEL_*` variable, blank counted as unset. */
export const env = (name: string): string | undefined => {
  const value = process.env[name]?.trim()
  return value === undefined || value === "" ? undefined : value
}

/**
 * The real API as a target for the token and location given (the read suite: `HIGHLEVEL_LOCATION_ID`; the writes:
 * the sandbox location). Optional settings come from the same `HIGHLEVEL_*` variables.
 */
export const realTarget = (token: string, locationId: string) =>
  Layer.scoped(
    Target,
    Effect.gen(function*() {
      // One limiter for every client of the suite. A token bucket of half the burst limit lets at most the whole limit
      // through in any 10-s window, however the server aligns its windows (HIGHLEVEL_RATE_LIMIT: 25 for trial tokens).
      const burst = Number(env("HIGHLEVEL_RATE_LIMIT") ?? "100")
      const limiter = yield* RateLimiter.make({ limit: Math.max(1, Math.floor(burst / 2)), interval: "10 seconds" })
      return {
        name: "real" as const,
        baseUrl: env("HIGHLEVEL_BASE_URL") ?? "https://services.leadconnectorhq.com",
        locationId,
        token: Redacted.make(token),
        otherLocationId: env("HIGHLEVEL_OTHER_LOCATION_ID") ?? "contractSuiteNoSuchLoc",
        tokenWithoutMessagesScope: Option.map(
          Option.fromNullable(env("HIGHLEVEL_TOKEN_WITHOUT_MESSAGES_SCOPE")),
          Redacted.make
        ),
        transport: yield* HttpClient.HttpClient,
        pace: limiter,
        exchanges: [],
        mock: Option.none()
      }
    })
  ).pipe(Layer.provide(FetchHttpClient.layer))
