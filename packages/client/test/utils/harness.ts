/** Builds a client against a fixture server, with retries and the limiter off unless a test turns them on. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as ConversationsClient from "../../src/ConversationsClient.js"
import type * as ConversationsConfig from "../../src/ConversationsConfig.js"
import { type FixtureResponse, type FixtureServer, fixtureServer, type ReceivedRequest } from "./FixtureServer.js"

/** The secret every test uses: tests assert it never shows up where it must not. */
export const TOKEN = "pit-3b9f0c2e-secret-token-value"

const testOptions = (baseUrl: string): ConversationsConfig.Options => ({
  token: Redacted.make(TOKEN),
  baseUrl,
  locationId: "Lq8Zp3Xc5Vb7Nm1As2Df",
  rateLimit: false,
  retry: false
})

/** Runs `body` with a client pointed at a fresh fixture server answering with `handler`. */
export const withFixture = <A, E>(
  handler: (request: ReceivedRequest, index: number) => FixtureResponse,
  body: (client: ConversationsClient.Service, server: FixtureServer) => Effect.Effect<A, E, Scope.Scope>,
  options: Partial<ConversationsConfig.Options> = {}
): Effect.Effect<A, E> =>
  Effect.scoped(Effect.gen(function*() {
    const server = yield* fixtureServer(handler)
    const client = yield* ConversationsClient.ConversationsClient.pipe(
      Effect.provide(
        ConversationsClient.layer({ ...testOptions(server.baseUrl), ...options }).pipe(
          Layer.provide(FetchHttpClient.layer)
        )
      )
    )
    return yield* body(client, server)
  }))
