import * as NodeContext from "@effect/platform-node/NodeContext"
import * as FileSystem from "@effect/platform/FileSystem"
import { describe, expect, it } from "@effect/vitest"
import { Message } from "@highlevel-effect/client"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import * as Schema from "effect/Schema"
import * as ExportMessages from "../../src/ExportMessages.js"
import { exportOrder, fakeClientLayer, type FakeOptions, makeData } from "../utils/fakeClient.js"

// The export's default strategy, the location export endpoint, against an in-memory client: two walks (every
// non-email type, then channel=Email), each page committed with the cursor its walk goes on from, so that an
// interrupted or killed export resumes at its last committed page with every message written once. The fake serves
// at most 7 messages a page, so that each walk has several pages.

const data = makeData(12, (c) => (c * 7) % 11 + (c === 5 ? 0 : 1)) // 12 conversations of uneven sizes
const pageSize = 7

const encodeLine = Schema.encodeSync(Schema.parseJson(Message.Message))
// What the endpoint strategy must write: the non-email walk in createdAt order, then the email walk.
const exported = [...exportOrder(data, undefined), ...exportOrder(data, "Email")]
const expected = exported.map((message) => encodeLine(message))
const conversations = new Set(exported.map((message) => message.conversationId)).size

interface Requests {
  readonly cursors: Array<string | undefined>
  readonly channels: Array<string | undefined>
}

const withTempDir = <A, E, R>(f: (dir: string) => Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "export-endpoint-test-" })
    return yield* f(dir)
  }).pipe(Effect.scoped, Effect.provide(NodeContext.layer))

// One export, and the export pages it asked for.
const runWith = (options: ExportMessages.Options, fake: Omit<FakeOptions, "onExportPage"> = {}) =>
  Effect.gen(function*() {
    const requests: Requests = { cursors: [], channels: [] }
    const summary = yield* ExportMessages.run(options).pipe(
      Effect.provide(Layer.merge(
        fakeClientLayer(data, {
          exportPageSize: pageSize,
          ...fake,
          onExportPage: (params) => {
            requests.cursors.push(params.cursor)
            requests.channels.push(params.channel)
          }
        }),
        NodeContext.layer
      ))
    )
    return { summary, requests }
  })

const readLines = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file)).pipe(
    Effect.map((text) => text.split("\n").filter((line) => line !== ""))
  )

const journalLines = (file: string) =>
  Effect.map(readLines(file), (lines) => lines.map((line) => JSON.parse(line) as Record<string, unknown>))

// Starts an export and interrupts it once `pages` pages are committed (each commit is a journal line).
const interruptAfter = (options: ExportMessages.Options, pages: number) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const enough = yield* Deferred.make<void>()
    const checkpoint = options.checkpoint ?? ""
    const fiber = yield* runWith({
      ...options,
      progressInterval: "2 millis",
      onProgress: () =>
        fs.readFileString(checkpoint).pipe(
          Effect.map((text) => text.split("\n").length - 2),
          Effect.orElseSucceed(() => 0),
          Effect.flatMap((commits) => commits >= pages ? Deferred.succeed(enough, undefined) : Effect.void)
        )
    }, { delayPerMessage: "1 millis" }).pipe(Effect.fork)
    yield* Deferred.await(enough)
    yield* Fiber.interrupt(fiber)
  })

describe("ExportMessages.run with the endpoint strategy", () => {
  it.live("is the default without conversation filters: two walks, every message once, emails last", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const output = `${dir}/out.ndjson`
        const { requests, summary } = yield* runWith({ filters: { locationId: "loc1" }, output })
        expect(yield* readLines(output)).toEqual(expected)
        expect(summary.strategy).toBe("endpoint")
        expect(summary.messages).toBe(expected.length)
        // The endpoint lists no conversations: the summary counts those of the messages exported.
        expect(summary.conversations).toBe(conversations)
        // One request per page of each walk, never a page twice. (Each walk's first page is asked for up front: it
        // carries the walk's total, for progress.)
        const nonEmail = Math.ceil(exportOrder(data, undefined).length / pageSize)
        const emails = Math.ceil(exportOrder(data, "Email").length / pageSize)
        const walkOf = (channel: string | undefined) =>
          requests.cursors.filter((_, i) => requests.channels[i] === channel)
        expect(walkOf(undefined)).toEqual(
          Array.from({ length: nonEmail }, (_, i) => i === 0 ? undefined : `at:${i * pageSize}`)
        )
        expect(walkOf("Email")).toEqual(
          Array.from({ length: emails }, (_, i) => i === 0 ? undefined : `at:${i * pageSize}`)
        )
        expect(requests.cursors).toHaveLength(nonEmail + emails)
        expect(ExportMessages.renderSummary(summary)).toContain(
          "strategy endpoint: the location export endpoint, 500 messages a page, emails in a second walk (default)"
        )
      })
    ))

  it.live("journals each page with the cursor its walk goes on from, null once the walk is complete", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        yield* runWith({ filters: {}, output, checkpoint })
        const [header, ...commits] = yield* journalLines(checkpoint)
        expect(header).toMatchObject({ version: 1, export: { strategy: "endpoint" } })
        const walks = commits.map((commit) => `${String(commit["walk"])} ${String(commit["cursor"])}`)
        expect(walks.at(0)).toBe(`messages at:${pageSize}`)
        expect(walks.filter((walk) => walk.endsWith("null"))).toEqual(["messages null", "emails null"])
        expect(walks.at(-1)).toBe("emails null")
        // Each commit holds the output's length once its page is in.
        const fs = yield* FileSystem.FileSystem
        expect(commits.at(-1)?.["bytes"]).toBe(Number((yield* fs.stat(output)).size))
      })
    ))

  it.live("resumes an interrupted export from each walk's last committed cursor: the bytes of an uninterrupted run", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        const options = { filters: {}, output, checkpoint, resume: true }
        yield* interruptAfter(options, 3)
        const [, ...before] = yield* journalLines(checkpoint)
        const last = before.at(-1)
        expect(before.length).toBeGreaterThanOrEqual(3)
        expect((yield* readLines(output)).length).toBeLessThan(expected.length)

        const { requests, summary } = yield* runWith(options)
        // The walk goes on from the cursor of its last commit: no committed page is asked for again.
        expect(requests.cursors[0]).toBe(last?.["walk"] === "messages" ? last["cursor"] : undefined)
        expect(summary.messagesResumed).toBeGreaterThan(0)
        expect(summary.messages).toBe(expected.length)
        expect(summary.conversations).toBe(conversations) // counted over the whole export, the earlier run's messages included
        expect(ExportMessages.renderSummary(summary)).toContain(
          `${summary.messagesResumed} messages came from an earlier run`
        )
        expect(yield* readLines(output)).toEqual(expected)
        expect(yield* fs.exists(`${checkpoint}.parts`)).toBe(false)
      })
    ))

  it.live("recovers what a kill leaves (a half-appended page, a torn journal line) and goes on from the last commit", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        const options = { filters: {}, output, checkpoint, resume: true }
        yield* interruptAfter(options, 2)
        const journal = yield* fs.readFileString(checkpoint)
        // The kill hit while the next page was appended, then while its journal line was written.
        yield* fs.writeFileString(output, "{\"id\":\"half a li", { flag: "a" })
        yield* fs.writeFileString(checkpoint, "{\"walk\":\"messages\",\"cursor\":\"at:", { flag: "a" })
        yield* fs.makeDirectory(`${checkpoint}.parts`, { recursive: true })
        yield* fs.writeFileString(`${checkpoint}.parts/1.ndjson`, "left behind\n")

        yield* runWith(options)
        const lines = yield* readLines(output)
        expect(lines).toEqual(expected)
        expect(new Set(lines).size).toBe(lines.length)
        // The torn line is gone: the journal goes on from the last complete commit.
        expect((yield* fs.readFileString(checkpoint)).startsWith(journal)).toBe(true)
        expect(yield* fs.exists(`${checkpoint}.parts`)).toBe(false)
      })
    ))

  it.live("a commit whose cursor is not a cursor ends the journal there: that page is read again, nothing twice", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        const options = { filters: {}, output, checkpoint, resume: true }
        yield* interruptAfter(options, 3)
        const lines = (yield* fs.readFileString(checkpoint)).split("\n")
        // The last commit's cursor becomes blank (an edit, a bad disk): not a commit; the one before it still is.
        const lastCommit = lines.length - 2
        const bad = JSON.parse(lines[lastCommit] ?? "{}") as Record<string, unknown>
        lines[lastCommit] = JSON.stringify({ ...bad, cursor: " " })
        yield* fs.writeFileString(checkpoint, lines.join("\n"))
        const previous = JSON.parse(lines[lastCommit - 1] ?? "{}") as Record<string, unknown>

        const { requests } = yield* runWith(options)
        expect(requests.cursors[0]).toBe(previous["walk"] === "messages" ? previous["cursor"] : undefined)
        expect(yield* readLines(output)).toEqual(expected)
      })
    ))

  it.live("a cursor the server refuses fails with CursorRejected naming the checkpoint, files left as they were", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        const options = { filters: {}, output, checkpoint, resume: true }
        yield* interruptAfter(options, 2)
        const lines = (yield* fs.readFileString(checkpoint)).split("\n")
        const lastCommit = lines.length - 2
        const commit = JSON.parse(lines[lastCommit] ?? "{}") as Record<string, unknown>
        // A cursor as the server could hand out, but one it no longer accepts (expired, say).
        lines[lastCommit] = JSON.stringify({ ...commit, walk: "messages", cursor: "expired-cursor" })
        const edited = lines.join("\n")
        yield* fs.writeFileString(checkpoint, edited)
        const outputBefore = yield* fs.readFileString(output)

        const error = yield* Effect.flip(runWith(options))
        expect(error._tag === "ExportError" && error.reason).toBe("CursorRejected")
        expect(error.message).toContain(`checkpoint ${checkpoint}`)
        expect(error.message).toContain("messages walk")
        expect(error.message).toContain("start over")
        expect(yield* fs.readFileString(checkpoint)).toBe(edited)
        expect(yield* fs.readFileString(output)).toBe(outputBefore)
      })
    ))

  it.live("a finished export resumed asks for nothing and writes nothing", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        yield* runWith({ filters: {}, output, checkpoint })
        const text = yield* fs.readFileString(output)
        const { requests, summary } = yield* runWith({ filters: {}, output, checkpoint, resume: true })
        expect(requests.cursors).toEqual([])
        expect(summary.messagesResumed).toBe(expected.length)
        expect(summary.messages).toBe(expected.length)
        expect(yield* fs.readFileString(output)).toBe(text)
      })
    ))

  it.live("keeps only the asked message types, from both walks", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const output = `${dir}/types.ndjson`
        const { summary } = yield* runWith({ filters: {}, output, messageTypes: ["TYPE_EMAIL", "TYPE_CALL"] })
        const wanted = [...exportOrder(data, undefined), ...exportOrder(data, "Email")]
          .filter((message) => message.messageType === "TYPE_EMAIL" || message.messageType === "TYPE_CALL")
        expect(yield* readLines(output)).toEqual(wanted.map((message) => encodeLine(message)))
        expect(summary.strategy).toBe("endpoint")
      })
    ))

  it.live("reports progress in messages up to the walks' total, and renders it on one line", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const snapshots = yield* Ref.make<Array<ExportMessages.Progress>>([])
        yield* runWith({
          filters: {},
          output: `${dir}/out.ndjson`,
          progressInterval: "1 millis",
          onProgress: (progress) => Ref.update(snapshots, (all) => [...all, progress])
        })
        const last = (yield* Ref.get(snapshots)).at(-1)
        expect(last).toMatchObject({ strategy: "endpoint", messages: expected.length, messagesTotal: expected.length })
        const line = ExportMessages.renderProgress({
          strategy: "endpoint",
          conversationsDone: 0,
          conversationsTotal: 0,
          conversationsResumed: 0,
          messages: 1000,
          messagesResumed: 500,
          messagesTotal: 3500,
          elapsed: Duration.seconds(2)
        })
        expect(line).toBe("messages 1,500/3,500 · 500 msg/s · ETA 4s")
      })
    ))

  it.live("refuses to resume a checkpoint of the other strategy", () =>
    withTempDir((dir) =>
      Effect.gen(function*() {
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.checkpoint`
        yield* runWith({ filters: {}, output, checkpoint, strategy: "conversations" })
        const error = yield* Effect.flip(runWith({ filters: {}, output, checkpoint, resume: true }))
        expect(error._tag === "ExportError" && error.reason).toBe("CheckpointMismatch")
        expect(error.message).toContain("strategy conversations")
      })
    ))
})
