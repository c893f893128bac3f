/**
 * What the examples' commands (`highlevel-export`, `highlevel-sync`) share: the flags that name the location and the
 * API, the client's configuration from the environment with `--base-url` over it, and the one way they write to
 * stderr.
 *
 * @since 0.2.0
 */
import * as CliOptions from "@effect/cli/Options"
import { ConversationsConfig } from "@highlevel-effect/client"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"

/**
 * `--location ID` (`-l`): the location the command works on, `what` naming what it does with it ("export").
 *
 * @since 0.2.0
 * @category flags
 */
export const locationFlag = (what: string) =>
  CliOptions.text("location").pipe(
    CliOptions.withAlias("l"),
    CliOptions.withPseudoName("ID"),
    CliOptions.withDescription(`The location (sub-account) to ${what}. Default: $HIGHLEVEL_LOCATION_ID.`),
    CliOptions.optional
  )

/**
 * `--base-url URL`: the API to talk to.
 *
 * @since 0.2.0
 * @category flags
 */
export const baseUrlFlag = CliOptions.text("base-url").pipe(
  CliOptions.withPseudoName("URL"),
  CliOptions.withDescription(
    "The API to talk to, e.g. the mock's URL. Default: $HIGHLEVEL_BASE_URL, else https://services.leadconnectorhq.com."
  ),
  CliOptions.optional
)

/**
 * The client's options from the environment (`HIGHLEVEL_*`), with `--base-url` over `HIGHLEVEL_BASE_URL` when given.
 *
 * @since 0.2.0
 * @category config
 */
export const clientConfig = (baseUrl: Option.Option<string>): Config.Config<ConversationsConfig.Options> =>
  Option.match(baseUrl, {
    onNone: () => ConversationsConfig.fromEnv,
    onSome: (url) => Config.map(ConversationsConfig.fromEnv, (options) => ({ ...options, baseUrl: url }))
  })

/**
 * Writes `text` to stderr as it is (progress lines, the one-line failure): stdout may be the command's output.
 *
 * @since 0.2.0
 * @category output
 */
export const writeStderr = (text: string): Effect.Effect<void> => Effect.sync(() => void process.stderr.write(text))
