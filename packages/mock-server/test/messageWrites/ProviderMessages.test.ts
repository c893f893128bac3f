/** The messages a provider app adds (inbound, outbound call), their status and attachments; review reply; reads. */
import { describe, expect, it } from "@effect/vitest"
import { call, callJson } from "../support.js"
import { post, type Sent, setup } from "./support.js"

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
