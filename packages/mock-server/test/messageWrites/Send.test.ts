/** send-a-new-message: every channel, scheduled and cancelled, its 4xx answers, its scope and faults. */
import { describe, expect, it } from "@effect/vitest"
import { MockFaults } from "../../src/index.js"
import { call, callJson, searchPath } from "../support.js"
import { post, type Sent, setup, START } from "./support.js"

describe("send-a-new-message (POST /conversations/messages)", () => {
  it("an SMS appears first in its conversation, which moves to the top of search with its last-message fields", async () => {
    const { conversations, mock, primary } = setup()
    const target = conversations[10]
    const sent = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "SMS", contactId: target?.contactId, message: "On my way" })
    )
    expect(sent.status).toBe(200)
    const { conversationId, messageId } = sent.body as Sent
    expect(conversationId).toBe(target?.id)
    expect(mock.store.messagesOf(conversationId)[0]).toMatchObject({
      id: messageId,
      body: "On my way",
      messageType: "TYPE_SMS",
      type: 2,
      direction: "outbound",
      status: "pending",
      source: "api",
      conversationProviderId: primary.providerId,
      dateAdded: new Date(START).toISOString()
    })
    const page = await callJson(mock, searchPath(primary.locationId, { limit: 1 }))
    expect((page.body as { conversations: Array<unknown> }).conversations[0]).toMatchObject({
      id: conversationId,
      lastMessageBody: "On my way",
      lastMessageType: "TYPE_SMS",
      lastMessageDirection: "outbound",
      lastOutboundMessageAction: "automated",
      lastMessageDate: START,
      dateUpdated: START,
      sort: [START]
    })
    const read = await callJson(mock, `/conversations/messages/${messageId}`)
    expect(read.body).toMatchObject({ id: messageId, conversationId, body: "On my way" })
    expect(mock.control.journal().at(-3)).toMatchObject({ route: "sendMessage", ids: { conversationId, messageId } })
  })

  it("to a known contact without a conversation: opens one; to an unknown contact: 400, nothing written", async () => {
    const { lonely, mock } = setup()
    const before = mock.store.counts()
    const sent = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "WhatsApp", contactId: lonely[0], message: "Hi" })
    )
    const { conversationId } = sent.body as Sent
    expect(mock.store.conversation(conversationId)).toMatchObject({ contactId: lonely[0], type: 1 })
    expect(mock.store.messagesOf(conversationId)).toHaveLength(1)
    const unknown = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "SMS", contactId: "nobody00000000000000", message: "Hi" })
    )
    expect(unknown.status).toBe(400)
    expect(unknown.body).toMatchObject({ statusCode: 400, message: "Contact not found" })
    expect(mock.store.counts()).toEqual({
      ...before,
      conversations: before.conversations + 1,
      messages: before.messages + 1
    })
  })

  it("an Email needs a subject and html or message; it answers an emailMessageId that get-email-by-id serves", async () => {
    const { conversations, mock } = setup()
    const contactId = conversations[2]?.contactId
    const bad = await callJson(mock, "/conversations/messages", post({ type: "Email", contactId }))
    expect(bad.status).toBe(422)
    expect(bad.body).toMatchObject({ message: ["subject should not be empty", "html or message should not be empty"] })
    const sent = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "Email", contactId, subject: "Your invoice", html: "<p>Attached.</p>", emailCc: ["a@b.co"] })
    )
    const { emailMessageId, messageId } = sent.body as Sent
    expect(emailMessageId).toMatch(/^[A-Za-z0-9]{20}$/)
    const email = await callJson(mock, `/conversations/messages/email/${emailMessageId}`)
    expect(email.status).toBe(200)
    expect(email.body).toMatchObject({
      id: emailMessageId,
      subject: "Your invoice",
      body: "<p>Attached.</p>",
      cc: ["a@b.co"],
      direction: "outbound"
    })
    expect(mock.store.messagesOf(conversations[2]?.id ?? "")[0]).toMatchObject({
      id: messageId,
      messageType: "TYPE_EMAIL",
      meta: { email: { messageIds: [emailMessageId] } }
    })
  })

  it("wrong enum, unknown property, missing contactId, scheduledTimestamp in milliseconds: 422 each", async () => {
    const { conversations, mock } = setup()
    const contactId = conversations[0]?.contactId
    const wrong = await callJson(mock, "/conversations/messages", post({ type: "Pigeon", contactId, message: "x" }))
    expect(wrong.body).toMatchObject({
      statusCode: 422,
      message: [
        "type must be one of the following values: SMS, RCS, Email, WhatsApp, IG, FB, Custom, Live_Chat, TIKTOK"
      ],
      error: "Unprocessable Entity"
    })
    const extra = await callJson(mock, "/conversations/messages", post({ type: "SMS", contactId, message: "x", x: 1 }))
    expect(extra.body).toMatchObject({ message: ["property x should not exist"] })
    const missing = await callJson(mock, "/conversations/messages", post({ type: "SMS", message: "x" }))
    expect(missing.body).toMatchObject({ message: ["contactId should not be empty", "contactId must be a string"] })
    const ms = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "SMS", contactId, message: "x", scheduledTimestamp: START + 60_000 })
    )
    expect(ms.body).toMatchObject({ message: ["scheduledTimestamp must not be greater than 99999999999"] })
  })

  it("scheduled: status scheduled until the mock clock passes scheduledTimestamp (seconds); cancelled: never sent", async () => {
    const { conversations, mock } = setup()
    const a = conversations[4]
    const b = conversations[5]
    const at = START / 1000 + 3600
    const first = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "SMS", contactId: a?.contactId, message: "later", scheduledTimestamp: at })
    )
    const second = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "SMS", contactId: b?.contactId, message: "never", scheduledTimestamp: at })
    )
    const kept = (first.body as Sent).messageId
    const dropped = (second.body as Sent).messageId
    expect(mock.store.messagesOf(a?.id ?? "")[0]).toMatchObject({ id: kept, status: "scheduled" })
    expect(mock.store.conversation(a?.id ?? "")).toEqual(mock.store.conversation(a?.id ?? ""))
    expect(mock.store.conversationsOf(mock.credentials.locationId)[0]?.id).not.toBe(a?.id)
    const cancel = await callJson(mock, `/conversations/messages/${dropped}/schedule`, { method: "DELETE" })
    expect(cancel.body).toMatchObject({ status: 200 })
    const again = await callJson(mock, `/conversations/messages/${dropped}/schedule`, { method: "DELETE" })
    expect(again.status).toBe(200)
    mock.control.advanceClock(3_600_000)
    expect(mock.store.messagesOf(a?.id ?? "")[0]).toMatchObject({ id: kept, status: "pending" })
    expect(mock.store.conversationsOf(mock.credentials.locationId)[0]).toMatchObject({
      id: a?.id,
      lastMessageBody: "later",
      lastMessageDate: at * 1000
    })
    expect(mock.store.messagesOf(b?.id ?? "")[0]).toMatchObject({ id: dropped, status: "cancelled" })
    expect(mock.store.conversationsOf(mock.credentials.locationId)[1]?.id).not.toBe(b?.id)
    const late = await callJson(mock, `/conversations/messages/${kept}/schedule`, { method: "DELETE" })
    expect(late.status).toBe(400)
  })

  it("a scheduled email is cancelled by its email message id", async () => {
    const { conversations, mock } = setup()
    const sent = await callJson(
      mock,
      "/conversations/messages",
      post({
        type: "Email",
        contactId: conversations[1]?.contactId,
        subject: "s",
        message: "m",
        scheduledTimestamp: START / 1000 + 60
      })
    )
    const { emailMessageId, messageId } = sent.body as Sent
    const cancel = await callJson(mock, `/conversations/messages/email/${emailMessageId}/schedule`, {
      method: "DELETE"
    })
    expect(cancel.status).toBe(200)
    mock.control.advanceClock(120_000)
    expect((await callJson(mock, `/conversations/messages/${messageId}`)).body).toMatchObject({ status: "cancelled" })
    expect(
      (await call(mock, "/conversations/messages/email/unknown0000000000000/schedule", { method: "DELETE" })).status
    )
      .toBe(404)
  })

  it("a token without conversations/message.write: 401; commitThenDrop: the message exists exactly once", async () => {
    const { conversations, mock, primary } = setup()
    const contactId = conversations[0]?.contactId
    const refused = await call(mock, "/conversations/messages", {
      ...post({ type: "SMS", contactId, message: "x" }),
      token: primary.tokens.readOnly
    })
    expect(refused.status).toBe(401)
    mock.control.setFaults([MockFaults.rule("sendMessage", MockFaults.commitThenDrop(), { times: 1 })])
    const dropped = await call(
      mock,
      "/conversations/messages",
      post({ type: "SMS", contactId, message: "exactly once" })
    )
    expect(dropped.type).toBe("error")
    const found = mock.store.messagesOf(conversations[0]?.id ?? "").filter((m) => m.body === "exactly once")
    expect(found).toHaveLength(1)
    expect(mock.control.journal().at(-1)).toMatchObject({
      status: 0,
      fault: "commitThenDrop",
      ids: { messageId: found[0]?.id }
    })
  })
})
