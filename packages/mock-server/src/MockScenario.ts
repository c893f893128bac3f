/**
 * Named data sets the mock can be seeded with, and how sizes given as options change them.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Every scenario name.
 *
 * @since 0.1.0
 * @category models
 */
export const names = ["default", "empty", "long-conversation", "ties", "many-locations"] as const

/**
 * A scenario name.
 *
 * @since 0.1.0
 * @category models
 */
export type ScenarioName = typeof names[number]

/**
 * Schema of a scenario name (used to decode the HTTP control API and the CLI).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ScenarioName: Schema.Schema<ScenarioName> = Schema.Literal(...names)

/**
 * One line per scenario, for `--help` and the README.
 *
 * @since 0.1.0
 * @category models
 */
export const descriptions: Readonly<Record<ScenarioName, string>> = {
  default: "2 locations: the primary with 50 conversations (~8 messages each, some campaign blasts that tie on " +
    "lastMessageDate), a second one with 5 (for 403 tests)",
  empty: "the primary location has no conversation; a second one has 5",
  "long-conversation": "the primary location has 1 conversation with 1,200 messages; a second one has 5",
  ties: "the primary location has 300 conversations whose lastMessageDate and lastManualMessageDate come from a few " +
    "bulk sends: groups of up to 60 equal values",
  "many-locations": "12 locations with 20 conversations (~5 messages) each, every one with its own tokens"
}

/**
 * What to generate for one location.
 *
 * @since 0.1.0
 * @category models
 */
export interface LocationPlan {
  readonly conversations: number
  /** Total messages of the location, spread unevenly over its conversations. */
  readonly messages: number
  /** Share of conversations whose newest message belongs to a bulk send (same timestamp: ties). */
  readonly blastShare: number
  /** Largest group of conversations sharing one bulk-send timestamp (at most 999, see the keyset encoding). */
  readonly blastGroupMax: number
  /** A campaign blast is automated (ties on last_message_date only); a bulk action is manual (ties on both sorts). */
  readonly blastAction: "automated" | "manual"
}

/**
 * A resolved scenario: the first location is the primary one (`mock.credentials`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Plan {
  readonly name: ScenarioName
  readonly locations: ReadonlyArray<LocationPlan>
}

/**
 * Size overrides; they apply to the primary location only.
 *
 * @since 0.1.0
 * @category models
 */
export interface Sizes {
  readonly conversations?: number | undefined
  /** Average messages per conversation (ignored when `messages` is given). */
  readonly messagesPerConversation?: number | undefined
  /** Total messages of the primary location. */
  readonly messages?: number | undefined
}

/**
 * Upper bounds of the size options (memory stays around 1 GB at the maximum).
 *
 * @since 0.1.0
 * @category models
 */
export const limits = { conversations: 100_000, messages: 2_000_000 } as const

const secondary: LocationPlan = {
  conversations: 5,
  messages: 20,
  blastShare: 0,
  blastGroupMax: 2,
  blastAction: "automated"
}

const base: Readonly<Record<ScenarioName, ReadonlyArray<LocationPlan>>> = {
  default: [
    { conversations: 50, messages: 400, blastShare: 0.1, blastGroupMax: 8, blastAction: "automated" },
    secondary
  ],
  empty: [{ ...secondary, conversations: 0, messages: 0 }, secondary],
  "long-conversation": [{ ...secondary, conversations: 1, messages: 1_200 }, secondary],
  ties: [{ conversations: 300, messages: 900, blastShare: 0.9, blastGroupMax: 60, blastAction: "manual" }, secondary],
  "many-locations": Array.from(
    { length: 12 },
    (): LocationPlan => ({
      conversations: 20,
      messages: 100,
      blastShare: 0.1,
      blastGroupMax: 4,
      blastAction: "automated"
    })
  )
}

const checkSize = (name: string, value: number, max: number) => {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${name} must be an integer from 0 to ${max}, got ${value}`)
  }
}

/**
 * Resolves a scenario name and size overrides into a plan. Throws a `RangeError` for sizes out of `limits`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const plan = (name: ScenarioName, sizes: Sizes = {}): Plan => {
  const [primary, ...others] = base[name]
  if (primary === undefined) throw new Error(`scenario ${name} has no location`)
  const conversations = sizes.conversations ?? primary.conversations
  const perConversation = primary.conversations === 0 ? 8 : primary.messages / primary.conversations
  const messages = sizes.messages ??
    (sizes.messagesPerConversation !== undefined
      ? Math.round(sizes.messagesPerConversation * conversations)
      : sizes.conversations !== undefined
      ? Math.round(perConversation * conversations)
      : primary.messages)
  checkSize("conversations", conversations, limits.conversations)
  checkSize("messages", messages, limits.messages)
  if (conversations === 0 && messages > 0) {
    throw new RangeError("messages must be 0 when there are no conversations")
  }
  return { name, locations: [{ ...primary, conversations, messages }, ...others] }
}
