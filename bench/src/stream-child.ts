/**
 * One streaming run in a fresh process (started by `Streaming.ts`): it streams every message of a synthetic dataset
 * from the bench server, counting them with `Stream.runFold` (never collecting), samples its own memory on an
 * interval, and reports over IPC.
 *
 * @since 0.1.0
 */
import { ConversationsClient } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import * as v8 from "node:v8"
import { datasetLocation } from "./BenchServer.js"
import * as Clients from "./Clients.js"
import * as StreamRun from "./StreamRun.js"

const input = StreamRun.decodeInput(process.argv[2])
const runtime = ManagedRuntime.make(Clients.clientLayer(input.baseUrl, input.transport))
await runtime.runtime()

const gc = typeof globalThis.gc === "function" ? globalThis.gc : undefined
gc?.()
const baseline = process.memoryUsage()
let peakHeap = baseline.heapUsed
let peakRss = baseline.rss
const sample = () => {
  const usage = process.memoryUsage()
  if (usage.heapUsed > peakHeap) peakHeap = usage.heapUsed
  if (usage.rss > peakRss) peakRss = usage.rss
}
const sampler = setInterval(sample, input.sampleEveryMs)
// The peak above includes garbage and so depends on when V8 chooses to collect (a short run ends before the heap has
// grown to its working size). Forcing a full GC every `liveEvery` messages and reading the heap right after gives the
// memory the stream really retains, which is what "constant memory" is about.
const liveEvery = 25_000
let peakLiveHeap = baseline.heapUsed
const sampleLive = () => {
  gc?.()
  const { heapUsed } = process.memoryUsage()
  if (heapUsed > peakLiveHeap) peakLiveHeap = heapUsed
}

const program = Effect.gen(function*() {
  const client = yield* ConversationsClient.ConversationsClient
  const stream = input.workload === "one"
    ? client.listMessages(StreamRun.longConversation(input.messagesPerConversation))
    : client.listAllMessages(
      { locationId: datasetLocation(input.conversations, input.messagesPerConversation) },
      { concurrency: input.concurrency }
    )
  // Count only: the run must hold one page per stream, whatever the total.
  return yield* Stream.runFold(stream, 0, (count) => {
    if (count % 10_000 === 0) sample()
    if (count > 0 && count % liveEvery === 0) sampleLive()
    return count + 1
  })
})

const started = performance.now()
const messages = await runtime.runPromise(program)
const seconds = (performance.now() - started) / 1000
sample()
clearInterval(sampler)
await runtime.dispose()

const output: StreamRun.Output = {
  messages,
  seconds,
  baselineHeapBytes: baseline.heapUsed,
  peakHeapBytes: peakHeap,
  peakLiveHeapBytes: peakLiveHeap,
  baselineRssBytes: baseline.rss,
  peakRssBytes: peakRss,
  heapLimitBytes: v8.getHeapStatistics().heap_size_limit
}
process.send?.(output, () => process.exit(0))
