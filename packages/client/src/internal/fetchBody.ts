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
 * its body is read by the platform's own readers, as before. The reads themselves are internal/directBody.ts's.
 *
 * @since 0.1.0
 * @internal
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as DirectBody from "./directBody.js"

/**
 * The web `Response` a fetch transport's response keeps as its `source`, if it is one (internal/responseHeader.ts
 * reads its headers there too).
 *
 * @internal
 */
export const webResponseOf = (response: HttpClientResponse.HttpClientResponse): Response | undefined => {
  const source: unknown = Reflect.get(response, "source")
  return typeof Response === "function" && source instanceof Response ? source : undefined
}

// A web body with none to read (a 204, a HEAD): done at once.
const noChunks = {
  read: () => Promise.resolve({ done: true as const, value: undefined }),
  stop: () => Promise.resolve()
}

/**
 * The body of a response of the fetch transport, read from its web `Response`, if it is one and its body is unread.
 * Chunks come from the body's reader; stopping cancels it, which stops the transfer.
 *
 * @internal
 */
export const webBodyOf = (response: HttpClientResponse.HttpClientResponse): DirectBody.DirectBody | undefined => {
  const source = webResponseOf(response)
  if (source === undefined || source.bodyUsed) return undefined
  return DirectBody.make(response, {
    text: () => source.text(),
    reader: () => {
      if (source.body === null) return noChunks
      const reader = source.body.getReader()
      return { read: () => reader.read(), stop: () => reader.cancel() }
    }
  })
}
