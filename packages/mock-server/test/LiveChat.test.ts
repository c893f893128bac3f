import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockWire } from "../src/index.js"
import { callJson, decode } from "./support.js"

const TYPING = "/conversations/providers/live-chat/typing"

describe("POST /conversations/providers/live-chat/typing", () => {
  const mock = HighLevelMock.make({ seed: 5, conversations: 6, messagesPerConversation: 2, rateLimit: false })
  const { locationId } = mock.credentials
  const conversationId = mock.locations[0]?.conversationIds[0] ?? ""
  const send = (body: unknown, token?: string) =>
    callJson(mock, TYPING, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
      ...(token === undefined ? {} : { token })
    })
  const valid = { locationId, isTyping: "true", visitorId: "visitor-1", conversationId }

  it("answers 201 {success: true}, for isTyping as the string or the boolean the spec's example shows", async () => {
    for (const isTyping of ["true", "false", true, false]) {
      const res = await send({ ...valid, isTyping })
      expect(res.status).toBe(201)
      expect(decode(MockWire.LiveChatTypingResponse, res.body).success).toBe(true)
    }
    expect(mock.control.journal().at(-1)).toMatchObject({ route: "liveChatTyping", status: 201, method: "POST" })
  })

  it("bad bodies: 422 naming each field; nothing else it serves changes", async () => {
    const res = await send({ isTyping: "yes", visitorId: 7, mood: "happy" })
    expect(res.status).toBe(422)
    expect(res.body).toMatchObject({
      statusCode: 422,
      error: "Unprocessable Entity",
      message: [
        "locationId should not be empty",
        "locationId must be a string",
        "isTyping must be one of the following values: true, false",
        "visitorId should not be empty",
        "visitorId must be a string",
        "conversationId should not be empty",
        "conversationId must be a string",
        "property mood should not exist"
      ]
    })
  })

  it("unknown conversation 404; another location 403; a token without conversations/livechat.write 401", async () => {
    expect((await send({ ...valid, conversationId: "NoSuchConversation00" })).status).toBe(404)
    const other = mock.locations[1]
    expect((await send({ ...valid, locationId: other?.locationId })).status).toBe(403)
    const foreignConversation = other?.conversationIds[0] ?? ""
    expect((await send({ ...valid, conversationId: foreignConversation })).status).toBe(403)
    const scoped = await send(valid, mock.locations[0]?.tokens.withoutMessagesScope)
    expect(scoped.status).toBe(401)
    expect(scoped.body).toMatchObject({ message: "The token is not authorized for this scope." })
  })
})
