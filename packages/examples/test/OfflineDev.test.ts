import * as NodeContext from "@effect/platform-node/NodeContext"
import * as FileSystem from "@effect/platform/FileSystem"
import { describe, expect, it, layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as OfflineDev from "../src/OfflineDev.js"
import { mockApp, theMock } from "./utils/mock.js"
import { runScript } from "./utils/spawn.js"

// The offline program: in-process through the same app layer the demo uses, and as `pnpm demo` runs it.

layer(mockApp({ seed: 42 }), { excludeTestServices: true })("OfflineDev.program against the mock", (it) => {
  it.effect("prints a digest, a transcript and an export that matches the mock's store", () =>
    Effect.gen(function*() {
      const out = yield* Ref.make("")
      const result = yield* OfflineDev.program({ write: (text) => Ref.update(out, (all) => all + text) })
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

      const seeded = mock.store.conversationsOf(locationId).flatMap((c) => mock.store.messagesOf(c.id))
      expect(result.summary.messages).toBe(seeded.length)
      expect(text).toContain(`✓ ${seeded.length} messages, the mock's whole store for the location, each exported once`)
      const fs = yield* FileSystem.FileSystem
      const lines = (yield* fs.readFileString(result.exportFile)).trimEnd().split("\n")
      expect(lines).toHaveLength(seeded.length)
      yield* fs.remove(result.exportFile.replace(/\/messages\.ndjson$/, ""), { recursive: true })
    }))
})

describe("pnpm demo", () => {
  it.live("runs end to end against the mock with rate limits on, prints a readable result and exits 0", () =>
    Effect.gen(function*() {
      const run = yield* runScript("demo.ts", [])
      expect(run.stderr).toBe("")
      expect(run.code).toBe(0)
      expect(run.stdout).toMatch(/^Offline: the mock on http:\/\/127\.0\.0\.1:\d+ \(seed 42, scenario "default"\)/)
      expect(run.stdout).toMatch(/\d+ most recent of \d+ unread conversations/)
      expect(run.stdout).toMatch(/Conversation \w+ · /)
      expect(run.stdout).toMatch(/Exported (\d+) messages of 50 conversations/)
      expect(run.stdout).toContain("each exported once")
      expect(run.stdout).toMatch(/Done in /)
      // The export file is left for the user to look at; remove it here.
      const file = /to (\S+messages\.ndjson)/.exec(run.stdout)?.[1]
      expect(file).toBeDefined()
      if (file !== undefined) {
        yield* Effect.flatMap(
          FileSystem.FileSystem,
          (fs) => fs.remove(file.replace(/\/messages\.ndjson$/, ""), { recursive: true })
        )
      }
    }).pipe(Effect.provide(NodeContext.layer)))

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
      const file = /to (\S+messages\.ndjson)/.exec(run.stdout)?.[1]
      if (file !== undefined) {
        yield* Effect.flatMap(
          FileSystem.FileSystem,
          (fs) => fs.remove(file.replace(/\/messages\.ndjson$/, ""), { recursive: true })
        )
      }
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
