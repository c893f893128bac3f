/**
 * A consumer's program, as the README teaches it, compiled by `scripts/consumer-smoke.sh` in a plain npm project
 * where the packed packages are installed from their tarballs, and run against the packed mock's `highlevel-mock`
 * (seed 42, started by the script, its `export` lines in the environment).
 */
import { FetchHttpClient } from "@effect/platform"
import { ConversationsClient } from "@highlevel-effect/client"
import client from "@highlevel-effect/client/package.json" with { type: "json" }
import { HighLevelMock } from "@highlevel-effect/mock-server"
import mock from "@highlevel-effect/mock-server/package.json" with { type: "json" }
import { Chunk, Effect, Layer, Stream } from "effect"

// The data the running mock serves, made again in this process: the same seed gives the same data.
const seeded = HighLevelMock.make({ seed: 42 })

const HighLevel = ConversationsClient.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

const check = (ok: boolean, what: string) => ok ? Effect.log(`ok: ${what}`) : Effect.die(new Error(`failed: ${what}`))

const program = Effect.gen(function*() {
  yield* Effect.log(`${client.name} ${client.version}, ${mock.name} ${mock.version}`)
  const api = yield* ConversationsClient.ConversationsClient

  const page = yield* api.searchConversationsPage({ limit: 5, sort: "desc", sortBy: "last_message_date" })
  yield* check(page.total === seeded.store.conversationsOf(seeded.credentials.locationId).length, "search total")
  const first = page.conversations[0]
  if (first === undefined) return yield* Effect.die(new Error("the mock's location has no conversation"))

  const conversation = yield* api.getConversation(first.id)
  yield* check(conversation.id === first.id, `getConversation(${first.id})`)

  const messages = yield* api.listMessages(first.id, { limit: 3 }).pipe(Stream.runCollect)
  const expected = seeded.store.messagesOf(first.id).map((message) => message.id)
  yield* check(
    JSON.stringify(Chunk.toReadonlyArray(messages).map((message) => message.id)) === JSON.stringify(expected),
    `listMessages: ${expected.length} messages in pages of 3, newest first`
  )

  // A typed error, narrowed by its tag.
  const missing = yield* api.getConversation("no-such-conversation").pipe(
    Effect.as("found"),
    Effect.catchTag("NotFoundError", (error) => Effect.succeed(`NotFoundError ${error.status}`))
  )
  yield* check(missing === "NotFoundError 404", `an unknown id is ${missing}`)
})

program.pipe(Effect.provide(HighLevel), Effect.runPromise).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exitCode = 1
})
