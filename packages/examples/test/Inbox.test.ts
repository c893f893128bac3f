import { describe, expect, it, layer } from "@effect/vitest"
import { Message } from "@highlevel-effect/client"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Inbox from "../src/Inbox.js"
import { mockApp, theMock } from "./utils/mock.js"

// The inbox against the mock over real HTTP (seed 42), compared with the mock's own store.

const time = (iso: string) => Inbox.formatTime(DateTime.unsafeMake(iso))

layer(mockApp({ seed: 42 }), { excludeTestServices: true })("Inbox against the mock", (it) => {
  it.effect("unreadDigest: the most recent unread conversations, each with its last messages oldest first", () =>
    Effect.gen(function*() {
      const { locationId, mock } = yield* theMock
      const inbox = yield* Inbox.Inbox
      const digest = yield* inbox.unreadDigest({ locationId, conversations: 4, messagesPerConversation: 3 })

      const unread = mock.store.conversationsOf(locationId, { sortBy: "last_message_date", sort: "desc" })
        .filter((conversation) => (conversation.unreadCount ?? 0) > 0)
      expect(unread.length).toBeGreaterThan(4)
      expect(digest.unreadTotal).toBe(unread.length)
      expect(digest.locationId).toBe(locationId)
      expect(digest.entries.map((entry) => entry.conversation.id)).toEqual(unread.slice(0, 4).map((c) => c.id))
      for (const entry of digest.entries) {
        const newestFirst = mock.store.messagesOf(entry.conversation.id).slice(0, 3)
        expect(entry.lastMessages.map((message) => message.id)).toEqual(newestFirst.map((m) => m.id).reverse())
      }

      const text = Inbox.renderDigest(digest)
      expect(text.split("\n")[0]).toBe(
        `4 most recent of ${unread.length} unread conversations in location ${locationId} (times UTC)`
      )
      for (const entry of digest.entries) {
        expect(text).toContain(`[${entry.conversation.id}]`)
        for (const message of entry.lastMessages) expect(text).toContain(Inbox.formatTime(message.dateAdded))
      }
    }))

  it.effect("unreadDigest: typed data that encodes with its schema", () =>
    Effect.gen(function*() {
      const inbox = yield* Inbox.Inbox
      const digest = yield* inbox.unreadDigest({ conversations: 2, messagesPerConversation: 1 })
      const encoded = Schema.encodeSync(Inbox.Digest)(digest)
      expect(encoded.entries).toHaveLength(2)
      expect(Schema.decodeUnknownSync(Inbox.Digest)(encoded).entries[0]?.conversation.id).toBe(
        digest.entries[0]?.conversation.id
      )
    }))

  it.effect("transcript: every message oldest first, with arrows, channels, call durations and email lines", () =>
    Effect.gen(function*() {
      const { locationId, mock } = yield* theMock
      const inbox = yield* Inbox.Inbox
      // A conversation with a call and an email, so every kind of line shows up.
      const conversation = mock.store.conversationsOf(locationId).find((c) => {
        const types = mock.store.messagesOf(c.id).map((m) => m.messageType)
        return types.includes("TYPE_CALL") && types.includes("TYPE_EMAIL")
      })
      expect(conversation).toBeDefined()
      if (conversation === undefined) return
      const messages = mock.store.messagesOf(conversation.id)
      const text = yield* inbox.transcript(conversation.id)
      const lines = text.split("\n")

      expect(lines[0]).toContain(`Conversation ${conversation.id}`)
      expect(lines[0]).toContain(`contact ${conversation.contactId}`)
      expect(lines[1]).toBe(`${messages.length} messages, oldest first, times UTC`)
      // One header line per message, in chronological order.
      const headers = lines.filter((line) => /^\d{4}-\d\d-\d\d \d\d:\d\d {2}[←→·] /.test(line))
      expect(headers).toHaveLength(messages.length)
      const chronological = [...messages].reverse()
      headers.forEach((line, i) => {
        const message = chronological[i]
        expect(line.startsWith(time(message?.dateAdded ?? ""))).toBe(true)
        expect(line).toContain(message?.direction === "inbound" ? " ← " : " → ")
        expect(line).toContain(Inbox.channelLabel(message?.messageType ?? ""))
      })
      const call = chronological.find((m) => m.messageType === "TYPE_CALL")
      const callLine = headers[chronological.findIndex((m) => m.messageType === "TYPE_CALL")]
      const duration = call?.meta?.call?.duration
      expect(typeof duration).toBe("number")
      expect(callLine).toContain(`call, ${Inbox.formatDuration(Number(duration))}`)
      const emailIndex = chronological.findIndex((m) => m.messageType === "TYPE_EMAIL")
      expect(headers[emailIndex]).toMatch(/ EMAIL {5}"[^"]+"/)
      // The email's body follows its header as plain text: no HTML left.
      const emailBody = lines.slice(lines.indexOf(headers[emailIndex] ?? "") + 1).find((line) => line.startsWith(" "))
      expect(emailBody).toBeDefined()
      expect(text).not.toMatch(/<\/?(p|div|br)\b/)
    }))

  it.effect("transcript: keeps the latest messages and says older ones were omitted", () =>
    Effect.gen(function*() {
      const { locationId, mock } = yield* theMock
      const inbox = yield* Inbox.Inbox
      const conversation = mock.store.conversationsOf(locationId).find((c) => mock.store.messagesOf(c.id).length > 3)
      if (conversation === undefined) return expect.fail("the seed has no conversation with more than 3 messages")
      const text = yield* inbox.transcript(conversation.id, { lastMessages: 2 })
      expect(text.split("\n")[1]).toBe("2 messages (the latest ones; older messages omitted), oldest first, times UTC")
      const newest = mock.store.messagesOf(conversation.id)[0]
      expect(text.trimEnd().split("\n").filter((line) => /^\d{4}-/.test(line)).pop()).toContain(
        time(newest?.dateAdded ?? "")
      )
    }))

  it.effect("transcript: an unknown conversation fails with NotFoundError", () =>
    Effect.gen(function*() {
      const inbox = yield* Inbox.Inbox
      const error = yield* Effect.flip(inbox.transcript("doesNotExist00000000"))
      expect(error._tag).toBe("NotFoundError")
    }))
})

describe("Inbox rendering", () => {
  const decode = Schema.decodeUnknownSync(Message.Message)
  const base = {
    id: "m1",
    type: 2,
    locationId: "l",
    contactId: "c",
    conversationId: "v",
    dateAdded: "2024-03-27T18:13:49.000Z"
  }

  it("renders one line per kind of message", () => {
    const sms = decode({
      ...base,
      messageType: "TYPE_SMS",
      direction: "inbound",
      body: "Hi!\nSecond line",
      status: "read"
    })
    expect(Inbox.renderMessage(sms)).toEqual(["2024-03-27 18:13  ← SMS       Hi! (read)"])
    expect(Inbox.renderMessage(sms, { full: true })).toEqual([
      "2024-03-27 18:13  ← SMS       Hi! (read)",
      `${" ".repeat(20)}Second line`
    ])
    const call = decode({
      ...base,
      type: 1,
      messageType: "TYPE_CALL",
      direction: "outbound",
      meta: { callDuration: "125", callStatus: "completed" }
    })
    expect(Inbox.renderMessage(call)).toEqual(["2024-03-27 18:13  → CALL      call, 2m 05s, completed"])
    const email = decode({
      ...base,
      type: 3,
      messageType: "TYPE_EMAIL",
      direction: "outbound",
      body: "<p>Hello Jane,</p><p>Your quote is ready. It&#39;s attached &amp; signed.</p>",
      attachments: ["https://x/quote.pdf"]
    })
    expect(Inbox.renderMessage(email)).toEqual([
      "2024-03-27 18:13  → EMAIL     \"Your quote is ready.\" [1 attachment]"
    ])
    expect(Inbox.renderMessage(email, { full: true }).slice(1)).toEqual([
      `${" ".repeat(20)}Hello Jane,`,
      `${" ".repeat(20)}Your quote is ready. It's attached & signed.`
    ])
  })

  it("formats durations, arrows and HTML bodies", () => {
    expect(Inbox.formatDuration(45)).toBe("45s")
    expect(Inbox.formatDuration(3725)).toBe("1h 02m 05s")
    expect(Inbox.arrow("inbound")).toBe("←")
    expect(Inbox.arrow("outbound")).toBe("→")
    expect(Inbox.arrow("sideways")).toBe("·")
    expect(Inbox.bodyText("<div>a<br>b&nbsp;&lt;c&gt; &#8364;</div>")).toBe("a\nb <c> €")
  })
})
