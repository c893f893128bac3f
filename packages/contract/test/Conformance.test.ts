/**
 * The validator's API: query strings, the operation a request is (`endpointOf`), JSON request bodies, multipart forms,
 * media types of bodies that are not JSON, and `check` as an Effect.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as fs from "node:fs"
import * as Conformance from "../src/Conformance.js"
import { endpoints } from "../src/PublishedSchemas.js"
import { bodyOf, validator } from "./conformance/jsonPaths.js"

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
    expect(Conformance.endpointOf("GET", "/conversations/preferences/custom-subtypes")).toEqual(
      Option.some("get-all-custom-subtypes")
    )
    expect(Conformance.endpointOf("POST", "/conversations/messages/upload")).toEqual(
      Option.some("upload-file-attachments")
    )
    expect(Conformance.endpointOf("POST", "/conversations/messages/review-reply")).toEqual(
      Option.some("send-review-reply")
    )
    expect(Conformance.endpointOf("GET", "/conversations/messages/m1/locations/L1/recording")).toEqual(
      Option.some("get-message-recording")
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

describe("multipart forms", () => {
  const parts = (fields: Record<string, string>, files: ReadonlyArray<string>): Array<Conformance.FormPart> => [
    ...Object.entries(fields).map(([name, value]) => ({ name, value, file: false })),
    ...files.map((value) => ({ name: "fileAttachment", value, file: true }))
  ]

  it("accept the upload's fields with at least one fileAttachment file (D19), and name each problem", () => {
    expect(
      validator.validateForm("upload-file-attachments", parts({ conversationId: "c1", locationId: "L1" }, ["a.png"]))
    )
      .toEqual([])
    expect(validator.validateForm("upload-file-attachments", parts({ conversationId: "c1", colour: "red" }, [])))
      .toEqual([
        "form must have required property 'locationId'",
        "form must have required property 'fileAttachment'",
        "form must NOT have additional properties (colour)"
      ])
    // A file sent as a text field, or a field sent as a file, is a different form.
    expect(validator.validateForm("upload-file-attachments", [
      ...parts({ conversationId: "c1", locationId: "L1" }, ["a.png"]),
      { name: "fileAttachment", value: "b.png", file: false },
      { name: "chatServiceSid", value: "IS1", file: true }
    ])).toEqual(["form/fileAttachment must be a file part", "form/chatServiceSid must be a text part"])
    expect(validator.validateForm("send-a-new-message", [])).toEqual([
      "send-a-new-message documents no multipart/form-data body"
    ])
  })

  it("without D19 the spec's form requires contactId and attachmentUrls, and knows no fileAttachment", () => {
    const specOnly = Conformance.make({ overrides: [] })
    expect(specOnly.validateForm("upload-file-attachments", parts({ conversationId: "c1", locationId: "L1" }, ["a"])))
      .toEqual([
        "form must have required property 'contactId'",
        "form must have required property 'attachmentUrls'",
        "form must NOT have additional properties (fileAttachment)"
      ])
  })
})

describe("bodies that are not JSON", () => {
  it("a recording is audio/x-wav and a transcription download text/plain, parameters ignored", () => {
    expect(validator.validateMedia("get-message-recording", 200, "audio/x-wav")).toEqual([])
    expect(validator.validateMedia("download-message-transcription", 200, "text/plain; charset=utf-8")).toEqual([])
    expect(validator.validateMedia("get-message-recording", 200, "audio/mpeg")).toEqual([
      "get-message-recording 200: content type audio/mpeg is not the documented audio/x-wav"
    ])
  })

  it("a status documented as JSON, without a body or not at all is not a media answer", () => {
    expect(validator.validateMedia("get-message", 200, "text/html")).toEqual([
      "status 200 of get-message is documented as JSON, got text/html"
    ])
    expect(validator.validateMedia("create-custom-subtype", 200, "text/plain")).toEqual([
      "status 200 of create-custom-subtype is documented without a body, got text/plain"
    ])
    expect(validator.validateMedia("get-message-recording", 206, "audio/x-wav")).toEqual([
      "status 206 is not a documented response of get-message-recording"
    ])
  })

  it("a JSON answer on a status the spec documents without a body fails until an override gives it a schema", () => {
    const specOnly = Conformance.make({ overrides: [] })
    expect(specOnly.validateResponse("get-all-custom-subtypes", 200, { customSubtypes: [] })).toEqual([
      "status 200 of get-all-custom-subtypes is documented without a JSON body"
    ])
    expect(validator.validateResponse("get-all-custom-subtypes", 200, { customSubtypes: [] })).toEqual([])
  })
})

describe("the README's coverage table", () => {
  it("has one row per operation, each of the 29 once", () => {
    const readme = fs.readFileSync(new URL("../README.md", import.meta.url), "utf8")
    const section = readme.slice(readme.indexOf("## Coverage"), readme.indexOf("## Conformance with"))
    const rows = section.split("\n").filter((line) => /^\| [a-z]+(-[a-z]+)+ \|/.test(line)).map((line) =>
      line.split(" ")[1]
    )
    expect(rows.length).toBe(29)
    expect([...rows].sort()).toEqual([...endpoints].sort())
  })
})
