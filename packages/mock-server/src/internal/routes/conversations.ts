/**
 * The conversation operations: search (keyset pages of a location) and get (one conversation).
 *
 * @since 0.1.0
 * @internal
 */
import * as Query from "../query.js"
import type * as Responses from "../responses.js"
import type { ConversationReads } from "../store/reads.js"
import * as Wire from "../wire.js"
import { type BearerContext, error, json } from "./route.js"

const forbidden = (ctx: BearerContext) => error(ctx, 403, "The token does not have access to this location.")

const unprocessable = (ctx: BearerContext, messages: ReadonlyArray<string>) =>
  error(ctx, 422, messages, { error: "Unprocessable Entity" })

/** GET /conversations/search: the location (403), then the parameters (422), then the page. @internal */
export const search = (ctx: BearerContext, conversations: ConversationReads): Responses.Prepared => {
  const location = conversations.location(ctx.token.locationId)
  // A token always belongs to a seeded location; this guards against a data-set swap in flight.
  if (location === undefined) return forbidden(ctx)
  const params = ctx.url.searchParams
  const requested = Query.searchLocationId(params)
  if (requested !== undefined && requested !== ctx.token.locationId) return forbidden(ctx)
  const parsed = Query.parseSearch(params)
  if (!parsed.ok) return unprocessable(ctx, parsed.messages)
  const page = conversations.search(location, parsed.value)
  return json(ctx, 200, {
    conversations: page.rows.map((r) => Wire.searchConversation(r.conversation, r.key)),
    total: page.total,
    traceId: ctx.traceId
  })
}

/** GET /conversations/{conversationId}: the location (403), no query parameter (422), known id (404). @internal */
export const get = (ctx: BearerContext, conversations: ConversationReads): Responses.Prepared => {
  // As in `search`: a guard against a data-set swap in flight.
  if (conversations.location(ctx.token.locationId) === undefined) return forbidden(ctx)
  const id = ctx.params.conversationId ?? ""
  const conversation = conversations.conversation(id)
  if (conversation !== undefined && conversation.locationId !== ctx.token.locationId) return forbidden(ctx)
  const unknown = [...new Set(ctx.url.searchParams.keys())]
  if (unknown.length > 0) return unprocessable(ctx, unknown.map((k) => `property ${k} should not exist`))
  if (conversation === undefined) return error(ctx, 404, `Conversation with id ${id} not found`)
  return json(ctx, 200, { ...Wire.conversation(conversation), traceId: ctx.traceId })
}
