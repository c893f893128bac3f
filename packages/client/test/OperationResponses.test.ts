/**
 * Every operation's answer decodes (leniently: unknown fields dropped, `null` optional fields absent, flat or wrapped
 * single resources), each request goes to its route with its method, and the export stream follows `nextCursor`
 * without skipping or repeating a message.
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Context from "effect/Context"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as ConversationsClient from "../src/ConversationsClient.js"
import { message } from "./utils/bodies.js"
import { TOKEN } from "./utils/harness.js"
import { answer, type Behaviour, type WriteRequest, writeServer } from "./utils/WriteServer.js"

const locationId = "Lq8Zp3Xc5Vb7Nm1As2Df"
const contactId = "Jh3Kk2Lm9Nq4Rs7Tv1Wx"
const conversationId = "ve9EPM428h8vShlRW1KT"
const traceId = "6f1c2b9e-1d2a-4e55-9a0b-3c4d5e6f7a8b"

const withServer = <A, E>(
  handler: (request: WriteRequest, index: number) => Behaviour,
  body: (client: ConversationsClient.Service) => Effect.Effect<A, E>
) =>
  Effect.scoped(Effect.gen(function*() {
    const server = yield* writeServer(handler)
    const context = yield* Layer.build(
      ConversationsClient.layer({
        token: Redacted.make(TOKEN),
        baseUrl: server.baseUrl,
        locationId,
        rateLimit: false,
        retry: false
      }).pipe(Layer.provide(FetchHttpClient.layer))
    )
    const result = yield* body(Context.get(context, ConversationsClient.ConversationsClient))
    return { result, requests: server.requests }
  }))

const once = (body: unknown, status = 200) => () => answer(status, body)
const route = (requests: ReadonlyArray<WriteRequest>) => requests.map((request) => `${request.method} ${request.path}`)

describe("conversations", () => {
  it.live("create returns the conversation of `{ success, conversation }`, epoch-ms string dates decoded", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        once({
          success: true,
          conversation: {
            id: conversationId,
            contactId,
            locationId,
            deleted: false,
            dateAdded: "1711563229000",
            dateUpdated: "1711563229000",
            lastMessageDate: "1711563229000",
            assignedTo: null,
            somethingNew: 1
          },
          traceId
        }, 201),
        (client) => client.conversations.create({ contactId })
      )
      expect(route(requests)).toEqual(["POST /conversations/"])
      expect(result.id).toBe(conversationId)
      expect(result.assignedTo).toBeUndefined()
      expect(result.dateAdded && DateTime.toEpochMillis(result.dateAdded)).toBe(1711563229000)
    }))

  it.live("create for a contact that has a conversation fails with ConversationExistsError naming both ids", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        once({
          statusCode: 400,
          message: `Conversation with the contact id:${contactId} already exists!`,
          conversationId,
          traceId
        }, 400),
        (client) => Effect.flip(client.conversations.create({ contactId }))
      )
      expect(requests).toHaveLength(1)
      expect(result._tag).toBe("ConversationExistsError")
      if (result._tag !== "ConversationExistsError") return
      expect(result.contactId).toBe(contactId)
      expect(result.conversationId).toBe(conversationId)
      expect(result.traceId).toBe(traceId)
    }))

  it.live("create for an unknown contact is an InvalidRequestError (400), not ConversationExistsError", () =>
    Effect.gen(function*() {
      const { result } = yield* withServer(
        once({ statusCode: 400, message: "Contact not found" }, 400),
        (client) => Effect.flip(client.conversations.create({ contactId }))
      )
      expect(result._tag).toBe("InvalidRequestError")
    }))

  it.live("update returns the updated conversation; an unknown id is NotFoundError", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        (_request, index) =>
          index === 0
            ? answer(200, {
              success: true,
              conversation: {
                id: conversationId,
                contactId,
                locationId,
                deleted: false,
                unreadCount: 0,
                starred: true,
                inbox: true,
                lastMessageType: "TYPE_SOMETHING_NEW",
                lastMessageDate: 1711563229000
              }
            })
            : answer(404, { statusCode: 404, message: "Conversation not found" }),
        (client) =>
          Effect.zip(
            client.conversations.update(conversationId, { unreadCount: 0, starred: true }),
            Effect.flip(client.conversations.update("missing", { unreadCount: 0 }))
          )
      )
      expect(route(requests)).toEqual([`PUT /conversations/${conversationId}`, "PUT /conversations/missing"])
      expect(result[0].unreadCount).toBe(0)
      expect(result[0].starred).toBe(true)
      expect(result[0].lastMessageType).toBe("TYPE_SOMETHING_NEW")
      expect(result[1]._tag).toBe("NotFoundError")
    }))

  it.live("delete returns `{ success }`", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        once({ success: true }),
        (client) => client.conversations.delete(conversationId)
      )
      expect(route(requests)).toEqual([`DELETE /conversations/${conversationId}`])
      expect(result.success).toBe(true)
    }))
})

describe("messages", () => {
  it.live("get decodes a message flat or wrapped in `message`", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        (_request, index) => answer(200, index === 0 ? message(1) : { message: message(2), traceId }),
        (client) => Effect.zip(client.messages.get("msg1"), client.messages.get("msg2"))
      )
      expect(route(requests)).toEqual(["GET /conversations/messages/msg1", "GET /conversations/messages/msg2"])
      expect(result[0].id).toBe(message(1).id)
      expect(result[1].id).toBe(message(2).id)
    }))

  it.live("getEmail decodes the email with its body, flat or wrapped in `emailMessage`", () =>
    Effect.gen(function*() {
      const email = {
        id: "em1",
        threadId: "th1",
        locationId,
        contactId,
        conversationId,
        dateAdded: "2024-03-27T18:13:49.000Z",
        subject: "Hello",
        body: "<p>Hi</p>",
        direction: "outbound",
        status: "delivered",
        contentType: "text/html",
        from: "shop@example.com",
        to: ["customer@example.com"],
        cc: null,
        provider: "mailgun"
      }
      const { requests, result } = yield* withServer(
        (_request, index) => answer(200, index === 0 ? email : { emailMessage: email }),
        (client) => Effect.zip(client.messages.getEmail("em1"), client.messages.getEmail("em1"))
      )
      expect(route(requests)[0]).toBe("GET /conversations/messages/email/em1")
      expect(result[0].body).toBe("<p>Hi</p>")
      expect(result[0].cc).toBeUndefined()
      expect(result[1].to).toEqual(["customer@example.com"])
    }))

  it.live("send, reviewReply and updateStatus decode SentMessage; addInbound and addOutbound AddedMessage", () =>
    Effect.gen(function*() {
      const sent = { conversationId, messageId: "m1", emailMessageId: null, status: "pending", traceId }
      const added = {
        success: true,
        conversationId,
        messageId: "m2",
        message: "Message added",
        contactId,
        dateAdded: "2024-03-27T18:13:49.000Z"
      }
      const { requests, result } = yield* withServer(
        (request) =>
          answer(200, request.path.endsWith("/inbound") || request.path.endsWith("/outbound") ? added : sent),
        (client) =>
          Effect.all([
            client.messages.send({ type: "SMS", contactId, message: "hi" }),
            client.messages.reviewReply({ conversationId, message: "Thanks!" }),
            client.messages.updateStatus("m1", { status: "delivered" }),
            client.messages.addInbound({
              type: "SMS",
              conversationId,
              contactId,
              conversationProviderId: "prov1",
              message: "hello"
            }),
            client.messages.addOutbound({
              type: "Call",
              conversationId,
              conversationProviderId: "prov1",
              call: { to: "+15550100", from: "+15550101", status: "completed" }
            })
          ])
      )
      expect(route(requests)).toEqual([
        "POST /conversations/messages",
        "POST /conversations/messages/review-reply",
        "PUT /conversations/messages/m1/status",
        "POST /conversations/messages/inbound",
        "POST /conversations/messages/outbound"
      ])
      expect(JSON.parse(requests[1]?.body ?? "{}")).toEqual({ conversationId, message: "Thanks!", locationId })
      const [send, reply, status, inbound, outbound] = result
      expect([send.messageId, reply.messageId, status.messageId]).toEqual(["m1", "m1", "m1"])
      expect(send.emailMessageId).toBeUndefined()
      expect(send.traceId).toBe(traceId)
      expect([inbound.messageId, outbound.messageId]).toEqual(["m2", "m2"])
      expect(inbound.dateAdded && DateTime.formatIso(inbound.dateAdded)).toBe("2024-03-27T18:13:49.000Z")
    }))

  it.live("the cancels decode `{ status, message }`; addAttachments takes a bodiless 200", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        (request) =>
          request.path.endsWith("/attachments") ? answer(200, "") : answer(200, { status: 200, message: "ok" }),
        (client) =>
          Effect.all([
            client.messages.cancelScheduled("m1"),
            client.messages.cancelScheduledEmail("em1"),
            client.messages.addAttachments("m1", { attachments: ["https://files.example.com/call.mp3"] })
          ])
      )
      expect(route(requests)).toEqual([
        "DELETE /conversations/messages/m1/schedule",
        "DELETE /conversations/messages/email/em1/schedule",
        "PUT /conversations/messages/m1/attachments"
      ])
      expect(result[0].message).toBe("ok")
      expect(result[1].status).toBe(200)
      expect(result[2]).toBeUndefined()
    }))

  it.live("a send answered with a body missing messageId is a DecodeError naming the field", () =>
    Effect.gen(function*() {
      const { result } = yield* withServer(
        once({ conversationId }),
        (client) => Effect.flip(client.messages.send({ type: "SMS", contactId, message: "hi" }))
      )
      expect(result._tag).toBe("DecodeError")
      if (result._tag !== "DecodeError") return
      expect(result.path).toBe("messageId")
    }))
})

describe("the export stream", () => {
  // 1,234 messages served in pages of `limit`, the cursor an opaque token of the next offset.
  const all = Array.from({ length: 1234 }, (_, i) => message(i))
  const cursorOf = (offset: number) => Buffer.from(JSON.stringify({ offset })).toString("base64url")
  const offsetOf = (cursor: string | null) =>
    cursor === null ? 0 : Number(JSON.parse(Buffer.from(cursor, "base64url").toString()).offset)
  const exportServer = (request: WriteRequest) => {
    const limit = Number(request.query.get("limit") ?? "100")
    const offset = offsetOf(request.query.get("cursor"))
    const page = all.slice(offset, offset + limit)
    const next = offset + limit < all.length ? cursorOf(offset + limit) : null
    return answer(200, { messages: page, nextCursor: next, total: all.length })
  }

  it.live("follows nextCursor to the end: every message once, in order, the filters on every page", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        exportServer,
        (client) => Stream.runCollect(client.messages.export({ limit: 500, channel: "SMS", sortOrder: "asc" }))
      )
      const ids = Chunk.toReadonlyArray(result).map((m) => m.id)
      expect(ids).toEqual(all.map((m) => m.id))
      expect(new Set(ids).size).toBe(all.length)
      expect(requests).toHaveLength(3)
      expect(requests.map((request) => request.query.get("cursor"))).toEqual([null, cursorOf(500), cursorOf(1000)])
      expect(requests.every((r) => r.query.get("channel") === "SMS" && r.query.get("sortOrder") === "asc")).toBe(true)
      expect(requests.every((r) => r.query.get("locationId") === locationId)).toBe(true)
    }))

  it.live("fetches a page only when pulled: take(10) costs one request", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        exportServer,
        (client) => Stream.runCollect(Stream.take(client.messages.export({ limit: 100 }), 10))
      )
      expect(Chunk.size(result)).toBe(10)
      expect(requests).toHaveLength(1)
    }))

  it.live("a server that repeats a cursor fails the stream with PaginationStalled instead of looping", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        () => answer(200, { messages: [message(1)], nextCursor: "same", total: 99 }),
        (client) => Effect.flip(Stream.runDrain(client.messages.export({ limit: 10 })))
      )
      expect(result._tag).toBe("PaginationStalled")
      expect(requests).toHaveLength(2)
    }))

  it.live("an absent nextCursor ends the export, as does an empty page", () =>
    Effect.gen(function*() {
      const { requests, result } = yield* withServer(
        (_request, index) =>
          index === 0
            ? answer(200, { messages: [message(1)], nextCursor: "c1", total: 1 })
            : answer(200, { messages: [], nextCursor: "c2", total: 1 }),
        (client) => Stream.runCollect(client.messages.export())
      )
      expect(Chunk.size(result)).toBe(1)
      expect(requests).toHaveLength(2)
    }))
})
