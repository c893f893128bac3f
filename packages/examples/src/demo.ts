/**
 * `pnpm demo`: the offline program end to end. Without `HIGHLEVEL_TOKEN` it starts the mock (seed 42) over HTTP on
 * 127.0.0.1, points the client at it, prints an unread digest, a transcript and an export summary, and stops the
 * mock. With `HIGHLEVEL_TOKEN` (and `HIGHLEVEL_LOCATION_ID`) it reads the real API instead, never writing to it.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as ExportCommand from "./ExportCommand.js"
import * as ExportMessages from "./ExportMessages.js"
import * as OfflineDev from "./OfflineDev.js"
import * as StderrLogging from "./StderrLogging.js"

const write = (stream: NodeJS.WriteStream) => (text: string) => Effect.sync(() => void stream.write(text))
const tty = process.stderr.isTTY === true

// Progress only on a terminal, redrawn in place on stderr; it is wiped before anything else is printed, so the
// result on stdout never lands on the end of a progress line.
let progressShown = false
const clearProgress = Effect.suspend(() => {
  if (!progressShown) return Effect.void
  progressShown = false
  return write(process.stderr)("\r\x1b[2K")
})

const main = OfflineDev.program({
  write: (text) => Effect.zipRight(clearProgress, write(process.stdout)(text)),
  onProgress: tty
    ? (progress) =>
      Effect.zipRight(
        Effect.sync(() => (progressShown = true)),
        write(process.stderr)(`\r\x1b[2K  ${ExportMessages.renderProgress(progress)}`)
      )
    : undefined
}).pipe(
  // Closes when the demo ends, however it ends (Ctrl-C included): the export's temp directory goes with it.
  Effect.scoped,
  Effect.ensuring(clearProgress),
  // The report is stdout; log lines (an export warning) go to stderr.
  StderrLogging.toStderr,
  Effect.provide(OfflineDev.appLayer(NodeHttpClient.layerUndici)),
  Effect.provide(NodeContext.layer),
  Effect.as(0),
  Effect.catchAllCause((cause) => {
    const { exitCode, line } = ExportCommand.describeFailure(cause, "demo")
    return Effect.as(write(process.stderr)(line + "\n"), exitCode)
  })
)

NodeRuntime.runMain(main, { disableErrorReporting: true, teardown: ExportCommand.teardown })
