/**
 * Streams meeting transient failures mid-way, over real HTTP: the failed page is fetched again with the same cursor,
 * and the result equals the mock's store exactly, nothing lost and nothing repeated.
 */
import { describe, expect, it } from "@effect/vitest"
import { type HighLevelMock, MockFaults } from "@highlevel-effect/mock-server"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { clientOf, fastRetry, serveMock, transports } from "./support/mock.js"

// Failures a retry can fix. (Latency and slow bodies are covered in Faults.test.ts; they would only slow this down.)
const transientFaults = [
  MockFaults.serverError(503),
  MockFaults.connectionReset(),
  MockFaults.truncatedBody(),
  MockFaults.htmlErrorPage(502),
  MockFaults.rateLimited({ retryAfterSeconds: 0 })
]

const transientRules = (route: MockFaults.FaultRoute, probability: number, seed: number) =>
  transientFaults.map((fault, i) => MockFaults.rule(route, fault, { probability, seed: seed + i }))

// Enough retries that a run of bad luck at these probabilities cannot exhaust them.
const patientRetry = { ...fastRetry, maxRetries: 10, maxDelay: "20 millis" } as const

const undici = transports[0]?.[1]
const fetch = transports[1]?.[1]

describe("streams under transient faults", () => {
  it.live("listMessages over 12 pages: every message once, in order, each failed page retried with its cursor", () =>
    Effect.scoped(Effect.gen(function*() {
      if (undici === undefined) return expect.unreachable("no transport")
      const server = yield* serveMock({ scenario: "long-conversation" })
      const conversationId = server.mock.locations[0]?.conversationIds[0] ?? ""
      const expected = server.mock.store.messagesOf(conversationId).map((m) => m.id)
      expect(expected).toHaveLength(1_200)
      server.mock.control.setFaults(transientRules("getMessages", 0.08, 7))
      const client = yield* clientOf(server, undici, { retry: patientRetry })

      const ids = Chunk.toReadonlyArray(
        yield* Stream.runCollect(Stream.map(client.listMessages(conversationId, { limit: 100 }), (m) => m.id))
      )
      expect(ids).toEqual(expected)

      const journal = server.mock.control.journal().filter((e) => e.route === "getMessages")
      const faulted = journal.filter((e) => e.fault !== undefined)
      expect(faulted.length).toBeGreaterThan(0)
      // After a failed request the very next one asks for the same page.
      journal.forEach((entry, i) => {
        if (entry.fault !== undefined) expect(journal[i + 1]?.query.lastMessageId).toBe(entry.query.lastMessageId)
      })
      // The pages that succeeded are exactly the 12 pages, in order, each fetched once.
      const cursors = journal.filter((e) => e.fault === undefined && e.status === 200).map((e) => e.query.lastMessageId)
      expect(cursors).toEqual([undefined, ...Array.from({ length: 11 }, (_, i) => expected[(i + 1) * 100 - 1])])
    })))

  it.live("searchConversations through 300 conversations with tied dates: the store's order, each once", () =>
    Effect.scoped(Effect.gen(function*() {
      if (fetch === undefined) return expect.unreachable("no transport")
      const server = yield* serveMock({ scenario: "ties" })
      const { locationId } = server.mock.credentials
      const expected = server.mock.store.conversationsOf(locationId).map((c) => c.id)
      expect(expected).toHaveLength(300)
      server.mock.control.setFaults(transientRules("search", 0.1, 11))
      const client = yield* clientOf(server, fetch, { retry: patientRetry })

      const ids = Chunk.toReadonlyArray(
        yield* Stream.runCollect(Stream.map(client.searchConversations({ limit: 25 }), (c) => c.id))
      )
      expect(ids).toEqual(expected)

      const journal = server.mock.control.journal().filter((e) => e.route === "search")
      expect(journal.some((e) => e.fault !== undefined)).toBe(true)
      journal.forEach((entry, i) => {
        if (entry.fault !== undefined) expect(journal[i + 1]?.query.startAfterDate).toBe(entry.query.startAfterDate)
      })
    })))

  for (const [name, transport] of transports) {
    it.live(`listAllMessages (${name}, 4 conversations at a time): the exported set equals the store, no duplicate`, () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* serveMock()
        const { locationId } = server.mock.credentials
        const expected = server.mock.store.conversationsOf(locationId).flatMap((c) =>
          server.mock.store.messagesOf(c.id).map((m) => m.id)
        )
        server.mock.control.setFaults([
          ...transientRules("search", 0.1, 21),
          ...transientRules("getMessages", 0.05, 31)
        ])
        const client = yield* clientOf(server, transport, { retry: patientRetry })

        const ids = Chunk.toReadonlyArray(
          yield* Stream.runCollect(
            Stream.map(client.listAllMessages({}, { concurrency: 4, limit: 5 }), (m) => m.id)
          )
        )
        expect(ids.length).toBe(expected.length)
        expect(new Set(ids).size).toBe(ids.length)
        expect([...ids].sort()).toEqual([...expected].sort())
        const faulted = server.mock.control.journal().filter((e: HighLevelMock.JournalEntry) => e.fault !== undefined)
        expect(faulted.length).toBeGreaterThan(0)
      })))
  }
})
