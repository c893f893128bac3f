/**
 * Turning HTTP responses and platform failures into the client's typed results.
 *
 * @since 0.1.0
 * @internal
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  DecodeError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitError,
  type RequestError,
  ResponseTooLargeError,
  ServerError,
  TransportError,
  UnauthorizedError,
  UnexpectedStatusError
} from "../ConversationsError.js"
import * as RateLimit from "../RateLimit.js"
import { webBodyOf } from "./fetchBody.js"
import { redactor } from "./redact.js"
import { headerReaderOf } from "./responseHeader.js"
import { undiciBodyOf } from "./undiciBody.js"

/**
 * A body read up to a limit: its text (of the part within the limit), and whether that is the whole body.
 *
 * @internal
 */
interface BoundedText {
  readonly text: string
  readonly complete: boolean
}

const utf8 = new TextDecoder()

const concat = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0]
  const out = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

// Bytes to text, as `Response.text()` decodes them (UTF-8, a BOM dropped, bad sequences replaced).
const decodeChunks = (chunks: ReadonlyArray<Uint8Array>): string => {
  let size = 0
  for (const chunk of chunks) size += chunk.length
  return utf8.decode(concat(chunks, size))
}

// The body chunk by chunk, counted, until the limit: the chunk that crosses it ends the stream (its finaliser
// cancels the transport's reader, and the attempt's scope then aborts the request), keeping the bytes up to the
// limit.
const readCounted = (
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number
): Effect.Effect<BoundedText, HttpClientError.ResponseError> =>
  Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    let complete = true
    return Effect.map(
      Stream.runForEachWhile(response.stream, (chunk) =>
        Effect.sync(() => {
          const room = maxBytes - size
          if (chunk.length > room) {
            if (room > 0) chunks.push(chunk.subarray(0, room))
            size = maxBytes
            complete = false
            return false
          }
          chunks.push(chunk)
          size += chunk.length
          return true
        })),
      (): BoundedText => ({ text: utf8.decode(concat(chunks, size)), complete })
    )
  })

// The `Content-Length` of a body the transport hands over as sent: with a `Content-Encoding`, fetch inflates it and
// the length counts the compressed bytes, so it says nothing of what would be read.
const declaredLength = (response: HttpClientResponse.HttpClientResponse): number | undefined => {
  const header = headerReaderOf(response)
  const encoding = header("content-encoding")
  if (encoding !== undefined && encoding !== "identity") return undefined
  const length = header("content-length")
  if (length === undefined || !/^\d+$/.test(length)) return undefined
  return Number(length)
}

/**
 * Reads a body up to `maxBytes`. A declared length within the limit is read by the transport's own `text` (the
 * common case, and the fastest: HTTP framing holds a body to its `Content-Length`). A declared length above it is
 * not read at all unless `prefix` asks for the part within the limit; a body of unknown length is counted as it
 * arrives.
 *
 * @internal
 */
export const readText = (
  response: HttpClientResponse.HttpClientResponse,
  maxBytes: number,
  prefix: boolean
): Effect.Effect<BoundedText & { readonly declared?: number }, HttpClientError.ResponseError> => {
  const declared = declaredLength(response)
  // Over fetch or undici, from the transport's own body (internal/fetchBody.ts, internal/undiciBody.ts say why).
  const direct = webBodyOf(response) ?? undiciBodyOf(response)
  if (declared !== undefined && declared <= maxBytes) {
    return Effect.map(direct?.text ?? response.text, (text) => ({ text, complete: true }))
  }
  if (declared !== undefined && !prefix) return Effect.succeed({ text: "", complete: false, declared })
  const counted = direct === undefined
    ? readCounted(response, maxBytes)
    : Effect.map(direct.chunks(maxBytes), ({ chunks, complete }) => ({ text: decodeChunks(chunks), complete }))
  return Effect.map(counted, (read) => declared === undefined ? read : { ...read, declared })
}

// Errors keep the raw body for support, but a proxy's huge error page must not be carried around whole.
const maxKeptBody = 4096

const keepBody = (text: string): string =>
  text.length > maxKeptBody ? `${text.slice(0, maxKeptBody)}… (${text.length} characters)` : text

// Every field is read on its own: a field of another shape counts as absent instead of failing the whole body.
const lenient = <A, I>(schema: Schema.Schema<A, I>) =>
  Schema.optional(Schema.UndefinedOr(schema).annotations({ decodingFallback: () => Either.right(undefined) }))

// HighLevel's error bodies: `{ statusCode, message, error?, traceId? }`, where `message` is a string or an array of
// them (NestJS validation) and a gateway may send only `error`. Anything else (HTML, an array) has none of them.
const ErrorBody = Schema.Struct({
  message: lenient(Schema.Union(Schema.String, Schema.Array(Schema.Unknown))),
  error: lenient(Schema.String),
  traceId: lenient(Schema.String)
})

const decodeErrorBody = Schema.decodeUnknownOption(Schema.parseJson(ErrorBody))

interface ErrorBody {
  readonly messages: ReadonlyArray<string>
  readonly traceId?: string
}

const readErrorBody = (text: string): ErrorBody =>
  Option.match(decodeErrorBody(text), {
    onNone: () => ({ messages: [] }),
    onSome: ({ error, message, traceId }) => {
      const messages = typeof message === "string"
        ? [message]
        : message !== undefined
        ? message.filter(Predicate.isString)
        : error !== undefined
        ? [error]
        : []
      return traceId !== undefined ? { messages, traceId } : { messages }
    }
  })

// The `traceId` of a body that parsed as JSON but did not decode: support asks for it.
const decodeTraceId = Schema.decodeUnknownOption(Schema.Struct({ traceId: Schema.String }))

// Maps a non-2xx response to its typed error.
const errorFromResponse = (
  operation: string,
  status: number,
  headers: Readonly<Record<string, string | undefined>>,
  text: string,
  now: number,
  notFoundIsExpected: boolean
): RequestError | NotFoundError => {
  const { messages, traceId } = readErrorBody(text)
  const fields = {
    operation,
    status,
    messages,
    body: keepBody(text),
    ...(traceId !== undefined ? { traceId } : {})
  }
  switch (status) {
    case 400:
    case 422:
      return new InvalidRequestError(fields)
    case 401:
      return new UnauthorizedError({
        ...fields,
        reason: messages.some((m) => /scope/i.test(m)) ? "missing_scope" : "invalid_token"
      })
    case 403:
      return new ForbiddenError(fields)
    case 404:
      return notFoundIsExpected ? new NotFoundError(fields) : new UnexpectedStatusError(fields)
    case 429: {
      const rateLimit = RateLimit.fromHeaders(headers, now)
      const retryAfterMillis = rateLimit.retryAfterMillis ??
        (rateLimit.remaining === 0 ? rateLimit.intervalMillis : undefined)
      return new RateLimitError({
        ...fields,
        rateLimit,
        ...(retryAfterMillis !== undefined ? { retryAfterMillis } : {})
      })
    }
    default: {
      if (status >= 500) {
        const retryAfterMillis = RateLimit.parseRetryAfter(headers["retry-after"], now)
        return new ServerError({ ...fields, ...(retryAfterMillis !== undefined ? { retryAfterMillis } : {}) })
      }
      return new UnexpectedStatusError(fields)
    }
  }
}

/**
 * Maps a platform failure (no response, or a body that could not be read) to a `TransportError`.
 *
 * @internal
 */
export const transportError = (operation: string, error: HttpClientError.HttpClientError): TransportError =>
  new TransportError({
    operation,
    reason: "network",
    // The platform's description names the method and URL (never headers), which is what a user needs to see.
    detail: error.description ?? error.reason,
    ...(failedBeforeSend(error) ? { beforeSend: true } : {})
  })

// The error codes Node and undici give a connection that was never established: nothing of the request was written.
// Anything else (a reset, "other side closed", an abort) may come after the request reached the server.
const connectFailureCodes: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT"
])

// The `code` of an error or of any of its causes (fetch wraps undici's error: `TypeError("fetch failed")`, whose
// `cause` carries the code; an `AggregateError` of a dual-stack connect holds them in `errors`). Bounded: a cause
// chain can be cyclic.
const errorCodes = (error: unknown): Array<string> => {
  const codes: Array<string> = []
  const pending: Array<unknown> = [error]
  for (let visited = 0; pending.length > 0 && visited < 16; visited++) {
    const current = pending.shift()
    if (typeof current !== "object" || current === null) continue
    if ("code" in current && typeof current.code === "string") codes.push(current.code)
    if ("cause" in current) pending.push(current.cause)
    if ("errors" in current && Array.isArray(current.errors)) pending.push(...current.errors)
  }
  return codes
}

// Whether a platform failure provably happened before the request was written: it could not be built or encoded, or
// the connection was never established (refused, unknown host, connect timeout). Only then may a `POST` be resent.
const failedBeforeSend = (error: HttpClientError.HttpClientError): boolean => {
  if (error._tag !== "RequestError") return false
  if (error.reason === "Encode" || error.reason === "InvalidUrl") return true
  const codes = errorCodes(error.cause)
  return codes.length > 0 && codes.every((code) => connectFailureCodes.has(code))
}

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>(
    (acc, key) => typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`,
    ""
  )

// Parses and decodes a successful body, failing with a `DecodeError` that names the path of the bad field. Every
// text the error keeps is redacted (a decoder quotes bad values, a server may echo the token), the body before it is
// cut: cut first, a token straddling the cut would keep its first characters.
const decodeBody = <A>(
  operation: string,
  status: number,
  text: string,
  decode: (u: unknown) => Either.Either<A, ParseResult.ParseError>,
  bearer: Redacted.Redacted<string>
): Either.Either<A, DecodeError> =>
  Either.try(() => JSON.parse(text)).pipe(
    Either.mapLeft(() =>
      new DecodeError({
        operation,
        status,
        path: "",
        detail: "the body is not JSON",
        body: keepBody(redactor(bearer)(text))
      })
    ),
    Either.flatMap((json: unknown) =>
      Either.mapLeft(decode(json), (error) => {
        // A union (wrapped or flat messages) reports an issue per member: the deepest one names the real culprit.
        const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
        const deepest = issues.reduce<ParseResult.ArrayFormatterIssue | undefined>(
          (best, issue) => best === undefined || issue.path.length > best.path.length ? issue : best,
          undefined
        )
        const traceId = Option.map(decodeTraceId(json), (body) => body.traceId)
        const redact = redactor(bearer)
        return new DecodeError({
          operation,
          status,
          path: redact(deepest === undefined ? "" : formatPath(deepest.path)),
          detail: redact(deepest?.message ?? error.message),
          body: keepBody(redact(text)),
          ...Option.match(traceId, { onNone: () => ({}), onSome: (id) => ({ traceId: redact(id) }) })
        })
      })
    )
  )

/**
 * Reads a failure response whole and fails with its typed error, the token removed from everything kept (a server or
 * proxy may echo the request).
 *
 * @internal
 */
export const failureOf = (
  operation: string,
  response: HttpClientResponse.HttpClientResponse,
  bearer: Redacted.Redacted<string>,
  notFoundIsExpected: boolean,
  maxBodyBytes: number
): Effect.Effect<never, RequestError | NotFoundError> =>
  Effect.gen(function*() {
    // The status decides the error (a 502 stays a retried `ServerError`): a huge error page is read up to the limit.
    const { text } = yield* Effect.mapError(
      readText(response, maxBodyBytes, true),
      (error) => transportError(operation, error)
    )
    const now = yield* Clock.currentTimeMillis
    return yield* Effect.fail(
      errorFromResponse(operation, response.status, response.headers, redactor(bearer)(text), now, notFoundIsExpected)
    )
  })

/**
 * The JSON response kind: the body read whole (up to `maxBodyBytes`, else `ResponseTooLargeError`), parsed and
 * decoded by `decode` (a fast path over the Schema), a `DecodeError` naming the bad field otherwise.
 *
 * @internal
 */
export const json = <A>(decode: (u: unknown) => Either.Either<A, ParseResult.ParseError>) => ({
  read: (
    operation: string,
    response: HttpClientResponse.HttpClientResponse,
    bearer: Redacted.Redacted<string>,
    maxBodyBytes: number
  ): Effect.Effect<A, TransportError | DecodeError | ResponseTooLargeError> => {
    const decoded = (read: BoundedText & { readonly declared?: number }) =>
      read.complete
        // Nothing kept from a response (bodies, messages, quoted values) may carry the token it echoed.
        ? decodeBody<A>(operation, response.status, read.text, decode, bearer)
        : Either.left<DecodeError | ResponseTooLargeError>(
          new ResponseTooLargeError({
            operation,
            status: response.status,
            maxBodyBytes,
            ...(read.declared !== undefined ? { declaredBytes: read.declared } : {})
          })
        )
    // One `matchEffect` rather than `mapError` + `flatMap` (as in internal/request.ts's exchange): 20–22 µs of CPU
    // less per get over the lean fetch transport, within the noise over undici (two interleaved A/B runs).
    return Effect.matchEffect(readText(response, maxBodyBytes, false), {
      onFailure: (error) => Effect.fail(transportError(operation, error)),
      onSuccess: decoded
    })
  }
})
