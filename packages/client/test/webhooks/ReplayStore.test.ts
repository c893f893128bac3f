/**
 * The seen-id stores: the in-memory default and the SQL layer on SQLite (libSQL, in memory). Same rules for both: a
 * claim succeeds once per id until the id expires, a released id can be claimed again, concurrent claims of one id
 * have one winner; the SQL store keeps ids across receivers sharing the database.
 */
import * as LibsqlClient from "@effect/sql-libsql/LibsqlClient"
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as WebhookReplayStore from "../../src/WebhookReplayStore.js"
import * as WebhookReplayStoreSql from "../../src/WebhookReplayStoreSql.js"
import * as Webhooks from "../../src/Webhooks.js"
import { inboundEvent, NOW, publicKeyPem, signedDelivery } from "./support.js"

const sqlite = LibsqlClient.layer({ url: "file::memory:" })

const rules = (store: WebhookReplayStore.Service) =>
  Effect.gen(function*() {
    const first = yield* store.claim("a", NOW + 1000, NOW)
    const second = yield* store.claim("a", NOW + 1000, NOW + 10)
    const afterExpiry = yield* store.claim("a", NOW + 5000, NOW + 1000)
    yield* store.release("a")
    const afterRelease = yield* store.claim("a", NOW + 5000, NOW + 1001)
    const other = yield* store.claim("b", NOW + 1000, NOW)
    const racing = yield* Effect.all(Array.from({ length: 8 }, () => store.claim("race", NOW + 1000, NOW)), {
      concurrency: "unbounded"
    })
    return { first, second, afterExpiry, afterRelease, other, winners: racing.filter(Boolean).length }
  })

const expected = { first: true, second: false, afterExpiry: true, afterRelease: true, other: true, winners: 1 }

describe("WebhookReplayStore", () => {
  it.effect("in memory: once per id until it expires or is released; one winner of concurrent claims", () =>
    Effect.gen(function*() {
      expect(yield* rules(yield* WebhookReplayStore.makeMemory)).toEqual(expected)
    }))

  it.effect("SQL (SQLite via libSQL): the same rules", () =>
    Effect.gen(function*() {
      expect(yield* rules(yield* WebhookReplayStoreSql.make())).toEqual(expected)
    }).pipe(Effect.provide(sqlite)))

  it.effect("SQL: the table is created once, named as configured, and holds the claimed ids", () =>
    Effect.gen(function*() {
      const store = yield* WebhookReplayStoreSql.make({ table: "seen_ids" })
      yield* WebhookReplayStoreSql.make({ table: "seen_ids" })
      yield* store.claim("x", NOW + 1000, NOW)
      const sql = yield* SqlClient.SqlClient
      const rows = yield* sql<{ webhook_id: string; expires_at: number }>`SELECT webhook_id, expires_at FROM seen_ids`
      expect(rows.map((row) => [row.webhook_id, Number(row.expires_at)])).toEqual([["x", NOW + 1000]])
    }).pipe(Effect.provide(sqlite)))

  it.scopedLive("two receivers on one SQL database: a delivery accepted by one is a replay for the other (409)", () =>
    Effect.gen(function*() {
      const shared = yield* Layer.build(WebhookReplayStoreSql.layer().pipe(Layer.provideMerge(sqlite)))
      const receiver = Layer.build(Webhooks.layer({ publicKey: publicKeyPem })).pipe(
        Effect.map((context) => Context.get(context, Webhooks.WebhookReceiver)),
        Effect.provide(shared)
      )
      const one = yield* receiver
      const two = yield* receiver
      const delivery = signedDelivery(inboundEvent({ timestamp: new Date().toISOString() }))
      expect(yield* Effect.either(one.accept(delivery))).toMatchObject({ _tag: "Right" })
      expect(yield* Effect.flip(two.accept(delivery))).toMatchObject({ _tag: "WebhookReplayed", status: 409 })
    }))
})
