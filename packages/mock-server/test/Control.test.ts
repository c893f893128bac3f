import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockFaults } from "../src/index.js"
import { call, callJson, manualClock, searchPath } from "./support.js"

const control = (mock: HighLevelMock.HighLevelMock, method: string, path: string, body?: unknown) =>
  callJson(mock, `/__mock/${path}`, {
    method,
    token: null,
    version: null,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } })
  })

describe("typed control API", () => {
  it("journal: method, path, query, route, status, time, location, traceId, fault", async () => {
    const clock = manualClock(1_700_000_000_000)
    const mock = HighLevelMock.make({ seed: 2, now: clock.now })
    const { locationId } = mock.credentials
    await call(mock, searchPath(locationId, { limit: 3 }))
    clock.advance(10)
    mock.control.setFaults([MockFaults.rule("getConversation", MockFaults.serverError(502), { times: 1 })])
    await call(mock, "/conversations/AAAAAAAAAAAAAAAAAAAA")
    await call(mock, "/nowhere", { token: null })
    expect(mock.control.journal()).toEqual([
      {
        seq: 0,
        time: 1_700_000_000_000,
        method: "GET",
        path: "/conversations/search",
        query: { locationId, limit: "3" },
        route: "search",
        status: 200,
        traceId: expect.any(String),
        locationId
      },
      {
        seq: 1,
        time: 1_700_000_000_010,
        method: "GET",
        path: "/conversations/AAAAAAAAAAAAAAAAAAAA",
        query: {},
        route: "getConversation",
        status: 502,
        traceId: expect.any(String),
        locationId,
        fault: "serverError"
      },
      {
        seq: 2,
        time: 1_700_000_000_010,
        method: "GET",
        path: "/nowhere",
        query: {},
        route: "unmatched",
        status: 404,
        traceId: expect.any(String)
      }
    ])
    expect(mock.control.state().requests).toBe(3)
  })

  it("the journal keeps the newest journalLimit entries and returns copies", async () => {
    const mock = HighLevelMock.make({ seed: 2, journalLimit: 5, rateLimit: false })
    for (let i = 0; i < 23; i++) {
      await call(mock, `/conversations/search?locationId=${mock.credentials.locationId}&limit=${i + 1}`)
    }
    const journal = mock.control.journal()
    expect(journal.map((e) => e.seq)).toEqual([18, 19, 20, 21, 22])
    const copy = journal[0]
    if (copy !== undefined) (copy.query as Record<string, string>).limit = "x"
    expect(mock.control.journal()[0]?.query.limit).toBe("19")
    mock.control.clearJournal()
    expect(mock.control.journal()).toEqual([])
  })

  it("state: counts and settings", () => {
    const mock = HighLevelMock.make({ seed: 9, scenario: "many-locations", messagesShape: "flat", rateLimit: false })
    expect(mock.control.state()).toMatchObject({
      seed: 9,
      scenario: "many-locations",
      locations: 12,
      conversations: 240,
      messages: 1_200,
      requests: 0,
      faults: 0,
      messagesShape: "flat",
      rateLimit: false
    })
  })

  it("load: new data (credentials follow); omitted fields keep their value; a new scenario resets sizes", () => {
    const mock = HighLevelMock.make({ seed: 1, conversations: 12, rateLimit: false })
    const before = mock.credentials
    mock.control.load({ seed: 2 })
    expect(mock.credentials).not.toEqual(before)
    expect(mock.control.state()).toMatchObject({ seed: 2, conversations: 12 + 5, rateLimit: false })
    mock.control.load({ scenario: "long-conversation" })
    expect(mock.control.state()).toMatchObject({ seed: 2, scenario: "long-conversation", conversations: 1 + 5 })
    expect(() => mock.control.load({ conversations: 1_000_000 })).toThrow(RangeError)
    expect(mock.control.state().scenario).toBe("long-conversation")
  })

  it("reset: back to make()'s data, no faults, empty journal, fresh rate limits", async () => {
    const mock = HighLevelMock.make({ seed: 4 })
    const initial = mock.credentials
    await call(mock, searchPath(initial.locationId))
    mock.control.setFaults([MockFaults.rule("*", MockFaults.serverError(500))])
    mock.control.load({ seed: 5 })
    mock.control.setFaults([MockFaults.rule("*", MockFaults.serverError(500))])
    mock.control.reset()
    expect(mock.credentials).toEqual(initial)
    expect(mock.control.faults()).toEqual([])
    expect(mock.control.journal()).toEqual([])
    const res = await call(mock, searchPath(initial.locationId))
    expect(res.status).toBe(200)
    expect(res.headers.get("x-ratelimit-remaining")).toBe("99")
  })
})

describe("HTTP control API under /__mock/ (in-process here, over HTTP in Http.test.ts)", () => {
  it("mirrors the typed API: state, load, faults, journal, locations, reset, tokens/expire", async () => {
    const mock = HighLevelMock.make({ seed: 1 })
    expect((await control(mock, "GET", "state")).body).toMatchObject({ seed: 1, scenario: "default" })
    const loaded = await control(mock, "POST", "load", { seed: 3, scenario: "ties", rateLimit: false })
    expect(loaded.status).toBe(200)
    expect(loaded.body).toMatchObject({ state: { seed: 3, scenario: "ties", conversations: 305 } })
    expect(mock.control.state().seed).toBe(3)

    const rules = { rules: [{ route: "search", times: 1, fault: { _tag: "serverError", status: 503 } }] }
    expect((await control(mock, "PUT", "faults", rules)).body).toEqual({
      rules: [{ rule: rules.rules[0], remaining: 1, applied: 0 }]
    })
    expect((await call(mock, searchPath(mock.credentials.locationId))).status).toBe(503)
    expect((await control(mock, "GET", "faults")).body).toMatchObject({ rules: [{ remaining: 0, applied: 1 }] })
    expect((await control(mock, "GET", "journal?limit=1")).body).toMatchObject({
      entries: [{ route: "search", status: 503, fault: "serverError" }]
    })
    expect((await control(mock, "DELETE", "faults")).body).toEqual({ rules: [] })
    expect(mock.control.faults()).toEqual([])

    const locations = (await control(mock, "GET", "locations")).body as { locations: Array<{ locationId: string }> }
    expect(locations.locations.map((l) => l.locationId)).toEqual(mock.locations.map((l) => l.locationId))

    expect((await control(mock, "POST", "tokens/expire", { token: mock.credentials.token })).status).toBe(200)
    expect((await call(mock, searchPath(mock.credentials.locationId))).status).toBe(401)

    expect((await control(mock, "POST", "reset")).body).toMatchObject({ seed: 1, scenario: "default", requests: 0 })
    expect((await control(mock, "DELETE", "journal")).body).toEqual({ entries: [] })
  })

  it("rejects bad bodies with 400 and a readable message, and unknown control routes with 404", async () => {
    const mock = HighLevelMock.make({ seed: 1 })
    const badRule = await control(mock, "PUT", "faults", { rules: [{ route: "search", fault: { _tag: "explode" } }] })
    expect(badRule.status).toBe(400)
    expect((badRule.body as { message: string }).message).toContain("explode")
    const both = await control(mock, "PUT", "faults", {
      rules: [{ route: "search", times: 1, probability: 1, fault: { _tag: "latency", ms: 1 } }]
    })
    expect(both.status).toBe(400)
    const tooBig = await control(mock, "POST", "load", { conversations: 10_000_000 })
    expect(tooBig.status).toBe(400)
    const unknownField = await control(mock, "POST", "load", { sed: 1 })
    expect(unknownField.status).toBe(400)
    const notJson = await callJson(mock, "/__mock/load", { method: "POST", body: "{", token: null })
    expect(notJson.status).toBe(400)
    expect((await control(mock, "GET", "nope")).status).toBe(404)
    expect(mock.control.state().seed).toBe(1)
  })
})
