/**
 * Benchmark 5: the mock under a mixed load over real HTTP (90 % reads, 10 % writes) at the size. The mock
 * runs in one child process (`mixed-mock-child.ts`), the load generator in another (`mixed-load-child.ts`, see
 * `MixedLoad.ts`), so neither's work or GC lands in the other's figures: p50 and p99 per route id, and the p50 of an
 * export page of 500 while messages are added, with the machine's load average at the start and end of the run.
 * The report is checked for sense; figures are never asserted.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Child from "./Child.js"
import { MixedCounts, MixedTarget } from "./MixedTarget.js"
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
  /** Node flags of the mock's process: `--cpu-prof --cpu-prof-dir=…` to profile it, `--trace-gc` for its pauses. */
  readonly mockNodeFlags?: ReadonlyArray<string>
}

const Figures = Schema.Struct({
  requests: Schema.Number,
  median_ms: Schema.Number,
  p99_ms: Schema.Number,
  max_ms: Schema.Number
})

const Report = Schema.Struct({
  routes: Schema.Record({ key: Schema.String, value: Figures }),
  exportPage500: Figures,
  loadavg_1m_start: Schema.Number,
  loadavg_1m_end: Schema.Number,
  seconds: Schema.Number
})

/**
 * Runs the benchmark; keys `mock.mixed.<routeId>.p50_ms` / `.p99_ms` / `.max_ms` / `.requests`,
 * `mock.export_page_500.p50_ms` / `.p99_ms` / `.pages`, and the run's `mock.mixed.loadavg_1m_start` / `_end`.
 *
 * @since 0.1.0
 * @category benchmarks
 */
export const run = async (options: Options): Promise<Record<string, number>> => {
  const size = { seed: 42, conversations: options.conversations, messages: options.messages }
  const server = Child.spawnEntry(
    "./mixed-mock-child.ts",
    [JSON.stringify(size)],
    options.mockNodeFlags ?? []
  )
  try {
    const target = Schema.decodeUnknownSync(MixedTarget)(await Child.firstMessage(server, 120_000))
    const load = Child.spawnEntry("./mixed-load-child.ts", [
      JSON.stringify({
        requests: options.requests,
        warmup: options.warmup,
        exportPages: options.exportPages,
        maxSeconds: options.maxSeconds
      })
    ])
    let report: typeof Report.Type
    try {
      const reported = Child.firstMessage(load, (options.maxSeconds + 60) * 1000)
      load.send(target)
      report = Schema.decodeUnknownSync(Report)(await reported)
    } finally {
      await Child.exited(load)
    }
    const counted = Child.firstMessage(server, 10_000)
    server.send("counts")
    const counts = Schema.decodeUnknownSync(MixedCounts)(await counted)
    const out: Record<string, number> = {}
    for (const [route, f] of Object.entries(report.routes)) {
      if (!(f.requests > 0 && f.p99_ms >= f.median_ms)) throw new Error(`mock mixed: ${route} ran no sound sample`)
      out[`mock.mixed.${route}.p50_ms`] = f.median_ms
      out[`mock.mixed.${route}.p99_ms`] = f.p99_ms
      out[`mock.mixed.${route}.max_ms`] = f.max_ms
      out[`mock.mixed.${route}.requests`] = f.requests
    }
    if (report.exportPage500.requests === 0) throw new Error("mock mixed: no export page measured")
    out["mock.export_page_500.p50_ms"] = report.exportPage500.median_ms
    out["mock.export_page_500.p99_ms"] = report.exportPage500.p99_ms
    out["mock.export_page_500.max_ms"] = report.exportPage500.max_ms
    out["mock.export_page_500.pages"] = report.exportPage500.requests
    out["mock.mixed.loadavg_1m_start"] = report.loadavg_1m_start
    out["mock.mixed.loadavg_1m_end"] = report.loadavg_1m_end
    out["mock.mixed.seconds"] = report.seconds
    out["mock.mixed.heap_mb_after"] = counts.heap_mb
    out["mock.mixed.rss_mb_after"] = counts.rss_mb
    log(
      `mock mixed: ${counts.conversations} conversations / ${counts.messages} messages after ${report.seconds} s, ` +
        `mock heap ${counts.heap_mb} MB; load average ${report.loadavg_1m_start} at the start, ` +
        `${report.loadavg_1m_end} at the end`
    )
    return out
  } finally {
    if (server.connected) server.disconnect()
    await Child.exited(server)
  }
}
