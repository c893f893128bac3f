/**
 * Checking an operation's input object by its Schema and encoding what goes on the wire with the same Schema.
 *
 * @since 0.1.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { InvalidInputError } from "../../ConversationsError.js"

// One line per bad field, its path first (`files.0.data`, as the other operations spell it): what a caller needs to
// fix the input.
const formatIssues = (error: ParseResult.ParseError): Array<string> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
  )

/**
 * A checker of an operation's input: the caller's value is the Schema's `Type` side (`isTyping: true`, a `Blob`),
 * checked whole (every issue reported, an unknown property is one, as HighLevel's 422 would be), then encoded by the
 * same Schema into its wire form (`isTyping: "true"`). A failure is an `InvalidInputError` and nothing is sent.
 *
 * @internal
 */
export const inputOf = <A, I>(schema: Schema.Schema<A, I>) => {
  const validate = Schema.validateEither(schema, { errors: "all", onExcessProperty: "error" })
  const encode = Schema.encodeEither(schema, { errors: "all" })
  return (
    operation: string,
    value: unknown
  ): Effect.Effect<{ readonly value: A; readonly wire: I }, InvalidInputError> =>
    Either.match(
      Either.flatMap(validate(value), (valid) => Either.map(encode(valid), (wire) => ({ value: valid, wire }))),
      {
        onLeft: (error) => Effect.fail(new InvalidInputError({ operation, issues: formatIssues(error) })),
        onRight: Effect.succeed
      }
    )
}

/**
 * The location of an operation: the one given, else the client's default; every location-scoped operation needs one.
 * The issue names the field the caller would set.
 *
 * @internal
 */
export const locationOf = (
  operation: string,
  given: string | undefined,
  defaultLocationId: string | undefined
): Effect.Effect<string, InvalidInputError> => {
  const locationId = given ?? defaultLocationId
  return locationId === undefined || locationId.trim() === ""
    ? Effect.fail(
      new InvalidInputError({
        operation,
        issues: ["locationId: is required (pass it, or give the client a default locationId)"]
      })
    )
    : Effect.succeed(locationId)
}
