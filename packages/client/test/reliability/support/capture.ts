/**
 * Captures everything a run emits (logs at every level, spans with their attributes, events and exits, the failure
 * in every printable form, and what `runPromise` throws) as one text to scan for secrets.
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Runtime from "effect/Runtime"
import { inspect } from "node:util"
import { recordingTracer } from "../../utils/RecordingTracer.js"

const deep = (value: unknown): string => inspect(value, { depth: 12, showHidden: true, getters: true })

const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_key, v: unknown) => typeof v === "bigint" ? String(v) : v) ?? ""
  } catch (error) {
    return `<unserialisable: ${String(error)}>`
  }
}

/** Every printable form of a failure: message, `toString`, JSON, `Cause.pretty`, and a deep inspection. */
const printedForms = (error: unknown): Array<string> => {
  const forms = [String(error), safeJson(error), deep(error), Cause.pretty(Cause.fail(error))]
  if (error instanceof Error) forms.push(error.message, error.stack ?? "")
  return forms
}

/** What a capture records besides logs and failures. */
interface CaptureOptions {
  /**
   * Whether the value a span succeeded with is scanned (default true). A page a span returns is the data the caller
   * asked for, and tracers export a span's failure, never its success value: a test of what the server hands back
   * (a cursor, an id) turns this off, since that value is legitimately in the page.
   */
  readonly spanSuccessValues?: boolean
}

/** Every substring of `secret` of `length` characters: a cut or partly redacted token still leaks its pieces. */
export const fragmentsOf = (secret: string, length = 12): Array<string> =>
  Array.from({ length: Math.max(1, secret.length - length + 1) }, (_, i) => secret.slice(i, i + length))

interface Capture {
  readonly text: () => string
  readonly logs: Array<string>
  /** Runs `effect` with every log and span captured; records its exit and what `runPromise` would throw. */
  readonly run: <A, E>(effect: Effect.Effect<A, E>) => Effect.Effect<Exit.Exit<A, E>>
}

export const makeCapture = (options: CaptureOptions = {}): Capture => {
  const logs: Array<string> = []
  const outputs: Array<string> = []
  const { spans, tracer } = recordingTracer()
  const logger = Logger.make((options) => {
    logs.push(deep({ ...options, cause: Cause.pretty(options.cause) }))
  })
  const run = <A, E>(effect: Effect.Effect<A, E>) =>
    Effect.gen(function*() {
      const instrumented = effect.pipe(
        Effect.withTracer(tracer),
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Logger.withMinimumLogLevel(LogLevel.All)
      )
      const exit = yield* Effect.exit(instrumented)
      outputs.push(deep(exit), safeJson(exit), String(exit))
      if (Exit.isFailure(exit)) {
        outputs.push(Cause.pretty(exit.cause))
        for (const failure of Cause.failures(exit.cause)) outputs.push(...printedForms(failure))
        // What a Promise-based caller would see: the FiberFailure `runPromise` rejects with.
        outputs.push(...printedForms(Runtime.makeFiberFailure(exit.cause)))
      }
      return exit
    })
  return {
    logs,
    run,
    text: () =>
      [
        ...logs,
        ...outputs,
        ...spans.map((span) =>
          deep({
            name: span.name,
            attributes: [...span.attributes.entries()],
            events: span.events,
            exit: options.spanSuccessValues === false && span.exit !== undefined && Exit.isSuccess(span.exit)
              ? "<success>"
              : span.exit
          }) + safeJson({ attributes: [...span.attributes.entries()], events: span.events })
        )
      ].join("\n")
  }
}
