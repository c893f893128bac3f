/**
 * HighLevel's backend sends `null` in fields it has no value for (`assignedTo: null`, `lastMessageId: null`, a call's
 * `body: null`). One such field must not fail a page of an export: in an optional field `null` decodes as absent, the
 * same as a missing key, in both decoders (the Schemas and the fast path). A required field stays strict: `null` there
 * fails, with the field's path.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { Conversation, ConversationSummary, SearchConversationsPage } from "../src/Conversation.js"
import * as FastDecode from "../src/internal/fastDecode.js"
import { Message, MessagesPageFromWire } from "../src/Message.js"
import { callMessage, conversationBody, message, searchPage, summary } from "./utils/bodies.js"

const withNulls = <A extends object>(body: A, keys: ReadonlyArray<string>): Record<string, unknown> => ({
  ...body,
  ...Object.fromEntries(keys.map((key) => [key, null]))
})

const without = <A extends object>(body: A, keys: ReadonlyArray<string>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([key]) => !keys.includes(key)))

// Each decoder on its own: the Schema (the specification), the fast path, and the client's pair of them.
const decoders = <A, I>(schema: Schema.Schema<A, I>, fast: (u: unknown) => A | undefined) => ({
  schema: (u: unknown) => Either.getOrUndefined(Schema.decodeUnknownEither(schema)(u)),
  fast
})

const messageOptional = [
  "status",
  "contentType",
  "body",
  "attachments",
  "meta",
  "source",
  "userId",
  "conversationProviderId",
  "chatWidgetId",
  "altId",
  "dateUpdated"
]

describe("null in an optional field decodes as absent", () => {
  for (const [name, decode] of Object.entries(decoders(Message, FastDecode.message))) {
    it(`${name}: a message with every optional field null equals the message without them`, () => {
      const expected = Schema.decodeUnknownSync(Message)(without(message(1), messageOptional))
      const decoded = decode(withNulls(message(1), messageOptional))
      expect(decoded).toStrictEqual(expected)
      expect(decoded && Object.keys(decoded)).toStrictEqual(Object.keys(expected))
    })

    it(`${name}: null inside meta (call duration, status, email thread) is absent too`, () => {
      const decoded = decode({
        ...callMessage,
        meta: { callDuration: null, callStatus: null, call: { duration: 42, status: null }, email: null }
      })
      expect(decoded?.meta).toStrictEqual({ call: { duration: 42 } })
      expect(decode({ ...callMessage, meta: { call: null, email: { messageIds: null } } })?.meta).toStrictEqual({
        email: {}
      })
    })
  }

  for (const [name, decode] of Object.entries(decoders(Conversation, FastDecode.conversation))) {
    it(`${name}: a conversation with assignedTo, starred and traceId null`, () => {
      const decoded = decode(withNulls(conversationBody, ["assignedTo", "starred", "traceId"]))
      expect(decoded).toStrictEqual(
        Schema.decodeUnknownSync(Conversation)(without(conversationBody, ["assignedTo", "starred", "traceId"]))
      )
    })
  }

  const summaryOptional = Object.keys(summary(1)).filter((key) => !["id", "contactId", "locationId"].includes(key))
  for (const [name, decode] of Object.entries(decoders(ConversationSummary, FastDecode.conversationSummary))) {
    it(`${name}: a search document with every optional field null`, () => {
      expect(decode(withNulls(summary(1), [...summaryOptional, "assignedTo", "companyName"]))).toStrictEqual(
        Schema.decodeUnknownSync(ConversationSummary)(without(summary(1), summaryOptional))
      )
    })
  }

  for (const [name, decode] of Object.entries(decoders(SearchConversationsPage, FastDecode.searchPage))) {
    it(`${name}: a search page with traceId null`, () => {
      const page = decode({ ...searchPage([summary(1)], 1), traceId: null })
      expect(page?.conversations.length).toBe(1)
      expect(page && Object.keys(page)).toStrictEqual(["conversations", "total"])
    })
  }

  for (const [name, decode] of Object.entries(decoders(MessagesPageFromWire, FastDecode.messagesPage))) {
    it(`${name}: a messages page with lastMessageId and traceId null (wrapped and flat)`, () => {
      const wrapped = decode({
        messages: { lastMessageId: null, nextPage: false, messages: [message(1)] },
        traceId: null
      })
      expect(wrapped?.messages.length).toBe(1)
      expect(wrapped && Object.keys(wrapped)).toStrictEqual(["nextPage", "messages"])
      const flat = decode({ lastMessageId: null, nextPage: false, messages: [], traceId: null })
      expect(flat && Object.keys(flat)).toStrictEqual(["nextPage", "messages"])
    })
  }
})

describe("null in a required field still fails", () => {
  const required = ["id", "type", "messageType", "locationId", "contactId", "conversationId", "dateAdded", "direction"]
  for (const key of required) {
    it(`message ${key}: null fails both decoders, naming the field`, () => {
      const body = { ...message(1), [key]: null }
      expect(FastDecode.message(body)).toBeUndefined()
      const result = Schema.decodeUnknownEither(Message)(body)
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) expect(result.left.message).toContain(`["${key}"]`)
    })
  }

  it("a conversation's deleted, a page's nextPage and a search page's total: null fails", () => {
    expect(FastDecode.conversation({ ...conversationBody, deleted: null })).toBeUndefined()
    expect(Either.isLeft(Schema.decodeUnknownEither(Conversation)({ ...conversationBody, deleted: null }))).toBe(true)
    const page = { messages: { nextPage: null, messages: [] } }
    expect(FastDecode.messagesPage(page)).toBeUndefined()
    expect(Either.isLeft(Schema.decodeUnknownEither(MessagesPageFromWire)(page))).toBe(true)
    const search = { conversations: [], total: null }
    expect(FastDecode.searchPage(search)).toBeUndefined()
    expect(Either.isLeft(Schema.decodeUnknownEither(SearchConversationsPage)(search))).toBe(true)
  })

  it("null as an element of an array (attachments, the document list) fails", () => {
    expect(Either.isLeft(Schema.decodeUnknownEither(Message)({ ...message(1), attachments: [null] }))).toBe(true)
    expect(FastDecode.message({ ...message(1), attachments: [null] })).toBeUndefined()
    expect(FastDecode.searchPage({ conversations: [null], total: 1 })).toBeUndefined()
  })
})
