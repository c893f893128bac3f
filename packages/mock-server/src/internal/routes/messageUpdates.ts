/**
 * The operations that change a message: cancel a scheduled one (by message id or email message id), update its
 * status (the conversation provider's app only, along the allowed transitions), set its attachments.
 *
 * @since 0.1.0
 * @internal
 */
import type { StoredMessage } from "../model.js"
import type * as Responses from "../responses.js"
import type { MessageReads } from "../store/reads.js"
import type { MessageWrites } from "../store/writes.js"
import * as Body from "./body.js"
import { messageOf } from "./messages.js"
import { type BearerContext, error, json } from "./route.js"

/** What the message-changing routes read and change. @internal */
export type UpdateState = MessageReads & MessageWrites

/** A cancelled scheduled message keeps its place in the conversation with this status; it is never sent. */
const CANCELLED = "cancelled"

const cancelled = (ctx: BearerContext, m: StoredMessage) => ({
  ...json(ctx, 200, { status: 200, message: "Scheduled message cancelled successfully", traceId: ctx.traceId }),
  ids: { conversationId: m.conversationId, messageId: m.id }
})

/** Cancels `m`: 400 unless it is scheduled; a second cancel answers as the first (a DELETE is idempotent). */
const cancel = (ctx: BearerContext, state: UpdateState, m: StoredMessage): Responses.Prepared => {
  if (m.status === CANCELLED) return cancelled(ctx, m)
  if (m.status !== "scheduled") {
    return error(ctx, 400, `Message ${m.id} is not scheduled (status ${m.status ?? "none"})`)
  }
  return cancelled(ctx, state.updateMessage(m, { status: CANCELLED }))
}

/** DELETE /conversations/messages/{messageId}/schedule: the message (404, 403), then cancel. @internal */
export const cancelScheduled = (ctx: BearerContext, state: UpdateState): Responses.Prepared => {
  const found = messageOf(ctx, state, ctx.params.messageId ?? "")
  return found.ok ? cancel(ctx, state, found.value) : found.answer
}

/** DELETE /conversations/messages/email/{emailMessageId}/schedule: the email message (404, 403), then cancel. @internal */
export const cancelScheduledEmail = (ctx: BearerContext, state: UpdateState): Responses.Prepared => {
  const id = ctx.params.emailMessageId ?? ""
  const m = state.messageOfEmail(id)
  if (m === undefined) return error(ctx, 404, `Email message with id ${id} not found`)
  if (m.locationId !== ctx.token.locationId) return error(ctx, 403, "The token does not have access to this location.")
  return cancel(ctx, state, m)
}

/**
 * Statuses each status may move to through the API (whose body accepts delivered, failed, pending and read).
 * Setting the current status again is allowed (a no-op: a retried PUT ends in the same state). Anything else,
 * scheduled, cancelled and call statuses included, is a 400.
 */
const TRANSITIONS: Readonly<Record<string, ReadonlyArray<string>>> = {
  pending: ["delivered", "read", "failed"],
  sent: ["delivered", "read", "failed"],
  delivered: ["read", "failed"],
  undelivered: ["failed"]
}

const STATUS: Body.Fields = {
  status: { kind: "enum", required: true, values: ["delivered", "failed", "pending", "read"] },
  error: { kind: "json", required: false },
  emailMessageId: { kind: "string", required: false },
  recipients: { kind: "strings", required: false }
}

/**
 * PUT /conversations/messages/{messageId}/status: the body (422), the message (404, 403), the caller is the
 * message's conversation provider (403 otherwise: the location's provider token, see `MockLocation.tokens`), an
 * allowed transition (400), then the new status.
 *
 * @internal
 */
export const updateStatus = (ctx: BearerContext, state: UpdateState): Responses.Prepared => {
  const decoded = Body.decode(ctx, STATUS)
  if (!decoded.ok) return decoded.answer
  const found = messageOf(ctx, state, ctx.params.messageId ?? "")
  if (!found.ok) return found.answer
  const m = found.value
  const providerId = ctx.token.providerId
  if (providerId === undefined || m.conversationProviderId !== providerId) {
    return error(ctx, 403, "No conversation provider found for this message")
  }
  const status = Body.text(decoded.value, "status") ?? ""
  const from = m.status ?? ""
  if (from !== status && !(TRANSITIONS[from] ?? []).includes(status)) {
    return error(ctx, 400, `Cannot change the status of message ${m.id} from ${from || "none"} to ${status}`)
  }
  const next = from === status ? m : state.updateMessage(m, { status })
  return {
    ...json(ctx, 200, {
      conversationId: next.conversationId,
      messageId: next.id,
      ...(next.emailMessageIds?.[0] === undefined ? {} : { emailMessageId: next.emailMessageIds[0] }),
      status,
      traceId: ctx.traceId
    }),
    ids: { conversationId: next.conversationId, messageId: next.id }
  }
}

/** At most 5 URLs (the spec). */
const ATTACHMENTS: Body.Fields = { attachments: { kind: "strings", required: true, max: 5 } }

/** Only call messages take attachment updates (recordings), as the spec says. */
const ATTACHABLE = new Set(["TYPE_CALL", "TYPE_CUSTOM_CALL"])

/**
 * PUT /conversations/messages/{messageId}/attachments: the body (422, at most 5), the message (404, 403), a call
 * message (403 otherwise), then its attachments replaced (idempotent, as a PUT).
 *
 * @internal
 */
export const addAttachments = (ctx: BearerContext, state: UpdateState): Responses.Prepared => {
  const decoded = Body.decode(ctx, ATTACHMENTS)
  if (!decoded.ok) return decoded.answer
  const found = messageOf(ctx, state, ctx.params.messageId ?? "")
  if (!found.ok) return found.answer
  const m = found.value
  if (!ATTACHABLE.has(m.messageType)) return error(ctx, 403, "Message type does not support attachment updates")
  const attachments = [...(Body.strings(decoded.value, "attachments") ?? [])]
  const same = attachments.length === m.attachments.length && attachments.every((a, i) => a === m.attachments[i])
  const next = same ? m : state.updateMessage(m, { attachments })
  return {
    ...json(ctx, 200, { success: true, messageId: next.id, attachments: [...next.attachments], traceId: ctx.traceId }),
    ids: { conversationId: next.conversationId, messageId: next.id }
  }
}
