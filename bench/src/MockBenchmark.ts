/**
 * Seeding time and request latency of the mock over real HTTP: the core of benchmark 4 (`MockLatency.ts` runs it in
 * a child process, `mock-latency.ts` prints it; the mixed load of benchmark 5 is `MixedLoad.ts`). It lives here,
 * not in the mock package: measuring the mock is not part of the mock's API. Figures are measured and reported,
 * never asserted in tests.
 *
 * @since 0.1.0
 */
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Http from "node:http"
import { call, figures, type RouteFigures } from "./HttpLoad.js"

/**
 * Options of `latency`; defaults are the target size.
 *
 * @since 0.1.0
 * @category models
 */
export interface LatencyOptions {
  readonly seed?: number
  /** Conversations of the one measured location (default 10,000). */
  readonly conversations?: number
  /** Messages of that location (default 200,000). */
  readonly messages?: number
  /** Sequential timed requests per route (default 2,000). */
  readonly requestsPerRoute?: number
  /** Untimed requests per route first, to warm the JIT and the connection (default 200). */
  readonly warmupPerRoute?: number
  /** Upper bound of the whole run's request phase, in seconds (default 120). */
  readonly maxSeconds?: number
}

/**
 * The report of one run.
 *
 * @since 0.1.0
 * @category models
 */
export interface LatencyReport {
  readonly seed: number
  readonly conversations: number
  readonly messages: number
  /** `HighLevelMock.make` (generation and indexes), seconds. */
  readonly seed_s: number
  /** A search page: default sort, limit 20, walking `startAfterDate` through the location. */
  readonly search: RouteFigures
  /** A search page with filters (`status=unread`, `assignedTo`): a full scan for `total` (cached per filter). */
  readonly search_filtered: RouteFigures
  readonly getConversation: RouteFigures
  /** A messages page: limit 20, following `lastMessageId` while `nextPage`. */
  readonly getMessages: RouteFigures
  readonly rss_mb: number
  readonly node: string
}

/**
 * `--smoke` size: seconds instead of a minute, for CI.
 *
 * @since 0.1.0
 * @category constructors
 */
export const smokeOptions: LatencyOptions = {
  conversations: 500,
  messages: 10_000,
  requestsPerRoute: 200,
  warmupPerRoute: 20
}

const round = (n: number) => Math.round(n * 1000) / 1000

/** One route's workload: the next path to ask for, and what to learn from the answer (the next cursor). */
interface Workload {
  readonly next: () => string
  readonly after: (body: string) => void
}

/** A search walk: `startAfterDate` from the last row, back to the first page after the last one. */
const searchWalk = (query: string): Workload => {
  let cursor: number | undefined
  return {
    next: () => `/conversations/search?${query}` + (cursor === undefined ? "" : `&startAfterDate=${cursor}`),
    after: (body) => {
      const page = JSON.parse(body) as { conversations: Array<{ sort: [number] }> }
      cursor = page.conversations.length < 20 ? undefined : page.conversations[page.conversations.length - 1]?.sort[0]
    }
  }
}

/** Messages pages of a pseudo-random conversation, following `lastMessageId` to its end, then another one. */
const messagesWalk = (nextId: () => string): Workload => {
  // Drawn on the first request, not before: the get workload draws from the same sequence first.
  let conversation: string | undefined
  let cursor: string | undefined
  return {
    next: () =>
      `/conversations/${(conversation ??= nextId())}/messages?limit=20` +
      (cursor === undefined ? "" : `&lastMessageId=${cursor}`),
    after: (body) => {
      const page = (JSON.parse(body) as { messages: { lastMessageId?: string; nextPage: boolean } }).messages
      if (page.nextPage && page.lastMessageId !== undefined) {
        cursor = page.lastMessageId
      } else {
        conversation = nextId()
        cursor = undefined
      }
    }
  }
}

/** The four workloads over the primary location of `mock`. */
const workloads = (mock: HighLevelMock.HighLevelMock) => {
  const { locationId } = mock.credentials
  const ids = mock.locations[0]?.conversationIds ?? []
  const userId = mock.locations[0]?.userIds[0] ?? ""
  if (ids.length === 0) throw new Error("the benchmark needs at least one conversation")
  let pick = 0
  const nextId = () => ids[(pick = (pick * 1103515245 + 12345) % 2147483648) % ids.length] ?? ""
  return {
    search: searchWalk(`locationId=${locationId}&limit=20`),
    search_filtered: searchWalk(`locationId=${locationId}&limit=20&status=unread&assignedTo=${userId},unassigned`),
    getConversation: { next: () => `/conversations/${nextId()}`, after: () => undefined },
    getMessages: messagesWalk(nextId)
  } satisfies Record<string, Workload>
}

/**
 * Seeds a mock (rate limit off), serves it on 127.0.0.1:0 and times sequential requests of each kind.
 *
 * @since 0.1.0
 * @category constructors
 */
export const latency = async (options: LatencyOptions = {}): Promise<LatencyReport> => {
  const seed = options.seed ?? 42
  const n = options.requestsPerRoute ?? 2_000
  const warmup = options.warmupPerRoute ?? 200
  const deadline = performance.now() + (options.maxSeconds ?? 120) * 1000

  const started = performance.now()
  const mock = HighLevelMock.make({
    seed,
    conversations: options.conversations ?? 10_000,
    messages: options.messages ?? 200_000,
    rateLimit: false
  })
  const seedSeconds = (performance.now() - started) / 1000

  const server = await MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1" })
  const agent = new Http.Agent({ keepAlive: true, maxSockets: 1 })
  const headers = {
    authorization: `Bearer ${mock.credentials.token}`,
    version: "2021-04-15",
    accept: "application/json"
  }
  const run = async ({ after, next }: Workload): Promise<RouteFigures> => {
    const samples: Array<number> = []
    for (let i = 0; i < warmup + n && performance.now() < deadline; i++) {
      const t0 = performance.now()
      const res = await call(agent, "GET", server.url + next(), headers)
      const dt = performance.now() - t0
      if (res.status !== 200) throw new Error(`unexpected ${res.status}: ${res.body.slice(0, 200)}`)
      after(res.body)
      if (i >= warmup) samples.push(dt)
    }
    return figures(samples)
  }
  try {
    const routes = workloads(mock)
    const search = await run(routes.search)
    const search_filtered = await run(routes.search_filtered)
    const getConversation = await run(routes.getConversation)
    const getMessages = await run(routes.getMessages)
    const counts = mock.store.counts()
    return {
      seed,
      conversations: counts.conversations,
      messages: counts.messages,
      seed_s: round(seedSeconds),
      search,
      search_filtered,
      getConversation,
      getMessages,
      rss_mb: Math.round(process.memoryUsage().rss / 1e6),
      node: process.version
    }
  } finally {
    agent.destroy()
    await server.close()
  }
}
