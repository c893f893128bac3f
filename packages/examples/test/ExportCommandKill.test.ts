import * as NodeContext from "@effect/platform-node/NodeContext"
import * as FileSystem from "@effect/platform/FileSystem"
import { describe, expect, it } from "@effect/vitest"
import { HighLevelMock, MockFaults, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { ChildProcess } from "node:child_process"
import { runScript } from "./utils/spawn.js"

// The export command killed with SIGKILL in the middle of an endpoint export, then run again with --resume: the
// output holds every message of the location once, byte for byte what an uninterrupted export writes. (The
// conversations strategy's kill test is the client's reliability suite, test/reliability/Resume.test.ts.)

// 150 conversations × 40 messages: a dozen export pages, so that the kill lands between commits.
const startMock = Effect.gen(function*() {
  const mock = HighLevelMock.make({ seed: 42, conversations: 150, messagesPerConversation: 40, rateLimit: false })
  const context = yield* Layer.build(MockHttpServer.layer(mock, { port: 0, host: "127.0.0.1" }))
  return Context.get(context, MockHttpServer.MockHttpServer)
})

const idsOf = (ndjson: string) =>
  ndjson.split("\n").filter((line) => line !== "").map((line) => (JSON.parse(line) as { id: string }).id)

describe("highlevel-export with the endpoint strategy", () => {
  it.live(
    "killed with SIGKILL mid-run and resumed: every message once, the bytes of an uninterrupted export",
    () =>
      Effect.gen(function*() {
        const fs = yield* FileSystem.FileSystem
        const server = yield* startMock
        const dir = yield* fs.makeTempDirectoryScoped({ prefix: "export-kill-" })
        const { locationId, token } = server.mock.credentials
        const env = { HIGHLEVEL_TOKEN: token, HIGHLEVEL_RATE_LIMIT: "0" }
        const output = `${dir}/out.ndjson`
        const checkpoint = `${dir}/out.ckpt`
        const args = ["--base-url", server.url, "--location", locationId, "-o", output, "--checkpoint", checkpoint]
        // Slow pages: the export is still running when the kill comes.
        server.mock.control.setFaults([MockFaults.rule("exportMessages", MockFaults.latency(150))])
        let child: ChildProcess | undefined
        const killed = yield* Effect.fork(
          runScript("export-cli.ts", [...args, "--resume"], env, 60_000, (c) => (child = c))
        )
        // Kill once two pages are committed (header + 2 lines), polled every 25 ms; bounded by count (the child's
        // start-up, tsx compiling the CLI, takes seconds on a loaded machine).
        const commits = fs.readFileString(checkpoint).pipe(
          Effect.map((text) => text.split("\n").length - 2),
          Effect.orElseSucceed(() => 0)
        )
        let committed = 0
        for (let i = 0; i < 2400 && committed < 2; i++) {
          yield* Effect.sleep("25 millis")
          committed = yield* commits
        }
        child?.kill("SIGKILL")
        const first = yield* killed.await
        expect(committed).toBeGreaterThanOrEqual(2)
        expect(first._tag === "Success" && first.value.code).toBe(null) // ended by the signal, not an exit
        const partial = idsOf(yield* fs.readFileString(output).pipe(Effect.orElseSucceed(() => "")))
        const stored = server.mock.store.conversationsOf(locationId).flatMap((c) =>
          server.mock.store.messagesOf(c.id).map((m) => m.id)
        )
        expect(partial.length).toBeLessThan(stored.length)

        server.mock.control.clearFaults()
        const resumed = yield* runScript("export-cli.ts", [...args, "--resume"], env, 60_000)
        expect(resumed.code).toBe(0)
        expect(resumed.stderr).toContain("strategy endpoint")
        expect(resumed.stderr).toMatch(/\d+ messages came from an earlier run/)
        const text = yield* fs.readFileString(output)
        const ids = idsOf(text)
        expect(new Set(ids).size).toBe(ids.length)
        expect([...ids].sort()).toEqual([...stored].sort())
        const reference = yield* runScript(
          "export-cli.ts",
          ["--base-url", server.url, "--location", locationId, "-o", `${dir}/reference.ndjson`],
          env,
          60_000
        )
        expect(reference.code).toBe(0)
        expect(text).toBe(yield* fs.readFileString(`${dir}/reference.ndjson`))
      }).pipe(Effect.scoped, Effect.provide(NodeContext.layer)),
    180_000
  )
})
