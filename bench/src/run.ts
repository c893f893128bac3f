/**
 * `pnpm bench`: runs every benchmark on this machine, in one run, and writes `bench/results.json` and
 * `bench/RESULTS.md` (and the same table in `bench/README.md`). `--smoke` runs tiny sizes in seconds and writes only `bench/results.tmp.json` (ignored by
 * git), failing if any required result is missing: CI runs it so the suite cannot rot. `--only=requests,decode`
 * runs a subset (nothing is written over the committed results, unless `--merge` asks for its keys to be merged
 * in).
 *
 * @since 0.1.0
 */
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import { fileURLToPath } from "node:url"
import * as Child from "./Child.js"
import type { Transport } from "./Clients.js"
import * as Decode from "./Decode.js"
import * as MockLatency from "./MockLatency.js"
import * as MockMixed from "./MockMixed.js"
import * as Overhead from "./Overhead.js"
import * as RateBudget from "./RateBudget.js"
import * as Report from "./Report.js"
import * as Requests from "./Requests.js"
import { log } from "./Stats.js"
import * as Streaming from "./Streaming.js"
import * as Webhooks from "./Webhooks.js"

// The sync's figures come from the examples package (it owns the sync and its databases), run in a child process
// with `--expose-gc` for the heap figure; its last stdout line is the results as JSON. The live mirror's latency
// (`bench-live.ts`, in the webhooks section) runs the same way.
function runSync(smokeRun: boolean, script = "bench-sync.ts"): Promise<Record<string, number | string>> {
  const entry = fileURLToPath(new URL(`../../packages/examples/src/${script}`, import.meta.url))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", "--import", "tsx", entry, ...(smokeRun ? ["--smoke"] : [])], {
      cwd: fileURLToPath(new URL("../../packages/examples/", import.meta.url)),
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk))
    child.on("error", reject)
    child.on("close", (code) => {
      const last = out.trimEnd().split("\n").at(-1) ?? ""
      if (code !== 0 || last === "") return reject(new Error(`${script} exited with ${code}`))
      resolve(JSON.parse(last) as Record<string, number | string>)
    })
  })
}

// The README carries the same table between two markers; the rest of the README is left as it is.
function writeTables(dir: string, table: string): void {
  fs.writeFileSync(`${dir}RESULTS.md`, resultsMarkdown(table))
  const readme = fs.readFileSync(`${dir}README.md`, "utf8")
  const start = readme.indexOf("<!-- results:start")
  const end = readme.indexOf("<!-- results:end -->")
  if (start < 0 || end < start) return
  const startLineEnd = readme.indexOf("\n", start) + 1
  fs.writeFileSync(`${dir}README.md`, `${readme.slice(0, startLineEnd)}\n${table}\n${readme.slice(end)}`)
}

function resultsMarkdown(table: string): string {
  return `# Benchmark results\n\nWritten by \`pnpm bench\` (see README.md); the raw figures are in results.json.\n\n${table}`
}

const sections = [
  "requests",
  "decode",
  "overhead",
  "stream",
  "mock",
  "mixed",
  "rate_budget",
  "webhooks",
  "sync"
] as const
type Section = typeof sections[number]

// The keys a section writes (what `--merge` replaces): `${section}.*`, except for the two mock sections, which share
// the `mock.` prefix (the mixed load's keys are `mock.mixed.*` and `mock.export_page_500.*`).
const mixedPrefixes = ["mock.mixed.", "mock.export_page_500.", "mixed."]
// The requests section also writes the per-request kinds' keys (`get.*`, `messages100.*`) and the headline transport.
const requestsPrefixes = ["requests.", "get.", "messages100.", "client."]
const owns = (section: Section, key: string): boolean =>
  section === "requests"
    ? requestsPrefixes.some((prefix) => key.startsWith(prefix))
    : section === "mixed"
    ? mixedPrefixes.some((prefix) => key.startsWith(prefix))
    : key.startsWith(`${section}.`) && !(section === "mock" && mixedPrefixes.some((prefix) => key.startsWith(prefix)))

const args = process.argv.slice(2)
const benchDir = fileURLToPath(new URL("..", import.meta.url))

// `--render`: rewrite RESULTS.md from results.json (after a change to the table's layout), running nothing.
if (args.includes("--render")) {
  const saved: unknown = JSON.parse(fs.readFileSync(`${benchDir}results.json`, "utf8"))
  if (typeof saved !== "object" || saved === null) throw new Error("bench: results.json is not an object")
  const results = Object.fromEntries(
    Object.entries(saved).filter((entry): entry is [string, number | string] =>
      typeof entry[1] === "number" || typeof entry[1] === "string"
    )
  )
  writeTables(benchDir, Report.markdown(results))
  process.exit(0)
}
const smoke = args.includes("--smoke")
// `--merge` (with `--only=`): write the sections' keys into results.json, keeping the others.
const merge = args.includes("--merge")
// The mixed benchmark's mock process (never the load generator's): `--cpu-prof=DIR` runs it under `node --cpu-prof`,
// its profile written to DIR; `--trace-gc` prints its GC pauses.
const cpuProfDir = args.find((arg) => arg.startsWith("--cpu-prof="))?.slice("--cpu-prof=".length)
const mockNodeFlags = [
  ...(cpuProfDir === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`]),
  ...(args.includes("--trace-gc") ? ["--trace-gc"] : [])
]
const onlyArg = args.find((arg) => arg.startsWith("--only="))
const only: ReadonlyArray<Section> = onlyArg === undefined
  ? sections
  : sections.filter((section) => onlyArg.slice("--only=".length).split(",").includes(section))

const sizes = smoke
  ? {
    requests: { warmupRounds: 1, rounds: 3, getBatch: 10, pageBatch: 3 },
    decode: { warmupRounds: 1, rounds: 3, sliceMs: 20, maxIterations: 1_000 },
    overhead: { warmupRounds: 1, rounds: 2, getCalls: 20, pageCalls: 3 },
    stream: {
      oneConversationMessages: 1_000,
      manyConversations: 10,
      messagesPerConversation: 100,
      concurrency: 8,
      scales: [1, 2] as const,
      sampleEveryMs: 5,
      timeoutMs: 60_000
    },
    mock: { conversations: 500, messages: 10_000, requestsPerRoute: 100, warmupPerRoute: 10, maxSeconds: 20 },
    mixed: { conversations: 500, messages: 10_000, requests: 600, warmup: 50, exportPages: 10, maxSeconds: 20 },
    rateBudget: {
      main: {
        conversations: 12,
        messagesPerConversation: 3,
        burst: 6,
        intervalMs: 500,
        client: { limit: 6, interval: 500 }
      },
      sandbox: {
        conversations: 6,
        messagesPerConversation: 3,
        burst: 3,
        intervalMs: 500,
        client: { limit: 3, interval: 500 }
      },
      shared: {
        conversations: 6,
        messagesPerConversation: 3,
        burst: 6,
        intervalMs: 500,
        client: { limit: 6, interval: 500 }
      },
      concurrencies: [1, 4, 8, 16],
      latencyMs: 5
    },
    webhooks: { warmupRounds: 1, rounds: 2, sliceMs: 20, maxIterations: 300 }
  }
  : {
    requests: { warmupRounds: 3, rounds: 20, getBatch: 200, pageBatch: 60 },
    decode: { warmupRounds: 2, rounds: 15, sliceMs: 200, maxIterations: 100_000 },
    overhead: { warmupRounds: 2, rounds: 10, getCalls: 500, pageCalls: 50 },
    stream: {
      oneConversationMessages: 100_000,
      manyConversations: 1_000,
      messagesPerConversation: 100,
      concurrency: 8,
      scales: [1, 4] as const,
      sampleEveryMs: 10,
      timeoutMs: 300_000
    },
    mock: { conversations: 10_000, messages: 200_000, requestsPerRoute: 2_000, warmupPerRoute: 200, maxSeconds: 120 },
    mixed: {
      conversations: 10_000,
      messages: 200_000,
      requests: 10_000,
      warmup: 500,
      exportPages: 200,
      maxSeconds: 150
    },
    // Issue 12's workload under HighLevel's limits; the sandbox one is a quarter of it (25 per 10 s: about 30 s a run).
    rateBudget: {
      main: { conversations: 300, messagesPerConversation: 40, burst: 100, intervalMs: 10_000, client: undefined },
      sandbox: {
        conversations: 75,
        messagesPerConversation: 40,
        burst: 25,
        intervalMs: 10_000,
        client: "sandbox" as const
      },
      shared: { conversations: 150, messagesPerConversation: 40, burst: 100, intervalMs: 10_000, client: undefined },
      concurrencies: [1, 4, 8, 16],
      latencyMs: 100
    },
    webhooks: { warmupRounds: 2, rounds: 10, sliceMs: 200, maxIterations: 30_000 }
  }

const started = performance.now()
const results: Report.Results = { ...Report.machine(), "bench.smoke": smoke ? 1 : 0 }

const server = only.includes("requests") || only.includes("stream") ? await Child.startServer() : undefined
try {
  let transport: Transport = "undici"
  if (server !== undefined && only.includes("requests")) {
    log(`requests: ${sizes.requests.rounds} rounds against ${server.url}`)
    Object.assign(results, await Requests.run(server.url, sizes.requests))
    transport = results["client.headline_transport"] === "fetch" ? "fetch" : "undici"
  }
  if (only.includes("decode")) {
    log("decode")
    Object.assign(results, Decode.run(sizes.decode))
  }
  if (only.includes("overhead")) {
    log("overhead")
    Object.assign(results, await Overhead.run(sizes.overhead))
  }
  if (server !== undefined && only.includes("stream")) {
    log(`stream: over ${transport}`)
    Object.assign(results, await Streaming.run(server.url, transport, sizes.stream))
  }
} finally {
  await server?.stop()
}
if (only.includes("mock")) {
  log("mock")
  Object.assign(results, await MockLatency.run(sizes.mock))
}
if (only.includes("mixed")) {
  log("mock: mixed 90/10 load")
  Object.assign(results, await MockMixed.run({ ...sizes.mixed, mockNodeFlags }))
}
if (only.includes("rate_budget")) {
  log("rate_budget (minutes: every run waits for the rate limit)")
  Object.assign(results, await RateBudget.run(sizes.rateBudget))
}
if (only.includes("webhooks")) {
  log("webhooks")
  Object.assign(results, Webhooks.run(sizes.webhooks))
  log("webhooks: end to end, mock write → webhook → live mirror → SQLite row, 100 writes/s")
  Object.assign(results, await runSync(smoke, "bench-live.ts"))
}
if (only.includes("sync")) {
  log("sync")
  Object.assign(results, await runSync(smoke))
}
results["machine.loadavg_1m_end"] = Math.round((os.loadavg()[0] ?? Number.NaN) * 100) / 100
results["bench.total_s"] = Math.round((performance.now() - started) / 100) / 10

// `--only=sync` (a full-size run) merges its keys into the committed results instead of a temporary file.
if (!smoke && only.length === 1 && only[0] === "sync") {
  const saved = JSON.parse(fs.readFileSync(`${benchDir}results.json`, "utf8")) as Report.Results
  const merged = {
    ...saved,
    ...Object.fromEntries(
      Object.entries(results).filter(([key]) => key.startsWith("sync.") || key.startsWith("export."))
    )
  }
  fs.writeFileSync(`${benchDir}results.json`, `${JSON.stringify(merged, null, 2)}\n`)
  log(`merged the sync figures into ${benchDir}results.json`)
  process.exit(0)
}

const table = Report.markdown(results)
process.stdout.write(table)
const complete = only.length === sections.length
const problems = complete ? Report.problems(results) : []
if (merge && !smoke && !complete) {
  // A section run again on its own (the rate budget takes minutes): its keys replace that section's keys in
  // results.json, every other key stays as the last full run wrote it.
  const saved: unknown = JSON.parse(fs.readFileSync(`${benchDir}results.json`, "utf8"))
  if (typeof saved !== "object" || saved === null) throw new Error("bench: results.json is not an object")
  const kept = Object.fromEntries(
    Object.entries(saved).filter((entry): entry is [string, number | string] =>
      (typeof entry[1] === "number" || typeof entry[1] === "string") &&
      !only.some((section) => owns(section, entry[0]))
    )
  )
  const fresh = Object.fromEntries(
    Object.entries(results).filter(([key]) => only.some((section) => owns(section, key)))
  )
  const stamp = Object.fromEntries(only.flatMap((section) => [
    [`${section}.date`, String(results.date)],
    [`${section}.loadavg_1m_start`, results["machine.loadavg_1m_start"] ?? Number.NaN],
    [`${section}.loadavg_1m_end`, results["machine.loadavg_1m_end"] ?? Number.NaN]
  ]))
  const merged = { ...kept, ...fresh, ...stamp }
  fs.writeFileSync(`${benchDir}results.json`, `${JSON.stringify(merged, null, 2)}\n`)
  writeTables(benchDir, Report.markdown(merged))
  log(`merged ${only.join(", ")} into ${benchDir}results.json, RESULTS.md and the table in README.md`)
} else if (smoke || !complete) {
  fs.writeFileSync(`${benchDir}results.tmp.json`, `${JSON.stringify(results, null, 2)}\n`)
  log(`wrote ${benchDir}results.tmp.json`)
} else {
  fs.writeFileSync(`${benchDir}results.json`, `${JSON.stringify(results, null, 2)}\n`)
  writeTables(benchDir, table)
  log(`wrote ${benchDir}results.json, RESULTS.md and the table in README.md`)
}
if (problems.length > 0) {
  log(`incomplete results: ${problems.join(", ")}`)
  process.exitCode = 1
}
