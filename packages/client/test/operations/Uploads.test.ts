/**
 * The upload operations against a local server: the multipart upload (the fields and `fileAttachment` parts the
 * server parses, the exact `Content-Length` of a body built as a stream, a `Blob` streamed from its source), the
 * limits checked before anything is sent, 413/415 as `UploadRejectedError`, and the signed-URL flow end to end (the
 * `PUT` goes to the URL as handed out, carries no token, and is retried like a read).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as FetchTransport from "../../src/FetchTransport.js"
import { uploadLimits } from "../../src/Upload.js"
import { TOKEN } from "../utils/harness.js"
import { at, formDataOf, rawServer, sendJson } from "../utils/RawServer.js"
import { clientAt, LOCATION } from "./support.js"

const CONVERSATION = "ve9EPM428h8vShlRW1KT"

const bytes = (n: number, seed = 7): Uint8Array<ArrayBuffer> => {
  const array = new Uint8Array(n)
  for (let i = 0; i < n; i++) array[i] = (i * seed + 3) % 256
  return array
}

const transports = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici],
  ["lean fetch", FetchTransport.layer]
] as const

describe("uploads.upload (multipart)", () => {
  for (const [name, transport] of transports) {
    it.live(`over ${name}: the server parses every field and every fileAttachment part, bytes intact`, () =>
      Effect.gen(function*() {
        const server = yield* rawServer((_req, res) =>
          sendJson(res, 200, {
            uploadedFiles: { "a.png": "https://cdn.test/a.png", "b.pdf": "https://cdn.test/b.pdf" },
            traceId: "trace-up"
          })
        )
        const client = yield* clientAt(server.baseUrl, {}, transport)
        const png = bytes(70_000)
        const pdf = new Blob([bytes(1234, 11)], { type: "application/pdf" })
        const result = yield* client.uploads.upload({
          conversationId: CONVERSATION,
          contactId: "Jh3Kk2Lm9Nq4Rs7Tv1Wx",
          chatServiceSid: "IS0123",
          files: [
            { filename: "a.png", contentType: "image/png", data: png },
            { filename: "b \"quoted\".pdf", contentType: "application/pdf", data: pdf }
          ]
        })
        expect(result.uploadedFiles).toEqual({ "a.png": "https://cdn.test/a.png", "b.pdf": "https://cdn.test/b.pdf" })
        expect(result.traceId).toBe("trace-up")

        const request = at(server.requests, 0)
        expect(request.method).toBe("POST")
        expect(request.path).toBe("/conversations/messages/upload")
        expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`)
        expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/)
        // undici sends the length the body was built with; fetch streams it chunked. Either way it is exact.
        if (request.headers["content-length"] !== undefined) {
          expect(Number(request.headers["content-length"])).toBe(request.body.byteLength)
        }
        const form = yield* Effect.promise(() => formDataOf(request))
        expect(form.get("conversationId")).toBe(CONVERSATION)
        expect(form.get("locationId")).toBe(LOCATION)
        expect(form.get("contactId")).toBe("Jh3Kk2Lm9Nq4Rs7Tv1Wx")
        expect(form.get("chatServiceSid")).toBe("IS0123")
        const files = form.getAll("fileAttachment") as Array<File>
        expect(files.map((file) => file.name)).toEqual(["a.png", "b \"quoted\".pdf"])
        expect(files.map((file) => file.type)).toEqual(["image/png", "application/pdf"])
        const received = yield* Effect.promise(() => Promise.all(files.map((file) => file.arrayBuffer())))
        expect(Buffer.from(at(received, 0)).equals(Buffer.from(png))).toBe(true)
        expect(Buffer.from(at(received, 1)).equals(Buffer.from(bytes(1234, 11)))).toBe(true)
      }).pipe(Effect.scoped))
  }

  it.live("a file at exactly the size limit is sent; one byte more is refused before sending", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) => sendJson(res, 200, { uploadedFiles: { "max.zip": "u" } }))
      const client = yield* clientAt(server.baseUrl)
      const atLimit = new Blob([new Uint8Array(uploadLimits.maxFileBytes)])
      yield* client.uploads.upload({ conversationId: CONVERSATION, files: [{ filename: "max.zip", data: atLimit }] })
      expect(server.requests).toHaveLength(1)
      expect(at(server.requests, 0).body.byteLength).toBeGreaterThan(uploadLimits.maxFileBytes)

      const over = new Blob([new Uint8Array(uploadLimits.maxFileBytes + 1)])
      const error = yield* Effect.flip(
        client.uploads.upload({ conversationId: CONVERSATION, files: [{ filename: "over.zip", data: over }] })
      )
      expect(error._tag).toBe("InvalidInputError")
      expect(error.message).toContain("files.0.data")
      expect(error.message).toContain(`at most ${uploadLimits.maxFileBytes} bytes`)
      expect(server.requests).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("the file count: the limit is sent, one more is refused; a group SMS takes one file", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res) => sendJson(res, 200, { uploadedFiles: {} }))
      const client = yield* clientAt(server.baseUrl)
      const file = (i: number) => ({ filename: `f${i}.txt`, data: bytes(10, i) })
      const files = Array.from({ length: uploadLimits.maxFiles }, (_, i) => file(i))
      yield* client.uploads.upload({ conversationId: CONVERSATION, files: [file(99), ...files.slice(1)] })
      const form = yield* Effect.promise(() => formDataOf(at(server.requests, 0)))
      expect(form.getAll("fileAttachment")).toHaveLength(uploadLimits.maxFiles)

      const tooMany = yield* Effect.flip(
        client.uploads.upload({ conversationId: CONVERSATION, files: [file(100), ...files] })
      )
      expect(tooMany.message).toContain("files")
      const groupSms = yield* Effect.flip(
        client.uploads.upload({ conversationId: CONVERSATION, isGroupSms: true, files: [file(1), file(2)] })
      )
      expect(groupSms.message).toContain("files: a group SMS upload takes at most 1 file")
      expect(server.requests).toHaveLength(1)
    }).pipe(Effect.scoped))

  it.live("413 and 415 are UploadRejectedError with the server's message", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((_req, res, i) =>
        sendJson(res, i === 0 ? 413 : 415, {
          status: i === 0 ? 413 : 415,
          message: i === 0 ? "File too large" : "Unsupported file type"
        })
      )
      const client = yield* clientAt(server.baseUrl)
      const send = client.uploads.upload({
        conversationId: CONVERSATION,
        files: [{ filename: "a.txt", data: bytes(5) }]
      })
      const tooLarge = yield* Effect.flip(send)
      expect(tooLarge).toMatchObject({ _tag: "UploadRejectedError", status: 413, reason: "too_large" })
      expect(tooLarge.message).toContain("File too large")
      const unsupported = yield* Effect.flip(send)
      expect(unsupported).toMatchObject({ _tag: "UploadRejectedError", status: 415, reason: "unsupported_type" })
    }).pipe(Effect.scoped))
})

describe("the signed-URL flow", () => {
  it.live("uploadSigned: initiate, PUT to the returned URL as given (no token), complete", () =>
    Effect.gen(function*() {
      const video = bytes(300_000)
      // One server plays both HighLevel and the storage; the signed URL carries an encoded signature.
      const server = yield* rawServer((req, res) => {
        if (req.path === "/conversations/messages/upload/initiate") {
          const host = req.headers.host
          sendJson(res, 200, {
            uploadUrl: `http://${host}/storage/bucket/clip.mp4?X-Goog-Signature=ab%2Fcd%3D&X-Goog-Expires=900`,
            uploadId: "up-1",
            filePath: "location/loc/conversations/conv/up-1.mp4",
            expiresAt: 1_701_619_200_000,
            maxFileSize: 104_857_600
          })
        } else if (req.path.startsWith("/storage/")) {
          res.writeHead(200).end()
        } else {
          sendJson(res, 200, {
            uploadedFiles: { "clip.mp4": "https://cdn.test/clip.mp4" },
            metadata: { size: video.byteLength, contentType: "video/mp4" }
          })
        }
      })
      const client = yield* clientAt(server.baseUrl)
      const done = yield* client.uploads.uploadSigned({
        conversationId: CONVERSATION,
        channel: "WHATSAPP",
        filename: "clip.mp4",
        contentType: "video/mp4",
        data: video
      })
      expect(done.uploadedFiles).toEqual({ "clip.mp4": "https://cdn.test/clip.mp4" })
      expect(done.metadata?.size).toBe(video.byteLength)

      const initiate = at(server.requests, 0)
      const put = at(server.requests, 1)
      const complete = at(server.requests, 2)
      expect(initiate.path).toBe("/conversations/messages/upload/initiate")
      expect(JSON.parse(initiate.body.toString())).toEqual({
        conversationId: CONVERSATION,
        filename: "clip.mp4",
        contentType: "video/mp4",
        fileSize: video.byteLength,
        channel: "WHATSAPP",
        locationId: LOCATION
      })
      expect(put.method).toBe("PUT")
      expect(put.target).toBe("/storage/bucket/clip.mp4?X-Goog-Signature=ab%2Fcd%3D&X-Goog-Expires=900")
      expect(put.headers.authorization).toBeUndefined()
      expect(put.headers.version).toBeUndefined()
      expect(put.headers["content-type"]).toBe("video/mp4")
      expect(put.body.equals(Buffer.from(video))).toBe(true)
      expect(complete.path).toBe("/conversations/messages/upload/complete")
      expect(JSON.parse(complete.body.toString())).toEqual({
        uploadId: "up-1",
        filePath: "location/loc/conversations/conv/up-1.mp4",
        conversationId: CONVERSATION,
        filename: "clip.mp4",
        locationId: LOCATION
      })
    }).pipe(Effect.scoped))

  it.live("a file over the channel's limit is refused before initiate; over the answer's maxFileSize before the PUT", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((req, res) =>
        sendJson(res, 200, {
          uploadUrl: `http://${req.headers.host}/storage/x`,
          uploadId: "up-2",
          filePath: "p",
          expiresAt: 1_701_619_200_000,
          maxFileSize: 1000
        })
      )
      const client = yield* clientAt(server.baseUrl)
      const overChannel = yield* Effect.flip(client.uploads.uploadSigned({
        conversationId: CONVERSATION,
        channel: "SMS",
        filename: "big.mp4",
        contentType: "video/mp4",
        data: new Blob([new Uint8Array(uploadLimits.signedMaxFileBytes + 1)])
      }))
      expect(overChannel.message).toContain("data: must be at most 5242880 bytes for channel SMS")
      expect(server.requests).toHaveLength(0)

      const overAnswer = yield* Effect.flip(client.uploads.uploadSigned({
        conversationId: CONVERSATION,
        channel: "SMS",
        filename: "small.mp4",
        contentType: "video/mp4",
        data: bytes(1001)
      }))
      expect(overAnswer._tag).toBe("InvalidInputError")
      expect(overAnswer.message).toContain("data: must be at most 1000 bytes")
      // The initiate went out; no PUT, no complete.
      expect(server.requests.map((r) => r.path)).toEqual(["/conversations/messages/upload/initiate"])
    }).pipe(Effect.scoped))

  it.live("putSigned is retried like a read after a 503; complete's 404 is NotFoundError", () =>
    Effect.gen(function*() {
      const server = yield* rawServer((req, res, i) => {
        if (req.method === "PUT") {
          if (i === 0) sendJson(res, 503, { message: "busy" })
          else res.writeHead(200).end()
        } else sendJson(res, 404, { statusCode: 404, message: "File not found in storage" })
      })
      const client = yield* clientAt(server.baseUrl, {
        retry: { maxRetries: 2, baseDelay: "5 millis", maxDelay: "10 millis" }
      })
      yield* client.uploads.putSigned({
        uploadUrl: `${server.baseUrl}/storage/y`,
        contentType: "text/plain",
        data: bytes(10)
      })
      expect(server.requests.map((r) => r.method)).toEqual(["PUT", "PUT"])
      const missing = yield* Effect.flip(client.uploads.complete({
        uploadId: "u",
        filePath: "p",
        conversationId: CONVERSATION,
        filename: "y.txt"
      }))
      expect(missing._tag).toBe("NotFoundError")
    }).pipe(Effect.scoped))
})
