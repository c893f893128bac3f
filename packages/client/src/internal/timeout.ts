/**
 * The per-attempt timeout, without a fiber per attempt.
 *
 * @since 0.1.0
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as DefaultServices from "effect/DefaultServices"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { identity } from "effect/Function"
import * as Scope from "effect/Scope"

// The clock every runtime has unless a test (TestClock) or the user replaces it.
const liveClock = Context.get(DefaultServices.liveServices, Clock.Clock)

// The live clock never fires a sleep longer than a JS timer can hold (a `setTimeout` would fire at once instead).
const maxTimerMillis = 2 ** 31 - 1

/**
 * A change the caller wants in the context of the exchange, made together with adding its scope.
 *
 * @internal
 */
type ContextChange = <R>(context: Context.Context<R>) => Context.Context<R>

// Runs `exchange` with a fresh `Scope`: a client made with `HttpClient.withScope` gives each request an
// `AbortController` of its own, aborted when that scope closes. The scope is closed (the request aborted) when the
// exchange fails or is interrupted; after a success the body has been read whole, so nothing is left to abort and the
// abort (an event and an exception object) is skipped.
const withRequestScope = <A, E>(
  exchange: Effect.Effect<A, E, Scope.Scope>,
  context: ContextChange
): Effect.Effect<A, E> =>
  Effect.flatMap(Scope.make(), (scope) =>
    Effect.onExit(
      inScope(exchange, context, scope),
      (exit) => Exit.isSuccess(exit) ? Effect.void : Scope.close(scope, exit)
    ))

// The exchange with `scope` as its `Scope`, the caller's context change made in the same step.
const inScope = <A, E>(
  exchange: Effect.Effect<A, E, Scope.Scope>,
  context: ContextChange,
  scope: Scope.Scope
): Effect.Effect<A, E> =>
  Effect.mapInputContext(exchange, (outer: Context.Context<never>) => Context.add(context(outer), Scope.Scope, scope))

/**
 * Runs one exchange under a timeout: if it has not completed after `timeout`, it fails with `onTimeout()` and its
 * requests are aborted. Same outcome as `Effect.timeoutFail`, which forks the exchange into a fiber and races it
 * against a second, sleeping one; with the live clock this arms one timer instead, which aborts the exchange's
 * requests through their scope, and the failure that follows is reported as the timeout. That needs no fiber, and
 * it covers the body read (the transports abort the body with the request). Under any other clock (TestClock) the
 * timeout stays `Effect.timeoutFail`, so virtual time still drives it.
 *
 * An exception to the idiom, kept for the Get Conversation target (≤ 1.3× raw fetch): around a trivial exchange,
 * `Effect.timeoutFail` took 103 µs of CPU per call and this path 31 µs (a micro-benchmark, interleaved rounds, on a
 * loaded 2-core machine; the committed benchmark's `overhead.blocks.timeout_fail_us` is 18 µs on a quiet one), so about
 * 12 µs per request at the benchmark's speed, more than the margin left once `Effect.fn`, `Effect.retry` and
 * `mapRequest` are back.
 *
 * `exchange` must send its requests through a client made with `HttpClient.withScope`, over a transport that
 * honours the `AbortSignal` it is given (every `@effect/platform` transport does).
 *
 * @internal
 */
export const timeoutExchange = <A, E, E2>(
  exchange: Effect.Effect<A, E, Scope.Scope>,
  timeout: Duration.Duration,
  onTimeout: () => E2,
  context: ContextChange = identity
): Effect.Effect<A, E | E2> =>
  Effect.clockWith((clock) => {
    if (clock !== liveClock) return timeoutForked(exchange, timeout, onTimeout, context)
    return armed(exchange, Duration.toMillis(timeout), onTimeout, context)
  })

/**
 * The same timeout by `Effect.timeoutFail`: the exchange runs in a fiber raced against the clock, so anything in it
 * is cut, not only the requests (a token still being refreshed, say). The requests are aborted through their scope
 * as well.
 *
 * @internal
 */
export const timeoutForked = <A, E, E2>(
  exchange: Effect.Effect<A, E, Scope.Scope>,
  timeout: Duration.Duration,
  onTimeout: () => E2,
  context: ContextChange = identity
): Effect.Effect<A, E | E2> => Effect.timeoutFail(withRequestScope(exchange, context), { duration: timeout, onTimeout })

// The live-clock path: a fresh scope for the exchange's requests (as in `withRequestScope`) and one timer that closes
// it. One `matchCauseEffect` under `uninterruptibleMask` cancels the timer, closes the scope after a failure or an
// interruption (a success leaves nothing to abort: its body was read whole, and the abort, an event and an exception
// object, is skipped) and reports a failure after the timer fired as the timeout. It does what `Effect.onExit` (the
// close) and `Effect.catchAll` (the timeout's error) did, in one step: per get against the bench server, 15–16 µs of
// CPU less over undici and 12–17 µs over the lean fetch transport (two interleaved A/B runs, 24 rounds of 200, quiet
// 2-core machine).
const armed = <A, E, E2>(
  exchange: Effect.Effect<A, E, Scope.Scope>,
  millis: number,
  onTimeout: () => E2,
  context: ContextChange
): Effect.Effect<A, E | E2> =>
  Effect.flatMap(Scope.make(), (scope) => {
    let timedOut = false
    const timer = millis > maxTimerMillis ? undefined : setTimeout(() => {
      timedOut = true
      Effect.runFork(Scope.close(scope, Exit.void))
    }, millis)
    return Effect.uninterruptibleMask((restore) =>
      Effect.matchCauseEffect(restore(inScope(exchange, context, scope)), {
        onSuccess: (value) => {
          if (timer !== undefined) clearTimeout(timer)
          return Effect.succeed(value)
        },
        onFailure: (cause) => {
          if (timer !== undefined) clearTimeout(timer)
          // An exchange cut by the timer fails (an aborted request or body); that failure is the timeout.
          const outcome: Effect.Effect<never, E | E2> = timedOut && Cause.failureOrCause(cause)._tag === "Left"
            ? Effect.fail(onTimeout())
            : Effect.failCause(cause)
          return Effect.zipRight(Scope.close(scope, Exit.failCause(cause)), outcome)
        }
      })
    )
  })
