/**
 * Where the sync writes: a SQLite file through `@effect/sql-libsql` (the embedded default) or Postgres through
 * `@effect/sql-pg`. Everything that differs between the two lives here: how `--db` is read, how the client is built,
 * and the column types of the schema. The queries (`Store`) are the same for both.
 *
 * @since 0.1.0
 */
import * as LibsqlClient from "@effect/sql-libsql/LibsqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Context from "effect/Context"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as nodePath from "node:path"
import { SyncError } from "./Model.js"

/**
 * A parsed `--db`: a SQLite file (an absolute path) or a Postgres URL (kept redacted: it may hold a password).
 *
 * @since 0.1.0
 * @category models
 */
export type Target =
  | { readonly _tag: "Sqlite"; readonly file: string }
  | { readonly _tag: "Postgres"; readonly url: Redacted.Redacted<string>; readonly display: string }

/**
 * The target the SQL client in context talks to.
 *
 * @since 0.1.0
 * @category services
 */
export class CurrentTarget extends Context.Tag("@highlevel-effect/examples/sync/Dialect/CurrentTarget")<
  CurrentTarget,
  Target
>() {}

const postgresScheme = /^postgres(ql)?:\/\//i

/**
 * Reads `--db`: `postgres://…` / `postgresql://…` is Postgres, anything else a SQLite file path (resolved against the
 * working directory). An empty value, a `file:` URL or another scheme fails naming `--db`.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseTarget = (db: string): Either.Either<Target, SyncError> => {
  const invalid = (detail: string) => Either.left(new SyncError({ reason: "InvalidOptions", field: "db", detail }))
  const text = db.trim()
  if (text === "") return invalid("--db: needs a SQLite file path or a postgres:// URL")
  if (postgresScheme.test(text)) {
    const url = URL.canParse(text) ? new URL(text) : undefined
    if (url === undefined || url.hostname === "") return invalid(`--db: not a valid Postgres URL`)
    url.password = url.password !== "" ? "***" : ""
    return Either.right({ _tag: "Postgres", url: Redacted.make(text), display: url.toString() })
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.startsWith("file:")) {
    return invalid(`--db: "${text.split(":")[0]}:" is not supported (a SQLite file path or a postgres:// URL)`)
  }
  return Either.right({ _tag: "Sqlite", file: nodePath.resolve(text) })
}

/**
 * How a target is named in messages (a Postgres URL without its password).
 *
 * @since 0.1.0
 * @category rendering
 */
export const describe = (target: Target): string => target._tag === "Sqlite" ? target.file : target.display

/**
 * The SQL client for a target, plus the target itself. SQLite runs in WAL mode (readers never block the writer) and
 * waits up to 5 s for a lock before failing with "database is locked"; Postgres gets a small pool.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (target: Target): Layer.Layer<SqlClient.SqlClient | CurrentTarget, SqlError> =>
  Layer.merge(
    target._tag === "Sqlite"
      ? LibsqlClient.layer({ url: `file:${target.file}` })
      : PgClient.layer({ url: target.url, maxConnections: 4, connectTimeout: "5 seconds", idleTimeout: "30 seconds" }),
    Layer.succeed(CurrentTarget, target)
  )

/**
 * Column types that differ between the dialects: epoch milliseconds need 64 bits (`INTEGER` is 64-bit in SQLite,
 * 32-bit in Postgres). Flags are stored as 0/1 integers and the raw JSON as text in both, so the queries and the rows
 * read back are the same.
 *
 * @since 0.1.0
 * @category models
 */
export const columnTypes = (target: Target) => ({
  epochMillis: target._tag === "Sqlite" ? "INTEGER" : "BIGINT"
})

/**
 * Statements to run once per connection before the migrations (SQLite only: WAL and a lock wait).
 *
 * @since 0.1.0
 * @category models
 */
export const setup = (target: Target): ReadonlyArray<string> =>
  target._tag === "Sqlite" ? ["PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 5000"] : []
