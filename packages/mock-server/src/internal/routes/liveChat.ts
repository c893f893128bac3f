/**
 * The live chat typing indicator: an agent or AI bot says it is typing (or stopped) in a live chat conversation.
 * Nothing the mock serves changes; the journal records the call.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockWire from "../../MockWire.js"
import type { StoredConversation } from "../model.js"
import type * as Responses from "../responses.js"
import * as Body from "./body.js"
import { type BearerContext, error, json } from "./route.js"

/** What the typing route reads. @internal */
export interface LiveChatState {
  readonly conversation: (conversationId: string) => StoredConversation | undefined
}

const FIELDS: Body.Fields = {
  locationId: { kind: "string", required: true },
  // A string in the spec whose example is the boolean `true`: both spellings are accepted.
  isTyping: { kind: "enum", required: true, values: [true, false, "true", "false"] },
  visitorId: { kind: "string", required: true },
  conversationId: { kind: "string", required: true }
}

/**
 * POST /conversations/providers/live-chat/typing: 422 for a bad body, 403 for another location, 404 for an unknown
 * conversation, else 201 `{success: true}`.
 *
 * @internal
 */
export const typing = (ctx: BearerContext, state: LiveChatState): Responses.Prepared => {
  const parsed = Body.decode(ctx, FIELDS)
  if (!parsed.ok) return parsed.answer
  if (Body.text(parsed.value, "locationId") !== ctx.token.locationId) {
    return error(ctx, 403, "The token does not have access to this location.")
  }
  const id = Body.text(parsed.value, "conversationId") ?? ""
  const conversation = state.conversation(id)
  if (conversation === undefined) return error(ctx, 404, `Conversation with id ${id} not found`)
  if (conversation.locationId !== ctx.token.locationId) {
    return error(ctx, 403, "The token does not have access to this location.")
  }
  return json(ctx, 201, { success: true, traceId: ctx.traceId } satisfies MockWire.LiveChatTypingResponse)
}
