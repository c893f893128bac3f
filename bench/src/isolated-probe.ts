/**
 * A diagnostic, not part of `pnpm bench`: the per-request comparison of `Requests.ts` with every contender in a
 * process of its own, as a user's program holds one client (the benchmark runs them side by side in one process,
 * where one contender's heap, GC and JIT state are the others' too). The bench server runs in another process, as
 * there. Rounds rotate the order; one batch runs at a time (a get, a 100-message page, a Send Message). Reports each
 * contender's median CPU time per request (its own process) and wall time, with the median ratio to raw fetch paired
 * by round.
 *
 *   node --import tsx bench/src/isolated-probe.ts [rounds] [batch]
 *
 * @since 0.1.0
 */
import type { ChildProcess } from "node:child_process"
import * as Child from "./Child.js"
import type * as Clients from "./Clients.js"
import { median } from "./Stats.js"

const rounds = Number(process.argv[2] ?? "12")
const batch = Number(process.argv[3] ?? "200")
const contenders = ["raw", "client_undici", "client_lean_fetch", "sdk"] as const satisfies ReadonlyArray<
  Clients.ContenderKey
>
const kinds = ["get", "page", "send"] as const
// A page of 100 messages takes about twice a get: fewer per batch, as in the requests benchmark.
const batchOf = (kind: typeof kinds[number]) => kind === "page" ? Math.ceil(batch / 3) : batch

type Sample = { readonly cpuUs: number; readonly wallUs: number }
const isSample = (u: unknown): u is Sample =>
  typeof u === "object" && u !== null && "cpuUs" in u && typeof u.cpuUs === "number" && "wallUs" in u &&
  typeof u.wallUs === "number"

// One batch of a child: the sample it answers, or the error it reports.
const runBatch = async (child: ChildProcess, kind: string, n: number): Promise<Sample> => {
  const answer = Child.firstMessage(child, 120_000)
  child.send({ kind, n })
  const message = await answer
  if (!isSample(message)) throw new Error(`contender failed: ${JSON.stringify(message)}`)
  return message
}

const server = await Child.startServer()
const children = contenders.map((name) => Child.spawnEntry("./contender-child.ts", [name, server.url]))
const samples = new Map<string, Array<Sample>>()
try {
  await Promise.all(children.map((child) => Child.firstMessage(child, 30_000)))
  for (let round = 0; round < rounds + 2; round++) {
    for (const kind of kinds) {
      for (let k = 0; k < contenders.length; k++) {
        const i = (k + round) % contenders.length
        const child = children[i]
        if (child === undefined) continue
        const sample = await runBatch(child, kind, batchOf(kind))
        // The first two rounds warm up.
        if (round < 2) continue
        const key = `${kind} ${contenders[i]}`
        const kept = samples.get(key)
        if (kept === undefined) samples.set(key, [sample])
        else kept.push(sample)
      }
    }
  }
  for (const kind of kinds) {
    const floor = samples.get(`${kind} raw`) ?? []
    for (const name of contenders) {
      const own = samples.get(`${kind} ${name}`) ?? []
      const ratio = (pick: (s: Sample) => number) =>
        median(own.map((s, i) => pick(s) / pick(floor[i] ?? { cpuUs: Number.NaN, wallUs: Number.NaN })))
      process.stdout.write(
        `${kind.padEnd(5)} ${name.padEnd(18)} cpu ${median(own.map((s) => s.cpuUs)).toFixed(0).padStart(5)} µs ×` +
          `${ratio((s) => s.cpuUs).toFixed(2)}   wall ${median(own.map((s) => s.wallUs)).toFixed(0).padStart(5)} µs ×` +
          `${ratio((s) => s.wallUs).toFixed(2)}\n`
      )
    }
  }
} finally {
  for (const child of children) child.disconnect()
  await Promise.all(children.map((child) => Child.exited(child)))
  await server.stop()
}
