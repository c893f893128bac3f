import * as NodeContext from "@effect/platform-node/NodeContext"
import * as FileSystem from "@effect/platform/FileSystem"
import { describe, expect, it } from "@effect/vitest"
import { MockFaults } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import type { ChildProcess } from "node:child_process"
import * as ExportCommand from "../src/ExportCommand.js"
import * as OfflineDev from "../src/OfflineDev.js"
import { runScript } from "./utils/spawn.js"

// The command-line tool as a user runs it: a child process, flags, environment, exit code, stdout and stderr. The
// mock listens on 127.0.0.1 in this test process.

const cli = (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
  onSpawn?: (child: ChildProcess) => void
) => runScript("export-cli.ts", args, env, 60_000, onSpawn)

const oneLine = (stderr: string) => {
  expect(stderr.endsWith("\n")).toBe(true)
  expect(stderr.trimEnd().split("\n")).toHaveLength(1)
  expect(stderr).not.toMatch(/\n\s+at /) // no stack trace
  return stderr.trimEnd()
}

const withMock = <A, E, R>(
  f: (
    mock: { readonly url: string; readonly token: string; readonly locationId: string; readonly dir: string } & {
      readonly messagesOf: (filter?: (c: { readonly unreadCount?: number | undefined }) => boolean) => Array<string>
      readonly setFaults: (rules: ReadonlyArray<MockFaults.FaultRule>) => void
      /** The API requests the mock has served. */
      readonly requests: () => number
    }
  ) => Effect.Effect<A, E, R>
) =>
  Effect.gen(function*() {
    const server = yield* OfflineDev.startMock({ seed: 42, rateLimit: false })
    const fs = yield* FileSystem.FileSystem
    const dir = yield* fs.makeTempDirectoryScoped({ prefix: "export-cli-" })
    const { locationId, token } = server.mock.credentials
    const store = server.mock.store
    return yield* f({
      url: server.url,
      token,
      locationId,
      dir,
      setFaults: (rules) => server.mock.control.setFaults(rules),
      requests: () => server.mock.control.journal().length,
      messagesOf: (filter = () => true) =>
        store.conversationsOf(locationId).filter(filter).flatMap((c) => store.messagesOf(c.id).map((m) => m.id))
    })
  }).pipe(Effect.scoped, Effect.provide(NodeContext.layer))

const idsOf = (ndjson: string) =>
  ndjson.split("\n").filter((line) => line !== "").map((line) => (JSON.parse(line) as { id: string }).id)

// The tests that start several CLI processes in a row: each start compiles the CLI with tsx (about 1 s idle, several
// seconds on a loaded machine), so they get more than the default 30 s.
const childProcessTimeout = 120_000

describe("highlevel-export", () => {
  it("names its strategy above the progress line on a terminal, and the flags that switched it", () => {
    expect(ExportCommand.strategyLine({ strategy: "endpoint", explicit: false, filters: [] })).toBe(
      "highlevel-export: strategy endpoint: the location export endpoint, 500 messages a page, emails in a second " +
        "walk (default)"
    )
    expect(
      ExportCommand.strategyLine({
        strategy: "conversations",
        explicit: false,
        filters: ["assignedTo", "lastMessageType"]
      })
    ).toBe(
      "highlevel-export: strategy conversations: one listing per conversation: --assigned-to, --last-message-type " +
        "select conversations, which the export endpoint cannot"
    )
    expect(ExportCommand.strategyLine({ strategy: "conversations", explicit: true, filters: [] })).toBe(
      "highlevel-export: strategy conversations: one listing per conversation (asked for)"
    )
  })

  it.live("--help explains every flag and exits 0", () =>
    Effect.gen(function*() {
      const run = yield* cli(["--help"])
      expect(run.code).toBe(0)
      for (
        const flag of [
          "--location",
          "--strategy",
          "--output",
          "--status",
          "--assigned-to",
          "--contact-id",
          "--query",
          "--last-message-type",
          "--last-message-direction",
          "--last-message-action",
          "--start-date",
          "--end-date",
          "--message-type",
          "--limit",
          "--concurrency",
          "--checkpoint",
          "--resume",
          "--base-url"
        ]
      ) {
        expect(run.stdout).toContain(flag)
      }
      expect(run.stdout).toContain("HIGHLEVEL_TOKEN")
      expect(run.stdout).toContain("Exit codes")
      // Every option carries a description of our own, not only the parser's type line.
      expect(run.stdout.match(/This setting is optional\./g)?.length).toBeGreaterThanOrEqual(18)
    }))

  it.live("--help into a pipe is plain text, each option's own description first, no generic type sentence", () =>
    Effect.gen(function*() {
      const run = yield* cli(["--help"]) // stdout is a pipe here, as in `--help > file` or `--help | less`
      expect(run.code).toBe(0)
      expect(run.stdout).not.toContain("\x1b")
      for (const sentence of ["A user-defined piece of text.", "An integer.", "A true or false value."]) {
        expect(run.stdout).not.toContain(sentence)
      }
      expect(run.stdout).not.toContain("One of the following:")
      // The paragraph right under each option's heading is the description written for it.
      const firstParagraph = (heading: string) => {
        const lines = run.stdout.split("\n")
        const at = lines.indexOf(heading)
        expect(at).toBeGreaterThan(-1)
        return lines.slice(at + 1).find((line) => line.trim() !== "")?.trim()
      }
      expect(firstParagraph("(-l, --location ID)")).toBe(
        "The location (sub-account) to export. Default: $HIGHLEVEL_LOCATION_ID."
      )
      expect(firstParagraph("--status all | read | unread | starred | recents")).toBe(
        "Only conversations with this status."
      )
      expect(firstParagraph("--limit N")).toMatch(/^At most N conversations/)
      expect(firstParagraph("--strategy endpoint | conversations")).toMatch(
        /^How messages are read\. "endpoint": the location export endpoint, 500 messages a page, emails in a second/
      )
      expect(run.stdout).toMatch(/Default: endpoint, or\s+conversations when one of those is given/)
      expect(firstParagraph("--resume")).toMatch(/^Continue the export recorded in --checkpoint/)
      expect(firstParagraph("--base-url URL")).toMatch(/^The API to talk to/)
    }))

  it.live("fails with one line and exit 2 without a token, or with a bad flag", () =>
    Effect.gen(function*() {
      const [noToken, badFlag, badDate] = yield* Effect.all([
        cli(["--location", "abc", "--output", "/dev/null"]),
        cli(["--concurrency", "many"], { HIGHLEVEL_TOKEN: "x" }),
        cli(["--start-date", "yesterday-ish"], { HIGHLEVEL_TOKEN: "x" })
      ], { concurrency: 3 })
      expect(noToken.code).toBe(2)
      expect(oneLine(noToken.stderr)).toBe(
        "highlevel-export: HIGHLEVEL_TOKEN is not set (a Private Integration Token or OAuth access token)"
      )
      expect(badFlag.code).toBe(2)
      expect(oneLine(badFlag.stderr)).toContain("many")
      expect(badDate.code).toBe(2)
      expect(oneLine(badDate.stderr)).toContain("--start-date")
    }))

  it.live("a bad strategy or --strategy endpoint with a conversation filter: one line, exit 2, no request", () =>
    withMock((mock) =>
      Effect.gen(function*() {
        const env = {
          HIGHLEVEL_TOKEN: mock.token,
          HIGHLEVEL_BASE_URL: mock.url,
          HIGHLEVEL_LOCATION_ID: mock.locationId
        }
        const [filtered, unknown] = yield* Effect.all([
          cli(["--strategy", "endpoint", "--status", "unread", "--limit", "3", "-o", "-"], env),
          cli(["--strategy", "search", "-o", "-"], env)
        ], { concurrency: 2 })
        expect(filtered.code).toBe(2)
        expect(oneLine(filtered.stderr)).toBe(
          "highlevel-export: --strategy endpoint cannot apply the conversation filters --status, --limit: use " +
            "--strategy conversations, or drop them"
        )
        expect(filtered.stdout).toBe("")
        expect(unknown.code).toBe(2)
        expect(oneLine(unknown.stderr)).toMatch(/one of the following cases: endpoint, conversations/)
        expect(mock.requests()).toBe(0)
      })
    ))

  it.live(
    "an unreadable checkpoint, one that is not a checkpoint, a cursor the server refuses: one line, exit 1",
    () =>
      withMock((mock) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const env = { HIGHLEVEL_TOKEN: mock.token, HIGHLEVEL_RATE_LIMIT: "0" }
          const args = (name: string) => [
            "--base-url",
            mock.url,
            "--location",
            mock.locationId,
            "-o",
            `${mock.dir}/${name}.ndjson`,
            "--checkpoint",
            `${mock.dir}/${name}.ckpt`,
            "--resume"
          ]
          // A directory where the checkpoint should be; another program's file; a journal whose messages walk goes
          // on from a cursor the server never handed out.
          yield* fs.makeDirectory(`${mock.dir}/directory.ckpt`)
          yield* fs.writeFileString(`${mock.dir}/other.ckpt`, "{\"id\":\"msg1\"}\n")
          const done = yield* cli(args("bad-cursor"), env)
          expect(done.code).toBe(0)
          const [header] = (yield* fs.readFileString(`${mock.dir}/bad-cursor.ckpt`)).split("\n")
          yield* fs.writeFileString(
            `${mock.dir}/bad-cursor.ckpt`,
            `${header}\n${JSON.stringify({ walk: "messages", cursor: "never-handed-out", bytes: 0, counts: [] })}\n`
          )
          const [directory, other, badCursor] = yield* Effect.all([
            cli(args("directory"), env),
            cli(args("other"), env),
            cli(args("bad-cursor"), env)
          ], { concurrency: 3 })
          expect(directory.code).toBe(1)
          expect(oneLine(directory.stderr)).toMatch(/^highlevel-export: cannot read checkpoint \S+directory\.ckpt/)
          expect(other.code).toBe(1)
          expect(oneLine(other.stderr)).toMatch(/other\.ckpt is not an export checkpoint/)
          expect(yield* fs.readFileString(`${mock.dir}/other.ckpt`)).toBe("{\"id\":\"msg1\"}\n")
          expect(badCursor.code).toBe(1)
          expect(oneLine(badCursor.stderr)).toMatch(
            /^highlevel-export: the server refused the cursor checkpoint \S+ recorded for the messages walk \(messages\.exportPage: invalid request \(400\)/
          )
        })
      ),
    childProcessTimeout
  )

  it.live(
    "exports against the mock, refuses a stale checkpoint without --resume, resumes with it",
    () =>
      withMock((mock) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const output = `${mock.dir}/out.ndjson`
          const args = [
            "--base-url",
            mock.url,
            "--location",
            mock.locationId,
            "-o",
            output,
            "--checkpoint",
            `${output}.ckpt`
          ]
          const env = { HIGHLEVEL_TOKEN: mock.token, HIGHLEVEL_RATE_LIMIT: "0" }

          const first = yield* cli(args, env)
          expect(first.code).toBe(0)
          expect(first.stdout).toBe("")
          const text = yield* fs.readFileString(output)
          expect(idsOf(text).sort()).toEqual(mock.messagesOf().sort())
          expect(first.stderr).toContain(`Exported ${mock.messagesOf().length} messages of 50 conversations`)
          expect(first.stderr).toContain(
            "strategy endpoint: the location export endpoint, 500 messages a page, emails in a second walk (default)"
          )
          expect(first.stderr).not.toContain("\x1b[") // stderr is not a terminal: no progress redraws

          const again = yield* cli(args, env)
          expect(again.code).toBe(1)
          expect(oneLine(again.stderr)).toContain("--resume")

          const resumed = yield* cli([...args, "--resume"], env)
          expect(resumed.code).toBe(0)
          expect(resumed.stderr).toContain(`${mock.messagesOf().length} messages came from an earlier run`)
          expect(yield* fs.readFileString(output)).toBe(text)
        })
      ),
    childProcessTimeout
  )

  it.live("writes NDJSON to stdout with filters, and fails with one line and exit 1 on a rejected token", () =>
    withMock((mock) =>
      Effect.gen(function*() {
        const env = {
          HIGHLEVEL_TOKEN: mock.token,
          HIGHLEVEL_BASE_URL: mock.url,
          HIGHLEVEL_LOCATION_ID: mock.locationId
        }
        const unread = yield* cli(["--status", "unread", "--output", "-"], env)
        expect(unread.code).toBe(0)
        const expected = mock.messagesOf((c) => (c.unreadCount ?? 0) > 0)
        expect(expected.length).toBeGreaterThan(0)
        expect(idsOf(unread.stdout).sort()).toEqual(expected.sort())
        // A conversation filter: the per-conversation strategy, and the summary says why.
        expect(unread.stderr).toContain(
          "strategy conversations: one listing per conversation: --status selects conversations, which the export " +
            "endpoint cannot"
        )

        const rejected = yield* cli(["-o", "-"], { ...env, HIGHLEVEL_TOKEN: "not-a-valid-token" })
        expect(rejected.code).toBe(1)
        expect(rejected.stdout).toBe("")
        expect(oneLine(rejected.stderr)).toMatch(/^highlevel-export: messages\.exportPage: unauthorized \(401\)/)
      })
    ))

  it.live(
    "on SIGINT stops between conversations, exits 130 with one line, and --resume completes exactly once",
    () =>
      withMock((mock) =>
        Effect.gen(function*() {
          const fs = yield* FileSystem.FileSystem
          const output = `${mock.dir}/out.ndjson`
          const checkpoint = `${output}.ckpt`
          const args = ["--base-url", mock.url, "--location", mock.locationId, "-o", output, "--checkpoint", checkpoint]
          const env = { HIGHLEVEL_TOKEN: mock.token, HIGHLEVEL_RATE_LIMIT: "0" }
          // Slow pages, one conversation at a time: the export is still running when the signal comes.
          mock.setFaults([MockFaults.rule("getMessages", MockFaults.latency(40))])
          let child: ChildProcess | undefined
          const running = yield* Effect.fork(
            cli([...args, "--strategy", "conversations", "--concurrency", "1", "--resume"], env, (c) => (child = c))
          )
          // Wait for the header and two commits in the journal, polled every 25 ms. The bound covers the child's start-up
          // too (tsx compiling the CLI takes ~1 s on an idle machine, 6 s and more on a loaded one), so it is generous;
          // the export itself cannot finish first: 50 conversations at 40 ms a page take over 2 s.
          yield* fs.readFileString(checkpoint).pipe(
            Effect.orElseSucceed(() => ""),
            Effect.repeat({ until: (text) => text.split("\n").length > 3, schedule: Schedule.spaced("25 millis") }),
            Effect.timeout("60 seconds")
          )
          child?.kill("SIGINT")
          const interrupted = yield* Fiber.join(running)
          expect(interrupted.code).toBe(130)
          expect(oneLine(interrupted.stderr)).toBe(
            "highlevel-export: interrupted; rerun with the same --checkpoint and --resume to continue"
          )
          const partial = idsOf(yield* fs.readFileString(output))
          expect(partial.length).toBeLessThan(mock.messagesOf().length)

          mock.setFaults([])
          const resumed = yield* cli([...args, "--strategy", "conversations", "--resume"], env)
          expect(resumed.code).toBe(0)
          const ids = idsOf(yield* fs.readFileString(output))
          expect(ids.slice(0, partial.length)).toEqual(partial)
          expect([...ids].sort()).toEqual(mock.messagesOf().sort())
        })
      ),
    childProcessTimeout
  )
})
