/**
 * A minimal scripted HTTP server for the client's own tests: it binds 127.0.0.1 on port 0, records every request and
 * answers with whatever the test's handler returns. The full HighLevel mock lives in @highlevel-effect/mock-server.
 */
import * as Effect from "effect/Effect"
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

export interface ReceivedRequest {
  readonly method: string
  /** The raw request target as it arrived on the wire (path + query), before any decoding. */
  readonly target: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: IncomingHttpHeaders
}

export interface FixtureResponse {
  readonly status?: number
  readonly headers?: Record<string, string>
  /** A value to send as JSON, or a string sent as is. */
  readonly body?: unknown
  /** Answer after this many milliseconds (a slow server). */
  readonly delayMs?: number
}

export interface FixtureServer {
  readonly baseUrl: string
  readonly requests: Array<ReceivedRequest>
}

/** Starts a fixture server for the duration of the scope. */
export const fixtureServer = (handler: (request: ReceivedRequest, index: number) => FixtureResponse) =>
  Effect.acquireRelease(
    Effect.async<FixtureServer & { readonly close: () => void }>((resume) => {
      const requests: Array<ReceivedRequest> = []
      const server = createServer((req, res) => {
        const target = req.url ?? "/"
        const url = new URL(target, "http://fixture.local")
        const received: ReceivedRequest = {
          method: req.method ?? "GET",
          target,
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers
        }
        requests.push(received)
        const response = handler(received, requests.length - 1)
        const body = typeof response.body === "string" ? response.body : JSON.stringify(response.body ?? {})
        const answer = () => {
          res.writeHead(response.status ?? 200, { "content-type": "application/json", ...response.headers })
          res.end(body)
        }
        if (response.delayMs === undefined) answer()
        else setTimeout(answer, response.delayMs)
      })
      server.keepAliveTimeout = 1000
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          baseUrl: `http://127.0.0.1:${port}`,
          requests,
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    (server) => Effect.sync(server.close)
  )
