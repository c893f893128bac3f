import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FastCheck from "effect/FastCheck"
import { HighLevelMock, type MockScenario, MockWire } from "../src/index.js"
import { callJson, decode, searchPath } from "./support.js"

type Doc = MockWire.SearchConversation
type Params = Record<string, string | number>

/** Walks every page with `startAfterDate` = sort[0] of the last document, as a client does; bounded. */
const walk = async (mock: HighLevelMock.HighLevelMock, locationId: string, params: Params, limit: number) => {
  const docs: Array<Doc> = []
  const totals = new Set<number>()
  let cursor: number | undefined
  const maxPages = 2 + Math.ceil(mock.store.counts().conversations / limit)
  for (let page = 0; page < maxPages; page++) {
    const res = await callJson(
      mock,
      searchPath(locationId, { ...params, limit, ...(cursor === undefined ? {} : { startAfterDate: cursor }) })
    )
    expect(res.status).toBe(200)
    const body = decode(MockWire.SearchResponse, res.body)
    totals.add(body.total)
    docs.push(...body.conversations)
    const last = body.conversations[body.conversations.length - 1]
    if (body.conversations.length < limit || last === undefined) return { docs, totals, complete: true }
    cursor = last.sort[0]
  }
  return { docs, totals, complete: false }
}

/** The filters re-implemented over the store's wire documents: the reference the server must agree with. */
const reference = (all: ReadonlyArray<Doc>, p: Params): Array<Doc> =>
  all.filter((d) => {
    const list = (k: string) => String(p[k]).split(",")
    if (p.contactId !== undefined && d.contactId !== p.contactId) return false
    if (p.id !== undefined && d.id !== p.id) return false
    if (p.assignedTo !== undefined) {
      const users = list("assignedTo")
      if (d.assignedTo === undefined ? !users.includes("unassigned") : !users.includes(d.assignedTo)) return false
    }
    if (p.followers !== undefined && !d.followers.some((u) => list("followers").includes(u))) return false
    if (p.mentions !== undefined && !d.mentions.some((u) => list("mentions").includes(u))) return false
    if (p.query !== undefined) {
      const q = String(p.query).toLowerCase()
      const text = [d.fullName, d.contactName, d.email, d.phone, d.lastMessageBody].join("\n").toLowerCase()
      if (!text.includes(q)) return false
    }
    if (p.lastMessageType !== undefined && d.lastMessageType !== p.lastMessageType) return false
    if (p.lastMessageAction !== undefined && d.lastOutboundMessageAction !== p.lastMessageAction) return false
    if (p.lastMessageDirection !== undefined && d.lastMessageDirection !== p.lastMessageDirection) return false
    if (p.status === "read" && d.unreadCount !== 0) return false
    if (p.status === "unread" && d.unreadCount === 0) return false
    if (p.status === "starred" && !d.starred) return false
    if (p.startDate !== undefined && d.dateAdded < Number(p.startDate)) return false
    if (p.endDate !== undefined && d.dateAdded > Number(p.endDate)) return false
    return true
  })

describe("GET /conversations/search", () => {
  const mock = HighLevelMock.make({ seed: 42, conversations: 240, rateLimit: false })
  const { locationId } = mock.credentials
  const all = mock.store.conversationsOf(locationId)
  const location = mock.locations[0]
  if (location === undefined) throw new Error("no primary location")
  const sample = all[17] ?? all[0]
  if (sample === undefined) throw new Error("no conversation")

  it("answers the first page: 20 documents, total of all, last_message_date desc, epoch-ms dates", async () => {
    const res = await callJson(mock, searchPath(locationId))
    expect(res.status).toBe(200)
    const body = decode(MockWire.SearchResponse, res.body)
    expect(body.total).toBe(240)
    expect(body.conversations).toHaveLength(20)
    expect(body.conversations.map((c) => c.id)).toEqual(all.slice(0, 20).map((c) => c.id))
    for (let i = 1; i < body.conversations.length; i++) {
      expect(body.conversations[i - 1]?.sort[0]).toBeGreaterThan(body.conversations[i]?.sort[0] ?? Infinity)
    }
    for (const c of body.conversations) {
      expect(Number.isInteger(c.lastMessageDate)).toBe(true)
      expect(Number.isInteger(c.dateAdded)).toBe(true)
      expect(["TYPE_PHONE", "TYPE_EMAIL", "TYPE_FB_MESSENGER", "TYPE_REVIEW", "TYPE_GROUP_SMS"]).toContain(c.type)
      expect(Math.floor(c.sort[0])).toBe(c.lastMessageDate)
    }
    expect(body.traceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })

  const startDate = [...all].sort((a, b) => a.dateAdded - b.dateAdded)[80]?.dateAdded ?? 0
  const endDate = [...all].sort((a, b) => a.dateAdded - b.dateAdded)[160]?.dateAdded ?? 0
  const assigned = all.find((c) => c.assignedTo !== undefined)?.assignedTo ?? ""
  const follower = all.find((c) => c.followers.length > 0)?.followers[0] ?? ""
  const mentioned = all.find((c) => c.mentions.length > 0)?.mentions[0] ?? ""
  const filters: ReadonlyArray<readonly [string, Params]> = [
    ["contactId", { contactId: sample.contactId }],
    ["id", { id: sample.id }],
    ["assignedTo (one user)", { assignedTo: assigned }],
    ["assignedTo=unassigned", { assignedTo: "unassigned" }],
    ["assignedTo (user or unassigned)", { assignedTo: `${assigned},unassigned` }],
    ["followers", { followers: follower }],
    ["mentions", { mentions: mentioned }],
    ["query (name, case-insensitive)", { query: sample.fullName.split(" ")[0]?.toUpperCase() ?? "" }],
    ["query (phone digits)", { query: sample.phone.slice(2, 8) }],
    ["query (email)", { query: sample.email }],
    ["lastMessageType", { lastMessageType: "TYPE_SMS" }],
    ["lastMessageAction=manual", { lastMessageAction: "manual" }],
    ["lastMessageAction=automated", { lastMessageAction: "automated" }],
    ["lastMessageDirection=inbound", { lastMessageDirection: "inbound" }],
    ["status=read", { status: "read" }],
    ["status=unread", { status: "unread" }],
    ["status=starred", { status: "starred" }],
    ["status=all", { status: "all" }],
    ["status=recents", { status: "recents" }],
    ["startDate/endDate (dateAdded, inclusive)", { startDate, endDate }],
    ["several filters at once", {
      status: "unread",
      assignedTo: `${assigned},unassigned`,
      lastMessageDirection: "inbound"
    }]
  ]

  it.each(filters)("filter %s: every page walked equals the reference, total included", async (_name, params) => {
    const expected = reference(all, params)
    expect(expected.length).toBeGreaterThan(0)
    const walked = await walk(mock, locationId, params, 7)
    expect(walked.complete).toBe(true)
    expect(walked.docs.map((d) => d.id)).toEqual(expected.map((d) => d.id))
    expect([...walked.totals]).toEqual([expected.length])
  })

  it("filters narrow the data: the seed has inbound, unread, starred and unassigned conversations", () => {
    for (const p of [{ status: "unread" }, { status: "starred" }, { assignedTo: "unassigned" }] as const) {
      const n = reference(all, p).length
      expect(n).toBeGreaterThan(0)
      expect(n).toBeLessThan(all.length)
    }
  })

  it.each(
    [
      ["last_message_date", "asc"],
      ["last_manual_message_date", "desc"],
      ["last_manual_message_date", "asc"]
    ] as const
  )("sortBy=%s sort=%s walks in the store's order", async (sortBy, sort) => {
    const walked = await walk(mock, locationId, { sortBy, sort }, 13)
    expect(walked.docs.map((d) => d.id)).toEqual(
      mock.store.conversationsOf(locationId, { sortBy, sort }).map((d) => d.id)
    )
    const keys = walked.docs.map((d) => d.sort[0])
    const sorted = [...keys].sort((a, b) => sort === "asc" ? a - b : b - a)
    expect(keys).toEqual(sorted)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it("sorts by lastManualMessageDate, falling back to dateAdded when there is no manual message", async () => {
    const res = await callJson(mock, searchPath(locationId, { sortBy: "last_manual_message_date", limit: 100 }))
    const body = decode(MockWire.SearchResponse, res.body)
    for (const c of body.conversations) expect(Math.floor(c.sort[0])).toBe(c.lastManualMessageDate ?? c.dateAdded)
  })

  it("limit: default 20, up to 100", async () => {
    const hundred = decode(MockWire.SearchResponse, (await callJson(mock, searchPath(locationId, { limit: 100 }))).body)
    expect(hundred.conversations).toHaveLength(100)
    const one = decode(MockWire.SearchResponse, (await callJson(mock, searchPath(locationId, { limit: 1 }))).body)
    expect(one.conversations).toHaveLength(1)
    expect(one.total).toBe(240)
  })

  it("startAfterDate is strictly after the given sort key, in the sort direction", async () => {
    const third = all[2]
    if (third === undefined) throw new Error("no data")
    const desc = decode(
      MockWire.SearchResponse,
      (await callJson(mock, searchPath(locationId, { startAfterDate: third.sort[0], limit: 2 }))).body
    )
    expect(desc.conversations.map((c) => c.id)).toEqual(all.slice(3, 5).map((c) => c.id))
    expect(desc.total).toBe(240)
    const asc = decode(
      MockWire.SearchResponse,
      (await callJson(mock, searchPath(locationId, { startAfterDate: third.sort[0], sort: "asc", limit: 3 }))).body
    )
    expect(asc.conversations.map((c) => c.id)).toEqual([all[1]?.id, all[0]?.id])
    const past = decode(
      MockWire.SearchResponse,
      (await callJson(mock, searchPath(locationId, { startAfterDate: 0 }))).body
    )
    expect(past.conversations).toEqual([])
  })

  it("a location with no conversation answers an empty page", async () => {
    const empty = HighLevelMock.make({ scenario: "empty" })
    const res = await callJson(empty, searchPath(empty.credentials.locationId))
    expect(decode(MockWire.SearchResponse, res.body)).toMatchObject({ conversations: [], total: 0 })
  })
})

describe("ties on the sort value", () => {
  const mock = HighLevelMock.make({ seed: 7, scenario: "ties", rateLimit: false })
  const { locationId } = mock.credentials
  const all = mock.store.conversationsOf(locationId)

  it("the ties scenario has large groups of equal lastMessageDate (and lastManualMessageDate)", () => {
    const groups = (values: Array<number>) => {
      const count = new Map<number, number>()
      for (const v of values) count.set(v, (count.get(v) ?? 0) + 1)
      return Math.max(...count.values())
    }
    expect(groups(all.map((c) => c.lastMessageDate))).toBeGreaterThanOrEqual(10)
    expect(groups(all.map((c) => c.lastManualMessageDate ?? c.dateAdded))).toBeGreaterThanOrEqual(10)
  })

  it("tied documents get value + k/1000 by id; the dates themselves stay integer ms", () => {
    const byValue = new Map<number, Array<Doc>>()
    for (const c of all) byValue.set(c.lastMessageDate, [...(byValue.get(c.lastMessageDate) ?? []), c])
    for (const [value, group] of byValue) {
      const ascendingById = [...group].sort((a, b) => (a.id < b.id ? -1 : 1))
      ascendingById.forEach((c, k) => {
        expect(c.lastMessageDate).toBe(value)
        expect(c.sort[0]).toBe(k === 0 ? value : value + k / 1000)
      })
    }
  })

  it("walking pages of every size never skips nor repeats a tied document", async () => {
    for (const limit of [1, 2, 3, 5, 8, 13, 21, 34]) {
      const walked = await walk(mock, locationId, {}, limit)
      expect(walked.docs.map((d) => d.id)).toEqual(all.map((d) => d.id))
    }
  })
})

describe("keyset pagination (property)", () => {
  const sortBys = ["last_message_date", "last_manual_message_date"] as const
  const filterChoices: ReadonlyArray<Params> = [{}, { status: "unread" }, { lastMessageDirection: "outbound" }, {
    assignedTo: "unassigned"
  }]
  it.live.prop(
    "random data with ties + random page sizes: every match exactly once, in order",
    {
      seed: FastCheck.integer({ min: 0, max: 1_000_000 }),
      scenario: FastCheck.constantFrom<MockScenario.ScenarioName>("ties", "default"),
      conversations: FastCheck.integer({ min: 0, max: 90 }),
      limit: FastCheck.integer({ min: 1, max: 30 }),
      sort: FastCheck.constantFrom<"asc" | "desc">("asc", "desc"),
      sortBy: FastCheck.constantFrom(...sortBys),
      filter: FastCheck.constantFrom(...filterChoices)
    },
    ({ conversations, filter, limit, scenario, seed, sort, sortBy }) =>
      Effect.promise(async () => {
        const mock = HighLevelMock.make({ seed, scenario, conversations, rateLimit: false })
        const { locationId } = mock.credentials
        const expected = reference(mock.store.conversationsOf(locationId, { sortBy, sort }), filter)
        const walked = await walk(mock, locationId, { ...filter, sort, sortBy }, limit)
        expect(walked.complete).toBe(true)
        expect(walked.docs.map((d) => d.id)).toEqual(expected.map((d) => d.id))
        expect([...walked.totals]).toEqual([expected.length])
      }),
    { fastCheck: { numRuns: 60 } }
  )
})
