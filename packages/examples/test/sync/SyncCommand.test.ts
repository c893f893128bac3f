import * as SqlClient from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import { MockFaults, type MockHttpServer } from "@highlevel-effect/mock-server"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type { ChildProcess } from "node:child_process"
import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import * as Dialect from "../../src/sync/Dialect.js"
import { runScript } from "../utils/spawn.js"
import { databaseView, type DialectName, freshDatabase, mockView, startMock, syncOnce } from "./harness.js"

const envOf = (server: MockHttpServer.RunningServer): Record<string, string> => ({
  HIGHLEVEL_TOKEN: server.mock.credentials.token,
  HIGHLEVEL_BASE_URL: server.url,
  HIGHLEVEL_LOCATION_ID: server.mock.credentials.locationId,
  HIGHLEVEL_RATE_LIMIT: "0"
})

const without = (env: Record<string, string>, key: string) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => name !== key))

// The crash test kills a run in the middle: the per-conversation strategy has one commit per conversation (slowed
// down by the mock's latency), where the endpoint reads this small location in a page.
const strategy = ["--strategy", "conversations"]

const lastLine = (text: string) => text.trimEnd().split("\n").at(-1) ?? ""

describe("the sync command", () => {
  it.live(
    "syncs the location named by HIGHLEVEL_LOCATION_ID and ends stdout with a one-line summary",
    () =>
      Effect.gen(function*() {
        const server = yield* startMock()
        const db = yield* freshDatabase("sqlite")
        const run = yield* runScript("sync-cli.ts", ["--db", db], envOf(server))
        const expected = mockView(server)
        expect(run.stderr).toBe("")
        expect(run.code).toBe(0)
        expect(lastLine(run.stdout)).toMatch(
          new RegExp(
            `^synced ${server.mock.credentials.locationId}: ${expected.messages.length} messages and ` +
              `${expected.conversations.length} conversations written, 0 conversations deleted, \\d+ requests \\(full, endpoint strategy`
          )
        )
        const actual = yield* databaseView(db)
        expect(actual.messages).toEqual(expected.messages)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live("bad flags and settings: one line on stderr, exit 2, nothing written", () =>
    Effect.gen(function*() {
      const server = yield* startMock()
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sync-flags-"))
      yield* Effect.addFinalizer(() => Effect.sync(() => fs.rmSync(dir, { recursive: true, force: true })))
      const db = path.join(dir, "x.db")
      const cases: ReadonlyArray<readonly [ReadonlyArray<string>, Record<string, string>, RegExp]> = [
        // No --db at all.
        [[], envOf(server), /--db/],
        // A URL scheme the sync does not speak.
        [["--db", "mysql://localhost/x"], envOf(server), /--db: "mysql:" is not supported/],
        // No location from the flag or the environment.
        [["--db", db], { ...envOf(server), HIGHLEVEL_LOCATION_ID: "" }, /no location/],
        // No token.
        [["--db", db], without(envOf(server), "HIGHLEVEL_TOKEN"), /HIGHLEVEL_TOKEN is not set/],
        [["--db", db, "--overlap-minutes", "-1"], envOf(server), /--overlap-minutes: must be 0 or more/]
      ]
      for (const [args, env, message] of cases) {
        const run = yield* runScript("sync-cli.ts", args, env)
        expect(run.code).toBe(2)
        expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
        expect(run.stderr).toMatch(message)
        expect(run.stderr).not.toMatch(/\n\s+at /)
      }
      expect(fs.existsSync(db)).toBe(false)
    }).pipe(Effect.scoped), 120_000)

  it.live("an unreachable Postgres: one line naming the database, exit 1", () =>
    Effect.gen(function*() {
      const server = yield* startMock()
      // A port nobody listens on: bound, then closed.
      const port = yield* Effect.promise(() =>
        new Promise<number>((resolve) => {
          const probe = net.createServer().listen(0, "127.0.0.1", () => {
            const address = probe.address() as net.AddressInfo
            probe.close(() => resolve(address.port))
          })
        })
      )
      const run = yield* runScript(
        "sync-cli.ts",
        ["--db", `postgres://user:secret@127.0.0.1:${port}/db`],
        envOf(server)
      )
      expect(run.code).toBe(1)
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
      expect(run.stderr).toMatch(new RegExp(`^highlevel-sync: database postgres://user:\\*\\*\\*@127.0.0.1:${port}/db`))
      expect(run.stderr).not.toMatch(/secret/)
    }).pipe(Effect.scoped), 60_000)

  it.live("a locked SQLite file: one line, exit 1, and the watermark stays where it was", () =>
    Effect.gen(function*() {
      const server = yield* startMock()
      const db = yield* freshDatabase("sqlite")
      yield* syncOnce(server, db)
      const before = yield* databaseView(db)
      // Another connection holds the write lock (an open write transaction) for the whole run.
      const locked = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const holder = yield* Effect.fork(
        Effect.flatMap(SqlClient.SqlClient, (sql) =>
          sql.withTransaction(Effect.zipRight(Deferred.succeed(locked, undefined), Deferred.await(release)))).pipe(
            Effect.provide(Layer.orDie(Dialect.layer(Either.getOrThrow(Dialect.parseTarget(db)))))
          )
      )
      yield* Deferred.await(locked)
      const run = yield* runScript("sync-cli.ts", ["--db", db, ...strategy], envOf(server))
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(holder)
      expect(run.code).toBe(1)
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1)
      expect(run.stderr).toMatch(/^highlevel-sync: database .*locked/i)
      expect(yield* databaseView(db)).toEqual(before)
    }).pipe(Effect.scoped), 60_000)
})

const dialects: ReadonlyArray<DialectName> = ["sqlite", "postgres"]

describe.each(dialects)("crash safety on %s", (dialect) => {
  it.live(
    "a sync killed with SIGKILL mid-run and run again equals an uninterrupted sync",
    () =>
      Effect.gen(function*() {
        const server = yield* startMock({ conversations: 40 })
        // Slow listings, so that the kill lands in the middle of the run.
        server.mock.control.setFaults([MockFaults.rule("getMessages", MockFaults.latency(40))])
        const killed = yield* freshDatabase(dialect)
        let child: ChildProcess | undefined
        const run = yield* Effect.fork(
          runScript("sync-cli.ts", ["--db", killed, ...strategy], envOf(server), 60_000, (spawned) => (child = spawned))
        )
        // Kill once some rows are committed, polling the database (bounded by count).
        let rows = 0
        for (let i = 0; i < 600 && rows === 0; i++) {
          yield* Effect.sleep("50 millis")
          rows = yield* databaseView(killed).pipe(
            Effect.map((view) => view.messages.length),
            Effect.orElseSucceed(() => 0)
          )
        }
        child?.kill("SIGKILL")
        const first = yield* run.await
        expect(rows).toBeGreaterThan(0)
        expect(first._tag === "Success" && first.value.code).not.toBe(0)
        server.mock.control.setFaults([])
        yield* syncOnce(server, killed)
        const uninterrupted = yield* freshDatabase(dialect)
        yield* syncOnce(server, uninterrupted)
        const a = yield* databaseView(killed)
        const b = yield* databaseView(uninterrupted)
        expect(a.conversations).toEqual(b.conversations)
        expect(a.messages).toEqual(b.messages)
        expect(a.messages).toEqual(mockView(server).messages)
      }).pipe(Effect.scoped),
    120_000
  )
})
