import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockScenario, MockWire } from "../src/index.js"
import { call, decode, searchPath } from "./support.js"

const ID = /^[A-Za-z0-9]{20}$/

/** A fixed request sequence touching every route, success and error; returns the raw bodies. */
const transcript = async (mock: HighLevelMock.HighLevelMock): Promise<Array<string>> => {
  const { locationId } = mock.credentials
  const ids = mock.locations[0]?.conversationIds ?? []
  const paths = [
    searchPath(locationId),
    searchPath(locationId, { limit: 5, sort: "asc", sortBy: "last_manual_message_date" }),
    `/conversations/${ids[0]}`,
    `/conversations/${ids[1]}/messages?limit=50`,
    `/conversations/${ids[2]}/messages?type=TYPE_CALL,TYPE_EMAIL`,
    `${searchPath(locationId)}&limit=0`,
    "/conversations/AAAAAAAAAAAAAAAAAAAA"
  ]
  const out: Array<string> = []
  for (const path of paths) out.push(await (await call(mock, path)).text())
  return out
}

describe("seed data", () => {
  it("the same seed gives byte-identical responses (trace ids included); another seed does not", async () => {
    const a = await transcript(HighLevelMock.make({ seed: 42, conversations: 60 }))
    const b = await transcript(HighLevelMock.make({ seed: 42, conversations: 60 }))
    const c = await transcript(HighLevelMock.make({ seed: 43, conversations: 60 }))
    expect(b).toEqual(a)
    expect(c).not.toEqual(a)
    expect(a.join("").length).toBeGreaterThan(10_000)
  })

  it("the same seed gives the same tokens; the data does not depend on the clock", () => {
    const a = HighLevelMock.make({ seed: 42, now: () => 0 })
    const b = HighLevelMock.make({ seed: 42, now: () => 9e12 })
    expect(b.locations).toEqual(a.locations)
    expect(b.store.conversationsOf(b.credentials.locationId)).toEqual(a.store.conversationsOf(a.credentials.locationId))
  })

  it("other locations do not change when the primary location's size does", () => {
    const small = HighLevelMock.make({ seed: 42, conversations: 3 })
    const big = HighLevelMock.make({ seed: 42, conversations: 300 })
    expect(big.locations[1]).toEqual(small.locations[1])
  })

  it("looks like HighLevel data: 20-char ids, E.164 phones, emails, every channel, both directions, flags", () => {
    const mock = HighLevelMock.make({ seed: 42, conversations: 400 })
    const docs = mock.store.conversationsOf(mock.credentials.locationId)
    for (const d of docs) {
      decode(MockWire.SearchConversation, d)
      expect(d.id).toMatch(ID)
      expect(d.contactId).toMatch(ID)
      expect(d.phone).toMatch(/^\+[1-9]\d{7,14}$/)
      expect(d.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/)
      expect(d.fullName).toMatch(/\S+ \S+/)
      expect(d.dateAdded).toBeLessThanOrEqual(d.lastMessageDate)
    }
    expect(new Set(docs.map((d) => d.type))).toEqual(
      new Set(["TYPE_PHONE", "TYPE_EMAIL", "TYPE_FB_MESSENGER", "TYPE_REVIEW", "TYPE_GROUP_SMS"])
    )
    expect(new Set(docs.map((d) => d.lastMessageDirection))).toEqual(new Set(["inbound", "outbound"]))
    expect(docs.some((d) => d.starred) && docs.some((d) => !d.starred)).toBe(true)
    expect(docs.some((d) => d.unreadCount > 0) && docs.some((d) => d.unreadCount === 0)).toBe(true)
    expect(docs.some((d) => d.assignedTo === undefined) && docs.some((d) => d.assignedTo !== undefined)).toBe(true)
    const spread = Math.max(...docs.map((d) => d.lastMessageDate)) - Math.min(...docs.map((d) => d.lastMessageDate))
    expect(spread).toBeGreaterThan(90 * 86_400_000)
    const values = docs.map((d) => d.lastMessageDate)
    expect(new Set(values).size).toBeLessThan(values.length) // bulk sends tie on lastMessageDate
    const get = mock.store.conversation(docs[0]?.id ?? "")
    expect(get === undefined ? undefined : decode(MockWire.Conversation, get).type).toBeGreaterThanOrEqual(1)
    const messages = docs.flatMap((d) => mock.store.messagesOf(d.id))
    for (const m of messages.slice(0, 500)) expect(m.id).toMatch(ID)
    expect(new Set(messages.map((m) => m.messageType))).toEqual(
      new Set(
        [
          "TYPE_SMS",
          "TYPE_CALL",
          "TYPE_EMAIL",
          "TYPE_WEBCHAT",
          "TYPE_CAMPAIGN_SMS",
          "TYPE_FACEBOOK",
          "TYPE_INSTAGRAM",
          "TYPE_REVIEW",
          "TYPE_GMB"
        ]
      )
    )
  })

  it("message type numbers follow the API notes' anchors", () => {
    const mock = HighLevelMock.make({ seed: 42, conversations: 200 })
    const numbers = new Map<string, number>()
    for (const id of mock.locations[0]?.conversationIds ?? []) {
      for (const m of mock.store.messagesOf(id)) numbers.set(m.messageType, m.type)
    }
    expect(numbers.get("TYPE_CALL")).toBe(1)
    expect(numbers.get("TYPE_SMS")).toBe(2)
    expect(numbers.get("TYPE_EMAIL")).toBe(3)
    expect(numbers.get("TYPE_WEBCHAT")).toBe(5)
    expect(numbers.get("TYPE_CAMPAIGN_SMS")).toBe(7)
    expect(numbers.get("TYPE_FACEBOOK")).toBe(11)
  })

  it("sizes: total messages exact, per-conversation average, bounds checked", () => {
    expect(HighLevelMock.make({ conversations: 30, messages: 777 }).control.state()).toMatchObject({
      conversations: 35,
      messages: 777 + 20
    })
    expect(HighLevelMock.make({ conversations: 10, messagesPerConversation: 3 }).control.state().messages).toBe(30 + 20)
    expect(HighLevelMock.make({ conversations: 10, messages: 4 }).control.state().messages).toBe(4 + 20)
    expect(() => HighLevelMock.make({ conversations: MockScenario.limits.conversations + 1 })).toThrow(RangeError)
    expect(() => HighLevelMock.make({ scenario: "empty", messages: 3 })).toThrow(RangeError)
    expect(() => HighLevelMock.make({ conversations: 1.5 })).toThrow(RangeError)
  })

  it("scenarios: empty, long-conversation, ties, many-locations", () => {
    const empty = HighLevelMock.make({ scenario: "empty" })
    expect(empty.store.conversationsOf(empty.credentials.locationId)).toEqual([])
    expect(empty.locations[1]?.conversationIds.length).toBeGreaterThan(0)

    const long = HighLevelMock.make({ scenario: "long-conversation" })
    expect(long.locations[0]?.conversationIds).toHaveLength(1)
    expect(long.store.messagesOf(long.locations[0]?.conversationIds[0] ?? "").length).toBeGreaterThanOrEqual(1_000)

    const many = HighLevelMock.make({ scenario: "many-locations" })
    expect(many.locations).toHaveLength(12)
    const tokens = many.locations.flatMap((l) => Object.values(l.tokens))
    expect(new Set(tokens).size).toBe(12 * 5)
    expect(new Set(many.locations.map((l) => l.locationId)).size).toBe(12)
    for (const name of MockScenario.names) expect(MockScenario.descriptions[name].length).toBeGreaterThan(10)
  })
})
