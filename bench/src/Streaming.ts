/**
 * Benchmark 3: streaming at scale. Every message of one long conversation (`listMessages`, pages of 100) and of many
 * conversations (`listAllMessages`, concurrency 8), each at two sizes, each size in a fresh child process started
 * with `--expose-gc` (a clean baseline, heaps never mix). The child counts with `Stream.runFold` and samples its
 * memory on an interval; the bench server runs in yet another process.
 *
 * @since 0.1.0
 */
import * as Child from "./Child.js"
import type { Transport } from "./Clients.js"
import { log, mb, round } from "./Stats.js"
import * as StreamRun from "./StreamRun.js"

/**
 * The sizes at scale 1 and the scales to run.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Messages of the long conversation at scale 1. */
  readonly oneConversationMessages: number
  /** Conversations of the many-conversations workload at scale 1. */
  readonly manyConversations: number
  readonly messagesPerConversation: number
  readonly concurrency: number
  /** The small and the large scale (e.g. 1 and 4). */
  readonly scales: readonly [number, number]
  readonly sampleEveryMs: number
  /** The most one child may take. */
  readonly timeoutMs: number
}

const runChild = async (input: StreamRun.Input, timeoutMs: number): Promise<StreamRun.Output> => {
  const child = Child.spawnEntry("./stream-child.ts", [JSON.stringify(input)], ["--expose-gc"])
  try {
    return StreamRun.decodeOutput(await Child.firstMessage(child, timeoutMs))
  } finally {
    await Child.exited(child)
  }
}

/**
 * Runs the four child runs and returns flat result keys. The headline throughputs are those of the larger scale
 * (the longer run, so the least noisy); `stream.heap_growth_mb_4x_vs_1x` is the larger growth of peak heap from
 * the small to the large scale over both workloads.
 *
 * @since 0.1.0
 * @category benchmarks
 */
export const run = async (
  baseUrl: string,
  transport: Transport,
  options: Options
): Promise<Record<string, number>> => {
  const out: Record<string, number> = {}
  const growths: Array<number> = []
  for (const workload of ["one", "many"] as const) {
    const name = workload === "one" ? "one_conversation" : "many_conversations"
    const peaks: Array<number> = []
    const livePeaks: Array<number> = []
    for (const scale of options.scales) {
      const conversations = workload === "one" ? 1 : options.manyConversations * scale
      const messagesPerConversation = workload === "one"
        ? options.oneConversationMessages * scale
        : options.messagesPerConversation
      const expected = conversations * messagesPerConversation
      const result = await runChild({
        baseUrl,
        transport,
        workload,
        conversations,
        messagesPerConversation,
        concurrency: options.concurrency,
        sampleEveryMs: options.sampleEveryMs
      }, options.timeoutMs)
      if (result.messages !== expected) {
        throw new Error(`bench: ${name} at ${scale}x streamed ${result.messages} messages, expected ${expected}`)
      }
      const rate = result.messages / result.seconds
      log(
        `stream: ${name} ${scale}x: ${result.messages} messages in ${round(result.seconds, 2)} s, peak heap ${
          round(mb(result.peakHeapBytes), 1)
        } MB, peak RSS ${round(mb(result.peakRssBytes), 1)} MB`
      )
      const prefix = `stream.${name}.${scale}x`
      out[`${prefix}.messages`] = result.messages
      out[`${prefix}.seconds`] = round(result.seconds, 2)
      out[`${prefix}.messages_per_s`] = round(rate, 0)
      out[`${prefix}.baseline_heap_mb`] = round(mb(result.baselineHeapBytes), 1)
      out[`${prefix}.peak_heap_mb`] = round(mb(result.peakHeapBytes), 1)
      out[`${prefix}.peak_live_heap_mb`] = round(mb(result.peakLiveHeapBytes), 1)
      out[`${prefix}.baseline_rss_mb`] = round(mb(result.baselineRssBytes), 1)
      out[`${prefix}.peak_rss_mb`] = round(mb(result.peakRssBytes), 1)
      peaks.push(result.peakHeapBytes)
      livePeaks.push(result.peakLiveHeapBytes)
      out[`stream.${name}.messages_per_s`] = round(rate, 0)
    }
    // The headline growth compares live heaps (after a forced GC); the raw peak growth, which also counts garbage
    // not yet collected, is reported beside it.
    const growth = mb((livePeaks[1] ?? Number.NaN) - (livePeaks[0] ?? Number.NaN))
    out[`stream.${name}.heap_growth_mb`] = round(growth, 1)
    out[`stream.${name}.raw_peak_heap_growth_mb`] = round(mb((peaks[1] ?? Number.NaN) - (peaks[0] ?? Number.NaN)), 1)
    growths.push(growth)
  }
  out["stream.heap_growth_mb_4x_vs_1x"] = round(Math.max(...growths), 1)
  out["stream.concurrency"] = options.concurrency
  out["stream.scale_small"] = options.scales[0]
  out["stream.scale_large"] = options.scales[1]
  return out
}
