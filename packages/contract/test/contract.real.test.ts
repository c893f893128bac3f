/**
 * Target 3: the real HighLevel API, read-only (GET requests only), when `HIGHLEVEL_TOKEN` and `HIGHLEVEL_LOCATION_ID`
 * are set; otherwise the file says why it does nothing. Optional: `HIGHLEVEL_BASE_URL`,
 * `HIGHLEVEL_OTHER_LOCATION_ID` (a location the token may not read; a made-up id by default) and
 * `HIGHLEVEL_TOKEN_WITHOUT_MESSAGES_SCOPE` (a token of the same location lacking `conversations/message.readonly`,
 * for the missing-scope case) and `HIGHLEVEL_RATE_LIMIT` (the token's burst limit per 10 s, default 100).
 */
import { describe } from "@effect/vitest"
import { env, realTarget } from "./contract/realTarget.js"
import { contractSuite } from "./contract/suite.js"

const token = env("HIGHLEVEL_TOKEN")
const locationId = env("HIGHLEVEL_LOCATION_ID")
const withoutMessagesScope = env("HIGHLEVEL_TOKEN_WITHOUT_MESSAGES_SCOPE")
const hasCreds = token !== undefined && locationId !== undefined

if (!hasCreds) {
  console.info(
    "contract suite against the real HighLevel API: skipped (set HIGHLEVEL_TOKEN and HIGHLEVEL_LOCATION_ID to run it)"
  )
}

const target = realTarget(token ?? "", locationId ?? "")

describe.skipIf(!hasCreds)("real HighLevel API", () => {
  contractSuite("contract: real HighLevel API (read-only)", target, {
    mock: false,
    tokenWithoutMessagesScope: withoutMessagesScope !== undefined
  })
})
