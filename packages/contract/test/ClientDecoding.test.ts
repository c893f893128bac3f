import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { describe, expect, it } from "@effect/vitest"
import { Conversation, ConversationsClient, type ConversationsError, Message } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import { Json } from "../src/JsonSchema.js"
import type { Endpoint } from "../src/PublishedSchemas.js"
import * as RecordedFixtures from "../src/RecordedFixtures.js"

// The client under test, answering every request with one canned response: the path from bytes on the wire to the
// client's typed result is the real one, only the network is replaced.
const clientAnswering = (status: number, body: Json) =>
  ConversationsClient.layer({
    token: Redacted.make("contract-test-token"),
    baseUrl: "http://127.0.0.1:9",
    locationId: "Lq3VbN8sPz1kR4tYw7Xe",
    retry: false,
    rateLimit: false
  }).pipe(Layer.provide(Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.succeed(HttpClientResponse.fromWeb(
        request,
        new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })
      ))
    )
  )))

// Calls the operation of `endpoint` and reports what came back: the decoded value or the failure's tag.
const call = (
  endpoint: Endpoint,
  status: number,
  body: Json
): Effect.Effect<Either.Either<unknown, ConversationsError.ConversationsError>> =>
  Effect.gen(function*() {
    const client = yield* ConversationsClient.ConversationsClient
    switch (endpoint) {
      case "get-conversation":
        return yield* Effect.either(client.getConversation("Hq7rT2mXc9LpB4sNw1Vd"))
      case "get-messages":
        return yield* Effect.either(client.getMessagesPage("Hq7rT2mXc9LpB4sNw1Vd"))
      case "search-conversation":
        return yield* Effect.either(client.searchConversationsPage({}))
      default:
        // The recorded fixtures are of the three reads only.
        return yield* Effect.dieMessage(`no recorded fixture for ${endpoint}`)
    }
  }).pipe(Effect.provide(clientAnswering(status, body)))

const expectedTag: Record<number, string> = {
  400: "InvalidRequestError",
  401: "UnauthorizedError",
  403: "ForbiddenError",
  404: "NotFoundError",
  422: "InvalidRequestError",
  429: "RateLimitError"
}

const count = (body: Json, endpoint: Endpoint): number => {
  const list = (value: Json | undefined): number => Array.isArray(value) ? value.length : -1
  if (typeof body !== "object" || body === null || Array.isArray(body)) return -1
  if (endpoint === "search-conversation") return list(body["conversations"])
  const messages = body["messages"]
  return Array.isArray(messages) ?
    messages.length :
    typeof messages === "object" && messages !== null
    ? list(messages["messages"])
    : -1
}

const decodedCount = (value: unknown): number =>
  value instanceof Message.MessagesPage
    ? value.messages.length
    : value instanceof Conversation.SearchConversationsPage
    ? value.conversations.length
    : -1

const messagesOf = (value: unknown) => value instanceof Message.MessagesPage ? value : undefined

const searchOf = (value: unknown) => value instanceof Conversation.SearchConversationsPage ? value : undefined

describe("the client decodes every recorded fixture", () => {
  it.effect.each(RecordedFixtures.load())("$file", ({ fixture }) =>
    Effect.gen(function*() {
      const result = yield* call(fixture.endpoint, fixture.status, fixture.body)
      if (fixture.status < 300) {
        expect(result._tag).toBe("Right")
        if (result._tag === "Right" && fixture.endpoint !== "get-conversation") {
          expect(decodedCount(result.right)).toBe(count(fixture.body, fixture.endpoint))
        }
      } else {
        expect(result._tag === "Left" ? result.left._tag : "Right").toBe(expectedTag[fixture.status])
      }
    }))

  it.effect("keeps what real traffic adds: traceId, meta.call, epoch-ms dates, sort, unknown enum values", () =>
    Effect.gen(function*() {
      const fixture = (file: string) => {
        const found = RecordedFixtures.load().find((named) => named.file === file)
        if (found === undefined) throw new Error(`no fixture ${file}`)
        return found.fixture
      }
      const wrapped = fixture("get-messages.200.wrapped-last-page-string-duration.json")
      const page = messagesOf(Either.getOrUndefined(yield* call("get-messages", 200, wrapped.body)))
      expect(page?.traceId).toBe("a7d3e9c1-52b8-4f06-9e4a-c2b18f7d6053")
      expect(page?.messages.map((message) => message.meta?.call?.duration)).toEqual([37, 21.5])

      const search = yield* call("search-conversation", 200, fixture("search.200.page-with-sort.json").body)
      const first = searchOf(Either.getOrUndefined(search))?.conversations[0]
      expect(first?.sort).toEqual([1758210115417])
      expect(first?.lastMessageDate?.epochMillis).toBe(1758210115417)

      const odd = yield* call("search-conversation", 200, fixture("search.200.unknown-enums.json").body)
      const oddFirst = searchOf(Either.getOrUndefined(odd))?.conversations[0]
      expect([oddFirst?.type, oddFirst?.lastMessageType]).toEqual(["TYPE_INTERNAL_CHAT", "TYPE_THREADS_COMMENT"])

      const scope = yield* call("get-messages", 401, fixture("error.401.scope.json").body)
      expect(scope._tag === "Left" && scope.left._tag === "UnauthorizedError" ? scope.left.reason : undefined).toBe(
        "missing_scope"
      )
    }))
})

describe("the client decodes every example of HighLevel's docs", () => {
  const file = new URL("../../client/test/fixtures/spec-examples.json", import.meta.url)
  const SpecExamples = Schema.Struct({
    examples: Schema.Record({ key: Schema.String, value: Schema.Record({ key: Schema.String, value: Json }) })
  })
  const { examples } = Schema.decodeUnknownSync(SpecExamples)(JSON.parse(fs.readFileSync(file, "utf8")))
  const cases = Object.entries(examples).flatMap(([endpoint, byStatus]) =>
    Object.entries(byStatus).map(([status, body]) => ({ name: `${endpoint} ${status}`, endpoint, status, body }))
  )

  it("has the 200, 400 and 401 examples of the three endpoints", () => {
    expect(cases.map((example) => example.name).sort()).toEqual([
      "get-conversation 200",
      "get-conversation 400",
      "get-conversation 401",
      "get-messages 200",
      "get-messages 400",
      "get-messages 401",
      "search-conversation 200",
      "search-conversation 400",
      "search-conversation 401"
    ])
  })

  it.effect.each(cases)("$name", ({ endpoint, status, body }) =>
    Effect.gen(function*() {
      const operation = Schema.decodeUnknownSync(
        Schema.Literal("search-conversation", "get-conversation", "get-messages")
      )(
        endpoint
      )
      const result = yield* call(operation, Number(status), body)
      if (status === "200") expect(result._tag).toBe("Right")
      else expect(result._tag === "Left" ? result.left._tag : "Right").toBe(expectedTag[Number(status)])
    }))
})
