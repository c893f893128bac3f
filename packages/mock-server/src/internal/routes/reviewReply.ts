/**
 * POST /conversations/messages/review-reply: a reply in a review conversation.
 *
 * @since 0.1.0
 * @internal
 */
import type * as Responses from "../responses.js"
import * as Body from "./body.js"
import { added, forbidden, providerConversation, type SendState, typeNumber } from "./messageAdding.js"
import { type BearerContext, error } from "./route.js"

const REVIEW_REPLY: Body.Fields = {
  conversationId: { kind: "string", required: true },
  locationId: { kind: "string", required: true },
  message: { kind: "string", required: true }
}

/** Channel 4: a review conversation. */
const REVIEW_CHANNEL = 4

/**
 * POST /conversations/messages/review-reply: the body (422), its `locationId` (403), the conversation (404, 403),
 * a review conversation (400), then an outbound `TYPE_REVIEW` message.
 *
 * @internal
 */
export const reviewReply = (ctx: BearerContext, state: SendState): Responses.Prepared => {
  const decoded = Body.decode(ctx, REVIEW_REPLY)
  if (!decoded.ok) return decoded.answer
  const body = decoded.value
  if (Body.text(body, "locationId") !== ctx.token.locationId) return forbidden(ctx)
  const found = providerConversation(ctx, state, Body.text(body, "conversationId") ?? "")
  if (!found.ok) return found.answer
  const conversation = found.value
  if (conversation.channel !== REVIEW_CHANNEL) {
    return error(ctx, 400, `Conversation ${conversation.id} is not a review conversation`)
  }
  const { message } = state.addMessage({
    conversationId: conversation.id,
    locationId: conversation.locationId,
    contactId: conversation.contactId,
    messageType: "TYPE_REVIEW",
    type: typeNumber("TYPE_REVIEW"),
    direction: "outbound",
    contentType: "text/plain",
    body: Body.text(body, "message"),
    status: "pending",
    attachments: [],
    source: "api",
    userId: undefined,
    conversationProviderId: undefined,
    call: undefined,
    emailMessageIds: undefined
  })
  return added(ctx, 200, {
    conversationId: message.conversationId,
    messageId: message.id,
    msg: "Review reply sent",
    status: "pending"
  }, message)
}
