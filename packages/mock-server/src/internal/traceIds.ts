/**
 * The `traceId` of every answer: a function of the seed and a request counter (reset with the data set), so the
 * same request sequence gets the same ids.
 *
 * @since 0.1.0
 * @internal
 */
import * as Prng from "./prng.js"

/** @internal */
export interface TraceIds {
  readonly next: () => string
  readonly reset: () => void
}

/** @internal */
export const makeTraceIds = (seed: () => number): TraceIds => {
  let counter = 0
  return {
    next: () => Prng.traceId(seed(), counter++),
    reset: () => {
      counter = 0
    }
  }
}
