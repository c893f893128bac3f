/**
 * Property: random query parameters (known names with hostile values, unknown names, repeats, raw unencoded query
 * strings), random ids and random credentials never make the mock answer a 5xx. In-process through `mock.fetch`
 * (the same code the HTTP adapter runs) for volume, then a smaller sample over real HTTP.
 */
import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as FastCheck from "effect/FastCheck"

const knownKeys = [
  "locationId",
  "contactId",
  "assignedTo",
  "followers",
  "mentions",
  "query",
  "sort",
  "sortBy",
  "startAfterDate",
  "id",
  "limit",
  "lastMessageType",
  "lastMessageAction",
  "lastMessageDirection",
  "status",
  "startDate",
  "endDate",
  "scoreProfile",
  "scoreProfileMin",
  "scoreProfileMax",
  "sortScoreProfile",
  "lastMessageId",
  "type"
]

const hostileValue = FastCheck.oneof(
  FastCheck.constantFrom(
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "9007199254740993",
    "100",
    "101",
    "asc",
    "desc",
    "unassigned",
    "TYPE_SMS,TYPE_CALL",
    ",,,",
    "last_message_date",
    "score_profile",
    "true",
    "null",
    "[]",
    "{}",
    "__proto__",
    "constructor",
    "../../x",
    "%00",
    "\u0000",
    "x".repeat(5_000)
  ),
  FastCheck.integer().map(String),
  FastCheck.double().map(String),
  FastCheck.string({ maxLength: 40 }),
  FastCheck.fullUnicodeString({ maxLength: 20 })
)

const paramKey = FastCheck.oneof(
  { weight: 4, arbitrary: FastCheck.constantFrom(...knownKeys) },
  { weight: 1, arbitrary: FastCheck.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: FastCheck.constantFrom("__proto__", "constructor", "hasOwnProperty", "toString") }
)

type Route = "search" | "getConversation" | "getMessages"

const validPairs: Readonly<Record<Route, ReadonlyArray<readonly [string, string]>>> = {
  search: [
    ["locationId", "<primary>"],
    ["limit", "5"],
    ["sort", "asc"],
    ["sortBy", "last_message_date"],
    ["status", "unread"],
    ["query", "a"],
    ["lastMessageDirection", "inbound"],
    ["startAfterDate", "1700000000000"]
  ],
  getMessages: [["limit", "5"], ["type", "TYPE_SMS,TYPE_CALL"]],
  getConversation: []
}

const hostilePairs = FastCheck.array(FastCheck.tuple(paramKey, hostileValue), { maxLength: 8 })

const queryFor = (route: Route): FastCheck.Arbitrary<ReadonlyArray<readonly [string, string]> | string> =>
  FastCheck.oneof(
    // Random pairs (repeats allowed).
    { weight: 3, arbitrary: hostilePairs },
    // A valid query with at most one hostile pair: reaches past validation into the real answers.
    {
      weight: 3,
      arbitrary: FastCheck.tuple(
        FastCheck.subarray([...validPairs[route]]),
        FastCheck.option(FastCheck.tuple(paramKey, hostileValue), { nil: undefined })
      ).map(([valid, extra]) => extra === undefined ? valid : [...valid, extra])
    },
    // A raw query string: '%' escapes that are not escapes, '&&', '=' runs, whatever a broken client sends.
    {
      weight: 1,
      arbitrary: FastCheck.stringOf(
        FastCheck.constantFrom("%", "&", "=", "a", "1", "z", "+", ";", "#", "?", "/", " "),
        { maxLength: 30 }
      )
    }
  )

const caseArb = FastCheck.constantFrom<Route>("search", "getConversation", "getMessages").chain((route) =>
  FastCheck.record({
    route: FastCheck.constant(route),
    id: FastCheck.oneof(
      { weight: 3, arbitrary: FastCheck.constant("<real>") },
      { weight: 1, arbitrary: FastCheck.fullUnicodeString({ minLength: 1, maxLength: 30 }) }
    ),
    query: queryFor(route),
    auth: FastCheck.oneof(
      { weight: 6, arbitrary: FastCheck.constant("full" as const) },
      { weight: 1, arbitrary: FastCheck.constantFrom("noMessagesScope", "otherLocation", "none", "garbage") }
    ),
    version: FastCheck.oneof(
      { weight: 6, arbitrary: FastCheck.constantFrom("2021-04-15", "2021-07-28") },
      { weight: 1, arbitrary: FastCheck.constantFrom("", "v3", "2021-04-15\u0000") }
    )
  })
)

type Case = typeof caseArb extends FastCheck.Arbitrary<infer A> ? A : never

const toRequest = (mock: HighLevelMock.HighLevelMock, origin: string, c: Case): Request => {
  const primary = mock.locations[0]
  const other = mock.locations[1]
  const id = c.id === "<real>" ? (primary?.conversationIds[0] ?? "x") : c.id
  const path = c.route === "search"
    ? "/conversations/search"
    : `/conversations/${encodeURIComponent(id)}${c.route === "getMessages" ? "/messages" : ""}`
  const search = typeof c.query === "string"
    ? c.query.replace(/#/g, "%23")
    : new URLSearchParams(
      c.query.map(([k, v]) => [k, v === "<primary>" ? (primary?.locationId ?? "") : v] as [string, string])
    ).toString()
  const token = {
    full: primary?.tokens.full,
    noMessagesScope: primary?.tokens.withoutMessagesScope,
    otherLocation: other?.tokens.full,
    none: undefined,
    garbage: "garbage token with spaces"
  }[c.auth]
  const headers = new Headers()
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`)
  // A header value cannot hold NUL: such a client never gets its request out, so send none instead.
  if (c.version !== "" && !c.version.includes("\u0000")) headers.set("version", c.version)
  return new Request(`${origin}${path}?${search}`, { headers })
}

describe("random requests never make the mock answer a 5xx", () => {
  it("in-process: 800 random requests", async () => {
    const mock = HighLevelMock.make({ rateLimit: false })
    const statuses: Array<number> = []
    await FastCheck.assert(
      FastCheck.asyncProperty(caseArb, async (c) => {
        const response = await mock.fetch(toRequest(mock, "http://mock.local", c))
        statuses.push(response.status)
        await response.arrayBuffer()
        return response.status < 500
      }),
      { numRuns: 800 }
    )
    expect(statuses.every((status) => status < 500)).toBe(true)
    // The runs reached past authentication and validation into real answers, not only early rejections.
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(20)
    expect(new Set(statuses).size).toBeGreaterThan(4)
  })

  it("over real HTTP: 200 random requests", async () => {
    const mock = HighLevelMock.make({ rateLimit: false })
    const server = await MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1" })
    try {
      const statuses: Array<number> = []
      await FastCheck.assert(
        FastCheck.asyncProperty(caseArb, async (c) => {
          const response = await fetch(toRequest(mock, server.url, c), { signal: AbortSignal.timeout(5_000) })
          statuses.push(response.status)
          await response.arrayBuffer()
          return response.status < 500
        }),
        { numRuns: 200 }
      )
      expect(statuses.every((status) => status < 500)).toBe(true)
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(2)
    } finally {
      await server.close()
    }
  })
})
