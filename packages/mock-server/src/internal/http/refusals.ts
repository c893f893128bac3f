/**
 * The node:http adapter's own answers, for requests that never reach the handlers: a JSON answer, and the
 * refusals that drain what the client still sends before the connection closes (a lingering close).
 *
 * @since 0.1.0
 * @internal
 */
import type * as Http from "node:http"
import type { Duplex } from "node:stream"

/** A JSON answer that closes the connection. @internal */
export const json = (res: Http.ServerResponse, status: number, body: unknown) => {
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
 * @internal
 */
export const refuseThenDrain = (
  req: Http.IncomingMessage,
  res: Http.ServerResponse,
  status: number,
  message: string
) => {
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
 * @internal
 */
export const answerSocketThenDrain = (socket: Duplex, status: number, reason: string, message: string) => {
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
