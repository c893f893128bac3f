/**
 * The load generator of the mixed benchmark in a process of its own (not the mock's, not the runner's): the options
 * come as JSON on the command line, the mock's `MixedTarget` as the first IPC message; it runs `MixedLoad.mixed`
 * and reports over IPC.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as MixedLoad from "./MixedLoad.js"
import { MixedTarget } from "./MixedTarget.js"

const Options = Schema.Struct({
  requests: Schema.Int,
  warmup: Schema.Int,
  exportPages: Schema.Int,
  maxSeconds: Schema.Number
})

const options = Schema.decodeUnknownSync(Schema.parseJson(Options))(process.argv[2] ?? "")
process.once("message", (message) => {
  const target = Schema.decodeUnknownSync(MixedTarget)(message)
  void MixedLoad.mixed(target, options).then((report) => process.send?.(report, () => process.exit(0)))
})
