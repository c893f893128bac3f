/**
 * The call-media reads of the messages group: recording (a byte stream), transcription (JSON), transcription
 * download (text).
 *
 * @since 0.1.0
 * @internal
 */
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import { MessageMediaParams, type Recording, TranscriptionFromWire } from "../../Recording.js"
import type { RecordingOperations } from "../../RecordingOperations.js"
import * as Validate from "../validate.js"
import { type GroupContext, spanOf } from "./groupContext.js"
import { jsonOf, streamed, text } from "./responseKinds.js"
import { inputOf, locationOf } from "./validateInput.js"

const routes = {
  recording: "/conversations/messages/{messageId}/locations/{locationId}/recording",
  transcription: "/conversations/locations/{locationId}/messages/{messageId}/transcription",
  download: "/conversations/locations/{locationId}/messages/{messageId}/transcription/download"
} as const

const transcriptionBody = jsonOf(TranscriptionFromWire)
const validateParams = inputOf(MessageMediaParams)

// `attachment; filename="audio.wav"` (quoted or not) → `audio.wav`.
const filenameOf = (disposition: string | undefined): string | undefined => {
  if (disposition === undefined) return undefined
  const match = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(disposition)
  return match?.[1] ?? match?.[2]
}

/**
 * @internal
 */
export const make = (context: GroupContext): RecordingOperations => {
  const streamedBody = streamed(context.timeout)

  // The two path segments, checked and encoded; the location falls back to the client's.
  const segments = (operation: string, messageId: string, params: MessageMediaParams | undefined) =>
    Effect.gen(function*() {
      const valid = yield* validateParams(operation, params ?? {})
      const message = yield* Validate.pathSegment(operation, "messageId", messageId)
      const location = yield* Validate.pathSegment(
        operation,
        "locationId",
        yield* locationOf(operation, valid.value.locationId, context.locationId)
      )
      return { message, location }
    })

  const recording = Effect.fn("ConversationsClient.messages.recording", spanOf("GET", routes.recording))(
    function*(messageId: string, params?: MessageMediaParams) {
      const { location, message } = yield* segments("messages.recording", messageId, params)
      // Acquired in the caller's scope: its close aborts a body the caller did not read to the end.
      const body = yield* Effect.acquireRelease(
        context.run({
          operation: "messages.recording",
          request: HttpClientRequest.get(`/conversations/messages/${message}/locations/${location}/recording`),
          response: streamedBody,
          notFoundIsExpected: true
        }),
        (body) => body.release
      )
      const result: Recording = {
        contentType: body.contentType ?? "application/octet-stream",
        contentLength: body.contentLength,
        filename: filenameOf(body.contentDisposition),
        bytes: body.bytes
      }
      return result
    }
  )

  const transcription = Effect.fn("ConversationsClient.messages.transcription", spanOf("GET", routes.transcription))(
    function*(messageId: string, params?: MessageMediaParams) {
      const { location, message } = yield* segments("messages.transcription", messageId, params)
      return yield* context.run({
        operation: "messages.transcription",
        request: HttpClientRequest.get(`/conversations/locations/${location}/messages/${message}/transcription`),
        response: transcriptionBody,
        notFoundIsExpected: true
      })
    }
  )

  const downloadTranscription = Effect.fn(
    "ConversationsClient.messages.downloadTranscription",
    spanOf("GET", routes.download)
  )(function*(messageId: string, params?: MessageMediaParams) {
    const { location, message } = yield* segments("messages.downloadTranscription", messageId, params)
    return yield* context.run({
      operation: "messages.downloadTranscription",
      request: HttpClientRequest.get(`/conversations/locations/${location}/messages/${message}/transcription/download`),
      response: text,
      notFoundIsExpected: true
    })
  })

  return { recording, transcription, downloadTranscription }
}
