/**
 * The live chat typing indicator.
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import { TypingBody, TypingInput, TypingResult } from "../../LiveChat.js"
import type { LiveChatOperations } from "../../LiveChatOperations.js"
import { type GroupContext, spanOf } from "./groupContext.js"
import { jsonOf } from "./responseKinds.js"
import { inputOf, locationOf } from "./validateInput.js"

const route = "/conversations/providers/live-chat/typing"

const checkTyping = inputOf(TypingInput)
const encodeTyping = inputOf(TypingBody)
const typingResult = jsonOf(TypingResult)

/**
 * @internal
 */
export const make = (context: GroupContext): LiveChatOperations => {
  const typing = Effect.fn("ConversationsClient.liveChat.typing", spanOf("POST", route))(
    function*(input: TypingInput) {
      const operation = "liveChat.typing"
      const { value } = yield* checkTyping(operation, input)
      const locationId = yield* locationOf(operation, value.locationId, context.locationId)
      const { wire } = yield* encodeTyping(operation, { ...value, locationId })
      return yield* context.run({
        operation,
        request: HttpClientRequest.post(route).pipe(HttpClientRequest.bodyUnsafeJson(wire)),
        response: typingResult,
        notFoundIsExpected: true
      })
    }
  )
  return { typing }
}
