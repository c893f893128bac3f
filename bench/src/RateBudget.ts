/**
 * The rate budget against the real mock (`rate_budget`): the workload of issue 12 (300 conversations × about 40
 * messages, `listAllMessages`, 100 ms latency per response) under HighLevel's limit of 100 requests per 10 s in a
 * fixed window and in a sliding one, and under the sandbox limit (25 per 10 s, on a smaller workload), at
 * concurrency 1, 4, 8 and 16; then two client processes sharing one location. Each run gets a fresh mock (fresh
 * counters, empty journal); the 429s are read from the mock's journal.
 *
 * The ideal is the least time any client at the run's concurrency `c` needs: with `N` requests and `limit` per
 * `interval`, the last of `W = ceil(N / limit)` windows opens `(W - 1) × interval` after the first request was
 * counted, and the `N - (W - 1) × limit` requests left for it take `ceil(left / c)` latencies with at most `c` in
 * flight (the mock counts a request when it answers, so the first window's first count is one latency in too);
 * and no run at concurrency `c` beats `ceil(N / c)` latencies. The previous ideal (`ideal_unbounded_s`) let the
 * last window's requests all go at once, whatever the concurrency: at concurrency 4 it asked 0.7 s less than any
 * client can do. `N` is what the workload needs at least: the search pages (`ceil(conversations / 100)`) plus every
 * conversation's message pages (`max(1, ceil(messages / 100))`).
 *
 * @since 0.1.0
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { ConversationsClient, type ConversationsConfig } from "@highlevel-effect/client"
import { HighLevelMock, MockFaults, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Child from "./Child.js"
import type { Results } from "./Report.js"
import { log } from "./Stats.js"

/**
 * The sizes of the section (the full run and `--smoke`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Sizes {
  /** The production-limit workload (fixed and sliding windows). */
  readonly main: Workload
  /** The sandbox-limit workload (smaller: a 25-per-10-s run of the main one would take over two minutes). */
  readonly sandbox: Workload
  /** The workload each of the two processes runs (both on the same location and data). */
  readonly shared: Workload
  readonly concurrencies: ReadonlyArray<number>
  readonly latencyMs: number
}

interface Workload {
  readonly conversations: number
  readonly messagesPerConversation: number
  readonly burst: number
  readonly intervalMs: number
  /** What the client is told; `undefined`: its defaults (HighLevel's production limits). */
  readonly client: ConversationsConfig.Options["rateLimit"]
}

interface Served {
  readonly server: MockHttpServer.RunningServer
  /** The requests the workload needs at least. */
  readonly needed: number
}

const serve = async (workload: Workload, window: "fixed" | "sliding", latencyMs: number): Promise<Served> => {
  const mock = HighLevelMock.make({
    seed: 12,
    conversations: workload.conversations,
    messagesPerConversation: workload.messagesPerConversation,
    rateLimit: { burst: workload.burst, intervalMs: workload.intervalMs, window }
  })
  mock.control.setFaults([MockFaults.rule("*", MockFaults.latency(latencyMs))])
  const { locationId } = mock.credentials
  const conversations = mock.store.conversationsOf(locationId)
  const pages = conversations.reduce(
    (n, c) => n + Math.max(1, Math.ceil(mock.store.messagesOf(c.id).length / 100)),
    0
  )
  const server = await MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1", shutdownGraceMs: 200 })
  return { server, needed: Math.max(1, Math.ceil(conversations.length / 100)) + pages }
}

const idealSeconds = (needed: number, workload: Workload, latencyMs: number, concurrency: number): number => {
  const windows = Math.ceil(needed / workload.burst)
  const left = needed - (windows - 1) * workload.burst
  return Math.max(
    (windows - 1) * workload.intervalMs + Math.ceil(left / concurrency) * latencyMs,
    Math.ceil(needed / concurrency) * latencyMs
  ) / 1000
}

// The ideal before it counted the concurrency: the last window's requests all at once (`ideal_unbounded_s`).
const unboundedIdealSeconds = (needed: number, workload: Workload, latencyMs: number): number =>
  ((Math.ceil(needed / workload.burst) - 1) * workload.intervalMs + latencyMs) / 1000

/** What one client run reports (in process or from a child). */
interface RunOutput {
  readonly messages: number
  readonly startedAt: number
  readonly endedAt: number
}

const clientOptions = (server: MockHttpServer.RunningServer, workload: Workload): ConversationsConfig.Options => ({
  token: Redacted.make(server.mock.credentials.token),
  baseUrl: server.url,
  locationId: server.mock.credentials.locationId,
  ...(workload.client !== undefined ? { rateLimit: workload.client } : {})
})

/**
 * One `listAllMessages` run of a client built from `options`, counting the messages.
 *
 * @since 0.1.0
 * @category constructors
 */
export const listAll = (options: ConversationsConfig.Options, concurrency: number): Promise<RunOutput> =>
  Effect.runPromise(
    Effect.gen(function*() {
      const client = yield* ConversationsClient.ConversationsClient
      const startedAt = Date.now()
      const messages = yield* Stream.runCount(
        client.listAllMessages({ locationId: options.locationId ?? "" }, { concurrency })
      )
      return { messages, startedAt, endedAt: Date.now() }
    }).pipe(
      Effect.provide(ConversationsClient.layer(options).pipe(Layer.provide(NodeHttpClient.layerUndici)))
    )
  )

const expectedMessages = (server: MockHttpServer.RunningServer): number =>
  server.mock.store.conversationsOf(server.mock.credentials.locationId)
    .reduce((n, c) => n + server.mock.store.messagesOf(c.id).length, 0)

const r429 = (server: MockHttpServer.RunningServer, after = 0): number =>
  server.mock.control.journal().filter((entry) => entry.status === 429 && entry.time > after).length

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

// One process, in this one: the mock's work per request is small next to the 100 ms it sleeps.
const single = async (
  name: string,
  workload: Workload,
  window: "fixed" | "sliding",
  concurrency: number,
  latencyMs: number
): Promise<Results> => {
  const { needed, server } = await serve(workload, window, latencyMs)
  try {
    const output = await listAll(clientOptions(server, workload), concurrency)
    if (output.messages !== expectedMessages(server)) {
      throw new Error(`rate_budget.${name}.c${concurrency}: ${output.messages} messages, expected more`)
    }
    const seconds = (output.endedAt - output.startedAt) / 1000
    const ideal = idealSeconds(needed, workload, latencyMs, concurrency)
    const unbounded = unboundedIdealSeconds(needed, workload, latencyMs)
    const prefix = `rate_budget.${name}.c${concurrency}`
    const result = {
      [`${prefix}.r429`]: r429(server),
      [`${prefix}.requests`]: server.mock.control.journal().length,
      [`${prefix}.needed`]: needed,
      [`${prefix}.wall_s`]: round(seconds, 2),
      [`${prefix}.ideal_s`]: round(ideal, 2),
      [`${prefix}.wall_over_ideal`]: round(seconds / ideal, 3),
      [`${prefix}.ideal_unbounded_s`]: round(unbounded, 2),
      [`${prefix}.wall_over_unbounded_ideal`]: round(seconds / unbounded, 3)
    }
    log(`rate_budget ${name} c${concurrency}: ${JSON.stringify(result)}`)
    return result
  } finally {
    await server.close()
  }
}

interface ChildInput {
  readonly options: { readonly baseUrl: string; readonly token: string; readonly locationId: string }
  readonly concurrency: number
  /** The client's rate limit when not its default (the smoke run's small windows). */
  readonly rateLimit?: { readonly limit: number; readonly intervalMs: number }
}

// Two client processes on one location, started together (each sends "ready" once its client is built, then waits
// for "go"): 429s after the first window, and the pair's wall ÷ ideal for all the requests of both.
const twoProcesses = async (workload: Workload, latencyMs: number, concurrency: number): Promise<Results> => {
  const { needed, server } = await serve(workload, "fixed", latencyMs)
  try {
    const input: ChildInput = {
      options: {
        baseUrl: server.url,
        token: server.mock.credentials.token,
        locationId: server.mock.credentials.locationId
      },
      concurrency,
      ...(typeof workload.client === "object"
        ? { rateLimit: { limit: workload.client.limit, intervalMs: Duration.toMillis(workload.client.interval) } }
        : {})
    }
    const children = [0, 1].map(() => Child.spawnEntry("./rate-child.ts", [JSON.stringify(input)]))
    try {
      await Promise.all(children.map((child) => Child.firstMessage(child, 60_000)))
      const outputs = children.map((child) => Child.firstMessage(child, 600_000))
      for (const child of children) child.send("go")
      const results = (await Promise.all(outputs)).map(decodeOutput)
      const expected = expectedMessages(server)
      if (results.some((output) => output.messages !== expected)) {
        throw new Error(`rate_budget.two_processes: a process saw ${results.map((o) => o.messages)}, not ${expected}`)
      }
      const startedAt = Math.min(...results.map((o) => o.startedAt))
      const seconds = (Math.max(...results.map((o) => o.endedAt)) - startedAt) / 1000
      // Two processes at `concurrency` each: the pair has twice as many requests in flight.
      const ideal = idealSeconds(2 * needed, workload, latencyMs, 2 * concurrency)
      const firstRequest = server.mock.control.journal()[0]?.time ?? startedAt
      const result = {
        "rate_budget.two_processes.r429": r429(server),
        "rate_budget.two_processes.r429_after_first_window": r429(server, firstRequest + workload.intervalMs),
        "rate_budget.two_processes.requests": server.mock.control.journal().length,
        "rate_budget.two_processes.needed": 2 * needed,
        "rate_budget.two_processes.wall_s": round(seconds, 2),
        "rate_budget.two_processes.ideal_s": round(ideal, 2),
        "rate_budget.two_processes.wall_over_ideal": round(seconds / ideal, 3)
      }
      log(`rate_budget two processes: ${JSON.stringify(result)}`)
      return result
    } finally {
      await Promise.all(children.map((child) => Child.exited(child)))
    }
  } finally {
    await server.close()
  }
}

const decodeOutput = (message: unknown): RunOutput => {
  if (
    typeof message === "object" && message !== null && "messages" in message && typeof message.messages === "number" &&
    "startedAt" in message && typeof message.startedAt === "number" && "endedAt" in message &&
    typeof message.endedAt === "number"
  ) return { messages: message.messages, startedAt: message.startedAt, endedAt: message.endedAt }
  throw new Error(`rate_budget: a child reported ${JSON.stringify(message)}`)
}

/**
 * Decodes the child's argument.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decodeChildInput = (raw: string | undefined): ChildInput => {
  const parsed: unknown = JSON.parse(raw ?? "null")
  if (typeof parsed !== "object" || parsed === null || !("options" in parsed) || !("concurrency" in parsed)) {
    throw new Error("rate-child: expected {options, concurrency}")
  }
  const { concurrency, options } = parsed
  if (
    typeof concurrency !== "number" || typeof options !== "object" || options === null ||
    !("baseUrl" in options) || typeof options.baseUrl !== "string" || !("token" in options) ||
    typeof options.token !== "string" || !("locationId" in options) || typeof options.locationId !== "string"
  ) throw new Error("rate-child: bad options")
  const rateLimit = "rateLimit" in parsed ? parsed.rateLimit : undefined
  const limit = typeof rateLimit === "object" && rateLimit !== null && "limit" in rateLimit &&
      typeof rateLimit.limit === "number" && "intervalMs" in rateLimit && typeof rateLimit.intervalMs === "number"
    ? { limit: rateLimit.limit, intervalMs: rateLimit.intervalMs }
    : undefined
  return {
    concurrency,
    options: { baseUrl: options.baseUrl, token: options.token, locationId: options.locationId },
    ...(limit !== undefined ? { rateLimit: limit } : {})
  }
}

// Requests needed per second of wall time, from a run's keys.
const rate = (results: Results, prefix: string): number | undefined => {
  const needed = results[`${prefix}.needed`]
  const wall = results[`${prefix}.wall_s`]
  return typeof needed === "number" && typeof wall === "number" && wall > 0 ? needed / wall : undefined
}

/**
 * Runs the section.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run = async (sizes: Sizes): Promise<Results> => {
  const results: Results = {}
  const kinds = [
    ["fixed", sizes.main, "fixed"],
    ["sliding", sizes.main, "sliding"],
    ["sandbox", sizes.sandbox, "fixed"]
  ] as const
  for (const [name, workload, window] of kinds) {
    for (const concurrency of sizes.concurrencies) {
      Object.assign(results, await single(name, workload, window, concurrency, sizes.latencyMs))
    }
  }
  Object.assign(results, await twoProcesses(sizes.shared, sizes.latencyMs, 4))
  // The pair's requests per second against one process's at full speed (the fixed window at concurrency 4, as many
  // requests in as many windows): 1 means the pair lost nothing to sharing. (It was ideal ÷ wall of each, which with
  // ideals that count the concurrency would compare the pair at 8 in flight with one process at 4.)
  const one = rate(results, "rate_budget.fixed.c4")
  const two = rate(results, "rate_budget.two_processes")
  if (one !== undefined && two !== undefined) {
    results["rate_budget.two_processes.throughput_ratio"] = round(two / one, 3)
  }
  return results
}
