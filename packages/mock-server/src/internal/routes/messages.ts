/**
 * The message reads: one page of a conversation's messages, newest first, behind an exclusive cursor; one message
 * by id; one email by its email message id.
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredMessage } from "../model.js"
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
    start = messages.positionOf(at) + 1
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

/** The message of the path parameter, checked: 404 unknown (or its conversation deleted), 403 other location. */
export const messageOf = (
  ctx: BearerContext,
  messages: MessageReads,
  id: string
): { readonly ok: true; readonly value: StoredMessage } | {
  readonly ok: false
  readonly answer: Responses.Prepared
} => {
  const message = messages.message(id)
  if (message === undefined) return { ok: false, answer: error(ctx, 404, `Message with id ${id} not found`) }
  if (message.locationId !== ctx.token.locationId) {
    return { ok: false, answer: error(ctx, 403, "The token does not have access to this location.") }
  }
  return { ok: true, value: message }
}

/** No query parameter is known to the single-resource reads: each one is a 422. */
const noQuery = (ctx: BearerContext): Responses.Prepared | undefined => {
  const unknown = [...new Set(ctx.url.searchParams.keys())]
  return unknown.length === 0
    ? undefined
    : error(ctx, 422, unknown.map((k) => `property ${k} should not exist`), { error: "Unprocessable Entity" })
}

/** GET /conversations/messages/{id}: the message (404, 403) as the messages list carries it. @internal */
export const get = (ctx: BearerContext, messages: MessageReads): Responses.Prepared => {
  const found = messageOf(ctx, messages, ctx.params.id ?? "")
  if (!found.ok) return found.answer
  return noQuery(ctx) ?? json(ctx, 200, { ...Wire.message(found.value), traceId: ctx.traceId })
}

/**
 * GET /conversations/messages/email/{id}: `id` is an email message id (`meta.email.messageIds`, or the
 * `emailMessageId` a send answered); 404 for any other id, 403 for another location's.
 *
 * @internal
 */
export const getEmail = (ctx: BearerContext, messages: MessageReads): Responses.Prepared => {
  const id = ctx.params.id ?? ""
  const message = messages.messageOfEmail(id)
  const conversation = message === undefined ? undefined : messages.conversation(message.conversationId)
  const location = messages.location(ctx.token.locationId)
  if (message === undefined || conversation === undefined || location === undefined) {
    return error(ctx, 404, `Email message with id ${id} not found`)
  }
  if (message.locationId !== ctx.token.locationId) {
    return error(ctx, 403, "The token does not have access to this location.")
  }
  return noQuery(ctx) ?? json(ctx, 200, { ...Wire.email(message, id, conversation, location), traceId: ctx.traceId })
}
