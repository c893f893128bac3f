/**
 * What the upload, live chat, preference and call-media groups are built from: the runner's context
 * (./run.ts) plus what a streamed body and the signed-URL `PUT` need; and two helpers they share.
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
import { type AttemptError, InvalidInputError } from "../../ConversationsError.js"
import type { OperationContext } from "./run.js"

/**
 * @internal
 */
export interface GroupContext extends OperationContext {
  /** The largest body read whole (`ConversationsConfig.Options.maxBodyBytes`). */
  readonly maxBodyBytes: number
  /** The per-attempt timeout; also the idle timeout of a streamed body. */
  readonly timeout: Duration.Duration
  /**
   * The transport without the client's decoration (no base URL, no token, no `Version`), for the signed upload URL a
   * response hands out: a request to it must carry nothing of ours. Scoped per request, tracing off.
   */
  readonly bare: HttpClient.HttpClient.With<HttpClientError.HttpClientError, Scope.Scope>
  /** The retry schedule of idempotent requests (the signed-URL `PUT`), if retries are on. */
  readonly idempotentRetry: Schedule.Schedule<unknown, AttemptError> | undefined
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
