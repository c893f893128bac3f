/**
 * The client's retry (internal/retry.ts) against `Effect.retry`, which stays the specification: for any run of
 * outcomes and any schedule of a few shapes, both make the same attempts, feed the schedule the same failures at the
 * same virtual times, and end with the same exit. And it builds nothing of the schedule for an attempt that succeeds.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FastCheck from "effect/FastCheck"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as TestClock from "effect/TestClock"
import * as TestContext from "effect/TestContext"
import { retryAfterFailure } from "../src/internal/retry.js"

type Retrier = <A, E, Out>(
  self: Effect.Effect<A, E>,
  schedule: Schedule.Schedule<Out, E>
) => Effect.Effect<A, E>

interface Trace {
  readonly exit: Exit.Exit<string, string>
  /** The virtual time of every attempt. */
  readonly attempts: ReadonlyArray<number>
  /** The failures the schedule was fed, in order. */
  readonly inputs: ReadonlyArray<string>
}

// `outcomes[i]` is the i-th attempt's: a failure's name, or `null` for success; past the end every attempt fails.
const trace = (retrier: Retrier, outcomes: ReadonlyArray<string | null>, recurs: number, spacingMillis: number) =>
  Effect.gen(function*() {
    const attempts: Array<number> = []
    const inputs: Array<string> = []
    const attempt = Effect.gen(function*() {
      attempts.push(yield* Clock.currentTimeMillis)
      const outcome = outcomes[attempts.length - 1]
      return outcome === null ? "ok" : yield* Effect.fail(outcome ?? `failure ${attempts.length}`)
    })
    const schedule = Schedule.spaced(Duration.millis(spacingMillis)).pipe(
      Schedule.intersect(Schedule.recurs(recurs)),
      Schedule.tapInput((input: string) => Effect.sync(() => inputs.push(input)))
    )
    const fiber = yield* Effect.fork(Effect.exit(retrier(attempt, schedule)))
    yield* TestClock.adjust(Duration.millis(spacingMillis * (recurs + 1)))
    const exit = yield* Fiber.join(fiber)
    return { exit, attempts, inputs } satisfies Trace
  })

const effectRetry: Retrier = (self, schedule) => Effect.retry(self, schedule)

describe("retryAfterFailure", () => {
  it.effect("makes the attempts Effect.retry makes, at the same times, and ends the same way", () =>
    Effect.promise(() =>
      FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.array(FastCheck.option(FastCheck.constantFrom("a", "b", "c"), { nil: null }), { maxLength: 6 }),
          FastCheck.integer({ min: 0, max: 4 }),
          FastCheck.integer({ min: 1, max: 50 }),
          async (outcomes, recurs, spacing) => {
            const expected = await Effect.runPromise(
              trace(effectRetry, outcomes, recurs, spacing).pipe(
                Effect.provide(TestContext.TestContext)
              )
            )
            const actual = await Effect.runPromise(
              trace(retryAfterFailure, outcomes, recurs, spacing).pipe(
                Effect.provide(TestContext.TestContext)
              )
            )
            expect(actual).toEqual(expected)
          }
        ),
        { numRuns: 100 }
      )
    ))

  it.effect("gives up with the last failure when the schedule ends", () =>
    Effect.gen(function*() {
      const { attempts, exit, inputs } = yield* trace(retryAfterFailure, [], 2, 10)
      expect(attempts).toEqual([0, 10, 20])
      expect(inputs).toEqual(["failure 1", "failure 2", "failure 3"])
      expect(exit).toEqual(Exit.fail("failure 3"))
    }))

  it.effect("runs a succeeding attempt once and never starts the schedule", () =>
    Effect.gen(function*() {
      let started = 0
      const schedule = Schedule.recurs(3).pipe(Schedule.onDecision(() => Effect.sync(() => started++)))
      const result = yield* retryAfterFailure(Effect.succeed("ok"), schedule)
      expect(result).toBe("ok")
      expect(started).toBe(0)
    }))
})
