/**
 * On the mock: the uploads and the live-chat typing indicator. A multipart upload and a signed upload are read back
 * (the URL each answers serves the same bytes); a complete without the PUT is a NotFoundError, an unknown
 * conversation a 404; eleven files are refused before sending. Typing answers success, and NotFoundError for an unknown
 * conversation (it changes nothing a read can show).
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describe, expect } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { failureOf, type It, statusOf, unknownId, withClient } from "./support.js"
import { Target } from "./Target.js"
import { mockLocation, sentCount } from "./writeSupport.js"

const bytes = (n: number): Uint8Array<ArrayBuffer> => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff)

// A stored file, downloaded through the target's own transport (msw intercepts it in-process).
const download = (url: string) =>
  Effect.flatMap(Target, (target) =>
    target.transport.execute(HttpClientRequest.get(url)).pipe(
      Effect.flatMap((response) => response.arrayBuffer),
      Effect.map((buffer) => new Uint8Array(buffer)),
      Effect.scoped,
      Effect.orDie
    ))

/** Registers these tests in the writes suite of one mock target. */
export const mediaWrites = (it: It) => {
  // Not the first conversation: its contact is the writes' subject, and a conversations test deletes it.
  const conversationId = Effect.map(mockLocation, ({ location }) => location.conversationIds.at(-1) ?? "")

  describe("mock only: uploads and typing", () => {
    it.effect("a multipart upload answers a URL per file, and each URL serves that file's bytes", () =>
      Effect.gen(function*() {
        const png = bytes(3_000)
        const pdf = bytes(1_200).reverse()
        const id = yield* conversationId
        const uploaded = yield* withClient((c) =>
          c.uploads.upload({
            conversationId: id,
            files: [
              { filename: "shot.png", contentType: "image/png", data: png },
              { filename: "terms.pdf", contentType: "application/pdf", data: pdf }
            ]
          })
        )
        expect(Object.keys(uploaded.uploadedFiles).sort()).toEqual(["shot.png", "terms.pdf"])
        expect(yield* download(uploaded.uploadedFiles["shot.png"] ?? "")).toEqual(png)
        expect(yield* download(uploaded.uploadedFiles["terms.pdf"] ?? "")).toEqual(pdf)
      }))

    it.effect("a signed upload (initiate, PUT, complete) answers a URL that serves the bytes", () =>
      Effect.gen(function*() {
        const data = bytes(20_000)
        const id = yield* conversationId
        const completed = yield* withClient((c) =>
          c.uploads.uploadSigned({
            conversationId: id,
            channel: "SMS",
            filename: "clip.mp4",
            contentType: "video/mp4",
            data
          })
        )
        expect(yield* download(completed.uploadedFiles["clip.mp4"] ?? "")).toEqual(data)
      }))

    it.effect("complete without the PUT is a NotFoundError, an upload to an unknown conversation a 404", () =>
      Effect.gen(function*() {
        const id = yield* conversationId
        const initiated = yield* withClient((c) =>
          c.uploads.initiate({ conversationId: id, channel: "SMS", filename: "a.txt", contentType: "text/plain" })
        )
        const incomplete = yield* failureOf(withClient((c) =>
          c.uploads.complete({
            uploadId: initiated.uploadId,
            filePath: initiated.filePath,
            conversationId: id,
            filename: "a.txt"
          })
        ))
        const unknown = yield* failureOf(
          withClient((c) =>
            c.uploads.upload({ conversationId: unknownId, files: [{ filename: "a.txt", data: bytes(3) }] })
          )
        )
        expect([incomplete._tag, unknown._tag, statusOf(unknown)]).toEqual(["NotFoundError", "NotFoundError", 404])
      }))

    it.effect("eleven files are refused before anything is sent", () =>
      Effect.gen(function*() {
        const id = yield* conversationId
        const before = yield* sentCount
        const file = (i: number) => ({ filename: `f${i}.txt`, data: bytes(2) })
        const files = [file(0), ...Array.from({ length: 10 }, (_, i) => file(i + 1))] as const
        const error = yield* failureOf(withClient((c) => c.uploads.upload({ conversationId: id, files })))
        expect(error._tag).toBe("InvalidInputError")
        expect(yield* sentCount).toBe(before)
      }))

    it.effect("live-chat typing answers success; for an unknown conversation a NotFoundError", () =>
      Effect.gen(function*() {
        const id = yield* conversationId
        const typing = { visitorId: "visitor-1", isTyping: true } as const
        const result = yield* withClient((c) => c.liveChat.typing({ ...typing, conversationId: id }))
        expect(result.success).toBe(true)
        const unknown = yield* failureOf(withClient((c) => c.liveChat.typing({ ...typing, conversationId: unknownId })))
        expect(unknown._tag).toBe("NotFoundError")
      }))
  })
}
