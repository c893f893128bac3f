import * as NodeContext from "@effect/platform-node/NodeContext"
import * as FileSystem from "@effect/platform/FileSystem"
import { describe, expect, it } from "@effect/vitest"
import { ConversationsError } from "@highlevel-effect/client"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as ExportMessages from "../src/ExportMessages.js"
import { expectedLines, fakeClientLayer, type FakeData, makeData } from "./utils/fakeClient.js"

// The pipeline with the conversations strategy against an in-memory client: ordering, exactly-once across
// interruptions and simulated kills, and the checkpoint's safety checks. The endpoint strategy is in
// export/Endpoint.test.ts; the export against the mock over HTTP in ExportMessages.mock.test.ts.

const data = makeData(12, (c) => (c * 7) % 11 + (c === 5 ? 0 : 1)) // uneven sizes, one empty conversation

const withTempDir = <A, E, R>(f: (dir: string) => Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "export-test-" })
    return yield* f(dir)
  }).pipe(Effect.scoped, Effect.provide(NodeContext.layer))

// Without filters an export would use the endpoint strategy: these tests ask for the conversations one.
const runWith = (fake: FakeData, options: ExportMessages.Options, delayPerMessage?: Duration.DurationInput) =>
  ExportMessages.run({ strategy: "conversations", ...options }).pipe(
    Effect.provide(Layer.merge(
      fakeClientLayer(fake, delayPerMessage !== undefined ? { delayPerMessage } : {}),
      NodeContext.layer
    ))
  )

const reasonOf = (error: ExportMessages.RunError) => error._tag === "ExportError" ? error.reason : error._tag

const readLines = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file)).pipe(
    Effect.map((text) => text.split("\n").filter((line) => line !== ""))
  )

describe("ExportMessages.run with the conversations strategy", () => {
  it.live("writes every message once, conversation by conversation in search order, newest first within each", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const output = `${dir}/out.ndjson`
        const summary = yield* runWith(data, { filters: { locationId: "loc1" }, output, concurrency: 3 })
        const lines = yield* readLines(output)
        expect(lines).toEqual(expectedLines(data))
        expect(summary.messages).toBe(lines.length)
        expect(summary.conversations).toBe(12)
        expect(summary.conversationsResumed).toBe(0)
        const fs = yield* FileSystem.FileSystem
        expect(summary.bytes).toBe(Number((yield* fs.stat(output)).size))
        const total = summary.byType.reduce((sum, row) => sum + row.inbound + row.outbound + row.other, 0)
        expect(total).toBe(lines.length)
        const sms = summary.byType.find((row) => row.messageType === "TYPE_SMS")
        const smsLines = lines.filter((line) => line.includes("\"TYPE_SMS\""))
        expect(sms !== undefined && sms.inbound + sms.outbound).toBe(smsLines.length)
        expect(ExportMessages.renderSummary(summary)).toContain(`Exported ${lines.length} messages of 12 conversations`)
      })
    ))

  it.live("produces the same bytes for any concurrency", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        yield* runWith(data, { filters: {}, output: `${dir}/a.ndjson`, concurrency: 1 })
        yield* runWith(data, { filters: {}, output: `${dir}/b.ndjson`, concurrency: 8 }, "1 millis")
        expect(yield* fs.readFileString(`${dir}/b.ndjson`)).toEqual(yield* fs.readFileString(`${dir}/a.ndjson`))
      })
    ))

  it.live("honours limit, counting conversations of earlier runs", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        const summary = yield* runWith(data, { filters: {}, output, checkpoint, limit: 4 })
        expect(summary.conversations).toBe(4)
        const firstFour: FakeData = { ...data, summaries: data.summaries.slice(0, 4) }
        expect(yield* readLines(output)).toEqual(expectedLines(firstFour))
        // Resuming a finished export does nothing more.
        const again = yield* runWith(data, { filters: {}, output, checkpoint, limit: 4, resume: true })
        expect(again.conversations).toBe(4)
        expect(again.conversationsResumed).toBe(4)
        expect(again.messages).toBe(summary.messages)
        expect(yield* readLines(output)).toEqual(expectedLines(firstFour))
      })
    ))

  it.live("resumes an interrupted export: every message exactly once, same bytes as an uninterrupted run", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        const options = { filters: { locationId: "loc1" }, output, checkpoint, concurrency: 3, resume: true }
        const threeDone = yield* Deferred.make<void>()
        const fiber = yield* runWith(data, {
          ...options,
          progressInterval: "2 millis",
          onProgress: (progress) =>
            progress.conversationsDone >= 3 ? Deferred.succeed(threeDone, undefined) : Effect.void
        }, "3 millis").pipe(Effect.fork)
        yield* Deferred.await(threeDone)
        yield* Fiber.interrupt(fiber)
        const partial = yield* readLines(output)
        expect(partial.length).toBeGreaterThan(0)
        expect(partial.length).toBeLessThan(expectedLines(data).length)

        const summary = yield* runWith(data, options)
        expect(summary.conversationsResumed).toBeGreaterThanOrEqual(3)
        expect(summary.conversations).toBe(12)
        expect(summary.messages).toBe(expectedLines(data).length)
        yield* runWith(data, { filters: { locationId: "loc1" }, output: `${dir}/reference.ndjson` })
        expect(yield* fs.readFileString(output)).toEqual(yield* fs.readFileString(`${dir}/reference.ndjson`))
      })
    ))

  it.live("recovers the states a killed process leaves: a partly appended conversation and a torn journal line", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        // A complete export of the first 5 conversations stands in for the work done before the kill.
        yield* runWith(data, { filters: {}, output, checkpoint, limit: 5 })
        const journal = yield* fs.readFileString(checkpoint)
        expect(journal.trim().split("\n")).toHaveLength(6) // header + 5 commits
        // The kill hit while the 6th conversation was being appended, then while its journal line was being written.
        const sixth = expectedLines({ ...data, summaries: data.summaries.slice(5, 6) })
        yield* fs.writeFileString(output, sixth.join("\n") + "\n{\"id\":\"half a li", { flag: "a" })
        yield* fs.writeFileString(checkpoint, "{\"conversationId\":\"conv0005\",\"by", { flag: "a" })
        // …and it left its part files behind.
        yield* fs.makeDirectory(`${checkpoint}.parts`)
        yield* fs.writeFileString(`${checkpoint}.parts/1.ndjson`, sixth[0] ?? "")
        // Resuming "the same export" needs the same fingerprint: the limit is part of it.
        const summary = yield* runWith(data, { filters: {}, output, checkpoint, limit: 5, resume: true })
        expect(summary.conversationsResumed).toBe(5)
        const firstFive: FakeData = { ...data, summaries: data.summaries.slice(0, 5) }
        expect(yield* readLines(output)).toEqual(expectedLines(firstFive))
        // The torn journal line is gone, so later commits start on a line of their own.
        expect(yield* fs.readFileString(checkpoint)).toEqual(journal)
        expect(yield* fs.exists(`${checkpoint}.parts`)).toBe(false)
      })
    ))

  it.live("continues after a torn journal line with the remaining conversations", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        const interrupted = yield* Deferred.make<void>()
        const fiber = yield* runWith(data, {
          filters: {},
          output,
          checkpoint,
          progressInterval: "2 millis",
          onProgress: (progress) =>
            progress.conversationsDone >= 2 ? Deferred.succeed(interrupted, undefined) : Effect.void
        }, "3 millis").pipe(Effect.fork)
        yield* Deferred.await(interrupted)
        yield* Fiber.interrupt(fiber)
        yield* fs.writeFileString(output, "garbage without newline", { flag: "a" })
        yield* fs.writeFileString(checkpoint, "{\"conversationId\":", { flag: "a" })
        const summary = yield* runWith(data, { filters: {}, output, checkpoint, resume: true })
        expect(summary.messages).toBe(expectedLines(data).length)
        const lines = yield* readLines(output)
        expect(lines).toEqual(expectedLines(data))
        expect(new Set(lines).size).toBe(lines.length)
      })
    ))

  it.live("refuses to overwrite a checkpoint without resume, and to resume another export", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        yield* runWith(data, { filters: { status: "unread" }, output, checkpoint, limit: 2 })
        const exists = yield* Effect.flip(
          runWith(data, { filters: { status: "unread" }, output, checkpoint, limit: 2 })
        )
        expect(reasonOf(exists)).toBe("CheckpointExists")
        expect(exists.message).toContain("--resume")
        const other = yield* Effect.flip(
          runWith(data, { filters: { status: "all" }, output, checkpoint, limit: 2, resume: true })
        )
        expect(reasonOf(other)).toBe("CheckpointMismatch")
        expect(other.message).toContain("\"status\":\"unread\"")
        // The same filters in another key order are the same export.
        const reordered = yield* runWith(data, {
          filters: { status: "unread", lastMessageDirection: "inbound" },
          output: `${dir}/two.ndjson`,
          checkpoint: `${dir}/two.checkpoint`,
          limit: 2
        }).pipe(
          Effect.zipRight(runWith(data, {
            filters: { lastMessageDirection: "inbound", status: "unread" },
            output: `${dir}/two.ndjson`,
            checkpoint: `${dir}/two.checkpoint`,
            limit: 2,
            resume: true
          }))
        )
        expect(reordered.conversationsResumed).toBe(2)
      })
    ))

  it.live("refuses to resume when the output is shorter than the checkpoint says", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        yield* runWith(data, { filters: {}, output, checkpoint, limit: 3 })
        yield* fs.writeFileString(output, "shortened\n")
        const error = yield* Effect.flip(runWith(data, { filters: {}, output, checkpoint, limit: 3, resume: true }))
        expect(reasonOf(error)).toBe("OutputMismatch")
      })
    ))

  it.live("rejects options that cannot work before any request", () =>
    Effect.gen(function*() {
      const stdoutCheckpoint = yield* Effect.flip(
        runWith(data, { filters: {}, output: "-", checkpoint: "/nonexistent/x" })
      )
      expect(reasonOf(stdoutCheckpoint)).toBe("InvalidOptions")
      const resumeAlone = yield* Effect.flip(runWith(data, { filters: {}, output: "/nonexistent/x", resume: true }))
      expect(reasonOf(resumeAlone)).toBe("InvalidOptions")
      const concurrency = yield* Effect.flip(runWith(data, { filters: {}, output: "/nonexistent/x", concurrency: 0 }))
      expect(concurrency.message).toContain("concurrency")
    }))

  it.live("fails with the search's own typed error when a search page after the first fails", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const failure = new ConversationsError.ServerError({
          operation: "searchConversations",
          status: 503,
          messages: []
        })
        const error = yield* Effect.flip(
          ExportMessages.run({ strategy: "conversations", filters: {}, output: `${dir}/out.jsonl` }).pipe(
            Effect.provide(
              Layer.merge(fakeClientLayer(data, { searchFailsAfterFirstPage: failure }), NodeContext.layer)
            )
          )
        )
        // A typed failure the command maps to its exit code, not a defect (a crash with a stack trace).
        expect(error).toBe(failure)
      })
    ))

  it.live("reports progress up to done = total, and renders it on one line", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const snapshots = yield* Ref.make<Array<ExportMessages.Progress>>([])
        yield* runWith(data, {
          filters: {},
          output: `${dir}/out.ndjson`,
          progressInterval: "1 millis",
          onProgress: (progress) => Ref.update(snapshots, (all) => [...all, progress])
        }, "1 millis")
        const all = yield* Ref.get(snapshots)
        const last = all[all.length - 1]
        expect(last?.conversationsDone).toBe(12)
        expect(last?.conversationsTotal).toBe(12)
        expect(last?.messages).toBe(expectedLines(data).length)
        const done = all.map((progress) => progress.conversationsDone)
        expect(done).toEqual([...done].sort((a, b) => a - b))
        const line = ExportMessages.renderProgress({
          strategy: "conversations",
          conversationsDone: 5,
          conversationsTotal: 20,
          conversationsResumed: 0,
          messages: 1234,
          messagesResumed: 0,
          messagesTotal: undefined,
          elapsed: Duration.seconds(2)
        })
        expect(line).toBe("conversations 5/20 · messages 1,234 · 617 msg/s · ETA 6s")
        expect(line).not.toContain("\n")
      })
    ))
})
