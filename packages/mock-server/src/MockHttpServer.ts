/**
 * Serves a mock over real HTTP with a small `node:http` adapter around `mock.fetch` (the dispatch the msw handlers
 * wrap, called without msw), so clients exercise their real transport: sockets, keep-alive, streaming, resets.
 *
 * @example
 * const server = await MockHttpServer.listen(HighLevelMock.make({ seed: 42 }), { port: 0 })
 * // … HIGHLEVEL_BASE_URL = server.url …
 * await server.close()
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import type { Duplex } from "node:stream"
import type * as HighLevelMock from "./HighLevelMock.js"
import { handle, UPLOAD_PATH } from "./internal/http/handle.js"
import { answerSocketThenDrain } from "./internal/http/refusals.js"
import { methodNotAllowed } from "./internal/http/target.js"

/**
 * Options of `listen`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListenOptions {
  /** Default 0: the system picks a free port. */
  readonly port?: number
  /** Default `127.0.0.1` (never all interfaces unless asked). */
  readonly host?: string
  /** Largest request body accepted (control API, OAuth); larger ones get 413. Default 1 MiB. */
  readonly maxBodyBytes?: number
  /**
   * Largest body of an upload (`POST /conversations/messages/upload`, the signed-URL `PUT /__mock/uploads/…`);
   * the mock's own caps (`HighLevelMock.UploadLimits`) answer below it. Default 32 MiB.
   */
  readonly maxUploadBodyBytes?: number
  /** How long `close` lets in-flight responses finish before cutting connections. Default 2,000 ms. */
  readonly shutdownGraceMs?: number
}

/**
 * A listening server.
 *
 * @since 0.1.0
 * @category models
 */
export interface RunningServer {
  /** `http://127.0.0.1:<port>`, no trailing slash: the client's base URL. */
  readonly url: string
  readonly port: number
  readonly host: string
  readonly mock: HighLevelMock.HighLevelMock
  /**
   * Stops accepting connections, closes idle keep-alive sockets at once and the others when their response ends
   * (or after `shutdownGraceMs`). Idempotent.
   */
  readonly close: () => Promise<void>
}

/**
 * Failure to bind (port in use, bad host…).
 *
 * @since 0.1.0
 * @category errors
 */
export class ListenError extends Schema.TaggedError<ListenError>()("ListenError", {
  host: Schema.String,
  port: Schema.Number,
  message: Schema.String
}) {}

/**
 * The server as an Effect service.
 *
 * @since 0.1.0
 * @category models
 */
export class MockHttpServer extends Context.Tag("@highlevel-effect/mock-server/MockHttpServer")<
  MockHttpServer,
  RunningServer
>() {}

/** Stops accepting, closes idle sockets now and busy ones when done (or after `grace` ms). */
const closeGracefully = (server: Http.Server, grace: number) =>
  new Promise<void>((done) => {
    const force = setTimeout(() => server.closeAllConnections(), grace)
    force.unref()
    server.close(() => {
      clearTimeout(force)
      done()
    })
    server.closeIdleConnections()
  })

/**
 * Starts serving `mock`. Resolves once listening; rejects with `ListenError` if the address cannot be bound.
 *
 * @since 0.1.0
 * @category constructors
 */
export const listen = (
  mock: HighLevelMock.HighLevelMock,
  options: ListenOptions = {}
): Promise<RunningServer> => {
  const host = options.host ?? "127.0.0.1"
  const maxBody = options.maxBodyBytes ?? 1024 * 1024
  const maxUpload = Math.max(maxBody, options.maxUploadBodyBytes ?? 32 * 1024 * 1024)
  const grace = options.shutdownGraceMs ?? 2_000
  const server = Http.createServer({ maxHeaderSize: 16 * 1024, requestTimeout: 30_000 })
  let origin = ""

  server.on("request", (req: Http.IncomingMessage, res: Http.ServerResponse) => {
    handle(mock, UPLOAD_PATH.test(req.url ?? "") ? maxUpload : maxBody, origin, req, res).catch(() => res.destroy())
  })
  // Without a listener node closes a CONNECT without a word.
  server.on("connect", (_req: Http.IncomingMessage, socket: Duplex) => {
    answerSocketThenDrain(socket, 405, "Method Not Allowed", methodNotAllowed("CONNECT"))
  })
  // Node's own answers to what its parser refuses are bare and followed by an immediate destroy (a reset while the
  // client still sends): the same statuses, with a JSON body and a drain.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy()
      return
    }
    if (error.code === "HPE_HEADER_OVERFLOW") {
      answerSocketThenDrain(socket, 431, "Request Header Fields Too Large", "Request headers larger than 16 KB")
    } else if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") {
      answerSocketThenDrain(socket, 408, "Request Timeout", "The request did not arrive in time")
    } else {
      answerSocketThenDrain(socket, 400, "Bad Request", "Malformed HTTP request")
    }
  })

  return new Promise<RunningServer>((resolve, reject) => {
    const onError = (e: Error) => {
      reject(new ListenError({ host, port: options.port ?? 0, message: e.message }))
    }
    server.once("error", onError)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", onError)
      const { port } = server.address() as AddressInfo
      const hostInUrl = host.includes(":") ? `[${host}]` : host
      origin = `http://${hostInUrl}:${port}`
      let closing: Promise<void> | undefined
      resolve({
        url: origin,
        port,
        host,
        mock,
        close: () => {
          closing ??= closeGracefully(server, grace)
          return closing
        }
      })
    })
  })
}

/**
 * A scoped layer: listens when built, closes (gracefully) when its scope closes.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  mock: HighLevelMock.HighLevelMock,
  options: ListenOptions = {}
): Layer.Layer<MockHttpServer, ListenError> =>
  Layer.scoped(
    MockHttpServer,
    Effect.acquireRelease(
      Effect.tryPromise({
        try: () => listen(mock, options),
        catch: (e) =>
          e instanceof ListenError
            ? e
            : new ListenError({ host: options.host ?? "127.0.0.1", port: 0, message: String(e) })
      }),
      (server) => Effect.promise(() => server.close())
    )
  )
