/**
 * Building responses: JSON bodies as bytes (so faults can rewrite them) and the body-altering faults.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockFaults from "../MockFaults.js"

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** A response before it becomes a `Response`: body-altering faults work on this. @internal */
export interface Prepared {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: Uint8Array<ArrayBuffer>
}

/** @internal */
export const JSON_TYPE = "application/json; charset=utf-8"

/** @internal */
export const json = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Prepared => ({
  status,
  headers: { ...headers, "content-type": JSON_TYPE },
  body: encoder.encode(JSON.stringify(body))
})

/** @internal */
export const toResponse = (p: Prepared): Response =>
  new Response(p.body, {
    status: p.status,
    headers: { ...p.headers, "content-length": String(p.body.byteLength) }
  })

/** @internal */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  413: "Payload Too Large",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

/** The page a reverse proxy serves when the upstream fails (no JSON, no traceId, no rate-limit headers). @internal */
export const htmlErrorPage = (status: number): Response => {
  const title = `${status} ${STATUS_TEXT[status] ?? "Error"}`
  const body = encoder.encode(
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
      `<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  )
  return new Response(body, {
    status,
    headers: { "content-type": "text/html", "content-length": String(body.byteLength) }
  })
}

/** A trailing comma before the last closing brace: the status and headers look right, `JSON.parse` fails. */
const malformed = (p: Prepared): Response => {
  const text = decoder.decode(p.body)
  const at = text.lastIndexOf("}")
  return toResponse({
    ...p,
    body: encoder.encode(at === -1 ? `${text},` : `${text.slice(0, at)},}${text.slice(at + 1)}`)
  })
}

/** Full `Content-Length`, half the bytes, then the stream fails (over HTTP the adapter closes the socket). */
const truncated = (p: Prepared): Response => {
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

/** `{"_padding":"xxx…", …the real fields}`: valid JSON of the requested extra size, produced chunk by chunk. */
const huge = (p: Prepared, bytes: number): Response => {
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

/** The body in `chunks` pieces, each after `delayMs`; cancelling the stream (client gone) clears the timer. */
const slow = (p: Prepared, chunks: number, delayMs: number): Response => {
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

/** Applies a body-altering fault (or none) to a prepared response. @internal */
export const finish = (p: Prepared, fault: MockFaults.Fault | undefined): Response => {
  switch (fault?._tag) {
    case "malformedJson":
      return malformed(p)
    case "truncatedBody":
      return truncated(p)
    case "wrongContentType":
      return toResponse({ ...p, headers: { ...p.headers, "content-type": "text/plain; charset=utf-8" } })
    case "hugeBody":
      return huge(p, fault.bytes)
    case "slowBody":
      return slow(p, fault.chunks, fault.delayMs)
    default:
      return toResponse(p)
  }
}
