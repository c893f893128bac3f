/**
 * Faults as data: which route (and optionally which location) fails, how, and how often.
 *
 * A request is matched against the rules in order and the first active matching rule applies (one fault per
 * request). A rule with `times` applies to the next N matching requests and then stays spent ("fail N times, then
 * succeed"); a rule with `probability` draws from its own generator seeded by `seed`, so a run is reproducible; a
 * rule with neither applies to every matching request.
 *
 * Replacing faults (`rateLimited`, `serverError`, `connectionReset`, `htmlErrorPage`) answer before authentication,
 * like a gateway would, and do not count against the rate limit. The other kinds alter the real response: `latency`
 * delays it, and `malformedJson`, `truncatedBody`, `wrongContentType`, `hugeBody` and `slowBody` rewrite or pace its
 * body; `commitThenDrop` lets the route run (a write takes effect) and then drops the connection. Every kind applies
 * to writes as to reads.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as MockControl from "./MockControl.js"

/**
 * The routes a rule can target; `"*"` is every API route (never the control API).
 *
 * @since 0.1.0
 * @category models
 */
export const FaultRoute = Schema.Literal(...MockControl.RouteId.literals, "*")

/**
 * @since 0.1.0
 * @category models
 */
export type FaultRoute = typeof FaultRoute.Type

const ServerStatus = Schema.Literal(500, 502, 503, 504)
const NonNegativeInt = Schema.Int.pipe(Schema.nonNegative())

/**
 * 429 with the rate-limit headers at zero, the usual body and, when set, `Retry-After` in seconds. `daily` also
 * zeroes `X-RateLimit-Daily-Remaining` (retrying is then pointless).
 *
 * @since 0.1.0
 * @category schemas
 */
export const RateLimited = Schema.TaggedStruct("rateLimited", {
  retryAfterSeconds: Schema.optional(NonNegativeInt),
  daily: Schema.optional(Schema.Boolean)
})

/**
 * A JSON 5xx: `{statusCode, message, traceId}`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerError = Schema.TaggedStruct("serverError", { status: ServerStatus })

/**
 * Waits `ms` before answering normally.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Latency = Schema.TaggedStruct("latency", { ms: NonNegativeInt.pipe(Schema.lessThanOrEqualTo(120_000)) })

/**
 * Drops the connection without a response (over HTTP the socket is destroyed; in-process fetch rejects).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ConnectionReset = Schema.TaggedStruct("connectionReset", {})

/**
 * The real status and headers with a body that is not JSON (a trailing comma before the last brace).
 *
 * @since 0.1.0
 * @category schemas
 */
export const MalformedJson = Schema.TaggedStruct("malformedJson", {})

/**
 * Announces the full `Content-Length`, sends half the body, then fails the stream (over HTTP: closes the socket).
 *
 * @since 0.1.0
 * @category schemas
 */
export const TruncatedBody = Schema.TaggedStruct("truncatedBody", {})

/**
 * The real JSON body labelled `text/plain; charset=utf-8`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const WrongContentType = Schema.TaggedStruct("wrongContentType", {})

/**
 * An HTML error page such as a proxy serves (`text/html`, no rate-limit headers, no traceId). Status 502 unless set.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HtmlErrorPage = Schema.TaggedStruct("htmlErrorPage", { status: Schema.optional(ServerStatus) })

/**
 * The real JSON body with a `_padding` string field of `bytes` bytes first, streamed in 64 KiB chunks: still valid
 * JSON, just big.
 *
 * @since 0.1.0
 * @category schemas
 */
export const HugeBody = Schema.TaggedStruct("hugeBody", {
  bytes: Schema.Int.pipe(Schema.between(1, 512 * 1024 * 1024))
})

/**
 * The real body cut into `chunks` pieces, each sent `delayMs` after the previous one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SlowBody = Schema.TaggedStruct("slowBody", {
  chunks: Schema.Int.pipe(Schema.between(1, 1_000)),
  delayMs: NonNegativeInt.pipe(Schema.lessThanOrEqualTo(60_000))
})

/**
 * Commits, then drops: the route runs (a write takes effect, is journaled and emits its events), then the
 * connection is dropped with no answer (over HTTP the socket is destroyed; in-process fetch rejects). The client
 * cannot tell whether its write happened: what a retried `POST` must never assume it did not.
 *
 * @since 0.1.0
 * @category schemas
 */
export const CommitThenDrop = Schema.TaggedStruct("commitThenDrop", {})

/**
 * Any fault.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Fault = Schema.Union(
  RateLimited,
  ServerError,
  Latency,
  ConnectionReset,
  MalformedJson,
  TruncatedBody,
  WrongContentType,
  HtmlErrorPage,
  HugeBody,
  SlowBody,
  CommitThenDrop
)

/**
 * @since 0.1.0
 * @category models
 */
export type Fault = typeof Fault.Type

/**
 * A rule: where a fault applies and how often. `times` and `probability` are exclusive.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FaultRule = Schema.Struct({
  route: FaultRoute,
  locationId: Schema.optional(Schema.String),
  times: Schema.optional(Schema.Int.pipe(Schema.positive())),
  probability: Schema.optional(Schema.Number.pipe(Schema.between(0, 1))),
  seed: Schema.optional(Schema.Int),
  fault: Fault
}).pipe(
  Schema.filter((rule) =>
    rule.times !== undefined && rule.probability !== undefined ? "set times or probability, not both" : undefined
  )
)

/**
 * @since 0.1.0
 * @category models
 */
export type FaultRule = typeof FaultRule.Type

/**
 * The body of `PUT /__mock/faults`: `{ "rules": [...] }`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FaultRules = Schema.Struct({ rules: Schema.Array(FaultRule) })

/**
 * A rule with its remaining count, as `control.faults()` and `GET /__mock/faults` report it.
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultRuleState {
  readonly rule: FaultRule
  /** Requests the rule still applies to (`null`: unlimited). */
  readonly remaining: number | null
  /** Requests the rule has been applied to. */
  readonly applied: number
}

/**
 * Options of `rule`.
 *
 * @since 0.1.0
 * @category models
 */
export interface RuleOptions {
  readonly locationId?: string
  readonly times?: number
  readonly probability?: number
  readonly seed?: number
}

/**
 * Builds a rule; validates it like the HTTP control API does (throws on bad input).
 *
 * @example
 * mock.control.setFaults([MockFaults.rule("getMessages", MockFaults.serverError(503), { times: 2 })])
 *
 * @since 0.1.0
 * @category constructors
 */
export const rule = (route: FaultRoute, fault: Fault, options: RuleOptions = {}): FaultRule =>
  Schema.decodeUnknownSync(FaultRule)({ route, fault, ...options })

/**
 * @since 0.1.0
 * @category constructors
 */
export const rateLimited = (options: { readonly retryAfterSeconds?: number; readonly daily?: boolean } = {}): Fault =>
  RateLimited.make(options)

/**
 * @since 0.1.0
 * @category constructors
 */
export const serverError = (status: 500 | 502 | 503 | 504 = 500): Fault => ServerError.make({ status })

/**
 * @since 0.1.0
 * @category constructors
 */
export const latency = (ms: number): Fault => Latency.make({ ms })

/**
 * @since 0.1.0
 * @category constructors
 */
export const connectionReset = (): Fault => ConnectionReset.make({})

/**
 * @since 0.1.0
 * @category constructors
 */
export const malformedJson = (): Fault => MalformedJson.make({})

/**
 * @since 0.1.0
 * @category constructors
 */
export const truncatedBody = (): Fault => TruncatedBody.make({})

/**
 * @since 0.1.0
 * @category constructors
 */
export const wrongContentType = (): Fault => WrongContentType.make({})

/**
 * @since 0.1.0
 * @category constructors
 */
export const htmlErrorPage = (status: 500 | 502 | 503 | 504 = 502): Fault => HtmlErrorPage.make({ status })

/**
 * @since 0.1.0
 * @category constructors
 */
export const hugeBody = (bytes: number): Fault => HugeBody.make({ bytes })

/**
 * @since 0.1.0
 * @category constructors
 */
export const commitThenDrop = (): Fault => CommitThenDrop.make({})

/**
 * @since 0.1.0
 * @category constructors
 */
export const slowBody = (options: { readonly chunks: number; readonly delayMs: number }): Fault =>
  SlowBody.make(options)
