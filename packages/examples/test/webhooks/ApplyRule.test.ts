/**
 * The live mirror's write rule, on both databases (SQLite file; PGlite over its socket): a stored row is replaced
 * only by one that is not older, so events applied in any order, or a read lagging behind an earlier one, never move
 * a row back; the same row again writes nothing. The sync's plain upsert still replaces anything: it is the repair.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Dialect from "../../src/sync/Dialect.js"
import * as Migrations from "../../src/sync/Migrations.js"
import type { ConversationRow, MessageRow } from "../../src/sync/Rows.js"
import * as Store from "../../src/sync/Store.js"
import { freshDatabase } from "../sync/harness.js"

const message = (dateUpdated: number | null, body: string): MessageRow => ({
  id: "msg1",
  location_id: "loc1",
  conversation_id: "conv1",
  contact_id: "contact1",
  type: 2,
  message_type: "TYPE_SMS",
  direction: "inbound",
  status: "delivered",
  content_type: "text/plain",
  body,
  date_added: 1_000,
  date_updated: dateUpdated,
  raw: JSON.stringify({ body, dateUpdated })
})

const conversation = (lastMessageDate: number, unreadCount: number): ConversationRow => ({
  id: "conv1",
  location_id: "loc1",
  contact_id: "contact1",
  type: "TYPE_PHONE",
  unread_count: unreadCount,
  starred: 0,
  inbox: 1,
  assigned_to: null,
  last_message_date: lastMessageDate,
  last_message_type: "TYPE_SMS",
  last_message_direction: "inbound",
  last_message_body: "hi",
  date_added: 1_000,
  // Search documents may lack it: the rule falls back to the last message's date.
  date_updated: null,
  raw: JSON.stringify({ lastMessageDate, unreadCount })
})

const stored = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const [m] = yield* sql<{ readonly body: string }>`SELECT body FROM messages WHERE id = 'msg1'`
  const [c] = yield* sql<{ readonly unread_count: number }>`SELECT unread_count FROM conversations WHERE id = 'conv1'`
  return { body: m?.body, unreadCount: c === undefined ? undefined : Number(c.unread_count) }
})

describe("the live mirror's rule: a row is only replaced by one that is not older", () => {
  for (const dialect of ["sqlite", "postgres"] as const) {
    it.scopedLive(
      `${dialect}: older rows are refused, duplicates write nothing, the sync's upsert still repairs`,
      () =>
        Effect.gen(function*() {
          const db = yield* freshDatabase(dialect)
          yield* Effect.gen(function*() {
            yield* Migrations.migrate
            // Messages: by date_updated, else date_added.
            expect(yield* Store.upsertMessagesIfNotOlder([message(3_000, "v3")])).toBe(1)
            expect(yield* Store.upsertMessagesIfNotOlder([message(2_000, "v2, late")])).toBe(0)
            expect(yield* Store.upsertMessagesIfNotOlder([message(null, "never updated")])).toBe(0)
            expect(yield* Store.upsertMessagesIfNotOlder([message(3_000, "v3")])).toBe(0)
            expect((yield* stored).body).toBe("v3")
            expect(yield* Store.upsertMessagesIfNotOlder([message(3_000, "v3, same time, changed")])).toBe(1)
            expect(yield* Store.upsertMessagesIfNotOlder([message(4_000, "v4")])).toBe(1)
            expect((yield* stored).body).toBe("v4")
            expect(yield* Store.upsertMessages([message(2_000, "v2, from a sync")])).toBe(1)
            expect((yield* stored).body).toBe("v2, from a sync")

            // Conversations: by date_updated, else last_message_date.
            expect(yield* Store.upsertConversationsIfNotOlder([conversation(5_000, 2)])).toBe(1)
            expect(yield* Store.upsertConversationsIfNotOlder([conversation(4_000, 1)])).toBe(0)
            expect(yield* Store.upsertConversationsIfNotOlder([conversation(5_000, 2)])).toBe(0)
            expect((yield* stored).unreadCount).toBe(2)
            expect(yield* Store.upsertConversationsIfNotOlder([conversation(6_000, 3)])).toBe(1)
            expect((yield* stored).unreadCount).toBe(3)
          }).pipe(Effect.provide(Dialect.layer(Either.getOrThrow(Dialect.parseTarget(db)))))
        }),
      30_000
    )
  }
})
