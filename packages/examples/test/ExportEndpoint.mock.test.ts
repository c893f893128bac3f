import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FileSystem from "@effect/platform/FileSystem"
import { expect, layer } from "@effect/vitest"
import { ConversationsClient, Message } from "@highlevel-effect/client"
import { HighLevelMock, MockFaults, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as ExportMessages from "../src/ExportMessages.js"
import * as OfflineDev from "../src/OfflineDev.js"

// The export's endpoint strategy against the mock over real HTTP: the location's messages through
// GET /conversations/messages/export, 500 a page, in two walks (the endpoint leaves emails out without `channel`),
// every message exactly once, also across an interruption and a failed page. 60 conversations × 40 messages, so
// that each walk has more than one page.

const decodeLine = Schema.decodeUnknownSync(Schema.parseJson(Message.Message))

const mock = HighLevelMock.make({ seed: 42, conversations: 60, messagesPerConversation: 40, rateLimit: false })
const { locationId } = mock.credentials

const app = Layer.unwrapScoped(
  Effect.map(MockHttpServer.MockHttpServer, (server) =>
    ConversationsClient.layerConfig().pipe(
      Layer.provide(NodeHttpClient.layerUndici),
      Layer.provide(Layer.setConfigProvider(OfflineDev.mockConfigProvider({
        baseUrl: server.url,
        ...mock.credentials,
        rateLimit: false
      })))
    ))
).pipe(Layer.provideMerge(MockHttpServer.layer(mock, { port: 0, host: "127.0.0.1" })), Layer.merge(NodeContext.layer))

const stored = () => mock.store.conversationsOf(locationId).flatMap((c) => mock.store.messagesOf(c.id))

const exportedIds = (file: string) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(file)).pipe(
    Effect.map((text) => text.split("\n").filter((line) => line !== "").map((line) => decodeLine(line).id))
  )

const tempDir = Effect.flatMap(FileSystem.FileSystem, (fs) => fs.makeTempDirectoryScoped({ prefix: "export-ep-" }))

layer(app, { excludeTestServices: true })("ExportMessages with the endpoint strategy against the mock", (it) => {
  it.scoped("exports every message of the location once, one request per 500 messages of each walk", () =>
    Effect.gen(function*() {
      mock.control.clearFaults()
      mock.control.clearJournal()
      const output = `${yield* tempDir}/all.ndjson`
      const summary = yield* ExportMessages.run({ filters: { locationId }, output })
      const ids = yield* exportedIds(output)
      const all = stored()
      expect(all.length).toBeGreaterThan(1000)
      expect(new Set(ids).size).toBe(ids.length)
      expect([...ids].sort()).toEqual(all.map((m) => m.id).sort())
      expect(summary.strategy).toBe("endpoint")
      expect(summary.conversations).toBe(new Set(all.map((m) => m.conversationId)).size)

      // Only export pages: no search, no per-conversation listing; emails in a walk of their own.
      const journal = mock.control.journal()
      expect(new Set(journal.map((entry) => entry.route))).toEqual(new Set(["exportMessages"]))
      const emails = journal.filter((entry) => entry.query["channel"] === "Email")
      expect(emails.length).toBeGreaterThan(0)
      const emailTypes = new Set([
        "TYPE_EMAIL",
        "TYPE_CAMPAIGN_EMAIL",
        "TYPE_CUSTOM_EMAIL",
        "TYPE_CUSTOM_PROVIDER_EMAIL"
      ])
      const emailCount = all.filter((m) => emailTypes.has(m.messageType)).length
      expect(emails).toHaveLength(Math.ceil(emailCount / 500))
      expect(journal).toHaveLength(Math.ceil((all.length - emailCount) / 500) + Math.ceil(emailCount / 500))
      expect(journal.every((entry) => entry.query["limit"] === "500")).toBe(true)
    }))

  it.scoped("resumes after an interruption and after a failed page: every message once, the bytes of one run", () =>
    Effect.gen(function*() {
      const fs = yield* FileSystem.FileSystem
      const dir = yield* tempDir
      const options: ExportMessages.Options = {
        filters: { locationId },
        output: `${dir}/resumed.ndjson`,
        checkpoint: `${dir}/resumed.checkpoint`,
        resume: true
      }
      const commits = fs.readFileString(`${dir}/resumed.checkpoint`).pipe(
        Effect.map((text) => text.split("\n").length - 2),
        Effect.orElseSucceed(() => 0)
      )
      // 1. Interrupted by the caller once a page is committed.
      mock.control.setFaults([MockFaults.rule("exportMessages", MockFaults.latency(100))])
      const onePage = yield* Deferred.make<void>()
      const fiber = yield* ExportMessages.run({
        ...options,
        progressInterval: "5 millis",
        onProgress: () => Effect.flatMap(commits, (n) => n >= 1 ? Deferred.succeed(onePage, undefined) : Effect.void)
      }).pipe(Effect.fork)
      yield* Deferred.await(onePage)
      yield* Fiber.interrupt(fiber)
      const afterInterrupt = yield* commits
      // 2. Fails on a page the client does not retry (a malformed body): three pages answer (slowly, so that the
      // first is committed meanwhile), every later one is malformed.
      mock.control.setFaults([
        MockFaults.rule("exportMessages", MockFaults.latency(200), { times: 3 }),
        MockFaults.rule("exportMessages", MockFaults.malformedJson())
      ])
      const failed = yield* Effect.flip(ExportMessages.run(options))
      expect(failed._tag).toBe("DecodeError")
      expect(yield* commits).toBeGreaterThan(afterInterrupt)
      // 3. Completes.
      mock.control.clearFaults()
      const summary = yield* ExportMessages.run(options)
      expect(summary.messagesResumed).toBeGreaterThan(0)
      const ids = yield* exportedIds(options.output)
      expect(new Set(ids).size).toBe(ids.length)
      expect([...ids].sort()).toEqual(stored().map((m) => m.id).sort())
      const reference = `${dir}/reference.ndjson`
      yield* ExportMessages.run({ filters: { locationId }, output: reference })
      expect(yield* fs.readFileString(options.output)).toEqual(yield* fs.readFileString(reference))
    }))
})
