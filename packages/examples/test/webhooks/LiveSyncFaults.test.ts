/**
 * The live mirror under the mock's delivery faults, end to end over real HTTP (mock write → signed webhook →
 * receiver → database row): duplicated, delayed, out-of-order and, mixed with them, dropped deliveries. Whatever the
 * order, the database ends equal to the mock's store; a duplicate changes nothing; a late event never moves a row
 * back (the next event's page read mends the hole it left); what a page read cannot mend, the gap's sync does.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import { contactSends, markRead, settled, type Setup, setup, storeView, syncedView, userSends } from "./harness.js"

// This subscription's deliveries, oldest first.
const deliveriesOf = (env: Setup) =>
  env.mock.webhooks.deliveries().filter((d) => d.subscriptionId === env.subscriptionId)

// When a delivery's first attempt went out.
const sentAt = (entry: ReturnType<typeof deliveriesOf>[number]) => entry.attempts[0]?.at ?? Number.POSITIVE_INFINITY

// Waits (bounded) until the mock has nothing in flight: the events so far are answered, in the receiver's queue.
const answered = (env: Setup) =>
  Effect.promise(() => env.mock.webhooks.idle(20_000)).pipe(Effect.tap((idle) => expect(idle).toBe(true)))

// Four writes of three kinds over two conversations: six events (an inbound message is followed by its unread update,
// a reply is one event, marking read is one). Each write's deliveries are answered before the next write: the mock
// sends concurrently, and events racing each other would be out of order on their own.
const fourWrites = (env: Setup) =>
  Effect.gen(function*() {
    const [first = "", second = ""] = env.conversationIds
    yield* contactSends(env, "Do you deliver on Saturdays?", first).pipe(Effect.zipLeft(answered(env)))
    yield* contactSends(env, "And on Sundays?", second).pipe(Effect.zipLeft(answered(env)))
    yield* userSends(env, "Yes, both days.", second).pipe(Effect.zipLeft(answered(env)))
    yield* markRead(env, first)
  })

describe("LiveSync under delivery faults: the database ends equal to the mock's store", () => {
  it.scopedLive("duplicate: the receiver answers the second copy 409 (a replay); the mirror applies each event once", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      env.mock.webhooks.setFaults([{ kind: "duplicate" }])
      yield* fourWrites(env)
      const stats = yield* settled(env)
      const log = deliveriesOf(env)
      expect(log).toHaveLength(12)
      const statuses = new Map<string, Array<number | undefined>>()
      for (const entry of log) {
        statuses.set(entry.webhookId, [
          ...statuses.get(entry.webhookId) ?? [],
          ...entry.attempts.map((a) => a.status)
        ])
      }
      expect([...statuses.values()].map((s) => [...s].sort())).toEqual(Array.from({ length: 6 }, () => [200, 409]))
      expect(stats).toMatchObject({ applied: 6, gaps: 0, syncs: 1 })
      expect(yield* syncedView(env)).toEqual(storeView(env))
    }))

  it.scopedLive("duplicate without replay protection: both copies reach the mirror, the second changes nothing", () =>
    Effect.gen(function*() {
      const env = yield* setup({ replayProtection: false })
      env.mock.webhooks.setFaults([{ kind: "duplicate" }])
      yield* fourWrites(env)
      const stats = yield* settled(env)
      expect(deliveriesOf(env).map((d) => d.outcome)).toEqual(Array.from({ length: 12 }, () => "delivered"))
      // Twelve applications of six events: no gap (each copy found its predecessor as it was), no sync.
      expect(stats).toMatchObject({ applied: 12, gaps: 0, syncs: 1 })
      expect(yield* syncedView(env)).toEqual(storeView(env))
    }))

  it.scopedLive("delayed: a message's event arrives after the next one, which wrote it from its page; the late one is a no-op", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      // Long enough that the next message's events are applied first even on a loaded machine.
      env.mock.webhooks.setFaults([{ kind: "delay", times: 1, delayMs: 1500 }])
      const late = yield* contactSends(env, "held back 1.5 s")
      const next = yield* contactSends(env, "sent right after")
      const stats = yield* settled(env)
      const [held, ...others] = deliveriesOf(env)
      expect(held).toMatchObject({ type: "InboundMessage", fault: "delay", outcome: "delivered" })
      expect(others.map(sentAt).every((at) => held !== undefined && at < sentAt(held))).toBe(true)
      // The next message's predecessor (the late one) was missing: a gap, closed from the page read; no sync.
      expect(stats).toMatchObject({ applied: 4, gaps: 1, syncs: 1 })
      const view = yield* syncedView(env)
      expect(view.messages.map((m) => m.id)).toEqual(expect.arrayContaining([late, next]))
      expect(view).toEqual(storeView(env))
    }))

  it.scopedLive("out of order: the second reply's event overtakes the first's; the first, applied last, changes nothing", () =>
    Effect.gen(function*() {
      const env = yield* setup()
      const applied = yield* env.live.applied
      env.mock.webhooks.setFaults([{ kind: "outOfOrder", times: 1 }])
      const first = yield* userSends(env, "first reply")
      const second = yield* userSends(env, "second reply")
      const stats = yield* settled(env)
      expect(deliveriesOf(env).map((d) => [d.type, d.fault, d.outcome])).toEqual([
        ["OutboundMessage", "outOfOrder", "delivered"],
        ["OutboundMessage", undefined, "delivered"]
      ])
      // As the mirror published them (in arrival order). Apart (the usual case): the second, its predecessor missing
      // (a gap the page closes), then the first, a no-op. In one batch (the mirror still busy when the first came):
      // written oldest first, so no gap. Either way no sync, and the same rows.
      const events = Chunk.toReadonlyArray(yield* Queue.takeAll(applied))
      const together = new Set(events.map((a) => a.atMillis)).size === 1
      expect(events.map((a) => [a.messageId, a.gap])).toEqual(
        together ? [[second, false], [first, false]] : [[second, true], [first, false]]
      )
      expect(stats).toMatchObject({ applied: 2, gaps: together ? 0 : 1, syncs: 1 })
      expect(yield* syncedView(env)).toEqual(storeView(env))
    }))

  it.scopedLive("dropped beyond the page read: the page mends what it holds, the gap's incremental sync the rest", () =>
    Effect.gen(function*() {
      // A page of 2: the event's message and its predecessor, nothing older.
      const env = yield* setup({ pageSize: 2 })
      const applied = yield* env.live.applied
      // Three messages lost (each an InboundMessage and its unread update).
      env.mock.webhooks.setFaults([{ kind: "drop", times: 6 }])
      const lost = [
        yield* contactSends(env, "lost 1"),
        yield* contactSends(env, "lost 2"),
        yield* contactSends(env, "lost 3")
      ]
      const kept = yield* contactSends(env, "kept")
      const stats = yield* settled(env)
      // The kept message's event found the hole and asked for the sync; its unread update (which may come first: the
      // mock sends concurrently) found none.
      const events = Chunk.toReadonlyArray(yield* Queue.takeAll(applied))
      expect(events.map((a) => [a.messageId, a.gap, a.awaitsSync])).toHaveLength(2)
      expect(events.map((a) => [a.messageId, a.gap, a.awaitsSync])).toEqual(
        expect.arrayContaining([[kept, true, true], [undefined, false, false]])
      )
      expect(stats).toMatchObject({ applied: 2, gaps: 1, syncs: 2 })
      // "lost 3" came with the page; only the sync could bring back "lost 1" and "lost 2".
      expect(stats.lastSync).toMatchObject({ kind: "incremental", messagesWritten: 2 })
      const view = yield* syncedView(env)
      expect(view.messages.map((m) => m.id)).toEqual(expect.arrayContaining(lost))
      expect(view).toEqual(storeView(env))
    }))

  for (const dialect of ["sqlite", "postgres"] as const) {
    it.scopedLive(
      `mixed (${dialect}): duplicates, holds, delays and drops; the gap rule's syncs bring back what was lost`,
      () =>
        Effect.gen(function*() {
          // A page of 2 (the message and its predecessor): the dropped reply's hole needs the sync.
          const env = yield* setup({ dialect, pageSize: 2 })
          const [c0 = "", c1 = "", c2 = ""] = env.conversationIds
          // Each fault takes the next events in turn.
          env.mock.webhooks.setFaults([
            { kind: "duplicate", times: 2 },
            { kind: "outOfOrder", times: 1 },
            { kind: "delay", times: 1, delayMs: 200 },
            { kind: "drop", times: 2 },
            { kind: "outOfOrder", times: 1 },
            { kind: "duplicate", times: 1 }
          ])
          yield* contactSends(env, "one", c0) // InboundMessage + unread: duplicated
          yield* userSends(env, "two", c1) // held until the next event went out
          yield* contactSends(env, "three", c2) // InboundMessage delayed, its unread update dropped
          yield* userSends(env, "four", c0) // dropped: only the gap rule can find it
          yield* contactSends(env, "five", c1) // InboundMessage held, its unread update duplicated
          yield* markRead(env, c2)
          // Then every conversation moves on without faults: each one's next event checks its predecessor.
          for (const id of [c0, c1, c2]) yield* contactSends(env, `after, ${id}`, id)
          const stats = yield* settled(env)
          const faults = new Set(deliveriesOf(env).map((d) => d.fault))
          expect([...faults].filter((f) => f !== undefined).sort()).toEqual([
            "delay",
            "drop",
            "duplicate",
            "outOfOrder"
          ])
          expect(deliveriesOf(env).filter((d) => d.outcome === "dropped")).toHaveLength(2)
          expect(stats.gaps).toBeGreaterThanOrEqual(1)
          expect(stats.syncs).toBeGreaterThanOrEqual(2)
          expect(stats.lastSync?.kind).toBe("incremental")
          expect(yield* syncedView(env)).toEqual(storeView(env))
        }),
      30_000
    )
  }
})
