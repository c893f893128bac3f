/**
 * Benchmark 4: the mock server over real HTTP, measured by the mock package's own core function
 * (`MockBenchmark.latency`, also behind `packages/mock-server/bench/latency.ts`) in a fresh child process: seed time
 * of the data set, then sequential keep-alive requests per route, each timed from request sent to body read.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Child from "./Child.js"
import { log } from "./Stats.js"

/**
 * Data set size and load.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly conversations: number
  readonly messages: number
  /** Measured requests per route. */
  readonly requestsPerRoute: number
  /** Unmeasured requests per route first. */
  readonly warmupPerRoute: number
  /** Upper bound of the request phase. */
  readonly maxSeconds: number
}

const Figures = Schema.Struct({
  requests: Schema.Number,
  median_ms: Schema.Number,
  p99_ms: Schema.Number,
  max_ms: Schema.Number
})

// The part of `MockBenchmark.LatencyReport` this suite reports.
const Report = Schema.Struct({
  conversations: Schema.Number,
  messages: Schema.Number,
  seed_s: Schema.Number,
  search: Figures,
  search_filtered: Figures,
  getConversation: Figures,
  getMessages: Figures,
  rss_mb: Schema.Number
})

/**
 * Runs the benchmark and returns flat result keys (`mock.<route>.median_ms`, `.p99_ms`, `.max_ms`, `mock.seed_s`,
 * the sizes). Routes: `search` (default sort, walking the keyset cursor), `search_filtered` (status and assignee
 * filters), `get` (Get Conversation), `messages` (a messages page, following `lastMessageId`).
 *
 * @since 0.1.0
 * @category benchmarks
 */
export const run = async (options: Options): Promise<Record<string, number>> => {
  const child = Child.spawnEntry("./mock-child.ts", [JSON.stringify(options)])
  try {
    const report = Schema.decodeUnknownSync(Report)(
      await Child.firstMessage(child, (options.maxSeconds + 120) * 1000)
    )
    const out: Record<string, number> = {
      "mock.seed_s": report.seed_s,
      "mock.conversations": report.conversations,
      "mock.messages": report.messages,
      "mock.rss_mb": report.rss_mb
    }
    const routes = {
      search: report.search,
      search_filtered: report.search_filtered,
      get: report.getConversation,
      messages: report.getMessages
    }
    for (const [route, figures] of Object.entries(routes)) {
      out[`mock.${route}.median_ms`] = figures.median_ms
      out[`mock.${route}.p99_ms`] = figures.p99_ms
      out[`mock.${route}.max_ms`] = figures.max_ms
      out[`mock.${route}.requests`] = figures.requests
    }
    log(`mock: seeded ${report.conversations} conversations / ${report.messages} messages in ${report.seed_s} s`)
    return out
  } finally {
    await Child.exited(child)
  }
}
