/**
 * Seeded choices the generator makes everywhere, and the fixed calendar of seeded data: every timestamp is an
 * offset from `EPOCH`, never from `Date.now()`.
 *
 * @since 0.1.0
 * @internal
 */
import type * as Prng from "../prng.js"

/** 2024-01-01T00:00:00.000Z. @internal */
export const EPOCH = Date.UTC(2024, 0, 1)
/** @internal */
export const MINUTE = 60_000
/** @internal */
export const HOUR = 60 * MINUTE
/** @internal */
export const DAY = 24 * HOUR

/** One item, drawn with the given weights (summing to 1). @internal */
export const weighted = <A>(prng: Prng.Prng, items: ReadonlyArray<readonly [A, number]>): A => {
  let x = prng.float()
  for (const [item, weight] of items) {
    if (x < weight) return item
    x -= weight
  }
  const last = items[items.length - 1]
  if (last === undefined) throw new Error("weighted: empty list")
  return last[0]
}

/** A 128-bit, uuid-shaped secret built from the generator (tokens, refresh tokens). @internal */
export const uuidLike = (prng: Prng.Prng): string => {
  const h = () => prng.next().toString(16).padStart(8, "0")
  const a = h(), b = h(), c = h(), d = h()
  return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-a${c.slice(1, 4)}-${c.slice(4)}${d}`
}

/**
 * Splits `total` messages over `n` conversations unevenly (exponential weights), at least one each when possible.
 *
 * @internal
 */
export const spread = (prng: Prng.Prng, n: number, total: number): Array<number> => {
  if (n === 0) return []
  const weights = Array.from({ length: n }, () => -Math.log(1 - prng.float()) + 0.05)
  const sum = weights.reduce((a, b) => a + b, 0)
  const floor = total >= n ? 1 : 0
  const counts = weights.map((w) => Math.max(floor, Math.floor((total * w) / sum)))
  let diff = total - counts.reduce((a, b) => a + b, 0)
  // Bounded: each step moves the sum one closer to `total`.
  for (let i = 0; diff !== 0; i = (i + 1) % n) {
    const c = counts[i] ?? 0
    if (diff > 0) {
      counts[i] = c + 1
      diff--
    } else if (c > floor) {
      counts[i] = c - 1
      diff++
    }
  }
  return counts
}
