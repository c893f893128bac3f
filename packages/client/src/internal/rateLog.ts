/**
 * The log of a rate window (internal/rateWindow.ts): requests ordered by the time they stop being "fresh" for the
 * server (`at`), oldest first, as a plain array with a moving start. Requests leave from the front; an array splice
 * there moves every entry behind, and under a generous budget the log holds every request of the last interval
 * (thousands: the benchmark's 1e9 per 10 s), so leaving costs O(1) here and the array is compacted now and then.
 *
 * @since 0.1.0
 * @internal
 */

/**
 * A request in the log: ours (`seq` ≥ 0, with its send time) or foreign (`seq` -1), counted until `at` + the span.
 *
 * @internal
 */
export interface Entry {
  readonly at: number
  readonly seq: number
  readonly sentAt: number
}

/**
 * Entries by `at`, oldest first.
 *
 * @internal
 */
export class RateLog {
  private entries: Array<Entry> = []
  private head = 0

  get size(): number {
    return this.entries.length - this.head
  }

  /** The `index`-th oldest entry. */
  get(index: number): Entry | undefined {
    return index < 0 ? undefined : this.entries[this.head + index]
  }

  /** The newest entry. */
  get last(): Entry | undefined {
    return this.size > 0 ? this.entries[this.entries.length - 1] : undefined
  }

  /** How many entries have `at` at or before `value` (binary search). */
  countUpTo(value: number): number {
    let lo = this.head
    let hi = this.entries.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((this.entries[mid]?.at ?? 0) <= value) lo = mid + 1
      else hi = mid
    }
    return lo - this.head
  }

  /** Removes the entries with `at` at or before `value` (each handed to `onDrop`, if given); returns how many left. */
  dropUpTo(value: number, onDrop?: (entry: Entry) => void): number {
    const dropped = this.countUpTo(value)
    if (dropped === 0) return 0
    if (onDrop !== undefined) {
      for (let i = this.head; i < this.head + dropped; i++) {
        const entry = this.entries[i]
        if (entry !== undefined) onDrop(entry)
      }
    }
    this.head += dropped
    if (this.head === this.entries.length) {
      this.entries = []
      this.head = 0
    } else if (this.head >= 1024 && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head)
      this.head = 0
    }
    return dropped
  }

  // Requests are answered in send order almost always, so an entry nearly always goes last: a push, not a search
  // and a splice.
  insert(entry: Entry): void {
    const last = this.last
    if (last === undefined || last.at <= entry.at) this.entries.push(entry)
    else this.entries.splice(this.head + this.countUpTo(entry.at), 0, entry)
  }

  /** Calls `f` with every entry, oldest first. */
  forEach(f: (entry: Entry) => void): void {
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i]
      if (entry !== undefined) f(entry)
    }
  }
}
