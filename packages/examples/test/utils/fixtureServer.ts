/**
 * A scripted HTTP server on 127.0.0.1 (port 0) for the duration of a scope: it answers each request with what the
 * test's handler returns, given the path, the query and the bearer token the request carried.
 */
import * as Effect from "effect/Effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

export interface FixtureRequest {
  readonly path: string
  readonly query: URLSearchParams
  /** The bearer token of the request, without `Bearer `. */
  readonly token: string
}

export interface FixtureResponse {
  readonly status?: number
  readonly body: unknown
}

export const fixtureServer = (handler: (request: FixtureRequest) => FixtureResponse) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly close: () => void }>((resume) => {
      const server = createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://fixture.local")
        const token = (req.headers.authorization ?? "").replace(/^Bearer /, "")
        const response = handler({ path: url.pathname, query: url.searchParams, token })
        res.writeHead(response.status ?? 200, { "content-type": "application/json" })
        res.end(JSON.stringify(response.body))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          url: `http://127.0.0.1:${port}`,
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    (server) => Effect.sync(server.close)
  )
