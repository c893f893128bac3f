import { describe, expect, it } from "@effect/vitest"
import * as fc from "effect/FastCheck"
import { HighLevelMock } from "../src/index.js"
import { callJson, manualClock, searchPath } from "./support.js"

const post = (body: unknown, method = "POST") => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body)
})

/** One write of a random sequence, by index into the location's conversations (or contacts). */
const Write = fc.oneof(
  fc.record({ kind: fc.constant("send" as const), at: fc.nat(), scheduled: fc.boolean() }),
  fc.record({ kind: fc.constant("inbound" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("markRead" as const), at: fc.nat(), starred: fc.boolean() }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("create" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 7_200_000 }) })
)
type Write = typeof Write extends fc.Arbitrary<infer A> ? A : never

interface ExportPage {
  readonly messages: ReadonlyArray<{ readonly id: string; readonly conversationId: string }>
  readonly nextCursor?: string
}

const exportWalk = async (
  mock: HighLevelMock.HighLevelMock,
  query: string,
  during?: () => Promise<void>
): Promise<Array<string>> => {
  const ids: Array<string> = []
  let cursor: string | undefined
  // Bounded: at most 1,000 pages whatever the answer.
  for (let page = 0; page < 1_000; page++) {
    const path = `/conversations/messages/export?${query}` +
      (cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`)
    const answer = await callJson(mock, path)
    expect(answer.status).toBe(200)
    const body = answer.body as ExportPage
    ids.push(...body.messages.map((m) => m.id))
    if (during !== undefined) await during()
    cursor = body.nextCursor
    if (cursor === undefined) break
  }
  return ids
}

const apply = async (mock: HighLevelMock.HighLevelMock, w: Write) => {
  const location = mock.locations[0]
  if (location === undefined) throw new Error("no location")
  const conversations = mock.store.conversationsOf(location.locationId)
  const c = conversations.length === 0 ? undefined : conversations[("at" in w ? w.at : 0) % conversations.length]
  switch (w.kind) {
    case "advance":
      mock.control.advanceClock(w.ms)
      return
    case "send":
      if (c === undefined) return
      await callJson(
        mock,
        "/conversations/messages",
        post({
          type: "SMS",
          contactId: c.contactId,
          message: "property",
          ...(w.scheduled ? { scheduledTimestamp: Math.floor(mock.control.clock() / 1000) + 3600 } : {})
        })
      )
      return
    case "inbound":
      if (c === undefined) return
      await callJson(
        mock,
        "/conversations/messages/inbound",
        post({
          type: "SMS",
          conversationId: c.id,
          contactId: c.contactId,
          conversationProviderId: location.providerId,
          message: "incoming"
        })
      )
      return
    case "markRead":
      if (c === undefined) return
      await callJson(
        mock,
        `/conversations/${c.id}`,
        post({ locationId: location.locationId, unreadCount: 0, starred: w.starred }, "PUT")
      )
      return
    case "delete":
      if (c === undefined) return
      await callJson(mock, `/conversations/${c.id}`, { method: "DELETE" })
      return
    case "create": {
      const contactId = location.contactIds[w.at % location.contactIds.length]
      await callJson(mock, "/conversations/", post({ locationId: location.locationId, contactId }))
    }
  }
}

describe("random sequences of writes keep the mock's invariants", () => {
  it("search order by sort, unreadCount >= 0, each message in one conversation, export walk = per-conversation walks", async () => {
    const clock = manualClock()
    const mock = HighLevelMock.make({ seed: 7, conversations: 12, messages: 60, rateLimit: false, now: clock.now })
    await fc.assert(
      fc.asyncProperty(fc.array(Write, { minLength: 1, maxLength: 25 }), async (writes) => {
        mock.control.reset()
        for (const w of writes) await apply(mock, w)
        const { locationId } = mock.credentials
        // Search order: sort values strictly decreasing through every keyset page.
        const sorts: Array<number> = []
        let after: number | undefined
        for (let page = 0; page < 100; page++) {
          const answer = await callJson(
            mock,
            searchPath(locationId, { limit: 5, ...(after === undefined ? {} : { startAfterDate: after }) })
          )
          const rows = (answer.body as { conversations: Array<{ sort: [number]; unreadCount: number }> }).conversations
          for (const row of rows) {
            sorts.push(row.sort[0])
            expect(row.unreadCount).toBeGreaterThanOrEqual(0)
          }
          if (rows.length < 5) break
          after = rows[rows.length - 1]?.sort[0]
        }
        for (let i = 1; i < sorts.length; i++) expect(sorts[i]).toBeLessThan(sorts[i - 1] ?? Infinity)
        const live = mock.store.conversationsOf(locationId)
        expect(sorts).toHaveLength(live.length)
        // Every message in exactly one conversation, and in the conversation it names.
        const owner = new Map<string, string>()
        for (const c of live) {
          for (const m of mock.store.messagesOf(c.id)) {
            expect(owner.has(m.id)).toBe(false)
            expect(m.conversationId).toBe(c.id)
            owner.set(m.id, c.id)
          }
        }
        // The export walk (all non-email channels, then Email) is the union of the per-conversation lists.
        const exported = [
          ...(await exportWalk(mock, `locationId=${locationId}&limit=10`)),
          ...(await exportWalk(mock, `locationId=${locationId}&limit=10&channel=Email`))
        ]
        expect(new Set(exported).size).toBe(exported.length)
        expect(new Set(exported)).toEqual(new Set(owner.keys()))
      }),
      { numRuns: 25, seed: 11 }
    )
  })

  it("an export walk never skips or repeats a message while messages are added and updated during it", async () => {
    const mock = HighLevelMock.make({ seed: 9, conversations: 20, messages: 300, rateLimit: false })
    await fc.assert(
      fc.asyncProperty(
        fc.array(Write, { minLength: 1, maxLength: 10 }),
        fc.constantFrom("createdAt", "updatedAt"),
        fc.constantFrom("asc", "desc"),
        async (writes, sortBy, sortOrder) => {
          mock.control.reset()
          const { locationId } = mock.credentials
          const query = `locationId=${locationId}&limit=10&sortBy=${sortBy}&sortOrder=${sortOrder}`
          const before = await exportWalk(mock, query)
          let next = 0
          const during = await exportWalk(mock, query, async () => {
            const w = writes[next++ % writes.length]
            if (w !== undefined && w.kind !== "delete") await apply(mock, w)
          })
          expect(new Set(during).size).toBe(during.length)
          expect(new Set(during)).toEqual(new Set(before))
        }
      ),
      { numRuns: 20, seed: 5 }
    )
  })
})
