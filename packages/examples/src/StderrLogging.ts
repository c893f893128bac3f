/**
 * The log lines of the command-line programs, on stderr. Their stdout carries only data (the export's NDJSON with
 * `--output -`, the demo's report), and Effect's pretty logger, the one `NodeRuntime.runMain` installs, prints every
 * level below Error with `console.log`, between the data lines.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as HashSet from "effect/HashSet"
import * as Logger from "effect/Logger"

/**
 * Runs `effect` with the default and the pretty logger replaced by a pretty logger on stderr (colours only when stderr
 * is a terminal and `NO_COLOR` is unset). Other loggers (the tracer's, a test's) stay.
 *
 * @since 0.1.0
 * @category combinators
 */
export const toStderr = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.suspend(() => {
    const colors = process.stderr.isTTY === true && (process.env.NO_COLOR ?? "") === ""
    const stderr = Logger.prettyLogger({ stderr: true, colors })
    return Effect.locallyWith(effect, FiberRef.currentLoggers, (loggers) =>
      loggers.pipe(
        HashSet.remove(Logger.defaultLogger),
        HashSet.remove(Logger.prettyLoggerDefault),
        HashSet.add(stderr)
      ))
  })
