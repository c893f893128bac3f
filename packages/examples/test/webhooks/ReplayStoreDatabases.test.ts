/**
 * The client's SQL replay store on the sync database, both dialects (a SQLite file; PGlite over its socket, the
 * `pg` driver's pool): a claim succeeds once per id until it expires or is released, and concurrent claims of one id
 * have one winner. End to end, the live mirror's receiver keeping its seen ids in that database answers a duplicated
 * delivery 409 and holds the ids in its table.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { type WebhookReplayStore } from "@highlevel-effect/client"
import * as WebhookReplayStoreSql from "@highlevel-effect/client/WebhookReplayStoreSql"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Dialect from "../../src/sync/Dialect.js"
import { freshDatabase } from "../sync/harness.js"
import { contactSends, settled, setup, storeView, syncedView } from "./harness.js"

const NOW = 1_750_000_000_000

const rules = (store: WebhookReplayStore.Service) =>
  Effect.gen(function*() {
    const first = yield* store.claim("a", NOW + 1000, NOW)
    const second = yield* store.claim("a", NOW + 1000, NOW + 10)
    const afterExpiry = yield* store.claim("a", NOW + 5000, NOW + 1000)
    yield* store.release("a")
    const afterRelease = yield* store.claim("a", NOW + 5000, NOW + 1001)
    const racing = yield* Effect.all(Array.from({ length: 8 }, () => store.claim("race", NOW + 1000, NOW)), {
      concurrency: "unbounded"
    })
    return { first, second, afterExpiry, afterRelease, winners: racing.filter(Boolean).length }
  })

describe("the SQL replay store on the sync database", () => {
  for (const dialect of ["sqlite", "postgres"] as const) {
    it.scopedLive(
      `${dialect}: once per id until it expires or is released; one winner of concurrent claims`,
      () =>
        Effect.gen(function*() {
          const db = yield* freshDatabase(dialect)
          const result = yield* Effect.gen(function*() {
            const store = yield* WebhookReplayStoreSql.make()
            // A second store on the same database (another receiver, or the next run) sees the first one's ids.
            const again = yield* WebhookReplayStoreSql.make()
            const outcome = yield* rules(store)
            return { ...outcome, seenByTheOther: yield* again.claim("race", NOW + 1000, NOW) }
          }).pipe(Effect.provide(Dialect.layer(Either.getOrThrow(Dialect.parseTarget(db)))))
          expect(result).toEqual({
            first: true,
            second: false,
            afterExpiry: true,
            afterRelease: true,
            winners: 1,
            seenByTheOther: false
          })
        }),
      30_000
    )
  }

  it.scopedLive(
    "postgres: the mirror's receiver keeps its seen ids there; a duplicated delivery is answered 409",
    () =>
      Effect.gen(function*() {
        const env = yield* setup({ dialect: "postgres", replayStore: "database" })
        env.mock.webhooks.setFaults([{ kind: "duplicate" }])
        yield* contactSends(env, "Is the order ready?")
        const stats = yield* settled(env)
        const statuses = env.mock.webhooks.deliveries().flatMap((d) => d.attempts.map((a) => a.status))
        expect([...statuses].sort()).toEqual([200, 200, 409, 409])
        expect(stats).toMatchObject({ applied: 2, gaps: 0, syncs: 1 })
        // The two events' ids, in the sync database's table.
        const seen = yield* Effect.flatMap(
          SqlClient.SqlClient,
          (sql) => sql<{ readonly webhook_id: string }>`SELECT webhook_id FROM highlevel_webhook_seen`
        ).pipe(Effect.provide(env.services))
        expect(seen.map((row) => row.webhook_id).sort()).toEqual(
          [...new Set(env.mock.webhooks.deliveries().map((d) => d.webhookId))].sort()
        )
        expect(yield* syncedView(env)).toEqual(storeView(env))
      }),
    30_000
  )
})
