/**
 * The export pipeline: every message of a location, or of every conversation matching a search, as NDJSON (one
 * message per line, encoded back to JSON with the client's `Message` schema), with bounded concurrency, constant
 * memory, progress reports and an optional checkpoint that makes an interrupted export resumable with every message
 * written exactly once, even when the process is killed.
 *
 * Two strategies (`options.strategy`, see `export/Model.ts`): `"endpoint"`, the default, reads the location export
 * endpoint in two walks (every non-email type, then `channel=Email`), 500 messages a page, one batch per page
 * (`export/Endpoint.ts`); `"conversations"`, chosen when a conversation filter or `limit` needs it, reads a search
 * and one listing per conversation, one batch per conversation. Both go through the same pipeline and journal: an
 * endpoint page is committed with the cursor its walk goes on from, and a resumed walk continues from there.
 *
 * How exactly-once works for the conversations strategy (the design, in short; pages work the same way):
 * - Conversations are exported in a fixed order: the search sorted by `last_message_date` ascending. Ascending,
 *   because a conversation that gets a new message during the export moves *behind* the cursor and is still met
 *   (and skipped the second time: ids are deduplicated), while in descending order it would jump ahead of the cursor
 *   and be missed.
 * - Each conversation is streamed page by page into its own part file in a temporary directory, so memory holds one
 *   page per conversation in flight whatever the conversation's length. Up to `concurrency` conversations are
 *   fetched at once; completed ones are committed one at a time, in search order, so the output is the same for any
 *   concurrency.
 * - Committing a conversation appends its part to the output, syncs the output, then appends one line
 *   `{conversationId, bytes, counts}` to the checkpoint (an append-only journal) and syncs it. `bytes` is the output
 *   length that includes the conversation. The journal line is the commit point.
 * - On resume the journal is read up to its last complete line (a torn last line is a commit that did not happen),
 *   the output is truncated to the recorded length (dropping a partly appended conversation), and the committed
 *   conversations are skipped. A conversation is therefore either wholly in the output and in the journal, or in
 *   neither, and is then exported again from scratch.
 * - The journal is append-only rather than rewritten per commit, so checkpointing costs O(1) per conversation
 *   instead of O(conversations): a 50 000-conversation export would otherwise rewrite megabytes per commit.
 * - A committed conversation is a snapshot: messages that arrive in it after its commit are not exported by a
 *   resumed run. With a checkpoint the part files live in `<checkpoint>.parts/`, which every run empties first (a
 *   killed process leaves it behind; a resumed run never reads it) and removes at the end; without one, in a temp
 *   directory of the OS.
 *
 * Where each part lives: `export/Options.ts` validates the options and chooses the strategy, `export/Source.ts`
 * lists the conversations and their messages, `export/Endpoint.ts` walks the export endpoint, `export/Pipeline.ts` fetches and commits, `export/Checkpoint.ts` is the journal, `export/Sink.ts`
 * the output, `export/Progress.ts` and `export/Render.ts` the reports.
 *
 * @since 0.1.0
 */
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as Path from "@effect/platform/Path"
import type { ConversationsClient } from "@highlevel-effect/client"
import * as Effect from "effect/Effect"
import * as Endpoint from "./export/Endpoint.js"
import type { Options, RunError, Summary } from "./export/Model.js"
import * as ExportOptions from "./export/Options.js"
import * as Pipeline from "./export/Pipeline.js"
import * as Source from "./export/Source.js"

export {
  /**
   * @since 0.1.0
   * @category errors
   */
  ExportError,
  /**
   * @since 0.1.0
   * @category models
   */
  type Filters,
  /**
   * @since 0.1.0
   * @category models
   */
  type Options,
  /**
   * @since 0.1.0
   * @category models
   */
  type Progress,
  /**
   * @since 0.1.0
   * @category errors
   */
  type RunError,
  /**
   * @since 0.1.0
   * @category models
   */
  strategies,
  /**
   * @since 0.1.0
   * @category models
   */
  type Strategy,
  /**
   * @since 0.1.0
   * @category models
   */
  Summary,
  /**
   * @since 0.1.0
   * @category models
   */
  TypeCount
} from "./export/Model.js"

export {
  /**
   * @since 0.1.0
   * @category rendering
   */
  renderProgress,
  /**
   * @since 0.1.0
   * @category rendering
   */
  renderSummary
} from "./export/Render.js"

/**
 * Runs an export of the location, or of the conversations matching `options.filters`, and returns its summary. Needs the client, a
 * `FileSystem` and a `Path` (`NodeContext.layer`). Read-only towards the API. Bad options fail with an
 * `ExportError` of reason `InvalidOptions` naming the option, before any file is opened or request sent.
 *
 * @since 0.1.0
 * @category constructors
 */
export const run: (
  options: Options
) => Effect.Effect<Summary, RunError, ConversationsClient.ConversationsClient | FileSystem.FileSystem | Path.Path> =
  Effect.fn("ExportMessages.run")(function*(options: Options) {
    const settings = yield* ExportOptions.settings(options)
    return yield* (settings.strategy === "endpoint"
      ? Pipeline.run(settings, (resumed) => Endpoint.endpoint(settings, resumed))
      : Pipeline.run(settings, (resumed) => Source.conversations(settings, resumed)))
  }, Effect.scoped)
