/**
 * A scripted HTTP server for the tests that need the raw `node:http` side (the operation tests, the body limit, the
 * attempt timeout): it binds 127.0.0.1 on port 0, reads every request body whole (so a test can parse a multipart
 * upload), records it, and lets the handler answer as it likes on the raw `ServerResponse` (a stream written in steps,
 * a connection destroyed). Open connections are cut when the scope closes.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export interface RawRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  /** The raw request target (path and query) as it arrived. */
  readonly target: string
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

export interface RawServer {
  readonly baseUrl: string
  readonly requests: Array<RawRequest>
  /** Requests whose answer the client dropped before it was complete. */
  readonly aborted: () => number
  /** Requests that arrived (their head), counted before their body is read: one cut off mid-body counts too. */
  readonly arrivals: () => number
}

export type RawHandler = (request: RawRequest, response: ServerResponse, index: number) => void

/** Sends `body` as JSON with `status`. */
export const sendJson = (response: ServerResponse, status: number, body: unknown): void => {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
}

/** Starts the server for the duration of the scope. */
export const rawServer = (handler: RawHandler): Effect.Effect<RawServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.async<RawServer & { readonly close: () => void }>((resume) => {
      const requests: Array<RawRequest> = []
      let aborted = 0
      let arrivals = 0
      const server = createServer((req, res) => {
        arrivals++
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const target = req.url ?? "/"
          const url = new URL(target, "http://raw.local")
          const request: RawRequest = {
            method: req.method ?? "GET",
            path: url.pathname,
            query: url.searchParams,
            target,
            headers: req.headers,
            body: Buffer.concat(chunks)
          }
          requests.push(request)
          res.on("close", () => {
            if (!res.writableFinished) aborted++
          })
          handler(request, res, requests.length - 1)
        })
      })
      server.keepAliveTimeout = 1000
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          baseUrl: `http://127.0.0.1:${port}`,
          requests,
          aborted: () => aborted,
          arrivals: () => arrivals,
          close: () => {
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    (server) => Effect.sync(server.close)
  )

/** Parses a recorded `multipart/form-data` body with the platform's own parser (undici's `Response.formData`). */
export const formDataOf = (request: RawRequest): Promise<FormData> =>
  new Response(new Uint8Array(request.body), { headers: { "content-type": request.headers["content-type"] ?? "" } })
    .formData()

/** The `index`-th item, failing the test when there is none (instead of a non-null assertion). */
export const at = <A>(items: ReadonlyArray<A>, index: number): A => {
  const item = items[index]
  if (item === undefined) throw new Error(`expected an item at ${index}, got ${items.length} items`)
  return item
}
