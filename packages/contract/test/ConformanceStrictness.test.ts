/**
 * The validator is strict: a difference no override names (a missing required field, a null, an undocumented field
 * or status) fails, and each override lets through what it says and no more.
 */
import { describe, expect, it } from "@effect/vitest"
import * as FastCheck from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Conformance from "../src/Conformance.js"
import type { Json } from "../src/JsonSchema.js"
import { isObject } from "../src/OpenApi.js"
import * as Overrides from "../src/Overrides.js"
import {
  at,
  bodyOf,
  freeForm,
  nodes,
  type Path,
  recorded,
  requiredSpots,
  update,
  validator
} from "./conformance/jsonPaths.js"

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
