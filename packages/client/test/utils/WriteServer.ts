/**
 * A node:http server for the write-retry tests: each request gets the behaviour its handler picks, including the ones
 * only a real socket can show: commit then destroy the connection without an answer, or never answer. It records
 * every request with its body, binds 127.0.0.1 on port 0 and closes itself (and every connection) with its scope.
 */
import * as Effect from "effect/Effect"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export interface WriteRequest {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly body: string
}

export type Behaviour =
  | {
    readonly _tag: "answer"
    readonly status: number
    readonly body: unknown
    readonly headers?: Record<string, string>
  }
  /** The request is read whole (the write "commits"), then the socket is destroyed without a response. */
  | { readonly _tag: "commitThenDrop" }
  /** The request is read whole and never answered (until the server closes). */
  | { readonly _tag: "hang" }

export const answer = (status: number, body: unknown, headers?: Record<string, string>): Behaviour =>
  headers === undefined ? { _tag: "answer", status, body } : { _tag: "answer", status, body, headers }

export interface WriteServer {
  readonly baseUrl: string
  readonly requests: Array<WriteRequest>
}

export const writeServer = (handler: (request: WriteRequest, index: number) => Behaviour) =>
  Effect.acquireRelease(
    Effect.async<WriteServer & { readonly close: () => void }>((resume) => {
      const requests: Array<WriteRequest> = []
      const hanging: Array<ServerResponse> = []
      const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          const url = new URL(req.url ?? "/", "http://write.local")
          const request: WriteRequest = {
            method: req.method ?? "GET",
            path: url.pathname,
            query: url.searchParams,
            body: Buffer.concat(chunks).toString("utf8")
          }
          requests.push(request)
          const behaviour = handler(request, requests.length - 1)
          switch (behaviour._tag) {
            case "answer": {
              res.writeHead(behaviour.status, { "content-type": "application/json", ...behaviour.headers })
              res.end(typeof behaviour.body === "string" ? behaviour.body : JSON.stringify(behaviour.body))
              return
            }
            case "commitThenDrop":
              req.socket.destroy()
              return
            case "hang":
              hanging.push(res)
              return
          }
        })
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(Effect.succeed({
          baseUrl: `http://127.0.0.1:${port}`,
          requests,
          close: () => {
            for (const res of hanging) res.destroy()
            server.closeAllConnections()
            server.close()
          }
        }))
      })
    }),
    (server) => Effect.sync(server.close)
  )
