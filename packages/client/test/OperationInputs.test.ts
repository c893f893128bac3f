/**
 * Every input is checked before anything is sent: each bad input below fails with InvalidInputError naming the field,
 * and the server sees no request at all. Good inputs go out as the Schema encodes them.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as ConversationsClient from "../src/ConversationsClient.js"
import { TOKEN } from "./utils/harness.js"
import { answer, writeServer } from "./utils/WriteServer.js"

const contactId = "Jh3Kk2Lm9Nq4Rs7Tv1Wx"
const conversationId = "ve9EPM428h8vShlRW1KT"
const url = (i: number) => `https://files.example.com/${i}.jpg`

// A server that answers every request with 200 `{}` and records it: the tests assert it saw nothing.
const withClient = <A, E>(body: (client: ConversationsClient.Service) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.gen(function*() {
    const server = yield* writeServer(() => answer(200, {}))
    const context = yield* Layer.build(
      ConversationsClient.layer({
        token: Redacted.make(TOKEN),
        baseUrl: server.baseUrl,
        locationId: "Lq8Zp3Xc5Vb7Nm1As2Df",
        rateLimit: false,
        retry: false
      }).pipe(Layer.provide(FetchHttpClient.layer))
    )
    const result = yield* body(Context.get(context, ConversationsClient.ConversationsClient))
    return { result, requests: server.requests }
  }))

type Case = readonly [
  what: string,
  call: (client: ConversationsClient.Service) => Effect.Effect<unknown, { readonly _tag: string }>,
  field: string
]

// Inputs typed as `unknown` reach the operations the way an untyped caller's would.
const loose = <A>(value: unknown): A => value as A

const cases: ReadonlyArray<Case> = [
  ["a send without contactId", (c) => c.messages.send(loose({ type: "SMS", message: "hi" })), "contactId"],
  ["a send with an unknown type", (c) => c.messages.send(loose({ type: "Sms", contactId, message: "hi" })), "type"],
  [
    "a send with a blank contactId",
    (c) => c.messages.send({ type: "SMS", contactId: "  ", message: "hi" }),
    "contactId"
  ],
  ["an Email without a subject", (c) => c.messages.send({ type: "Email", contactId, html: "<p>hi</p>" }), "subject"],
  ["an Email without html or message", (c) => c.messages.send({ type: "Email", contactId, subject: "Hello" }), "html"],
  [
    "an Email to an address that is not one",
    (c) => c.messages.send({ type: "Email", contactId, subject: "Hi", message: "hi", emailTo: "not-an-address" }),
    "emailTo"
  ],
  ["an SMS with nothing to send", (c) => c.messages.send({ type: "SMS", contactId }), "message"],
  [
    "a send with six attachments (at most five)",
    (c) => c.messages.send({ type: "SMS", contactId, attachments: [1, 2, 3, 4, 5, 6].map(url) }),
    "attachments"
  ],
  [
    "a send with an attachment that is not an http(s) URL",
    (c) => c.messages.send({ type: "SMS", contactId, attachments: ["file:///etc/passwd"] }),
    "attachments.0"
  ],
  [
    "a scheduledTimestamp in milliseconds",
    (c) => c.messages.send({ type: "SMS", contactId, message: "hi", scheduledTimestamp: 1_700_000_000_000 }),
    "scheduledTimestamp"
  ],
  [
    "a scheduledTimestamp that is not a whole number",
    (c) => c.messages.send({ type: "SMS", contactId, message: "hi", scheduledTimestamp: 1_700_000_000.5 }),
    "scheduledTimestamp"
  ],
  [
    "a send with an unknown property",
    (c) => c.messages.send(loose({ type: "SMS", contactId, message: "hi", text: "hi" })),
    "text"
  ],
  [
    "a send with a wrong status",
    (c) => c.messages.send(loose({ type: "SMS", contactId, message: "hi", status: "sent" })),
    "status"
  ],
  [
    "an inbound message without conversationProviderId",
    (c) => c.messages.addInbound(loose({ type: "SMS", conversationId, contactId, message: "hi" })),
    "conversationProviderId"
  ],
  [
    "an outbound call of another type",
    (c) => c.messages.addOutbound(loose({ type: "SMS", conversationId, conversationProviderId: "prov1" })),
    "type"
  ],
  ["a review reply with an empty message", (c) => c.messages.reviewReply({ conversationId, message: "" }), "message"],
  [
    "a status update to a status providers cannot set",
    (c) => c.messages.updateStatus("msg1", loose({ status: "sent" })),
    "status"
  ],
  [
    "six attachments set on a message",
    (c) => c.messages.addAttachments("msg1", { attachments: [1, 2, 3, 4, 5, 6].map(url) }),
    "attachments"
  ],
  ["an empty message id", (c) => c.messages.get(""), "messageId"],
  ["an email id that is a dot-segment", (c) => c.messages.getEmail(".."), "emailMessageId"],
  ["a cancel with a message id holding a line break", (c) => c.messages.cancelScheduled("a\nb"), "messageId"],
  ["an export limit under 10", (c) => c.messages.exportPage({ limit: 5 }), "limit"],
  ["an export limit over 500", (c) => c.messages.exportPage({ limit: 501 }), "limit"],
  ["an export channel that does not exist", (c) => c.messages.exportPage(loose({ channel: "Sms" })), "channel"],
  ["an export sorted by an unknown field", (c) => c.messages.exportPage(loose({ sortBy: "dateAdded" })), "sortBy"],
  ["a create without contactId", (c) => c.conversations.create(loose({})), "contactId"],
  [
    "an update to a negative unread count",
    (c) => c.conversations.update(conversationId, { unreadCount: -1 }),
    "unreadCount"
  ],
  [
    "an update to a fractional unread count",
    (c) => c.conversations.update(conversationId, { unreadCount: 1.5 }),
    "unreadCount"
  ],
  ["an update with an unknown property", (c) => c.conversations.update(conversationId, loose({ unread: 0 })), "unread"],
  ["a delete of an empty id", (c) => c.conversations.delete(""), "conversationId"]
]

describe("inputs are checked before anything is sent", () => {
  for (const [what, call, field] of cases) {
    it.live(`${what}: InvalidInputError naming ${field}, no request`, () =>
      Effect.gen(function*() {
        const { requests, result } = yield* withClient((client) => Effect.flip(call(client)))
        expect(result._tag).toBe("InvalidInputError")
        if (result._tag !== "InvalidInputError" || !("issues" in result)) return
        expect(Array.isArray(result.issues)).toBe(true)
        expect(String(result.issues)).toContain(field)
        expect(requests).toHaveLength(0)
      }))
  }

  it.live("an Email missing both subject and body names both fields", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withClient((client) =>
        Effect.flip(client.messages.send({ type: "Email", contactId }))
      )
      expect(result._tag).toBe("InvalidInputError")
      if (result._tag !== "InvalidInputError") return
      expect(result.issues.some((issue) => issue.startsWith("subject"))).toBe(true)
      expect(result.issues.some((issue) => issue.startsWith("html"))).toBe(true)
      expect(requests).toHaveLength(0)
    }))
})

describe("good inputs go out as the Schema encodes them", () => {
  it.live("a DateTime scheduledTimestamp is sent as UTC epoch seconds", () =>
    Effect.gen(function*() {
      const at = DateTime.unsafeMake("2026-12-24T18:00:00.000Z")
      const { requests } = yield* withClient((client) =>
        Effect.either(client.messages.send({ type: "SMS", contactId, message: "hi", scheduledTimestamp: at }))
      )
      expect(requests).toHaveLength(1)
      expect(JSON.parse(requests[0]?.body ?? "{}")).toEqual({
        type: "SMS",
        contactId,
        message: "hi",
        scheduledTimestamp: 1_798_135_200
      })
    }))

  it.live("every send type with its content is accepted", () =>
    Effect.gen(function*() {
      const types = ["SMS", "RCS", "WhatsApp", "IG", "FB", "Custom", "Live_Chat", "TIKTOK"] as const
      const { requests } = yield* withClient((client) =>
        Effect.forEach(types, (type) => Effect.either(client.messages.send({ type, contactId, message: "hi" })))
          .pipe(Effect.zipRight(Effect.either(client.messages.send({
            type: "Email",
            contactId,
            subject: "Hello",
            html: "<p>hi</p>",
            emailCc: ["a@example.com"]
          }))))
      )
      expect(requests.map((request) => JSON.parse(request.body).type)).toEqual([...types, "Email"])
      expect(requests.every((request) => request.method === "POST" && request.path === "/conversations/messages"))
        .toBe(true)
    }))

  it.live("update and create carry the client's location when the input names none", () =>
    Effect.gen(function*() {
      const { requests } = yield* withClient((client) =>
        Effect.zip(
          Effect.either(client.conversations.update(conversationId, { unreadCount: 0, starred: true })),
          Effect.either(client.conversations.create({ contactId }))
        )
      )
      expect(requests.map((request) => [request.method, request.path, JSON.parse(request.body)])).toEqual([
        ["PUT", `/conversations/${conversationId}`, {
          unreadCount: 0,
          starred: true,
          locationId: "Lq8Zp3Xc5Vb7Nm1As2Df"
        }],
        ["POST", "/conversations/", { contactId, locationId: "Lq8Zp3Xc5Vb7Nm1As2Df" }]
      ])
    }))

  it.live("export parameters go in the query, dates as ISO strings", () =>
    Effect.gen(function*() {
      const { requests } = yield* withClient((client) =>
        Effect.either(client.messages.exportPage({
          limit: 500,
          channel: "Email",
          sortBy: "updatedAt",
          sortOrder: "asc",
          startDate: DateTime.unsafeMake("2026-01-01T00:00:00.000Z")
        }))
      )
      const query = requests[0]?.query
      expect(requests[0]?.path).toBe("/conversations/messages/export")
      expect(Object.fromEntries(query?.entries() ?? [])).toEqual({
        limit: "500",
        channel: "Email",
        sortBy: "updatedAt",
        sortOrder: "asc",
        startDate: "2026-01-01T00:00:00.000Z",
        locationId: "Lq8Zp3Xc5Vb7Nm1As2Df"
      })
    }))
})
