#!/usr/bin/env node
/**
 * Runs the mock standalone: `pnpm mock --port 4010 --seed 42 --scenario default` (from the repo root). Prints the
 * environment the client's Config reads, ready to paste into a shell, and stops cleanly on Ctrl-C / SIGTERM.
 *
 * @since 0.1.0
 */
import * as HighLevelMock from "./HighLevelMock.js"
import { HELP, parse } from "./internal/cli.js"
import * as MockHttpServer from "./MockHttpServer.js"

const fail = (message: string): never => {
  process.stderr.write(`${message}\n\n${HELP}`)
  process.exit(2)
}

const main = async () => {
  const parsed = parse(process.argv.slice(2))
  if (parsed._tag === "help") {
    process.stdout.write(HELP)
    return
  }
  if (parsed._tag === "error") return fail(parsed.message)
  let mock: HighLevelMock.HighLevelMock
  try {
    mock = HighLevelMock.make(parsed.mock)
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
  const server = await MockHttpServer.listen(mock, parsed.listen).catch((e: unknown) =>
    fail(e instanceof Error ? e.message : String(e))
  )

  const { locationId, token } = mock.credentials
  const counts = mock.store.counts()
  // Only comments and exports, so the whole output can be pasted into a shell.
  process.stdout.write(
    [
      `# HighLevel mock: scenario ${mock.store.scenario}, seed ${mock.store.seed}: ${counts.locations} locations, ` +
      `${counts.conversations} conversations, ${counts.messages} messages`,
      `export HIGHLEVEL_BASE_URL=${server.url}`,
      `export HIGHLEVEL_TOKEN=${token}`,
      `export HIGHLEVEL_LOCATION_ID=${locationId}`,
      // The key webhook receivers verify the mock's signatures with (base64 DER SPKI, one line).
      `export HIGHLEVEL_WEBHOOK_PUBLIC_KEY=${mock.webhooks.publicKeyBase64}`,
      ...mock.webhooks.subscriptions().map((s) => `# webhooks: every event of every location to ${s.url}`),
      parsed.mock.controlToken === undefined
        ? `# other locations and tokens: curl ${server.url}/__mock/locations ; state: curl ${server.url}/__mock/state`
        : `# control API (token given by --control-token): curl -H "Authorization: Bearer $CONTROL_TOKEN" ` +
          `${server.url}/__mock/state`,
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
    mock.webhooks.close()
    server.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`)
  process.exit(1)
})
