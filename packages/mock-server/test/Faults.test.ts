import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockFaults, MockWire } from "../src/index.js"
import { call, callJson, decode, searchPath } from "./support.js"

const setup = (rules: ReadonlyArray<MockFaults.FaultRule>) => {
  const mock = HighLevelMock.make({ seed: 5, rateLimit: false })
  mock.control.setFaults(rules)
  const id = mock.locations[0]?.conversationIds[0] ?? ""
  return { mock, id, path: `/conversations/${id}` }
}

const readAll = async (response: Response) => {
  const reader = response.body?.getReader()
  if (reader === undefined) return { bytes: 0, chunks: 0, text: "" }
  const parts: Array<Uint8Array> = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parts.push(value)
  }
  const text = Buffer.concat(parts).toString("utf8")
  return { bytes: Buffer.byteLength(text), chunks: parts.length, text }
}

describe("fault kinds", () => {
  it("rateLimited: 429, headers at zero, Retry-After when set, daily zeroes Daily-Remaining", async () => {
    const { mock, path } = setup([
      MockFaults.rule("getConversation", MockFaults.rateLimited({ retryAfterSeconds: 7 }), { times: 1 }),
      MockFaults.rule("getConversation", MockFaults.rateLimited({ daily: true }), { times: 1 })
    ])
    const first = await callJson(mock, path)
    expect(first.status).toBe(429)
    expect(decode(MockWire.ErrorBody, first.body)).toMatchObject({ statusCode: 429, message: "Too Many Requests" })
    expect(first.headers.get("retry-after")).toBe("7")
    expect(first.headers.get("x-ratelimit-remaining")).toBe("0")
    expect(first.headers.get("x-ratelimit-daily-remaining")).toBe("200000")
    const second = await call(mock, path)
    expect(second.status).toBe(429)
    expect(second.headers.get("retry-after")).toBeNull()
    expect(second.headers.get("x-ratelimit-daily-remaining")).toBe("0")
  })

  it.each([500, 502, 503, 504] as const)("serverError %d: a JSON body with statusCode and traceId", async (status) => {
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.serverError(status))])
    const res = await callJson(mock, path)
    expect(res.status).toBe(status)
    expect(decode(MockWire.ErrorBody, res.body).statusCode).toBe(status)
    expect(res.headers.get("x-ratelimit-max")).toBe("100")
  })

  it("latency: the normal answer, late", async () => {
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.latency(120))])
    const started = performance.now()
    const res = await call(mock, path)
    expect(performance.now() - started).toBeGreaterThanOrEqual(110)
    expect(res.status).toBe(200)
  })

  it("connectionReset: a network error (Response.error) in-process", async () => {
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.connectionReset())])
    const res = await call(mock, path)
    expect(res.type).toBe("error")
    expect(mock.control.journal().at(-1)).toMatchObject({ status: 0, fault: "connectionReset" })
  })

  it("malformedJson: 200, application/json, but not JSON", async () => {
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.malformedJson())])
    const res = await call(mock, path)
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8")
    expect(res.headers.get("content-length")).toBe(String(Buffer.byteLength(text)))
    expect(() => JSON.parse(text)).toThrow()
  })

  it("truncatedBody: the full Content-Length is announced, half arrives, then the body fails", async () => {
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.truncatedBody())])
    const res = await call(mock, path)
    expect(res.status).toBe(200)
    const declared = Number(res.headers.get("content-length"))
    expect(declared).toBeGreaterThan(100)
    await expect(res.text()).rejects.toThrow(/truncatedBody/)
  })

  it("wrongContentType: the JSON body labelled text/plain", async () => {
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.wrongContentType())])
    const res = await call(mock, path)
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8")
    expect(decode(MockWire.ConversationResponse, JSON.parse(await res.text())).id).toBeTypeOf("string")
  })

  it("htmlErrorPage: a proxy's HTML page, no JSON, no rate-limit headers", async () => {
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.htmlErrorPage(504))])
    const res = await call(mock, path)
    expect(res.status).toBe(504)
    expect(res.headers.get("content-type")).toBe("text/html")
    expect(res.headers.get("x-ratelimit-max")).toBeNull()
    expect(await res.text()).toContain("<title>504 Gateway Timeout</title>")
  })

  it("hugeBody: valid JSON of the requested extra size, streamed in chunks", async () => {
    const bytes = 3 * 1024 * 1024 + 5
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.hugeBody(bytes))])
    const res = await call(mock, path)
    const declared = Number(res.headers.get("content-length"))
    const body = await readAll(res)
    expect(body.bytes).toBe(declared)
    expect(body.bytes).toBeGreaterThan(bytes)
    expect(body.chunks).toBeGreaterThan(40)
    const parsed = JSON.parse(body.text) as { _padding: string }
    expect(parsed._padding).toHaveLength(bytes)
    const { _padding, ...rest } = parsed
    expect(decode(MockWire.ConversationResponse, rest).id).toBeTypeOf("string")
  })

  it("slowBody: the real body in N chunks, each after the delay", async () => {
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.slowBody({ chunks: 4, delayMs: 40 }))])
    const started = performance.now()
    const res = await call(mock, path)
    const body = await readAll(res)
    expect(performance.now() - started).toBeGreaterThanOrEqual(150)
    expect(body.chunks).toBe(4)
    expect(body.bytes).toBe(Number(res.headers.get("content-length")))
    expect(decode(MockWire.ConversationResponse, JSON.parse(body.text)).id).toBeTypeOf("string")
  })
})

describe("fault rules", () => {
  it("times: fail N times, then succeed; faults() reports the counts", async () => {
    const { mock, path } = setup([MockFaults.rule("getConversation", MockFaults.serverError(503), { times: 2 })])
    const statuses = [await call(mock, path), await call(mock, path), await call(mock, path)].map((r) => r.status)
    expect(statuses).toEqual([503, 503, 200])
    expect(mock.control.faults()[0]).toMatchObject({ remaining: 0, applied: 2 })
    expect(mock.control.state().faults).toBe(0)
  })

  it("probability + seed: reproducible, and about the requested share", async () => {
    const run = async (seed: number) => {
      const { mock, path } = setup([
        MockFaults.rule("getConversation", MockFaults.serverError(500), { probability: 0.3, seed })
      ])
      const out: Array<number> = []
      for (let i = 0; i < 200; i++) out.push((await call(mock, path)).status)
      return out
    }
    const a = await run(9)
    expect(await run(9)).toEqual(a)
    expect(await run(10)).not.toEqual(a)
    const failed = a.filter((s) => s === 500).length
    expect(failed).toBeGreaterThan(35)
    expect(failed).toBeLessThan(85)
  })

  it("route and location: a rule only hits its route ('*' hits all API routes) and its location", async () => {
    const mock = HighLevelMock.make({ seed: 5, rateLimit: false })
    const [a, b] = mock.locations
    if (a === undefined || b === undefined) throw new Error("two locations expected")
    mock.control.setFaults([MockFaults.rule("search", MockFaults.serverError(502), { locationId: b.locationId })])
    expect((await call(mock, searchPath(a.locationId), { token: a.tokens.full })).status).toBe(200)
    expect((await call(mock, searchPath(b.locationId), { token: b.tokens.full })).status).toBe(502)
    expect((await call(mock, `/conversations/${b.conversationIds[0]}`, { token: b.tokens.full })).status).toBe(200)
    mock.control.setFaults([MockFaults.rule("*", MockFaults.serverError(500))])
    const id = a.conversationIds[0] ?? ""
    const all = [searchPath(a.locationId), `/conversations/${id}`, `/conversations/${id}/messages`]
    for (const path of all) expect((await call(mock, path)).status).toBe(500)
    expect((await call(mock, "/__mock/state")).status).toBe(200)
  })

  it("the first active matching rule wins; spent rules let the next one apply", async () => {
    const { mock, path } = setup([
      MockFaults.rule("getConversation", MockFaults.serverError(502), { times: 1 }),
      MockFaults.rule("*", MockFaults.serverError(503), { times: 1 })
    ])
    expect([(await call(mock, path)).status, (await call(mock, path)).status, (await call(mock, path)).status])
      .toEqual([502, 503, 200])
  })

  it("faults answer before authentication and are not counted against the rate limit", async () => {
    const mock = HighLevelMock.make({ seed: 5 })
    mock.control.setFaults([MockFaults.rule("search", MockFaults.serverError(503), { times: 1 })])
    const path = searchPath(mock.credentials.locationId)
    expect((await call(mock, path, { token: "bad" })).status).toBe(503)
    const ok = await call(mock, path)
    expect(ok.headers.get("x-ratelimit-remaining")).toBe("99")
  })

  it("rules are validated: times and probability together, bad status, negative latency", () => {
    expect(() => MockFaults.rule("search", MockFaults.latency(10), { times: 1, probability: 0.5 })).toThrow(
      /times or probability/
    )
    expect(() => MockFaults.rule("search", MockFaults.latency(10), { times: 0 })).toThrow()
    expect(() => MockFaults.latency(-1)).toThrow()
    const mock = HighLevelMock.make()
    expect(() => mock.control.setFaults([{ route: "search", fault: { _tag: "serverError", status: 501 } } as never]))
      .toThrow()
  })
})
