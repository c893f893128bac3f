import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { databaseView, type DialectName, freshDatabase, mockView, startMock, syncOnce } from "./harness.js"

const dialects: ReadonlyArray<DialectName> = ["sqlite", "postgres"]

describe.each(dialects)("sync into %s", (dialect) => {
  it.live("a first sync mirrors every conversation and message of the location", () =>
    Effect.gen(function*() {
      const server = yield* startMock()
      const db = yield* freshDatabase(dialect)
      const summary = yield* syncOnce(server, db)
      const expected = mockView(server)
      const actual = yield* databaseView(db)
      expect(summary.kind).toBe("full")
      expect(actual.conversations).toEqual(expected.conversations)
      expect(actual.messages).toEqual(expected.messages)
      expect(summary.messagesWritten).toBe(expected.messages.length)
      expect(summary.conversationsWritten).toBe(expected.conversations.length)
      expect(summary.requests).toBeGreaterThan(0)
    }).pipe(Effect.scoped), 60_000)

  it.live("a second sync of unchanged data writes nothing and duplicates no row", () =>
    Effect.gen(function*() {
      const server = yield* startMock()
      const db = yield* freshDatabase(dialect)
      yield* syncOnce(server, db)
      const first = yield* databaseView(db)
      const again = yield* syncOnce(server, db)
      const second = yield* databaseView(db)
      expect(again.kind).toBe("incremental")
      expect(again.messagesWritten).toBe(0)
      expect(again.conversationsWritten).toBe(0)
      expect(again.conversationsDeleted).toBe(0)
      expect(second).toEqual(first)
      expect(new Set(second.messages.map((m) => m.id)).size).toBe(second.messages.length)
    }).pipe(Effect.scoped), 60_000)
})
