/**
 * Failures of the database and of the API as one-line `SyncError`s: the cause's own words (a driver's "database is
 * locked", "connection refused"), never a stack.
 *
 * @since 0.1.0
 */
import type { MigrationError } from "@effect/sql/Migrator"
import type { SqlError } from "@effect/sql/SqlError"
import * as Predicate from "effect/Predicate"
import { SyncError } from "./Model.js"

const causeText = (cause: unknown): string => {
  if (cause instanceof AggregateError && cause.errors.length > 0) return causeText(cause.errors[0])
  if (cause instanceof Error) {
    const code = Predicate.hasProperty(cause, "code") && typeof cause.code === "string" ? cause.code : undefined
    const text = cause.message !== "" ? cause.message : code ?? cause.name
    return code !== undefined && !text.includes(code) ? `${text} (${code})` : text
  }
  return String(cause)
}

const oneLine = (text: string) => text.split("\n").map((line) => line.trim()).filter((line) => line !== "").join(" ")

/**
 * A database failure: `database <where>: <what the driver said>`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const database = (where: string) => (error: SqlError | MigrationError): SyncError =>
  new SyncError({
    reason: "Database",
    detail: oneLine(
      `database ${where}: ${error.cause !== undefined && error.cause !== null ? causeText(error.cause) : error.message}`
    )
  })

/**
 * A failed request or listing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const api = (error: { readonly message: string }): SyncError =>
  new SyncError({ reason: "Api", detail: oneLine(`API: ${error.message}`) })
