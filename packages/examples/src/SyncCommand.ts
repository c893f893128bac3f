/**
 * The sync as a command-line tool (`@effect/cli`): `--db <file | postgres://…>`, the location from `--location` or
 * `HIGHLEVEL_LOCATION_ID`, the token and the other settings from `HIGHLEVEL_*`. Progress goes to stderr when it is a
 * terminal; standard output ends with a one-line summary. On failure it prints one line to stderr and exits
 * non-zero: 1 for a failed sync (the API, an unreachable or locked database), 2 for bad flags or configuration, 130
 * when interrupted. Whatever the failure, no watermark moves past rows that were not committed.
 *
 * @since 0.1.0
 */
import * as Command from "@effect/cli/Command"
import * as CliOptions from "@effect/cli/Options"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type * as CommandExecutor from "@effect/platform/CommandExecutor"
import type * as FileSystem from "@effect/platform/FileSystem"
import type * as Path from "@effect/platform/Path"
import type * as Terminal from "@effect/platform/Terminal"
import { ConversationsClient, ConversationsConfig } from "@highlevel-effect/client"
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as nodePath from "node:path"
import * as CommandLine from "./CommandLine.js"
import * as ExportCommand from "./ExportCommand.js"
import * as StderrLogging from "./StderrLogging.js"
import * as Dialect from "./sync/Dialect.js"
import { SyncError } from "./sync/Model.js"
import * as Render from "./sync/Render.js"
import * as Requests from "./sync/Requests.js"
import * as SyncLocation from "./SyncLocation.js"

const program = "highlevel-sync"

const flags = {
  db: CliOptions.text("db").pipe(
    CliOptions.withPseudoName("FILE|URL"),
    CliOptions.withDescription(
      "Where the mirror lives: a SQLite file path (created if missing) or a postgres:// URL. The schema is created " +
        "or brought up to date first."
    )
  ),
  location: CommandLine.locationFlag("sync"),
  strategy: CliOptions.choice("strategy", ["endpoint", "conversations"]).pipe(
    CliOptions.withDescription(
      "How messages are read: \"endpoint\", the location export endpoint (500 a page, incremental by updatedAt, " +
        "emails in a second walk), or \"conversations\", one listing per conversation."
    ),
    CliOptions.withDefault("endpoint" as const)
  ),
  overlap: CliOptions.integer("overlap-minutes").pipe(
    CliOptions.withPseudoName("N"),
    CliOptions.withDescription(
      "An incremental run re-reads this many minutes before its watermark (clock skew, late indexing); rows read " +
        "twice are written once."
    ),
    CliOptions.withDefault(10)
  ),
  baseUrl: CommandLine.baseUrlFlag
}

type Flags = Command.Command.ParseConfig<typeof flags>

// A URL (postgres://, file:, …) is left to `Dialect.parseTarget`; anything else is a file path.
const hasScheme = /^[a-z][a-z0-9+.-]*:/i

const usage = (field: string, detail: string) => new SyncError({ reason: "InvalidOptions", field, detail })

// The client from the environment (--base-url first), over a transport that counts the requests.
const clientLayer = (baseUrl: Option.Option<string>) =>
  ConversationsClient.layerConfig(CommandLine.clientConfig(baseUrl)).pipe(
    Layer.provideMerge(Requests.layer),
    Layer.provide(NodeHttpClient.layerUndici)
  )

const budgetOf = Effect.map(
  Config.option(ConversationsConfig.fromEnv).pipe(Effect.orElseSucceed(() => Option.none())),
  (options) => {
    const limit = Option.flatMap(options, (o) => Option.fromNullable(o.rateLimit))
    if (Option.isSome(limit) && typeof limit.value === "object") {
      return { limit: limit.value.limit, intervalMillis: Duration.toMillis(limit.value.interval) }
    }
    return Option.isSome(limit) && limit.value === false ? undefined : { limit: 100, intervalMillis: 10_000 }
  }
)

const handler = (input: Flags) =>
  Effect.gen(function*() {
    const locationId = yield* Option.match(input.location, {
      onNone: () => Config.option(Config.nonEmptyString("HIGHLEVEL_LOCATION_ID")),
      onSome: (location) => Effect.succeed(Option.some(location))
    })
    if (Option.isNone(locationId)) {
      return yield* usage("location", "no location: pass --location ID or set HIGHLEVEL_LOCATION_ID")
    }
    if (input.overlap < 0) return yield* usage("overlap-minutes", "--overlap-minutes: must be 0 or more")
    // Checked before any request: a bad --db is a usage error, not a failed sync.
    // A relative file is relative to where the user ran `pnpm sync` (pnpm runs scripts in the package directory).
    const text = input.db.trim()
    const db = text === "" || hasScheme.test(text)
      ? text
      : nodePath.resolve(process.env.INIT_CWD ?? process.cwd(), text)
    const target = Dialect.parseTarget(db)
    if (target._tag === "Left") return yield* target.left
    const tty = process.stderr.isTTY === true
    const clearLine = tty ? CommandLine.writeStderr("\r\x1b[2K") : Effect.void
    yield* Console.log(
      `${program}: location ${locationId.value} into ${Dialect.describe(target.right)} ` +
        `(strategy ${input.strategy}: ${
          input.strategy === "endpoint" ? "the location export endpoint" : "one listing per conversation"
        })`
    )
    const summary = yield* SyncLocation.run({
      db,
      locationId: locationId.value,
      strategy: input.strategy,
      overlap: Duration.minutes(input.overlap),
      budget: yield* budgetOf,
      // Progress only for a person watching: in a pipe or a log file, redrawn lines are noise.
      onProgress: tty ? (progress) => CommandLine.writeStderr(`\r\x1b[2K${Render.renderProgress(progress)}`) : undefined
    }).pipe(Effect.ensuring(clearLine), Effect.provide(clientLayer(input.baseUrl)))
    yield* Console.log(Render.renderSummary(summary))
  })

/**
 * The `highlevel-sync` command.
 *
 * @since 0.1.0
 * @category commands
 */
export const command = Command.make(program, flags, handler).pipe(
  Command.withDescription(
    "Mirror a location's conversations and messages into a database (SQLite file or Postgres), incrementally: the " +
      "first run reads everything, later runs what changed. Read-only towards the API. The token comes from " +
      "$HIGHLEVEL_TOKEN; the other HIGHLEVEL_* variables of the client apply. Exit codes: 0 done, 1 the sync " +
      "failed (API or database), 2 bad flags or configuration, 130 interrupted."
  )
)

const cli = Command.run(command, { name: program, version: "0.1.0" })

/**
 * The one line a failure prints, and the exit code it ends with.
 *
 * @since 0.1.0
 * @category errors
 */
export const describeFailure = (cause: Cause.Cause<unknown>): { readonly line: string; readonly exitCode: number } =>
  Option.match(Cause.failureOption(cause), {
    onNone: () => ExportCommand.describeFailure(cause, program),
    onSome: (error) =>
      error instanceof SyncError
        ? { line: `${program}: ${error.detail}`, exitCode: error.reason === "InvalidOptions" ? 2 : 1 }
        : ExportCommand.describeFailure(cause, program)
  })

/**
 * Runs the command on `argv` (as `process.argv`) and succeeds with the exit code; every failure, bad flags included,
 * becomes one line on stderr.
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
  // The parser's own error block is replaced by the one line below, as in the export command.
  Console.consoleWith((console) => Console.withConsole(cli(argv), { ...console, error: () => Effect.void })).pipe(
    StderrLogging.toStderr,
    Effect.as(0),
    Effect.catchAllCause((cause) => {
      const { exitCode, line } = describeFailure(cause)
      return Effect.as(CommandLine.writeStderr(line + "\n"), exitCode)
    }),
    Effect.onInterrupt(() =>
      CommandLine.writeStderr(`${program}: interrupted; rerun to continue from the last commit\n`)
    )
  )
