/**
 * The writes suite on the real HighLevel API: it sends messages, so it runs only with an explicit opt-in that names a
 * sandbox: `HIGHLEVEL_SANDBOX_WRITES=1`, `HIGHLEVEL_TOKEN` (a token of that location with the write scopes),
 * `HIGHLEVEL_SANDBOX_LOCATION_ID` and `HIGHLEVEL_SANDBOX_CONTACT_ID` (a test contact of it; SMS are sent to it, one
 * is scheduled and cancelled). Creation and deletion of conversations, the provider app's writes, uploads, typing,
 * preferences and the token/scope sweep stay mock-only. Otherwise the file says why it does nothing.
 */
import { describe } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { env, realTarget } from "./contract/realTarget.js"
import { writesSuite } from "./contract/writesSuite.js"

const token = env("HIGHLEVEL_TOKEN")
const locationId = env("HIGHLEVEL_SANDBOX_LOCATION_ID")
const contactId = env("HIGHLEVEL_SANDBOX_CONTACT_ID")
const optedIn = env("HIGHLEVEL_SANDBOX_WRITES") === "1"
const enabled = optedIn && token !== undefined && locationId !== undefined && contactId !== undefined

if (!enabled) {
  console.info(
    "contract writes against the real HighLevel API: skipped (they send messages: set HIGHLEVEL_SANDBOX_WRITES=1, " +
      "HIGHLEVEL_TOKEN, HIGHLEVEL_SANDBOX_LOCATION_ID and HIGHLEVEL_SANDBOX_CONTACT_ID to run them)"
  )
}

describe.skipIf(!enabled)("real HighLevel API, sandbox writes", () => {
  writesSuite(
    "contract writes: real HighLevel API (sandbox)",
    realTarget(token ?? "", locationId ?? ""),
    Effect.succeed({ contactId: contactId ?? "", lonelyContactId: Option.none() }),
    { mock: false }
  )
})
