/**
 * How the live mirror applies a batch of webhook events to the sync database: what it reads, what it writes, and how
 * it tells a gap it closed from one only a sync can close (see `LiveSync.ts` for the rules).
 *
 * @since 0.2.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { Message } from "@highlevel-effect/client"
import { ConversationsClient, WebhookEvent } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import * as Rows from "../sync/Rows.js"
import * as Store from "../sync/Store.js"

// Reads of one batch in flight at once.
const readConcurrency = 8

/**
 * An event the mirror applies: its position in the batch, its conversation and, for a message event, its message.
 *
 * @since 0.2.0
 * @category models
 */
export interface Target {
  readonly at: number
  readonly event: WebhookEvent.WebhookEvent
  readonly conversationId: string
  readonly messageId: string | undefined
}

/**
 * Message and unread events of the location; anything else is ignored (undefined).
 *
 * @since 0.2.0
 * @category constructors
 */
export const targetOf = (locationId: string, event: WebhookEvent.WebhookEvent, at: number): Target | undefined => {
  if (
    (event instanceof WebhookEvent.InboundMessage || event instanceof WebhookEvent.OutboundMessage) &&
    event.locationId === locationId && typeof event.conversationId === "string" && typeof event.messageId === "string"
  ) {
    return { at, event, conversationId: event.conversationId, messageId: event.messageId }
  }
  if (event instanceof WebhookEvent.ConversationUnreadUpdate && event.locationId === locationId) {
    return { at, event, conversationId: event.id, messageId: undefined }
  }
  return undefined
}

const groupBy = (targets: ReadonlyArray<Target>): Map<string, Array<Target>> => {
  const groups = new Map<string, Array<Target>>()
  for (const target of targets) groups.set(target.conversationId, [...groups.get(target.conversationId) ?? [], target])
  return groups
}

/**
 * What a batch needs to know.
 *
 * @since 0.2.0
 * @category models
 */
export interface BatchOptions {
  readonly locationId: string
  /** How many of a conversation's newest messages an event's message is looked for in. */
  readonly pageSize: number
}

/**
 * Applies a batch of events (what the receiver's queue held: one when the mirror keeps up, more when it fell
 * behind): one page read per conversation with message events, one search per conversation touched, every row in one
 * transaction. Answers the positions (`Target.at`) of the events that found a gap, and of those whose gap only a sync
 * can mend.
 *
 * @since 0.2.0
 * @category constructors
 */
export const batch = (targets: ReadonlyArray<Target>, options: BatchOptions) =>
  Effect.gen(function*() {
    const { locationId, pageSize } = options
    const client = yield* ConversationsClient.ConversationsClient
    const sql = yield* SqlClient.SqlClient
    const gapAt = new Set<number>()
    const syncFor = new Set<number>()
    const unplaced = (at: number) => {
      gapAt.add(at)
      syncFor.add(at)
    }
    // The reads, a few at a time (the client's rate limiter still paces them against HighLevel).
    const pages = yield* Effect.forEach(
      groupBy(targets.filter((t) => t.messageId !== undefined)),
      ([conversationId, group]) =>
        Effect.map(client.getMessagesPage(conversationId, { limit: pageSize }), (page) => ({ page, group })),
      { concurrency: readConcurrency }
    )
    const documents = yield* Effect.forEach(
      groupBy(targets),
      ([conversationId, group]) =>
        Effect.map(
          client.searchConversationsPage({ locationId, id: conversationId, limit: 1 }),
          (page) => ({
            found: page.conversations.filter((c) => c.id === conversationId && c.locationId === locationId),
            group
          })
        ),
      { concurrency: readConcurrency }
    )
    // Each located message with the older messages of its page: the predecessor first (the gap check), then the
    // rest (written only on a gap: the page mends a hole it holds before the sync comes).
    const located: Array<{
      readonly target: Target
      readonly rows: ReadonlyArray<Message.Message>
      /** The page ends where the conversation does. */
      readonly whole: boolean
    }> = []
    for (const { group, page } of pages) {
      // Oldest first: a message whose predecessor is also in the batch finds it already written.
      const found = group.map((target) => ({
        target,
        index: page.messages.findIndex((m) => m.id === target.messageId)
      }))
      for (const { index, target } of found.sort((a, b) => b.index - a.index)) {
        // Not on the newest page: too late to place, or gone; the sync settles it.
        if (index < 0) unplaced(target.at)
        else located.push({ target, rows: page.messages.slice(index), whole: !page.nextPage })
      }
    }
    const conversationRows: Array<Rows.ConversationRow> = []
    for (const { found, group } of documents) {
      // Deleted (the search no longer finds it): the sync removes it.
      if (found.length === 0) { for (const target of group) unplaced(target.at) }
      conversationRows.push(...found.map(Rows.conversationRow))
    }
    yield* Effect.gen(function*() {
      for (const { rows: [message, predecessor, ...older], target, whole } of located) {
        if (message !== undefined) yield* Store.upsertMessagesIfNotOlder([Rows.messageRow(message)])
        // The predecessor was already there as it is now: written 0. Missing (or changed behind our back): an
        // event was lost, or is late.
        if (predecessor === undefined) continue
        if ((yield* Store.upsertMessagesIfNotOlder([Rows.messageRow(predecessor)])) === 0) continue
        gapAt.add(target.at)
        // Down the page to the first message already stored: below it every event was applied (each one checked
        // its own predecessor), so the hole is closed. A page with none left stops short of the hole's end.
        let closed = whole
        for (const row of older) {
          if ((yield* Store.upsertMessagesIfNotOlder([Rows.messageRow(row)])) === 0) {
            closed = true
            break
          }
        }
        if (!closed) syncFor.add(target.at)
      }
      yield* Store.upsertConversationsIfNotOlder(conversationRows)
    }).pipe(sql.withTransaction)
    return { gapAt, syncFor }
  })
