/**
 * Entry point of the live mirror: `tsx src/live-sync.ts`. Serves the webhook receiver on `LIVE_SYNC_HOST` and
 * `LIVE_SYNC_PORT` (default 127.0.0.1:3000, any path: point the mock's `--webhook-url` at it) and mirrors
 * `HIGHLEVEL_LOCATION_ID` into `LIVE_SYNC_DB` (a SQLite file or a `postgres://` URL, default `live-sync.db`). The
 * client reads the usual `HIGHLEVEL_*` variables and the receiver `HIGHLEVEL_WEBHOOK_PUBLIC_KEY`: the mock's start
 * prints both as `export` lines. `LIVE_SYNC_RESYNC_EVERY` (e.g. `5 minutes`) adds a periodic sync. The receiver keeps
 * the webhook ids it has seen in the same database (`highlevel_webhook_seen`), so replay protection survives a
 * restart.
 *
 * @since 0.2.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as HttpServer from "@effect/platform/HttpServer"
import { ConversationsClient, WebhookReplayStore, Webhooks } from "@highlevel-effect/client"
import * as WebhookReplayStoreSql from "@highlevel-effect/client/WebhookReplayStoreSql"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { createServer } from "node:http"
import * as Dialect from "./sync/Dialect.js"
import * as Requests from "./sync/Requests.js"
import * as LiveSync from "./webhooks/LiveSync.js"

const program = Effect.gen(function*() {
  const settings = yield* Config.all({
    locationId: Config.nonEmptyString("HIGHLEVEL_LOCATION_ID"),
    db: Config.string("LIVE_SYNC_DB").pipe(Config.withDefault("live-sync.db")),
    resyncEvery: Config.option(Config.duration("LIVE_SYNC_RESYNC_EVERY"))
  })
  const target = yield* Either.match(Dialect.parseTarget(settings.db), { onLeft: Effect.fail, onRight: Effect.succeed })
  // Built in this scope: the database stays open as long as the server runs.
  const database = yield* Layer.build(Dialect.layer(target))
  // The seen webhook ids live in the same database: a restarted server still refuses a replay of what it applied.
  const store = yield* WebhookReplayStoreSql.make().pipe(Effect.provide(database))
  const receiver = yield* Webhooks.make(yield* Webhooks.fromEnv).pipe(
    Effect.provideService(WebhookReplayStore.WebhookReplayStore, store)
  )
  yield* LiveSync.start({
    locationId: settings.locationId,
    resyncEvery: Option.getOrUndefined(settings.resyncEvery)
  }).pipe(Effect.provide(database), Effect.provideService(Webhooks.WebhookReceiver, receiver))
  yield* HttpServer.serveEffect(receiver.httpApp)
  yield* HttpServer.logAddress
  return yield* Effect.never
}).pipe(Effect.scoped)

// Loopback unless told otherwise: a mirror reachable from the network is a choice to make, not a default.
const listen = Config.all({
  port: Config.integer("LIVE_SYNC_PORT").pipe(Config.withDefault(3000)),
  host: Config.string("LIVE_SYNC_HOST").pipe(Config.withDefault("127.0.0.1"))
})

const layers = Layer.mergeAll(
  ConversationsClient.layerConfig().pipe(Layer.provideMerge(Requests.layer), Layer.provide(NodeHttpClient.layerUndici)),
  Layer.unwrapEffect(Effect.map(listen, (options) => NodeHttpServer.layer(() => createServer(), options)))
)

NodeRuntime.runMain(program.pipe(Effect.provide(layers)))
