/**
 * The contract of get-conversation and get-messages on every target: get agrees with search; messages page to the
 * end by `lastMessageId`, newest first, once each, and the `type` filter holds.
 */
import { describe, expect } from "@effect/vitest"
import { type Conversation, type Message } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import { collect, type Conversations, epoch, isOrdered, type It, pageSize, unique, withClient } from "./support.js"

/** Registers these tests in the suite of one target. */
export const readTests = (it: It, conversations: Conversations) => {
  describe("get conversation", () => {
    it.effect("returns the conversation a search listed, with the same ids and channel", () =>
      Effect.gen(function*() {
        const listed = (yield* conversations.all).slice(0, 3)
        for (const summary of listed) {
          const conversation = yield* withClient((c) => c.getConversation(summary.id))
          expect(conversation.id).toBe(summary.id)
          expect(conversation.contactId).toBe(summary.contactId)
          expect(conversation.locationId).toBe(summary.locationId)
          if (summary.type !== undefined) expect(conversation.type).toBe(summary.type)
        }
      }))
  })

  describe("messages", () => {
    let busiestFound: Conversation.ConversationSummary | undefined
    const busiest = Effect.flatMap(conversations.all, (all) =>
      Effect.gen(function*() {
        if (busiestFound !== undefined) return busiestFound
        // The first conversation with more than one page of messages, else the first with any.
        let fallback: Conversation.ConversationSummary | undefined
        for (const conversation of all.slice(0, 10)) {
          const page = yield* withClient((c) => c.getMessagesPage(conversation.id, { limit: pageSize }))
          if (page.nextPage) {
            busiestFound = conversation
            return conversation
          }
          if (fallback === undefined && page.messages.length > 0) fallback = conversation
        }
        busiestFound = fallback
        return fallback ?? (yield* Effect.dieMessage("no conversation with messages"))
      }))

    it.effect("paging to the end (lastMessageId cursor) yields every message once, newest first", () =>
      Effect.gen(function*() {
        const conversation = yield* busiest
        const paged = yield* withClient((c) => collect(c.listMessages(conversation.id, { limit: 3 }), 300))
        expect(paged.length).toBeGreaterThan(0)
        expect(unique(paged.map((message) => message.id))).toBe(true)
        expect(paged.every((message) => message.conversationId === conversation.id)).toBe(true)
        expect(isOrdered(paged.map((message) => epoch(message.dateAdded)), "desc")).toBe(true)
        if (paged.length < 100) {
          const whole = yield* withClient((c) => c.getMessagesPage(conversation.id, { limit: 100 }))
          expect(whole.nextPage).toBe(false)
          expect(whole.messages.map((message) => message.id)).toEqual(paged.map((message) => message.id))
        }
      }))

    it.effect("each page ends at its lastMessageId; the last page says nextPage false", () =>
      Effect.gen(function*() {
        const conversation = yield* busiest
        let cursor: string | undefined
        const seen: Array<Message.Message> = []
        for (let pages = 0; pages < 100; pages++) {
          const page = yield* withClient((c) =>
            c.getMessagesPage(conversation.id, {
              limit: 4,
              ...(cursor !== undefined ? { lastMessageId: cursor } : {})
            })
          )
          expect(page.messages.length).toBeLessThanOrEqual(4)
          seen.push(...page.messages)
          if (!page.nextPage) break
          expect(page.lastMessageId).toBe(page.messages.at(-1)?.id)
          expect(page.lastMessageId).not.toBe(cursor)
          cursor = page.lastMessageId
        }
        expect(unique(seen.map((message) => message.id))).toBe(true)
      }))

    it.effect("the type filter keeps only messages of those types", () =>
      Effect.gen(function*() {
        const conversation = yield* busiest
        const all = yield* withClient((c) => collect(c.listMessages(conversation.id, { limit: 50 }), 300))
        const type = all.find((message) => message.messageType === "TYPE_SMS") !== undefined
          ? "TYPE_SMS"
          : "TYPE_CALL"
        const filtered = yield* withClient((c) =>
          collect(c.listMessages(conversation.id, { limit: 3, type: [type] }), 300)
        )
        expect(filtered.every((message) => message.messageType === type)).toBe(true)
        expect(filtered.map((message) => message.id)).toEqual(
          all.filter((message) => message.messageType === type).map((message) => message.id)
        )
      }))
  })
}
