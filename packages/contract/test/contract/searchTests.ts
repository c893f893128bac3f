/**
 * The contract of search-conversation on every target: pages, order, keyset paging and each filter.
 */
import { describe, expect } from "@effect/vitest"
import { type Conversation, Message } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import {
  type Conversations,
  epoch,
  isOrdered,
  type It,
  maxItems,
  pageSize,
  sortKey,
  unique,
  withClient
} from "./support.js"
import { Target } from "./Target.js"

/** Registers these tests in the suite of one target. */
export const searchTests = (it: It, conversations: Conversations) => {
  describe("search", () => {
    it.effect("a page holds documents of the location, newest first, and a total of every match", () =>
      Effect.gen(function*() {
        const { locationId } = yield* Target
        const page = yield* withClient((c) => c.searchConversationsPage({ limit: pageSize }))
        expect(page.conversations.length).toBeGreaterThan(0)
        expect(page.conversations.length).toBeLessThanOrEqual(pageSize)
        expect(page.total).toBeGreaterThanOrEqual(page.conversations.length)
        for (const conversation of page.conversations) expect(conversation.locationId).toBe(locationId)
        expect(isOrdered(page.conversations.map(sortKey), "desc")).toBe(true)
        expect(page.conversations.every((conversation) => conversation.sort !== undefined)).toBe(true)
      }))

    it.effect("paging to the end (keyset on sort[0]) visits every match once, in order", () =>
      Effect.gen(function*() {
        const all = yield* conversations.all
        expect(unique(all.map((conversation) => conversation.id))).toBe(true)
        expect(isOrdered(all.map(sortKey), "desc")).toBe(true)
        if (conversations.firstPageTotal() <= maxItems) expect(all.length).toBe(conversations.firstPageTotal())
        else expect(all.length).toBe(maxItems)
      }))

    it.effect("sort asc pages oldest first", () =>
      Effect.gen(function*() {
        const ascending = yield* conversations.searchAll({ sort: "asc" })
        expect(ascending.length).toBeGreaterThan(0)
        expect(unique(ascending.map((conversation) => conversation.id))).toBe(true)
        expect(isOrdered(ascending.map(sortKey), "asc")).toBe(true)
      }))

    it.effect("sortBy last_manual_message_date pages in that order", () =>
      Effect.gen(function*() {
        const byManual = yield* conversations.searchAll({ sortBy: "last_manual_message_date" })
        expect(unique(byManual.map((conversation) => conversation.id))).toBe(true)
        expect(isOrdered(byManual.map(sortKey), "desc")).toBe(true)
      }))

    it.effect("startAfterDate starts strictly after the given sort value", () =>
      Effect.gen(function*() {
        const all = yield* conversations.all
        const pivot = all[Math.min(2, all.length - 1)]
        const cursor = pivot === undefined ? undefined : sortKey(pivot)
        if (cursor === undefined) return yield* Effect.dieMessage("no document with a sort value")
        const after = yield* conversations.searchAll({ startAfterDate: cursor })
        expect(after.every((conversation) => (sortKey(conversation) ?? Infinity) < cursor)).toBe(true)
        expect(after.map((conversation) => conversation.id)).not.toContain(pivot?.id)
      }))

    it.effect("limit caps the page", () =>
      Effect.gen(function*() {
        const page = yield* withClient((c) => c.searchConversationsPage({ limit: 2 }))
        expect(page.conversations.length).toBeLessThanOrEqual(2)
      }))

    it.effect("contactId and id select the conversation", () =>
      Effect.gen(function*() {
        const known = yield* conversations.some(() => true, "at all")
        const byContact = yield* conversations.searchAll({ contactId: known.contactId })
        expect(byContact.map((conversation) => conversation.id)).toContain(known.id)
        expect(byContact.every((conversation) => conversation.contactId === known.contactId)).toBe(true)
        const byId = yield* conversations.searchAll({ id: known.id })
        expect(byId.map((conversation) => conversation.id)).toEqual([known.id])
      }))

    // Filter values come from the location's own data. When no document carries a value (a real account may have
    // no mention at all), the filter is still sent with some known user and every result must still satisfy it.
    const userOf = (pick: (c: Conversation.ConversationSummary) => string | undefined) =>
      Effect.map(conversations.all, (all) => {
        const sample = all.find((c) => pick(c) !== undefined)
        const anyUser = all.flatMap((c) => [c.assignedTo, ...(c.followers ?? []), ...(c.mentions ?? [])])
          .find((user) => user !== undefined)
        return { sample, user: (sample === undefined ? undefined : pick(sample)) ?? anyUser ?? "noSuchUser" }
      })

    it.effect("assignedTo selects the assignee's conversations, `unassigned` those of nobody", () =>
      Effect.gen(function*() {
        const { sample, user } = yield* userOf((c) => c.assignedTo)
        const mine = yield* conversations.searchAll({ assignedTo: [user] })
        if (sample !== undefined) expect(mine.map((conversation) => conversation.id)).toContain(sample.id)
        expect(mine.every((conversation) => conversation.assignedTo === user)).toBe(true)
        const nobody = yield* conversations.searchAll({ assignedTo: "unassigned" })
        expect(nobody.every((conversation) => conversation.assignedTo === undefined)).toBe(true)
      }))

    it.effect("followers and mentions select conversations listing one of the users", () =>
      Effect.gen(function*() {
        const followed = yield* userOf((c) => c.followers?.[0])
        const byFollower = yield* conversations.searchAll({ followers: [followed.user] })
        if (followed.sample !== undefined) {
          expect(byFollower.map((conversation) => conversation.id)).toContain(followed.sample.id)
        }
        expect(byFollower.every((conversation) => (conversation.followers ?? []).includes(followed.user))).toBe(true)
        const mentioned = yield* userOf((c) => c.mentions?.[0])
        const byMention = yield* conversations.searchAll({ mentions: [mentioned.user] })
        if (mentioned.sample !== undefined) {
          expect(byMention.map((conversation) => conversation.id)).toContain(mentioned.sample.id)
        }
        expect(byMention.every((conversation) => (conversation.mentions ?? []).includes(mentioned.user))).toBe(true)
      }))

    it.effect("query finds a conversation by its contact's name", () =>
      Effect.gen(function*() {
        const named = yield* conversations.some((c) => (c.fullName ?? "").length > 3, "with a contact name")
        const found = yield* conversations.searchAll({ query: named.fullName ?? "" })
        expect(found.map((conversation) => conversation.id)).toContain(named.id)
      }))

    it.effect("lastMessageType, lastMessageAction and lastMessageDirection select on the last message", () =>
      Effect.gen(function*() {
        const typed = yield* conversations.some((c) => c.lastMessageType !== undefined, "with a last message type")
        const lastMessageType = yield* Schema.decodeUnknown(Message.MessageTypeFilter)(typed.lastMessageType)
        const byType = yield* conversations.searchAll({ lastMessageType })
        expect(byType.map((conversation) => conversation.id)).toContain(typed.id)
        expect(byType.every((conversation) => conversation.lastMessageType === lastMessageType)).toBe(true)
        for (const direction of ["inbound", "outbound"] as const) {
          const byDirection = yield* conversations.searchAll({ lastMessageDirection: direction })
          expect(byDirection.every((conversation) => conversation.lastMessageDirection === direction)).toBe(true)
        }
        for (const action of ["manual", "automated"] as const) {
          const byAction = yield* conversations.searchAll({ lastMessageAction: action })
          expect(byAction.every((conversation) => conversation.lastOutboundMessageAction === action)).toBe(true)
        }
      }))

    it.effect("status read / unread / starred / all / recents", () =>
      Effect.gen(function*() {
        const unread = yield* conversations.searchAll({ status: "unread" })
        expect(unread.every((conversation) => (conversation.unreadCount ?? 0) > 0)).toBe(true)
        const read = yield* conversations.searchAll({ status: "read" })
        expect(read.every((conversation) => conversation.unreadCount === 0)).toBe(true)
        const starred = yield* conversations.searchAll({ status: "starred" })
        expect(starred.every((conversation) => conversation.starred === true)).toBe(true)
        const all = yield* withClient((c) => c.searchConversationsPage({ status: "all", limit: pageSize }))
        yield* conversations.all
        expect(all.total).toBe(conversations.firstPageTotal())
        const recents = yield* withClient((c) => c.searchConversationsPage({ status: "recents", limit: pageSize }))
        expect(recents.conversations.length).toBeLessThanOrEqual(pageSize)
      }))

    it.effect("startDate / endDate bound dateAdded", () =>
      Effect.gen(function*() {
        const all = yield* conversations.all
        const dates = all.flatMap((conversation) => {
          const added = epoch(conversation.dateAdded)
          return added === undefined ? [] : [added]
        }).sort((a, b) => a - b)
        const startDate = dates[Math.floor(dates.length / 4)] ?? 0
        const endDate = dates[Math.floor((dates.length * 3) / 4)] ?? Date.now()
        const inRange = yield* conversations.searchAll({ startDate, endDate })
        expect(inRange.length).toBeGreaterThan(0)
        for (const conversation of inRange) {
          const added = epoch(conversation.dateAdded) ?? startDate
          expect(added).toBeGreaterThanOrEqual(startDate)
          expect(added).toBeLessThanOrEqual(endDate)
        }
      }))
  })
}
