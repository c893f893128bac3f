/**
 * The export pipeline as a command-line tool (`@effect/cli`): flags for the location, the strategy, the search
 * filters, the output, concurrency and the checkpoint; the token from `HIGHLEVEL_TOKEN`. The strategy is the
 * location export endpoint unless a conversation filter needs the per-conversation listing (`--strategy` says which;
 * `--strategy endpoint` with a conversation filter is a usage error). The strategy and progress go to stderr when it
 * is a terminal, the summary (its strategy and why included) to stderr, the NDJSON to the output (stdout with
 * `--output -`). On failure it prints one line to stderr and exits non-zero: 1 for a failed export, 2 for bad flags
 * or configuration, 130 when interrupted.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as CliOptions from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as Path from "@effect/platform/Path"
import type * as Runtime from "@effect/platform/Runtime"
import type * as Terminal from "@effect/platform/Terminal"
import { ConversationsClient, Message } from "@highlevel-effect/client"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Console from "effect/Console"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as CommandLine from "./CommandLine.js"
import { flatten, forStdout } from "./export/CliText.js"
import * as ExportOptions from "./export/Options.js"
import * as ExportMessages from "./ExportMessages.js"
import * as StderrLogging from "./StderrLogging.js"

const invalidValue = (text: string) => ValidationError.invalidValue(HelpDoc.p(text))

// Dates as the API wants them (epoch ms), typed as a person would: `2024-03-27`, an ISO date-time, or epoch ms.
const epochMillis = (name: string) =>
  CliOptions.text(name).pipe(
    CliOptions.withPseudoName("DATE"),
    CliOptions.mapEffect((text) => {
      if (/^\d+$/.test(text)) return Effect.succeed(Number(text))
      return Option.match(DateTime.make(text), {
        onNone: () => Effect.fail(invalidValue(`--${name}: "${text}" is not a date (use 2024-03-27, ISO or epoch ms)`)),
        onSome: (date) => Effect.succeed(DateTime.toEpochMillis(date))
      })
    }),
    CliOptions.optional
  )

const isMessageType = (value: string): value is Message.MessageTypeFilter =>
  (Message.knownMessageTypes as ReadonlyArray<string>).includes(value)

const messageTypeList = (text: string) => {
  const values = text.split(",").map((value) => value.trim()).filter((value) => value !== "")
  const unknown = values.filter((value) => !isMessageType(value))
  return unknown.length > 0
    ? Effect.fail(invalidValue(`--message-type: unknown type ${unknown.join(", ")} (e.g. TYPE_SMS,TYPE_CALL)`))
    : Effect.succeed(values.filter(isMessageType))
}

const flags = {
  location: CommandLine.locationFlag("export"),
  strategy: CliOptions.choice("strategy", ExportMessages.strategies).pipe(
    CliOptions.withDescription(
      "How messages are read. \"endpoint\": the location export endpoint, 500 messages a page, emails in a second " +
        "walk (about 2 requests per 1,000 messages). \"conversations\": a search, then one listing per conversation " +
        "(about 28 per 1,000), the only one that applies the conversation filters (--status, --assigned-to, " +
        "--contact-id, --query, --last-message-*, --start-date, --end-date) and --limit. Default: endpoint, or " +
        "conversations when one of those is given; endpoint with one of them is an error (exit 2)."
    ),
    CliOptions.optional
  ),
  output: CliOptions.text("output").pipe(
    CliOptions.withAlias("o"),
    CliOptions.withPseudoName("FILE"),
    CliOptions.withDescription(
      "Where the NDJSON goes, one message per line; \"-\" is standard output. A file is overwritten unless " +
        "--resume continues it."
    ),
    CliOptions.withDefault("-")
  ),
  status: CliOptions.choice("status", ["all", "read", "unread", "starred", "recents"]).pipe(
    CliOptions.withDescription("Only conversations with this status."),
    CliOptions.optional
  ),
  assignedTo: CliOptions.text("assigned-to").pipe(
    CliOptions.withPseudoName("USERS"),
    CliOptions.withDescription("Only conversations assigned to these users (comma-separated ids), or \"unassigned\"."),
    CliOptions.optional
  ),
  contactId: CliOptions.text("contact-id").pipe(
    CliOptions.withPseudoName("ID"),
    CliOptions.withDescription("Only the conversations of this contact."),
    CliOptions.optional
  ),
  query: CliOptions.text("query").pipe(
    CliOptions.withAlias("q"),
    CliOptions.withPseudoName("TEXT"),
    CliOptions.withDescription("Free-text search over contact name, email, phone and last message."),
    CliOptions.optional
  ),
  lastMessageType: CliOptions.choice("last-message-type", Message.knownMessageTypes).pipe(
    CliOptions.withDescription("Only conversations whose last message has this type (e.g. TYPE_SMS)."),
    CliOptions.optional
  ),
  lastMessageDirection: CliOptions.choice("last-message-direction", ["inbound", "outbound"]).pipe(
    CliOptions.withDescription("Only conversations whose last message went this way."),
    CliOptions.optional
  ),
  lastMessageAction: CliOptions.choice("last-message-action", ["automated", "manual"]).pipe(
    CliOptions.withDescription("Only conversations whose last outbound message was sent this way."),
    CliOptions.optional
  ),
  startDate: epochMillis("start-date").pipe(
    CliOptions.withDescription(
      "Only conversations created at or after this date (2024-03-27, an ISO date-time, or epoch ms)."
    )
  ),
  endDate: epochMillis("end-date").pipe(
    CliOptions.withDescription("Only conversations created at or before this date (same formats as --start-date).")
  ),
  messageType: CliOptions.text("message-type").pipe(
    CliOptions.withPseudoName("TYPES"),
    CliOptions.mapEffect(messageTypeList),
    CliOptions.withDescription("Only messages of these types (comma-separated, e.g. TYPE_SMS,TYPE_CALL)."),
    CliOptions.optional
  ),
  limit: CliOptions.integer("limit").pipe(
    CliOptions.withPseudoName("N"),
    CliOptions.withDescription(
      "At most N conversations: the first N in export order (oldest last message first), earlier runs included. " +
        "A conversation filter: the conversations strategy."
    ),
    CliOptions.optional
  ),
  concurrency: CliOptions.integer("concurrency").pipe(
    CliOptions.withAlias("c"),
    CliOptions.withPseudoName("N"),
    CliOptions.withDescription(
      "Conversations fetched at once (the conversations strategy), or endpoint pages read ahead of the commits, " +
        "1..32. The output is the same for any value; the rate limit still applies."
    ),
    CliOptions.withDefault(4)
  ),
  checkpoint: CliOptions.text("checkpoint").pipe(
    CliOptions.withPseudoName("FILE"),
    CliOptions.withDescription(
      "Record progress in this journal so an interrupted export (even a killed process) can continue with " +
        "--resume, each message written once: it records each conversation committed, or each endpoint page with " +
        "the cursor its walk goes on from. Needs --output FILE."
    ),
    CliOptions.optional
  ),
  resume: CliOptions.boolean("resume").pipe(
    CliOptions.withDescription(
      "Continue the export recorded in --checkpoint (a new export starts if the file does not exist yet). " +
        "Without it an existing checkpoint is an error."
    )
  ),
  baseUrl: CommandLine.baseUrlFlag
}

type Flags = Command.Command.ParseConfig<typeof flags>

const usage = (detail: string) => new ExportMessages.ExportError({ reason: "InvalidOptions", detail })

const filtersOf = (input: Flags, locationId: string) =>
  Effect.gen(function*() {
    const assignedTo = Option.getOrUndefined(input.assignedTo)
    const users = assignedTo?.split(",").map((user) => user.trim()).filter((user) => user !== "")
    const [firstUser, ...otherUsers] = users ?? []
    if (assignedTo !== undefined && firstUser === undefined) {
      return yield* usage("--assigned-to needs user ids or \"unassigned\"")
    }
    const filters: ExportMessages.Filters = {
      locationId,
      ...Option.match(input.status, { onNone: () => ({}), onSome: (status) => ({ status }) }),
      ...(firstUser !== undefined
        ? {
          assignedTo: firstUser === "unassigned" && otherUsers.length === 0 ? "unassigned" : [firstUser, ...otherUsers]
        }
        : {}),
      ...Option.match(input.contactId, { onNone: () => ({}), onSome: (contactId) => ({ contactId }) }),
      ...Option.match(input.query, { onNone: () => ({}), onSome: (query) => ({ query }) }),
      ...Option.match(input.lastMessageType, {
        onNone: () => ({}),
        onSome: (lastMessageType) => ({ lastMessageType })
      }),
      ...Option.match(input.lastMessageDirection, {
        onNone: () => ({}),
        onSome: (lastMessageDirection) => ({ lastMessageDirection })
      }),
      ...Option.match(input.lastMessageAction, {
        onNone: () => ({}),
        onSome: (lastMessageAction) => ({ lastMessageAction })
      }),
      ...Option.match(input.startDate, { onNone: () => ({}), onSome: (startDate) => ({ startDate }) }),
      ...Option.match(input.endDate, { onNone: () => ({}), onSome: (endDate) => ({ endDate }) })
    }
    return filters
  })

// An option of the library as the flag that sets it: `assignedTo` → `--assigned-to`.
const flagOf = (option: string) => `--${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`

/**
 * The line that says which strategy an export uses and why, with the flags that chose it.
 *
 * @since 0.1.0
 * @category rendering
 */
export const strategyLine = (plan: ExportOptions.Plan): string =>
  `highlevel-export: strategy ${plan.strategy}: ${ExportOptions.describePlan(plan, flagOf)}`

// The client from the environment, with --base-url taking precedence over HIGHLEVEL_BASE_URL.
const clientLayer = (baseUrl: Option.Option<string>) =>
  ConversationsClient.layerConfig(CommandLine.clientConfig(baseUrl)).pipe(Layer.provide(NodeHttpClient.layerUndici))

const handler = (input: Flags) =>
  Effect.gen(function*() {
    const locationId = yield* Option.match(input.location, {
      onNone: () => Config.option(Config.nonEmptyString("HIGHLEVEL_LOCATION_ID")),
      onSome: (location) => Effect.succeed(Option.some(location))
    })
    if (Option.isNone(locationId)) {
      return yield* usage("no location: pass --location ID or set HIGHLEVEL_LOCATION_ID")
    }
    const filters = yield* filtersOf(input, locationId.value)
    const limit = Option.getOrUndefined(input.limit)
    const strategy = Option.getOrUndefined(input.strategy)
    const chosen = ExportOptions.plan({ filters, limit, strategy })
    const needConversations = ExportOptions.conversationFilters({ filters, limit })
    if (strategy === "endpoint" && needConversations.length > 0) {
      return yield* usage(
        `--strategy endpoint cannot apply the conversation filters ${
          needConversations.map(flagOf).join(", ")
        }: use --strategy conversations, or drop them`
      )
    }
    const tty = process.stderr.isTTY === true
    const clearLine = tty ? CommandLine.writeStderr("\r\x1b[2K") : Effect.void
    // On a terminal the strategy comes first, above the progress line; everywhere it is in the summary. Off a
    // terminal stderr stays a single line when the export fails.
    if (tty) yield* CommandLine.writeStderr(strategyLine(chosen) + "\n")
    const summary = yield* ExportMessages.run({
      filters,
      strategy,
      output: input.output,
      concurrency: input.concurrency,
      limit,
      messageTypes: Option.getOrUndefined(input.messageType),
      checkpoint: Option.getOrUndefined(input.checkpoint),
      resume: input.resume,
      // Progress only for a person watching: in a pipe or a log file, redrawn lines are noise.
      onProgress: tty
        ? (progress) => CommandLine.writeStderr(`\r\x1b[2K${ExportMessages.renderProgress(progress)}`)
        : undefined
    }).pipe(
      Effect.ensuring(clearLine),
      Effect.provide(clientLayer(input.baseUrl))
    )
    yield* CommandLine.writeStderr(ExportMessages.renderSummary(summary, flagOf) + "\n")
  })

/**
 * The `highlevel-export` command.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make("highlevel-export", flags, handler).pipe(
  Command.withDescription(
    "Export every message of a location, or of the conversations matching a search, as NDJSON (one message per " +
      "line). Read-only. --strategy says how (default: the location export endpoint; the conversation filters " +
      "switch to one listing per conversation, and the summary says which and why). The token comes from $HIGHLEVEL_TOKEN; the other HIGHLEVEL_* variables of the client apply " +
      "(HIGHLEVEL_RATE_LIMIT, HIGHLEVEL_MAX_RETRIES, HIGHLEVEL_TIMEOUT, ...). Exit codes: 0 done, 1 the export " +
      "failed, 2 bad flags or configuration, 130 interrupted."
  )
)

/**
 * The command's parser and runner: give it `process.argv`.
 *
 * @since 0.1.0
 * @category commands
 */
export const cli = Command.run(command, { name: "highlevel-export", version: "0.1.0" })

/**
 * The one line a failure prints, and the exit code it ends with.
 *
 * @since 0.1.0
 * @category errors
 */
export const describeFailure = (
  cause: Cause.Cause<unknown>,
  program = "highlevel-export"
): { readonly line: string; readonly exitCode: number } => {
  const failure = Cause.failureOption(cause)
  if (Option.isNone(failure)) {
    const defect = Cause.dieOption(cause)
    return {
      line: `${program}: unexpected error: ${
        Option.match(defect, {
          onNone: () => "interrupted",
          onSome: (value) => flatten(value instanceof Error ? value.message : String(value))
        })
      }`,
      exitCode: Cause.isInterruptedOnly(cause) ? 130 : 1
    }
  }
  const error = failure.value
  if (ValidationError.isValidationError(error)) {
    return { line: `${program}: ${flatten(HelpDoc.toAnsiText(error.error))}`, exitCode: 2 }
  }
  if (ConfigError.isConfigError(error)) {
    const missingToken = String(error).includes("TOKEN")
    return {
      line: missingToken
        ? `${program}: HIGHLEVEL_TOKEN is not set (a Private Integration Token or OAuth access token)`
        : `${program}: bad configuration: ${flatten(String(error))}`,
      exitCode: 2
    }
  }
  if (error instanceof ExportMessages.ExportError) {
    return { line: `${program}: ${error.detail}`, exitCode: error.reason === "InvalidOptions" ? 2 : 1 }
  }
  return {
    line: `${program}: ${flatten(error instanceof Error ? error.message : String(error))}`,
    exitCode: 1
  }
}

/**
 * Runs the command on `argv` (as `process.argv`: runtime and script first) and succeeds with the exit code. Every
 * failure, bad flags included, becomes one line on stderr.
 *
 * @since 0.1.0
 * @category commands
 */
export const main = (
  argv: ReadonlyArray<string>
): Effect.Effect<
  number,
  never,
  FileSystem.FileSystem | Path.Path | Terminal.Terminal | CommandExecutor.CommandExecutor
> =>
  // The parser prints its errors with `Console.error`, as a block with a blank line; they are reported below as one
  // line like every other failure instead. Help and version still go to stdout through `Console.log`.
  Console.consoleWith((console) => {
    const styled = process.stdout.isTTY === true && (process.env.NO_COLOR ?? "") === ""
    return Console.withConsole(cli(argv), {
      ...console,
      error: () => Effect.void,
      log: (...args) => console.log(...args.map((arg) => typeof arg === "string" ? forStdout(arg, styled) : arg))
    })
  }).pipe(
    // Warnings (a conversation skipped) go to stderr: with `--output -` stdout is the NDJSON.
    StderrLogging.toStderr,
    Effect.as(0),
    Effect.catchAllCause((cause) => {
      const { exitCode, line } = describeFailure(cause)
      return Effect.as(CommandLine.writeStderr(line + "\n"), exitCode)
    }),
    Effect.onInterrupt(() =>
      CommandLine.writeStderr(
        "highlevel-export: interrupted; rerun with the same --checkpoint and --resume to continue\n"
      )
    )
  )

/**
 * The teardown for `NodeRuntime.runMain`: the exit code {@link main} computed, 130 when interrupted.
 *
 * @since 0.1.0
 * @category commands
 */
export const teardown: Runtime.Teardown = (exit, onExit) =>
  onExit(
    Exit.isSuccess(exit)
      ? (typeof exit.value === "number" ? exit.value : 0)
      : Cause.isInterruptedOnly(exit.cause)
      ? 130
      : 1
  )
