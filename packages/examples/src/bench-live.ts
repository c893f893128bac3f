/**
 * The live mirror's end-to-end latency, for `pnpm bench --only=webhooks` (which spawns this and merges what it
 * prints into `bench/results.json`): from a mock write to its row in the database, at a fixed rate, over real HTTP on
 * 127.0.0.1. The mock runs as its own process (its CLI: seed 42, 50 conversations, no rate limit), as HighLevel would;
 * this process runs the receiver on an `@effect/platform-node` server and the mirror writing a temp SQLite file, and
 * sends the writes. Each write is a `POST /__mock/inbound` (a
 * contact sends an SMS), round robin over the conversations, sent on a fixed schedule whatever the answers (open
 * loop); its latency runs from just before that POST to the moment the mirror published the event as applied (its
 * rows committed). The subscription takes `InboundMessage` only, so one write is one event (the message event
 * refreshes the conversation's row anyway). `--smoke`: 50 writes. The last stdout line is the results as JSON;
 * progress goes to stderr.
 *
 * @since 0.2.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpServer from "@effect/platform/HttpServer"
import { ConversationsClient, Webhooks } from "@highlevel-effect/client"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Queue from "effect/Queue"
import { type ChildProcess, spawn } from "node:child_process"
import * as fs from "node:fs"
import { createServer } from "node:http"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as OfflineDev from "./OfflineDev.js"
import * as Dialect from "./sync/Dialect.js"
import * as Requests from "./sync/Requests.js"
import * as LiveSync from "./webhooks/LiveSync.js"

const smoke = process.argv.includes("--smoke")
const sizes = {
  perSecond: 100,
  writes: smoke ? 50 : Number(process.env.BENCH_LIVE_WRITES ?? 1_000),
  warmup: smoke ? 10 : 100,
  conversations: 50
}

const results: Record<string, number> = {}
const log = (text: string) => process.stderr.write(`bench-live: ${text}\n`)
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits
const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN

// The Clock's time (what `Applied.atMillis` is stamped with), to the microsecond.
const nowMillis = Effect.map(Clock.currentTimeNanos, (nanos) => Number(nanos / 1000n) / 1000)

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-live-"))

// The mock's CLI in a child process; answers what its start printed (`export NAME=value` lines) once it listens.
const mockProcess = Effect.acquireRelease(
  Effect.async<{ readonly child: ChildProcess; readonly env: Record<string, string> }, Error>((resume) => {
    const child = spawn(process.execPath, [
      "--import",
      "tsx",
      fileURLToPath(new URL("../../mock-server/src/bin.ts", import.meta.url)),
      ...["--port", "0", "--seed", "42", "--conversations", String(sizes.conversations)],
      ...["--messages", String(sizes.conversations * 4), "--no-rate-limit", "--webhook-time-scale", "0.0001"]
    ], { stdio: ["ignore", "pipe", "inherit"] })
    const env: Record<string, string> = {}
    let out = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk
      for (const match of out.matchAll(/^export (\w+)=(.*)$/gm)) env[match[1] ?? ""] = match[2] ?? ""
      if (out.includes("Ctrl-C")) resume(Effect.succeed({ child, env }))
    })
    child.once("exit", (code) => resume(Effect.fail(new Error(`the mock exited (${code}) before it listened`))))
  }).pipe(Effect.timeoutFail({ duration: "60 seconds", onTimeout: () => new Error("the mock did not start") })),
  ({ child }) => Effect.sync(() => child.kill())
)

// The mock's control API.
const controlOf = (baseUrl: string) => (route: string, init?: RequestInit) =>
  Effect.promise(() => fetch(`${baseUrl}/__mock/${route}`, init).then((r) => r.json() as Promise<unknown>))

// The receiver on its own server, subscribed to the mock's `InboundMessage`s, and the mirror on a temp SQLite file:
// answers the mirror's applied events and the location's conversations.
const setup = (env: Record<string, string>) =>
  Effect.gen(function*() {
    const baseUrl = env.HIGHLEVEL_BASE_URL ?? ""
    const credentials = { token: env.HIGHLEVEL_TOKEN ?? "", locationId: env.HIGHLEVEL_LOCATION_ID ?? "" }
    const { locationId } = credentials
    const control = controlOf(baseUrl)
    const services = yield* Layer.build(Layer.mergeAll(
      ConversationsClient.layerConfig().pipe(
        Layer.provideMerge(Requests.layer),
        Layer.provide(NodeHttpClient.layerUndici),
        Layer.provide(
          Layer.setConfigProvider(OfflineDev.mockConfigProvider({ baseUrl, ...credentials, rateLimit: false }))
        )
      ),
      Dialect.layer({ _tag: "Sqlite", file: path.join(tempDir, "live.db") })
    ))
    const receiver = yield* Webhooks.make({ publicKey: env.HIGHLEVEL_WEBHOOK_PUBLIC_KEY ?? "", queueCapacity: 4096 })
    const http = yield* Layer.build(NodeHttpServer.layer(() => createServer(), { port: 0, host: "127.0.0.1" }))
    yield* HttpServer.serveEffect(receiver.httpApp).pipe(Effect.provide(http))
    const url = yield* HttpServer.addressFormattedWith((address) => Effect.succeed(`${address}/webhooks`)).pipe(
      Effect.provide(http)
    )
    yield* control("webhooks/subscriptions", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url, locationId, events: ["InboundMessage"] })
    })
    const live = yield* LiveSync.start({ locationId }).pipe(
      Effect.provide(services),
      Effect.provideService(Webhooks.WebhookReceiver, receiver)
    )
    const applied = yield* live.applied
    const { locations } = (yield* control("locations")) as {
      readonly locations: ReadonlyArray<
        { readonly locationId: string; readonly conversationIds: ReadonlyArray<string> }
      >
    }
    const conversations = locations.find((l) => l.locationId === locationId)?.conversationIds ?? []
    return { baseUrl, applied, conversations }
  })

type Setup = Effect.Effect.Success<ReturnType<typeof setup>>

// The writes of a run, one `POST /__mock/inbound` per slot at `perSecond` whatever the answers (open loop): each
// message's send time, the answers' times, the failed writes.
const sendWrites = ({ baseUrl, conversations }: Setup, label: string, count: number) =>
  Effect.gen(function*() {
    const started = new Map<string, number>()
    const answered: Array<number> = []
    let failedWrites = 0
    const startedAt = yield* nowMillis
    const fibers: Array<Fiber.RuntimeFiber<void>> = []
    for (let i = 0; i < count; i++) {
      const slot = startedAt + (i * 1000) / sizes.perSecond
      const wait = slot - (yield* nowMillis)
      if (wait > 0) yield* Effect.sleep(wait)
      const conversationId = conversations[i % conversations.length] ?? ""
      fibers.push(
        yield* Effect.gen(function*() {
          const at = yield* nowMillis
          // A write that fails (a connection reset under load) is counted, not fatal: it has no event to wait for.
          const response = yield* Effect.tryPromise(() =>
            fetch(`${baseUrl}/__mock/inbound`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ conversationId, type: "SMS", body: `${label} ${i}` })
            }).then((r) => r.json() as Promise<{ readonly messageId?: string }>)
          ).pipe(Effect.orElseSucceed(() => ({ messageId: undefined })))
          if (response.messageId === undefined) failedWrites++
          else started.set(response.messageId, at)
          answered.push((yield* nowMillis) - at)
        }).pipe(Effect.fork)
      )
    }
    yield* Fiber.joinAll(fibers)
    return { started, answered, failedWrites: () => failedWrites, startedAt }
  })

// Every write's event applied, bounded: a lost one shows up as a missing latency, not a hang.
const awaitApplied = ({ applied }: Setup, started: ReadonlyMap<string, number>) =>
  Effect.gen(function*() {
    const landed = new Map<string, number>()
    const deadline = (yield* nowMillis) + 30_000
    let gaps = 0
    let awaitingSync = 0
    while (landed.size < started.size && (yield* nowMillis) < deadline) {
      const batch = yield* Queue.takeBetween(applied, 1, 1024).pipe(Effect.timeoutOption("1 second"))
      if (batch._tag === "None") continue
      for (const event of Chunk.toReadonlyArray(batch.value)) {
        if (event.messageId !== undefined && started.has(event.messageId)) landed.set(event.messageId, event.atMillis)
        if (event.gap) gaps++
        // Published before the sync that writes its row: its latency is a floor.
        if (event.awaitsSync) awaitingSync++
      }
    }
    return { landed, gaps, awaitingSync }
  })

// `count` writes at `perSecond`; answers each message's latency (ms), in write order, and what went with them.
const run = (context: Setup, label: string, count: number) =>
  Effect.gen(function*() {
    const writes = yield* sendWrites(context, label, count)
    const { awaitingSync, gaps, landed } = yield* awaitApplied(context, writes.started)
    const latencies = [...writes.started].flatMap(([id, at]) => {
      const done = landed.get(id)
      return done === undefined ? [] : [done - at]
    })
    const sortedAnswers = [...writes.answered].sort((a, b) => a - b)
    return {
      latencies,
      missing: writes.started.size - landed.size,
      gaps,
      awaitingSync,
      batches: new Set(landed.values()).size,
      failedWrites: writes.failedWrites(),
      writeP50: percentile(sortedAnswers, 0.5),
      seconds: (Math.max(...landed.values()) - writes.startedAt) / 1000
    }
  })

type Measured = Effect.Effect.Success<ReturnType<typeof run>>

const report = (measured: Measured, cpu: NodeJS.CpuUsage) => {
  const sorted = [...measured.latencies].sort((a, b) => a - b)
  results["webhooks.e2e_latency_p50_ms"] = round(percentile(sorted, 0.5), 1)
  results["webhooks.e2e_latency_p99_ms"] = round(percentile(sorted, 0.99), 1)
  results["webhooks.e2e_latency_max_ms"] = round(sorted.at(-1) ?? Number.NaN, 1)
  results["webhooks.e2e_events_per_s"] = round(measured.latencies.length / measured.seconds, 1)
  results["webhooks.e2e_target_per_s"] = sizes.perSecond
  results["webhooks.e2e_events"] = measured.latencies.length
  results["webhooks.e2e_missing"] = measured.missing
  results["webhooks.e2e_gaps"] = measured.gaps
  results["webhooks.e2e_awaiting_sync"] = measured.awaitingSync
  results["webhooks.e2e_batches"] = measured.batches
  results["webhooks.e2e_failed_writes"] = measured.failedWrites
  // This process's CPU (receiver, mirror, client, SQLite, the writes' POSTs; not the mock's) per event: what the
  // machine's load cannot inflate much, unlike the latencies.
  results["webhooks.e2e_cpu_ms_per_event"] = round(
    (cpu.user + cpu.system) / 1000 / Math.max(1, measured.latencies.length)
  )
  results["webhooks.e2e_write_answer_p50_ms"] = round(measured.writeP50, 1)
}

const main = Effect.gen(function*() {
  const { env } = yield* mockProcess
  const context = yield* setup(env)
  log(`warm-up: ${sizes.warmup} writes at ${sizes.perSecond}/s`)
  yield* run(context, "warm-up", sizes.warmup)
  log(`measured: ${sizes.writes} writes at ${sizes.perSecond}/s`)
  const cpuBefore = process.cpuUsage()
  const measured = yield* run(context, "measured", sizes.writes)
  report(measured, process.cpuUsage(cpuBefore))
  log(JSON.stringify(results))
}).pipe(
  Effect.scoped,
  Effect.ensuring(Effect.sync(() => fs.rmSync(tempDir, { recursive: true, force: true })))
)

Effect.runPromise(main).then(
  () => process.stdout.write(`${JSON.stringify(results)}\n`),
  (error: unknown) => {
    log(`failed: ${String(error)}`)
    process.exitCode = 1
  }
)
