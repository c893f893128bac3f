/**
 * The live chat typing indicator.
 *
 * @since 0.1.0
 * @internal
 */
import * as Effect from "effect/Effect"
import { TypingBody, TypingInput, TypingResult } from "../../LiveChat.js"
import type { LiveChatOperations } from "../../LiveChatOperations.js"
import { type GroupContext, locationOf } from "./groupContext.js"
import { inputOf, post, responseOf, spanOf } from "./run.js"

const route = "/conversations/providers/live-chat/typing"

const checkTyping = inputOf(TypingInput)
const encodeTyping = inputOf(TypingBody)
const typingResult = responseOf(TypingResult)

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
      // A 404 is an unknown conversation.
      return yield* post(context, {
        operation,
        method: "POST",
        path: route,
        body: wire,
        response: typingResult,
        knownId: value.conversationId
      }, true)
    }
  )
  return { typing }
}
