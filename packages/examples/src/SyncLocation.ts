/**
 * Sync: mirrors a location's conversations and messages into a database (a SQLite file or Postgres) through
 * `@effect/sql`, incrementally. The first run reads everything; later runs read what changed since the watermarks,
 * commit each page with its watermark in one transaction (a killed run resumes where it committed), and remove the
 * conversations HighLevel no longer lists.
 *
 * Where each part lives: `sync/Dialect.ts` (`--db`, the clients, the column types), `sync/Migrations.ts` (the
 * schema), `sync/Store.ts` (the queries), `sync/Rows.ts` (models as rows), `sync/Source.ts` and `sync/Endpoint.ts` (where
 * the data comes from), `sync/Sync.ts` (the engine), `sync/Requests.ts` (the request count), `sync/Render.ts` (progress, summary).
 *
 * @since 0.1.0
 */
import type { ConversationsClient } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Dialect from "./sync/Dialect.js"
import * as Endpoint from "./sync/Endpoint.js"
import * as Errors from "./sync/Errors.js"
import * as Migrations from "./sync/Migrations.js"
import type { SyncError, SyncSummary } from "./sync/Model.js"
import type * as Requests from "./sync/Requests.js"
import * as Source from "./sync/Source.js"
import * as Sync from "./sync/Sync.js"

export {
  /**
   * @since 0.1.0
   * @category errors
   */
  SyncError,
  /**
   * @since 0.1.0
   * @category models
   */
  type SyncProgress,
  /**
   * @since 0.1.0
   * @category models
   */
  SyncSummary
} from "./sync/Model.js"

/**
 * Options of {@link run}.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options extends Sync.SyncOptions {
  /** A SQLite file path, or a `postgres://` URL. */
  readonly db: string
  /**
   * How messages are read: `endpoint` (default), the location export endpoint, 500 a page, incremental by
   * `updatedAt`; `conversations`, one listing per conversation (for an API without the export endpoint).
   */
  readonly strategy?: "endpoint" | "conversations" | undefined
}

/**
 * Opens the database of `options.db`, brings its schema up to date and syncs `options.locationId` into it. Needs
 * the client and the request counter (`Requests.layer` below the client). An unreachable, locked or failing
 * database and a bad `--db` fail with a one-line `SyncError`; nothing half-written is ever committed.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = (
  options: Options
): Effect.Effect<SyncSummary, SyncError, ConversationsClient.ConversationsClient | Requests.RequestCount> =>
  Effect.gen(function*() {
    const target = yield* Either.match(Dialect.parseTarget(options.db), {
      onLeft: Effect.fail,
      onRight: Effect.succeed
    })
    const db = Errors.database(Dialect.describe(target))
    const context = yield* Effect.mapError(Layer.build(Dialect.layer(target)), db)
    const source = options.strategy === "conversations"
      ? yield* Source.perConversation(options.locationId)
      : yield* Endpoint.source(options.locationId)
    return yield* Effect.gen(function*() {
      yield* Effect.mapError(Migrations.migrate, db)
      return yield* Sync.run(source, options)
    }).pipe(Effect.provide(context))
  }).pipe(Effect.scoped)
