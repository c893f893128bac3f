/**
 * What the sync tests share: a mock over HTTP, the two databases (a SQLite temp file; PGlite served over its socket
 * package to the `pg` driver on 127.0.0.1 port 0), a sync run against them, and both sides read as comparable rows.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { HighLevelMock, type MockHttpServer } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as OfflineDev from "../../src/OfflineDev.js"
import * as Dialect from "../../src/sync/Dialect.js"
import * as Offline from "../../src/sync/Offline.js"
import * as SyncLocation from "../../src/SyncLocation.js"

export type DialectName = "sqlite" | "postgres"

/** A fresh, empty database of the dialect for the scope: its `--db` value. */
export const freshDatabase = (dialect: DialectName) =>
  dialect === "sqlite"
    ? Effect.acquireRelease(
      Effect.sync(() => fs.mkdtempSync(path.join(os.tmpdir(), "sync-test-"))),
      (dir) => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true }))
    ).pipe(Effect.map((dir) => path.join(dir, "sync.db")))
    : Offline.pgliteDatabase

/** A mock of `conversations` conversations served over HTTP for the scope. */
export const startMock = (options: { readonly conversations?: number; readonly seed?: number } = {}) =>
  OfflineDev.serve(HighLevelMock.make({
    seed: options.seed ?? 13,
    conversations: options.conversations ?? 30,
    rateLimit: false
  }))

/** The client pointed at the mock, with the request counter, as the sync command composes them. */
export const clientLayer = (server: MockHttpServer.RunningServer) => Offline.clientLayer(server, { rateLimit: false })

/** One sync run of the mock's primary location into `db`. */
export const syncOnce = (
  server: MockHttpServer.RunningServer,
  db: string,
  strategy: "endpoint" | "conversations" = "conversations"
) =>
  SyncLocation.run({ db, locationId: server.mock.credentials.locationId, strategy }).pipe(
    Effect.provide(clientLayer(server))
  )

/** A message as both sides are compared. */
export interface MessageView {
  readonly id: string
  readonly conversationId: string
  readonly messageType: string
  readonly direction: string
  readonly status: string | null
  readonly body: string | null
  readonly dateAdded: number
}

/** A conversation as both sides are compared. */
export interface ConversationView {
  readonly id: string
  readonly unreadCount: number | null
  readonly lastMessageDate: number | null
}

/** Everything the mock holds for its primary location, sorted by id. */
export const mockView = (server: MockHttpServer.RunningServer) => {
  const store = server.mock.store
  const conversations = store.conversationsOf(server.mock.credentials.locationId)
  return {
    conversations: conversations.map((c): ConversationView => ({
      id: c.id,
      unreadCount: c.unreadCount,
      lastMessageDate: c.lastMessageDate ?? null
    })).sort((a, b) => a.id.localeCompare(b.id)),
    messages: conversations.flatMap((c) => store.messagesOf(c.id)).map((m): MessageView => ({
      id: m.id,
      conversationId: m.conversationId,
      messageType: m.messageType,
      direction: m.direction,
      status: m.status ?? null,
      body: m.body ?? null,
      dateAdded: Date.parse(m.dateAdded)
    })).sort((a, b) => a.id.localeCompare(b.id))
  }
}

const nullableNumber = (value: unknown) => value === null || value === undefined ? null : Number(value)

/** Everything the database holds, sorted by id, plus the row counts and watermarks. */
export const databaseView = (db: string) =>
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const conversations = yield* sql<Record<string, unknown>>`
      SELECT id, unread_count, last_message_date FROM conversations ORDER BY id`
    const messages = yield* sql<Record<string, unknown>>`
      SELECT id, conversation_id, message_type, direction, status, body, date_added FROM messages ORDER BY id`
    const state = yield* sql<Record<string, unknown>>`
      SELECT location_id, stream, watermark FROM sync_state ORDER BY location_id, stream`
    return {
      conversations: conversations.map((r): ConversationView => ({
        id: String(r.id),
        unreadCount: nullableNumber(r.unread_count),
        lastMessageDate: nullableNumber(r.last_message_date)
      })).sort((a, b) => a.id.localeCompare(b.id)),
      messages: messages.map((r): MessageView => ({
        id: String(r.id),
        conversationId: String(r.conversation_id),
        messageType: String(r.message_type),
        direction: String(r.direction),
        status: r.status === null ? null : String(r.status),
        body: r.body === null ? null : String(r.body),
        dateAdded: Number(r.date_added)
      })).sort((a, b) => a.id.localeCompare(b.id)),
      watermarks: state.map((r) => `${String(r.stream)}=${Number(r.watermark)}`)
    }
  }).pipe(Effect.provide(Layer.orDie(Dialect.layer(Either.getOrThrow(Dialect.parseTarget(db))))))
