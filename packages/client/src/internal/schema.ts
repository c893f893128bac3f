/**
 * Schema building blocks for HighLevel's lenient wire format.
 *
 * @since 0.1.0
 * @internal
 */
import * as Schema from "effect/Schema"

/**
 * An enum the API keeps growing: the known literals narrow in a `switch`, and any other string decodes as a branded
 * `UnknownLiteral` instead of failing the whole page (HighLevel's `messageType` grew from 35 to 42 values).
 *
 * @internal
 */
export const openLiteral = <const Known extends readonly [string, ...Array<string>]>(...known: Known) =>
  // The branded string goes first for speed, not meaning: a union decodes with its first member that succeeds, and
  // with the literals first a known value failed its way through up to 40 of them (an issue allocated for each)
  // before matching, 2-3 µs per field. The type, and the decoded string, are the same in either order.
  Schema.Union(Schema.String.pipe(Schema.brand("UnknownLiteral")), Schema.Literal(...known))

/**
 * A number sent either as a JSON number or as a numeric string (`meta.call.duration` comes both ways).
 *
 * @internal
 */
export const NumberLenient = Schema.Union(Schema.Number, Schema.NumberFromString)

/**
 * One date decoder for every date field: ISO strings (messages), epoch-ms numbers (search documents) and epoch-ms
 * numeric strings (the update response) all decode to `DateTime.Utc`; dates encode as epoch ms (the first member).
 *
 * @internal
 */
export const LenientDateTime = Schema.Union(
  Schema.DateTimeUtcFromNumber,
  Schema.compose(Schema.NumberFromString, Schema.DateTimeUtcFromNumber),
  Schema.DateTimeUtc
)

/**
 * A non-empty array of strings for comma-separated query parameters.
 *
 * @internal
 */
export const NonEmptyStringList = Schema.NonEmptyArray(Schema.NonEmptyTrimmedString)

// The numbers Get Conversation documents for `type`, in the order of the search strings (API-NOTES D9).
const channelByNumber: ReadonlyMap<number, string> = new Map([
  [1, "TYPE_PHONE"],
  [2, "TYPE_EMAIL"],
  [3, "TYPE_FB_MESSENGER"],
  [4, "TYPE_REVIEW"],
  [5, "TYPE_GROUP_SMS"],
  [6, "TYPE_INTERNAL_CHAT"]
])

/**
 * The channel string of a conversation `type` sent as a number; an undocumented number `n` becomes
 * `TYPE_UNKNOWN_n`. Shared by the channel schema and the fast decoder so the two cannot drift apart.
 *
 * @internal
 */
export const channelFromNumber = (n: number): string => channelByNumber.get(n) ?? `TYPE_UNKNOWN_${n}`
