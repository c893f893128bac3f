import { describe, expect, it } from "@effect/vitest"
import type { Json } from "../src/JsonSchema.js"
import { inlineRefs, parameters, parametersSchema, sampleExample, SpecError, toJsonSchema } from "../src/OpenApi.js"

describe("inlineRefs", () => {
  const files = new Map<string, Json>([
    ["apps/app.json", {
      components: { schemas: { Page: { type: "object", properties: { error: { $ref: "../common/c.json#/Err" } } } } }
    }],
    ["common/c.json", { Err: { type: "object", properties: { code: { $ref: "#/Code" } } }, Code: { type: "number" } }]
  ])

  it("follows refs into other files and resolves nested refs relative to the file they sit in", () => {
    expect(inlineRefs(files, "apps/app.json", { $ref: "#/components/schemas/Page" })).toEqual({
      type: "object",
      properties: { error: { type: "object", properties: { code: { type: "number" } } } }
    })
  })

  it("fails on an unresolvable pointer and on a cycle", () => {
    expect(() => inlineRefs(files, "apps/app.json", { $ref: "#/nowhere" })).toThrow(SpecError)
    const cyclic = new Map<string, Json>([["a.json", { A: { items: { $ref: "#/A" } } }]])
    expect(() => inlineRefs(cyclic, "a.json", { $ref: "#/A" })).toThrow(/circular/)
  })
})

describe("toJsonSchema", () => {
  it("keeps types, required fields, enums and formats and drops prose and samples", () => {
    const schema = toJsonSchema({
      type: "object",
      description: "prose",
      required: ["at"],
      properties: {
        at: { type: "string", format: "date-time", example: "2024-01-01T00:00:00Z", title: "When" },
        kind: { type: "string", enum: ["a", "b"], example: "c", deprecated: false }
      }
    })
    expect(schema).toEqual({
      type: "object",
      required: ["at"],
      properties: { at: { type: "string", format: "date-time" }, kind: { type: "string", enum: ["a", "b"] } }
    })
  })

  it("translates OpenAPI 3.0 nullable into draft-07 types", () => {
    expect(toJsonSchema({ type: "string", nullable: true, enum: ["x"] })).toEqual({
      type: ["string", "null"],
      enum: ["x", null]
    })
    expect(toJsonSchema({ anyOf: [{ type: "number" }], nullable: true })).toEqual({
      anyOf: [{ anyOf: [{ type: "number" }] }, { type: "null" }]
    })
  })

  it("refuses what it cannot translate faithfully", () => {
    expect(() => toJsonSchema({ type: "any" })).toThrow(/unsupported type/)
    expect(() => toJsonSchema({ type: "string", pattern: "^a" })).toThrow(/unsupported keyword pattern/)
    expect(() => toJsonSchema({ type: "string", maxLength: "10" })).toThrow(/maxLength must be a number/)
  })

  it("keeps the limits the write bodies declare", () => {
    expect(toJsonSchema({ type: "string", maxLength: 50 })).toEqual({ type: "string", maxLength: 50 })
    expect(toJsonSchema({ type: "number", minimum: 10, maximum: 500 })).toEqual({
      type: "number",
      minimum: 10,
      maximum: 500
    })
  })
})

describe("sampleExample (the docs' Example (auto))", () => {
  it("prefers a node's own example, then the first enum value, then a per-type placeholder", () => {
    expect(sampleExample({
      type: "object",
      properties: {
        kind: { type: "string", enum: ["TYPE_A", "TYPE_B"], example: "A" },
        direction: { type: "string", enum: ["inbound", "outbound"] },
        type: { type: "number" },
        name: { type: "string" },
        flag: { type: "boolean" },
        duration: { type: "string", example: 120 },
        nothing: { description: "no type, no example" },
        list: { type: "array", items: { type: "string" } },
        nested: { properties: { id: { type: "string", example: "abc" } } }
      }
    })).toEqual({
      kind: "A",
      direction: "inbound",
      type: 0,
      name: "string",
      flag: true,
      duration: 120,
      list: ["string"],
      nested: { id: "abc" }
    })
  })

  it("takes the first branch of a choice", () => {
    expect(sampleExample({ oneOf: [{ type: "number" }, { type: "string" }] })).toBe(0)
  })
})

describe("parametersSchema", () => {
  it("makes one object schema per location with the required parameters listed", () => {
    const list = parameters([
      { name: "locationId", in: "query", required: true, schema: { type: "string", example: "x" } },
      { name: "limit", in: "query", schema: { type: "number" } },
      { name: "Version", in: "header", required: true, schema: { type: "string" } }
    ], "#")
    expect(parametersSchema(list, "query", "#")).toEqual({
      type: "object",
      properties: { locationId: { type: "string" }, limit: { type: "number" } },
      required: ["locationId"]
    })
    expect(parametersSchema(list, "path", "#")).toEqual({ type: "object", properties: {} })
  })
})
