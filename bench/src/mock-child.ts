/**
 * The mock-latency benchmark in a fresh process (its 200,000 seeded messages never share a heap with the other
 * benchmarks): it runs `MockBenchmark.latency` and reports over IPC. The options come as JSON
 * on the command line.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as MockBenchmark from "./MockBenchmark.js"

const Options = Schema.Struct({
  conversations: Schema.Int,
  messages: Schema.Int,
  requestsPerRoute: Schema.Int,
  warmupPerRoute: Schema.Int,
  maxSeconds: Schema.Number
})

const options = Schema.decodeUnknownSync(Schema.parseJson(Options))(process.argv[2] ?? "")
const report = await MockBenchmark.latency(options)
process.send?.(report, () => process.exit(0))
