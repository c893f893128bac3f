/**
 * What the body-altering faults do to an answer, and the HTML page of a failing proxy: every body a fault makes.
 *
 * @since 0.1.0
 * @internal
 */
import * as Responses from "../responses.js"

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The page a reverse proxy serves when the upstream fails (no JSON, no traceId, no rate-limit headers). @internal */
export const htmlErrorPage = (status: number): Response => {
  const title = `${status} ${Responses.STATUS_TEXT[status] ?? "Error"}`
  const body = encoder.encode(
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
      `<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  )
  return new Response(body, {
    status,
    headers: { "content-type": "text/html", "content-length": String(body.byteLength) }
  })
}

/** A trailing comma before the last closing brace: the status and headers look right, `JSON.parse` fails. @internal */
export const malformed = (p: Responses.Prepared): Response => {
  const text = decoder.decode(p.body)
  const at = text.lastIndexOf("}")
  return Responses.toResponse({
    ...p,
    body: encoder.encode(at === -1 ? `${text},` : `${text.slice(0, at)},}${text.slice(at + 1)}`)
  })
}

/** Full `Content-Length`, half the bytes, then the stream fails (over HTTP the adapter closes the socket). @internal */
export const truncated = (p: Responses.Prepared): Response => {
  const half = p.body.subarray(0, Math.floor(p.body.byteLength / 2))
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(half)
    },
    pull(controller) {
      controller.error(new TypeError("terminated: the mock server cut the body short (truncatedBody fault)"))
    }
  })
  return new Response(stream, {
    status: p.status,
    headers: { ...p.headers, "content-length": String(p.body.byteLength) }
  })
}

const CHUNK = 64 * 1024

/**
 * `{"_padding":"xxx…", …the real fields}`: valid JSON of the requested extra size, produced chunk by chunk.
 *
 * @internal
 */
export const huge = (p: Responses.Prepared, bytes: number): Response => {
  const text = decoder.decode(p.body)
  const isObject = text.startsWith("{")
  const head = encoder.encode(`{"_padding":"`)
  const tail = encoder.encode(
    isObject ? (text === "{}" ? `"}` : `",${text.slice(1)}`) : `","body":${text}}`
  )
  const fill = new Uint8Array(Math.min(CHUNK, bytes)).fill(0x78) // "x"
  let sent = 0
  let phase: "head" | "fill" | "tail" | "done" = "head"
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      switch (phase) {
        case "head":
          controller.enqueue(head)
          phase = "fill"
          return
        case "fill": {
          const n = Math.min(CHUNK, bytes - sent)
          controller.enqueue(n === fill.byteLength ? fill : fill.subarray(0, n))
          sent += n
          if (sent >= bytes) phase = "tail"
          return
        }
        case "tail":
          controller.enqueue(tail)
          phase = "done"
          return
        case "done":
          controller.close()
      }
    }
  })
  return new Response(stream, {
    status: p.status,
    headers: {
      ...p.headers,
      "content-length": String(head.byteLength + bytes + tail.byteLength)
    }
  })
}

/**
 * The body in `chunks` pieces, each after `delayMs`; cancelling the stream (client gone) clears the timer.
 *
 * @internal
 */
export const slow = (p: Responses.Prepared, chunks: number, delayMs: number): Response => {
  const size = Math.ceil(p.body.byteLength / chunks)
  let offset = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      return new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          timer = undefined
          if (offset >= p.body.byteLength) {
            controller.close()
          } else {
            controller.enqueue(p.body.subarray(offset, offset + size))
            offset += size
            if (offset >= p.body.byteLength) controller.close()
          }
          resolve()
        }, delayMs)
      })
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer)
    }
  })
  return new Response(stream, {
    status: p.status,
    headers: { ...p.headers, "content-length": String(p.body.byteLength) }
  })
}
