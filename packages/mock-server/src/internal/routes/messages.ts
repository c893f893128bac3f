/**
 * The messages operation: one page of a conversation's messages, newest first, behind an exclusive cursor.
 *
 * @since 0.1.0
 * @internal
 */
import * as Query from "../query.js"
import type * as Responses from "../responses.js"
import type { MessageReads } from "../store/reads.js"
import * as Wire from "../wire.js"
import { type BearerContext, error, json } from "./route.js"

/**
 * GET /conversations/{conversationId}/messages: the location (403), the parameters (422), known id (404), a cursor
 * of this conversation (400), then the page.
 *
 * @internal
 */
export const list = (ctx: BearerContext, messages: MessageReads): Responses.Prepared => {
  const forbidden = () => error(ctx, 403, "The token does not have access to this location.")
  // A token always belongs to a seeded location; this guards against a data-set swap in flight.
  if (messages.location(ctx.token.locationId) === undefined) return forbidden()
  const id = ctx.params.conversationId ?? ""
  const conversation = messages.conversation(id)
  if (conversation !== undefined && conversation.locationId !== ctx.token.locationId) return forbidden()
  const parsed = Query.parseMessages(ctx.url.searchParams)
  if (!parsed.ok) return error(ctx, 422, parsed.messages, { error: "Unprocessable Entity" })
  if (conversation === undefined) return error(ctx, 404, `Conversation with id ${id} not found`)
  let start = 0
  const cursor = parsed.value.lastMessageId
  if (cursor !== undefined) {
    const at = messages.message(cursor)
    if (at === undefined || at.conversationId !== conversation.id) {
      return error(ctx, 400, `lastMessageId ${cursor} is not a message of conversation ${conversation.id}`)
    }
    start = at.position + 1
  }
  const slice = Query.messagesPage(messages.messagesOf(conversation.id), start, parsed.value)
  const last = slice.messages[slice.messages.length - 1]
  const page = {
    ...(last === undefined ? {} : { lastMessageId: last.id }),
    nextPage: slice.nextPage,
    messages: slice.messages.map(Wire.message)
  }
  return json(
    ctx,
    200,
    messages.shape() === "flat" ? { ...page, traceId: ctx.traceId } : { messages: page, traceId: ctx.traceId }
  )
}
