/**
 * `pnpm demo`: the offline program end to end. Without `HIGHLEVEL_TOKEN` it starts the mock (seed 42) over HTTP on
 * 127.0.0.1, points the client at it, prints an unread digest, a transcript and an export summary, and stops the
 * mock; against the mock it then syncs the location into a temp SQLite file, sends three messages and syncs again,
 * printing the incremental figures, and starts the live mirror on that file (the webhook receiver on 127.0.0.1,
 * subscribed to the mock): a contact sends a message and the demo prints how soon its row arrived. With `HIGHLEVEL_TOKEN` (and `HIGHLEVEL_LOCATION_ID`) it reads the real API
 * instead, never writing to it (and does not sync).
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as FileSystem from "@effect/platform/FileSystem"
import * as HttpServer from "@effect/platform/HttpServer"
import * as SqlClient from "@effect/sql/SqlClient"
import { ConversationsClient, Webhooks } from "@highlevel-effect/client"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import { createServer } from "node:http"
import * as ExportCommand from "./ExportCommand.js"
import * as ExportMessages from "./ExportMessages.js"
import * as OfflineDev from "./OfflineDev.js"
import * as StderrLogging from "./StderrLogging.js"
import * as SyncDialect from "./sync/Dialect.js"
import * as SyncRender from "./sync/Render.js"
import * as SyncRequests from "./sync/Requests.js"
import * as SyncLocation from "./SyncLocation.js"
import * as LiveSync from "./webhooks/LiveSync.js"

const write = (stream: NodeJS.WriteStream) => (text: string) => Effect.sync(() => void stream.write(text))
const tty = process.stderr.isTTY === true

// Progress only on a terminal, redrawn in place on stderr; it is wiped before anything else is printed, so the
// result on stdout never lands on the end of a progress line.
let progressShown = false
const clearProgress = Effect.suspend(() => {
  if (!progressShown) return Effect.void
  progressShown = false
  return write(process.stderr)("\r\x1b[2K")
})

const say = (text: string) => Effect.zipRight(clearProgress, write(process.stdout)(text))

// The live mirror on the same database: the webhook receiver served on 127.0.0.1 (port 0) and subscribed to the
// mock, a contact sends a message, and its row arrives without a sync. Server, subscription and mirror go with the
// scope.
const liveDemo = (backend: OfflineDev.Backend & { readonly _tag: "Mock" }, db: string) =>
  Effect.gen(function*() {
    const { locationId, mock } = backend
    const receiver = yield* Webhooks.make({ publicKey: mock.webhooks.publicKeyPem })
    const http = yield* Layer.build(NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" }))
    yield* HttpServer.serveEffect(receiver.httpApp).pipe(Effect.provide(http))
    const url = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(`${address}/webhooks`)).pipe(
      Effect.provide(http)
    )
    const subscription = mock.webhooks.subscribe({ url, locationId })
    yield* Effect.addFinalizer(() => Effect.sync(() => mock.webhooks.unsubscribe(subscription.id)))
    const database = yield* Layer.build(SyncDialect.layer({ _tag: "Sqlite", file: db }))
    const live = yield* LiveSync.start({ locationId }).pipe(
      Effect.provide(database),
      Effect.provideService(Webhooks.WebhookReceiver, receiver)
    )
    const applied = yield* live.applied
    const conversationId = mock.store.conversationsOf(locationId)[0]?.id ?? ""
    const text = "Are you open on Sunday?"
    const sentAt = yield* Clock.currentTimeMillis
    const sent = yield* Effect.tryPromise(() =>
      fetch(`${backend.baseUrl}/__mock/inbound`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ conversationId, type: "SMS", body: text })
      }).then((response) => response.json() as Promise<{ readonly messageId: string }>)
    )
    // Bounded: a row that never comes is reported, not waited for.
    const arrived = yield* Queue.take(applied).pipe(
      Effect.repeat({ until: (event) => event.messageId === sent.messageId }),
      Effect.timeoutOption("10 seconds")
    )
    const rows = yield* Effect.flatMap(
      SqlClient.SqlClient,
      (sql) => sql<{ readonly body: string }>`SELECT body FROM messages WHERE id = ${sent.messageId}`
    ).pipe(Effect.provide(database))
    yield* say(
      Option.match(arrived, {
        onNone: () => `  live:        no row for the contact's message within 10 s\n`,
        onSome: (event) =>
          `  live:        receiver on ${url}; a contact sent "${text}": signed webhook, verified, its row ` +
          `${rows.length === 1 ? "in the database" : "MISSING"} ${Math.round(event.atMillis - sentAt)} ms after ` +
          `the write, no sync\n`
      })
    )
  }).pipe(
    // The mirror's info lines (its sync on start) are for a running server, not the demo's report.
    Logger.withMinimumLogLevel(LogLevel.Warning)
  )

// The sync, against the mock only (it writes to it): a full sync into a temp SQLite file, three new messages through
// the API, an incremental sync and its figures. The folder goes when the demo ends, however it ends.
const syncDemo = Effect.gen(function*() {
  const backend = yield* OfflineDev.CurrentBackend
  if (backend._tag !== "Mock") return
  const fs = yield* FileSystem.FileSystem
  const dir = yield* fs.makeTempDirectoryScoped({ prefix: "highlevel-demo-sync-" })
  const db = `${dir}/mirror.db`
  const locationId = backend.locationId
  const full = yield* SyncLocation.run({ db, locationId })
  yield* say(`\nSync into ${db} (SQLite):\n  full:        ${SyncRender.renderSummary(full)}\n`)
  const client = yield* ConversationsClient.ConversationsClient
  const contacts = backend.mock.store.conversationsOf(locationId).slice(0, 3).map((c) => c.contactId)
  for (const [i, contactId] of contacts.entries()) {
    yield* client.messages.send({ type: "SMS", contactId, message: `Demo message ${i + 1}` })
  }
  const incremental = yield* SyncLocation.run({ db, locationId })
  const share = full.requests > 0 ? Math.round((incremental.requests / full.requests) * 1000) / 10 : 0
  yield* say(
    `  ${contacts.length} messages sent, then incremental: ${incremental.requests} requests (${share} % of the ` +
      `full sync's ${full.requests}), ${incremental.messagesWritten} messages and ${incremental.conversationsWritten} ` +
      `conversations changed, ${incremental.messagesRead} messages read\n`
  )
  yield* liveDemo(backend, db)
}).pipe(
  Effect.scoped,
  Effect.provide(
    ConversationsClient.layerConfig().pipe(
      Layer.provideMerge(SyncRequests.layer),
      Layer.provide(NodeHttpClient.layerUndici)
    )
  )
)

const main = OfflineDev.program({
  write: say,
  onProgress: tty
    ? (progress) =>
      Effect.zipRight(
        Effect.sync(() => (progressShown = true)),
        write(process.stderr)(`\r\x1b[2K  ${ExportMessages.renderProgress(progress)}`)
      )
    : undefined
}).pipe(
  Effect.zipLeft(syncDemo),
  // Closes when the demo ends, however it ends (Ctrl-C included): the export's temp directory goes with it.
  Effect.scoped,
  Effect.ensuring(clearProgress),
  // The report is stdout; log lines (an export warning) go to stderr.
  StderrLogging.toStderr,
  Effect.provide(OfflineDev.appLayer(NodeHttpClient.layerUndici)),
  Effect.provide(NodeContext.layer),
  Effect.as(0),
  Effect.catchAllCause((cause) => {
    const { exitCode, line } = ExportCommand.describeFailure(cause, "demo")
    return Effect.as(write(process.stderr)(line + "\n"), exitCode)
  })
)

NodeRuntime.runMain(main, { disableErrorReporting: true, teardown: ExportCommand.teardown })
