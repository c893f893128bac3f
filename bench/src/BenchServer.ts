/**
 * The benchmarks' own HTTP server: fixed precomputed bodies for the per-request benchmark, and a stateless
 * paginating server for the streaming benchmark whose page cost is a string substitution, so what is measured is the
 * client, not the server.
 *
 * @since 0.1.0
 */
import * as Http from "node:http"
import { conversationSummary, fixedBodies, messagesPage } from "./Fixtures.js"

/**
 * The page size of the streaming routes (the client's default `pageSize`).
 */
const pageSize = 100

/**
 * The search location of a synthetic dataset of `conversations` conversations with `messagesPerConversation`
 * messages each. The server is stateless: the dataset is described by its ids.
 *
 * @since 0.1.0
 * @category constructors
 */
export const datasetLocation = (conversations: number, messagesPerConversation: number): string =>
  `bench${conversations}x${messagesPerConversation}`

/**
 * The id of a synthetic conversation with `messages` messages.
 *
 * @since 0.1.0
 * @category constructors
 */
export const conversationWith = (messages: number, index = 0): string => `c${messages}x${index}`

const conversationPattern = /^c(\d+)x(\d+)$/
const locationPattern = /^bench(\d+)x(\d+)$/
const cursorPattern = /p(\d+)m\d+$/
const newestSort = 1_711_563_229_000

// One page rendered with markers; a request substitutes the conversation id and the page number, so page cost is
// constant and message ids stay unique across pages (the client checks its cursor moves).
const templates = (() => {
  const owner = { locationId: "ve9EPM428h8vShlRW1KT", contactId: "9VEmS0si86GW6gXWU89b", conversationId: "§C§" }
  const render = (nextPage: boolean) =>
    JSON.stringify(messagesPage({
      seed: 7,
      owner,
      idPrefix: "§C§p§P§m",
      count: pageSize,
      nextPage,
      traceId: "5d0c2b7e-1f4a-4c3e-9e8d-6b2a7f1c0d95"
    }))
  return { more: render(true), last: render(false) }
})()

const jsonHeaders = (length: number): Http.OutgoingHttpHeaders => ({
  "content-type": "application/json; charset=utf-8",
  "content-length": length,
  // Real responses carry these on every request; the clients must read them. The figures are far above what a run
  // sends: the client's rate budget takes `-Max` as a limit (headers only tighten it), and a real 100 per 10 s would
  // make this a benchmark of the limiter's waits (it did: a requests run took minutes of wall time for seconds of CPU).
  "x-ratelimit-max": "1000000000",
  "x-ratelimit-remaining": "999999999",
  "x-ratelimit-interval-milliseconds": "10000",
  "x-ratelimit-limit-daily": "1000000000",
  "x-ratelimit-daily-remaining": "999999999"
})

const sendBuffer = (res: Http.ServerResponse, status: number, body: Buffer): void => {
  res.writeHead(status, jsonHeaders(body.length))
  res.end(body)
}

const sendText = (res: Http.ServerResponse, status: number, body: string): void =>
  sendBuffer(res, status, Buffer.from(body, "utf8"))

const notFound = (res: Http.ServerResponse, path: string): void =>
  sendText(res, 404, JSON.stringify({ statusCode: 404, message: `bench server: no route for ${path}` }))

const streamingPage = (res: Http.ServerResponse, conversationId: string, total: number, cursor: string | null) => {
  const match = cursor === null ? null : cursorPattern.exec(cursor)
  const page = match === null ? 0 : Number(match[1]) + 1
  if (page * pageSize >= total) {
    return sendText(res, 200, JSON.stringify({ messages: { nextPage: false, messages: [] } }))
  }
  const template = (page + 1) * pageSize < total ? templates.more : templates.last
  sendText(res, 200, template.replaceAll("§C§", conversationId).replaceAll("§P§", String(page)))
}

const searchPage = (res: Http.ServerResponse, url: URL) => {
  const match = locationPattern.exec(url.searchParams.get("locationId") ?? "")
  if (match === null) return notFound(res, url.pathname)
  const conversations = Number(match[1])
  const perConversation = Number(match[2])
  const limit = Math.min(Number(url.searchParams.get("limit") ?? "20"), 100)
  const after = url.searchParams.get("startAfterDate")
  // Sort values descend by one second per conversation, so the cursor maps straight to an index.
  const start = after === null ? 0 : Math.floor((newestSort - Number(after)) / 1000) + 1
  const end = Math.min(conversations, start + limit)
  const documents = []
  for (let i = start; i < end; i++) {
    documents.push(conversationSummary({
      locationId: url.searchParams.get("locationId") ?? "",
      contactId: "9VEmS0si86GW6gXWU89b",
      conversationId: conversationWith(perConversation, i)
    }, newestSort - i * 1000))
  }
  sendText(res, 200, JSON.stringify({ conversations: documents, total: conversations, traceId: "bench-search" }))
}

/**
 * A running server.
 *
 * @since 0.1.0
 * @category models
 */
export interface Running {
  readonly url: string
  readonly port: number
  readonly close: () => Promise<void>
}

/**
 * Starts the server on 127.0.0.1 and an ephemeral port. Routes:
 * - `GET /conversations/search?locationId=bench{n}x{m}`: keyset pages over `n` synthetic conversations;
 * - `GET /conversations/c{m}x{i}/messages`: `m` messages in pages of 100, cursor `lastMessageId`;
 * - `GET /conversations/{any other id}` and `/messages`: the fixed precomputed bodies of the per-request benchmark;
 * - `POST /conversations/messages`: the body read, then a fixed Send Message answer.
 *
 * @since 0.1.0
 * @category constructors
 */
export const listen = (): Promise<Running> => {
  const fixed = fixedBodies()
  const conversationBuffer = Buffer.from(fixed.conversation, "utf8")
  const page100Buffer = Buffer.from(fixed.page100, "utf8")
  const sentBuffer = Buffer.from(fixed.sent, "utf8")
  const server = Http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    // Send Message: the body is read whole (a real server parses it) before the fixed answer.
    if (req.method === "POST" && url.pathname === "/conversations/messages") {
      req.resume()
      req.on("end", () => sendBuffer(res, 200, sentBuffer))
      return
    }
    const parts = url.pathname.split("/")
    // ["", "conversations", id] or ["", "conversations", id, "messages"]
    if (req.method !== "GET" || parts[1] !== "conversations" || parts[2] === undefined) {
      return notFound(res, url.pathname)
    }
    const id = decodeURIComponent(parts[2])
    if (parts.length === 3) {
      return id === "search" ? searchPage(res, url) : sendBuffer(res, 200, conversationBuffer)
    }
    if (parts.length === 4 && parts[3] === "messages") {
      const synthetic = conversationPattern.exec(id)
      return synthetic === null
        ? sendBuffer(res, 200, page100Buffer)
        : streamingPage(res, id, Number(synthetic[1]), url.searchParams.get("lastMessageId"))
    }
    return notFound(res, url.pathname)
  })
  // Keep connections open for the whole run: every contender uses keep-alive.
  server.keepAliveTimeout = 120_000
  server.headersTimeout = 121_000
  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      if (address === null || typeof address === "string") return reject(new Error("bench server: no TCP address"))
      const port = address.port
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}
