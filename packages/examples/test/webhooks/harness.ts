/**
 * What the live mirror's tests share, all on 127.0.0.1 port 0: the mock served by its node:http adapter (its
 * 10-minute retry gap shrunk to 60 ms), the client reading it, a fresh database of either dialect (the sync tests'
 * harness), the receiver served by an `@effect/platform-node` server the mock posts its signed webhooks to, and the
 * mirror started on it. Every wait is bounded by count and time.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import { expect } from "@effect/vitest"
import { ConversationsClient, WebhookReplayStore, Webhooks } from "@highlevel-effect/client"
import * as WebhookReplayStoreSql from "@highlevel-effect/client/WebhookReplayStoreSql"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { createServer } from "node:http"
import * as OfflineDev from "../../src/OfflineDev.js"
import * as Dialect from "../../src/sync/Dialect.js"
import * as Requests from "../../src/sync/Requests.js"
import * as LiveSync from "../../src/webhooks/LiveSync.js"
import { databaseView, type DialectName, freshDatabase, mockView } from "../sync/harness.js"

const receiverServer = NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" })

/** The mock over node:http, the client reading it and a fresh database, for the scope. */
export const world = (options: { readonly dialect?: DialectName; readonly conversations?: number } = {}) =>
  Effect.gen(function*() {
    const conversations = options.conversations ?? 3
    const mock = HighLevelMock.make({
      seed: 14,
      conversations,
      messages: conversations * 3,
      rateLimit: false,
      webhooks: { timeScale: 0.0001 }
    })
    yield* Effect.addFinalizer(() => Effect.sync(() => mock.webhooks.close()))
    const server = Context.get(
      yield* Layer.build(MockHttpServer.layer(mock, { port: 0, host: "127.0.0.1" })),
      MockHttpServer.MockHttpServer
    )
    const db = yield* freshDatabase(options.dialect ?? "sqlite")
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
    const conversationIds = mock.store.conversationsOf(mock.credentials.locationId).map((c) => c.id)
    return { server, mock, db, services, conversationIds, conversationId: conversationIds[0] ?? "" }
  })

/** @internal */
export type World = Effect.Effect.Success<ReturnType<typeof world>>

/** How the receiver and the mirror are built: replay protection off lets a duplicate reach the mirror. */
export interface MirrorOptions {
  readonly replayProtection?: boolean
  /** Where the receiver keeps the seen `webhookId`s: in memory (default) or in the sync database. */
  readonly replayStore?: "memory" | "database"
  /** The mirror's page of newest messages (default 20). */
  readonly pageSize?: number
}

/**
 * The receiver on the mock's published key, served and subscribed for the scope, and the mirror started on it.
 * Answers the mirror and the subscription's id.
 */
export const mirror = ({ mock, server, services }: World, options: MirrorOptions = {}) =>
  Effect.gen(function*() {
    const { publicKey } = yield* Effect.promise(async () =>
      (await fetch(`${server.url}/__mock/webhooks/public-key`)).json() as Promise<{ publicKey: string }>
    )
    const store = options.replayStore === "database"
      ? Option.some(yield* WebhookReplayStoreSql.make().pipe(Effect.provide(services)))
      : Option.none()
    const receiver = yield* Webhooks.make({ publicKey, replayProtection: options.replayProtection }).pipe(
      Option.isSome(store) ? Effect.provideService(WebhookReplayStore.WebhookReplayStore, store.value) : identity
    )
    // Built in the caller's scope (`Effect.provide` of the layer would close the server when this returns).
    const http = yield* Layer.build(receiverServer)
    yield* HttpServer.serveEffect(receiver.httpApp).pipe(Effect.provide(http))
    const url = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(`${address}/highlevel/webhooks`))
      .pipe(Effect.provide(http))
    const subscription = mock.webhooks.subscribe({ url })
    yield* Effect.addFinalizer(() => Effect.sync(() => mock.webhooks.unsubscribe(subscription.id)))
    const live = yield* LiveSync.start({ locationId: mock.credentials.locationId, pageSize: options.pageSize }).pipe(
      Effect.provide(services),
      Effect.provideService(Webhooks.WebhookReceiver, receiver)
    )
    return { live, subscriptionId: subscription.id }
  })

/** The world and a mirror on it. */
export const setup = (options: Parameters<typeof world>[0] & MirrorOptions = {}) =>
  Effect.gen(function*() {
    const env = yield* world(options)
    return { ...env, ...(yield* mirror(env, options)) }
  })

/** @internal */
export type Setup = Effect.Effect.Success<ReturnType<typeof setup>>

/** A contact sends `text` through the mock's control API (`POST /__mock/inbound`); answers the message's id. */
export const contactSends = (env: World, text: string, conversationId = env.conversationId) =>
  Effect.promise(async () => {
    const response = await fetch(`${env.server.url}/__mock/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ conversationId, type: "SMS", body: text })
    })
    expect(response.status).toBe(200)
    return (await response.json() as { messageId: string }).messageId
  })

/** The user replies through the API (`POST /conversations/messages`: an `OutboundMessage`, no unread change). */
export const userSends = (env: World, text: string, conversationId = env.conversationId) =>
  Effect.gen(function*() {
    const client = yield* ConversationsClient.ConversationsClient
    const contactId = env.mock.store.conversation(conversationId)?.contactId ?? ""
    const sent = yield* client.messages.send({ type: "SMS", contactId, message: text })
    return sent.messageId
  }).pipe(Effect.provide(env.services), Effect.orDie)

/** The user marks the conversation read through the API (`PUT /conversations/{id}`: a `ConversationUnreadUpdate`). */
export const markRead = (env: World, conversationId = env.conversationId) =>
  Effect.gen(function*() {
    const client = yield* ConversationsClient.ConversationsClient
    yield* client.conversations.update(conversationId, { unreadCount: 0 })
  }).pipe(Effect.provide(env.services), Effect.orDie)

/**
 * Waits (bounded) until the mock has nothing in flight or waiting, the mirror has handled (applied or ignored) every
 * delivery the receiver accepted, and no gap's sync is pending; answers the mirror's stats.
 */
export const settled = (env: Setup) =>
  Effect.gen(function*() {
    expect(yield* Effect.promise(() => env.mock.webhooks.idle(20_000))).toBe(true)
    const accepted = env.mock.webhooks.deliveries().filter((d) =>
      d.subscriptionId === env.subscriptionId && d.outcome === "delivered"
    ).length
    const done = Effect.map(env.live.stats, (s) => s.applied + s.ignored === accepted && !s.syncPending)
    for (let i = 0; i < 1000 && !(yield* done); i++) yield* Effect.sleep("20 millis")
    const stats = yield* env.live.stats
    expect(stats).toMatchObject({ syncPending: false })
    expect(stats.applied + stats.ignored).toBe(accepted)
    return stats
  })

/** The database's conversations and messages, as `mockView` shows the mock's. */
export const syncedView = (env: World) =>
  Effect.map(databaseView(env.db), ({ conversations, messages }) => ({ conversations, messages }))

/** The mock's store for the location (what the database must end equal to). */
export const storeView = (env: World) => mockView(env.server)
