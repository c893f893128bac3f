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

const write = (stream: NodeJS.WriteStream) => (text: string) => Effect.sync(() => void stream.write(text))
const tty = process.stderr.isTTY === true

const main = OfflineDev.program({
  write: write(process.stdout),
  // Progress only on a terminal, redrawn in place; the summary follows on stdout.
  onProgress: tty
    ? (progress) => write(process.stderr)(`\r\x1b[2K  ${ExportMessages.renderProgress(progress)}`)
    : undefined
}).pipe(
  Effect.ensuring(tty ? write(process.stderr)("\r\x1b[2K") : Effect.void),
  Effect.provide(OfflineDev.appLayer(NodeHttpClient.layerUndici)),
  Effect.provide(NodeContext.layer),
  Effect.as(0),
  Effect.catchAllCause((cause) => {
    const { exitCode, line } = ExportCommand.describeFailure(cause, "demo")
    return Effect.as(write(process.stderr)(line + "\n"), exitCode)
  })
)

NodeRuntime.runMain(main, { disableErrorReporting: true, teardown: ExportCommand.teardown })
