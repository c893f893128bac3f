/**
 * Seeding time and request latency of the mock over real HTTP: the core of benchmark 4 (`MockLatency.ts` runs it in
 * a child process, `mock-latency.ts` prints it). It lives here, not in the mock package: measuring the mock is not
 * part of the mock's API. Figures are measured and reported, never asserted in tests.
 *
 * @since 0.1.0
 */
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Http from "node:http"

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
 * Figures of one route, in milliseconds (client-side round trip: request sent → body fully read).
 *
 * @since 0.1.0
 * @category models
 */
interface RouteFigures {
  readonly requests: number
  readonly median_ms: number
  readonly p99_ms: number
  readonly max_ms: number
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

const figures = (samples: Array<number>): RouteFigures => {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    requests: sorted.length,
    median_ms: round(at(0.5)),
    p99_ms: round(at(0.99)),
    max_ms: round(sorted[sorted.length - 1] ?? 0)
  }
}

const request = (agent: Http.Agent, url: string, headers: Record<string, string>) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = Http.get(url, { agent, headers }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }))
      res.on("error", reject)
    })
    req.on("error", reject)
  })

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
      const res = await request(agent, server.url + next(), headers)
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

/**
 * Options of `mixed`; defaults are the target size.
 *
 * @since 0.1.0
 * @category models
 */
export interface MixedOptions {
  readonly seed?: number
  readonly conversations?: number
  readonly messages?: number
  /** Timed requests of the 90/10 mix (default 10,000). */
  readonly requests?: number
  /** Untimed mixed requests first (default 500). */
  readonly warmup?: number
  /** Timed export pages of 500 (default 200). */
  readonly exportPages?: number
  /** Upper bound of the request phases, in seconds (default 150). */
  readonly maxSeconds?: number
}

/**
 * The report of a mixed run: per route id, and the export page of 500.
 *
 * @since 0.1.0
 * @category models
 */
export interface MixedReport {
  readonly conversations: number
  readonly messages: number
  readonly routes: Readonly<Record<string, RouteFigures>>
  readonly exportPage500: RouteFigures
}

const call = (
  agent: Http.Agent,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown
) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const req = Http.request(url, {
      method,
      agent,
      headers: payload === undefined ? headers : {
        ...headers,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(payload))
      }
    }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }))
      res.on("error", reject)
    })
    req.on("error", reject)
    req.end(payload)
  })

/** One request of the mix: its route id, method, path and body. */
interface MixedCall {
  readonly route: string
  readonly method: string
  readonly path: string
  readonly body?: unknown
  readonly provider?: boolean
}

/**
 * 90 % reads (search, get conversation, messages page, get message, export page of 100) and 10 % writes (send,
 * inbound, update conversation, message status by the provider) over the HTTP mock at full size, every request
 * timed per route; then a walk of export pages of 500 with a send every tenth page (the walk stays consistent).
 *
 * @since 0.1.0
 * @category constructors
 */
export const mixed = async (options: MixedOptions = {}): Promise<MixedReport> => {
  const n = options.requests ?? 10_000
  const warmup = options.warmup ?? 500
  const pages = options.exportPages ?? 200
  const deadline = performance.now() + (options.maxSeconds ?? 150) * 1000
  const mock = HighLevelMock.make({
    seed: options.seed ?? 42,
    conversations: options.conversations ?? 10_000,
    messages: options.messages ?? 200_000,
    rateLimit: false
  })
  const location = mock.locations[0]
  if (location === undefined || location.conversationIds.length === 0) throw new Error("the mix needs conversations")
  const { locationId, providerId } = location
  const ids = location.conversationIds
  const server = await MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1" })
  const agent = new Http.Agent({ keepAlive: true, maxSockets: 1 })
  const base = { version: "2021-04-15", accept: "application/json" }
  const user = { ...base, authorization: `Bearer ${location.tokens.full}` }
  const provider = { ...base, authorization: `Bearer ${location.tokens.provider}` }
  let state = 12345
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
  const pickId = () => ids[Math.floor(random() * ids.length)] ?? ""
  const conversation = (id: string) => mock.store.conversation(id)
  // Messages this run sent (pending): what status updates act on.
  const pending: Array<string> = []
  const searchCursor: { value: number | undefined } = { value: undefined }
  const next = (): MixedCall => {
    const r = random()
    if (r < 0.9) {
      const read = r / 0.9
      if (read < 0.3) {
        const cursor = searchCursor.value
        return {
          route: "search",
          method: "GET",
          path: `/conversations/search?locationId=${locationId}&limit=20` +
            (cursor === undefined ? "" : `&startAfterDate=${cursor}`)
        }
      }
      if (read < 0.5) return { route: "getConversation", method: "GET", path: `/conversations/${pickId()}` }
      if (read < 0.75) return { route: "getMessages", method: "GET", path: `/conversations/${pickId()}/messages` }
      if (read < 0.9) {
        const message = mock.store.messagesOf(pickId())[0]?.id ?? "none"
        return { route: "getMessage", method: "GET", path: `/conversations/messages/${message}` }
      }
      return {
        route: "exportMessages",
        method: "GET",
        path: `/conversations/messages/export?locationId=${locationId}&limit=100`
      }
    }
    const write = (r - 0.9) / 0.1
    const id = pickId()
    const c = conversation(id)
    if (write < 0.4) {
      return {
        route: "sendMessage",
        method: "POST",
        path: "/conversations/messages",
        body: { type: "SMS", contactId: c?.contactId, message: "benchmark reply" }
      }
    }
    if (write < 0.65) {
      return {
        route: "addInboundMessage",
        method: "POST",
        path: "/conversations/messages/inbound",
        body: {
          type: "SMS",
          conversationId: id,
          contactId: c?.contactId,
          conversationProviderId: providerId,
          message: "hi"
        }
      }
    }
    if (write < 0.85 || pending.length === 0) {
      return {
        route: "updateConversation",
        method: "PUT",
        path: `/conversations/${id}`,
        body: { locationId, unreadCount: 0, starred: random() < 0.5 }
      }
    }
    return {
      route: "updateMessageStatus",
      method: "PUT",
      path: `/conversations/messages/${pending.pop()}/status`,
      body: { status: "delivered" },
      provider: true
    }
  }
  const samples: Record<string, Array<number>> = {}
  const exportSamples: Array<number> = []
  try {
    for (let i = 0; i < warmup + n && performance.now() < deadline; i++) {
      const c = next()
      const t0 = performance.now()
      const res = await call(agent, c.method, server.url + c.path, c.provider === true ? provider : user, c.body)
      const dt = performance.now() - t0
      if (res.status !== 200) throw new Error(`${c.route}: unexpected ${res.status}: ${res.body.slice(0, 200)}`)
      if (c.route === "sendMessage") pending.push((JSON.parse(res.body) as { messageId: string }).messageId)
      if (c.route === "search") {
        const page = JSON.parse(res.body) as { conversations: Array<{ sort: [number] }> }
        searchCursor.value = page.conversations.length < 20 ? undefined : page.conversations.at(-1)?.sort[0]
      }
      if (i >= warmup) (samples[c.route] ??= []).push(dt)
    }
    let cursor: string | undefined
    for (let page = 0; page < pages && performance.now() < deadline; page++) {
      const path = `/conversations/messages/export?locationId=${locationId}&limit=500` +
        (cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`)
      const t0 = performance.now()
      const res = await call(agent, "GET", server.url + path, user)
      const dt = performance.now() - t0
      if (res.status !== 200) throw new Error(`export: unexpected ${res.status}: ${res.body.slice(0, 200)}`)
      exportSamples.push(dt)
      cursor = (JSON.parse(res.body) as { nextCursor?: string }).nextCursor
      if (page % 10 === 9) {
        await call(agent, "POST", `${server.url}/conversations/messages`, user, {
          type: "SMS",
          contactId: conversation(pickId())?.contactId,
          message: "during the walk"
        })
      }
    }
    const counts = mock.store.counts()
    return {
      conversations: counts.conversations,
      messages: counts.messages,
      routes: Object.fromEntries(Object.entries(samples).map(([route, s]) => [route, figures(s)])),
      exportPage500: figures(exportSamples)
    }
  } finally {
    agent.destroy()
    await server.close()
  }
}
