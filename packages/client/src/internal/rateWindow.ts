/**
 * The rate budget of one location as plain state: a log of send times (ours, plus "foreign" sends the server's
 * headers revealed), the shared pause after a 429, and the daily estimate. No Effect here: the limiter
 * (internal/rateBudget.ts) reads the clock, waits and locks; this module only answers "when may the next request
 * go?" and learns from each response.
 *
 * Why a log and not a token bucket: HighLevel counts requests per window. A bucket of `limit` permits refilled one
 * per `interval / limit` lets up to twice `limit` requests into one interval-long span, so a fixed-window server
 * answers 429 at request `limit + 1`. A log keeps every span of `interval` (plus a margin) at `limit` requests or
 * fewer, whichever window kind the server counts.
 *
 * Alone on a location the log is exact. Another client on it is seen only through the server's `Remaining`, always
 * late (its requests in flight are in no answer yet): what it reveals enters the log as foreign requests, the
 * server's word caps what we send until its window turns over, and a headroom covers what no answer has shown yet.
 *
 * @since 0.1.0
 * @internal
 */
import { type Entry, RateLog } from "./rateLog.js"

/**
 * What the server's `X-RateLimit-*` headers (and `Retry-After`) of one response said, as the window reads them.
 *
 * @internal
 */
export interface Observation {
  readonly status: number
  readonly limit?: number | undefined
  readonly remaining?: number | undefined
  readonly intervalMillis?: number | undefined
  readonly dailyRemaining?: number | undefined
  readonly dailyResetMillis?: number | undefined
  readonly retryAfterMillis?: number | undefined
}

/**
 * When and in what order a request was sent: its send time and its place among this location's sends.
 *
 * @internal
 */
export interface Ticket {
  readonly sentAt: number
  readonly seq: number
}

/**
 * The settings of one location's window, resolved to milliseconds.
 *
 * @internal
 */
export interface WindowSettings {
  readonly limit: number
  readonly intervalMillis: number
  /** Added to every window: a request's send time and its arrival at the server differ by the network's jitter. */
  readonly marginMillis: number
  /** The daily budget before the server has told us anything (an upper bound: earlier runs may have spent some). */
  readonly dailyLimit: number | undefined
  /** Requests of the daily budget never spent: at or below it every attempt fails fast. */
  readonly dailyReserve: number
}

const DAY = 86_400_000

/**
 * One location's window: mutable, owned by one limiter, used under its lock.
 *
 * A request counts from its send until `interval` (plus the margin) after its answer came (or its attempt ended
 * without one): the server counted it somewhere in between, and only the answer is a time we can be sure is not too
 * early, however long the request waited for a connection or the event loop. Not the attempt's end: reading and
 * decoding the body come after the answer and would only push every window later.
 *
 * @internal
 */
export class RateWindow {
  /** Answered requests still in the span, by `at`: ours, and the foreign ones headers revealed. */
  private readonly log = new RateLog()
  /**
   * Requests that left the log while one of ours sent before they left is still unanswered: that one's `Remaining`
   * may count them yet. The server counts a request before answering it, and our answers arrive late by as much as
   * the event loop is busy, often more than the margin: without these, a loaded process took its own requests for
   * another client's.
   */
  private readonly recent = new RateLog()
  /** Our requests in flight, by `seq`: they count until they end. */
  private readonly inFlight = new Map<number, number>()
  private limit: number
  private intervalMillis: number
  private pausedUntil = 0
  /**
   * Until when the location counts as shared: three spans after another client's requests last showed in an
   * answer. They show only in some answers (in none while both wait for a window to reopen, nor for a while after
   * it did), and treating the location as ours alone while the other client still spends it would drop the headroom
   * and let the server's word alone release requests (see `nextSendAt`), at the end of a window, where it counts.
   */
  private foreignUntil = 0
  private sends = 0
  /**
   * The server's last word on the current window (the newest by send order): `remaining` when request `seq` arrived,
   * when `expired` requests had left our log.
   */
  private server:
    | {
      readonly remaining: number
      readonly used: number
      readonly seq: number
      readonly expired: number
      /** Ours sent before it and unanswered when it was: the server may have counted them after it. */
      pending: number
      /** When it came. */
      readonly at: number
    }
    | undefined
  /** Requests that have left the log so far. */
  private expired = 0
  /**
   * How many of the log's requests the server is known no longer to count (at least): those it had answered before
   * one of ours was sent, beyond what that one's `Remaining` left room for. They left the server's window (a fixed
   * one turned over, a sliding one moved on) and cannot come back, so they count neither as ours nor as room later.
   */
  private uncounted = 0
  private daily: { readonly remaining: number; readonly seq: number; readonly validUntil: number } | undefined

  constructor(private readonly settings: WindowSettings) {
    this.limit = settings.limit
    this.intervalMillis = settings.intervalMillis
  }

  private get span(): number {
    return this.intervalMillis + this.settings.marginMillis
  }

  private prune(now: number): void {
    const expired = this.log.dropUpTo(now - this.span, this.keepRecent)
    // The oldest request in flight (a Map keeps insertion order, which is send order) bounds what an answer may count.
    const oldest = this.inFlight.values().next()
    this.recent.dropUpTo((oldest.done === true ? now : oldest.value) - this.span)
    if (expired > 0) {
      this.expired += expired
      // Those that left may all have been uncounted ones: what is known of the rest is what remains.
      this.uncounted = Math.max(0, this.uncounted - expired)
    }
  }

  /**
   * Requests held back while another client is seen spending the same budget (10 % of the limit, at least 1): its
   * latest requests are invisible until one of our responses reports them, and by then we may have sent into the
   * same room. Its requests in flight are in no answer yet, nor are those counted while our answer travelled: with
   * 5 %, two processes at concurrency 4 on a loaded machine filled every window to the last request and still met a
   * 429 now and then (issue 12's benchmark); 10 % costs them a few requests a window.
   */
  private headroom(now: number): number {
    return now < this.foreignUntil ? Math.max(1, Math.ceil(this.limit * 0.1)) : 0
  }

  // The earliest send time under a cap of `cap` requests: now when fewer count, else when enough ended requests leave
  // the span. `Infinity` when the requests in flight alone fill it: the next one to end says more.
  private freeAt(now: number, cap: number): number {
    const counted = this.log.size + this.inFlight.size
    if (counted < cap) return now
    const leaving = counted - cap
    const entry = this.log.get(leaving)
    return entry === undefined ? Number.POSITIVE_INFINITY : entry.at + this.span
  }

  /**
   * The earliest time, at or after `now`, a request may be sent (`Infinity`: when a request in flight is answered).
   *
   * Alone on the location, the log and the server's word are each a safe bound, and the request may go when either
   * lets it: the log is exact for our own requests, and the server's word knows more when a fixed window has
   * reopened (its `Remaining` is back to the limit while our log still holds the last window's requests, whose
   * spans would otherwise hold every window to the shape of the first). Once another client is seen, neither is
   * exact (its latest requests are in neither), so both must let the request go, and the headroom is kept.
   */
  nextSendAt(now: number): number {
    this.prune(now)
    const full = Math.max(1, this.limit)
    const headroom = this.headroom(now)
    const held = Math.max(1, full - headroom)
    // With a headroom, the send may go when the window frees up that far, or when the headroom ends, if sooner.
    const free = held === full
      ? this.freeAt(now, full)
      : Math.min(this.freeAt(now, held), Math.max(this.foreignUntil, this.freeAt(now, full)))
    const server = this.server
    // A span after the word came, every request it counted has left the server's window: it says nothing more.
    const allowed = server === undefined || now >= server.at + this.span ? undefined : this.allowedAt(now, server)
    const at = allowed === undefined
      ? free
      : now >= this.foreignUntil
      ? Math.min(free, allowed)
      : Math.max(free, Math.min(allowed, server === undefined ? allowed : server.at + this.span))
    return Math.max(now, at, this.pausedUntil)
  }

  // What the server said is left when its newest word's request arrived, less our requests it could not have counted
  // yet (sent after that one, or still unanswered then), plus one for every request that left our log since beyond
  // those the server no longer counted (the oldest are taken for those: they leave first). None left (beyond the
  // headroom) holds the next send until enough requests leave (`Infinity`: more than the log holds now).
  private allowedAt(now: number, server: NonNullable<RateWindow["server"]>): number {
    const credit = this.expired - server.expired
    const left = server.remaining - (this.sends - server.seq - 1) - server.pending + Math.max(0, credit)
    const need = this.headroom(now) + 1 - left
    if (need <= 0) return now
    const entry = this.log.get(Math.max(0, -credit) + need - 1)
    return entry === undefined ? Number.POSITIVE_INFINITY : entry.at + this.span
  }

  /** The daily requests left by our estimate (the server's last figure less our sends since), if known. */
  dailyRemaining(now: number): number | undefined {
    if (this.daily !== undefined && now >= this.daily.validUntil) this.daily = undefined
    if (this.daily !== undefined) return this.daily.remaining - (this.sends - this.daily.seq - 1)
    return this.settings.dailyLimit === undefined ? undefined : this.settings.dailyLimit - this.sends
  }

  /** Whether the daily budget is down to the reserve: no attempt, first or retry, may spend it. */
  dailySpent(now: number): boolean {
    const remaining = this.dailyRemaining(now)
    return remaining !== undefined && remaining <= this.settings.dailyReserve
  }

  get reserve(): number {
    return this.settings.dailyReserve
  }

  /** Counts a send at `now` (call only when `nextSendAt(now) <= now`). */
  send(now: number): Ticket {
    const ticket = { sentAt: now, seq: this.sends++ }
    this.inFlight.set(ticket.seq, now)
    return ticket
  }

  /**
   * The request of `ticket` was answered at `now`, or its attempt ended without an answer: it counts for one span
   * from here (a second call, at the attempt's end after its answer, changes nothing).
   */
  settle(ticket: Ticket, now: number): void {
    if (!this.inFlight.delete(ticket.seq)) return
    this.log.insert({ at: now, seq: ticket.seq, sentAt: ticket.sentAt })
  }

  // Ours that the server may have counted when `ticket`'s request arrived, and the foreign ones already known.
  // Requests overtake each other on the way (more so on a loaded machine), so which of ours sent after it arrived
  // before it is unknown. Alone on the location we count them all: a request of ours taken for a foreign one would
  // hold back the headroom for nothing. Once another client is seen, only those sent before it or within the margin
  // after it: counting the rest would hide as many of the other client's.
  private countedBefore(ticket: Ticket, now: number): number {
    const from = ticket.sentAt - this.span
    const shared = now < this.foreignUntil
    // Alone, every entry after `from` counts: a binary search, not a scan. The log holds every request of the last
    // span, thousands under a generous budget, and a scan per response cost ~200 µs a request at 10k entries
    // (bench/src/Requests.ts, get 1.92× raw fetch before, see the README's figures for after).
    if (!shared) {
      return this.log.size - this.log.countUpTo(from) + this.recent.size - this.recent.countUpTo(from) +
        this.inFlight.size
    }
    const before = (seq: number, sentAt: number) =>
      !shared || seq <= ticket.seq || sentAt <= ticket.sentAt + this.settings.marginMillis
    let counted = 0
    const count = (entry: Entry) => {
      if (entry.at > from && (entry.seq < 0 || before(entry.seq, entry.sentAt))) counted++
    }
    this.recent.forEach(count)
    this.log.forEach(count)
    for (const [seq, sentAt] of this.inFlight) if (before(seq, sentAt)) counted++
    return counted
  }

  private readonly keepRecent = (entry: Entry): void => {
    this.recent.insert(entry)
  }

  private addForeign(count: number, now: number): void {
    for (let i = 0; i < count; i++) this.log.insert({ at: now, seq: -1, sentAt: now })
    this.foreignUntil = Math.max(this.foreignUntil, now + 3 * this.span)
  }

  /**
   * Learns from a response to the request of `ticket`, answered at `now`:
   * - `-Max` and `-Interval-Milliseconds` tighten the window (never loosen what was configured);
   * - `-Remaining` says how many requests the server counted when ours arrived; what it counted beyond our own
   *   (another process, another app on the location) enters the log as foreign requests ending now, and holds back a
   *   headroom while it lasts. Of the log's requests answered before ours was sent (all counted before it arrived),
   *   those beyond the count are no longer counted, now or later (`uncounted`);
   * - a 429 pauses every request of the location: until `Retry-After` when present, else until the log (filled to the
   *   limit: the server had no room) lets the next one through;
   * - `-Daily-Remaining` (the newest by send order wins) sets the daily estimate, valid until `-Daily-Reset` or the
   *   next 00:00 UTC.
   */
  observe(ticket: Ticket, answer: Observation, now: number): void {
    if (answer.limit !== undefined && answer.limit > 0) this.limit = Math.min(this.settings.limit, answer.limit)
    if (answer.intervalMillis !== undefined && answer.intervalMillis > 0) {
      this.intervalMillis = Math.max(this.settings.intervalMillis, answer.intervalMillis)
    }
    this.prune(now)
    this.settle(ticket, now)
    if (answer.remaining !== undefined) {
      const used = (answer.limit ?? this.limit) - answer.remaining
      // Without the requests known to be uncounted: in a fixed window just reopened, the previous window's requests
      // are still in our log for up to an interval, and taking them for counted would hide as many of another
      // client's requests, and later give room that was never there (issue 12's two processes: 429s at the end of
      // their second window).
      const counted = this.countedBefore(ticket, now)
      const foreign = used - (counted - this.uncounted)
      if (foreign > 0) this.addForeign(foreign, now)
      // Answered before ours was sent: counted before it arrived, and those beyond `used` no longer counted.
      this.uncounted = Math.max(this.uncounted, this.log.countUpTo(ticket.sentAt) - used)
      if (this.server === undefined || ticket.seq >= this.server.seq) {
        // Requests of our log the server no longer counts (a fixed window that reopened, or a sliding one that moved
        // on) are taken for the oldest: when they leave our log, nothing leaves the server's count.
        const uncounted = Math.max(this.uncounted, counted - used)
        let pending = 0
        for (const seq of this.inFlight.keys()) if (seq < ticket.seq) pending++
        this.server = {
          remaining: answer.remaining,
          used,
          seq: ticket.seq,
          expired: this.expired + uncounted,
          pending,
          at: now
        }
      } else if (used < this.server.used && this.server.pending > 0) {
        // One of those pending for the newest word: counted before it (fewer had been counted when it arrived), so
        // the word's count holds it already.
        this.server.pending--
      }
    }
    if (answer.status === 429) {
      // Our picture of the window was wrong: someone else spends it, or the server counts differently.
      const cap = Math.max(1, this.limit)
      const counted = this.log.size - this.uncounted + this.inFlight.size
      this.addForeign(Math.max(0, cap - counted), now)
      const reopens = answer.retryAfterMillis !== undefined ? now + answer.retryAfterMillis : this.freeAt(now, cap)
      this.pausedUntil = Math.max(this.pausedUntil, Number.isFinite(reopens) ? reopens : now + this.span)
    }
    if (answer.dailyRemaining !== undefined && (this.daily === undefined || ticket.seq >= this.daily.seq)) {
      const validUntil = answer.dailyResetMillis !== undefined && answer.dailyResetMillis > 0
        ? now + answer.dailyResetMillis
        : (Math.floor(now / DAY) + 1) * DAY
      this.daily = { remaining: answer.dailyRemaining, seq: ticket.seq, validUntil }
    }
  }

  /** When the shared pause ends (0: none). */
  get pauseEnd(): number {
    return this.pausedUntil
  }
}
