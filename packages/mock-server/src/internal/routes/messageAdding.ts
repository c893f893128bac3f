/**
 * What the message-adding routes (send, provider calls, review reply) share: the state they read and change, a
 * type's number, the 403 of another location, the conversation a body names, and the answer naming what was added.
 *
 * @since 0.1.0
 * @internal
 */
import { messageTypeNumber } from "../enums.js"
import type { StoredConversation, StoredMessage } from "../model.js"
import type * as Responses from "../responses.js"
import type { MessageReads } from "../store/reads.js"
import type { MessageWrites } from "../store/writes.js"
import { type BearerContext, error, json } from "./route.js"

/** What the message-adding routes read and change. @internal */
export type SendState = MessageReads & MessageWrites

/** A message type's number; TYPE_RCS has none known (see enums.ts): it travels as the SMS family's 2. @internal */
export const typeNumber = (messageType: string) => messageTypeNumber.get(messageType) ?? 2

/** 403: the token's location is not the one asked for. @internal */
export const forbidden = (ctx: BearerContext) => error(ctx, 403, "The token does not have access to this location.")

/** The answer to an added message, with the ids the journal records. @internal */
export const added = (ctx: BearerContext, status: number, body: Record<string, unknown>, m: StoredMessage) => ({
  ...json(ctx, status, { ...body, traceId: ctx.traceId }),
  ids: {
    conversationId: m.conversationId,
    messageId: m.id,
    ...(m.emailMessageIds?.[0] === undefined ? {} : { emailMessageId: m.emailMessageIds[0] })
  }
})

/** The conversation a provider call names, checked: 404 unknown, 403 other location. @internal */
export const providerConversation = (
  ctx: BearerContext,
  state: SendState,
  conversationId: string
): { readonly ok: true; readonly value: StoredConversation } | {
  readonly ok: false
  readonly answer: Responses.Prepared
} => {
  const conversation = state.conversation(conversationId)
  if (conversation === undefined) {
    return { ok: false, answer: error(ctx, 404, `Conversation with id ${conversationId} not found`) }
  }
  if (conversation.locationId !== ctx.token.locationId) return { ok: false, answer: forbidden(ctx) }
  return { ok: true, value: conversation }
}
