/**
 * The typed failures of the client: one tagged class per condition, and a closed union per operation.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { RateLimitInfo } from "./RateLimit.js"

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
export class InvalidInputError extends Schema.TaggedError<InvalidInputError>()("InvalidInputError", {
  operation: Schema.String,
  issues: Schema.Array(Schema.String)
}) {
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
export class InvalidRequestError extends Schema.TaggedError<InvalidRequestError>()("InvalidRequestError", {
  ...responseFields
}) {
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
export class UnauthorizedError extends Schema.TaggedError<UnauthorizedError>()("UnauthorizedError", {
  ...responseFields,
  reason: Schema.Literal("invalid_token", "missing_scope")
}) {
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
export class ForbiddenError extends Schema.TaggedError<ForbiddenError>()("ForbiddenError", { ...responseFields }) {
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
export class NotFoundError extends Schema.TaggedError<NotFoundError>()("NotFoundError", { ...responseFields }) {
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
export class RateLimitError extends Schema.TaggedError<RateLimitError>()("RateLimitError", {
  ...responseFields,
  rateLimit: RateLimitInfo,
  /** How long the server asked us to wait (`Retry-After`, else the burst interval when none remain). */
  retryAfterMillis: Schema.optional(Schema.Number)
}) {
  override get message(): string {
    return describe("rate limited", this) +
      (this.retryAfterMillis !== undefined ? `, retry after ${this.retryAfterMillis} ms` : "") +
      (this.rateLimit.dailyRemaining === 0 ? ", daily budget exhausted" : "")
  }
}

/**
 * HighLevel (or a proxy in front of it) failed with a 5xx.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", {
  ...responseFields,
  retryAfterMillis: Schema.optional(Schema.Number)
}) {
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
export class UnexpectedStatusError extends Schema.TaggedError<UnexpectedStatusError>()("UnexpectedStatusError", {
  ...responseFields
}) {
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
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  operation: Schema.String,
  reason: Schema.Literal("network", "timeout"),
  detail: Schema.String
}) {
  override get message(): string {
    return `${this.operation}: ${this.reason === "timeout" ? "timed out" : "network error"}: ${this.detail}`
  }
}

/**
 * A successful response whose body is not what the API promises: not JSON, or a field of the wrong shape. `path`
 * names the bad field, e.g. `messages.messages[3].dateAdded`.
 *
 * @since 0.1.0
 * @category errors
 */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  operation: Schema.String,
  status: Schema.Number,
  path: Schema.String,
  detail: Schema.String,
  traceId: Schema.optional(Schema.String),
  body: Schema.optional(Schema.String)
}) {
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
export class PaginationStalled extends Schema.TaggedError<PaginationStalled>()("PaginationStalled", {
  operation: Schema.String,
  cursor: Schema.String
}) {
  override get message(): string {
    return `${this.operation}: the server repeated the cursor ${this.cursor}; stopping instead of looping`
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
  | ServerError
  | UnexpectedStatusError
  | TransportError
  | DecodeError

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
export type SearchAllError = SearchConversationsError | PaginationStalled

/**
 * Any failure of the client.
 *
 * @since 0.1.0
 * @category errors
 */
export type ConversationsError = RequestError | NotFoundError | PaginationStalled
