/**
 * The mixed read/write mock benchmark in a fresh process (its data set never shares a heap with the other
 * benchmarks): it runs `MockBenchmark.mixed` and reports over IPC. The options come as JSON on the command line.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as MockBenchmark from "./MockBenchmark.js"

const Options = Schema.Struct({
  conversations: Schema.Int,
  messages: Schema.Int,
  requests: Schema.Int,
  warmup: Schema.Int,
  exportPages: Schema.Int,
  maxSeconds: Schema.Number
})

const options = Schema.decodeUnknownSync(Schema.parseJson(Options))(process.argv[2] ?? "")
const report = await MockBenchmark.mixed(options)
process.send?.(report, () => process.exit(0))
