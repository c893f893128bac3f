/**
 * Measures the export command with both strategies: throughput and the exporter's memory for exports of different
 * shapes, to show that memory does not grow with the number of messages on either. The mock runs in this process
 * (rate limits off); the exporter runs the real command (`ExportCommand.main`) in a child process started with
 * `--expose-gc`, which samples its live heap after a full GC once a second; its resident memory is sampled from /proc
 * (Linux).
 *
 * Run: `pnpm --filter @highlevel-effect/examples bench:export` (add `--quick` for each strategy's small case only).
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Effect from "effect/Effect"
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import * as ExportCommand from "./ExportCommand.js"
import type { Strategy } from "./ExportMessages.js"

interface Case {
  readonly name: string
  readonly strategy: Strategy
  readonly conversations: number
  readonly messagesPerConversation: number
  /** Without `--checkpoint`: no journal, no fsync per conversation (or page). */
  readonly checkpoint: boolean
}

// The same shapes for both strategies. Wide and deep are the conversations strategy's extremes (its cost is per
// conversation); the endpoint reads the location in pages of 500 whatever the shape, so for it they are the same
// 100,000 messages cut two ways, and its large case doubles them to show the heap does not follow.
const shapes = (strategy: Strategy): ReadonlyArray<Case> => [
  {
    name: "small: 200 conversations × 50",
    strategy,
    conversations: 200,
    messagesPerConversation: 50,
    checkpoint: true
  },
  {
    name: "wide: 2,000 conversations × 50",
    strategy,
    conversations: 2_000,
    messagesPerConversation: 50,
    checkpoint: true
  },
  { name: "wide, no checkpoint", strategy, conversations: 2_000, messagesPerConversation: 50, checkpoint: false },
  {
    name: "deep: 4 conversations × 25,000",
    strategy,
    conversations: 4,
    messagesPerConversation: 25_000,
    checkpoint: true
  }
]

const cases: ReadonlyArray<Case> = [
  ...shapes("conversations"),
  ...shapes("endpoint"),
  {
    name: "large: 2,000 conversations × 100",
    strategy: "endpoint",
    conversations: 2_000,
    messagesPerConversation: 100,
    checkpoint: true
  }
]

const rssKiB = (pid: number): number | undefined => {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))
    return match?.[1] !== undefined ? Number(match[1]) : undefined
  } catch {
    return undefined // the process has exited
  }
}

const runCase = async (c: Case) => {
  const mock = HighLevelMock.make({
    seed: 42,
    conversations: c.conversations,
    messagesPerConversation: c.messagesPerConversation,
    rateLimit: false
  })
  const { locationId, token } = mock.credentials
  const expected = mock.store.conversationsOf(locationId)
    .reduce((sum, conversation) => sum + mock.store.messagesOf(conversation.id).length, 0)
  const server = await MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1" })
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-export-"))
  const output = path.join(dir, "out.ndjson")
  try {
    const started = performance.now()
    const child = spawn(process.execPath, [
      "--expose-gc",
      "--import",
      "tsx",
      path.join(import.meta.dirname, "bench-export.ts"),
      "--child",
      "--base-url",
      server.url,
      "--location",
      locationId,
      "--output",
      output,
      ...(c.checkpoint ? ["--checkpoint", `${output}.checkpoint`] : []),
      "--strategy",
      c.strategy,
      "--concurrency",
      "4"
    ], {
      env: { ...process.env, HIGHLEVEL_TOKEN: token, HIGHLEVEL_RATE_LIMIT: "0" },
      stdio: ["ignore", "ignore", "pipe"]
    })
    let peak = 0
    const sampler = setInterval(() => {
      const rss = child.pid !== undefined ? rssKiB(child.pid) : undefined
      if (rss !== undefined && rss > peak) peak = rss
    }, 20)
    let stderr = ""
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
    // Bounded: a run that takes more than 5 minutes is a failure, not a figure.
    const killer = setTimeout(() => child.kill("SIGKILL"), 300_000)
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve))
    clearInterval(sampler)
    clearTimeout(killer)
    const seconds = (performance.now() - started) / 1000
    if (code !== 0) throw new Error(`${c.name}: exit ${code}: ${stderr.trim()}`)
    const heap = /^heap (\d+) (\d+)$/m.exec(stderr)
    const text = await fs.readFile(output, "utf8")
    const lines = text.split("\n").filter((line) => line !== "").length
    if (lines !== expected) throw new Error(`${c.name}: ${lines} lines exported, ${expected} expected`)
    return {
      name: c.name,
      strategy: c.strategy,
      messages: lines,
      seconds,
      perSecond: Math.round(lines / seconds),
      peakMiB: Math.round(peak / 1024),
      heapStartMiB: heap?.[1] !== undefined ? Number(heap[1]) / 1024 / 1024 : Number.NaN,
      heapPeakMiB: heap?.[2] !== undefined ? Number(heap[2]) / 1024 / 1024 : Number.NaN,
      outputMiB: Math.round((Buffer.byteLength(text) / 1024 / 1024) * 10) / 10
    }
  } finally {
    await server.close()
    await fs.rm(dir, { recursive: true, force: true })
  }
}

// Child mode: the export command itself, plus a live-heap probe (full GC, then heapUsed) reported on stderr.
const child = async () => {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error("the child needs --expose-gc")
  const live = () => {
    gc()
    return process.memoryUsage().heapUsed
  }
  const start = live()
  let peak = start
  // Once a second: a full GC costs tens of ms, which would otherwise skew the throughput figures.
  const probe = setInterval(() => (peak = Math.max(peak, live())), 1_000)
  const argv = process.argv.filter((arg) => arg !== "--child")
  const code = await Effect.runPromise(ExportCommand.main(argv).pipe(Effect.provide(NodeContext.layer)))
  clearInterval(probe)
  process.stderr.write(`heap ${start} ${Math.max(peak, live())}\n`)
  process.exitCode = code
}

type Result = Awaited<ReturnType<typeof runCase>>

const table = (results: ReadonlyArray<Result>): string =>
  "| case | messages | seconds | messages/s | live heap: start → peak | peak RSS | output |\n" +
  "| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n" +
  results.map((r) =>
    `| ${r.name} | ${r.messages.toLocaleString("en-US")} | ${r.seconds.toFixed(1)} | ${
      r.perSecond.toLocaleString("en-US")
    } | ${r.heapStartMiB.toFixed(1)} → ${r.heapPeakMiB.toFixed(1)} MiB | ${r.peakMiB} MiB | ${r.outputMiB} MiB |`
  ).join("\n") + "\n"

async function parent() {
  const quick = process.argv.includes("--quick")
  // Throughput depends on the load of a shared machine (memory does not): the 1-minute load before and after.
  const loadBefore = os.loadavg()[0] ?? Number.NaN
  // Quick: each strategy's small case (the first of its shapes).
  const chosen = quick ? cases.filter((c) => c.name === cases[0]?.name) : cases
  const results: Array<Result> = []
  for (const c of chosen) results.push(await runCase(c))
  const strategies = [...new Set(results.map((r) => r.strategy))]
  process.stdout.write(
    `export command, concurrency 4, mock in-process on 127.0.0.1, Node ${process.version}, ${os.cpus().length} cores, ` +
      `load average (1 min) ${loadBefore.toFixed(2)} → ${(os.loadavg()[0] ?? Number.NaN).toFixed(2)}\n` +
      strategies.map((strategy) =>
        `\n--strategy ${strategy}\n\n${table(results.filter((r) => r.strategy === strategy))}`
      ).join("")
  )
}

// Last: the top-level await must not run before the declarations above are initialized.
if (process.argv.includes("--child")) {
  await child()
} else {
  await parent()
}
