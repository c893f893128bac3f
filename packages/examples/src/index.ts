/**
 * Runnable programs built on `@highlevel-effect/client`: an inbox service, the export pipeline and its command-line
 * tool, and offline development against the mock.
 *
 * @since 0.1.0
 */

/**
 * @since 0.1.0
 */
export * as ExportCommand from "./ExportCommand.js"

/**
 * @since 0.1.0
 */
export * as ExportMessages from "./ExportMessages.js"

/**
 * @since 0.1.0
 */
export * as Inbox from "./Inbox.js"

/**
 * @since 0.1.0
 */
export * as OfflineDev from "./OfflineDev.js"

/**
 * @since 0.1.0
 */
export * as StderrLogging from "./StderrLogging.js"

/**
 * @since 0.1.0
 */
export * as SyncCommand from "./SyncCommand.js"

/**
 * @since 0.1.0
 */
export * as SyncLocation from "./SyncLocation.js"
