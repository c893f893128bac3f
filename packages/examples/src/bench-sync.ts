/**
 * The sync's figures, for `pnpm bench --only=sync` (which spawns this with `--expose-gc` and merges what it prints
 * into `bench/results.json`): the export pipeline's two strategies (requests per 1,000 messages, wall time,
 * messages/s), the full sync's requests and
 * the incremental sync's share of them after 1 % of the messages changed, database write throughput for 200k
 * messages on SQLite and on Postgres (PGlite over its socket), and the live heap from 50k to 200k rows. `--smoke`:
 * tiny sizes; `--only=export`: the export figures alone (a minute instead of several). The last stdout line is the
 * results as JSON; progress goes to stderr.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { ConversationsClient, Message } from "@highlevel-effect/client"
import { HighLevelMock, MockFaults, type MockHttpServer } from "@highlevel-effect/mock-server"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import * as ExportMessages from "./ExportMessages.js"
import * as OfflineDev from "./OfflineDev.js"
import * as Dialect from "./sync/Dialect.js"
import * as Migrations from "./sync/Migrations.js"
import * as Offline from "./sync/Offline.js"
import * as Requests from "./sync/Requests.js"
import * as Rows from "./sync/Rows.js"
import * as Store from "./sync/Store.js"
import * as SyncLocation from "./SyncLocation.js"

const smoke = process.argv.includes("--smoke")
const exportOnly = process.argv.includes("--only=export")
const sizes = smoke
  ? { conversations: 20, messagesPerConversation: 10, latencyMs: 0, rateLimit: false as const, rows: 4_000 }
  : { conversations: 300, messagesPerConversation: 40, latencyMs: 100, rateLimit: true as const, rows: 200_000 }
const heapFrom = Math.round(sizes.rows / 4)

const results: Record<string, number | string> = {}
const log = (text: string) => process.stderr.write(`bench-sync: ${text}\n`)
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-sync-"))

const mockServer = Effect.gen(function*() {
  const server = yield* OfflineDev.serve(HighLevelMock.make({
    seed: 42,
    conversations: sizes.conversations,
    messagesPerConversation: sizes.messagesPerConversation,
    ...(sizes.rateLimit ? {} : { rateLimit: false as const })
  }))
  if (sizes.latencyMs > 0) server.mock.control.setFaults([MockFaults.rule("*", MockFaults.latency(sizes.latencyMs))])
  return server
})

const clientOf = (server: MockHttpServer.RunningServer) => Offline.clientLayer(server, { rateLimit: sizes.rateLimit })

const storeMessages = (server: MockHttpServer.RunningServer) =>
  server.mock.store.conversationsOf(server.mock.credentials.locationId).reduce(
    (sum, c) => sum + server.mock.store.messagesOf(c.id).length,
    0
  )

// 1. The export pipeline's strategies over the whole location: requests per 1,000 messages, wall time, messages/s.
// The endpoint strategy is the export's default (no filters); the conversations one is what filters switch to.
const exportFigures = (server: MockHttpServer.RunningServer, strategy: ExportMessages.Strategy) =>
  Effect.gen(function*() {
    const before = yield* Requests.current
    const started = performance.now()
    const summary = yield* ExportMessages.run({
      filters: { locationId: server.mock.credentials.locationId },
      strategy,
      output: path.join(tempDir, `export-${strategy}.ndjson`)
    })
    const requests = (yield* Requests.current) - before
    const seconds = (performance.now() - started) / 1000
    const expected = storeMessages(server)
    if (summary.messages !== expected) {
      return yield* Effect.dieMessage(`export ${strategy}: ${summary.messages} messages, the store holds ${expected}`)
    }
    results[`export.${strategy}.requests`] = requests
    results[`export.${strategy}.requests_per_1000_messages`] = round((requests * 1000) / summary.messages)
    results[`export.${strategy}.wall_s`] = round(seconds, 1)
    results[`export.${strategy}.messages_per_s`] = Math.round(summary.messages / seconds)
    log(`export (${strategy}): ${requests} requests for ${summary.messages} messages in ${round(seconds, 1)} s`)
  }).pipe(Effect.provide(clientOf(server)), Effect.provide(NodeContext.layer))

// 2. Sync: full, then incremental after 1 % of the messages were added.
const syncFigures = (server: MockHttpServer.RunningServer, strategy: "endpoint" | "conversations") =>
  Effect.gen(function*() {
    const db = path.join(tempDir, `${strategy}.db`)
    const locationId = server.mock.credentials.locationId
    const started = performance.now()
    const full = yield* SyncLocation.run({ db, locationId, strategy })
    const seconds = (performance.now() - started) / 1000
    const key = strategy === "endpoint" ? "sync.full" : "sync.conversations.full"
    results[`${key}.requests`] = full.requests
    results[`${key}.wall_s`] = round(seconds, 1)
    results[`${key}.messages_per_s`] = Math.round(full.messagesRead / seconds)
    // The sync reads the roster too (one search page per 100 conversations): its figure, not the export's.
    results[`${key}.requests_per_1000_messages`] = round((full.requests * 1000) / full.messagesRead)
    log(`sync ${strategy}: full ${full.requests} requests, ${full.messagesRead} messages, ${round(seconds, 1)} s`)
    // 1 % of the messages, new, across conversations (the mock's write path).
    const client = yield* ConversationsClient.ConversationsClient
    const conversations = server.mock.store.conversationsOf(locationId)
    const writes = Math.max(1, Math.round(storeMessages(server) / 100))
    for (let i = 0; i < writes; i++) {
      const conversation = conversations[i % conversations.length]
      if (conversation === undefined) break
      yield* client.messages.send({ type: "SMS", contactId: conversation.contactId, message: `bench ${i}` })
    }
    const incremental = yield* SyncLocation.run({ db, locationId, strategy })
    const ikey = strategy === "endpoint" ? "sync.incremental_1pct" : "sync.conversations.incremental_1pct"
    results[`${ikey}.requests`] = incremental.requests
    results[`${ikey}.request_ratio`] = round(incremental.requests / full.requests, 4)
    log(`sync ${strategy}: incremental after ${writes} new messages: ${incremental.requests} requests`)
  }).pipe(Effect.provide(clientOf(server)))

// 3. Write throughput and heap: synthetic messages upserted 500 a transaction, as the sync commits pages.
const template = Message.Message.make({
  id: "m" as Message.Message["id"],
  type: 2,
  messageType: "TYPE_SMS",
  locationId: "bench-location" as Message.Message["locationId"],
  contactId: "bench-contact" as Message.Message["contactId"],
  conversationId: "bench-conversation" as Message.Message["conversationId"],
  dateAdded: DateTime.unsafeMake(1_700_000_000_000),
  direction: "inbound",
  body: "A message body of a typical length, about sixty characters."
})

const heapMb = () => {
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  return process.memoryUsage().heapUsed / 1024 / 1024
}

const writeFigures = (name: "sqlite" | "postgres", db: string) =>
  Effect.gen(function*() {
    yield* Migrations.migrate
    const page = 500
    let heapAtFrom = 0
    const started = performance.now()
    for (let offset = 0; offset < sizes.rows; offset += page) {
      const rows = Array.from({ length: page }, (_, i) =>
        Rows.messageRow(
          Message.Message.make({ ...template, id: `bench-${offset + i}` as Message.Message["id"] })
        ))
      yield* Store.commit("bench-location", "messages", offset + page, Store.upsertMessages(rows))
      if (offset + page === heapFrom) heapAtFrom = heapMb()
    }
    const seconds = (performance.now() - started) / 1000
    results[`sync.${name}.rows_per_s`] = Math.round(sizes.rows / seconds)
    const growth = heapMb() - heapAtFrom
    log(`${name}: ${sizes.rows} rows in ${round(seconds, 1)} s, heap +${round(growth, 1)} MB from ${heapFrom} rows`)
    return growth
  }).pipe(Effect.provide(Layer.orDie(Dialect.layer(Either.getOrThrow(Dialect.parseTarget(db))))))

const main = Effect.gen(function*() {
  const server = yield* mockServer
  // A fresh client (and rate budget) per strategy: each is measured from an idle start.
  yield* exportFigures(server, "endpoint")
  // The mock counts requests in a 10 s window: the next run starts on an empty one, as the first did.
  if (sizes.rateLimit) yield* Effect.sleep("11 seconds")
  yield* exportFigures(server, "conversations")
  results["export.bench.messages"] = storeMessages(server)
  if (exportOnly) return
  for (const strategy of ["endpoint", "conversations"] as const) {
    yield* syncFigures(server, strategy).pipe(
      Effect.catchAll((error) => Effect.sync(() => log(`sync ${strategy}: not measured: ${error.message}`)))
    )
  }
  const sqliteGrowth = yield* writeFigures("sqlite", path.join(tempDir, "write.db"))
  yield* writeFigures("postgres", yield* Offline.pgliteDatabase)
  results["sync.heap_growth_mb_50k_to_200k"] = round(sqliteGrowth, 1)
  results["sync.bench.rows"] = sizes.rows
  results["sync.bench.messages"] = storeMessages(server)
}).pipe(
  Effect.scoped,
  Effect.ensuring(Effect.sync(() => fs.rmSync(tempDir, { recursive: true, force: true })))
)

Effect.runPromise(main).then(
  () => process.stdout.write(`${JSON.stringify(results)}\n`),
  (error: unknown) => {
    log(`failed: ${String(error)}`)
    process.exitCode = 1
  }
)
