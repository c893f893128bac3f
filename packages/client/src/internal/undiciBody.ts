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
 * whose cached read answers it.
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"

/**
 * What the client needs of undici's body stream (`BodyReadable`): its text, its chunks, and whether it was read.
 *
 * @internal
 */
export interface UndiciBody extends AsyncIterable<Uint8Array> {
  readonly text: () => Promise<string>
  readonly bodyUsed: boolean
}

const isUndiciBody = (u: unknown): u is UndiciBody =>
  typeof u === "object" && u !== null && "text" in u && typeof u.text === "function" && "bodyUsed" in u &&
  typeof u.bodyUsed === "boolean" && Symbol.asyncIterator in u

/**
 * The undici body behind a response of the undici transport, if it is one and unread.
 *
 * @internal
 */
export const undiciBodyOf = (response: HttpClientResponse.HttpClientResponse): UndiciBody | undefined => {
  const source: unknown = Reflect.get(response, "source")
  if (typeof source !== "object" || source === null || !("statusCode" in source) || !("body" in source)) {
    return undefined
  }
  const body = source.body
  return isUndiciBody(body) && !body.bodyUsed ? body : undefined
}

const bodyError = (response: HttpClientResponse.HttpClientResponse, cause: unknown) =>
  new HttpClientError.ResponseError({ request: response.request, response, reason: "Decode", cause })

/**
 * An undici body read whole, as text (UTF-8, as the platform's `text` decodes it).
 *
 * @internal
 */
export const undiciText = (
  response: HttpClientResponse.HttpClientResponse,
  body: UndiciBody
): Effect.Effect<string, HttpClientError.ResponseError> =>
  Effect.tryPromise({ try: () => body.text(), catch: (cause) => bodyError(response, cause) })

/**
 * An undici body read chunk by chunk until `maxBytes`: the chunks within it, and whether that was the whole body.
 * Past the limit the iteration stops, which destroys the stream and stops the transfer.
 *
 * @internal
 */
export const undiciChunks = (
  response: HttpClientResponse.HttpClientResponse,
  body: UndiciBody,
  maxBytes: number
): Effect.Effect<
  { readonly chunks: ReadonlyArray<Uint8Array>; readonly complete: boolean },
  HttpClientError.ResponseError
> =>
  Effect.tryPromise({
    try: async () => {
      const chunks: Array<Uint8Array> = []
      let size = 0
      for await (const chunk of body) {
        const room = maxBytes - size
        if (chunk.length > room) {
          if (room > 0) chunks.push(chunk.subarray(0, room))
          // Leaving the loop returns the iterator, which destroys the stream.
          return { chunks, complete: false }
        }
        chunks.push(chunk)
        size += chunk.length
      }
      return { chunks, complete: true }
    },
    catch: (cause) => bodyError(response, cause)
  })
