import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import { HighLevelMock, MockWire } from "../src/index.js"
import { callJson, decode, RATE_LIMIT_HEADERS, searchPath } from "./support.js"

const mock = HighLevelMock.make({ seed: 11, rateLimit: false })
const [primary, other] = mock.locations
if (primary === undefined || other === undefined) throw new Error("the default scenario has two locations")
const own = primary.conversationIds[0] ?? ""
const foreign = other.conversationIds[0] ?? ""
const searchOwn = searchPath(primary.locationId)

/** Decodes an error body with the wire schema and checks the fields every error carries. */
const errorOf = async (path: string, init: Parameters<typeof callJson>[2] = {}) => {
  const res = await callJson(mock, path, init)
  const body = decode(MockWire.ErrorBody, res.body)
  expect(body.statusCode).toBe(res.status)
  expect(body.traceId).toMatch(/^[0-9a-f-]{36}$/)
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8")
  for (const h of RATE_LIMIT_HEADERS) expect(res.headers.get(h)).toMatch(/^\d+$/)
  return { status: res.status, body }
}

describe("error bodies", () => {
  it("401 without a token, or with a malformed Authorization header: Invalid JWT", async () => {
    expect(await errorOf(searchOwn, { token: null })).toMatchObject({
      status: 401,
      body: { message: "Invalid JWT" }
    })
    const basic = await errorOf(searchOwn, { token: null, headers: { authorization: "Basic abc" } })
    expect(basic).toMatchObject({ status: 401, body: { message: "Invalid JWT" } })
  })

  it("401 for an unknown token: the documented message and error", async () => {
    const { body, status } = await errorOf(searchOwn, { token: "not-a-token" })
    expect(status).toBe(401)
    expect(body).toMatchObject({ message: "Invalid token: access token is invalid", error: "Unauthorized" })
  })

  it("401 Invalid JWT for an expired token (control.expireToken)", async () => {
    const m = HighLevelMock.make({ seed: 11 })
    m.control.expireToken(m.credentials.token)
    const res = await callJson(m, searchPath(m.credentials.locationId))
    expect(res.status).toBe(401)
    expect(decode(MockWire.ErrorBody, res.body).message).toBe("Invalid JWT")
  })

  it("400 when the Version header is missing or not accepted", async () => {
    expect(await errorOf(searchOwn, { version: null })).toMatchObject({
      status: 400,
      body: { message: "Version header was not found" }
    })
    const bad = await errorOf(searchOwn, { version: "2020-01-01" })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toContain("2021-04-15")
    expect((await callJson(mock, searchOwn, { version: "2021-07-28" })).status).toBe(200)
  })

  it("Version values are configurable", async () => {
    const m = HighLevelMock.make({ versions: ["v3"] })
    expect((await callJson(m, searchPath(m.credentials.locationId), { version: "v3" })).status).toBe(200)
    expect((await callJson(m, searchPath(m.credentials.locationId))).status).toBe(400)
  })

  it("401 scope: search/get need conversations.readonly, messages need conversations/message.readonly", async () => {
    const scope = { status: 401, body: { message: "The token is not authorized for this scope." } }
    const noConversations = primary.tokens.withoutConversationsScope
    const noMessages = primary.tokens.withoutMessagesScope
    expect(await errorOf(searchOwn, { token: noConversations })).toMatchObject(scope)
    expect(await errorOf(`/conversations/${own}`, { token: noConversations })).toMatchObject(scope)
    expect(await errorOf(`/conversations/${own}/messages`, { token: noMessages })).toMatchObject(scope)
    // …and each token still works where its scope suffices.
    expect((await callJson(mock, `/conversations/${own}/messages`, { token: noConversations })).status).toBe(200)
    expect((await callJson(mock, `/conversations/${own}`, { token: noMessages })).status).toBe(200)
  })

  it("403 for another location: search by locationId, get and messages by conversation id", async () => {
    const forbidden = { status: 403, body: { message: "The token does not have access to this location." } }
    expect(await errorOf(searchPath(other.locationId))).toMatchObject(forbidden)
    expect(await errorOf(`/conversations/${foreign}`)).toMatchObject(forbidden)
    expect(await errorOf(`/conversations/${foreign}/messages`)).toMatchObject(forbidden)
    // The other location's own token reads them.
    expect((await callJson(mock, `/conversations/${foreign}`, { token: other.tokens.full })).status).toBe(200)
  })

  it("422 with every problem listed, class-validator style", async () => {
    const res = await errorOf(
      searchPath(primary.locationId, {
        limit: 101,
        sort: "up",
        status: "archived",
        startAfterDate: "yesterday",
        lastMessageType: "SMS",
        extra: "1"
      })
    )
    expect(res.status).toBe(422)
    expect(res.body.error).toBe("Unprocessable Entity")
    expect(res.body.message).toEqual([
      "property extra should not exist",
      "sort must be one of the following values: asc, desc",
      "limit must not be greater than 100",
      "startAfterDate must be a number",
      expect.stringContaining("lastMessageType must be one of the following values: TYPE_CALL, TYPE_SMS"),
      "status must be one of the following values: all, read, unread, starred, recents"
    ])
  })

  it("422 for a missing locationId, empty values, limit 0, repeated parameters", async () => {
    const missing = await errorOf("/conversations/search")
    expect(missing.body.message).toEqual(["locationId should not be empty", "locationId must be a string"])
    const cases: ReadonlyArray<readonly [string, string]> = [
      [`${searchOwn}&limit=0`, "limit must not be less than 1"],
      [`${searchOwn}&limit=2.5`, "limit must be an integer number"],
      [`${searchOwn}&contactId=`, "contactId should not be empty"],
      [`${searchOwn}&limit=1&limit=2`, "limit must be a string"],
      [`${searchOwn}&sortBy=score_profile`, "sortBy score_profile is not supported by the mock server"],
      [`${searchOwn}&scoreProfile=abc`, "scoreProfile is not supported by the mock server"],
      [`/conversations/${own}/messages?limit=500`, "limit must not be greater than 100"],
      [`/conversations/${own}/messages?type=TYPE_FAX`, "each value in type must be one of the following values"],
      [`/conversations/${own}/messages?sort=asc`, "property sort should not exist"],
      [`/conversations/${own}?expand=1`, "property expand should not exist"]
    ]
    for (const [path, message] of cases) {
      const { body, status } = await errorOf(path)
      expect(status).toBe(422)
      expect(body.message).toEqual([expect.stringContaining(message)])
    }
  })

  it("400 for a lastMessageId that is not a message of the conversation", async () => {
    const elsewhere = mock.store.messagesOf(primary.conversationIds[1] ?? "")[0]?.id ?? ""
    for (const cursor of ["nope", elsewhere]) {
      const res = await errorOf(`/conversations/${own}/messages?lastMessageId=${cursor}`)
      expect(res.status).toBe(400)
      expect(res.body.message).toContain(cursor)
    }
  })

  it("400 for an id that does not percent-decode (a routing error, before authentication), never a 500", async () => {
    for (const path of ["/conversations/%E0%A4%A", "/conversations/%zz/messages"]) {
      const res = await errorOf(path, { token: null })
      expect(res).toMatchObject({ status: 400, body: { error: "Bad Request" } })
      expect(res.body.message).toContain("Failed to decode param")
    }
  })

  it("404 for an unknown conversation (get and messages) and for unknown routes", async () => {
    expect(await errorOf("/conversations/AAAAAAAAAAAAAAAAAAAA")).toMatchObject({
      status: 404,
      body: { message: "Conversation with id AAAAAAAAAAAAAAAAAAAA not found" }
    })
    expect((await errorOf("/conversations/AAAAAAAAAAAAAAAAAAAA/messages")).status).toBe(404)
    expect(await errorOf("/conversations/a/b/c")).toMatchObject({
      status: 404,
      body: { message: "Cannot GET /conversations/a/b/c", error: "Not Found" }
    })
    expect(await errorOf("/conversations/search", { method: "POST" })).toMatchObject({
      status: 404,
      body: { message: "Cannot POST /conversations/search" }
    })
    expect((await errorOf("/somewhere/else")).status).toBe(404)
    expect((await errorOf("//conversations//search")).status).toBe(404)
    expect((await callJson(mock, `${searchOwn.replace("/search", "/search/")}`)).status).toBe(200)
  })
})

describe("check order: 401 token → 429 → 400 Version → 401 scope → 403 location → 422/400 parameters → 404", () => {
  const cases: ReadonlyArray<readonly [string, string, Parameters<typeof callJson>[2], number]> = [
    ["bad token beats missing Version", searchOwn, { token: "x", version: null }, 401],
    ["missing Version beats missing scope", searchOwn, {
      version: null,
      token: primary.tokens.withoutConversationsScope
    }, 400],
    [
      "missing scope beats another location",
      searchPath(other.locationId),
      { token: primary.tokens.withoutConversationsScope },
      401
    ],
    ["another location beats bad parameters", `${searchPath(other.locationId)}&limit=0&foo=1`, {}, 403],
    ["another location's conversation beats bad parameters", `/conversations/${foreign}/messages?limit=0`, {}, 403],
    ["bad parameters beat an unknown conversation", "/conversations/AAAAAAAAAAAAAAAAAAAA/messages?limit=0", {}, 422],
    ["unknown conversation is last", "/conversations/AAAAAAAAAAAAAAAAAAAA", {}, 404]
  ]
  it.each(cases)("%s", async (_name, path, init, status) => {
    expect((await errorOf(path, init)).status).toBe(status)
  })
})

describe("bad input never gets a 500", () => {
  const names = [
    "locationId",
    "limit",
    "sort",
    "sortBy",
    "startAfterDate",
    "status",
    "query",
    "assignedTo",
    "type",
    "x"
  ]
  it.live.prop(
    "random query strings and paths answer 200/400/401/403/404/422 with a JSON body and a traceId",
    {
      path: FastCheck.constantFrom(
        "/conversations/search",
        `/conversations/${own}`,
        `/conversations/${own}/messages`,
        "/conversations/%E2%82%AC/messages",
        `/conversations/${foreign}`
      ),
      params: FastCheck.array(
        FastCheck.tuple(
          FastCheck.constantFrom(...names),
          FastCheck.oneof(FastCheck.string(), FastCheck.double().map(String))
        ),
        { maxLength: 6 }
      ),
      version: FastCheck.constantFrom<string | null>("2021-04-15", null, "garbage")
    },
    ({ params, path, version }) =>
      Effect.promise(async () => {
        const query = new URLSearchParams(params.map(([k, v]) => [k, v]))
        const res = await callJson(mock, `${path}?${query}`, { version })
        expect([200, 400, 401, 403, 404, 422]).toContain(res.status)
        expect(typeof (res.body as { traceId?: unknown }).traceId).toBe("string")
      }),
    { fastCheck: { numRuns: 150 } }
  )
})
