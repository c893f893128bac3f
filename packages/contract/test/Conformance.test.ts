import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import * as Conformance from "../src/Conformance.js"
import type { Json, JsonSchema } from "../src/JsonSchema.js"
import * as JsonSchemaModule from "../src/JsonSchema.js"
import { isObject } from "../src/OpenApi.js"
import * as Overrides from "../src/Overrides.js"
import * as RecordedFixtures from "../src/RecordedFixtures.js"

const validator = Conformance.make()
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
const recorded = RecordedFixtures.load()
const bodyOf = (file: string): Json => {
  const found = recorded.find((named) => named.file === file)
  if (found === undefined) throw new Error(`no fixture ${file}`)
  return structuredClone(found.fixture.body)
}

type Path = ReadonlyArray<string | number>

// `meta.email` is free-form in the spec (an object without properties): anything goes below it.
const freeForm = (path: Path): boolean => path.some((key, index) => key === "email" && path[index - 1] === "meta")

const nodes = (value: Json, path: Path = []): Array<Path> => [
  path,
  ...(Array.isArray(value) ?
    value.flatMap((item, index) => nodes(item, [...path, index])) :
    isObject(value) ?
    Object.entries(value).flatMap(([key, child]) => nodes(child, [...path, key])) :
    [])
]

const update = (value: Json, path: Path, f: (node: Json) => Json | undefined): Json | undefined => {
  const [head, ...rest] = path
  if (head === undefined) return f(value)
  if (Array.isArray(value) && typeof head === "number") {
    return value.map((item, index) => index === head ? update(item, rest, f) ?? null : item)
  }
  if (isObject(value) && typeof head === "string") {
    const out: { [key: string]: Json } = {}
    for (const [key, child] of Object.entries(value)) {
      const next = key === head ? update(child, rest, f) : child
      if (next !== undefined) out[key] = next
    }
    return out
  }
  return value
}

const at = (value: Json, path: Path): Json | undefined =>
  path.reduce<Json | undefined>(
    (node, key) =>
      Array.isArray(node) && typeof key === "number" ? node[key] : isObject(node) && typeof key === "string" ?
        node[key] :
        undefined,
    value
  )

const jsonType = (value: Json): string => value === null ? "null" : Array.isArray(value) ? "array" : typeof value

// Required fields present in a body, found by walking the body along its effective schema
// (for D1's choice, along the branch whose properties cover the value).
const requiredSpots = (schema: JsonSchema, value: Json, path: Path = []): Array<Path> => {
  if (schema.anyOf !== undefined && schema.properties === undefined) {
    const branch = schema.anyOf.find((candidate) =>
      isObject(value) && Object.entries(value).every(([key, child]) => {
        const sub = candidate.properties?.[key]
        return sub !== undefined && (typeof sub.type !== "string" || sub.type === jsonType(child))
      })
    )
    return branch === undefined ? [] : requiredSpots(branch, value, path)
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    const items = schema.items
    return value.flatMap((item, index) => requiredSpots(items, item, [...path, index]))
  }
  if (isObject(value) && schema.properties !== undefined) {
    const properties = schema.properties
    return [
      ...(schema.required ?? []).filter((key) => key in value).map((key) => [...path, key]),
      ...Object.entries(value).flatMap(([key, child]) => {
        const sub = properties[key]
        return sub === undefined ? [] : requiredSpots(sub, child, [...path, key])
      })
    ]
  }
  return []
}

describe("recorded fixtures", () => {
  it("cover every shape the brief lists", () => {
    const files = recorded.map((named) => named.file)
    expect(files.length).toBeGreaterThanOrEqual(20)
    const statuses = new Set(recorded.map((named) => named.fixture.status))
    expect([...statuses].sort()).toEqual([200, 400, 401, 403, 404, 422, 429])
    const text = JSON.stringify(recorded.map((named) => named.fixture.body))
    for (const needle of [`"call":{"duration":164`, `"duration":"37"`, `"messageIds"`, `"sort":[`, `"traceId"`]) {
      expect(text).toContain(needle)
    }
  })

  it.each(recorded)("$file conforms to the published schemas with D1…D10", ({ fixture }) => {
    expect(validator.validateResponse(fixture.endpoint, fixture.status, fixture.body)).toEqual([])
  })
})

describe("each override is needed", () => {
  // D11…D17 concern the writes: WriteConformance.test.ts shows each is needed by the captured traffic.
  const readOverrides = Overrides.all.filter((override) => Number(override.id.slice(1)) <= 10)

  it.each(readOverrides)("without $id some recorded fixture fails", (override) => {
    const without = Conformance.make({ overrides: Overrides.all.filter((other) => other !== override) })
    const failing = recorded.filter(({ fixture }) =>
      without.validateResponse(fixture.endpoint, fixture.status, fixture.body).length > 0
    )
    expect(failing.length).toBeGreaterThan(0)
  })

  it("D1…D17 are all there, once each, in order, each with a one-line reason and patch", () => {
    expect(Overrides.all.map((override) => override.id)).toEqual([
      "D1",
      "D2",
      "D3",
      "D4",
      "D5",
      "D6",
      "D7",
      "D8",
      "D9",
      "D10",
      "D11",
      "D12",
      "D13",
      "D14",
      "D15",
      "D16",
      "D17"
    ])
    for (const override of Overrides.all) {
      expect(override.reason).toMatch(/^[^\n]{20,160}$/)
      expect(override.patch).toMatch(/^[^\n]{20,200}$/)
    }
  })

  it("the README's table shows each override's patch", () => {
    const readme = fs.readFileSync(new URL("../README.md", import.meta.url), "utf8").replaceAll("\\|", "|")
    const rows = readme.split("\n").filter((line) => /^\| D\d+ \|/.test(line))
    expect(rows.map((row) => row.split(" ")[1])).toEqual(Overrides.all.map((override) => override.id))
    for (const override of Overrides.all) {
      expect(rows.find((row) => row.startsWith(`| ${override.id} |`))).toMatch(
        new RegExp(`\\| ${escape(override.patch)} \\|$`)
      )
    }
  })

  it("with no override, the spec alone rejects the real shapes (wrapped messages, traceId, 403)", () => {
    const specOnly = Conformance.make({ overrides: [] })
    expect(specOnly.statuses("get-messages")).toEqual([200, 400, 401])
    expect(specOnly.validateResponse("get-messages", 200, bodyOf("get-messages.200.wrapped-call-and-sms.json")))
      .not.toEqual([])
    expect(specOnly.validateResponse("get-conversation", 200, bodyOf("get-conversation.200.json"))).toEqual([
      "body must NOT have additional properties (traceId)"
    ])
    expect(specOnly.validateResponse("search-conversation", 403, bodyOf("error.403.location.json"))[0]).toMatch(
      /status 403 is not a documented response/
    )
  })
})

describe("new differences fail until an override names them", () => {
  const cases = recorded.map(({ file, fixture }) => ({ file, fixture }))

  it("removing any required field fails", () => {
    let checked = 0
    for (const { fixture } of cases) {
      const schema = Option.getOrThrow(validator.responseSchema(fixture.endpoint, fixture.status))
      for (const spot of requiredSpots(schema, fixture.body)) {
        const broken = update(fixture.body, spot, () => undefined) ?? null
        expect(validator.validateResponse(fixture.endpoint, fixture.status, broken), spot.join(".")).not.toEqual([])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(150)
  })

  it("a value of the wrong type (null) anywhere outside free-form objects fails, D10 aside", () => {
    const withoutD10 = Conformance.make({ overrides: Overrides.all.filter((override) => override.id !== "D10") })
    for (const { file, fixture } of cases) {
      for (const path of nodes(fixture.body).filter((path) => !freeForm(path))) {
        const broken = update(fixture.body, path, () => null) ?? null
        expect(withoutD10.validateResponse(fixture.endpoint, fixture.status, broken), `${file} ${path.join(".")}`)
          .not.toEqual([])
      }
    }
  })

  it("with D10, null still fails in every required field and anywhere in an error body", () => {
    let checked = 0
    for (const { file, fixture } of cases) {
      const schema = Option.getOrThrow(validator.responseSchema(fixture.endpoint, fixture.status))
      const spots = fixture.status === 200
        ? requiredSpots(schema, fixture.body)
        : nodes(fixture.body).filter((path) => path.length > 0)
      for (const spot of spots) {
        const broken = update(fixture.body, spot, () => null) ?? null
        expect(validator.validateResponse(fixture.endpoint, fixture.status, broken), `${file} ${spot.join(".")}`)
          .not.toEqual([])
        checked++
      }
    }
    expect(checked).toBeGreaterThan(150)
  })

  it("an undocumented field on any object outside free-form ones fails, at the top level too", () => {
    for (const { file, fixture } of cases) {
      for (
        const path of nodes(fixture.body).filter((path) => !freeForm(path) && isObject(at(fixture.body, path) ?? null))
      ) {
        const broken = update(fixture.body, path, (node) =>
          isObject(node) ? { ...node, undocumentedField: 1 } : node) ??
          null
        const problems = validator.validateResponse(fixture.endpoint, fixture.status, broken)
        expect(problems.join("\n"), `${file} ${path.join(".")}`).toContain("(undocumentedField)")
      }
    }
  })

  it("a non-empty messages page without lastMessageId fails; an empty one may leave it out", () => {
    const page = bodyOf("get-messages.200.wrapped-email-thread.json")
    const withoutCursor = update(page, ["messages", "lastMessageId"], () => undefined) ?? null
    expect(validator.validateResponse("get-messages", 200, withoutCursor)).toContain(
      "body/messages must have required property 'lastMessageId'"
    )
    const empty = update(withoutCursor, ["messages", "messages"], () => []) ?? null
    expect(validator.validateResponse("get-messages", 200, empty)).toEqual([])
  })

  it("an undocumented status fails", () => {
    expect(validator.validateResponse("get-conversation", 418, {})).toEqual([
      "status 418 is not a documented response of get-conversation (known: 200, 400, 401, 403, 404, 422, 429)"
    ])
  })
})

describe("what the overrides allow, and no more", () => {
  const page = bodyOf("get-messages.200.wrapped-call-and-sms.json")
  const search = bodyOf("search.200.page-with-sort.json")
  const messageAt = (index: number, field: string): Path => ["messages", "messages", index, field]

  it.prop("D2: any TYPE_* message type passes", [FastCheck.stringMatching(/^TYPE_[A-Z0-9_]{1,20}$/)], ([type]) => {
    const body = update(page, messageAt(0, "messageType"), () => type) ?? null
    expect(validator.validateResponse("get-messages", 200, body)).toEqual([])
  })

  it.prop("D2: a message type without the TYPE_ prefix fails", [FastCheck.string()], ([type]) => {
    FastCheck.pre(!/^TYPE_[A-Z0-9_]+$/.test(type))
    const body = update(page, messageAt(1, "messageType"), () => type) ?? null
    expect(validator.validateResponse("get-messages", 200, body)).not.toEqual([])
  })

  it.prop(
    "D3: a call duration passes as a non-negative number or numeric string, and fails as other text",
    [FastCheck.nat(), FastCheck.string()],
    ([seconds, text]) => {
      const withDuration = (duration: Json) =>
        validator.validateResponse(
          "get-messages",
          200,
          update(page, [...messageAt(0, "meta"), "call", "duration"], () => duration) ?? null
        )
      expect(withDuration(seconds)).toEqual([])
      expect(withDuration(String(seconds))).toEqual([])
      FastCheck.pre(!/^[0-9]+(\.[0-9]+)?$/.test(text))
      expect(withDuration(text)).not.toEqual([])
    }
  )

  it.prop(
    "D7: search dates pass as epoch-ms integers and fail as ISO strings or fractions",
    [FastCheck.integer({ min: 0, max: 4_102_444_800_000 })],
    ([millis]) => {
      const withDate = (date: Json) =>
        validator.validateResponse(
          "search-conversation",
          200,
          update(search, ["conversations", 0, "lastMessageDate"], () => date) ?? null
        )
      expect(withDate(millis)).toEqual([])
      expect(withDate(new Date(millis).toISOString())).not.toEqual([])
      expect(withDate(millis + 0.5)).not.toEqual([])
    }
  )

  it("D5: `sort` holds numbers only", () => {
    const body = update(search, ["conversations", 0, "sort"], () => ["1758210115417"]) ?? null
    // `sort` is optional, so D10 makes it "array or null": the number check is one of the anyOf's reasons.
    expect(validator.validateResponse("search-conversation", 200, body)).toContain(
      "body/conversations/0/sort/0 must be number"
    )
  })

  it("D6: traceId must be a string", () => {
    const body = update(page, ["traceId"], () => 42) ?? null
    expect(validator.validateResponse("get-messages", 200, body)).toContain("body/traceId must be string")
  })

  it("D10: null is accepted in an optional field of a 200 body, never in a required one or an error body", () => {
    const conversation = bodyOf("get-conversation.200.json")
    expect(
      validator.validateResponse("get-conversation", 200, update(conversation, ["assignedTo"], () => null) ?? null)
    )
      .toEqual([])
    expect(validator.validateResponse("get-conversation", 200, update(conversation, ["deleted"], () => null) ?? null))
      .not.toEqual([])
    const missing = bodyOf("error.404.conversation.json")
    expect(validator.validateResponse("get-conversation", 404, update(missing, ["traceId"], () => null) ?? null))
      .not.toEqual([])
  })

  it("D9: a conversation channel is a number or a string, nothing else", () => {
    const conversation = bodyOf("get-conversation.200.json")
    expect(validator.validateResponse("get-conversation", 200, update(conversation, ["type"], () => true) ?? null))
      .not.toEqual([])
  })
})

describe("the spec's own examples", () => {
  const examples = Schema.decodeUnknownSync(JsonSchemaModule.Json)(JSON.parse(
    fs.readFileSync(new URL("../../client/test/fixtures/spec-examples.json", import.meta.url), "utf8")
  ))
  const example = (endpoint: string, status: string): unknown => at(examples, ["examples", endpoint, status])

  it("contradict the spec's schemas in exactly the two places the docs got wrong", () => {
    const specOnly = Conformance.make({ overrides: [] })
    expect(specOnly.validateResponse("get-messages", 200, example("get-messages", "200"))).toEqual([
      expect.stringMatching(/^body\/messages\/0\/messageType must be equal to one of the allowed values/),
      "body/messages/0/meta/callDuration must be string"
    ])
    expect(specOnly.validateResponse("get-conversation", 200, example("get-conversation", "200"))).toEqual([])
    expect(specOnly.validateResponse("search-conversation", 401, example("search-conversation", "401"))).toEqual([])
  })
})

describe("query strings", () => {
  it("accept what the client sends and reject unknown or malformed parameters", () => {
    expect(Conformance.validateQuery("get-messages", new URLSearchParams("limit=20&type=TYPE_SMS,TYPE_CALL"))).toEqual(
      []
    )
    expect(Conformance.validateQuery("get-messages", new URLSearchParams("limit=ten&type=TYPE_SMS,TYPE_PIGEON&page=2")))
      .toEqual([
        "query must NOT have additional properties (page)",
        "query/limit must be number",
        expect.stringMatching(/^query\/type\/1 must be equal to one of the allowed values/)
      ])
    expect(
      Conformance.validateQuery(
        "search-conversation",
        new URLSearchParams("locationId=L1&sort=desc&sortBy=last_message_date&startAfterDate=1758210115417&limit=100")
      )
    ).toEqual([])
    expect(Conformance.validateQuery("search-conversation", new URLSearchParams("sort=up"))).toEqual([
      "query must have required property 'locationId'",
      expect.stringMatching(/^query\/sort must be equal to one of the allowed values/)
    ])
  })
})

describe("endpointOf", () => {
  it("maps GET paths to the three endpoints, with or without a base path", () => {
    expect(Conformance.endpointOf("GET", "/conversations/search")).toEqual(Option.some("search-conversation"))
    expect(Conformance.endpointOf("get", "/base/conversations/abc")).toEqual(Option.some("get-conversation"))
    expect(Conformance.endpointOf("GET", "/conversations/abc/messages")).toEqual(Option.some("get-messages"))
    expect(Conformance.endpointOf("POST", "/conversations/abc")).toEqual(Option.none())
    expect(Conformance.endpointOf("GET", "/contacts/abc")).toEqual(Option.none())
  })

  it("maps every operation by method and path; literal segments win over ids", () => {
    expect(Conformance.endpointOf("POST", "/conversations/")).toEqual(Option.some("create-conversation"))
    expect(Conformance.endpointOf("PUT", "/conversations/abc")).toEqual(Option.some("update-conversation"))
    expect(Conformance.endpointOf("DELETE", "/conversations/abc")).toEqual(Option.some("delete-conversation"))
    expect(Conformance.endpointOf("POST", "/conversations/messages")).toEqual(Option.some("send-a-new-message"))
    expect(Conformance.endpointOf("GET", "/conversations/messages/export")).toEqual(
      Option.some("export-messages-by-location")
    )
    expect(Conformance.endpointOf("GET", "/conversations/messages/m1")).toEqual(Option.some("get-message"))
    expect(Conformance.endpointOf("DELETE", "/conversations/messages/email/e1/schedule")).toEqual(
      Option.some("cancel-scheduled-email-message")
    )
    expect(Conformance.endpointOf("PUT", "/conversations/messages/m1/status")).toEqual(
      Option.some("update-message-status")
    )
    expect(Conformance.endpointOf("GET", "/conversations/locations/L1/messages/m1/transcription")).toEqual(
      Option.some("get-message-transcription")
    )
    expect(Conformance.endpointOf("PATCH", "/conversations/abc")).toEqual(Option.none())
  })
})

describe("request bodies", () => {
  it("accept a documented body and name each problem of a bad one", () => {
    expect(validator.validateRequestBody("update-conversation", { locationId: "L1", unreadCount: 0, starred: true }))
      .toEqual([])
    expect(validator.validateRequestBody("update-conversation", { unreadCount: "0", colour: "red" })).toEqual([
      "request must have required property 'locationId'",
      "request must NOT have additional properties (colour)",
      "request/unreadCount must be number"
    ])
    expect(validator.validateRequestBody("get-conversation", { any: 1 })).toEqual([
      "get-conversation documents no JSON request body"
    ])
    expect(validator.validateRequestBody("get-conversation", undefined)).toEqual([])
    expect(Option.isSome(validator.requestSchema("send-a-new-message"))).toBe(true)
  })
})

describe("check", () => {
  it.effect("fails with ConformanceError listing the problems", () =>
    Effect.gen(function*() {
      const ok = yield* Effect.exit(Conformance.check("get-conversation", 200, bodyOf("get-conversation.200.json")))
      expect(Exit.isSuccess(ok)).toBe(true)
      const error = yield* Effect.flip(Conformance.check("get-conversation", 200, { id: 1 }))
      expect(error._tag).toBe("ConformanceError")
      expect(error.problems).toContain("body/id must be string")
      expect(error.message).toMatch(/^get-conversation 200: /)
    }))
})
