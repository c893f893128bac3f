/**
 * Target 1: the mock in-process. msw's `setupServer` intercepts the client's fetch, so a file using it talks to no socket
 * (and must never share a file with a real-HTTP target: msw would intercept that traffic too).
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { HighLevelMock } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { setupServer } from "msw/node"
import { Target } from "./Target.js"

/** The target as a Layer (one instance per test file that provides it). */
export const mswTarget = Layer.scoped(
  Target,
  Effect.gen(function*() {
    // No rate limit: the suite sends a few hundred requests in seconds; the client's limiter is tested elsewhere.
    const mock = HighLevelMock.make({ seed: 42, rateLimit: false })
    const server = setupServer(...mock.handlers)
    yield* Effect.acquireRelease(
      Effect.sync(() => server.listen({ onUnhandledRequest: "error" })),
      () => Effect.sync(() => server.close())
    )
    const [primary, other] = mock.locations
    if (primary === undefined || other === undefined) return yield* Effect.dieMessage("the seed has no two locations")
    return {
      name: "msw" as const,
      // Never resolvable (.test is reserved): a request msw does not intercept cannot reach anything.
      baseUrl: "http://highlevel.mock.test",
      locationId: primary.locationId,
      token: Redacted.make(primary.tokens.full),
      otherLocationId: other.locationId,
      tokenWithoutMessagesScope: Option.some(Redacted.make(primary.tokens.withoutMessagesScope)),
      transport: yield* HttpClient.HttpClient,
      pace: (effect) => effect,
      exchanges: [],
      mock: Option.some({ store: mock.store, locations: mock.locations })
    }
  })
).pipe(Layer.provide(FetchHttpClient.layer))
