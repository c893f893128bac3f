/**
 * The conversation operations: search (keyset pages of a location), get (one conversation), and the writes:
 * create, update (`unreadCount`, `starred`) and delete (soft: 404 afterwards).
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredConversation } from "../model.js"
import * as Query from "../query.js"
import type * as Responses from "../responses.js"
import type { ConversationReads } from "../store/reads.js"
import type { ConversationWrites } from "../store/writes.js"
import * as Wire from "../wire.js"
import * as Body from "./body.js"
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

/** What the conversation write routes read and change. @internal */
export type ConversationState = ConversationReads & ConversationWrites

const CREATE: Body.Fields = {
  locationId: { kind: "string", required: true },
  contactId: { kind: "string", required: true }
}

/**
 * POST /conversations/: the body (422), its location (403), a known contact (400), no live conversation of the
 * contact yet (400 with the existing `conversationId`), then 201 with the new conversation.
 *
 * @internal
 */
export const create = (ctx: BearerContext, state: ConversationState): Responses.Prepared => {
  const decoded = Body.decode(ctx, CREATE)
  if (!decoded.ok) return decoded.answer
  const locationId = Body.text(decoded.value, "locationId") ?? ""
  const contactId = Body.text(decoded.value, "contactId") ?? ""
  const location = state.location(locationId)
  if (locationId !== ctx.token.locationId || location === undefined) return forbidden(ctx)
  const contact = state.contact(locationId, contactId)
  if (contact === undefined) return error(ctx, 400, "Contact not found")
  const existing = state.conversationOfContact(locationId, contactId)
  if (existing !== undefined) {
    return error(ctx, 400, `Conversation with the contact id:${contactId} already exists!`, {
      conversationId: existing.id
    })
  }
  const conversation = state.createConversation(location, contact, 1)
  return {
    ...json(ctx, 201, { success: true, conversation: Wire.createdConversation(conversation), traceId: ctx.traceId }),
    ids: { conversationId: conversation.id }
  }
}

const UPDATE: Body.Fields = {
  locationId: { kind: "string", required: true },
  unreadCount: { kind: "number", required: false, min: 0 },
  starred: { kind: "boolean", required: false },
  feedback: { kind: "json", required: false }
}

/** The conversation of the path, or the answer: 403 (other location) or 404 (unknown or deleted). */
const target = (
  ctx: BearerContext,
  conversations: ConversationReads
): { readonly ok: true; readonly value: StoredConversation } | {
  readonly ok: false
  readonly answer: Responses.Prepared
} => {
  const id = ctx.params.conversationId ?? ""
  const conversation = conversations.conversation(id)
  if (conversation !== undefined && conversation.locationId !== ctx.token.locationId) {
    return { ok: false, answer: forbidden(ctx) }
  }
  return conversation === undefined
    ? { ok: false, answer: error(ctx, 404, `Conversation with id ${id} not found`) }
    : { ok: true, value: conversation }
}

/**
 * PUT /conversations/{conversationId}: the body (422), its `locationId` (403), the conversation (403, 404), then
 * `unreadCount` and `starred` set (an integer count: a fraction is 422 too). Idempotent, as a PUT.
 *
 * @internal
 */
export const update = (ctx: BearerContext, state: ConversationState): Responses.Prepared => {
  const decoded = Body.decode(ctx, UPDATE)
  if (!decoded.ok) return decoded.answer
  const unreadCount = Body.number(decoded.value, "unreadCount")
  if (unreadCount !== undefined && !Number.isInteger(unreadCount)) {
    return Body.unprocessable(ctx, ["unreadCount must be an integer number"])
  }
  if (Body.text(decoded.value, "locationId") !== ctx.token.locationId) return forbidden(ctx)
  const found = target(ctx, state)
  if (!found.ok) return found.answer
  const starred = Body.boolean(decoded.value, "starred")
  const conversation = state.updateConversation(found.value, {
    ...(unreadCount === undefined ? {} : { unreadCount }),
    ...(starred === undefined ? {} : { starred })
  })
  return {
    ...json(ctx, 200, { success: true, conversation: Wire.conversationDto(conversation), traceId: ctx.traceId }),
    ids: { conversationId: conversation.id }
  }
}

/**
 * DELETE /conversations/{conversationId}: the conversation (403, 404), then a soft delete: from now on it answers
 * 404 everywhere (get, messages, update, delete) and is gone from search and export; `reset` restores a seeded one.
 *
 * @internal
 */
export const remove = (ctx: BearerContext, state: ConversationState): Responses.Prepared => {
  const unknown = [...new Set(ctx.url.searchParams.keys())]
  if (unknown.length > 0) return unprocessable(ctx, unknown.map((k) => `property ${k} should not exist`))
  const found = target(ctx, state)
  if (!found.ok) return found.answer
  state.deleteConversation(found.value)
  return { ...json(ctx, 200, { success: true, traceId: ctx.traceId }), ids: { conversationId: found.value.id } }
}
