/**
 * The preference operations against a local server: the request each one sends (method, path, query, the body
 * encoded by the input Schema), the bodies they decode (the mock's wrapped shapes and the bare ones, unknown fields
 * dropped, `null` as absent), their typed failures, and a write under a timeout: the `PUT` is retried, the `POST` is
 * not.
 */
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import { TOKEN } from "../utils/harness.js"
import { at, rawServer, sendJson } from "../utils/RawServer.js"
import { clientAt, LOCATION } from "./support.js"

const subtype = {
  id: "st1",
  locationId: LOCATION,
  name: "Newsletter",
  description: "Monthly product newsletter",
  channel: "email",
  language: "en",
  archived: false,
  dateAdded: "2024-01-15T09:00:00.000Z",
  dateUpdated: "2024-01-15T09:00:00.000Z",
  someFutureField: { nested: true }
}

describe("preferences.listCustomSubtypes", () => {
  it.live("GET with the default location; {customSubtypes} and a bare array both decode", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res, i) =>
        sendJson(
          res,
          200,
          i === 0
            ? { customSubtypes: [subtype, { id: "st2", name: "Promotions", channel: "push", description: null }] }
            : [subtype]
        )
      )
      const client = yield* clientAt(server.baseUrl)
      const wrapped = yield* client.preferences.listCustomSubtypes()
      expect(wrapped.map((s) => s.id)).toEqual(["st1", "st2"])
      expect(at(wrapped, 0).dateAdded).toEqual(DateTime.unsafeMake("2024-01-15T09:00:00.000Z"))
      // An unknown channel is kept (an open enum); `null` reads as absent.
      expect(at(wrapped, 1).channel).toBe("push")
      expect(at(wrapped, 1).description).toBeUndefined()
      const bare = yield* client.preferences.listCustomSubtypes({ locationId: "otherLocation0000001" })
      expect(bare.map((s) => s.name)).toEqual(["Newsletter"])
      expect(server.requests.map((r) => [r.method, r.target])).toEqual([
        ["GET", `/conversations/preferences/custom-subtypes?locationId=${LOCATION}`],
        ["GET", "/conversations/preferences/custom-subtypes?locationId=otherLocation0000001"]
      ])
      expect(at(server.requests, 0).headers.authorization).toBe(`Bearer ${TOKEN}`)
    }).pipe(Effect.scoped))

  it.live("a subtype without its name is a DecodeError naming the field", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) =>
        sendJson(res, 200, { customSubtypes: [{ id: "x", channel: "sms" }] })
      )
      const client = yield* clientAt(server.baseUrl)
      const error = yield* Effect.flip(client.preferences.listCustomSubtypes())
      expect(error._tag).toBe("DecodeError")
      expect(error.message).toContain("customSubtypes[0].name")
    }).pipe(Effect.scoped))
})

describe("preferences writes", () => {
  it.live("createCustomSubtype: POST ?locationId=, the body as the DTO; 201 {customSubtype} decodes", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) => sendJson(res, 201, { customSubtype: subtype, traceId: "t" }))
      const client = yield* clientAt(server.baseUrl)
      const created = yield* client.preferences.createCustomSubtype({
        name: "Newsletter",
        channel: "email",
        language: "en"
      })
      expect(created.id).toBe("st1")
      const request = at(server.requests, 0)
      expect([request.method, request.target]).toEqual([
        "POST",
        `/conversations/preferences/custom-subtypes?locationId=${LOCATION}`
      ])
      expect(request.headers["content-type"]).toBe("application/json")
      expect(JSON.parse(request.body.toString())).toEqual({ name: "Newsletter", channel: "email", language: "en" })
    }).pipe(Effect.scoped))

  it.live("createCustomSubtype: a name already taken (400) is InvalidRequestError with the server's message", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) =>
        sendJson(res, 400, { statusCode: 400, message: "A custom subtype named X already exists for channel email" })
      )
      const client = yield* clientAt(server.baseUrl)
      const error = yield* Effect.flip(
        client.preferences.createCustomSubtype({ name: "X", channel: "email", language: "en" })
      )
      expect(error._tag).toBe("InvalidRequestError")
      expect(error.message).toContain("already exists")
    }).pipe(Effect.scoped))

  it.live("updateCustomSubtype: PUT to the encoded id; an unknown id is NotFoundError", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res, i) =>
        i === 0
          ? sendJson(res, 200, { customSubtype: { ...subtype, archived: true } })
          : sendJson(res, 404, { statusCode: 404, message: "Custom subtype with id nope not found" })
      )
      const client = yield* clientAt(server.baseUrl)
      const archived = yield* client.preferences.updateCustomSubtype("st 1/x", { archived: true })
      expect(archived.archived).toBe(true)
      expect([at(server.requests, 0).method, at(server.requests, 0).target]).toEqual([
        "PUT",
        `/conversations/preferences/custom-subtypes/st%201%2Fx?locationId=${LOCATION}`
      ])
      expect(JSON.parse(at(server.requests, 0).body.toString())).toEqual({ archived: true })
      const missing = yield* Effect.flip(client.preferences.updateCustomSubtype("nope", { name: "Y" }))
      expect(missing._tag).toBe("NotFoundError")
    }).pipe(Effect.scoped))

  it.live("unsubscriptionStatus: GET with contactId and email; the statuses per email decode", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) =>
        sendJson(res, 200, {
          contactId: "c1",
          locationId: LOCATION,
          statuses: [{
            email: "ada@example.com",
            subscriptions: [
              { type: "default", subtype_name: "One on One", subtype_status: "unsubscribed" },
              { type: "custom", subtype_id: "st1", subtype_name: "Newsletter", subtype_status: "subscribed" }
            ]
          }],
          traceId: "t"
        })
      )
      const client = yield* clientAt(server.baseUrl)
      const status = yield* client.preferences.unsubscriptionStatus({ contactId: "c1", email: "ada@example.com" })
      expect(at(status.statuses, 0).subscriptions.map((s) => [s.type, s.subtype_status])).toEqual([
        ["default", "unsubscribed"],
        ["custom", "subscribed"]
      ])
      const query = at(server.requests, 0).query
      expect([...query.entries()]).toEqual([
        ["locationId", LOCATION],
        ["contactId", "c1"],
        ["email", "ada@example.com"]
      ])
    }).pipe(Effect.scoped))

  it.live("changeSubscription: the body carries the default location and the action; 201 decodes", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) =>
        sendJson(res, 201, {
          success: true,
          contactId: "c1",
          email: "ada@example.com",
          subscriptions: [{ type: "custom", subtype_id: "st1", subtype_status: "subscribed" }]
        })
      )
      const client = yield* clientAt(server.baseUrl)
      const result = yield* client.preferences.changeSubscription({
        contactId: "c1",
        email: "ada@example.com",
        subscription_action: { type: "custom", subtype_id: "st1", subtype_status: "subscribed" },
        legal_reason: "Asked on the phone"
      })
      expect(result.success).toBe(true)
      expect(result.subscriptions?.[0]?.subtype_id).toBe("st1")
      const request = at(server.requests, 0)
      expect([request.method, request.target]).toEqual([
        "POST",
        "/conversations/preferences/unsubscriptions/user-change"
      ])
      expect(JSON.parse(request.body.toString())).toEqual({
        contactId: "c1",
        email: "ada@example.com",
        subscription_action: { type: "custom", subtype_id: "st1", subtype_status: "subscribed" },
        legal_reason: "Asked on the phone",
        locationId: LOCATION
      })
    }).pipe(Effect.scoped))
})
