/**
 * Schema building blocks for HighLevel's lenient wire format.
 *
 * @since 0.1.0
 * @internal
 */
import * as DateTime from "effect/DateTime"
import * as Num from "effect/Number"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
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
 * An optional field of a response: absent, or a value of `schema`, and `null` decodes as absent. HighLevel's backend
 * sends `null` for values it does not have (`assignedTo: null`, a call's `body: null`), and one such field must not
 * fail a whole page. Required fields stay strict. Same types as `Schema.optional` (the encoded side also admits
 * `null`); the fast decoder (internal/fieldTable.ts) reads `null` in optional fields the same way.
 *
 * @internal
 */
export const optionalOrNull = <S extends Schema.Schema.Any>(schema: S) =>
  Schema.optionalWith(schema, { nullable: true })

/**
 * A number sent either as a JSON number or as a numeric string (`meta.call.duration` comes both ways).
 *
 * @internal
 */
export const NumberLenient = Schema.Union(Schema.Number, Schema.NumberFromString)

// What `Schema.DateTimeUtcFromNumber` and `Schema.DateTimeUtc` accept: an input `DateTime.unsafeMake` takes.
const utcOf = (input: number | string): Option.Option<DateTime.Utc> =>
  Option.filter(DateTime.make(input), DateTime.isUtc)

/**
 * One date decoder for every date field: ISO strings (messages), epoch-ms numbers (search documents) and epoch-ms
 * numeric strings (the update response) all decode to `DateTime.Utc`; dates encode as epoch ms.
 *
 * It decides as the union `DateTimeUtcFromNumber | compose(NumberFromString, DateTimeUtcFromNumber) | DateTimeUtc`
 * would, member by member (a string that parses as a number but not as a valid epoch date is tried as ISO), with the
 * same types; one transformation is cheaper than a union that builds an issue for each member it rejects, and this
 * Schema is the fallback of the fast decoder (internal/fastDecode.ts). test/Decoding.test.ts holds it to that union.
 *
 * @internal
 */
export const LenientDateTime = Schema.transformOrFail(
  Schema.Union(Schema.Number, Schema.String),
  Schema.DateTimeUtcFromSelf,
  {
    strict: true,
    decode: (wire, _, ast) =>
      Option.match(
        typeof wire === "number"
          ? utcOf(wire)
          : Option.orElse(Option.flatMap(Num.parse(wire), utcOf), () => utcOf(wire)),
        {
          onNone: () =>
            ParseResult.fail(
              new ParseResult.Type(
                ast,
                wire,
                `Expected an epoch-ms number or an ISO date, actual ${JSON.stringify(wire)}`
              )
            ),
          onSome: ParseResult.succeed
        }
      ),
    encode: (date) => ParseResult.succeed(DateTime.toEpochMillis(date))
  }
)

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
