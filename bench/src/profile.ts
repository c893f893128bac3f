/**
 * A profiling target, not a benchmark: our client making sequential requests to the bench server (in its own
 * process, so the profile holds only the client) for a fixed time. Run it under the V8 profiler:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/src/profile.ts get|page [undici|fetch|lean-fetch] [seconds]
 *
 * @since 0.1.0
 */
import * as Child from "./Child.js"
import * as Clients from "./Clients.js"

const kind = process.argv[2] === "page" ? "page" : "get"
const transport: Clients.Transport = process.argv[3] === "fetch" || process.argv[3] === "lean-fetch"
  ? process.argv[3]
  : "undici"
const seconds = Number(process.argv[4] ?? "5")

const server = await Child.startServer()
const client = Clients.ourClient(server.url, transport)
try {
  const started = performance.now()
  let requests = 0
  while (performance.now() - started < seconds * 1000) {
    await (kind === "get" ? client.get(100) : client.page(20))
    requests += kind === "get" ? 100 : 20
  }
  const perRequestUs = ((performance.now() - started) * 1000) / requests
  process.stdout.write(`${kind} over ${transport}: ${requests} requests, ${perRequestUs.toFixed(0)} µs/request\n`)
} finally {
  await client.close()
  await server.stop()
}
