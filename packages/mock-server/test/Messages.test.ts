import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import { HighLevelMock, MockWire } from "../src/index.js"
import { callJson, decode } from "./support.js"

const page = async (mock: HighLevelMock.HighLevelMock, id: string, params: Record<string, string | number> = {}) => {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))
  const res = await callJson(mock, `/conversations/${id}/messages${query.size > 0 ? `?${query}` : ""}`)
  return { ...res, page: res.status === 200 ? decode(MockWire.MessagesResponseWrapped, res.body).messages : undefined }
}

/** Follows `lastMessageId` while `nextPage`, as a client does; bounded. */
const walk = async (
  mock: HighLevelMock.HighLevelMock,
  id: string,
  limit: number,
  params: Record<string, string> = {}
) => {
  const out: Array<MockWire.Message> = []
  let cursor: string | undefined
  for (let i = 0; i < 2 + Math.ceil(mock.store.counts().messages / limit); i++) {
    const { page: p } = await page(mock, id, {
      ...params,
      limit,
      ...(cursor === undefined ? {} : { lastMessageId: cursor })
    })
    if (p === undefined) throw new Error("not a 200")
    expect(p.messages.length).toBeLessThanOrEqual(limit)
    out.push(...p.messages)
    if (p.messages.length > 0) expect(p.lastMessageId).toBe(p.messages[p.messages.length - 1]?.id)
    if (!p.nextPage) return out
    cursor = p.lastMessageId
  }
  throw new Error("nextPage never became false")
}

describe("GET /conversations/{id}/messages", () => {
  const mock = HighLevelMock.make({ seed: 3, conversations: 40, messagesPerConversation: 30, rateLimit: false })
  const ids = mock.locations[0]?.conversationIds ?? []
  const busiest = [...ids].sort((a, b) => mock.store.messagesOf(b).length - mock.store.messagesOf(a).length)[0] ?? ""

  it("answers the wrapped body, 20 newest first, ISO dateAdded, nextPage and lastMessageId", async () => {
    const all = mock.store.messagesOf(busiest)
    expect(all.length).toBeGreaterThan(20)
    const { page: p, status } = await page(mock, busiest)
    expect(status).toBe(200)
    expect(p?.messages.map((m) => m.id)).toEqual(all.slice(0, 20).map((m) => m.id))
    expect(p?.nextPage).toBe(true)
    expect(p?.lastMessageId).toBe(all[19]?.id)
    const times = (p?.messages ?? []).map((m) => Date.parse(m.dateAdded))
    expect(times).toEqual([...times].sort((a, b) => b - a))
    for (const m of p?.messages ?? []) expect(new Date(m.dateAdded).toISOString()).toBe(m.dateAdded)
  })

  it("the cursor is exclusive: the next page starts right after lastMessageId", async () => {
    const all = mock.store.messagesOf(busiest)
    const { page: p } = await page(mock, busiest, { lastMessageId: all[4]?.id ?? "", limit: 3 })
    expect(p?.messages.map((m) => m.id)).toEqual(all.slice(5, 8).map((m) => m.id))
  })

  it("walking every page returns every message once, in order, for several page sizes", async () => {
    for (const id of ids.slice(0, 10)) {
      for (const limit of [1, 7, 20, 100]) {
        expect((await walk(mock, id, limit)).map((m) => m.id)).toEqual(mock.store.messagesOf(id).map((m) => m.id))
      }
    }
  })

  it("type filter: only the listed types; nextPage only when another matching message follows", async () => {
    const all = mock.store.messagesOf(busiest)
    const types = ["TYPE_CALL", "TYPE_EMAIL"]
    const expected = all.filter((m) => types.includes(m.messageType))
    const walked = await walk(mock, busiest, 2, { type: types.join(",") })
    expect(walked.map((m) => m.id)).toEqual(expected.map((m) => m.id))
    const sms = all.filter((m) => m.messageType === "TYPE_SMS")
    const { page: p } = await page(mock, busiest, { type: "TYPE_SMS", limit: sms.length })
    expect(p?.messages).toHaveLength(sms.length)
    expect(p?.nextPage).toBe(false)
  })

  it("an empty page has nextPage false and no lastMessageId", async () => {
    const { page: p } = await page(mock, busiest, { type: "TYPE_TIKTOK" })
    expect(p).toEqual({ nextPage: false, messages: [] })
    const last = mock.store.messagesOf(busiest).at(-1)?.id ?? ""
    const after = await page(mock, busiest, { lastMessageId: last })
    expect(after.page).toEqual({ nextPage: false, messages: [] })
  })

  it("accepts TYPE_INTERNAL_COMMENTS (the filter's spelling)", async () => {
    const { status } = await page(mock, busiest, { type: "TYPE_INTERNAL_COMMENTS,TYPE_SMS" })
    expect(status).toBe(200)
  })

  it("call messages carry meta.call and no body; inbound calls no userId; emails carry meta.email.messageIds", () => {
    const messages = ids.flatMap((id) => mock.store.messagesOf(id))
    const calls = messages.filter((m) => m.messageType === "TYPE_CALL")
    const emails = messages.filter((m) => m.messageType === "TYPE_EMAIL")
    expect(calls.length).toBeGreaterThan(0)
    expect(emails.length).toBeGreaterThan(0)
    for (const m of calls) {
      expect(m.type).toBe(1)
      expect(m.body).toBeUndefined()
      expect(typeof m.meta?.call?.duration).toBe("number")
      expect(m.meta?.call?.status).toMatch(/^(completed|no-answer|voicemail|busy|canceled)$/)
      if (m.direction === "inbound") expect(m.userId).toBeUndefined()
    }
    for (const m of emails) {
      expect(m.type).toBe(3)
      expect(m.meta?.email?.messageIds.length).toBeGreaterThan(0)
      expect(m.contentType).toBe("text/html")
    }
    expect(new Set(messages.map((m) => m.direction))).toEqual(new Set(["inbound", "outbound"]))
  })

  it("messagesShape: flat serves the documented body", async () => {
    const flat = HighLevelMock.make({ seed: 3, messagesShape: "flat" })
    const id = flat.locations[0]?.conversationIds[0] ?? ""
    const res = await callJson(flat, `/conversations/${id}/messages?limit=2`)
    const body = decode(MockWire.MessagesResponseFlat, res.body)
    expect(body.messages.map((m) => m.id)).toEqual(flat.store.messagesOf(id).slice(0, 2).map((m) => m.id))
  })

  it("a conversation with 1,000+ messages pages through completely (long-conversation scenario)", async () => {
    const long = HighLevelMock.make({ scenario: "long-conversation", rateLimit: false })
    const id = long.locations[0]?.conversationIds[0] ?? ""
    const all = long.store.messagesOf(id)
    expect(all.length).toBeGreaterThanOrEqual(1_000)
    const walked = await walk(long, id, 100)
    expect(walked.map((m) => m.id)).toEqual(all.map((m) => m.id))
    expect(new Set(walked.map((m) => m.id)).size).toBe(all.length)
  })

  it.live.prop(
    "random sizes, page sizes and type filters: every message exactly once, newest first",
    {
      seed: FastCheck.integer({ min: 0, max: 100_000 }),
      perConversation: FastCheck.integer({ min: 0, max: 60 }),
      limit: FastCheck.integer({ min: 1, max: 25 }),
      types: FastCheck.subarray(["TYPE_SMS", "TYPE_CALL", "TYPE_EMAIL", "TYPE_FACEBOOK", "TYPE_CAMPAIGN_SMS"])
    },
    ({ limit, perConversation, seed, types }) =>
      Effect.promise(async () => {
        const m = HighLevelMock.make({
          seed,
          conversations: 3,
          messagesPerConversation: perConversation,
          rateLimit: false
        })
        for (const id of m.locations[0]?.conversationIds ?? []) {
          const expected = m.store.messagesOf(id).filter((x) => types.length === 0 || types.includes(x.messageType))
          const walked = await walk(m, id, limit, types.length === 0 ? {} : { type: types.join(",") })
          expect(walked.map((x) => x.id)).toEqual(expected.map((x) => x.id))
        }
      }),
    { fastCheck: { numRuns: 40 } }
  )
})
