/**
 * The pagination rules on their own (internal/pagination.ts): no client, no server, just pages in and the next step
 * out. The streams built on them are tested over HTTP in Streams.test.ts.
 */
import { describe, expect, it } from "@effect/vitest"
import * as DateTime from "effect/DateTime"
import * as FastCheck from "effect/FastCheck"
import { afterMessagesPage, afterSearchPage, Next, searchCursorOf } from "../src/internal/pagination.js"

const messages = (...ids: ReadonlyArray<string>) => ids.map((id) => ({ id }))

describe("messages: afterMessagesPage", () => {
  it("continues at lastMessageId while nextPage is true", () => {
    expect(afterMessagesPage({ lastMessageId: "m2", nextPage: true, messages: messages("m1", "m2") }, undefined))
      .toEqual(Next.More({ cursor: "m2" }))
  })

  it("takes lastMessageId over the last message's id when both are there", () => {
    expect(afterMessagesPage({ lastMessageId: "mX", nextPage: true, messages: messages("m1", "m2") }, "m0"))
      .toEqual(Next.More({ cursor: "mX" }))
  })

  it("falls back to the last message's id when lastMessageId is missing or empty", () => {
    for (const lastMessageId of [undefined, ""]) {
      expect(afterMessagesPage({ lastMessageId, nextPage: true, messages: messages("m1", "m2") }, undefined))
        .toEqual(Next.More({ cursor: "m2" }))
    }
  })

  it("ends when nextPage is false, whatever the cursor says", () => {
    expect(afterMessagesPage({ lastMessageId: "m2", nextPage: false, messages: messages("m1", "m2") }, undefined))
      .toEqual(Next.Last())
  })

  it("nextPage is authoritative: a short page that says more is not the last", () => {
    expect(afterMessagesPage({ lastMessageId: "m1", nextPage: true, messages: messages("m1") }, undefined))
      .toEqual(Next.More({ cursor: "m1" }))
  })

  it("ends on an empty page even when nextPage claims more, with or without a cursor", () => {
    expect(afterMessagesPage({ nextPage: true, messages: [] }, "m9")).toEqual(Next.Last())
    expect(afterMessagesPage({ lastMessageId: "m9", nextPage: true, messages: [] }, "m9")).toEqual(Next.Last())
  })

  it("stalls when the next cursor is the one that fetched the page", () => {
    expect(afterMessagesPage({ lastMessageId: "m2", nextPage: true, messages: messages("m1", "m2") }, "m2"))
      .toEqual(Next.Stalled({ cursor: "m2" }))
    // The fallback cursor is checked the same way.
    expect(afterMessagesPage({ lastMessageId: "", nextPage: true, messages: messages("m1", "m2") }, "m2"))
      .toEqual(Next.Stalled({ cursor: "m2" }))
  })

  it("a repeated cursor on the last page is no stall: the listing simply ends", () => {
    expect(afterMessagesPage({ lastMessageId: "m2", nextPage: false, messages: messages("m2") }, "m2"))
      .toEqual(Next.Last())
  })

  it.prop("following the rule over any page sizes yields every message once", [
    FastCheck.integer({ min: 0, max: 60 }),
    FastCheck.array(FastCheck.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 20 })
  ], ([total, sizes]) => {
    const all = Array.from({ length: total }, (_, i) => `m${i}`)
    const seen: Array<string> = []
    let cursor: string | undefined = undefined
    for (let request = 0; request < 100; request++) {
      const start = cursor === undefined ? 0 : all.indexOf(cursor) + 1
      const size = sizes[request % sizes.length] ?? 1
      const page = all.slice(start, start + size)
      seen.push(...page)
      const next = afterMessagesPage({ nextPage: start + size < total, messages: messages(...page) }, cursor)
      if (next._tag !== "More") {
        expect(next._tag).toBe("Last")
        break
      }
      cursor = next.cursor
    }
    expect(seen).toEqual(all)
  })
})

describe("search: searchCursorOf", () => {
  const date = DateTime.unsafeMake(1_711_563_229_000)

  it("is sort[0], a number or a string, as a string", () => {
    expect(searchCursorOf({ sort: [1_711_563_229_000, "tiebreak"] })).toBe("1711563229000")
    expect(searchCursorOf({ sort: ["abc"], lastMessageDate: date })).toBe("abc")
  })

  it("falls back to lastMessageDate in epoch ms when there is no sort value", () => {
    expect(searchCursorOf({ lastMessageDate: date })).toBe("1711563229000")
    expect(searchCursorOf({ sort: [], lastMessageDate: date })).toBe("1711563229000")
  })

  it("is absent when the document has neither", () => {
    expect(searchCursorOf({})).toBeUndefined()
    expect(searchCursorOf({ sort: [] })).toBeUndefined()
  })
})

describe("search: afterSearchPage", () => {
  const doc = (sortValue: number) => ({ sort: [sortValue] })

  it("continues at the last document's cursor after a full page", () => {
    expect(afterSearchPage([doc(30), doc(20), doc(10)], 3, undefined)).toEqual(Next.More({ cursor: "10" }))
  })

  it("ends on a short page and on an empty one", () => {
    expect(afterSearchPage([doc(30), doc(20)], 3, "40")).toEqual(Next.Last())
    expect(afterSearchPage([], 3, "10")).toEqual(Next.Last())
  })

  it("ends a full page once the rows seen reach the total, and goes on while they fall short", () => {
    expect(afterSearchPage([doc(30), doc(20)], 2, undefined, { seen: 4, total: 4 })).toEqual(Next.Last())
    expect(afterSearchPage([doc(30), doc(20)], 2, undefined, { seen: 4, total: 3 })).toEqual(Next.Last())
    expect(afterSearchPage([doc(30), doc(20)], 2, undefined, { seen: 2, total: 4 })).toEqual(
      Next.More({ cursor: "20" })
    )
  })

  it("stalls when a full page ends at the cursor that fetched it", () => {
    expect(afterSearchPage([doc(10), doc(10)], 2, "10")).toEqual(Next.Stalled({ cursor: "10" }))
  })

  it("has no cursor to follow when the last document of a full page carries neither sort nor lastMessageDate", () => {
    expect(afterSearchPage([doc(20), {}], 2, undefined)).toEqual(Next.NoCursor())
    expect(afterSearchPage([doc(20), {}], 2, "30")).toEqual(Next.NoCursor())
  })

  it("reads the cursor of the last document only", () => {
    expect(afterSearchPage([{}, doc(5)], 2, undefined)).toEqual(Next.More({ cursor: "5" }))
  })
})
