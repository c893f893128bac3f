/**
 * The recorded fixtures (realistic real-traffic bodies of the three reads) against the published schemas: each
 * conforms with D1…D10, each of D1…D10 is needed by one of them, the override list and the README's table agree, and
 * the spec's own examples contradict its schemas exactly where the docs are wrong.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import * as fs from "node:fs"
import * as Conformance from "../src/Conformance.js"
import * as JsonSchemaModule from "../src/JsonSchema.js"
import * as Overrides from "../src/Overrides.js"
import { at, bodyOf, escape, recorded, validator } from "./conformance/jsonPaths.js"

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
  // D11…D20 concern the other operations: WriteConformance.test.ts (D11…D19) and ErrorConformance.test.ts (D20) show
  // each is needed by the captured traffic.
  const readOverrides = Overrides.all.filter((override) => Number(override.id.slice(1)) <= 10)

  it.each(readOverrides)("without $id some recorded fixture fails", (override) => {
    const without = Conformance.make({ overrides: Overrides.all.filter((other) => other !== override) })
    const failing = recorded.filter(({ fixture }) =>
      without.validateResponse(fixture.endpoint, fixture.status, fixture.body).length > 0
    )
    expect(failing.length).toBeGreaterThan(0)
  })

  it("D1…D20 are all there, once each, in order, each with a one-line reason and patch", () => {
    expect(Overrides.all.map((override) => override.id)).toEqual(
      Array.from({ length: 20 }, (_, index) => `D${index + 1}`)
    )
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
