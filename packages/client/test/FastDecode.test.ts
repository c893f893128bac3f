/**
 * The fast decode path against the Schemas, which stay the specification: whenever the fast path returns a value it is
 * the value the Schema decodes (same class, same own keys in the same order, same values, equal by `Equal`), and
 * whenever the Schema fails the fast path returns `undefined`. On JSON (what the client feeds it) the fast path must
 * also handle every body the Schema accepts, or the client would silently run at the slow speed.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Arbitrary from "effect/Arbitrary"
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as FastCheck from "effect/FastCheck"
import * as Schema from "effect/Schema"
import { readdirSync, readFileSync } from "node:fs"
import { Conversation, ConversationSummary, SearchConversationsPage } from "../src/Conversation.js"
import * as FastDecode from "../src/internal/fastDecode.js"
import { knownMessageTypes, Message, MessagesPageFromWire } from "../src/Message.js"
import { callMessage, conversationBody, message, searchPage, summary, wrappedPage } from "./utils/bodies.js"
import { isoShaped } from "./utils/isoShaped.js"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
type Outcome = "fast" | "schema only" | "both fail"

// Prototypes by identity, so a value of another class (or a plain object) never compares equal to a class instance.
const prototypeIds = new Map<unknown, number>()
const prototypeId = (value: object): number => {
  const proto: unknown = Object.getPrototypeOf(value)
  const known = prototypeIds.get(proto)
  if (known !== undefined) return known
  prototypeIds.set(proto, prototypeIds.size)
  return prototypeIds.size - 1
}

/** Everything observable about a decoded value: prototypes, own keys in order, values, dates as epoch ms. */
const canonical = (value: unknown): unknown => {
  if (DateTime.isDateTime(value)) {
    return { dateTime: value._tag, epochMillis: value.epochMillis, proto: prototypeId(value) }
  }
  if (Array.isArray(value)) return { proto: prototypeId(value), items: value.map(canonical) }
  if (typeof value === "object" && value !== null) {
    return {
      proto: prototypeId(value),
      entries: Reflect.ownKeys(value).map((key) => [String(key), canonical(Reflect.get(value, key))])
    }
  }
  return value
}

const compare = <A, I>(fast: (u: unknown) => A | undefined, schema: Schema.Schema<A, I>) => {
  const slow = Schema.decodeUnknownEither(schema)
  const encode = Schema.encodeSync(schema)
  return (input: unknown): Outcome => {
    const fromFast = fast(input)
    const fromSchema = slow(input)
    if (Either.isLeft(fromSchema)) {
      expect(fromFast).toBeUndefined()
      return "both fail"
    }
    if (fromFast === undefined) return "schema only"
    expect(canonical(fromFast)).toStrictEqual(canonical(fromSchema.right))
    expect(fromFast).toStrictEqual(fromSchema.right)
    // The encoded forms too (`Equal.equals` would call NaN, a valid call duration, unequal to itself).
    expect(encode(fromFast)).toStrictEqual(encode(fromSchema.right))
    return "fast"
  }
}

const endpoints = {
  "get-conversation": compare(FastDecode.conversation, Conversation),
  "get-messages": compare(FastDecode.messagesPage, MessagesPageFromWire),
  "search-conversation": compare(FastDecode.searchPage, SearchConversationsPage)
} as const
type Endpoint = keyof typeof endpoints
const isEndpoint = (name: unknown): name is Endpoint => typeof name === "string" && name in endpoints

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: HighLevel's documented examples and the recorded real-traffic bodies
// ---------------------------------------------------------------------------------------------------------------

const spec = JSON.parse(readFileSync(new URL("./fixtures/spec-examples.json", import.meta.url), "utf8")) as {
  readonly examples: Record<string, Record<string, unknown>>
}
const recordedDir = new URL("../../contract/fixtures/recorded/", import.meta.url)
const recorded = readdirSync(recordedDir).filter((file) => file.endsWith(".json")).map((file) => {
  const fixture = JSON.parse(readFileSync(new URL(file, recordedDir), "utf8")) as {
    readonly endpoint: unknown
    readonly status: number
    readonly body: unknown
  }
  return { file, ...fixture }
})

describe("fixtures: the fast path agrees with the Schemas", () => {
  it("every recorded body (200s on the fast path, error bodies rejected by both)", () => {
    expect(recorded.length).toBeGreaterThanOrEqual(20)
    for (const fixture of recorded) {
      if (!isEndpoint(fixture.endpoint)) throw new Error(`unknown endpoint in ${fixture.file}`)
      const outcome = endpoints[fixture.endpoint](fixture.body)
      expect([fixture.file, outcome]).toStrictEqual([fixture.file, fixture.status === 200 ? "fast" : "both fail"])
    }
  })

  it("every documented example of the OpenAPI file", () => {
    let fast = 0
    for (const [operation, byStatus] of Object.entries(spec.examples)) {
      if (!isEndpoint(operation)) throw new Error(`unknown operation ${operation}`)
      for (const [status, body] of Object.entries(byStatus)) {
        const outcome = endpoints[operation](body)
        expect([operation, status, outcome]).toStrictEqual([
          operation,
          status,
          status === "200" ? "fast" : "both fail"
        ])
        if (outcome === "fast") fast++
      }
    }
    expect(fast).toBe(3)
  })

  it("the test bodies, one message at a time", () => {
    const single = compare(FastDecode.message, Message)
    expect(single(message(1))).toBe("fast")
    expect(single(callMessage)).toBe("fast")
    expect(endpoints["get-messages"](wrappedPage([message(1), callMessage], true))).toBe("fast")
    expect(endpoints["get-conversation"](conversationBody)).toBe("fast")
    expect(endpoints["search-conversation"](searchPage([summary(1), summary(2)], 2))).toBe("fast")
  })

  it("whatever is not plain JSON is left to the Schema", () => {
    const single = compare(FastDecode.message, Message)
    // An inherited optional field: the Schema reads own properties only, so it must not appear.
    const inherited = Object.assign(Object.create({ body: "inherited" }), message(1))
    expect(single(inherited)).toBe("schema only")
    // A key present with `undefined` (impossible in JSON): the Schema keeps the key.
    expect(single({ ...message(1), body: undefined })).toBe("schema only")
    expect(FastDecode.message(new Date())).toBeUndefined()
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Generated wire JSON, odd shapes included
// ---------------------------------------------------------------------------------------------------------------

const F = FastCheck

// What decoders most often meet in a broken response.
const hostile: FastCheck.Arbitrary<Json> = F.oneof(
  F.constantFrom<Json>(null, true, false, 0, -1, 1.5, "", " ", "null", "[]", [], {}, ["a"], { a: 1 }),
  F.jsonValue({ maxDepth: 1 }).map((value) => value as Json)
)

/** A value that is usually valid and sometimes of the wrong type. */
const field = <A extends Json>(valid: FastCheck.Arbitrary<A>): FastCheck.Arbitrary<Json> =>
  F.oneof({ weight: 40, arbitrary: valid }, { weight: 1, arbitrary: hostile })

/** An array whose elements are usually valid and sometimes of the wrong type. */
const list = (valid: FastCheck.Arbitrary<Json>, maxLength = 2): FastCheck.Arbitrary<Json> =>
  F.array(F.oneof({ weight: 15, arbitrary: valid }, { weight: 1, arbitrary: hostile }), { maxLength })

const text = F.oneof(F.string({ maxLength: 6 }), F.constantFrom("TYPE_SMS", "inbound", "completed", "a b"))

// Every date form the API sends and its near misses: ISO with and without zone, epoch ms as a number or a
// numeric string, numbers out of the Date range, strings that parse as numbers but not as ISO and the reverse.
const date: FastCheck.Arbitrary<Json> = F.oneof(
  {
    weight: 8,
    arbitrary: F.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }).map((ms) => new Date(ms).toISOString())
  },
  // The shape the ISO reader (internal/isoDate.ts) reads itself, every field a little past its range both ways.
  { weight: 3, arbitrary: isoShaped },
  { weight: 3, arbitrary: F.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }) },
  { weight: 3, arbitrary: F.integer({ min: 0, max: 4_000_000_000_000 }).map(String) },
  {
    weight: 1,
    arbitrary: F.integer({ min: 0, max: 4_000_000_000_000 }).map((ms) => new Date(ms).toISOString().slice(0, 19))
  },
  { weight: 1, arbitrary: F.double({ noNaN: true }) },
  {
    weight: 2,
    arbitrary: F.constantFrom<Json>(
      "2024-03-27T18:13:49.000Z",
      "2024-03-27T18:13:49+02:00",
      "2024-03-27",
      "2024",
      " 1711563229000 ",
      "1e12",
      "0x10",
      "-0",
      "NaN",
      "Infinity",
      "-Infinity",
      "",
      " ",
      "yesterday",
      "2024-02-30T25:61:00Z",
      8.64e15,
      8.64e15 + 1,
      -8.64e15 - 1,
      1e21
    )
  },
  { weight: 1, arbitrary: F.string({ maxLength: 8 }) }
)

// `meta.call.duration`: a number or a numeric string, and strings that are not numbers.
const duration: FastCheck.Arbitrary<Json> = F.oneof(
  F.integer({ min: 0, max: 7200 }),
  F.integer({ min: 0, max: 7200 }).map(String),
  F.double({ noNaN: true }),
  F.constantFrom<Json>("164", " 42 ", "1e3", "0x1A", "NaN", "Infinity", "-Infinity", "", " ", "12s", "abc"),
  F.string({ maxLength: 4 })
)

// Unknown fields, which decoders drop.
const extras = F.dictionary(
  F.oneof(F.string({ maxLength: 5 }), F.constantFrom("unknownFutureField", "traceId", "sort", "id", "meta")),
  F.jsonValue({ maxDepth: 1 }).map((value) => value as Json),
  { maxKeys: 2 }
)

/** An object of `fields` (the optional ones sometimes absent) over unknown extras, sometimes missing one key. */
const object = (
  required: Record<string, FastCheck.Arbitrary<Json>>,
  optional: Record<string, FastCheck.Arbitrary<Json>>
): FastCheck.Arbitrary<Json> => {
  const keys = [...Object.keys(required), ...Object.keys(optional)]
  return F.tuple(
    extras,
    F.record({ ...required, ...optional }, { requiredKeys: Object.keys(required) }),
    F.option(F.constantFrom(...keys), { freq: 25, nil: undefined })
  ).map(([extra, fields, drop]) => {
    const out: Record<string, Json> = { ...extra, ...fields }
    if (drop !== undefined) delete out[drop]
    return out
  })
}

const meta = object({}, {
  callDuration: field(duration),
  callStatus: field(text),
  call: field(object({}, { duration: field(duration), status: field(text) })),
  email: field(object({}, { messageIds: field(list(text)) }))
})

const messageArb = object({
  id: field(text),
  type: field(F.integer({ min: 0, max: 45 })),
  messageType: field(F.oneof(F.constantFrom(...knownMessageTypes), F.constantFrom("SMS", "TYPE_NEW"))),
  locationId: field(text),
  contactId: field(text),
  conversationId: field(text),
  dateAdded: field(date),
  direction: field(F.constantFrom("inbound", "outbound", "sideways"))
}, {
  status: field(F.constantFrom("delivered", "completed", "brand_new_status")),
  contentType: field(text),
  body: field(text),
  attachments: field(list(text)),
  meta: field(meta),
  source: field(F.constantFrom("app", "api", "somewhere")),
  userId: field(text),
  conversationProviderId: field(text),
  chatWidgetId: field(text),
  altId: field(text),
  dateUpdated: field(date)
})

const pageInner = {
  lastMessageId: field(text),
  nextPage: field(F.boolean()),
  messages: field(list(messageArb, 3))
}
const messagesPageArb = F.oneof(
  // Wrapped (what the API sends).
  object({ messages: field(object({ nextPage: pageInner.nextPage, messages: pageInner.messages }, pageInner)) }, {
    traceId: field(text)
  }),
  // Flat (what the spec documents).
  object({ nextPage: pageInner.nextPage, messages: pageInner.messages }, {
    lastMessageId: pageInner.lastMessageId,
    traceId: field(text)
  })
)

const channel = field(F.oneof(
  F.integer({ min: -1, max: 9 }),
  F.constantFrom("TYPE_PHONE", "TYPE_EMAIL", "TYPE_GROUP_SMS", "TYPE_NEW_CHANNEL")
))

const conversationArb = object({
  id: field(text),
  contactId: field(text),
  locationId: field(text),
  deleted: field(F.boolean()),
  inbox: field(F.boolean()),
  type: channel,
  unreadCount: field(F.integer({ min: 0, max: 20 }))
}, { assignedTo: field(text), starred: field(F.boolean()), traceId: field(text) })

const summaryArb = object({ id: field(text), contactId: field(text), locationId: field(text) }, {
  type: channel,
  lastMessageBody: field(text),
  lastMessageType: field(F.constantFrom("TYPE_SMS", "TYPE_CALL", "TYPE_NEW")),
  lastMessageDirection: field(F.constantFrom("inbound", "outbound", "sideways")),
  lastOutboundMessageAction: field(F.constantFrom("automated", "manual", "other")),
  unreadCount: field(F.integer({ min: 0, max: 20 })),
  fullName: field(text),
  contactName: field(text),
  companyName: field(text),
  email: field(text),
  phone: field(text),
  dateAdded: field(date),
  dateUpdated: field(date),
  lastMessageDate: field(date),
  lastManualMessageDate: field(date),
  inbox: field(F.boolean()),
  starred: field(F.boolean()),
  deleted: field(F.boolean()),
  assignedTo: field(text),
  followers: field(list(text)),
  mentions: field(list(text)),
  tags: field(list(text)),
  isLastMessageInternalComment: field(F.boolean()),
  sort: field(list(F.oneof(F.integer(), text)))
})

const searchPageArb = object({
  conversations: field(list(summaryArb, 3)),
  total: field(F.integer({ min: 0, max: 1000 }))
}, { traceId: field(text) })

// What the client feeds the decoders: the output of JSON.parse.
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? "null")

/** Runs `runs` cases, asserting agreement, completeness on JSON, and that both outcomes occur often enough. */
const agreeOn = (check: (input: unknown) => Outcome, inputs: FastCheck.Arbitrary<unknown>, runs: number) => {
  const counts: Record<Outcome, number> = { "fast": 0, "schema only": 0, "both fail": 0 }
  FastCheck.assert(
    FastCheck.property(inputs, (input) => {
      const outcome = check(viaJson(input))
      counts[outcome]++
      expect(outcome).not.toBe("schema only")
    }),
    { numRuns: runs }
  )
  // The generators must exercise both sides, or the property says little.
  expect(counts.fast).toBeGreaterThan(runs / 20)
  expect(counts["both fail"]).toBeGreaterThan(runs / 20)
}

describe("generated wire JSON: the fast path agrees with the Schemas", () => {
  it("messages pages (wrapped and flat, both meta shapes, every date form, extra fields, wrong types)", () => {
    agreeOn(endpoints["get-messages"], messagesPageArb, 1500)
  })

  it("single messages", () => {
    agreeOn(compare(FastDecode.message, Message), messageArb, 1500)
  })

  it("conversations (numeric and string channels)", () => {
    agreeOn(endpoints["get-conversation"], conversationArb, 1000)
  })

  it("search pages", () => {
    agreeOn(endpoints["search-conversation"], searchPageArb, 800)
  })

  it("search documents", () => {
    agreeOn(compare(FastDecode.conversationSummary, ConversationSummary), summaryArb, 1000)
  })

  it("values generated from the Schemas' encoded side", () => {
    const cases = [
      [endpoints["get-messages"], Arbitrary.make(Schema.encodedSchema(MessagesPageFromWire))],
      [endpoints["get-conversation"], Arbitrary.make(Schema.encodedSchema(Conversation))],
      [endpoints["search-conversation"], Arbitrary.make(Schema.encodedSchema(SearchConversationsPage))]
    ] as const
    for (const [check, inputs] of cases) {
      FastCheck.assert(
        FastCheck.property(inputs, (input) => {
          expect(check(viaJson(input))).not.toBe("schema only")
        }),
        { numRuns: 300 }
      )
    }
  })
})
