/**
 * End to end over real HTTP: a write to the mock (a contact sends a message, `POST /__mock/inbound`) → the mock signs
 * and POSTs its webhooks → the client's receiver verifies them with the key the mock publishes → the app's stream.
 * Once plainly, then under each delivery fault (duplicate, delayed, out of order, dropped) and under back-pressure
 * (a full queue answers 429, the mock retries). Every wait is bounded.
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock } from "@highlevel-effect/mock-server"
import type * as MockWebhooks from "@highlevel-effect/mock-server/MockWebhooks"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { createServer } from "node:http"
import * as WebhookEvent from "../../src/WebhookEvent.js"
import * as Webhooks from "../../src/Webhooks.js"

const serverLayer = NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" })

// A small mock whose 10-minute retry gap is 60 ms, a receiver on its published key, subscribed to every event.
const setup = (receiverOptions: Partial<Webhooks.Options> = {}, timeScale = 0.0001) =>
  Effect.gen(function*() {
    const mock = HighLevelMock.make({ seed: 14, conversations: 3, messages: 9, webhooks: { timeScale } })
    yield* Effect.addFinalizer(() => Effect.sync(() => mock.webhooks.close()))
    const publicKey = yield* Effect.promise(async () => {
      const response = await mock.fetch(new Request("http://mock.local/__mock/webhooks/public-key"))
      return (await response.json() as { publicKey: string }).publicKey
    })
    const receiver = yield* Webhooks.make({ publicKey, ...receiverOptions })
    yield* HttpServer.serveEffect(receiver.httpApp)
    const url = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(`${address}/highlevel/webhooks`))
    mock.webhooks.subscribe({ url })
    const conversationId = mock.store.conversationsOf(mock.credentials.locationId)[0]?.id ?? ""
    return { mock, receiver, conversationId }
  })

type Setup = Effect.Effect.Success<ReturnType<typeof setup>>

// The contact of the conversation sends `text`; answers the stored message's id.
const contactSends = ({ conversationId, mock }: Setup, text: string) =>
  Effect.promise(async () => {
    const response = await mock.fetch(
      new Request("http://mock.local/__mock/inbound", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ conversationId, type: "SMS", body: text })
      })
    )
    expect(response.status).toBe(200)
    return (await response.json() as { messageId: string }).messageId
  })

const settled = ({ mock }: Setup) =>
  Effect.promise(() => mock.webhooks.idle(20_000)).pipe(Effect.tap((idle) => expect(idle).toBe(true)))

const received = ({ receiver }: Setup, n: number) =>
  Stream.take(receiver.events, n).pipe(
    Stream.runCollect,
    Effect.map(Chunk.toReadonlyArray),
    Effect.timeoutFail({ duration: "10 seconds", onTimeout: () => new Error(`fewer than ${n} events arrived`) })
  )

const messageIdsOf = (events: ReadonlyArray<WebhookEvent.WebhookEvent>) =>
  events.flatMap((event) => event instanceof WebhookEvent.InboundMessage ? [event.messageId] : [])

const outcomes = (entries: ReadonlyArray<MockWebhooks.DeliveryEntry>) =>
  entries.map((entry) => [entry.type, entry.outcome, entry.attempts.map((a) => a.status)])

describe("mock webhooks → client receiver, over real HTTP", () => {
  it.scopedLive("a contact's message arrives verified: InboundMessage then ConversationUnreadUpdate, as stored", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      const messageId = yield* contactSends(env, "Hello, is the shop open on Sunday?")
      yield* settled(env)
      const [inbound, unread] = yield* received(env, 2)
      expect(inbound).toBeInstanceOf(WebhookEvent.InboundMessage)
      expect(inbound).toMatchObject({
        messageId,
        conversationId: env.conversationId,
        body: "Hello, is the shop open on Sunday?",
        direction: "inbound",
        messageType: "SMS",
        messageTypeString: "TYPE_SMS"
      })
      expect(unread).toBeInstanceOf(WebhookEvent.ConversationUnreadUpdate)
      const stored = env.mock.store.conversation(env.conversationId)
      expect(unread).toMatchObject({ id: env.conversationId, unreadCount: stored?.unreadCount })
      expect(env.mock.store.messagesOf(env.conversationId)[0]?.id).toBe(messageId)
      expect(outcomes(env.mock.webhooks.deliveries())).toEqual([
        ["InboundMessage", "delivered", [200]],
        ["ConversationUnreadUpdate", "delivered", [200]]
      ])
    }).pipe(Effect.provide(serverLayer)))

  it.scopedLive("duplicate: the second copy (same webhookId) is refused as a replay (409); the app sees it once", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      env.mock.webhooks.setFaults([{ kind: "duplicate", times: 1 }])
      const messageId = yield* contactSends(env, "twice?")
      yield* settled(env)
      const events = yield* received(env, 2)
      expect(messageIdsOf(events)).toEqual([messageId])
      const inbound = env.mock.webhooks.deliveries().filter((d) => d.type === "InboundMessage")
      expect(inbound.map((d) => d.attempts[0]?.status).sort()).toEqual([200, 409])
      expect(new Set(inbound.map((d) => d.webhookId)).size).toBe(1)
    }).pipe(Effect.provide(serverLayer)))

  it.scopedLive("delayed: the delayed event still arrives, after the ones sent after it", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      env.mock.webhooks.setFaults([{ kind: "delay", times: 1, delayMs: 100 }])
      const first = yield* contactSends(env, "first")
      const second = yield* contactSends(env, "second")
      yield* settled(env)
      const events = yield* received(env, 4)
      expect(messageIdsOf(events)).toEqual([second, first])
      expect(env.mock.webhooks.deliveries().every((d) => d.outcome === "delivered")).toBe(true)
    }).pipe(Effect.provide(serverLayer)))

  it.scopedLive("out of order: the first message's event arrives after the next event; nothing is lost", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      env.mock.webhooks.setFaults([{ kind: "outOfOrder", times: 1 }])
      const first = yield* contactSends(env, "first")
      const second = yield* contactSends(env, "second")
      yield* settled(env)
      const events = yield* received(env, 4)
      // The first message's event is held until the event after it (its unread update) was answered; by then the
      // second message's events may be on their way too, so only the first event's place is fixed.
      expect(events[0]).toBeInstanceOf(WebhookEvent.ConversationUnreadUpdate)
      expect(messageIdsOf(events)).toEqual(expect.arrayContaining([first, second]))
      expect(messageIdsOf(events).sort()).toEqual(
        env.mock.store.messagesOf(env.conversationId).slice(0, 2).map((m) => m.id).sort()
      )
    }).pipe(Effect.provide(serverLayer)))

  it.scopedLive("dropped: the event never arrives and the log says dropped; the next one does", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      env.mock.webhooks.setFaults([{ kind: "drop", times: 1 }])
      yield* contactSends(env, "lost")
      const second = yield* contactSends(env, "kept")
      yield* settled(env)
      const events = yield* received(env, 3)
      expect(messageIdsOf(events)).toEqual([second])
      expect(env.mock.webhooks.deliveries()[0]).toMatchObject({ type: "InboundMessage", outcome: "dropped" })
    }).pipe(Effect.provide(serverLayer)))

  it.scopedLive("back-pressure: a full queue answers 429, the mock retries, the event arrives once there is room", () =>
    Effect.gen(function*() {
      // Retries 600 ms apart: room for a loaded machine to take the first event before the retries run out.
      const env = yield* setup({ queueCapacity: 1 }, 0.001)
      const messageId = yield* contactSends(env, "wait for me")
      // The InboundMessage fills the queue; the ConversationUnreadUpdate gets 429 until the app takes one.
      const unreadRefused = () =>
        env.mock.webhooks.deliveries().some((d) =>
          d.type === "ConversationUnreadUpdate" && d.attempts.some((a) => a.status === 429)
        )
      for (let i = 0; i < 1000 && !unreadRefused(); i++) yield* Effect.sleep("10 millis")
      expect(unreadRefused()).toBe(true)
      const [inbound] = yield* received(env, 1)
      expect(inbound).toMatchObject({ messageId })
      yield* settled(env)
      const [unread] = yield* received(env, 1)
      expect(unread).toBeInstanceOf(WebhookEvent.ConversationUnreadUpdate)
      const statuses = env.mock.webhooks.deliveries().find((d) => d.type === "ConversationUnreadUpdate")?.attempts
        .map((a) => a.status)
      expect(statuses?.[0]).toBe(429)
      expect(statuses?.at(-1)).toBe(200)
    }).pipe(Effect.provide(serverLayer)))
})
