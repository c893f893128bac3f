import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { readFileSync } from "node:fs"
import { Conversation, ConversationSummary, SearchConversationsPage } from "../src/Conversation.js"
import type * as ConversationsClient from "../src/ConversationsClient.js"
import { LenientDateTime } from "../src/internal/schema.js"
import { Message, MessagesPageFromWire, MessageType } from "../src/Message.js"
import { callMessage, message } from "./utils/bodies.js"
import { withFixture } from "./utils/harness.js"

// Derived from HighLevel's OpenAPI file by packages/contract/scripts (source commit recorded inside).
const spec = JSON.parse(readFileSync(new URL("./fixtures/spec-examples.json", import.meta.url), "utf8")) as {
  readonly examples: Record<string, Record<string, unknown>>
}
const example = (operation: string, status: string): unknown => spec.examples[operation]?.[status]

describe("the documented examples of the OpenAPI file decode", () => {
  it("get-conversation 200 (with its odd `type: 0`, kept as an unknown channel)", () => {
    const conversation = Schema.decodeUnknownSync(Conversation)(example("get-conversation", "200"))
    expect(conversation.id).toBe("ve9EPM428kjkvShlRW1KT")
    expect(conversation.type).toBe("TYPE_UNKNOWN_0")
  })

  it("get-messages 200 (flat, `messageType: \"SMS\"`, documented meta)", () => {
    const page = Schema.decodeUnknownSync(MessagesPageFromWire)(example("get-messages", "200"))
    expect(page.nextPage).toBe(true)
    expect(page.messages[0]?.messageType).toBe("SMS")
    expect(page.messages[0]?.meta?.call).toEqual({ duration: 120, status: "completed" })
  })

  it("search-conversation 200", () => {
    const page = Schema.decodeUnknownSync(SearchConversationsPage)(example("search-conversation", "200"))
    expect(page.total).toBe(100)
    expect(page.conversations[0]?.type).toBe("TYPE_PHONE")
  })

  // Each documented error example through the operation it documents, at that operation's route.
  const operations: Record<
    "get-conversation" | "get-messages" | "search-conversation",
    readonly [string, (client: ConversationsClient.Service) => Effect.Effect<unknown, { readonly _tag: string }>]
  > = {
    "get-conversation": ["/conversations/x", (client: ConversationsClient.Service) => client.getConversation("x")],
    "get-messages": ["/conversations/x/messages", (client: ConversationsClient.Service) => client.getMessagesPage("x")],
    "search-conversation": [
      "/conversations/search",
      (client: ConversationsClient.Service) => client.searchConversationsPage({})
    ]
  }
  for (
    const [operation, status, tag] of [
      ["get-conversation", "400", "InvalidRequestError"],
      ["get-conversation", "401", "UnauthorizedError"],
      ["search-conversation", "400", "InvalidRequestError"],
      ["get-messages", "401", "UnauthorizedError"]
    ] as const
  ) {
    it.live(`${operation} ${status} becomes ${tag}`, () =>
      withFixture(
        () => ({ status: Number(status), body: example(operation, status) }),
        (client, server) =>
          Effect.gen(function*() {
            const [route, call] = operations[operation]
            expect(example(operation, status)).toBeDefined()
            const error = yield* Effect.flip(call(client))
            expect(error._tag).toBe(tag)
            expect(server.requests.map((request) => request.path)).toEqual([route])
          })
      ))
  }
})

describe("the real-traffic shapes decode (API-NOTES D1–D9)", () => {
  it("wrapped messages page with meta.call, an unknown field and traceId", () => {
    const page = Schema.decodeUnknownSync(MessagesPageFromWire)({
      messages: { lastMessageId: "callMsg0000000000001", nextPage: false, messages: [callMessage] },
      traceId: "abc"
    })
    expect(page.traceId).toBe("abc")
    expect(page.messages[0]?.meta).toEqual({ call: { duration: 42, status: "completed" } })
    expect(page.messages[0]?.body).toBeUndefined()
  })

  it("a call duration sent as a numeric string", () => {
    const decoded = Schema.decodeUnknownSync(Message)({ ...callMessage, meta: { call: { duration: "17" } } })
    expect(decoded.meta?.call?.duration).toBe(17)
  })

  it("email meta keeps the thread's message ids", () => {
    const decoded = Schema.decodeUnknownSync(Message)({
      ...message(1),
      type: 3,
      messageType: "TYPE_EMAIL",
      meta: { email: { messageIds: ["e1", "e2"] } }
    })
    expect(decoded.meta?.email?.messageIds).toEqual(["e1", "e2"])
  })

  it("unknown enum values are kept, not rejected", () => {
    const decoded = Schema.decodeUnknownSync(Message)({
      ...message(1),
      messageType: "TYPE_CARRIER_PIGEON",
      status: "levitating",
      direction: "sideways",
      source: "telepathy"
    })
    expect(decoded.messageType).toBe("TYPE_CARRIER_PIGEON")
    expect(decoded.status).toBe("levitating")
  })

  it("search documents with epoch-ms numbers, numeric strings and ISO strings as dates", () => {
    const decode = Schema.decodeUnknownSync(ConversationSummary)
    const base = { id: "c", contactId: "k", locationId: "l" }
    const ms = 1711563229000
    for (const value of [ms, String(ms), new Date(ms).toISOString()]) {
      const summary = decode({ ...base, lastMessageDate: value, type: 1, sort: [ms] })
      expect(summary.lastMessageDate && DateTime.toEpochMillis(summary.lastMessageDate)).toBe(ms)
      expect(summary.type).toBe("TYPE_PHONE")
    }
  })

  it("a malformed body fails with the path of the bad field", () => {
    const result = Schema.decodeUnknownEither(SearchConversationsPage)({
      conversations: [{ id: "c", contactId: "k", locationId: "l" }, { id: 7, contactId: "k", locationId: "l" }],
      total: 2
    })
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) expect(result.left.message).toContain("[1]")
  })
})

describe("schema properties", () => {
  it.prop("an open enum accepts any string", [FastCheck.string()], ([value]) => {
    expect(Either.isRight(Schema.decodeUnknownEither(MessageType)(value))).toBe(true)
  })

  it.prop("epoch-ms dates round-trip through every accepted form", [
    FastCheck.integer({ min: 0, max: 4_102_444_800_000 })
  ], ([ms]) => {
    const decode = Schema.decodeUnknownSync(Message)
    for (const dateAdded of [ms, String(ms), new Date(ms).toISOString()]) {
      expect(DateTime.toEpochMillis(decode({ ...message(0), dateAdded }).dateAdded)).toBe(ms)
    }
  })

  // Each model with a documented body it decodes: random JSON rarely decodes, that body with one field replaced by
  // random JSON (or dropped) often does, so both outcomes are exercised.
  const models = [
    ["Conversation", Conversation, example("get-conversation", "200")],
    ["MessagesPageFromWire", MessagesPageFromWire, example("get-messages", "200")],
    ["SearchConversationsPage", SearchConversationsPage, example("search-conversation", "200")]
  ] as const
  const withOneFieldChanged = (base: unknown) => {
    const fields = typeof base === "object" && base !== null ? Object.keys(base) : []
    return FastCheck.tuple(FastCheck.constantFrom(...fields, "unknownField"), FastCheck.option(FastCheck.jsonValue()))
      .map(([key, value]) => ({ ...(base as object), [key]: value ?? undefined }))
  }

  for (const [name, schema, base] of models) {
    const decode = Schema.decodeUnknownEither(schema as Schema.Schema<unknown, unknown>)
    const encode = Schema.encodeEither(schema as Schema.Schema<unknown, unknown>)
    it.prop(
      `${name}: any JSON decodes to a value whose encoding is stable, or fails naming its issues`,
      [FastCheck.oneof(FastCheck.jsonValue(), withOneFieldChanged(base))],
      ([json]) => {
        const result = decode(json)
        if (Either.isLeft(result)) {
          // What DecodeError reports: at least one issue, each with a message.
          const issues = ParseResult.ArrayFormatter.formatErrorSync(result.left)
          expect(issues.length).toBeGreaterThan(0)
          expect(issues.filter((issue) => issue.message === "")).toEqual([])
          return
        }
        // A decoded value encodes, and its encoding decodes and encodes back to itself.
        const encoded = encode(result.right)
        expect(Either.isRight(encoded)).toBe(true)
        if (Either.isLeft(encoded)) return
        expect(Either.flatMap(decode(encoded.right), encode)).toEqual(Either.right(encoded.right))
      }
    )
  }
})

describe("LenientDateTime, the one date transformation", () => {
  // The union it replaced, member by member: the reference for what it accepts and what it decodes to.
  const reference = Schema.Union(
    Schema.DateTimeUtcFromNumber,
    Schema.compose(Schema.NumberFromString, Schema.DateTimeUtcFromNumber),
    Schema.DateTimeUtc
  )
  const decode = Schema.decodeUnknownEither(LenientDateTime)
  const decodeReference = Schema.decodeUnknownEither(reference)
  const epochMillis = FastCheck.integer({ min: -9e15, max: 9e15 })
  const inputs = FastCheck.oneof(
    epochMillis,
    FastCheck.double(),
    epochMillis.map(String),
    FastCheck.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms).toISOString()),
    FastCheck.constantFrom(" 1711563229000 ", "1e12", "0x10", "-0", "NaN", "Infinity", "", " ", "2024", "2024-03-27"),
    FastCheck.constantFrom("2024-03-27T18:13:49+02:00", "2024-02-30T25:61:00Z", "yesterday", "8640000000000001"),
    FastCheck.string({ maxLength: 8 }),
    FastCheck.constantFrom(null, true, [], {})
  )

  it.prop("accepts what the union accepted and decodes it to the same instant", [inputs], ([input]) => {
    const [ours, theirs] = [decode(input), decodeReference(input)]
    expect(Either.isRight(ours)).toBe(Either.isRight(theirs))
    if (Either.isRight(ours) && Either.isRight(theirs)) {
      expect(DateTime.isUtc(ours.right)).toBe(true)
      expect(DateTime.toEpochMillis(ours.right)).toBe(DateTime.toEpochMillis(theirs.right))
    }
  })

  it.prop("encodes as epoch ms, as the union's first member did", [epochMillis], ([ms]) => {
    const date = DateTime.make(ms)
    if (date._tag === "None" || !DateTime.isUtc(date.value)) {
      expect(Either.isLeft(decode(ms))).toBe(true)
      return
    }
    expect(Schema.encodeSync(LenientDateTime)(date.value)).toBe(Schema.encodeSync(reference)(date.value))
    expect(Schema.encodeSync(LenientDateTime)(date.value)).toBe(ms)
  })

  it("names the bad value in its failure", () => {
    const result = Schema.decodeUnknownEither(Message)({ ...message(0), dateAdded: "not a date" })
    expect(Either.isLeft(result) && result.left.message).toContain(`"not a date"`)
  })
})
