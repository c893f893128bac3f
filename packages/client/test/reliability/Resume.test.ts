/**
 * Resume after a real kill: the examples' export CLI runs as a child process against the mock over HTTP, is killed
 * with SIGKILL mid-way, and resumed from its checkpoint. The output equals, line for line, that of an
 * uninterrupted export, and holds every message of the location exactly once.
 */
import { describe, expect, it } from "@effect/vitest"
import { MockFaults, type MockHttpServer } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import { type ChildProcess, spawn } from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { serveMock } from "./support/mock.js"

const examplesDir = Path.resolve(import.meta.dirname, "../../../examples")
const cli = Path.join(examplesDir, "src/export-cli.ts")

/** The CLI as one node process (`--import tsx`, no wrapper process that a SIGKILL would orphan the real one of). */
const startExport = (server: MockHttpServer.RunningServer, args: ReadonlyArray<string>): ChildProcess =>
  spawn(process.execPath, ["--import", "tsx", cli, ...args], {
    cwd: examplesDir,
    env: {
      PATH: process.env.PATH ?? "",
      HIGHLEVEL_TOKEN: server.mock.credentials.token,
      HIGHLEVEL_BASE_URL: server.url,
      HIGHLEVEL_LOCATION_ID: server.mock.credentials.locationId,
      HIGHLEVEL_RATE_LIMIT: "0"
    },
    stdio: ["ignore", "ignore", "pipe"]
  })

interface Ended {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderr: string
}

/** Resolves when the process exits; kills it if it outlives `timeoutMs` (a hang must fail the test, not stall it). */
const ended = (child: ChildProcess, timeoutMs: number): Promise<Ended> =>
  new Promise((resolve) => {
    let stderr = ""
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs)
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stderr })
    })
  })

/** Commit lines in the checkpoint journal (its first line is a header). */
const commits = (checkpoint: string): number => {
  try {
    return Math.max(0, Fs.readFileSync(checkpoint, "utf8").split("\n").filter((line) => line.trim() !== "").length - 1)
  } catch {
    return 0
  }
}

/** Kills `child` with SIGKILL once the checkpoint holds at least `atLeast` commits; bounded by `timeoutMs`. */
const killAfterCommits = (child: ChildProcess, checkpoint: string, atLeast: number, timeoutMs: number) =>
  new Promise<number>((resolve) => {
    const started = Date.now()
    const poll = setInterval(() => {
      const done = commits(checkpoint)
      if (done >= atLeast || Date.now() - started > timeoutMs || child.exitCode !== null) {
        clearInterval(poll)
        child.kill("SIGKILL")
        resolve(done)
      }
    }, 5)
  })

const lines = (file: string) => Fs.readFileSync(file, "utf8").split("\n").filter((line) => line !== "")

describe("an export killed mid-way and resumed", () => {
  it.live(
    "yields exactly the messages of an uninterrupted export, each once",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* serveMock()
        const dir = yield* Effect.acquireRelease(
          Effect.sync(() => Fs.mkdtempSync(Path.join(Os.tmpdir(), "resume-test-"))),
          (path) => Effect.sync(() => Fs.rmSync(path, { recursive: true, force: true }))
        )
        const children: Array<ChildProcess> = []
        yield* Effect.addFinalizer(() => Effect.sync(() => children.forEach((child) => child.kill("SIGKILL"))))
        const run = (args: ReadonlyArray<string>) => {
          const child = startExport(server, args)
          children.push(child)
          return child
        }
        // The per-conversation path (the endpoint strategy's kill test is in the examples' ExportCommand tests).
        const baseArgs = ["--strategy", "conversations", "--concurrency", "3"]

        // The reference: one uninterrupted export.
        const reference = Path.join(dir, "reference.ndjson")
        const full = yield* Effect.promise(() => ended(run([...baseArgs, "--output", reference]), 30_000))
        expect(full, full.stderr).toMatchObject({ code: 0 })

        // Slow every messages page down so the kills land mid-export (50 conversations, ~40 ms each, 3 at a time).
        server.mock.control.setFaults([MockFaults.rule("getMessages", MockFaults.latency(40))])
        const output = Path.join(dir, "resumed.ndjson")
        const checkpoint = Path.join(dir, "export.checkpoint")
        const args = [...baseArgs, "--output", output, "--checkpoint", checkpoint, "--resume"]

        const first = run(args)
        const firstEnd = ended(first, 30_000)
        const committedAtFirstKill = yield* Effect.promise(() => killAfterCommits(first, checkpoint, 8, 20_000))
        expect((yield* Effect.promise(() => firstEnd)).signal).toBe("SIGKILL")

        // The kill really interrupted work: some conversations were done, some were not.
        expect(committedAtFirstKill).toBeGreaterThan(0)
        expect(committedAtFirstKill).toBeLessThan(50)

        server.mock.control.clearFaults()
        const last = yield* Effect.promise(() => ended(run(args), 30_000))
        expect(last, last.stderr).toMatchObject({ code: 0 })

        // What the CLI printed (summaries) never names the token.
        expect(`${full.stderr}${last.stderr}`).not.toContain(server.mock.credentials.token)

        const expected = lines(reference)
        const resumed = lines(output)
        expect(resumed).toEqual(expected)
        const ids = resumed.map((line) => (JSON.parse(line) as { readonly id: string }).id)
        expect(new Set(ids).size).toBe(ids.length)
        const { locationId } = server.mock.credentials
        const stored = server.mock.store.conversationsOf(locationId).flatMap((c) =>
          server.mock.store.messagesOf(c.id).map((m) => m.id)
        )
        expect([...ids].sort()).toEqual([...stored].sort())
      })),
    { timeout: 90_000 }
  )
})
