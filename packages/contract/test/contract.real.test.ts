/**
 * Target 3: the real HighLevel API, read-only (GET requests only), when `HIGHLEVEL_TOKEN` and `HIGHLEVEL_LOCATION_ID`
 * are set; otherwise the file says why it does nothing. Optional: `HIGHLEVEL_BASE_URL`,
 * `HIGHLEVEL_OTHER_LOCATION_ID` (a location the token may not read; a made-up id by default) and
 * `HIGHLEVEL_TOKEN_WITHOUT_MESSAGES_SCOPE` (a token of the same location lacking `conversations/message.readonly`,
 * for the missing-scope case) and `HIGHLEVEL_RATE_LIMIT` (the token's burst limit per 10 s, default 100).
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { describe } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as RateLimiter from "effect/RateLimiter"
import * as Redacted from "effect/Redacted"
import { contractSuite } from "./contract/suite.js"
import { Target } from "./contract/Target.js"

const env = (name: string): string | undefined => {
  const value = process.env[name]?.trim()
  return value === undefined || value === "" ? undefined : value
}

const token = env("HIGHLEVEL_TOKEN")
const locationId = env("HIGHLEVEL_LOCATION_ID")
const withoutMessagesScope = env("HIGHLEVEL_TOKEN_WITHOUT_MESSAGES_SCOPE")
const hasCreds = token !== undefined && locationId !== undefined

if (!hasCreds) {
  console.info(
    "contract suite against the real HighLevel API: skipped (set HIGHLEVEL_TOKEN and HIGHLEVEL_LOCATION_ID to run it)"
  )
}

const target = Layer.scoped(
  Target,
  Effect.gen(function*() {
    // One limiter for every client of the suite. A token bucket of half the burst limit lets at most the whole limit
    // through in any 10-s window, however the server aligns its windows (HIGHLEVEL_RATE_LIMIT: 25 for trial tokens).
    const burst = Number(env("HIGHLEVEL_RATE_LIMIT") ?? "100")
    const limiter = yield* RateLimiter.make({ limit: Math.max(1, Math.floor(burst / 2)), interval: "10 seconds" })
    return {
      name: "real" as const,
      baseUrl: env("HIGHLEVEL_BASE_URL") ?? "https://services.leadconnectorhq.com",
      locationId: locationId ?? "",
      token: Redacted.make(token ?? ""),
      otherLocationId: env("HIGHLEVEL_OTHER_LOCATION_ID") ?? "contractSuiteNoSuchLoc",
      tokenWithoutMessagesScope: Option.map(Option.fromNullable(withoutMessagesScope), Redacted.make),
      transport: yield* HttpClient.HttpClient,
      pace: limiter,
      exchanges: [],
      mock: Option.none()
    }
  })
).pipe(Layer.provide(FetchHttpClient.layer))

describe.skipIf(!hasCreds)("real HighLevel API", () => {
  contractSuite("contract: real HighLevel API (read-only)", target, {
    mock: false,
    tokenWithoutMessagesScope: withoutMessagesScope !== undefined
  })
})
