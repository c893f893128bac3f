/**
 * Reading the bodies of the fetch transport straight from the web `Response`.
 *
 * `FetchHttpClient`'s response reads its body through `Effect.tryPromise(…).pipe(Effect.cached, Effect.runSync)`: a
 * fiber run synchronously and a cached effect (a semaphore, a deferred, a clock read) for every body; its `stream`
 * goes through `Stream.fromReadableStream`. Measured in CPU time per Get Conversation against the bench server
 * (`bench/src/fetch-probe.ts`, interleaved rounds, a loaded 2-core machine), reading the same `Response` through
 * `HttpClientResponse.text` cost 1.44–1.77× raw `fetch` + `text()`, against 1.13–1.17× for one `Effect.tryPromise`
 * of `response.text()`; the client over fetch went from 3.56× to 2.60× raw fetch with this module (one run,
 * interleaved), and its `stream` was 6.7× (every body without a `Content-Length`, so every gzip body). So the client
 * reads a fetch response's body from the web `Response` itself: `text()` for a body of known length, its reader,
 * chunk by chunk, for the rest.
 *
 * The platform keeps that `Response` in its response object's `source` field (the object `FetchHttpClient` returns
 * for a client made with `HttpClient.withScope`, as the client's is). It is read, not relied on: any other
 * transport (undici's `source` is no web `Response`), another platform version or a test double has none there, and
 * its body is read by the platform's own readers, as before.
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"

/**
 * The web `Response` behind a response of the fetch transport, if it is one and its body is unread.
 *
 * @internal
 */
export const webResponseOf = (response: HttpClientResponse.HttpClientResponse): Response | undefined => {
  const source: unknown = Reflect.get(response, "source")
  return typeof Response === "function" && source instanceof Response && !source.bodyUsed ? source : undefined
}

const bodyError = (response: HttpClientResponse.HttpClientResponse, cause: unknown) =>
  new HttpClientError.ResponseError({ request: response.request, response, reason: "Decode", cause })

/**
 * A web body read whole, as text.
 *
 * @internal
 */
export const webText = (
  response: HttpClientResponse.HttpClientResponse,
  web: Response
): Effect.Effect<string, HttpClientError.ResponseError> =>
  Effect.tryPromise({ try: () => web.text(), catch: (cause) => bodyError(response, cause) })

/**
 * A web body read chunk by chunk until `maxBytes`: the chunks within it, and whether that was the whole body. Past
 * the limit the reader is cancelled, which stops the transfer.
 *
 * @internal
 */
export const webChunks = (
  response: HttpClientResponse.HttpClientResponse,
  web: Response,
  maxBytes: number
): Effect.Effect<
  { readonly chunks: ReadonlyArray<Uint8Array>; readonly complete: boolean },
  HttpClientError.ResponseError
> =>
  Effect.tryPromise({
    try: async () => {
      const chunks: Array<Uint8Array> = []
      if (web.body === null) return { chunks, complete: true }
      const reader = web.body.getReader()
      let size = 0
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return { chunks, complete: true }
        const room = maxBytes - size
        if (value.length > room) {
          if (room > 0) chunks.push(value.subarray(0, room))
          await reader.cancel()
          return { chunks, complete: false }
        }
        chunks.push(value)
        size += value.length
      }
    },
    catch: (cause) => bodyError(response, cause)
  })
