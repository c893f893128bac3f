/**
 * Reading a few headers of a response without copying them all.
 *
 * @since 0.1.0
 * @internal
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { webResponseOf } from "./fetchBody.js"
import { undiciResponseOf } from "./undiciBody.js"

/**
 * One header of a response by its lower-case name (repeated values joined by `", "`, as the platform's `Headers`
 * joins them), or `undefined`.
 *
 * @internal
 */
export type HeaderReader = (name: string) => string | undefined

// undici's `request` gives its headers as a record, a repeated header as an array.
const isHeaderRecord = (u: unknown): u is Readonly<Record<string, string | ReadonlyArray<string> | undefined>> =>
  typeof u === "object" && u !== null

/**
 * The header reader of `response`. Every read of the platform's `response.headers` builds a record of all of them
 * (over undici, and over `FetchHttpClient` at every read), and the client reads about eight on every response (the
 * rate headers, the length and the encoding of the body): a real HighLevel answer carries twenty or more. So the
 * reader looks the name up in the transport's own headers, the web `Headers` of a fetch `Response` or undici's
 * record, kept in the platform's response as `source` (as internal/fetchBody.ts and internal/undiciBody.ts find
 * the body there); any other response is read through `response.headers`, copied once.
 *
 * Measured per Get Conversation against the bench server (five response headers), interleaved rounds on a quiet
 * 2-core machine, two runs of a scratch A/B: 16–22 µs of CPU (5–11 µs of wall time) less over undici, where the
 * headers were copied twice per response, and 30–54 µs of CPU (13–30 µs of wall time) less over the lean fetch
 * transport, where they were copied once, sorted.
 *
 * @internal
 */
export const headerReaderOf = (response: HttpClientResponse.HttpClientResponse): HeaderReader => {
  const web = webResponseOf(response)
  if (web !== undefined) {
    const headers = web.headers
    return (name) => headers.get(name) ?? undefined
  }
  const undici = undiciResponseOf(response)
  if (undici !== undefined && "headers" in undici) {
    const headers = undici.headers
    if (isHeaderRecord(headers)) {
      return (name) => {
        const value = headers[name]
        return typeof value === "string" || value === undefined ? value : value.join(", ")
      }
    }
  }
  const headers = response.headers
  return (name) => headers[name]
}
