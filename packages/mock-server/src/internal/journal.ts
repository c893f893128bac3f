/**
 * The request journal: every answered API request, newest `limit` entries kept, oldest dropped first.
 *
 * @since 0.1.0
 * @internal
 */
import type * as MockControl from "../MockControl.js"

/** What the gateway records; the journal adds `seq` and `time`. @internal */
type JournalRecord = Omit<MockControl.JournalEntry, "seq" | "time">

/** @internal */
export interface Journal {
  readonly record: (entry: JournalRecord) => void
  /** Entries kept, oldest first (copies). */
  readonly entries: () => Array<MockControl.JournalEntry>
  /** Drops the entries; the request count goes on. */
  readonly clear: () => void
  /** Requests recorded since the last `reset` (what `state().requests` reports). */
  readonly count: () => number
  /** No entries, count back to 0. */
  readonly reset: () => void
}

/** @internal */
export const makeJournal = (limit: number, now: () => number): Journal => {
  let entries: Array<MockControl.JournalEntry> = []
  let start = 0
  let seq = 0
  const clear = () => {
    entries = []
    start = 0
  }
  return {
    record: (entry) => {
      entries.push({ seq: seq++, time: now(), ...entry })
      // A ring buffer without the index juggling: compact once the dead prefix is as long as the limit.
      if (entries.length - start > limit) start++
      if (start >= limit) {
        entries = entries.slice(start)
        start = 0
      }
    },
    entries: () => entries.slice(start).map((e) => ({ ...e, query: { ...e.query } })),
    clear,
    count: () => seq,
    reset: () => {
      clear()
      seq = 0
    }
  }
}
