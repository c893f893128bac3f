/**
 * The live mirror end to end over real HTTP, all on 127.0.0.1 port 0: the mock served by its node:http adapter, the
 * client reading it, the receiver served by an `@effect/platform-node` server the mock posts its signed webhooks to,
 * and a SQLite temp-file database. A contact's message becomes a row without a sync; a dropped delivery is found by
 * the next event of the conversation, an incremental sync runs, and the database ends equal to the mock's store.
 * Every wait is bounded by count and time.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import { ConversationsClient, Webhooks } from "@highlevel-effect/client"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import { createServer } from "node:http"
import * as OfflineDev from "../../src/OfflineDev.js"
import * as Dialect from "../../src/sync/Dialect.js"
import * as Requests from "../../src/sync/Requests.js"
import * as LiveSync from "../../src/webhooks/LiveSync.js"
import { databaseView, freshDatabase, mockView } from "../sync/harness.js"

const receiverServer = NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" })

// The mock (its 10-minute retry gap is 60 ms) over node:http, the client reading it and a fresh SQLite file.
const world = Effect.gen(function*() {
  const mock = HighLevelMock.make({
    seed: 14,
    conversations: 3,
    messages: 9,
    rateLimit: false,
    webhooks: { timeScale: 0.0001 }
  })
  yield* Effect.addFinalizer(() => Effect.sync(() => mock.webhooks.close()))
  const server = Context.get(
    yield* Layer.build(MockHttpServer.layer(mock, { port: 0, host: "127.0.0.1" })),
    MockHttpServer.MockHttpServer
  )
  const db = yield* freshDatabase("sqlite")
  const services = yield* Layer.build(Layer.mergeAll(
    ConversationsClient.layerConfig().pipe(
      Layer.provideMerge(Requests.layer),
      Layer.provide(NodeHttpClient.layerUndici),
      Layer.provide(Layer.setConfigProvider(OfflineDev.mockConfigProvider({
        baseUrl: server.url,
        ...mock.credentials,
        rateLimit: false
      })))
    ),
    Dialect.layer(Either.getOrThrow(Dialect.parseTarget(db)))
  ))
  const conversationId = mock.store.conversationsOf(mock.credentials.locationId)[0]?.id ?? ""
  return { server, mock, db, services, conversationId }
})

type World = Effect.Effect.Success<typeof world>

// The receiver on the mock's published key, served and subscribed for the scope, and the mirror started on it.
const mirror = ({ mock, server, services }: World) =>
  Effect.gen(function*() {
    const { publicKey } = yield* Effect.promise(async () =>
      (await fetch(`${server.url}/__mock/webhooks/public-key`)).json() as Promise<{ publicKey: string }>
    )
    const receiver = yield* Webhooks.make({ publicKey })
    // Built in the caller's scope (`Effect.provide` of the layer would close the server when this returns).
    const http = yield* Layer.build(receiverServer)
    yield* HttpServer.serveEffect(receiver.httpApp).pipe(Effect.provide(http))
    const url = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(`${address}/highlevel/webhooks`))
      .pipe(Effect.provide(http))
    const subscription = mock.webhooks.subscribe({ url })
    yield* Effect.addFinalizer(() => Effect.sync(() => mock.webhooks.unsubscribe(subscription.id)))
    return yield* LiveSync.start({ locationId: mock.credentials.locationId }).pipe(
      Effect.provide(services),
      Effect.provideService(Webhooks.WebhookReceiver, receiver)
    )
  })

const setup = Effect.gen(function*() {
  const env = yield* world
  return { ...env, live: yield* mirror(env) }
})

type Setup = Effect.Effect.Success<typeof setup>

// The conversation's contact sends `text` through the mock's control API; answers the stored message's id.
const contactSends = ({ conversationId, server }: World, text: string) =>
  Effect.promise(async () => {
    const response = await fetch(`${server.url}/__mock/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ conversationId, type: "SMS", body: text })
    })
    expect(response.status).toBe(200)
    return (await response.json() as { messageId: string }).messageId
  })

// Waits (bounded) until every delivery has settled and the mirror has applied `applied` events.
const settled = (env: Setup, applied: number) =>
  Effect.gen(function*() {
    expect(yield* Effect.promise(() => env.mock.webhooks.idle(20_000))).toBe(true)
    for (let i = 0; i < 500 && (yield* env.live.stats).applied < applied; i++) yield* Effect.sleep("20 millis")
    return yield* env.live.stats
  })

const syncedView = (env: World) =>
  Effect.map(databaseView(env.db), ({ conversations, messages }) => ({ conversations, messages }))

describe("LiveSync: mock webhooks → receiver → sync database, over real HTTP", () => {
  it.scopedLive("on start the database is synced; a contact's message becomes its row without another sync", () =>
    Effect.gen(function*() {
      const env = yield* setup
      expect((yield* env.live.stats).syncs).toBe(1)
      expect(yield* syncedView(env)).toEqual(mockView(env.server))

      const messageId = yield* contactSends(env, "Is the shop open on Sunday?")
      // InboundMessage, then ConversationUnreadUpdate.
      const stats = yield* settled(env, 2)
      expect(stats).toMatchObject({ applied: 2, gaps: 0, syncs: 1 })
      const view = yield* syncedView(env)
      expect(view.messages.find((m) => m.id === messageId)).toMatchObject({
        conversationId: env.conversationId,
        body: "Is the shop open on Sunday?",
        direction: "inbound"
      })
      expect(view).toEqual(mockView(env.server))
    }))

  it.scopedLive("dropped deliveries: the next message's predecessor is missing, an incremental sync repairs the rest", () =>
    Effect.gen(function*() {
      const env = yield* setup
      // Drops the next three events: "first"'s InboundMessage and unread update, "second"'s InboundMessage.
      env.mock.webhooks.setFaults([{ kind: "drop", times: 3 }])
      const first = yield* contactSends(env, "first, lost")
      const second = yield* contactSends(env, "second, lost")
      yield* contactSends(env, "third, kept")
      // Three events arrive: "second"'s unread update, then "third" and its unread update.
      const stats = yield* settled(env, 3)
      expect(env.mock.webhooks.deliveries().map((d) => d.outcome)).toEqual([
        "dropped",
        "dropped",
        "dropped",
        "delivered",
        "delivered",
        "delivered"
      ])
      expect(stats).toMatchObject({ applied: 3, gaps: 1, syncs: 2 })
      // "second" is the predecessor the gap check found (and wrote); only the sync could bring back "first".
      expect(stats.lastSync).toMatchObject({ kind: "incremental", messagesWritten: 1 })
      const view = yield* syncedView(env)
      expect(view.messages.map((m) => m.id)).toEqual(expect.arrayContaining([first, second]))
      expect(view).toEqual(mockView(env.server))
    }))

  it.scopedLive("the server was down: what happened meanwhile is caught up by the incremental sync on start", () =>
    Effect.gen(function*() {
      const env = yield* world
      // A first life of the mirror: synced, then stopped (its scope closed, its subscription gone).
      yield* Effect.scoped(mirror(env))
      const whileDown = yield* contactSends(env, "sent while the server was down")
      const live = yield* mirror(env)
      const stats = yield* live.stats
      expect(stats).toMatchObject({ syncs: 1, applied: 0 })
      expect(stats.lastSync).toMatchObject({ kind: "incremental", messagesWritten: 1 })
      const view = yield* syncedView(env)
      expect(view.messages.map((m) => m.id)).toContain(whileDown)
      expect(view).toEqual(mockView(env.server))
    }))
})
