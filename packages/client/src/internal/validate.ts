/**
 * Checking an operation's input before anything is sent: bad input fails with `InvalidInputError`, one line per
 * problem, and no request leaves.
 *
 * @since 0.1.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { InvalidInputError } from "../ConversationsError.js"

// C0 and C1 control characters and DEL. No id holds one, and a NUL, a tab or a line break in a URL, even
// percent-encoded, is what truncation and header-injection bugs in servers and proxies are made of.
const controlCharacter = /\p{Cc}/u

/**
 * An id, checked and encoded as one path segment: encoded, never interpreted. Refused instead of sent: an empty or
 * blank id; "." and "..", which survive percent-encoding as dot-segments in URL parsing (WHATWG treats "%2e%2e" as
 * ".."); an id with a control character; ill-formed Unicode (a lone surrogate), which has no encoding. Everything
 * else (spaces, non-ASCII, "/", "?", "#", "%", URLs) is sent percent-encoded. The issue never quotes the id: it may
 * come from a response.
 *
 * @internal
 */
export const pathSegment = (operation: string, name: string, id: string): Effect.Effect<string, InvalidInputError> =>
  id.trim() === ""
    ? Effect.fail(new InvalidInputError({ operation, issues: [`${name} must not be empty`] }))
    : id === "." || id === ".."
    ? Effect.fail(new InvalidInputError({ operation, issues: [`${name} must not be a dot-segment ("${id}")`] }))
    : controlCharacter.test(id)
    ? Effect.fail(new InvalidInputError({ operation, issues: [`${name} must not contain control characters`] }))
    // encodeURIComponent throws a URIError on a lone surrogate: that is bad input, not a defect.
    : Effect.try({
      try: () => encodeURIComponent(id),
      catch: () => new InvalidInputError({ operation, issues: [`${name} is not well-formed Unicode`] })
    })

// ArrayFormatter gives one line per bad field with its path, which is what a caller needs to fix the input.
const formatIssues = (error: ParseResult.ParseError): Array<string> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
  )

/**
 * A validator of an operation's parameters by their Schema: every issue is reported, and an unknown parameter is one
 * (HighLevel answers 422 to those).
 *
 * @internal
 */
export const params = <A, I>(schema: Schema.Schema<A, I>) => {
  const decode = Schema.decodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })
  return (operation: string, input: unknown): Effect.Effect<A, InvalidInputError> =>
    Either.match(decode(input), {
      onLeft: (error) => Effect.fail(new InvalidInputError({ operation, issues: formatIssues(error) })),
      onRight: Effect.succeed
    })
}

/**
 * The location of a search: the one given, else the client's default; a search needs one.
 *
 * @internal
 */
export const withLocation = <P extends { readonly locationId?: string | undefined }>(
  operation: string,
  params: P,
  defaultLocationId: string | undefined
): Effect.Effect<P & { readonly locationId: string }, InvalidInputError> => {
  const locationId = params.locationId ?? defaultLocationId
  return locationId === undefined || locationId.trim() === ""
    ? Effect.fail(
      new InvalidInputError({
        operation,
        issues: ["locationId is required (pass it, or give the client a default locationId)"]
      })
    )
    : Effect.succeed({ ...params, locationId })
}
