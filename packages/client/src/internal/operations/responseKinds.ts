/**
 * The response kinds beyond JSON (./run.ts `responseOf`): a text body, a body read and dropped, and a body handed
 * over as a byte stream without being read.
 *
 * @since 0.1.0
 * @internal
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { ResponseTooLargeError, TransportError } from "../../ConversationsError.js"
import { readText, transportError } from "../response.js"

/**
 * A text body, read whole up to the client's `maxBodyBytes` (a transcription download is a small `text/plain` file),
 * else `ResponseTooLargeError`.
 *
 * @internal
 */
export const text = {
  read: (
    operation: string,
    response: HttpClientResponse.HttpClientResponse,
    _bearer: Redacted.Redacted<string>,
    maxBodyBytes: number
  ): Effect.Effect<string, TransportError | ResponseTooLargeError> =>
    Effect.flatMap(
      Effect.mapError(readText(response, maxBodyBytes, false), (error) => transportError(operation, error)),
      (read) =>
        read.complete
          ? Effect.succeed(read.text)
          : Effect.fail(
            new ResponseTooLargeError({
              operation,
              status: response.status,
              maxBodyBytes,
              ...(read.declared !== undefined ? { declaredBytes: read.declared } : {})
            })
          )
    )
}

/**
 * A body the operation ignores (a signed-URL `PUT` answers with an empty 200), read to the end so the connection
 * can be reused.
 *
 * @internal
 */
export const ignored = {
  read: (
    operation: string,
    response: HttpClientResponse.HttpClientResponse,
    _bearer: Redacted.Redacted<string>,
    _maxBodyBytes: number
  ): Effect.Effect<void, TransportError> =>
    Effect.mapError(Stream.runDrain(response.stream), (error) => transportError(operation, error))
}

/**
 * A body handed over unread: the head's content type and length, and the bytes as a stream.
 *
 * @internal
 */
export interface StreamedBody {
  readonly contentType: string | undefined
  readonly contentLength: number | undefined
  readonly contentDisposition: string | undefined
  /** The body's bytes as they arrive; a pull that waits longer than the client's timeout fails. */
  readonly bytes: Stream.Stream<Uint8Array, TransportError>
  /** Aborts the request if its body is still open (a no-op once it was read to the end). */
  readonly release: Effect.Effect<void>
}

// The scope the runner gives each exchange is one it made (`Scope.make`), so it can be closed.
const isCloseable = (scope: Scope.Scope): scope is Scope.CloseableScope => Scope.CloseableScopeTypeId in scope

const contentLengthOf = (header: string | undefined): number | undefined => {
  if (header === undefined || !/^\d+$/.test(header)) return undefined
  const length = Number(header)
  return Number.isSafeInteger(length) ? length : undefined
}

/**
 * The streamed response kind: no `maxBodyBytes` (the bytes are the caller's to consume, never held whole). The
 * runner's timeout covers the exchange up to the head; the body is read later, by
 * the caller, so each pull of it gets the same duration of its own (an idle timeout: a long recording may take
 * longer than one timeout in total, a stalled one fails). The request's scope (its `AbortController`) stays open
 * after a success, as for every kind; `release` closes it, which aborts a body that was never read or read only in
 * part.
 *
 * @internal
 */
export const streamed = (idleTimeout: Duration.Duration) => ({
  read: (
    operation: string,
    response: HttpClientResponse.HttpClientResponse,
    _bearer: Redacted.Redacted<string>,
    _maxBodyBytes: number
  ): Effect.Effect<StreamedBody> =>
    // The runner runs every exchange with the request's own scope in context (internal/timeout.ts).
    Effect.map(Effect.serviceOption(Scope.Scope), (scope) => {
      const release = Option.match(Option.filter(scope, isCloseable), {
        onNone: () => Effect.void,
        onSome: (scope) => Scope.close(scope, Exit.void)
      })
      return {
        contentType: response.headers["content-type"],
        contentLength: contentLengthOf(response.headers["content-length"]),
        contentDisposition: response.headers["content-disposition"],
        bytes: response.stream.pipe(
          Stream.mapError((error) => transportError(operation, error)),
          Stream.timeoutFail(
            () =>
              new TransportError({
                operation,
                reason: "timeout",
                detail: "no bytes of the body arrived within the client's timeout"
              }),
            idleTimeout
          )
        ),
        release
      }
    })
})
