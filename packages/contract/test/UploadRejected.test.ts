/**
 * `UploadRejectedError` is one of the client's errors: when the server's upload limits are tighter than the ones the
 * client checks (here a mock over HTTP capped at 1,000 bytes per file and 1,500 per location, where the client allows 5 MiB),
 * the multipart upload and the signed-URL initiate fail with it, it belongs to the `ConversationsError` union (a
 * `switch` over that union's tags names it: this file would not compile otherwise) and `isConversationsError` knows
 * it, and the 413 body it came from is the documented one.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { ConversationsClient, ConversationsError } from "@highlevel-effect/client"
import { HighLevelMock, MockHttpServer } from "@highlevel-effect/mock-server"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Conformance from "../src/Conformance.js"

const maxFileBytes = 1_000
const maxBytesPerLocation = 1_500

/** A mock with tight upload caps on 127.0.0.1 port 0 and a client of it, both closed with the test's scope. */
const setup = Effect.gen(function*() {
  const mock = HighLevelMock.make({
    seed: 3,
    conversations: 4,
    messagesPerConversation: 2,
    rateLimit: false,
    uploads: { maxFileBytes, maxBytesPerLocation }
  })
  const server = yield* Effect.acquireRelease(
    Effect.promise(() => MockHttpServer.listen(mock, { port: 0, host: "127.0.0.1" })),
    (running) => Effect.promise(() => running.close())
  )
  const client = yield* ConversationsClient.make({
    token: Redacted.make(mock.credentials.token),
    baseUrl: server.url,
    locationId: mock.credentials.locationId,
    rateLimit: false,
    retry: false,
    timeout: "10 seconds"
  }).pipe(Effect.provide(yield* Layer.build(NodeHttpClient.layerUndici)))
  const conversationId = mock.locations[0]?.conversationIds[0]
  if (conversationId === undefined) return yield* Effect.dieMessage("the seed has no conversation")
  return { client, conversationId, server }
})

// Every tag of the union, spelled out: a tag missing from `ConversationsError` is a compile error here.
const kindOf = (error: ConversationsError.ConversationsError): string => {
  switch (error._tag) {
    case "UploadRejectedError":
      return `upload rejected: ${error.reason}`
    case "InvalidInputError":
    case "InvalidRequestError":
    case "UnauthorizedError":
    case "ForbiddenError":
    case "NotFoundError":
    case "RateLimitError":
    case "DailyBudgetError":
    case "ServerError":
    case "UnexpectedStatusError":
    case "TransportError":
    case "DecodeError":
    case "ResponseTooLargeError":
    case "PaginationStalled":
    case "PaginationCursorMissing":
    case "WriteOutcomeUnknownError":
    case "ConversationExistsError":
      return error._tag
  }
}

const bytes = (n: number) => new Uint8Array(n).fill(7)

describe("UploadRejectedError, a ConversationsError", () => {
  it.scoped("a file over the server's cap (not the client's) fails the multipart upload with it, 413 too_large", () =>
    Effect.gen(function*() {
      const { client, conversationId } = yield* setup
      const error = yield* Effect.flip(client.uploads.upload({
        conversationId,
        files: [{ filename: "big.png", contentType: "image/png", data: bytes(maxFileBytes + 1) }]
      }))
      expect(error).toMatchObject({ _tag: "UploadRejectedError", status: 413, reason: "too_large" })
      expect(error.message).toContain(`over ${maxFileBytes} bytes`)
      expect(ConversationsError.isConversationsError(error)).toBe(true)
      if (!ConversationsError.isConversationsError(error)) return
      expect(kindOf(error)).toBe("upload rejected: too_large")
      // The documented body (`UploadFilesErrorResponseDto`: `{status, message}`) is what the error was built from.
      const body = error._tag === "UploadRejectedError" ? error.body : undefined
      expect(Conformance.validateResponse("upload-file-attachments", 413, JSON.parse(body ?? "null"))).toEqual([])
    }))

  it.scoped("a signed upload over the location's quota fails at initiate with it", () =>
    Effect.gen(function*() {
      const { client, conversationId } = yield* setup
      const small = { conversationId, channel: "SMS", contentType: "text/plain" } as const
      yield* client.uploads.uploadSigned({ ...small, filename: "a.txt", data: bytes(maxFileBytes) })
      const exit = yield* Effect.exit(client.uploads.initiate({
        ...small,
        filename: "b.txt",
        fileSize: maxBytesPerLocation - maxFileBytes + 1
      }))
      const failure = Exit.isFailure(exit) ? Cause.failureOption(exit.cause) : Option.none()
      const error = Option.getOrThrow(failure)
      expect(error).toMatchObject({ _tag: "UploadRejectedError", status: 413, reason: "too_large" })
      expect(error.message).toContain(`Storage quota of ${maxBytesPerLocation} bytes`)
      // Found in a Cause as any other error of the client.
      expect(
        Exit.isFailure(exit) && Cause.failures(exit.cause).pipe((all) =>
          [...all].every(
            ConversationsError.isConversationsError
          )
        )
      ).toBe(true)
    }))

  it("other values with the same tag are not the client's errors", () => {
    expect(ConversationsError.isConversationsError({ _tag: "UploadRejectedError", status: 413 })).toBe(false)
  })
})
