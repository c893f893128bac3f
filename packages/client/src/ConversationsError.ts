/**
 * The typed failures of the client: one tagged class per condition, and a closed union per operation.
 *
 * @since 0.1.0
 */
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { RateLimitInfo } from "./RateLimit.js"
// Type only: `Upload.ts` defines its error (it imports `TypeId` from here), the union below names it.
import type { UploadRejectedError } from "./Upload.js"

/**
 * The mark every error of the client carries, whatever its tag.
 *
 * @since 0.1.0
 * @category type ids
 */
export const TypeId: unique symbol = Symbol.for("@highlevel-effect/client/ConversationsError")

/**
 * @since 0.1.0
 * @category type ids
 */
export type TypeId = typeof TypeId

// What every error built from an HTTP response keeps: enough to act on and to quote to HighLevel support.
const responseFields = {
  /** The operation that failed, e.g. `getConversation`. */
  operation: Schema.String,
  /** The HTTP status code. */
  status: Schema.Number,
  /** The messages of the error body (`message` may be a string or an array on the wire). */
  messages: Schema.Array(Schema.String),
  /** HighLevel's `traceId` of the request, when the body carried one. */
  traceId: Schema.optional(Schema.String),
  /** The raw response body (truncated to a few KB). */
  body: Schema.optional(Schema.String)
}

const describe = (label: string, error: {
  readonly operation: string
  readonly status: number
  readonly messages: ReadonlyArray<string>
  readonly traceId?: string | undefined
}): string =>
  `${error.operation}: ${label} (${error.status})` +
  (error.messages.length > 0 ? `: ${error.messages.join("; ")}` : "") +
  (error.traceId !== undefined ? ` [traceId ${error.traceId}]` : "")

/**
 * The input was rejected before any request was sent (an empty id, a `limit` outside 1..100, an unknown enum value…).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidInputError
  extends Schema.TaggedError<InvalidInputError>("@highlevel-effect/client/InvalidInputError")("InvalidInputError", {
    operation: Schema.String,
    issues: Schema.Array(Schema.String)
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return `${this.operation}: invalid input: ${this.issues.join("; ")}`
  }
}

/**
 * HighLevel rejected the request as malformed (400) or unprocessable (422, also sent for unknown query parameters).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRequestError
  extends Schema.TaggedError<InvalidRequestError>("@highlevel-effect/client/InvalidRequestError")(
    "InvalidRequestError",
    {
      ...responseFields
    }
  )
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return describe("invalid request", this)
  }
}

/**
 * The token is missing, invalid or expired (`invalid_token`), or lacks the scope the endpoint needs
 * (`missing_scope`): both are 401 on HighLevel.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnauthorizedError
  extends Schema.TaggedError<UnauthorizedError>("@highlevel-effect/client/UnauthorizedError")("UnauthorizedError", {
    ...responseFields,
    reason: Schema.Literal("invalid_token", "missing_scope")
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return describe(this.reason === "missing_scope" ? "token lacks the scope" : "unauthorized", this)
  }
}

/**
 * The token belongs to another location (403).
 *
 * @since 0.1.0
 * @category errors
 */
export class ForbiddenError
  extends Schema.TaggedError<ForbiddenError>("@highlevel-effect/client/ForbiddenError")("ForbiddenError", {
    ...responseFields
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return describe("forbidden", this)
  }
}

/**
 * The resource does not exist (404).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFoundError
  extends Schema.TaggedError<NotFoundError>("@highlevel-effect/client/NotFoundError")("NotFoundError", {
    ...responseFields
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return describe("not found", this)
  }
}

/**
 * The burst or daily rate limit was hit (429), after any retries the policy allowed.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimitError
  extends Schema.TaggedError<RateLimitError>("@highlevel-effect/client/RateLimitError")("RateLimitError", {
    ...responseFields,
    rateLimit: RateLimitInfo,
    /** How long the server asked us to wait (`Retry-After`, else the burst interval when none remain). */
    retryAfterMillis: Schema.optional(Schema.Number)
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return describe("rate limited", this) +
      (this.retryAfterMillis !== undefined ? `, retry after ${this.retryAfterMillis} ms` : "") +
      (this.rateLimit.dailyRemaining === 0 ? ", daily budget exhausted" : "")
  }
}

/**
 * The location's daily budget is spent: by the server's last `X-RateLimit-Daily-Remaining`, less the requests sent
 * since, `remaining` requests are left, at or below the configured `reserve`. Raised before sending, so the last
 * requests of the day are never burnt on retries; not retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class DailyBudgetError
  extends Schema.TaggedError<DailyBudgetError>("@highlevel-effect/client/DailyBudgetError")("DailyBudgetError", {
    operation: Schema.String,
    remaining: Schema.Number,
    reserve: Schema.Number
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return `${this.operation}: daily budget spent: ${this.remaining} requests left today, reserve ${this.reserve}; ` +
      "not sent"
  }
}

/**
 * HighLevel (or a proxy in front of it) failed with a 5xx.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError
  extends Schema.TaggedError<ServerError>("@highlevel-effect/client/ServerError")("ServerError", {
    ...responseFields,
    retryAfterMillis: Schema.optional(Schema.Number)
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return describe("server error", this)
  }
}

/**
 * A status the API does not document for this operation (e.g. 405, 409, 408).
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedStatusError
  extends Schema.TaggedError<UnexpectedStatusError>("@highlevel-effect/client/UnexpectedStatusError")(
    "UnexpectedStatusError",
    {
      ...responseFields
    }
  )
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return describe("unexpected status", this)
  }
}

/**
 * The request never got a complete response: a network failure, a reset connection, or the per-request timeout.
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError
  extends Schema.TaggedError<TransportError>("@highlevel-effect/client/TransportError")("TransportError", {
    operation: Schema.String,
    reason: Schema.Literal("network", "timeout"),
    detail: Schema.String,
    /**
     * `true` when the connection failed before the request was written (connection refused, DNS failure, connect
     * timeout, a request that could not be built): the server provably never saw it, so even a `POST` may be resent.
     */
    beforeSend: Schema.optional(Schema.Boolean)
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return `${this.operation}: ${this.reason === "timeout" ? "timed out" : "network error"}: ${this.detail}`
  }
}

/**
 * A successful response whose body is larger than `maxBodyBytes` (default 16 MiB): the client stopped reading it, a
 * `Content-Length` above the limit before any of it. Not retried: the same request would get the same body.
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseTooLargeError extends Schema.TaggedError<ResponseTooLargeError>(
  "@highlevel-effect/client/ResponseTooLargeError"
)("ResponseTooLargeError", {
  operation: Schema.String,
  status: Schema.Number,
  maxBodyBytes: Schema.Number,
  /** The `Content-Length` the server declared, when it declared one. */
  declaredBytes: Schema.optional(Schema.Number)
}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    const declared = this.declaredBytes !== undefined ? ` (Content-Length ${this.declaredBytes})` : ""
    return `${this.operation}: the response body${declared} exceeds the limit of ${this.maxBodyBytes} bytes ` +
      "(maxBodyBytes); reading stopped"
  }
}

/**
 * A successful response whose body is not what the API promises: not JSON, or a field of the wrong shape. `path`
 * names the bad field, e.g. `messages.messages[3].dateAdded`.
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError
  extends Schema.TaggedError<DecodeError>("@highlevel-effect/client/DecodeError")("DecodeError", {
    operation: Schema.String,
    status: Schema.Number,
    path: Schema.String,
    detail: Schema.String,
    traceId: Schema.optional(Schema.String),
    body: Schema.optional(Schema.String)
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return `${this.operation}: cannot decode the response at ${this.path === "" ? "<root>" : this.path}: ${this.detail}`
  }
}

/**
 * A paginated listing got the same cursor twice: continuing would loop forever, so the stream fails instead.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaginationStalled
  extends Schema.TaggedError<PaginationStalled>("@highlevel-effect/client/PaginationStalled")("PaginationStalled", {
    operation: Schema.String,
    cursor: Schema.String
  })
{
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return `${this.operation}: the server repeated the cursor ${this.cursor}; stopping instead of looping`
  }
}

/**
 * A full page of a keyset listing carried no cursor to continue from (a search page whose last document has neither
 * `sort` nor `lastMessageDate`). The page was emitted; the stream fails on the pull after it rather than guess.
 *
 * @since 0.1.0
 * @category errors
 */
export class PaginationCursorMissing extends Schema.TaggedError<PaginationCursorMissing>(
  "@highlevel-effect/client/PaginationCursorMissing"
)("PaginationCursorMissing", {
  operation: Schema.String
}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return `${this.operation}: a full page carried no cursor (neither sort nor lastMessageDate on its last document); ` +
      "its documents were emitted, the listing cannot continue"
  }
}

/**
 * A write that is not safe to send twice (a `POST`: HighLevel has no idempotency keys) failed in a way that leaves
 * its outcome unknown: the request was sent, then the answer timed out (`timeout`), the connection dropped
 * (`connection_lost`) or the server failed with a 5xx (`server_error`). It may or may not have taken effect, so the
 * client did not resend it: read the state back (the conversation's messages, say) before trying again. `knownId` is
 * the id the request named (the contact of a send, the conversation of an inbound message, …), when it named one.
 *
 * @since 0.1.0
 * @category errors
 */
export class WriteOutcomeUnknownError extends Schema.TaggedError<WriteOutcomeUnknownError>(
  "@highlevel-effect/client/WriteOutcomeUnknownError"
)("WriteOutcomeUnknownError", {
  operation: Schema.String,
  reason: Schema.Literal("timeout", "connection_lost", "server_error"),
  /** What the transport or the server said. */
  detail: Schema.String,
  /** The id the request named, if any. */
  knownId: Schema.optional(Schema.String),
  /** The status of a 5xx answer. */
  status: Schema.optional(Schema.Number),
  /** HighLevel's `traceId` of a 5xx answer, when its body carried one. */
  traceId: Schema.optional(Schema.String)
}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    const why = this.reason === "timeout"
      ? "timed out after sending"
      : this.reason === "connection_lost"
      ? "the connection dropped after sending"
      : `server error${this.status !== undefined ? ` (${this.status})` : ""}`
    return `${this.operation}: the outcome is unknown (${why}): the request may or may not have taken effect, and ` +
      `it was not resent${this.knownId !== undefined ? ` [id ${this.knownId}]` : ""}: ${this.detail}` +
      (this.traceId !== undefined ? ` [traceId ${this.traceId}]` : "")
  }
}

/**
 * Create Conversation for a contact that already has a conversation in the location (HighLevel answers 400
 * "Conversation with the contact id:… already exists!"). `conversationId` is the existing one, when the answer
 * named it.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConversationExistsError extends Schema.TaggedError<ConversationExistsError>(
  "@highlevel-effect/client/ConversationExistsError"
)("ConversationExistsError", {
  operation: Schema.String,
  contactId: Schema.String,
  conversationId: Schema.optional(Schema.String),
  traceId: Schema.optional(Schema.String)
}) {
  /**
   * @since 0.1.0
   */
  readonly [TypeId]: TypeId = TypeId

  override get message(): string {
    return `${this.operation}: the contact ${this.contactId} already has a conversation` +
      (this.conversationId !== undefined ? ` (${this.conversationId})` : "")
  }
}

/**
 * The failures every request can meet.
 *
 * @since 0.1.0
 * @category errors
 */
export type RequestError =
  | InvalidInputError
  | InvalidRequestError
  | UnauthorizedError
  | ForbiddenError
  | RateLimitError
  | DailyBudgetError
  | ServerError
  | UnexpectedStatusError
  | TransportError
  | DecodeError
  | ResponseTooLargeError

/**
 * Any failure of a single request: what a retry schedule sees as its input.
 *
 * @since 0.1.0
 * @category errors
 */
export type AttemptError = RequestError | NotFoundError

/**
 * The failures of `getConversation`.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetConversationError = RequestError | NotFoundError

/**
 * The failures of `getMessagesPage`.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetMessagesError = RequestError | NotFoundError

/**
 * The failures of `searchConversationsPage`.
 *
 * @since 0.1.0
 * @category errors
 */
export type SearchConversationsError = RequestError

/**
 * The failures of `listMessages`: a page's failure, or a repeated cursor.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListMessagesError = GetMessagesError | PaginationStalled

/**
 * The failures of `searchConversations`: a page's failure, or a repeated cursor.
 *
 * @since 0.1.0
 * @category errors
 */
export type SearchAllError = SearchConversationsError | PaginationStalled | PaginationCursorMissing

/**
 * Any failure of the client: every tagged class above, and `Upload.UploadRejectedError` (the uploads' 413/415,
 * defined beside the upload inputs it refuses).
 *
 * @since 0.1.0
 * @category errors
 */
export type ConversationsError =
  | RequestError
  | NotFoundError
  | PaginationStalled
  | PaginationCursorMissing
  | WriteOutcomeUnknownError
  | ConversationExistsError
  | UploadRejectedError

/**
 * Whether a value is one of the client's errors (any of the tagged classes above, `UploadRejectedError` included),
 * e.g. in a `Cause` or a defect.
 *
 * @since 0.1.0
 * @category guards
 */
export const isConversationsError = (u: unknown): u is ConversationsError => Predicate.hasProperty(u, TypeId)
