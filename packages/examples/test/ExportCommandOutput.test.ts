import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { type FixtureRequest, type FixtureResponse, fixtureServer } from "./utils/fixtureServer.js"
import { runScript } from "./utils/spawn.js"

// The export command against a server that misbehaves on purpose: stdout must stay pure NDJSON while a warning is
// logged, and no line the command prints may carry the token the server hands back as a value.

const TOKEN = "pit-cli-reflected-5e7a9c1b3d5f7a9c"

const message = (i: number, conversationId: string) => ({
  id: `msg${String(i).padStart(17, "0")}`,
  type: 2,
  messageType: "TYPE_SMS",
  locationId: "loc1",
  contactId: "contact1",
  conversationId,
  dateAdded: new Date(Date.UTC(2024, 2, 27, 18, 13, 49) - i * 60_000).toISOString(),
  direction: i % 2 === 0 ? "inbound" : "outbound",
  body: `message ${i}`
})

const document = (id: string, i: number) => ({
  id,
  contactId: `contact${i}`,
  locationId: "loc1",
  type: "TYPE_PHONE",
  lastMessageDate: 1_711_563_229_000 + i * 1000,
  sort: [1_711_563_229_000 + i * 1000]
})

// A search listing `ids` (as many as `limit` asks for), each conversation's messages from `messagesOf`.
const serving = (
  ids: (token: string) => ReadonlyArray<string>,
  messagesOf: (id: string, request: FixtureRequest) => FixtureResponse
) =>
  fixtureServer((request) => {
    if (request.path === "/conversations/search") {
      const limit = Number(request.query.get("limit") ?? "100")
      const all = ids(request.token)
      return { body: { conversations: all.slice(0, limit).map(document), total: all.length } }
    }
    const match = /^\/conversations\/([^/]+)\/messages$/.exec(request.path)
    return match?.[1] === undefined
      ? { status: 404, body: { statusCode: 404, message: "no such route" } }
      : messagesOf(decodeURIComponent(match[1]), request)
  })

const cli = (url: string, args: ReadonlyArray<string>) =>
  // The per-conversation listing is what this server serves (it has no export endpoint).
  runScript("export-cli.ts", ["--base-url", url, "--location", "loc1", "--strategy", "conversations", ...args], {
    HIGHLEVEL_TOKEN: TOKEN,
    HIGHLEVEL_RATE_LIMIT: "0",
    HIGHLEVEL_MAX_RETRIES: "0"
  })

describe("highlevel-export against a hostile server", () => {
  it.live(
    "with -o -, stdout is NDJSON line by line while a skipped conversation is logged, its id redacted",
    () =>
      Effect.scoped(Effect.gen(function*() {
        // The second conversation's id is the token, and it is gone by the time its messages are asked for.
        const server = yield* serving(
          (token) => ["conv-kept", token],
          (id) =>
            id === "conv-kept"
              ? {
                body: {
                  messages: {
                    lastMessageId: "",
                    nextPage: false,
                    messages: [1, 2, 3].map((i) => message(i, id))
                  }
                }
              }
              : { status: 404, body: { statusCode: 404, message: "Conversation not found" } }
        )
        const run = yield* cli(server.url, ["-o", "-"])
        expect(run.code).toBe(0)
        const lines = run.stdout.split("\n")
        expect(lines.pop()).toBe("")
        // Every line of stdout is one JSON message: a log line among them would not parse.
        const parsed = lines.map((line) => JSON.parse(line) as { readonly id: string })
        expect(parsed.map((m) => m.id)).toEqual([1, 2, 3].map((i) => message(i, "conv-kept").id))
        expect(run.stderr).toMatch(/WARN \(#\d+\): skipped conversation <redacted>: getMessagesPage: not found \(404\)/)
        expect(run.stderr).not.toContain(TOKEN)
      })),
    120_000
  )

  it.live(
    "a server repeating the token as the cursor: one line on stderr, exit 1, the cursor redacted",
    () =>
      Effect.scoped(Effect.gen(function*() {
        const server = yield* serving(
          () => ["conv-loop"],
          (id, request) => ({
            body: { messages: { lastMessageId: request.token, nextPage: true, messages: [message(1, id)] } }
          })
        )
        const run = yield* cli(server.url, ["-o", "-"])
        expect(run.code).toBe(1)
        expect(run.stdout).toBe("")
        expect(run.stderr).toBe(
          "highlevel-export: listMessages: the server repeated the cursor <redacted>; stopping instead of looping\n"
        )
      })),
    120_000
  )
})
