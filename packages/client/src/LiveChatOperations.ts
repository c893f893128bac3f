/**
 * The `liveChat` group of the client: the agent typing indicator.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { NotFoundError, RequestError, WriteOutcomeUnknownError } from "./ConversationsError.js"
import type { TypingInput, TypingResult } from "./LiveChat.js"

/**
 * The failures of `liveChat.typing`: `NotFoundError` for an unknown conversation; `WriteOutcomeUnknownError` when
 * the request was sent and then timed out, lost its connection or met a 5xx (it is not resent).
 *
 * @since 0.1.0
 * @category errors
 */
export type TypingError = RequestError | NotFoundError | WriteOutcomeUnknownError

/**
 * The live chat operations (scope `conversations/livechat.write`).
 *
 * @since 0.1.0
 * @category models
 */
export interface LiveChatOperations {
  /**
   * `POST /conversations/providers/live-chat/typing`: shows (or hides) the agent's typing indicator in a live chat.
   * A `POST`: never resent once it may have reached the server.
   */
  readonly typing: (input: TypingInput) => Effect.Effect<TypingResult, TypingError>
}
