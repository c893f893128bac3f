/**
 * Reading a request body up to a cap: stop pulling at the first byte past it, never buffer an unbounded body.
 *
 * @since 0.2.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

interface Fold {
  readonly chunks: Array<Uint8Array>
  size: number
}

// Past the cap the rest of the body is read and dropped, up to this many times the cap: stopping at once makes the
// server close the socket before the 413 is written (the sender sees a reset, not the status), while draining without
// bound would let a sender hold the connection forever. Memory stays at the cap either way.
const drainFactor = 16

/**
 * The bytes of `stream`, or `undefined` when it holds more than `maxBytes`.
 *
 * @internal
 */
export const readCapped = <E, R>(
  stream: Stream.Stream<Uint8Array, E, R>,
  maxBytes: number
): Effect.Effect<Uint8Array | undefined, E, R> =>
  Stream.runFoldWhile(
    stream,
    { chunks: [], size: 0 } as Fold,
    (fold) => fold.size <= maxBytes * drainFactor,
    (fold, chunk) => {
      fold.size += chunk.byteLength
      if (fold.size <= maxBytes) fold.chunks.push(chunk)
      return fold
    }
  ).pipe(Effect.map((fold) => fold.size > maxBytes ? undefined : concat(fold.chunks, fold.size)))

const concat = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0]
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.byteLength
  }
  return out
}

/**
 * A `Content-Length` that already says the body is over the cap (a lying or absent header is caught while reading).
 *
 * @internal
 */
export const declaredTooLarge = (contentLength: string | null | undefined, maxBytes: number): boolean => {
  if (contentLength === null || contentLength === undefined) return false
  const n = Number(contentLength)
  return Number.isFinite(n) && n > maxBytes
}
