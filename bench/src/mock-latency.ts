/**
 * Seeding time and median/p99 latency of the mock over real HTTP at the size (10,000 conversations,
 * 200,000 messages on one location), in this process. Prints one JSON object.
 *
 *   npx tsx bench/src/mock-latency.ts          # full size
 *   npx tsx bench/src/mock-latency.ts --smoke  # small and quick
 *
 * @since 0.1.0
 */
import { parseArgs } from "node:util"
import * as MockBenchmark from "./MockBenchmark.js"

const { values } = parseArgs({
  options: {
    smoke: { type: "boolean", default: false },
    requests: { type: "string" },
    seed: { type: "string" }
  }
})

const base = values.smoke ? MockBenchmark.smokeOptions : {}
const report = await MockBenchmark.latency({
  ...base,
  ...(values.requests === undefined ? {} : { requestsPerRoute: Number(values.requests) }),
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) })
})
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
