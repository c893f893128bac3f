/**
 * Seeding time and median/p99 latency of the mock over real HTTP at the size (10,000 conversations,
 * 200,000 messages on one location). Prints one JSON object.
 *
 *   npx tsx packages/mock-server/bench/latency.ts          # full size
 *   npx tsx packages/mock-server/bench/latency.ts --smoke  # small and quick
 */
import { parseArgs } from "node:util"
import * as MockBenchmark from "../src/MockBenchmark.js"

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
