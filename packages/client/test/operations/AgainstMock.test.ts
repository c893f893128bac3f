/**
 * The upload, call-media, live chat and preference operations against the project's mock over real HTTP (both
 * transports): the multipart upload stored and served back byte for byte, the signed-URL flow end to end, the caps
 * the client checks matching the mock's, a recording streamed as the mock's WAV, the transcription and its download,
 * the typing indicator, and a custom subtype created, renamed and read back.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as ConversationsClient from "../../src/ConversationsClient.js"
import { uploadLimits } from "../../src/Upload.js"
import { clientOf, serveMock, transports } from "../reliability/support/mock.js"

const bytes = (n: number): Uint8Array<ArrayBuffer> => {
  const array = new Uint8Array(n)
  for (let i = 0; i < n; i++) array[i] = (i * 31 + 7) % 256
  return array
}

const fetchBytes = (url: string) => Effect.promise(async () => new Uint8Array(await (await fetch(url)).arrayBuffer()))

// A conversation of the location, and a call message whose call connected (the mock has recordings for those).
const fixtures = (client: ConversationsClient.Service) =>
  Effect.gen(function*() {
    const conversation = yield* Stream.runHead(client.searchConversations({ limit: 20 }))
    const call = yield* client.listAllMessages({ limit: 50 }, { type: ["TYPE_CALL"] }).pipe(
      Stream.filter((message) => (message.meta?.call?.duration ?? 0) > 0),
      Stream.take(1),
      Stream.runHead
    )
    return { conversation: Option.getOrThrow(conversation), call: Option.getOrThrow(call) }
  })

for (const [name, transport] of transports) {
  describe(`against the mock over ${name}`, () => {
    it.live("uploads: multipart stored and served back; the signed-URL flow end to end; over the caps refused", () =>
      Effect.gen(function*() {
        const server = yield* serveMock()
        const client = yield* clientOf(server, transport)
        const { conversation } = yield* fixtures(client)
        const png = bytes(50_000)
        const uploaded = yield* client.uploads.upload({
          conversationId: conversation.id,
          files: [{ filename: "photo.png", contentType: "image/png", data: png }]
        })
        const url = uploaded.uploadedFiles["photo.png"]
        expect(url).toBeDefined()
        expect(Buffer.from(yield* fetchBytes(url ?? "")).equals(Buffer.from(png))).toBe(true)

        const video = new Blob([bytes(200_000)])
        const done = yield* client.uploads.uploadSigned({
          conversationId: conversation.id,
          channel: "WHATSAPP",
          filename: "clip.mp4",
          contentType: "video/mp4",
          data: video
        })
        expect(done.metadata?.size).toBe(200_000)
        const served = yield* fetchBytes(done.uploadedFiles["clip.mp4"] ?? "")
        expect(Buffer.from(served).equals(Buffer.from(bytes(200_000)))).toBe(true)

        // One byte over the cap the client and the mock share: refused before sending.
        const over = yield* Effect.flip(client.uploads.upload({
          conversationId: conversation.id,
          files: [{ filename: "big.pdf", data: new Blob([new Uint8Array(uploadLimits.maxFileBytes + 1)]) }]
        }))
        expect(over._tag).toBe("InvalidInputError")
      }).pipe(Effect.scoped))

    it.live("call media: the recording streamed as WAV, the transcription and its download", () =>
      Effect.gen(function*() {
        const server = yield* serveMock()
        const client = yield* clientOf(server, transport)
        const { call } = yield* fixtures(client)
        const recording = yield* client.messages.recording(call.id)
        expect(recording.contentType).toBe("audio/x-wav")
        const audio = Buffer.concat(Chunk.toReadonlyArray(yield* Stream.runCollect(recording.bytes)))
        expect(audio.subarray(0, 4).toString("latin1")).toBe("RIFF")
        expect(audio.subarray(8, 12).toString("latin1")).toBe("WAVE")
        if (recording.contentLength !== undefined) expect(audio.length).toBe(recording.contentLength)

        const sentences = yield* client.messages.transcription(call.id)
        expect(sentences.length).toBeGreaterThan(0)
        const text = yield* client.messages.downloadTranscription(call.id)
        for (const sentence of sentences) expect(text).toContain(sentence.transcript)
      }).pipe(Effect.scoped))

    it.live("live chat typing and a custom subtype created, renamed and listed", () =>
      Effect.gen(function*() {
        const server = yield* serveMock()
        const client = yield* clientOf(server, transport)
        const { conversation } = yield* fixtures(client)
        const typing = yield* client.liveChat.typing({
          conversationId: conversation.id,
          visitorId: "v1",
          isTyping: true
        })
        expect(typing.success).toBe(true)

        const created = yield* client.preferences.createCustomSubtype({
          name: "Release notes",
          channel: "email",
          language: "en"
        })
        const renamed = yield* client.preferences.updateCustomSubtype(created.id, { name: "Changelog" })
        expect(renamed.name).toBe("Changelog")
        const listed = yield* client.preferences.listCustomSubtypes()
        expect(listed.filter((s) => s.id === created.id).map((s) => s.name)).toEqual(["Changelog"])
      }).pipe(Effect.scoped))
  })
}
