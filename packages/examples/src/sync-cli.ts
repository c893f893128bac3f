/**
 * Entry point of the sync command: `tsx src/sync-cli.ts --db mirror.db`.
 *
 * @since 0.1.0
 */
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Effect from "effect/Effect"
import * as ExportCommand from "./ExportCommand.js"
import * as SyncCommand from "./SyncCommand.js"

// Errors are reported by `main` as one line; runMain's own (multi-line, with stack) reporting stays off.
NodeRuntime.runMain(SyncCommand.main(process.argv).pipe(Effect.provide(NodeContext.layer)), {
  disableErrorReporting: true,
  teardown: ExportCommand.teardown
})
