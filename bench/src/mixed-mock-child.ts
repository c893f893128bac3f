/**
 * The mock of the mixed benchmark in a process of its own: the load generator (`mixed-load-child.ts`) runs in another
 * one, so the mock's latencies hold no client work, no client garbage and no client GC pause. It seeds the mock
 * (size from the command line as JSON), listens on 127.0.0.1:0, sends a `MixedTarget` over IPC; on a `"counts"`
 * message it answers its data set's counts and heap, and it stops when the parent disconnects. Run it under
 * `--cpu-prof` (`pnpm bench --only=mixed --cpu-prof=DIR`) to profile the mock alone.
 *
 * @since 0.1.0
 */
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Schema from "effect/Schema"
import type { MixedCounts, MixedTarget } from "./MixedTarget.js"

const Options = Schema.Struct({ seed: Schema.Int, conversations: Schema.Int, messages: Schema.Int })

const options = Schema.decodeUnknownSync(Schema.parseJson(Options))(process.argv[2] ?? "")
const mock = HighLevelMock.make({ ...options, rateLimit: false })
const location = mock.locations[0]
if (location === undefined || location.conversationIds.length === 0) throw new Error("the mix needs conversations")
const server = await MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1" })
const target: MixedTarget = {
  url: server.url,
  locationId: location.locationId,
  providerId: location.providerId,
  tokens: { full: location.tokens.full, provider: location.tokens.provider },
  conversations: location.conversationIds.map((id) => [
    id,
    mock.store.conversation(id)?.contactId ?? "",
    mock.store.messagesOf(id)[0]?.id ?? "none"
  ])
}
process.send?.(target)
process.on("message", (message) => {
  if (message !== "counts") return
  const counts = mock.store.counts()
  const memory = process.memoryUsage()
  const report: typeof MixedCounts.Type = {
    conversations: counts.conversations,
    messages: counts.messages,
    heap_mb: Math.round(memory.heapUsed / 1e6),
    rss_mb: Math.round(memory.rss / 1e6)
  }
  process.send?.(report)
})
process.once("disconnect", () => {
  void server.close().then(() => process.exit(0))
})
