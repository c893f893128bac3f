/**
 * What the operation groups of uploads, live chat, preferences and call media are built from, resolved once by the
 * client's `make`.
 *
 * @since 0.1.0
 * @internal
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type { AttemptError } from "../../ConversationsError.js"
import type { makeRun } from "../request.js"

/**
 * @internal
 */
export interface GroupContext {
  /** Runs a request spec through the limiter, the timeout, the token refresh and the retry policy of its method. */
  readonly run: ReturnType<typeof makeRun>
  /** The client's default location, for operations whose location is left out. */
  readonly locationId: string | undefined
  /** The largest body read whole (`ConversationsConfig.Options.maxBodyBytes`). */
  readonly maxBodyBytes: number
  /** The per-attempt timeout; also the idle timeout of a streamed body. */
  readonly timeout: Duration.Duration
  /** Every token the client sent, out of a text. */
  readonly redact: (text: string) => string
  /**
   * The transport without the client's decoration (no base URL, no token, no `Version`), for the signed upload URL a
   * response hands out: a request to it must carry nothing of ours. Scoped per request, tracing off.
   */
  readonly bare: HttpClient.HttpClient.With<HttpClientError.HttpClientError, Scope.Scope>
  /** The retry schedule of idempotent requests (the signed-URL `PUT`), if retries are on. */
  readonly idempotentRetry: Schedule.Schedule<unknown, AttemptError> | undefined
}

/**
 * An operation's span attributes from the start (method and path template, never the filled-in path); each exchange
 * adds the status.
 *
 * @internal
 */
export const spanOf = (method: string, route: string) => ({
  attributes: { "http.request.method": method, "url.template": route }
})

/**
 * A 404 on a route that exists whatever the input (a listing, a create) is a wrong route, not a missing resource: a
 * defect, kept out of the operation's union.
 *
 * @internal
 */
export const dieOnNotFound = <A, E>(
  effect: Effect.Effect<A, E>
): Effect.Effect<A, Exclude<E, { readonly _tag: "NotFoundError" }>> =>
  Effect.catchIf(
    effect,
    (error): error is Extract<E, { readonly _tag: "NotFoundError" }> =>
      typeof error === "object" && error !== null && "_tag" in error && error._tag === "NotFoundError",
    (error) => Effect.die(error)
  ) as Effect.Effect<A, Exclude<E, { readonly _tag: "NotFoundError" }>>
