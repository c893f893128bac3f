/**
 * Reading the bodies of the undici transport (`NodeHttpClient.layerUndici`) straight from undici's body stream.
 *
 * The platform's undici response reads its text through `Effect.tryPromise(…).pipe(Effect.cached, Effect.runSync)`:
 * a fiber run synchronously and a cached effect (a semaphore, a deferred, a clock read) for every body, as the fetch
 * transport's does (internal/fetchBody.ts). One `Effect.tryPromise` of the body's own `text()` does the same read.
 * Measured per Get Conversation against the bench server in its own process (`bench/src/ab.tmp.ts`-style A/B in one
 * process, 24 interleaved rounds of 200, quiet 2-core machine, load 0.3–0.5): 288 µs of CPU per request through the
 * platform's `text`, 233 µs through this module (−46 µs of CPU and of wall time), the largest single cost the
 * client added to a request over undici, and what the Get Conversation target (≤ 1.3× raw fetch) needed.
 *
 * The platform keeps undici's `ResponseData` in its response object's `source` field. It is read, not relied on:
 * any other transport, another platform version or a test double has no such body there, and its body is read by
 * the platform's own readers, as before. A body already used (read through the platform) is left to the platform,
 * whose cached read answers it. The reads themselves are internal/directBody.ts's.
 *
 * @since 0.1.0
 * @internal
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as DirectBody from "./directBody.js"

// What the client needs of undici's body stream (`BodyReadable`): its text, its chunks, and whether it was read.
interface UndiciBody extends AsyncIterable<Uint8Array> {
  readonly text: () => Promise<string>
  readonly bodyUsed: boolean
}

const isUndiciBody = (u: unknown): u is UndiciBody =>
  typeof u === "object" && u !== null && "text" in u && typeof u.text === "function" && "bodyUsed" in u &&
  typeof u.bodyUsed === "boolean" && Symbol.asyncIterator in u

/**
 * undici's `ResponseData` an undici transport's response keeps as its `source`, if it looks like one (an object with a
 * `statusCode`); its `body` and `headers` are for the caller to check (internal/responseHeader.ts reads the headers
 * there too).
 *
 * @internal
 */
export const undiciResponseOf = (
  response: HttpClientResponse.HttpClientResponse
): (object & { readonly statusCode: unknown }) | undefined => {
  const source: unknown = Reflect.get(response, "source")
  return typeof source === "object" && source !== null && "statusCode" in source ? source : undefined
}

/**
 * The body of a response of the undici transport, read from undici's body stream, if it is one and unread. Chunks
 * come from the stream's async iterator; stopping returns the iterator, which destroys the stream and stops the
 * transfer.
 *
 * @internal
 */
export const undiciBodyOf = (response: HttpClientResponse.HttpClientResponse): DirectBody.DirectBody | undefined => {
  const source = undiciResponseOf(response)
  if (source === undefined || !("body" in source)) return undefined
  const body = source.body
  if (!isUndiciBody(body) || body.bodyUsed) return undefined
  return DirectBody.make(response, {
    text: () => body.text(),
    reader: () => {
      const iterator = body[Symbol.asyncIterator]()
      return { read: () => iterator.next(), stop: () => iterator.return?.() ?? Promise.resolve() }
    }
  })
}
