import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as ConversationsClient from "../src/ConversationsClient.js"
import * as ConversationsError from "../src/ConversationsError.js"
import { conversationBody } from "./utils/bodies.js"
import { closedPort } from "./utils/closedPort.js"
import { TOKEN, withFixture } from "./utils/harness.js"

const failWith = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  withFixture(() => ({ status, body, headers }), (client) => Effect.flip(client.getConversation("conv1")))

describe("error statuses map to one typed error each, keeping status, traceId and the raw body", () => {
  it.live("400 → InvalidRequestError", () =>
    Effect.gen(function*() {
      const error = yield* failWith(400, { statusCode: 400, message: "Version header is required", traceId: "t-400" })
      expect(error._tag).toBe("InvalidRequestError")
      if (error._tag !== "InvalidRequestError") return
      expect(error.status).toBe(400)
      expect(error.messages).toEqual(["Version header is required"])
      expect(error.traceId).toBe("t-400")
      expect(error.body).toContain("Version header is required")
    }))

  it.live("422 with a message array → InvalidRequestError with every message", () =>
    Effect.gen(function*() {
      const error = yield* failWith(422, {
        statusCode: 422,
        message: ["property foo should not exist", "limit must not be greater than 100"],
        error: "Unprocessable Entity"
      })
      expect(error).toMatchObject({
        _tag: "InvalidRequestError",
        status: 422,
        messages: ["property foo should not exist", "limit must not be greater than 100"]
      })
    }))

  it.live("each field of an error body is read on its own: one of another shape is ignored, not the whole body", () =>
    Effect.gen(function*() {
      const odd = yield* failWith(400, { message: 42, error: "Bad Request", traceId: 7 })
      expect(odd).toMatchObject({ _tag: "InvalidRequestError", messages: ["Bad Request"] })
      expect(odd).not.toHaveProperty("traceId")
      const mixed = yield* failWith(422, { message: ["limit must be a number", 3, null], traceId: "t-422" })
      expect(mixed).toMatchObject({ messages: ["limit must be a number"], traceId: "t-422" })
      const notAnObject = yield* failWith(400, ["Bad Request"])
      expect(notAnObject).toMatchObject({ _tag: "InvalidRequestError", messages: [] })
    }))

  it.live("401 invalid token → UnauthorizedError(invalid_token)", () =>
    Effect.gen(function*() {
      const error = yield* failWith(401, { statusCode: 401, message: "Invalid JWT" })
      expect(error).toMatchObject({ _tag: "UnauthorizedError", reason: "invalid_token", status: 401 })
    }))

  it.live("401 missing scope → UnauthorizedError(missing_scope)", () =>
    Effect.gen(function*() {
      const error = yield* failWith(401, { statusCode: 401, message: "The token is not authorized for this scope." })
      expect(error).toMatchObject({ _tag: "UnauthorizedError", reason: "missing_scope" })
    }))

  it.live("403 → ForbiddenError", () =>
    Effect.gen(function*() {
      const error = yield* failWith(403, {
        statusCode: 403,
        message: "The token does not have access to this location."
      })
      expect(error).toMatchObject({ _tag: "ForbiddenError", status: 403 })
    }))

  it.live("404 → NotFoundError", () =>
    Effect.gen(function*() {
      const error = yield* failWith(404, { statusCode: 404, message: "Conversation not found", traceId: "t-404" })
      expect(error).toMatchObject({ _tag: "NotFoundError", traceId: "t-404", messages: ["Conversation not found"] })
    }))

  it.live("429 → RateLimitError with the parsed X-RateLimit-* headers and Retry-After", () =>
    Effect.gen(function*() {
      const error = yield* failWith(429, { statusCode: 429, message: "Too Many Requests" }, {
        "x-ratelimit-max": "100",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-interval-milliseconds": "10000",
        "x-ratelimit-limit-daily": "200000",
        "x-ratelimit-daily-remaining": "199000",
        "retry-after": "3"
      })
      expect(error._tag).toBe("RateLimitError")
      if (error._tag !== "RateLimitError") return
      expect(error.retryAfterMillis).toBe(3000)
      expect({ ...error.rateLimit }).toEqual({
        limit: 100,
        remaining: 0,
        intervalMillis: 10000,
        dailyLimit: 200000,
        dailyRemaining: 199000,
        retryAfterMillis: 3000
      })
    }))

  it.live("429 without Retry-After waits the burst interval when none remain", () =>
    Effect.gen(function*() {
      const error = yield* failWith(429, {}, {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-interval-milliseconds": "7000"
      })
      expect(error).toMatchObject({ _tag: "RateLimitError", retryAfterMillis: 7000 })
    }))

  it.live("5xx → ServerError, even with an HTML proxy page", () =>
    Effect.gen(function*() {
      const error = yield* failWith(502, "<html><body>502 Bad Gateway</body></html>", { "content-type": "text/html" })
      expect(error).toMatchObject({ _tag: "ServerError", status: 502, messages: [] })
      if (error._tag === "ServerError") expect(error.body).toContain("Bad Gateway")
    }))

  it.live("an undocumented status → UnexpectedStatusError", () =>
    Effect.gen(function*() {
      const error = yield* failWith(409, { message: "conflict" })
      expect(error).toMatchObject({ _tag: "UnexpectedStatusError", status: 409 })
    }))

  it.live("a refused connection → TransportError(network)", () =>
    Effect.gen(function*() {
      const error = yield* withFixture(() => ({}), (client) => Effect.flip(client.getConversation("x")), {
        baseUrl: `http://127.0.0.1:${yield* closedPort}`
      })
      expect(error).toMatchObject({ _tag: "TransportError", reason: "network" })
    }))

  it.live("a slow server → TransportError(timeout) after the configured timeout", () =>
    Effect.gen(function*() {
      // The server must really be slow: a fast client reads a local answer within a millisecond.
      const error = yield* withFixture(() => ({ body: conversationBody, delayMs: 500 }), (client) =>
        Effect.flip(client.getConversation("x")), { timeout: "50 millis" })
      expect(error).toMatchObject({ _tag: "TransportError", reason: "timeout" })
    }))

  it.live("a 200 that is not JSON → DecodeError at the root", () =>
    Effect.gen(function*() {
      const error = yield* failWith(200, "<html>maintenance</html>")
      expect(error).toMatchObject({ _tag: "DecodeError", path: "", detail: "the body is not JSON" })
    }))

  it.live("a 200 with a bad field → DecodeError naming its path", () =>
    withFixture(() => ({
      body: {
        messages: {
          lastMessageId: "m",
          nextPage: false,
          messages: [{
            id: "m",
            type: 2,
            messageType: "TYPE_SMS",
            locationId: "l",
            contactId: "c",
            conversationId: "x",
            direction: "inbound",
            dateAdded: "not a date"
          }]
        },
        traceId: "t-decode"
      }
    }), (client) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(client.getMessagesPage("x"))
        expect(error).toMatchObject({
          _tag: "DecodeError",
          path: "messages.messages[0].dateAdded",
          traceId: "t-decode"
        })
      })))
})

describe("invalid input fails before anything is sent", () => {
  const cases: ReadonlyArray<
    [string, (client: ConversationsClient.Service) => Effect.Effect<unknown, unknown>]
  > = [
    ["an empty conversation id", (c) => c.getConversation("")],
    ["a blank conversation id", (c) => c.getMessagesPage("   ")],
    ["a dot-segment id", (c) => c.getConversation("..")],
    ["an id with a control character", (c) => c.getMessagesPage("conv\u00001")],
    ["limit 0", (c) => c.getMessagesPage("conv1", { limit: 0 })],
    ["limit 101", (c) => c.searchConversationsPage({ limit: 101 })],
    ["a fractional limit", (c) => c.getMessagesPage("conv1", { limit: 2.5 })],
    ["an unknown message type", (c) => c.getMessagesPage("conv1", { type: ["TYPE_PIGEON" as "TYPE_SMS"] })],
    ["an unknown sort", (c) => c.searchConversationsPage({ sort: "sideways" as "asc" })],
    ["an unknown status", (c) => c.searchConversationsPage({ status: "archived" as "all" })],
    [
      "an unknown parameter",
      (c) => c.searchConversationsPage({ locationId: "l", colour: "red" } as { locationId: string })
    ],
    ["an empty assignedTo list", (c) => c.searchConversationsPage({ assignedTo: [] as unknown as ["a"] })],
    ["a non-finite startAfterDate", (c) => c.searchConversationsPage({ startAfterDate: Number.NaN })]
  ]
  for (const [name, call] of cases) {
    it.live(`${name} → InvalidInputError, no request`, () =>
      withFixture(() => ({ body: {} }), (client, server) =>
        Effect.gen(function*() {
          const result = yield* Effect.either(call(client))
          expect(Either.isLeft(result) && (result.left as { _tag: string })._tag).toBe("InvalidInputError")
          expect(server.requests).toHaveLength(0)
        })))
  }

  it.live("a search without any location → InvalidInputError", () =>
    withFixture(() => ({ body: {} }), (client, server) =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(client.searchConversationsPage({}))
        expect(error).toMatchObject({ _tag: "InvalidInputError" })
        expect(server.requests).toHaveLength(0)
      }), { locationId: undefined }))
})

describe("the token never leaks", () => {
  it.live("into any error's message, string or JSON form", () =>
    Effect.gen(function*() {
      const statuses = [400, 401, 403, 404, 422, 429, 500, 409]
      for (const status of statuses) {
        const error = yield* failWith(status, { statusCode: status, message: "nope" })
        expect(String(error)).not.toContain(TOKEN)
        expect(error.message).not.toContain(TOKEN)
        expect(JSON.stringify(error)).not.toContain(TOKEN)
        expect(JSON.stringify(error.toJSON())).not.toContain(TOKEN)
      }
      const transport = yield* withFixture(() => ({}), (client) => Effect.flip(client.getConversation("x")), {
        baseUrl: `http://127.0.0.1:${yield* closedPort}`
      })
      expect(transport).toMatchObject({ _tag: "TransportError", reason: "network" })
      expect(JSON.stringify(transport) + String(transport)).not.toContain(TOKEN)
    }))
})

describe("isConversationsError", () => {
  it.live("is true for every error an operation fails with, and false for anything else", () =>
    Effect.gen(function*() {
      const errors = [
        yield* failWith(400, {}),
        yield* failWith(401, {}),
        yield* failWith(403, {}),
        yield* failWith(404, {}),
        yield* failWith(409, {}),
        yield* failWith(429, {}),
        yield* failWith(503, {}),
        yield* failWith(200, "not json"),
        yield* withFixture(() => ({}), (client) => Effect.flip(client.getConversation("")))
      ]
      expect(errors.map((error) => error._tag)).toEqual([
        "InvalidRequestError",
        "UnauthorizedError",
        "ForbiddenError",
        "NotFoundError",
        "UnexpectedStatusError",
        "RateLimitError",
        "ServerError",
        "DecodeError",
        "InvalidInputError"
      ])
      expect(errors.every(ConversationsError.isConversationsError)).toBe(true)
      const others = [
        new Error("plain"),
        { _tag: "NotFoundError", status: 404 },
        "NotFoundError",
        null,
        undefined,
        JSON.parse(
          JSON.stringify(new ConversationsError.TransportError({ operation: "x", reason: "network", detail: "" }))
        )
      ]
      expect(others.map(ConversationsError.isConversationsError)).toEqual([false, false, false, false, false, false])
      expect(
        ConversationsError.isConversationsError(
          new ConversationsError.PaginationStalled({ operation: "x", cursor: "c" })
        )
      ).toBe(true)
    }))
})
