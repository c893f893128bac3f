/**
 * Target 2: the mock over real HTTP, in another process started and stopped by this file (the CLI a developer
 * runs), reached through undici. No msw here: it would intercept this traffic.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import { HighLevelMock } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { spawnMock } from "./spawnMock.js"
import { Target } from "./Target.js"

const seed = 42

// Just what the suite needs from GET /__mock/locations (the mock's control API).
const Locations = Schema.Struct({
  locations: Schema.Array(Schema.Struct({
    locationId: Schema.String,
    tokens: Schema.Struct({ full: Schema.String, withoutMessagesScope: Schema.String })
  }))
})

/** The target as a Layer (one instance per test file that provides it). */
export const httpTarget = Layer.scoped(
  Target,
  Effect.gen(function*() {
    const started = yield* spawnMock(["--seed", String(seed), "--no-rate-limit"])
    const transport = yield* HttpClient.HttpClient
    const { locations } = yield* transport.get(`${started.baseUrl}/__mock/locations`).pipe(
      Effect.flatMap((response) => response.json),
      Effect.flatMap(Schema.decodeUnknown(Locations)),
      Effect.scoped
    )
    const other = locations.find((location) => location.locationId !== started.locationId)
    const primary = locations.find((location) => location.locationId === started.locationId)
    if (other === undefined || primary === undefined) return yield* Effect.dieMessage("the mock has no two locations")
    // The mock is deterministic: a twin built in-process from the same seed holds the same data, which is what the
    // mock-only assertions compare with. The tokens prove it is the same seed.
    const twin = HighLevelMock.make({ seed, rateLimit: false })
    if (twin.credentials.token !== started.token) return yield* Effect.dieMessage("the twin mock differs")
    return {
      name: "http" as const,
      baseUrl: started.baseUrl,
      locationId: started.locationId,
      token: Redacted.make(started.token),
      otherLocationId: other.locationId,
      tokenWithoutMessagesScope: Option.some(Redacted.make(primary.tokens.withoutMessagesScope)),
      transport,
      pace: (effect) => effect,
      exchanges: [],
      mock: Option.some({ store: twin.store, locations: twin.locations })
    }
  })
).pipe(Layer.provide(NodeHttpClient.layerUndici))
