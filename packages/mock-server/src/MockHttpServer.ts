/**
 * Serves a mock over real HTTP with a small `node:http` adapter around the same msw handlers (`mock.fetch`, which
 * uses msw's `getResponse`), so clients exercise their real transport: sockets, keep-alive, streaming, resets.
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

const json = (res: Http.ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    connection: "close"
  })
  res.end(text)
}

// After a refusal (413, 431, 405 on CONNECT) the client may still be sending. Closing a socket with unread bytes
// makes the kernel send a reset, and a client that gets it before reading may never see the answer: so the rest is
// read and dropped, up to these bounds, before the connection closes (what nginx calls a lingering close).
const DRAIN_BYTES = 16 * 1024 * 1024
const DRAIN_MS = 2_000

const refusalText = (status: number, message: string) => JSON.stringify({ statusCode: status, message })

/**
 * Answers a request whose body is refused (413), then drains the body: the response is written at once (the client
 * reads it while still sending) and ended, with `connection: close`, once the body is in or a bound is reached.
 */
const refuseThenDrain = (req: Http.IncomingMessage, res: Http.ServerResponse, status: number, message: string) => {
  const text = refusalText(status, message)
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    connection: "close"
  })
  // Written, not ended: node closes a `connection: close` socket as soon as the response ends.
  res.write(text)
  let drained = 0
  const finish = (cut: boolean) => {
    clearTimeout(timer)
    req.off("data", count)
    if (!res.writableEnded) res.end()
    if (cut) req.socket.destroy()
  }
  const count = (chunk: Buffer) => {
    drained += chunk.byteLength
    if (drained > DRAIN_BYTES) finish(true)
  }
  const timer = setTimeout(() => finish(true), DRAIN_MS)
  timer.unref()
  if (req.readableEnded) return finish(false)
  req.on("data", count)
  req.once("end", () => finish(false))
  req.once("error", () => finish(true))
  req.resume()
}

/**
 * Answers on a socket node's parser has given up on (a 431, a malformed request, CONNECT), then drains it: writes
 * the response and half-closes, reads and drops what still arrives, and destroys the socket once the client has
 * closed its side or a bound is reached.
 */
const answerSocketThenDrain = (socket: Duplex, status: number, reason: string, message: string) => {
  const text = refusalText(status, message)
  // The parser's own listeners would feed it more bytes (and raise more errors): from here on the bytes are ours.
  socket.removeAllListeners("data")
  socket.on("error", () => socket.destroy())
  let drained = 0
  const timer = setTimeout(() => socket.destroy(), DRAIN_MS)
  timer.unref()
  socket.once("close", () => clearTimeout(timer))
  socket.on("data", (chunk: Buffer) => {
    drained += chunk.byteLength
    if (drained > DRAIN_BYTES) socket.destroy()
  })
  socket.once("end", () => socket.destroy())
  socket.resume()
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`
  )
}

/** Reads the request body up to `max` bytes; undefined, as soon as it is over the limit, when it is. */
const readBody = (req: Http.IncomingMessage, max: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > max) {
        req.off("data", onData)
        chunks.length = 0
        resolve(undefined)
        return
      }
      chunks.push(chunk)
    }
    req.on("data", onData)
    req.on("end", () => resolve(Buffer.concat(chunks)))
    req.on("error", reject)
  })

const waitDrainOrClose = (res: Http.ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done)
      res.off("close", done)
      resolve()
    }
    res.once("drain", done)
    res.once("close", done)
  })

/** Copies a Fetch response onto the node response, streaming the body; a failing body stream cuts the socket. */
const send = async (req: Http.IncomingMessage, res: Http.ServerResponse, response: Response) => {
  if (response.type === "error") {
    // msw's `HttpResponse.error()`: a network error. Over HTTP that is a dropped connection.
    req.socket.destroy()
    return
  }
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  res.writeHead(response.status, headers)
  if (response.body === null || req.method === "HEAD") {
    res.end()
    return
  }
  const reader = response.body.getReader()
  const onClose = () => {
    if (!res.writableFinished) reader.cancel().catch(() => undefined)
  }
  res.once("close", onClose)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (res.destroyed) return
      if (!res.write(value)) await waitDrainOrClose(res)
    }
    res.end()
  } catch {
    // The body stream failed mid-way (e.g. the truncatedBody fault): the client must see a cut connection, after
    // what was already written. `socket.end()` flushes the pending writes and then closes; `destroy()` would drop
    // them. The timer covers a client that never reads.
    const socket = res.socket
    if (socket === null) {
      res.destroy()
    } else {
      socket.end()
      setTimeout(() => socket.destroy(), 1_000).unref()
    }
  } finally {
    res.off("close", onClose)
  }
}

const tooLarge = (req: Http.IncomingMessage, res: Http.ServerResponse, maxBody: number) =>
  refuseThenDrain(req, res, 413, `Request body larger than ${maxBody} bytes`)

/** The body of a request that may carry one; undefined (after answering 413) when it is too large. */
const bodyOf = async (
  req: Http.IncomingMessage,
  res: Http.ServerResponse,
  maxBody: number
): Promise<{ readonly bytes: Buffer | undefined } | undefined> => {
  const method = req.method ?? "GET"
  if (method === "GET" || method === "HEAD") return { bytes: undefined }
  const declared = Number(req.headers["content-length"] ?? "0")
  if (declared > maxBody) {
    tooLarge(req, res, maxBody)
    return undefined
  }
  const bytes = await readBody(req, maxBody)
  if (bytes === undefined) {
    tooLarge(req, res, maxBody)
    return undefined
  }
  return { bytes }
}

// Methods a Fetch `Request` refuses to carry (it throws): answered here, before one is built.
const unsupportedMethods = new Set(["CONNECT", "TRACE", "TRACK"])
const allowedMethods = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"

const methodNotAllowed = (method: string) =>
  `Method ${method} is not supported by this server (allowed: ${allowedMethods})`

/**
 * What is wrong with the raw path of a request target, if anything. The URL parser would turn a backslash into a
 * slash and resolve dot-segments, percent-encoded ones included (`%2e%2e`), so `/conversations/%2e%2e/__mock/state`
 * would reach the control API and `/conversations\<id>` a conversation: routing is on the path as sent, and a
 * target the parser would rewrite is refused instead.
 */
const rawPathProblem = (target: string): string | undefined => {
  // The origin form (`/path?query`), or the path of an absolute-form target (`http://host/path?query`).
  const path = (target.startsWith("/") ? target : target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "")).split(
    /[?#]/
  )[0] ?? ""
  if (path.includes("\\")) return "a backslash in the path"
  const dotSegment = path.split("/").some((segment) => {
    const dots = segment.replace(/%2e/gi, ".")
    return dots === "." || dots === ".."
  })
  return dotSegment ? "a dot-segment (. or .., plain or percent-encoded) in the path" : undefined
}

/** The Fetch request the handlers see: the target rewritten to `base`, hop-by-hop headers dropped. */
const toRequest = (req: Http.IncomingMessage, base: string, body: Buffer | undefined): Request | undefined => {
  const target = req.url ?? "/"
  let url: URL
  try {
    const path = target.startsWith("/") ? target : new URL(target).pathname + new URL(target).search
    url = new URL(`${base.replace(/\/+$/, "")}${path}`)
  } catch {
    return undefined
  }
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i] ?? ""
    // Hop-by-hop headers mean nothing to the handlers, and undici refuses some of them on a Request.
    if (/^(connection|keep-alive|transfer-encoding|upgrade|expect)$/i.test(name)) continue
    headers.append(name, req.rawHeaders[i + 1] ?? "")
  }
  return new Request(url, {
    method: req.method ?? "GET",
    headers,
    ...(body === undefined || body.byteLength === 0 ? {} : { body: new Uint8Array(body) })
  })
}

/** Answers one node request through `mock.fetch`; `base` is the origin the handlers match. */
const handle = async (
  mock: HighLevelMock.HighLevelMock,
  maxBody: number,
  base: string,
  req: Http.IncomingMessage,
  res: Http.ServerResponse
) => {
  const method = (req.method ?? "GET").toUpperCase()
  if (unsupportedMethods.has(method)) {
    res.setHeader("allow", allowedMethods)
    json(res, 405, { statusCode: 405, message: methodNotAllowed(method) })
    return
  }
  const problem = rawPathProblem(req.url ?? "/")
  if (problem !== undefined) {
    json(res, 400, { statusCode: 400, message: `Malformed request target: ${problem}` })
    return
  }
  const body = await bodyOf(req, res, maxBody)
  if (body === undefined) return
  // With a configured baseUrl the handlers only match it (origin and path prefix): rewrite to it.
  const request = toRequest(req, mock.baseUrl ?? base, body.bytes)
  if (request === undefined) {
    json(res, 400, { statusCode: 400, message: "Malformed request target" })
    return
  }
  let response: Response
  try {
    response = await mock.fetch(request)
  } catch (e) {
    // A bug in the mock, not bad input: say so instead of hanging the client.
    json(res, 500, { statusCode: 500, message: `Mock server error: ${e instanceof Error ? e.message : String(e)}` })
    return
  }
  await send(req, res, response)
}

// Upload bodies get their own limit (under any mount prefix).
const UPLOAD_PATH = /\/(?:conversations\/messages\/upload\/?|__mock\/uploads\/[^/?]+)(?:\?|$)/

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
