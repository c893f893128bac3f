/**
 * The live chat typing indicator against a local server: the body as the spec types it (`isTyping` a string), the
 * default location, the 201 answer decoded, and an unknown conversation as `NotFoundError`.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { rawServer, sendJson } from "../utils/RawServer.js"
import { clientAt, LOCATION } from "./support.js"

describe("liveChat.typing", () => {
  it.live("POST /conversations/providers/live-chat/typing, isTyping sent as \"true\"/\"false\"", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) => sendJson(res, 201, { success: true, traceId: "t-typing" }))
      const client = yield* clientAt(server.baseUrl)
      const started = yield* client.liveChat.typing({ conversationId: "c1", visitorId: "v1", isTyping: true })
      yield* client.liveChat.typing({ conversationId: "c1", visitorId: "v1", isTyping: false, locationId: "L2" })
      expect(started.success).toBe(true)
      expect(started.traceId).toBe("t-typing")
      expect(server.requests.map((r) => [r.method, r.path])).toEqual([
        ["POST", "/conversations/providers/live-chat/typing"],
        ["POST", "/conversations/providers/live-chat/typing"]
      ])
      expect(server.requests.map((r) => JSON.parse(r.body.toString()))).toEqual([
        { conversationId: "c1", visitorId: "v1", isTyping: "true", locationId: LOCATION },
        { conversationId: "c1", visitorId: "v1", isTyping: "false", locationId: "L2" }
      ])
    }).pipe(Effect.scoped))

  it.live("an unknown conversation is NotFoundError; a body without success still decodes", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res, i) =>
        i === 0
          ? sendJson(res, 404, { statusCode: 404, message: "Conversation with id c9 not found" })
          : sendJson(res, 201, {})
      )
      const client = yield* clientAt(server.baseUrl)
      const missing = yield* Effect.flip(
        client.liveChat.typing({ conversationId: "c9", visitorId: "v", isTyping: true })
      )
      expect(missing._tag).toBe("NotFoundError")
      const empty = yield* client.liveChat.typing({ conversationId: "c1", visitorId: "v", isTyping: true })
      expect(empty.success).toBeUndefined()
    }).pipe(Effect.scoped))
})
