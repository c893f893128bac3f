/**
 * Benchmark 5: the mock under a mixed load over real HTTP (90 % reads, 10 % writes) at the size, measured by
 * `MockBenchmark.mixed` in a fresh child process: p50 and p99 per route id, and the p50 of an export page of 500
 * while messages are added. The report is checked for sense; figures are never asserted.
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
  readonly requests: number
  readonly warmup: number
  readonly exportPages: number
  readonly maxSeconds: number
}

const Figures = Schema.Struct({
  requests: Schema.Number,
  median_ms: Schema.Number,
  p99_ms: Schema.Number,
  max_ms: Schema.Number
})

const Report = Schema.Struct({
  conversations: Schema.Number,
  messages: Schema.Number,
  routes: Schema.Record({ key: Schema.String, value: Figures }),
  exportPage500: Figures
})

/**
 * Runs the benchmark; keys `mock.mixed.<routeId>.p50_ms` / `.p99_ms` / `.requests` and
 * `mock.export_page_500.p50_ms` / `.p99_ms`.
 *
 * @since 0.1.0
 * @category benchmarks
 */
export const run = async (options: Options): Promise<Record<string, number>> => {
  const child = Child.spawnEntry("./mixed-child.ts", [JSON.stringify(options)])
  try {
    const report = Schema.decodeUnknownSync(Report)(await Child.firstMessage(child, (options.maxSeconds + 120) * 1000))
    const out: Record<string, number> = {}
    for (const [route, f] of Object.entries(report.routes)) {
      if (!(f.requests > 0 && f.p99_ms >= f.median_ms)) throw new Error(`mock mixed: ${route} ran no sound sample`)
      out[`mock.mixed.${route}.p50_ms`] = f.median_ms
      out[`mock.mixed.${route}.p99_ms`] = f.p99_ms
      out[`mock.mixed.${route}.requests`] = f.requests
    }
    if (report.exportPage500.requests === 0) throw new Error("mock mixed: no export page measured")
    out["mock.export_page_500.p50_ms"] = report.exportPage500.median_ms
    out["mock.export_page_500.p99_ms"] = report.exportPage500.p99_ms
    out["mock.export_page_500.pages"] = report.exportPage500.requests
    log(`mock mixed: ${report.conversations} conversations / ${report.messages} messages after the run`)
    return out
  } finally {
    await Child.exited(child)
  }
}
