/**
 * The call-media reads of the messages group: recording (a byte stream), transcription (JSON), transcription
 * download (text).
 *
 * @since 0.1.0
 * @internal
 */
import * as Effect from "effect/Effect"
import { MessageMediaParams, type Recording, TranscriptionFromWire } from "../../Recording.js"
import type { RecordingOperations } from "../../RecordingOperations.js"
import * as Validate from "../validate.js"
import { type GroupContext, locationOf } from "./groupContext.js"
import { streamed, text } from "./responseKinds.js"
import { idempotent, inputOf, responseOf, spanOf } from "./run.js"

const routes = {
  recording: "/conversations/messages/{messageId}/locations/{locationId}/recording",
  transcription: "/conversations/locations/{locationId}/messages/{messageId}/transcription",
  download: "/conversations/locations/{locationId}/messages/{messageId}/transcription/download"
} as const

const transcriptionBody = responseOf(TranscriptionFromWire)
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
        idempotent(context, {
          operation: "messages.recording",
          method: "GET",
          path: `/conversations/messages/${message}/locations/${location}/recording`,
          response: streamedBody
        }, true),
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
      return yield* idempotent(context, {
        operation: "messages.transcription",
        method: "GET",
        path: `/conversations/locations/${location}/messages/${message}/transcription`,
        response: transcriptionBody
      }, true)
    }
  )

  const downloadTranscription = Effect.fn(
    "ConversationsClient.messages.downloadTranscription",
    spanOf("GET", routes.download)
  )(function*(messageId: string, params?: MessageMediaParams) {
    const { location, message } = yield* segments("messages.downloadTranscription", messageId, params)
    return yield* idempotent(context, {
      operation: "messages.downloadTranscription",
      method: "GET",
      path: `/conversations/locations/${location}/messages/${message}/transcription/download`,
      response: text
    }, true)
  })

  return { recording, transcription, downloadTranscription }
}
