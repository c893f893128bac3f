#!/usr/bin/env node
/**
 * Runs the mock standalone: `pnpm mock --port 4010 --seed 42 --scenario default` (from the repo root). Prints the
 * environment the client's Config reads, ready to paste into a shell, and stops cleanly on Ctrl-C / SIGTERM.
 *
 * @since 0.1.0
 */
import { parseArgs } from "node:util"
import * as HighLevelMock from "./HighLevelMock.js"
import * as MockHttpServer from "./MockHttpServer.js"
import * as MockScenario from "./MockScenario.js"

const HELP = `Usage: pnpm mock [options]

  --port <n>                       port (default 4010; 0 picks a free one)
  --host <addr>                    address to bind (default 127.0.0.1)
  --seed <n>                       seed of all data and tokens (default 42)
  --scenario <name>                ${MockScenario.names.join(" | ")} (default "default")
  --conversations <n>              conversations of the primary location
  --messages <n>                   total messages of the primary location
  --messages-per-conversation <n>  average messages per conversation
  --no-rate-limit                  never answer 429
  --flat-messages                  documented flat messages body instead of the wrapped one
  --max-body-bytes <n>             largest request body accepted (default 1048576)
  -h, --help

Scenarios:
${MockScenario.names.map((name) => `  ${name}: ${MockScenario.descriptions[name]}`).join("\n")}
`

const fail = (message: string): never => {
  process.stderr.write(`${message}\n\n${HELP}`)
  process.exit(2)
}

const integer = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined
  const n = Number(raw)
  return Number.isSafeInteger(n) && n >= 0 ? n : fail(`--${name} must be a non-negative integer, got "${raw}"`)
}

const main = async () => {
  let parsed
  try {
    parsed = parseArgs({
      options: {
        port: { type: "string", default: "4010" },
        host: { type: "string", default: "127.0.0.1" },
        seed: { type: "string", default: "42" },
        scenario: { type: "string", default: "default" },
        conversations: { type: "string" },
        messages: { type: "string" },
        "messages-per-conversation": { type: "string" },
        "no-rate-limit": { type: "boolean", default: false },
        "flat-messages": { type: "boolean", default: false },
        "max-body-bytes": { type: "string", default: "1048576" },
        help: { type: "boolean", short: "h", default: false }
      },
      strict: true
    })
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
  const { values } = parsed
  if (values.help) {
    process.stdout.write(HELP)
    return
  }
  const scenario = MockScenario.names.find((name) => name === values.scenario) ??
    fail(`--scenario must be one of ${MockScenario.names.join(", ")}`)
  const perConversation = values["messages-per-conversation"]
  const messagesPerConversation = perConversation === undefined ? undefined : Number(perConversation)
  if (messagesPerConversation !== undefined && !(messagesPerConversation >= 0)) {
    fail("--messages-per-conversation must be a non-negative number")
  }
  const conversations = integer("conversations", values.conversations)
  const messages = integer("messages", values.messages)
  let mock: HighLevelMock.HighLevelMock
  try {
    mock = HighLevelMock.make({
      seed: integer("seed", values.seed) ?? 42,
      scenario,
      ...(conversations === undefined ? {} : { conversations }),
      ...(messages === undefined ? {} : { messages }),
      ...(messagesPerConversation === undefined ? {} : { messagesPerConversation }),
      rateLimit: values["no-rate-limit"] ? false : {},
      messagesShape: values["flat-messages"] ? "flat" : "wrapped"
    })
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
  const server = await MockHttpServer.listen(mock, {
    port: integer("port", values.port) ?? 4010,
    host: values.host,
    maxBodyBytes: integer("max-body-bytes", values["max-body-bytes"]) ?? 1024 * 1024
  }).catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)))

  const { locationId, token } = mock.credentials
  const counts = mock.store.counts()
  process.stdout.write(
    [
      `# HighLevel mock: scenario ${scenario}, seed ${mock.store.seed}: ${counts.locations} locations, ` +
      `${counts.conversations} conversations, ${counts.messages} messages`,
      `export HIGHLEVEL_BASE_URL=${server.url}`,
      `export HIGHLEVEL_TOKEN=${token}`,
      `export HIGHLEVEL_LOCATION_ID=${locationId}`,
      `# other locations and tokens: curl ${server.url}/__mock/locations ; state: curl ${server.url}/__mock/state`,
      "# Ctrl-C to stop",
      ""
    ].join("\n")
  )

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the user does not want to wait for in-flight responses.
      process.exit(130)
    }
    stopping = true
    process.stderr.write(`# ${signal}: closing…\n`)
    server.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`)
  process.exit(1)
})
