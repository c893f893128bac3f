import { describe, expect, it } from "@effect/vitest"
import { ConversationsClient } from "@highlevel-effect/client"
import type { MockHttpServer } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import { clientLayer, databaseView, type DialectName, freshDatabase, mockView, startMock, syncOnce } from "./harness.js"

// Writes through the API, as another app would: two new messages, a conversation read, one deleted.
const writeToMock = (server: MockHttpServer.RunningServer) =>
  Effect.gen(function*() {
    const client = yield* ConversationsClient.ConversationsClient
    const [first, second, third] = mockView(server).conversations
    const contactOf = (id: string) => server.mock.store.conversation(id)?.contactId ?? ""
    if (first === undefined || second === undefined || third === undefined) return yield* Effect.die("too few")
    yield* client.messages.send({ type: "SMS", contactId: contactOf(first.id), message: "a new message" })
    yield* client.messages.send({ type: "SMS", contactId: contactOf(second.id), message: "another one" })
    yield* client.conversations.update(third.id, { unreadCount: 0 })
    yield* client.conversations.delete(second.id === third.id ? first.id : third.id)
  }).pipe(Effect.provide(clientLayer(server)))

const dialects: ReadonlyArray<DialectName> = ["sqlite", "postgres"]
const strategies = ["endpoint", "conversations"] as const

describe.each(dialects)("incremental sync into %s", (dialect) => {
  it.each(strategies)(
    "after writes to the mock (%s strategy) the database equals the store again",
    (strategy) =>
      Effect.gen(function*() {
        const server = yield* startMock()
        const db = yield* freshDatabase(dialect)
        const full = yield* syncOnce(server, db, strategy)
        yield* writeToMock(server)
        const incremental = yield* syncOnce(server, db, strategy)
        const expected = mockView(server)
        const actual = yield* databaseView(db)
        expect(incremental.kind).toBe("incremental")
        expect(actual.conversations).toEqual(expected.conversations)
        expect(actual.messages).toEqual(expected.messages)
        expect(incremental.conversationsDeleted).toBe(1)
        expect(incremental.messagesWritten).toBeGreaterThanOrEqual(2)
        expect(incremental.requests).toBeLessThanOrEqual(full.requests)
      }).pipe(Effect.scoped, Effect.runPromise),
    120_000
  )

  it(
    "overlapping windows never duplicate a row: a third sync over the same window writes nothing",
    () =>
      Effect.gen(function*() {
        const server = yield* startMock()
        const db = yield* freshDatabase(dialect)
        yield* syncOnce(server, db, "endpoint")
        yield* writeToMock(server)
        yield* syncOnce(server, db, "endpoint")
        const before = yield* databaseView(db)
        const third = yield* syncOnce(server, db, "endpoint")
        const after = yield* databaseView(db)
        expect(third.messagesWritten).toBe(0)
        expect(third.conversationsWritten).toBe(0)
        expect(third.messagesRead).toBeGreaterThan(0) // the overlap re-read the recent messages
        expect(after).toEqual(before)
        expect(new Set(after.messages.map((m) => m.id)).size).toBe(after.messages.length)
      }).pipe(Effect.scoped, Effect.runPromise),
    120_000
  )
})
