import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockFaults } from "../src/index.js"
import { call, callJson, manualClock, searchPath } from "./support.js"

const post = (body: unknown, method = "POST") => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body)
})

const START = Date.UTC(2025, 0, 1, 12)

const setup = () => {
  const clock = manualClock(START)
  const mock = HighLevelMock.make({ seed: 42, rateLimit: false, now: clock.now })
  const primary = mock.locations[0]
  const other = mock.locations[1]
  if (primary === undefined || other === undefined) throw new Error("the default scenario has two locations")
  const conversations = mock.store.conversationsOf(primary.locationId)
  const withConversation = new Set(conversations.map((c) => c.contactId))
  const lonely = primary.contactIds.filter((id) => !withConversation.has(id))
  return { mock, clock, primary, other, conversations, lonely }
}

interface Sent {
  readonly conversationId: string
  readonly messageId: string
  readonly emailMessageId?: string
}

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

describe("provider messages: inbound, outbound call, status, attachments", () => {
  it("inbound: first in the conversation, unreadCount + 1, lastMessageDirection inbound", async () => {
    const { conversations, mock, primary } = setup()
    const c = conversations[7]
    const before = c?.unreadCount ?? 0
    const added = await callJson(
      mock,
      "/conversations/messages/inbound",
      post({
        type: "SMS",
        conversationId: c?.id,
        contactId: c?.contactId,
        conversationProviderId: primary.providerId,
        message: "Hello?"
      })
    )
    expect(added.status).toBe(200)
    expect(added.body).toMatchObject({ success: true, conversationId: c?.id, contactId: c?.contactId })
    expect(mock.store.conversationsOf(primary.locationId)[0]).toMatchObject({
      id: c?.id,
      unreadCount: before + 1,
      lastMessageDirection: "inbound",
      lastMessageBody: "Hello?"
    })
    expect(mock.store.messagesOf(c?.id ?? "")[0]).toMatchObject({ direction: "inbound", body: "Hello?" })
  })

  it("inbound errors: unknown conversation 404, another contact 400, unknown provider 400, missing provider 422", async () => {
    const { conversations, mock, primary } = setup()
    const c = conversations[7]
    const body = {
      type: "SMS",
      conversationId: c?.id,
      contactId: c?.contactId,
      conversationProviderId: primary.providerId
    }
    expect(
      (await call(mock, "/conversations/messages/inbound", post({ ...body, conversationId: "unknown0000000000000" })))
        .status
    ).toBe(404)
    expect(
      (await call(mock, "/conversations/messages/inbound", post({ ...body, contactId: conversations[8]?.contactId })))
        .status
    ).toBe(400)
    expect(
      (await call(mock, "/conversations/messages/inbound", post({ ...body, conversationProviderId: "other" }))).status
    ).toBe(400)
    const missing = await callJson(
      mock,
      "/conversations/messages/inbound",
      post({ ...body, conversationProviderId: undefined })
    )
    expect(missing.body).toMatchObject({
      message: ["conversationProviderId should not be empty", "conversationProviderId must be a string"]
    })
  })

  it("outbound call: a TYPE_CALL message with meta.call; attachments set on it (max 5), refused on an SMS (403)", async () => {
    const { conversations, mock, primary } = setup()
    const c = conversations[3]
    const added = await callJson(
      mock,
      "/conversations/messages/outbound",
      post({
        type: "Call",
        conversationId: c?.id,
        conversationProviderId: primary.providerId,
        call: { status: "busy" }
      })
    )
    const { messageId } = added.body as Sent
    expect(mock.store.messagesOf(c?.id ?? "")[0]).toMatchObject({
      id: messageId,
      messageType: "TYPE_CALL",
      direction: "outbound",
      meta: { call: { duration: 0, status: "busy" } }
    })
    const urls = ["https://r.example/1.mp3"]
    const set = await callJson(
      mock,
      `/conversations/messages/${messageId}/attachments`,
      post({ attachments: urls }, "PUT")
    )
    expect(set.status).toBe(200)
    expect((await callJson(mock, `/conversations/messages/${messageId}`)).body).toMatchObject({ attachments: urls })
    const six = await callJson(
      mock,
      `/conversations/messages/${messageId}/attachments`,
      post({ attachments: Array(6).fill("u") }, "PUT")
    )
    expect(six.body).toMatchObject({ message: ["attachments must contain no more than 5 elements"] })
    const sms = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "SMS", contactId: c?.contactId, message: "x" })
    )
    const onSms = await call(
      mock,
      `/conversations/messages/${(sms.body as Sent).messageId}/attachments`,
      post({ attachments: urls }, "PUT")
    )
    expect(onSms.status).toBe(403)
  })

  it("update-message-status: only the provider's token (403 otherwise), along allowed transitions (400 otherwise)", async () => {
    const { conversations, mock, primary } = setup()
    const sent = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "SMS", contactId: conversations[0]?.contactId, message: "x" })
    )
    const { messageId } = sent.body as Sent
    const path = `/conversations/messages/${messageId}/status`
    const asUser = await callJson(mock, path, post({ status: "delivered" }, "PUT"))
    expect(asUser.status).toBe(403)
    expect(asUser.body).toMatchObject({ message: "No conversation provider found for this message" })
    const provider = { token: primary.tokens.provider }
    const delivered = await callJson(mock, path, { ...post({ status: "delivered" }, "PUT"), ...provider })
    expect(delivered.body).toMatchObject({ messageId, status: "delivered" })
    expect((await call(mock, path, { ...post({ status: "delivered" }, "PUT"), ...provider })).status).toBe(200)
    const read = await callJson(mock, path, { ...post({ status: "read" }, "PUT"), ...provider })
    expect(read.status).toBe(200)
    const back = await callJson(mock, path, { ...post({ status: "pending" }, "PUT"), ...provider })
    expect(back.status).toBe(400)
    const wrong = await callJson(mock, path, { ...post({ status: "lost" }, "PUT"), ...provider })
    expect(wrong.body).toMatchObject({
      message: ["status must be one of the following values: delivered, failed, pending, read"]
    })
    expect(mock.store.messagesOf(conversations[0]?.id ?? "")[0]).toMatchObject({ id: messageId, status: "read" })
  })
})

describe("review reply, get-message, get-email-by-id", () => {
  it("review-reply: on a review conversation only (400 otherwise)", async () => {
    const { mock, primary } = setup()
    const all = mock.store.conversationsOf(primary.locationId)
    const review = all.find((c) => c.type === "TYPE_REVIEW")
    const phone = all.find((c) => c.type === "TYPE_PHONE")
    const body = (id: string | undefined) =>
      post({ conversationId: id, locationId: primary.locationId, message: "Thanks!" })
    if (review !== undefined) {
      const ok = await callJson(mock, "/conversations/messages/review-reply", body(review.id))
      expect(ok.status).toBe(200)
      expect(mock.store.messagesOf(review.id)[0]).toMatchObject({ messageType: "TYPE_REVIEW", body: "Thanks!" })
    }
    expect((await call(mock, "/conversations/messages/review-reply", body(phone?.id))).status).toBe(400)
  })

  it("get-message: 404 unknown, 403 another location's; get-email-by-id: seeded email ids resolve", async () => {
    const { mock, other, primary } = setup()
    expect((await call(mock, "/conversations/messages/unknown0000000000000")).status).toBe(404)
    const foreign = mock.store.messagesOf(other.conversationIds[0] ?? "")[0]
    expect((await call(mock, `/conversations/messages/${foreign?.id}`)).status).toBe(403)
    const seededEmail = primary.conversationIds.flatMap((id) => mock.store.messagesOf(id)).find((m) =>
      m.messageType === "TYPE_EMAIL"
    )
    const emailId = seededEmail?.meta?.email?.messageIds[0]
    const email = await callJson(mock, `/conversations/messages/email/${emailId}`)
    expect(email.body).toMatchObject({
      id: emailId,
      conversationId: seededEmail?.conversationId,
      body: seededEmail?.body
    })
    expect((await call(mock, "/conversations/messages/email/unknown0000000000000")).status).toBe(404)
  })
})

describe("export-messages-by-location after writes", () => {
  interface ExportPage {
    readonly messages: ReadonlyArray<{ readonly id: string; readonly status?: string }>
    readonly nextCursor?: string
    readonly total: number
  }
  const exportPath = (locationId: string, conversationId: string, cursor?: string) =>
    `/conversations/messages/export?locationId=${locationId}&conversationId=${conversationId}&sortOrder=asc` +
    `&limit=${cursor === undefined ? 500 : 10}` +
    (cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`)

  it("a walk begun before a status update serves the new status; a deleted conversation's messages are gone", async () => {
    const { conversations, mock, primary } = setup()
    // A conversation with more messages than a first page of 10 (email ones are not in the default channel).
    const chosen = conversations.find((c) => mock.store.messagesOf(c.id).length >= 20)
    const target = chosen?.id ?? ""
    const sent = await callJson(
      mock,
      "/conversations/messages",
      post({ type: "SMS", contactId: chosen?.contactId, message: "x" })
    )
    const { messageId } = sent.body as Sent
    // Oldest first: a first page of 10 pins the walk's point in time, before the update; the new message is later.
    const first = await callJson(
      mock,
      `/conversations/messages/export?locationId=${primary.locationId}&conversationId=${target}&sortOrder=asc&limit=10`
    )
    expect((first.body as ExportPage).messages.map((m) => m.id)).not.toContain(messageId)
    let cursor = (first.body as ExportPage).nextCursor
    await callJson(mock, `/conversations/messages/${messageId}/status`, {
      ...post({ status: "delivered" }, "PUT"),
      token: primary.tokens.provider
    })
    const walk = [...(first.body as ExportPage).messages]
    for (let page = 0; cursor !== undefined && page < 100; page++) {
      const next = (await callJson(mock, exportPath(primary.locationId, target, cursor))).body as ExportPage
      walk.push(...next.messages)
      cursor = next.nextCursor
    }
    expect(walk.filter((m) => m.id === messageId)).toEqual([expect.objectContaining({ status: "delivered" })])
    const fresh = (await callJson(mock, exportPath(primary.locationId, target))).body as ExportPage
    expect(fresh.messages.find((m) => m.id === messageId)).toMatchObject({ status: "delivered" })
    expect(fresh.total).toBe(fresh.messages.length)

    expect((await call(mock, `/conversations/${target}`, { method: "DELETE" })).status).toBe(200)
    const gone = (await callJson(mock, exportPath(primary.locationId, target))).body as ExportPage
    expect(gone).toMatchObject({ messages: [], total: 0 })
  })
})
