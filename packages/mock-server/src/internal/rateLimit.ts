/**
 * Per-location burst window and daily counter, reported in the five `X-RateLimit-*` headers.
 *
 * The burst limit counts one of two window kinds. `fixed` (the default, what HighLevel's answers look like): the first
 * counted request opens a window of `intervalMs`, at most `burst` requests pass in it, and the next request after it
 * opens a new one. `sliding`: a request passes when fewer than `burst` counted requests arrived in the `intervalMs`
 * before it (a log of arrival times), so no span of `intervalMs` ever holds more than `burst`, wherever it starts.
 * The daily counter resets at 00:00 UTC.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockControl from "../MockControl.js"

/** @internal */
export interface RateLimitConfig {
  readonly burst: number
  readonly intervalMs: number
  readonly daily: number
  readonly window: MockControl.RateLimitWindow
}

/** HighLevel's documented defaults. */
const DEFAULT_RATE_LIMIT: RateLimitConfig = { burst: 100, intervalMs: 10_000, daily: 200_000, window: "fixed" }

/** `{burst, intervalMs, daily}` with defaults, or `false` (not enforced). @internal */
export const rateLimitConfig = (
  options: MockControl.RateLimitOptions | false | undefined
): RateLimitConfig | false =>
  options === false ? false : {
    burst: options?.burst ?? DEFAULT_RATE_LIMIT.burst,
    intervalMs: options?.intervalMs ?? DEFAULT_RATE_LIMIT.intervalMs,
    daily: options?.daily ?? DEFAULT_RATE_LIMIT.daily,
    window: options?.window ?? DEFAULT_RATE_LIMIT.window
  }

interface Counter {
  /** Fixed window: when the current one opened, and how many it counted. */
  windowStart: number
  inWindow: number
  /** Sliding window: arrival times of the counted requests of the last `intervalMs`, oldest first (at most `burst`). */
  arrivals: Array<number>
  day: number
  today: number
}

/** @internal */
export interface Snapshot {
  readonly remaining: number
  readonly dailyRemaining: number
}

interface Decision extends Snapshot {
  readonly allowed: boolean
}

const DAY = 86_400_000

/**
 * The counters of every location under one setting. `configure` (on reset and load) starts over: new setting, no
 * counts.
 *
 * @internal
 */
export class RateLimiter {
  private readonly counters = new Map<string, Counter>()
  private config: RateLimitConfig = DEFAULT_RATE_LIMIT
  private enforced = true
  constructor(setting: RateLimitConfig | false, private readonly now: () => number) {
    this.configure(setting)
  }

  /** `false`: never refuse, and report full figures (the headers are still sent). */
  configure(setting: RateLimitConfig | false) {
    this.config = setting === false ? DEFAULT_RATE_LIMIT : setting
    this.enforced = setting !== false
    this.counters.clear()
  }

  private counter(locationId: string): Counter {
    const now = this.now()
    let c = this.counters.get(locationId)
    if (c === undefined) {
      c = { windowStart: now, inWindow: 0, arrivals: [], day: Math.floor(now / DAY), today: 0 }
      this.counters.set(locationId, c)
    }
    if (this.config.window === "sliding") {
      // An arrival counts while it is less than `intervalMs` old, as in the fixed window's `now - start < interval`.
      let expired = 0
      while (expired < c.arrivals.length && now - (c.arrivals[expired] ?? now) >= this.config.intervalMs) expired++
      if (expired > 0) c.arrivals.splice(0, expired)
      c.inWindow = c.arrivals.length
    } else if (now - c.windowStart >= this.config.intervalMs) {
      c.windowStart = now
      c.inWindow = 0
    }
    const day = Math.floor(now / DAY)
    if (day !== c.day) {
      c.day = day
      c.today = 0
    }
    return c
  }

  /** Counts one request of the location unless a limit is exhausted (a refused request is not counted). */
  take(locationId: string): Decision {
    const c = this.counter(locationId)
    if (this.enforced && (c.inWindow >= this.config.burst || c.today >= this.config.daily)) {
      return { allowed: false, ...this.snapshotOf(c) }
    }
    c.inWindow++
    if (this.config.window === "sliding") c.arrivals.push(this.now())
    c.today++
    return { allowed: true, ...this.snapshotOf(c) }
  }

  /** The current figures without counting (full figures for a request that has no location). */
  peek(locationId: string | undefined): Snapshot {
    if (locationId === undefined) return { remaining: this.config.burst, dailyRemaining: this.config.daily }
    return this.snapshotOf(this.counter(locationId))
  }

  private snapshotOf(c: Counter): Snapshot {
    if (!this.enforced) return { remaining: this.config.burst, dailyRemaining: this.config.daily }
    return {
      remaining: Math.max(0, this.config.burst - c.inWindow),
      dailyRemaining: Math.max(0, this.config.daily - c.today)
    }
  }

  headers(s: Snapshot): Record<string, string> {
    return {
      "x-ratelimit-max": String(this.config.burst),
      "x-ratelimit-remaining": String(s.remaining),
      "x-ratelimit-interval-milliseconds": String(this.config.intervalMs),
      "x-ratelimit-limit-daily": String(this.config.daily),
      "x-ratelimit-daily-remaining": String(s.dailyRemaining)
    }
  }

  /** Figures per location that has been counted, for `state()`. */
  report(): Record<string, Snapshot> {
    const out: Record<string, Snapshot> = {}
    for (const locationId of [...this.counters.keys()].sort()) out[locationId] = this.peek(locationId)
    return out
  }
}
