/**
 * On the mock only (its seeded calls have recordings; a real location may have none): a connected call's recording
 * streams a WAV of the declared length, its transcription decodes the sentences in order, and the download is the
 * same text; a message without a recording and an unknown id are NotFoundErrors.
 */
import { describe, expect } from "@effect/vitest"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { failureOf, type It, unknownId, withClient } from "./support.js"
import { Target } from "./Target.js"

/** Registers these tests in the suite of one mock target. */
export const mediaReadTests = (it: It) => {
  // A seeded connected call and a seeded SMS of the target's location.
  const seeded = Effect.gen(function*() {
    const target = yield* Target
    const view = yield* Effect.orDieWith(target.mock, () => "not a mock target")
    const messages = view.store.conversationsOf(target.locationId).flatMap((c) => view.store.messagesOf(c.id))
    const call = messages.find((m) => m.messageType === "TYPE_CALL" && Number(m.meta?.call?.duration ?? 0) > 0)
    const sms = messages.find((m) => m.messageType === "TYPE_SMS")
    if (call === undefined || sms === undefined) return yield* Effect.dieMessage("the seed has no connected call")
    return { call, sms }
  })

  describe("call media (mock only)", () => {
    it.effect("the recording is a WAV of its declared length", () =>
      Effect.gen(function*() {
        const { call } = yield* seeded
        const bytes = yield* withClient((c) =>
          Effect.scoped(Effect.gen(function*() {
            const recording = yield* c.messages.recording(call.id)
            expect(recording.contentType).toBe("audio/x-wav")
            const chunks = yield* Stream.runCollect(recording.bytes)
            return { declared: recording.contentLength, wav: Buffer.concat(Chunk.toReadonlyArray(chunks)) }
          }))
        )
        expect(bytes.wav.subarray(0, 4).toString("ascii")).toBe("RIFF")
        expect(bytes.wav.byteLength).toBe(bytes.declared)
      }))

    it.effect("the transcription's sentences, in order, are the text of the download", () =>
      Effect.gen(function*() {
        const { call } = yield* seeded
        const sentences = yield* withClient((c) => c.messages.transcription(call.id))
        expect(sentences.length).toBeGreaterThan(0)
        const text = yield* withClient((c) => c.messages.downloadTranscription(call.id))
        let from = 0
        for (const sentence of sentences) {
          const at = text.indexOf(sentence.transcript, from)
          expect(at, sentence.transcript).toBeGreaterThanOrEqual(from)
          from = at + sentence.transcript.length
        }
      }))

    it.effect("a message without a recording and an unknown id are NotFoundErrors, for each of the three", () =>
      Effect.gen(function*() {
        const { sms } = yield* seeded
        for (const id of [sms.id, unknownId]) {
          const recording = yield* failureOf(withClient((c) => Effect.scoped(c.messages.recording(id))))
          const transcription = yield* failureOf(withClient((c) => c.messages.transcription(id)))
          const download = yield* failureOf(withClient((c) => c.messages.downloadTranscription(id)))
          expect([recording._tag, transcription._tag, download._tag]).toEqual(Array(3).fill("NotFoundError"))
        }
        expect(Option.isSome((yield* Target).mock)).toBe(true)
      }))
  })
}
