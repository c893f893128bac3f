import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as TestClock from "effect/TestClock"
import * as ConversationsClient from "../src/ConversationsClient.js"
import { conversationBody } from "./utils/bodies.js"
import { fixtureServer } from "./utils/FixtureServer.js"
import { TOKEN, withFixture } from "./utils/harness.js"
import { recordingTracer } from "./utils/RecordingTracer.js"
import { scriptedClient } from "./utils/scripted.js"

describe("layerConfig", () => {
  it.live("reads token, base URL, version and location from HIGHLEVEL_* configuration", () =>
    Effect.scoped(Effect.gen(function*() {
      const server = yield* fixtureServer(() => ({ body: conversationBody }))
      const provider = ConfigProvider.fromMap(
        new Map([
          ["HIGHLEVEL_TOKEN", TOKEN],
          ["HIGHLEVEL_BASE_URL", server.baseUrl],
          ["HIGHLEVEL_API_VERSION", "2021-07-28"],
          ["HIGHLEVEL_RATE_LIMIT", "0"]
        ]),
        { pathDelim: "_" }
      )
      const conversation = yield* ConversationsClient.ConversationsClient.pipe(
        Effect.flatMap((client) => client.getConversation("conv1")),
        Effect.provide(ConversationsClient.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))),
        Effect.withConfigProvider(provider)
      )
      expect(conversation.id).toBe(conversationBody.id)
      expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`)
      expect(server.requests[0]?.headers.version).toBe("2021-07-28")
    })))

  it.effect("fails to build with a ConfigError when the token is missing", () =>
    Effect.gen(function*() {
      const exit = yield* ConversationsClient.ConversationsClient.pipe(
        Effect.provide(ConversationsClient.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))),
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map(), { pathDelim: "_" })),
        Effect.exit
      )
      expect(Exit.isFailure(exit)).toBe(true)
      expect(String(exit)).toMatch(/MissingData[\s\S]*"HIGHLEVEL",\s*"TOKEN"/)
    }))
})

describe("client-side rate limiter", () => {
  it.effect("holds requests beyond the limit until the interval passes", () =>
    Effect.gen(function*() {
      const run = scriptedClient(() => ({ status: 200, body: conversationBody }), {
        rateLimit: { limit: 2, interval: "10 seconds" }
      })
      const fiber = yield* ConversationsClient.ConversationsClient.pipe(
        Effect.flatMap((client) =>
          Effect.all([1, 2, 3, 4].map((i) => client.getConversation(`c${i}`)), { concurrency: 4 })
        ),
        Effect.provide(run.layer),
        Effect.fork
      )
      yield* TestClock.adjust("1 second")
      expect(run.urls.length).toBeLessThanOrEqual(2)
      yield* TestClock.adjust("20 seconds")
      const results = yield* Fiber.join(fiber)
      expect(results).toHaveLength(4)
      expect(run.urls).toHaveLength(4)
    }))
})

describe("spans", () => {
  it.live("one span per operation with method, path template and status, and no token anywhere", () => {
    const { spans, tracer } = recordingTracer()
    return withFixture(
      (_, i) => i === 0 ? { body: conversationBody } : { status: 404, body: {} },
      (client) =>
        Effect.gen(function*() {
          yield* client.getConversation("conv1")
          yield* Effect.either(client.getConversation("missing"))
          const operations = spans.filter((s) => s.name === "ConversationsClient.getConversation")
          expect(operations).toHaveLength(2)
          expect(operations[0]?.attributes.get("http.request.method")).toBe("GET")
          expect(operations[0]?.attributes.get("url.template")).toBe("/conversations/{conversationId}")
          expect(operations[0]?.attributes.get("http.response.status_code")).toBe(200)
          expect(operations[1]?.attributes.get("http.response.status_code")).toBe(404)
          const everything = JSON.stringify(spans.map((s) => ({
            name: s.name,
            attributes: [...s.attributes.entries()].map(([k, v]) => [k, String(v)]),
            events: s.events,
            exit: String(s.exit)
          })))
          expect(everything).not.toContain(TOKEN)
        })
    ).pipe(Effect.withTracer(tracer))
  })
})
