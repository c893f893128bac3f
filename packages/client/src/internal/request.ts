/**
 * How one request travels: built by its operation (method, path, query, body), then, for every attempt, a permit from
 * the limiter, the exchange under the timeout (the bearer token added, the response read by the request's response
 * kind, a failure status mapped to its typed error), a refresh after an expired token, and the retry policy around
 * all of it.
 *
 * @since 0.1.0
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import type * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import { type AttemptError, type NotFoundError, type RequestError, TransportError } from "../ConversationsError.js"
import type { TokenProvider } from "../TokenProvider.js"
import { withoutRedirectsContext } from "./redirects.js"
import { failureOf, transportError } from "./response.js"
import { retryAfterFailure } from "./retry.js"
import { timeoutExchange, timeoutForked } from "./timeout.js"

/**
 * How the body of a successful response becomes the operation's result (JSON through a decoder today; text or a
 * byte stream are other kinds). `bearer` is the token the request carried: nothing kept from a response may hold it.
 *
 * @internal
 */
export interface ResponseKind<A> {
  readonly read: (
    operation: string,
    response: HttpClientResponse.HttpClientResponse,
    bearer: Redacted.Redacted<string>,
    /** The largest body to read (`ConversationsConfig.Options.maxBodyBytes`): a kind must not read past it. */
    maxBodyBytes: number
  ) => Effect.Effect<A, RequestError>
}

/**
 * One request of an operation: everything the runner needs, and nothing about how it runs.
 *
 * @internal
 */
interface RequestSpec<A> {
  /** The operation, named in every error (`getConversation`). */
  readonly operation: string
  /** Method, path under the base URL, query and body; the client adds base URL, `Version`, `Accept`, the token. */
  readonly request: HttpClientRequest.HttpClientRequest
  readonly response: ResponseKind<A>
  /** Whether a 404 means "no such resource" (`NotFoundError`) rather than a wrong route (`UnexpectedStatusError`). */
  readonly notFoundIsExpected: boolean
}

/**
 * How an attempt tells the limiter what the server answered: called with every response, whatever its status (a 429
 * included, before it becomes an error), right after the exchange returns it.
 *
 * @internal
 */
export type Report = (response: HttpClientResponse.HttpClientResponse) => void

/**
 * What wraps each attempt, retries included: the client-side rate budget (internal/rateBudget.ts). It hands the
 * attempt the `Report` of its permit, may fail an attempt before sending it (`DailyBudgetError`) and restate a 429's
 * wait, hence the attempt's own error type.
 *
 * @internal
 */
export type Limiter = <A, R>(
  attempt: (report: Report) => Effect.Effect<A, RequestError | NotFoundError, R>,
  operation: string
) => Effect.Effect<A, RequestError | NotFoundError, R>

/**
 * What the runner is built from, resolved once by the client.
 *
 * @internal
 */
interface Runner {
  /** The decorated client: base URL, headers, no platform span, a scope (an `AbortController`) per request. */
  readonly http: HttpClient.HttpClient.With<HttpClientError.HttpClientError, Scope.Scope>
  readonly tokens: TokenProvider
  readonly limit: Limiter
  readonly timeout: Duration.Duration
  /** The largest response body read, in bytes. */
  readonly maxBodyBytes: number
  /**
   * The retry schedule of a request, if any. It takes the request, not only the failure, so a rule by method (a
   * POST resent only when it provably never reached the server) has its place here.
   */
  readonly retryOf: (
    request: HttpClientRequest.HttpClientRequest
  ) => Schedule.Schedule<unknown, AttemptError> | undefined
}

/**
 * Makes the function that runs a request spec to its typed result.
 *
 * @internal
 */
export const makeRun = (runner: Runner) => {
  const { http, limit, maxBodyBytes, timeout, tokens } = runner

  // One exchange: the request with its token, the status on the operation's span, then the body read as the spec
  // says, or the failure status mapped to its error. One `matchEffect` rather than `mapError` + `tap` + `flatMap`:
  // every combinator between a response and its caller runs after I/O, where it costs far more than a
  // micro-benchmark shows; this one took 29–30 µs of CPU (23–24 µs of wall time) less per get over undici and 12–22
  // µs of CPU over the lean fetch transport (two interleaved A/B runs, 24 rounds of 200, quiet 2-core machine).
  const exchange = <A>(
    spec: RequestSpec<A>,
    bearer: Redacted.Redacted<string>,
    report: Report
  ): Effect.Effect<A, RequestError | NotFoundError, Scope.Scope> =>
    Effect.matchEffect(http.execute(HttpClientRequest.bearerToken(spec.request, bearer)), {
      onFailure: (error) => Effect.fail(transportError(spec.operation, error)),
      onSuccess: (response) => {
        report(response)
        return Effect.zipRight(
          Effect.annotateCurrentSpan("http.response.status_code", response.status),
          response.status >= 200 && response.status < 300
            ? spec.response.read(spec.operation, response, bearer, maxBodyBytes)
            : failureOf(spec.operation, response, bearer, spec.notFoundIsExpected, maxBodyBytes)
        )
      }
    })

  const timedOut = (operation: string) =>
    new TransportError({
      operation,
      reason: "timeout",
      detail: `no complete response within ${Duration.format(timeout)}`
    })

  // One attempt: a permit from the limiter, then the exchange under the timeout. A `Location` header must not send
  // a request (and its token) anywhere but the base URL: the fetch transport's `RequestInit` gets
  // `redirect: "manual"` in the context each attempt runs in, set with its scope.
  const attempt = <A>(spec: RequestSpec<A>, bearer: Redacted.Redacted<string>) =>
    limit(
      (report) =>
        timeoutExchange(
          exchange(spec, bearer, report),
          timeout,
          () => timedOut(spec.operation),
          withoutRedirectsContext
        ),
      spec.operation
    )

  // The attempt after a refresh reads the token inside the timeout: the refresh may still be in flight, which no
  // abort of our request can cut, so this (rare) attempt is raced against the clock in a fiber.
  const attemptRefreshed = <A>(spec: RequestSpec<A>) =>
    limit(
      (report) =>
        timeoutForked(
          Effect.flatMap(tokens.token, (bearer) => exchange(spec, bearer, report)),
          timeout,
          () => timedOut(spec.operation),
          withoutRedirectsContext
        ),
      spec.operation
    )

  // The recommended flow for expiring tokens: 401 → refresh once → retry once.
  const authenticated = <A>(spec: RequestSpec<A>): Effect.Effect<A, RequestError | NotFoundError> =>
    Effect.flatMap(tokens.token, (bearer) =>
      attempt(spec, bearer).pipe(
        Effect.catchIf(
          (error) => error._tag === "UnauthorizedError" && error.reason === "invalid_token",
          (error) =>
            Effect.flatMap(
              tokens.refresh(bearer),
              (refreshed) => refreshed ? attemptRefreshed(spec) : Effect.fail(error)
            )
        )
      ))

  return <A>(spec: RequestSpec<A>): Effect.Effect<A, RequestError | NotFoundError> => {
    const schedule = runner.retryOf(spec.request)
    return schedule === undefined ? authenticated(spec) : retryAfterFailure(authenticated(spec), schedule)
  }
}
