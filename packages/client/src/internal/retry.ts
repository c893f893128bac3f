/**
 * Retrying an attempt by a schedule, with the schedule set up only once an attempt has failed.
 *
 * @since 0.1.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"

/**
 * `Effect.retry(self, schedule)`, except that nothing of the schedule exists until `self` first fails.
 * `Effect.retry` builds the schedule's driver (its state and iteration references) and provides
 * `Schedule.CurrentIterationMetadata` around every run of `self`, before the first one; nearly every request succeeds
 * at once, and for those that work is all there is to a retry. Here the first run is `self` alone; its failure starts
 * the driver, which decides (and sleeps) exactly as under `Effect.retry`: the same inputs in the same order, the last
 * failure when the schedule ends. `self` cannot read `CurrentIterationMetadata` (the client's attempts never do).
 *
 * An exception to the idiom, kept for the Get Conversation target (≤ 1.3× raw fetch over undici): per request
 * against the bench server, `Effect.retry` took 46 µs of CPU (31 µs of wall time) more than this, in interleaved
 * rounds on a quiet 2-core machine (a scratch A/B of the client's two versions, 20 rounds of 200 gets each; 28 µs of
 * CPU over the fetch transport): a quarter of everything the client adds to a request over undici.
 *
 * @internal
 */
export const retryAfterFailure = <A, E, R, Out, R2>(
  self: Effect.Effect<A, E, R>,
  schedule: Schedule.Schedule<Out, E, R2>
): Effect.Effect<A, E, R | R2> =>
  Effect.catchAll(self, (first) =>
    Effect.flatMap(Schedule.driver(schedule), (driver) => {
      const next = (error: E): Effect.Effect<A, E, R | R2> =>
        Effect.matchEffect(driver.next(error), {
          // The schedule is done: the failure that ended it is the outcome, as with `Effect.retry`.
          onFailure: () => Effect.fail(error),
          onSuccess: () => Effect.catchAll(self, next)
        })
      return next(first)
    }))
