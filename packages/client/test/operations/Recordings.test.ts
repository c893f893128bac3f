/**
 * The call-media reads of `client.messages` against a local server: the recording handed over as a stream of bytes
 * while the server is still sending it (never buffered whole), with its content type and file name; a recording left
 * unread aborted when its scope closes; a stalled body failing on the idle timeout; the transcription decoded from
 * either shape; the transcription download as text.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as FetchTransport from "../../src/FetchTransport.js"
import { at, rawServer, sendJson } from "../utils/RawServer.js"
import { clientAt, LOCATION } from "./support.js"

const transports = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici],
  ["lean fetch", FetchTransport.layer]
] as const

const audio = (n: number, offset = 0): Buffer => {
  const bytes = Buffer.alloc(n)
  for (let i = 0; i < n; i++) bytes[i] = (i + offset) % 251
  return bytes
}

// Polls a condition a bounded number of times (the server's close event arrives after the client's abort).
const eventually = (condition: () => boolean) =>
  Effect.gen(function*() {
    for (let i = 0; i < 100 && !condition(); i++) yield* Effect.sleep("20 millis")
    return condition()
  })

describe("messages.recording", () => {
  for (const [name, transport] of transports) {
    it.live(`over ${name}: the first bytes arrive while the server still holds the rest`, () =>
      Effect.gen(function*() {
        const first = audio(16_384)
        const rest = audio(100_000, 7)
        const release = yield* Deferred.make<void>()
        let ended = false
        const server = yield* rawServer((_req, res) => {
          res.writeHead(200, {
            "content-type": "audio/x-wav",
            "content-length": String(first.length + rest.length),
            "content-disposition": "attachment; filename=audio.wav"
          })
          res.write(first)
          // The rest only once the test has seen the first bytes.
          Effect.runFork(Effect.andThen(Deferred.await(release), () => {
            ended = true
            res.end(rest)
          }))
        })
        const client = yield* clientAt(server.baseUrl, {}, transport)
        const recording = yield* client.messages.recording("callMsg0000000000001")
        expect(recording.contentType).toBe("audio/x-wav")
        expect(recording.filename).toBe("audio.wav")
        expect(recording.contentLength).toBe(first.length + rest.length)
        expect(at(server.requests, 0).target).toBe(
          `/conversations/messages/callMsg0000000000001/locations/${LOCATION}/recording`
        )

        const pull = yield* Stream.toPull(recording.bytes)
        let received = Buffer.alloc(0)
        for (let i = 0; i < 100 && received.length < first.length; i++) {
          received = Buffer.concat([received, ...Chunk.toReadonlyArray(yield* pull)])
        }
        expect(received.equals(first)).toBe(true)
        expect(ended).toBe(false)

        yield* Deferred.succeed(release, undefined)
        const chunks: Array<Uint8Array> = []
        for (let i = 0; i < 10_000; i++) {
          const next = yield* Effect.option(pull)
          if (Option.isNone(next)) break
          chunks.push(...Chunk.toReadonlyArray(next.value))
        }
        expect(Buffer.concat(chunks).equals(rest)).toBe(true)
      }).pipe(Effect.scoped))
  }

  it.live("a recording left unread is aborted when its scope closes", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) => {
        res.writeHead(200, { "content-type": "audio/x-wav" })
        // Never ends: only the client's abort closes this answer.
        res.write(audio(1024))
      })
      const client = yield* clientAt(server.baseUrl)
      const recording = yield* Effect.scoped(client.messages.recording("m1", { locationId: "L2" }))
      expect(recording.contentType).toBe("audio/x-wav")
      expect(yield* eventually(() => server.aborted() === 1)).toBe(true)
      expect(at(server.requests, 0).path).toBe("/conversations/messages/m1/locations/L2/recording")
    }).pipe(Effect.scoped))

  it.live("a body that stalls fails with TransportError(timeout) after the client's timeout", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) => {
        res.writeHead(200, { "content-type": "audio/mpeg" })
        res.write(audio(10))
      })
      const client = yield* clientAt(server.baseUrl, { timeout: "300 millis" })
      const recording = yield* client.messages.recording("m1")
      const error = yield* Effect.flip(Stream.runDrain(recording.bytes))
      expect(error).toMatchObject({ _tag: "TransportError", reason: "timeout", operation: "messages.recording" })
    }).pipe(Effect.scoped))

  it.live("no recording (404) is NotFoundError; no Content-Type reads as application/octet-stream", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res, i) =>
        i === 0 ? sendJson(res, 404, { statusCode: 404, message: "Recording not found" }) : res.end(audio(3))
      )
      const client = yield* clientAt(server.baseUrl)
      const missing = yield* Effect.flip(client.messages.recording("m1"))
      expect(missing._tag).toBe("NotFoundError")
      const bare = yield* client.messages.recording("m2")
      expect(bare.contentType).toBe("application/octet-stream")
      expect(bare.filename).toBeUndefined()
      const bytes = yield* Stream.runCollect(bare.bytes)
      expect(Buffer.concat(Chunk.toReadonlyArray(bytes)).equals(audio(3))).toBe(true)
    }).pipe(Effect.scoped))
})

describe("messages.transcription and downloadTranscription", () => {
  it.live("an array of sentences, and the single object the spec documents, with numbers as strings", () =>
    Effect.gen(function*() {
      const sentence = (i: number) => ({
        mediaChannel: 1,
        sentenceIndex: i,
        startTime: `${i * 1000}`,
        endTime: i * 1000 + 900,
        transcript: `Sentence ${i}.`,
        confidence: "0.9"
      })
      const server = yield* rawServer((_req, res, i) =>
        sendJson(res, 200, i === 0 ? [sentence(0), sentence(1)] : sentence(5))
      )
      const client = yield* clientAt(server.baseUrl)
      const many = yield* client.messages.transcription("m1")
      expect(many.map((s) => [s.sentenceIndex, s.startTime, s.transcript, s.confidence])).toEqual([
        [0, 0, "Sentence 0.", 0.9],
        [1, 1000, "Sentence 1.", 0.9]
      ])
      const one = yield* client.messages.transcription("m1")
      expect(one.map((s) => s.transcript)).toEqual(["Sentence 5."])
      expect(at(server.requests, 0).target).toBe(`/conversations/locations/${LOCATION}/messages/m1/transcription`)
    }).pipe(Effect.scoped))

  it.live("a sentence without its transcript is a DecodeError naming it", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) => sendJson(res, 200, [{ sentenceIndex: 0 }]))
      const client = yield* clientAt(server.baseUrl)
      const error = yield* Effect.flip(client.messages.transcription("m1"))
      expect(error._tag).toBe("DecodeError")
      expect(error.message).toContain("transcript")
    }).pipe(Effect.scoped))

  it.live("downloadTranscription returns the text file as sent", () =>
    Effect.gen(function*() {
      const text = "Agent: Hello, how can I help?\nCaller: Ünïcode “quotes” too.\n"
      const server = yield* rawServer((_req, res) =>
        res.writeHead(200, {
          "content-type": "text/plain; charset=utf-8",
          "content-disposition": "attachment; filename=\"transcription.txt\""
        }).end(text)
      )
      const client = yield* clientAt(server.baseUrl)
      expect(yield* client.messages.downloadTranscription("m1", { locationId: "L9" })).toBe(text)
      expect(at(server.requests, 0).target).toBe("/conversations/locations/L9/messages/m1/transcription/download")
    }).pipe(Effect.scoped))
})
