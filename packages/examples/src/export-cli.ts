/**
 * Entry point of the export command: `tsx src/export-cli.ts --help`.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as ExportCommand from "./ExportCommand.js"

// Errors are reported by `main` as one line; runMain's own (multi-line, with stack) reporting stays off.
NodeRuntime.runMain(ExportCommand.main(process.argv).pipe(Effect.provide(NodeContext.layer)), {
  disableErrorReporting: true,
  teardown: ExportCommand.teardown
})
