import * as NodeContext from "@effect/platform-node/NodeContext"
import * as FileSystem from "@effect/platform/FileSystem"
import { describe, expect, it, layer } from "@effect/vitest"
import { MockFaults } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import type { ChildProcess } from "node:child_process"
import * as OfflineDev from "../src/OfflineDev.js"
import { mockApp, theMock } from "./utils/mock.js"
import { runScript } from "./utils/spawn.js"

const directoryOf = (file: string) => file.replace(/\/messages\.ndjson$/, "")

// The demo as a child process with its own OS temp directory (TMPDIR), so that what it leaves there can be listed.
const demoWithTmpdir = (env: Readonly<Record<string, string>> = {}, onSpawn?: (child: ChildProcess) => void) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const tmpdir = yield* fs.makeTempDirectoryScoped({ prefix: "demo-tmpdir-" })
    const leftBehind = fs.readDirectory(tmpdir).pipe(
      Effect.map((names) => names.filter((name) => name.startsWith("highlevel-demo-")))
    )
    const running = yield* Effect.fork(runScript("demo.ts", [], { ...env, TMPDIR: tmpdir }, 60_000, onSpawn))
    return { running, leftBehind }
  })

// Until the demo has made its export directory (bounded: 20 s of 25 ms polls).
const untilExportStarted = (leftBehind: Effect.Effect<Array<string>, unknown>) =>
  leftBehind.pipe(
    Effect.filterOrFail((names) => names.length > 0),
    Effect.retry(Schedule.spaced("25 millis")),
    Effect.timeout("20 seconds")
  )

// The offline program: in-process through the same app layer the demo uses, and as `pnpm demo` runs it.

layer(mockApp({ seed: 42 }), { excludeTestServices: true })("OfflineDev.program against the mock", (it) => {
  it.effect("prints a digest, a transcript and an export that matches the mock's store", () =>
    Effect.gen(function*() {
      const out = yield* Ref.make("")
      const fs = yield* FileSystem.FileSystem
      // The export lives as long as the scope the caller gives the program.
      const { lines, result } = yield* Effect.scoped(Effect.gen(function*() {
        const result = yield* OfflineDev.program({ write: (text) => Ref.update(out, (all) => all + text) })
        return { result, lines: (yield* fs.readFileString(result.exportFile)).trimEnd().split("\n") }
      }))
      const text = yield* Ref.get(out)
      const { locationId, mock } = yield* theMock

      expect(result.backend).toBe("Mock")
      expect(text).toContain(`Offline: the mock on http://127.0.0.1:`)
      expect(text).toContain("== Unread digest")
      expect(text).toContain("== Transcript")
      expect(text).toContain("== Export")
      expect(result.digest.entries).toHaveLength(3)
      expect(result.transcriptOf).toBe(result.digest.entries[0]?.conversation.id)
      expect(text).toContain(`Conversation ${result.transcriptOf}`)

      // The reply: first in the conversation, shown in its transcript, and the conversation left the digest.
      const replied = result.replied
      expect(replied?.conversationId).toBe(result.digest.entries[0]?.conversation.id)
      expect(text).toContain("== Reply")
      expect(text).toContain(OfflineDev.replyText)
      expect(mock.store.messagesOf(replied?.conversationId ?? "")[0]?.id).toBe(replied?.messageId)
      expect(replied?.digestAfter.unreadTotal).toBe(result.digest.unreadTotal - 1)
      expect(replied?.digestAfter.entries.map((entry) => entry.conversation.id)).not.toContain(replied?.conversationId)

      const seeded = mock.store.conversationsOf(locationId).flatMap((c) => mock.store.messagesOf(c.id))
      expect(result.summary.messages).toBe(seeded.length)
      expect(text).toContain(`✓ ${seeded.length} messages, the mock's whole store for the location, each exported once`)
      expect(lines).toHaveLength(seeded.length)
      expect(yield* fs.exists(directoryOf(result.exportFile))).toBe(false)
    }))
})

describe("pnpm demo", () => {
  it.live("runs end to end against the mock with rate limits on, prints a readable result and exits 0", () =>
    Effect.gen(function*() {
      const { leftBehind, running } = yield* demoWithTmpdir()
      const run = yield* Fiber.join(running)
      expect(run.stderr).toBe("")
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^Offline: the mock on http:\/\/127\.0\.0\.1:\d+ \(seed 42, scenario "default"\)/)
      expect(run.stdout).toMatch(/\d+ most recent of \d+ unread conversations/)
      expect(run.stdout).toMatch(/Conversation \w+ · /)
      expect(run.stdout).toMatch(/Exported (\d+) messages of 50 conversations/)
      expect(run.stdout).toContain("each exported once")
      expect(run.stdout).toMatch(/Done in /)
      // The live mirror on the sync's database: a contact's message became its row through a signed webhook.
      expect(run.stdout).toMatch(
        /live: +receiver on http:\/\/127\.0\.0\.1:\d+\/webhooks; .* its row in the database \d+ ms/
      )
      expect(run.stdout).toContain("(a temporary file: it is removed when the program ends)")
      // The export went to the demo's temp directory, and the demo took it away when it ended.
      expect(run.stdout).toMatch(/to \S+\/highlevel-demo-\w+\/messages\.ndjson/)
      expect(yield* leftBehind).toEqual([])
    }).pipe(Effect.scoped, Effect.provide(NodeContext.layer)))

  // A mock this test controls, read through HIGHLEVEL_TOKEN, with slow pages: the export is still running when the
  // test steps in.
  const slowMock = Effect.gen(function*() {
    const server = yield* OfflineDev.startMock({ seed: 7, rateLimit: false })
    server.mock.control.setFaults([MockFaults.rule("getMessages", MockFaults.latency(300))])
    const env = {
      HIGHLEVEL_TOKEN: server.mock.credentials.token,
      HIGHLEVEL_BASE_URL: server.url,
      HIGHLEVEL_LOCATION_ID: server.mock.credentials.locationId,
      HIGHLEVEL_MAX_RETRIES: "0"
    }
    return { server, env }
  })

  it.live("removes its export directory when the export fails", () =>
    Effect.gen(function*() {
      const { env, server } = yield* slowMock
      const demo = yield* demoWithTmpdir(env)
      expect(yield* untilExportStarted(demo.leftBehind)).toHaveLength(1)
      server.mock.control.setFaults([MockFaults.rule("getMessages", MockFaults.serverError(500))])
      const run = yield* Fiber.join(demo.running)
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(/^demo: .*\(500\)/)
      expect(yield* demo.leftBehind).toEqual([])
    }).pipe(Effect.scoped, Effect.provide(NodeContext.layer)))

  it.live("removes its export directory when it is interrupted (Ctrl-C)", () =>
    Effect.gen(function*() {
      const { env } = yield* slowMock
      let child: ChildProcess | undefined
      const demo = yield* demoWithTmpdir(env, (c) => (child = c))
      expect(yield* untilExportStarted(demo.leftBehind)).toHaveLength(1)
      child?.kill("SIGINT")
      const run = yield* Fiber.join(demo.running)
      expect(run.code).toBe(130)
      expect(yield* demo.leftBehind).toEqual([])
    }).pipe(Effect.scoped, Effect.provide(NodeContext.layer)))

  it.live("with HIGHLEVEL_TOKEN starts no mock and reads the configured API (here: a mock this test started)", () =>
    Effect.gen(function*() {
      const server = yield* OfflineDev.startMock({ seed: 7, rateLimit: false })
      const run = yield* runScript("demo.ts", [], {
        HIGHLEVEL_TOKEN: server.mock.credentials.token,
        HIGHLEVEL_BASE_URL: server.url,
        HIGHLEVEL_LOCATION_ID: server.mock.credentials.locationId
      })
      expect(run.stderr).toBe("")
      expect(run.code).toBe(0)
      expect(run.stdout.split("\n")[0]).toBe(
        `Real API on ${server.url}, location ${server.mock.credentials.locationId} (read-only)`
      )
      expect(run.stdout).toContain("Exported")
      expect(run.stdout).toMatch(/of 10 conversations/)
      expect(run.stdout).toContain("(the first 10 conversations only: this is a demo against the real API)")
      // Every request the demo made was a read.
      const methods = new Set(server.mock.control.journal().map((entry) => entry.method))
      expect([...methods]).toEqual(["GET"])
    }).pipe(Effect.scoped, Effect.provide(NodeContext.layer)))

  it.live("with a token but no location fails with one line before any request", () =>
    Effect.gen(function*() {
      const run = yield* runScript("demo.ts", [], {
        HIGHLEVEL_TOKEN: "pit-x",
        HIGHLEVEL_BASE_URL: "http://127.0.0.1:9"
      })
      expect(run.code).toBe(2)
      expect(run.stderr).toBe("demo: set HIGHLEVEL_LOCATION_ID to the location to read\n")
    }))
})
