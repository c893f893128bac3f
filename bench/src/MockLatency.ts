/**
 * Benchmark 4: the mock server over real HTTP, measured by `MockBenchmark.latency` (also behind
 * `mock-latency.ts`) in a fresh child process: seed time of the data set, then sequential keep-alive requests per
 * route, each timed from request sent to body read. The report is checked for sense (every route ran its requests,
 * p99 ≥ median > 0), so the CI smoke run also keeps the benchmark itself honest.
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

// The part of `MockBenchmark.LatencyReport` this suite reports and checks.
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

type Report = typeof Report.Type

/** What a sound report looks like; a problem fails the run (figures themselves are never asserted). */
const problemsOf = (options: Options, report: Report): Array<string> => {
  const problems: Array<string> = []
  if (!(report.seed_s > 0)) problems.push(`seed_s is ${report.seed_s}`)
  if (report.conversations < options.conversations) problems.push(`only ${report.conversations} conversations seeded`)
  if (report.messages < options.messages) problems.push(`only ${report.messages} messages seeded`)
  const routes = {
    search: report.search,
    search_filtered: report.search_filtered,
    getConversation: report.getConversation,
    getMessages: report.getMessages
  }
  for (const [route, figures] of Object.entries(routes)) {
    if (figures.requests !== options.requestsPerRoute) {
      problems.push(`${route}: ${figures.requests} of ${options.requestsPerRoute} requests before the deadline`)
    }
    if (!(figures.median_ms > 0 && figures.p99_ms >= figures.median_ms && figures.max_ms >= figures.p99_ms)) {
      problems.push(`${route}: median ${figures.median_ms}, p99 ${figures.p99_ms}, max ${figures.max_ms} ms`)
    }
  }
  return problems
}

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
    const problems = problemsOf(options, report)
    if (problems.length > 0) throw new Error(`mock benchmark: ${problems.join("; ")}`)
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
