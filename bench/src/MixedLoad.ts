/**
 * The load generator of the mixed benchmark: 90 % reads and 10 % writes over HTTP to a mock in another process
 * (`mixed-mock-child.ts`), every request timed per route id, then a walk of export pages of 500 while messages are
 * added. Sequential on one keep-alive socket: a latency is one request's, never a queue's. Warm-up requests are
 * sent and dropped; both phases stop at their count or at the deadline, whichever comes first.
 *
 * @since 0.1.0
 */
import * as Http from "node:http"
import * as os from "node:os"
import { call, figures, type RouteFigures } from "./HttpLoad.js"
import type { MixedTarget } from "./MixedTarget.js"

/**
 * Load of one run.
 *
 * @since 0.1.0
 * @category models
 */
export interface MixedOptions {
  /** Timed requests of the 90/10 mix. */
  readonly requests: number
  /** Untimed mixed requests first (JIT, socket, the export index's first build). */
  readonly warmup: number
  /** Timed export pages of 500. */
  readonly exportPages: number
  /** Upper bound of both request phases together, in seconds. */
  readonly maxSeconds: number
}

/**
 * The report of a mixed run: per route id, the export page of 500, and the machine's load around the run.
 *
 * @since 0.1.0
 * @category models
 */
export interface MixedReport {
  readonly routes: Readonly<Record<string, RouteFigures>>
  readonly exportPage500: RouteFigures
  readonly loadavg_1m_start: number
  readonly loadavg_1m_end: number
  readonly seconds: number
}

/** One request of the mix: its route id, method, path and body. */
interface MixedCall {
  readonly route: string
  readonly method: string
  readonly path: string
  readonly body?: unknown
  readonly provider?: boolean
}

const loadavg = () => Math.round((os.loadavg()[0] ?? Number.NaN) * 100) / 100

/**
 * The 90/10 mix, drawn from a fixed-seed generator (every run sends the same sequence): `next` is the next request,
 * `searchCursor` the search's keyset as the last answer left it, `pending` the messages sent and not yet updated.
 */
const makeMix = (target: MixedTarget) => {
  const { conversations, locationId, providerId } = target
  let state = 12345
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648
  const pick = () => conversations[Math.floor(random() * conversations.length)] ?? ["", "", "none"]
  // Messages this run sent (pending): what status updates act on.
  const pending: Array<string> = []
  const mix = {
    pick,
    pending,
    searchCursor: undefined as number | undefined,
    next: (): MixedCall => next()
  }
  const next = (): MixedCall => {
    const r = random()
    if (r < 0.9) {
      const read = r / 0.9
      if (read < 0.3) {
        return {
          route: "search",
          method: "GET",
          path: `/conversations/search?locationId=${locationId}&limit=20` +
            (mix.searchCursor === undefined ? "" : `&startAfterDate=${mix.searchCursor}`)
        }
      }
      if (read < 0.5) return { route: "getConversation", method: "GET", path: `/conversations/${pick()[0]}` }
      if (read < 0.75) return { route: "getMessages", method: "GET", path: `/conversations/${pick()[0]}/messages` }
      if (read < 0.9) return { route: "getMessage", method: "GET", path: `/conversations/messages/${pick()[2]}` }
      return {
        route: "exportMessages",
        method: "GET",
        path: `/conversations/messages/export?locationId=${locationId}&limit=100`
      }
    }
    const write = (r - 0.9) / 0.1
    const [id, contactId] = pick()
    if (write < 0.4) {
      return {
        route: "sendMessage",
        method: "POST",
        path: "/conversations/messages",
        body: { type: "SMS", contactId, message: "benchmark reply" }
      }
    }
    if (write < 0.65) {
      return {
        route: "addInboundMessage",
        method: "POST",
        path: "/conversations/messages/inbound",
        body: { type: "SMS", conversationId: id, contactId, conversationProviderId: providerId, message: "hi" }
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
  return mix
}

/**
 * 90 % reads (search, get conversation, messages page, get message, export page of 100) and 10 % writes (send,
 * inbound, update conversation, message status by the provider), then export pages of 500 with a send every tenth
 * page (the walk stays consistent: its cursor carries its point in time).
 *
 * @since 0.1.0
 * @category constructors
 */
export const mixed = async (target: MixedTarget, options: MixedOptions): Promise<MixedReport> => {
  const loadStart = loadavg()
  const started = performance.now()
  const deadline = started + options.maxSeconds * 1000
  const { locationId } = target
  const agent = new Http.Agent({ keepAlive: true, maxSockets: 1 })
  const base = { version: "2021-04-15", accept: "application/json" }
  const user = { ...base, authorization: `Bearer ${target.tokens.full}` }
  const provider = { ...base, authorization: `Bearer ${target.tokens.provider}` }
  const mix = makeMix(target)
  const { pending, pick } = mix
  const samples: Record<string, Array<number>> = {}
  const exportSamples: Array<number> = []
  try {
    for (let i = 0; i < options.warmup + options.requests && performance.now() < deadline; i++) {
      const c = mix.next()
      const t0 = performance.now()
      const res = await call(agent, c.method, target.url + c.path, c.provider === true ? provider : user, c.body)
      const dt = performance.now() - t0
      if (res.status !== 200) throw new Error(`${c.route}: unexpected ${res.status}: ${res.body.slice(0, 200)}`)
      if (c.route === "sendMessage") pending.push((JSON.parse(res.body) as { messageId: string }).messageId)
      if (c.route === "search") {
        const page = JSON.parse(res.body) as { conversations: Array<{ sort: [number] }> }
        mix.searchCursor = page.conversations.length < 20 ? undefined : page.conversations.at(-1)?.sort[0]
      }
      if (i >= options.warmup) (samples[c.route] ??= []).push(dt)
    }
    let cursor: string | undefined
    for (let page = 0; page < options.exportPages && performance.now() < deadline; page++) {
      const path = `/conversations/messages/export?locationId=${locationId}&limit=500` +
        (cursor === undefined ? "" : `&cursor=${encodeURIComponent(cursor)}`)
      const t0 = performance.now()
      const res = await call(agent, "GET", target.url + path, user)
      const dt = performance.now() - t0
      if (res.status !== 200) throw new Error(`export: unexpected ${res.status}: ${res.body.slice(0, 200)}`)
      exportSamples.push(dt)
      cursor = (JSON.parse(res.body) as { nextCursor?: string }).nextCursor
      if (page % 10 === 9) {
        const [, contactId] = pick()
        const sent = await call(agent, "POST", `${target.url}/conversations/messages`, user, {
          type: "SMS",
          contactId,
          message: "during the walk"
        })
        if (sent.status !== 200) throw new Error(`send during the walk: unexpected ${sent.status}`)
      }
    }
    return {
      routes: Object.fromEntries(Object.entries(samples).map(([route, s]) => [route, figures(s)])),
      exportPage500: figures(exportSamples),
      loadavg_1m_start: loadStart,
      loadavg_1m_end: loadavg(),
      seconds: Math.round(performance.now() - started) / 1000
    }
  } finally {
    agent.destroy()
  }
}
