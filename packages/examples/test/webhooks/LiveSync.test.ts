/**
 * The live mirror end to end over real HTTP, all on 127.0.0.1 port 0: the mock served by its node:http adapter, the
 * client reading it, the receiver served by an `@effect/platform-node` server the mock posts its signed webhooks to,
 * and a SQLite temp-file database. A contact's message becomes a row without a sync; a dropped delivery is found by
 * the next event of the conversation and mended from its page read, and the database ends equal to the mock's store.
 * Every wait is bounded by count and time.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { contactSends, mirror, settled, setup, storeView, syncedView, world } from "./harness.js"

describe("LiveSync: mock webhooks → receiver → sync database, over real HTTP", () => {
  it.scopedLive("on start the database is synced; a contact's message becomes its row without another sync", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      expect((yield* env.live.stats).syncs).toBe(1)
      expect(yield* syncedView(env)).toEqual(storeView(env))

      const messageId = yield* contactSends(env, "Is the shop open on Sunday?")
      // InboundMessage, then ConversationUnreadUpdate.
      const stats = yield* settled(env)
      expect(stats).toMatchObject({ applied: 2, gaps: 0, syncs: 1 })
      const view = yield* syncedView(env)
      expect(view.messages.find((m) => m.id === messageId)).toMatchObject({
        conversationId: env.conversationId,
        body: "Is the shop open on Sunday?",
        direction: "inbound"
      })
      expect(view).toEqual(storeView(env))
    }))

  it.scopedLive("dropped deliveries: the next message's predecessor is missing; the page read mends the hole, no sync needed", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      // Drops the next three events: "first"'s InboundMessage and unread update, "second"'s InboundMessage.
      env.mock.webhooks.setFaults([{ kind: "drop", times: 3 }])
      const first = yield* contactSends(env, "first, lost")
      const second = yield* contactSends(env, "second, lost")
      yield* contactSends(env, "third, kept")
      // Three events arrive: "second"'s unread update, then "third" and its unread update.
      const stats = yield* settled(env)
      expect(env.mock.webhooks.deliveries().map((d) => d.outcome)).toEqual([
        "dropped",
        "dropped",
        "dropped",
        "delivered",
        "delivered",
        "delivered"
      ])
      // "second" is the predecessor the gap check found; it and "first" were on the page read, down to a message
      // already stored: the hole is closed without a sync.
      expect(stats).toMatchObject({ applied: 3, gaps: 1, syncs: 1 })
      const view = yield* syncedView(env)
      expect(view.messages.map((m) => m.id)).toEqual(expect.arrayContaining([first, second]))
      expect(view).toEqual(storeView(env))
    }))

  it.scopedLive("the server was down: what happened meanwhile is caught up by the incremental sync on start", () =>
    Effect.gen(function*() {
      const env = yield* world()
      // A first life of the mirror: synced, then stopped (its scope closed, its subscription gone).
      yield* Effect.scoped(mirror(env))
      const whileDown = yield* contactSends(env, "sent while the server was down")
      const { live } = yield* mirror(env)
      const stats = yield* live.stats
      expect(stats).toMatchObject({ syncs: 1, applied: 0 })
      expect(stats.lastSync).toMatchObject({ kind: "incremental", messagesWritten: 1 })
      const view = yield* syncedView(env)
      expect(view.messages.map((m) => m.id)).toContain(whileDown)
      expect(view).toEqual(storeView(env))
    }))
})
