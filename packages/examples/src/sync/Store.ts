/**
 * The sync's queries, the same for SQLite and Postgres (both speak `INSERT … ON CONFLICT … DO UPDATE … RETURNING`).
 *
 * - Upserts are idempotent: a row whose `raw` JSON is unchanged is not touched, and only inserted or changed rows
 *   come back, so rerunning a window changes nothing and counts nothing. The `IfNotOlder` variants (the live
 *   mirror's) also leave a row alone when the incoming one is older.
 * - A watermark is only ever written by {@link commit}, in the same transaction as the rows it covers: a process
 *   killed at any point leaves either the rows and the watermark, or neither.
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Arr from "effect/Array"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { ConversationRow, MessageRow } from "./Rows.js"

/**
 * The streams a location's sync keeps a watermark for.
 *
 * @since 0.1.0
 * @category models
 */
export type Stream = "messages" | "emails" | "conversations"

// Well under both dialects' parameter limits (Postgres 65 535, SQLite 32 766) at 15 columns a row.
const batchSize = 500

const messageColumns = [
  "location_id",
  "conversation_id",
  "contact_id",
  "type",
  "message_type",
  "direction",
  "status",
  "content_type",
  "body",
  "date_added",
  "date_updated",
  "raw"
] as const

const conversationColumns = [
  "location_id",
  "contact_id",
  "type",
  "unread_count",
  "starred",
  "inbox",
  "assigned_to",
  "last_message_date",
  "last_message_type",
  "last_message_direction",
  "last_message_body",
  "date_added",
  "date_updated",
  "raw"
] as const

// When a row last changed, as an SQL expression over `table` (the stored row) or `excluded` (the incoming one).
const versionOf: Record<"messages" | "conversations", (row: string) => string> = {
  messages: (row) => `COALESCE(${row}.date_updated, ${row}.date_added)`,
  conversations: (row) => `COALESCE(${row}.date_updated, ${row}.last_message_date, 0)`
}

const upsert = (table: "messages" | "conversations", columns: ReadonlyArray<string>, notOlder = false) =>
(
  rows: ReadonlyArray<MessageRow | ConversationRow>
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const set = sql.unsafe(columns.map((column) => `${column} = excluded.${column}`).join(", "))
    const guard = sql.unsafe(notOlder ? ` AND ${versionOf[table]("excluded")} >= ${versionOf[table](table)}` : "")
    let written = 0
    for (const chunk of Arr.chunksOf(rows, batchSize)) {
      // The same id twice in one statement is an error in Postgres ("cannot affect row a second time"): the last
      // version wins, as it would over two statements.
      const unique = [...new Map(chunk.map((row) => [row.id, row])).values()]
      const changed = yield* sql`INSERT INTO ${sql(table)} ${sql.insert(unique)}
        ON CONFLICT (id) DO UPDATE SET ${set} WHERE ${sql(table)}.raw <> excluded.raw${guard}
        RETURNING id`
      written += changed.length
    }
    return written
  })

/**
 * Inserts or updates messages; returns how many rows were inserted or changed.
 *
 * @since 0.1.0
 * @category queries
 */
export const upsertMessages = upsert("messages", messageColumns)

/**
 * Inserts or updates conversations; returns how many rows were inserted or changed.
 *
 * @since 0.1.0
 * @category queries
 */
export const upsertConversations = upsert("conversations", conversationColumns)

/**
 * Like {@link upsertMessages}, but a stored row is only replaced by one that is not older (its `date_updated`, else
 * `date_added`, is the same or later): the live mirror's rule, so events applied in any order, or a read that lags
 * behind an earlier one, never move a row back in time. The sync keeps the plain upsert: it is the repair.
 *
 * @since 0.2.0
 * @category queries
 */
export const upsertMessagesIfNotOlder = upsert("messages", messageColumns, true)

/**
 * Like {@link upsertConversations}, but a stored row is only replaced by one that is not older (`date_updated`, else
 * `last_message_date`).
 *
 * @since 0.2.0
 * @category queries
 */
export const upsertConversationsIfNotOlder = upsert("conversations", conversationColumns, true)

/**
 * The watermark of a stream (epoch ms), `None` before its first complete walk.
 *
 * @since 0.1.0
 * @category queries
 */
export const watermark = (
  locationId: string,
  stream: Stream
): Effect.Effect<Option.Option<number>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ readonly watermark: number | string | bigint }>`
      SELECT watermark FROM sync_state WHERE location_id = ${locationId} AND stream = ${stream}`
    // Postgres hands BIGINT back as a string.
    return Option.map(Arr.head(rows), (row) => Number(row.watermark))
  })

/**
 * Runs `write` and moves the stream's watermark to `to` in one transaction (a watermark never moves backwards).
 *
 * @since 0.1.0
 * @category queries
 */
export const commit = <A, E, R>(
  locationId: string,
  stream: Stream,
  to: number | undefined,
  write: Effect.Effect<A, E, R>
): Effect.Effect<A, E | SqlError, R | SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const result = yield* write
    if (to !== undefined) {
      const now = Date.now()
      yield* sql`INSERT INTO sync_state (location_id, stream, watermark, committed_at)
        VALUES (${locationId}, ${stream}, ${to}, ${now})
        ON CONFLICT (location_id, stream) DO UPDATE SET
          watermark = CASE WHEN excluded.watermark > sync_state.watermark THEN excluded.watermark
                      ELSE sync_state.watermark END,
          committed_at = excluded.committed_at`
    }
    return result
  }).pipe((effect) => Effect.flatMap(SqlClient.SqlClient, (sql) => sql.withTransaction(effect)))

/**
 * The ids of the location's conversations in the database.
 *
 * @since 0.1.0
 * @category queries
 */
export const conversationIds = (locationId: string): Effect.Effect<Set<string>, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{ readonly id: string }>`SELECT id FROM conversations WHERE location_id = ${locationId}`
    return new Set(rows.map((row) => row.id))
  })

/**
 * Removes conversations and their messages; returns how many conversations were removed.
 *
 * @since 0.1.0
 * @category queries
 */
export const deleteConversations = (
  ids: ReadonlyArray<string>
): Effect.Effect<number, SqlError, SqlClient.SqlClient> =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    let deleted = 0
    for (const chunk of Arr.chunksOf(ids, batchSize)) {
      yield* sql`DELETE FROM messages WHERE ${sql.in("conversation_id", chunk)}`
      const gone = yield* sql`DELETE FROM conversations WHERE ${sql.in("id", chunk)} RETURNING id`
      deleted += gone.length
    }
    return deleted
  })

/**
 * A run's row, written when it starts (outcome `running`: a killed run stays so) and updated when it ends.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunRecord {
  readonly id: string
  readonly locationId: string
  readonly kind: "full" | "incremental"
  readonly strategy: string
  readonly startedAt: number
}

/**
 * @since 0.1.0
 * @category queries
 */
export const startRun = (run: RunRecord): Effect.Effect<void, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`INSERT INTO runs ${
      sql.insert({
        id: run.id,
        location_id: run.locationId,
        kind: run.kind,
        strategy: run.strategy,
        started_at: run.startedAt,
        outcome: "running"
      })
    }`)

/**
 * What a run ended with.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunOutcome {
  readonly outcome: "ok" | "failed"
  readonly requests: number
  readonly messagesWritten: number
  readonly conversationsWritten: number
  readonly conversationsDeleted: number
  readonly error: string | null
}

/**
 * @since 0.1.0
 * @category queries
 */
export const finishRun = (id: string, outcome: RunOutcome): Effect.Effect<void, SqlError, SqlClient.SqlClient> =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql`UPDATE runs SET ${
      sql.update({
        finished_at: Date.now(),
        requests: outcome.requests,
        messages_written: outcome.messagesWritten,
        conversations_written: outcome.conversationsWritten,
        conversations_deleted: outcome.conversationsDeleted,
        outcome: outcome.outcome,
        error: outcome.error
      })
    } WHERE id = ${id}`)
