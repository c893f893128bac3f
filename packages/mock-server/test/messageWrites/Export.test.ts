/** export-messages-by-location after message writes: a walk serves each message's current version, and a deleted
 * conversation's messages leave it. */
import { describe, expect, it } from "@effect/vitest"
import { call, callJson } from "../support.js"
import { post, type Sent, setup } from "./support.js"

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
