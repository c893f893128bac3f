/**
 * The generic runner of the grouped operations (`client.conversations.*`, `client.messages.*`, …): an operation
 * declares its input Schema, method, path and response Schema; the runner validates the input before anything is
 * sent, encodes the body (or query) with the same Schema, runs the request through the client's request runner
 * (limiter, timeout, token, retry by method) and decodes the answer leniently. A `POST` whose outcome is unknown
 * fails with `WriteOutcomeUnknownError` and is never resent.
 *
 * A group's implementation (internal/operations/<group>.ts) is a function of {@link OperationContext} returning the
 * group's service; internal/client.ts builds the context once and mounts each group on the `Service`.
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type * as SchemaAST from "effect/SchemaAST"
import {
  type AttemptError,
  InvalidInputError,
  type NotFoundError,
  type RequestError,
  WriteOutcomeUnknownError
} from "../../ConversationsError.js"
import * as RetryPolicy from "../../RetryPolicy.js"
import type { makeRun, ResponseKind } from "../request.js"
import { json } from "../response.js"

/**
 * What every group's implementation is built from, resolved once by the client.
 *
 * @internal
 */
export interface OperationContext {
  /** The client's request runner (internal/request.ts): limiter, timeout, token, retry by method. */
  readonly run: ReturnType<typeof makeRun>
  /** The client's default location, for operations whose input may leave `locationId` out. */
  readonly locationId: string | undefined
  /** The page size the listings request when the caller names none. */
  readonly pageSize: number
  /** Every token the client sent, out of a text: for response values that enter an error or a span attribute. */
  readonly redact: (text: string) => string
}

/**
 * The HTTP methods the operations use.
 *
 * @internal
 */
export type Method = "GET" | "POST" | "PUT" | "DELETE"

// One line per bad field, with its path: what a caller needs to fix the input.
const formatIssues = (error: ParseResult.ParseError): Array<string> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) =>
    issue.path.length === 0 ? issue.message : `${issue.path.join(".")}: ${issue.message}`
  )

/**
 * A checked and encoded input: the value as the caller's type (`value`) and as it goes on the wire (`wire`).
 *
 * @internal
 */
export interface Checked<A, I> {
  readonly value: A
  readonly wire: I
}

// The property names of a struct input (through its refinements), for the cheap unknown-property check; `undefined`
// for any other shape, which always takes the full check.
const propertyNames = (ast: SchemaAST.AST): ReadonlySet<PropertyKey> | undefined => {
  if (ast._tag === "Refinement") return propertyNames(ast.from)
  if (ast._tag !== "TypeLiteral" || ast.indexSignatures.length > 0) return undefined
  return new Set(ast.propertySignatures.map((signature) => signature.name))
}

const onlyKnownProperties = (names: ReadonlySet<PropertyKey>, input: unknown): boolean => {
  if (typeof input !== "object" || input === null) return true
  for (const key of Object.keys(input)) if (!names.has(key)) return false
  return true
}

/**
 * The input check of an operation, by its Schema: the caller's value is validated on the type side (required
 * fields, enums, refinements such as "an Email needs a subject"; an unknown property is an issue, since HighLevel
 * answers 422 to those) and encoded to the wire by the same Schema, in one pass (encoding checks the type side).
 * Every issue is reported, each naming its field.
 *
 * A valid input (the common case) takes the Schema's default options, with unknown properties checked against the
 * struct's names first: `errors: "all"` with `onExcessProperty: "error"` cost twice as much on every send (28 µs
 * against 14 µs for an SMS on a loaded 2-core machine). Only a failure runs the full check, for its issue list.
 *
 * @internal
 */
export const inputOf = <A, I>(schema: Schema.Schema<A, I>) => {
  const fast = Schema.encodeUnknownEither(schema)
  const full = Schema.encodeUnknownEither(schema, { errors: "all", onExcessProperty: "error" })
  const names = propertyNames(schema.ast)
  return (operation: string, input: A): Effect.Effect<Checked<A, I>, InvalidInputError> => {
    const quick = names !== undefined && onlyKnownProperties(names, input) ? fast(input) : undefined
    if (quick !== undefined && Either.isRight(quick)) return Effect.succeed({ value: input, wire: quick.right })
    return Either.match(full(input), {
      onLeft: (error) => Effect.fail(new InvalidInputError({ operation, issues: formatIssues(error) })),
      onRight: (wire) => Effect.succeed({ value: input, wire })
    })
  }
}

/**
 * A lenient decoder of a response body: unknown fields dropped, optional fields may be `null` (the response Schemas
 * use `optionalOrNull` and open enums).
 *
 * @internal
 */
export const responseOf = <A, I>(schema: Schema.Schema<A, I>) => json(Schema.decodeUnknownEither(schema))

/**
 * One request of an operation, built from its checked input.
 *
 * @internal
 */
export interface Call<A> {
  /** The operation, named in every error (`messages.send`). */
  readonly operation: string
  readonly method: Method
  /** The path under the base URL, ids already checked and encoded (internal/validate.ts). */
  readonly path: string
  /** The query, for a `GET` (or a `DELETE` with parameters). */
  readonly query?: ReadonlyArray<readonly [string, string]> | undefined
  /**
   * The JSON body, already encoded by the input Schema; or a body built by the operation (an `HttpBody`: the
   * streamed multipart of an upload), sent as it is.
   */
  readonly body?: unknown
  readonly response: ResponseKind<A>
  /** The id the request names (for `WriteOutcomeUnknownError`). */
  readonly knownId?: string | undefined
}

const requestOf = <A>(call: Call<A>): HttpClientRequest.HttpClientRequest => {
  const request = HttpClientRequest.make(call.method)(
    call.path,
    call.query !== undefined ? { urlParams: call.query.map(([key, value]) => [key, value] as [string, string]) } : {}
  )
  return call.body === undefined
    ? request
    : HttpBody.isHttpBody(call.body)
    ? HttpClientRequest.setBody(request, call.body)
    : HttpClientRequest.bodyUnsafeJson(request, call.body)
}

// A POST whose fate is unknown, as the error that says so.
const outcomeUnknown = (call: Call<unknown>, error: AttemptError): WriteOutcomeUnknownError => {
  const known = call.knownId !== undefined ? { knownId: call.knownId } : {}
  if (error._tag === "ServerError") {
    return new WriteOutcomeUnknownError({
      operation: call.operation,
      reason: "server_error",
      detail: error.messages.length > 0 ? error.messages.join("; ") : `status ${error.status}`,
      status: error.status,
      ...(error.traceId !== undefined ? { traceId: error.traceId } : {}),
      ...known
    })
  }
  const detail = error._tag === "TransportError" ? error.detail : error.message
  const reason = error._tag === "TransportError" && error.reason === "timeout" ? "timeout" : "connection_lost"
  return new WriteOutcomeUnknownError({ operation: call.operation, reason, detail, ...known })
}

/**
 * Runs an idempotent call (`GET`, `PUT`, `DELETE`): retried like a read. A 404 is `NotFoundError` when
 * `notFoundIsExpected`, else an `UnexpectedStatusError`.
 *
 * @internal
 */
export const idempotent = <A>(
  context: OperationContext,
  call: Call<A>,
  notFoundIsExpected: boolean
): Effect.Effect<A, RequestError | NotFoundError> =>
  context.run({ operation: call.operation, request: requestOf(call), response: call.response, notFoundIsExpected })

/**
 * Runs a `POST`: retried only after a failure that proves it never reached the server (a 429, a connection that
 * failed before the request was written); a timeout, a dropped connection or a 5xx after sending fail with
 * `WriteOutcomeUnknownError`. A 404 is `NotFoundError` when `notFoundIsExpected`.
 *
 * @internal
 */
export const post = <A>(
  context: OperationContext,
  call: Call<A>,
  notFoundIsExpected: boolean
): Effect.Effect<A, RequestError | NotFoundError | WriteOutcomeUnknownError> =>
  context.run({ operation: call.operation, request: requestOf(call), response: call.response, notFoundIsExpected })
    .pipe(
      Effect.catchIf(
        (error) => RetryPolicy.isOutcomeUnknown("POST", error),
        (error) => Effect.fail(outcomeUnknown(call, error))
      )
    )

/**
 * The span options of an operation: method and path template, never the filled-in path with its ids.
 *
 * @internal
 */
export const spanOf = (method: Method, route: string) => ({
  attributes: { "http.request.method": method, "url.template": route }
})
