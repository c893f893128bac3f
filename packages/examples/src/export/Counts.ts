/**
 * Message counts by type and direction: what a part, a commit and a whole export hold. Counts are immutable values;
 * combining two makes a new one, so a fold over the commits carries them without shared state.
 *
 * @since 0.1.0
 */
import type { Message } from "@highlevel-effect/client"
import { TypeCount } from "./Model.js"

/**
 * Counts keyed by type and direction (see {@link rows} for the journal's form).
 *
 * @since 0.1.0
 * @category models
 */
export type Counts = ReadonlyMap<string, number>

/**
 * One count as the journal stores it: `[messageType, direction, n]`.
 *
 * @since 0.1.0
 * @category models
 */
export type CountRow = readonly [messageType: string, direction: string, n: number]

// NUL cannot occur in a message type or a direction.
const keyOf = (messageType: string, direction: string) => `${messageType}\u0000${direction}`

/**
 * No messages.
 *
 * @since 0.1.0
 * @category constructors
 */
export const empty: Counts = new Map()

/**
 * Counts from rows, adding up rows that share a type and direction.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromRows = (input: Iterable<CountRow>): Counts => {
  // Local and never shared: the map is built here and only read afterwards.
  const counts = new Map<string, number>()
  for (const [messageType, direction, n] of input) {
    const key = keyOf(messageType, direction)
    counts.set(key, (counts.get(key) ?? 0) + n)
  }
  return counts
}

/**
 * The counts of some messages (one page, typically).
 *
 * @since 0.1.0
 * @category constructors
 */
export const ofMessages = (messages: Iterable<Message.Message>): Counts => {
  const counts = new Map<string, number>()
  for (const message of messages) {
    const key = keyOf(message.messageType, message.direction)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

/**
 * The rows of counts, as the journal stores them.
 *
 * @since 0.1.0
 * @category conversions
 */
export const rows = (counts: Counts): Array<CountRow> =>
  [...counts].map(([key, n]) => {
    const [messageType = "", direction = ""] = key.split("\u0000")
    return [messageType, direction, n] as const
  })

/**
 * Both counts added up.
 *
 * @since 0.1.0
 * @category combinators
 */
export const combine = (self: Counts, that: Counts): Counts =>
  that.size === 0 ? self : self.size === 0 ? that : fromRows([...rows(self), ...rows(that)])

/**
 * How many messages in all.
 *
 * @since 0.1.0
 * @category getters
 */
export const total = (counts: Counts): number => [...counts.values()].reduce((sum, n) => sum + n, 0)

/**
 * The summary's table: one row per type with its directions, the most frequent type first (ties by name).
 *
 * @since 0.1.0
 * @category conversions
 */
export const byType = (counts: Counts): Array<TypeCount> => {
  const table = new Map<string, { inbound: number; outbound: number; other: number }>()
  for (const [messageType, direction, n] of rows(counts)) {
    const row = table.get(messageType) ?? { inbound: 0, outbound: 0, other: 0 }
    table.set(messageType, {
      inbound: row.inbound + (direction === "inbound" ? n : 0),
      outbound: row.outbound + (direction === "outbound" ? n : 0),
      other: row.other + (direction !== "inbound" && direction !== "outbound" ? n : 0)
    })
  }
  return [...table]
    .map(([messageType, row]) => new TypeCount({ messageType, ...row }, { disableValidation: true }))
    .sort((a, b) =>
      (b.inbound + b.outbound + b.other) - (a.inbound + a.outbound + a.other) ||
      a.messageType.localeCompare(b.messageType)
    )
}
