import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as OfflineDev from "../../src/OfflineDev.js"

/**
 * The application exactly as the demo composes it, forced onto the mock (whatever HIGHLEVEL_* the environment holds,
 * no test reaches the internet), plus the Node file system for the export.
 */
export const mockApp = (options: Omit<OfflineDev.MockOptions, "mode"> = {}) =>
  Layer.merge(
    // Rate limits off by default: a suite makes hundreds of requests, and the limits have tests of their own.
    OfflineDev.appLayer(NodeHttpClient.layerUndici, { mode: "mock", rateLimit: false, ...options }),
    NodeContext.layer
  )

/** The running mock behind the app. */
export const theMock = Effect.flatMap(
  OfflineDev.CurrentBackend,
  (backend) =>
    backend._tag === "Mock" ? Effect.succeed(backend) : Effect.dieMessage("the tests must run against the mock")
)
