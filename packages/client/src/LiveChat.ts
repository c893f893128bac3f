/**
 * The live chat typing indicator: the input of `liveChat.typing` (`UserTypingBody`) and its result.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { optionalOrNull } from "./internal/schema.js"

const Id = Schema.NonEmptyTrimmedString

// The spec types `isTyping` as a string (with the example `true`): a boolean to the caller, "true"/"false" on the
// wire, as the spec's type says.
const BooleanAsString = Schema.transform(Schema.Literal("true", "false"), Schema.Boolean, {
  strict: true,
  decode: (wire) => wire === "true",
  encode: (typing) => typing ? "true" as const : "false" as const
})

const typingFields = {
  conversationId: Id,
  /** The live chat visitor's unique id. */
  visitorId: Id,
  /** `true` while the agent or bot types, `false` when it stops. */
  isTyping: BooleanAsString
}

/**
 * The body of `live-chat-agent-typing` (`UserTypingBody`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TypingBody = Schema.Struct({ ...typingFields, locationId: Id })

/**
 * The input of `liveChat.typing`: the body, its `locationId` the client's default when left out.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TypingInput = Schema.Struct({ ...typingFields, locationId: Schema.optional(Id) })

/**
 * @since 0.1.0
 * @category models
 */
export type TypingInput = typeof TypingInput.Type

/**
 * The answer of `live-chat-agent-typing` (201 `{success: true}`).
 *
 * @since 0.1.0
 * @category models
 */
export class TypingResult extends Schema.Class<TypingResult>("@highlevel-effect/client/TypingResult")({
  success: optionalOrNull(Schema.Boolean),
  traceId: optionalOrNull(Schema.String)
}) {}
