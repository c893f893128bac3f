/**
 * Deterministic pseudo-random numbers, ids and trace ids.
 *
 * `Math.random` is never used: the same seed must give byte-identical data and responses.
 *
 * @since 0.1.0
 * @internal
 */

/** @internal */
export interface Prng {
  /** A uint32. */
  readonly next: () => number
  /** A float in [0, 1). */
  readonly float: () => number
  /** An integer in [0, n). */
  readonly int: (n: number) => number
  /** True with probability `p`. */
  readonly chance: (p: number) => boolean
  /** One element of a non-empty array. */
  readonly pick: <A>(items: ReadonlyArray<A>) => A
}

/** splitmix32: spreads a small seed (0, 1, 42…) over all 32 bits before it feeds sfc32. */
const splitmix32 = (state: number) => () => {
  state = (state + 0x9e3779b9) | 0
  let z = state
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): fast, 128-bit state, good enough statistics for
 * test data, and trivially reproducible in any language.
 *
 * @internal
 */
export const make = (seed: number, stream = 0): Prng => {
  const init = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0)
  let a = init()
  let b = init()
  let c = init()
  let d = init() | 1
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  // Warm up: the first outputs of sfc32 still carry the structure of the seed.
  for (let i = 0; i < 12; i++) next()
  const float = () => next() / 4294967296
  const int = (n: number) => Math.floor(float() * n)
  return {
    next,
    float,
    int,
    chance: (p) => float() < p,
    pick: <A>(items: ReadonlyArray<A>): A => {
      const item = items[int(items.length)]
      if (item === undefined) throw new Error("Prng.pick: empty array")
      return item
    }
  }
}

const ALPHANUMERIC = Array.from(
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
  (c) => c.charCodeAt(0)
)
const codes: Array<number> = new Array<number>(20).fill(0)

/** A HighLevel-like id: 20 alphanumeric characters, e.g. `ve9EPM428h8vShlRW1KT`. @internal */
export const id = (prng: Prng): string => {
  // One flat string per id (20 concatenations would build and then flatten a rope: measurable at 200,000 ids).
  for (let i = 0; i < 20; i++) codes[i] = ALPHANUMERIC[prng.next() % 62] ?? 48
  return String.fromCharCode.apply(null, codes)
}

/** A 32-bit hash of two numbers (murmur3 finaliser); used where a value must depend only on its inputs. @internal */
export const hash2 = (x: number, y: number): number => {
  let h = Math.imul(x ^ 0x5bd1e995, 0xcc9e2d51) ^ Math.imul(y + 0x6b43a9b5, 0x1b873593)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

const hex8 = (n: number) => n.toString(16).padStart(8, "0")

/**
 * A uuid-shaped trace id that depends only on the seed and the request counter, so two mocks with the same seed
 * answer the same request sequence with byte-identical bodies.
 *
 * @internal
 */
export const traceId = (seed: number, counter: number): string => {
  const a = hex8(hash2(seed, counter * 4))
  const b = hex8(hash2(seed, counter * 4 + 1))
  const c = hex8(hash2(seed, counter * 4 + 2))
  const d = hex8(hash2(seed, counter * 4 + 3))
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${(8 | (parseInt(c[0] ?? "0", 16) & 3)).toString(16)}${
    c.slice(1, 4)
  }-${c.slice(4)}${d}`
}
