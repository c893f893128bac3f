import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock } from "../src/index.js"

describe("mock.store", () => {
  const mock = HighLevelMock.make({ seed: 6, conversations: 30 })
  const { locationId } = mock.credentials

  it("returns copies: mutating a result changes nothing the mock serves", () => {
    const first = mock.store.conversationsOf(locationId)
    const doc = first[0]
    if (doc === undefined) throw new Error("no data")
    ;(doc.tags as Array<string>).push("mutated")
    ;(doc as { fullName: string }).fullName = "Mutated"
    const again = mock.store.conversationsOf(locationId)[0]
    expect(again?.tags).not.toContain("mutated")
    expect(again?.fullName).not.toBe("Mutated")
    const messages = mock.store.messagesOf(doc.id)
    ;(messages as Array<unknown>).length = 0
    expect(mock.store.messagesOf(doc.id).length).toBeGreaterThan(0)
  })

  it("unknown ids give empty results; counts add up", () => {
    expect(mock.store.conversationsOf("nope")).toEqual([])
    expect(mock.store.messagesOf("nope")).toEqual([])
    expect(mock.store.conversation("nope")).toBeUndefined()
    const ids = mock.locations.flatMap((l) => l.conversationIds)
    expect(mock.store.counts()).toEqual({
      locations: 2,
      conversations: ids.length,
      messages: ids.reduce((n, id) => n + mock.store.messagesOf(id).length, 0)
    })
  })
})
