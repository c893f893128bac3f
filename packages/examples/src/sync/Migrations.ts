/**
 * The sync's schema, as `@effect/sql` Migrator migrations (recorded in `sync_migrations`). One schema for both
 * dialects: only the column types of `Dialect.columnTypes` differ.
 *
 * - `conversations` and `messages`: one row per conversation / message keyed by HighLevel's id, typed columns for
 *   what one queries by, plus `raw`, the JSON the client decoded (re-encoded with its schema).
 * - `sync_state`: one watermark per location and stream (`messages`, `emails`, `conversations`), committed in the
 *   same transaction as the rows it covers.
 * - `runs`: one row per sync run: when, what, how many requests, the outcome.
 *
 * @since 0.1.0
 */
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import { columnTypes, CurrentTarget, setup, type Target } from "./Dialect.js"

const initial = (target: Target) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const { epochMillis: ms } = columnTypes(target)
    const statements = [
      `CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        location_id TEXT NOT NULL,
        contact_id TEXT NOT NULL,
        type TEXT,
        unread_count INTEGER,
        starred INTEGER,
        inbox INTEGER,
        assigned_to TEXT,
        last_message_date ${ms},
        last_message_type TEXT,
        last_message_direction TEXT,
        last_message_body TEXT,
        date_added ${ms},
        date_updated ${ms},
        raw TEXT NOT NULL
      )`,
      `CREATE INDEX conversations_by_location ON conversations (location_id, last_message_date)`,
      `CREATE TABLE messages (
        id TEXT PRIMARY KEY,
        location_id TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        contact_id TEXT NOT NULL,
        type INTEGER NOT NULL,
        message_type TEXT NOT NULL,
        direction TEXT NOT NULL,
        status TEXT,
        content_type TEXT,
        body TEXT,
        date_added ${ms} NOT NULL,
        date_updated ${ms},
        raw TEXT NOT NULL
      )`,
      `CREATE INDEX messages_by_conversation ON messages (conversation_id, date_added)`,
      `CREATE INDEX messages_by_location ON messages (location_id, date_updated)`,
      `CREATE TABLE sync_state (
        location_id TEXT NOT NULL,
        stream TEXT NOT NULL,
        watermark ${ms} NOT NULL,
        committed_at ${ms} NOT NULL,
        PRIMARY KEY (location_id, stream)
      )`,
      `CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        location_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        strategy TEXT NOT NULL,
        started_at ${ms} NOT NULL,
        finished_at ${ms},
        requests INTEGER,
        messages_written INTEGER,
        conversations_written INTEGER,
        conversations_deleted INTEGER,
        outcome TEXT NOT NULL,
        error TEXT
      )`
    ]
    for (const statement of statements) yield* sql.unsafe(statement)
  })

/**
 * Brings the database's schema up to date (a no-op when it is). Needs the SQL client and its target.
 *
 * @since 0.1.0
 * @category constructors
 */
export const migrate: Effect.Effect<
  ReadonlyArray<readonly [id: number, name: string]>,
  Migrator.MigrationError | SqlError,
  SqlClient.SqlClient | CurrentTarget
> = Effect.gen(function*() {
  const target = yield* CurrentTarget
  const sql = yield* SqlClient.SqlClient
  for (const statement of setup(target)) yield* sql.unsafe(statement)
  return yield* Migrator.make({})({
    table: "sync_migrations",
    loader: Migrator.fromRecord({ "1_initial": initial(target) })
  })
})
