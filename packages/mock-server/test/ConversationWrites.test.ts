import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockFaults } from "../src/index.js"
import { call, callJson, manualClock, searchPath } from "./support.js"

const json = (body: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) })

const setup = () => {
  const clock = manualClock()
  const mock = HighLevelMock.make({ seed: 42, rateLimit: false, now: clock.now })
  const primary = mock.locations[0]
  const other = mock.locations[1]
  if (primary === undefined || other === undefined) throw new Error("the default scenario has two locations")
  const withConversation = new Set(mock.store.conversationsOf(primary.locationId).map((c) => c.contactId))
  const lonely = primary.contactIds.filter((id) => !withConversation.has(id))
  return { mock, clock, primary, other, lonely }
}

describe("create-conversation (POST /conversations/)", () => {
  it("creates the conversation of a contact without one: 201, first in search, readable by get", async () => {
    const { lonely, mock, primary } = setup()
    const contactId = lonely[0] ?? ""
    const created = await callJson(mock, "/conversations/", {
      method: "POST",
      ...json({ locationId: primary.locationId, contactId })
    })
    expect(created.status).toBe(201)
    const body = created.body as { success: boolean; conversation: { id: string; contactId: string } }
    expect(body.success).toBe(true)
    expect(body.conversation.contactId).toBe(contactId)
    const id = body.conversation.id
    expect(mock.store.conversationsOf(primary.locationId)[0]?.id).toBe(id)
    const read = await callJson(mock, `/conversations/${id}`)
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({ id, contactId, unreadCount: 0, deleted: false })
    expect(mock.control.journal().at(-2)).toMatchObject({
      route: "createConversation",
      status: 201,
      ids: { conversationId: id }
    })
  })

  it("a contact that already has a conversation: 400 naming the existing conversationId, nothing created", async () => {
    const { mock, primary } = setup()
    const existing = mock.store.conversationsOf(primary.locationId)[3]
    const before = mock.store.counts().conversations
    const answer = await callJson(mock, "/conversations/", {
      method: "POST",
      ...json({ locationId: primary.locationId, contactId: existing?.contactId })
    })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      statusCode: 400,
      message: `Conversation with the contact id:${existing?.contactId} already exists!`,
      conversationId: existing?.id
    })
    expect(mock.store.counts().conversations).toBe(before)
  })

  it("an unknown contact: 400 Contact not found", async () => {
    const { mock, primary } = setup()
    const answer = await callJson(mock, "/conversations", {
      method: "POST",
      ...json({ locationId: primary.locationId, contactId: "nobody00000000000000" })
    })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ statusCode: 400, message: "Contact not found" })
  })

  it("bad bodies: 422 in class-validator phrasing (missing field, unknown property, wrong type)", async () => {
    const { mock, primary } = setup()
    const missing = await callJson(mock, "/conversations/", {
      method: "POST",
      ...json({ locationId: primary.locationId })
    })
    expect(missing.status).toBe(422)
    expect(missing.body).toMatchObject({
      statusCode: 422,
      message: ["contactId should not be empty", "contactId must be a string"],
      error: "Unprocessable Entity"
    })
    const extra = await callJson(mock, "/conversations/", {
      method: "POST",
      ...json({ locationId: primary.locationId, contactId: "x", colour: "red" })
    })
    expect(extra.body).toMatchObject({ message: ["property colour should not exist"] })
  })

  it("another location's id in the body: 403; a token without conversations.write: 401", async () => {
    const { lonely, mock, other, primary } = setup()
    const foreign = await callJson(mock, "/conversations/", {
      method: "POST",
      ...json({ locationId: other.locationId, contactId: lonely[0] })
    })
    expect(foreign.status).toBe(403)
    const readOnly = await callJson(mock, "/conversations/", {
      method: "POST",
      token: primary.tokens.readOnly,
      ...json({ locationId: primary.locationId, contactId: lonely[0] })
    })
    expect(readOnly.status).toBe(401)
    expect(readOnly.body).toMatchObject({ message: "The token is not authorized for this scope." })
  })
})

describe("update-conversation (PUT /conversations/{id})", () => {
  it("sets unreadCount and starred; search's status filter sees it at once", async () => {
    const { mock, primary } = setup()
    const target = mock.store.conversationsOf(primary.locationId).find((c) => c.unreadCount > 0)
    const id = target?.id ?? ""
    const answer = await callJson(mock, `/conversations/${id}`, {
      method: "PUT",
      ...json({ locationId: primary.locationId, unreadCount: 0, starred: true })
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ success: true, conversation: { id, unreadCount: 0, starred: true } })
    expect(mock.store.conversation(id)).toMatchObject({ unreadCount: 0, starred: true })
    const unread = await callJson(mock, searchPath(primary.locationId, { status: "unread", limit: 100 }))
    const ids = (unread.body as { conversations: Array<{ id: string }> }).conversations.map((c) => c.id)
    expect(ids).not.toContain(id)
  })

  it("a negative or fractional unreadCount is 422; an unknown id is 404; another location's is 403", async () => {
    const { mock, other, primary } = setup()
    const id = primary.conversationIds[0] ?? ""
    const negative = await callJson(mock, `/conversations/${id}`, {
      method: "PUT",
      ...json({ locationId: primary.locationId, unreadCount: -1 })
    })
    expect(negative.body).toMatchObject({ statusCode: 422, message: ["unreadCount must not be less than 0"] })
    const fraction = await callJson(mock, `/conversations/${id}`, {
      method: "PUT",
      ...json({ locationId: primary.locationId, unreadCount: 1.5 })
    })
    expect(fraction.status).toBe(422)
    const unknown = await callJson(mock, "/conversations/unknown0000000000000", {
      method: "PUT",
      ...json({ locationId: primary.locationId, starred: true })
    })
    expect(unknown.status).toBe(404)
    const foreign = await callJson(mock, `/conversations/${other.conversationIds[0]}`, {
      method: "PUT",
      ...json({ locationId: primary.locationId, starred: true })
    })
    expect(foreign.status).toBe(403)
  })
})

describe("delete-conversation (DELETE /conversations/{id})", () => {
  it("soft delete: {success: true}, then 404 on get, messages, update and delete; gone from search; reset restores", async () => {
    const { mock, primary } = setup()
    const id = primary.conversationIds[0] ?? ""
    const seeded = mock.store.conversation(id)
    const seededMessages = mock.store.messagesOf(id)
    const answer = await callJson(mock, `/conversations/${id}`, { method: "DELETE" })
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ success: true })
    expect((await call(mock, `/conversations/${id}`)).status).toBe(404)
    expect((await call(mock, `/conversations/${id}/messages`)).status).toBe(404)
    expect((await call(mock, `/conversations/${id}`, { method: "DELETE" })).status).toBe(404)
    const search = await callJson(mock, searchPath(primary.locationId, { limit: 100 }))
    expect((search.body as { conversations: Array<{ id: string }> }).conversations.map((c) => c.id)).not.toContain(id)
    mock.control.reset()
    expect(mock.store.conversation(id)).toEqual(seeded)
    expect(mock.store.messagesOf(id)).toEqual(seededMessages)
    expect(mock.locations[0]?.conversationIds[0]).toBe(id)
  })
})

describe("route order", () => {
  it("fixed segments never fall into /conversations/{conversationId}, whatever the method", async () => {
    const { mock } = setup()
    for (const method of ["GET", "PUT", "DELETE"]) {
      // Words the table uses as fixed segments below /conversations (other modules add theirs the same way).
      for (const word of ["messages", "search"]) {
        const answer = await callJson(mock, `/conversations/${word}`, { method })
        const routes = mock.control.journal().map((e) => e.route)
        expect(answer.status === 404 || routes.at(-1) === "search").toBe(true)
        expect(["getConversation", "updateConversation", "deleteConversation"]).not.toContain(routes.at(-1))
      }
    }
  })
})

describe("the mock clock and commitThenDrop", () => {
  it("POST /__mock/clock sets and advances the clock that writes stamp", async () => {
    const { lonely, mock, primary } = setup()
    const set = await callJson(mock, "/__mock/clock", { method: "POST", ...json({ set: "2030-01-01T00:00:00.000Z" }) })
    expect(set.body).toEqual({ now: Date.UTC(2030, 0, 1) })
    const advanced = await callJson(mock, "/__mock/clock", { method: "POST", ...json({ advanceMs: 1_000 }) })
    expect(advanced.body).toEqual({ now: Date.UTC(2030, 0, 1) + 1_000 })
    const created = await callJson(mock, "/conversations/", {
      method: "POST",
      ...json({ locationId: primary.locationId, contactId: lonely[0] })
    })
    expect(created.body).toMatchObject({ conversation: { dateAdded: Date.UTC(2030, 0, 1) + 1_000 } })
    mock.control.reset()
    expect(mock.control.clock()).not.toBe(Date.UTC(2030, 0, 1) + 1_000)
  })

  it("commitThenDrop: the write takes effect and is journaled, the caller gets a network error", async () => {
    const { lonely, mock, primary } = setup()
    mock.control.setFaults([MockFaults.rule("createConversation", MockFaults.commitThenDrop(), { times: 1 })])
    const before = mock.store.counts().conversations
    const dropped = await call(mock, "/conversations/", {
      method: "POST",
      ...json({ locationId: primary.locationId, contactId: lonely[0] })
    })
    expect(dropped.type).toBe("error")
    expect(mock.store.counts().conversations).toBe(before + 1)
    expect(mock.control.journal().at(-1)).toMatchObject({
      route: "createConversation",
      status: 0,
      fault: "commitThenDrop"
    })
  })
})
