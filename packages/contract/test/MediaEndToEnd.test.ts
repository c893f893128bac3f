/**
 * The client's media operations against the mock over real HTTP (undici), end to end: a signed-URL upload whose
 * completed URL serves the bytes back, a multipart upload, a call's recording as a byte stream and its transcription.
 * Mock-only: the real API would keep the files.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { ConversationsClient } from "@highlevel-effect/client"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"

const bytesOf = (n: number): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 13 + 5) & 0xff
  return out
}

/** A mock on 127.0.0.1 port 0 and a client of it, both closed with the test's scope. */
const setup = Effect.gen(function*() {
  const mock = HighLevelMock.make({ seed: 6, conversations: 12, messagesPerConversation: 10, rateLimit: false })
  const server = yield* Effect.acquireRelease(
    Effect.promise(() => MockHttpServer.listen(mock, { port: 0 })),
    (s) => Effect.promise(() => s.close())
  )
  const http = yield* Layer.build(NodeHttpClient.layerUndici)
  const client = yield* ConversationsClient.make({
    token: Redacted.make(mock.credentials.token),
    baseUrl: server.url,
    locationId: mock.credentials.locationId,
    rateLimit: false,
    retry: false,
    timeout: "10 seconds"
  }).pipe(Effect.provide(http))
  return { mock, server, client, conversationId: mock.locations[0]?.conversationIds[0] ?? "" }
})

const download = (url: string) => Effect.promise(async () => new Uint8Array(await (await fetch(url)).arrayBuffer()))

describe("client media operations against the mock over HTTP", () => {
  it.scoped("uploadSigned: initiate → PUT → complete; the completed URL serves the same bytes", () =>
    Effect.gen(function*() {
      const { client, conversationId, server } = yield* setup
      const data = bytesOf(300_000)
      const completed = yield* client.uploads.uploadSigned({
        conversationId,
        channel: "SMS",
        filename: "clip.mp4",
        contentType: "video/mp4",
        data
      })
      const url = completed.uploadedFiles["clip.mp4"] ?? ""
      expect(url.startsWith(`${server.url}/__mock/files/`)).toBe(true)
      expect(Buffer.from(yield* download(url)).equals(Buffer.from(data))).toBe(true)
    }))

  it.scoped("upload (multipart): every file stored and served back", () =>
    Effect.gen(function*() {
      const { client, conversationId } = yield* setup
      const png = bytesOf(2_000)
      const uploaded = yield* client.uploads.upload({
        conversationId,
        files: [{ filename: "a.png", contentType: "image/png", data: png }]
      })
      const url = Object.values(uploaded.uploadedFiles)[0] ?? ""
      expect(Buffer.from(yield* download(url)).equals(Buffer.from(png))).toBe(true)
    }))

  it.scoped("recording streams the WAV; transcription decodes the sentences", () =>
    Effect.gen(function*() {
      const { client, mock } = yield* setup
      const call = (mock.locations[0]?.conversationIds ?? []).flatMap((id) => mock.store.messagesOf(id)).find((m) =>
        ((m.meta as { call?: { duration?: number } } | undefined)?.call?.duration ?? 0) > 0
      )
      if (call === undefined) throw new Error("the seed has a connected call")
      const recording = yield* client.messages.recording(call.id)
      expect(recording.contentType).toBe("audio/x-wav")
      const chunks = yield* Stream.runCollect(recording.bytes)
      const wav = Buffer.concat(Chunk.toReadonlyArray(chunks))
      expect(wav.subarray(0, 4).toString("ascii")).toBe("RIFF")
      const sentences = yield* client.messages.transcription(call.id)
      expect(sentences[0]?.transcript).toBe("This call may be recorded for quality assurance purposes.")
      expect(sentences.length).toBeGreaterThanOrEqual(3)
    }))
})
