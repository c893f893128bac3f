/**
 * Benchmark 1: the cost of one request, sequential, against the bench server in another process. Contenders run
 * interleaved: each round runs a batch of each, in an order that rotates every round, so a burst of load from
 * elsewhere on the machine hits every contender alike; the first rounds are warm-up and are dropped.
 *
 * @since 0.1.0
 */
import * as Clients from "./Clients.js"
import { log, median, round } from "./Stats.js"

/**
 * How much to run.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  readonly warmupRounds: number
  readonly rounds: number
  /** Get Conversation requests per contender per round. */
  readonly getBatch: number
  /** 100-message page requests per contender per round. */
  readonly pageBatch: number
  /** Send Message requests per contender per round (default: `getBatch`). */
  readonly sendBatch?: number
}

type Kind = "get" | "messages100" | "send"

type Samples = Record<Kind, Array<number>>

const { contenderKeys } = Clients
type ContenderKey = Clients.ContenderKey

const rotate = <A>(values: ReadonlyArray<A>, by: number): Array<A> =>
  values.map((_, i) => values[(i + by) % values.length]).filter((value): value is A => value !== undefined)

/**
 * Runs the benchmark and returns flat result keys: per-request medians in microseconds for every contender, the
 * ratios of the client's three transports to raw fetch, and the headline ratios (the fastest transport) with its name.
 *
 * @since 0.1.0
 * @category benchmarks
 */
export const run = async (baseUrl: string, options: Options): Promise<Record<string, number | string>> => {
  // One per key (`Object.fromEntries` types its keys as `string`).
  const contenders = Object.fromEntries(
    contenderKeys.map((key) => [key, Clients.contenderOf(key, baseUrl)])
  ) as Record<ContenderKey, Clients.Contender>
  const samples: Record<ContenderKey, Samples> = {
    raw: { get: [], messages100: [], send: [] },
    client_undici: { get: [], messages100: [], send: [] },
    client_fetch: { get: [], messages100: [], send: [] },
    client_lean_fetch: { get: [], messages100: [], send: [] },
    sdk: { get: [], messages100: [], send: [] },
    platform_undici: { get: [], messages100: [], send: [] },
    platform_fetch: { get: [], messages100: [], send: [] }
  }
  const batch = async (key: ContenderKey, kind: Kind): Promise<number> => {
    const contender = contenders[key]
    const n = kind === "get"
      ? options.getBatch
      : kind === "send"
      ? options.sendBatch ?? options.getBatch
      : options.pageBatch
    const started = performance.now()
    await (kind === "get" ? contender.get(n) : kind === "send" ? contender.send(n) : contender.page(n))
    return ((performance.now() - started) * 1000) / n
  }
  try {
    const total = options.warmupRounds + options.rounds
    for (let r = 0; r < total; r++) {
      const order = rotate(contenderKeys, r)
      for (const kind of ["get", "messages100", "send"] as const) {
        for (const key of order) {
          const perRequestUs = await batch(key, kind)
          if (r >= options.warmupRounds) samples[key][kind].push(perRequestUs)
        }
      }
      if (r === options.warmupRounds - 1) log("requests: warm-up done")
    }
  } finally {
    for (const contender of Object.values(contenders)) await contender.close()
  }

  return { ...resultsOf(samples), ...sizesOf(options) }
}

const sizesOf = (options: Options): Record<string, number> => ({
  "requests.send_batch": options.sendBatch ?? options.getBatch,
  "requests.rounds": options.rounds,
  "requests.get_batch": options.getBatch,
  "requests.page_batch": options.pageBatch
})

// The result keys of the samples.
const resultsOf = (samples: Record<ContenderKey, Samples>): Record<string, number | string> => {
  // Ratios are paired per round (same moment, same machine load) and the median of the pairs is reported.
  const pairedRatio = (key: ContenderKey, kind: Kind): number =>
    median(samples[key][kind].map((value, i) => value / (samples.raw[kind][i] ?? Number.NaN)))

  const out: Record<string, number | string> = {}
  for (const kind of ["get", "messages100"] as const) {
    for (const key of contenderKeys) out[`${kind}.${key}_median_us`] = round(median(samples[key][kind]), 1)
    out[`${kind}.ratio_client_undici_to_raw`] = round(pairedRatio("client_undici", kind))
    out[`${kind}.ratio_client_fetch_to_raw`] = round(pairedRatio("client_fetch", kind))
    out[`${kind}.ratio_client_lean_fetch_to_raw`] = round(pairedRatio("client_lean_fetch", kind))
    out[`${kind}.ratio_sdk_to_raw`] = round(pairedRatio("sdk", kind))
    out[`${kind}.ratio_platform_undici_to_raw`] = round(pairedRatio("platform_undici", kind))
    out[`${kind}.ratio_platform_fetch_to_raw`] = round(pairedRatio("platform_fetch", kind))
  }
  // The headline is the fastest transport over both request kinds together.
  const transports = { client_undici: "undici", client_fetch: "fetch", client_lean_fetch: "lean-fetch" } as const
  const score = (key: keyof typeof transports) => pairedRatio(key, "get") + pairedRatio(key, "messages100")
  const headline = (["client_undici", "client_fetch", "client_lean_fetch"] as const).reduce((best, key) =>
    score(key) < score(best) ? key : best
  )
  out["client.headline_transport"] = transports[headline]
  out["get.ratio_client_to_raw"] = round(pairedRatio(headline, "get"))
  out["messages100.ratio_client_to_raw"] = round(pairedRatio(headline, "messages100"))
  // Send Message (#11): the client's write path (input Schema validated and encoded, POST retry rule, lenient
  // decode) against raw fetch over undici posting the same JSON. Target ≤ 1.3×.
  for (const key of contenderKeys) out[`requests.send.${key}_median_us`] = round(median(samples[key].send), 1)
  out["requests.send.ratio_client_undici_to_raw"] = round(pairedRatio("client_undici", "send"))
  out["requests.send.ratio_client_fetch_to_raw"] = round(pairedRatio("client_fetch", "send"))
  out["requests.send.ratio_client_lean_fetch_to_raw"] = round(pairedRatio("client_lean_fetch", "send"))
  out["requests.send.ratio_sdk_to_raw"] = round(pairedRatio("sdk", "send"))
  out["requests.send.ratio_platform_undici_to_raw"] = round(pairedRatio("platform_undici", "send"))
  out["requests.send.ratio_client_to_raw"] = round(
    Math.min(
      pairedRatio("client_undici", "send"),
      pairedRatio("client_fetch", "send"),
      pairedRatio("client_lean_fetch", "send")
    )
  )
  return out
}
