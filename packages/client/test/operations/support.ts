/** Clients of the operation tests, against a {@link RawServer}: limiter off, no retries unless a test turns them on. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as ConversationsClient from "../../src/ConversationsClient.js"
import type * as ConversationsConfig from "../../src/ConversationsConfig.js"
import { TOKEN } from "../utils/harness.js"

/** The default location of the test clients. */
export const LOCATION = "Lq8Zp3Xc5Vb7Nm1As2Df"

/** A client of `baseUrl` over `transport` (fetch by default), built into the caller's scope. */
export const clientAt = (
  baseUrl: string,
  options: Partial<ConversationsConfig.Options> = {},
  transport: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer
): Effect.Effect<ConversationsClient.Service, never, Scope.Scope> =>
  Effect.gen(function*() {
    // Built into the caller's scope: `Effect.provide(layer)` would close undici's dispatcher once `make` returned.
    const http = yield* Layer.build(transport)
    return yield* ConversationsClient.make({
      token: Redacted.make(TOKEN),
      baseUrl,
      locationId: LOCATION,
      rateLimit: false,
      retry: false,
      timeout: "2 seconds",
      ...options
    }).pipe(Effect.provide(http))
  })
