/**
 * The call-media reads of the `messages` group: a recording as a byte stream, a transcription decoded, a
 * transcription downloaded as text.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { NotFoundError, RequestError } from "./ConversationsError.js"
import type { MessageId } from "./Ids.js"
import type { MessageMediaParams, Recording, TranscriptionSentence } from "./Recording.js"

/**
 * The failures of `messages.recording`: a 404 is a message without a recording (or an unknown message).
 *
 * @since 0.1.0
 * @category errors
 */
export type GetRecordingError = RequestError | NotFoundError

/**
 * The failures of `messages.transcription`.
 *
 * @since 0.1.0
 * @category errors
 */
export type GetTranscriptionError = RequestError | NotFoundError

/**
 * The failures of `messages.downloadTranscription`.
 *
 * @since 0.1.0
 * @category errors
 */
export type DownloadTranscriptionError = RequestError | NotFoundError

/**
 * The recording and transcription operations (scope `conversations/message.readonly`). Each takes the message id
 * and the location (the client's default when left out), both checked before anything is sent.
 *
 * @since 0.1.0
 * @category models
 */
export interface RecordingOperations {
  /**
   * `GET /conversations/messages/{messageId}/locations/{locationId}/recording`: the call's audio with its content
   * type, as a stream of bytes. The stream lives in the caller's scope: closing it aborts a body not read whole.
   * Retried like a read up to the head; once the head arrived the bytes are the caller's to read.
   */
  readonly recording: (
    messageId: MessageId | string,
    params?: MessageMediaParams
  ) => Effect.Effect<Recording, GetRecordingError, Scope.Scope>
  /** `GET /conversations/locations/{locationId}/messages/{messageId}/transcription`: the sentences, in order. */
  readonly transcription: (
    messageId: MessageId | string,
    params?: MessageMediaParams
  ) => Effect.Effect<ReadonlyArray<TranscriptionSentence>, GetTranscriptionError>
  /** `GET /conversations/locations/{locationId}/messages/{messageId}/transcription/download`: the text file. */
  readonly downloadTranscription: (
    messageId: MessageId | string,
    params?: MessageMediaParams
  ) => Effect.Effect<string, DownloadTranscriptionError>
}
