/**
 * A response body read straight from the transport's own body (a web `Response` over fetch, undici's body stream
 * over undici) instead of through the platform's cached readers: internal/fetchBody.ts and internal/undiciBody.ts
 * say why and find such a body; this module is what both read it with, whole or counted up to a limit.
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"

// Chunks read up to a limit: those within it, and whether that was the whole body.
interface BoundedChunks {
  readonly chunks: ReadonlyArray<Uint8Array>
  readonly complete: boolean
}

/**
 * A transport's body, read whole (`text`) or chunk by chunk up to `maxBytes` (`chunks`).
 *
 * @internal
 */
export interface DirectBody {
  readonly text: Effect.Effect<string, HttpClientError.ResponseError>
  readonly chunks: (maxBytes: number) => Effect.Effect<BoundedChunks, HttpClientError.ResponseError>
}

/**
 * How a transport's body is read: its text, and a reader of its chunks (`read` until done; `stop` ends the transfer
 * early).
 *
 * @internal
 */
export interface BodySource {
  readonly text: () => Promise<string>
  readonly reader: () => {
    readonly read: () => Promise<IteratorResult<Uint8Array, unknown>>
    readonly stop: () => Promise<unknown>
  }
}

// The chunk that crosses the limit ends the read: its bytes within the limit are kept and the transfer is stopped.
const readBounded = async (source: BodySource, maxBytes: number): Promise<BoundedChunks> => {
  const chunks: Array<Uint8Array> = []
  const { read, stop } = source.reader()
  let size = 0
  for (;;) {
    const next = await read()
    if (next.done === true) return { chunks, complete: true }
    const chunk = next.value
    const room = maxBytes - size
    if (chunk.length > room) {
      if (room > 0) chunks.push(chunk.subarray(0, room))
      await stop()
      return { chunks, complete: false }
    }
    chunks.push(chunk)
    size += chunk.length
  }
}

/**
 * The body of `response` read from `source`, each read failing as the platform's readers fail (a `Decode`
 * `ResponseError`).
 *
 * @internal
 */
export const make = (response: HttpClientResponse.HttpClientResponse, source: BodySource): DirectBody => {
  const catcher = (cause: unknown) =>
    new HttpClientError.ResponseError({ request: response.request, response, reason: "Decode", cause })
  return {
    text: Effect.tryPromise({ try: source.text, catch: catcher }),
    chunks: (maxBytes) => Effect.tryPromise({ try: () => readBounded(source, maxBytes), catch: catcher })
  }
}
