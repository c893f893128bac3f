import { describe, expect, it } from "@effect/vitest"
import * as fs from "node:fs"
import { dataFile, decode, load, reads } from "../src/PublishedSchemas.js"

describe("the committed data file", () => {
  const published = load()

  it("names its source: HighLevel's docs repository at the pinned commit", () => {
    expect(published.source.repo).toBe("GoHighLevel/highlevel-api-docs")
    expect(published.source.commit).toBe("0af86a4cbd48c66a4071c7e509d1079f9f10ed17")
    expect(published.source.files).toEqual(["apps/conversations.json", "common/common-schemas.json"])
  })

  it("holds the documented statuses and query parameters of the three endpoints", () => {
    for (const endpoint of reads) {
      expect(Object.keys(published.endpoints[endpoint].responses).sort()).toEqual(["200", "400", "401"])
    }
    const search = published.endpoints["search-conversation"].parameters.query
    expect(search.required).toEqual(["locationId"])
    expect(search.properties?.["sortBy"]?.enum).toContain("last_message_date")
    expect(published.endpoints["get-messages"].responses["200"]?.required).toEqual([
      "lastMessageId",
      "nextPage",
      "messages"
    ])
  })

  it("records and applies each spec fix", () => {
    expect(published.fixes.map((fix) => fix.id)).toEqual(["F1", "F2"])
    expect(published.endpoints["search-conversation"].parameters.query.properties?.["startAfterDate"]).toEqual({
      type: "number"
    })
    expect(published.endpoints["get-messages"].commaSeparated).toEqual(["type"])
    expect(published.endpoints["get-messages"].parameters.query.properties?.["type"]?.type).toBe("array")
  })

  it("carries no prose or samples: a description or example anywhere fails decoding", () => {
    const text = fs.readFileSync(dataFile, "utf8")
    // A property may be named `description` (custom subtypes): its value is then a schema object.
    expect(text).not.toMatch(/"(description|title)": [^{]|"(example|examples|nullable)":/)
    const withProse: unknown = JSON.parse(
      text.replace(`"type": "boolean"`, `"type": "boolean", "description": "A flag"`)
    )
    expect(() => decode(withProse)).toThrow(/description/)
  })
})
