/**
 * A Fetch `Response` written onto a node response: headers, then the body streamed with backpressure; a body that
 * fails mid-way cuts the connection after what was already written, and msw's network error drops it.
 *
 * @since 0.1.0
 * @internal
 */
import type * as Http from "node:http"

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

/** Copies a Fetch response onto the node response, streaming the body; a failing body stream cuts the socket. @internal */
export const send = async (req: Http.IncomingMessage, res: Http.ServerResponse, response: Response) => {
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
