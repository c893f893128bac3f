/**
 * Argument parsing of `bin.ts`, apart from the process so it can be tested without spawning one.
 *
 * @since 0.1.0
 * @internal
 */
import { parseArgs } from "node:util"
import type * as HighLevelMock from "../HighLevelMock.js"
import type * as MockHttpServer from "../MockHttpServer.js"
import * as MockScenario from "../MockScenario.js"

/** @internal */
export const HELP = `Usage: highlevel-mock [options]

  --port <n>                       port (default 4010; 0 picks a free one)
  --host <addr>                    address to bind (default 127.0.0.1)
  --seed <n>                       seed of all data and tokens (default 42)
  --scenario <name>                ${MockScenario.names.join(" | ")} (default "default")
  --conversations <n>              conversations of the primary location
  --messages <n>                   total messages of the primary location
  --messages-per-conversation <n>  average messages per conversation
  --no-rate-limit                  never answer 429
  --rate-limit-window <kind>       fixed | sliding: how the burst limit counts (default fixed)
  --rate-limit <n>                 burst limit: requests per interval (default 100; 25 for a sandbox token)
  --rate-limit-interval-ms <n>     burst interval (default 10000)
  --flat-messages                  documented flat messages body instead of the wrapped one
  --max-body-bytes <n>             largest request body accepted (default 1048576)
  --control-token <secret>         require Authorization: Bearer <secret> on /__mock/* (for a mock bound beyond loopback)
  --webhook-url <url>              POST every webhook event of every location to <url> (repeatable)
  --webhook-time-scale <x>         multiply webhook retry waits (HighLevel: ~10 min apart; default 1)
  -h, --help

Scenarios:
${MockScenario.names.map((name) => `  ${name}: ${MockScenario.descriptions[name]}`).join("\n")}
`

type Parsed =
  | { readonly _tag: "help" }
  | { readonly _tag: "error"; readonly message: string }
  | {
    readonly _tag: "run"
    readonly mock: HighLevelMock.Options
    readonly listen: MockHttpServer.ListenOptions
  }

class Invalid extends Error {}

const integer = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (raw.trim() === "" || !Number.isSafeInteger(n) || n < 0) {
    throw new Invalid(`--${name} must be a non-negative integer, got "${raw}"`)
  }
  return n
}

// The flags, as `parseArgs` reads them (HELP describes them).
const OPTIONS = {
  port: { type: "string", default: "4010" },
  host: { type: "string", default: "127.0.0.1" },
  seed: { type: "string", default: "42" },
  scenario: { type: "string", default: "default" },
  conversations: { type: "string" },
  messages: { type: "string" },
  "messages-per-conversation": { type: "string" },
  "no-rate-limit": { type: "boolean", default: false },
  "rate-limit-window": { type: "string", default: "fixed" },
  "rate-limit": { type: "string" },
  "rate-limit-interval-ms": { type: "string" },
  "flat-messages": { type: "boolean", default: false },
  "max-body-bytes": { type: "string", default: "1048576" },
  "control-token": { type: "string" },
  "webhook-url": { type: "string", multiple: true },
  "webhook-time-scale": { type: "string" },
  help: { type: "boolean", short: "h", default: false }
} as const

/** @internal */
export const parse = (argv: ReadonlyArray<string>): Parsed => {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false
    })
    if (values.help) return { _tag: "help" }
    const scenario = MockScenario.names.find((name) => name === values.scenario)
    if (scenario === undefined) throw new Invalid(`--scenario must be one of ${MockScenario.names.join(", ")}`)
    const rawPer = values["messages-per-conversation"]
    const perConversation = rawPer === undefined ? undefined : Number(rawPer)
    if (perConversation !== undefined && !(perConversation >= 0)) {
      throw new Invalid("--messages-per-conversation must be a non-negative number")
    }
    const conversations = integer("conversations", values.conversations)
    const messages = integer("messages", values.messages)
    const port = integer("port", values.port) ?? 4010
    const window = values["rate-limit-window"]
    if (window !== "fixed" && window !== "sliding") throw new Invalid("--rate-limit-window must be fixed or sliding")
    const burst = integer("rate-limit", values["rate-limit"])
    const intervalMs = integer("rate-limit-interval-ms", values["rate-limit-interval-ms"])
    if (burst === 0 || intervalMs === 0) throw new Invalid("--rate-limit and --rate-limit-interval-ms must be positive")
    if (port > 65_535) throw new Invalid("--port must be at most 65535")
    const controlToken = values["control-token"]
    if (controlToken !== undefined && controlToken.trim() === "") throw new Invalid("--control-token must not be empty")
    const webhookUrls = values["webhook-url"] ?? []
    for (const url of webhookUrls) {
      if (!/^https?:\/\//.test(url) || !URL.canParse(url)) {
        throw new Invalid(`--webhook-url must be an http(s) URL, got "${url}"`)
      }
    }
    const rawScale = values["webhook-time-scale"]
    const timeScale = rawScale === undefined ? undefined : Number(rawScale)
    if (timeScale !== undefined && !(Number.isFinite(timeScale) && timeScale > 0)) {
      throw new Invalid("--webhook-time-scale must be a positive number")
    }
    return {
      _tag: "run",
      mock: {
        seed: integer("seed", values.seed) ?? 42,
        scenario,
        ...(conversations === undefined ? {} : { conversations }),
        ...(messages === undefined ? {} : { messages }),
        ...(perConversation === undefined ? {} : { messagesPerConversation: perConversation }),
        rateLimit: values["no-rate-limit"] ? false : {
          ...(window === "sliding" ? { window } : {}),
          ...(burst === undefined ? {} : { burst }),
          ...(intervalMs === undefined ? {} : { intervalMs })
        },
        messagesShape: values["flat-messages"] ? "flat" : "wrapped",
        ...(controlToken === undefined ? {} : { controlToken }),
        ...(webhookUrls.length === 0 && timeScale === undefined
          ? {}
          : { webhooks: { urls: webhookUrls, ...(timeScale === undefined ? {} : { timeScale }) } })
      },
      listen: {
        port,
        host: values.host,
        maxBodyBytes: integer("max-body-bytes", values["max-body-bytes"]) ?? 1024 * 1024
      }
    }
  } catch (e) {
    return { _tag: "error", message: e instanceof Error ? e.message : String(e) }
  }
}
