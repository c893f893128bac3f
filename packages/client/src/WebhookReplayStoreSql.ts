/**
 * The webhook replay store in a SQL database through `@effect/sql` (an optional peer dependency: only this module
 * imports it). Give it the `SqlClient` of the database the app already has (the sync database, say): the seen ids
 * survive a restart and are shared by every receiver on that database.
 *
 * One table, created if missing: `webhook_id` (primary key) and `expires_at` (epoch ms). A claim is one
 * `INSERT … ON CONFLICT DO UPDATE … WHERE expired RETURNING`, atomic on SQLite (3.35+) and PostgreSQL; tested on
 * SQLite through `@effect/sql-libsql`.
 *
 * @since 0.2.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { ReplayStoreError, WebhookReplayStore } from "./WebhookReplayStore.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** The table's name (default `highlevel_webhook_seen`). */
  readonly table?: string | undefined
}

// Expired rows are deleted every `pruneEvery` claims, so the table holds about one window of ids.
const pruneEvery = 256

/**
 * Creates the table if missing and returns the store.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options = {}) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const table = sql(options.table ?? "highlevel_webhook_seen")
    const fail = Effect.mapError((cause: unknown) => new ReplayStoreError({ cause }))
    yield* sql`CREATE TABLE IF NOT EXISTS ${table} (webhook_id TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)`.pipe(
      fail
    )
    let claims = 0
    return WebhookReplayStore.of({
      claim: (webhookId, expiresAt, now) =>
        Effect.gen(function*() {
          if (++claims % pruneEvery === 0) {
            yield* sql`DELETE FROM ${table} WHERE expires_at <= ${now}`
          }
          // Inserted, or an expired entry taken over: a row comes back. A live entry: no row, a replay.
          const rows = yield* sql`INSERT INTO ${table} (webhook_id, expires_at) VALUES (${webhookId}, ${expiresAt})
            ON CONFLICT (webhook_id) DO UPDATE SET expires_at = excluded.expires_at
            WHERE ${table}.expires_at <= ${now}
            RETURNING webhook_id`
          return rows.length > 0
        }).pipe(fail),
      release: (webhookId) => sql`DELETE FROM ${table} WHERE webhook_id = ${webhookId}`.pipe(Effect.asVoid, fail)
    })
  })

/**
 * The SQL store as a layer; provide it to the webhook receiver's layer. Needs a `SqlClient`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<WebhookReplayStore, ReplayStoreError, SqlClient.SqlClient> =>
  Layer.effect(WebhookReplayStore, make(options))
