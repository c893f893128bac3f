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

/** Reads the request body up to `max` bytes; undefined when over the limit. */
const readBody = (req: Http.IncomingMessage, max: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    let over = false
    req.on("data", (chunk: Buffer) => {
      if (over) return
      size += chunk.byteLength
      if (size > max) {
        over = true
        chunks.length = 0
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(over ? undefined : Buffer.concat(chunks)))
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

const tooLarge = (res: Http.ServerResponse, maxBody: number) =>
  json(res, 413, { statusCode: 413, message: `Request body larger than ${maxBody} bytes` })

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
    tooLarge(res, maxBody)
    req.resume()
    return undefined
  }
  const bytes = await readBody(req, maxBody)
  if (bytes === undefined) {
    tooLarge(res, maxBody)
    return undefined
  }
  return { bytes }
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
