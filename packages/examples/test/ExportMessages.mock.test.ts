import * as FileSystem from "@effect/platform/FileSystem"
import { expect, layer } from "@effect/vitest"
import { Message } from "@highlevel-effect/client"
import { MockFaults } from "@highlevel-effect/mock-server"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schema from "effect/Schema"
import * as ExportMessages from "../src/ExportMessages.js"
import { mockApp, theMock } from "./utils/mock.js"

// The export with the conversations strategy against the mock over real HTTP: the exported set equals the seeded
// messages of the matching conversations, each exactly once, also across an interruption. The endpoint strategy's
// are in ExportEndpoint.mock.test.ts.

const decodeLine = Schema.decodeUnknownSync(Schema.parseJson(Message.Message))

const exportedLines = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file)).pipe(
    Effect.map((text) => text.split("\n").filter((line) => line !== ""))
  )

const tempDir = Effect.flatMap(FileSystem.FileSystem, (fs) => fs.makeTempDirectoryScoped({ prefix: "export-mock-" }))

layer(mockApp({ seed: 42 }), { excludeTestServices: true })("ExportMessages against the mock", (it) => {
  it.scoped("exports every seeded message of the location exactly once", () =>
    Effect.gen(function*() {
      const { locationId, mock } = yield* theMock
      mock.control.clearFaults()
      mock.control.clearJournal()
      const output = `${yield* tempDir}/all.ndjson`
      const summary = yield* ExportMessages.run({
        filters: { locationId },
        strategy: "conversations",
        output,
        concurrency: 4
      })
      // The progress total came from the listing's first page: no separate one-row search, no page past `total`.
      const searches = mock.control.journal().filter((entry) => entry.route === "search")
      const conversations = mock.store.conversationsOf(locationId).length
      expect(searches.map((entry) => entry.query["limit"])).not.toContain("1")
      expect(searches).toHaveLength(Math.ceil(conversations / 100))

      const lines = yield* exportedLines(output)
      const exported = lines.map((line) => decodeLine(line))
      const seeded = mock.store.conversationsOf(locationId).flatMap((c) => mock.store.messagesOf(c.id))
      expect(seeded.length).toBeGreaterThan(100)
      expect(exported.map((m) => m.id).sort()).toEqual(seeded.map((m) => m.id).sort())
      expect(new Set(exported.map((m) => m.id)).size).toBe(exported.length)
      // The content survived the round trip (decode, then encode with the schema).
      const byId = new Map(seeded.map((m) => [m.id, m]))
      for (const message of exported) {
        const wire = byId.get(message.id)
        expect(message.body).toBe(wire?.body)
        expect(message.conversationId).toBe(wire?.conversationId)
        expect(message.messageType).toBe(wire?.messageType)
      }
      expect(summary.messages).toBe(seeded.length)
      expect(summary.conversations).toBe(mock.store.conversationsOf(locationId).length)
      const calls = summary.byType.find((row) => row.messageType === "TYPE_CALL")
      const seededCalls = seeded.filter((m) => m.messageType === "TYPE_CALL")
      expect(calls?.inbound).toBe(seededCalls.filter((m) => m.direction === "inbound").length)
      expect(calls?.outbound).toBe(seededCalls.filter((m) => m.direction === "outbound").length)
    }))

  it.scoped("exports only the conversations matching the filters, and only the asked message types", () =>
    Effect.gen(function*() {
      const { locationId, mock } = yield* theMock
      mock.control.clearFaults()
      const output = `${yield* tempDir}/unread.ndjson`
      yield* ExportMessages.run({
        filters: { locationId, status: "unread" },
        output,
        messageTypes: ["TYPE_SMS", "TYPE_CALL"]
      })
      const exported = (yield* exportedLines(output)).map((line) => decodeLine(line))
      const expected = mock.store.conversationsOf(locationId)
        .filter((c) => (c.unreadCount ?? 0) > 0)
        .flatMap((c) => mock.store.messagesOf(c.id))
        .filter((m) => m.messageType === "TYPE_SMS" || m.messageType === "TYPE_CALL")
      expect(expected.length).toBeGreaterThan(0)
      expect(exported.map((m) => m.id).sort()).toEqual(expected.map((m) => m.id).sort())
    }))

  it.scoped("survives transient server faults (the client retries them)", () =>
    Effect.gen(function*() {
      const { locationId, mock } = yield* theMock
      mock.control.setFaults([
        MockFaults.rule("getMessages", MockFaults.serverError(503), { times: 2 }),
        MockFaults.rule("search", MockFaults.serverError(502), { times: 1 })
      ])
      const output = `${yield* tempDir}/faults.ndjson`
      const summary = yield* ExportMessages.run({ filters: { locationId }, strategy: "conversations", output }).pipe(
        Effect.ensuring(Effect.sync(() => mock.control.clearFaults()))
      )
      const seeded = mock.store.conversationsOf(locationId).flatMap((c) => mock.store.messagesOf(c.id))
      expect(summary.messages).toBe(seeded.length)
      expect((yield* exportedLines(output)).length).toBe(seeded.length)
    }))

  it.scoped("resumes after an interruption and after a failed request: every message once", () =>
    Effect.gen(function*() {
      const { locationId, mock } = yield* theMock
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDir
      const options: ExportMessages.Options = {
        filters: { locationId },
        strategy: "conversations",
        output: `${dir}/resumed.ndjson`,
        checkpoint: `${dir}/resumed.checkpoint`,
        resume: true,
        concurrency: 2
      }
      // 1. Interrupted by the caller after a few conversations.
      mock.control.setFaults([MockFaults.rule("getMessages", MockFaults.latency(15))])
      const someDone = yield* Deferred.make<void>()
      const fiber = yield* ExportMessages.run({
        ...options,
        progressInterval: "5 millis",
        onProgress: (p) => p.conversationsDone >= 5 ? Deferred.succeed(someDone, undefined) : Effect.void
      }).pipe(Effect.fork)
      yield* Deferred.await(someDone)
      yield* Fiber.interrupt(fiber)
      // 2. Fails part-way on a response the client does not retry (a malformed body is not transient); the seeded
      // probability makes the failing request the same one on every run.
      mock.control.setFaults([
        MockFaults.rule("getMessages", MockFaults.malformedJson(), { probability: 0.1, seed: 1 })
      ])
      const failed = yield* Effect.flip(ExportMessages.run(options))
      expect(failed._tag).toBe("DecodeError")
      // 3. Completes.
      mock.control.clearFaults()
      const summary = yield* ExportMessages.run(options)
      expect(summary.conversationsResumed).toBeGreaterThanOrEqual(5)

      const seeded = mock.store.conversationsOf(locationId).flatMap((c) => mock.store.messagesOf(c.id))
      const lines = yield* exportedLines(options.output)
      expect(lines.length).toBe(seeded.length)
      expect(lines.map((line) => decodeLine(line).id).sort()).toEqual(seeded.map((m) => m.id).sort())
      // Same bytes as one uninterrupted export.
      const reference = `${dir}/reference.ndjson`
      yield* ExportMessages.run({ filters: { locationId }, strategy: "conversations", output: reference })
      expect(yield* fs.readFileString(options.output)).toEqual(yield* fs.readFileString(reference))
    }))
})
