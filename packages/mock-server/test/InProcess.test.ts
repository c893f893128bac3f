/**
 * Delivery mode 1: msw's `setupServer` intercepting the global fetch. This file must never talk to a real-HTTP mock
 * server (msw would intercept those requests too); Http.test.ts covers that mode.
 */
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { getResponse } from "msw"
import { setupServer } from "msw/node"
import { HighLevelMock, MockFaults, MockWire } from "../src/index.js"
import { decode } from "./support.js"

const mock = HighLevelMock.make({ seed: 12, rateLimit: false })
const server = setupServer(...mock.handlers)
const headers = { Authorization: `Bearer ${mock.credentials.token}`, Version: "2021-04-15" }

beforeAll(() => server.listen({ onUnhandledRequest: "error" }))
afterAll(() => server.close())

describe("setupServer(...mock.handlers)", () => {
  it("answers on any origin: the real base URL, mock.local, a local port", async () => {
    const { locationId } = mock.credentials
    for (const origin of ["https://services.leadconnectorhq.com", "http://mock.local", "http://127.0.0.1:4010"]) {
      const res = await fetch(`${origin}/conversations/search?locationId=${locationId}&limit=3`, { headers })
      expect(res.status).toBe(200)
      const body = decode(MockWire.SearchResponse, await res.json())
      expect(body.conversations.map((c) => c.id)).toEqual(mock.locations[0]?.conversationIds.slice(0, 3))
    }
  })

  it("routes /conversations/search before /conversations/:conversationId, and messages after both", async () => {
    const id = mock.locations[0]?.conversationIds[0] ?? ""
    const get = await fetch(`http://mock.local/conversations/${id}`, { headers })
    expect(decode(MockWire.ConversationResponse, await get.json()).id).toBe(id)
    const messages = await fetch(`http://mock.local/conversations/${id}/messages?limit=1`, { headers })
    expect(decode(MockWire.MessagesResponseWrapped, await messages.json()).messages.messages).toHaveLength(1)
    const search = await fetch("http://mock.local/conversations/search", { headers })
    expect(search.status).toBe(422)
  })

  it("unknown routes under /conversations answer a 404 JSON", async () => {
    const res = await fetch("http://mock.local/conversations/a/b/c", { headers })
    expect(res.status).toBe(404)
    expect(decode(MockWire.ErrorBody, await res.json()).message).toBe("Cannot GET /conversations/a/b/c")
  })

  it("connectionReset makes fetch reject; truncatedBody makes reading the body fail", async () => {
    const id = mock.locations[0]?.conversationIds[0] ?? ""
    mock.control.setFaults([
      MockFaults.rule("getConversation", MockFaults.connectionReset(), { times: 1 }),
      MockFaults.rule("getConversation", MockFaults.truncatedBody(), { times: 1 })
    ])
    await expect(fetch(`http://mock.local/conversations/${id}`, { headers })).rejects.toThrow(TypeError)
    const truncated = await fetch(`http://mock.local/conversations/${id}`, { headers })
    await expect(truncated.text()).rejects.toThrow()
    expect((await fetch(`http://mock.local/conversations/${id}`, { headers })).status).toBe(200)
    mock.control.clearFaults()
  })

  it("the control API works in-process too", async () => {
    const res = await fetch("http://mock.local/__mock/state")
    expect(await res.json()).toMatchObject({ seed: 12, scenario: "default" })
  })

  it("with baseUrl, the handlers only match that origin", async () => {
    const pinned = HighLevelMock.make({ seed: 12, baseUrl: "https://services.leadconnectorhq.com" })
    server.resetHandlers(...pinned.handlers)
    try {
      const ok = await fetch(
        `https://services.leadconnectorhq.com/conversations/search?locationId=${pinned.credentials.locationId}`,
        { headers: { Authorization: `Bearer ${pinned.credentials.token}`, Version: "2021-04-15" } }
      )
      expect(ok.status).toBe(200)
      // onUnhandledRequest: "error" fails the request instead of letting it reach the network.
      await expect(fetch("http://mock.local/conversations/search")).rejects.toThrow()
      await expect(fetch("https://services.leadconnectorhq.com.evil.test/conversations/search")).rejects.toThrow()
    } finally {
      server.resetHandlers()
    }
  })
})

// msw's own entry point, called directly: no interception of the global fetch is involved.
describe("mock.fetch (no msw in between)", () => {
  it("answers as the msw handlers do: same bodies, the same 404 for an unknown route, the control API", async () => {
    // Two mocks of the same seed: each request changes state (journal, trace ids) in the mock that answers it.
    const viaMsw = HighLevelMock.make({ seed: 12, rateLimit: false })
    const twin = HighLevelMock.make({ seed: 12, rateLimit: false })
    const id = twin.locations[0]?.conversationIds[0] ?? ""
    for (const path of [`/conversations/${id}`, `/conversations/${id}/messages?limit=2`, "/conversations/a/b/c"]) {
      const expected = await getResponse([...viaMsw.handlers], new Request(`http://mock.local${path}`, { headers }))
      const direct = await twin.fetch(new Request(`http://mock.local${path}`, { headers }))
      expect([direct.status, await direct.json()]).toEqual([expected?.status, await expected?.json()])
    }
    const state = await twin.fetch(new Request("http://mock.local/__mock/state"))
    expect(await state.json()).toMatchObject({ seed: 12, scenario: "default" })
  })

  it("with baseUrl, another origin gets the 404 JSON and nothing reaches a route", async () => {
    const pinned = HighLevelMock.make({ seed: 12, baseUrl: "https://services.leadconnectorhq.com" })
    const res = await pinned.fetch(new Request("http://mock.local/__mock/state"))
    expect(res.status).toBe(404)
    expect(decode(MockWire.ErrorBody, await res.json()).message).toBe("Cannot GET /__mock/state")
  })
})
