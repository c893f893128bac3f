/** A tracer that keeps every span it was asked to create, so tests can read names, attributes and events. */
import type * as Context from "effect/Context"
import type * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Tracer from "effect/Tracer"

interface RecordedSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes?: Record<string, unknown> | undefined }>
  exit?: Exit.Exit<unknown, unknown>
}

export const recordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  let next = 0
  const tracer = Tracer.make({
    span: (name, parent, context: Context.Context<never>, links, _startTime, kind) => {
      const recorded: RecordedSpan = { name, attributes: new Map(), events: [] }
      spans.push(recorded)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: `span-${next++}`,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime: 0n },
        attributes: recorded.attributes,
        links: [...links],
        sampled: true,
        kind,
        end: (_endTime, exit) => {
          recorded.exit = exit
        },
        attribute: (key, value) => {
          recorded.attributes.set(key, value)
        },
        event: (eventName, _time, attributes) => {
          recorded.events.push({ name: eventName, attributes })
        },
        addLinks: () => {}
      }
      return span
    },
    context: (f) => f()
  })
  return { tracer, spans, parentOf: Option.none }
}
