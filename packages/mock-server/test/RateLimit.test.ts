import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockFaults, MockWire } from "../src/index.js"
import { call, callJson, decode, manualClock, RATE_LIMIT_HEADERS, searchPath } from "./support.js"

const figures = (headers: Headers) => Object.fromEntries(RATE_LIMIT_HEADERS.map((h) => [h, headers.get(h)]))

describe("rate limits", () => {
  it("the five X-RateLimit-* headers are on every response: 200, 4xx, 404 routes and 5xx faults", async () => {
    const mock = HighLevelMock.make({ seed: 1 })
    const { locationId } = mock.credentials
    const id = mock.locations[0]?.conversationIds[0] ?? ""
    mock.control.setFaults([MockFaults.rule("getMessages", MockFaults.serverError(503))])
    const responses = [
      await call(mock, searchPath(locationId)),
      await call(mock, `/conversations/${id}`),
      await call(mock, searchPath(locationId), { token: "nope" }),
      await call(mock, searchPath(locationId), { version: null }),
      await call(mock, `${searchPath(locationId)}&limit=0`),
      await call(mock, "/conversations/AAAAAAAAAAAAAAAAAAAA"),
      await call(mock, "/conversations/x/y/z"),
      await call(mock, `/conversations/${id}/messages`)
    ]
    expect(responses.map((r) => r.status)).toEqual([200, 200, 401, 400, 422, 404, 404, 503])
    for (const r of responses) {
      expect(r.headers.get("x-ratelimit-max")).toBe("100")
      expect(r.headers.get("x-ratelimit-interval-milliseconds")).toBe("10000")
      expect(r.headers.get("x-ratelimit-limit-daily")).toBe("200000")
      expect(r.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/)
      expect(r.headers.get("x-ratelimit-daily-remaining")).toMatch(/^\d+$/)
    }
  })

  it("counts every authenticated request of a location; unauthenticated ones show full figures", async () => {
    const mock = HighLevelMock.make({ seed: 1 })
    const { locationId } = mock.credentials
    const first = await call(mock, searchPath(locationId))
    const second = await call(mock, `${searchPath(locationId)}&limit=0`)
    const anonymous = await call(mock, searchPath(locationId), { token: null })
    expect(first.headers.get("x-ratelimit-remaining")).toBe("99")
    expect(second.headers.get("x-ratelimit-remaining")).toBe("98")
    expect(second.headers.get("x-ratelimit-daily-remaining")).toBe("199998")
    expect(anonymous.headers.get("x-ratelimit-remaining")).toBe("100")
  })

  it("burst: 429 with the documented body once the window is used up, then a new window", async () => {
    const clock = manualClock()
    const mock = HighLevelMock.make({
      seed: 1,
      rateLimit: { burst: 3, intervalMs: 1_000, daily: 1_000 },
      now: clock.now
    })
    const path = searchPath(mock.credentials.locationId, { limit: 1 })
    const statuses: Array<number> = []
    for (let i = 0; i < 3; i++) statuses.push((await call(mock, path)).status)
    clock.advance(999)
    const limited = await callJson(mock, path)
    expect(statuses).toEqual([200, 200, 200])
    expect(limited.status).toBe(429)
    expect(decode(MockWire.ErrorBody, limited.body)).toMatchObject({ statusCode: 429, message: "Too Many Requests" })
    expect(figures(limited.headers)).toEqual({
      "x-ratelimit-max": "3",
      "x-ratelimit-remaining": "0",
      "x-ratelimit-interval-milliseconds": "1000",
      "x-ratelimit-limit-daily": "1000",
      "x-ratelimit-daily-remaining": "997"
    })
    clock.advance(1)
    const next = await call(mock, path)
    expect(next.status).toBe(200)
    expect(next.headers.get("x-ratelimit-remaining")).toBe("2")
  })

  it("daily: 429 with X-RateLimit-Daily-Remaining 0, until the next UTC day", async () => {
    const clock = manualClock(Date.UTC(2025, 0, 1, 23, 0))
    const mock = HighLevelMock.make({ seed: 1, rateLimit: { burst: 100, intervalMs: 1_000, daily: 2 }, now: clock.now })
    const path = searchPath(mock.credentials.locationId, { limit: 1 })
    expect((await call(mock, path)).status).toBe(200)
    clock.advance(5_000)
    expect((await call(mock, path)).status).toBe(200)
    clock.advance(5_000)
    const limited = await call(mock, path)
    expect(limited.status).toBe(429)
    expect(limited.headers.get("x-ratelimit-daily-remaining")).toBe("0")
    clock.advance(60 * 60_000)
    expect((await call(mock, path)).status).toBe(200)
  })

  it("buckets are per location", async () => {
    const clock = manualClock()
    const mock = HighLevelMock.make({ seed: 1, rateLimit: { burst: 1 }, now: clock.now })
    const [a, b] = mock.locations
    if (a === undefined || b === undefined) throw new Error("two locations expected")
    expect((await call(mock, searchPath(a.locationId), { token: a.tokens.full })).status).toBe(200)
    expect((await call(mock, searchPath(a.locationId), { token: a.tokens.full })).status).toBe(429)
    expect((await call(mock, searchPath(b.locationId), { token: b.tokens.full })).status).toBe(200)
    expect(mock.control.state().rateLimitByLocation[a.locationId]).toEqual({ remaining: 0, dailyRemaining: 199_999 })
  })

  it("rateLimit: false never answers 429 and reports full figures", async () => {
    const mock = HighLevelMock.make({ seed: 1, rateLimit: false })
    const path = searchPath(mock.credentials.locationId, { limit: 1 })
    const statuses = new Set<number>()
    let last: Response | undefined
    for (let i = 0; i < 150; i++) {
      last = await call(mock, path)
      statuses.add(last.status)
    }
    expect([...statuses]).toEqual([200])
    expect(last?.headers.get("x-ratelimit-remaining")).toBe("100")
  })

  it("sliding: a request passes only when fewer than `burst` arrived in the interval before it", async () => {
    const clock = manualClock()
    const mock = HighLevelMock.make({
      seed: 1,
      rateLimit: { burst: 3, intervalMs: 1_000, window: "sliding" },
      now: clock.now
    })
    const path = searchPath(mock.credentials.locationId, { limit: 1 })
    const status = async () => (await call(mock, path)).status
    // Arrivals at 0, 400 and 800 fill the window.
    const first = [await status()]
    clock.advance(400)
    first.push(await status())
    clock.advance(400)
    first.push(await status())
    // At 999 the first arrival is still in the last second: refused (a fixed window opened at 0 would be as full).
    clock.advance(199)
    const at999 = await call(mock, path)
    // At 1000 the first arrival has left the window: one request passes, then the window is full again.
    clock.advance(1)
    const at1000 = await call(mock, path)
    const at1000Again = await status()
    // A fixed window opened at 1000 would refuse until 2000; the sliding one frees the arrival of 400 at 1400.
    clock.advance(399)
    const at1399 = await status()
    clock.advance(1)
    const at1400 = await call(mock, path)
    expect(first).toEqual([200, 200, 200])
    expect(at999.status).toBe(429)
    expect(at999.headers.get("x-ratelimit-remaining")).toBe("0")
    expect(at1000.status).toBe(200)
    expect(at1000.headers.get("x-ratelimit-remaining")).toBe("0")
    expect(at1000Again).toBe(429)
    expect(at1399).toBe(429)
    expect(at1400.status).toBe(200)
    expect(mock.control.state().rateLimit).toMatchObject({ burst: 3, intervalMs: 1_000, window: "sliding" })
  })

  it("fixed: a burst at the end of one window and another at the start of the next both pass", async () => {
    const clock = manualClock()
    const mock = HighLevelMock.make({ seed: 1, rateLimit: { burst: 2, intervalMs: 1_000 }, now: clock.now })
    const path = searchPath(mock.credentials.locationId, { limit: 1 })
    const statuses: Array<number> = [(await call(mock, path)).status]
    clock.advance(990)
    statuses.push((await call(mock, path)).status)
    clock.advance(10)
    statuses.push((await call(mock, path)).status, (await call(mock, path)).status, (await call(mock, path)).status)
    // Three requests within 10 ms passed: a fixed window lets up to twice the burst into one interval-long span.
    expect(statuses).toEqual([200, 200, 200, 200, 429])
    expect(mock.control.state().rateLimit).toMatchObject({ window: "fixed" })
  })

  it("the window kind is a load option: the control API switches it and starts the counts over", async () => {
    const clock = manualClock()
    const mock = HighLevelMock.make({ seed: 1, rateLimit: { burst: 1, intervalMs: 1_000 }, now: clock.now })
    const path = searchPath(mock.credentials.locationId, { limit: 1 })
    expect((await call(mock, path)).status).toBe(200)
    const load = await mock.fetch(
      new Request("http://mock.local/__mock/load", {
        method: "POST",
        body: JSON.stringify({ rateLimit: { burst: 1, intervalMs: 1_000, window: "sliding" } })
      })
    )
    const bad = await mock.fetch(
      new Request("http://mock.local/__mock/load", {
        method: "POST",
        body: JSON.stringify({ rateLimit: { window: "leaky" } })
      })
    )
    expect(load.status).toBe(200)
    expect(bad.status).toBe(400)
    expect(mock.control.state().rateLimit).toMatchObject({ burst: 1, window: "sliding" })
    expect((await call(mock, path)).status).toBe(200)
    expect((await call(mock, path)).status).toBe(429)
  })
})
